//! Golden values of the D6 ecosystem signals (model 2: graded dependency
//! freshness, a toolchain judged against the day evaluated).

mod common;
use common::*;
use cratescope_model::{DepKind, DependencyLatest, DependencyLine, Facts};

fn with_deps() -> Facts {
    let mut f = facts();
    f.releases[2].deps = vec![
        dep("alpha", "^1", DepKind::Normal),
        dep("beta", "^0.3", DepKind::Normal),
        dep("gamma", "^0.1", DepKind::Build),
        dep("delta", "^0.1", DepKind::Dev),
    ]
    .into();
    let lat = f.dependency_latest.as_mut().unwrap();
    lat.insert("alpha".into(), latest("1.5.0"));
    lat.insert("beta".into(), latest("0.4.1"));
    lat.insert("gamma".into(), latest("0.1.9"));
    // delta is a dev-dependency: never looked up, never counted.
    f
}

/// A dependency's lines, newest first: (latest, first published, lowest rust-version).
fn lines(list: &[(&str, &str, Option<&str>)]) -> Option<DependencyLatest> {
    Some(DependencyLatest {
        latest: Some(v(list[0].0)),
        lines: list
            .iter()
            .map(|(l, day, rv)| DependencyLine {
                latest: v(l),
                first_published: Some(ts(&format!("{day}T00:00:00Z"))),
                min_rust_version: rv.map(str::to_string),
            })
            .collect(),
    })
}

#[test]
fn dependency_freshness_is_graded() {
    // One of three behind by one line (published 2020, long adopted):
    // d = (1 + .6 + 1)/3.
    assert_measured(
        &measure(&with_deps(), "dependency-freshness"),
        num(0.867),
        0.867,
        "1 of 3 requirements behind: beta ^0.3 (latest 0.4.1, 1 line behind)",
    );
    assert_measured(
        &measure(&facts(), "dependency-freshness"),
        num(1.0),
        1.0,
        "no dependencies a common build uses",
    );
    let mut f = with_deps();
    f.dependency_latest = None;
    assert_unavailable(
        &measure(&f, "dependency-freshness"),
        "registry index: dependencies' latest versions not looked up",
    );
}

