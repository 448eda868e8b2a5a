//! `update`: re-evaluate every tracked crate and store the results. Several
//! invocations (`update`s, `serve`s, on one machine or many sharing a
//! PostgreSQL) share one run per `as_of` day: each of `jobs` workers loops
//! claim → evaluate → save, so each crate is evaluated once per round (see
//! the store's `runs` module for the claims). A worker renews its claim while
//! it evaluates; a claim that is not renewed for a lease (a killed process)
//! expires and is taken over, and a holder on this machine whose process is
//! gone is noticed at once. An invocation that runs out of crates waits for
//! the claims others still hold, so a round always ends with every crate done
//! or failed. Each crate's change against its previous stored evaluation is
//! classified for the summary (tier moves first).
//!
//! Deliberately not here: retrying a failed crate within the invocation that
//! saw it fail, or in one running beside it; the next invocation retries it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cratescope_model::Evaluation;
use cratescope_model::history::{Change, HistoryEntry, UpdateSummary};
use cratescope_store::{SaveOptions, Store, WorkerId};
use jiff::Timestamp;

use crate::error::{Error, chain};
use crate::evaluator::{CrateSpec, Evaluator, Outcome, Request};
use crate::progress::Progress;

/// Composite changes smaller than this are reported as unchanged: the card
/// shows two decimals.
pub const COMPOSITE_EPSILON: f64 = 0.005;

/// How long a claim lives without renewal. Workers renew every third of it,
/// so only a stopped process (or one stalled for two renewals) loses its
/// claim; a crash is recovered within this long by any other invocation.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(120);

/// The longest an idle worker sleeps between looks at claims others hold.
const MAX_POLL: Duration = Duration::from_secs(1);
/// The shortest: tests run with leases of a second or two.
const MIN_POLL: Duration = Duration::from_millis(50);

/// How an update runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConfig {
    /// Crates evaluated at once by this invocation (at least one).
    pub jobs: usize,
    /// Claim lease (see [`DEFAULT_LEASE`]).
    pub lease: Duration,
    /// The machine's name in claims (default: the host name). Processes
    /// that share a name judge each other's liveness through /proc, so give
    /// each machine sharing a PostgreSQL its own.
    pub host: Option<String>,
}

impl UpdateConfig {
    /// `jobs` workers with the default lease.
    pub fn new(jobs: usize) -> UpdateConfig {
        UpdateConfig {
            jobs,
            lease: DEFAULT_LEASE,
            host: None,
        }
    }

    fn poll(&self) -> Duration {
        (self.lease / 4).clamp(MIN_POLL, MAX_POLL)
    }

    fn renew_every(&self) -> Duration {
        (self.lease / 3).max(MIN_POLL)
    }
}

/// Classify a new evaluation against the previous stored one.
pub fn describe(prev: Option<&HistoryEntry>, eval: &Evaluation) -> Change {
    let name = eval.name.clone();
    match prev {
        None => Change::New {
            name,
            tier: eval.tier,
            composite: eval.composite,
        },
        Some(p) if p.tier != eval.tier => Change::Moved {
            name,
            from: p.tier,
            to: eval.tier,
            before: p.composite,
            after: eval.composite,
        },
        Some(p) => match (p.composite, eval.composite) {
            (Some(b), Some(a)) if (a - b).abs() >= COMPOSITE_EPSILON => Change::Shifted {
                name,
                before: b,
                after: a,
            },
            _ => Change::Same { name },
        },
    }
}

/// [`update_with`] with `jobs` workers and the default lease.
pub async fn update(
    store: &Store,
    evaluator: &Evaluator,
    jobs: usize,
    progress: Arc<dyn Progress>,
) -> Result<UpdateSummary, Error> {
    update_with(store, evaluator, UpdateConfig::new(jobs), progress).await
}

