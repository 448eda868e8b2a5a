//! `update`: re-evaluate every tracked crate and store the results, a few at
//! once, resumably. A run is keyed by its `as_of` day in the store; an
//! interrupted invocation leaves the crates it finished recorded, and the
//! next one evaluates only the rest. Each crate's change against its previous
//! stored evaluation is classified for the summary (tier moves first).
//!
//! Deliberately not here: any retry policy beyond "a failed crate is tried
//! again by the next `update`" (its failure is recorded so the run stays open).

use std::sync::Arc;

use cratescope_model::Evaluation;
use cratescope_model::history::{Change, HistoryEntry, UpdateSummary};
use cratescope_store::{SaveOptions, Store};
use jiff::Timestamp;

use crate::bounded::{self, Done};
use crate::error::{Error, chain};
use crate::evaluator::{CrateSpec, Evaluator, Outcome};
use crate::progress::Progress;

/// Composite changes smaller than this are reported as unchanged: the card
/// shows two decimals.
pub const COMPOSITE_EPSILON: f64 = 0.005;

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

/// Evaluate every tracked crate not yet done in the run for the evaluator's
/// day, `jobs` at once, storing each result in its own transaction.
pub async fn update(
    store: &Store,
    evaluator: &Evaluator,
    jobs: usize,
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
    let run = store
        .start_or_resume_run(evaluator.options().as_of, Timestamp::now())
        .await
        .map_err(store_err("start the update run"))?;
    let todo: Vec<String> = tracked
        .iter()
        .filter(|n| !run.done.contains(*n))
        .cloned()
        .collect();
    let already_done = tracked.len() - todo.len();
    progress.start(todo.len());
    let (store2, ev, p) = (store.clone(), evaluator.clone(), progress.clone());
    let results = bounded::run(todo, jobs, move |name| {
        let (store, ev, p) = (store2.clone(), ev.clone(), p.clone());
        async move {
            p.begin(&name);
            let change = update_one(&store, &ev, &name, run.id).await;
            p.done(&name);
            change
        }
    })
    .await;
    let changes: Vec<Change> = results
        .into_iter()
        .map(|(name, done)| match done {
            Done::Ok(c) => c,
            Done::Lost(why) => Change::Failed { name, error: why },
        })
        .collect();
    let summary = UpdateSummary {
        changes,
        already_done,
        resumed: run.resumed,
        nothing_tracked: false,
    };
    if summary.failures() == 0 {
        store
            .finish_run(run.id, Timestamp::now())
            .await
            .map_err(store_err("finish the update run"))?;
    }
    Ok(summary)
}

async fn update_one(store: &Store, evaluator: &Evaluator, name: &str, run: i64) -> Change {
    let fail = |error: String| Change::Failed {
        name: name.to_string(),
        error,
    };
    let prev = match store.history(name).await {
        Ok(h) => h.into_iter().last(),
        Err(e) => return fail(chain(&e)),
    };
    let spec = CrateSpec {
        name: name.to_string(),
        version: None,
    };
    let result = match evaluator.evaluate(&spec).await {
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
            .map_err(|e| chain(&e)),
        Err(e) => Err(chain(&e)),
    };
    match result {
        Ok(c) => c,
        Err(error) => {
            // Recorded so the run stays open and the next `update` retries it.
            let _ = store
                .record_failure(run, name, &error, Timestamp::now())
                .await;
            fail(error)
        }
    }
}

pub(crate) fn store_err(what: &str) -> impl FnOnce(cratescope_store::StoreError) -> Error + '_ {
    move |e| Error::Other {
        context: format!("cannot {what}"),
        source: Box::new(e),
    }
}
