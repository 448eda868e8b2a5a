//! D7 Maintenance status: is anyone still releasing, committing and answering,
//! judged against what the crate's version says it needs (lib.rs's rule: a
//! 1.x crate with many patch releases may rest for years, a young 0.x may not).
//!
//! Gates: a RustSec `unmaintained` advisory, an archived repository or a
//! `deprecated` maintenance badge pin D7 to 1.0 and make the tier ⛔;
//! `looking-for-maintainer` and `as-is` cap it at 2.5.

use super::{Measure, as_of_instant, date, days_between, latest_published};
use crate::model::{GateSpec, SignalSpec};
use cratescope_model::{Arg, Facts, Message, SourceId, msg};

fn reason(source: SourceId, m: Message) -> Message {
    msg!("source-reason", source = source, reason = m)
}

/// "registry index: no publish dates (pubtime) for this crate".
pub(crate) fn no_dates() -> Message {
    reason(SourceId::Index, msg!("index-no-pubtime"))
}

/// The numbers of lib.rs's release-freshness rule (the signal's params).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapRule {
    /// More patch releases than this on a version means "many patches".
    pub many_patches: f64,
    /// More minor versions than this on a 0.x crate means "many minors".
    pub many_minors: f64,
    /// Expected gap: ≥1.0 with many patches.
    pub gap_major_many_patches: f64,
    /// Expected gap: 0.x with many patches.
    pub gap_many_patches: f64,
    /// Expected gap: any patch release.
    pub gap_patched: f64,
    /// Expected gap: ≥1.0, no patch.
    pub gap_major: f64,
    /// Expected gap: 0.x with many minors.
    pub gap_many_minors: f64,
    /// Expected gap otherwise.
    pub gap_other: f64,
    /// The gap is at most this many days per published version.
    pub days_per_version: f64,
    /// Slack after the gap before `s` reaches 0 is E/2 plus this.
    pub slack_days: f64,
    /// The same for binaries.
    pub slack_days_binary: f64,
}

impl GapRule {
    /// The rule of a `release-freshness` spec.
    pub fn of(spec: &SignalSpec) -> Result<GapRule, Measure> {
        let [
            many_patches,
            many_minors,
            gap_major_many_patches,
            gap_many_patches,
            gap_patched,
            gap_major,
            gap_many_minors,
            gap_other,
            days_per_version,
            slack_days,
            slack_days_binary,
        ] = spec.params([
            "many_patches",
            "many_minors",
            "gap_major_many_patches",
            "gap_many_patches",
            "gap_patched",
            "gap_major",
            "gap_many_minors",
            "gap_other",
            "days_per_version",
            "slack_days",
            "slack_days_binary",
        ])?;
        Ok(GapRule {
            many_patches,
            many_minors,
            gap_major_many_patches,
            gap_many_patches,
            gap_patched,
            gap_major,
            gap_many_minors,
            gap_other,
            days_per_version,
            slack_days,
            slack_days_binary,
        })
    }

    /// The lib.rs expected release gap, in days, for a version.
    pub fn expected_gap_days(&self, v: &semver::Version, versions: usize) -> f64 {
        let patches = v.patch as f64;
        let e = if patches > self.many_patches && v.major > 0 {
            self.gap_major_many_patches
        } else if patches > self.many_patches {
            self.gap_many_patches
        } else if v.patch > 0 {
            self.gap_patched
        } else if v.major > 0 {
            self.gap_major
        } else if v.minor as f64 > self.many_minors {
            self.gap_many_minors
        } else {
            self.gap_other
        };
        // A crate with few versions has not shown it can go long between them.
        e.min(self.days_per_version * versions as f64)
    }
}

/// Age of the latest release against its expected gap.
pub fn release_freshness(f: &Facts, spec: &SignalSpec) -> Measure {
    let rule = match GapRule::of(spec) {
        Ok(r) => r,
        Err(m) => return m,
    };
    let Some(latest) = latest_published(f) else {
        return Measure::unavailable(reason(SourceId::Index, msg!("index-no-live-releases")));
    };
    let Some(published) = latest.pubtime else {
        return Measure::unavailable(no_dates());
    };
    let age = days_between(published, as_of_instant(f)) as f64;
    let e = rule.expected_gap_days(&latest.version, f.releases.len());
    let binary = f.package.as_ref().is_some_and(|p| p.manifest.binary_only);
    // lib.rs: binaries get more slack, they are finished products more often.
    let k = e / 2.0
        + if binary {
            rule.slack_days_binary
        } else {
            rule.slack_days
        };
    let s = (k - (age - e).max(0.0)).max(0.0) / k;
    Measure::num_s(
        age,
        s,
        msg!(
            "maintenance-release-freshness",
            version = &latest.version,
            date = date(published),
            age = Arg::Days(age as i64),
            expected = Arg::Days(e.round() as i64)
        ),
    )
}

