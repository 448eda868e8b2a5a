//! `cratescope rank`, `emerging` and `alternatives` (CLI.md, "Added in
//! wave 3"), and the catalog of `report --from-dump`. The engine's
//! ecosystem view answers; this file turns flags into requests, prints the
//! view's notes once on stderr and the list on stdout.
//!
//! Exit codes: 0 when the list was printed (an empty list included), 2 for
//! an unknown category or keyword, a crate absent from the dump, no usable
//! dump, or a window the dump cannot measure.

use anyhow::Result;
use clap::{Args, ValueEnum};
use cratescope_engine::Evaluator;
use cratescope_engine::ecosystem::{EcosystemError, SelectionKind, View, params};
use cratescope_model::message::Arg;
use cratescope_model::msg;
use cratescope_report::Lang;
use cratescope_report::catalog::render;
use cratescope_report::ecosystem::{self as eco, EcoFormat, Heading, RankOf};

use crate::cli::{Ctx, LangArgs, SourceArgs, lang, print};
use crate::fail::warn;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum EcoFormatArg {
    Table,
    Json,
    Markdown,
}

/// What every ecosystem command takes.
#[derive(Debug, Args)]
pub(crate) struct EcoArgs {
    /// Output format (JSON: an array, best first, each entry with a "crate" field)
    #[arg(long, value_enum, default_value = "table")]
    format: EcoFormatArg,
    /// How many entries to show (0: all)
    #[arg(long, value_name = "N", default_value_t = params::DEFAULT_LIMIT)]
    limit: usize,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Arguments of `cratescope rank`.
#[derive(Debug, Args)]
pub(crate) struct RankArgs {
    /// A crates.io category slug (its subcategories included) or a keyword
    #[arg(value_name = "CATEGORY-SLUG|KEYWORD")]
    query: String,
    /// Evaluate the first K in full (source, repository, web APIs)
    #[arg(long, value_name = "K", default_value_t = 0)]
    deep: usize,
    /// How many crates the deep evaluation reads at once
    #[arg(long, value_name = "N", default_value_t = cratescope_engine::catalog::DEFAULT_CONCURRENCY)]
    jobs: usize,
    #[command(flatten)]
    common: EcoArgs,
}

/// Arguments of `cratescope emerging`.
#[derive(Debug, Args)]
pub(crate) struct EmergingArgs {
    /// Only crates of this crates.io category (slug), compared with it
    #[arg(long, value_name = "SLUG")]
    category: Option<String>,
    /// The window downloads and dependents are compared over: `90d` (28 to 90 days)
    #[arg(long, value_name = "DAYS", default_value = "90d", value_parser = parse_window)]
    window: u32,
    #[command(flatten)]
    common: EcoArgs,
}

/// Arguments of `cratescope alternatives`.
#[derive(Debug, Args)]
pub(crate) struct AlternativesArgs {
    /// The crate to replace
    #[arg(value_name = "CRATE")]
    krate: String,
    #[command(flatten)]
    common: EcoArgs,
}

impl RankArgs {
    /// The language asked for.
    pub(crate) fn lang(&self) -> Lang {
        lang(self.common.lang.lang)
    }
}

impl EmergingArgs {
    /// The language asked for.
    pub(crate) fn lang(&self) -> Lang {
        lang(self.common.lang.lang)
    }
}

impl AlternativesArgs {
    /// The language asked for.
    pub(crate) fn lang(&self) -> Lang {
        lang(self.common.lang.lang)
    }
}

/// `90d` or `90` as days.
fn parse_window(s: &str) -> std::result::Result<u32, String> {
    let digits = s.trim().strip_suffix('d').unwrap_or(s.trim());
    digits
        .parse::<u32>()
        .map_err(|_| format!("`{s}` is not a number of days such as 90d"))
}

fn format(f: EcoFormatArg) -> EcoFormat {
    match f {
        EcoFormatArg::Table => EcoFormat::Table,
        EcoFormatArg::Json => EcoFormat::Json,
        EcoFormatArg::Markdown => EcoFormat::Markdown,
    }
}

/// The error on stderr through the one printer; exit 2.
fn fail(lang: Lang, e: EcosystemError) -> u8 {
    crate::fail::print_error(lang, &anyhow::Error::new(e));
    2
}

/// The runtime, the evaluator and the opened view, or the exit code of a
/// view that could not be opened (its message printed).
struct Opened {
    rt: tokio::runtime::Runtime,
    evaluator: Evaluator,
    view: View,
}

fn open(ctx: &Ctx, s: &SourceArgs, lang: Lang) -> Result<std::result::Result<Opened, u8>> {
    let opts = ctx.eval_options(s)?;
    let rt = cratescope_engine::runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let view = match rt.block_on(View::open(&evaluator)) {
        Ok(v) => v,
        Err(e) => return Ok(Err(fail(lang, e))),
    };
    for n in view.notes() {
        warn(lang, None, n);
    }
    Ok(Ok(Opened {
        rt,
        evaluator,
        view,
    }))
}

/// `cratescope rank`.
pub(crate) fn rank(a: RankArgs, ctx: &Ctx) -> Result<u8> {
    let lang = a.lang();
    let o = match open(ctx, &a.common.sources, lang)? {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let sel = match o.view.select(&a.query) {
        Ok(s) => s,
        Err(e) => return Ok(fail(lang, e)),
    };
    let mut entries = o.view.rank(&sel, a.common.limit);
    if a.deep > 0 {
        let bar =
            crate::progress::Bar::with_lines("{spinner} evaluating {pos}/{len} {wide_bar} {msg}");
        let failures = o.rt.block_on(o.view.deepen(
            &o.evaluator,
            &mut entries,
            a.deep,
            a.jobs.max(1),
            bar.sink(),
        ));
        bar.finish();
        for (name, err) in failures {
            let (name, reason) = (Arg::krate(name), err.message());
            warn(
                lang,
                None,
                &msg!("eco-deep-failed", name = name, reason = reason),
            );
        }
    }
    let subject = match sel.kind {
        SelectionKind::Category(slug, name) => RankOf::Category(slug, name),
        SelectionKind::Keyword(k) => RankOf::Keyword(k),
    };
    let head = Heading {
        subject,
        considered: sel.crates.len(),
        dump_day: o.view.dump_day(),
        as_of: o.view.as_of(),
    };
    let fmt = format(a.common.format);
    print(&eco::rank(&entries, &head, fmt, lang, &ctx.term))?;
    Ok(0)
}

/// `cratescope emerging`.
pub(crate) fn emerging(a: EmergingArgs, ctx: &Ctx) -> Result<u8> {
    let lang = a.lang();
    let o = match open(ctx, &a.common.sources, lang)? {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let entries = match o
        .view
        .emerging(a.category.as_deref(), a.window, a.common.limit)
    {
        Ok(e) => e,
        Err(e) => return Ok(fail(lang, e)),
    };
    let head = Heading {
        subject: a.category.clone(),
        considered: entries.len(),
        dump_day: o.view.dump_day(),
        as_of: o.view.as_of(),
    };
    let fmt = format(a.common.format);
    print(&eco::emerging(
        &entries, &head, a.window, fmt, lang, &ctx.term,
    ))?;
    Ok(0)
}

/// `cratescope alternatives`.
pub(crate) fn alternatives(a: AlternativesArgs, ctx: &Ctx) -> Result<u8> {
    let lang = a.lang();
    let o = match open(ctx, &a.common.sources, lang)? {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let entries = match o.view.alternatives(&a.krate, a.common.limit) {
        Ok(e) => e,
        Err(e) => return Ok(fail(lang, e)),
    };
    let subject = o
        .view
        .find(&a.krate)
        .map(|c| o.view.ecosystem().name(c).to_string())
        .unwrap_or(a.krate);
    let head = Heading {
        subject,
        considered: entries.len(),
        dump_day: o.view.dump_day(),
        as_of: o.view.as_of(),
    };
    let fmt = format(a.common.format);
    print(&eco::alternatives(&entries, &head, fmt, lang, &ctx.term))?;
    Ok(0)
}

/// The catalog of `report --from-dump`, or the exit code of a failure
/// already said.
pub(crate) fn dump_catalog(
    ctx: &Ctx,
    s: &SourceArgs,
    categories: &[String],
    top: Option<usize>,
    lang: Lang,
) -> Result<std::result::Result<cratescope_model::Catalog, u8>> {
    let o = match open(ctx, s, lang)? {
        Ok(o) => o,
        Err(code) => return Ok(Err(code)),
    };
    let section = msg!("eco-section-emerging");
    let label = cratescope_model::Label {
        en: render(Lang::En, &section),
        zh: render(Lang::Zh, &section),
    };
    let top = top.unwrap_or(params::DEFAULT_REPORT_TOP);
    Ok(match o.view.report_catalog(categories, top, label) {
        Ok(c) => Ok(c),
        Err(e) => Err(fail(lang, e)),
    })
}
