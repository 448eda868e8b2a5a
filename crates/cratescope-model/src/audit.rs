//! The audit of a lockfile: the JSON output (`audit --format json`) and what
//! every audit renderer reads, plus the policy it was judged by.
//!
//! Schema 2 (issue 16): advisories are findings of their own (not only a
//! tier), every package says whether it is in the policy's scope and why not,
//! the advisory database's state is part of the report, and report-level
//! `warnings` are what every format must show.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::evaluation::{Evaluation, Tier};

/// Version of the audit JSON below.
pub const AUDIT_SCHEMA_VERSION: u32 = 2;

/// Where the rules of the audit are documented (SARIF `helpUri`s point here).
pub const AUDIT_DOCS: &str = "https://github.com/cratescope/cratescope/blob/main/docs/audit.md";

/// Where a locked package comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "url")]
pub enum PackageSource {
    /// crates.io (git or sparse index URL).
    CratesIo,
    /// Another registry.
    Registry(String),
    /// A git repository.
    Git(String),
    /// A path on disk (workspace members and path dependencies).
    Path,
}

impl PackageSource {
    /// Classify a lockfile `source` string.
    pub fn parse(source: Option<&str>) -> PackageSource {
        let Some(s) = source else {
            return PackageSource::Path;
        };
        if CRATES_IO_SOURCES.contains(&s) {
            PackageSource::CratesIo
        } else if let Some(url) = s.strip_prefix("git+") {
            PackageSource::Git(url.to_string())
        } else if s.starts_with("path+") {
            PackageSource::Path
        } else {
            let url = s
                .strip_prefix("registry+")
                .or_else(|| s.strip_prefix("sparse+"))
                .unwrap_or(s);
            PackageSource::Registry(url.to_string())
        }
    }
    /// Short label for tables.
    pub fn label(&self) -> &'static str {
        match self {
            PackageSource::CratesIo => "crates.io",
            PackageSource::Registry(_) => "registry",
            PackageSource::Git(_) => "git",
            PackageSource::Path => "path",
        }
    }
}

/// The two ways cargo names crates.io in a lockfile (git index, sparse index).
const CRATES_IO_SOURCES: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// The verdict on one package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Fails the policy: a denied advisory, a broken rule that is not
    /// allow-listed, or a package the policy requires to be evaluated.
    Fail,
    /// Does not fail, but something needs a look (a warned advisory, a git
    /// package, an advisory on a package outside the scope…).
    Warn,
    /// Breaks a rule but the allow-list accepts it.
    Allowed,
    /// Meets the policy.
    Pass,
    /// Not judged: the project's own code (path packages) or outside the
    /// policy's scope, with nothing to warn about.
    Skipped,
}

impl Verdict {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Warn => "warn",
            Verdict::Allowed => "allowed",
            Verdict::Pass => "pass",
            Verdict::Skipped => "skipped",
        }
    }
}

/// Whether a package is judged, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Built for one of the policy's targets by a workspace member.
    InScope,
    /// A path package: a workspace member or a path dependency (the project's own code).
    Local,
    /// Reached only through dev-dependencies, and the policy sets `exclude_dev`.
    DevOnly,
    /// Reached only through dependencies for targets outside the policy's `targets`.
    OtherTarget,
    /// No workspace member depends on it (a stale lockfile entry).
    Unreachable,
}

impl Scope {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Scope::InScope => "in-scope",
            Scope::Local => "local",
            Scope::DevOnly => "dev-only",
            Scope::OtherTarget => "other-target",
            Scope::Unreachable => "unreachable",
        }
    }
}

/// Kinds of advisory findings: RustSec's kinds plus a yanked locked version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A security vulnerability (no `informational`).
    Vulnerability,
    /// `informational = "unsound"`.
    Unsound,
    /// `informational = "unmaintained"`.
    Unmaintained,
    /// `informational = "notice"`.
    Notice,
    /// The locked version is yanked from the registry.
    Yanked,
}

impl FindingKind {
    /// Every kind, most serious first.
    pub const ALL: [FindingKind; 5] = [
        FindingKind::Vulnerability,
        FindingKind::Unsound,
        FindingKind::Unmaintained,
        FindingKind::Notice,
        FindingKind::Yanked,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::Vulnerability => "vulnerability",
            FindingKind::Unsound => "unsound",
            FindingKind::Unmaintained => "unmaintained",
            FindingKind::Notice => "notice",
            FindingKind::Yanked => "yanked",
        }
    }
}

/// What the policy does with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingAction {
    /// Fails the audit (its kind is in `deny_advisories`, the package is in scope).
    Deny,
    /// Shown as a warning.
    Warn,
    /// Ignored by id (`[[audit.ignore]]`), with the reason shown.
    Ignored,
}

