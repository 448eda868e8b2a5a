//! The command line: clap structs, one conversion into library requests, and
//! printing. No business logic lives here (STYLE.md).
//!
//! Exit codes: 0 success · 1 a policy or threshold failed · 2 error.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use cratescope_engine::config::ConfigFile;
use cratescope_engine::{EvalOptions, Evaluator, Request};
use cratescope_model::{Arg, Evaluation, msg};
use cratescope_report::{self as report, Format, Lang, Palette, TermOptions};
use cratescope_score::{Dimension, Model, explain};

use crate::fail::{cli, print_engine_error, print_error};

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
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub(crate) color: ColorArg,
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
    /// A local crates.io database dump (.tar.gz or .zip) for usage data with no network
    #[arg(
        long,
        global = true,
        env = "CRATESCOPE_DB_DUMP",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub(crate) db_dump: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate crates; one card each
    Eval(EvalArgs),
    /// Side-by-side matrix of several crates
    Compare(CompareArgs),
    /// What a signal or dimension measures, its breakpoints and sources (no id: list them)
    Explain {
        /// A signal id (e.g. release-freshness) or a dimension id (e.g. maintenance)
        id: Option<String>,
    },
    /// The scoring model in force (defaults + overrides), as TOML
    Model,
    /// Evaluate every registry package in a workspace's Cargo.lock
    Audit(crate::audit_cmd::AuditArgs),
    /// Write a commented cratescope.toml (policy, model overrides, endpoints)
    Init(crate::init_cmd::InitArgs),
    /// The maturity matrix document for a catalog of crates
    Report(crate::report_cmd::ReportArgs),
    /// Write a catalog template to start your own (`report --catalog FILE`)
    Catalog(crate::report_cmd::CatalogArgs),
    #[command(flatten)]
    Store(crate::store_cmds::StoreCommand),
    /// The crates.io database dump: usage data for every crate, offline
    #[command(subcommand)]
    Dump(crate::dump_cmd::DumpCommand),
    /// Serve the matrix over HTTP: pages, JSON API, badges, scheduled updates
    Serve(crate::serve_cmd::ServeArgs),
    /// Every crate of a crates.io category or keyword, best first (dump + RustSec)
    Rank(crate::eco_cmd::RankArgs),
    /// Young crates rising fastest against their category
    Emerging(crate::eco_cmd::EmergingArgs),
    /// Better-standing crates for the same job, with migration evidence
    Alternatives(crate::eco_cmd::AlternativesArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Table,
    Json,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CompareFormat {
    Table,
    Json,
    Markdown,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
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
    /// RustSec advisory database checkout
    #[arg(
        long,
        env = "CRATESCOPE_ADVISORY_DB",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub(crate) advisory_db: Option<PathBuf>,
    /// HTTP, tarball and clone cache
    #[arg(
        long,
        env = "CRATESCOPE_CACHE_DIR",
        value_name = "DIR",
        hide_env_values = true
    )]
    pub(crate) cache_dir: Option<PathBuf>,
}

/// Labels in English or Chinese.
#[derive(Debug, Args)]
pub(crate) struct LangArgs {
    /// Labels and sentences in English or Chinese, as in the original matrix
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) lang: LangArg,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Crates to evaluate: NAME or NAME@VERSION
    #[arg(required_unless_present = "path", value_name = "CRATE[@VERSION]")]
    crates: Vec<String>,
    /// Evaluate the crate in a local directory (unpublished or private): manifest, source and git history, no registry data
    #[arg(long, value_name = "DIR", conflicts_with_all = ["crates", "repo"])]
    path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: FormatArg,
    /// Repository to analyse (default: the crate's `repository`, cloned into the cache)
    #[arg(long, value_name = "PATH|URL")]
    repo: Option<String>,
    /// Every signal, every source reason and warning in the table (JSON always has everything)
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    sources: SourceArgs,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Crates to compare: NAME or NAME@VERSION
    #[arg(required = true, num_args = 1.., value_name = "CRATE[@VERSION]")]
    crates: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: CompareFormat,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    sources: SourceArgs,
}

