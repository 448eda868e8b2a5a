//! Reads the package layout: which maturity-relevant files a `.crate` ships.
//!
//! Measures: examples (`examples/` files or `[[example]]`), benches
//! (`benches/` files or `[[bench]]`), integration tests (`tests/`), fuzzing
//! (`fuzz/Cargo.toml` naming a fuzzing engine, or `fuzz/fuzz_targets/*.rs`),
//! a changelog (root file named CHANGELOG, CHANGES, RELEASES, RELEASE-NOTES,
//! NEWS or HISTORY, any case and extension), a security policy
//! (`SECURITY*` at the root, in `.github/` or `docs/`), CI workflows
//! (`.github/workflows/*.yml|yaml`) and whether any runs benchmarks, the build
//! script and a shipped `Cargo.lock`.
//!
//! "Runs benchmarks" means the workflow text mentions one of
//! [`BENCH_CI_MARKERS`] (case-insensitive): a command or a benchmark service.
//! Ignored: what the workflows do otherwise, and anything `exclude`d from the
//! package (many crates do not ship `.github/`, so absence proves little).

use crate::tarball::CrateFiles;
pub use cratescope_model::package::{LayoutFacts, ManifestFacts};

/// Text in a workflow that shows benchmarks run in CI.
pub const BENCH_CI_MARKERS: &[&str] = &[
    "cargo bench",
    "cargo criterion",
    "cargo codspeed",
    "codspeed",
    "bencher run",
    "bencherdev",
    "benchmark-action",
    "iai-callgrind",
    "gungraun",
    "cargo divan",
];

/// Root file stems (lowercase, before the first `.`) that are changelogs.
const CHANGELOG_STEMS: &[&str] = &[
    "changelog",
    "changes",
    "releases",
    "release-notes",
    "release_notes",
    "news",
    "history",
];

/// Lines in `fuzz/Cargo.toml` that name a fuzzing engine or cargo-fuzz.
const FUZZ_MARKERS: &[&str] = &["libfuzzer-sys", "cargo-fuzz", "afl", "honggfuzz"];

fn count_rs_under(files: &CrateFiles, dir: &str) -> u32 {
    let n = files
        .paths()
        .filter(|p| p.starts_with(dir) && p.ends_with(".rs"))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads the layout facts.
pub fn analyze_layout(files: &CrateFiles, manifest: &ManifestFacts) -> LayoutFacts {
    let mut f = LayoutFacts {
        example_files: count_rs_under(files, "examples/"),
        bench_files: count_rs_under(files, "benches/"),
        test_files: count_rs_under(files, "tests/"),
        build_rs: files.contains("build.rs"),
        cargo_lock: files.contains("Cargo.lock"),
        ..LayoutFacts::default()
    };
    f.has_examples = f.example_files > 0 || manifest.example_targets > 0;
    f.has_benches = f.bench_files > 0 || manifest.bench_targets > 0;
    f.has_tests = f.test_files > 0;

    let fuzz_manifest = files
        .text("fuzz/Cargo.toml")
        .is_some_and(|t| FUZZ_MARKERS.iter().any(|m| t.contains(m)));
    f.has_fuzz = fuzz_manifest || count_rs_under(files, "fuzz/fuzz_targets/") > 0;

    for p in files.paths() {
        let lower = p.to_ascii_lowercase();
        if !p.contains('/') {
            let stem = lower.split('.').next().unwrap_or("");
            if f.changelog.is_none() && CHANGELOG_STEMS.contains(&stem) {
                f.changelog = Some(p.to_owned());
            }
        }
        let name = lower.rsplit('/').next().unwrap_or("");
        let dir = &lower[..lower.len() - name.len()];
        if f.security_policy.is_none()
            && name.split('.').next() == Some("security")
            && matches!(dir, "" | ".github/" | "docs/")
        {
            f.security_policy = Some(p.to_owned());
        }
        if dir == ".github/workflows/" && (name.ends_with(".yml") || name.ends_with(".yaml")) {
            f.workflows.push(p.to_owned());
            let text = files.text(p).unwrap_or_default().to_ascii_lowercase();
            if BENCH_CI_MARKERS.iter().any(|m| text.contains(m)) {
                f.bench_workflows.push(p.to_owned());
            }
        }
    }
    f
}
