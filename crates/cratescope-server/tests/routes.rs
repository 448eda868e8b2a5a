//! Every route in-process (`tower::ServiceExt::oneshot`) over a real SQLite
//! store: pages, JSON API, badges, health and metrics; ETag, Cache-Control
//! and CSP on every GET; hostile metadata rendered inert; bad input refused;
//! the on-demand queue and the per-client rate limit; audits; a store that is
//! down or locked answered with 503. On-demand evaluation runs the real
//! engine, offline, on a fake cargo home (the CLI tests' registry builder).

#[path = "../../cratescope-cli/tests/cli/registry.rs"]
#[allow(dead_code)]
mod registry;

#[path = "../../cratescope-store/tests/common/pg.rs"]
mod pg;

#[path = "../../cratescope-report/tests/common/checkers.rs"]
mod checkers;

mod common;

mod demo;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::facts;
use cratescope_engine::catalog;
use cratescope_model::{Evaluation, Facts};
use cratescope_server::{AppState, ServerConfig};
use cratescope_store::{SaveOptions, Store};
use http_body_util::BodyExt;
use jiff::civil::date;
use tower::ServiceExt;

use registry::FakeRegistry;

const NOW: &str = "2026-11-25T12:00:00Z";

/// The hostile strings a published crate can carry.
const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(2)>";
const ANSI: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
const BIDI: &str = "\u{202E}evil";

fn hostile(mut e: Evaluation) -> Evaluation {
    e.info.description = Some(format!("{SCRIPT} desc {ANSI} {BIDI}"));
    e.info.repository = Some("javascript:alert(3)".into());
    e.info.homepage = Some("javascript:alert(4)".into());
    e.info.readme_snippet = Some(format!("{IMG}\n```\n{SCRIPT}\n```"));
    e.info.license = Some(format!("MIT {SCRIPT}"));
    // Sentences as a card stored by an older cratescope holds them (text,
    // read back as legacy messages): hostile text must stay inert.
    e.strengths.push(cratescope_model::Message::legacy(format!(
        "keyword {SCRIPT}"
    )));
    e.risks.push(cratescope_model::Message::legacy(format!(
        "[click](javascript:alert(5)) {IMG}"
    )));
    e
}

async fn save(store: &Store, e: &Evaluation, f: &Facts, day: i64) {
    let digest = cratescope_store::input_digest(f, &format!("{}-{day}", e.model_version)).unwrap();
    store
        .save_with_digest(
            e,
            &digest,
            SaveOptions {
                evaluated_at: NOW.parse::<jiff::Timestamp>().unwrap()
                    - jiff::SignedDuration::from_hours(3 + day),
                backfill: false,
                run: None,
            },
        )
        .await
        .unwrap();
}

const CATALOG: &str = r#"version = 1
[[category]]
id = "numbers"
name = { en = "Numbers", zh = "数字" }
crates = ["alpha", { name = "beta", scenarios = ["steady"] }, "never-stored"]

[[category.scenario]]
id = "steady"
name = { en = "Steady work", zh = "稳定工作" }
weights = { stability = 1.0 }

[[category.scenario]]
id = "fresh-ideas"
name = { en = "Fresh ideas", zh = "新想法" }
weights = { stability = 0.5, maintenance = 0.5 }
"#;

struct Fixture {
    state: AppState,
    store: Store,
    reg: FakeRegistry,
    _dir: tempfile::TempDir,
}

/// A store with `alpha` (two evaluations, hostile metadata) and `beta`,
/// and a fake registry with `demo-0` for on-demand evaluation.
async fn fixture(tune: impl FnOnce(&mut ServerConfig)) -> Fixture {
    fixture_on(None, tune).await
}

