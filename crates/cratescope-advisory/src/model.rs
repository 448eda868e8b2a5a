//! The advisory data model: one RustSec advisory as plain, serialisable data.
//!
//! Holds what the maturity report needs (identity, kind, dates, version
//! requirements, references, title and body). Deliberately not modelled:
//! `keywords` beyond a list of strings, `[affected.functions]` version
//! requirements (kept as text, shown but never used for matching, because a
//! crate-level verdict cannot know which functions a user calls) and the
//! legacy V1 `patched_versions` field, which no file in the current database
//! uses. CVSS vectors (3.0, 3.1 and 4.0) are scored with RustSec's own `cvss`
//! crate, so the severity is the one `cargo audit` shows.

use crate::version_match::req_matches;
use jiff::Timestamp;
use jiff::civil::Date;
use semver::{Version, VersionReq};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which part of the database an advisory comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Collection {
    /// `crates/<name>/RUSTSEC-….md`: crates published on crates.io.
    Crates,
    /// `rust/<component>/CVE-….md`: the toolchain (std, cargo, rustdoc).
    Rust,
}

/// What kind of problem an advisory reports, from its `informational` field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdvisoryKind {
    /// No `informational` field: a security vulnerability.
    Vulnerability,
    /// `informational = "unmaintained"`.
    Unmaintained,
    /// `informational = "unsound"`: a soundness bug reachable from safe code.
    Unsound,
    /// `informational = "notice"`: e.g. a deprecation or a security notice.
    Notice,
    /// Any other `informational` value, kept verbatim (trimmed).
    Other(String),
}

impl AdvisoryKind {
    /// Classify an `informational` value; surrounding whitespace and case are
    /// ignored because the database has at least one value with stray spaces.
    pub fn from_informational(value: Option<&str>) -> AdvisoryKind {
        let Some(value) = value else {
            return AdvisoryKind::Vulnerability;
        };
        let value = value.trim();
        match value.to_ascii_lowercase().as_str() {
            "unmaintained" => AdvisoryKind::Unmaintained,
            "unsound" => AdvisoryKind::Unsound,
            "notice" => AdvisoryKind::Notice,
            _ => AdvisoryKind::Other(value.to_owned()),
        }
    }
}

/// Qualitative severity of a CVSS base score (CVSS v3.1 §5 and v4.0 §7
/// ratings: none 0, low 0.1–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Score 0.0.
    None,
    /// 0.1–3.9.
    Low,
    /// 4.0–6.9.
    Medium,
    /// 7.0–8.9.
    High,
    /// 9.0–10.0.
    Critical,
}

impl Severity {
    /// Stable lowercase id.
    pub fn id(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub(crate) fn from_cvss(s: cvss::Severity) -> Severity {
        match s {
            cvss::Severity::None => Severity::None,
            cvss::Severity::Low => Severity::Low,
            cvss::Severity::Medium => Severity::Medium,
            cvss::Severity::High => Severity::High,
            cvss::Severity::Critical => Severity::Critical,
        }
    }
}

/// A scored CVSS vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvssScore {
    /// The vector as the advisory gives it.
    pub vector: String,
    /// The base score, 0.0–10.0.
    pub score: f64,
    /// Its qualitative rating.
    pub severity: Severity,
}

/// The optional `[affected]` table: where and in which functions the problem lies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    /// Target architectures (empty: all).
    #[serde(default)]
    pub arch: Vec<String>,
    /// Target operating systems (empty: all).
    #[serde(default)]
    pub os: Vec<String>,
    /// Affected function paths with their version requirements, verbatim.
    #[serde(default)]
    pub functions: BTreeMap<String, Vec<String>>,
}

