//! [`HttpClient::download`]: a large body streamed to the caller (the
//! crates.io database dump, 1.7 GiB), through the same client as every
//! other GET: its User-Agent, connect timeout, offline mode, unreachable
//! marks and redirect rules.
//!
//! What differs from [`HttpClient::get`], on purpose: no disk cache (the
//! caller writes the file and keeps its validators), no retries (a failed
//! download is resumed by the caller with `Range`, which costs only the
//! missing bytes), no total timeout (a big file takes minutes) but a read
//! timeout between two chunks, and the caller's conditional headers
//! (`Range`, `If-Range`, `If-None-Match`) are sent as given.

use std::time::Duration;

use reqwest::Url;

use crate::client::HttpClient;
use crate::error::{HttpError, RedirectProblem};

/// A server that sends nothing for this long has stalled.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A bound on one download as a whole, far beyond any real one (the dump
/// takes minutes): the read timeout is what catches a stall.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// Redirects followed, as for every GET.
const MAX_REDIRECTS: usize = 10;

/// A download whose headers have arrived; its body is read with
/// [`Download::chunk`].
#[derive(Debug)]
pub struct Download {
    url: String,
    response: reqwest::Response,
    read_timeout: Duration,
    /// The status.
    pub status: u16,
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
    /// `Content-Length`.
    pub content_length: Option<u64>,
    /// `Content-Range` as sent.
    pub content_range: Option<String>,
}

impl Download {
    /// The next piece of the body; None at its end. A stall longer than
    /// the read timeout, or a connection that breaks, is an error.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, HttpError> {
        match tokio::time::timeout(self.read_timeout, self.response.chunk()).await {
            Ok(Ok(c)) => Ok(c.map(|b| b.to_vec())),
            Ok(Err(source)) if source.is_timeout() => Err(HttpError::Timeout {
                url: self.url.clone(),
                source,
            }),
            Ok(Err(source)) => Err(HttpError::Transport {
                url: self.url.clone(),
                source,
            }),
            Err(_) => Err(HttpError::Stalled {
                url: self.url.clone(),
                after: self.read_timeout,
            }),
        }
    }
}

impl HttpClient {
    /// Start a streamed GET of `url` with the caller's `headers` (see the
    /// module docs); `read_timeout` bounds the wait for each chunk.
    pub async fn download(
        &self,
        url: &str,
        headers: &[(String, String)],
        read_timeout: Duration,
    ) -> Result<Download, HttpError> {
        let invalid = || HttpError::InvalidUrl {
            url: url.to_string(),
        };
        let start = Url::parse(url).map_err(|_| invalid())?;
        let host = crate::client::host_key(&start).ok_or_else(invalid)?;
        if self.is_offline() {
            return Err(HttpError::Offline {
                url: url.to_string(),
            });
        }
        if self.is_unreachable(url) {
            return Err(HttpError::Unreachable { host });
        }
        let mut current = start.clone();
        let mut hops = 0;
        let response = loop {
            let mut builder = self
                .reqwest()
                .get(current.clone())
                // The client's total timeout is for small answers; this one
                // is bounded by the read timeout between chunks instead.
                .timeout(DOWNLOAD_TIMEOUT);
            // Conditional headers go only to the host the caller named.
            if crate::client::host_key(&current) == Some(host.clone()) {
                for (name, value) in headers {
                    builder = builder.header(name.as_str(), value.as_str());
                }
            }
            let sent = tokio::time::timeout(self.config().request_timeout, builder.send()).await;
            let response = match sent {
                Err(_) => {
                    return Err(HttpError::Stalled {
                        url: url.to_string(),
                        after: self.config().request_timeout,
                    });
                }
                Ok(Err(source)) if source.is_connect() => {
                    let failed = crate::client::host_key(&current).unwrap_or(host.clone());
                    self.mark_unreachable(&failed);
                    return Err(HttpError::Unreachable { host: failed });
                }
                Ok(Err(source)) if source.is_timeout() => {
                    return Err(HttpError::Timeout {
                        url: url.to_string(),
                        source,
                    });
                }
                Ok(Err(source)) => {
                    return Err(HttpError::Transport {
                        url: url.to_string(),
                        source,
                    });
                }
                Ok(Ok(r)) => r,
            };
            let status = response.status();
            if !status.is_redirection() || status.as_u16() == 304 {
                break response;
            }
            let Some(location) = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
            else {
                break response;
            };
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(HttpError::Redirect {
                    url: url.to_string(),
                    problem: RedirectProblem::TooMany(MAX_REDIRECTS),
                });
            }
            let next = current.join(location).map_err(|_| HttpError::Redirect {
                url: url.to_string(),
                problem: RedirectProblem::InvalidLocation,
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(HttpError::Redirect {
                    url: url.to_string(),
                    problem: RedirectProblem::Scheme(next.scheme().to_string()),
                });
            }
            current = next;
        };
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Download {
            url: url.to_string(),
            status: response.status().as_u16(),
            etag: header("etag"),
            last_modified: header("last-modified"),
            content_length: header("content-length").and_then(|v| v.trim().parse().ok()),
            content_range: header("content-range"),
            read_timeout,
            response,
        })
    }
}
