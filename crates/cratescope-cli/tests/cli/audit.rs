//! `cratescope audit` on lockfiles the tests write, against a fake cargo home
//! holding crates the tests build: verdicts, allow-list, path/git packages,
//! a crate missing offline, malformed input, the evaluation cache, SARIF.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::registry::{FakeRegistry, dep, fixtures, line};

const AS_OF: &str = "2026-11-25";

/// A registry with `tidy` (a healthy crate depending on itoa), `failure`
/// (unmaintained per RUSTSEC-2020-0036, so ⛔ avoid) and itoa's real index
/// file (no tarball).
fn registry() -> FakeRegistry {
    let reg = FakeRegistry::new();
    let itoa = std::fs::read_to_string(fixtures().join("sparse-index").join("itoa")).unwrap();
    reg.add_index("itoa", &itoa);
    let tidy_files = [
        (
            "Cargo.toml",
            "[package]\nname = \"tidy\"\nversion = \"1.1.0\"\nedition = \"2021\"\nlicense = \"MIT\"\ndescription = \"Tidy numbers\"\nrepository = \"https://github.com/example/tidy\"\n\n[dependencies]\nitoa = \"1\"\n",
        ),
        (
            "src/lib.rs",
            "//! Tidy.\n#![forbid(unsafe_code)]\n\n/// Doubles.\npub fn double(x: u32) -> u32 {\n    x * 2\n}\n",
        ),
        (
            "README.md",
            "# tidy\n\n```rust\nlet y = tidy::double(1);\n```\n",
        ),
        ("CHANGELOG.md", "# Changelog\n"),
    ];
    let sum = reg.add_crate("tidy", "1.1.0", &tidy_files);
    let zero = "0".repeat(64);
    let deps = dep("itoa", "^1");
    let lines = [
        line(
            "tidy",
            "1.0.0",
            &zero,
            &deps,
            false,
            "2024-03-01T10:00:00Z",
            "",
        ),
        line(
            "tidy",
            "1.0.1",
            &zero,
            &deps,
            false,
            "2025-06-01T10:00:00Z",
            "",
        ),
        line(
            "tidy",
            "1.1.0",
            &sum,
            &deps,
            false,
            "2026-10-01T10:00:00Z",
            "",
        ),
    ];
    reg.add_index("tidy", &lines.join("\n"));
    reg.add_failure(
        "[package]\nname = \"failure\"\nversion = \"0.1.8\"\nlicense = \"MIT OR Apache-2.0\"\n",
    );
    reg
}

const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";

/// app (the workspace) → tidy, failure, helper (path), gitdep (git), ghost
/// (crates.io, but in no cache); tidy → itoa.
fn lockfile() -> String {
    format!(
        r#"version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "failure",
 "ghost",
 "gitdep",
 "helper",
 "tidy",
]

[[package]]
name = "failure"
version = "0.1.8"
source = "{CRATES_IO}"

[[package]]
name = "ghost"
version = "1.0.0"
source = "{CRATES_IO}"

[[package]]
name = "gitdep"
version = "0.3.0"
source = "git+https://example.com/gitdep.git#0123456789abcdef"

[[package]]
name = "helper"
version = "0.2.0"

[[package]]
name = "itoa"
version = "1.0.19"
source = "{CRATES_IO}"

[[package]]
name = "tidy"
version = "1.1.0"
source = "{CRATES_IO}"
dependencies = [
 "itoa",
]
"#
    )
}

