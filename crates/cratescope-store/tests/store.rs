//! The store against both databases: SQLite in a temporary directory and
//! PostgreSQL (see `common/pg.rs` for how a server is found or started).
//! Evaluations are real: facts built here, scored by `cratescope_score::evaluate`.

mod common {
    pub mod pg;
}

use cratescope_model::{Evaluation, Facts};
use cratescope_model::{Release, Tier};
use cratescope_score::Model;
use cratescope_store::{Backend, SaveOptions, Store, input_digest};
use jiff::Timestamp;
use jiff::civil::{Date, date};

fn facts(name: &str, as_of: Date, releases: usize) -> Facts {
    let base = date(2020, 1, 1)
        .at(0, 0, 0, 0)
        .in_tz("UTC")
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let releases = (0..releases)
        .map(|i| Release {
            name: name.into(),
            cksum: String::new(),
            version: semver::Version::new(1, i as u64, 0),
            pubtime: base
                .checked_add(jiff::SignedDuration::from_hours(24 * 30 * i as i64))
                .ok(),
            yanked: false,
            rust_version: Some("1.70".into()),
            links: None,
            deps: Default::default(),
            features: Default::default(),
        })
        .collect::<Vec<_>>();
    let version = releases
        .last()
        .map(|r| r.version.clone())
        .unwrap_or(semver::Version::new(0, 1, 0));
    Facts {
        name: name.into(),
        version,
        as_of,
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
    }
}

fn evaluated(name: &str, as_of: Date, releases: usize) -> (Evaluation, Facts) {
    let f = facts(name, as_of, releases);
    (cratescope_score::evaluate(&f, &Model::embedded()), f)
}

fn at(day: Date) -> Timestamp {
    day.at(12, 0, 0, 0)
        .in_tz("UTC")
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn opts(day: Date) -> SaveOptions {
    SaveOptions {
        evaluated_at: at(day),
        backfill: false,
        run: None,
    }
}

async fn sqlite() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sub/dir/h.db").display());
    (Store::open(&url).await.unwrap(), dir)
}

async fn postgres() -> Store {
    let url = common::pg::fresh_database().await;
    let s = Store::open(&url).await.unwrap();
    assert_eq!(s.backend(), Backend::Postgres);
    s
}

async fn roundtrip_and_dedup(store: &Store) {
    let day = date(2026, 3, 31);
    let (eval, facts) = evaluated("alpha", day, 5);
    assert!(!eval.dimensions.is_empty());
    let first = store.save(&eval, &facts, opts(day)).await.unwrap();
    assert!(first.inserted);
    // Same inputs again: not stored twice.
    let again = store
        .save(&eval, &facts, opts(date(2026, 4, 1)))
        .await
        .unwrap();
    assert_eq!(
        again,
        cratescope_store::Saved {
            id: first.id,
            inserted: false
        }
    );
    assert_eq!(store.count().await.unwrap(), 1);
    // Exact re-render: the stored card equals the evaluated one.
    let back = store.evaluation(first.id).await.unwrap().unwrap();
    assert_eq!(back, eval);
    // Byte for byte: what a renderer would read is what was evaluated.
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        serde_json::to_string(&eval).unwrap()
    );
    assert!(store.evaluation(first.id + 1000).await.unwrap().is_none());
    // Different inputs (a later day): a second row.
    let (eval2, facts2) = evaluated("alpha", date(2026, 6, 30), 7);
    assert_ne!(
        input_digest(&facts, "1").unwrap(),
        input_digest(&facts2, "1").unwrap()
    );
    assert!(
        store
            .save(&eval2, &facts2, opts(date(2026, 6, 30)))
            .await
            .unwrap()
            .inserted
    );
    let h = store.history("alpha").await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].as_of, day);
    assert_eq!(h[1].as_of, date(2026, 6, 30));
    assert_eq!(h[0].evaluated_at, at(day));
    assert_eq!(h[0].composite, eval.composite);
    assert_eq!(h[0].tier, eval.tier);
    assert_eq!(h[0].version, eval.version);
    let dims: Vec<&str> = h[0].dimensions.iter().map(|d| d.id.as_str()).collect();
    let want: Vec<&str> = eval.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dims, want);
    for (d, w) in h[0].dimensions.iter().zip(&eval.dimensions) {
        assert_eq!(d.score, w.score);
        assert_eq!(d.confidence, w.confidence);
    }
    assert!(store.history("nope").await.unwrap().is_empty());
    assert_eq!(store.evaluations("alpha").await.unwrap(), vec![eval, eval2]);
    assert_eq!(
        store.stored_crates().await.unwrap(),
        vec!["alpha".to_string()]
    );
}

