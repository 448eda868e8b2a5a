//! Builds and analyses the hostile crates of `cases.rs`, for
//! `scripts/hostile.sh` (which measures each under `/usr/bin/time -v`).
//!
//! Usage:
//! - `hostile list`: the case names and descriptions, tab-separated;
//! - `hostile build NAME FILE`: writes the case's `.crate` to FILE;
//! - `hostile run NAME FILE`: reads FILE, analyses it, prints what the
//!   analysis said and whether the case's check holds (exit 1 if not).

use std::process::ExitCode;
use std::time::Instant;

mod cases;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = cases::cases();
    match args.as_slice() {
        [cmd] if cmd == "list" => {
            for c in &all {
                println!("{}\t{}", c.name, c.what);
            }
            ExitCode::SUCCESS
        }
        [cmd, name, file] if cmd == "build" || cmd == "run" => {
            let Some(case) = all.iter().find(|c| c.name == name) else {
                eprintln!("no case `{name}`");
                return ExitCode::FAILURE;
            };
            if cmd == "build" {
                return match std::fs::write(file, (case.build)()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("{file}: {e}");
                        ExitCode::FAILURE
                    }
                };
            }
            let bytes = match std::fs::read(file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{file}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let start = Instant::now();
            let outcome = cases::run(&bytes);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let check = (case.check)(&outcome);
            println!(
                "{}\t{:.0} ms\t{}\t{}",
                case.name,
                ms,
                cases::summary(&outcome),
                match &check {
                    Ok(()) => "check ok".to_owned(),
                    Err(e) => format!("CHECK FAILED: {e}"),
                }
            );
            if check.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: hostile list | build NAME FILE | run NAME FILE");
            ExitCode::FAILURE
        }
    }
}
