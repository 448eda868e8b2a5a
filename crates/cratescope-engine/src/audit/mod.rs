//! `audit`: lockfile → evaluations → policy verdicts (issue 6).
//!
//! Reads a `Cargo.lock` (and `cargo metadata` when the caller has it) to know
//! every locked package and which ones are direct dependencies of a workspace
//! member, evaluates each crates.io package at its locked version in
//! parallel (bounded), caches the cards, and judges each against the policy.
//! Path, git and other-registry packages are listed, not evaluated.
//!
//! The library never prints: progress goes through a sink and notes are
//! part of the [`AuditReport`]. Deliberately ignored: the repository (git)
//! source unless the policy sets `evaluate_git` (cloning every dependency is
//! not what a CI gate should do), and features/targets (see `workspace`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::evaluator::{CrateSpec, Evaluator, VersionWanted};
use cratescope_model::Evaluation;
use cratescope_model::{SourceId, SourceState};

pub mod cache;
pub mod lockfile;
pub mod policy;

pub mod workspace;

pub use cache::{CacheKey, EvalCache};
pub use cratescope_model::audit::{
    AUDIT_SCHEMA_VERSION, AuditReport, PackageSource, PackageVerdict, Summary, Verdict,
};
pub use lockfile::{LockedPackage, Lockfile};
pub use policy::{AllowEntry, Policy, Thresholds, Violation};
pub use workspace::WorkspaceInfo;

/// What can end an audit (a crate that cannot be evaluated does not: it is
/// reported as not evaluated).
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
    /// The lockfile is not valid TOML of the expected shape.
    #[error("malformed lockfile `{path}`")]
    ParseLockfile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The lockfile parses but its content is inconsistent.
    #[error("malformed lockfile `{path}`: {problem}")]
    BadLockfile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// `cargo metadata` failed or printed something unexpected.
    #[error("cargo metadata failed")]
    Metadata {
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

/// One locked package to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The lockfile entry.
    pub package: LockedPackage,
    /// Workspace members it is a direct dependency of (empty: transitive).
    pub direct_of: Vec<String>,
}

/// The packages of a lockfile to audit: everything but the workspace members.
pub fn plan(lock: &Lockfile, ws: &WorkspaceInfo) -> Vec<Target> {
    lock.packages
        .iter()
        .filter(|p| !ws.members.contains(&(p.name.clone(), p.version.clone())))
        .map(|p| Target {
            direct_of: ws.direct_of(&(p.name.clone(), p.version.clone())),
            package: p.clone(),
        })
        .collect()
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
    /// Notes the caller adds (e.g. "cargo metadata failed; direct dependencies from the lockfile").
    pub notes: Vec<String>,
}

