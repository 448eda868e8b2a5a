//! Golden values of the build footprint group (shown, never part of the
//! composite): dependency weight and count, build script, crate size, no_std.

mod common;
use common::*;
use cratescope_model::{DepKind, SourceId};

#[test]
fn build_cost() {
    assert_measured(
        &measure(&facts(), "build-cost"),
        text("none"),
        1.0,
        "no build script",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.build_script = true;
    assert_measured(
        &measure(&f, "build-cost"),
        text("build-script"),
        0.0,
        "has a build script",
    );
    f.package.as_mut().unwrap().manifest.links = Some("z".into());
    assert_measured(
        &measure(&f, "build-cost"),
        text("links"),
        0.5,
        "links native library `z`",
    );
}

#[test]
fn dependency_weight() {
    let mut f = facts();
    f.transitive_deps = Some(20);
    assert_measured(
        &measure(&f, "dependency-weight"),
        num(20.0),
        0.7,
        "20 crates in the default-feature dependency tree",
    );
    // Tree not resolved: the direct default dependencies stand in; an
    // optional one not enabled by default does not count. 2 → 5→1 flat.
    let mut f = facts();
    let mut opt = dep("serde", "^1", DepKind::Normal);
    opt.optional = true;
    f.releases[2].deps = vec![
        dep("memchr", "^2", DepKind::Normal),
        dep("log", "^0.4", DepKind::Normal),
        opt,
        dep("criterion", "^0.5", DepKind::Dev),
    ]
    .into();
    assert_measured(
        &measure(&f, "dependency-weight"),
        num(2.0),
        1.0,
        "2 direct dependencies with default features (tree not resolved)",
    );
}

#[test]
fn dependency_count() {
    let mut f = facts();
    f.releases[2].deps = (0..40)
        .map(|i| dep(&format!("d{i}"), "^1", DepKind::Normal))
        .chain([dep("b", "^1", DepKind::Build)])
        .collect();
    // 40 normal: 30→.7, 100→0: .7 − .7·10/70 = .6.
    assert_measured(
        &measure(&f, "dependency-count"),
        num(40.0),
        0.6,
        "40 direct dependencies",
    );
}

#[test]
fn crate_size() {
    assert_measured(
        &measure(&facts(), "crate-size"),
        num(20_480.0),
        1.0,
        "20 KiB .crate",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().crate_size = 2_000_000;
    // 1MB→.5, 10MB→0: .5 − .5·1/9 = .4444.
    assert_measured(
        &measure(&f, "crate-size"),
        num(2_000_000.0),
        0.444,
        "1.9 MiB .crate",
    );
}

#[test]
fn no_std() {
    assert_measured(&measure(&facts(), "no-std"), no(), 0.0, "requires std");
    let mut f = facts();
    f.package.as_mut().unwrap().code.no_std = true;
    assert_measured(&measure(&f, "no-std"), yes(), 1.0, "supports no_std");
    unreachable(&mut f, SourceId::Tarball, "offline: not in the cache");
    assert_unavailable(
        &measure(&f, "no-std"),
        "published .crate: offline: not in the cache",
    );
}
