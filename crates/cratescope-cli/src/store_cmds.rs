//! History commands: `track`, `untrack`, `update`, `history`, `backfill`,
//! `trends`. Argument parsing, calls into the engine (update, backfill), the
//! store and the report crate (history, update summary, trends); no logic. The database is `--database-url`, else CRATESCOPE_DATABASE_URL,
//! else `database_url` in cratescope.toml, else a SQLite file in the data dir.
//!

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use cratescope_engine::{CrateSpec, Evaluator, backfill, catalog, update};
use cratescope_model::history::BackfillRow;
use cratescope_model::{Arg, Lang, msg};
use cratescope_report::{self as report, Format, history};
use cratescope_store::Store;
use jiff::Timestamp;

use crate::cli::{Ctx, LangArgs, SourceArgs, lang, print};
use crate::fail::{cli, warn};

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
    lang: LangArgs,
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
    lang: LangArgs,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TrackedArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
    #[command(flatten)]
    lang: LangArgs,
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
    lang: LangArgs,
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
    lang: LangArgs,
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
    lang: LangArgs,
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
    lang: LangArgs,
    #[command(flatten)]
    db: DbArgs,
}

impl StoreCommand {
    /// The language the command was asked to speak (its errors too).
    pub(crate) fn lang(&self) -> Lang {
        let l = match self {
            StoreCommand::Track(a) => &a.lang,
            StoreCommand::Untrack(a) => &a.lang,
            StoreCommand::Tracked(a) => &a.lang,
            StoreCommand::Update(a) => &a.lang,
            StoreCommand::History(a) => &a.lang,
            StoreCommand::Backfill(a) => &a.lang,
            StoreCommand::Trends(a) => &a.lang,
        };
        lang(l.lang)
    }
}

pub(crate) fn run(c: StoreCommand, ctx: &Ctx) -> Result<u8> {
    let rt = cratescope_engine::runtime()?;
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

/// The database: `--database-url`, else `CRATESCOPE_DATABASE_URL`, else
/// `database_url` in cratescope.toml, else the default.
pub(crate) fn database_url(db: &DbArgs, ctx: &Ctx) -> Option<String> {
    db.database_url
        .clone()
        .or_else(|| ctx.file.database_url.clone())
}

pub(crate) async fn open(db: &DbArgs, ctx: &Ctx) -> Result<Store> {
    Ok(cratescope_engine::history::open(database_url(db, ctx).as_deref()).await?)
}

fn crate_name(raw: &str) -> Result<String> {
    let spec = CrateSpec::parse(raw)?;
    if spec.version.is_some() {
        return Err(cli(msg!("cli-track-by-name", arg = Arg::code(raw))));
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
                    cli(msg!(
                        "cli-no-category",
                        id = Arg::code(id.clone()),
                        categories = Arg::List(
                            catalog
                                .categories
                                .iter()
                                .map(|c| Arg::code(c.id.clone()))
                                .collect()
                        )
                    ))
                })?;
            names.extend(cat.crates.iter().cloned());
        }
    }
    if names.is_empty() {
        return Err(cli(msg!("cli-name-a-crate")));
    }
    Ok(names)
}

async fn track(a: TrackArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
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
        match evaluator.resolve(CrateSpec::latest(n.clone())).await {
            Ok((spec, note)) => {
                if let Some(note) = note {
                    crate::fail::note(lang, None, &note);
                }
                checked.push(spec.name);
            }
            // The registry answered that it does not know the name.
            Err(e @ cratescope_engine::Error::CrateNotFound { .. }) => return Err(e.into()),
            Err(e) => {
                warn(
                    lang,
                    None,
                    &msg!(
                        "cli-track-unchecked",
                        krate = Arg::krate(n.clone()),
                        why = e.message()
                    ),
                );
                checked.push(n);
            }
        }
    }
    let store = open(&a.db, ctx).await?;
    let n = store.track(&checked, Timestamp::now()).await?;
    let total = store.tracked().await?.len();
    store.close().await;
    print(&format!(
        "{}\n",
        report::catalog::render(lang, &msg!("cli-tracking", n = n, total = total))
    ))?;
    Ok(0)
}

async fn untrack(a: UntrackArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
    let names = names_of(&a.crates, &a.category, a.catalog.as_deref())?;
    let store = open(&a.db, ctx).await?;
    let n = store.untrack(&names).await?;
    let total = store.tracked().await?.len();
    store.close().await;
    print(&format!(
        "{}\n",
        report::catalog::render(lang, &msg!("cli-untracked", n = n, total = total))
    ))?;
    Ok(0)
}

