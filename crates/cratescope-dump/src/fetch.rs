//! Downloading the dump: one big GET, streamed to `<dest>.part`, resumed
//! with `Range` (guarded by `If-Range`, so a dump rebuilt in between is
//! fetched whole instead of spliced), and renamed over `<dest>` only when
//! every byte the server announced has arrived. A current copy is
//! revalidated with `If-None-Match` / `If-Modified-Since` and not fetched
//! again.
//!
//! Deliberately not here: retries (a failed download is resumed by running
//! the command again, which costs only the missing bytes) and a total
//! request timeout (1.7 GiB takes minutes; a stalled connection is caught by
//! the read timeout instead).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_RANGE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, LAST_MODIFIED,
    RANGE,
};
use serde::{Deserialize, Serialize};

use crate::Progress;
use crate::error::DumpError;

/// A server that sends nothing for this long has stalled.
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Connecting takes well under a second where the host is reachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to download from and to.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The dump's URL (configuration; public default in
    /// `cratescope_http::endpoints::DB_DUMP`).
    pub url: String,
    /// The finished file.
    pub dest: PathBuf,
    /// User-Agent naming the tool and a contact.
    pub user_agent: String,
}

/// What the download did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The finished file.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Bytes reused from an earlier, interrupted download.
    pub resumed_from: u64,
    /// The server said the copy we have is current; nothing was downloaded.
    pub not_modified: bool,
}

/// Validators of a (partial or complete) download, kept beside it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Validators {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    total: Option<u64>,
}

fn sidecar(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".json");
    PathBuf::from(s)
}

fn part_path(dest: &Path) -> PathBuf {
    let mut s = dest.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

fn load(p: &Path) -> Option<Validators> {
    serde_json::from_slice(&std::fs::read(sidecar(p)).ok()?).ok()
}

fn save(p: &Path, v: &Validators) -> Result<(), DumpError> {
    let path = sidecar(p);
    let bytes = serde_json::to_vec(v).unwrap_or_default();
    cratescope_http::write_atomic(&path, &bytes).map_err(|source| DumpError::Write { path, source })
}

fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing the race to another thread is fine: some provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

fn header(resp: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `bytes START-END/TOTAL` → (START, TOTAL).
fn content_range(v: &str) -> Option<(u64, Option<u64>)> {
    let rest = v.strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, _) = range.split_once('-')?;
    Some((start.trim().parse().ok()?, total.trim().parse().ok()))
}

/// Downloads the dump (see the module docs).
pub async fn fetch(opts: &FetchOptions, progress: Arc<dyn Progress>) -> Result<Fetched, DumpError> {
    install_crypto_provider();
    let fail = |problem: String, source: Option<reqwest::Error>| DumpError::Download {
        url: opts.url.clone(),
        problem,
        source,
    };
    let client = reqwest::Client::builder()
        .user_agent(opts.user_agent.clone())
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .build()
        .map_err(|e| fail("cannot build the HTTP client".into(), Some(e)))?;
    let dest = &opts.dest;
    let part = part_path(dest);
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|source| DumpError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    // At most two rounds: a resume the server refuses (416) starts over once.
    for _round in 0..2 {
        let have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
        // `If-Range` makes the server send the rest only if the file is the
        // same one (same ETag or date), so a resume is safe even when the URL
        // changed (a mirror): otherwise it answers 200 with the whole file.
        let part_v = load(&part);
        let mut req = client.get(&opts.url);
        let resuming = match &part_v {
            Some(v) if have > 0 => match v.etag.clone().or_else(|| v.last_modified.clone()) {
                Some(validator) => {
                    req = req
                        .header(RANGE, format!("bytes={have}-"))
                        .header(IF_RANGE, validator);
                    true
                }
                None => false,
            },
            _ => false,
        };
        if !resuming
            && dest.is_file()
            && let Some(v) = load(dest)
        {
            if let Some(e) = &v.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req
            .send()
            .await
            .map_err(|e| fail("request failed".into(), Some(e)))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED {
            let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
            return Ok(Fetched {
                path: dest.clone(),
                bytes,
                resumed_from: 0,
                not_modified: true,
            });
        }
        if status == StatusCode::RANGE_NOT_SATISFIABLE {
            let _ = std::fs::remove_file(&part);
            let _ = std::fs::remove_file(sidecar(&part));
            continue;
        }
        let (start, total) = match status {
            StatusCode::PARTIAL_CONTENT if resuming => {
                let (start, total) = header(&resp, CONTENT_RANGE)
                    .as_deref()
                    .and_then(content_range)
                    .ok_or_else(|| fail("206 without a usable Content-Range".into(), None))?;
                if start != have {
                    return Err(fail(
                        format!("asked to resume at byte {have}, the server sent from {start}"),
                        None,
                    ));
                }
                (start, total)
            }
            StatusCode::OK => {
                let total = header(&resp, CONTENT_LENGTH).and_then(|v| v.parse().ok());
                (0, total)
            }
            other => return Err(fail(format!("http status {}", other.as_u16()), None)),
        };
        let validators = Validators {
            url: opts.url.clone(),
            etag: header(&resp, ETAG),
            last_modified: header(&resp, LAST_MODIFIED),
            total,
        };
        save(&part, &validators)?;
        let write_err = |source| DumpError::Write {
            path: part.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(start > 0)
            .truncate(start == 0)
            .open(&part)
            .map_err(write_err)?;
        if let Some(t) = total {
            progress.start(t);
        }
        progress.advance(start);
        let mut written = start;
        loop {
            let chunk = resp.chunk().await.map_err(|e| {
                fail(
                    format!("interrupted after {written} bytes; run again to resume"),
                    Some(e),
                )
            })?;
            let Some(chunk) = chunk else { break };
            file.write_all(&chunk).map_err(write_err)?;
            written += chunk.len() as u64;
            progress.advance(chunk.len() as u64);
        }
        file.sync_all().map_err(write_err)?;
        drop(file);
        if let Some(t) = total
            && written != t
        {
            return Err(fail(
                format!("got {written} of {t} bytes; run again to resume"),
                None,
            ));
        }
        std::fs::rename(&part, dest).map_err(|source| DumpError::Write {
            path: dest.clone(),
            source,
        })?;
        save(dest, &validators)?;
        let _ = std::fs::remove_file(sidecar(&part));
        return Ok(Fetched {
            path: dest.clone(),
            bytes: written,
            resumed_from: start,
            not_modified: false,
        });
    }
    Err(fail(
        "the server refused to resume and then to start over".into(),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::content_range;

    #[test]
    fn content_ranges() {
        assert_eq!(content_range("bytes 100-199/200"), Some((100, Some(200))));
        assert_eq!(content_range("bytes 100-199/*"), Some((100, None)));
        assert_eq!(content_range("items 1-2/3"), None);
    }
}
