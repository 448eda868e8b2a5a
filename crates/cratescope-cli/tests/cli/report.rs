//! `cratescope report` on a small catalog written by the test, evaluated
//! offline from a fake cargo home (real itoa/semver index files, crates built
//! here, the RustSec snapshot) with a fixed date.

use assert_cmd::Command;

use crate::registry::{FakeRegistry, dep, line};

pub(crate) const AS_OF: &str = "2026-11-25";

/// Two categories; itoa is in both (its scenarios differ per category);
/// `no-such-crate` is not in the registry; `failure` is unmaintained.
pub(crate) const CATALOG: &str = r#"
version = 1

[[category]]
id = "numbers"
name = { en = "Number formatting", zh = "数字格式化" }
crates = ["tidy-demo", "itoa", "failure", "no-such-crate"]

[[category.scenario]]
id = "quick-script"
name = { en = "Quick scripts", zh = "快速脚本" }
weights = { stability = 0.10, community = 0.10, documentation = 0.40, usage = 0.10, performance = 0.0, ecosystem = 0.20, maintenance = 0.10, security = 0.0 }

[[category.scenario]]
id = "hot-path"
name = { en = "Hot path", zh = "热路径" }
weights = { stability = 0.20, community = 0.0, documentation = 0.10, usage = 0.10, performance = 0.40, ecosystem = 0.10, maintenance = 0.10, security = 0.0 }
requires = ["benchmark-results"]

[[category]]
id = "parsing"
name = { en = "Parsing", zh = "解析" }
crates = ["semver", "itoa"]

[[category.scenario]]
id = "library-author"
name = { en = "Library author", zh = "库作者" }
weights = { stability = 0.30, community = 0.0, documentation = 0.20, usage = 0.10, performance = 0.0, ecosystem = 0.20, maintenance = 0.20, security = 0.0 }
"#;

fn demo_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "Cargo.toml",
            "[package]\nname = \"tidy-demo\"\nversion = \"1.1.0\"\nedition = \"2021\"\ndescription = \"A small demo crate built by the tests\"\nlicense = \"MIT\"\nrepository = \"https://github.com/example/tidy-demo\"\n\n[dependencies]\nitoa = \"1\"\n",
        ),
        (
            "src/lib.rs",
            "//! Tidy demo.\n\n/// Doubles a number.\npub fn double(x: u32) -> u32 {\n    x * 2\n}\n",
        ),
        (
            "README.md",
            "# tidy-demo\n\n```rust\nlet y = tidy_demo::double(21);\n```\n",
        ),
        ("CHANGELOG.md", "# Changelog\n"),
    ]
}

pub(crate) fn registry() -> FakeRegistry {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    let zero = "0".repeat(64);
    let sum = reg.add_crate("tidy-demo", "1.1.0", &demo_files());
    let deps = dep("itoa", "^1");
    let lines = [
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
            "1.1.0",
            &sum,
            &deps,
            false,
            "2026-10-01T10:00:00Z",
            "",
        ),
    ];
    reg.add_index("tidy-demo", &lines.join("\n"));
    reg.add_failure("[package]\nname = \"failure\"\nversion = \"0.1.8\"\nlicense = \"MIT\"\ndescription = \"Experimental error handling abstraction.\"\n");
    reg
}

fn cratescope(reg: &FakeRegistry) -> Command {
    let mut cmd = reg.command();
    cmd.env("CRATESCOPE_NOW", AS_OF);
    cmd
}

