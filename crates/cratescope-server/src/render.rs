//! The glue to the report crate: the server draws a crate's card, a
//! category's matrix, a comparison and the trends exactly as `cratescope
//! report` does, by rendering a [`Document`] with `cratescope_report::html`
//! and taking the element it needs. Every string from a crate is escaped by
//! that renderer, so its markup can be cut at its own tags. When the report
//! crate offers the card and matrix as templates, these functions become
//! calls to them; nothing else in the server changes.
//!
//! Before anything is drawn, text from outside (descriptions, READMEs,
//! keywords, evidence) loses its control characters: ANSI escapes and
//! bidirectional overrides are made inert here, markup by the renderer's
//! escaping, and only http(s) repository links become links.

use axum::http::StatusCode;
use cratescope_model::Evaluation;
use cratescope_model::catalog::{Category, Label};
use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::trend::CategoryTrend;
use cratescope_report::{Lang, html};
use cratescope_score::Model;

/// CSS the server adds to the report's: navigation, forms, badges, charts.
/// The report's sort arrows are hidden: sorting is its page's script, and
/// the server sends no script.
const SERVER_CSS: &str = "header.site{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;border-bottom:1px solid #d0d7de;padding-bottom:.5rem}
header.site a.home{font-weight:700;text-decoration:none;color:#1f2328}
form.search input[type=text]{padding:.25rem .4rem;min-width:14rem}
.notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem 1rem}
.error{background:#ffebe9;border:1px solid #cf222e;border-radius:6px;padding:.5rem 1rem}
.when{color:#57606a}
svg.history{max-width:100%;height:auto}
footer{margin-top:2rem;color:#57606a;font-size:.9rem}
table.sortable th{cursor:auto}table.sortable th::after{content:none}";

/// The report's CSS (from its own rendered page) followed by the server's.
pub fn stylesheet() -> String {
    let empty = Document {
        as_of: jiff::civil::date(2026, 1, 1),
        sections: Vec::new(),
        trends: None,
    };
    let page = html::render(&empty, &Model::embedded(), Lang::En);
    let css = between(&page, "<style>\n", "\n</style>").unwrap_or_default();
    format!("{css}\n{SERVER_CSS}\n")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// The element that starts with `open` (up to and including `close`).
fn element(page: &str, open: &str, close: &str) -> Option<String> {
    let i = page.find(open)?;
    let j = page[i..].find(close)? + i + close.len();
    Some(page[i..j].to_string())
}

/// Control characters removed from every string of an evaluation (tabs and
/// newlines kept): an ANSI escape, a carriage return or a bidirectional
/// override in a description becomes plain text.
pub fn sanitize(e: &Evaluation) -> Evaluation {
    fn clean(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.chars().any(is_hostile) => {
                *s = s.chars().filter(|c| !is_hostile(*c)).collect();
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(clean),
            serde_json::Value::Object(o) => o.values_mut().for_each(clean),
            _ => {}
        }
    }
    let Ok(mut v) = serde_json::to_value(e) else {
        return e.clone();
    };
    clean(&mut v);
    serde_json::from_value(v).unwrap_or_else(|_| e.clone())
}

/// C0/C1 controls (but tab and newline), and the bidirectional controls
/// that reorder what a reader sees.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The catalog category a crate belongs to (its first), or a neutral one.
fn section_for(catalog: &cratescope_engine::catalog::Catalog, name: &str) -> Category {
    catalog
        .categories
        .iter()
        .find(|c| c.crates.iter().any(|n| n == name))
        .cloned()
        .unwrap_or_else(|| Category {
            id: "crates".into(),
            name: Label {
                en: "Crates".into(),
                zh: "Crates".into(),
            },
            crates: vec![name.to_string()],
            scenarios: Vec::new(),
        })
}

fn entry(name: &str, e: Option<&Evaluation>) -> CrateEntry {
    CrateEntry {
        name: name.to_string(),
        result: match e {
            Some(e) => EntryResult::Evaluated {
                evaluation: Box::new(sanitize(e)),
            },
            None => EntryResult::Failed {
                reason: "not evaluated yet".into(),
            },
        },
    }
}

/// A crate's card, as `report` draws it (`cratescope_report::html::render`).
pub fn card(catalog: &cratescope_engine::catalog::Catalog, e: &Evaluation) -> String {
    let doc = Document {
        as_of: e.as_of,
        sections: vec![CategorySection {
            category: section_for(catalog, &e.name),
            crates: vec![entry(&e.name, Some(e))],
        }],
        trends: None,
    };
    let page = html::render(&doc, &Model::embedded(), Lang::En);
    element(&page, "<article class=\"crate", "</article>")
        .unwrap_or_else(|| "<p class=\"error\">the card could not be drawn</p>".into())
}

/// A category's parts as `report` draws them: its cards, its decision
/// matrix and its trend table.
pub struct CategoryHtml {
    /// The category's section (one card per crate).
    pub cards: String,
    /// The decision matrix.
    pub matrix: String,
    /// The trend table.
    pub trends: String,
}

/// Draw one category with its crates' latest stored cards.
pub fn category(
    cat: &Category,
    evals: &[(String, Option<Evaluation>)],
    trends: Option<Vec<CategoryTrend>>,
    as_of: jiff::civil::Date,
) -> CategoryHtml {
    let doc = Document {
        as_of,
        sections: vec![CategorySection {
            category: cat.clone(),
            crates: evals.iter().map(|(n, e)| entry(n, e.as_ref())).collect(),
        }],
        trends,
    };
    let page = html::render(&doc, &Model::embedded(), Lang::En);
    let anchor = cratescope_report::document::category_anchor(&cat.id);
    CategoryHtml {
        cards: element(&page, &format!("<section id=\"{anchor}\">"), "</section>")
            .unwrap_or_default(),
        matrix: element(&page, "<section id=\"decision-matrix\">", "</section>")
            .unwrap_or_default(),
        trends: element(&page, "<section id=\"trends\">", "</section>").unwrap_or_default(),
    }
}

/// The decision matrix of several crates (a comparison), as `report` draws it.
pub fn compare(evals: &[Evaluation], as_of: jiff::civil::Date) -> String {
    let cat = Category {
        id: "compare".into(),
        name: Label {
            en: "Comparison".into(),
            zh: "对比".into(),
        },
        crates: evals.iter().map(|e| e.name.clone()).collect(),
        scenarios: Vec::new(),
    };
    let pairs: Vec<(String, Option<Evaluation>)> = evals
        .iter()
        .map(|e| (e.name.clone(), Some(e.clone())))
        .collect();
    category(&cat, &pairs, None, as_of).matrix
}

/// The trend tables of every category, as `report` draws them.
pub fn trends(
    catalog: &cratescope_engine::catalog::Catalog,
    trends: Vec<CategoryTrend>,
    as_of: jiff::civil::Date,
) -> String {
    let doc = Document {
        as_of,
        sections: catalog
            .categories
            .iter()
            .map(|c| CategorySection {
                category: c.clone(),
                crates: Vec::new(),
            })
            .collect(),
        trends: Some(trends),
    };
    let page = html::render(&doc, &Model::embedded(), Lang::En);
    element(&page, "<section id=\"trends\">", "</section>").unwrap_or_default()
}

/// "just now", "12 min ago", "3 h ago", "5 days ago".
pub fn ago(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let secs = now.as_second() - then.as_second();
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 2 * 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}

/// A whole error page.
pub fn error_page(status: StatusCode, message: &str) -> String {
    use askama::Template;
    crate::pages::ErrorPage {
        title: status.canonical_reason().unwrap_or("error").to_string(),
        status: status.as_u16(),
        message: message.to_string(),
    }
    .render()
    .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{}</title>", status.as_u16()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_reads_like_a_person() {
        let t = |s| jiff::Timestamp::from_second(s).unwrap();
        assert_eq!(ago(t(100_000), t(99_990)), "just now");
        assert_eq!(ago(t(100_000), t(100_000 - 3 * 3600 - 5)), "3 h ago");
        assert_eq!(ago(t(1_000_000), t(1_000_000 - 5 * 86_400)), "5 days ago");
    }

    #[test]
    fn hostile_characters() {
        assert!(is_hostile('\u{1b}'));
        assert!(is_hostile('\u{202E}'));
        assert!(is_hostile('\r'));
        assert!(!is_hostile('\n'));
        assert!(!is_hostile('é'));
    }

    #[test]
    fn the_report_stylesheet_is_reused() {
        let css = stylesheet();
        assert!(css.contains("article.crate"), "{css}");
        assert!(css.contains("header.site"));
    }
}
