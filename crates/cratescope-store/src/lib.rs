//! Evaluation history store for cratescope: SQLite (embedded, the default)
//! and PostgreSQL (shared deployments), behind one async code path over sqlx.
//!
//! What it keeps, per evaluation: crate, version, as_of, evaluated_at, model
//! version, composite, confidence, tier, every dimension and signal (with
//! evidence, source and fetch time), the whole [`Evaluation`] as JSON (so a
//! stored card re-renders exactly with the existing renderers), and the
//! SHA-256 digest of the inputs (canonical JSON of the [`Facts`] plus the model
//! version), which is unique: the same inputs are never stored twice.
//! It also keeps the tracked crates and `update` runs with one row per crate
//! done, so an interrupted `update` resumes with what is left.
//!
//! Every evaluation is written in one transaction. SQLite runs in WAL mode with
//! a busy timeout, so a reader (`history`) and a writer (`update`) never see
//! "database is locked".
//!
//! Deliberately ignored: scoring (the `cratescope` crate does it), and the
//! [`Facts`] themselves (only their digest is stored; they are large and the
//! card carries every figure that was scored).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use connect::open_postgres;
pub use cratescope_model::history::{HistoryEntry, StoredDimension};
use cratescope_model::{Evaluation, Facts, SignalResult, Tier};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{QueryBuilder, Row, SqlSafeStr};

/// Migrations in order, per database: (version, description, SQL).
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "history",
        include_str!("../migrations/sqlite/0001_history.sql"),
    ),
    (
        2,
        "not reconstructible",
        include_str!("../migrations/sqlite/0002_not_reconstructible.sql"),
    ),
    (
        3,
        "claims",
        include_str!("../migrations/sqlite/0003_claims.sql"),
    ),
    (
        4,
        "one per day",
        include_str!("../migrations/sqlite/0004_one_per_day.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "history",
        include_str!("../migrations/postgres/0001_history.sql"),
    ),
    (
        2,
        "not reconstructible",
        include_str!("../migrations/postgres/0002_not_reconstructible.sql"),
    ),
    (
        3,
        "claims",
        include_str!("../migrations/postgres/0003_claims.sql"),
    ),
    (
        4,
        "one per day",
        include_str!("../migrations/postgres/0004_one_per_day.sql"),
    ),
];

/// How long a SQLite connection waits for another writer before giving up:
/// an `update` commits one evaluation at a time (milliseconds), so 30 s only
/// expires when something is really stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// SQLite has one writer at a time anyway; a few connections let readers run
/// beside it.
const SQLITE_CONNECTIONS: u32 = 4;
/// Enough for `update`'s bounded concurrency plus a reader.
const POSTGRES_CONNECTIONS: u32 = 8;
/// How long opening a PostgreSQL store may take: a refused connection is
/// reported at once (with its cause), a server that does not answer after
/// this long is reported as such instead of sqlx's 30 s "pool timed out".
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Rows per multi-row INSERT of signals: keeps bound parameters (12 per row)
/// well under SQLite's limit of 32,766.
const SIGNAL_ROWS_PER_INSERT: usize = 500;
/// The database file inside the data directory.
pub const DEFAULT_DB_FILE: &str = "cratescope.db";

