//! D1 Version stability, from the registry index alone: how long the current
//! compatible line has lasted, how often lines break, whether there is a 1.0,
//! how long the release history is, fixes shipped on the line, yanks, MSRV.
//!
//! Only releases published by `as_of` are in [`Facts::releases`]. Prereleases
//! never start a line. Publish dates come from the index `pubtime`; when the
//! index has none, the date-based signals are unavailable rather than guessed.

use super::{Measure, as_of_instant, date, days_between, line_name, line_of, stable_releases};

use crate::model::{GateSpec, SignalSpec};
use cratescope_model::{Arg, Facts, Message, SourceId, msg};

fn no_dates() -> Message {
    super::maintenance::no_dates()
}

fn index_reason(m: Message) -> Message {
    msg!("source-reason", source = SourceId::Index, reason = m)
}

/// Days over which the evaluated version's compatible line has shipped
/// without breaking: from its first release to its latest one by `as_of`.
/// Quiet time after the last release proves nothing about compatibility,
/// so it does not count (a 1.0.0 published once, years ago, has shown
/// nothing yet).
pub fn current_line_span(f: &Facts, _spec: &SignalSpec) -> Measure {
    let line = line_of(&f.version);
    let dates: Vec<jiff::Timestamp> = stable_releases(f)
        .chain(f.evaluated_release())
        .filter(|r| line_of(&r.version) == line)
        .filter_map(|r| r.pubtime)
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Measure::unavailable(no_dates());
    };
    let d = days_between(*first, *last);
    Measure::num(
        d as f64,
        msg!(
            "stability-line-span",
            line = Arg::version(line_name(&f.version)),
            first = date(*first),
            last = date(*last)
        ),
    )
}

