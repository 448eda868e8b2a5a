//! `cratescope report`: the maturity matrix document of a catalog (the
//! built-in one or `--catalog FILE`) as Markdown or standalone HTML. The
//! engine evaluates the catalog and assembles the document with the trends
//! of the history store (`catalog::report`); the report crate renders it;
//! this file only turns flags into that request, shows failures and
//! warnings on stderr and writes the output atomically.
//!
//! Exit codes: 0 when the document was written (crates that failed appear in
//! it with their reason), 2 when nothing could be evaluated or written.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use cratescope_engine::Evaluator;
use cratescope_engine::catalog::{self, DEFAULT_CONCURRENCY, FactsCache, ReportRequest};
use cratescope_model::{Arg, msg};
use cratescope_report::{document, html};

use crate::cli::{Ctx, LangArgs, SourceArgs, lang, print};
use crate::fail::{cli, note, status, warn};

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

impl ReportArgs {
    /// The language asked for.
    pub(crate) fn lang(&self) -> cratescope_model::Lang {
        lang(self.lang.lang)
    }
}

pub(crate) fn run(a: ReportArgs, ctx: &Ctx) -> Result<u8> {
    let lang = a.lang();
    let catalog = if a.from_dump {
        match crate::eco_cmd::dump_catalog(ctx, &a.sources, &a.categories, a.top, lang)? {
            Ok(c) => c,
            Err(code) => return Ok(code),
        }
    } else {
        catalog::load(a.catalog.as_deref())?
    };
    let opts = ctx.eval_options(&a.sources)?;
    let cache = FactsCache::new(&opts.cache_dir);
    let cache_dir = opts.cache_dir.join("report-facts");
    let model = opts.model.clone();
    let rt = cratescope_engine::runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let bar = crate::progress::Bar::with_lines("{spinner} evaluating {pos}/{len} {wide_bar} {msg}");
    let report = rt.block_on(catalog::report(
        &evaluator,
        ReportRequest {
            catalog: &catalog,
            jobs: a.jobs.max(1),
            cache: Some(cache),
            read_cache: !a.no_cache,
            database_url: a
                .db
                .database_url
                .clone()
                .or_else(|| ctx.file.database_url.clone()),
            progress: bar.sink(),
        },
    ));
    bar.finish();
    if report.from_cache > 0 {
        note(
            lang,
            None,
            &msg!(
                "cli-report-from-cache",
                n = report.from_cache,
                total = report.outcomes.len(),
                dir = Arg::code(cache_dir.display().to_string()),
                flag = Arg::code("--no-cache")
            ),
        );
    }
    for (name, r) in &report.outcomes {
        match r {
            Ok(outcome) => {
                for w in &outcome.warnings {
                    warn(lang, Some(name), w);
                }
            }
            Err(e) => warn(lang, Some(name), &e.message()),
        }
    }
    for w in &report.warnings {
        warn(lang, None, w);
    }
    let doc = report.document;
    let (ok, total) = doc.counts();
    let text = match a.format {
        ReportFormat::Markdown => document::markdown(&doc, &model, lang),
        ReportFormat::Html => html::render(&doc, &model, lang),
    };
    match &a.out {
        Some(path) => {
            cratescope_http::write_atomic(path, text.as_bytes()).map_err(|e| {
                cli(msg!(
                    "cli-cannot-write",
                    path = Arg::code(path.display().to_string()),
                    why = Arg::text(e.to_string())
                ))
            })?;
            status(
                lang,
                &msg!(
                    "cli-report-wrote",
                    path = Arg::code(path.display().to_string()),
                    ok = ok,
                    total = total
                ),
            );
        }
        None => print(&text)?,
    }
    Ok(if ok == 0 && total > 0 { 2 } else { 0 })
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
                    let path = Arg::code(p.display().to_string());
                    if p.exists() && !force {
                        return Err(cli(msg!(
                            "cli-exists",
                            path = path,
                            flag = Arg::code("--force")
                        )));
                    }
                    cratescope_http::write_atomic(&p, text.as_bytes()).map_err(|e| {
                        cli(msg!(
                            "cli-cannot-write",
                            path = path.clone(),
                            why = Arg::text(e.to_string())
                        ))
                    })?;
                    status(
                        cratescope_model::Lang::En,
                        &msg!(
                            "cli-catalog-wrote",
                            path = path,
                            command =
                                Arg::code(format!("cratescope report --catalog {}", p.display()))
                        ),
                    );
                }
            }
            Ok(0)
        }
    }
}
