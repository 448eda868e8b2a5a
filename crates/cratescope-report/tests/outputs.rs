//! Every output of the report crate, checked by the programs that consume
//! it and snapshotted for review:
//!
//! - the HTML pages (the `report` document in both languages, `eval
//!   --format html`) pass the Nu Html Checker with 0 errors, and so do the
//!   SVG pictures (badges, the history chart), each with a `<title>`;
//! - the Markdown (document, cards, comparison) rendered as GitHub renders
//!   it keeps its tables as tables and never lets outside text become HTML;
//! - snapshots of the fragments (card, summary, matrix, trend table, badge,
//!   chart), the terminal card at 80 and 120 columns and piped in English
//!   and Chinese, and the comparison.
//!
//! The evaluations are real ones: the score crate's `evaluate` over facts
//! built here (with hostile metadata), under a category with scenarios, one
//! of its crates not for every scenario, and trends over three quarters.

mod common;

use std::path::PathBuf;

use common::checkers;
use cratescope_model::catalog::{Catalog, Category};
use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::message::Messages;
use cratescope_model::{Evaluation, Facts, Lang, Release};
use cratescope_report::document::{self, DocLabels};
use cratescope_report::fragment::{self, Badge};
use cratescope_report::{TermOptions, compare, html, table};
use cratescope_score::Model;
use jiff::civil::{Date, date};

const AS_OF: Date = date(2026, 11, 25);

/// What a published crate can carry to attack a page or a comment.
const HOSTILE: &str =
    "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)> | pipe";

fn facts(name: &str, releases: u64, as_of: Date) -> Facts {
    let rel: Vec<Release> = (0..releases)
        .map(|i| Release {
            name: name.into(),
            cksum: String::new(),
            version: semver::Version::new(1, i, 0),
            pubtime: jiff::Timestamp::from_second(1_600_000_000 + 86_400 * 40 * i as i64).ok(),
            yanked: false,
            rust_version: None,
            links: None,
            deps: Default::default(),
            features: Default::default(),
        })
        .filter(|r| {
            r.pubtime
                .is_some_and(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date() <= as_of)
        })
        .collect();
    Facts {
        name: name.into(),
        version: rel.last().unwrap().version.clone(),
        as_of,
        releases: rel,
        yanks_unknown: false,
        package: None,
        dependency_latest: None,
        transitive_deps: None,
        git: None,
        advisories: None,
        crates_io: None,
        github: None,
        docs_rs: None,
        dump: None,
        sources: Vec::new(),
    }
}

const CATALOG: &str = r#"version = 1
[[category]]
id = "numbers"
name = { en = "Numbers", zh = "数字" }
crates = ["alpha", { name = "beta", scenarios = ["steady"] }, "gamma", "lost"]

[[category.scenario]]
id = "steady"
name = { en = "Steady work", zh = "稳定工作" }
weights = { stability = 1.0 }

[[category.scenario]]
id = "fresh-ideas"
name = { en = "Fresh ideas", zh = "新想法" }
weights = { stability = 0.5, maintenance = 0.5 }
"#;

fn catalog() -> Catalog {
    toml::from_str(CATALOG).unwrap()
}

fn category_model(cat: &Category) -> Model {
    let model = Model::embedded();
    Model {
        scenarios: cat
            .scenarios
            .iter()
            .map(|s| cratescope_score::model::ScenarioSpec {
                id: s.id.clone(),
                weights: s.weights.clone(),
                requires: s.requires.clone(),
                rationale: s.name.en.clone(),
                vetoes: Vec::new(),
            })
            .collect(),
        ..model
    }
}

fn evaluate(name: &str, releases: u64, as_of: Date, model: &Model) -> Evaluation {
    let mut e = cratescope_score::evaluate(&facts(name, releases, as_of), model);
    if name == "gamma" {
        e.info.description = Some(HOSTILE.into());
        e.info.repository = Some("javascript:alert(4)".into());
        e.info.license = Some(format!("MIT {HOSTILE}"));
        e.info.readme_snippet = Some(format!("let x = 1; // {HOSTILE}\n```\n<script>x</script>"));
    }
    e
}

const CRATES: [(&str, u64); 3] = [("alpha", 24), ("beta", 4), ("gamma", 9)];

