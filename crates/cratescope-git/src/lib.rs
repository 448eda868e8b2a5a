//! Repository history analysis for cratescope, with gitoxide.
//!
//! This crate reads a git repository (a local path, or a clone it keeps in a
//! cache directory) and returns [`GitFacts`]: who commits and how often over
//! fixed windows ending at a caller-given `as_of`, how concentrated the work
//! is, whether published versions are tagged and the published commit is in
//! history, and which CI, benchmark-in-CI, fuzzing and security-policy files
//! the repository holds. It computes no scores: the `cratescope` crate turns
//! these facts into signals.
//!
//! It deliberately ignores the wall clock (every window ends at
//! [`HistoryOptions::as_of`]), file contents other than the handful of files
//! it names (CI workflows, the fuzz manifest, security policies), and any
//! hosting-service API: everything comes from git objects.
//!
//! How commits count: every non-merge commit reachable from `HEAD` (all
//! parents followed, not only the first), placed in a window by its
//! committer date, which is what `git log --no-merges --since=… --until=…`
//! and `git shortlog -sne --no-merges --since=… --until=…` count.

#![deny(missing_docs)]

mod address;
mod analyze;
mod clone;
mod error;
mod facts;
mod files;
mod history;
mod identity;
mod tags;
mod url;

pub use address::{AddressCheck, Pinned, is_public, public_addresses};
pub use analyze::{HistoryOptions, analyze_repository};
pub use clone::{CloneOptions, clone_or_fetch, clone_or_fetch_with, default_history_since};
pub use error::{AddressProblem, GitError, UrlProblem};
pub use facts::{AuthorCount, GitFacts, VersionTag};
pub use identity::is_bot;
pub use url::{RepoArg, RepoUrl, normalize_repository_url, remote_from_metadata};
