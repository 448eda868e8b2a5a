//! Errors of the HTTP stack.
//!
//! Each variant names the URL or host it concerns, so callers can turn it
//! into "source unavailable: reason" without adding context. Not-found is
//! its own variant because callers decide what a missing resource means.

use std::time::Duration;

use cratescope_model::{Arg, Message, msg};

/// The innermost cause's text: what the TLS, DNS or socket layer said.
fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

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
    /// A download whose server sent nothing for too long.
    #[error("`{url}` sent nothing for {} s", after.as_secs())]
    Stalled {
        /// The URL requested.
        url: String,
        /// How long we waited.
        after: Duration,
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
        problem: RedirectProblem,
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

/// Why a redirect was not followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectProblem {
    /// More hops than the client follows.
    #[error("more than {0} redirects")]
    TooMany(usize),
    /// A `Location` that is not a URL.
    #[error("a redirect to an invalid location")]
    InvalidLocation,
    /// A `Location` with a scheme other than http(s).
    #[error("a redirect to a `{0}` URL")]
    Scheme(String),
}

impl HttpError {
    /// What a user reads when a request failed: the URL or host verbatim,
    /// the client library's own words (a TLS or DNS failure) verbatim.
    pub fn message(&self) -> Message {
        let url = |u: &str| Arg::code(u.to_string());
        match self {
            HttpError::InvalidUrl { url: u } => msg!("http-invalid-url", url = url(u)),
            HttpError::Offline { url: u } => msg!("http-offline", url = url(u)),
            HttpError::Unreachable { host } => msg!("http-unreachable", host = url(host)),
            HttpError::Timeout { url: u, .. } => msg!("http-timeout", url = url(u)),
            HttpError::Stalled { url: u, after } => {
                msg!("http-stalled", url = url(u), secs = after.as_secs())
            }
            HttpError::NotFound { url: u, status } => {
                msg!("http-not-found", url = url(u), status = u64::from(*status))
            }
            HttpError::RateLimited {
                url: u,
                retry_after: Some(wait),
            } => msg!("http-rate-limited-for", url = url(u), secs = wait.as_secs()),
            HttpError::RateLimited { url: u, .. } => msg!("http-rate-limited", url = url(u)),
            HttpError::Status { url: u, status } => {
                msg!("http-status", url = url(u), status = u64::from(*status))
            }
            HttpError::Transport { url: u, source } => msg!(
                "http-transport",
                url = url(u),
                why = Arg::text(root_cause(source))
            ),
            HttpError::TooLarge { url: u, limit } => {
                msg!("http-too-large", url = url(u), limit = Arg::Bytes(*limit))
            }
            HttpError::Redirect { url: u, problem } => match problem {
                RedirectProblem::TooMany(n) => {
                    msg!("http-redirect-too-many", url = url(u), n = *n)
                }
                RedirectProblem::InvalidLocation => {
                    msg!("http-redirect-invalid", url = url(u))
                }
                RedirectProblem::Scheme(scheme) => msg!(
                    "http-redirect-scheme",
                    url = url(u),
                    scheme = Arg::code(scheme.clone())
                ),
            },
            HttpError::CacheVanished { url: u } => msg!("http-cache-vanished", url = url(u)),
            HttpError::Build { source } => {
                msg!("http-build", why = Arg::text(root_cause(source)))
            }
        }
    }

    /// The HTTP status carried by this error, if it came from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::NotFound { status, .. } | HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
