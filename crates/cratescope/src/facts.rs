//! Facts: everything the sources found about one crate, as plain data.
//!
//! Sources fill these structs (see `collect.rs`); signals read them and never
//! fetch. A field that is `None` means the source that feeds it did not answer;
//! the reason lives in [`Facts::sources`], so a signal can say *why* it is
//! unavailable rather than scoring it 0.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use semver::Version;
use serde::{Deserialize, Serialize};

/// Stable ids of the data sources, as shown in the card's `sources` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceId {
    /// The registry index (sparse HTTP, or cargo's local `.cache`).
    Index,
    /// The published `.crate` file.
    Tarball,
    /// The crate's git repository.
    Git,
    /// The RustSec advisory database.
    Advisories,
    /// The crates.io web API.
    CratesIo,
    /// The GitHub REST API.
    Github,
    /// docs.rs build status.
    DocsRs,
    /// A user-supplied benchmark results file.
    Benchmarks,
    /// The crates.io database dump.
    Dump,
    /// The catalog of crates (for cross-catalog signals).
    Catalog,
}

impl SourceId {
    /// The stable kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceId::Index => "index",
            SourceId::Tarball => "tarball",
            SourceId::Git => "git",
            SourceId::Advisories => "advisories",
            SourceId::CratesIo => "crates-io",
            SourceId::Github => "github",
            SourceId::DocsRs => "docs-rs",
            SourceId::Benchmarks => "benchmarks",
            SourceId::Dump => "dump",
            SourceId::Catalog => "catalog",
        }
    }
}

/// How a source answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    /// Read fresh.
    Ok,
    /// Could not be read; the reason says why.
    Unavailable,
    /// Read from a cache because the source could not be reached, or the data is old.
    Stale,
}

/// What happened when one source was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Which source.
    pub id: SourceId,
    /// Ok, unavailable or stale.
    pub status: SourceState,
    /// Why it is unavailable or stale; or a note ("cargo's local cache").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the data was fetched from its origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<Timestamp>,
}

impl SourceRecord {
    /// A source read successfully.
    pub fn ok(id: SourceId, fetched_at: Option<Timestamp>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Ok,
            reason: None,
            fetched_at,
        }
    }
    /// A source that could not be read.
    pub fn unavailable(id: SourceId, reason: impl Into<String>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Unavailable,
            reason: Some(reason.into()),
            fetched_at: None,
        }
    }
    /// The same record with a note ("cargo's local cache", "cached copy, 3 hours old").
    pub fn noted(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
    /// A source served from an old copy.
    pub fn stale(id: SourceId, reason: impl Into<String>, fetched_at: Option<Timestamp>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Stale,
            reason: Some(reason.into()),
            fetched_at,
        }
    }
}

/// Kind of a dependency edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// `[dependencies]`
    Normal,
    /// `[build-dependencies]`
    Build,
    /// `[dev-dependencies]`
    Dev,
}

/// One dependency of a release, as the index lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepFact {
    /// The real crate name (the index's `package` when renamed).
    pub name: String,
    /// The name the manifest uses for it (features refer to this), when renamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The version requirement.
    pub req: String,
    /// Normal, build or dev.
    pub kind: DepKind,
    /// Optional (feature-gated) dependency.
    pub optional: bool,
    /// Platform-specific (`target = ...`).
    pub target: Option<String>,
}

/// One published version, from the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseFact {
    /// The version.
    pub version: Version,
    /// Publish time (`pubtime`), when the index records it.
    pub published: Option<Timestamp>,
    /// Yanked.
    pub yanked: bool,
    /// Declared `rust-version`.
    pub rust_version: Option<String>,
    /// `links` key.
    pub links: Option<String>,
    /// Dependencies of every kind.
    pub deps: Vec<DepFact>,
    /// Feature table (features2 merged).
    pub features: BTreeMap<String, Vec<String>>,
}

