//! Golden values of the D6 ecosystem signals.

mod common;
use common::*;
use cratescope_model::{DepKind, Facts};

fn with_deps() -> Facts {
    let mut f = facts();
    f.releases[2].deps = vec![
        dep("alpha", "^1", DepKind::Normal),
        dep("beta", "^0.3", DepKind::Normal),
        dep("gamma", "^0.1", DepKind::Build),
        dep("delta", "^0.1", DepKind::Dev),
    ];
    let latest = f.dependency_latest.as_mut().unwrap();
    latest.insert("alpha".into(), Some(v("1.5.0")));
    latest.insert("beta".into(), Some(v("0.4.1")));
    latest.insert("gamma".into(), Some(v("0.1.9")));
    // delta is a dev-dependency: never looked up, never counted.
    f
}

#[test]
fn dependency_freshness() {
    // One of three normal+build requirements behind: 0.2.
    assert_measured(
        &measure(&with_deps(), "dependency-freshness"),
        num(0.2),
        0.2,
        "1 of 3 requirements behind: beta ^0.3 (latest 0.4.1)",
    );
    let mut f = with_deps();
    f.dependency_latest
        .as_mut()
        .unwrap()
        .insert("gamma".into(), Some(v("0.2.0")));
    // Two behind: 0.2 · 0.2.
    assert_measured(
        &measure(&f, "dependency-freshness"),
        num(0.04),
        0.04,
        "2 of 3 requirements behind: beta ^0.3 (latest 0.4.1), gamma ^0.1 (latest 0.2.0)",
    );
    assert_measured(
        &measure(&facts(), "dependency-freshness"),
        num(1.0),
        1.0,
        "no dependencies",
    );
    let mut f = with_deps();
    f.dependency_latest = None;
    assert_unavailable(
        &measure(&f, "dependency-freshness"),
        "registry index: dependencies' latest versions not looked up",
    );
}

#[test]
fn dependency_count() {
    assert_measured(
        &measure(&with_deps(), "dependency-count"),
        num(2.0),
        1.0,
        "2 direct dependencies",
    );
}

#[test]
fn toolchain() {
    assert_measured(
        &measure(&facts(), "toolchain"),
        num(0.667),
        0.667,
        "edition 2021, no rust-version, stable toolchain",
    );
    let mut f = facts();
    let p = f.package.as_mut().unwrap();
    p.manifest.edition = None;
    p.manifest.rust_version = Some("1.60".into());
    p.code.nightly_features = vec!["specialization".into()];
    assert_measured(
        &measure(&f, "toolchain"),
        num(0.333),
        0.333,
        "edition 2015, rust-version set, needs nightly (#![feature(specialization)])",
    );
}

#[test]
fn license() {
    assert_measured(
        &measure(&facts(), "license"),
        text("MIT OR Apache-2.0"),
        1.0,
        "license MIT OR Apache-2.0",
    );
    let mut f = facts();
    let m = &mut f.package.as_mut().unwrap().manifest;
    m.license = Some("GPL-3.0-only".into());
    assert_measured(
        &measure(&f, "license"),
        text("GPL-3.0-only"),
        0.6,
        "license GPL-3.0-only",
    );
    let m = &mut f.package.as_mut().unwrap().manifest;
    m.license = Some("Artistic-2.0".into());
    assert_measured(
        &measure(&f, "license"),
        text("Artistic-2.0"),
        0.8,
        "license Artistic-2.0",
    );
    let m = &mut f.package.as_mut().unwrap().manifest;
    m.license = None;
    m.license_file = Some("LICENSE.txt".into());
    assert_measured(
        &measure(&f, "license"),
        text("license-file"),
        0.5,
        "custom license in LICENSE.txt",
    );
    f.package.as_mut().unwrap().manifest.license_file = None;
    assert_measured(
        &measure(&f, "license"),
        text("none"),
        0.0,
        "no license declared",
    );
}

#[test]
fn integrations() {
    assert_measured(
        &measure(&facts(), "integrations"),
        num(0.0),
        0.3,
        "no optional ecosystem integrations",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.integrations = vec!["serde".into(), "tokio".into()];
    assert_measured(
        &measure(&f, "integrations"),
        num(2.0),
        1.0,
        "optional integrations: serde, tokio",
    );
}

#[test]
fn discoverability() {
    assert_measured(
        &measure(&facts(), "discoverability"),
        num(1.0),
        1.0,
        "1 keywords, 1 categories",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.categories.clear();
    assert_measured(
        &measure(&f, "discoverability"),
        num(0.5),
        0.5,
        "1 keywords, 0 categories",
    );
}
