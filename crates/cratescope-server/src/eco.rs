//! The crates.io dump behind the server's ecosystem pages (issue 22):
//! loaded once, in the background, when the server starts; then every list
//! (a category ranked, the emerging crates, a crate's alternatives) is
//! computed once per dump load and kept.
//!
//! Bounds, each with its reason:
//! - the load runs on its own thread and runtime (reading a real-scale dump
//!   into memory is a minute of CPU): requests never wait for it longer than
//!   [`LOAD_WAIT`]; until it is done, the ecosystem pages answer 503 with a
//!   Retry-After, and every other page is served as usual;
//! - a list not computed yet is computed by one request at a time
//!   ([`AT_ONCE`], on a blocking thread; the shallow scoring uses every core
//!   itself), and costs the client a token of the per-client rate limiter,
//!   as an on-demand evaluation does; a request that waited
//!   [`COMPUTE_WAIT`] for its turn is answered 503. A computation outlives a
//!   client that left: its result is kept for the next one;
//! - each list is computed for its first [`MAX_LIMIT`] entries, and the
//!   `limit` a request asks for is clamped to that;
//! - kept lists are bounded per kind ([`RANKS_KEPT`], [`EMERGING_KEPT`],
//!   [`ALTERNATIVES_KEPT`]), the oldest forgotten first.
//!
//! A server whose options name no dump (or one that cannot be read) says so
//! on those pages, with the reason; it never shows an empty list for it.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cratescope_engine::ecosystem::{EcosystemError, SelectionKind, View};
use cratescope_engine::{EvalOptions, Evaluator};
use cratescope_model::ecosystem::{AlternativeEntry, EmergingEntry, RankEntry};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use tokio::sync::{OnceCell, Semaphore};

use crate::error::AppError;
use crate::render::say;

/// Entries computed per list; `?limit=` is clamped to it. A hundred is five
/// screens of a category, more than a reader compares.
pub const MAX_LIMIT: usize = 100;
/// How long a request waits for the dump to finish loading before it is
/// told to come back: a page should not hang for a minute.
pub const LOAD_WAIT: Duration = Duration::from_secs(2);
/// Seconds a client should wait while the dump loads.
pub const LOADING_RETRY_SECS: u64 = 10;
/// Lists computed at once: the shallow scoring already uses every core.
pub const AT_ONCE: usize = 1;
/// How long a request waits for its turn to compute a list: less than the
/// request timeout, so it is told "busy" rather than cut off.
pub const COMPUTE_WAIT: Duration = Duration::from_secs(10);
/// Seconds a client should wait when every computation slot is taken.
pub const BUSY_RETRY_SECS: u64 = 5;
/// Categories whose ranking is kept (a real dump has about 500; the
/// visited ones are far fewer, and each kept list holds a hundred cards).
pub const RANKS_KEPT: usize = 64;
/// Emerging lists kept (one per category asked and window).
pub const EMERGING_KEPT: usize = 64;
/// How long a crate page waits for its alternatives when they are not
/// computed yet: the page itself must not wait for a large category; the
/// computation goes on and the next visit shows them.
pub const ALTERNATIVES_WAIT: Duration = Duration::from_secs(5);
/// Crates whose alternatives are kept (small entries; crate pages are the
/// most visited).
pub const ALTERNATIVES_KEPT: usize = 2048;

/// A bounded map of computed lists: at most `cap` entries, the oldest
/// inserted forgotten first.
struct Memo<K, V> {
    cap: usize,
    inner: Mutex<(HashMap<K, V>, VecDeque<K>)>,
}

impl<K: Clone + Eq + Hash, V: Clone> Memo<K, V> {
    fn new(cap: usize) -> Memo<K, V> {
        Memo {
            cap: cap.max(1),
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    fn get(&self, k: &K) -> Option<V> {
        self.inner.lock().ok()?.0.get(k).cloned()
    }

    fn put(&self, k: K, v: V) {
        let Ok(mut g) = self.inner.lock() else {
            return;
        };
        let (map, order) = &mut *g;
        if map.insert(k.clone(), v).is_none() {
            order.push_back(k);
        }
        while map.len() > self.cap {
            match order.pop_front() {
                Some(old) => {
                    map.remove(&old);
                }
                None => break,
            }
        }
    }
}

/// One crates.io category of the dump, for the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    /// Slug (`parsing`, `web-programming::http-server`).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Crates in it or in its subcategories.
    pub crates: usize,
}

/// A category ranked: what it is, how many crates it holds, its first
/// [`MAX_LIMIT`] entries.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// Slug, as the dump spells it.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Crates considered.
    pub considered: usize,
    /// Best first.
    pub entries: Vec<RankEntry>,
}

