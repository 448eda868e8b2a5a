//! Matching a version against the `patched`/`unaffected` requirements of an
//! advisory.
//!
//! The requirements use cargo's syntax and meaning (`">= 1.2.3, < 2.0.0"`,
//! `"^0.3.1"`, a bare `"1.2.3"` is a caret requirement). One rule differs on
//! purpose: cargo's `VersionReq::matches` never matches a pre-release unless a
//! comparator names a pre-release of the same `major.minor.patch`. For an
//! advisory that would call `1.5.0-beta.1` vulnerable under
//! `patched = [">= 1.2.3"]`, flagging every pre-release of a fixed crate. Here
//! a pre-release is placed by semver ordering instead, with one conservative
//! exception that keeps cargo's answer: an exclusive upper bound `< X.Y.Z`
//! (written or implied by `^`, `~`, `*`, `<=` on a partial version) excludes
//! the pre-releases of `X.Y.Z` itself, since `X.Y.Z-alpha` is already on the
//! far side of the bound. Build metadata is ignored, as cargo does.
//! For versions without a pre-release the result equals `VersionReq::matches`
//! (a test checks this on every requirement in the real database).

use semver::{Comparator, Op, Prerelease, Version, VersionReq};
use std::cmp::Ordering;

/// Whether `version` satisfies every comparator of `req` (an empty
/// requirement, `*`, matches everything).
pub fn req_matches(req: &VersionReq, version: &Version) -> bool {
    req.comparators
        .iter()
        .all(|c| comparator_matches(c, version))
}

type Triple = (u64, u64, u64);

fn triple(v: &Version) -> Triple {
    (v.major, v.minor, v.patch)
}

/// Semver precedence of `v` against `bound-pre`, ignoring build metadata.
fn cmp_full(v: &Version, bound: Triple, pre: &Prerelease) -> Ordering {
    triple(v).cmp(&bound).then_with(|| v.pre.cmp(pre))
}

fn at_least(v: &Version, bound: Triple, pre: &Prerelease) -> bool {
    cmp_full(v, bound, pre).is_ge()
}

/// Exclusive upper bound; a bound without pre-release also excludes its own
/// pre-releases (see the module docs).
fn below(v: &Version, bound: Triple, pre: &Prerelease) -> bool {
    if pre.is_empty() {
        triple(v) < bound
    } else {
        cmp_full(v, bound, pre).is_lt()
    }
}

/// `[lower, upper)` where `upper` is computed from a partial version; an
/// overflowing upper bound means "no upper bound".
fn in_range(v: &Version, lower: Triple, pre: &Prerelease, upper: Option<Triple>) -> bool {
    at_least(v, lower, pre) && upper.is_none_or(|u| below(v, u, &Prerelease::EMPTY))
}

fn next_major(major: u64) -> Option<Triple> {
    major.checked_add(1).map(|m| (m, 0, 0))
}

fn next_minor(major: u64, minor: u64) -> Option<Triple> {
    minor.checked_add(1).map(|m| (major, m, 0))
}

fn next_patch(major: u64, minor: u64, patch: u64) -> Option<Triple> {
    patch.checked_add(1).map(|p| (major, minor, p))
}

fn comparator_matches(c: &Comparator, v: &Version) -> bool {
    let (major, pre) = (c.major, &c.pre);
    let lower = (major, c.minor.unwrap_or(0), c.patch.unwrap_or(0));
    // The end of the "same prefix" range for a partial version: `1` covers
    // 1.*.*, `1.2` covers 1.2.*.
    let prefix_end = match c.minor {
        None => next_major(major),
        Some(minor) => next_minor(major, minor),
    };
    let full = c.minor.is_some() && c.patch.is_some();
    match c.op {
        Op::Exact if full => cmp_full(v, lower, pre).is_eq(),
        Op::Exact | Op::Wildcard => in_range(v, lower, pre, prefix_end),
        Op::Greater if full => cmp_full(v, lower, pre).is_gt(),
        Op::Greater => prefix_end.is_some_and(|end| at_least(v, end, &Prerelease::EMPTY)),
        Op::GreaterEq => at_least(v, lower, pre),
        Op::Less => below(v, lower, pre),
        Op::LessEq if full => cmp_full(v, lower, pre).is_le(),
        Op::LessEq => prefix_end.is_none_or(|end| below(v, end, &Prerelease::EMPTY)),
        Op::Tilde => {
            let end = match c.minor {
                None => next_major(major),
                Some(minor) => next_minor(major, minor),
            };
            in_range(v, lower, pre, end)
        }
        Op::Caret => {
            let end = match (c.minor, c.patch) {
                (None, _) => next_major(major),
                _ if major > 0 => next_major(major),
                (Some(minor), None) => next_minor(0, minor),
                (Some(minor), Some(_)) if minor > 0 => next_minor(0, minor),
                (Some(minor), Some(patch)) => next_patch(0, minor, patch),
            };
            in_range(v, lower, pre, end)
        }
        // `Op` is non-exhaustive. An operator this code does not know cannot
        // prove a version patched, so it does not match: the version stays
        // affected, the safe side for a maturity verdict.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(req: &str, v: &str) -> bool {
        let req = VersionReq::parse(req).unwrap();
        let v = Version::parse(v).unwrap();
        req_matches(&req, &v)
    }

    #[test]
    fn prerelease_sorts_below_its_release() {
        assert!(
            m(">= 1.2.3", "1.5.0-beta.1"),
            "a pre-release inside the range is placed by ordering"
        );
        assert!(
            !m(">= 1.2.3", "1.2.3-alpha"),
            "the fix's own pre-release predates the fix"
        );
        assert!(
            !m("< 1.3.0", "1.3.0-alpha"),
            "pre-releases of an upper bound are beyond it"
        );
        assert!(m("< 1.3.0-rc.1", "1.3.0-alpha"));
        assert!(!m("< 1.3.0-rc.1", "1.3.0-rc.2"));
        assert!(!m("^1.2.3", "2.0.0-alpha.1"));
        assert!(m("^1.2.3", "1.9.0-alpha.1"));
        assert!(m("=1.2.3-alpha.1", "1.2.3-alpha.1"));
        assert!(!m("=1.2.3", "1.2.3-alpha.1"));
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert!(m("=1.2.3", "1.2.3+build.5"));
        assert!(!m("< 1.2.3", "1.2.3+build.5"));
    }

    #[test]
    fn partial_versions_follow_cargo() {
        assert!(m("> 1.2", "1.3.0"));
        assert!(!m("> 1.2", "1.2.9"));
        assert!(m("<= 1.2", "1.2.9"));
        assert!(!m("<= 1.2", "1.3.0"));
        assert!(m("^0.0.3", "0.0.3"));
        assert!(!m("^0.0.3", "0.0.4"));
        assert!(m("^0.3", "0.3.9"));
        assert!(!m("^0.3", "0.4.0"));
        assert!(m("~1", "1.9.0"));
        assert!(m("1.2.*", "1.2.7"));
        assert!(!m("1.2.*", "1.3.0"));
        assert!(m("*", "0.0.1-alpha"));
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let max = u64::MAX;
        assert!(m(&format!("^{max}"), &format!("{max}.5.0")));
        assert!(m(&format!("<= {max}.{max}"), &format!("{max}.{max}.{max}")));
        assert!(!m(&format!("> {max}"), &format!("{max}.{max}.{max}")));
    }
}
