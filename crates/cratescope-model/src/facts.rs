//! Facts: everything the sources found about one crate, as plain data.
//!
//! Each source fills its own type directly (the index [`Release`], the
//! tarball analysis [`PackageFacts`], the repository [`GitFacts`], …);
//! signals read them and never fetch. A field that is `None` means the source
//! that feeds it did not answer; the reason lives in [`Facts::sources`], so a
//! signal can say *why* it is unavailable rather than scoring it 0.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use semver::Version;
use serde::{Deserialize, Serialize};

use crate::advisory::AdvisoryFacts;
use crate::dump::DumpFacts;
use crate::git::GitFacts;
use crate::message::Message;
use crate::online::{CratesIoFacts, DocsRsFacts, GithubFacts};
use crate::package::PackageFacts;
use crate::release::{DependencyLatest, Release};
use crate::source::{SourceId, SourceRecord};

/// Everything known about one crate at one version, as of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Crate name.
    pub name: String,
    /// The evaluated version.
    pub version: Version,
    /// The day the evaluation is computed against.
    pub as_of: Date,
    /// Releases published by `as_of`, in publish order.
    pub releases: Vec<Release>,
    /// The releases' `yanked` flags are not known as of `as_of`: the index
    /// says which versions are yanked today, not since when, so a past
    /// evaluation cannot use them (they read `false`, and what depends on
    /// them is unavailable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub yanks_unknown: bool,
    /// Tarball analysis of the evaluated version.
    pub package: Option<PackageFacts>,
    /// What the index says (as of `as_of`) about each normal and build
    /// dependency: its latest version and its compatible lines; a `None`
    /// entry means that dependency's index entry could not be read, a
    /// `None` map that no dependency was looked up.
    pub dependency_latest: Option<BTreeMap<String, Option<DependencyLatest>>>,
    /// Transitive normal dependencies pulled by default features, when resolved.
    pub transitive_deps: Option<u64>,
    /// Repository history.
    pub git: Option<GitFacts>,
    /// Advisories.
    pub advisories: Option<AdvisoryFacts>,
    /// crates.io API.
    pub crates_io: Option<CratesIoFacts>,
    /// GitHub API.
    pub github: Option<GithubFacts>,
    /// docs.rs.
    pub docs_rs: Option<DocsRsFacts>,
    /// The crates.io database dump.
    #[serde(default)]
    pub dump: Option<DumpFacts>,
    /// How each source answered.
    pub sources: Vec<SourceRecord>,
}

impl Facts {
    /// The record of a source, if it was consulted.
    pub fn source(&self, id: SourceId) -> Option<&SourceRecord> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Whether a source was consulted and answered (fresh or stale).
    pub fn was_read(&self, id: SourceId) -> bool {
        self.source(id)
            .is_some_and(|s| s.status != crate::SourceState::Unavailable)
    }

    /// Why a source's data is missing, for "unavailable: …" lines.
    pub fn unavailable_reason(&self, id: SourceId) -> Message {
        match self.source(id) {
            Some(r) => match r.reason.get() {
                Some(reason) => crate::msg!("source-reason", source = id, reason = reason.clone()),
                None => crate::msg!("source-no-data", source = id),
            },
            None => crate::msg!("source-not-consulted", source = id),
        }
    }

    /// The release being evaluated.
    pub fn evaluated_release(&self) -> Option<&Release> {
        self.releases.iter().find(|r| r.version == self.version)
    }

    /// When the source was read.
    pub fn fetched_at(&self, id: SourceId) -> Option<Timestamp> {
        self.source(id).and_then(|s| s.fetched_at)
    }
}
