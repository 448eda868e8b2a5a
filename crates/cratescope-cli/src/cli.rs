//! The command line: clap structs, one conversion into library requests, and
//! printing. No business logic lives here (STYLE.md).
//!
//! Exit codes: 0 success · 1 a policy or threshold failed · 2 error.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Args, Parser, Subcommand, ValueEnum};
use cratescope_engine::config::ConfigFile;
use cratescope_engine::{CrateSpec, EvalOptions, Evaluator, Outcome};
use cratescope_report::{self as report, Format, Lang};
use cratescope_score::{Dimension, Model, explain};

#[derive(Debug, Parser)]
#[command(
    name = "cratescope",
    version,
    about = "How mature is a Rust crate? Computed from real data, with the evidence."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

/// Settings every command shares; each is also an environment variable and a
/// key of cratescope.toml (flags beat env beats file).
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Model overrides, scenarios, endpoints (default: ./cratescope.toml if present)
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// HTTP, tarball and clone cache
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_CACHE_DIR",
        value_name = "DIR",
        hide_env_values = true
    )]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Sparse index root
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_INDEX_URL",
        value_name = "URL",
        hide = true
    )]
    pub(crate) index_url: Option<String>,
    /// crates.io API base
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_CRATES_IO_API",
        value_name = "URL",
        hide = true
    )]
    pub(crate) crates_io_api: Option<String>,
    /// GitHub API base
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_GITHUB_API",
        value_name = "URL",
        hide = true
    )]
    pub(crate) github_api: Option<String>,
    /// docs.rs base
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_DOCS_RS",
        value_name = "URL",
        hide = true
    )]
    pub(crate) docs_rs: Option<String>,
    /// Contact string sent to crates.io (its policy asks for one)
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_USER_AGENT",
        value_name = "UA",
        hide = true
    )]
    pub(crate) user_agent: Option<String>,
    /// Raises GitHub's rate limit
    #[arg(
        long,
        global = true,
        env = "GITHUB_TOKEN",
        value_name = "TOKEN",
        hide = true,
        hide_env_values = true
    )]
    pub(crate) github_token: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate crates; one card each
    Eval(EvalArgs),
    /// Side-by-side matrix of several crates
    Compare(CompareArgs),
    /// What a signal or dimension measures, its breakpoints and sources
    Explain {
        /// A signal id (e.g. release-freshness) or a dimension id (e.g. maintenance)
        id: String,
    },
    /// The scoring model in force (defaults + overrides), as TOML
    Model,
    /// Evaluate every registry package in a workspace's Cargo.lock
    Audit(crate::audit_cmd::AuditArgs),
    /// The maturity matrix document for a catalog of crates
    Report(crate::report_cmd::ReportArgs),
    #[command(flatten)]
    Store(crate::store_cmds::StoreCommand),
    /// Serve the matrix over HTTP: pages, JSON API, badges, scheduled updates
    Serve(crate::serve_cmd::ServeArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    En,
    Zh,
}

#[derive(Debug, Args)]
pub(crate) struct SourceArgs {
    /// Evaluate as of a date: ages, and only releases published by then
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) as_of: Option<String>,
    /// Use only local data (cargo's cache, our cache, local repo/db)
    #[arg(long)]
    pub(crate) offline: bool,
    /// Revalidate cached registry data now instead of trusting it for its freshness window
    #[arg(long, conflicts_with = "offline")]
    pub(crate) refresh: bool,
    /// Repository to analyse (default: the crate's `repository`, cloned into the cache)
    #[arg(long, value_name = "PATH|URL")]
    pub(crate) repo: Option<String>,
    /// RustSec advisory database checkout
    #[arg(
        long,
        env = "CRATESCOPE_ADVISORY_DB",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub(crate) advisory_db: Option<PathBuf>,
    /// Labels in English or Chinese, as in the original matrix
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) lang: LangArg,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Crates to evaluate: NAME or NAME@VERSION
    #[arg(required = true, value_name = "CRATE[@VERSION]")]
    crates: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    #[command(flatten)]
    sources: SourceArgs,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Crates to compare: NAME or NAME@VERSION
    #[arg(required = true, num_args = 1.., value_name = "CRATE[@VERSION]")]
    crates: Vec<String>,
    /// Output format (table or markdown)
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Parse arguments, run, print, and map the result to an exit code.
pub fn run(args: Vec<OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            print_error(e.as_ref());
            ExitCode::from(2)
        }
    }
}

