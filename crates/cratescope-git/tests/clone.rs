//! Cloning and fetching with gitoxide against local repositories (`file://`
//! URLs and paths: GitHub is not reachable from the test machines).

mod common;

use common::{TestRepo, Who};
use cratescope_git::{
    CloneOptions, GitError, HistoryOptions, analyze_repository, clone_or_fetch_with,
};
use jiff::Timestamp;

const ALICE: Who<'static> = ("Alice", "alice@example.org");

fn source() -> TestRepo {
    let r = TestRepo::new();
    r.commit(ALICE, "2024-01-01T00:00:00Z", &[("a", "1\n")]);
    r.commit(ALICE, "2025-01-01T00:00:00Z", &[("a", "2\n")]);
    r.git(&["tag", "v1.0.0"]);
    r.commit(ALICE, "2026-01-01T00:00:00Z", &[("a", "3\n")]);
    r
}

fn opts(offline: bool, since: Option<&str>) -> CloneOptions {
    CloneOptions {
        offline,
        history_since: since.map(|s| s.parse().expect("valid timestamp")),
        address_check: None,
    }
}

fn analyze(path: &std::path::Path) -> cratescope_git::GitFacts {
    let mut o = HistoryOptions::new("2026-06-30T00:00:00Z".parse::<Timestamp>().unwrap(), "x");
    o.versions = vec!["1.0.0".into()];
    analyze_repository(path, &o).expect("analysis succeeds")
}

#[test]
fn clone_then_fetch_then_offline() {
    let src = source();
    let cache = tempfile::tempdir().unwrap();
    let url = format!("file://{}", src.path().display());

    let offline_miss = clone_or_fetch_with(&url, cache.path(), &opts(true, None)).unwrap_err();
    assert!(
        matches!(offline_miss, GitError::NotCached { .. }),
        "{offline_miss:?}"
    );

    let path = clone_or_fetch_with(&url, cache.path(), &opts(false, None)).expect("clone");
    assert!(path.starts_with(cache.path()));
    assert!(path.to_string_lossy().ends_with(".git"));
    // Bare: no checked-out files next to the git data.
    assert!(!path.join("a").exists());
    let f = analyze(&path);
    assert_eq!(f.total_commits, 3);
    assert_eq!(f.head, src.head());
    assert!(!f.shallow);
    assert_eq!(f.version_tags.len(), 1, "tags come with the clone");
    // No temporary directory is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());

    // New upstream work arrives with the next online call…
    src.commit(ALICE, "2026-03-01T00:00:00Z", &[("a", "4\n")]);
    let again = clone_or_fetch_with(&url, cache.path(), &opts(false, None)).expect("fetch");
    assert_eq!(again, path);
    assert_eq!(analyze(&again).total_commits, 4);
    assert_eq!(analyze(&again).head, src.head());

    // …but not offline, which reuses the cache as it is.
    src.commit(ALICE, "2026-04-01T00:00:00Z", &[("a", "5\n")]);
    let offline = clone_or_fetch_with(&url, cache.path(), &opts(true, None)).expect("cached");
    assert_eq!(analyze(&offline).total_commits, 4);
}

#[test]
fn date_shallow_clone_keeps_only_recent_history() {
    let src = source();
    let cache = tempfile::tempdir().unwrap();
    let url = format!("file://{}", src.path().display());
    let path = clone_or_fetch_with(
        &url,
        cache.path(),
        &opts(false, Some("2024-06-01T00:00:00Z")),
    )
    .expect("clone");
    let f = analyze(&path);
    assert!(f.shallow);
    assert_eq!(
        f.total_commits, 2,
        "the 2024-01-01 commit is beyond the cutoff"
    );
    assert_eq!(
        f.first_commit,
        Some("2025-01-01T00:00:00Z".parse().unwrap())
    );
}

#[test]
fn clone_failures_are_errors() {
    let cache = tempfile::tempdir().unwrap();
    let missing = cache.path().join("does-not-exist");
    let url = format!("file://{}", missing.display());
    let err = clone_or_fetch_with(&url, cache.path(), &opts(false, None)).unwrap_err();
    assert!(matches!(err, GitError::Clone { .. }), "{err:?}");
    assert!(err.to_string().starts_with("failed to clone `file://"));

    let err =
        clone_or_fetch_with("https://docs.rs/serde", cache.path(), &opts(false, None)).unwrap_err();
    assert!(matches!(err, GitError::UnsupportedUrl { .. }), "{err:?}");

    // Nothing half-made stays in the cache.
    let mut stack = vec![cache.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with(".tmp-"), "leftover {name}");
            if entry.path().is_dir() {
                stack.push(entry.path());
            }
        }
    }
}

#[test]
fn bare_clone_reads_mailmap_from_head() {
    let src = TestRepo::new();
    src.commit(
        ("Al", "al@old.example"),
        "2026-01-01T00:00:00Z",
        &[("a", "1\n")],
    );
    src.commit(
        ALICE,
        "2026-02-01T00:00:00Z",
        &[(".mailmap", "Alice <alice@example.org> <al@old.example>\n")],
    );
    let cache = tempfile::tempdir().unwrap();
    let path = clone_or_fetch_with(
        src.path().to_str().unwrap(),
        cache.path(),
        &opts(false, None),
    )
    .expect("clone");
    let f = analyze(&path);
    let authors: Vec<(&str, u32)> = f
        .authors_12m
        .iter()
        .map(|a| (a.name.as_str(), a.commits))
        .collect();
    assert_eq!(authors, vec![("Alice", 2)]);
}

/// Reaching GitHub needs the network; run with `cargo test -- --ignored`.
#[test]
#[ignore]
fn live_clone_itoa_from_github() {
    let cache = tempfile::tempdir().unwrap();
    let path =
        cratescope_git::clone_or_fetch("https://github.com/dtolnay/itoa", cache.path(), false)
            .expect("clone from github");
    let f = analyze_repository(&path, &HistoryOptions::new(Timestamp::now(), "itoa"))
        .expect("analysis");
    assert!(f.total_commits > 0);
}
