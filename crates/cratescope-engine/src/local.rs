//! `eval --path DIR`: a local, unpublished (or private) crate. Its files are
//! read from disk under the same limits as a `.crate` (entry count, bytes per
//! file, bytes in total; symbolic links never followed; `target/` and hidden
//! directories skipped), its manifest normalised as `cargo package` does
//! (`*.workspace = true` filled in from the workspace root), analysed by the
//! same analyser, and its git history read from the repository that contains
//! the directory. There is no registry data: releases, downloads,
//! dependents and the docs build are unavailable, and every such source
//! says why. Advisories are checked by name and version in the RustSec
//! database as for a published crate; the dependency tree is not resolved.

use std::path::{Path, PathBuf};

use cratescope_analyze::{CrateFiles, Limits};
use cratescope_model::{Arg, Facts, Message, SourceId, SourceRecord, end_of_day, msg};
use jiff::civil::Date;

use crate::error::Error;
use crate::evaluator::{Evaluator, Outcome};
use crate::workspace;

/// Why registry-backed sources are unavailable for a local crate.
pub fn no_registry() -> Message {
    msg!("local-no-registry")
}

/// Directories never read: build output, VCS data, dependencies vendored by tools.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// A local crate's files, read under limits, and what the limits left out.
#[derive(Debug, Default)]
pub struct LocalFiles {
    /// Path (relative, `/`-separated) and contents.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files not read, and why.
    pub warnings: Vec<Message>,
}

impl LocalFiles {
    /// The paths read.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(p, _)| p.as_str())
    }

    /// One file's contents.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.as_slice())
    }

    /// Replace one file's contents.
    pub fn replace(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(slot) = self.files.iter_mut().find(|(p, _)| p == path) {
            slot.1 = bytes;
        }
    }

    /// As the analyser reads a crate.
    pub fn into_crate_files(self) -> CrateFiles {
        CrateFiles::from_files("local", self.files)
    }
}

/// Read a crate directory into memory under `limits`.
pub fn read_dir(root: &Path, limits: &Limits) -> Result<LocalFiles, Error> {
    let io = |p: &Path, source: std::io::Error| Error::Io {
        path: p.to_path_buf(),
        source,
    };
    if !root.join("Cargo.toml").is_file() {
        return Err(Error::NotACrate {
            path: root.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    let mut warnings: Vec<Message> = Vec::new();
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
                warnings.push(msg!("local-entry-limit", n = limits.max_entries));
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
                    warnings.push(msg!(
                        "local-file-too-large",
                        path = Arg::code(rel_path),
                        size = Arg::Bytes(meta.len())
                    ));
                    continue;
                }
                if total + meta.len() > limits.max_total_bytes {
                    warnings.push(msg!(
                        "local-total-limit",
                        path = Arg::code(rel_path),
                        limit = Arg::Bytes(limits.max_total_bytes)
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
    Ok(LocalFiles { files, warnings })
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
    /// Evaluate the crate in a local directory (no registry data); called
    /// through [`Evaluator::evaluate`] with a path request.
    pub(crate) async fn evaluate_path(
        &self,
        dir: &Path,
        as_of_day: Date,
    ) -> Result<Outcome, Error> {
        let dir = std::fs::canonicalize(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let as_of = end_of_day(as_of_day);
        let d = dir.clone();
        let analysed = tokio::task::spawn_blocking(move || {
            let mut files = read_dir(&d, &Limits::default())?;
            // The manifest as `cargo package` would publish it.
            let mut notes = std::mem::take(&mut files.warnings);
            if let Some(text) = files
                .get("Cargo.toml")
                .map(|b| String::from_utf8_lossy(b).into_owned())
                && let Some(normalised) = workspace::normalise_member(&d, &text, &mut notes)
            {
                files.replace("Cargo.toml", normalised.into_bytes());
            }
            let files = files.into_crate_files();
            let w = files.warnings.clone();
            Ok::<_, Error>((cratescope_analyze::analyze(&files), w, notes))
        })
        .await
        .map_err(|source| Error::Task {
            what: "the analysis of the local crate",
            source,
        })??;
        let (package, file_warnings, notes) = analysed;
        let mut warnings: Vec<Message> = vec![no_registry()];
        warnings.extend(notes);
        warnings.extend(file_warnings.into_iter().map(Into::into));
        warnings.extend(package.warnings.iter().cloned().map(Into::into));
        let name = package
            .manifest
            .name
            .clone()
            .ok_or_else(|| Error::NoPackageName { path: dir.clone() })?;
        let version = package
            .manifest
            .version
            .clone()
            .unwrap_or_else(|| semver::Version::new(0, 0, 0));
        let mut sources = vec![
            SourceRecord::unavailable(SourceId::Index, no_registry()),
            SourceRecord::ok(SourceId::Tarball, None).noted(msg!(
                "local-directory",
                path = Arg::code(dir.display().to_string())
            )),
        ];
        let git = match git_root(&dir) {
            None => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Git,
                    msg!("local-not-in-git"),
                ));
                None
            }
            Some((root, rel)) => {
                let mut hopts = cratescope_git::HistoryOptions::new(as_of, &name);
                hopts.path_in_vcs = (!rel.is_empty()).then_some(rel);
                let r = tokio::task::spawn_blocking(move || {
                    cratescope_git::analyze_repository(&root, &hopts).map_err(|e| e.message())
                })
                .await
                .unwrap_or_else(|e| {
                    Err(msg!(
                        "engine-task-failed",
                        what = msg!("engine-what-repository"),
                        why = Arg::text(e.to_string())
                    ))
                });
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
        // Advisories apply to a local crate too: RustSec names crates by
        // name and version, and a checkout of a published crate is that
        // crate. Without this the enterprise scenario would stay capped on
        // a check that was simply never made.
        let (advisories, rec, w) = self.local_advisory_facts(&name, &version, as_of).await;
        sources.push(rec);
        warnings.extend(w);
        for id in [SourceId::CratesIo, SourceId::Github, SourceId::DocsRs] {
            sources.push(SourceRecord::unavailable(id, no_registry()));
        }
        let facts = Facts {
            name,
            version,
            as_of: as_of_day,
            releases: Vec::new(),
            yanks_unknown: false,
            package: Some(package),
            dependency_latest: None,
            transitive_deps: None,
            git,
            advisories,
            crates_io: None,
            github: None,
            docs_rs: None,
            dump: None,
            sources,
        };
        Ok(self.score(facts, warnings, Vec::new()))
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
            Err(Error::NotACrate { .. })
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
        assert!(files.get("big.rs").is_none());
        assert_eq!(files.warnings.len(), 1);
    }
}
