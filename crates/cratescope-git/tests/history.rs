//! End-to-end analysis of repositories built with known authors, dates,
//! merges, bots, a `.mailmap`, tags, CI/fuzz/policy files and a monorepo
//! layout. Every number is fixed by construction and cross-checked against
//! `git log` / `git shortlog`.

mod common;

use common::{TestRepo, Who};
use cratescope_git::{GitError, HistoryOptions, analyze_repository};
use jiff::Timestamp;

const ALICE: Who<'static> = ("Alice", "alice@example.org");
const BOB: Who<'static> = ("Bob", "bob@example.org");
const CAROL: Who<'static> = ("Carol", "carol@example.org");
const CAROL_OLD: Who<'static> = ("Carol Old", "carol@old.example");
const DEPENDABOT: Who<'static> = (
    "dependabot[bot]",
    "49699333+dependabot[bot]@users.noreply.github.com",
);

const AS_OF: &str = "2026-06-30T00:00:00Z";
/// as_of − 365 days and as_of − 90 days.
const YEAR_START: &str = "2025-06-30T00:00:00Z";
const RECENT_START: &str = "2026-04-01T00:00:00Z";

fn as_of() -> Timestamp {
    AS_OF.parse().expect("valid timestamp")
}

const FUZZ_MANIFEST: &str = r#"[package]
name = "mycrate-fuzz"
version = "0.0.0"
publish = false

[package.metadata]
cargo-fuzz = true

[dependencies]
libfuzzer-sys = "0.4"

[[bin]]
name = "parse"
path = "fuzz_targets/parse.rs"

[[bin]]
name = "roundtrip"
"#;

struct Built {
    repo: TestRepo,
    c1: String,
    c5: String,
    side: String,
}

/// The main scenario; see the comments for which window each commit is in.
fn build() -> Built {
    let r = TestRepo::new();
    // Before the 12-month window.
    r.commit(ALICE, "2024-01-10T10:00:00Z", &[("README.md", "hello\n")]);
    // In the 12-month window, outside 90 days.
    let c1 = r.commit(ALICE, "2025-08-01T10:00:00Z", &[
        (".mailmap", "Carol <carol@example.org> <carol@old.example>\n"),
        (".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    steps:\n      - run: cargo test\n      - run: cargo bench --no-run\n"),
    ]);
    r.git(&["tag", "v0.1.0"]);
    r.commit(BOB, "2025-09-01T10:00:00Z", &[
        (".github/workflows/bench.yml", "jobs:\n  b:\n    steps:\n      # run: cargo test\n      - run: cargo +nightly bench --workspace\n"),
        (".github/SECURITY.md", "report to security@example.org\n"),
    ]);
    // In the 90-day window.
    r.commit(
        ALICE,
        "2026-04-15T10:00:00Z",
        &[
            ("fuzz/Cargo.toml", FUZZ_MANIFEST),
            ("fuzz/fuzz_targets/parse.rs", "// target\n"),
        ],
    );
    r.git(&["tag", "-a", "-m", "release", "mycrate-v0.2.0"]);
    r.commit(
        DEPENDABOT,
        "2026-05-01T10:00:00Z",
        &[("Cargo.lock", "bump\n")],
    );
    // A feature branch by Carol under two identities, merged by Alice.
    r.git(&["checkout", "-q", "-b", "feature"]);
    let c5 = r.commit(CAROL, "2026-05-10T10:00:00Z", &[("src/a.rs", "a\n")]);
    r.commit(CAROL_OLD, "2026-05-12T10:00:00Z", &[("src/b.rs", "b\n")]);
    r.git(&["checkout", "-q", "main"]);
    r.merge(ALICE, "2026-05-20T10:00:00Z", "feature");
    r.commit(ALICE, "2026-06-01T10:00:00Z", &[("src/lib.rs", "lib\n")]);
    // An unmerged branch.
    r.git(&["checkout", "-q", "-b", "side"]);
    let side = r.commit(BOB, "2026-06-02T10:00:00Z", &[("side.txt", "side\n")]);
    r.git(&["checkout", "-q", "main"]);
    // After as_of: ignored by every count and by the file snapshot.
    r.commit(
        ALICE,
        "2026-07-15T10:00:00Z",
        &[
            (".github/workflows/late.yml", "run: cargo bench\n"),
            ("SECURITY.md", "late\n"),
        ],
    );
    Built {
        repo: r,
        c1,
        c5,
        side,
    }
}

