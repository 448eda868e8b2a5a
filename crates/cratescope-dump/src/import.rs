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
use crate::eco::{EcoArrays, FLAG_DEFAULT_FEATURES, FLAG_OPTIONAL, FLAG_YANKED};
use crate::error::DumpError;
use crate::graph::{self, PastGraph, RUNTIME_BIT};
use crate::intern::Interner;

/// Days of daily downloads the dump keeps, and so the usage window.
pub const DOWNLOAD_WINDOW_DAYS: i64 = 90;
/// The two halves of the window compared for growth.
pub const HALF_WINDOW_DAYS: i64 = DOWNLOAD_WINDOW_DAYS / 2;
/// A requirement, a target or a `rust_version` longer than this is not one
/// (real ones are a few dozen bytes): the row is refused, naming its line.
const MAX_SHORT_TEXT: usize = 4096;
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
    /// Candidate successors (`successor.rs`).
    pub successors: Vec<cratescope_model::SuccessorCandidate>,
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
    pub eco: EcoArrays,
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
    /// The repository URL, normalised (`successor.rs`).
    repos: Vec<Option<String>>,
}

#[derive(Default)]
struct Versions {
    ids: Vec<u32>,
    crate_ids: Vec<u32>,
    lines: Vec<u32>,
    created: Vec<i64>,
    yanked: Vec<bool>,
    nums: Vec<semver::Version>,
    num_ids: Vec<u32>,
    rust: Vec<u32>,
    num_texts: Interner,
    rust_texts: Interner,
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
    reqs: Vec<u32>,
    cfgs: Vec<u32>,
    /// [`FLAG_OPTIONAL`], [`FLAG_DEFAULT_FEATURES`].
    flags: Vec<u8>,
    req_texts: Interner,
    cfg_texts: Interner,
}

