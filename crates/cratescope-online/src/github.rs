//! GitHub REST API: repository state, contributors, commit activity and
//! how maintainers treat issues and pull requests.
//!
//! Reads, per repository, at most `4 + (attempts - 1)` requests so that the
//! 60-per-hour unauthenticated budget covers several crates:
//! - `GET /repos/{o}/{r}` (main call; a 301 rename is followed and the new
//!   `full_name` is used for the rest): stars, forks, archived, fork,
//!   pushed_at, license, open issues (GitHub counts open PRs in it);
//! - `GET .../contributors?per_page=1`: the count is the page number of the
//!   `rel="last"` link (one request whatever the size). Anonymous (email
//!   only) contributors are not counted, like GitHub's own page;
//! - `GET .../stats/commit_activity`: 52 weekly totals; a 202 ("computing")
//!   is asked again a bounded number of times, then the field is given up;
//! - `GET .../issues?state=all&since=<as_of − 365 d>&sort=updated&per_page=100`
//!   and `GET .../issues/comments?sort=created&direction=desc&per_page=100`:
//!   the most recently updated ≤ 100 issues and PRs of the last year, and the
//!   newest ≤ 100 comments. (Both pages are followed further, up to
//!   [`MAX_PAGES_WITH_TOKEN`], only when a token is set.)
//!
//! Proxies (documented because GitHub has no direct figure):
//! - a *maintainer* is a non-bot author whose `author_association` is
//!   OWNER, MEMBER or COLLABORATOR;
//! - an issue's *first response* is the earlier of its first maintainer
//!   comment among the comments read and its `closed_at` (closing is an
//!   answer; a stale-bot close counts too, which we cannot tell apart
//!   without one request per issue);
//! - `issue_response_days` is the median first-response time over issues
//!   opened by non-maintainers in the last year that got one;
//!   `issue_care` is the share of those issues that got one, with their
//!   count (None without any issue: how many issues make the share
//!   meaningful is the model's decision, not this source's);
//! - `pr_closure` is PRs opened in the last year and closed (merged or not)
//!   by `as_of`, over PRs opened, with the opened count;
//! - `maintainer_events_90d` counts maintainer comments and maintainer-
//!   opened issues/PRs in the last 90 days among the items read (a lower
//!   bound for very busy repositories).
//!
//! Rate limits: `x-ratelimit-remaining`/`x-ratelimit-reset` are read on
//! every network answer; once the budget is spent (remaining 0, a 403, or a
//! 429) GitHub is not called again by this client until the reset, and the
//! callers get [`OnlineError::RateLimited`] at once instead of waiting.
//!
//! Deliberately ignored: GraphQL (needs a token), releases and tags (the
//! index and git give versions), stargazer lists, traffic, the search API
//! (separate, smaller budget).

pub use cratescope_model::online::GithubFacts;
use std::collections::HashMap;
use std::time::Duration;

use cratescope_http::{HttpError, HttpRequest, HttpResponse};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use crate::client::{OnlineClient, body_json, check_name, invalid, partial_note};
use crate::error::{InvalidBody, OnlineError, RateHint, What};
use crate::json::{str_of, ts_of, u64_of};
use cratescope_model::{Message, msg};

const SERVICE: &str = "GitHub";

/// Cache lifetime: stars and issues move slowly enough that a few hours old
/// data does not change a maturity verdict, and the budget is small.
pub const GITHUB_TTL: Duration = Duration::from_secs(6 * 3600);
/// GitHub's maximum page size.
pub const PAGE_SIZE: u32 = 100;
/// Pages of issues and of comments read when a token is set (5 000
/// requests/hour leave room); without one, only the first page of each.
pub const MAX_PAGES_WITH_TOKEN: u32 = 3;
/// The "last year" window of issue and PR measures.
pub const YEAR: SignedDuration = SignedDuration::from_hours(365 * 24);
/// The "recent" window of activity measures.
pub const NINETY_DAYS: SignedDuration = SignedDuration::from_hours(90 * 24);

const SECONDS_PER_DAY: f64 = 86_400.0;

