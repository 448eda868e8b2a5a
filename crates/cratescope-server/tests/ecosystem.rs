//! The pages and API answers from the crates.io dump (issue 22) on a small
//! dump in the real layout whose right answers are constructed (the dump
//! crate's `eco_world`: a healthy crate, an abandoned one its dependents
//! migrated away from with a RustSec advisory naming its replacement, an
//! emerging one, an all-yanked one), and a server without a dump.

#[path = "../../cratescope-dump/tests/common/mod.rs"]
mod dumpgen;

#[path = "../../cratescope-report/tests/common/checkers.rs"]
mod checkers;

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use cratescope_engine::{EvalOptions, catalog};
use cratescope_server::{AppState, ServerConfig};
use cratescope_store::{SaveOptions, Store};
use http_body_util::BodyExt;
use jiff::civil::date;
use serde_json::Value;
use tower::ServiceExt;

const NOW: &str = "2026-11-25T12:00:00Z";

const CATALOG: &str = r#"version = 1
[[category]]
id = "numbers"
name = { en = "Numbers", zh = "数字" }
crates = ["alpha"]
"#;

struct Fixture {
    app: Router,
    _dir: tempfile::TempDir,
}

/// A server over a fresh store (with `healthy` evaluated and stored, for
/// the decision matrix) whose options name the dump, or none.
async fn fixture(with_dump: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("s.db").display()))
        .await
        .unwrap();
    let model = cratescope_score::Model::embedded();
    let f = common::facts("healthy", 4);
    let e = cratescope_score::evaluate(&f, &model);
    let digest = cratescope_store::input_digest(&f, &e.model_version).unwrap();
    store
        .save_with_digest(
            &e,
            &digest,
            SaveOptions {
                evaluated_at: NOW.parse().unwrap(),
                backfill: false,
                run: None,
            },
        )
        .await
        .unwrap();
    let mut eval = EvalOptions::new(date(2026, 11, 25));
    eval.offline = true;
    eval.skip_git = true;
    eval.cache_dir = dir.path().join("cache");
    eval.cargo_home = Some(dir.path().join("no-cargo-home"));
    let advisories = dir.path().join("advisory-db");
    let (path, text) = dumpgen::ECO_ADVISORY;
    std::fs::create_dir_all(advisories.join(Path::new(path).parent().unwrap())).unwrap();
    std::fs::write(advisories.join(path), text).unwrap();
    eval.advisory_db = Some(advisories);
    if with_dump {
        let dump = dir.path().join("db-dump.tar.gz");
        dumpgen::write_tar_gz(&dump, dumpgen::TOP, &dumpgen::files(&dumpgen::eco_world()));
        eval.db_dump = Some(dump);
    }
    let mut cfg = ServerConfig::new(eval, catalog::parse(CATALOG).unwrap());
    cfg.now = Some(NOW.parse().unwrap());
    // Nothing is evaluated on demand: the crate pages of crates not stored
    // stay "queued", with their alternatives.
    cfg.eval_workers = 0;
    let app = cratescope_server::router(AppState::new(store, cfg));
    Fixture { app, _dir: dir }
}

struct Answer {
    status: StatusCode,
    body: String,
}

