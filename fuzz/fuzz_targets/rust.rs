//! The Rust analyser: the input, split at NUL bytes, is `src/lib.rs` then
//! `src/m0.rs`, `src/m1.rs`, … (so `mod m0;` reaches the next file), in a
//! package whose manifest enables features and docs.rs metadata.
#![no_main]

use cratescope_analyze::{AnalysisLimits, CrateFiles, analyze_with};
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = "[package]\nname = \"f\"\nversion = \"1.0.0\"\nedition = \"2021\"\n\n[features]\ndefault = [\"std\"]\nstd = []\nextra = []\n\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\", \"--cfg\", \"extra_cfg\"]\n";

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(String, Vec<u8>)> = vec![("Cargo.toml".into(), MANIFEST.as_bytes().to_vec())];
    for (i, part) in data.split(|b| *b == 0).enumerate().take(16) {
        let path = if i == 0 {
            "src/lib.rs".to_owned()
        } else {
            format!("src/m{}.rs", i - 1)
        };
        files.push((path, part.to_vec()));
    }
    let files = CrateFiles::from_files("f-1.0.0", files);
    let a = analyze_with(&files, &AnalysisLimits::default());
    let _ = a.code.docs_partial();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cratescope_analyze::lexical::scan(text);
    }
});
