//! `cratescope dump fetch` / `dump import`, and the global `--db-dump PATH`
//! (env CRATESCOPE_DB_DUMP, `db_dump` in cratescope.toml). The engine
//! downloads and imports; this file turns flags into options, draws the
//! byte bars and prints one summary line.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use cratescope_engine::EvalOptions;
use cratescope_engine::config::ConfigFile;

use crate::cli::{Ctx, Global, SourceArgs, print};

/// The dump commands.
#[derive(Debug, Subcommand)]
pub(crate) enum DumpCommand {
    /// Download the crates.io database dump into the cache (resumable), then import it
    Fetch(FetchArgs),
    /// Import the dump now (--db-dump or the fetched copy) and say what it holds
    Import(ImportArgs),
}

/// Arguments of `dump fetch`.
#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// Where to download from (default: crates.io's, or `db_dump_url` in cratescope.toml)
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

/// Arguments of `dump import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Import again even if the table already holds this file
    #[arg(long)]
    force: bool,
}

/// The dump settings of every command: flag beats env beats file; a path
/// given explicitly must exist.
pub(crate) fn apply(g: &Global, file: &ConfigFile, o: &mut EvalOptions) -> Result<()> {
    o.db_dump = g
        .db_dump
        .clone()
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| file.db_dump.clone());
    if let Some(p) = &o.db_dump
        && !p.is_file()
    {
        bail!("the dump {} does not exist", p.display());
    }
    if let Some(u) = file.db_dump_url.clone() {
        o.db_dump_url = u;
    }
    Ok(())
}

fn options(ctx: &Ctx) -> Result<EvalOptions> {
    ctx.eval_options(&SourceArgs {
        as_of: None,
        offline: false,
        refresh: false,
        advisory_db: None,
        cache_dir: None,
    })
}

fn summary(info: &cratescope_engine::DumpTableInfo) -> String {
    format!(
        "dump of {}: {} crates, {} versions, {} dependency rows",
        info.dump_time.strftime("%Y-%m-%d %H:%M UTC"),
        info.crates,
        info.versions,
        info.dependency_rows
    )
}

pub(crate) fn run(c: DumpCommand, ctx: &Ctx) -> Result<u8> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let bytes = "{spinner} {msg} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} {eta}";
    match c {
        DumpCommand::Fetch(a) => {
            let mut opts = options(ctx)?;
            if let Some(u) = a.url {
                opts.db_dump_url = u;
            }
            let download = crate::progress::Bar::new(bytes);
            download.message("downloading");
            let import = crate::progress::Bar::new(bytes);
            import.message("importing");
            let done = rt.block_on(cratescope_engine::fetch_dump(
                &opts,
                download.sink(),
                import.sink(),
            ));
            download.finish();
            import.finish();
            let done = done?;
            let f = &done.fetched;
            let how = if f.not_modified {
                "already current".to_string()
            } else if f.resumed_from > 0 {
                format!(
                    "downloaded {} bytes (resumed at byte {})",
                    f.bytes, f.resumed_from
                )
            } else {
                format!("downloaded {} bytes", f.bytes)
            };
            print(&format!(
                "{}: {how}\n{}{}\n",
                f.path.display(),
                summary(&done.table),
                if done.imported_now {
                    ", imported"
                } else {
                    ", import already current"
                }
            ))?;
            Ok(0)
        }
        DumpCommand::Import(a) => {
            let opts = options(ctx)?;
            let Some(file) = cratescope_engine::dump_file(&opts) else {
                bail!("no dump: run `cratescope dump fetch` or pass --db-dump PATH");
            };
            let bar = crate::progress::Bar::new(bytes);
            bar.message("importing");
            let e = rt.block_on(cratescope_engine::import_dump(&opts, a.force, bar.sink()));
            bar.finish();
            let e = e.with_context(|| format!("cannot import {}", file.display()))?;
            if let Some(err) = e.import_failed {
                return Err(anyhow::Error::new(err).context(format!(
                    "cannot import {} (the previous import, {}, is kept)",
                    file.display(),
                    summary(e.table.info())
                )));
            }
            let mut text = format!(
                "{}{}\n",
                summary(e.table.info()),
                if e.imported_now {
                    ", imported"
                } else {
                    ", import already current"
                }
            );
            for n in &e.table.info().notes {
                text.push_str(&format!("note: {n}\n"));
            }
            print(&text)?;
            Ok(0)
        }
    }
}
