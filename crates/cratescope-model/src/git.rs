//! What the repository history says: authors, activity, tags, CI, fuzzing,
//! security policy. Filled by `cratescope-git`; read by the signals.

use jiff::Timestamp;

use crate::message::Message;
use serde::{Deserialize, Serialize};

/// One human author (after `.mailmap`) and their non-merge commits in the
/// 12-month window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorCount {
    /// Author name after `.mailmap` resolution.
    pub name: String,
    /// Author email after `.mailmap` resolution.
    pub email: String,
    /// Non-merge commits by this author in the window.
    pub commits: u32,
}

/// A published version and the tag that marks it in the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionTag {
    /// The version as the caller passed it.
    pub version: String,
    /// The tag's short name, e.g. `v1.2.3` or `serde-1.2.3`.
    pub tag: String,
}

/// Everything the repository says about a crate's maturity.
///
/// Windows: "12 months" is the 365 days ending at `as_of`, "90 days" the 90
/// days ending at `as_of`, both inclusive at each end, by committer date.
/// Commits dated after `as_of` are ignored everywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GitFacts {
    /// The instant all windows end at.
    pub as_of: Timestamp,
    /// Hex id of the commit `HEAD` pointed to when the repository was read.
    pub head: String,
    /// The branch `HEAD` names (e.g. `refs/heads/main`); `None` when detached.
    pub head_ref: Option<String>,
    /// Hex id of the newest first-parent ancestor of `HEAD` committed at or
    /// before `as_of`: the snapshot the file facts (CI, fuzzing, policy) read.
    pub snapshot_commit: Option<String>,
    /// The crate's directory inside the repository, when it is not the root.
    pub path_in_vcs: Option<String>,
    /// `true` when `path_in_vcs` is a subdirectory: commit and author counts
    /// are then restricted to commits touching it, while `first_commit`,
    /// `last_commit`, tags, CI and security policy describe the whole
    /// repository and are shared with its other crates.
    pub shared: bool,
    /// The clone is shallow: history stops at a boundary, so the first commit
    /// and long windows may be incomplete.
    pub shallow: bool,
    /// Human authors in the 12-month window, most commits first, then by
    /// name and email.
    pub authors_12m: Vec<AuthorCount>,
    /// Number of distinct human authors (name and email after `.mailmap`, as
    /// `git shortlog -sne` groups them) in the 12-month window.
    pub active_authors_12m: u32,
    /// Fewest authors whose commits make at least half of the human commits
    /// in the 12-month window (CHAOSS "bus factor"); `None` with no commits.
    pub absence_factor_12m: Option<u32>,
    /// Human (non-bot) non-merge commits in the 12-month window.
    pub human_commits_12m: u32,
    /// Bot commits left out of the author counts in the 12-month window.
    pub bot_commits_excluded: u32,
    /// Non-merge commits in the 90-day window, bots included (as `git log`).
    pub commits_90d: u32,
    /// Human non-merge commits in the 90-day window.
    pub human_commits_90d: u32,
    /// Non-merge commits in the 365-day window, bots included (as `git log`).
    pub commits_365d: u32,
    /// Non-merge commits reachable from `HEAD` up to `as_of`, repository-wide.
    pub total_commits: u32,
    /// Committer date of the oldest commit reachable from `HEAD` (repository-wide).
    pub first_commit: Option<Timestamp>,
    /// Committer date of the newest commit at or before `as_of` (repository-wide).
    pub last_commit: Option<Timestamp>,
    /// Committer date of the newest non-merge commit touching `path_in_vcs`
    /// at or before `as_of`; `None` without a subdirectory or without such a commit.
    pub last_path_commit: Option<Timestamp>,
    /// The published commit the caller passed (from `.cargo_vcs_info.json`).
    pub vcs_sha: Option<String>,
    /// Whether that commit exists in the repository; `None` when no sha was passed.
    pub vcs_sha_in_history: Option<bool>,
    /// Whether that commit is reachable from `HEAD`; `None` when no sha was passed.
    pub vcs_sha_on_head: Option<bool>,
    /// Versions that have a release tag, in the caller's order.
    pub version_tags: Vec<VersionTag>,
    /// Number of versions the caller passed.
    pub total_versions: u32,
    /// CI configuration files (GitHub workflows first, then other services).
    pub ci_workflows: Vec<String>,
    /// CI files that run benchmarks, each with the line that shows it (`path: line`).
    pub bench_ci_evidence: Vec<String>,
    /// Whether any CI file runs benchmarks.
    pub bench_ci: bool,
    /// Whether any CI file compiles or runs the benchmarks (`cargo bench`,
    /// also `--no-run`, or a cargo command with `--benches`,
    /// `--all-targets` or `--bench`). Facts recorded before it read false.
    #[serde(default)]
    pub bench_build_ci: bool,
    /// Fuzz target source files in a cargo-fuzz / libfuzzer-sys fuzz crate.
    pub fuzz_targets: Vec<String>,
    /// Path of the security policy, if any (the crate's directory first,
    /// then GitHub's lookup order: root, `.github/`, `docs/`).
    pub security_policy: Option<String>,
    /// Benchmark sources in the crate's directory (`benches/*.rs` and
    /// `benches/*/main.rs`), as repository paths.
    #[serde(default)]
    pub bench_files: Vec<String>,
    /// Example sources in the crate's directory (`examples/*.rs` and
    /// `examples/*/main.rs`), as repository paths.
    #[serde(default)]
    pub example_files: Vec<String>,
    /// The changelog (CHANGELOG, CHANGES, RELEASES, NEWS, HISTORY) in the
    /// crate's directory, else at the repository root.
    #[serde(default)]
    pub changelog: Option<String>,
    /// CI files that run fuzzing, each with the line that shows it.
    #[serde(default)]
    pub fuzz_ci_evidence: Vec<String>,
    /// Whether any CI file runs fuzzing (cargo-fuzz, ClusterFuzzLite, OSS-Fuzz).
    #[serde(default)]
    pub fuzz_ci: bool,
    /// CI files that run cargo-semver-checks, each with the line that shows it.
    #[serde(default)]
    pub semver_checks_ci_evidence: Vec<String>,
    /// Whether any CI file runs cargo-semver-checks.
    #[serde(default)]
    pub semver_checks_ci: bool,
    /// Things that did not stop the analysis but limit it.
    #[serde(default, deserialize_with = "crate::message::messages_or_text")]
    pub warnings: Vec<Message>,
}

