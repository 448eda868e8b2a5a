//! The scoring engine on hand-built facts, end to end: gates on the card,
//! dimension averages, determinism. (Tiers, the finished-crate rule and
//! vetoes have their golden values in golden_rules.rs.) Pure: no source is
//! read.

mod common;
use common::En;

use std::collections::BTreeMap;

use cratescope_model::*;
use cratescope_score::{Model, evaluate};
use jiff::Timestamp;
use semver::Version;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn release(v: &str, date: &str) -> Release {
    Release {
        name: "finished".into(),
        version: Version::parse(v).unwrap(),
        deps: Default::default(),
        cksum: String::new(),
        features: Default::default(),
        yanked: false,
        links: None,
        rust_version: Some("1.60".into()),
        pubtime: Some(ts(date)),
    }
}

fn package() -> PackageFacts {
    PackageFacts {
        crate_size: 20_000,
        manifest: ManifestFacts {
            description: Some("d".into()),
            documentation: Some("https://docs.rs/x".into()),
            homepage: Some("h".into()),
            repository: Some("https://github.com/o/x".into()),
            license: Some("MIT OR Apache-2.0".into()),
            keywords: vec!["k".into()],
            categories: vec!["c".into()],
            edition: Some("2021".into()),
            rust_version: Some("1.60".into()),
            ..ManifestFacts::default()
        },
        code: CodeFacts {
            doc_coverage: DocCoverage {
                total: 100,
                documented: 96,
                with_examples: 50,
            },
            crate_doc_chars: 3000,
            forbid_unsafe_code: true,
            no_std: true,
            lines: 2000,
            ..CodeFacts::default()
        },
        readme: ReadmeFacts {
            path: Some("README.md".into()),
            text_chars: 3000,
            code_blocks: 2,
            sections: 4,
            ..ReadmeFacts::default()
        },
        layout: LayoutFacts {
            has_benches: true,
            has_examples: true,
            changelog: Some("CHANGELOG.md".into()),
            ..LayoutFacts::default()
        },
        vcs: None,
        warnings: Default::default(),
    }
}

/// A small finished crate: 1.x since 2021, last release 3 years before as_of.
fn finished(with_usage: bool) -> Facts {
    let releases = vec![
        release("1.0.0", "2021-01-01T00:00:00Z"),
        release("1.1.0", "2022-01-01T00:00:00Z"),
        release("1.2.0", "2023-06-01T00:00:00Z"),
    ];
    let mut sources = vec![
        SourceRecord::ok(SourceId::Index, None),
        SourceRecord::ok(SourceId::Tarball, None),
    ];
    let crates_io = with_usage.then(|| {
        sources.push(SourceRecord::ok(SourceId::CratesIo, None));
        CratesIoFacts {
            downloads_total: Some(50_000_000),
            downloads_per_month: Some(2_000_000.0),
            growth: Some(1.1),
            dependents: Some(900),
            owner_users: Some(2),
            owner_teams: Some(0),
            ..CratesIoFacts::default()
        }
    });
    if !with_usage {
        sources.push(SourceRecord::unavailable(
            SourceId::CratesIo,
            cratescope_model::msg!(
                "online-unreachable",
                service = cratescope_model::message::Arg::text("registry API"),
                host = cratescope_model::message::Arg::code("registry.test")
            ),
        ));
    }
    Facts {
        name: "finished".into(),
        version: Version::parse("1.2.0").unwrap(),
        as_of: "2026-06-30".parse().unwrap(),
        yanks_unknown: false,
        releases,
        package: Some(package()),
        dependency_latest: Some(BTreeMap::new()),
        transitive_deps: None,
        git: None,
        advisories: Some(AdvisoryFacts {
            advisories: vec![],
            tree_advisories: Some(vec![]),
            tree_note: None,
            tree_findings: Vec::new(),
            db_age_days: Some(3),
        }),
        crates_io,
        github: None,
        docs_rs: None,
        dump: None,
        sources,
    }
}

fn dim(e: &Evaluation, id: &str) -> f64 {
    e.score(id).unwrap_or_else(|| panic!("{id} has no score"))
}

