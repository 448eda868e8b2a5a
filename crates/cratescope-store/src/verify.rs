//! Verifying what is read back: SQLite's own checks (a quick one on every
//! open, the full one on `history --verify`), the quarantine of stored
//! rows that cannot be read (a bad tier, date or JSON), so one damaged row
//! never makes `history` or `update` fail for its crate forever, and the
//! health check of a running server ([`Store::health`]).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqlitePool;

use crate::{Pool, Quarantined, Result, Store, StoreError, query_err};

/// SQLite's primary result codes for a damaged file.
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_NOTADB: i64 = 26;
/// Problems listed in an error message before "and N more".
const SHOWN_PROBLEMS: usize = 3;

/// `PRAGMA quick_check`'s lines ("ok" alone when sound).
pub(crate) async fn quick_check(
    pool: &SqlitePool,
) -> std::result::Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(pool)
        .await
}

/// True when SQLite says the file is damaged or not a database.
pub(crate) fn is_corruption(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d
            .code()
            .and_then(|c| c.parse::<i64>().ok())
            .is_some_and(|c| matches!(c & 0xff, SQLITE_CORRUPT | SQLITE_NOTADB)),
        _ => false,
    }
}

/// The database's own message, without sqlx's wrapping.
pub(crate) fn db_message(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.message().to_string(),
        other => other.to_string(),
    }
}

/// The first problems of a check, and how many more.
pub(crate) fn summarise(lines: &[String]) -> String {
    let mut s = lines
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    if lines.len() > SHOWN_PROBLEMS {
        s.push_str(&format!(" (and {} more)", lines.len() - SHOWN_PROBLEMS));
    }
    s
}

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What is wrong with a SQLite file's header (its first 100 bytes), if
/// anything: the magic string, a page size that is a power of two from 512
/// to 65,536 (1 meaning 65,536), and the payload fractions SQLite requires.
pub(crate) fn header_problem(h: &[u8]) -> Option<&'static str> {
    if h.len() < 100 || &h[..16] != SQLITE_MAGIC {
        return Some("the file does not start with SQLite's header");
    }
    let page = u32::from(u16::from_be_bytes([h[16], h[17]]));
    let page = if page == 1 { 65_536 } else { page };
    if !(512..=65_536).contains(&page) || !page.is_power_of_two() {
        return Some("the header's page size is not one SQLite writes");
    }
    if h[21..24] != [64, 32, 32] {
        return Some("the header's payload fractions are not SQLite's");
    }
    None
}

/// What `/healthz` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Stored evaluations.
    pub evaluations: i64,
    /// Nothing can be written (see [`crate::Access`]).
    pub read_only: bool,
}

/// Every column of an `evaluations` row as text (crate first).
type RowText = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// What `history --verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// SQLite's `PRAGMA integrity_check` lines ("ok" when sound); None on
    /// PostgreSQL, which checks its pages itself.
    pub integrity: Option<Vec<String>>,
    /// Stored evaluations read back.
    pub rows_checked: u64,
    /// Rows that could not be read and were quarantined by this check.
    pub quarantined: Vec<Quarantined>,
    /// Rows in the quarantine table, this check's included.
    pub quarantine_total: u64,
}

impl VerifyReport {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.integrity
            .as_ref()
            .is_none_or(|l| l.len() == 1 && l[0] == "ok")
            && self.quarantined.is_empty()
    }
}

impl Store {
    /// Is the store usable now? On SQLite the file itself is read too: SQLite
    /// answers queries from pages it keeps in memory, so a file overwritten
    /// under a running server would otherwise look healthy. Its header is
    /// checked (the file replaced, truncated or overwritten with garbage) and
    /// a query reads the database. `history --verify` is the full check.
    pub async fn health(&self) -> Result<Health> {
        if let Some(file) = &self.file {
            use std::io::Read;
            let mut head = Vec::with_capacity(100);
            let read = std::fs::File::open(file)
                .and_then(|f| f.take(100).read_to_end(&mut head))
                .map_err(|e| StoreError::Damaged {
                    path: file.clone(),
                    detail: format!("the file cannot be read: {e}"),
                })?;
            if let Some(problem) = header_problem(&head[..read]) {
                return Err(StoreError::Damaged {
                    path: file.clone(),
                    detail: problem.into(),
                });
            }
        }
        let evaluations = self.count().await?;
        Ok(Health {
            evaluations,
            read_only: self.read_only(),
        })
    }