/// Store errors; messages name the database or the crate.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported database.
    #[error("unsupported database url `{0}`: expected sqlite://PATH or postgres://…")]
    Scheme(String),
    /// The SQLite file's directory could not be created.
    #[error("failed to create the database directory `{}`", path.display())]
    Dir {
        /// The directory.
        path: PathBuf,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// A read-only SQLite file whose schema is not this version's (it
    /// cannot be migrated without writing).
    #[error("the database file `{}` is read-only and its schema is version {}, this cratescope reads version {needed}: open it once where it is writable to migrate it", path.display(), found.map_or_else(|| "none".to_string(), |v| v.to_string()))]
    ReadOnlySchema {
        /// The file.
        path: PathBuf,
        /// The last migration applied to it.
        found: Option<i64>,
        /// The last migration this version knows.
        needed: i64,
    },
    /// Connecting failed.
    #[error("failed to open the database `{url}`")]
    Open {
        /// The URL, password removed.
        url: String,
        /// Cause.
        #[source]
        source: sqlx::Error,
    },
    /// Applying the migrations failed.
    #[error("failed to migrate the database `{url}`")]
    Migrate {
        /// The URL, password removed.
        url: String,
        /// Cause.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// A query failed.
    #[error("failed to {action}")]
    Query {
        /// What was being done, e.g. "store the evaluation of `serde`".
        action: String,
        /// Cause.
        #[source]
        source: sqlx::Error,
    },
    /// Serialising an evaluation or its facts failed.
    #[error("failed to serialise {what}")]
    Serialize {
        /// What.
        what: String,
        /// Cause.
        #[source]
        source: serde_json::Error,
    },
    /// The SQLite file fails SQLite's own consistency check (or is not a
    /// database at all).
    #[error("the database file `{}` is damaged: {detail}; restore it from a backup, or move it away to start a new history", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// The PostgreSQL server did not answer in time.
    #[error("failed to open the database `{url}`: no connection within {} s", timeout.as_secs())]
    ConnectTimeout {
        /// The URL, password removed.
        url: String,
        /// How long we waited.
        timeout: Duration,
    },
    /// A stored row could not be read back.
    #[error("stored evaluation {id} is unreadable: {reason}")]
    Corrupt {
        /// Row id.
        id: i64,
        /// Why.
        reason: String,
    },
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

fn query_err(action: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
    let action = action.into();
    move |source| StoreError::Query { action, source }
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool is open: the SQL is written once
/// (`$n` placeholders work on both), the compiler instantiates it per driver.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

mod connect;
mod runs;
mod verify;

pub use runs::{Run, RunStatus, WorkerId};
pub use verify::{Health, VerifyReport};

/// The history store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// Rows moved to the quarantine table by reads of this handle, not yet
    /// taken by the caller (who tells the user once).
    quarantined: std::sync::Arc<std::sync::Mutex<Vec<Quarantined>>>,
    /// The SQLite file (None on PostgreSQL).
    file: Option<PathBuf>,
    access: Access,
}

/// How a store is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// Reads and writes.
    ReadWrite,
    /// Reads only: asked for (`?mode=ro`), or the SQLite file or its
    /// directory is not writable. Writes fail with SQLite's error.
    ReadOnly,
    /// Reads only, and SQLite assumes nobody changes the file (its WAL
    /// index could not be created next to it): changes made by others
    /// while it is open are not seen.
    Immutable,
}

/// A stored evaluation that could not be read back and was moved to the
/// quarantine table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// Its row id in `evaluations`.
    pub evaluation_id: i64,
    /// Its crate.
    pub name: String,
    /// Why it could not be read.
    pub reason: String,
}

/// The result of [`Store::save`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Row id of the evaluation (the existing one when the inputs were already stored).
    pub id: i64,
    /// False when the same inputs were already stored.
    pub inserted: bool,
}

/// Where an evaluation came from, stored beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveOptions {
    /// When it was computed.
    pub evaluated_at: Timestamp,
    /// Computed as of a past day by `backfill`.
    pub backfill: bool,
    /// The `update` run it belongs to: its per-crate row is written in the same transaction.
    pub run: Option<i64>,
}

/// SHA-256 (hex) of the canonical JSON of the facts (object keys sorted,
/// no whitespace) followed by a newline and the model version.
pub fn input_digest(facts: &Facts, model_version: &str) -> Result<String> {
    let value = serde_json::to_value(facts).map_err(|source| StoreError::Serialize {
        what: format!("the facts of `{}`", facts.name),
        source,
    })?;
    let mut text = String::new();
    canonical(&value, &mut text);
    let mut h = Sha256::new();
    h.update(text.as_bytes());
    h.update(b"\n");
    h.update(model_version.as_bytes());
    Ok(hex::encode(h.finalize()))
}

/// Writes JSON with object keys sorted, whatever map type serde_json was built with.
fn canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The default database URL for a data directory: `sqlite://<dir>/cratescope.db`.
pub fn default_url_in(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join(DEFAULT_DB_FILE).display())
}

/// The URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((auth, host)) = rest.split_once('@')
        && let Some((user, _)) = auth.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_string()
}