/// Releases in the `window_days` before `as_of` (npms "releases
/// frequency"): someone is publishing.
pub fn release_activity(f: &Facts, spec: &SignalSpec) -> Measure {
    let [window_days] = match spec.params(["window_days"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if f.releases.iter().any(|r| r.pubtime.is_none()) {
        return Measure::unavailable(no_dates());
    }
    let now = as_of_instant(f);
    let n = f
        .releases
        .iter()
        .filter(|r| !r.yanked)
        .filter_map(|r| r.pubtime)
        .filter(|t| (days_between(*t, now) as f64) < window_days)
        .count();
    Measure::num(
        n as f64,
        msg!(
            "maintenance-release-activity",
            n = n,
            window = Arg::Days(window_days.round() as i64)
        ),
    )
}

/// Commits in 365 days.
pub fn commits_year(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.git else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Git));
    };
    let n = u64::from(g.commits_365d);
    Measure::num(
        g.commits_365d as f64,
        if g.shared {
            msg!("maintenance-commits-year-path", n = n)
        } else {
            msg!("maintenance-commits-year", n = n)
        },
    )
}

/// Share of last year's issues with a maintainer response.
pub fn issue_care(f: &Facts, spec: &SignalSpec) -> Measure {
    let [min_issues] = match spec.params(["min_issues"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(g) = &f.github else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Github));
    };
    // Under the model's minimum the share says nothing.
    match g.issue_care {
        Some((share, n)) if n as f64 >= min_issues => Measure::num(
            share,
            msg!(
                "maintenance-issue-care",
                share = Arg::Percent((share * 100.0).round()),
                n = n
            ),
        ),
        Some((_, n)) => {
            Measure::unavailable(reason(SourceId::Github, msg!("github-few-issues", n = n)))
        }
        None => Measure::unavailable(reason(SourceId::Github, msg!("github-no-issues"))),
    }
}

/// Gate `unmaintained`: a RustSec unmaintained advisory that affects the
/// evaluated version (`unaffected` can limit it to old lines: ring < 0.17).
pub fn unmaintained(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    let Some(a) = &f.advisories else {
        return Vec::new();
    };
    a.advisories
        .iter()
        .filter(|a| a.kind == "unmaintained" && a.affects_evaluated)
        .map(|adv| {
            msg!(
                "gate-unmaintained",
                id = Arg::id(adv.id.clone()),
                title = Arg::text(adv.title.clone())
            )
        })
        .collect()
}

/// Gate `archived`: the GitHub repository is archived.
pub fn archived(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    if f.github
        .as_ref()
        .is_some_and(|gh| gh.archived == Some(true))
    {
        vec![msg!("gate-archived")]
    } else {
        Vec::new()
    }
}

fn badge(f: &Facts) -> Option<&str> {
    f.package
        .as_ref()
        .and_then(|p| p.manifest.maintenance_status.as_deref())
}

/// Gate `deprecated`: the author says so — the manifest's maintenance
/// badge says deprecated, or the description opens by declaring the crate
/// deprecated, unmaintained or archived, or by sending users elsewhere
/// (the `openings` of the gate's spec).
pub fn deprecated(f: &Facts, spec: &GateSpec) -> Vec<Message> {
    if badge(f) == Some("deprecated") {
        return vec![msg!("gate-badge", status = Arg::code("deprecated"))];
    }
    let Some(desc) = f
        .package
        .as_ref()
        .and_then(|p| p.manifest.description.as_deref())
    else {
        return deprecated_readme(f, spec);
    };
    let opening = desc
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    // A description that names a successor is the `superseded` gate's.
    let names_successor = f
        .package
        .as_ref()
        .and_then(|p| p.manifest.description_notice.as_ref())
        .is_some_and(|n| n.successor.is_some());
    if !names_successor
        && spec
            .set("openings")
            .iter()
            .any(|o| opening.starts_with(&o.to_lowercase()))
    {
        let first: String = desc.trim().chars().take(80).collect();
        return vec![msg!("gate-description-says", text = Arg::text(first))];
    }
    deprecated_readme(f, spec)
}

/// Gate `deprecated`, from the README: its opening declares the package
/// deprecated or unmaintained (the `readme_statuses` of the gate's spec)
/// without naming a successor (that is `superseded`).
fn deprecated_readme(f: &Facts, spec: &GateSpec) -> Vec<Message> {
    let Some(n) = f.package.as_ref().and_then(|p| p.readme.notice.as_ref()) else {
        return Vec::new();
    };
    let lower = n.sentence.to_lowercase();
    if n.successor.is_none()
        && spec
            .set("readme_statuses")
            .iter()
            .any(|s| lower.contains(&s.to_lowercase()))
    {
        vec![msg!(
            "gate-readme-says",
            text = Arg::text(n.sentence.clone())
        )]
    } else {
        Vec::new()
    }
}

