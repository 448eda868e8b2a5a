//! The whole ecosystem in memory, for the shallow tier (issue 22): every
//! crate's releases (number, publish time, yank, `rust_version`), every
//! release's dependencies (target crate, requirement, kind, optional,
//! platform), owners, categories, keywords and the daily downloads of the
//! dump's window, as flat columns.
//!
//! Written by the import as blobs of the table (one per column, little
//! endian), loaded once per table by [`crate::DumpTable::ecosystem`] and
//! checked before use: every offset in range, every id below its table's
//! length. A damaged column makes the table unusable with its name said,
//! never a panic later.
//!
//! Layout: crates are numbered in `crates.csv` order; a crate's versions
//! are the range `versions(c)`, in publish order; a version's dependency
//! rows are the range `deps(v)`, in the file's order. Texts that repeat
//! (version numbers, requirements, targets, rust versions) are interned,
//! id 0 being the empty text.
//!
//! What it leaves out: descriptions, READMEs, features (so every optional
//! dependency counts as reachable), licenses and download counts per
//! version (only per crate and day).

use std::collections::HashMap;
use std::ops::Range;

use crate::intern;

/// A version flag: yanked (as of the dump).
pub(crate) const FLAG_YANKED: u8 = 1;
/// A dependency flag (bits 0–1 are its kind): optional.
pub(crate) const FLAG_OPTIONAL: u8 = 1 << 2;
/// A dependency flag: default features enabled.
pub(crate) const FLAG_DEFAULT_FEATURES: u8 = 1 << 3;

/// The columns as the import produces them and the table stores them.
#[derive(Debug, Default)]
pub(crate) struct EcoArrays {
    pub ver_offsets: Vec<u32>,
    pub ver_num: Vec<u32>,
    pub ver_created: Vec<i64>,
    pub ver_flags: Vec<u8>,
    pub ver_rust: Vec<u32>,
    pub dep_offsets: Vec<u32>,
    pub dep_target: Vec<u32>,
    pub dep_req: Vec<u32>,
    pub dep_cfg: Vec<u32>,
    pub dep_flags: Vec<u8>,
    pub nums: Vec<String>,
    pub rusts: Vec<String>,
    pub reqs: Vec<String>,
    pub cfgs: Vec<String>,
    pub owner_offsets: Vec<u32>,
    pub owner_keys: Vec<u32>,
    pub category_offsets: Vec<u32>,
    pub category_ids: Vec<u32>,
    /// (slug, display name).
    pub categories: Vec<(String, String)>,
    pub keyword_offsets: Vec<u32>,
    pub keyword_ids: Vec<u32>,
    pub keywords: Vec<String>,
    /// Days since the epoch of the window's first day.
    pub first_day: i64,
    /// `DOWNLOAD_WINDOW_DAYS` per crate; empty without `version_downloads.csv`.
    pub daily: Vec<u32>,
}

