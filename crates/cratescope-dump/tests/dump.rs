//! The dump source end to end on dumps written in the exact layout: import
//! (tar.gz and zip), lookup, past dates, re-import only on change, and
//! hostile dumps that must fail with the file and line named while the
//! previous import stays in use and nothing half-written is left behind.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{TOP, World, files, small_world, write_tar_gz, write_zip};
use cratescope_dump::{DumpError, DumpTable, Ensured, ImportOptions, Silent, ensure_imported};
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 11, 25);

async fn import(archive: &Path, table: &Path) -> Result<Ensured, DumpError> {
    ensure_imported(archive, table, &ImportOptions::default(), Arc::new(Silent)).await
}

fn tar_of(dir: &Path, name: &str, files: &BTreeMap<String, Vec<u8>>) -> PathBuf {
    let p = dir.join(name);
    write_tar_gz(&p, TOP, files);
    p
}

/// Files left in the table's directory other than the table itself.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

async fn check_small_world(table: &DumpTable) {
    let core = table.facts("core", TODAY).await.unwrap().unwrap();
    assert_eq!(core.dump_date, Some(date(2026, 11, 24)));
    // mid (normal+build), app (dev), tool (dev), fresh (normal); gone's only
    // version is yanked.
    assert_eq!(core.dependents, Some(4));
    assert_eq!(core.dependents_runtime, Some(2));
    // mid ← app ← Top-Level, fresh: 4 in the closure, 2 of them direct.
    assert_eq!(core.indirect_dependents, Some(2));
    // Owners of mid (user 1) and fresh (user 4).
    assert_eq!(core.dependent_owners, Some(2));
    assert_eq!(core.owner_users, Some(2));
    assert_eq!(core.owner_teams, Some(1));
    assert_eq!(core.downloads_90d, Some(45 * 30 + 45 * 10));
    assert_eq!(core.downloads_total, Some(5_000_000));
    assert_eq!(core.growth, Some(3.0));
    let per_month = core.downloads_per_month.unwrap();
    assert!((per_month - 1800.0 / 90.0 * (365.25 / 12.0)).abs() < 1e-9);
    assert_eq!(core.categories, vec!["encoding", "parsing"]);
    assert_eq!(core.keywords, vec!["fast"]);
    assert_eq!(
        core.created_at,
        Some("2020-01-01T00:00:00Z".parse().unwrap())
    );
    assert!(core.not_reconstructed.is_empty());

    let mid = table.facts("mid", TODAY).await.unwrap().unwrap();
    assert_eq!(
        (
            mid.dependents,
            mid.indirect_dependents,
            mid.dependent_owners
        ),
        (Some(1), Some(1), Some(1))
    );
    // Names are looked up as crates.io does: case and -/_ do not matter.
    let top = table.facts("top_level", TODAY).await.unwrap().unwrap();
    assert_eq!(top.dependents, Some(0));
    assert_eq!(top.downloads_90d, Some(0));
    // No crate_downloads row: 0, the file was there.
    assert_eq!(top.downloads_total, Some(0));
    // Younger than the 90 days: no growth.
    let fresh = table.facts("fresh", TODAY).await.unwrap().unwrap();
    assert_eq!(fresh.downloads_90d, Some(90));
    assert_eq!(fresh.growth, None);
    assert!(table.facts("nope", TODAY).await.unwrap().is_none());
}

#[tokio::test]
async fn imports_a_tar_gz_in_the_real_layout() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_of(dir.path(), "db-dump.tar.gz", &files(&small_world()));
    let table_path = dir.path().join("table.sqlite");
    let e = import(&archive, &table_path).await.unwrap();
    assert!(e.imported_now);
    assert!(e.import_failed.is_none());
    let info = e.table.info();
    assert_eq!(info.crates, 7);
    assert_eq!(info.versions, 10);
    assert_eq!(info.dependency_rows, 9);
    assert_eq!(info.crates_io_commit.as_deref(), Some("57fa0006"));
    assert!(
        info.notes
            .iter()
            .any(|n| n.contains("1 rows outside the 90 days")),
        "{:?}",
        info.notes
    );
    check_small_world(&e.table).await;
    assert!(leftovers(dir.path()).is_empty());
}