/// An error on stderr, each cause on its own line.
fn print_error(e: &(dyn std::error::Error + 'static)) {
    let mut msg = format!("error: {e}");
    let mut src = e.source();
    while let Some(c) = src {
        msg.push_str(&format!("\n  caused by: {c}"));
        src = c.source();
    }
    eprintln!("{msg}");
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn load_model(file: &ConfigFile) -> Result<Model> {
    Ok(Model::v1().with_overrides(&file.model)?)
}

/// What every command gets: the global settings and the config file.
pub(crate) struct Ctx {
    pub(crate) global: Global,
    pub(crate) file: ConfigFile,
}

impl Ctx {
    /// Evaluator options from flags, env and file.
    pub(crate) fn eval_options(&self, s: &SourceArgs) -> Result<EvalOptions> {
        options(&self.global, &self.file, s)
    }
}

fn dispatch(cli: Cli) -> Result<u8> {
    let file = ConfigFile::load(cli.global.config.as_deref())?;
    let ctx = Ctx {
        global: cli.global,
        file,
    };
    let file = &ctx.file;
    match cli.command {
        Command::Audit(a) => crate::audit_cmd::run(a, &ctx),
        Command::Report(a) => crate::report_cmd::run(a, &ctx),
        Command::Store(c) => crate::store_cmds::run(c, &ctx),
        Command::Serve(a) => crate::serve_cmd::run(a, &ctx),
        Command::Model => {
            print(&load_model(file)?.to_toml())?;
            Ok(0)
        }
        Command::Explain { id } => {
            let model = load_model(file)?;
            let text = explain(&model, &id).ok_or_else(|| {
                anyhow!(
                    "no signal or dimension named `{id}`; dimensions: {}; `cratescope model` lists every signal",
                    Dimension::ALL.iter().map(|d| d.id()).collect::<Vec<_>>().join(", ")
                )
            })?;
            print(&text)?;
            Ok(0)
        }
        Command::Eval(a) => {
            let format = match a.format {
                FormatArg::Table => Format::Table,
                FormatArg::Json => Format::Json,
                FormatArg::Markdown => Format::Markdown,
            };
            let (evals, failures) = evaluate_all(&ctx.global, file, &a.crates, &a.sources)?;
            if !evals.is_empty() {
                print(&report::render(&evals, format, lang(a.sources.lang)))?;
            }
            Ok(if failures > 0 { 2 } else { 0 })
        }
        Command::Compare(a) => {
            let (evals, failures) = evaluate_all(&ctx.global, file, &a.crates, &a.sources)?;
            let lang = lang(a.sources.lang);
            let text = match a.format {
                FormatArg::Json => report::render(&evals, Format::Json, lang),
                FormatArg::Markdown => report::compare::markdown(&evals, lang),
                FormatArg::Table => report::compare::table(&evals, lang),
            };
            print(&text)?;
            Ok(if failures > 0 { 2 } else { 0 })
        }
    }
}

pub(crate) fn lang(l: LangArg) -> Lang {
    match l {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
    }
}

/// Today (UTC); `CRATESCOPE_NOW=YYYY-MM-DD` pins it for reproducible runs
/// (tests, re-rendering a report for a given day).
pub(crate) fn today() -> Result<jiff::civil::Date> {
    match std::env::var("CRATESCOPE_NOW") {
        Ok(v) if !v.is_empty() => v
            .parse()
            .with_context(|| format!("invalid CRATESCOPE_NOW `{v}`: expected YYYY-MM-DD")),
        _ => Ok(jiff::Zoned::now()
            .with_time_zone(jiff::tz::TimeZone::UTC)
            .date()),
    }
}

/// Build the evaluator's options from flags, env and file.
fn options(g: &Global, file: &ConfigFile, s: &SourceArgs) -> Result<EvalOptions> {
    let as_of = match &s.as_of {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .with_context(|| format!("invalid --as-of `{d}`: expected YYYY-MM-DD"))?,
        None => today()?,
    };
    let mut o = EvalOptions::new(as_of);
    o.today = today()?;
    o.model = load_model(file)?;
    o.offline = s.offline;
    o.refresh = s.refresh;
    o.cache_dir = g
        .cache_dir
        .clone()
        .or_else(|| file.cache_dir.clone())
        .unwrap_or_else(cratescope_engine::config::default_cache_dir);
    if let Some(u) = g.index_url.clone().or_else(|| file.index_url.clone()) {
        o.index_url = u;
    }
    if let Some(u) = g
        .crates_io_api
        .clone()
        .or_else(|| file.crates_io_api.clone())
    {
        o.crates_io_api = u;
    }
    if let Some(u) = g.github_api.clone().or_else(|| file.github_api.clone()) {
        o.github_api = u;
    }
    if let Some(u) = g.docs_rs.clone().or_else(|| file.docs_rs.clone()) {
        o.docs_rs = u;
    }
    o.user_agent = g.user_agent.clone().or_else(|| file.user_agent.clone());
    o.github_token = g.github_token.clone().filter(|t| !t.is_empty());
    o.advisory_db = s.advisory_db.clone().or_else(|| file.advisory_db.clone());
    o.repo = s.repo.clone();
    o.repository_hosts = file.allowed_repository_hosts.clone();
    Ok(o)
}

fn evaluate_all(
    g: &Global,
    file: &ConfigFile,
    crates: &[String],
    s: &SourceArgs,
) -> Result<(Vec<cratescope_model::Evaluation>, usize)> {
    let specs: Vec<std::result::Result<CrateSpec, cratescope_engine::Error>> =
        crates.iter().map(|c| CrateSpec::parse(c)).collect();
    let opts = options(g, file, s)?;
    if s.repo.is_some() && crates.len() > 1 {
        return Err(anyhow!(
            "--repo names one repository; evaluate one crate at a time with it"
        ));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let evaluator = Evaluator::new(opts)?;
    let mut evals = Vec::new();
    let mut failures = 0;
    for (raw, spec) in crates.iter().zip(specs) {
        let spec = match spec {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                failures += 1;
                continue;
            }
        };
        match rt.block_on(evaluator.evaluate(&spec)) {
            Ok(Outcome {
                evaluation,
                warnings,
                ..
            }) => {
                for w in &warnings {
                    eprintln!("warning: {raw}: {w}");
                }
                evals.push(evaluation);
            }
            Err(e) => {
                print_error(&e);
                failures += 1;
            }
        }
    }
    Ok((evals, failures))
}
