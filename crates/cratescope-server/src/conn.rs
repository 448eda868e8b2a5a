//! Connections: the accept loop and what bounds each connection, so clients
//! that connect and then send slowly, or nothing, cannot hold the server.
//!
//! Each connection is in one phase, moved by what happens on it:
//!
//! | phase | from | closed when |
//! |---|---|---|
//! | head | connected, or the first byte after an answer | the request's head is not complete `header_timeout` after the phase began (slowloris: a byte every few seconds does not extend it) |
//! | body | a head with a body arrived | the body is not complete after `body_timeout` (the body middleware answers 408 first) |
//! | busy | the request is complete, its handler runs | never by this module: the request timeouts apply |
//! | idle | the answer was handed over | no byte moved either way for `idle_timeout` (a kept-alive connection waiting for its next request, or a client that does not read its answer) |
//!
//! At most `max_connections` are open, and at most `max_connections_per_client`
//! from one client (an address; an IPv6 client is its /64). A connection
//! that would pass a cap makes room by closing the oldest connection that is
//! not busy — of the same client for the client's cap, of anyone for the
//! total — so connections that only wait (slowloris, idle, slow bodies) can
//! never lock out a client with a request to make; when every connection is
//! busy, the new one is answered 503 and closed. The cap is kept under the
//! process's descriptor limit ([`descriptor_budget`]), so accepting never
//! fails for want of descriptors; if it does anyway, room is made the same
//! way.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

use crate::AppState;
use crate::limit::client_key;
use crate::metrics::{Dropped, Metrics};

/// The bounds of every connection (see the module's documentation).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time to send a request's head.
    pub header_timeout: Duration,
    /// Time to send a request's body.
    pub body_timeout: Duration,
    /// Time with no byte moving, between requests or while answering.
    pub idle_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections open at once from one client.
    pub max_connections_per_client: usize,
}

impl Limits {
    /// How often a connection's deadlines are checked: a quarter of the
    /// shortest timeout, between 10 ms and 1 s.
    fn tick(&self) -> Duration {
        let shortest = self
            .header_timeout
            .min(self.body_timeout)
            .min(self.idle_timeout);
        (shortest / 4).clamp(Duration::from_millis(10), Duration::from_secs(1))
    }
}

/// Descriptors kept for everything but client connections: the store's
/// files and connections, evaluations' HTTP clients, caches and clones.
pub const RESERVED_DESCRIPTORS: u64 = 64;

/// Connections that fit in the process's descriptor limit (the soft
/// `RLIMIT_NOFILE`) beside [`RESERVED_DESCRIPTORS`]; None when unknown.
pub fn descriptor_budget() -> Option<usize> {
    #[cfg(unix)]
    {
        let lim = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        lim.current.map(|n| {
            usize::try_from(n.saturating_sub(RESERVED_DESCRIPTORS).max(8)).unwrap_or(usize::MAX)
        })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    Head = 0,
    Body = 1,
    Busy = 2,
    Idle = 3,
}

impl Phase {
    fn from_u8(v: u8) -> Phase {
        match v {
            0 => Phase::Head,
            1 => Phase::Body,
            2 => Phase::Busy,
            _ => Phase::Idle,
        }
    }
}

/// One connection's state, shared by its task, its I/O and its requests.
#[derive(Debug)]
pub(crate) struct Conn {
    id: u64,
    client: IpAddr,
    origin: Instant,
    phase: AtomicU8,
    /// Milliseconds since `origin` when the phase began.
    since: AtomicU64,
    /// Milliseconds since `origin` of the last byte read or written.
    last_io: AtomicU64,
    evict: Notify,
}

impl Conn {
    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::Acquire))
    }

    fn set(&self, p: Phase) {
        self.since.store(self.now(), Ordering::Release);
        self.phase.store(p as u8, Ordering::Release);
    }

    fn on_io(&self, read: bool) {
        self.last_io.store(self.now(), Ordering::Release);
        // The first byte of the next request starts its head's clock.
        if read && self.phase() == Phase::Idle {
            self.set(Phase::Head);
        }
    }

    /// The request's body has been read: its handler runs.
    pub(crate) fn body_read(&self) {
        if self.phase() == Phase::Body {
            self.set(Phase::Busy);
        }
    }

    /// Why this connection is over its time, if it is.
    fn expired(&self, l: &Limits) -> Option<Dropped> {
        self.expired_at(l, self.now())
    }

    fn expired_at(&self, l: &Limits, now: u64) -> Option<Dropped> {
        let since = self.since.load(Ordering::Acquire);
        let over =
            |from: u64, limit: Duration| u128::from(now.saturating_sub(from)) > limit.as_millis();
        match self.phase() {
            Phase::Head => over(since, l.header_timeout).then_some(Dropped::HeaderTimeout),
            // The body middleware answers 408 at `body_timeout`; this is the
            // backstop for a body nobody reads.
            Phase::Body => {
                over(since, l.body_timeout + Duration::from_secs(1)).then_some(Dropped::BodyTimeout)
            }
            Phase::Busy => None,
            Phase::Idle => {
                let last = self.last_io.load(Ordering::Acquire).max(since);
                over(last, l.idle_timeout).then_some(Dropped::IdleTimeout)
            }
        }
    }

    /// May be closed to make room: it is not running a request.
    fn evictable(&self) -> bool {
        self.phase() != Phase::Busy
    }

    /// How long it has waited, for choosing whom to close: from the start
    /// of its phase — bytes trickled into a head or a body do not make it
    /// younger, but an idle connection that is still writing its answer is.
    fn waiting_since(&self) -> u64 {
        let since = self.since.load(Ordering::Acquire);
        match self.phase() {
            Phase::Idle => since.max(self.last_io.load(Ordering::Acquire)),
            _ => since,
        }
    }
}

