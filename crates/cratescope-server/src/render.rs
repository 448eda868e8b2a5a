//! The glue to the report crate: the server's pages are made of the
//! report's fragments (`cratescope_report::fragment`), exactly as the
//! `report` document is: a crate's card, a category's summary, decision
//! matrix and trend table, the comparison, the history chart, the badge and
//! the stylesheet. Nothing here writes markup or edits rendered HTML, and
//! text from outside is made inert by the report's one sanitiser and the
//! templates' escaping.
//!
//! A category page shows the same matrix as `report`: the stored cards were
//! scored under the model's scenarios, so each is scored again with the
//! category's own (`cratescope_score::evaluate::rescore_scenarios`, which
//! equals a fresh evaluation under the category's scenarios).

use axum::http::StatusCode;
use cratescope_engine::catalog::{Catalog, category_model};
use cratescope_model::catalog::Category;
use cratescope_model::document::{CategorySection, CrateEntry, EntryResult, FailReason};
use cratescope_model::message::Arg;
use cratescope_model::msg;
use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Evaluation, Lang};
use cratescope_report::document::{self, DocLabels};
use cratescope_report::{card, compare, fragment, i18n};
use cratescope_score::Model;

/// The language of the server's pages.
pub const LANG: Lang = Lang::En;

/// Where a crate's page is: the grid and the comparison link there.
pub const CRATE_HREF: &str = "/crates/";

/// The server's own rules (navigation, forms, notices, the leaderboard).
const SERVER_CSS: &str = include_str!("../templates/server.css");

/// The report's stylesheet followed by the server's.
pub fn stylesheet() -> String {
    format!("{}\n{SERVER_CSS}", fragment::STYLESHEET)
}

/// A crate's card as `eval` draws it (the model's scenarios).
pub fn card(e: &Evaluation) -> String {
    fragment::card_html(&card::card(e, None, LANG))
}

/// A category's parts as `report` draws them.
pub struct CategoryHtml {
    /// Top pick, verdict and top pick per scenario.
    pub summary: String,
    /// The decision matrix.
    pub matrix: String,
    /// The trend table.
    pub trends: String,
    /// One card per evaluated crate, best first.
    pub cards: String,
}

/// A stored card with the category's scenarios (`m` is the category's
/// model, `cratescope_engine::catalog::category_model`).
fn scored_for(cat: &Category, m: &Model, e: &Evaluation) -> Evaluation {
    let mut e = e.clone();
    if !cat.scenarios.is_empty() {
        e.scenarios = cratescope_score::evaluate::rescore_scenarios(&e, m);
    }
    e
}

/// Stored cards with the category's scenarios, as its page shows them (the
/// category's JSON answers the same).
pub fn category_cards(
    cat: &Category,
    evals: &[(String, Option<Evaluation>)],
    model: &Model,
) -> Vec<(String, Option<Evaluation>)> {
    let m = category_model(model, cat);
    evals
        .iter()
        .map(|(n, e)| (n.clone(), e.as_ref().map(|e| scored_for(cat, &m, e))))
        .collect()
}

/// The category's section: each stored card with the category's scenarios.
fn section(
    cat: &Category,
    evals: &[(String, Option<Evaluation>)],
    model: &Model,
) -> CategorySection {
    let m = category_model(model, cat);
    CategorySection {
        category: cat.clone(),
        crates: evals
            .iter()
            .map(|(name, e)| CrateEntry {
                name: name.clone(),
                result: match e {
                    Some(e) => EntryResult::Evaluated {
                        evaluation: Box::new(scored_for(cat, &m, e)),
                    },
                    None => EntryResult::Failed {
                        reason: FailReason::new(msg!("server-not-stored")),
                    },
                },
            })
            .collect(),
    }
}

/// Draw one category with its crates' latest stored cards.
pub fn category(
    cat: &Category,
    evals: &[(String, Option<Evaluation>)],
    trends: Option<&CategoryTrend>,
    model: &Model,
) -> CategoryHtml {
    let w = DocLabels::new(LANG);
    let v = document::section_view(&section(cat, evals, model), LANG);
    let t = document::trend_view(
        cratescope_report::sanitize::line(cat.name.get(LANG)).into_owned(),
        trends.filter(|t| t.crates.iter().any(|c| c.ring.is_some())),
        LANG,
    );
    CategoryHtml {
        summary: fragment::section_summary_html(&v, &w),
        matrix: fragment::matrix_html(&v, &w, None),
        trends: fragment::trend_table_html(&t, &w),
        cards: v.cards.iter().map(fragment::card_html).collect(),
    }
}

