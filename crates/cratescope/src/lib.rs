//! cratescope measures how mature a Rust crate is, from real data, and shows why.
//!
//! The pipeline flows one way (shared/design/ARCHITECTURE.md):
//! sources (the `cratescope-index`, `cratescope-analyze`, `cratescope-git`,
//! `cratescope-advisory` and `cratescope-online` crates) → [`facts::Facts`] →
//! [`signal`] (one file per dimension) → [`score`] (the model as data) →
//! [`report::Evaluation`] → renderers.
//!
//! The library never prints and never exits: progress and warnings are data.

pub mod audit;
pub mod catalog;
pub mod config;
pub mod error;
pub mod eval;
pub mod explain;
pub mod facts;
pub mod report;
pub mod score;
pub mod signal;
pub mod trend;

pub use cratescope_http::write_atomic;
pub use error::Error;
pub use facts::Facts;
pub use report::Evaluation;
pub use score::evaluate;
pub use score::model::{Dimension, Model};
