//! Hand-written inline SVG for the HTML report: a radar chart of the eight
//! dimension scores and horizontal dimension bars.
//!
//! Output is deterministic (fixed decimals, no randomness, no ids that depend
//! on memory), so snapshots are stable. Scores are on the model's 1.0–5.0
//! scale; a dimension without a score is drawn at the centre and labelled
//! "–" rather than guessed. Styling beyond colours is left to the page's CSS.

use super::html::escape;

/// Radius of the radar's outer ring, in SVG units.
const RADAR_RADIUS: f64 = 80.0;
/// Room around the outer ring for the axis labels.
const RADAR_MARGIN: f64 = 30.0;
/// Highest score on the model's scale.
const MAX_SCORE: f64 = 5.0;
/// Width of the bar area for a score of 5.
const BAR_WIDTH: f64 = 200.0;
/// Height of one bar row.
const BAR_ROW: f64 = 20.0;
/// Width reserved for the bar labels.
const BAR_LABEL: f64 = 170.0;

/// One axis of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Short label drawn on the chart (e.g. "D1").
    pub short: String,
    /// Full label (tooltip, bar label).
    pub label: String,
    /// Score 1.0–5.0, or none without evidence.
    pub score: Option<f64>,
    /// The model's icon for the score (⭐ ✅ 🟡 🔴), used for the colour.
    pub icon: Option<String>,
}

/// Colour of a score by its icon: the same four bands as the cards.
pub fn colour(icon: Option<&str>) -> &'static str {
    match icon {
        Some("⭐") => "#1a7f37",
        Some("✅") => "#2da44e",
        Some("🟡") => "#bf8700",
        Some("🔴") => "#cf222e",
        _ => "#8c959f",
    }
}

fn point(i: usize, n: usize, r: f64, c: f64) -> (f64, f64) {
    // Start at twelve o'clock and go clockwise.
    let angle = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / (n as f64);
    (c + r * angle.cos(), c + r * angle.sin())
}

fn fmt(x: f64) -> String {
    // One decimal is below a pixel; normalise -0.0 so output is stable.
    let v = (x * 10.0).round() / 10.0;
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v:.1}")
    }
}

/// A radar chart of the axes; `title` is the accessible name.
pub fn radar(title: &str, axes: &[Axis]) -> String {
    let n = axes.len();
    let c = RADAR_RADIUS + RADAR_MARGIN;
    let size = 2.0 * c;
    let mut o = format!(
        "<svg class=\"radar\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {s} {s}\" width=\"{s}\" height=\"{s}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        s = fmt(size),
        t = escape(title)
    );
    if n < 3 {
        // A polygon needs three axes; say so instead of drawing nonsense.
        o.push_str(&format!(
            "<text x=\"{0}\" y=\"{0}\" text-anchor=\"middle\">–</text></svg>",
            fmt(c)
        ));
        return o;
    }
    for ring in 1..=(MAX_SCORE as usize) {
        let r = RADAR_RADIUS * ring as f64 / MAX_SCORE;
        let pts: Vec<String> = (0..n)
            .map(|i| point(i, n, r, c))
            .map(|(x, y)| format!("{},{}", fmt(x), fmt(y)))
            .collect();
        o.push_str(&format!(
            "<polygon class=\"ring\" points=\"{}\" fill=\"none\" stroke=\"#d0d7de\"/>",
            pts.join(" ")
        ));
    }
    for (i, a) in axes.iter().enumerate() {
        let (x, y) = point(i, n, RADAR_RADIUS, c);
        o.push_str(&format!(
            "<line x1=\"{0}\" y1=\"{0}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#d0d7de\"/>",
            fmt(c),
            fmt(x),
            fmt(y)
        ));
        let (lx, ly) = point(i, n, RADAR_RADIUS + RADAR_MARGIN / 2.0, c);
        let score = a
            .score
            .map(|s| format!("{s:.1}"))
            .unwrap_or_else(|| "–".into());
        o.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"middle\" font-size=\"10\"><title>{}: {}</title>{}</text>",
            fmt(lx),
            fmt(ly),
            escape(&a.label),
            score,
            escape(&a.short)
        ));
    }
    let pts: Vec<String> = axes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let r = a
                .score
                .map_or(0.0, |s| RADAR_RADIUS * s.clamp(0.0, MAX_SCORE) / MAX_SCORE);
            let (x, y) = point(i, n, r, c);
            format!("{},{}", fmt(x), fmt(y))
        })
        .collect();
    o.push_str(&format!(
        "<polygon class=\"area\" points=\"{}\" fill=\"#0969da\" fill-opacity=\"0.25\" stroke=\"#0969da\" stroke-width=\"2\"/>",
        pts.join(" ")
    ));
    o.push_str("</svg>");
    o
}

