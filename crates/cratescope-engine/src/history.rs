//! The history store as the engine's jobs read it: which store (an
//! explicit URL, else the default SQLite file), the stored evaluations of a
//! catalog's crates, and the trends computed from them. `report`, `trends`
//! and the server's category pages all take their trends from here.

use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Arg, Evaluation, Message, msg};
use cratescope_store::Store;

use crate::catalog::Catalog;
use crate::error::Error;

/// The store at `url`, else the default one (created when missing).
pub async fn open(url: Option<&str>) -> Result<Store, Error> {
    let url = url
        .map(str::to_string)
        .unwrap_or_else(crate::config::default_database_url);
    Store::open(&url).await.map_err(|source| Error::Store {
        what: "open the history store",
        source,
    })
}

/// The store at `url`; with no URL, the default store only when it exists
/// (a report does not create a database just to find it empty).
pub async fn open_existing(url: Option<&str>) -> Result<Option<Store>, Error> {
    if url.is_none() {
        let default = crate::config::default_database_url();
        let exists = cratescope_store::sqlite_path(&default).is_some_and(|p| p.exists());
        if !exists {
            return Ok(None);
        }
    }
    open(url).await.map(Some)
}

/// Rows the store could not read back and moved to its quarantine table,
/// once each.
pub fn quarantined(store: &Store) -> Vec<Message> {
    store
        .take_quarantined()
        .into_iter()
        .map(|q| {
            msg!(
                "history-quarantined",
                id = q.evaluation_id,
                krate = Arg::krate(q.name),
                why = Arg::text(q.reason)
            )
        })
        .collect()
}

/// The stored evaluations of `names` (crates without history left out).
pub async fn load(
    store: &Store,
    names: &[String],
) -> Result<Vec<(String, Vec<Evaluation>)>, Error> {
    let mut out = Vec::new();
    for name in names {
        let evals = store
            .evaluations(name)
            .await
            .map_err(|source| Error::Store {
                what: "read stored evaluations",
                source,
            })?;
        if !evals.is_empty() {
            out.push((name.clone(), evals));
        }
    }
    Ok(out)
}

/// Per category: momentum and rings from the stored history of the
/// catalog's crates.
pub async fn trends(store: &Store, catalog: &Catalog) -> Result<Vec<CategoryTrend>, Error> {
    let history = load(store, &catalog.crates()).await?;
    Ok(cratescope_score::trend::compute(&history, catalog))
}

/// The trends of `report`: None when there is no store or no history (the
/// document then says there is no history yet); a store that cannot be
/// read is a warning, not a failed report.
pub async fn stored_trends(
    url: Option<&str>,
    catalog: &Catalog,
    warnings: &mut Vec<Message>,
) -> Option<Vec<CategoryTrend>> {
    let store = match open_existing(url).await {
        Ok(Some(s)) => s,
        Ok(None) => return None,
        Err(e) => {
            warnings.push(msg!("history-no-trends", why = e.message()));
            return None;
        }
    };
    let history = load(&store, &catalog.crates()).await;
    warnings.extend(quarantined(&store));
    store.close().await;
    match history {
        Ok(h) if h.is_empty() => None,
        Ok(h) => Some(cratescope_score::trend::compute(&h, catalog)),
        Err(e) => {
            warnings.push(msg!("history-no-trends", why = e.message()));
            None
        }
    }
}
