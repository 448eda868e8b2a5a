//! The terminal card: basic information, the dimension table, composite and
//! tier, scenarios, strengths, risks and sources.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::i18n::{self, Lang, Word, word};
use super::{Evaluation, SignalResult};
use cratescope_model::SourceState;

/// Fmt an optional score with one decimal.
pub(crate) fn score1(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "–".into())
}

/// The one evidence line of a dimension: its most heavily weighted measured
/// signal, or the note when there is no score.
pub(crate) fn dimension_evidence(d: &super::DimensionResult, lang: Lang) -> String {
    if d.score.is_none() || d.gates.iter().any(|g| g.avoid) {
        if let Some(g) = d.gates.first() {
            return g.reason.clone();
        }
        if let Some(n) = &d.note {
            return n.replacen("no data", word(lang, Word::NoData), 1);
        }
    }
    if let Some(g) = d.gates.first() {
        return format!("capped at {:.1}: {}", g.cap, g.reason);
    }
    let best = d
        .signals
        .iter()
        .filter_map(|s| match s {
            SignalResult::Measured {
                weight, evidence, ..
            } => Some((*weight, evidence.as_str())),
            _ => None,
        })
        .fold(None::<(f64, &str)>, |acc, x| match acc {
            Some(a) if a.0 >= x.0 => Some(a),
            _ => Some(x),
        });
    best.map(|b| b.1.to_string()).unwrap_or_default()
}

/// The tier line: icon, label, provisional and why.
pub(crate) fn tier_line(e: &Evaluation, lang: Lang) -> String {
    let mut s = i18n::tier(lang, e.tier);
    if e.provisional {
        s.push_str(&format!(" ({}", word(lang, Word::Provisional)));
        if let Some(r) = &e.provisional_reason {
            s.push_str(": ");
            s.push_str(r);
        }
        s.push(')');
    }
    s
}

/// Render one card for a terminal.
pub fn card(e: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} {} — {} {} ({} {})\n",
        e.name,
        e.version,
        word(lang, Word::AsOf),
        e.as_of,
        word(lang, Word::Model),
        e.model_version
    ));
    if let Some(d) = &e.info.description {
        out.push_str(d.trim());
        out.push('\n');
    }
    let mut facts = Vec::new();
    if let Some(r) = &e.info.repository {
        facts.push(format!("{}: {r}", word(lang, Word::Repository)));
    }
    if let Some(l) = &e.info.license {
        facts.push(format!("{}: {l}", word(lang, Word::License)));
    }
    if !facts.is_empty() {
        out.push_str(&facts.join(" · "));
        out.push('\n');
    }
    let mut facts = Vec::new();
    if let Some(f) = e.info.first_release {
        facts.push(format!("{}: {f}", word(lang, Word::FirstRelease)));
    }
    if let Some(v) = &e.info.latest_version {
        let date = e
            .info
            .latest_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        facts.push(format!("{}: {v}{date}", word(lang, Word::LatestVersion)));
    }
    facts.push(format!(
        "{}: {}",
        word(lang, Word::Versions),
        e.info.versions
    ));
    if let Some(d) = e.info.downloads {
        facts.push(format!("{}: {d}", word(lang, Word::Downloads)));
    }
    if let Some(s) = e.info.stars {
        facts.push(format!("{}: {s}", word(lang, Word::Stars)));
    }
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");

    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(vec![
        word(lang, Word::Dimension),
        word(lang, Word::Score),
        "",
        word(lang, Word::Confidence),
        word(lang, Word::Evidence),
    ]);
    for d in &e.dimensions {
        t.add_row(vec![
            i18n::dimension(lang, &d.id).to_string(),
            score1(d.score),
            d.icon.clone().unwrap_or_default(),
            format!("{:.2}", d.confidence),
            dimension_evidence(d, lang),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out.push_str(&format!(
        "{} {} ({} {:.2}) · {}: {}\n",
        word(lang, Word::Composite),
        score1(e.composite),
        word(lang, Word::Confidence).to_lowercase(),
        e.confidence,
        word(lang, Word::Tier),
        tier_line(e, lang)
    ));
    out.push_str(&format!("\n{}:\n", word(lang, Word::Scenarios)));
    for s in &e.scenarios {
        out.push_str(&format!(
            "  {:<24} {:<10} {}\n",
            i18n::scenario(lang, &s.id),
            i18n::stars(s.stars),
            s.note
        ));
    }
    for (title, items) in [(Word::Strengths, &e.strengths), (Word::Risks, &e.risks)] {
        out.push_str(&format!("\n{}:\n", word(lang, title)));
        if items.is_empty() {
            out.push_str(&format!("  {}\n", word(lang, Word::None)));
        }
        for i in items {
            out.push_str(&format!("  - {i}\n"));
        }
    }
    out.push_str(&format!("\n{}:", word(lang, Word::Sources)));
    for s in &e.sources {
        let status = match s.status {
            SourceState::Ok => "ok",
            SourceState::Unavailable => "unavailable",
            SourceState::Stale => "stale",
        };
        out.push_str(&format!("\n  {:<11} {status}", s.id.as_str()));
        if let Some(r) = &s.reason {
            out.push_str(&format!(" — {r}"));
        }
    }
    out.push('\n');
    for w in &e.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}
