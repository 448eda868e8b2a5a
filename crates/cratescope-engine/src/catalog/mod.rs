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

use std::sync::Arc;

use crate::bounded::{self, Done};
use crate::error::Error;
use crate::evaluator::{CrateSpec, Evaluator, Outcome};
use crate::progress::Progress;

mod cache;
pub use cache::FactsCache;

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
    if c.version != 1 {
        return Err(Error::Model(format!(
            "catalog version {} is not supported (this cratescope reads version 1)",
            c.version
        )));
    }
    let mut ids = std::collections::BTreeSet::new();
    for cat in &c.categories {
        if !ids.insert(cat.id.as_str()) {
            return Err(Error::Model(format!(
                "catalog category `{}` is listed twice",
                cat.id
            )));
        }
        for name in &cat.crates {
            if name.is_empty() {
                return Err(Error::Model(format!(
                    "catalog category `{}` lists an empty crate name",
                    cat.id
                )));
            }
        }
        for (name, ids) in &cat.applies {
            if !cat.crates.contains(name) {
                return Err(Error::Model(format!(
                    "catalog category `{}` says which scenarios apply to `{name}`, which it does not list",
                    cat.id
                )));
            }
            for id in ids {
                if !cat.scenarios.iter().any(|s| &s.id == id) {
                    return Err(Error::Model(format!(
                        "catalog entry `{name}` of `{}` names scenario `{id}`, which the category does not define",
                        cat.id
                    )));
                }
            }
        }
        for sc in &cat.scenarios {
            let key = |dim: &str| format!("category.{}.scenario.{}.weights.{dim}", cat.id, sc.id);
            for (dim, w) in &sc.weights {
                if !w.is_finite() || *w < 0.0 || *w > 1.0 {
                    return Err(Error::Model(format!(
                        "catalog key `{}` must be a number from 0 to 1, not {w}",
                        key(dim.id())
                    )));
                }
            }
            if sc.weights.values().sum::<f64>() <= 0.0 {
                return Err(Error::Model(format!(
                    "catalog scenario `{}` of `{}` weighs no dimension",
                    sc.id, cat.id
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
    progress: Arc<dyn Progress>,
) -> BTreeMap<String, Result<Outcome, Error>> {
    let names = catalog.crates();
    progress.start(names.len());
    let ev = evaluator.clone();
    let p = progress.clone();
    bounded::run(names, concurrency, move |name| {
        let (ev, p) = (ev.clone(), p.clone());
        async move {
            p.begin(&name);
            let result = match CrateSpec::parse(&name) {
                Ok(spec) => ev.evaluate(&spec).await,
                Err(e) => Err(e),
            };
            p.done(&name);
            result
        }
    })
    .await
    .into_iter()
    .filter_map(|(name, done)| match done {
        Done::Ok(r) => Some((name, r)),
        // A lost task leaves the crate out; the document reports it as
        // "did not finish", so nothing disappears silently.
        Done::Lost(_) => None,
    })
    .collect()
}

/// Like [`evaluate_all`], with the report's cache of collected facts: a
/// crate whose exact version was collected before under the same inputs
/// (same day, model, sources) is scored from the cache instead of read
/// again. Returns the results and how many came from the cache.
pub async fn evaluate_all_cached(
    evaluator: &Evaluator,
    catalog: &Catalog,
    concurrency: usize,
    progress: Arc<dyn Progress>,
    cache: Option<FactsCache>,
) -> (BTreeMap<String, Result<Outcome, Error>>, usize) {
    let names = catalog.crates();
    progress.start(names.len());
    let ev = evaluator.clone();
    let p = progress.clone();
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let h = hits.clone();
    let results = bounded::run(names, concurrency, move |name| {
        let (ev, p, cache, h) = (ev.clone(), p.clone(), cache.clone(), h.clone());
        async move {
            p.begin(&name);
            let result = match CrateSpec::parse(&name) {
                Ok(spec) => cached_evaluate(&ev, &spec, cache.as_ref(), &h).await,
                Err(e) => Err(e),
            };
            p.done(&name);
            result
        }
    })
    .await
    .into_iter()
    .filter_map(|(name, done)| match done {
        Done::Ok(r) => Some((name, r)),
        Done::Lost(_) => None,
    })
    .collect();
    (results, hits.load(std::sync::atomic::Ordering::Relaxed))
}

async fn cached_evaluate(
    ev: &Evaluator,
    spec: &CrateSpec,
    cache: Option<&FactsCache>,
    hits: &std::sync::atomic::AtomicUsize,
) -> Result<Outcome, Error> {
    let Some(cache) = cache else {
        return ev.evaluate(spec).await;
    };
    let version = ev.chosen_version(spec, ev.options().as_of).await?;
    let key = crate::audit::cache::CacheKey::new(&spec.name, &version, ev.options(), None);
    if let Some((facts, warnings)) = cache.get(&key) {
        hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut evaluation = cratescope_score::evaluate(&facts, &ev.options().model);
        evaluation.warnings = warnings.clone().into();
        return Ok(Outcome {
            evaluation,
            facts,
            warnings,
        });
    }
    let outcome = ev.evaluate(spec).await?;
    // A cache that cannot be written costs the next run time, nothing else.
    let _ = cache.put(&key, &outcome.facts, &outcome.warnings);
    Ok(outcome)
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
                                evaluation.warnings = outcome.warnings.clone().into();
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
    fn numbers_in_a_catalog_are_validated_by_key() {
        let base = |w: &str| {
            format!(
                "version = 1\n[[category]]\nid = \"web\"\nname = {{ en = \"Web\", zh = \"网\" }}\ncrates = [\"axum\"]\n[[category.scenario]]\nid = \"api\"\nname = {{ en = \"API\", zh = \"接口\" }}\nweights = {{ stability = {w} }}\n"
            )
        };
        assert!(parse(&base("1.0")).is_ok());
        for bad in ["nan", "inf", "-0.5", "1e308", "0.0"] {
            let err = parse(&base(bad)).unwrap_err().to_string();
            assert!(
                err.contains("web") && (err.contains("stability") || err.contains("weighs no")),
                "{bad}: {err}"
            );
        }
        let err = parse("version = 2\ncategory = []\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 2"), "{err}");
    }

    #[test]
    fn a_crate_entry_names_the_scenarios_it_is_for() {
        let text = |scenarios: &str| {
            format!(
                "version = 1\n[[category]]\nid = \"ai\"\nname = {{ en = \"AI\", zh = \"AI\" }}\ncrates = [\"burn\", {{ name = \"qdrant-client\", scenarios = [{scenarios}] }}]\n[[category.scenario]]\nid = \"rag\"\nname = {{ en = \"RAG\", zh = \"RAG\" }}\nweights = {{ usage = 1.0 }}\n[[category.scenario]]\nid = \"training\"\nname = {{ en = \"Training\", zh = \"训练\" }}\nweights = {{ usage = 1.0 }}\n"
            )
        };
        let c = parse(&text("\"rag\"")).unwrap();
        let cat = &c.categories[0];
        assert_eq!(cat.crates, ["burn", "qdrant-client"]);
        assert!(cat.applies("qdrant-client", "rag"));
        assert!(!cat.applies("qdrant-client", "training"));
        assert!(cat.applies("burn", "training"));
        let err = parse(&text("\"inference\"")).unwrap_err().to_string();
        assert!(
            err.contains("inference") && err.contains("qdrant-client"),
            "{err}"
        );
        // The written form reads back the same.
        let again: Catalog = toml::from_str(&toml::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
    }

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
