//! The card as the renderers see it: an [`Evaluation`] turned into words in
//! one language, every outside string sanitised, every number rounded by the
//! one rule. The terminal card, the Markdown card and the HTML card (of
//! `eval` and of the `report` document alike) are all drawn from a [`Card`];
//! the Markdown and HTML ones through one template each (`templates/card.md`,
//! `templates/card.html`).

use cratescope_model::{
    Dimension, Evaluation, SignalResult, SourceRecord, SourceState, document::CategorySection,
};

use cratescope_model::message::Arg;
use cratescope_model::msg;

use crate::i18n::{self, Lang, Word, word};
use crate::level::{self, Level};
use crate::sanitize;
use crate::text;

/// One row of basic information.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoRow {
    /// Label.
    pub label: String,
    /// Value (text).
    pub value: String,
    /// A web URL when the value is one (https/http only).
    pub url: Option<String>,
}

/// One dimension row.
#[derive(Debug, Clone, PartialEq)]
pub struct DimRow {
    /// Stable id.
    pub id: String,
    /// D1…D8.
    pub code: String,
    /// Label.
    pub label: String,
    /// Level meter (■■■□), distinct from tier icons.
    pub meter: &'static str,
    /// Level id for CSS (high/good/fair/low/none).
    pub level: &'static str,
    /// Score, one decimal, or `–`.
    pub score: String,
    /// The score as a number, for charts.
    pub value: Option<f64>,
    /// Confidence as a percentage.
    pub confidence: String,
    /// One line: the strongest evidence, the gate, or why there is no score.
    pub evidence: String,
}

/// One scenario row.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRow {
    /// Stable id.
    pub id: String,
    /// Label.
    pub name: String,
    /// Stars 1–5.
    pub stars: u8,
    /// ⭐ repeated, or "n/a" when the crate is not for this scenario.
    pub stars_text: String,
    /// Why.
    pub note: String,
    /// False when the catalog says the crate is not for this scenario.
    pub applies: bool,
}

/// One source row.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// Stable id.
    pub id: &'static str,
    /// Label.
    pub name: String,
    /// ok / unavailable / stale (in the language).
    pub status: String,
    /// Stable status id.
    pub status_id: &'static str,
    /// Why, or a note.
    pub reason: Option<String>,
}

/// The README's quick start, trimmed to the first complete example.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The code.
    pub code: String,
    /// Lines left out (0 when whole).
    pub omitted: usize,
}

/// Labels the card templates print, in the card's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// "Basic information".
    pub basic_info: String,
    /// "Dimension".
    pub dimension: String,
    /// "Level".
    pub level: String,
    /// "Score".
    pub score: String,
    /// "Confidence".
    pub confidence: String,
    /// "Evidence".
    pub evidence: String,
    /// "Composite".
    pub composite: String,
    /// "Tier".
    pub tier: String,
    /// "Scenarios".
    pub scenarios: String,
    /// "Scenario".
    pub scenario: String,
    /// "Stars".
    pub stars: String,
    /// "Why".
    pub note: String,
    /// "Strengths".
    pub strengths: String,
    /// "Limitations".
    pub limitations: String,
    /// "Sources".
    pub sources: String,
    /// "none".
    pub none: String,
    /// "Quick start".
    pub quick_start: String,
    /// "from the README of".
    pub from_readme: String,
    /// "Provisional".
    pub provisional: String,
    /// "Status".
    pub status: String,
    /// "Axes".
    pub axes: String,
    /// "could be" (before the composite's range).
    pub composite_range: String,
}

impl Labels {
    /// The labels in a language.
    pub fn new(lang: Lang) -> Labels {
        let w = |x| word(lang, x);
        Labels {
            basic_info: w(Word::BasicInfo),
            dimension: w(Word::Dimension),
            level: w(Word::Level),
            score: w(Word::Score),
            confidence: w(Word::Confidence),
            evidence: w(Word::Evidence),
            composite: w(Word::Composite),
            tier: w(Word::Tier),
            scenarios: w(Word::Scenarios),
            scenario: w(Word::Scenario),
            stars: w(Word::Stars),
            note: w(Word::Note),
            strengths: w(Word::Strengths),
            limitations: w(Word::Risks),
            sources: w(Word::Sources),
            none: w(Word::None),
            quick_start: w(Word::QuickStart),
            from_readme: w(Word::FromReadme),
            provisional: w(Word::Provisional),
            status: w(Word::Status),
            axes: w(Word::Axes),
            composite_range: w(Word::CompositeRange),
        }
    }
}

