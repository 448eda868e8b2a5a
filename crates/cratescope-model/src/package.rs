//! What the published `.crate` says: the manifest, the Rust source, the
//! README, the package layout and the publishing commit. Filled by
//! `cratescope-analyze`; read by the signals. Plain data: counts and facts,
//! no scores (the README's quality is computed by the score crate from the
//! counts here).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::message::{Arg, Message};

use crate::release::DepKind;

/// Which manifest file the facts mainly come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ManifestSource {
    /// The author's `Cargo.toml.orig`.
    Orig,
    /// The normalised `Cargo.toml` (no `.orig` in the package).
    Normalized,
    /// No readable manifest at all.
    #[default]
    Missing,
}

/// One dependency declaration in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDep {
    /// The real package name (`package = ` honoured).
    pub name: String,
    /// The key in the manifest (the name used in code and in features).
    pub key: String,
    /// Normal, build or dev.
    pub kind: DepKind,
    /// `optional = true`.
    pub optional: bool,
    /// The `[target.'…']` expression, if platform-specific.
    pub target: Option<String>,
    /// `default-features` (`true` unless the manifest says `false`).
    #[serde(default = "yes")]
    pub default_features: bool,
    /// `features = [...]` enabled on the dependency, as written.
    #[serde(default)]
    pub features: Vec<String>,
    /// `path = "…"` in the author's manifest: a sibling package of the same
    /// workspace (cargo drops the path from the normalised manifest).
    #[serde(default)]
    pub path: Option<String>,
}

fn yes() -> bool {
    true
}

/// `[package.metadata.docs.rs]`: how docs.rs builds the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DocsRsMetadata {
    /// `features = [...]`.
    pub features: Vec<String>,
    /// `all-features = true`.
    pub all_features: bool,
    /// `no-default-features = true`.
    pub no_default_features: bool,
    /// `default-target`, else the first of `targets`, when set.
    pub default_target: Option<String>,
    /// `--cfg` values of `rustdoc-args` and `cargo-args` (the documented
    /// crate only), e.g. `docsrs`, `tokio_unstable`, `key="value"`.
    pub rustdoc_cfgs: Vec<String>,
    /// `--cfg` values of `rustc-args` (every crate of the build).
    pub rustc_cfgs: Vec<String>,
}

/// The library target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibTarget {
    /// Path of the crate root, relative to the package root.
    pub path: String,
    /// `proc-macro = true`.
    pub proc_macro: bool,
}

/// Facts read from the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ManifestFacts {
    /// Which file the facts come from.
    pub source: ManifestSource,
    /// `package.name`.
    pub name: Option<String>,
    /// `package.version`, when it parses as semver.
    pub version: Option<semver::Version>,
    /// `package.edition` (absent means 2015 to cargo).
    pub edition: Option<String>,
    /// `package.rust-version`.
    pub rust_version: Option<String>,
    /// `package.license` (SPDX expression).
    pub license: Option<String>,
    /// `package.license-file`.
    pub license_file: Option<String>,
    /// `package.description`.
    pub description: Option<String>,
    /// The description says the package is deprecated, renamed, moved or
    /// superseded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_notice: Option<StatusNotice>,
    /// `package.documentation`.
    pub documentation: Option<String>,
    /// `package.homepage`.
    pub homepage: Option<String>,
    /// `package.repository`.
    pub repository: Option<String>,
    /// `package.readme` path (`true` means `README.md`); `None` when unset
    /// or `false`.
    pub readme: Option<String>,
    /// `readme = false` was written explicitly.
    pub readme_disabled: bool,
    /// `package.keywords`.
    pub keywords: Vec<String>,
    /// `package.categories`.
    pub categories: Vec<String>,
    /// `[badges] maintenance.status`, e.g. `deprecated`, `as-is`.
    pub maintenance_status: Option<String>,
    /// `package.links`.
    pub links: Option<String>,
    /// A build script runs: `build = "path"`, or a `build.rs` exists and
    /// `build = false` is not set.
    pub build_script: bool,
    /// Path of the build script when there is one.
    pub build_path: Option<String>,
    /// The `[features]` table as written.
    pub features: BTreeMap<String, Vec<String>>,
    /// Features enabled by the default-feature closure (explicit features and
    /// the implicit features of enabled optional dependencies), sorted.
    pub default_features: Vec<String>,
    /// Optional dependencies (by manifest key) enabled by default, sorted.
    pub default_optional_deps: Vec<String>,
    /// `[package.metadata.docs.rs]`, when present.
    #[serde(default)]
    pub docs_rs: Option<DocsRsMetadata>,
    /// `cargo:rustc-cfg=NAME` lines the build script prints unconditionally
    /// (directly in `fn main`, outside any `if`/`match`/loop): cfgs every
    /// build sets, docs.rs's included.
    #[serde(default)]
    pub build_script_cfgs: Vec<String>,
    /// The library target, if any.
    pub lib: Option<LibTarget>,
    /// Number of binary targets (`[[bin]]`, `src/main.rs`, `src/bin/*`).
    pub bin_count: usize,
    /// No library target but at least one binary.
    pub binary_only: bool,
    /// Number of `[[bench]]` entries.
    pub bench_targets: usize,
    /// Number of `[[example]]` entries.
    pub example_targets: usize,
    /// All dependency declarations.
    pub dependencies: Vec<ManifestDep>,
    /// Dev-dependencies that are benchmark harnesses ([`BENCH_HARNESSES`]).
    pub bench_dev_dependencies: Vec<String>,
    /// Real package names of optional dependencies, sorted.
    pub optional_dependencies: Vec<String>,
    /// Optional dependencies that are well-known integrations
    /// ([`INTEGRATION_CRATES`]), sorted.
    pub integrations: Vec<String>,
}