/// Horizontal bars, one per axis, labelled with the full label and score.
pub fn bars(title: &str, axes: &[Axis]) -> String {
    let height = BAR_ROW * axes.len() as f64;
    let width = BAR_LABEL + BAR_WIDTH + 40.0;
    let mut o = format!(
        "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        w = fmt(width),
        h = fmt(height),
        t = escape(title)
    );
    for (i, a) in axes.iter().enumerate() {
        let y = BAR_ROW * i as f64;
        let len = a
            .score
            .map_or(0.0, |s| BAR_WIDTH * s.clamp(0.0, MAX_SCORE) / MAX_SCORE);
        let score = a
            .score
            .map(|s| format!("{s:.1}"))
            .unwrap_or_else(|| "–".into());
        o.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\" dominant-baseline=\"middle\">{}</text>",
            fmt(y + BAR_ROW / 2.0),
            escape(&a.label)
        ));
        o.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eaeef2\"/>",
            fmt(BAR_LABEL),
            fmt(y + 4.0),
            fmt(BAR_WIDTH),
            fmt(BAR_ROW - 8.0)
        ));
        o.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            fmt(BAR_LABEL),
            fmt(y + 4.0),
            fmt(len),
            fmt(BAR_ROW - 8.0),
            colour(a.icon.as_deref())
        ));
        o.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" dominant-baseline=\"middle\">{}</text>",
            fmt(BAR_LABEL + BAR_WIDTH + 6.0),
            fmt(y + BAR_ROW / 2.0),
            score
        ));
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes(scores: &[Option<f64>]) -> Vec<Axis> {
        scores
            .iter()
            .enumerate()
            .map(|(i, s)| Axis {
                short: format!("D{}", i + 1),
                label: format!("<dim {i}>"),
                score: *s,
                icon: None,
            })
            .collect()
    }

    #[test]
    fn radar_is_deterministic_and_puts_a_full_score_on_the_outer_ring() {
        let a = axes(&[
            Some(5.0),
            Some(1.0),
            None,
            Some(3.0),
            Some(2.0),
            Some(4.0),
            Some(4.5),
            Some(2.5),
        ]);
        let one = radar("t", &a);
        assert_eq!(one, radar("t", &a));
        // D1 = 5.0 at twelve o'clock: x = centre, y = margin.
        let c = RADAR_RADIUS + RADAR_MARGIN;
        let top = format!("{},{}", fmt(c), fmt(RADAR_MARGIN));
        let area = one.split("class=\"area\" points=\"").nth(1).unwrap_or("");
        assert!(area.starts_with(&top), "{area}");
        // A missing score sits at the centre.
        assert!(area.contains(&format!("{0},{0}", fmt(c))), "{area}");
        assert!(!one.contains("<dim"), "labels must be escaped");
        assert!(one.contains("&lt;dim 0&gt;"));
    }

    #[test]
    fn radar_with_too_few_axes_draws_no_polygon() {
        let s = radar("t", &axes(&[Some(3.0), Some(4.0)]));
        assert!(!s.contains("polygon"));
    }

    #[test]
    fn bar_length_is_proportional_to_the_score() {
        let s = bars("t", &axes(&[Some(2.5)]));
        assert!(
            s.contains(&format!("width=\"{}\"", fmt(BAR_WIDTH / 2.0))),
            "{s}"
        );
    }
}
