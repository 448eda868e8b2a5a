//! Import and lookup at real scale, on a synthetic dump in the exact layout.
//!
//! ```text
//! crates/cratescope-dump/benches/import.sh      # generates, imports under /usr/bin/time -v, looks up
//! ```
//!
//! Modes (the first free argument): `gen DIR` writes `DIR/db-dump.tar.gz`
//! (about 200 000 crates, 1.9 million versions, 12 million dependency rows,
//! 90 days × 300 000 daily download rows, READMEs and feature JSON of
//! realistic size); `import DIR` imports it into `DIR/table.sqlite` and
//! prints the wall time; `lookup DIR` times one crate's usage lookups (the
//! present figures, and a past date).
//!
//! Sizes are environment-tunable for a quick run: `DUMP_CRATES`,
//! `DUMP_VERSIONS`, `DUMP_DEPS`, `DUMP_DAILY_ROWS`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `YYYY-MM-DD HH:MM:SS.ffffff` for Unix seconds.
fn ts(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .unwrap()
        .strftime("%Y-%m-%d %H:%M:%S.123456")
        .to_string()
}

fn file(dir: &Path, name: &str, header: &str) -> BufWriter<std::fs::File> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(dir.join(name)).unwrap());
    writeln!(w, "{header}").unwrap();
    w
}

