//! A per-client rate limit on what costs an evaluation (on-demand
//! evaluations, audits): a token bucket per client address, `burst` tokens,
//! one more every `refill`. Buckets of clients that have been quiet long
//! enough to be full again are dropped, so memory follows active clients.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets kept before the full ones are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The limiter.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<Option<IpAddr>, Bucket>>,
}

impl RateLimiter {
    /// `burst` at once, one more every `refill`.
    pub fn new(burst: u32, refill: Duration) -> RateLimiter {
        RateLimiter {
            burst: f64::from(burst.max(1)),
            refill: refill.max(Duration::from_millis(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Take a token for `client` (None: unknown address, one shared bucket);
    /// Err(seconds until the next token) when there is none.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let Ok(mut map) = self.buckets.lock() else {
            // A poisoned lock only follows a panic elsewhere: refuse politely.
            return Err(self.refill.as_secs().max(1));
        };
        if map.len() >= SWEEP_AT {
            let (burst, refill) = (self.burst, self.refill);
            map.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() / refill.as_secs_f64() < burst
            });
        }
        let b = map.entry(client).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let gained = now.duration_since(b.at).as_secs_f64() / self.refill.as_secs_f64();
        b.tokens = (b.tokens + gained).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - b.tokens) * self.refill.as_secs_f64();
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill_per_client() {
        let l = RateLimiter::new(3, Duration::from_secs(10));
        let a = Some("10.0.0.1".parse().unwrap());
        let b = Some("10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.check_at(a, t0), Ok(()));
        }
        assert_eq!(l.check_at(a, t0), Err(10));
        // Another client is not affected.
        assert_eq!(l.check_at(b, t0), Ok(()));
        // Half a token later: still refused, 5 s to wait.
        assert_eq!(l.check_at(a, t0 + Duration::from_secs(5)), Err(5));
        assert_eq!(l.check_at(a, t0 + Duration::from_secs(10)), Ok(()));
    }
}
