//! Measure how mature a Rust crate is, from real data: scoring, signals, reports.