/// The document `report` would build: the category's crates scored with
/// its scenarios, one crate that failed, trends over three quarter ends.
fn doc() -> Document {
    let cat = catalog();
    let section = &cat.categories[0];
    let m = category_model(section);
    let mut history = Vec::new();
    for (name, n) in CRATES {
        let evals = [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]
            .into_iter()
            .map(|d| evaluate(name, n, d, &Model::embedded()))
            .collect();
        history.push((name.to_string(), evals));
    }
    let trends = cratescope_score::trend::compute(&history, &cat);
    let mut crates: Vec<CrateEntry> = CRATES
        .iter()
        .map(|(name, n)| CrateEntry {
            name: name.to_string(),
            result: EntryResult::Evaluated {
                evaluation: Box::new(evaluate(name, *n, AS_OF, &m)),
            },
        })
        .collect();
    crates.push(CrateEntry {
        name: "lost".into(),
        result: EntryResult::Failed {
            reason: cratescope_model::msg!(
                "index-not-found",
                krate = cratescope_model::message::Arg::krate("lost")
            )
            .into(),
        },
    });
    Document {
        as_of: AS_OF,
        sections: vec![CategorySection {
            category: section.clone(),
            crates,
        }],
        trends: Some(trends),
    }
}

fn cards() -> Vec<Evaluation> {
    CRATES
        .iter()
        .map(|(name, n)| evaluate(name, *n, AS_OF, &Model::embedded()))
        .collect()
}

/// Every sentence text of the cards, in order (a sentence's equality
/// compares its message, not its text).
fn texts(cards: &mut [Evaluation]) -> Vec<String> {
    let mut out = Vec::new();
    for c in cards {
        c.visit_messages(&mut |_, slot| out.extend(slot.map(|t| t.clone())));
    }
    out
}

#[test]
fn texts_filled_on_every_core_are_those_filled_one_by_one() {
    // The cards with every sentence's text emptied.
    let mut blank = cards();
    for c in &mut blank {
        c.visit_messages(&mut |_, slot| {
            if let Some(text) = slot {
                text.clear();
            }
        });
    }
    let mut each = blank.clone();
    cratescope_report::catalog::fill_texts_each(&mut each);
    let mut one = blank.clone();
    one.iter_mut()
        .for_each(cratescope_report::catalog::fill_texts);
    let filled = texts(&mut each);
    assert_eq!(filled, texts(&mut one));
    assert!(filled.len() > 50, "{} sentences", filled.len());
    assert!(filled.iter().all(|t| !t.is_empty()), "{filled:?}");
}

/// Markdown as GitHub renders it (GFM: tables, strikethrough, autolinks,
/// raw HTML left out, as GitHub's sanitiser would).
pub fn gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.render.r#unsafe = false;
    comrak::markdown_to_html(md, &o)
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn html_pages_pass_the_nu_html_checker() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let mut files = Vec::new();
    for (lang, code) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let page = html::render(&d, &Model::embedded(), lang);
        assert_eq!(html::script_tags(&page), 0);
        files.push(write(dir.path(), &format!("report-{code}.html"), &page));
        let eval = cratescope_report::render(&cards(), cratescope_report::Format::Html, lang);
        files.push(write(dir.path(), &format!("eval-{code}.html"), &eval));
    }
    let errors = checkers::vnu(&files, false);
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn svg_pictures_pass_the_nu_html_checker_and_have_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let evals = cards();
    let mut provisional = evals[0].clone();
    provisional.provisional = true;
    let mut svgs = vec![
        Badge::of(Some(&evals[0]), Lang::En).svg(),
        Badge::of(Some(&provisional), Lang::En).svg(),
        Badge::of(None, Lang::En).svg(),
        Badge::of(Some(&evals[1]), Lang::Zh).svg(),
        Badge::new("a<b & \"c\"", HOSTILE, "#555").svg(),
    ];
    let entries: Vec<_> = [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            history_entry(
                i as i64,
                *d,
                if i == 1 {
                    None
                } else {
                    Some(3.5 + i as f64 / 4.0)
                },
            )
        })
        .collect();
    svgs.push(fragment::history_svg("alpha", &entries, Lang::En).unwrap());
    let mut files = Vec::new();
    for (i, svg) in svgs.iter().enumerate() {
        // A title, for screen readers, that says what the picture says.
        let title = &svg[svg.find("<title>").expect(svg) + 7..svg.find("</title>").unwrap()];
        assert!(!title.trim().is_empty(), "{svg}");
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        files.push(write(dir.path(), &format!("picture-{i}.svg"), svg));
    }
    assert!(svgs[1].contains("(provisional)"), "{}", svgs[1]);
    let errors = checkers::vnu(&files, true);
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn history_entry(
    id: i64,
    d: Date,
    composite: Option<f64>,
) -> cratescope_model::history::HistoryEntry {
    cratescope_model::history::HistoryEntry {
        id,
        version: format!("1.{id}.0"),
        as_of: d,
        evaluated_at: jiff::Timestamp::UNIX_EPOCH,
        model_version: "2".into(),
        composite,
        confidence: 0.8,
        tier: cratescope_model::Tier::Mature,
        provisional: false,
        backfill: false,
        dimensions: Vec::new(),
    }
}

