//! Errors of the HTTP stack.
//!
//! Each variant names the URL or host it concerns, so callers can turn it
//! into "source unavailable: reason" without adding context. Not-found is
//! its own variant because callers decide what a missing resource means.

use std::time::Duration;

/// Everything [`crate::HttpClient::get`] can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// The URL could not be parsed or has no host.
    #[error("invalid url `{url}`")]
    InvalidUrl {
        /// The URL as given.
        url: String,
    },
    /// Offline mode is on and nothing is cached for this URL.
    #[error("offline and nothing cached for `{url}`")]
    Offline {
        /// The URL requested.
        url: String,
    },
    /// The host failed to connect earlier (or just now) in this process;
    /// requests to it fail fast from then on.
    #[error("host `{host}` is unreachable")]
    Unreachable {
        /// The host (with port when not the default).
        host: String,
    },
    /// The request timed out (connect or total).
    #[error("request to `{url}` timed out")]
    Timeout {
        /// The URL requested.
        url: String,
        /// The underlying client error.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered 404, 410 or 451: the resource does not exist
    /// (or may not be served); the caller decides what that means.
    #[error("`{url}` was not found (http status {status})")]
    NotFound {
        /// The URL requested.
        url: String,
        /// The status received.
        status: u16,
    },
    /// The server asked us to wait longer than we are willing to, or kept
    /// answering 429 after every retry.
    #[error("rate limited by the server for `{url}`")]
    RateLimited {
        /// The URL requested.
        url: String,
        /// How long the server asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// Any other non-success status (after retries for 5xx).
    #[error("`{url}` answered http status {status}")]
    Status {
        /// The URL requested.
        url: String,
        /// The status received.
        status: u16,
    },
    /// A transport error other than connect failure or timeout, after retries
    /// (connection reset, truncated body, protocol error).
    #[error("request to `{url}` failed")]
    Transport {
        /// The URL requested.
        url: String,
        /// The underlying client error.
        #[source]
        source: reqwest::Error,
    },
    /// The body is larger than the caller accepts for this kind of answer.
    #[error("`{url}` sent more than {limit} bytes (the limit for this kind of answer)")]
    TooLarge {
        /// The URL requested.
        url: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// A redirect could not be followed.
    #[error("`{url}` redirects badly: {problem}")]
    Redirect {
        /// The URL requested.
        url: String,
        /// What was wrong.
        problem: String,
    },
    /// The server answered 304 but our cached copy had disappeared.
    #[error("`{url}` answered 304 but the cached copy is gone")]
    CacheVanished {
        /// The URL requested.
        url: String,
    },
    /// The HTTP client could not be built.
    #[error("failed to build the http client")]
    Build {
        /// The underlying client error.
        #[source]
        source: reqwest::Error,
    },
}

impl HttpError {
    /// The HTTP status carried by this error, if it came from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::NotFound { status, .. } | HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
