//! Registry index access for cratescope: the sparse index over HTTP, cargo's local cache, and .crate downloads.
