//! Loading an advisory database checkout from disk and querying it.
//!
//! Reads `crates/<name>/*.md` (required) and `rust/<component>/*.md`
//! (optional); every other file (README, licences, `.github`, ...) is ignored.
//! With [`AdvisoryDb::load`] a file that cannot be read or parsed is skipped
//! and reported as a [`LoadWarning`]; only a missing or unlistable `crates/`
//! directory is an error (an evaluation card can still use the rest).
//! [`AdvisoryDb::load_strict`] is for gates: any file that does not parse, an
//! unlistable collection, or a `crates/` without advisories is an error that
//! names the files, as `rustsec`'s loader does. Per-crate queries look at the `crates/` collection only and match
//! names the way crates.io does (case-insensitive, `-` and `_` equivalent).

use crate::error::{AdvisoryError, ParseError, chain_to_string};
use crate::git;
use crate::model::{Advisory, AdvisoryKind, Collection};
use jiff::Timestamp;
use semver::Version;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The card warns when the database's last commit is older than this: the
/// RustSec database normally gets several commits a week, so a month without
/// one means the local copy stopped updating.
pub const STALE_AFTER_DAYS: i64 = 30;

const SECONDS_PER_DAY: i64 = 86_400;

/// A file the loader skipped, or a problem that did not stop loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadWarning {
    /// The file or directory concerned.
    pub path: PathBuf,
    /// Why, with the full error chain.
    pub reason: String,
}

/// How many advisories of each kind the `crates/` collection holds
/// (withdrawn ones included in their kind and also counted in `withdrawn`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    /// All advisories in `crates/`.
    pub total: usize,
    /// No `informational` field.
    pub vulnerabilities: usize,
    /// `informational = "unmaintained"`.
    pub unmaintained: usize,
    /// `informational = "unsound"`.
    pub unsound: usize,
    /// `informational = "notice"`.
    pub notice: usize,
    /// Any other `informational` value.
    pub other: usize,
    /// Advisories carrying `withdrawn`.
    pub withdrawn: usize,
}

/// Facts about the database itself, for the report card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbSummary {
    /// The database root.
    pub path: PathBuf,
    /// Advisories loaded (both collections).
    pub advisories: usize,
    /// Files skipped.
    pub skipped: usize,
    /// Commit time of `HEAD`, when the root is a git checkout.
    pub last_commit: Option<Timestamp>,
    /// Whole days from `last_commit` to `as_of`.
    pub age_days: Option<i64>,
    /// `age_days > STALE_AFTER_DAYS`.
    pub stale: bool,
}

/// Active advisories that affect one version of one crate, split by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryMatches {
    /// Security vulnerabilities.
    pub vulnerabilities: Vec<Advisory>,
    /// Soundness bugs.
    pub unsound: Vec<Advisory>,
    /// Unmaintained notices.
    pub unmaintained: Vec<Advisory>,
    /// Other notices.
    pub notices: Vec<Advisory>,
    /// Unrecognised `informational` kinds.
    pub other: Vec<Advisory>,
}

impl AdvisoryMatches {
    /// No advisory of any kind matched.
    pub fn is_empty(&self) -> bool {
        self.vulnerabilities.is_empty()
            && self.unsound.is_empty()
            && self.unmaintained.is_empty()
            && self.notices.is_empty()
            && self.other.is_empty()
    }

    /// Vulnerabilities plus soundness bugs: what the spec calls an "open
    /// advisory" on a version.
    pub fn open_count(&self) -> usize {
        self.vulnerabilities.len() + self.unsound.len()
    }
}

/// An advisory database loaded in memory.
#[derive(Debug, Clone)]
pub struct AdvisoryDb {
    root: PathBuf,
    advisories: Vec<Advisory>,
    /// Normalised crate name → indices into `advisories` (crates/ only).
    by_package: HashMap<String, Vec<usize>>,
    warnings: Vec<LoadWarning>,
    /// Commit time of `HEAD` when `root` is a git checkout (read with the
    /// `git` command line; `None` otherwise or when git is unavailable).
    pub last_commit: Option<Timestamp>,
}

/// crates.io treats names case-insensitively and `-`/`_` as the same.
fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('_', "-")
}

