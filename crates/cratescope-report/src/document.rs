//! The maturity matrix document (`cratescope report`) as the renderers see
//! it: a [`DocView`] computed from the engine's [`Document`] and the
//! [`Model`] (for the method section: weights, tier rules and level bands
//! are read from the model, never written here). Markdown and HTML are two
//! askama templates over the same view (`templates/document.md`,
//! `templates/document.html`), and each crate's card is the one card
//! template `eval` uses too.
//!
//! What the view computes, rather than the engine: cards sorted by
//! composite, a top pick per category and per scenario, the scenario ×
//! crate star grid with one "choose X for Y, avoid Z for W" line per
//! category, the trend table with the last quarters' composites, and the
//! per-source summary. Nothing here scores: every number comes from the
//! evaluations. Dates come from `as_of`, never the wall clock.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

pub use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::trend::{CategoryTrend, Ring};
use cratescope_model::{Dimension, SourceId, SourceState};
use cratescope_score::Model;

use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

use crate::card::{self, Card};
use crate::i18n::{self, DocWord, Lang, Word};
use crate::level::{self, Level};
use crate::sanitize;
use crate::text;
use crate::{Evaluation, Tier};

/// How long until the next scheduled update: the original matrix was
/// refreshed quarterly.
const UPDATE_INTERVAL_MONTHS: i64 = 3;

/// Quarters shown in the trend table.
const TREND_QUARTERS: usize = 4;

/// How one data source answered across the whole catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// Which source.
    pub id: SourceId,
    /// Crates for which it was read fresh.
    pub ok: usize,
    /// Crates served from an old copy.
    pub stale: usize,
    /// Crates for which it could not be read.
    pub unavailable: usize,
    /// Oldest fetch time among the crates.
    pub oldest: Option<Timestamp>,
    /// Newest fetch time among the crates.
    pub newest: Option<Timestamp>,
    /// Distinct reasons given when it was unavailable or stale.
    pub reasons: Vec<cratescope_model::Message>,
}

/// The next scheduled update: one quarter after `as_of`.
pub fn next_update(d: &Document) -> Date {
    d.as_of
        .checked_add(UPDATE_INTERVAL_MONTHS.months())
        .unwrap_or(d.as_of)
}

/// How each source answered across the evaluated crates, in source order.
pub fn source_summaries(d: &Document) -> Vec<SourceSummary> {
    let mut map: BTreeMap<SourceId, SourceSummary> = BTreeMap::new();
    for e in d.evaluations() {
        for s in &e.sources {
            let x = map.entry(s.id).or_insert_with(|| SourceSummary {
                id: s.id,
                ok: 0,
                stale: 0,
                unavailable: 0,
                oldest: None,
                newest: None,
                reasons: Vec::new(),
            });
            match s.status {
                SourceState::Ok => x.ok += 1,
                SourceState::Stale => x.stale += 1,
                SourceState::Unavailable => x.unavailable += 1,
            }
            if let Some(t) = s.fetched_at {
                x.oldest = Some(x.oldest.map_or(t, |o| o.min(t)));
                x.newest = Some(x.newest.map_or(t, |n| n.max(t)));
            }
            if s.status != SourceState::Ok
                && let Some(r) = s.reason.get()
                && !x.reasons.contains(r)
            {
                x.reasons.push(r.clone());
            }
        }
    }
    map.into_values().collect()
}

