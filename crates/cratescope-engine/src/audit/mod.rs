//! `audit`: a workspace's Cargo.lock → advisories, evaluations, policy
//! verdicts (issues 6, 16 and 24). A CI gate that fails closed:
//!
//! - the RustSec database must load strictly (every file parses, advisories
//!   present) unless the policy or the caller accepts running without it, in
//!   which case the report says so in every format; a stale database is a
//!   report-level warning;
//! - the graph is the lockfile's (read with `cargo-lock`), its edges
//!   annotated with kinds and targets from `cargo metadata` and the index;
//!   the scope (`exclude_dev`, `targets`) is a walk over it, and each
//!   package's card is scored with its closure in it (a [`crate::Request`] with a tree);
//! - advisories and yanked versions are findings of their own, matching
//!   what `cargo audit` reports for the same lockfile and database, ignored
//!   only by id with a reason (allow-listing a crate covers its score rules,
//!   never its advisories), each with fix advice that names the parent to
//!   upgrade when the parent's requirement excludes the fix ([`fix`]);
//! - the checks teams keep cargo-deny for — licences, bans, duplicates,
//!   sources ([`rules`]) — and supply-chain evidence ([`supply`]);
//! - against a base lockfile (`--base`), only what the change adds or bumps
//!   is judged; findings on the packages it did not touch are reported apart
//!   and do not fail the gate, unless `all` ([`diff`]);
//! - registry packages that cannot be evaluated fail unless the policy says
//!   otherwise; git and other-registry packages are reported separately.
//!
//! The library never prints: progress goes through a sink; warnings and
//! notes are messages of the [`AuditReport`]. Deliberately ignored: the
//! repository (git) source unless the policy sets `evaluate_git` (cloning
//! every dependency is not what a CI gate should do).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cratescope_advisory::AdvisoryDb;
use cratescope_model::audit::{
    AdvisoryDbStatus, Hint, Level, Notes, Problem, Scope, ScopeReason, Unchecked, Warnings,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::{Evaluation, SourceId, SourceState, msg};
use jiff::civil::Date;

use crate::EvalOptions;
use crate::evaluator::{CrateSpec, Evaluator, VersionWanted};
use crate::target::Platform;

pub mod advisories;
pub mod cache;
pub mod deny_toml;
pub mod diff;
pub mod fix;
pub mod graph;
pub mod index_facts;
pub mod lockfile;
pub mod policy;
pub mod rules;
pub mod supply;
pub mod verdict;
pub mod workspace;

pub use cache::{CacheKey, EvalCache};
pub use cratescope_model::audit::{
    AUDIT_SCHEMA_VERSION, AuditReport, PackageSource, PackageVerdict, Summary, Verdict,
};
pub use diff::{Base, load_base};
pub use graph::{Filter, Graph};
pub use lockfile::{LockedPackage, Lockfile};
pub use policy::{AllowEntry, LoadedPolicy, Policy, Thresholds, Violation};
pub use verdict::sort_by_risk;
pub use workspace::WorkspaceInfo;

/// What ends an audit with an error (exit 2); a crate that cannot be
/// evaluated does not: the policy decides what it means.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The lockfile cannot be read.
    #[error("failed to read lockfile `{path}`")]
    ReadLockfile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The lockfile is not a lockfile cargo-lock understands.
    #[error("malformed lockfile `{path}`")]
    ParseLockfile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The lockfile parses but cannot be audited.
    #[error("malformed lockfile `{path}`: {problem}")]
    BadLockfile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// No manifest where one was looked for.
    #[error(
        "no Cargo.toml in `{}` or any parent directory; give --manifest-path or --lockfile",
        dir.display()
    )]
    NoManifest {
        /// Where the search started.
        dir: PathBuf,
    },
    /// A manifest named explicitly does not exist.
    #[error("the manifest `{}` does not exist", path.display())]
    NoSuchManifest {
        /// The path given.
        path: PathBuf,
    },
    /// The workspace has no lockfile and cargo could not generate one.
    #[error(
        "no Cargo.lock for `{}` and `cargo generate-lockfile` failed; run it yourself (online) and audit again",
        manifest.display()
    )]
    GenerateLockfile {
        /// The manifest.
        manifest: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// `cargo metadata` failed or printed something unexpected.
    #[error("cargo metadata failed")]
    Metadata {
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The advisory database cannot be used, and running without it was not accepted.
    #[error(
        "cannot load the RustSec advisory database, so advisories cannot be checked (pass --allow-missing-advisory-db or set allow_missing_advisory_db = true in [audit] to audit without them)"
    )]
    AdvisoryDb {
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The policy is invalid.
    #[error("invalid audit policy: {problem}")]
    Policy {
        /// What is wrong.
        problem: String,
        /// The parser's error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The base of `--base` cannot be read.
    #[error("cannot read the base `{base}`: {problem}")]
    Base {
        /// As given.
        base: String,
        /// Why.
        problem: String,
    },
}

/// Whose side an audit error is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is malformed (a lockfile, a policy, a base, a path the
    /// caller named): the caller must fix it (a server answers 4xx).
    BadInput,
    /// The audit cannot check what it must (no advisory database, cargo
    /// failing, a file that cannot be read): exit 2, a server's 502.
    CannotCheck,
}

