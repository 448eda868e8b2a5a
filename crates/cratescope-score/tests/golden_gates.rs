//! Golden values of every gate: hand-built facts → the exact gate on the
//! card (id, cap, effect, reason) and the capped dimension. A source that
//! was not read never trips a gate.

mod common;
use common::*;
use cratescope_model::{
    AdvisoryFact, Evaluation, Facts, GateResult, Refusal, SourceId, SourceRecord, Tier,
};
use cratescope_score::{Model, evaluate, gate};

/// A gate on the card as a reader sees it: id, cap, ⛔, the reason in English.
type Shown = (String, f64, bool, String);

fn gates_of(e: &Evaluation, dim: &str) -> Vec<Shown> {
    e.dimension(dim)
        .unwrap()
        .gates
        .iter()
        .map(|g: &GateResult| (g.id.clone(), g.cap, g.avoid, g.reason.en()))
        .collect()
}

fn gate(id: &str, cap: f64, avoid: bool, reason: &str) -> Shown {
    (id.into(), cap, avoid, reason.into())
}

fn advisory(id: &str, kind: &str, affects: bool) -> AdvisoryFact {
    AdvisoryFact {
        id: id.into(),
        title: "the title".into(),
        date: "2025-01-01".parse().unwrap(),
        kind: kind.into(),
        affects_evaluated: affects,
        patch_days: None,
    }
}

fn eval(f: &Facts) -> Evaluation {
    evaluate(f, &Model::embedded())
}

#[test]
fn no_gate_on_healthy_facts_or_missing_sources() {
    let e = eval(&facts());
    assert!(e.dimensions.iter().all(|d| d.gates.is_empty()));
    assert_ne!(e.tier, Tier::Avoid);
    let mut f = facts();
    for id in [
        SourceId::Tarball,
        SourceId::Advisories,
        SourceId::Github,
        SourceId::DocsRs,
    ] {
        unreachable(&mut f, id, "unreachable");
    }
    let m = Model::embedded();
    let fired: Vec<cratescope_model::Message> = gate::REGISTRY
        .iter()
        .flat_map(|g| (g.check)(&f, m.gate(g.id).unwrap()))
        .collect();
    assert!(fired.is_empty(), "{fired:?}");
}

#[test]
fn all_yanked() {
    let mut f = facts();
    for r in &mut f.releases {
        r.yanked = true;
    }
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "stability"),
        vec![gate(
            "all-yanked",
            1.0,
            true,
            "every one of the 3 versions is yanked"
        )]
    );
    assert_eq!(e.score("stability"), Some(1.0));
    assert_eq!(e.tier, Tier::Avoid);
}

#[test]
fn prerelease_only() {
    let mut f = facts();
    f.releases = vec![
        release("0.0.1", "2025-01-01"),
        release("0.1.0-alpha.1", "2025-06-01"),
    ];
    f.version = v("0.1.0-alpha.1");
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "stability"),
        vec![gate(
            "prerelease-only",
            2.0,
            false,
            "only prerelease or 0.0.x versions exist"
        )]
    );
    assert!(e.score("stability").unwrap() <= 2.0);
    assert_ne!(e.tier, Tier::Avoid);
}

#[test]
fn docs_build_failed() {
    let mut f = facts();
    f.docs_rs.as_mut().unwrap().built = Some(false);
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "documentation"),
        vec![gate(
            "docs-build-failed",
            2.0,
            false,
            "docs.rs failed to build demo 1.2.0"
        )]
    );
    assert!(e.score("documentation").unwrap() <= 2.0);
}

#[test]
fn unmaintained() {
    let mut f = facts();
    f.advisories.as_mut().unwrap().advisories = vec![
        advisory("RUSTSEC-2020-0036", "unmaintained", true),
        // Limited to older lines (`unaffected`): history, not a gate.
        advisory("RUSTSEC-2025-0010", "unmaintained", false),
    ];
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "maintenance"),
        vec![gate(
            "unmaintained",
            1.0,
            true,
            "RUSTSEC-2020-0036: the title"
        )]
    );
    assert_eq!(e.score("maintenance"), Some(1.0));
    assert_eq!(e.tier, Tier::Avoid);
}

