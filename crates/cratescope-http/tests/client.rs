//! Behaviour of `HttpClient` against local servers: wiremock for well-formed
//! HTTP, raw tokio listeners for byte-level misbehaviour (hung connections,
//! truncated bodies, closed ports). Nothing here touches the network.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cratescope_http::{HttpClient, HttpConfig, HttpError, HttpRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HOUR: Duration = Duration::from_secs(3600);

/// Fast timings so failure paths finish in well under a second.
fn config(dir: &tempfile::TempDir) -> HttpConfig {
    let mut config = HttpConfig::new(dir.path());
    config.backoff_base = Duration::from_millis(10);
    config.connect_timeout = Duration::from_secs(2);
    config.request_timeout = Duration::from_millis(500);
    config
}

fn client(dir: &tempfile::TempDir) -> HttpClient {
    HttpClient::new(config(dir)).unwrap()
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn fresh_cache_entry_is_served_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/it/oa/itoa"))
        .respond_with(ResponseTemplate::new(200).set_body_string("line\n"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/it/oa/itoa", server.uri())).ttl(HOUR);
    let first = http.get(&req).await.unwrap();
    assert!(!first.from_cache);
    assert_eq!(first.body, b"line\n");
    let second = http.get(&req).await.unwrap();
    assert!(second.from_cache && !second.stale && !second.revalidated);
    assert_eq!(second.body, b"line\n");
    assert_eq!(second.fetched_at, first.fetched_at);
    assert_eq!(requests(&server).await.len(), 1);
    // The user agent identifies the tool.
    let ua = requests(&server).await[0].headers["user-agent"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ua.starts_with("cratescope/"), "{ua}");
}

#[tokio::test]
async fn etag_revalidation_serves_cached_body_on_304() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("body-v1")
                .insert_header("etag", "\"v1\"")
                .insert_header("last-modified", "Wed, 25 Nov 2026 10:00:00 GMT"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    // TTL zero: every call revalidates.
    let req = HttpRequest::new(format!("{}/x", server.uri()));
    let first = http.get(&req).await.unwrap();
    assert_eq!(first.headers.etag.as_deref(), Some("\"v1\""));
    let second = http.get(&req).await.unwrap();
    assert!(second.from_cache && second.revalidated && !second.stale);
    assert_eq!(second.body, b"body-v1");
    assert!(second.fetched_at >= first.fetched_at);
    let sent = requests(&server).await;
    // ETag is preferred: no If-Modified-Since alongside it.
    assert!(!sent[1].headers.contains_key("if-modified-since"));
}

#[tokio::test]
async fn last_modified_revalidation_when_no_etag() {
    let server = MockServer::start().await;
    let date = "Wed, 25 Nov 2026 10:00:00 GMT";
    Mock::given(method("GET"))
        // wiremock's `header` matcher splits values on commas, which an
        // HTTP date contains; match on presence and check the value below.
        .and(header_exists("if-modified-since"))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("dated")
                .insert_header("last-modified", date),
        )
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/x", server.uri()));
    http.get(&req).await.unwrap();
    let second = http.get(&req).await.unwrap();
    assert!(second.revalidated);
    assert_eq!(second.body, b"dated");
    let sent = requests(&server).await;
    assert_eq!(sent[1].headers["if-modified-since"].to_str().unwrap(), date);
    assert!(!sent[1].headers.contains_key("if-none-match"));
}

#[tokio::test]
async fn no_validators_means_full_get_after_ttl() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("plain"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/x", server.uri()));
    http.get(&req).await.unwrap();
    let second = http.get(&req).await.unwrap();
    assert!(!second.from_cache);
    let sent = requests(&server).await;
    assert!(!sent[1].headers.contains_key("if-none-match"));
    assert!(!sent[1].headers.contains_key("if-modified-since"));
}

#[tokio::test]
async fn server_error_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let response = client(&dir)
        .get(&HttpRequest::new(format!("{}/x", server.uri())))
        .await
        .unwrap();
    assert_eq!(response.body, b"ok");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn server_error_exhausts_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&dir);
    cfg.max_retries = 2;
    let err = HttpClient::new(cfg)
        .unwrap()
        .get(&HttpRequest::new(format!("{}/x", server.uri())))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::Status { status: 502, .. }),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let response = client(&dir)
        .get(&HttpRequest::new(format!("{}/x", server.uri())))
        .await
        .unwrap();
    assert_eq!(response.body, b"ok");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn long_retry_after_returns_rate_limited_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let err = client(&dir)
        .get(&HttpRequest::new(format!("{}/x", server.uri())))
        .await
        .unwrap_err();
    match err {
        HttpError::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn not_found_statuses_carry_the_status() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    for (p, want) in [("/gone", 410), ("/missing", 404)] {
        let err = http
            .get(&HttpRequest::new(format!("{}{p}", server.uri())))
            .await
            .unwrap_err();
        assert!(
            matches!(err, HttpError::NotFound { status, .. } if status == want),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(want));
    }
    // Not-found answers are final: no retries.
    assert_eq!(requests(&server).await.len(), 2);
}

