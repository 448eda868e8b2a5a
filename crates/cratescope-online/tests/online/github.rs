//! GitHub client against recorded-shape bodies (tests/fixtures/github).

use cratescope_online::{OnlineClient, OnlineError};
use jiff::Timestamp;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{self, as_of, en, en_all, json, own_fixture};

/// Pages of contributors (`per_page=1`) the Link header announces.
const CONTRIBUTOR_PAGES: u64 = 25;

fn body(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "application/json")
}

fn repo_body(full_name: &str) -> String {
    let mut repo = json(&own_fixture("github/repo.json"));
    repo["full_name"] = full_name.into();
    repo.to_string()
}

/// Mounts every endpoint for `full` except the repository itself.
async fn mount_secondary(server: &MockServer, full: &str) {
    let base = format!("/repos/{full}");
    let link = format!(
        "<{uri}/repositories/61420281/contributors?per_page=1&page=2>; rel=\"next\", \
         <{uri}/repositories/61420281/contributors?per_page=1&page={CONTRIBUTOR_PAGES}>; rel=\"last\"",
        uri = server.uri()
    );
    Mock::given(method("GET"))
        .and(path(format!("{base}/contributors")))
        .and(query_param("per_page", "1"))
        .respond_with(
            body(&own_fixture("github/contributors.json")).insert_header("Link", link.as_str()),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/stats/commit_activity")))
        .respond_with(body(&own_fixture("github/commit_activity.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/issues")))
        .and(query_param("state", "all"))
        .and(query_param("since", "2025-11-25T00:00:00Z"))
        .respond_with(body(&own_fixture("github/issues.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/issues/comments")))
        .respond_with(body(&own_fixture("github/issue_comments.json")))
        .mount(server)
        .await;
}

async fn mount_repo(server: &MockServer, full: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/repos/{full}")))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .respond_with(body(&repo_body(full)))
        .mount(server)
        .await;
    mount_secondary(server, full).await;
}

/// Commits in the fixture's weeks that start within `days` before as_of.
fn fixture_commits(days: i64) -> u64 {
    let weeks = json(&own_fixture("github/commit_activity.json"));
    weeks
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| {
            let start = Timestamp::from_second(w["week"].as_i64().unwrap()).unwrap();
            let age = as_of().duration_since(start);
            !age.is_negative() && age.as_hours() < days * 24
        })
        .map(|w| w["total"].as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn fixture_repository_is_read_with_documented_proxies() {
    let server = MockServer::start().await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    let repo = json(&own_fixture("github/repo.json"));
    assert_eq!(data.stars, repo["stargazers_count"].as_u64());
    assert_eq!(data.forks, repo["forks_count"].as_u64());
    assert_eq!(data.open_issues, repo["open_issues_count"].as_u64());
    assert_eq!(data.archived, Some(false));
    assert_eq!(data.fork, Some(false));
    assert_eq!(data.license_spdx.as_deref(), Some("Apache-2.0"));
    assert_eq!(
        data.pushed_at,
        Some("2026-11-09T01:44:10Z".parse().unwrap())
    );
    assert_eq!(data.renamed_to, None);
    assert_eq!(data.contributors, Some(CONTRIBUTOR_PAGES));
    assert_eq!(data.commits_90d, Some(fixture_commits(90)));
    assert_eq!(data.commits_52w, Some(fixture_commits(365)));
    assert!(data.commits_52w > data.commits_90d);
    let items = json(&own_fixture("github/issues.json"));
    assert_eq!(
        data.issues_sampled,
        Some(items.as_array().unwrap().len() as u64)
    );
    // Worked by hand from the fixtures (module docs' proxies):
    // issues by non-maintainers: #71 (no answer), #69 (owner comment after
    // 0.5 d), #68 (owner comment after 2 d; the bot's earlier one does not
    // count), #65 (closed after 1 d) → care 3/4, median wait 1 d.
    assert_eq!(data.issue_care, Some((0.75, 4)));
    assert!((data.issue_response_days.unwrap() - 1.0).abs() < 1e-9);
    // PRs #70, #67, #66 closed, #64 open.
    assert_eq!(data.pr_closure, Some((0.75, 4)));
    // Owner comments on #68 and #69, owner-opened PR #67.
    assert_eq!(data.maintainer_events_90d, Some(3));
    assert!(data.partial.is_empty(), "{:?}", data.partial);

    // No token: no Authorization header on any request.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5);
    assert!(
        requests
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("x-github-api-version").is_some())
    );
}

#[tokio::test]
async fn token_is_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa"))
        .and(header("authorization", "Bearer ghp_test"))
        .respond_with(body(&repo_body("dtolnay/itoa")))
        .mount(&server)
        .await;
    mount_secondary(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let mut config = common::config(&server.uri());
    config.github_token = Some("ghp_test".to_owned());
    let data = OnlineClient::new(common::http(&dir, false), config)
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    assert_eq!(data.stars, Some(349));
}

#[tokio::test]
async fn renamed_repository_is_followed_and_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/olduser/oldname"))
        .respond_with(ResponseTemplate::new(301).insert_header(
            "Location",
            format!("{}/repos/dtolnay/itoa", server.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .github("olduser", "oldname", as_of())
        .await
        .unwrap();
    assert_eq!(data.renamed_to.as_deref(), Some("dtolnay/itoa"));
    // The final answer's data, and the rest asked under the new name.
    assert_eq!(data.stars, Some(349));
    assert_eq!(data.contributors, Some(CONTRIBUTOR_PAGES));
    assert!(data.partial.is_empty(), "{:?}", data.partial);
}

#[tokio::test]
async fn not_found_repository_is_not_found() {
    let server = MockServer::start().await;
    let dir = common::tempdir();
    let err = common::client(&dir, &server.uri())
        .github("nobody", "nothing", as_of())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            OnlineError::NotFound {
                service: "GitHub",
                status: 404,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "repository `nobody/nothing` was not found on GitHub (http status 404)"
    );
}

#[tokio::test]
async fn statistics_still_computing_are_given_up_after_bounded_tries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa/stats/commit_activity"))
        .respond_with(ResponseTemplate::new(202).set_body_string("{}"))
        .mount(&server)
        .await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    assert_eq!(data.commits_90d, None);
    assert_eq!(
        en_all(&data.partial),
        vec!["commit activity: still being computed by GitHub after 3 tries".to_owned()]
    );
    let stats_hits = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("/stats/commit_activity"))
        .count();
    assert_eq!(stats_hits, 3);
    // The other measures are unaffected.
    assert_eq!(data.contributors, Some(CONTRIBUTOR_PAGES));
}

#[tokio::test]
async fn statistics_computed_on_a_later_try_are_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa/stats/commit_activity"))
        .respond_with(ResponseTemplate::new(202))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    assert_eq!(data.commits_52w, Some(fixture_commits(365)));
    assert!(data.partial.is_empty(), "{:?}", data.partial);
}

