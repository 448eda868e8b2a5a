//! Errors of the cratescope library. Messages are lowercase and name the object
//! that failed; sources are chained, never formatted in.

use thiserror::Error;

/// Everything that can end an evaluation (a source that fails does not: it is
/// recorded as unavailable and the evaluation goes on).
#[derive(Debug, Error)]
pub enum Error {
    /// The model data or an override is invalid.
    #[error("{0}")]
    Model(String),
    /// A crate name or version given by the user is invalid.
    #[error("{0}")]
    InvalidInput(String),
    /// The registry does not know the crate.
    #[error("no crate named `{0}` in the registry")]
    CrateNotFound(String),
    /// The crate exists but not at that version.
    #[error("`{name}` has no version {version}; nearest: {nearest}")]
    VersionNotFound {
        /// Crate.
        name: String,
        /// The missing version or requirement.
        version: String,
        /// Nearest existing versions.
        nearest: String,
    },
    /// Nothing could be read for the crate.
    #[error("cannot read `{name}` from the registry index")]
    Index {
        /// Crate.
        name: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A configuration file is invalid.
    #[error("invalid configuration in {path}")]
    Config {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Any other failure with context.
    #[error("{context}")]
    Other {
        /// What was being done.
        context: String,
        /// Why it failed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// An error and every cause on one line: `a: b: c`.
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

/// A one-line reason for a source that failed: the error itself and its root
/// cause (the layers in between repeat the same URL or add nothing a reader
/// needs).
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
