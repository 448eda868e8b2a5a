//! The catalog: categories → crates, with per-category scenarios. The
//! built-in catalog ships as data (`catalog.toml`, embedded) and can be
//! replaced with `--catalog FILE` in the same format.

use std::collections::BTreeMap;
use std::path::Path;

use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::trend::CategoryTrend;
use cratescope_score::Model;

pub use cratescope_model::catalog::{Catalog, Category, CategoryScenario, Label};
use cratescope_score::model::ScenarioSpec;

use crate::error::Error;
use crate::evaluator::{CrateSpec, Evaluator, Outcome};

/// The embedded default catalog.
pub const BUILTIN: &str = include_str!("catalog.toml");

/// The built-in catalog.
pub fn builtin() -> Catalog {
    // Checked by a unit test: a parse failure is a build defect.
    parse(BUILTIN).unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
}

/// Parse a catalog file's text.
pub fn parse(text: &str) -> Result<Catalog, Error> {
    let c: Catalog =
        toml::from_str(text).map_err(|e| Error::Model(format!("invalid catalog: {e}")))?;
    for cat in &c.categories {
        for name in &cat.crates {
            if name.is_empty() {
                return Err(Error::Model(format!(
                    "catalog category `{}` lists an empty crate name",
                    cat.id
                )));
            }
        }
    }
    Ok(c)
}

/// Load from a file, or the built-in catalog.
pub fn load(path: Option<&Path>) -> Result<Catalog, Error> {
    match path {
        None => Ok(builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| Error::Config {
                path: p.display().to_string(),
                source: Box::new(e),
            })?;
            parse(&text)
        }
    }
}

/// A category scenario as a model scenario.
pub fn scenario_spec(s: &CategoryScenario) -> ScenarioSpec {
    ScenarioSpec {
        id: s.id.clone(),
        weights: s.weights.clone(),
        requires: s.requires.clone(),
        rationale: s.name.en.clone(),
        vetoes: Vec::new(),
    }
}

/// How many crates are evaluated at once by default: enough to overlap
/// network waits, few enough not to hammer the index or a two-core machine.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Evaluate every crate of the catalog, `concurrency` at once (at least one).
/// Results are keyed by crate name; failures carry the error.
pub async fn evaluate_all(
    evaluator: &Evaluator,
    catalog: &Catalog,
    concurrency: usize,
) -> BTreeMap<String, Result<Outcome, Error>> {
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for name in catalog.crates() {
        let ev = evaluator.clone();
        let permits = std::sync::Arc::clone(&permits);
        set.spawn(async move {
            // The semaphore is never closed, so acquiring only fails if it
            // were; then run unbounded rather than drop the crate.
            let _permit = permits.acquire_owned().await.ok();
            let result = match CrateSpec::parse(&name) {
                Ok(spec) => ev.evaluate(&spec).await,
                Err(e) => Err(e),
            };
            (name, result)
        });
    }
    let mut out = BTreeMap::new();
    while let Some(joined) = set.join_next().await {
        // A panicking task loses its name; the document reports such a crate
        // as missing, so nothing disappears silently.
        if let Ok((name, result)) = joined {
            out.insert(name, result);
        }
    }
    out
}

/// The model a category's crates are scored under: the model in force with
/// its scenarios replaced by the category's own (when it has any).
pub fn category_model(model: &Model, category: &Category) -> Model {
    if category.scenarios.is_empty() {
        return model.clone();
    }
    Model {
        scenarios: category.scenarios.iter().map(scenario_spec).collect(),
        ..model.clone()
    }
}

/// The document: every category with its crates' cards, each scored with
/// the category's scenarios (the facts were collected once per crate).
pub fn document(
    catalog: &Catalog,
    model: &Model,
    as_of: jiff::civil::Date,
    results: &BTreeMap<String, Result<Outcome, Error>>,
    trends: Option<Vec<CategoryTrend>>,
) -> Document {
    let sections = catalog
        .categories
        .iter()
        .map(|cat| {
            let m = category_model(model, cat);
            CategorySection {
                category: cat.clone(),
                crates: cat
                    .crates
                    .iter()
                    .map(|name| {
                        let result = match results.get(name) {
                            Some(Ok(outcome)) => {
                                let mut evaluation = if cat.scenarios.is_empty() {
                                    outcome.evaluation.clone()
                                } else {
                                    cratescope_score::evaluate(&outcome.facts, &m)
                                };
                                evaluation.warnings = outcome.warnings.clone();
                                EntryResult::Evaluated {
                                    evaluation: Box::new(evaluation),
                                }
                            }
                            Some(Err(e)) => EntryResult::Failed {
                                reason: crate::error::chain(e),
                            },
                            None => EntryResult::Failed {
                                reason: "the evaluation task did not finish".into(),
                            },
                        };
                        CrateEntry {
                            name: name.clone(),
                            result,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Document {
        as_of,
        sections,
        trends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_covers_the_original_matrix() {
        let c = builtin();
        let all = c.crates();
        for name in [
            "loco-rs",
            "pavex",
            "poem",
            "sea-orm",
            "surrealdb",
            "libsql",
            "candle-core",
            "burn",
            "qdrant-client",
            "lancedb",
            "spin-sdk",
            "quinn",
            "rkyv",
            "dioxus",
            "leptos",
        ] {
            assert!(all.iter().any(|x| x == name), "{name} missing");
        }
        for cat in &c.categories {
            assert!(!cat.scenarios.is_empty(), "{} has no scenarios", cat.id);
            for s in &cat.scenarios {
                let sum: f64 = s.weights.values().sum();
                assert!(
                    (sum - 1.0).abs() < 1e-9,
                    "{}/{} weights sum to {sum}",
                    cat.id,
                    s.id
                );
            }
        }
    }
}
