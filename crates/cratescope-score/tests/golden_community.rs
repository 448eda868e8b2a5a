//! Golden values of the D2 community signals (git history, crates.io
//! owners, GitHub issues, pull requests and stars).

mod common;
use common::*;
use cratescope_model::SourceId;

#[test]
fn active_authors() {
    // 2 authors: 1→.2, 3→.5 → .35.
    assert_measured(
        &measure(&facts(), "active-authors"),
        num(2.0),
        0.35,
        "2 authors in the last 12 months",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().shared = true;
    f.git.as_mut().unwrap().active_authors_12m = 7;
    assert_measured(
        &measure(&f, "active-authors"),
        num(7.0),
        0.85,
        "7 authors in the last 12 months (repository-wide, shared with other crates)",
    );
    let mut f = facts();
    unreachable(
        &mut f,
        SourceId::Git,
        "failed to clone `https://github.com/o/demo`",
    );
    assert_unavailable(
        &measure(&f, "active-authors"),
        "git repository: failed to clone `https://github.com/o/demo`",
    );
}

#[test]
fn absence_factor() {
    assert_measured(
        &measure(&facts(), "absence-factor"),
        num(1.0),
        0.2,
        "1 of 2 authors made 50% of commits in 12 months (Ana)",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().absence_factor_12m = Some(2);
    // 2→.55.
    assert_measured(
        &measure(&f, "absence-factor"),
        num(2.0),
        0.55,
        "2 of 2 authors made 50% of commits in 12 months (Ana, Bo)",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().active_authors_12m = 0;
    assert_unavailable(
        &measure(&f, "absence-factor"),
        "git repository: no commits in the last 12 months",
    );
}

#[test]
fn owners() {
    let mut f = facts();
    let c = f.crates_io.as_mut().unwrap();
    c.owner_users = Some(2);
    c.owner_teams = Some(0);
    // 1→.3, 2→.7.
    assert_measured(
        &measure(&f, "owners"),
        num(2.0),
        0.7,
        "2 user owners and 0 team owners",
    );
    // A team counts three (team_weight): 1 + 3 = 4 → past 3 → 1.
    let c = f.crates_io.as_mut().unwrap();
    c.owner_users = Some(1);
    c.owner_teams = Some(1);
    assert_measured(
        &measure(&f, "owners"),
        num(4.0),
        1.0,
        "1 user owners and 1 team owners",
    );
    f.crates_io.as_mut().unwrap().owner_teams = None;
    assert_unavailable(
        &measure(&f, "owners"),
        "crates.io API: owners not answered; crates.io db dump: not consulted",
    );
    unreachable(&mut f, SourceId::CratesIo, "refused to call crates.io");
    assert_unavailable(
        &measure(&f, "owners"),
        "crates.io API: refused to call crates.io; crates.io db dump: not consulted",
    );
}

#[test]
fn recent_activity() {
    let mut f = facts();
    f.github.as_mut().unwrap().maintainer_events_90d = Some(5);
    // 8 human commits + 5 events = 13 ≥ 12 → 1.
    assert_measured(
        &measure(&f, "recent-activity"),
        num(13.0),
        1.0,
        "8 commits, 5 maintainer issue events in 90 days",
    );
    // Without git, GitHub's weekly commit count stands in: 4/12.
    let mut f = facts();
    unreachable(&mut f, SourceId::Git, "offline");
    f.github.as_mut().unwrap().commits_90d = Some(4);
    assert_measured(
        &measure(&f, "recent-activity"),
        num(4.0),
        0.333,
        "4 commits in 90 days",
    );
    unreachable(&mut f, SourceId::Github, "GitHub is unreachable");
    assert_unavailable(&measure(&f, "recent-activity"), "git repository: offline");
}

#[test]
fn issue_response() {
    let mut f = facts();
    f.github.as_mut().unwrap().issue_response_days = Some(12.5);
    // 5→1, 30→.7: 1 − .3·7.5/25 = .91 (evidence rounds from 10 days up).
    assert_measured(
        &measure(&f, "issue-response"),
        num(12.5),
        0.91,
        "median first response in 12.5 days",
    );
    f.github.as_mut().unwrap().issue_response_days = Some(120.0);
    assert_measured(
        &measure(&f, "issue-response"),
        num(120.0),
        0.0,
        "median first response in 120 days",
    );
    f.github.as_mut().unwrap().issue_response_days = None;
    assert_unavailable(
        &measure(&f, "issue-response"),
        "GitHub API: no recent issues with a response to measure",
    );
    unreachable(&mut f, SourceId::Github, "GitHub is unreachable");
    assert_unavailable(
        &measure(&f, "issue-response"),
        "GitHub API: GitHub is unreachable",
    );
}

#[test]
fn pr_closure() {
    let mut f = facts();
    f.github.as_mut().unwrap().pr_closure = Some((0.7, 10));
    // .5→.5, .9→1: .5 + .5·.2/.4 = .75.
    assert_measured(
        &measure(&f, "pr-closure"),
        num(0.7),
        0.75,
        "70% of 10 pull requests closed",
    );
    // Under the model's minimum of five pull requests the ratio says nothing.
    f.github.as_mut().unwrap().pr_closure = Some((0.5, 4));
    assert_unavailable(
        &measure(&f, "pr-closure"),
        "GitHub API: only 4 pull requests in 12 months",
    );
    f.github.as_mut().unwrap().pr_closure = None;
    assert_unavailable(
        &measure(&f, "pr-closure"),
        "GitHub API: pull requests not answered",
    );
}

#[test]
fn stars() {
    let mut f = facts();
    f.github.as_mut().unwrap().stars = Some(1000);
    // log10(1000)/4 = .75.
    assert_measured(&measure(&f, "stars"), num(1000.0), 0.75, "1,000 stars");
    f.github.as_mut().unwrap().stars = None;
    assert_unavailable(&measure(&f, "stars"), "GitHub API: stars not answered");
}
