//! Golden values of the rules above the signals (model 2): dimension
//! averages and confidence, the composite and its range, tiers (never
//! granted on missing data; named for the crate's life), the finished-crate
//! rule, each scenario veto (failing closed on missing data), risks and the
//! one "not measured" line, on hand-built facts.

mod common;
use common::*;
use cratescope_model::{
    AdvisoryFact, DocCoverage, Evaluation, Facts, ScenarioResult, SignalResult, SourceId, Tier,
};
use cratescope_score::evaluate::{Quiet, choose_tier};

fn v_date(s: &str) -> cratescope_model::Arg {
    cratescope_model::Arg::Date(s.parse().unwrap())
}
use cratescope_score::model::{Dimension, ModelOverrides};
use cratescope_score::{Model, evaluate};

/// Usage: downloads s .6 (100k/month, w 2), dependents s .55 (100, w 3),
/// growth s .7 (×1.0, w 1); the dump (w 1.5 + 1) not consulted.
fn used() -> Facts {
    let mut f = facts();
    let c = f.crates_io.as_mut().unwrap();
    c.downloads_per_month = Some(100_000.0);
    c.dependents = Some(100);
    c.growth = Some(1.0);
    f
}

fn with(text: &str) -> Model {
    let o: ModelOverrides = toml::from_str(text).unwrap();
    Model::embedded().with_overrides(&o).unwrap()
}

fn only(dims: &[(&str, f64)]) -> Model {
    let mut t = String::from("[composite]\n");
    for d in Dimension::ALL {
        let w = dims
            .iter()
            .find(|x| x.0 == d.id())
            .map(|x| x.1)
            .unwrap_or(0.0);
        t.push_str(&format!("{} = {w:?}\n", d.id()));
    }
    with(&t)
}

fn scenario<'a>(e: &'a Evaluation, id: &str) -> &'a ScenarioResult {
    e.scenarios.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn dimension_score_and_confidence() {
    let e = evaluate(&used(), &Model::embedded());
    let d = e.dimension("usage").unwrap();
    // x = (2·.6 + 3·.55 + 1·.7)/6 = .5917; D = 1 + 4x = 3.3667; c = 6/8.5.
    assert_eq!(d.score, Some(3.37));
    assert_eq!(d.confidence, 0.71);
    assert_eq!(d.icon.as_deref(), Some("🟡"));
    assert_eq!(d.note.en(), None);
}

#[test]
fn too_little_evidence_is_no_score_with_a_short_reason() {
    let mut f = facts();
    f.crates_io.as_mut().unwrap().growth = Some(1.0);
    let e = evaluate(&f, &Model::embedded());
    let d = e.dimension("usage").unwrap();
    // Only growth (w 1 of 8.5): confidence .12 < .4.
    assert_eq!(d.score, None);
    assert_eq!(d.confidence, 0.12);
    assert_eq!(d.icon, None);
    assert_eq!(
        d.note.en().as_deref(),
        Some("not enough data: 12% of the signal weight measured")
    );
    // Nothing measured: the sources not read by name, the others' reasons.
    let e = evaluate(&facts(), &Model::embedded());
    assert_eq!(
        e.dimension("usage").unwrap().note.en().as_deref(),
        Some(
            "no data: crates.io db dump not read; crates.io API: recent downloads not answered; crates.io API: reverse dependencies not answered; crates.io API: not enough download history for growth"
        )
    );
}

#[test]
fn a_signal_that_does_not_apply_leaves_the_confidence_alone() {
    // A binary: dependents, dependent owners and indirect dependents do not
    // apply. Downloads (×10, 100k → 1M → .8) and growth (.7) are all there is.
    let mut f = used();
    f.package.as_mut().unwrap().manifest.binary_only = true;
    f.crates_io.as_mut().unwrap().downloads_per_month = Some(100_000.0);
    let e = evaluate(&f, &Model::embedded());
    let d = e.dimension("usage").unwrap();
    // x = (2·.8 + 1·.7)/3 = .7667 → 4.0667; c = 3/3.
    assert_eq!(d.score, Some(4.07));
    assert_eq!(d.confidence, 1.0);
    let dep = d.signals.iter().find(|s| s.id() == "dependents").unwrap();
    let SignalResult::Unavailable { unavailable, .. } = dep else {
        panic!("{dep:?}")
    };
    assert_eq!(
        unavailable.en(),
        "not applicable: binary-only crate: nothing depends on it"
    );
}

