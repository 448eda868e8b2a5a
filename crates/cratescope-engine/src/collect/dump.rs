//! The crates.io database dump: `--db-dump PATH` / `CRATESCOPE_DB_DUMP`, or
//! the copy `cratescope dump fetch` keeps in the cache. Imported once per
//! file into a local table (re-imported only when the file changes), then
//! one lookup per crate, with no network.
//!
//! The card names the dump's date; a dump more than [`DUMP_STALE_DAYS`] old
//! is marked stale with a warning. A dump that cannot be imported leaves the
//! previous import in use, marked stale with the reason. A past `as_of` gets
//! what the dump can reconstruct (dependents from the versions published by
//! then); the rest is listed in `DumpFacts::not_reconstructed`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cratescope_dump::{DumpError, DumpTable, ImportOptions};
use cratescope_model::{Arg, DumpFacts, Message, SourceId, SourceRecord, SourceState, msg};
use jiff::civil::Date;

use crate::error::Error;
use crate::evaluator::{EvalOptions, Evaluator};
use crate::progress::Progress;

/// A dump older than this many days (against today) is stale: crates.io
/// rebuilds it daily, so a week-old copy misses a week of releases and
/// downloads.
pub const DUMP_STALE_DAYS: i64 = 7;

/// The dump the run uses, resolved once.
#[derive(Debug, Clone)]
pub(crate) enum DumpState {
    /// A table to read; `failed` says why a newer file could not be imported.
    Ready {
        table: DumpTable,
        failed: Option<Message>,
    },
    /// No dump configured or fetched.
    Absent,
    /// A dump was named but could not be used at all.
    Unusable(Message),
}

/// What a user reads about a dump that could not be read, imported or
/// downloaded: paths, files and lines verbatim, the OS's or database's own
/// words verbatim.
pub fn error_message(e: &DumpError) -> Message {
    let path = |p: &Path| Arg::code(p.display().to_string());
    match e {
        DumpError::Read {
            archive,
            file: Some(f),
            source,
        } => msg!(
            "dump-read-at",
            path = path(archive),
            file = Arg::code(f.clone()),
            why = Arg::text(source.to_string())
        ),
        DumpError::Read {
            archive, source, ..
        } => msg!(
            "dump-read",
            path = path(archive),
            why = Arg::text(source.to_string())
        ),
        DumpError::Layout { archive, problem } => msg!(
            "dump-layout",
            path = path(archive),
            why = Arg::text(problem.clone())
        ),
        DumpError::Row {
            archive,
            file,
            line,
            problem,
        } => msg!(
            "dump-row",
            path = path(archive),
            file = Arg::code(file.clone()),
            line = *line,
            why = Arg::text(problem.clone())
        ),
        DumpError::Table {
            action,
            path: p,
            source,
        } => {
            let (path, why) = (path(p), Arg::text(source.to_string()));
            match *action {
                "write" => msg!("dump-table-write", path = path, why = why),
                "open" => msg!("dump-table-open", path = path, why = why),
                _ => msg!("dump-table-read", path = path, why = why),
            }
        }
        DumpError::Write { path: p, source } => msg!(
            "dump-write",
            path = path(p),
            why = Arg::text(source.to_string())
        ),
        DumpError::BadTable { path: p, problem } => msg!(
            "dump-bad-table",
            path = path(p),
            why = Arg::text(problem.clone())
        ),
        DumpError::Download {
            url,
            problem,
            source,
        } => msg!(
            "dump-download",
            url = Arg::code(url.clone()),
            why = match source {
                Some(h) => msg!(
                    "clauses",
                    parts = Arg::clauses([problem.message(), h.message()])
                ),
                None => problem.message(),
            }
        ),
    }
}

/// Where `dump fetch` keeps the dump, and where tables live.
pub fn dump_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("dump")
}

/// The dump file the options point at: the explicit one, else the fetched
/// copy in the cache when there is one.
pub fn dump_file(opts: &EvalOptions) -> Option<PathBuf> {
    match &opts.db_dump {
        Some(p) => Some(p.clone()),
        None => {
            let p = dump_dir(&opts.cache_dir).join(cratescope_dump::DUMP_FILE);
            p.is_file().then_some(p)
        }
    }
}

/// Bytes of the engine's progress sink, as the dump crate reports them.
struct Bytes(Arc<dyn Progress>);

impl cratescope_dump::Progress for Bytes {
    fn start(&self, total: u64) {
        self.0.start(usize::try_from(total).unwrap_or(usize::MAX));
    }
    fn advance(&self, bytes: u64) {
        self.0.advance(bytes);
    }
}

/// Imports the dump named by the options (unless its table is current) and
/// opens the table; `progress` sees the compressed bytes read.
pub async fn import_dump(
    opts: &EvalOptions,
    force: bool,
    progress: Arc<dyn Progress>,
) -> Result<cratescope_dump::Ensured, Error> {
    let Some(file) = dump_file(opts) else {
        return Err(Error::NoDump);
    };
    let table = dump_dir(&opts.cache_dir).join(cratescope_dump::TABLE_FILE);
    cratescope_dump::ensure_imported(
        &file,
        &table,
        &ImportOptions {
            force,
            ..ImportOptions::default()
        },
        Arc::new(Bytes(progress)),
    )
    .await
    .map_err(|source| Error::DumpImport { path: file, source })
}

