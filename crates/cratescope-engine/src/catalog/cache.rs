//! The evaluation cache of `report`: what was collected for a crate (its
//! facts and warnings), one JSON file per crate version under
//! `cache_dir/report-facts/`, keyed by the same inputs as the audit's
//! evaluation cache ([`crate::audit::cache::CacheKey`]: crate, version, the
//! model in force, the as-of day, the sources and the tool version). Facts
//! rather than the card are kept because the document scores each crate
//! once per category (each category has its own scenarios); scoring is fast,
//! collecting is not.
//!
//! The key is stored beside the facts and compared on read, so a hash
//! collision or an edited file is a miss, never a wrong card.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::audit::cache::CacheKey;
use cratescope_model::{Facts, Message};

#[derive(Serialize, Deserialize)]
struct Entry {
    key: CacheKey,
    facts: Facts,
    #[serde(deserialize_with = "cratescope_model::message::messages_or_text")]
    warnings: Vec<Message>,
}

/// The cache directory.
#[derive(Debug, Clone)]
pub struct FactsCache {
    dir: PathBuf,
}

impl FactsCache {
    /// The cache under `cache_dir/report-facts`.
    pub fn new(cache_dir: &Path) -> FactsCache {
        FactsCache {
            dir: cache_dir.join("report-facts"),
        }
    }

    fn path(&self, key: &CacheKey) -> PathBuf {
        let all = serde_json::to_string(key).unwrap_or_default();
        let hash = all.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        self.dir
            .join(format!("{}-{}-{hash:016x}.json", key.name, key.version))
    }

    /// Cached facts and warnings for exactly this key.
    pub fn get(&self, key: &CacheKey) -> Option<(Facts, Vec<Message>)> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let e: Entry = serde_json::from_slice(&bytes).ok()?;
        (e.key == *key && e.facts.name == key.name && e.facts.version.to_string() == key.version)
            .then_some((e.facts, e.warnings))
    }

    /// Store facts (atomically).
    pub fn put(&self, key: &CacheKey, facts: &Facts, warnings: &[Message]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let e = Entry {
            key: key.clone(),
            facts: facts.clone(),
            warnings: warnings.to_vec(),
        };
        let bytes = serde_json::to_vec(&e).map_err(std::io::Error::other)?;
        cratescope_http::write_atomic(&self.path(key), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluator::EvalOptions;

    fn facts(name: &str, version: &str) -> Facts {
        Facts {
            name: name.into(),
            version: version.parse().unwrap(),
            as_of: jiff::civil::date(2026, 11, 25),
            releases: Vec::new(),
            yanks_unknown: false,
            package: None,
            dependency_latest: None,
            transitive_deps: None,
            git: None,
            advisories: None,
            crates_io: None,
            github: None,
            docs_rs: None,
            dump: None,
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_stored_entry_is_served_for_its_key_only() {
        let t = tempfile::tempdir().unwrap();
        let cache = FactsCache::new(t.path());
        let opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        let v = semver::Version::new(1, 0, 19);
        let key = CacheKey::new("itoa", &v, &opts, None);
        assert!(cache.get(&key).is_none());
        cache
            .put(&key, &facts("itoa", "1.0.19"), &[Message::new("w")])
            .unwrap();
        let (f, w) = cache.get(&key).unwrap();
        assert_eq!(f.name, "itoa");
        assert_eq!(w, [Message::new("w")]);
        // Another day is another key: a miss, never the old facts.
        let mut other = opts.clone();
        other.as_of = jiff::civil::date(2026, 11, 26);
        assert!(
            cache
                .get(&CacheKey::new("itoa", &v, &other, None))
                .is_none()
        );
        // An entry whose facts are of another crate is refused.
        cache.put(&key, &facts("evil", "1.0.19"), &[]).unwrap();
        assert!(cache.get(&key).is_none());
    }
}
