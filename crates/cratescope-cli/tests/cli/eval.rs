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
    // A suite of one bench file: its breadth, 1.
    assert_eq!(signal(&v, "performance", "benches")["raw"], 1.0);
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
    assert!(text.contains("published .crate: "), "{text}");
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
    assert!(text.contains("[[model.signal]]"), "{text}");
    assert!(text.contains("id = \"doc-coverage\""), "{text}");
    // No id: every dimension and signal id, grouped.
    let out = cratescope(&reg).args(["explain"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "D7 maintenance",
        "release-freshness",
        "doc-coverage",
        "unsafe-use",
    ] {
        assert!(text.contains(id), "{id} missing: {text}");
    }
    // A typo gets the nearest ids.
    cratescope(&reg)
        .args(["explain", "release-freshnes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean release-freshness?"));
}

/// The printed model, pasted as the `[model]` table of cratescope.toml,
/// parses and changes nothing: same weights, breakpoints and scenarios, and
/// the same card for the same crate.
#[test]
fn printed_model_round_trips_as_an_override() {
    let reg = registry();
    let out = cratescope(&reg).args(["model"]).output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let before = eval_json(&reg, AS_OF, &["tidy-demo"]);
    std::fs::write(reg.root.path().join("cratescope.toml"), &printed).unwrap();
    let out = cratescope(&reg).args(["model"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = String::from_utf8(out.stdout).unwrap();
    // Nothing changed, so no override is recorded.
    assert_eq!(printed, again);
    let after = eval_json(&reg, AS_OF, &["tidy-demo"]);
    assert_eq!(before["composite"], after["composite"]);
    assert_eq!(before["dimensions"], after["dimensions"]);
    assert_eq!(before["scenarios"], after["scenarios"]);
    assert_eq!(after["model_version"], "2.3");
    assert_eq!(after["model_overrides"], before["model_overrides"]);
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
    assert!(text.contains("version = \"2.3+overrides\""), "{text}");
    std::fs::write(
        reg.root.path().join("cratescope.toml"),
        "[model.signal.nope]\nweight = 1.0\n",
    )
    .unwrap();
    cratescope(&reg)
        .args(["model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown key `nope` in [model.signal]",
        ));
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

fn eval_table(reg: &FakeRegistry, columns: Option<&str>, extra: &[&str]) -> String {
    let mut cmd = cratescope(reg);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd
        .args(["eval", "--offline", "--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    redact(&String::from_utf8_lossy(&out.stdout), reg)
}

fn max_width(text: &str) -> usize {
    text.lines()
        .map(cratescope_report::term::width)
        .max()
        .unwrap_or(0)
}

/// Issue 14: the card fits COLUMNS, else 100 columns when piped, wraps at
/// word boundaries, and stays compact; `--verbose` has every signal.
#[test]
fn table_fits_80_and_120_columns_and_piped() {
    let reg = registry();
    for (columns, name, width, lines) in [
        (Some("80"), "demo_table_80", 80, 60),
        (Some("120"), "demo_table_120", 120, 48),
        (None, "demo_table_piped", 100, 52),
    ] {
        let text = eval_table(&reg, columns, &["tidy-demo"]);
        assert!(max_width(&text) <= width, "{name}: {}", max_width(&text));
        assert!(
            text.lines().count() <= lines,
            "{name}: {} lines\n{text}",
            text.lines().count()
        );
        insta::assert_snapshot!(name, text);
    }
    let zh = eval_table(&reg, Some("80"), &["tidy-demo", "--lang", "zh"]);
    assert!(max_width(&zh) <= 80, "{zh}");
    insta::assert_snapshot!("demo_table_zh_80", zh);
    let verbose = eval_table(&reg, Some("100"), &["tidy-demo", "--verbose"]);
    assert!(verbose.contains("doc-coverage"), "{verbose}");
    assert!(verbose.lines().count() > 60, "{verbose}");
}

/// Chinese labels line up by display width (two columns per character).
#[test]
fn chinese_columns_align_by_display_width() {
    let reg = registry();
    let zh = eval_table(&reg, Some("100"), &["tidy-demo", "--lang", "zh"]);
    let rows: Vec<&str> = zh
        .lines()
        .filter(|l| l.contains('■') || l.contains('□'))
        .collect();
    // Eight dimensions and the build footprint.
    assert_eq!(rows.len(), 9, "{zh}");
    let col = |l: &str| {
        let i = l.find(['■', '□']).unwrap_or(0);
        cratescope_report::term::width(&l[..i])
    };
    assert!(rows.iter().all(|r| col(r) == col(rows[0])), "{zh}");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let reg = registry();
    let coloured = eval_table(&reg, None, &["tidy-demo", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let plain = eval_table(&reg, None, &["tidy-demo"]);
    assert!(!plain.contains('\u{1b}'), "piped output has no colour");
    let mut cmd = cratescope(&reg);
    let out = cmd
        .env("NO_COLOR", "1")
        .args([
            "eval",
            "--offline",
            "--as-of",
            AS_OF,
            "--color",
            "always",
            "tidy-demo",
        ])
        .output()
        .unwrap();
    // An explicit flag beats the variable (no-color.org: NO_COLOR sets the
    // default; `auto` on a terminal with NO_COLOR is a unit test of cli.rs).
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

/// Issue 14's input errors: each is exit 2 with a message that helps.
#[test]
fn input_errors_are_exit_2_and_helpful() {
    let reg = registry();
    let err = |args: &[&str]| {
        let out = cratescope(&reg).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = err(&["eval", "--offline", "--as-of", "2999-01-01", "itoa"]);
    assert!(e.contains("is in the future"), "{e}");
    let e = err(&["eval", "--offline", "--advisory-db", "/no/such/db", "itoa"]);
    assert!(e.contains("/no/such/db does not exist"), "{e}");
    let e = err(&["eval", "--offline", "--repo", "./no-such-dir", "itoa"]);
    assert!(e.contains("--repo ./no-such-dir does not exist"), "{e}");
    // A requirement far above every release suggests the newest ones.
    let e = err(&["eval", "--offline", "--as-of", AS_OF, "semver@9.9"]);
    assert!(e.contains("nearest: 1.0.27, 1.0.28"), "{e}");
    // compare: one unknown crate is exit 2 (the others are still shown).
    let out = cratescope(&reg)
        .args([
            "compare",
            "--offline",
            "--as-of",
            AS_OF,
            "tidy-demo",
            "itoa",
            "no-such-crate",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("tidy-demo"));
}

#[test]
fn underscores_and_dashes_are_one_name_and_typos_get_suggestions() {
    let reg = registry();
    let out = cratescope(&reg)
        .args(["eval", "--offline", "--as-of", AS_OF, "tidy_demo"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("tidy-demo 1.1.0"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("published as `tidy-demo`"));
    let out = cratescope(&reg)
        .args(["eval", "--offline", "--as-of", AS_OF, "tidy-dem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("did you mean tidy-demo?"), "{e}");
}

#[test]
fn a_local_crate_is_evaluated_without_registry_data_and_says_so() {
    let reg = registry();
    let dir = reg.root.path().join("local-crate");
    for (path, text) in demo_files() {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = cratescope(&reg)
        .args(["eval", "--offline", "--format", "json", "--path"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["crate"], "tidy-demo");
    assert_eq!(v["version"], "1.1.0");
    let sources = v["sources"].as_array().unwrap();
    let status = |id: &str| {
        sources
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["status"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert_eq!(status("tarball"), "ok");
    assert_eq!(status("index"), "unavailable");
    assert_eq!(status("git"), "unavailable");
    // What the source says is measured; the registry's part is missing, not 0.
    let docs = signal(&v, "documentation", "doc-coverage");
    assert_eq!(docs["evidence"], "5 of 7 public items documented (71.4%)");
    assert!(
        v["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "usage" && d["score"].is_null())
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("local crate: not read from a registry"), "{e}");
    // The table says so too.
    let text = eval_table(&reg, None, &["--path", dir.to_str().unwrap()]);
    assert!(text.contains("local crate"), "{text}");
    // A directory without a manifest is an input error.
    let out = cratescope(&reg)
        .args(["eval", "--path"])
        .arg(reg.root.path().join("cargo-home"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_repo_that_is_not_the_crates_own_is_warned_about() {
    let reg = registry();
    let repo = reg.root.path().join("other-repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(
        repo.join(".git/config"),
        "[remote \"origin\"]\n\turl = https://github.com/someone/else.git\n",
    )
    .unwrap();
    let out = cratescope(&reg)
        .args(["eval", "--offline", "--as-of", AS_OF, "tidy-demo", "--repo"])
        .arg(&repo)
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("is not the repository of `tidy-demo` (https://github.com/example/tidy-demo)"),
        "{e}"
    );
}

/// Issue 17 items 6 and 7: escapes, CR and bidi overrides from crate
/// metadata never reach the terminal or a file raw; Markdown carries no
/// HTML, no `javascript:` link and no remote image.
#[test]
fn hostile_metadata_is_inert_in_every_text_output() {
    let reg = FakeRegistry::new();
    let desc = "Fine\u{1b}]0;pwned\u{7}\u{1b}[2J crate\rEVIL \u{202e}gnp.exe <script>alert(1)</script> [x](javascript:alert(1)) ![t](https://tracker.example/p.png)";
    // TOML basic strings: control and non-ASCII characters as \uXXXX.
    let toml_str = |s: &str| {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                c if (c as u32) < 0x20 || (c as u32) >= 0x7f => {
                    o.push_str(&format!("\\u{:04X}", c as u32))
                }
                c => o.push(c),
            }
        }
        o.push('"');
        o
    };
    let manifest = format!(
        "[package]\nname = \"evil\"\nversion = \"1.0.0\"\nlicense = {}\ndescription = {}\nrepository = {}\n",
        toml_str("MIT\u{1b}[31m"),
        toml_str(desc),
        toml_str("https://github.com/e/evil\u{1b}]8;;https://x\u{1b}\\")
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("src/lib.rs", "//! Evil.\n"),
        ("README.md", "```rust\nfn main() {} \u{1b}[2J\n```\n"),
    ];
    let sum = reg.add_crate("evil", "1.0.0", &files);
    reg.add_index(
        "evil",
        &line("evil", "1.0.0", &sum, "", false, "2025-01-01T00:00:00Z", ""),
    );
    for format in ["table", "markdown", "html"] {
        let out = cratescope(&reg)
            .args([
                "eval",
                "--offline",
                "--as-of",
                AS_OF,
                "--format",
                format,
                "evil",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Fine"), "{format}: {text}");
        for bad in ['\u{1b}', '\r', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(bad), "{format}: {bad:?} in {text:?}");
        }
        if format != "table" {
            assert!(!text.contains("<script>"), "{format}: {text}");
        }
        if format == "markdown" {
            // Brackets and bangs are escaped: no link or image can open.
            let unescaped = text
                .replace("\\[", "")
                .replace("\\]", "")
                .replace("\\!", "");
            assert!(!unescaped.contains("](javascript"), "{text}");
            assert!(!unescaped.contains("!["), "{text}");
        }
    }
}

/// Issue 14: `compare` keeps crates as columns when they fit, transposes
/// (crates as rows, D1…D8 with a legend) when they do not, and footnotes `–`.
#[test]
fn compare_transposes_when_it_does_not_fit() {
    let reg = registry();
    let compare = |columns: &str| {
        let out = cratescope(&reg)
            .env("COLUMNS", columns)
            .args(["compare", "--offline", "--as-of", AS_OF])
            .args(["tidy-demo", "itoa", "semver", "failure"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        redact(&String::from_utf8_lossy(&out.stdout), &reg)
    };
    let narrow = compare("80");
    assert!(max_width(&narrow) <= 80, "{narrow}");
    assert!(narrow.starts_with("Crate"), "transposed: {narrow}");
    assert!(narrow.contains("D1 Version stability"), "legend: {narrow}");
    assert!(narrow.contains("– no score"), "footnote: {narrow}");
    insta::assert_snapshot!("compare_80", narrow);
    let wide = compare("200");
    assert!(wide.starts_with("Dimension"), "crates as columns: {wide}");
    insta::assert_snapshot!("compare_200", wide);
}

#[test]
fn catalog_init_writes_a_catalog_that_report_reads() {
    let reg = registry();
    let out = cratescope(&reg).args(["catalog", "init"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[[category]]") && text.contains("[[category.scenario]]"));
    let path = reg.root.path().join("my-catalog.toml");
    cratescope(&reg)
        .args(["catalog", "init", "--out"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Never overwritten by accident.
    cratescope(&reg)
        .args(["catalog", "init", "--out"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
}

/// Flags that mean nothing for a subcommand are not offered on it.
#[test]
fn help_shows_only_flags_that_apply() {
    let reg = registry();
    let help = |args: &[&str]| {
        let out = cratescope(&reg).args(args).arg("--help").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let explain = help(&["explain"]);
    for flag in ["--cache-dir", "--offline", "--repo", "--lang", "--as-of"] {
        assert!(!explain.contains(flag), "explain offers {flag}: {explain}");
    }
    let report = help(&["report"]);
    assert!(!report.contains("--repo"), "{report}");
    assert!(
        report.contains("--lang") && report.contains("--no-cache"),
        "{report}"
    );
    let eval = help(&["eval"]);
    for flag in ["--repo", "--path", "--verbose", "--lang", "--color"] {
        assert!(eval.contains(flag), "eval lacks {flag}: {eval}");
    }
    // Help wraps to COLUMNS.
    let out = cratescope(&reg)
        .env("COLUMNS", "60")
        .args(["eval", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(max_width(&text) <= 60, "{text}");
}

/// The index tells which versions are yanked today, not since when: as of
/// a past day, the newest release published by then is what cargo could
/// have picked (even when it is yanked today), no all-yanked gate fires on
/// today's flags, and the yank share is unavailable — never 0.
#[test]
fn a_past_evaluation_does_not_use_todays_yanks() {
    let reg = FakeRegistry::new();
    let lines = [
        line(
            "pulled",
            "1.0.0",
            "00",
            "",
            true,
            "2026-01-10T00:00:00Z",
            "",
        ),
        line(
            "pulled",
            "1.1.0",
            "00",
            "",
            true,
            "2026-03-10T00:00:00Z",
            "",
        ),
    ];
    reg.add_index("pulled", &lines.join("\n"));
    let run = |now: &str, as_of: &str| {
        let out = reg
            .command()
            .env("CRATESCOPE_NOW", now)
            .args([
                "eval",
                "--offline",
                "--as-of",
                as_of,
                "--format",
                "json",
                "pulled",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let gate_ids = |v: &serde_json::Value| -> Vec<String> {
        v["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["gates"].as_array().cloned().unwrap_or_default())
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Today: both are yanked, and that is known.
    let today = run("2026-06-01", "2026-06-01");
    assert!(
        gate_ids(&today).contains(&"all-yanked".to_string()),
        "{today}"
    );
    // As of a past day: 1.1.0 is picked, no gate, the yank share unknown.
    let past = run("2026-06-01", "2026-04-01");
    assert_eq!(past["version"], "1.1.0");
    assert!(
        !gate_ids(&past).contains(&"all-yanked".to_string()),
        "{past}"
    );
    let share = signal(&past, "stability", "yank-share");
    assert!(share["s"].is_null(), "{share}");
    assert!(
        share["unavailable"]
            .as_str()
            .unwrap()
            .contains("which versions were yanked by 2026-04-01 is not known"),
        "{share}"
    );
}
