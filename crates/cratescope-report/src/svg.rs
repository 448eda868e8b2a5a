//! Geometry of the SVG pictures; their markup is a template each
//! (auto-escaped): the radar chart of the eight dimensions
//! (`templates/radar.html`), a crate's history chart
//! (`templates/history.svg`) and the badge (`templates/badge.svg`).
//!
//! Output is deterministic (fixed decimals), so snapshots are stable. Scores
//! are on the model's 1.0–5.0 scale. A dimension without a score is never
//! drawn at the centre (that would read as a score of 0): its axis is drawn
//! dashed and labelled `–`, and the measured area joins only the axes that
//! have a score. With fewer than three scored axes there is no area, only
//! the points.

use cratescope_model::history::HistoryEntry;
use cratescope_model::message::Arg;
use cratescope_model::msg;

use crate::card::DimRow;
use crate::i18n::{self, Lang};

/// Radius of the radar's outer ring, in SVG units.
const RADAR_RADIUS: f64 = 80.0;
/// Room around the outer ring for the axis labels.
const RADAR_MARGIN: f64 = 26.0;
/// Highest score on the model's scale.
const MAX_SCORE: f64 = 5.0;

/// One axis, positioned.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarAxis {
    /// End of the axis line.
    pub x: String,
    /// End of the axis line.
    pub y: String,
    /// Label position.
    pub lx: String,
    /// Label position.
    pub ly: String,
    /// "D1".
    pub code: String,
    /// Full label (tooltip).
    pub label: String,
    /// Score or `–`.
    pub score: String,
    /// No score: dashed axis, no point.
    pub missing: bool,
    /// The score's point, when scored.
    pub point: Option<(String, String)>,
}

/// A radar chart's geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// Width and height.
    pub size: String,
    /// Centre.
    pub c: String,
    /// Ring polygons (points attribute), innermost first.
    pub rings: Vec<String>,
    /// Axes.
    pub axes: Vec<RadarAxis>,
    /// The area over the scored axes (points attribute), when ≥ 3.
    pub area: Option<String>,
}

fn point(i: usize, n: usize, r: f64, c: f64) -> (f64, f64) {
    // Start at twelve o'clock and go clockwise.
    let angle = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / (n as f64);
    (c + r * angle.cos(), c + r * angle.sin())
}

/// One decimal (below a pixel); -0.0 normalised so output is stable.
fn fmt(x: f64) -> String {
    let v = (x * 10.0).round() / 10.0;
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v:.1}")
    }
}

fn pair((x, y): (f64, f64)) -> (String, String) {
    (fmt(x), fmt(y))
}

/// The radar of a card's dimension rows.
pub fn radar(dims: &[DimRow]) -> Radar {
    let n = dims.len().max(1);
    let c = RADAR_RADIUS + RADAR_MARGIN;
    let rings = (1..=(MAX_SCORE as usize))
        .map(|ring| {
            let r = RADAR_RADIUS * ring as f64 / MAX_SCORE;
            (0..n)
                .map(|i| {
                    let (x, y) = pair(point(i, n, r, c));
                    format!("{x},{y}")
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let axes: Vec<RadarAxis> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (x, y) = pair(point(i, n, RADAR_RADIUS, c));
            let (lx, ly) = pair(point(i, n, RADAR_RADIUS + RADAR_MARGIN / 2.0, c));
            let p = d.value.filter(|v| v.is_finite()).map(|v| {
                pair(point(
                    i,
                    n,
                    RADAR_RADIUS * v.clamp(0.0, MAX_SCORE) / MAX_SCORE,
                    c,
                ))
            });
            RadarAxis {
                x,
                y,
                lx,
                ly,
                code: d.code.clone(),
                label: d.label.clone(),
                score: d.score.clone(),
                missing: p.is_none(),
                point: p,
            }
        })
        .collect();
    let pts: Vec<String> = axes
        .iter()
        .filter_map(|a| a.point.as_ref().map(|(x, y)| format!("{x},{y}")))
        .collect();
    Radar {
        size: fmt(2.0 * c),
        c: fmt(c),
        rings,
        area: (pts.len() >= 3).then(|| pts.join(" ")),
        axes,
    }
}

/// Size of the history chart and its margins, in SVG units.
const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 200.0;
const CHART_LEFT: f64 = 36.0;
const CHART_RIGHT: f64 = 12.0;
const CHART_TOP: f64 = 12.0;
const CHART_BOTTOM: f64 = 28.0;
/// The model's scale.
const MIN_SCORE: f64 = 1.0;

/// A horizontal grid line with its score label.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLine {
    /// Height.
    pub y: String,
    /// Height of its label.
    pub label_y: String,
    /// The score it marks.
    pub score: u8,
}

/// One scored evaluation on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    /// Position.
    pub x: String,
    /// Position.
    pub y: String,
    /// Its tooltip: day, version, composite and tier.
    pub title: String,
}

