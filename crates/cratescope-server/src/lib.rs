//! `cratescope serve`: the living maturity matrix. An axum router over the
//! history store, rendering with the report crate, evaluating with the engine.
//!
//! - Pages (server-rendered, auto-escaping askama templates around the report
//!   crate's HTML, no JavaScript): `/`, `/crates/{name}`, `/categories/{id}`,
//!   `/compare?crates=a,b`, `/trends`.
//! - JSON API under `/api/v1/` (the crate card is `eval --format json`'s
//!   schema), `POST /api/v1/audit` (a Cargo.lock in, JSON or SARIF out).
//! - Badges `/badges/{name}.svg`.
//! - A crate that is not stored is evaluated on demand through a bounded
//!   queue ([`queue`]); tracked crates are re-evaluated on a schedule through
//!   the engine's shared update runs ([`schedule`]), so several servers on one
//!   PostgreSQL split the work.
//! - Every GET has an ETag and Cache-Control; `/healthz`, `/metrics`
//!   (Prometheus text); a Content-Security-Policy on every response.
//!
//! Abuse it expects: names validated as crates.io validates them (a request
//! never chooses a URL or a path), bounded bodies, request timeouts, a
//! per-client rate limit on what costs an evaluation, a queue that refuses
//! instead of growing, hostile crate metadata rendered inert, a store that is
//! down or locked answered with 503.

#![warn(missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use cratescope_engine::EvalOptions;
use cratescope_engine::catalog::Catalog;
use cratescope_engine::update::UpdateConfig;
use cratescope_store::Store;

mod api;
mod cache;
mod chart;
mod error;
mod http;
pub mod limit;
pub mod metrics;
mod pages;
pub mod queue;
mod render;
pub mod schedule;

pub use api::badge_svg;
pub use chart::history as history_chart;
pub use error::AppError;
pub use http::{CSP, router, serve, shutdown_signal};
pub use render::error_page;

/// Defaults, each with its reason.
pub mod defaults {
    use std::time::Duration;

    /// On-demand evaluations waiting at most: enough for a burst of README
    /// visitors, few enough that the last one waits minutes, not hours.
    pub const QUEUE_CAPACITY: usize = 32;
    /// On-demand evaluations at once: each is mostly I/O and parsing; two
    /// keep a 2-core server responsive while they run.
    pub const EVAL_WORKERS: usize = 2;
    /// Requests that may enqueue an evaluation or run an audit, per client:
    /// a burst of this many, then one more every [`RATE_REFILL`].
    pub const RATE_BURST: u32 = 10;
    /// See [`RATE_BURST`].
    pub const RATE_REFILL: Duration = Duration::from_secs(6);
    /// Rendered pages are reused this long: long enough to serve a link shared
    /// on a busy day from memory, short enough that another server's update
    /// shows within seconds.
    pub const PAGE_TTL: Duration = Duration::from_secs(10);
    /// A GET that takes longer than this is answered 503: every page reads
    /// the store, and a store that is locked would otherwise hold clients.
    pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
    /// An audit evaluates many crates; CI jobs wait longer than a browser.
    pub const AUDIT_TIMEOUT: Duration = Duration::from_secs(600);
    /// Audits at once: each evaluates a whole dependency tree.
    pub const AUDITS_AT_ONCE: usize = 1;
    /// The largest Cargo.lock accepted (bigger ones are a 413): the largest
    /// real lockfiles are a few hundred KiB.
    pub const MAX_LOCKFILE: usize = 2 * 1024 * 1024;
    /// Crates on one comparison.
    pub const MAX_COMPARE: usize = 12;
    /// A failed on-demand evaluation is remembered this long (its page says
    /// why) before a visitor can ask again.
    pub const FAILURE_MEMORY: Duration = Duration::from_secs(600);
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Options for every evaluation the server runs; `as_of` and `today` are
    /// replaced by the day of each job.
    pub eval: EvalOptions,
    /// Categories of the pages.
    pub catalog: Catalog,
    /// On-demand queue size.
    pub queue_capacity: usize,
    /// On-demand evaluations at once (0: nothing is evaluated, jobs wait).
    pub eval_workers: usize,
    /// Per-client burst of evaluations/audits.
    pub rate_burst: u32,
    /// One more per this long.
    pub rate_refill: Duration,
    /// How long rendered pages are reused.
    pub page_ttl: Duration,
    /// Timeout of a GET.
    pub request_timeout: Duration,
    /// Timeout of an audit.
    pub audit_timeout: Duration,
    /// Audits at once.
    pub audits_at_once: usize,
    /// Largest Cargo.lock body.
    pub max_lockfile: usize,
    /// Scheduled re-evaluation of the tracked crates (None: never).
    pub update_every: Option<Duration>,
    /// How scheduled rounds run (jobs, lease, worker name).
    pub update: UpdateConfig,
    /// Pin "now" (tests, reproducible pages); None: the clock.
    pub now: Option<jiff::Timestamp>,
}

impl ServerConfig {
    /// Defaults around evaluation options and a catalog.
    pub fn new(eval: EvalOptions, catalog: Catalog) -> ServerConfig {
        ServerConfig {
            eval,
            catalog,
            queue_capacity: defaults::QUEUE_CAPACITY,
            eval_workers: defaults::EVAL_WORKERS,
            rate_burst: defaults::RATE_BURST,
            rate_refill: defaults::RATE_REFILL,
            page_ttl: defaults::PAGE_TTL,
            request_timeout: defaults::REQUEST_TIMEOUT,
            audit_timeout: defaults::AUDIT_TIMEOUT,
            audits_at_once: defaults::AUDITS_AT_ONCE,
            max_lockfile: defaults::MAX_LOCKFILE,
            update_every: None,
            update: UpdateConfig::new(2),
            now: None,
        }
    }

    /// Now, pinned or from the clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }

    /// Today (UTC).
    pub fn today(&self) -> jiff::civil::Date {
        self.now().to_zoned(jiff::tz::TimeZone::UTC).date()
    }

    /// Evaluation options for a job started now.
    pub fn eval_options(&self) -> EvalOptions {
        let mut o = self.eval.clone();
        o.as_of = self.today();
        o.today = self.today();
        o
    }
}

/// Everything a handler reaches.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts of [`AppState`].
pub struct Inner {
    /// The history store.
    pub store: Store,
    /// Configuration.
    pub cfg: ServerConfig,
    /// Rendered responses.
    pub cache: cache::PageCache,
    /// On-demand evaluations.
    pub queue: queue::Queue,
    /// Per-client limit.
    pub limiter: limit::RateLimiter,
    /// Counters.
    pub metrics: metrics::Metrics,
    /// Audits at once.
    pub audits: tokio::sync::Semaphore,
    /// The stylesheet (the report's CSS and the server's own).
    pub css: String,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Build the state and start the on-demand workers (on the current
    /// tokio runtime).
    pub fn new(store: Store, cfg: ServerConfig) -> AppState {
        let queue = queue::Queue::new(cfg.queue_capacity);
        let state = AppState(Arc::new(Inner {
            limiter: limit::RateLimiter::new(cfg.rate_burst, cfg.rate_refill),
            audits: tokio::sync::Semaphore::new(cfg.audits_at_once.max(1)),
            cache: cache::PageCache::new(cfg.page_ttl),
            metrics: metrics::Metrics::default(),
            css: render::stylesheet(),
            queue,
            store,
            cfg,
        }));
        queue::start_workers(&state);
        state
    }
}
