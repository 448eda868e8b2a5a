//! The audit's outputs as the programs that consume them read them (issue
//! 27): SARIF checked by Microsoft's SARIF Multitool on the rule sets
//! GitHub code scanning applies (`--rule-kind "Gh;Sarif"`), for every shape
//! an audit can take; the pull-request Markdown rendered by a GitHub
//! flavoured Markdown renderer (comrak, GFM extensions and GitHub's tag
//! filter), under GitHub's comment limit.
//!
//! The multitool is installed by `scripts/provision/sarif-multitool.sh`
//! into `target/tools/` (or named by `$SARIF_MULTITOOL`); a missing
//! checker fails these tests, it never skips them.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::audit::{CRATES_IO, audit, lock, lockfile, pkg, registry, write};
use crate::registry::FakeRegistry;

/// The multitool, or a failure that says how to install it.
fn multitool() -> PathBuf {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/tools/node_modules/.bin/sarif-multitool");
    assert!(
        p.exists(),
        "the SARIF Multitool is not installed at {}: run scripts/provision/sarif-multitool.sh (or set SARIF_MULTITOOL)",
        p.display()
    );
    p
}

/// Errors and warnings the multitool reports on one SARIF file, as
/// `RULE: message` lines.
fn validate(sarif: &str, dir: &Path, name: &str) -> (Vec<String>, Vec<String>) {
    let file = dir.join(format!("{name}.sarif"));
    std::fs::write(&file, sarif).unwrap();
    let out_file = dir.join(format!("{name}.validation.sarif"));
    let out = Command::new(multitool())
        .arg("validate")
        .arg(&file)
        // The npm wrapper hands the arguments to a shell: the list needs
        // its quotes.
        .args([
            "--rule-kind",
            "\"Gh;Sarif\"",
            "--log",
            "ForceOverwrite",
            "-o",
        ])
        .arg(&out_file)
        .output()
        .expect("the SARIF Multitool runs");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap_or_else(|e| {
            panic!(
                "the multitool wrote no log ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        }))
        .unwrap();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for r in log["runs"][0]["results"].as_array().into_iter().flatten() {
        let line = format!(
            "{}: {}",
            r["ruleId"].as_str().unwrap_or("?"),
            r["message"]["arguments"]
                .as_array()
                .map(|a| a
                    .iter()
                    .map(|x| x.as_str().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join(" | "))
                .unwrap_or_default()
        );
        match r["level"].as_str().unwrap_or("warning") {
            "error" => errors.push(line),
            "warning" => warnings.push(line),
            _ => {}
        }
    }
    // Tool failures (a file it cannot read) are notifications, not results.
    for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if n["level"] == "error" {
            errors.push(format!("tool: {}", n["message"]["text"]));
        }
    }
    (errors, warnings)
}

/// A base lockfile without `failure` and `oldy`, and a head that adds them
/// and bumps `tidy`'s `itoa`: what a pull request looks like.
fn base_and_head(reg: &FakeRegistry) -> (PathBuf, String) {
    let base = lock(
        &["tidy"],
        &[
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("tidy", "1.0.1", Some(CRATES_IO), &["itoa"]),
        ],
    );
    let base_path = write(reg.root.path(), "base/Cargo.lock", &base);
    let head = lock(
        &["failure", "oldy", "tidy"],
        &[
            pkg("failure", "0.1.8", Some(CRATES_IO), &[]),
            pkg("itoa", "1.0.19", Some(CRATES_IO), &[]),
            pkg("oldy", "0.2.0", Some(CRATES_IO), &[]),
            pkg("tidy", "1.1.0", Some(CRATES_IO), &["itoa"]),
        ],
    );
    (base_path, head)
}

/// Every shape an audit's SARIF can take.
fn shapes(reg: &FakeRegistry) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let sarif = |lock_text: &str, policy: Option<&str>, extra: &[&str]| {
        let mut args = vec!["--format", "sarif"];
        args.extend_from_slice(extra);
        let o = audit(reg, lock_text, policy, &args);
        assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
        o.stdout
    };
    // Advisories, maturity rules, an unevaluable package, a git package.
    out.push((
        "advisories-and-rules",
        sarif(&lockfile(), Some("[audit]\nmin_composite = 4.99\n"), &[]),
    ));
    // A yanked version.
    let yanked = lock(&["oldy"], &[pkg("oldy", "0.2.0", Some(CRATES_IO), &[])]);
    out.push(("yanked", sarif(&yanked, None, &[])));
    // Suppressions: an ignored advisory and an allow-listed rule.
    out.push((
        "suppressed",
        sarif(
            &lockfile(),
            Some(
                "[audit]\nunevaluable = \"warn\"\nmin_composite = 2.5\n[[audit.allow]]\ncrate = \"failure\"\nreason = \"legacy importer only\"\n[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"replacement planned\"\n",
            ),
            &[],
        ),
    ));
    // Advisories not checked: a tool notification.
    out.push((
        "not-checked",
        sarif(
            &lockfile(),
            None,
            &[
                "--advisory-db",
                "/nonexistent",
                "--allow-missing-advisory-db",
            ],
        ),
    ));
    // Licences, bans and duplicates.
    out.push((
        "licences-and-bans",
        sarif(
            &lockfile(),
            Some("[audit]\nunevaluable = \"warn\"\n[audit.licenses]\nallow = [\"Apache-2.0\"]\n[audit.bans]\ndeny = [{ crate = \"failure\", reason = \"unmaintained\" }]\n"),
            &[],
        ),
    ));
    // Against a base: results only for the change.
    let (base, head) = base_and_head(reg);
    out.push((
        "base",
        sarif(&head, None, &["--base", base.to_str().unwrap()]),
    ));
    out
}

#[test]
fn sarif_of_every_shape_passes_the_multitool_with_github_rules() {
    let reg = registry();
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (name, sarif) in shapes(&reg) {
        let v: Value = serde_json::from_str(&sarif).unwrap();
        assert!(
            !v["runs"][0]["results"].as_array().unwrap().is_empty() || name == "not-checked",
            "{name}: no results"
        );
        let (errors, warnings) = validate(&sarif, dir.path(), name);
        eprintln!(
            "{name}: {} errors, {} warnings",
            errors.len(),
            warnings.len()
        );
        if !errors.is_empty() || !warnings.is_empty() {
            report.push(format!(
                "{name}:\n  {}\n  {}",
                errors.join("\n  "),
                warnings.join("\n  ")
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn the_multitool_is_not_a_rubber_stamp() {
    // The checker itself finds what it should: a rule without
    // fullDescription and help (GitHub's GH2012 class, the issue's 33
    // errors) and a name equal to its id.
    let dir = tempfile::tempdir().unwrap();
    let bad = r#"{
  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
  "version": "2.1.0",
  "runs": [{ "tool": { "driver": { "name": "x", "rules": [
      { "id": "denied-tier", "name": "denied-tier", "shortDescription": { "text": "A rule." } } ] } },
    "results": [{ "ruleId": "denied-tier", "ruleIndex": 0, "level": "error",
      "message": { "text": "Something." },
      "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "Cargo.lock" },
        "region": { "startLine": 3 } } }] }] }]
}"#;
    let (errors, warnings) = validate(bad, dir.path(), "bad");
    assert!(
        errors.len() + warnings.len() >= 2,
        "errors {errors:?} warnings {warnings:?}"
    );
}

fn gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    // GitHub passes raw HTML through its sanitiser: what we must not emit
    // is HTML we did not mean, so render it and look.
    o.render.r#unsafe = true;
    comrak::markdown_to_html(md, &o)
}

/// The HTML tags of a rendering, by name.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !name.is_empty() {
            out.push(name.to_ascii_lowercase());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A registry whose crate has hostile metadata: an advisory-like title is
/// not ours to write, so the hostile text comes in through what the audit
/// shows verbatim: a crate name cannot carry it (cargo forbids), but an
/// allow-list reason and an ignore reason can.
#[test]
fn markdown_renders_as_github_renders_it_tables_stay_tables_no_html_or_links_leak() {
    let reg = registry();
    let hostile = "see [click](https://evil.example/x) <img src=x onerror=alert(1)> <script>alert(1)</script> | cell ![t](https://tracker.example/p.png)";
    let policy = format!(
        "[audit]\nunevaluable = \"warn\"\nmin_composite = 2.5\n[[audit.allow]]\ncrate = \"failure\"\nreason = \"{hostile}\"\n[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"{hostile}\"\n"
    );
    let (base, head) = base_and_head(&reg);
    for (lang, extra) in [("en", vec![]), ("zh", vec!["--lang", "zh"])] {
        let mut args = vec!["--format", "markdown", "--base", base.to_str().unwrap()];
        args.extend(extra);
        let out = audit(&reg, &head, Some(&policy), &args);
        assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
        let md = out.stdout;
        if std::env::var_os("SHOW_MD").is_some() {
            eprintln!("{md}");
        }
        let html = gfm(&md);
        // Tables stay tables: every row we wrote is a row GitHub draws.
        let md_rows = md
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("|---"))
            .count();
        assert_eq!(
            html.matches("<tr>").count(),
            md_rows,
            "{lang}: {md}\n{html}"
        );
        assert!(html.matches("<table>").count() >= 2, "{lang}: {html}");
        // Nothing is interpreted as HTML we did not write ourselves.
        let allowed = [
            "a",
            "blockquote",
            "code",
            "details",
            "em",
            "h3",
            "li",
            "p",
            "strong",
            "summary",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ];
        for t in tags(&html) {
            assert!(allowed.contains(&t.as_str()), "{lang}: <{t}> in {html}");
        }
        assert!(
            !html.contains("<img") && !html.contains("<script"),
            "{html}"
        );
        // The only links are our own, to RustSec's pages.
        for (i, _) in html.match_indices("href=\"") {
            let url = &html[i + 6..];
            assert!(
                url.starts_with("https://rustsec.org/advisories/"),
                "{lang}: a link we did not make: {}",
                &url[..url.find('"').unwrap_or(url.len())]
            );
        }
        assert!(md.chars().count() < 65_536);
        // The hostile text is still there, as text.
        assert!(html.contains("click"), "{html}");
    }
}

#[test]
fn a_huge_change_stays_under_githubs_comment_limit() {
    // 2,500 added packages nothing can evaluate offline: every one is a
    // failing row; the comment still fits, says how much it left out, and
    // keeps its tables whole.
    let reg = FakeRegistry::new();
    let names: Vec<String> = (0..2500).map(|i| format!("pkg-number-{i:04}")).collect();
    let deps: Vec<&str> = names.iter().map(String::as_str).collect();
    let packages: Vec<String> = names
        .iter()
        .map(|n| pkg(n, "1.0.0", Some(CRATES_IO), &[]))
        .collect();
    let head = lock(&deps, &packages);
    let base = lock(&[], &[]);
    let base_path = write(reg.root.path(), "base/Cargo.lock", &base);
    let out = audit(
        &reg,
        &head,
        None,
        &[
            "--format",
            "markdown",
            "--base",
            base_path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let md = out.stdout;
    assert!(
        md.chars().count() <= 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("more rows"), "{}", &md[..2000.min(md.len())]);
    let html = gfm(&md);
    let md_rows = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("|---"))
        .count();
    assert_eq!(html.matches("<tr>").count(), md_rows);
}

#[test]
fn sarif_never_carries_bidi_or_control_characters_from_outside_text() {
    let reg = registry();
    let policy = "[audit]\nunevaluable = \"warn\"\n[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"safe \\u202Egnp.exe\\u202C really \\u001b[2J\"\n";
    let out = audit(&reg, &lockfile(), Some(policy), &["--format", "sarif"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    for bad in ['\u{202e}', '\u{202c}', '\u{1b}'] {
        assert!(!out.stdout.contains(bad), "{bad:?} in SARIF");
    }
    // JSON escapes of them neither.
    for esc in ["\\u202e", "\\u202c", "\\u001b"] {
        assert!(!out.stdout.to_lowercase().contains(esc), "{esc} in SARIF");
    }
    assert!(out.stdout.contains("gnp.exe"), "the text itself stays");
}
