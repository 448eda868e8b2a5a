//! D8 Security: open RustSec advisories on the evaluated version (a gate),
//! advisories in the dependency tree, how fast past advisories were patched,
//! unsafe code density, fuzzing, a security policy and trusted publishing.
//!
//! Shown on every card; its weight in the default composite is 0 (SCORING.md),
//! the enterprise scenario and audit policies use it.

use super::{Measure, fmt_num};
use crate::model::SignalSpec;
use cratescope_model::{Facts, SourceId};

fn is_open_kind(kind: &str) -> bool {
    kind == "vulnerability" || kind == "unsound"
}

/// Vulnerability or unsound advisories affecting the evaluated version.
pub fn open_advisories(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(a) = &f.advisories else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    let open: Vec<&str> = a
        .advisories
        .iter()
        .filter(|x| x.affects_evaluated && is_open_kind(&x.kind))
        .map(|x| x.id.as_str())
        .collect();
    if open.is_empty() {
        Measure::num_s(0.0, 1.0, format!("no open advisories on {}", f.version))
    } else {
        Measure::num_s(
            open.len() as f64,
            0.0,
            format!("open on {}: {}", f.version, open.join(", ")),
        )
    }
}

/// Advisories in the resolved dependency tree.
pub fn tree_advisories(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(a) = &f.advisories else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    match &a.tree_advisories {
        Some(ids) if ids.is_empty() => Measure::num(0.0, "no advisories in the dependency tree"),
        Some(ids) => Measure::num(
            ids.len() as f64,
            format!("in the dependency tree: {}", ids.join(", ")),
        ),
        None => Measure::Unavailable(
            a.tree_note
                .clone()
                .unwrap_or_else(|| "dependency tree not resolved".into()),
        ),
    }
}

/// Median days from advisory to patched release.
pub fn patch_speed(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(a) = &f.advisories else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    let mut days: Vec<i64> = a.advisories.iter().filter_map(|x| x.patch_days).collect();
    if days.is_empty() {
        return Measure::Unavailable(
            "RustSec advisory database: no patched advisories for this crate".into(),
        );
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    let median = if days.len().is_multiple_of(2) {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    } else {
        days[mid] as f64
    };
    Measure::num(
        median,
        format!(
            "median {} days to a patched release over {} advisories",
            fmt_num(median),
            days.len()
        ),
    )
}

/// Unsafe density, or `#![forbid(unsafe_code)]`.
pub fn unsafe_use(f: &Facts, spec: &SignalSpec) -> Measure {
    let [s_forbid, low, high, s_low, s_high] =
        match spec.params(["s_forbid", "low_density", "high_density", "s_low", "s_high"]) {
            Ok(p) => p,
            Err(m) => return m,
        };
    let Some(p) = &f.package else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Tarball));
    };
    if p.code.forbid_unsafe_code {
        return Measure::text("forbid", s_forbid, "#![forbid(unsafe_code)]");
    }
    let count = u64::from(p.code.unsafe_counts.blocks)
        + p.unsafe_fns()
        + u64::from(p.code.unsafe_counts.impls);
    // Density per thousand lines; an empty crate counts as one line to avoid /0.
    let per_k = count as f64 * 1000.0 / (p.code.lines.max(1) as f64);
    // Up to `low` per 1k lines → s_low, from `high` → s_high, linear in between.
    let s = if per_k <= low {
        s_low
    } else if per_k >= high {
        s_high
    } else {
        s_low - (s_low - s_high) * (per_k - low) / (high - low)
    };
    Measure::num_s(
        per_k,
        s,
        format!(
            "{} unsafe blocks, {} unsafe fns, {} unsafe impls in {} lines ({per_k:.2} per 1k)",
            p.code.unsafe_counts.blocks,
            p.unsafe_fns(),
            p.code.unsafe_counts.impls,
            p.code.lines
        ),
    )
}

/// Fuzz targets.
pub fn fuzzing(f: &Facts, _spec: &SignalSpec) -> Measure {
    let targets = f
        .git
        .as_ref()
        .map(|g| g.fuzz_targets.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| {
            f.package
                .as_ref()
                .filter(|p| p.layout.has_fuzz)
                .map(|_| vec!["fuzz/".to_string()])
        });
    match targets {
        Some(t) => Measure::flag(true, format!("{} fuzz targets", t.len())),
        None if f.git.is_some() || f.package.is_some() => Measure::flag(false, "no fuzz targets"),
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// A security policy.
pub fn security_policy(f: &Facts, _spec: &SignalSpec) -> Measure {
    let found = f
        .git
        .as_ref()
        .and_then(|g| g.security_policy.clone())
        .or_else(|| {
            f.package
                .as_ref()
                .and_then(|p| p.layout.security_policy.clone())
        });
    match found {
        Some(path) => Measure::flag(true, format!("{path} present")),
        None if f.git.is_some() => Measure::flag(false, "no security policy in the repository"),
        None => Measure::Unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// Trusted publishing.
pub fn trusted_publishing(f: &Facts, _spec: &SignalSpec) -> Measure {
    match f.crates_io.as_ref().and_then(|c| c.trusted_publishing) {
        Some(b) => Measure::flag(
            b,
            if b {
                "published by trusted publishing"
            } else {
                "published with an API token"
            },
        ),
        None => Measure::Unavailable(f.unavailable_reason(SourceId::CratesIo)),
    }
}

/// Gate `open-advisory`: a vulnerability or soundness advisory affects the
/// evaluated version.
pub fn open_advisory(f: &Facts) -> Vec<String> {
    let Some(a) = &f.advisories else {
        return Vec::new();
    };
    a.advisories
        .iter()
        .filter(|x| x.affects_evaluated && is_open_kind(&x.kind))
        .map(|x| format!("{} ({}) affects {}: {}", x.id, x.kind, f.version, x.title))
        .collect()
}
