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

use super::Measure;
use crate::model::SignalSpec;
use cratescope_model::{Arg, DumpFacts, Facts, Message, SourceId, msg};

fn binary_only(f: &Facts) -> bool {
    f.package.as_ref().is_some_and(|p| p.manifest.binary_only)
}

fn per_month(x: f64) -> Message {
    msg!("usage-per-month", n = Arg::Number(x.round()))
}

/// Downloads per month over 90 days.
pub fn downloads(f: &Facts, spec: &SignalSpec) -> Measure {
    let [binary_scale] = match spec.params(["binary_scale"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let api = f.crates_io.as_ref().and_then(|c| c.downloads_per_month);
    let dump = f.dump.as_ref().and_then(|d| d.downloads_per_month);
    let (n, source) = match (api, dump) {
        (Some(a), _) => (a, from_api(dump.map(|d| Arg::from(per_month(d))), f)),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::unavailable(both_reasons(
                f,
                msg!("usage-api-no-recent-downloads"),
                msg!("usage-dump-no-downloads"),
            ));
        }
    };
    if binary_only(f) {
        // Binaries are installed, not depended on: their downloads are scaled up.
        return Measure::num(
            n * binary_scale,
            msg!(
                "usage-downloads-binary",
                n = Arg::Number(n.round()),
                scale = Arg::Number(binary_scale),
                source = source
            ),
        );
    }
    Measure::num(
        n,
        msg!(
            "usage-downloads",
            n = Arg::Number(n.round()),
            source = source
        ),
    )
}

fn nothing_depends() -> Message {
    msg!("usage-binary-no-dependents")
}

/// Direct reverse dependencies.
pub fn dependents(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::not_applicable(nothing_depends());
    }
    let api = f.crates_io.as_ref().and_then(|c| c.dependents);
    let dump = f.dump.as_ref().and_then(|d| d.dependents);
    let (n, source) = match (api, dump) {
        (Some(a), _) => (a, from_api(dump.map(Arg::Count), f)),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::unavailable(both_reasons(
                f,
                msg!("usage-api-no-dependents"),
                msg!("usage-dump-no-dependents"),
            ));
        }
    };
    Measure::num(n as f64, msg!("usage-dependents", n = n, source = source))
}

/// Distinct owners among reverse dependencies.
pub fn dependent_owners(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::not_applicable(nothing_depends());
    }
    match f.dump.as_ref().and_then(|d| d.dependent_owners) {
        Some(n) => Measure::num(n as f64, msg!("usage-dependent-owners", n = n)),
        None => Measure::unavailable(dump_reason(f, msg!("usage-dump-no-owners"))),
    }
}

/// Transitive reverse dependencies: log2(1 + n/divisor) / log2_span.
pub fn indirect_dependents(f: &Facts, spec: &SignalSpec) -> Measure {
    let [divisor, span] = match spec.params(["divisor", "log2_span"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if binary_only(f) {
        return Measure::not_applicable(nothing_depends());
    }
    match f.dump.as_ref().and_then(|d| d.indirect_dependents) {
        Some(n) => {
            let s = ((1.0 + n as f64 / divisor).log2() / span).min(1.0);
            Measure::num_s(n as f64, s, msg!("usage-indirect-dependents", n = n))
        }
        None => Measure::unavailable(f.unavailable_reason(SourceId::Dump)),
    }
}

fn growth(x: f64) -> Message {
    msg!("usage-growth-factor", x = Arg::Number(x))
}

/// Quarter-over-quarter download growth.
pub fn usage_growth(f: &Facts, _spec: &SignalSpec) -> Measure {
    let api = f.crates_io.as_ref().and_then(|c| c.growth);
    let dump = f.dump.as_ref().and_then(|d| d.growth);
    let (g, source) = match (api, dump) {
        (Some(a), _) => (a, from_api(dump.map(|d| Arg::from(growth(d))), f)),
        (None, Some(d)) => (d, from_dump(f)),
        (None, None) => {
            return Measure::unavailable(both_reasons(
                f,
                msg!("usage-no-growth-history"),
                msg!("usage-no-growth-history"),
            ));
        }
    };
    Measure::num(g, msg!("usage-growth", growth = growth(g), source = source))
}

// ---- the db dump beside the crates.io API (issue 13) ----

/// Nothing when only the API answered; the dump's figure beside the API's
/// when the dump has the same figure too.
fn from_api(dump_figure: Option<Arg>, f: &Facts) -> Message {
    match (dump_figure, f.dump.as_ref().and_then(|d| d.dump_date)) {
        (Some(x), Some(day)) => msg!("provenance-api-and-dump", date = day, figure = x),
        _ => msg!("provenance-none"),
    }
}

/// From the crates.io db dump (of its day).
fn from_dump(f: &Facts) -> Message {
    match f.dump.as_ref().and_then(|d| d.dump_date) {
        Some(day) => msg!("provenance-dump-of", date = day),
        None => msg!("provenance-dump"),
    }
}

/// Why neither the API nor the dump gave a figure: both reasons.
fn both_reasons(f: &Facts, api_missing: Message, dump_missing: Message) -> Message {
    let api = match &f.crates_io {
        Some(_) => msg!(
            "source-reason",
            source = SourceId::CratesIo,
            reason = api_missing
        ),
        None => f.unavailable_reason(SourceId::CratesIo),
    };
    let dump = match &f.dump {
        Some(d) => past_or(d, dump_missing),
        None => f.unavailable_reason(SourceId::Dump),
    };
    msg!("clauses", parts = Arg::clauses([api, dump]))
}

/// The dump answered but not this figure: a past date it cannot
/// reconstruct, or a file missing from the dump.
fn past_or(d: &DumpFacts, missing: Message) -> Message {
    let reason = if d.not_reconstructed.is_empty() {
        missing
    } else {
        msg!("dump-past-not-reconstructible", what = missing)
    };
    msg!("source-reason", source = SourceId::Dump, reason = reason)
}

fn dump_reason(f: &Facts, missing: Message) -> Message {
    match &f.dump {
        Some(d) => past_or(d, missing),
        None => f.unavailable_reason(SourceId::Dump),
    }
}
