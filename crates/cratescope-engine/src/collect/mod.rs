//! Collecting facts, one file per source: each reads its source for one
//! crate at one `as_of`, fills the model's fact type, and says how the source
//! answered ([`cratescope_model::SourceRecord`]). A source that fails is
//! recorded as unavailable with its reason; the evaluation goes on.

pub(crate) mod advisory;
pub(crate) mod deps;
pub(crate) mod dump;
pub(crate) mod git;
pub(crate) mod index;
pub(crate) mod online;
pub(crate) mod tarball;
