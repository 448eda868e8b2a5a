//! `cratescope audit`: a CI gate over a workspace's Cargo.lock (issues 6,
//! 16 and 24). This file turns flags into library requests and draws the
//! progress bar; finding the workspace and its policy, reading the lockfile,
//! the base and the advisories, evaluating, caching and judging live in
//! `cratescope_engine::audit`.
//!
//! Exit codes: 0 the policy holds · 1 it fails · 2 error (no usable
//! lockfile, base, advisory database, policy or flags).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::builder::RangedU64ValueParser;
use clap::{Args, ValueEnum};
use cratescope_engine::Evaluator;
use cratescope_engine::audit::{
    self, AuditOptions, EvalCache, LoadedPolicy, Locate, Located, policy,
};
use cratescope_report::audit::Style;

use crate::cli::{Ctx, LangArg, LangArgs, SourceArgs, print};

/// Evaluations in flight per core: each alternates between file reads and
/// CPU-bound parsing (on tokio's blocking pool), so two per core keeps the
/// cores busy without piling up tarballs in memory.
const JOBS_PER_CORE: usize = 2;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AuditFormat {
    Table,
    Json,
    Markdown,
    Sarif,
}

/// Arguments of `cratescope audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Workspace manifest [default: the nearest Cargo.toml at or above the current directory]
    #[arg(long, value_name = "PATH", conflicts_with = "lockfile")]
    manifest_path: Option<PathBuf>,
    /// A Cargo.lock to audit without cargo (path packages nothing depends on count as the workspace)
    #[arg(long, value_name = "PATH")]
    lockfile: Option<PathBuf>,
    /// Policy file: a cratescope.toml's [audit] table or a cargo-deny deny.toml [default: the workspace root's cratescope.toml with [audit], else its deny.toml]
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Judge only what changed since this Cargo.lock or git revision (e.g. origin/main)
    #[arg(long, value_name = "LOCKFILE|REV")]
    base: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: AuditFormat,
    /// List every package (table); with --base, also judge the packages the change did not touch
    #[arg(long)]
    all: bool,
    /// Indented JSON instead of one line (json)
    #[arg(long)]
    pretty: bool,
    /// Audit even when the RustSec database cannot be loaded (every output says advisories were not checked)
    #[arg(long)]
    allow_missing_advisory_db: bool,
    /// Evaluations in flight at once, at least 1 [default: 2 per core]
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=1024))]
    jobs: Option<usize>,
    /// Evaluate every package again, ignoring cached evaluations (the cache is still refreshed)
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    sources: SourceArgs,
}

/// The policy, found as cargo-deny finds its deny.toml: `--policy`, else
/// the `--config` file's `[audit]`, else the workspace root's
/// cratescope.toml with an `[audit]` table or its deny.toml, else the
/// current directory's cratescope.toml, else the built-in defaults.
fn load_policy(a: &AuditArgs, ctx: &Ctx, root: &Path) -> Result<LoadedPolicy> {
    let named = |p: &Path| -> Result<LoadedPolicy> {
        let mut l = policy::load_file(p)?;
        l.file = Some(relative(p));
        Ok(l)
    };
    if let Some(p) = &a.policy {
        return named(p);
    }
    if let Some(c) = &ctx.global.config
        && ctx.file.audit.is_some()
    {
        return named(c);
    }
    if let Some(p) = policy::find_in_workspace(root) {
        return named(&p);
    }
    let here = PathBuf::from("cratescope.toml");
    if ctx.file.audit.is_some() && here.is_file() {
        return named(&here);
    }
    Ok(LoadedPolicy::defaults())
}

/// Paths under the working directory are shown (and put in SARIF) relative to it.
fn relative(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

fn lang(a: &LangArgs) -> cratescope_model::Lang {
    match a.lang {
        LangArg::En => cratescope_model::Lang::En,
        LangArg::Zh => cratescope_model::Lang::Zh,
    }
}

impl AuditArgs {
    /// The language asked for (its errors too).
    pub(crate) fn lang(&self) -> cratescope_model::Lang {
        lang(&self.lang)
    }
}

pub(crate) fn run(a: AuditArgs, ctx: &Ctx) -> Result<u8> {
    let mut opts = ctx.audit_options(&a.sources)?;
    let how = match (&a.lockfile, &a.manifest_path) {
        (Some(l), _) => Locate::Lockfile(l.clone()),
        (None, Some(m)) => Locate::Manifest(m.clone()),
        (None, None) => {
            Locate::Search(std::env::current_dir().context("cannot read the current directory")?)
        }
    };
    // The advisory database is read while cargo locates the workspace.
    let preloaded_db = audit::DbPreload::start(&opts);
    let located: Located = audit::locate(&how, opts.offline)?;
    let loaded = load_policy(&a, ctx, &located.root())?;
    opts.skip_git = !loaded.policy.evaluate_git;
    let base = a
        .base
        .as_deref()
        .map(|b| audit::load_base(b, &located.lock.path))
        .transpose()?;
    let cache = EvalCache::new(&opts.cache_dir);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let jobs = a.jobs.unwrap_or(cores * JOBS_PER_CORE);

    let rt = cratescope_engine::runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let bar = crate::progress::Bar::new("{spinner} evaluating {pos}/{len} {wide_bar} {elapsed}");
    let progress = bar.sink();
    let report = rt.block_on(audit::run(
        &evaluator,
        &located,
        AuditOptions {
            policy: &loaded,
            cache: Some(&cache),
            read_cache: !a.no_cache,
            concurrency: jobs,
            progress,
            notes: Vec::new(),
            allow_missing_advisory_db: a.allow_missing_advisory_db,
            lockfile_label: Some(relative(&located.lock.path)),
            base: base.as_ref(),
            all: a.all,
            preloaded_db,
        },
    ));
    bar.finish();
    let mut report = report?;
    let lang = a.lang();
    let passed = report.passed;
    let text = match a.format {
        AuditFormat::Table => cratescope_report::audit::table(
            &report,
            &Style {
                term: ctx.term,
                all: a.all,
                lang,
            },
        ),
        AuditFormat::Json => cratescope_report::audit::json_in_place(&mut report, a.pretty),
        AuditFormat::Markdown => cratescope_report::audit::markdown(&report, lang),
        AuditFormat::Sarif => cratescope_report::sarif::render(&report),
    };
    print(&text)?;
    // The process ends here: the workers are reaped (their CPU time is
    // ours), but the report and the run's caches (every release of every
    // package, hundreds of thousands of small allocations) are left to the
    // exit instead of being freed one by one, which took a tenth of a
    // second.
    evaluator.shut_down_workers();
    std::mem::forget(evaluator);
    std::mem::forget(report);
    Ok(if passed { 0 } else { 1 })
}
