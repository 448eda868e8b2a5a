//! Errors of the online sources.
//!
//! Each variant says which service (crates.io, GitHub, docs.rs) and which
//! object failed, so the caller can show "source unavailable: reason"
//! without adding context. Only the *main* call of a source ends in an
//! error; secondary endpoints that fail are reported as `partial` notes in
//! the data instead (see [`crate::CratesIoFacts::partial`]).

use cratescope_http::HttpError;
use jiff::Timestamp;

/// What a call to an online source can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OnlineError {
    /// The service answered 404/410/451: the object does not exist there
    /// (or may not be served).
    #[error("{what} was not found on {service} (http status {status})")]
    NotFound {
        /// "crates.io", "GitHub" or "docs.rs".
        service: &'static str,
        /// The object, e.g. "crate `serde`" or "repository `o/r`".
        what: String,
        /// The status received.
        status: u16,
    },
    /// The host could not be connected to (now or earlier in this process).
    #[error("{service} is unreachable (host `{host}`)")]
    Unreachable {
        /// "crates.io", "GitHub" or "docs.rs".
        service: &'static str,
        /// The host that failed.
        host: String,
    },
    /// The service's rate limit is spent; we stopped calling it instead of
    /// waiting.
    #[error("{message}")]
    RateLimited {
        /// "crates.io" or "GitHub".
        service: &'static str,
        /// When the budget comes back, if the service said.
        until: Option<Timestamp>,
        /// Human explanation, e.g. "GitHub rate limit exhausted until 14:05
        /// UTC; set GITHUB_TOKEN".
        message: String,
    },
    /// We refused to call the service (policy, not a failure of the service).
    #[error("refused to call {service}: {reason}")]
    Refused {
        /// The service we did not call.
        service: &'static str,
        /// Why, and how to fix it.
        reason: String,
    },
    /// Offline mode is on and nothing is cached for this request.
    #[error("offline and nothing cached for {what} from {service}")]
    Offline {
        /// The service.
        service: &'static str,
        /// The object, e.g. "crate `serde`".
        what: String,
    },
    /// The body could not be read as the expected JSON (truncated, invalid,
    /// or of another shape).
    #[error("invalid response from {service} for {endpoint}")]
    InvalidResponse {
        /// The service.
        service: &'static str,
        /// The endpoint, e.g. "crate endpoint for `serde`".
        endpoint: String,
        /// What was wrong.
        #[source]
        source: InvalidBody,
    },
    /// A name that cannot be put into a URL path safely.
    #[error("invalid {kind} name `{name}`")]
    InvalidName {
        /// "crate", "owner", "repository" or "version".
        kind: &'static str,
        /// The name as given.
        name: String,
    },
    /// Any other HTTP failure (timeout, 5xx after retries, transport error).
    #[error("request to {service} for {endpoint} failed")]
    Http {
        /// The service.
        service: &'static str,
        /// The endpoint, e.g. "crate endpoint for `serde`".
        endpoint: String,
        /// The underlying failure.
        #[source]
        source: HttpError,
    },
}

/// Why a body was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidBody {
    /// Not JSON at all (or cut off).
    #[error("body is not valid json")]
    Json(#[from] serde_json::Error),
    /// JSON, but without the part we need.
    #[error("body lacks {0}")]
    Shape(&'static str),
}
