//! [`HttpClient`]: every cratescope GET goes through here.
//!
//! It adds, in one place, what each source would otherwise half-implement:
//! the disk cache with TTLs and conditional revalidation, bounded retries
//! with exponential backoff, `Retry-After`, per-host pacing, offline mode,
//! stale-on-failure and fail-fast for unreachable hosts.
//!
//! Deliberately not done here: methods other than GET (no source needs
//! them), authentication policy (callers add headers), interpreting bodies,
//! and retrying timeouts (a server that hung for the whole request timeout
//! once is likely to again; retrying would multiply the wait).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use reqwest::Url;
use reqwest::header::{HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH};

use crate::cache::{CacheEntry, DiskCache};
use crate::error::{HttpError, RedirectProblem};
use crate::types::{HttpConfig, HttpRequest, HttpResponse, ResponseHeaders};

/// Largest backoff exponent: keeps `base * 2^n` from overflowing and bounds
/// a single backoff sleep (0.25 s · 2^8 ≈ 1 min).
const MAX_BACKOFF_EXPONENT: u32 = 8;

/// Shared, cheaply clonable HTTP client.
///
/// Clones share the connection pool, the pacing clock and the set of
/// unreachable hosts, so a process should build one and clone it.
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: reqwest::Client,
    config: HttpConfig,
    cache: DiskCache,
    /// Hosts whose connect failed; requests to them fail fast.
    unreachable: Mutex<HashSet<String>>,
    /// Per host: the earliest instant the next paced request may start.
    next_slot: tokio::sync::Mutex<HashMap<String, tokio::time::Instant>>,
}

/// What one attempt produced, body included.
struct Attempt {
    status: u16,
    headers: ResponseHeaders,
    body: Vec<u8>,
}

/// Why an attempt failed.
enum AttemptError {
    /// The transport failed (connect, timeout, reset, protocol) talking to
    /// this URL (the request's, or where a redirect led).
    Transport(reqwest::Error, Url),
    /// The body outgrew the request's cap.
    TooLarge,
    /// A redirect loop, too many hops, or a redirect to a non-HTTP URL.
    BadRedirect(RedirectProblem),
}

/// Redirects followed per attempt, as browsers and cargo allow.
const MAX_REDIRECTS: usize = 10;

/// rustls needs a process-wide crypto provider before any client is built;
/// reqwest is compiled without one, so install `ring` (once; if the
/// application installed a provider already, that one is kept).
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing the race to another thread is fine: some provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn extract_headers(headers: &HeaderMap) -> ResponseHeaders {
    let ratelimit = headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-ratelimit-"))
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|v| (name.as_str().to_owned(), v.to_owned()))
        })
        .collect();
    ResponseHeaders {
        etag: header_string(headers, "etag"),
        last_modified: header_string(headers, "last-modified"),
        link: header_string(headers, "link"),
        retry_after: header_string(headers, "retry-after"),
        location: header_string(headers, "location"),
        content_type: header_string(headers, "content-type"),
        ratelimit,
    }
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date (RFC 9110 §10.2.3)
/// measured from `now` (a date in the past means "now").
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let secs = at.duration_since(now).as_secs_f64();
    Some(Duration::from_secs_f64(secs.max(0.0)))
}

