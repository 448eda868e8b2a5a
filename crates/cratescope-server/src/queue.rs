//! On-demand evaluation: a crate asked for that is not stored yet is put on a
//! bounded queue and evaluated by a few workers, each job with a fresh engine
//! [`Evaluator`] (its index cache lives for one run).
//!
//! - The queue refuses when full instead of growing, and one client may have
//!   only its share of it waiting (`queue_per_client`).
//! - A crate is one job whatever the letter case or `-`/`_` of the name it
//!   was asked by (`Serde`, `serde`, `SERDE` are one job: crates.io names
//!   are unique ignoring case and `-`/`_`). A job first resolves the name to
//!   the one the registry publishes ([`resolve_name`]) and stores the card
//!   under it; the pages redirect every other spelling there.
//! - Each job runs in its own task under a deadline: an evaluation that
//!   panics, fails or overruns ends as a failure its page reports; the
//!   worker and its queue slot carry on. A failure is remembered for a while
//!   so its page can say why.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use cratescope_engine::{CrateSpec, Evaluator};
use cratescope_store::SaveOptions;
use tokio::sync::mpsc;

use crate::AppState;
use crate::defaults::FAILURE_MEMORY;
use crate::limit::client_key;

/// Where a crate's on-demand evaluation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for a worker.
    Queued,
    /// Being evaluated.
    Running,
    /// It failed; `not_found` when the registry does not know the crate.
    Failed {
        /// Why.
        reason: String,
        /// The registry does not know the crate.
        not_found: bool,
    },
}

/// What asking for an evaluation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enqueued {
    /// Queued now, at this position (1 = next).
    Added(usize),
    /// Already queued or running.
    Already(JobState),
    /// It failed recently.
    Failed {
        /// Why.
        reason: String,
        /// The registry does not know the crate.
        not_found: bool,
    },
}

/// Why a job was not queued: the caller answers 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFull {
    /// The queue holds its capacity.
    Total,
    /// This client has its share of the queue waiting already.
    Client,
}

/// The key of a crate name: crates.io names are unique ignoring ASCII case
/// and `-`/`_`.
pub fn name_key(name: &str) -> String {
    name.to_ascii_lowercase().replace('_', "-")
}

#[derive(Debug)]
struct Job {
    /// The name as first asked for.
    name: String,
    state: JobState,
    at: Instant,
    client: Option<IpAddr>,
    /// The registry's spelling of the name, once the job resolved it.
    resolved: Option<String>,
}

/// The queue.
#[derive(Debug)]
pub struct Queue {
    tx: mpsc::Sender<String>,
    /// The receiving end lives as long as the queue (with no workers, jobs
    /// wait instead of failing); workers share it.
    rx: std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<String>>>,
    capacity: usize,
    per_client: usize,
    /// By [`name_key`].
    jobs: Mutex<HashMap<String, Job>>,
}

impl Queue {
    /// A queue of `capacity` jobs, at most `per_client` waiting per client.
    pub fn new(capacity: usize, per_client: usize) -> Queue {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        Queue {
            tx,
            rx: std::sync::Arc::new(tokio::sync::Mutex::new(rx)),
            capacity: capacity.max(1),
            per_client: per_client.max(1),
            jobs: Mutex::new(HashMap::new()),
        }
    }

    /// Its capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Jobs queued or running.
    pub fn depth(&self) -> usize {
        self.jobs
            .lock()
            .map(|j| {
                j.values()
                    .filter(|j| matches!(j.state, JobState::Queued | JobState::Running))
                    .count()
            })
            .unwrap_or(0)
    }

