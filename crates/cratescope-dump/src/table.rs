//! The compact local table: one SQLite file holding one row of figures per
//! crate (keyed by crates.io's canonical name), the dump's identity, and the
//! arrays that answer past dates.
//!
//! Why SQLite (measured in `benches/import.rs`, figures in the crate docs):
//! a lookup is one primary-key read (well under a millisecond) without
//! loading the table; the file is written once, to a temporary name, and
//! renamed into place, so a reader sees the old table or the new one and
//! never half of one; a full disk surfaces as SQLite's "database or disk is
//! full" on the temporary file, which is then removed; and the file can be
//! inspected with any SQLite tool. The arrays for past dates (tens of MB)
//! are blobs, read only when a past date is asked.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row};
use tokio::sync::OnceCell;

use crate::SourceIdentity;
use crate::eco::{EcoArrays, Ecosystem, Present, i64_bytes, i64s, u32_bytes, u32s};
use crate::error::DumpError;
use crate::graph::PastGraph;
use crate::import::{CrateRow, Imported};

/// Bumped whenever the table's layout or meaning changes: an older table
/// is then re-imported rather than misread. Format 3 holds both lines of
/// format 2 (which two branches bumped independently, so a "2" table may
/// lack either half): the ecosystem's arrays (releases, rust_version,
/// requirement and platform texts, daily downloads, category names) and
/// the publishing records (publishers, owner logins, owner-added dates,
/// trusted-publishing-only). Format 4 adds each crate's candidate
/// successors (same repository, an owner in common, created later).
pub const TABLE_FORMAT: &str = "4";
/// Rows per INSERT: 18 columns × 1 000 stays under SQLite's 32 766
/// parameters per statement.
const INSERT_CHUNK: usize = 1_000;

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// crates.io's canonical form of a name: names that differ only in case or
/// in `-` versus `_` are the same crate.
pub fn canonical_name(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

fn table_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(sqlx::Error) -> DumpError + use<'a> {
    move |source| DumpError::Table {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `imported` to `dest` atomically: a temporary file beside it,
/// renamed over it only once complete. With `base` (the previous table, of
/// this format) the temporary file starts as a copy of it and only what
/// changed is written ([`Applied`] says what); without, it is written
/// whole. `max_pages` caps the file (SQLite's `max_page_count`), which is
/// how tests make the disk "fill".
pub(crate) async fn write(
    imported: &Imported,
    identity: &SourceIdentity,
    dest: &Path,
    max_pages: Option<u32>,
    base: Option<&Path>,
) -> Result<Option<Applied>, DumpError> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| DumpError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = match base {
        Some(base) => match std::fs::copy(base, &tmp) {
            Ok(_) => apply_to(imported, identity, &tmp, max_pages)
                .await
                .map(Some),
            Err(source) => Err(DumpError::Write {
                path: tmp.clone(),
                source,
            }),
        },
        None => write_to(imported, identity, &tmp, max_pages)
            .await
            .map(|()| None),
    };
    let result = result.and_then(|applied| {
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&tmp, dest))
            .map(|()| applied)
            .map_err(|source| DumpError::Write {
                path: dest.to_path_buf(),
                source,
            })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut p = tmp.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    result
}

/// One connection to the private file a table is written in (`create`: a
/// fresh file, else the copy of the previous table): renamed into place
/// when complete, so no journal is needed; `max_pages` bounds its size.
/// The pool is closed by the caller.
async fn open_private(
    tmp: &Path,
    create: bool,
    max_pages: Option<u32>,
) -> Result<sqlx::SqlitePool, DumpError> {
    let err = |action| table_err(action, tmp);
    let opts = SqliteConnectOptions::new()
        .filename(tmp)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(err(if create { "create" } else { "open" }))?;
    if let Some(pages) = max_pages {
        let limited = sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {pages}"
        )))
        .execute(&pool)
        .await;
        if let Err(e) = limited {
            pool.close().await;
            return Err(err("write")(e));
        }
    }
    Ok(pool)
}

