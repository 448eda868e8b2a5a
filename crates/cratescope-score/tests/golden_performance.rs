//! Golden values of the D5 performance signals (model 2): evidence of
//! performance work. Absence from the package is never 0; without a
//! benchmark suite the dimension has no data.

mod common;
use common::*;
use cratescope_model::{DepKind, Facts, ManifestDep, SourceId};
use cratescope_score::{Model, evaluate};

fn dev(name: &str) -> ManifestDep {
    ManifestDep {
        name: name.into(),
        key: name.into(),
        kind: DepKind::Dev,
        optional: false,
        target: None,
        default_features: true,
        features: Vec::new(),
        path: None,
    }
}

fn with_harness(name: &str) -> Facts {
    let mut f = facts();
    f.package
        .as_mut()
        .unwrap()
        .manifest
        .dependencies
        .push(dev(name));
    f
}

const NO_SUITE: &str = "no benchmark suite seen: nothing to run in CI or to track";

#[test]
fn benches() {
    assert_unavailable(
        &measure(&facts(), "benches"),
        "no benchmarks in the package, its manifest or the repository",
    );
    // A suite seen but not counted: one, thin evidence (s .6).
    let mut f = facts();
    f.package.as_mut().unwrap().layout.has_benches = true;
    assert_measured(
        &measure(&f, "benches"),
        num(1.0),
        0.6,
        "benchmarks in the package",
    );
    // Three files: a suite (s .8).
    f.package.as_mut().unwrap().layout.bench_files = 3;
    assert_measured(
        &measure(&f, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package",
    );
    // Excluded from the package, still declared: the manifest tells. Two
    // targets, log-scale between 1 (.6) and 3 (.8): .6 + .2·log 2/log 3.
    let mut f = with_harness("criterion");
    f.package.as_mut().unwrap().manifest.bench_targets = 2;
    f.git.as_mut().unwrap().bench_ci = true;
    assert_measured(
        &measure(&f, "benches"),
        num(2.0),
        0.726,
        "2 [[bench]] targets in the manifest; benchmark harness criterion; a CI workflow runs benchmarks",
    );
    // The repository's benches count when the package ships none: ten
    // files are a body of performance work (s 1).
    let mut f = facts();
    f.git.as_mut().unwrap().bench_files = (0..10).map(|i| format!("benches/b{i}.rs")).collect();
    assert_measured(
        &measure(&f, "benches"),
        num(10.0),
        1.0,
        "10 benchmarks in the repository (git), not in the package: benches/b0.rs, benches/b1.rs, benches/b2.rs, …",
    );
    // Without the package, benchmarks run in CI still show a suite, of
    // unknown breadth: one.
    let mut f = facts();
    f.git.as_mut().unwrap().bench_ci = true;
    unreachable(&mut f, SourceId::Tarball, "offline");
    assert_measured(
        &measure(&f, "benches"),
        num(1.0),
        0.6,
        "a CI workflow runs benchmarks",
    );
    f.git.as_mut().unwrap().bench_ci = false;
    assert_unavailable(&measure(&f, "benches"), "published .crate: offline");
}

#[test]
fn a_suite_only_nightly_builds_is_thin_whatever_its_breadth() {
    // Ten libtest `#[bench]` files, no stable harness, no CI: the breadth
    // is shown but s is s_nightly_only (0.4), below one stable file (0.6).
    let mut f = facts();
    let l = &mut f.package.as_mut().unwrap().layout;
    (l.has_benches, l.bench_files, l.nightly_bench_files) = (true, 10, 10);
    let nightly = "10 benchmark files in the package; 10 bench files need nightly Rust (libtest's unstable harness), and no stable harness or CI workflow builds them: a suite nothing keeps building";
    assert_measured(&measure(&f, "benches"), num(10.0), 0.4, nightly);
    // One nightly file among modules: the suite still needs nightly.
    f.package.as_mut().unwrap().layout.nightly_bench_files = 1;
    assert_measured(
        &measure(&f, "benches"),
        num(10.0),
        0.4,
        "10 benchmark files in the package; 1 bench file needs nightly Rust (libtest's unstable harness), and no stable harness or CI workflow builds them: a suite nothing keeps building",
    );
    // The repository not read, nothing else known: 1 + 4·0.4 = 2.6.
    unreachable(&mut f, SourceId::Git, "offline");
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.score("performance"), Some(2.6));
    // A stable harness beside it: the suite runs on stable, breadth counts.
    let mut g = with_harness("criterion");
    let l = &mut g.package.as_mut().unwrap().layout;
    (l.has_benches, l.bench_files, l.nightly_bench_files) = (true, 10, 4);
    assert_measured(
        &measure(&g, "benches"),
        num(10.0),
        1.0,
        "10 benchmark files in the package; benchmark harness criterion",
    );
    // CI runs the benchmarks (on nightly): the suite is checked, breadth counts.
    let mut g = facts();
    let l = &mut g.package.as_mut().unwrap().layout;
    (l.has_benches, l.bench_files, l.nightly_bench_files) = (true, 3, 3);
    g.git.as_mut().unwrap().bench_ci = true;
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package; a CI workflow runs benchmarks",
    );
    // CI only compiles them (syn's `cargo check --benches` on nightly): the
    // suite is kept building, breadth counts.
    let gf = g.git.as_mut().unwrap();
    (gf.bench_ci, gf.bench_build_ci) = (false, true);
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package",
    );
    // So does a packaged workflow that runs or compiles them, the
    // repository not read.
    unreachable(&mut g, SourceId::Git, "offline");
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.4,
        "3 benchmark files in the package; 3 bench files need nightly Rust (libtest's unstable harness), and no stable harness or CI workflow builds them: a suite nothing keeps building",
    );
    let l = &mut g.package.as_mut().unwrap().layout;
    l.bench_workflows = vec![".github/workflows/bench.yml".into()];
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package",
    );
    let l = &mut g.package.as_mut().unwrap().layout;
    l.bench_workflows.clear();
    l.bench_build_workflows = vec![".github/workflows/nightly.yml".into()];
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package",
    );
    // Without the fact (facts analysed before format 5), nothing changes.
    let l = &mut g.package.as_mut().unwrap().layout;
    l.bench_build_workflows.clear();
    l.nightly_bench_files = 0;
    assert_measured(
        &measure(&g, "benches"),
        num(3.0),
        0.8,
        "3 benchmark files in the package",
    );
}

