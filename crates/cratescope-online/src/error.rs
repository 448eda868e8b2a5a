//! Errors of the online sources.
//!
//! Each variant says which service (crates.io, GitHub, docs.rs) and which
//! object failed, so the caller can show "source unavailable: reason"
//! without adding context. Only the *main* call of a source ends in an
//! error; secondary endpoints that fail are reported as `partial` notes in
//! the data instead (see [`crate::CratesIoFacts::partial`]).

use cratescope_http::HttpError;
use cratescope_model::{Arg, Message, msg};
use jiff::Timestamp;

/// What was asked of a service: the object of a failure or a partial note.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum What {
    /// A crate's main record.
    Crate(String),
    /// One version of a crate.
    Version(String),
    /// A crate's docs build at a version.
    Docs(String, String),
    /// A repository `owner/name`.
    Repository(String),
    /// Daily downloads.
    Downloads,
    /// Reverse dependencies.
    ReverseDependencies,
    /// User owners.
    UserOwners,
    /// Team owners.
    TeamOwners,
    /// Contributors.
    Contributors,
    /// Weekly commit activity.
    CommitActivity,
    /// Issues and pull requests.
    Issues,
    /// Issue comments.
    IssueComments,
}

impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Crate(n) => write!(f, "crate `{n}`"),
            What::Version(v) => write!(f, "version {v}"),
            What::Docs(n, v) => write!(f, "docs of `{n}` {v}"),
            What::Repository(r) => write!(f, "repository `{r}`"),
            What::Downloads => f.write_str("downloads"),
            What::ReverseDependencies => f.write_str("reverse dependencies"),
            What::UserOwners => f.write_str("user owners"),
            What::TeamOwners => f.write_str("team owners"),
            What::Contributors => f.write_str("contributors"),
            What::CommitActivity => f.write_str("commit activity"),
            What::Issues => f.write_str("issues"),
            What::IssueComments => f.write_str("issue comments"),
        }
    }
}

impl What {
    /// The object, for a user.
    pub fn message(&self) -> Message {
        match self {
            What::Crate(n) => msg!("online-what-crate", krate = Arg::krate(n.clone())),
            What::Version(v) => msg!("online-what-version", version = Arg::version(v)),
            What::Docs(n, v) => msg!(
                "online-what-docs",
                krate = Arg::krate(n.clone()),
                version = Arg::version(v)
            ),
            What::Repository(r) => msg!("online-what-repository", repo = Arg::code(r.clone())),
            What::Downloads => msg!("online-what-downloads"),
            What::ReverseDependencies => msg!("online-what-reverse-dependencies"),
            What::UserOwners => msg!("online-what-user-owners"),
            What::TeamOwners => msg!("online-what-team-owners"),
            What::Contributors => msg!("online-what-contributors"),
            What::CommitActivity => msg!("online-what-commit-activity"),
            What::Issues => msg!("online-what-issues"),
            What::IssueComments => msg!("online-what-issue-comments"),
        }
    }
}

/// What a rate-limited service lets the user do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateHint {
    /// Wait for the reset.
    Wait,
    /// Set `GITHUB_TOKEN` for a larger budget.
    SetToken,
    /// The token's budget is spent too.
    TokenSpent,
}

/// Why a service was not called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// crates.io asks every API client for a contact User-Agent and none
    /// is configured.
    NoUserAgent,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NoUserAgent => f.write_str(crate::crates_io::USER_AGENT_HINT),
        }
    }
}

/// What a call to an online source can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OnlineError {
    /// The service answered 404/410/451: the object does not exist there
    /// (or may not be served).
    #[error("{what} was not found on {service} (http status {status})")]
    NotFound {
        /// "crates.io", "GitHub" or "docs.rs".
        service: &'static str,
        /// The object.
        what: What,
        /// The status received.
        status: u16,
    },
    /// The host could not be connected to (now or earlier in this process).
    #[error("{service} is unreachable (host `{host}`)")]
    Unreachable {
        /// "crates.io", "GitHub" or "docs.rs".
        service: &'static str,
        /// The host that failed.
        host: String,
    },
    /// The service's rate limit is spent; we stopped calling it instead of
    /// waiting.
    #[error("{service} rate limit reached{}{}", what.as_ref().map(|w| format!(" for {w}")).unwrap_or_default(), rate_tail(*until, *hint))]
    RateLimited {
        /// "crates.io" or "GitHub".
        service: &'static str,
        /// What was being asked when the limit was met (None: the budget
        /// was spent before).
        what: Option<What>,
        /// When the budget comes back, if the service said.
        until: Option<Timestamp>,
        /// What the user can do.
        hint: RateHint,
    },
    /// We refused to call the service (policy, not a failure of the service).
    #[error("refused to call {service}: {reason}")]
    Refused {
        /// The service we did not call.
        service: &'static str,
        /// Why, and how to fix it.
        reason: Refusal,
    },
    /// Offline mode is on and nothing is cached for this request.
    #[error("offline and nothing cached for {what} from {service}")]
    Offline {
        /// The service.
        service: &'static str,
        /// The object.
        what: What,
    },
    /// The body could not be read as the expected JSON (truncated, invalid,
    /// or of another shape).
    #[error("invalid response from {service} for {endpoint}")]
    InvalidResponse {
        /// The service.
        service: &'static str,
        /// The object asked for.
        endpoint: What,
        /// What was wrong.
        #[source]
        source: InvalidBody,
    },
    /// A name that cannot be put into a URL path safely.
    #[error("invalid {kind} name `{name}`")]
    InvalidName {
        /// "crate", "owner", "repository" or "version".
        kind: &'static str,
        /// The name as given.
        name: String,
    },
    /// Any other HTTP failure (timeout, 5xx after retries, transport error).
    #[error("request to {service} for {endpoint} failed")]
    Http {
        /// The service.
        service: &'static str,
        /// The object asked for.
        endpoint: What,
        /// The underlying failure.
        #[source]
        source: HttpError,
    },
}

