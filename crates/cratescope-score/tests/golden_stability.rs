//! Golden values of the D1 stability signals: hand-built facts → exact raw,
//! s and evidence (or the unavailable reason), computed by hand from the
//! model's breakpoints. `as_of` is 2026-06-30: ages run to 2026-07-01T00:00Z.

mod common;
use common::*;

#[test]
fn current_line_span() {
    let f = facts();
    // 1.0.0 (2024-01-10) to 1.2.0 (2026-01-10): 731 days shipped without
    // breaking; 730→.85, 1095→1: .85 + .15·1/365 = .8504.
    assert_measured(
        &measure(&f, "current-line-span"),
        num(731.0),
        0.85,
        "1.x line from 2024-01-10 to 2026-01-10",
    );
    // Quiet time does not count: one release, whatever its age, spans 0.
    let mut f = facts();
    f.releases = vec![
        release("0.2.0", "2020-01-01"),
        release("0.3.0", "2021-04-01"),
    ];
    f.version = v("0.3.0");
    assert_measured(
        &measure(&f, "current-line-span"),
        num(0.0),
        0.0,
        "0.3.x line from 2021-04-01 to 2021-04-01",
    );
    // A 0.x line is its minor: 0.3.0 → 0.3.4 over 90 days → .25.
    f.releases.push(release("0.3.4", "2021-06-30"));
    f.version = v("0.3.4");
    assert_measured(
        &measure(&f, "current-line-span"),
        num(90.0),
        0.25,
        "0.3.x line from 2021-04-01 to 2021-06-30",
    );
    let mut f = facts();
    for r in &mut f.releases {
        r.pubtime = None;
    }
    assert_unavailable(
        &measure(&f, "current-line-span"),
        "registry index: no publish dates (pubtime) for this crate",
    );
}

#[test]
fn release_count() {
    // 3 releases, log scale: 1→0, 10→.6: .6·log10(3) = .2863.
    assert_measured(
        &measure(&facts(), "release-count"),
        num(3.0),
        0.286,
        "3 releases published",
    );
    // Yanked releases do not count; 40 or more saturate.
    let mut f = facts();
    f.releases = (0..45)
        .map(|i| release(&format!("1.0.{i}"), "2025-01-01"))
        .collect();
    f.releases[0].yanked = true;
    f.version = v("1.0.44");
    assert_measured(
        &measure(&f, "release-count"),
        num(44.0),
        1.0,
        "44 releases published",
    );
    f.releases.clear();
    assert_unavailable(&measure(&f, "release-count"), "registry index: no releases");
}

#[test]
fn breaking_cadence() {
    // One line only: its start is not a break. Window = the crate's life,
    // 902 days = 2.47 years.
    assert_measured(
        &measure(&facts(), "breaking-cadence"),
        num(0.0),
        1.0,
        "0 new compatible lines in the last 2.5 years",
    );
    // 0.1 → 0.2 → 1.0 over three years: two breaks in a 1095-day window.
    // 2/3 per year; 0→1, 1→.75: 1 − .25·(2/3) = .8333.
    let mut f = facts();
    f.releases = vec![
        release("0.1.0", "2023-07-01"),
        release("0.2.0", "2024-07-01"),
        release("1.0.0", "2025-07-01"),
    ];
    f.version = v("1.0.0");
    assert_measured(
        &measure(&f, "breaking-cadence"),
        num(0.667),
        0.833,
        "2 new compatible lines in the last 3 years",
    );
    // A week-old crate is measured over the minimum window of 30 days.
    let mut f = facts();
    f.releases = vec![
        release("0.1.0", "2026-06-23"),
        release("0.2.0", "2026-06-29"),
    ];
    f.version = v("0.2.0");
    // 1 break / (30/365) years = 12.17 per year: past 4 → .1.
    assert_measured(
        &measure(&f, "breaking-cadence"),
        num(12.167),
        0.1,
        "1 new compatible line in the last 30 days",
    );
    let mut f = facts();
    f.releases[1].pubtime = None;
    assert_unavailable(
        &measure(&f, "breaking-cadence"),
        "registry index: no publish dates (pubtime) for this crate",
    );
    let mut f = facts();
    for r in &mut f.releases {
        r.version.pre = semver::Prerelease::new("rc.1").unwrap();
    }
    assert_unavailable(
        &measure(&f, "breaking-cadence"),
        "registry index: no stable releases",
    );
}

