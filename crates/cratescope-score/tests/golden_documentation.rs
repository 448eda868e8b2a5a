//! Golden values of the D3 documentation signals.

mod common;
use common::*;
use cratescope_model::{
    AnalysisLimit, DocCoverage, DocsRsCoverage, Facts, NotAnalysed, ReadmeFacts, SourceId,
};

fn documented() -> Facts {
    let mut f = facts();
    let p = f.package.as_mut().unwrap();
    p.code.doc_coverage = DocCoverage {
        total: 100,
        documented: 85,
        with_examples: 20,
    };
    p.code.crate_doc_chars = 750;
    f
}

#[test]
fn doc_coverage() {
    // 85%: 80→.75, 95→1 → .75 + .25·5/15 = .8333.
    assert_measured(
        &measure(&documented(), "doc-coverage"),
        num(85.0),
        0.833,
        "85 of 100 public items documented (85%)",
    );
    assert_unavailable(
        &measure(&facts(), "doc-coverage"),
        "published .crate: no public items to document",
    );
    let mut f = documented();
    unreachable(
        &mut f,
        SourceId::Tarball,
        "download failed: http status 404",
    );
    assert_unavailable(
        &measure(&f, "doc-coverage"),
        "published .crate: download failed: http status 404",
    );
}

#[test]
fn doc_examples() {
    // 20%: 10→.4, 30→.8 → .6.
    assert_measured(
        &measure(&documented(), "doc-examples"),
        num(20.0),
        0.6,
        "20 of 100 public items have a code example (20%)",
    );
    assert_unavailable(
        &measure(&facts(), "doc-examples"),
        "published .crate: no public items to document",
    );
}

/// Issue 12: a facade crate is judged on the API docs.rs shows, across the
/// sibling crates it re-exports, not on its own thin root.
#[test]
fn doc_coverage_reads_the_docs_rs_view_when_there_is_one() {
    let mut f = facts();
    let p = f.package.as_mut().unwrap();
    // The default-feature count of a facade: one item.
    p.code.doc_coverage = DocCoverage {
        total: 1,
        documented: 1,
        with_examples: 0,
    };
    p.code.docs_rs = Some(DocsRsCoverage {
        coverage: DocCoverage {
            total: 200,
            documented: 190,
            with_examples: 60,
        },
        crates: vec!["demo".into(), "demo_core".into()],
        ..DocsRsCoverage::default()
    });
    // 95% → 1.0; 30% → .8.
    assert_measured(
        &measure(&f, "doc-coverage"),
        num(95.0),
        1.0,
        "190 of 200 public items documented across demo, demo_core (as docs.rs documents it) (95%)",
    );
    assert_measured(
        &measure(&f, "doc-examples"),
        num(30.0),
        0.8,
        "60 of 200 public items have a code example across demo, demo_core (as docs.rs documents it) (30%)",
    );
}

/// Issue 17: counts from a walk that hit a limit are not a measurement.
#[test]
fn partial_analysis_makes_doc_signals_unavailable() {
    let mut f = documented();
    f.package
        .as_mut()
        .unwrap()
        .code
        .not_analysed
        .push(NotAnalysed {
            krate: "demo".into(),
            path: Some("src/lib.rs".into()),
            limit: AnalysisLimit::Nesting,
            found: 300,
            max: 256,
            in_module_tree: true,
        });
    let reason = "published .crate: documentation not fully analysed (demo: src/lib.rs not analysed: nested 300 deep, limit 256)";
    assert_unavailable(&measure(&f, "doc-coverage"), reason);
    assert_unavailable(&measure(&f, "doc-examples"), reason);
}

#[test]
fn crate_docs() {
    assert_measured(
        &measure(&documented(), "crate-docs"),
        num(750.0),
        0.5,
        "crate-level docs of 750 chars",
    );
}

#[test]
fn readme() {
    let mut f = facts();
    f.package.as_mut().unwrap().readme = ReadmeFacts {
        path: Some("README.md".into()),
        text_chars: 1500,
        code_blocks: 1,
        sections: 2,
        ..ReadmeFacts::default()
    };
    // length .5·1500/3000 = .25, one code block .15, sections .25·2/4 = .125.
    assert_measured(
        &measure(&f, "readme"),
        num(0.525),
        0.525,
        "README.md: 1,500 chars, 1 code block, 2 sections",
    );
    f.package.as_mut().unwrap().readme = ReadmeFacts {
        path: Some("README.md".into()),
        text_chars: 9000,
        code_blocks: 5,
        sections: 12,
        ..ReadmeFacts::default()
    };
    // Every part saturates: .5 + .25 + .25.
    assert_measured(
        &measure(&f, "readme"),
        num(1.0),
        1.0,
        "README.md: 9,000 chars, 5 code blocks, 12 sections",
    );
    assert_measured(
        &measure(&facts(), "readme"),
        num(0.0),
        0.0,
        "no README in the package",
    );
}

