//! The public default endpoints cratescope talks to, in one place.
//!
//! This is the only module in the project that names a public host. Every
//! other crate takes its URLs from configuration whose defaults come from
//! here, so a mirror, a proxy or a test server can replace any of them.
//! It deliberately holds no per-endpoint paths (those belong to each client)
//! and no credentials.

/// Root of crates.io's sparse registry index (with the trailing slash the
/// sparse protocol expects: file paths are appended directly).
pub const SPARSE_INDEX: &str = "https://index.crates.io/";

/// Host name of the default sparse index, as cargo uses it to name its
/// `registry/index/<host>-<hash>/` directories.
pub const SPARSE_INDEX_HOST: &str = "index.crates.io";

/// Base of the crates.io web API (no trailing slash).
pub const CRATES_IO_API: &str = "https://crates.io/api/v1";

/// Base of GitHub's REST API (no trailing slash).
pub const GITHUB_API: &str = "https://api.github.com";

/// Base of docs.rs (no trailing slash).
pub const DOCS_RS: &str = "https://docs.rs";

/// Git URL of the RustSec advisory database.
pub const ADVISORY_DB_GIT: &str = "https://github.com/RustSec/advisory-db.git";

/// The crates.io database dump, rebuilt daily (about 1.7 GiB); crates.io's
/// data-access page links it as the way to read the whole registry at once.
pub const DB_DUMP: &str = "https://static.crates.io/db-dump.tar.gz";

/// Default User-Agent: crates.io asks for one that names the tool and a way
/// to reach its authors, and rejects requests without one. The repository
/// URL comes from the package metadata, so a fork names itself.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "cratescope/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_tool_version_and_contact() {
        assert!(
            DEFAULT_USER_AGENT.starts_with(&format!("cratescope/{} ", env!("CARGO_PKG_VERSION")))
        );
        assert!(DEFAULT_USER_AGENT.ends_with(&format!("(+{})", env!("CARGO_PKG_REPOSITORY"))));
        assert!(env!("CARGO_PKG_REPOSITORY").starts_with("https://"));
    }

    #[test]
    fn index_host_matches_index_url() {
        assert_eq!(
            SPARSE_INDEX
                .trim_start_matches("https://")
                .trim_end_matches('/'),
            SPARSE_INDEX_HOST
        );
        assert!(SPARSE_INDEX.ends_with('/'));
    }
}
