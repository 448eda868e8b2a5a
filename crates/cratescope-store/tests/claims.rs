//! Shared `update` runs and verified state, against SQLite and PostgreSQL:
//! claims (one per crate, leases that expire, failures retried only by a
//! later invocation), one open run per day, quarantine of unreadable rows,
//! a damaged SQLite file refused on open, a refused PostgreSQL connection
//! reported at once with its cause.

mod common {
    pub mod pg;
}

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use cratescope_model::{Evaluation, Facts, Release};
use cratescope_score::Model;
use cratescope_store::{SaveOptions, Store, StoreError, WorkerId};
use jiff::Timestamp;
use jiff::civil::{Date, date};

const DAY: Date = date(2026, 11, 25);

fn evaluated(name: &str, releases: u64) -> (Evaluation, Facts) {
    let releases: Vec<Release> = (0..releases)
        .map(|i| Release {
            name: name.into(),
            cksum: String::new(),
            version: semver::Version::new(1, i, 0),
            pubtime: Timestamp::from_second(1_600_000_000 + 86_400 * 30 * i as i64).ok(),
            yanked: false,
            rust_version: None,
            links: None,
            deps: Default::default(),
            features: Default::default(),
        })
        .collect();
    let f = Facts {
        name: name.into(),
        version: releases.last().unwrap().version.clone(),
        as_of: DAY,
        releases,
        yanks_unknown: false,
        package: None,
        dependency_latest: None,
        transitive_deps: None,
        git: None,
        advisories: None,
        crates_io: None,
        github: None,
        docs_rs: None,
        dump: None,
        sources: Vec::new(),
    };
    (cratescope_score::evaluate(&f, &Model::embedded()), f)
}

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(1_780_000_000_000 + ms).unwrap()
}

fn w(s: &str) -> WorkerId {
    WorkerId(format!("test-host:{s}"))
}

async fn sqlite() -> (Store, tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("c.db").display());
    (Store::open(&url).await.unwrap(), dir, url)
}

async fn postgres() -> (Store, String) {
    let url = common::pg::fresh_database().await;
    (Store::open(&url).await.unwrap(), url)
}

const LEASE: Duration = Duration::from_secs(60);

async fn claims_share_a_run(store: &Store) {
    let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    store.track(&names, t(0)).await.unwrap();
    let run = store.join_run(DAY, t(0)).await.unwrap();
    assert!(!run.resumed);
    // A second invocation joins the same run: one open run per day.
    let joined = store.join_run(DAY, t(10)).await.unwrap();
    assert_eq!(joined.id, run.id);
    assert!(joined.resumed);
    assert_eq!(store.open_runs().await.unwrap().len(), 1);
    let s = store.run_status(run.id).await.unwrap();
    assert_eq!((s.pending, s.total()), (3, 3));

    // Two workers claim distinct crates.
    let x = store
        .claim_next(run.id, &w("1:1"), t(100), LEASE, t(0))
        .await
        .unwrap()
        .unwrap();
    let y = store
        .claim_next(run.id, &w("2:2"), t(100), LEASE, t(10))
        .await
        .unwrap()
        .unwrap();
    assert_ne!(x, y);
    assert_eq!(
        store.claim_holders(run.id).await.unwrap(),
        vec![w("1:1"), w("2:2")]
    );
    // Worker 1 saves its crate; worker 2 fails its crate.
    let (e, f) = evaluated(&x, 3);
    store
        .save(
            &e,
            &f,
            SaveOptions {
                evaluated_at: t(200),
                backfill: false,
                run: Some(run.id),
            },
        )
        .await
        .unwrap();
    store
        .record_failure(run.id, &y, "index unreachable", t(300))
        .await
        .unwrap();
    // Worker 2 holds nothing now: renewing fails.
    assert!(
        !store
            .renew_claim(run.id, &y, &w("2:2"), t(310))
            .await
            .unwrap()
    );
    // Worker 1 takes the last crate; then nothing is claimable for either
    // running invocation: the failure happened after both started.
    let z = store
        .claim_next(run.id, &w("1:1"), t(400), LEASE, t(0))
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .renew_claim(run.id, &z, &w("1:1"), t(450))
            .await
            .unwrap()
    );
    for (who, started) in [("1:1", t(0)), ("2:2", t(10))] {
        assert_eq!(
            store
                .claim_next(run.id, &w(who), t(500), LEASE, started)
                .await
                .unwrap(),
            None
        );
    }
    // Worker 1 is killed. Before the lease runs out its claim is respected;
    // after, another worker takes it over (counted as a second attempt).
    let renewed = t(450);
    let just_before = renewed
        .checked_add(LEASE - Duration::from_millis(1))
        .unwrap();
    assert_eq!(
        store
            .claim_next(run.id, &w("3:3"), just_before, LEASE, t(1_000))
            .await
            .unwrap()
            .as_deref(),
        Some(y.as_str()),
        "a later invocation retries the failure first"
    );
    assert_eq!(
        store
            .claim_next(run.id, &w("3:3"), just_before, LEASE, t(1_000))
            .await
            .unwrap(),
        None
    );
    let after = renewed
        .checked_add(LEASE + Duration::from_millis(1))
        .unwrap();
    assert_eq!(
        store
            .claim_next(run.id, &w("3:3"), after, LEASE, t(1_000))
            .await
            .unwrap()
            .as_deref(),
        Some(z.as_str())
    );
    // The run finishes only when every crate is done.
    assert!(
        !store
            .finish_run_if_complete(run.id, t(2_000))
            .await
            .unwrap()
    );
    for n in [&y, &z] {
        let (e, f) = evaluated(n, 2);
        store
            .save(
                &e,
                &f,
                SaveOptions {
                    evaluated_at: t(2_000),
                    backfill: false,
                    run: Some(run.id),
                },
            )
            .await
            .unwrap();
    }
    assert!(
        store
            .finish_run_if_complete(run.id, t(3_000))
            .await
            .unwrap()
    );
    let attempts: BTreeMap<String, i64> = store
        .run_attempts(run.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(n, s, a)| {
            assert_eq!(s, "done");
            (n, a)
        })
        .collect();
    assert_eq!(attempts[&x], 1);
    assert_eq!(attempts[&y], 2);
    assert_eq!(attempts[&z], 2);
    // The next join opens a new run.
    let next = store.join_run(DAY, t(4_000)).await.unwrap();
    assert_ne!(next.id, run.id);
    assert!(!next.resumed);
}

