//! crates.io API, GitHub and docs.rs clients for cratescope.
//!
//! Three online sources, each one file: [`OnlineClient::crates_io`]
//! (downloads, growth, dependents, owners, publishing facts),
//! [`OnlineClient::github`] (repository state, commit activity, issue and
//! PR handling) and [`OnlineClient::docs_rs`] (did the docs build). They
//! fetch and parse only: the facts are plain serde data and nothing here
//! scores. Every request goes through [`cratescope_http::HttpClient`], so
//! caching, retries, `Retry-After`, pacing, offline mode and fail-fast on
//! unreachable hosts are the HTTP stack's; this crate adds each service's
//! policy (crates.io's contact User-Agent and 1 request/s, GitHub's
//! rate-limit stop) and lenient parsing (see `json`).

#![warn(missing_docs)]

mod client;
mod crates_io;
mod docs_rs;
mod error;
mod github;
mod json;

pub use client::{
    CRATES_IO_MIN_INTERVAL, GITHUB_STATS_ATTEMPTS, GITHUB_STATS_DELAY, OnlineClient, OnlineConfig,
};
pub use crates_io::{
    ApiVersion, CRATES_IO_TTL, CratesIoFacts, DAYS_PER_MONTH, DOWNLOAD_WINDOW_DAYS,
    GROWTH_HALF_DAYS, USER_AGENT_HINT,
};
pub use docs_rs::{DOCS_RS_GRACE, DOCS_RS_TTL, DocsRsFacts};
pub use error::{InvalidBody, OnlineError, RateHint, Refusal, What};
pub use github::{GITHUB_TTL, GithubFacts, MAX_PAGES_WITH_TOKEN, NINETY_DAYS, PAGE_SIZE, YEAR};