/// New compatible lines per year over the last three years (or the crate's life).
pub fn breaking_cadence(f: &Facts, spec: &SignalSpec) -> Measure {
    let [window_days, min_window_days] = match spec.params(["window_days", "min_window_days"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let now = as_of_instant(f);
    // First release of every line, in publish order.
    let mut firsts: Vec<((u64, u64, u64), jiff::Timestamp)> = Vec::new();
    for r in stable_releases(f) {
        let Some(t) = r.pubtime else {
            return Measure::unavailable(no_dates());
        };
        let l = line_of(&r.version);
        match firsts.iter_mut().find(|(k, _)| *k == l) {
            Some((_, ft)) if t < *ft => *ft = t,
            Some(_) => {}
            None => firsts.push((l, t)),
        }
    }
    let Some(crate_start) = firsts.iter().map(|(_, t)| *t).min() else {
        return Measure::unavailable(index_reason(msg!("index-no-stable-releases")));
    };
    // The window is the crate's life, at least `min_window_days` (a shorter
    // one would turn one release into a huge rate) and at most `window_days`.
    let life = days_between(crate_start, now);
    let window = life.clamp(
        min_window_days as i64,
        (window_days as i64).max(min_window_days as i64),
    );
    let since = now.as_second() - window * 86_400;
    // The crate's very first line is not a break.
    let new_lines = firsts
        .iter()
        .filter(|(_, t)| t.as_second() >= since && *t != crate_start)
        .count();
    let years = window as f64 / 365.0;
    let rate = new_lines as f64 / years;
    Measure::num(
        rate,
        msg!(
            "stability-breaking-cadence",
            n = new_lines,
            window = Arg::Days(window)
        ),
    )
}

/// Whether the evaluated version promises semver stability.
pub fn stable_major(f: &Facts, spec: &SignalSpec) -> Measure {
    let [stable, zero_minor, zero_zero] =
        match spec.params(["s_stable", "s_zero_minor", "s_zero_zero"]) {
            Ok(p) => p,
            Err(m) => return m,
        };
    let v = &f.version;
    let s = if v.major >= 1 {
        stable
    } else if v.minor > 0 {
        zero_minor
    } else {
        zero_zero
    };
    let raw = format!("{v}");
    let ev = if v.major >= 1 {
        msg!("stability-past-1", version = v)
    } else {
        msg!("stability-pre-1", version = v)
    };
    Measure::text(raw, s, ev)
}

/// Days from the first to the latest release.
pub fn history_span(f: &Facts, _spec: &SignalSpec) -> Measure {
    let dates: Vec<jiff::Timestamp> = f.releases.iter().filter_map(|r| r.pubtime).collect();
    if dates.len() != f.releases.len() || dates.is_empty() {
        return Measure::unavailable(no_dates());
    }
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Measure::unavailable(no_dates());
    };
    let d = days_between(*first, *last);
    Measure::num(
        d as f64,
        msg!(
            "stability-history-span",
            n = f.releases.len(),
            first = date(*first),
            last = date(*last)
        ),
    )
}

/// Non-breaking releases on the current line.
pub fn line_releases(f: &Facts, _spec: &SignalSpec) -> Measure {
    let line = line_of(&f.version);
    let n = stable_releases(f)
        .filter(|r| line_of(&r.version) == line && r.version <= f.version)
        .count();
    let fixes = n.saturating_sub(1);
    Measure::num(
        fixes as f64,
        msg!(
            "stability-line-releases",
            n = fixes,
            line = Arg::version(line_name(&f.version))
        ),
    )
}

/// Releases published by `as_of` (yanked ones left out): a long release
/// record shows a crate exercised and fixed over many versions.
pub fn release_count(f: &Facts, _spec: &SignalSpec) -> Measure {
    let live = f.releases.iter().filter(|r| !r.yanked).count();
    if f.releases.is_empty() {
        return Measure::unavailable(index_reason(msg!("index-no-releases")));
    }
    Measure::num(live as f64, msg!("stability-release-count", n = live))
}

/// Share of versions that were yanked.
pub fn yank_share(f: &Facts, _spec: &SignalSpec) -> Measure {
    if f.releases.is_empty() {
        return Measure::unavailable(index_reason(msg!("index-no-releases")));
    }
    if f.yanks_unknown {
        return Measure::unavailable(index_reason(msg!(
            "stability-yanks-unknown",
            date = f.as_of
        )));
    }
    let yanked = f.releases.iter().filter(|r| r.yanked).count();
    let share = yanked as f64 / f.releases.len() as f64;
    Measure::num(
        share,
        msg!(
            "stability-yanked",
            yanked = yanked,
            total = f.releases.len()
        ),
    )
}

/// Whether the evaluated version declares an MSRV (once cargo had the
/// `rust-version` field: before it, nobody could).
pub fn msrv_declared(f: &Facts, spec: &SignalSpec) -> Measure {
    if let Some(since) = super::milestone(spec, "rust-version")
        && f.as_of < since
    {
        return Measure::unavailable(msg!("stability-no-rust-version-field", since = since));
    }
    let from_index = f.evaluated_release().and_then(|r| r.rust_version.clone());
    let from_manifest = f
        .package
        .as_ref()
        .and_then(|p| p.manifest.rust_version.clone());
    match from_index.or(from_manifest) {
        Some(v) => Measure::flag(true, msg!("stability-msrv", version = Arg::version(v))),
        None => Measure::flag(false, msg!("stability-no-msrv")),
    }
}

/// Gate `all-yanked`: every version published by `as_of` is yanked.
pub fn all_yanked(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    if !f.yanks_unknown && !f.releases.is_empty() && f.releases.iter().all(|r| r.yanked) {
        vec![msg!("gate-all-yanked", n = f.releases.len())]
    } else {
        Vec::new()
    }
}

/// Gate `prerelease-only`: only prerelease or 0.0.x versions exist.
pub fn prerelease_only(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    let only_unstable = !f.releases.is_empty()
        && f.releases
            .iter()
            .all(|r| !r.version.pre.is_empty() || (r.version.major == 0 && r.version.minor == 0));
    if only_unstable {
        vec![msg!("gate-prerelease-only")]
    } else {
        Vec::new()
    }
}
