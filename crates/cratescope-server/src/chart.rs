//! A crate's history chart on its page: the report's history fragment
//! (`templates/history.svg` of the report crate), in the pages' language.
//! The geometry is `cratescope_report::svg::history`: the composite (1–5)
//! of each stored evaluation against its day, a missing composite a gap in
//! the line, never a point at 0.

use cratescope_model::history::HistoryEntry;

/// The chart, or None without a scored evaluation.
pub fn history(name: &str, entries: &[HistoryEntry]) -> Option<String> {
    cratescope_report::fragment::history_svg(name, entries, crate::render::LANG)
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
        assert!(svg.contains("x&#60;y"), "{svg}");
        assert!(!svg.contains("x<y"));
        assert!(history("n", &[entry(1, None)]).is_none());
    }
}
