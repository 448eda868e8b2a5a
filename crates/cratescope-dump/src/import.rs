//! One streaming pass over the dump, then the per-crate figures.
//!
//! The archive's files arrive in whatever order it holds them (the real tar
//! is sorted by name, so `dependencies.csv` comes before `versions.csv`), so
//! each CSV is reduced to compact columns as it streams by — ids, times and
//! flags, never descriptions, READMEs or feature JSON — and the joins happen
//! once everything is read. Daily downloads are summed on the fly (the
//! window is known from the tar's top folder, or from `metadata.json`, which
//! the zip reader hands over first).
//!
//! The figures, per crate (DATA-SOURCES.md §3):
//! - dependents as crates.io counts them: crates whose default version (not
//!   yanked) has a dependency row on it, every kind; runtime = normal or build;
//! - distinct owners (users and teams) of the runtime dependents;
//! - indirect dependents: the transitive closure of runtime dependents, the
//!   direct ones excluded;
//! - downloads of the dump's last 90 days, split into two halves of 45 days
//!   (the dump keeps 90 days of daily downloads: "the 90 days before" are not
//!   in it), and all-time downloads;
//! - owners, categories, keywords, created_at;
//! - for supply-chain checks: who published each version (`published_by`,
//!   by login), when each owner was added, and `trustpub_only`.
//!
//! For past dates it also keeps every dependency row and the span during
//! which each version was its crate's default version (by publish time and
//! semver, yanks as they are today: the dump has no yank dates).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Progress;
use crate::archive::{self, Visitor};
use crate::csvread::{self, parse_timestamp};
use crate::error::DumpError;
use crate::graph::{self, PastGraph, RUNTIME_BIT};

/// Days of daily downloads the dump keeps, and so the usage window.
pub const DOWNLOAD_WINDOW_DAYS: i64 = 90;
/// The two halves of the window compared for growth.
pub const HALF_WINDOW_DAYS: i64 = DOWNLOAD_WINDOW_DAYS / 2;
/// `metadata.json` is a few hundred bytes; anything much larger is not one.
const MAX_METADATA_BYTES: u64 = 1 << 20;
/// A tar top folder and `metadata.json` may disagree by the export's run
/// time (minutes); more than a day means they are from different dumps.
const MAX_CLOCK_SKEW_SECONDS: i64 = 86_400;

/// The order the zip reader hands files over: the date first, then the
/// tables that others refer to.
pub(crate) const ZIP_ORDER: &[&str] = &[
    "metadata.json",
    "data/crates.csv",
    "data/versions.csv",
    "data/default_versions.csv",
    "data/dependencies.csv",
    "data/version_downloads.csv",
    "data/crate_downloads.csv",
    "data/crate_owners.csv",
    "data/users.csv",
    "data/teams.csv",
    "data/categories.csv",
    "data/crates_categories.csv",
    "data/keywords.csv",
    "data/crates_keywords.csv",
];

/// Documented columns of each file (DATA-SOURCES.md §3), for the
/// unknown-column note.
fn known_columns(file: &str) -> &'static [&'static str] {
    match file {
        "data/crates.csv" => &[
            "created_at",
            "description",
            "documentation",
            "downloads",
            "homepage",
            "id",
            "max_features",
            "max_upload_size",
            "name",
            "readme",
            "repository",
            "trustpub_only",
            "updated_at",
        ],
        "data/versions.csv" => &[
            "bin_names",
            "categories",
            "checksum",
            "crate_id",
            "crate_size",
            "created_at",
            "description",
            "documentation",
            "downloads",
            "edition",
            "features",
            "has_lib",
            "homepage",
            "id",
            "keywords",
            "license",
            "links",
            "num",
            "num_no_build",
            "published_by",
            "repository",
            "rust_version",
            "tar_sha256",
            "updated_at",
            "yanked",
            "zip_json_sha256",
            "zip_sha256",
        ],
        "data/dependencies.csv" => &[
            "crate_id",
            "default_features",
            "explicit_name",
            "features",
            "id",
            "kind",
            "optional",
            "req",
            "target",
            "version_id",
        ],
        "data/version_downloads.csv" => &["date", "downloads", "version_id"],
        "data/crate_downloads.csv" => &["crate_id", "downloads"],
        "data/default_versions.csv" => &["crate_id", "num_versions", "version_id"],
        "data/crate_owners.csv" => &[
            "crate_id",
            "created_at",
            "created_by",
            "owner_id",
            "owner_kind",
        ],
        "data/users.csv" => &["created_at", "gh_id", "gh_login", "id", "name", "username"],
        "data/teams.csv" => &["avatar", "github_id", "id", "login", "name", "org_id"],
        "data/categories.csv" => &[
            "category",
            "crates_cnt",
            "created_at",
            "description",
            "id",
            "path",
            "slug",
        ],
        "data/crates_categories.csv" => &["category_id", "crate_id"],
        "data/keywords.csv" => &["crates_cnt", "created_at", "id", "keyword"],
        "data/crates_keywords.csv" => &["crate_id", "keyword_id"],
        _ => &[],
    }
}

