//! The evaluation cache of `audit`: one file per evaluation under
//! `cache_dir/evaluations/`, keyed by a hash of everything that decides the
//! result (crate, version, the model in force, the as-of day, which sources
//! were read and how, and the dependency tree it was scored with), so a
//! second audit on the same day is a file read per package.
//!
//! State read back is verified (issue 17): the key inputs are stored beside
//! the evaluation and compared, the evaluation's bytes carry a SHA-256 that
//! is checked, and an evaluation whose tier or composite does not follow from
//! its own scores under the model in force is discarded. Any failed check is a
//! miss (the card is computed again and the file replaced), never a wrong card.
//!
//! An online run and a following `--offline` run of the same day share
//! entries (issue 21): the audit's key leaves the network mode out, and the
//! header records it; an entry written online serves an offline run (its
//! inputs are the same registry data, plus what the network added), while
//! an offline entry never serves an online run, which evaluates again and
//! replaces it.
//!
//! Layout: one line of JSON (key and digest), a newline, then the evaluation's
//! JSON exactly as hashed. Deliberately ignored: the advisory database's
//! content (the key names its path; a database updated during the day is seen
//! the next day or with a fresh cache dir), and eviction (files are small;
//! deleting the directory is safe).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::evaluator::EvalOptions;
use cratescope_model::{Dimension, Evaluation, Tier};
use cratescope_score::Model;

/// Bump when the file layout or the key's inputs change.
const CACHE_FORMAT: u32 = 2;

/// Rounding slack: dimension scores and the composite are stored to two
/// decimals, so a composite recomputed from rounded scores may differ by
/// half a unit in the last place of each, plus its own rounding.
const ROUNDING_SLACK: f64 = 0.011;

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
    /// Hash of the dependency tree the card was scored with (its closure in
    /// the lockfile's graph), or `resolved` when the evaluator resolved it.
    pub tree: String,
}

/// The parts of a key every package of a run shares (the model's hash is a
/// serialisation of the whole model: computed once per run, not per package).
#[derive(Debug, Clone)]
pub struct KeyBase {
    model: String,
    as_of: String,
    sources: String,
}

impl KeyBase {
    /// The shared parts under these options.
    pub fn new(opts: &EvalOptions) -> KeyBase {
        KeyBase::with_mode(opts, true)
    }

    /// The shared parts of the audit's keys: the network mode left out (the
    /// entry's header records it, see the module docs).
    pub fn for_audit(opts: &EvalOptions) -> KeyBase {
        KeyBase::with_mode(opts, false)
    }