/// The process-wide (per client) state of GitHub's budget.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct GithubBudget {
    /// GitHub must not be called until `reset` (or at all, if unknown).
    pub(crate) exhausted: bool,
    /// Last `x-ratelimit-reset` seen.
    pub(crate) reset: Option<Timestamp>,
}

impl OnlineClient {
    /// Reads repository facts for `owner/repo`, measured against `as_of`.
    ///
    /// Fails only if the repository endpoint fails or the rate limit is
    /// already spent; other endpoints' failures are listed in `partial`.
    pub async fn github(
        &self,
        owner: &str,
        repo: &str,
        as_of: Timestamp,
    ) -> Result<GithubFacts, OnlineError> {
        check_name("owner", owner)?;
        check_name("repository", repo)?;
        let what = What::Repository(format!("{owner}/{repo}"));
        let (body, resp) = self
            .github_json(&format!("/repos/{owner}/{repo}"), &what, GITHUB_TTL)
            .await?;
        if !body.is_object() || body.get("full_name").is_none() {
            return Err(invalid(
                SERVICE,
                &what,
                InvalidBody::Shape("a repository object"),
            ));
        }
        let mut data = read_repo(&body);
        data.fetched_at = Some(resp.fetched_at);
        if resp.stale {
            data.partial.push(msg!(
                "online-partial-stale",
                what = what.message(),
                day = resp.fetched_at.to_zoned(jiff::tz::TimeZone::UTC).date()
            ));
        }
        // After a rename GitHub redirects every old path; asking the new
        // name directly saves a hop per request.
        let mut full = format!("{owner}/{repo}");
        if let Some(name) = str_of(&body["full_name"])
            && !name.eq_ignore_ascii_case(&full)
        {
            let valid = name.split_once('/').is_some_and(|(o, r)| {
                check_name("owner", o).is_ok() && check_name("repository", r).is_ok()
            });
            if valid {
                full = name.clone();
            }
            data.renamed_to = Some(name);
        }

        match self.contributors(&full).await {
            Ok(n) => data.contributors = Some(n),
            Err(e) => data.partial.push(self.gh_note(&What::Contributors, &e)),
        }
        match self.commit_activity(&full, as_of).await {
            Ok(Some((d90, w52))) => {
                data.commits_90d = Some(d90);
                data.commits_52w = Some(w52);
            }
            Ok(None) => data.partial.push(msg!(
                "online-partial",
                what = What::CommitActivity.message(),
                why = msg!(
                    "github-still-computing",
                    tries = self.config.github_stats_attempts.max(1)
                )
            )),
            Err(e) => data.partial.push(self.gh_note(&What::CommitActivity, &e)),
        }
        let since = window_start(as_of);
        let issues = self
            .github_pages(
                &format!(
                    "/repos/{full}/issues?state=all&since={since}&sort=updated&direction=desc"
                ),
                &What::Issues,
            )
            .await;
        let comments = self
            .github_pages(
                &format!("/repos/{full}/issues/comments?sort=created&direction=desc&since={since}"),
                &What::IssueComments,
            )
            .await;
        match (issues, comments) {
            (Ok(issues), comments) => {
                let comments = match comments {
                    Ok(c) => c,
                    Err(e) => {
                        data.partial.push(self.gh_note(&What::IssueComments, &e));
                        Vec::new()
                    }
                };
                let m = IssueMeasures::compute(&issues, &comments, as_of);
                data.issue_response_days = m.response_days;
                data.issue_care = m.care;
                data.pr_closure = Some(m.pr_closure);
                data.maintainer_events_90d = Some(m.maintainer_events_90d);
                data.issues_sampled = Some(issues.len() as u64);
            }
            (Err(e), _) => data.partial.push(self.gh_note(&What::Issues, &e)),
        }
        Ok(data)
    }

    fn github_request(&self, path: &str, ttl: Duration) -> HttpRequest {
        let mut req = HttpRequest::new(format!("{}{path}", self.config.github_api))
            .ttl(ttl)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
        if let Some(ua) = &self.config.user_agent {
            req = req.header("User-Agent", ua.as_str());
        }
        if let Some(token) = &self.config.github_token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        req
    }

