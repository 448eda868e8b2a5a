//! One HTTP stack for every cratescope source: timeouts, retries,
//! conditional requests, an atomic disk cache, offline mode.
//!
//! Sources build an [`HttpRequest`] (URL, TTL, pacing) and call
//! [`HttpClient::get`]; this crate decides whether the network is touched.
//! It never interprets bodies, never prints and never reads the wall clock
//! for anything but cache freshness and `fetched_at` stamps.
//! [`endpoints`] is the one place public default hosts are written down.

#![warn(missing_docs)]

mod cache;
mod client;
mod download;
pub mod endpoints;
mod error;
mod fs;
mod types;

pub use client::{HttpClient, parse_retry_after};
pub use download::{DEFAULT_READ_TIMEOUT, Download};
pub use error::{HttpError, RedirectProblem};
pub use fs::{write_atomic, write_atomic_cache};
pub use types::{
    DEFAULT_BACKOFF_BASE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER, DEFAULT_MAX_TOTAL_WAIT, DEFAULT_REQUEST_TIMEOUT, HttpConfig,
    HttpRequest, HttpResponse, ResponseHeaders,
};