#[test]
fn dependency_freshness_leaves_out_choices_that_are_not_neglect() {
    let mut f = facts();
    f.releases[2].rust_version = Some("1.70".into());
    let mut wasm = dep("zwasm", "^0.1", DepKind::Normal);
    wasm.target = Some("cfg(target_arch = \"wasm32\")".into());
    let mut private = dep("zpriv", "^0.1", DepKind::Normal);
    private.optional = true;
    add_feature(&mut f, "__private", "dep:zpriv");
    f.releases[2].deps = vec![
        dep("alpha", "^1", DepKind::Normal),
        dep("beta", "^0.3", DepKind::Normal),
        dep("gamma", "^0.1", DepKind::Build),
        dep("delta", "^2", DepKind::Normal),
        dep("eps", "^1", DepKind::Normal),
        wasm,
        private,
        dep("sqlite-sys", ">=0.17.2, <0.39", DepKind::Normal),
        dep("ghost", "^1", DepKind::Normal),
        dep("criterion", "^0.5", DepKind::Dev),
    ]
    .into();
    let lat = f.dependency_latest.as_mut().unwrap();
    lat.insert("alpha".into(), lines(&[("1.5.0", "2020-01-01", None)]));
    // One line behind, out long ago: .6.
    lat.insert(
        "beta".into(),
        lines(&[("0.4.1", "2024-01-01", None), ("0.3.9", "2022-01-01", None)]),
    );
    // Two lines behind: .3.
    lat.insert(
        "gamma".into(),
        lines(&[
            ("0.3.0", "2025-06-01", None),
            ("0.2.0", "2024-01-01", None),
            ("0.1.5", "2023-01-01", None),
        ]),
    );
    // A new line 60 days old weighs 60/180 of a line: 1 − .4/3 = .8667; the
    // card says one whole line, and that the newest one counts in part.
    lat.insert(
        "delta".into(),
        lines(&[("3.0.0", "2026-05-02", None), ("2.4.0", "2022-01-01", None)]),
    );
    // The newer line needs Rust 1.80, the crate declares 1.70: a deliberate pin.
    lat.insert(
        "eps".into(),
        lines(&[
            ("2.0.0", "2025-01-01", Some("1.80")),
            ("1.9.0", "2022-01-01", Some("1.60")),
        ]),
    );
    lat.insert("zwasm".into(), lines(&[("0.9.0", "2020-01-01", None)]));
    lat.insert(
        "zpriv".into(),
        lines(&[("0.2.0", "2020-01-01", None), ("0.1.0", "2019-01-01", None)]),
    );
    // A range over three lines is deliberate, even with a newer one out.
    lat.insert(
        "sqlite-sys".into(),
        lines(&[
            ("0.39.0", "2025-01-01", None),
            ("0.38.0", "2024-06-01", None),
            ("0.37.0", "2024-01-01", None),
            ("0.36.0", "2023-06-01", None),
        ]),
    );
    lat.insert("ghost".into(), None);
    // Mean over the six counted: (1 + .6 + .3 + .8667 + 1 + 1)/6 = .7944.
    assert_measured(
        &measure(&f, "dependency-freshness"),
        num(0.794),
        0.794,
        "3 of 6 requirements behind: beta ^0.3 (latest 0.4.1, 1 line behind), gamma ^0.1 (latest 0.3.0, 2 lines behind), delta ^2 (latest 3.0.0, 1 line behind; the newest line is 60 days old and counts in full at 6 months); held back for the MSRV: eps ^1 (2.0.0 needs Rust 1.80); not counted: zwasm (only for `cfg(target_arch = \"wasm32\")`), zpriv (behind a private `__` feature), sqlite-sys >=0.17.2, <0.39 (a deliberate wide range); 1 not looked up",
    );
    // A public feature that reaches the private one makes zpriv count: one
    // line behind, (4.7667 + .6)/7 = .7667.
    add_feature(&mut f, "full", "__private");
    assert_measured(
        &measure(&f, "dependency-freshness"),
        num(0.767),
        0.767,
        "4 of 7 requirements behind: beta ^0.3 (latest 0.4.1, 1 line behind), gamma ^0.1 (latest 0.3.0, 2 lines behind), delta ^2 (latest 3.0.0, 1 line behind; the newest line is 60 days old and counts in full at 6 months), zpriv ^0.1 (latest 0.2.0, 1 line behind); held back for the MSRV: eps ^1 (2.0.0 needs Rust 1.80); not counted: zwasm (only for `cfg(target_arch = \"wasm32\")`), sqlite-sys >=0.17.2, <0.39 (a deliberate wide range); 1 not looked up",
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
        "edition 2015 (current: 2021), rust-version set, needs nightly (#![feature(specialization)])",
    );
    // Judged against the day evaluated: in mid-2020 edition 2018 had been
    // out 1.5 years (grace 2 years), and cargo had no rust-version field, so
    // that part is not asked.
    let mut f = facts();
    f.as_of = "2020-06-30".parse().unwrap();
    f.package.as_mut().unwrap().manifest.edition = Some("2018".into());
    assert_measured(
        &measure(&f, "toolchain"),
        num(1.0),
        1.0,
        "edition 2018, stable toolchain",
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

#[test]
fn lags_are_whole_lines_and_a_pin_inside_a_line_is_not_a_line_behind() {
    let mut f = facts();
    f.releases[2].deps = vec![
        // axum 0.8.9's pin: 0.8.4 is not the newest of the 0.8 line (0.8.6),
        // and 0.9 is out: one line behind, not the eight lines listed.
        dep("matchit", "=0.8.4", DepKind::Normal),
        // A pin on the newest line is current.
        dep("pinned", "=1.2.3", DepKind::Normal),
        // Below every line of a full list: at least that far behind.
        dep("ancient", "^0.1", DepKind::Normal),
    ]
    .into();
    let lat = f.dependency_latest.as_mut().unwrap();
    lat.insert(
        "matchit".into(),
        lines(&[
            ("0.9.2", "2025-10-01", None),
            ("0.8.6", "2024-01-01", None),
            ("0.7.3", "2023-01-01", None),
        ]),
    );
    lat.insert(
        "pinned".into(),
        lines(&[("1.4.0", "2020-01-01", None), ("0.9.0", "2019-01-01", None)]),
    );
    let full: Vec<(String, String)> = (0..DependencyLatest::MAX_LINES)
        .map(|i| (format!("0.{}.0", 20 - i), format!("20{:02}-01-01", 24 - i)))
        .collect();
    let full: Vec<(&str, &str, Option<&str>)> = full
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str(), None))
        .collect();
    lat.insert("ancient".into(), lines(&full));
    // matchit one line behind (d .6), pinned current (1), ancient past the
    // lag at which d reaches 0: (.6 + 1 + 0)/3 = .5333.
    assert_measured(
        &measure(&f, "dependency-freshness"),
        num(0.533),
        0.533,
        "2 of 3 requirements behind: matchit =0.8.4 (latest 0.9.2, 1 line behind), ancient ^0.1 (latest 0.20.0, older than the 8 newest lines)",
    );
}