fn rate_tail(until: Option<Timestamp>, hint: RateHint) -> String {
    let mut s = String::new();
    if let Some(t) = until {
        s.push_str(&format!("; retry after {}", crate::client::clock(t)));
    }
    match hint {
        RateHint::Wait => {}
        RateHint::SetToken => s.push_str("; set GITHUB_TOKEN"),
        RateHint::TokenSpent => s.push_str("; the token's budget is spent"),
    }
    s
}

impl OnlineError {
    /// What a user reads when the main call of a source failed.
    pub fn message(&self) -> Message {
        match self {
            OnlineError::NotFound {
                service,
                what,
                status,
            } => msg!(
                "online-not-found",
                what = what.message(),
                service = Arg::text(*service),
                status = u64::from(*status)
            ),
            OnlineError::Unreachable { service, host } => msg!(
                "online-unreachable",
                service = Arg::text(*service),
                host = Arg::code(host.clone())
            ),
            OnlineError::RateLimited {
                service,
                what,
                until,
                hint,
            } => {
                let at = until.map(|t| Arg::text(crate::client::clock(t)));
                let head = match (what, at) {
                    (Some(what), None) => msg!(
                        "online-rate-limited-for",
                        service = Arg::text(*service),
                        what = what.message()
                    ),
                    (Some(what), Some(at)) => msg!(
                        "online-rate-limited-for-until",
                        service = Arg::text(*service),
                        what = what.message(),
                        at = at
                    ),
                    (None, None) => msg!("online-rate-exhausted", service = Arg::text(*service)),
                    (None, Some(at)) => msg!(
                        "online-rate-exhausted-until",
                        service = Arg::text(*service),
                        at = at
                    ),
                };
                let mut parts = vec![head];
                match hint {
                    RateHint::Wait => {}
                    RateHint::SetToken => parts.push(msg!("online-hint-set-token")),
                    RateHint::TokenSpent => parts.push(msg!("online-hint-token-spent")),
                }
                if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    msg!("clauses", parts = Arg::clauses(parts))
                }
            }
            OnlineError::Refused { service, reason } => match reason {
                Refusal::NoUserAgent => msg!(
                    "online-refused-no-user-agent",
                    service = Arg::text(*service),
                    variable = Arg::code("CRATESCOPE_USER_AGENT")
                ),
            },
            OnlineError::Offline { service, what } => msg!(
                "online-offline",
                what = what.message(),
                service = Arg::text(*service)
            ),
            OnlineError::InvalidResponse {
                service,
                endpoint,
                source,
            } => msg!(
                "online-invalid-response",
                service = Arg::text(*service),
                what = endpoint.message(),
                why = source.message()
            ),
            OnlineError::InvalidName { kind, name } => msg!(
                "online-invalid-name",
                kind = Arg::id(*kind),
                name = Arg::code(name.clone())
            ),
            OnlineError::Http {
                service,
                endpoint,
                source,
            } => msg!(
                "online-http",
                service = Arg::text(*service),
                what = endpoint.message(),
                why = source.message()
            ),
        }
    }
}

impl InvalidBody {
    /// What was wrong with a body, for a user (the JSON parser's words
    /// verbatim).
    pub fn message(&self) -> Message {
        match self {
            InvalidBody::Json(e) => msg!("online-body-not-json", why = Arg::text(e.to_string())),
            InvalidBody::Shape(what) => msg!("online-body-lacks", what = Arg::code(*what)),
        }
    }
}

/// Why a body was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidBody {
    /// Not JSON at all (or cut off).
    #[error("body is not valid json")]
    Json(#[from] serde_json::Error),
    /// JSON, but without the part we need.
    #[error("body lacks {0}")]
    Shape(&'static str),
}
