//! Everything that can go wrong with the dump, each naming the object: the
//! archive, the file inside it and the line, or the table file.

use std::path::PathBuf;

/// An error reading, importing, storing or downloading the dump.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// The archive (or a file inside it) could not be read: missing,
    /// truncated, or not gzip/zip at all.
    #[error("cannot read {}{}", archive.display(), file.as_ref().map(|f| format!(" (at `{f}`)")).unwrap_or_default())]
    Read {
        /// The dump file.
        archive: PathBuf,
        /// The file inside it being read, when known.
        file: Option<String>,
        /// The I/O error (e.g. "unexpected end of file" for a truncated download).
        #[source]
        source: std::io::Error,
    },
    /// The archive is not laid out as a crates.io dump.
    #[error("{} is not a crates.io database dump: {problem}", archive.display())]
    Layout {
        /// The dump file.
        archive: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A row (or the header, line 1) of one CSV is wrong.
    #[error("{}: `{file}` line {line}: {problem}", archive.display())]
    Row {
        /// The dump file.
        archive: PathBuf,
        /// The CSV inside it, e.g. `data/dependencies.csv`.
        file: String,
        /// 1-based line (1 is the header).
        line: u64,
        /// What is wrong with it.
        problem: String,
    },
    /// The local table could not be written or read.
    #[error("cannot {action} the dump table {}", path.display())]
    Table {
        /// What was being done ("write", "open", "read").
        action: &'static str,
        /// The table file.
        path: PathBuf,
        /// The database error (e.g. "database or disk is full").
        #[source]
        source: sqlx::Error,
    },
    /// A file of the table or the download could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The table was written by another version of this crate, or is damaged.
    #[error("the dump table {} is unusable: {problem}", path.display())]
    BadTable {
        /// The table file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// Downloading the dump failed.
    #[error("cannot download the dump from {url}: {problem}")]
    Download {
        /// Where from.
        url: String,
        /// What happened (status, size mismatch…).
        problem: crate::fetch::DownloadProblem,
        /// The HTTP failure, if any.
        #[source]
        source: Option<cratescope_http::HttpError>,
    },
}