    /// One GitHub GET with the budget checked before and read after.
    async fn github_get(
        &self,
        path: &str,
        what: &What,
        ttl: Duration,
    ) -> Result<HttpResponse, OnlineError> {
        self.github_budget_left()?;
        match self
            .get(SERVICE, what, &self.github_request(path, ttl))
            .await
        {
            Ok(resp) => {
                if !resp.from_cache {
                    self.observe_rate_limit(&resp);
                }
                Ok(resp)
            }
            Err(OnlineError::Http {
                source: HttpError::Status { status: 403, .. },
                ..
            })
            | Err(OnlineError::RateLimited { .. }) => {
                // For public data a 403 is GitHub's primary or secondary
                // rate limit (the HTTP stack does not hand us its headers).
                self.stop_github(None);
                Err(self.github_exhausted())
            }
            Err(e) => Err(e),
        }
    }

    async fn github_json(
        &self,
        path: &str,
        what: &What,
        ttl: Duration,
    ) -> Result<(Value, HttpResponse), OnlineError> {
        let resp = self.github_get(path, what, ttl).await?;
        let body = body_json(SERVICE, what, &resp)?;
        Ok((body, resp))
    }

    /// Follows `rel="next"` up to the page budget; items of every page.
    async fn github_pages(&self, path: &str, what: &What) -> Result<Vec<Value>, OnlineError> {
        let max_pages = if self.config.github_token.is_some() {
            MAX_PAGES_WITH_TOKEN
        } else {
            1
        };
        let mut items = Vec::new();
        for page in 1..=max_pages {
            let (body, resp) = self
                .github_json(
                    &format!("{path}&per_page={PAGE_SIZE}&page={page}"),
                    what,
                    GITHUB_TTL,
                )
                .await?;
            let Some(list) = body.as_array() else {
                return Err(invalid(SERVICE, what, InvalidBody::Shape("a json array")));
            };
            items.extend(list.iter().cloned());
            let more = resp
                .headers
                .link
                .as_deref()
                .is_some_and(|l| link_target(l, "next").is_some());
            if !more {
                break;
            }
        }
        Ok(items)
    }

    async fn contributors(&self, full: &str) -> Result<u64, OnlineError> {
        let what = &What::Contributors;
        let resp = self
            .github_get(
                &format!("/repos/{full}/contributors?per_page=1"),
                what,
                GITHUB_TTL,
            )
            .await?;
        if resp.status == 204 || resp.body.is_empty() {
            // An empty repository has no contributors list.
            return Ok(0);
        }
        if let Some(last) = resp
            .headers
            .link
            .as_deref()
            .and_then(|l| link_target(l, "last"))
            .and_then(page_param)
        {
            return Ok(last);
        }
        let body = body_json(SERVICE, what, &resp)?;
        body.as_array()
            .map(|a| a.len() as u64)
            .ok_or_else(|| invalid(SERVICE, what, InvalidBody::Shape("a json array")))
    }

