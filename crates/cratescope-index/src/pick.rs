//! Which release a request means: the one rule every caller uses to pick a
//! version from the index (the version to evaluate, each dependency of a
//! resolved tree, the re-exported sibling crates of a docs.rs view).
//!
//! As cargo does on a fresh lockfile: the highest version that matches and
//! is not yanked, among those published by the day asked about. An exact
//! version is taken even when yanked (a lockfile may pin one). With no
//! version asked for, the highest stable release, else the highest
//! prerelease, else (every release yanked) the highest of all, so a crate
//! whose every release was pulled can still be judged.
//!
//! A release without a publish time (old index entries) counts as published
//! by any day: the index cannot say otherwise.

use jiff::Timestamp;
use semver::{Version, VersionReq};

use crate::Release;

/// What version a user or a requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionWanted {
    /// Exactly this version.
    Exact(Version),
    /// The highest version matching.
    Req(VersionReq),
}

/// Whether `r` was published by `as_of` (None: any day).
pub fn published_by(r: &Release, as_of: Option<Timestamp>) -> bool {
    match (as_of, r.pubtime) {
        (Some(day), Some(t)) => t <= day,
        _ => true,
    }
}

/// The release `wanted` means among `releases` published by `as_of`
/// (see the module docs); None when nothing fits.
pub fn pick<'a>(
    releases: impl IntoIterator<Item = &'a Release>,
    wanted: Option<&VersionWanted>,
    as_of: Option<Timestamp>,
) -> Option<&'a Release> {
    let visible: Vec<&Release> = releases
        .into_iter()
        .filter(|r| published_by(r, as_of))
        .collect();
    let best = |pred: &dyn Fn(&Release) -> bool| {
        visible
            .iter()
            .copied()
            .filter(|r| pred(r))
            .max_by(|a, b| a.version.cmp(&b.version))
    };
    match wanted {
        None => best(&|r| !r.yanked && r.version.pre.is_empty())
            .or_else(|| best(&|r| !r.yanked))
            .or_else(|| best(&|_| true)),
        Some(VersionWanted::Exact(v)) => visible.iter().copied().find(|r| r.version == *v),
        Some(VersionWanted::Req(req)) => best(&|r| !r.yanked && req.matches(&r.version)),
    }
}

/// The newest release matching `req` published by `as_of`: what a fresh
/// lockfile resolves a dependency requirement to on that day.
pub fn pick_req<'a>(
    releases: impl IntoIterator<Item = &'a Release>,
    req: &VersionReq,
    as_of: Option<Timestamp>,
) -> Option<&'a Release> {
    pick(releases, Some(&VersionWanted::Req(req.clone())), as_of)
}

/// Versions near `wanted` (two on each side of where it would sort), for a
/// "no such version; nearest: …" answer.
pub fn nearest<'a>(
    releases: impl IntoIterator<Item = &'a Release>,
    wanted: Option<&VersionWanted>,
) -> Vec<Version> {
    // An exact version, or the lower bound of a requirement (`9.9` means
    // `^9.9`, near 9.9.0).
    let target = match wanted {
        Some(VersionWanted::Exact(v)) => v.clone(),
        Some(VersionWanted::Req(r)) => r
            .comparators
            .first()
            .map(|c| Version::new(c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0)))
            .unwrap_or_else(|| Version::new(0, 0, 0)),
        None => Version::new(0, 0, 0),
    };
    let mut all: Vec<&Version> = releases.into_iter().map(|r| &r.version).collect();
    all.sort();
    let pos = all.partition_point(|v| **v < target);
    const EACH_SIDE: usize = 2;
    let lo = pos.saturating_sub(EACH_SIDE);
    let hi = (pos + EACH_SIDE).min(all.len());
    all[lo..hi].iter().map(|v| (*v).clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(v: &str, yanked: bool, day: Option<&str>) -> Release {
        Release {
            name: "x".into(),
            version: v.parse().unwrap(),
            deps: Default::default(),
            cksum: String::new(),
            features: Default::default(),
            yanked,
            links: None,
            rust_version: None,
            pubtime: day.map(|d| format!("{d}T00:00:00Z").parse().unwrap()),
        }
    }

    #[test]
    fn one_rule_for_every_caller() {
        let rs = [
            rel("1.0.0", false, Some("2020-01-01")),
            rel("1.1.0", true, Some("2021-01-01")),
            rel("1.2.0-beta.1", false, Some("2022-01-01")),
            rel("2.0.0", false, Some("2023-01-01")),
            rel("0.9.0", false, None),
        ];
        let v = |r: Option<&Release>| r.map(|r| r.version.to_string());
        assert_eq!(v(pick(&rs, None, None)), Some("2.0.0".into()));
        let day: Timestamp = "2022-06-01T00:00:00Z".parse().unwrap();
        // Stable before prerelease, yanked never for a requirement.
        assert_eq!(v(pick(&rs, None, Some(day))), Some("1.0.0".into()));
        let req = VersionReq::parse("^1").unwrap();
        assert_eq!(v(pick_req(&rs, &req, Some(day))), Some("1.0.0".into()));
        // An exact yanked version is still there.
        let exact = VersionWanted::Exact("1.1.0".parse().unwrap());
        assert_eq!(v(pick(&rs, Some(&exact), None)), Some("1.1.0".into()));
        // Not yet published on the day.
        let later = VersionWanted::Exact("2.0.0".parse().unwrap());
        assert_eq!(v(pick(&rs, Some(&later), Some(day))), None);
        // Every release yanked: the highest of all.
        let all_yanked = [rel("0.1.0", true, None), rel("0.2.0", true, None)];
        assert_eq!(v(pick(&all_yanked, None, None)), Some("0.2.0".into()));
        let near = nearest(&rs, Some(&VersionWanted::Req("^9.9".parse().unwrap())));
        assert_eq!(near.len(), 2);
        assert_eq!(near[1].to_string(), "2.0.0");
    }
}