/// What the analysis of the published `.crate` found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PackageFacts {
    /// `.crate` size in bytes.
    pub crate_size: u64,
    /// Manifest description.
    pub description: Option<String>,
    /// Manifest `documentation`.
    pub documentation: Option<String>,
    /// Manifest `homepage`.
    pub homepage: Option<String>,
    /// Manifest `repository`.
    pub repository: Option<String>,
    /// SPDX license expression.
    pub license: Option<String>,
    /// `license-file` (no SPDX expression).
    pub license_file: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Categories.
    pub categories: Vec<String>,
    /// Edition (e.g. "2021").
    pub edition: Option<String>,
    /// Declared `rust-version`.
    pub rust_version: Option<String>,
    /// `[badges] maintenance.status`.
    pub maintenance_badge: Option<String>,
    /// Has a build script.
    pub build_script: bool,
    /// Has a `links` key.
    pub links: Option<String>,
    /// No library target (binary-only crate).
    pub binary_only: bool,
    /// `[[bench]]` targets or `benches/`.
    pub benches: bool,
    /// The benchmark harness dev-dependencies found (criterion, divan…).
    pub bench_harnesses: Vec<String>,
    /// `examples/` or `[[example]]`.
    pub examples: bool,
    /// `tests/` present.
    pub tests: bool,
    /// CHANGELOG-like file present (its path).
    pub changelog: Option<String>,
    /// SECURITY.md in the package.
    pub security_policy: Option<String>,
    /// Fuzz targets in the package.
    pub fuzz_targets: Vec<String>,
    /// CI workflow files in the package.
    pub ci_workflows: Vec<String>,
    /// A packaged workflow runs benchmarks.
    pub bench_ci: bool,
    /// Dependencies that are optional or feature-gated and belong to the known integration set.
    pub integrations: Vec<String>,
    /// Uses `#![feature(...)]` (nightly only).
    pub nightly_features: bool,
    /// Public items rustdoc would count.
    pub public_items: u64,
    /// Of those, documented.
    pub documented_items: u64,
    /// Of those, with a code block in their docs.
    pub items_with_examples: u64,
    /// Length of the crate-level docs, chars.
    pub crate_doc_chars: u64,
    /// `unsafe` blocks.
    pub unsafe_blocks: u64,
    /// `unsafe fn`s.
    pub unsafe_fns: u64,
    /// `unsafe impl`s.
    pub unsafe_impls: u64,
    /// `unsafe trait`s.
    pub unsafe_traits: u64,
    /// `#![forbid(unsafe_code)]` at the crate root.
    pub forbids_unsafe: bool,
    /// `#![no_std]` (possibly under `cfg_attr`).
    pub no_std: bool,
    /// Lines of Rust source analysed.
    pub rust_lines: u64,
    /// Files that failed to parse (path: error).
    pub parse_failures: Vec<String>,
    /// README present (its path).
    pub readme: Option<String>,
    /// README quality in [0, 1].
    pub readme_score: f64,
    /// README text length without badges, chars.
    pub readme_chars: u64,
    /// README code blocks.
    pub readme_code_blocks: u64,
    /// README sections.
    pub readme_sections: u64,
    /// First Rust code block of the README (quick-start).
    pub readme_snippet: Option<String>,
    /// `.cargo_vcs_info.json` sha.
    pub vcs_sha: Option<String>,
    /// `.cargo_vcs_info.json` path_in_vcs.
    pub path_in_vcs: Option<String>,
}

/// Repository history facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GitFacts {
    /// Distinct human authors in 12 months.
    pub active_authors_12m: u64,
    /// Fewest authors making ≥ 50% of the commits in 12 months (0 when no commits).
    pub absence_factor_12m: u64,
    /// Commits in the last 90 days (crate path when a monorepo).
    pub commits_90d: u64,
    /// Commits in the last 365 days.
    pub commits_365d: u64,
    /// Top authors in 12 months, (name, commits), most first.
    pub top_authors: Vec<(String, u64)>,
    /// First commit time.
    pub first_commit: Option<Timestamp>,
    /// Last commit time (≤ as_of).
    pub last_commit: Option<Timestamp>,
    /// Repository-wide facts shared with other crates (monorepo).
    pub shared: bool,
    /// The published VCS sha is in history.
    pub vcs_sha_in_history: Option<bool>,
    /// Versions with a release tag, of all versions.
    pub tagged_versions: Option<(u64, u64)>,
    /// CI workflows in the repository.
    pub ci_workflows: Vec<String>,
    /// A workflow runs benchmarks.
    pub bench_ci: bool,
    /// Fuzz targets in the repository.
    pub fuzz_targets: Vec<String>,
    /// Security policy path.
    pub security_policy: Option<String>,
    /// The clone is shallow (windows may be incomplete).
    pub shallow: bool,
}

/// One advisory that concerns the evaluated crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFact {
    /// RUSTSEC id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Advisory date.
    pub date: Date,
    /// `vulnerability`, `unmaintained`, `unsound`, `notice` or another informational kind.
    pub kind: String,
    /// Affects the evaluated version.
    pub affects_evaluated: bool,
    /// Days from the advisory to the first patched release, when there is one.
    pub patch_days: Option<i64>,
}

/// Advisory database facts for the crate (and its tree, when known).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFacts {
    /// Active (not withdrawn) advisories for this crate dated ≤ as_of.
    pub advisories: Vec<AdvisoryFact>,
    /// Advisories affecting the resolved dependency tree (None when the tree is unknown).
    pub tree_advisories: Option<Vec<String>>,
    /// Why the tree is unknown, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_note: Option<String>,
    /// Age of the database in days at as_of, when known.
    pub db_age_days: Option<i64>,
}