/// Who published what and since when owners own a crate: what the audit's
/// supply-chain checks read (issue 24).
#[tokio::test]
async fn publishers_owners_and_popular_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = small_world();
    w.user(2, "bob").user(4, "mallory");
    w.published_by(10, 1)
        .published_by(11, 2)
        .published_by(12, 4);
    w.owner_added
        .insert((1, 2), "2026-02-20 10:00:00".to_string());
    let archive = tar_of(dir.path(), "db-dump.tar.gz", &files(&w));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    let p = e.table.publishing("core").await.unwrap().unwrap();
    let by: Vec<(String, Option<String>)> = p
        .versions
        .iter()
        .map(|v| (v.num.to_string(), v.by.clone()))
        .collect();
    assert_eq!(
        by,
        [
            ("1.0.0".to_string(), Some("ann".to_string())),
            ("2.0.0".to_string(), Some("bob".to_string())),
            ("2.1.0-beta.1".to_string(), Some("mallory".to_string())),
        ]
    );
    // No publishing user recorded: unknown, never anonymous.
    let mid = e.table.publishing("mid").await.unwrap().unwrap();
    assert!(mid.versions.iter().all(|v| v.by.is_none()));
    let owners: Vec<(String, bool, Option<String>)> = p
        .owners
        .iter()
        .map(|o| (o.login.clone(), o.team, o.since.map(|t| t.to_string())))
        .collect();
    assert!(owners.contains(&("bob".into(), false, Some("2026-02-20T10:00:00Z".into()))));
    assert!(owners.contains(&(
        "github:example:core".into(),
        true,
        Some("2020-01-01T00:00:00Z".into())
    )));
    assert_eq!(e.table.publishing("nonesuch").await.unwrap(), None);
    // Names by dependents: core has 4, mid 1.
    let popular = e.table.popular(2).await.unwrap();
    assert_eq!(popular, [("core".to_string(), 4)]);
}

#[tokio::test]
async fn imports_the_zip_form_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("db-dump.zip");
    write_zip(&archive, &files(&small_world()));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    check_small_world(&e.table).await;
}

#[tokio::test]
async fn a_past_day_reconstructs_dependents_and_says_what_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&small_world()));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    // Mid-2023: mid 0.1.0 (normal), app (dev) and tool (dev) depend on core;
    // app depends on mid at runtime, so one indirect dependent.
    let core = e
        .table
        .facts("core", date(2023, 6, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(core.dependents, Some(3));
    assert_eq!(core.dependents_runtime, Some(1));
    assert_eq!(core.indirect_dependents, Some(1));
    assert_eq!(core.downloads_90d, None);
    assert_eq!(core.downloads_total, None);
    assert_eq!(core.dependent_owners, None);
    assert_eq!(core.owner_users, None);
    assert!(
        core.not_reconstructed
            .iter()
            .any(|n| n.starts_with("downloads:")),
        "{:?}",
        core.not_reconstructed
    );
    assert!(
        core.not_reconstructed
            .iter()
            .any(|n| n.starts_with("yanks:"))
    );
    // End of 2024: Top-Level (2024-07) depends on app.
    let core = e
        .table
        .facts("core", date(2024, 12, 31))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (core.dependents, core.indirect_dependents),
        (Some(3), Some(2))
    );
    // Before anything depended on it.
    let core = e
        .table
        .facts("core", date(2020, 6, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(core.dependents, Some(0));
    // Two days before the dump is still "now".
    let core = e
        .table
        .facts("core", date(2026, 11, 22))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(core.dependents, Some(4));
    assert!(core.not_reconstructed.is_empty());
}

#[tokio::test]
async fn reimports_only_when_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&small_world()));
    let table = dir.path().join("t.sqlite");
    assert!(import(&archive, &table).await.unwrap().imported_now);
    assert!(!import(&archive, &table).await.unwrap().imported_now);
    // A new dump at the same path: one more dependent of core.
    let mut w = small_world();
    w.krate(8, "newcomer", "2026-11-20 00:00:00")
        .version(80, 8, "1.0.0", "2026-11-20 00:00:00")
        .dep(80, 1, 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_tar_gz(&archive, TOP, &files(&w));
    let e = import(&archive, &table).await.unwrap();
    assert!(e.imported_now);
    let core = e.table.facts("core", TODAY).await.unwrap().unwrap();
    assert_eq!(core.dependents, Some(5));
}