    /// Move a stored evaluation that cannot be read to the quarantine table,
    /// with the reason and every column as text, and remember it for
    /// [`Store::take_quarantined`]. Its dimensions and signals go with it.
    pub(crate) async fn quarantine(&self, id: i64, reason: &str) -> Result<()> {
        let action = format!("quarantine stored evaluation {id}");
        let now = Timestamp::now().as_second();
        let name = on_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(query_err(action.clone()))?;
            // DELETE first: it takes SQLite's write lock (waiting for it), and
            // a concurrent reader that quarantines the same row finds nothing.
            let row: Option<RowText> =
                sqlx::query_as(
                    "DELETE FROM evaluations WHERE id = $1 RETURNING crate, \
                     CAST(version AS TEXT), CAST(as_of AS TEXT), CAST(evaluated_at AS TEXT), \
                     CAST(model_version AS TEXT), COALESCE(CAST(composite AS TEXT), ''), \
                     CAST(confidence AS TEXT), CAST(tier AS TEXT), CAST(provisional AS TEXT), \
                     CAST(backfill AS TEXT), CAST(digest AS TEXT), CAST(evaluation_json AS TEXT)",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(query_err(action.clone()))?;
            let Some(r) = row else {
                // Already moved by someone else.
                return Ok(());
            };
            let json = serde_json::json!({
                "id": id, "crate": r.0, "version": r.1, "as_of": r.2, "evaluated_at": r.3,
                "model_version": r.4, "composite": r.5, "confidence": r.6, "tier": r.7,
                "provisional": r.8, "backfill": r.9, "digest": r.10, "evaluation_json": r.11,
            });
            sqlx::query(
                "INSERT INTO quarantine (evaluation_id, crate, reason, row_json, quarantined_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(r.0.clone())
            .bind(reason.to_string())
            .bind(json.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(query_err(action.clone()))?;
            tx.commit().await.map_err(query_err(action.clone()))?;
            r.0
        });
        if let Ok(mut q) = self.quarantined.lock() {
            q.push(Quarantined {
                evaluation_id: id,
                name,
                reason: reason.to_string(),
            });
        }
        Ok(())
    }

    /// Rows this handle moved to the quarantine table since the last call:
    /// the caller tells the user (once: a quarantined row is never read again).
    pub fn take_quarantined(&self) -> Vec<Quarantined> {
        self.quarantined
            .lock()
            .map(|mut q| std::mem::take(&mut *q))
            .unwrap_or_default()
    }

    /// Rows in the quarantine table.
    pub async fn quarantine_count(&self) -> Result<u64> {
        let n: i64 = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM quarantine")
                .fetch_one(pool)
                .await
                .map_err(query_err("count quarantined rows"))?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The full check of `history --verify`: SQLite's `integrity_check`, then
    /// every stored evaluation read back (its columns and its card), the
    /// unreadable ones quarantined.
    pub async fn verify(&self) -> Result<VerifyReport> {
        let integrity = match &self.pool {
            Pool::Sqlite(p) => Some(
                sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await
                    .map_err(query_err("check the database's integrity"))?,
            ),
            Pool::Postgres(_) => None,
        };
        let names = self.stored_crates().await?;
        let before = self.take_quarantined();
        let mut rows_checked = 0u64;
        for name in &names {
            rows_checked += self.history(name).await?.len() as u64;
            self.evaluations(name).await?;
        }
        let quarantined = self.take_quarantined();
        // Put back what an earlier read found, for the caller to report too.
        if let Ok(mut q) = self.quarantined.lock() {
            q.extend(before);
        }
        Ok(VerifyReport {
            integrity,
            rows_checked,
            quarantined,
            quarantine_total: self.quarantine_count().await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_sqlite_writes_and_garbage() {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(SQLITE_MAGIC);
        h[16..18].copy_from_slice(&4096u16.to_be_bytes());
        h[21..24].copy_from_slice(&[64, 32, 32]);
        assert_eq!(header_problem(&h), None);
        h[16..18].copy_from_slice(&1u16.to_be_bytes());
        assert_eq!(header_problem(&h), None, "1 means 65,536");
        h[16..18].copy_from_slice(&1000u16.to_be_bytes());
        assert!(header_problem(&h).is_some());
        h[16..18].copy_from_slice(&4096u16.to_be_bytes());
        h[22] = 0;
        assert!(header_problem(&h).is_some());
        assert!(header_problem(&h[..50]).is_some());
        assert!(header_problem(&[0x55; 100]).is_some());
    }
}
