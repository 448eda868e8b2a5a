//! Golden values of the rules above the signals: dimension averages and
//! confidence, the composite, tiers, the finished-crate floor and each
//! scenario veto, on hand-built facts.

mod common;
use common::*;
use cratescope_model::{Dimension, Evaluation, Facts, ScenarioResult, SourceId, Tier};
use cratescope_score::evaluate::choose_tier;
use cratescope_score::model::ModelOverrides;
use cratescope_score::{Model, evaluate};

/// Usage: downloads s .5 (10k/month, w 2), dependents s .5 (25, w 3),
/// growth s .7 (×1.0, w 1); the dump (w 1.5 + 1) not consulted.
fn used() -> Facts {
    let mut f = facts();
    let c = f.crates_io.as_mut().unwrap();
    c.downloads_per_month = Some(10_000.0);
    c.dependents = Some(25);
    c.growth = Some(1.0);
    f
}

fn with(text: &str) -> Model {
    let o: ModelOverrides = toml::from_str(text).unwrap();
    Model::v1().with_overrides(&o).unwrap()
}

fn scenario<'a>(e: &'a Evaluation, id: &str) -> &'a ScenarioResult {
    e.scenarios.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn dimension_score_and_confidence() {
    let e = evaluate(&used(), &Model::v1());
    let d = e.dimension("usage").unwrap();
    // x = (2·.5 + 3·.5 + 1·.7)/6 = .5333; D = 1 + 4x = 3.1333; c = 6/8.5.
    assert_eq!(d.score, Some(3.13));
    assert_eq!(d.confidence, 0.71);
    assert_eq!(d.icon.as_deref(), Some("🟡"));
    assert_eq!(d.note, None);
}

#[test]
fn too_little_evidence_is_no_score_with_the_reasons() {
    let mut f = facts();
    f.crates_io.as_mut().unwrap().growth = Some(1.0);
    let e = evaluate(&f, &Model::v1());
    let d = e.dimension("usage").unwrap();
    // Only growth (w 1 of 8.5): confidence .12 < .4.
    assert_eq!(d.score, None);
    assert_eq!(d.confidence, 0.12);
    assert_eq!(d.icon, None);
    assert_eq!(
        d.note.as_deref(),
        Some(
            "no data: crates.io API: recent downloads not answered; crates.io API: reverse dependencies not answered; crates.io db dump: not consulted"
        )
    );
}

#[test]
fn composite_is_the_weighted_mean_of_scored_dimensions() {
    // Only usage weighs: the composite is D4.
    let e = evaluate(
        &used(),
        &with(
            "[composite]\nstability = 0.0\ncommunity = 0.0\ndocumentation = 0.0\nusage = 1.0\nperformance = 0.0\necosystem = 0.0\nmaintenance = 0.0",
        ),
    );
    assert_eq!(e.composite, Some(3.13));
    assert_eq!(e.confidence, 0.71);
    // Usage and documentation, equal weights. D3 here: crate-docs 0 (w 1),
    // README 0 (1.5), examples 0 (1), changelog 0 (.5), metadata 1 (.5):
    // x = .5/4.5, D3 = 1.444, c = 4.5/10. Composite (3.1333 + 1.4444)/2.
    let e = evaluate(
        &used(),
        &with(
            "[composite]\nstability = 0.0\ncommunity = 0.0\ndocumentation = 1.0\nusage = 1.0\nperformance = 0.0\necosystem = 0.0\nmaintenance = 0.0",
        ),
    );
    assert_eq!(e.score("documentation"), Some(1.44));
    assert_eq!(e.composite, Some(2.29));
    assert_eq!(e.confidence, 0.58);
    // A dimension without evidence is left out of the mean, and its weight
    // lowers the composite confidence: (.7059 + 0)/2.
    let mut f = used();
    unreachable(&mut f, SourceId::Tarball, "offline");
    let e = evaluate(
        &f,
        &with(
            "[composite]\nstability = 0.0\ncommunity = 0.0\ndocumentation = 1.0\nusage = 1.0\nperformance = 0.0\necosystem = 0.0\nmaintenance = 0.0",
        ),
    );
    assert_eq!(e.score("documentation"), None);
    assert_eq!(e.composite, Some(3.13));
    assert_eq!(e.confidence, 0.35);
}

