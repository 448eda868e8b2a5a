//! Which platform-specific dependencies apply to a build: the one cfg
//! evaluator of the project lives in the score crate (it judges
//! platform-only dependencies too); the engine resolves trees with it.

pub use cratescope_score::target::{DEFAULT_TRIPLE, Platform, UnknownTarget};