/// A fetch time as shown in the document (minutes are enough for freshness).
pub fn when(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Labels of the document, in its language.
#[derive(Debug, Clone, PartialEq)]
pub struct DocLabels {
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Model version.
    pub model_version: String,
    /// Crates evaluated.
    pub crates_evaluated: String,
    /// Data sources.
    pub data_sources: String,
    /// Next update.
    pub next_update: String,
    /// Contents.
    pub contents: String,
    /// Decision matrix.
    pub decision_matrix: String,
    /// Trends.
    pub trends: String,
    /// Method.
    pub method: String,
    /// Crate.
    pub krate: String,
    /// Scenario.
    pub scenario: String,
    /// Composite.
    pub composite: String,
    /// Tier.
    pub tier: String,
    /// Not evaluated.
    pub not_evaluated: String,
    /// Ring.
    pub ring: String,
    /// Last quarters.
    pub quarters: String,
    /// Momentum.
    pub momentum: String,
    /// Why.
    pub note: String,
    /// Weight.
    pub weight: String,
    /// Rule.
    pub rule: String,
    /// Dimension levels.
    pub levels: String,
    /// Tiers.
    pub tiers: String,
    /// Dimensions.
    pub dimensions: String,
    /// Unavailable data.
    pub unavailable: String,
    /// Status.
    pub status: String,
    /// Source.
    pub source: String,
    /// Dimension.
    pub dimension: String,
    /// Top pick per scenario.
    pub scenario_picks: String,
    /// Symbols line.
    pub symbols: String,
}

impl DocLabels {
    /// The labels in a language.
    pub fn new(lang: Lang) -> DocLabels {
        use i18n::DocWord as D;
        let d = |x| i18n::doc_word(lang, x);
        let w = |x| i18n::word(lang, x);
        DocLabels {
            title: d(D::Title),
            date: d(D::Date),
            model_version: d(D::ModelVersion),
            crates_evaluated: d(D::CratesEvaluated),
            data_sources: d(D::DataSources),
            next_update: d(D::NextUpdate),
            contents: d(D::Contents),
            decision_matrix: d(D::DecisionMatrix),
            trends: d(D::Trends),
            method: d(D::Method),
            krate: w(i18n::Word::Crate),
            scenario: w(i18n::Word::Scenario),
            composite: w(i18n::Word::Composite),
            tier: w(i18n::Word::Tier),
            not_evaluated: d(D::NotEvaluated),
            ring: d(D::Ring),
            quarters: d(D::Quarters),
            momentum: d(D::Momentum),
            note: w(i18n::Word::Note),
            weight: d(D::Weight),
            rule: d(D::Rule),
            levels: d(D::Levels),
            tiers: d(D::Tiers),
            dimensions: d(D::Dimensions),
            unavailable: d(D::Unavailable),
            status: w(i18n::Word::Status),
            source: d(D::Source),
            dimension: w(i18n::Word::Dimension),
            scenario_picks: d(D::ScenarioPicks),
            symbols: d(D::Symbols),
        }
    }
}

/// One row of the header's source table.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    /// Source label.
    pub name: String,
    /// Counts and freshness.
    pub line: String,
    /// Why it was not read, when it was not.
    pub reasons: String,
}

/// A crate that could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    /// Crate name.
    pub name: String,
    /// Anchor.
    pub anchor: String,
    /// Why.
    pub reason: String,
}

/// One cell of the decision grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// Stars as ⭐ repeated, `–` without a result, "n/a" when the crate is
    /// not for the scenario.
    pub stars: String,
    /// Number of stars (0 when not evaluated or not applicable).
    pub n: u8,
    /// A top pick of the scenario (every crate with the most stars: ties
    /// are ties).
    pub top: bool,
}

/// One scenario row of the decision grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// Scenario label.
    pub scenario: String,
    /// One cell per crate, in the grid's crate order.
    pub cells: Vec<GridCell>,
}

/// The top pick of one scenario: every crate with its most stars.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioPick {
    /// Scenario label.
    pub scenario: String,
    /// The crates, as one choice ("kube or spin-sdk").
    pub name: String,
    /// Stars.
    pub stars: String,
}

/// One category of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    /// Anchor.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// "5 crates".
    pub count: String,
    /// The best composite, named.
    pub top_pick: Option<String>,
    /// The best crate per scenario.
    pub picks: Vec<ScenarioPick>,
    /// "Choose X for Y; avoid Z for W."
    pub verdict: String,
    /// Cards, best composite first.
    pub cards: Vec<Card>,
    /// Crates that could not be evaluated.
    pub failed: Vec<Failed>,
    /// Grid columns: crate names (evaluated, best first).
    pub grid_crates: Vec<String>,
    /// Grid column anchors.
    pub grid_anchors: Vec<String>,
    /// Composite per grid column.
    pub grid_composites: Vec<String>,
    /// Tier per grid column.
    pub grid_tiers: Vec<String>,
    /// Scenario rows.
    pub grid: Vec<GridRow>,
    /// Footnotes of the grid (what `–` and "n/a" mean), when they appear.
    pub notes: Vec<String>,
}