#[tokio::test]
async fn spent_budget_stops_all_later_github_calls() {
    let server = MockServer::start().await;
    let reset = Timestamp::now().as_second() + 3600;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa"))
        .respond_with(
            body(&repo_body("dtolnay/itoa"))
                .insert_header("x-ratelimit-limit", "60")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
        )
        .mount(&server)
        .await;
    mount_secondary(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let client = common::client(&dir, &server.uri());
    let data = client.github("dtolnay", "itoa", as_of()).await.unwrap();
    // The answer that spent the budget is still used...
    assert_eq!(data.stars, Some(349));
    // ...but nothing else was asked.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert!(
        en_all(&data.partial)
            .iter()
            .all(|p| p.contains("GitHub rate limit exhausted")),
        "{:?}",
        en_all(&data.partial)
    );
    assert_eq!(data.partial.len(), 3);
    assert!(client.github_rate_limited());

    // A later call (clones share the stop) fails at once, without a request.
    let err = client
        .clone()
        .github("rust-lang", "cargo", as_of())
        .await
        .unwrap_err();
    match &err {
        OnlineError::RateLimited { service, .. } => {
            assert_eq!(*service, "GitHub");
            let message = en(&err.message());
            assert!(
                message.starts_with("GitHub rate limit exhausted until "),
                "{message}"
            );
            assert!(message.ends_with(" UTC; set GITHUB_TOKEN"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn forbidden_is_taken_as_spent_budget() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string(r#"{"message":"API rate limit exceeded for 127.0.0.1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}"#)
                .insert_header("x-ratelimit-remaining", "0"),
        )
        .mount(&server)
        .await;
    let dir = common::tempdir();
    let client = common::client(&dir, &server.uri());
    let err = client.github("dtolnay", "itoa", as_of()).await.unwrap_err();
    assert!(matches!(err, OnlineError::RateLimited { .. }), "{err:?}");
    assert!(err.to_string().contains("set GITHUB_TOKEN"));
    let again = client.github("dtolnay", "itoa", as_of()).await.unwrap_err();
    assert!(
        matches!(again, OnlineError::RateLimited { .. }),
        "{again:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn offline_without_cache_is_offline() {
    let dir = common::tempdir();
    let client = OnlineClient::new(
        common::http(&dir, true),
        common::config("http://127.0.0.1:9"),
    );
    let err = client.github("dtolnay", "itoa", as_of()).await.unwrap_err();
    assert!(
        matches!(
            err,
            OnlineError::Offline {
                service: "GitHub",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn too_many_requests_stops_github_without_waiting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let dir = common::tempdir();
    let client = common::client(&dir, &server.uri());
    let start = std::time::Instant::now();
    let err = client.github("dtolnay", "itoa", as_of()).await.unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    assert!(
        matches!(
            err,
            OnlineError::RateLimited {
                service: "GitHub",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(client.github_rate_limited());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn failing_contributors_endpoint_is_a_partial_note() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/dtolnay/itoa/contributors"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let data = common::client(&dir, &server.uri())
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    assert_eq!(data.contributors, None);
    assert_eq!(
        en_all(&data.partial),
        vec!["contributors: http status 502 after 3 retries".to_owned()]
    );
    assert_eq!(data.issue_care, Some((0.75, 4)));
}

#[tokio::test]
async fn offline_replays_the_cached_answers() {
    let server = MockServer::start().await;
    mount_repo(&server, "dtolnay/itoa").await;
    let dir = common::tempdir();
    let online = common::client(&dir, &server.uri())
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    let hits = server.received_requests().await.unwrap().len();
    let offline = OnlineClient::new(common::http(&dir, true), common::config(&server.uri()))
        .github("dtolnay", "itoa", as_of())
        .await
        .unwrap();
    assert_eq!(offline.stars, online.stars);
    assert_eq!(offline.commits_52w, online.commits_52w);
    assert_eq!(offline.pr_closure, online.pr_closure);
    assert!(offline.partial.is_empty(), "{:?}", offline.partial);
    assert_eq!(server.received_requests().await.unwrap().len(), hits);
}