impl AuditError {
    /// Whose side the error is on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AuditError::ParseLockfile { .. }
            | AuditError::BadLockfile { .. }
            | AuditError::NoManifest { .. }
            | AuditError::NoSuchManifest { .. }
            | AuditError::Policy { .. }
            | AuditError::Base { .. } => ErrorKind::BadInput,
            AuditError::ReadLockfile { .. }
            | AuditError::GenerateLockfile { .. }
            | AuditError::Metadata { .. }
            | AuditError::AdvisoryDb { .. } => ErrorKind::CannotCheck,
        }
    }
}

/// A reason as an error source.
#[derive(Debug)]
struct Reason(String);

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reason {}

/// Which workspace to audit.
#[derive(Debug, Clone)]
pub enum Locate {
    /// This manifest's workspace.
    Manifest(PathBuf),
    /// This lockfile alone (no cargo).
    Lockfile(PathBuf),
    /// The nearest `Cargo.toml` at or above this directory, as cargo finds it.
    Search(PathBuf),
}

/// The lockfile and the workspace around it.
#[derive(Debug, Clone)]
pub struct Located {
    /// The lockfile.
    pub lock: Lockfile,
    /// Members and their declarations.
    pub ws: WorkspaceInfo,
    /// What was done to get here (generated lockfile, fallbacks).
    pub notes: Vec<Message>,
}

