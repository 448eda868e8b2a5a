//! History commands: `track`, `untrack`, `update`, `history`, `backfill`,
//! `trends`. Argument parsing, calls into the engine (update, backfill), the
//! store and the report crate (history, update summary, trends); no logic. The database is `--database-url`, else CRATESCOPE_DATABASE_URL,
//! else `database_url` in cratescope.toml, else a SQLite file in the data dir.
//!

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use cratescope_engine::{CrateSpec, Evaluator, backfill, catalog, update};
use cratescope_model::history::BackfillRow;
use cratescope_report::{self as report, Format, history};
use cratescope_score::trend;
use cratescope_store::Store;
use jiff::Timestamp;

use crate::cli::{Ctx, SourceArgs, print};

/// Default number of crates `update` evaluates at once: each evaluation is
/// mostly waiting on I/O, and the registry asks clients to stay gentle.
const DEFAULT_JOBS: u64 = 4;

/// Which database.
#[derive(Debug, Args)]
pub(crate) struct DbArgs {
    /// `sqlite://PATH` (default: a file in the OS data dir) or `postgres://…`
    #[arg(
        long,
        env = "CRATESCOPE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub(crate) database_url: Option<String>,
}

/// Output format of `history` and `trends`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OutFormat {
    Table,
    Json,
}

/// The history commands.
#[derive(Debug, Subcommand)]
pub(crate) enum StoreCommand {
    /// Track crates (or whole catalog categories) for `update`
    Track(TrackArgs),
    /// Stop tracking crates (their history stays)
    Untrack(TrackArgs),
    /// Re-evaluate every tracked crate and store the results (resumable)
    Update(UpdateArgs),
    /// Stored evaluations of a crate over time, dimension by dimension
    History(HistoryArgs),
    /// Evaluations as of past quarter ends, from what can be reconstructed
    Backfill(BackfillArgs),
    /// Per category: momentum, release activity, usage, and rings
    Trends(TrendsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct TrackArgs {
    /// Crate names
    #[arg(value_name = "CRATE")]
    crates: Vec<String>,
    /// Every crate of a catalog category (repeatable)
    #[arg(long, value_name = "ID")]
    category: Vec<String>,
    /// Catalog file (default: the built-in catalog)
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// Crates evaluated at once
    #[arg(long, default_value_t = DEFAULT_JOBS, value_parser = clap::value_parser!(u64).range(1..=64))]
    jobs: u64,
    /// How long another process's claim on a crate lives without renewal
    /// before it is taken over (e.g. 30s, 2m)
    #[arg(
        long,
        env = "CRATESCOPE_UPDATE_LEASE",
        value_name = "DURATION",
        value_parser = crate::serve_cmd::parse_duration,
        hide = true
    )]
    lease: Option<std::time::Duration>,
    /// This machine's name in claims (default: the host name); processes on
    /// machines sharing one PostgreSQL need distinct names
    #[arg(long, env = "CRATESCOPE_WORKER_HOST", value_name = "NAME", hide = true)]
    worker_host: Option<String>,
    #[command(flatten)]
    sources: SourceArgs,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The crate
    #[arg(required_unless_present = "verify")]
    name: Option<String>,
    /// Check the whole store instead: SQLite's full integrity check, and every
    /// stored evaluation read back (unreadable ones are quarantined)
    #[arg(long, conflicts_with = "card")]
    verify: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
    /// Re-render one stored card (its id, from the table) exactly as evaluated
    #[arg(long, value_name = "ID")]
    card: Option<i64>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct BackfillArgs {
    /// Crate names
    #[arg(required = true, value_name = "CRATE")]
    crates: Vec<String>,
    /// How many past quarter ends
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=40))]
    quarters: u32,
    #[command(flatten)]
    sources: SourceArgs,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TrendsArgs {
    /// Catalog file (default: the built-in catalog)
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
    #[command(flatten)]
    db: DbArgs,
}

pub(crate) fn run(c: StoreCommand, ctx: &Ctx) -> Result<u8> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        match c {
            StoreCommand::Track(a) => track(a, ctx, true).await,
            StoreCommand::Untrack(a) => track(a, ctx, false).await,
            StoreCommand::Update(a) => update(a, ctx).await,
            StoreCommand::History(a) => history(a, ctx).await,
            StoreCommand::Backfill(a) => backfill(a, ctx).await,
            StoreCommand::Trends(a) => trends(a, ctx).await,
        }
    })
}

pub(crate) async fn open(db: &DbArgs, ctx: &Ctx) -> Result<Store> {
    let url = db
        .database_url
        .clone()
        .or_else(|| ctx.file.database_url.clone())
        .unwrap_or_else(cratescope_engine::config::default_database_url);
    Ok(Store::open(&url).await?)
}

fn crate_name(raw: &str) -> Result<String> {
    let spec = CrateSpec::parse(raw)?;
    if spec.version.is_some() {
        bail!("`{raw}`: track a crate by name; `update` always evaluates its latest release");
    }
    Ok(spec.name)
}

