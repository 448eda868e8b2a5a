//! The Markdown card: one section of the maturity matrix document, shaped like
//! the original hand-written matrix (basic information, the dimension table,
//! composite and tier, scenario stars, strengths and limitations).

use super::Evaluation;
use super::i18n::{self, Lang, Word, word};
use super::table::{dimension_evidence, score1, tier_line};

/// Escape text for a Markdown table cell.
pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Render one card as a Markdown section (`###` heading).
pub fn card(e: &Evaluation, lang: Lang) -> String {
    let mut o = String::new();
    o.push_str(&format!("### {} {}\n\n", e.name, e.version));
    if let Some(d) = &e.info.description {
        o.push_str(&format!("> {}\n\n", cell(d.trim())));
    }
    o.push_str(&format!("**{}**\n\n", word(lang, Word::BasicInfo)));
    o.push_str("| | |\n|---|---|\n");
    let row = |o: &mut String, k: Word, v: String| {
        o.push_str(&format!("| {} | {} |\n", word(lang, k), cell(&v)))
    };
    if let Some(r) = &e.info.repository {
        row(&mut o, Word::Repository, r.clone());
    }
    if let Some(l) = &e.info.license {
        row(&mut o, Word::License, l.clone());
    }
    if let Some(f) = e.info.first_release {
        row(&mut o, Word::FirstRelease, f.to_string());
    }
    if let Some(v) = &e.info.latest_version {
        let date = e
            .info
            .latest_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        row(&mut o, Word::LatestVersion, format!("{v}{date}"));
    }
    row(&mut o, Word::Versions, e.info.versions.to_string());
    if let Some(d) = e.info.downloads {
        row(&mut o, Word::Downloads, d.to_string());
    }
    if let Some(s) = e.info.stars {
        row(&mut o, Word::Stars, s.to_string());
    }
    row(
        &mut o,
        Word::AsOf,
        format!(
            "{} ({} {})",
            e.as_of,
            word(lang, Word::Model),
            e.model_version
        ),
    );
    o.push('\n');

    o.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        word(lang, Word::Dimension),
        word(lang, Word::Score),
        word(lang, Word::Confidence),
        word(lang, Word::Evidence)
    ));
    for d in &e.dimensions {
        o.push_str(&format!(
            "| {} | {} {} | {:.2} | {} |\n",
            i18n::dimension(lang, &d.id),
            d.icon.clone().unwrap_or_default(),
            score1(d.score),
            d.confidence,
            cell(&dimension_evidence(d, lang))
        ));
    }
    o.push_str(&format!(
        "| **{}** | **{}** | {:.2} | {} |\n\n",
        word(lang, Word::Composite),
        score1(e.composite),
        e.confidence,
        cell(&tier_line(e, lang))
    ));

    o.push_str(&format!("**{}**\n\n", word(lang, Word::Scenarios)));
    o.push_str(&format!(
        "| {} | {} | {} |\n|---|---|---|\n",
        word(lang, Word::Scenario),
        word(lang, Word::Stars),
        word(lang, Word::Note)
    ));
    for s in &e.scenarios {
        o.push_str(&format!(
            "| {} | {} | {} |\n",
            i18n::scenario(lang, &s.id),
            i18n::stars(s.stars),
            cell(&s.note)
        ));
    }
    o.push('\n');
    for (title, items) in [(Word::Strengths, &e.strengths), (Word::Risks, &e.risks)] {
        o.push_str(&format!("**{}**\n\n", word(lang, title)));
        if items.is_empty() {
            o.push_str(&format!("- {}\n", word(lang, Word::None)));
        }
        for i in items {
            o.push_str(&format!("- {}\n", cell(i)));
        }
        o.push('\n');
    }
    o
}