impl AdvisoryDb {
    /// Load the database at `path` (a checkout or a copy of advisory-db).
    ///
    /// Fails only when `crates/` is missing or cannot be listed; bad files
    /// are skipped and listed in [`AdvisoryDb::warnings`].
    pub fn load(path: &Path) -> Result<AdvisoryDb, AdvisoryError> {
        AdvisoryDb::load_with(path, false)
    }

    /// Load the database at `path` for a gate: every advisory file must
    /// parse and `crates/` must hold at least one advisory; otherwise the
    /// error names the files. Only the `HEAD` commit time (the database's
    /// age) may be missing.
    pub fn load_strict(path: &Path) -> Result<AdvisoryDb, AdvisoryError> {
        AdvisoryDb::load_with(path, true)
    }

    fn load_with(path: &Path, strict: bool) -> Result<AdvisoryDb, AdvisoryError> {
        let crates_dir = path.join("crates");
        if !crates_dir.is_dir() {
            return Err(AdvisoryError::MissingCratesDir {
                path: path.to_path_buf(),
            });
        }
        let mut advisories = Vec::new();
        let mut warnings = Vec::new();
        read_collection(
            path,
            "crates",
            Collection::Crates,
            &mut advisories,
            &mut warnings,
        )?;
        if path.join("rust").is_dir()
            && let Err(e) = read_collection(
                path,
                "rust",
                Collection::Rust,
                &mut advisories,
                &mut warnings,
            )
        {
            if strict {
                return Err(e);
            }
            warnings.push(LoadWarning {
                path: path.join("rust"),
                reason: chain_to_string(&e),
            });
        }
        if strict {
            if !warnings.is_empty() {
                warnings.sort_by(|a, b| a.path.cmp(&b.path));
                return Err(AdvisoryError::Unparsable {
                    path: path.to_path_buf(),
                    files: warnings,
                });
            }
            if !advisories
                .iter()
                .any(|a| a.collection == Collection::Crates)
            {
                return Err(AdvisoryError::Empty {
                    path: path.to_path_buf(),
                });
            }
        }
        // Directory order is not stable across file systems; sort for
        // reproducible output.
        advisories.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        warnings.sort_by(|a, b| a.path.cmp(&b.path));

        let mut by_package: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in advisories.iter().enumerate() {
            if a.collection == Collection::Crates {
                by_package.entry(normalise(&a.package)).or_default().push(i);
            }
        }
        let last_commit = match git::head_commit_time(path) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(LoadWarning {
                    path: path.to_path_buf(),
                    reason: chain_to_string(&e),
                });
                None
            }
        };
        Ok(AdvisoryDb {
            root: path.to_path_buf(),
            advisories,
            by_package,
            warnings,
            last_commit,
        })
    }

    /// Files skipped while loading, and non-fatal problems, with reasons.
    pub fn warnings(&self) -> &[LoadWarning] {
        &self.warnings
    }

    /// The database root this was loaded from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Number of advisories loaded (both collections, withdrawn included).
    pub fn len(&self) -> usize {
        self.advisories.len()
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.advisories.is_empty()
    }

    /// All advisories, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &Advisory> {
        self.advisories.iter()
    }

    /// Every advisory (withdrawn included) about crate `name`, from `crates/`.
    pub fn for_crate<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Advisory> + 'a {
        self.by_package
            .get(&normalise(name))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.advisories.get(i))
    }

    /// Advisories about `name` that stood on the day of `as_of` (see
    /// [`Advisory::is_active_at`]).
    pub fn active_for_crate<'a>(
        &'a self,
        name: &str,
        as_of: Timestamp,
    ) -> impl Iterator<Item = &'a Advisory> + 'a {
        self.for_crate(name).filter(move |a| a.is_active_at(as_of))
    }

    /// Active advisories (as of `as_of`) that affect `version` of `name`,
    /// split by kind.
    pub fn affecting(&self, name: &str, version: &Version, as_of: Timestamp) -> AdvisoryMatches {
        let mut out = AdvisoryMatches::default();
        for a in self
            .active_for_crate(name, as_of)
            .filter(|a| a.affects(version))
        {
            let bucket = match a.kind {
                AdvisoryKind::Vulnerability => &mut out.vulnerabilities,
                AdvisoryKind::Unsound => &mut out.unsound,
                AdvisoryKind::Unmaintained => &mut out.unmaintained,
                AdvisoryKind::Notice => &mut out.notices,
                AdvisoryKind::Other(_) => &mut out.other,
            };
            bucket.push(a.clone());
        }
        out
    }

    /// Active unmaintained advisories about `name`, whatever the version.
    ///
    /// Callers that know the latest version should prefer
    /// [`AdvisoryDb::affecting`]: an unmaintained advisory can list a
    /// `patched` version when new maintainers took over.
    pub fn unmaintained<'a>(&'a self, name: &str, as_of: Timestamp) -> Vec<&'a Advisory> {
        self.active_for_crate(name, as_of)
            .filter(|a| a.kind == AdvisoryKind::Unmaintained)
            .collect()
    }

    /// Counts by kind over the `crates/` collection.
    pub fn counts(&self) -> KindCounts {
        let mut c = KindCounts::default();
        for a in self
            .advisories
            .iter()
            .filter(|a| a.collection == Collection::Crates)
        {
            c.total += 1;
            match a.kind {
                AdvisoryKind::Vulnerability => c.vulnerabilities += 1,
                AdvisoryKind::Unmaintained => c.unmaintained += 1,
                AdvisoryKind::Unsound => c.unsound += 1,
                AdvisoryKind::Notice => c.notice += 1,
                AdvisoryKind::Other(_) => c.other += 1,
            }
            if a.withdrawn.is_some() {
                c.withdrawn += 1;
            }
        }
        c
    }

    /// Whole days from the last commit to `as_of` (negative if the commit
    /// is later than `as_of`); `None` when the root is not a git checkout.
    pub fn age_days(&self, as_of: Timestamp) -> Option<i64> {
        self.last_commit
            .map(|t| as_of.duration_since(t).as_secs() / SECONDS_PER_DAY)
    }

    /// The newest date any advisory carries (its `date` or `withdrawn`): a
    /// lower bound of the database's last update, for copies that are not a
    /// git checkout (the RustSec database gets several advisories a week, so
    /// this is usually within days of the last commit).
    pub fn newest_date(&self) -> Option<jiff::civil::Date> {
        self.advisories
            .iter()
            .flat_map(|a| std::iter::once(a.date).chain(a.withdrawn))
            .max()
    }

    /// Facts about the database for the report card.
    pub fn summary(&self, as_of: Timestamp) -> DbSummary {
        let age_days = self.age_days(as_of);
        DbSummary {
            path: self.root.clone(),
            advisories: self.advisories.len(),
            skipped: self.warnings.len(),
            last_commit: self.last_commit,
            age_days,
            stale: age_days.is_some_and(|d| d > STALE_AFTER_DAYS),
        }
    }
}

