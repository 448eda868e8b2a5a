//! `eval --path DIR`: a local, unpublished (or private) crate. Its files are
//! read from disk under the same limits as a `.crate` (entry count, bytes per
//! file, bytes in total; symbolic links never followed; `target/` and hidden
//! directories skipped), analysed by the same analyser, and its git history
//! read from the repository that contains the directory. There is no
//! registry data: releases, downloads, dependents, advisories by release and
//! the docs build are unavailable, and every such source says why.

use std::path::{Path, PathBuf};

use cratescope_analyze::{CrateFiles, Limits};
use cratescope_model::{Facts, SourceId, SourceRecord, end_of_day};

use crate::error::{Error, short_reason};
use crate::evaluator::{Evaluator, Outcome};

/// Why registry-backed sources are unavailable for a local crate.
pub const NO_REGISTRY: &str =
    "local crate: not read from a registry (use `eval NAME` for a published crate)";

/// Directories never read: build output, VCS data, dependencies vendored by tools.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Read a crate directory into memory under `limits`.
pub fn read_dir(root: &Path, limits: &Limits) -> Result<CrateFiles, Error> {
    let io = |p: &Path, e: std::io::Error| Error::Other {
        context: format!("cannot read {}", p.display()),
        source: Box::new(e),
    };
    if !root.join("Cargo.toml").is_file() {
        return Err(Error::InvalidInput(format!(
            "no Cargo.toml in {}: --path names a crate's directory",
            root.display()
        )));
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut total: u64 = 0;
    let mut entries: u64 = 0;
    let mut stack: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let mut list: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| io(&dir, e))?
            .filter_map(Result::ok)
            .collect();
        list.sort_by_key(|e| e.file_name());
        for entry in list {
            entries += 1;
            if entries > limits.max_entries {
                warnings.push(format!(
                    "stopped reading after {} entries (limit)",
                    limits.max_entries
                ));
                stack.clear();
                break;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            // symlink_metadata: a link is never followed.
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if !skipped_dir(&name) {
                    stack.push((path, rel_path));
                }
            } else if meta.is_file() {
                if meta.len() > limits.max_entry_bytes {
                    warnings.push(format!(
                        "{rel_path}: {} bytes, not read (limit)",
                        meta.len()
                    ));
                    continue;
                }
                if total + meta.len() > limits.max_total_bytes {
                    warnings.push(format!(
                        "stopped reading at {rel_path}: {} bytes in total (limit)",
                        limits.max_total_bytes
                    ));
                    stack.clear();
                    break;
                }
                total += meta.len();
                let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
                files.push((rel_path, bytes));
            }
        }
    }
    let mut cf = CrateFiles::from_files("local", files);
    cf.warnings = warnings;
    Ok(cf)
}

/// The repository containing `dir` and the crate's path inside it.
fn git_root(dir: &Path) -> Option<(PathBuf, String)> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.join(".git").exists() {
            let rel = dir
                .strip_prefix(d)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            return Some((d.to_path_buf(), rel));
        }
        cur = d.parent();
    }
    None
}

impl Evaluator {
    /// Evaluate the crate in a local directory (no registry data).
    pub async fn evaluate_path(&self, dir: &Path) -> Result<Outcome, Error> {
        let dir = std::fs::canonicalize(dir).map_err(|e| Error::Other {
            context: format!("cannot open {}", dir.display()),
            source: Box::new(e),
        })?;
        let as_of_day = self.opts.as_of;
        let as_of = end_of_day(as_of_day);
        let d = dir.clone();
        let analysed = tokio::task::spawn_blocking(move || {
            read_dir(&d, &Limits::default()).map(|files| {
                let w = files.warnings.clone();
                (cratescope_analyze::analyze(&files), w)
            })
        })
        .await
        .map_err(|e| Error::Other {
            context: "the analysis of the local crate failed".into(),
            source: Box::new(e),
        })??;
        let (package, mut warnings) = analysed;
        warnings.extend(package.warnings.iter().cloned());
        let name = package.manifest.name.clone().ok_or_else(|| {
            Error::InvalidInput(format!(
                "{}/Cargo.toml has no [package] name",
                dir.display()
            ))
        })?;
        let version = package
            .manifest
            .version
            .clone()
            .unwrap_or_else(|| semver::Version::new(0, 0, 0));
        let mut sources = vec![
            SourceRecord::unavailable(SourceId::Index, NO_REGISTRY),
            SourceRecord::ok(SourceId::Tarball, None)
                .noted(format!("local directory {}", dir.display())),
        ];
        let git = match git_root(&dir) {
            None => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Git,
                    "the directory is not inside a git repository",
                ));
                None
            }
            Some((root, rel)) => {
                let mut hopts = cratescope_git::HistoryOptions::new(as_of, &name);
                hopts.path_in_vcs = (!rel.is_empty()).then_some(rel);
                let r = tokio::task::spawn_blocking(move || {
                    cratescope_git::analyze_repository(&root, &hopts).map_err(|e| short_reason(&e))
                })
                .await
                .unwrap_or_else(|e| Err(format!("analysis failed: {e}")));
                match r {
                    Ok(g) => {
                        warnings.extend(g.warnings.iter().cloned());
                        sources.push(SourceRecord::ok(SourceId::Git, None));
                        Some(g)
                    }
                    Err(reason) => {
                        sources.push(SourceRecord::unavailable(SourceId::Git, reason));
                        None
                    }
                }
            }
        };
        for id in [
            SourceId::Advisories,
            SourceId::CratesIo,
            SourceId::Github,
            SourceId::DocsRs,
        ] {
            sources.push(SourceRecord::unavailable(id, NO_REGISTRY));
        }
        let facts = Facts {
            name,
            version,
            as_of: as_of_day,
            releases: Vec::new(),
            package: Some(package),
            dependency_latest: None,
            transitive_deps: None,
            git,
            advisories: None,
            crates_io: None,
            github: None,
            docs_rs: None,
            dump: None,
            sources,
        };
        let mut evaluation = cratescope_score::evaluate(&facts, &self.opts.model);
        warnings.insert(0, NO_REGISTRY.to_string());
        evaluation.warnings = warnings.clone().into();
        Ok(Outcome {
            evaluation,
            facts,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sources_skips_target_and_hidden_dirs_and_never_follows_links() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        std::fs::write(
            r.join("Cargo.toml"),
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(r.join("src")).unwrap();
        std::fs::write(r.join("src/lib.rs"), "pub fn f() {}\n").unwrap();
        std::fs::create_dir_all(r.join("target/debug")).unwrap();
        std::fs::write(r.join("target/debug/big"), "x").unwrap();
        std::fs::create_dir_all(r.join(".git")).unwrap();
        std::fs::write(r.join(".git/config"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", r.join("src/passwd")).unwrap();
        let files = read_dir(r, &Limits::default()).unwrap();
        let paths: Vec<&str> = files.paths().collect();
        assert_eq!(paths, ["Cargo.toml", "src/lib.rs"]);
    }

    #[test]
    fn a_directory_without_a_manifest_is_an_input_error() {
        let t = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_dir(t.path(), &Limits::default()),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn limits_bound_what_is_read() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        std::fs::write(r.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        std::fs::write(r.join("big.rs"), vec![b'a'; 1000]).unwrap();
        let limits = Limits {
            max_entry_bytes: 100,
            ..Limits::default()
        };
        let files = read_dir(r, &limits).unwrap();
        assert!(!files.contains("big.rs"));
        assert!(files.warnings.iter().any(|w| w.contains("big.rs")));
    }
}
