//! crates.io client against the real crates.io response bodies in
//! testdata/cratesio-api, served at the paths the client calls.

use std::time::{Duration, Instant};

use cratescope_online::{DAYS_PER_MONTH, OnlineClient, OnlineError};
use semver::Version;
use serde_json::Value;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{self, UA, cratesio_fixture, en_all, json};

const INCLUDE: &str = "versions,downloads,keywords,categories,default_version";

fn body(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "application/json")
}

/// Mounts the five endpoints of `name`, the crate endpoint answering `krate`.
pub async fn mount_crate(server: &MockServer, name: &str, krate: &str) {
    let base = format!("/api/v1/crates/{name}");
    Mock::given(method("GET"))
        .and(path(base.clone()))
        .and(query_param("include", INCLUDE))
        .and(header("user-agent", UA))
        .respond_with(body(krate))
        .mount(server)
        .await;
    for (suffix, fixture) in [
        ("downloads", "downloads.json"),
        ("owner_user", "owner_user.json"),
        ("owner_team", "owner_team.json"),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("{base}/{suffix}")))
            .and(header("user-agent", UA))
            .respond_with(body(&cratesio_fixture(fixture)))
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("{base}/reverse_dependencies")))
        .and(query_param("per_page", "1"))
        .and(header("user-agent", UA))
        .respond_with(body(&cratesio_fixture("reverse_dependencies.json")))
        .mount(server)
        .await;
}

fn downloads_sum() -> u64 {
    let d = json(&cratesio_fixture("downloads.json"));
    let rows = d["version_downloads"].as_array().unwrap().iter();
    let extra = d["meta"]["extra_downloads"].as_array().unwrap().iter();
    rows.chain(extra)
        .map(|r| r["downloads"].as_u64().unwrap())
        .sum()
}

fn version_record<'a>(body: &'a Value, num: &str) -> &'a Value {
    body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["num"] == num)
        .unwrap()
}