    /// The state of a crate's job, if any (by any spelling of its name).
    pub fn state(&self, name: &str) -> Option<JobState> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(&name_key(name))
            .filter(|j| {
                !matches!(j.state, JobState::Failed { .. }) || j.at.elapsed() < FAILURE_MEMORY
            })
            .map(|j| j.state.clone())
    }

    /// The registry's spelling of a name whose job resolved it.
    pub fn resolved(&self, name: &str) -> Option<String> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(&name_key(name))?.resolved.clone()
    }

    fn set_resolved(&self, name: &str, resolved: &str) {
        if let Ok(mut jobs) = self.jobs.lock()
            && let Some(j) = jobs.get_mut(&name_key(name))
        {
            j.resolved = Some(resolved.to_string());
        }
    }

    /// Ask for an evaluation with no client to account it to.
    pub fn enqueue(&self, name: &str) -> Result<Enqueued, QueueFull> {
        self.enqueue_for(name, None)
    }

    /// Ask for an evaluation on behalf of `client`; Err when the queue, or
    /// the client's share of it, is full.
    pub fn enqueue_for(&self, name: &str, client: Option<IpAddr>) -> Result<Enqueued, QueueFull> {
        let client = client.map(client_key);
        let key = name_key(name);
        let mut jobs = self.jobs.lock().map_err(|_| QueueFull::Total)?;
        if let Some(j) = jobs.get(&key) {
            match &j.state {
                JobState::Queued | JobState::Running => {
                    return Ok(Enqueued::Already(j.state.clone()));
                }
                JobState::Failed { reason, not_found } if j.at.elapsed() < FAILURE_MEMORY => {
                    return Ok(Enqueued::Failed {
                        reason: reason.clone(),
                        not_found: *not_found,
                    });
                }
                JobState::Failed { .. } => {}
            }
        }
        let waiting = |j: &Job| j.state == JobState::Queued;
        if client.is_some()
            && jobs
                .values()
                .filter(|j| waiting(j) && j.client == client)
                .count()
                >= self.per_client
        {
            return Err(QueueFull::Client);
        }
        self.tx
            .try_send(key.clone())
            .map_err(|_| QueueFull::Total)?;
        jobs.insert(
            key,
            Job {
                name: name.to_string(),
                state: JobState::Queued,
                at: Instant::now(),
                client,
                resolved: None,
            },
        );
        Ok(Enqueued::Added(
            jobs.values().filter(|j| waiting(j)).count(),
        ))
    }

    /// What a client that was not queued reads (a 503 with Retry-After).
    pub fn refusal(&self, full: QueueFull, retry_after: u64) -> crate::AppError {
        let reason = match full {
            QueueFull::Total => reasons::queue_full(self.capacity),
            QueueFull::Client => reasons::client_share(self.per_client),
        };
        crate::AppError::Busy {
            reason,
            retry_after,
        }
    }

    /// The name a job was asked for by, and mark it running.
    fn start(&self, key: &str) -> Option<String> {
        let mut jobs = self.jobs.lock().ok()?;
        let j = jobs.get_mut(key)?;
        j.state = JobState::Running;
        j.at = Instant::now();
        Some(j.name.clone())
    }

    /// A job's end: forgotten (done) or remembered as failed.
    fn finish(&self, key: &str, failure: Option<JobState>) {
        if let Ok(mut jobs) = self.jobs.lock() {
            match failure {
                Some(state) => {
                    if let Some(j) = jobs.get_mut(key) {
                        j.state = state;
                        j.at = Instant::now();
                    }
                }
                None => {
                    jobs.remove(key);
                }
            }
            // Forget old failures so the map follows recent activity.
            jobs.retain(|_, j| {
                !matches!(j.state, JobState::Failed { .. }) || j.at.elapsed() < FAILURE_MEMORY
            });
        }
    }
}

/// Start `cfg.eval_workers` workers taking jobs from the queue.
pub(crate) fn start_workers(state: &AppState) {
    for _ in 0..state.cfg.eval_workers {
        let (state, rx) = (state.clone(), state.queue.rx.clone());
        tokio::spawn(async move {
            loop {
                let next = rx.lock().await.recv().await;
                let Some(key) = next else { return };
                run_job(&state, &key).await;
            }
        });
    }
}

/// What a job ended with.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Evaluated and stored under this name.
    Stored(String),
    /// Already stored under this name: nothing evaluated.
    AlreadyStored(String),
}

impl Outcome {
    /// The name the crate is stored under.
    fn stored_as(&self) -> &str {
        match self {
            Outcome::Stored(n) | Outcome::AlreadyStored(n) => n,
        }
    }
}

/// Why a job failed: the reason for its page, and whether the registry does
/// not know the crate.
pub(crate) type Failure = (String, bool);

