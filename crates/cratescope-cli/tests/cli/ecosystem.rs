//! `rank`, `emerging`, `alternatives` and `report --from-dump` on a small
//! dump in the real layout whose right answers are constructed (the dump
//! crate's `eco_world`: a healthy crate, an abandoned one its dependents
//! migrated away from, an emerging one, an all-yanked one), with its
//! RustSec advisory; exit codes of unknown categories, absent crates, bad
//! windows and hostile dumps; a stale dump warned about once.

use crate::dump::dumpgen;

use std::path::{Path, PathBuf};

use crate::registry::{FakeRegistry, line};

const NOW: &str = "2026-11-25";

pub(crate) struct Eco {
    pub(crate) reg: FakeRegistry,
    pub(crate) dump: PathBuf,
    pub(crate) advisories: PathBuf,
}

fn eco_with(world: &dumpgen::World) -> Eco {
    let reg = FakeRegistry::new();
    let dump = reg.root.path().join("db-dump.tar.gz");
    dumpgen::write_tar_gz(&dump, dumpgen::TOP, &dumpgen::files(world));
    let advisories = reg.root.path().join("advisory-db");
    let (path, text) = dumpgen::ECO_ADVISORY;
    std::fs::create_dir_all(advisories.join(Path::new(path).parent().unwrap())).unwrap();
    std::fs::write(advisories.join(path), text).unwrap();
    Eco {
        reg,
        dump,
        advisories,
    }
}

pub(crate) fn eco() -> Eco {
    eco_with(&dumpgen::eco_world())
}

impl Eco {
    fn cmd(&self, now: &str) -> assert_cmd::Command {
        let mut c = self.reg.command();
        c.env("CRATESCOPE_NOW", now)
            .env("COLUMNS", "160")
            .env("CRATESCOPE_DB_DUMP", &self.dump)
            .env("CRATESCOPE_ADVISORY_DB", &self.advisories);
        c
    }

    /// Runs `args --offline`; (exit code, stdout, stderr).
    fn run_at(&self, now: &str, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(now).args(args).arg("--offline").output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_at(NOW, args)
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    }
}

fn json(text: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(text)
        .unwrap()
        .as_array()
        .expect("an array")
        .clone()
}

fn crates(list: &[serde_json::Value]) -> Vec<String> {
    list.iter()
        .map(|e| e["crate"].as_str().expect("a crate field").to_string())
        .collect()
}

#[test]
fn rank_as_a_table_markdown_and_json() {
    let e = eco();
    let table = e.ok(&["rank", "parsing"]);
    insta::assert_snapshot!("rank_parsing_table", table);
    let md = e.ok(&["rank", "parsing", "--format", "markdown"]);
    insta::assert_snapshot!("rank_parsing_markdown", md);
    let zh = e.ok(&["rank", "parsing", "--lang", "zh"]);
    insta::assert_snapshot!("rank_parsing_table_zh", zh);
    let all = json(&e.ok(&["rank", "parsing", "--format", "json"]));
    let names = crates(&all);
    assert_eq!(names.len(), 5);
    assert_eq!(names[0], "healthy");
    assert_eq!(all[0]["rank"], 1);
    assert_eq!(all[0]["depth"], "shallow");
    assert_eq!(
        all[0]["needs_deep"],
        serde_json::json!([
            "documentation",
            "performance-work",
            "unsafe-code",
            "repository-history"
        ])
    );
    // The card inside is the same schema as `eval --format json`.
    assert_eq!(all[0]["evaluation"]["crate"], "healthy");
    assert!(all[0]["evaluation"]["dimensions"].is_array());
    // Its sentences carry their English text beside the message.
    let mut with_message = 0;
    for d in all[0]["evaluation"]["dimensions"].as_array().unwrap() {
        for sig in d["signals"].as_array().into_iter().flatten() {
            if sig["evidence_message"].is_object() {
                with_message += 1;
                let text = sig["evidence"].as_str().unwrap_or("");
                assert!(!text.is_empty(), "{sig}");
            }
        }
    }
    assert!(with_message > 3, "{with_message}");
    for e in &all[3..] {
        assert_eq!(e["tier"], "avoid", "{}", e["crate"]);
    }
    // --limit keeps the best; the JSON of two entries, without the cards.
    let two = json(&e.ok(&["rank", "parsing", "--format", "json", "--limit", "2"]));
    assert_eq!(crates(&two), names[..2]);
    let brief: Vec<serde_json::Value> = two
        .iter()
        .map(|x| {
            let mut x = x.clone();
            x.as_object_mut().unwrap().remove("evaluation");
            x
        })
        .collect();
    insta::assert_json_snapshot!("rank_parsing_json_top2", brief);
}

