//! Errors of the advisory reader.
//!
//! Only failures that make the whole database unusable (or a clone
//! impossible) are errors for the tolerant loader: a single bad advisory file
//! is skipped and reported as a [`crate::LoadWarning`]. The strict loader
//! (what a CI gate uses) also fails on any file that does not parse and on a
//! database with no advisories, naming the files.

use std::path::PathBuf;

use cratescope_model::{Arg, Message, msg};

/// An error that prevents loading or syncing the advisory database as a whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdvisoryError {
    /// The directory has no `crates/` subdirectory, so it is not an advisory database.
    #[error("advisory database at `{}` has no `crates/` directory", path.display())]
    MissingCratesDir {
        /// The database root that was given.
        path: PathBuf,
    },
    /// Strict loading: some advisory files could not be read or parsed.
    #[error(
        "advisory database at `{}` has {} advisory file(s) that do not parse: {}",
        path.display(),
        files.len(),
        crate::error::list_files(path, files)
    )]
    Unparsable {
        /// The database root.
        path: PathBuf,
        /// Every file that failed, with its reason.
        files: Vec<crate::LoadWarning>,
    },
    /// Strict loading: `crates/` holds no advisory at all, which no real
    /// database does (an emptied or half-copied checkout).
    #[error("advisory database at `{}` holds no advisories in `crates/`", path.display())]
    Empty {
        /// The database root.
        path: PathBuf,
    },
    /// A collection directory exists but could not be listed.
    #[error("failed to list advisory directory `{}`", path.display())]
    ReadDir {
        /// The directory that could not be listed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Offline mode was requested but no clone exists in the cache yet.
    #[error("no cached advisory database clone at `{}` (offline mode does not clone)", path.display())]
    NoCachedClone {
        /// Where the clone was expected.
        path: PathBuf,
    },
    /// The cache directory could not be created or written.
    #[error("failed to prepare advisory database cache directory `{}`", path.display())]
    Cache {
        /// The cache path involved.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The `git` program could not be started.
    #[error("failed to run `git {action}` for advisory database `{}`", path.display())]
    GitSpawn {
        /// The git subcommand (`clone`, `fetch`, ...).
        action: &'static str,
        /// The repository path involved.
        path: PathBuf,
        /// The underlying I/O error (typically: git is not installed).
        #[source]
        source: std::io::Error,
    },
    /// `git` ran but reported failure.
    #[error("`git {action}` failed for advisory database `{}`", path.display())]
    GitFailed {
        /// The git subcommand (`clone`, `fetch`, ...).
        action: &'static str,
        /// The repository path involved.
        path: PathBuf,
        /// Exit status and standard error of git.
        #[source]
        source: GitCommandError,
    },
}

impl AdvisoryError {
    /// What a user reads: the path verbatim, git's own words verbatim.
    pub fn message(&self) -> Message {
        let path = |p: &std::path::Path| Arg::code(p.display().to_string());
        match self {
            AdvisoryError::MissingCratesDir { path: p } => {
                msg!("advisory-no-crates-dir", path = path(p))
            }
            AdvisoryError::Unparsable { path: p, files } => msg!(
                "advisory-unparsable-files",
                path = path(p),
                n = files.len(),
                files = Arg::List(
                    files
                        .iter()
                        .map(|w| Arg::code(
                            w.path
                                .strip_prefix(p)
                                .unwrap_or(&w.path)
                                .display()
                                .to_string()
                        ))
                        .collect()
                )
            ),
            AdvisoryError::Empty { path: p } => msg!("advisory-empty", path = path(p)),
            AdvisoryError::ReadDir { path: p, source } => msg!(
                "advisory-read-dir",
                path = path(p),
                why = Arg::text(source.to_string())
            ),
            AdvisoryError::NoCachedClone { path: p } => {
                msg!("advisory-no-cached-clone", path = path(p))
            }
            AdvisoryError::Cache { path: p, source } => msg!(
                "advisory-cache",
                path = path(p),
                why = Arg::text(source.to_string())
            ),
            AdvisoryError::GitSpawn {
                action,
                path: p,
                source,
            } => msg!(
                "advisory-git-spawn",
                command = Arg::code(format!("git {action}")),
                path = path(p),
                why = Arg::text(source.to_string())
            ),
            AdvisoryError::GitFailed {
                action,
                path: p,
                source,
            } => msg!(
                "advisory-git-failed",
                command = Arg::code(format!("git {action}")),
                path = path(p),
                why = Arg::text(source.to_string())
            ),
        }
    }
}

/// What a failed `git` invocation reported.
#[derive(Debug, Clone, thiserror::Error)]
#[error("git exited with {status}: {stderr}")]
pub struct GitCommandError {
    /// The exit status as git's process reported it.
    pub status: String,
    /// git's standard error, trimmed.
    pub stderr: String,
}

/// Why one advisory file was skipped (internal; surfaced as a warning string).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ParseError {
    #[error("failed to read advisory file")]
    Read(#[source] std::io::Error),
    #[error("advisory file does not start with a ```toml block")]
    NoFrontMatter,
    #[error("advisory file has an unterminated ```toml block")]
    UnterminatedFrontMatter,
    #[error("invalid advisory metadata")]
    Toml(#[source] toml::de::Error),
    #[error("advisory has no `# title` heading after its metadata")]
    MissingTitle,
    #[error("invalid CVSS vector `{vector}`: {problem}")]
    Cvss { vector: String, problem: String },
}

/// How many failing files an error message names before "and N more".
const LISTED_FILES: usize = 10;

/// `crates/a/X.md (reason); …` relative to the database root.
pub(crate) fn list_files(root: &std::path::Path, files: &[crate::LoadWarning]) -> String {
    let mut parts: Vec<String> = files
        .iter()
        .take(LISTED_FILES)
        .map(|w| {
            let rel = w.path.strip_prefix(root).unwrap_or(&w.path);
            format!("{} ({})", rel.display(), w.reason)
        })
        .collect();
    if files.len() > LISTED_FILES {
        parts.push(format!("and {} more", files.len() - LISTED_FILES));
    }
    parts.join("; ")
}

/// Render an error with its whole source chain, `a: b: c`, for warnings
/// that travel as plain strings.
pub(crate) fn chain_to_string(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        out.push_str(": ");
        out.push_str(&e.to_string());
        cur = e.source();
    }
    out
}