/// The loaded dump and its kept lists.
pub struct EcoData {
    /// The ecosystem view.
    pub view: View,
    /// Every category, by slug.
    pub categories: Vec<CategoryRow>,
    ranks: Memo<String, Arc<Ranked>>,
    emerging: Memo<(Option<String>, u32), Arc<Vec<EmergingEntry>>>,
    alternatives: Memo<String, Arc<Result<Vec<AlternativeEntry>, Message>>>,
}

impl EcoData {
    fn new(view: View) -> EcoData {
        let eco = view.ecosystem();
        let n = eco.category_count();
        let mut own = vec![0usize; n];
        for c in 0..eco.len() {
            for &k in eco.categories_of(c) {
                if let Some(x) = own.get_mut(k as usize) {
                    *x += 1;
                }
            }
        }
        // A category holds its subcategories' crates (as `rank` counts
        // them): a crate in two of them counts once.
        let mut categories: Vec<CategoryRow> = (0..n as u32)
            .map(|k| {
                let (slug, name) = eco.category(k);
                (k, slug.to_string(), name.to_string())
            })
            .map(|(k, slug, name)| {
                let sub = format!("{slug}::");
                let has_sub = (0..n as u32).any(|j| eco.category(j).0.starts_with(&sub));
                let crates = if has_sub {
                    (0..eco.len())
                        .filter(|&c| {
                            eco.categories_of(c)
                                .iter()
                                .any(|&j| j == k || eco.category(j).0.starts_with(&sub))
                        })
                        .count()
                } else {
                    own[k as usize]
                };
                CategoryRow { slug, name, crates }
            })
            .collect();
        categories.sort_by(|a, b| a.slug.cmp(&b.slug));
        EcoData {
            view,
            categories,
            ranks: Memo::new(RANKS_KEPT),
            emerging: Memo::new(EMERGING_KEPT),
            alternatives: Memo::new(ALTERNATIVES_KEPT),
        }
    }
}

/// What loading the dump gave.
enum Loaded {
    Ready(Arc<EcoData>),
    /// No dump, or one that cannot be read: the reason.
    Unavailable(Message),
}

/// The dump of a server: loaded once, shared by every request.
pub struct EcoState {
    opts: EvalOptions,
    cell: Arc<OnceCell<Loaded>>,
    slots: Arc<Semaphore>,
}

/// Reads the dump into memory on this thread, with a runtime of its own.
fn load_here(opts: EvalOptions) -> Result<EcoData, Message> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "no runtime to load the crates.io dump");
            msg!("server-eco-stopped")
        })?;
    let evaluator = Evaluator::new(opts).map_err(|e| e.message())?;
    let view = rt
        .block_on(View::open(&evaluator))
        .map_err(|e| e.message())?;
    for n in view.notes() {
        tracing::warn!(note = %say(n), "crates.io dump");
    }
    Ok(EcoData::new(view))
}

/// Loads the dump on its own thread and runtime, so the server's stay free.
async fn load(opts: EvalOptions) -> Loaded {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("dump-load".into())
        .spawn(move || {
            let loaded = load_here(opts);
            let _ = tx.send(loaded);
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "no thread to load the crates.io dump");
        return Loaded::Unavailable(msg!("server-eco-stopped"));
    }
    match rx.await {
        Ok(Ok(data)) => {
            tracing::info!(
                crates = data.view.ecosystem().len(),
                categories = data.categories.len(),
                "crates.io dump loaded"
            );
            Loaded::Ready(Arc::new(data))
        }
        Ok(Err(reason)) => {
            tracing::warn!(reason = %say(&reason), "no crates.io dump for the ecosystem pages");
            Loaded::Unavailable(reason)
        }
        Err(_) => Loaded::Unavailable(msg!("server-eco-stopped")),
    }
}