/// Reasons a refused or supervised job gives, from the catalog.
mod reasons {
    use cratescope_model::msg;

    use crate::render::say;

    pub(super) fn queue_full(capacity: usize) -> String {
        say(&msg!("server-queue-full", n = capacity))
    }
    pub(super) fn client_share(n: usize) -> String {
        say(&msg!("server-queue-client-share", n = n))
    }
    pub(super) fn overran(secs: u64) -> String {
        say(&msg!("server-eval-overran", secs = secs))
    }
    pub(super) fn panicked() -> String {
        say(&msg!("server-eval-panicked"))
    }
    pub(super) fn cancelled() -> String {
        say(&msg!("server-eval-cancelled"))
    }
    pub(super) fn read_only() -> String {
        say(&msg!("server-store-read-only"))
    }
}

/// Run `job` in its own task under `limit`: whatever happens to it (an
/// error, a panic, no end), the caller gets an outcome and carries on.
pub(crate) async fn supervise<T, F>(limit: Duration, job: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, Failure>> + Send + 'static,
{
    let handle = tokio::spawn(job);
    let abort = handle.abort_handle();
    match tokio::time::timeout(limit, handle).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) if e.is_panic() => {
            let p = e.into_panic();
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(panic = %what, "an on-demand evaluation panicked");
            Err((reasons::panicked(), false))
        }
        Ok(Err(_)) => Err((reasons::cancelled(), false)),
        Err(_) => {
            abort.abort();
            Err((reasons::overran(limit.as_secs()), false))
        }
    }
}

async fn run_job(state: &AppState, key: &str) {
    let Some(name) = state.queue.start(key) else {
        return;
    };
    let started = Instant::now();
    let result = supervise(
        state.cfg.eval_timeout,
        evaluate_and_store(state.clone(), name.clone()),
    )
    .await;
    match result {
        Ok(outcome) => {
            let evaluated = matches!(outcome, Outcome::Stored(_));
            if evaluated {
                state.metrics.evaluations.fetch_add(1, Ordering::Relaxed);
            }
            state.queue.finish(key, None);
            state.cache.clear();
            tracing::info!(
                crate_name = %name,
                stored_as = outcome.stored_as(),
                evaluated,
                took_ms = started.elapsed().as_millis() as u64,
                "on-demand job done"
            );
        }
        Err((reason, not_found)) => {
            state
                .metrics
                .evaluation_failures
                .fetch_add(1, Ordering::Relaxed);
            tracing::warn!(crate_name = %name, %reason, "on-demand evaluation failed");
            state
                .queue
                .finish(key, Some(JobState::Failed { reason, not_found }));
            state.cache.clear();
        }
    }
}

/// The name the registry publishes a crate under, as `cratescope eval`
/// resolves it: the index's spelling of the name asked for (the index is
/// case-insensitive), else of cargo's other spelling (`actix_web` →
/// `actix-web`). The one place the server resolves names.
pub(crate) async fn resolve_name(
    evaluator: &Evaluator,
    name: &str,
) -> Result<String, cratescope_engine::Error> {
    let first = match evaluator.releases(name).await {
        Ok(ic) => return Ok(ic.name.clone()),
        Err(e) => e,
    };
    for alt in cratescope_engine::suggest::separator_variants(name) {
        if let Ok(ic) = evaluator.releases(&alt).await {
            return Ok(ic.name.clone());
        }
    }
    Err(first)
}

