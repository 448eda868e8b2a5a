//! Repository files that show engineering practice, read straight from the
//! tree of one commit (no checkout): CI configuration, whether CI runs
//! benchmarks, fuzzing or cargo-semver-checks, cargo-fuzz targets, a
//! security policy, and the crate's own benches, examples and changelog
//! (from its directory in a monorepo), which the published package may
//! leave out.
//!
//! Reads only: `.github/workflows/*.yml|yaml` and the other CI files in
//! [`OTHER_CI_FILES`], `fuzz/Cargo.toml` (at the root and in the crate's
//! directory) and the `fuzz_targets/` listing, the names of files in the
//! crate's directory, its `benches/` and `examples/`, the root, `.github/`
//! and `docs/`. Ignores everything else, and any file larger than
//! [`MAX_FILE_BYTES`] (reported as a warning).

use std::path::Path;

use cratescope_model::{Arg, Message, msg};
use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;

use crate::GitError;

/// CI configuration files of services other than GitHub Actions.
const OTHER_CI_FILES: &[&str] = &[
    ".gitlab-ci.yml",
    ".travis.yml",
    "appveyor.yml",
    ".appveyor.yml",
    "azure-pipelines.yml",
    ".circleci/config.yml",
    ".cirrus.yml",
    ".drone.yml",
    ".woodpecker.yml",
];

/// Workflow and manifest files are a few KiB; anything larger is not worth
/// reading for a yes/no answer and could be a hostile blob.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Words that, on a line that also runs `cargo`, mean benchmarks are run:
/// `cargo bench`, `cargo +nightly bench`, `cargo criterion`, `cargo codspeed run`.
const BENCH_SUBCOMMANDS: &[&str] = &["bench", "criterion", "codspeed"];

/// Actions and tools that run or collect benchmarks on their own.
const BENCH_TOOLS: &[&str] = &[
    "codspeedhq/action",
    "benchmark-action/github-action-benchmark",
    "bencherdev/bencher",
    "bencher run",
];

/// Words on a CI line that mean fuzzing runs: `cargo fuzz run`, the
/// cargo-fuzz install, ClusterFuzzLite and OSS-Fuzz actions.
const FUZZ_TOOLS: &[&str] = &[
    "cargo fuzz",
    "cargo +nightly fuzz",
    "cargo-fuzz",
    "clusterfuzzlite",
    "oss-fuzz",
    "cifuzz",
];

/// Words on a CI line that mean cargo-semver-checks runs.
const SEMVER_CHECKS_TOOLS: &[&str] = &["cargo-semver-checks", "cargo semver-checks"];

/// Changelog file stems (compared lower-cased, any or no extension).
const CHANGELOG_STEMS: &[&str] = &["changelog", "changes", "releases", "news", "history"];

/// The evidence line in `bench_ci_evidence` is cut to this many characters.
const EVIDENCE_CHARS: usize = 120;

/// Security policy file names GitHub recognises, compared lower-cased.
const POLICY_NAMES: &[&str] = &[
    "security.md",
    "security.rst",
    "security.txt",
    "security.adoc",
    "security",
];

/// Directories where GitHub looks for a security policy, in its order.
const POLICY_DIRS: &[&str] = &["", ".github", "docs"];

/// What the files say.
#[derive(Default)]
pub(crate) struct FileFacts {
    pub ci_workflows: Vec<String>,
    pub bench_ci_evidence: Vec<String>,
    pub bench_build_evidence: Vec<String>,
    pub fuzz_targets: Vec<String>,
    pub security_policy: Option<String>,
    pub bench_files: Vec<String>,
    pub example_files: Vec<String>,
    pub changelog: Option<String>,
    pub fuzz_ci_evidence: Vec<String>,
    pub semver_checks_ci_evidence: Vec<String>,
    pub warnings: Vec<Message>,
}

struct TreeReader<'a> {
    repo: &'a gix::Repository,
    repo_path: &'a Path,
    root: gix::Tree<'a>,
    warnings: Vec<Message>,
}

