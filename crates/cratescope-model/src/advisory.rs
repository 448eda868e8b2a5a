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

/// Advisory database facts for the crate (and its tree, when known).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFacts {
    /// Active (not withdrawn) advisories for this crate dated ≤ as_of.
    pub advisories: Vec<AdvisoryFact>,
    /// Advisories affecting the resolved dependency tree (None when the tree is unknown).
    pub tree_advisories: Option<Vec<String>>,
    /// Why the tree is unknown, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_note: Option<String>,
    /// Age of the database in days at as_of, when known.
    pub db_age_days: Option<i64>,
}
