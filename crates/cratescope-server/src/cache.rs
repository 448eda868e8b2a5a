//! Rendered responses kept for a short time, with their ETag: a popular page
//! is rendered once per TTL and served from memory, and a client that has it
//! gets a 304.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Entries at most: past this the cache is emptied (each entry is one page;
/// crawlers walking every crate name must not grow memory without bound).
const MAX_ENTRIES: usize = 4096;

/// One rendered response.
#[derive(Debug)]
pub struct Cached {
    /// Status (200, or 202 for a queued page that is not cached long).
    pub status: StatusCode,
    /// Body.
    pub body: Bytes,
    /// Content-Type.
    pub content_type: &'static str,
    /// Cache-Control.
    pub cache_control: &'static str,
    /// Strong ETag, quoted.
    pub etag: String,
    at: Instant,
}

/// The strong ETag of a body: a SHA-256 prefix, quoted.
pub fn etag_of(body: &[u8]) -> String {
    let d = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&d[..12]))
}

/// True when the request's If-None-Match names this ETag (or `*`).
pub fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

impl Cached {
    /// A response built from a rendered body.
    pub fn new(
        status: StatusCode,
        body: impl Into<Bytes>,
        content_type: &'static str,
        cache_control: &'static str,
    ) -> Cached {
        let body = body.into();
        Cached {
            etag: etag_of(&body),
            status,
            body,
            content_type,
            cache_control,
            at: Instant::now(),
        }
    }

    /// The response for a request with these headers (304 when it matches).
    pub fn respond(&self, req_headers: &HeaderMap) -> Response {
        let mut r = if self.status == StatusCode::OK && matches(req_headers, &self.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (self.status, self.body.clone()).into_response()
        };
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        );
        if let Ok(v) = HeaderValue::from_str(&self.etag) {
            h.insert(header::ETAG, v);
        }
        r
    }
}

/// The cache.
#[derive(Debug)]
pub struct PageCache {
    ttl: Duration,
    map: RwLock<HashMap<String, Arc<Cached>>>,
}

impl PageCache {
    /// Entries live `ttl`.
    pub fn new(ttl: Duration) -> PageCache {
        PageCache {
            ttl,
            map: RwLock::new(HashMap::new()),
        }
    }

    /// A fresh entry.
    pub fn get(&self, key: &str) -> Option<Arc<Cached>> {
        let map = self.map.read().ok()?;
        map.get(key).filter(|c| c.at.elapsed() < self.ttl).cloned()
    }

    /// Keep an entry (only successful, cacheable ones are worth it).
    pub fn put(&self, key: String, c: Cached) -> Arc<Cached> {
        let c = Arc::new(c);
        if c.status == StatusCode::OK
            && let Ok(mut map) = self.map.write()
        {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, c.clone());
        }
        c
    }

    /// Forget everything (a new evaluation was stored).
    pub fn clear(&self) {
        if let Ok(mut map) = self.map.write() {
            map.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"abc\""),
        );
        assert!(matches(&h, "\"abc\""));
        assert!(!matches(&h, "\"abd\""));
    }

    #[test]
    fn entries_expire_and_only_ok_is_kept() {
        let c = PageCache::new(Duration::from_millis(30));
        c.put(
            "a".into(),
            Cached::new(StatusCode::OK, "x", "text/plain", "no-cache"),
        );
        c.put(
            "q".into(),
            Cached::new(StatusCode::ACCEPTED, "q", "text/plain", "no-store"),
        );
        assert!(c.get("a").is_some());
        assert!(c.get("q").is_none());
        std::thread::sleep(Duration::from_millis(40));
        assert!(c.get("a").is_none());
    }
}