/// A card in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Crate name (sanitised).
    pub name: String,
    /// Version.
    pub version: String,
    /// HTML/Markdown anchor id.
    pub anchor: String,
    /// As of.
    pub as_of: String,
    /// Model version.
    pub model_version: String,
    /// Description.
    pub description: Option<String>,
    /// Basic information rows.
    pub info: Vec<InfoRow>,
    /// Composite, one decimal.
    pub composite: String,
    /// Composite as a number.
    pub composite_value: Option<f64>,
    /// Confidence as a percentage.
    pub confidence: String,
    /// Tier icon and label.
    pub tier: String,
    /// Tier id.
    pub tier_id: &'static str,
    /// Provisional, with why.
    pub provisional: Option<String>,
    /// Dimensions D1…D8.
    pub dims: Vec<DimRow>,
    /// The build footprint (shown, never part of the composite).
    pub footprint: Option<DimRow>,
    /// "3.4–4.6": what the composite could be with the missing dimensions.
    pub composite_range: Option<String>,

    /// Scenarios.
    pub scenarios: Vec<ScenarioRow>,
    /// Strengths.
    pub strengths: Vec<String>,
    /// Limitations that are about the crate.
    pub limitations: Vec<String>,
    /// Limitations that only say a source was not read (shown with the sources).
    pub data_gaps: Vec<String>,
    /// Sources.
    pub sources: Vec<SourceRow>,
    /// Quick start.
    pub snippet: Option<Snippet>,
    /// "… N more lines in the README" when the snippet was trimmed.
    pub snippet_note: Option<String>,
    /// Warnings met while collecting.
    pub warnings: Vec<String>,
    /// Labels.
    pub labels: Labels,
    /// Language code (`en`, `zh`).
    pub lang: &'static str,
    /// The radar chart's geometry (HTML).
    pub radar: crate::svg::Radar,
}

/// The most lines of README code a card shows.
pub const SNIPPET_MAX_LINES: usize = 25;

/// The first complete example of a README code block, at most
/// [`SNIPPET_MAX_LINES`] lines: the block itself when short enough, else
/// everything up to the last line within the limit where brackets are
/// balanced and a statement or item ends; else the first lines.
pub fn trim_snippet(code: &str) -> Snippet {
    let code = sanitize::block(code);
    let lines: Vec<&str> = code.trim_end().lines().collect();
    if lines.len() <= SNIPPET_MAX_LINES {
        return Snippet {
            code: lines.join("\n"),
            omitted: 0,
        };
    }
    let mut depth: i64 = 0;
    let mut cut = None;
    for (i, l) in lines.iter().enumerate().take(SNIPPET_MAX_LINES) {
        let code_part = l.split("//").next().unwrap_or("");
        for c in code_part.chars() {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            }
        }
        let t = code_part.trim_end();
        if depth == 0 && (t.ends_with('}') || t.ends_with(';')) {
            cut = Some(i + 1);
        }
    }
    let keep = cut.unwrap_or(SNIPPET_MAX_LINES);
    Snippet {
        code: lines[..keep].join("\n"),
        omitted: lines.len() - keep,
    }
}

/// The anchor id of a crate, within a category when there is one.
pub fn anchor(category: Option<&str>, name: &str) -> String {
    match category {
        Some(c) => format!("crate-{}-{}", slug(c), slug(name)),
        None => format!("crate-{}", slug(name)),
    }
}

/// ASCII slug for anchors.
pub fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A scenario's label: the category's own name when it has the scenario,
/// else the model's.
pub fn scenario_name(section: Option<&CategorySection>, id: &str, lang: Lang) -> String {
    section
        .and_then(|s| s.category.scenarios.iter().find(|x| x.id == id))
        .map(|s| sanitize::line(s.name.get(lang)).into_owned())
        .unwrap_or_else(|| i18n::scenario(lang, id))
}

/// The one evidence line of a dimension.
pub fn dimension_evidence(
    d: &cratescope_model::DimensionResult,
    e: &Evaluation,
    lang: Lang,
) -> String {
    if let Some(g) = d.gates.iter().find(|g| g.avoid) {
        return text::say(lang, &g.reason.message);
    }
    if d.score.is_none() {
        if let Some(n) = d.note.get() {
            return text::say(lang, n);
        }
        return word(lang, Word::NoData);
    }
    if let Some(g) = d.gates.first() {
        return i18n::say(
            lang,
            &msg!(
                "report-capped-at",
                cap = Arg::code(level::threshold(g.cap)),
                reason = Arg::text(text::say(lang, &g.reason.message))
            ),
        );
    }
    let best = d
        .signals
        .iter()
        .filter_map(|s| match s {
            SignalResult::Measured {
                id,
                weight,
                evidence,
                ..
            } => Some((*weight, id.as_str(), &evidence.message)),
            _ => None,
        })
        .fold(
            None::<(f64, &str, &cratescope_model::Message)>,
            |acc, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            },
        );
    let _ = e;
    best.map(|b| text::say(lang, b.2)).unwrap_or_default()
}

