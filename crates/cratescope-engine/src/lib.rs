//! cratescope's engine: it reads every source for one crate and scores the
//! facts ([`Evaluator`]), and runs the jobs built on that: a catalog
//! ([`catalog`]), a lockfile ([`audit`]), the tracked set ([`update`]) and
//! past quarter ends ([`backfill`]).
//!
//! It owns concurrency (one bounded helper, [`bounded`]), the per-run caches
//! (the advisory database is loaded once per evaluator; index files are read
//! once per run) and `as_of` per request. It never prints: progress goes
//! through a [`Progress`] sink, warnings are data.
//!
//! Sources fetch and parse; [`cratescope_score`] judges; this crate only
//! decides what to read, in which order, and what to do when a source fails
//! (record it as unavailable and go on).

#![warn(missing_docs)]

pub mod audit;
pub mod backfill;
pub mod bounded;
pub mod catalog;
mod collect;
pub mod config;
pub mod ecosystem;
pub mod error;
pub mod evaluator;
pub mod index_cache;
pub mod local;
pub mod progress;
pub mod repo_match;
pub mod suggest;
pub mod target;
pub mod update;

pub use collect::dump::{
    DUMP_STALE_DAYS, DumpFetched, dump_dir, dump_file, fetch_dump, import_dump,
};
pub use cratescope_dump::TableInfo as DumpTableInfo;
pub use cratescope_model as model;
pub use error::Error;
pub use evaluator::{CrateSpec, EvalOptions, Evaluator, Outcome, VersionWanted};
pub use progress::{Progress, Silent};
