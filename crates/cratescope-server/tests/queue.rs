//! The on-demand queue end to end, in-process over a real SQLite store and
//! the real engine (offline, on a fake cargo home): a crate asked for by
//! several spellings is one job and one evaluation, and asking again by
//! another spelling once it is stored evaluates nothing; a lockfile the
//! server cannot audit is the client's 4xx, never a 502; a read-only store
//! is served and says why nothing new is evaluated.

#[path = "../../cratescope-cli/tests/cli/registry.rs"]
#[allow(dead_code)]
mod registry;

mod demo;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use cratescope_engine::EvalOptions;
use cratescope_engine::catalog;
use cratescope_server::{AppState, ServerConfig};
use cratescope_store::Store;
use http_body_util::BodyExt;
use jiff::civil::date;
use tower::ServiceExt;

use registry::FakeRegistry;

struct Fixture {
    state: AppState,
    store: Store,
    url: String,
    _reg: FakeRegistry,
    _dir: tempfile::TempDir,
}

async fn fixture(tune: impl FnOnce(&mut ServerConfig)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("q.db").display());
    let store = Store::open(&url).await.unwrap();
    let (reg, eval) = demo::registry_and_options();
    let mut cfg = ServerConfig::new(
        eval,
        catalog::parse("version = 1\ncategory = []\n").unwrap(),
    );
    cfg.now = Some("2026-11-25T12:00:00Z".parse().unwrap());
    tune(&mut cfg);
    Fixture {
        state: AppState::new(store.clone(), cfg),
        store,
        url,
        _reg: reg,
        _dir: dir,
    }
}

async fn send(app: &Router, mut req: Request<Body>) -> (StatusCode, String) {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 1], 4000))));
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn drained(state: &AppState) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while state.queue.depth() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state.queue.depth(), 0, "the queue drains");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_crate_by_many_spellings_is_evaluated_once() {
    let fx = fixture(|c| c.eval_workers = 2).await;
    let app = cratescope_server::router(fx.state.clone());
    // Asked for at once by four spellings, with two workers free: one job.
    for name in ["Demo-0", "demo_0", "DEMO-0", "demo-0"] {
        let (status, body) = get(&app, &format!("/api/v1/crates/{name}")).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{name}: {body}");
    }
    assert!(fx.state.queue.depth() <= 1);
    drained(&fx.state).await;
    let evaluations = || fx.state.metrics.evaluations.load(Ordering::Relaxed);
    assert_eq!(evaluations(), 1);
    assert_eq!(
        fx.state.metrics.evaluation_failures.load(Ordering::Relaxed),
        0
    );
    let stored = fx.store.stored_name("DEMO_0").await.unwrap();
    assert_eq!(stored.as_deref(), Some("demo-0"));
    assert_eq!(fx.store.history("demo-0").await.unwrap().len(), 1);
    // Visits by other spellings after it is stored evaluate nothing.
    for _ in 0..3 {
        for name in ["DEMO-0", "Demo_0"] {
            let (status, _) = get(&app, &format!("/crates/{name}")).await;
            assert!(status.is_success() || status.is_redirection(), "{status}");
        }
        drained(&fx.state).await;
    }
    assert_eq!(evaluations(), 1);
    assert_eq!(fx.store.history("demo-0").await.unwrap().len(), 1);
    assert_eq!(get(&app, "/crates/demo-0").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_lockfile_the_server_cannot_audit_is_a_4xx() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let post = |body: &str| {
        Request::post("/api/v1/audit")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    // Not TOML a lockfile parser reads; a lockfile with no packages; one
    // whose packages are all from a registry (no workspace member).
    let cases = [
        ("[[package]\nname=", StatusCode::BAD_REQUEST),
        ("version = 4\n", StatusCode::BAD_REQUEST),
        (
            "version = 4\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (lock, want) in cases {
        let (status, body) = send(&app, post(lock)).await;
        assert_eq!(status, want, "{lock:?}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(v["error"].as_str().unwrap().contains("lockfile"), "{body}");
    }
    // The slot of the audit was given back each time.
    assert_eq!(fx.state.audits.in_use(), 0);
}

#[tokio::test]
async fn a_read_only_store_is_served_and_evaluates_nothing() {
    let fx = fixture(|_| {}).await;
    // The store of the fixture, evaluated and closed; then opened read-only.
    let app = cratescope_server::router(fx.state.clone());
    assert_eq!(
        get(&app, "/api/v1/crates/demo-0").await.0,
        StatusCode::ACCEPTED
    );
    drained(&fx.state).await;
    fx.store.close().await;
    let ro_url = format!("{}?mode=ro", fx.url);
    let ro = Store::open(&ro_url).await.unwrap();
    assert!(ro.read_only());
    let mut eval = EvalOptions::new(date(2026, 11, 25));
    eval.offline = true;
    eval.cargo_home = Some(fx._reg.cargo_home());
    eval.cache_dir = fx._reg.cache_dir();
    eval.skip_git = true;
    let state = AppState::new(
        ro.clone(),
        ServerConfig::new(
            eval,
            catalog::parse("version = 1\ncategory = []\n").unwrap(),
        ),
    );
    let app = cratescope_server::router(state.clone());
    let (status, body) = get(&app, "/crates/demo-0").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("demo-0 1.0.0"), "{body}");
    let (status, body) = get(&app, "/healthz").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "ok (read-only store)\n")
    );
    // A crate not stored: queued, then failed with the reason, not evaluated.
    assert_eq!(get(&app, "/crates/itoa").await.0, StatusCode::ACCEPTED);
    drained(&state).await;
    let (status, body) = get(&app, "/crates/itoa").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert!(body.contains("read-only"), "{body}");
    assert_eq!(state.metrics.evaluations.load(Ordering::Relaxed), 0);
}