/// One dump, both halves of the table: the publishing records the audit
/// reads and the ecosystem's arrays, from the same versions rows (the
/// `published_by` and `rust_version` columns sit side by side).
#[tokio::test]
async fn publishers_and_rust_versions_from_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = small_world();
    w.user(2, "bob");
    w.published_by(11, 2).rust_version(11, Some("1.81"));
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&w));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    let p = e.table.publishing("core").await.unwrap().unwrap();
    let by: Vec<(String, Option<String>)> = p
        .versions
        .iter()
        .map(|v| (v.num.to_string(), v.by.clone()))
        .collect();
    assert_eq!(
        by,
        [
            ("1.0.0".to_string(), None),
            ("2.0.0".to_string(), Some("bob".to_string())),
            ("2.1.0-beta.1".to_string(), None),
        ]
    );
    let eco = e.table.ecosystem().await.unwrap();
    let core = eco.find("core").unwrap();
    let rust: Vec<Option<String>> = eco
        .versions(core)
        .map(|v| eco.rust_version(v).map(|r| r.to_string()))
        .collect();
    assert_eq!(
        rust,
        [
            Some("1.70".into()),
            Some("1.81".into()),
            Some("1.70".into())
        ]
    );
}

/// A table of an earlier layout (format "2" was written with either half
/// of today's columns) is imported again, never read.
#[tokio::test]
async fn a_table_of_an_earlier_format_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&small_world()));
    let table = dir.path().join("t.sqlite");
    let e = import(&archive, &table).await.unwrap();
    assert!(e.imported_now);
    drop(e);
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&table)
            .connect()
            .await
            .unwrap();
        sqlx::query("UPDATE meta SET value = '2' WHERE key = 'format'")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert!(DumpTable::open(&table).await.is_err());
    let e = import(&archive, &table).await.unwrap();
    assert!(e.imported_now);
    check_small_world(&e.table).await;
}

/// Imports `good`, then `bad` over the same table: the error must match,
/// the good table stays in use, and no temporary file is left.
async fn rejected(bad: &Path, dir: &Path) -> DumpError {
    let good = tar_of(dir, "good.tar.gz", &files(&small_world()));
    let table = dir.join("table.sqlite");
    import(&good, &table).await.unwrap();
    // Without a previous table the error comes back as is.
    let fresh = dir.join("fresh.sqlite");
    let err = import(bad, &fresh).await.unwrap_err();
    assert!(!fresh.exists(), "a failed import left a table behind");
    // With one, the previous table is used and the error reported beside it.
    let e = import(bad, &table).await.unwrap();
    assert!(!e.imported_now);
    let kept = e.import_failed.expect("the failure is reported");
    assert_eq!(kept.to_string(), err.to_string());
    check_small_world(&e.table).await;
    assert!(leftovers(dir).is_empty(), "{:?}", leftovers(dir));
    err
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(&format!(": {c}"));
        src = c.source();
    }
    s
}

#[tokio::test]
async fn a_truncated_download_names_the_file_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let full = tar_of(dir.path(), "full.tar.gz", &files(&small_world()));
    let bytes = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.tar.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let err = rejected(&cut, dir.path()).await;
    let text = chain(&err);
    assert!(matches!(err, DumpError::Read { .. }), "{text}");
    assert!(text.contains("cut.tar.gz"), "{text}");
}

