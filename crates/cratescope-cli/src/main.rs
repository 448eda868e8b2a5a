//! `cratescope`: how mature is a Rust crate, from real data, and why.

/// The allocator of the whole process, workers included: the analysis and
/// the evaluation make and free millions of small objects, where glibc's
/// malloc spent a quarter of a cold audit's time (see benches/results/cold_start.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cratescope_cli::run(std::env::args_os().collect())
}