/// A crate's history chart: the composite (1–5) of each stored evaluation
/// against its day. An evaluation without a composite is a gap in the
/// line, never a point at 0 or at the bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryChart {
    /// Width.
    pub width: String,
    /// Height.
    pub height: String,
    /// What it shows (title and accessible name).
    pub title: String,
    /// Grid lines 1–5.
    pub lines: Vec<ChartLine>,
    /// Left end of the plot.
    pub left: String,
    /// Right end of the plot.
    pub right: String,
    /// Left end of the grid labels.
    pub label_x: String,
    /// Height of the dates.
    pub date_y: String,
    /// First day.
    pub first: String,
    /// Last day.
    pub last: String,
    /// Runs of consecutive scored evaluations (points attributes); a
    /// missing composite ends a run.
    pub runs: Vec<String>,
    /// The scored evaluations.
    pub points: Vec<ChartPoint>,
}

/// The history chart's geometry, or None without a scored evaluation.
pub fn history(name: &str, entries: &[HistoryEntry], lang: Lang) -> Option<HistoryChart> {
    let epoch = jiff::civil::date(1970, 1, 1);
    let days: Vec<i64> = entries
        .iter()
        .map(|e| e.as_of.since(epoch).ok().map(|s| i64::from(s.get_days())))
        .collect::<Option<Vec<i64>>>()?;
    if !entries.iter().any(|e| e.composite.is_some()) {
        return None;
    }
    let (lo, hi) = (*days.iter().min()?, *days.iter().max()?);
    let span = (hi - lo).max(1) as f64;
    let plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT;
    let plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM;
    let x = |d: i64| {
        if hi == lo {
            CHART_LEFT + plot_w / 2.0
        } else {
            CHART_LEFT + plot_w * (d - lo) as f64 / span
        }
    };
    let y = |s: f64| {
        CHART_TOP + plot_h * (MAX_SCORE - s.clamp(MIN_SCORE, MAX_SCORE)) / (MAX_SCORE - MIN_SCORE)
    };
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut points = Vec::new();
    for (e, d) in entries.iter().zip(&days) {
        match e.composite {
            Some(c) => {
                run.push(format!("{},{}", fmt(x(*d)), fmt(y(c))));
                points.push(ChartPoint {
                    x: fmt(x(*d)),
                    y: fmt(y(c)),
                    title: i18n::say(
                        lang,
                        &msg!(
                            "chart-point",
                            date = Arg::Date(e.as_of),
                            version = Arg::version(&e.version),
                            composite = Arg::Number(c),
                            tier = Arg::Tier(e.tier)
                        ),
                    ),
                });
            }
            None => {
                if run.len() > 1 {
                    runs.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        runs.push(run.join(" "));
    }
    Some(HistoryChart {
        width: fmt(CHART_WIDTH),
        height: fmt(CHART_HEIGHT),
        title: i18n::say(lang, &msg!("chart-history-title", name = Arg::krate(name))),
        lines: (1..=MAX_SCORE as u8)
            .map(|s| ChartLine {
                y: fmt(y(f64::from(s))),
                label_y: fmt(y(f64::from(s)) + 3.0),
                score: s,
            })
            .collect(),
        left: fmt(CHART_LEFT),
        right: fmt(CHART_WIDTH - CHART_RIGHT),
        label_x: fmt(CHART_LEFT - 6.0),
        date_y: fmt(CHART_HEIGHT - 8.0),
        first: entries
            .first()
            .map(|e| e.as_of.to_string())
            .unwrap_or_default(),
        last: entries
            .last()
            .map(|e| e.as_of.to_string())
            .unwrap_or_default(),
        runs,
        points,
    })
}

/// Widths of a badge's halves and where their texts sit.
#[derive(Debug, Clone, PartialEq)]
pub struct BadgeGeometry {
    /// Whole width.
    pub width: String,
    /// Left half's width.
    pub label_width: String,
    /// Right half's width.
    pub message_width: String,
    /// Centre of the left text.
    pub label_x: String,
    /// Centre of the right text.
    pub message_x: String,
}

/// Approximate width of text in the badge font (Verdana 11px), as
/// shields-like badges size each half to its text.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'l' | '.' | ',' | ':' | '|' | '\'' | ' ' => 3.6,
            'm' | 'w' | 'M' | 'W' => 10.0,
            c if c.is_ascii() => 6.9,
            // Emoji and CJK.
            _ => 13.0,
        })
        .sum()
}