#[tokio::test]
async fn corrupt_compressed_bytes_are_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let full = tar_of(dir.path(), "full.tar.gz", &files(&small_world()));
    let mut bytes = std::fs::read(&full).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let bad = dir.path().join("corrupt.tar.gz");
    std::fs::write(&bad, &bytes).unwrap();
    let err = rejected(&bad, dir.path()).await;
    assert!(chain(&err).contains("corrupt.tar.gz"), "{}", chain(&err));
}

#[tokio::test]
async fn a_file_that_is_not_a_dump() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "hello").unwrap();
    let err = rejected(&bad, dir.path()).await;
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a crates.io database dump: neither a .tar.gz nor a .zip file",
            bad.display()
        )
    );
}

#[tokio::test]
async fn a_tar_without_the_dated_top_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("flat.tar.gz");
    write_tar_gz(&p, "dump", &files(&small_world()));
    let err = rejected(&p, dir.path()).await;
    assert!(matches!(err, DumpError::Layout { .. }), "{err}");
    assert!(err.to_string().contains("YYYY-MM-DD-HHMMSS"), "{err}");
}

#[tokio::test]
async fn a_dump_without_crates_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    f.remove("data/crates.csv");
    let p = tar_of(dir.path(), "nocrates.tar.gz", &f);
    let err = rejected(&p, dir.path()).await;
    assert!(err.to_string().ends_with("no `data/crates.csv`"), "{err}");
}

fn edit(f: &mut BTreeMap<String, Vec<u8>>, file: &str, change: impl Fn(String) -> String) {
    let text = String::from_utf8(f[file].clone()).unwrap();
    f.insert(file.into(), change(text).into_bytes());
}

#[tokio::test]
async fn a_missing_column_names_the_file_and_the_header_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    edit(&mut f, "data/dependencies.csv", |t| {
        t.replacen("crate_id,", "target_crate,", 1)
    });
    let p = tar_of(dir.path(), "cols.tar.gz", &f);
    let err = rejected(&p, dir.path()).await;
    let text = err.to_string();
    assert!(
        text.contains("`data/dependencies.csv` line 1: missing column `crate_id`"),
        "{text}"
    );
}

#[tokio::test]
async fn unknown_columns_are_noted_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    // A column crates.io might add one day, in alphabetical place.
    edit(&mut f, "data/crate_downloads.csv", |t| {
        let mut out = String::new();
        for (i, line) in t.lines().enumerate() {
            let (a, b) = line.split_once(',').unwrap();
            if i == 0 {
                out.push_str(&format!("{a},{b},extra_column\n"));
            } else {
                out.push_str(&format!("{a},{b},\"x,y\"\n"));
            }
        }
        out
    });
    let p = tar_of(dir.path(), "extra.tar.gz", &f);
    let e = import(&p, &dir.path().join("t.sqlite")).await.unwrap();
    assert!(
        e.table
            .info()
            .notes
            .iter()
            .any(|n| n == "`data/crate_downloads.csv`: unknown column ignored: extra_column"),
        "{:?}",
        e.table.info().notes
    );
    check_small_world(&e.table).await;
}

