//! D4 Production usage, from the crates.io API (downloads, reverse
//! dependencies, growth) and the db dump (dependent owners, indirect
//! dependents). Without those sources the dimension has no evidence: it is
//! never inferred from the index.
//!
//! Binary-only crates have no dependents (unavailable, not 0) and their
//! download breakpoints shift down one decade.

use super::{Measure, fmt_num};
use cratescope_model::{Facts, SourceId};

fn binary_only(f: &Facts) -> bool {
    f.package.as_ref().is_some_and(|p| p.manifest.binary_only)
}

/// Downloads per month over 90 days.
pub fn downloads(f: &Facts) -> Measure {
    let Some(c) = &f.crates_io else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::CratesIo));
    };
    let Some(per_month) = c.downloads_per_month else {
        return Measure::Unavailable("crates.io API: recent downloads not answered".into());
    };
    if binary_only(f) {
        // SCORING.md: binaries are installed, not depended on; one decade down.
        const BINARY_SHIFT: f64 = 10.0;
        return Measure::num(
            per_month * BINARY_SHIFT,
            format!(
                "{} downloads/month (binary crate: scaled ×10)",
                fmt_num(per_month.round())
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
pub fn dependents(f: &Facts) -> Measure {
    if binary_only(f) {
        return Measure::Unavailable("binary-only crate: nothing depends on it".into());
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
pub fn dependent_owners(f: &Facts) -> Measure {
    if binary_only(f) {
        return Measure::Unavailable("binary-only crate: nothing depends on it".into());
    }
    match f.dump.as_ref().and_then(|d| d.dependent_owners) {
        Some(n) => Measure::num(n as f64, format!("{n} distinct owners among dependents")),
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Dump)),
    }
}

/// Transitive reverse dependencies: log2(1 + n/4) / 8.
pub fn indirect_dependents(f: &Facts) -> Measure {
    if binary_only(f) {
        return Measure::Unavailable("binary-only crate: nothing depends on it".into());
    }
    match f.dump.as_ref().and_then(|d| d.indirect_dependents) {
        Some(n) => {
            // SCORING.md D4: log2(1 + n/4)/8 reaches 1 near a thousand crates.
            let s = ((1.0 + n as f64 / 4.0).log2() / 8.0).min(1.0);
            Measure::num_s(n as f64, s, format!("{n} crates depend on it indirectly"))
        }
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Dump)),
    }
}

/// Quarter-over-quarter download growth.
pub fn usage_growth(f: &Facts) -> Measure {
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