/// The geometry of a `label | message` badge.
pub fn badge_geometry(label: &str, message: &str) -> BadgeGeometry {
    // Room around each text.
    const PAD: f64 = 10.0;
    let lw = (text_width(label) + PAD).round();
    let mw = (text_width(message) + PAD).round();
    BadgeGeometry {
        width: fmt(lw + mw),
        label_width: fmt(lw),
        message_width: fmt(mw),
        label_x: fmt(lw / 2.0),
        message_x: fmt(lw + mw / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(scores: &[Option<f64>]) -> Vec<DimRow> {
        scores
            .iter()
            .enumerate()
            .map(|(i, s)| DimRow {
                id: format!("d{i}"),
                code: format!("D{}", i + 1),
                label: format!("<dim {i}>"),
                meter: "",
                level: "none",
                score: crate::level::score(*s),
                value: *s,
                confidence: String::new(),
                evidence: String::new(),
            })
            .collect()
    }

    #[test]
    fn a_full_score_is_on_the_outer_ring_and_a_missing_one_is_not_drawn() {
        let r = radar(&dims(&[
            Some(5.0),
            Some(1.0),
            None,
            Some(3.0),
            Some(2.0),
            Some(4.0),
            Some(4.5),
            Some(2.5),
        ]));
        assert_eq!(
            r,
            radar(&dims(&[
                Some(5.0),
                Some(1.0),
                None,
                Some(3.0),
                Some(2.0),
                Some(4.0),
                Some(4.5),
                Some(2.5)
            ]))
        );
        let area = r.area.clone().unwrap_or_default();
        let c = RADAR_RADIUS + RADAR_MARGIN;
        // D1 = 5.0 at twelve o'clock.
        assert!(
            area.starts_with(&format!("{},{}", fmt(c), fmt(RADAR_MARGIN))),
            "{area}"
        );
        // Seven scored axes in the area, none at the centre.
        assert_eq!(area.split(' ').count(), 7);
        assert!(!area.contains(&format!("{0},{0}", fmt(c))), "{area}");
        assert!(r.axes[2].missing && r.axes[2].point.is_none());
    }

    #[test]
    fn fewer_than_three_scores_draw_no_area() {
        let r = radar(&dims(&[Some(3.0), None, Some(4.0), None]));
        assert!(r.area.is_none());
        assert_eq!(r.axes.iter().filter(|a| a.point.is_some()).count(), 2);
    }
}