#[tokio::test]
async fn a_dependency_on_a_crate_not_in_crates_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut w: World = small_world();
    w.dep(30, 999, 0);
    let p = tar_of(dir.path(), "dangling.tar.gz", &files(&w));
    let err = rejected(&p, dir.path()).await;
    // Header, nine rows, then the tenth row.
    assert!(
        err.to_string()
            .ends_with("`data/dependencies.csv` line 11: crate id 999 is not in `data/crates.csv`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_bad_boolean_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    edit(&mut f, "data/versions.csv", |t| {
        // Line 3 is the second version; its yanked flag is the 4th field from the end.
        let mut lines: Vec<String> = t.lines().map(str::to_owned).collect();
        let mut fields: Vec<String> = lines[2].split(',').map(str::to_owned).collect();
        let n = fields.len();
        fields[n - 3] = "yes".into();
        lines[2] = fields.join(",");
        lines.join("\n") + "\n"
    });
    let p = tar_of(dir.path(), "bool.tar.gz", &f);
    let err = rejected(&p, dir.path()).await;
    assert!(
        err.to_string()
            .ends_with("`data/versions.csv` line 3: `yanked` is not a boolean (t or f): `yes`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_row_with_too_few_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    edit(&mut f, "data/crate_owners.csv", |t| t + "1,2\n");
    let p = tar_of(dir.path(), "short.tar.gz", &f);
    let err = rejected(&p, dir.path()).await;
    assert!(
        err.to_string()
            .ends_with("`data/crate_owners.csv` line 9: 2 fields where the header has 5"),
        "{err}"
    );
}

#[tokio::test]
async fn a_metadata_json_from_another_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = files(&small_world());
    f.insert(
        "metadata.json".into(),
        br#"{"timestamp":"2025-01-01T00:00:00Z","crates_io_commit":"x"}"#.to_vec(),
    );
    let p = tar_of(dir.path(), "meta.tar.gz", &f);
    let err = rejected(&p, dir.path()).await;
    assert!(err.to_string().contains("`metadata.json` line 1"), "{err}");
}

#[tokio::test]
async fn a_disk_that_fills_during_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&small_world()));
    let table = dir.path().join("table.sqlite");
    import(&archive, &table).await.unwrap();
    let before = std::fs::read(&table).unwrap();
    // Room for the schema and little else: SQLite reports a full disk.
    let opts = ImportOptions {
        force: true,
        max_table_pages: Some(4),
        ..ImportOptions::default()
    };
    let e = ensure_imported(&archive, &table, &opts, Arc::new(Silent))
        .await
        .unwrap();
    let err = e.import_failed.expect("the full disk is reported");
    let text = chain(&err);
    assert!(matches!(err, DumpError::Table { .. }), "{text}");
    assert!(text.contains("full"), "{text}");
    assert_eq!(
        std::fs::read(&table).unwrap(),
        before,
        "the old table changed"
    );
    check_small_world(&e.table).await;
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[tokio::test]
async fn the_ecosystem_in_memory_agrees_with_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = small_world();
    // A requirement, a platform target and a missing rust_version to read back.
    w.dep_req(21, 7, 0, ">=0.1, <0.3").rust_version(21, None);
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&w));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    let eco = e.table.ecosystem().await.unwrap();
    assert_eq!(eco.len(), 7);
    // Every crate, today and on past days, as the per-crate lookup says.
    for day in [
        TODAY,
        date(2026, 11, 22),
        date(2024, 12, 31),
        date(2023, 6, 30),
    ] {
        for name in ["core", "mid", "app", "tool", "gone", "Top-Level", "fresh"] {
            let c = eco.find(name).unwrap();
            let mut from_memory = eco.facts(c, day);
            let from_table = e.table.facts(name, day).await.unwrap().unwrap();
            if day < date(2026, 8, 26) {
                assert_eq!(from_memory.downloads_90d, None, "{name} {day}");
            }
            // The table keeps no window for past days; the memory keeps one
            // when the dump's days cover it (none of these days but today's).
            from_memory.not_reconstructed.sort();
            let mut t = from_table.clone();
            t.not_reconstructed.sort();
            assert_eq!(from_memory, t, "{name} on {day}");
        }
    }
    // Versions in publish order, with their numbers, yanks and rust versions.
    let core = eco.find("core").unwrap();
    let nums: Vec<String> = eco
        .versions(core)
        .map(|v| eco.version(v).to_string())
        .collect();
    assert_eq!(nums, ["1.0.0", "2.0.0", "2.1.0-beta.1"]);
    let gone = eco.find("gone").unwrap();
    assert!(eco.versions(gone).all(|v| eco.yanked(v)));
    let mid = eco.find("mid").unwrap();
    let mid2 = eco.versions(mid).last().unwrap();
    assert_eq!(eco.rust_version(mid2), None);
    assert_eq!(
        eco.rust_version(eco.versions(mid).next().unwrap()),
        Some("1.70")
    );
    // mid 0.2.0: core normal, core build (cfg(unix) on every third row), fresh.
    let rows: Vec<(String, String, bool, Option<String>)> = eco
        .deps(mid2)
        .map(|r| {
            (
                eco.name(eco.dep_target(r)).to_string(),
                eco.dep_req(r).to_string(),
                eco.dep_kind(r) == cratescope_dump::DepKind::Dev,
                eco.dep_cfg(r).map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("core".into(), "^1.0".into(), false, None),
            ("core".into(), "^1.0".into(), false, None),
            (
                "fresh".into(),
                ">=0.1, <0.3".into(),
                false,
                Some("cfg(unix)".into())
            ),
        ]
    );
    assert!(eco.dep_req_parsed(eco.deps(mid2).last().unwrap()).is_some());
    // Labels and owners.
    let cats: Vec<&str> = eco
        .categories_of(core)
        .iter()
        .map(|&k| eco.category(k).0)
        .collect();
    assert_eq!(cats, ["encoding", "parsing"]);
    assert_eq!(
        eco.category(eco.find_category("parsing").unwrap()).1,
        "parsing"
    );
    assert_eq!(eco.keyword(eco.keywords_of(core)[0]), "fast");
    assert_eq!(eco.owners(core).len(), 3);
    // The window: 30 a day in the recent 45 days, 10 before.
    let w90 = eco.window_downloads(core, date(2026, 11, 24), 90).unwrap();
    assert_eq!((w90.recent, w90.previous), (45 * 30, 45 * 10));
    let w30 = eco.window_downloads(core, date(2026, 11, 24), 30).unwrap();
    assert_eq!((w30.recent, w30.previous), (15 * 30, 15 * 30));
    assert_eq!(eco.window_downloads(core, date(2026, 11, 24), 91), None);
    assert_eq!(eco.window_downloads(core, date(2026, 11, 25), 10), None);
    // Dependent owners now (mid: user 1; fresh: user 4) and in mid-2023 (mid: user 1).
    let now = "2026-11-24T23:59:59Z"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_second();
    let then = "2023-06-30T23:59:59Z"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_second();
    assert_eq!(eco.dependent_owners_at(core, now), (2, Some(2)));
    assert_eq!(eco.dependent_owners_at(core, then), (1, Some(1)));
}