/// Parse arguments, run, print, and map the result to an exit code.
pub fn run(args: Vec<OsString>) -> ExitCode {
    run_as(args, "cratescope")
}

/// `cargo cratescope …`: the same command line, whose help and usage name
/// it as cargo runs it.
pub fn run_cargo(args: Vec<OsString>) -> ExitCode {
    run_as(args, "cargo cratescope")
}

fn run_as(args: Vec<OsString>, bin_name: &'static str) -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    // The hidden analysis worker (see `cratescope_engine::analysis`): the
    // binary re-executed by itself, never a user command.
    if args
        .get(1)
        .is_some_and(|a| a == cratescope_engine::analysis::WORKER_ARG)
    {
        return ExitCode::from(cratescope_engine::analysis::worker_main());
    }
    // Help wraps to the terminal (or COLUMNS, or 100 when piped).
    let width = terminal_width(std::io::stdout().is_terminal());
    let parsed = Cli::command()
        .bin_name(bin_name)
        .term_width(width)
        .max_term_width(width)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Errors speak the command's language when it has one.
    let lang = cli.command.lang();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let code = crate::fail::exit_code(&e);
            if code != 0 {
                print_error(lang, &e);
            }
            ExitCode::from(code)
        }
    }
}

impl Command {
    /// The language the command was asked to speak.
    fn lang(&self) -> Lang {
        match self {
            Command::Eval(a) => lang(a.lang.lang),
            Command::Compare(a) => lang(a.lang.lang),
            Command::Report(a) => a.lang(),
            Command::Audit(a) => a.lang(),
            Command::Store(c) => c.lang(),
            Command::Rank(a) => a.lang(),
            Command::Emerging(a) => a.lang(),
            Command::Alternatives(a) => a.lang(),
            _ => Lang::En,
        }
    }
}

pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn load_model(file: &ConfigFile) -> Result<Model> {
    Model::embedded()
        .with_overrides(&file.model)
        .map_err(|e| anyhow::Error::new(cratescope_engine::Error::Model(e)))
}

/// What every command gets: the global settings and the config file.
pub(crate) struct Ctx {
    pub(crate) global: Global,
    pub(crate) file: ConfigFile,
    /// How to draw on stdout: width and colour.
    pub(crate) term: TermOptions,
}

impl Ctx {
    /// Evaluator options from flags, env and file.
    pub(crate) fn eval_options(&self, s: &SourceArgs) -> Result<EvalOptions> {
        let o = options(&self.global, &self.file, s)?;
        // A path the user named explicitly must exist: silently going on
        // without it would give a card that looks complete and is not.
        if let Some(p) = &o.advisory_db
            && !p.exists()
        {
            return Err(cli(msg!(
                "cli-advisory-db-missing",
                path = Arg::code(p.display().to_string())
            )));
        }
        Ok(o)
    }

    /// The options for `audit`, which loads the advisory database itself
    /// and refuses to run without it (unless told otherwise) with its own
    /// message.
    pub(crate) fn audit_options(&self, s: &SourceArgs) -> Result<EvalOptions> {
        options(&self.global, &self.file, s)
    }

    /// Terminal options with `--verbose`.
    pub(crate) fn term(&self, verbose: bool) -> TermOptions {
        TermOptions {
            verbose,
            ..self.term
        }
    }
}

/// The width to draw for: COLUMNS when set, else the terminal's width when
/// stdout is one, else [`report::term::PIPED_WIDTH`].
pub(crate) fn terminal_width(stdout_is_terminal: bool) -> usize {
    let terminal = if stdout_is_terminal {
        terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
    } else {
        None
    };
    report::term::width_for(std::env::var("COLUMNS").ok().as_deref(), terminal)
}