/// A quarter in the trend table.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterCell {
    /// "2026Q3".
    pub quarter: String,
    /// Composite.
    pub score: String,
    /// ↑ ↓ → from the previous quarter shown, or empty for the first.
    pub arrow: &'static str,
}

/// One row of a category's trend table.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRowView {
    /// Crate.
    pub name: String,
    /// Ring label.
    pub ring: String,
    /// Last quarters, oldest first.
    pub quarters: Vec<QuarterCell>,
    /// Momentum per quarter.
    pub momentum: String,
    /// Why.
    pub note: String,
}

/// One category's trends.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendView {
    /// Category name.
    pub name: String,
    /// Rows (empty when there is no history).
    pub rows: Vec<TrendRowView>,
    /// What to do when there is no (or little) history.
    pub message: Option<String>,
}

/// The method section.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodView {
    /// Intro paragraph.
    pub intro: String,
    /// (code, label, weight).
    pub dims: Vec<(String, String, String)>,
    /// (tier label, rule).
    pub tiers: Vec<(String, String)>,
    /// (meter, level id, rule) from the model's bands.
    pub levels: Vec<(String, String, String)>,
}

/// The document in words.
#[derive(Debug, Clone, PartialEq)]
pub struct DocView {
    /// Language code.
    pub lang: &'static str,
    /// The language.
    pub language: Lang,
    /// Labels.
    pub w: DocLabels,
    /// As of.
    pub as_of: String,
    /// Next update.
    pub next_update: String,
    /// Model version.
    pub model_version: String,
    /// "ok / total".
    pub counts: String,
    /// Source table.
    pub sources: Vec<SourceLine>,
    /// Categories.
    pub sections: Vec<SectionView>,
    /// Trends per category.
    pub trends: Vec<TrendView>,
    /// Method.
    pub method: MethodView,
    /// Unavailable data lines.
    pub unavailable: Vec<String>,
    /// Crates not evaluated, each once.
    pub failures: Vec<String>,
}

fn sort_key(e: &Evaluation) -> (bool, f64, u8) {
    (
        e.composite.is_none(),
        -e.composite.unwrap_or(f64::NEG_INFINITY / 2.0),
        e.tier.rank(),
    )
}

/// The order of every table of crates: best composite first (a crate
/// without one last), then the better tier, then the name.
pub fn by_composite(a: &Evaluation, b: &Evaluation) -> std::cmp::Ordering {
    sort_key(a)
        .partial_cmp(&sort_key(b))
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.name.cmp(&b.name))
}

/// (stars, profile score) of a crate in a scenario.
fn scenario_rank(e: &Evaluation, id: &str) -> Option<(u8, f64)> {
    e.scenarios
        .iter()
        .find(|s| s.id == id)
        .map(|s| (s.stars, s.score.unwrap_or(0.0)))
}