#[test]
fn counts_authors_windows_and_files_exactly() {
    let b = build();
    let mut opts = HistoryOptions::new(as_of(), "mycrate");
    opts.versions = vec!["0.1.0".into(), "0.2.0".into(), "0.3.0".into()];
    opts.vcs_sha = Some(b.c5.clone());
    let f = analyze_repository(b.repo.path(), &opts).expect("analysis succeeds");

    // 12 months: c1 alice, bob, c3 alice, dependabot, carol ×2 (mailmap), c7 alice.
    let authors: Vec<(&str, &str, u32)> = f
        .authors_12m
        .iter()
        .map(|a| (a.name.as_str(), a.email.as_str(), a.commits))
        .collect();
    assert_eq!(
        authors,
        vec![
            ("Alice", "alice@example.org", 3),
            ("Carol", "carol@example.org", 2),
            ("Bob", "bob@example.org", 1),
        ]
    );
    assert_eq!(f.active_authors_12m, 3);
    assert_eq!(f.human_commits_12m, 6);
    assert_eq!(f.bot_commits_excluded, 1);
    assert_eq!(f.absence_factor_12m, Some(1));
    assert_eq!(f.commits_365d, 7);
    assert_eq!(f.commits_90d, 5);
    assert_eq!(f.human_commits_90d, 4);
    assert_eq!(f.total_commits, 8);
    assert_eq!(
        f.first_commit,
        Some("2024-01-10T10:00:00Z".parse().unwrap())
    );
    assert_eq!(f.last_commit, Some("2026-06-01T10:00:00Z".parse().unwrap()));
    assert!(!f.shared && !f.shallow);
    assert_eq!(f.last_path_commit, None);
    assert_eq!(f.head_ref.as_deref(), Some("refs/heads/main"));

    // Same numbers as git itself.
    let r = &b.repo;
    assert_eq!(f.commits_365d, r.git_log_count(YEAR_START, AS_OF, None));
    assert_eq!(f.commits_90d, r.git_log_count(RECENT_START, AS_OF, None));
    let shortlog = r.git_shortlog(YEAR_START, AS_OF, None);
    let humans: Vec<(u32, String)> = shortlog
        .into_iter()
        .filter(|(_, who)| !who.contains("[bot]"))
        .collect();
    let ours: Vec<(u32, String)> = f
        .authors_12m
        .iter()
        .map(|a| (a.commits, format!("{} <{}>", a.name, a.email)))
        .collect();
    assert_eq!(ours, humans);

    // Tags, in the caller's order.
    let tags: Vec<(&str, &str)> = f
        .version_tags
        .iter()
        .map(|t| (t.version.as_str(), t.tag.as_str()))
        .collect();
    assert_eq!(tags, vec![("0.1.0", "v0.1.0"), ("0.2.0", "mycrate-v0.2.0")]);
    assert_eq!((f.tagged_versions(), f.total_versions), (2, 3));

    assert_eq!(f.vcs_sha_in_history, Some(true));
    assert_eq!(f.vcs_sha_on_head, Some(true));

    // Files come from the last commit at or before as_of, not from HEAD.
    assert_eq!(
        f.ci_workflows,
        vec![".github/workflows/bench.yml", ".github/workflows/ci.yml"]
    );
    assert!(f.bench_ci);
    assert_eq!(
        f.bench_ci_evidence,
        vec![".github/workflows/bench.yml: - run: cargo +nightly bench --workspace"]
    );
    assert_eq!(
        f.fuzz_targets,
        vec![
            "fuzz/fuzz_targets/parse.rs",
            "fuzz/fuzz_targets/roundtrip.rs"
        ]
    );
    assert_eq!(f.security_policy.as_deref(), Some(".github/SECURITY.md"));
    assert_ne!(f.snapshot_commit.as_deref(), Some(f.head.as_str()));

    assert_eq!(
        f.authors_evidence(),
        "3 authors in the last 12 months; 1 of them made 50% of 6 commits (1 bot commits excluded)"
    );
    assert_eq!(
        f.activity_evidence(),
        "5 commits in the last 90 days, 7 in the last 365 days"
    );
    assert_eq!(
        f.tags_evidence(),
        "2 of 3 versions have a release tag (e.g. mycrate-v0.2.0)"
    );

    // The facts are plain data: they survive a JSON round trip.
    let json = serde_json::to_string(&f).expect("serialize");
    let back: cratescope_git::GitFacts = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, f);
    let _ = b.c1;
}

