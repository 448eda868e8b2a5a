//! Errors of the engine: what ends an evaluation or a run (a source that
//! fails does not: it is recorded as unavailable with a reason and the
//! evaluation goes on).
//!
//! Each variant names what failed; causes are chained, never formatted in.
//! `Display` is English for logs; what a user reads is [`Error::message`],
//! rendered by the report crate in the user's language. Callers decide by
//! variant, or by [`Error::kind`] — never by reading the text.

use std::path::PathBuf;
use std::sync::Arc;

use cratescope_index::{IndexError, NameProblem};
use cratescope_model::{Arg, Message, msg};
use jiff::civil::Date;
use semver::Version;
use thiserror::Error;

/// What kind of failure an [`Error`] is: what a caller (the CLI's exit code,
/// the server's status) decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user asked for something malformed (a name, a version, a path
    /// that is not a crate, a configuration with a typo).
    Input,
    /// What was asked for does not exist (a crate, a version, a release by
    /// a date).
    NotFound,
    /// Something needed could not be read or reached in time (the index,
    /// the store, a download).
    Unavailable,
    /// The program itself failed (a task that panicked, a runtime that
    /// could not start).
    Internal,
}

/// Everything that can end an evaluation or a run.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A crate name breaks crates.io's rules.
    #[error("invalid crate name `{name}`")]
    InvalidName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        #[source]
        problem: NameProblem,
    },
    /// A version or requirement that does not parse.
    #[error("invalid version `{version}` for `{name}`")]
    InvalidVersion {
        /// The crate.
        name: String,
        /// What was given.
        version: String,
        /// Why it does not parse.
        #[source]
        source: semver::Error,
    },
    /// The registry does not know the crate.
    #[error("no crate named `{name}` in the registry")]
    CrateNotFound {
        /// The name asked for.
        name: String,
        /// Known names close to it ("did you mean"), closest first.
        suggestions: Vec<String>,
    },
    /// Offline, and no cache holds the crate's index entry: as far as this
    /// run can tell, the crate is not there.
    #[error("no cached index entry for `{name}` (offline)")]
    NotCached {
        /// The name asked for.
        name: String,
        /// Cached names close to it ("did you mean"), closest first.
        suggestions: Vec<String>,
    },
    /// The crate exists but not at that version.
    #[error("`{name}` has no version {version}")]
    VersionNotFound {
        /// The crate.
        name: String,
        /// The version or requirement asked for.
        version: String,
        /// The versions nearest to it.
        nearest: Vec<Version>,
    },
    /// The crate had no release yet on the day asked about.
    #[error("`{name}` had no release published by {as_of}")]
    NoReleaseBy {
        /// The crate.
        name: String,
        /// The day.
        as_of: Date,
    },
    /// Every line of the crate's index entry was refused.
    #[error("the index entry of `{name}` has no readable release")]
    NoReadableRelease {
        /// The crate.
        name: String,
        /// Lines skipped.
        skipped: usize,
        /// Why the first was.
        first: Option<Message>,
    },
    /// The index could not be read for the crate.
    #[error("cannot read `{name}` from the registry index")]
    Index {
        /// The crate.
        name: String,
        /// Why (shared by the run's index cache).
        #[source]
        source: SharedIndexError,
    },
    /// Something took longer than the time it was given.
    #[error("reading ({}) took longer than the time limit of {limit_secs} s", what.id)]
    Timeout {
        /// What was being read.
        what: Message,
        /// The limit in seconds.
        limit_secs: u64,
    },
    /// `eval --path` of a directory that holds no crate.
    #[error("no Cargo.toml in {}", path.display())]
    NotACrate {
        /// The directory.
        path: PathBuf,
    },
    /// A manifest without `[package] name`.
    #[error("{}/Cargo.toml has no [package] name", path.display())]
    NoPackageName {
        /// The crate's directory.
        path: PathBuf,
    },
    /// A file or directory that could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// What was read.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A configuration file (`cratescope.toml`, a catalog, model overrides)
    /// is invalid.
    #[error("invalid configuration in {}", path.display())]
    Config {
        /// The file (or `built-in catalog`).
        path: PathBuf,
        /// What is wrong, naming the table and key.
        #[source]
        problem: crate::config::ConfigError,
    },
    /// The model in force is invalid (an override).
    #[error("invalid model")]
    Model(#[source] cratescope_score::ModelError),
    /// The history store failed.
    #[error("cannot {what}")]
    Store {
        /// What was being done (`open the history store`, `claim a crate`…).
        what: &'static str,
        /// Why.
        #[source]
        source: cratescope_store::StoreError,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client")]
    Http(#[source] cratescope_http::HttpError),
    /// The crates.io database dump could not be downloaded.
    #[error("cannot download the crates.io database dump")]
    DumpDownload(#[source] cratescope_dump::DumpError),
    /// The crates.io database dump could not be imported.
    #[error("cannot import the crates.io database dump {}", path.display())]
    DumpImport {
        /// The dump file.
        path: PathBuf,
        /// Why.
        #[source]
        source: cratescope_dump::DumpError,
    },
    /// No dump is configured or fetched.
    #[error("no crates.io database dump")]
    NoDump,
    /// A background task stopped (panicked or was cancelled).
    #[error("{what} stopped")]
    Task {
        /// What was running.
        what: &'static str,
        /// Why.
        #[source]
        source: tokio::task::JoinError,
    },
    /// An evaluation's task was lost (it panicked or was cancelled).
    #[error("the evaluation of {what} did not finish: {why}")]
    Lost {
        /// What was being evaluated.
        what: String,
        /// Panicked or cancelled (for logs).
        why: String,
    },
    /// The async runtime could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidName { .. }
            | Error::InvalidVersion { .. }
            | Error::NotACrate { .. }
            | Error::NoPackageName { .. }
            | Error::Config { .. }
            | Error::Model(_) => ErrorKind::Input,
            Error::CrateNotFound { .. }
            | Error::NotCached { .. }
            | Error::VersionNotFound { .. }
            | Error::NoReleaseBy { .. }
            | Error::NoReadableRelease { .. }
            | Error::NoDump => ErrorKind::NotFound,
            Error::Index { .. }
            | Error::Timeout { .. }
            | Error::Io { .. }
            | Error::Store { .. }
            | Error::Http(_)
            | Error::DumpDownload(_)
            | Error::DumpImport { .. } => ErrorKind::Unavailable,
            Error::Task { .. } | Error::Lost { .. } | Error::Runtime(_) => ErrorKind::Internal,
        }
    }

    /// The crate the error is about, when it is about one.
    pub fn crate_name(&self) -> Option<&str> {
        match self {
            Error::InvalidName { name, .. }
            | Error::InvalidVersion { name, .. }
            | Error::CrateNotFound { name, .. }
            | Error::NotCached { name, .. }
            | Error::VersionNotFound { name, .. }
            | Error::NoReleaseBy { name, .. }
            | Error::NoReadableRelease { name, .. }
            | Error::Index { name, .. } => Some(name),
            _ => None,
        }
    }

    /// What a user reads: the error as a message, with what caused it (an
    /// OS or HTTP error's own text kept verbatim).
    pub fn message(&self) -> Message {
        match self {
            Error::InvalidName { name, problem } => msg!(
                "error-invalid-name",
                krate = Arg::krate(name.clone()),
                problem = problem.message()
            ),
            Error::InvalidVersion {
                name,
                version,
                source,
            } => msg!(
                "error-invalid-version",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version),
                why = Arg::text(source.to_string())
            ),
            Error::CrateNotFound { name, suggestions } if suggestions.is_empty() => {
                msg!("error-crate-not-found", krate = Arg::krate(name.clone()))
            }
            Error::CrateNotFound { name, suggestions } => msg!(
                "error-crate-not-found-did-you-mean",
                krate = Arg::krate(name.clone()),
                suggestions = Arg::crates(suggestions.iter().cloned())
            ),
            Error::NotCached { name, suggestions } if suggestions.is_empty() => {
                msg!("index-not-cached", krate = Arg::krate(name.clone()))
            }
            Error::NotCached { name, suggestions } => msg!(
                "cli-did-you-mean",
                problem = msg!("index-not-cached", krate = Arg::krate(name.clone())),
                suggestions = Arg::crates(suggestions.iter().cloned())
            ),
            Error::VersionNotFound {
                name,
                version,
                nearest,
            } => msg!(
                "error-version-not-found",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version),
                nearest = Arg::List(nearest.iter().map(Arg::from).collect())
            ),
            Error::NoReleaseBy { name, as_of } => msg!(
                "error-no-release-by",
                krate = Arg::krate(name.clone()),
                day = *as_of
            ),
            Error::NoReadableRelease {
                name,
                skipped,
                first,
            } => match first {
                Some(first) => msg!(
                    "error-no-readable-release-first",
                    krate = Arg::krate(name.clone()),
                    n = *skipped,
                    first = first.clone()
                ),
                None => msg!(
                    "error-no-readable-release",
                    krate = Arg::krate(name.clone()),
                    n = *skipped
                ),
            },
            Error::Index { name, source } => msg!(
                "error-index",
                krate = Arg::krate(name.clone()),
                why = source.0.message()
            ),
            Error::Timeout { what, limit_secs } => {
                msg!("error-timeout", what = what.clone(), secs = *limit_secs)
            }
            Error::NotACrate { path } => {
                msg!(
                    "error-not-a-crate",
                    path = Arg::code(path.display().to_string())
                )
            }
            Error::NoPackageName { path } => msg!(
                "error-no-package-name",
                path = Arg::code(path.join("Cargo.toml").display().to_string())
            ),
            Error::Io { path, source } => msg!(
                "error-io",
                path = Arg::code(path.display().to_string()),
                why = Arg::text(source.to_string())
            ),
            Error::Config { path, problem } => msg!(
                "error-config",
                path = Arg::code(path.display().to_string()),
                problem = problem.message()
            ),
            Error::Model(e) => msg!("error-model", why = Arg::text(e.to_string())),
            Error::Store { source, .. } => msg!("error-store", why = Arg::text(chain(source))),
            Error::Http(e) => msg!("error-http-client", why = Arg::text(chain(e))),
            Error::DumpDownload(e) => msg!(
                "error-dump-download",
                why = crate::collect::dump::error_message(e)
            ),
            Error::DumpImport { path, source } => msg!(
                "error-dump-import",
                path = Arg::code(path.display().to_string()),
                why = crate::collect::dump::error_message(source)
            ),
            Error::NoDump => msg!("error-no-dump"),
            Error::Task { source, .. } => msg!("error-task", why = Arg::text(source.to_string())),
            Error::Lost { what, .. } => msg!("error-lost", what = Arg::code(what.clone())),
            Error::Runtime(e) => msg!("error-runtime", why = Arg::text(e.to_string())),
        }
    }
}

/// An index error shared by the run's cache, as an error source.
#[derive(Debug, Clone)]
pub struct SharedIndexError(pub Arc<IndexError>);

impl std::fmt::Display for SharedIndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SharedIndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// An error and every cause on one line: `a: b: c` (for logs).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

/// A one-line reason for logs: the error itself and its root cause (the
/// layers in between repeat the same URL or add nothing a reader needs).
pub fn short_reason(e: &dyn std::error::Error) -> String {
    let top = e.to_string();
    let mut root = None;
    let mut cur = e.source();
    while let Some(c) = cur {
        root = Some(c.to_string());
        cur = c.source();
    }
    match root {
        Some(r) if !top.contains(&r) => format!("{top}: {r}"),
        _ => top,
    }
}
