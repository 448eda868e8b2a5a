//! Golden values of the D8 security signals.

mod common;
use common::*;
use cratescope_model::{
    AdvisoryFact, AnalysisLimit, Facts, NotAnalysed, SourceId, TreeAdvisory, UnsafeCounts,
};

fn advisory(id: &str, kind: &str, affects: bool, patch_days: Option<i64>) -> AdvisoryFact {
    AdvisoryFact {
        id: id.into(),
        title: format!("{id} title"),
        date: "2025-01-01".parse().unwrap(),
        kind: kind.into(),
        affects_evaluated: affects,
        patch_days,
    }
}

fn with_advisories(list: Vec<AdvisoryFact>) -> Facts {
    let mut f = facts();
    f.advisories.as_mut().unwrap().advisories = list;
    f
}

#[test]
fn open_advisories() {
    assert_measured(
        &measure(&facts(), "open-advisories"),
        num(0.0),
        1.0,
        "no open advisories on 1.2.0",
    );
    // Unmaintained and history do not count here; a vulnerability on this version does.
    let f = with_advisories(vec![
        advisory("RUSTSEC-2099-0001", "vulnerability", true, None),
        advisory("RUSTSEC-2099-0002", "unmaintained", true, None),
        advisory("RUSTSEC-2099-0003", "unsound", false, Some(3)),
    ]);
    assert_measured(
        &measure(&f, "open-advisories"),
        num(1.0),
        0.0,
        "open on 1.2.0: RUSTSEC-2099-0001",
    );
    let mut f = facts();
    unreachable(
        &mut f,
        SourceId::Advisories,
        "no database (pass --advisory-db PATH)",
    );
    assert_unavailable(
        &measure(&f, "open-advisories"),
        "RustSec advisory database: no database (pass --advisory-db PATH)",
    );
}

#[test]
fn tree_advisories() {
    assert_measured(
        &measure(&facts(), "tree-advisories"),
        num(0.0),
        1.0,
        "no advisories in the dependency tree",
    );
    // Facts without kinds (recorded before kinds were): each weighs as a
    // direct vulnerability, 1 → .5.
    let mut f = facts();
    f.advisories.as_mut().unwrap().tree_advisories =
        Some(vec!["RUSTSEC-2020-0036 (failure 0.1.8)".into()]);
    assert_measured(
        &measure(&f, "tree-advisories"),
        num(1.0),
        0.5,
        "in the dependency tree: RUSTSEC-2020-0036 (failure 0.1.8)",
    );
    // Weighed by kind and depth: a vulnerability in a direct dependency 1,
    // an informational unmaintained notice deeper in the tree .1: 1.1 →
    // .5 − .5·.1/2 = .475.
    let a = f.advisories.as_mut().unwrap();
    a.tree_advisories = Some(vec![
        "RUSTSEC-2099-0001 (alpha 1.0.0)".into(),
        "RUSTSEC-2099-0002 (beta 0.1.0)".into(),
    ]);
    a.tree_findings = vec![
        TreeAdvisory {
            id: "RUSTSEC-2099-0001".into(),
            kind: "vulnerability".into(),
            package: "alpha".into(),
            version: "1.0.0".into(),
            direct: true,
        },
        TreeAdvisory {
            id: "RUSTSEC-2099-0002".into(),
            kind: "unmaintained".into(),
            package: "beta".into(),
            version: "0.1.0".into(),
            direct: false,
        },
    ];
    assert_measured(
        &measure(&f, "tree-advisories"),
        num(1.1),
        0.475,
        "in the dependency tree: RUSTSEC-2099-0001 (alpha 1.0.0, vulnerability, direct), RUSTSEC-2099-0002 (beta 0.1.0, unmaintained, indirect)",
    );
    // An unmaintained direct dependency alone (pavex's paste): .3 → .85.
    let a = f.advisories.as_mut().unwrap();
    a.tree_findings.remove(0);
    a.tree_findings[0].direct = true;
    a.tree_advisories = Some(vec!["RUSTSEC-2099-0002 (beta 0.1.0)".into()]);
    assert_measured(
        &measure(&f, "tree-advisories"),
        num(0.3),
        0.85,
        "in the dependency tree: RUSTSEC-2099-0002 (beta 0.1.0, unmaintained, direct)",
    );
    let a = f.advisories.as_mut().unwrap();
    a.tree_advisories = None;
    a.tree_note = Some(cratescope_model::msg!(
        "engine-tree-not-resolved",
        crates = cratescope_model::message::Arg::crates(vec!["wasm-bindgen".to_string()])
    ));
    assert_unavailable(
        &measure(&f, "tree-advisories"),
        "dependency tree not resolved: cannot read wasm-bindgen",
    );
}

