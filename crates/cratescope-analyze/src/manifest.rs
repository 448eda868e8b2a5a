//! Reads the package manifest of a published crate.
//!
//! Source: `Cargo.toml.orig` (the author's manifest) when present, else the
//! normalised `Cargo.toml` that cargo writes at publish time. A field the
//! author inherited from the workspace (`x.workspace = true`, or a dependency
//! `{ workspace = true }`) cannot be resolved from `.orig`, so that one field
//! (or dependency entry) is taken from the normalised `Cargo.toml` instead.
//!
//! Measures: package metadata (name, version, edition, rust-version, licence,
//! links, keywords, categories…), the `[badges] maintenance` status, targets
//! (lib, bins, `[[bench]]`, `[[example]]`, build script), the feature map and
//! the closure of the default features, and dependency names per kind with
//! `package = ` renames resolved to the real package name.
//!
//! Also read: `[package.metadata.docs.rs]` (features, `all-features`,
//! `no-default-features`, `default-target`/`targets`, and the `--cfg` values
//! of `rustdoc-args`, `cargo-args` and `rustc-args`), each dependency's
//! `default-features`, `features` and `path`, and the cfgs the build script
//! sets unconditionally ([`crate::buildrs`]).
//!
//! Deliberately ignored: version requirements of dependencies, registries
//! and git sources, profiles, `[patch]`/`[replace]`, lints and the rest of
//! `[package.metadata]`. Nothing here is scored.
//!
//! A manifest over [`MAX_MANIFEST_BYTES`] is not parsed (a warning says so).

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};

use crate::tarball::CrateFiles;
pub use cratescope_model::package::{
    DocsRsMetadata, LibTarget, ManifestDep, ManifestFacts, ManifestSource,
};
pub use cratescope_model::release::DepKind;

/// Dev-dependencies that mean "this crate has benchmarks": the benchmark
/// harnesses in common use on crates.io (statistics, instruction counts, or
/// CI benchmark services).
pub const BENCH_HARNESSES: &[&str] = &[
    "criterion",
    "criterion2",
    "codspeed-criterion-compat",
    "codspeed-divan-compat",
    "divan",
    "iai",
    "iai-callgrind",
    "gungraun",
    "brunch",
    "tango-bench",
    "bencher",
];

/// Ecosystem crates whose support is usually offered as an opt-in
/// integration. When one of them is an optional dependency, the crate offers
/// that integration behind a feature.
pub const INTEGRATION_CRATES: &[&str] = &[
    "serde",
    "serde_json",
    "tokio",
    "futures",
    "futures-core",
    "futures-util",
    "async-std",
    "smol",
    "tracing",
    "log",
    "rayon",
    "arbitrary",
    "proptest",
    "quickcheck",
    "schemars",
    "bytes",
    "chrono",
    "time",
    "jiff",
    "uuid",
    "rand",
    "rand_core",
    "zeroize",
    "defmt",
    "borsh",
    "bytemuck",
    "zerocopy",
    "num-traits",
    "hashbrown",
    "indexmap",
    "http",
    "axum",
];

/// Two views of the manifest: the author's (if any) and the normalised one.
struct Manifests {
    primary: Option<Table>,
    normalized: Option<Table>,
}

