//! The catalog: categories → crates, with per-category scenarios. The
//! built-in catalog ships as data (`catalog.toml`, embedded) and can be
//! replaced with `--catalog FILE` in the same format, read strictly (an
//! unknown table or key is an error naming it). [`report`] evaluates a
//! catalog and assembles the maturity matrix document, trends of stored
//! history included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Arg, Message, msg};
use cratescope_score::Model;

pub use cratescope_model::catalog::{Catalog, Category, CategoryScenario, Label};
use cratescope_score::model::ScenarioSpec;

use crate::bounded::{self, Done};
use crate::config::{BadValue, ConfigError, Shape, check_shape, parse_toml};
use crate::error::Error;
use crate::evaluator::{CrateSpec, Evaluator, Outcome, Request};
use crate::progress::Progress;

mod cache;
pub use cache::FactsCache;

pub use crate::evaluator::DEFAULT_CONCURRENCY;

/// The embedded default catalog.
pub const BUILTIN: &str = include_str!("catalog.toml");

/// Where the built-in catalog is said to come from in errors.
const BUILTIN_NAME: &str = "built-in catalog";

/// A label in both languages.
const LABEL: Shape = Shape::Words(&["en", "zh"]);

/// What a catalog file may hold.
const CATALOG_SHAPE: &[(&str, Shape)] = &[
    ("version", Shape::Value),
    (
        "category",
        Shape::Tables(&[
            ("id", Shape::Value),
            ("name", LABEL),
            ("crates", Shape::Value),
            (
                "scenario",
                Shape::Tables(&[
                    ("id", Shape::Value),
                    ("name", LABEL),
                    ("weights", Shape::Value),
                    ("requires", Shape::Value),
                ]),
            ),
        ]),
    ),
];

/// The built-in catalog.
pub fn builtin() -> Catalog {
    // Checked by a unit test: a parse failure is a build defect.
    parse(BUILTIN).unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
}

/// Parse a catalog file's text, strictly.
pub fn parse(text: &str) -> Result<Catalog, ConfigError> {
    let table = parse_toml(text)?;
    check_shape(&table, "", CATALOG_SHAPE)?;
    let c: Catalog = toml::from_str(text).map_err(|e| crate::config::toml_error(text, &e))?;
    let bad = |key: String, problem: BadValue| ConfigError::BadValue { key, problem };
    if c.version != 1 {
        return Err(bad("version".into(), BadValue::CatalogVersion(c.version)));
    }
    let mut ids = std::collections::BTreeSet::new();
    for cat in &c.categories {
        if !ids.insert(cat.id.as_str()) {
            return Err(bad(format!("category.{}", cat.id), BadValue::Duplicate));
        }
        for name in &cat.crates {
            if name.is_empty() {
                return Err(bad(format!("category.{}.crates", cat.id), BadValue::Empty));
            }
        }
        for (name, ids) in &cat.applies {
            if !cat.crates.contains(name) {
                return Err(bad(
                    format!("category.{}.crates", cat.id),
                    BadValue::NotListed(name.clone()),
                ));
            }
            for id in ids {
                if !cat.scenarios.iter().any(|s| &s.id == id) {
                    return Err(bad(
                        format!("category.{}.crates.{name}.scenarios", cat.id),
                        BadValue::NoSuchScenario(id.clone()),
                    ));
                }
            }
        }
        for sc in &cat.scenarios {
            let key = |dim: &str| format!("category.{}.scenario.{}.weights.{dim}", cat.id, sc.id);
            for (dim, w) in &sc.weights {
                if !w.is_finite() || *w < 0.0 || *w > 1.0 {
                    return Err(bad(key(dim.id()), BadValue::Weight(*w)));
                }
            }
            if sc.weights.values().sum::<f64>() <= 0.0 {
                return Err(bad(
                    format!("category.{}.scenario.{}", cat.id, sc.id),
                    BadValue::NoWeight,
                ));
            }
        }
    }
    Ok(c)
}