async fn write_to(
    imported: &Imported,
    identity: &SourceIdentity,
    tmp: &Path,
    max_pages: Option<u32>,
) -> Result<(), DumpError> {
    let err = |action| table_err(action, tmp);
    let pool = open_private(tmp, true, max_pages).await?;
    let outcome = async {
        let mut tx = pool.begin().await.map_err(err("write"))?;
        for ddl in [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE crates (
                key TEXT PRIMARY KEY,
                idx INTEGER NOT NULL,
                name TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                downloads_total INTEGER,
                downloads_90d INTEGER,
                downloads_recent_45d INTEGER,
                downloads_prev_45d INTEGER,
                dependents INTEGER NOT NULL,
                dependents_runtime INTEGER NOT NULL,
                dependent_owners INTEGER,
                indirect_dependents INTEGER NOT NULL,
                owner_users INTEGER,
                owner_teams INTEGER,
                categories TEXT NOT NULL,
                keywords TEXT NOT NULL,
                publishing TEXT,
                successors TEXT
            ) WITHOUT ROWID",
            "CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL)",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT NOT NULL)",
        ] {
            sqlx::query(ddl)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }
        let meta = meta_rows(imported, identity);
        let mut q = QueryBuilder::new("INSERT INTO meta (key, value) ");
        q.push_values(meta, |mut b, (k, v)| {
            b.push_bind(k).push_bind(v);
        });
        q.build().execute(&mut *tx).await.map_err(err("write"))?;

        let rows = db_rows(imported);
        for chunk in rows.chunks(INSERT_CHUNK) {
            insert_rows(&mut tx, chunk).await.map_err(err("write"))?;
        }
        for chunk in imported.logins.chunks(INSERT_CHUNK) {
            let mut q = QueryBuilder::new("INSERT INTO users (id, login) ");
            q.push_values(chunk, |mut b, (id, login)| {
                b.push_bind(i64::from(*id)).push_bind(login.clone());
            });
            q.build().execute(&mut *tx).await.map_err(err("write"))?;
        }
        let blobs = all_blobs(imported);
        for (name, data) in blobs {
            sqlx::query("INSERT INTO blobs (name, data) VALUES (?, ?)")
                .bind(name)
                .bind(data)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }
        tx.commit().await.map_err(err("write"))?;
        Ok(())
    }
    .await;
    pool.close().await;
    outcome
}

/// The `meta` rows of a table holding `imported`, read from `identity`.
fn meta_rows(imported: &Imported, identity: &SourceIdentity) -> Vec<(&'static str, String)> {
    vec![
        ("format", TABLE_FORMAT.to_owned()),
        ("dump_time", imported.dump_time.to_string()),
        (
            "crates_io_commit",
            imported.commit.clone().unwrap_or_default(),
        ),
        ("source_size", identity.size.to_string()),
        ("source_mtime_ns", identity.mtime_ns.to_string()),
        ("source_head_sha256", identity.head_sha256.clone()),
        ("source_path", identity.path.display().to_string()),
        (
            "imported_at",
            jiff::Timestamp::now().as_second().to_string(),
        ),
        ("crates", imported.crates.len().to_string()),
        ("versions", imported.versions.to_string()),
        ("dependency_rows", imported.dependency_rows.to_string()),
        ("download_rows", imported.download_rows.to_string()),
        (
            "notes",
            serde_json::to_string(&imported.notes).unwrap_or_else(|_| "[]".into()),
        ),
    ]
}

/// Every array of the table, by blob name.
fn all_blobs(imported: &Imported) -> Vec<(&'static str, Vec<u8>)> {
    let p = &imported.past;
    let mut blobs = vec![
        ("offsets", u32_bytes(&p.offsets)),
        ("rows", u32_bytes(&p.rows)),
        ("ver_crate", u32_bytes(&p.ver_crate)),
        ("from", i64_bytes(&p.from)),
        ("until", i64_bytes(&p.until)),
    ];
    blobs.extend(imported.eco.blobs());
    blobs
}

/// One row of the `crates` table exactly as stored: what an incremental
/// apply compares, column for column, with the row already there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DbRow {
    key: String,
    idx: i64,
    name: String,
    created_at: i64,
    downloads_total: Option<i64>,
    downloads_90d: Option<i64>,
    downloads_recent_45d: Option<i64>,
    downloads_prev_45d: Option<i64>,
    dependents: i64,
    dependents_runtime: i64,
    dependent_owners: Option<i64>,
    indirect_dependents: i64,
    owner_users: Option<i64>,
    owner_teams: Option<i64>,
    categories: String,
    keywords: String,
    publishing: Option<String>,
    successors: Option<String>,
}

const CRATE_COLUMNS: &str = "key, idx, name, created_at, downloads_total, downloads_90d, \
     downloads_recent_45d, downloads_prev_45d, dependents, dependents_runtime, \
     dependent_owners, indirect_dependents, owner_users, owner_teams, categories, keywords, \
     publishing, successors";

