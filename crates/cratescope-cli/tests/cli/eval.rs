//! `cratescope eval`, `explain` and `model` as a user runs them.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::registry::{FakeRegistry, dep, line};

pub(crate) const AS_OF: &str = "2026-11-25";

/// The demo crate: a library with docs, examples, benches, a changelog, and
/// two dependencies (itoa ^1, fresh; semver ^0.9, outdated).
pub(crate) fn demo_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "Cargo.toml",
            r#"[package]
name = "tidy-demo"
version = "1.1.0"
edition = "2021"
rust-version = "1.70"
description = "A small demo crate built by the tests"
license = "MIT OR Apache-2.0"
repository = "https://github.com/example/tidy-demo"
keywords = ["demo"]
categories = ["development-tools"]

[dependencies]
itoa = "1"
semver = "0.9"

[dev-dependencies]
criterion = "0.5"
"#,
        ),
        (
            "src/lib.rs",
            r#"//! Tidy demo: formats numbers.
//!
//! ```
//! assert_eq!(tidy_demo::double(2), 4);
//! ```

/// Doubles a number.
pub fn double(x: u32) -> u32 {
    x * 2
}

/// A documented struct.
pub struct Point {
    /// x coordinate
    pub x: i32,
    pub y: i32,
}

pub fn undocumented() {}

mod private {
    pub fn hidden_from_users() {}
}

/// Reads raw memory.
pub fn raw(p: *const u8) -> u8 {
    unsafe { *p }
}
"#,
        ),
        (
            "README.md",
            "# tidy-demo\n\nFormats numbers.\n\n## Usage\n\n```rust\nlet y = tidy_demo::double(21);\n```\n",
        ),
        ("CHANGELOG.md", "# Changelog\n\n## 1.1.0\n- more\n"),
        (
            "examples/basic.rs",
            "fn main() { println!(\"{}\", tidy_demo::double(1)); }\n",
        ),
        ("benches/speed.rs", "fn main() {}\n"),
        (
            ".cargo_vcs_info.json",
            r#"{"git":{"sha1":"0123456789abcdef0123456789abcdef01234567"},"path_in_vcs":""}"#,
        ),
    ]
}

/// A registry with itoa and semver (real index files), the demo crate, and
/// `failure` (unmaintained per RUSTSEC-2020-0036).
fn registry() -> FakeRegistry {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    // semver 0.9 depends on semver-parser ^0.7: a leaf, so the tree resolves.
    reg.add_index(
        "semver-parser",
        &line(
            "semver-parser",
            "0.7.0",
            &"1".repeat(64),
            "",
            false,
            "2017-01-01T00:00:00Z",
            "",
        ),
    );
    let sum = reg.add_crate("tidy-demo", "1.1.0", &demo_files());
    let deps = format!("{},{}", dep("itoa", "^1"), dep("semver", "^0.9"));
    let zero = "0".repeat(64);
    let lines = [
        line(
            "tidy-demo",
            "0.1.0",
            &zero,
            "",
            false,
            "2023-01-10T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "0.2.0",
            &zero,
            "",
            true,
            "2023-09-01T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "1.0.0",
            &zero,
            &deps,
            false,
            "2024-03-01T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "1.0.1",
            &zero,
            &deps,
            false,
            "2024-06-01T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "1.1.0",
            &sum,
            &deps,
            false,
            "2026-10-01T10:00:00Z",
            r#","rust_version":"1.70""#,
        ),
        line(
            "tidy-demo",
            "1.2.0",
            &zero,
            &deps,
            false,
            "2026-12-20T10:00:00Z",
            "",
        ),
    ];
    reg.add_index("tidy-demo", &lines.join("\n"));

    reg.add_failure("[package]\nname = \"failure\"\nversion = \"0.1.8\"\nlicense = \"MIT OR Apache-2.0\"\ndescription = \"Experimental error handling abstraction.\"\n");
    reg
}

fn cratescope(reg: &FakeRegistry) -> Command {
    let mut cmd = reg.command();
    cmd.env("CRATESCOPE_NOW", AS_OF);
    cmd
}

fn eval_json(reg: &FakeRegistry, as_of: &str, args: &[&str]) -> serde_json::Value {
    let out = cratescope(reg)
        .args(["eval", "--offline", "--as-of", as_of, "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn redact(text: &str, reg: &FakeRegistry) -> String {
    crate::registry::redact_times(&text.replace(&reg.root.path().display().to_string(), "[TMP]"))
}

fn signal<'a>(v: &'a serde_json::Value, dim: &str, id: &str) -> &'a serde_json::Value {
    v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == dim)
        .unwrap()["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no signal {id}"))
}

