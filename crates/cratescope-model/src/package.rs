//! What the published `.crate` says: the manifest, the Rust source, the
//! README, the package layout and the publishing commit. Filled by
//! `cratescope-analyze`; read by the signals. Plain data: counts and facts,
//! no scores (the README's quality is computed by the score crate from the
//! counts here).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// Problems met that did not stop the analysis.
    pub warnings: Vec<String>,
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
