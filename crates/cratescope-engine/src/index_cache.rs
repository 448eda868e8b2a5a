//! The per-run in-memory index cache: every crate's index entry is read at
//! most once per run, failures included, however many evaluations of the run
//! ask for it (a dependency shared by 200 packages of an audit, a resolver
//! walking a tree). Keyed by the lowercased name, as the index path is.
//!
//! One [`crate::Evaluator`] is one run: a long-lived process (the server)
//! builds a new evaluator per round so the data does not go stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cratescope_index::{Index, IndexCrate, IndexError};
use tokio::sync::OnceCell;

type Slot = Arc<OnceCell<Result<Arc<IndexCrate>, Arc<IndexError>>>>;

/// The index, read through a per-run cache.
#[derive(Clone)]
pub struct IndexCache {
    index: Index,
    entries: Arc<Mutex<HashMap<String, Slot>>>,
}

impl IndexCache {
    /// Wrap an index.
    pub fn new(index: Index) -> IndexCache {
        IndexCache {
            index,
            entries: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The underlying index (downloads go straight to it).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// A crate's releases, read once per run.
    pub async fn releases(&self, name: &str) -> Result<Arc<IndexCrate>, Arc<IndexError>> {
        let slot = {
            // A poisoned lock only means another task panicked while holding
            // it; the map itself is still consistent (inserts are atomic).
            let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(name.to_ascii_lowercase())
                .or_insert_with(|| Arc::new(OnceCell::new()))
                .clone()
        };
        slot.get_or_init(|| async {
            self.index
                .crate_releases(name)
                .await
                .map(Arc::new)
                .map_err(Arc::new)
        })
        .await
        .clone()
    }

    /// How many distinct crates were asked for (for tests and metrics).
    pub fn len(&self) -> usize {
        self.entries.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Nothing asked for yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
