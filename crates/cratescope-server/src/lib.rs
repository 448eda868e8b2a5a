//! `cratescope serve`: the living maturity matrix. An axum router over the
//! history store, rendering with the report crate, evaluating with the engine.
//!
//! - Pages (server-rendered, auto-escaping askama templates around the report
//!   crate's HTML, no JavaScript): `/`, `/crates/{name}`, `/categories/{id}`,
//!   `/compare?crates=a,b`, `/trends`; from the crates.io dump, when the
//!   options name one ([`eco`]): `/category`, `/category/{slug}`,
//!   `/emerging`, and alternatives on every crate page.
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
//! down or locked answered with 503; connections that send slowly or not at
//! all (slowloris, slow bodies, idle sockets) closed on deadlines and never
//! allowed to fill the connection cap ([`conn`]); fair slots per client for
//! the audit ([`limit::FairSlots`]); an evaluation that fails, panics or
//! overruns reported on its page while the server carries on ([`queue`]).

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
pub mod conn;
pub mod eco;
mod eco_pages;
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
    /// On-demand evaluations one client may have waiting: a few tabs of
    /// crates not stored yet, not the whole queue.
    pub const QUEUE_PER_CLIENT: usize = 8;
    /// One on-demand evaluation at most (clone, download, analysis): past
    /// it, it is stopped and its page says so.
    pub const EVAL_TIMEOUT: Duration = Duration::from_secs(900);
    /// How long an audit waits for its turn at most: CI jobs wait for a
    /// running audit rather than fail, but not for a whole line of them.
    pub const AUDIT_WAIT: Duration = Duration::from_secs(120);
    /// Clients waiting for an audit slot at most (one wait per client).
    pub const AUDITS_WAITING: usize = 16;
    /// Time to send a request's head (request line and headers) from the
    /// moment the server waits for it. Browsers and CI send it in one
    /// packet; 10 s leaves a slow mobile link room and bounds slowloris.
    pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    /// Time to send a request's body: a 2 MiB Cargo.lock in 30 s is 70 KB/s.
    pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
    /// A kept-alive connection waits this long for its next request, and a
    /// client that stops reading its answer is dropped after this long.
    pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
    /// Connections open at once (lowered to fit the process's descriptor
    /// limit by `serve`).
    pub const MAX_CONNECTIONS: usize = 1024;
    /// Connections open at once from one client: a browser opens 6, an
    /// office behind one address a few dozen.
    pub const MAX_CONNECTIONS_PER_CLIENT: usize = 64;
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
    /// On-demand evaluations one client may have waiting.
    pub queue_per_client: usize,
    /// On-demand evaluations at once (0: nothing is evaluated, jobs wait).
    pub eval_workers: usize,
    /// Longest on-demand evaluation.
    pub eval_timeout: Duration,
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
    /// Longest wait of an audit for its turn.
    pub audit_wait: Duration,
    /// Time to send a request's head.
    pub header_timeout: Duration,
    /// Time to send a request's body.
    pub body_timeout: Duration,
    /// Time with nothing moving on a connection (between requests, or a
    /// client not reading its answer).
    pub idle_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections open at once from one client.
    pub max_connections_per_client: usize,
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
            queue_per_client: defaults::QUEUE_PER_CLIENT,
            eval_workers: defaults::EVAL_WORKERS,
            eval_timeout: defaults::EVAL_TIMEOUT,
            rate_burst: defaults::RATE_BURST,
            rate_refill: defaults::RATE_REFILL,
            page_ttl: defaults::PAGE_TTL,
            request_timeout: defaults::REQUEST_TIMEOUT,
            audit_timeout: defaults::AUDIT_TIMEOUT,
            audits_at_once: defaults::AUDITS_AT_ONCE,
            audit_wait: defaults::AUDIT_WAIT,
            header_timeout: defaults::HEADER_TIMEOUT,
            body_timeout: defaults::BODY_TIMEOUT,
            idle_timeout: defaults::IDLE_TIMEOUT,
            max_connections: defaults::MAX_CONNECTIONS,
            max_connections_per_client: defaults::MAX_CONNECTIONS_PER_CLIENT,
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

    /// The bounds of every connection.
    pub fn limits(&self) -> conn::Limits {
        conn::Limits {
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            idle_timeout: self.idle_timeout,
            max_connections: self.max_connections.max(1),
            max_connections_per_client: self.max_connections_per_client.max(1),
        }
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
    /// Audit slots, fair per client.
    pub audits: limit::FairSlots,
    /// The stylesheet (the report's CSS and the server's own).
    pub css: String,
    /// The crates.io dump behind the ecosystem pages, loaded once.
    pub eco: eco::EcoState,
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
        let queue = queue::Queue::new(cfg.queue_capacity, cfg.queue_per_client);
        let state = AppState(Arc::new(Inner {
            limiter: limit::RateLimiter::new(cfg.rate_burst, cfg.rate_refill),
            audits: limit::FairSlots::new(
                cfg.audits_at_once,
                1,
                defaults::AUDITS_WAITING,
                cfg.audit_wait,
            ),
            cache: cache::PageCache::new(cfg.page_ttl),
            metrics: metrics::Metrics::default(),
            css: render::stylesheet(),
            eco: eco::EcoState::new(cfg.eval_options()),
            queue,
            store,
            cfg,
        }));
        queue::start_workers(&state);
        state.eco.start();
        state
    }
}
