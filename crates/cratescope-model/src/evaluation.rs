//! The card: [`Evaluation`] *is* the JSON output (`--format json`, CLI.md's
//! schema, `schema_version` 1). Every renderer (table, Markdown, HTML, SARIF)
//! is a function of it, and the store keeps it as is, so a stored card
//! re-renders exactly.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::message::{Message, Messages, said, said_list, said_opt};
use crate::source::{SourceId, SourceRecord};

said!(
    /// What a measured signal found (`evidence`, `evidence_message`).
    evidence::Evidence,
    "evidence",
    "evidence_message"
);
said!(
    /// Why a signal is unavailable (`unavailable`, `unavailable_message`).
    unavailable_reason::UnavailableReason,
    "unavailable",
    "unavailable_message"
);
said!(
    /// Why a gate fired (`reason`, `reason_message`).
    gate_reason::GateReason,
    "reason",
    "reason_message"
);
said!(
    /// A scenario's one-line reason (`note`, `note_message`).
    scenario_note::ScenarioNote,
    "note",
    "note_message"
);
said_opt!(
    /// A dimension's remark (`note`, `note_message`).
    dimension_note::DimensionNote,
    "note",
    "note_message"
);
said_opt!(
    /// What a provisional tier lacks.
    provisional_reason::ProvisionalReason,
    "provisional_reason",
    "provisional_reason_message"
);
said_opt!(
    /// What could not be measured, one sentence for the card.
    not_measured::NotMeasured,
    "not_measured",
    "not_measured_message"
);
said_list!(
    /// Strengths (`strengths`, `strength_messages`).
    strengths::Strengths,
    "strengths",
    "strength_messages"
);
said_list!(
    /// Risks (`risks`, `risk_messages`).
    risks::Risks,
    "risks",
    "risk_messages"
);
said_list!(
    /// Warnings met while collecting (`warnings`, `warning_messages`).
    warnings::Warnings,
    "warnings",
    "warning_messages",
    skip_empty
);

/// A raw measured value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Raw {
    /// A number (days, %, count, ratio…).
    Num(f64),
    /// A yes/no fact.
    Bool(bool),
    /// A categorical value (a license, a kind).
    Text(String),
}

/// Version of the JSON schema below.
pub const SCHEMA_VERSION: u32 = 1;

/// Tier ids (CLI.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// 🏆
    IndustryStandard,
    /// ✅
    ProductionReady,
    /// 🔷
    Mature,
    /// 🟡
    Early,
    /// 💤 old and quiet: a settled crate without recent releases, that
    /// nothing confirms as finished (in use, dependencies current) or as
    /// abandoned (an advisory, an archived repository).
    Dormant,
    /// 🔴
    Experimental,
    /// ⛔
    Avoid,
}

impl Tier {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Tier::IndustryStandard => "industry-standard",
            Tier::ProductionReady => "production-ready",
            Tier::Mature => "mature",
            Tier::Early => "early",
            Tier::Dormant => "dormant",
            Tier::Experimental => "experimental",
            Tier::Avoid => "avoid",
        }
    }
    /// Icon.
    pub fn icon(self) -> &'static str {
        match self {
            Tier::IndustryStandard => "🏆",
            Tier::ProductionReady => "✅",
            Tier::Mature => "🔷",
            Tier::Early => "🟡",
            Tier::Dormant => "💤",
            Tier::Experimental => "🔴",
            Tier::Avoid => "⛔",
        }
    }
    /// Rank for sorting, best first (0).
    pub fn rank(self) -> u8 {
        match self {
            Tier::IndustryStandard => 0,
            Tier::ProductionReady => 1,
            Tier::Mature => 2,
            Tier::Early => 3,
            Tier::Dormant => 4,
            Tier::Experimental => 5,
            Tier::Avoid => 6,
        }
    }
    /// Parse an id.
    pub fn from_id(id: &str) -> Option<Tier> {
        [
            Tier::IndustryStandard,
            Tier::ProductionReady,
            Tier::Mature,
            Tier::Early,
            Tier::Dormant,
            Tier::Experimental,
            Tier::Avoid,
        ]
        .into_iter()
        .find(|t| t.id() == id)
    }
}

