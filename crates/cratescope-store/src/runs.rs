//! `update` runs shared by several processes (several `update`s, several
//! `serve`s, on one machine or many sharing a PostgreSQL).
//!
//! A run is keyed by its `as_of` day, with at most one open run per day (a
//! unique partial index). Joining it adds one 'pending' row per tracked crate;
//! workers then claim rows one at a time with a single atomic statement
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on
//! each other; SQLite serialises writers, so the same statement without the
//! lock clause is atomic). A claim carries its holder and time; the holder
//! renews it while it works. A claim not renewed for a lease has expired and
//! is taken over, so a killed worker's crate is evaluated by another one.
//! A crate that failed is retried only by an invocation that started after
//! the failure: concurrent invocations never pass a failing crate back and
//! forth. The run is finished when every row is 'done'.
//!
//! Times of claims are unix milliseconds.

use std::collections::BTreeSet;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Pool, Result, Store, query_err};

/// An `update` run: started, or joined after an interruption or beside
/// another invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Run id.
    pub id: i64,
    /// The day it evaluates against.
    pub as_of: Date,
    /// True when the run was already open (interrupted, or another
    /// invocation is working on it).
    pub resumed: bool,
    /// Crates already done by this run when it was joined.
    pub done: BTreeSet<String>,
}

/// Rows of a run by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunStatus {
    /// Not claimed yet.
    pub pending: u64,
    /// Claimed by a worker (possibly expired).
    pub claimed: u64,
    /// Evaluated and stored.
    pub done: u64,
    /// Failed; retried by a later invocation.
    pub failed: u64,
}

impl RunStatus {
    /// Every row.
    pub fn total(&self) -> u64 {
        self.pending + self.claimed + self.done + self.failed
    }
}

/// Who holds a claim: `host:pid:start` of the process. The engine uses the
/// parts to tell a holder on this machine that is gone (killed) from one
/// that is still working.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkerId(pub String);

impl WorkerId {
    /// The holder's parts: host, process id, process start (opaque).
    pub fn parts(&self) -> Option<(&str, u32, &str)> {
        let mut it = self.0.rsplitn(3, ':');
        let start = it.next()?;
        let pid = it.next()?.parse().ok()?;
        let host = it.next()?;
        Some((host, pid, start))
    }
}

impl std::fmt::Display for WorkerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn lease_ms(lease: Duration) -> i64 {
    i64::try_from(lease.as_millis()).unwrap_or(i64::MAX)
}

/// Claimable rows: pending; claimed with an expired lease; failed before the
/// claimer started ($4 = expired-before, $5 = claimer's start).
const CLAIMABLE: &str = "run_id = $1 AND (status = 'pending' \
     OR (status = 'claimed' AND claimed_at < $4) \
     OR (status = 'failed' AND claimed_at < $5))";