pub(crate) fn u32_bytes(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn i64_bytes(v: &[i64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn u32s(b: &[u8]) -> Option<Vec<u32>> {
    b.len().is_multiple_of(4).then(|| {
        b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

pub(crate) fn i64s(b: &[u8]) -> Option<Vec<i64>> {
    b.len().is_multiple_of(8).then(|| {
        b.chunks_exact(8)
            .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    })
}

impl EcoArrays {
    /// The blobs to store, by name.
    pub(crate) fn blobs(&self) -> Vec<(&'static str, Vec<u8>)> {
        let (slugs, names): (Vec<String>, Vec<String>) = self.categories.iter().cloned().unzip();
        vec![
            ("eco.ver_offsets", u32_bytes(&self.ver_offsets)),
            ("eco.ver_num", u32_bytes(&self.ver_num)),
            ("eco.ver_created", i64_bytes(&self.ver_created)),
            ("eco.ver_flags", self.ver_flags.clone()),
            ("eco.ver_rust", u32_bytes(&self.ver_rust)),
            ("eco.dep_offsets", u32_bytes(&self.dep_offsets)),
            ("eco.dep_target", u32_bytes(&self.dep_target)),
            ("eco.dep_req", u32_bytes(&self.dep_req)),
            ("eco.dep_cfg", u32_bytes(&self.dep_cfg)),
            ("eco.dep_flags", self.dep_flags.clone()),
            ("eco.nums", intern::encode(&self.nums)),
            ("eco.rusts", intern::encode(&self.rusts)),
            ("eco.reqs", intern::encode(&self.reqs)),
            ("eco.cfgs", intern::encode(&self.cfgs)),
            ("eco.owner_offsets", u32_bytes(&self.owner_offsets)),
            ("eco.owner_keys", u32_bytes(&self.owner_keys)),
            ("eco.category_offsets", u32_bytes(&self.category_offsets)),
            ("eco.category_ids", u32_bytes(&self.category_ids)),
            ("eco.category_slugs", intern::encode(&slugs)),
            ("eco.category_names", intern::encode(&names)),
            ("eco.keyword_offsets", u32_bytes(&self.keyword_offsets)),
            ("eco.keyword_ids", u32_bytes(&self.keyword_ids)),
            ("eco.keywords", intern::encode(&self.keywords)),
            ("eco.first_day", i64_bytes(&[self.first_day])),
            ("eco.daily", u32_bytes(&self.daily)),
        ]
    }

    /// Rebuilds the columns from stored blobs; Err names the first damaged one.
    pub(crate) fn from_blobs(
        mut get: impl FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<EcoArrays, String> {
        let mut u = |name: &'static str| -> Result<Vec<u32>, String> {
            get(name).and_then(|b| u32s(&b)).ok_or(name.to_string())
        };
        let ver_offsets = u("eco.ver_offsets")?;
        let ver_num = u("eco.ver_num")?;
        let ver_rust = u("eco.ver_rust")?;
        let dep_offsets = u("eco.dep_offsets")?;
        let dep_target = u("eco.dep_target")?;
        let dep_req = u("eco.dep_req")?;
        let dep_cfg = u("eco.dep_cfg")?;
        let owner_offsets = u("eco.owner_offsets")?;
        let owner_keys = u("eco.owner_keys")?;
        let category_offsets = u("eco.category_offsets")?;
        let category_ids = u("eco.category_ids")?;
        let keyword_offsets = u("eco.keyword_offsets")?;
        let keyword_ids = u("eco.keyword_ids")?;
        let daily = u("eco.daily")?;
        let mut raw = |name: &'static str| get(name).ok_or(name.to_string());
        let ver_created = i64s(&raw("eco.ver_created")?).ok_or("eco.ver_created")?;
        let ver_flags = raw("eco.ver_flags")?;
        let dep_flags = raw("eco.dep_flags")?;
        let texts = |b: Vec<u8>, name: &'static str| intern::decode(&b).ok_or(name.to_string());
        let nums = texts(raw("eco.nums")?, "eco.nums")?;
        let rusts = texts(raw("eco.rusts")?, "eco.rusts")?;
        let reqs = texts(raw("eco.reqs")?, "eco.reqs")?;
        let cfgs = texts(raw("eco.cfgs")?, "eco.cfgs")?;
        let slugs = texts(raw("eco.category_slugs")?, "eco.category_slugs")?;
        let names = texts(raw("eco.category_names")?, "eco.category_names")?;
        let keywords = texts(raw("eco.keywords")?, "eco.keywords")?;
        let first_day = i64s(&raw("eco.first_day")?)
            .and_then(|v| v.first().copied())
            .ok_or("eco.first_day")?;
        if slugs.len() != names.len() {
            return Err("eco.category_names".into());
        }
        Ok(EcoArrays {
            ver_offsets,
            ver_num,
            ver_created,
            ver_flags,
            ver_rust,
            dep_offsets,
            dep_target,
            dep_req,
            dep_cfg,
            dep_flags,
            nums,
            rusts,
            reqs,
            cfgs,
            owner_offsets,
            owner_keys,
            category_offsets,
            category_ids,
            categories: slugs.into_iter().zip(names).collect(),
            keyword_offsets,
            keyword_ids,
            keywords,
            first_day,
            daily,
        })
    }

    /// Every offset and id in range for `n` crates; Err names the column.
    pub(crate) fn check(&self, n: usize, window_days: usize) -> Result<(), String> {
        fn offsets(o: &[u32], len: usize, items: usize) -> bool {
            o.len() == len + 1
                && o.first() == Some(&0)
                && o.windows(2).all(|w| w[0] <= w[1])
                && o.last().is_some_and(|&l| l as usize == items)
        }
        let nv = self.ver_num.len();
        let nd = self.dep_target.len();
        let checks: [(&str, bool); 16] = [
            ("eco.ver_offsets", offsets(&self.ver_offsets, n, nv)),
            (
                "eco.ver_created",
                self.ver_created.len() == nv
                    && self.ver_flags.len() == nv
                    && self.ver_rust.len() == nv,
            ),
            (
                "eco.ver_num",
                self.ver_num.iter().all(|&i| (i as usize) < self.nums.len()),
            ),
            (
                "eco.ver_rust",
                self.ver_rust
                    .iter()
                    .all(|&i| (i as usize) < self.rusts.len()),
            ),
            ("eco.dep_offsets", offsets(&self.dep_offsets, nv, nd)),
            (
                "eco.dep_req",
                self.dep_req.len() == nd && self.dep_cfg.len() == nd && self.dep_flags.len() == nd,
            ),
            (
                "eco.dep_target",
                self.dep_target.iter().all(|&c| (c as usize) < n),
            ),
            (
                "eco.reqs",
                self.dep_req.iter().all(|&i| (i as usize) < self.reqs.len()),
            ),
            (
                "eco.cfgs",
                self.dep_cfg.iter().all(|&i| (i as usize) < self.cfgs.len()),
            ),
            (
                "eco.owner_offsets",
                offsets(&self.owner_offsets, n, self.owner_keys.len()),
            ),
            (
                "eco.category_offsets",
                offsets(&self.category_offsets, n, self.category_ids.len()),
            ),
            (
                "eco.category_ids",
                self.category_ids
                    .iter()
                    .all(|&i| (i as usize) < self.categories.len()),
            ),
            (
                "eco.keyword_offsets",
                offsets(&self.keyword_offsets, n, self.keyword_ids.len()),
            ),
            (
                "eco.keyword_ids",
                self.keyword_ids
                    .iter()
                    .all(|&i| (i as usize) < self.keywords.len()),
            ),
            (
                "eco.daily",
                self.daily.is_empty() || self.daily.len() == n * window_days,
            ),
            (
                "eco.nums",
                self.nums
                    .iter()
                    .skip(1)
                    .all(|t| semver::Version::parse(t).is_ok()),
            ),
        ];
        match checks.iter().find(|(_, ok)| !ok) {
            Some((name, _)) => Err((*name).to_string()),
            None => Ok(()),
        }
    }
}

/// The kind of a dependency row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepKind {
    /// `[dependencies]`.
    Normal,
    /// `[build-dependencies]`.
    Build,
    /// `[dev-dependencies]`.
    Dev,
}

/// One crate's present figures as the table holds them (see
/// [`crate::CrateFigures`]), in memory for every crate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Present {
    /// All-time downloads.
    pub downloads_total: Option<u64>,
    /// Crates whose default version depends on it (every kind).
    pub dependents: u64,
    /// Of those, at runtime.
    pub dependents_runtime: u64,
    /// Distinct owners of the runtime dependents.
    pub dependent_owners: Option<u64>,
    /// Transitive runtime dependents, the direct ones excluded.
    pub indirect_dependents: u64,
    /// User owners.
    pub owner_users: Option<u64>,
    /// Team owners.
    pub owner_teams: Option<u64>,
}

/// The whole ecosystem of one dump, in memory (see the module docs).
#[derive(Debug)]
pub struct Ecosystem {
    pub(crate) a: EcoArrays,
    pub(crate) names: Vec<String>,
    pub(crate) created: Vec<i64>,
    pub(crate) present: Vec<Present>,
    pub(crate) by_name: HashMap<String, u32>,
    pub(crate) versions: Vec<semver::Version>,
    pub(crate) reqs: Vec<Option<semver::VersionReq>>,
    pub(crate) past: std::sync::Arc<crate::graph::PastGraph>,
    pub(crate) dump_time: i64,
    pub(crate) has_owners: bool,
    /// Candidate successors by crate (`successor.rs`), at the dump's date.
    pub(crate) successors: HashMap<u32, Vec<cratescope_model::SuccessorCandidate>>,
}

impl Ecosystem {
    /// Crates in the dump.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True for a dump without crates.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// When the dump was taken (Unix seconds).
    pub fn dump_time(&self) -> i64 {
        self.dump_time
    }

    /// A crate by any spelling crates.io accepts.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(&crate::canonical_name(name))
            .map(|&c| c as usize)
    }

    /// Its name as published.
    pub fn name(&self, c: usize) -> &str {
        &self.names[c]
    }

    /// Every name, by crate number.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Its creation (Unix seconds).
    pub fn created(&self, c: usize) -> i64 {
        self.created[c]
    }

    /// Its present figures.
    pub fn present(&self, c: usize) -> &Present {
        &self.present[c]
    }

    /// The dump has owners (`crate_owners.csv`).
    pub fn has_owners(&self) -> bool {
        self.has_owners
    }

    /// Crates from the same repository, with an owner in common, created
    /// after `c`, with the evidence for each (as of the dump's date).
    pub fn successor_candidates(&self, c: usize) -> &[cratescope_model::SuccessorCandidate] {
        self.successors
            .get(&(c as u32))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Its owners, as opaque keys (users and teams apart).
    pub fn owners(&self, c: usize) -> &[u32] {
        let o = &self.a.owner_offsets;
        &self.a.owner_keys[o[c] as usize..o[c + 1] as usize]
    }

    /// Its categories, as indexes into [`Ecosystem::category`].
    pub fn categories_of(&self, c: usize) -> &[u32] {
        let o = &self.a.category_offsets;
        &self.a.category_ids[o[c] as usize..o[c + 1] as usize]
    }

    /// A category's (slug, display name).
    pub fn category(&self, k: u32) -> (&str, &str) {
        let (s, n) = &self.a.categories[k as usize];
        (s, n)
    }

    /// Every category, by index.
    pub fn category_count(&self) -> usize {
        self.a.categories.len()
    }

    /// A category by slug.
    pub fn find_category(&self, slug: &str) -> Option<u32> {
        self.a
            .categories
            .iter()
            .position(|(s, _)| s == slug)
            .map(|k| k as u32)
    }

    /// Its keywords, as indexes into [`Ecosystem::keyword`].
    pub fn keywords_of(&self, c: usize) -> &[u32] {
        let o = &self.a.keyword_offsets;
        &self.a.keyword_ids[o[c] as usize..o[c + 1] as usize]
    }

    /// A keyword.
    pub fn keyword(&self, k: u32) -> &str {
        &self.a.keywords[k as usize]
    }

    /// Every keyword, by index.
    pub fn keyword_count(&self) -> usize {
        self.a.keywords.len()
    }

    /// A keyword by text.
    pub fn find_keyword(&self, word: &str) -> Option<u32> {
        self.a
            .keywords
            .binary_search_by(|k| k.as_str().cmp(word))
            .ok()
            .map(|k| k as u32)
    }

    /// Its versions, in publish order.
    pub fn versions(&self, c: usize) -> Range<usize> {
        self.a.ver_offsets[c] as usize..self.a.ver_offsets[c + 1] as usize
    }

    /// The crate of a version.
    pub fn version_crate(&self, v: usize) -> usize {
        self.past.ver_crate[v] as usize
    }

    /// A version's number.
    pub fn version(&self, v: usize) -> &semver::Version {
        &self.versions[self.a.ver_num[v] as usize]
    }

    /// When it was published (Unix seconds).
    pub fn published(&self, v: usize) -> i64 {
        self.a.ver_created[v]
    }

    /// Yanked as of the dump.
    pub fn yanked(&self, v: usize) -> bool {
        self.a.ver_flags[v] & FLAG_YANKED != 0
    }

    /// Its `rust_version`, when declared.
    pub fn rust_version(&self, v: usize) -> Option<&str> {
        let t = &self.a.rusts[self.a.ver_rust[v] as usize];
        (!t.is_empty()).then_some(t.as_str())
    }

    /// Its dependency rows.
    pub fn deps(&self, v: usize) -> Range<usize> {
        self.a.dep_offsets[v] as usize..self.a.dep_offsets[v + 1] as usize
    }

    /// The crate a row depends on.
    pub fn dep_target(&self, row: usize) -> usize {
        self.a.dep_target[row] as usize
    }

    /// Its requirement, verbatim.
    pub fn dep_req(&self, row: usize) -> &str {
        &self.a.reqs[self.a.dep_req[row] as usize]
    }

    /// Its requirement, parsed (None: not a requirement semver reads).
    pub fn dep_req_parsed(&self, row: usize) -> Option<&semver::VersionReq> {
        self.reqs[self.a.dep_req[row] as usize].as_ref()
    }

    /// Its kind.
    pub fn dep_kind(&self, row: usize) -> DepKind {
        match self.a.dep_flags[row] & 0b11 {
            0 => DepKind::Normal,
            1 => DepKind::Build,
            _ => DepKind::Dev,
        }
    }

    /// Optional (behind a feature).
    pub fn dep_optional(&self, row: usize) -> bool {
        self.a.dep_flags[row] & FLAG_OPTIONAL != 0
    }

    /// Default features enabled.
    pub fn dep_default_features(&self, row: usize) -> bool {
        self.a.dep_flags[row] & FLAG_DEFAULT_FEATURES != 0
    }

    /// Its platform restriction.
    pub fn dep_cfg(&self, row: usize) -> Option<&str> {
        let t = &self.a.cfgs[self.a.dep_cfg[row] as usize];
        (!t.is_empty()).then_some(t.as_str())
    }

    /// Every version that has a dependency row on `c` (each once per kind
    /// class), with whether one of its rows is runtime (normal or build).
    pub fn dependent_versions(&self, c: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let p = &self.past;
        p.rows[p.offsets[c] as usize..p.offsets[c + 1] as usize]
            .iter()
            .map(|&r| {
                (
                    (r & !crate::graph::RUNTIME_BIT) as usize,
                    r & crate::graph::RUNTIME_BIT != 0,
                )
            })
    }

    /// Whether version `v` was its crate's default version at `at` (Unix
    /// seconds), by crates.io's rule with yanks as of the dump.
    pub fn default_at(&self, v: usize, at: i64) -> bool {
        self.past.from[v] <= at && at < self.past.until[v]
    }

    /// The crate's default version at `at`, if it had a live one.
    pub fn default_version_at(&self, c: usize, at: i64) -> Option<usize> {
        self.versions(c).rev().find(|&v| self.default_at(v, at))
    }

    /// Days since the epoch of the download window's first day.
    pub fn window_first_day(&self) -> i64 {
        self.a.first_day
    }

    /// Its downloads per day of the window (oldest first); None when the
    /// dump has no daily downloads.
    pub fn daily(&self, c: usize) -> Option<&[u32]> {
        let days = crate::DOWNLOAD_WINDOW_DAYS as usize;
        (!self.a.daily.is_empty()).then(|| &self.a.daily[c * days..(c + 1) * days])
    }
}