/// The summary and decision matrix of stored cards (the model's
/// scenarios), crate names linking to their pages: a category of the dump
/// has no cards below its matrix to point at.
pub fn matrix_linked(
    cat: &Category,
    evals: &[(String, Option<Evaluation>)],
    model: &Model,
) -> (String, String) {
    let w = DocLabels::new(LANG);
    let v = document::section_view(&section(cat, evals, model), LANG);
    (
        fragment::section_summary_html(&v, &w),
        fragment::matrix_html(&v, &w, Some(CRATE_HREF)),
    )
}

/// A comparison: the decision matrix of the crates (the model's scenarios)
/// and their dimensions, both best composite first.
pub fn compare(evals: &[Evaluation], model: &Model) -> (String, String) {
    let mut sorted: Vec<&Evaluation> = evals.iter().collect();
    sorted.sort_by(|a, b| document::by_composite(a, b));
    let cat = Category {
        id: "compare".into(),
        name: cratescope_model::catalog::Label {
            en: i18n::say(Lang::En, &msg!("server-comparison")),
            zh: i18n::say(Lang::Zh, &msg!("server-comparison")),
        },
        crates: sorted.iter().map(|e| e.name.clone()).collect(),
        applies: Default::default(),
        scenarios: Vec::new(),
    };
    let pairs: Vec<(String, Option<Evaluation>)> = sorted
        .iter()
        .map(|e| (e.name.clone(), Some((*e).clone())))
        .collect();
    let w = DocLabels::new(LANG);
    let v = document::section_view(&section(&cat, &pairs, model), LANG);
    (
        fragment::matrix_html(&v, &w, Some(CRATE_HREF)),
        fragment::compare_html(&compare::view(&sorted, LANG), Some(CRATE_HREF)),
    )
}

/// The trend tables of every category, as `report` draws them.
pub fn trends(catalog: &Catalog, trends: &[CategoryTrend]) -> Vec<(String, String)> {
    let w = DocLabels::new(LANG);
    catalog
        .categories
        .iter()
        .map(|c| {
            let name = cratescope_report::sanitize::line(c.name.get(LANG)).into_owned();
            let t = trends
                .iter()
                .find(|t| t.id == c.id)
                .filter(|t| t.crates.iter().any(|x| x.ring.is_some()));
            let view = document::trend_view(name.clone(), t, LANG);
            (name, fragment::trend_table_html(&view, &w))
        })
        .collect()
}

/// "just now", "12 min ago", "3 h ago", "5 days ago".
pub fn ago(now: jiff::Timestamp, then: jiff::Timestamp) -> String {
    let secs = now.as_second() - then.as_second();
    let m = match secs {
        s if s < 60 => msg!("server-ago-now"),
        s if s < 3600 => msg!("server-ago-minutes", n = Arg::Int(s / 60)),
        s if s < 2 * 86_400 => msg!("server-ago-hours", n = Arg::Int(s / 3600)),
        s => msg!("server-ago-days", n = Arg::Int(s / 86_400)),
    };
    i18n::say(LANG, &m)
}

/// A whole error page.
pub fn error_page(status: StatusCode, message: &str) -> String {
    use askama::Template;
    crate::pages::ErrorPage {
        t: crate::pages::Words::new(),
        title: status.canonical_reason().unwrap_or("error").to_string(),
        status: status.as_u16(),
        message: message.to_string(),
    }
    .render()
    .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{}</title>", status.as_u16()))
}

/// A sentence of the server in the pages' language: every sentence a client
/// reads (pages, JSON errors, plain-text answers) is rendered here from the
/// catalog.
pub(crate) fn say(m: &cratescope_model::Message) -> String {
    i18n::say(LANG, m)
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
    fn the_report_stylesheet_is_reused() {
        let css = stylesheet();
        assert!(css.starts_with(fragment::STYLESHEET), "{css}");
        assert!(css.contains("header.site"));
        // Words in tables never break mid-word ("Momentu m"): `anywhere` on
        // the body lets every table squeeze its columns below a word.
        let body = css
            .lines()
            .find(|l| l.starts_with("body{"))
            .expect("a body rule");
        assert!(body.contains("overflow-wrap:break-word"), "{body}");
        assert!(!body.contains("anywhere"), "{body}");
    }
}
