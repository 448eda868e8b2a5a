//! The maturity matrix document as data: every crate of a catalog evaluated,
//! grouped by category, with the trends of stored history. The engine fills
//! it; the report crate renders it (Markdown, HTML).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::Category;
use crate::evaluation::Evaluation;
use crate::message::{Message, Messages, said};
use crate::trend::CategoryTrend;

said!(
    /// Why a crate of the catalog could not be evaluated.
    fail_reason::FailReason,
    "reason",
    "reason_message"
);

/// What happened to one crate of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum EntryResult {
    /// Evaluated; scenarios are the category's.
    Evaluated {
        /// The card, with the category's scenarios.
        evaluation: Box<Evaluation>,
    },
    /// Could not be evaluated.
    Failed {
        /// Why.
        #[serde(flatten)]
        reason: FailReason,
    },
}

/// One crate in one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrateEntry {
    /// Crate name as listed in the catalog.
    pub name: String,
    /// Evaluation or failure.
    pub result: EntryResult,
}

impl CrateEntry {
    /// The evaluation, when there is one.
    pub fn evaluation(&self) -> Option<&Evaluation> {
        match &self.result {
            EntryResult::Evaluated { evaluation } => Some(evaluation),
            EntryResult::Failed { .. } => None,
        }
    }
}

/// One category of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorySection {
    /// The catalog's category (names, scenarios).
    pub category: Category,
    /// Its crates, in catalog order.
    pub crates: Vec<CrateEntry>,
}

/// The whole document, as data; renderers are functions of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The day everything was evaluated against.
    pub as_of: Date,
    /// Categories in catalog order.
    pub sections: Vec<CategorySection>,
    /// Trends per category, when stored history exists.
    pub trends: Option<Vec<CategoryTrend>>,
}

impl Document {
    /// Distinct evaluations (a crate in two categories counts once).
    pub fn evaluations(&self) -> Vec<&Evaluation> {
        let mut seen = std::collections::BTreeSet::new();
        self.sections
            .iter()
            .flat_map(|s| s.crates.iter())
            .filter_map(|c| c.evaluation())
            .filter(|e| seen.insert(e.name.clone()))
            .collect()
    }

    /// Distinct crate names, and how many of them were evaluated.
    pub fn counts(&self) -> (usize, usize) {
        let mut all = std::collections::BTreeSet::new();
        for c in self.sections.iter().flat_map(|s| s.crates.iter()) {
            all.insert(c.name.clone());
        }
        (self.evaluations().len(), all.len())
    }

    /// Crates that failed, with their reasons (each once).
    pub fn failures(&self) -> Vec<(&str, &Message)> {
        let mut seen = std::collections::BTreeSet::new();
        self.sections
            .iter()
            .flat_map(|s| s.crates.iter())
            .filter_map(|c| match &c.result {
                EntryResult::Failed { reason } => Some((c.name.as_str(), &reason.message)),
                EntryResult::Evaluated { .. } => None,
            })
            .filter(|(n, _)| seen.insert(*n))
            .collect()
    }

    /// The category's trends, when history was given and has rows for it.
    pub fn trend_of(&self, category: &str) -> Option<&CategoryTrend> {
        self.trends
            .as_ref()?
            .iter()
            .find(|c| c.id == category && c.crates.iter().any(|t| t.ring.is_some()))
    }
}

impl Messages for Document {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        for c in self.sections.iter_mut().flat_map(|s| s.crates.iter_mut()) {
            match &mut c.result {
                EntryResult::Evaluated { evaluation } => evaluation.visit_messages(f),
                EntryResult::Failed { reason } => reason.visit_messages(f),
            }
        }
        self.trends.visit_messages(f);
    }
}
