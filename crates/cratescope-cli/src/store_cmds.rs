//! History commands (issue 7): `track`, `untrack`, `update`, `history`,
//! `backfill`, `trends`. Argument parsing, calls into `cratescope-store` and
//! `cratescope::trend`, and printing; the store and the trend computation hold
//! the logic. The database is `--database-url`, else CRATESCOPE_DATABASE_URL,
//! else `database_url` in cratescope.toml, else a SQLite file in the data dir.
//!
//! Deliberately not here: scoring (the evaluator does it) and any retry
//! policy beyond "a failed crate is tried again by the next `update`".

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use cratescope_engine::catalog;
use cratescope_engine::{CrateSpec, Evaluator, Outcome};
use cratescope_report::{self as report, Format, Tier};
use cratescope_score::trend;
use cratescope_store::{HistoryEntry, SaveOptions, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::Timestamp;

use crate::cli::{Ctx, SourceArgs, print};

/// Default number of crates `update` evaluates at once: each evaluation is
/// mostly waiting on I/O, and the registry asks clients to stay gentle.
const DEFAULT_JOBS: u64 = 4;
/// Composite changes smaller than this are reported as unchanged (the card
/// shows two decimals).
const COMPOSITE_EPSILON: f64 = 0.005;
/// Sparkline glyphs, lowest to highest, over the fixed 1–5 score scale so
/// that sparklines of different crates compare.
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Score scale bounds.
const SCORE_MIN: f64 = 1.0;
const SCORE_MAX: f64 = 5.0;

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
    #[command(flatten)]
    sources: SourceArgs,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The crate
    name: String,
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

/// What one crate's update did.
enum Change {
    New {
        name: String,
        tier: Tier,
        composite: Option<f64>,
    },
    Moved {
        name: String,
        from: Tier,
        to: Tier,
        before: Option<f64>,
        after: Option<f64>,
    },
    Shifted {
        name: String,
        before: f64,
        after: f64,
    },
    Same,
    Failed {
        name: String,
        error: String,
    },
}

fn describe(prev: Option<&HistoryEntry>, eval: &cratescope_model::Evaluation) -> Change {
    let name = eval.name.clone();
    match prev {
        None => Change::New {
            name,
            tier: eval.tier,
            composite: eval.composite,
        },
        Some(p) if p.tier != eval.tier => Change::Moved {
            name,
            from: p.tier,
            to: eval.tier,
            before: p.composite,
            after: eval.composite,
        },
        Some(p) => match (p.composite, eval.composite) {
            (Some(b), Some(a)) if (a - b).abs() >= COMPOSITE_EPSILON => Change::Shifted {
                name,
                before: b,
                after: a,
            },
            _ => Change::Same,
        },
    }
}

fn fmt_score(s: Option<f64>) -> String {
    s.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

async fn update(a: UpdateArgs, ctx: &Ctx) -> Result<u8> {
    let store = open(&a.db, ctx).await?;
    let tracked = store.tracked().await?;
    if tracked.is_empty() {
        print("no tracked crates: add some with `cratescope track <CRATE>...`\n")?;
        return Ok(0);
    }
    let opts = ctx.eval_options(&a.sources)?;
    let run = store
        .start_or_resume_run(opts.as_of, Timestamp::now())
        .await?;
    let todo: Vec<String> = tracked
        .iter()
        .filter(|n| !run.done.contains(*n))
        .cloned()
        .collect();
    let already = tracked.len() - todo.len();
    let evaluator = Evaluator::new(opts)?;

    let bar = ProgressBar::new(todo.len() as u64);
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let sem = Arc::new(tokio::sync::Semaphore::new(
        usize::try_from(a.jobs).unwrap_or(1),
    ));
    let mut set = tokio::task::JoinSet::new();
    for name in todo {
        let (store, evaluator, sem, bar) =
            (store.clone(), evaluator.clone(), sem.clone(), bar.clone());
        let run_id = run.id;
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            bar.set_message(name.clone());
            let change = update_one(&store, &evaluator, &name, run_id).await;
            bar.inc(1);
            change
        });
    }
    let mut changes = Vec::new();
    while let Some(joined) = set.join_next().await {
        changes.push(joined.unwrap_or_else(|e| Change::Failed {
            name: "?".into(),
            error: format!("task failed: {e}"),
        }));
    }
    bar.finish_and_clear();
    let failures = changes
        .iter()
        .filter(|c| matches!(c, Change::Failed { .. }))
        .count();
    if failures == 0 {
        store.finish_run(run.id, Timestamp::now()).await?;
    }
    store.close().await;
    print(&summary(&changes, already, run.resumed, failures))?;
    Ok(if failures > 0 { 2 } else { 0 })
}

