//! One HTTP stack for every cratescope source: timeouts, retries, conditional requests, an atomic disk cache, offline mode.
