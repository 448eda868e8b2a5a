//! What the web APIs say: crates.io (usage, owners), GitHub (stars,
//! archived, issue care) and docs.rs (whether the docs built). Filled by
//! `cratescope-online`; read by the signals.

use jiff::Timestamp;
use semver::Version;
use serde::{Deserialize, Serialize};

/// One version as listed by the crate endpoint (a fallback for publish
/// dates when the index has no `pubtime`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiVersion {
    /// Version number as published.
    pub num: String,
    /// Publish time (unknown when missing or unparsable).
    pub created_at: Option<Timestamp>,
    /// Yanked.
    pub yanked: bool,
}

/// What the crates.io API says about a crate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CratesIoFacts {
    /// All-time downloads.
    pub downloads_total: Option<u64>,
    /// Downloads in the last 90 days (crates.io's own figure, else the sum
    /// of the daily downloads).
    pub recent_downloads_90d: Option<u64>,
    /// `recent_downloads_90d` per mean month.
    pub downloads_per_month: Option<f64>,
    /// Downloads of the most recent 45 days over the 45 days before: the
    /// best quarter-over-quarter proxy 90 days of data allow. None when the
    /// crate is younger than 90 days, the older half had no downloads, or
    /// the days carry no usable dates.
    pub growth: Option<f64>,
    /// Crates whose default version depends on this one (`meta.total`).
    pub dependents: Option<u64>,
    /// User owners.
    pub owner_users: Option<u64>,
    /// Team owners.
    pub owner_teams: Option<u64>,
    /// Crate creation time.
    pub created_at: Option<Timestamp>,
    /// Description.
    pub description: Option<String>,
    /// Repository URL as declared.
    pub repository: Option<String>,
    /// Homepage URL.
    pub homepage: Option<String>,
    /// Documentation URL.
    pub documentation: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Category slugs.
    pub categories: Vec<String>,
    /// Highest stable version.
    pub max_stable_version: Option<Version>,
    /// The version whose facts follow (the requested one, else the crate's
    /// default version).
    pub evaluated_version: Option<Version>,
    /// The evaluated version was published through trusted publishing
    /// (`trustpub_data` non-null); None when the API did not say.
    pub trusted_publishing: Option<bool>,
    /// Login of the evaluated version's publisher.
    pub published_by: Option<String>,
    /// Size of the evaluated version's `.crate` file in bytes.
    pub crate_size: Option<u64>,
    /// The evaluated version has a library target.
    pub has_lib: Option<bool>,
    /// The evaluated version's binaries.
    pub bin_names: Vec<String>,
    /// Versions as listed by the crate endpoint.
    pub versions: Vec<ApiVersion>,
    /// When the main answer was fetched (older than now when served stale).
    pub fetched_at: Option<Timestamp>,
    /// Secondary endpoints that failed, one note each, e.g.
    /// "reverse dependencies: http status 500 after 3 retries".
    #[serde(default, deserialize_with = "crate::message::messages_or_text")]
    pub partial: Vec<crate::message::Message>,
}

/// What the GitHub API says about a repository.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GithubFacts {
    /// Stars.
    pub stars: Option<u64>,
    /// Forks.
    pub forks: Option<u64>,
    /// Archived (read-only).
    pub archived: Option<bool>,
    /// The repository is itself a fork.
    pub fork: Option<bool>,
    /// Last push to any branch.
    pub pushed_at: Option<Timestamp>,
    /// License SPDX id (None for none or `NOASSERTION`).
    pub license_spdx: Option<String>,
    /// Open issues plus open PRs (GitHub's `open_issues_count`).
    pub open_issues: Option<u64>,
    /// Contributors with a GitHub account.
    pub contributors: Option<u64>,
    /// Commits in the weeks starting in the 90 days before `as_of`.
    pub commits_90d: Option<u64>,
    /// Commits in the 52 weeks up to `as_of`.
    pub commits_52w: Option<u64>,
    /// Median days to a first maintainer response (see module docs).
    pub issue_response_days: Option<f64>,
    /// Share of last year's issues with a maintainer response, with the
    /// issue count (None without issues; the model decides how many make
    /// the share meaningful).
    pub issue_care: Option<(f64, u64)>,
    /// Closed / opened PRs in 12 months, with the opened count (0.0 when
    /// none were opened: the count says so).
    pub pr_closure: Option<(f64, u64)>,
    /// Maintainer comments and maintainer-opened issues/PRs in 90 days.
    pub maintainer_events_90d: Option<u64>,
    /// Issues and PRs read for the measures above (a sample when the
    /// repository had more updates in the year than the pages read).
    pub issues_sampled: Option<u64>,
    /// The repository's current `owner/name` when it was renamed or moved.
    pub renamed_to: Option<String>,
    /// When the repository answer was fetched.
    pub fetched_at: Option<Timestamp>,
    /// Secondary endpoints that failed, one note each.
    #[serde(default, deserialize_with = "crate::message::messages_or_text")]
    pub partial: Vec<crate::message::Message>,
}

/// What docs.rs says about one release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocsRsFacts {
    /// Docs built; None when unknown (release under a day old, or docs.rs
    /// does not know the release).
    pub built: Option<bool>,
    /// Why `built` is None, when it is.
    #[serde(default, deserialize_with = "crate::message::message_or_text")]
    pub note: Option<crate::message::Message>,
    /// When the answer was fetched.
    pub fetched_at: Option<Timestamp>,
}
