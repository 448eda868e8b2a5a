//! Advisories as findings of their own, the way `cargo audit` reports them:
//! for every crates.io package of the lockfile, the RustSec advisories that
//! stand on the audit's day and affect the locked version (vulnerabilities,
//! unsound, unmaintained, notices; withdrawn ones and other informational
//! kinds left out, as cargo-audit does), plus a yanked locked version from
//! the index. Each finding carries what makes it actionable: title, date,
//! URL, CVSS severity, patched and unaffected ranges, the version to upgrade
//! to, and (in the report) the dependency path.
//!
//! Packages from git, paths or other registries are not matched: RustSec
//! advisories are about crates.io packages (cargo-audit skips them too; the
//! audit reports them separately).

use cratescope_advisory::{Advisory, AdvisoryDb, AdvisoryKind};
use cratescope_model::audit::{
    AdvisoryFinding, FindingAction, FindingKind, Policy, Scope, YANKED_ID,
};
use jiff::Timestamp;
use jiff::civil::Date;
use semver::Version;

use crate::target::Platform;

/// Where RustSec publishes each advisory.
pub const RUSTSEC_ADVISORY_PAGE: &str = "https://rustsec.org/advisories/";

/// The finding kind of an advisory, None for kinds cargo-audit does not report.
pub fn kind_of(a: &Advisory) -> Option<FindingKind> {
    match a.kind {
        AdvisoryKind::Vulnerability => Some(FindingKind::Vulnerability),
        AdvisoryKind::Unsound => Some(FindingKind::Unsound),
        AdvisoryKind::Unmaintained => Some(FindingKind::Unmaintained),
        AdvisoryKind::Notice => Some(FindingKind::Notice),
        AdvisoryKind::Other(_) => None,
    }
}

/// What decides a finding's action.
pub struct Judge<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// Today, for ignore expiry.
    pub today: Date,
    /// The platforms built for (empty: all), for `[affected] os/arch`.
    pub platforms: &'a [Platform],
}

impl Judge<'_> {
    fn action(&self, f: &mut AdvisoryFinding, scope: Scope) {
        if f.kind != FindingKind::Yanked
            && let Some(i) = self.policy.ignored(&f.id, &f.aliases, self.today)
        {
            f.action = FindingAction::Ignored;
            f.ignore_reason = Some(i.reason.clone());
            return;
        }
        f.action = if scope == Scope::InScope && self.policy.deny_advisories.contains(&f.kind) {
            FindingAction::Deny
        } else {
            FindingAction::Warn
        };
    }
}

/// Every published version of a crate and whether it is yanked.
pub type Versions<'a> = &'a [(Version, bool)];

/// Findings on one locked crates.io package; `releases` are its published
/// versions when its index entry could be read (for the yank and the upgrade).
pub fn findings(
    db: Option<&AdvisoryDb>,
    name: &str,
    version: &Version,
    releases: Option<Versions<'_>>,
    as_of: Timestamp,
    scope: Scope,
    judge: &Judge<'_>,
) -> Vec<AdvisoryFinding> {
    let mut out = Vec::new();
    if let Some(db) = db {
        for a in db
            .active_for_crate(name, as_of)
            .filter(|a| a.affects(version))
        {
            let Some(kind) = kind_of(a) else { continue };
            if !judge.platforms.is_empty()
                && !judge
                    .platforms
                    .iter()
                    .any(|p| a.affects_platform(p.os(), p.arch()))
            {
                continue;
            }
            let mut f = AdvisoryFinding {
                id: a.id.clone(),
                kind,
                title: a.title.clone(),
                date: Some(a.date),
                url: Some(format!("{RUSTSEC_ADVISORY_PAGE}{}.html", a.id)),
                references: a.url.iter().chain(&a.references).cloned().collect(),
                aliases: a.aliases.clone(),
                cvss: a.cvss.as_ref().map(|c| c.vector.clone()),
                cvss_score: a.cvss.as_ref().map(|c| c.score),
                severity: a.severity().map(|s| s.id().to_string()),
                patched: a.patched.iter().map(|r| r.to_string()).collect(),
                unaffected: a.unaffected.iter().map(|r| r.to_string()).collect(),
                upgrade_to: upgrade_past(a, version, releases).map(|v| v.to_string()),
                fix: None,
                fix_rust: None,
                action: FindingAction::Warn,
                ignore_reason: None,
            };
            judge.action(&mut f, scope);
            out.push(f);
        }
    }
    if let Some(rs) = releases
        && rs.iter().any(|(v, yanked)| v == version && *yanked)
    {
        let mut f = AdvisoryFinding {
            id: YANKED_ID.into(),
            kind: FindingKind::Yanked,
            // The sentence is the renderers' (a message), not outside text.
            title: String::new(),
            date: None,
            url: None,
            references: Vec::new(),
            aliases: Vec::new(),
            cvss: None,
            cvss_score: None,
            severity: None,
            patched: Vec::new(),
            unaffected: Vec::new(),
            upgrade_to: next_unyanked(version, rs).map(|v| v.to_string()),
            fix: None,
            fix_rust: None,
            action: FindingAction::Warn,
            ignore_reason: None,
        };
        judge.action(&mut f, scope);
        out.push(f);
    }
    out.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    out
}