/// Accepts connections, reads the request, and never answers.
async fn hung_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 1024];
            let _ = socket.read(&mut buf).await;
            held.push(socket);
        }
    });
    (format!("http://{addr}/x"), task)
}

#[tokio::test]
async fn hung_connection_times_out_quickly() {
    let (url, task) = hung_server().await;
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let err = client(&dir).get(&HttpRequest::new(url)).await.unwrap_err();
    assert!(matches!(err, HttpError::Timeout { .. }), "{err:?}");
    // One request timeout (0.5 s), not one per retry.
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    task.abort();
}

/// Answers every connection with a Content-Length of 100 but only
/// `sent` bytes, except connection number `good_from` onwards (if any),
/// which get a complete body. Counts connections.
async fn truncating_server(good_from: Option<usize>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 2048];
            let _ = socket.read(&mut buf).await;
            let full = good_from.is_some_and(|g| n >= g);
            let body = if full {
                "x".repeat(100)
            } else {
                "x".repeat(10)
            };
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{body}"
            );
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}/x"), count)
}

#[tokio::test]
async fn truncated_body_is_retried_then_fails() {
    let (url, count) = truncating_server(None).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&dir);
    cfg.max_retries = 2;
    let err = HttpClient::new(cfg)
        .unwrap()
        .get(&HttpRequest::new(url))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::Transport { .. }), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn truncated_body_then_complete_body_succeeds() {
    let (url, count) = truncating_server(Some(1)).await;
    let dir = tempfile::tempdir().unwrap();
    let response = client(&dir).get(&HttpRequest::new(url)).await.unwrap();
    assert_eq!(response.body.len(), 100);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn offline_serves_cache_of_any_age_or_fails() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("cached"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/x", server.uri());
    client(&dir)
        .get(&HttpRequest::new(url.clone()))
        .await
        .unwrap();

    let mut cfg = config(&dir);
    cfg.offline = true;
    let offline = HttpClient::new(cfg).unwrap();
    // TTL zero: the entry is past its TTL, yet offline serves it, marked stale.
    let response = offline.get(&HttpRequest::new(url.clone())).await.unwrap();
    assert!(response.from_cache && response.stale);
    assert_eq!(response.body, b"cached");
    let err = offline
        .get(&HttpRequest::new(format!("{}/other", server.uri())))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::Offline { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("offline and nothing cached for `{}/other`", server.uri())
    );
}

#[tokio::test]
async fn corrupt_cache_entry_is_a_miss() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("payload"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/x", server.uri())).ttl(HOUR);
    http.get(&req).await.unwrap();
    // Half-write every cached file: meta becomes invalid JSON, body shorter.
    let mut touched = 0;
    for fan in std::fs::read_dir(dir.path().join("http")).unwrap() {
        for file in std::fs::read_dir(fan.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
            touched += 1;
        }
    }
    assert_eq!(touched, 2, "expected one body and one meta file");
    let again = http.get(&req).await.unwrap();
    assert!(!again.from_cache);
    assert_eq!(again.body, b"payload");
    // And the entry was rewritten whole.
    assert!(http.get(&req).await.unwrap().from_cache);
}

#[tokio::test]
async fn unreachable_host_fails_fast_the_second_time() {
    // Bind then drop: the port is closed, so connecting is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/x");
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let err = http.get(&HttpRequest::new(url.clone())).await.unwrap_err();
    assert!(matches!(err, HttpError::Unreachable { .. }), "{err:?}");
    assert!(http.is_unreachable(&url));
    // A clone shares the mark; the second request does not even connect.
    let start = Instant::now();
    let err = http
        .clone()
        .get(&HttpRequest::new(format!("http://127.0.0.1:{port}/y")))
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_millis(50),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        err.to_string(),
        format!("host `127.0.0.1:{port}` is unreachable")
    );
}

/// Answers exactly one request with `body`, then closes its port.
async fn one_shot_server(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 2048];
            let _ = socket.read(&mut buf).await;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
        // The listener drops here: later connects are refused.
    });
    format!("http://{addr}/x")
}

#[tokio::test]
async fn network_failure_serves_stale_cached_copy() {
    let url = one_shot_server("old").await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let first = http.get(&HttpRequest::new(url.clone())).await.unwrap();
    assert!(!first.from_cache);
    let response = http.get(&HttpRequest::new(url.clone())).await.unwrap();
    assert!(response.from_cache && response.stale);
    assert_eq!(response.body, b"old");
    assert_eq!(response.fetched_at, first.fetched_at);
    assert!(http.is_unreachable(&url));
}

