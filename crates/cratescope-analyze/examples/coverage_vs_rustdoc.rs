//! Prints our documentation coverage for `.crate` files, one line each:
//! `name version total documented percent milliseconds` (the time to
//! read the `.crate` and analyse it). The script
//! `scripts/coverage_vs_rustdoc.sh` runs it next to `rustdoc --show-coverage`
//! and prints the comparison table.
//!
//! Usage: `cargo run --release -p cratescope-analyze --example coverage_vs_rustdoc -- [--json] FILE.crate...`
//! (`--json` prints the whole analysis instead, for inspection).

use std::process::ExitCode;

use cratescope_analyze::{Limits, analyze, read_crate};

fn main() -> ExitCode {
    let mut failed = false;
    let mut json = false;
    for path in std::env::args().skip(1) {
        if path == "--json" {
            json = true;
            continue;
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        let start = std::time::Instant::now();
        match read_crate(&bytes, &Limits::default()) {
            Ok(files) => {
                let a = analyze(&files);
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                if json {
                    match serde_json::to_string_pretty(&a) {
                        Ok(text) => println!("{text}"),
                        Err(e) => eprintln!("{path}: {e}"),
                    }
                    continue;
                }
                let c = a.code.doc_coverage;
                println!(
                    "{} {} {} {} {:.1} {ms:.1}",
                    a.manifest.name.as_deref().unwrap_or("?"),
                    a.manifest
                        .version
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    c.total,
                    c.documented,
                    c.percent().unwrap_or(0.0)
                );
                for w in &a.warnings {
                    eprintln!("  warning: {w:?}");
                }
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
