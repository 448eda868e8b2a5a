//! One published version as the registry index records it, and its
//! dependencies. Filled by `cratescope-index`; read by the signals and the
//! engine's resolver. There is one dependency kind for the whole workspace.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Kind of a dependency edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// `[dependencies]` (`kind` null or absent in the index included).
    Normal,
    /// `[build-dependencies]`.
    Build,
    /// `[dev-dependencies]`.
    Dev,
}

/// One dependency of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The real crate depended on (`package` when renamed, else `name`).
    pub name: String,
    /// The name the dependent uses for it, when renamed.
    pub alias: Option<String>,
    /// The version requirement, verbatim.
    pub req: String,
    /// Normal, dev or build.
    pub kind: DepKind,
    /// Whether it is optional (behind a feature).
    pub optional: bool,
    /// Whether default features are enabled.
    pub default_features: bool,
    /// Features enabled on it.
    pub features: Vec<String>,
    /// Platform restriction, e.g. `cfg(not(miri))`.
    pub target: Option<String>,
    /// Another registry's index URL; `None` means the same registry.
    pub registry: Option<String>,
}

/// One published version, as the index records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The crate name in its original case.
    pub name: String,
    /// The version.
    pub version: semver::Version,
    /// Dependencies of every kind.
    pub deps: Vec<Dependency>,
    /// Hex SHA-256 of the `.crate` file.
    pub cksum: String,
    /// Features, with `features2` merged in.
    pub features: BTreeMap<String, Vec<String>>,
    /// Whether the version is yanked.
    pub yanked: bool,
    /// The native library it links, if any.
    pub links: Option<String>,
    /// The declared minimum Rust version, verbatim (e.g. `1.68`).
    pub rust_version: Option<String>,
    /// Publish time; `None` when the index does not record it.
    pub pubtime: Option<Timestamp>,
}

impl Release {
    /// The normal dependencies a default build pulls in: non-optional ones plus
    /// optional ones enabled through the `default` feature closure.
    pub fn default_normal_deps(&self) -> Vec<&Dependency> {
        let r = self;
        let key = |d: &Dependency| d.alias.clone().unwrap_or_else(|| d.name.clone());
        let mut enabled: BTreeSet<String> = BTreeSet::new();
        let mut seen_features: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = vec!["default".to_string()];
        while let Some(feat) = stack.pop() {
            if !seen_features.insert(feat.clone()) {
                continue;
            }
            let Some(entries) = r.features.get(&feat) else {
                // An implicit feature named after an optional dependency.
                enabled.insert(feat);
                continue;
            };
            for e in entries {
                if let Some(dep) = e.strip_prefix("dep:") {
                    enabled.insert(dep.to_string());
                } else if let Some((dep, _)) = e.split_once('/') {
                    if !dep.ends_with('?') {
                        enabled.insert(dep.to_string());
                        if r.features.contains_key(dep) {
                            stack.push(dep.to_string());
                        }
                    }
                } else {
                    stack.push(e.clone());
                }
            }
        }
        let mut out: Vec<&Dependency> = Vec::new();
        let mut names = BTreeSet::new();
        for d in r.deps.iter().filter(|d| d.kind == DepKind::Normal) {
            if (!d.optional || enabled.contains(&key(d))) && names.insert(d.name.clone()) {
                out.push(d);
            }
        }
        out
    }
}
