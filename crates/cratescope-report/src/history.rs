//! History, update and trends as text: the table of stored evaluations with
//! sparklines, what an `update` changed (tier moves first), backfill lines
//! and the trends table. Functions of the model's history types; nothing
//! here reads the store or evaluates.

use std::collections::BTreeSet;

use cratescope_model::history::{BackfillRow, Change, HistoryEntry, UpdateSummary};
use cratescope_model::message::{Arg, Message};
use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Dimension, Tier, msg};

use crate::i18n::{self, Lang};
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

/// A composite as an argument: two decimals at most, `–` without one.
fn composite(c: Option<f64>) -> Arg {
    match c {
        Some(v) => Arg::Number(v),
        None => msg!("history-no-composite").into(),
    }
}

/// A tier with its icon, as an argument.
fn tier(t: Tier) -> Arg {
    msg!(
        "report-tier",
        icon = Arg::code(t.icon()),
        tier = Arg::Tier(t)
    )
    .into()
}

/// What an `update` changed: tier moves first, then composite changes, first
/// evaluations and failures, and a closing count.
pub fn update_summary(lang: Lang, u: &UpdateSummary) -> String {
    let say = |m: Message| i18n::say(lang, &m);
    if u.nothing_tracked {
        return format!(
            "{}\n",
            say(msg!(
                "history-nothing-tracked",
                command = Arg::code("cratescope track <CRATE>...")
            ))
        );
    }
    let changes = &u.changes;
    let (already, resumed, failures) = (u.already_done, u.resumed, u.failures());
    let mut out = String::new();
    let line = |out: &mut String, indent: bool, m: Message| {
        if indent {
            out.push_str("  ");
        }
        out.push_str(&say(m));
        out.push('\n');
    };
    if resumed {
        line(&mut out, false, msg!("history-resumed", n = already));
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
        line(&mut out, false, msg!("history-tier-moves"));
        for c in moved {
            if let Change::Moved {
                name,
                from,
                to,
                before,
                after,
            } = c
            {
                let args = |m: Message| {
                    m.arg("krate", Arg::krate(name.clone()))
                        .arg("from", tier(*from))
                        .arg("to", tier(*to))
                        .arg("before", composite(*before))
                        .arg("after", composite(*after))
                };
                let m = if to.rank() < from.rank() {
                    args(msg!("history-moved-up"))
                } else {
                    args(msg!("history-moved-down"))
                };
                line(&mut out, true, m);
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
        line(&mut out, false, msg!("history-composite-changes"));
        for (name, b, a) in shifted {
            line(
                &mut out,
                true,
                msg!(
                    "history-shifted",
                    krate = Arg::krate(name.clone()),
                    before = Arg::Number(b),
                    after = Arg::Number(a),
                    delta = Arg::Delta(a - b)
                ),
            );
        }
    }
    let mut new: Vec<(&String, Message)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::New {
                name,
                tier: t,
                composite: c,
            } => Some((
                name,
                msg!(
                    "history-new",
                    krate = Arg::krate(name.clone()),
                    tier = tier(*t),
                    composite = composite(*c)
                ),
            )),
            _ => None,
        })
        .collect();
    if !new.is_empty() {
        line(&mut out, false, msg!("history-first-evaluations"));
        new.sort_by(|a, b| a.0.cmp(b.0));
        for (_, m) in new {
            line(&mut out, true, m);
        }
    }
    let same = changes
        .iter()
        .filter(|c| matches!(c, Change::Same { .. }))
        .count();
    let mut failed: Vec<(&String, Message)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Failed { name, error } => Some((
                name,
                msg!(
                    "history-failed",
                    krate = Arg::krate(name.clone()),
                    why = error.message.clone()
                ),
            )),
            _ => None,
        })
        .collect();
    if !failed.is_empty() {
        failed.sort_by(|a, b| a.0.cmp(b.0));
        line(&mut out, false, msg!("history-failed-heading"));
        for (_, m) in failed {
            line(&mut out, true, m);
        }
    }
    line(
        &mut out,
        false,
        msg!(
            "history-updated",
            n = changes.len() - failures,
            same = same,
            failed = failures
        ),
    );
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