/// crates.io API facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CratesIoFacts {
    /// All-time downloads.
    pub downloads_total: Option<u64>,
    /// Downloads per month over the last 90 days.
    pub downloads_per_month: Option<f64>,
    /// This quarter's downloads over last quarter's.
    pub growth: Option<f64>,
    /// Direct reverse dependencies.
    pub dependents: Option<u64>,
    /// User owners.
    pub owner_users: Option<u64>,
    /// Team owners.
    pub owner_teams: Option<u64>,
    /// Crate creation date.
    pub created_at: Option<Timestamp>,
    /// Latest version published through trusted publishing.
    pub trusted_publishing: Option<bool>,
    /// Distinct owners among reverse dependencies (dump).
    pub dependent_owners: Option<u64>,
    /// Transitive reverse dependencies (dump).
    pub indirect_dependents: Option<u64>,
}

/// GitHub API facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GithubFacts {
    /// Stars.
    pub stars: Option<u64>,
    /// Archived.
    pub archived: bool,
    /// Median days to first maintainer response on recent issues.
    pub issue_response_days: Option<f64>,
    /// Closed / opened PRs in 12 months, with the opened count.
    pub pr_closure: Option<(f64, u64)>,
    /// Share of last year's issues with a maintainer response, with the issue count.
    pub issue_care: Option<(f64, u64)>,
    /// Maintainer issue/PR events in 90 days.
    pub maintainer_events_90d: Option<u64>,
    /// Commits in the last 90 days from commit activity statistics.
    pub commits_90d: Option<u64>,
}

/// docs.rs facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocsRsFacts {
    /// The evaluated version's docs built; None while unknown (release < 1 day old).
    pub built: Option<bool>,
}

/// Everything known about one crate at one version, as of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Crate name.
    pub name: String,
    /// The evaluated version.
    pub version: Version,
    /// The day the evaluation is computed against.
    pub as_of: Date,
    /// Releases published by `as_of`, in publish order.
    pub releases: Vec<ReleaseFact>,
    /// Tarball analysis of the evaluated version.
    pub package: Option<PackageFacts>,
    /// Latest non-yanked version (as of `as_of`) of each normal and build dependency; None = not looked up.
    pub dependency_latest: Option<BTreeMap<String, Option<Version>>>,
    /// Transitive normal dependencies pulled by default features, when resolved.
    pub transitive_deps: Option<u64>,
    /// Repository history.
    pub git: Option<GitFacts>,
    /// Advisories.
    pub advisories: Option<AdvisoryFacts>,
    /// crates.io API.
    pub crates_io: Option<CratesIoFacts>,
    /// GitHub API.
    pub github: Option<GithubFacts>,
    /// docs.rs.
    pub docs_rs: Option<DocsRsFacts>,
    /// Benchmark percentile among category peers (user-supplied results).
    pub benchmark_percentile: Option<f64>,
    /// Reverse dependents among the catalog's crates.
    pub catalog_dependents: Option<u64>,
    /// How each source answered.
    pub sources: Vec<SourceRecord>,
}

impl Facts {
    /// The record of a source, if it was consulted.
    pub fn source(&self, id: SourceId) -> Option<&SourceRecord> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Why a source's data is missing, for "unavailable: …" lines.
    pub fn unavailable_reason(&self, id: SourceId) -> String {
        match self.source(id) {
            Some(r) => match &r.reason {
                Some(reason) => format!("{}: {reason}", source_label(id)),
                None => format!("{}: no data", source_label(id)),
            },
            None => format!("{}: not consulted", source_label(id)),
        }
    }

    /// The release being evaluated.
    pub fn evaluated_release(&self) -> Option<&ReleaseFact> {
        self.releases.iter().find(|r| r.version == self.version)
    }

    /// When the source was read.
    pub fn fetched_at(&self, id: SourceId) -> Option<Timestamp> {
        self.source(id).and_then(|s| s.fetched_at)
    }
}

/// A human name for a source, used in reasons.
pub fn source_label(id: SourceId) -> &'static str {
    match id {
        SourceId::Index => "registry index",
        SourceId::Tarball => "published .crate",
        SourceId::Git => "git repository",
        SourceId::Advisories => "RustSec advisory database",
        SourceId::CratesIo => "crates.io API",
        SourceId::Github => "GitHub API",
        SourceId::DocsRs => "docs.rs",
        SourceId::Benchmarks => "benchmark results",
        SourceId::Dump => "crates.io db dump",
        SourceId::Catalog => "catalog",
    }
}

/// The last second of a day, UTC: the evaluation day includes everything
/// published or committed up to and including it.
pub fn end_of_day(d: Date) -> Timestamp {
    d.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .and_then(|z| z.checked_add(jiff::SignedDuration::from_secs(86_399)).ok())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}