    /// `Ok(None)`: GitHub kept answering 202 ("computing").
    async fn commit_activity(
        &self,
        full: &str,
        as_of: Timestamp,
    ) -> Result<Option<(u64, u64)>, OnlineError> {
        let what = &What::CommitActivity;
        let path = format!("/repos/{full}/stats/commit_activity");
        let attempts = self.config.github_stats_attempts.max(1);
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(self.config.github_stats_delay).await;
            }
            // A cached 202 must not be served as fresh on the retries.
            let ttl = if attempt == 0 {
                GITHUB_TTL
            } else {
                Duration::ZERO
            };
            let resp = self.github_get(&path, what, ttl).await?;
            match resp.status {
                202 => continue,
                // An empty repository: no commits.
                204 => return Ok(Some((0, 0))),
                _ => {}
            }
            let body = body_json(SERVICE, what, &resp)?;
            let Some(weeks) = body.as_array() else {
                return Err(invalid(
                    SERVICE,
                    what,
                    InvalidBody::Shape("a json array of weeks"),
                ));
            };
            return Ok(Some(weekly_commits(weeks, as_of)));
        }
        Ok(None)
    }

    fn github_budget_left(&self) -> Result<(), OnlineError> {
        let mut budget = self.github_budget_lock();
        if !budget.exhausted {
            return Ok(());
        }
        if budget.reset.is_some_and(|reset| reset <= Timestamp::now()) {
            budget.exhausted = false;
            return Ok(());
        }
        drop(budget);
        Err(self.github_exhausted())
    }

    fn observe_rate_limit(&self, resp: &HttpResponse) {
        let header = |name: &str| {
            resp.headers
                .ratelimit
                .get(name)
                .map(|v| v.trim().to_owned())
        };
        let reset = header("x-ratelimit-reset")
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(|s| Timestamp::from_second(s).ok());
        let spent = header("x-ratelimit-remaining").is_some_and(|v| v == "0");
        let mut budget = self.github_budget_lock();
        if reset.is_some() {
            budget.reset = reset;
        }
        if spent {
            budget.exhausted = true;
        }
    }

    fn stop_github(&self, reset: Option<Timestamp>) {
        let mut budget = self.github_budget_lock();
        budget.exhausted = true;
        if reset.is_some() {
            budget.reset = reset;
        }
    }

    fn github_exhausted(&self) -> OnlineError {
        let until = self.github_budget_lock().reset;
        let hint = if self.config.github_token.is_some() {
            RateHint::TokenSpent
        } else {
            RateHint::SetToken
        };
        OnlineError::RateLimited {
            service: SERVICE,
            what: None,
            until,
            hint,
        }
    }

    fn github_budget_lock(&self) -> std::sync::MutexGuard<'_, GithubBudget> {
        // The state is two plain fields; a panic elsewhere cannot leave it
        // inconsistent, so a poisoned lock is still usable.
        self.github_stop
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn gh_note(&self, label: &What, error: &OnlineError) -> Message {
        partial_note(label, error, self.http.config().max_retries)
    }

    /// Whether this client has stopped calling GitHub for lack of budget.
    pub fn github_rate_limited(&self) -> bool {
        self.github_budget_left().is_err()
    }
}

fn read_repo(body: &Value) -> GithubFacts {
    GithubFacts {
        stars: u64_of(&body["stargazers_count"]),
        forks: u64_of(&body["forks_count"]),
        archived: body["archived"].as_bool(),
        fork: body["fork"].as_bool(),
        pushed_at: ts_of(&body["pushed_at"]),
        license_spdx: str_of(&body["license"]["spdx_id"]).filter(|s| s != "NOASSERTION"),
        open_issues: u64_of(&body["open_issues_count"]),
        ..GithubFacts::default()
    }
}

/// `as_of − 365 d`, truncated to the day so the URL (the cache key) is
/// stable within a day.
fn window_start(as_of: Timestamp) -> String {
    let start = as_of.checked_sub(YEAR).unwrap_or(as_of);
    start.strftime("%Y-%m-%dT00:00:00Z").to_string()
}

/// The URL of the `rel` link in a `Link` header.
fn link_target<'a>(link: &'a str, rel: &str) -> Option<&'a str> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_rel = params.split(';').any(|p| {
            p.trim().trim_start_matches("rel=").trim_matches('"') == rel && p.contains("rel=")
        });
        is_rel.then(|| url.trim().trim_start_matches('<').trim_end_matches('>'))
    })
}

/// The `page` query parameter of a URL.
fn page_param(url: &str) -> Option<u64> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|v| v.parse().ok())
}

/// Commits in weeks starting in the 90 days up to `as_of`, and in the 52
/// weeks up to `as_of`. Weeks after `as_of` are left out so that a past
/// `as_of` does not count later commits (GitHub only has the last year).
fn weekly_commits(weeks: &[Value], as_of: Timestamp) -> (u64, u64) {
    let (mut d90, mut w52) = (0u64, 0u64);
    for week in weeks {
        let (Some(start), Some(total)) = (
            week["week"]
                .as_i64()
                .and_then(|s| Timestamp::from_second(s).ok()),
            u64_of(&week["total"]),
        ) else {
            continue;
        };
        let age = as_of.duration_since(start);
        if age.is_negative() || age >= YEAR {
            continue;
        }
        w52 = w52.saturating_add(total);
        if age < NINETY_DAYS {
            d90 = d90.saturating_add(total);
        }
    }
    (d90, w52)
}

