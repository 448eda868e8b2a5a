//! `audit`: a workspace's Cargo.lock → advisories, evaluations, policy
//! verdicts (issues 6 and 16). A CI gate that fails closed:
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
//!   never its advisories);
//! - registry packages that cannot be evaluated fail unless the policy says
//!   otherwise; git and other-registry packages are reported separately.
//!
//! The library never prints: progress goes through a sink; warnings and
//! notes are part of the [`AuditReport`]. Deliberately ignored: the
//! repository (git) source unless the policy sets `evaluate_git` (cloning
//! every dependency is not what a CI gate should do).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cratescope_advisory::AdvisoryDb;
use cratescope_model::audit::{
    AdvisoryDbStatus, FindingAction, FindingKind, Level, Problem, Scope,
};
use cratescope_model::{Evaluation, SourceId, SourceState};
use jiff::civil::Date;

use crate::evaluator::{CrateSpec, Evaluator, VersionWanted};
use crate::target::Platform;

pub mod advisories;
pub mod cache;
pub mod graph;
pub mod index_facts;
pub mod lockfile;
pub mod policy;
pub mod workspace;

pub use cache::{CacheKey, EvalCache};
pub use cratescope_model::audit::{
    AUDIT_SCHEMA_VERSION, AuditReport, PackageSource, PackageVerdict, Summary, Verdict,
};
pub use graph::{Filter, Graph};
pub use lockfile::{LockedPackage, Lockfile};
pub use policy::{AllowEntry, Policy, Thresholds, Violation};
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
    pub notes: Vec<String>,
}

/// Find the workspace and its lockfile; generate a missing lockfile with
/// `cargo generate-lockfile` (`--offline` when asked).
pub fn locate(how: &Locate, offline: bool) -> Result<Located, AuditError> {
    let mut notes = Vec::new();
    let manifest = match how {
        Locate::Lockfile(path) => {
            let lock = Lockfile::load(path)?;
            let ws = WorkspaceInfo::from_lockfile(&lock);
            notes.push(
                "workspace members taken from the lockfile (no manifest): their dev-dependencies and targets are unknown, so every package counts as a normal dependency for every target".into(),
            );
            return Ok(Located { lock, ws, notes });
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
            notes.push(format!(
                "{}; workspace members taken from the lockfile",
                crate::error::chain(&e)
            ));
            (None, workspace::lockfile_near(&manifest))
        }
    };
    if !lock_path.is_file() {
        workspace::generate_lockfile(&manifest, offline)?;
        notes.push(format!(
            "`{}` did not exist: generated with `cargo generate-lockfile{}`",
            lock_path.display(),
            if offline { " --offline" } else { "" }
        ));
    }
    let lock = Lockfile::load(&lock_path)?;
    let ws = ws.unwrap_or_else(|| WorkspaceInfo::from_lockfile(&lock));
    Ok(Located { lock, ws, notes })
}

/// How to run an audit.
pub struct AuditOptions<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The evaluation cache (None: always evaluate, store nothing).
    pub cache: Option<&'a EvalCache>,
    /// Serve cached evaluations (false: evaluate again and refresh the cache).
    pub read_cache: bool,
    /// Evaluations in flight at once.
    pub concurrency: usize,
    /// Called as evaluations finish.
    pub progress: Arc<dyn crate::progress::Progress>,
    /// Notes the caller adds.
    pub notes: Vec<String>,
    /// The caller accepts running without an advisory database (a flag).
    pub allow_missing_advisory_db: bool,
    /// Shown as the lockfile's path (relative to the working directory).
    pub lockfile_label: Option<PathBuf>,
}