fn cratescope(reg: &FakeRegistry) -> Command {
    reg.command()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Run an audit of the test lockfile; return the exit code and the JSON.
fn audit_json(reg: &FakeRegistry, policy: Option<&str>) -> (i32, Value) {
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let mut cmd = cratescope(reg);
    cmd.args([
        "audit",
        "--offline",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--lockfile",
        &lock,
    ]);
    if let Some(p) = policy {
        let path = write(reg.root.path(), "policy.toml", p);
        cmd.args(["--policy", &path]);
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

fn package<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["crate"] == name)
        .unwrap_or_else(|| panic!("no {name} in {v}"))
}

#[test]
fn denied_tier_fails_and_every_kind_of_package_is_reported() {
    let reg = registry();
    let (code, v) = audit_json(&reg, None);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["passed"], false);
    // The workspace itself is not audited; everything else is.
    assert!(
        v["packages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["crate"] != "app")
    );
    assert_eq!(v["summary"]["packages"], 6);

    let failure = package(&v, "failure");
    assert_eq!(failure["verdict"], "fail");
    assert_eq!(failure["direct"], true);
    assert_eq!(failure["violations"][0]["rule"], "denied-tier");
    assert!(
        failure["violations"][0]["message"]
            .as_str()
            .unwrap()
            .contains("RUSTSEC-2020-0036"),
        "{failure}"
    );

    let tidy = package(&v, "tidy");
    assert_eq!(tidy["verdict"], "pass", "{tidy}");
    assert_eq!(tidy["direct_of"], serde_json::json!(["app"]));
    let itoa = package(&v, "itoa");
    assert_eq!(itoa["direct"], false);
    assert_eq!(itoa["verdict"], "pass", "{itoa}");

    for name in ["helper", "gitdep"] {
        let p = package(&v, name);
        assert_eq!(p["verdict"], "not-evaluated");
        assert_eq!(p["not_evaluated"], "not from a registry");
    }
    // In no cache while offline: reported, not fatal.
    let ghost = package(&v, "ghost");
    assert_eq!(ghost["verdict"], "not-evaluated");
    assert!(
        ghost["not_evaluated"].as_str().unwrap().contains("ghost"),
        "{ghost}"
    );

    // Riskiest first: the failing direct dependency heads the list.
    assert_eq!(v["packages"][0]["crate"], "failure");
    let notes = v["notes"].to_string();
    assert!(notes.contains("git source skipped"), "{notes}");
}

#[test]
fn allow_listed_crate_passes_with_its_reason_shown() {
    let reg = registry();
    let policy = "[audit]\n[[audit.allow]]\ncrate = \"failure\"\nversion = \"^0.1\"\nreason = \"only used by the legacy importer\"\n";
    let (code, v) = audit_json(&reg, Some(policy));
    assert_eq!(code, 0, "{v}");
    let failure = package(&v, "failure");
    assert_eq!(failure["verdict"], "allowed");
    assert_eq!(failure["allow_reason"], "only used by the legacy importer");
    // The table shows the reason too.
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let path = write(reg.root.path(), "policy.toml", policy);
    cratescope(&reg)
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--lockfile",
            &lock,
            "--policy",
            &path,
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "allowed: only used by the legacy importer",
        ))
        .stdout(predicate::str::contains("policy holds"));
}

#[test]
fn direct_and_transitive_dependencies_get_their_own_thresholds() {
    let reg = registry();
    let policy = "[audit]\nmin_composite = 4.99\n[audit.transitive]\nmin_composite = 1.0\n";
    let (code, v) = audit_json(&reg, Some(policy));
    assert_eq!(code, 1);
    let tidy = package(&v, "tidy");
    assert_eq!(tidy["verdict"], "fail");
    assert_eq!(tidy["violations"][0]["rule"], "min-composite");
    assert_eq!(package(&v, "itoa")["verdict"], "pass");
}

#[test]
fn unsafe_density_rule_reads_the_unsafe_use_signal() {
    let reg = registry();
    // tidy forbids unsafe code (density 0); a negative maximum makes even 0 fail.
    let (code, v) = audit_json(&reg, Some("[audit]\nmax_unsafe_density = -1.0\n"));
    assert_eq!(code, 1);
    let tidy = package(&v, "tidy");
    assert_eq!(
        tidy["violations"][0]["rule"], "max-unsafe-density",
        "{tidy}"
    );
    // itoa has no tarball offline: the rule is reported as not checked, not failed.
    let itoa = package(&v, "itoa");
    assert_eq!(itoa["verdict"], "pass", "{itoa}");
    assert!(
        itoa["unchecked"].to_string().contains("max-unsafe-density"),
        "{itoa}"
    );
}