#[test]
fn archived() {
    let mut f = facts();
    f.github.as_mut().unwrap().archived = Some(true);
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "maintenance"),
        vec![gate("archived", 1.0, true, "the repository is archived")]
    );
    assert_eq!(e.tier, Tier::Avoid);
}

#[test]
fn maintenance_badges() {
    for (status, cap, avoid) in [
        ("deprecated", 1.0, true),
        ("looking-for-maintainer", 2.5, false),
        ("as-is", 2.5, false),
    ] {
        let mut f = facts();
        f.package.as_mut().unwrap().manifest.maintenance_status = Some(status.into());
        let e = eval(&f);
        assert_eq!(
            gates_of(&e, "maintenance"),
            vec![gate(
                status,
                cap,
                avoid,
                &format!("the manifest's maintenance badge says {status}")
            )],
            "{status}"
        );
        assert!(e.score("maintenance").unwrap() <= cap, "{status}");
        assert_eq!(e.tier == Tier::Avoid, avoid, "{status}");
    }
    // The author can also say it in the description's opening words.
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.description =
        Some("(Deprecated - use crate memchr instead.) Fast substring search for strings".into());
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "maintenance"),
        vec![gate(
            "deprecated",
            1.0,
            true,
            "the manifest's description says: “(Deprecated - use crate memchr instead.) Fast substring search for strings”"
        )]
    );
    assert_eq!(e.tier, Tier::Avoid);
    for opening in [
        "Unmaintained, consider using web-time instead",
        "Archived and unmaintained.",
        "Please use `gix-path` instead",
    ] {
        f.package.as_mut().unwrap().manifest.description = Some(opening.into());
        assert_eq!(eval(&f).tier, Tier::Avoid, "{opening}");
    }
    // Mentioning a deprecated API further on is no declaration.
    f.package.as_mut().unwrap().manifest.description =
        Some("A drop-in replacement for the deprecated std::env::home_dir".into());
    assert!(gates_of(&eval(&f), "maintenance").is_empty());
    // Other badges are no gate.
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.maintenance_status = Some("passively-maintained".into());
    assert!(gates_of(&eval(&f), "maintenance").is_empty());
}

/// A crate that names its successor is `superseded` (⛔, maintenance 1.0,
/// the successor named); README and description saying the same are one
/// finding; a README notice without a successor is `deprecated`; build
/// metadata `+deprecated` is `superseded` too.
#[test]
fn superseded_names_the_successor() {
    use cratescope_model::package::StatusNotice;
    let notice = |sentence: &str, successor: Option<&str>| StatusNotice {
        sentence: sentence.into(),
        successor: successor.map(Into::into),
    };
    let mut f = facts();
    f.package.as_mut().unwrap().readme.notice = Some(notice(
        "This crate has been renamed to `hickory-proto`.",
        Some("hickory-proto"),
    ));
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "maintenance"),
        vec![gate(
            "superseded",
            1.0,
            true,
            "superseded by hickory-proto: the README's opening says “This crate has been renamed to `hickory-proto`.”"
        )]
    );
    assert_eq!(e.tier, Tier::Avoid);
    assert_eq!(e.score("maintenance"), Some(1.0));
    // The description saying the same is the same finding.
    let p = f.package.as_mut().unwrap();
    p.manifest.description = Some("Deprecated: renamed to hickory-proto".into());
    p.manifest.description_notice = Some(notice(
        "Deprecated: renamed to hickory-proto",
        Some("hickory-proto"),
    ));
    assert_eq!(gates_of(&eval(&f), "maintenance").len(), 1);
    // A README that only says it is unmaintained: `deprecated`, no successor.
    let mut f = facts();
    f.package.as_mut().unwrap().readme.notice =
        Some(notice("This crate is no longer maintained.", None));
    assert_eq!(
        gates_of(&eval(&f), "maintenance"),
        vec![gate(
            "deprecated",
            1.0,
            true,
            "the README's opening says: “This crate is no longer maintained.”"
        )]
    );
    // A README notice that the project moved (no status word of the set,
    // no successor) is no gate.
    f.package.as_mut().unwrap().readme.notice =
        Some(notice("This project has moved to GitHub.", None));
    assert!(gates_of(&eval(&f), "maintenance").is_empty());
    // Build metadata.
    let mut f = facts();
    f.version = v("1.2.3+deprecated");
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "maintenance"),
        vec![gate(
            "superseded",
            1.0,
            true,
            "version 1.2.3+deprecated is marked `+deprecated` in its build metadata"
        )]
    );
    // The tarball not read: no notice, no gate (never on missing data).
    let mut f = facts();
    f.package = None;
    assert!(
        gates_of(&eval(&f), "maintenance")
            .iter()
            .all(|g| g.0 != "superseded" && g.0 != "deprecated")
    );
}