async fn get(app: &Router, uri: &str) -> Answer {
    let mut req = Request::get(uri).body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 7], 4000))));
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET, once the dump is loaded (503 with Retry-After until then).
async fn get_loaded(app: &Router, uri: &str) -> Answer {
    let start = Instant::now();
    loop {
        let a = get(app, uri).await;
        if a.status != StatusCode::SERVICE_UNAVAILABLE || start.elapsed() > Duration::from_secs(120)
        {
            return a;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn json(a: &Answer, uri: &str) -> Vec<Value> {
    assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
    let v: Value =
        serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{uri}: {e}: {}", a.body));
    v.as_array()
        .unwrap_or_else(|| panic!("{uri}: not an array: {v}"))
        .clone()
}

fn crates(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|e| e["crate"].as_str().expect("a crate field").to_string())
        .collect()
}

/// The crates a page's ecosystem table links to, in order.
fn linked(body: &str) -> Vec<String> {
    let Some(start) = body.find("<table class=\"eco\">") else {
        return Vec::new();
    };
    let table = &body[start..start + body[start..].find("</table>").unwrap()];
    table
        .split("href=\"/crates/")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

fn assert_whole_page(a: &Answer) {
    assert!(a.body.starts_with("<!DOCTYPE html>"), "{}", a.body);
    assert!(a.body.trim_end().ends_with("</html>"), "{}", a.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn category_pages_emerging_and_alternatives_from_the_dump() {
    let fx = fixture(true).await;
    let app = &fx.app;

    // The index of categories.
    let index = get_loaded(app, "/category").await;
    assert_eq!(index.status, StatusCode::OK, "{}", index.body);
    assert_whole_page(&index);
    assert!(
        index.body.contains("href=\"/category/parsing\""),
        "{}",
        index.body
    );

    // A category ranked: the healthy crate first, the gated ones last; the
    // page and the API agree on the order.
    let api = json(&get(app, "/api/v1/categories/parsing/rank").await, "rank");
    let order = crates(&api);
    assert_eq!(order.len(), 5, "{order:?}");
    assert_eq!(order[0], "healthy");
    let tail: std::collections::BTreeSet<&str> = order[3..].iter().map(String::as_str).collect();
    assert_eq!(tail, ["allyanked", "oldparse"].into_iter().collect());
    for e in &api[3..] {
        assert_eq!(e["tier"], "avoid", "{}", e["crate"]);
    }
    assert_eq!(api[0]["rank"], 1);
    assert_eq!(api[0]["depth"], "shallow");
    assert_eq!(api[0]["evaluation"]["crate"], "healthy");
    let page = get(app, "/category/parsing").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_whole_page(&page);
    assert_eq!(linked(&page.body), order);
    // Tier, composite, trend and evidence columns.
    for word in [
        "Tier",
        "Composite",
        "Trend",
        "Evidence",
        "RUSTSEC-2025-0001",
    ] {
        assert!(page.body.contains(word), "{word}: {}", page.body);
    }
    // The decision matrix of the stored full evaluations among the first.
    let matrix = &page.body[page.body.find("id=\"decision-matrix\"").unwrap()..];
    assert!(
        matrix.contains("Full evaluations stored for 1 of the first 5 crates"),
        "{matrix}"
    );
    assert!(matrix.contains("healthy"), "{matrix}");
    assert!(!matrix.contains("risingstar"), "{matrix}");

    // The limit is honoured and clamped.
    let two = json(
        &get(app, "/api/v1/categories/parsing/rank?limit=2").await,
        "2",
    );
    assert_eq!(crates(&two), order[..2]);
    let all = json(
        &get(app, "/api/v1/categories/parsing/rank?limit=1000000").await,
        "huge",
    );
    assert_eq!(all.len(), 5);
    let one = get(app, "/category/parsing?limit=1").await;
    assert_eq!(linked(&one.body), order[..1]);

    // An unknown category: a 404 with the closest slugs, page and API.
    let unknown = get(app, "/category/parsin").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_whole_page(&unknown);
    assert!(
        unknown.body.contains("did you mean") && unknown.body.contains("parsing"),
        "{}",
        unknown.body
    );
    let unknown = get(app, "/api/v1/categories/parsin/rank").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let err: Value = serde_json::from_str(&unknown.body).unwrap();
    assert!(
        err["error"].as_str().unwrap().contains("did you mean"),
        "{err}"
    );
    // A slug that is no slug never reaches the dump.
    assert_eq!(
        get(app, "/category/a%3Fb%2F..").await.status,
        StatusCode::BAD_REQUEST
    );

    // Emerging: the rising crate, page and API; a category without one
    // says so, a window the dump cannot measure is a 400.
    let emerging = json(&get(app, "/api/v1/emerging").await, "emerging");
    assert_eq!(crates(&emerging), ["risingstar"]);
    assert_eq!(emerging[0]["category"], "parsing");
    let page = get(app, "/emerging").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_whole_page(&page);
    assert_eq!(linked(&page.body), ["risingstar"]);
    let in_cat = json(
        &get(app, "/api/v1/emerging?category=parsing").await,
        "emerging parsing",
    );
    assert_eq!(crates(&in_cat), ["risingstar"]);
    let none = get(app, "/emerging?category=web-programming").await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.body);
    assert!(linked(&none.body).is_empty());
    assert!(none.body.contains("No crate to list."), "{}", none.body);
    assert_eq!(
        get(app, "/api/v1/emerging?window=7d").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(app, "/emerging?category=nosuch").await.status,
        StatusCode::NOT_FOUND
    );

    // Alternatives to the abandoned crate: the healthy one first, named by
    // the advisory and with the migrations observed.
    let alts = json(
        &get(app, "/api/v1/crates/oldparse/alternatives").await,
        "alternatives",
    );
    assert_eq!(alts[0]["crate"], "healthy");
    assert_eq!(alts[0]["instead_of"], "oldparse");
    assert_eq!(
        alts[0]["evidence"]["named_by_advisories"],
        serde_json::json!(["RUSTSEC-2025-0001"])
    );
    assert!(alts[0]["evidence"]["migrated_owners"].as_u64().unwrap() >= 2);
    let page = get(app, "/crates/oldparse").await;
    assert_eq!(page.status, StatusCode::ACCEPTED, "{}", page.body);
    assert_whole_page(&page);
    let section = &page.body[page.body.find("id=\"alternatives\"").unwrap()..];
    assert_eq!(linked(section), crates(&alts));
    assert!(
        section.contains("named by RUSTSEC-2025-0001") && section.contains("moved here from"),
        "{section}"
    );
    // The healthy crate's own page: stored, and nothing better to offer.
    let page = get(app, "/crates/healthy").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"alternatives\""), "{}", page.body);
    assert!(page.body.contains("No crate to list."), "{}", page.body);
    // A crate the dump does not hold: said on its page, 404 in the API.
    let absent = get(app, "/api/v1/crates/oldpars/alternatives").await;
    assert_eq!(absent.status, StatusCode::NOT_FOUND);
    assert!(absent.body.contains("oldparse"), "{}", absent.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_a_dump_says_so() {
    let fx = fixture(false).await;
    let app = &fx.app;
    for uri in [
        "/category",
        "/category/parsing",
        "/emerging",
        "/emerging?category=parsing",
    ] {
        let a = get_loaded(app, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}: {}", a.body);
        assert_whole_page(&a);
        assert!(
            a.body
                .contains("Nothing from the crates.io dump on this server")
                && a.body.matches("cratescope dump fetch").count() == 1,
            "{uri}: {}",
            a.body
        );
    }
    for uri in [
        "/api/v1/categories/parsing/rank",
        "/api/v1/emerging",
        "/api/v1/crates/healthy/alternatives",
    ] {
        let a = get(app, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}: {}", a.body);
        let v: Value = serde_json::from_str(&a.body).unwrap();
        assert!(
            v["error"].as_str().unwrap().contains("crates.io"),
            "{uri}: {v}"
        );
    }
    // A crate page still shows its card, and says why there are no
    // alternatives.
    let page = get(app, "/crates/healthy").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let section = &page.body[page.body.find("id=\"alternatives\"").unwrap()..];
    assert!(
        section.contains("Nothing from the crates.io dump on this server"),
        "{section}"
    );
}

/// The new pages pass the Nu Html Checker and are snapshotted (the clock
/// is pinned, the dump and the stored card are the fixture's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dump_pages_pass_the_nu_html_checker_and_are_snapshotted() {
    let fx = fixture(true).await;
    let app = &fx.app;
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (uri, name) in [
        ("/category", "eco_index"),
        ("/category/parsing", "eco_category"),
        ("/emerging", "eco_emerging"),
        ("/crates/oldparse", "eco_crate_alternatives"),
        ("/category/parsin", "eco_unknown_category"),
    ] {
        let a = get_loaded(app, uri).await;
        assert_whole_page(&a);
        assert_eq!(
            cratescope_report::html::script_tags(&a.body),
            0,
            "{}",
            a.body
        );
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
}
