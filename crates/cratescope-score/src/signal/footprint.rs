//! The build footprint group: what depending on the crate costs at build
//! time and on disk — the normal dependencies a default build pulls in, a
//! build script or native library, the download size, no_std support.
//! Shown on every card as its own group, never part of the composite: a
//! light build is not a fast program. Scenarios may weigh it (embedded,
//! edge / WASM).

use std::collections::BTreeSet;

use super::Measure;
use crate::model::SignalSpec;
use cratescope_model::{Arg, DepKind, Facts, PackageFacts, SourceId, msg};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::unavailable(f.unavailable_reason(SourceId::Tarball)))
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
        (Some(l), _) => Measure::text(
            "links",
            links,
            msg!("footprint-links", library = Arg::code(l.clone())),
        ),
        (None, true) => Measure::text("build-script", build_script, msg!("footprint-build-script")),
        (None, false) => Measure::text("none", none, msg!("footprint-no-build-script")),
    }
}

/// Normal dependencies enabled by default features (direct; transitive when resolved).
pub fn dependency_weight(f: &Facts, _spec: &SignalSpec) -> Measure {
    if let Some(n) = f.transitive_deps {
        return Measure::num(n as f64, msg!("footprint-tree", n = n));
    }
    let Some(r) = f.evaluated_release() else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Index));
    };
    let n = r.default_normal_deps().len();
    Measure::num(n as f64, msg!("footprint-direct-unresolved", n = n))
}

/// Direct normal dependencies.
pub fn dependency_count(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(r) = f.evaluated_release() else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Index));
    };
    let names: BTreeSet<&str> = r
        .deps
        .iter()
        .filter(|d| d.kind == DepKind::Normal)
        .map(|d| d.name.as_str())
        .collect();
    Measure::num(
        names.len() as f64,
        msg!("footprint-direct", n = names.len()),
    )
}

/// Size of the .crate file.
pub fn crate_size(f: &Facts, _spec: &SignalSpec) -> Measure {
    match pkg(f) {
        Ok(p) => Measure::num(
            p.crate_size as f64,
            msg!("footprint-crate-size", size = Arg::Bytes(p.crate_size)),
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
                msg!("footprint-no-std")
            } else {
                msg!("footprint-std")
            },
        ),
        Err(m) => m,
    }
}
