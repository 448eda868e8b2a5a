//! `cratescope audit` as a CI gate (issues 6 and 16): lockfiles and
//! workspaces the tests write, against a fake cargo home holding crates the
//! tests build, and the real RustSec snapshot (or copies of it the tests
//! damage). Every fail-closed case of the issue has a test here: no
//! database, a stale one, a corrupt file, an empty `crates/`, unevaluable
//! packages, a yanked version, dev-only and other-target packages, upward
//! discovery, no lockfile, a 0-byte lockfile, `version = 99`, ignores by id
//! and their expiry.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::registry::{FakeRegistry, dep, fixtures, line};

pub(crate) const AS_OF: &str = "2026-11-25";
pub(crate) const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";

/// A crate with unsafe code: 3 unsafe items in 6 lines (500 per 1k lines).
const RAW_LIB: &str = "pub unsafe fn a() {}\npub unsafe fn b() {}\npub fn c(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n//! end\n";

/// A registry with `tidy` (healthy, depends on itoa), `failure`
/// (unmaintained per RUSTSEC-2020-0036, unsound per RUSTSEC-2019-0036),
/// itoa's real index file (no tarball), `oldy` (0.2.0 yanked, unsafe code),
/// and `wrapper` (its default feature pulls in `failure`).
pub(crate) fn registry() -> FakeRegistry {
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
    let oldy = reg.add_crate(
        "oldy",
        "0.2.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"oldy\"\nversion = \"0.2.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n",
            ),
            ("src/lib.rs", RAW_LIB),
        ],
    );
    let lines = [
        line("oldy", "0.2.0", &oldy, "", true, "2025-01-01T10:00:00Z", ""),
        line(
            "oldy",
            "0.2.1",
            &zero,
            "",
            false,
            "2025-02-01T10:00:00Z",
            "",
        ),
    ];
    reg.add_index("oldy", &lines.join("\n"));
    let wrapper = reg.add_crate(
        "wrapper",
        "1.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"wrapper\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n\n[dependencies]\nfailure = { version = \"0.1\", optional = true }\n\n[features]\ndefault = [\"failure\"]\n",
            ),
            ("src/lib.rs", "//! Wraps.\n#![forbid(unsafe_code)]\n/// Id.\npub fn id(x: u8) -> u8 { x }\n"),
        ],
    );
    let failure_dep = r#"{"name":"failure","req":"^0.1","features":[],"optional":true,"default_features":true,"target":null,"kind":"normal"}"#;
    reg.add_index(
        "wrapper",
        &line(
            "wrapper",
            "1.0.0",
            &wrapper,
            failure_dep,
            false,
            "2026-01-10T10:00:00Z",
            "",
        )
        .replace(
            "\"features\":{}",
            "\"features\":{\"default\":[\"failure\"]}",
        ),
    );
    reg
}

/// One `[[package]]`.
pub(crate) fn pkg(name: &str, version: &str, source: Option<&str>, deps: &[&str]) -> String {
    let mut s = format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n");
    if let Some(src) = source {
        s.push_str(&format!("source = \"{src}\"\n"));
    }
    if !deps.is_empty() {
        s.push_str("dependencies = [\n");
        for d in deps {
            s.push_str(&format!(" \"{d}\",\n"));
        }
        s.push_str("]\n");
    }
    s.push('\n');
    s
}

/// A version-4 lockfile: `app` (the workspace) depending on `deps`, then `packages`.
pub(crate) fn lock(deps: &[&str], packages: &[String]) -> String {
    let mut s = String::from("# This file is automatically @generated by Cargo.\nversion = 4\n\n");
    s.push_str(&pkg("app", "0.1.0", None, deps));
    for p in packages {
        s.push_str(p);
    }
    s
}

/// app → failure, ghost (crates.io, in no cache), gitdep (git), helper
/// (path), tidy → itoa.
pub(crate) fn lockfile() -> String {
    lock(
        &["failure", "ghost", "gitdep", "helper", "tidy"],
        &[
            pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
            pkg("ghost", "1.0.0", Some(CRATES_IO), &[]),
            pkg(
                "gitdep",
                "0.3.0",
                Some("git+https://example.com/gitdep.git#0123456789abcdef"),
                &[],
            ),
            pkg("helper", "0.2.0", None, &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    )
}

pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

pub(crate) struct Out {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Out {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

pub(crate) fn cratescope(reg: &FakeRegistry) -> Command {
    let mut cmd = reg.command();
    cmd.env("CRATESCOPE_NOW", AS_OF);
    cmd
}

/// The real toolchain for tests that run cargo (HOME points at the fake one).
pub(crate) fn with_cargo(cmd: &mut Command) {
    for var in ["PATH", "CARGO", "RUSTUP_TOOLCHAIN"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    if let Some(h) = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".rustup")))
    {
        cmd.env("RUSTUP_HOME", h);
    }
}

pub(crate) fn run(mut cmd: Command) -> Out {
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `audit --offline --as-of AS_OF --lockfile <lock> [--policy] <extra>`.
pub(crate) fn audit(
    reg: &FakeRegistry,
    lock_text: &str,
    policy: Option<&str>,
    extra: &[&str],
) -> Out {
    let lock = write(reg.root.path(), "Cargo.lock", lock_text);
    let mut cmd = cratescope(reg);
    cmd.args(["audit", "--offline", "--as-of", AS_OF, "--lockfile"])
        .arg(&lock);
    if let Some(p) = policy {
        let path = write(reg.root.path(), "policy.toml", p);
        cmd.arg("--policy").arg(path);
    }
    cmd.args(extra);
    run(cmd)
}

pub(crate) fn audit_json(reg: &FakeRegistry, policy: Option<&str>) -> (i32, Value) {
    let out = audit(reg, &lockfile(), policy, &["--format", "json"]);
    (out.code, out.json())
}

pub(crate) fn package<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["crate"] == name)
        .unwrap_or_else(|| panic!("no {name} in {v}"))
}

pub(crate) fn finding<'a>(p: &'a Value, id: &str) -> &'a Value {
    p["advisories"]
        .as_array()
        .unwrap_or_else(|| panic!("no advisories on {p}"))
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} on {p}"))
}

