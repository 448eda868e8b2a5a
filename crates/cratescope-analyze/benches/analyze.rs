//! Throughput of the source analysis on real crates from cargo's cache.
//!
//! Reads `.crate` files of [`CRATES`] from `$CARGO_HOME/registry/cache/*/`
//! (the newest cached version of each), unpacks them in memory once, then
//! measures `analyze` (manifest, lexical scan of every library-side `.rs`,
//! syn parse of the module tree, coverage walk, unsafe counts, README,
//! layout) with throughput in bytes of Rust source read; then, for
//! comparison, `syn` alone and the lexical scan alone on every
//! library-side file. With no cached crates it prints a note and measures
//! nothing.

use std::path::PathBuf;

use cratescope_analyze::{CrateFiles, Limits, analyze, read_crate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The crates of the rustdoc calibration, plus two big ones (regex, syn) so
/// the figure is not dominated by per-crate overhead.
const CRATES: &[&str] = &[
    "semver",
    "url",
    "hex",
    "strsim",
    "percent-encoding",
    "tempfile",
    "regex",
    "syn",
];

fn cache_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(root) = home.map(|h| h.join("registry").join("cache")) else {
        return Vec::new();
    };
    std::fs::read_dir(root)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// The newest cached `.crate` of `name` (by semver of the file name).
fn newest(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    let prefix = format!("{name}-");
    let mut best: Option<(semver::Version, PathBuf)> = None;
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            let file = e.file_name().to_string_lossy().into_owned();
            let Some(ver) = file
                .strip_prefix(&prefix)
                .and_then(|r| r.strip_suffix(".crate"))
            else {
                continue;
            };
            let Ok(v) = semver::Version::parse(ver) else {
                continue;
            };
            if best.as_ref().is_none_or(|(b, _)| v > *b) {
                best = Some((v, e.path()));
            }
        }
    }
    best.map(|(_, p)| p)
}

fn bench(c: &mut Criterion) {
    let dirs = cache_dirs();
    let crates: Vec<(String, CrateFiles)> = CRATES
        .iter()
        .filter_map(|n| newest(n, &dirs))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let files = read_crate(&bytes, &Limits::default()).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), files))
        })
        .collect();
    if crates.is_empty() {
        println!("note: no cached .crate files found for {CRATES:?}; nothing to measure");
        return;
    }
    let source_bytes: u64 = crates.iter().map(|(_, f)| analyze(f).code.bytes).sum();
    println!(
        "analysing {} crates, {:.2} MB of Rust source: {}",
        crates.len(),
        source_bytes as f64 / 1e6,
        crates
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(source_bytes));
    group.sample_size(10);
    group.bench_function("source_analysis", |b| {
        b.iter(|| {
            for (_, files) in &crates {
                std::hint::black_box(analyze(files));
            }
        });
    });
    // The floor: syn parsing alone of the same files, for comparison.
    group.bench_function("syn_parse_only", |b| {
        b.iter(|| {
            for (_, files) in &crates {
                for p in files.paths().filter(|p| {
                    p.ends_with(".rs")
                        && !["tests/", "benches/", "examples/", "fuzz/"]
                            .iter()
                            .any(|d| p.starts_with(d))
                }) {
                    if let Some(text) = files.text(p) {
                        std::hint::black_box(syn::parse_file(&text).ok());
                    }
                }
            }
        });
    });
    group.bench_function("lexical_scan_only", |b| {
        b.iter(|| {
            for (_, files) in &crates {
                for p in files.paths().filter(|p| {
                    p.ends_with(".rs")
                        && !["tests/", "benches/", "examples/", "fuzz/"]
                            .iter()
                            .any(|d| p.starts_with(d))
                }) {
                    if let Some(text) = files.text(p) {
                        std::hint::black_box(cratescope_analyze::lexical::scan(&text));
                    }
                }
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
