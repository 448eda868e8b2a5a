//! The evaluation cache of `audit`: one JSON file per evaluation under
//! `cache_dir/evaluations/`, keyed by a hash of everything that decides the
//! result (crate, version, the model in force, the as-of day, and which
//! sources were read and how), so a second audit on the same day is a file
//! read per package.
//!
//! The key inputs are stored beside the evaluation and compared on read, so a
//! hash collision is a miss, never a wrong card. Deliberately ignored: the
//! advisory database's content (the key names its path; a database updated
//! during the day is seen the next day or with a fresh cache dir), and
//! eviction (files are small; deleting the directory is safe).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::evaluator::EvalOptions;
use cratescope_model::Evaluation;

/// Bump when the file layout or the key's inputs change.
const CACHE_FORMAT: u32 = 1;

/// What decides an evaluation's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    /// Layout version.
    pub format: u32,
    /// Crate.
    #[serde(rename = "crate")]
    pub name: String,
    /// Exact version.
    pub version: String,
    /// Model version and a hash of the whole model in force (overrides included).
    pub model: String,
    /// Evaluation day.
    pub as_of: String,
    /// Sources: offline or not, git or not, advisory database, endpoints.
    pub sources: String,
}

impl CacheKey {
    /// The key of one crate version under these options.
    pub fn new(name: &str, version: &semver::Version, opts: &EvalOptions) -> CacheKey {
        // The tool's own version too: a new release may compute signals differently
        // under the same model version.
        let model = format!(
            "{}#{:016x}@{}",
            opts.model.version,
            fnv1a(opts.model.to_toml().as_bytes()),
            env!("CARGO_PKG_VERSION")
        );
        // The dump file by size and modification time: a new dump is new usage data.
        let dump = crate::collect::dump::dump_file(opts)
            .and_then(|p| {
                let m = std::fs::metadata(&p).ok()?;
                let t = m
                    .modified()
                    .ok()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?;
                Some(format!("{}:{}:{}", p.display(), m.len(), t.as_nanos()))
            })
            .unwrap_or_default();
        let sources = format!(
            "offline={};git={};advisory_db={};index={};api={};github={};docs_rs={};dump={dump}",
            opts.offline,
            !opts.skip_git,
            opts.advisory_db
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            opts.index_url,
            opts.crates_io_api,
            opts.github_api,
            opts.docs_rs,
        );
        CacheKey {
            format: CACHE_FORMAT,
            name: name.to_string(),
            version: version.to_string(),
            model,
            as_of: opts.as_of.to_string(),
            sources,
        }
    }

    /// File name: readable prefix, then the hash of every input.
    fn file_name(&self) -> String {
        let all = serde_json::to_string(self).unwrap_or_default();
        format!(
            "{}-{}-{:016x}.json",
            self.name,
            self.version,
            fnv1a(all.as_bytes())
        )
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: CacheKey,
    evaluation: Evaluation,
}

/// The evaluation cache directory.
#[derive(Debug, Clone)]
pub struct EvalCache {
    dir: PathBuf,
}

impl EvalCache {
    /// The cache under `cache_dir/evaluations`.
    pub fn new(cache_dir: &Path) -> EvalCache {
        EvalCache {
            dir: cache_dir.join("evaluations"),
        }
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A cached evaluation, if one exists for exactly this key. Unreadable or
    /// foreign files are misses.
    pub fn get(&self, key: &CacheKey) -> Option<Evaluation> {
        let bytes = std::fs::read(self.dir.join(key.file_name())).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.key == *key).then_some(entry.evaluation)
    }

    /// Store an evaluation (atomically: temp file then rename).
    pub fn put(&self, key: &CacheKey, evaluation: &Evaluation) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let entry = Entry {
            key: key.clone(),
            evaluation: evaluation.clone(),
        };
        let bytes = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        cratescope_http::write_atomic(&self.dir.join(key.file_name()), &bytes)
    }
}

/// 64-bit FNV-1a: stable across runs and platforms (std's hasher is not), and
/// enough for a cache key whose inputs are checked on read.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference test suite: "" and "a".
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn keys_differ_by_day_model_and_sources() {
        let d = jiff::civil::date(2026, 11, 25);
        let v = semver::Version::new(1, 0, 19);
        let opts = EvalOptions::new(d);
        let base = CacheKey::new("itoa", &v, &opts);
        let mut other = opts.clone();
        other.as_of = jiff::civil::date(2026, 11, 26);
        assert_ne!(
            base.file_name(),
            CacheKey::new("itoa", &v, &other).file_name()
        );
        let mut other = opts.clone();
        other.offline = true;
        assert_ne!(base, CacheKey::new("itoa", &v, &other));
        let mut other = opts.clone();
        other.model.version = "1+overrides".into();
        assert_ne!(base, CacheKey::new("itoa", &v, &other));
        assert_eq!(base, CacheKey::new("itoa", &v, &opts));
    }
}
