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
//! [`BENCH_CI_MARKERS`] (case-insensitive): a command or a benchmark service;
//! "builds the benchmarks" adds [`BENCH_BUILD_MARKERS`] (`--benches`,
//! `--all-targets`, `--bench NAME`).
//! Ignored: what the workflows do otherwise, and anything `exclude`d from the
//! package (many crates do not ship `.github/`, so absence proves little).
//!
//! A bench file "needs nightly" when, outside comments, a line opens with
//! `#![feature(` (any whitespace), with `#![cfg_attr(` and enables
//! `feature(test…)`, or declares `extern crate test` (possibly behind a
//! `#[cfg(…)]` on the same line): libtest's `#[bench]` harness has never
//! been stable, so such a file builds on a nightly toolchain only (or,
//! behind a cfg, benchmarks nothing on stable). Block comments are skipped
//! line by line; an attribute split over several lines is not recognised.

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

/// Text in a workflow that shows the bench targets compiled, run or not
/// (`cargo check --benches`, `cargo clippy --all-targets`, `cargo bench
/// --no-run`), besides [`BENCH_CI_MARKERS`].
pub const BENCH_BUILD_MARKERS: &[&str] = &["--benches", "--all-targets", "--bench "];

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

/// Whether a bench file needs a nightly toolchain (see the module docs).
pub fn bench_needs_nightly(text: &str) -> bool {
    let mut in_block = false;
    for line in text.lines() {
        let mut l = line.trim();
        if in_block {
            match l.find("*/") {
                Some(end) => {
                    in_block = false;
                    l = l[end + 2..].trim_start();
                }
                None => continue,
            }
        }
        if l.starts_with("//") {
            continue;
        }
        if let Some(rest) = l.strip_prefix("/*") {
            match rest.find("*/") {
                Some(end) => l = rest[end + 2..].trim_start(),
                None => {
                    in_block = true;
                    continue;
                }
            }
        }
        let n: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        if n.starts_with("#![feature(")
            || (n.starts_with("#![cfg_attr(") && n.contains("feature(test"))
        {
            return true;
        }
        // `extern crate test;`, `… as t;`, or the same behind a `#[cfg(…)]`.
        let decl = match n.strip_prefix("#[cfg(") {
            Some(after) => after.split_once(")]").map_or("", |(_, d)| d),
            None => &n,
        };
        if decl.starts_with("externcratetest;") || decl.starts_with("externcratetestas") {
            return true;
        }
    }
    false
}

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
    let nightly = files
        .paths()
        .filter(|p| p.starts_with("benches/") && p.ends_with(".rs"))
        .filter(|p| files.text(p).is_some_and(|t| bench_needs_nightly(&t)))
        .count();
    f.nightly_bench_files = u32::try_from(nightly).unwrap_or(u32::MAX);
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
            if BENCH_CI_MARKERS
                .iter()
                .chain(BENCH_BUILD_MARKERS)
                .any(|m| text.contains(m))
            {
                f.bench_build_workflows.push(p.to_owned());
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nightly_bench_files_are_told_from_stable_ones() {
        // The pre-criterion style: libtest's unstable harness.
        assert!(bench_needs_nightly(
            "#![feature(test)]\nextern crate test;\n#[bench]\nfn b(_: &mut test::Bencher) {}\n"
        ));
        assert!(bench_needs_nightly("#! [ feature ( test ) ]\n"));
        // Behind a cfg it benchmarks nothing on stable.
        assert!(bench_needs_nightly(
            "#![cfg_attr(feature = \"nightly\", feature(test))]\n"
        ));
        assert!(bench_needs_nightly(
            "#[cfg(feature = \"nightly\")] extern crate test;\n"
        ));
        assert!(bench_needs_nightly("extern crate test as t;\n"));
        // Stable harnesses, comments, and crates whose name starts with test.
        assert!(!bench_needs_nightly(
            "use criterion::{criterion_group, criterion_main, Criterion};\n"
        ));
        assert!(!bench_needs_nightly("// #![feature(test)]\nfn main() {}\n"));
        assert!(!bench_needs_nightly(
            "/*\n#![feature(test)]\n*/\nfn main() {}\n"
        ));
        assert!(!bench_needs_nightly(
            "/* old: */ fn main() {}\nextern crate testing;\n"
        ));
        assert!(!bench_needs_nightly(
            "#![cfg_attr(docsrs, feature(doc_cfg))]\n"
        ));
        // A comment closing mid-line leaves the rest of the line read.
        assert!(bench_needs_nightly("/* a\nb */ #![feature(test)]\n"));
    }

    #[test]
    fn layout_counts_nightly_bench_files() {
        let files = CrateFiles::from_files(
            "demo-0.1.0",
            [
                ("benches/old.rs", "#![feature(test)]\nextern crate test;\n"),
                ("benches/util.rs", "pub fn data() -> Vec<u8> { vec![] }\n"),
                ("benches/new.rs", "use criterion::Criterion;\n"),
                ("src/lib.rs", "#![feature(test)]\n"),
                (".github/workflows/ci.yml", "- run: cargo test\n"),
                (
                    ".github/workflows/nightly.yml",
                    "- run: cargo +nightly check --benches\n",
                ),
            ],
        );
        let l = analyze_layout(&files, &ManifestFacts::default());
        assert_eq!((l.bench_files, l.nightly_bench_files), (3, 1));
        // Compiled on nightly, not run: a build workflow, not a bench one.
        assert!(l.bench_workflows.is_empty());
        assert_eq!(l.bench_build_workflows, [".github/workflows/nightly.yml"]);
    }
}
