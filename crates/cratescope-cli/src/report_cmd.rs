//! `cratescope report`: evaluate every crate of a catalog (the built-in one or
//! `--catalog FILE`) a few at a time and write the maturity matrix document as
//! Markdown or standalone HTML. The library assembles and renders; this file
//! only turns flags into a request, shows failures on stderr and writes the
//! output atomically.
//!
//! Exit codes: 0 when the document was written (crates that failed appear in
//! it with their reason), 2 when nothing could be evaluated or written.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use cratescope_engine::Evaluator;
use cratescope_engine::catalog::{self, Catalog, DEFAULT_CONCURRENCY, FactsCache};
use cratescope_report::{document, html};

use crate::cli::{Ctx, LangArgs, SourceArgs, lang, print};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    Markdown,
    Html,
}

/// Arguments of `cratescope report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Catalog of categories and crates (default: the built-in catalog)
    #[arg(long, value_name = "FILE", conflicts_with = "from_dump")]
    catalog: Option<PathBuf>,
    /// Build the catalog from the crates.io dump: each category's best crates, then the emerging ones
    #[arg(long)]
    from_dump: bool,
    /// With --from-dump: the crates.io categories (slugs; default: the largest)
    #[arg(
        long,
        value_name = "SLUG,…",
        value_delimiter = ',',
        requires = "from_dump"
    )]
    categories: Vec<String>,
    /// With --from-dump: crates per category
    #[arg(long, value_name = "N", requires = "from_dump")]
    top: Option<usize>,
    /// Document format
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Write the document here (default: standard output)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// How many crates to evaluate at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY)]
    jobs: usize,
    /// Collect every crate again instead of reusing what was collected today (the cache is still refreshed)
    #[arg(long)]
    no_cache: bool,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    sources: SourceArgs,
    #[command(flatten)]
    db: crate::store_cmds::DbArgs,
}

pub(crate) fn run(a: ReportArgs, ctx: &Ctx) -> Result<u8> {
    let catalog = if a.from_dump {
        let lang = lang(a.lang.lang);
        match crate::eco_cmd::dump_catalog(ctx, &a.sources, &a.categories, a.top, lang)? {
            Ok(c) => c,
            Err(code) => return Ok(code),
        }
    } else {
        catalog::load(a.catalog.as_deref()).with_context(|| match &a.catalog {
            Some(p) => format!("cannot load the catalog {}", p.display()),
            None => "cannot load the built-in catalog".to_string(),
        })?
    };
    let opts = ctx.eval_options(&a.sources)?;
    let cache = FactsCache::new(&opts.cache_dir);
    let as_of = opts.as_of;
    let model = opts.model.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let evaluator = Evaluator::new(opts)?;
    let bar = crate::progress::Bar::with_lines("{spinner} evaluating {pos}/{len} {wide_bar} {msg}");
    let (results, cached) = rt.block_on(catalog::evaluate_all_cached(
        &evaluator,
        &catalog,
        a.jobs.max(1),
        bar.sink(),
        (!a.no_cache).then(|| cache.clone()),
    ));
    bar.finish();
    if cached > 0 {
        eprintln!(
            "{cached} of {} crate(s) from the evaluation cache ({}; --no-cache collects again)",
            results.len(),
            cache_dir_note(&a.sources, ctx)
        );
    }
    for (name, r) in &results {
        match r {
            Ok(outcome) => {
                for w in &outcome.warnings {
                    eprintln!("warning: {name}: {}", cratescope_report::sanitize::line(w));
                }
            }
            Err(e) => eprintln!(
                "error: {name}: {}",
                cratescope_report::sanitize::line(&cratescope_engine::error::chain(e))
            ),
        }
    }
    let trends = rt.block_on(stored_trends(&a.db, ctx, &catalog));
    let doc = catalog::document(&catalog, &model, as_of, &results, trends);
    let (ok, total) = doc.counts();
    let lang = lang(a.lang.lang);
    let text = match a.format {
        ReportFormat::Markdown => document::markdown(&doc, &model, lang),
        ReportFormat::Html => html::render(&doc, &model, lang),
    };
    match &a.out {
        Some(path) => {
            cratescope_http::write_atomic(path, text.as_bytes())
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            eprintln!(
                "wrote {} ({ok} of {total} crates evaluated)",
                path.display()
            );
        }
        None => print(&text)?,
    }
    Ok(if ok == 0 && total > 0 { 2 } else { 0 })
}

/// Trends from the history store, when there is one: the rings and momentum
/// of `cratescope trends`. No store (or an empty one) leaves the section
/// saying that there is no history yet; a store that cannot be read is a
/// warning, not a failed report.
async fn stored_trends(
    db: &crate::store_cmds::DbArgs,
    ctx: &Ctx,
    catalog: &Catalog,
) -> Option<Vec<cratescope_model::trend::CategoryTrend>> {
    let explicit = db.database_url.is_some() || ctx.file.database_url.is_some();
    if !explicit {
        // Do not create a database just to find it empty.
        let default = cratescope_engine::config::default_database_url();
        let exists = cratescope_store::sqlite_path(&default).is_some_and(|p| p.exists());
        if !exists {
            return None;
        }
    }
    let store = match crate::store_cmds::open(db, ctx).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("warning: no trends: cannot open the history store: {e:#}");
            return None;
        }
    };
    let mut history = Vec::new();
    for name in catalog.crates() {
        match store.evaluations(&name).await {
            Ok(evals) if !evals.is_empty() => history.push((name, evals)),
            Ok(_) => {}
            Err(e) => eprintln!("warning: no history for {name}: {e:#}"),
        }
    }
    if history.is_empty() {
        return None;
    }
    Some(cratescope_score::trend::compute(&history, catalog))
}

fn cache_dir_note(s: &SourceArgs, ctx: &Ctx) -> String {
    s.cache_dir
        .clone()
        .or_else(|| ctx.file.cache_dir.clone())
        .unwrap_or_else(cratescope_engine::config::default_cache_dir)
        .join("report-facts")
        .display()
        .to_string()
}

/// Arguments of `cratescope catalog`.
#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    #[command(subcommand)]
    command: CatalogCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CatalogCommand {
    /// Write the built-in catalog (commented) as a starting point for `report --catalog FILE`
    Init {
        /// Where to write it (default: standard output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// `cratescope catalog init`.
pub(crate) fn catalog(a: CatalogArgs) -> Result<u8> {
    match a.command {
        CatalogCommand::Init { out, force } => {
            let text = catalog::BUILTIN;
            match out {
                None => print(text)?,
                Some(p) => {
                    if p.exists() && !force {
                        return Err(anyhow!(
                            "{} exists; pass --force to replace it",
                            p.display()
                        ));
                    }
                    cratescope_http::write_atomic(&p, text.as_bytes())
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    eprintln!(
                        "wrote {}: edit it, then `cratescope report --catalog {}`",
                        p.display(),
                        p.display()
                    );
                }
            }
            Ok(0)
        }
    }
}
