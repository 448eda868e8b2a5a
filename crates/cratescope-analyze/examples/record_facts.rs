//! Prints, for each `.crate` given, one JSON line of the source facts the
//! equality test pins (`tests/it/real_crates.rs`): documentation coverage
//! (rustdoc's default view and the docs.rs view of the crate alone), crate
//! documentation length, unsafe counts, and the crate-level flags.
//!
//! The committed fixture `tests/data/real_crate_facts.jsonl` was written by
//! this example with the analyzer as it was before the source walk moved
//! from `syn` syntax trees to the token-level item reader, on the `.crate`
//! files of cargo's cache:
//!
//! `cargo run --release -p cratescope-analyze --example record_facts -- ~/.cargo/registry/cache/*/*.crate`

use std::process::ExitCode;

use cratescope_analyze::{Limits, analyze, read_crate};

fn main() -> ExitCode {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        let Ok(files) = read_crate(&bytes, &Limits::default()) else {
            eprintln!("{path}: refused");
            continue;
        };
        let a = analyze(&files);
        let line = serde_json::json!({
            "crate": format!(
                "{}-{}",
                a.manifest.name.as_deref().unwrap_or("?"),
                a.manifest.version.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            "doc_coverage": a.code.doc_coverage,
            "docs_rs": a.code.docs_rs.as_ref().map(|d| d.coverage),
            "crate_doc_chars": a.code.crate_doc_chars,
            "unsafe_counts": a.code.unsafe_counts,
            "forbid_unsafe_code": a.code.forbid_unsafe_code,
            "no_std": a.code.no_std,
            "nightly_features": a.code.nightly_features,
            "module_files": a.code.module_files,
            "lines": a.code.lines,
            "not_analysed": a.code.not_analysed.len(),
        });
        println!("{line}");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