#[test]
fn examples() {
    // Absent from the package is not absent: unavailable, never 0.
    assert_unavailable(
        &measure(&facts(), "examples"),
        "no examples/ in the package or the repository (examples in the API documentation count under doc-examples)",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().manifest.example_targets = 1;
    assert_measured(&measure(&f, "examples"), yes(), 1.0, "examples included");
    f.package.as_mut().unwrap().layout.example_files = 3;
    assert_measured(
        &measure(&f, "examples"),
        yes(),
        1.0,
        "3 examples in the package",
    );
}

#[test]
fn changelog() {
    assert_unavailable(
        &measure(&facts(), "changelog"),
        "no changelog file in the package or the repository (release notes on the forge are not read)",
    );
    let mut f = facts();
    f.package.as_mut().unwrap().layout.changelog = Some("CHANGELOG.md".into());
    assert_measured(
        &measure(&f, "changelog"),
        yes(),
        1.0,
        "CHANGELOG.md present",
    );
}

#[test]
fn metadata() {
    assert_measured(
        &measure(&facts(), "metadata"),
        num(1.0),
        1.0,
        "all 6 metadata fields present",
    );
    let mut f = facts();
    let m = &mut f.package.as_mut().unwrap().manifest;
    m.homepage = None;
    m.keywords.clear();
    assert_measured(
        &measure(&f, "metadata"),
        num(0.667),
        0.667,
        "4 of 6 metadata fields; missing homepage, keywords",
    );
}

#[test]
fn docs_build() {
    let mut f = facts();
    f.docs_rs.as_mut().unwrap().built = Some(true);
    assert_measured(
        &measure(&f, "docs-build"),
        yes(),
        1.0,
        "docs.rs built this version",
    );
    f.docs_rs.as_mut().unwrap().built = Some(false);
    assert_measured(
        &measure(&f, "docs-build"),
        no(),
        0.0,
        "docs.rs build failed",
    );
    f.docs_rs.as_mut().unwrap().built = None;
    assert_unavailable(
        &measure(&f, "docs-build"),
        "docs.rs: build not finished yet (release under a day old)",
    );
    unreachable(&mut f, SourceId::DocsRs, "docs.rs is unreachable");
    assert_unavailable(
        &measure(&f, "docs-build"),
        "docs.rs: docs.rs is unreachable",
    );
}

#[test]
fn binaries_and_facade_crates_are_not_judged_on_their_own_api_docs() {
    // A binary-only crate has no API: the API-documentation signals and
    // docs.rs's build do not apply (left out of the confidence too); its
    // README still counts.
    let mut bin = documented();
    bin.package.as_mut().unwrap().manifest.binary_only = true;
    bin.docs_rs.as_mut().unwrap().built = Some(false);
    let not_api = "not applicable: a binary: its users read the README and `--help`, not API docs";
    for id in ["doc-coverage", "doc-examples", "crate-docs", "docs-build"] {
        assert_unavailable(&measure(&bin, id), not_api);
    }
    let e = cratescope_score::evaluate(&bin, &cratescope_score::Model::embedded());
    assert!(
        e.dimension("documentation").unwrap().gates.is_empty(),
        "docs.rs documents libraries: no docs-build-failed gate on a binary"
    );
    // A proc-macro crate named <facade>_derive is documented through its
    // facade; so is any <facade>-impl crate. Named so but not a proc-macro,
    // a `_derive` crate is judged on its own docs.
    let through = |name: &str, proc_macro: bool| {
        let mut f = documented();
        f.name = name.into();
        f.package.as_mut().unwrap().manifest.lib = Some(cratescope_model::LibTarget {
            path: "src/lib.rs".into(),
            proc_macro,
        });
        f
    };
    for (name, facade) in [("serde_derive", "serde"), ("tokio-macros", "tokio")] {
        let f = through(name, true);
        for id in ["doc-coverage", "doc-examples", "crate-docs"] {
            assert_unavailable(
                &measure(&f, id),
                &format!("not applicable: documented through its facade {facade}"),
            );
        }
        assert!(matches!(
            measure(&f, "readme"),
            cratescope_model::SignalResult::Measured { .. }
        ));
    }
    assert_unavailable(
        &measure(&through("thiserror-impl", false), "doc-coverage"),
        "not applicable: documented through its facade thiserror",
    );
    assert_measured(
        &measure(&through("my_derive", false), "doc-coverage"),
        num(85.0),
        0.833,
        "85 of 100 public items documented (85%)",
    );
    // The facade itself is judged on its docs.
    assert_measured(
        &measure(&through("serde", false), "doc-coverage"),
        num(85.0),
        0.833,
        "85 of 100 public items documented (85%)",
    );
}
