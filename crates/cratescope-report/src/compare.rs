//! `cratescope compare`: several crates side by side. One column per crate
//! when they fit the width; otherwise transposed, one row per crate with the
//! dimensions as short columns (D1…D8) and a legend. `–` is explained in a
//! footnote whenever it appears.

use cratescope_model::Dimension;

use crate::Evaluation;
use crate::i18n::{self, Lang, Word, word};
use crate::level;
use crate::md;
use crate::style::{Palette, Role};
use crate::table::TermOptions;
use crate::term::{Align, Grid};

fn dim_cell(e: &Evaluation, id: &str) -> String {
    match e.dimension(id) {
        Some(d) => format!("{} {}", level::meter(d), level::score(d.score)),
        None => level::MISSING.into(),
    }
}

fn tier_cell(e: &Evaluation, lang: Lang) -> String {
    let mut t = i18n::tier(lang, e.tier);
    if e.provisional {
        t.push('*');
    }
    t
}

fn scenario_ids(evals: &[Evaluation]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for e in evals {
        for s in &e.scenarios {
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
            }
        }
    }
    ids
}

fn stars_of(e: &Evaluation, id: &str) -> String {
    e.scenarios
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.stars.to_string() + "★")
        .unwrap_or_else(|| level::MISSING.into())
}

/// Crates as columns: dimensions, composite, tier and scenarios as rows.
fn wide(evals: &[Evaluation], lang: Lang) -> Grid {
    let mut header = vec![word(lang, Word::Dimension).to_string()];
    header.extend(evals.iter().map(|e| format!("{} {}", e.name, e.version)));
    let mut g = Grid::new(header);
    for dim in Dimension::ALL {
        let mut r = vec![i18n::dimension(lang, dim.id()).to_string()];
        r.extend(evals.iter().map(|e| dim_cell(e, dim.id())));
        g.row(r);
    }
    let mut r = vec![word(lang, Word::Composite).to_string()];
    r.extend(evals.iter().map(|e| {
        format!(
            "{} ({})",
            level::score(e.composite),
            level::percent(e.confidence)
        )
    }));
    g.row(r);
    let mut r = vec![word(lang, Word::Tier).to_string()];
    r.extend(evals.iter().map(|e| tier_cell(e, lang)));
    g.row(r);
    for id in scenario_ids(evals) {
        let mut r = vec![i18n::scenario(lang, &id)];
        r.extend(evals.iter().map(|e| stars_of(e, &id)));
        g.row(r);
    }
    g
}

/// Crates as rows.
fn tall(evals: &[Evaluation], lang: Lang) -> Grid {
    let mut header = vec![word(lang, Word::Crate).to_string()];
    header.extend(Dimension::ALL.iter().map(|d| d.code().to_string()));
    header.push(word(lang, Word::Composite).to_string());
    header.push(word(lang, Word::Tier).to_string());
    let mut g = Grid::new(header);
    for i in 1..=Dimension::ALL.len() + 1 {
        g = g.align(i, Align::Right);
    }
    for e in evals {
        let mut r = vec![format!("{} {}", e.name, e.version)];
        r.extend(Dimension::ALL.iter().map(|d| level::score(e.score(d.id()))));
        r.push(level::score(e.composite));
        r.push(tier_cell(e, lang));
        g.row(r);
    }
    g
}

