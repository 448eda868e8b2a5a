//! A newer dump applied to the previous table: only what changed is
//! written, and the result holds exactly what a fresh import of the newer
//! dump holds (every crate row, publisher login, array and meta value but
//! the import time).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use common::{TOP, World, files, small_world, write_tar_gz};
use cratescope_dump::{Applied, ImportOptions, Silent, ensure_imported};
use jiff::civil::date;
use sqlx::Row;

/// Dump B: dump A a day later. A new crate that depends on `core`, a new
/// release of `core` by a new publisher, `mid`'s latest release yanked,
/// `tool` deleted (with its version and dependency rows), the oldest day of
/// downloads gone and a new day added, a new owner on `app`.
fn a_day_later(a: &World) -> World {
    let mut b = a.clone();
    b.krate(8, "newcomer", "2026-11-24 10:00:00")
        .version(80, 8, "0.1.0", "2026-11-24 10:00:00")
        .dep(80, 1, 0)
        .version(13, 1, "2.1.0", "2026-11-24 12:00:00")
        .published_by(13, 5)
        .user(5, "bea")
        .yank(21);
    b.owners.push((8, 5, 0));
    b.owners.push((3, 5, 0));
    b.crates.retain(|c| c.id != 4);
    b.versions.retain(|v| v.id != 40);
    b.deps.retain(|d| d.version_id != 40);
    b.owners.retain(|o| o.0 != 4);
    let oldest = date(2026, 11, 24)
        .checked_sub(jiff::Span::new().days(89))
        .unwrap()
        .to_string();
    b.downloads.retain(|d| d.1 != oldest);
    b.downloads.push((13, "2026-11-25".into(), 500));
    b.downloads.push((80, "2026-11-25".into(), 7));
    b.crate_downloads.push((8, 7));
    b
}

/// Apply the newer dump to the previous table (not the default).
const APPLY: ImportOptions = ImportOptions {
    force: false,
    apply: true,
    max_table_pages: None,
};

const TOP_B: &str = "2026-11-25-020027";

fn dump_b(dir: &Path, a: &World) -> std::path::PathBuf {
    let mut f = files(&a_day_later(a));
    f.insert(
        "metadata.json".into(),
        br#"{"timestamp":"2026-11-25T02:00:27.5Z","crates_io_commit":"57fa0007"}"#.to_vec(),
    );
    let p = dir.join("b.tar.gz");
    write_tar_gz(&p, TOP_B, &f);
    p
}

fn world_a() -> World {
    let mut a = small_world();
    a.published_by(10, 1).published_by(11, 1).user(2, "cy");
    a.published_by(20, 2);
    a
}

/// Everything a table holds, as text, but the import time.
async fn contents(table: &Path) -> BTreeMap<String, String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", table.display()))
        .await
        .unwrap();
    let mut out = BTreeMap::new();
    for (what, sql) in [
        (
            "meta",
            "SELECT key, value FROM meta WHERE key <> 'imported_at'",
        ),
        (
            "crates",
            "SELECT key, json_array(idx, name, created_at, downloads_total, downloads_90d, \
             downloads_recent_45d, downloads_prev_45d, dependents, dependents_runtime, \
             dependent_owners, indirect_dependents, owner_users, owner_teams, categories, \
             keywords, publishing) FROM crates",
        ),
        ("users", "SELECT CAST(id AS TEXT), login FROM users"),
        ("blobs", "SELECT name, hex(data) FROM blobs"),
    ] {
        for r in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
            let k: String = r.get(0);
            let v: String = r.get(1);
            out.insert(format!("{what}/{k}"), v);
        }
    }
    pool.close().await;
    out
}

