//! Scheduled re-evaluation of the tracked crates (`--update-every`): one
//! round now and then one per period, each through the engine's shared
//! update runs, so several servers (and `cratescope update`s) on one store
//! evaluate each crate once per round. Each round has a fresh [`Evaluator`].

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use cratescope_engine::update::{self, UpdateConfig};
use cratescope_engine::{Evaluator, Progress};
use cratescope_model::history::Change;
use tokio::sync::watch;

use crate::AppState;

/// After a failed round (the store down, say), wait at least this long.
const RETRY_AFTER_ERROR: Duration = Duration::from_secs(60);

/// Progress of a round: the page cache is refreshed as crates are stored.
struct Refresh(AppState);

impl Progress for Refresh {
    fn done(&self, _item: &str) {
        self.0.cache.clear();
    }
}

/// One round: join (or start) today's run and work on it until it is done.
pub async fn round(state: &AppState, cfg: &UpdateConfig) -> Result<(), String> {
    let evaluator = Evaluator::new(state.cfg.eval_options())
        .map_err(|e| cratescope_engine::error::chain(&e))?;
    let summary = update::update_with(
        &state.store,
        &evaluator,
        cfg.clone(),
        Arc::new(Refresh(state.clone())),
    )
    .await
    .map_err(|e| cratescope_engine::error::chain(&e))?;
    let failed = summary.failures() as u64;
    let evaluated = summary.changes.len() as u64 - failed;
    state
        .metrics
        .update_evaluations
        .fetch_add(evaluated, Ordering::Relaxed);
    state
        .metrics
        .update_failures
        .fetch_add(failed, Ordering::Relaxed);
    state.metrics.update_rounds.fetch_add(1, Ordering::Relaxed);
    for c in &summary.changes {
        if let Change::Failed { name, error } = c {
            let error = cratescope_report::text::say(cratescope_report::Lang::En, &error.message);
            tracing::warn!(crate_name = %name, %error, "scheduled evaluation failed");
        }
    }
    tracing::info!(
        evaluated,
        failed,
        already_done = summary.already_done,
        "update round finished"
    );
    state.cache.clear();
    Ok(())
}

/// Run rounds every `every` until `stop` turns true. A round in progress
/// when the server stops is abandoned; its claims are handed back so
/// another server takes the crates over at once.
pub async fn run(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let cfg = state.cfg.update.clone();
    loop {
        let wait = tokio::select! {
            r = round(&state, &cfg) => match r {
                Ok(()) => every,
                Err(e) => {
                    tracing::error!(error = %e, "update round failed");
                    every.min(RETRY_AFTER_ERROR)
                }
            },
            _ = stop.wait_for(|s| *s) => break,
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    let me = update::worker_id(cfg.host.as_deref());
    match state.store.open_runs().await {
        Ok(runs) => {
            for (run, _) in runs {
                let _ = state.store.release_claims(run, &me).await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not hand back claims"),
    }
}