#[test]
fn tier_rules() {
    let m = Model::v1();
    let scores = |u: Option<f64>, s: Option<f64>, mt: Option<f64>| {
        move |d: Dimension| match d {
            Dimension::Usage => u,
            Dimension::Stability => s,
            Dimension::Maintenance => mt,
            _ => None,
        }
    };
    let none: Vec<String> = Vec::new();
    let t = |c, conf, f| choose_tier(&m, c, conf, f, &none);
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.6), Some(4.2), Some(4.0))),
        (Tier::IndustryStandard, false, None)
    );
    // Usage known and below 4.5: not 🏆; production ready needs D7 ≥ 3.5.
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.4), Some(4.2), Some(4.0))),
        (Tier::ProductionReady, false, None)
    );
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.4), Some(4.2), Some(3.4))),
        (Tier::Mature, false, None)
    );
    // Unknown usage: provisional, saying so.
    assert_eq!(
        t(Some(4.9), 0.8, scores(None, Some(4.2), Some(4.0))),
        (Tier::IndustryStandard, true, Some("no usage data".into()))
    );
    // Short confidence: provisional with the missing sources.
    let missing = vec!["crates.io API".to_string()];
    assert_eq!(
        choose_tier(
            &m,
            Some(4.9),
            0.6,
            scores(Some(4.6), Some(4.2), Some(4.0)),
            &missing
        ),
        (
            Tier::IndustryStandard,
            true,
            Some("confidence 0.60 < 0.75; missing: crates.io API".into())
        )
    );
    // Below .5 confidence a provisional tier is held at mature.
    assert_eq!(
        t(Some(4.9), 0.4, scores(Some(4.6), Some(4.2), Some(4.0))),
        (
            Tier::Mature,
            true,
            Some("confidence 0.40 < 0.75; held at mature below 0.50 confidence".into())
        )
    );
    assert_eq!(
        t(Some(3.6), 0.9, scores(None, None, None)),
        (Tier::Mature, false, None)
    );
    assert_eq!(
        t(Some(3.2), 0.9, scores(None, None, None)),
        (Tier::Early, false, None)
    );
    assert_eq!(
        t(Some(2.9), 0.9, scores(None, None, None)),
        (Tier::Experimental, false, None)
    );
    assert_eq!(
        t(None, 0.0, scores(None, None, None)),
        (
            Tier::Experimental,
            true,
            Some("no dimension had enough evidence".into())
        )
    );
}