/// The view of one category: its cards (best composite first), the
/// decision grid with its top picks and verdict. A scenario the catalog
/// says a crate is not for is "n/a" and never its pick; crates with the
/// same stars are picked together.
pub fn section_view(s: &CategorySection, lang: Lang) -> SectionView {
    let mut evals: Vec<&Evaluation> = s.crates.iter().filter_map(|c| c.evaluation()).collect();
    evals.sort_by(|a, b| by_composite(a, b));
    let cards: Vec<Card> = evals.iter().map(|e| card::card(e, Some(s), lang)).collect();
    let failed = s
        .crates
        .iter()
        .filter_map(|c| match &c.result {
            EntryResult::Failed { reason } => Some(Failed {
                name: sanitize::line(&c.name).into_owned(),
                anchor: card::anchor(Some(&s.category.id), &c.name),
                reason: text::say(lang, &reason.message),
            }),
            EntryResult::Evaluated { .. } => None,
        })
        .collect();
    let scenario_ids: Vec<String> = if s.category.scenarios.is_empty() {
        evals
            .first()
            .map(|e| e.scenarios.iter().map(|x| x.id.clone()).collect())
            .unwrap_or_default()
    } else {
        s.category.scenarios.iter().map(|x| x.id.clone()).collect()
    };
    let stars_in = |e: &Evaluation, id: &str| -> Option<u8> {
        s.category
            .applies(&e.name, id)
            .then(|| scenario_rank(e, id).map(|r| r.0))
            .flatten()
    };
    let mut grid = Vec::new();
    let mut picks = Vec::new();
    let mut missing = false;
    let mut not_applicable = false;
    for id in &scenario_ids {
        let best = evals.iter().filter_map(|e| stars_in(e, id)).max();
        let name = card::scenario_name(Some(s), id, lang);
        if let Some(best) = best {
            let tied: Vec<String> = evals
                .iter()
                .filter(|e| stars_in(e, id) == Some(best))
                .map(|e| e.name.clone())
                .collect();
            picks.push(ScenarioPick {
                scenario: name.clone(),
                name: i18n::alternatives(lang, &tied),
                stars: i18n::stars(best),
            });
        }
        grid.push(GridRow {
            scenario: name,
            cells: evals
                .iter()
                .map(|e| {
                    if !s.category.applies(&e.name, id) {
                        not_applicable = true;
                        return GridCell {
                            stars: i18n::word(lang, Word::NotApplicable),
                            n: 0,
                            top: false,
                        };
                    }
                    match scenario_rank(e, id) {
                        Some((n, _)) => GridCell {
                            stars: i18n::stars(n),
                            n,
                            top: best == Some(n),
                        },
                        None => {
                            missing = true;
                            GridCell {
                                stars: level::MISSING.into(),
                                n: 0,
                                top: false,
                            }
                        }
                    }
                })
                .collect(),
        });
    }
    let mut notes = Vec::new();
    if missing || evals.iter().any(|e| e.composite.is_none()) {
        notes.push(i18n::word(lang, Word::DashMeans));
    }
    if not_applicable {
        notes.push(i18n::word(lang, Word::NotApplicableMeans));
    }
    SectionView {
        anchor: category_anchor(&s.category.id),
        name: sanitize::line(s.category.name.get(lang)).into_owned(),
        count: i18n::say(lang, &msg!("report-crates", n = s.crates.len())),
        top_pick: top_pick(&evals, lang),
        verdict: verdict(s, &evals, &scenario_ids, lang),
        picks,
        grid_crates: evals
            .iter()
            .map(|e| sanitize::line(&e.name).into_owned())
            .collect(),
        grid_anchors: evals
            .iter()
            .map(|e| card::anchor(Some(&s.category.id), &e.name))
            .collect(),
        grid_composites: evals.iter().map(|e| level::score(e.composite)).collect(),
        grid_tiers: evals.iter().map(|e| tier_short(e, lang)).collect(),
        grid,
        notes,
        cards,
        failed,
    }
}

/// The best composite as shown (one decimal) and its tier; every crate
/// that shows the same is named with it.
fn top_pick(evals: &[&Evaluation], lang: Lang) -> Option<String> {
    let first = evals.first().filter(|e| e.composite.is_some())?;
    let shown = |e: &Evaluation| (level::score(e.composite), e.tier);
    let tied: Vec<String> = evals
        .iter()
        .filter(|e| shown(e) == shown(first))
        .map(|e| e.name.clone())
        .collect();
    Some(i18n::say(
        lang,
        &msg!(
            "report-top-pick",
            name = Arg::text(i18n::alternatives(lang, &tied)),
            composite = Arg::code(level::score(first.composite)),
            tier = Arg::text(i18n::tier(lang, first.tier))
        ),
    ))
}