/// The connection a request came on (a request extension; absent when the
/// router is called in-process).
#[derive(Debug, Clone)]
pub(crate) struct ConnHandle(pub(crate) Arc<Conn>);

#[derive(Debug, Default)]
struct Table {
    conns: HashMap<u64, Arc<Conn>>,
    per_client: HashMap<IpAddr, usize>,
    next_id: u64,
}

impl Table {
    fn remove(&mut self, id: u64) -> bool {
        let Some(c) = self.conns.remove(&id) else {
            return false;
        };
        if let Some(n) = self.per_client.get_mut(&c.client) {
            *n -= 1;
            if *n == 0 {
                self.per_client.remove(&c.client);
            }
        }
        true
    }

    /// The connection to close to make room: the one waiting longest in a
    /// phase that is not busy, among `client`'s when given.
    fn victim(&self, client: Option<IpAddr>) -> Option<u64> {
        self.conns
            .values()
            .filter(|c| client.is_none_or(|k| c.client == k) && c.evictable())
            .min_by_key(|c| (c.waiting_since(), c.id))
            .map(|c| c.id)
    }

    fn evict(&mut self, id: u64, metrics: &Metrics) {
        if let Some(c) = self.conns.get(&id).cloned() {
            self.remove(id);
            c.evict.notify_one();
            metrics.dropped(Dropped::Evicted);
        }
    }
}

/// Every open connection.
#[derive(Debug)]
struct Registry {
    table: Mutex<Table>,
    origin: Instant,
    limits: Limits,
}

impl Registry {
    /// Room for a connection from `client`, made by closing another if a cap
    /// is reached; None when there is none to close.
    fn admit(&self, client: IpAddr, metrics: &Metrics) -> Option<Arc<Conn>> {
        let mut t = self.table.lock().ok()?;
        let l = &self.limits;
        if t.per_client.get(&client).copied().unwrap_or(0) >= l.max_connections_per_client.max(1) {
            let id = t.victim(Some(client))?;
            t.evict(id, metrics);
        }
        if t.conns.len() >= l.max_connections.max(1) {
            let id = t.victim(None)?;
            t.evict(id, metrics);
        }
        t.next_id += 1;
        let now = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        let c = Arc::new(Conn {
            id: t.next_id,
            client,
            origin: self.origin,
            phase: AtomicU8::new(Phase::Head as u8),
            since: AtomicU64::new(now),
            last_io: AtomicU64::new(now),
            evict: Notify::new(),
        });
        t.conns.insert(c.id, c.clone());
        *t.per_client.entry(client).or_default() += 1;
        Some(c)
    }

    fn make_room(&self, metrics: &Metrics) -> bool {
        let Ok(mut t) = self.table.lock() else {
            return false;
        };
        match t.victim(None) {
            Some(id) => {
                t.evict(id, metrics);
                true
            }
            None => false,
        }
    }

    fn remove(&self, id: u64) {
        if let Ok(mut t) = self.table.lock() {
            t.remove(id);
        }
    }
}

/// A socket whose reads and writes move its connection's clock.
struct Tracked {
    io: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.conn.on_io(true);
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.on_io(false);
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.on_io(false);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Connection tasks still running (the server waits for them to finish).
#[derive(Debug, Default)]
struct Tasks {
    running: AtomicUsize,
    done: Notify,
}

struct TaskGuard(Arc<Tasks>);

impl Drop for TaskGuard {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.done.notify_waiters();
        }
    }
}

/// Seconds a refused connection is told to wait.
const REFUSED_RETRY_SECS: u64 = 5;