/// `host` or `host:port` when the URL names a port: the key for pacing and
/// unreachable marks (distinct local test servers stay distinct).
pub(crate) fn host_key(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

impl HttpClient {
    /// Builds a client (and installs the rustls `ring` provider if none is).
    pub fn new(config: HttpConfig) -> Result<Self, HttpError> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            // Redirects are followed by hand (`attempt`) so a failure is
            // attributed to the host that failed, and credentials never
            // follow a redirect to another host.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .build()
            .map_err(|source| HttpError::Build { source })?;
        let cache = DiskCache::new(&config.cache_dir);
        Ok(HttpClient {
            inner: Arc::new(Inner {
                client,
                config,
                cache,
                unreachable: Mutex::new(HashSet::new()),
                next_slot: tokio::sync::Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The underlying client (for the streamed download).
    pub(crate) fn reqwest(&self) -> &reqwest::Client {
        &self.inner.client
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// Root of the cache directory (other caches, e.g. tarballs, live beside
    /// `http/`).
    pub fn cache_dir(&self) -> &Path {
        &self.inner.config.cache_dir
    }

    /// Whether the client never touches the network.
    pub fn is_offline(&self) -> bool {
        self.inner.config.offline
    }

    /// Whether requests to this URL's host currently fail fast.
    pub fn is_unreachable(&self, url: &str) -> bool {
        Url::parse(url)
            .ok()
            .and_then(|u| host_key(&u))
            .is_some_and(|host| self.unreachable_contains(&host))
    }

    fn unreachable_contains(&self, host: &str) -> bool {
        self.inner
            .unreachable
            .lock()
            .map(|set| set.contains(host))
            // A poisoned lock only means another thread panicked mid-insert;
            // the set itself is still usable.
            .unwrap_or_else(|poisoned| poisoned.into_inner().contains(host))
    }

    pub(crate) fn mark_unreachable(&self, host: &str) {
        let mut set = self
            .inner
            .unreachable
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        set.insert(host.to_owned());
    }

    /// Reads the cache only (any age), never the network. `stale` is set
    /// when the entry is older than the request's TTL.
    pub fn get_cached(&self, req: &HttpRequest) -> Option<HttpResponse> {
        if !req.cacheable {
            return None;
        }
        let entry = self.inner.cache.load(&req.url)?;
        let stale = !is_fresh(&entry, req.ttl, Timestamp::now());
        Some(serve(&req.url, entry, stale, false))
    }

    /// Performs a GET with caching, retries and fallbacks (see the module
    /// docs and [`HttpError`] for every outcome).
    pub async fn get(&self, req: &HttpRequest) -> Result<HttpResponse, HttpError> {
        let url = Url::parse(&req.url).map_err(|_| HttpError::InvalidUrl {
            url: req.url.clone(),
        })?;
        let host = host_key(&url).ok_or_else(|| HttpError::InvalidUrl {
            url: req.url.clone(),
        })?;
        let cached = if req.cacheable {
            self.inner.cache.load(&req.url)
        } else {
            None
        };
        if self.is_offline() {
            return match cached {
                Some(entry) => {
                    let stale = !is_fresh(&entry, req.ttl, Timestamp::now());
                    Ok(serve(&req.url, entry, stale, false))
                }
                None => Err(HttpError::Offline {
                    url: req.url.clone(),
                }),
            };
        }
        if let Some(entry) = &cached
            && is_fresh(entry, req.ttl, Timestamp::now())
        {
            return Ok(serve(&req.url, entry.clone(), false, false));
        }
        if self.unreachable_contains(&host) {
            return fallback(&req.url, cached, HttpError::Unreachable { host });
        }

        let config = &self.inner.config;
        let mut attempt: u32 = 0;
        let mut waited = Duration::ZERO;
        loop {
            self.pace(&host, req.min_interval).await;
            let result = match self.attempt(&url, req, cached.as_ref()).await {
                Ok(done) => Ok(done),
                Err(AttemptError::TooLarge) => {
                    return Err(HttpError::TooLarge {
                        url: req.url.clone(),
                        limit: req.max_body,
                    });
                }
                Err(AttemptError::BadRedirect(why)) => {
                    return fallback(
                        &req.url,
                        cached,
                        HttpError::Redirect {
                            url: req.url.clone(),
                            problem: why,
                        },
                    );
                }
                Err(AttemptError::Transport(e, at)) => Err((e, at)),
            };
            let retries_left = attempt < config.max_retries;
            // The delay before the next attempt, and the error to give up
            // with if waiting that long would exceed the request's budget.
            let (delay, give_up_with) = match result {
                Err((source, at)) if source.is_connect() => {
                    // A redirect can lead to another host: the one that
                    // refused the connection is the one marked, never the
                    // host that answered with the redirect.
                    let failed = host_key(&at).unwrap_or_else(|| host.clone());
                    self.mark_unreachable(&failed);
                    return fallback(&req.url, cached, HttpError::Unreachable { host: failed });
                }
                Err((source, _)) if source.is_timeout() => {
                    return fallback(
                        &req.url,
                        cached,
                        HttpError::Timeout {
                            url: req.url.clone(),
                            source,
                        },
                    );
                }
                Err((source, _)) => {
                    if !retries_left {
                        return fallback(
                            &req.url,
                            cached,
                            HttpError::Transport {
                                url: req.url.clone(),
                                source,
                            },
                        );
                    }
                    let status_less = HttpError::Transport {
                        url: req.url.clone(),
                        source,
                    };
                    (self.backoff(attempt), status_less)
                }
                Ok(done) => match done.status {
                    304 => return self.revalidated(&req.url, cached, done.headers),
                    200..=299 => return Ok(self.fresh_response(req, done)),
                    404 | 410 | 451 => {
                        return Err(HttpError::NotFound {
                            url: req.url.clone(),
                            status: done.status,
                        });
                    }
                    status @ (429 | 503) => {
                        let wait = done
                            .headers
                            .retry_after
                            .as_deref()
                            .and_then(|v| parse_retry_after(v, Timestamp::now()));
                        let give_up = |retry_after: Option<Duration>| {
                            if status == 429 || retry_after.is_some() {
                                HttpError::RateLimited {
                                    url: req.url.clone(),
                                    retry_after,
                                }
                            } else {
                                HttpError::Status {
                                    url: req.url.clone(),
                                    status,
                                }
                            }
                        };
                        match wait {
                            Some(wait) if wait > config.max_retry_after => {
                                return fallback(&req.url, cached, give_up(Some(wait)));
                            }
                            _ if !retries_left => {
                                return fallback(&req.url, cached, give_up(wait));
                            }
                            Some(wait) => (wait, give_up(Some(wait))),
                            None => (self.backoff(attempt), give_up(None)),
                        }
                    }
                    status @ 500..=599 => {
                        if !retries_left {
                            return fallback(
                                &req.url,
                                cached,
                                HttpError::Status {
                                    url: req.url.clone(),
                                    status,
                                },
                            );
                        }
                        let error = HttpError::Status {
                            url: req.url.clone(),
                            status,
                        };
                        (self.backoff(attempt), error)
                    }
                    status => {
                        return Err(HttpError::Status {
                            url: req.url.clone(),
                            status,
                        });
                    }
                },
            };
            // Waits add up across attempts: past the cap, give up now
            // rather than sleep (three 59-second Retry-Afters are three
            // minutes of a user's time).
            if waited + delay > config.max_total_wait {
                return fallback(&req.url, cached, give_up_with);
            }
            waited += delay;
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One request, body fully read (so a truncated body is an error here).
    async fn attempt(
        &self,
        url: &Url,
        req: &HttpRequest,
        cached: Option<&CacheEntry>,
    ) -> Result<Attempt, AttemptError> {
        let mut current = url.clone();
        let mut hops = 0;
        let mut response = loop {
            let mut builder = self.inner.client.get(current.clone());
            // The caller's headers (an Authorization token among them) go
            // only to the host it named.
            if host_key(&current) == host_key(url) {
                for (name, value) in &req.headers {
                    builder = builder.header(name.as_str(), value.as_str());
                }
            }
            if let Some(entry) = cached {
                // cargo prefers the ETag; Last-Modified only when there is none.
                if let Some(etag) = &entry.meta.headers.etag {
                    builder = builder.header(IF_NONE_MATCH, etag.as_str());
                } else if let Some(date) = &entry.meta.headers.last_modified {
                    builder = builder.header(IF_MODIFIED_SINCE, date.as_str());
                }
            }
            let response = builder
                .send()
                .await
                .map_err(|e| AttemptError::Transport(e, current.clone()))?;
            let status = response.status();
            if !status.is_redirection() || status.as_u16() == 304 {
                break response;
            }
            let Some(location) = header_string(response.headers(), "location") else {
                break response;
            };
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(AttemptError::BadRedirect(RedirectProblem::TooMany(
                    MAX_REDIRECTS,
                )));
            }
            let next = current
                .join(&location)
                .map_err(|_| AttemptError::BadRedirect(RedirectProblem::InvalidLocation))?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(AttemptError::BadRedirect(RedirectProblem::Scheme(
                    next.scheme().to_string(),
                )));
            }
            current = next;
        };
        let status = response.status().as_u16();
        let headers = extract_headers(response.headers());
        // Refuse an announced oversize body before reading any of it, and
        // stop reading a body that grows past the cap (servers may lie about
        // the length, or send none).
        if response.content_length().is_some_and(|n| n > req.max_body) {
            return Err(AttemptError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| AttemptError::Transport(e, current.clone()))?
        {
            if body.len() as u64 + chunk.len() as u64 > req.max_body {
                return Err(AttemptError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Attempt {
            status,
            headers,
            body,
        })
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.min(MAX_BACKOFF_EXPONENT);
        self.inner.config.backoff_base.saturating_mul(factor)
    }

    /// Waits for this host's next pacing slot and books the one after it.
    async fn pace(&self, host: &str, min_interval: Option<Duration>) {
        let Some(interval) = min_interval else {
            return;
        };
        let slot = {
            let mut slots = self.inner.next_slot.lock().await;
            let now = tokio::time::Instant::now();
            let slot = slots.get(host).copied().map_or(now, |s| s.max(now));
            slots.insert(host.to_owned(), slot + interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    fn fresh_response(&self, req: &HttpRequest, done: Attempt) -> HttpResponse {
        let fetched_at = Timestamp::now();
        if req.cacheable {
            // The cache is an optimisation: a failed write (full disk,
            // read-only directory) must not lose a good response.
            let _ = self.inner.cache.store(
                &req.url,
                done.status,
                &done.headers,
                &done.body,
                fetched_at,
            );
        }
        HttpResponse {
            url: req.url.clone(),
            status: done.status,
            body: done.body,
            headers: done.headers,
            fetched_at,
            from_cache: false,
            revalidated: false,
            stale: false,
        }
    }

    /// 304: the cached body is current; refresh its validators and clock.
    fn revalidated(
        &self,
        url: &str,
        cached: Option<CacheEntry>,
        fresh_headers: ResponseHeaders,
    ) -> Result<HttpResponse, HttpError> {
        let Some(mut entry) = cached else {
            return Err(HttpError::CacheVanished {
                url: url.to_owned(),
            });
        };
        entry.meta.fetched_at = Timestamp::now();
        if fresh_headers.etag.is_some() {
            entry.meta.headers.etag = fresh_headers.etag;
        }
        if fresh_headers.last_modified.is_some() {
            entry.meta.headers.last_modified = fresh_headers.last_modified;
        }
        // Same reasoning as for fresh bodies: a failed write is only a
        // future cache miss.
        let _ = self.inner.cache.store_meta(&entry.meta);
        Ok(serve(url, entry, false, true))
    }
}

fn is_fresh(entry: &CacheEntry, ttl: Duration, now: Timestamp) -> bool {
    let age = now.duration_since(entry.meta.fetched_at);
    // A fetched_at in the future (clock change) counts as stale.
    !age.is_negative() && age.as_secs_f64() < ttl.as_secs_f64()
}

fn serve(url: &str, entry: CacheEntry, stale: bool, revalidated: bool) -> HttpResponse {
    HttpResponse {
        url: url.to_owned(),
        status: entry.meta.status,
        body: entry.body,
        headers: entry.meta.headers,
        fetched_at: entry.meta.fetched_at,
        from_cache: true,
        revalidated,
        stale,
    }
}

/// The network failed: serve the cached copy marked stale, or the error.
fn fallback(
    url: &str,
    cached: Option<CacheEntry>,
    error: HttpError,
) -> Result<HttpResponse, HttpError> {
    match cached {
        Some(entry) => Ok(serve(url, entry, true, false)),
        None => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now: Timestamp = "2026-11-25T12:00:00Z".parse().unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 25 Nov 2026 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        // A date in the past means "retry now".
        assert_eq!(
            parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn host_key_keeps_explicit_ports_apart() {
        let a = Url::parse("http://127.0.0.1:8080/a").unwrap();
        let b = Url::parse("http://127.0.0.1:8081/a").unwrap();
        assert_ne!(host_key(&a), host_key(&b));
        let c = Url::parse("https://index.crates.io/it/oa/itoa").unwrap();
        assert_eq!(host_key(&c).as_deref(), Some("index.crates.io"));
    }
}