/// Documentation coverage as `rustdoc --show-coverage` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct DocCoverage {
    /// Items that count (see the module docs for the rules).
    pub total: u32,
    /// Counted items with documentation.
    pub documented: u32,
    /// Counted items whose docs hold a Rust code block.
    pub with_examples: u32,
}

impl DocCoverage {
    /// `documented / total` in percent, `None` when nothing counts.
    pub fn percent(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.documented) * 100.0 / f64::from(self.total))
    }

    /// `with_examples / total` in percent, `None` when nothing counts.
    pub fn examples_percent(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.with_examples) * 100.0 / f64::from(self.total))
    }
}

/// Syntactic `unsafe` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UnsafeCounts {
    /// `unsafe { … }` blocks.
    pub blocks: u32,
    /// `unsafe fn` items (free functions).
    pub functions: u32,
    /// `unsafe fn` in impls and traits.
    pub methods: u32,
    /// `unsafe impl`.
    pub impls: u32,
    /// `unsafe trait`.
    pub traits: u32,
}

impl UnsafeCounts {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &UnsafeCounts) {
        self.blocks += other.blocks;
        self.functions += other.functions;
        self.methods += other.methods;
        self.impls += other.impls;
        self.traits += other.traits;
    }

    /// All counts added up.
    pub fn total(&self) -> u32 {
        self.blocks + self.functions + self.methods + self.impls + self.traits
    }
}

/// A Rust file that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseFailure {
    /// Path relative to the package root.
    pub path: String,
    /// The parser's message, with the line of the top-level item it is in
    /// when that could be found.
    pub error: String,
}

