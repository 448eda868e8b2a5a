//! Errors of the index source.
//!
//! Each names the crate (and version) concerned; sources are chained, never
//! formatted into the message. "The crate does not exist" is its own
//! variant because it ends an evaluation, unlike an unreachable index.

use std::path::PathBuf;

use cratescope_http::HttpError;
use cratescope_model::{Arg, Message, msg};

use crate::cargo_cache::CargoCacheReadError;
use crate::name::NameProblem;

/// Everything [`crate::Index`] can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The name breaks crates.io's naming rules.
    #[error("invalid crate name `{name}`")]
    InvalidName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        #[source]
        problem: NameProblem,
    },
    /// The registry says the crate does not exist (404, 410, 451 or 403).
    #[error("no crate named `{name}` in the registry")]
    NotFound {
        /// The name asked for.
        name: String,
    },
    /// The index could not be fetched and no local cache has the crate.
    #[error("index entry for `{name}` is unavailable and no local cache has it")]
    Unavailable {
        /// The name asked for.
        name: String,
        /// Why the index could not be read.
        #[source]
        source: HttpError,
    },
    /// Offline, and neither cargo's cache nor ours has the crate.
    #[error(
        "no cached index entry for `{name}` (offline: looked in cargo's registry cache and cratescope's cache)"
    )]
    NotCached {
        /// The name asked for.
        name: String,
    },
    /// Offline, and cargo's only copy is unreadable.
    #[error("failed to read cargo's index cache file `{path}` for `{name}`")]
    CargoCache {
        /// The name asked for.
        name: String,
        /// The file rejected.
        path: PathBuf,
        /// Why.
        #[source]
        source: CargoCacheReadError,
    },
    /// The registry's `config.json` could not be fetched.
    #[error("failed to fetch the registry config `{url}`")]
    ConfigFetch {
        /// Its URL.
        url: String,
        /// The HTTP failure.
        #[source]
        source: HttpError,
    },
    /// The registry's `config.json` is not valid.
    #[error("invalid registry config `{location}`")]
    ConfigParse {
        /// Its URL or file path.
        location: String,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The checksum given is not a hex SHA-256.
    #[error("invalid checksum `{cksum}` for `{name}` {version}: expected 64 hex digits")]
    InvalidChecksum {
        /// Crate name.
        name: String,
        /// Version.
        version: String,
        /// The checksum given.
        cksum: String,
    },
    /// The downloaded tarball does not match the index checksum.
    #[error(
        "checksum mismatch for `{name}` {version} from {from}: expected {expected}, got {actual}"
    )]
    ChecksumMismatch {
        /// Crate name.
        name: String,
        /// Version.
        version: String,
        /// Where the bytes came from (URL).
        from: String,
        /// The index checksum.
        expected: String,
        /// The SHA-256 of what was received.
        actual: String,
    },
    /// The tarball download failed.
    #[error("failed to download `{name}` {version}")]
    Download {
        /// Crate name.
        name: String,
        /// Version.
        version: String,
        /// The HTTP failure.
        #[source]
        source: HttpError,
    },
    /// Offline, and no cache has the tarball.
    #[error("no cached `.crate` file for `{name}` {version} (offline)")]
    CrateNotCached {
        /// Crate name.
        name: String,
        /// Version.
        version: String,
    },
    /// A local file could not be read.
    #[error("failed to read `{path}`")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl IndexError {
    /// What a user reads: the crate, version, URL or file verbatim, and the
    /// HTTP or OS failure in its own words.
    pub fn message(&self) -> Message {
        let code = |s: &str| Arg::code(s.to_string());
        let path = |p: &std::path::Path| Arg::code(p.display().to_string());
        match self {
            IndexError::InvalidName { name, problem } => msg!(
                "index-invalid-name",
                krate = Arg::krate(name.clone()),
                problem = problem.message()
            ),
            IndexError::NotFound { name } => {
                msg!("index-not-found", krate = Arg::krate(name.clone()))
            }
            IndexError::Unavailable { name, source } => msg!(
                "index-unavailable",
                krate = Arg::krate(name.clone()),
                why = source.message()
            ),
            IndexError::NotCached { name } => {
                msg!("index-not-cached", krate = Arg::krate(name.clone()))
            }
            IndexError::CargoCache {
                name,
                path: p,
                source,
            } => msg!(
                "index-cargo-cache-unreadable",
                krate = Arg::krate(name.clone()),
                path = path(p),
                why = Arg::text(source.to_string())
            ),
            IndexError::ConfigFetch { url, source } => msg!(
                "index-config-fetch",
                url = code(url),
                why = source.message()
            ),
            IndexError::ConfigParse { location, source } => msg!(
                "index-config-parse",
                location = code(location),
                why = Arg::text(source.to_string())
            ),
            IndexError::InvalidChecksum {
                name,
                version,
                cksum,
            } => msg!(
                "index-invalid-checksum",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version),
                cksum = code(cksum)
            ),
            IndexError::ChecksumMismatch {
                name,
                version,
                from,
                expected,
                actual,
            } => msg!(
                "index-checksum-mismatch",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version),
                from = code(from),
                expected = code(expected),
                actual = code(actual)
            ),
            IndexError::Download {
                name,
                version,
                source,
            } => msg!(
                "index-download",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version),
                why = source.message()
            ),
            IndexError::CrateNotCached { name, version } => msg!(
                "index-crate-not-cached",
                krate = Arg::krate(name.clone()),
                version = Arg::version(version)
            ),
            IndexError::Io { path: p, source } => msg!(
                "index-io",
                path = path(p),
                why = Arg::text(source.to_string())
            ),
        }
    }
}

impl NameProblem {
    /// What is wrong with a crate name, for a user.
    pub fn message(&self) -> Message {
        match self {
            NameProblem::Empty => msg!("name-empty"),
            NameProblem::TooLong => msg!("name-too-long", max = crate::name::MAX_NAME_LENGTH),
            NameProblem::BadStart => msg!("name-bad-start"),
            NameProblem::BadChar(c) => msg!("name-bad-char", c = Arg::code(c.to_string())),
        }
    }
}