#[tokio::test]
async fn hostile_rows_are_counted_not_fatal_when_they_can_be() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = small_world();
    // A twin of `core` by crates.io's rules, a download count no version
    // ever had, and a dependency cycle (core ← mid ← core).
    w.krate(9, "CORE", "2024-01-01 00:00:00")
        .version(90, 9, "0.1.0", "2024-01-01 00:00:00")
        .dep(10, 2, 0);
    w.downloads.push((20, "2026-11-20".into(), 99_999_999_999));
    let archive = tar_of(dir.path(), "d.tar.gz", &files(&w));
    let e = import(&archive, &dir.path().join("t.sqlite"))
        .await
        .unwrap();
    let notes = &e.table.info().notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 crates named like an earlier one")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 rows above 4294967295 downloads a day clamped")),
        "{notes:?}"
    );
    // The first keeps the name, in the table and in memory.
    let core = e.table.facts("core", TODAY).await.unwrap().unwrap();
    assert_eq!(
        core.created_at,
        Some("2020-01-01T00:00:00Z".parse().unwrap())
    );
    let eco = e.table.ecosystem().await.unwrap();
    assert_eq!(eco.name(eco.find("Core").unwrap()), "core");
    assert_eq!(eco.len(), 8);
    let mid = eco.find("mid").unwrap();
    assert_eq!(
        eco.window_downloads(mid, date(2026, 11, 24), 90)
            .unwrap()
            .total(),
        u64::from(u32::MAX)
    );
}
