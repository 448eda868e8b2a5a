//! docs.rs client: built, failed, pending and unknown releases.

use cratescope_online::OnlineError;
use jiff::{SignedDuration, Timestamp};
use semver::Version;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{self, as_of, en, own_fixture};

const STATUS: &str = "/crate/itoa/1.0.19/status.json";

async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn fixture(name: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(own_fixture(name).into_bytes(), "application/json")
}

fn published(hours_before_as_of: i64) -> Option<Timestamp> {
    as_of()
        .checked_sub(SignedDuration::from_hours(hours_before_as_of))
        .ok()
}

async fn ask(
    server: &MockServer,
    published: Option<Timestamp>,
) -> Result<cratescope_online::DocsRsFacts, OnlineError> {
    let dir = common::tempdir();
    common::client(&dir, &server.uri())
        .docs_rs("itoa", &Version::new(1, 0, 19), published, as_of())
        .await
}

#[tokio::test]
async fn built_docs_are_built() {
    let server = serve(fixture("docs_rs/status_built.json")).await;
    let data = ask(&server, published(2)).await.unwrap();
    assert_eq!(data.built, Some(true));
    assert!(data.fetched_at.is_some());
}

#[tokio::test]
async fn failed_build_of_an_old_release_is_false() {
    let server = serve(fixture("docs_rs/status_failed.json")).await;
    assert_eq!(
        ask(&server, published(48)).await.unwrap().built,
        Some(false)
    );
    // Publish time unknown: docs.rs' answer stands.
    assert_eq!(ask(&server, None).await.unwrap().built, Some(false));
}

#[tokio::test]
async fn false_for_a_release_under_a_day_old_is_unknown() {
    let server = serve(fixture("docs_rs/status_failed.json")).await;
    let data = ask(&server, published(3)).await.unwrap();
    assert_eq!(data.built, None);
    assert!(en(&data.note.unwrap()).contains("not built itoa 1.0.19 yet"));
}

#[tokio::test]
async fn unknown_release_is_unknown_with_reason() {
    let server = MockServer::start().await;
    let data = ask(&server, published(48)).await.unwrap();
    assert_eq!(data.built, None);
    assert_eq!(
        data.note.as_ref().map(en).as_deref(),
        Some("docs.rs does not know itoa 1.0.19 (http status 404)")
    );
}

#[tokio::test]
async fn answer_for_another_version_is_unknown() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(
        br#"{"version":"1.0.20","doc_status":true}"#.to_vec(),
        "application/json",
    ))
    .await;
    let data = ask(&server, published(48)).await.unwrap();
    assert_eq!(data.built, None);
    assert!(en(&data.note.unwrap()).contains("1.0.20"));
}

#[tokio::test]
async fn invalid_status_body_is_an_error() {
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(b"<html>".to_vec(), "text/html")).await;
    let err = ask(&server, published(48)).await.unwrap_err();
    assert!(
        matches!(
            err,
            OnlineError::InvalidResponse {
                service: "docs.rs",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid response from docs.rs for docs of `itoa` 1.0.19"
    );
}
