//! Trends over stored history: per catalog category, quarter over quarter.
//! Computed by the score crate from stored evaluations; rendered by the
//! report crate.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalog::Label;
use crate::evaluation::Tier;

/// Radar rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ring {
    /// Mature (production ready or better) and steady or rising.
    Adopt,
    /// Rising, not yet production ready.
    Trial,
    /// Young or fast-moving, or not enough history to say more.
    Assess,
    /// Declining, or gated (⛔).
    Hold,
}

impl Ring {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Ring::Adopt => "adopt",
            Ring::Trial => "trial",
            Ring::Assess => "assess",
            Ring::Hold => "hold",
        }
    }
}

/// A crate's last evaluation in one calendar quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterPoint {
    /// Quarter label, e.g. "2026Q3".
    pub quarter: String,
    /// The evaluation's as_of.
    pub as_of: Date,
    /// Composite.
    pub composite: Option<f64>,
    /// Tier.
    pub tier: Tier,
    /// Versions published by then.
    pub versions: u64,
    /// All-time downloads, when known.
    pub downloads: Option<u64>,
}

/// One crate's trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrateTrend {
    /// Crate name.
    pub name: String,
    /// Quarters with an evaluation, oldest first.
    pub quarters: Vec<QuarterPoint>,
    /// Composite change from the previous quarter to the latest.
    pub momentum: Option<f64>,
    /// Versions published between the previous quarter and the latest.
    pub releases: Option<u64>,
    /// Downloads gained between the previous quarter and the latest.
    pub downloads_gained: Option<u64>,
    /// The ring; None without any stored evaluation.
    pub ring: Option<Ring>,
    /// The numbers that put it there.
    #[serde(flatten)]
    pub reason: TrendReason,
}

crate::message::said!(
    /// Why a crate is in its ring (`reason`, `reason_message`).
    trend_reason::TrendReason,
    "reason",
    "reason_message"
);

impl crate::message::Messages for CrateTrend {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.reason.visit_messages(f);
    }
}

impl crate::message::Messages for CategoryTrend {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.crates.visit_messages(f);
    }
}

/// One category's trends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryTrend {
    /// Category id.
    pub id: String,
    /// Display name.
    pub name: Label,
    /// Crates in catalog order.
    pub crates: Vec<CrateTrend>,
}
