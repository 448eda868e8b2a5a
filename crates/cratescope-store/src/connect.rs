//! Opening a store: a SQLite file, writable or read-only, checked; a
//! PostgreSQL server within [`CONNECT_TIMEOUT`], with the real cause.
//!
//! SQLite: a file that is not writable, or whose directory is not (WAL mode
//! writes its `-wal` and `-shm` files beside it), is opened read-only rather
//! than refused, so a history shipped read-only can still be served; when
//! even a read-only open needs the missing WAL index, the file is opened as
//! immutable. Asked for with `?mode=ro`, read-only it is. A read-only file is
//! not migrated: its schema must be this version's.
//!
//! sqlx's pool treats "connection refused" as a server still starting and
//! retries until its acquire timeout, then says only "pool timed out". So the
//! pool is raced against one plain connection attempt: a refused, unknown or
//! unauthorised connection fails that attempt at once with its cause; a
//! server that never answers is reported when the pool gives up. No timer is
//! needed here, so the store stays free of any async runtime.

use std::future::Future;
use std::pin::pin;
use std::str::FromStr;
use std::task::Poll;

use std::path::{Path, PathBuf};

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{
    Access, BUSY_TIMEOUT, CONNECT_TIMEOUT, POSTGRES_CONNECTIONS, Result, SQLITE_CONNECTIONS,
    SQLITE_MIGRATIONS, StoreError, migrator, verify,
};

/// SQLite's primary result codes of a file that cannot be written.
const SQLITE_READONLY: i64 = 8;
const SQLITE_CANTOPEN: i64 = 14;
/// `EROFS`: a read-only file system.
const EROFS: i32 = 30;

/// Open the SQLite database of `sqlite_url` (`shown` in messages): the pool,
/// the file, and how it is open.
pub(crate) async fn open_sqlite(
    sqlite_url: &str,
    shown: &str,
) -> Result<(SqlitePool, PathBuf, Access)> {
    let base = SqliteConnectOptions::from_str(sqlite_url)
        .map_err(|source| StoreError::Open {
            url: shown.to_string(),
            source,
        })?
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true);
    let file = base.get_filename().to_path_buf();
    if !asks_read_only(sqlite_url) && !not_writable(&file) {
        if let Some(dir) = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.exists())
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let rw = base
            .clone()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a commit survives a process kill (the WAL is
            // in the OS), only a power loss can drop the last commits.
            .synchronous(SqliteSynchronous::Normal);
        match connect_checked(rw, &file, shown, Access::ReadWrite).await {
            // The file is writable but its directory is not (SQLite cannot
            // create the WAL beside it): read it.
            Err(e) if file.exists() && cannot_write(&e) => {}
            r => return r.map(|p| (p, file, Access::ReadWrite)),
        }
    }
    let ro = base.create_if_missing(false).read_only(true);
    match connect_checked(ro.clone(), &file, shown, Access::ReadOnly).await {
        Ok(p) => Ok((p, file, Access::ReadOnly)),
        // A WAL database whose index (-shm) is absent and cannot be created.
        Err(e) if cannot_write(&e) => {
            let p = connect_checked(ro.immutable(true), &file, shown, Access::Immutable).await?;
            Ok((p, file, Access::Immutable))
        }
        Err(e) => Err(e),
    }
}