fn is_maintainer(item: &Value) -> bool {
    let bot = item["user"]["type"].as_str() == Some("Bot")
        || item["user"]["login"]
            .as_str()
            .is_some_and(|l| l.ends_with("[bot]"));
    !bot && matches!(
        item["author_association"].as_str(),
        Some("OWNER" | "MEMBER" | "COLLABORATOR")
    )
}

/// The issue number at the end of a comment's `issue_url`.
fn issue_number(comment: &Value) -> Option<u64> {
    comment["issue_url"]
        .as_str()?
        .rsplit('/')
        .next()?
        .parse()
        .ok()
}

#[derive(Debug, PartialEq)]
struct IssueMeasures {
    response_days: Option<f64>,
    care: Option<(f64, u64)>,
    pr_closure: (f64, u64),
    maintainer_events_90d: u64,
}

impl IssueMeasures {
    fn compute(items: &[Value], comments: &[Value], as_of: Timestamp) -> Self {
        let in_window = |t: Timestamp, window: SignedDuration| {
            let age = as_of.duration_since(t);
            !age.is_negative() && age < window
        };
        // Earliest maintainer comment per issue number, up to as_of.
        let mut first_reply: HashMap<u64, Timestamp> = HashMap::new();
        let mut events = 0u64;
        for c in comments.iter().filter(|c| is_maintainer(c)) {
            let (Some(n), Some(at)) = (issue_number(c), ts_of(&c["created_at"])) else {
                continue;
            };
            if at > as_of {
                continue;
            }
            if in_window(at, NINETY_DAYS) {
                events += 1;
            }
            first_reply
                .entry(n)
                .and_modify(|t| *t = (*t).min(at))
                .or_insert(at);
        }
        let (mut issues, mut answered, mut waits) = (0u64, 0u64, Vec::new());
        let (mut prs_opened, mut prs_closed) = (0u64, 0u64);
        for item in items {
            let Some(created) = ts_of(&item["created_at"]) else {
                continue;
            };
            let by_maintainer = is_maintainer(item);
            if by_maintainer && in_window(created, NINETY_DAYS) {
                events += 1;
            }
            if !in_window(created, YEAR) {
                continue;
            }
            let closed = ts_of(&item["closed_at"]).filter(|t| *t <= as_of);
            if item.get("pull_request").is_some_and(|p| !p.is_null()) {
                prs_opened += 1;
                prs_closed += u64::from(closed.is_some());
                continue;
            }
            if by_maintainer {
                // A maintainer's own issue is a to-do note, not a request
                // that waits for care.
                continue;
            }
            issues += 1;
            let reply = u64_of(&item["number"])
                .and_then(|n| first_reply.get(&n).copied())
                .filter(|t| *t >= created);
            let response = match (reply, closed) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(at) = response {
                answered += 1;
                waits.push(at.duration_since(created).as_secs_f64() / SECONDS_PER_DAY);
            }
        }
        IssueMeasures {
            response_days: median(&mut waits),
            // Reported whenever there is an issue: the model's minimum
            // decides whether the share says anything.
            care: (issues > 0).then(|| (answered as f64 / issues as f64, issues)),
            pr_closure: if prs_opened == 0 {
                (0.0, 0)
            } else {
                (prs_closed as f64 / prs_opened as f64, prs_opened)
            },
            maintainer_events_90d: events,
        }
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AS_OF: &str = "2026-11-25T12:00:00Z";

    fn as_of() -> Timestamp {
        AS_OF.parse().unwrap()
    }

    fn days_ago(d: i64) -> String {
        as_of()
            .checked_sub(SignedDuration::from_hours(24 * d))
            .unwrap()
            .to_string()
    }

    #[test]
    fn link_header_gives_last_page() {
        let link = r#"<https://api.github.com/repositories/1/contributors?per_page=1&page=2>; rel="next", <https://api.github.com/repositories/1/contributors?per_page=1&page=187>; rel="last""#;
        assert_eq!(link_target(link, "last").and_then(page_param), Some(187));
        assert!(link_target(link, "next").is_some());
        assert_eq!(link_target(link, "prev"), None);
        assert_eq!(page_param("https://x/y?per_page=1"), None);
    }

    #[test]
    fn weeks_are_counted_against_as_of() {
        let week = |d: i64, total: u64| {
            let s = as_of()
                .checked_sub(SignedDuration::from_hours(24 * d))
                .unwrap();
            json!({"week": s.as_second(), "total": total, "days": [0,0,0,0,0,0,0]})
        };
        let weeks = vec![
            week(3, 5),    // recent
            week(80, 7),   // recent
            week(100, 11), // in the year only
            week(400, 13), // older than a year
            week(-7, 17),  // after as_of
            json!({"week": "bad", "total": 1}),
        ];
        assert_eq!(weekly_commits(&weeks, as_of()), (12, 23));
    }

    #[test]
    fn issue_measures_follow_the_documented_proxies() {
        let member = json!({"type": "User", "login": "m"});
        let user = json!({"type": "User", "login": "u"});
        let bot = json!({"type": "Bot", "login": "stale[bot]"});
        let items = vec![
            // answered by a maintainer comment after 2 days (closed later)
            json!({"number": 1, "created_at": days_ago(30), "closed_at": days_ago(10), "author_association": "NONE", "user": user}),
            // closed after 4 days without comment
            json!({"number": 2, "created_at": days_ago(50), "closed_at": days_ago(46), "author_association": "NONE", "user": user}),
            // open, only a bot comment: no response
            json!({"number": 3, "created_at": days_ago(20), "closed_at": null, "author_association": "CONTRIBUTOR", "user": user}),
            // maintainer's own issue: not counted in care, counted as event
            json!({"number": 4, "created_at": days_ago(5), "closed_at": null, "author_association": "OWNER", "user": member}),
            // older than a year: ignored
            json!({"number": 5, "created_at": days_ago(400), "closed_at": days_ago(1), "author_association": "NONE", "user": user}),
            // PRs: one closed, one open, one old
            json!({"number": 6, "created_at": days_ago(60), "closed_at": days_ago(59), "pull_request": {"url": "x"}, "author_association": "NONE", "user": user}),
            json!({"number": 7, "created_at": days_ago(10), "closed_at": null, "pull_request": {"url": "x"}, "author_association": "NONE", "user": user}),
            json!({"number": 8, "created_at": days_ago(500), "closed_at": days_ago(499), "pull_request": {"url": "x"}}),
        ];
        let comments = vec![
            json!({"issue_url": "https://api.github.com/repos/o/r/issues/1", "created_at": days_ago(28), "author_association": "MEMBER", "user": member}),
            json!({"issue_url": "https://api.github.com/repos/o/r/issues/3", "created_at": days_ago(19), "author_association": "MEMBER", "user": bot}),
            json!({"issue_url": "https://api.github.com/repos/o/r/issues/3", "created_at": days_ago(18), "author_association": "NONE", "user": user}),
        ];
        let m = IssueMeasures::compute(&items, &comments, as_of());
        // waits: 2 days (issue 1) and 4 days (issue 2) → median 3
        assert!((m.response_days.unwrap() - 3.0).abs() < 1e-9, "{m:?}");
        let (share, n) = m.care.unwrap();
        assert_eq!(n, 3);
        assert!((share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.pr_closure, (0.5, 2));
        // one maintainer comment + one maintainer-opened issue in 90 days
        assert_eq!(m.maintainer_events_90d, 2);
    }

    #[test]
    fn care_is_reported_from_one_issue_and_absent_without_any() {
        let items = vec![json!({"number": 1, "created_at": days_ago(3), "closed_at": days_ago(2)})];
        let m = IssueMeasures::compute(&items, &[], as_of());
        // One answered issue: the share and the count; the model decides
        // whether one issue is enough to judge.
        assert_eq!(m.care, Some((1.0, 1)));
        assert!((m.response_days.unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(m.pr_closure, (0.0, 0));
        let m = IssueMeasures::compute(&[], &[], as_of());
        assert_eq!(m.care, None);
        assert_eq!(m.response_days, None);
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