/// The category's one-line verdict, from the stars of the scenarios each
/// crate is for: the most stars of any scenario (the first scenario where
/// they are reached, every crate that reaches them there), and the fewest
/// when that is ⭐⭐ or less, among the other crates (an avoid gate counts
/// as one star).
fn verdict(s: &CategorySection, evals: &[&Evaluation], ids: &[String], lang: Lang) -> String {
    let stars = |e: &Evaluation, id: &str| -> Option<u8> {
        s.category
            .applies(&e.name, id)
            .then(|| scenario_rank(e, id).map(|r| r.0))
            .flatten()
    };
    let pairs: Vec<(u8, &Evaluation, &str)> = ids
        .iter()
        .flat_map(|id| {
            evals
                .iter()
                .filter_map(move |e| stars(e, id).map(|n| (n, *e, id.as_str())))
        })
        .collect();
    let Some(best) = pairs.iter().map(|p| p.0).max() else {
        return i18n::say(lang, &msg!("report-none-scored"));
    };
    if best <= 2 {
        return i18n::say(lang, &msg!("report-all-weak"));
    }
    let names = |n: u8, id: &str, among: &dyn Fn(&Evaluation) -> bool| -> Vec<String> {
        pairs
            .iter()
            .filter(|p| p.0 == n && p.2 == id && among(p.1))
            .map(|p| p.1.name.clone())
            .collect()
    };
    let best_id = pairs.iter().find(|p| p.0 == best).map_or("", |p| p.2);
    let chosen = names(best, best_id, &|_| true);
    let scenario = |id: &str| Arg::text(card::scenario_name(Some(s), id, lang));
    let choose = Arg::text(i18n::alternatives(lang, &chosen));
    // A category of one crate names that crate's weakest scenario.
    let others = |e: &Evaluation| evals.len() == 1 || !chosen.contains(&e.name);
    // When only the chosen crates score that low somewhere, they are named:
    // "no crate scores ⭐⭐ or less" must be true when it is said.
    let any = |_: &Evaluation| true;
    let among: &dyn Fn(&Evaluation) -> bool = if pairs.iter().any(|p| p.0 <= 2 && others(p.1)) {
        &others
    } else {
        &any
    };
    let worst = pairs
        .iter()
        .filter(|p| p.0 <= 2 && among(p.1))
        .map(|p| p.0)
        .min();
    match worst {
        Some(w) => {
            let worst_id = pairs
                .iter()
                .find(|p| p.0 == w && among(p.1))
                .map_or("", |p| p.2);
            let avoided = names(w, worst_id, among);
            i18n::say(
                lang,
                &msg!(
                    "report-choose-avoid",
                    choose = choose,
                    choose_for = scenario(best_id),
                    avoid = Arg::text(i18n::alternatives(lang, &avoided)),
                    avoid_for = scenario(worst_id)
                ),
            )
        }
        None => i18n::say(
            lang,
            &msg!(
                "report-choose-only",
                choose = choose,
                choose_for = scenario(best_id)
            ),
        ),
    }
}

/// The tier for a table cell: icon, label and a provisional mark.
pub fn tier_short(e: &Evaluation, lang: Lang) -> String {
    let mut s = i18n::tier(lang, e.tier);
    if e.provisional {
        s.push('*');
    }
    s
}

/// Anchor id of a category.
pub fn category_anchor(id: &str) -> String {
    format!("cat-{}", card::slug(id))
}

fn ring_label(lang: Lang, r: Ring) -> String {
    i18n::say(
        lang,
        &match r {
            Ring::Adopt => msg!("ring-adopt"),
            Ring::Trial => msg!("ring-trial"),
            Ring::Assess => msg!("ring-assess"),
            Ring::Hold => msg!("ring-hold"),
        },
    )
}

/// The trend table of one category (its last quarters, ring and
/// momentum), or what is missing for one.
pub fn trend_view(name: String, t: Option<&CategoryTrend>, lang: Lang) -> TrendView {
    let Some(t) = t.filter(|t| t.crates.iter().any(|c| c.ring.is_some())) else {
        return TrendView {
            name,
            rows: Vec::new(),
            message: Some(i18n::say(lang, &msg!("report-no-history"))),
        };
    };
    let rows: Vec<TrendRowView> = t
        .crates
        .iter()
        .filter_map(|c| {
            let ring = c.ring?;
            let shown: Vec<_> = c
                .quarters
                .iter()
                .skip(c.quarters.len().saturating_sub(TREND_QUARTERS))
                .collect();
            let mut prev: Option<String> = None;
            let quarters = shown
                .iter()
                .map(|q| {
                    let score = level::score(q.composite);
                    // Arrows compare the numbers as shown (one rounding rule):
                    // equal-looking numbers never get an arrow that says otherwise.
                    let arrow = match (&prev, q.composite) {
                        (Some(p), Some(_)) if *p != level::MISSING => {
                            let a: f64 = p.parse().unwrap_or(0.0);
                            let b: f64 = score.parse().unwrap_or(0.0);
                            if b > a {
                                "↑"
                            } else if b < a {
                                "↓"
                            } else {
                                "→"
                            }
                        }
                        _ => "",
                    };
                    prev = Some(score.clone());
                    QuarterCell {
                        quarter: q.quarter.clone(),
                        score,
                        arrow,
                    }
                })
                .collect();
            Some(TrendRowView {
                name: sanitize::line(&c.name).into_owned(),
                ring: ring_label(lang, ring),
                quarters,
                momentum: c
                    .momentum
                    .map(|m| i18n::say(lang, &msg!("report-momentum", delta = Arg::Delta(m))))
                    .unwrap_or_else(|| level::MISSING.into()),
                note: text::say(lang, &c.reason.message),
            })
        })
        .collect();
    let single = rows.iter().all(|r| r.quarters.len() <= 1);
    TrendView {
        name,
        rows,
        message: single.then(|| i18n::say(lang, &msg!("report-one-quarter"))),
    }
}