/// What a refused connection reads before it is closed: a whole HTTP answer
/// (503, Retry-After) whose sentence is the catalog's.
fn refused() -> Vec<u8> {
    let text = format!(
        "{}\n",
        crate::render::say(&cratescope_model::msg!("server-too-many-connections"))
    );
    let mut out = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nretry-after: {REFUSED_RETRY_SECS}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n",
        text.len()
    )
    .into_bytes();
    out.extend_from_slice(text.as_bytes());
    out
}

/// The largest request head (request line and headers) read, in bytes.
const MAX_HEAD: usize = 64 * 1024;

/// Serve `app` on `listener` under `limits` until `shutdown` turns true,
/// then let the requests in flight finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    state: AppState,
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let metrics = &state.metrics;
    let registry = Arc::new(Registry {
        table: Mutex::new(Table::default()),
        origin: Instant::now(),
        limits,
    });
    let tasks = Arc::new(Tasks::default());
    let refused = refused();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.wait_for(|s| *s) => break,
        };
        let (stream, addr) = match accepted {
            Ok(a) => a,
            Err(e) => {
                if matches!(e.raw_os_error(), Some(23 | 24)) {
                    // Out of descriptors (ENFILE, EMFILE): close a connection
                    // that only waits, then accept again.
                    let made = registry.make_room(metrics);
                    tracing::warn!(error = %e, made_room = made, "accept failed: out of descriptors");
                    if !made {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                } else if !matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                ) {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        metrics.connections_accepted.fetch_add(1, Ordering::Relaxed);
        let Some(conn) = registry.admit(client_key(addr.ip()), metrics) else {
            metrics.dropped(Dropped::Refused);
            // Best effort and never waiting: the socket is new, its send
            // buffer empty.
            let _ = stream.try_write(&refused);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tasks.running.fetch_add(1, Ordering::AcqRel);
        let guard = TaskGuard(tasks.clone());
        tokio::spawn(connection(
            stream,
            addr,
            conn,
            app.clone(),
            registry.clone(),
            state.clone(),
            shutdown.clone(),
            guard,
        ));
    }
    // Stop: wait for every connection to finish its request.
    loop {
        let notified = tasks.done.notified();
        if tasks.running.load(Ordering::Acquire) == 0 {
            break;
        }
        notified.await;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    stream: TcpStream,
    addr: SocketAddr,
    conn: Arc<Conn>,
    app: Router,
    registry: Arc<Registry>,
    state: AppState,
    mut shutdown: watch::Receiver<bool>,
    _guard: TaskGuard,
) {
    let metrics = &state.metrics;
    metrics.connections_open.fetch_add(1, Ordering::Relaxed);
    let limits = registry.limits;
    let io = TokioIo::new(Tracked {
        io: stream,
        conn: conn.clone(),
    });
    let on_request = conn.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let conn = on_request.clone();
        let app = app.clone();
        async move {
            conn.set(if req.body().is_end_stream() {
                Phase::Busy
            } else {
                Phase::Body
            });
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(addr));
            req.extensions_mut().insert(ConnHandle(conn.clone()));
            let res = app.oneshot(req).await;
            conn.set(Phase::Idle);
            res
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // hyper's own head timeout is only a backstop for the phases above
        // (it would also close kept-alive connections before idle_timeout).
        .header_read_timeout(limits.header_timeout + limits.idle_timeout)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    let served = builder.serve_connection(io, service);
    tokio::pin!(served);
    let tick = limits.tick();
    let mut stopping = false;
    loop {
        tokio::select! {
            r = served.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(client = %addr, error = %e, "connection ended with an error");
                }
                break;
            }
            _ = conn.evict.notified() => {
                tracing::debug!(client = %addr, "connection closed to make room");
                break;
            }
            _ = tokio::time::sleep(tick) => {
                if let Some(why) = conn.expired(&limits) {
                    metrics.dropped(why);
                    tracing::debug!(client = %addr, reason = why.label(), "connection closed");
                    break;
                }
            }
            _ = shutdown.wait_for(|s| *s), if !stopping => {
                stopping = true;
                // hyper closes the connection once its answer in flight (if
                // any) is written.
                served.as_mut().graceful_shutdown();
            }
        }
        // Stopping, a connection with only part of a head has nothing in
        // flight: it is not waited for.
        if stopping && conn.phase() == Phase::Head {
            break;
        }
    }
    registry.remove(conn.id);
    metrics.connections_open.fetch_sub(1, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(max: usize, per_client: usize) -> Registry {
        Registry {
            table: Mutex::new(Table::default()),
            origin: Instant::now(),
            limits: Limits {
                header_timeout: Duration::from_secs(10),
                body_timeout: Duration::from_secs(10),
                idle_timeout: Duration::from_secs(10),
                max_connections: max,
                max_connections_per_client: per_client,
            },
        }
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    fn open(r: &Registry) -> usize {
        r.table.lock().unwrap().conns.len()
    }

    #[test]
    fn at_the_cap_the_longest_waiting_idle_connection_makes_room() {
        let (r, m) = (registry(3, 10), Metrics::default());
        let a = r.admit(ip(1), &m).unwrap();
        let b = r.admit(ip(2), &m).unwrap();
        let c = r.admit(ip(3), &m).unwrap();
        // `a` runs a request: never closed to make room.
        a.set(Phase::Busy);
        std::thread::sleep(Duration::from_millis(5));
        c.set(Phase::Idle);
        let d = r.admit(ip(4), &m).unwrap();
        // `b` (a head since the start) went, not `c` (idle since just now).
        let ids: Vec<u64> = r.table.lock().unwrap().conns.keys().copied().collect();
        assert!(!ids.contains(&b.id) && ids.contains(&a.id) && ids.contains(&c.id));
        assert!(ids.contains(&d.id));
        assert_eq!(m.dropped_count(Dropped::Evicted), 1);
        // Every connection busy: a new one is refused, nothing is closed.
        c.set(Phase::Busy);
        d.set(Phase::Busy);
        assert!(r.admit(ip(5), &m).is_none());
        assert_eq!(open(&r), 3);
        r.remove(a.id);
        assert!(r.admit(ip(5), &m).is_some());
    }

    #[test]
    fn a_client_at_its_share_closes_its_own_connections_only() {
        let (r, m) = (registry(100, 2), Metrics::default());
        let other = r.admit(ip(9), &m).unwrap();
        let a1 = r.admit(ip(1), &m).unwrap();
        let a2 = r.admit(ip(1), &m).unwrap();
        let a3 = r.admit(ip(1), &m).unwrap();
        let ids: Vec<u64> = r.table.lock().unwrap().conns.keys().copied().collect();
        assert!(!ids.contains(&a1.id));
        assert!(ids.contains(&a2.id) && ids.contains(&a3.id) && ids.contains(&other.id));
        // Both of the client's connections busy: its next one is refused.
        a2.set(Phase::Busy);
        a3.set(Phase::Busy);
        assert!(r.admit(ip(1), &m).is_none());
        assert!(r.admit(ip(2), &m).is_some());
    }

    #[test]
    fn phases_have_their_deadlines() {
        let (r, m) = (registry(10, 10), Metrics::default());
        let l = Limits {
            header_timeout: Duration::from_millis(300),
            body_timeout: Duration::from_millis(300),
            idle_timeout: Duration::from_millis(300),
            max_connections: 10,
            max_connections_per_client: 10,
        };
        let c = r.admit(ip(1), &m).unwrap();
        let at = |phase: Phase, since: u64, last_io: u64| {
            c.phase.store(phase as u8, Ordering::Release);
            c.since.store(since, Ordering::Release);
            c.last_io.store(last_io, Ordering::Release);
        };
        // A head: bytes trickled do not extend it.
        at(Phase::Head, 1000, 1290);
        assert_eq!(c.expired_at(&l, 1290), None);
        assert_eq!(c.expired_at(&l, 1301), Some(Dropped::HeaderTimeout));
        // A body: the middleware's 408 comes first, this is the backstop.
        at(Phase::Body, 1000, 1000);
        assert_eq!(c.expired_at(&l, 1301), None);
        assert_eq!(c.expired_at(&l, 2301), Some(Dropped::BodyTimeout));
        // A request running has no deadline here.
        at(Phase::Busy, 1000, 1000);
        assert_eq!(c.expired_at(&l, 1_000_000), None);
        // Idle: bytes written keep it alive, silence does not.
        at(Phase::Idle, 1000, 1200);
        assert_eq!(c.expired_at(&l, 1450), None);
        assert_eq!(c.expired_at(&l, 1501), Some(Dropped::IdleTimeout));
        // The next request's first byte starts a head, with its own clock.
        c.on_io(true);
        assert_eq!(c.phase(), Phase::Head);
        c.on_io(true);
        assert_eq!(c.phase(), Phase::Head);
        c.set(Phase::Busy);
        c.on_io(true);
        assert_eq!(c.phase(), Phase::Busy);
    }

    #[test]
    fn a_refused_connection_reads_a_whole_503_with_the_catalog_sentence() {
        let bytes = refused();
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
        assert!(head.contains("\r\nretry-after: 5\r\n"), "{head}");
        assert!(head.contains("\r\nconnection: close"), "{head}");
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(len, body.len());
        assert_eq!(
            body.trim_end(),
            crate::render::say(&cratescope_model::msg!("server-too-many-connections"))
        );
    }
}