/// Facts from the Rust source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CodeFacts {
    /// The library root analysed, if the crate has a library.
    pub lib_root: Option<String>,
    /// Public-item documentation coverage of the library.
    pub doc_coverage: DocCoverage,
    /// Characters of crate-level documentation (after trimming each line).
    pub crate_doc_chars: u32,
    /// Crate-level docs come (partly) from `include_str!` of a package file.
    pub crate_doc_included: Option<String>,
    /// Unsafe counts over the package's library-side files.
    pub unsafe_counts: UnsafeCounts,
    /// `#![forbid(unsafe_code)]` at the lib root.
    pub forbid_unsafe_code: bool,
    /// `#![deny(unsafe_code)]` at the lib root.
    pub deny_unsafe_code: bool,
    /// `#![no_std]`, possibly behind `cfg_attr`.
    pub no_std: bool,
    /// Unstable features a default build enables (`#![feature(...)]` at the
    /// crate root, or under a `cfg_attr` that holds without `doc`): the
    /// crate needs a nightly toolchain.
    #[serde(default)]
    pub nightly_features: Vec<String>,
    /// Files in the library's module tree.
    pub module_files: u32,
    /// Files read in all: parsed with `syn` (the module tree) or scanned
    /// lexically (the other library-side files).
    pub files_parsed: u32,
    /// Library-side files whose unsafe counts come from the lexical scan
    /// ([`crate::lexical`]): those outside the module tree, module files
    /// `syn` could not parse, and big module files parsed with their data
    /// tables blanked.
    #[serde(default)]
    pub files_lexed: u32,
    /// Lines of Rust parsed.
    pub lines: u64,
    /// Bytes of Rust parsed.
    pub bytes: u64,
    /// Files that failed to parse (skipped).
    pub parse_failures: Vec<ParseFailure>,
    /// `mod x;` declarations whose file is not in the package.
    pub missing_modules: Vec<String>,
    /// Item-position macro invocations (other than `macro_rules!`), whose
    /// expansion is invisible to this analysis.
    pub item_macro_invocations: u32,
    /// Documentation coverage of what docs.rs shows (its features, cfgs and
    /// target, re-exports followed into sibling crates); `None` when there
    /// is no library. [`CodeFacts::doc_coverage`] stays the
    /// rustdoc-compatible count for default features.
    #[serde(default)]
    pub docs_rs: Option<DocsRsCoverage>,
    /// What the analysis refused because a limit was hit (nesting, sizes,
    /// module count, wall time). Non-empty means the figures above are
    /// partial: see [`CodeFacts::docs_partial`] and
    /// [`CodeFacts::unsafe_partial`].
    #[serde(default)]
    pub not_analysed: Vec<NotAnalysed>,
}

/// Documentation coverage of the API a user reads on docs.rs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocsRsCoverage {
    /// Items counted, documented and with examples, across [`Self::crates`].
    pub coverage: DocCoverage,
    /// The crates whose items were counted: the documented crate first,
    /// then the sibling crates (same repository or workspace) whose items
    /// it re-exports, e.g. `["serde", "serde_core"]`.
    pub crates: Vec<String>,
    /// The target docs.rs builds by default.
    pub target: String,
    /// Features enabled on the documented crate, sorted.
    pub features: Vec<String>,
    /// `--cfg` values set besides `doc` and `docsrs` (metadata and build
    /// script), sorted.
    pub cfgs: Vec<String>,
    /// Dependencies (package names) whose items the documented crate
    /// re-exports with `pub use`, sorted: the candidates for
    /// [`Self::crates`].
    pub reexported: Vec<String>,
    /// Re-exported dependencies not counted, each `name: reason` (not a
    /// sibling, not in the index, tarball unavailable, not looked up yet).
    pub not_measured: Vec<String>,
    /// Limits hit while walking the docs.rs view (all crates).
    #[serde(default)]
    pub not_analysed: Vec<NotAnalysed>,
}

impl DocsRsCoverage {
    /// `"1,412 of 1,530 items across serde, serde_core"`-style evidence.
    pub fn describe(&self) -> String {
        format!(
            "{} of {} items across {}",
            thousands(self.coverage.documented),
            thousands(self.coverage.total),
            self.crates.join(", ")
        )
    }
}

fn thousands64(n: u64) -> String {
    match u32::try_from(n) {
        Ok(v) => thousands(v),
        Err(_) => n.to_string(),
    }
}

fn thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Which limit of the source analysis was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnalysisLimit {
    /// Delimiters, generics and prefix operators nested too deep.
    Nesting,
    /// Too many operators in one expression.
    Chain,
    /// A file larger than the per-file limit.
    FileBytes,
    /// A line longer than the per-line limit.
    LineBytes,
    /// More bytes of source than the per-crate limit.
    TotalBytes,
    /// More module files than the per-crate limit.
    Modules,
    /// The analysis of the crate took longer than its wall-time limit.
    WallTime,
    /// Resolving the `pub use` re-exports took more steps than allowed.
    Reexports,
    /// More item-macro expansions than allowed (a macro expanding to
    /// calls of itself).
    MacroExpansions,
    /// The analysis stopped on an internal error (a bug, reported as such).
    Internal,
    /// More tokens than allowed: in one file, or read by one view's walk
    /// (macro expansions and included doc files counted).
    Tokens,
    /// What the analysis of the crate keeps (tokens, the module graph,
    /// included files) grew past its memory limit.
    Memory,
    /// The isolated analysis process was stopped at its operating-system
    /// limit (address space, CPU or wall time) or crashed: nothing of the
    /// source was analysed.
    Stopped,
}