impl TreeReader<'_> {
    /// The entry at `path` (empty = the root tree itself).
    fn entry(&self, path: &str) -> Result<Option<(EntryKind, gix::ObjectId)>, GitError> {
        if path.is_empty() {
            return Ok(Some((EntryKind::Tree, self.root.id)));
        }
        let entry = self
            .root
            .lookup_entry_by_path(path)
            .map_err(|e| GitError::object(self.repo_path, self.root.id, e))?;
        Ok(entry.map(|e| (e.mode().kind(), e.object_id())))
    }

    /// Names and kinds of the entries of the directory at `path`.
    fn list(&self, path: &str) -> Result<Vec<(String, EntryKind)>, GitError> {
        let Some((EntryKind::Tree, id)) = self.entry(path)? else {
            return Ok(Vec::new());
        };
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|e| GitError::object(self.repo_path, id, e))?;
        let decoded = tree
            .decode()
            .map_err(|e| GitError::object(self.repo_path, id, e))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_str_lossy().into_owned(), e.mode.kind()))
            .collect())
    }

    /// The text of the blob at `path`, if it exists and is not too large.
    fn read(&mut self, path: &str) -> Result<Option<String>, GitError> {
        let Some((kind, id)) = self.entry(path)? else {
            return Ok(None);
        };
        if !matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable) {
            return Ok(None);
        }
        let header = self
            .repo
            .find_header(id)
            .map_err(|e| GitError::object(self.repo_path, id, e))?;
        if header.size() > MAX_FILE_BYTES {
            self.warnings.push(msg!(
                "git-file-too-large",
                path = Arg::code(path),
                limit = Arg::Bytes(MAX_FILE_BYTES)
            ));
            return Ok(None);
        }
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|e| GitError::object(self.repo_path, id, e))?;
        Ok(Some(blob.data.to_str_lossy().into_owned()))
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Scan the tree of `commit`; `crate_dir` is the crate's directory when it is
/// not the repository root.
pub(crate) fn scan(
    repo: &gix::Repository,
    repo_path: &Path,
    commit: gix::ObjectId,
    crate_dir: Option<&str>,
) -> Result<FileFacts, GitError> {
    let root = repo
        .find_commit(commit)
        .map_err(|e| GitError::object(repo_path, commit, e))?
        .tree()
        .map_err(|e| GitError::object(repo_path, commit, e))?;
    let mut reader = TreeReader {
        repo,
        repo_path,
        root,
        warnings: Default::default(),
    };
    let mut facts = FileFacts::default();

    // CI files: GitHub workflows (sorted by the tree), then other services.
    let mut ci_files: Vec<String> = reader
        .list(".github/workflows")?
        .into_iter()
        .filter(|(name, kind)| {
            matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable)
                && (name.ends_with(".yml") || name.ends_with(".yaml"))
        })
        .map(|(name, _)| join(".github/workflows", &name))
        .collect();
    for other in OTHER_CI_FILES {
        if matches!(
            reader.entry(other)?,
            Some((EntryKind::Blob | EntryKind::BlobExecutable, _))
        ) {
            ci_files.push((*other).to_string());
        }
    }
    for file in &ci_files {
        let Some(text) = reader.read(file)? else {
            continue;
        };
        let cut = |line: &str| -> String {
            format!(
                "{file}: {}",
                line.chars().take(EVIDENCE_CHARS).collect::<String>()
            )
        };
        if let Some(line) = bench_line(&text) {
            facts.bench_ci_evidence.push(cut(line));
        }
        if let Some(line) = bench_build_line(&text) {
            facts.bench_build_evidence.push(cut(line));
        }
        if let Some(line) = tool_line(&text, FUZZ_TOOLS) {
            facts.fuzz_ci_evidence.push(cut(line));
        }
        if let Some(line) = tool_line(&text, SEMVER_CHECKS_TOOLS) {
            facts.semver_checks_ci_evidence.push(cut(line));
        }
    }
    facts.ci_workflows = ci_files;

    // Fuzzing: a cargo-fuzz crate at the root or in the crate's directory.
    let mut fuzz_dirs = vec!["fuzz".to_string()];
    if let Some(dir) = crate_dir {
        fuzz_dirs.push(join(dir, "fuzz"));
    }
    for dir in &fuzz_dirs {
        for target in fuzz_targets(&mut reader, dir)? {
            if !facts.fuzz_targets.contains(&target) {
                facts.fuzz_targets.push(target);
            }
        }
    }

    // The crate's own benches, examples and changelog.
    let home = crate_dir.unwrap_or("");
    facts.bench_files = target_sources(&reader, &join(home, "benches"))?;
    facts.example_files = target_sources(&reader, &join(home, "examples"))?;
    let mut changelog_dirs = vec![home];
    if !home.is_empty() {
        changelog_dirs.push("");
    }
    'changelog: for dir in changelog_dirs {
        for (name, kind) in reader.list(dir)? {
            let lower = name.to_ascii_lowercase();
            let stem = lower.split('.').next().unwrap_or("");
            if matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable)
                && CHANGELOG_STEMS.contains(&stem)
            {
                facts.changelog = Some(join(dir, &name));
                break 'changelog;
            }
        }
    }

    // Security policy: the crate's directory, then GitHub's lookup order.
    let mut policy_dirs: Vec<&str> = Vec::new();
    if !home.is_empty() {
        policy_dirs.push(home);
    }
    policy_dirs.extend(POLICY_DIRS);
    'dirs: for dir in policy_dirs {
        for (name, kind) in reader.list(dir)? {
            if matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable)
                && POLICY_NAMES.contains(&name.to_ascii_lowercase().as_str())
            {
                facts.security_policy = Some(join(dir, &name));
                break 'dirs;
            }
        }
    }

    facts.warnings = reader.warnings;
    Ok(facts)
}