/// Markdown as GitHub shows it: every table of ours is a table, and the
/// only HTML is the anchors we write ourselves.
fn check_markdown(what: &str, md: &str) {
    let tables = md.lines().filter(|l| l.starts_with("|---")).count();
    let rendered = gfm(md);
    assert_eq!(
        rendered.matches("<table>").count(),
        tables,
        "{what}: a table did not render as a table:\n{rendered}"
    );
    let ours = md.lines().filter(|l| l.starts_with("<a id=\"")).count();
    let without_anchors: String = md
        .lines()
        .filter(|l| !l.starts_with("<a id=\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let html = gfm(&without_anchors);
    assert!(
        !html.contains("raw HTML omitted"),
        "{what}: text became HTML:\n{html}"
    );
    // Our anchors are the only raw HTML (an opening and a closing tag each).
    assert_eq!(
        rendered.matches("raw HTML omitted").count(),
        2 * ours,
        "{what}"
    );
    let lower = rendered.to_lowercase();
    for bad in ["<script", "<img", "href=\"javascript:"] {
        assert!(!lower.contains(bad), "{what}: {bad} in\n{rendered}");
    }
}

#[test]
fn markdown_renders_as_github_renders_it() {
    let d = doc();
    for lang in [Lang::En, Lang::Zh] {
        let md = document::markdown(&d, &Model::embedded(), lang);
        assert!(
            md.contains("alert(1)"),
            "the hostile text is shown, as text"
        );
        check_markdown(&format!("report {lang:?}"), &md);
        let evals = cards();
        check_markdown(
            &format!("eval {lang:?}"),
            &cratescope_report::render(&evals, cratescope_report::Format::Markdown, lang),
        );
        check_markdown(
            &format!("compare {lang:?}"),
            &compare::markdown(&evals, lang),
        );
    }
}

#[test]
fn fragments() {
    let d = doc();
    let v = document::view(&d, &Model::embedded(), Lang::En);
    let w = DocLabels::new(Lang::En);
    let s = &v.sections[0];
    insta::assert_snapshot!(
        "fragment_summary_html",
        fragment::section_summary_html(s, &w)
    );
    insta::assert_snapshot!("fragment_matrix_html", fragment::matrix_html(s, &w, None));
    insta::assert_snapshot!("fragment_matrix_md", fragment::matrix_md(s, &w));
    insta::assert_snapshot!(
        "fragment_trends_html",
        fragment::trend_table_html(&v.trends[0], &w)
    );
    insta::assert_snapshot!(
        "fragment_trends_md",
        fragment::trend_table_md(&v.trends[0], &w)
    );
    let gamma = s.cards.iter().find(|c| c.name == "gamma").unwrap();
    insta::assert_snapshot!("fragment_card_html", fragment::card_html(gamma));
    insta::assert_snapshot!("fragment_card_md", fragment::card_md(gamma));
    let evals = cards();
    let sorted: Vec<&Evaluation> = evals.iter().collect();
    insta::assert_snapshot!(
        "fragment_compare_html",
        fragment::compare_html(&compare::view(&sorted, Lang::En), Some("/crates/"))
    );
    insta::assert_snapshot!(
        "fragment_badge_svg",
        Badge::of(Some(&evals[0]), Lang::En).svg()
    );
    let zh = document::view(&d, &Model::embedded(), Lang::Zh);
    insta::assert_snapshot!(
        "fragment_matrix_html_zh",
        fragment::matrix_html(&zh.sections[0], &DocLabels::new(Lang::Zh), None)
    );
}

#[test]
fn terminal_card_and_comparison() {
    let evals = cards();
    for (lang, code) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        for (width, name) in [(80, "80"), (120, "120"), (100, "piped")] {
            let o = TermOptions::plain(width);
            let card = table::card(&evals[0], lang, &o);
            for line in card.lines() {
                assert!(
                    cratescope_report::term::width(line) <= width,
                    "{code} {width}: {line:?}"
                );
            }
            insta::assert_snapshot!(format!("card_{code}_{name}"), card);
        }
        insta::assert_snapshot!(
            format!("compare_{code}_80"),
            compare::table(&evals, lang, &TermOptions::plain(80))
        );
        insta::assert_snapshot!(
            format!("compare_{code}_120"),
            compare::table(&evals, lang, &TermOptions::plain(120))
        );
    }
}

/// The checkers are not silent: a page with errors and a broken table are
/// seen as such (so a pass above means something).
#[test]
fn the_checkers_see_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.html",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"></head><body><p><div></div></p></body></html>",
    );
    let errors = checkers::vnu(&[bad], false);
    assert!(errors.len() >= 2, "{errors:?}");
    let svg = write(
        dir.path(),
        "bad.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect wdth=\"1\"/></svg>",
    );
    assert!(!checkers::vnu(&[svg], true).is_empty());
    assert!(!gfm("| a | b |\n|---|---|\n| c | d |\n").contains("raw HTML"));
    assert!(gfm("x <b>y</b>\n").contains("raw HTML omitted"));
}
