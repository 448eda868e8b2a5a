//! The manifest reader: the input is `Cargo.toml.orig`; the normalised
//! `Cargo.toml` it falls back to is a fixed valid one.
#![no_main]

use cratescope_analyze::{CrateFiles, analyze_manifest};
use libfuzzer_sys::fuzz_target;

const NORMALIZED: &str = "[package]\nname = \"f\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n\n[dependencies.serde]\nversion = \"1\"\noptional = true\n\n[features]\ndefault = [\"std\"]\nstd = []\n";

fuzz_target!(|data: &[u8]| {
    let files = CrateFiles::from_files(
        "f-1.0.0",
        [
            ("Cargo.toml.orig", data.to_vec()),
            ("Cargo.toml", NORMALIZED.as_bytes().to_vec()),
            ("src/lib.rs", b"pub fn f() {}\n".to_vec()),
            ("build.rs", data.to_vec()),
        ],
    );
    let mut warnings = Vec::new();
    let m = analyze_manifest(&files, &mut warnings);
    let _ = m.feature_enabled("std");
});
