//! The dump's figures behind an entry ([`Figures`]): downloads over the
//! window and their trend, dependents and their distinct owners, the
//! compatible-line cohorts of the dependents, the release history, owners
//! and standing advisories. Missing stays `None`.

use std::collections::BTreeMap;

use cratescope_model::ecosystem::{Cohort, Figures, TrendDirection};

use super::View;
use super::params::{GROWTH_PSEUDOCOUNT, TREND_RATIO};

/// A compatible line as cargo groups versions: `1.x`, `0.3.x`, `0.0.4`.
pub(crate) fn line_key(v: &semver::Version) -> (u64, u64, u64) {
    if v.major > 0 {
        (v.major, u64::MAX, u64::MAX)
    } else if v.minor > 0 {
        (0, v.minor, u64::MAX)
    } else {
        (0, 0, v.patch)
    }
}

fn line_name(k: (u64, u64, u64)) -> String {
    match k {
        (m, u64::MAX, _) => format!("{m}.x"),
        (0, m, u64::MAX) => format!("0.{m}.x"),
        (0, 0, p) => format!("0.0.{p}"),
        (a, b, c) => format!("{a}.{b}.{c}"),
    }
}

/// Recent half over older half, each padded (see [`GROWTH_PSEUDOCOUNT`]).
pub(crate) fn padded_growth(recent: u64, previous: u64) -> f64 {
    (recent as f64 + GROWTH_PSEUDOCOUNT) / (previous as f64 + GROWTH_PSEUDOCOUNT)
}

impl View {
    /// The figures of crate `c` over a window of `window_days` ending on the
    /// evaluation day (the dump's day when they coincide).
    pub(crate) fn figures(&self, c: usize, window_days: u32, cohorts: bool) -> Figures {
        let eco = self.ecosystem();
        let day = self.figures_day();
        let at = cratescope_model::end_of_day(self.as_of).as_second();
        let visible = super::shallow::visible(eco, c, self.as_of);
        let mut f = Figures {
            releases: visible.len() as u64,
            yanked: visible.iter().filter(|&&v| eco.yanked(v)).count() as u64,
            created: jiff::Timestamp::from_second(eco.created(c))
                .ok()
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date()),
            ..Figures::default()
        };
        if let Some(v) = visible
            .iter()
            .copied()
            .filter(|&v| !eco.yanked(v))
            .max_by(|&a, &b| eco.version(a).cmp(eco.version(b)))
        {
            f.latest_version = Some(eco.version(v).to_string());
            f.latest_release = jiff::Timestamp::from_second(eco.published(v))
                .ok()
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date());
        }
        if let Some(w) = eco.window_downloads(c, day, window_days) {
            f.downloads = Some(w.total());
            f.downloads_recent = Some(w.recent);
            f.downloads_previous = Some(w.previous);
            f.window_days = Some(window_days);
            let end = cratescope_model::end_of_day(day).as_second();
            let old_enough = end - eco.created(c) >= i64::from(window_days) * 86_400;
            f.growth = (w.previous > 0 && old_enough).then(|| w.recent as f64 / w.previous as f64);
            let g = padded_growth(w.recent, w.previous);
            f.trend = Some(if !old_enough {
                TrendDirection::Unknown
            } else if g >= TREND_RATIO {
                TrendDirection::Rising
            } else if g <= 1.0 / TREND_RATIO {
                TrendDirection::Falling
            } else {
                TrendDirection::Steady
            });
        }
        if day == self.dump_day {
            let p = eco.present(c);
            f.dependents = Some(p.dependents);
            f.dependent_owners = p.dependent_owners;
            f.owners = p
                .owner_users
                .zip(p.owner_teams)
                .map(|(u, t)| u.saturating_add(t));
        } else {
            let mut all: Vec<usize> = eco
                .dependent_versions(c)
                .filter(|&(v, _)| eco.default_at(v, at))
                .map(|(v, _)| eco.version_crate(v))
                .filter(|&d| d != c)
                .collect();
            all.sort_unstable();
            all.dedup();
            f.dependents = Some(all.len() as u64);
            f.dependent_owners = eco.dependent_owners_at(c, at).1;
        }
        if let Some(db) = self.advisories.as_deref() {
            let evaluated = super::shallow::chosen(
                eco,
                &visible,
                super::shallow::yanks_unknown(eco, self.as_of),
            )
            .map(|v| eco.version(v).clone());
            if let Some(version) = evaluated {
                let mut ids: Vec<String> = db
                    .active_for_crate(eco.name(c), cratescope_model::end_of_day(self.as_of))
                    .filter(|a| a.affects(&version))
                    .map(|a| a.id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                f.advisories = ids;
            }
        }
        if cohorts {
            f.cohorts = self.cohorts(c, at);
        }
        f
    }

    /// Dependents (their default version at `at`, every kind) by the
    /// compatible line of `c` their requirement selects, newest line first.
    fn cohorts(&self, c: usize, at: i64) -> Vec<Cohort> {
        let eco = self.ecosystem();
        let mut live: Vec<&semver::Version> = eco
            .versions(c)
            .filter(|&v| eco.published(v) <= at && !eco.yanked(v))
            .map(|v| eco.version(v))
            .collect();
        live.sort();
        let mut seen = std::collections::BTreeSet::new();
        let mut by_line: BTreeMap<(u64, u64, u64), u64> = BTreeMap::new();
        for (v, _) in eco.dependent_versions(c) {
            if !eco.default_at(v, at) {
                continue;
            }
            let d = eco.version_crate(v);
            if d == c || !seen.insert(d) {
                continue;
            }
            // The dependent's first row on `c` (a crate rarely requires two lines).
            let Some(req) = eco
                .deps(v)
                .find(|&r| eco.dep_target(r) == c)
                .and_then(|r| eco.dep_req_parsed(r))
            else {
                continue;
            };
            if let Some(best) = live.iter().rev().find(|x| req.matches(x)) {
                *by_line.entry(line_key(best)).or_default() += 1;
            }
        }
        let mut out: Vec<Cohort> = by_line
            .into_iter()
            .map(|(k, n)| Cohort {
                line: line_name(k),
                dependents: n,
            })
            .collect();
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_as_cargo_groups_them() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert_eq!(line_name(line_key(&v("1.4.2"))), "1.x");
        assert_eq!(line_name(line_key(&v("0.3.9"))), "0.3.x");
        assert_eq!(line_name(line_key(&v("0.0.4"))), "0.0.4");
        assert!(line_key(&v("2.0.0")) > line_key(&v("1.9.0")));
        assert!(line_key(&v("0.10.0")) > line_key(&v("0.9.0")));
    }

    #[test]
    fn padded_growth_damps_tiny_crates() {
        assert!((padded_growth(30, 3) - 230.0 / 203.0).abs() < 1e-12);
        assert!(padded_growth(20_000, 10_000) > 1.9);
    }
}