#[test]
fn rank_by_keyword_and_parent_category() {
    let e = eco();
    assert_eq!(
        crates(&json(&e.ok(&["rank", "http", "--format", "json"]))),
        ["webserver"]
    );
    let mut web = crates(&json(&e.ok(&[
        "rank",
        "web-programming",
        "--format",
        "json",
    ])));
    web.sort();
    assert_eq!(web, ["webapp", "webserver"]);
}

#[test]
fn an_unknown_category_or_keyword_exits_2_with_did_you_mean() {
    let e = eco();
    let (code, out, err) = e.run(&["rank", "parsng"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        "error: no crates.io category or keyword `parsng`; did you mean parsing, parser?"
    );
    let (code, _, err) = e.run(&["emerging", "--category", "pasring"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "error: no crates.io category `pasring`; did you mean parsing?"
    );
    let (code, _, err) = e.run(&["rank", "zzzzzzzz"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "error: no crates.io category or keyword `zzzzzzzz`"
    );
}

#[test]
fn a_crate_absent_from_the_dump_says_so() {
    let e = eco();
    let (code, out, err) = e.run(&["alternatives", "oldpars"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        "error: `oldpars` is not in the crates.io dump of 2026-11-24; did you mean oldparse?"
    );
    let (code, _, err) = e.run(&["alternatives", "oldpars", "--lang", "zh"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("不在 2026-11-24 的 crates.io 数据转储中"),
        "{err}"
    );
}

#[test]
fn emerging_finds_the_rising_crate() {
    let e = eco();
    insta::assert_snapshot!("emerging_table", e.ok(&["emerging"]));
    insta::assert_snapshot!(
        "emerging_markdown",
        e.ok(&["emerging", "--format", "markdown", "--window", "60d"])
    );
    let list = json(&e.ok(&["emerging", "--format", "json"]));
    assert_eq!(crates(&list), ["risingstar"]);
    insta::assert_json_snapshot!("emerging_json", list);
    assert!(
        json(&e.ok(&[
            "emerging",
            "--category",
            "web-programming",
            "--format",
            "json"
        ]))
        .is_empty()
    );
    let (code, _, err) = e.run(&["emerging", "--window", "10d"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a window of 10 days cannot be measured"),
        "{err}"
    );
    let (code, _, err) = e.run(&["emerging", "--window", "soon"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a number of days"), "{err}");
}

#[test]
fn alternatives_with_advisory_and_migration_evidence() {
    let e = eco();
    insta::assert_snapshot!("alternatives_table", e.ok(&["alternatives", "oldparse"]));
    insta::assert_snapshot!(
        "alternatives_markdown",
        e.ok(&["alternatives", "oldparse", "--format", "markdown"])
    );
    let list = json(&e.ok(&["alternatives", "oldparse", "--format", "json"]));
    assert_eq!(crates(&list)[0], "healthy");
    assert_eq!(list[0]["evidence"]["migrated_owners"], 3);
    insta::assert_json_snapshot!("alternatives_json", list);
}

#[test]
fn as_of_uses_only_what_the_dump_dates_before_that_day() {
    let e = eco();
    let (code, out, err) = e.run(&[
        "rank",
        "parsing",
        "--format",
        "json",
        "--as-of",
        "2024-06-30",
    ]);
    assert_eq!(code, 0, "{err}");
    let list = json(&out);
    assert!(!crates(&list).contains(&"risingstar".to_string()));
    let old = list.iter().find(|x| x["crate"] == "oldparse").unwrap();
    assert_ne!(old["tier"], "avoid");
    assert!(list[0]["figures"]["downloads"].is_null());
    // Said once, on stderr.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("warning: as of 2024-06-30"), "{err}");
}

#[test]
fn a_stale_dump_is_warned_about_once() {
    let e = eco();
    let (code, _, err) = e.run_at("2026-12-10", &["rank", "parsing"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        "warning: the crates.io dump is of 2026-11-24, 16 days old: run `cratescope dump fetch` for a current one"
    );
}

#[test]
fn no_dump_exits_2_and_says_how_to_get_one() {
    let e = eco();
    let out = e
        .reg
        .command()
        .env("CRATESCOPE_NOW", NOW)
        .args(["rank", "parsing", "--offline"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cratescope dump fetch"), "{err}");
    // Said once: the reason does not repeat the hint.
    assert_eq!(err.matches("cratescope dump fetch").count(), 1, "{err}");
}

/// A dump whose crate names and text are hostile: shown sanitised, never
/// interpreted; a dump with a negative count or a dangling id is refused
/// with the file and line named.
#[test]
fn hostile_dumps_are_sanitised_or_refused() {
    let mut w = dumpgen::eco_world();
    w.krate(20, "evil\u{1b}[31m<script>", "2024-01-01 00:00:00")
        .version(2000, 20, "1.0.0", "2024-01-01 00:00:00");
    w.crates_categories.push((20, 1));
    let e = eco_with(&w);
    let table = e.ok(&["rank", "parsing"]);
    assert!(!table.contains('\u{1b}'), "{table}");
    let md = e.ok(&["rank", "parsing", "--format", "markdown"]);
    assert!(!md.contains("<script>"), "{md}");

    let mut files = dumpgen::files(&dumpgen::eco_world());
    let cd = String::from_utf8(files["data/crate_downloads.csv"].clone()).unwrap();
    files.insert(
        "data/crate_downloads.csv".into(),
        cd.replacen("1,9000000", "1,-5", 1).into_bytes(),
    );
    let e = eco();
    dumpgen::write_tar_gz(&e.dump, dumpgen::TOP, &files);
    let (code, _, err) = e.run(&["rank", "parsing"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`data/crate_downloads.csv` line 2"), "{err}");
    assert!(err.contains("not a non-negative integer: `-5`"), "{err}");

    let mut w = dumpgen::eco_world();
    w.dep(105, 999, 0);
    let e = eco_with(&w);
    let (code, _, err) = e.run(&["emerging"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("crate id 999 is not in `data/crates.csv`"),
        "{err}"
    );
}

#[test]
fn report_from_dump_evaluates_each_category_and_the_emerging_ones() {
    let e = eco();
    // The index knows the parsing crates (no tarballs: offline, the card
    // says the source was not read).
    let zero = "0".repeat(64);
    for (name, versions) in [
        ("healthy", &["1.1.0", "1.2.0", "1.2.1"][..]),
        ("risingstar", &["0.2.0", "0.3.0"][..]),
        ("otherparse", &["0.3.0", "0.4.0"][..]),
    ] {
        let lines: Vec<String> = versions
            .iter()
            .map(|v| line(name, v, &zero, "", false, "2026-11-01T00:00:00Z", ""))
            .collect();
        e.reg.add_index(name, &lines.join("\n"));
    }
    let (code, out, err) = e.run(&[
        "report",
        "--from-dump",
        "--categories",
        "parsing",
        "--top",
        "1",
        "--no-cache",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("parsing"), "{out}");
    assert!(out.contains("healthy"), "{out}");
    assert!(out.contains("Emerging"), "{out}");
    assert!(out.contains("risingstar"), "{out}");
    let (code, _, err) = e.run(&["report", "--from-dump", "--categories", "parsng"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean parsing?"), "{err}");
    let (code, _, err) = e.run(&["report", "--categories", "parsing"]);
    assert_eq!(code, 2);
    assert!(err.contains("--from-dump"), "{err}");
}
