//! crates.io API, GitHub and docs.rs clients for cratescope.
