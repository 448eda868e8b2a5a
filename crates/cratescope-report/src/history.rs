//! History, update and trends as text: the table of stored evaluations with
//! sparklines, what an `update` changed (tier moves first), backfill lines
//! and the trends table. Functions of the model's history types; nothing
//! here reads the store or evaluates.

use std::collections::BTreeSet;

use cratescope_model::Dimension;
use cratescope_model::history::{BackfillRow, Change, HistoryEntry, UpdateSummary};
use cratescope_model::trend::CategoryTrend;

use crate::level;
use crate::md;
use crate::sanitize;
use crate::table::TermOptions;
use crate::term::{self, Align, Grid};

/// Sparkline glyphs, lowest to highest, over the fixed 1–5 score scale so
/// that sparklines of different crates compare.
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Score scale bounds.
const SCORE_MIN: f64 = 1.0;
const SCORE_MAX: f64 = 5.0;

/// A score with two decimals, `–` without one.
pub fn fmt_score(s: Option<f64>) -> String {
    s.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

/// What an `update` changed: tier moves first, then composite changes, first
/// evaluations and failures, and a closing count.
pub fn update_summary(u: &UpdateSummary) -> String {
    if u.nothing_tracked {
        return "no tracked crates: add some with `cratescope track <CRATE>...`\n".into();
    }
    let changes = &u.changes;
    let (already, resumed, failures) = (u.already_done, u.resumed, u.failures());
    let mut out = String::new();
    if resumed {
        out.push_str(&format!(
            "resumed an interrupted update: {already} crate(s) were already done\n"
        ));
    }
    let mut moved: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c, Change::Moved { .. }))
        .collect();
    moved.sort_by_key(|c| match c {
        Change::Moved { name, .. } => name.clone(),
        _ => String::new(),
    });
    if !moved.is_empty() {
        out.push_str("tier moves:\n");
        for c in moved {
            if let Change::Moved {
                name,
                from,
                to,
                before,
                after,
            } = c
            {
                let dir = if to.rank() < from.rank() {
                    "up"
                } else {
                    "down"
                };
                out.push_str(&format!(
                    "  {name}: {} {} → {} {} ({dir}; composite {} → {})\n",
                    from.icon(),
                    from.id(),
                    to.icon(),
                    to.id(),
                    fmt_score(*before),
                    fmt_score(*after)
                ));
            }
        }
    }
    let mut shifted: Vec<(&String, f64, f64)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Shifted {
                name,
                before,
                after,
            } => Some((name, *before, *after)),
            _ => None,
        })
        .collect();
    shifted.sort_by(|a, b| {
        (b.2 - b.1)
            .abs()
            .partial_cmp(&(a.2 - a.1).abs())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if !shifted.is_empty() {
        out.push_str("composite changes:\n");
        for (name, b, a) in shifted {
            out.push_str(&format!("  {name}: {b:.2} → {a:.2} ({:+.2})\n", a - b));
        }
    }
    let new: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::New {
                name,
                tier,
                composite,
            } => Some(format!(
                "  {name}: {} {} ({})\n",
                tier.icon(),
                tier.id(),
                fmt_score(*composite)
            )),
            _ => None,
        })
        .collect();
    if !new.is_empty() {
        out.push_str("first evaluations:\n");
        let mut new = new;
        new.sort();
        out.extend(new);
    }
    let same = changes
        .iter()
        .filter(|c| matches!(c, Change::Same { .. }))
        .count();
    let mut failed: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Failed { name, error } => Some(format!(
                "  {name}: {}\n",
                crate::text::say(crate::Lang::En, &error.message)
            )),
            _ => None,
        })
        .collect();
    if !failed.is_empty() {
        failed.sort();
        out.push_str("failed (retried by the next `update`):\n");
        out.extend(failed);
    }
    out.push_str(&format!(
        "updated {} crate(s): {} unchanged, {failures} failed\n",
        changes.len() - failures,
        same
    ));
    sanitize::block(&out).into_owned()
}

/// A sparkline over the fixed 1–5 scale; a gap where there is no score.
fn sparkline(values: &[Option<f64>]) -> String {
    values
        .iter()
        .map(|v| match v {
            Some(x) => {
                let t = ((x - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)).clamp(0.0, 1.0);
                let i = (t * (SPARKS.len() - 1) as f64).round() as usize;
                SPARKS.get(i).copied().unwrap_or('?')
            }
            None => ' ',
        })
        .collect()
}