#[test]
fn later_as_of_sees_the_late_commit_and_unmerged_sha_is_off_head() {
    let b = build();
    let mut opts = HistoryOptions::new("2026-08-01T00:00:00Z".parse().unwrap(), "mycrate");
    opts.vcs_sha = Some(b.side.clone());
    let f = analyze_repository(b.repo.path(), &opts).expect("analysis succeeds");
    assert_eq!(f.vcs_sha_in_history, Some(true));
    assert_eq!(f.vcs_sha_on_head, Some(false));
    assert_eq!(f.snapshot_commit.as_deref(), Some(f.head.as_str()));
    assert_eq!(f.security_policy.as_deref(), Some("SECURITY.md"));
    assert_eq!(f.ci_workflows.len(), 3);
    assert_eq!(f.total_commits, 9);
    assert_eq!(
        f.commits_365d,
        b.repo
            .git_log_count("2025-08-01T00:00:00Z", "2026-08-01T00:00:00Z", None)
    );

    opts.vcs_sha = Some("0123456789abcdef0123456789abcdef01234567".into());
    let f = analyze_repository(b.repo.path(), &opts).expect("analysis succeeds");
    assert_eq!(
        (f.vcs_sha_in_history, f.vcs_sha_on_head),
        (Some(false), Some(false))
    );
    opts.vcs_sha = Some("not-a-sha".into());
    let f = analyze_repository(b.repo.path(), &opts).expect("analysis succeeds");
    assert_eq!(f.vcs_sha_in_history, Some(false));
    assert!(f.warnings.iter().any(|w| w.id == "git-vcs-sha-not-hex"
        && w.get("sha") == Some(&cratescope_model::Arg::code("not-a-sha"))));
}

#[test]
fn as_of_before_the_first_commit_gives_empty_windows() {
    let b = build();
    let opts = HistoryOptions::new("2020-01-01T00:00:00Z".parse().unwrap(), "mycrate");
    let f = analyze_repository(b.repo.path(), &opts).expect("analysis succeeds");
    assert_eq!(f.total_commits, 0);
    assert_eq!(f.active_authors_12m, 0);
    assert_eq!(f.absence_factor_12m, None);
    assert_eq!((f.first_commit, f.last_commit), (None, None));
    assert_eq!(f.snapshot_commit, None);
    assert!(f.ci_workflows.is_empty());
    assert_eq!(
        f.authors_evidence(),
        "no human commits in the last 12 months"
    );
}