/// `demo` with one binary target and its dependencies looked up.
fn tool() -> Facts {
    let mut f = with_deps();
    let p = f.package.as_mut().unwrap();
    p.manifest.bin_count = 1;
    p.manifest.binary_only = true;
    p.layout.cargo_lock = true;
    f
}

#[test]
fn installability_applies_to_crates_with_a_binary() {
    assert_unavailable(
        &measure(&facts(), "installability"),
        "not applicable: no binary target: nothing to `cargo install`",
    );
    // Locked, every requirement admits a line (beta ^0.3 admits 0.3.x even
    // though 0.4 is newer: out of date is freshness's business, not this).
    let mut f = tool();
    f.dependency_latest.as_mut().unwrap().insert(
        "beta".into(),
        lines(&[("0.4.1", "2026-01-01", None), ("0.3.9", "2025-01-01", None)]),
    );
    assert_measured(
        &measure(&f, "installability"),
        text("locked"),
        1.0,
        "1 binary target; every dependency of a default build has a release its requirement admits; ships Cargo.lock (`cargo install --locked` builds what the author tested)",
    );
    // No Cargo.lock: installable, not reproducibly: .7.
    f.package.as_mut().unwrap().layout.cargo_lock = false;
    assert_measured(
        &measure(&f, "installability"),
        text("unlocked"),
        0.7,
        "1 binary target; every dependency of a default build has a release its requirement admits; no Cargo.lock in the package: `cargo install --locked` has nothing to lock to",
    );
}

