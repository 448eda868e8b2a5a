//! Golden values of the D4 usage signals (crates.io API and db dump).

mod common;
use common::*;
use cratescope_model::{DumpFacts, SourceId};

#[test]
fn downloads() {
    let mut f = facts();
    f.crates_io.as_mut().unwrap().downloads_per_month = Some(50_000.0);
    // log10(50 000) = 4.699: 10k→.4, 100k→.6 → .4 + .2·.699 = .5398.
    assert_measured(
        &measure(&f, "downloads"),
        num(50_000.0),
        0.54,
        "50,000 downloads/month over the last 90 days",
    );
    // The scale runs to ten million a month (serde, syn): 30M → 1.
    f.crates_io.as_mut().unwrap().downloads_per_month = Some(30_000_000.0);
    assert_measured(
        &measure(&f, "downloads"),
        num(30_000_000.0),
        1.0,
        "30,000,000 downloads/month over the last 90 days",
    );
    // A binary's downloads count ten times.
    f.crates_io.as_mut().unwrap().downloads_per_month = Some(5_000.0);
    f.package.as_mut().unwrap().manifest.binary_only = true;
    assert_measured(
        &measure(&f, "downloads"),
        num(50_000.0),
        0.54,
        "5,000 downloads/month (binary crate: scaled ×10)",
    );
    f.crates_io.as_mut().unwrap().downloads_per_month = None;
    assert_unavailable(
        &measure(&f, "downloads"),
        "crates.io API: recent downloads not answered; crates.io db dump: not consulted",
    );
    unreachable(&mut f, SourceId::CratesIo, "refused to call crates.io");
    assert_unavailable(
        &measure(&f, "downloads"),
        "crates.io API: refused to call crates.io; crates.io db dump: not consulted",
    );
}

#[test]
fn dependents() {
    let mut f = facts();
    f.crates_io.as_mut().unwrap().dependents = Some(25);
    // log10(25) = 1.398: 10→.3, 100→.55 → .3 + .25·.398 = .3995.
    assert_measured(
        &measure(&f, "dependents"),
        num(25.0),
        0.399,
        "25 crates depend on it directly",
    );
    // 800 (rocket) and 45 000 (serde) no longer look alike.
    f.crates_io.as_mut().unwrap().dependents = Some(800);
    // log10(800) = 2.903: 100→.55, 1000→.8 → .55 + .25·.903 = .7758.
    assert_measured(
        &measure(&f, "dependents"),
        num(800.0),
        0.776,
        "800 crates depend on it directly",
    );
    f.crates_io.as_mut().unwrap().dependents = Some(45_000);
    assert_measured(
        &measure(&f, "dependents"),
        num(45_000.0),
        1.0,
        "45,000 crates depend on it directly",
    );
    f.crates_io.as_mut().unwrap().dependents = None;
    assert_unavailable(
        &measure(&f, "dependents"),
        "crates.io API: reverse dependencies not answered; crates.io db dump: not consulted",
    );
    f.package.as_mut().unwrap().manifest.binary_only = true;
    assert_unavailable(
        &measure(&f, "dependents"),
        "not applicable: binary-only crate: nothing depends on it",
    );
}

#[test]
fn dependent_owners_and_indirect_dependents() {
    let mut f = facts();
    assert_unavailable(
        &measure(&f, "dependent-owners"),
        "crates.io db dump: not consulted",
    );
    assert_unavailable(
        &measure(&f, "indirect-dependents"),
        "crates.io db dump: not consulted",
    );
    f.dump = Some(DumpFacts {
        dependent_owners: Some(5),
        indirect_dependents: Some(60),
        ..DumpFacts::default()
    });
    // 5→.6.
    assert_measured(
        &measure(&f, "dependent-owners"),
        num(5.0),
        0.6,
        "5 distinct owners among dependents",
    );
    // log2(1 + 60/4)/8 = 4/8.
    assert_measured(
        &measure(&f, "indirect-dependents"),
        num(60.0),
        0.5,
        "60 crates depend on it indirectly",
    );
    f.package.as_mut().unwrap().manifest.binary_only = true;
    assert_unavailable(
        &measure(&f, "indirect-dependents"),
        "not applicable: binary-only crate: nothing depends on it",
    );
}

#[test]
fn usage_growth() {
    let mut f = facts();
    f.crates_io.as_mut().unwrap().growth = Some(1.15);
    // 1→.7, 1.3→1 → .85.
    assert_measured(
        &measure(&f, "usage-growth"),
        num(1.15),
        0.85,
        "downloads ×1.15 quarter over quarter",
    );
    f.crates_io.as_mut().unwrap().growth = None;
    assert_unavailable(
        &measure(&f, "usage-growth"),
        "crates.io API: not enough download history for growth; crates.io db dump: not consulted",
    );
}