async fn update_one(store: &Store, evaluator: &Evaluator, name: &str, run: i64) -> Change {
    let fail = |error: String| Change::Failed {
        name: name.to_string(),
        error,
    };
    let prev = match store.history(name).await {
        Ok(h) => h.into_iter().last(),
        Err(e) => return fail(cratescope_engine::error::chain(&e)),
    };
    let spec = CrateSpec {
        name: name.to_string(),
        version: None,
    };
    let result = match evaluator.evaluate(&spec).await {
        Ok(Outcome {
            evaluation, facts, ..
        }) => store
            .save(
                &evaluation,
                &facts,
                SaveOptions {
                    evaluated_at: Timestamp::now(),
                    backfill: false,
                    run: Some(run),
                },
            )
            .await
            .map(|_| describe(prev.as_ref(), &evaluation))
            .map_err(|e| cratescope_engine::error::chain(&e)),
        Err(e) => Err(cratescope_engine::error::chain(&e)),
    };
    match result {
        Ok(c) => c,
        Err(error) => {
            // Recorded so the run stays open and the next `update` retries it.
            let _ = store
                .record_failure(run, name, &error, Timestamp::now())
                .await;
            fail(error)
        }
    }
}

fn summary(changes: &[Change], already: usize, resumed: bool, failures: usize) -> String {
    let mut out = String::new();
    if resumed {
        out.push_str(&format!(
            "resumed an interrupted update: {already} crate(s) were already done\n"
        ));
    }
    let mut moved: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c, Change::Moved { .. }))
        .collect();
    moved.sort_by_key(|c| match c {
        Change::Moved { name, .. } => name.clone(),
        _ => String::new(),
    });
    if !moved.is_empty() {
        out.push_str("tier moves:\n");
        for c in moved {
            if let Change::Moved {
                name,
                from,
                to,
                before,
                after,
            } = c
            {
                let dir = if to.rank() < from.rank() {
                    "up"
                } else {
                    "down"
                };
                out.push_str(&format!(
                    "  {name}: {} {} → {} {} ({dir}; composite {} → {})\n",
                    from.icon(),
                    from.id(),
                    to.icon(),
                    to.id(),
                    fmt_score(*before),
                    fmt_score(*after)
                ));
            }
        }
    }
    let mut shifted: Vec<(&String, f64, f64)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Shifted {
                name,
                before,
                after,
            } => Some((name, *before, *after)),
            _ => None,
        })
        .collect();
    shifted.sort_by(|a, b| {
        (b.2 - b.1)
            .abs()
            .partial_cmp(&(a.2 - a.1).abs())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if !shifted.is_empty() {
        out.push_str("composite changes:\n");
        for (name, b, a) in shifted {
            out.push_str(&format!("  {name}: {b:.2} → {a:.2} ({:+.2})\n", a - b));
        }
    }
    let new: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::New {
                name,
                tier,
                composite,
            } => Some(format!(
                "  {name}: {} {} ({})\n",
                tier.icon(),
                tier.id(),
                fmt_score(*composite)
            )),
            _ => None,
        })
        .collect();
    if !new.is_empty() {
        out.push_str("first evaluations:\n");
        let mut new = new;
        new.sort();
        out.extend(new);
    }
    let same = changes.iter().filter(|c| matches!(c, Change::Same)).count();
    let mut failed: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Failed { name, error } => Some(format!("  {name}: {error}\n")),
            _ => None,
        })
        .collect();
    if !failed.is_empty() {
        failed.sort();
        out.push_str("failed (retried by the next `update`):\n");
        out.extend(failed);
    }
    out.push_str(&format!(
        "updated {} crate(s): {} unchanged, {failures} failed\n",
        changes.len() - failures,
        same
    ));
    out
}