async fn tracking_and_runs(store: &Store) {
    let now = at(date(2026, 11, 25));
    let names = vec!["b".to_string(), "a".to_string(), "b".to_string()];
    assert_eq!(store.track(&names, now).await.unwrap(), 2);
    assert_eq!(store.track(&["a".to_string()], now).await.unwrap(), 0);
    assert_eq!(store.tracked().await.unwrap(), vec!["a", "b"]);
    assert_eq!(
        store
            .untrack(&["a".to_string(), "zz".to_string()])
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.tracked().await.unwrap(), vec!["b"]);

    let day = date(2026, 11, 25);
    let run = store.start_or_resume_run(day, now).await.unwrap();
    assert!(!run.resumed);
    let (eval, facts) = evaluated("b", day, 3);
    store
        .save(
            &eval,
            &facts,
            SaveOptions {
                run: Some(run.id),
                ..opts(day)
            },
        )
        .await
        .unwrap();
    store
        .record_failure(run.id, "c", "failed to read index entry for `c`", now)
        .await
        .unwrap();
    // Interrupted: the next start resumes and knows `b` is done, `c` is not.
    let again = store.start_or_resume_run(day, now).await.unwrap();
    assert!(again.resumed);
    assert_eq!(again.id, run.id);
    assert!(again.done.contains("b"));
    assert!(!again.done.contains("c"));
    // Another day never resumes this run.
    let other = store
        .start_or_resume_run(date(2026, 11, 26), now)
        .await
        .unwrap();
    assert_ne!(other.id, run.id);
    store.finish_run(run.id, now).await.unwrap();
    let fresh = store.start_or_resume_run(day, now).await.unwrap();
    assert!(!fresh.resumed);
    assert!(fresh.done.is_empty());
}

#[tokio::test]
async fn sqlite_roundtrip_and_dedup() {
    let (s, _d) = sqlite().await;
    assert_eq!(s.backend(), Backend::Sqlite);
    roundtrip_and_dedup(&s).await;
    assert_eq!(s.integrity_check().await.unwrap().as_deref(), Some("ok"));
}

#[tokio::test]
async fn postgres_roundtrip_and_dedup() {
    roundtrip_and_dedup(&postgres().await).await;
}

#[tokio::test]
async fn sqlite_tracking_and_runs() {
    let (s, _d) = sqlite().await;
    tracking_and_runs(&s).await;
}

#[tokio::test]
async fn postgres_tracking_and_runs() {
    tracking_and_runs(&postgres().await).await;
}

#[tokio::test]
async fn sqlite_reopens_and_uses_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let url = path.display().to_string();
    let s = Store::open(&url).await.unwrap();
    let (e, f) = evaluated("w", date(2025, 1, 1), 2);
    s.save(&e, &f, opts(date(2025, 1, 1))).await.unwrap();
    s.close().await;
    // The -wal file shows the journal mode; reopening migrates nothing twice.
    let s = Store::open(&format!("sqlite://{url}")).await.unwrap();
    assert_eq!(s.count().await.unwrap(), 1);
    assert!(dir.path().join("w.db-wal").exists() || dir.path().join("w.db").exists());
    assert_eq!(
        cratescope_store::sqlite_path(&url).as_deref(),
        Some(path.as_path())
    );
}

#[tokio::test]
async fn reader_runs_while_writer_writes() {
    let (s, _d) = sqlite().await;
    let writer = {
        let s = s.clone();
        tokio::spawn(async move {
            for i in 0..200u32 {
                let day = date(2020, 1, 1)
                    .checked_add(jiff::Span::new().days(i64::from(i)))
                    .unwrap();
                let (e, f) = evaluated("busy", day, 3);
                s.save(&e, &f, opts(day)).await.unwrap();
            }
        })
    };
    // A second, independent pool reads as a separate `history` process would.
    let url = format!("sqlite://{}", _d.path().join("sub/dir/h.db").display());
    let reader = Store::open(&url).await.unwrap();
    let mut last = 0;
    while !writer.is_finished() {
        let n = reader.history("busy").await.unwrap().len();
        assert!(n >= last, "history went backwards");
        last = n;
    }
    writer.await.unwrap();
    assert_eq!(reader.history("busy").await.unwrap().len(), 200);
}

#[tokio::test]
async fn rejects_unknown_scheme_and_redacts() {
    let err = Store::open("mysql://u:secret@h/db").await.unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("unsupported database url"), "{msg}");
    assert!(!msg.contains("secret"), "{msg}");
    assert_eq!(
        cratescope_store::redact("postgres://u:pw@h/db"),
        "postgres://u:***@h/db"
    );
}

#[test]
fn digest_is_canonical_and_model_sensitive() {
    let f = facts("d", date(2026, 1, 1), 2);
    let a = input_digest(&f, "1").unwrap();
    assert_eq!(a.len(), 64);
    assert_eq!(a, input_digest(&f.clone(), "1").unwrap());
    assert_ne!(a, input_digest(&f, "1+overrides").unwrap());
    let _ = Tier::Mature;
}
