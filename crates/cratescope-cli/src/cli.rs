//! The command line: clap structs, one conversion into library requests, and
//! printing. No business logic lives here (STYLE.md).
//!
//! Exit codes: 0 success · 1 a policy or threshold failed · 2 error.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Args, Parser, Subcommand, ValueEnum};
use cratescope_engine::config::ConfigFile;
use cratescope_engine::{CrateSpec, EvalOptions, Evaluator, Outcome};
use cratescope_report::{self as report, ColorChoice, Format, Lang, Palette, TermOptions};
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
    use clap::{CommandFactory, FromArgMatches};
    // Help wraps to the terminal (or COLUMNS, or 100 when piped).
    let width = terminal_width(std::io::stdout().is_terminal());
    let parsed = Cli::command()
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
pub(crate) fn print_error(e: &(dyn std::error::Error + 'static)) {
    let line = |x: &dyn std::error::Error| report::sanitize::line(&x.to_string()).into_owned();
    let mut msg = format!("error: {}", line(e));
    let mut src = e.source();
    while let Some(c) = src {
        msg.push_str(&format!("\n  caused by: {}", line(c)));
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
            return Err(anyhow!(
                "the advisory database {} does not exist (--advisory-db, CRATESCOPE_ADVISORY_DB or advisory_db in cratescope.toml)",
                p.display()
            ));
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
    if let Some(c) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return c;
    }
    if stdout_is_terminal
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
        && w > 0
    {
        return usize::from(w);
    }
    report::term::PIPED_WIDTH
}

/// The palette for stdout.
pub(crate) fn palette(choice: ColorArg) -> Palette {
    let choice = match choice {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    };
    let no_color = std::env::var("NO_COLOR").ok();
    Palette::new(choice.enabled(no_color.as_deref(), std::io::stdout().is_terminal()))
}

fn dispatch(cli: Cli) -> Result<u8> {
    let file = ConfigFile::load(cli.global.config.as_deref())?;
    let term = TermOptions {
        width: terminal_width(std::io::stdout().is_terminal()),
        palette: palette(cli.global.color),
        verbose: false,
    };
    let ctx = Ctx {
        global: cli.global,
        file,
        term,
    };
    let file = &ctx.file;
    match cli.command {
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
            let text = explain(&model, &id).ok_or_else(|| {
                let ids = explain_ids(&model);
                let near = cratescope_engine::suggest::similar(&id, &ids, 3);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", near.join(", "))
                };
                anyhow!(
                    "no signal or dimension named `{id}`{hint} (`cratescope explain` lists them all)"
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
                FormatArg::Html => Format::Html,
            };
            let lang = lang(a.lang.lang);
            let (evals, failures) = match &a.path {
                Some(dir) => evaluate_path(&ctx, dir, &a.sources)?,
                None => evaluate_all(&ctx, &a.crates, &a.sources, a.repo.as_deref())?,
            };
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
            let (evals, failures) = evaluate_all(&ctx, &a.crates, &a.sources, None)?;
            let lang = lang(a.lang.lang);
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
    let body =
        toml::to_string_pretty(&Section { model }).context("cannot render the model as TOML")?;
    Ok(format!(
        "# The scoring model in force (model {}), in the syntax of cratescope.toml:\n\
         # copy any table below into your cratescope.toml to override it.\n\
         # `cratescope explain ID` says what each signal measures and why.\n\n{body}",
        model.version
    ))
}

/// Every id `explain` knows: dimensions, then signals.
fn explain_ids(model: &Model) -> Vec<String> {
    Dimension::ALL
        .iter()
        .map(|d| d.id().to_string())
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
        Ok(v) if !v.is_empty() => v
            .parse()
            .with_context(|| format!("invalid CRATESCOPE_NOW `{v}`: expected YYYY-MM-DD")),
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
            let day = d
                .parse::<jiff::civil::Date>()
                .with_context(|| format!("invalid --as-of `{d}`: expected YYYY-MM-DD"))?;
            if day > today {
                return Err(anyhow!(
                    "--as-of {day} is in the future (today is {today}): nothing is known about it yet"
                ));
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
    if let Some(secs) = file.evaluation_timeout_secs {
        if secs == 0 {
            return Err(anyhow!("evaluation_timeout_secs must be at least 1"));
        }
        o.eval_time_limit = std::time::Duration::from_secs(secs);
    }
    o.run_time_limit = file.run_timeout_secs.map(std::time::Duration::from_secs);
    crate::dump_cmd::apply(g, file, &mut o)?;
    Ok(o)
}

/// A local `--repo` must exist; URLs are checked by the git source.
fn check_repo(repo: &str) -> Result<()> {
    let looks_remote = repo.contains("://") || repo.starts_with("git@");
    if !looks_remote && !std::path::Path::new(repo).exists() {
        return Err(anyhow!("--repo {repo} does not exist"));
    }
    Ok(())
}

/// A crate name the registry does not know: try cargo's other spelling
/// (`actix_web` → `actix-web`), else suggest names this machine knows.
pub(crate) async fn resolve_name(
    evaluator: &Evaluator,
    spec: CrateSpec,
) -> std::result::Result<CrateSpec, anyhow::Error> {
    let first = match evaluator.releases(&spec.name).await {
        Ok(_) => return Ok(spec),
        Err(e) => e,
    };
    // Not found, or (offline) not in any cache: cargo's other spelling may be.
    let unknown = matches!(
        first,
        cratescope_engine::Error::CrateNotFound(_) | cratescope_engine::Error::Index { .. }
    );
    if !unknown {
        return Err(first.into());
    }
    for alt in cratescope_engine::suggest::separator_variants(&spec.name) {
        if evaluator.releases(&alt).await.is_ok() {
            eprintln!("note: `{}` is published as `{alt}`", spec.name);
            return Ok(CrateSpec { name: alt, ..spec });
        }
    }
    let known = cratescope_engine::suggest::known_names(evaluator.options().cargo_home.as_deref());
    let near = cratescope_engine::suggest::similar(&spec.name, &known, 3);
    if near.is_empty() {
        return Err(first.into());
    }
    let head = match &first {
        cratescope_engine::Error::CrateNotFound(n) => {
            format!("no crate named `{n}` in the registry")
        }
        other => cratescope_engine::error::chain(other),
    };
    Err(anyhow!("{head}; did you mean {}?", near.join(", ")))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn evaluate_all(
    ctx: &Ctx,
    crates: &[String],
    s: &SourceArgs,
    repo: Option<&str>,
) -> Result<(Vec<cratescope_model::Evaluation>, usize)> {
    let specs: Vec<std::result::Result<CrateSpec, cratescope_engine::Error>> =
        crates.iter().map(|c| CrateSpec::parse(c)).collect();
    let mut opts = ctx.eval_options(s)?;
    if let Some(r) = repo {
        if crates.len() > 1 {
            return Err(anyhow!(
                "--repo names one repository; evaluate one crate at a time with it"
            ));
        }
        check_repo(r)?;
        opts.repo = Some(r.to_string());
    }
    let rt = runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let mut evals = Vec::new();
    let mut failures = 0;
    for (raw, spec) in crates.iter().zip(specs) {
        let spec = match spec {
            Ok(s) => s,
            Err(e) => {
                print_error(&e);
                failures += 1;
                continue;
            }
        };
        let spec = match rt.block_on(resolve_name(&evaluator, spec)) {
            Ok(s) => s,
            Err(e) => {
                print_error(e.as_ref());
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
                    eprintln!(
                        "warning: {}: {}",
                        report::sanitize::line(raw),
                        report::sanitize::line(w)
                    );
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

/// `eval --path DIR`.
fn evaluate_path(
    ctx: &Ctx,
    dir: &std::path::Path,
    s: &SourceArgs,
) -> Result<(Vec<cratescope_model::Evaluation>, usize)> {
    if !dir.is_dir() {
        return Err(anyhow!("--path {} is not a directory", dir.display()));
    }
    let opts = ctx.eval_options(s)?;
    let rt = runtime()?;
    let evaluator = Evaluator::new(opts)?;
    let outcome = rt.block_on(evaluator.evaluate_path(dir))?;
    for w in &outcome.warnings {
        eprintln!("warning: {}: {}", dir.display(), report::sanitize::line(w));
    }
    Ok((vec![outcome.evaluation], 0))
}
