//! What the audit needs from each crates.io package's index entry (every
//! version with its yank flag, publish time, `rust-version` and `links`, for
//! yanked findings, upgrades, fix advice and supply-chain evidence; the
//! locked version's dependencies, for the graph's kinds and targets, and its
//! checksum, compared with the lockfile's), and a cache of it per lockfile
//! and day.
//!
//! Why a cache: parsing a few hundred index files (every version's
//! dependency list) is most of a warm audit's time, yet a warm audit needs a
//! handful of fields from them. The cache holds exactly the view of the
//! registry the evaluation cache's cards were computed from: it is keyed by
//! the lockfile's SHA-256, the audit's day, the index URL and offline mode,
//! like those cards, so a yank is seen the next day (or at once with
//! `--no-cache` or `--refresh`). Its content is verified on read (a digest),
//! like the evaluation cache, and any failure is a miss.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cratescope_model::release::{DepKind, Release};
use semver::Version;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::evaluator::EvalOptions;

/// Bump when the layout or the key's inputs change.
const FORMAT: u32 = 2;

/// One dependency the locked version declares (dev-dependencies dropped:
/// cargo never builds them for a published package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexDep {
    /// The real crate name.
    pub name: String,
    /// The requirement, verbatim.
    pub req: String,
    /// Normal or build.
    pub kind: DepKind,
    /// `cfg(…)` or a triple.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// One published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionFacts {
    /// The version.
    pub version: Version,
    /// Yanked.
    pub yanked: bool,
    /// When it was published (None: the index does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pubtime: Option<jiff::Timestamp>,
    /// Its declared `rust-version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_version: Option<String>,
    /// Its `links` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<String>,
}

impl VersionFacts {
    fn of(r: &Release) -> VersionFacts {
        VersionFacts {
            version: r.version.clone(),
            yanked: r.yanked,
            pubtime: r.pubtime,
            rust_version: r.rust_version.clone(),
            links: r.links.clone(),
        }
    }
}

/// One package's index facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageIndexFacts {
    /// Every published version.
    pub versions: Vec<VersionFacts>,
    /// The locked version's dependencies (None: the index lacks that version).
    pub deps: Option<Vec<IndexDep>>,
    /// The locked version's checksum in the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cksum: Option<String>,
}

impl PackageIndexFacts {
    /// From a crate's releases, for its locked version.
    pub fn from_releases(releases: &[Release], locked: &Version) -> PackageIndexFacts {
        PackageIndexFacts {
            versions: releases.iter().map(VersionFacts::of).collect(),
            cksum: releases
                .iter()
                .find(|r| r.version == *locked)
                .map(|r| r.cksum.clone()),
            deps: releases.iter().find(|r| r.version == *locked).map(|r| {
                r.deps
                    .iter()
                    .filter(|d| d.kind != DepKind::Dev)
                    .map(|d| IndexDep {
                        name: d.name.clone(),
                        req: d.req.clone(),
                        kind: d.kind,
                        target: d.target.clone(),
                    })
                    .collect()
            }),
        }
    }

    /// Whether `v` is yanked (None: not in the index).
    pub fn yanked(&self, v: &Version) -> Option<bool> {
        self.version(v).map(|x| x.yanked)
    }

    /// The facts of one version.
    pub fn version(&self, v: &Version) -> Option<&VersionFacts> {
        self.versions.iter().find(|x| x.version == *v)
    }
}

/// `name@version` → facts.
pub type Facts = BTreeMap<String, PackageIndexFacts>;

/// The key of a package in [`Facts`].
pub fn key(name: &str, version: &Version) -> String {
    format!("{name}@{version}")
}

#[derive(Serialize, Deserialize)]
struct Header {
    key: String,
    sha256: String,
    /// Written by an offline run (it may lack what the network would add).
    #[serde(default)]
    offline: bool,
}