/// Basic information about the crate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Info {
    /// Manifest description.
    pub description: Option<String>,
    /// Repository URL.
    pub repository: Option<String>,
    /// License expression.
    pub license: Option<String>,
    /// Date of the first release.
    pub first_release: Option<Date>,
    /// Latest non-yanked stable version as of the evaluation day.
    pub latest_version: Option<String>,
    /// Its publish date.
    pub latest_release: Option<Date>,
    /// Number of versions published by the evaluation day.
    pub versions: u64,
    /// All-time downloads, when the crates.io API answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downloads: Option<u64>,
    /// GitHub stars, when the GitHub API answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stars: Option<u64>,
    /// Homepage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Documentation URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// Publish date of the evaluated version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_release: Option<Date>,
    /// First Rust code block of the README (quick start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readme_snippet: Option<String>,
    /// The evaluated version is yanked (the card's header says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub yanked: bool,
}

/// One signal on the card.
// Read by its own `Deserialize` (below); written, and described in the JSON
// schema, by the derives from the attributes here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum SignalResult {
    /// Measured.
    Measured {
        /// Stable id.
        id: String,
        /// Raw value.
        raw: Raw,
        /// Unit of the raw value.
        unit: String,
        /// Normalised value in [0, 1].
        s: f64,
        /// Weight in its dimension.
        weight: f64,
        /// What was measured.
        #[serde(flatten)]
        evidence: Evidence,
        /// Which source.
        source: SourceId,
        /// When the source was read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fetched_at: Option<Timestamp>,
    },
    /// Not available.
    Unavailable {
        /// Stable id.
        id: String,
        /// Why.
        #[serde(flatten)]
        unavailable: UnavailableReason,
    },
}

/// Reads a signal as the derive of an untagged enum with flattened
/// sentences would (measured when every field of a measured signal is
/// there, else unavailable), in one pass: that derive buffered each signal
/// and replayed it per variant and per flattened field, which was half the
/// time of reading a cached card.
impl<'de> Deserialize<'de> for SignalResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            id: String,
            #[serde(default)]
            raw: Option<Raw>,
            #[serde(default)]
            unit: Option<String>,
            #[serde(default)]
            s: Option<f64>,
            #[serde(default)]
            weight: Option<f64>,
            #[serde(default)]
            evidence: Option<String>,
            #[serde(default)]
            evidence_message: Option<Message>,
            #[serde(default)]
            source: Option<SourceId>,
            #[serde(default)]
            fetched_at: Option<Timestamp>,
            #[serde(default)]
            unavailable: Option<String>,
            #[serde(default)]
            unavailable_message: Option<Message>,
        }
        let w = Wire::deserialize(d)?;
        Ok(match (w.raw, w.unit, w.s, w.weight, w.source) {
            (Some(raw), Some(unit), Some(s), Some(weight), Some(source)) => {
                SignalResult::Measured {
                    id: w.id,
                    raw,
                    unit,
                    s,
                    weight,
                    evidence: Evidence::read(w.evidence.unwrap_or_default(), w.evidence_message),
                    source,
                    fetched_at: w.fetched_at,
                }
            }
            _ => SignalResult::Unavailable {
                id: w.id,
                unavailable: UnavailableReason::read(
                    w.unavailable.unwrap_or_default(),
                    w.unavailable_message,
                ),
            },
        })
    }
}

impl SignalResult {
    /// The signal id.
    pub fn id(&self) -> &str {
        match self {
            SignalResult::Measured { id, .. } | SignalResult::Unavailable { id, .. } => id,
        }
    }
}

/// A gate that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GateResult {
    /// Stable id.
    pub id: String,
    /// Cap applied to the dimension.
    pub cap: f64,
    /// Makes the tier ⛔.
    pub avoid: bool,
    /// Why.
    #[serde(flatten)]
    pub reason: GateReason,
}

