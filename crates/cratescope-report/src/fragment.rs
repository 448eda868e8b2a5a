//! The pieces every page is made of, each one askama template: a crate's
//! card, a category's summary, decision matrix and trend table, the
//! history chart (SVG), the badge (SVG) and the stylesheet. The `report`
//! document and `eval --format html` are made of them, and so are the
//! server's pages: nobody cuts a rendered page apart, nobody writes markup
//! with `format!`, and every string from outside is escaped by the
//! template that prints it (after [`crate::sanitize`] in the views).
//!
//! Each function returns finished markup, safe to embed as it is (askama's
//! `|safe`) in another template.

use askama::Template;
use cratescope_model::history::HistoryEntry;
use cratescope_model::message::Arg;
use cratescope_model::{Evaluation, Tier, msg};

use crate::card::Card;
use crate::document::{DocLabels, SectionView, TrendView};
use crate::i18n::{self, Lang};
#[allow(unused_imports)] // used by the Markdown templates
use crate::md;
use crate::svg;

/// The one stylesheet: inlined by the standalone pages, served by the
/// server.
pub const STYLESHEET: &str = include_str!("../templates/style.css");

/// A rendering failure is a defect of a template (our data cannot make one
/// fail); it is shown where the fragment would be, never a panic.
fn done(r: askama::Result<String>) -> String {
    r.unwrap_or_else(|e| format!("template error: {e}\n"))
}

#[derive(Template)]
#[template(path = "card.html")]
struct CardHtml<'a> {
    c: &'a Card,
}

/// A crate's card (`<article>`).
pub fn card_html(c: &Card) -> String {
    done(CardHtml { c }.render())
}

#[derive(Template)]
#[template(path = "card.md")]
struct CardMd<'a> {
    c: &'a Card,
}

/// A crate's card as a Markdown section.
pub fn card_md(c: &Card) -> String {
    done(CardMd { c }.render())
}

#[derive(Template)]
#[template(path = "section-summary.html")]
struct SummaryHtml<'a> {
    s: &'a SectionView,
    w: &'a DocLabels,
}

/// A category's top pick, verdict and top pick per scenario.
pub fn section_summary_html(s: &SectionView, w: &DocLabels) -> String {
    done(SummaryHtml { s, w }.render())
}

#[derive(Template)]
#[template(path = "matrix.html")]
struct MatrixHtml<'a> {
    s: &'a SectionView,
    w: &'a DocLabels,
    crate_href: Option<&'a str>,
}

/// A category's decision matrix (scenario × crate stars, composite, tier)
/// and its verdict. The crate names link to their cards on the same page,
/// or, with `crate_href`, to `crate_href` followed by the name.
pub fn matrix_html(s: &SectionView, w: &DocLabels, crate_href: Option<&str>) -> String {
    done(MatrixHtml { s, w, crate_href }.render())
}

#[derive(Template)]
#[template(path = "matrix.md")]
struct MatrixMd<'a> {
    s: &'a SectionView,
    w: &'a DocLabels,
}

/// A category's decision matrix as a Markdown table.
pub fn matrix_md(s: &SectionView, w: &DocLabels) -> String {
    done(MatrixMd { s, w }.render())
}

#[derive(Template)]
#[template(path = "trend-table.html")]
struct TrendsHtml<'a> {
    t: &'a TrendView,
    w: &'a DocLabels,
}

/// A category's trend table, or what is missing for one.
pub fn trend_table_html(t: &TrendView, w: &DocLabels) -> String {
    done(TrendsHtml { t, w }.render())
}

#[derive(Template)]
#[template(path = "trend-table.md")]
struct TrendsMd<'a> {
    t: &'a TrendView,
    w: &'a DocLabels,
}

/// A category's trend table as Markdown.
pub fn trend_table_md(t: &TrendView, w: &DocLabels) -> String {
    done(TrendsMd { t, w }.render())
}

#[derive(Template)]
#[template(path = "compare.html")]
struct CompareHtml<'a> {
    v: &'a crate::compare::CompareView,
    crate_href: Option<&'a str>,
}

/// The dimensions of several crates side by side (level meter and score),
/// in the order given; crate names link to `crate_href` + name when given.
pub fn compare_html(v: &crate::compare::CompareView, crate_href: Option<&str>) -> String {
    done(CompareHtml { v, crate_href }.render())
}

#[derive(Template)]
#[template(path = "history.svg")]
struct HistorySvg<'a> {
    c: &'a svg::HistoryChart,
}

/// A crate's stored history as an SVG line chart of its composite, or None
/// without a scored evaluation.
pub fn history_svg(name: &str, entries: &[HistoryEntry], lang: Lang) -> Option<String> {
    let c = svg::history(name, entries, lang)?;
    Some(done(HistorySvg { c: &c }.render()))
}

/// A badge: what it says and its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    /// The left half ("maturity").
    pub label: String,
    /// The right half ("4.6 ✅ production ready").
    pub message: String,
    /// The right half's colour (`#rrggbb`).
    pub colour: String,
    /// Widths and positions, from the text.
    pub geometry: svg::BadgeGeometry,
}

#[derive(Template)]
#[template(path = "badge.svg")]
struct BadgeSvg<'a> {
    b: &'a Badge,
}

/// A tier's badge colour: greens for the tiers a team can rely on, amber
/// for early and dormant, red for experimental and avoid (grey is kept for
/// "not evaluated").
pub fn tier_colour(t: Tier) -> &'static str {
    match t {
        Tier::IndustryStandard => "#1a7f37",
        Tier::ProductionReady => "#2da44e",
        Tier::Mature => "#4c9a2a",
        Tier::Early | Tier::Dormant => "#bf8700",
        Tier::Experimental => "#d1242f",
        Tier::Avoid => "#a40e26",
    }
}

/// Grey: no evaluation stored.
const NOT_EVALUATED: &str = "#8c959f";

impl Badge {
    /// A badge of any text.
    pub fn new(label: &str, message: &str, colour: &str) -> Badge {
        let label = crate::sanitize::line(label).into_owned();
        let message = crate::sanitize::line(message).into_owned();
        Badge {
            geometry: svg::badge_geometry(&label, &message),
            label,
            message,
            colour: colour.to_string(),
        }
    }

    /// The maturity badge of a crate's latest card: composite and tier,
    /// and "provisional" when the tier is; "not evaluated" without a card.
    pub fn of(e: Option<&Evaluation>, lang: Lang) -> Badge {
        let label = i18n::say(lang, &msg!("badge-label"));
        match e {
            None => Badge::new(
                &label,
                &i18n::say(lang, &msg!("badge-not-evaluated")),
                NOT_EVALUATED,
            ),
            Some(e) => {
                let score = Arg::code(crate::level::score(e.composite));
                let tier = Arg::code(i18n::tier(lang, e.tier).to_lowercase());
                let m = if e.provisional {
                    msg!("badge-value-provisional", score = score, tier = tier)
                } else {
                    msg!("badge-value", score = score, tier = tier)
                };
                Badge::new(&label, &i18n::say(lang, &m), tier_colour(e.tier))
            }
        }
    }

    /// The badge as a standalone SVG document.
    pub fn svg(&self) -> String {
        done(BadgeSvg { b: self }.render())
    }
}