#[test]
fn monorepo_counts_only_commits_touching_the_crate() {
    let r = TestRepo::new();
    r.commit(
        ALICE,
        "2025-01-01T00:00:00Z",
        &[("Cargo.toml", "[workspace]\n")],
    );
    r.commit(
        ALICE,
        "2025-09-01T00:00:00Z",
        &[("crates/a/src/lib.rs", "1\n")],
    );
    r.commit(
        BOB,
        "2025-10-01T00:00:00Z",
        &[("crates/b/src/lib.rs", "1\n")],
    );
    r.commit(
        BOB,
        "2026-05-01T00:00:00Z",
        &[
            ("crates/a/src/lib.rs", "2\n"),
            ("crates/b/src/lib.rs", "2\n"),
        ],
    );
    r.git(&["checkout", "-q", "-b", "topic"]);
    r.commit(
        CAROL,
        "2026-05-05T00:00:00Z",
        &[("crates/a/README.md", "a\n")],
    );
    r.git(&["checkout", "-q", "main"]);
    r.commit(ALICE, "2026-05-06T00:00:00Z", &[("README.md", "root\n")]);
    r.merge(ALICE, "2026-05-07T00:00:00Z", "topic");
    // Removing a file still touches the crate.
    r.git(&["rm", "-q", "crates/a/README.md"]);
    r.commit(BOB, "2026-06-10T00:00:00Z", &[]);
    r.commit(
        ALICE,
        "2026-06-20T00:00:00Z",
        &[
            ("crates/b/x", "x\n"),
            ("fuzz/Cargo.toml", "[package]\nname='f'\n"),
        ],
    );
    r.commit(
        ALICE,
        "2026-06-21T00:00:00Z",
        &[
            (
                "crates/a/fuzz/Cargo.toml",
                "[dependencies]\nlibfuzzer-sys = \"0.4\"\n",
            ),
            ("crates/a/fuzz/fuzz_targets/one.rs", "\n"),
        ],
    );

    let mut opts = HistoryOptions::new(as_of(), "a");
    opts.path_in_vcs = Some("crates/a/".into());
    let f = analyze_repository(r.path(), &opts).expect("analysis succeeds");
    assert!(f.shared);
    assert_eq!(f.path_in_vcs.as_deref(), Some("crates/a"));
    // Touching crates/a in 12 months: alice 09-01, bob 05-01, carol 05-05, bob 06-10, alice 06-21.
    assert_eq!(f.commits_365d, 5);
    assert_eq!(f.commits_90d, 4);
    assert_eq!(f.active_authors_12m, 3);
    assert_eq!(f.absence_factor_12m, Some(2));
    assert_eq!(f.total_commits, 9, "repository-wide");
    assert_eq!(
        f.last_path_commit,
        Some("2026-06-21T00:00:00Z".parse().unwrap())
    );
    assert_eq!(
        f.commits_365d,
        r.git_log_count(YEAR_START, AS_OF, Some("crates/a"))
    );
    assert_eq!(
        f.commits_90d,
        r.git_log_count(RECENT_START, AS_OF, Some("crates/a"))
    );
    let ours: Vec<(u32, String)> = f
        .authors_12m
        .iter()
        .map(|a| (a.commits, format!("{} <{}>", a.name, a.email)))
        .collect();
    assert_eq!(ours, r.git_shortlog(YEAR_START, AS_OF, Some("crates/a")));
    // The root fuzz dir is not a fuzz crate; the crate's own is.
    assert_eq!(f.fuzz_targets, vec!["crates/a/fuzz/fuzz_targets/one.rs"]);
    assert!(f.activity_evidence().contains("touching `crates/a`"));

    // A path that never existed: nothing touches it.
    opts.path_in_vcs = Some("crates/zzz".into());
    let f = analyze_repository(r.path(), &opts).expect("analysis succeeds");
    assert_eq!(
        (f.commits_365d, f.active_authors_12m, f.last_path_commit),
        (0, 0, None)
    );
}

