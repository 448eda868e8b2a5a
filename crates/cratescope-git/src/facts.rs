//! The plain-data result of a repository analysis is the model's
//! [`GitFacts`] (with its evidence sentences); this crate fills it.

pub use cratescope_model::git::{AuthorCount, GitFacts, VersionTag};