/// The `crates` rows of `imported`, in crate order.
fn db_rows(imported: &Imported) -> Vec<DbRow> {
    // Names that differ only in case or `-`/`_` are one crate on
    // crates.io; a dump that has two keeps the first under the name,
    // the other under a key no lookup produces (its figures still
    // count in the ecosystem's arrays).
    let mut seen = std::collections::HashSet::new();
    let opt = |v: Option<u64>| v.map(|v| i64::try_from(v).unwrap_or(i64::MAX));
    let num = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    imported
        .crates
        .iter()
        .enumerate()
        .map(|(i, c): (usize, &CrateRow)| {
            let key = canonical_name(&c.name);
            let key = if seen.insert(key.clone()) {
                key
            } else {
                format!("{key}\u{0}{i}")
            };
            DbRow {
                key,
                idx: i as i64,
                name: c.name.clone(),
                created_at: c.created_at,
                downloads_total: opt(c.downloads_total),
                downloads_90d: opt(c.downloads_90d),
                downloads_recent_45d: opt(c.downloads_recent_45d),
                downloads_prev_45d: opt(c.downloads_prev_45d),
                dependents: num(c.dependents),
                dependents_runtime: num(c.dependents_runtime),
                dependent_owners: opt(c.dependent_owners),
                indirect_dependents: num(c.indirect_dependents),
                owner_users: opt(c.owner_users),
                owner_teams: opt(c.owner_teams),
                categories: serde_json::to_string(&c.categories).unwrap_or_else(|_| "[]".into()),
                keywords: serde_json::to_string(&c.keywords).unwrap_or_else(|_| "[]".into()),
                publishing: imported
                    .publishing
                    .get(i)
                    .and_then(Option::as_ref)
                    .and_then(|p| serde_json::to_string(p).ok()),
                successors: (!c.successors.is_empty())
                    .then(|| serde_json::to_string(&c.successors).ok())
                    .flatten(),
            }
        })
        .collect()
}

/// Inserts (or, for an existing key, replaces) `rows`.
async fn insert_rows(tx: &mut sqlx::SqliteConnection, rows: &[DbRow]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::new(format!("INSERT OR REPLACE INTO crates ({CRATE_COLUMNS}) "));
    q.push_values(rows, |mut b, r| {
        b.push_bind(r.key.clone())
            .push_bind(r.idx)
            .push_bind(r.name.clone())
            .push_bind(r.created_at)
            .push_bind(r.downloads_total)
            .push_bind(r.downloads_90d)
            .push_bind(r.downloads_recent_45d)
            .push_bind(r.downloads_prev_45d)
            .push_bind(r.dependents)
            .push_bind(r.dependents_runtime)
            .push_bind(r.dependent_owners)
            .push_bind(r.indirect_dependents)
            .push_bind(r.owner_users)
            .push_bind(r.owner_teams)
            .push_bind(r.categories.clone())
            .push_bind(r.keywords.clone())
            .push_bind(r.publishing.clone())
            .push_bind(r.successors.clone());
    });
    q.build().execute(&mut *tx).await?;
    Ok(())
}

/// What an incremental apply changed in the previous table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Crate rows left as they were.
    pub unchanged: u64,
    /// Crate rows rewritten (a figure, owner, version or label changed).
    pub updated: u64,
    /// Crate rows whose only change is their position (a crate before
    /// them was deleted): the position alone is rewritten.
    pub moved: u64,
    /// Crates new in this dump.
    pub inserted: u64,
    /// Crates no longer in the dump (deleted on crates.io).
    pub deleted: u64,
    /// Arrays (releases, dependencies, daily downloads, past dates)
    /// rewritten because their contents changed.
    pub arrays_rewritten: u64,
    /// Arrays left as they were.
    pub arrays_kept: u64,
    /// Publisher logins added, changed or removed.
    pub users_changed: u64,
}

