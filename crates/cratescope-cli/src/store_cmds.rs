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

/// Output format of `trends`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OutFormat {
    Table,
    Json,
}

/// Output format of `history`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum HistoryFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

/// The history commands.
#[derive(Debug, Subcommand)]
pub(crate) enum StoreCommand {
    /// Track crates (or whole catalog categories) for `update`
    Track(TrackArgs),
    /// Stop tracking crates (their history stays)
    Untrack(UntrackArgs),
    /// List the tracked crates
    Tracked(TrackedArgs),
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
    /// Check names against local data only (cargo's cache, our cache)
    #[arg(long)]
    offline: bool,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct UntrackArgs {
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
pub(crate) struct TrackedArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
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
    format: HistoryFormat,
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
            StoreCommand::Track(a) => track(a, ctx).await,
            StoreCommand::Untrack(a) => untrack(a, ctx).await,
            StoreCommand::Tracked(a) => tracked(a, ctx).await,
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

fn names_of(
    crates: &[String],
    category: &[String],
    catalog_file: Option<&std::path::Path>,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for c in crates {
        names.push(crate_name(c)?);
    }
    if !category.is_empty() {
        let catalog = catalog::load(catalog_file)?;
        for id in category {
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
    Ok(names)
}

async fn track(a: TrackArgs, ctx: &Ctx) -> Result<u8> {
    let names = names_of(&a.crates, &a.category, a.catalog.as_deref())?;
    // Each name must be a crate the registry knows (cargo's other spelling
    // is taken, as cargo does); when the registry cannot be asked, the name
    // is tracked with a warning and `update` will say.
    let sources = SourceArgs {
        as_of: None,
        offline: a.offline,
        refresh: false,
        advisory_db: None,
        cache_dir: None,
    };
    let mut opts = ctx.eval_options(&sources)?;
    opts.advisory_db = None;
    let evaluator = Evaluator::new(opts)?;
    let mut checked = Vec::new();
    for n in names {
        let spec = CrateSpec {
            name: n.clone(),
            version: None,
        };
        match crate::cli::resolve_name(&evaluator, spec).await {
            Ok(s) => checked.push(s.name),
            Err(e)
                if e.chain().any(|c| {
                    matches!(
                        c.downcast_ref::<cratescope_engine::Error>(),
                        Some(cratescope_engine::Error::CrateNotFound(_))
                    )
                }) || e.to_string().starts_with("no crate named") =>
            {
                return Err(e);
            }
            Err(e) => {
                eprintln!(
                    "warning: `{n}` could not be checked against the registry ({}); tracked anyway",
                    cratescope_report::sanitize::line(&format!("{e:#}"))
                );
                checked.push(n);
            }
        }
    }
    let store = open(&a.db, ctx).await?;
    let n = store.track(&checked, Timestamp::now()).await?;
    let total = store.tracked().await?.len();
    store.close().await;
    print(&format!("tracking {n} more crate(s); {total} tracked\n"))?;
    Ok(0)
}

async fn untrack(a: UntrackArgs, ctx: &Ctx) -> Result<u8> {
    let names = names_of(&a.crates, &a.category, a.catalog.as_deref())?;
    let store = open(&a.db, ctx).await?;
    let n = store.untrack(&names).await?;
    let total = store.tracked().await?.len();
    store.close().await;
    print(&format!(
        "untracked {n} crate(s); {total} tracked; stored history is kept\n"
    ))?;
    Ok(0)
}

async fn tracked(a: TrackedArgs, ctx: &Ctx) -> Result<u8> {
    let store = open(&a.db, ctx).await?;
    let names = store.tracked().await?;
    store.close().await;
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&names)?),
        OutFormat::Table if names.is_empty() => {
            "no tracked crates: add some with `cratescope track <CRATE>...`\n".to_string()
        }
        OutFormat::Table => {
            let mut t = String::new();
            for n in &names {
                t.push_str(&cratescope_report::sanitize::line(n));
                t.push('\n');
            }
            t
        }
    };
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
            HistoryFormat::Table => Format::Table,
            HistoryFormat::Json => Format::Json,
            HistoryFormat::Csv => {
                bail!("--card renders one card: use --format table, json or markdown")
            }
            HistoryFormat::Markdown => Format::Markdown,
        };
        print(&report::render_with(
            &[eval],
            format,
            cratescope_report::Lang::En,
            &ctx.term,
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
        HistoryFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        HistoryFormat::Csv => history::history_csv(&entries),
        HistoryFormat::Markdown => history::history_markdown(&name, &entries),
        HistoryFormat::Table => history::history_table(&name, &entries, &ctx.term),
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
        OutFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&cratescope_report::english(&result))?
        ),
        OutFormat::Table => history::trends_table(&result, &ctx.term),
    };
    print(&text)?;
    Ok(0)
}
