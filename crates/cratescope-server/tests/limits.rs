//! The server's connection limits over real TCP (the server loop of
//! `cratescope serve`, in-process, on loopback), each with small timeouts
//! from its configuration: slowloris heads, silent sockets, slow bodies and
//! idle kept-alive connections are closed on their deadlines; a crowd of
//! such connections never locks a real client out at the connection cap or
//! a client's share of it; invented methods add no series to /metrics, and a
//! real scrape passes `promtool check metrics`; /healthz turns unhealthy
//! when the SQLite file under a running server becomes garbage.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::facts;
use cratescope_engine::EvalOptions;
use cratescope_engine::catalog;
use cratescope_server::{AppState, ServerConfig};
use cratescope_store::{SaveOptions, Store};
use jiff::civil::date;

struct Server {
    addr: SocketAddr,
    db: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn stop(mut self) -> Duration {
        let started = Instant::now();
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        tokio::time::timeout(Duration::from_secs(20), &mut self.done)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
        started.elapsed()
    }
}

/// A server over a SQLite store holding `alpha`, tuned by `tune`.
async fn start(tune: impl FnOnce(&mut ServerConfig)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let store = Store::open(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let f = facts("alpha", 4);
    let e = cratescope_score::evaluate(&f, &cratescope_score::Model::embedded());
    store
        .save(
            &e,
            &f,
            SaveOptions {
                evaluated_at: jiff::Timestamp::now(),
                backfill: false,
                run: None,
            },
        )
        .await
        .unwrap();
    let mut eval = EvalOptions::new(date(2026, 11, 25));
    eval.offline = true;
    eval.cache_dir = dir.path().join("cache");
    eval.cargo_home = Some(dir.path().join("cargo-home"));
    eval.skip_git = true;
    let mut cfg = ServerConfig::new(
        eval,
        catalog::parse("version = 1\ncategory = []\n").unwrap(),
    );
    cfg.eval_workers = 0;
    tune(&mut cfg);
    let state = AppState::new(store, cfg);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(cratescope_server::serve(state.clone(), listener, async {
        let _ = rx.await;
    }));
    Server {
        addr,
        db,
        stop: Some(tx),
        done,
        _dir: dir,
    }
}

/// A socket from `source` (any 127/8 address is loopback on Linux), with
/// a read timeout.
fn connect_from(addr: SocketAddr, source: [u8; 4]) -> TcpStream {
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    sock.bind(&SocketAddr::from((source, 0)).into()).unwrap();
    sock.connect(&addr.into()).unwrap();
    let s: TcpStream = sock.into();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Seconds until the server closes `s` (reads until EOF or a reset),
/// sending one byte of `drip` every `every` meanwhile; None if it stays
/// open for `give_up`. What the server sent is returned too.
fn until_closed(
    s: &mut TcpStream,
    drip: &[u8],
    every: Duration,
    give_up: Duration,
) -> (Option<Duration>, Vec<u8>) {
    let started = Instant::now();
    s.set_read_timeout(Some(every)).unwrap();
    let mut got = Vec::new();
    let mut i = 0;
    let mut buf = [0u8; 4096];
    while started.elapsed() < give_up {
        match s.read(&mut buf) {
            Ok(0) => return (Some(started.elapsed()), got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if !drip.is_empty() && s.write_all(&drip[i % drip.len()..][..1]).is_err() {
                    return (Some(started.elapsed()), got);
                }
                i += 1;
            }
            Err(_) => return (Some(started.elapsed()), got),
        }
    }
    (None, got)
}

/// One GET on a new connection from `source`: the status line's code.
fn get_from(addr: SocketAddr, source: [u8; 4], path: &str) -> std::io::Result<(u16, String)> {
    let mut s = connect_from(addr, source);
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    Ok((code, body))
}

fn metrics(addr: SocketAddr) -> String {
    let (code, body) = get_from(addr, [127, 0, 0, 1], "/metrics").unwrap();
    assert_eq!(code, 200);
    body
}

fn metric(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
        .unwrap_or_else(|| panic!("no series {series} in\n{text}"))
}

/// Blocking socket work off the runtime's threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slowloris_head_is_closed_at_the_header_timeout_whatever_it_trickles() {
    let srv = start(|c| {
        c.header_timeout = Duration::from_millis(400);
        c.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let addr = srv.addr;
    let (trickled, silent) = blocking(move || {
        // A head begun, then one more header byte every 100 ms: never complete.
        let mut s = connect_from(addr, [127, 0, 0, 1]);
        s.write_all(b"GET /crates/alpha HTTP/1.1\r\nHost: test\r\n")
            .unwrap();
        let trickled = until_closed(
            &mut s,
            b"X-a: b\r\n",
            Duration::from_millis(100),
            Duration::from_secs(10),
        );
        // A socket that never sends a byte.
        let mut q = connect_from(addr, [127, 0, 0, 1]);
        let silent = until_closed(
            &mut q,
            b"",
            Duration::from_millis(100),
            Duration::from_secs(10),
        );
        (trickled, silent)
    })
    .await;
    let t = trickled.0.expect("the trickling head is closed");
    assert!(t >= Duration::from_millis(350), "closed after {t:?}");
    assert!(silent.0.is_some(), "the silent socket is closed");
    // Meanwhile a real request is answered.
    let (code, _) = blocking(move || get_from(addr, [127, 0, 0, 1], "/healthz"))
        .await
        .unwrap();
    assert_eq!(code, 200);
    let m = metrics(addr);
    assert!(
        metric(
            &m,
            "cratescope_connections_dropped_total{reason=\"header-timeout\"}"
        ) >= 2
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_is_answered_408_and_closed() {
    let srv = start(|c| {
        c.body_timeout = Duration::from_millis(500);
        c.header_timeout = Duration::from_secs(30);
        c.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let addr = srv.addr;
    let (closed, answer) = blocking(move || {
        let mut s = connect_from(addr, [127, 0, 0, 1]);
        s.write_all(
            b"POST /api/v1/audit HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nversion = 4\n",
        )
        .unwrap();
        until_closed(&mut s, b"#", Duration::from_millis(100), Duration::from_secs(10))
    })
    .await;
    assert!(closed.is_some(), "the slow body's connection is closed");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within"), "{answer}");
    let m = metrics(addr);
    assert!(
        metric(
            &m,
            "cratescope_connections_dropped_total{reason=\"body-timeout\"}"
        ) >= 1
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_alive_connection_lives_while_used_and_closes_when_idle() {
    let srv = start(|c| {
        c.idle_timeout = Duration::from_millis(500);
        c.header_timeout = Duration::from_secs(30);
    })
    .await;
    let addr = srv.addr;
    let closed = blocking(move || {
        let mut s = connect_from(addr, [127, 0, 0, 1]);
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        // Requests 200 ms apart for 1.6 s on one connection: all answered,
        // though the connection lives past the idle timeout three times over.
        for _ in 0..8 {
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                .unwrap();
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).unwrap();
            let text = String::from_utf8_lossy(&buf[..n]);
            assert!(text.starts_with("HTTP/1.1 200"), "{text}");
            std::thread::sleep(Duration::from_millis(200));
        }
        // Then nothing: closed at the idle timeout, long before the head
        // timeout of 30 s.
        until_closed(
            &mut s,
            b"",
            Duration::from_millis(100),
            Duration::from_secs(10),
        )
        .0
    })
    .await;
    let t = closed.expect("the idle connection is closed");
    assert!(t < Duration::from_secs(10), "{t:?}");
    let m = metrics(addr);
    assert!(
        metric(
            &m,
            "cratescope_connections_dropped_total{reason=\"idle-timeout\"}"
        ) >= 1
    );
    srv.stop().await;
}

/// The lock-out: more waiting connections than the server may keep
/// open. Timeouts are long here, so only the cap's eviction can let the real
/// client in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_connections_never_lock_out_a_real_request_at_the_cap() {
    let srv = start(|c| {
        c.header_timeout = Duration::from_secs(60);
        c.idle_timeout = Duration::from_secs(60);
        c.body_timeout = Duration::from_secs(60);
        c.max_connections = 12;
        c.max_connections_per_client = 100;
    })
    .await;
    let addr = srv.addr;
    let (codes, held) = blocking(move || {
        // 30 attackers from 30 addresses: heads never finished, bodies never
        // sent, sockets that say nothing.
        let mut held = Vec::new();
        for i in 0..30u8 {
            let mut s = connect_from(addr, [127, 0, 1, 1 + i]);
            match i % 3 {
                0 => s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap(),
                1 => s
                    .write_all(
                        b"POST /api/v1/audit HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n\r\n",
                    )
                    .unwrap(),
                _ => {}
            }
            held.push(s);
            std::thread::sleep(Duration::from_millis(5));
        }
        let codes: Vec<u16> = (0..5)
            .map(|_| get_from(addr, [127, 0, 0, 1], "/crates/alpha").unwrap().0)
            .collect();
        (codes, held)
    })
    .await;
    assert_eq!(codes, [200; 5]);
    let m = metrics(addr);
    assert!(metric(&m, "cratescope_connections_open ") <= 12, "{m}");
    assert!(
        metric(
            &m,
            "cratescope_connections_dropped_total{reason=\"evicted\"}"
        ) >= 18,
        "{m}"
    );
    assert_eq!(metric(&m, "cratescope_connections_max "), 12);
    drop(held);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_gets_its_share_of_connections_and_no_more() {
    let srv = start(|c| {
        c.header_timeout = Duration::from_secs(60);
        c.max_connections = 100;
        c.max_connections_per_client = 4;
    })
    .await;
    let addr = srv.addr;
    let (closed, other) = blocking(move || {
        let mut socks: Vec<TcpStream> = (0..10)
            .map(|_| {
                let mut s = connect_from(addr, [127, 0, 2, 1]);
                s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
                std::thread::sleep(Duration::from_millis(20));
                s
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        // Each new connection of the client closed its oldest waiting one.
        let closed = socks
            .iter_mut()
            .map(|s| {
                until_closed(
                    s,
                    b"",
                    Duration::from_millis(50),
                    Duration::from_millis(200),
                )
                .0
                .is_some()
            })
            .collect::<Vec<_>>();
        let other = get_from(addr, [127, 0, 2, 2], "/healthz").unwrap().0;
        (closed, other)
    })
    .await;
    assert_eq!(
        closed,
        [
            true, true, true, true, true, true, false, false, false, false
        ]
    );
    assert_eq!(other, 200);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invented_methods_add_no_series_and_the_scrape_passes_promtool() {
    let srv = start(|_| {}).await;
    let addr = srv.addr;
    blocking(move || {
        for i in 0..200 {
            let mut s = connect_from(addr, [127, 0, 0, 1]);
            write!(
                s,
                "XMETHOD{i} /crates/alpha HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink);
        }
        for path in [
            "/crates/alpha",
            "/no/such/page",
            "/badges/alpha.svg",
            "/healthz",
        ] {
            get_from(addr, [127, 0, 0, 1], path).unwrap();
        }
    })
    .await;
    let text = metrics(addr);
    let series: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("cratescope_http_requests_total{"))
        .collect();
    assert!(series.len() <= 8, "{series:#?}");
    assert!(
        series
            .iter()
            .all(|l| !l.contains("XMETHOD") && !l.contains("/no/such")),
        "{series:#?}"
    );
    assert!(
        text.contains("cratescope_http_requests_total{method=\"other\",route=\"/crates/{name}\",status=\"4xx\"} 200"),
        "{text}"
    );
    assert!(!exposition(&text).is_empty());
    // The scrape as Prometheus reads it. promtool must be installed
    // (scripts/test requires Debian's `prometheus` package): a missing
    // checker fails this test.
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect(
            "promtool is not installed: scripts/test installs it (Debian's prometheus package)",
        );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics failed:\n{}{}\n--- scrape ---\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    srv.stop().await;
}

/// Check the Prometheus text format (0.0.4) line by line, as a scraper
/// reads it: every sample's family is declared by a `# TYPE` before it, names
/// and label names are valid, label values are quoted with their escapes,
/// values are numbers, no series appears twice. Returns the samples.
fn exposition(text: &str) -> Vec<(String, String, f64)> {
    fn name_ok(n: &str) -> bool {
        let mut cs = n.chars();
        cs.next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    }
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    assert!(text.ends_with('\n'), "the scrape ends with a newline");
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap_or_else(|| panic!("{line}"));
            assert!(name_ok(name), "{line}");
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                "{line}"
            );
            assert!(
                types.insert(name.into(), kind.into()).is_none(),
                "declared twice: {line}"
            );
            continue;
        }
        if line.starts_with("# HELP ") || line.is_empty() {
            continue;
        }
        assert!(!line.starts_with('#'), "{line}");
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("not a number: {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            Some((n, l)) => (n, l.strip_suffix('}').unwrap_or_else(|| panic!("{line}"))),
            None => (series, ""),
        };
        assert!(name_ok(name), "{line}");
        // Labels: k="v" pairs, values with \\, \" and \n escapes only.
        let mut rest = labels;
        while !rest.is_empty() {
            let (k, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
            assert!(name_ok(k) && !k.starts_with("__"), "{line}");
            let mut end = None;
            let mut esc = false;
            for (i, c) in after.char_indices() {
                match (esc, c) {
                    (true, '\\' | '"' | 'n') => esc = false,
                    (true, _) => panic!("bad escape: {line}"),
                    (false, '\\') => esc = true,
                    (false, '"') => {
                        end = Some(i);
                        break;
                    }
                    (false, '\n') => panic!("{line}"),
                    _ => {}
                }
            }
            let end = end.unwrap_or_else(|| panic!("unterminated label: {line}"));
            rest = after[end + 1..]
                .strip_prefix(',')
                .unwrap_or(&after[end + 1..]);
        }
        let family = types
            .keys()
            .find(|f| {
                name == f.as_str()
                    || (types[f.as_str()] == "histogram"
                        && ["_bucket", "_sum", "_count"]
                            .iter()
                            .any(|s| name.strip_suffix(s) == Some(f.as_str())))
            })
            .unwrap_or_else(|| panic!("no # TYPE before {line}"));
        assert!(seen.insert(series.to_string()), "series twice: {line}");
        out.push((family.clone(), series.to_string(), value));
    }
    out
}

/// One HTTP/1.1 request on a kept-alive connection; the status.
fn keep_alive(r: &mut std::io::BufReader<TcpStream>, method: &str, path: &str) -> u16 {
    use std::io::BufRead;
    // One write, so Nagle's algorithm never holds half a request back.
    let req = format!("{method} {path} HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
    r.get_mut().write_all(req.as_bytes()).unwrap();
    let mut status = String::new();
    r.read_line(&mut status).unwrap();
    let code: u16 = status
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{path}: {status:?}"));
    let mut len = None;
    loop {
        let mut h = String::new();
        r.read_line(&mut h).unwrap();
        if h == "\r\n" || h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0u8; len.unwrap_or_else(|| panic!("{method} {path}: no content-length"))];
    r.read_exact(&mut body).unwrap();
    code
}

/// 10,000 requests for distinct paths, a tenth with invented methods: the
/// number of series in /metrics is what a handful of requests makes, every
/// request is still counted, and the scrape is well-formed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_stay_bounded_after_ten_thousand_distinct_paths() {
    let srv = start(|c| {
        c.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let addr = srv.addr;
    let before = exposition(&metrics(addr)).len();
    blocking(move || {
        let sock = connect_from(addr, [127, 0, 3, 1]);
        sock.set_nodelay(true).unwrap();
        let mut r = std::io::BufReader::new(sock);
        for i in 0..10_000u32 {
            let method = if i % 10 == 0 {
                format!("M{i}")
            } else {
                "GET".into()
            };
            let path = match i % 4 {
                0 => format!("/no/such/page/{i}"),
                1 => format!("/crates/alpha?x={i}"),
                2 => format!("/badges/n{i}.png"),
                _ => format!("/{i}/{i}"),
            };
            let code = keep_alive(&mut r, &method, &path);
            assert!((200..600).contains(&code), "{path}: {code}");
        }
    })
    .await;
    let samples = exposition(&metrics(addr));
    let requests: Vec<&(String, String, f64)> = samples
        .iter()
        .filter(|(f, _, _)| f == "cratescope_http_requests_total")
        .collect();
    // Methods: GET and `other`; routes: a few templates and `unmatched`;
    // statuses: classes.
    assert!(requests.len() <= 16, "{requests:#?}");
    assert!(
        samples.len() <= before + 80,
        "{} series after, {before} before",
        samples.len()
    );
    let counted: f64 = requests.iter().map(|(_, _, v)| v).sum();
    assert!(counted >= 10_000.0, "{counted}");
    assert!(
        requests
            .iter()
            .all(|(_, s, _)| !s.contains("no/such") && !s.contains("/M") && !s.contains("n1")),
        "{requests:#?}"
    );
    srv.stop().await;
}

/// A running server whose SQLite file is overwritten with garbage answers
/// /healthz with 503, not "ok" from pages SQLite still has in memory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_unhealthy_when_the_sqlite_file_turns_to_garbage() {
    let srv = start(|_| {}).await;
    let addr = srv.addr;
    let (code, body) = blocking(move || get_from(addr, [127, 0, 0, 1], "/healthz"))
        .await
        .unwrap();
    assert_eq!((code, body.as_str()), (200, "ok\n"));
    let original = std::fs::read(&srv.db).unwrap();
    let len = original.len();
    let mut x: u32 = 0x2468_ace1;
    let garbage: Vec<u8> = (0..len.max(4096))
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&srv.db, &garbage).unwrap();
    let (code, body) = blocking(move || get_from(addr, [127, 0, 0, 1], "/healthz"))
        .await
        .unwrap();
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("damaged"), "{body}");
    // Requests that read the store: what SQLite still holds in its cache
    // (WAL mode does not re-read the file's header) or a clear 503 in JSON,
    // never a crash, a 500 or an empty answer.
    for path in ["/api/v1/crates/alpha/history", "/api/v1/crates/beta"] {
        let (code, body) = blocking(move || get_from(addr, [127, 0, 0, 1], path))
            .await
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&body).unwrap_or_else(|_| panic!("{path}: {code} {body}"));
        match code {
            200 | 202 | 404 => {}
            503 => assert!(
                v["error"]
                    .as_str()
                    .unwrap()
                    .starts_with("the history store is not available"),
                "{path}: {body}"
            ),
            _ => panic!("{path}: {code} {body}"),
        }
    }
    // The process lives on and answers what does not need the store.
    assert!(metrics(addr).contains("cratescope_connections_accepted_total"));
    // The file is put back: healthy again, with no restart.
    std::fs::write(&srv.db, &original).unwrap();
    let (code, body) = blocking(move || get_from(addr, [127, 0, 0, 1], "/healthz"))
        .await
        .unwrap();
    assert_eq!((code, body.as_str()), (200, "ok\n"));
    assert!(!srv.done.is_finished());
    srv.stop().await;
}

/// SIGTERM's path: the server stops with a kept-alive idle connection and a
/// half-sent head open, without waiting for their timeouts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_does_not_wait_for_idle_connections() {
    let srv = start(|c| {
        c.header_timeout = Duration::from_secs(60);
        c.idle_timeout = Duration::from_secs(60);
    })
    .await;
    let addr = srv.addr;
    let held = blocking(move || {
        let mut a = connect_from(addr, [127, 0, 0, 1]);
        a.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            .unwrap();
        let mut buf = [0u8; 512];
        let _ = a.read(&mut buf).unwrap();
        let mut b = connect_from(addr, [127, 0, 0, 1]);
        b.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        (a, b)
    })
    .await;
    let took = srv.stop().await;
    assert!(took < Duration::from_secs(10), "{took:?}");
    drop(held);
}
