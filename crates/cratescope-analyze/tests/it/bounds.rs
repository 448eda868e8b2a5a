//! The budgets of issue 26, each checked on generated shapes (proptest,
//! fixed seed): whatever the shape of the code (chains of any postfix or
//! binary form, nesting, expansions, includes), the analysis ends, and a
//! budget that is exceeded is reported as that budget, never as a crash.

use cratescope_analyze::{AnalysisLimit, AnalysisLimits, CrateFiles, analyze_with};
use proptest::prelude::*;

const MANIFEST: &str = "[package]\nname = \"b\"\nversion = \"1.0.0\"\nedition = \"2021\"\n";

fn config() -> ProptestConfig {
    let mut c = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(0x0b0b_0026);
    }
    c
}

fn crate_of(files: Vec<(&str, Vec<u8>)>) -> CrateFiles {
    let mut all: Vec<(String, Vec<u8>)> = vec![("Cargo.toml".into(), MANIFEST.as_bytes().to_vec())];
    all.extend(files.into_iter().map(|(p, b)| (p.to_owned(), b)));
    CrateFiles::from_files("b-1.0.0", all)
}

fn hits(a: &cratescope_analyze::CrateAnalysis, limit: AnalysisLimit) -> bool {
    a.code
        .not_analysed
        .iter()
        .any(|n| n.limit == limit && n.found > n.max)
}

/// Every expression link the first round's guards named one by one, and
/// those they did not.
fn link() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("()"),
        Just("[0]"),
        Just(".a()"),
        Just(".b"),
        Just("?"),
        Just(" + 1"),
        Just(" as u8"),
        Just("(("),
        Just("))"),
        Just("{"),
        Just("}"),
        Just("!"),
        Just("|x| "),
        Just("<"),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Tokens per file: a file over `max_file_tokens` is reported by that
    /// limit; under it, the file is read to the end, whatever its shape.
    #[test]
    fn token_budget_per_file(links in prop::collection::vec(link(), 1..64), reps in 1usize..4000, cap in 64usize..20_000) {
        let body: String = links.concat().repeat(reps);
        let src = format!("/// F.\npub fn f() {{ x{body} }}\n/// G.\npub fn g() {{}}\n");
        let limits = AnalysisLimits { max_file_tokens: cap, ..AnalysisLimits::default() };
        let a = analyze_with(&crate_of(vec![("src/lib.rs", src.into_bytes())]), &limits);
        let over = hits(&a, AnalysisLimit::Tokens);
        let internal = a.code.not_analysed.iter().any(|n| n.limit == AnalysisLimit::Internal);
        prop_assert!(!internal, "{:?}", a.code.not_analysed);
        // Unbalanced delimiters are a parse failure of the file (skipped).
        if !over && a.code.parse_failures.is_empty() {
            prop_assert!(a.code.doc_coverage.total >= 1);
        }
    }

    /// Work per view: macro expansions re-read their bodies; past
    /// `max_work_tokens` (or the memory their items take) the walk stops
    /// with that limit.
    #[test]
    fn work_budget_per_view(items in 1usize..200, calls in 1usize..400, work in 1_000u64..50_000) {
        let body = "pub fn f() {}\n".repeat(items);
        let src = format!("macro_rules! a {{ () => {{ {body} }}; }}\n{}", "a!();\n".repeat(calls));
        let limits = AnalysisLimits { max_work_tokens: work, ..AnalysisLimits::default() };
        let a = analyze_with(&crate_of(vec![("src/lib.rs", src.into_bytes())]), &limits);
        let needed = (items * 6 * calls) as u64;
        if needed > work * 2 {
            prop_assert!(hits(&a, AnalysisLimit::Tokens), "{needed} > {work}: {:?}", a.code.not_analysed);
        }
        if hits(&a, AnalysisLimit::Tokens) {
            prop_assert!(a.code.docs_partial().is_some());
        }
    }

    /// Memory per crate: an included doc file counts once, however many
    /// items include it and how often.
    #[test]
    fn included_files_count_once(size in 1usize..3_000_000, items in 1usize..300, per_item in 1usize..20) {
        let mut md = b"```\nlet x = 1;\n```\n".to_vec();
        md.resize(size.max(md.len()), b'x');
        let attr = "#[doc = include_str!(\"big.md\")]\n".repeat(per_item);
        let src: String = (0..items).map(|k| format!("{attr}pub fn f{k}() {{}}\n")).collect();
        let limit = 2u64 << 20;
        let limits = AnalysisLimits { max_memory_bytes: limit, ..AnalysisLimits::default() };
        let a = analyze_with(
            &crate_of(vec![("src/lib.rs", src.into_bytes()), ("src/big.md", md)]),
            &limits,
        );
        let over = hits(&a, AnalysisLimit::Memory);
        // The file alone over the limit must be caught; a small file must
        // never be counted per use (items × per_item × size would be).
        if size as u64 > limit {
            prop_assert!(over, "{:?}", a.code.not_analysed);
        }
        if (size as u64) < limit / 2 {
            prop_assert!(!over, "{size} B counted per use: {:?}", a.code.not_analysed);
            prop_assert_eq!(a.code.doc_coverage.with_examples as usize, items);
        }
    }

    /// Time: with no time at all, a crate of one long file is stopped by
    /// the wall-time limit, never read to the end (that the walk looks at
    /// the clock inside a file is `guard`'s unit test).
    #[test]
    fn no_time_means_stopped(n in 5_000usize..20_000) {
        let src = "/// F.\npub fn f() {}\n".repeat(n);
        let limits = AnalysisLimits { max_wall: std::time::Duration::ZERO, ..AnalysisLimits::default() };
        let a = analyze_with(&crate_of(vec![("src/lib.rs", src.into_bytes())]), &limits);
        prop_assert!(hits(&a, AnalysisLimit::WallTime), "{:?}", a.code.not_analysed);
        prop_assert!((a.code.doc_coverage.total as usize) < n);
    }
}