#[test]
fn unmaintained_advisory_pins_maintenance_and_avoids() {
    let mut f = finished(true);
    f.advisories
        .as_mut()
        .unwrap()
        .advisories
        .push(AdvisoryFact {
            id: "RUSTSEC-2020-0036".into(),
            title: "failure is officially deprecated/unmaintained".into(),
            date: "2020-05-02".parse().unwrap(),
            kind: "unmaintained".into(),
            affects_evaluated: true,
            patch_days: None,
        });
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.tier, Tier::Avoid);
    assert_eq!(dim(&e, "maintenance"), 1.0);
    assert!(e.risks.en().iter().any(|r| r.contains("RUSTSEC-2020-0036")));
    assert!(e.scenarios.iter().all(|s| s.stars == 1));
}

#[test]
fn open_vulnerability_caps_security_and_vetoes_enterprise() {
    let mut f = finished(true);
    f.advisories
        .as_mut()
        .unwrap()
        .advisories
        .push(AdvisoryFact {
            id: "RUSTSEC-2099-0001".into(),
            title: "t".into(),
            date: "2026-01-01".parse().unwrap(),
            kind: "vulnerability".into(),
            affects_evaluated: true,
            patch_days: None,
        });
    let e = evaluate(&f, &Model::embedded());
    assert_eq!(e.tier, Tier::Avoid);
    assert!(dim(&e, "security") <= 1.5);
    // The same advisory on another version is history, not a gate.
    f.advisories.as_mut().unwrap().advisories[0].affects_evaluated = false;
    let e = evaluate(&f, &Model::embedded());
    assert_ne!(e.tier, Tier::Avoid);
}

#[test]
fn deprecated_badge_and_looking_for_maintainer() {
    let mut f = finished(true);
    f.package.as_mut().unwrap().manifest.maintenance_status = Some("deprecated".into());
    assert_eq!(evaluate(&f, &Model::embedded()).tier, Tier::Avoid);
    f.package.as_mut().unwrap().manifest.maintenance_status = Some("looking-for-maintainer".into());
    let e = evaluate(&f, &Model::embedded());
    assert!(dim(&e, "maintenance") <= 2.5);
    assert_ne!(e.tier, Tier::Avoid);
}

#[test]
fn dimension_is_weighted_mean_and_confidence_is_available_weight() {
    let e = evaluate(&finished(false), &Model::embedded());
    let d = e.dimension("documentation").unwrap();
    // docs-build (w 1) is unavailable: confidence = 9 / 10.
    assert!((d.confidence - 0.9).abs() < 1e-9, "{}", d.confidence);
    // Recompute the score from the card's own signals.
    let (mut ws, mut w) = (0.0, 0.0);
    for s in &d.signals {
        if let SignalResult::Measured { s, weight, .. } = s {
            ws += weight * s;
            w += weight;
        }
    }
    assert!((d.score.unwrap() - (1.0 + 4.0 * ws / w)).abs() < 0.01);
    // Usage has no source: no score, a reason instead.
    let u = e.dimension("usage").unwrap();
    assert!(u.score.is_none());
    assert!(u.note.en().as_deref().unwrap().starts_with("no data: "));
}

#[test]
fn evaluation_is_deterministic() {
    let f = finished(true);
    let a = serde_json::to_string(&evaluate(&f, &Model::embedded())).unwrap();
    let b = serde_json::to_string(&evaluate(&f, &Model::embedded())).unwrap();
    assert_eq!(a, b);
}

#[test]
fn all_yanked_is_avoid_and_prerelease_only_caps_stability() {
    let mut f = finished(true);
    for r in &mut f.releases {
        r.yanked = true;
    }
    assert_eq!(evaluate(&f, &Model::embedded()).tier, Tier::Avoid);
    let mut f = finished(true);
    f.releases = vec![
        release("0.0.1", "2024-01-01T00:00:00Z"),
        release("0.0.2", "2025-01-01T00:00:00Z"),
    ];
    f.version = Version::parse("0.0.2").unwrap();
    let e = evaluate(&f, &Model::embedded());
    assert!(dim(&e, "stability") <= 2.0);
}

#[test]
fn unmaintained_notice_limited_by_unaffected_does_not_gate_newer_lines() {
    // RUSTSEC-2025-0010: ring < 0.17 is unmaintained (`unaffected = [">= 0.17"]`).
    let mut f = finished(true);
    f.advisories
        .as_mut()
        .unwrap()
        .advisories
        .push(AdvisoryFact {
            id: "RUSTSEC-2025-0010".into(),
            title: "Versions of *ring* prior to 0.17 are unmaintained.".into(),
            date: "2025-03-05".parse().unwrap(),
            kind: "unmaintained".into(),
            affects_evaluated: false,
            patch_days: None,
        });
    let e = evaluate(&f, &Model::embedded());
    assert_ne!(e.tier, Tier::Avoid);
    assert!(e.dimension("maintenance").unwrap().gates.is_empty());
}

