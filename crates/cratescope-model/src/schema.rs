//! JSON Schemas of the JSON outputs, generated from the types that write
//! them (feature `schema`), for the files under `docs/schema/v{N}/` (N is
//! [`SCHEMA_VERSION`]). The schemas describe what serde *writes*
//! (`for_serialize`): a field skipped when empty is optional, every other
//! one is required. A test in the CLI crate fails when the committed files
//! differ from [`all`], and validates real outputs of the CLI and the
//! server against them.
//!
//! The server's comparison and category answers are envelopes built in the
//! server around model types; [`ComparisonAnswer`] and [`CategoryAnswer`]
//! describe them (the tests check real answers against their schemas).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::Serialize;

use crate::audit::AuditReport;
use crate::catalog::{CategoryScenario, Label};
use crate::ecosystem::{AlternativeEntry, EmergingEntry, RankEntry};
use crate::evaluation::{Evaluation, SCHEMA_VERSION};
use crate::history::HistoryEntry;
use crate::trend::CategoryTrend;

/// `GET /api/v1/compare?crates=a,b`: the stored cards found, and the names
/// without one.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ComparisonAnswer {
    /// The latest stored card of each crate found, in the order asked.
    pub crates: Vec<Evaluation>,
    /// The crates asked for without a stored card.
    pub missing: Vec<String>,
}

/// `GET /api/v1/categories/{id}`: a category of the catalog with the cards
/// of its crates, scored with the category's scenarios.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryAnswer {
    /// Category id.
    pub id: String,
    /// Display name.
    pub name: Label,
    /// The category's scenarios.
    pub scenarios: Vec<CategoryScenario>,
    /// Its crates, in catalog order.
    pub crates: Vec<CategoryCrate>,
    /// Its trends, when stored history has them.
    pub trend: Option<CategoryTrend>,
}

/// One crate of a [`CategoryAnswer`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryCrate {
    /// Crate name as listed in the catalog.
    #[serde(rename = "crate")]
    pub name: String,
    /// Its latest stored card, null when there is none.
    pub evaluation: Option<Evaluation>,
}

/// One published schema: its file name under `docs/schema/v{N}/`, and the
/// schema.
pub struct Published {
    /// File name (`evaluation.schema.json`, …).
    pub file: &'static str,
    /// The schema, `$id` set.
    pub schema: Schema,
}

/// The directory of this schema version, relative to the repository root.
pub fn dir() -> String {
    format!("docs/schema/v{SCHEMA_VERSION}")
}

fn schema<T: JsonSchema + ?Sized>(file: &'static str, title: &str, what: &str) -> Published {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert(
        "$id".into(),
        format!("{}/raw/main/{}/{file}", env!("CARGO_PKG_REPOSITORY"), dir()).into(),
    );
    schema.insert("title".into(), title.into());
    schema.insert(
        "description".into(),
        format!("{what} (cratescope JSON, schema_version {SCHEMA_VERSION}).").into(),
    );
    Published { file, schema }
}

/// Every published schema.
pub fn all() -> Vec<Published> {
    vec![
        schema::<Evaluation>(
            "evaluation.schema.json",
            "Evaluation",
            "One crate's card: `cratescope eval --format json` of one crate, `GET /api/v1/crates/{name}`, `store history --card ID --format json`",
        ),
        schema::<Vec<Evaluation>>(
            "evaluations.schema.json",
            "Evaluations",
            "Several cards: `cratescope eval --format json` of several crates, `cratescope compare --format json`",
        ),
        schema::<ComparisonAnswer>(
            "comparison.schema.json",
            "Comparison",
            "The comparison answer of the API: `GET /api/v1/compare?crates=a,b`",
        ),
        schema::<CategoryAnswer>(
            "category.schema.json",
            "Category",
            "A category with its cards: `GET /api/v1/categories/{id}`",
        ),
        schema::<AuditReport>(
            "audit-report.schema.json",
            "AuditReport",
            "The audit of a Cargo.lock: `cratescope audit --format json`, `POST /api/v1/audit`",
        ),
        schema::<Vec<HistoryEntry>>(
            "history.schema.json",
            "History",
            "A crate's stored evaluations: `cratescope store history NAME --format json`, `GET /api/v1/crates/{name}/history`",
        ),
        schema::<Vec<CategoryTrend>>(
            "trends.schema.json",
            "Trends",
            "The trends of every category: `cratescope store trends --format json`",
        ),
        schema::<Vec<RankEntry>>(
            "rank.schema.json",
            "Rank",
            "The crates of a crates.io category or keyword, best first, from the crates.io dump: `cratescope rank SLUG --format json`, `GET /api/v1/categories/{slug}/rank`",
        ),
        schema::<Vec<EmergingEntry>>(
            "emerging.schema.json",
            "Emerging",
            "Young crates rising fastest, from the crates.io dump: `cratescope emerging --format json`, `GET /api/v1/emerging`",
        ),
        schema::<Vec<AlternativeEntry>>(
            "alternatives.schema.json",
            "Alternatives",
            "Crates in better standing for the job of a crate, from the crates.io dump: `cratescope alternatives NAME --format json`, `GET /api/v1/crates/{name}/alternatives`",
        ),
    ]
}

/// A schema as its file holds it (pretty JSON, a final newline).
pub fn to_file_text(schema: &Schema) -> String {
    let mut s = serde_json::to_string_pretty(schema.as_value())
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}