fn migrator(migrations: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    Migrator::with_migrations(
        migrations
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

/// A card's JSON, parsed (the reason when it cannot be).
fn parse_card(json: &str) -> std::result::Result<Evaluation, String> {
    // Cards stored before sentences were messages carry English text only:
    // reading makes legacy messages of them.
    serde_json::from_str(json).map_err(|e| format!("bad evaluation JSON: {e}"))
}

/// A sentence for a text column of the row tables: its message as JSON (the
/// card's JSON keeps the rendered text; renderers use the message).
fn message_column(m: &cratescope_model::Message) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

/// One `history` row; the reason when a column cannot be read.
fn history_entry<R>(id: i64, r: &R) -> std::result::Result<HistoryEntry, String>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> f64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let col = |c: &str, e: sqlx::Error| format!("bad {c}: {e}");
    let as_of: String = r.try_get("as_of").map_err(|e| col("as_of", e))?;
    let at: i64 = r
        .try_get("evaluated_at")
        .map_err(|e| col("evaluated_at", e))?;
    let tier: String = r.try_get("tier").map_err(|e| col("tier", e))?;
    Ok(HistoryEntry {
        id,
        version: r.try_get("version").map_err(|e| col("version", e))?,
        as_of: as_of
            .parse()
            .map_err(|e| format!("bad as_of `{as_of}`: {e}"))?,
        evaluated_at: Timestamp::from_second(at)
            .map_err(|e| format!("bad evaluated_at {at}: {e}"))?,
        model_version: r
            .try_get("model_version")
            .map_err(|e| col("model_version", e))?,
        composite: r.try_get("composite").map_err(|e| col("composite", e))?,
        confidence: r.try_get("confidence").map_err(|e| col("confidence", e))?,
        tier: Tier::from_id(&tier).ok_or_else(|| format!("unknown tier `{tier}`"))?,
        provisional: r
            .try_get("provisional")
            .map_err(|e| col("provisional", e))?,
        backfill: r.try_get("backfill").map_err(|e| col("backfill", e))?,
        dimensions: Vec::new(),
    })
}

/// One dimension row of `history`; the reason when a column cannot be read.
fn stored_dimension<R>(r: &R) -> std::result::Result<StoredDimension, String>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> f64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> bool: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let col = |c: &str, e: sqlx::Error| format!("bad dimension {c}: {e}");
    Ok(StoredDimension {
        id: r.try_get("dimension").map_err(|e| col("id", e))?,
        score: r.try_get("score").map_err(|e| col("score", e))?,
        confidence: r.try_get("confidence").map_err(|e| col("confidence", e))?,
        note: r.try_get("note").map_err(|e| col("note", e))?,
        not_reconstructible: r
            .try_get("not_reconstructible")
            .map_err(|e| col("not_reconstructible", e))?,
    })
}

/// A signal flattened into its table's columns.
struct SignalRow {
    dimension: String,
    position: i64,
    signal: String,
    raw_json: Option<String>,
    unit: Option<String>,
    normalised: Option<f64>,
    weight: Option<f64>,
    evidence: Option<String>,
    source: Option<String>,
    fetched_at: Option<i64>,
    unavailable: Option<String>,
}

fn signal_rows(eval: &Evaluation) -> Vec<SignalRow> {
    let mut rows = Vec::new();
    for d in &eval.dimensions {
        for (i, s) in d.signals.iter().enumerate() {
            let position = i64::try_from(i).unwrap_or(i64::MAX);
            rows.push(match s {
                SignalResult::Measured {
                    id,
                    raw,
                    unit,
                    s,
                    weight,
                    evidence,
                    source,
                    fetched_at,
                } => SignalRow {
                    dimension: d.id.clone(),
                    position,
                    signal: id.clone(),
                    raw_json: serde_json::to_string(raw).ok(),
                    unit: Some(unit.clone()),
                    normalised: Some(*s),
                    weight: Some(*weight),
                    evidence: Some(message_column(&evidence.message)),
                    source: Some(source.as_str().to_string()),
                    fetched_at: fetched_at.map(|t| t.as_second()),
                    unavailable: None,
                },
                SignalResult::Unavailable { id, unavailable } => SignalRow {
                    dimension: d.id.clone(),
                    position,
                    signal: id.clone(),
                    raw_json: None,
                    unit: None,
                    normalised: None,
                    weight: None,
                    evidence: None,
                    source: None,
                    fetched_at: None,
                    unavailable: Some(message_column(&unavailable.message)),
                },
            });
        }
    }
    rows
}

