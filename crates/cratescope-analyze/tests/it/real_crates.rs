//! Facts of real crates pinned from before the source walk moved from
//! `syn` syntax trees to the token-level item reader: documentation
//! coverage (rustdoc's default view and the docs.rs view of the crate
//! alone), crate documentation length, unsafe counts and crate-level flags,
//! recorded by `examples/record_facts.rs` with the `syn`-based analyzer
//! into `tests/data/real_crate_facts.jsonl` for the 458 registry packages
//! of this workspace's `Cargo.lock`. Each is compared with what the
//! analyzer says now about the same `.crate` from cargo's cache (present
//! wherever this workspace was built).
//!
//! Exceptions, each named with its reason: files `syn` could not parse
//! (and the old walk then skipped) are read now, so those crates count
//! more items, never fewer, with equal unsafe counts.

use std::path::PathBuf;

use cratescope_analyze::{Limits, analyze, read_crate};
use serde_json::Value;

const FIXTURE: &str = include_str!("../data/real_crate_facts.jsonl");

/// Crates with a module file `syn` failed to parse (2015-edition syntax
/// such as bare trait objects, or `syn` 3 gaps): coverage may only grow.
const READ_WHERE_SYN_FAILED: &[&str] =
    &["libc-0.2.191", "signal-hook-registry-1.4.8", "spin-0.5.2"];

fn cache_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(cache) = home.map(|h| h.join("registry").join("cache")) else {
        return Vec::new();
    };
    std::fs::read_dir(cache)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn real_crates_keep_their_coverage_and_unsafe_counts() {
    let dirs = cache_dirs();
    let mut compared = 0;
    let mut failures = Vec::new();
    for line in FIXTURE.lines().filter(|l| !l.trim().is_empty()) {
        let want: Value = serde_json::from_str(line).expect("fixture line");
        let name = want["crate"].as_str().expect("crate");
        let Some(path) = dirs
            .iter()
            .map(|d| d.join(format!("{name}.crate")))
            .find(|p| p.is_file())
        else {
            continue;
        };
        let bytes = std::fs::read(&path).expect("read .crate");
        let a = analyze(&read_crate(&bytes, &Limits::default()).expect("a real crate"));
        let got = serde_json::json!({
            "doc_coverage": a.code.doc_coverage,
            "docs_rs": a.code.docs_rs.as_ref().map(|d| d.coverage),
            "crate_doc_chars": a.code.crate_doc_chars,
            "unsafe_counts": a.code.unsafe_counts,
            "forbid_unsafe_code": a.code.forbid_unsafe_code,
            "no_std": a.code.no_std,
            "nightly_features": a.code.nightly_features,
            "lines": a.code.lines,
        });
        compared += 1;
        let grows = READ_WHERE_SYN_FAILED.contains(&name);
        for key in [
            "doc_coverage",
            "docs_rs",
            "crate_doc_chars",
            "unsafe_counts",
            "forbid_unsafe_code",
            "no_std",
            "nightly_features",
            "lines",
        ] {
            let (w, g) = (&want[key], &got[key]);
            let ok = if grows && matches!(key, "doc_coverage" | "docs_rs") {
                g["total"].as_u64() >= w["total"].as_u64()
                    && g["documented"].as_u64() >= w["documented"].as_u64()
            } else if grows && key == "crate_doc_chars" {
                g.as_u64() >= w.as_u64()
            } else {
                w == g
            };
            if !ok {
                failures.push(format!("{name} {key}: was {w}, now {g}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Cargo's cache holds what this workspace builds for this platform:
    // most of the fixture.
    assert!(
        compared >= 200,
        "only {compared} crates found in cargo's cache"
    );
}