    fn with_mode(opts: &EvalOptions, with_offline: bool) -> KeyBase {
        // The tool's own version too: a new release may compute signals differently
        // under the same model version; and the source analysis's format, which
        // changes between releases (a card scored on an older analysis of the
        // same archive is not this build's card).
        let model = format!(
            "{}#{:016x}@{}+analysis{}",
            opts.model.version,
            fnv1a(opts.model.to_toml().as_bytes()),
            env!("CARGO_PKG_VERSION"),
            cratescope_analyze::ANALYSIS_FORMAT
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
        let mode = if with_offline {
            format!("offline={};", opts.offline)
        } else {
            String::new()
        };
        let sources = format!(
            "{mode}git={};advisory_db={};index={};api={};github={};docs_rs={};dump={dump}",
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
        KeyBase {
            model,
            as_of: opts.as_of.to_string(),
            sources,
        }
    }

    /// The key of one crate version, scored with `tree` (None: resolved by
    /// the evaluator).
    pub fn key(
        &self,
        name: &str,
        version: &semver::Version,
        tree: Option<&[(String, semver::Version)]>,
    ) -> CacheKey {
        let tree = match tree {
            None => "resolved".to_string(),
            Some(t) => {
                let mut text = String::new();
                for (n, v) in t {
                    text.push_str(n);
                    text.push(' ');
                    text.push_str(&v.to_string());
                    text.push('\n');
                }
                format!("{}:{:016x}", t.len(), fnv1a(text.as_bytes()))
            }
        };
        CacheKey {
            format: CACHE_FORMAT,
            name: name.to_string(),
            version: version.to_string(),
            model: self.model.clone(),
            as_of: self.as_of.clone(),
            sources: self.sources.clone(),
            tree,
        }
    }
}

impl CacheKey {
    /// The key of one crate version under these options, scored with `tree`.
    pub fn new(
        name: &str,
        version: &semver::Version,
        opts: &EvalOptions,
        tree: Option<&[(String, semver::Version)]>,
    ) -> CacheKey {
        KeyBase::new(opts).key(name, version, tree)
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
struct Header {
    key: CacheKey,
    /// Hex SHA-256 of the evaluation bytes that follow the header line.
    sha256: String,
    /// Written by an offline run.
    #[serde(default)]
    offline: bool,
}

/// Why a cache file was not used (for tests and notes; a miss either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// No such file.
    Missing,
    /// Not our layout, or the key differs (a hash collision, a foreign file).
    Foreign,
    /// Written offline, read by an online run.
    Offline,
    /// The evaluation's bytes do not match their digest.
    Digest,
    /// The evaluation does not parse.
    Corrupt,
    /// The tier or composite does not follow from the card's own scores.
    Inconsistent,
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

    /// The file an entry lives in.
    pub fn path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(key.file_name())
    }

    /// A cached evaluation, if one exists for exactly this key and passes
    /// every check against `model`.
    pub fn get(&self, key: &CacheKey, model: &Model) -> Option<Evaluation> {
        self.read(key, model).ok()
    }

    /// A cached evaluation for a run in this network mode: an entry written
    /// offline does not serve an online run.
    pub fn get_for(&self, key: &CacheKey, model: &Model, offline: bool) -> Option<Evaluation> {
        self.read_for(key, model, offline).ok()
    }

    /// [`EvalCache::get_for`] of every key, in order, read on as many
    /// threads as there are cores: a warm audit is mostly these reads.
    pub fn get_many_for(
        &self,
        keys: &[CacheKey],
        model: &Model,
        offline: bool,
    ) -> Vec<Option<Evaluation>> {
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, keys.len().max(1));
        let part = keys.len().div_ceil(threads).max(1);
        let read = |chunk: &[CacheKey]| -> Vec<Option<Evaluation>> {
            chunk
                .iter()
                .map(|k| self.get_for(k, model, offline))
                .collect()
        };
        std::thread::scope(|scope| {
            let running: Vec<_> = keys
                .chunks(part)
                .map(|chunk| {
                    let thread =
                        std::thread::Builder::new().spawn_scoped(scope, move || read(chunk));
                    (chunk, thread)
                })
                .collect();
            running
                .into_iter()
                .flat_map(|(chunk, thread)| match thread {
                    // A reader that panicked: its entries are misses.
                    Ok(handle) => handle.join().unwrap_or_else(|_| vec![None; chunk.len()]),
                    // No thread to be had: read here.
                    Err(_) => read(chunk),
                })
                .collect()
        })
    }

    /// Like [`EvalCache::get`], saying why an entry was not used.
    pub fn read(&self, key: &CacheKey, model: &Model) -> Result<Evaluation, Rejected> {
        self.read_for(key, model, true)
    }

    /// Like [`EvalCache::get_for`], saying why an entry was not used.
    pub fn read_for(
        &self,
        key: &CacheKey,
        model: &Model,
        offline: bool,
    ) -> Result<Evaluation, Rejected> {
        let bytes = std::fs::read(self.path(key)).map_err(|_| Rejected::Missing)?;
        let nl = bytes
            .iter()
            .position(|b| *b == b'\n')
            .ok_or(Rejected::Foreign)?;
        let header: Header = serde_json::from_slice(&bytes[..nl]).map_err(|_| Rejected::Foreign)?;
        if header.key != *key {
            return Err(Rejected::Foreign);
        }
        if header.offline && !offline {
            return Err(Rejected::Offline);
        }
        let body = &bytes[nl + 1..];
        if hex::encode(Sha256::digest(body)) != header.sha256 {
            return Err(Rejected::Digest);
        }
        let e: Evaluation = serde_json::from_slice(body).map_err(|_| Rejected::Corrupt)?;
        if !consistent(&e, model) {
            return Err(Rejected::Inconsistent);
        }
        Ok(e)
    }

    /// Store an evaluation (atomically: temp file then rename).
    pub fn put(&self, key: &CacheKey, evaluation: &Evaluation) -> std::io::Result<()> {
        self.put_from(key, evaluation, false)
    }

    /// Store an evaluation made online or offline.
    pub fn put_from(
        &self,
        key: &CacheKey,
        evaluation: &Evaluation,
        offline: bool,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let body = serde_json::to_vec(evaluation).map_err(std::io::Error::other)?;
        let header = Header {
            key: key.clone(),
            sha256: hex::encode(Sha256::digest(&body)),
            offline,
        };
        let mut bytes = serde_json::to_vec(&header).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        bytes.extend_from_slice(&body);
        cratescope_http::write_atomic_cache(&self.path(key), &bytes)
    }
}

/// Whether a card's composite and tier follow from its own dimension scores
/// and gates under `model`: the composite is the weighted mean of the scored
/// dimensions; ⛔ avoid if and only if a gate says so; a tier on the ladder
/// needs its composite bar; no composite means no tier above experimental.
pub fn consistent(e: &Evaluation, model: &Model) -> bool {
    let avoid_gate = e.dimensions.iter().flat_map(|d| &d.gates).any(|g| g.avoid);
    if avoid_gate != (e.tier == Tier::Avoid) {
        return false;
    }
    let (mut acc, mut wsum) = (0.0, 0.0);
    for d in &e.dimensions {
        let Some(dim) = Dimension::from_id(&d.id) else {
            return false;
        };
        let w = model.composite.weights.get(&dim).copied().unwrap_or(0.0);
        if let (Some(s), true) = (d.score, w > 0.0) {
            if !(s.is_finite() && (1.0 - ROUNDING_SLACK..=5.0 + ROUNDING_SLACK).contains(&s)) {
                return false;
            }
            acc += w * s;
            wsum += w;
        }
    }
    // A gate that caps the composite (abandonment, a refused archive) caps it
    // here too.
    let cap = e
        .dimensions
        .iter()
        .flat_map(|d| &d.gates)
        .filter_map(|g| model.composite_cap(&g.id))
        .reduce(f64::min);
    let expected = (wsum > 0.0).then(|| {
        let mean = acc / wsum;
        cap.map_or(mean, |c| mean.min(c))
    });
    match (e.composite, expected) {
        (None, None) => {}
        (Some(c), Some(x)) if (c - x).abs() <= ROUNDING_SLACK => {}
        _ => return false,
    }
    let t = &model.tiers;
    let bar = match e.tier {
        Tier::IndustryStandard => Some(t.industry_standard.composite),
        Tier::ProductionReady => Some(t.production_ready.composite),
        Tier::Mature => Some(t.mature.composite),
        Tier::Early => Some(t.early.composite),
        Tier::Dormant | Tier::Experimental | Tier::Avoid => None,
    };
    match (bar, e.composite) {
        (Some(b), Some(c)) => c + ROUNDING_SLACK / 2.0 >= b,
        (Some(_), None) => false,
        (None, _) => true,
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

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn keys_name_the_source_analysis_format() {
        // A build whose analysis reads archives differently (a new
        // ANALYSIS_FORMAT) under the same tool version must not serve the
        // cards scored on the old analysis.
        let opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        let key = CacheKey::new("itoa", &v("1.0.19"), &opts, None);
        assert!(
            key.model
                .ends_with(&format!("+analysis{}", cratescope_analyze::ANALYSIS_FORMAT)),
            "{}",
            key.model
        );
    }

    #[test]
    fn keys_differ_by_day_model_sources_and_tree() {
        let d = jiff::civil::date(2026, 11, 25);
        let ver = v("1.0.19");
        let opts = EvalOptions::new(d);
        let base = CacheKey::new("itoa", &ver, &opts, None);
        let mut other = opts.clone();
        other.as_of = jiff::civil::date(2026, 11, 26);
        assert_ne!(
            base.file_name(),
            CacheKey::new("itoa", &ver, &other, None).file_name()
        );
        let mut other = opts.clone();
        other.offline = true;
        assert_ne!(base, CacheKey::new("itoa", &ver, &other, None));
        let mut other = opts.clone();
        other.model.version = "1+overrides".into();
        assert_ne!(base, CacheKey::new("itoa", &ver, &other, None));
        assert_eq!(base, CacheKey::new("itoa", &ver, &opts, None));
        let tree = [("ryu".to_string(), v("1.0.20"))];
        let with_tree = CacheKey::new("itoa", &ver, &opts, Some(&tree));
        assert_ne!(base.file_name(), with_tree.file_name());
        let other_tree = [("ryu".to_string(), v("1.0.21"))];
        assert_ne!(
            with_tree,
            CacheKey::new("itoa", &ver, &opts, Some(&other_tree))
        );
    }

    /// A small real card: scored from hand-built facts by the real model.
    fn card() -> Evaluation {
        let facts = cratescope_model::Facts {
            name: "demo".into(),
            version: v("1.2.0"),
            as_of: jiff::civil::date(2026, 11, 25),
            releases: Vec::new(),
            yanks_unknown: false,
            package: None,
            dependency_latest: None,
            transitive_deps: Some(3),
            git: None,
            advisories: None,
            crates_io: None,
            github: None,
            docs_rs: None,
            dump: None,
            sources: Vec::new(),
        };
        cratescope_score::evaluate(&facts, &Model::embedded())
    }

    #[test]
    fn many_reads_answer_each_key_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = EvalCache::new(tmp.path());
        let model = Model::embedded();
        let opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        // More keys than cores, every third one stored.
        let keys: Vec<CacheKey> = (0..25)
            .map(|i| CacheKey::new("demo", &v(&format!("1.{i}.0")), &opts, Some(&[])))
            .collect();
        let e = card();
        for k in keys.iter().step_by(3) {
            cache.put(k, &e).unwrap();
        }
        let many = cache.get_many_for(&keys, &model, false);
        let one: Vec<Option<Evaluation>> = keys
            .iter()
            .map(|k| cache.get_for(k, &model, false))
            .collect();
        assert_eq!(many, one);
        assert_eq!(many.iter().filter(|f| f.is_some()).count(), 9);
        assert!(cache.get_many_for(&[], &model, false).is_empty());
    }

    #[test]
    fn entries_are_verified_on_read() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = EvalCache::new(tmp.path());
        let model = Model::embedded();
        let opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        let key = CacheKey::new("demo", &v("1.2.0"), &opts, Some(&[]));
        let e = card();
        assert!(consistent(&e, &model), "a fresh card is consistent");
        cache.put(&key, &e).unwrap();
        assert_eq!(cache.read(&key, &model), Ok(e.clone()));

        // A flipped byte in the body: the digest catches it.
        let path = cache.path(&key);
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (header, body) = text.split_once('\n').unwrap();
        let tampered = format!("{header}\n{}", body.replacen("\"demo\"", "\"dema\"", 1));
        assert_ne!(tampered, text);
        std::fs::write(&path, &tampered).unwrap();
        assert_eq!(cache.read(&key, &model), Err(Rejected::Digest));

        // A consistent digest over an inconsistent card (tier raised by hand).
        let mut forged = e.clone();
        forged.tier = Tier::IndustryStandard;
        cache.put(&key, &forged).unwrap();
        assert_eq!(cache.read(&key, &model), Err(Rejected::Inconsistent));
        let mut forged = e.clone();
        forged.composite = forged.composite.map(|c| c + 0.5).or(Some(4.0));
        cache.put(&key, &forged).unwrap();
        assert_eq!(cache.read(&key, &model), Err(Rejected::Inconsistent));

        // An offline entry serves offline runs only.
        cache.put_from(&key, &e, true).unwrap();
        assert_eq!(cache.read_for(&key, &model, true), Ok(e.clone()));
        assert_eq!(cache.read_for(&key, &model, false), Err(Rejected::Offline));
        cache.put_from(&key, &e, false).unwrap();
        assert_eq!(cache.read_for(&key, &model, true), Ok(e.clone()));

        // Another key in the same file name is foreign; garbage is foreign.
        std::fs::write(&path, b"not json\n{}").unwrap();
        assert_eq!(cache.read(&key, &model), Err(Rejected::Foreign));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(cache.read(&key, &model), Err(Rejected::Missing));
    }
}
