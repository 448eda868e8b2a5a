//! `cargo cratescope …`: cargo runs this binary with `cratescope` as the first
//! argument; drop it and run the same CLI.

/// The same allocator as the `cratescope` binary (see its `main.rs`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "cratescope") {
        args.remove(1);
    }
    cratescope_cli::run_cargo(args)
}