#[test]
fn bad_inputs_are_clear_errors() {
    let not_repo = tempfile::tempdir().unwrap();
    let opts = HistoryOptions::new(as_of(), "x");
    let err = analyze_repository(not_repo.path(), &opts).unwrap_err();
    assert!(matches!(err, GitError::Open { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("failed to open git repository at")
    );

    let missing = not_repo.path().join("nope");
    assert!(matches!(
        analyze_repository(&missing, &opts),
        Err(GitError::Open { .. })
    ));

    let empty = TestRepo::new();
    let err = analyze_repository(empty.path(), &opts).unwrap_err();
    assert!(matches!(err, GitError::Empty { .. }), "{err:?}");
    assert!(err.to_string().ends_with("has no commits"));
}

#[test]
fn a_missing_object_is_an_error_not_a_panic() {
    let r = TestRepo::new();
    let first = r.commit(ALICE, "2026-01-01T00:00:00Z", &[("a", "1\n")]);
    r.commit(ALICE, "2026-02-01T00:00:00Z", &[("a", "2\n")]);
    // Loose objects live at .git/objects/xx/yyyy…; remove the parent commit.
    let obj = r
        .path()
        .join(".git/objects")
        .join(&first[..2])
        .join(&first[2..]);
    std::fs::remove_file(&obj).expect("loose object exists");
    let err = analyze_repository(r.path(), &HistoryOptions::new(as_of(), "x")).unwrap_err();
    match &err {
        GitError::Object { id, .. } => assert_eq!(id, &first),
        other => panic!("expected an object error, got {other:?}"),
    }
    assert!(
        std::error::Error::source(&err).is_some(),
        "cause is chained"
    );

    // Garbage instead of a zlib stream.
    let r = TestRepo::new();
    let first = r.commit(ALICE, "2026-01-01T00:00:00Z", &[("a", "1\n")]);
    r.commit(ALICE, "2026-02-01T00:00:00Z", &[("a", "2\n")]);
    let obj = r
        .path()
        .join(".git/objects")
        .join(&first[..2])
        .join(&first[2..]);
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::write(&obj, b"this is not a git object").unwrap();
    let err = analyze_repository(r.path(), &HistoryOptions::new(as_of(), "x")).unwrap_err();
    assert!(matches!(err, GitError::Object { .. }), "{err:?}");
}

#[test]
fn shallow_clone_is_marked_and_counts_what_is_there() {
    let b = build();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", b.repo.path().display());
    common::git_in(
        clone.path(),
        &["clone", "-q", "--depth", "3", &url, "shallow"],
        &[],
    );
    let path = clone.path().join("shallow");
    let f = analyze_repository(
        &path,
        &HistoryOptions::new("2026-08-01T00:00:00Z".parse().unwrap(), "mycrate"),
    )
    .expect("analysis succeeds");
    assert!(f.shallow);
    assert!(f.warnings.iter().any(|w| w.id == "git-shallow"));
    // Depth 3 from the late commit: late, c7, and the merge (a boundary, so a root).
    let out = common::git_in(&path, &["log", "--no-merges", "--format=%H", "HEAD"], &[]);
    assert_eq!(f.total_commits, out.lines().count() as u32);
    assert_eq!(f.total_commits, 3);
}

#[test]
fn the_crates_own_files_in_a_monorepo() {
    // Issue 13: benches, examples, changelog and policy from the crate's
    // directory; fuzzing and cargo-semver-checks in CI; the root changelog
    // only when the crate has none.
    let r = TestRepo::new();
    r.commit(
        ALICE,
        "2026-01-10T10:00:00Z",
        &[
            ("CHANGELOG.md", "# root\n"),
            ("crates/one/Cargo.toml", "[package]\nname = \"one\"\n"),
            ("crates/one/benches/speed.rs", "fn main() {}\n"),
            ("crates/one/benches/big/main.rs", "fn main() {}\n"),
            ("crates/one/benches/data.json", "{}\n"),
            ("crates/one/examples/demo.rs", "fn main() {}\n"),
            ("crates/one/RELEASES.md", "# one\n"),
            ("crates/one/SECURITY.md", "mail us\n"),
            ("crates/two/Cargo.toml", "[package]\nname = \"two\"\n"),
            (
                ".github/workflows/fuzz.yml",
                "jobs:\n  f:\n    steps:\n      - run: cargo install cargo-fuzz\n      - run: cargo +nightly fuzz run parse -- -max_total_time=60\n",
            ),
            (
                ".github/workflows/semver.yml",
                "jobs:\n  s:\n    steps:\n      # cargo semver-checks, commented\n      - uses: obi1kenobi/cargo-semver-checks-action@v2\n",
            ),
        ],
    );
    let mut opts = HistoryOptions::new(as_of(), "one");
    opts.path_in_vcs = Some("crates/one".into());
    let g = analyze_repository(r.path(), &opts).unwrap();
    assert_eq!(
        g.bench_files,
        vec![
            "crates/one/benches/big/main.rs",
            "crates/one/benches/speed.rs"
        ]
    );
    assert_eq!(g.example_files, vec!["crates/one/examples/demo.rs"]);
    assert_eq!(g.changelog.as_deref(), Some("crates/one/RELEASES.md"));
    assert_eq!(g.security_policy.as_deref(), Some("crates/one/SECURITY.md"));
    assert!(g.fuzz_ci);
    assert_eq!(
        g.fuzz_ci_evidence,
        vec![".github/workflows/fuzz.yml: - run: cargo install cargo-fuzz"]
    );
    assert!(g.semver_checks_ci);
    assert_eq!(
        g.semver_checks_ci_evidence,
        vec![".github/workflows/semver.yml: - uses: obi1kenobi/cargo-semver-checks-action@v2"]
    );
    // The other crate has no files of its own: the root changelog, nothing else.
    let mut opts = HistoryOptions::new(as_of(), "two");
    opts.path_in_vcs = Some("crates/two".into());
    let g = analyze_repository(r.path(), &opts).unwrap();
    assert!(g.bench_files.is_empty() && g.example_files.is_empty());
    assert_eq!(g.changelog.as_deref(), Some("CHANGELOG.md"));
    assert_eq!(g.security_policy, None);
}