fn dim_cell(lang: Lang, e: &HistoryEntry, id: &str) -> String {
    match e.dimensions.iter().find(|x| x.id == id) {
        Some(x) if x.not_reconstructible => {
            i18n::say(lang, &msg!("history-not-reconstructible-cell"))
        }
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
pub fn history_table(lang: Lang, name: &str, entries: &[HistoryEntry], o: &TermOptions) -> String {
    let say = |m: Message| i18n::say(lang, &m);
    let width = o.cols();
    let dims = dimension_ids(entries);
    let mut out = say(msg!(
        "history-stored",
        krate = Arg::krate(name),
        n = entries.len()
    ));
    out.push_str("\n\n");
    let build = |with_time: bool, with_conf: bool| {
        let mut header: Vec<String> = vec![
            say(msg!("history-col-id")),
            say(msg!("history-col-as-of")),
            say(msg!("history-col-version")),
            say(msg!("history-col-tier")),
            say(msg!("history-col-composite")),
        ];
        if with_conf {
            header.push(say(msg!("history-col-confidence")));
        }
        header.extend(dims.iter().map(|d| code_of(d)));
        if with_time {
            header.push(say(msg!("history-col-evaluated")));
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
            row.extend(dims.iter().map(|d| dim_cell(lang, e, d)));
            if with_time {
                row.push(if e.backfill {
                    say(msg!("history-backfill"))
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
        .map(|d| {
            say(msg!(
                "history-legend-dimension",
                code = Arg::code(code_of(d)),
                dimension = Arg::dimension(d.clone())
            ))
        })
        .chain(std::iter::once(say(msg!("history-legend-provisional"))))
        .collect();
    out.push_str(&term::wrap(&legend.join(" · "), width).join("\n"));
    out.push('\n');
    out.push('\n');
    out.push_str(&say(msg!("history-trend-heading")));
    out.push('\n');
    let composite_label = say(msg!("history-trend-composite"));
    let labels: Vec<String> = dims.iter().map(|d| i18n::dimension(lang, d)).collect();
    let label_width = labels
        .iter()
        .map(|l| term::width(l))
        .max()
        .unwrap_or(0)
        .max(term::width(&composite_label));
    let comp: Vec<Option<f64>> = entries.iter().map(|e| e.composite).collect();
    out.push_str(&spark_line(lang, &composite_label, &comp, label_width));
    for (d, label) in dims.iter().zip(&labels) {
        let vals: Vec<Option<f64>> = entries
            .iter()
            .map(|e| {
                e.dimensions
                    .iter()
                    .find(|x| &x.id == d)
                    .and_then(|x| x.score)
            })
            .collect();
        out.push_str(&spark_line(lang, label, &vals, label_width));
    }
    if entries.iter().any(|e| e.backfill) {
        out.push('\n');
        out.push_str(&say(msg!("history-not-reconstructible")));
        out.push('\n');
    }
    sanitize::block(&out).into_owned()
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

fn spark_line(lang: Lang, label: &str, vals: &[Option<f64>], width: usize) -> String {
    let first = vals.iter().flatten().next();
    let last = vals.iter().flatten().last();
    let delta = match (first, last) {
        (Some(f), Some(l)) => msg!(
            "history-trend-delta",
            first = Arg::Number(*f),
            last = Arg::Number(*l),
            delta = Arg::Delta(l - f)
        ),
        _ => msg!("history-trend-no-score"),
    };
    format!(
        "  {}  {}  {}\n",
        term::pad(label, width),
        sparkline(vals),
        i18n::say(lang, &delta)
    )
}

/// Per category: each crate's ring, composite, momentum, releases,
/// downloads gained and the reason (which wraps to the width).
pub fn trends_table(lang: Lang, result: &[CategoryTrend], o: &TermOptions) -> String {
    let say = |m: Message| i18n::say(lang, &m);
    let mut out = String::new();
    for cat in result {
        out.push_str(&format!(
            "## {} ({})\n",
            sanitize::line(cat.name.get(lang)),
            sanitize::line(&cat.id)
        ));
        let mut g = Grid::new([
            say(msg!("trends-col-crate")),
            say(msg!("trends-col-ring")),
            say(msg!("trends-col-composite")),
            say(msg!("trends-col-momentum")),
            say(msg!("trends-col-releases")),
            say(msg!("trends-col-downloads")),
            say(msg!("trends-col-why")),
        ])
        .align(2, Align::Right)
        .align(3, Align::Right)
        .align(4, Align::Right)
        .align(5, Align::Right);
        for c in &cat.crates {
            g.row([
                sanitize::line(&c.name).into_owned(),
                c.ring
                    .map(|r| crate::document::ring_label(lang, r))
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
                say(c.reason.message.clone()),
            ]);
        }
        out.push_str(&g.render(o.cols()));
        out.push('\n');
    }
    out
}

/// One line per crate and quarter of a backfill.
pub fn backfill_lines(lang: Lang, rows: &[BackfillRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let m = match r {
            BackfillRow::Stored {
                name,
                quarter,
                as_of,
                version,
                tier: t,
                composite: c,
                inserted,
                unreconstructed,
            } => {
                let mut m = msg!(
                    "backfill-stored",
                    krate = Arg::krate(name.clone()),
                    quarter = Arg::code(quarter.clone()),
                    date = *as_of,
                    version = Arg::version(version),
                    tier = tier(*t),
                    composite = composite(*c)
                );
                if !*inserted {
                    m = msg!("backfill-already-stored", line = m);
                }
                if !unreconstructed.is_empty() {
                    m = msg!(
                        "backfill-unreconstructed",
                        line = m,
                        dimensions =
                            Arg::List(unreconstructed.iter().map(Arg::dimension).collect())
                    );
                }
                m
            }
            BackfillRow::Skipped {
                name,
                quarter,
                as_of,
                reason,
            } => msg!(
                "backfill-skipped",
                krate = Arg::krate(name.clone()),
                quarter = Arg::code(quarter.clone()),
                date = *as_of,
                why = reason.message.clone()
            ),
        };
        out.push_str(&i18n::say(lang, &m));
        out.push('\n');
    }
    sanitize::block(&out).into_owned()
}