/// The id of the yanked finding (it has no advisory id).
pub const YANKED_ID: &str = "yanked";

/// One advisory (or a yank) on one locked package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFinding {
    /// `RUSTSEC-YYYY-NNNN`, or [`YANKED_ID`].
    pub id: String,
    /// What kind of problem.
    pub kind: FindingKind,
    /// The advisory's title.
    pub title: String,
    /// When it was reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Its RustSec page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Further reading the advisory gives (its `url` and `references`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// CVE and GHSA ids of the same problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The CVSS vector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss: Option<String>,
    /// The CVSS base score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss_score: Option<f64>,
    /// The CVSS rating: none, low, medium, high, critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Requirements of fixed versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patched: Vec<String>,
    /// Requirements of versions that never had the problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unaffected: Vec<String>,
    /// The lowest published version above the locked one that is not
    /// affected: "upgrade to ≥ this".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_to: Option<String>,
    /// Deny, warn or ignored.
    pub action: FindingAction,
    /// The ignore entry's reason, when ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_reason: Option<String>,
}

/// One package's row in the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageVerdict {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Locked version.
    pub version: String,
    /// Where it comes from.
    pub source: PackageSource,
    /// Judged or not, and why not.
    pub scope: Scope,
    /// Details of the scope: the targets or dev-dependency it comes through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_reason: Option<String>,
    /// A direct dependency of some workspace member.
    pub direct: bool,
    /// Which members depend on it directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub direct_of: Vec<String>,
    /// How a workspace member reaches it: `member version`, …, this package
    /// (the inverse dependency path, shortest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// Registry packages it pulls in (its closure in the lockfile's graph):
    /// the dependency weight its card was scored with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_size: Option<usize>,
    /// Line of its `[[package]]` in the lockfile.
    pub lockfile_line: usize,
    /// The verdict.
    pub verdict: Verdict,
    /// Advisories (and a yank) on the locked version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<AdvisoryFinding>,
    /// Rules broken (also when allow-listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Rules that could not be checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unchecked: Vec<String>,
    /// The allow-list's reason, when it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_reason: Option<String>,
    /// Why it was not evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_evaluated: Option<String>,
    /// Other reasons for the verdict (a git source, an unevaluable package…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Served from the evaluation cache.
    #[serde(default)]
    pub cached: bool,
    /// The card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
}

impl PackageVerdict {
    /// Composite score, when evaluated.
    pub fn composite(&self) -> Option<f64> {
        self.evaluation.as_ref().and_then(|e| e.composite)
    }

    /// Tier, when evaluated.
    pub fn tier(&self) -> Option<Tier> {
        self.evaluation.as_ref().map(|e| e.tier)
    }

    /// Findings that fail or warn (not ignored ones).
    pub fn active_findings(&self) -> impl Iterator<Item = &AdvisoryFinding> {
        self.advisories
            .iter()
            .filter(|a| a.action != FindingAction::Ignored)
    }
}

/// A reason for a verdict that is neither an advisory nor a score rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Rule id (one of [`RULES`]).
    pub rule: String,
    /// Fail or warn.
    pub level: Level,
    /// What was found.
    pub message: String,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Packages in the lockfile, workspace members excluded.
    pub packages: usize,
    /// In the policy's scope (judged).
    pub in_scope: usize,
    /// Evaluated (a card was computed or read from the cache).
    pub evaluated: usize,
    /// Passing.
    pub passed: usize,
    /// Failing.
    pub failed: usize,
    /// Passing with warnings.
    pub warned: usize,
    /// Allow-listed.
    pub allowed: usize,
    /// Registry packages in scope that could not be evaluated.
    pub not_evaluated: usize,
    /// Outside the scope (dev-only, other targets, unreachable).
    pub out_of_scope: usize,
    /// Path packages that are not workspace members.
    pub local: usize,
    /// Served from the evaluation cache.
    pub cached: usize,
    /// Findings by kind (ignored ones left out).
    pub findings: BTreeMap<FindingKind, usize>,
    /// Findings ignored by id.
    pub ignored: usize,
}

/// The advisory database the audit read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryDbStatus {
    /// Advisories were checked.
    pub checked: bool,
    /// Why not, when they were not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The database root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Advisories loaded.
    pub advisories: usize,
    /// Day of its last update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// How `last_updated` is known: `git-commit`, or `newest-advisory` for a
    /// copy that is not a git checkout (a lower bound of the real date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_from: Option<String>,
    /// Days from `last_updated` to the audit's day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    /// Older than the policy's `max_advisory_db_age_days`.
    pub stale: bool,
}

