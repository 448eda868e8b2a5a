//! `cratescope report`: evaluate every crate of a catalog (the built-in one or
//! `--catalog FILE`) a few at a time and write the maturity matrix document as
//! Markdown or standalone HTML. The library assembles and renders; this file
//! only turns flags into a request, shows failures on stderr and writes the
//! output atomically.
//!
//! Exit codes: 0 when the document was written (crates that failed appear in
//! it with their reason), 2 when nothing could be evaluated or written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use cratescope::catalog::Catalog;
use cratescope::eval::Evaluator;
use cratescope::report::document::{self, DEFAULT_CONCURRENCY, Document};
use cratescope::report::html;

use crate::cli::{Ctx, SourceArgs, lang, print};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    Markdown,
    Html,
}

/// Arguments of `cratescope report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Catalog of categories and crates (default: the built-in catalog)
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Document format
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Write the document here (default: standard output)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// How many crates to evaluate at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY)]
    jobs: usize,
    #[command(flatten)]
    sources: SourceArgs,
}

pub(crate) fn run(a: ReportArgs, ctx: &Ctx) -> Result<u8> {
    let catalog = Catalog::load(a.catalog.as_deref()).with_context(|| match &a.catalog {
        Some(p) => format!("cannot load the catalog {}", p.display()),
        None => "cannot load the built-in catalog".to_string(),
    })?;
    if a.sources.repo.is_some() {
        return Err(anyhow!(
            "--repo names one repository; a report evaluates many crates"
        ));
    }
    let opts = ctx.eval_options(&a.sources)?;
    let as_of = opts.as_of;
    let model = opts.model.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let evaluator = Evaluator::new(opts)?;
    let results = rt.block_on(document::evaluate_catalog(&evaluator, &catalog, a.jobs));
    for (name, r) in &results {
        match r {
            Ok(outcome) => {
                for w in &outcome.warnings {
                    eprintln!("warning: {name}: {w}");
                }
            }
            Err(e) => eprintln!("error: {name}: {}", document::error_chain(e)),
        }
    }
    let doc = Document::assemble(&catalog, &model, as_of, &results, None);
    let (ok, total) = doc.counts();
    let lang = lang(a.sources.lang);
    let text = match a.format {
        ReportFormat::Markdown => document::markdown(&doc, lang),
        ReportFormat::Html => html::render(&doc, lang),
    };
    match &a.out {
        Some(path) => {
            write_atomic(path, text.as_bytes())
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

/// Write through a temporary file in the same directory, then rename, so a
/// reader never sees half a report.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} names no file", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot rename {} into place", tmp.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