/// Terminal columns, emoji counting two (as the renderer counts them).
pub(crate) fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1F000..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF if !matches!(c, '✓' | '✗') => {
                2
            }
            0xFE0F => 0,
            _ => 1,
        })
        .sum()
}

/// A copy of the RustSec snapshot the test may damage.
pub(crate) fn copy_db(to: &Path) -> PathBuf {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let db = to.join("advisory-db");
    copy_dir(
        &fixtures().join("advisory-db").join("crates"),
        &db.join("crates"),
    );
    db
}

/// A git checkout of a few advisories, committed on `day`.
pub(crate) fn git_db(to: &Path, day: &str) -> PathBuf {
    let db = to.join(format!("git-db-{day}"));
    for name in ["failure", "smallvec"] {
        let from = fixtures().join("advisory-db/crates").join(name);
        std::fs::create_dir_all(db.join("crates").join(name)).unwrap();
        for f in std::fs::read_dir(&from).unwrap().flatten() {
            std::fs::copy(f.path(), db.join("crates").join(name).join(f.file_name())).unwrap();
        }
    }
    let when = format!("{day}T12:00:00Z");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(&db)
            .args(args)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "snapshot"]);
    db
}

#[test]
fn advisories_scores_and_every_kind_of_package_are_reported() {
    let reg = registry();
    let (code, v) = audit_json(&reg, None);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["schema_version"], 3);
    assert_eq!(v["passed"], false);
    assert_eq!(v["members"], serde_json::json!(["app 0.1.0"]));
    assert!(
        v["packages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["crate"] != "app")
    );
    assert_eq!(v["summary"]["packages"], 6);

    // failure: both advisories, as cargo audit lists them, each actionable.
    let failure = package(&v, "failure");
    assert_eq!(failure["verdict"], "fail");
    assert_eq!(failure["direct"], true);
    let unmaintained = finding(failure, "RUSTSEC-2020-0036");
    assert_eq!(unmaintained["kind"], "unmaintained");
    assert_eq!(unmaintained["action"], "deny");
    assert_eq!(unmaintained["date"], "2020-05-02");
    assert!(
        unmaintained["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(unmaintained.get("upgrade_to").is_none());
    let unsound = finding(failure, "RUSTSEC-2019-0036");
    assert_eq!(unsound["kind"], "unsound");
    assert_eq!(
        failure["path"],
        serde_json::json!(["app 0.1.0", "failure 0.1.8"])
    );
    assert!(
        failure["hint"]
            .as_str()
            .unwrap()
            .contains("[[audit.ignore]]")
    );
    // One finding per cause: its ⛔ tier comes from these two advisories,
    // which are findings of their own, so `denied-tier` does not say it again.
    assert!(failure.get("violations").is_none(), "{failure}");
    assert_eq!(failure["evaluation"]["tier"], "avoid");

    // A crates.io package that cannot be evaluated fails by default.
    let ghost = package(&v, "ghost");
    assert_eq!(ghost["verdict"], "fail", "{ghost}");
    assert_eq!(ghost["problems"][0]["rule"], "unevaluable");
    assert!(ghost["not_evaluated"].as_str().unwrap().contains("ghost"));
    // Git: reported, a warning; path: local, skipped.
    let gitdep = package(&v, "gitdep");
    assert_eq!(gitdep["verdict"], "warn");
    assert_eq!(gitdep["problems"][0]["rule"], "git-package");
    let helper = package(&v, "helper");
    assert_eq!(helper["scope"], "local");
    assert_eq!(helper["verdict"], "skipped");

    // Healthy packages pass, scored on their lockfile tree.
    let tidy = package(&v, "tidy");
    assert_eq!(tidy["verdict"], "pass", "{tidy}");
    assert_eq!(tidy["direct_of"], serde_json::json!(["app"]));
    assert_eq!(tidy["tree_size"], 1);
    let itoa = package(&v, "itoa");
    assert_eq!(itoa["direct"], false);
    assert_eq!(itoa["verdict"], "pass", "{itoa}");
    assert_eq!(
        itoa["path"],
        serde_json::json!(["app 0.1.0", "tidy 1.1.0", "itoa 1.0.19"])
    );
    assert_eq!(v["summary"]["failed"], 2);
    assert_eq!(v["summary"]["warned"], 1);
    assert_eq!(v["summary"]["findings"]["unmaintained"], 1);
    assert_eq!(v["summary"]["findings"]["unsound"], 1);
    // Riskiest first.
    assert_eq!(v["packages"][0]["crate"], "failure");
}

#[test]
fn the_table_shows_only_problems_with_reasons_and_hints_in_80_columns() {
    let reg = registry();
    write(reg.root.path(), "Cargo.lock", &lockfile());
    let mut cmd = cratescope(&reg);
    cmd.env("COLUMNS", "80").args([
        "audit",
        "--offline",
        "--as-of",
        AS_OF,
        "--lockfile",
        "Cargo.lock",
    ]);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let t = &out.stdout;
    for l in t.lines() {
        let long_token = l.split_whitespace().any(|w| columns(w) > 60);
        assert!(
            columns(l) <= 80 || long_token,
            "{} columns: {l:?}",
            columns(l)
        );
    }
    // Not a terminal: no colour codes.
    assert!(!t.contains('\x1b'), "{t}");
    // Failures and warnings, with every reason; passing packages are not listed.
    assert!(t.contains("FAIL failure 0.1.8"), "{t}");
    assert!(
        t.contains("RUSTSEC-2020-0036 unmaintained, critical 9.8 (2020-05-02"),
        "{t}"
    );
    assert!(t.contains("RUSTSEC-2019-0036 unsound"), "{t}");
    assert!(!t.contains("denied-tier:"), "one finding per cause: {t}");
    assert!(t.contains("FAIL ghost 1.0.0"), "{t}");
    assert!(t.contains("WARN gitdep 0.3.0"), "{t}");
    assert!(t.contains("hint: no fixed release: replace failure"), "{t}");
    assert!(t.contains("path: app 0.1.0 → failure 0.1.8"), "{t}");
    assert!(!t.contains("tidy 1.1.0"), "{t}");
    // URLs are never broken across lines.
    let url = "https://rustsec.org/advisories/RUSTSEC-2020-0036.html";
    assert!(t.contains(url), "{t}");
    let last = t.lines().last().unwrap();
    assert!(
        last.contains("policy FAILS")
            || t.lines().rev().take(2).any(|l| l.contains("policy FAILS")),
        "{t}"
    );
    assert!(
        t.contains("6 packages: 2 fail, 1 warn, 0 allowed, 2 pass, 1 local (0 from cache)"),
        "{t}"
    );
    // The stale snapshot (newest advisory 2026-08) is a warning up front.
    assert!(t.contains("warning: the advisory database is stale"), "{t}");

    // Piped without COLUMNS: 100 columns, the one width rule.
    let piped = audit(&reg, &lockfile(), None, &[]);
    assert!(
        piped.stdout.lines().all(|l| columns(l) <= 100),
        "{}",
        piped.stdout
    );
    assert!(
        piped.stdout.lines().any(|l| columns(l) > 80),
        "{}",
        piped.stdout
    );
    // --all lists every package; a narrow terminal still wraps between words.
    let all = audit(&reg, &lockfile(), None, &["--all"]);
    assert!(all.stdout.contains("pass    tidy 1.1.0"), "{}", all.stdout);
    assert!(all.stdout.contains("pass    itoa 1.0.19"), "{}", all.stdout);
    let mut cmd = cratescope(&reg);
    cmd.env("COLUMNS", "50").args([
        "audit",
        "--offline",
        "--as-of",
        AS_OF,
        "--lockfile",
        "Cargo.lock",
    ]);
    let narrow = run(cmd);
    for l in narrow.stdout.lines() {
        let long_token = l.split_whitespace().any(|w| columns(w) > 40);
        assert!(columns(l) <= 50 || long_token, "{l:?}");
    }
    assert!(narrow.stdout.contains(url));
}

#[test]
fn json_is_compact_unless_pretty() {
    let reg = registry();
    let out = audit(&reg, &lockfile(), None, &["--format", "json"]);
    assert_eq!(out.stdout.trim_end().lines().count(), 1);
    let pretty = audit(&reg, &lockfile(), None, &["--format", "json", "--pretty"]);
    assert!(pretty.stdout.lines().count() > 50);
    let (a, b) = (out.json(), pretty.json());
    assert_eq!(a["summary"]["packages"], b["summary"]["packages"]);
    assert_eq!(
        a["packages"][0]["advisories"],
        b["packages"][0]["advisories"]
    );
}

#[test]
fn allow_list_covers_score_rules_never_advisories() {
    let reg = registry();
    let allow = "[audit]\nunevaluable = \"warn\"\nmin_composite = 2.5\n[[audit.allow]]\ncrate = \"failure\"\nversion = \"^0.1\"\nreason = \"only used by the legacy importer\"\n";
    let (code, v) = audit_json(&reg, Some(allow));
    assert_eq!(code, 1, "advisories still fail: {v}");
    let failure = package(&v, "failure");
    assert_eq!(failure["verdict"], "fail");
    assert_eq!(failure["allow_reason"], "only used by the legacy importer");
    assert_eq!(finding(failure, "RUSTSEC-2020-0036")["action"], "deny");

    // Ignoring both advisories by id (with reasons) leaves the allowed rules.
    let both = format!(
        "{allow}[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"deprecated, replacement planned\"\n[[audit.ignore]]\nid = \"RUSTSEC-2019-0036\"\nreason = \"we never override __private_get_type_id__\"\n"
    );
    let (code, v) = audit_json(&reg, Some(&both));
    assert_eq!(code, 0, "{v}");
    let failure = package(&v, "failure");
    assert_eq!(failure["verdict"], "allowed");
    let f = finding(failure, "RUSTSEC-2020-0036");
    assert_eq!(f["action"], "ignored");
    assert_eq!(f["ignore_reason"], "deprecated, replacement planned");
    assert_eq!(v["summary"]["ignored"], 2);
    // Every format shows the reasons.
    let t = audit(&reg, &lockfile(), Some(&both), &[]).stdout;
    assert!(
        t.contains("ALLOWED failure 0.1.8 (min-composite): only used by the legacy"),
        "{t}"
    );
    assert!(t.contains("policy holds"), "{t}");
    let md = audit(&reg, &lockfile(), Some(&both), &["--format", "markdown"]).stdout;
    assert!(
        md.contains("ignored: deprecated, replacement planned"),
        "{md}"
    );
    assert!(
        md.contains("allowed: only used by the legacy importer"),
        "{md}"
    );
}

#[test]
fn ignores_expire() {
    let reg = registry();
    let policy = "[audit]\nunevaluable = \"warn\"\ndeny_tiers = []\n[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"r\"\nuntil = 2026-11-30\n[[audit.ignore]]\nid = \"CVE-0000-0000\"\nreason = \"an alias that matches nothing\"\n";
    let lock_text = lock(
        &["failure"],
        &[pkg("failure", "0.1.8", Some(CRATES_IO), &[])],
    );
    let before = audit(&reg, &lock_text, Some(policy), &["--format", "json"]).json();
    assert_eq!(
        finding(package(&before, "failure"), "RUSTSEC-2020-0036")["action"],
        "ignored"
    );
    assert!(
        before["notes"]
            .to_string()
            .contains("CVE-0000-0000 matches no advisory")
    );
    let lock = write(reg.root.path(), "Cargo.lock", &lock_text);
    let pol = write(reg.root.path(), "policy.toml", policy);
    let mut cmd = cratescope(&reg);
    cmd.env("CRATESCOPE_NOW", "2026-12-01")
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--lockfile",
        ])
        .arg(&lock)
        .arg("--policy")
        .arg(&pol);
    let after = run(cmd);
    assert_eq!(after.code, 1);
    let v = after.json();
    assert_eq!(
        finding(package(&v, "failure"), "RUSTSEC-2020-0036")["action"],
        "deny"
    );
    assert!(
        v["warnings"]
            .to_string()
            .contains("ignore entry for RUSTSEC-2020-0036 expired on 2026-11-30"),
        "{}",
        v["warnings"]
    );
}