/// Gate `superseded`: the package sends its users to a successor (its
/// README's opening or its description names the crate, "renamed to
/// `hickory-proto`", "deprecated in favour of `tokio-util`"), or the
/// evaluated version's build metadata says `deprecated` (`1.2.3+deprecated`).
pub fn superseded(f: &Facts, spec: &GateSpec) -> Vec<Message> {
    let mut out = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    if let Some(p) = &f.package {
        let notices = [
            (p.readme.notice.as_ref(), "readme"),
            (p.manifest.description_notice.as_ref(), "description"),
        ];
        // One finding per successor: a README and a description that say
        // the same thing are one fact.
        for (n, place) in notices {
            let Some((n, s)) = n.and_then(|n| n.successor.as_deref().map(|s| (n, s))) else {
                continue;
            };
            if named.contains(&s) {
                continue;
            }
            named.push(s);
            out.push(msg!(
                "gate-superseded-by",
                successor = Arg::krate(s),
                place = Arg::id(place),
                text = Arg::text(n.sentence.clone())
            ));
        }
    }
    if let Some(s) = dump_successor(f, spec)
        && !named.contains(&s.name.as_str())
    {
        let why = if s.related_name {
            msg!("gate-superseded-dump-renamed")
        } else {
            msg!("gate-superseded-dump-moved", owners = s.migrated_owners)
        };
        out.push(msg!(
            "gate-superseded-dump",
            successor = Arg::krate(s.name.clone()),
            why = why
        ));
    }
    if f.version
        .build
        .as_str()
        .split('.')
        .any(|b| b.eq_ignore_ascii_case("deprecated"))
    {
        out.push(msg!(
            "gate-version-metadata-deprecated",
            version = Arg::version(&f.version)
        ));
    }
    out
}

/// The successor the crates.io dump shows, when its evidence is strong
/// (the `superseded` gate's params in the model): a crate from the same
/// repository with an owner in common, created after this one, while this
/// one's latest release is at least `stalled_days` old and the other
/// released within `active_days` (and after it); and either its name marks
/// it as the next version (`foo` → `foo2`, `foo-ng`) or dependents of at
/// least `min_migrated_owners` distinct owners dropped this crate for it in
/// one release. A sibling in a monorepo has neither and is no successor.
/// Only at the dump's date: the candidates are not reconstructed for a past
/// day (the dump collector leaves them out then).
pub fn dump_successor<'a>(
    f: &'a Facts,
    spec: &GateSpec,
) -> Option<&'a cratescope_model::SuccessorCandidate> {
    let dump = f.dump.as_ref()?;
    let (Some(stalled), Some(active), Some(min_owners)) = (
        spec.param("stalled_days"),
        spec.param("active_days"),
        spec.param("min_migrated_owners"),
    ) else {
        return None;
    };
    let now = as_of_instant(f);
    let own_last = latest_published(f).and_then(|r| r.pubtime).or_else(|| {
        dump.successor_candidates
            .first()
            .and_then(|c| c.predecessor_last_release)
    })?;
    if (days_between(own_last, now) as f64) < stalled {
        return None;
    }
    dump.successor_candidates.iter().find(|c| {
        let Some(last) = c.last_release else {
            return false;
        };
        c.created_at.is_some_and(|t| t <= now)
            && last <= now
            && last > own_last
            && (days_between(last, now) as f64) <= active
            && c.shared_owners > 0
            && (c.related_name || c.migrated_owners as f64 >= min_owners)
    })
}

/// Gate `looking-for-maintainer`: the maintenance badge says so.
pub fn looking_for_maintainer(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    match badge(f) {
        Some(status @ "looking-for-maintainer") => {
            vec![msg!("gate-badge", status = Arg::code(status))]
        }
        _ => Vec::new(),
    }
}

/// Gate `as-is`: the maintenance badge says the crate is provided as is.
pub fn as_is(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    match badge(f) {
        Some(status @ "as-is") => vec![msg!("gate-badge", status = Arg::code(status))],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::GapRule;
    use crate::model::Model;
    use semver::Version;

    #[test]
    fn lib_rs_expected_gaps() {
        let m = Model::embedded();
        let rule = GapRule::of(m.signal("release-freshness").unwrap()).unwrap();
        let expected_gap_days = |v: &Version, n| rule.expected_gap_days(v, n);
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
