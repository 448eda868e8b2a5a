//! D5 Performance: evidence that the crate's authors work on its speed — a
//! benchmark suite, benchmarks run in CI, benchmark regression tracking.
//! Nothing here measures runtime speed itself (the performance-critical
//! scenario says so), and nothing here is build cost: dependency weight,
//! build scripts and download size are the footprint group
//! ([`super::footprint`]), which is not speed.
//!
//! Absence is rarely evidence: a package may leave its benches out, and the
//! repository's `benches/` is not inspected, so "no benchmarks found" is
//! unavailable, never 0. Only what the repository's CI configuration shows
//! (read in full when git was read) counts as measured absence.

use super::{Measure, dev_dependencies};
use crate::model::SignalSpec;
use cratescope_model::{Arg, Facts, Message, PackageFacts, SourceId, msg};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// A benchmark suite: benches in the package, `[[bench]]` targets, a
/// benchmark harness among the dev-dependencies, benchmarks in the
/// repository, or benchmarks run in CI. The raw value is the suite's
/// breadth — the most benchmark files or targets any of them shows (1 when
/// a suite is seen but not counted) — so one bench file weighs as the thin
/// evidence it is and a suite of ten as a body of performance work.
///
/// A suite that only a nightly toolchain builds (a packaged bench file
/// needs libtest's unstable harness, no stable harness is a
/// dev-dependency) and that no CI workflow, packaged or in the repository,
/// compiles or runs reads `s_nightly_only` whatever its breadth: nothing
/// keeps it building, so it shows that performance work was done once, not
/// that it is still checked. A workflow that compiles it (on nightly:
/// `cargo check --benches`, `cargo bench --no-run`) keeps it from drifting.
pub fn benches(f: &Facts, spec: &SignalSpec) -> Measure {
    let bench_ci = f.git.as_ref().is_some_and(|g| g.bench_ci);
    let ci_builds = f
        .git
        .as_ref()
        .is_some_and(|g| g.bench_ci || g.bench_build_ci);
    let in_repo = f
        .git
        .as_ref()
        .filter(|g| !g.bench_files.is_empty())
        .map(|g| {
            msg!(
                "perf-benches-in-repository",
                n = g.bench_files.len(),
                files = super::repo_files(&g.bench_files)
            )
        });
    let mut found = Vec::new();
    let mut breadth = f.git.as_ref().map_or(0, |g| g.bench_files.len() as u64);
    let mut nightly_only = None;
    match pkg(f) {
        Ok(p) => {
            breadth = breadth
                .max(u64::from(p.layout.bench_files))
                .max(p.manifest.bench_targets as u64);
            if p.layout.bench_files > 0 {
                found.push(msg!(
                    "perf-bench-files",
                    n = u64::from(p.layout.bench_files)
                ));
            } else if p.layout.has_benches {
                found.push(msg!("perf-benches-in-package"));
            }
            if p.manifest.bench_targets > 0 {
                found.push(msg!("perf-bench-targets", n = p.manifest.bench_targets));
            }
            let harness = dev_dependencies(p, spec.set("harnesses"));
            let nightly = p.layout.nightly_bench_files;
            let packaged_ci_builds =
                !p.layout.bench_workflows.is_empty() || !p.layout.bench_build_workflows.is_empty();
            if nightly > 0 && harness.is_empty() && !ci_builds && !packaged_ci_builds {
                nightly_only = Some(u64::from(nightly));
            }
            if !harness.is_empty() {
                found.push(msg!("perf-bench-harness", crates = Arg::crates(harness)));
            }
        }
        Err(m) if in_repo.is_none() && !bench_ci => return m,
        Err(_) => {}
    }
    if found.is_empty()
        && let Some(e) = in_repo
    {
        found.push(e);
    }
    if bench_ci {
        found.push(msg!("perf-ci-runs-benchmarks"));
    }
    if found.is_empty() {
        return Measure::unavailable(if f.git.is_some() {
            msg!("perf-no-benchmarks-anywhere")
        } else {
            msg!(
                "source-reason",
                source = SourceId::Tarball,
                reason = msg!("perf-no-benchmarks-in-package")
            )
        });
    }
    if let Some(n) = nightly_only {
        let [s] = match spec.params(["s_nightly_only"]) {
            Ok(v) => v,
            Err(m) => return m,
        };
        found.push(msg!("perf-bench-nightly-only", n = n));
        return Measure::num_s(
            breadth.max(1) as f64,
            s,
            msg!("clauses", parts = Arg::clauses(found)),
        );
    }
    Measure::num(
        breadth.max(1) as f64,
        msg!("clauses", parts = Arg::clauses(found)),
    )
}

/// Whether anything shows a benchmark suite: without one there is nothing
/// to run in CI or track, and the dimension has no data rather than a red
/// score.
fn has_benchmark_suite(f: &Facts, spec_harnesses: &[String]) -> bool {
    f.git
        .as_ref()
        .is_some_and(|g| g.bench_ci || !g.bench_files.is_empty())
        || f.package.as_ref().is_some_and(|p| {
            p.layout.has_benches
                || p.manifest.bench_targets > 0
                || !dev_dependencies(p, spec_harnesses).is_empty()
        })
}

fn no_suite() -> Message {
    msg!("perf-no-suite")
}

/// Benchmarks run in CI.
pub fn bench_ci(f: &Facts, spec: &SignalSpec) -> Measure {
    if !has_benchmark_suite(f, spec.set("harnesses")) {
        return Measure::unavailable(no_suite());
    }
    if let Some(g) = &f.git {
        return Measure::flag(
            g.bench_ci,
            if g.bench_ci {
                msg!("perf-ci-runs-benchmarks")
            } else {
                msg!("perf-no-ci-benchmarks")
            },
        );
    }
    match &f.package {
        // Workflows shipped in the package are the repository's, seen at publish time.
        Some(p) if !p.layout.workflows.is_empty() => Measure::flag(
            !p.layout.bench_workflows.is_empty(),
            if !p.layout.bench_workflows.is_empty() {
                msg!("perf-packaged-ci-runs-benchmarks")
            } else {
                msg!("perf-packaged-ci-no-benchmarks")
            },
        ),
        _ => Measure::unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// Benchmark results tracked over time: a continuous benchmarking service
/// or instruction-count benchmarks (CodSpeed, Bencher, iai-callgrind,
/// github-action-benchmark…), seen in the dev-dependencies or in CI.
pub fn regression_tracking(f: &Facts, spec: &SignalSpec) -> Measure {
    if !has_benchmark_suite(f, spec.set("harnesses")) {
        return Measure::unavailable(no_suite());
    }
    let mut found = Vec::new();
    if let Some(p) = &f.package {
        let tools = dev_dependencies(p, spec.set("tracking_crates"));
        if !tools.is_empty() {
            found.push(msg!(
                "perf-tracking-dev-dependency",
                crates = Arg::crates(tools)
            ));
        }
    }
    if let Some(g) = &f.git {
        let words = spec.set("ci_words");
        for line in &g.bench_ci_evidence {
            let lower = line.to_lowercase();
            if words.iter().any(|w| lower.contains(&w.to_lowercase())) {
                found.push(msg!("perf-tracking-ci", line = Arg::text(line.clone())));
                break;
            }
        }
    }
    if !found.is_empty() {
        return Measure::flag(true, msg!("clauses", parts = Arg::clauses(found)));
    }
    match &f.git {
        Some(_) => Measure::flag(false, msg!("perf-no-tracking")),
        None => Measure::unavailable(f.unavailable_reason(SourceId::Git)),
    }
}