impl Store {
    /// Join the open `update` run for `as_of` (creating it when there is
    /// none), and make sure it has a row for every tracked crate. Crates no
    /// longer tracked lose their unfinished rows.
    pub async fn join_run(&self, as_of: Date, now: Timestamp) -> Result<Run> {
        let day = as_of.to_string();
        on_pool!(self, pool => {
            // Two attempts: the open run can be finished between our INSERT
            // and SELECT by another invocation.
            let mut attempt = 0;
            let (id, created) = loop {
                attempt += 1;
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO update_runs (started_at, as_of, finished_at) VALUES ($1, $2, NULL) \
                     ON CONFLICT (as_of) WHERE finished_at IS NULL DO NOTHING RETURNING id",
                )
                .bind(now.as_second())
                .bind(day.clone())
                .fetch_optional(pool)
                .await
                .map_err(query_err("start an update run"))?;
                if let Some(id) = inserted {
                    break (id, true);
                }
                let open: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM update_runs WHERE finished_at IS NULL AND as_of = $1",
                )
                .bind(day.clone())
                .fetch_optional(pool)
                .await
                .map_err(query_err("find the open update run"))?;
                match open {
                    Some(id) => break (id, false),
                    None if attempt < 3 => continue,
                    None => {
                        return Err(crate::StoreError::Query {
                            action: format!("join the update run of {day}"),
                            source: sqlx::Error::RowNotFound,
                        })
                    }
                }
            };
            sqlx::query(
                "INSERT INTO update_items (run_id, crate, status, attempts) \
                 SELECT $1, crate, 'pending', 0 FROM tracked WHERE true \
                 ON CONFLICT (run_id, crate) DO NOTHING",
            )
            .bind(id)
            .execute(pool)
            .await
            .map_err(query_err(format!("fill update run {id}")))?;
            sqlx::query(
                "DELETE FROM update_items WHERE run_id = $1 AND status IN ('pending', 'failed') \
                 AND crate NOT IN (SELECT crate FROM tracked)",
            )
            .bind(id)
            .execute(pool)
            .await
            .map_err(query_err(format!("prune update run {id}")))?;
            let done: Vec<String> = sqlx::query_scalar(
                "SELECT crate FROM update_items WHERE run_id = $1 AND status = 'done'",
            )
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(query_err(format!("read update run {id}")))?;
            Ok(Run { id, as_of, resumed: !created, done: done.into_iter().collect() })
        })
    }

    /// [`Store::join_run`] (the name `update` used before runs were shared).
    pub async fn start_or_resume_run(&self, as_of: Date, now: Timestamp) -> Result<Run> {
        self.join_run(as_of, now).await
    }

    /// Claim the next crate of a run for `worker`, atomically: a pending
    /// row, a claim not renewed for `lease`, or a failure recorded before
    /// `started` (the claimer's own start). None when nothing is claimable.
    pub async fn claim_next(
        &self,
        run: i64,
        worker: &WorkerId,
        now: Timestamp,
        lease: Duration,
        started: Timestamp,
    ) -> Result<Option<String>> {
        let action = format!("claim a crate of update run {run}");
        let expired_before = ms(now).saturating_sub(lease_ms(lease));
        // One statement: the subquery picks a row, the UPDATE takes it. On
        // PostgreSQL the row is locked and rows other claimers hold are
        // skipped; SQLite runs one writer at a time.
        let sql = |lock: &str| {
            format!(
                "UPDATE update_items SET status = 'claimed', claimed_by = $2, claimed_at = $3, \
                 attempts = attempts + 1, error = NULL \
                 WHERE (run_id, crate) IN (SELECT run_id, crate FROM update_items WHERE {CLAIMABLE} \
                 ORDER BY crate LIMIT 1{lock}) RETURNING crate"
            )
        };
        let name: Option<String> = match &self.pool {
            Pool::Sqlite(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql("")))
                .bind(run)
                .bind(worker.0.clone())
                .bind(ms(now))
                .bind(expired_before)
                .bind(ms(started))
                .fetch_optional(p)
                .await
                .map_err(query_err(action))?,
            Pool::Postgres(p) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql(" FOR UPDATE SKIP LOCKED")))
                    .bind(run)
                    .bind(worker.0.clone())
                    .bind(ms(now))
                    .bind(expired_before)
                    .bind(ms(started))
                    .fetch_optional(p)
                    .await
                    .map_err(query_err(action))?
            }
        };
        Ok(name)
    }

    /// Renew `worker`'s claim on a crate; false when it no longer holds it
    /// (it expired and was taken over, or the crate is done).
    pub async fn renew_claim(
        &self,
        run: i64,
        name: &str,
        worker: &WorkerId,
        now: Timestamp,
    ) -> Result<bool> {
        let r = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE update_items SET claimed_at = $4 \
                 WHERE run_id = $1 AND crate = $2 AND claimed_by = $3 AND status = 'claimed'",
            )
            .bind(run)
            .bind(name.to_string())
            .bind(worker.0.clone())
            .bind(ms(now))
            .execute(pool)
            .await
            .map_err(query_err(format!("renew the claim on `{name}`")))?
            .rows_affected()
        });
        Ok(r == 1)
    }

    /// Put the crates `worker` still holds in a run back to pending (a worker
    /// stopping early, or one found dead). Returns how many.
    pub async fn release_claims(&self, run: i64, worker: &WorkerId) -> Result<u64> {
        let r = on_pool!(self, pool => {
            sqlx::query(
                "UPDATE update_items SET status = 'pending', claimed_by = NULL, claimed_at = NULL \
                 WHERE run_id = $1 AND claimed_by = $2 AND status = 'claimed'",
            )
            .bind(run)
            .bind(worker.0.clone())
            .execute(pool)
            .await
            .map_err(query_err(format!("release the claims of {worker}")))?
            .rows_affected()
        });
        Ok(r)
    }

    /// Holders of the live claims of a run (whatever their age).
    pub async fn claim_holders(&self, run: i64) -> Result<Vec<WorkerId>> {
        let holders: Vec<String> = on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT DISTINCT claimed_by FROM update_items \
                 WHERE run_id = $1 AND status = 'claimed' AND claimed_by IS NOT NULL ORDER BY claimed_by",
            )
            .bind(run)
            .fetch_all(pool)
            .await
            .map_err(query_err(format!("list the claims of update run {run}")))?
        });
        Ok(holders.into_iter().map(WorkerId).collect())
    }

    /// Rows of a run by status.
    pub async fn run_status(&self, run: i64) -> Result<RunStatus> {
        let rows: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT status, COUNT(*) FROM update_items WHERE run_id = $1 GROUP BY status",
            )
            .bind(run)
            .fetch_all(pool)
            .await
            .map_err(query_err(format!("read update run {run}")))?
        });
        let mut s = RunStatus::default();
        for (status, n) in rows {
            let n = u64::try_from(n).unwrap_or(0);
            match status.as_str() {
                "pending" => s.pending = n,
                "claimed" => s.claimed = n,
                "done" => s.done = n,
                _ => s.failed += n,
            }
        }
        Ok(s)
    }

    /// How often each crate of a run was claimed (tests and `--verify`
    /// use it to show that no crate was evaluated twice in a round).
    pub async fn run_attempts(&self, run: i64) -> Result<Vec<(String, String, i64)>> {
        on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT crate, status, CAST(attempts AS BIGINT) FROM update_items WHERE run_id = $1 ORDER BY crate",
            )
            .bind(run)
            .fetch_all(pool)
            .await
            .map_err(query_err(format!("read update run {run}")))
        })
    }

    /// Record that a crate failed in a run: it is retried by an invocation
    /// that starts later, never by one already running.
    pub async fn record_failure(
        &self,
        run: i64,
        name: &str,
        error: &str,
        now: Timestamp,
    ) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO update_items (run_id, crate, status, evaluation_id, error, finished_at, claimed_at, attempts) \
                 VALUES ($1, $2, 'failed', NULL, $3, $4, $5, 1) \
                 ON CONFLICT (run_id, crate) DO UPDATE SET status = 'failed', error = excluded.error, \
                 finished_at = excluded.finished_at, claimed_at = excluded.claimed_at",
            )
            .bind(run)
            .bind(name.to_string())
            .bind(error.to_string())
            .bind(now.as_second())
            .bind(ms(now))
            .execute(pool)
            .await
            .map_err(query_err(format!("record the failure of `{name}`")))?;
        });
        Ok(())
    }

    /// Finish a run if every row is done; true when it is (now or already).
    pub async fn finish_run_if_complete(&self, run: i64, now: Timestamp) -> Result<bool> {
        on_pool!(self, pool => {
            sqlx::query(
                "UPDATE update_runs SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM update_items WHERE run_id = $1 AND status <> 'done')",
            )
            .bind(run)
            .bind(now.as_second())
            .execute(pool)
            .await
            .map_err(query_err(format!("finish update run {run}")))?;
            let finished: Option<Option<i64>> =
                sqlx::query_scalar("SELECT finished_at FROM update_runs WHERE id = $1")
                    .bind(run)
                    .fetch_optional(pool)
                    .await
                    .map_err(query_err(format!("read update run {run}")))?;
            Ok(matches!(finished, Some(Some(_))))
        })
    }

    /// Mark a run finished whatever its rows say.
    pub async fn finish_run(&self, run: i64, now: Timestamp) -> Result<()> {
        on_pool!(self, pool => {
            sqlx::query("UPDATE update_runs SET finished_at = $1 WHERE id = $2")
                .bind(now.as_second())
                .bind(run)
                .execute(pool)
                .await
                .map_err(query_err(format!("finish update run {run}")))?;
        });
        Ok(())
    }

    /// Open runs: (id, as_of day).
    pub async fn open_runs(&self) -> Result<Vec<(i64, String)>> {
        on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, as_of FROM update_runs WHERE finished_at IS NULL ORDER BY id",
            )
            .fetch_all(pool)
            .await
            .map_err(query_err("list open update runs"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_id_parts_allow_colons_in_host() {
        let w = WorkerId("fe80::1:4242:9876".into());
        assert_eq!(w.parts(), Some(("fe80::1", 4242, "9876")));
        assert_eq!(WorkerId("nope".into()).parts(), None);
    }
}