#[tokio::test]
async fn sqlite_claims_share_a_run() {
    let (s, _d, _) = sqlite().await;
    claims_share_a_run(&s).await;
}

#[tokio::test]
async fn postgres_claims_share_a_run() {
    let (s, _) = postgres().await;
    claims_share_a_run(&s).await;
}

/// Many claimers at once, each with its own pool (as separate processes):
/// every crate is claimed exactly once.
async fn concurrent_claims_never_overlap(url: &str) {
    const CRATES: usize = 60;
    const CLAIMERS: usize = 8;
    let store = Store::open(url).await.unwrap();
    let names: Vec<String> = (0..CRATES).map(|i| format!("c{i:02}")).collect();
    store.track(&names, t(0)).await.unwrap();
    let run = store.join_run(DAY, t(0)).await.unwrap();
    let mut tasks = Vec::new();
    for k in 0..CLAIMERS {
        let url = url.to_string();
        tasks.push(tokio::spawn(async move {
            let s = Store::open(&url).await.unwrap();
            let me = w(&format!("{k}:{k}"));
            let mut got = Vec::new();
            while let Some(n) = s
                .claim_next(run.id, &me, Timestamp::now(), LEASE, Timestamp::now())
                .await
                .unwrap()
            {
                got.push(n);
            }
            s.close().await;
            got
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    assert_eq!(all.len(), CRATES, "{all:?}");
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), CRATES);
    assert!(
        store
            .run_attempts(run.id)
            .await
            .unwrap()
            .iter()
            .all(|(_, s, a)| s == "claimed" && *a == 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_concurrent_claims_never_overlap() {
    let (s, _d, url) = sqlite().await;
    s.close().await;
    concurrent_claims_never_overlap(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_claims_never_overlap() {
    let (s, url) = postgres().await;
    s.close().await;
    concurrent_claims_never_overlap(&url).await;
}

/// Untracking a crate drops its unfinished row: the run can finish.
async fn untracked_rows_leave_the_run(store: &Store) {
    let names = vec!["keep".to_string(), "drop".to_string()];
    store.track(&names, t(0)).await.unwrap();
    let run = store.join_run(DAY, t(0)).await.unwrap();
    store.untrack(&["drop".to_string()]).await.unwrap();
    let again = store.join_run(DAY, t(1)).await.unwrap();
    assert_eq!(again.id, run.id);
    assert_eq!(store.run_status(run.id).await.unwrap().total(), 1);
}

#[tokio::test]
async fn sqlite_untracked_rows_leave_the_run() {
    let (s, _d, _) = sqlite().await;
    untracked_rows_leave_the_run(&s).await;
}

#[tokio::test]
async fn postgres_untracked_rows_leave_the_run() {
    let (s, _) = postgres().await;
    untracked_rows_leave_the_run(&s).await;
}

/// One malformed row per kind: each is quarantined once with its reason,
/// the crate's other rows still read, and a second read is quiet.
async fn bad_rows_are_quarantined(store: &Store, url: &str) {
    let mut ids = Vec::new();
    for i in 0..4 {
        let (mut e, f) = evaluated("q", 2 + i);
        // One stored evaluation per crate and day: four days, four rows.
        e.as_of = e
            .as_of
            .checked_add(jiff::Span::new().days(i as i64))
            .unwrap();
        ids.push(
            store
                .save(
                    &e,
                    &f,
                    SaveOptions {
                        evaluated_at: t(i as i64 * 1000),
                        backfill: false,
                        run: None,
                    },
                )
                .await
                .unwrap()
                .id,
        );
    }
    // Damage rows behind the store's back, as an edit or a bug would.
    let damage = [
        format!(
            "UPDATE evaluations SET tier = 'legendary' WHERE id = {}",
            ids[0]
        ),
        format!(
            "UPDATE evaluations SET as_of = '2026-13-45' WHERE id = {}",
            ids[1]
        ),
        format!(
            "UPDATE evaluations SET evaluation_json = '{{not json' WHERE id = {}",
            ids[2]
        ),
    ];
    raw_exec(url, &damage).await;
    let h = store.history("q").await.unwrap();
    // The bad JSON row still reads in `history` (it has no JSON there).
    assert_eq!(
        h.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![ids[2], ids[3]]
    );
    let q = store.take_quarantined();
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(
        q.iter()
            .any(|x| x.evaluation_id == ids[0] && x.reason.contains("unknown tier `legendary`"))
    );
    assert!(
        q.iter()
            .any(|x| x.evaluation_id == ids[1] && x.reason.contains("bad as_of `2026-13-45`"))
    );
    let cards = store.evaluations("q").await.unwrap();
    assert_eq!(cards.len(), 1);
    let q = store.take_quarantined();
    assert_eq!(q.len(), 1);
    assert!(q[0].reason.contains("bad evaluation JSON"), "{q:?}");
    // Told once: nothing new on the next reads.
    assert_eq!(store.history("q").await.unwrap().len(), 1);
    assert!(store.take_quarantined().is_empty());
    assert_eq!(store.quarantine_count().await.unwrap(), 3);
    let latest = store.latest("q").await.unwrap().unwrap();
    assert_eq!(latest.0, ids[3]);
    let v = store.verify().await.unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.rows_checked, 1);
    assert_eq!(v.quarantine_total, 3);
}

async fn raw_exec(url: &str, sql: &[String]) {
    use sqlx::{Connection, Executor};
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        for s in sql {
            c.execute(sqlx::AssertSqlSafe(s.clone())).await.unwrap();
        }
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        for s in sql {
            c.execute(sqlx::AssertSqlSafe(s.clone())).await.unwrap();
        }
    }
}

#[tokio::test]
async fn sqlite_bad_rows_are_quarantined() {
    let (s, _d, url) = sqlite().await;
    bad_rows_are_quarantined(&s, &url).await;
}

#[tokio::test]
async fn postgres_bad_rows_are_quarantined() {
    let (s, url) = postgres().await;
    bad_rows_are_quarantined(&s, &url).await;
}

/// 8 KiB of garbage written into the middle of a SQLite file: the next open
/// refuses it with an error naming the file.
#[tokio::test]
async fn garbage_inside_the_sqlite_file_is_refused_on_open() {
    let (s, dir, url) = sqlite().await;
    for i in 0..300u64 {
        let (e, f) = evaluated(&format!("g{i}"), 2 + i % 7);
        s.save(
            &e,
            &f,
            SaveOptions {
                evaluated_at: t(0),
                backfill: false,
                run: None,
            },
        )
        .await
        .unwrap();
    }
    assert_eq!(
        s.verify().await.unwrap().integrity,
        Some(vec!["ok".to_string()])
    );
    s.close().await;
    let path = dir.path().join("c.db");
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 64 * 1024, "{} bytes", bytes.len());
    let at = bytes.len() / 2;
    // Deterministic garbage (a linear congruential sequence).
    let mut x: u32 = 0x1234_5678;
    for b in &mut bytes[at..at + 8192] {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = (x >> 24) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&url).await.unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("is damaged"), "{msg}");
}

/// A file that is not a database at all.
#[tokio::test]
async fn a_file_that_is_not_a_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "x".repeat(16 * 1024)).unwrap();
    let err = Store::open(&path.display().to_string()).await.unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(msg.contains("notes.txt"), "{msg}");
}

/// A refused PostgreSQL connection: at once, with the cause.
#[tokio::test]
async fn refused_postgres_connection_fails_fast_with_the_cause() {
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let err = Store::open(&format!("postgres://u:secret@127.0.0.1:{port}/db"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    let mut chain = err.to_string();
    let mut src = std::error::Error::source(&err);
    while let Some(c) = src {
        chain.push_str(&format!(": {c}"));
        src = c.source();
    }
    assert!(took <= cratescope_store::CONNECT_TIMEOUT, "{took:?}");
    assert!(chain.to_lowercase().contains("refused"), "{chain}");
    assert!(!chain.contains("secret"), "{chain}");
    assert!(!chain.contains("pool timed out"), "{chain}");
}
