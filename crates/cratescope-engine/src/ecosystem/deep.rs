//! The deep tier for the whole ecosystem, beyond one machine: every crate
//! (or every crate of some categories) is tracked in the shared store, and
//! the store's update runs hand them out as claimed jobs (`FOR UPDATE SKIP
//! LOCKED` on PostgreSQL, renewed leases, a killed worker's claim taken
//! over). Each `cratescope update` on each machine is N more workers; no
//! coordinator. docs/ecosystem.md has the throughput measured per worker
//! and what 200,000 crates take with 1, 10 and 50 workers.

use cratescope_store::Store;
use jiff::Timestamp;

use super::View;

impl View {
    /// The names the deep tier should cover: every crate with a live
    /// release by the evaluation day, or those of the given categories
    /// (subcategories included), best first on the shallow tier so that a
    /// run cut short has evaluated the crates that matter most.
    pub fn deep_worklist(
        &self,
        categories: &[String],
    ) -> Result<Vec<String>, super::EcosystemError> {
        let eco = self.ecosystem();
        let crates: Vec<usize> = if categories.is_empty() {
            (0..eco.len()).collect()
        } else {
            let mut all = std::collections::BTreeSet::new();
            for slug in categories {
                all.extend(self.category(slug)?.crates);
            }
            all.into_iter().collect()
        };
        let sel = super::Selection {
            kind: super::SelectionKind::Keyword(String::new()),
            crates,
        };
        Ok(self
            .ranked(&sel)
            .into_iter()
            .filter(|s| {
                let c = s.krate as usize;
                super::shallow::visible(eco, c, self.as_of())
                    .into_iter()
                    .any(|v| !eco.yanked(v))
            })
            .map(|s| eco.name(s.krate as usize).to_string())
            .collect())
    }
}

/// Tracks `names` in the store (those already tracked stay), so the next
/// update run hands each to one worker; returns how many were added.
pub async fn track_all(
    store: &Store,
    names: &[String],
    now: Timestamp,
) -> Result<u64, cratescope_store::StoreError> {
    store.track(names, now).await
}