/// Join the run for the evaluator's day and work on it with `cfg.jobs`
/// workers until no crate is left to claim and no other invocation holds
/// one; store each result in its own transaction. The run is finished when
/// every crate is done.
pub async fn update_with(
    store: &Store,
    evaluator: &Evaluator,
    cfg: UpdateConfig,
    progress: Arc<dyn Progress>,
) -> Result<UpdateSummary, Error> {
    let tracked = store
        .tracked()
        .await
        .map_err(store_err("list tracked crates"))?;
    if tracked.is_empty() {
        return Ok(UpdateSummary {
            nothing_tracked: true,
            ..UpdateSummary::default()
        });
    }
    let started = Timestamp::now();
    let run = store
        .join_run(evaluator.options().as_of, started)
        .await
        .map_err(store_err("join the update run"))?;
    let status = store
        .run_status(run.id)
        .await
        .map_err(store_err("read the update run"))?;
    progress.start(usize::try_from(status.total() - status.done).unwrap_or(usize::MAX));
    let me = worker_id(cfg.host.as_deref());
    let changes = Arc::new(Mutex::new(Vec::new()));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..cfg.jobs.max(1) {
        let w = Worker {
            store: store.clone(),
            evaluator: evaluator.clone(),
            run: run.id,
            me: me.clone(),
            started,
            cfg: cfg.clone(),
            progress: progress.clone(),
            changes: changes.clone(),
        };
        set.spawn(w.work());
    }
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        let r = match joined {
            Ok(r) => r,
            Err(source) => Err(Error::Task {
                what: "an update worker",
                source,
            }),
        };
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    }
    // A worker that stopped on an error may hold a claim: hand it back now
    // instead of making others wait for the lease.
    let _ = store.release_claims(run.id, &me).await;
    if let Some(e) = first_error {
        return Err(e);
    }
    store
        .finish_run_if_complete(run.id, Timestamp::now())
        .await
        .map_err(store_err("finish the update run"))?;
    let changes = std::mem::take(&mut *changes.lock().unwrap_or_else(|p| p.into_inner()));
    Ok(UpdateSummary {
        changes,
        already_done: run.done.len(),
        resumed: run.resumed,
        nothing_tracked: false,
    })
}

/// One of an invocation's workers.
struct Worker {
    store: Store,
    evaluator: Evaluator,
    run: i64,
    me: WorkerId,
    started: Timestamp,
    cfg: UpdateConfig,
    progress: Arc<dyn Progress>,
    changes: Arc<Mutex<Vec<Change>>>,
}

impl Worker {
    async fn work(self) -> Result<(), Error> {
        loop {
            let claimed = self
                .store
                .claim_next(
                    self.run,
                    &self.me,
                    Timestamp::now(),
                    self.cfg.lease,
                    self.started,
                )
                .await
                .map_err(store_err("claim a crate"))?;
            let Some(name) = claimed else {
                // Nothing claimable: done, unless others still hold claims
                // (alive, or dead and not yet expired): wait for those.
                let status = self
                    .store
                    .run_status(self.run)
                    .await
                    .map_err(store_err("read the update run"))?;
                if status.claimed == 0 {
                    return Ok(());
                }
                self.release_dead_holders().await?;
                tokio::time::sleep(self.cfg.poll()).await;
                continue;
            };
            self.progress.begin(&name);
            let change = self.evaluate_renewing(&name).await;
            self.progress.done(&name);
            self.changes
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(change);
        }
    }

    /// Evaluate and save one crate, renewing the claim meanwhile.
    ///
    /// The renewals run as a task of their own, never in turn with the
    /// work: the save's transaction locks the crate's row until it commits,
    /// so a renewal falling due inside it waits for that commit. Were the
    /// work paused while a renewal waits (a `select!` arm), the commit would
    /// never be sent: the worker would hang with its crate claimed and its
    /// row locked, and the round would never end.
    async fn evaluate_renewing(&self, name: &str) -> Change {
        beside(
            renew_until_aborted(
                self.store.clone(),
                self.run,
                name.to_string(),
                self.me.clone(),
                self.cfg.renew_every(),
            ),
            update_one(&self.store, &self.evaluator, name, self.run),
        )
        .await
    }

