//! `.crate` download URLs and checksum verification.
//!
//! The URL comes from the registry's `config.json` `dl` template, expanded
//! by cargo's rules; the checksum is the index `cksum` (hex SHA-256 of the
//! file). Deliberately ignored: the crates.io API download endpoint (it only
//! redirects to the same CDN) and the `auth-required` config key (public
//! registries only).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::name::index_prefix;

/// The fields of a registry's `config.json` that we use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryConfig {
    /// Download URL template.
    pub dl: String,
    /// Web API base, if the registry has one.
    #[serde(default)]
    pub api: Option<String>,
}

const MARKERS: [&str; 5] = [
    "{crate}",
    "{version}",
    "{prefix}",
    "{lowerprefix}",
    "{sha256-checksum}",
];

/// Expands a `dl` template for one release. With no marker at all, cargo
/// appends `/{crate}/{version}/download`.
pub fn download_url(dl: &str, name: &str, version: &str, cksum: &str) -> String {
    if !MARKERS.iter().any(|m| dl.contains(m)) {
        return format!("{}/{name}/{version}/download", dl.trim_end_matches('/'));
    }
    let prefix = index_prefix(name);
    dl.replace("{crate}", name)
        .replace("{version}", version)
        .replace("{lowerprefix}", &prefix.to_ascii_lowercase())
        .replace("{prefix}", &prefix)
        .replace("{sha256-checksum}", cksum)
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `cksum` looks like a hex SHA-256 (64 hex digits).
pub fn is_sha256_hex(cksum: &str) -> bool {
    /// A SHA-256 digest is 32 bytes, two hex digits each.
    const SHA256_HEX_LEN: usize = 64;
    cksum.len() == SHA256_HEX_LEN && cksum.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_by_cargo_rules() {
        assert_eq!(
            download_url("https://dl.example/crates", "itoa", "1.0.19", "ab"),
            "https://dl.example/crates/itoa/1.0.19/download"
        );
        assert_eq!(
            download_url("https://dl.example/crates/", "itoa", "1.0.19", "ab"),
            "https://dl.example/crates/itoa/1.0.19/download"
        );
        assert_eq!(
            download_url(
                "http://h/{prefix}/{lowerprefix}/{crate}-{version}.crate?c={sha256-checksum}",
                "Inflector",
                "0.11.4",
                "ff"
            ),
            "http://h/In/fl/in/fl/Inflector-0.11.4.crate?c=ff"
        );
        assert_eq!(
            download_url("http://h/{crate}/{prefix}", "abc", "1.0.0", ""),
            "http://h/abc/3/a"
        );
    }

    #[test]
    fn checksum_shape() {
        assert!(is_sha256_hex(&sha256_hex(b"")));
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(!is_sha256_hex("abc"));
        assert!(!is_sha256_hex(&"g".repeat(64)));
    }
}