/// One dimension on the card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionResult {
    /// Stable id.
    pub id: String,
    /// 1.0–5.0, or null when there is not enough evidence.
    pub score: Option<f64>,
    /// Share of the dimension's signal weight that was available.
    pub confidence: f64,
    /// ⭐ ✅ 🟡 🔴, or null without a score.
    pub icon: Option<String>,
    /// Signals.
    pub signals: Vec<SignalResult>,
    /// Gates that fired.
    pub gates: Vec<GateResult>,
    /// Why there is no score, or another remark (capped confidence…).
    #[serde(flatten)]
    pub note: DimensionNote,
    /// Signals unavailable because their source reports only the present and
    /// the evaluation is of a past day (set for backfilled evaluations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_reconstructed: Vec<String>,
}

impl DimensionResult {
    /// Without a score only because present-day sources cannot speak for a
    /// past day.
    pub fn not_reconstructible(&self) -> bool {
        self.score.is_none() && !self.not_reconstructed.is_empty()
    }
}

/// One scenario's stars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScenarioResult {
    /// Stable id.
    pub id: String,
    /// 1–5.
    pub stars: u8,
    /// One-line reason.
    #[serde(flatten)]
    pub note: ScenarioNote,
    /// The profile score before rounding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Marked unverified (performance without benchmark data).
    #[serde(default, skip_serializing_if = "is_false")]
    pub unverified: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One crate's evaluation: the card, and the JSON schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// Schema version (1).
    pub schema_version: u32,
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Evaluated version.
    pub version: String,
    /// The day it was evaluated against.
    pub as_of: Date,
    /// Model version ("2", or "2+overrides" when a user overrode part of it).
    pub model_version: String,
    /// Basic information.
    pub info: Info,
    /// Composite 1.0–5.0, null when no dimension had evidence.
    pub composite: Option<f64>,
    /// The composite's bounds if every dimension the composite weighs but
    /// could not score were anywhere from 1 to 5: two crates whose ranges
    /// overlap cannot be told apart on this data. Absent when every weighed
    /// dimension was scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite_range: Option<[f64; 2]>,
    /// Composite confidence.
    pub confidence: f64,
    /// Tier id.
    pub tier: Tier,
    /// The tier rule's confidence condition was not met.
    pub provisional: bool,
    /// What is missing when provisional.
    #[serde(flatten)]
    pub provisional_reason: ProvisionalReason,
    /// Dimensions, D1…D8.
    pub dimensions: Vec<DimensionResult>,
    /// Scenario stars.
    pub scenarios: Vec<ScenarioResult>,
    /// Derived strengths.
    #[serde(flatten)]
    pub strengths: Strengths,
    /// Derived risks: the gates that fired and the crate's weakest
    /// evidence, each with its cause (never a source that could not be read).
    #[serde(flatten)]
    pub risks: Risks,
    /// What could not be measured and why, one line for the whole card
    /// (dimensions without a score, sources not read); absent when
    /// everything was measured.
    #[serde(flatten)]
    pub not_measured: NotMeasured,
    /// The build footprint group (dependency weight, build script, crate
    /// size, no_std): shown, never part of the composite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footprint: Option<DimensionResult>,
    /// How each source answered.
    pub sources: Vec<SourceRecord>,
    /// Model overrides in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_overrides: Vec<String>,
    /// Warnings met while collecting (skipped index lines, unparsable files…).
    #[serde(flatten)]
    pub warnings: Warnings,
}