/// Evaluate and judge every target.
pub async fn run(
    evaluator: &Evaluator,
    lock: &Lockfile,
    targets: Vec<Target>,
    o: AuditOptions<'_>,
) -> AuditReport {
    let opts = evaluator.options();
    let mut notes = o.notes;
    if opts.skip_git {
        notes.push(
            "repositories were not read (git source skipped): cloning every dependency is not what a CI gate should do; set `evaluate_git = true` in [audit] to read them".into(),
        );
    }
    // Cache hits first (a file read each), then evaluate the misses in parallel.
    let mut results: Vec<Option<(Result<Evaluation, String>, bool)>> = vec![None; targets.len()];
    let mut misses = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        if t.package.source != PackageSource::CratesIo {
            continue;
        }
        let key = CacheKey::new(&t.package.name, &t.package.version, opts);
        match o.cache.filter(|_| o.read_cache).and_then(|c| c.get(&key)) {
            Some(e) => results[i] = Some((Ok(e), true)),
            None => misses.push((i, key)),
        }
    }
    // Largest packages first, so no big one is left running alone at the end
    // while the other cores idle.
    let dirs = tarball_dirs(opts.cargo_home.as_deref());
    misses.sort_by_cached_key(|(i, _)| {
        std::cmp::Reverse(tarball_size(
            &dirs,
            &targets[*i].package.name,
            &targets[*i].package.version,
        ))
    });
    o.progress.start(misses.len());
    let sem = Arc::new(tokio::sync::Semaphore::new(o.concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (i, key) in misses {
        let ev = evaluator.clone();
        let sem = sem.clone();
        let spec = CrateSpec {
            name: targets[i].package.name.clone(),
            version: Some(VersionWanted::Exact(targets[i].package.version.clone())),
        };
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            let r = ev
                .evaluate(&spec)
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
        results[i] = Some((r, false));
    }
    if cache_failures > 0 {
        notes.push(format!(
            "{cache_failures} evaluations could not be written to the evaluation cache"
        ));
    }

    let mut used_allow = BTreeSet::new();
    let mut packages = Vec::with_capacity(targets.len());
    for (t, r) in targets.into_iter().zip(results) {
        let p = &t.package;
        let direct = !t.direct_of.is_empty();
        let mut row = PackageVerdict {
            name: p.name.clone(),
            version: p.version.to_string(),
            source: p.source.clone(),
            direct,
            direct_of: t.direct_of,
            lockfile_line: p.line,
            verdict: Verdict::NotEvaluated,
            violations: Vec::new(),
            unchecked: Vec::new(),
            allow_reason: None,
            not_evaluated: None,
            cached: false,
            evaluation: None,
        };
        match r {
            None => {
                row.not_evaluated = Some(match &p.source {
                    PackageSource::Path | PackageSource::Git(_) => "not from a registry".into(),
                    PackageSource::Registry(url) => format!("not from crates.io (registry {url})"),
                    // A join failure (a panicked task) leaves the slot empty.
                    PackageSource::CratesIo => "the evaluation task failed".into(),
                });
            }
            Some((Err(e), _)) => row.not_evaluated = Some(e),
            Some((Ok(e), cached)) => {
                let j = policy::judge(&e, &o.policy.thresholds_for(direct));
                row.violations = j.violations;
                row.unchecked = j.unchecked;
                row.cached = cached;
                let allow = o.policy.allowed(&p.name, &p.version);
                if let Some(a) = allow {
                    used_allow.insert((a.name.clone(), a.version.as_ref().map(|v| v.to_string())));
                }
                row.verdict = match (row.violations.is_empty(), allow) {
                    (true, None) => Verdict::Pass,
                    (true, Some(a)) => {
                        notes.push(format!(
                            "allow-list entry for `{}` is not needed: {} {} meets the policy",
                            a.name, p.name, p.version
                        ));
                        Verdict::Pass
                    }
                    (false, Some(a)) => {
                        row.allow_reason = Some(a.reason.clone());
                        Verdict::Allowed
                    }
                    (false, None) => Verdict::Fail,
                };
                row.evaluation = Some(e);
            }
        }
        packages.push(row);
    }
    for a in &o.policy.allow {
        if !used_allow.contains(&(a.name.clone(), a.version.as_ref().map(|v| v.to_string()))) {
            notes.push(format!(
                "allow-list entry for `{}` matches no evaluated package",
                a.name
            ));
        }
    }
    sort_by_risk(&mut packages);
    let summary = summarise(&packages);
    AuditReport {
        schema_version: AUDIT_SCHEMA_VERSION,
        as_of: opts.as_of,
        model_version: opts.model.version.clone(),
        lockfile: lock.path.clone(),
        policy: o.policy.clone(),
        passed: summary.failed == 0,
        summary,
        packages,
        notes,
    }
}

/// cargo's `registry/cache/<registry>/` directories.
fn tarball_dirs(cargo_home: Option<&std::path::Path>) -> Vec<PathBuf> {
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

/// Direct dependencies first; then failures, allowed, not evaluated, passes;
/// then the worst tier and the lowest composite first.
pub fn sort_by_risk(rows: &mut [PackageVerdict]) {
    rows.sort_by(|a, b| {
        let tier = |r: &PackageVerdict| {
            std::cmp::Reverse(r.evaluation.as_ref().map(|e| e.tier.rank()).unwrap_or(0))
        };
        (!a.direct, a.verdict, tier(a))
            .cmp(&(!b.direct, b.verdict, tier(b)))
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
    Summary {
        packages: rows.len(),
        evaluated: rows.iter().filter(|r| r.evaluation.is_some()).count(),
        passed: count(Verdict::Pass),
        failed: count(Verdict::Fail),
        allowed: count(Verdict::Allowed),
        not_evaluated: count(Verdict::NotEvaluated),
        cached: rows.iter().filter(|r| r.cached).count(),
    }
}