/// The lowest version above `locked` that the advisory does not affect:
/// from the index (published, not yanked, a pre-release only when the locked
/// version is one), else the lowest bound a `patched` requirement names.
pub fn upgrade_past(
    a: &Advisory,
    locked: &Version,
    releases: Option<Versions<'_>>,
) -> Option<Version> {
    if let Some(rs) = releases {
        let found = rs
            .iter()
            .filter(|(v, yanked)| {
                !yanked
                    && v > locked
                    && (v.pre.is_empty() || !locked.pre.is_empty())
                    && !a.affects(v)
            })
            .map(|(v, _)| v.clone())
            .min();
        if found.is_some() {
            return found;
        }
    }
    a.patched
        .iter()
        .flat_map(|req| &req.comparators)
        .filter(|c| {
            matches!(
                c.op,
                semver::Op::GreaterEq | semver::Op::Caret | semver::Op::Tilde | semver::Op::Exact
            )
        })
        .map(|c| Version {
            major: c.major,
            minor: c.minor.unwrap_or(0),
            patch: c.patch.unwrap_or(0),
            pre: c.pre.clone(),
            build: semver::BuildMetadata::EMPTY,
        })
        .filter(|v| v > locked && !a.affects(v))
        .min()
}

/// Every published, non-yanked version above `locked` that a finding does
/// not affect, lowest first: what fix advice chooses from (a pre-release
/// only when the locked version is one).
pub fn fix_candidates(
    db: Option<&AdvisoryDb>,
    name: &str,
    id: &str,
    locked: &Version,
    releases: Versions<'_>,
    as_of: Timestamp,
) -> Vec<Version> {
    let advisory = db.and_then(|db| db.active_for_crate(name, as_of).find(|a| a.id == id));
    if id != YANKED_ID && advisory.is_none() {
        return Vec::new();
    }
    let mut out: Vec<Version> = releases
        .iter()
        .filter(|(v, yanked)| {
            !yanked
                && v > locked
                && (v.pre.is_empty() || !locked.pre.is_empty())
                && advisory.is_none_or(|a| !a.affects(v))
        })
        .map(|(v, _)| v.clone())
        .collect();
    out.sort();
    out
}