/// The audit: the JSON output and what every renderer reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Schema version.
    pub schema_version: u32,
    /// Evaluation day.
    pub as_of: Date,
    /// Model version.
    pub model_version: String,
    /// The lockfile audited.
    pub lockfile: PathBuf,
    /// Workspace members (`name version`), left out of `packages`.
    #[serde(default)]
    pub members: Vec<String>,
    /// The policy in force.
    pub policy: Policy,
    /// True when no package fails.
    pub passed: bool,
    /// Counts.
    pub summary: Summary,
    /// The advisory database.
    pub advisory_db: AdvisoryDbStatus,
    /// What every format shows before anything else: advisories not
    /// checked, a stale database, expired ignores.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Packages, riskiest first.
    pub packages: Vec<PackageVerdict>,
    /// Remarks: sources skipped, unused allow-list entries, fallbacks.
    pub notes: Vec<String>,
}

/// Fail, warn, or accept silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Fails the audit.
    Fail,
    /// A warning.
    Warn,
    /// Listed, no warning.
    Allow,
}

impl Level {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Level::Fail => "fail",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

/// Thresholds on an evaluation; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Minimum composite score (1.0–5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_composite: Option<f64>,
    /// Tiers that fail the audit (tier ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_tiers: Option<Vec<Tier>>,
    /// Minimum score per dimension id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_dimension: Option<BTreeMap<String, f64>>,
    /// Maximum unsafe blocks+fns+impls per 1k lines (the `unsafe-use` raw value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unsafe_density: Option<f64>,
    /// Scenario to judge by (with `min_scenario_stars`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Minimum stars in `scenario`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_scenario_stars: Option<u8>,
}

/// The keys of [`Thresholds`], as written in `[audit]` (what `inherit` may name).
pub const THRESHOLD_KEYS: [&str; 6] = [
    "min_composite",
    "deny_tiers",
    "min_dimension",
    "max_unsafe_density",
    "scenario",
    "min_scenario_stars",
];

impl Thresholds {
    /// `self` with the fields named in `keys` taken from `from` when `self`
    /// does not set them.
    pub fn inheriting(&self, from: &Thresholds, keys: &[String]) -> Thresholds {
        let take = |k: &str| keys.iter().any(|x| x == k);
        let mut t = self.clone();
        if take("min_composite") && t.min_composite.is_none() {
            t.min_composite = from.min_composite;
        }
        if take("deny_tiers") && t.deny_tiers.is_none() {
            t.deny_tiers = from.deny_tiers.clone();
        }
        if take("min_dimension") && t.min_dimension.is_none() {
            t.min_dimension = from.min_dimension.clone();
        }
        if take("max_unsafe_density") && t.max_unsafe_density.is_none() {
            t.max_unsafe_density = from.max_unsafe_density;
        }
        if take("scenario") && t.scenario.is_none() {
            t.scenario = from.scenario.clone();
        }
        if take("min_scenario_stars") && t.min_scenario_stars.is_none() {
            t.min_scenario_stars = from.min_scenario_stars;
        }
        t
    }
}

/// One allow-list entry: accepts a crate's broken *score rules* (never its
/// advisories: those are ignored by id, so an advisory filed later is seen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllowEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Versions it covers (a semver requirement; all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<semver::VersionReq>,
    /// Why it is accepted: required, shown in every output.
    pub reason: String,
    /// Last day it applies (inclusive); expired entries are reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// One ignored advisory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IgnoreEntry {
    /// The advisory id (`RUSTSEC-…`, or one of its aliases).
    pub id: String,
    /// Why: required, shown in every output.
    pub reason: String,
    /// Last day it applies (inclusive); after it the advisory counts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// The policy (`[audit]` of cratescope.toml); docs/audit.md documents
/// every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Thresholds for direct dependencies (and for transitive ones when
    /// there is no `[audit.transitive]`).
    pub direct: Thresholds,
    /// `[audit.transitive]`: the thresholds of transitive dependencies;
    /// they inherit only the keys listed in `transitive_inherit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitive: Option<Thresholds>,
    /// Keys `[audit.transitive]` takes from `[audit]` when it does not set them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_inherit: Vec<String>,
    /// Accepted score exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<AllowEntry>,
    /// Ignored advisories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreEntry>,
    /// Finding kinds that fail the audit; the others are warnings.
    pub deny_advisories: Vec<FindingKind>,
    /// Days after which the advisory database is stale (a warning).
    pub max_advisory_db_age_days: i64,
    /// Run when the advisory database cannot be loaded (every output then
    /// says advisories were not checked).
    pub allow_missing_advisory_db: bool,
    /// Leave out packages reached only through dev-dependencies.
    pub exclude_dev: bool,
    /// Target triples the project is built for (empty: every target).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Registry packages in scope that cannot be evaluated.
    pub unevaluable: Level,
    /// Packages from git repositories (not checked against advisories).
    pub git_packages: Level,
    /// Packages from registries other than crates.io.
    pub other_registry_packages: Level,
    /// Clone and read each crate's repository (slow: off by default).
    pub evaluate_git: bool,
}