/// Applies `imported` to a copy of the previous table at `tmp` (already
/// copied there): only crate rows that differ are written, new crates
/// inserted, crates gone from the dump deleted, arrays rewritten only when
/// their bytes differ. The result holds exactly what a fresh write of
/// `imported` holds (`tests/incremental.rs` compares them).
async fn apply_to(
    imported: &Imported,
    identity: &SourceIdentity,
    tmp: &Path,
    max_pages: Option<u32>,
) -> Result<Applied, DumpError> {
    let err = |action| table_err(action, tmp);
    let pool = open_private(tmp, false, max_pages).await?;
    let outcome = async {
        let mut tx = pool.begin().await.map_err(err("write"))?;
        let format: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'format'")
                .fetch_optional(&mut *tx)
                .await
                .map_err(err("read"))?;
        if format.as_deref() != Some(TABLE_FORMAT) {
            return Err(DumpError::BadTable {
                path: tmp.to_path_buf(),
                problem: "written by another version of cratescope".into(),
            });
        }
        let mut applied = Applied::default();
        let old_rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CRATE_COLUMNS} FROM crates"
        )))
        .fetch_all(&mut *tx)
        .await
        .map_err(err("read"))?;
        let mut old: std::collections::HashMap<String, DbRow> =
            std::collections::HashMap::with_capacity(old_rows.len());
        for r in &old_rows {
            let row = DbRow {
                key: r.try_get(0).map_err(err("read"))?,
                idx: r.try_get(1).map_err(err("read"))?,
                name: r.try_get(2).map_err(err("read"))?,
                created_at: r.try_get(3).map_err(err("read"))?,
                downloads_total: r.try_get(4).map_err(err("read"))?,
                downloads_90d: r.try_get(5).map_err(err("read"))?,
                downloads_recent_45d: r.try_get(6).map_err(err("read"))?,
                downloads_prev_45d: r.try_get(7).map_err(err("read"))?,
                dependents: r.try_get(8).map_err(err("read"))?,
                dependents_runtime: r.try_get(9).map_err(err("read"))?,
                dependent_owners: r.try_get(10).map_err(err("read"))?,
                indirect_dependents: r.try_get(11).map_err(err("read"))?,
                owner_users: r.try_get(12).map_err(err("read"))?,
                owner_teams: r.try_get(13).map_err(err("read"))?,
                categories: r.try_get(14).map_err(err("read"))?,
                keywords: r.try_get(15).map_err(err("read"))?,
                publishing: r.try_get(16).map_err(err("read"))?,
                successors: r.try_get(17).map_err(err("read"))?,
            };
            old.insert(row.key.clone(), row);
        }
        drop(old_rows);
        let mut changed = Vec::new();
        let mut moved: Vec<(String, i64)> = Vec::new();
        for row in db_rows(imported) {
            // Positions are crates.csv's order: a crate deleted early moves
            // every later one by one, and then only its number changes.
            let old_row = old.remove(&row.key).map(|mut o| {
                let same_place = o.idx == row.idx;
                o.idx = row.idx;
                (o, same_place)
            });
            match old_row {
                Some((o, true)) if o == row => applied.unchanged += 1,
                Some((o, false)) if o == row => {
                    applied.moved += 1;
                    moved.push((row.key, row.idx));
                }
                Some(_) => {
                    applied.updated += 1;
                    changed.push(row);
                }
                None => {
                    applied.inserted += 1;
                    changed.push(row);
                }
            }
        }
        // What is left was deleted from crates.io since.
        for chunk in old.keys().collect::<Vec<_>>().chunks(INSERT_CHUNK) {
            let mut q = QueryBuilder::new("DELETE FROM crates WHERE key IN (");
            let mut sep = q.separated(", ");
            for k in chunk {
                sep.push_bind((*k).clone());
            }
            q.push(")");
            q.build().execute(&mut *tx).await.map_err(err("write"))?;
            applied.deleted += chunk.len() as u64;
        }
        for chunk in changed.chunks(INSERT_CHUNK) {
            insert_rows(&mut tx, chunk).await.map_err(err("write"))?;
        }
        for (key, idx) in moved {
            sqlx::query("UPDATE crates SET idx = ? WHERE key = ?")
                .bind(idx)
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }

        // Publisher logins: a few thousand short rows.
        let old_users: std::collections::HashMap<i64, String> =
            sqlx::query_as::<_, (i64, String)>("SELECT id, login FROM users")
                .fetch_all(&mut *tx)
                .await
                .map_err(err("read"))?
                .into_iter()
                .collect();
        let mut keep = std::collections::HashSet::new();
        for (id, login) in &imported.logins {
            let id = i64::from(*id);
            keep.insert(id);
            if old_users.get(&id) != Some(login) {
                applied.users_changed += 1;
                sqlx::query("INSERT OR REPLACE INTO users (id, login) VALUES (?, ?)")
                    .bind(id)
                    .bind(login.clone())
                    .execute(&mut *tx)
                    .await
                    .map_err(err("write"))?;
            }
        }
        for id in old_users.keys().filter(|id| !keep.contains(*id)) {
            applied.users_changed += 1;
            sqlx::query("DELETE FROM users WHERE id = ?")
                .bind(*id)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }

        // Arrays: compared whole (they are positional, so a change anywhere
        // moves what follows); most change daily, the category names and
        // text tables rarely.
        let blobs = all_blobs(imported);
        let names: Vec<&str> = blobs.iter().map(|(n, _)| *n).collect();
        for (name, data) in blobs {
            let same: Option<i64> = sqlx::query_scalar("SELECT data = ? FROM blobs WHERE name = ?")
                .bind(&data)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(err("read"))?;
            if same == Some(1) {
                applied.arrays_kept += 1;
                continue;
            }
            applied.arrays_rewritten += 1;
            sqlx::query("INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)")
                .bind(name)
                .bind(data)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }
        let stale: Vec<String> = sqlx::query_scalar("SELECT name FROM blobs")
            .fetch_all(&mut *tx)
            .await
            .map_err(err("read"))?;
        for name in stale.into_iter().filter(|n| !names.contains(&n.as_str())) {
            sqlx::query("DELETE FROM blobs WHERE name = ?")
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }
        for (k, v) in meta_rows(imported, identity) {
            sqlx::query("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
                .bind(k)
                .bind(v)
                .execute(&mut *tx)
                .await
                .map_err(err("write"))?;
        }
        tx.commit().await.map_err(err("write"))?;
        Ok(applied)
    }
    .await;
    pool.close().await;
    outcome
}