/// What which limit refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAnalysed {
    /// The crate the limit was hit in (for the docs.rs view, which spans
    /// several crates).
    pub krate: String,
    /// The file refused; `None` when the limit is per crate (what was not
    /// reached is then every file after it).
    pub path: Option<String>,
    /// The limit hit.
    pub limit: AnalysisLimit,
    /// What was found (depth, bytes, files, milliseconds).
    pub found: u64,
    /// The limit's value, same unit.
    pub max: u64,
    /// Hit by the module walk (a module file, or a crate-wide limit of the
    /// walk), so documentation coverage misses something; `false` for the
    /// lexical unsafe scan of the whole package, which the coverage does
    /// not use.
    pub in_module_tree: bool,
}

impl NotAnalysed {
    /// `"src/lib.rs not analysed: nested 20,000 deep, limit 256"`: the
    /// analyzer's own warning list (transitional: the card renders
    /// [`NotAnalysed::message`]).
    pub fn describe(&self) -> String {
        let (what, unit) = match self.limit {
            AnalysisLimit::Nesting => ("nested", " deep"),
            AnalysisLimit::Chain => ("an expression of", " operators"),
            AnalysisLimit::FileBytes => ("a file of", " bytes"),
            AnalysisLimit::LineBytes => ("a line of", " bytes"),
            AnalysisLimit::TotalBytes => ("source totals", " bytes"),
            AnalysisLimit::Modules => ("module files reach", ""),
            AnalysisLimit::WallTime => ("analysis took", " ms"),
            AnalysisLimit::Reexports => ("re-exports took", " resolution steps"),
            AnalysisLimit::MacroExpansions => ("macros expand", " times"),
            AnalysisLimit::Internal => ("internal error", ""),
            AnalysisLimit::Tokens => ("tokens reach", ""),
            AnalysisLimit::Memory => ("memory reaches", " bytes"),
            AnalysisLimit::Stopped => ("stopped at its limit", ""),
        };
        let place = match &self.path {
            Some(p) => format!("{}: {p}", self.krate),
            None => self.krate.clone(),
        };
        if self.limit == AnalysisLimit::Internal {
            return format!("{place} not analysed: internal error");
        }
        if self.limit == AnalysisLimit::Stopped {
            return format!("{place} not analysed: stopped at its limit");
        }
        format!(
            "{place} not analysed: {what} {}{unit}, limit {}",
            thousands64(self.found),
            thousands64(self.max)
        )
    }

