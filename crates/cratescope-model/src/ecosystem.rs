//! The whole ecosystem (issue 22): entries of `rank`, `emerging` and
//! `alternatives`, and the mark of a shallow evaluation. The engine fills
//! them from the crates.io database dump (and RustSec); the report crate
//! and the server render them. Plain data: every sentence about them is
//! built from these typed fields as a message by the renderer.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::dimension::Dimension;
use crate::evaluation::{Evaluation, Tier};

/// How deep an evaluation went (ARCHITECTURE.md, "Two tiers of evaluation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Depth {
    /// From the dump and RustSec alone: release history, downloads,
    /// dependents, dependency requirements, owners, advisories.
    Shallow,
    /// The full evaluation: the `.crate` source, the repository and the
    /// online APIs as well.
    Deep,
}

impl Depth {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Depth::Shallow => "shallow",
            Depth::Deep => "deep",
        }
    }
}

/// What only the deep tier reads: a shallow card leaves these unmeasured
/// (never 0) and names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DeepOnly {
    /// Documentation coverage, examples, README (the `.crate` source).
    Documentation,
    /// Benchmarks and their tracking (the source and the repository).
    PerformanceWork,
    /// Unsafe code density (the `.crate` source).
    UnsafeCode,
    /// Commits, authors, fuzzing, security policy (the repository).
    RepositoryHistory,
}

impl DeepOnly {
    /// Everything the shallow tier leaves to the deep one.
    pub const ALL: [DeepOnly; 4] = [
        DeepOnly::Documentation,
        DeepOnly::PerformanceWork,
        DeepOnly::UnsafeCode,
        DeepOnly::RepositoryHistory,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            DeepOnly::Documentation => "documentation",
            DeepOnly::PerformanceWork => "performance-work",
            DeepOnly::UnsafeCode => "unsafe-code",
            DeepOnly::RepositoryHistory => "repository-history",
        }
    }

    /// The dimensions it feeds.
    pub fn dimensions(self) -> &'static [Dimension] {
        match self {
            DeepOnly::Documentation => &[Dimension::Documentation],
            DeepOnly::PerformanceWork => &[Dimension::Performance],
            DeepOnly::UnsafeCode => &[Dimension::Security],
            DeepOnly::RepositoryHistory => &[
                Dimension::Community,
                Dimension::Maintenance,
                Dimension::Security,
            ],
        }
    }
}

/// A shallow or deep card, with what a shallow one did not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TieredEvaluation {
    /// Shallow or deep.
    pub depth: Depth,
    /// What the deep tier would add (empty for a deep card).
    pub needs_deep: Vec<DeepOnly>,
    /// The card (the same model and rules at both depths).
    pub evaluation: Evaluation,
}

/// Which way downloads went over the dump's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TrendDirection {
    /// The recent half of the window clearly above the older half.
    Rising,
    /// About the same.
    Steady,
    /// Clearly below.
    Falling,
    /// Not measurable: too young, no downloads in the older half, or a day
    /// the dump's downloads do not cover.
    Unknown,
}

/// Dependents that require one compatible line of the crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cohort {
    /// The line (`1.x`, `0.3.x`, `0.0.4`).
    pub line: String,
    /// Dependents whose current version requires it.
    pub dependents: u64,
}

/// The dump's figures behind an entry (None: not in the dump, or not for
/// this day; never 0 for missing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Figures {
    /// Downloads over the window ending on the evaluation day.
    pub downloads: Option<u64>,
    /// Of those, the recent half's.
    pub downloads_recent: Option<u64>,
    /// And the older half's.
    pub downloads_previous: Option<u64>,
    /// Days the window covers (up to the dump's 90).
    pub window_days: Option<u32>,
    /// Recent half over older half.
    pub growth: Option<f64>,
    /// Which way, by the model's threshold.
    pub trend: Option<TrendDirection>,
    /// Crates whose current version depends on it.
    pub dependents: Option<u64>,
    /// Distinct owners of those (at runtime: normal and build).
    pub dependent_owners: Option<u64>,
    /// Dependents by the compatible line they require, newest line first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cohorts: Vec<Cohort>,
    /// Releases published (yanked ones included).
    pub releases: u64,
    /// Releases yanked.
    pub yanked: u64,
    /// The latest non-yanked release.
    pub latest_version: Option<String>,
    /// Its day.
    pub latest_release: Option<Date>,
    /// The crate's creation on crates.io.
    pub created: Option<Date>,
    /// Owners (users + teams).
    pub owners: Option<u64>,
    /// RustSec advisories that stand against the crate (ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<String>,
}

/// One crate of `cratescope rank`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RankEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// 1 for the best.
    pub rank: u32,
    /// The evaluated version.
    pub version: String,
    /// Tier of evaluation.
    pub depth: Depth,
    /// What a shallow card did not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_deep: Vec<DeepOnly>,
    /// Maturity tier.
    pub tier: Tier,
    /// Composite, when any dimension had evidence.
    pub composite: Option<f64>,
    /// The composite's range over the unscored dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite_range: Option<[f64; 2]>,
    /// Composite confidence.
    pub confidence: f64,
    /// The dump's figures.
    pub figures: Figures,
    /// crates.io categories (slugs).
    pub categories: Vec<String>,
    /// The card.
    pub evaluation: Box<Evaluation>,
}

/// One crate of `cratescope emerging`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmergingEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// 1 for the fastest riser.
    pub rank: u32,
    /// The category it was compared against (None: the whole ecosystem).
    pub category: Option<String>,
    /// Days from its creation to the evaluation day.
    pub age_days: i64,
    /// The dump's figures.
    pub figures: Figures,
    /// Distinct owners of runtime dependents at the window's start.
    pub dependent_owners_before: u64,
    /// And at its end.
    pub dependent_owners_after: u64,
    /// The crate's log download growth minus its category's median
    /// (None: downloads not measurable for this day).
    pub growth_vs_category: Option<f64>,
    /// The ranking score (see docs/ecosystem.md).
    pub score: f64,
    /// Shallow tier.
    pub tier: Tier,
    /// Shallow composite.
    pub composite: Option<f64>,
}

/// Why a crate is offered as an alternative.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlternativeEvidence {
    /// Advisories against the original crate whose text names this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named_by_advisories: Vec<String>,
    /// Its successor as the crates.io dump shows it: the same repository,
    /// an owner in common, created later, active while the original
    /// stalled, with a related name or dependents who moved (the
    /// `superseded` gate's rule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub successor: bool,
    /// Distinct owners of dependents whose newer release dropped the
    /// original crate and added this one.
    pub migrated_owners: u64,
    /// Those dependents.
    pub migrated_dependents: u64,
    /// A few of them, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrated_examples: Vec<String>,
    /// Categories shared with the original crate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_categories: Vec<String>,
    /// Keywords shared with the original crate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_keywords: Vec<String>,
}

/// One crate of `cratescope alternatives`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlternativeEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// 1 for the best.
    pub rank: u32,
    /// The crate it replaces.
    pub instead_of: String,
    /// Shallow tier of the alternative.
    pub tier: Tier,
    /// Shallow composite of the alternative.
    pub composite: Option<f64>,
    /// Why.
    pub evidence: AlternativeEvidence,
    /// The dump's figures.
    pub figures: Figures,
}

// The card inside holds sentences: `english()` must reach them before the
// JSON leaves the program.
impl crate::message::Messages for RankEntry {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.evaluation.visit_messages(f);
    }
}

impl crate::message::Messages for TieredEvaluation {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.evaluation.visit_messages(f);
    }
}
