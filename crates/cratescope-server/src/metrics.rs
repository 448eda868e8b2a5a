//! Counters for `/metrics`, in Prometheus' text format: requests by route and
//! status, request latency as a histogram, the on-demand queue's depth,
//! evaluations and their failures, scheduled rounds.

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

/// The counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
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
    /// Count one request.
    pub fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_string(), route.to_string(), status))
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

    /// The text format.
    pub fn render(&self, queue_depth: usize, queue_capacity: usize) -> String {
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