    /// Claims held by a process of this machine that is gone are handed back
    /// at once (a killed `update` restarted by hand, or by a test).
    async fn release_dead_holders(&self) -> Result<(), Error> {
        let holders = self
            .store
            .claim_holders(self.run)
            .await
            .map_err(store_err("list claims"))?;
        for h in holders {
            if h != self.me && holder_is_gone(&h) {
                self.store
                    .release_claims(self.run, &h)
                    .await
                    .map_err(store_err("release a dead worker's claims"))?;
            }
        }
        Ok(())
    }
}

/// Run `work` with `background` as a task of its own beside it, and end
/// that task when `work` ends: aborted and awaited, or only aborted when
/// `work` panics (a set of one aborts its task when dropped). A renewal in
/// flight is dropped: it matches no row once the crate is done or failed,
/// and its statement ends when the lock it may wait for is released.
async fn beside<W: std::future::Future>(
    background: impl std::future::Future<Output = ()> + Send + 'static,
    work: W,
) -> W::Output {
    let mut task = tokio::task::JoinSet::new();
    task.spawn(background);
    let out = work.await;
    task.abort_all();
    while task.join_next().await.is_some() {}
    out
}

/// Renew `worker`'s claim on `name` every `every` until the task is
/// aborted. A failed renewal is not fatal: the worst case is that another
/// worker evaluates the crate too, and the store keeps one row per distinct
/// inputs.
async fn renew_until_aborted(
    store: Store,
    run: i64,
    name: String,
    worker: WorkerId,
    every: Duration,
) {
    let mut renew = tokio::time::interval(every);
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is immediate: the claim was just made.
    renew.tick().await;
    loop {
        renew.tick().await;
        let _ = store
            .renew_claim(run, &name, &worker, Timestamp::now())
            .await;
    }
}

async fn update_one(store: &Store, evaluator: &Evaluator, name: &str, run: i64) -> Change {
    let fail = |error: &Error| Change::Failed {
        name: name.to_string(),
        error: error.message().into(),
    };
    let prev = match store.history(name).await {
        Ok(h) => h.into_iter().last(),
        Err(source) => {
            return fail(&Error::Store {
                what: "read the crate's history",
                source,
            });
        }
    };
    let result = match evaluator
        .evaluate(Request::registry(CrateSpec::latest(name)))
        .await
    {
        Ok(Outcome {
            evaluation, facts, ..
        }) => store
            .save(
                &evaluation,
                &facts,
                SaveOptions {
                    evaluated_at: Timestamp::now(),
                    backfill: false,
                    run: Some(run),
                },
            )
            .await
            .map(|_| describe(prev.as_ref(), &evaluation))
            .map_err(|source| Error::Store {
                what: "store the evaluation",
                source,
            }),
        Err(e) => Err(e),
    };
    match result {
        Ok(c) => c,
        Err(error) => {
            // Recorded so the run stays open and a later `update` retries it
            // (the store keeps the English chain, for operators).
            let _ = store
                .record_failure(run, name, &chain(&error), Timestamp::now())
                .await;
            fail(&error)
        }
    }
}

/// This process as a claim holder: `host:pid:start`, where start is the
/// process's start time from /proc (so a reused pid is not mistaken for it).
pub fn worker_id(host: Option<&str>) -> WorkerId {
    let pid = std::process::id();
    let start = proc_start(pid).unwrap_or_else(|| {
        // Without /proc: unique enough per process, never judged dead.
        Timestamp::now().as_millisecond().to_string()
    });
    let host = host.map(str::to_string).unwrap_or_else(host_name);
    WorkerId(format!("{host}:{pid}:{start}"))
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into())
}