#[test]
fn bench_ci() {
    assert_unavailable(&measure(&facts(), "bench-ci"), NO_SUITE);
    let f = with_harness("divan");
    assert_measured(
        &measure(&f, "bench-ci"),
        no(),
        0.0,
        "no CI workflow runs benchmarks",
    );
    let mut f = facts();
    f.git.as_mut().unwrap().bench_ci = true;
    assert_measured(
        &measure(&f, "bench-ci"),
        yes(),
        1.0,
        "a CI workflow runs benchmarks",
    );
    // Without the repository, workflows shipped in the package tell.
    let mut f = with_harness("criterion");
    unreachable(&mut f, SourceId::Git, "offline");
    assert_unavailable(&measure(&f, "bench-ci"), "git repository: offline");
    let layout = &mut f.package.as_mut().unwrap().layout;
    layout.workflows = vec![".github/workflows/ci.yml".into()];
    assert_measured(
        &measure(&f, "bench-ci"),
        no(),
        0.0,
        "packaged CI workflows run no benchmarks",
    );
    let layout = &mut f.package.as_mut().unwrap().layout;
    layout.bench_workflows = vec![".github/workflows/ci.yml".into()];
    assert_measured(
        &measure(&f, "bench-ci"),
        yes(),
        1.0,
        "a packaged CI workflow runs benchmarks",
    );
}

#[test]
fn regression_tracking() {
    assert_unavailable(&measure(&facts(), "regression-tracking"), NO_SUITE);
    assert_measured(
        &measure(&with_harness("criterion"), "regression-tracking"),
        no(),
        0.0,
        "no benchmark regression tracking in CI",
    );
    assert_measured(
        &measure(
            &with_harness("codspeed-criterion-compat"),
            "regression-tracking",
        ),
        yes(),
        1.0,
        "dev-dependency codspeed-criterion-compat",
    );
    let mut f = facts();
    let g = f.git.as_mut().unwrap();
    g.bench_ci = true;
    g.bench_ci_evidence = vec![
        ".github/workflows/ci.yml: cargo bench --no-run".into(),
        ".github/workflows/bench.yml: uses: benchmark-action/github-action-benchmark@v1".into(),
    ];
    assert_measured(
        &measure(&f, "regression-tracking"),
        yes(),
        1.0,
        "CI: .github/workflows/bench.yml: uses: benchmark-action/github-action-benchmark@v1",
    );
    let mut f = with_harness("criterion");
    unreachable(&mut f, SourceId::Git, "offline");
    assert_unavailable(
        &measure(&f, "regression-tracking"),
        "git repository: offline",
    );
}

#[test]
fn no_evidence_is_no_data_not_red() {
    let e = evaluate(&facts(), &Model::embedded());
    let d = e.dimension("performance").unwrap();
    assert_eq!(d.score, None);
    assert_eq!(d.confidence, 0.0);
    // One bench (s .6), run in CI, not tracked: (3·.6 + 1·1 + 1·0)/5 → 3.24.
    let mut f = with_harness("criterion");
    f.git.as_mut().unwrap().bench_ci = true;
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.score("performance"), Some(3.24));
    // One bench alone, the repository not read: thin evidence weighs thin —
    // 3.4 on 3/5 of the evidence (model 2 read 5.0, "fast").
    let mut f = with_harness("criterion");
    unreachable(&mut f, SourceId::Git, "offline");
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.score("performance"), Some(3.4));
    // Ten [[bench]] targets, the repository not read: a body of work, 5.0.
    f.package.as_mut().unwrap().manifest.bench_targets = 10;
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.score("performance"), Some(5.0));
    assert_eq!(e.dimension("performance").unwrap().confidence, 0.6);
}
