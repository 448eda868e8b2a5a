//! Loading the full real advisory-db snapshot (target: ≤ 300 ms on 2 cores).
//! Measures parse + index time only; the snapshot is not a git checkout, so
//! no `git` process runs.

use cratescope_advisory::AdvisoryDb;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn snapshot() -> PathBuf {
    std::env::var_os("CRATESCOPE_ADVISORY_FIXTURE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/advisory-db")
        })
}

fn load(c: &mut Criterion) {
    let path = snapshot();
    c.bench_function("load advisory-db snapshot", |b| {
        b.iter(|| {
            let db = AdvisoryDb::load(black_box(&path));
            black_box(db.map(|db| db.len()).unwrap_or(0))
        })
    });
}

criterion_group! {
    name = benches;
    // Each load takes tens of milliseconds; fewer samples keep the run short.
    config = Criterion::default().sample_size(20);
    targets = load
}
criterion_main!(benches);