#[test]
fn malformed_lockfile_and_policy_are_exit_2_with_clear_errors() {
    let reg = registry();
    let bad = write(
        reg.root.path(),
        "bad/Cargo.lock",
        "[[package]]\nname = \"x\"\nversion = \n",
    );
    cratescope(&reg)
        .args(["audit", "--offline", "--lockfile", &bad])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("malformed lockfile"))
        .stderr(predicate::str::contains("bad/Cargo.lock"));
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let policy = write(reg.root.path(), "p.toml", "[audit]\nmin_composit = 3\n");
    cratescope(&reg)
        .args([
            "audit",
            "--offline",
            "--lockfile",
            &lock,
            "--policy",
            &policy,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid audit policy"))
        .stderr(predicate::str::contains("min_composit"));
    cratescope(&reg)
        .args(["audit", "--offline", "--lockfile", "missing/Cargo.lock"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "failed to read lockfile `missing/Cargo.lock`",
        ));
}

#[test]
fn second_run_is_served_from_the_evaluation_cache() {
    let reg = registry();
    let (_, first) = audit_json(&reg, None);
    assert_eq!(first["summary"]["cached"], 0);
    let (code, second) = audit_json(&reg, None);
    assert_eq!(code, 1);
    // tidy and failure were cached; itoa was not (its tarball was missing,
    // and it may be in cargo's cache tomorrow).
    assert_eq!(package(&second, "tidy")["cached"], true);
    assert_eq!(package(&second, "failure")["cached"], true);
    assert_eq!(package(&second, "itoa")["cached"], false);
    assert_eq!(
        package(&second, "tidy")["evaluation"],
        package(&first, "tidy")["evaluation"]
    );
    let files = std::fs::read_dir(reg.cache_dir().join("evaluations"))
        .unwrap()
        .count();
    assert_eq!(files, 2);
    // Another day is another key.
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let out = cratescope(&reg)
        .args([
            "audit",
            "--offline",
            "--as-of",
            "2026-11-26",
            "--format",
            "json",
            "--lockfile",
            &lock,
        ])
        .output()
        .unwrap();
    let third: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(third["summary"]["cached"], 0);
}

#[test]
fn sarif_has_one_result_per_violation_at_the_lockfile_line() {
    let reg = registry();
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let policy = write(reg.root.path(), "p.toml", "[audit]\nmin_composite = 4.99\n");
    let out = cratescope(&reg)
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "sarif",
            "--lockfile",
            "Cargo.lock",
            "--policy",
            &policy,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cratescope");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    // failure: denied tier + min-composite; tidy and itoa: min-composite
    // (itoa, read from the index alone offline, scores 4.9 under model 2:
    // five releases in two years give release-activity 0.82, below 4.99).
    let mut found: Vec<String> = results
        .iter()
        .map(|r| {
            let rule = r["ruleId"].as_str().unwrap();
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], rule);
            assert!(!r["message"]["text"].as_str().unwrap().is_empty());
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], "Cargo.lock");
            let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
            assert_eq!(lockfile().lines().nth(line - 1), Some("[[package]]"));
            format!("{} {rule}", r["properties"]["crate"].as_str().unwrap())
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "failure denied-tier",
            "failure min-composite",
            "itoa min-composite",
            "tidy min-composite"
        ]
    );
    drop(lock);
}

#[test]
fn markdown_lists_problems_then_every_package() {
    let reg = registry();
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let out = cratescope(&reg)
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "markdown",
            "--lockfile",
            &lock,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("### ❌ cratescope audit: 6 packages: 2 pass, 1 fail"),
        "{text}"
    );
    assert!(text.contains("| failure | 0.1.8 | direct |"), "{text}");
    assert!(
        text.contains("<details><summary>All 6 packages</summary>"),
        "{text}"
    );
}

#[test]
fn manifest_path_uses_cargo_metadata_for_workspace_members() {
    let reg = registry();
    let root = reg.root.path().join("ws");
    write(
        &root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n",
    );
    write(
        &root,
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nhelper = { path = \"../../helper\" }\n",
    );
    write(&root, "app/src/lib.rs", "");
    // Outside the workspace root: a path dependency inside it would be a member.
    let outside = reg.root.path();
    write(
        outside,
        "helper/Cargo.toml",
        "[package]\nname = \"helper\"\nversion = \"0.2.0\"\nedition = \"2021\"\n",
    );
    write(outside, "helper/src/lib.rs", "");
    write(
        &root,
        "Cargo.lock",
        "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"helper\",\n]\n\n[[package]]\nname = \"helper\"\nversion = \"0.2.0\"\n",
    );
    let mut cmd = cratescope(&reg);
    // cargo metadata needs the real toolchain: the cargo running this test,
    // and rustup's home (HOME points at the fake one).
    for var in ["PATH", "CARGO", "RUSTUP_TOOLCHAIN"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    if let Some(h) = std::env::var_os("RUSTUP_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".rustup")))
    {
        cmd.env("RUSTUP_HOME", h);
    }
    let out = cmd
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !v["notes"].to_string().contains("cargo metadata failed"),
        "{}",
        v["notes"]
    );
    assert_eq!(v["summary"]["packages"], 1);
    let helper = package(&v, "helper");
    assert_eq!(helper["direct_of"], serde_json::json!(["app"]));
    assert_eq!(helper["not_evaluated"], "not from a registry");
}
