//! What every server test binary shares: the facts of a small crate.

use cratescope_model::{Facts, Release};
use jiff::civil::date;

/// `name` with `releases` versions 1.0.0, 1.1.0, … 40 days apart, as of
/// 2026-11-25, every other source absent.
pub fn facts(name: &str, releases: u64) -> Facts {
    let rel: Vec<Release> = (0..releases)
        .map(|i| Release {
            name: name.into(),
            cksum: String::new(),
            version: semver::Version::new(1, i, 0),
            pubtime: jiff::Timestamp::from_second(1_600_000_000 + 86_400 * 40 * i as i64).ok(),
            yanked: false,
            rust_version: None,
            links: None,
            deps: Default::default(),
            features: Default::default(),
        })
        .collect();
    Facts {
        name: name.into(),
        version: rel.last().unwrap().version.clone(),
        as_of: date(2026, 11, 25),
        releases: rel,
        yanks_unknown: false,
        package: None,
        dependency_latest: None,
        transitive_deps: None,
        git: None,
        advisories: None,
        crates_io: None,
        github: None,
        docs_rs: None,
        dump: None,
        sources: Vec::new(),
    }
}