/// What the table says about the dump it was imported from.
#[derive(Debug, Clone, PartialEq)]
pub struct TableInfo {
    /// When the dump was taken.
    pub dump_time: jiff::Timestamp,
    /// crates.io commit that exported it.
    pub crates_io_commit: Option<String>,
    /// When it was imported.
    pub imported_at: Option<jiff::Timestamp>,
    /// Crates, versions, dependency rows and daily-download rows read.
    pub crates: u64,
    /// Versions read.
    pub versions: u64,
    /// Dependency rows read.
    pub dependency_rows: u64,
    /// Daily download rows read.
    pub download_rows: u64,
    /// Files or columns that were missing or unknown.
    pub notes: Vec<String>,
    /// The dump file it came from.
    pub source: SourceIdentity,
}

/// One published version and who published it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedVersion {
    /// The version.
    pub num: semver::Version,
    /// When it was published.
    pub at: jiff::Timestamp,
    /// The publishing user's login (None: none recorded — trusted
    /// publishing, or a version older than crates.io's record of it).
    pub by: Option<String>,
}

/// One owner of a crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOwner {
    /// A user's login, or a team's `github:org:team`.
    pub login: String,
    /// A team.
    pub team: bool,
    /// When it was added (None: the dump does not say).
    pub since: Option<jiff::Timestamp>,
}

/// Who published a crate's versions and who owns it, as of the dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publishing {
    /// Every version, oldest first.
    pub versions: Vec<PublishedVersion>,
    /// Present owners.
    pub owners: Vec<CrateOwner>,
    /// The crate accepts only trusted publishing (None: not in the dump).
    pub trustpub_only: Option<bool>,
}

/// One crate's present figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateFigures {
    pub(crate) idx: usize,
    pub(crate) row: CrateRow,
}

/// An open table.
#[derive(Debug, Clone)]
pub struct DumpTable {
    path: PathBuf,
    pool: SqlitePool,
    info: Arc<TableInfo>,
    past: Arc<OnceCell<Arc<PastGraph>>>,
    eco: Arc<OnceCell<Arc<Ecosystem>>>,
}

