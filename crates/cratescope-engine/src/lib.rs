//! cratescope's engine: one entry, [`Evaluator::evaluate`], that takes a
//! [`Request`] (a published crate, a local directory, as of a day, scored on
//! a given tree) and returns the card with the facts behind it; and the jobs
//! built on it: a batch ([`Evaluator::evaluate_many`]), a catalog and its
//! document ([`catalog::report`]), a lockfile ([`audit`]), the tracked set
//! ([`update`]) and past quarter ends ([`backfill`]). Name resolution ("did
//! you mean", cargo's other spelling) and history loading ([`history`]) live
//! here too.
//!
//! It owns concurrency (one bounded helper, [`bounded`]; one runtime,
//! [`runtime()`]), the per-run caches (the advisory database is loaded once
//! per evaluator; index files are read once per run) and `as_of` per
//! request. It never prints: progress goes through a [`Progress`] sink;
//! warnings, notes and errors are messages.
//!
//! Sources fetch and parse; [`cratescope_score`] judges; this crate only
//! decides what to read, in which order, and what to do when a source fails
//! (record it as unavailable and go on).

#![warn(missing_docs)]

pub mod analysis;
pub mod audit;
pub mod backfill;
pub mod bounded;
pub mod catalog;
mod collect;
pub mod config;
pub mod ecosystem;
pub mod error;
pub mod evaluator;
pub mod history;
pub mod index_cache;
pub mod local;
pub mod progress;
pub mod repo_match;
pub mod request;
pub mod runtime;
pub mod suggest;
pub mod target;
pub mod update;
pub mod workspace;

pub use collect::advisory::{AdvisoryDbUnavailable, advisory_db_path};
pub use collect::dump::{
    DUMP_STALE_DAYS, DumpFetched, dump_dir, dump_file, error_message as dump_error_message,
    fetch_dump, import_dump,
};
pub use cratescope_dump::Applied as DumpApplied;
pub use cratescope_dump::TableInfo as DumpTableInfo;
pub use cratescope_git::RepoArg;
pub use cratescope_model as model;
pub use error::{Error, ErrorKind};
pub use evaluator::{EvalOptions, Evaluator, Outcome};
pub use progress::{Progress, Silent};
pub use request::{CrateSpec, Request, Target, VersionWanted};
pub use runtime::runtime;