#[test]
fn stable_major() {
    assert_measured(
        &measure(&facts(), "stable-major"),
        text("1.2.0"),
        1.0,
        "1.2.0 is past 1.0",
    );
    let mut f = facts();
    f.version = v("0.3.1");
    assert_measured(
        &measure(&f, "stable-major"),
        text("0.3.1"),
        0.5,
        "0.3.1 is pre-1.0",
    );
    f.version = v("0.0.4");
    assert_measured(
        &measure(&f, "stable-major"),
        text("0.0.4"),
        0.0,
        "0.0.4 is pre-1.0",
    );
}

#[test]
fn history_span() {
    // 2024-01-10 → 2026-01-10: 731 days (2024 is a leap year); 440→1.
    assert_measured(
        &measure(&facts(), "history-span"),
        num(731.0),
        1.0,
        "3 releases from 2024-01-10 to 2026-01-10",
    );
    let mut f = facts();
    f.releases = vec![
        release("0.1.0", "2026-01-01"),
        release("0.1.1", "2026-04-21"),
    ];
    // 110 days / 440.
    assert_measured(
        &measure(&f, "history-span"),
        num(110.0),
        0.25,
        "2 releases from 2026-01-01 to 2026-04-21",
    );
    f.releases[0].pubtime = None;
    assert_unavailable(
        &measure(&f, "history-span"),
        "registry index: no publish dates (pubtime) for this crate",
    );
}

#[test]
fn line_releases() {
    // 1.0.0, 1.1.0, 1.2.0 are one line: two releases after its first; 5→1.
    assert_measured(
        &measure(&facts(), "line-releases"),
        num(2.0),
        0.4,
        "2 releases on 1.x after its first",
    );
    // Releases of the line after the evaluated version do not count.
    let mut f = facts();
    f.version = v("1.0.0");
    assert_measured(
        &measure(&f, "line-releases"),
        num(0.0),
        0.0,
        "0 releases on 1.x after its first",
    );
}

#[test]
fn yank_share() {
    assert_measured(
        &measure(&facts(), "yank-share"),
        num(0.0),
        1.0,
        "0 of 3 versions yanked",
    );
    let mut f = facts();
    f.releases[0].yanked = true;
    // 1/3: .1→1, .4→.3: 1 − .7·(.2333/.3) = .4556.
    assert_measured(
        &measure(&f, "yank-share"),
        num(0.333),
        0.456,
        "1 of 3 versions yanked",
    );
    // Evaluated as of a past day: today's flags say nothing about then.
    f.yanks_unknown = true;
    assert_unavailable(
        &measure(&f, "yank-share"),
        &format!(
            "registry index: which versions were yanked by {} is not known: the index tells which are yanked today, not since when",
            f.as_of
        ),
    );
    f.releases.clear();
    assert_unavailable(&measure(&f, "yank-share"), "registry index: no releases");
}

#[test]
fn msrv_declared() {
    assert_measured(
        &measure(&facts(), "msrv-declared"),
        no(),
        0.0,
        "no rust-version declared",
    );
    let mut f = facts();
    f.releases[2].rust_version = Some("1.70".into());
    assert_measured(
        &measure(&f, "msrv-declared"),
        yes(),
        1.0,
        "rust-version = 1.70",
    );
    // From the manifest when the index does not say.
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.rust_version = Some("1.65".into());
    assert_measured(
        &measure(&f, "msrv-declared"),
        yes(),
        1.0,
        "rust-version = 1.65",
    );
}