impl Evaluation {
    /// A dimension by id.
    pub fn dimension(&self, id: &str) -> Option<&DimensionResult> {
        self.dimensions.iter().find(|d| d.id == id)
    }
    /// A dimension's score.
    pub fn score(&self, id: &str) -> Option<f64> {
        self.dimension(id).and_then(|d| d.score)
    }
    /// The best scenario (most stars, then highest profile score).
    pub fn best_scenario(&self) -> Option<&ScenarioResult> {
        self.scenarios.iter().max_by(|a, b| {
            (a.stars, a.score.unwrap_or(0.0))
                .partial_cmp(&(b.stars, b.score.unwrap_or(0.0)))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    }
}

impl Messages for SignalResult {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        match self {
            SignalResult::Measured { evidence, .. } => evidence.visit_messages(f),
            SignalResult::Unavailable { unavailable, .. } => unavailable.visit_messages(f),
        }
    }
}

impl Messages for GateResult {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.reason.visit_messages(f);
    }
}

impl Messages for DimensionResult {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.signals.visit_messages(f);
        self.gates.visit_messages(f);
        self.note.visit_messages(f);
    }
}

impl Messages for ScenarioResult {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.note.visit_messages(f);
    }
}

impl Messages for Evaluation {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.provisional_reason.visit_messages(f);
        self.dimensions.visit_messages(f);
        self.scenarios.visit_messages(f);
        self.strengths.visit_messages(f);
        self.risks.visit_messages(f);
        self.not_measured.visit_messages(f);
        self.footprint.visit_messages(f);
        self.sources.visit_messages(f);
        self.warnings.visit_messages(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derive `SignalResult` had before its own `Deserialize`: the
    /// reference the one-pass reader must agree with.
    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Derived {
        Measured {
            id: String,
            raw: Raw,
            unit: String,
            s: f64,
            weight: f64,
            #[serde(flatten)]
            evidence: Evidence,
            source: SourceId,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            fetched_at: Option<Timestamp>,
        },
        Unavailable {
            id: String,
            #[serde(flatten)]
            unavailable: UnavailableReason,
        },
    }

    #[test]
    fn signals_read_in_one_pass_as_the_untagged_derive_read_them() {
        let message = r#"{"id":"signal-x","args":{"n":{"count":3}}}"#;
        let cases = [
            // Measured, every shape of raw value, with and without messages.
            format!(
                r#"{{"id":"a","raw":12.5,"unit":"days","s":0.5,"weight":1.0,"evidence":"e","evidence_message":{message},"source":"index"}}"#
            ),
            r#"{"id":"a","raw":true,"unit":"","s":1.0,"weight":0.5,"evidence":"old text","source":"tarball","fetched_at":"2026-01-02T03:04:05Z"}"#.to_owned(),
            r#"{"id":"a","raw":"MIT","unit":"","s":1.0,"weight":0.5,"source":"tarball"}"#.to_owned(),
            // Unavailable, with a message, with only a text, with neither.
            format!(r#"{{"id":"b","unavailable":"u","unavailable_message":{message}}}"#),
            r#"{"id":"b","unavailable":"not read"}"#.to_owned(),
            r#"{"id":"b"}"#.to_owned(),
            // Measured but missing a field, or with a null raw value:
            // unavailable, keeping its reason.
            r#"{"id":"c","raw":1,"unit":"x","s":0.1,"source":"index","unavailable":"why"}"#.to_owned(),
            r#"{"id":"c","raw":null,"unit":"x","s":0.1,"weight":1,"source":"index"}"#.to_owned(),
            // Keys neither variant knows are ignored.
            r#"{"id":"d","raw":2,"unit":"x","s":0.2,"weight":1,"source":"index","later":[1,{"a":2}]}"#.to_owned(),
        ];
        for json in &cases {
            let ours: SignalResult = serde_json::from_str(json).expect(json);
            let reference: Derived = serde_json::from_str(json).expect(json);
            assert_eq!(
                serde_json::to_value(&ours).unwrap(),
                serde_json::to_value(&reference).unwrap(),
                "{json}"
            );
        }
        // Both refuse what has no id.
        let bad = r#"{"raw":1,"unit":"x","s":0.1,"weight":1,"source":"index"}"#;
        assert!(serde_json::from_str::<SignalResult>(bad).is_err());
        assert!(serde_json::from_str::<Derived>(bad).is_err());
    }
}
