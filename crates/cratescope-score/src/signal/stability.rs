//! D1 Version stability, from the registry index alone: how long the current
//! compatible line has lasted, how often lines break, whether there is a 1.0,
//! how long the release history is, fixes shipped on the line, yanks, MSRV.
//!
//! Only releases published by `as_of` are in [`Facts::releases`]. Prereleases
//! never start a line. Publish dates come from the index `pubtime`; when the
//! index has none, the date-based signals are unavailable rather than guessed.

use super::{
    Measure, as_of_instant, day, days_between, fmt_num, line_name, line_of, stable_releases,
};

use crate::model::{GateSpec, SignalSpec};
use cratescope_model::Facts;

const NO_DATES: &str = "registry index: no publish dates (pubtime) for this crate";

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
        return Measure::Unavailable(NO_DATES.into());
    };
    let d = days_between(*first, *last);
    Measure::num(
        d as f64,
        format!(
            "{} line from {} to {}",
            line_name(&f.version),
            day(*first),
            day(*last)
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
            return Measure::Unavailable(NO_DATES.into());
        };
        let l = line_of(&r.version);
        match firsts.iter_mut().find(|(k, _)| *k == l) {
            Some((_, ft)) if t < *ft => *ft = t,
            Some(_) => {}
            None => firsts.push((l, t)),
        }
    }
    let Some(crate_start) = firsts.iter().map(|(_, t)| *t).min() else {
        return Measure::Unavailable("registry index: no stable releases".into());
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
        format!(
            "{new_lines} new compatible lines in the last {} years",
            fmt_num(years)
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
        format!("{v} is past 1.0")
    } else {
        format!("{v} is pre-1.0")
    };
    Measure::text(raw, s, ev)
}

/// Days from the first to the latest release.
pub fn history_span(f: &Facts, _spec: &SignalSpec) -> Measure {
    let dates: Vec<jiff::Timestamp> = f.releases.iter().filter_map(|r| r.pubtime).collect();
    if dates.len() != f.releases.len() || dates.is_empty() {
        return Measure::Unavailable(NO_DATES.into());
    }
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Measure::Unavailable(NO_DATES.into());
    };
    let d = days_between(*first, *last);
    Measure::num(
        d as f64,
        format!(
            "{} releases from {} to {}",
            f.releases.len(),
            day(*first),
            day(*last)
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
        format!(
            "{fixes} releases on {} after its first",
            line_name(&f.version)
        ),
    )
}

/// Releases published by `as_of` (yanked ones left out): a long release
/// record shows a crate exercised and fixed over many versions.
pub fn release_count(f: &Facts, _spec: &SignalSpec) -> Measure {
    let live = f.releases.iter().filter(|r| !r.yanked).count();
    if f.releases.is_empty() {
        return Measure::Unavailable("registry index: no releases".into());
    }
    Measure::num(
        live as f64,
        format!("{} published", super::count(live, "release")),
    )
}

/// Share of versions that were yanked.
pub fn yank_share(f: &Facts, _spec: &SignalSpec) -> Measure {
    if f.releases.is_empty() {
        return Measure::Unavailable("registry index: no releases".into());
    }
    let yanked = f.releases.iter().filter(|r| r.yanked).count();
    let share = yanked as f64 / f.releases.len() as f64;
    Measure::num(
        share,
        format!("{yanked} of {} versions yanked", f.releases.len()),
    )
}

/// Whether the evaluated version declares an MSRV (once cargo had the
/// `rust-version` field: before it, nobody could).
pub fn msrv_declared(f: &Facts, spec: &SignalSpec) -> Measure {
    if let Some(since) = super::milestone(spec, "rust-version")
        && f.as_of < since
    {
        return Measure::Unavailable(format!("cargo had no rust-version field before {since}"));
    }
    let from_index = f.evaluated_release().and_then(|r| r.rust_version.clone());
    let from_manifest = f
        .package
        .as_ref()
        .and_then(|p| p.manifest.rust_version.clone());
    match from_index.or(from_manifest) {
        Some(v) => Measure::flag(true, format!("rust-version = {v}")),
        None => Measure::flag(false, "no rust-version declared"),
    }
}

/// Gate `all-yanked`: every version published by `as_of` is yanked.
pub fn all_yanked(f: &Facts, _spec: &GateSpec) -> Vec<String> {
    if !f.releases.is_empty() && f.releases.iter().all(|r| r.yanked) {
        vec![format!(
            "every one of the {} versions is yanked",
            f.releases.len()
        )]
    } else {
        Vec::new()
    }
}

/// Gate `prerelease-only`: only prerelease or 0.0.x versions exist.
pub fn prerelease_only(f: &Facts, _spec: &GateSpec) -> Vec<String> {
    let only_unstable = !f.releases.is_empty()
        && f.releases
            .iter()
            .all(|r| !r.version.pre.is_empty() || (r.version.major == 0 && r.version.minor == 0));
    if only_unstable {
        vec!["only prerelease or 0.0.x versions exist".into()]
    } else {
        Vec::new()
    }
}
