//! [`OnlineClient`] and [`OnlineConfig`]: the shared plumbing of the three
//! online sources (URLs, policy, error mapping, GitHub's rate-limit stop).
//!
//! Every request goes through [`cratescope_http::HttpClient`], which owns
//! caching, retries, `Retry-After`, pacing and offline mode. This module
//! only decides *what* to ask and turns transport outcomes into
//! [`OnlineError`]s or short `partial` notes. It never prints and never
//! sleeps except where a source says so (GitHub's 202 "computing" answers).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cratescope_http::endpoints;
use cratescope_http::{HttpClient, HttpError, HttpRequest, HttpResponse};
use jiff::Timestamp;
use serde_json::Value;

use crate::error::{InvalidBody, OnlineError, RateHint, What};
use crate::github::GithubBudget;
use crate::json;
use cratescope_model::{Message, msg};

/// crates.io's data-access policy: at most one request per second.
pub const CRATES_IO_MIN_INTERVAL: Duration = Duration::from_secs(1);
/// How many times `/stats/commit_activity` is asked in total while GitHub
/// answers 202 ("computing"): GitHub usually has the statistics within a
/// few seconds; beyond that we give up on this one field rather than spend
/// more of the 60-requests-per-hour unauthenticated budget.
pub const GITHUB_STATS_ATTEMPTS: u32 = 4;
/// Pause between two `/stats/commit_activity` attempts after a 202.
pub const GITHUB_STATS_DELAY: Duration = Duration::from_secs(2);

/// Where and how the online sources are called.
#[derive(Debug, Clone)]
pub struct OnlineConfig {
    /// crates.io web API base, without trailing slash.
    pub crates_io_api: String,
    /// GitHub REST API base, without trailing slash.
    pub github_api: String,
    /// docs.rs base, without trailing slash.
    pub docs_rs: String,
    /// User-Agent with a contact for crates.io and GitHub; the default
    /// ([`endpoints::DEFAULT_USER_AGENT`]) names the tool, its version and its
    /// repository, and `CRATESCOPE_USER_AGENT` replaces it. Set to None,
    /// crates.io is not called at all (its policy requires one).
    pub user_agent: Option<String>,
    /// GitHub token (from `GITHUB_TOKEN`), sent as `Authorization: Bearer`.
    pub github_token: Option<String>,
    /// Minimum spacing of crates.io API requests across the process.
    pub crates_io_min_interval: Duration,
    /// Attempts at `/stats/commit_activity` while GitHub answers 202.
    pub github_stats_attempts: u32,
    /// Pause between those attempts.
    pub github_stats_delay: Duration,
}

impl Default for OnlineConfig {
    fn default() -> Self {
        OnlineConfig {
            crates_io_api: endpoints::CRATES_IO_API.to_owned(),
            github_api: endpoints::GITHUB_API.to_owned(),
            docs_rs: endpoints::DOCS_RS.to_owned(),
            user_agent: Some(endpoints::DEFAULT_USER_AGENT.to_owned()),
            github_token: None,
            crates_io_min_interval: CRATES_IO_MIN_INTERVAL,
            github_stats_attempts: GITHUB_STATS_ATTEMPTS,
            github_stats_delay: GITHUB_STATS_DELAY,
        }
    }
}

/// Client for the crates.io API, GitHub and docs.rs.
///
/// Clones share the HTTP client (pacing, unreachable hosts) and GitHub's
/// rate-limit stop, so a process should build one and clone it.
#[derive(Debug, Clone)]
pub struct OnlineClient {
    pub(crate) http: HttpClient,
    pub(crate) config: OnlineConfig,
    /// GitHub's budget as last seen; once spent, GitHub is not called
    /// until the reset passes.
    pub(crate) github_stop: Arc<Mutex<GithubBudget>>,
}