/// The lowest non-yanked version above a yanked one: semver-compatible
/// first, else any.
fn next_unyanked(locked: &Version, rs: Versions<'_>) -> Option<Version> {
    let compatible = |v: &Version| {
        if locked.major > 0 {
            v.major == locked.major
        } else {
            v.major == 0 && v.minor == locked.minor
        }
    };
    let candidates = || {
        rs.iter()
            .filter(|(v, yanked)| !yanked && v > locked && v.pre.is_empty())
            .map(|(v, _)| v.clone())
    };
    candidates()
        .filter(compatible)
        .min()
        .or_else(|| candidates().min())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn db() -> AdvisoryDb {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/advisory-db");
        AdvisoryDb::load_strict(&p).unwrap()
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    fn published(ver: &str, yanked: bool) -> (Version, bool) {
        (v(ver), yanked)
    }

    #[test]
    fn findings_carry_what_cargo_audit_shows_and_an_upgrade() {
        let db = db();
        let policy = Policy::default();
        let judge = Judge {
            policy: &policy,
            today: jiff::civil::date(2026, 11, 25),
            platforms: &[],
        };
        let now: Timestamp = "2026-11-25T00:00:00Z".parse().unwrap();
        let rs = [
            published("1.6.0", false),
            published("1.6.1", false),
            published("1.7.0", false),
        ];
        let f = findings(
            Some(&db),
            "smallvec",
            &v("1.6.0"),
            Some(&rs),
            now,
            Scope::InScope,
            &judge,
        );
        let vuln = f.iter().find(|f| f.id == "RUSTSEC-2021-0003").unwrap();
        assert_eq!(vuln.kind, FindingKind::Vulnerability);
        assert_eq!(vuln.action, FindingAction::Deny);
        assert_eq!(vuln.upgrade_to.as_deref(), Some("1.6.1"));
        assert!(
            vuln.patched.iter().any(|p| p.contains("1.6.1")),
            "{:?}",
            vuln.patched
        );
        assert!(vuln.url.is_some() && vuln.date.is_some());
        // Without index data the patched bound is the answer.
        let f = findings(
            Some(&db),
            "smallvec",
            &v("1.6.0"),
            None,
            now,
            Scope::InScope,
            &judge,
        );
        let vuln = f.iter().find(|f| f.id == "RUSTSEC-2021-0003").unwrap();
        assert_eq!(vuln.upgrade_to.as_deref(), Some("1.6.1"));

        // failure: unmaintained and unsound, no fix.
        let f = findings(
            Some(&db),
            "failure",
            &v("0.1.8"),
            None,
            now,
            Scope::InScope,
            &judge,
        );
        let ids: Vec<(&str, FindingKind)> = f.iter().map(|f| (f.id.as_str(), f.kind)).collect();
        assert_eq!(
            ids,
            [
                ("RUSTSEC-2019-0036", FindingKind::Unsound),
                ("RUSTSEC-2020-0036", FindingKind::Unmaintained)
            ]
        );
        assert!(f.iter().all(|f| f.upgrade_to.is_none()));
        // Out of scope: shown, never denied.
        let f = findings(
            Some(&db),
            "failure",
            &v("0.1.8"),
            None,
            now,
            Scope::DevOnly,
            &judge,
        );
        assert!(f.iter().all(|f| f.action == FindingAction::Warn));
    }

    #[test]
    fn yanked_versions_are_findings_and_ignores_expire() {
        let db = db();
        let mut policy = Policy::default();
        policy.ignore.push(cratescope_model::audit::IgnoreEntry {
            id: "RUSTSEC-2020-0036".into(),
            reason: "legacy importer".into(),
            until: Some(jiff::civil::date(2026, 12, 31)),
        });
        let now: Timestamp = "2026-11-25T00:00:00Z".parse().unwrap();
        let rs = [published("0.1.7", false), published("0.1.8", true)];
        let before = Judge {
            policy: &policy,
            today: jiff::civil::date(2026, 11, 25),
            platforms: &[],
        };
        let f = findings(
            Some(&db),
            "failure",
            &v("0.1.8"),
            Some(&rs),
            now,
            Scope::InScope,
            &before,
        );
        let by = |id: &str| f.iter().find(|f| f.id == id).unwrap().clone();
        assert_eq!(by("RUSTSEC-2020-0036").action, FindingAction::Ignored);
        assert_eq!(
            by("RUSTSEC-2020-0036").ignore_reason.as_deref(),
            Some("legacy importer")
        );
        assert_eq!(by("RUSTSEC-2019-0036").action, FindingAction::Deny);
        let y = by(YANKED_ID);
        assert_eq!(y.kind, FindingKind::Yanked);
        assert_eq!(y.action, FindingAction::Deny);
        // No later release: nothing to upgrade to.
        assert_eq!(y.upgrade_to, None);
        let after = Judge {
            today: jiff::civil::date(2027, 1, 1),
            ..before
        };
        let f = findings(
            Some(&db),
            "failure",
            &v("0.1.8"),
            Some(&rs),
            now,
            Scope::InScope,
            &after,
        );
        assert!(f.iter().all(|f| f.action == FindingAction::Deny));
    }

    #[test]
    fn platform_specific_advisories_follow_the_targets() {
        let db = db();
        // 19 advisories of the snapshot name only Windows.
        let a = db
            .iter()
            .find(|a| a.affected.os == ["windows"] && a.affected.arch.is_empty())
            .expect("the database has Windows-only advisories");
        let on = Platform::new("x86_64-pc-windows-msvc").unwrap();
        assert!(a.affects_platform(on.os(), on.arch()));
        let elsewhere = Platform::linux();
        assert!(!a.affects_platform(elsewhere.os(), elsewhere.arch()));
    }
}