/// What `dump fetch` did.
#[derive(Debug)]
pub struct DumpFetched {
    /// The download.
    pub fetched: cratescope_dump::Fetched,
    /// The import that followed.
    pub table: cratescope_dump::TableInfo,
    /// The table was (re)built now.
    pub imported_now: bool,
    /// The dump was applied to the previous table: what changed.
    pub applied: Option<cratescope_dump::Applied>,
}

/// `cratescope dump fetch`: download the dump into the cache (resuming a
/// partial download), then import it. `download` and `import` see bytes.
pub async fn fetch_dump(
    opts: &EvalOptions,
    download: Arc<dyn Progress>,
    import: Arc<dyn Progress>,
) -> Result<DumpFetched, Error> {
    let dest = dump_dir(&opts.cache_dir).join(cratescope_dump::DUMP_FILE);
    // The run's one HTTP configuration: the dump is downloaded by the same
    // stack as every other source (User-Agent, offline mode, timeouts).
    let http = cratescope_http::HttpClient::new(opts.http_config()).map_err(Error::Http)?;
    let fetch_opts = cratescope_dump::FetchOptions {
        url: opts.db_dump_url.clone(),
        dest: dest.clone(),
    };
    let fetched = cratescope_dump::fetch(&http, &fetch_opts, Arc::new(Bytes(download)))
        .await
        .map_err(Error::DumpDownload)?;
    let fetched_opts = EvalOptions {
        db_dump: Some(dest.clone()),
        ..opts.clone()
    };
    let e = import_dump(&fetched_opts, false, import).await?;
    if let Some(source) = e.import_failed {
        return Err(Error::DumpImport { path: dest, source });
    }
    Ok(DumpFetched {
        fetched,
        table: e.table.info().clone(),
        imported_now: e.imported_now,
        applied: e.applied,
    })
}

impl Evaluator {
    /// The run's dump, resolved and imported on first use.
    pub(crate) async fn dump_state(&self) -> DumpState {
        self.dump
            .get_or_init(|| async {
                let Some(file) = dump_file(&self.opts) else {
                    return DumpState::Absent;
                };
                match import_dump(&self.opts, false, Arc::new(crate::progress::Silent)).await {
                    Ok(e) => DumpState::Ready {
                        table: e.table,
                        failed: e.import_failed.map(|err| {
                            msg!(
                                "dump-not-imported",
                                path = Arg::code(file.display().to_string()),
                                why = error_message(&err)
                            )
                        }),
                    },
                    Err(err) => DumpState::Unusable(err.message()),
                }
            })
            .await
            .clone()
    }

    /// The dump's facts for one crate as of a day, with its source record.
    pub(crate) async fn dump_facts(
        &self,
        name: &str,
        as_of_day: Date,
        sources: &mut Vec<SourceRecord>,
        warnings: &mut Vec<Message>,
    ) -> Option<DumpFacts> {
        let (table, failed) = match self.dump_state().await {
            DumpState::Ready { table, failed } => (table, failed),
            DumpState::Absent => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Dump,
                    msg!("dump-absent"),
                ));
                return None;
            }
            DumpState::Unusable(why) => {
                sources.push(SourceRecord::unavailable(SourceId::Dump, why));
                return None;
            }
        };
        let info = table.info();
        let dump_day = info.dump_time.to_zoned(jiff::tz::TimeZone::UTC).date();
        let facts = match table.facts(name, as_of_day).await {
            Ok(Some(f)) => f,
            Ok(None) => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Dump,
                    msg!(
                        "dump-crate-missing",
                        krate = Arg::krate(name),
                        day = dump_day
                    ),
                ));
                return None;
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(SourceId::Dump, error_message(&e)));
                return None;
            }
        };
        let age = i64::from((self.opts.today - dump_day).get_days());
        let mut parts = vec![msg!("dump-of", day = dump_day)];
        let mut status = SourceState::Ok;
        if age > DUMP_STALE_DAYS {
            status = SourceState::Stale;
            parts = vec![msg!("dump-of-stale", day = dump_day, age = Arg::Days(age))];
            warnings.push(msg!(
                "dump-stale-warning",
                day = dump_day,
                age = Arg::Days(age)
            ));
        }
        if let Some(failed) = failed {
            status = SourceState::Stale;
            parts.push(msg!("dump-newer-not-imported", why = failed.clone()));
            warnings.push(msg!(
                "dump-newer-not-imported-warning",
                why = failed,
                day = dump_day
            ));
        }
        if !facts.not_reconstructed.is_empty() {
            parts.push(msg!("dump-reconstructed-for", day = as_of_day));
        }
        let reason = if parts.len() == 1 {
            parts.remove(0)
        } else {
            msg!("clauses", parts = Arg::clauses(parts))
        };
        sources.push(SourceRecord {
            id: SourceId::Dump,
            status,
            reason: Some(reason).into(),
            fetched_at: Some(info.dump_time),
            present_only: false,
            refused: None,
        });
        Some(facts)
    }
}
