//! Golden values of the D7 maintenance signals.

mod common;
use common::*;
use cratescope_model::SourceId;

#[test]
fn release_freshness() {
    // 1.2.0 (a fresh 1.x: gap_major 200, at most 50·3 versions = 150),
    // 171 days old: K = 75 + 200 = 275, s = (275 − 21)/275 = .9236.
    assert_measured(
        &measure(&facts(), "release-freshness"),
        num(171.0),
        0.924,
        "latest release 1.2.0 on 2026-01-10 (6 months ago; expected gap 5 months)",
    );
    // 0.2.1, three years quiet: E = min(300, 100) = 100, K = 250: s = 0.
    let mut f = facts();
    f.releases = vec![
        release("0.2.0", "2023-01-01"),
        release("0.2.1", "2023-06-01"),
    ];
    f.version = v("0.2.1");
    assert_measured(
        &measure(&f, "release-freshness"),
        num(1125.0),
        0.0,
        "latest release 0.2.1 on 2023-06-01 (3.1 years ago; expected gap 3 months)",
    );
    // 1.0.7 with eight versions (fnv's shape), 400 days old: E = min(700,
    // 400) = 400, on time.
    let mut f = facts();
    f.releases = (0..8)
        .map(|i| release(&format!("1.0.{i}"), "2025-05-27"))
        .collect();
    f.version = v("1.0.7");
    assert_measured(
        &measure(&f, "release-freshness"),
        num(399.0),
        1.0,
        "latest release 1.0.7 on 2025-05-27 (13 months ago; expected gap 13 months)",
    );
    // A binary gets 100 more days of slack: 0.2.1 at 250 days past its gap.
    let mut f = facts();
    f.releases = vec![
        release("0.2.0", "2025-01-01"),
        release("0.2.1", "2025-01-01"),
    ];
    f.version = v("0.2.1");
    f.package.as_mut().unwrap().manifest.binary_only = true;
    // age 545, E 100, K = 50 + 300 = 350: (350 − 445)/350 < 0 → 0.
    assert_measured(
        &measure(&f, "release-freshness"),
        num(545.0),
        0.0,
        "latest release 0.2.1 on 2025-01-01 (18 months ago; expected gap 3 months)",
    );
    f.package.as_mut().unwrap().manifest.binary_only = false;
    f.releases[1] = release("0.2.1", "2026-01-01");
    // age 180, E 100, K 250: (250 − 80)/250 = .68.
    assert_measured(
        &measure(&f, "release-freshness"),
        num(180.0),
        0.68,
        "latest release 0.2.1 on 2026-01-01 (6 months ago; expected gap 3 months)",
    );
    let mut f = facts();
    for r in &mut f.releases {
        r.yanked = true;
    }
    assert_unavailable(
        &measure(&f, "release-freshness"),
        "registry index: no live releases",
    );
    let mut f = facts();
    for r in &mut f.releases {
        r.pubtime = None;
    }
    assert_unavailable(
        &measure(&f, "release-freshness"),
        "registry index: no publish dates (pubtime) for this crate",
    );
}

#[test]
fn commits_year() {
    assert_measured(
        &measure(&facts(), "commits-year"),
        num(42.0),
        1.0,
        "42 commits in the last 365 days",
    );
    let mut f = facts();
    let g = f.git.as_mut().unwrap();
    g.commits_365d = 3;
    g.shared = true;
    // 1→.4, 6→.8: .4 + .4·2/5 = .56.
    assert_measured(
        &measure(&f, "commits-year"),
        num(3.0),
        0.56,
        "3 commits touching the crate's path in the last 365 days",
    );
    unreachable(
        &mut f,
        SourceId::Git,
        "no repository URL in the manifest (use --repo)",
    );
    assert_unavailable(
        &measure(&f, "commits-year"),
        "git repository: no repository URL in the manifest (use --repo)",
    );
}

#[test]
fn issue_care() {
    let mut f = facts();
    f.github.as_mut().unwrap().issue_care = Some((0.65, 20));
    // .5→.6, .8→1: .6 + .4·.15/.3 = .8.
    assert_measured(
        &measure(&f, "issue-care"),
        num(0.65),
        0.8,
        "65% of 20 issues got a maintainer response",
    );
    // The source reports from one issue on; the model's minimum is three.
    f.github.as_mut().unwrap().issue_care = Some((1.0, 2));
    assert_unavailable(
        &measure(&f, "issue-care"),
        "GitHub API: only 2 issues in the last year",
    );
    f.github.as_mut().unwrap().issue_care = None;
    assert_unavailable(
        &measure(&f, "issue-care"),
        "GitHub API: issues not answered",
    );
}

#[test]
fn release_activity() {
    // Releases in the 730 days to 2026-07-01: 2025-01-10 and 2026-01-10
    // (2024-01-10 is 902 days back). 1→.4, 3→.7: .55.
    assert_measured(
        &measure(&facts(), "release-activity"),
        num(2.0),
        0.55,
        "2 releases in the last 2 years",
    );
    let mut f = facts();
    f.releases[2].yanked = true;
    assert_measured(
        &measure(&f, "release-activity"),
        num(1.0),
        0.4,
        "1 release in the last 2 years",
    );
    f.releases = vec![release("1.0.0", "2020-01-01")];
    f.version = v("1.0.0");
    assert_measured(
        &measure(&f, "release-activity"),
        num(0.0),
        0.0,
        "0 releases in the last 2 years",
    );
    f.releases[0].pubtime = None;
    assert_unavailable(
        &measure(&f, "release-activity"),
        "registry index: no publish dates (pubtime) for this crate",
    );
}