/// The palette for stdout: `--color always` and `never` are obeyed as
/// given; `auto` colours a terminal unless `NO_COLOR` is set (no-color.org:
/// the variable sets the default, an explicit flag beats it).
pub(crate) fn palette(choice: ColorArg) -> Palette {
    Palette::new(colour_on(choice, std::io::stdout().is_terminal()))
}

/// Whether what goes to stderr (the server's log) is coloured: the same
/// rule as [`palette`], for stderr.
pub(crate) fn stderr_colour(choice: ColorArg) -> bool {
    colour_on(choice, std::io::stderr().is_terminal())
}

/// [`colour_enabled`] with this process's `NO_COLOR`.
fn colour_on(choice: ColorArg, is_terminal: bool) -> bool {
    colour_enabled(
        choice,
        std::env::var("NO_COLOR").ok().as_deref(),
        is_terminal,
    )
}

fn colour_enabled(choice: ColorArg, no_color: Option<&str>, is_terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => is_terminal && no_color.is_none_or(str::is_empty),
    }
}

fn dispatch(args: Cli) -> Result<u8> {
    let file = ConfigFile::load(args.global.config.as_deref())?;
    let term = TermOptions {
        width: terminal_width(std::io::stdout().is_terminal()),
        palette: palette(args.global.color),
        verbose: false,
    };
    let ctx = Ctx {
        global: args.global,
        file,
        term,
    };
    let file = &ctx.file;
    match args.command {
        Command::Audit(a) => crate::audit_cmd::run(a, &ctx),
        Command::Init(a) => crate::init_cmd::run(a),
        Command::Report(a) => crate::report_cmd::run(a, &ctx),
        Command::Catalog(a) => crate::report_cmd::catalog(a),
        Command::Store(c) => crate::store_cmds::run(c, &ctx),
        Command::Dump(c) => crate::dump_cmd::run(c, &ctx),
        Command::Serve(a) => crate::serve_cmd::run(a, &ctx),
        Command::Rank(a) => crate::eco_cmd::rank(a, &ctx),
        Command::Emerging(a) => crate::eco_cmd::emerging(a, &ctx),
        Command::Alternatives(a) => crate::eco_cmd::alternatives(a, &ctx),
        Command::Model => {
            print(&model_as_config(&load_model(file)?)?)?;
            Ok(0)
        }
        Command::Explain { id: None } => {
            print(&explain_list(&load_model(file)?, ctx.term.cols()))?;
            Ok(0)
        }
        Command::Explain { id: Some(id) } => {
            let model = load_model(file)?;
            // Reports name dimensions by code (D3): the code is an id too.
            let canonical = Dimension::ALL
                .iter()
                .find(|d| d.code().eq_ignore_ascii_case(&id))
                .map_or(id.clone(), |d| d.id().to_string());
            let text = explain(&model, &canonical).ok_or_else(|| {
                let ids = explain_ids(&model);
                let near = cratescope_engine::suggest::similar(&id, &ids, 3);
                let head = msg!("cli-explain-unknown", id = Arg::code(id.clone()));
                cli(if near.is_empty() {
                    head
                } else {
                    msg!(
                        "cli-did-you-mean",
                        problem = head,
                        suggestions = Arg::List(near.into_iter().map(Arg::Code).collect())
                    )
                })
            })?;
            print(&text)?;
            Ok(0)
        }
        Command::Eval(a) => {
            let format = match a.format {
                FormatArg::Table => Format::Table,
                FormatArg::Json => Format::Json,
                FormatArg::Markdown => Format::Markdown,
                FormatArg::Html => Format::Html,
            };
            let lang = lang(a.lang.lang);
            let requests = match &a.path {
                Some(dir) => {
                    if !dir.is_dir() {
                        return Err(cli(msg!(
                            "cli-path-not-a-directory",
                            path = Arg::code(dir.display().to_string())
                        )));
                    }
                    Ok(vec![Request::path(dir)])
                }
                None => Err(a.crates.as_slice()),
            };
            let (evals, failures) = evaluate(&ctx, requests, &a.sources, a.repo.as_deref(), lang)?;
            if !evals.is_empty() {
                print(&report::render_with(
                    &evals,
                    format,
                    lang,
                    &ctx.term(a.verbose),
                ))?;
            }
            Ok(if failures > 0 { 2 } else { 0 })
        }
        Command::Compare(a) => {
            let lang = lang(a.lang.lang);
            let (evals, failures) =
                evaluate(&ctx, Err(a.crates.as_slice()), &a.sources, None, lang)?;
            if !evals.is_empty() {
                let text = match a.format {
                    CompareFormat::Json => report::render(&evals, Format::Json, lang),
                    CompareFormat::Markdown => report::compare::markdown(&evals, lang),
                    CompareFormat::Table => report::compare::table(&evals, lang, &ctx.term),
                };
                print(&text)?;
            }
            Ok(if failures > 0 { 2 } else { 0 })
        }
    }
}

