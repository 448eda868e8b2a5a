//! Downloading the dump: one big GET through the project's HTTP stack
//! (`cratescope_http::HttpClient::download`: the run's User-Agent, offline
//! mode, connect and read timeouts), streamed to `<dest>.part`, resumed
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

use cratescope_http::{HttpClient, HttpError};
use cratescope_model::{Arg, Message, msg};
use serde::{Deserialize, Serialize};

use crate::Progress;
use crate::error::DumpError;

/// A server that sends nothing for this long has stalled.
pub const READ_TIMEOUT: Duration = cratescope_http::DEFAULT_READ_TIMEOUT;

/// Where to download from and to.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The dump's URL (configuration; public default in
    /// `cratescope_http::endpoints::DB_DUMP`).
    pub url: String,
    /// The finished file.
    pub dest: PathBuf,
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

/// What went wrong with a download.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadProblem {
    /// The request failed (the cause says how).
    #[error("the request failed")]
    Request,
    /// An answer other than 200, 206 or 304.
    #[error("http status {0}")]
    Status(u16),
    /// A 206 whose `Content-Range` cannot be read.
    #[error("206 without a usable Content-Range")]
    BadContentRange,
    /// The server resumed at another byte than asked.
    #[error("asked to resume at byte {asked}, the server sent from {sent}")]
    ResumedElsewhere {
        /// Where we asked to resume.
        asked: u64,
        /// Where the server started.
        sent: u64,
    },
    /// The body broke off.
    #[error("interrupted after {0} bytes; run again to resume")]
    Interrupted(u64),
    /// Fewer bytes than announced.
    #[error("got {got} of {total} bytes; run again to resume")]
    Short {
        /// Received.
        got: u64,
        /// Announced.
        total: u64,
    },
    /// A resume refused, then a fresh start refused too.
    #[error("the server refused to resume and then to start over")]
    RefusedTwice,
}

impl DownloadProblem {
    /// What a user reads.
    pub fn message(&self) -> Message {
        match self {
            DownloadProblem::Request => msg!("dump-download-request"),
            DownloadProblem::Status(s) => msg!("dump-download-status", status = u64::from(*s)),
            DownloadProblem::BadContentRange => msg!("dump-download-bad-range"),
            DownloadProblem::ResumedElsewhere { asked, sent } => msg!(
                "dump-download-resumed-elsewhere",
                asked = *asked,
                sent = *sent
            ),
            DownloadProblem::Interrupted(after) => {
                msg!("dump-download-interrupted", after = Arg::Bytes(*after))
            }
            DownloadProblem::Short { got, total } => msg!(
                "dump-download-short",
                got = Arg::Bytes(*got),
                total = Arg::Bytes(*total)
            ),
            DownloadProblem::RefusedTwice => msg!("dump-download-refused-twice"),
        }
    }
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

/// `bytes START-END/TOTAL` → (START, TOTAL).
fn content_range(v: &str) -> Option<(u64, Option<u64>)> {
    let rest = v.strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, _) = range.split_once('-')?;
    Some((start.trim().parse().ok()?, total.trim().parse().ok()))
}

/// Downloads the dump with `http` (see the module docs). `progress` hears
/// the total once the server has said it (never a made-up zero), then the
/// bytes as they arrive.
pub async fn fetch(
    http: &HttpClient,
    opts: &FetchOptions,
    progress: Arc<dyn Progress>,
) -> Result<Fetched, DumpError> {
    let fail = |problem: DownloadProblem, source: Option<HttpError>| DumpError::Download {
        url: opts.url.clone(),
        problem,
        source,
    };
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
        let mut headers: Vec<(String, String)> = Vec::new();
        let resuming = match &part_v {
            Some(v) if have > 0 => match v.etag.clone().or_else(|| v.last_modified.clone()) {
                Some(validator) => {
                    headers.push(("Range".into(), format!("bytes={have}-")));
                    headers.push(("If-Range".into(), validator));
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
                headers.push(("If-None-Match".into(), e.clone()));
            }
            if let Some(lm) = &v.last_modified {
                headers.push(("If-Modified-Since".into(), lm.clone()));
            }
        }
        let mut resp = http
            .download(&opts.url, &headers, READ_TIMEOUT)
            .await
            .map_err(|e| fail(DownloadProblem::Request, Some(e)))?;
        match resp.status {
            304 => {
                let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
                return Ok(Fetched {
                    path: dest.clone(),
                    bytes,
                    resumed_from: 0,
                    not_modified: true,
                });
            }
            416 => {
                let _ = std::fs::remove_file(&part);
                let _ = std::fs::remove_file(sidecar(&part));
                continue;
            }
            _ => {}
        }
        let (start, total) = match resp.status {
            206 if resuming => {
                let (start, total) = resp
                    .content_range
                    .as_deref()
                    .and_then(content_range)
                    .ok_or_else(|| fail(DownloadProblem::BadContentRange, None))?;
                if start != have {
                    return Err(fail(
                        DownloadProblem::ResumedElsewhere {
                            asked: have,
                            sent: start,
                        },
                        None,
                    ));
                }
                (start, total)
            }
            200 => (0, resp.content_length),
            other => return Err(fail(DownloadProblem::Status(other), None)),
        };
        let validators = Validators {
            url: opts.url.clone(),
            etag: resp.etag.clone(),
            last_modified: resp.last_modified.clone(),
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
            progress.advance(start);
        }
        let mut written = start;
        loop {
            let chunk = resp
                .chunk()
                .await
                .map_err(|e| fail(DownloadProblem::Interrupted(written), Some(e)))?;
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
                DownloadProblem::Short {
                    got: written,
                    total: t,
                },
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
    Err(fail(DownloadProblem::RefusedTwice, None))
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
