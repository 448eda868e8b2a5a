//! Hand-built facts for the golden tests: one small crate whose every
//! source answered, and helpers to measure one signal under the embedded
//! model and compare it exactly (raw, s, evidence; or the unavailable reason).

#![allow(dead_code)]

use std::collections::BTreeMap;

use cratescope_model::*;
use cratescope_score::{Model, signal};
use jiff::Timestamp;
use semver::Version;

/// The evaluation day of every golden fact set.
pub const AS_OF: &str = "2026-06-30";

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

/// A release of `demo` at noon UTC on `day`.
pub fn release(version: &str, day: &str) -> Release {
    Release {
        name: "demo".into(),
        version: v(version),
        deps: Default::default(),
        cksum: String::new(),
        features: Default::default(),
        yanked: false,
        links: None,
        rust_version: None,
        pubtime: Some(ts(&format!("{day}T12:00:00Z"))),
    }
}

pub fn dep(name: &str, req: &str, kind: DepKind) -> Dependency {
    Dependency {
        name: name.into(),
        alias: None,
        req: req.into(),
        kind,
        optional: false,
        default_features: true,
        features: Vec::new(),
        target: None,
        registry: None,
    }
}

/// A plain package: a manifest with every metadata field, no README, no
/// docs, nothing special. Tests set what they measure.
pub fn package() -> PackageFacts {
    PackageFacts {
        crate_size: 20_480,
        manifest: ManifestFacts {
            name: Some("demo".into()),
            description: Some("A demo crate".into()),
            documentation: Some("https://docs.rs/demo".into()),
            homepage: Some("https://example.org".into()),
            repository: Some("https://github.com/o/demo".into()),
            license: Some("MIT OR Apache-2.0".into()),
            keywords: vec!["demo".into()],
            categories: vec!["development-tools".into()],
            edition: Some("2021".into()),
            ..ManifestFacts::default()
        },
        code: CodeFacts {
            lines: 2000,
            ..CodeFacts::default()
        },
        ..PackageFacts::default()
    }
}

pub fn git() -> GitFacts {
    GitFacts {
        as_of: ts("2026-06-30T23:59:59Z"),
        head: "0".repeat(40),
        head_ref: Some("refs/heads/main".into()),
        snapshot_commit: None,
        path_in_vcs: None,
        shared: false,
        shallow: false,
        authors_12m: vec![
            AuthorCount {
                name: "Ana".into(),
                email: "ana@example.org".into(),
                commits: 30,
            },
            AuthorCount {
                name: "Bo".into(),
                email: "bo@example.org".into(),
                commits: 10,
            },
        ],
        active_authors_12m: 2,
        absence_factor_12m: Some(1),
        human_commits_12m: 40,
        bot_commits_excluded: 0,
        commits_90d: 9,
        human_commits_90d: 8,
        commits_365d: 42,
        total_commits: 500,
        first_commit: Some(ts("2020-01-01T00:00:00Z")),
        last_commit: Some(ts("2026-06-20T00:00:00Z")),
        last_path_commit: None,
        vcs_sha: None,
        vcs_sha_in_history: None,
        vcs_sha_on_head: None,
        version_tags: Vec::new(),
        total_versions: 3,
        ci_workflows: vec![".github/workflows/ci.yml".into()],
        bench_ci_evidence: Vec::new(),
        bench_ci: false,
        bench_build_ci: false,
        fuzz_targets: Vec::new(),
        security_policy: None,
        bench_files: Vec::new(),
        example_files: Vec::new(),
        changelog: None,
        fuzz_ci_evidence: Vec::new(),
        fuzz_ci: false,
        semver_checks_ci_evidence: Vec::new(),
        semver_checks_ci: false,
        warnings: Default::default(),
    }
}

/// `demo` 1.2.0 with three releases, every source answered except the dump.
pub fn facts() -> Facts {
    Facts {
        name: "demo".into(),
        version: v("1.2.0"),
        as_of: AS_OF.parse().unwrap(),
        yanks_unknown: false,
        releases: vec![
            release("1.0.0", "2024-01-10"),
            release("1.1.0", "2025-01-10"),
            release("1.2.0", "2026-01-10"),
        ],
        package: Some(package()),
        dependency_latest: Some(BTreeMap::new()),
        transitive_deps: None,
        git: Some(git()),
        advisories: Some(AdvisoryFacts {
            advisories: Vec::new(),
            tree_advisories: Some(Vec::new()),
            tree_note: None,
            tree_findings: Vec::new(),
            db_age_days: Some(2),
        }),
        crates_io: Some(CratesIoFacts::default()),
        github: Some(GithubFacts::default()),
        docs_rs: Some(DocsRsFacts::default()),
        dump: None,
        sources: vec![
            SourceRecord::ok(SourceId::Index, None),
            SourceRecord::ok(SourceId::Tarball, None),
            SourceRecord::ok(SourceId::Git, None),
            SourceRecord::ok(SourceId::Advisories, None),
            SourceRecord::ok(SourceId::CratesIo, None),
            SourceRecord::ok(SourceId::Github, None),
            SourceRecord::ok(SourceId::DocsRs, None),
        ],
    }
}