#[test]
fn composite_is_the_weighted_mean_of_scored_dimensions_and_says_its_range() {
    // Only usage weighs: the composite is D4, every weighed dimension scored.
    let e = evaluate(&used(), &only(&[("usage", 1.0)]));
    assert_eq!(e.composite, Some(3.37));
    assert_eq!(e.confidence, 0.71);
    assert_eq!(e.composite_range, None);
    // Usage and documentation, equal weights. D3: coverage 80% (.75, w 3),
    // examples 20% (.6, w 1.5), crate docs 0 (w 1), README 0 (w 1.5),
    // metadata 1 (w .5); examples, changelog, docs build unavailable:
    // x = 3.65/7.5, D3 = 2.9467, c = 7.5/10.
    let mut f = used();
    f.package.as_mut().unwrap().code.doc_coverage = DocCoverage {
        total: 100,
        documented: 80,
        with_examples: 20,
    };
    let m = only(&[("usage", 1.0), ("documentation", 1.0)]);
    let e = evaluate(&f, &m);
    assert_eq!(e.score("documentation"), Some(2.95));
    assert_eq!(e.composite, Some(3.16));
    assert_eq!(e.confidence, 0.73);
    assert_eq!(e.composite_range, None);
    // Without the package, D3 has no score: left out of the mean, its weight
    // lowers the confidence, and the range says what it could change:
    // [(3.3667 + 1)/2, (3.3667 + 5)/2].
    unreachable(&mut f, SourceId::Tarball, "offline");
    let e = evaluate(&f, &m);
    assert_eq!(e.score("documentation"), None);
    assert_eq!(e.composite, Some(3.37));
    assert_eq!(e.confidence, 0.35);
    assert_eq!(e.composite_range, Some([2.18, 4.18]));
}

