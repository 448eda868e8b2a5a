//! Store benchmarks on both databases: writing 10,000 evaluations (each in
//! its own transaction, as `update` does; target ≤ 5 s on SQLite) and reading
//! the history of a crate with 100 stored evaluations (target ≤ 10 ms).
//! PostgreSQL comes from CRATESCOPE_TEST_POSTGRES_URL or a throwaway cluster
//! (tests/common/pg.rs); set CRATESCOPE_BENCH_SKIP_POSTGRES=1 to skip it.
//! Run: `cargo bench -p cratescope-store --bench store`.

#[path = "../tests/common/pg.rs"]
mod pg;

use std::time::{Duration, Instant};

use cratescope_model::{Evaluation, Facts};
use cratescope_score::Model;
use cratescope_store::{SaveOptions, Store, input_digest};
use criterion::Criterion;
use jiff::Timestamp;
use jiff::civil::{Date, date};

/// Evaluations written by the throughput run.
const EVALUATIONS: usize = 10_000;
/// Crates they are spread over (100 each, the history case).
const CRATES: usize = 100;

fn card(name: &str, as_of: Date) -> (Evaluation, Facts) {
    let facts = Facts {
        name: name.into(),
        version: semver::Version::new(1, 0, 0),
        as_of,
        releases: Vec::new(),
        yanks_unknown: false,
        package: None,
        dependency_latest: None,
        transitive_deps: None,
        git: None,
        advisories: None,
        crates_io: None,
        github: None,
        docs_rs: None,
        dump: None,
        sources: Vec::new(),
    };
    (
        cratescope_score::evaluate(&facts, &Model::embedded()),
        facts,
    )
}

fn batch() -> Vec<(Evaluation, String)> {
    let (template, facts) = card("bench", date(2026, 1, 1));
    let base = input_digest(&facts, "1").unwrap_or_default();
    (0..EVALUATIONS)
        .map(|i| {
            let mut e = template.clone();
            e.name = format!("crate-{}", i % CRATES);
            e.as_of = date(2000, 1, 1)
                .checked_add(jiff::Span::new().days((i / CRATES) as i64))
                .unwrap_or(e.as_of);
            (e, format!("{base}-{i}"))
        })
        .collect()
}

fn fill(rt: &tokio::runtime::Runtime, store: &Store, label: &str) {
    let cards = batch();
    let signals: usize = cards[0].0.dimensions.iter().map(|d| d.signals.len()).sum();
    let start = Instant::now();
    rt.block_on(async {
        for (e, d) in &cards {
            let opts = SaveOptions {
                evaluated_at: Timestamp::now(),
                backfill: false,
                run: None,
            };
            if let Err(err) = store.save_with_digest(e, d, opts).await {
                panic!("{label}: {err}");
            }
        }
    });
    let took = start.elapsed();
    println!(
        "{label}: stored {EVALUATIONS} evaluations ({} dimensions, {signals} signals each) in {:.2} s ({:.0} µs each)",
        cards[0].0.dimensions.len(),
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / EVALUATIONS as f64
    );
}

fn bench(c: &mut Criterion, rt: &tokio::runtime::Runtime, store: &Store, label: &str) {
    fill(rt, store, label);
    let n = rt
        .block_on(store.history("crate-7"))
        .map(|h| h.len())
        .unwrap_or(0);
    assert_eq!(n, EVALUATIONS / CRATES);
    c.bench_function(&format!("{label}/history of 100 evaluations"), |b| {
        b.iter(|| {
            rt.block_on(store.history("crate-7"))
                .map(|h| h.len())
                .unwrap_or(0)
        })
    });
    c.bench_function(&format!("{label}/100 full cards (trends)"), |b| {
        b.iter(|| {
            rt.block_on(store.evaluations("crate-7"))
                .map(|h| h.len())
                .unwrap_or(0)
        })
    });
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let sqlite = rt
        .block_on(Store::open(&url))
        .unwrap_or_else(|e| panic!("{e}"));
    bench(&mut c, &rt, &sqlite, "sqlite");
    if std::env::var_os("CRATESCOPE_BENCH_SKIP_POSTGRES").is_none() {
        let url = rt.block_on(pg::fresh_database());
        let pg = rt
            .block_on(Store::open(&url))
            .unwrap_or_else(|e| panic!("{e}"));
        bench(&mut c, &rt, &pg, "postgres");
    }
    c.final_summary();
}