/// Load from a file, or the built-in catalog.
pub fn load(path: Option<&Path>) -> Result<Catalog, Error> {
    match path {
        None => parse(BUILTIN).map_err(|problem| Error::Config {
            path: PathBuf::from(BUILTIN_NAME),
            problem,
        }),
        Some(p) => {
            let fail = |problem| Error::Config {
                path: p.to_path_buf(),
                problem,
            };
            let text = std::fs::read_to_string(p).map_err(|e| {
                fail(ConfigError::Read {
                    why: e.kind().to_string(),
                })
            })?;
            parse(&text).map_err(fail)
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

/// How to make a report.
pub struct ReportRequest<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// Crates evaluated at once (at least one).
    pub jobs: usize,
    /// The cache of collected facts (None: collect every crate).
    pub cache: Option<FactsCache>,
    /// Serve cached facts (false: collect again, and refresh the cache).
    pub read_cache: bool,
    /// The history store for the trends: an explicit URL, or None for the
    /// default store (read only when it exists).
    pub database_url: Option<String>,
    /// Hears of each crate as it is evaluated.
    pub progress: Arc<dyn Progress>,
}

/// A report and how it was made.
pub struct Report {
    /// The document.
    pub document: Document,
    /// Every crate's outcome, by name.
    pub outcomes: BTreeMap<String, Result<Outcome, Error>>,
    /// How many crates were scored from the cache.
    pub from_cache: usize,
    /// What was met beside the crates (an unreadable history store, rows
    /// moved to quarantine).
    pub warnings: Vec<Message>,
}

/// Evaluate every crate of the catalog and assemble the document, with the
/// trends of the history store when there is one.
pub async fn report(evaluator: &Evaluator, req: ReportRequest<'_>) -> Report {
    let (outcomes, from_cache) = evaluate_catalog(
        evaluator,
        req.catalog,
        req.jobs,
        req.progress.clone(),
        req.cache,
        req.read_cache,
    )
    .await;
    let mut warnings = Vec::new();
    let trends =
        crate::history::stored_trends(req.database_url.as_deref(), req.catalog, &mut warnings)
            .await;
    let model = &evaluator.options().model;
    let document = document(
        req.catalog,
        model,
        evaluator.options().as_of,
        &outcomes,
        trends,
    );
    Report {
        document,
        outcomes,
        from_cache,
        warnings,
    }
}

/// Evaluate every crate of the catalog, `concurrency` at once, through the
/// cache of collected facts: a crate whose exact version was collected
/// before under the same inputs (same day, model, sources) is scored from
/// the cache instead of read again. Returns the results by name and how
/// many came from the cache.
pub async fn evaluate_catalog(
    evaluator: &Evaluator,
    catalog: &Catalog,
    concurrency: usize,
    progress: Arc<dyn Progress>,
    cache: Option<FactsCache>,
    read_cache: bool,
) -> (BTreeMap<String, Result<Outcome, Error>>, usize) {
    let names = catalog.crates();
    progress.start(names.len());
    let ev = evaluator.clone();
    let p = progress.clone();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let results = bounded::run(names, concurrency, move |name| {
        let (ev, p, cache, h) = (ev.clone(), p.clone(), cache.clone(), h.clone());
        async move {
            p.begin(&name);
            let result = cached_evaluate(
                &ev,
                CrateSpec::latest(name.clone()),
                cache.as_ref(),
                read_cache,
                &h,
            )
            .await;
            p.done(&name);
            result
        }
    })
    .await
    .into_iter()
    .map(|(name, done)| {
        let r = match done {
            Done::Ok(r) => r,
            Done::Lost(why) => Err(Error::Lost {
                what: name.clone(),
                why,
            }),
        };
        (name, r)
    })
    .collect();
    (results, hits.load(Ordering::Relaxed))
}

async fn cached_evaluate(
    ev: &Evaluator,
    spec: CrateSpec,
    cache: Option<&FactsCache>,
    read_cache: bool,
    hits: &AtomicUsize,
) -> Result<Outcome, Error> {
    let Some(cache) = cache else {
        return ev.evaluate(Request::registry(spec)).await;
    };
    let version = ev.chosen_version(&spec, ev.options().as_of).await?;
    let key = crate::audit::cache::CacheKey::new(&spec.name, &version, ev.options(), None);
    if read_cache && let Some((facts, warnings)) = cache.get(&key) {
        hits.fetch_add(1, Ordering::Relaxed);
        return Ok(ev.score(facts, warnings, Vec::new()));
    }
    let outcome = ev.evaluate(Request::registry(spec)).await?;
    // A cache that cannot be written costs the next run time, nothing else.
    let _ = cache.put(&key, &outcome.facts, &outcome.warnings);
    Ok(outcome)
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
                                reason: e.message().into(),
                            },
                            None => EntryResult::Failed {
                                reason: msg!("error-lost", what = Arg::code(name.clone())).into(),
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
        let err = parse("version = 2\ncategory = []\n").unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::BadValue {
                    problem: BadValue::CatalogVersion(2),
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_typo_in_a_catalog_is_named() {
        let text = "version = 1\n[[category]]\nid = \"web\"\nname = { en = \"Web\", zh = \"网\" }\ncrates = [\"axum\"]\n[[category.senario]]\nid = \"x\"\n";
        match parse(text).unwrap_err() {
            ConfigError::UnknownKey {
                table,
                key,
                suggestion,
            } => {
                assert_eq!(table, "category");
                assert_eq!(key, "senario");
                assert_eq!(suggestion.as_deref(), Some("scenario"));
            }
            other => panic!("{other:?}"),
        }
        let text = "version = 1\ncategorie = []\n";
        assert!(matches!(parse(text), Err(ConfigError::UnknownKey { .. })));
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
