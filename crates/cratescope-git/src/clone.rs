//! Cloning a repository into a cache directory, or fetching into the clone
//! already there, with gitoxide.
//!
//! The clone is bare (no files are checked out: analysis reads trees
//! directly) and shallow by date: only history newer than
//! [`CLONE_HISTORY_DAYS`] is fetched, which covers every window the signals
//! use plus margin. A clone lands atomically: it is built in a temporary
//! directory next to its final place and renamed. Offline mode only returns
//! clones already in the cache. This module deliberately ignores
//! credentials, submodules and LFS.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use jiff::{SignedDuration, Timestamp};

use crate::GitError;
use crate::address::{Pinned, transport_options};
use crate::url::normalize_repository_url;

/// Never ask for a username or password on the terminal: a private or
/// missing repository must fail with an error, not wait for input.
const NO_PROMPT: &str = "gitoxide.credentials.terminalPrompt=false";

/// How far back a fresh clone reaches: 16 months. The longest window is 12
/// months and the spec asks for at least 15; the extra month absorbs
/// evaluations whose `as_of` lies a little before the clone date.
pub const CLONE_HISTORY_DAYS: i64 = 488;

/// Seconds in a day, to turn [`CLONE_HISTORY_DAYS`] into a cutoff instant.
const DAY_SECONDS: i64 = 86_400;

/// How to clone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloneOptions {
    /// Use only clones already in the cache; never touch the network.
    pub offline: bool,
    /// Fetch only commits newer than this (a date-shallow clone); `None`
    /// clones the whole history.
    pub history_since: Option<Timestamp>,
    /// Check the host's addresses before connecting, and connect only to
    /// the addresses checked (for URLs from crate metadata); None: connect
    /// wherever the name resolves (a URL the user chose).
    pub address_check: Option<crate::AddressCheck>,
}

/// [`CLONE_HISTORY_DAYS`] back from now: cloning is I/O, not scoring, so
/// the wall clock is the right anchor.
pub fn default_history_since() -> Option<Timestamp> {
    Timestamp::now()
        .checked_sub(SignedDuration::from_secs(CLONE_HISTORY_DAYS * DAY_SECONDS))
        .ok()
}

/// Clone `url` into `cache_dir` (or fetch if it is cached) and return the
/// path of the bare clone. History reaches [`CLONE_HISTORY_DAYS`] back from
/// now: cloning is I/O, not scoring, so the wall clock is the right anchor.
///
/// Blocking: call it from a plain thread or `spawn_blocking`, not from an
/// async task (the https transport runs its own runtime).
pub fn clone_or_fetch(url: &str, cache_dir: &Path, offline: bool) -> Result<PathBuf, GitError> {
    clone_or_fetch_with(
        url,
        cache_dir,
        &CloneOptions {
            offline,
            history_since: default_history_since(),
            address_check: None,
        },
    )
}

/// [`clone_or_fetch`] with explicit options.
pub fn clone_or_fetch_with(
    url: &str,
    cache_dir: &Path,
    opts: &CloneOptions,
) -> Result<PathBuf, GitError> {
    let repo_url = normalize_repository_url(url)?;
    let dest = cache_dir.join(repo_url.cache_relative_path());
    // Checked before anything connects, cached clone or not.
    let pinned = match &opts.address_check {
        Some(check) if !opts.offline => Some(check.resolve(&repo_url.clone_url)?),
        _ => None,
    };
    if gix::open(&dest).is_ok() {
        if !opts.offline {
            fetch(&dest, &repo_url.clone_url, pinned.as_ref())?;
        }
        return Ok(dest);
    }
    if opts.offline {
        return Err(GitError::NotCached {
            url: repo_url.clone_url,
            cache_dir: cache_dir.to_path_buf(),
        });
    }
    let parent = dest.parent().unwrap_or(cache_dir);
    std::fs::create_dir_all(parent).map_err(|source| GitError::Cache {
        path: parent.to_path_buf(),
        source,
    })?;
    let tmp = temp_dir_for(&dest);
    install_crypto_provider();
    let result = clone_into(&repo_url.clone_url, &tmp, opts.history_since, pinned);
    if let Err(e) = result {
        // Best effort: gitoxide removes a failed clone itself; a leftover
        // temp dir is harmless and never read as a clone.
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    match std::fs::rename(&tmp, &dest) {
        Ok(()) => Ok(dest),
        // Another process finished the same clone first: keep theirs.
        Err(_) if gix::open(&dest).is_ok() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(dest)
        }
        Err(source) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(GitError::Cache { path: dest, source })
        }
    }
}

