//! Reads a `Cargo.lock` (format versions 1 to 4) into packages and their
//! dependency edges, remembering the line each `[[package]]` starts on so
//! SARIF results can point at it.
//!
//! Deliberately ignored: the `[metadata]` table of version-1 lockfiles
//! (checksums are not needed to evaluate a crate), `[patch.unused]`, and the
//! checksum field itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AuditError;
use cratescope_model::audit::PackageSource;

/// One `[[package]]` of the lockfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedPackage {
    /// Package name.
    pub name: String,
    /// Locked version.
    pub version: semver::Version,
    /// Where it comes from.
    pub source: PackageSource,
    /// Dependencies as `(name, version)` once resolved against the lockfile.
    pub dependencies: Vec<(String, semver::Version)>,
    /// 1-based line of its `[[package]]` header.
    pub line: usize,
}

/// A parsed lockfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockfile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its `version` field (1 when absent).
    pub format_version: u32,
    /// Packages in file order.
    pub packages: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct RawLock {
    version: Option<u32>,
    #[serde(default)]
    package: Vec<RawPackage>,
}

#[derive(Deserialize)]
struct RawPackage {
    name: String,
    version: String,
    source: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

impl Lockfile {
    /// Read and parse a lockfile.
    pub fn load(path: &Path) -> Result<Lockfile, AuditError> {
        let text = std::fs::read_to_string(path).map_err(|e| AuditError::ReadLockfile {
            path: path.to_path_buf(),
            source: e,
        })?;
        Lockfile::parse(&text, path)
    }

    /// Parse lockfile text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Lockfile, AuditError> {
        let bad = |problem: String| AuditError::BadLockfile {
            path: path.to_path_buf(),
            problem,
        };
        let raw: RawLock = toml::from_str(text).map_err(|e| AuditError::ParseLockfile {
            path: path.to_path_buf(),
            source: Box::new(e),
        })?;
        let lines = package_header_lines(text);
        // Name → versions, to resolve `dependencies` entries that omit the version.
        let mut by_name: BTreeMap<&str, Vec<semver::Version>> = BTreeMap::new();
        let mut versions = Vec::with_capacity(raw.package.len());
        for p in &raw.package {
            let v = semver::Version::parse(&p.version).map_err(|e| {
                bad(format!(
                    "package `{}` has an invalid version `{}`: {e}",
                    p.name, p.version
                ))
            })?;
            by_name.entry(p.name.as_str()).or_default().push(v.clone());
            versions.push(v);
        }
        let mut packages = Vec::with_capacity(raw.package.len());
        for (i, (p, version)) in raw.package.iter().zip(versions).enumerate() {
            let mut dependencies = Vec::with_capacity(p.dependencies.len());
            for d in &p.dependencies {
                dependencies.push(resolve_dependency(d, &by_name).map_err(|problem| {
                    bad(format!(
                        "package `{}` lists dependency `{d}`: {problem}",
                        p.name
                    ))
                })?);
            }
            packages.push(LockedPackage {
                name: p.name.clone(),
                version,
                source: PackageSource::parse(p.source.as_deref()),
                dependencies,
                line: lines.get(i).copied().unwrap_or(1),
            });
        }
        Ok(Lockfile {
            path: path.to_path_buf(),
            format_version: raw.version.unwrap_or(1),
            packages,
        })
    }
}

/// Resolve `name`, `name version` or `name version (source)`.
fn resolve_dependency(
    entry: &str,
    by_name: &BTreeMap<&str, Vec<semver::Version>>,
) -> Result<(String, semver::Version), String> {
    let mut parts = entry.split_whitespace();
    let name = parts.next().ok_or_else(|| "empty entry".to_string())?;
    let known = by_name
        .get(name)
        .ok_or_else(|| "no such package in the lockfile".to_string())?;
    match parts.next() {
        Some(v) => {
            let v = semver::Version::parse(v).map_err(|e| format!("invalid version: {e}"))?;
            if known.contains(&v) {
                Ok((name.to_string(), v))
            } else {
                Err("no such version in the lockfile".into())
            }
        }
        None => match known.as_slice() {
            [only] => Ok((name.to_string(), only.clone())),
            _ => Err("ambiguous: several versions are locked and the entry names none".into()),
        },
    }
}

/// 1-based line numbers of each `[[package]]` header, in order.
fn package_header_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[package]]")
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "itoa",
 "semver 1.0.28",
 "local",
]

[[package]]
name = "itoa"
version = "1.0.19"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "00"

[[package]]
name = "local"
version = "0.2.0"

[[package]]
name = "semver"
version = "1.0.28"
source = "sparse+https://index.crates.io/"

[[package]]
name = "semver"
version = "0.9.0"
source = "git+https://github.com/dtolnay/semver?rev=abc#abc"
"#;

    #[test]
    fn parses_sources_edges_and_lines() {
        let l = Lockfile::parse(LOCK, Path::new("Cargo.lock")).unwrap();
        assert_eq!(l.format_version, 4);
        assert_eq!(l.packages.len(), 5);
        let app = &l.packages[0];
        assert_eq!(app.source, PackageSource::Path);
        assert_eq!(app.line, 4);
        assert_eq!(
            app.dependencies
                .iter()
                .map(|(n, v)| format!("{n}@{v}"))
                .collect::<Vec<_>>(),
            ["itoa@1.0.19", "semver@1.0.28", "local@0.2.0"]
        );
        assert_eq!(l.packages[1].source, PackageSource::CratesIo);
        assert_eq!(l.packages[1].line, 13);
        assert_eq!(l.packages[3].source, PackageSource::CratesIo);
        assert!(
            matches!(&l.packages[4].source, PackageSource::Git(u) if u.starts_with("https://github.com/dtolnay"))
        );
    }

    #[test]
    fn malformed_lockfiles_are_errors_naming_the_problem() {
        let e = Lockfile::parse("[[package]\nname=", Path::new("x/Cargo.lock")).unwrap_err();
        assert!(e.to_string().contains("x/Cargo.lock"), "{e}");
        let e = Lockfile::parse(
            "[[package]]\nname = \"a\"\nversion = \"one\"\n",
            Path::new("Cargo.lock"),
        )
        .unwrap_err();
        assert!(format!("{e}").contains("invalid version `one`"), "{e}");
        let e = Lockfile::parse(
            "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\ndependencies = [\"b\"]\n",
            Path::new("L"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("dependency `b`"), "{e}");
    }
}