async fn tracked(a: TrackedArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
    let store = open(&a.db, ctx).await?;
    let names = store.tracked().await?;
    store.close().await;
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&names)?),
        OutFormat::Table if names.is_empty() => format!(
            "{}\n",
            report::catalog::render(
                lang,
                &msg!(
                    "cli-none-tracked",
                    command = Arg::code("cratescope track <CRATE>...")
                )
            )
        ),
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
    let lang = lang(a.lang.lang);
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
    warn_quarantined(lang, &store);
    store.close().await;
    let summary = summary?;
    print(&history::update_summary(lang, &summary))?;
    Ok(if summary.failures() > 0 { 2 } else { 0 })
}

/// Tell the user, once, about stored rows that could not be read back and
/// were moved to the quarantine table.
pub(crate) fn warn_quarantined(lang: Lang, store: &Store) {
    for m in cratescope_engine::history::quarantined(store) {
        warn(lang, None, &m);
    }
}

async fn verify(lang: Lang, store: &Store) -> Result<u8> {
    let r = store.verify().await?;
    warn_quarantined(lang, store);
    let say = |m| report::catalog::render(lang, &m);
    let mut text = String::new();
    match &r.integrity {
        Some(lines) if lines.len() == 1 && lines[0] == "ok" => {
            text.push_str(&say(msg!("cli-verify-ok")));
            text.push('\n');
        }
        Some(lines) => {
            text.push_str(&say(msg!("cli-verify-failed")));
            text.push('\n');
            for l in lines {
                text.push_str(&format!("  {}\n", report::sanitize::line(l)));
            }
        }
        None => {
            text.push_str(&say(msg!("cli-verify-not-applicable")));
            text.push('\n');
        }
    }
    text.push_str(&say(msg!(
        "cli-verify-rows",
        ok = r.rows_checked,
        now = r.quarantined.len(),
        all = r.quarantine_total
    )));
    text.push('\n');
    print(&text)?;
    Ok(if r.ok() { 0 } else { 2 })
}

async fn history(a: HistoryArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
    let store = open(&a.db, ctx).await?;
    if a.verify {
        let code = verify(lang, &store).await;
        store.close().await;
        return code;
    }
    let name = a.name.clone().unwrap_or_default();
    if let Some(id) = a.card {
        let eval = store.evaluation(id).await?;
        warn_quarantined(lang, &store);
        let eval = eval.ok_or_else(|| cli(msg!("cli-no-stored-card", id = id)))?;
        store.close().await;
        if eval.name != name {
            return Err(cli(msg!(
                "cli-stored-card-of-other",
                id = id,
                other = Arg::krate(eval.name.clone()),
                krate = Arg::krate(name.clone())
            )));
        }
        let format = match a.format {
            HistoryFormat::Table => Format::Table,
            HistoryFormat::Json => Format::Json,
            HistoryFormat::Csv => return Err(cli(msg!("cli-card-format"))),
            HistoryFormat::Markdown => Format::Markdown,
        };
        print(&report::render_with(&[eval], format, lang, &ctx.term))?;
        return Ok(0);
    }
    let entries = store.history(&name).await?;
    warn_quarantined(lang, &store);
    store.close().await;
    if entries.is_empty() {
        return Err(cli(msg!(
            "cli-no-history",
            krate = Arg::krate(name.clone()),
            track = Arg::code(format!("cratescope track {name}")),
            backfill = Arg::code(format!("cratescope backfill {name}"))
        )));
    }
    let text = match a.format {
        HistoryFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        HistoryFormat::Csv => history::history_csv(&entries),
        HistoryFormat::Markdown => history::history_markdown(&name, &entries),
        HistoryFormat::Table => history::history_table(lang, &name, &entries, &ctx.term),
    };
    print(&text)?;
    Ok(0)
}

async fn backfill(a: BackfillArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
    let mut names = Vec::new();
    for c in &a.crates {
        names.push(crate_name(c)?);
    }
    let evaluator = Evaluator::new(ctx.eval_options(&a.sources)?)?;
    let store = open(&a.db, ctx).await?;
    let rows = backfill::backfill(&store, &evaluator, &names, a.quarters).await;
    store.close().await;
    let rows = rows?;
    print(&history::backfill_lines(lang, &rows))?;
    let skipped = rows
        .iter()
        .filter(|r| matches!(r, BackfillRow::Skipped { .. }))
        .count();
    Ok(if skipped == rows.len() { 2 } else { 0 })
}

async fn trends(a: TrendsArgs, ctx: &Ctx) -> Result<u8> {
    let lang = lang(a.lang.lang);
    let catalog = catalog::load(a.catalog.as_deref())?;
    let store = open(&a.db, ctx).await?;
    let result = cratescope_engine::history::trends(&store, &catalog).await;
    warn_quarantined(lang, &store);
    store.close().await;
    let result = result?;
    let text = match a.format {
        OutFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&cratescope_report::english(&result))?
        ),
        OutFormat::Table => history::trends_table(lang, &result, &ctx.term),
    };
    print(&text)?;
    Ok(0)
}