/// Tier rules as one line each, with the model's thresholds as written.
pub fn tier_rules(model: &Model, lang: Lang) -> Vec<(Tier, String)> {
    let t = &model.tiers;
    let v = |x: f64| Arg::code(level::threshold(x));
    let say = |m: Message| i18n::say(lang, &m);
    let list = |parts: Vec<Message>| say(msg!("report-label", label = Arg::messages(parts)));
    let mut rows = Vec::new();
    for (tier, rule) in [
        (Tier::IndustryStandard, &t.industry_standard),
        (Tier::ProductionReady, &t.production_ready),
        (Tier::Mature, &t.mature),
        (Tier::Early, &t.early),
    ] {
        let mut cond = vec![msg!("rule-composite", v = v(rule.composite))];
        if let Some(x) = rule.confidence {
            cond.push(msg!("rule-confidence", v = v(x)));
        }
        for (dim, x) in [
            (Dimension::Usage, rule.usage),
            (Dimension::Stability, rule.stability),
            (Dimension::Maintenance, rule.maintenance),
        ] {
            if let Some(x) = x {
                cond.push(msg!(
                    "rule-dimension-at-least",
                    dimension = Arg::dimension(dim.id()),
                    v = v(x)
                ));
            }
        }
        rows.push((tier, list(cond)));
    }
    let life = &model.lifecycle;
    rows.push((
        Tier::Dormant,
        list(vec![
            msg!(
                "rule-first-release",
                days = Arg::Days(life.young_days as i64)
            ),
            msg!(
                "rule-dimension-at-least",
                dimension = Arg::dimension(Dimension::Stability.id()),
                v = v(life.unstable_below)
            ),
            msg!(
                "rule-dimension-below",
                dimension = Arg::dimension(Dimension::Maintenance.id()),
                v = v(life.quiet_below)
            ),
            msg!("rule-not-finished"),
        ]),
    ));
    rows.push((Tier::Experimental, say(msg!("rule-below"))));
    rows.push((Tier::Avoid, say(msg!("rule-avoid"))));
    rows
}

fn method(model: &Model, lang: Lang) -> MethodView {
    let ic = &model.icons;
    let band = |lo: Option<f64>, hi: Option<f64>| match (lo, hi) {
        (Some(lo), None) => format!("≥ {}", level::threshold(lo)),
        (Some(lo), Some(hi)) => format!("{} – {}", level::threshold(lo), level::threshold(hi)),
        (None, Some(hi)) => format!("< {}", level::threshold(hi)),
        (None, None) => String::new(),
    };
    let levels = vec![
        (Level::High, band(Some(ic.star), None)),
        (Level::Good, band(Some(ic.check), Some(ic.star))),
        (Level::Fair, band(Some(ic.warn), Some(ic.check))),
        (Level::Low, band(None, Some(ic.warn))),
    ]
    .into_iter()
    .map(|(l, r)| (l.meter().to_string(), l.id().to_string(), r))
    .collect();
    MethodView {
        intro: i18n::doc_word(lang, DocWord::MethodIntro),
        dims: Dimension::ALL
            .iter()
            .map(|d| {
                (
                    d.code().to_string(),
                    i18n::dimension(lang, d.id()),
                    level::threshold(model.composite.weights.get(d).copied().unwrap_or(0.0)),
                )
            })
            .collect(),
        tiers: tier_rules(model, lang)
            .into_iter()
            .map(|(t, r)| (i18n::tier(lang, t), r))
            .collect(),
        levels,
    }
}