/// Connect, check the file (`PRAGMA quick_check`), and migrate it (read-write)
/// or check its schema is this version's (read-only).
async fn connect_checked(
    opts: SqliteConnectOptions,
    file: &Path,
    shown: &str,
    access: Access,
) -> Result<SqlitePool> {
    let damaged = |e: &sqlx::Error| {
        verify::is_corruption(e).then(|| StoreError::Damaged {
            path: file.to_path_buf(),
            detail: verify::db_message(e),
        })
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(SQLITE_CONNECTIONS)
        .connect_with(opts)
        .await
        .map_err(|source| {
            damaged(&source).unwrap_or(StoreError::Open {
                url: shown.to_string(),
                source,
            })
        })?;
    let checked = async {
        match verify::quick_check(&pool).await {
            Ok(lines) if lines == ["ok"] => {}
            Ok(lines) => {
                return Err(StoreError::Damaged {
                    path: file.to_path_buf(),
                    detail: verify::summarise(&lines),
                });
            }
            Err(source) => {
                return Err(damaged(&source).unwrap_or(StoreError::Query {
                    action: format!("check the database file `{}`", file.display()),
                    source,
                }));
            }
        }
        if access == Access::ReadWrite {
            if let Err(source) = migrator(SQLITE_MIGRATIONS).run(&pool).await {
                if let sqlx::migrate::MigrateError::Execute(e)
                | sqlx::migrate::MigrateError::ExecuteMigration(e, _) = &source
                    && let Some(d) = damaged(e)
                {
                    return Err(d);
                }
                return Err(StoreError::Migrate {
                    url: shown.to_string(),
                    source,
                });
            }
        } else {
            let needed = SQLITE_MIGRATIONS.last().map_or(0, |m| m.0);
            let found: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                    .fetch_one(&pool)
                    .await
                    .unwrap_or(None);
            if found != Some(needed) {
                return Err(StoreError::ReadOnlySchema {
                    path: file.to_path_buf(),
                    found,
                    needed,
                });
            }
        }
        Ok(())
    };
    match checked.await {
        Ok(()) => Ok(pool),
        Err(e) => {
            pool.close().await;
            Err(e)
        }
    }
}

/// `?mode=ro` or `?immutable=1` in the URL.
fn asks_read_only(url: &str) -> bool {
    url.split_once('?').is_some_and(|(_, q)| {
        q.split('&')
            .any(|kv| matches!(kv, "mode=ro" | "immutable=1" | "immutable=true"))
    })
}

/// The file exists and cannot be opened for writing (permissions, a
/// read-only file system). Opening for appending writes nothing.
fn not_writable(file: &Path) -> bool {
    match std::fs::OpenOptions::new().append(true).open(file) {
        Ok(_) => false,
        Err(e) => {
            e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(EROFS)
        }
    }
}

/// The error says SQLite could not write (or create) what it needs.
fn cannot_write(e: &StoreError) -> bool {
    let sql = match e {
        StoreError::Open { source, .. } | StoreError::Query { source, .. } => Some(source),
        StoreError::Migrate {
            source:
                sqlx::migrate::MigrateError::Execute(source)
                | sqlx::migrate::MigrateError::ExecuteMigration(source, _),
            ..
        } => Some(source),
        _ => None,
    };
    match sql {
        Some(sqlx::Error::Database(d)) => d
            .code()
            .and_then(|c| c.parse::<i64>().ok())
            .is_some_and(|c| matches!(c & 0xff, SQLITE_READONLY | SQLITE_CANTOPEN)),
        Some(sqlx::Error::Io(io)) => io.kind() == std::io::ErrorKind::PermissionDenied,
        _ => false,
    }
}

pub(crate) async fn open_postgres(url: &str, shown: &str) -> Result<PgPool> {
    let open_err = |source| StoreError::Open {
        url: shown.to_string(),
        source,
    };
    let opts = PgConnectOptions::from_str(url).map_err(open_err)?;
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(opts.clone());
    let probe = PgConnection::connect_with(&opts);
    let mut pool = pin!(pool);
    let mut probe = pin!(probe);
    let mut probe_done = false;
    let pool_result = std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = pool.as_mut().poll(cx) {
            return Poll::Ready(Ok(r));
        }
        if !probe_done && let Poll::Ready(r) = probe.as_mut().poll(cx) {
            match r {
                // The real cause, at once.
                Err(e) => return Poll::Ready(Err(e)),
                // The server answers: the pool will connect too. The probe
                // connection is dropped (its socket closes).
                Ok(_conn) => probe_done = true,
            }
        }
        Poll::Pending
    })
    .await;
    match pool_result {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(sqlx::Error::PoolTimedOut)) => Err(StoreError::ConnectTimeout {
            url: shown.to_string(),
            timeout: CONNECT_TIMEOUT,
        }),
        Ok(Err(e)) | Err(e) => Err(open_err(e)),
    }
}
