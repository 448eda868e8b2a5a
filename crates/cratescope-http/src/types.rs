//! Plain data exchanged with [`crate::HttpClient`]: configuration, requests
//! and responses.
//!
//! Only the response headers cratescope uses are kept (validators, paging,
//! rate limits); everything else a server sends is dropped on purpose so the
//! cache stays small and the types stay serialisable.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::endpoints::DEFAULT_USER_AGENT;

/// Connect timeout default: a reachable host answers a TCP/TLS handshake in
/// well under a second; 5 s tolerates slow links without stalling on
/// firewalled hosts for long.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Total request timeout default: the largest bodies we fetch (index files of
/// big crates, `.crate` tarballs of a few MB) take seconds, not tens of them.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Retries after the first attempt on transient failures (5xx, resets,
/// truncated bodies, 429 with a short `Retry-After`).
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Longest `Retry-After` we wait for inside one request; beyond it the
/// caller gets [`crate::HttpError::RateLimited`] and decides.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// First backoff delay; doubled on each retry (0.25 s, 0.5 s, 1 s, ...).
pub const DEFAULT_BACKOFF_BASE: Duration = Duration::from_millis(250);
/// Default cap on a response body: generous for JSON answers (the largest
/// crates.io answer cratescope asks for is a few hundred KiB), far below
/// what would strain memory. Index files and tarballs set their own.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;
/// Default cap on the time one request may spend waiting between attempts
/// (backoff and `Retry-After` together): a server that asks for more is
/// given up on, and the caller falls back to its cache or "unavailable".
pub const DEFAULT_MAX_TOTAL_WAIT: Duration = Duration::from_secs(90);

/// How an [`crate::HttpClient`] behaves.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// User-Agent sent with every request.
    pub user_agent: String,
    /// Root of the on-disk cache; HTTP responses live under `cache_dir/http/`.
    pub cache_dir: PathBuf,
    /// Serve from the cache only, never touch the network.
    pub offline: bool,
    /// Limit for establishing a connection.
    pub connect_timeout: Duration,
    /// Limit for a whole request, body included.
    pub request_timeout: Duration,
    /// Retries after the first attempt on transient failures.
    pub max_retries: u32,
    /// Longest `Retry-After` honoured by waiting.
    pub max_retry_after: Duration,
    /// First exponential-backoff delay.
    pub backoff_base: Duration,
    /// Longest total wait between the attempts of one request (backoff and
    /// `Retry-After` together).
    pub max_total_wait: Duration,
}

impl HttpConfig {
    /// Defaults with the given cache directory.
    pub fn new(cache_dir: impl Into<PathBuf>) -> Self {
        HttpConfig {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            cache_dir: cache_dir.into(),
            offline: false,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            backoff_base: DEFAULT_BACKOFF_BASE,
            max_total_wait: DEFAULT_MAX_TOTAL_WAIT,
        }
    }
}

/// One GET request.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Absolute URL.
    pub url: String,
    /// Extra request headers (name, value), e.g. `Accept` or `Authorization`.
    pub headers: Vec<(String, String)>,
    /// How long a cached response is served without asking the server.
    /// Zero means "always revalidate" (still conditional when possible).
    pub ttl: Duration,
    /// Whether the response may be read from and written to the cache.
    pub cacheable: bool,
    /// Minimum spacing between requests to this URL's host, shared by every
    /// clone of the client (e.g. 1 s for the crates.io API).
    pub min_interval: Option<Duration>,
    /// Largest body accepted, in bytes: a longer answer (announced or
    /// streamed) is refused with [`crate::HttpError::TooLarge`] before it is
    /// held in memory. Each caller sets the cap its kind of answer deserves.
    pub max_body: u64,
}

impl HttpRequest {
    /// A cacheable request with no TTL (always revalidated), no extra
    /// headers and no pacing.
    pub fn new(url: impl Into<String>) -> Self {
        HttpRequest {
            url: url.into(),
            headers: Vec::new(),
            ttl: Duration::ZERO,
            cacheable: true,
            min_interval: None,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Sets the largest body accepted.
    pub fn max_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Sets the freshness lifetime.
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Adds a request header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Bypasses the cache entirely (no read, no write).
    pub fn no_cache(mut self) -> Self {
        self.cacheable = false;
        self
    }

    /// Spaces requests to this host by at least `interval`.
    pub fn min_interval(mut self, interval: Duration) -> Self {
        self.min_interval = Some(interval);
        self
    }
}

/// The response headers cratescope uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseHeaders {
    /// `ETag` validator.
    pub etag: Option<String>,
    /// `Last-Modified` validator (kept verbatim).
    pub last_modified: Option<String>,
    /// `Link` (GitHub pagination).
    pub link: Option<String>,
    /// `Retry-After` (verbatim: seconds or an HTTP date).
    pub retry_after: Option<String>,
    /// `Location` (redirect targets that were not followed).
    pub location: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// Every `x-ratelimit-*` header, lowercased name → value.
    pub ratelimit: BTreeMap<String, String>,
}

/// A response, from the network or the cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpResponse {
    /// The URL requested.
    pub url: String,
    /// Status of the (original) response; a revalidated 304 reports the
    /// cached status.
    pub status: u16,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// Headers we care about.
    pub headers: ResponseHeaders,
    /// When the body was last confirmed by the server.
    pub fetched_at: Timestamp,
    /// Served from the disk cache (fresh, revalidated or stale).
    pub from_cache: bool,
    /// The server confirmed the cached body with a 304 just now.
    pub revalidated: bool,
    /// Served from the cache past its TTL because the network failed or the
    /// client is offline.
    pub stale: bool,
}

impl HttpResponse {
    /// How old the body is at `now` (negative if `fetched_at` is in the future).
    pub fn age(&self, now: Timestamp) -> jiff::SignedDuration {
        now.duration_since(self.fetched_at)
    }
}
