//! A synthetic crates.io dump at real scale, in the exact layout, shaped
//! like the real ecosystem so that rankings over it can be checked by eye:
//!
//! - about 200,000 crates created at an accelerating pace since 2015, with
//!   pronounceable names; popularity follows a Zipf law (a few crates are
//!   depended on by tens of thousands, most by none);
//! - real crates.io category slugs and names (the categories are public
//!   data), a crate in 0–3 of them, keywords drawn from its category's pool;
//! - life cycles: active crates release until the dump, abandoned ones
//!   stop years before, young ones started in the last two years, a few
//!   rise fast (downloads ×3–×10 across the window, new dependents inside
//!   it), 1% have every release yanked;
//! - versions walk semver (patches, minors, a 1.0 for mature crates,
//!   pre-releases, yanks, `rust_version` on recent releases); every
//!   release's dependencies are its crate's stable set with occasional
//!   changes, each requirement the target's line at the time (sometimes a
//!   line behind), dev and build dependencies included;
//! - dependents of an abandoned crate with a successor migrate to it in a
//!   later release, and RustSec-style advisories (written beside the dump,
//!   `advisory-db/`) call some abandoned crates unmaintained and name the
//!   successor;
//! - 90 days of daily downloads per version (the crate's share split over
//!   its latest releases), READMEs and feature JSON of realistic size.
//!
//! Sizes are environment-tunable: `DUMP_CRATES`, `DUMP_VERSIONS`,
//! `DUMP_DEPS` (the daily download rows follow: about two per crate a day).

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::common::*;

mod later;
pub use later::day_later;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
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

/// Real crates.io categories: (slug, name, weight: how many crates pick it).
const CATEGORIES: &[(&str, &str, u32)] = &[
    ("algorithms", "Algorithms", 30),
    ("api-bindings", "API bindings", 40),
    ("asynchronous", "Asynchronous", 35),
    ("authentication", "Authentication", 8),
    ("caching", "Caching", 5),
    ("command-line-interface", "Command-line interface", 20),
    ("command-line-utilities", "Command line utilities", 45),
    ("compilers", "Compilers", 10),
    ("compression", "Compression", 6),
    ("concurrency", "Concurrency", 15),
    ("config", "Configuration", 8),
    ("cryptography", "Cryptography", 18),
    ("cryptography::cryptocurrencies", "Cryptocurrencies", 15),
    ("data-structures", "Data structures", 30),
    ("database", "Database interfaces", 15),
    ("database-implementations", "Database implementations", 8),
    ("date-and-time", "Date and time", 6),
    ("development-tools", "Development tools", 40),
    ("development-tools::cargo-plugins", "Cargo plugins", 10),
    ("development-tools::debugging", "Debugging", 8),
    (
        "development-tools::procedural-macro-helpers",
        "Procedural macro helpers",
        12,
    ),
    ("development-tools::testing", "Testing", 12),
    ("embedded", "Embedded development", 25),
    ("emulators", "Emulators", 4),
    ("encoding", "Encoding", 20),
    ("filesystem", "Filesystem", 10),
    ("game-development", "Game development", 15),
    ("games", "Games", 10),
    ("graphics", "Graphics", 15),
    ("gui", "GUI", 12),
    ("hardware-support", "Hardware support", 15),
    ("mathematics", "Mathematics", 15),
    ("memory-management", "Memory management", 6),
    ("multimedia", "Multimedia", 6),
    ("multimedia::images", "Images", 6),
    ("network-programming", "Network programming", 30),
    ("no-std", "No standard library", 30),
    ("os", "Operating systems", 12),
    ("os::unix-apis", "Unix APIs", 8),
    ("parser-implementations", "Parser implementations", 20),
    ("parsing", "Parsing tools", 15),
    ("rust-patterns", "Rust patterns", 20),
    ("science", "Science", 10),
    ("simulation", "Simulation", 4),
    ("template-engine", "Template engine", 3),
    ("text-processing", "Text processing", 15),
    ("visualization", "Visualization", 5),
    ("wasm", "WebAssembly", 15),
    ("web-programming", "Web programming", 30),
    ("web-programming::http-client", "HTTP client", 8),
    ("web-programming::http-server", "HTTP server", 10),
    ("web-programming::websocket", "WebSocket", 4),
];

