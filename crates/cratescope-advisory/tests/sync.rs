//! The cached clone, tested against a local git repository built in a
//! tempdir and reached through a `file://` URL (no network).

use cratescope_advisory::{AdvisoryDb, AdvisoryError, CLONE_DIR_NAME, sync_clone};
use jiff::Timestamp;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn advisory(id: &str, package: &str) -> String {
    format!(
        "```toml\n[advisory]\nid = \"{id}\"\npackage = \"{package}\"\ndate = \"2025-12-01\"\ninformational = \"unmaintained\"\n\n[versions]\npatched = []\n```\n\n# {package} is unmaintained\n\nNo releases for years.\n"
    )
}

fn add_commit(repo: &Path, id: &str, package: &str, date: &str) {
    let dir = repo.join("crates").join(package);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{id}.md")), advisory(id, package)).unwrap();
    git(repo, &["add", "-A"], date);
    git(repo, &["commit", "-q", "-m", id], date);
}

fn url(repo: &Path) -> String {
    format!("file://{}", repo.display())
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn leftovers(cache: &Path) -> Vec<String> {
    std::fs::read_dir(cache)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != CLONE_DIR_NAME)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn clone_update_and_offline_reuse() {
    let tmp = tempfile::tempdir().unwrap();
    let upstream = tmp.path().join("upstream");
    std::fs::create_dir_all(&upstream).unwrap();
    git(&upstream, &["init", "-q"], "2026-01-01T00:00:00Z");
    add_commit(
        &upstream,
        "RUSTSEC-2099-0001",
        "alpha",
        "2026-01-01T00:00:00Z",
    );
    let cache = tmp.path().join("cache");

    // Offline with nothing cached is a clear error.
    let err = sync_clone(&cache, &url(&upstream), true).unwrap_err();
    assert!(matches!(err, AdvisoryError::NoCachedClone { .. }), "{err}");

    // First sync clones.
    let path = sync_clone(&cache, &url(&upstream), false).unwrap();
    assert_eq!(path, cache.join(CLONE_DIR_NAME));
    assert!(
        leftovers(&cache).is_empty(),
        "temp clone renamed away: {:?}",
        leftovers(&cache)
    );
    let db = AdvisoryDb::load(&path).unwrap();
    assert_eq!(db.len(), 1);
    assert_eq!(db.last_commit, Some(ts("2026-01-01T00:00:00Z")));
    assert_eq!(db.age_days(ts("2026-03-01T00:00:00Z")), Some(59));
    let summary = db.summary(ts("2026-03-01T00:00:00Z"));
    assert!(summary.stale);
    assert!(!db.summary(ts("2026-01-20T00:00:00Z")).stale);

    // Upstream moves on; the next sync fetches and resets.
    add_commit(
        &upstream,
        "RUSTSEC-2099-0002",
        "beta",
        "2026-02-01T12:00:00Z",
    );
    let path = sync_clone(&cache, &url(&upstream), false).unwrap();
    let db = AdvisoryDb::load(&path).unwrap();
    assert_eq!(db.len(), 2);
    assert_eq!(db.unmaintained("beta", ts("2026-03-01T00:00:00Z")).len(), 1);
    assert_eq!(db.last_commit, Some(ts("2026-02-01T12:00:00Z")));

    // Offline reuses the clone without touching the (now unreachable) URL.
    let gone = tmp.path().join("gone");
    let again = sync_clone(&cache, &url(&gone), true).unwrap();
    assert_eq!(again, path);
    // Online with an unreachable URL fails, and the clone stays usable.
    let err = sync_clone(&cache, &url(&gone), false).unwrap_err();
    assert!(
        matches!(
            err,
            AdvisoryError::GitFailed {
                action: "fetch",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(AdvisoryDb::load(&path).unwrap().len(), 2);
}

#[test]
fn interrupted_update_is_repaired_even_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let upstream = tmp.path().join("upstream");
    std::fs::create_dir_all(&upstream).unwrap();
    git(&upstream, &["init", "-q"], "2026-01-01T00:00:00Z");
    add_commit(
        &upstream,
        "RUSTSEC-2099-0001",
        "alpha",
        "2026-01-01T00:00:00Z",
    );
    let cache = tmp.path().join("cache");
    let path = sync_clone(&cache, &url(&upstream), false).unwrap();
    // Make FETCH_HEAD exist, as after any update.
    add_commit(
        &upstream,
        "RUSTSEC-2099-0002",
        "beta",
        "2026-01-02T00:00:00Z",
    );
    sync_clone(&cache, &url(&upstream), false).unwrap();

    // Simulate a run killed in the middle of `git reset --hard`.
    std::fs::write(path.join(".git/cratescope-sync-in-progress"), b"").unwrap();
    std::fs::remove_file(path.join("crates/beta/RUSTSEC-2099-0002.md")).unwrap();
    assert_eq!(
        AdvisoryDb::load(&path).unwrap().len(),
        1,
        "damage is visible"
    );

    let path = sync_clone(&cache, &url(&tmp.path().join("gone")), true).unwrap();
    assert_eq!(AdvisoryDb::load(&path).unwrap().len(), 2, "reset finished");
    assert!(!path.join(".git/cratescope-sync-in-progress").exists());
}

#[test]
fn failed_first_clone_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let err = sync_clone(&cache, &url(&tmp.path().join("missing")), false).unwrap_err();
    assert!(
        matches!(
            err,
            AdvisoryError::GitFailed {
                action: "clone",
                ..
            }
        ),
        "{err}"
    );
    assert!(!cache.join(CLONE_DIR_NAME).exists());
    assert!(leftovers(&cache).is_empty(), "{:?}", leftovers(&cache));
    // The chained source carries git's own explanation.
    let source = std::error::Error::source(&err)
        .map(|s| s.to_string())
        .unwrap_or_default();
    assert!(source.starts_with("git exited with"), "{source}");
}

#[test]
fn foreign_directory_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    std::fs::create_dir_all(cache.join(CLONE_DIR_NAME)).unwrap();
    std::fs::write(cache.join(CLONE_DIR_NAME).join("notes.txt"), b"mine").unwrap();
    let err = sync_clone(&cache, &url(&tmp.path().join("missing")), false).unwrap_err();
    assert!(matches!(err, AdvisoryError::Cache { .. }), "{err}");
    assert!(cache.join(CLONE_DIR_NAME).join("notes.txt").exists());
}