/// A past evaluation cannot know which versions were yanked by then (the
/// index tells today's flags): no all-yanked gate.
#[test]
fn yanks_unknown_as_of_a_past_day() {
    let mut f = facts();
    for r in &mut f.releases {
        r.yanked = true;
    }
    assert_eq!(gates_of(&eval(&f), "stability")[0].0, "all-yanked");
    f.yanks_unknown = true;
    assert!(gates_of(&eval(&f), "stability").is_empty());
}

#[test]
fn open_advisory() {
    let mut f = facts();
    f.advisories.as_mut().unwrap().advisories = vec![
        advisory("RUSTSEC-2099-0001", "vulnerability", true),
        advisory("RUSTSEC-2099-0002", "unsound", true),
        // Fixed in this version: history, not a gate.
        advisory("RUSTSEC-2099-0003", "vulnerability", false),
    ];
    let e = eval(&f);
    assert_eq!(
        gates_of(&e, "security"),
        vec![
            gate(
                "open-advisory",
                1.5,
                true,
                "RUSTSEC-2099-0001 (vulnerability) affects 1.2.0: the title"
            ),
            gate(
                "open-advisory",
                1.5,
                true,
                "RUSTSEC-2099-0002 (unsound) affects 1.2.0: the title"
            ),
        ]
    );
    assert!(e.score("security").unwrap() <= 1.5);
    assert_eq!(e.tier, Tier::Avoid);
    assert!(
        e.risks
            .en()
            .iter()
            .any(|r| *r == "Security (open-advisory): RUSTSEC-2099-0001 (vulnerability) affects 1.2.0: the title"),
        "{:?}",
        e.risks
    );
}

/// Facts whose published .crate was refused as `kind` with `reason`.
fn refused(kind: Refusal, reason: &str) -> Facts {
    let mut f = facts();
    f.package = None;
    f.sources.retain(|s| s.id != SourceId::Tarball);
    f.sources
        .push(SourceRecord::refused(SourceId::Tarball, kind, reason));
    f
}

/// Issue 17 item 9: a refused archive is a finding, never a gain over a
/// crate that could be read.
#[test]
fn package_refused() {
    let read = eval(&facts());
    let e = eval(&refused(
        Refusal::Integrity,
        "refused: checksum mismatch for `demo` 1.2.0",
    ));
    assert_eq!(
        gates_of(&e, "security"),
        vec![gate(
            "package-refused",
            1.0,
            true,
            "published .crate of demo 1.2.0: refused: checksum mismatch for `demo` 1.2.0"
        )]
    );
    assert_eq!(e.tier, Tier::Avoid);
    assert!(e.composite.unwrap() <= 2.0, "{:?}", e.composite);
    assert!(e.composite.unwrap() < read.composite.unwrap());
    // A download that failed is a missing source, not a finding.
    let mut f = facts();
    f.package = None;
    unreachable(
        &mut f,
        SourceId::Tarball,
        "download failed: http status 503",
    );
    assert!(gates_of(&eval(&f), "security").is_empty());
}

