//! cratescope's judgement: the maturity model as data and a pure function
//! from [`Facts`] to an [`Evaluation`].
//!
//! Same facts, same model, same `as_of` → the same evaluation, byte for byte.
//! Nothing here fetches, prints or reads the clock; every number of the
//! model lives in `model-v2.toml` with its reason, and a user's
//! `cratescope.toml` can override it.
//!
//! - [`signal`]: every signal, registered once, one file per dimension;
//! - [`gate`]: every hard flag, registered once;
//! - [`condition`]: what scenario vetoes check, registered once;
//! - [`model`]: the model file (weights, breakpoints, parameters, gates,
//!   tiers, scenarios, vetoes, floors) and user overrides, every number
//!   checked on load;
//! - [`evaluate()`]: signals → dimensions → gates → composite → tier →
//!   scenarios → strengths and risks;
//! - [`target`]: the one cfg evaluator (`cfg(…)` and target triples, with
//!   `cfg-expr`), for platform-only dependencies;
//! - [`trend`]: rings and momentum over stored evaluations;
//! - [`explain()`]: what a signal, gate or dimension measures;
//! - [`doc`]: the whole model as Markdown (docs/model.md).

#![warn(missing_docs)]

pub mod condition;
pub mod doc;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod gate;
pub mod model;
pub mod signal;
pub mod target;
pub mod trend;
mod validate;

pub use cratescope_model::{Dimension, Evaluation, Facts};
pub use error::ModelError;
pub use evaluate::evaluate;
pub use explain::explain;
pub use model::Model;
