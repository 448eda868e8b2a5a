//! Patch speed: how long after an advisory a fixed release appeared.
//!
//! Reads only the advisory's `patched` requirements and the release list the
//! caller supplies (version and publish time, e.g. from the index). Ignores
//! yanking (the caller filters if it wants to), `unaffected` requirements
//! (never having the bug is not a fix) and pre-releases (a fix published
//! only as a pre-release is not one most users can adopt).

use crate::model::{Advisory, utc_date};
use jiff::Timestamp;
use semver::Version;
use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: i64 = 86_400;

/// The first fixed release of an advisory and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchSpeed {
    /// The earliest-published stable release that matches a `patched`
    /// requirement and is not affected.
    pub first_patched: Version,
    /// When it was published.
    pub published: Timestamp,
    /// Whole days from the advisory date to the publish day (UTC); 0 when
    /// the fix was out before the advisory (coordinated disclosure).
    pub days: i64,
    /// The fix was published before the advisory date.
    pub fixed_before_advisory: bool,
}

/// Days from `advisory.date` to its first fixed release among `releases`.
///
/// The first fixed release is the earliest by publish time among stable
/// releases that match a `patched` requirement and are not affected. A fix
/// released before the advisory counts (as 0 days): coordinated disclosure
/// publishes the advisory after the fix, and skipping those releases would
/// pick some later release and report a slow fix for a fast one.
/// `None` when the advisory lists no patched versions or no release matches.
pub fn patch_speed(advisory: &Advisory, releases: &[(Version, Timestamp)]) -> Option<PatchSpeed> {
    let (version, published) = releases
        .iter()
        .filter(|(v, _)| v.pre.is_empty())
        .filter(|(v, _)| advisory.is_patched(v) && !advisory.affects(v))
        .min_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)))?;
    let raw_days = utc_date(*published).duration_since(advisory.date).as_secs() / SECONDS_PER_DAY;
    Some(PatchSpeed {
        first_patched: version.clone(),
        published: *published,
        days: raw_days.max(0),
        fixed_before_advisory: raw_days < 0,
    })
}
