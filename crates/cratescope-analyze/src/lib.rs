//! Reads a published .crate safely in memory and analyses its manifest, Rust source and README.