async fn track(a: TrackArgs, ctx: &Ctx, add: bool) -> Result<u8> {
    let mut names = Vec::new();
    for c in &a.crates {
        names.push(crate_name(c)?);
    }
    if !a.category.is_empty() {
        let catalog = catalog::load(a.catalog.as_deref())?;
        for id in &a.category {
            let cat = catalog
                .categories
                .iter()
                .find(|c| &c.id == id)
                .ok_or_else(|| {
                    anyhow!(
                        "no catalog category `{id}`; categories: {}",
                        catalog
                            .categories
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?;
            names.extend(cat.crates.iter().cloned());
        }
    }
    if names.is_empty() {
        bail!("name at least one crate or --category");
    }
    let store = open(&a.db, ctx).await?;
    let text = if add {
        let n = store.track(&names, Timestamp::now()).await?;
        let total = store.tracked().await?.len();
        format!("tracking {n} more crate(s); {total} tracked\n")
    } else {
        let n = store.untrack(&names).await?;
        let total = store.tracked().await?.len();
        format!("untracked {n} crate(s); {total} tracked; stored history is kept\n")
    };
    store.close().await;
    print(&text)?;
    Ok(0)
}

async fn update(a: UpdateArgs, ctx: &Ctx) -> Result<u8> {
    let store = open(&a.db, ctx).await?;
    let evaluator = Evaluator::new(ctx.eval_options(&a.sources)?)?;
    let bar = crate::progress::Bar::new("{bar:30} {pos}/{len} {msg}");
    let mut cfg = update::UpdateConfig::new(usize::try_from(a.jobs).unwrap_or(1));
    if let Some(lease) = a.lease {
        cfg.lease = lease;
    }
    cfg.host = a.worker_host.clone();
    let summary = update::update_with(&store, &evaluator, cfg, bar.sink()).await;
    bar.finish();
    warn_quarantined(&store);
    store.close().await;
    let summary = summary?;
    print(&history::update_summary(&summary))?;
    Ok(if summary.failures() > 0 { 2 } else { 0 })
}

/// Tell the user, once, about stored rows that could not be read back and
/// were moved to the quarantine table.
pub(crate) fn warn_quarantined(store: &Store) {
    for q in store.take_quarantined() {
        eprintln!(
            "warning: stored evaluation {} of `{}` is unreadable ({}); it was moved to the quarantine table",
            q.evaluation_id, q.name, q.reason
        );
    }
}

async fn verify(store: &Store) -> Result<u8> {
    let r = store.verify().await?;
    warn_quarantined(store);
    let mut text = String::new();
    match &r.integrity {
        Some(lines) if lines.len() == 1 && lines[0] == "ok" => {
            text.push_str("integrity check: ok\n")
        }
        Some(lines) => {
            text.push_str("integrity check: FAILED\n");
            for l in lines {
                text.push_str(&format!("  {l}\n"));
            }
        }
        None => {
            text.push_str("integrity check: not applicable (PostgreSQL checks its own pages)\n")
        }
    }
    text.push_str(&format!(
        "stored evaluations read back: {} ok, {} quarantined now, {} in quarantine in all\n",
        r.rows_checked,
        r.quarantined.len(),
        r.quarantine_total
    ));
    print(&text)?;
    Ok(if r.ok() { 0 } else { 2 })
}

async fn history(a: HistoryArgs, ctx: &Ctx) -> Result<u8> {
    let store = open(&a.db, ctx).await?;
    if a.verify {
        let code = verify(&store).await;
        store.close().await;
        return code;
    }
    let name = a.name.clone().unwrap_or_default();
    if let Some(id) = a.card {
        let eval = store.evaluation(id).await?;
        warn_quarantined(&store);
        let eval = eval.ok_or_else(|| anyhow!("no stored evaluation with id {id}"))?;
        store.close().await;
        if eval.name != name {
            bail!("stored evaluation {id} is of `{}`, not `{name}`", eval.name,);
        }
        let format = match a.format {
            OutFormat::Table => Format::Table,
            OutFormat::Json => Format::Json,
        };
        print(&report::render(
            &[eval],
            format,
            cratescope_report::Lang::En,
        ))?;
        return Ok(0);
    }
    let entries = store.history(&name).await?;
    warn_quarantined(&store);
    store.close().await;
    if entries.is_empty() {
        bail!(
            "no stored evaluation of `{name}`: `cratescope track {name}` then `update`, or `backfill {name}`"
        );
    }
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        OutFormat::Table => history::history_table(&name, &entries),
    };
    print(&text)?;
    Ok(0)
}

async fn backfill(a: BackfillArgs, ctx: &Ctx) -> Result<u8> {
    let mut names = Vec::new();
    for c in &a.crates {
        names.push(crate_name(c)?);
    }
    let evaluator = Evaluator::new(ctx.eval_options(&a.sources)?)?;
    let store = open(&a.db, ctx).await?;
    let rows = backfill::backfill(&store, &evaluator, &names, a.quarters).await;
    store.close().await;
    let rows = rows?;
    print(&history::backfill_lines(&rows))?;
    let skipped = rows
        .iter()
        .filter(|r| matches!(r, BackfillRow::Skipped { .. }))
        .count();
    Ok(if skipped == rows.len() { 2 } else { 0 })
}

async fn trends(a: TrendsArgs, ctx: &Ctx) -> Result<u8> {
    let catalog = catalog::load(a.catalog.as_deref())?;
    let store = open(&a.db, ctx).await?;
    let mut history = Vec::new();
    for name in catalog.crates() {
        let evals = store.evaluations(&name).await?;
        warn_quarantined(&store);
        if !evals.is_empty() {
            history.push((name, evals));
        }
    }
    store.close().await;
    let result = trend::compute(&history, &catalog);
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&result)?),
        OutFormat::Table => history::trends_table(&result),
    };
    print(&text)?;
    Ok(0)
}