/// A hasher for integer ids: the ids come from a database sequence, so a
/// multiplicative mix spreads them well and is much cheaper than SipHash
/// over tens of millions of download rows.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(crate) type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// One crate's figures as imported (None: the file that feeds it is not in
/// the dump).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CrateRow {
    pub name: String,
    pub created_at: i64,
    pub downloads_total: Option<u64>,
    pub downloads_90d: Option<u64>,
    pub downloads_recent_45d: Option<u64>,
    pub downloads_prev_45d: Option<u64>,
    pub dependents: u64,
    pub dependents_runtime: u64,
    pub dependent_owners: Option<u64>,
    pub indirect_dependents: u64,
    pub owner_users: Option<u64>,
    pub owner_teams: Option<u64>,
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
}

/// Who published what and who owns a crate, per crate (compact JSON: the
/// table stores it as read).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PublishingRow {
    /// (version, published at in seconds, publishing user id or 0).
    #[serde(rename = "v")]
    pub versions: Vec<(String, i64, u32)>,
    /// (login, team, added at in seconds).
    #[serde(rename = "o")]
    pub owners: Vec<(String, bool, i64)>,
    /// `crates.trustpub_only` when the dump has the column.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub trustpub_only: Option<bool>,
}

/// Everything the import produced.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub dump_time: i64,
    pub commit: Option<String>,
    pub crates: Vec<CrateRow>,
    pub past: PastGraph,
    pub versions: u64,
    pub dependency_rows: u64,
    pub download_rows: u64,
    pub notes: Vec<String>,
    /// Per crate, in `crates` order (None: the dump lacks what feeds it).
    pub publishing: Vec<Option<PublishingRow>>,
    /// Logins of the users who published versions, by user id.
    pub logins: Vec<(u32, String)>,
}

#[derive(Default)]
struct Crates {
    ids: Vec<u32>,
    names: Vec<String>,
    created: Vec<i64>,
    downloads_col: Vec<Option<u64>>,
    trustpub_only: Vec<Option<bool>>,
}

#[derive(Default)]
struct Versions {
    ids: Vec<u32>,
    crate_ids: Vec<u32>,
    lines: Vec<u32>,
    created: Vec<i64>,
    yanked: Vec<bool>,
    nums: Vec<semver::Version>,
    /// The publishing user's id, 0 when none is recorded.
    published_by: Vec<u32>,
    /// The file has no `published_by` column.
    no_publishers: bool,
}

#[derive(Default)]
struct Deps {
    version_ids: Vec<u32>,
    crate_ids: Vec<u32>,
    kinds: Vec<u8>,
    lines: Vec<u32>,
}

/// One `crate_owners.csv` row: crate id, owner id, kind (0 user, 1 team),
/// line, added at (seconds; 0 when the dump does not say).
type OwnerRow = (u32, u32, u8, u32, i64);

/// The streaming state.
struct Reader<'a> {
    archive: &'a Path,
    folder_time: Option<i64>,
    meta_time: Option<i64>,
    commit: Option<String>,
    seen: Vec<String>,
    crates: Crates,
    versions: Versions,
    deps: Deps,
    /// version id → (last 45 days, the 45 before).
    downloads: Option<IdMap<[u64; 2]>>,
    download_rows: u64,
    downloads_outside: u64,
    crate_downloads: Option<Vec<(u32, u64, u32)>>,
    default_versions: Option<Vec<(u32, u32, u32)>>,
    /// (crate id, owner id, kind, line, added at).
    owners: Option<Vec<OwnerRow>>,
    /// User id → GitHub login.
    users: Option<IdMap<String>>,
    /// Team id → login (`github:org:team`).
    teams: Option<IdMap<String>>,
    categories: Option<IdMap<String>>,
    crates_categories: Option<Vec<(u32, u32, u32)>>,
    keywords: Option<IdMap<String>>,
    crates_keywords: Option<Vec<(u32, u32, u32)>>,
    notes: Vec<String>,
}

fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