#[test]
fn yanked_locked_version_fails_with_the_version_to_move_to() {
    let reg = registry();
    let lock_text = lock(&["oldy"], &[pkg("oldy", "0.2.0", Some(CRATES_IO), &[])]);
    let out = audit(&reg, &lock_text, None, &["--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let v = out.json();
    let oldy = package(&v, "oldy");
    let y = finding(oldy, "yanked");
    assert_eq!(y["kind"], "yanked");
    assert_eq!(y["action"], "deny");
    assert_eq!(y["upgrade_to"], "0.2.1");
    assert!(
        oldy["hint"]
            .as_str()
            .unwrap()
            .contains("cargo update -p oldy")
    );
    // `yanked` out of deny_advisories: a warning, exit 0.
    let out = audit(
        &reg,
        &lock_text,
        Some("[audit]\ndeny_advisories = [\"vulnerability\", \"unsound\", \"unmaintained\"]\n"),
        &["--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(package(&out.json(), "oldy")["verdict"], "warn");
}

#[test]
fn unevaluable_packages_fail_unless_the_policy_says_otherwise() {
    let reg = registry();
    let lock_text = lock(
        &["ghost", "tidy"],
        &[
            pkg("ghost", "1.0.0", Some(CRATES_IO), &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let out = audit(&reg, &lock_text, None, &["--format", "json"]);
    assert_eq!(out.code, 1);
    let v = out.json();
    assert_eq!(v["summary"]["not_evaluated"], 1);
    assert_eq!(package(&v, "ghost")["verdict"], "fail");
    let out = audit(
        &reg,
        &lock_text,
        Some("[audit]\nunevaluable = \"warn\"\n"),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("WARN ghost 1.0.0"), "{}", out.stdout);
    assert!(
        out.stdout.contains("unevaluable: not evaluated"),
        "{}",
        out.stdout
    );
}

#[test]
fn rules_validate_and_transitive_ones_inherit_only_what_they_name() {
    let reg = registry();
    let policy = "[audit]\nunevaluable = \"warn\"\ndeny_tiers = []\nmin_composite = 4.99\n[audit.transitive]\n";
    let (code, v) = audit_json(&reg, Some(policy));
    assert_eq!(code, 1);
    let tidy = package(&v, "tidy");
    assert_eq!(tidy["violations"][0]["rule"], "min-composite", "{tidy}");
    assert!(package(&v, "itoa").get("violations").is_none());

    // Unsafe density: oldy has 3 unsafe items in 6 lines.
    let lock_text = lock(&["oldy"], &[pkg("oldy", "0.2.0", Some(CRATES_IO), &[])]);
    let out = audit(
        &reg,
        &lock_text,
        Some("[audit]\ndeny_advisories = []\nmax_unsafe_density = 100.0\n"),
        &["--format", "json"],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    let oldy = package(&out.json(), "oldy").clone();
    assert_eq!(
        oldy["violations"][0]["rule"], "max-unsafe-density",
        "{oldy}"
    );

    // Every number is checked, the error names the key.
    for (bad, key) in [
        (
            "[audit]\nmax_unsafe_density = -1.0\n",
            "`audit.max_unsafe_density` = -1",
        ),
        (
            "[audit]\nmin_composite = nan\n",
            "`audit.min_composite` = NaN",
        ),
        (
            "[audit.transitive]\nmin_dimension = { security = 9.0 }\n",
            "`audit.transitive.min_dimension.security`",
        ),
        ("[audit]\nmin_composit = 3\n", "min_composit"),
        (
            "[audit]\nscenario = \"nowhere\"\nmin_scenario_stars = 2\n",
            "`audit.scenario` = \"nowhere\"",
        ),
    ] {
        let out = audit(&reg, &lockfile(), Some(bad), &[]);
        assert_eq!(out.code, 2, "{bad}");
        assert!(
            out.stderr.contains("invalid audit policy"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains(key), "{bad}: {}", out.stderr);
    }
}

#[test]
fn broken_lockfiles_are_errors_not_empty_audits() {
    let reg = registry();
    for (text, expect) in [
        ("", "the file is empty"),
        (
            "[[package]]\nname = \"x\"\nversion = \n",
            "malformed lockfile",
        ),
        (&lockfile().replace("version = 4", "version = 99"), "99"),
    ] {
        let out = audit(&reg, text, None, &[]);
        assert_eq!(out.code, 2, "{text}\n{}", out.stdout);
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains("Cargo.lock"), "{}", out.stderr);
        assert!(out.stderr.contains(expect), "{}", out.stderr);
    }
    let mut cmd = cratescope(&reg);
    cmd.args(["audit", "--offline", "--lockfile", "missing/Cargo.lock"]);
    let out = run(cmd);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("failed to read lockfile `missing/Cargo.lock`"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_advisory_database_must_load_or_every_format_says_it_did_not() {
    let reg = registry();
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let with_db = |db: &Path, extra: &[&str]| {
        let mut cmd = cratescope(&reg);
        cmd.env("CRATESCOPE_ADVISORY_DB", db)
            .args(["audit", "--offline", "--as-of", AS_OF, "--lockfile"])
            .arg(&lock)
            .args(extra);
        run(cmd)
    };
    // No database at all.
    let missing = reg.root.path().join("no-such-db");
    let out = with_db(&missing, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("cannot load the RustSec advisory database"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no-such-db"), "{}", out.stderr);
    // Accepted by a flag: every format says advisories were not checked.
    let out = with_db(
        &missing,
        &["--allow-missing-advisory-db", "--format", "json"],
    );
    let v = out.json();
    assert_eq!(v["advisory_db"]["checked"], false);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("advisories were NOT checked")
    );
    assert!(package(&v, "failure")["advisories"].is_null());
    let t = with_db(&missing, &["--allow-missing-advisory-db"]).stdout;
    assert!(t.contains("warning: advisories were NOT checked"), "{t}");
    assert!(t.contains("advisories NOT checked"), "{t}");
    let md = with_db(
        &missing,
        &["--allow-missing-advisory-db", "--format", "markdown"],
    )
    .stdout;
    assert!(
        md.contains("> ⚠️ **warning:** advisories were NOT checked"),
        "{md}"
    );
    let sarif: Value = serde_json::from_str(
        &with_db(
            &missing,
            &["--allow-missing-advisory-db", "--format", "sarif"],
        )
        .stdout,
    )
    .unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes.to_string().contains("advisories were NOT checked"),
        "{notes}"
    );
    assert_eq!(sarif["runs"][0]["properties"]["advisories_checked"], false);
    // Or by the policy.
    let pol = write(
        reg.root.path(),
        "p.toml",
        "[audit]\nallow_missing_advisory_db = true\n",
    );
    let out = with_db(
        &missing,
        &["--format", "json", "--policy", pol.to_str().unwrap()],
    );
    assert_eq!(out.json()["advisory_db"]["checked"], false);

    // A corrupt advisory file: exit 2 naming it (the tolerant reader would
    // have dropped failure from ⛔ silently).
    let tmp = tempfile::tempdir().unwrap();
    let db = copy_db(tmp.path());
    let victim = db.join("crates/failure/RUSTSEC-2020-0036.md");
    let text = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(&victim, text.replace("date = ", "date = not-a-date ")).unwrap();
    let out = with_db(&db, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("do not parse"), "{}", out.stderr);
    assert!(
        out.stderr.contains("crates/failure/RUSTSEC-2020-0036.md"),
        "{}",
        out.stderr
    );

    // An empty crates/ directory.
    let empty = tmp.path().join("empty-db");
    std::fs::create_dir_all(empty.join("crates")).unwrap();
    let out = with_db(&empty, &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("holds no advisories"), "{}", out.stderr);
}

#[test]
fn a_stale_database_is_a_warning_in_every_format() {
    let reg = registry();
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let tmp = tempfile::tempdir().unwrap();
    let old = git_db(tmp.path(), "2026-09-01");
    let fresh = git_db(tmp.path(), "2026-11-20");
    let with_db = |db: &Path, format: &str| {
        let mut cmd = cratescope(&reg);
        cmd.env("CRATESCOPE_ADVISORY_DB", db)
            .args([
                "audit",
                "--offline",
                "--as-of",
                AS_OF,
                "--format",
                format,
                "--lockfile",
            ])
            .arg(&lock);
        run(cmd).stdout
    };
    let v: Value = serde_json::from_str(&with_db(&old, "json")).unwrap();
    assert_eq!(v["advisory_db"]["stale"], true);
    assert_eq!(v["advisory_db"]["age_days"], 85);
    assert_eq!(v["advisory_db"]["last_updated_from"], "git-commit");
    let w = v["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("the advisory database is stale: last updated 2026-09-01 (85 days ago)"),
        "{w}"
    );
    assert!(with_db(&old, "table").contains("warning: the advisory database is stale"));
    assert!(with_db(&old, "markdown").contains("**warning:** the advisory database is stale"));
    assert!(with_db(&old, "sarif").contains("the advisory database is stale"));
    // Fresh: no warning; the findings are the same.
    let v: Value = serde_json::from_str(&with_db(&fresh, "json")).unwrap();
    assert_eq!(v["advisory_db"]["stale"], false);
    assert_eq!(v["advisory_db"]["age_days"], 5);
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(
        finding(package(&v, "failure"), "RUSTSEC-2020-0036")["action"],
        "deny"
    );
    // A copy that is not a checkout: dated by its newest advisory, and said so.
    let (_, v) = audit_json(&reg, None);
    assert_eq!(v["advisory_db"]["last_updated_from"], "newest-advisory");
    assert_eq!(v["advisory_db"]["stale"], true);
    // The policy sets the limit.
    let pol = write(
        reg.root.path(),
        "p.toml",
        "[audit]\nmax_advisory_db_age_days = 90\n",
    );
    let mut cmd = cratescope(&reg);
    cmd.env("CRATESCOPE_ADVISORY_DB", &old)
        .args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--lockfile",
        ])
        .arg(&lock)
        .arg("--policy")
        .arg(&pol);
    assert_eq!(run(cmd).json()["advisory_db"]["stale"], false);
}

#[test]
fn tree_advisories_come_from_the_lockfile_not_a_resolution() {
    let reg = registry();
    let tree_signal = |v: &Value, name: &str| -> String {
        let p = package(v, name);
        let sec = p["evaluation"]["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == "security")
            .unwrap();
        sec["signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "tree-advisories")
            .unwrap()
            .to_string()
    };
    // wrapper's default feature would pull failure in; this lockfile does not.
    let without = lock(
        &["wrapper"],
        &[pkg("wrapper", "1.0.0", Some(CRATES_IO), &[])],
    );
    let v = audit(&reg, &without, None, &["--format", "json"]).json();
    let s = tree_signal(&v, "wrapper");
    assert!(s.contains("no advisories in the dependency tree"), "{s}");
    assert_eq!(package(&v, "wrapper")["tree_size"], 0);
    // The same crate evaluated alone resolves its default features: failure is in.
    let mut cmd = cratescope(&reg);
    cmd.args([
        "eval",
        "--offline",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "wrapper@1.0.0",
    ]);
    let alone = run(cmd).stdout;
    assert!(
        alone.contains("RUSTSEC-2020-0036 (failure 0.1.8, unmaintained"),
        "{alone}"
    );
    // With failure in the lockfile under wrapper, the card sees it.
    let with = lock(
        &["wrapper"],
        &[
            pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
            pkg("wrapper", "1.0.0", Some(CRATES_IO), &["failure"]),
        ],
    );
    let v = audit(&reg, &with, None, &["--format", "json"]).json();
    let s = tree_signal(&v, "wrapper");
    assert!(
        s.contains("RUSTSEC-2020-0036 (failure 0.1.8, unmaintained"),
        "{s}"
    );
    assert_eq!(package(&v, "wrapper")["tree_size"], 1);
    assert_eq!(
        package(&v, "failure")["path"],
        serde_json::json!(["app 0.1.0", "wrapper 1.0.0", "failure 0.1.8"])
    );
}

/// A workspace: app (normal: tidy; dev: failure; windows: winonly) and a
/// lockfile cargo would write for it.
pub(crate) fn workspace(reg: &FakeRegistry, with_lock: bool) -> PathBuf {
    let root = reg.root.path().join("ws");
    write(
        &root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n",
    );
    write(
        &root,
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntidy = \"1.1\"\n\n[dev-dependencies]\nfailure = \"0.1\"\n\n[target.'cfg(windows)'.dependencies]\nwinonly = \"0.1\"\n",
    );
    write(&root, "app/src/lib.rs", "");
    if with_lock {
        write(
            &root,
            "Cargo.lock",
            &lock(
                &["failure", "tidy", "winonly"],
                &[
                    pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
                    pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
                    pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
                    pkg("winonly", "0.1.0", Some(CRATES_IO), &[]),
                ],
            ),
        );
    }
    root
}

#[test]
fn dev_only_and_other_target_packages_are_reported_separately() {
    let reg = registry();
    let root = workspace(&reg, true);
    let run_with = |policy: &str| {
        let pol = write(reg.root.path(), "p.toml", policy);
        let mut cmd = cratescope(&reg);
        with_cargo(&mut cmd);
        cmd.args([
            "audit",
            "--offline",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .arg("--policy")
        .arg(pol);
        run(cmd)
    };
    // Everything in scope: failure (dev) fails, winonly (Windows) cannot be evaluated.
    let out = run_with("[audit]\n");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert!(
        !v["notes"].to_string().contains("cargo metadata failed"),
        "{}",
        v["notes"]
    );
    assert_eq!(package(&v, "failure")["verdict"], "fail");
    assert_eq!(package(&v, "winonly")["verdict"], "fail");
    // Scoped like cargo-deny: dev-only and other-target packages are out.
    let out = run_with("[audit]\nexclude_dev = true\ntargets = [\"x86_64-unknown-linux-gnu\"]\n");
    assert_eq!(out.code, 0, "{}", out.stdout);
    let v = out.json();
    let failure = package(&v, "failure");
    assert_eq!(failure["scope"], "dev-only");
    // Its advisories are still listed, as warnings.
    assert_eq!(failure["verdict"], "warn");
    assert_eq!(finding(failure, "RUSTSEC-2020-0036")["action"], "warn");
    let winonly = package(&v, "winonly");
    assert_eq!(winonly["scope"], "other-target");
    assert_eq!(
        winonly["scope_reason"],
        "only for other targets: cfg(windows)"
    );
    assert_eq!(winonly["verdict"], "skipped");
    assert_eq!(package(&v, "tidy")["verdict"], "pass");
    assert_eq!(v["summary"]["out_of_scope"], 2);
    // Windows builds need winonly.
    let out = run_with("[audit]\nexclude_dev = true\ntargets = [\"x86_64-pc-windows-msvc\"]\n");
    assert_eq!(package(&out.json(), "winonly")["scope"], "in-scope");
}

#[test]
fn the_workspace_is_found_upward_like_cargo() {
    let reg = registry();
    let root = workspace(&reg, true);
    let mut cmd = cratescope(&reg);
    with_cargo(&mut cmd);
    cmd.current_dir(root.join("app/src")).args([
        "audit",
        "--offline",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let out = run(cmd);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["members"], serde_json::json!(["app 0.1.0"]));
    assert!(
        v["lockfile"].as_str().unwrap().ends_with("ws/Cargo.lock"),
        "{}",
        v["lockfile"]
    );
    // Nowhere near a workspace: one clear line.
    let mut cmd = cratescope(&reg);
    cmd.current_dir(reg.root.path())
        .args(["audit", "--offline"]);
    let out = run(cmd);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no Cargo.toml in"), "{}", out.stderr);
}

#[test]
fn a_missing_lockfile_is_generated_or_explained() {
    let reg = registry();
    // Only path dependencies: cargo can lock it offline.
    let root = reg.root.path().join("local");
    write(
        &root,
        "Cargo.toml",
        "[package]\nname = \"local\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nhelper = { path = \"helper\" }\n",
    );
    write(&root, "src/lib.rs", "");
    write(
        &root,
        "helper/Cargo.toml",
        "[package]\nname = \"helper\"\nversion = \"0.2.0\"\nedition = \"2021\"\n",
    );
    write(&root, "helper/src/lib.rs", "");
    let mut cmd = cratescope(&reg);
    with_cargo(&mut cmd);
    cmd.current_dir(&root)
        .args(["audit", "--offline", "--as-of", AS_OF, "--format", "json"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(root.join("Cargo.lock").is_file());
    let v = out.json();
    assert!(
        v["notes"]
            .to_string()
            .contains("generated with `cargo generate-lockfile --offline`"),
        "{}",
        v["notes"]
    );
    assert_eq!(package(&v, "helper")["scope"], "local");
    // A dependency cargo cannot resolve offline: explained in one line.
    let root = workspace(&reg, false);
    let mut cmd = cratescope(&reg);
    with_cargo(&mut cmd);
    cmd.current_dir(&root).args(["audit", "--offline"]);
    let out = run(cmd);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("no Cargo.lock for"), "{}", out.stderr);
    assert!(
        out.stderr.contains("cargo generate-lockfile` failed"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.lines().count() <= 2, "{}", out.stderr);
}

#[test]
fn second_run_is_served_from_a_verified_cache() {
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
    let dir = reg.cache_dir().join("evaluations");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2);
    // A tampered entry (tier raised by hand) is discarded and recomputed.
    let tidy_file = files
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("tidy-")
        })
        .unwrap();
    let text = std::fs::read_to_string(tidy_file).unwrap();
    let tier = package(&first, "tidy")["evaluation"]["tier"]
        .as_str()
        .unwrap()
        .to_string();
    let forged = text.replacen(&format!("\"tier\":\"{tier}\""), "\"tier\":\"avoid\"", 1);
    assert_ne!(forged, text);
    std::fs::write(tidy_file, forged).unwrap();
    let (_, third) = audit_json(&reg, None);
    assert_eq!(package(&third, "tidy")["cached"], false);
    assert_eq!(package(&third, "tidy")["evaluation"]["tier"], tier.as_str());
    assert_eq!(package(&third, "failure")["cached"], true);
    // Another day is another key.
    let lock = write(reg.root.path(), "Cargo.lock", &lockfile());
    let mut cmd = cratescope(&reg);
    cmd.args([
        "audit",
        "--offline",
        "--as-of",
        "2026-11-24",
        "--format",
        "json",
        "--lockfile",
    ])
    .arg(&lock);
    assert_eq!(run(cmd).json()["summary"]["cached"], 0);
}

#[test]
fn sarif_has_rules_with_help_and_results_at_the_lockfile_line() {
    let reg = registry();
    let lock_text = lockfile();
    write(reg.root.path(), "Cargo.lock", &lock_text);
    let pol = write(reg.root.path(), "p.toml", "[audit]\nmin_composite = 4.99\n");
    let mut cmd = cratescope(&reg);
    cmd.args([
        "audit",
        "--offline",
        "--as-of",
        AS_OF,
        "--format",
        "sarif",
        "--lockfile",
        "Cargo.lock",
        "--policy",
    ])
    .arg(&pol);
    let out = run(cmd);
    assert_eq!(out.code, 1);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| {
        r["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    }));
    let adv = rules
        .iter()
        .find(|r| r["id"] == "RUSTSEC-2020-0036")
        .unwrap();
    assert!(
        adv["helpUri"]
            .as_str()
            .unwrap()
            .contains("RUSTSEC-2020-0036")
    );
    let denied = rules.iter().find(|r| r["id"] == "denied-tier").unwrap();
    assert!(
        denied["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/audit.md#denied-tier")
    );
    let results = run0["results"].as_array().unwrap();
    let mut found: Vec<String> = results
        .iter()
        .map(|r| {
            let rule = r["ruleId"].as_str().unwrap();
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], rule);
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], "Cargo.lock");
            let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
            assert_eq!(lock_text.lines().nth(line - 1), Some("[[package]]"));
            format!(
                "{} {rule} {}",
                r["properties"]["crate"].as_str().unwrap(),
                r["level"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "failure RUSTSEC-2019-0036 error",
            "failure RUSTSEC-2020-0036 error",
            // One result per cause: its ⛔ tier comes from the two
            // advisories above, so no `denied-tier` result repeats them.
            "failure min-composite error",
            "ghost unevaluable error",
            "gitdep git-package warning",
            // itoa, read from the index alone offline, scores 4.9 under
            // model 2 (five releases in two years: release-activity 0.82).
            "itoa min-composite error",
            "tidy min-composite error",
        ]
    );
}

#[test]
fn markdown_keeps_its_shape() {
    let reg = registry();
    let out = audit(&reg, &lockfile(), None, &["--format", "markdown"]);
    assert_eq!(out.code, 1);
    let text = out.stdout;
    assert!(
        text.starts_with("### ❌ cratescope audit: 6 packages: 2 fail, 1 warn"),
        "{text}"
    );
    assert!(
        text.contains(
            "| verdict | crate | version | dependency | composite | tier | rule / reason |"
        ),
        "{text}"
    );
    assert!(
        text.contains("| ❌ FAIL | failure | 0.1.8 | direct (app) |"),
        "{text}"
    );
    assert!(text.contains("[RUSTSEC-2020-0036](<https://"), "{text}");
    assert!(text.contains("— hint: "), "{text}");
    assert!(
        text.contains("<details><summary>All 6 packages</summary>"),
        "{text}"
    );
}

#[test]
fn init_writes_a_commented_policy_the_audit_reads() {
    let reg = registry();
    let mut cmd = cratescope(&reg);
    cmd.args(["init"]);
    let out = run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = reg.root.path().join("cratescope.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("[audit.transitive]") && text.contains("inherit"));
    // It is found by default and changes nothing.
    let (code, v) = audit_json(&reg, None);
    assert_eq!(code, 1);
    assert_eq!(v["policy"]["deny_advisories"].as_array().unwrap().len(), 4);
    // Never overwritten by accident.
    let mut cmd = cratescope(&reg);
    cmd.args(["init"]);
    let out = run(cmd);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
}