pub(crate) fn write_catalog(reg: &FakeRegistry, text: &str) -> std::path::PathBuf {
    let p = reg.root.path().join("catalog.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// Run `report` to stdout; returns (stdout, stderr).
fn report(reg: &FakeRegistry, catalog: &str, extra: &[&str]) -> (String, String) {
    let cat = write_catalog(reg, catalog);
    let out = cratescope(reg)
        .args(["report", "--offline", "--as-of", AS_OF, "--catalog"])
        .arg(&cat)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn settings(reg: &FakeRegistry) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    // Fetch times depend on when the fixtures were written, not on the report.
    // A range appears when the fetches straddle a minute: one token either way.
    s.add_filter(
        r"(fetched|获取于) \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC( – \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)?",
        "$1 [FETCHED]",
    );
    s.add_filter(
        &regex_escape(&reg.root.path().display().to_string()),
        "[TMP]",
    );
    s
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '_' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn snapshot_markdown_and_html_in_both_languages() {
    let reg = registry();
    let s = settings(&reg);
    for (format, lang) in [
        ("markdown", "en"),
        ("markdown", "zh"),
        ("html", "en"),
        ("html", "zh"),
    ] {
        let (text, _) = report(&reg, CATALOG, &["--format", format, "--lang", lang]);
        s.bind(|| insta::assert_snapshot!(format!("report_{format}_{lang}"), text));
    }
}

#[test]
fn every_crate_appears_and_a_failure_keeps_the_rest_complete() {
    let reg = registry();
    let (md, stderr) = report(&reg, CATALOG, &[]);
    assert!(stderr.contains("no-such-crate"), "{stderr}");
    // The failed crate is in its category and in the method section.
    assert_eq!(
        md.matches("no cached index entry for `no-such-crate`")
            .count(),
        2,
        "{md}"
    );
    for heading in [
        "## Contents",
        "## Number formatting",
        "## Parsing",
        "## Decision matrix",
        "## Trends",
        "## Method",
    ] {
        assert!(md.contains(heading), "missing {heading}");
    }
    assert!(md.contains("- **Crates evaluated**: 4 / 5"), "{md}");
    assert!(
        md.contains("- **Next scheduled update**: 2027-02-25"),
        "{md}"
    );
    // Category scenarios, not the model's defaults; a requirement caps stars.
    assert!(md.contains("| Hot path | ⭐"), "{md}");
    assert!(
        md.contains("at most ⭐⭐: requires benchmark-results"),
        "{md}"
    );
    assert!(md.contains("| Library author |"), "{md}");
    assert!(!md.contains("| Prototype / MVP |"), "{md}");
    // itoa is shown in both categories with each category's scenarios.
    assert_eq!(md.matches("### itoa 1.0.19").count(), 2);
    // Quick start is attributed.
    assert!(
        md.contains("**Quick start** (from the README of tidy-demo 1.1.0)"),
        "{md}"
    );
    // Says what trends need, not "wait a quarter"; a published document
    // carries no operator hints (issue 21).
    assert!(md.contains("No stored history yet"), "{md}");
    assert!(!md.contains("cratescope backfill"), "{md}");
    assert!(!md.contains("next quarter"), "{md}");
}

#[test]
fn decision_matrix_is_a_star_grid_sorted_by_composite_with_a_verdict() {
    let reg = registry();
    let (md, _) = report(&reg, CATALOG, &[]);
    let matrix = md
        .split("## Decision matrix")
        .nth(1)
        .unwrap()
        .split("## Trends")
        .next()
        .unwrap();
    let numbers = matrix
        .split("### Number formatting")
        .nth(1)
        .unwrap()
        .split("### Parsing")
        .next()
        .unwrap();
    let rows: Vec<&str> = numbers.lines().filter(|l| l.starts_with('|')).collect();
    // Header, rule, composite, tier, then one row per scenario.
    assert_eq!(rows.len(), 4 + 2, "{numbers}");
    assert!(
        rows[0].contains("tidy\\-demo") || rows[0].contains("tidy-demo"),
        "{}",
        rows[0]
    );
    assert!(
        !rows[0].contains("no-such-crate"),
        "failed crates are not in the grid"
    );
    let composites: Vec<f64> = rows[2]
        .split('|')
        .filter_map(|c| c.trim().parse::<f64>().ok())
        .collect();
    assert_eq!(composites.len(), 3, "{}", rows[2]);
    assert!(
        composites.windows(2).all(|w| w[0] >= w[1]),
        "{composites:?}"
    );
    assert!(rows[4].starts_with("| Quick scripts |"), "{}", rows[4]);
    assert!(rows[5].starts_with("| Hot path |"), "{}", rows[5]);
    // The top pick of each scenario is bold; one computed verdict line.
    assert!(rows[4].contains("**⭐"), "{}", rows[4]);
    let verdict = numbers
        .lines()
        .find(|l| l.starts_with("**Choose "))
        .unwrap_or_else(|| panic!("{numbers}"));
    assert!(
        verdict.contains(" for ") && verdict.contains("avoid"),
        "{verdict}"
    );
    // The cards follow the same order, with a top pick named.
    let section = md.split("## Number formatting").nth(1).unwrap();
    let first_card = section.find("### ").map(|i| &section[i..i + 20]).unwrap();
    let best = rows[0].split('|').nth(2).unwrap().trim().to_string();
    assert!(
        first_card.contains(best.trim_start_matches('[').split(']').next().unwrap()),
        "{first_card} vs {best}"
    );
    assert!(section.contains("**Top pick: "), "{section}");
}

#[test]
fn hostile_description_and_readme_do_not_inject_markup() {
    let reg = registry();
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"evil\"\nversion = \"1.0.0\"\nlicense = \"MIT\"\ndescription = \"<script>alert('desc')</script><img src=x onerror=alert(2)>\"\nrepository = \"javascript:alert(3)\"\n",
        ),
        ("src/lib.rs", "//! Evil.\n"),
        (
            "README.md",
            "# evil\n\n```rust\n</code></pre><script>alert('readme')</script>\n```\n",
        ),
    ];
    let sum = reg.add_crate("evil", "1.0.0", &files);
    reg.add_index(
        "evil",
        &line("evil", "1.0.0", &sum, "", false, "2025-01-01T00:00:00Z", ""),
    );
    let catalog = "version = 1\n[[category]]\nid = \"x\"\nname = { en = \"<b>X</b>\", zh = \"X\" }\ncrates = [\"evil\"]\n[[category.scenario]]\nid = \"s\"\nname = { en = \"S\", zh = \"S\" }\nweights = { documentation = 1.0 }\n";
    let (html, _) = report(&reg, catalog, &["--format", "html"]);
    // The snippet made it into the page, escaped.
    // (askama writes numeric character references.)
    assert!(
        html.contains("&#60;/code&#62;&#60;/pre&#62;&#60;script&#62;alert(&#39;readme&#39;)"),
        "{html}"
    );
    assert!(
        html.contains("&#60;script&#62;alert(&#39;desc&#39;)"),
        "{html}"
    );
    assert_eq!(
        html.to_ascii_lowercase().matches("<script").count(),
        0,
        "the page has no script"
    );
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>X</b>"));
    assert!(!html.contains("href=\"javascript:"));
    let (md, _) = report(&reg, catalog, &[]);
    assert!(
        md.contains("> &lt;script&gt;alert('desc')&lt;/script&gt;"),
        "{md}"
    );
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let reg = registry();
    let out_path = reg.root.path().join("matrix.html");
    let (stdout, stderr) = report(
        &reg,
        CATALOG,
        &["--format", "html", "--out", out_path.to_str().unwrap()],
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("4 of 5 crates evaluated"), "{stderr}");
    let page = std::fs::read_to_string(&out_path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page.matches("<svg class=\"radar\"").count(),
        5,
        "one radar per evaluated crate entry"
    );
    // No temporary file is left next to it.
    let leftovers: Vec<_> = std::fs::read_dir(reg.root.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn nothing_evaluated_is_exit_2() {
    let reg = registry();
    let cat = write_catalog(
        &reg,
        "version = 1\n[[category]]\nid = \"x\"\nname = { en = \"X\", zh = \"X\" }\ncrates = [\"no-such-crate\"]\n",
    );
    cratescope(&reg)
        .args(["report", "--offline", "--as-of", AS_OF, "--catalog"])
        .arg(&cat)
        .assert()
        .code(2);
}

#[test]
fn invalid_catalog_is_an_error_naming_the_file() {
    let reg = registry();
    let cat = write_catalog(&reg, "version = 1\n[[category]]\nid = 3\n");
    let out = cratescope(&reg)
        .args(["report", "--offline", "--as-of", AS_OF, "--catalog"])
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("catalog.toml") && err.contains("line 3, column 6"),
        "{err}"
    );
}

#[test]
fn trends_come_from_stored_history() {
    let reg = registry();
    let db = format!("sqlite://{}", reg.root.path().join("history.db").display());
    // Without history: the section says how to get it now.
    let (md, _) = report(&reg, CATALOG, &["--database-url", &db]);
    assert!(md.contains("No stored history yet"), "{md}");
    // Two past quarters and today: tidy-demo gets a ring with its numbers.
    cratescope(&reg)
        .args([
            "backfill",
            "tidy-demo",
            "--quarters",
            "2",
            "--offline",
            "--database-url",
            &db,
        ])
        .assert()
        .success();
    cratescope(&reg)
        .args(["track", "tidy-demo", "--offline", "--database-url", &db])
        .assert()
        .success();
    cratescope(&reg)
        .args(["update", "--offline", "--database-url", &db])
        .assert()
        .success();
    let (md, _) = report(&reg, CATALOG, &["--database-url", &db]);
    let trends = &md[md.find("## ").and_then(|_| md.rfind("Trends")).unwrap()..];
    let row = trends
        .lines()
        .find(|l| l.contains("tidy-demo"))
        .unwrap_or_else(|| panic!("{trends}"));
    assert!(
        ["adopt", "trial", "assess", "hold"]
            .iter()
            .any(|r| row.to_lowercase().contains(r)),
        "{row}"
    );
    assert!(row.contains("/quarter"), "{row}");
    // The last quarters' composites, oldest first, with arrows between them.
    assert!(row.matches('Q').count() >= 2, "{row}");
    assert!(
        row.contains('↑') || row.contains('↓') || row.contains('→'),
        "{row}"
    );
}
