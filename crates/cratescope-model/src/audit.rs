//! The audit of a lockfile: the JSON output (`audit --format json`) and what
//! every audit renderer reads, plus the policy it was judged by.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::evaluation::{Evaluation, Tier};

/// Version of the audit JSON below.
pub const AUDIT_SCHEMA_VERSION: u32 = 1;

/// Where a locked package comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Breaks a rule and is not allow-listed.
    Fail,
    /// Breaks a rule but the allow-list accepts it.
    Allowed,
    /// Could not be evaluated (not from a registry, or no data).
    NotEvaluated,
    /// Meets the policy.
    Pass,
}

impl Verdict {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Allowed => "allowed",
            Verdict::NotEvaluated => "not-evaluated",
            Verdict::Pass => "pass",
        }
    }
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
    /// A direct dependency of some workspace member.
    pub direct: bool,
    /// Which members depend on it directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub direct_of: Vec<String>,
    /// Line of its `[[package]]` in the lockfile.
    pub lockfile_line: usize,
    /// The verdict.
    pub verdict: Verdict,
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
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Packages audited (workspace members excluded).
    pub packages: usize,
    /// Evaluated.
    pub evaluated: usize,
    /// Passing.
    pub passed: usize,
    /// Failing.
    pub failed: usize,
    /// Allow-listed.
    pub allowed: usize,
    /// Not evaluated.
    pub not_evaluated: usize,
    /// Served from the evaluation cache.
    pub cached: usize,
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
    /// The policy in force.
    pub policy: Policy,
    /// True when no package fails.
    pub passed: bool,
    /// Counts.
    pub summary: Summary,
    /// Packages, riskiest first (direct dependencies first).
    pub packages: Vec<PackageVerdict>,
    /// Remarks: sources skipped, unused allow-list entries, fallbacks.
    pub notes: Vec<String>,
}

/// Thresholds; every field is optional so the transitive set can override
/// only some of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Minimum composite score (1.0–5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_composite: Option<f64>,
    /// Tiers that fail the audit (tier ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_tiers: Option<Vec<Tier>>,
    /// Minimum score per dimension id (a transitive table replaces the whole map).
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

impl Thresholds {
    /// `self` with every field `over` sets replaced.
    pub fn overridden_by(&self, over: &Thresholds) -> Thresholds {
        Thresholds {
            min_composite: over.min_composite.or(self.min_composite),
            deny_tiers: over.deny_tiers.clone().or_else(|| self.deny_tiers.clone()),
            min_dimension: over
                .min_dimension
                .clone()
                .or_else(|| self.min_dimension.clone()),
            max_unsafe_density: over.max_unsafe_density.or(self.max_unsafe_density),
            scenario: over.scenario.clone().or_else(|| self.scenario.clone()),
            min_scenario_stars: over.min_scenario_stars.or(self.min_scenario_stars),
        }
    }
}

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Versions it covers (a semver requirement; all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<semver::VersionReq>,
    /// Why it is accepted: required, shown in every output.
    pub reason: String,
}

/// The policy: thresholds for direct dependencies, optional overrides for
/// transitive ones, an allow-list, and whether to read repositories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Thresholds for every package (direct ones, and transitive ones unless overridden).
    #[serde(flatten)]
    pub thresholds: Thresholds,
    /// Overrides for transitive dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitive: Option<Thresholds>,
    /// Accepted exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<AllowEntry>,
    /// Clone and read each crate's repository (slow: off by default).
    #[serde(default)]
    pub evaluate_git: bool,
}

/// Default denied tiers when the policy names none: ⛔ avoid.
pub const DEFAULT_DENY: [Tier; 1] = [Tier::Avoid];

impl Default for Policy {
    fn default() -> Self {
        Policy {
            thresholds: Thresholds {
                deny_tiers: Some(DEFAULT_DENY.to_vec()),
                ..Thresholds::default()
            },
            transitive: None,
            allow: Vec::new(),
            evaluate_git: false,
        }
    }
}

/// Stable ids of the rules (SARIF rule ids, JSON `rule`).
pub const RULES: [(&str, &str); 5] = [
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
            (Some(t), false) => self.thresholds.overridden_by(t),
            _ => self.thresholds.clone(),
        }
    }

    /// The allow-list entry covering a package, if any.
    pub fn allowed(&self, name: &str, version: &semver::Version) -> Option<&AllowEntry> {
        self.allow
            .iter()
            .find(|a| a.name == name && a.version.as_ref().is_none_or(|r| r.matches(version)))
    }
}