impl Manifests {
    /// A `[package]` field, falling back to the normalised manifest when the
    /// author's value is `{ workspace = true }`.
    fn package_field(&self, key: &str) -> Option<&Value> {
        fn from<'t>(t: &'t Option<Table>, key: &str) -> Option<&'t Value> {
            t.as_ref()?.get("package")?.as_table()?.get(key)
        }
        match from(&self.primary, key) {
            Some(v) if is_workspace_ref(v) => from(&self.normalized, key),
            Some(v) => Some(v),
            // No author's manifest (packaged before cargo kept `.orig`, or
            // built by hand): the normalised one is all there is.
            None if self.primary.is_none() => from(&self.normalized, key),
            None => None,
        }
    }

    fn package_str(&self, key: &str) -> Option<String> {
        self.package_field(key)?.as_str().map(str::to_owned)
    }

    fn package_list(&self, key: &str) -> Vec<String> {
        self.package_field(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn main(&self) -> Option<&Table> {
        self.primary.as_ref().or(self.normalized.as_ref())
    }
}

fn is_workspace_ref(v: &Value) -> bool {
    v.as_table()
        .and_then(|t| t.get("workspace"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Largest manifest parsed. Real ones are a few KB; the biggest (API
/// binding crates with thousands of features) stay under 1 MiB.
pub const MAX_MANIFEST_BYTES: usize = 4 * 1024 * 1024;

fn parse_toml(files: &CrateFiles, path: &str, warnings: &mut Vec<String>) -> Option<Table> {
    let bytes = files.get(path)?;
    if bytes.len() > MAX_MANIFEST_BYTES {
        warnings.push(format!(
            "`{path}` is {} bytes, over the {MAX_MANIFEST_BYTES}-byte limit; not parsed",
            bytes.len()
        ));
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    match text.parse::<Table>() {
        Ok(t) => Some(t),
        Err(e) => {
            warnings.push(format!("failed to parse `{path}`: {}", e.message()));
            None
        }
    }
}

/// Reads the manifest facts; problems are appended to `warnings`.
pub fn analyze_manifest(files: &CrateFiles, warnings: &mut Vec<String>) -> ManifestFacts {
    let m = Manifests {
        primary: parse_toml(files, "Cargo.toml.orig", warnings),
        normalized: parse_toml(files, "Cargo.toml", warnings),
    };
    let mut f = ManifestFacts {
        source: if m.primary.is_some() {
            ManifestSource::Orig
        } else if m.normalized.is_some() {
            ManifestSource::Normalized
        } else {
            warnings.push("no readable Cargo.toml in the package".to_owned());
            ManifestSource::Missing
        },
        ..ManifestFacts::default()
    };
    let Some(main) = m.main() else {
        return f;
    };

    f.name = m.package_str("name");
    if let Some(v) = m.package_str("version") {
        match semver::Version::parse(&v) {
            Ok(v) => f.version = Some(v),
            Err(_) => warnings.push(format!("manifest version `{v}` is not semver")),
        }
    }
    f.edition = m.package_str("edition");
    f.rust_version = m.package_str("rust-version");
    f.license = m.package_str("license");
    f.license_file = m.package_str("license-file");
    f.description = m.package_str("description");
    f.description_notice = f
        .description
        .as_deref()
        .and_then(|d| crate::notice::in_description(d, f.name.as_deref().unwrap_or_default()));
    f.documentation = m.package_str("documentation");
    f.homepage = m.package_str("homepage");
    f.repository = m.package_str("repository");
    match m.package_field("readme") {
        Some(Value::String(s)) => f.readme = Some(s.clone()),
        Some(Value::Boolean(true)) => f.readme = Some("README.md".to_owned()),
        Some(Value::Boolean(false)) => f.readme_disabled = true,
        _ => {}
    }
    f.keywords = m.package_list("keywords");
    f.categories = m.package_list("categories");
    f.links = m.package_str("links");
    f.maintenance_status = main
        .get("badges")
        .and_then(|b| b.get("maintenance"))
        .and_then(|b| b.get("status"))
        .and_then(Value::as_str)
        .map(str::to_owned);

    match m.package_field("build") {
        Some(Value::Boolean(false)) => {}
        Some(Value::String(p)) => {
            f.build_script = true;
            f.build_path = Some(p.clone());
        }
        _ => {
            if files.contains("build.rs") {
                f.build_script = true;
                f.build_path = Some("build.rs".to_owned());
            }
        }
    }

    read_targets(main, files, &mut f);
    read_dependencies(&m, &mut f);
    read_features(main, &mut f);
    f.docs_rs = m
        .package_field("metadata")
        .and_then(|md| md.get("docs"))
        .and_then(|d| d.get("rs"))
        .and_then(Value::as_table)
        .map(read_docs_rs);
    if let Some(path) = &f.build_path {
        f.build_script_cfgs = files
            .text(path)
            .map(|t| crate::buildrs::unconditional_cfgs(&t))
            .unwrap_or_default();
    }
    f
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `--cfg X` / `--cfg=X` values in an argument list.
fn cfg_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    while let Some(a) = iter.next() {
        if a == "--cfg" {
            if let Some(v) = iter.next() {
                out.push(v.clone());
            }
        } else if let Some(v) = a.strip_prefix("--cfg=") {
            out.push(v.to_owned());
        }
    }
    out
}

fn read_docs_rs(t: &Table) -> DocsRsMetadata {
    let flag = |k: &str| {
        t.get(k)
            .or_else(|| t.get(&k.replace('-', "_")))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let list = |k: &str| strings(t.get(k).or_else(|| t.get(&k.replace('-', "_"))));
    let mut rustdoc_cfgs = cfg_args(&list("rustdoc-args"));
    rustdoc_cfgs.extend(cfg_args(&list("cargo-args")));
    let default_target = t
        .get("default-target")
        .or_else(|| t.get("default_target"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| list("targets").into_iter().next());
    DocsRsMetadata {
        features: list("features"),
        all_features: flag("all-features"),
        no_default_features: flag("no-default-features"),
        default_target,
        rustdoc_cfgs,
        rustc_cfgs: cfg_args(&list("rustc-args")),
    }
}

fn array_of_tables_len(main: &Table, key: &str) -> usize {
    main.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn read_targets(main: &Table, files: &CrateFiles, f: &mut ManifestFacts) {
    let lib_table = main.get("lib").and_then(Value::as_table);
    let proc_macro = lib_table
        .and_then(|l| l.get("proc-macro").or_else(|| l.get("proc_macro")))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let explicit_path = lib_table
        .and_then(|l| l.get("path"))
        .and_then(Value::as_str)
        .map(|p| p.trim_start_matches("./").to_owned());
    let path = explicit_path.or_else(|| {
        files
            .contains("src/lib.rs")
            .then(|| "src/lib.rs".to_owned())
    });
    f.lib = path.map(|path| LibTarget { path, proc_macro });

    let explicit_bins = array_of_tables_len(main, "bin");
    let autobins = main
        .get("package")
        .and_then(|p| p.get("autobins"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let mut bins = explicit_bins;
    if autobins {
        let declared: BTreeSet<&str> = main
            .get("bin")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|b| b.get("path").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        for p in files.paths() {
            let auto = p == "src/main.rs"
                || (p.starts_with("src/bin/")
                    && (p.matches('/').count() == 2 && p.ends_with(".rs")
                        || p.ends_with("/main.rs") && p.matches('/').count() == 3));
            if auto && !declared.contains(p) {
                bins += 1;
            }
        }
    }
    f.bin_count = bins;
    f.binary_only = f.lib.is_none() && bins > 0;
    f.bench_targets = array_of_tables_len(main, "bench");
    f.example_targets = array_of_tables_len(main, "example");
}

/// The dependency tables of one manifest, with their kind and target.
fn dep_tables(t: &Table) -> Vec<(DepKind, Option<String>, &Table)> {
    const KINDS: &[(&str, DepKind)] = &[
        ("dependencies", DepKind::Normal),
        ("build-dependencies", DepKind::Build),
        ("build_dependencies", DepKind::Build),
        ("dev-dependencies", DepKind::Dev),
        ("dev_dependencies", DepKind::Dev),
    ];
    let mut out = Vec::new();
    for (key, kind) in KINDS {
        if let Some(d) = t.get(*key).and_then(Value::as_table) {
            out.push((*kind, None, d));
        }
    }
    if let Some(targets) = t.get("target").and_then(Value::as_table) {
        for (cfg, body) in targets {
            for (key, kind) in KINDS {
                if let Some(d) = body.get(*key).and_then(Value::as_table) {
                    out.push((*kind, Some(cfg.clone()), d));
                }
            }
        }
    }
    out
}

fn read_dependencies(m: &Manifests, f: &mut ManifestFacts) {
    let Some(main) = m.main() else { return };
    let normalized_tables = m.normalized.as_ref().map(dep_tables).unwrap_or_default();
    for (kind, target, table) in dep_tables(main) {
        for (key, spec) in table {
            // A workspace-inherited entry names its package and may add
            // `optional` locally; the rename only shows in the normalised file.
            let resolved = if is_workspace_ref(spec) {
                normalized_tables
                    .iter()
                    .filter(|(k, t, _)| *k == kind && *t == target)
                    .find_map(|(_, _, nt)| nt.get(key))
                    .unwrap_or(spec)
            } else {
                spec
            };
            let package = resolved
                .get("package")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_owned();
            let optional = spec
                .get("optional")
                .or_else(|| resolved.get("optional"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let default_features = resolved
                .get("default-features")
                .or_else(|| resolved.get("default_features"))
                .and_then(Value::as_bool)
                .unwrap_or(true);
            // Workspace-inherited features add to the local ones.
            let mut features = strings(resolved.get("features"));
            if !std::ptr::eq(resolved, spec) {
                features.extend(strings(spec.get("features")));
            }
            f.dependencies.push(ManifestDep {
                name: package,
                key: key.clone(),
                kind,
                optional,
                target: target.clone(),
                default_features,
                features,
                path: spec.get("path").and_then(Value::as_str).map(str::to_owned),
            });
        }
    }
    let mut bench = BTreeSet::new();
    let mut optional = BTreeSet::new();
    let mut integrations = BTreeSet::new();
    for d in &f.dependencies {
        if d.kind == DepKind::Dev && BENCH_HARNESSES.contains(&d.name.as_str()) {
            bench.insert(d.name.clone());
        }
        if d.optional {
            optional.insert(d.name.clone());
            if INTEGRATION_CRATES.contains(&d.name.as_str()) {
                integrations.insert(d.name.clone());
            }
        }
    }
    f.bench_dev_dependencies = bench.into_iter().collect();
    f.optional_dependencies = optional.into_iter().collect();
    f.integrations = integrations.into_iter().collect();
}

fn read_features(main: &Table, f: &mut ManifestFacts) {
    if let Some(t) = main.get("features").and_then(Value::as_table) {
        for (name, list) in t {
            let values = list
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            f.features.insert(name.clone(), values);
        }
    }
    let optional_keys: BTreeSet<String> = f
        .dependencies
        .iter()
        .filter(|d| d.optional && d.kind != DepKind::Dev)
        .map(|d| d.key.clone())
        .collect();
    let (features, deps) = default_closure(&f.features, &optional_keys);
    f.default_features = features.into_iter().collect();
    f.default_optional_deps = deps.into_iter().collect();
}

/// The features and optional dependencies that `default` turns on, following
/// cargo's rules: `dep:x` enables dependency `x` only; `x/y` enables
/// dependency `x` (and its implicit feature) plus its feature `y`; `x?/y`
/// does not enable `x`; an optional dependency has an implicit feature of its
/// own name unless some feature mentions `dep:x`.
pub fn default_closure(
    features: &BTreeMap<String, Vec<String>>,
    optional_deps: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let roots: Vec<String> = features
        .contains_key("default")
        .then(|| "default".to_owned())
        .into_iter()
        .collect();
    let c = feature_closure(features, optional_deps, &roots);
    (c.features, c.optional_deps)
}

/// What a set of requested features turns on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureClosure {
    /// Features on (explicit ones and implicit features of optional deps).
    pub features: BTreeSet<String>,
    /// Optional dependencies (by manifest key) enabled.
    pub optional_deps: BTreeSet<String>,
    /// Features enabled on dependencies (by manifest key) through `x/y`, and
    /// through `x?/y` when `x` ends up enabled or is not optional.
    pub dep_features: BTreeMap<String, BTreeSet<String>>,
}

/// The closure of `roots` (feature names; unknown names that are optional
/// dependencies enable them, as `--features x` does), by the rules of
/// [`default_closure`].
pub fn feature_closure(
    features: &BTreeMap<String, Vec<String>>,
    optional_deps: &BTreeSet<String>,
    roots: &[String],
) -> FeatureClosure {
    let explicit_dep: BTreeSet<&str> = features
        .values()
        .flatten()
        .filter_map(|v| v.strip_prefix("dep:"))
        .collect();
    let implicit = |dep: &str| optional_deps.contains(dep) && !explicit_dep.contains(dep);

    let mut out = FeatureClosure::default();
    let mut weak: Vec<(String, String)> = Vec::new();
    let mut queue: Vec<String> = roots.to_vec();
    while let Some(item) = queue.pop() {
        if let Some(dep) = item.strip_prefix("dep:") {
            if optional_deps.contains(dep) {
                out.optional_deps.insert(dep.to_owned());
            }
        } else if let Some((dep, feat)) = item.split_once('/') {
            if let Some(dep) = dep.strip_suffix('?') {
                // A weak reference (`x?/y`) enables nothing by itself.
                weak.push((dep.to_owned(), feat.to_owned()));
            } else {
                out.dep_features
                    .entry(dep.to_owned())
                    .or_default()
                    .insert(feat.to_owned());
                if optional_deps.contains(dep) {
                    out.optional_deps.insert(dep.to_owned());
                    if implicit(dep) {
                        // The implicit feature has no values of its own.
                        out.features.insert(dep.to_owned());
                    }
                }
            }
        } else if out.features.insert(item.clone()) {
            match features.get(&item) {
                Some(values) => queue.extend(values.iter().cloned()),
                None if implicit(&item) => {
                    out.optional_deps.insert(item.clone());
                }
                None => {}
            }
        }
    }
    for (dep, feat) in weak {
        if !optional_deps.contains(&dep) || out.optional_deps.contains(&dep) {
            out.dep_features.entry(dep).or_default().insert(feat);
        }
    }
    out
}
