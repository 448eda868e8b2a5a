//! D2 Community activity: who works on the crate and how responsive they are,
//! from the git history (authors, concentration, recent commits), the crates.io
//! API (owners) and the GitHub API (issue response, PR closure, stars).
//!
//! Bots are excluded by the git source. Stars measure attention, not quality,
//! and weigh little.

use super::{Measure, fmt_num};
use crate::model::SignalSpec;
use cratescope_model::{Facts, SourceId};

fn shared_note(f: &Facts) -> &'static str {
    match &f.git {
        Some(g) if g.shared => " (repository-wide, shared with other crates)",
        _ => "",
    }
}

/// Distinct human authors in 12 months.
pub fn active_authors(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.git else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Git));
    };
    Measure::num(
        g.active_authors_12m as f64,
        format!(
            "{} authors in the last 12 months{}",
            g.active_authors_12m,
            shared_note(f)
        ),
    )
}

/// Fewest authors making half the commits in 12 months.
pub fn absence_factor(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.git else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Git));
    };
    if g.active_authors_12m == 0 {
        return Measure::Unavailable("git repository: no commits in the last 12 months".into());
    }
    let factor = g.absence_factor_12m.unwrap_or(0);
    let top: Vec<&str> = g
        .authors_12m
        .iter()
        .take(factor as usize)
        .map(|a| a.name.as_str())
        .collect();
    Measure::num(
        f64::from(factor),
        format!(
            "{} of {} authors made 50% of commits in 12 months ({})",
            factor,
            g.active_authors_12m,
            top.join(", ")
        ),
    )
}

/// crates.io owners, a team counting three.
pub fn owners(f: &Facts, spec: &SignalSpec) -> Measure {
    let [team_weight] = match spec.params(["team_weight"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let api = f
        .crates_io
        .as_ref()
        .and_then(|c| c.owner_users.zip(c.owner_teams));
    // The db dump's owners when the API did not answer.
    let dump = f
        .dump
        .as_ref()
        .and_then(|d| d.owner_users.zip(d.owner_teams).zip(d.dump_date));
    let ((u, t), source) = match (api, dump) {
        (Some(a), _) => (a, String::new()),
        (None, Some((d, day))) => (d, format!(" (crates.io db dump of {day})")),
        (None, None) => {
            let api = match &f.crates_io {
                Some(_) => "crates.io API: owners not answered".to_string(),
                None => f.unavailable_reason(SourceId::CratesIo),
            };
            let dump = match &f.dump {
                Some(d) if !d.not_reconstructed.is_empty() => {
                    "crates.io db dump: owners of a past date are not reconstructible".to_string()
                }
                Some(_) => "crates.io db dump: no owners".to_string(),
                None => f.unavailable_reason(SourceId::Dump),
            };
            return Measure::Unavailable(format!("{api}; {dump}"));
        }
    };
    // A team spreads publishing rights over several people.
    let n = u as f64 + team_weight * t as f64;
    Measure::num(n, format!("{u} user owners and {t} team owners{source}"))
}

/// Commits (and maintainer issue activity) in 90 days.
pub fn recent_activity(f: &Facts, _spec: &SignalSpec) -> Measure {
    let events = f.github.as_ref().and_then(|g| g.maintainer_events_90d);
    let commits = f
        .git
        .as_ref()
        .map(|g| u64::from(g.human_commits_90d))
        .or_else(|| f.github.as_ref().and_then(|g| g.commits_90d));
    match (commits, events) {
        (None, None) => Measure::Unavailable(f.unavailable_reason(SourceId::Git)),
        (c, e) => {
            let total = c.unwrap_or(0) + e.unwrap_or(0);
            let mut parts = Vec::new();
            if let Some(c) = c {
                parts.push(format!("{c} commits"));
            }
            if let Some(e) = e {
                parts.push(format!("{e} maintainer issue events"));
            }
            Measure::num(
                total as f64,
                format!("{} in 90 days{}", parts.join(" and "), shared_note(f)),
            )
        }
    }
}

/// Median days to a first maintainer response on issues.
pub fn issue_response(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.github else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Github));
    };
    match g.issue_response_days {
        Some(d) => Measure::num(d, format!("median first response in {} days", fmt_num(d))),
        None => {
            Measure::Unavailable("GitHub API: no recent issues with a response to measure".into())
        }
    }
}

/// Closed / opened pull requests, 12 months; unavailable under five PRs.
pub fn pr_closure(f: &Facts, spec: &SignalSpec) -> Measure {
    let [min_prs] = match spec.params(["min_prs"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(g) = &f.github else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Github));
    };
    // A ratio over too few PRs says nothing.
    match g.pr_closure {
        Some((ratio, opened)) if opened as f64 >= min_prs => Measure::num(
            ratio,
            format!("{:.0}% of {opened} pull requests closed", ratio * 100.0),
        ),
        Some((_, opened)) => Measure::Unavailable(format!(
            "GitHub API: only {opened} pull requests in 12 months"
        )),
        None => Measure::Unavailable("GitHub API: pull requests not answered".into()),
    }
}

/// GitHub stars.
pub fn stars(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.github else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Github));
    };
    match g.stars {
        Some(n) => Measure::num(n as f64, format!("{n} stars")),
        None => Measure::Unavailable("GitHub API: stars not answered".into()),
    }
}