/// A sparkline over the fixed 1–5 scale; a gap where there is no score.
fn sparkline(values: &[Option<f64>]) -> String {
    values
        .iter()
        .map(|v| match v {
            Some(x) => {
                let t = ((x - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)).clamp(0.0, 1.0);
                let i = (t * (SPARKS.len() - 1) as f64).round() as usize;
                SPARKS.get(i).copied().unwrap_or('?')
            }
            None => ' ',
        })
        .collect()
}

async fn history(a: HistoryArgs, ctx: &Ctx) -> Result<u8> {
    let store = open(&a.db, ctx).await?;
    if let Some(id) = a.card {
        let eval = store
            .evaluation(id)
            .await?
            .ok_or_else(|| anyhow!("no stored evaluation with id {id}"))?;
        store.close().await;
        if eval.name != a.name {
            bail!(
                "stored evaluation {id} is of `{}`, not `{}`",
                eval.name,
                a.name
            );
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
    let entries = store.history(&a.name).await?;
    store.close().await;
    if entries.is_empty() {
        bail!(
            "no stored evaluation of `{}`: `cratescope track {0}` then `update`, or `backfill {0}`",
            a.name
        );
    }
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        OutFormat::Table => history_table(&a.name, &entries),
    };
    print(&text)?;
    Ok(0)
}

fn history_table(name: &str, entries: &[HistoryEntry]) -> String {
    let dims: Vec<String> = {
        let mut seen = BTreeSet::new();
        let mut v = Vec::new();
        for e in entries {
            for d in &e.dimensions {
                if seen.insert(d.id.clone()) {
                    v.push(d.id.clone());
                }
            }
        }
        v
    };
    let mut out = format!("{name}: {} stored evaluation(s)\n\n", entries.len());
    let mut t = comfy_like_header(&dims);
    for e in entries {
        let mut row = vec![
            e.id.to_string(),
            e.as_of.to_string(),
            e.version.clone(),
            format!(
                "{} {}{}",
                e.tier.icon(),
                e.tier.id(),
                if e.provisional { "*" } else { "" }
            ),
            fmt_score(e.composite),
            format!("{:.0}%", e.confidence * 100.0),
        ];
        for d in &dims {
            let cell = match e.dimensions.iter().find(|x| &x.id == d) {
                Some(x)
                    if x.score.is_none()
                        && x.note.as_deref().is_some_and(|n| n.contains("reconstruct")) =>
                {
                    "n/r".into()
                }
                Some(x) => fmt_score(x.score),
                None => "–".into(),
            };
            row.push(cell);
        }
        row.push(if e.backfill {
            "backfill".into()
        } else {
            e.evaluated_at.strftime("%Y-%m-%d %H:%M").to_string()
        });
        t.push(row);
    }
    out.push_str(&render_rows(&t));
    out.push_str("\ntrend (1–5 scale, oldest → newest):\n");
    let width = dims
        .iter()
        .map(|d| d.len())
        .max()
        .unwrap_or(0)
        .max("composite".len());
    let comp: Vec<Option<f64>> = entries.iter().map(|e| e.composite).collect();
    out.push_str(&spark_line("composite", &comp, width));
    for d in &dims {
        let vals: Vec<Option<f64>> = entries
            .iter()
            .map(|e| {
                e.dimensions
                    .iter()
                    .find(|x| &x.id == d)
                    .and_then(|x| x.score)
            })
            .collect();
        out.push_str(&spark_line(d, &vals, width));
    }
    if entries.iter().any(|e| e.backfill) {
        out.push_str(
            "\nn/r: not reconstructible for that past day (the source reports only the present)\n",
        );
    }
    out
}

fn spark_line(label: &str, vals: &[Option<f64>], width: usize) -> String {
    let first = vals.iter().flatten().next();
    let last = vals.iter().flatten().last();
    let delta = match (first, last) {
        (Some(f), Some(l)) => format!("{f:.2} → {l:.2} ({:+.2})", l - f),
        _ => "no score".into(),
    };
    format!("  {label:<width$}  {}  {delta}\n", sparkline(vals))
}

fn comfy_like_header(dims: &[String]) -> Vec<Vec<String>> {
    let mut h: Vec<String> = ["id", "as of", "version", "tier", "composite", "conf"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(dims.iter().cloned());
    h.push("evaluated".into());
    vec![h]
}

/// Left-aligned columns, two spaces apart (widths by characters).
fn render_rows(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(c.chars().count());
                format!("{c}{}", " ".repeat(pad))
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

async fn backfill(a: BackfillArgs, ctx: &Ctx) -> Result<u8> {
    let mut names = Vec::new();
    for c in &a.crates {
        names.push(crate_name(c)?);
    }
    let base = ctx.eval_options(&a.sources)?;
    let ends = trend::past_quarter_ends(base.today, a.quarters);
    let store = open(&a.db, ctx).await?;
    let mut out = String::new();
    let mut failures = 0;
    for name in &names {
        for end in &ends {
            let mut opts = base.clone();
            opts.as_of = *end;
            let evaluator = Evaluator::new(opts)?;
            let spec = CrateSpec {
                name: name.clone(),
                version: None,
            };
            let q = trend::quarter_label(*end);
            match evaluator.evaluate(&spec).await {
                Ok(Outcome {
                    mut evaluation,
                    facts,
                    ..
                }) => {
                    let marked = trend::mark_unreconstructed(&mut evaluation);
                    let saved = store
                        .save(
                            &evaluation,
                            &facts,
                            SaveOptions {
                                evaluated_at: Timestamp::now(),
                                backfill: true,
                                run: None,
                            },
                        )
                        .await?;
                    out.push_str(&format!(
                        "{name} {q} ({end}): {} {} {} composite {}{}{}\n",
                        evaluation.version,
                        evaluation.tier.icon(),
                        evaluation.tier.id(),
                        fmt_score(evaluation.composite),
                        if saved.inserted {
                            ""
                        } else {
                            " (already stored)"
                        },
                        if marked.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "; present-only signals not reconstructed in: {}",
                                marked.join(", ")
                            )
                        }
                    ));
                }
                Err(e) => {
                    // Before the first release there is nothing to evaluate; say so and go on.
                    failures += 1;
                    out.push_str(&format!(
                        "{name} {q} ({end}): skipped: {}\n",
                        cratescope_engine::error::chain(&e)
                    ));
                }
            }
        }
    }
    store.close().await;
    print(&out)?;
    Ok(if failures == names.len() * ends.len() {
        2
    } else {
        0
    })
}

async fn trends(a: TrendsArgs, ctx: &Ctx) -> Result<u8> {
    let catalog = catalog::load(a.catalog.as_deref())?;
    let store = open(&a.db, ctx).await?;
    let mut history = Vec::new();
    for name in catalog.crates() {
        let evals = store.evaluations(&name).await?;
        if !evals.is_empty() {
            history.push((name, evals));
        }
    }
    store.close().await;
    let result = trend::compute(&history, &catalog);
    let text = match a.format {
        OutFormat::Json => format!("{}\n", serde_json::to_string_pretty(&result)?),
        OutFormat::Table => {
            let mut out = String::new();
            for cat in &result {
                out.push_str(&format!("## {} ({})\n", cat.name.en, cat.id));
                let mut rows = vec![
                    [
                        "crate",
                        "ring",
                        "composite",
                        "momentum",
                        "releases",
                        "downloads",
                        "why",
                    ]
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
                ];
                for c in &cat.crates {
                    rows.push(vec![
                        c.name.clone(),
                        c.ring
                            .map(|r| r.id().to_string())
                            .unwrap_or_else(|| "–".into()),
                        fmt_score(c.quarters.last().and_then(|q| q.composite)),
                        c.momentum
                            .map(|m| format!("{m:+.2}"))
                            .unwrap_or_else(|| "–".into()),
                        c.releases
                            .map(|r| r.to_string())
                            .unwrap_or_else(|| "–".into()),
                        c.downloads_gained
                            .map(|d| format!("+{d}"))
                            .unwrap_or_else(|| "–".into()),
                        c.reason.clone(),
                    ]);
                }
                out.push_str(&render_rows(&rows));
                out.push('\n');
            }
            out
        }
    };
    print(&text)?;
    Ok(0)
}
