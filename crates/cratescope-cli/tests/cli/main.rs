//! Integration tests of the `cratescope` binary, all offline: a fake cargo
//! home built by the tests (real sparse-index files from testdata/ for
//! itoa and semver, crates the tests build themselves) and the real RustSec
//! snapshot. One test binary, as ripgrep does.

mod audit;
mod chromium;
mod consumers;
mod dump;
mod ecosystem;
mod eval;
mod hostile;
mod isolation;
mod layering;
mod online;
mod registry;
mod report;
mod review;
mod schemas;
mod serve;
mod serve_limits;
mod store;
