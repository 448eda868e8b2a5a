//! Reads a `Cargo.lock` with the `cargo-lock` crate (format versions 1 to
//! 4, dependency entries resolved to exact packages), and remembers the line
//! each `[[package]]` starts on so SARIF results can point at it.
//!
//! Fails closed: an empty file, a lockfile without packages, an unknown
//! format version (`version = 99`) and a package listed twice (cargo never
//! writes one; two entries would give two verdicts for one package) are
//! errors, not an empty audit. Checksums are kept (format 1 keeps them in
//! `[metadata]`; `cargo-lock` moves them onto the packages) so the audit
//! can compare them with the registry's. Deliberately ignored:
//! `[patch.unused]` (nothing to audit).

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
    /// Dependencies, as indices into [`Lockfile::packages`].
    pub dependencies: Vec<usize>,
    /// 1-based line of its `[[package]]` header.
    pub line: usize,
    /// The `.crate`'s SHA-256 as the lockfile records it (hex).
    pub checksum: Option<String>,
}

impl LockedPackage {
    /// `name version`, as paths and messages show a package.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

/// A parsed lockfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lockfile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its format version (1 to 4).
    pub format_version: u32,
    /// Packages in file order.
    pub packages: Vec<LockedPackage>,
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
        if text.trim().is_empty() {
            return Err(bad("the file is empty".into()));
        }
        let lock: cargo_lock::Lockfile =
            text.parse()
                .map_err(|e: cargo_lock::Error| AuditError::ParseLockfile {
                    path: path.to_path_buf(),
                    source: Box::new(e),
                })?;
        if lock.packages.is_empty() {
            return Err(bad("it lists no packages".into()));
        }
        let lines = package_header_lines(text);
        if lines.len() != lock.packages.len() {
            return Err(bad(format!(
                "{} `[[package]]` headers but {} packages parsed",
                lines.len(),
                lock.packages.len()
            )));
        }
        let sources: Vec<PackageSource> = lock.packages.iter().map(source_of).collect();
        let mut seen = std::collections::HashSet::new();
        for (p, src) in lock.packages.iter().zip(&sources) {
            if !seen.insert((p.name.as_str(), &p.version, src)) {
                return Err(bad(format!(
                    "package `{} {}` ({}) is listed twice",
                    p.name,
                    p.version,
                    src.label()
                )));
            }
        }
        let mut by_key: std::collections::HashMap<(&str, &semver::Version), Vec<usize>> =
            std::collections::HashMap::new();
        for (j, q) in lock.packages.iter().enumerate() {
            by_key
                .entry((q.name.as_str(), &q.version))
                .or_default()
                .push(j);
        }
        let mut packages = Vec::with_capacity(lock.packages.len());
        for (i, p) in lock.packages.iter().enumerate() {
            let mut dependencies = Vec::with_capacity(p.dependencies.len());
            for d in &p.dependencies {
                // `cargo-lock` resolved each entry to a name, a version and
                // (when ambiguous) a source; find that package.
                let candidates = by_key
                    .get(&(d.name.as_str(), &d.version))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let found = match candidates {
                    [only] => Some(*only),
                    _ => candidates.iter().copied().find(|&j| {
                        d.source.as_ref().is_some_and(|s| {
                            lock.packages[j].source.as_ref() == Some(s)
                                || sources[j] == PackageSource::parse(Some(&s.to_string()))
                        })
                    }),
                };
                let j = found.ok_or_else(|| {
                    bad(format!(
                        "package `{}` lists dependency `{} {}`, which is not in the lockfile",
                        p.name, d.name, d.version
                    ))
                })?;
                dependencies.push(j);
            }
            packages.push(LockedPackage {
                name: p.name.as_str().to_string(),
                version: p.version.clone(),
                source: sources[i].clone(),
                dependencies,
                line: lines[i],
                checksum: p.checksum.as_ref().map(|c| c.to_string()),
            });
        }
        Ok(Lockfile {
            path: path.to_path_buf(),
            format_version: u32::from(lock.version),
            packages,
        })
    }

    /// The package at `name version`, if locked.
    pub fn find(&self, name: &str, version: &semver::Version) -> Option<usize> {
        self.packages
            .iter()
            .position(|p| p.name == name && p.version == *version)
    }
}

