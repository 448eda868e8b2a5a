//! `cratescope audit`: a CI gate over a workspace's Cargo.lock (issues 6
//! and 16). This file turns flags into library requests and draws the
//! progress bar; finding the workspace, reading the lockfile and the
//! advisories, evaluating, caching and judging live in
//! `cratescope_engine::audit`.
//!
//! Exit codes: 0 the policy holds · 1 it fails · 2 error (no usable lockfile,
//! advisory database, policy or flags).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use cratescope_engine::Evaluator;
use cratescope_engine::audit::{self, AuditOptions, EvalCache, Locate, Policy, policy};
use cratescope_report::audit::Style;

use crate::cli::{Ctx, SourceArgs, print};

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
    /// Policy file whose [audit] table is read [default: the [audit] table of cratescope.toml]
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: AuditFormat,
    /// List every package, not only those that fail or warn (table)
    #[arg(long)]
    all: bool,
    /// Indented JSON instead of one line (json)
    #[arg(long)]
    pretty: bool,
    /// Audit even when the RustSec database cannot be loaded (every output says advisories were not checked)
    #[arg(long)]
    allow_missing_advisory_db: bool,
    /// Evaluations in flight at once [default: 2 per core]
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Evaluate every package again, ignoring cached evaluations (the cache is still refreshed)
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    sources: SourceArgs,
}

fn load_policy(a: &AuditArgs, ctx: &Ctx) -> Result<Policy> {
    match &a.policy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read policy file `{}`", path.display()))?;
            policy::from_toml_text(&text)
                .with_context(|| format!("in policy file `{}`", path.display()))
        }
        None => {
            match &ctx.file.audit {
                Some(t) => Ok(policy::from_table(t)
                    .context("in the [audit] table of the configuration file")?),
                None => Ok(Policy::default()),
            }
        }
    }
}

/// Paths under the working directory are shown (and put in SARIF) relative to it.
fn relative(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

/// Colour when printing to a terminal and `NO_COLOR` is unset (no-color.org).
/// The global `--color auto|always|never` switch, when cli.rs gains it,
/// replaces this decision; the renderer already takes it as a parameter.
fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `COLUMNS` when the shell exports it, else 80.
fn columns() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|c: &usize| *c > 0)
        .unwrap_or(cratescope_report::audit::DEFAULT_WIDTH)
}

pub(crate) fn run(a: AuditArgs, ctx: &Ctx) -> Result<u8> {
    // `--repo` is an `eval` flag only (shared SourceArgs no longer carry it).
    let policy = load_policy(&a, ctx)?;
    let mut opts = ctx.audit_options(&a.sources)?;
    opts.skip_git = !policy.evaluate_git;
    let how = match (&a.lockfile, &a.manifest_path) {
        (Some(l), _) => Locate::Lockfile(l.clone()),
        (None, Some(m)) => Locate::Manifest(m.clone()),
        (None, None) => {
            Locate::Search(std::env::current_dir().context("cannot read the current directory")?)
        }
    };
    let located = audit::locate(&how, opts.offline)?;
    let cache = EvalCache::new(&opts.cache_dir);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let jobs = a.jobs.unwrap_or(cores * JOBS_PER_CORE).max(1);

    let rt = cratescope_engine::runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let bar = crate::progress::Bar::new("{spinner} evaluating {pos}/{len} {wide_bar} {elapsed}");
    let progress = bar.sink();
    let report = rt.block_on(audit::run(
        &evaluator,
        &located,
        AuditOptions {
            policy: &policy,
            cache: Some(&cache),
            read_cache: !a.no_cache,
            concurrency: jobs,
            progress,
            notes: Vec::new(),
            allow_missing_advisory_db: a.allow_missing_advisory_db,
            lockfile_label: Some(relative(&located.lock.path)),
        },
    ));
    bar.finish();
    let report = report?;
    let text = match a.format {
        AuditFormat::Table => cratescope_report::audit::table(
            &report,
            &Style {
                color: use_colour(),
                width: columns(),
                all: a.all,
            },
        ),
        AuditFormat::Json => cratescope_report::audit::json(&report, a.pretty),
        AuditFormat::Markdown => cratescope_report::audit::markdown(&report),
        AuditFormat::Sarif => cratescope_report::sarif::render(&report),
    };
    print(&text)?;
    Ok(if report.passed { 0 } else { 1 })
}
