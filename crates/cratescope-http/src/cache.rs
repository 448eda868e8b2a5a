//! The on-disk HTTP cache under `cache_dir/http/`.
//!
//! Each URL maps to two files named by the SHA-256 of the URL: the raw body
//! (`<hash>.body`) and a small JSON meta (`<hash>.json`: URL, status,
//! validators, fetched_at, body length and hash). Both are written
//! atomically, body first; the meta records the body's hash, so a body that
//! does not match its meta (a crash between the two renames, a truncated or
//! edited file) is treated as a miss, never an error or a panic.
//!
//! Deliberately ignored: `Cache-Control`/`Expires` (callers choose the TTL
//! per endpoint), `Vary` (the key is the URL alone: cratescope sends the
//! same headers to a given URL every time), and eviction (the cache is small
//! and the user owns the directory).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::fs::write_atomic;
use crate::types::ResponseHeaders;

/// Bumped when the meta layout changes; older entries then read as misses.
const META_FORMAT: u32 = 1;

/// The JSON stored beside each cached body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CacheMeta {
    pub format: u32,
    pub url: String,
    pub status: u16,
    pub headers: ResponseHeaders,
    pub fetched_at: Timestamp,
    pub body_len: u64,
    pub body_sha256: String,
}

/// A cache entry that passed every integrity check.
#[derive(Debug, Clone)]
pub(crate) struct CacheEntry {
    pub meta: CacheMeta,
    pub body: Vec<u8>,
}

/// The cache directory.
#[derive(Debug, Clone)]
pub(crate) struct DiskCache {
    root: PathBuf,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl DiskCache {
    pub fn new(cache_dir: &Path) -> Self {
        DiskCache {
            root: cache_dir.join("http"),
        }
    }

    /// Body and meta paths; a two-character fan-out keeps directories small.
    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let key = sha256_hex(url.as_bytes());
        let dir = self.root.join(&key[..2]);
        (
            dir.join(format!("{key}.body")),
            dir.join(format!("{key}.json")),
        )
    }

    /// Reads the entry for `url`; any inconsistency is a miss.
    pub fn load(&self, url: &str) -> Option<CacheEntry> {
        let (body_path, meta_path) = self.paths(url);
        let meta_bytes = std::fs::read(meta_path).ok()?;
        let meta: CacheMeta = serde_json::from_slice(&meta_bytes).ok()?;
        if meta.format != META_FORMAT || meta.url != url {
            return None;
        }
        let body = std::fs::read(body_path).ok()?;
        if body.len() as u64 != meta.body_len || sha256_hex(&body) != meta.body_sha256 {
            return None;
        }
        Some(CacheEntry { meta, body })
    }

    /// Stores a response body and its meta.
    pub fn store(
        &self,
        url: &str,
        status: u16,
        headers: &ResponseHeaders,
        body: &[u8],
        fetched_at: Timestamp,
    ) -> Result<CacheMeta, (PathBuf, std::io::Error)> {
        let (body_path, meta_path) = self.paths(url);
        let meta = CacheMeta {
            format: META_FORMAT,
            url: url.to_owned(),
            status,
            headers: headers.clone(),
            fetched_at,
            body_len: body.len() as u64,
            body_sha256: sha256_hex(body),
        };
        write_atomic(&body_path, body).map_err(|e| (body_path.clone(), e))?;
        self.write_meta(&meta_path, &meta)?;
        Ok(meta)
    }

    /// Rewrites only the meta, e.g. after a 304 refreshed `fetched_at`.
    pub fn store_meta(&self, meta: &CacheMeta) -> Result<(), (PathBuf, std::io::Error)> {
        let (_, meta_path) = self.paths(&meta.url);
        self.write_meta(&meta_path, meta)
    }

    fn write_meta(&self, path: &Path, meta: &CacheMeta) -> Result<(), (PathBuf, std::io::Error)> {
        let json = serde_json::to_vec_pretty(meta)
            .map_err(|e| (path.to_path_buf(), std::io::Error::other(e)))?;
        write_atomic(path, &json).map_err(|e| (path.to_path_buf(), e))
    }

    /// Path of the body file, for tests that corrupt entries on purpose.
    #[cfg(test)]
    pub fn body_path(&self, url: &str) -> PathBuf {
        self.paths(url).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path());
        let url = "http://127.0.0.1:1/x";
        assert!(cache.load(url).is_none());
        let headers = ResponseHeaders {
            etag: Some("\"abc\"".into()),
            ..Default::default()
        };
        cache
            .store(url, 200, &headers, b"hello", Timestamp::UNIX_EPOCH)
            .unwrap();
        let entry = cache.load(url).unwrap();
        assert_eq!(entry.body, b"hello");
        assert_eq!(entry.meta.headers.etag.as_deref(), Some("\"abc\""));
        // Another URL never sees this entry.
        assert!(cache.load("http://127.0.0.1:1/y").is_none());
        // A truncated body no longer matches its meta.
        std::fs::write(cache.body_path(url), b"hel").unwrap();
        assert!(cache.load(url).is_none());
    }
}