/// A unique sibling of `dest` (same directory, so the rename is atomic).
fn temp_dir_for(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = Timestamp::now().as_nanosecond();
    let unique = format!(".tmp-{name}-{}-{nanos}", std::process::id());
    dest.with_file_name(unique)
}

/// reqwest is built with rustls but without a bundled crypto provider (see
/// DEPENDENCIES.md); https needs one installed. Installing is idempotent: an
/// error only means the application installed one already.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn clone_into(
    url: &str,
    tmp: &Path,
    since: Option<Timestamp>,
    pinned: Option<Pinned>,
) -> Result<(), GitError> {
    let clone_err = |e: gix::Error| GitError::Clone {
        url: url.to_string(),
        source: e.into(),
    };
    let mut prepare = gix::prepare_clone_bare(url, tmp)
        .map_err(clone_err)?
        .with_in_memory_config_overrides([NO_PROMPT]);
    if let Some(pinned) = pinned {
        let clone_url = url.to_string();
        prepare = prepare.configure_connection(move |conn| {
            let base = conn
                .remote()
                .repo()
                .transport_options(clone_url.as_str(), None)
                .ok()
                .flatten();
            conn.set_transport_options(transport_options(base, &pinned));
            Ok(())
        });
    }
    if let Some(since) = since {
        prepare = prepare.with_shallow(gix::remote::fetch::Shallow::Since {
            cutoff: gix::date::Time::new(since.as_second(), 0),
        });
    }
    let interrupt = AtomicBool::new(false);
    let (_repo, _outcome) = prepare
        .fetch_only(gix::progress::Discard, &interrupt)
        .map_err(clone_err)?;
    Ok(())
}

/// Fetch the default branch (and the tags pointing into it) into a cached clone.
fn fetch(path: &Path, url: &str, pinned: Option<&Pinned>) -> Result<(), GitError> {
    let fetch_err = |e: gix::Error| GitError::Fetch {
        url: url.to_string(),
        path: path.to_path_buf(),
        source: e.into(),
    };
    install_crypto_provider();
    let mut repo = gix::open(path).map_err(|e| GitError::Open {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    {
        let mut config = repo.config_snapshot_mut();
        config
            .append_config([NO_PROMPT], gix::config::Source::Api)
            .map_err(fetch_err)?;
        config.commit().map_err(fetch_err)?;
    }
    // The bare clone's HEAD names the default branch; fetch exactly it, so a
    // date-shallow clone does not pull the whole history of other branches.
    // A detached HEAD (never made by our clones) falls back to all branches.
    let spec = match repo.head_name().map_err(fetch_err)? {
        Some(name) => format!("+{0}:{0}", name.as_bstr()),
        None => "+refs/heads/*:refs/heads/*".to_string(),
    };
    let remote = repo
        .remote_at(url)
        .map_err(fetch_err)?
        .with_refspecs(Some(spec.as_str()), gix::remote::Direction::Fetch)
        .map_err(fetch_err)?
        .with_fetch_tags(gix::remote::fetch::Tags::Included);
    let interrupt = AtomicBool::new(false);
    let mut connection = remote
        .connect(gix::remote::Direction::Fetch)
        .map_err(fetch_err)?;
    if let Some(pinned) = pinned {
        let base = repo.transport_options(url, None).ok().flatten();
        connection.set_transport_options(transport_options(base, pinned));
    }
    connection
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(fetch_err)?
        .receive(gix::progress::Discard, &interrupt)
        .map_err(fetch_err)?;
    Ok(())
}