#[test]
fn installability_blocks_on_what_makes_cargo_install_fail() {
    // beta ^0.3 while the index lists only 0.4 (every line listed: fewer
    // than MAX_LINES): the requirement admits no release → 0.
    let f = tool();
    assert_measured(
        &measure(&f, "installability"),
        text("blocked"),
        0.0,
        "1 binary target; beta ^0.3 admits no release in the index on the day: `cargo install` fails",
    );
    // A rust-version newer than the stable Rust of the day. On 2026-06-30
    // stable is 1.1 + ⌊(2026-06-30 − 2015-06-25) / 42⌋ = 1.1 + ⌊4023/42⌋
    // = 1.96 (1.96 ships 2026-05-28, 1.97 on 2026-07-09).
    let mut f = tool();
    f.dependency_latest = None;
    f.package.as_mut().unwrap().manifest.rust_version = Some("1.97".into());
    assert_measured(
        &measure(&f, "installability"),
        text("blocked"),
        0.0,
        "1 binary target; rust-version 1.97 needs a Rust newer than the stable 1.96 of the day: `cargo install` fails; dependencies not checked: the index was not looked up for them",
    );
    f.package.as_mut().unwrap().manifest.rust_version = Some("1.96".into());
    assert_measured(
        &measure(&f, "installability"),
        text("locked"),
        1.0,
        "1 binary target; rust-version 1.96 is released (stable Rust of the day: 1.96); dependencies not checked: the index was not looked up for them; ships Cargo.lock (`cargo install --locked` builds what the author tested)",
    );
    // A path dependency of the author's manifest the index does not list.
    let mut f = tool();
    f.dependency_latest.as_mut().unwrap().remove("beta");
    f.package
        .as_mut()
        .unwrap()
        .manifest
        .dependencies
        .push(cratescope_model::ManifestDep {
            name: "sibling".into(),
            key: "sibling".into(),
            kind: DepKind::Normal,
            optional: false,
            target: None,
            default_features: true,
            features: Vec::new(),
            path: Some("../sibling".into()),
        });
    assert_measured(
        &measure(&f, "installability"),
        text("blocked"),
        0.0,
        "1 binary target; every dependency of a default build has a release its requirement admits; path dependency sibling is missing from the published dependency list",
    );
}

#[test]
fn installability_says_what_it_could_not_check() {
    // An unread index entry is said, never counted as a failure; a past
    // day's yanks are unknown, so the check reads "published".
    let mut f = tool();
    f.yanks_unknown = true;
    f.dependency_latest
        .as_mut()
        .unwrap()
        .insert("beta".into(), None);
    assert_measured(
        &measure(&f, "installability"),
        text("locked"),
        1.0,
        "1 binary target; every dependency of a default build has a published release its requirement admits (yanks on that day unknown); dependencies not checked (index entry unread): beta; ships Cargo.lock (`cargo install --locked` builds what the author tested)",
    );
    // The day before 1.1 shipped, stable was 1.0: rust-version 1.1 is
    // not installable yet.
    let mut f = tool();
    f.as_of = "2015-06-24".parse().unwrap();
    f.dependency_latest = None;
    f.package.as_mut().unwrap().manifest.rust_version = Some("1.1".into());
    assert_measured(
        &measure(&f, "installability"),
        text("blocked"),
        0.0,
        "1 binary target; rust-version 1.1 needs a Rust newer than the stable 1.0 of the day: `cargo install` fails; dependencies not checked: the index was not looked up for them",
    );
}

#[test]
fn installability_without_the_package_is_left_out_not_missing() {
    // Whether there is a binary is in the .crate only: unread, the signal
    // does not count in the dimension's weight (a library's ecosystem
    // dimension keeps its confidence).
    let mut f = tool();
    f.package = None;
    assert_unavailable(
        &measure(&f, "installability"),
        "not applicable: the published .crate was not read: whether there is a binary to install is unknown",
    );
    // If it counted as missing, a heavier installability would lower the
    // ecosystem confidence of a crate whose package was not read: it does
    // not.
    let mut lib = facts();
    lib.package = None;
    let model = cratescope_score::Model::embedded();
    let mut heavy = model.clone();
    heavy
        .signals
        .iter_mut()
        .find(|s| s.id == "installability")
        .unwrap()
        .weight = 15.0;
    let confidence = |m: &cratescope_score::Model| {
        cratescope_score::evaluate(&lib, m)
            .dimension("ecosystem")
            .unwrap()
            .confidence
    };
    assert!(confidence(&model) > 0.0);
    assert_eq!(confidence(&model), confidence(&heavy));
}

/// Adds feature `name` enabling `enables` to the evaluated release.
fn add_feature(f: &mut Facts, name: &str, enables: &str) {
    let mut features = (*f.releases[2].features).clone();
    features.insert(name.into(), vec![enables.into()]);
    f.releases[2].features = features.into();
}
