//! Counters for `/metrics`, in Prometheus' text format: requests by route and
//! status, request latency as a histogram, the on-demand queue's depth,
//! evaluations and their failures, scheduled rounds, connections and why
//! they were closed.
//!
//! Every label takes values from a closed set, so a client cannot grow the
//! number of series: methods are the nine of RFC 9110 or `other`, routes are
//! the router's templates (`/crates/{name}`) or `unmatched`, statuses are
//! classes (`2xx` … `5xx`), reasons are [`Dropped`]'s.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: from a cached page
/// (sub-millisecond) to an audit (minutes).
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 10.0, 60.0,
];

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Distinct routes counted by name; further ones are counted as `other`.
/// The router has fewer templates than this, so it only bites if a caller
/// ever passes a client's path: the bound holds whatever the caller does.
pub const MAX_ROUTES: usize = 64;

/// The request methods counted by name; any other is `other`.
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// A request method as a label value (closed set).
pub fn method_label(method: &str) -> &'static str {
    METHODS
        .iter()
        .find(|m| **m == method)
        .copied()
        .unwrap_or("other")
}

/// A status code as a label value: its class.
pub fn status_label(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Why the server closed a connection itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// The request's head did not arrive in time (slowloris).
    HeaderTimeout,
    /// The request's body did not arrive in time (slow POST).
    BodyTimeout,
    /// Nothing moved for too long between requests or while answering.
    IdleTimeout,
    /// Closed to make room for a new connection at the connection cap.
    Evicted,
    /// Refused at once: the connection cap (or the client's share of it)
    /// was reached and no connection could make room.
    Refused,
}

impl Dropped {
    const ALL: [Dropped; 5] = [
        Dropped::HeaderTimeout,
        Dropped::BodyTimeout,
        Dropped::IdleTimeout,
        Dropped::Evicted,
        Dropped::Refused,
    ];

    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Dropped::HeaderTimeout => "header-timeout",
            Dropped::BodyTimeout => "body-timeout",
            Dropped::IdleTimeout => "idle-timeout",
            Dropped::Evicted => "evicted",
            Dropped::Refused => "refused",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, String, &'static str), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Connections accepted.
    pub connections_accepted: AtomicU64,
    /// Connections open now.
    pub connections_open: AtomicU64,
    dropped: [AtomicU64; 5],
    /// On-demand evaluations finished and stored.
    pub evaluations: AtomicU64,
    /// On-demand evaluations that failed.
    pub evaluation_failures: AtomicU64,
    /// Scheduled update rounds finished.
    pub update_rounds: AtomicU64,
    /// Crates evaluated by scheduled rounds.
    pub update_evaluations: AtomicU64,
    /// Crates that failed in scheduled rounds.
    pub update_failures: AtomicU64,
}

