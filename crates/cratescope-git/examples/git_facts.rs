//! Print the `GitFacts` of a repository as JSON, with the time the analysis
//! took on stderr: `cargo run --release -p cratescope-git --example git_facts
//! -- <repo> [as_of] [path_in_vcs] [crate] [v1,v2,…]`. Used by `benches/compare-with-git.sh`.

use std::path::PathBuf;
use std::process::ExitCode;

use cratescope_git::{HistoryOptions, analyze_repository};
use jiff::Timestamp;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: git_facts <repo> [as_of RFC 3339] [path_in_vcs] [crate] [v1,v2,…]");
        return ExitCode::from(2);
    };
    let as_of = match args.next().map(|s| s.parse::<Timestamp>()) {
        None => Timestamp::now(),
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("error: bad as_of: {e}");
            return ExitCode::from(2);
        }
    };
    let mut opts = HistoryOptions::new(as_of, "");
    opts.path_in_vcs = args.next().filter(|p| !p.is_empty());
    opts.crate_name = args.next().unwrap_or_default();
    opts.versions = args
        .next()
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let started = std::time::Instant::now();
    match analyze_repository(&path, &opts) {
        Ok(facts) => {
            eprintln!(
                "analyze_repository: {:.3} s",
                started.elapsed().as_secs_f64()
            );
            match serde_json::to_string_pretty(&facts) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let mut msg = format!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!("\n  caused by: {s}"));
                source = s.source();
            }
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}