fn legend(lang: Lang) -> String {
    Dimension::ALL
        .iter()
        .map(|d| format!("{} {}", d.code(), i18n::dimension(lang, d.id())))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A terminal table that fits `o.width`.
pub fn table(evals: &[Evaluation], lang: Lang, o: &TermOptions) -> String {
    let w = o.cols();
    let p = &o.palette;
    let wide = wide(evals, lang);
    let mut out;
    if wide.natural_width() <= w {
        out = wide.render(w);
    } else {
        let tall = tall(evals, lang);
        out = tall.render_with(w, &|r, col, t| {
            let Some(e) = evals.get(r) else {
                return t.to_string();
            };
            if col == Dimension::ALL.len() + 2 {
                p.paint(Palette::tier_role(e.tier), t)
            } else {
                t.to_string()
            }
        });
        out.push('\n');
        out.push_str(&crate::term::wrap(&legend(lang), w).join("\n"));
        out.push('\n');
        // Scenario stars, one wrapped line per crate (a grid of long
        // scenario names would not fit either).
        let ids = scenario_ids(evals);
        if !ids.is_empty() {
            out.push('\n');
            for e in evals {
                let stars: Vec<String> = ids
                    .iter()
                    .map(|id| format!("{} {}", i18n::scenario(lang, id), stars_of(e, id)))
                    .collect();
                out.push_str(&crate::term::wrap_prefixed(
                    &format!("{}: ", e.name),
                    &stars.join(" · "),
                    w,
                ));
            }
        }
    }
    let mut notes = Vec::new();
    if out.contains(level::MISSING) {
        notes.push(word(lang, Word::DashMeans).to_string());
    }
    if evals.iter().any(|e| e.provisional) {
        notes.push(format!("* {}", word(lang, Word::Provisional)));
    }
    for n in notes {
        for l in crate::term::wrap(&n, w) {
            out.push_str(&p.paint(Role::Muted, &l));
            out.push('\n');
        }
    }
    crate::sanitize::block(&out).into_owned()
}

/// The dimensions of several crates, for the HTML comparison: one column
/// per crate in the order given, one row per dimension, each cell the
/// level meter (the card's notation, never a tier icon) and the score.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// "Dimension".
    pub dimension: String,
    /// Crate names (sanitised), in column order.
    pub crates: Vec<String>,
    /// (label, level id per crate, cell per crate).
    pub rows: Vec<CompareRow>,
    /// What `–` means, when one is shown.
    pub note: Option<String>,
}

/// One dimension across the crates.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// The dimension's label.
    pub label: String,
    /// Per crate: (level id for the colour, meter, score).
    pub cells: Vec<(&'static str, &'static str, String)>,
}

/// The view of a comparison, crates in the order given.
pub fn view(evals: &[&Evaluation], lang: Lang) -> CompareView {
    let rows: Vec<CompareRow> = Dimension::ALL
        .iter()
        .map(|dim| CompareRow {
            label: i18n::dimension(lang, dim.id()),
            cells: evals
                .iter()
                .map(|e| match e.dimension(dim.id()) {
                    Some(d) => (
                        level::Level::of(d).map_or("none", level::Level::id),
                        level::meter(d),
                        level::score(d.score),
                    ),
                    None => ("none", "", level::MISSING.to_string()),
                })
                .collect(),
        })
        .collect();
    let missing = rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.2 == level::MISSING));
    CompareView {
        dimension: word(lang, Word::Dimension),
        crates: evals
            .iter()
            .map(|e| crate::sanitize::line(&e.name).into_owned())
            .collect(),
        rows,
        note: missing.then(|| word(lang, Word::DashMeans)),
    }
}

/// A Markdown table (crates as columns; Markdown wraps in the reader).
pub fn markdown(evals: &[Evaluation], lang: Lang) -> String {
    let mut header = vec![word(lang, Word::Dimension).to_string()];
    header.extend(evals.iter().map(|e| format!("{} {}", e.name, e.version)));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for dim in Dimension::ALL {
        let mut r = vec![i18n::dimension(lang, dim.id()).to_string()];
        r.extend(evals.iter().map(|e| dim_cell(e, dim.id())));
        rows.push(r);
    }
    let mut r = vec![word(lang, Word::Composite).to_string()];
    r.extend(evals.iter().map(|e| level::score(e.composite)));
    rows.push(r);
    let mut r = vec![word(lang, Word::Tier).to_string()];
    r.extend(evals.iter().map(|e| tier_cell(e, lang)));
    rows.push(r);
    for id in scenario_ids(evals) {
        let mut r = vec![i18n::scenario(lang, &id)];
        r.extend(evals.iter().map(|e| stars_of(e, &id)));
        rows.push(r);
    }
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md::cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    let mut o = line(&header);
    o.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in &rows {
        o.push_str(&line(r));
    }
    o.push('\n');
    o.push_str(&md::text(&word(lang, Word::DashMeans)));
    o.push('\n');
    o
}