/// Mark a source unreachable with a reason. The score carries a source's
/// reason through without reading it, so any reason will do: a text one
/// (as a card stored by an older cratescope holds it, shown verbatim)
/// keeps the expected sentences readable.
pub fn unreachable(f: &mut Facts, id: SourceId, reason: &str) {
    f.sources.retain(|s| s.id != id);
    f.sources.push(SourceRecord::unavailable(
        id,
        cratescope_model::Message::legacy(reason),
    ));
    match id {
        SourceId::Tarball => f.package = None,
        SourceId::Git => f.git = None,
        SourceId::Advisories => f.advisories = None,
        SourceId::CratesIo => f.crates_io = None,
        SourceId::Github => f.github = None,
        SourceId::DocsRs => f.docs_rs = None,
        SourceId::Dump => f.dump = None,
        _ => {}
    }
}

/// One signal measured under the embedded model.
pub fn measure(f: &Facts, id: &str) -> SignalResult {
    measure_with(f, &Model::embedded(), id)
}

pub fn measure_with(f: &Facts, m: &Model, id: &str) -> SignalResult {
    signal::measure(f, m, id)
        .unwrap_or_else(|| panic!("signal `{id}` is not registered or not in the model"))
        .0
}

/// A message as an English reader reads it (the one catalog).
pub fn english(m: &cratescope_model::Message) -> String {
    let (s, errors) = cratescope_report::catalog::catalog().render_checked(
        cratescope_model::Lang::En,
        m,
        cratescope_report::catalog::Mode::Plain,
    );
    assert!(errors.is_empty(), "rendering {}: {errors:?}", m.id);
    s
}

/// Assert a measured signal, exactly.
#[track_caller]
pub fn assert_measured(r: &SignalResult, raw: Raw, s: f64, evidence: &str) {
    match r {
        SignalResult::Measured {
            raw: got_raw,
            s: got_s,
            evidence: got_ev,
            ..
        } => {
            assert_eq!(got_raw, &raw, "raw of {}", r.id());
            assert_eq!(*got_s, s, "s of {}", r.id());
            assert_eq!(english(&got_ev.message), evidence, "evidence of {}", r.id());
        }
        other => panic!("expected {} measured, got {other:?}", r.id()),
    }
}

/// Assert an unavailable signal and its reason, exactly.
#[track_caller]
pub fn assert_unavailable(r: &SignalResult, reason: &str) {
    match r {
        SignalResult::Unavailable { unavailable, .. } => {
            assert_eq!(
                english(&unavailable.message),
                reason,
                "reason of {}",
                r.id()
            )
        }
        other => panic!("expected {} unavailable, got {other:?}", r.id()),
    }
}

pub fn num(x: f64) -> Raw {
    Raw::Num(x)
}

pub fn text(x: &str) -> Raw {
    Raw::Text(x.into())
}

pub fn yes() -> Raw {
    Raw::Bool(true)
}

pub fn no() -> Raw {
    Raw::Bool(false)
}

/// What the index says about a dependency whose only line is `version`'s.
pub fn latest(version: &str) -> Option<DependencyLatest> {
    Some(DependencyLatest {
        latest: Some(v(version)),
        lines: vec![DependencyLine {
            latest: v(version),
            first_published: Some(ts("2020-01-01T00:00:00Z")),
            min_rust_version: None,
        }],
    })
}

/// Sentences as an English reader reads them (the one catalog).
pub trait En {
    /// The rendered form.
    type Out;
    /// Rendered in English.
    fn en(&self) -> Self::Out;
}

impl En for cratescope_model::Message {
    type Out = String;
    fn en(&self) -> String {
        english(self)
    }
}

macro_rules! en_one {
    ($($t:ty),*) => {$(
        impl En for $t {
            type Out = String;
            fn en(&self) -> String {
                english(&self.message)
            }
        }
    )*};
}
en_one!(
    cratescope_model::Evidence,
    cratescope_model::UnavailableReason,
    cratescope_model::GateReason,
    cratescope_model::ScenarioNote,
    cratescope_model::trend::TrendReason
);

macro_rules! en_opt {
    ($($t:ty),*) => {$(
        impl En for $t {
            type Out = Option<String>;
            fn en(&self) -> Option<String> {
                self.message.as_ref().map(english)
            }
        }
    )*};
}
en_opt!(
    cratescope_model::DimensionNote,
    cratescope_model::ProvisionalReason,
    cratescope_model::NotMeasured,
    cratescope_model::SourceReason
);

macro_rules! en_list {
    ($($t:ty),*) => {$(
        impl En for $t {
            type Out = Vec<String>;
            fn en(&self) -> Vec<String> {
                self.messages.iter().map(english).collect()
            }
        }
    )*};
}
en_list!(
    cratescope_model::Strengths,
    cratescope_model::Risks,
    cratescope_model::Warnings
);