impl Located {
    /// The workspace root: where its policy file lives.
    pub fn root(&self) -> PathBuf {
        self.ws
            .root
            .clone()
            .or_else(|| self.lock.path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Find the workspace and its lockfile; generate a missing lockfile with
/// `cargo generate-lockfile` (`--offline` when asked).
pub fn locate(how: &Locate, offline: bool) -> Result<Located, AuditError> {
    let mut notes = Vec::new();
    let manifest = match how {
        Locate::Lockfile(path) => {
            let lock = Lockfile::load(path)?;
            let ws = WorkspaceInfo::from_lockfile(&lock);
            notes.push(msg!("audit-note-members-from-lockfile"));
            return Ok(Located { lock, ws, notes });
        }
        // A path given explicitly must exist: auditing the nearest lockfile
        // instead would judge another project.
        Locate::Manifest(m) if !m.is_file() => {
            return Err(AuditError::NoSuchManifest { path: m.clone() });
        }
        Locate::Manifest(m) => m.clone(),
        Locate::Search(dir) => workspace::find_manifest(dir)
            .ok_or_else(|| AuditError::NoManifest { dir: dir.clone() })?,
    };
    let (ws, lock_path) = match WorkspaceInfo::from_cargo(&manifest) {
        Ok(ws) => {
            let root = ws
                .root
                .clone()
                .unwrap_or_else(|| manifest.parent().unwrap_or(Path::new(".")).to_path_buf());
            (Some(ws), root.join("Cargo.lock"))
        }
        Err(e) => {
            notes.push(msg!(
                "audit-note-metadata-failed",
                reason = Arg::text(crate::error::chain(&e))
            ));
            (None, workspace::lockfile_near(&manifest))
        }
    };
    if !lock_path.is_file() {
        workspace::generate_lockfile(&manifest, offline)?;
        notes.push(msg!(
            "audit-note-generated-lockfile",
            path = Arg::code(lock_path.display().to_string()),
            command = Arg::code(if offline {
                "cargo generate-lockfile --offline"
            } else {
                "cargo generate-lockfile"
            })
        ));
    }
    let lock = Lockfile::load(&lock_path)?;
    let ws = ws.unwrap_or_else(|| WorkspaceInfo::from_lockfile(&lock));
    Ok(Located { lock, ws, notes })
}

/// How to run an audit.
pub struct AuditOptions<'a> {
    /// The policy, where it came from, and what of it is not applied.
    pub policy: &'a LoadedPolicy,
    /// The evaluation cache (None: always evaluate, store nothing).
    pub cache: Option<&'a EvalCache>,
    /// Serve cached evaluations (false: evaluate again and refresh the cache).
    pub read_cache: bool,
    /// Evaluations in flight at once (at least 1).
    pub concurrency: usize,
    /// Called as evaluations finish.
    pub progress: Arc<dyn crate::progress::Progress>,
    /// Notes the caller adds.
    pub notes: Vec<Message>,
    /// The caller accepts running without an advisory database (a flag).
    pub allow_missing_advisory_db: bool,
    /// Shown as the lockfile's path (relative to the working directory).
    pub lockfile_label: Option<PathBuf>,
    /// Judge only the change from this base lockfile.
    pub base: Option<&'a Base>,
    /// With a base: judge every package anyway (the change is still shown).
    pub all: bool,
    /// The advisory database, read ahead ([`DbPreload::start`]).
    pub preloaded_db: Option<DbPreload>,
}

/// The advisory database where `opts` says, strictly loaded.
fn read_db(opts: &EvalOptions) -> Result<(PathBuf, AdvisoryDb), String> {
    crate::collect::advisory::advisory_db_path(opts)
        .map_err(|e| crate::error::chain(&e))
        .and_then(|path| {
            AdvisoryDb::load_strict(&path)
                .map(|db| (path, db))
                .map_err(|e| crate::error::chain(&e))
        })
}

/// The advisory database read on a thread of its own while the caller
/// locates the workspace (`cargo metadata`): both stand before the first
/// evaluation of a run.
#[derive(Debug)]
pub struct DbPreload {
    /// What decided the database read: `--advisory-db` and offline.
    source: (Option<PathBuf>, bool),
    reading: std::thread::JoinHandle<Result<(PathBuf, AdvisoryDb), String>>,
}

impl DbPreload {
    /// Starts reading the database `opts` names, when that needs no
    /// network (an online run updates its clone first, in the run).
    pub fn start(opts: &EvalOptions) -> Option<DbPreload> {
        if !(opts.offline || opts.advisory_db.is_some()) {
            return None;
        }
        let opts = opts.clone();
        let source = (opts.advisory_db.clone(), opts.offline);
        let reading = std::thread::Builder::new()
            .name("advisory-db".into())
            .spawn(move || read_db(&opts))
            .ok()?;
        Some(DbPreload { source, reading })
    }

    /// What it read, when read for a run with the same database options; a
    /// reader that panicked leaves the run to read it again. The reader is
    /// waited for either way: a cached clone is never read (or repaired
    /// after an interrupted update) by two threads at once.
    fn take(self, opts: &EvalOptions) -> Option<Result<(PathBuf, AdvisoryDb), String>> {
        let read = self.reading.join().ok();
        read.filter(|_| self.source == (opts.advisory_db.clone(), opts.offline))
    }
}

/// The advisory database, strictly loaded, and its state.
fn load_db(
    evaluator: &Evaluator,
    policy: &Policy,
    accept_missing: bool,
    as_of: Date,
    warnings: &mut Vec<Message>,
    preloaded: Option<DbPreload>,
) -> Result<(Option<Arc<AdvisoryDb>>, AdvisoryDbStatus), AuditError> {
    let opts = evaluator.options();
    let loaded = preloaded
        .and_then(|p| p.take(opts))
        .unwrap_or_else(|| read_db(opts));
    match loaded {
        Ok((path, db)) => {
            let db = Arc::new(db);
            evaluator.use_advisory_db(Ok(db.clone()));
            let (last, from) = match db.last_commit {
                Some(t) => (
                    Some(jiff::tz::TimeZone::UTC.to_datetime(t).date()),
                    "git-commit",
                ),
                None => (db.newest_date(), "newest-advisory"),
            };
            let age = last.map(|d| (as_of - d).get_days() as i64);
            let stale = age.is_some_and(|a| a > policy.max_advisory_db_age_days);
            if let (true, Some(a), Some(d)) = (stale, age, last) {
                let path = Arg::code(path.display().to_string());
                let max = Arg::Days(policy.max_advisory_db_age_days);
                warnings.push(if from == "newest-advisory" {
                    msg!(
                        "audit-warning-stale-db-newest",
                        date = d,
                        age = Arg::Days(a),
                        max = max,
                        path = path
                    )
                } else {
                    msg!(
                        "audit-warning-stale-db",
                        date = d,
                        age = Arg::Days(a),
                        max = max,
                        path = path
                    )
                });
            }
            Ok((
                Some(db.clone()),
                AdvisoryDbStatus {
                    checked: true,
                    reason: None,
                    path: Some(path),
                    advisories: db.len(),
                    last_updated: last,
                    last_updated_from: last.map(|_| from.to_string()),
                    age_days: age,
                    stale,
                },
            ))
        }
        Err(reason) if accept_missing || policy.allow_missing_advisory_db => {
            // The evaluations must not read a partial database either.
            evaluator.use_advisory_db(Err(msg!(
                "audit-advisory-db-not-loaded",
                reason = Arg::text(reason.as_str())
            )));
            warnings.push(if accept_missing {
                msg!(
                    "audit-warning-not-checked-flag",
                    reason = Arg::text(reason.as_str())
                )
            } else {
                msg!(
                    "audit-warning-not-checked-policy",
                    reason = Arg::text(reason.as_str())
                )
            });
            Ok((
                None,
                AdvisoryDbStatus {
                    checked: false,
                    reason: Some(reason),
                    ..AdvisoryDbStatus::default()
                },
            ))
        }
        Err(reason) => Err(AuditError::AdvisoryDb {
            source: Box::new(Reason(reason)),
        }),
    }
}

/// The published versions of a package as the advisory checks read them.
fn versions_of(f: &index_facts::PackageIndexFacts) -> Vec<(semver::Version, bool)> {
    f.versions
        .iter()
        .map(|v| (v.version.clone(), v.yanked))
        .collect()
}

/// Audit a located workspace.
pub async fn run(
    evaluator: &Evaluator,
    located: &Located,
    mut o: AuditOptions<'_>,
) -> Result<AuditReport, AuditError> {
    let opts = evaluator.options();
    let policy = &o.policy.policy;
    policy::check_against_model(policy, &opts.model)?;
    let lock = &located.lock;
    let mut notes: Vec<Message> = located.notes.clone();
    notes.extend(o.notes.iter().cloned());
    let mut warnings: Vec<Message> = o.policy.warnings.clone();
    let as_of = opts.as_of;
    let as_of_ts = crate::evaluator::end_of_day(as_of);
    let today = opts.today;

    let (db, db_status) = load_db(
        evaluator,
        policy,
        o.allow_missing_advisory_db,
        as_of,
        &mut warnings,
        o.preloaded_db.take(),
    )?;
    if opts.skip_git {
        notes.push(msg!("audit-note-git-skipped"));
    }

    // Index facts of every crates.io package: yanks, upgrades, checksums,
    // and the kinds and targets of their dependency edges (cached per
    // lockfile and day).
    let facts = index_facts_for(evaluator, lock, &o).await;
    let facts_of = |i: usize| {
        let p = &lock.packages[i];
        facts.get(&index_facts::key(&p.name, &p.version))
    };
    let deps_of = |i: usize| -> Option<&[index_facts::IndexDep]> {
        facts_of(i).and_then(|f| f.deps.as_deref())
    };

    let graph = Graph::build(lock, &located.ws, deps_of);
    if graph.members.is_empty() {
        return Err(AuditError::BadLockfile {
            path: lock.path.clone(),
            problem: "none of the workspace members is in it (is it this workspace's lockfile?)"
                .into(),
        });
    }
    let platforms: Vec<Platform> = policy
        .targets
        .iter()
        .map(|t| Platform::new(t))
        .collect::<Result<_, _>>()
        .map_err(|e| AuditError::Policy {
            problem: e.to_string(),
            source: None,
        })?;
    let filter = Filter {
        exclude_dev: policy.exclude_dev,
        platforms,
    };
    if graph.unknown_members > 0 && (policy.exclude_dev || !policy.targets.is_empty()) {
        notes.push(msg!("audit-note-no-metadata-scope"));
    }
    if !graph.unannotated.is_empty() {
        notes.push(msg!(
            "audit-note-unannotated",
            count = graph.unannotated.len(),
            crates = Arg::crates(
                graph
                    .unannotated
                    .iter()
                    .take(5)
                    .map(|&i| lock.packages[i].label())
            )
        ));
    }
    let scoped = graph.scope(lock, &filter);
    let judge = advisories::Judge {
        policy,
        today,
        platforms: &filter.platforms,
    };
    let member_set: BTreeSet<usize> = graph.members.iter().copied().collect();

    // The change, when audited against a base.
    let diff = o.base.map(|b| diff::diff(b, lock, &graph.members, o.all));
    let judged = |i: usize| -> bool {
        match &diff {
            Some(d) if !o.all => d.changes[i].kind.is_change(),
            _ => true,
        }
    };
    if let Some(d) = &diff
        && !o.all
    {
        let changed = (0..lock.packages.len())
            .filter(|&i| !member_set.contains(&i) && judged(i))
            .count();
        notes.push(msg!(
            "audit-note-base",
            base = Arg::code(d.summary.base.as_str()),
            changed = changed,
            unchanged = d.summary.unchanged
        ));
    }

    // Evaluations: judged in-scope crates.io packages, with their lockfile trees.
    let mut trees: BTreeMap<usize, Vec<(String, semver::Version)>> = BTreeMap::new();
    let mut tree_sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, p) in lock.packages.iter().enumerate() {
        if member_set.contains(&i) || scoped.scope[i] != Scope::InScope || !judged(i) {
            continue;
        }
        let closure = graph.closure(i, &filter);
        tree_sizes.insert(i, closure.len());
        if p.source == PackageSource::CratesIo {
            trees.insert(
                i,
                closure
                    .iter()
                    .map(|&j| &lock.packages[j])
                    .filter(|q| q.source == PackageSource::CratesIo)
                    .map(|q| (q.name.clone(), q.version.clone()))
                    .collect(),
            );
        }
    }
    let results = evaluate_all(evaluator, lock, &trees, &o, &mut notes).await;
    let mut results = results;

    // Supply-chain evidence and integrity on the judged crates.io packages.
    let targets: Vec<usize> = trees.keys().copied().collect();
    let evidence = supply::evidence(
        evaluator,
        policy,
        lock,
        &facts,
        diff.as_ref().map(|d| d.changes.as_slice()),
        &targets,
        as_of,
        o.concurrency,
    )
    .await;
    notes.extend(evidence.notes.iter().cloned());
    let mut supply_chain = evidence.chains;
    let mut extra: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    for (i, pr) in evidence.problems {
        extra.entry(i).or_default().push(pr);
    }
    for (i, pr) in rules::bans(policy, lock, &scoped)
        .into_iter()
        .chain(rules::duplicates(policy, lock, &scoped))
    {
        extra.entry(i).or_default().push(pr);
    }
    let parents = rules::parents(lock);

    // Verdicts.
    let mut used_allow = BTreeSet::new();
    let mut packages = Vec::with_capacity(lock.packages.len());
    for (i, p) in lock.packages.iter().enumerate() {
        if member_set.contains(&i) {
            continue;
        }
        let scope = scoped.scope[i];
        let direct_of: Vec<String> = scoped.direct_of[i]
            .iter()
            .map(|&m| lock.packages[m].name.clone())
            .collect();
        let mut row = PackageVerdict {
            name: p.name.clone(),
            version: p.version.to_string(),
            source: p.source.clone(),
            scope,
            scope_reason: ScopeReason::from(scoped.reason[i].clone()),
            direct: !direct_of.is_empty(),
            direct_of,
            path: scoped.path[i]
                .iter()
                .map(|&k| lock.packages[k].label())
                .collect(),
            tree_size: tree_sizes.get(&i).copied(),
            lockfile_line: p.line,
            change: diff.as_ref().map(|d| d.changes[i].clone()),
            judged: judged(i),
            verdict: Verdict::Pass,
            license: None,
            advisories: Vec::new(),
            violations: Vec::new(),
            unchecked: Unchecked::default(),
            allow_reason: None,
            not_evaluated: None,
            problems: Vec::new(),
            supply_chain: supply_chain.remove(&i),
            hint: Hint::none(),
            cached: false,
            evaluation: None,
        };
        if p.source == PackageSource::CratesIo {
            let versions = facts_of(i).map(versions_of);
            row.advisories = advisories::findings(
                db.as_deref(),
                &p.name,
                &p.version,
                versions.as_deref(),
                as_of_ts,
                scope,
                &judge,
            );
            // Fix advice for what the policy does not ignore.
            for f in row
                .advisories
                .iter_mut()
                .filter(|f| f.action != cratescope_model::audit::FindingAction::Ignored)
            {
                let candidates = versions
                    .as_deref()
                    .map(|v| {
                        advisories::fix_candidates(
                            db.as_deref(),
                            &p.name,
                            &f.id,
                            &p.version,
                            v,
                            as_of_ts,
                        )
                    })
                    .unwrap_or_default();
                let (fix, rust) = fix::advise(
                    evaluator,
                    lock,
                    &located.ws,
                    &graph.members,
                    &parents,
                    &facts,
                    i,
                    &candidates,
                )
                .await;
                f.fix = fix;
                f.fix_rust = rust;
            }
        }
        let in_scope = scope == Scope::InScope;
        match (&p.source, in_scope) {
            (PackageSource::Git(url), true) if !rules::git_allowed(&policy.sources, url) => {
                row.problems.push(Problem::new(
                    "git-package",
                    policy.git_packages,
                    msg!("audit-git-package", url = Arg::code(url.as_str())),
                ))
            }
            (PackageSource::Registry(url), true)
                if !rules::registry_allowed(&policy.sources, url) =>
            {
                row.problems.push(Problem::new(
                    "other-registry-package",
                    policy.other_registry_packages,
                    msg!("audit-other-registry", url = Arg::code(url.as_str())),
                ))
            }
            _ => {}
        }
        match results.remove(&i) {
            Some((Ok(e), cached)) => {
                let j = policy::judge(&e, &policy.thresholds_for(row.direct));
                row.violations = j.violations;
                if policy::avoid_is_advisories(&e, &row.advisories) {
                    row.violations.retain(|v| v.rule != "denied-tier");
                }
                row.unchecked = Unchecked::from(j.unchecked);
                row.cached = cached;
                if !row.violations.is_empty()
                    && let Some(a) = policy.allowed(&p.name, &p.version, today)
                {
                    used_allow.insert(allow_key(a));
                    row.allow_reason = Some(a.reason.clone());
                } else if let Some(a) = policy.allowed(&p.name, &p.version, today) {
                    used_allow.insert(allow_key(a));
                    notes.push(msg!(
                        "audit-note-allow-not-needed",
                        name = Arg::krate(a.name.as_str()),
                        version = Arg::version(&p.version)
                    ));
                }
                let read = e
                    .sources
                    .iter()
                    .any(|s| s.id == SourceId::Tarball && s.status != SourceState::Unavailable);
                row.license = e.info.license.clone();
                match rules::license(policy, &p.name, &p.version, e.info.license.as_deref(), read) {
                    rules::LicenseVerdict::Accepted => {}
                    rules::LicenseVerdict::Problem(pr) => row.problems.push(pr),
                    rules::LicenseVerdict::Unchecked(why) => row.problems.push(Problem::new(
                        "cannot-check",
                        policy.unevaluable,
                        msg!(
                            "audit-cannot-check",
                            rule = Arg::id("license"),
                            reason = why
                        ),
                    )),
                }
                row.evaluation = Some(e);
            }
            Some((Err(reason), _)) => {
                row.problems.push(Problem::new(
                    "unevaluable",
                    policy.unevaluable,
                    msg!("audit-unevaluable", reason = Arg::text(reason.as_str())),
                ));
                if policy.licenses.is_active() {
                    row.unchecked
                        .push(msg!("audit-unchecked-license-unevaluated"));
                }
                row.not_evaluated = Some(reason);
            }
            None if in_scope && p.source == PackageSource::CratesIo && row.judged => {
                // A join failure (a panicked task) leaves no result.
                let reason = "the evaluation task failed".to_string();
                row.problems.push(Problem::new(
                    "unevaluable",
                    policy.unevaluable,
                    msg!("audit-unevaluable-task"),
                ));
                row.not_evaluated = Some(reason);
            }
            None => {}
        }
        row.problems.extend(extra.remove(&i).unwrap_or_default());
        row.problems.retain(|pr| pr.level != Level::Allow);
        row.verdict = verdict::verdict(&row);
        row.hint = Hint::from(verdict::hint(&row));
        packages.push(row);
    }

    // Policy entries that matched nothing, or expired.
    for a in &policy.allow {
        if let Some(u) = a.until.filter(|u| today > *u) {
            warnings.push(msg!(
                "audit-warning-allow-expired",
                name = Arg::krate(a.name.as_str()),
                date = u
            ));
        } else if !used_allow.contains(&allow_key(a)) {
            notes.push(msg!(
                "audit-note-allow-unused",
                name = Arg::krate(a.name.as_str())
            ));
        }
    }
    let found_ids: BTreeSet<&str> = packages
        .iter()
        .flat_map(|p| &p.advisories)
        .flat_map(|f| std::iter::once(f.id.as_str()).chain(f.aliases.iter().map(String::as_str)))
        .collect();
    for g in &policy.ignore {
        if let Some(u) = g.until.filter(|u| today > *u) {
            warnings.push(msg!(
                "audit-warning-ignore-expired",
                id = Arg::id(g.id.as_str()),
                date = u
            ));
        } else if !found_ids.contains(g.id.as_str()) {
            notes.push(msg!(
                "audit-note-ignore-unused",
                id = Arg::id(g.id.as_str())
            ));
        }
    }

    verdict::sort_by_risk(&mut packages);
    let summary = verdict::summarise(&packages);
    Ok(AuditReport {
        schema_version: AUDIT_SCHEMA_VERSION,
        as_of,
        model_version: opts.model.version.clone(),
        lockfile: o.lockfile_label.unwrap_or_else(|| lock.path.clone()),
        members: graph
            .members
            .iter()
            .map(|&m| lock.packages[m].label())
            .collect(),
        policy_file: o.policy.file.clone(),
        policy: policy.clone(),
        passed: summary.failed == 0,
        summary,
        advisory_db: db_status,
        warnings: Warnings::from(warnings),
        diff: diff.map(|d| d.summary),
        packages,
        notes: Notes::from(notes),
    })
}

/// Cached or fresh evaluations of the packages in `trees`.
async fn evaluate_all(
    evaluator: &Evaluator,
    lock: &Lockfile,
    trees: &BTreeMap<usize, Vec<(String, semver::Version)>>,
    o: &AuditOptions<'_>,
    notes: &mut Vec<Message>,
) -> BTreeMap<usize, (Result<Evaluation, String>, bool)> {
    let opts = evaluator.options();
    let mut results: BTreeMap<usize, (Result<Evaluation, String>, bool)> = BTreeMap::new();
    let mut misses = Vec::new();
    let key_base = cache::KeyBase::for_audit(opts);
    let (places, keys): (Vec<usize>, Vec<cache::CacheKey>) = trees
        .iter()
        .map(|(&i, tree)| {
            let p = &lock.packages[i];
            (i, key_base.key(&p.name, &p.version, Some(tree)))
        })
        .unzip();
    let found = match o.cache.filter(|_| o.read_cache) {
        Some(c) => c.get_many_for(&keys, &opts.model, opts.offline),
        None => vec![None; keys.len()],
    };
    for ((i, key), hit) in places.into_iter().zip(keys).zip(found) {
        match hit {
            Some(e) => {
                results.insert(i, (Ok(e), true));
            }
            None => misses.push((i, key)),
        }
    }
    // Largest packages first, so no big one is left running alone at the end
    // while the other cores idle.
    let dirs = tarball_dirs(opts.cargo_home.as_deref());
    misses.sort_by_cached_key(|(i, _)| {
        std::cmp::Reverse(tarball_size(
            &dirs,
            &lock.packages[*i].name,
            &lock.packages[*i].version,
        ))
    });
    o.progress.start(misses.len());
    let sem = Arc::new(tokio::sync::Semaphore::new(o.concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (i, key) in misses {
        let ev = evaluator.clone();
        let sem = sem.clone();
        let spec = CrateSpec {
            name: lock.packages[i].name.clone(),
            version: Some(VersionWanted::Exact(lock.packages[i].version.clone())),
        };
        let tree = trees.get(&i).cloned().unwrap_or_default();
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            let r = ev
                .evaluate(crate::Request::registry(spec).with_tree(tree))
                .await
                .map(|out| out.evaluation)
                .map_err(|e| crate::error::chain(&e));
            (i, key, r)
        });
    }
    let mut cache_failures = 0usize;
    while let Some(joined) = set.join_next().await {
        o.progress.done("");
        let Ok((i, key, r)) = joined else { continue };
        if let (Ok(e), Some(c)) = (&r, o.cache)
            && cacheable(e)
            && c.put_from(&key, e, opts.offline).is_err()
        {
            cache_failures += 1;
        }
        results.insert(i, (r, false));
    }
    if cache_failures > 0 {
        notes.push(msg!(
            "audit-note-cache-write-failed",
            count = cache_failures
        ));
    }
    results
}

/// The index facts of every crates.io package of the lockfile: from the
/// per-day cache when it holds them all, else read through the run's index
/// cache (and stored when every entry could be read).
async fn index_facts_for(
    evaluator: &Evaluator,
    lock: &Lockfile,
    o: &AuditOptions<'_>,
) -> index_facts::Facts {
    let opts = evaluator.options();
    let cache = std::fs::read(&lock.path)
        .ok()
        .map(|text| index_facts::FactsCache::new(&opts.cache_dir, &text, opts));
    let use_cache = o.read_cache && !opts.refresh;
    if let Some(f) = cache.as_ref().filter(|_| use_cache).and_then(|c| c.get()) {
        return f;
    }
    let names: BTreeSet<String> = lock
        .packages
        .iter()
        .filter(|p| p.source == PackageSource::CratesIo)
        .map(|p| p.name.clone())
        .collect();
    let index = evaluator.fetch_many(names).await;
    let mut facts = index_facts::Facts::new();
    let mut complete = true;
    for p in lock
        .packages
        .iter()
        .filter(|p| p.source == PackageSource::CratesIo)
    {
        match index.get(&p.name).and_then(|r| r.as_ref().ok()) {
            Some(ic) => {
                facts.insert(
                    index_facts::key(&p.name, &p.version),
                    index_facts::PackageIndexFacts::from_releases(&ic.releases, &p.version),
                );
            }
            None => complete = false,
        }
    }
    if complete && let Some(c) = &cache {
        // A failed write only costs the next run its shortcut.
        let _ = c.put(&facts);
    }
    facts
}

fn allow_key(a: &AllowEntry) -> (String, Option<String>) {
    (a.name.clone(), a.version.as_ref().map(|v| v.to_string()))
}

/// cargo's `registry/cache/<registry>/` directories.
fn tarball_dirs(cargo_home: Option<&Path>) -> Vec<PathBuf> {
    let home = cargo_home
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_HOME").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(home) = home else { return Vec::new() };
    std::fs::read_dir(home.join("registry").join("cache"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default()
}

/// Size of a cached `.crate`, 0 when absent (only used to order the work).
fn tarball_size(dirs: &[PathBuf], name: &str, version: &semver::Version) -> u64 {
    let file = format!("{name}-{version}.crate");
    dirs.iter()
        .find_map(|d| std::fs::metadata(d.join(&file)).ok())
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Only cards whose published source was read are cached: a tarball missing
/// today (offline) may be in cargo's cache tomorrow.
fn cacheable(e: &Evaluation) -> bool {
    !e.sources
        .iter()
        .any(|s| s.id == SourceId::Tarball && s.status == SourceState::Unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_read_ahead_is_the_one_the_run_reads() {
        let mut opts = EvalOptions::new(jiff::civil::date(2026, 11, 25));
        opts.advisory_db =
            Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/advisory-db"));
        let (path, now) = read_db(&opts).unwrap();
        let ahead = DbPreload::start(&opts).expect("a local database is read ahead");
        let (ahead_path, ahead_db) = ahead.take(&opts).unwrap().unwrap();
        assert_eq!((ahead_path, ahead_db.len()), (path, now.len()));
        assert!(now.len() > 100);
        // Read for other options: the run reads its own.
        let ahead = DbPreload::start(&opts).unwrap();
        let mut other = opts.clone();
        other.advisory_db = Some(PathBuf::from("/elsewhere"));
        assert!(ahead.take(&other).is_none());
        // Online with the default clone: updated in the run, not ahead.
        let mut online = opts.clone();
        (online.advisory_db, online.offline) = (None, false);
        assert!(DbPreload::start(&online).is_none());
    }

    #[test]
    fn errors_say_whose_side_they_are_on() {
        let bad = [
            AuditError::BadLockfile {
                path: "L".into(),
                problem: "x".into(),
            },
            AuditError::Base {
                base: "main".into(),
                problem: "x".into(),
            },
            AuditError::NoSuchManifest {
                path: "nope/Cargo.toml".into(),
            },
            AuditError::Policy {
                problem: "x".into(),
                source: None,
            },
        ];
        assert!(bad.iter().all(|e| e.kind() == ErrorKind::BadInput));
        let cannot = AuditError::AdvisoryDb {
            source: Box::new(Reason("gone".into())),
        };
        assert_eq!(cannot.kind(), ErrorKind::CannotCheck);
    }
}