    /// `"h: src/lib.rs not analysed: nested 20,000 deep, limit 256"`, as a
    /// message (the limit kind picks the sentence).
    pub fn message(&self) -> Message {
        let place = match &self.path {
            Some(p) => crate::msg!(
                "not-analysed-place-file",
                krate = Arg::krate(self.krate.clone()),
                path = Arg::code(p.clone())
            ),
            None => crate::msg!(
                "not-analysed-place-crate",
                krate = Arg::krate(self.krate.clone())
            ),
        };
        let (found, max) = (Arg::Count(self.found), Arg::Count(self.max));
        match self.limit {
            AnalysisLimit::Nesting => {
                crate::msg!(
                    "not-analysed-nesting",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Chain => {
                crate::msg!(
                    "not-analysed-chain",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::FileBytes => {
                crate::msg!(
                    "not-analysed-file-bytes",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::LineBytes => {
                crate::msg!(
                    "not-analysed-line-bytes",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::TotalBytes => {
                crate::msg!(
                    "not-analysed-total-bytes",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Modules => {
                crate::msg!(
                    "not-analysed-modules",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::WallTime => {
                crate::msg!(
                    "not-analysed-wall-time",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Reexports => {
                crate::msg!(
                    "not-analysed-reexports",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::MacroExpansions => {
                crate::msg!(
                    "not-analysed-macros",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Tokens => {
                crate::msg!(
                    "not-analysed-tokens",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Memory => {
                crate::msg!(
                    "not-analysed-memory",
                    place = place,
                    found = found,
                    max = max
                )
            }
            AnalysisLimit::Stopped => crate::msg!("not-analysed-stopped", place = place),
            AnalysisLimit::Internal => crate::msg!("not-analysed-internal", place = place),
        }
    }
}

impl CodeFacts {
    /// Why the documentation figures are partial, if they are: the first
    /// limit the module walk hit (in either view), with a count of the
    /// others. The doc-coverage signals should be unavailable then.
    pub fn docs_partial(&self) -> Option<Message> {
        let docs = self.docs_rs.iter().flat_map(|d| d.not_analysed.iter());
        summarize(
            self.not_analysed
                .iter()
                .chain(docs)
                .filter(|n| n.in_module_tree),
        )
    }

    /// Why the unsafe counts are partial, if they are: any limit of the
    /// default analysis (walk or lexical scan). The unsafe signals should
    /// be unavailable then.
    pub fn unsafe_partial(&self) -> Option<Message> {
        summarize(self.not_analysed.iter())
    }
}

fn summarize<'a>(mut hits: impl Iterator<Item = &'a NotAnalysed>) -> Option<Message> {
    let first = hits.next()?;
    let more = hits.count();
    Some(if more == 0 {
        first.message()
    } else {
        crate::msg!(
            "not-analysed-and-more",
            first = first.message(),
            more = more
        )
    })
}

/// Facts about the README.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReadmeFacts {
    /// The README analysed (relative path), `None` when there is none.
    pub path: Option<String>,
    /// Characters of prose (see the module docs).
    pub text_chars: u32,
    /// Fenced code blocks.
    pub code_blocks: u32,
    /// Headings.
    pub sections: u32,
    /// Badge images.
    pub badges: u32,
    /// The first Rust code block, for a quick-start excerpt.
    pub first_rust_block: Option<String>,
    /// The README's opening says the package is deprecated, renamed, moved
    /// or superseded (and names its successor when it does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<StatusNotice>,
}

/// A sentence in which a package says it is deprecated, renamed, moved or
/// superseded, and the crate it sends users to when it names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusNotice {
    /// The sentence as written (at most 200 characters).
    pub sentence: String,
    /// The crate it names as its successor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
}

/// Facts about the package layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LayoutFacts {
    /// `.rs` files under `examples/`.
    pub example_files: u32,
    /// Examples present (files or `[[example]]`).
    pub has_examples: bool,
    /// `.rs` files under `benches/`.
    pub bench_files: u32,
    /// Of those, the files that need a nightly toolchain: they enable an
    /// unstable feature (`#![feature(test)]`, also under `cfg_attr`) or use
    /// the unstable `test` crate's harness (`extern crate test`).
    #[serde(default)]
    pub nightly_bench_files: u32,
    /// Benchmarks present (files or `[[bench]]`).
    pub has_benches: bool,
    /// `.rs` files under `tests/`.
    pub test_files: u32,
    /// Integration tests present.
    pub has_tests: bool,
    /// A fuzzing setup is shipped.
    pub has_fuzz: bool,
    /// The changelog file, if any.
    pub changelog: Option<String>,
    /// The security policy file, if any.
    pub security_policy: Option<String>,
    /// CI workflow files shipped.
    pub workflows: Vec<String>,
    /// Workflows that run benchmarks.
    pub bench_workflows: Vec<String>,
    /// Workflows that compile or run the benchmarks (`--benches`,
    /// `--all-targets`, `--bench NAME`, or a bench workflow).
    #[serde(default)]
    pub bench_build_workflows: Vec<String>,
    /// A `build.rs` at the root.
    pub build_rs: bool,
    /// A `Cargo.lock` is shipped.
    pub cargo_lock: bool,
}

/// `.cargo_vcs_info.json`: the commit a crate was published from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VcsInfo {
    /// `git.sha1`: HEAD at publish time.
    pub sha1: Option<String>,
    /// `git.dirty`: published from a dirty tree (`--allow-dirty`).
    pub dirty: bool,
    /// `path_in_vcs`: the package's folder in the repository (`""` = root).
    pub path_in_vcs: Option<String>,
}

impl ManifestFacts {
    /// Names of dependencies of `kind` (real package names, sorted, unique).
    pub fn dependency_names(&self, kind: DepKind) -> Vec<String> {
        let set: std::collections::BTreeSet<&str> = self
            .dependencies
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.name.as_str())
            .collect();
        set.into_iter().map(str::to_owned).collect()
    }

    /// Whether `cfg(feature = "name")` holds with default features.
    pub fn feature_enabled(&self, name: &str) -> bool {
        self.default_features
            .binary_search_by(|f| f.as_str().cmp(name))
            .is_ok()
    }
}

/// Everything learned from one `.crate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PackageFacts {
    /// Size of the `.crate` file in bytes.
    pub crate_size: u64,
    /// The manifest.
    pub manifest: ManifestFacts,
    /// The Rust source.
    pub code: CodeFacts,
    /// The README.
    pub readme: ReadmeFacts,
    /// The package layout.
    pub layout: LayoutFacts,
    /// The publishing commit, when recorded.
    pub vcs: Option<VcsInfo>,
    /// Problems met that did not stop the analysis (facts stored before
    /// messages existed hold them as text: read as legacy messages).
    #[serde(deserialize_with = "crate::message::messages_or_text")]
    pub warnings: Vec<Message>,
}

impl PackageFacts {
    /// Benchmarks in the package: `benches/` files or `[[bench]]` targets.
    pub fn has_benches(&self) -> bool {
        self.layout.has_benches || self.manifest.bench_targets > 0
    }

    /// Examples in the package: `examples/` files or `[[example]]` targets.
    pub fn has_examples(&self) -> bool {
        self.layout.has_examples || self.manifest.example_targets > 0
    }

    /// Unsafe functions and methods together.
    pub fn unsafe_fns(&self) -> u64 {
        u64::from(self.code.unsafe_counts.functions) + u64::from(self.code.unsafe_counts.methods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(
        limit: AnalysisLimit,
        path: Option<&str>,
        found: u64,
        max: u64,
        tree: bool,
    ) -> NotAnalysed {
        NotAnalysed {
            krate: "h".into(),
            path: path.map(str::to_owned),
            limit,
            found,
            max,
            in_module_tree: tree,
        }
    }

    #[test]
    fn limits_hit_read_as_sentences() {
        assert_eq!(
            hit(
                AnalysisLimit::Nesting,
                Some("src/lib.rs"),
                20_000,
                256,
                true
            )
            .describe(),
            "h: src/lib.rs not analysed: nested 20,000 deep, limit 256"
        );
        assert_eq!(
            hit(AnalysisLimit::Modules, None, 20_001, 20_000, true).describe(),
            "h not analysed: module files reach 20,001, limit 20,000"
        );
        assert_eq!(
            hit(
                AnalysisLimit::FileBytes,
                Some("src/a.rs"),
                62_914_560,
                16_777_216,
                false
            )
            .describe(),
            "h: src/a.rs not analysed: a file of 62,914,560 bytes, limit 16,777,216"
        );
        assert_eq!(
            hit(AnalysisLimit::Internal, None, 0, 0, true).describe(),
            "h not analysed: internal error"
        );
    }

    #[test]
    fn partial_docs_need_a_module_walk_hit_partial_unsafe_any() {
        let mut c = CodeFacts::default();
        assert_eq!(c.docs_partial(), None);
        assert_eq!(c.unsafe_partial(), None);
        c.not_analysed.push(hit(
            AnalysisLimit::FileBytes,
            Some("data/x.rs"),
            20,
            10,
            false,
        ));
        assert_eq!(c.docs_partial(), None);
        assert_eq!(
            c.unsafe_partial().map(|m| m.id),
            Some("not-analysed-file-bytes".to_string())
        );
        c.docs_rs = Some(DocsRsCoverage {
            not_analysed: vec![hit(
                AnalysisLimit::Nesting,
                Some("src/lib.rs"),
                300,
                256,
                true,
            )],
            ..DocsRsCoverage::default()
        });
        assert_eq!(
            c.docs_partial().map(|m| m.id),
            Some("not-analysed-nesting".to_string())
        );
        c.not_analysed
            .push(hit(AnalysisLimit::WallTime, None, 61_000, 60_000, true));
        let m = c.docs_partial().unwrap();
        assert_eq!(m.id, "not-analysed-and-more");
        assert_eq!(m.get("more"), Some(&Arg::Count(1)));
    }

    #[test]
    fn docs_rs_evidence_names_the_crates() {
        let d = DocsRsCoverage {
            coverage: DocCoverage {
                total: 1530,
                documented: 1412,
                with_examples: 300,
            },
            crates: vec!["serde".into(), "serde_core".into()],
            ..DocsRsCoverage::default()
        };
        assert_eq!(
            d.describe(),
            "1,412 of 1,530 items across serde, serde_core"
        );
    }
}