async fn fixture_on(url: Option<String>, tune: impl FnOnce(&mut ServerConfig)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("s.db").display()));
    let store = Store::open(&url).await.unwrap();
    let model = cratescope_score::Model::embedded();
    for (day, n) in [(1, 3u64), (0, 6)] {
        // One stored evaluation per crate and day: two days of history.
        let mut f = facts("alpha", n);
        f.as_of = date(2026, 11, 25 - day as i8);
        let e = hostile(cratescope_score::evaluate(&f, &model));
        save(&store, &e, &f, day).await;
    }
    let f = facts("beta", 2);
    save(&store, &cratescope_score::evaluate(&f, &model), &f, 0).await;
    store
        .track(&["alpha".into()], jiff::Timestamp::now())
        .await
        .unwrap();

    let (reg, eval) = demo::registry_and_options();
    let mut cfg = ServerConfig::new(eval, catalog::parse(CATALOG).unwrap());
    cfg.now = Some(NOW.parse().unwrap());
    tune(&mut cfg);
    Fixture {
        state: AppState::new(store.clone(), cfg),
        store,
        reg,
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let mut req = req;
    if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 1], 4000))));
    }
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_from(app: &Router, uri: &str, ip: [u8; 4]) -> Answer {
    let mut req = Request::get(uri).body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 4000))));
    send(app, req).await
}

fn assert_whole_page(a: &Answer) {
    assert!(a.body.starts_with("<!DOCTYPE html>"), "{}", a.body);
    assert!(a.body.trim_end().ends_with("</html>"), "{}", a.body);
    assert_eq!(
        cratescope_report::html::script_tags(&a.body),
        0,
        "{}",
        a.body
    );
}

fn assert_get_headers(uri: &str, a: &Answer) {
    for h in [
        header::ETAG,
        header::CACHE_CONTROL,
        header::CONTENT_SECURITY_POLICY,
    ] {
        assert!(
            a.headers.contains_key(&h),
            "{uri}: no {h} in {:?}",
            a.headers
        );
    }
    assert_eq!(
        a.headers[header::CONTENT_SECURITY_POLICY],
        cratescope_server::CSP
    );
}

