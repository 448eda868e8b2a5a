//! Manifest, README, layout and VCS facts on hand-built packages.

use cratescope_analyze::{DepKind, Limits, ManifestSource, analyze, read_crate};

use crate::support::crate_of;

const ORIG: &str = r#"[package]
name = "demo"
version = "1.2.3"
edition.workspace = true
rust-version = "1.70"
description = "from the author's manifest"
license = "MIT OR Apache-2.0"
repository.workspace = true
readme = "README.md"
keywords = ["demo", "test"]
categories = ["development-tools"]
links = "z"

[badges]
maintenance = { status = "deprecated" }

[features]
default = ["std", "json"]
std = ["dep:serde", "serde?/std"]
fast = ["rayon"]

[dependencies]
json = { package = "serde_json", version = "1", optional = true }
serde = { workspace = true, optional = true }
rayon = { version = "1", optional = true }
memchr = "2"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[build-dependencies]
cc = "1"

[dev-dependencies]
criterion = "0.5"
proptest = "1"

[[bench]]
name = "speed"
harness = false

[[example]]
name = "hello"
"#;

const NORMALIZED: &str = r#"[package]
edition = "2021"
name = "demo"
version = "1.2.3"
description = "normalised copy"
repository = "https://github.com/example/demo"
build = false

[dependencies.json]
version = "1"
optional = true
package = "serde_json"

[dependencies.serde]
version = "1.0.200"
optional = true
package = "serde_core"
"#;

fn demo_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Cargo.toml.orig", ORIG),
        ("Cargo.toml", NORMALIZED),
        ("src/lib.rs", "//! Demo.\n"),
        ("build.rs", "fn main() {}\n"),
        (
            "README.md",
            "# demo\n\n[![Crates.io](https://img.shields.io/crates/v/demo.svg)](https://crates.io/crates/demo)\n\nDemo does things.\n\n## Usage\n\n```rust\nuse demo::run;\n```\n",
        ),
        ("CHANGELOG.md", "# Changelog\n"),
        (".github/SECURITY.md", "Report to security@example.org\n"),
        (
            ".github/workflows/ci.yml",
            "jobs:\n  test:\n    steps:\n      - run: cargo test\n",
        ),
        (
            ".github/workflows/bench.yml",
            "jobs:\n  bench:\n    steps:\n      - run: cargo bench --workspace\n",
        ),
        (
            "fuzz/Cargo.toml",
            "[dependencies]\nlibfuzzer-sys = \"0.4\"\n",
        ),
        ("tests/api.rs", "#[test] fn t() {}\n"),
        ("benches/speed.rs", "fn main() {}\n"),
        ("examples/hello.rs", "fn main() {}\n"),
        (
            ".cargo_vcs_info.json",
            "{\n  \"git\": {\n    \"sha1\": \"9339ca99a43c550b5ee36e2afe524d1c90413461\",\n    \"dirty\": true\n  },\n  \"path_in_vcs\": \"crates/demo\"\n}",
        ),
    ]
}

#[test]
fn the_authors_manifest_wins_and_workspace_fields_fall_back() {
    let a = analyze(
        &read_crate(&crate_of("demo-1.2.3", &demo_files()), &Limits::default()).expect("ok"),
    );
    let m = &a.manifest;
    assert_eq!(m.source, ManifestSource::Orig);
    assert_eq!(m.name.as_deref(), Some("demo"));
    assert_eq!(m.version, Some(semver::Version::new(1, 2, 3)));
    assert_eq!(m.description.as_deref(), Some("from the author's manifest"));
    // Inherited from the workspace: only the normalised file knows.
    assert_eq!(m.edition.as_deref(), Some("2021"));
    assert_eq!(
        m.repository.as_deref(),
        Some("https://github.com/example/demo")
    );
    assert_eq!(m.rust_version.as_deref(), Some("1.70"));
    assert_eq!(m.keywords, ["demo", "test"]);
    assert_eq!(m.links.as_deref(), Some("z"));
    assert_eq!(m.maintenance_status.as_deref(), Some("deprecated"));
    // `.orig` has no `build` key and build.rs exists: a build script runs
    // (the normalised `build = false` is not consulted for a present field).
    assert!(m.build_script);
    assert_eq!(m.bench_targets, 1);
    assert_eq!(m.example_targets, 1);
    assert!(m.lib.is_some() && !m.binary_only);
}