/// Cargo's auto-discovered targets in `dir`: `*.rs` files and `*/main.rs`.
fn target_sources(reader: &TreeReader<'_>, dir: &str) -> Result<Vec<String>, GitError> {
    let mut out = Vec::new();
    for (name, kind) in reader.list(dir)? {
        match kind {
            EntryKind::Blob | EntryKind::BlobExecutable if name.ends_with(".rs") => {
                out.push(join(dir, &name));
            }
            EntryKind::Tree => {
                let main = join(&join(dir, &name), "main.rs");
                if matches!(
                    reader.entry(&main)?,
                    Some((EntryKind::Blob | EntryKind::BlobExecutable, _))
                ) {
                    out.push(main);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The first non-comment line of a CI file naming one of `tools`, trimmed.
fn tool_line<'t>(text: &'t str, tools: &[&str]) -> Option<&'t str> {
    text.lines().map(str::trim).find(|line| {
        if line.starts_with('#') {
            return false;
        }
        let lower = line.to_ascii_lowercase();
        tools.iter().any(|t| lower.contains(t))
    })
}

/// The first line of a CI file that runs benchmarks, trimmed.
fn bench_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| {
        if line.starts_with('#') {
            return false;
        }
        let lower = line.to_ascii_lowercase();
        if BENCH_TOOLS.iter().any(|t| lower.contains(t)) {
            return true;
        }
        // `cargo bench --no-run` only compiles the benchmarks.
        if lower.contains("--no-run") {
            return false;
        }
        let words: Vec<&str> = lower.split_whitespace().collect();
        words.iter().enumerate().any(|(i, w)| {
            w.ends_with("cargo")
                && words
                    .iter()
                    .skip(i + 1)
                    .take(2)
                    .any(|next| BENCH_SUBCOMMANDS.contains(next))
        })
    })
}

/// Flags of a cargo command that compile the bench targets (`cargo check
/// --benches`, `cargo clippy --all-targets`, `cargo build --bench parse`).
const BENCH_BUILD_FLAGS: &[&str] = &["--benches", "--all-targets", "--bench"];

/// The first line of a CI file that compiles or runs the benchmarks: a
/// bench line, `cargo bench --no-run`, or a cargo command given a flag of
/// [`BENCH_BUILD_FLAGS`]. A suite CI keeps compiling does not drift from
/// the code, even when only nightly builds it.
fn bench_build_line(text: &str) -> Option<&str> {
    bench_line(text).or_else(|| {
        text.lines().map(str::trim).find(|line| {
            if line.starts_with('#') {
                return false;
            }
            let lower = line.to_ascii_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            let Some(at) = words.iter().position(|w| w.ends_with("cargo")) else {
                return false;
            };
            let rest = &words[at + 1..];
            rest.iter().take(2).any(|w| *w == "bench")
                || rest.iter().any(|w| {
                    BENCH_BUILD_FLAGS
                        .iter()
                        .any(|f| *w == *f || w.starts_with(&format!("{f}=")))
                })
        })
    })
}

/// Target source files of the fuzz crate in `dir`, if it is one.
fn fuzz_targets(reader: &mut TreeReader<'_>, dir: &str) -> Result<Vec<String>, GitError> {
    let Some(manifest) = reader.read(&join(dir, "Cargo.toml"))? else {
        return Ok(Vec::new());
    };
    if !(manifest.contains("libfuzzer-sys") || manifest.contains("cargo-fuzz")) {
        return Ok(Vec::new());
    }
    let mut targets = Vec::new();
    match manifest.parse::<toml::Table>() {
        Ok(table) => {
            let bins = table.get("bin").and_then(|b| b.as_array());
            for bin in bins.into_iter().flatten() {
                let name = bin.get("name").and_then(|n| n.as_str());
                let path = bin.get("path").and_then(|p| p.as_str());
                // cargo-fuzz's template puts each target at fuzz_targets/<name>.rs.
                let rel = match (path, name) {
                    (Some(p), _) => p.trim_start_matches("./").to_string(),
                    (None, Some(n)) => format!("fuzz_targets/{n}.rs"),
                    (None, None) => continue,
                };
                targets.push(join(dir, &rel));
            }
        }
        Err(_) => reader.warnings.push(msg!(
            "git-fuzz-manifest-invalid",
            manifest = Arg::code(join(dir, "Cargo.toml")),
            listing = Arg::code(join(dir, "fuzz_targets"))
        )),
    }
    if targets.is_empty() {
        let listing = join(dir, "fuzz_targets");
        for (name, kind) in reader.list(&listing)? {
            if matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable) && name.ends_with(".rs")
            {
                targets.push(join(&listing, &name));
            }
        }
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::{bench_build_line, bench_line};

    #[test]
    fn fuzz_and_semver_checks_lines() {
        use super::{FUZZ_TOOLS, SEMVER_CHECKS_TOOLS, tool_line};
        assert_eq!(
            tool_line(
                "steps:\n  - run: cargo +nightly fuzz run parse -- -max_total_time=60\n",
                FUZZ_TOOLS
            ),
            Some("- run: cargo +nightly fuzz run parse -- -max_total_time=60")
        );
        assert!(
            tool_line(
                "uses: google/clusterfuzzlite/actions/run_fuzzers@v1",
                FUZZ_TOOLS
            )
            .is_some()
        );
        assert!(tool_line("# run: cargo fuzz run x", FUZZ_TOOLS).is_none());
        assert!(tool_line("run: cargo test --features fuzzing-helpers", FUZZ_TOOLS).is_none());
        assert!(
            tool_line(
                "uses: obi1kenobi/cargo-semver-checks-action@v2",
                SEMVER_CHECKS_TOOLS
            )
            .is_some()
        );
        assert!(
            tool_line(
                "run: cargo semver-checks check-release",
                SEMVER_CHECKS_TOOLS
            )
            .is_some()
        );
        assert!(tool_line("run: cargo test --all", SEMVER_CHECKS_TOOLS).is_none());
    }

    #[test]
    fn bench_lines() {
        assert_eq!(
            bench_line("steps:\n  - run: cargo bench --workspace\n"),
            Some("- run: cargo bench --workspace")
        );
        assert!(bench_line("run: cargo +nightly bench").is_some());
        assert!(bench_line("run: cargo criterion --message-format=json").is_some());
        assert!(bench_line("uses: CodSpeedHQ/action@v3").is_some());
        assert!(bench_line("run: cargo bench --no-run").is_none());
        assert!(bench_line("# run: cargo bench").is_none());
        assert!(bench_line("run: cargo test --benches").is_none());
        assert!(bench_line("name: benchmarks are great").is_none());
    }

    #[test]
    fn bench_build_lines() {
        // Compiling the benches keeps them from drifting, run or not.
        assert_eq!(
            bench_build_line("- run: cargo check --benches --all-features --release"),
            Some("- run: cargo check --benches --all-features --release")
        );
        assert!(bench_build_line("run: cargo bench --no-run").is_some());
        assert!(bench_build_line("run: cargo +nightly clippy --all-targets").is_some());
        assert!(bench_build_line("run: cargo build --bench parse").is_some());
        assert!(bench_build_line("run: cargo bench --workspace").is_some());
        assert!(bench_build_line("run: cargo test --all-features").is_none());
        assert!(bench_build_line("# run: cargo check --benches").is_none());
        assert!(bench_build_line("run: ./check.sh --benches").is_none());
        assert!(bench_build_line("name: benches").is_none());
    }
}
