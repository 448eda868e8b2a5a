//! Per-client limits on what costs the server most.
//!
//! - [`RateLimiter`]: what costs an evaluation (on-demand evaluations,
//!   audits): a token bucket per client, `burst` tokens, one more every
//!   `refill`. Buckets of clients that have been quiet long enough to be full
//!   again are dropped, so memory follows active clients.
//! - [`FairSlots`]: the few slots of an expensive endpoint (the audit). A
//!   client holds at most `per_client` of them and waits for the next in
//!   turn; when a slot frees, the waiting client served least recently gets
//!   it, so one client that asks again and again cannot keep the slot.
//!
//! A client is its address; an IPv6 client is its /64 (one host usually
//! has the whole /64, and would otherwise be 2^64 clients).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

/// The key a client is limited by: its IPv4 address (an IPv4-mapped IPv6
/// address is its IPv4 address), or the /64 of its IPv6 address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

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
        let client = client.map(client_key);
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

/// Why a client got no slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotBusy {
    /// This client already waits for a slot (one wait per client).
    ClientWaiting,
    /// Too many clients wait already.
    QueueFull,
    /// No slot came free within the wait.
    Timeout,
}

#[derive(Debug)]
struct Waiter {
    id: u64,
    client: Option<IpAddr>,
    grant: oneshot::Sender<()>,
}

#[derive(Debug, Default)]
struct SlotState {
    in_use: usize,
    running: HashMap<Option<IpAddr>, usize>,
    waiting: VecDeque<Waiter>,
    /// When each client last got a slot (clients that hold or wait for one,
    /// and the recently served: pruned when it grows).
    served: HashMap<Option<IpAddr>, Instant>,
    next_id: u64,
}

/// Fair slots of an expensive endpoint; see the module's documentation.
#[derive(Debug)]
pub struct FairSlots {
    total: usize,
    per_client: usize,
    max_waiting: usize,
    wait: Duration,
    state: Mutex<SlotState>,
}

/// A slot, given back when dropped.
#[derive(Debug)]
pub struct Slot<'a> {
    slots: &'a FairSlots,
    client: Option<IpAddr>,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.slots.release(self.client);
    }
}

/// A wait in progress: when the waiting request is dropped (its client went
/// away), its place in line is given up, or the slot it was just granted is
/// given back.
struct Waiting<'a> {
    slots: &'a FairSlots,
    id: u64,
    client: Option<IpAddr>,
    settled: bool,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let granted = match self.slots.state.lock() {
            Ok(mut st) => match st.waiting.iter().position(|w| w.id == self.id) {
                Some(pos) => {
                    st.waiting.remove(pos);
                    false
                }
                None => true,
            },
            Err(_) => false,
        };
        if granted {
            self.slots.release(self.client);
        }
    }
}

/// Entries of `served` kept before the oldest are forgotten.
const SERVED_KEPT: usize = 10_000;

impl FairSlots {
    /// `total` slots, at most `per_client` per client, at most `max_waiting`
    /// clients waiting, each at most `wait`.
    pub fn new(total: usize, per_client: usize, max_waiting: usize, wait: Duration) -> FairSlots {
        FairSlots {
            total: total.max(1),
            per_client: per_client.max(1),
            max_waiting,
            wait,
            state: Mutex::new(SlotState::default()),
        }
    }

    /// Slots in use.
    pub fn in_use(&self) -> usize {
        self.state.lock().map(|s| s.in_use).unwrap_or(0)
    }

    /// Clients waiting.
    pub fn waiting(&self) -> usize {
        self.state.lock().map(|s| s.waiting.len()).unwrap_or(0)
    }