fn source_row(s: &SourceRecord, lang: Lang) -> SourceRow {
    let (status_id, status) = match s.status {
        SourceState::Ok => ("ok", word(lang, Word::StatusOk)),
        SourceState::Unavailable => ("unavailable", word(lang, Word::StatusUnavailable)),
        SourceState::Stale => ("stale", word(lang, Word::StatusStale)),
    };
    SourceRow {
        id: s.id.as_str(),
        name: i18n::source(lang, s.id),
        status,
        status_id,
        reason: s.reason.get().map(|r| text::say(lang, r)),
    }
}

/// Build the card of an evaluation; `section` gives the category (its
/// scenario names and the anchor) when the card is part of the document.
pub fn card(e: &Evaluation, section: Option<&CategorySection>, lang: Lang) -> Card {
    let clean = |s: &str| sanitize::line(s).into_owned();
    let w = |x| word(lang, x);
    let mut info = Vec::new();
    match e.info.repository.as_deref() {
        Some(r) => {
            let r = clean(r);
            info.push(InfoRow {
                label: w(Word::Repository),
                url: crate::md::is_web_url(&r).then(|| r.clone()),
                value: r,
            });
        }
        None => info.push(InfoRow {
            label: w(Word::Repository),
            value: level::MISSING.into(),
            url: None,
        }),
    }
    if let Some(l) = &e.info.license {
        info.push(InfoRow {
            label: w(Word::License),
            value: clean(l),
            url: None,
        });
    }
    info.push(InfoRow {
        label: w(Word::FirstRelease),
        value: e
            .info
            .first_release
            .map(|d| d.to_string())
            .unwrap_or_else(|| level::MISSING.into()),
        url: None,
    });
    if let Some(v) = &e.info.latest_version {
        let date = e
            .info
            .latest_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        info.push(InfoRow {
            label: w(Word::LatestVersion),
            value: format!("{}{date}", clean(v)),
            url: None,
        });
    }
    if e.info.latest_version.as_deref() != Some(e.version.as_str()) {
        let date = e
            .info
            .evaluated_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        info.push(InfoRow {
            label: w(Word::Evaluated),
            value: format!("{}{date}", clean(&e.version)),
            url: None,
        });
    }
    info.push(InfoRow {
        label: w(Word::Versions),
        value: e.info.versions.to_string(),
        url: None,
    });
    if let Some(d) = e.info.downloads {
        info.push(InfoRow {
            label: w(Word::Downloads),
            value: level::count(d),
            url: None,
        });
    }
    if let Some(s) = e.info.stars {
        info.push(InfoRow {
            label: w(Word::GithubStars),
            value: level::count(s),
            url: None,
        });
    }
    let usage = match e.dimension(Dimension::Usage.id()) {
        Some(d) if d.score.is_some() => format!(
            "{} {} ({})",
            level::meter(d),
            level::score(d.score),
            dimension_evidence(d, e, lang)
        ),
        Some(d) => i18n::say(
            lang,
            &msg!(
                "report-usage-unknown",
                why = Arg::text(dimension_evidence(d, e, lang))
            ),
        ),
        None => word(lang, Word::Unknown),
    };
    info.push(InfoRow {
        label: w(Word::ProductionUsage),
        value: usage,
        url: None,
    });

    // One row per scored group: code, label and evidence vary, the rest is
    // the dimension's own figures.
    let row =
        |d: &cratescope_model::DimensionResult, code: String, label: String, evidence: String| {
            DimRow {
                id: d.id.clone(),
                code,
                label,
                meter: level::meter(d),
                level: Level::of(d).map_or("none", Level::id),
                score: level::score(d.score),
                value: d.score,
                confidence: level::percent(d.confidence),
                evidence,
            }
        };
    let dims: Vec<DimRow> = Dimension::ALL
        .iter()
        .filter_map(|dim| {
            let d = e.dimension(dim.id())?;
            Some(row(
                d,
                dim.code().to_string(),
                i18n::dimension(lang, &d.id),
                dimension_evidence(d, e, lang),
            ))
        })
        .collect();

    let footprint = e.footprint.as_ref().map(|d| {
        row(
            d,
            String::new(),
            i18n::dimension(lang, &d.id),
            i18n::say(
                lang,
                &msg!(
                    "report-footprint-evidence",
                    evidence = Arg::text(dimension_evidence(d, e, lang))
                ),
            ),
        )
    });
    let composite_range = e
        .composite_range
        .map(|[lo, hi]| format!("{}–{}", level::score(Some(lo)), level::score(Some(hi))));

    let scenarios = e
        .scenarios
        .iter()
        .map(|s| {
            let applies = section.is_none_or(|x| x.category.applies(&e.name, &s.id));
            ScenarioRow {
                id: s.id.clone(),
                name: scenario_name(section, &s.id, lang),
                stars: s.stars,
                stars_text: if applies {
                    i18n::stars(s.stars)
                } else {
                    word(lang, Word::NotApplicable)
                },
                note: if applies {
                    text::say(lang, &s.note.message)
                } else {
                    word(lang, Word::NotApplicableMeans)
                },
                applies,
            }
        })
        .collect();

    let strengths = e.strengths.iter().map(|s| text::say(lang, s)).collect();
    let limitations = e.risks.iter().map(|s| text::say(lang, s)).collect();
    // What could not be measured is said once, with the sources; risks are
    // the crate's own.
    let data_gaps: Vec<String> = Vec::new();

    let snippet = e.info.readme_snippet.as_deref().map(trim_snippet);
    let provisional = e.provisional.then(|| {
        e.provisional_reason
            .get()
            .map(|r| text::say(lang, r))
            .unwrap_or_default()
    });

    Card {
        name: clean(&e.name),
        // A yanked version says so in the header, beside the version.
        version: if e.info.yanked {
            format!("{} ({})", clean(&e.version), word(lang, Word::Yanked))
        } else {
            clean(&e.version)
        },
        anchor: anchor(section.map(|s| s.category.id.as_str()), &e.name),
        as_of: e.as_of.to_string(),
        model_version: clean(&e.model_version),
        description: e
            .info
            .description
            .as_deref()
            .map(|d| clean(d.trim()))
            .filter(|d| !d.is_empty()),
        info,
        composite: level::score(e.composite),
        composite_value: e.composite,
        confidence: level::percent(e.confidence),
        tier: i18n::tier(lang, e.tier),
        tier_id: e.tier.id(),
        provisional,
        scenarios,
        strengths,
        limitations,
        data_gaps,
        sources: e.sources.iter().map(|s| source_row(s, lang)).collect(),
        snippet_note: snippet
            .as_ref()
            .filter(|s| s.omitted > 0)
            .map(|s| i18n::say(lang, &msg!("report-lines-omitted", n = s.omitted))),
        snippet,
        warnings: e.warnings.iter().map(|w| text::say(lang, w)).collect(),
        labels: Labels::new(lang),
        lang: match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        },
        radar: crate::svg::radar(&dims),
        dims,
        footprint,
        composite_range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_snippets_stay_whole() {
        let s = trim_snippet("let x = 1;\nprintln!(\"{x}\");\n");
        assert_eq!(s.omitted, 0);
        assert_eq!(s.code, "let x = 1;\nprintln!(\"{x}\");");
    }

    #[test]
    fn long_snippets_end_at_the_first_complete_example() {
        let mut code = String::from("use a::b;\n\nfn main() {\n");
        for i in 0..10 {
            code.push_str(&format!("    let x{i} = {i};\n"));
        }
        code.push_str("}\n\nasync fn more() {\n");
        for i in 0..30 {
            code.push_str(&format!("    call({i});\n"));
        }
        code.push_str("}\n");
        let s = trim_snippet(&code);
        assert!(s.code.ends_with("    let x9 = 9;\n}"), "{}", s.code);
        assert!(s.code.lines().count() <= SNIPPET_MAX_LINES);
        assert_eq!(s.omitted, code.trim_end().lines().count() - 14);
    }

    #[test]
    fn a_snippet_without_a_complete_item_is_cut_at_the_limit() {
        let code = format!("fn main() {{\n{}}}\n", "    x();\n".repeat(40));
        let s = trim_snippet(&code);
        assert_eq!(s.code.lines().count(), SNIPPET_MAX_LINES);
        assert_eq!(s.omitted, 42 - SNIPPET_MAX_LINES);
    }
}
