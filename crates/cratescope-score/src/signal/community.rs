//! D2 Community activity: who works on the crate and how responsive they are,
//! from the git history (authors, concentration, recent commits), the crates.io
//! API (owners) and the GitHub API (issue response, PR closure, stars).
//!
//! Bots are excluded by the git source. Stars measure attention, not quality,
//! and weigh little.

use super::Measure;
use crate::model::SignalSpec;
use cratescope_model::{Arg, Facts, Message, SourceId, msg};

/// The repository is shared with other crates: its figures are
/// repository-wide.
fn shared(f: &Facts) -> bool {
    f.git.as_ref().is_some_and(|g| g.shared)
}

/// A sentence about the repository, marked when it is shared.
fn repo_wide(f: &Facts, m: Message) -> Message {
    if shared(f) {
        msg!("community-repository-wide", what = m)
    } else {
        m
    }
}

fn reason(source: SourceId, m: Message) -> Message {
    msg!("source-reason", source = source, reason = m)
}

/// Distinct human authors in 12 months.
pub fn active_authors(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.git else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Git));
    };
    Measure::num(
        g.active_authors_12m as f64,
        repo_wide(
            f,
            msg!("community-authors-12m", n = u64::from(g.active_authors_12m)),
        ),
    )
}

/// Fewest authors making half the commits in 12 months.
pub fn absence_factor(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.git else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Git));
    };
    if g.active_authors_12m == 0 {
        return Measure::unavailable(reason(SourceId::Git, msg!("git-no-commits-12m")));
    }
    let factor = g.absence_factor_12m.unwrap_or(0);
    let top: Vec<Arg> = g
        .authors_12m
        .iter()
        .take(factor as usize)
        .map(|a| Arg::text(a.name.clone()))
        .collect();
    Measure::num(
        f64::from(factor),
        msg!(
            "community-absence-factor",
            n = u64::from(factor),
            authors = u64::from(g.active_authors_12m),
            names = Arg::List(top)
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
        (Some(a), _) => (a, msg!("provenance-none")),
        (None, Some((d, day))) => (d, msg!("provenance-dump-of", date = day)),
        (None, None) => {
            let api = match &f.crates_io {
                Some(_) => reason(SourceId::CratesIo, msg!("community-api-no-owners")),
                None => f.unavailable_reason(SourceId::CratesIo),
            };
            let dump = match &f.dump {
                Some(d) if !d.not_reconstructed.is_empty() => reason(
                    SourceId::Dump,
                    msg!(
                        "dump-past-not-reconstructible",
                        what = msg!("community-dump-no-owners")
                    ),
                ),
                Some(_) => reason(SourceId::Dump, msg!("community-dump-no-owners")),
                None => f.unavailable_reason(SourceId::Dump),
            };
            return Measure::unavailable(msg!("clauses", parts = Arg::clauses([api, dump])));
        }
    };
    // A team spreads publishing rights over several people.
    let n = u as f64 + team_weight * t as f64;
    Measure::num(
        n,
        msg!("community-owners", users = u, teams = t, source = source),
    )
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
        (None, None) => Measure::unavailable(f.unavailable_reason(SourceId::Git)),
        (c, e) => {
            let total = c.unwrap_or(0) + e.unwrap_or(0);
            let mut parts = Vec::new();
            if let Some(c) = c {
                parts.push(msg!("community-commits", n = c));
            }
            if let Some(e) = e {
                parts.push(msg!("community-issue-events", n = e));
            }
            Measure::num(
                total as f64,
                repo_wide(f, msg!("community-in-90-days", what = Arg::messages(parts))),
            )
        }
    }
}

/// Median days to a first maintainer response on issues.
pub fn issue_response(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.github else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Github));
    };
    match g.issue_response_days {
        Some(d) => Measure::num(d, msg!("community-issue-response", days = Arg::Number(d))),
        None => Measure::unavailable(reason(SourceId::Github, msg!("github-no-issue-responses"))),
    }
}

/// Closed / opened pull requests, 12 months; unavailable under five PRs.
pub fn pr_closure(f: &Facts, spec: &SignalSpec) -> Measure {
    let [min_prs] = match spec.params(["min_prs"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(g) = &f.github else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Github));
    };
    // A ratio over too few PRs says nothing.
    match g.pr_closure {
        Some((ratio, opened)) if opened as f64 >= min_prs => Measure::num(
            ratio,
            msg!(
                "community-pr-closure",
                share = Arg::Percent((ratio * 100.0).round()),
                n = opened
            ),
        ),
        Some((_, opened)) => {
            Measure::unavailable(reason(SourceId::Github, msg!("github-few-prs", n = opened)))
        }
        None => Measure::unavailable(reason(SourceId::Github, msg!("github-no-prs"))),
    }
}

/// GitHub stars.
pub fn stars(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(g) = &f.github else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Github));
    };
    match g.stars {
        Some(n) => Measure::num(n as f64, msg!("community-stars", n = n)),
        None => Measure::unavailable(reason(SourceId::Github, msg!("github-no-stars"))),
    }
}
