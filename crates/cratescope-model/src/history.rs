//! History: stored evaluations of a crate over time, and what an `update`
//! run changed. The store fills [`HistoryEntry`]; the engine's update loop
//! produces an [`UpdateSummary`]; the report crate renders both.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::document::FailReason;
use crate::evaluation::Tier;
use crate::message::{Message, Messages, said};

said!(
    /// Why a crate of an update could not be evaluated or stored.
    update_failure::UpdateFailure,
    "error",
    "error_message"
);

/// One dimension of a stored evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDimension {
    /// Dimension id.
    pub id: String,
    /// 1.0–5.0, or None without evidence.
    pub score: Option<f64>,
    /// Share of signal weight available.
    pub confidence: f64,
    /// Remark (e.g. "cannot be reconstructed").
    pub note: Option<String>,
    /// No score only because its sources report just the present (backfill).
    #[serde(default)]
    pub not_reconstructible: bool,
}

/// One stored evaluation, as `history` lists it (no signals, no JSON parse).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Row id (for [`Store::evaluation`]).
    pub id: i64,
    /// Evaluated version.
    pub version: String,
    /// Day evaluated against.
    pub as_of: Date,
    /// When it was computed.
    pub evaluated_at: Timestamp,
    /// Model version.
    pub model_version: String,
    /// Composite score.
    pub composite: Option<f64>,
    /// Composite confidence.
    pub confidence: f64,
    /// Tier.
    pub tier: Tier,
    /// Tier is provisional.
    pub provisional: bool,
    /// Computed by `backfill`.
    pub backfill: bool,
    /// Dimensions in card order.
    pub dimensions: Vec<StoredDimension>,
}

/// What one crate's update did, against its previous stored evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum Change {
    /// First evaluation of the crate.
    New {
        /// Crate.
        name: String,
        /// Its tier.
        tier: Tier,
        /// Its composite.
        composite: Option<f64>,
    },
    /// The tier changed.
    Moved {
        /// Crate.
        name: String,
        /// Tier before.
        from: Tier,
        /// Tier now.
        to: Tier,
        /// Composite before.
        before: Option<f64>,
        /// Composite now.
        after: Option<f64>,
    },
    /// Same tier, the composite moved by at least the reporting threshold.
    Shifted {
        /// Crate.
        name: String,
        /// Composite before.
        before: f64,
        /// Composite now.
        after: f64,
    },
    /// Nothing a reader would notice changed.
    Same {
        /// Crate.
        name: String,
    },
    /// The crate could not be evaluated or stored; the next update retries it.
    Failed {
        /// Crate.
        name: String,
        /// Why.
        #[serde(flatten)]
        error: UpdateFailure,
    },
}

/// What an `update` run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSummary {
    /// One change per crate evaluated by this invocation.
    pub changes: Vec<Change>,
    /// Crates an interrupted earlier invocation of the same run had done.
    pub already_done: usize,
    /// This invocation resumed an interrupted run.
    pub resumed: bool,
    /// No crate is tracked.
    pub nothing_tracked: bool,
}

impl UpdateSummary {
    /// Crates that failed.
    pub fn failures(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| matches!(c, Change::Failed { .. }))
            .count()
    }
}

/// One crate at one quarter end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum BackfillRow {
    /// Evaluated and stored.
    Stored {
        /// Crate.
        name: String,
        /// Quarter label, e.g. 2026Q2.
        quarter: String,
        /// The quarter's last day.
        as_of: Date,
        /// Version evaluated.
        version: String,
        /// Tier.
        tier: Tier,
        /// Composite.
        composite: Option<f64>,
        /// False when the same inputs were already stored.
        inserted: bool,
        /// Dimensions that lost present-only signals.
        unreconstructed: Vec<String>,
    },
    /// Nothing to evaluate (e.g. before the first release) or an error.
    Skipped {
        /// Crate.
        name: String,
        /// Quarter label.
        quarter: String,
        /// The quarter's last day.
        as_of: Date,
        /// Why.
        #[serde(flatten)]
        reason: FailReason,
    },
}

impl Messages for UpdateSummary {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        for c in &mut self.changes {
            if let Change::Failed { error, .. } = c {
                error.visit_messages(f);
            }
        }
    }
}

impl Messages for BackfillRow {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        if let BackfillRow::Skipped { reason, .. } = self {
            reason.visit_messages(f);
        }
    }
}