async fn evaluate_and_store(state: AppState, name: String) -> Result<Outcome, Failure> {
    let chain = |e: &dyn std::error::Error| cratescope_engine::error::chain(e);
    // Asked for by another spelling of a stored crate: nothing to evaluate
    // (its page redirects to the stored name; scheduled rounds keep it
    // current).
    if let Some(stored) = state
        .store
        .stored_name(&name)
        .await
        .map_err(|e| (chain(&e), false))?
    {
        return Ok(Outcome::AlreadyStored(stored));
    }
    if state.store.read_only() {
        return Err((reasons::read_only(), false));
    }
    // A fresh evaluator per job: its index cache and advisory load are per run.
    let evaluator = Evaluator::new(state.cfg.eval_options()).map_err(|e| (chain(&e), false))?;
    let nf =
        |e: &cratescope_engine::Error| matches!(e, cratescope_engine::Error::CrateNotFound { .. });
    let requested = name;
    let name = resolve_name(&evaluator, &requested)
        .await
        .map_err(|e| (chain(&e), nf(&e)))?;
    state.queue.set_resolved(&requested, &name);
    let spec = CrateSpec::parse(&name).map_err(|e| (chain(&e), false))?;
    let out = evaluator
        .evaluate(&spec)
        .await
        .map_err(|e| (chain(&e), nf(&e)))?;
    state
        .store
        .save(
            &out.evaluation,
            &out.facts,
            SaveOptions {
                evaluated_at: jiff::Timestamp::now(),
                backfill: false,
                run: None,
            },
        )
        .await
        .map_err(|e| (chain(&e), false))?;
    Ok(Outcome::Stored(out.evaluation.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_deduplicated() {
        let q = Queue::new(2, 8);
        assert_eq!(q.enqueue("a"), Ok(Enqueued::Added(1)));
        assert_eq!(q.enqueue("a"), Ok(Enqueued::Already(JobState::Queued)));
        assert_eq!(q.enqueue("b"), Ok(Enqueued::Added(2)));
        assert_eq!(q.enqueue("c"), Err(QueueFull::Total));
        assert_eq!(q.depth(), 2);
        q.finish(
            "a",
            Some(JobState::Failed {
                reason: "no crate".into(),
                not_found: true,
            }),
        );
        assert_eq!(
            q.enqueue("a"),
            Ok(Enqueued::Failed {
                reason: "no crate".into(),
                not_found: true
            })
        );
    }

    #[test]
    fn one_crate_is_one_job_whatever_its_spelling() {
        let q = Queue::new(8, 8);
        assert_eq!(q.enqueue("Serde-Json"), Ok(Enqueued::Added(1)));
        for other in ["serde_json", "SERDE-JSON", "serde-json"] {
            assert_eq!(
                q.enqueue(other),
                Ok(Enqueued::Already(JobState::Queued)),
                "{other}"
            );
        }
        // Running, it is still the one job.
        assert_eq!(
            q.start(&name_key("serde_json")).as_deref(),
            Some("Serde-Json")
        );
        assert_eq!(
            q.enqueue("serde_JSON"),
            Ok(Enqueued::Already(JobState::Running))
        );
        assert_eq!(q.state("SERDE_JSON"), Some(JobState::Running));
        assert_eq!(q.depth(), 1);
    }

    #[test]
    fn one_client_cannot_fill_the_queue() {
        let q = Queue::new(10, 2);
        let a = Some("198.51.100.7".parse().unwrap());
        let b = Some("203.0.113.9".parse().unwrap());
        assert!(matches!(q.enqueue_for("x1", a), Ok(Enqueued::Added(_))));
        assert!(matches!(q.enqueue_for("x2", a), Ok(Enqueued::Added(_))));
        assert_eq!(q.enqueue_for("x3", a), Err(QueueFull::Client));
        // Another client still gets in; a job of A's that runs frees A's share.
        assert!(matches!(q.enqueue_for("x3", b), Ok(Enqueued::Added(_))));
        q.start("x1");
        assert!(matches!(q.enqueue_for("x4", a), Ok(Enqueued::Added(_))));
    }

    #[tokio::test]
    async fn a_job_that_panics_or_overruns_is_a_failure_not_a_dead_worker() {
        let panicked =
            supervise::<(), _>(Duration::from_secs(5), async { panic!("analysis blew up") }).await;
        assert_eq!(panicked.unwrap_err().0, reasons::panicked());
        let overran = supervise::<(), _>(Duration::from_millis(50), async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok(())
        })
        .await;
        assert!(overran.unwrap_err().0.contains("did not finish"));
        let failed = supervise::<(), _>(Duration::from_secs(5), async {
            Err(("worker process killed".to_string(), false))
        })
        .await;
        assert_eq!(failed.unwrap_err().0, "worker process killed");
        assert_eq!(
            supervise(Duration::from_secs(5), async { Ok(7) }).await,
            Ok(7)
        );
    }
}
