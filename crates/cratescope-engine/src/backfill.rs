//! `backfill`: evaluations as of past quarter ends, from what can be
//! reconstructed. One evaluator serves every crate and quarter (the advisory
//! database and index files are read once); `as_of` is per request. Present-
//! day sources (the web APIs) are marked not reconstructible, never invented.

use cratescope_model::history::BackfillRow;
use cratescope_store::{SaveOptions, Store};
use jiff::Timestamp;

use crate::error::Error;
use crate::evaluator::{CrateSpec, Evaluator, Outcome, Request};
use crate::update::store_err;

/// Evaluate each crate at each of the `quarters` last quarter ends before
/// the evaluator's `today`, and store the results marked as backfilled.
pub async fn backfill(
    store: &Store,
    evaluator: &Evaluator,
    names: &[String],
    quarters: u32,
) -> Result<Vec<BackfillRow>, Error> {
    let ends = cratescope_score::trend::past_quarter_ends(evaluator.options().today, quarters);
    let mut rows = Vec::new();
    for name in names {
        for end in &ends {
            let quarter = cratescope_score::trend::quarter_label(*end);
            let request = Request::registry(CrateSpec::latest(name.clone())).at(*end);
            match evaluator.evaluate(request).await {
                Ok(Outcome {
                    mut evaluation,
                    facts,
                    ..
                }) => {
                    let unreconstructed =
                        cratescope_score::trend::mark_unreconstructed(&mut evaluation);
                    let saved = store
                        .save(
                            &evaluation,
                            &facts,
                            SaveOptions {
                                evaluated_at: Timestamp::now(),
                                backfill: true,
                                run: None,
                            },
                        )
                        .await
                        .map_err(store_err("store a backfilled evaluation"))?;
                    rows.push(BackfillRow::Stored {
                        name: name.clone(),
                        quarter,
                        as_of: *end,
                        version: evaluation.version.clone(),
                        tier: evaluation.tier,
                        composite: evaluation.composite,
                        inserted: saved.inserted,
                        unreconstructed,
                    });
                }
                Err(e) => rows.push(BackfillRow::Skipped {
                    name: name.clone(),
                    quarter,
                    as_of: *end,
                    reason: e.message().into(),
                }),
            }
        }
    }
    Ok(rows)
}