#[tokio::test]
async fn every_route_answers_with_etag_cache_control_and_csp() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let routes = [
        ("/", "text/html", "Numbers"),
        ("/crates/alpha", "text/html", "<article class=\"crate"),
        ("/categories/numbers", "text/html", "decision-matrix"),
        (
            "/compare?crates=alpha,beta,never-stored",
            "text/html",
            "never-stored",
        ),
        ("/trends", "text/html", "<section id=\"trends\">"),
        ("/static/cratescope.css", "text/css", "article.crate"),
        ("/badges/alpha.svg", "image/svg+xml", "maturity"),
        ("/badges/never-stored.svg", "image/svg+xml", "not evaluated"),
        ("/healthz", "text/plain", "ok"),
        ("/metrics", "text/plain", "cratescope_queue_depth"),
        (
            "/api/v1/crates/alpha",
            "application/json",
            "\"schema_version\"",
        ),
        (
            "/api/v1/crates/alpha/history",
            "application/json",
            "\"as_of\"",
        ),
        (
            "/api/v1/categories/numbers",
            "application/json",
            "\"never-stored\"",
        ),
        (
            "/api/v1/compare?crates=alpha,beta",
            "application/json",
            "\"beta\"",
        ),
    ];
    for (uri, ctype, needle) in routes {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
        assert!(
            a.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(ctype),
            "{uri}: {:?}",
            a.headers
        );
        assert!(
            a.body.contains(needle),
            "{uri}: no {needle:?} in {}",
            a.body
        );
        assert_get_headers(uri, &a);
        if ctype == "text/html" {
            assert_whole_page(&a);
        }
        // Conditional GET: the same ETag gives a 304 with no body.
        let etag = a.headers[header::ETAG].clone();
        let again = send(
            &app,
            Request::get(uri)
                .header(header::IF_NONE_MATCH, etag.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        if uri != "/metrics" && uri != "/healthz" {
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
            assert!(again.body.is_empty());
            assert_eq!(again.headers[header::ETAG], etag);
        }
    }
    // The crate page: the card as `report` draws it, the history chart, the age.
    let page = get(&app, "/crates/alpha").await.body;
    assert!(page.contains("Evaluated 3 h ago"), "{page}");
    assert!(page.contains("<svg class=\"history\""), "{page}");
    assert!(page.contains("2 stored evaluations."), "{page}");
    assert!(page.contains("<svg class=\"radar\""), "{page}");
    // The JSON card is `eval --format json` of the stored evaluation.
    let stored = fx.store.latest("alpha").await.unwrap().unwrap().2;
    let card = get(&app, "/api/v1/crates/alpha").await.body;
    assert_eq!(
        card,
        cratescope_report::render(
            &[stored],
            cratescope_report::Format::Json,
            cratescope_report::Lang::En
        )
    );
    // The badge: score, tier, cacheable.
    let badge = get(&app, "/badges/alpha.svg").await;
    assert!(
        badge.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert!(badge.body.starts_with("<svg"), "{}", badge.body);
    // Search redirects to the crate; unknown paths are a whole 404 page.
    let s = get(&app, "/search?q=alpha").await;
    assert_eq!(s.status, StatusCode::SEE_OTHER);
    assert_eq!(s.headers[header::LOCATION], "/crates/alpha");
    let nf = get(&app, "/no/such/page").await;
    assert_eq!(nf.status, StatusCode::NOT_FOUND);
    assert_whole_page(&nf);
    // Metrics count what was asked.
    let m = get(&app, "/metrics").await.body;
    assert!(
        m.contains(
            "cratescope_http_requests_total{method=\"GET\",route=\"/crates/{name}\",status=\"2xx\"}"
        ),
        "{m}"
    );
    assert!(
        m.contains(
            "cratescope_http_request_duration_seconds_bucket{route=\"/badges/{file}\",le=\"+Inf\"}"
        ),
        "{m}"
    );
}

#[tokio::test]
async fn hostile_metadata_is_inert_on_every_page() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    for uri in [
        "/crates/alpha",
        "/categories/numbers",
        "/compare?crates=alpha,beta",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert_whole_page(&a);
        let lower = a.body.to_lowercase();
        assert!(!lower.contains("<script"), "{uri}");
        assert!(!lower.contains("<img"), "{uri}");
        assert!(!lower.contains("href=\"javascript:"), "{uri}");
        assert!(!a.body.contains('\u{1b}'), "{uri}: raw escape");
        assert!(!a.body.contains('\u{202E}'), "{uri}: bidi override");
        assert!(!a.body.contains('\u{7}'), "{uri}: bell");
        if uri == "/crates/alpha" {
            // Shown, as text.
            assert!(
                a.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
                "{}",
                a.body
            );
            assert!(a.body.contains("&#60;img src=x onerror=alert(2)&#62;"));
            assert!(
                a.body.contains("javascript:alert(3)"),
                "the URL is shown as text"
            );
        }
    }
    // A hostile name in the URL is refused, and echoed escaped.
    let a = get(&app, "/crates/%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_whole_page(&a);
    assert!(a.body.contains("&#60;script&#62;"), "{}", a.body);
    assert!(!a.body.contains("<script"));
}

#[tokio::test]
async fn bad_input_is_refused_as_crates_io_would() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    for uri in [
        "/crates/..%2F..%2Fetc%2Fpasswd",
        "/crates/serde@1.0.0",
        "/crates/1abc",
        "/crates/http:%2F%2F127.0.0.1:9%2Fx",
        &format!("/crates/{}", "a".repeat(65)),
        "/api/v1/crates/%00",
        "/badges/a%20b.svg",
        "/compare?crates=",
        &format!(
            "/compare?crates={}",
            (0..13)
                .map(|i| format!("c{i}"))
                .collect::<Vec<_>>()
                .join(",")
        ),
        "/categories/Bad!Id",
        "/search?q=..%2F",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
        assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
    }
    assert_eq!(
        get(&app, "/categories/nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/badges/alpha.png").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/v1/crates/never-stored/history")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let api = get(&app, "/api/v1/crates/a@b").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["status"], 400);
    // Nothing was queued by refused requests.
    assert_eq!(fx.state.queue.depth(), 0);
}

#[tokio::test]
async fn the_queue_refuses_instead_of_growing() {
    // No workers: jobs stay queued, so the queue fills.
    let fx = fixture(|c| {
        c.eval_workers = 0;
        c.queue_capacity = 2;
    })
    .await;
    let app = cratescope_server::router(fx.state.clone());
    let a = get(&app, "/crates/newcomer-a").await;
    assert_eq!(a.status, StatusCode::ACCEPTED);
    assert_whole_page(&a);
    assert!(a.body.contains("Queued"), "{}", a.body);
    assert!(a.body.contains("http-equiv=\"refresh\""));
    assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
    let b = get(&app, "/api/v1/crates/newcomer-b").await;
    assert_eq!(b.status, StatusCode::ACCEPTED);
    assert!(b.body.contains("\"queued\""), "{}", b.body);
    // Asking again for a queued crate is not a second job.
    assert_eq!(
        get(&app, "/crates/newcomer-a").await.status,
        StatusCode::ACCEPTED
    );
    assert_eq!(fx.state.queue.depth(), 2);
    let full = get(&app, "/crates/newcomer-c").await;
    assert_eq!(full.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(full.headers[header::RETRY_AFTER], "60");
    assert_whole_page(&full);
    assert!(full.body.contains("queue is full"));
    let m = get(&app, "/metrics").await.body;
    assert!(m.contains("cratescope_queue_depth 2"), "{m}");
}

#[tokio::test]
async fn on_demand_evaluations_are_rate_limited_per_client() {
    let fx = fixture(|c| {
        c.eval_workers = 0;
        c.rate_burst = 3;
        c.rate_refill = Duration::from_secs(3600);
    })
    .await;
    let app = cratescope_server::router(fx.state.clone());
    for i in 0..3 {
        let a = get_from(&app, &format!("/crates/fresh-{i}"), [198, 51, 100, 7]).await;
        assert_eq!(a.status, StatusCode::ACCEPTED);
    }
    let limited = get_from(&app, "/crates/fresh-3", [198, 51, 100, 7]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "3600");
    // Stored crates are never limited; another client still gets its share.
    assert_eq!(
        get_from(&app, "/crates/alpha", [198, 51, 100, 7])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get_from(&app, "/crates/fresh-3", [203, 0, 113, 9])
            .await
            .status,
        StatusCode::ACCEPTED
    );
    // An audit costs a token too.
    let lock = "version = 4\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.15\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let mut req = Request::post("/api/v1/audit")
        .body(Body::from(lock))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([198, 51, 100, 7], 1))));
    assert_eq!(send(&app, req).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_crate_that_is_not_stored_is_evaluated_on_demand() {
    let fx = fixture(|c| c.eval_workers = 1).await;
    let app = cratescope_server::router(fx.state.clone());
    let first = get(&app, "/crates/demo-0").await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.body);
    // Offline, a crate missing from cargo's cache cannot be told apart from
    // one the registry does not know: the page says why it failed.
    let missing = get(&app, "/crates/no-such-crate").await;
    assert_eq!(missing.status, StatusCode::ACCEPTED);
    let deadline = Instant::now() + Duration::from_secs(120);
    let page = loop {
        let a = get(&app, "/crates/demo-0").await;
        if a.status == StatusCode::OK || Instant::now() > deadline {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("demo-0 1.0.0"), "{}", page.body);
    assert_eq!(fx.store.history("demo-0").await.unwrap().len(), 1);
    let gone = loop {
        let a = get(&app, "/crates/no-such-crate").await;
        if a.status != StatusCode::ACCEPTED || Instant::now() > deadline {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(gone.status, StatusCode::BAD_GATEWAY, "{}", gone.body);
    assert_whole_page(&gone);
    assert!(
        gone.body
            .contains("no cached index entry for `no-such-crate`"),
        "{}",
        gone.body
    );
    let m = get(&app, "/metrics").await.body;
    assert!(m.contains("cratescope_evaluations_total 1"), "{m}");
    assert!(m.contains("cratescope_evaluation_failures_total 1"), "{m}");
    drop(fx.reg);
}

/// Gates fail closed on the server too: without an advisory database the
/// audit is an error that says why, never a report that passes.
#[tokio::test]
async fn audit_without_an_advisory_database_is_an_error_not_a_pass() {
    let missing = std::env::temp_dir().join("cratescope-no-such-advisory-db");
    let fx = fixture(|c| c.eval.advisory_db = Some(missing.clone())).await;
    let app = cratescope_server::router(fx.state.clone());
    let lock = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"demo-0\"]\n\n[[package]]\nname = \"demo-0\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let a = send(
        &app,
        Request::post("/api/v1/audit")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(lock))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY, "{}", a.body);
    assert!(a.body.contains("advisory database"), "{}", a.body);
    assert!(!a.headers.contains_key("x-cratescope-passed"));
}

#[tokio::test]
async fn audit_answers_json_or_sarif_and_bounds_the_body() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let lock = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"demo-0\"]\n\n[[package]]\nname = \"demo-0\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    let post = |body: Body, uri: &str, ctype: &str| {
        Request::post(uri)
            .header(header::CONTENT_TYPE, ctype)
            .body(body)
            .unwrap()
    };
    let a = send(&app, post(Body::from(lock), "/api/v1/audit", "text/plain")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["packages"][0]["crate"], "demo-0", "{v}");
    assert!(a.headers.contains_key("x-cratescope-passed"));
    // SARIF, with a policy in a JSON envelope that fails every crate.
    let env = serde_json::json!({ "lockfile": lock, "policy": "[audit]\nmin_composite = 4.99\n" });
    let s = send(
        &app,
        post(
            Body::from(env.to_string()),
            "/api/v1/audit?format=sarif",
            "application/json",
        ),
    )
    .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    assert_eq!(s.headers[header::CONTENT_TYPE], "application/sarif+json");
    let sv: serde_json::Value = serde_json::from_str(&s.body).unwrap();
    assert_eq!(sv["version"], "2.1.0");
    assert_eq!(s.headers["x-cratescope-passed"], "false");
    // Over 2 MiB: 413 without reading it all.
    let big = "#".repeat(2 * 1024 * 1024 + 1);
    let t = send(&app, post(Body::from(big), "/api/v1/audit", "text/plain")).await;
    assert_eq!(t.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", t.body);
    // Not a lockfile; a bad policy; a bad format.
    let bad = send(
        &app,
        post(
            Body::from("[[package]\nname="),
            "/api/v1/audit",
            "text/plain",
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    let badp = serde_json::json!({ "lockfile": lock, "policy": "[audit]\nmin_dimension = { speed = 3 }\n" });
    let bp = send(
        &app,
        post(
            Body::from(badp.to_string()),
            "/api/v1/audit",
            "application/json",
        ),
    )
    .await;
    assert_eq!(bp.status, StatusCode::BAD_REQUEST, "{}", bp.body);
    let bf = send(
        &app,
        post(Body::from(lock), "/api/v1/audit?format=xml", "text/plain"),
    )
    .await;
    assert_eq!(bf.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_store_that_is_down_is_a_503_page_not_a_panic() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    fx.store.close().await;
    for uri in [
        "/crates/alpha",
        "/",
        "/categories/numbers",
        "/badges/alpha.svg",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert!(a.headers.contains_key(header::RETRY_AFTER), "{uri}");
        assert_whole_page(&a);
        assert!(
            a.body.contains("history store is not available"),
            "{}",
            a.body
        );
    }
    let h = get(&app, "/healthz").await;
    assert_eq!(h.status, StatusCode::SERVICE_UNAVAILABLE);
    let j = get(&app, "/api/v1/crates/alpha").await;
    assert_eq!(j.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(serde_json::from_str::<serde_json::Value>(&j.body).is_ok());
}

/// A PostgreSQL table locked by another session: readers wait, the request
/// timeout answers 503 with Retry-After instead of holding the client.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_store_is_a_503_within_the_request_timeout() {
    let url = pg::fresh_database().await;
    let fx = fixture_on(Some(url.clone()), |c| {
        c.request_timeout = Duration::from_millis(700)
    })
    .await;
    let app = cratescope_server::router(fx.state.clone());
    assert_eq!(
        get(&app, "/api/v1/crates/beta").await.status,
        StatusCode::OK
    );
    fx.state.cache.clear();
    use sqlx::{Connection, Executor};
    let mut locker = sqlx::PgConnection::connect(&url).await.unwrap();
    locker.execute("BEGIN").await.unwrap();
    locker
        .execute("LOCK TABLE evaluations IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    for uri in ["/crates/beta", "/api/v1/crates/beta"] {
        let started = Instant::now();
        let a = get(&app, uri).await;
        assert_eq!(
            a.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {}",
            a.body
        );
        assert!(started.elapsed() < Duration::from_secs(5), "{uri}");
        assert_eq!(a.headers[header::RETRY_AFTER], "5");
        assert!(a.body.contains("locked or down"), "{}", a.body);
        if uri.starts_with("/crates") {
            assert_whole_page(&a);
        }
    }
    locker.execute("ROLLBACK").await.unwrap();
    // Unlocked: served again.
    assert_eq!(get(&app, "/crates/beta").await.status, StatusCode::OK);
}

/// Issue 21: the category page shows the matrix `report` shows — the
/// category's scenarios scored for every stored crate (never `–` for a
/// crate that has a card), a scenario its catalog entry says a crate is not
/// for marked n/a and never its pick, and no "could not be scored" under a
/// top pick.
#[tokio::test]
async fn the_category_page_shows_the_categorys_decision_matrix() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let page = get(&app, "/categories/numbers").await.body;
    let matrix = &page[page.find("<table class=\"grid\">").expect(&page)..];
    let matrix = &matrix[..matrix.find("</table>").unwrap()];
    for scenario in ["Steady work", "Fresh ideas"] {
        assert!(matrix.contains(scenario), "{matrix}");
    }
    // Two crates stored, two scenarios: every applicable cell has stars.
    assert_eq!(matrix.matches("data-v=\"0\"").count(), 1, "{matrix}");
    assert!(
        matrix.contains(">n/a<"),
        "beta is not for fresh ideas: {matrix}"
    );
    assert!(!matrix.contains(">–<"), "{matrix}");
    assert!(page.contains("Top pick: "), "{page}");
    assert!(!page.contains("could be scored"), "{page}");
    assert!(page.contains("Top pick per scenario"), "{page}");
    // The JSON answers the same scenarios.
    let json: serde_json::Value =
        serde_json::from_str(&get(&app, "/api/v1/categories/numbers").await.body).unwrap();
    let ids: Vec<&str> = json["crates"][0]["evaluation"]["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["steady", "fresh-ideas"]);
}

/// Issue 21 and 26: a crate asked for in another spelling is redirected to
/// the name it is stored under (page, API, badge), never evaluated again;
/// a crate not stored is queued once whatever the spelling.
#[tokio::test]
async fn other_spellings_redirect_and_share_one_evaluation() {
    let fx = fixture(|c| c.eval_workers = 0).await;
    let app = cratescope_server::router(fx.state.clone());
    for (uri, to) in [
        ("/crates/Alpha", "/crates/alpha"),
        ("/crates/ALPHA", "/crates/alpha"),
        ("/api/v1/crates/Alpha", "/api/v1/crates/alpha"),
        ("/badges/ALPHA.svg", "/badges/alpha.svg"),
    ] {
        for _ in 0..3 {
            let a = get(&app, uri).await;
            assert_eq!(
                a.status,
                StatusCode::PERMANENT_REDIRECT,
                "{uri}: {}",
                a.body
            );
            assert_eq!(a.headers[header::LOCATION], to, "{uri}");
        }
    }
    assert_eq!(fx.state.queue.depth(), 0, "a stored crate is never queued");
    for uri in [
        "/crates/Newcomer_A",
        "/crates/newcomer-a",
        "/api/v1/crates/NEWCOMER-A",
        "/crates/newcomer_a",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::ACCEPTED, "{uri}");
    }
    assert_eq!(
        fx.state.queue.depth(),
        1,
        "one evaluation for every spelling"
    );
}

/// Issue 21: `/` is a leaderboard — crate, tier, composite, trend since the
/// evaluation before, last evaluated — best composite first.
#[tokio::test]
async fn the_index_is_a_leaderboard() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let page = get(&app, "/").await.body;
    let board = &page[page.find("<table class=\"leaderboard\">").expect(&page)..];
    let board = &board[..board.find("</table>").unwrap()];
    for head in ["Crate", "Tier", "Composite", "Trend", "Last evaluated"] {
        assert!(board.contains(&format!(">{head}</th>")), "{head}: {board}");
    }
    let alpha = fx.store.latest("alpha").await.unwrap().unwrap().2;
    let beta = fx.store.latest("beta").await.unwrap().unwrap().2;
    let (first, second) = if alpha.composite >= beta.composite {
        ("alpha", "beta")
    } else {
        ("beta", "alpha")
    };
    assert!(
        board.find(&format!(">{first}</a>")).unwrap()
            < board.find(&format!(">{second}</a>")).unwrap(),
        "{board}"
    );
    // alpha has two days of history: a trend with its date; beta has one.
    assert!(board.contains("since 2026-11-24"), "{board}");
    assert!(board.contains("3 h ago"), "{board}");
}

/// Issue 21: a provisional tier's badge says so.
#[tokio::test]
async fn a_provisional_badge_says_so() {
    let fx = fixture(|_| {}).await;
    let app = cratescope_server::router(fx.state.clone());
    let e = fx.store.latest("beta").await.unwrap().unwrap().2;
    let badge = get(&app, "/badges/beta.svg").await.body;
    assert_eq!(
        badge.contains("provisional"),
        e.provisional,
        "provisional {}: {badge}",
        e.provisional
    );
    assert!(badge.contains("<title>maturity: "), "{badge}");
    let mut p = e.clone();
    p.provisional = true;
    let svg = cratescope_report::fragment::Badge::of(Some(&p), cratescope_model::Lang::En).svg();
    assert!(svg.contains("(provisional)"), "{svg}");
}

/// Issue 21: one stored row per crate and day — a second evaluation of a
/// day (other inputs) replaces the first.
#[tokio::test]
async fn one_stored_row_per_crate_and_day() {
    let fx = fixture(|_| {}).await;
    let before = fx.store.history("beta").await.unwrap();
    assert_eq!(before.len(), 1);
    let model = cratescope_score::Model::embedded();
    let f = facts("beta", 4);
    save(&fx.store, &cratescope_score::evaluate(&f, &model), &f, 5).await;
    let after = fx.store.history("beta").await.unwrap();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after[0].id, before[0].id, "the newer evaluation is kept");
}

/// Issue 27: every page the server answers passes the Nu Html Checker with
/// 0 errors, the badge is valid SVG with a title; issue 20: each page is
/// snapshotted (the clock is pinned, the evaluations are the fixture's).
#[tokio::test]
async fn every_page_passes_the_nu_html_checker_and_is_snapshotted() {
    let fx = fixture(|c| c.eval_workers = 0).await;
    let app = cratescope_server::router(fx.state.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (uri, name) in [
        ("/", "page_index"),
        ("/crates/alpha", "page_crate"),
        ("/categories/numbers", "page_category"),
        ("/compare?crates=beta,alpha,never-stored", "page_compare"),
        ("/trends", "page_trends"),
        ("/crates/newcomer", "page_queued"),
        ("/no/such/page", "page_not_found"),
    ] {
        let a = get(&app, uri).await;
        assert_whole_page(&a);
        insta::assert_snapshot!(name, a.body);
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, &a.body).unwrap();
        pages.push(file);
    }
    let errors = checkers::vnu(&pages, false);
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let mut badges = Vec::new();
    for (uri, name) in [
        ("/badges/alpha.svg", "badge_alpha"),
        ("/badges/never-stored.svg", "badge_not_evaluated"),
    ] {
        let a = get(&app, uri).await;
        assert!(a.body.contains("<title>maturity: "), "{}", a.body);
        insta::assert_snapshot!(name, a.body);
        let file = dir.path().join(format!("{name}.svg"));
        std::fs::write(&file, &a.body).unwrap();
        badges.push(file);
    }
    let errors = checkers::vnu(&badges, true);
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
