//! D7 Maintenance status: is anyone still releasing, committing and answering,
//! judged against what the crate's version says it needs (lib.rs's rule: a
//! 1.x crate with many patch releases may rest for years, a young 0.x may not).
//!
//! Gates: a RustSec `unmaintained` advisory, an archived repository or a
//! `deprecated` maintenance badge pin D7 to 1.0 and make the tier ⛔;
//! `looking-for-maintainer` and `as-is` cap it at 2.5.

use super::{Gate, Measure, as_of_instant, day, days_between, latest_published};
use cratescope_model::Dimension;
use cratescope_model::{Facts, SourceId};

/// The lib.rs expected release gap, in days, for a version.
pub fn expected_gap_days(v: &semver::Version, versions: usize) -> f64 {
    let e: f64 = if v.patch > 3 && v.major > 0 {
        700.0
    } else if v.patch > 3 {
        450.0
    } else if v.patch > 0 {
        300.0
    } else if v.major > 0 {
        200.0
    } else if v.minor > 3 {
        140.0
    } else {
        80.0
    };
    // A crate with few versions has not shown it can go long between them.
    const DAYS_PER_VERSION: f64 = 50.0;
    e.min(DAYS_PER_VERSION * versions as f64)
}

/// Age of the latest release against its expected gap.
pub fn release_freshness(f: &Facts) -> Measure {
    let Some(latest) = latest_published(f) else {
        return Measure::Unavailable("registry index: no live releases".into());
    };
    let Some(published) = latest.pubtime else {
        return Measure::Unavailable(
            "registry index: no publish dates (pubtime) for this crate".into(),
        );
    };
    let age = days_between(published, as_of_instant(f)) as f64;
    let e = expected_gap_days(&latest.version, f.releases.len());
    let binary = f.package.as_ref().is_some_and(|p| p.manifest.binary_only);
    // lib.rs: binaries get more slack, they are finished products more often.
    let k = e / 2.0 + if binary { 300.0 } else { 200.0 };
    let s = (k - (age - e).max(0.0)).max(0.0) / k;
    Measure::num_s(
        age,
        s,
        format!(
            "latest release {} on {} ({} days ago; expected gap {} days)",
            latest.version,
            day(published),
            age,
            e
        ),
    )
}

/// Commits in 365 days.
pub fn commits_year(f: &Facts) -> Measure {
    let Some(g) = &f.git else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Git));
    };
    let shared = if g.shared {
        " touching the crate's path"
    } else {
        ""
    };
    Measure::num(
        g.commits_365d as f64,
        format!("{} commits{shared} in the last 365 days", g.commits_365d),
    )
}

/// Share of last year's issues with a maintainer response.
pub fn issue_care(f: &Facts) -> Measure {
    let Some(g) = &f.github else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Github));
    };
    // SCORING.md: under three issues the share says nothing.
    const MIN_ISSUES: u64 = 3;
    match g.issue_care {
        Some((share, n)) if n >= MIN_ISSUES => Measure::num(
            share,
            format!(
                "{:.0}% of {n} issues got a maintainer response",
                share * 100.0
            ),
        ),
        Some((_, n)) => {
            Measure::Unavailable(format!("GitHub API: only {n} issues in the last year"))
        }
        None => Measure::Unavailable("GitHub API: issues not answered".into()),
    }
}

/// D7 gates.
pub fn gates(f: &Facts) -> Vec<Gate> {
    let mut g = Vec::new();
    if let Some(a) = &f.advisories {
        // `unaffected` can limit an unmaintained notice to old lines (ring < 0.17).
        for adv in a
            .advisories
            .iter()
            .filter(|a| a.kind == "unmaintained" && a.affects_evaluated)
        {
            g.push(Gate {
                id: "unmaintained".into(),
                dimension: Dimension::Maintenance,
                cap: 1.0,
                avoid: true,
                reason: format!("{}: {}", adv.id, adv.title),
            });
        }
    }
    if f.github
        .as_ref()
        .is_some_and(|gh| gh.archived == Some(true))
    {
        g.push(Gate {
            id: "archived".into(),
            dimension: Dimension::Maintenance,
            cap: 1.0,
            avoid: true,
            reason: "the repository is archived".into(),
        });
    }
    match f
        .package
        .as_ref()
        .and_then(|p| p.manifest.maintenance_status.as_deref())
    {
        Some("deprecated") => g.push(Gate {
            id: "deprecated".into(),
            dimension: Dimension::Maintenance,
            cap: 1.0,
            avoid: true,
            reason: "the manifest's maintenance badge says deprecated".into(),
        }),
        Some(status @ ("looking-for-maintainer" | "as-is")) => g.push(Gate {
            id: status.to_string(),
            dimension: Dimension::Maintenance,
            cap: 2.5,
            avoid: false,
            reason: format!("the manifest's maintenance badge says {status}"),
        }),
        _ => {}
    }
    g
}

#[cfg(test)]
mod tests {
    use super::expected_gap_days;
    use semver::Version;

    #[test]
    fn lib_rs_expected_gaps() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert_eq!(expected_gap_days(&v("1.0.19"), 100), 700.0);
        assert_eq!(expected_gap_days(&v("0.3.9"), 100), 450.0);
        assert_eq!(expected_gap_days(&v("0.3.2"), 100), 300.0);
        assert_eq!(expected_gap_days(&v("2.0.0"), 100), 200.0);
        assert_eq!(expected_gap_days(&v("0.7.0"), 100), 140.0);
        assert_eq!(expected_gap_days(&v("0.2.0"), 100), 80.0);
        assert_eq!(
            expected_gap_days(&v("1.0.19"), 3),
            150.0,
            "capped at 50 days per version"
        );
    }
}