/// Build the view of a document.
pub fn view(d: &Document, model: &Model, lang: Lang) -> DocView {
    let (ok, total) = d.counts();
    let summaries = source_summaries(d);
    let sources = summaries
        .iter()
        .map(|s| {
            let counts = msg!(
                "report-source-counts",
                ok = s.ok,
                stale = s.stale,
                unavailable = s.unavailable
            );
            let line = match (s.oldest, s.newest) {
                (Some(o), Some(n)) => {
                    let fetched = if when(o) == when(n) {
                        msg!("report-fetched", from = Arg::code(when(o)))
                    } else {
                        msg!(
                            "report-fetched-range",
                            from = Arg::code(when(o)),
                            to = Arg::code(when(n))
                        )
                    };
                    i18n::say(
                        lang,
                        &msg!("report-source-line", counts = counts, fetched = fetched),
                    )
                }
                _ => i18n::say(lang, &counts),
            };
            SourceLine {
                name: i18n::source(lang, s.id),
                line,
                reasons: s
                    .reasons
                    .iter()
                    .map(|r| text::say(lang, r))
                    .collect::<Vec<_>>()
                    .join(if lang == Lang::Zh { "；" } else { "; " }),
            }
        })
        .collect::<Vec<_>>();
    let unavailable = sources
        .iter()
        .filter(|s| !s.reasons.is_empty())
        .map(|s| {
            i18n::say(
                lang,
                &msg!(
                    "report-unavailable-source",
                    source = Arg::text(s.name.clone()),
                    counts = Arg::text(s.line.clone()),
                    reasons = Arg::text(s.reasons.clone())
                ),
            )
        })
        .collect();
    let failures = d
        .failures()
        .into_iter()
        .map(|(n, r)| {
            i18n::say(
                lang,
                &msg!(
                    "report-failure",
                    name = Arg::krate(n),
                    reason = Arg::Message(Box::new(r.clone()))
                ),
            )
        })
        .collect();
    DocView {
        lang: match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        },
        language: lang,
        w: DocLabels::new(lang),
        as_of: d.as_of.to_string(),
        next_update: next_update(d).to_string(),
        model_version: sanitize::line(&model.version).into_owned(),
        counts: i18n::say(
            lang,
            &msg!("report-evaluated-count", ok = ok, total = total),
        ),
        sources,
        sections: d.sections.iter().map(|s| section_view(s, lang)).collect(),
        trends: d
            .sections
            .iter()
            .map(|s| {
                trend_view(
                    sanitize::line(s.category.name.get(lang)).into_owned(),
                    d.trends
                        .as_ref()
                        .and_then(|t| t.iter().find(|c| c.id == s.category.id)),
                    lang,
                )
            })
            .collect(),
        method: method(model, lang),
        unavailable,
        failures,
    }
}

impl DocView {
    /// Its labels (the fragments' `w`).
    pub fn labels(&self) -> &DocLabels {
        &self.w
    }

    /// Its language.
    pub fn language(&self) -> Lang {
        self.language
    }
}

/// Render the document as Markdown.
pub fn markdown(doc: &Document, model: &Model, lang: Lang) -> String {
    crate::templates::document_markdown(&view(doc, model, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_update_is_a_quarter_later() {
        let doc = Document {
            as_of: jiff::civil::date(2026, 11, 25),
            sections: Vec::new(),
            trends: None,
        };
        assert_eq!(next_update(&doc), jiff::civil::date(2027, 2, 25));
        let text = markdown(&doc, &Model::embedded(), Lang::En);
        assert!(text.contains("2027-02-25"), "{text}");
    }

    #[test]
    fn anchors_are_ascii_slugs() {
        assert_eq!(category_anchor("ai/ml x"), "cat-ai-ml-x");
        assert_eq!(card::anchor(Some("db"), "Sea_ORM"), "crate-db-sea_orm");
    }

    #[test]
    fn method_thresholds_are_the_models() {
        let m = Model::embedded();
        let v = method(&m, Lang::En);
        let high = &v.levels[0].2;
        assert_eq!(high, &format!("≥ {}", m.icons.star));
        assert!(
            v.tiers[0]
                .1
                .contains(&format!("{}", m.tiers.industry_standard.composite))
        );
    }
}