/// The dimension ids of the entries, in card order.
fn dimension_ids(entries: &[HistoryEntry]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut v = Vec::new();
    for e in entries {
        for d in &e.dimensions {
            if seen.insert(d.id.clone()) {
                v.push(d.id.clone());
            }
        }
    }
    v
}

fn dim_cell(e: &HistoryEntry, id: &str) -> String {
    match e.dimensions.iter().find(|x| x.id == id) {
        Some(x) if x.not_reconstructible => "n/r".into(),
        Some(x) => level::score(x.score),
        None => level::MISSING.into(),
    }
}

fn code_of(id: &str) -> String {
    Dimension::ALL
        .iter()
        .find(|d| d.id() == id)
        .map(|d| d.code().to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The history of one crate for a terminal: a row per stored evaluation
/// (dimensions as D1…D8 with a legend, so it fits), then a sparkline per
/// dimension. Columns that do not fit `o.width` are dropped, least useful
/// first (the evaluation time, then the confidence); `--format json|csv`
/// keep everything.
pub fn history_table(name: &str, entries: &[HistoryEntry], o: &TermOptions) -> String {
    let width = o.cols();
    let dims = dimension_ids(entries);
    let name = sanitize::line(name);
    let mut out = format!("{name}: {} stored evaluation(s)\n\n", entries.len());
    let build = |with_time: bool, with_conf: bool| {
        let mut header: Vec<String> = ["id", "as of", "version", "tier", "comp"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if with_conf {
            header.push("conf".into());
        }
        header.extend(dims.iter().map(|d| code_of(d)));
        if with_time {
            header.push("evaluated".into());
        }
        let mut g = Grid::new(header)
            .align(0, Align::Right)
            .align(4, Align::Right);
        for e in entries {
            let mut row = vec![
                e.id.to_string(),
                e.as_of.to_string(),
                sanitize::line(&e.version).into_owned(),
                format!("{}{}", e.tier.icon(), if e.provisional { "*" } else { "" }),
                level::score(e.composite),
            ];
            if with_conf {
                row.push(level::percent(e.confidence));
            }
            row.extend(dims.iter().map(|d| dim_cell(e, d)));
            if with_time {
                row.push(if e.backfill {
                    "backfill".into()
                } else {
                    e.evaluated_at.strftime("%Y-%m-%d %H:%M").to_string()
                });
            }
            g.row(row);
        }
        g
    };
    let g = [(true, true), (false, true), (false, false)]
        .into_iter()
        .map(|(t, c)| build(t, c))
        .find(|g| g.natural_width() <= width)
        .unwrap_or_else(|| build(false, false));
    out.push_str(&g.render(width));
    let legend: Vec<String> = dims
        .iter()
        .map(|d| format!("{} {d}", code_of(d)))
        .chain(std::iter::once("* provisional".to_string()))
        .collect();
    out.push_str(&term::wrap(&legend.join(" · "), width).join("\n"));
    out.push('\n');
    out.push_str("\ntrend (1–5 scale, oldest → newest):\n");
    let label_width = dims
        .iter()
        .map(|d| d.len())
        .max()
        .unwrap_or(0)
        .max("composite".len());
    let comp: Vec<Option<f64>> = entries.iter().map(|e| e.composite).collect();
    out.push_str(&spark_line("composite", &comp, label_width));
    for d in &dims {
        let vals: Vec<Option<f64>> = entries
            .iter()
            .map(|e| {
                e.dimensions
                    .iter()
                    .find(|x| &x.id == d)
                    .and_then(|x| x.score)
            })
            .collect();
        out.push_str(&spark_line(d, &vals, label_width));
    }
    if entries.iter().any(|e| e.backfill) {
        out.push_str(
            "\nn/r: not reconstructible for that past day (the source reports only the present)\n",
        );
    }
    out
}

fn flat_rows(entries: &[HistoryEntry]) -> (Vec<String>, Vec<Vec<String>>) {
    let dims = dimension_ids(entries);
    let mut header: Vec<String> = [
        "id",
        "as_of",
        "version",
        "tier",
        "provisional",
        "composite",
        "confidence",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(dims.iter().cloned());
    header.push("evaluated_at".into());
    header.push("backfill".into());
    let rows = entries
        .iter()
        .map(|e| {
            let mut r = vec![
                e.id.to_string(),
                e.as_of.to_string(),
                sanitize::line(&e.version).into_owned(),
                e.tier.id().to_string(),
                e.provisional.to_string(),
                e.composite.map(|c| format!("{c:.2}")).unwrap_or_default(),
                format!("{:.2}", e.confidence),
            ];
            r.extend(
                dims.iter()
                    .map(|d| match e.dimensions.iter().find(|x| &x.id == d) {
                        Some(x) if x.not_reconstructible => "n/r".into(),
                        Some(x) => x.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
                        None => String::new(),
                    }),
            );
            r.push(e.evaluated_at.to_string());
            r.push(e.backfill.to_string());
            r
        })
        .collect();
    (header, rows)
}

/// CSV (RFC 4180): one row per stored evaluation, every dimension by id,
/// full precision scores (two decimals, as stored), empty for no score.
pub fn history_csv(entries: &[HistoryEntry]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let (header, rows) = flat_rows(entries);
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
        out.push_str(&r.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A Markdown table of the history.
pub fn history_markdown(name: &str, entries: &[HistoryEntry]) -> String {
    let (header, rows) = flat_rows(entries);
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
    let mut out = format!("### {}\n\n", md::cell(name));
    out.push_str(&line(&header));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}

fn spark_line(label: &str, vals: &[Option<f64>], width: usize) -> String {
    let first = vals.iter().flatten().next();
    let last = vals.iter().flatten().last();
    let delta = match (first, last) {
        (Some(f), Some(l)) => format!("{f:.2} → {l:.2} ({:+.2})", l - f),
        _ => "no score".into(),
    };
    format!("  {label:<width$}  {}  {delta}\n", sparkline(vals))
}

/// Per category: each crate's ring, composite, momentum, releases,
/// downloads gained and the reason (which wraps to the width).
pub fn trends_table(result: &[CategoryTrend], o: &TermOptions) -> String {
    let mut out = String::new();
    for cat in result {
        out.push_str(&format!(
            "## {} ({})\n",
            sanitize::line(&cat.name.en),
            sanitize::line(&cat.id)
        ));
        let mut g = Grid::new([
            "crate",
            "ring",
            "comp",
            "momentum",
            "releases",
            "downloads",
            "why",
        ])
        .align(2, Align::Right)
        .align(3, Align::Right)
        .align(4, Align::Right)
        .align(5, Align::Right);
        for c in &cat.crates {
            g.row([
                sanitize::line(&c.name).into_owned(),
                c.ring
                    .map(|r| r.id().to_string())
                    .unwrap_or_else(|| level::MISSING.into()),
                level::score(c.quarters.last().and_then(|q| q.composite)),
                c.momentum
                    .map(|m| format!("{m:+.2}"))
                    .unwrap_or_else(|| level::MISSING.into()),
                c.releases
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| level::MISSING.into()),
                c.downloads_gained
                    .map(|d| format!("+{}", level::count(d)))
                    .unwrap_or_else(|| level::MISSING.into()),
                crate::text::say(crate::Lang::En, &c.reason.message),
            ]);
        }
        out.push_str(&g.render(o.cols()));
        out.push('\n');
    }
    out
}

/// One line per crate and quarter of a backfill.
pub fn backfill_lines(rows: &[BackfillRow]) -> String {
    let mut out = String::new();
    for r in rows {
        match r {
            BackfillRow::Stored {
                name,
                quarter,
                as_of,
                version,
                tier,
                composite,
                inserted,
                unreconstructed,
            } => out.push_str(&format!(
                "{name} {quarter} ({as_of}): {version} {} {} composite {}{}{}\n",
                tier.icon(),
                tier.id(),
                fmt_score(*composite),
                if *inserted { "" } else { " (already stored)" },
                if unreconstructed.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; present-only signals not reconstructed in: {}",
                        unreconstructed.join(", ")
                    )
                }
            )),
            BackfillRow::Skipped {
                name,
                quarter,
                as_of,
                reason,
            } => out.push_str(&format!(
                "{name} {quarter} ({as_of}): skipped: {}\n",
                crate::text::say(crate::Lang::En, &reason.message)
            )),
        }
    }
    sanitize::block(&out).into_owned()
}