#[test]
fn finished_floor() {
    // fnv's shape: 1.x, last release years ago, used by many, no advisories,
    // no dependencies.
    let mut f = used();
    f.releases = vec![
        release("1.0.0", "2019-01-01"),
        release("1.0.7", "2020-05-14"),
    ];
    f.version = v("1.0.7");
    unreachable(&mut f, SourceId::Git, "offline");
    let usage_needed = f.clone();
    f.crates_io.as_mut().unwrap().dependents = Some(400);
    f.crates_io.as_mut().unwrap().downloads_per_month = Some(2_000_000.0);
    let e = evaluate(&f, &Model::v1());
    let d = e.dimension("maintenance").unwrap();
    // release-freshness s 0 → floored at .8; the others unavailable: D7 = 4.2.
    assert_eq!(d.score, Some(4.2));
    assert_eq!(
        d.note.as_deref(),
        Some("feature-complete: stable, used, current dependencies, no advisories")
    );
    let rf = d
        .signals
        .iter()
        .find(|s| s.id() == "release-freshness")
        .unwrap();
    match rf {
        cratescope_model::SignalResult::Measured { s, evidence, .. } => {
            assert_eq!(*s, 0.8);
            assert!(
                evidence.ends_with("; feature-complete: floored at 0.8"),
                "{evidence}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Usage below 3.0 (D4 3.13 is above; 1k downloads and 1 dependent are not).
    let mut low = usage_needed.clone();
    let c = low.crates_io.as_mut().unwrap();
    c.downloads_per_month = Some(1_000.0);
    c.dependents = Some(1);
    c.growth = Some(0.5);
    let e = evaluate(&low, &Model::v1());
    assert!(e.score("usage").unwrap() < 3.0);
    assert_eq!(e.score("maintenance"), Some(1.0));
    // Without usage data the floor is not applied, and the card says why.
    let mut offline = usage_needed;
    unreachable(&mut offline, SourceId::CratesIo, "offline");
    let e = evaluate(&offline, &Model::v1());
    assert_eq!(e.score("maintenance"), Some(1.0));
    assert_eq!(
        e.dimension("maintenance").unwrap().note.as_deref(),
        Some("finished-crate floor not applied: no usage data to show real users depend on it")
    );
}

#[test]
fn enterprise_vetoes() {
    let mut f = used();
    let c = f.crates_io.as_mut().unwrap();
    c.owner_users = Some(1);
    c.owner_teams = Some(0);
    // One owner and one author making half the commits.
    let e = evaluate(&f, &Model::v1());
    let sc = scenario(&e, "enterprise");
    assert!(sc.score.unwrap() >= 2.5, "{sc:?}");
    assert_eq!(sc.stars, 2);
    assert_eq!(
        sc.note,
        "at most ⭐⭐: one owner, and one author makes half the commits"
    );
    // A second owner lifts the veto.
    f.crates_io.as_mut().unwrap().owner_users = Some(2);
    let e = evaluate(&f, &Model::v1());
    assert!(scenario(&e, "enterprise").note.starts_with("weighted by "));
    // An open advisory vetoes enterprise to two stars (shown with a model
    // where the advisory is no avoid gate: an avoid gate already gives one star).
    f.advisories.as_mut().unwrap().advisories = vec![cratescope_model::AdvisoryFact {
        id: "RUSTSEC-2099-0001".into(),
        title: "t".into(),
        date: "2026-01-01".parse().unwrap(),
        kind: "vulnerability".into(),
        affects_evaluated: true,
        patch_days: None,
    }];
    let e = evaluate(&f, &with("[gate.open-advisory]\navoid = false"));
    let sc = scenario(&e, "enterprise");
    assert_eq!(sc.stars.min(2), sc.stars);
    assert_eq!(sc.note, "at most ⭐⭐: open advisory on this version");
    let e = evaluate(&f, &Model::v1());
    let sc = scenario(&e, "enterprise");
    assert_eq!(sc.stars, 1);
    assert_eq!(
        sc.note,
        "avoid: RUSTSEC-2099-0001 (vulnerability) affects 1.2.0: t"
    );
}

#[test]
fn performance_veto_marks_unverified() {
    let e = evaluate(&used(), &Model::v1());
    let sc = scenario(&e, "performance");
    assert!(sc.unverified);
    assert!(
        sc.note.ends_with("; unverified: no benchmark results"),
        "{}",
        sc.note
    );
    for other in ["prototype", "enterprise", "learning"] {
        assert!(!scenario(&e, other).unverified, "{other}");
    }
}

#[test]
fn scenario_requirements_cap_at_two_stars() {
    let m = with(
        "[[scenario]]\nid = \"edge\"\nweights = { ecosystem = 1.0 }\nrequires = [\"no-std\"]\nrationale = \"edge / WASM\"",
    );
    let e = evaluate(&used(), &m);
    let sc = scenario(&e, "edge");
    assert_eq!(sc.note, "at most ⭐⭐: requires no-std");
    assert!(sc.stars <= 2);
    let mut f = used();
    f.package.as_mut().unwrap().code.no_std = true;
    let e = evaluate(&f, &m);
    assert!(scenario(&e, "edge").note.starts_with("weighted by "));
}
