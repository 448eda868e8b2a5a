//! D8 Security: open RustSec advisories on the evaluated version (a gate),
//! advisories in the dependency tree, how fast past advisories were patched,
//! unsafe code density, fuzzing, a security policy and trusted publishing.
//!
//! Shown on every card; its weight in the default composite is 0 (SCORING.md),
//! the enterprise scenario and audit policies use it.

use super::Measure;
use crate::model::{GateSpec, SignalSpec};
use cratescope_model::{Arg, Facts, Message, SourceId, msg};

fn is_open_kind(kind: &str) -> bool {
    kind == "vulnerability" || kind == "unsound"
}

/// An advisory's kind, as the catalog names it (unknown kinds verbatim).
pub(crate) fn kind(kind: &str) -> Arg {
    Arg::from(match kind {
        "vulnerability" => msg!("advisory-kind-vulnerability"),
        "unsound" => msg!("advisory-kind-unsound"),
        "unmaintained" => msg!("advisory-kind-unmaintained"),
        "notice" => msg!("advisory-kind-notice"),
        other => return Arg::id(other),
    })
}

/// Vulnerability or unsound advisories affecting the evaluated version.
pub fn open_advisories(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(a) = &f.advisories else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    let open: Vec<Arg> = a
        .advisories
        .iter()
        .filter(|x| x.affects_evaluated && is_open_kind(&x.kind))
        .map(|x| Arg::id(x.id.clone()))
        .collect();
    if open.is_empty() {
        Measure::num_s(
            0.0,
            1.0,
            msg!("security-no-open-advisories", version = &f.version),
        )
    } else {
        Measure::num_s(
            open.len() as f64,
            0.0,
            msg!(
                "security-open-advisories",
                version = &f.version,
                ids = Arg::List(open)
            ),
        )
    }
}

/// Advisories in the resolved dependency tree, each weighed by its kind and
/// depth: a vulnerability in a direct dependency counts in full, an
/// informational `unmaintained` notice deep in the tree a little.
pub fn tree_advisories(f: &Facts, spec: &SignalSpec) -> Measure {
    let [
        vuln_direct,
        vuln_deep,
        unmaintained_direct,
        unmaintained_deep,
        other,
    ] = match spec.params([
        "w_vulnerability_direct",
        "w_vulnerability_deep",
        "w_unmaintained_direct",
        "w_unmaintained_deep",
        "w_other",
    ]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(a) = &f.advisories else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    let Some(ids) = &a.tree_advisories else {
        return Measure::unavailable(
            a.tree_note
                .clone()
                .unwrap_or_else(|| msg!("security-tree-not-resolved")),
        );
    };
    if ids.is_empty() {
        return Measure::num(0.0, msg!("security-tree-clean"));
    }
    if a.tree_findings.is_empty() {
        // Facts without kinds: every advisory weighs as a direct vulnerability.
        return Measure::num(
            ids.len() as f64 * vuln_direct,
            msg!(
                "security-tree-advisories",
                advisories = Arg::List(ids.iter().map(|i| Arg::id(i.clone())).collect())
            ),
        );
    }
    let mut total = 0.0;
    let mut parts = Vec::new();
    for t in &a.tree_findings {
        let w = match (t.kind.as_str(), t.direct) {
            ("vulnerability" | "unsound", true) => vuln_direct,
            ("vulnerability" | "unsound", false) => vuln_deep,
            ("unmaintained", true) => unmaintained_direct,
            ("unmaintained", false) => unmaintained_deep,
            _ => other,
        };
        total += w;
        let finding = if t.direct {
            msg!(
                "security-tree-finding-direct",
                id = Arg::id(t.id.clone()),
                krate = Arg::krate(t.package.clone()),
                version = Arg::version(&t.version),
                kind = kind(&t.kind)
            )
        } else {
            msg!(
                "security-tree-finding-indirect",
                id = Arg::id(t.id.clone()),
                krate = Arg::krate(t.package.clone()),
                version = Arg::version(&t.version),
                kind = kind(&t.kind)
            )
        };
        parts.push(Arg::from(finding));
    }
    Measure::num(
        total,
        msg!("security-tree-advisories", advisories = Arg::List(parts)),
    )
}

/// Time to fix, as it stands on the evaluation day: for every vulnerability
/// or soundness advisory of the last `window_days`, the days from the
/// advisory to the first patched release (0 when the fix shipped first), or,
/// when it is still open on the evaluated version, the days it has been open
/// so far (an unfixed advisory is the slowest fix, not a missing one). The
/// median of those. Advisories older than the window are left out: a fix
/// years ago says little about the team that would fix the next one, and a
/// count of old advisories grows with a crate's popularity, not its risk.
/// An advisory that affects neither the evaluated version nor has a patched
/// release (an `unaffected` range) has no fix to time.
pub fn patch_speed(f: &Facts, spec: &SignalSpec) -> Measure {
    let [window] = match spec.params(["window_days"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(a) = &f.advisories else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Advisories));
    };
    let mut days: Vec<i64> = Vec::new();
    let mut open = 0usize;
    for x in a.advisories.iter().filter(|x| is_open_kind(&x.kind)) {
        let age = days_from(x.date, f.as_of);
        if age < 0 || age as f64 > window {
            continue;
        }
        match (x.patch_days, x.affects_evaluated) {
            (Some(d), _) => days.push(d.max(0)),
            (None, true) => {
                open += 1;
                days.push(age);
            }
            (None, false) => {}
        }
    }
    if days.is_empty() {
        return Measure::unavailable(msg!(
            "source-reason",
            source = SourceId::Advisories,
            reason = msg!("security-no-recent-advisories", window = window as i64)
        ));
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    let median = if days.len().is_multiple_of(2) {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    } else {
        days[mid] as f64
    };
    let ev = if open == 0 {
        msg!(
            "security-patch-speed",
            days = Arg::Number(median),
            n = days.len(),
            window = window as i64
        )
    } else {
        msg!(
            "security-patch-speed-open",
            days = Arg::Number(median),
            n = days.len(),
            open = open,
            window = window as i64
        )
    };
    Measure::num(median, ev)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_from(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    i64::from((to - from).get_days())
}

/// Unsafe density, or `#![forbid(unsafe_code)]`.
pub fn unsafe_use(f: &Facts, spec: &SignalSpec) -> Measure {
    let [s_forbid, low, high, s_low, s_high] =
        match spec.params(["s_forbid", "low_density", "high_density", "s_low", "s_high"]) {
            Ok(p) => p,
            Err(m) => return m,
        };
    let Some(p) = &f.package else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Tarball));
    };
    if p.code.forbid_unsafe_code {
        // The attribute alone settles it, whatever the walk missed.
        return Measure::text("forbid", s_forbid, msg!("security-forbid-unsafe"));
    }
    if let Some(why) = p.code.unsafe_partial() {
        return Measure::unavailable(msg!(
            "source-reason",
            source = SourceId::Tarball,
            reason = msg!("security-unsafe-not-counted", why = why)
        ));
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
        msg!(
            "security-unsafe-density",
            blocks = u64::from(p.code.unsafe_counts.blocks),
            fns = p.unsafe_fns(),
            impls = u64::from(p.code.unsafe_counts.impls),
            lines = p.code.lines,
            per_k = Arg::Number(per_k)
        ),
    )
}