#[test]
fn demo_crate_numbers_come_from_its_files() {
    let reg = registry();
    let v = eval_json(&reg, AS_OF, &["tidy-demo"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["crate"], "tidy-demo");
    // 1.2.0 was published after the as-of date: 1.1.0 is the latest then.
    assert_eq!(v["version"], "1.1.0");
    assert_eq!(v["info"]["versions"], 5);
    assert_eq!(v["info"]["first_release"], "2023-01-10");
    // Public items: crate root, double, Point, Point.x, Point.y, undocumented, raw = 7; documented: 5.
    let cov = signal(&v, "documentation", "doc-coverage");
    assert_eq!(cov["evidence"], "5 of 7 public items documented (71.4%)");
    // itoa ^1 admits 1.0.19 (d 1); semver ^0.9 is three lines behind
    // 1.0.28 (0.10, 0.11, 1.x; d .15): graded, (1 + .15)/2.
    let fresh = signal(&v, "ecosystem", "dependency-freshness");
    assert!(
        (fresh["raw"].as_f64().unwrap() - 0.575).abs() < 1e-9,
        "{fresh}"
    );
    assert!(
        fresh["evidence"].as_str().unwrap().contains("semver ^0.9"),
        "{fresh}"
    );
    // 1 of 5 versions yanked.
    assert_eq!(signal(&v, "stability", "yank-share")["raw"], 0.2);
    // 1.x line from 2024-03-01 to its latest release by then, 2026-10-01: 944 days.
    assert_eq!(signal(&v, "stability", "current-line-span")["raw"], 944.0);
    let unsafe_use = signal(&v, "security", "unsafe-use");
    assert!(
        unsafe_use["evidence"]
            .as_str()
            .unwrap()
            .starts_with("1 unsafe blocks"),
        "{unsafe_use}"
    );
    assert_eq!(signal(&v, "performance", "benches")["raw"], true);
    // No network: usage has no evidence and says why.
    let usage = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "usage")
        .unwrap();
    assert!(usage["score"].is_null());
    assert!(
        usage["note"].as_str().unwrap().starts_with("no data:"),
        "{usage}"
    );
}

#[test]
fn as_of_limits_releases_to_those_published_by_then() {
    let reg = registry();
    let v = eval_json(&reg, "2024-04-01", &["tidy-demo"]);
    assert_eq!(v["version"], "1.0.0");
    assert_eq!(v["info"]["versions"], 3);
}

#[test]
fn unmaintained_crate_is_avoid_with_the_advisory_cited() {
    let reg = registry();
    let v = eval_json(&reg, AS_OF, &["failure"]);
    assert_eq!(v["tier"], "avoid");
    let maint = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "maintenance")
        .unwrap();
    assert_eq!(maint["score"], 1.0);
    let risks = v["risks"].to_string();
    assert!(risks.contains("RUSTSEC-2020-0036"), "{risks}");
}

