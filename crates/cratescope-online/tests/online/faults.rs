//! Faults of the crates.io path (and shared plumbing): each ends in a
//! successful retry or an error naming the source and the reason.

use std::error::Error as _;
use std::time::{Duration, Instant};

use cratescope_http::HttpError;
use cratescope_online::{OnlineClient, OnlineError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{self, cratesio_fixture, en_all};
use crate::crates_io::mount_crate;

const CRATE_PATH: &str = "/api/v1/crates/foo_show";

/// Display of an error and its sources, joined.
fn chain(err: &OnlineError) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

async fn crate_endpoint_answers(template: ResponseTemplate) -> (MockServer, OnlineError) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CRATE_PATH))
        .respond_with(template)
        .mount(&server)
        .await;
    let dir = common::tempdir();
    let err = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap_err();
    (server, err)
}

#[tokio::test]
async fn not_found_and_gone_are_not_found() {
    for status in [404u16, 410] {
        let (server, err) = crate_endpoint_answers(ResponseTemplate::new(status)).await;
        match &err {
            OnlineError::NotFound {
                service, status: s, ..
            } => {
                assert_eq!(*service, "crates.io");
                assert_eq!(*s, status);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.to_string(),
            format!("crate `foo_show` was not found on crates.io (http status {status})")
        );
        // Not-found is final: one request, no retries, no other endpoint.
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn missing_user_agent_is_refused_before_any_request() {
    let server = MockServer::start().await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let mut config = common::config(&server.uri());
    config.user_agent = None;
    let err = OnlineClient::new(common::http(&dir, false), config)
        .crates_io("foo_show", None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            OnlineError::Refused {
                service: "crates.io",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("set CRATESCOPE_USER_AGENT='yourtool (you@example.org)'")
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn forbidden_without_user_agent_names_the_status() {
    // What crates.io answers a client that sends no acceptable User-Agent.
    let (server, err) = crate_endpoint_answers(
        ResponseTemplate::new(403)
            .set_body_string("We require that all requests include a `User-Agent` header."),
    )
    .await;
    match &err {
        OnlineError::Http {
            source: HttpError::Status { status: 403, .. },
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    let text = chain(&err);
    assert!(
        text.starts_with("request to crates.io for crate `foo_show` failed"),
        "{text}"
    );
    assert!(text.contains("http status 403"), "{text}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn too_many_requests_with_short_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CRATE_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let start = Instant::now();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(data.owner_users, Some(2));
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
}

#[tokio::test]
async fn too_many_requests_with_long_retry_after_is_rate_limited() {
    let (server, err) =
        crate_endpoint_answers(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
            .await;
    match &err {
        OnlineError::RateLimited { service, until, .. } => {
            assert_eq!(*service, "crates.io");
            let until = until.expect("until known from Retry-After");
            let wait = until.duration_since(jiff::Timestamp::now()).as_secs();
            assert!((3500..=3600).contains(&wait), "{wait}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("crates.io rate limit reached for crate `foo_show`")
    );
    // No waiting an hour, no retry.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn server_error_then_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CRATE_PATH))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    assert_eq!(data.downloads_total, Some(20));
    assert!(data.partial.is_empty());
}

#[tokio::test]
async fn failing_secondary_endpoint_becomes_a_partial_note() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{CRATE_PATH}/reverse_dependencies")))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    mount_crate(&server, "foo_show", &cratesio_fixture("crate.json")).await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .crates_io("foo_show", None)
        .await
        .unwrap();
    assert_eq!(data.dependents, None);
    assert_eq!(
        en_all(&data.partial),
        vec!["reverse dependencies: http status 500 after 3 retries".to_owned()]
    );
    // The rest still came through.
    assert_eq!(data.owner_teams, Some(2));
}

#[tokio::test]
async fn hung_connection_times_out_quickly() {
    let base = common::hung_server().await;
    let dir = common::tempdir();
    let start = Instant::now();
    let err = common::client(&dir, &base)
        .crates_io("foo_show", None)
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < common::TEST_TIMEOUT * 3,
        "{:?}",
        start.elapsed()
    );
    match &err {
        OnlineError::Http {
            source: HttpError::Timeout { .. },
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert!(chain(&err).contains("timed out"));
}

#[tokio::test]
async fn truncated_body_is_retried_then_reported() {
    let (base, hits) = common::truncating_server().await;
    let dir = common::tempdir();
    let err = common::client(&dir, &base)
        .crates_io("foo_show", None)
        .await
        .unwrap_err();
    match &err {
        OnlineError::Http {
            source: HttpError::Transport { .. },
            service,
            ..
        } => {
            assert_eq!(*service, "crates.io")
        }
        other => panic!("{other:?}"),
    }
    // First attempt plus the HTTP stack's three retries.
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 4);
}

#[tokio::test]
async fn invalid_json_names_the_endpoint() {
    let (_server, err) = crate_endpoint_answers(
        ResponseTemplate::new(200)
            .set_body_raw(b"{\"crate\": {\"id\": ".to_vec(), "application/json"),
    )
    .await;
    assert!(
        matches!(err, OnlineError::InvalidResponse { .. }),
        "{err:?}"
    );
    assert_eq!(
        chain(&err).split(": ").next(),
        Some("invalid response from crates.io for crate `foo_show`")
    );
    assert!(chain(&err).contains("body is not valid json"));
}

#[tokio::test]
async fn json_of_another_shape_is_invalid() {
    let (_server, err) = crate_endpoint_answers(
        ResponseTemplate::new(200).set_body_raw(b"{\"errors\": []}".to_vec(), "application/json"),
    )
    .await;
    assert!(
        chain(&err).contains("body lacks a `crate` object"),
        "{}",
        chain(&err)
    );
}

#[tokio::test]
async fn unreachable_host_fails_fast_for_every_source() {
    let base = common::closed_port().await;
    let dir = common::tempdir();
    let client = common::client(&dir, &base);
    let start = Instant::now();
    let a = client.crates_io("foo_show", None).await.unwrap_err();
    let b = client.github("o", "r", common::as_of()).await.unwrap_err();
    let c = client
        .docs_rs("foo", &semver::Version::new(1, 0, 0), None, common::as_of())
        .await
        .unwrap_err();
    for err in [&a, &b, &c] {
        assert!(matches!(err, OnlineError::Unreachable { .. }), "{err:?}");
    }
    assert!(
        a.to_string()
            .starts_with("crates.io is unreachable (host `127.0.0.1:")
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}
