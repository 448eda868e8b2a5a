//! A crate's history as an SVG line chart: the composite (1–5) of each
//! stored evaluation against its as_of day. An evaluation without a
//! composite is a gap in the line, never a point at 0 or at the bottom.
//! Deterministic output (fixed decimals), styled by attributes only (the
//! page's Content-Security-Policy forbids inline styles).

use cratescope_model::history::HistoryEntry;
use cratescope_report::html::escape;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// The model's scale.
const MIN_SCORE: f64 = 1.0;
const MAX_SCORE: f64 = 5.0;

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// The chart, or None with fewer than one scored evaluation.
pub fn history(name: &str, entries: &[HistoryEntry]) -> Option<String> {
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
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |d: i64| {
        if hi == lo {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * (d - lo) as f64 / span
        }
    };
    let y = |s: f64| {
        TOP + plot_h * (MAX_SCORE - s.clamp(MIN_SCORE, MAX_SCORE)) / (MAX_SCORE - MIN_SCORE)
    };
    let title = format!("{name}: composite score over time");
    let mut o = format!(
        "<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        w = f(WIDTH),
        h = f(HEIGHT),
        t = escape(&title)
    );
    for s in 1..=5 {
        let yy = y(f64::from(s));
        o.push_str(&format!(
            "<line x1=\"{}\" y1=\"{yy:.1}\" x2=\"{}\" y2=\"{yy:.1}\" stroke=\"#d0d7de\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">{s}</text>",
            f(LEFT),
            f(WIDTH - RIGHT),
            f(LEFT - 6.0),
            yy + 3.0
        ));
    }
    let first = entries
        .first()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default();
    let last = entries
        .last()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default();
    o.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#57606a\">{first}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">{last}</text>",
        f(LEFT),
        f(HEIGHT - 8.0),
        f(WIDTH - RIGHT),
        f(HEIGHT - 8.0)
    ));
    // Runs of consecutive scored evaluations become polylines; a missing
    // composite ends a run.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, o: &mut String| {
        if run.len() > 1 {
            o.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\"/>",
                run.join(" ")
            ));
        }
        run.clear();
    };
    for (e, d) in entries.iter().zip(&days) {
        match e.composite {
            Some(c) => run.push(format!("{},{}", f(x(*d)), f(y(c)))),
            None => flush(&mut run, &mut o),
        }
    }
    flush(&mut run, &mut o);
    for (e, d) in entries.iter().zip(&days) {
        if let Some(c) = e.composite {
            o.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#0969da\"><title>{} {}: {c:.2} ({})</title></circle>",
                f(x(*d)),
                f(y(c)),
                e.as_of,
                escape(&e.version),
                escape(e.tier.id())
            ));
        }
    }
    o.push_str("</svg>");
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cratescope_model::Tier;

    fn entry(day: i8, c: Option<f64>) -> HistoryEntry {
        HistoryEntry {
            id: i64::from(day),
            version: "1.0.0".into(),
            as_of: jiff::civil::date(2026, 1, day),
            evaluated_at: jiff::Timestamp::UNIX_EPOCH,
            model_version: "1".into(),
            composite: c,
            confidence: 1.0,
            tier: Tier::Mature,
            provisional: false,
            backfill: false,
            dimensions: Vec::new(),
        }
    }

    #[test]
    fn a_missing_composite_is_a_gap_not_a_point() {
        let svg = history(
            "x<y",
            &[
                entry(1, Some(3.0)),
                entry(2, None),
                entry(3, Some(4.0)),
                entry(4, Some(4.5)),
            ],
        )
        .unwrap();
        assert_eq!(svg.matches("<circle").count(), 3);
        // Only the run of two scored points is a line.
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("x&lt;y"));
        assert!(!svg.contains("x<y"));
        assert!(history("n", &[entry(1, None)]).is_none());
    }
}
