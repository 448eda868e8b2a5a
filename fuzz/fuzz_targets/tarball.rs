//! The `.crate` reader, then the whole analysis of what it read. Inputs
//! starting with 0x00 are a raw tar (gzipped here, so the fuzzer mutates
//! the tar structure directly); others are taken as the gzip stream.
#![no_main]

use std::io::Write;

use cratescope_analyze::{AnalysisLimits, Limits, analyze_with, read_crate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let owned;
    let bytes = match data.split_first() {
        Some((0, tar)) => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
            if gz.write_all(tar).is_err() {
                return;
            }
            let Ok(b) = gz.finish() else { return };
            owned = b;
            &owned[..]
        }
        _ => data,
    };
    let limits = Limits {
        max_total_bytes: 16 << 20,
        max_entries: 2_000,
        max_entry_bytes: 8 << 20,
    };
    if let Ok(files) = read_crate(bytes, &limits) {
        let a = analyze_with(&files, &AnalysisLimits::default());
        // Every limit hit can be described.
        for n in &a.code.not_analysed {
            let _ = n.describe();
        }
    }
});