#[tokio::test]
async fn a_newer_dump_applied_equals_a_fresh_import_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = world_a();
    let archive_a = dir.path().join("a.tar.gz");
    write_tar_gz(&archive_a, TOP, &files(&a));
    let archive_b = dump_b(dir.path(), &a);

    let applied_path = dir.path().join("applied.sqlite");
    let first = ensure_imported(
        &archive_a,
        &applied_path,
        &ImportOptions::default(),
        Arc::new(Silent),
    )
    .await
    .unwrap();
    assert!(first.imported_now);
    assert_eq!(first.applied, None, "nothing to apply to: written whole");
    first.table.close().await;

    let e = ensure_imported(&archive_b, &applied_path, &APPLY, Arc::new(Silent))
        .await
        .unwrap();
    assert!(e.import_failed.is_none(), "{:?}", e.import_failed);
    let applied = e.applied.expect("applied to the previous table");
    // 7 crates in B; `newcomer` new, `tool` gone. `core` (a release, a
    // dependent, downloads), `mid` (its release yanked), `app` (an owner)
    // and `fresh` (downloads) changed; the crates after `tool` moved up.
    assert_eq!(applied.inserted, 1, "{applied:?}");
    assert_eq!(applied.deleted, 1, "{applied:?}");
    assert!(applied.updated >= 4, "{applied:?}");
    assert!(
        applied.moved >= 1,
        "gone and top_level only moved: {applied:?}"
    );
    assert_eq!(
        applied.unchanged + applied.updated + applied.moved + applied.inserted,
        7,
        "{applied:?}"
    );
    assert!(applied.arrays_rewritten > 0, "{applied:?}");
    assert!(applied.arrays_kept > 0, "category names did not change");
    assert_eq!(applied.users_changed, 1, "bea published: {applied:?}");
    e.table.close().await;

    let fresh_path = dir.path().join("fresh.sqlite");
    let fresh = ensure_imported(
        &archive_b,
        &fresh_path,
        &ImportOptions::default(),
        Arc::new(Silent),
    )
    .await
    .unwrap();
    assert_eq!(fresh.applied, None);
    fresh.table.close().await;

    let (got, want) = (contents(&applied_path).await, contents(&fresh_path).await);
    assert!(want.contains_key("crates/newcomer"));
    assert!(!want.contains_key("crates/tool"));
    for k in want.keys().chain(got.keys()) {
        assert_eq!(got.get(k), want.get(k), "{k} differs");
    }

    // And through the API: the figures a user reads.
    let t = cratescope_dump::DumpTable::open(&applied_path)
        .await
        .unwrap();
    let today = date(2026, 11, 26);
    let core = t.facts("core", today).await.unwrap().unwrap();
    assert_eq!(core.dump_date, Some(date(2026, 11, 25)));
    assert!(t.facts("tool", today).await.unwrap().is_none());
    let newcomer = t.facts("newcomer", today).await.unwrap().unwrap();
    assert_eq!(newcomer.downloads_90d, Some(7));
    let p = t.publishing("core").await.unwrap().unwrap();
    assert_eq!(p.versions.last().and_then(|v| v.by.as_deref()), Some("bea"));
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".tmp-"))
    );
}

#[tokio::test]
async fn the_same_dump_applied_again_changes_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("a.tar.gz");
    write_tar_gz(&archive, TOP, &files(&world_a()));
    let table = dir.path().join("t.sqlite");
    let opts = ImportOptions::default();
    ensure_imported(&archive, &table, &opts, Arc::new(Silent))
        .await
        .unwrap()
        .table
        .close()
        .await;
    let forced = ImportOptions {
        force: true,
        ..APPLY
    };
    let e = ensure_imported(&archive, &table, &forced, Arc::new(Silent))
        .await
        .unwrap();
    assert_eq!(
        e.applied,
        Some(Applied {
            unchanged: 7,
            arrays_kept: e.applied.unwrap().arrays_kept,
            ..Applied::default()
        })
    );
    assert!(e.applied.unwrap().arrays_kept > 10);
}

/// A hostile newer dump leaves the previous table in use, untouched.
#[tokio::test]
async fn a_bad_newer_dump_leaves_the_previous_table() {
    let dir = tempfile::tempdir().unwrap();
    let a = world_a();
    let archive = dir.path().join("a.tar.gz");
    write_tar_gz(&archive, TOP, &files(&a));
    let table = dir.path().join("t.sqlite");
    let opts = ImportOptions::default();
    ensure_imported(&archive, &table, &opts, Arc::new(Silent))
        .await
        .unwrap()
        .table
        .close()
        .await;
    let before = std::fs::read(&table).unwrap();
    let opts = APPLY;
    let mut f = files(&a_day_later(&a));
    // A dependency row on a crate id no crate has.
    let deps = f.get_mut("data/dependencies.csv").unwrap();
    deps.extend_from_slice(b"999,t,,{},99,0,f,^1,,80\n");
    let bad = dir.path().join("bad.tar.gz");
    write_tar_gz(&bad, TOP, &f);
    let e = ensure_imported(&bad, &table, &opts, Arc::new(Silent))
        .await
        .unwrap();
    assert!(e.import_failed.is_some());
    assert_eq!(e.applied, None);
    assert_eq!(std::fs::read(&table).unwrap(), before);
}
