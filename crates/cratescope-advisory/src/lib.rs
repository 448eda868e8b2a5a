//! RustSec advisory database reader for cratescope.
