//! RustSec advisory database reader for cratescope.
//!
//! Reads a local checkout (or copy) of the RustSec advisory database with its
//! own parser, in two modes: tolerant for evaluation cards (one malformed
//! advisory file is skipped with a warning instead of making the whole
//! database unusable) and strict for gates (`audit`: any file that does not
//! parse, or an empty database, is an error naming the files). Informational
//! advisories (unmaintained, unsound, notice) are kept, because they are the
//! strongest maturity signals. Withdrawn advisories are loaded but ignored by
//! the queries. Also keeps a shallow git clone current in the cache and
//! reports the database's age.
//!
//! Nothing here computes scores, prints or reads the wall clock: queries take
//! an `as_of` instant from the caller.

#![warn(missing_docs)]

mod db;
mod error;
mod git;
mod model;
mod parse;
mod patch;
mod version_match;

pub use db::{AdvisoryDb, AdvisoryMatches, DbSummary, KindCounts, LoadWarning, STALE_AFTER_DAYS};
pub use error::{AdvisoryError, GitCommandError};
pub use git::{CLONE_DIR_NAME, sync_clone};
pub use model::{Advisory, AdvisoryKind, Affected, Collection, CvssScore, Severity};
pub use patch::{PatchSpeed, patch_speed};
pub use version_match::req_matches;
