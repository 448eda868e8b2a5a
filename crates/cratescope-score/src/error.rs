//! Errors of the model: an invalid model file or override, named by its key.

/// The model data or an override is invalid; the message names the key.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ModelError(pub String);