impl DumpTable {
    /// Opens a table read-only and checks its format.
    pub async fn open(path: &Path) -> Result<DumpTable, DumpError> {
        if !path.is_file() {
            return Err(DumpError::BadTable {
                path: path.to_path_buf(),
                problem: "no such file".into(),
            });
        }
        let opts = SqliteConnectOptions::from_str("sqlite://")
            .map_err(table_err("open", path))?
            .filename(path)
            .read_only(true)
            .immutable(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(opts)
            .await
            .map_err(table_err("open", path))?;
        let rows = sqlx::query("SELECT key, value FROM meta")
            .fetch_all(&pool)
            .await
            .map_err(table_err("read", path))?;
        let meta: std::collections::HashMap<String, String> = rows
            .iter()
            .filter_map(|r| Some((r.try_get(0).ok()?, r.try_get(1).ok()?)))
            .collect();
        let bad = |problem: &str| DumpError::BadTable {
            path: path.to_path_buf(),
            problem: problem.to_owned(),
        };
        if meta.get("format").map(String::as_str) != Some(TABLE_FORMAT) {
            return Err(bad("written by another version of cratescope"));
        }
        let num = |k: &str| meta.get(k).and_then(|v| v.parse::<i64>().ok());
        let dump_time = num("dump_time")
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| bad("no dump time"))?;
        let info = TableInfo {
            dump_time,
            crates_io_commit: meta
                .get("crates_io_commit")
                .filter(|c| !c.is_empty())
                .cloned(),
            imported_at: num("imported_at").and_then(|s| jiff::Timestamp::from_second(s).ok()),
            crates: num("crates").unwrap_or(0) as u64,
            versions: num("versions").unwrap_or(0) as u64,
            dependency_rows: num("dependency_rows").unwrap_or(0) as u64,
            download_rows: num("download_rows").unwrap_or(0) as u64,
            notes: meta
                .get("notes")
                .and_then(|n| serde_json::from_str(n).ok())
                .unwrap_or_default(),
            source: SourceIdentity {
                path: meta
                    .get("source_path")
                    .map(PathBuf::from)
                    .unwrap_or_default(),
                size: num("source_size").unwrap_or(-1) as u64,
                mtime_ns: meta
                    .get("source_mtime_ns")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                head_sha256: meta.get("source_head_sha256").cloned().unwrap_or_default(),
            },
        };
        Ok(DumpTable {
            path: path.to_path_buf(),
            pool,
            info: Arc::new(info),
            past: Arc::new(OnceCell::new()),
            eco: Arc::new(OnceCell::new()),
        })
    }

    /// The dump this table holds.
    pub fn info(&self) -> &TableInfo {
        &self.info
    }

    /// The table file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Present figures of one crate, by any spelling crates.io accepts.
    pub async fn figures(&self, name: &str) -> Result<Option<CrateFigures>, DumpError> {
        let row = sqlx::query(
            "SELECT idx, name, created_at, downloads_total, downloads_90d, downloads_recent_45d, \
             downloads_prev_45d, dependents, dependents_runtime, dependent_owners, \
             indirect_dependents, owner_users, owner_teams, categories, keywords, successors \
             FROM crates WHERE key = ?",
        )
        .bind(canonical_name(name))
        .fetch_optional(&self.pool)
        .await
        .map_err(table_err("read", &self.path))?;
        let Some(r) = row else { return Ok(None) };
        let get_opt = |i: usize| -> Option<u64> {
            r.try_get::<Option<i64>, _>(i)
                .ok()
                .flatten()
                .map(|v| v.max(0) as u64)
        };
        let get = |i: usize| get_opt(i).unwrap_or(0);
        let list = |i: usize| -> Vec<String> {
            r.try_get::<String, _>(i)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default()
        };
        Ok(Some(CrateFigures {
            idx: r.try_get::<i64, _>(0).unwrap_or(-1).max(0) as usize,
            row: CrateRow {
                name: r.try_get(1).unwrap_or_default(),
                created_at: r.try_get(2).unwrap_or(0),
                downloads_total: get_opt(3),
                downloads_90d: get_opt(4),
                downloads_recent_45d: get_opt(5),
                downloads_prev_45d: get_opt(6),
                dependents: get(7),
                dependents_runtime: get(8),
                dependent_owners: get_opt(9),
                indirect_dependents: get(10),
                owner_users: get_opt(11),
                owner_teams: get_opt(12),
                categories: list(13),
                keywords: list(14),
                successors: r
                    .try_get::<Option<String>, _>(15)
                    .ok()
                    .flatten()
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .unwrap_or_default(),
            },
        }))
    }

