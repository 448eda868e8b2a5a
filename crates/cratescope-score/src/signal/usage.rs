//! D4 Production usage, from the crates.io API (downloads, reverse
//! dependencies, growth) and the db dump (dependent owners, indirect
//! dependents). Without those sources the dimension has no evidence: it is
//! never inferred from the index.
//!
//! Binary-only crates have no dependents (unavailable, not 0) and their
//! download breakpoints shift down one decade.

use super::{Measure, fmt_num};
use crate::model::SignalSpec;
use cratescope_model::{Facts, SourceId};

fn binary_only(f: &Facts) -> bool {
    f.package.as_ref().is_some_and(|p| p.manifest.binary_only)
}

/// Downloads per month over 90 days.
pub fn downloads(f: &Facts, spec: &SignalSpec) -> Measure {
    let [binary_scale] = match spec.params(["binary_scale"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(c) = &f.crates_io else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::CratesIo));
    };
    let Some(per_month) = c.downloads_per_month else {
        return Measure::Unavailable("crates.io API: recent downloads not answered".into());
    };
    if binary_only(f) {
        // Binaries are installed, not depended on: their downloads are scaled up.
        return Measure::num(
            per_month * binary_scale,
            format!(
                "{} downloads/month (binary crate: scaled ×{})",
                fmt_num(per_month.round()),
                fmt_num(binary_scale)
            ),
        );
    }
    Measure::num(
        per_month,
        format!(
            "{} downloads/month over the last 90 days",
            fmt_num(per_month.round())
        ),
    )
}

/// Direct reverse dependencies.
pub fn dependents(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::NotApplicable("binary-only crate: nothing depends on it".into());
    }
    let Some(c) = &f.crates_io else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::CratesIo));
    };
    match c.dependents {
        Some(n) => Measure::num(n as f64, format!("{n} crates depend on it directly")),
        None => Measure::Unavailable("crates.io API: reverse dependencies not answered".into()),
    }
}

/// Distinct owners among reverse dependencies.
pub fn dependent_owners(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::NotApplicable("binary-only crate: nothing depends on it".into());
    }
    match f.dump.as_ref().and_then(|d| d.dependent_owners) {
        Some(n) => Measure::num(n as f64, format!("{n} distinct owners among dependents")),
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Dump)),
    }
}

/// Transitive reverse dependencies: log2(1 + n/divisor) / log2_span.
pub fn indirect_dependents(f: &Facts, spec: &SignalSpec) -> Measure {
    let [divisor, span] = match spec.params(["divisor", "log2_span"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if binary_only(f) {
        return Measure::NotApplicable("binary-only crate: nothing depends on it".into());
    }
    match f.dump.as_ref().and_then(|d| d.indirect_dependents) {
        Some(n) => {
            let s = ((1.0 + n as f64 / divisor).log2() / span).min(1.0);
            Measure::num_s(n as f64, s, format!("{n} crates depend on it indirectly"))
        }
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Dump)),
    }
}

/// Quarter-over-quarter download growth.
pub fn usage_growth(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(c) = &f.crates_io else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::CratesIo));
    };
    match c.growth {
        Some(g) => Measure::num(g, format!("downloads ×{g:.2} quarter over quarter")),
        None => {
            Measure::Unavailable("crates.io API: not enough download history for growth".into())
        }
    }
}
