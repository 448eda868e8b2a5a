//! The cratescope command line as a library, shared by both binaries
//! (`cratescope` and `cargo-cratescope`): clap structs, one conversion into
//! engine requests, and printing what the report crate renders. No business
//! logic lives here (STYLE.md).
//!
//! Exit codes: 0 success · 1 a policy or threshold failed · 2 error.

mod audit_cmd;
mod cli;
mod dump_cmd;
mod eco_cmd;
mod fail;
mod init_cmd;
mod progress;
mod report_cmd;
mod serve_cmd;
mod store_cmds;

pub use cli::{run, run_cargo};
