//! The crates.io database dump as a cratescope source (DATA-SOURCES.md §3).
//!
//! - [`fetch()`] downloads `db-dump.tar.gz` (about 1.7 GiB) into the cache,
//!   resuming a partial download with HTTP `Range`, and replaces the old copy
//!   atomically.
//! - [`ensure_imported`] reads a `.tar.gz` or `.zip` dump once, streaming,
//!   into a compact local table (SQLite, one row per crate), and reuses the
//!   table until the file changes (size, modification time and a digest of
//!   its first MiB). On request ([`ImportOptions::apply`]) a newer dump is
//!   applied to the previous table: the whole file is still read (a dump is
//!   a full snapshot, and only reading it tells what changed), but only the
//!   crate rows and arrays that differ are written, into a copy renamed
//!   over the old table (not the default: see its measurement). A dump that
//!   cannot be imported leaves the previous table in place and in use.
//! - [`DumpTable::facts`] answers one crate's usage in well under a
//!   millisecond: downloads (90 days, split in halves; all time), dependents
//!   as crates.io counts them, distinct owners of the dependents, indirect
//!   dependents, owners, categories, keywords, creation time. For a past
//!   `as_of` it reconstructs the dependents from the versions published by
//!   then and lists what it cannot reconstruct.
//!
//! What the dump cannot say: daily downloads older than its last 90 days
//! (so "the 90 days before those" is not in it: growth compares the two
//! halves of the 90 days instead), when versions were yanked (yanks count
//! as they are at the dump's date), and past owners.
//!
//! This crate fetches and parses; it never scores, prints or exits.

#![warn(missing_docs)]

mod archive;
mod csvread;
mod eco;
mod error;
mod facts;
mod fetch;
mod graph;
mod import;
mod intern;
mod successor;
mod table;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use eco::{DepKind, Ecosystem, Present};
pub use error::DumpError;
pub use facts::{PRESENT_SLACK_DAYS, WindowDownloads};
pub use fetch::{DownloadProblem, FetchOptions, Fetched, fetch};
pub use import::{DOWNLOAD_WINDOW_DAYS, HALF_WINDOW_DAYS};
pub use table::{
    Applied, CrateFigures, CrateOwner, DumpTable, PublishedVersion, Publishing, TABLE_FORMAT,
    TableInfo, canonical_name,
};

/// File name of the dump inside the cache's `dump/` directory.
pub const DUMP_FILE: &str = "db-dump.tar.gz";
/// File name of the imported table inside the cache's `dump/` directory.
pub const TABLE_FILE: &str = "table-v1.sqlite";
/// How much of the dump's head is hashed to notice a changed file whose size
/// and modification time happen to match.
const HEAD_DIGEST_BYTES: u64 = 1 << 20;

/// Progress of a long step in bytes (the download, the import).
pub trait Progress: Send + Sync {
    /// The step will handle this many bytes.
    fn start(&self, _total: u64) {}
    /// This many more bytes were handled.
    fn advance(&self, _bytes: u64) {}
}

/// Ignores progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// What identifies one dump file: re-import only when it changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceIdentity {
    /// Where it was read from (informative; not compared).
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// SHA-256 of its first MiB, hex.
    pub head_sha256: String,
}

impl SourceIdentity {
    /// Reads the identity of the file at `path`.
    pub fn of(path: &Path) -> Result<SourceIdentity, DumpError> {
        use sha2::Digest;
        let read_err = |source| DumpError::Read {
            archive: path.to_path_buf(),
            file: None,
            source,
        };
        let f = std::fs::File::open(path).map_err(read_err)?;
        let meta = f.metadata().map_err(read_err)?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .map(|t| t.as_nanosecond())
            .unwrap_or(0);
        let mut head = Vec::new();
        f.take(HEAD_DIGEST_BYTES)
            .read_to_end(&mut head)
            .map_err(read_err)?;
        Ok(SourceIdentity {
            path: path.to_path_buf(),
            size: meta.len(),
            mtime_ns,
            head_sha256: hex::encode(sha2::Sha256::digest(&head)),
        })
    }

    /// Same file contents as far as size, time and head tell.
    pub fn same_file(&self, other: &SourceIdentity) -> bool {
        self.size == other.size
            && self.mtime_ns == other.mtime_ns
            && self.head_sha256 == other.head_sha256
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import even if the table already holds this file.
    pub force: bool,
    /// Apply the new dump to the previous table (write only the crate rows,
    /// arrays and logins that changed, into a copy of it) instead of
    /// writing the table whole. Off by default: measured at real scale
    /// (`benches/dump_incremental.sh`, docs/ecosystem.md) it is slower than
    /// a whole write, because a dump is a full snapshot that must be read
    /// whole anyway and every crate with downloads changes its 90-day
    /// figures every day, so nearly every row differs.
    pub apply: bool,
    /// Cap the table file at this many SQLite pages (4 KiB each): a disk
    /// that fills during the import, for tests.
    #[doc(hidden)]
    pub max_table_pages: Option<u32>,
}

/// The table to use, and what happened getting it.
#[derive(Debug)]
pub struct Ensured {
    /// The table.
    pub table: DumpTable,
    /// The file was imported now (not reused).
    pub imported_now: bool,
    /// The file could not be imported; `table` is the previous import.
    pub import_failed: Option<DumpError>,
    /// The file was applied to the previous table: what changed (None: the
    /// table was written whole, or not at all).
    pub applied: Option<Applied>,
}

/// A table for the dump at `archive`, imported into `table_path` unless the
/// table already holds exactly this file. When the import fails and a
/// previous table exists, that one is returned with the error beside it;
/// the previous table is never touched by a failed import.
pub async fn ensure_imported(
    archive: &Path,
    table_path: &Path,
    opts: &ImportOptions,
    progress: Arc<dyn Progress>,
) -> Result<Ensured, DumpError> {
    let identity = SourceIdentity::of(archive)?;
    let previous = DumpTable::open(table_path).await.ok();
    if let Some(t) = &previous
        && !opts.force
        && t.info().source.same_file(&identity)
    {
        return Ok(Ensured {
            table: t.clone(),
            imported_now: false,
            import_failed: None,
            applied: None,
        });
    }
    let imported = {
        let archive = archive.to_path_buf();
        tokio::task::spawn_blocking(move || import::import(&archive, progress))
            .await
            .unwrap_or_else(|e| {
                Err(DumpError::Layout {
                    archive: PathBuf::new(),
                    problem: format!("the import stopped: {e}"),
                })
            })
    };
    let result = match imported {
        Ok(imported) => {
            if let Some(t) = &previous {
                t.close().await;
            }
            // A previous table of this format is the base: only what the
            // new dump changed is written into a copy of it.
            let base = (previous.is_some() && opts.apply).then_some(table_path);
            table::write(&imported, &identity, table_path, opts.max_table_pages, base).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(applied) => Ok(Ensured {
            table: DumpTable::open(table_path).await?,
            imported_now: true,
            import_failed: None,
            applied,
        }),
        Err(e) => match DumpTable::open(table_path).await {
            Ok(table) => Ok(Ensured {
                table,
                imported_now: false,
                import_failed: Some(e),
                applied: None,
            }),
            Err(_) => Err(e),
        },
    }
}
