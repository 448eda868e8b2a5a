//! The stable fuzz harness: the four readers of `fuzz/` (tarball,
//! manifest, Rust analyser, README) on arbitrary bytes and on structured
//! generators, a few hundred cases each so `cargo test` stays quick. Every
//! run must end (no panic, no overflow, no hang) with facts whose
//! invariants hold. `fuzz/run.sh` runs the same readers under libFuzzer.
//! Findings of either become named regression tests below.

use cratescope_analyze::{
    AnalysisLimits, CrateFiles, Limits, analyze_manifest, analyze_with, measure_readme, read_crate,
};
use proptest::prelude::*;

use crate::support::{Entry, crate_bytes};

/// A fixed seed by default so `cargo test` is reproducible (set
/// `PROPTEST_RNG_SEED` to explore other inputs; `fuzz/run.sh` explores
/// without end).
fn config() -> ProptestConfig {
    let mut c = ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(0x00c0_ffee);
    }
    c
}

/// Rust-ish token soup: keywords, operators, delimiters (balanced or not),
/// attributes, literals, comments, `mod` items pointing at other files.
fn rust_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("pub ".to_owned()),
        Just("fn f() ".to_owned()),
        Just("mod m0;".to_owned()),
        Just("#[path = \"m1.rs\"] mod p;".to_owned()),
        Just("pub mod x {".to_owned()),
        Just("pub use crate::x::*;".to_owned()),
        Just("pub use self::*;".to_owned()),
        Just("macro_rules! z { () => { z!(); pub fn g() {} }; }".to_owned()),
        Just("z!();".to_owned()),
        Just("cfg_if::cfg_if! { if #[cfg(unix)] { pub fn h() {} } else { } }".to_owned()),
        Just("#[cfg(any(feature = \"std\", docsrs))]".to_owned()),
        Just("#[cfg_attr(docsrs, doc = \"d\")]".to_owned()),
        Just("#![feature(x)]".to_owned()),
        Just("/// doc\n".to_owned()),
        Just("//! inner\n".to_owned()),
        Just("/* /* nested */ */".to_owned()),
        Just("unsafe { }".to_owned()),
        Just("impl S { pub fn m(&self) {} }".to_owned()),
        Just("struct S<T>(T);".to_owned()),
        Just("r#\"raw\"#".to_owned()),
        Just("'a'".to_owned()),
        Just("'a ".to_owned()),
        Just("\"str\"".to_owned()),
        "[(){}\\[\\]<>|!&*+,;:=.?#'\" \n-]{1,8}",
        "[a-z_]{1,6}",
        "[0-9]{1,4}",
    ]
}

fn rust_source() -> impl Strategy<Value = String> {
    prop::collection::vec(rust_token(), 0..64).prop_map(|t| t.join(" "))
}