#[tokio::test]
async fn fixture_numbers_are_read_from_every_endpoint() {
    let server = MockServer::start().await;
    let krate_text = cratesio_fixture("crate.json");
    mount_crate(&server, "foo_show", &krate_text).await;
    let dir = common::tempdir();
    let client = common::client(&dir, &server.uri());
    let data = client
        .crates_io("foo_show", Some(&Version::new(0, 5, 1)))
        .await
        .unwrap();

    let krate = json(&krate_text);
    let c = &krate["crate"];
    assert_eq!(data.downloads_total, c["downloads"].as_u64());
    assert_eq!(data.recent_downloads_90d, c["recent_downloads"].as_u64());
    let per_month = c["recent_downloads"].as_f64().unwrap() * DAYS_PER_MONTH / 90.0;
    assert!((data.downloads_per_month.unwrap() - per_month).abs() < 1e-9);
    // "[date]" placeholders: no usable days, so no trend.
    assert_eq!(data.growth, None);
    let rdeps = json(&cratesio_fixture("reverse_dependencies.json"));
    assert_eq!(data.dependents, rdeps["meta"]["total"].as_u64());
    let users = json(&cratesio_fixture("owner_user.json"));
    let teams = json(&cratesio_fixture("owner_team.json"));
    assert_eq!(
        data.owner_users,
        Some(users["users"].as_array().unwrap().len() as u64)
    );
    assert_eq!(
        data.owner_teams,
        Some(teams["teams"].as_array().unwrap().len() as u64)
    );
    assert_eq!(data.owner_users, Some(2));
    // "[datetime]" placeholder: unknown, not a failure.
    assert_eq!(data.created_at, None);
    assert_eq!(data.description.as_deref(), c["description"].as_str());
    assert_eq!(data.documentation.as_deref(), c["documentation"].as_str());
    assert_eq!(data.repository, None);
    assert_eq!(data.keywords, vec!["kw1".to_owned()]);
    assert!(data.categories.is_empty());
    assert_eq!(data.max_stable_version, Some(Version::new(1, 0, 0)));
    assert_eq!(
        data.versions.len(),
        krate["versions"].as_array().unwrap().len()
    );

    let v = version_record(&krate, "0.5.1");
    assert_eq!(data.evaluated_version, Some(Version::new(0, 5, 1)));
    assert_eq!(
        data.published_by.as_deref(),
        v["published_by"]["login"].as_str()
    );
    assert_eq!(data.published_by.as_deref(), Some("foo"));
    assert_eq!(data.trusted_publishing, Some(false));
    assert_eq!(data.crate_size, v["crate_size"].as_u64());
    assert_eq!(data.has_lib, None);
    assert!(data.partial.is_empty(), "{:?}", data.partial);
    assert!(data.fetched_at.is_some());
    // Five endpoints, nothing else.
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

#[tokio::test]
async fn default_version_is_evaluated_when_none_is_asked() {
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    // crate.json's default_version is 1.0.0, published by nobody recorded.
    assert_eq!(data.evaluated_version, Some(Version::new(1, 0, 0)));
    assert_eq!(data.published_by, None);
}

#[tokio::test]
async fn minimal_crate_falls_back_to_summed_daily_downloads() {
    let server = MockServer::start().await;
    mount_crate(
        &server,
        "foo_show_minimal",
        &cratesio_fixture("crate_include_empty.json"),
    )
    .await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show_minimal", None)
        .await
        .unwrap();
    // recent_downloads is null there: the downloads endpoint's days count.
    assert_eq!(data.recent_downloads_90d, Some(downloads_sum()));
    assert_eq!(data.max_stable_version, None);
    assert!(data.keywords.is_empty());
    // default_version 1.0.0 is not listed (versions: null), and the
    // per-version endpoint is not mounted: a partial note, not a failure.
    assert!(
        en_all(&data.partial)
            .iter()
            .any(|p| p.starts_with("version 1.0.0: not found")),
        "{:?}",
        en_all(&data.partial)
    );
}

#[tokio::test]
async fn unlisted_version_is_fetched_and_trusted_publishing_read() {
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    // A real version record, with the trusted-publishing shape crates.io
    // documents for GitHub.
    let mut record = version_record(&json(&cratesio_fixture("versions.json")), "1.0.0").clone();
    record["num"] = "9.9.9".into();
    record["trustpub_data"] = serde_json::json!({
        "provider": "github", "repository": "foo/foo_show", "run_id": "123", "sha": "abc"
    });
    record["has_lib"] = true.into();
    record["bin_names"] = serde_json::json!(["foo-cli"]);
    Mock::given(method("GET"))
        .and(path("/api/v1/crates/foo_show/9.9.9"))
        .respond_with(body(&serde_json::json!({ "version": record }).to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show", Some(&Version::new(9, 9, 9)))
        .await
        .unwrap();
    assert_eq!(data.trusted_publishing, Some(true));
    assert_eq!(data.has_lib, Some(true));
    assert_eq!(data.bin_names, vec!["foo-cli".to_owned()]);
    assert!(data.partial.is_empty(), "{:?}", data.partial);
}

#[tokio::test]
async fn unknown_new_fields_are_ignored() {
    let mut krate = json(&cratesio_fixture("crate.json"));
    krate["crate"]["brand_new_field"] = serde_json::json!({"nested": [1, 2, 3]});
    krate["versions"][0]["another_new_field"] = "x".into();
    krate["surprise"] = serde_json::json!(null);
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &krate.to_string()).await;
    let plain_server = MockServer::start().await;
    mount_crate(&plain_server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let dir2 = common::tempdir();
    let with_extra = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    let plain = common::client(&dir2, &plain_server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    let strip = |mut d: cratescope_online::CratesIoFacts| {
        d.fetched_at = None;
        d
    };
    assert_eq!(strip(with_extra), strip(plain));
}

#[tokio::test]
async fn requests_are_paced_across_the_process() {
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let mut config = common::config(&server.uri());
    let interval = Duration::from_millis(250);
    config.crates_io_min_interval = interval;
    let client = OnlineClient::new(common::http(&dir, false), config);
    let start = Instant::now();
    client.crates_io("foo_show", None).await.unwrap();
    // Five requests: four gaps of at least the interval.
    assert!(start.elapsed() >= interval * 4, "{:?}", start.elapsed());
}

#[tokio::test]
async fn offline_serves_the_cache_and_fails_clearly_without_it() {
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let online = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    let hits = server.received_requests().await.unwrap().len();

    // Offline, even without a User-Agent (nothing is sent to crates.io).
    let mut config = common::config(&server.uri());
    config.user_agent = None;
    let offline = OnlineClient::new(common::http(&dir, true), config.clone());
    let cached = offline.crates_io("foo_show", None).await.unwrap();
    assert_eq!(cached.owner_users, online.owner_users);
    assert_eq!(cached.dependents, online.dependents);
    assert_eq!(cached.downloads_total, online.downloads_total);
    assert_eq!(server.received_requests().await.unwrap().len(), hits);

    let empty = common::tempdir();
    let err = OnlineClient::new(common::http(&empty, true), config)
        .crates_io("foo_show", None)
        .await
        .unwrap_err();
    assert!(matches!(err, OnlineError::Offline { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "offline and nothing cached for crate `foo_show` from crates.io"
    );
}
