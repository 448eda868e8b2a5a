//! Geometry of the radar chart of the eight dimensions; the markup is the
//! `templates/radar.html` template (auto-escaped).
//!
//! Output is deterministic (fixed decimals), so snapshots are stable. Scores
//! are on the model's 1.0–5.0 scale. A dimension without a score is never
//! drawn at the centre (that would read as a score of 0): its axis is drawn
//! dashed and labelled `–`, and the measured area joins only the axes that
//! have a score. With fewer than three scored axes there is no area, only
//! the points.

use crate::card::DimRow;

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