fn analyse_sources(lib: &str, m0: &str, m1: &str) {
    let files = CrateFiles::from_files(
        "f-1.0.0",
        [
            (
                "Cargo.toml",
                "[package]\nname = \"f\"\nversion = \"1.0.0\"\nedition = \"2021\"\n[features]\ndefault = [\"std\"]\nstd = []\n[package.metadata.docs.rs]\nall-features = true\n"
                    .as_bytes()
                    .to_vec(),
            ),
            ("src/lib.rs", lib.as_bytes().to_vec()),
            ("src/m0.rs", m0.as_bytes().to_vec()),
            ("src/m1.rs", m1.as_bytes().to_vec()),
        ],
    );
    let a = analyze_with(&files, &AnalysisLimits::default());
    let c = &a.code.doc_coverage;
    assert!(c.documented <= c.total && c.with_examples <= c.documented);
    if let Some(d) = &a.code.docs_rs {
        assert!(d.coverage.documented <= d.coverage.total);
        assert_eq!(d.crates.first().map(String::as_str), Some("f"));
    }
    assert!(a.code.module_files <= 3);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn tarball_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = read_crate(&bytes, &Limits::default());
    }

    #[test]
    fn tarball_reader_takes_any_entries(
        entries in prop::collection::vec(
            ("[a-z./]{0,12}", prop::collection::vec(any::<u8>(), 0..256)),
            0..12,
        )
    ) {
        let named: Vec<(Vec<u8>, Vec<u8>)> = entries
            .into_iter()
            .map(|(p, c)| (format!("f-1.0.0/{p}").into_bytes(), c))
            .collect();
        let list: Vec<Entry<'_>> = named.iter().map(|(n, c)| Entry::File(n, c)).collect();
        if let Ok(files) = read_crate(&crate_bytes(&list), &Limits::default()) {
            let a = analyze_with(&files, &AnalysisLimits::default());
            prop_assert!(a.code.doc_coverage.documented <= a.code.doc_coverage.total);
        }
    }

    #[test]
    fn manifest_reader_takes_any_text(text in "(\\[[a-z.]{0,12}\\]\n|[a-z-]{1,10} = (\"[a-z0-9.]{0,6}\"|true|\\[\"[a-z/:?]{0,8}\"\\]|\\{ [a-z]+ = \"1\" \\})\n|[\\[\\]{}=\"., \na-z]{0,16}){0,24}") {
        let files = CrateFiles::from_files(
            "f-1.0.0",
            [("Cargo.toml.orig", text.as_bytes().to_vec()), ("build.rs", text.as_bytes().to_vec())],
        );
        let mut warnings = Vec::new();
        let m = analyze_manifest(&files, &mut warnings);
        for f in &m.default_features {
            prop_assert!(m.feature_enabled(f));
        }
    }

    #[test]
    fn manifest_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let files = CrateFiles::from_files("f-1.0.0", [("Cargo.toml", bytes)]);
        let _ = analyze_manifest(&files, &mut Vec::new());
    }

    #[test]
    fn rust_analyser_takes_token_soup(lib in rust_source(), m0 in rust_source(), m1 in rust_source()) {
        analyse_sources(&lib, &m0, &m1);
    }

    #[test]
    fn rust_analyser_takes_deep_nesting(
        open in "[(\\[{<!&|-]{1,3}",
        depth in 0usize..3000,
        core in "[a-z0-9 +]{0,6}",
    ) {
        let close: String = open
            .chars()
            .rev()
            .map(|c| match c { '(' => ')', '[' => ']', '{' => '}', '<' => '>', _ => ' ' })
            .collect();
        let lib = format!("pub fn f() {{ {}{core}{} }}", open.repeat(depth), close.repeat(depth));
        analyse_sources(&lib, "", "");
    }

    #[test]
    fn rust_analyser_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        analyse_sources(&text, "", "");
    }

    #[test]
    fn readme_reader_takes_any_text(text in "(#{0,3} |!\\[[a-z]{0,3}\\]\\([a-z:/.]{0,12}\\)|<img src=[a-z\"]{0,5}>?|\\[[a-z ]{0,5}\\]: [a-z:/]{0,8}\n|```[a-z,]{0,6}\n|~~~\n|[a-z=-]{0,12}\n|[\\[\\]()!<> ]{0,6}){0,48}") {
        let f = measure_readme(&text);
        prop_assert!(f.text_chars as usize <= text.chars().count() + text.lines().count());
    }
}

/// Found by `rust_analyser_takes_token_soup`: when the library root does
/// not parse and the docs.rs view needs a walk of its own (all features
/// here), the view named no crate at all.
#[test]
fn fuzz_stable_token_soup_docs_view_of_an_unparsable_root_names_the_crate() {
    analyse_sources("pub fn (", "", "");
    let files = CrateFiles::from_files(
        "f-1.0.0",
        [
            (
                "Cargo.toml",
                b"[package]\nname = \"f\"\nversion = \"1.0.0\"\n[features]\nx = []\n[package.metadata.docs.rs]\nall-features = true\n".to_vec(),
            ),
            ("src/lib.rs", b"pub fn (".to_vec()),
        ],
    );
    let a = cratescope_analyze::analyze(&files);
    let d = a.code.docs_rs.expect("docs view");
    assert_eq!(d.crates, ["f"]);
    assert_eq!(d.coverage.total, 0);
    assert_eq!(a.code.parse_failures.len(), 1);
}