fn dated(mut a: AdvisoryFact, date: &str) -> AdvisoryFact {
    a.date = date.parse().unwrap();
    a
}

#[test]
fn patch_speed() {
    assert_unavailable(
        &measure(&facts(), "patch-speed"),
        "RustSec advisory database: no vulnerability or soundness advisory for this crate in the last 1,095 days: no fix to time",
    );
    let f = with_advisories(vec![
        advisory("A", "vulnerability", false, Some(10)),
        advisory("B", "vulnerability", false, Some(100)),
        advisory("C", "unsound", false, Some(40)),
    ]);
    // Median 40: 14→1, 90→.5: 1 − .5·26/76 = .8289.
    assert_measured(
        &measure(&f, "patch-speed"),
        num(40.0),
        0.829,
        "median 40 days to a patched release over 3 advisories of the last 1,095 days",
    );
    let f = with_advisories(vec![
        advisory("A", "vulnerability", false, Some(10)),
        advisory("B", "vulnerability", false, Some(100)),
    ]);
    // Median of two: 55 → 1 − .5·41/76 = .7303.
    assert_measured(
        &measure(&f, "patch-speed"),
        num(55.0),
        0.73,
        "median 55 days to a patched release over 2 advisories of the last 1,095 days",
    );
    // A fix shipped before the advisory (coordinated disclosure) took 0 days.
    let f = with_advisories(vec![advisory("A", "vulnerability", false, Some(-5))]);
    assert_measured(
        &measure(&f, "patch-speed"),
        num(0.0),
        1.0,
        "median 0 days to a patched release over 1 advisory of the last 1,095 days",
    );
}

#[test]
fn patch_speed_counts_open_advisories_as_open_so_far() {
    // Evaluated on 2026-06-30. Still open on the evaluated version since
    // 2026-04-01: 90 days so far. Fixed in 10 days. Median of [10, 90] = 50
    // → 1 − .5·36/76 = .7632. The unmaintained notice times nothing.
    let f = with_advisories(vec![
        dated(advisory("A", "vulnerability", true, None), "2026-04-01"),
        dated(advisory("B", "unsound", false, Some(10)), "2025-06-01"),
        dated(advisory("C", "unmaintained", true, None), "2026-01-01"),
    ]);
    assert_measured(
        &measure(&f, "patch-speed"),
        num(50.0),
        0.763,
        "median 50 days to a fix over 2 advisories of the last 1,095 days, 1 of them still open (counted as open so far)",
    );
    // One open for a year and a half: past 365 → 0, the slowest fix there is
    // (model 2.1 left it out and read the crate as unmeasured).
    let f = with_advisories(vec![dated(
        advisory("A", "vulnerability", true, None),
        "2025-01-01",
    )]);
    assert_measured(
        &measure(&f, "patch-speed"),
        num(545.0),
        0.0,
        "median 545 days to a fix over 1 advisory of the last 1,095 days, 1 of them still open (counted as open so far)",
    );
    // Not patched and not affecting the evaluated version (an unaffected
    // range): no fix to time.
    let f = with_advisories(vec![advisory("A", "vulnerability", false, None)]);
    assert_unavailable(
        &measure(&f, "patch-speed"),
        "RustSec advisory database: no vulnerability or soundness advisory for this crate in the last 1,095 days: no fix to time",
    );
}

#[test]
fn patch_speed_reads_the_last_three_years_only() {
    // 2023-06-30 is 1,096 days before 2026-06-30: out of the window, so a
    // slow fix then no longer weighs; the quick one of 2024 stands alone.
    let f = with_advisories(vec![
        dated(
            advisory("OLD", "vulnerability", false, Some(400)),
            "2023-06-30",
        ),
        dated(
            advisory("NEW", "vulnerability", false, Some(7)),
            "2024-03-01",
        ),
    ]);
    assert_measured(
        &measure(&f, "patch-speed"),
        num(7.0),
        1.0,
        "median 7 days to a patched release over 1 advisory of the last 1,095 days",
    );
    // One day inside the window it counts: median of [400, 7] = 203.5 →
    // 90→.5, 365→0: .5 − .5·113.5/275 = .2936.
    let f = with_advisories(vec![
        dated(
            advisory("OLD", "vulnerability", false, Some(400)),
            "2023-07-01",
        ),
        dated(
            advisory("NEW", "vulnerability", false, Some(7)),
            "2024-03-01",
        ),
    ]);
    assert_measured(
        &measure(&f, "patch-speed"),
        num(203.5),
        0.294,
        "median 203.5 days to a patched release over 2 advisories of the last 1,095 days",
    );
}

