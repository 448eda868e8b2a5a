//! Prints both documentation views of a `.crate`: the rustdoc-compatible
//! count for default features, and the docs.rs view (its features, cfgs and
//! target), alone and with the sibling `.crate`s given after it.
//!
//! Usage: `cargo run --release -p cratescope-analyze --example docs_view --
//! FACADE.crate [SIBLING.crate...]`, e.g. `clap-4.6.9.crate
//! clap_builder-4.6.7.crate`.

use std::process::ExitCode;

use cratescope_analyze::{
    AnalysisLimits, CrateFiles, Limits, SiblingCrate, analyze, docs_rs_view_guarded, read_crate,
};

fn load(path: &str) -> Option<CrateFiles> {
    let bytes = std::fs::read(path)
        .map_err(|e| eprintln!("{path}: {e}"))
        .ok()?;
    read_crate(&bytes, &Limits::default())
        .map_err(|e| eprintln!("{path}: {e}"))
        .ok()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((facade, rest)) = args.split_first() else {
        eprintln!("usage: docs_view FACADE.crate [SIBLING.crate...]");
        return ExitCode::FAILURE;
    };
    let Some(files) = load(facade) else {
        return ExitCode::FAILURE;
    };
    let siblings: Vec<CrateFiles> = rest.iter().filter_map(|p| load(p)).collect();
    let start = std::time::Instant::now();
    let a = analyze(&files);
    let c = a.code.doc_coverage;
    println!(
        "rustdoc view (default features): {} of {} documented, {} with examples",
        c.documented, c.total, c.with_examples
    );
    if let Some(d) = &a.code.docs_rs {
        println!(
            "docs.rs view, alone: {} ({} with examples); target {}, features [{}], cfgs [{}]; re-exports [{}]",
            d.describe(),
            d.coverage.with_examples,
            d.target,
            d.features.join(", "),
            d.cfgs.join(", "),
            d.reexported.join(", ")
        );
    }
    if !siblings.is_empty() {
        let sib: Vec<SiblingCrate<'_>> =
            siblings.iter().map(|f| SiblingCrate { files: f }).collect();
        match docs_rs_view_guarded(&files, &a.manifest, &sib, &AnalysisLimits::default()) {
            Ok(d) => println!(
                "docs.rs view, with siblings: {} ({} with examples); not measured [{}]",
                d.describe(),
                d.coverage.with_examples,
                d.not_measured.join("; ")
            ),
            Err(e) => eprintln!("docs.rs view: {e}"),
        }
    }
    for n in &a.code.not_analysed {
        println!("{}", n.describe());
    }
    println!("({:.0} ms)", start.elapsed().as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}