impl OnlineClient {
    /// A client over an existing HTTP stack (its offline mode and cache are
    /// honoured as they are).
    pub fn new(http: HttpClient, mut config: OnlineConfig) -> Self {
        for base in [
            &mut config.crates_io_api,
            &mut config.github_api,
            &mut config.docs_rs,
        ] {
            while base.ends_with('/') {
                base.pop();
            }
        }
        OnlineClient {
            http,
            config,
            github_stop: Arc::new(Mutex::new(GithubBudget::default())),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &OnlineConfig {
        &self.config
    }

    /// GET through the HTTP stack, mapping failures to [`OnlineError`].
    pub(crate) async fn get(
        &self,
        service: &'static str,
        what: &What,
        req: &HttpRequest,
    ) -> Result<HttpResponse, OnlineError> {
        self.http
            .get(req)
            .await
            .map_err(|e| map_http_error(service, what, e))
    }
}

/// Parses a response body as JSON, naming the endpoint on failure.
pub(crate) fn body_json(
    service: &'static str,
    what: &What,
    resp: &HttpResponse,
) -> Result<Value, OnlineError> {
    json::parse(&resp.body).map_err(|e| invalid(service, what, InvalidBody::Json(e)))
}

pub(crate) fn invalid(service: &'static str, what: &What, source: InvalidBody) -> OnlineError {
    OnlineError::InvalidResponse {
        service,
        endpoint: what.clone(),
        source,
    }
}

fn map_http_error(service: &'static str, what: &What, error: HttpError) -> OnlineError {
    match error {
        HttpError::NotFound { status, .. } => OnlineError::NotFound {
            service,
            what: what.clone(),
            status,
        },
        HttpError::Unreachable { host } => OnlineError::Unreachable { service, host },
        HttpError::Offline { .. } => OnlineError::Offline {
            service,
            what: what.clone(),
        },
        HttpError::RateLimited { retry_after, .. } => {
            let until = retry_after.and_then(|d| {
                jiff::SignedDuration::try_from(d)
                    .ok()
                    .and_then(|d| Timestamp::now().checked_add(d).ok())
            });
            OnlineError::RateLimited {
                service,
                what: Some(what.clone()),
                until,
                hint: RateHint::Wait,
            }
        }
        source => OnlineError::Http {
            service,
            endpoint: what.clone(),
            source,
        },
    }
}

/// `14:05 UTC`, or the full date when the instant is not today.
pub(crate) fn clock(t: Timestamp) -> String {
    let today = Timestamp::now().strftime("%F").to_string();
    if t.strftime("%F").to_string() == today {
        t.strftime("%H:%M UTC").to_string()
    } else {
        t.strftime("%F %H:%M UTC").to_string()
    }
}

/// A note for a secondary endpoint that failed, e.g. "reverse
/// dependencies: http status 500 after 3 retries".
pub(crate) fn partial_note(what: &What, error: &OnlineError, max_retries: u32) -> Message {
    let why = match error {
        OnlineError::NotFound { status, .. } => {
            msg!("online-partial-not-found", status = u64::from(*status))
        }
        OnlineError::Http {
            source: HttpError::Status { status, .. },
            ..
        } if *status >= 500 => msg!(
            "online-partial-status-after-retries",
            status = u64::from(*status),
            retries = max_retries
        ),
        OnlineError::Http {
            source: HttpError::Transport { .. },
            ..
        } => msg!(
            "online-partial-transport-after-retries",
            retries = max_retries
        ),
        OnlineError::Http { source, .. } => source.message(),
        other => other.message(),
    };
    msg!("online-partial", what = what.message(), why = why)
}

/// Whether a crate name, owner, repository or version can go into a URL
/// path as is (crates.io and GitHub names only use these characters;
/// `+` appears in version build metadata).
pub(crate) fn check_name(kind: &'static str, name: &str) -> Result<(), OnlineError> {
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'));
    if ok {
        Ok(())
    } else {
        Err(OnlineError::InvalidName {
            kind,
            name: name.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_escape_the_path_are_rejected() {
        assert!(check_name("crate", "serde_json").is_ok());
        assert!(check_name("version", "1.0.0+build.5").is_ok());
        assert!(check_name("crate", "../etc").is_err());
        assert!(check_name("crate", "a/b").is_err());
        assert!(check_name("crate", "a?b").is_err());
        assert!(check_name("crate", "").is_err());
        assert!(check_name("repository", "..").is_err());
    }
}