/// The model in force in the syntax of `cratescope.toml`'s `[model]` table:
/// the model file's own shape, so any part of it can be pasted there as an
/// override (pasting all of it changes nothing).
fn model_as_config(model: &Model) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Section<'a> {
        model: &'a Model,
    }
    let body = toml::to_string_pretty(&Section { model }).map_err(|e| {
        crate::fail::cli(msg!("cli-model-not-toml", why = Arg::text(e.to_string())))
    })?;
    Ok(format!(
        "# The scoring model in force (model {}), in the syntax of cratescope.toml:\n\
         # copy any table below into your cratescope.toml to override it.\n\
         # `cratescope explain ID` says what each signal measures and why.\n\n{body}",
        model.version
    ))
}

/// Every id `explain` knows: dimensions (by id and code), then signals.
fn explain_ids(model: &Model) -> Vec<String> {
    Dimension::ALL
        .iter()
        .flat_map(|d| [d.id().to_string(), d.code().to_string()])
        .chain(model.signals.iter().map(|s| s.id.clone()))
        .collect()
}

/// `explain` without an id: the dimensions and their signals, one per line.
fn explain_list(model: &Model, width: usize) -> String {
    let mut out = String::from("Dimensions and their signals (`cratescope explain ID` for one):\n");
    for d in Dimension::ALL {
        out.push_str(&format!("\n{} {}\n", d.code(), d.id()));
        let mut g = report::term::Grid::new(["", "", ""]);
        for s in cratescope_score::signal::REGISTRY
            .iter()
            .filter(|s| s.dimension == d && model.signal(s.id).is_some())
        {
            g.row([
                format!("  {}", s.id),
                s.source.as_str().to_string(),
                s.description.to_string(),
            ]);
        }
        out.push_str(g.render(width).split_once('\n').map_or("", |x| x.1));
    }
    out
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
        Ok(v) if !v.is_empty() => v.parse().map_err(|_| {
            cli(msg!(
                "cli-bad-date",
                what = Arg::code("CRATESCOPE_NOW"),
                value = Arg::text(v.clone())
            ))
        }),
        _ => Ok(jiff::Zoned::now()
            .with_time_zone(jiff::tz::TimeZone::UTC)
            .date()),
    }
}

