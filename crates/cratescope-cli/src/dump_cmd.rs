//! `cratescope dump fetch` / `dump import`, and the global `--db-dump PATH`
//! (env CRATESCOPE_DB_DUMP, `db_dump` in cratescope.toml). The engine
//! downloads and imports; this file turns flags into options, draws the
//! byte bars and prints one summary line.

use anyhow::Result;
use clap::{Args, Subcommand};
use cratescope_engine::EvalOptions;
use cratescope_engine::config::ConfigFile;
use cratescope_model::{Arg, Lang, Message, msg};
use cratescope_report::catalog::render;

use crate::cli::{Ctx, Global, SourceArgs, print};
use crate::fail::cli;

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
        return Err(cli(msg!(
            "cli-dump-missing",
            path = Arg::code(p.display().to_string())
        )));
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

fn summary(
    info: &cratescope_engine::DumpTableInfo,
    imported_now: bool,
    applied: Option<cratescope_engine::DumpApplied>,
) -> Message {
    msg!(
        "cli-dump-summary",
        day = info.dump_time.to_zoned(jiff::tz::TimeZone::UTC).date(),
        crates = info.crates,
        versions = info.versions,
        dependencies = info.dependency_rows,
        imported = if let Some(a) = applied {
            msg!(
                "cli-dump-applied",
                updated = a.updated,
                moved = a.moved,
                inserted = a.inserted,
                deleted = a.deleted,
                unchanged = a.unchanged
            )
        } else if imported_now {
            msg!("cli-dump-imported")
        } else {
            msg!("cli-dump-import-current")
        }
    )
}

pub(crate) fn run(c: DumpCommand, ctx: &Ctx) -> Result<u8> {
    let rt = cratescope_engine::runtime()?;
    match c {
        DumpCommand::Fetch(a) => {
            let mut opts = options(ctx)?;
            if let Some(u) = a.url {
                opts.db_dump_url = u;
            }
            let download = crate::progress::Bar::bytes("downloading");
            let import = crate::progress::Bar::bytes("importing");
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
                msg!("cli-dump-current")
            } else if f.resumed_from > 0 {
                msg!(
                    "cli-dump-downloaded-resumed",
                    bytes = Arg::Bytes(f.bytes),
                    from = Arg::Bytes(f.resumed_from)
                )
            } else {
                msg!("cli-dump-downloaded", bytes = Arg::Bytes(f.bytes))
            };
            print(&format!(
                "{}: {}\n{}\n",
                f.path.display(),
                render(Lang::En, &how),
                render(
                    Lang::En,
                    &summary(&done.table, done.imported_now, done.applied)
                )
            ))?;
            Ok(0)
        }
        DumpCommand::Import(a) => {
            let opts = options(ctx)?;
            let bar = crate::progress::Bar::bytes("importing");
            let e = rt.block_on(cratescope_engine::import_dump(&opts, a.force, bar.sink()));
            bar.finish();
            let e = e?;
            if let Some(err) = e.import_failed {
                return Err(cli(msg!(
                    "cli-dump-import-failed",
                    why = cratescope_engine::dump_error_message(&err),
                    kept = summary(e.table.info(), false, None)
                )));
            }
            let mut text = format!(
                "{}\n",
                render(
                    Lang::En,
                    &summary(e.table.info(), e.imported_now, e.applied)
                )
            );
            for n in &e.table.info().notes {
                text.push_str(&format!("note: {n}\n"));
            }
            print(&text)?;
            Ok(0)
        }
    }
}
