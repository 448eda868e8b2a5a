//! The registry index: the crate must exist; its releases published by
//! `as_of` are the evaluation's history, and the version to evaluate is
//! chosen among them.

use cratescope_index::{Freshness, IndexCrate, IndexOrigin, Release};
use cratescope_model::{SourceId, SourceRecord};
use semver::Version;

use crate::error::Error;
use crate::evaluator::VersionWanted;

pub(crate) fn index_record(ic: &IndexCrate, offline: bool) -> SourceRecord {
    match &ic.origin {
        IndexOrigin::Http {
            fetched_at,
            age_seconds,
            freshness,
            ..
        } => match freshness {
            Freshness::Stale => SourceRecord::stale(
                SourceId::Index,
                format!(
                    "registry unreachable: cached index from {}, {} old",
                    fetched_at,
                    human_age(*age_seconds)
                ),
                Some(*fetched_at),
            ),
            Freshness::Cached => {
                SourceRecord::ok(SourceId::Index, Some(*fetched_at)).noted(format!(
                    "{}cached copy, {} old",
                    if offline { "offline: " } else { "" },
                    human_age(*age_seconds)
                ))
            }
            Freshness::Fetched | Freshness::Revalidated => {
                SourceRecord::ok(SourceId::Index, Some(*fetched_at))
            }
        },
        IndexOrigin::CargoCache { path, modified } => {
            let note = format!("cargo's local cache ({})", path.display());
            if offline {
                SourceRecord::ok(SourceId::Index, *modified).noted(note)
            } else {
                SourceRecord::stale(
                    SourceId::Index,
                    format!("registry unreachable: {note}"),
                    *modified,
                )
            }
        }
    }
}

pub(crate) fn human_age(seconds: i64) -> String {
    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;
    if seconds >= DAY {
        format!("{} days", seconds / DAY)
    } else if seconds >= HOUR {
        format!("{} hours", seconds / HOUR)
    } else {
        format!("{} minutes", (seconds / 60).max(0))
    }
}

pub(crate) fn choose_version<'a>(
    name: &str,
    visible: &[&'a Release],
    wanted: Option<&VersionWanted>,
) -> Result<&'a Release, Error> {
    let best = |pred: &dyn Fn(&Release) -> bool| {
        visible
            .iter()
            .copied()
            .filter(|r| pred(r))
            .max_by(|a, b| a.version.cmp(&b.version))
    };
    let found = match wanted {
        None => best(&|r| !r.yanked && r.version.pre.is_empty())
            .or_else(|| best(&|r| !r.yanked))
            .or_else(|| best(&|_| true)),
        Some(VersionWanted::Exact(v)) => visible.iter().copied().find(|r| r.version == *v),
        Some(VersionWanted::Req(req)) => best(&|r| !r.yanked && req.matches(&r.version)),
    };
    found.ok_or_else(|| {
        // Suggest versions near the one asked for: an exact version, or the
        // lower bound of a requirement (`9.9` means `^9.9`, near 9.9.0).
        let target = match wanted {
            Some(VersionWanted::Exact(v)) => v.clone(),
            Some(VersionWanted::Req(r)) => r
                .comparators
                .first()
                .map(|c| Version::new(c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0)))
                .unwrap_or_else(|| Version::new(0, 0, 0)),
            None => Version::new(0, 0, 0),
        };
        let mut all: Vec<&Version> = visible.iter().map(|r| &r.version).collect();
        all.sort();
        let pos = all.partition_point(|v| **v < target);
        // Two on each side of where the version would be.
        const EACH_SIDE: usize = 2;
        let lo = pos.saturating_sub(EACH_SIDE);
        let hi = (pos + EACH_SIDE).min(all.len());
        let nearest: Vec<String> = all[lo..hi].iter().map(|v| v.to_string()).collect();
        Error::VersionNotFound {
            name: name.to_string(),
            version: match wanted {
                Some(VersionWanted::Exact(v)) => v.to_string(),
                Some(VersionWanted::Req(r)) => r.to_string(),
                None => "any".into(),
            },
            nearest: nearest.join(", "),
        }
    })
}