/// The start time (clock ticks since boot) of a live process, from
/// `/proc/PID/stat`; None when it does not exist or is a zombie.
fn proc_start(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces and parentheses: fields
    // are counted after its closing parenthesis, where field 3 is the state.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = *fields.first()?;
    if state == "Z" || state == "X" {
        return None;
    }
    // Field 22 (starttime) is the 20th after the parenthesis.
    fields.get(19).map(|s| s.to_string())
}

/// True only when the holder ran on this machine and its process is gone
/// (or its pid now belongs to another process). Holders elsewhere, or on a
/// system without /proc, are left to their lease.
pub fn holder_is_gone(h: &WorkerId) -> bool {
    let Some((host, pid, start)) = h.parts() else {
        return false;
    };
    if host != host_name() || !std::path::Path::new("/proc/self/stat").exists() {
        return false;
    }
    proc_start(pid).as_deref() != Some(start)
}

pub(crate) fn store_err(what: &'static str) -> impl FnOnce(cratescope_store::StoreError) -> Error {
    move |source| Error::Store { what, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The background task (the renewals) stops when the work ends, and
    /// when the work panics.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_background_task_ends_with_the_work_even_when_it_panics() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let ticking = |n: Arc<AtomicUsize>| async move {
            loop {
                n.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        };
        // The work lasts until the background task has run twice.
        let until_two = |n: Arc<AtomicUsize>| async move {
            while n.load(Ordering::SeqCst) < 2 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        };
        // Work that returns: the task has ended when `beside` returns.
        let n = Arc::new(AtomicUsize::new(0));
        let out = beside(ticking(n.clone()), {
            let w = until_two(n.clone());
            async move {
                w.await;
                7
            }
        })
        .await;
        assert_eq!(out, 7);
        let at_end = n.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(n.load(Ordering::SeqCst), at_end, "it outlived the work");
        // Work that panics, in a task as a worker is: the task is aborted.
        let m = Arc::new(AtomicUsize::new(0));
        let (bg, w) = (ticking(m.clone()), until_two(m.clone()));
        let joined = tokio::spawn(async move {
            beside(bg, async move {
                w.await;
                panic!("the work panics");
            })
            .await
        })
        .await;
        assert!(joined.is_err_and(|e| e.is_panic()));
        // Settled (two reads 30 ms apart agree), then still for 100 ms;
        // a task left running adds one every 2 ms.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut last = m.load(Ordering::SeqCst);
        loop {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let now = m.load(Ordering::SeqCst);
            if now == last {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "it outlived a panic");
            last = now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(m.load(Ordering::SeqCst), last, "it outlived a panic");
    }

    #[test]
    fn this_process_is_alive_and_a_dead_pid_is_gone() {
        let me = worker_id(None);
        assert!(!holder_is_gone(&me), "{me}");
        // Another machine's name: left to the lease even with our pid.
        assert!(!holder_is_gone(&worker_id(Some("machine-b"))));
        if std::path::Path::new("/proc/self/stat").exists() {
            // A pid above the kernel's maximum never exists.
            let (host, _, start) = me.parts().unwrap();
            let dead = WorkerId(format!("{host}:4194305:{start}"));
            assert!(holder_is_gone(&dead));
            // Our pid with another start time: a reused pid.
            let reused = WorkerId(format!("{host}:{}:1", std::process::id()));
            assert!(holder_is_gone(&reused));
        }
        // Another machine's holder is never judged here.
        assert!(!holder_is_gone(&WorkerId("elsewhere:1:1".into())));
    }

    #[test]
    fn poll_and_renewal_follow_the_lease() {
        let c = UpdateConfig {
            lease: Duration::from_secs(2),
            ..UpdateConfig::new(1)
        };
        assert_eq!(c.poll(), Duration::from_millis(500));
        assert!(c.renew_every() < c.lease / 2);
        assert_eq!(UpdateConfig::new(3).poll(), MAX_POLL);
    }
}