#[test]
fn tier_rules_are_never_granted_on_missing_data() {
    let m = Model::embedded();
    let scores = |u: Option<f64>, s: Option<f64>, mt: Option<f64>| {
        move |d: Dimension| match d {
            Dimension::Usage => u,
            Dimension::Stability => s,
            Dimension::Maintenance => mt,
            _ => None,
        }
    };
    let shown =
        |(t, p, m): (Tier, bool, Option<cratescope_model::Message>)| (t, p, m.map(|m| m.en()));
    let t = |c, conf, f| shown(choose_tier(&m, c, conf, f, None, false));
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.6), Some(4.2), Some(4.0))),
        (Tier::IndustryStandard, false, None)
    );
    // Usage measured and below 4.5: not 🏆.
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.4), Some(4.2), Some(4.0))),
        (Tier::ProductionReady, false, None)
    );
    // Usage not measured: 🏆 is not granted, and the card says so.
    assert_eq!(
        t(Some(4.9), 0.8, scores(None, Some(4.2), Some(4.0))),
        (
            Tier::ProductionReady,
            true,
            Some("Industry standard not granted: Production usage not measured".into())
        )
    );
    // Short confidence (offline: no usage, no community): at most mature.
    assert_eq!(
        t(Some(4.9), 0.6, scores(Some(4.6), Some(4.2), Some(4.0))),
        (
            Tier::Mature,
            true,
            Some(
                "Industry standard not granted: confidence 0.6 < 0.75; Production ready not granted: confidence 0.6 < 0.75"
                    .into()
            )
        )
    );
    // Young (first release under lifecycle.young_days): not 🔷 mature,
    // whatever the composite and stability; 🟡 early by the composite, not
    // provisional (youth is measured, not missing). ✅ stays open to it.
    let young = |c, conf, f| shown(choose_tier(&m, c, conf, f, None, true));
    assert_eq!(
        young(Some(4.2), 0.5, scores(None, Some(3.7), Some(5.0))),
        (
            Tier::Early,
            true,
            Some("Production ready not granted: confidence 0.5 < 0.75".into())
        )
    );
    assert_eq!(
        young(Some(2.9), 0.5, scores(None, Some(3.7), Some(5.0))),
        (Tier::Experimental, false, None)
    );
    assert_eq!(
        young(Some(4.2), 0.8, scores(Some(4.0), Some(3.7), Some(5.0))),
        (Tier::ProductionReady, false, None)
    );
    // The same crate a year old: 🔷 mature.
    assert_eq!(
        t(Some(4.2), 0.5, scores(None, Some(3.7), Some(5.0))),
        (
            Tier::Mature,
            true,
            Some("Production ready not granted: confidence 0.5 < 0.75".into())
        )
    );
    // Maintenance measured and low: neither 🏆 nor ✅.
    assert_eq!(
        t(Some(4.9), 0.8, scores(Some(4.6), Some(4.2), Some(3.0))),
        (Tier::Mature, false, None)
    );
    // Old and quiet on evidence: dormant, whatever the composite below ✅.
    let why =
        || cratescope_model::Message::new("tier-old-and-quiet").arg("date", v_date("2020-05-14"));
    assert_eq!(
        shown(choose_tier(
            &m,
            Some(3.8),
            0.5,
            scores(None, Some(4.0), Some(1.5)),
            Some(Quiet::Dormant(why())),
            false
        )),
        (
            Tier::Dormant,
            true,
            Some("no release since 2020-05-14".into())
        )
    );
    // Quiet, but what would decide it is missing: no lifecycle name, the
    // ladder decides (🔷 mature at 3.8 with stability 4.0), provisional, and
    // the reason says what could not be told.
    assert_eq!(
        shown(choose_tier(
            &m,
            Some(3.8),
            0.5,
            scores(None, Some(4.0), Some(1.5)),
            Some(Quiet::CannotTell(why())),
            false
        )),
        (
            Tier::Mature,
            true,
            Some("no release since 2020-05-14".into())
        )
    );
    assert_eq!(
        shown(choose_tier(
            &m,
            Some(3.2),
            0.5,
            scores(None, Some(4.0), Some(1.5)),
            Some(Quiet::CannotTell(why())),
            false
        )),
        (
            Tier::Early,
            true,
            Some("no release since 2020-05-14".into())
        )
    );
    // Young or unstable: early above 3.0, experimental below.
    assert_eq!(
        t(Some(3.6), 0.9, scores(None, Some(2.5), None)),
        (Tier::Early, false, None)
    );
    assert_eq!(
        t(Some(3.6), 0.9, scores(None, None, None)),
        (
            Tier::Early,
            true,
            Some("Mature not granted: Version stability not measured".into())
        )
    );
    assert_eq!(
        t(Some(2.9), 0.9, scores(None, Some(2.0), None)),
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

/// fnv's shape: 1.x, last release years ago, no advisories, no dependencies.
fn finished_shape() -> Facts {
    let mut f = used();
    f.releases = vec![
        release("1.0.0", "2019-01-01"),
        release("1.0.7", "2020-05-14"),
    ];
    f.version = v("1.0.7");
    unreachable(&mut f, SourceId::Git, "offline");
    f
}

#[test]
fn finished_crate_rule_needs_positive_evidence_and_says_which() {
    let e = evaluate(&finished_shape(), &Model::embedded());
    let d = e.dimension("maintenance").unwrap();
    // release-freshness and release-activity s 0 → floored at .8; the others
    // unavailable: D7 = 1 + 4·.8 = 4.2.
    assert_eq!(d.score, Some(4.2));
    assert_eq!(
        d.note.en().as_deref(),
        Some(
            "finished: 1.x since 2019-01-01, no advisory in RustSec, dependencies current, usage 3.4"
        )
    );
    match d
        .signals
        .iter()
        .find(|s| s.id() == "release-freshness")
        .unwrap()
    {
        SignalResult::Measured { s, evidence, .. } => {
            assert_eq!(*s, 0.8);
            assert!(
                evidence
                    .en()
                    .ends_with("; feature-complete: floored at 0.8"),
                "{evidence:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_ne!(e.tier, Tier::Dormant);
    // Without usage data the rule is not confirmed, and the repository was
    // not read: old, stable and quiet, but nothing tells finished from
    // abandoned. No 💤: the ladder decides, provisional, and the card says
    // what could not be told (issue 21; issue 25 item 3).
    let mut offline = finished_shape();
    unreachable(&mut offline, SourceId::CratesIo, "offline");
    let e = evaluate(&offline, &Model::embedded());
    assert_eq!(e.score("maintenance"), Some(1.0));
    let why = "finished-crate rule not confirmed: usage not measured (crates.io API: offline)";
    assert_eq!(
        e.dimension("maintenance").unwrap().note.en().as_deref(),
        Some(why)
    );
    // The composite (2.9) is below 🟡's bar: the ladder says 🔴, and the
    // reason says why it is no lifecycle verdict.
    assert_eq!(e.composite, Some(2.9));
    assert_eq!(e.tier, Tier::Experimental);
    assert!(e.provisional);
    assert_eq!(
        e.provisional_reason.en().as_deref(),
        Some(
            format!(
                "quiet — cannot tell finished from abandoned: no release since 2020-05-14; repository activity unknown (git repository: offline); {why}"
            )
            .as_str()
        )
    );
    // Without the advisory database "no advisory" is not known either.
    let mut no_db = finished_shape();
    unreachable(&mut no_db, SourceId::Advisories, "no database");
    let e = evaluate(&no_db, &Model::embedded());
    assert_eq!(e.score("maintenance"), Some(1.0));
    assert!(
        e.dimension("maintenance")
            .unwrap()
            .note
            .en()
            .as_deref()
            .unwrap()
            .contains("advisories not checked (RustSec advisory database: no database)")
    );
    assert_ne!(e.tier, Tier::Dormant);
    // Low usage is evidence against: no floor, no excuse — but with the
    // repository unread, still nothing says nobody works on it.
    let low = |f: &mut Facts| {
        let c = f.crates_io.as_mut().unwrap();
        c.downloads_per_month = Some(1_000.0);
        c.dependents = Some(1);
        c.growth = Some(0.5);
    };
    let mut f = finished_shape();
    low(&mut f);
    let e = evaluate(&f, &Model::embedded());
    assert!(e.score("usage").unwrap() < 3.0);
    assert_eq!(e.score("maintenance"), Some(1.0));
    assert_eq!(e.dimension("maintenance").unwrap().note.en(), None);
    assert_ne!(e.tier, Tier::Dormant);
    assert!(
        e.provisional_reason
            .en()
            .unwrap()
            .starts_with("quiet, not finished — cannot tell whether anyone still works on it: no release since 2020-05-14; not finished: usage 1.3 < 3.0; repository activity unknown (git repository: offline)"),
        "{:?}",
        e.provisional_reason.en()
    );
    // The evidence that decides it: the repository read and quiet too (at
    // most `quiet_commits` a year), and the rule refused on evidence → 💤.
    let mut f = finished_shape();
    low(&mut f);
    f.git = Some(git());
    let g = f.git.as_mut().unwrap();
    g.commits_365d = 1;
    f.sources.retain(|s| s.id != SourceId::Git);
    f.sources
        .push(cratescope_model::SourceRecord::ok(SourceId::Git, None));
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.tier, Tier::Dormant);
    let usage = e.score("usage").unwrap();
    assert_eq!(
        e.provisional_reason.en().as_deref(),
        Some(
            format!(
                "dormant: no release since 2020-05-14; 1 commit in the last 12 months; not finished: usage {usage:.1} < 3.0"
            )
            .as_str()
        )
    );
    // Someone still commits: quiet in releases only is not dormant, and no
    // lifecycle is claimed.
    f.git.as_mut().unwrap().commits_365d = 3;
    let e = evaluate(&f, &Model::embedded());
    assert_ne!(e.tier, Tier::Dormant);
    assert!(
        e.provisional_reason
            .en()
            .is_none_or(|r| !r.contains("quiet") && !r.contains("dormant")),
        "{:?}",
        e.provisional_reason.en()
    );
    // The repository quiet, but usage not measured: cannot tell.
    let mut f = finished_shape();
    unreachable(&mut f, SourceId::CratesIo, "offline");
    f.git = Some(git());
    f.git.as_mut().unwrap().commits_365d = 0;
    f.sources.retain(|s| s.id != SourceId::Git);
    f.sources
        .push(cratescope_model::SourceRecord::ok(SourceId::Git, None));
    let e = evaluate(&f, &Model::embedded());
    assert_ne!(e.tier, Tier::Dormant);
    assert_eq!(
        e.provisional_reason.en().as_deref(),
        Some(
            format!(
                "quiet — cannot tell finished from abandoned: no release since 2020-05-14; 0 commits in the last 12 months; {why}"
            )
            .as_str()
        )
    );
}

fn vulnerable(f: &mut Facts) {
    f.advisories.as_mut().unwrap().advisories = vec![AdvisoryFact {
        id: "RUSTSEC-2099-0001".into(),
        title: "t".into(),
        date: "2026-01-01".parse().unwrap(),
        kind: "vulnerability".into(),
        affects_evaluated: true,
        patch_days: None,
    }];
}

#[test]
fn enterprise_vetoes() {
    let mut f = used();
    let c = f.crates_io.as_mut().unwrap();
    c.owner_users = Some(1);
    c.owner_teams = Some(0);
    // One owner and one author making half the commits.
    let e = evaluate(&f, &Model::embedded());
    let sc = scenario(&e, "enterprise");
    assert!(sc.score.unwrap() >= 2.5, "{sc:?}");
    assert_eq!(sc.stars, 2);
    assert_eq!(
        sc.note.en(),
        "at most ⭐⭐: one owner, and one author makes half the commits"
    );
    // A second owner lifts it.
    f.crates_io.as_mut().unwrap().owner_users = Some(2);
    let e = evaluate(&f, &Model::embedded());
    assert!(
        scenario(&e, "enterprise")
            .note
            .en()
            .starts_with("weighted by ")
    );
    assert!(!scenario(&e, "enterprise").unverified);
    // Owners unknown: unverified, stars unchanged.
    f.crates_io.as_mut().unwrap().owner_users = None;
    let e = evaluate(&f, &Model::embedded());
    let sc = scenario(&e, "enterprise");
    assert!(sc.unverified);
    assert!(
        sc.note.en().ends_with("; unverified: owners not measured"),
        "{}",
        sc.note.en()
    );
    // An open advisory vetoes enterprise to two stars (shown with a model
    // where the advisory is no avoid gate: an avoid gate already gives one star).
    f.crates_io.as_mut().unwrap().owner_users = Some(2);
    vulnerable(&mut f);
    let e = evaluate(&f, &with("[gate.open-advisory]\navoid = false"));
    let sc = scenario(&e, "enterprise");
    assert!(sc.stars <= 2);
    assert_eq!(sc.note.en(), "at most ⭐⭐: open advisory on this version");
    let e = evaluate(&f, &Model::embedded());
    let sc = scenario(&e, "enterprise");
    assert_eq!(sc.stars, 1);
    assert_eq!(
        sc.note.en(),
        "avoid: RUSTSEC-2099-0001 (vulnerability) affects 1.2.0: t"
    );
    // Without the database the veto fails closed: less data, no more stars.
    unreachable(&mut f, SourceId::Advisories, "no database");
    let e = evaluate(&f, &Model::embedded());
    let sc = scenario(&e, "enterprise");
    assert!(sc.stars <= 2);
    assert_eq!(
        sc.note.en(),
        "at most ⭐⭐: open advisory on this version — not checked: RustSec advisory database not read"
    );
}

#[test]
fn performance_veto_marks_unverified() {
    let e = evaluate(&used(), &Model::embedded());
    let sc = scenario(&e, "performance");
    assert!(sc.unverified);
    assert!(
        sc.note.en().ends_with("; unverified: no benchmark results"),
        "{}",
        sc.note.en()
    );
    for other in ["prototype", "learning"] {
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
    assert_eq!(sc.note.en(), "at most ⭐⭐: requires no-std");
    assert!(sc.stars <= 2);
    let mut f = used();
    f.package.as_mut().unwrap().code.no_std = true;
    let e = evaluate(&f, &m);
    assert!(scenario(&e, "edge").note.en().starts_with("weighted by "));
}

#[test]
fn risks_are_the_crates_weakest_evidence_and_the_rest_is_one_line() {
    let mut f = used();
    unreachable(
        &mut f,
        SourceId::Git,
        "failed to clone `https://github.com/o/demo`",
    );
    let e = evaluate(&f, &Model::embedded());
    // No source is a risk.
    assert!(
        e.risks
            .en()
            .iter()
            .all(|r| !r.contains("failed to clone") && !r.contains("no data")),
        "{:?}",
        e.risks
    );
    // A dimension good enough to be a strength gives no risk, whatever its
    // weakest signal: D1 4.0 (no rust-version, s 0) and D6 4.36 (no
    // optional integrations, s .3) are ✅ (model 2 listed both; serde's only
    // risk was "Ecosystem integration 4.6: no optional ecosystem
    // integrations"). D3 has too little evidence to be scored, so none of
    // its signals is a risk either.
    assert_eq!(e.risks.en(), Vec::<String>::new());
    // Weak evidence in a dimension below ✅ is a risk, with its cause; the
    // weakest signal that is metadata (no keywords or categories, s 0) is
    // passed over for the weakest that can hurt a user. D6 = (3·1 +
    // 1.5·(1/3) + 1.5·.6 + 1·.3 + .5·0)/7.5 → 3.51: an old edition without a
    // rust-version (toolchain s .333) and a copyleft license (s .6).
    let mut weak = f.clone();
    let m = &mut weak.package.as_mut().unwrap().manifest;
    m.keywords.clear();
    m.categories.clear();
    m.edition = Some("2015".into());
    m.license = Some("GPL-3.0-only".into());
    let e = evaluate(&weak, &Model::embedded());
    assert_eq!(e.score("ecosystem"), Some(3.51));
    assert_eq!(
        e.risks.en(),
        vec![
            "Ecosystem integration 3.5: edition 2015 (current: 2021), no rust-version, stable toolchain"
                .to_string()
        ]
    );
    // What was not measured: one line, the dimensions without a score and
    // the sources not read, each with its reason.
    assert_eq!(
        e.not_measured.en().as_deref(),
        Some(
            "Community activity, Documentation, Performance work (no score) — git repository (failed to clone `https://github.com/o/demo`); crates.io db dump (not consulted)"
        )
    );
    // Gates come first, with their cause.
    vulnerable(&mut f);
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(
        e.risks.en()[0],
        "Security (open-advisory): RUSTSEC-2099-0001 (vulnerability) affects 1.2.0: t"
    );
}

#[test]
fn footprint_is_shown_and_never_in_the_composite() {
    let mut f = used();
    let e = evaluate(&f, &Model::embedded());
    let fp = e.footprint.clone().unwrap();
    assert_eq!(fp.id, "footprint");
    assert!(fp.score.is_some());
    // A heavy build changes the footprint, not the composite.
    f.package.as_mut().unwrap().manifest.build_script = true;
    f.package.as_mut().unwrap().crate_size = 50_000_000;
    let heavy = evaluate(&f, &Model::embedded());
    assert!(heavy.footprint.unwrap().score < fp.score);
    assert_eq!(heavy.composite, e.composite);
    // The model refuses to weigh it in.
    let bad: ModelOverrides = toml::from_str("[composite]\nfootprint = 0.1").unwrap();
    let err = Model::embedded()
        .with_overrides(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("composite.footprint"), "{err}");
}

#[test]
fn veto_notes_are_messages_of_the_catalog_checked_on_load() {
    use cratescope_model::Lang;
    use cratescope_report::catalog::{catalog, render};
    // Every note the model may name has a form in English and Chinese, and
    // every veto of the model names one of them.
    let notes = cratescope_score::condition::veto_notes();
    for n in &notes {
        for lang in [Lang::En, Lang::Zh] {
            assert!(catalog().has(lang, &n.id), "{} ({lang:?})", n.id);
        }
    }
    let m = Model::embedded();
    for sc in &m.scenarios {
        for v in &sc.vetoes {
            assert!(notes.iter().any(|n| n.id == v.note), "{}", v.note);
        }
    }
    // Rendered per language with the veto's cap as stars (no English in zh).
    let mut solo = used();
    let c = solo.crates_io.as_mut().unwrap();
    c.owner_users = Some(1);
    c.owner_teams = Some(0);
    solo.git.as_mut().unwrap().absence_factor_12m = Some(1);
    let m3 = with(
        "[[scenario]]\nid = \"strict\"\nweights = { stability = 1.0 }\nrationale = \"r\"\n[[scenario.veto]]\ncondition = \"single-maintainer\"\nmax_stars = 3\nnote = \"veto-single-maintainer\"\n",
    );
    let e = evaluate(&solo, &m3);
    let sc = scenario(&e, "strict");
    assert_eq!(
        render(Lang::En, &sc.note.message),
        "at most ⭐⭐⭐: one owner, and one author makes half the commits"
    );
    assert_eq!(
        render(Lang::Zh, &sc.note.message),
        "至多 ⭐⭐⭐：只有一位所有者，且一位作者贡献了一半提交"
    );
    // An unknown id is a model error naming the key, in the model file and
    // in a user's override alike.
    let text = cratescope_score::model::MODEL.replace(
        "note = \"veto-open-advisory\"",
        "note = \"at most two stars\"",
    );
    let err = Model::parse(&text).unwrap_err().to_string();
    assert!(
        err.contains("scenario.enterprise.veto[0].note") && err.contains("at most two stars"),
        "{err}"
    );
    let o: ModelOverrides = toml::from_str(
        "[[scenario]]\nid = \"strict\"\nweights = { stability = 1.0 }\nrationale = \"r\"\n[[scenario.veto]]\ncondition = \"open-advisory\"\nmax_stars = 2\nnote = \"no-such-note\"\n",
    )
    .unwrap();
    let err = Model::embedded()
        .with_overrides(&o)
        .unwrap_err()
        .to_string();
    assert!(err.contains("scenario.strict.veto[0].note"), "{err}");
    // The printed model keeps the ids and parses back unchanged.
    let printed = Model::embedded().to_toml();
    assert!(printed.contains("note = \"veto-open-advisory\""));
    assert_eq!(Model::parse(&printed).unwrap(), Model::embedded());
}

#[test]
fn a_yanked_version_says_so() {
    let mut f = used();
    assert!(!evaluate(&f, &Model::embedded()).info.yanked);
    let i = f
        .releases
        .iter()
        .position(|r| r.version == f.version)
        .unwrap();
    f.releases[i].yanked = true;
    let e = evaluate(&f, &Model::embedded());
    assert!(e.info.yanked);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["info"]["yanked"], true);
}
