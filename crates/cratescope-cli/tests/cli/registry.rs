//! A fake cargo home built by the tests: cargo's `.cache` index files (the
//! binary format of DATA-SOURCES.md §1b) and `.crate` tarballs in
//! `registry/cache`, so `cratescope --offline` reads them as it would on a
//! machine where cargo has fetched these crates.

use std::path::{Path, PathBuf};

use sha2::Digest;

/// The registry directory name cargo ≥ 1.85 uses for the default index.
const REGISTRY_DIR: &str = "index.crates.io-1949cf8c6b5b557f";

pub struct FakeRegistry {
    pub root: tempfile::TempDir,
}

impl FakeRegistry {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("tempdir");
        let me = FakeRegistry { root };
        std::fs::create_dir_all(me.index_dir().join(".cache")).unwrap();
        std::fs::create_dir_all(me.crate_dir()).unwrap();
        me
    }

    pub fn cargo_home(&self) -> PathBuf {
        self.root.path().join("cargo-home")
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.root.path().join("cratescope-cache")
    }

    fn index_dir(&self) -> PathBuf {
        self.cargo_home()
            .join("registry")
            .join("index")
            .join(REGISTRY_DIR)
    }

    pub fn crate_dir(&self) -> PathBuf {
        self.cargo_home()
            .join("registry")
            .join("cache")
            .join(REGISTRY_DIR)
    }

    fn index_path(name: &str) -> String {
        let n = name.to_lowercase();
        match n.len() {
            1 => format!("1/{n}"),
            2 => format!("2/{n}"),
            3 => format!("3/{}/{n}", &n[..1]),
            _ => format!("{}/{}/{n}", &n[..2], &n[2..4]),
        }
    }

    /// Write an index file (one JSON line per version) in cargo's cache format.
    pub fn add_index(&self, name: &str, lines: &str) {
        let mut out = vec![3u8];
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(b"Unknown\0");
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("test index line is JSON");
            let vers = v["vers"].as_str().expect("vers");
            out.extend_from_slice(vers.as_bytes());
            out.push(0);
            out.extend_from_slice(line.as_bytes());
            out.push(0);
        }
        let path = self.index_dir().join(".cache").join(Self::index_path(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, out).unwrap();
    }

    /// Build a `.crate` from files, store it in registry/cache, return its sha256.
    pub fn add_crate(&self, name: &str, version: &str, files: &[(&str, &str)]) -> String {
        let bytes = build_crate(name, version, files);
        let sum = hex::encode(sha2::Sha256::digest(&bytes));
        std::fs::write(
            self.crate_dir().join(format!("{name}-{version}.crate")),
            bytes,
        )
        .unwrap();
        sum
    }
}

pub fn build_crate(name: &str, version: &str, files: &[(&str, &str)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (path, content) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(content.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(1_153_704_088);
        h.set_cksum();
        tar.append_data(
            &mut h,
            format!("{name}-{version}/{path}"),
            content.as_bytes(),
        )
        .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

/// One index line.
pub fn line(
    name: &str,
    vers: &str,
    cksum: &str,
    deps: &str,
    yanked: bool,
    pubtime: &str,
    extra: &str,
) -> String {
    format!(
        r#"{{"name":"{name}","vers":"{vers}","deps":[{deps}],"cksum":"{cksum}","features":{{}},"yanked":{yanked}{extra},"pubtime":"{pubtime}"}}"#
    )
}

/// A normal dependency entry.
pub fn dep(name: &str, req: &str) -> String {
    format!(
        r#"{{"name":"{name}","req":"{req}","features":[],"optional":false,"default_features":true,"target":null,"kind":"normal"}}"#
    )
}

/// The repository's real-format test data (`testdata/`: advisory-db,
/// sparse-index, cratesio-api).
pub fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata"))
}

/// Fetch times vary between runs (they are file times or clock readings).
pub fn redact_times(text: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        if l.trim_start().starts_with("\"fetched_at\"") {
            let indent = &l[..l.len() - l.trim_start().len()];
            let comma = if l.trim_end().ends_with(',') { "," } else { "" };
            out.push_str(&format!("{indent}\"fetched_at\": \"[TIME]\"{comma}\n"));
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

impl FakeRegistry {
    /// Add the real sparse-index files of testdata/ (itoa, semver).
    pub fn add_real_index(&self) {
        for name in ["itoa", "semver"] {
            let text = std::fs::read_to_string(fixtures().join("sparse-index").join(name)).unwrap();
            self.add_index(name, &text);
        }
    }

    /// `failure` 0.1.0 and 0.1.8 (unmaintained per RUSTSEC-2020-0036), 0.1.8
    /// built from this manifest.
    pub fn add_failure(&self, cargo_toml: &str) {
        let files = [
            ("Cargo.toml", cargo_toml),
            (
                "src/lib.rs",
                "//! Errors.\n\n/// The error type.\npub struct Error;\n",
            ),
        ];
        let sum = self.add_crate("failure", "0.1.8", &files);
        let zero = "0".repeat(64);
        let lines = [
            line(
                "failure",
                "0.1.0",
                &zero,
                "",
                false,
                "2017-11-03T00:00:00Z",
                "",
            ),
            line(
                "failure",
                "0.1.8",
                &sum,
                "",
                false,
                "2020-05-02T00:00:00Z",
                "",
            ),
        ];
        self.add_index("failure", &lines.join("\n"));
    }

    /// The binary with this registry as cargo's home, a private cache and
    /// home directory, and the RustSec snapshot; nothing from the caller's
    /// environment leaks in.
    pub fn command(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("cratescope").unwrap();
        cmd.env_clear()
            .env("CARGO_HOME", self.cargo_home())
            .env("CRATESCOPE_CACHE_DIR", self.cache_dir())
            .env("HOME", self.root.path())
            .env("CRATESCOPE_ADVISORY_DB", fixtures().join("advisory-db"))
            .current_dir(self.root.path());
        cmd
    }
}