impl Store {
    /// Open (creating if needed) and migrate the database at `url`:
    /// `sqlite://PATH`, `sqlite:PATH`, a bare file path, or `postgres://…`.
    ///
    /// A SQLite file is checked with `PRAGMA quick_check` first (linear in the
    /// file's size, without the index cross-checks of `integrity_check`): a
    /// damaged file is an error naming it, not wrong answers later. A
    /// PostgreSQL server that refuses the connection is reported at once with
    /// the cause; one that does not answer, after [`CONNECT_TIMEOUT`].
    pub async fn open(url: &str) -> Result<Store> {
        let shown = redact(url);
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = open_postgres(url, &shown).await?;
            migrator(POSTGRES_MIGRATIONS)
                .run(&pool)
                .await
                .map_err(|source| StoreError::Migrate { url: shown, source })?;
            return Ok(Store::from_pool(Pool::Postgres(pool)));
        }
        let sqlite_url = if url.starts_with("sqlite:") {
            url.to_string()
        } else if !url.contains("://") {
            format!("sqlite://{url}")
        } else {
            return Err(StoreError::Scheme(shown));
        };
        let (pool, file, access) = connect::open_sqlite(&sqlite_url, &shown).await?;
        let mut store = Store::from_pool(Pool::Sqlite(pool));
        store.file = Some(file);
        store.access = access;
        Ok(store)
    }

    fn from_pool(pool: Pool) -> Store {
        Store {
            pool,
            quarantined: Default::default(),
            file: None,
            access: Access::ReadWrite,
        }
    }

    /// How the database is open.
    pub fn access(&self) -> Access {
        self.access
    }

    /// True when nothing can be written (see [`Access`]).
    pub fn read_only(&self) -> bool {
        self.access != Access::ReadWrite
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Close the pool (waits for connections to finish).
    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }

    /// Store one evaluation and its dimensions and signals in one transaction;
    /// when `opts.run` is set, also mark its crate done in that run. Inputs
    /// already stored (same digest) are not stored again.
    pub async fn save(&self, eval: &Evaluation, facts: &Facts, opts: SaveOptions) -> Result<Saved> {
        let digest = input_digest(facts, &eval.model_version)?;
        self.save_with_digest(eval, &digest, opts).await
    }

    /// [`Store::save`] with a digest computed by the caller.
    pub async fn save_with_digest(
        &self,
        eval: &Evaluation,
        digest: &str,
        opts: SaveOptions,
    ) -> Result<Saved> {
        let name = eval.name.clone();
        let action = format!("store the evaluation of `{name}`");
        let json = serde_json::to_string(eval).map_err(|source| StoreError::Serialize {
            what: format!("the evaluation of `{name}`"),
            source,
        })?;
        let signals = signal_rows(eval);
        let now = opts.evaluated_at.as_second();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(query_err(action.clone()))?;
            // A write comes first: a transaction that reads first and then
            // writes cannot wait for SQLite's write lock (it fails "database is
            // locked" at once), one that writes first waits up to the busy timeout.
            // One row per crate and day: the newest evaluation of a day
            // replaces an older one with other inputs.
            sqlx::query("DELETE FROM evaluations WHERE crate = $1 AND as_of = $2 AND digest <> $3")
                .bind(name.clone())
                .bind(eval.as_of.to_string())
                .bind(digest.to_string())
                .execute(&mut *tx)
                .await
                .map_err(query_err(action.clone()))?;
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO evaluations (crate, version, as_of, evaluated_at, model_version, composite, \
                 confidence, tier, provisional, backfill, digest, evaluation_json) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (digest) DO NOTHING RETURNING id",
            )
            .bind(name.clone())
            .bind(eval.version.clone())
            .bind(eval.as_of.to_string())
            .bind(now)
            .bind(eval.model_version.clone())
            .bind(eval.composite)
            .bind(eval.confidence)
            .bind(eval.tier.id().to_string())
            .bind(eval.provisional)
            .bind(opts.backfill)
            .bind(digest.to_string())
            .bind(json)
            .fetch_optional(&mut *tx)
            .await
            .map_err(query_err(action.clone()))?;
            let saved = match inserted {
                None => {
                    let id: i64 = sqlx::query_scalar("SELECT id FROM evaluations WHERE digest = $1")
                        .bind(digest.to_string())
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(query_err(action.clone()))?;
                    Saved { id, inserted: false }
                }
                Some(id) => {
                    if !eval.dimensions.is_empty() {
                        let mut qb = QueryBuilder::new(
                            "INSERT INTO dimensions (evaluation_id, position, dimension, score, confidence, note, not_reconstructible) ",
                        );
                        qb.push_values(eval.dimensions.iter().enumerate(), |mut b, (i, d)| {
                            b.push_bind(id)
                                .push_bind(i64::try_from(i).unwrap_or(i64::MAX))
                                .push_bind(d.id.clone())
                                .push_bind(d.score)
                                .push_bind(d.confidence)
                                .push_bind(d.note.get().map(message_column))
                                .push_bind(d.not_reconstructible());
                        });
                        qb.build().execute(&mut *tx).await.map_err(query_err(action.clone()))?;
                    }
                    for chunk in signals.chunks(SIGNAL_ROWS_PER_INSERT) {
                        let mut qb = QueryBuilder::new(
                            "INSERT INTO signals (evaluation_id, dimension, position, signal, raw_json, unit, \
                             normalised, weight, evidence, source, fetched_at, unavailable) ",
                        );
                        qb.push_values(chunk, |mut b, s| {
                            b.push_bind(id)
                                .push_bind(s.dimension.clone())
                                .push_bind(s.position)
                                .push_bind(s.signal.clone())
                                .push_bind(s.raw_json.clone())
                                .push_bind(s.unit.clone())
                                .push_bind(s.normalised)
                                .push_bind(s.weight)
                                .push_bind(s.evidence.clone())
                                .push_bind(s.source.clone())
                                .push_bind(s.fetched_at)
                                .push_bind(s.unavailable.clone());
                        });
                        qb.build().execute(&mut *tx).await.map_err(query_err(action.clone()))?;
                    }
                    Saved { id, inserted: true }
                }
            };
            if let Some(run) = opts.run {
                sqlx::query(
                    "INSERT INTO update_items (run_id, crate, status, evaluation_id, error, finished_at) \
                     VALUES ($1, $2, 'done', $3, NULL, $4) \
                     ON CONFLICT (run_id, crate) DO UPDATE SET status = 'done', \
                     evaluation_id = excluded.evaluation_id, error = NULL, finished_at = excluded.finished_at",
                )
                .bind(run)
                .bind(name.clone())
                .bind(saved.id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(query_err(action.clone()))?;
            }
            tx.commit().await.map_err(query_err(action.clone()))?;
            Ok(saved)
        })
    }

    /// Every stored evaluation of a crate, oldest first (by as_of, then
    /// evaluation time), with dimension scores but no signals. A row that
    /// cannot be read back (a bad tier, date or column) is moved to the
    /// quarantine table and left out (see [`Store::take_quarantined`]).
    pub async fn history(&self, name: &str) -> Result<Vec<HistoryEntry>> {
        let action = format!("read the history of `{name}`");
        let (rows, bad, dims) = on_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT id, version, as_of, evaluated_at, model_version, composite, confidence, tier, provisional, backfill \
                 FROM evaluations WHERE crate = $1 ORDER BY as_of, evaluated_at, id",
            )
            .bind(name.to_string())
            .fetch_all(pool)
            .await
            .map_err(query_err(action.clone()))?;
            let mut entries = Vec::with_capacity(rows.len());
            let mut bad = Vec::new();
            for r in &rows {
                let id: i64 = r.try_get("id").map_err(query_err(action.clone()))?;
                match history_entry(id, r) {
                    Ok(e) => entries.push(e),
                    Err(reason) => bad.push((id, reason)),
                }
            }
            // Drive the join from the crate's index into dimensions' primary key:
            // written as a join from `dimensions`, PostgreSQL may scan every
            // dimension row of every crate before its statistics are gathered.
            let drows = sqlx::query(
                "SELECT d.evaluation_id, d.dimension, d.score, d.confidence, d.note, d.not_reconstructible \
                 FROM evaluations e JOIN dimensions d ON d.evaluation_id = e.id \
                 WHERE e.crate = $1 ORDER BY d.evaluation_id, d.position",
            )
            .bind(name.to_string())
            .fetch_all(pool)
            .await
            .map_err(query_err(action.clone()))?;
            let mut dims: Vec<(i64, std::result::Result<StoredDimension, String>)> =
                Vec::with_capacity(drows.len());
            for r in &drows {
                let eid: i64 = r.try_get("evaluation_id").map_err(query_err(action.clone()))?;
                dims.push((eid, stored_dimension(r)));
            }
            (entries, bad, dims)
        });
        let mut entries = rows;
        let mut bad = bad;
        let index: BTreeMap<i64, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        for (eid, d) in dims {
            match d {
                Ok(d) => {
                    if let Some(&i) = index.get(&eid) {
                        entries[i].dimensions.push(d);
                    }
                }
                Err(reason) if index.contains_key(&eid) && !bad.iter().any(|(b, _)| *b == eid) => {
                    bad.push((eid, reason))
                }
                Err(_) => {}
            }
        }
        if !bad.is_empty() {
            for (id, reason) in &bad {
                self.quarantine(*id, reason).await?;
            }
            entries.retain(|e| !bad.iter().any(|(b, _)| *b == e.id));
        }
        Ok(entries)
    }

    /// A stored card, exactly as it was evaluated. An unreadable card is
    /// quarantined and reads as absent.
    pub async fn evaluation(&self, id: i64) -> Result<Option<Evaluation>> {
        let action = format!("read stored evaluation {id}");
        let json: Option<String> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT evaluation_json FROM evaluations WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(query_err(action.clone()))?
        });
        let Some(j) = json else { return Ok(None) };
        match parse_card(&j) {
            Ok(e) => Ok(Some(e)),
            Err(reason) => {
                self.quarantine(id, &reason).await?;
                Ok(None)
            }
        }
    }

    /// Every stored card of a crate, oldest first (as [`Store::history`]);
    /// unreadable cards are quarantined and left out.
    pub async fn evaluations(&self, name: &str) -> Result<Vec<Evaluation>> {
        let action = format!("read the evaluations of `{name}`");
        let rows: Vec<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, evaluation_json FROM evaluations WHERE crate = $1 ORDER BY as_of, evaluated_at, id",
            )
            .bind(name.to_string())
            .fetch_all(pool)
            .await
            .map_err(query_err(action.clone()))?
        });
        let mut out = Vec::with_capacity(rows.len());
        for (id, j) in rows {
            match parse_card(&j) {
                Ok(e) => out.push(e),
                Err(reason) => self.quarantine(id, &reason).await?,
            }
        }
        Ok(out)
    }

    /// The latest stored card of a crate (by as_of, then evaluation time), with
    /// its row id and when it was computed.
    pub async fn latest(&self, name: &str) -> Result<Option<(i64, Timestamp, Evaluation)>> {
        let action = format!("read the latest evaluation of `{name}`");
        loop {
            let row: Option<(i64, i64, String)> = on_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT id, evaluated_at, evaluation_json FROM evaluations WHERE crate = $1 \
                     ORDER BY as_of DESC, evaluated_at DESC, id DESC LIMIT 1",
                )
                .bind(name.to_string())
                .fetch_optional(pool)
                .await
                .map_err(query_err(action.clone()))?
            });
            let Some((id, at, j)) = row else {
                return Ok(None);
            };
            match (parse_card(&j), Timestamp::from_second(at)) {
                (Ok(e), Ok(t)) => return Ok(Some((id, t, e))),
                // Quarantined: the next-latest row is tried.
                (Err(reason), _) => self.quarantine(id, &reason).await?,
                (_, Err(e)) => {
                    self.quarantine(id, &format!("bad evaluated_at {at}: {e}"))
                        .await?
                }
            }
        }
    }

    /// Names of every crate with at least one stored evaluation.
    pub async fn stored_crates(&self) -> Result<Vec<String>> {
        on_pool!(self, pool => {
            sqlx::query_scalar("SELECT DISTINCT crate FROM evaluations ORDER BY crate")
                .fetch_all(pool)
                .await
                .map_err(query_err("list stored crates"))
        })
    }

    /// The stored name of a crate asked for in another spelling: crates.io
    /// names are unique ignoring ASCII case and `-`/`_`, so `Serde` and
    /// `actix_web` find `serde` and `actix-web`. None when nothing matches.
    pub async fn stored_name(&self, name: &str) -> Result<Option<String>> {
        let key = name.to_ascii_lowercase().replace('_', "-");
        on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT crate FROM evaluations WHERE lower(replace(crate, '_', '-')) = $1 \
                 ORDER BY crate LIMIT 1",
            )
            .bind(key.clone())
            .fetch_optional(pool)
            .await
            .map_err(query_err(format!("look up the stored name of `{name}`")))
        })
    }

    /// The latest stored evaluation of every crate with the one before it
    /// (for its trend), as history rows without dimensions: the leaderboard.
    /// Ordered by crate name.
    pub async fn latest_entries(
        &self,
    ) -> Result<Vec<(String, HistoryEntry, Option<HistoryEntry>)>> {
        let action = "list the latest evaluations";
        let out = on_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT crate, id, version, as_of, evaluated_at, model_version, composite, confidence, tier, provisional, backfill \
                 FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY crate ORDER BY as_of DESC, evaluated_at DESC, id DESC) AS rn \
                       FROM evaluations e) AS ranked \
                 WHERE rn <= 2 ORDER BY crate, rn",
            )
            .fetch_all(pool)
            .await
            .map_err(query_err(action))?;
            let mut out: Vec<(String, HistoryEntry, Option<HistoryEntry>)> = Vec::new();
            for r in &rows {
                let name: String = r.try_get("crate").map_err(query_err(action))?;
                let id: i64 = r.try_get("id").map_err(query_err(action))?;
                // A row that does not read back is left out here; `history`
                // quarantines it when the crate's page is read.
                let Ok(entry) = history_entry(id, r) else {
                    continue;
                };
                match out.last_mut() {
                    Some(last) if last.0 == name => {
                        if last.2.is_none() {
                            last.2 = Some(entry);
                        }
                    }
                    _ => out.push((name, entry, None)),
                }
            }
            out
        });
        Ok(out)
    }

    /// Number of stored evaluations.
    pub async fn count(&self) -> Result<i64> {
        on_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM evaluations")
                .fetch_one(pool)
                .await
                .map_err(query_err("count stored evaluations"))
        })
    }

    /// Track crates; returns how many were not tracked before.
    pub async fn track(&self, names: &[String], now: Timestamp) -> Result<u64> {
        let mut added = 0;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(query_err("track crates"))?;
            for n in names {
                let r = sqlx::query("INSERT INTO tracked (crate, added_at) VALUES ($1, $2) ON CONFLICT (crate) DO NOTHING")
                    .bind(n.clone())
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await
                    .map_err(query_err(format!("track `{n}`")))?;
                added += r.rows_affected();
            }
            tx.commit().await.map_err(query_err("track crates"))?;
        });
        Ok(added)
    }

    /// Stop tracking crates (their history stays); returns how many were tracked.
    pub async fn untrack(&self, names: &[String]) -> Result<u64> {
        let mut removed = 0;
        on_pool!(self, pool => {
            for n in names {
                let r = sqlx::query("DELETE FROM tracked WHERE crate = $1")
                    .bind(n.clone())
                    .execute(pool)
                    .await
                    .map_err(query_err(format!("untrack `{n}`")))?;
                removed += r.rows_affected();
            }
        });
        Ok(removed)
    }

    /// Tracked crates, by name.
    pub async fn tracked(&self) -> Result<Vec<String>> {
        on_pool!(self, pool => {
            sqlx::query_scalar("SELECT crate FROM tracked ORDER BY crate")
                .fetch_all(pool)
                .await
                .map_err(query_err("list tracked crates"))
        })
    }

    /// SQLite's `PRAGMA integrity_check` ("ok" when sound); None on PostgreSQL.
    pub async fn integrity_check(&self) -> Result<Option<String>> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await
                    .map_err(query_err("check the database's integrity"))?;
                Ok(Some(lines.join("\n")))
            }
            Pool::Postgres(_) => Ok(None),
        }
    }
}

/// The SQLite file a URL points at, when it is one.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let u = if url.contains("://") || url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    SqliteConnectOptions::from_str(&u)
        .ok()
        .map(|o| Path::new(o.get_filename()).to_path_buf())
}