/// The cache: one file per (lockfile, day, sources) under `cache_dir/audit-index/`.
#[derive(Debug, Clone)]
pub struct FactsCache {
    path: PathBuf,
    key: String,
    offline: bool,
}

impl FactsCache {
    /// The cache entry for this lockfile text under these options.
    pub fn new(cache_dir: &Path, lockfile_text: &[u8], opts: &EvalOptions) -> FactsCache {
        let key = format!(
            "format={FORMAT};tool={};lockfile={};as_of={};index={}",
            env!("CARGO_PKG_VERSION"),
            hex::encode(Sha256::digest(lockfile_text)),
            opts.as_of,
            opts.index_url
        );
        let name = hex::encode(&Sha256::digest(key.as_bytes())[..12]);
        FactsCache {
            path: cache_dir.join("audit-index").join(format!("{name}.json")),
            key,
            offline: opts.offline,
        }
    }

    /// The stored facts, when present, of this key, and intact.
    pub fn get(&self) -> Option<Facts> {
        let bytes = std::fs::read(&self.path).ok()?;
        let nl = bytes.iter().position(|b| *b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..nl]).ok()?;
        let body = &bytes[nl + 1..];
        // An offline entry never serves an online run: the network may add
        // what the offline run could not read.
        let usable = header.key == self.key && (self.offline || !header.offline);
        (usable && hex::encode(Sha256::digest(body)) == header.sha256)
            .then(|| serde_json::from_slice(body).ok())
            .flatten()
    }

    /// Store facts (atomically).
    pub fn put(&self, facts: &Facts) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let body = serde_json::to_vec(facts).map_err(std::io::Error::other)?;
        let header = Header {
            key: self.key.clone(),
            sha256: hex::encode(Sha256::digest(&body)),
            offline: self.offline,
        };
        let mut bytes = serde_json::to_vec(&header).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        bytes.extend_from_slice(&body);
        cratescope_http::write_atomic(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_round_trip_and_are_verified() {
        let tmp = tempfile::tempdir().unwrap();
        let opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        let cache = FactsCache::new(tmp.path(), b"version = 4\n", &opts);
        assert_eq!(cache.get(), None);
        let mut facts = Facts::new();
        facts.insert(
            key("oldy", &Version::new(0, 2, 0)),
            PackageIndexFacts {
                versions: vec![
                    VersionFacts {
                        version: Version::new(0, 2, 0),
                        yanked: true,
                        pubtime: None,
                        rust_version: None,
                        links: None,
                    },
                    VersionFacts {
                        version: Version::new(0, 2, 1),
                        yanked: false,
                        pubtime: None,
                        rust_version: Some("1.70".into()),
                        links: None,
                    },
                ],
                cksum: None,
                deps: Some(vec![IndexDep {
                    name: "libc".into(),
                    req: "^0.2".into(),
                    kind: DepKind::Normal,
                    target: Some("cfg(unix)".into()),
                }]),
            },
        );
        cache.put(&facts).unwrap();
        assert_eq!(cache.get(), Some(facts.clone()));
        assert_eq!(
            facts["oldy@0.2.0"].yanked(&Version::new(0, 2, 0)),
            Some(true)
        );
        // Another lockfile or day is another entry.
        let other = FactsCache::new(tmp.path(), b"version = 3\n", &opts);
        assert_eq!(other.get(), None);
        // An online entry serves an offline run; an offline one never
        // serves an online run.
        let mut off = opts.clone();
        off.offline = true;
        let offline = FactsCache::new(tmp.path(), b"version = 4\n", &off);
        assert_eq!(offline.get(), Some(facts.clone()));
        offline.put(&facts).unwrap();
        assert_eq!(cache.get(), None);
        cache.put(&facts).unwrap();
        // A damaged body is a miss.
        let text = std::fs::read_to_string(&cache.path).unwrap();
        std::fs::write(&cache.path, text.replace("true", "fals")).unwrap();
        assert_eq!(cache.get(), None);
    }
}
