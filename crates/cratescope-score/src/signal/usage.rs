//! D4 Production usage, from the crates.io API (downloads, reverse
//! dependencies, growth) and the db dump (dependent owners, indirect
//! dependents). Without those sources the dimension has no evidence: it is
//! never inferred from the index.
//!
//! Binary-only crates have no dependents (unavailable, not 0) and their
//! download breakpoints shift down one decade.
//!
//! Downloads, dependents and growth come from the crates.io API when it
//! answered, else from the db dump (see [`from_dump`]); the evidence names
//! the source, and when both answered it gives the dump's figure beside the
//! API's.

use super::{Measure, fmt_num};
use crate::model::SignalSpec;
use cratescope_model::{DumpFacts, Facts, SourceId};

fn binary_only(f: &Facts) -> bool {
    f.package.as_ref().is_some_and(|p| p.manifest.binary_only)
}

/// Downloads per month over 90 days.
pub fn downloads(f: &Facts, spec: &SignalSpec) -> Measure {
    let [binary_scale] = match spec.params(["binary_scale"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let api = f.crates_io.as_ref().and_then(|c| c.downloads_per_month);
    let dump = f.dump.as_ref().and_then(|d| d.downloads_per_month);
    let (per_month, source) = match (api, dump) {
        (Some(a), _) => (
            a,
            from_api(dump.map(|d| format!("{}/month", fmt_num(d.round()))), f),
        ),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::Unavailable(both_reasons(
                f,
                "recent downloads not answered",
                "no downloads for this date",
            ));
        }
    };
    if binary_only(f) {
        // Binaries are installed, not depended on: their downloads are scaled up.
        return Measure::num(
            per_month * binary_scale,
            format!(
                "{} downloads/month (binary crate: scaled ×{}){source}",
                fmt_num(per_month.round()),
                fmt_num(binary_scale)
            ),
        );
    }
    Measure::num(
        per_month,
        format!(
            "{} downloads/month over the last 90 days{source}",
            fmt_num(per_month.round())
        ),
    )
}

/// Direct reverse dependencies.
pub fn dependents(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::NotApplicable("binary-only crate: nothing depends on it".into());
    }
    let api = f.crates_io.as_ref().and_then(|c| c.dependents);
    let dump = f.dump.as_ref().and_then(|d| d.dependents);
    let (n, source) = match (api, dump) {
        (Some(a), _) => (a, from_api(dump.map(|d| d.to_string()), f)),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::Unavailable(both_reasons(
                f,
                "reverse dependencies not answered",
                "no dependents for this date",
            ));
        }
    };
    Measure::num(
        n as f64,
        format!("{n} crates depend on it directly{source}"),
    )
}

/// Distinct owners among reverse dependencies.
pub fn dependent_owners(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::NotApplicable("binary-only crate: nothing depends on it".into());
    }
    match f.dump.as_ref().and_then(|d| d.dependent_owners) {
        Some(n) => Measure::num(n as f64, format!("{n} distinct owners among dependents")),
        None => Measure::Unavailable(dump_reason(f, "owners")),
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
    let api = f.crates_io.as_ref().and_then(|c| c.growth);
    let dump = f.dump.as_ref().and_then(|d| d.growth);
    let (g, source) = match (api, dump) {
        (Some(a), _) => (a, from_api(dump.map(|d| format!("×{d:.2}")), f)),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::Unavailable(both_reasons(
                f,
                "not enough download history for growth",
                "not enough download history for growth",
            ));
        }
    };
    Measure::num(g, format!("downloads ×{g:.2} quarter over quarter{source}"))
}

// ---- the db dump beside the crates.io API (issue 13) ----

/// "" when only the API answered; " (crates.io API; db dump of D: X)" when
/// the dump has the same figure too.
fn from_api(dump_figure: Option<String>, f: &Facts) -> String {
    match (dump_figure, f.dump.as_ref().and_then(|d| d.dump_date)) {
        (Some(x), Some(day)) => format!(" (crates.io API; db dump of {day}: {x})"),
        _ => String::new(),
    }
}

/// " (crates.io db dump of D)".
fn from_dump(f: &Facts) -> String {
    match f.dump.as_ref().and_then(|d| d.dump_date) {
        Some(day) => format!(" (crates.io db dump of {day})"),
        None => " (crates.io db dump)".into(),
    }
}

/// Why neither the API nor the dump gave a figure: both reasons.
fn both_reasons(f: &Facts, api_missing: &str, dump_missing: &str) -> String {
    let api = match &f.crates_io {
        Some(_) => format!("crates.io API: {api_missing}"),
        None => f.unavailable_reason(SourceId::CratesIo),
    };
    let dump = match &f.dump {
        Some(d) => past_or(d, dump_missing),
        None => f.unavailable_reason(SourceId::Dump),
    };
    format!("{api}; {dump}")
}

/// The dump answered but not this figure: a past date it cannot
/// reconstruct, or a file missing from the dump.
fn past_or(d: &DumpFacts, missing: &str) -> String {
    if d.not_reconstructed.is_empty() {
        format!("crates.io db dump: {missing}")
    } else {
        format!("crates.io db dump: {missing} (a past date: not reconstructible)")
    }
}

fn dump_reason(f: &Facts, what: &str) -> String {
    match &f.dump {
        Some(d) => past_or(d, &format!("no {what}")),
        None => f.unavailable_reason(SourceId::Dump),
    }
}
