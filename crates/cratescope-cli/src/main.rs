//! `cratescope`: how mature is a Rust crate, from real data, and why.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run(std::env::args_os().collect())
}