impl Reader<'_> {
    fn dump_time(&self) -> Option<i64> {
        self.meta_time.or(self.folder_time)
    }

    fn row_err(&self, file: &str, line: u32, problem: String) -> DumpError {
        DumpError::Row {
            archive: self.archive.to_path_buf(),
            file: file.to_owned(),
            line: u64::from(line),
            problem,
        }
    }

    fn csv(
        &mut self,
        file: &str,
        r: &mut dyn Read,
        wanted: &[&'static str],
        required: &[&'static str],
        each: impl FnMut(&csvread::Row<'_>, u64) -> Result<(), String>,
    ) -> Result<(), DumpError> {
        let stats = csvread::read(
            self.archive,
            file,
            r,
            wanted,
            required,
            known_columns(file),
            each,
        )?;
        if !stats.unknown_columns.is_empty() {
            self.notes.push(format!(
                "`{file}`: unknown column{} ignored: {}",
                if stats.unknown_columns.len() == 1 {
                    ""
                } else {
                    "s"
                },
                stats.unknown_columns.join(", ")
            ));
        }
        Ok(())
    }

    fn metadata(&mut self, r: &mut dyn Read) -> Result<(), DumpError> {
        let mut text = String::new();
        r.take(MAX_METADATA_BYTES)
            .read_to_string(&mut text)
            .map_err(|source| DumpError::Read {
                archive: self.archive.to_path_buf(),
                file: Some("metadata.json".into()),
                source,
            })?;
        let bad = |problem: String| DumpError::Row {
            archive: self.archive.to_path_buf(),
            file: "metadata.json".into(),
            line: 1,
            problem,
        };
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
        let ts = v["timestamp"]
            .as_str()
            .ok_or_else(|| bad("no `timestamp`".into()))?;
        let t: jiff::Timestamp = ts
            .parse()
            .or_else(|_| {
                parse_timestamp(ts.as_bytes())
                    .and_then(|s| jiff::Timestamp::from_second(s).ok())
                    .ok_or(())
            })
            .map_err(|_| bad(format!("`timestamp` is not a time: `{ts}`")))?;
        let secs = t.as_second();
        if let Some(folder) = self.folder_time
            && (folder - secs).abs() > MAX_CLOCK_SKEW_SECONDS
        {
            return Err(bad(format!(
                "`timestamp` {ts} disagrees with the archive's top folder"
            )));
        }
        if self.folder_time.is_none() && self.downloads.is_some() {
            return Err(bad(
                "read after `data/version_downloads.csv`: the download window was unknown".into(),
            ));
        }
        self.meta_time = Some(secs);
        self.commit = v["crates_io_commit"].as_str().map(str::to_owned);
        Ok(())
    }
}

impl Visitor for Reader<'_> {
    fn top_folder(&mut self, time: i64) -> Result<(), DumpError> {
        self.folder_time = Some(time);
        Ok(())
    }

    fn file(&mut self, name: &str, r: &mut dyn Read) -> Result<(), DumpError> {
        if self.seen.iter().any(|s| s == name) {
            return Err(DumpError::Layout {
                archive: self.archive.to_path_buf(),
                problem: format!("`{name}` appears twice"),
            });
        }
        self.seen.push(name.to_owned());
        match name {
            "metadata.json" => self.metadata(r)?,
            "data/crates.csv" => {
                let mut c = std::mem::take(&mut self.crates);
                let mut index: IdMap<u32> = IdMap::default();
                self.csv(
                    name,
                    r,
                    &["id", "name", "created_at", "downloads", "trustpub_only"],
                    &["id", "name", "created_at"],
                    |row, _| {
                        let id = row.id(0)?;
                        if index.insert(id, c.ids.len() as u32).is_some() {
                            return Err(format!("crate id {id} appears twice"));
                        }
                        c.ids.push(id);
                        c.names.push(row.text(1)?.to_owned());
                        c.created.push(row.timestamp(2)?);
                        c.downloads_col.push(match row.raw(3) {
                            Some(_) => Some(row.u64(3)?),
                            None => None,
                        });
                        c.trustpub_only.push(match row.raw(4) {
                            Some(b) if !b.is_empty() => Some(row.bool(4)?),
                            _ => None,
                        });
                        Ok(())
                    },
                )?;
                self.crates = c;
            }
            "data/versions.csv" => {
                let mut v = std::mem::take(&mut self.versions);
                self.csv(
                    name,
                    r,
                    &[
                        "id",
                        "crate_id",
                        "num",
                        "created_at",
                        "yanked",
                        "published_by",
                    ],
                    &["id", "crate_id", "num", "created_at", "yanked"],
                    |row, line| {
                        v.ids.push(row.id(0)?);
                        v.crate_ids.push(row.id(1)?);
                        let num = row.text(2)?;
                        v.nums.push(
                            semver::Version::parse(num)
                                .map_err(|e| format!("`num` is not a version: `{num}`: {e}"))?,
                        );
                        v.created.push(row.timestamp(3)?);
                        v.yanked.push(row.bool(4)?);
                        v.published_by.push(match row.raw(5) {
                            None => {
                                v.no_publishers = true;
                                0
                            }
                            Some([]) => 0,
                            Some(_) => row.id(5)?,
                        });
                        v.lines.push(line32(line));
                        Ok(())
                    },
                )?;
                self.versions = v;
            }
            "data/dependencies.csv" => {
                let mut d = std::mem::take(&mut self.deps);
                self.csv(
                    name,
                    r,
                    &["version_id", "crate_id", "kind"],
                    &["version_id", "crate_id", "kind"],
                    |row, line| {
                        d.version_ids.push(row.id(0)?);
                        d.crate_ids.push(row.id(1)?);
                        let kind = row.u64(2)?;
                        if kind > 2 {
                            return Err(format!(
                                "`kind` must be 0 (normal), 1 (build) or 2 (dev): {kind}"
                            ));
                        }
                        d.kinds.push(kind as u8);
                        d.lines.push(line32(line));
                        Ok(())
                    },
                )?;
                self.deps = d;
            }
            "data/version_downloads.csv" => {
                let Some(t) = self.dump_time() else {
                    return Err(DumpError::Layout {
                        archive: self.archive.to_path_buf(),
                        problem: "`data/version_downloads.csv` comes before the dump's date is known (no top folder, no metadata.json first)".into(),
                    });
                };
                let day = t.div_euclid(86_400);
                let (start, mid) = (day - DOWNLOAD_WINDOW_DAYS, day - HALF_WINDOW_DAYS);
                let mut sums: IdMap<[u64; 2]> = IdMap::default();
                let mut rows = 0u64;
                let mut outside = 0u64;
                self.csv(
                    name,
                    r,
                    &["version_id", "date", "downloads"],
                    &["version_id", "date", "downloads"],
                    |row, _| {
                        let v = row.id(0)?;
                        let d = row.day(1)?;
                        let n = row.u64(2)?;
                        rows += 1;
                        if d <= start || d > day {
                            outside += 1;
                            return Ok(());
                        }
                        let slot = sums.entry(v).or_insert([0, 0]);
                        let half = usize::from(d <= mid);
                        slot[half] = slot[half].saturating_add(n);
                        Ok(())
                    },
                )?;
                self.download_rows = rows;
                self.downloads_outside = outside;
                self.downloads = Some(sums);
            }
            "data/crate_downloads.csv" => {
                let mut out = Vec::new();
                self.csv(
                    name,
                    r,
                    &["crate_id", "downloads"],
                    &["crate_id", "downloads"],
                    |row, line| {
                        out.push((row.id(0)?, row.u64(1)?, line32(line)));
                        Ok(())
                    },
                )?;
                self.crate_downloads = Some(out);
            }
            "data/default_versions.csv" => {
                let mut out = Vec::new();
                self.csv(
                    name,
                    r,
                    &["crate_id", "version_id"],
                    &["crate_id", "version_id"],
                    |row, line| {
                        out.push((row.id(0)?, row.id(1)?, line32(line)));
                        Ok(())
                    },
                )?;
                self.default_versions = Some(out);
            }
            "data/crate_owners.csv" => {
                let mut out = Vec::new();
                self.csv(
                    name,
                    r,
                    &["crate_id", "owner_id", "owner_kind", "created_at"],
                    &["crate_id", "owner_id", "owner_kind"],
                    |row, line| {
                        let kind = row.u64(2)?;
                        if kind > 1 {
                            return Err(format!(
                                "`owner_kind` must be 0 (user) or 1 (team): {kind}"
                            ));
                        }
                        let added = match row.raw(3) {
                            Some(b) if !b.is_empty() => row.timestamp(3)?,
                            _ => 0,
                        };
                        out.push((row.id(0)?, row.id(1)?, kind as u8, line32(line), added));
                        Ok(())
                    },
                )?;
                self.owners = Some(out);
            }
            "data/users.csv" | "data/teams.csv" => {
                let col = if name == "data/users.csv" {
                    "gh_login"
                } else {
                    "login"
                };
                let mut out: IdMap<String> = IdMap::default();
                self.csv(name, r, &["id", col], &["id", col], |row, _| {
                    out.insert(row.id(0)?, row.text(1)?.to_owned());
                    Ok(())
                })?;
                if name == "data/users.csv" {
                    self.users = Some(out);
                } else {
                    self.teams = Some(out);
                }
            }
            "data/categories.csv" | "data/keywords.csv" => {
                let col = if name == "data/categories.csv" {
                    "slug"
                } else {
                    "keyword"
                };
                let mut out: IdMap<String> = IdMap::default();
                self.csv(name, r, &["id", col], &["id", col], |row, _| {
                    out.insert(row.id(0)?, row.text(1)?.to_owned());
                    Ok(())
                })?;
                if name == "data/categories.csv" {
                    self.categories = Some(out);
                } else {
                    self.keywords = Some(out);
                }
            }
            "data/crates_categories.csv" | "data/crates_keywords.csv" => {
                let col = if name == "data/crates_categories.csv" {
                    "category_id"
                } else {
                    "keyword_id"
                };
                let mut out = Vec::new();
                self.csv(
                    name,
                    r,
                    &["crate_id", col],
                    &["crate_id", col],
                    |row, line| {
                        out.push((row.id(0)?, row.id(1)?, line32(line)));
                        Ok(())
                    },
                )?;
                if name == "data/crates_categories.csv" {
                    self.crates_categories = Some(out);
                } else {
                    self.crates_keywords = Some(out);
                }
            }
            // README.md, export.sql, import.sql, schema.sql and the tables
            // cratescope does not use (users, teams, reserved names…).
            _ => {}
        }
        Ok(())
    }
}

/// Dense index of ids: a vector when the ids are compact (they come from
/// sequences), a hash map otherwise.
enum Index {
    Dense(Vec<u32>),
    Sparse(IdMap<u32>),
}

impl Index {
    const NONE: u32 = u32::MAX;

    fn new(ids: &[u32]) -> Index {
        let max = ids.iter().copied().max().unwrap_or(0) as usize;
        // A dense table costs 4 bytes per possible id; accept up to 8 per
        // real row before falling back to hashing.
        if max <= ids.len().saturating_mul(8) + 1024 {
            let mut v = vec![Self::NONE; max + 1];
            for (i, &id) in ids.iter().enumerate() {
                v[id as usize] = i as u32;
            }
            Index::Dense(v)
        } else {
            Index::Sparse(
                ids.iter()
                    .enumerate()
                    .map(|(i, &id)| (id, i as u32))
                    .collect(),
            )
        }
    }

    /// Distinct ids indexed (fewer than rows when an id repeats).
    fn len(&self) -> usize {
        match self {
            Index::Dense(v) => v.iter().filter(|&&i| i != Self::NONE).count(),
            Index::Sparse(m) => m.len(),
        }
    }

    fn get(&self, id: u32) -> Option<u32> {
        match self {
            Index::Dense(v) => v.get(id as usize).copied().filter(|&i| i != Self::NONE),
            Index::Sparse(m) => m.get(&id).copied(),
        }
    }
}

/// Reads the archive and computes every crate's figures.
pub(crate) fn import(path: &Path, progress: Arc<dyn Progress>) -> Result<Imported, DumpError> {
    let mut r = Reader {
        archive: path,
        folder_time: None,
        meta_time: None,
        commit: None,
        seen: Vec::new(),
        crates: Crates::default(),
        versions: Versions::default(),
        deps: Deps::default(),
        downloads: None,
        download_rows: 0,
        downloads_outside: 0,
        crate_downloads: None,
        default_versions: None,
        owners: None,
        users: None,
        teams: None,
        categories: None,
        crates_categories: None,
        keywords: None,
        crates_keywords: None,
        notes: Vec::new(),
    };
    archive::walk(path, ZIP_ORDER, progress, &mut r)?;
    finish(r)
}

fn missing(archive: &Path, what: &str) -> DumpError {
    DumpError::Layout {
        archive: archive.to_path_buf(),
        problem: format!("no `{what}`"),
    }
}

fn finish(r: Reader<'_>) -> Result<Imported, DumpError> {
    let archive: PathBuf = r.archive.to_path_buf();
    for required in [
        "metadata.json",
        "data/crates.csv",
        "data/versions.csv",
        "data/dependencies.csv",
    ] {
        if !r.seen.iter().any(|s| s == required) {
            return Err(missing(&archive, required));
        }
    }
    let dump_time = r
        .dump_time()
        .ok_or_else(|| missing(&archive, "metadata.json"))?;
    let n = r.crates.ids.len();
    let crate_index = Index::new(&r.crates.ids);
    let nv = r.versions.ids.len();
    let version_index = Index::new(&r.versions.ids);
    if version_index.len() != nv {
        return Err(DumpError::Layout {
            archive,
            problem: "`data/versions.csv` lists a version id twice".into(),
        });
    }

    // Versions → crates.
    let mut ver_crate = Vec::with_capacity(nv);
    for i in 0..nv {
        let c = crate_index.get(r.versions.crate_ids[i]).ok_or_else(|| {
            r.row_err(
                "data/versions.csv",
                r.versions.lines[i],
                format!(
                    "crate id {} is not in `data/crates.csv`",
                    r.versions.crate_ids[i]
                ),
            )
        })?;
        ver_crate.push(c);
    }
    let by_crate = graph::Csr::new(n, ver_crate.iter().enumerate().map(|(v, &c)| (c, v as u32)));

    // Dependency rows → (version index, target crate index, runtime).
    let nd = r.deps.version_ids.len();
    let mut dep_ver = Vec::with_capacity(nd);
    let mut dep_target = Vec::with_capacity(nd);
    for i in 0..nd {
        let v = version_index.get(r.deps.version_ids[i]).ok_or_else(|| {
            r.row_err(
                "data/dependencies.csv",
                r.deps.lines[i],
                format!(
                    "version id {} is not in `data/versions.csv`",
                    r.deps.version_ids[i]
                ),
            )
        })?;
        let t = crate_index.get(r.deps.crate_ids[i]).ok_or_else(|| {
            r.row_err(
                "data/dependencies.csv",
                r.deps.lines[i],
                format!(
                    "crate id {} is not in `data/crates.csv`",
                    r.deps.crate_ids[i]
                ),
            )
        })?;
        dep_ver.push(v);
        dep_target.push(t);
    }
    let dep_runtime: Vec<bool> = r.deps.kinds.iter().map(|&k| k != 2).collect();
    let deps_of_version =
        graph::Csr::new(nv, dep_ver.iter().enumerate().map(|(i, &v)| (v, i as u32)));

    // Default versions: crates.io's table, else its rule; and for the past,
    // when each version was the default.
    let (from, until) = default_spans(&r.versions, &by_crate, n);
    let mut default_now: Vec<Option<u32>> = (0..n)
        .map(|c| {
            by_crate
                .of(c)
                .iter()
                .copied()
                .find(|&v| until[v as usize] == i64::MAX && from[v as usize] < i64::MAX)
        })
        .collect();
    if let Some(rows) = &r.default_versions {
        for &(cid, vid, line) in rows {
            let c = crate_index.get(cid).ok_or_else(|| {
                r.row_err(
                    "data/default_versions.csv",
                    line,
                    format!("crate id {cid} is not in `data/crates.csv`"),
                )
            })?;
            let v = version_index.get(vid).ok_or_else(|| {
                r.row_err(
                    "data/default_versions.csv",
                    line,
                    format!("version id {vid} is not in `data/versions.csv`"),
                )
            })?;
            if ver_crate[v as usize] != c {
                return Err(r.row_err(
                    "data/default_versions.csv",
                    line,
                    format!("version id {vid} belongs to another crate than {cid}"),
                ));
            }
            default_now[c as usize] = Some(v);
        }
    }

    // Current edges: target ← dependent, deduplicated, runtime if any row is.
    let mut packed: Vec<u64> = Vec::new();
    for (c, dv) in default_now.iter().enumerate() {
        let Some(v) = dv else { continue };
        if r.versions.yanked[*v as usize] {
            continue;
        }
        for &row in deps_of_version.of(*v as usize) {
            let t = dep_target[row as usize];
            if t as usize == c {
                continue;
            }
            packed.push(
                (u64::from(t) << 32)
                    | (u64::from(c as u32) << 1)
                    | u64::from(dep_runtime[row as usize]),
            );
        }
    }
    packed.sort_unstable();
    let mut dependents = vec![0u64; n];
    let mut dependents_runtime = vec![0u64; n];
    let mut runtime_edges: Vec<(u32, u32)> = Vec::new();
    let mut i = 0;
    while i < packed.len() {
        let key = packed[i] >> 1;
        let mut rt = false;
        while i < packed.len() && packed[i] >> 1 == key {
            rt |= packed[i] & 1 == 1;
            i += 1;
        }
        let t = (key >> 31) as u32;
        let c = (key & 0x7fff_ffff) as u32;
        dependents[t as usize] += 1;
        if rt {
            dependents_runtime[t as usize] += 1;
            runtime_edges.push((t, c));
        }
    }
    drop(packed);
    let closure = graph::closure_sizes(n, &runtime_edges);

    // Owners.
    let mut owner_users = vec![0u64; n];
    let mut owner_teams = vec![0u64; n];
    let mut dependent_owners = vec![0u64; n];
    if let Some(rows) = &r.owners {
        let mut keyed: IdMap<u32> = IdMap::default();
        let mut team_keys: IdMap<u32> = IdMap::default();
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(rows.len());
        for &(cid, oid, kind, line, _) in rows {
            let c = crate_index.get(cid).ok_or_else(|| {
                r.row_err(
                    "data/crate_owners.csv",
                    line,
                    format!("crate id {cid} is not in `data/crates.csv`"),
                )
            })?;
            let next = (keyed.len() + team_keys.len()) as u32;
            let key = if kind == 0 {
                owner_users[c as usize] += 1;
                *keyed.entry(oid).or_insert(next)
            } else {
                owner_teams[c as usize] += 1;
                *team_keys.entry(oid).or_insert(next)
            };
            pairs.push((c, key));
        }
        let owners_of = graph::Csr::new(n, pairs.iter().copied());
        let mut buf: Vec<u32> = Vec::new();
        let mut j = 0;
        while j < runtime_edges.len() {
            let t = runtime_edges[j].0;
            buf.clear();
            while j < runtime_edges.len() && runtime_edges[j].0 == t {
                buf.extend_from_slice(owners_of.of(runtime_edges[j].1 as usize));
                j += 1;
            }
            buf.sort_unstable();
            buf.dedup();
            dependent_owners[t as usize] = buf.len() as u64;
        }
    }

    // Downloads.
    let mut recent = vec![0u64; n];
    let mut prev = vec![0u64; n];
    if let Some(sums) = &r.downloads {
        for (vid, [a, b]) in sums {
            // Rows for versions missing from versions.csv (deleted since) are
            // counted nowhere, as on crates.io.
            if let Some(v) = version_index.get(*vid) {
                let c = ver_crate[v as usize] as usize;
                recent[c] = recent[c].saturating_add(*a);
                prev[c] = prev[c].saturating_add(*b);
            }
        }
    }
    let mut totals: Vec<Option<u64>> = r.crates.downloads_col.clone();
    if let Some(rows) = &r.crate_downloads {
        totals = vec![Some(0); n];
        for &(cid, d, line) in rows {
            let c = crate_index.get(cid).ok_or_else(|| {
                r.row_err(
                    "data/crate_downloads.csv",
                    line,
                    format!("crate id {cid} is not in `data/crates.csv`"),
                )
            })?;
            totals[c as usize] = Some(d);
        }
    }

    // Categories and keywords.
    let labels = |links: &Option<Vec<(u32, u32, u32)>>,
                  names: &Option<IdMap<String>>,
                  file: &str,
                  names_file: &str|
     -> Result<Vec<Vec<String>>, DumpError> {
        let mut out = vec![Vec::new(); n];
        let (Some(links), Some(names)) = (links, names) else {
            return Ok(out);
        };
        for &(cid, lid, line) in links {
            let c = crate_index.get(cid).ok_or_else(|| {
                r.row_err(
                    file,
                    line,
                    format!("crate id {cid} is not in `data/crates.csv`"),
                )
            })?;
            let name = names.get(&lid).ok_or_else(|| {
                r.row_err(file, line, format!("id {lid} is not in `{names_file}`"))
            })?;
            out[c as usize].push(name.clone());
        }
        for l in out.iter_mut() {
            l.sort();
        }
        Ok(out)
    };
    let categories = labels(
        &r.crates_categories,
        &r.categories,
        "data/crates_categories.csv",
        "data/categories.csv",
    )?;
    let keywords = labels(
        &r.crates_keywords,
        &r.keywords,
        "data/crates_keywords.csv",
        "data/keywords.csv",
    )?;

    let mut notes = r.notes.clone();
    let has = |f: &str| r.seen.iter().any(|s| s == f);
    for (file, feeds) in [
        (
            "data/version_downloads.csv",
            "downloads of the last 90 days",
        ),
        ("data/crate_owners.csv", "owners and dependent owners"),
        (
            "data/default_versions.csv",
            "crates.io's default versions (derived from versions instead)",
        ),
    ] {
        if !has(file) {
            notes.push(format!("no `{file}`: {feeds} not available"));
        }
    }
    if r.crate_downloads.is_none() && r.crates.downloads_col.iter().all(Option::is_none) {
        notes.push("no `data/crate_downloads.csv`: all-time downloads not available".into());
    }
    if r.downloads_outside > 0 {
        notes.push(format!(
            "`data/version_downloads.csv`: {} rows outside the 90 days before the dump ignored",
            r.downloads_outside
        ));
    }
    let has_downloads = r.downloads.is_some();
    let has_owners = r.owners.is_some();
    let crates: Vec<CrateRow> = (0..n)
        .map(|c| CrateRow {
            name: r.crates.names[c].clone(),
            created_at: r.crates.created[c],
            downloads_total: totals.get(c).copied().flatten(),
            downloads_90d: has_downloads.then(|| recent[c].saturating_add(prev[c])),
            downloads_recent_45d: has_downloads.then_some(recent[c]),
            downloads_prev_45d: has_downloads.then_some(prev[c]),
            dependents: dependents[c],
            dependents_runtime: dependents_runtime[c],
            dependent_owners: has_owners.then_some(dependent_owners[c]),
            indirect_dependents: closure[c].saturating_sub(dependents_runtime[c]),
            owner_users: has_owners.then_some(owner_users[c]),
            owner_teams: has_owners.then_some(owner_teams[c]),
            categories: categories[c].clone(),
            keywords: keywords[c].clone(),
        })
        .collect();

    // The past: every row, by target.
    let mut rows: Vec<u64> = (0..nd)
        .map(|i| {
            (u64::from(dep_target[i]) << 32)
                | u64::from(dep_ver[i] | if dep_runtime[i] { RUNTIME_BIT } else { 0 })
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let past = PastGraph {
        offsets: {
            let mut o = vec![0u32; n + 1];
            for &x in &rows {
                o[(x >> 32) as usize + 1] += 1;
            }
            for k in 0..n {
                o[k + 1] += o[k];
            }
            o
        },
        rows: rows.iter().map(|&x| x as u32).collect(),
        ver_crate,
        from,
        until,
    };

    // Publishing: versions with their publishers, owners with the day each
    // was added (ids resolved to logins; an id missing from users.csv or
    // teams.csv keeps its number).
    let has_publishers = r.versions.published_by.len() == nv && !r.versions.no_publishers;
    let mut publishing: Vec<Option<PublishingRow>> = vec![None; n];
    if has_publishers {
        for (c, slot) in publishing.iter_mut().enumerate() {
            let mut row = PublishingRow {
                versions: by_crate
                    .of(c)
                    .iter()
                    .map(|&v| {
                        let v = v as usize;
                        (
                            r.versions.nums[v].to_string(),
                            r.versions.created[v],
                            r.versions.published_by[v],
                        )
                    })
                    .collect(),
                owners: Vec::new(),
                trustpub_only: r.crates.trustpub_only.get(c).copied().flatten(),
            };
            row.versions.sort_by_key(|x| x.1);
            *slot = Some(row);
        }
        if let Some(rows) = &r.owners {
            for &(cid, oid, kind, _, added) in rows {
                let Some(c) = crate_index.get(cid) else {
                    continue;
                };
                let names = if kind == 0 { &r.users } else { &r.teams };
                let login = names
                    .as_ref()
                    .and_then(|m| m.get(&oid).cloned())
                    .unwrap_or_else(|| format!("#{oid}"));
                if let Some(p) = publishing[c as usize].as_mut() {
                    p.owners.push((login, kind == 1, added));
                }
            }
        }
    }
    let mut logins: Vec<(u32, String)> = Vec::new();
    if let Some(users) = &r.users {
        let mut used: Vec<u32> = r
            .versions
            .published_by
            .iter()
            .copied()
            .filter(|&u| u != 0)
            .collect();
        used.sort_unstable();
        used.dedup();
        logins = used
            .into_iter()
            .filter_map(|u| users.get(&u).map(|l| (u, l.clone())))
            .collect();
    }

    Ok(Imported {
        dump_time,
        commit: r.commit.clone(),
        crates,
        publishing,
        logins,
        past,
        versions: nv as u64,
        dependency_rows: nd as u64,
        download_rows: r.download_rows,
        notes,
    })
}

/// For each version, the span during which it was its crate's default
/// version: crates.io's rule (the highest non-yanked non-prerelease, else
/// the highest non-yanked, else the highest) applied to the versions
/// published so far. Yanks count as they are now, and a yanked default
/// gets no span (the crate is left out, as crates.io leaves it out).
/// `[from, until)`; `from == until == i64::MAX` for a version that never was
/// the default.
fn default_spans(v: &Versions, by_crate: &graph::Csr, n: usize) -> (Vec<i64>, Vec<i64>) {
    let nv = v.ids.len();
    let mut from = vec![i64::MAX; nv];
    let mut until = vec![i64::MAX; nv];
    let mut order: Vec<u32> = Vec::new();
    for c in 0..n {
        order.clear();
        order.extend_from_slice(by_crate.of(c));
        order.sort_by_key(|&i| (v.created[i as usize], i));
        let (mut best_stable, mut best_live, mut best_any): (
            Option<u32>,
            Option<u32>,
            Option<u32>,
        ) = (None, None, None);
        let mut current: Option<u32> = None;
        let higher = |a: Option<u32>, b: u32| match a {
            None => true,
            Some(a) => v.nums[b as usize] > v.nums[a as usize],
        };
        for &i in &order {
            let iu = i as usize;
            if higher(best_any, i) {
                best_any = Some(i);
            }
            if !v.yanked[iu] {
                if higher(best_live, i) {
                    best_live = Some(i);
                }
                if v.nums[iu].pre.is_empty() && higher(best_stable, i) {
                    best_stable = Some(i);
                }
            }
            // A yanked default version drops the crate from the counts
            // (crates.io does the same): give it no span.
            let next = best_stable
                .or(best_live)
                .or(best_any)
                .filter(|&d| !v.yanked[d as usize]);
            if next != current {
                let t = v.created[iu];
                if let Some(old) = current {
                    until[old as usize] = t;
                }
                if let Some(new) = next {
                    from[new as usize] = t;
                    until[new as usize] = i64::MAX;
                }
                current = next;
            }
        }
    }
    (from, until)
}