/// One RustSec advisory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// `RUSTSEC-YYYY-NNNN` (or a CVE id in the `rust/` collection).
    pub id: String,
    /// The crate (or toolchain component) the advisory is about.
    pub package: String,
    /// The collection the file was found in.
    pub collection: Collection,
    /// The `# Title` heading.
    pub title: String,
    /// The Markdown body after the title, trimmed.
    pub description: String,
    /// The date the advisory was reported.
    pub date: Date,
    /// Vulnerability, unmaintained, unsound, notice, ...
    pub kind: AdvisoryKind,
    /// The date the advisory was withdrawn, if it was.
    pub withdrawn: Option<Date>,
    /// Requirements matched by fixed versions.
    pub patched: Vec<VersionReq>,
    /// Requirements matched by versions that never had the problem.
    pub unaffected: Vec<VersionReq>,
    /// Other ids for the same problem (CVE, GHSA).
    pub aliases: Vec<String>,
    /// Ids of related advisories.
    pub related: Vec<String>,
    /// The main reference URL.
    pub url: Option<String>,
    /// Further reference URLs.
    pub references: Vec<String>,
    /// RustSec categories (`memory-corruption`, `denial-of-service`, ...).
    pub categories: Vec<String>,
    /// Free-form keywords.
    pub keywords: Vec<String>,
    /// The CVSS vector and its base score.
    pub cvss: Option<CvssScore>,
    /// The `[affected]` table.
    pub affected: Affected,
    /// Path of the file relative to the database root, `/`-separated.
    pub path: String,
}

impl Advisory {
    /// Whether `version` has the problem: it does unless it matches any
    /// `patched` or `unaffected` requirement (see [`crate::req_matches`] for
    /// the pre-release rule).
    pub fn affects(&self, version: &Version) -> bool {
        !self
            .patched
            .iter()
            .chain(&self.unaffected)
            .any(|req| req_matches(req, version))
    }

    /// Whether the advisory stands today: it has not been withdrawn.
    pub fn is_active(&self) -> bool {
        self.withdrawn.is_none()
    }

    /// Whether the advisory stood on the UTC day of `as_of`: it was published
    /// on or before that day and not withdrawn by then. This lets a past
    /// evaluation be reproduced: an advisory dated after `as_of` did not
    /// exist yet, and one withdrawn later still counted at the time.
    pub fn is_active_at(&self, as_of: Timestamp) -> bool {
        let day = utc_date(as_of);
        self.date <= day && self.withdrawn.is_none_or(|w| w > day)
    }

    /// The CVSS severity, when the advisory has a vector.
    pub fn severity(&self) -> Option<Severity> {
        self.cvss.as_ref().map(|c| c.severity)
    }

    /// Whether the advisory applies on a platform: an `[affected]` list of
    /// operating systems or architectures that is not empty must name it
    /// (the rule `cargo audit --target-os/--target-arch` applies).
    pub fn affects_platform(&self, os: Option<&str>, arch: &str) -> bool {
        let os_ok = self.affected.os.is_empty()
            || os.is_some_and(|os| self.affected.os.iter().any(|o| o.eq_ignore_ascii_case(os)));
        let arch_ok = self.affected.arch.is_empty()
            || self
                .affected
                .arch
                .iter()
                .any(|a| a.eq_ignore_ascii_case(arch));
        os_ok && arch_ok
    }

    /// Whether a version matches any `patched` requirement (a real fix, as
    /// opposed to merely never having been affected).
    pub fn is_patched(&self, version: &Version) -> bool {
        self.patched.iter().any(|req| req_matches(req, version))
    }
}

/// The UTC calendar day of an instant.
pub(crate) fn utc_date(ts: Timestamp) -> Date {
    jiff::tz::TimeZone::UTC.to_datetime(ts).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn informational_values_are_trimmed_and_case_folded() {
        assert_eq!(
            AdvisoryKind::from_informational(None),
            AdvisoryKind::Vulnerability
        );
        assert_eq!(
            AdvisoryKind::from_informational(Some(" Unsound  ")),
            AdvisoryKind::Unsound
        );
        assert_eq!(
            AdvisoryKind::from_informational(Some("unmaintained")),
            AdvisoryKind::Unmaintained
        );
        assert_eq!(
            AdvisoryKind::from_informational(Some(" yanked ")),
            AdvisoryKind::Other("yanked".to_owned())
        );
    }
}