const SYLLABLES: &[&str] = &[
    "ar", "ba", "bel", "bo", "cal", "ce", "cor", "da", "del", "do", "el", "en", "fa", "fer", "fi",
    "ga", "gor", "ha", "hel", "io", "ja", "ka", "kel", "ko", "la", "lem", "li", "lo", "ma", "mer",
    "mi", "mo", "na", "nel", "no", "or", "pa", "per", "pi", "po", "qua", "ra", "rel", "ri", "ro",
    "sa", "sel", "si", "so", "ta", "tel", "ti", "to", "ul", "va", "vel", "vi", "vo", "xa", "ya",
    "za", "zel", "zo",
];
const SUFFIXES: &[&str] = &[
    "", "", "", "", "", "-rs", "-core", "-derive", "_utils", "-macros", "-sys", "-cli", "2",
];

/// One crate of the synthetic ecosystem.
struct Synth {
    name: String,
    created: i64,
    /// Popularity weight (Zipf).
    weight: f64,
    /// Last release.
    last: i64,
    /// Downloads a day at the window's start, and the factor by its end.
    daily: f64,
    growth: f64,
    /// Every release yanked.
    all_yanked: bool,
    /// A successor for an abandoned crate.
    successor: Option<usize>,
    categories: Vec<usize>,
    /// First version id, count.
    first_version: u64,
    versions: u64,
    rising: bool,
}

/// A version's number as (major, minor, patch, pre).
fn walk(rng: &mut Rng, k: u64, mature: bool) -> Vec<(u64, u64, u64, bool)> {
    let (mut ma, mut mi, mut pa) = (0u64, 1u64, 0u64);
    let mut out = Vec::with_capacity(k as usize);
    for i in 0..k {
        if i > 0 {
            let r = rng.unit();
            if mature && ma == 0 && i as f64 > k as f64 * 0.4 {
                ma = 1;
                mi = 0;
                pa = 0;
            } else if r < 0.04 && ma > 0 {
                ma += 1;
                mi = 0;
                pa = 0;
            } else if r < 0.30 {
                mi += 1;
                pa = 0;
            } else {
                pa += 1;
            }
        }
        out.push((ma, mi, pa, rng.chance(0.02)));
    }
    out
}

