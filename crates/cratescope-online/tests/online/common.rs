//! Shared test plumbing: a client pointed at a local server, fixtures, and
//! raw TCP servers for byte-level faults.

use std::path::PathBuf;
use std::time::Duration;

use cratescope_http::{HttpClient, HttpConfig};
use cratescope_online::{OnlineClient, OnlineConfig};
use jiff::Timestamp;
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The contact User-Agent the tests configure.
pub const UA: &str = "cratescope-tests/0 (tests@example.org)";
/// The evaluation instant the GitHub fixtures are written against.
pub const AS_OF: &str = "2026-11-25T12:00:00Z";
/// Short limits so faults resolve in well under a second.
pub const TEST_TIMEOUT: Duration = Duration::from_millis(700);

pub fn as_of() -> Timestamp {
    AS_OF.parse().expect("valid as_of")
}

pub fn http(dir: &TempDir, offline: bool) -> HttpClient {
    let mut config = HttpConfig::new(dir.path());
    config.offline = offline;
    config.connect_timeout = TEST_TIMEOUT;
    config.request_timeout = TEST_TIMEOUT;
    config.backoff_base = Duration::from_millis(10);
    HttpClient::new(config).expect("http client builds")
}

/// Every base URL pointed at `base` (crates.io under `/api/v1` like the
/// real one), with a contact User-Agent and fast pacing.
pub fn config(base: &str) -> OnlineConfig {
    OnlineConfig {
        crates_io_api: format!("{base}/api/v1"),
        github_api: base.to_owned(),
        docs_rs: base.to_owned(),
        user_agent: Some(UA.to_owned()),
        github_token: None,
        crates_io_min_interval: Duration::from_millis(1),
        github_stats_attempts: 3,
        github_stats_delay: Duration::from_millis(20),
    }
}

pub fn client(dir: &TempDir, base: &str) -> OnlineClient {
    OnlineClient::new(http(dir, false), config(base))
}

/// A real crates.io API body from the repository's `testdata/cratesio-api`.
pub fn cratesio_fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/cratesio-api")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub fn own_fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is json")
}

pub fn tempdir() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A server that accepts connections and never answers.
pub async fn hung_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

/// A server that promises `Content-Length: 5000` and closes after a few
/// bytes of JSON, on every connection.
pub async fn truncating_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"crate\": {\"id\": \"fo",
                )
                .await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), hits)
}

/// A base URL on which nothing listens (bound, then released).
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// A message as an English reader sees it.
pub fn en(m: &cratescope_model::Message) -> String {
    cratescope_report::catalog::render(cratescope_model::Lang::En, m)
}

/// Several, each as an English reader sees it.
pub fn en_all(ms: &[cratescope_model::Message]) -> Vec<String> {
    ms.iter().map(en).collect()
}
