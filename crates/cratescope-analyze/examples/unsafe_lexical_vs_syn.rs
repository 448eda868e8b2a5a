//! Compares the lexical unsafe scan with the `syn` visitor on real crates:
//! for every library-side `.rs` file (the files the unsafe count covers),
//! both counts and both `macro_rules!` lists. Prints one line per crate
//! (`name syn-total lexical-total syn-ms lexical-ms mismatching-files`),
//! then each mismatching file with both counts, then the totals. Files
//! `syn` cannot parse are listed apart (the syn path counts nothing there).
//!
//! Usage: `cargo run --release -p cratescope-analyze --example unsafe_lexical_vs_syn -- FILE.crate...`
//! (or a directory, for every `.crate` in it).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[path = "../tests/it/syn_reference.rs"]
mod syn_reference;

use cratescope_analyze::{Limits, UnsafeCounts, lexical, read_crate};
use syn_reference::syn_scan;

/// Same exclusion as the library's unsafe scan.
const NON_LIBRARY_DIRS: &[&str] = &["tests/", "benches/", "examples/", "fuzz/"];

fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for arg in std::env::args().skip(1) {
        let p = PathBuf::from(arg);
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&p)
                .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            v.retain(|f| f.extension().is_some_and(|e| e == "crate"));
            v.sort();
            out.extend(v);
        } else {
            out.push(p);
        }
    }
    out
}

fn show(c: &UnsafeCounts) -> String {
    format!(
        "b{} f{} m{} i{} t{}",
        c.blocks, c.functions, c.methods, c.impls, c.traits
    )
}

fn main() -> ExitCode {
    let (mut syn_time, mut lex_time) = (Duration::ZERO, Duration::ZERO);
    let (mut files, mut bytes, mut mismatched_files, mut macro_mismatches) =
        (0u64, 0u64, 0u64, 0u64);
    let (mut crates, mut equal_crates, mut unparsed) = (0u64, 0u64, 0u64);
    let (mut syn_total, mut lex_total) = (0u64, 0u64);
    for path in inputs() {
        let Ok(raw) = std::fs::read(&path) else {
            eprintln!("{}: unreadable", path.display());
            continue;
        };
        let Ok(pkg) = read_crate(&raw, &Limits::default()) else {
            eprintln!("{}: not a .crate", path.display());
            continue;
        };
        crates += 1;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (mut s_sum, mut l_sum) = (UnsafeCounts::default(), UnsafeCounts::default());
        let (mut s_ms, mut l_ms) = (Duration::ZERO, Duration::ZERO);
        let mut notes = Vec::new();
        let rs: Vec<&str> = pkg
            .paths()
            .filter(|p| p.ends_with(".rs") && !NON_LIBRARY_DIRS.iter().any(|d| p.starts_with(d)))
            .collect();
        for p in rs {
            let Some(text) = pkg.text(p) else { continue };
            files += 1;
            bytes += text.len() as u64;
            let t = Instant::now();
            let lex = lexical::scan(&text);
            l_ms += t.elapsed();
            let t = Instant::now();
            let syn = syn_scan(&text);
            s_ms += t.elapsed();
            l_sum.add(&lex.unsafe_counts);
            match syn {
                Ok(s) => {
                    s_sum.add(&s.unsafe_counts);
                    if s.unsafe_counts != lex.unsafe_counts {
                        mismatched_files += 1;
                        notes.push(format!(
                            "  {p}: syn {} / lexical {}",
                            show(&s.unsafe_counts),
                            show(&lex.unsafe_counts)
                        ));
                    }
                    if s.macros != lex.macros {
                        macro_mismatches += 1;
                        notes.push(format!(
                            "  {p}: macros syn {:?} / lexical {:?}",
                            s.macros, lex.macros
                        ));
                    }
                }
                Err(e) => {
                    unparsed += 1;
                    notes.push(format!(
                        "  {p}: syn cannot parse ({e}); lexical {}",
                        show(&lex.unsafe_counts)
                    ));
                }
            }
        }
        syn_time += s_ms;
        lex_time += l_ms;
        syn_total += u64::from(s_sum.total());
        lex_total += u64::from(l_sum.total());
        if s_sum == l_sum {
            equal_crates += 1;
        }
        println!(
            "{name} {} {} {:.1} {:.1} {}",
            s_sum.total(),
            l_sum.total(),
            s_ms.as_secs_f64() * 1e3,
            l_ms.as_secs_f64() * 1e3,
            notes.len()
        );
        for n in notes {
            println!("{n}");
        }
    }
    println!(
        "TOTAL crates {crates} (equal sums {equal_crates}), files {files}, {:.1} MB; \
         unsafe syn {syn_total} lexical {lex_total}; files with different counts {mismatched_files}, \
         different macro lists {macro_mismatches}, syn parse failures {unparsed}; \
         syn {:.2} s ({:.1} MB/s), lexical {:.2} s ({:.1} MB/s)",
        bytes as f64 / 1e6,
        syn_time.as_secs_f64(),
        bytes as f64 / 1e6 / syn_time.as_secs_f64().max(1e-9),
        lex_time.as_secs_f64(),
        bytes as f64 / 1e6 / lex_time.as_secs_f64().max(1e-9),
    );
    if crates == 0 {
        eprintln!("no .crate files given");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