    /// Who published a crate's versions and who owns it (None: not in the
    /// dump, or a dump without that data).
    pub async fn publishing(&self, name: &str) -> Result<Option<Publishing>, DumpError> {
        let row = sqlx::query("SELECT publishing FROM crates WHERE key = ?")
            .bind(canonical_name(name))
            .fetch_optional(&self.pool)
            .await
            .map_err(table_err("read", &self.path))?;
        let Some(text) = row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()) else {
            return Ok(None);
        };
        let raw: crate::import::PublishingRow =
            serde_json::from_str(&text).map_err(|_| DumpError::BadTable {
                path: self.path.clone(),
                problem: format!("damaged publishing record of `{name}`"),
            })?;
        let mut ids: Vec<u32> = raw
            .versions
            .iter()
            .map(|v| v.2)
            .filter(|&u| u != 0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut logins = std::collections::HashMap::new();
        for id in ids {
            let login: Option<String> = sqlx::query("SELECT login FROM users WHERE id = ?")
                .bind(i64::from(id))
                .fetch_optional(&self.pool)
                .await
                .map_err(table_err("read", &self.path))?
                .and_then(|r| r.try_get(0).ok());
            logins.insert(id, login.unwrap_or_else(|| format!("#{id}")));
        }
        let ts = |s: i64| jiff::Timestamp::from_second(s).ok();
        Ok(Some(Publishing {
            versions: raw
                .versions
                .into_iter()
                .filter_map(|(num, at, by)| {
                    Some(PublishedVersion {
                        num: semver::Version::parse(&num).ok()?,
                        at: ts(at)?,
                        by: (by != 0).then(|| logins.get(&by).cloned()).flatten(),
                    })
                })
                .collect(),
            owners: raw
                .owners
                .into_iter()
                .map(|(login, team, since)| CrateOwner {
                    login,
                    team,
                    since: (since != 0).then(|| ts(since)).flatten(),
                })
                .collect(),
            trustpub_only: raw.trustpub_only,
        }))
    }