/// The advisory database, strictly loaded, and its state.
fn load_db(
    evaluator: &Evaluator,
    policy: &Policy,
    accept_missing: bool,
    as_of: Date,
    warnings: &mut Vec<String>,
) -> Result<(Option<Arc<AdvisoryDb>>, AdvisoryDbStatus), AuditError> {
    let opts = evaluator.options();
    let loaded = crate::collect::advisory::advisory_db_path(opts)
        .map_err(|e| crate::error::chain(&e))
        .and_then(|path| {
            AdvisoryDb::load_strict(&path)
                .map(|db| (path, db))
                .map_err(|e| crate::error::chain(&e))
        });
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
                warnings.push(format!(
                    "the advisory database is stale: last updated {d} ({a} days ago{}), the policy allows {} days; update it (`git pull` in {}, or run without --advisory-db and --offline)",
                    if from == "newest-advisory" {
                        ", from its newest advisory: not a git checkout"
                    } else {
                        ""
                    },
                    policy.max_advisory_db_age_days,
                    path.display()
                ));
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
            evaluator.use_advisory_db(Err(format!("not loaded: {reason}").into()));
            warnings.push(format!(
                "advisories were NOT checked: the advisory database could not be loaded ({reason}); {} accepts running without it",
                if accept_missing {
                    "--allow-missing-advisory-db"
                } else {
                    "the policy (allow_missing_advisory_db)"
                }
            ));
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

/// Audit a located workspace.
pub async fn run(
    evaluator: &Evaluator,
    located: &Located,
    o: AuditOptions<'_>,
) -> Result<AuditReport, AuditError> {
    let opts = evaluator.options();
    let policy = o.policy;
    policy::check_against_model(policy, &opts.model)?;
    let lock = &located.lock;
    let mut notes = located.notes.clone();
    notes.extend(o.notes.iter().cloned());
    let mut warnings = Vec::new();
    let as_of = opts.as_of;
    let as_of_ts = crate::evaluator::end_of_day(as_of);
    let today = opts.today;

    let (db, db_status) = load_db(
        evaluator,
        policy,
        o.allow_missing_advisory_db,
        as_of,
        &mut warnings,
    )?;
    if opts.skip_git {
        notes.push(
            "repositories were not read (git source skipped): cloning every dependency is not what a CI gate should do; set `evaluate_git = true` in [audit] to read them".into(),
        );
    }

    // Index facts of every crates.io package: yanks, upgrades, and the
    // kinds and targets of their dependency edges (cached per lockfile and day).
    let facts = index_facts_for(evaluator, lock, &o).await;
    let versions_of = |i: usize| -> Option<&[(semver::Version, bool)]> {
        let p = &lock.packages[i];
        facts
            .get(&index_facts::key(&p.name, &p.version))
            .map(|f| f.versions.as_slice())
    };
    let deps_of = |i: usize| -> Option<&[index_facts::IndexDep]> {
        let p = &lock.packages[i];
        facts
            .get(&index_facts::key(&p.name, &p.version))
            .and_then(|f| f.deps.as_deref())
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
        notes.push(
            "exclude_dev and targets cannot be applied to the members' own dependencies without cargo metadata: they all count as normal dependencies for every target".into(),
        );
    }
    if !graph.unannotated.is_empty() {
        notes.push(format!(
            "the index entries of {} package(s) could not be read ({}); their dependencies count as normal dependencies for every target",
            graph.unannotated.len(),
            graph
                .unannotated
                .iter()
                .take(5)
                .map(|&i| lock.packages[i].label())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let scoped = graph.scope(lock, &filter);
    let judge = advisories::Judge {
        policy,
        today,
        platforms: &filter.platforms,
    };

    // Evaluations: in-scope crates.io packages, with their lockfile trees.
    let member_set: BTreeSet<usize> = graph.members.iter().copied().collect();
    let mut trees: BTreeMap<usize, Vec<(String, semver::Version)>> = BTreeMap::new();
    let mut tree_sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, p) in lock.packages.iter().enumerate() {
        if member_set.contains(&i) || scoped.scope[i] != Scope::InScope {
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
    let mut results: BTreeMap<usize, (Result<Evaluation, String>, bool)> = BTreeMap::new();
    let mut misses = Vec::new();
    let key_base = cache::KeyBase::new(opts);
    for (&i, tree) in &trees {
        let p = &lock.packages[i];
        let key = key_base.key(&p.name, &p.version, Some(tree));
        match o
            .cache
            .filter(|_| o.read_cache)
            .and_then(|c| c.get(&key, &opts.model))
        {
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
            && c.put(&key, e).is_err()
        {
            cache_failures += 1;
        }
        results.insert(i, (r, false));
    }
    if cache_failures > 0 {
        notes.push(format!(
            "{cache_failures} evaluations could not be written to the evaluation cache"
        ));
    }

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
            scope_reason: scoped.reason[i].clone(),
            direct: !direct_of.is_empty(),
            direct_of,
            path: scoped.path[i]
                .iter()
                .map(|&k| lock.packages[k].label())
                .collect(),
            tree_size: tree_sizes.get(&i).copied(),
            lockfile_line: p.line,
            verdict: Verdict::Pass,
            advisories: Vec::new(),
            violations: Vec::new(),
            unchecked: Vec::new(),
            allow_reason: None,
            not_evaluated: None,
            problems: Vec::new(),
            hint: None,
            cached: false,
            evaluation: None,
        };
        if p.source == PackageSource::CratesIo {
            row.advisories = advisories::findings(
                db.as_deref(),
                &p.name,
                &p.version,
                versions_of(i),
                as_of_ts,
                scope,
                &judge,
            );
        }
        let in_scope = scope == Scope::InScope;
        match (&p.source, in_scope) {
            (PackageSource::Git(url), true) => row.problems.push(Problem {
                rule: "git-package".into(),
                level: policy.git_packages,
                message: format!("from git ({url}): no registry data and no advisory check"),
            }),
            (PackageSource::Registry(url), true) => row.problems.push(Problem {
                rule: "other-registry-package".into(),
                level: policy.other_registry_packages,
                message: format!("from another registry ({url}): not evaluated, no advisory check"),
            }),
            _ => {}
        }
        match results.remove(&i) {
            Some((Ok(e), cached)) => {
                let j = policy::judge(&e, &policy.thresholds_for(row.direct));
                row.violations = j.violations;
                row.unchecked = j.unchecked;
                row.cached = cached;
                if !row.violations.is_empty()
                    && let Some(a) = policy.allowed(&p.name, &p.version, today)
                {
                    used_allow.insert(allow_key(a));
                    row.allow_reason = Some(a.reason.clone());
                } else if let Some(a) = policy.allowed(&p.name, &p.version, today) {
                    used_allow.insert(allow_key(a));
                    notes.push(format!(
                        "allow-list entry for `{}` is not needed: {} {} meets the policy's score rules",
                        a.name, p.name, p.version
                    ));
                }
                row.evaluation = Some(e);
            }
            Some((Err(reason), _)) => {
                row.problems.push(Problem {
                    rule: "unevaluable".into(),
                    level: policy.unevaluable,
                    message: format!("not evaluated: {reason}"),
                });
                row.not_evaluated = Some(reason);
            }
            None if in_scope && p.source == PackageSource::CratesIo => {
                // A join failure (a panicked task) leaves no result.
                let reason = "the evaluation task failed".to_string();
                row.problems.push(Problem {
                    rule: "unevaluable".into(),
                    level: policy.unevaluable,
                    message: format!("not evaluated: {reason}"),
                });
                row.not_evaluated = Some(reason);
            }
            None => {}
        }
        row.problems.retain(|pr| pr.level != Level::Allow);
        row.verdict = verdict(&row);
        row.hint = hint(&row, policy);
        packages.push(row);
    }

    // Policy entries that matched nothing, or expired.
    for a in &policy.allow {
        if let Some(u) = a.until.filter(|u| today > *u) {
            warnings.push(format!(
                "allow-list entry for `{}` expired on {u}: its crate is judged again",
                a.name
            ));
        } else if !used_allow.contains(&allow_key(a)) {
            notes.push(format!(
                "allow-list entry for `{}` matches no evaluated package",
                a.name
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
            warnings.push(format!(
                "ignore entry for {} expired on {u}: the advisory counts again",
                g.id
            ));
        } else if !found_ids.contains(g.id.as_str()) {
            notes.push(format!(
                "ignore entry for {} matches no advisory in this lockfile",
                g.id
            ));
        }
    }

    sort_by_risk(&mut packages);
    let summary = summarise(&packages);
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
        policy: policy.clone(),
        passed: summary.failed == 0,
        summary,
        advisory_db: db_status,
        warnings,
        packages,
        notes,
    })
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

/// Fail on a denied finding, an unallowed broken rule or a failing problem;
/// warn on a warned finding or problem; else allowed, pass, or skipped
/// (local and out-of-scope packages with nothing to say).
fn verdict(row: &PackageVerdict) -> Verdict {
    let denied = row
        .advisories
        .iter()
        .any(|f| f.action == FindingAction::Deny);
    let broken = !row.violations.is_empty();
    let fails = denied
        || (broken && row.allow_reason.is_none())
        || row.problems.iter().any(|p| p.level == Level::Fail);
    let warns = row
        .advisories
        .iter()
        .any(|f| f.action == FindingAction::Warn)
        || row.problems.iter().any(|p| p.level == Level::Warn);
    if fails {
        Verdict::Fail
    } else if warns {
        Verdict::Warn
    } else if broken {
        Verdict::Allowed
    } else if row.scope != Scope::InScope || row.source == PackageSource::Path {
        Verdict::Skipped
    } else {
        Verdict::Pass
    }
}

/// One line on what to do, for the most serious reason.
fn hint(row: &PackageVerdict, policy: &Policy) -> Option<String> {
    let name = &row.name;
    let via = row
        .path
        .iter()
        .rev()
        .nth(1)
        .filter(|_| !row.direct)
        .map(|p| format!(" (pulled in by {p})"))
        .unwrap_or_default();
    if let Some(f) = row
        .advisories
        .iter()
        .filter(|f| f.action != FindingAction::Ignored)
        .min_by_key(|f| (f.action, f.kind))
    {
        return Some(match (f.kind, &f.upgrade_to) {
            (FindingKind::Yanked, Some(v)) => {
                format!("move off the yanked version: `cargo update -p {name}` (to ≥ {v})")
            }
            (FindingKind::Yanked, None) => {
                format!("no later release: replace {name}{via}")
            }
            (_, Some(v)) => format!(
                "upgrade {name} to ≥ {v} (`cargo update -p {name} --precise {v}`), or ignore {} with a reason in [[audit.ignore]]",
                f.id
            ),
            (_, None) => format!(
                "no fixed release: replace {name}{via}, or ignore {} with a reason in [[audit.ignore]]",
                f.id
            ),
        });
    }
    if let Some(p) = row.problems.first() {
        return Some(match p.rule.as_str() {
            "unevaluable" => "run without --offline (or `cargo fetch` first) so the registry data can be read, or set `unevaluable = \"warn\"` in [audit]".into(),
            "git-package" => "git packages get no advisory check: prefer a published release, or set `git_packages = \"allow\"` in [audit]".into(),
            _ => "set `other_registry_packages = \"allow\"` in [audit] to accept packages from that registry".into(),
        });
    }
    if !row.violations.is_empty() && row.allow_reason.is_none() {
        let direct = if row.direct {
            ""
        } else {
            " (or relax [audit.transitive])"
        };
        return Some(format!(
            "replace {name}{via}, or accept it with a reason: [[audit.allow]] crate = \"{name}\"{direct}"
        ));
    }
    let _ = policy;
    None
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

/// Failures first, then warnings, allowed, passes, skipped; direct
/// dependencies first; then the most serious finding, the worst tier and the
/// lowest composite.
pub fn sort_by_risk(rows: &mut [PackageVerdict]) {
    rows.sort_by(|a, b| {
        let worst = |r: &PackageVerdict| {
            r.active_findings()
                .map(|f| f.kind)
                .min()
                .map(|k| k as u8)
                .unwrap_or(u8::MAX)
        };
        let tier = |r: &PackageVerdict| {
            std::cmp::Reverse(r.evaluation.as_ref().map(|e| e.tier.rank()).unwrap_or(0))
        };
        (a.verdict, !a.direct, worst(a), tier(a))
            .cmp(&(b.verdict, !b.direct, worst(b), tier(b)))
            .then_with(|| {
                a.composite()
                    .unwrap_or(0.0)
                    .total_cmp(&b.composite().unwrap_or(0.0))
            })
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.version.cmp(&b.version))
    });
}

fn summarise(rows: &[PackageVerdict]) -> Summary {
    let count = |v: Verdict| rows.iter().filter(|r| r.verdict == v).count();
    let mut findings = BTreeMap::new();
    let mut ignored = 0;
    for f in rows.iter().flat_map(|r| &r.advisories) {
        if f.action == FindingAction::Ignored {
            ignored += 1;
        } else {
            *findings.entry(f.kind).or_insert(0) += 1;
        }
    }
    Summary {
        packages: rows.len(),
        in_scope: rows.iter().filter(|r| r.scope == Scope::InScope).count(),
        evaluated: rows.iter().filter(|r| r.evaluation.is_some()).count(),
        passed: count(Verdict::Pass),
        failed: count(Verdict::Fail),
        warned: count(Verdict::Warn),
        allowed: count(Verdict::Allowed),
        not_evaluated: rows.iter().filter(|r| r.not_evaluated.is_some()).count(),
        out_of_scope: rows
            .iter()
            .filter(|r| {
                matches!(
                    r.scope,
                    Scope::DevOnly | Scope::OtherTarget | Scope::Unreachable
                )
            })
            .count(),
        local: rows.iter().filter(|r| r.scope == Scope::Local).count(),
        cached: rows.iter().filter(|r| r.cached).count(),
        findings,
        ignored,
    }
}