#[test]
fn dependency_renames_features_and_integrations_are_resolved() {
    let a = analyze(
        &read_crate(&crate_of("demo-1.2.3", &demo_files()), &Limits::default()).expect("ok"),
    );
    let m = &a.manifest;
    assert_eq!(
        m.dependency_names(DepKind::Normal),
        ["libc", "memchr", "rayon", "serde_core", "serde_json"]
    );
    assert_eq!(m.dependency_names(DepKind::Build), ["cc"]);
    assert_eq!(m.dependency_names(DepKind::Dev), ["criterion", "proptest"]);
    assert_eq!(m.bench_dev_dependencies, ["criterion"]);
    assert_eq!(
        m.optional_dependencies,
        ["rayon", "serde_core", "serde_json"]
    );
    assert_eq!(m.integrations, ["rayon", "serde_json"]);
    // default → std → dep:serde (no implicit `serde` feature), json is an
    // implicit feature of the optional `json` dependency; `fast` stays off.
    assert_eq!(m.default_features, ["default", "json", "std"]);
    assert_eq!(m.default_optional_deps, ["json", "serde"]);
    assert!(m.feature_enabled("std") && !m.feature_enabled("fast") && !m.feature_enabled("serde"));
    let libc = m
        .dependencies
        .iter()
        .find(|d| d.name == "libc")
        .expect("libc");
    assert_eq!(libc.target.as_deref(), Some("cfg(unix)"));
}

#[test]
fn readme_layout_and_vcs_facts() {
    let a = analyze(
        &read_crate(&crate_of("demo-1.2.3", &demo_files()), &Limits::default()).expect("ok"),
    );
    let r = &a.readme;
    assert_eq!(r.path.as_deref(), Some("README.md"));
    assert_eq!(r.badges, 1);
    assert_eq!(r.sections, 2);
    assert_eq!(r.code_blocks, 1);
    assert_eq!(r.first_rust_block.as_deref(), Some("use demo::run;"));

    let l = &a.layout;
    assert!(l.has_examples && l.has_benches && l.has_tests && l.has_fuzz && l.build_rs);
    assert_eq!(l.changelog.as_deref(), Some("CHANGELOG.md"));
    assert_eq!(l.security_policy.as_deref(), Some(".github/SECURITY.md"));
    assert_eq!(l.workflows.len(), 2);
    assert_eq!(l.bench_workflows, [".github/workflows/bench.yml"]);

    let v = a.vcs.expect("vcs info");
    assert_eq!(
        v.sha1.as_deref(),
        Some("9339ca99a43c550b5ee36e2afe524d1c90413461")
    );
    assert!(v.dirty);
    assert_eq!(v.path_in_vcs.as_deref(), Some("crates/demo"));
}

#[test]
fn without_orig_the_normalised_manifest_is_used() {
    let files = [
        ("Cargo.toml", NORMALIZED),
        ("src/main.rs", "fn main() {}\n"),
    ];
    let a = analyze(&read_crate(&crate_of("demo-1.2.3", &files), &Limits::default()).expect("ok"));
    assert_eq!(a.manifest.source, ManifestSource::Normalized);
    assert_eq!(a.manifest.description.as_deref(), Some("normalised copy"));
    assert!(!a.manifest.build_script);
    assert!(a.manifest.binary_only);
    assert_eq!(a.manifest.bin_count, 1);
    assert!(a.code.lib_root.is_none());
    assert!(a.vcs.is_none());
    assert!(a.readme.path.is_none());
    assert!(a.layout.changelog.is_none());
}

#[test]
fn broken_inputs_become_warnings_not_panics() {
    let files: Vec<(&str, &str)> = vec![
        ("Cargo.toml", "this is [not toml"),
        (".cargo_vcs_info.json", "{ nope"),
        ("src/lib.rs", "pub fn f() {}\n"),
    ];
    let a = analyze(&read_crate(&crate_of("x-0.1.0", &files), &Limits::default()).expect("ok"));
    assert_eq!(a.manifest.source, ManifestSource::Missing);
    let about = |id: &str, path: &str| {
        a.warnings.iter().any(|w| {
            w.id == id && w.get("path") == Some(&cratescope_model::message::Arg::code(path))
        })
    };
    assert!(
        about("manifest-unparsable", "Cargo.toml"),
        "{:?}",
        a.warnings
    );
    assert!(about("vcs-info-unparsable", ".cargo_vcs_info.json"));
    assert!(a.vcs.is_none());
}