    /// Crates with at least `min_dependents` dependents, as crates.io counts
    /// them: the names a new name must not be confused with.
    pub async fn popular(&self, min_dependents: u64) -> Result<Vec<(String, u64)>, DumpError> {
        let rows = sqlx::query("SELECT name, dependents FROM crates WHERE dependents >= ?")
            .bind(i64::try_from(min_dependents).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(table_err("read", &self.path))?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let name: String = r.try_get(0).ok()?;
                let d: i64 = r.try_get(1).ok()?;
                Some((name, d.max(0) as u64))
            })
            .collect())
    }

    /// The arrays for past dates, read once per table.
    pub(crate) async fn past(&self) -> Result<Arc<PastGraph>, DumpError> {
        self.past
            .get_or_try_init(|| async {
                let rows = sqlx::query(
                    "SELECT name, data FROM blobs \
                     WHERE name IN ('offsets', 'rows', 'ver_crate', 'from', 'until')",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(table_err("read", &self.path))?;
                let mut g = PastGraph::default();
                let bad = |what: &str| DumpError::BadTable {
                    path: self.path.clone(),
                    problem: format!("damaged `{what}` array"),
                };
                for r in rows {
                    let name: String = r.try_get(0).map_err(table_err("read", &self.path))?;
                    let data: Vec<u8> = r.try_get(1).map_err(table_err("read", &self.path))?;
                    match name.as_str() {
                        "offsets" => g.offsets = u32s(&data).ok_or_else(|| bad("offsets"))?,
                        "rows" => g.rows = u32s(&data).ok_or_else(|| bad("rows"))?,
                        "ver_crate" => g.ver_crate = u32s(&data).ok_or_else(|| bad("ver_crate"))?,
                        "from" => g.from = i64s(&data).ok_or_else(|| bad("from"))?,
                        "until" => g.until = i64s(&data).ok_or_else(|| bad("until"))?,
                        _ => {}
                    }
                }
                // Every index must be in range before any lookup trusts it.
                let nv = g.ver_crate.len();
                let n = g.offsets.len().saturating_sub(1);
                let consistent = g.from.len() == nv
                    && g.until.len() == nv
                    && g.offsets.windows(2).all(|w| w[0] <= w[1])
                    && g.offsets
                        .last()
                        .is_some_and(|&l| l as usize == g.rows.len())
                    && g.rows
                        .iter()
                        .all(|&r| ((r & !crate::graph::RUNTIME_BIT) as usize) < nv)
                    && g.ver_crate.iter().all(|&c| (c as usize) < n);
                if !consistent {
                    return Err(bad("past-date"));
                }
                Ok(Arc::new(g))
            })
            .await
            .cloned()
    }

    /// The whole ecosystem in memory (read once per table): every crate's
    /// present figures, releases, dependencies, owners, categories,
    /// keywords and daily downloads.
    pub async fn ecosystem(&self) -> Result<Arc<Ecosystem>, DumpError> {
        self.eco
            .get_or_try_init(|| async {
                let past = self.past().await?;
                let read = table_err("read", &self.path);
                let rows = sqlx::query(
                    "SELECT idx, name, created_at, downloads_total, dependents, \
                     dependents_runtime, dependent_owners, indirect_dependents, owner_users, \
                     owner_teams FROM crates ORDER BY idx",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(read)?;
                let bad = |what: &str| DumpError::BadTable {
                    path: self.path.clone(),
                    problem: format!("damaged `{what}`"),
                };
                let n = rows.len();
                let mut names = Vec::with_capacity(n);
                let mut created = Vec::with_capacity(n);
                let mut present = Vec::with_capacity(n);
                let mut has_owners = false;
                for (k, r) in rows.iter().enumerate() {
                    let idx: i64 = r.try_get(0).map_err(|_| bad("crates"))?;
                    if idx != k as i64 {
                        return Err(bad("crates"));
                    }
                    names.push(r.try_get::<String, _>(1).map_err(|_| bad("crates"))?);
                    created.push(r.try_get::<i64, _>(2).map_err(|_| bad("crates"))?);
                    let opt = |i: usize| -> Option<u64> {
                        r.try_get::<Option<i64>, _>(i)
                            .ok()
                            .flatten()
                            .map(|v| v.max(0) as u64)
                    };
                    let num = |i: usize| opt(i).unwrap_or(0);
                    let p = Present {
                        downloads_total: opt(3),
                        dependents: num(4),
                        dependents_runtime: num(5),
                        dependent_owners: opt(6),
                        indirect_dependents: num(7),
                        owner_users: opt(8),
                        owner_teams: opt(9),
                    };
                    has_owners |= p.owner_users.is_some();
                    present.push(p);
                }
                let blobs = sqlx::query("SELECT name, data FROM blobs WHERE name LIKE 'eco.%'")
                    .fetch_all(&self.pool)
                    .await
                    .map_err(table_err("read", &self.path))?;
                let mut by_name: std::collections::HashMap<String, Vec<u8>> = blobs
                    .into_iter()
                    .filter_map(|r| Some((r.try_get(0).ok()?, r.try_get(1).ok()?)))
                    .collect();
                let a = EcoArrays::from_blobs(|name| by_name.remove(name)).map_err(|w| bad(&w))?;
                a.check(n, crate::DOWNLOAD_WINDOW_DAYS as usize)
                    .map_err(|w| bad(&w))?;
                if past.ver_crate.len() != a.ver_num.len()
                    || past.offsets.len() != n + 1
                    || a.ver_offsets.windows(2).enumerate().any(|(c, w)| {
                        past.ver_crate[w[0] as usize..w[1] as usize]
                            .iter()
                            .any(|&x| x as usize != c)
                    })
                {
                    return Err(bad("past-date"));
                }
                let versions: Vec<semver::Version> = a
                    .nums
                    .iter()
                    .map(|t| semver::Version::parse(t).unwrap_or(semver::Version::new(0, 0, 0)))
                    .collect();
                let reqs = a
                    .reqs
                    .iter()
                    .map(|t| semver::VersionReq::parse(t).ok())
                    .collect();
                let mut successors = std::collections::HashMap::new();
                for r in
                    sqlx::query("SELECT idx, successors FROM crates WHERE successors IS NOT NULL")
                        .fetch_all(&self.pool)
                        .await
                        .map_err(table_err("read", &self.path))?
                {
                    let idx: i64 = r.try_get(0).map_err(|_| bad("crates"))?;
                    let text: String = r.try_get(1).map_err(|_| bad("crates"))?;
                    let list: Vec<cratescope_model::SuccessorCandidate> =
                        serde_json::from_str(&text).map_err(|_| bad("successors"))?;
                    if !(0..n as i64).contains(&idx) {
                        return Err(bad("successors"));
                    }
                    successors.insert(idx as u32, list);
                }
                let mut by_name = std::collections::HashMap::with_capacity(names.len());
                for (c, name) in names.iter().enumerate() {
                    // Twins in a hostile dump: the first keeps the name.
                    by_name.entry(canonical_name(name)).or_insert(c as u32);
                }
                Ok(Arc::new(Ecosystem {
                    a,
                    names,
                    created,
                    present,
                    by_name,
                    versions,
                    reqs,
                    past,
                    dump_time: self.info.dump_time.as_second(),
                    has_owners,
                    successors,
                }))
            })
            .await
            .cloned()
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
