//! On-demand evaluation: a crate asked for that is not stored yet is put on a
//! bounded queue and evaluated by a few workers, each job with a fresh engine
//! [`Evaluator`] (its index cache lives for one run). The queue refuses when
//! full instead of growing; a job already queued is not queued twice, under
//! any spelling of its name (`Serde`, `serde`, `SERDE` are one job: crates.io
//! names are unique ignoring case and `-`/`_`); a failure is remembered for
//! a while so its page can say why. A job first resolves the name to the
//! one the registry publishes ([`resolve_name`]) and stores the card under
//! it; the pages redirect every other spelling there.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Instant;

use cratescope_engine::{CrateSpec, Evaluator};
use cratescope_store::SaveOptions;
use tokio::sync::mpsc;

use crate::AppState;
use crate::defaults::FAILURE_MEMORY;

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

/// The queue is full: the caller answers 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFull;

#[derive(Debug)]
struct Job {
    state: JobState,
    at: Instant,
    /// The registry's spelling of the name, once the job resolved it.
    resolved: Option<String>,
}

/// The key of a crate name: crates.io names are unique ignoring ASCII case
/// and `-`/`_`.
pub fn name_key(name: &str) -> String {
    name.to_ascii_lowercase().replace('_', "-")
}

/// The queue.
#[derive(Debug)]
pub struct Queue {
    tx: mpsc::Sender<String>,
    /// The receiving end lives as long as the queue (with no workers, jobs
    /// wait instead of failing); workers share it.
    rx: std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<String>>>,
    capacity: usize,
    jobs: Mutex<HashMap<String, Job>>,
}

impl Queue {
    /// A queue of `capacity` jobs.
    pub fn new(capacity: usize) -> Queue {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        Queue {
            tx,
            rx: std::sync::Arc::new(tokio::sync::Mutex::new(rx)),
            capacity: capacity.max(1),
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

    /// The state of a crate's job, if any.
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

    /// Ask for an evaluation; Err when the queue is full.
    pub fn enqueue(&self, name: &str) -> Result<Enqueued, QueueFull> {
        let key = name_key(name);
        let mut jobs = self.jobs.lock().map_err(|_| QueueFull)?;
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
        self.tx.try_send(name.to_string()).map_err(|_| QueueFull)?;
        jobs.insert(
            key,
            Job {
                state: JobState::Queued,
                at: Instant::now(),
                resolved: None,
            },
        );
        let waiting = jobs
            .values()
            .filter(|j| j.state == JobState::Queued)
            .count();
        Ok(Enqueued::Added(waiting))
    }

    fn set(&self, name: &str, state: Option<JobState>) {
        let key = name_key(name);
        if let Ok(mut jobs) = self.jobs.lock() {
            match state {
                Some(state) => {
                    let resolved = jobs.get(&key).and_then(|j| j.resolved.clone());
                    jobs.insert(
                        key,
                        Job {
                            state,
                            at: Instant::now(),
                            resolved,
                        },
                    );
                }
                None => {
                    jobs.remove(&key);
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
                let Some(name) = next else { return };
                run_job(&state, &name).await;
            }
        });
    }
}

async fn run_job(state: &AppState, name: &str) {
    state.queue.set(name, Some(JobState::Running));
    let started = Instant::now();
    let result = evaluate_and_store(state, name).await;
    match result {
        Ok(()) => {
            state.metrics.evaluations.fetch_add(1, Ordering::Relaxed);
            state.queue.set(name, None);
            state.cache.clear();
            tracing::info!(
                crate_name = name,
                took_ms = started.elapsed().as_millis() as u64,
                "evaluated on demand"
            );
        }
        Err((reason, not_found)) => {
            state
                .metrics
                .evaluation_failures
                .fetch_add(1, Ordering::Relaxed);
            tracing::warn!(crate_name = name, %reason, "on-demand evaluation failed");
            state
                .queue
                .set(name, Some(JobState::Failed { reason, not_found }));
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

async fn evaluate_and_store(state: &AppState, name: &str) -> Result<(), (String, bool)> {
    let chain = |e: &dyn std::error::Error| cratescope_engine::error::chain(e);
    // A fresh evaluator per job: its index cache and advisory load are per run.
    let evaluator = Evaluator::new(state.cfg.eval_options()).map_err(|e| (chain(&e), false))?;
    let nf =
        |e: &cratescope_engine::Error| matches!(e, cratescope_engine::Error::CrateNotFound { .. });
    let requested = name;
    let name = resolve_name(&evaluator, requested)
        .await
        .map_err(|e| (chain(&e), nf(&e)))?;
    state.queue.set_resolved(requested, &name);
    let spec = CrateSpec::parse(&name).map_err(|e| (chain(&e), false))?;
    let out = evaluator.evaluate(&spec).await.map_err(|e| {
        let nf = matches!(e, cratescope_engine::Error::CrateNotFound { .. });
        (chain(&e), nf)
    })?;
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_deduplicated() {
        let q = Queue::new(2);
        assert_eq!(q.enqueue("a"), Ok(Enqueued::Added(1)));
        assert_eq!(q.enqueue("a"), Ok(Enqueued::Already(JobState::Queued)));
        assert_eq!(q.enqueue("b"), Ok(Enqueued::Added(2)));
        assert_eq!(q.enqueue("c"), Err(QueueFull));
        assert_eq!(q.depth(), 2);
        q.set(
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
}