fn source_of(p: &cargo_lock::Package) -> PackageSource {
    match &p.source {
        None => PackageSource::Path,
        Some(s) if s.is_default_registry() => PackageSource::CratesIo,
        Some(s) if s.is_path() => PackageSource::Path,
        Some(s) => PackageSource::parse(Some(&s.to_string())),
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
checksum = "0000000000000000000000000000000000000000000000000000000000000000"

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
        let deps: Vec<String> = app
            .dependencies
            .iter()
            .map(|&j| l.packages[j].label())
            .collect();
        assert_eq!(deps, ["itoa 1.0.19", "semver 1.0.28", "local 0.2.0"]);
        assert_eq!(l.packages[1].source, PackageSource::CratesIo);
        assert_eq!(l.packages[1].line, 13);
        assert_eq!(l.packages[3].source, PackageSource::CratesIo);
        assert!(
            matches!(&l.packages[4].source, PackageSource::Git(u) if u.starts_with("https://github.com/dtolnay"))
        );
        assert_eq!(l.find("semver", &semver::Version::new(0, 9, 0)), Some(4));
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
        assert!(crate::error::chain(&e).contains("one"), "{e}");
        let e = Lockfile::parse(
            "version = 3\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\ndependencies = [\"b\"]\n",
            Path::new("L"),
        )
        .unwrap_err();
        assert!(crate::error::chain(&e).contains("b"), "{e}");
    }

    #[test]
    fn a_package_listed_twice_is_refused() {
        let twice = format!(
            "{LOCK}\n[[package]]\nname = \"itoa\"\nversion = \"1.0.19\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        );
        let e = Lockfile::parse(&twice, Path::new("Cargo.lock")).unwrap_err();
        assert!(
            e.to_string()
                .contains("`itoa 1.0.19` (crates.io) is listed twice"),
            "{e}"
        );
    }

    #[test]
    fn checksums_are_kept_in_every_format() {
        let l = Lockfile::parse(LOCK, Path::new("Cargo.lock")).unwrap();
        assert_eq!(
            l.packages[1].checksum.as_deref(),
            Some("0".repeat(64).as_str())
        );
        // Format 1: checksums live in [metadata].
        let v1 = "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"itoa 1.0.19 (registry+https://github.com/rust-lang/crates.io-index)\",\n]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.19\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[metadata]\n\"checksum itoa 1.0.19 (registry+https://github.com/rust-lang/crates.io-index)\" = \"1111111111111111111111111111111111111111111111111111111111111111\"\n";
        let l = Lockfile::parse(v1, Path::new("Cargo.lock")).unwrap();
        assert_eq!(l.format_version, 1);
        assert_eq!(
            l.packages[1].checksum.as_deref(),
            Some("1".repeat(64).as_str())
        );
        assert_eq!(l.packages[0].dependencies, [1]);
    }

    #[test]
    fn empty_and_unknown_version_lockfiles_fail_closed() {
        let e = Lockfile::parse("", Path::new("Cargo.lock")).unwrap_err();
        assert!(e.to_string().contains("the file is empty"), "{e}");
        let e = Lockfile::parse("# only a comment\n\n", Path::new("Cargo.lock")).unwrap_err();
        assert!(e.to_string().contains("lists no packages"), "{e}");
        let e = Lockfile::parse(&LOCK.replace("version = 4", "version = 99"), Path::new("L"))
            .unwrap_err();
        let chain = crate::error::chain(&e);
        assert!(chain.contains("99"), "{chain}");
    }
}