#[test]
fn snapshot_table_json_markdown() {
    let reg = registry();
    for (format, name) in [
        ("table", "demo_table"),
        ("json", "demo_json"),
        ("markdown", "demo_markdown"),
    ] {
        let out = cratescope(&reg)
            .args([
                "eval",
                "--offline",
                "--as-of",
                AS_OF,
                "--format",
                format,
                "tidy-demo",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(name, redact(&String::from_utf8_lossy(&out.stdout), &reg));
    }
    let out = cratescope(&reg)
        .args([
            "eval",
            "--offline",
            "--as-of",
            AS_OF,
            "--lang",
            "zh",
            "tidy-demo",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "demo_table_zh",
        redact(&String::from_utf8_lossy(&out.stdout), &reg)
    );
}

#[test]
fn itoa_from_the_real_index_without_its_tarball() {
    let reg = registry();
    let out = cratescope(&reg)
        .args(["eval", "--offline", "--as-of", AS_OF, "itoa"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = redact(&String::from_utf8_lossy(&out.stdout), &reg);
    assert!(text.contains("itoa 1.0.19"), "{text}");
    assert!(text.contains("tarball     unavailable"), "{text}");
    insta::assert_snapshot!("itoa_offline_no_tarball", text);
}

#[test]
fn unknown_crate_is_exit_2_and_others_still_evaluated() {
    let reg = registry();
    cratescope(&reg)
        .args([
            "eval",
            "--offline",
            "--as-of",
            AS_OF,
            "no-such-crate",
            "tidy-demo",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("tidy-demo 1.1.0"))
        .stderr(predicate::str::contains("no-such-crate"));
}

#[test]
fn invalid_names_and_versions_are_clear_errors() {
    let reg = registry();
    cratescope(&reg)
        .args(["eval", "--offline", "9lives"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid crate name `9lives`"));
    cratescope(&reg)
        .args(["eval", "--offline", "itoa@one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid version `one` for `itoa`"));
    cratescope(&reg)
        .args(["eval", "--offline", "--as-of", AS_OF, "semver@1.0.99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`semver` has no version 1.0.99; nearest: 1.0.27, 1.0.28",
        ));
    cratescope(&reg)
        .args(["eval", "--offline", "--as-of", "2026-13-01", "itoa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid --as-of `2026-13-01`"));
}

#[test]
fn nothing_cached_offline_is_a_clear_error() {
    let reg = registry();
    cratescope(&reg)
        .args(["eval", "--offline", "serde"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("serde"));
}

#[test]
fn explain_and_model() {
    let reg = registry();
    cratescope(&reg)
        .args(["explain", "release-freshness"])
        .assert()
        .success()
        .stdout(predicate::str::contains("lib.rs"));
    cratescope(&reg)
        .args(["explain", "maintenance"])
        .assert()
        .success()
        .stdout(predicate::str::contains("D7"));
    cratescope(&reg)
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no signal or dimension named `nope`",
        ));
    let out = cratescope(&reg).args(["model"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("id = \"doc-coverage\""));
}

#[test]
fn config_overrides_reach_the_model() {
    let reg = registry();
    std::fs::write(
        reg.root.path().join("cratescope.toml"),
        "[model.composite]\nusage = 0.5\n",
    )
    .unwrap();
    let out = cratescope(&reg).args(["model"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("version = \"2+overrides\""), "{text}");
    std::fs::write(
        reg.root.path().join("cratescope.toml"),
        "[model.signal.nope]\nweight = 1.0\n",
    )
    .unwrap();
    cratescope(&reg)
        .args(["model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown signal `nope`"));
}

/// abi_stable 0.9.0 has RUSTSEC-2020-0105 (dated 2020-12-21, patched in 0.9.1),
/// its only advisory in the snapshot.
fn abi_stable_registry() -> FakeRegistry {
    let reg = FakeRegistry::new();
    let mut lines = Vec::new();
    for (v, date) in [
        ("0.9.0", "2020-12-01T00:00:00Z"),
        ("0.9.1", "2020-12-23T00:00:00Z"),
    ] {
        let files = [
            (
                "Cargo.toml",
                format!(
                    "[package]\nname = \"abi_stable\"\nversion = \"{v}\"\nlicense = \"MIT OR Apache-2.0\"\n"
                ),
            ),
            (
                "src/lib.rs",
                "//! Stable ABI.\n\n/// A type.\npub struct Stable;\n".to_string(),
            ),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
        let sum = reg.add_crate("abi_stable", v, &files);
        lines.push(line("abi_stable", v, &sum, "", false, date, ""));
    }
    reg.add_index("abi_stable", &lines.join("\n"));
    reg
}

#[test]
fn open_advisory_on_a_vulnerable_version_none_on_the_patched_one() {
    let reg = abi_stable_registry();
    let v = eval_json(&reg, "2021-06-30", &["abi_stable@0.9.0"]);
    assert_eq!(v["tier"], "avoid");
    let open = signal(&v, "security", "open-advisories");
    assert!(
        open["evidence"]
            .as_str()
            .unwrap()
            .contains("RUSTSEC-2020-0105"),
        "{open}"
    );
    let sec = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "security")
        .unwrap();
    assert!(sec["score"].as_f64().unwrap() <= 1.5, "{sec}");

    let v = eval_json(&reg, "2021-06-30", &["abi_stable@0.9.1"]);
    assert_ne!(v["tier"], "avoid");
    assert_eq!(signal(&v, "security", "open-advisories")["raw"], 0.0);
    // Advisory 2020-12-21, patched release 2020-12-23.
    assert_eq!(signal(&v, "security", "patch-speed")["raw"], 2.0);
}

#[test]
fn a_repository_that_is_not_one_leaves_the_evaluation_going() {
    let reg = registry();
    let not_repo = reg.root.path().join("not-a-repo");
    std::fs::create_dir_all(&not_repo).unwrap();
    let out = cratescope(&reg)
        .args([
            "eval",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "tidy-demo",
            "--repo",
        ])
        .arg(&not_repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let git = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "git")
        .unwrap()
        .clone();
    assert_eq!(git["status"], "unavailable");
    assert!(
        git["reason"].as_str().unwrap().contains("not-a-repo"),
        "{git}"
    );
    assert!(v["composite"].is_number());
}

#[test]
fn help_is_the_documented_contract() {
    let reg = registry();
    for (args, name) in [
        (vec!["--help"], "help_main"),
        (vec!["eval", "--help"], "help_eval"),
    ] {
        let out = cratescope(&reg).args(&args).output().unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}
