//! `cargo cratescope …`: cargo runs this binary with `cratescope` as the first
//! argument; drop it and run the same CLI.

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "cratescope") {
        args.remove(1);
    }
    cratescope_cli::run_cargo(args)
}