/// Generates `dir/db-dump.tar.gz` and `dir/advisory-db/`.
pub fn generate(dir: &Path) {
    let n_crates = env("DUMP_CRATES", 200_000) as usize;
    let n_versions = env("DUMP_VERSIONS", 1_900_000);
    let n_deps = env("DUMP_DEPS", 12_000_000);
    let data = dir.join("src").join(TOP).join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let dump_time: i64 = "2026-11-24T02:00:27Z"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_second();
    let day0 = dump_time.div_euclid(86_400);
    let start: i64 = 1_420_070_400; // 2015-01-01
    const YEAR: i64 = 365 * 86_400;

    // Crates: names, creation, popularity, life cycle, categories.
    let mut names = HashSet::new();
    let cat_total: u32 = CATEGORIES.iter().map(|c| c.2).sum();
    let pick_category = |rng: &mut Rng| {
        let mut x = rng.below(u64::from(cat_total)) as u32;
        for (i, c) in CATEGORIES.iter().enumerate() {
            if x < c.2 {
                return i;
            }
            x -= c.2;
        }
        0
    };
    let mut order: Vec<usize> = (0..n_crates).collect();
    // Popularity rank: a shuffled order, so popularity is independent of id.
    for i in (1..order.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let mut crates: Vec<Synth> = Vec::with_capacity(n_crates);
    for &rank in &order {
        let mut name = String::new();
        for _ in 0..2 + rng.below(2) {
            name.push_str(SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize]);
        }
        name.push_str(SUFFIXES[rng.below(SUFFIXES.len() as u64) as usize]);
        while !names.insert(name.clone()) {
            name.push_str(&rng.below(10).to_string());
        }
        let rank = rank as f64;
        let weight = 1.0 / (rank + 10.0).powf(1.1);
        // The ecosystem grows: more crates each year.
        let created = start + ((dump_time - start - 86_400) as f64 * rng.unit().sqrt()) as i64;
        let popular = rank < 2_000.0;
        let young = dump_time - created < 2 * YEAR;
        let abandoned = !popular && rng.chance(if young { 0.3 } else { 0.55 });
        let last = if abandoned {
            (created + (rng.unit() * 3.0 * YEAR as f64) as i64).min(dump_time - YEAR)
        } else {
            dump_time - (rng.unit() * 60.0 * 86_400.0) as i64
        }
        .max(created);
        let rising = young && !abandoned && rng.chance(0.01);
        let mut categories = Vec::new();
        if rng.chance(0.6) {
            for _ in 0..1 + rng.below(3) {
                let k = pick_category(&mut rng);
                if !categories.contains(&k) {
                    categories.push(k);
                }
            }
        }
        let base = 2.0 + 400_000.0 * weight * 10f64.powf(1.1);
        let daily = if abandoned { base * 0.2 } else { base } * (0.5 + rng.unit());
        let growth = if rising {
            3.0 + rng.unit() * 7.0
        } else if abandoned {
            0.6 + rng.unit() * 0.3
        } else {
            0.9 + rng.unit() * 0.3
        };
        crates.push(Synth {
            name,
            created,
            weight,
            last,
            daily,
            growth,
            all_yanked: rng.chance(0.01),
            successor: None,
            categories,
            first_version: 0,
            versions: 1,
            rising,
        });
    }
    // Successors: an abandoned crate's successor shares its first category
    // and was created after it, and is active.
    let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); CATEGORIES.len()];
    for (c, s) in crates.iter().enumerate() {
        for &k in &s.categories {
            by_category[k].push(c);
        }
    }
    for c in 0..n_crates {
        let s = &crates[c];
        if s.last > dump_time - YEAR
            || s.categories.is_empty()
            || s.weight < 1.0 / 5_000f64.powf(1.1)
        {
            continue;
        }
        let pool = &by_category[s.categories[0]];
        let mut best: Option<usize> = None;
        for _ in 0..40 {
            let d = pool[rng.below(pool.len() as u64) as usize];
            let t = &crates[d];
            if d != c
                && t.created > s.created
                && t.last > dump_time - YEAR
                && best.is_none_or(|b| crates[b].weight < t.weight)
            {
                best = Some(d);
            }
        }
        crates[c].successor = best;
    }

    // Versions: counts skewed to popular crates, summing to n_versions.
    let total_weight: f64 = crates.iter().map(|s| s.weight.sqrt()).sum();
    let extra = n_versions.saturating_sub(n_crates as u64) as f64;
    for s in crates.iter_mut() {
        s.versions = 1 + (extra * s.weight.sqrt() / total_weight * (0.5 + rng.unit())) as u64;
    }
    let mut w = file(&data, "versions.csv", VERSIONS_HEADER);
    let mut dv = file(&data, "default_versions.csv", DEFAULT_VERSIONS_HEADER);
    let features = q(r#"{"default":["std"],"std":["alloc"],"alloc":[],"serde":["dep:serde"]}"#);
    // Per version: (crate, publish time, major, minor) for requirements.
    let mut vtime: Vec<i64> = Vec::new();
    let mut vline: Vec<(u32, u32)> = Vec::new();
    let mut vid = 0u64;
    for (c, s) in crates.iter_mut().enumerate() {
        s.first_version = vid + 1;
        let k = s.versions;
        let nums = walk(&mut rng, k, s.weight > 1.0 / 3_000f64.powf(1.1));
        let mut default = None;
        for (i, (ma, mi, pa, pre)) in nums.into_iter().enumerate() {
            vid += 1;
            let t = if k == 1 {
                s.created
            } else {
                s.created + ((s.last - s.created) as f64 * i as f64 / (k - 1) as f64) as i64
            };
            vtime.push(t);
            vline.push((ma as u32, mi as u32));
            let num = if pre {
                format!("{ma}.{mi}.{pa}-alpha.1")
            } else {
                format!("{ma}.{mi}.{pa}")
            };
            let yanked = s.all_yanked || rng.chance(0.03);
            if !pre && !yanked {
                default = Some(vid);
            }
            let rust = if t > 1_640_995_200 && rng.chance(0.4) {
                format!("1.{}", 56 + rng.below(25))
            } else {
                String::new()
            };
            writeln!(
                w,
                "{{}},{{parsing}},{},4096,{},{},,{},2021,{},t,,{vid},{},MIT,,{num},{num},1,,{rust},\\x{},{},{},,",
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
        if let Some(d) = default.or(if s.all_yanked { None } else { Some(vid) }) {
            writeln!(dv, "{},{k},{d}", c + 1).unwrap();
        }
    }
    w.flush().unwrap();
    dv.flush().unwrap();
    let n_versions = vid;

    // Popular targets by weight: a cumulative table to draw from.
    let mut cumulative = Vec::with_capacity(n_crates);
    let mut acc = 0.0;
    for s in &crates {
        acc += s.weight * if s.rising { 30.0 } else { 1.0 };
        cumulative.push(acc);
    }
    let draw = |rng: &mut Rng| -> usize {
        let x = rng.unit() * acc;
        cumulative.partition_point(|&v| v < x).min(n_crates - 1)
    };
    // The line of `target` at time `t`: its last version published by then.
    let line_at = |target: usize, t: i64| -> Option<(u32, u32)> {
        let s = &crates[target];
        let first = (s.first_version - 1) as usize;
        let range = &vtime[first..first + s.versions as usize];
        let k = range.partition_point(|&x| x <= t);
        (k > 0).then(|| vline[first + k - 1])
    };

    // Dependencies: each crate's stable set, varied per release.
    let per_version = n_deps as f64 / n_versions as f64;
    let mut w = file(&data, "dependencies.csv", DEPENDENCIES_HEADER);
    let mut id = 0u64;
    for c in 0..n_crates {
        let s = &crates[c];
        // A third of the drawn rows are lost (a target not yet published,
        // drawn twice): draw more to land near the asked total.
        let base_n = (per_version * 1.65 * (0.3 + 1.4 * rng.unit())).round() as usize;
        let mut set: Vec<(usize, u8)> = Vec::with_capacity(base_n);
        for _ in 0..base_n {
            let t = draw(&mut rng);
            let kind = match rng.below(20) {
                0 => 1,
                1..=4 => 2,
                _ => 0,
            };
            if t != c && !set.iter().any(|x| x.0 == t) {
                set.push((t, kind));
            }
        }
        // Migrates from an abandoned target to its successor, once.
        let migrate_at = s.created + (rng.unit() * (dump_time - s.created) as f64) as i64;
        let migrates = rng.chance(0.6);
        for i in 0..s.versions {
            let v = s.first_version + i;
            let t = vtime[(v - 1) as usize];
            if rng.chance(0.1) && !set.is_empty() {
                let j = rng.below(set.len() as u64) as usize;
                set.remove(j);
            }
            if rng.chance(0.1) {
                let t2 = draw(&mut rng);
                if t2 != c && !set.iter().any(|x| x.0 == t2) {
                    set.push((t2, 0));
                }
            }
            if migrates && t >= migrate_at {
                for e in set.iter_mut() {
                    if let Some(succ) = crates[e.0].successor
                        && succ != c
                        && crates[succ].created < t
                    {
                        e.0 = succ;
                    }
                }
            }
            for &(target, kind) in &set {
                let Some((ma, mi)) = line_at(target, t) else {
                    continue;
                };
                // Sometimes a line behind.
                let (ma, mi) = if rng.chance(0.2) && mi > 0 {
                    (ma, mi - 1)
                } else {
                    (ma, mi)
                };
                let req = if ma > 0 {
                    format!("^{ma}.{mi}")
                } else {
                    format!("^0.{mi}")
                };
                id += 1;
                let cfg = if rng.chance(0.05) { "cfg(unix)" } else { "" };
                writeln!(
                    w,
                    "{},t,,{},{id},{kind},{},{req},{cfg},{v}",
                    target + 1,
                    q("{derive}"),
                    if rng.chance(0.15) { "t" } else { "f" },
                )
                .unwrap();
            }
        }
    }
    w.flush().unwrap();

    // Daily downloads: each crate's daily figure (growing or shrinking
    // across the window) spread over its latest live releases.
    let mut w = file(&data, "version_downloads.csv", VERSION_DOWNLOADS_HEADER);
    for d in 0..90i64 {
        let day = day0 - 89 + d;
        let date = jiff::Timestamp::from_second(day * 86_400)
            .unwrap()
            .strftime("%Y-%m-%d")
            .to_string();
        let frac = d as f64 / 89.0;
        for s in crates.iter() {
            if s.created > day * 86_400 {
                continue;
            }
            let expected = s.daily * s.growth.powf(frac);
            let n = if expected < 1.0 {
                u64::from(rng.chance(expected))
            } else {
                (expected * (0.8 + 0.4 * rng.unit())) as u64
            };
            if n == 0 {
                continue;
            }
            let last = s.first_version + s.versions - 1;
            // The two latest releases share a busy crate's downloads.
            let split = if n >= 10 { s.versions.min(2) } else { 1 };
            for j in 0..split {
                let share = if j == 0 { n - n / 3 } else { n / 3 };
                if share > 0 {
                    writeln!(w, "{date},{share},{}", last - j).unwrap();
                }
            }
        }
    }
    w.flush().unwrap();

    let mut w = file(&data, "crate_downloads.csv", CRATE_DOWNLOADS_HEADER);
    for (c, s) in crates.iter().enumerate() {
        let days = ((dump_time - s.created) / 86_400).max(1) as f64;
        writeln!(w, "{},{}", c + 1, (s.daily * days * 0.6) as u64).unwrap();
    }
    w.flush().unwrap();

    // crates.csv (after the life cycles are known).
    let readme_line =
        "This crate does useful things, quickly, with \"care\", and documents them.\n";
    let mut w = file(&data, "crates.csv", CRATES_HEADER);
    for (c, s) in crates.iter().enumerate() {
        let readme = readme_line.repeat(20 + rng.below(60) as usize);
        writeln!(
            w,
            "{},{},,https://example.org,{},,,{},{},https://github.com/example/{},f,{}",
            ts(s.created),
            q("A crate, for \"testing\""),
            c + 1,
            s.name,
            q(&readme),
            s.name,
            ts(s.last)
        )
        .unwrap();
    }
    w.flush().unwrap();

    // Owners: prolific authors own many crates; 5% of crates have a team.
    let mut w = file(&data, "crate_owners.csv", CRATE_OWNERS_HEADER);
    for c in 0..n_crates {
        for _ in 0..1 + rng.below(3) {
            let user = 1 + (rng.unit().powi(2) * 120_000.0) as u64;
            writeln!(w, "{},2020-01-01 00:00:00,,{user},0", c + 1).unwrap();
        }
        if rng.chance(0.05) {
            writeln!(
                w,
                "{},2020-01-01 00:00:00,,{},1",
                c + 1,
                1 + rng.below(2_000)
            )
            .unwrap();
        }
    }
    w.flush().unwrap();
    let mut w = file(&data, "categories.csv", CATEGORIES_HEADER);
    for (k, (slug, name, _)) in CATEGORIES.iter().enumerate() {
        writeln!(
            w,
            "{},10,2017-01-01 00:00:00,desc,{},{},{slug}",
            q(name),
            k + 1,
            slug.replace("::", ".").replace('-', "_")
        )
        .unwrap();
    }
    w.flush().unwrap();
    let mut w = file(&data, "crates_categories.csv", CRATES_CATEGORIES_HEADER);
    for (c, s) in crates.iter().enumerate() {
        for &k in &s.categories {
            writeln!(w, "{},{}", k + 1, c + 1).unwrap();
        }
    }
    w.flush().unwrap();
    // Keywords: each category has a pool of 200; 50,000 in all.
    let mut w = file(&data, "keywords.csv", KEYWORDS_HEADER);
    for k in 1..=50_000 {
        writeln!(w, "3,2017-01-01 00:00:00,{k},kw{k}").unwrap();
    }
    w.flush().unwrap();
    let mut w = file(&data, "crates_keywords.csv", CRATES_KEYWORDS_HEADER);
    for (c, s) in crates.iter().enumerate() {
        let mut seen = HashSet::new();
        for _ in 0..rng.below(6) {
            let k = match s.categories.first() {
                Some(&cat) if rng.chance(0.7) => 1 + cat as u64 * 200 + rng.below(200),
                _ => 1 + rng.below(50_000),
            };
            if seen.insert(k) {
                writeln!(w, "{},{k}", c + 1).unwrap();
            }
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

    // Advisories: a third of the abandoned crates with a successor and
    // some use are declared unmaintained, naming the successor.
    let adv = dir.join("advisory-db").join("crates");
    let _ = std::fs::remove_dir_all(dir.join("advisory-db"));
    let mut n_adv = 0u32;
    for s in &crates {
        let Some(succ) = s.successor else { continue };
        if !rng.chance(0.33) {
            continue;
        }
        n_adv += 1;
        let year = 2020 + (n_adv % 6);
        let id = format!("RUSTSEC-{year}-{:04}", n_adv);
        let d = adv.join(&s.name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join(format!("{id}.md")),
            format!(
                "```toml\n[advisory]\nid = \"{id}\"\npackage = \"{}\"\ndate = \"{year}-03-01\"\ninformational = \"unmaintained\"\n\n[versions]\npatched = []\n```\n\n# {} is unmaintained\n\nNo release since it was abandoned.\n\n## Possible alternatives\n\n- [`{}`](https://example.org/crates/{})\n",
                s.name, s.name, crates[succ].name, crates[succ].name
            ),
        )
        .unwrap();
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
