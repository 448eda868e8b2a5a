//! D5 Performance. Nothing here measures runtime speed: without a
//! user-supplied benchmark results file the dimension's confidence is capped
//! (SCORING.md) and the card says so. What can be read: whether the crate
//! benchmarks itself (and in CI), what it costs to build (build scripts,
//! native links, dependency weight, download size) and no_std support.

use std::collections::BTreeSet;

use super::{Measure, fmt_num};
use crate::facts::{DepFact, DepKind, Facts, PackageFacts, ReleaseFact, SourceId};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::Unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// Benchmarks in the package.
pub fn benches(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.benches {
        Measure::flag(true, "benchmarks in the package")
    } else if !p.bench_harnesses.is_empty() {
        Measure::flag(
            true,
            format!(
                "bench harness dev-dependency: {}",
                p.bench_harnesses.join(", ")
            ),
        )
    } else {
        Measure::flag(false, "no benchmarks")
    }
}

/// Benchmarks run in CI.
pub fn bench_ci(f: &Facts) -> Measure {
    if let Some(g) = &f.git {
        return Measure::flag(
            g.bench_ci,
            if g.bench_ci {
                "a CI workflow runs benchmarks"
            } else {
                "no CI workflow runs benchmarks"
            },
        );
    }
    match &f.package {
        // Workflows shipped in the package are the repository's, seen at publish time.
        Some(p) if !p.ci_workflows.is_empty() => Measure::flag(
            p.bench_ci,
            if p.bench_ci {
                "a packaged CI workflow runs benchmarks"
            } else {
                "packaged CI workflows run no benchmarks"
            },
        ),
        _ => Measure::Unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// Build script and native links.
pub fn build_cost(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match (&p.links, p.build_script) {
        (Some(l), _) => Measure::text("links", 0.5, format!("links native library `{l}`")),
        (None, true) => Measure::text("build-script", 0.0, "has a build script"),
        (None, false) => Measure::text("none", 1.0, "no build script"),
    }
}

/// Normal dependencies enabled by default features (direct; transitive when resolved).
pub fn dependency_weight(f: &Facts) -> Measure {
    if let Some(n) = f.transitive_deps {
        return Measure::num(
            n as f64,
            format!("{n} crates in the default-feature dependency tree"),
        );
    }
    let Some(r) = f.evaluated_release() else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Index));
    };
    let n = default_normal_deps(r).len();
    Measure::num(
        n as f64,
        format!("{n} direct dependencies with default features (tree not resolved)"),
    )
}

/// The normal dependencies a default build pulls in: non-optional ones plus
/// optional ones enabled through the `default` feature closure.
pub fn default_normal_deps(r: &ReleaseFact) -> Vec<&DepFact> {
    let key = |d: &DepFact| d.alias.clone().unwrap_or_else(|| d.name.clone());
    let mut enabled: BTreeSet<String> = BTreeSet::new();
    let mut seen_features: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = vec!["default".to_string()];
    while let Some(feat) = stack.pop() {
        if !seen_features.insert(feat.clone()) {
            continue;
        }
        let Some(entries) = r.features.get(&feat) else {
            // An implicit feature named after an optional dependency.
            enabled.insert(feat);
            continue;
        };
        for e in entries {
            if let Some(dep) = e.strip_prefix("dep:") {
                enabled.insert(dep.to_string());
            } else if let Some((dep, _)) = e.split_once('/') {
                if !dep.ends_with('?') {
                    enabled.insert(dep.to_string());
                    if r.features.contains_key(dep) {
                        stack.push(dep.to_string());
                    }
                }
            } else {
                stack.push(e.clone());
            }
        }
    }
    let mut out: Vec<&DepFact> = Vec::new();
    let mut names = BTreeSet::new();
    for d in r.deps.iter().filter(|d| d.kind == DepKind::Normal) {
        if (!d.optional || enabled.contains(&key(d))) && names.insert(d.name.clone()) {
            out.push(d);
        }
    }
    out
}

/// Size of the .crate file.
pub fn crate_size(f: &Facts) -> Measure {
    match pkg(f) {
        Ok(p) => Measure::num(
            p.crate_size as f64,
            format!(
                "{} KB .crate",
                fmt_num((p.crate_size as f64 / 1024.0).round())
            ),
        ),
        Err(m) => m,
    }
}

/// no_std support.
pub fn no_std(f: &Facts) -> Measure {
    match pkg(f) {
        Ok(p) => Measure::flag(
            p.no_std,
            if p.no_std {
                "supports no_std"
            } else {
                "requires std"
            },
        ),
        Err(m) => m,
    }
}

/// Percentile in a user-supplied benchmark results file.
pub fn benchmark_results(f: &Facts) -> Measure {
    match f.benchmark_percentile {
        Some(p) => Measure::num(
            p,
            format!("{}th percentile among category peers", fmt_num(p.round())),
        ),
        None => Measure::Unavailable(
            "benchmark results: none supplied (runtime speed is not measured)".into(),
        ),
    }
}