fn generate(dir: &Path) {
    let n_crates = env("DUMP_CRATES", 200_000);
    let n_versions = env("DUMP_VERSIONS", 1_900_000);
    let n_deps = env("DUMP_DEPS", 12_000_000);
    let daily = env("DUMP_DAILY_ROWS", 300_000);
    let data = dir.join("src").join(TOP).join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let dump_time: i64 = "2026-11-24T02:00:27Z"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_second();
    let start: i64 = 1_420_070_400; // 2015-01-01
    let readme_line =
        "This crate does useful things, quickly, with \"care\", and documents them.\n";

    // Crates, and how many versions each gets (skewed, summing to n_versions).
    let mut per_crate = vec![1u64; n_crates as usize];
    for _ in n_crates..n_versions {
        // A version lands on a crate with probability skewed to the head.
        let c = (rng.unit().powi(2) * n_crates as f64) as usize;
        per_crate[c.min(n_crates as usize - 1)] += 1;
    }
    let mut created = Vec::with_capacity(n_crates as usize);
    let mut w = file(&data, "crates.csv", CRATES_HEADER);
    for c in 0..n_crates {
        let t = start + rng.below((dump_time - start) as u64) as i64;
        created.push(t);
        let readme = readme_line.repeat(20 + rng.below(60) as usize);
        writeln!(
            w,
            "{},{},,https://example.org,{},,,crate-{c},{},https://github.com/example/crate-{c},f,{}",
            ts(t),
            q("A crate, for \"testing\""),
            c + 1,
            q(&readme),
            ts(t)
        )
        .unwrap();
    }
    w.flush().unwrap();

    // Versions: ids in order; per crate increasing semver and time.
    let mut w = file(&data, "versions.csv", VERSIONS_HEADER);
    let mut dv = file(&data, "default_versions.csv", DEFAULT_VERSIONS_HEADER);
    let mut version_crate = Vec::with_capacity(n_versions as usize);
    let mut vid = 0u64;
    let features = q(r#"{"default":["std"],"std":["alloc"],"alloc":[],"serde":["dep:serde"]}"#);
    for c in 0..n_crates {
        let k = per_crate[c as usize];
        let mut default = None;
        for i in 0..k {
            vid += 1;
            version_crate.push(c);
            let t = created[c as usize]
                + ((dump_time - created[c as usize]) as f64 * i as f64 / k as f64) as i64;
            let pre = rng.below(50) == 0;
            let yanked = rng.below(33) == 0;
            let num = if pre {
                format!("0.{i}.0-alpha.1")
            } else {
                format!("0.{i}.0")
            };
            if !pre && !yanked {
                default = Some(vid);
            }
            writeln!(
                w,
                "{{}},{{parsing}},{},4096,{},{},,{},2021,{},t,,{vid},{},MIT,,{num},{num},1,,1.70,\\x{},{},{},,",
                c + 1,
                ts(t),
                q("A version, described"),
                rng.below(100_000),
                features,
                q("{fast,parser}"),
                "ab".repeat(32),
                ts(t),
                if yanked { "t" } else { "f" },
            )
            .unwrap();
        }
        if let Some(d) = default {
            writeln!(dv, "{},{k},{d}", c + 1).unwrap();
        }
    }
    w.flush().unwrap();
    dv.flush().unwrap();

    // Dependencies: targets skewed to the head (serde-like crates get most).
    let mut w = file(&data, "dependencies.csv", DEPENDENCIES_HEADER);
    for id in 1..=n_deps {
        let v = rng.below(n_versions);
        let own = version_crate[v as usize];
        let mut t = (rng.unit().powi(4) * n_crates as f64) as u64;
        if t == own {
            t = (t + 1) % n_crates;
        }
        let kind = match rng.below(20) {
            0 => 1,
            1..=4 => 2,
            _ => 0,
        };
        writeln!(
            w,
            "{},t,,{},{id},{kind},f,^1.0,,{}",
            t + 1,
            q("{derive}"),
            v + 1
        )
        .unwrap();
    }
    w.flush().unwrap();

    let mut w = file(&data, "version_downloads.csv", VERSION_DOWNLOADS_HEADER);
    let day0 = dump_time.div_euclid(86_400);
    for d in 0..90 {
        let date = jiff::Timestamp::from_second((day0 - d) * 86_400)
            .unwrap()
            .strftime("%Y-%m-%d")
            .to_string();
        for _ in 0..daily {
            let v = rng.below(n_versions) + 1;
            let n = 1 + (rng.unit().powi(6) * 10_000.0) as u64;
            writeln!(w, "{date},{n},{v}").unwrap();
        }
    }
    w.flush().unwrap();

    let mut w = file(&data, "crate_downloads.csv", CRATE_DOWNLOADS_HEADER);
    for c in 0..n_crates {
        writeln!(w, "{},{}", c + 1, rng.below(10_000_000)).unwrap();
    }
    w.flush().unwrap();
    let mut w = file(&data, "crate_owners.csv", CRATE_OWNERS_HEADER);
    for c in 0..n_crates {
        for _ in 0..1 + rng.below(3) {
            let team = rng.below(20) == 0;
            writeln!(
                w,
                "{},2020-01-01 00:00:00,,{},{}",
                c + 1,
                rng.below(if team { 2_000 } else { 120_000 }) + 1,
                u8::from(team)
            )
            .unwrap();
        }
    }
    w.flush().unwrap();
    let mut w = file(&data, "categories.csv", CATEGORIES_HEADER);
    for k in 1..=150 {
        writeln!(w, "Cat {k},10,2017-01-01 00:00:00,desc,{k},cat_{k},cat-{k}").unwrap();
    }
    w.flush().unwrap();
    let mut w = file(&data, "crates_categories.csv", CRATES_CATEGORIES_HEADER);
    for c in 0..n_crates {
        for _ in 0..rng.below(3) {
            writeln!(w, "{},{}", rng.below(150) + 1, c + 1).unwrap();
        }
    }
    w.flush().unwrap();
    let mut w = file(&data, "keywords.csv", KEYWORDS_HEADER);
    for k in 1..=50_000 {
        writeln!(w, "3,2017-01-01 00:00:00,{k},kw{k}").unwrap();
    }
    w.flush().unwrap();
    let mut w = file(&data, "crates_keywords.csv", CRATES_KEYWORDS_HEADER);
    for c in 0..n_crates {
        for _ in 0..rng.below(6) {
            writeln!(w, "{},{}", c + 1, rng.below(50_000) + 1).unwrap();
        }
    }
    w.flush().unwrap();
    let top = dir.join("src").join(TOP);
    std::fs::write(
        top.join("metadata.json"),
        format!(r#"{{"timestamp":"{DUMP_TIMESTAMP}","crates_io_commit":"bench"}}"#),
    )
    .unwrap();
    for f in ["README.md", "export.sql", "import.sql", "schema.sql"] {
        std::fs::write(top.join(f), "--\n").unwrap();
    }

    // The tar.gz, entries sorted by name as the real one.
    let out = std::fs::File::create(dir.join("db-dump.tar.gz")).unwrap();
    let gz = flate2::write::GzEncoder::new(BufWriter::new(out), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut names: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(&top).unwrap() {
        names.push(e.unwrap().path());
    }
    for e in std::fs::read_dir(&data).unwrap() {
        names.push(e.unwrap().path());
    }
    names.retain(|p| p.is_file());
    names.sort();
    for p in names {
        let rel = p.strip_prefix(dir.join("src")).unwrap().to_path_buf();
        tar.append_path_with_name(&p, rel).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
    std::fs::remove_dir_all(dir.join("src")).unwrap();
}

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
        generate(&dir);
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
