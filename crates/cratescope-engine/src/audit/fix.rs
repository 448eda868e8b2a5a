//! Fix advice that works (issues 21 and 24): "upgrade time to ≥ 0.2.0"
//! fails when the parent's requirement (chrono 0.4.19 → `time ^0.1.43`)
//! excludes it. So: the lowest fixed version every parent's requirement
//! admits (`cargo update -p NAME --precise V`); else the first parent whose
//! requirement excludes every fixed version, with its lowest release whose
//! requirement admits one (or, for a workspace member, its own manifest to
//! change); and the fix's `rust-version` compared with the workspace's, so
//! "needs Rust 1.85" is said before a user tries.
//!
//! Requirements come from what each parent declared: a workspace member's
//! manifest (`cargo metadata`), a registry package's index entry. A parent
//! whose requirement is unknown (git, path, an unreadable index entry) does
//! not block. Deliberately ignored: features (a requirement holds for every
//! feature set) and the parents' own parents (one level of advice; the next
//! run gives the next).

use cratescope_model::audit::{Fix, FixRust, PackageSource};
use cratescope_model::release::DepKind;
use semver::{Version, VersionReq};

use super::index_facts::{self, Facts};
use super::lockfile::Lockfile;
use super::workspace::WorkspaceInfo;
use crate::evaluator::Evaluator;

/// A `rust-version` as a comparable version (`1.70` → 1.70.0).
pub fn rust_version(s: &str) -> Option<Version> {
    let t = s.trim();
    let parts = t.split('.').count();
    let padded = match parts {
        1 => format!("{t}.0.0"),
        2 => format!("{t}.0"),
        _ => t.to_string(),
    };
    Version::parse(&padded).ok()
}

/// What `j` requires of the package at `i` (None: unknown).
fn requirement(
    lock: &Lockfile,
    ws: &WorkspaceInfo,
    member: bool,
    facts: &Facts,
    j: usize,
    i: usize,
) -> Option<VersionReq> {
    let parent = &lock.packages[j];
    let dep = &lock.packages[i];
    let pick = |reqs: Vec<VersionReq>| -> Option<VersionReq> {
        reqs.iter()
            .find(|r| r.matches(&dep.version))
            .or(reqs.first())
            .cloned()
    };
    if member {
        let m = ws
            .members
            .iter()
            .find(|m| m.name == parent.name && m.version == parent.version)?;
        let reqs = m
            .declared
            .as_ref()?
            .iter()
            .filter(|d| d.name == dep.name && d.kind != DepKind::Dev)
            .map(|d| d.req.clone())
            .collect();
        return pick(reqs);
    }
    if parent.source != PackageSource::CratesIo {
        return None;
    }
    let f = facts.get(&index_facts::key(&parent.name, &parent.version))?;
    let reqs = f
        .deps
        .as_ref()?
        .iter()
        .filter(|d| d.name == dep.name)
        .filter_map(|d| VersionReq::parse(&d.req).ok())
        .collect();
    pick(reqs)
}

/// What the fix needs of the toolchain, when it is worth saying: more than
/// the workspace declares, or (when it declares none) more than the locked
/// version needed.
fn rust_needs(fix: Option<&str>, locked: Option<&str>, ws: &WorkspaceInfo) -> Option<FixRust> {
    let needs = fix.and_then(rust_version)?;
    let higher = match ws.rust_version() {
        Some(w) => needs > *w,
        None => locked.and_then(rust_version).is_none_or(|l| needs > l),
    };
    higher.then(|| FixRust {
        needs: fix.unwrap_or_default().to_string(),
        workspace: ws
            .rust_version()
            .map(|v| format!("{}.{}", v.major, v.minor)),
    })
}

/// The fix for the package at `i` given the fixed versions `candidates`
/// (ascending: published, not yanked, not affected).
#[allow(clippy::too_many_arguments)]
pub async fn advise(
    evaluator: &Evaluator,
    lock: &Lockfile,
    ws: &WorkspaceInfo,
    members: &[usize],
    parents: &[Vec<usize>],
    facts: &Facts,
    i: usize,
    candidates: &[Version],
) -> (Option<Fix>, Option<FixRust>) {
    let Some(fixed) = candidates.first() else {
        return (None, None);
    };
    let p = &lock.packages[i];
    let own = facts.get(&index_facts::key(&p.name, &p.version));
    let rust_of = |v: &Version| {
        own.and_then(|f| f.version(v))
            .and_then(|x| x.rust_version.clone())
    };
    let locked_rust = rust_of(&p.version);
    let reqs: Vec<(usize, VersionReq)> = parents[i]
        .iter()
        .filter_map(|&j| requirement(lock, ws, members.contains(&j), facts, j, i).map(|r| (j, r)))
        .collect();
    if let Some(c) = candidates
        .iter()
        .find(|c| reqs.iter().all(|(_, r)| r.matches(c)))
    {
        let rust = rust_needs(rust_of(c).as_deref(), locked_rust.as_deref(), ws);
        return (
            Some(Fix::Update {
                version: c.to_string(),
            }),
            rust,
        );
    }
    let Some((j, req)) = reqs
        .iter()
        .find(|(_, r)| !candidates.iter().any(|c| r.matches(c)))
        .or(reqs.first())
    else {
        return (None, None);
    };
    let parent = &lock.packages[*j];
    if members.contains(j) {
        return (
            Some(Fix::Parent {
                parent: parent.label(),
                req: req.to_string(),
                fixed: fixed.to_string(),
                to: None,
                member: true,
            }),
            rust_needs(rust_of(fixed).as_deref(), locked_rust.as_deref(), ws),
        );
    }
    // The parent's lowest later release whose requirement admits a fix.
    let mut to = None;
    let mut to_rust = None;
    if let Ok(ic) = evaluator.releases(&parent.name).await {
        let mut later: Vec<_> = ic
            .releases
            .iter()
            .filter(|r| {
                !r.yanked
                    && r.version > parent.version
                    && (r.version.pre.is_empty() || !parent.version.pre.is_empty())
            })
            .collect();
        later.sort_by(|a, b| a.version.cmp(&b.version));
        for r in later {
            let admits = r
                .deps
                .iter()
                .filter(|d| d.name == p.name && d.kind != DepKind::Dev)
                .filter_map(|d| VersionReq::parse(&d.req).ok())
                .any(|rq| candidates.iter().any(|c| rq.matches(c)));
            let drops = !r
                .deps
                .iter()
                .any(|d| d.name == p.name && d.kind != DepKind::Dev);
            if admits || drops {
                to = Some(r.version.to_string());
                to_rust = r.rust_version.clone();
                break;
            }
        }
    }
    let parent_locked_rust = facts
        .get(&index_facts::key(&parent.name, &parent.version))
        .and_then(|f| f.version(&parent.version))
        .and_then(|x| x.rust_version.clone());
    let rust = rust_needs(to_rust.as_deref(), parent_locked_rust.as_deref(), ws);
    (
        Some(Fix::Parent {
            parent: parent.label(),
            req: req.to_string(),
            fixed: fixed.to_string(),
            to,
            member: false,
        }),
        rust,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_versions_compare_as_versions() {
        assert_eq!(rust_version("1.70"), Some(Version::new(1, 70, 0)));
        assert_eq!(rust_version("1.85.1"), Some(Version::new(1, 85, 1)));
        assert_eq!(rust_version("2"), Some(Version::new(2, 0, 0)));
        assert_eq!(rust_version("one"), None);
        assert!(rust_version("1.9").unwrap() < rust_version("1.10").unwrap());
    }
}