/// Why a list cannot be shown now.
#[derive(Debug, Clone)]
pub enum Unavailable {
    /// No usable dump: the reason, for the user.
    NoDump(Message),
    /// Still loading.
    Loading,
}

impl Unavailable {
    /// As the error a page or the API answers: no dump is a 404 naming why
    /// (this server has none of these lists), loading a 503 with a retry.
    pub fn error(&self) -> AppError {
        match self {
            Unavailable::NoDump(reason) => AppError::NotFound(say(&msg!(
                "server-eco-unavailable",
                reason = reason.clone()
            ))),
            Unavailable::Loading => AppError::Busy {
                reason: say(&msg!("server-eco-loading")),
                retry_after: LOADING_RETRY_SECS,
            },
        }
    }
}

/// What an ecosystem error answers: an unknown category or crate is a 404
/// with the closest names, a bad window a 400, a dump that cannot be read
/// a 404 naming why.
pub fn eco_error(e: &EcosystemError) -> AppError {
    let m = say(&e.message());
    match e {
        EcosystemError::BadWindow { .. } => AppError::BadRequest(m),
        _ => AppError::NotFound(m),
    }
}

impl EcoState {
    /// For a server with these evaluation options (their dump, their
    /// advisory database, their day).
    pub fn new(opts: EvalOptions) -> EcoState {
        EcoState {
            opts,
            cell: Arc::new(OnceCell::new()),
            slots: Arc::new(Semaphore::new(AT_ONCE)),
        }
    }

    /// Starts loading now (on the current runtime), so the first visitor
    /// does not wait for it.
    pub fn start(&self) {
        let cell = self.cell.clone();
        let opts = self.opts.clone();
        tokio::spawn(async move {
            cell.get_or_init(|| load(opts)).await;
        });
    }

    /// The loaded dump, waiting at most [`LOAD_WAIT`] for it.
    pub async fn data(&self) -> Result<Arc<EcoData>, Unavailable> {
        let opts = self.opts.clone();
        match tokio::time::timeout(LOAD_WAIT, self.cell.get_or_init(|| load(opts))).await {
            Ok(Loaded::Ready(d)) => Ok(d.clone()),
            Ok(Loaded::Unavailable(m)) => Err(Unavailable::NoDump(m.clone())),
            Err(_) => Err(Unavailable::Loading),
        }
    }

    /// Runs `work` on a blocking thread once a computation slot is free
    /// (the slot goes with the work, so a client that leaves frees nothing
    /// early); `Busy` when no slot came in [`COMPUTE_WAIT`].
    async fn compute<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || AppError::Busy {
            reason: say(&msg!("server-eco-busy")),
            retry_after: BUSY_RETRY_SECS,
        };
        let permit = tokio::time::timeout(COMPUTE_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "an ecosystem computation stopped");
            AppError::Failed(say(&msg!("server-eco-stopped")))
        })
    }
}

/// A cache miss costs the client a token, as an evaluation does.
fn charge(s: &crate::AppState, client: Option<IpAddr>) -> Result<(), AppError> {
    s.limiter
        .check(client)
        .map_err(|retry_after| AppError::RateLimited { retry_after })
}

/// A category of the dump ranked (its first [`MAX_LIMIT`] crates).
pub async fn ranked(
    s: &crate::AppState,
    data: &Arc<EcoData>,
    slug: &str,
    client: Option<IpAddr>,
) -> Result<Arc<Ranked>, AppError> {
    let sel = data.view.category(slug).map_err(|e| eco_error(&e))?;
    let SelectionKind::Category(slug, name) = sel.kind.clone() else {
        return Err(AppError::NotFound(say(&msg!(
            "eco-error-unknown-category",
            given = Arg::krate(slug)
        ))));
    };
    if let Some(r) = data.ranks.get(&slug) {
        return Ok(r);
    }
    charge(s, client)?;
    let d = data.clone();
    s.eco
        .compute(move || {
            if let Some(r) = d.ranks.get(&slug) {
                return r;
            }
            let r = Arc::new(Ranked {
                entries: d.view.rank(&sel, MAX_LIMIT),
                considered: sel.crates.len(),
                slug: slug.clone(),
                name,
            });
            d.ranks.put(slug, r.clone());
            r
        })
        .await
}

