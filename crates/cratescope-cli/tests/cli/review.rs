//! `audit --base`: dependency review of a change to Cargo.lock (issue 24),
//! the checks teams keep cargo-deny for, and the audit points of issues 21
//! and 26. Every rule has a test here against a local registry whose crates
//! the tests build (and a crates.io dump they write for the publisher,
//! owner and confusable-name checks): a typosquat, a fresh publish, a new
//! build script, a publisher change, a GPL crate under a permissive policy,
//! a duplicate pulled in by one parent; a base given as a file or a git
//! revision, in any lockfile format, with git, path and renamed packages;
//! a team's deny.toml; fix advice that names the parent to upgrade.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use serde_json::Value;

use crate::audit::{
    AS_OF, CRATES_IO, Out, audit, cratescope, lock, lockfile, package, pkg, registry, run,
    with_cargo, write,
};
use crate::dump::dumpgen;
use crate::registry::{FakeRegistry, dep, line};

/// One release of a crate the tests publish: version, publish time, extra
/// files (`Cargo.toml+` appends to the manifest), extra index fields.
type Release<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

/// `audit --format json --base BASE` of `head`, with extra environment.
fn review(
    reg: &FakeRegistry,
    base: &str,
    head: &str,
    policy: Option<&str>,
    env: &[(&str, &Path)],
    extra: &[&str],
) -> Out {
    let base_path = write(reg.root.path(), "base/Cargo.lock", base);
    let lock_path = write(reg.root.path(), "Cargo.lock", head);
    let mut cmd = cratescope(reg);
    cmd.args(["audit", "--offline", "--as-of", AS_OF]);
    if !extra.contains(&"--format") {
        cmd.args(["--format", "json"]);
    }
    cmd.arg("--lockfile")
        .arg(&lock_path)
        .arg("--base")
        .arg(&base_path);
    if let Some(p) = policy {
        cmd.arg("--policy")
            .arg(write(reg.root.path(), "policy.toml", p));
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(extra);
    run(cmd)
}

fn problems(p: &Value) -> Vec<String> {
    p["problems"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    format!(
                        "{} {}",
                        x["rule"].as_str().unwrap(),
                        x["level"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn problem<'a>(p: &'a Value, rule: &str) -> &'a Value {
    p["problems"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["rule"] == rule))
        .unwrap_or_else(|| panic!("no {rule} on {p}"))
}

/// A crate of the registry: a manifest (with `extra` lines), a lib.rs, and
/// more files; its index line; returns the tarball's checksum.
fn publish(reg: &FakeRegistry, name: &str, versions: &[Release<'_>]) {
    let mut lines = Vec::new();
    for (version, pubtime, files, index_extra) in versions {
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2021\"\nlicense = \"MIT\"\n"
        );
        let mut all: Vec<(&str, &str)> = vec![(
            "src/lib.rs",
            "//! A crate.\n#![forbid(unsafe_code)]\n/// Id.\npub fn id(x: u8) -> u8 { x }\n",
        )];
        let mut manifest_text = manifest;
        for (path, content) in *files {
            if *path == "Cargo.toml+" {
                manifest_text.push_str(content);
            } else {
                all.push((path, content));
            }
        }
        all.push(("Cargo.toml", &manifest_text));
        let sum = reg.add_crate(name, version, &all);
        lines.push(line(name, version, &sum, "", false, pubtime, index_extra));
    }
    reg.add_index(name, &lines.join("\n"));
}

/// A dump in which `tokio` has 150 dependents (the popular name), `pubchange`
/// 1.0.0 was published by ann and 1.1.0 by eve, who became an owner ten
/// days before, and `trusty` went from trusted publishing to a token.
fn dump(dir: &Path) -> PathBuf {
    let mut w = dumpgen::World::default();
    w.krate(1, "tokio", "2016-01-01 00:00:00")
        .krate(2, "tokios", "2026-11-20 00:00:00")
        .krate(3, "pubchange", "2024-01-01 00:00:00")
        .krate(4, "trusty", "2024-01-01 00:00:00");
    w.version(10, 1, "1.0.0", "2021-01-01 00:00:00")
        .version(20, 2, "1.0.0", "2026-11-20 00:00:00")
        .version(30, 3, "1.0.0", "2025-01-01 00:00:00")
        .version(31, 3, "1.1.0", "2026-11-10 00:00:00")
        .version(40, 4, "1.0.0", "2025-09-01 00:00:00")
        .version(41, 4, "1.1.0", "2026-11-01 00:00:00");
    for i in 0..150u32 {
        let c = 1000 + i;
        w.krate(c, &format!("user-of-tokio-{i}"), "2022-01-01 00:00:00");
        w.version(10_000 + i, c, "1.0.0", "2022-01-01 00:00:00");
        w.dep(10_000 + i, 1, 0);
    }
    w.user(7, "eve");
    w.published_by(30, 1)
        .published_by(31, 7)
        .published_by(41, 7);
    w.owners = vec![(3, 1, 0), (3, 7, 0), (4, 7, 0)];
    w.owner_added
        .insert((3, 7), "2026-10-31 12:00:00".to_string());
    let p = dir.join("db-dump.tar.gz");
    dumpgen::write_tar_gz(&p, dumpgen::TOP, &dumpgen::files(&w));
    p
}

#[test]
fn typosquat_publisher_change_new_owner_and_trusted_publishing_dropped_from_the_dump() {
    let reg = registry();
    publish(
        &reg,
        "tokios",
        &[("1.0.0", "2026-11-20T00:00:00Z", &[], "")],
    );
    publish(
        &reg,
        "pubchange",
        &[
            ("1.0.0", "2025-01-01T00:00:00Z", &[], ""),
            ("1.1.0", "2026-11-10T00:00:00Z", &[], ""),
        ],
    );
    publish(
        &reg,
        "trusty",
        &[
            ("1.0.0", "2025-09-01T00:00:00Z", &[], ""),
            ("1.1.0", "2026-11-01T00:00:00Z", &[], ""),
        ],
    );
    let base = lock(
        &["pubchange", "trusty"],
        &[
            pkg("pubchange", "1.0.0", Some(CRATES_IO), &[]),
            pkg("trusty", "1.0.0", Some(CRATES_IO), &[]),
        ],
    );
    let head = lock(
        &["pubchange", "tokios", "trusty"],
        &[
            pkg("pubchange", "1.1.0", Some(CRATES_IO), &[]),
            pkg("tokios", "1.0.0", Some(CRATES_IO), &[]),
            pkg("trusty", "1.1.0", Some(CRATES_IO), &[]),
        ],
    );
    let d = dump(reg.root.path());
    let out = review(
        &reg,
        &base,
        &head,
        Some("[audit]\nunevaluable = \"warn\"\n[audit.supply_chain]\ntyposquat = \"fail\"\n"),
        &[("CRATESCOPE_DB_DUMP", &d)],
        &[],
    );
    let v = out.json();
    assert_eq!(out.code, 1, "{}", out.stderr);
    // The typosquat: one letter from a crate with 150 dependents.
    let t = package(&v, "tokios");
    assert_eq!(t["change"]["kind"], "added");
    let p = problem(t, "typosquat");
    assert_eq!(p["level"], "fail");
    assert!(p["message"].as_str().unwrap().contains("tokio"), "{p}");
    assert_eq!(t["supply_chain"]["confusable"]["crate"], "tokio");
    assert_eq!(t["supply_chain"]["confusable"]["dependents"], 150);
    assert_eq!(t["supply_chain"]["confusable"]["how"], "plural");
    assert_eq!(t["verdict"], "fail");
    // The publisher change, and the owner added ten days before the release.
    let pc = package(&v, "pubchange");
    assert_eq!(pc["change"]["kind"], "bumped");
    assert_eq!(pc["change"]["from"], "1.0.0");
    assert_eq!(pc["supply_chain"]["publisher"], "eve");
    assert_eq!(pc["supply_chain"]["previous_publisher"], "ann");
    let m = problem(pc, "publisher-change")["message"].as_str().unwrap();
    assert!(m.contains("eve") && m.contains("ann"), "{m}");
    let owners = &pc["supply_chain"]["owners_added"];
    assert_eq!(owners[0]["login"], "eve", "{pc}");
    assert_eq!(owners[0]["date"], "2026-10-31");
    assert_eq!(problem(pc, "new-owner")["level"], "warn");
    // 1.0.0 of trusty came by trusted publishing (no user, after the
    // launch), 1.1.0 with eve's token.
    let tr = package(&v, "trusty");
    assert_eq!(tr["supply_chain"]["trusted"], false);
    assert_eq!(tr["supply_chain"]["trusted_publishing"]["releases"], 2);
    assert_eq!(tr["supply_chain"]["trusted_publishing"]["trusted"], 1);
    assert_eq!(problem(tr, "trusted-publishing-dropped")["level"], "warn");
    // The same change without a dump: said once, never a pass of a failing rule.
    let out = review(
        &reg,
        &base,
        &head,
        Some("[audit]\nunevaluable = \"warn\"\n[audit.supply_chain]\ntyposquat = \"fail\"\n"),
        &[],
        &[],
    );
    let v = out.json();
    let t = package(&v, "tokios");
    assert_eq!(problem(t, "cannot-check")["level"], "warn", "{t}");
    assert!(
        v["notes"]
            .to_string()
            .contains("confusable names were not checked"),
        "{}",
        v["notes"]
    );
}

#[test]
fn a_fresh_publish_fails_the_minimum_publish_age() {
    let reg = registry();
    publish(
        &reg,
        "fresh",
        &[
            ("1.0.0", "2026-01-01T00:00:00Z", &[], ""),
            ("1.0.1", "2026-11-23T18:00:00Z", &[], ""),
        ],
    );
    let base = lock(&["fresh"], &[pkg("fresh", "1.0.0", Some(CRATES_IO), &[])]);
    let head = lock(&["fresh"], &[pkg("fresh", "1.0.1", Some(CRATES_IO), &[])]);
    let policy = "[audit.supply_chain]\nmin_publish_age_days = 7\n";
    let out = review(&reg, &base, &head, Some(policy), &[], &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    let f = package(&v, "fresh");
    assert_eq!(f["supply_chain"]["publish_age_days"], 2);
    assert_eq!(f["supply_chain"]["published"], "2026-11-23");
    assert_eq!(problem(f, "publish-age")["level"], "fail");
    // A week later it passes.
    let mut later = cratescope(&reg);
    later
        .env("CRATESCOPE_NOW", "2026-12-05")
        .args([
            "audit",
            "--offline",
            "--as-of",
            "2026-12-05",
            "--format",
            "json",
        ])
        .arg("--lockfile")
        .arg(reg.root.path().join("Cargo.lock"))
        .arg("--base")
        .arg(reg.root.path().join("base/Cargo.lock"))
        .arg("--policy")
        .arg(reg.root.path().join("policy.toml"));
    let v = run(later).json();
    assert!(
        problems(package(&v, "fresh"))
            .iter()
            .all(|p| !p.starts_with("publish-age"))
    );
}

#[test]
fn a_new_build_script_proc_macro_and_native_link_are_flagged_on_a_bump() {
    let reg = registry();
    publish(
        &reg,
        "shifty",
        &[
            ("1.0.0", "2025-01-01T00:00:00Z", &[], ""),
            (
                "1.0.1",
                "2026-10-01T00:00:00Z",
                &[
                    (
                        "build.rs",
                        "fn main() { println!(\"cargo:rerun-if-changed=build.rs\"); }\n",
                    ),
                    (
                        "Cargo.toml+",
                        "links = \"shifty\"\n\n[lib]\nproc-macro = true\n",
                    ),
                ],
                r#","links":"shifty""#,
            ),
        ],
    );
    let base = lock(&["shifty"], &[pkg("shifty", "1.0.0", Some(CRATES_IO), &[])]);
    let head = lock(&["shifty"], &[pkg("shifty", "1.0.1", Some(CRATES_IO), &[])]);
    let out = review(&reg, &base, &head, None, &[], &[]);
    let v = out.json();
    let s = package(&v, "shifty");
    let sc = &s["supply_chain"];
    assert_eq!(sc["compared_with"], "1.0.0");
    assert_eq!(
        sc["build_script"],
        serde_json::json!({"now": true, "before": false})
    );
    assert_eq!(
        sc["proc_macro"],
        serde_json::json!({"now": true, "before": false})
    );
    assert_eq!(
        sc["links"],
        serde_json::json!({"now": true, "before": false})
    );
    let mut found = problems(s);
    found.sort();
    assert_eq!(
        found,
        [
            "new-build-script warn",
            "new-links warn",
            "new-proc-macro warn"
        ],
        "{s}"
    );
    assert_eq!(s["verdict"], "warn");
    // Made failing by the policy.
    let out = review(
        &reg,
        &base,
        &head,
        Some("[audit.supply_chain]\nnew_build_script = \"fail\"\n"),
        &[],
        &[],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    // An addition is compared with the previous release.
    let added = review(&reg, &lock(&[], &[]), &head, None, &[], &[]);
    let v = added.json();
    assert_eq!(
        package(&v, "shifty")["supply_chain"]["compared_with"],
        "1.0.0"
    );
}

#[test]
fn a_gpl_crate_under_a_permissive_policy_fails_and_an_exception_admits_it() {
    let reg = registry();
    let gpl = reg.add_crate(
        "copyleft",
        "2.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"copyleft\"\nversion = \"2.0.0\"\nedition = \"2021\"\nlicense = \"GPL-3.0-only\"\n",
            ),
            ("src/lib.rs", "//! Copyleft.\n#![forbid(unsafe_code)]\n/// Id.\npub fn id() {}\n"),
        ],
    );
    reg.add_index(
        "copyleft",
        &line(
            "copyleft",
            "2.0.0",
            &gpl,
            "",
            false,
            "2025-05-01T00:00:00Z",
            "",
        ),
    );
    let head = lock(
        &["copyleft", "tidy"],
        &[
            pkg("copyleft", "2.0.0", Some(CRATES_IO), &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let permissive =
        "[audit]\nunevaluable = \"warn\"\n[audit.licenses]\nallow = [\"MIT\", \"Apache-2.0\"]\n";
    let out = audit(&reg, &head, Some(permissive), &["--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    let c = package(&v, "copyleft");
    assert_eq!(c["license"], "GPL-3.0-only");
    let p = problem(c, "license");
    assert_eq!(p["level"], "fail");
    assert!(p["message"].as_str().unwrap().contains("GPL-3.0-only"));
    // MIT-licensed tidy passes; itoa's tarball is not in the cache, so its
    // licence is not checked — and that fails closed at `unevaluable`.
    assert_eq!(package(&v, "tidy")["verdict"], "pass");
    assert!(problems(package(&v, "itoa")).contains(&"cannot-check warn".to_string()));
    let with_exception = format!(
        "{permissive}exceptions = [{{ crate = \"copyleft\", allow = [\"GPL-3.0-only\"] }}]\n"
    );
    let out = audit(&reg, &head, Some(&with_exception), &["--format", "json"]);
    let v = out.json();
    assert!(problems(package(&v, "copyleft")).is_empty(), "{v}");
}

#[test]
fn a_duplicate_names_the_one_parent_that_pulls_in_the_old_version() {
    let reg = registry();
    publish(
        &reg,
        "flags",
        &[
            ("1.3.2", "2021-01-01T00:00:00Z", &[], ""),
            ("2.6.0", "2026-06-01T00:00:00Z", &[], ""),
        ],
    );
    publish(
        &reg,
        "oldparent",
        &[("0.9.0", "2022-01-01T00:00:00Z", &[], "")],
    );
    let head = lock(
        &["flags 2.6.0", "oldparent"],
        &[
            pkg("flags", "1.3.2", Some(CRATES_IO), &[]),
            pkg("flags", "2.6.0", Some(CRATES_IO), &[]),
            pkg("oldparent", "0.9.0", Some(CRATES_IO), &["flags 1.3.2"]),
        ],
    );
    let policy = "[audit]\nunevaluable = \"warn\"\n[audit.bans]\nduplicates = \"fail\"\n";
    let out = audit(&reg, &head, Some(policy), &["--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    let dups: Vec<&Value> = v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["problems"].to_string().contains("\"duplicate\""))
        .collect();
    assert_eq!(dups.len(), 1, "one finding per cause: {v}");
    assert_eq!(dups[0]["version"], "1.3.2");
    let m = problem(dups[0], "duplicate")["message"].as_str().unwrap();
    assert!(m.contains("oldparent 0.9.0") && m.contains("2.6.0"), "{m}");
    // Skipped on purpose: no finding.
    let skip = format!("{policy}skip_duplicates = [{{ crate = \"flags\", version = \"^1\" }}]\n");
    let v = audit(&reg, &head, Some(&skip), &["--format", "json"]).json();
    assert!(!v.to_string().contains("\"duplicate\""));
}

#[test]
fn a_teams_deny_toml_is_the_policy_and_what_it_cannot_apply_is_listed() {
    let reg = registry();
    let deny = r#"
[graph]
all-features = true

[advisories]
ignore = [{ id = "RUSTSEC-2020-0036", reason = "legacy importer" }, "RUSTSEC-2019-0036"]

[licenses]
allow = ["MIT", "Apache-2.0"]
confidence-threshold = 0.9

[bans]
multiple-versions = "deny"
deny = [{ crate = "gitdep", reason = "use the published one" }]
skip-tree = ["windows-sys"]

[sources]
unknown-git = "deny"
allow-git = ["https://example.com/gitdep.git"]
"#;
    let root = reg.root.path();
    write(root, "deny.toml", deny);
    // Found at the root of the workspace (the lockfile's directory), as
    // cargo-deny finds it, and named in the report.
    let out = audit(&reg, &lockfile(), None, &["--format", "json"]);
    let v = out.json();
    assert_eq!(v["policy_file"], "deny.toml", "{}", out.stderr);
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("licenses.confidence-threshold"),
        "{warnings}"
    );
    assert!(warnings.contains("bans.skip-tree"), "{warnings}");
    // Ignores with their reasons (a bare id gets one that says where it is).
    let failure = package(&v, "failure");
    let f = failure["advisories"].as_array().unwrap();
    assert!(f.iter().all(|a| a["action"] == "ignored"), "{failure}");
    assert_eq!(f[1]["ignore_reason"], "legacy importer");
    // The git package is allowed as a source, but banned.
    let g = package(&v, "gitdep");
    assert_eq!(problems(g), ["banned fail"], "{g}");
    // The table says it too.
    let t = audit(&reg, &lockfile(), None, &[]).stdout;
    assert!(t.contains("policy deny.toml"), "{t}");
    assert!(
        t.contains("warning: deny.toml: bans.skip-tree is not applied"),
        "{t}"
    );
    // A key cargo-deny itself does not know is an error, not a pass.
    write(root, "deny.toml", "[bans]\nmultiple-version = \"deny\"\n");
    let out = audit(&reg, &lockfile(), None, &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("bans.multiple-version"),
        "{}",
        out.stderr
    );
}

#[test]
fn policy_typos_are_errors_never_a_silent_pass() {
    let reg = registry();
    for (text, names) in [
        ("[adit]\nmin_composite = 4.9\n", "adit"),
        (
            "[audit]\nmin_composite = 4.9\n[transitive]\nmin_composite = 4.0\n",
            "transitive",
        ),
        (
            "[audit]\n[model.audit]\nmin_composite = 4.9\n",
            "model.audit",
        ),
        ("[audit.licences]\nallow = [\"MIT\"]\n", "licences"),
    ] {
        let out = audit(&reg, &lockfile(), Some(text), &[]);
        assert_eq!(out.code, 2, "{text}: {}", out.stdout);
        assert!(out.stderr.contains(names), "{text}: {}", out.stderr);
    }
}

/// A git repository holding two commits of a workspace's Cargo.lock.
fn git_repo(dir: &Path, old: &str, new: &str) {
    let git = |args: &[&str]| {
        let out = StdCommand::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    std::fs::create_dir_all(dir).unwrap();
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(dir.join("Cargo.lock"), old).unwrap();
    git(&["add", "Cargo.lock"]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(dir.join("Cargo.lock"), new).unwrap();
    git(&["commit", "-q", "-am", "head"]);
}

#[test]
fn the_base_is_a_git_revision_or_a_file_and_a_bad_one_is_exit_2_named() {
    let reg = registry();
    let old = lock(
        &["tidy"],
        &[
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let repo = reg.root.path().join("repo");
    git_repo(&repo, &old, &lockfile());
    let go = |base: &str| {
        let mut cmd = cratescope(&reg);
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(&repo)
            .args([
                "audit",
                "--offline",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--lockfile",
                "Cargo.lock",
            ])
            .arg(format!("--base={base}"));
        run(cmd)
    };
    let out = go("HEAD~1");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["diff"]["base"], "HEAD~1");
    assert_eq!(v["diff"]["added"], 4, "{}", v["diff"]);
    assert_eq!(v["diff"]["unchanged"], 2);
    assert_eq!(package(&v, "tidy")["judged"], false);
    assert_eq!(package(&v, "failure")["judged"], true);
    // The same lockfile as its own base: nothing to judge, the gate holds.
    let out = go("HEAD");
    assert_eq!(out.code, 0, "{}", out.stdout);
    // A revision that does not exist, a path that does not exist.
    for bad in ["no-such-branch", "missing/Cargo.lock", "--upload-pack=evil"] {
        let out = go(bad);
        assert_eq!(out.code, 2, "{bad}: {}", out.stdout);
        assert!(
            out.stderr
                .contains(&format!("cannot read the base `{bad}`")),
            "{}",
            out.stderr
        );
    }
    // A base that does not parse.
    write(&repo, "broken.lock", "[[package]\nname=");
    let out = go("broken.lock");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("broken.lock"), "{}", out.stderr);
}

#[test]
fn lockfile_formats_1_to_4_on_either_side_with_git_path_and_renamed_packages() {
    let reg = registry();
    let cio = CRATES_IO;
    // Format 1: dependencies name their source, checksums live in [metadata].
    let v1 = format!(
        r#"[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "itoa 1.0.19 (registry+https://github.com/rust-lang/crates.io-index)",
 "old-name 0.1.0 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "itoa"
version = "1.0.19"
source = "{cio}"

[[package]]
name = "old-name"
version = "0.1.0"
source = "{cio}"

[metadata]
"checksum itoa 1.0.19 (registry+https://github.com/rust-lang/crates.io-index)" = "{}"
"#,
        "1".repeat(64)
    );
    // Format 4: a path dependency, a git one, the renamed crate.
    let v4 = lock(
        &["helper", "gitdep", "itoa", "new-name"],
        &[
            pkg(
                "gitdep",
                "0.3.0",
                Some("git+https://example.com/gitdep.git#0123456789abcdef"),
                &[],
            ),
            pkg("helper", "0.2.0", None, &[]),
            format!(
                "[[package]]\nname = \"itoa\"\nversion = \"1.0.19\"\nsource = \"{cio}\"\nchecksum = \"{}\"\n\n",
                "1".repeat(64)
            ),
            pkg("new-name", "0.1.0", Some(CRATES_IO), &[]),
        ],
    );
    for (base, head, label) in [(&v1, &v4, "1 → 4"), (&v4, &v1, "4 → 1")] {
        let out = review(
            &reg,
            base,
            head,
            Some("[audit]\nunevaluable = \"warn\"\n"),
            &[],
            &[],
        );
        let v = out.json();
        let d = &v["diff"];
        assert_eq!(
            (d["base_format"].as_u64(), d["head_format"].as_u64()),
            if label == "1 → 4" {
                (Some(1), Some(4))
            } else {
                (Some(4), Some(1))
            },
            "{label}"
        );
        // itoa is the same package in both formats: unchanged.
        assert_eq!(
            package(&v, "itoa")["change"]["kind"],
            "unchanged",
            "{label}: {d}"
        );
        let removed: Vec<&str> = d["removed"]
            .as_array()
            .map(|a| a.iter().map(|r| r["crate"].as_str().unwrap()).collect())
            .unwrap_or_default();
        if label == "1 → 4" {
            // A renamed package is the old name removed and the new one added.
            assert_eq!(removed, ["old-name"], "{d}");
            assert_eq!(package(&v, "new-name")["change"]["kind"], "added");
            assert_eq!(package(&v, "gitdep")["change"]["kind"], "added");
            assert_eq!(package(&v, "gitdep")["problems"][0]["rule"], "git-package");
            assert_eq!(package(&v, "helper")["scope"], "local");
        } else {
            assert_eq!(removed, ["gitdep", "helper", "new-name"], "{d}");
        }
    }
}

#[test]
fn fix_advice_names_the_parent_whose_requirement_excludes_the_fix() {
    // The issue's case: chrono 0.4.19 requires time ^0.1.43; the advisory
    // RUSTSEC-2020-0071 is fixed in time ≥ 0.2.23 (unaffected 0.2.0–0.2.6),
    // which chrono 0.4.19 cannot take.
    let reg = registry();
    let zero = "0".repeat(64);
    let time_lines: Vec<String> = [
        ("0.1.43", ""),
        ("0.1.44", ""),
        ("0.2.0", r#","rust_version":"1.85""#),
        ("0.2.23", ""),
    ]
    .iter()
    .map(|(v, x)| line("time", v, &zero, "", false, "2020-01-01T00:00:00Z", x))
    .collect();
    reg.add_index("time", &time_lines.join("\n"));
    reg.add_index(
        "chrono",
        &[
            line(
                "chrono",
                "0.4.19",
                &zero,
                &dep("time", "^0.1.43"),
                false,
                "2021-02-01T00:00:00Z",
                r#","rust_version":"1.60""#,
            ),
            line(
                "chrono",
                "0.4.20",
                &zero,
                "",
                false,
                "2022-08-01T00:00:00Z",
                r#","rust_version":"1.85""#,
            ),
        ]
        .join("\n"),
    );
    let head = lock(
        &["chrono"],
        &[
            pkg("chrono", "0.4.19", Some(CRATES_IO), &["time"]),
            pkg("time", "0.1.44", Some(CRATES_IO), &[]),
        ],
    );
    let out = audit(
        &reg,
        &head,
        Some("[audit]\nunevaluable = \"warn\"\n"),
        &["--format", "json"],
    );
    let v = out.json();
    let time = package(&v, "time");
    let f = time["advisories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "RUSTSEC-2020-0071")
        .unwrap_or_else(|| panic!("{time}"));
    assert_eq!(f["upgrade_to"], "0.2.0");
    assert_eq!(
        f["fix"],
        serde_json::json!({
            "kind": "parent", "parent": "chrono 0.4.19", "req": "^0.1.43",
            "fixed": "0.2.0", "to": "0.4.20", "member": false
        })
    );
    // chrono 0.4.20 declares Rust 1.85, above what 0.4.19 needed: said first.
    assert_eq!(f["fix_rust"]["needs"], "1.85");
    let hint = time["hint"].as_str().unwrap();
    assert!(
        hint.contains("chrono 0.4.19 requires time ^0.1.43, which excludes the fixed 0.2.0: upgrade chrono to ≥ 0.4.20"),
        "{hint}"
    );
    assert!(hint.contains("needs Rust 1.85"), "{hint}");
    assert!(!hint.contains("cargo update -p time --precise"), "{hint}");
    // Where the parent admits the fix: the precise update.
    reg.add_index(
        "chrono",
        &line(
            "chrono",
            "0.4.19",
            &zero,
            &dep("time", ">=0.1.43, <0.3"),
            false,
            "2021-02-01T00:00:00Z",
            "",
        ),
    );
    let v = audit(
        &reg,
        &head,
        Some("[audit]\nunevaluable = \"warn\"\n"),
        &["--format", "json", "--no-cache"],
    )
    .json();
    let time = package(&v, "time");
    assert!(
        time["hint"]
            .as_str()
            .unwrap()
            .contains("`cargo update -p time --precise 0.2.0`"),
        "{time}"
    );
}

#[test]
fn a_lockfile_checksum_that_differs_from_the_registrys_fails() {
    let reg = registry();
    let head = lock(
        &["tidy"],
        &[
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            format!(
                "[[package]]\nname = \"tidy\"\nversion = \"1.1.0\"\nsource = \"{CRATES_IO}\"\nchecksum = \"{}\"\ndependencies = [\n \"itoa\",\n]\n\n",
                "f".repeat(64)
            ),
        ],
    );
    let out = audit(
        &reg,
        &head,
        Some("[audit]\nunevaluable = \"warn\"\n"),
        &["--format", "json"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    let t = package(&v, "tidy");
    let p = problem(t, "checksum-mismatch");
    assert_eq!(p["level"], "fail");
    assert!(p["message"].as_str().unwrap().contains(&"f".repeat(64)));
}

#[test]
fn untouched_findings_are_reported_apart_unless_all() {
    let reg = registry();
    // failure (unmaintained, unsound) is in both: the change adds tidy.
    let base = lock(
        &["failure"],
        &[pkg("failure", "0.1.8", Some(CRATES_IO), &[])],
    );
    let head = lock(
        &["failure", "tidy"],
        &[
            pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let policy = "[audit]\nunevaluable = \"warn\"\n";
    let out = review(&reg, &base, &head, Some(policy), &[], &[]);
    assert_eq!(
        out.code, 0,
        "the change does not make it worse: {}",
        out.stdout
    );
    let v = out.json();
    assert_eq!(v["summary"]["untouched_failing"], 1);
    let f = package(&v, "failure");
    assert_eq!(f["judged"], false);
    assert_eq!(f["verdict"], "fail");
    // Not evaluated: the change did not touch it.
    assert!(f.get("evaluation").is_none());
    assert_eq!(
        package(&v, "tidy")["change"]["subtree"],
        serde_json::json!(["itoa 1.0.19"])
    );
    // The table lists it apart.
    let t = review(
        &reg,
        &base,
        &head,
        Some(policy),
        &[],
        &["--format", "table"],
    )
    .stdout;
    assert!(t.contains("Not touched by this change (1)"), "{t}");
    // --all judges it too.
    let out = review(&reg, &base, &head, Some(policy), &[], &["--all"]);
    assert_eq!(out.code, 1);
}

#[test]
fn the_policy_is_found_at_the_workspace_root_and_named_from_any_directory() {
    let reg = registry();
    let root = crate::audit::workspace(&reg, true);
    write(
        &root,
        "cratescope.toml",
        "[audit]\nmin_composite = 4.99\nunevaluable = \"warn\"\n",
    );
    let from = |dir: &Path| {
        let mut cmd = cratescope(&reg);
        with_cargo(&mut cmd);
        cmd.current_dir(dir)
            .args(["audit", "--offline", "--as-of", AS_OF, "--format", "json"]);
        run(cmd)
    };
    let at_root = from(&root);
    std::fs::create_dir_all(root.join("src")).unwrap();
    let in_src = from(&root.join("src"));
    assert_eq!(
        at_root.code, in_src.code,
        "{}\n{}",
        at_root.stderr, in_src.stderr
    );
    assert_eq!(at_root.code, 1);
    let v = in_src.json();
    assert!(
        v["policy_file"]
            .as_str()
            .unwrap()
            .ends_with("cratescope.toml"),
        "{}",
        v["policy_file"]
    );
    assert_eq!(v["policy"]["direct"]["min_composite"], 4.99);
}

#[test]
fn explicit_paths_that_do_not_exist_and_zero_jobs_are_errors() {
    let reg = registry();
    let mut cmd = cratescope(&reg);
    with_cargo(&mut cmd);
    cmd.args(["audit", "--offline", "--manifest-path", "nope/Cargo.toml"]);
    let out = run(cmd);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("nope/Cargo.toml"), "{}", out.stderr);
    let out = audit(&reg, &lockfile(), None, &["--jobs", "0"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("--jobs"), "{}", out.stderr);
    let mut cmd = cratescope(&reg);
    cmd.args(["audit", "--offline", "--lockfile", "nope/Cargo.lock"]);
    assert_eq!(run(cmd).code, 2);
}

#[test]
fn an_online_run_and_a_following_offline_run_share_evaluations() {
    let crate::online::StandIns {
        rt: _rt,
        server: _server,
        uri,
    } = crate::online::stand_ins();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let lock_text = lock(
        &["tidy-demo"],
        &[pkg("tidy-demo", "1.1.0", Some(CRATES_IO), &[])],
    );
    let lock_path = write(dir.path(), "Cargo.lock", &lock_text);
    let go = |offline: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("cratescope").unwrap();
        cmd.env_clear()
            .env("HOME", dir.path())
            .env("CARGO_HOME", dir.path().join("no-cargo-home"))
            .env("CRATESCOPE_CACHE_DIR", &cache)
            .env("CRATESCOPE_NOW", AS_OF)
            .env("CRATESCOPE_INDEX_URL", format!("{uri}/index/"))
            .env("CRATESCOPE_CRATES_IO_API", format!("{uri}/api/v1"))
            .env("CRATESCOPE_GITHUB_API", format!("{uri}/gh"))
            .env("CRATESCOPE_DOCS_RS", format!("{uri}/docsrs"))
            .env(
                "CRATESCOPE_USER_AGENT",
                "cratescope-tests (tests@example.invalid)",
            )
            .env(
                "CRATESCOPE_ADVISORY_DB",
                crate::registry::fixtures().join("advisory-db"),
            )
            .args(["audit", "--as-of", AS_OF, "--format", "json", "--lockfile"])
            .arg(&lock_path);
        if offline {
            cmd.arg("--offline");
        }
        run(cmd)
    };
    let online = go(false);
    let v = online.json();
    assert_eq!(v["summary"]["evaluated"], 1, "{}", online.stderr);
    assert_eq!(v["summary"]["cached"], 0);
    let offline = go(true);
    let v = offline.json();
    assert_eq!(
        v["summary"]["cached"], 1,
        "the online card serves the offline run: {}",
        offline.stderr
    );
    assert_eq!(package(&v, "tidy-demo")["cached"], true);
}

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

#[test]
fn a_real_pull_request_ripgreps_dependency_update() {
    // ripgrep e988d4b6 "deps: update everything" (testdata/lockfiles/…/ORIGIN.md),
    // audited as its pull request would be. The fake registry has none of
    // its crates: every change is "not evaluated" (a warning here), and the
    // diff itself is the real one.
    let reg = FakeRegistry::new();
    let dir = testdata("lockfiles/ripgrep-e988d4b6");
    let head = std::fs::read_to_string(dir.join("head.Cargo.lock")).unwrap();
    let base = std::fs::read_to_string(dir.join("base.Cargo.lock")).unwrap();
    let policy = "[audit]\nunevaluable = \"warn\"\n";
    let out = review(&reg, &base, &head, Some(policy), &[], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let d = &v["diff"];
    assert_eq!(
        (
            d["added"].as_u64(),
            d["bumped"].as_u64(),
            d["unchanged"].as_u64()
        ),
        // ripgrep's other workspace crates are path packages here (no
        // manifest given): unchanged, and local.
        (Some(1), Some(28), Some(29)),
        "{d}"
    );
    let removed: Vec<String> = d["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["crate"].as_str().unwrap(),
                r["version"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(removed.len(), 3, "{removed:?}");
    let shlex = package(&v, "shlex");
    assert_eq!(shlex["change"]["from"], "1.3.0");
    // Only the change is judged: 29 packages, every one "not evaluated".
    let judged = v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["judged"] == true)
        .count();
    assert_eq!(judged, 29);
    let md = review(
        &reg,
        &base,
        &head,
        Some(policy),
        &[],
        &["--format", "markdown"],
    )
    .stdout;
    assert!(
        md.contains("1 added, 28 bumped, 3 removed, 29 unchanged"),
        "{md}"
    );
    assert!(md.chars().count() < 65_536);
}

#[test]
fn every_audit_sentence_reads_in_chinese() {
    // The audit of the review shapes in zh: no English word of three or more
    // letters outside crate names, ids, versions, paths and code (the
    // catalog marks verbatim values; code spans are backticked), except the
    // proper names every Chinese reader of these tools uses.
    let reg = registry();
    publish(
        &reg,
        "tokios",
        &[("1.0.0", "2026-11-20T00:00:00Z", &[], "")],
    );
    let d = dump(reg.root.path());
    let base = lock(
        &["failure"],
        &[pkg("failure", "0.1.8", Some(CRATES_IO), &[])],
    );
    let head = lockfile()
        .replace("name = \"ghost\"", "name = \"tokios\"")
        .replace("\"ghost\"", "\"tokios\"");
    let policy = "[audit]\nmin_composite = 4.5\n[audit.licenses]\nallow = [\"Apache-2.0\"]\n[audit.bans]\nduplicates = \"warn\"\ndeny = [\"gitdep\"]\n[audit.supply_chain]\nmin_publish_age_days = 30\n";
    let proper = [
        "RustSec",
        "SPDX",
        "JSON",
        "SARIF",
        "GitHub",
        "Markdown",
        "cratescope",
        "Rust",
        "unsafe",
    ];
    // The Markdown's own folds.
    let markup = ["details", "summary"];
    for format in ["table", "markdown"] {
        let out = review(
            &reg,
            &base,
            &head,
            Some(policy),
            &[("CRATESCOPE_DB_DUMP", &d)],
            &["--format", format, "--lang", "zh", "--all"],
        );
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        let mut english = Vec::new();
        // Code spans (backticked, possibly wrapped over lines) and verbatim
        // values (tokens with a path's or URL's characters) are not prose.
        let text = out.stdout.replace('\n', " ");
        let mut in_code = false;
        for part in text.split('`') {
            if !in_code {
                for token in part.split_whitespace() {
                    if token.contains(['/', '.', '@', '#', '_', '=']) {
                        continue;
                    }
                    for w in token.split(|c: char| !c.is_ascii_alphabetic()) {
                        if w.len() >= 3 && !proper.contains(&w) {
                            english.push(w.to_string());
                        }
                    }
                }
            }
            in_code = !in_code;
        }
        // What may stay: crate names, advisory titles (outside text), ids.
        let verbatim = [
            "failure",
            "tidy",
            "itoa",
            "tokios",
            "tokio",
            "gitdep",
            "helper",
            "app",
            "RUSTSEC",
            "Type",
            "confusion",
            "private",
            "get",
            "type",
            "overridden",
            "officially",
            "deprecated",
            "unmaintained",
            "https",
            "rustsec",
            "org",
            "advisories",
            "html",
            "example",
            "com",
            "git",
            "min",
            "composite",
            "max",
            "density",
            "scenario",
            "stars",
            "dimension",
            "license",
            "publish",
            "age",
            "banned",
            "duplicate",
            "unevaluable",
            "package",
            "registry",
            "work",
            "wt",
            "review",
            "crates",
            "cli",
            "shared",
            "fixtures",
            "advisory",
            "tmp",
            "lock",
            "Cargo",
            "base",
            "cannot",
            "check",
            "typosquat",
            "new",
            "owner",
            "tier",
            "denied",
            "yanked",
            "checksum",
            "mismatch",
            "all",
            "MIT",
            "Apache",
            "OR",
        ];
        english.retain(|w| {
            !verbatim.contains(&w.as_str())
                && !markup.contains(&w.as_str())
                && !w.chars().all(|c| c.is_ascii_uppercase())
        });
        english.sort();
        english.dedup();
        assert!(
            english.is_empty(),
            "{format}: English words {english:?} in\n{}",
            out.stdout
        );
    }
}

#[test]
fn snapshots_of_the_reviews_outputs() {
    // What a reviewer sees for a change that adds an unmaintained crate and
    // a yanked one and bumps a healthy one: the table at 80 and 120 columns
    // and piped, in English and Chinese; the pull-request Markdown in both;
    // the SARIF.
    let reg = registry();
    let base = lock(
        &["tidy"],
        &[
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.0.1", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let head = lock(
        &["failure", "oldy", "tidy"],
        &[
            pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("oldy", "0.2.0", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    // A database age the snapshot tolerates: no warning naming its path.
    let policy = "[audit]\nmax_advisory_db_age_days = 3650\n";
    let filters = vec![(r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]")];
    let shot = |name: &str, columns: Option<&str>, extra: &[&str]| {
        let base_path = write(reg.root.path(), "base/Cargo.lock", &base);
        write(reg.root.path(), "Cargo.lock", &head);
        let mut cmd = cratescope(&reg);
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        cmd.args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--lockfile",
            "Cargo.lock",
            "--policy",
        ])
        .arg(write(reg.root.path(), "policy.toml", policy))
        .arg("--base")
        .arg(&base_path)
        .args(extra);
        let out = run(cmd);
        assert_eq!(out.code, 1, "{}", out.stderr);
        insta::with_settings!({ filters => filters.clone(), prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!(name, out.stdout);
        });
    };
    shot("review_table_80", Some("80"), &[]);
    shot("review_table_120", Some("120"), &[]);
    shot("review_table_piped", None, &[]);
    shot("review_table_zh", None, &["--lang", "zh"]);
    shot("review_markdown_en", None, &["--format", "markdown"]);
    shot(
        "review_markdown_zh",
        None,
        &["--format", "markdown", "--lang", "zh"],
    );
    shot("review_sarif", None, &["--format", "sarif"]);
}
