//! D5 Performance. Nothing here measures runtime speed: without a
//! user-supplied benchmark results file the dimension's confidence is capped
//! (SCORING.md) and the card says so. What can be read: whether the crate
//! benchmarks itself (and in CI), what it costs to build (build scripts,
//! native links, dependency weight, download size) and no_std support.

use super::{Measure, fmt_num};
use crate::model::SignalSpec;
use cratescope_model::{Facts, PackageFacts, SourceId};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::Unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// Benchmarks in the package.
pub fn benches(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.has_benches() {
        Measure::flag(true, "benchmarks in the package")
    } else if !p.manifest.bench_dev_dependencies.is_empty() {
        Measure::flag(
            true,
            format!(
                "bench harness dev-dependency: {}",
                p.manifest.bench_dev_dependencies.join(", ")
            ),
        )
    } else {
        Measure::flag(false, "no benchmarks")
    }
}

/// Benchmarks run in CI.
pub fn bench_ci(f: &Facts, _spec: &SignalSpec) -> Measure {
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
        Some(p) if !p.layout.workflows.is_empty() => Measure::flag(
            !p.layout.bench_workflows.is_empty(),
            if !p.layout.bench_workflows.is_empty() {
                "a packaged CI workflow runs benchmarks"
            } else {
                "packaged CI workflows run no benchmarks"
            },
        ),
        _ => Measure::Unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// Build script and native links.
pub fn build_cost(f: &Facts, spec: &SignalSpec) -> Measure {
    let [none, links, build_script] = match spec.params(["s_none", "s_links", "s_build_script"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match (&p.manifest.links, p.manifest.build_script) {
        (Some(l), _) => Measure::text("links", links, format!("links native library `{l}`")),
        (None, true) => Measure::text("build-script", build_script, "has a build script"),
        (None, false) => Measure::text("none", none, "no build script"),
    }
}

/// Normal dependencies enabled by default features (direct; transitive when resolved).
pub fn dependency_weight(f: &Facts, _spec: &SignalSpec) -> Measure {
    if let Some(n) = f.transitive_deps {
        return Measure::num(
            n as f64,
            format!("{n} crates in the default-feature dependency tree"),
        );
    }
    let Some(r) = f.evaluated_release() else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Index));
    };
    let n = r.default_normal_deps().len();
    Measure::num(
        n as f64,
        format!("{n} direct dependencies with default features (tree not resolved)"),
    )
}

/// Size of the .crate file.
pub fn crate_size(f: &Facts, _spec: &SignalSpec) -> Measure {
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
pub fn no_std(f: &Facts, _spec: &SignalSpec) -> Measure {
    match pkg(f) {
        Ok(p) => Measure::flag(
            p.code.no_std,
            if p.code.no_std {
                "supports no_std"
            } else {
                "requires std"
            },
        ),
        Err(m) => m,
    }
}