/// The emerging crates (of a category, over a window), first [`MAX_LIMIT`].
pub async fn emerging(
    s: &crate::AppState,
    data: &Arc<EcoData>,
    category: Option<&str>,
    window: u32,
    client: Option<IpAddr>,
) -> Result<(Option<String>, Arc<Vec<EmergingEntry>>), AppError> {
    // The slug as the dump spells it (an unknown one is a 404 now).
    let slug = match category {
        Some(c) => match data.view.category(c).map_err(|e| eco_error(&e))?.kind {
            SelectionKind::Category(slug, _) => Some(slug),
            SelectionKind::Keyword(k) => Some(k),
        },
        None => None,
    };
    let key = (slug.clone(), window);
    if let Some(r) = data.emerging.get(&key) {
        return Ok((slug, r));
    }
    charge(s, client)?;
    let d = data.clone();
    let list = s
        .eco
        .compute(move || {
            if let Some(r) = d.emerging.get(&key) {
                return Ok(r);
            }
            let r = Arc::new(d.view.emerging(key.0.as_deref(), window, MAX_LIMIT)?);
            d.emerging.put(key, r.clone());
            Ok(r)
        })
        .await?
        .map_err(|e: EcosystemError| eco_error(&e))?;
    Ok((slug, list))
}

/// A crate's alternatives (first [`MAX_LIMIT`]), or the sentence saying
/// why there are none to compute (not in the dump, no release).
pub async fn alternatives(
    s: &crate::AppState,
    data: &Arc<EcoData>,
    name: &str,
    client: Option<IpAddr>,
) -> Result<Arc<Result<Vec<AlternativeEntry>, Message>>, AppError> {
    let key = match data.view.find(name) {
        Ok(c) => data.view.ecosystem().name(c).to_string(),
        Err(e) => return Ok(Arc::new(Err(e.message()))),
    };
    if let Some(r) = data.alternatives.get(&key) {
        return Ok(r);
    }
    charge(s, client)?;
    let d = data.clone();
    s.eco
        .compute(move || {
            if let Some(r) = d.alternatives.get(&key) {
                return r;
            }
            let r = Arc::new(
                d.view
                    .alternatives(&key, MAX_LIMIT)
                    .map_err(|e| e.message()),
            );
            d.alternatives.put(key, r.clone());
            r
        })
        .await
}

/// `?limit=`: the default when absent, clamped to 1..=[`MAX_LIMIT`].
pub fn clamp_limit(asked: Option<usize>, default: usize) -> usize {
    asked.unwrap_or(default).clamp(1, MAX_LIMIT)
}

/// A crates.io category slug from a request (letters, digits, `-`, `_`
/// and the `::` of subcategories), never a path or a query.
pub fn category_slug(raw: &str) -> Result<String, AppError> {
    let ok = !raw.is_empty()
        && raw.len() <= 100
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok {
        Ok(raw.to_string())
    } else {
        let shown: String = raw.chars().filter(|c| !c.is_control()).take(80).collect();
        Err(AppError::BadRequest(say(&msg!(
            "server-invalid-category-slug",
            slug = Arg::text(shown)
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_forgets_the_oldest_first() {
        let m: Memo<u32, u32> = Memo::new(2);
        m.put(1, 10);
        m.put(2, 20);
        m.put(1, 11);
        m.put(3, 30);
        assert_eq!(m.get(&1), None);
        assert_eq!(m.get(&2), Some(20));
        assert_eq!(m.get(&3), Some(30));
    }

    #[test]
    fn limits_are_clamped_and_slugs_checked() {
        assert_eq!(clamp_limit(None, 20), 20);
        assert_eq!(clamp_limit(Some(0), 20), 1);
        assert_eq!(clamp_limit(Some(100_000), 20), MAX_LIMIT);
        assert!(category_slug("web-programming::http-server").is_ok());
        assert!(category_slug("../etc").is_err());
        assert!(category_slug("a?b").is_err());
        assert!(category_slug("").is_err());
    }
}