/// Default denied tiers when a rule table names none: ⛔ avoid.
pub const DEFAULT_DENY: [Tier; 1] = [Tier::Avoid];

/// Finding kinds that fail by default: everything but notices.
pub const DEFAULT_DENY_ADVISORIES: [FindingKind; 4] = [
    FindingKind::Vulnerability,
    FindingKind::Unsound,
    FindingKind::Unmaintained,
    FindingKind::Yanked,
];

/// Default `max_advisory_db_age_days`: the RustSec database gets several
/// commits a week; a month without one means the copy stopped updating.
pub const DEFAULT_MAX_DB_AGE_DAYS: i64 = 30;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            direct: Thresholds {
                deny_tiers: Some(DEFAULT_DENY.to_vec()),
                ..Thresholds::default()
            },
            transitive: None,
            transitive_inherit: Vec::new(),
            allow: Vec::new(),
            ignore: Vec::new(),
            deny_advisories: DEFAULT_DENY_ADVISORIES.to_vec(),
            max_advisory_db_age_days: DEFAULT_MAX_DB_AGE_DAYS,
            allow_missing_advisory_db: false,
            exclude_dev: false,
            targets: Vec::new(),
            unevaluable: Level::Fail,
            git_packages: Level::Warn,
            other_registry_packages: Level::Warn,
            evaluate_git: false,
        }
    }
}

/// Stable ids of the rules (SARIF rule ids, JSON `rule`), with a short
/// description. Advisory findings use their advisory id as the rule.
pub const RULES: [(&str, &str); 9] = [
    ("denied-tier", "The crate's tier is one the policy denies."),
    (
        "min-composite",
        "The composite score is below the policy's minimum.",
    ),
    (
        "min-dimension",
        "A dimension score is below the policy's minimum.",
    ),
    (
        "max-unsafe-density",
        "Unsafe code per 1k lines is above the policy's maximum.",
    ),
    (
        "min-scenario-stars",
        "The crate has fewer stars than required in the policy's scenario.",
    ),
    (
        "unevaluable",
        "A registry package in scope could not be evaluated.",
    ),
    (
        "git-package",
        "A package comes from a git repository: no registry data, no advisory check.",
    ),
    (
        "other-registry-package",
        "A package comes from a registry other than crates.io: not evaluated, no advisory check.",
    ),
    ("yanked", "The locked version was yanked from the registry."),
];

/// A rule the evaluation broke.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule id (one of [`RULES`]).
    pub rule: String,
    /// What was found against what was required.
    pub message: String,
}

/// What judging one evaluation found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// Rules broken.
    pub violations: Vec<Violation>,
    /// Rules that could not be checked, and why.
    pub unchecked: Vec<String>,
}

impl Policy {
    /// The thresholds that apply to a direct or transitive dependency.
    pub fn thresholds_for(&self, direct: bool) -> Thresholds {
        match (&self.transitive, direct) {
            (Some(t), false) => t.inheriting(&self.direct, &self.transitive_inherit),
            _ => self.direct.clone(),
        }
    }

    /// The allow-list entry covering a package on `today`, if any.
    pub fn allowed(
        &self,
        name: &str,
        version: &semver::Version,
        today: Date,
    ) -> Option<&AllowEntry> {
        self.allow.iter().find(|a| {
            a.name == name
                && a.version.as_ref().is_none_or(|r| r.matches(version))
                && a.until.is_none_or(|u| today <= u)
        })
    }

    /// The ignore entry covering an advisory (by id or alias) on `today`.
    pub fn ignored(&self, id: &str, aliases: &[String], today: Date) -> Option<&IgnoreEntry> {
        self.ignore
            .iter()
            .find(|i| (i.id == id || aliases.contains(&i.id)) && i.until.is_none_or(|u| today <= u))
    }
}

impl crate::message::Messages for PackageVerdict {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.evaluation.visit_messages(f);
    }
}

impl crate::message::Messages for AuditReport {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&crate::message::Message, Option<&mut String>)) {
        self.packages.visit_messages(f);
    }
}
