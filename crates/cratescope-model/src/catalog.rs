//! The catalog: categories → crates, with per-category scenarios, and the two
//! languages every label comes in. The engine reads catalog files; this is
//! the data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dimension::Dimension;

/// The language of labels and text (as in the original matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

impl Lang {
    /// Parse `en` or `zh`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

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

/// One category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "CategoryFile")]
pub struct Category {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: Label,
    /// Crate names.
    pub crates: Vec<String>,
    /// The scenarios a crate is for, by crate, for the crates whose catalog
    /// entry names them (`{ name = "qdrant-client", scenarios = [...] }`):
    /// a vector-database client is not judged for model training. A crate
    /// not listed here is judged in every scenario of the category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub applies: BTreeMap<String, Vec<String>>,
    /// Scenarios of the category.
    #[serde(default, rename = "scenario")]
    pub scenarios: Vec<CategoryScenario>,
}

impl Category {
    /// Whether the catalog judges `krate` in scenario `scenario` (true
    /// unless its entry lists the scenarios it is for and this is not one).
    pub fn applies(&self, krate: &str, scenario: &str) -> bool {
        self.applies
            .get(krate)
            .is_none_or(|ids| ids.iter().any(|i| i == scenario))
    }
}

/// A category as a catalog file writes it: a crate is a name, or a table
/// naming the scenarios it is for.
#[derive(Deserialize)]
struct CategoryFile {
    id: String,
    name: Label,
    crates: Vec<CrateEntryFile>,
    #[serde(default)]
    applies: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "scenario")]
    scenarios: Vec<CategoryScenario>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CrateEntryFile {
    Name(String),
    Entry(CrateEntryTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateEntryTable {
    name: String,
    scenarios: Vec<String>,
}

impl From<CategoryFile> for Category {
    fn from(f: CategoryFile) -> Category {
        let mut applies = f.applies;
        let crates = f
            .crates
            .into_iter()
            .map(|c| match c {
                CrateEntryFile::Name(n) => n,
                CrateEntryFile::Entry(t) => {
                    applies.insert(t.name.clone(), t.scenarios);
                    t.name
                }
            })
            .collect();
        Category {
            id: f.id,
            name: f.name,
            crates,
            applies,
            scenarios: f.scenarios,
        }
    }
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