/// Daily download rows as read: version id, day in the window (0 = its
/// first day), downloads.
#[derive(Default)]
struct DailyRows {
    vids: Vec<u32>,
    days: Vec<u8>,
    downloads: Vec<u32>,
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
    /// Daily downloads inside the window.
    downloads: Option<DailyRows>,
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
    /// id → (slug, display name).
    categories: Option<IdMap<(String, String)>>,
    crates_categories: Option<Vec<(u32, u32, u32)>>,
    keywords: Option<IdMap<(String, String)>>,
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
                    &[
                        "id",
                        "name",
                        "created_at",
                        "downloads",
                        "trustpub_only",
                        "repository",
                    ],
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
                        // A repository that is not UTF-8 or not a URL is
                        // no repository to compare, not a bad row.
                        c.repos.push(
                            row.raw(5)
                                .and_then(|b| std::str::from_utf8(b).ok())
                                .and_then(crate::successor::normalise_repository),
                        );
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
                        "rust_version",
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
                        v.num_ids.push(v.num_texts.id(num.as_bytes()));
                        v.created.push(row.timestamp(3)?);
                        v.yanked.push(row.bool(4)?);
                        let rust = row.raw(5).unwrap_or_default();
                        if rust.len() > MAX_SHORT_TEXT {
                            return Err(format!(
                                "`rust_version` is longer than {MAX_SHORT_TEXT} bytes"
                            ));
                        }
                        v.rust.push(v.rust_texts.id(rust));
                        v.published_by.push(match row.raw(6) {
                            None => {
                                v.no_publishers = true;
                                0
                            }
                            Some([]) => 0,
                            Some(_) => row.id(6)?,
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
                    &[
                        "version_id",
                        "crate_id",
                        "kind",
                        "req",
                        "optional",
                        "target",
                        "default_features",
                    ],
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
                        let short = |i: usize, col: &str| -> Result<&[u8], String> {
                            let b = row.raw(i).unwrap_or_default();
                            if b.len() > MAX_SHORT_TEXT {
                                return Err(format!(
                                    "`{col}` is longer than {MAX_SHORT_TEXT} bytes"
                                ));
                            }
                            Ok(b)
                        };
                        let req = short(3, "req")?;
                        d.reqs.push(d.req_texts.id(req));
                        let cfg = short(5, "target")?;
                        d.cfgs.push(d.cfg_texts.id(cfg));
                        let mut flags = 0u8;
                        if row.raw(4).is_some() && row.bool(4)? {
                            flags |= FLAG_OPTIONAL;
                        }
                        // Absent in old dumps: cargo's default is on.
                        if row.raw(6).is_none() || row.bool(6)? {
                            flags |= FLAG_DEFAULT_FEATURES;
                        }
                        d.flags.push(flags);
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
                let start = day - DOWNLOAD_WINDOW_DAYS;
                let mut rows = DailyRows::default();
                let mut count = 0u64;
                let mut outside = 0u64;
                let mut clamped = 0u64;
                self.csv(
                    name,
                    r,
                    &["version_id", "date", "downloads"],
                    &["version_id", "date", "downloads"],
                    |row, _| {
                        let v = row.id(0)?;
                        let d = row.day(1)?;
                        let n = row.u64(2)?;
                        count += 1;
                        if d <= start || d > day {
                            outside += 1;
                            return Ok(());
                        }
                        rows.vids.push(v);
                        // 1..=90 → 0..=89.
                        rows.days.push((d - start - 1) as u8);
                        // No version is downloaded four billion times a
                        // day: such a row is clamped, and counted.
                        rows.downloads.push(u32::try_from(n).unwrap_or_else(|_| {
                            clamped += 1;
                            u32::MAX
                        }));
                        Ok(())
                    },
                )?;
                self.download_rows = count;
                self.downloads_outside = outside;
                if clamped > 0 {
                    self.notes.push(format!(
                        "`data/version_downloads.csv`: {clamped} rows above {} downloads a day clamped",
                        u32::MAX
                    ));
                }
                self.downloads = Some(rows);
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
                let (col, label) = if name == "data/categories.csv" {
                    ("slug", "category")
                } else {
                    ("keyword", "keyword")
                };
                let mut out: IdMap<(String, String)> = IdMap::default();
                self.csv(name, r, &["id", col, label], &["id", col], |row, _| {
                    let key = row.text(1)?.to_owned();
                    let shown = match row.raw(2) {
                        Some(_) => row.text(2)?.to_owned(),
                        None => key.clone(),
                    };
                    out.insert(row.id(0)?, (key, shown));
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
    let commit = r.commit.clone();
    let download_rows = r.download_rows;
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

    // Versions → crates (in the file's order).
    let mut file_crate = Vec::with_capacity(nv);
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
        file_crate.push(c);
    }
    // From here on a version is its position in publish order within its
    // crate, crates in `crates.csv` order: each crate's versions are one
    // contiguous, time-ordered range.
    let mut order: Vec<u32> = (0..nv as u32).collect();
    order.sort_unstable_by_key(|&i| (file_crate[i as usize], r.versions.created[i as usize], i));
    let mut new_of = vec![0u32; nv];
    for (new, &old) in order.iter().enumerate() {
        new_of[old as usize] = new as u32;
    }
    let permute = |col: &[u32]| -> Vec<u32> { order.iter().map(|&o| col[o as usize]).collect() };
    let ver_crate = permute(&file_crate);
    drop(file_crate);
    let ver_created: Vec<i64> = order
        .iter()
        .map(|&o| r.versions.created[o as usize])
        .collect();
    let ver_yanked: Vec<bool> = order
        .iter()
        .map(|&o| r.versions.yanked[o as usize])
        .collect();
    let ver_nums: Vec<&semver::Version> = order
        .iter()
        .map(|&o| &r.versions.nums[o as usize])
        .collect();
    let mut ver_offsets = vec![0u32; n + 1];
    for &c in &ver_crate {
        ver_offsets[c as usize + 1] += 1;
    }
    for c in 0..n {
        ver_offsets[c + 1] += ver_offsets[c];
    }

    // Dependency rows → (version, target crate, runtime), grouped by version.
    let nd = r.deps.version_ids.len();
    let mut dep_ver = Vec::with_capacity(nd);
    let mut dep_target_file = Vec::with_capacity(nd);
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
        dep_ver.push(new_of[v as usize]);
        dep_target_file.push(t);
    }
    // A counting sort of the rows by version (stable: the file's order
    // within a version).
    let mut dep_offsets = vec![0u32; nv + 1];
    for &v in &dep_ver {
        dep_offsets[v as usize + 1] += 1;
    }
    for v in 0..nv {
        dep_offsets[v + 1] += dep_offsets[v];
    }
    let mut dep_order = vec![0u32; nd];
    {
        let mut fill = dep_offsets.clone();
        for (i, &v) in dep_ver.iter().enumerate() {
            let slot = &mut fill[v as usize];
            dep_order[*slot as usize] = i as u32;
            *slot += 1;
        }
    }
    let by_row = |col: &[u32]| -> Vec<u32> { dep_order.iter().map(|&i| col[i as usize]).collect() };
    let dep_target = by_row(&dep_target_file);
    drop(dep_target_file);
    let dep_req = by_row(&r.deps.reqs);
    let dep_cfg = by_row(&r.deps.cfgs);
    let dep_flags: Vec<u8> = dep_order
        .iter()
        .map(|&i| r.deps.flags[i as usize] | r.deps.kinds[i as usize])
        .collect();
    let sorted_ver: Vec<u32> = dep_order.iter().map(|&i| dep_ver[i as usize]).collect();
    drop(dep_ver);
    drop(dep_order);
    let runtime = |row: usize| dep_flags[row] & 0b11 != 2;

    // Default versions: crates.io's table, else its rule; and for the past,
    // when each version was the default.
    let (from, until) = default_spans(&ver_nums, &ver_yanked, &ver_offsets, &ver_created);
    let mut default_now: Vec<Option<u32>> = (0..n)
        .map(|c| {
            (ver_offsets[c]..ver_offsets[c + 1])
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
            let v = new_of[v as usize];
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
        if ver_yanked[*v as usize] {
            continue;
        }
        let rows = dep_offsets[*v as usize] as usize..dep_offsets[*v as usize + 1] as usize;
        for (row, &t) in rows.clone().zip(&dep_target[rows]) {
            if t as usize == c {
                continue;
            }
            packed
                .push((u64::from(t) << 32) | (u64::from(c as u32) << 1) | u64::from(runtime(row)));
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
    // The closure is the longest computation here and needs only the
    // edges: it runs beside the rest (owners, downloads, labels, the past).
    let closure_job = {
        let edges = runtime_edges.clone();
        std::thread::spawn(move || graph::closure_sizes(n, &edges))
    };

    // Owners.
    let mut owner_users = vec![0u64; n];
    let mut owner_teams = vec![0u64; n];
    let mut dependent_owners = vec![0u64; n];
    let mut owner_pairs: Vec<(u32, u32)> = Vec::new();
    if let Some(rows) = &r.owners {
        let mut keyed: IdMap<u32> = IdMap::default();
        let mut team_keys: IdMap<u32> = IdMap::default();
        owner_pairs.reserve(rows.len());
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
            owner_pairs.push((c, key));
        }
        let owners_of = graph::Csr::new(n, owner_pairs.iter().copied());
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
    drop(runtime_edges);

    // Downloads: per crate and day of the window.
    let days = DOWNLOAD_WINDOW_DAYS as usize;
    let half = HALF_WINDOW_DAYS as usize;
    let mut daily = vec![0u32; if r.downloads.is_some() { n * days } else { 0 }];
    if let Some(rows) = &r.downloads {
        // Tens of millions of rows, a day at a time: sum them day-major (one
        // day of every crate fits in cache), with the version → crate map
        // flattened to one lookup, then turn the table crate-major.
        let crate_of_version: Vec<u32> = {
            let max = r.versions.ids.iter().copied().max().unwrap_or(0) as usize;
            let mut m = vec![
                u32::MAX;
                if max <= nv.saturating_mul(8) + 1024 {
                    max + 1
                } else {
                    0
                }
            ];
            for (old, &id) in r.versions.ids.iter().enumerate() {
                if let Some(slot) = m.get_mut(id as usize) {
                    *slot = ver_crate[new_of[old] as usize];
                }
            }
            m
        };
        let crate_of = |vid: u32| -> Option<u32> {
            match crate_of_version.get(vid as usize) {
                Some(&c) => (c != u32::MAX).then_some(c),
                None if crate_of_version.is_empty() => version_index
                    .get(vid)
                    .map(|v| ver_crate[new_of[v as usize] as usize]),
                None => None,
            }
        };
        let mut day_major = vec![0u32; n * days];
        for k in 0..rows.vids.len() {
            // Rows for versions missing from versions.csv (deleted since) are
            // counted nowhere, as on crates.io.
            if let Some(c) = crate_of(rows.vids[k]) {
                let slot = &mut day_major[rows.days[k] as usize * n + c as usize];
                *slot = slot.saturating_add(rows.downloads[k]);
            }
        }
        for (d, day) in day_major.chunks_exact(n.max(1)).enumerate().take(days) {
            for (c, &x) in day.iter().enumerate() {
                daily[c * days + d] = x;
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

    // Categories and keywords: dense ids in the order of their files.
    let labels = |links: &Option<Vec<(u32, u32, u32)>>,
                  names: &Option<IdMap<(String, String)>>,
                  file: &str,
                  names_file: &str|
     -> Result<(Vec<(String, String)>, graph::Csr), DumpError> {
        let (Some(links), Some(names)) = (links, names) else {
            return Ok((Vec::new(), graph::Csr::new(n, std::iter::empty())));
        };
        let mut ids: Vec<(&u32, &(String, String))> = names.iter().collect();
        ids.sort_by(|a, b| a.1.0.cmp(&b.1.0).then(a.0.cmp(b.0)));
        let dense: IdMap<u32> = ids
            .iter()
            .enumerate()
            .map(|(k, (id, _))| (**id, k as u32))
            .collect();
        let mut pairs = Vec::with_capacity(links.len());
        for &(cid, lid, line) in links {
            let c = crate_index.get(cid).ok_or_else(|| {
                r.row_err(
                    file,
                    line,
                    format!("crate id {cid} is not in `data/crates.csv`"),
                )
            })?;
            let k = dense.get(&lid).ok_or_else(|| {
                r.row_err(file, line, format!("id {lid} is not in `{names_file}`"))
            })?;
            pairs.push((c, *k));
        }
        // Sorted by label (the ids are), each pair once.
        pairs.sort_unstable();
        pairs.dedup();
        let table = ids.into_iter().map(|(_, l)| l.clone()).collect();
        Ok((table, graph::Csr::new(n, pairs.into_iter())))
    };
    let (category_table, crate_categories) = labels(
        &r.crates_categories,
        &r.categories,
        "data/crates_categories.csv",
        "data/categories.csv",
    )?;
    let (keyword_table, crate_keywords) = labels(
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
    let closure = closure_job.join().map_err(|_| DumpError::Layout {
        archive: archive.clone(),
        problem: "computing the indirect dependents failed".into(),
    })?;
    let mut canonical = std::collections::HashSet::new();
    let twins = r
        .crates
        .names
        .iter()
        .filter(|n| !canonical.insert(crate::canonical_name(n)))
        .count();
    if twins > 0 {
        notes.push(format!(
            "`data/crates.csv`: {twins} crates named like an earlier one (case, `-` or `_`): a lookup by name finds the first"
        ));
    }
    let has_downloads = r.downloads.is_some();
    let has_owners = r.owners.is_some();
    let names_of = |csr: &graph::Csr, table: &[(String, String)], c: usize| -> Vec<String> {
        csr.of(c)
            .iter()
            .map(|&k| table[k as usize].0.clone())
            .collect()
    };
    let crates: Vec<CrateRow> = (0..n)
        .map(|c| {
            let (recent, prev) = if has_downloads {
                let d = &daily[c * days..(c + 1) * days];
                (
                    d[half..].iter().map(|&x| u64::from(x)).sum::<u64>(),
                    d[..half].iter().map(|&x| u64::from(x)).sum::<u64>(),
                )
            } else {
                (0, 0)
            };
            CrateRow {
                name: r.crates.names[c].clone(),
                created_at: r.crates.created[c],
                downloads_total: totals.get(c).copied().flatten(),
                downloads_90d: has_downloads.then(|| recent.saturating_add(prev)),
                downloads_recent_45d: has_downloads.then_some(recent),
                downloads_prev_45d: has_downloads.then_some(prev),
                dependents: dependents[c],
                dependents_runtime: dependents_runtime[c],
                dependent_owners: has_owners.then_some(dependent_owners[c]),
                indirect_dependents: closure[c].saturating_sub(dependents_runtime[c]),
                owner_users: has_owners.then_some(owner_users[c]),
                owner_teams: has_owners.then_some(owner_teams[c]),
                categories: names_of(&crate_categories, &category_table, c),
                keywords: names_of(&crate_keywords, &keyword_table, c),
                successors: Vec::new(),
            }
        })
        .collect();

    // The past: every row, by target.
    let mut rows: Vec<u64> = (0..nd)
        .map(|i| {
            (u64::from(dep_target[i]) << 32)
                | u64::from(sorted_ver[i] | if runtime(i) { RUNTIME_BIT } else { 0 })
        })
        .collect();
    drop(sorted_ver);
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
    drop(rows);

    // Publishing: versions with their publishers, owners with the day each
    // was added (ids resolved to logins; an id missing from users.csv or
    // teams.csv keeps its number).
    let has_publishers = r.versions.published_by.len() == nv && !r.versions.no_publishers;
    let mut publishing: Vec<Option<PublishingRow>> = vec![None; n];
    if has_publishers {
        for (c, slot) in publishing.iter_mut().enumerate() {
            let row = PublishingRow {
                // The crate's versions, oldest first (the order of the
                // ecosystem's arrays).
                versions: order[ver_offsets[c] as usize..ver_offsets[c + 1] as usize]
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

    let owners = graph::Csr::new(n, owner_pairs.into_iter());
    let eco = EcoArrays {
        ver_offsets,
        ver_num: permute(&r.versions.num_ids),
        ver_created,
        ver_flags: ver_yanked
            .iter()
            .map(|&y| if y { FLAG_YANKED } else { 0 })
            .collect(),
        ver_rust: permute(&r.versions.rust),
        dep_offsets,
        dep_target,
        dep_req,
        dep_cfg,
        dep_flags,
        nums: Vec::new(),
        rusts: Vec::new(),
        reqs: Vec::new(),
        cfgs: Vec::new(),
        owner_offsets: owners.offsets,
        owner_keys: owners.targets,
        category_offsets: crate_categories.offsets,
        category_ids: crate_categories.targets,
        categories: category_table,
        keyword_offsets: crate_keywords.offsets,
        keyword_ids: crate_keywords.targets,
        keywords: keyword_table.into_iter().map(|(k, _)| k).collect(),
        first_day: dump_time.div_euclid(86_400) - DOWNLOAD_WINDOW_DAYS + 1,
        daily,
    };
    let Reader {
        versions,
        deps,
        crates:
            Crates {
                names: r_names,
                created: r_created,
                repos: r_repos,
                ..
            },
        ..
    } = r;
    let eco = EcoArrays {
        nums: versions.num_texts.into_texts(),
        rusts: versions.rust_texts.into_texts(),
        reqs: deps.req_texts.into_texts(),
        cfgs: deps.cfg_texts.into_texts(),
        ..eco
    };

    let mut crates = crates;
    let found = crate::successor::candidates(&crate::successor::Inputs {
        names: &r_names,
        created: &r_created,
        repos: &r_repos,
        eco: &eco,
        past: &past,
    });
    for (row, list) in crates.iter_mut().zip(found) {
        row.successors = list.unwrap_or_default();
    }

    Ok(Imported {
        dump_time,
        commit,
        crates,
        publishing,
        logins,
        past,
        eco,
        versions: nv as u64,
        dependency_rows: nd as u64,
        download_rows,
        notes,
    })
}

/// For each version, the span during which it was its crate's default
/// version: crates.io's rule (the highest non-yanked non-prerelease, else
/// the highest non-yanked, else the highest) applied to the versions
/// published so far. Yanks count as they are now, and a yanked default
/// gets no span (the crate is left out, as crates.io leaves it out).
/// `[from, until)`; `from == until == i64::MAX` for a version that never was
/// the default. Each crate's versions are the range `offsets[c]..offsets[c+1]`
/// in publish order.
fn default_spans(
    nums: &[&semver::Version],
    yanked: &[bool],
    offsets: &[u32],
    created: &[i64],
) -> (Vec<i64>, Vec<i64>) {
    let nv = nums.len();
    let mut from = vec![i64::MAX; nv];
    let mut until = vec![i64::MAX; nv];
    for c in 0..offsets.len().saturating_sub(1) {
        let (mut best_stable, mut best_live, mut best_any): (
            Option<u32>,
            Option<u32>,
            Option<u32>,
        ) = (None, None, None);
        let mut current: Option<u32> = None;
        let higher = |a: Option<u32>, b: u32| match a {
            None => true,
            Some(a) => nums[b as usize] > nums[a as usize],
        };
        for i in offsets[c]..offsets[c + 1] {
            let iu = i as usize;
            if higher(best_any, i) {
                best_any = Some(i);
            }
            if !yanked[iu] {
                if higher(best_live, i) {
                    best_live = Some(i);
                }
                if nums[iu].pre.is_empty() && higher(best_stable, i) {
                    best_stable = Some(i);
                }
            }
            // A yanked default version drops the crate from the counts
            // (crates.io does the same): give it no span.
            let next = best_stable
                .or(best_live)
                .or(best_any)
                .filter(|&d| !yanked[d as usize]);
            if next != current {
                let t = created[iu];
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