#[test]
fn unsafe_use() {
    let mut f = facts();
    f.package.as_mut().unwrap().code.forbid_unsafe_code = true;
    assert_measured(
        &measure(&f, "unsafe-use"),
        text("forbid"),
        1.0,
        "#![forbid(unsafe_code)]",
    );
    assert_measured(
        &measure(&facts(), "unsafe-use"),
        num(0.0),
        0.7,
        "0 unsafe blocks, 0 unsafe fns, 0 unsafe impls in 2,000 lines (0 per 1k)",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().code.unsafe_counts = UnsafeCounts {
        blocks: 4,
        functions: 1,
        methods: 1,
        impls: 0,
        traits: 3,
    };
    // 6 per 2000 lines = 3 per 1k: .7 − .4·(3 − 1)/(5 − 1) = .5 (traits do not count).
    assert_measured(
        &measure(&f, "unsafe-use"),
        num(3.0),
        0.5,
        "4 unsafe blocks, 2 unsafe fns, 0 unsafe impls in 2,000 lines (3 per 1k)",
    );
    f.package.as_mut().unwrap().code.unsafe_counts.blocks = 40;
    // 21 per 1k ≥ 5 → .3.
    assert_measured(
        &measure(&f, "unsafe-use"),
        num(21.0),
        0.3,
        "40 unsafe blocks, 2 unsafe fns, 0 unsafe impls in 2,000 lines (21 per 1k)",
    );
    // Issue 17: a file the analysis refused may hold unsafe code: no count
    // rather than a flattering one; #![forbid(unsafe_code)] still settles it.
    f.package
        .as_mut()
        .unwrap()
        .code
        .not_analysed
        .push(NotAnalysed {
            krate: "demo".into(),
            path: Some("src/huge.rs".into()),
            limit: AnalysisLimit::FileBytes,
            found: 20_000_000,
            max: 16_777_216,
            in_module_tree: true,
        });
    assert_unavailable(
        &measure(&f, "unsafe-use"),
        "published .crate: code not fully analysed (demo: src/huge.rs not analysed: a file of 20,000,000 bytes, limit 16,777,216): unsafe not counted",
    );
    f.package.as_mut().unwrap().code.forbid_unsafe_code = true;
    assert_measured(
        &measure(&f, "unsafe-use"),
        text("forbid"),
        1.0,
        "#![forbid(unsafe_code)]",
    );
}

#[test]
fn fuzzing() {
    // The repository was read and has none: measured absence.
    assert_measured(
        &measure(&facts(), "fuzzing"),
        no(),
        0.0,
        "no fuzz targets in the repository",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().fuzz_targets = vec!["fuzz/fuzz_targets/parse.rs".into()];
    assert_measured(&measure(&f, "fuzzing"), yes(), 1.0, "1 fuzz targets");
    // Without the repository, a package's fuzz/ is evidence; its absence is not.
    let mut f = facts();
    unreachable(&mut f, SourceId::Git, "offline");
    assert_unavailable(&measure(&f, "fuzzing"), "git repository: offline");
    f.package.as_mut().unwrap().layout.has_fuzz = true;
    assert_measured(
        &measure(&f, "fuzzing"),
        yes(),
        1.0,
        "a fuzz/ crate in the package",
    );
}

#[test]
fn security_policy() {
    assert_measured(
        &measure(&facts(), "security-policy"),
        no(),
        0.0,
        "no security policy in the repository",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().security_policy = Some("SECURITY.md".into());
    assert_measured(
        &measure(&f, "security-policy"),
        yes(),
        1.0,
        "SECURITY.md present",
    );
    let mut f = facts();
    unreachable(&mut f, SourceId::Git, "offline");
    assert_unavailable(&measure(&f, "security-policy"), "git repository: offline");
    f.package.as_mut().unwrap().layout.security_policy = Some(".github/SECURITY.md".into());
    assert_measured(
        &measure(&f, "security-policy"),
        yes(),
        1.0,
        ".github/SECURITY.md present",
    );
}

#[test]
fn trusted_publishing() {
    let mut f = facts();
    assert_unavailable(&measure(&f, "trusted-publishing"), "crates.io API: no data");
    f.crates_io.as_mut().unwrap().trusted_publishing = Some(true);
    assert_measured(
        &measure(&f, "trusted-publishing"),
        yes(),
        1.0,
        "published by trusted publishing",
    );
    f.crates_io.as_mut().unwrap().trusted_publishing = Some(false);
    assert_measured(
        &measure(&f, "trusted-publishing"),
        no(),
        0.0,
        "published with an API token",
    );
}