/// Build the evaluator's options from flags, env and file.
pub(crate) fn options(g: &Global, file: &ConfigFile, s: &SourceArgs) -> Result<EvalOptions> {
    let today = today()?;
    let as_of = match &s.as_of {
        Some(d) => {
            let day = d.parse::<jiff::civil::Date>().map_err(|_| {
                cli(msg!(
                    "cli-bad-date",
                    what = Arg::code("--as-of"),
                    value = Arg::text(d.clone())
                ))
            })?;
            if day > today {
                return Err(cli(msg!("cli-as-of-future", day = day, today = today)));
            }
            day
        }
        None => today,
    };
    let mut o = EvalOptions::new(as_of);
    o.today = today;
    o.model = load_model(file)?;
    o.offline = s.offline;
    o.refresh = s.refresh;
    o.cache_dir = s
        .cache_dir
        .clone()
        // Commands that build their SourceArgs by hand (track, dump) still
        // honour the variable clap reads for the others.
        .or_else(|| {
            std::env::var_os("CRATESCOPE_CACHE_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
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
    o.repository_hosts = file.allowed_repository_hosts.clone();
    // The file's reader refuses 0 for both.
    if let Some(secs) = file.evaluation_timeout_secs {
        o.eval_time_limit = std::time::Duration::from_secs(secs);
    }
    o.run_time_limit = file.run_timeout_secs.map(std::time::Duration::from_secs);
    // Untrusted source is analysed in worker processes of this binary
    // (one per core), so that nothing a crate does to its analysis can end
    // this process or the server.
    if let Ok(exe) = std::env::current_exe() {
        o.isolation = cratescope_engine::analysis::Isolation::Worker {
            exe,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get().min(4)),
        };
    }
    crate::dump_cmd::apply(g, file, &mut o)?;
    Ok(o)
}

/// A local `--repo` must exist; URLs are checked by the git source. The
/// one rule tells them apart ([`cratescope_engine::RepoArg`]).
fn check_repo(repo: &str) -> Result<()> {
    if let cratescope_engine::RepoArg::Local(path) = cratescope_engine::RepoArg::parse(repo)
        && !path.exists()
    {
        return Err(cli(msg!("cli-repo-missing", repo = Arg::code(repo))));
    }
    Ok(())
}

/// `eval` and `compare`: evaluate the crates named (or the one local
/// directory), a few at once, with a progress bar; print each failure and
/// each warning on stderr; return the cards in the order asked and the
/// number of failures.
fn evaluate(
    ctx: &Ctx,
    requests: std::result::Result<Vec<Request>, &[String]>,
    s: &SourceArgs,
    repo: Option<&str>,
    lang: Lang,
) -> Result<(Vec<Evaluation>, usize)> {
    let mut failures = 0;
    let requests: Vec<Request> = match requests {
        Ok(r) => r,
        Err(names) => names
            .iter()
            .filter_map(|n| match Request::named(n) {
                Ok(r) => Some(r),
                Err(e) => {
                    print_engine_error(lang, e);
                    failures += 1;
                    None
                }
            })
            .collect(),
    };
    let mut opts = ctx.eval_options(s)?;
    if let Some(r) = repo {
        if requests.len() > 1 {
            return Err(cli(msg!("cli-repo-one-crate")));
        }
        check_repo(r)?;
        opts.repo = Some(r.to_string());
    }
    let rt = cratescope_engine::runtime()?;
    let evaluator = Evaluator::new(opts)?;
    // A bar on a terminal; when piped, a line per finished crate once there
    // are several (a single one needs no progress report).
    let bar = if requests.len() > 1 {
        crate::progress::Bar::with_lines("{spinner} evaluating {pos}/{len} {wide_bar} {msg}")
    } else {
        crate::progress::Bar::new("{spinner} evaluating {msg}")
    };
    let done = rt.block_on(evaluator.evaluate_many(
        requests,
        cratescope_engine::evaluator::DEFAULT_CONCURRENCY,
        bar.sink(),
    ));
    bar.finish();
    let mut evals = Vec::new();
    for (req, outcome) in done {
        match outcome {
            Ok(o) => {
                let label = req.label();
                for n in &o.notes {
                    crate::fail::note(lang, None, n);
                }
                for w in &o.warnings {
                    crate::fail::warn(lang, Some(&label), w);
                }
                evals.push(o.evaluation);
            }
            Err(e) => {
                print_engine_error(lang, e);
                failures += 1;
            }
        }
    }
    Ok((evals, failures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_colour_choice_beats_no_color() {
        assert!(colour_enabled(ColorArg::Always, Some("1"), false));
        assert!(!colour_enabled(ColorArg::Never, None, true));
        assert!(!colour_enabled(ColorArg::Auto, Some("1"), true));
        assert!(colour_enabled(ColorArg::Auto, Some(""), true));
        assert!(!colour_enabled(ColorArg::Auto, None, false));
    }
}
