//! What the crates.io database dump says about one crate: usage across the
//! whole ecosystem (downloads, dependents, who depends on it) and its owners.
//! Filled by `cratescope-dump` from a local import; read by the signals.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One crate's figures from the crates.io database dump.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DumpFacts {
    /// The day the dump was taken (its `metadata.json` timestamp).
    pub dump_date: Option<Date>,
    /// Downloads over the dump's last 90 days (None for a past `as_of`: the
    /// dump keeps only the last 90 days of daily downloads).
    pub downloads_90d: Option<u64>,
    /// Downloads over the 90 days before those (None when the dump cannot
    /// tell: it keeps 90 days).
    pub downloads_prev_90d: Option<u64>,
    /// All-time downloads (None for a past `as_of`).
    pub downloads_total: Option<u64>,
    /// Crates whose default version (not yanked) depends on this one, every
    /// kind: the count crates.io shows.
    pub dependents: Option<u64>,
    /// Of those, crates that depend on it at runtime (normal or build).
    pub dependents_runtime: Option<u64>,
    /// Distinct owners among the runtime dependents.
    pub dependent_owners: Option<u64>,
    /// Crates that depend on it through other crates (the transitive closure
    /// of runtime dependents, the direct ones excluded).
    pub indirect_dependents: Option<u64>,
    /// User owners.
    pub owner_users: Option<u64>,
    /// Team owners.
    pub owner_teams: Option<u64>,
    /// crates.io categories (slugs).
    pub categories: Vec<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// When the crate was created on crates.io.
    pub created_at: Option<Timestamp>,
    /// What a past `as_of` could not reconstruct, one note each.
    pub not_reconstructed: Vec<String>,
    /// When the dump was taken (its `metadata.json` timestamp), to the second.
    #[serde(default)]
    pub dump_time: Option<Timestamp>,
    /// `downloads_90d` per mean month (365.25 / 12 days).
    #[serde(default)]
    pub downloads_per_month: Option<f64>,
    /// Downloads of the dump's last 45 days over the 45 before: the closest
    /// thing to quarter-over-quarter growth 90 days of daily downloads
    /// allow. None when the crate is younger than 90 days at the dump's
    /// date, when the older half had no downloads, or for a past `as_of`.
    #[serde(default)]
    pub growth: Option<f64>,
    /// Crates that may have taken over from this one, as the dump shows
    /// them at its date: the same repository, an owner in common, created
    /// later (see [`SuccessorCandidate`]). Empty for a past `as_of`: the
    /// dump cannot say what was so then. The `superseded` gate decides which,
    /// if any, is the successor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successor_candidates: Vec<SuccessorCandidate>,
}

/// A crate published from the same repository (normalised URL) as another,
/// with at least one owner (user or team) in common, created after it: the
/// shape of a rename or a rewrite — and of a monorepo's sibling, which is
/// why the evidence beside it decides (a related name, dependents who
/// moved).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessorCandidate {
    /// Its name.
    pub name: String,
    /// When it was created on crates.io.
    pub created_at: Option<Timestamp>,
    /// Its latest release that is not yanked.
    pub last_release: Option<Timestamp>,
    /// The crate's own latest release that is not yanked (the one it would
    /// succeed), for the comparison.
    pub predecessor_last_release: Option<Timestamp>,
    /// Owners the two crates have in common.
    pub shared_owners: u32,
    /// Its name is the other's with a version or "next" mark (`foo2`,
    /// `foo-ng`, `foo-next`, `foo-rs`) or the other way round.
    pub related_name: bool,
    /// Dependents whose newer release dropped the crate and, in that same
    /// release, added this one, counted by distinct owners (one author's
    /// crates moving together count once).
    pub migrated_owners: u64,
    /// The same dependents, each counted.
    pub migrated_dependents: u64,
}
