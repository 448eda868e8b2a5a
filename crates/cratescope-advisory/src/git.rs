//! The advisory database as a git checkout: reading the commit time of
//! `HEAD` (the database's age) and keeping a shallow clone in the cache.
//!
//! Uses the `git` command line rather than gix: cloning and fetching need
//! git's network transports anyway, and a subprocess costs no build time.
//! Deliberately ignored: history beyond `HEAD` (clones are `--depth 1`),
//! signatures, and any default URL (the caller passes it in).

use crate::error::{AdvisoryError, GitCommandError};
use jiff::Timestamp;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Name of the clone inside the cache directory.
pub const CLONE_DIR_NAME: &str = "advisory-db";

/// Prefix of in-progress clones; they become the clone only by rename.
const TEMP_PREFIX: &str = ".advisory-db.tmp-";

/// Written inside `.git` between fetch and reset; if it survives, the work
/// tree may be half updated and is reset again before use.
const SYNC_MARKER: &str = "cratescope-sync-in-progress";

/// Temp clones older than this were left by a killed process (a clone of
/// advisory-db takes seconds) and are removed; younger ones may belong to a
/// concurrent process and are left alone.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

fn git() -> Command {
    let mut cmd = Command::new("git");
    // Never wait for a password prompt, and keep messages in English so the
    // stderr we report is searchable.
    cmd.env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C");
    cmd
}

/// Run a git command and return its stdout.
fn run(mut cmd: Command, action: &'static str, path: &Path) -> Result<String, AdvisoryError> {
    let out = cmd.output().map_err(|source| AdvisoryError::GitSpawn {
        action,
        path: path.to_path_buf(),
        source,
    })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(AdvisoryError::GitFailed {
            action,
            path: path.to_path_buf(),
            source: GitCommandError {
                status: out.status.to_string(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            },
        })
    }
}

/// Commit time of `HEAD` if `path` is the top of a git checkout (it has its
/// own `.git`, so a database copied inside some other repository does not
/// report that repository's commit).
pub(crate) fn head_commit_time(path: &Path) -> Result<Option<Timestamp>, AdvisoryError> {
    if !path.join(".git").exists() {
        return Ok(None);
    }
    let mut cmd = git();
    cmd.arg("-C")
        .arg(path)
        .args(["log", "-1", "--format=%ct", "HEAD"]);
    let out = run(cmd, "log", path)?;
    let bad_output = || AdvisoryError::GitFailed {
        action: "log",
        path: path.to_path_buf(),
        source: GitCommandError {
            status: "success".to_owned(),
            stderr: format!("unexpected commit time `{}`", out.trim()),
        },
    };
    let secs: i64 = out.trim().parse().map_err(|_| bad_output())?;
    Timestamp::from_second(secs)
        .map(Some)
        .map_err(|_| bad_output())
}

/// Make sure a clone of the advisory database exists in `cache_dir` and,
/// unless `offline`, is updated from `url`; returns its path
/// (`cache_dir/advisory-db`).
///
/// - First time: `git clone --depth 1` into a temp directory beside it,
///   then rename, so a killed clone never leaves a half-written database.
/// - Later: `git fetch --depth 1 <url> HEAD`, then `git reset --hard
///   FETCH_HEAD`. A marker file spans the reset; if a run dies in between,
///   the next call (even offline) resets again before returning.
/// - Offline: the existing clone, or [`AdvisoryError::NoCachedClone`].
///
/// When the fetch fails the existing clone is untouched and still usable:
/// the caller may retry with `offline = true` and report the database age.
pub fn sync_clone(cache_dir: &Path, url: &str, offline: bool) -> Result<PathBuf, AdvisoryError> {
    let dest = cache_dir.join(CLONE_DIR_NAME);
    let has_clone = dest.join(".git").is_dir();
    if has_clone {
        repair_if_interrupted(&dest)?;
    }
    if offline {
        return if has_clone {
            Ok(dest)
        } else {
            Err(AdvisoryError::NoCachedClone { path: dest })
        };
    }
    if has_clone {
        update(&dest, url)?;
        return Ok(dest);
    }
    if dest.exists() {
        // Something we did not create (we only ever rename complete clones
        // into place): refuse to delete a user's files.
        return Err(AdvisoryError::Cache {
            path: dest,
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists but is not a git clone",
            ),
        });
    }
    std::fs::create_dir_all(cache_dir).map_err(|source| AdvisoryError::Cache {
        path: cache_dir.to_path_buf(),
        source,
    })?;
    remove_stale_temps(cache_dir);
    fresh_clone(cache_dir, &dest, url)?;
    Ok(dest)
}

fn fresh_clone(cache_dir: &Path, dest: &Path, url: &str) -> Result<(), AdvisoryError> {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let tmp = cache_dir.join(format!("{TEMP_PREFIX}{}-{nanos}", std::process::id()));
    let mut cmd = git();
    cmd.args(["clone", "--depth", "1", "--quiet", "--"])
        .arg(url)
        .arg(&tmp);
    if let Err(e) = run(cmd, "clone", dest) {
        // Best effort: a leftover is also swept by `remove_stale_temps`.
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    match std::fs::rename(&tmp, dest) {
        Ok(()) => Ok(()),
        // Another process finished its clone first: use that one.
        Err(_) if dest.join(".git").is_dir() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(())
        }
        Err(source) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(AdvisoryError::Cache {
                path: dest.to_path_buf(),
                source,
            })
        }
    }
}

fn update(dest: &Path, url: &str) -> Result<(), AdvisoryError> {
    let mut fetch = git();
    fetch
        .arg("-C")
        .arg(dest)
        .args(["fetch", "--depth", "1", "--quiet", "--"])
        .arg(url)
        .arg("HEAD");
    run(fetch, "fetch", dest)?;
    let marker = dest.join(".git").join(SYNC_MARKER);
    std::fs::write(&marker, b"").map_err(|source| AdvisoryError::Cache {
        path: marker.clone(),
        source,
    })?;
    reset_to_fetch_head(dest)?;
    std::fs::remove_file(&marker).map_err(|source| AdvisoryError::Cache {
        path: marker,
        source,
    })
}

fn reset_to_fetch_head(dest: &Path) -> Result<(), AdvisoryError> {
    let mut reset = git();
    reset
        .arg("-C")
        .arg(dest)
        .args(["reset", "--hard", "--quiet", "FETCH_HEAD"]);
    run(reset, "reset", dest).map(drop)
}

/// Finish a reset that a killed run left half done (needs no network:
/// `FETCH_HEAD` is local).
fn repair_if_interrupted(dest: &Path) -> Result<(), AdvisoryError> {
    let marker = dest.join(".git").join(SYNC_MARKER);
    if !marker.exists() {
        return Ok(());
    }
    reset_to_fetch_head(dest)?;
    std::fs::remove_file(&marker).map_err(|source| AdvisoryError::Cache {
        path: marker,
        source,
    })
}

/// Remove temp clones left by killed runs. Failures are ignored: a leftover
/// directory wastes space but never affects the database in use.
fn remove_stale_temps(cache_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let is_temp = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if is_temp && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
