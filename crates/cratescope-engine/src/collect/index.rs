//! The registry index: the crate must exist; its releases published by
//! `as_of` are the evaluation's history, and the version to evaluate is
//! chosen among them (by the index crate's one release picker).

use cratescope_index::{Freshness, IndexCrate, IndexOrigin, Release, VersionWanted, pick};
use cratescope_model::{Arg, Message, SourceId, SourceRecord, end_of_day, msg};
use jiff::civil::Date;

use crate::error::Error;

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
                msg!(
                    "index-stale-copy",
                    day = fetched_at.to_zoned(jiff::tz::TimeZone::UTC).date(),
                    age = age(*age_seconds)
                ),
                Some(*fetched_at),
            ),
            Freshness::Cached => {
                let note = if offline {
                    msg!("index-cached-copy-offline", age = age(*age_seconds))
                } else {
                    msg!("index-cached-copy", age = age(*age_seconds))
                };
                SourceRecord::ok(SourceId::Index, Some(*fetched_at)).noted(note)
            }
            Freshness::Fetched | Freshness::Revalidated => {
                SourceRecord::ok(SourceId::Index, Some(*fetched_at))
            }
        },
        IndexOrigin::CargoCache { path, modified } => {
            let path = Arg::code(path.display().to_string());
            if offline {
                SourceRecord::ok(SourceId::Index, *modified)
                    .noted(msg!("index-cargo-cache", path = path))
            } else {
                SourceRecord::stale(
                    SourceId::Index,
                    msg!("index-cargo-cache-unreachable", path = path),
                    *modified,
                )
            }
        }
    }
}

/// An age given in seconds, in the unit that reads best.
pub(crate) fn age(seconds: i64) -> Message {
    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;
    if seconds >= DAY {
        msg!("engine-age", age = Arg::Days(seconds / DAY))
    } else if seconds >= HOUR {
        msg!("engine-age-hours", n = (seconds / HOUR) as u64)
    } else {
        msg!("engine-age-minutes", n = (seconds / 60).max(0) as u64)
    }
}

/// The release `wanted` names among those published by `as_of_day`, or why
/// there is none.
pub(crate) fn choose_version<'a>(
    name: &str,
    releases: &'a [Release],
    wanted: Option<&VersionWanted>,
    as_of_day: Date,
) -> Result<&'a Release, Error> {
    let as_of = end_of_day(as_of_day);
    if let Some(r) = pick(releases, wanted, Some(as_of)) {
        return Ok(r);
    }
    let visible: Vec<&Release> = releases
        .iter()
        .filter(|r| cratescope_index::published_by(r, Some(as_of)))
        .collect();
    if visible.is_empty() {
        return Err(Error::NoReleaseBy {
            name: name.to_string(),
            as_of: as_of_day,
        });
    }
    Err(Error::VersionNotFound {
        name: name.to_string(),
        version: match wanted {
            Some(VersionWanted::Exact(v)) => v.to_string(),
            Some(VersionWanted::Req(r)) => r.to_string(),
            None => "*".into(),
        },
        nearest: cratescope_index::nearest(visible, wanted),
    })
}