#[tokio::test]
async fn uncacheable_requests_leave_no_cache() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("big"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/x", server.uri()))
        .ttl(HOUR)
        .no_cache();
    http.get(&req).await.unwrap();
    http.get(&req).await.unwrap();
    assert!(!dir.path().join("http").exists());
}

#[tokio::test]
async fn pacing_spaces_requests_to_one_host() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let interval = Duration::from_millis(200);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..3 {
        let http = http.clone();
        let req = HttpRequest::new(format!("{}/{i}", server.uri())).min_interval(interval);
        tasks.push(tokio::spawn(
            async move { http.get(&req).await.map(|_| ()) },
        ));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert!(start.elapsed() >= 2 * interval, "{:?}", start.elapsed());
}

#[tokio::test]
async fn extra_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(header_exists("x-github-api-version"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-ratelimit-remaining", "59"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let response = client(&dir)
        .get(
            &HttpRequest::new(format!("{}/x", server.uri()))
                .header("X-GitHub-Api-Version", "2022-11-28"),
        )
        .await
        .unwrap();
    assert_eq!(
        response
            .headers
            .ratelimit
            .get("x-ratelimit-remaining")
            .map(String::as_str),
        Some("59")
    );
}

/// Serves an endless body (no content-length, chunk after chunk) to every
/// connection, counting the bytes written.
async fn endless_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n")
                    .await;
                let chunk = vec![b'x'; 64 * 1024];
                while socket.write_all(&chunk).await.is_ok() {
                    counter.fetch_add(chunk.len(), Ordering::SeqCst);
                }
            });
        }
    });
    (format!("http://{addr}/endless"), sent)
}

#[tokio::test]
async fn endless_body_is_cut_at_the_request_cap() {
    let (url, sent) = endless_server().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&dir);
    cfg.request_timeout = Duration::from_secs(20);
    let http = HttpClient::new(cfg).unwrap();
    let cap = 1024 * 1024;
    let err = http
        .get(&HttpRequest::new(url).max_body(cap))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::TooLarge { limit, .. } if limit == cap),
        "{err:?}"
    );
    assert!(err.to_string().contains("1048576 bytes"), "{err}");
    // The reader stopped near the cap: the server could not push gigabytes.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        sent.load(Ordering::SeqCst) < 64 * 1024 * 1024,
        "{} bytes sent",
        sent.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn announced_oversize_body_is_refused_before_reading() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 4096]))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let err = client(&dir)
        .get(&HttpRequest::new(format!("{}/big", server.uri())).max_body(1000))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::TooLarge { limit: 1000, .. }),
        "{err:?}"
    );
    // A body at the cap is fine.
    let ok = client(&dir)
        .get(&HttpRequest::new(format!("{}/big", server.uri())).max_body(4096))
        .await
        .unwrap();
    assert_eq!(ok.body.len(), 4096);
}

#[tokio::test]
async fn a_redirect_to_a_dead_host_marks_that_host_not_the_redirecting_one() {
    let dead_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("http://127.0.0.1:{dead_port}/gone")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fine"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let err = http
        .get(&HttpRequest::new(format!("{}/moved", server.uri())))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("host `127.0.0.1:{dead_port}` is unreachable")
    );
    // The server that redirected still answers everything else.
    assert!(!http.is_unreachable(&server.uri()));
    let ok = http
        .get(&HttpRequest::new(format!("{}/fine", server.uri())))
        .await
        .unwrap();
    assert_eq!(ok.body, b"ok");
}

#[tokio::test]
async fn waits_across_attempts_are_capped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&dir);
    cfg.max_retries = 10;
    cfg.max_total_wait = Duration::from_millis(1500);
    let http = HttpClient::new(cfg).unwrap();
    let err = http
        .get(&HttpRequest::new(format!("{}/busy", server.uri())))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::RateLimited { .. }), "{err:?}");
    // One 1-second wait fits the 1.5 s budget, a second does not: two
    // attempts, not eleven.
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_host() {
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("elsewhere"))
        .mount(&other)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repo"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("location", format!("{}/moved", other.uri())),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let http = client(&dir);
    let req = HttpRequest::new(format!("{}/repo", server.uri()))
        .header("authorization", "Bearer secret-token");
    let ok = http.get(&req).await.unwrap();
    assert_eq!(ok.body, b"elsewhere");
    let seen = requests(&server).await;
    assert_eq!(seen[0].headers["authorization"], "Bearer secret-token");
    let moved = requests(&other).await;
    assert_eq!(moved.len(), 1);
    assert!(
        !moved[0].headers.contains_key("authorization"),
        "the token followed the redirect"
    );
    // A redirect loop ends with an error naming it, not a hang.
    let err = http
        .get(&HttpRequest::new(format!("{}/loop", server.uri())))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("more than 10 redirects"), "{err}");
}