/// Issue 13: with no crates.io API answer, the db dump's usage feeds D4 and
/// the finished-crate floor, and the evidence names the dump.
#[test]
fn the_dump_alone_feeds_usage_and_the_finished_crate_floor() {
    let model = Model::embedded();
    let mut f = finished(false);
    f.dump = Some(cratescope_model::DumpFacts {
        dump_date: Some("2026-06-29".parse().unwrap()),
        downloads_per_month: Some(2_000_000.0),
        downloads_total: Some(50_000_000),
        growth: Some(1.1),
        dependents: Some(900),
        dependents_runtime: Some(800),
        dependent_owners: Some(500),
        indirect_dependents: Some(20_000),
        owner_users: Some(2),
        owner_teams: Some(0),
        ..cratescope_model::DumpFacts::default()
    });
    f.sources.push(SourceRecord::ok(SourceId::Dump, None));
    let e = evaluate(&f, &model);
    assert!(dim(&e, "usage") >= 3.0, "{}", dim(&e, "usage"));
    assert!((dim(&e, "maintenance") - 4.2).abs() < 1e-9);
    let usage = e.dimension("usage").unwrap();
    assert_eq!(usage.confidence, 1.0);
    let text = serde_json::to_string(
        &cratescope_report::english(&e)
            .dimension("usage")
            .unwrap()
            .signals,
    )
    .unwrap();
    assert!(
        text.contains("900 crates depend on it directly (crates.io db dump of 2026-06-29)"),
        "{text}"
    );
    assert_eq!(e.info.downloads, Some(50_000_000));
}

/// Issue 13: the repository's benches, examples and changelog count where
/// the package left them out, and say so.
#[test]
fn repository_files_fill_in_for_the_package() {
    let model = Model::embedded();
    let mut f = finished(true);
    let p = f.package.as_mut().unwrap();
    p.layout.has_benches = false;
    p.layout.has_examples = false;
    p.layout.changelog = None;
    p.manifest.bench_targets = 0;
    p.manifest.example_targets = 0;
    p.manifest.bench_dev_dependencies.clear();
    let without = evaluate(&f, &model);
    let sig = |e: &Evaluation, id: &str| {
        serde_json::to_value(cratescope_report::english(e)).unwrap()["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["signals"].as_array().unwrap().clone())
            .find(|s| s["id"] == id)
            .unwrap()
    };
    assert_eq!(sig(&without, "benches")["raw"], serde_json::Value::Null);
    assert_eq!(sig(&without, "changelog")["raw"], serde_json::Value::Null);
    let git: cratescope_model::GitFacts = serde_json::from_value(serde_json::json!({
        "as_of": "2026-06-30T00:00:00Z", "head": "0", "head_ref": null,
        "snapshot_commit": null, "path_in_vcs": "crates/finished", "shared": true,
        "shallow": false, "authors_12m": [], "active_authors_12m": 0,
        "absence_factor_12m": null, "human_commits_12m": 0, "bot_commits_excluded": 0,
        "commits_90d": 0, "human_commits_90d": 0, "commits_365d": 0, "total_commits": 1,
        "first_commit": null, "last_commit": null, "last_path_commit": null,
        "vcs_sha": null, "vcs_sha_in_history": null, "vcs_sha_on_head": null,
        "version_tags": [], "total_versions": 3, "ci_workflows": [],
        "bench_ci_evidence": [], "bench_ci": false, "fuzz_targets": [],
        "security_policy": null, "warnings": [],
        "bench_files": ["crates/finished/benches/speed.rs"],
        "example_files": ["crates/finished/examples/a.rs", "crates/finished/examples/b.rs"],
        "changelog": "crates/finished/CHANGELOG.md"
    }))
    .unwrap();
    f.git = Some(git);
    let with = evaluate(&f, &model);
    assert_eq!(sig(&with, "benches")["raw"], 1.0);
    assert_eq!(
        sig(&with, "benches")["evidence"],
        "1 benchmark in the repository (git), not in the package: crates/finished/benches/speed.rs"
    );
    assert_eq!(sig(&with, "examples")["raw"], true);
    assert_eq!(
        sig(&with, "changelog")["evidence"],
        "crates/finished/CHANGELOG.md in the repository (git), not in the package"
    );
}