impl Metrics {
    /// Count one request. `route` must be a route template or `unmatched`
    /// (never a path a client chose).
    pub fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        let route = match self.latency.lock() {
            Ok(m) if m.len() >= MAX_ROUTES && !m.contains_key(route) => "other",
            _ => route,
        };
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((
                method_label(method),
                route.to_string(),
                status_label(status),
            ))
            .or_default() += 1;
        }
        if let Ok(mut m) = self.latency.lock() {
            let h = m.entry(route.to_string()).or_default();
            let s = took.as_secs_f64();
            for (i, b) in BUCKETS.iter().enumerate() {
                if s <= *b {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += s;
        }
    }

    /// Count a connection the server closed itself.
    pub fn dropped(&self, why: Dropped) {
        self.dropped[why.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// Connections closed for this reason so far.
    pub fn dropped_count(&self, why: Dropped) -> u64 {
        self.dropped[why.index()].load(Ordering::Relaxed)
    }

    /// The text format. `max_connections` is the cap on open connections.
    pub fn render(
        &self,
        queue_depth: usize,
        queue_capacity: usize,
        max_connections: usize,
    ) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "# HELP cratescope_http_requests_total HTTP requests answered, by method, route and status.\n# TYPE cratescope_http_requests_total counter"
        );
        if let Ok(m) = self.requests.lock() {
            for ((method, route, status), n) in m.iter() {
                let _ = writeln!(
                    o,
                    "cratescope_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        let _ = writeln!(
            o,
            "# HELP cratescope_http_request_duration_seconds Time to answer a request, by route.\n# TYPE cratescope_http_request_duration_seconds histogram"
        );
        if let Ok(m) = self.latency.lock() {
            for (route, h) in m.iter() {
                let r = label(route);
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        o,
                        "cratescope_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    o,
                    "cratescope_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}\ncratescope_http_request_duration_seconds_sum{{route=\"{r}\"}} {}\ncratescope_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                    h.count, h.sum, h.count
                );
            }
        }
        let counters = [
            (
                "cratescope_evaluations_total",
                "On-demand evaluations stored.",
                &self.evaluations,
            ),
            (
                "cratescope_evaluation_failures_total",
                "On-demand evaluations that failed.",
                &self.evaluation_failures,
            ),
            (
                "cratescope_update_rounds_total",
                "Scheduled update rounds finished by this server.",
                &self.update_rounds,
            ),
            (
                "cratescope_update_evaluations_total",
                "Crates evaluated by this server's scheduled rounds.",
                &self.update_evaluations,
            ),
            (
                "cratescope_update_failures_total",
                "Crates that failed in this server's scheduled rounds.",
                &self.update_failures,
            ),
        ];
        for (name, help, v) in counters {
            let _ = writeln!(
                o,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                v.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            o,
            "# HELP cratescope_connections_accepted_total TCP connections accepted.\n# TYPE cratescope_connections_accepted_total counter\ncratescope_connections_accepted_total {}\n# HELP cratescope_connections_open TCP connections open.\n# TYPE cratescope_connections_open gauge\ncratescope_connections_open {}\n# HELP cratescope_connections_max Connections open at most (the cap).\n# TYPE cratescope_connections_max gauge\ncratescope_connections_max {max_connections}\n# HELP cratescope_connections_dropped_total Connections the server closed itself, by reason.\n# TYPE cratescope_connections_dropped_total counter",
            self.connections_accepted.load(Ordering::Relaxed),
            self.connections_open.load(Ordering::Relaxed),
        );
        for why in Dropped::ALL {
            let _ = writeln!(
                o,
                "cratescope_connections_dropped_total{{reason=\"{}\"}} {}",
                why.label(),
                self.dropped_count(why)
            );
        }
        let _ = writeln!(
            o,
            "# HELP cratescope_queue_depth On-demand evaluations waiting or running.\n# TYPE cratescope_queue_depth gauge\ncratescope_queue_depth {queue_depth}\n# HELP cratescope_queue_capacity On-demand evaluations that may wait.\n# TYPE cratescope_queue_capacity gauge\ncratescope_queue_capacity {queue_capacity}"
        );
        o
    }
}

/// A label value escaped as the text format requires.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_methods_and_statuses_make_no_new_series() {
        let m = Metrics::default();
        for i in 0..2_000 {
            m.observe(
                &format!("X-METHOD-{i}"),
                "unmatched",
                400 + (i % 100) as u16,
                Duration::ZERO,
            );
        }
        m.observe("GET", "/crates/{name}", 200, Duration::ZERO);
        m.observe("get", "/crates/{name}", 404, Duration::ZERO);
        let text = m.render(0, 1, 1);
        let series: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("cratescope_http_requests_total{"))
            .collect();
        assert_eq!(
            series,
            [
                "cratescope_http_requests_total{method=\"GET\",route=\"/crates/{name}\",status=\"2xx\"} 1",
                "cratescope_http_requests_total{method=\"other\",route=\"/crates/{name}\",status=\"4xx\"} 1",
                "cratescope_http_requests_total{method=\"other\",route=\"unmatched\",status=\"4xx\"} 2000",
            ]
        );
    }

    #[test]
    fn ten_thousand_distinct_routes_stay_within_the_route_bound() {
        let m = Metrics::default();
        for i in 0..10_000 {
            m.observe("GET", &format!("/crates/x{i}"), 200, Duration::ZERO);
        }
        let text = m.render(0, 1, 1);
        let requests = text
            .lines()
            .filter(|l| l.starts_with("cratescope_http_requests_total{"))
            .count();
        let counts = text
            .lines()
            .filter(|l| l.starts_with("cratescope_http_request_duration_seconds_count{"))
            .count();
        assert_eq!(requests, MAX_ROUTES + 1, "{text}");
        assert_eq!(counts, MAX_ROUTES + 1);
        // What went past the bound is still counted, under `other`.
        assert!(
            text.contains(&format!(
                "cratescope_http_requests_total{{method=\"GET\",route=\"other\",status=\"2xx\"}} {}",
                10_000 - MAX_ROUTES
            )),
            "{text}"
        );
    }
}
