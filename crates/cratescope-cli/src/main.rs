//! `cratescope`: how mature is a Rust crate, from real data, and why.

mod audit_cmd;
mod cli;
mod report_cmd;
mod store_cmds;

fn main() -> std::process::ExitCode {
    cli::run(std::env::args_os().collect())
}
