//! Import and lookup at real scale, on a synthetic dump in the exact layout.
//!
//! ```text
//! crates/cratescope-dump/benches/import.sh      # generates, imports under /usr/bin/time -v, looks up
//! ```
//!
//! Modes (the first free argument): `gen DIR` writes `DIR/db-dump.tar.gz`
//! and `DIR/advisory-db/` (see `synth.rs`: about 200 000 crates, 1.9 million
//! versions, 12 million dependency rows, 90 days of daily downloads, shaped
//! like the real ecosystem); `import DIR` imports it into
//! `DIR/table.sqlite` and prints the wall time; `later DIR` writes
//! `DIR/later/db-dump.tar.gz`, the same dump a day later (`synth/later.rs`);
//! `apply DIR` applies that one to `DIR/table.sqlite` incrementally and
//! `full DIR` writes it whole, for comparison; `lookup DIR` times one
//! crate's usage lookups (the present figures, and a past date).
//!
//! Sizes are environment-tunable for a quick run: `DUMP_CRATES`,
//! `DUMP_VERSIONS`, `DUMP_DEPS`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;

mod synth;

use synth::Rng;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mode = args.first().map(String::as_str).unwrap_or("all");
    let dir = PathBuf::from(args.get(1).cloned().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("cratescope-dump-bench")
            .display()
            .to_string()
    }));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("db-dump.tar.gz");
    let table = dir.join("table.sqlite");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if mode == "gen" || (mode == "all" && !archive.exists()) {
        let t = Instant::now();
        synth::generate(&dir);
        println!(
            "generated {} ({} bytes) in {:.1} s",
            archive.display(),
            std::fs::metadata(&archive).unwrap().len(),
            t.elapsed().as_secs_f64()
        );
    }
    if mode == "import" || mode == "all" {
        let t = Instant::now();
        let opts = cratescope_dump::ImportOptions {
            force: true,
            ..Default::default()
        };
        let e = rt
            .block_on(cratescope_dump::ensure_imported(
                &archive,
                &table,
                &opts,
                Arc::new(cratescope_dump::Silent),
            ))
            .unwrap();
        let info = e.table.info();
        println!(
            "imported {} crates, {} versions, {} dependency rows, {} download rows in {:.1} s; table {} bytes",
            info.crates,
            info.versions,
            info.dependency_rows,
            info.download_rows,
            t.elapsed().as_secs_f64(),
            std::fs::metadata(&table).unwrap().len()
        );
    }
    if mode == "later" {
        // DIR/later/db-dump.tar.gz: DIR's dump a day later (synth/later.rs).
        let t = Instant::now();
        synth::day_later(&archive, &dir.join("later"));
        println!(
            "wrote {} in {:.1} s",
            dir.join("later").join("db-dump.tar.gz").display(),
            t.elapsed().as_secs_f64()
        );
    }
    if mode == "apply" || mode == "full" {
        // The later dump onto DIR/table.sqlite (the earlier dump's table):
        // applied to it, or (`full`) written whole as before.
        let later = dir.join("later").join("db-dump.tar.gz");
        let t = Instant::now();
        let opts = cratescope_dump::ImportOptions {
            apply: mode == "apply",
            ..Default::default()
        };
        let e = rt
            .block_on(cratescope_dump::ensure_imported(
                &later,
                &table,
                &opts,
                Arc::new(cratescope_dump::Silent),
            ))
            .unwrap();
        assert!(e.import_failed.is_none(), "{:?}", e.import_failed);
        println!(
            "{mode}: {} crates in {:.1} s; {:?}; table {} bytes",
            e.table.info().crates,
            t.elapsed().as_secs_f64(),
            e.applied,
            std::fs::metadata(&table).unwrap().len()
        );
    }
    if mode == "lookup" || mode == "all" {
        rt.block_on(async {
            let t = Instant::now();
            let table = cratescope_dump::DumpTable::open(&table).await.unwrap();
            let today = jiff::civil::date(2026, 11, 25);
            let first = table.facts("crate-1", today).await.unwrap().unwrap();
            println!(
                "open + first lookup: {:.2} ms (crate-1: {:?} dependents, {:?} indirect)",
                t.elapsed().as_secs_f64() * 1e3,
                first.dependents,
                first.indirect_dependents
            );
            let mut rng = Rng(42);
            let n = 10_000;
            let mut times = Vec::with_capacity(n);
            for _ in 0..n {
                let name = format!("crate-{}", rng.below(200_000));
                let t = Instant::now();
                let f = table.facts(&name, today).await.unwrap();
                times.push(t.elapsed().as_secs_f64() * 1e3);
                assert!(f.is_some());
            }
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            println!(
                "lookup of one crate's usage: mean {:.3} ms, median {:.3} ms, p99 {:.3} ms over {n}",
                times.iter().sum::<f64>() / n as f64,
                times[n / 2],
                times[n * 99 / 100]
            );
            let past = jiff::civil::date(2024, 6, 30);
            let t = Instant::now();
            let f = table.facts("crate-0", past).await.unwrap().unwrap();
            println!(
                "past date, first (loads the past arrays): {:.0} ms ({:?} dependents, {:?} indirect)",
                t.elapsed().as_secs_f64() * 1e3,
                f.dependents,
                f.indirect_dependents
            );
            let t = Instant::now();
            let f = table.facts("crate-5000", past).await.unwrap().unwrap();
            println!(
                "past date, next: {:.1} ms ({:?} dependents)",
                t.elapsed().as_secs_f64() * 1e3,
                f.dependents
            );
        });
    }
}