impl GitFacts {
    /// Number of versions with a release tag.
    pub fn tagged_versions(&self) -> u32 {
        u32::try_from(self.version_tags.len()).unwrap_or(u32::MAX)
    }

    /// Commits of the top `absence_factor_12m` authors, the numerator of the
    /// absence-factor evidence.
    fn top_author_commits(&self) -> u32 {
        let n = self.absence_factor_12m.unwrap_or(0) as usize;
        self.authors_12m.iter().take(n).map(|a| a.commits).sum()
    }

    /// "4 authors in the last 12 months; 2 of them made 61% of 41 commits".
    pub fn authors_evidence(&self) -> String {
        let scope = self.scope_phrase();
        match self.absence_factor_12m {
            None => format!("no human commits{scope} in the last 12 months"),
            Some(top) => {
                let pct = percent(self.top_author_commits(), self.human_commits_12m);
                let bots = if self.bot_commits_excluded > 0 {
                    format!(" ({} bot commits excluded)", self.bot_commits_excluded)
                } else {
                    String::new()
                };
                format!(
                    "{} author{}{scope} in the last 12 months; {top} of them made {pct}% of {} commits{bots}",
                    self.active_authors_12m,
                    plural(self.active_authors_12m),
                    self.human_commits_12m,
                )
            }
        }
    }

    /// "12 commits in the last 90 days, 80 in the last 365 days".
    pub fn activity_evidence(&self) -> String {
        format!(
            "{} commit{}{} in the last 90 days, {} in the last 365 days",
            self.commits_90d,
            plural(self.commits_90d),
            self.scope_phrase(),
            self.commits_365d
        )
    }

    /// "7 of 9 versions have a release tag (e.g. v1.0.2)".
    pub fn tags_evidence(&self) -> String {
        let example = self
            .version_tags
            .last()
            .map(|t| format!(" (e.g. {})", t.tag))
            .unwrap_or_default();
        format!(
            "{} of {} versions have a release tag{example}",
            self.tagged_versions(),
            self.total_versions
        )
    }

    fn scope_phrase(&self) -> String {
        match (&self.path_in_vcs, self.shared) {
            (Some(p), true) => format!(" touching `{p}`"),
            _ => String::new(),
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Rounded percentage; 0 when the whole is 0.
fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        return 0;
    }
    let scaled = (u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole);
    u32::try_from(scaled).unwrap_or(u32::MAX)
}
