//! Where each fact came from: the data sources, how each answered, and when.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::message::{Message, Messages, said_opt};

said_opt!(
    /// Why a source is unavailable or stale, or a note about it.
    source_reason::SourceReason,
    "reason",
    "reason_message"
);

/// Stable ids of the data sources, as shown in the card's `sources` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceId {
    /// The registry index (sparse HTTP, or cargo's local `.cache`).
    Index,
    /// The published `.crate` file.
    Tarball,
    /// The crate's git repository.
    Git,
    /// The RustSec advisory database.
    Advisories,
    /// The crates.io web API.
    CratesIo,
    /// The GitHub REST API.
    Github,
    /// docs.rs build status.
    DocsRs,
    /// A user-supplied benchmark results file.
    Benchmarks,
    /// The crates.io database dump.
    Dump,
    /// The catalog of crates (for cross-catalog signals).
    Catalog,
}

impl SourceId {
    /// The stable kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceId::Index => "index",
            SourceId::Tarball => "tarball",
            SourceId::Git => "git",
            SourceId::Advisories => "advisories",
            SourceId::CratesIo => "crates-io",
            SourceId::Github => "github",
            SourceId::DocsRs => "docs-rs",
            SourceId::Benchmarks => "benchmarks",
            SourceId::Dump => "dump",
            SourceId::Catalog => "catalog",
        }
    }
}

/// How a source answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    /// Read fresh.
    Ok,
    /// Could not be read; the reason says why.
    Unavailable,
    /// Read from a cache because the source could not be reached, or the data is old.
    Stale,
}

/// What happened when one source was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Which source.
    pub id: SourceId,
    /// Ok, unavailable or stale.
    pub status: SourceState,
    /// Why it is unavailable or stale; or a note ("cargo's local cache").
    #[serde(flatten)]
    pub reason: SourceReason,
    /// When the data was fetched from its origin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<Timestamp>,
    /// Unavailable because the source reports only the present and the
    /// evaluation is of a past day: not reconstructible, rather than missing.
    #[serde(default, skip_serializing_if = "is_false")]
    pub present_only: bool,
    /// The source answered and what it gave was refused: a finding about
    /// the crate (a published archive that fails its checksum, holds unsafe
    /// paths or is corrupt), not a source that was missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

/// Why what a source gave was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// Not what the registry vouched for, or not a sound archive: a
    /// checksum mismatch, unsafe or escaping paths, corrupt or truncated
    /// data. Cargo would not build it either.
    Integrity,
    /// Over the analysis's limits (inflated size, entry count): it may be
    /// sound, but it was not analysed.
    TooLarge,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl SourceRecord {
    /// A source read successfully.
    pub fn ok(id: SourceId, fetched_at: Option<Timestamp>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Ok,
            reason: SourceReason::none(),
            fetched_at,
            present_only: false,
            refused: None,
        }
    }
    /// A source that could not be read.
    pub fn unavailable(id: SourceId, reason: impl Into<Message>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Unavailable,
            reason: SourceReason::some(reason),
            fetched_at: None,
            present_only: false,
            refused: None,
        }
    }
    /// A source whose answer was refused (see [`Refusal`]).
    pub fn refused(id: SourceId, kind: Refusal, reason: impl Into<Message>) -> Self {
        SourceRecord {
            refused: Some(kind),
            ..SourceRecord::unavailable(id, reason)
        }
    }
    /// The same record with a note ("cargo's local cache", "cached copy, 3 hours old").
    pub fn noted(mut self, reason: impl Into<Message>) -> Self {
        self.reason = SourceReason::some(reason);
        self
    }
    /// A source that reports only today's figures, asked about a past day.
    pub fn not_reconstructible(id: SourceId, reason: impl Into<Message>) -> Self {
        SourceRecord {
            present_only: true,
            ..SourceRecord::unavailable(id, reason)
        }
    }
    /// A source served from an old copy.
    pub fn stale(id: SourceId, reason: impl Into<Message>, fetched_at: Option<Timestamp>) -> Self {
        SourceRecord {
            id,
            status: SourceState::Stale,
            reason: SourceReason::some(reason),
            fetched_at,
            present_only: false,
            refused: None,
        }
    }
}

/// A human name for a source, used in reasons.
pub fn source_label(id: SourceId) -> &'static str {
    match id {
        SourceId::Index => "registry index",
        SourceId::Tarball => "published .crate",
        SourceId::Git => "git repository",
        SourceId::Advisories => "RustSec advisory database",
        SourceId::CratesIo => "crates.io API",
        SourceId::Github => "GitHub API",
        SourceId::DocsRs => "docs.rs",
        SourceId::Benchmarks => "benchmark results",
        SourceId::Dump => "crates.io db dump",
        SourceId::Catalog => "catalog",
    }
}

/// The last second of a day, UTC: the evaluation day includes everything
/// published or committed up to and including it.
pub fn end_of_day(d: Date) -> Timestamp {
    d.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .and_then(|z| z.checked_add(jiff::SignedDuration::from_secs(86_399)).ok())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Messages for SourceRecord {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.reason.visit_messages(f);
    }
}
