//! What the RustSec advisory database says about a crate and its tree.
//! Filled by the engine from `cratescope-advisory`; read by the signals.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One advisory that concerns the evaluated crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFact {
    /// RUSTSEC id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Advisory date.
    pub date: Date,
    /// `vulnerability`, `unmaintained`, `unsound`, `notice` or another informational kind.
    pub kind: String,
    /// Affects the evaluated version.
    pub affects_evaluated: bool,
    /// Days from the advisory to the first patched release, when there is one.
    pub patch_days: Option<i64>,
}

/// One advisory that affects a crate in the resolved dependency tree, at the
/// version the tree resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeAdvisory {
    /// RUSTSEC id.
    pub id: String,
    /// `vulnerability`, `unsound`, `unmaintained`, or another informational kind.
    pub kind: String,
    /// The dependency it affects.
    pub package: String,
    /// The resolved version of that dependency.
    pub version: String,
    /// The dependency is a direct dependency of the evaluated crate.
    pub direct: bool,
}

/// Advisory database facts for the crate (and its tree, when known).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFacts {
    /// Active (not withdrawn) advisories for this crate dated ≤ as_of.
    pub advisories: Vec<AdvisoryFact>,
    /// Advisories affecting the resolved dependency tree (None when the tree is unknown).
    pub tree_advisories: Option<Vec<String>>,
    /// Why the tree is unknown, when it is.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::message::message_or_text"
    )]
    pub tree_note: Option<crate::message::Message>,
    /// The advisories of `tree_advisories` with their kind, dependency and
    /// depth (empty when the tree is unknown or clean).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tree_findings: Vec<TreeAdvisory>,
    /// Age of the database in days at as_of, when known.
    pub db_age_days: Option<i64>,
}