    /// How long a client may wait for its turn.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// A slot for `client`: at once when one is free and the client holds
    /// fewer than its share, else after waiting its turn (at most the wait).
    pub async fn acquire(&self, client: Option<IpAddr>) -> Result<Slot<'_>, SlotBusy> {
        let client = client.map(client_key);
        let (id, rx) = {
            let Ok(mut st) = self.state.lock() else {
                return Err(SlotBusy::QueueFull);
            };
            let mine = st.running.get(&client).copied().unwrap_or(0);
            if st.in_use < self.total && mine < self.per_client {
                Self::take(&mut st, client);
                return Ok(Slot {
                    slots: self,
                    client,
                });
            }
            if st.waiting.iter().any(|w| w.client == client) {
                return Err(SlotBusy::ClientWaiting);
            }
            if st.waiting.len() >= self.max_waiting {
                return Err(SlotBusy::QueueFull);
            }
            let (tx, rx) = oneshot::channel();
            st.next_id += 1;
            let id = st.next_id;
            st.waiting.push_back(Waiter {
                id,
                client,
                grant: tx,
            });
            (id, rx)
        };
        let mut waiting = Waiting {
            slots: self,
            id,
            client,
            settled: false,
        };
        let _ = tokio::time::timeout(self.wait, rx).await;
        // Granted or not, decide under the lock: a grant that races the
        // timeout is a slot taken for us, so it is ours to use.
        waiting.settled = true;
        let Ok(mut st) = self.state.lock() else {
            return Err(SlotBusy::Timeout);
        };
        if let Some(pos) = st.waiting.iter().position(|w| w.id == id) {
            st.waiting.remove(pos);
            return Err(SlotBusy::Timeout);
        }
        Ok(Slot {
            slots: self,
            client,
        })
    }

    fn take(st: &mut SlotState, client: Option<IpAddr>) {
        st.in_use += 1;
        *st.running.entry(client).or_default() += 1;
        if st.served.len() >= SERVED_KEPT {
            let keep: Vec<_> = st.running.keys().copied().collect();
            st.served.retain(|c, _| keep.contains(c));
        }
        st.served.insert(client, Instant::now());
    }

    fn release(&self, client: Option<IpAddr>) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        st.in_use = st.in_use.saturating_sub(1);
        if let Some(n) = st.running.get_mut(&client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                st.running.remove(&client);
            }
        }
        // Hand free slots to the waiting clients served least recently
        // (never served first), among those under their share.
        while st.in_use < self.total {
            let pick = st
                .waiting
                .iter()
                .enumerate()
                .filter(|(_, w)| st.running.get(&w.client).copied().unwrap_or(0) < self.per_client)
                .min_by_key(|(_, w)| (st.served.get(&w.client).copied(), w.id))
                .map(|(i, _)| i);
            let Some(i) = pick else { break };
            let Some(w) = st.waiting.remove(i) else { break };
            Self::take(&mut st, w.client);
            if w.grant.send(()).is_err() {
                // It stopped waiting (the client went away): give it back.
                st.in_use -= 1;
                if let Some(n) = st.running.get_mut(&w.client) {
                    *n -= 1;
                    if *n == 0 {
                        st.running.remove(&w.client);
                    }
                }
            }
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

    #[test]
    fn ipv6_clients_are_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
        // Two addresses of one /64 share one bucket.
        let l = RateLimiter::new(1, Duration::from_secs(60));
        assert_eq!(l.check(Some(a)), Ok(()));
        assert!(l.check(Some(b)).is_err());
        assert_eq!(l.check(Some(c)), Ok(()));
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[tokio::test]
    async fn one_client_cannot_keep_the_only_slot() {
        let slots = FairSlots::new(1, 1, 8, Duration::from_secs(30));
        let (a, b) = (ip("10.0.0.1"), ip("10.0.0.2"));
        let first = slots.acquire(a).await.unwrap();
        // B waits its turn; A's next request waits too, behind B although it
        // would otherwise win the race for the slot A frees.
        let waiting_b = slots.acquire(b);
        let waiting_a = slots.acquire(a);
        tokio::pin!(waiting_b, waiting_a);
        assert!(futures_poll(&mut waiting_b).await.is_none());
        assert!(futures_poll(&mut waiting_a).await.is_none());
        assert_eq!(slots.waiting(), 2);
        // A third request of A while A waits: refused, one wait per client.
        assert_eq!(slots.acquire(a).await.unwrap_err(), SlotBusy::ClientWaiting);
        drop(first);
        let got_b = waiting_b.await.unwrap();
        assert_eq!(got_b.client, client_key_opt(b));
        assert!(futures_poll(&mut waiting_a).await.is_none());
        drop(got_b);
        let got_a = waiting_a.await.unwrap();
        assert_eq!(slots.in_use(), 1);
        drop(got_a);
        assert_eq!(slots.in_use(), 0);
    }

    #[tokio::test]
    async fn waiting_is_bounded_in_clients_and_time() {
        let slots = FairSlots::new(1, 1, 1, Duration::from_millis(50));
        let held = slots.acquire(ip("10.0.0.1")).await.unwrap();
        let w = slots.acquire(ip("10.0.0.2"));
        tokio::pin!(w);
        assert!(futures_poll(&mut w).await.is_none());
        assert_eq!(
            slots.acquire(ip("10.0.0.3")).await.unwrap_err(),
            SlotBusy::QueueFull
        );
        assert_eq!(w.await.unwrap_err(), SlotBusy::Timeout);
        assert_eq!(slots.waiting(), 0);
        // A waiter that gave up (its client went away) leaves the line at
        // once and never keeps a slot.
        {
            let gone = slots.acquire(ip("10.0.0.4"));
            tokio::pin!(gone);
            assert!(futures_poll(&mut gone).await.is_none());
            assert_eq!(slots.waiting(), 1);
        }
        assert_eq!(slots.waiting(), 0);
        drop(held);
        assert_eq!(slots.in_use(), 0);
        assert!(slots.acquire(ip("10.0.0.4")).await.is_ok());
    }

    fn client_key_opt(c: Option<IpAddr>) -> Option<IpAddr> {
        c.map(client_key)
    }

    /// Poll a future once: Some(output) when it is ready.
    async fn futures_poll<F: std::future::Future + Unpin>(f: &mut F) -> Option<F::Output> {
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut *f).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