/// Fuzz targets, or fuzzing run by CI (cargo-fuzz, ClusterFuzzLite,
/// OSS-Fuzz). Fuzzing lives in the repository: only a repository that was
/// read can show there is none (a package's `fuzz/` is evidence that there
/// is).
pub fn fuzzing(f: &Facts, _spec: &SignalSpec) -> Measure {
    let targets = f
        .git
        .as_ref()
        .map(|g| g.fuzz_targets.len())
        .filter(|n| *n > 0);
    let in_ci = f
        .git
        .as_ref()
        .and_then(|g| g.fuzz_ci_evidence.first().cloned());
    let in_package = f.package.as_ref().is_some_and(|p| p.layout.has_fuzz);
    match (targets, in_ci) {
        (Some(n), Some(ci)) => Measure::flag(
            true,
            msg!("security-fuzz-targets-ci", n = n, ci = Arg::text(ci)),
        ),
        (Some(n), None) => Measure::flag(true, msg!("security-fuzz-targets", n = n)),
        (None, Some(ci)) => Measure::flag(true, msg!("security-fuzz-ci", ci = Arg::text(ci))),
        (None, None) if in_package => Measure::flag(true, msg!("security-fuzz-in-package")),
        (None, None) => match &f.git {
            Some(_) => Measure::flag(false, msg!("security-no-fuzz")),
            None => Measure::unavailable(f.unavailable_reason(SourceId::Git)),
        },
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
        Some(path) => Measure::flag(
            true,
            msg!("security-policy-present", path = Arg::code(path)),
        ),
        None if f.git.is_some() => Measure::flag(false, msg!("security-no-policy")),
        None => Measure::unavailable(f.unavailable_reason(SourceId::Git)),
    }
}

/// Trusted publishing.
pub fn trusted_publishing(f: &Facts, _spec: &SignalSpec) -> Measure {
    match f.crates_io.as_ref().and_then(|c| c.trusted_publishing) {
        Some(b) => Measure::flag(
            b,
            if b {
                msg!("security-trusted-publishing")
            } else {
                msg!("security-api-token")
            },
        ),
        None => Measure::unavailable(f.unavailable_reason(SourceId::CratesIo)),
    }
}

/// Gate `open-advisory`: a vulnerability or soundness advisory affects the
/// evaluated version.
pub fn open_advisory(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    let Some(a) = &f.advisories else {
        return Vec::new();
    };
    a.advisories
        .iter()
        .filter(|x| x.affects_evaluated && is_open_kind(&x.kind))
        .map(|x| {
            msg!(
                "gate-open-advisory",
                id = Arg::id(x.id.clone()),
                kind = kind(&x.kind),
                version = &f.version,
                title = Arg::text(x.title.clone())
            )
        })
        .collect()
}

/// The reason the published .crate was refused as `kind`, if it was.
fn refused_package(f: &Facts, kind: cratescope_model::Refusal) -> Vec<Message> {
    f.source(SourceId::Tarball)
        .filter(|r| r.refused == Some(kind))
        .map(|r| {
            vec![msg!(
                "gate-package-refused",
                krate = Arg::krate(f.name.clone()),
                version = &f.version,
                reason = r.reason.get().cloned().unwrap_or_else(|| msg!("refused"))
            )]
        })
        .unwrap_or_default()
}

/// Gate: the published .crate failed its checksum or is not a sound archive.
pub fn package_refused(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    refused_package(f, cratescope_model::Refusal::Integrity)
}

/// Gate: the published .crate is over the analysis's limits.
pub fn package_too_large(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    refused_package(f, cratescope_model::Refusal::TooLarge)
}
