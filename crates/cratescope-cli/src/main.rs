//! `cratescope`: how mature is a Rust crate, from real data, and why.

fn main() -> std::process::ExitCode {
    cratescope_cli::run(std::env::args_os().collect())
}