#[test]
fn package_too_large() {
    let read = eval(&facts());
    let e = eval(&refused(
        Refusal::TooLarge,
        "refused: .crate archive inflates to more than 268435456 bytes",
    ));
    assert_eq!(
        gates_of(&e, "security"),
        vec![gate(
            "package-too-large",
            2.0,
            false,
            "published .crate of demo 1.2.0: refused: .crate archive inflates to more than 268435456 bytes"
        )]
    );
    assert_ne!(e.tier, Tier::Avoid);
    assert!(e.composite.unwrap() <= 2.0, "{:?}", e.composite);
    assert!(e.composite.unwrap() < read.composite.unwrap());
}

#[test]
fn a_gate_sets_the_score_of_a_dimension_without_evidence() {
    // Every maintenance signal unavailable, yet the advisory is evidence of its own.
    let mut f = facts();
    for r in &mut f.releases {
        r.pubtime = None;
    }
    unreachable(&mut f, SourceId::Git, "offline");
    unreachable(&mut f, SourceId::Github, "offline");
    f.advisories.as_mut().unwrap().advisories =
        vec![advisory("RUSTSEC-2020-0036", "unmaintained", true)];
    let e = eval(&f);
    assert_eq!(e.score("maintenance"), Some(1.0));
}

#[test]
fn every_avoid_gate_caps_the_composite_the_same_way() {
    let healthy = eval(&facts()).composite.unwrap();
    assert!(healthy > 2.0, "{healthy}");
    let cap = Model::embedded().avoid.composite_cap;
    assert_eq!(cap, 2.0);
    // Abandoned (RustSec unmaintained, archived) and vulnerable alike: ⛔
    // and the one avoid cap (model 2 left an open advisory's composite at
    // the healthy figure: chrono 0.4.19 read `⛔ avoid 4.56` beside atty's
    // `⛔ avoid 2.00`).
    let mut unmaintained = facts();
    unmaintained.advisories.as_mut().unwrap().advisories =
        vec![advisory("RUSTSEC-2020-0036", "unmaintained", true)];
    let mut archived = facts();
    archived.github.as_mut().unwrap().archived = Some(true);
    let mut vulnerable = facts();
    vulnerable.advisories.as_mut().unwrap().advisories =
        vec![advisory("RUSTSEC-2099-0001", "vulnerability", true)];
    let mut unsound = facts();
    unsound.advisories.as_mut().unwrap().advisories =
        vec![advisory("RUSTSEC-2099-0002", "unsound", true)];
    for (what, f) in [
        ("unmaintained", unmaintained),
        ("archived", archived),
        ("vulnerable", vulnerable),
        ("unsound", unsound),
    ] {
        let e = eval(&f);
        assert_eq!(e.tier, Tier::Avoid, "{what}");
        assert_eq!(e.composite, Some(cap), "{what}");
    }
    // The cap is one number of the model: an override moves every ⛔ alike.
    let o: cratescope_score::model::ModelOverrides =
        toml::from_str("[avoid]\ncomposite_cap = 1.5").unwrap();
    let m = Model::embedded().with_overrides(&o).unwrap();
    let mut f = facts();
    f.advisories.as_mut().unwrap().advisories =
        vec![advisory("RUSTSEC-2099-0001", "vulnerability", true)];
    assert_eq!(evaluate(&f, &m).composite, Some(1.5));
    // A ⛔ gate may not carry a cap of its own: the model does not load,
    // and the error names the key.
    let text = cratescope_score::model::MODEL.replace(
        "id = \"open-advisory\"\ndimension = \"security\"\ncap = 1.5\navoid = true",
        "id = \"open-advisory\"\ndimension = \"security\"\ncap = 1.5\navoid = true\ncomposite_cap = 4.0",
    );
    assert_ne!(text, cratescope_score::model::MODEL);
    let err = Model::parse(&text).unwrap_err().to_string();
    assert!(err.contains("gate.open-advisory.composite_cap"), "{err}");
}
