//! The error type of this crate: one variant per thing that can fail, each
//! naming the repository, URL or object involved, with the cause chained as
//! `source` (never formatted into the message).
//!
//! Problems that do not stop an analysis (a shallow clone, an oversized
//! workflow file, an unreadable `.mailmap`) are not errors: they are returned
//! as [`GitFacts::warnings`](crate::GitFacts::warnings).

use std::path::PathBuf;

/// A boxed cause, as gitoxide and the standard library report them.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a repository could not be analysed, cloned or fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GitError {
    /// The path is not a git repository, or it could not be opened.
    #[error("failed to open git repository at `{path}`")]
    Open {
        /// The path that was given.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// `HEAD` could not be resolved to a commit (other than an empty repository).
    #[error("failed to resolve HEAD of git repository at `{path}`")]
    Head {
        /// The repository.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The repository has no commits (its `HEAD` is unborn).
    #[error("git repository at `{path}` has no commits")]
    Empty {
        /// The repository.
        path: PathBuf,
    },
    /// A commit or tree object could not be read or decoded (missing or corrupt).
    #[error("failed to read object `{id}` in git repository at `{path}`")]
    Object {
        /// The repository.
        path: PathBuf,
        /// The hex id of the object.
        id: String,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The references (tags) could not be listed.
    #[error("failed to list references of git repository at `{path}`")]
    References {
        /// The repository.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The URL is not one this crate can clone.
    #[error("unsupported repository url `{url}`: {reason}")]
    UnsupportedUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused (a fixed phrase, not a chained cause).
        reason: &'static str,
    },
    /// Offline mode was requested and the cache holds no clone of the URL.
    #[error("no cached clone of `{url}` under `{cache_dir}` while offline")]
    NotCached {
        /// The normalised clone URL.
        url: String,
        /// The cache directory that was searched.
        cache_dir: PathBuf,
    },
    /// Cloning failed (missing or private repository, network, transport).
    #[error("failed to clone `{url}`")]
    Clone {
        /// The normalised clone URL.
        url: String,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// Fetching into an existing cached clone failed.
    #[error("failed to fetch `{url}` into `{path}`")]
    Fetch {
        /// The normalised clone URL.
        url: String,
        /// The cached clone.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// A cache directory could not be created, renamed or removed.
    #[error("failed to prepare clone cache directory `{path}`")]
    Cache {
        /// The directory involved.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl GitError {
    pub(crate) fn object(
        path: &std::path::Path,
        id: impl ToString,
        source: impl Into<BoxError>,
    ) -> Self {
        GitError::Object {
            path: path.to_path_buf(),
            id: id.to_string(),
            source: source.into(),
        }
    }
}
