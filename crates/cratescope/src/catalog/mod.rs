//! The catalog: categories → crates, with per-category scenarios. The
//! built-in catalog ships as data (`catalog.toml`, embedded) and can be
//! replaced with `--catalog FILE` in the same format.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::report::i18n::Lang;
use crate::score::model::{Dimension, ScenarioSpec};

/// The embedded default catalog.
pub const BUILTIN: &str = include_str!("catalog.toml");

/// A label in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

impl Label {
    /// The label in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A category scenario: a named weight profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScenario {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: Label,
    /// Dimension weights.
    pub weights: BTreeMap<Dimension, f64>,
    /// Signals required with s ≥ 0.5.
    #[serde(default)]
    pub requires: Vec<String>,
}

impl CategoryScenario {
    /// As a model scenario.
    pub fn spec(&self) -> ScenarioSpec {
        ScenarioSpec {
            id: self.id.clone(),
            weights: self.weights.clone(),
            requires: self.requires.clone(),
            rationale: self.name.en.clone(),
        }
    }
}

/// One category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: Label,
    /// Crate names.
    pub crates: Vec<String>,
    /// Scenarios of the category.
    #[serde(default, rename = "scenario")]
    pub scenarios: Vec<CategoryScenario>,
}

/// A catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Format version (1).
    pub version: u32,
    /// Categories in display order.
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Catalog {
        // Checked by a unit test: a parse failure is a build defect.
        Catalog::parse(BUILTIN).unwrap_or_else(|e| panic!("built-in catalog is invalid: {e}"))
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
            None => Ok(Catalog::builtin()),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| Error::Config {
                    path: p.display().to_string(),
                    source: Box::new(e),
                })?;
                Catalog::parse(&text)
            }
        }
    }

    /// Every crate, in catalog order, without duplicates.
    pub fn crates(&self) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        self.categories
            .iter()
            .flat_map(|c| c.crates.iter())
            .filter(|c| seen.insert((*c).clone()))
            .cloned()
            .collect()
    }

    /// The category of a crate.
    pub fn category_of(&self, name: &str) -> Option<&Category> {
        self.categories
            .iter()
            .find(|c| c.crates.iter().any(|x| x == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_covers_the_original_matrix() {
        let c = Catalog::builtin();
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