/// Read `<root>/<dir>/<component>/*.md`. Only failing to list `<root>/<dir>`
/// itself is an error; anything below becomes a warning.
fn read_collection(
    root: &Path,
    dir: &str,
    collection: Collection,
    advisories: &mut Vec<Advisory>,
    warnings: &mut Vec<LoadWarning>,
) -> Result<(), AdvisoryError> {
    let base = root.join(dir);
    let entries = std::fs::read_dir(&base).map_err(|source| AdvisoryError::ReadDir {
        path: base.clone(),
        source,
    })?;
    for entry in entries {
        let sub = match entry {
            Ok(e) => e.path(),
            Err(source) => {
                let e = AdvisoryError::ReadDir {
                    path: base.clone(),
                    source,
                };
                warnings.push(LoadWarning {
                    path: base.clone(),
                    reason: chain_to_string(&e),
                });
                continue;
            }
        };
        if !sub.is_dir() {
            continue;
        }
        let files = match std::fs::read_dir(&sub) {
            Ok(f) => f,
            Err(source) => {
                let e = AdvisoryError::ReadDir {
                    path: sub.clone(),
                    source,
                };
                warnings.push(LoadWarning {
                    path: sub,
                    reason: chain_to_string(&e),
                });
                continue;
            }
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().and_then(|e| e.to_str()) != Some("md") || !path.is_file() {
                continue;
            }
            let rel = relative_slash_path(root, &path);
            let parsed = std::fs::read_to_string(&path)
                .map_err(ParseError::Read)
                .and_then(|text| crate::parse::parse_advisory(&text, collection, rel));
            match parsed {
                Ok(a) => advisories.push(a),
                Err(e) => warnings.push(LoadWarning {
                    path,
                    reason: chain_to_string(&e),
                }),
            }
        }
    }
    Ok(())
}

fn relative_slash_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
