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

use cratescope_dump::{DumpTable, ImportOptions};
use cratescope_model::{DumpFacts, SourceId, SourceRecord, SourceState};
use jiff::civil::Date;

use crate::error::short_reason;
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
        failed: Option<String>,
    },
    /// No dump configured or fetched.
    Absent(String),
    /// A dump was named but could not be used at all.
    Unusable(String),
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
) -> Result<cratescope_dump::Ensured, cratescope_dump::DumpError> {
    let Some(file) = dump_file(opts) else {
        return Err(cratescope_dump::DumpError::Read {
            archive: dump_dir(&opts.cache_dir).join(cratescope_dump::DUMP_FILE),
            file: None,
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no dump: run `cratescope dump fetch` or pass --db-dump",
            ),
        });
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
}

/// `cratescope dump fetch`: download the dump into the cache (resuming a
/// partial download), then import it. `download` and `import` see bytes.
pub async fn fetch_dump(
    opts: &EvalOptions,
    download: Arc<dyn Progress>,
    import: Arc<dyn Progress>,
) -> Result<DumpFetched, crate::Error> {
    let dest = dump_dir(&opts.cache_dir).join(cratescope_dump::DUMP_FILE);
    let fetch_opts = cratescope_dump::FetchOptions {
        url: opts.db_dump_url.clone(),
        dest: dest.clone(),
        user_agent: opts.user_agent_or_default(),
    };
    let fetched = cratescope_dump::fetch(&fetch_opts, Arc::new(Bytes(download)))
        .await
        .map_err(|e| crate::Error::Other {
            context: "cannot download the crates.io database dump".into(),
            source: Box::new(e),
        })?;
    let fetched_opts = EvalOptions {
        db_dump: Some(dest),
        ..opts.clone()
    };
    let e = import_dump(&fetched_opts, false, import)
        .await
        .map_err(|e| crate::Error::Other {
            context: "cannot import the crates.io database dump".into(),
            source: Box::new(e),
        })?;
    if let Some(err) = e.import_failed {
        return Err(crate::Error::Other {
            context: "cannot import the downloaded dump (the previous import is kept)".into(),
            source: Box::new(err),
        });
    }
    Ok(DumpFetched {
        fetched,
        table: e.table.info().clone(),
        imported_now: e.imported_now,
    })
}

impl Evaluator {
    /// The run's dump, resolved and imported on first use.
    pub(crate) async fn dump_state(&self) -> DumpState {
        self.dump
            .get_or_init(|| async {
                let Some(file) = dump_file(&self.opts) else {
                    return DumpState::Absent(
                        "no dump: run `cratescope dump fetch` or pass --db-dump".into(),
                    );
                };
                match import_dump(&self.opts, false, Arc::new(crate::progress::Silent)).await {
                    Ok(e) => DumpState::Ready {
                        table: e.table,
                        failed: e.import_failed.map(|err| {
                            format!(
                                "{} could not be imported ({})",
                                file.display(),
                                short_reason(&err)
                            )
                        }),
                    },
                    Err(err) => DumpState::Unusable(short_reason(&err)),
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
        warnings: &mut Vec<String>,
    ) -> Option<DumpFacts> {
        let (table, failed) = match self.dump_state().await {
            DumpState::Ready { table, failed } => (table, failed),
            DumpState::Absent(why) | DumpState::Unusable(why) => {
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
                    format!("`{name}` is not in the dump of {dump_day}"),
                ));
                return None;
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(SourceId::Dump, short_reason(&e)));
                return None;
            }
        };
        let age = i64::from((self.opts.today - dump_day).get_days());
        let mut reason = format!("dump of {dump_day}");
        let mut status = SourceState::Ok;
        if age > DUMP_STALE_DAYS {
            status = SourceState::Stale;
            reason = format!(
                "dump of {dump_day}, {age} days old: run `cratescope dump fetch` for a current one"
            );
            warnings.push(format!(
                "the crates.io db dump is {age} days old ({dump_day}); run `cratescope dump fetch`"
            ));
        }
        if let Some(failed) = failed {
            status = SourceState::Stale;
            reason = format!("{reason}; a newer file {failed}, the previous import is used");
            warnings.push(format!(
                "crates.io db dump: {failed}; using the import of {dump_day}"
            ));
        }
        if !facts.not_reconstructed.is_empty() {
            reason = format!(
                "{reason}; dependents reconstructed for {as_of_day}, not downloads or owners"
            );
        }
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
