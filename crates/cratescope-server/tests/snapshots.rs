//! Snapshots of what a user sees that does not depend on the clock: a
//! badge, the history chart, an error page, the queued page's state text
//! and the metrics text.

use cratescope_model::Tier;
use cratescope_model::history::HistoryEntry;
use cratescope_server::metrics::Metrics;

#[test]
fn badge() {
    insta::assert_snapshot!(cratescope_server::badge_svg(
        "maturity",
        "4.6 ✅ production ready",
        "#2da44e"
    ));
}

#[test]
fn badge_escapes_its_text() {
    let svg = cratescope_server::badge_svg("a<b", "\"x\" & y", "#555");
    assert!(
        svg.contains("a&#60;b") && svg.contains("&#34;x&#34; &#38; y") && !svg.contains("a<b"),
        "{svg}"
    );
}

#[test]
fn history_chart() {
    let e = |day: i8, c: Option<f64>, tier: Tier| HistoryEntry {
        id: i64::from(day),
        version: format!("1.0.{day}"),
        as_of: jiff::civil::date(2026, 3, day),
        evaluated_at: jiff::Timestamp::UNIX_EPOCH,
        model_version: "1".into(),
        composite: c,
        confidence: 0.8,
        tier,
        provisional: false,
        backfill: day < 10,
        dimensions: Vec::new(),
    };
    let svg = cratescope_server::history_chart(
        "serde",
        &[
            e(1, Some(3.9), Tier::Mature),
            e(5, Some(4.1), Tier::ProductionReady),
            e(9, None, Tier::Early),
            e(20, Some(4.4), Tier::ProductionReady),
            e(31, Some(4.6), Tier::IndustryStandard),
        ],
    )
    .unwrap();
    insta::assert_snapshot!(svg);
}

#[test]
fn error_page() {
    insta::assert_snapshot!(cratescope_server::error_page(
        axum::http::StatusCode::NOT_FOUND,
        "no crate named `<script>` in the registry"
    ));
}

#[test]
fn metrics_text() {
    let m = Metrics::default();
    m.observe(
        "GET",
        "/crates/{name}",
        200,
        std::time::Duration::from_micros(800),
    );
    m.observe(
        "GET",
        "/crates/{name}",
        503,
        std::time::Duration::from_millis(700),
    );
    m.observe(
        "POST",
        "/api/v1/audit",
        413,
        std::time::Duration::from_micros(30),
    );
    insta::assert_snapshot!(m.render(3, 32, 1024));
}
