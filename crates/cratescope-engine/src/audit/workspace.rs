//! The workspace around a lockfile: its members and what each declares
//! (dependency kinds and targets), from `cargo metadata --no-deps` through
//! `cargo_metadata`; and finding the workspace and its lockfile the way cargo
//! does (the nearest `Cargo.toml` upward, then cargo's workspace root),
//! generating a missing lockfile.
//!
//! Why `--no-deps`: the full resolve needs every package's manifest,
//! including the Windows- and macOS-only ones a Linux build never
//! downloads, so offline it fails on most real workspaces; it also costs a
//! second or more. The lockfile already holds the resolved graph, and the
//! index holds each registry package's declared kinds and targets; only the
//! members' own declarations are missing from both, and `--no-deps` gives
//! them without touching the network.
//!
//! Without cargo (`--lockfile`), the members are the path packages nothing
//! depends on and their edges count as normal dependencies for every target.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::AuditError;
use super::lockfile::Lockfile;
use cratescope_model::audit::PackageSource;
use cratescope_model::release::DepKind;

/// A dependency a member declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredDep {
    /// The package depended on (its real name, when renamed).
    pub name: String,
    /// The version requirement.
    pub req: semver::VersionReq,
    /// Normal, build or dev.
    pub kind: DepKind,
    /// `cfg(…)` or a triple, when platform-specific.
    pub target: Option<String>,
}

/// One workspace member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Package name.
    pub name: String,
    /// Its version.
    pub version: semver::Version,
    /// What it declares (None: unknown, lockfile only).
    pub declared: Option<Vec<DeclaredDep>>,
    /// Its declared `rust-version`.
    pub rust_version: Option<semver::Version>,
}

/// The workspace as cargo sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceInfo {
    /// The workspace root (its `Cargo.lock` lives there).
    pub root: Option<PathBuf>,
    /// Workspace members (left out of the audit: they are the project itself).
    pub members: Vec<Member>,
    /// Where this came from: `cargo metadata` or the lockfile alone.
    pub from_cargo: bool,
}

impl WorkspaceInfo {
    /// The lowest `rust-version` a member declares: what a fix must build on.
    pub fn rust_version(&self) -> Option<&semver::Version> {
        self.members
            .iter()
            .filter_map(|m| m.rust_version.as_ref())
            .min()
    }
}

impl WorkspaceInfo {
    /// Read `cargo metadata --no-deps` output.
    pub fn from_metadata(m: &cargo_metadata::Metadata) -> WorkspaceInfo {
        let members = m
            .workspace_packages()
            .into_iter()
            .map(|p| Member {
                name: p.name.to_string(),
                version: p.version.clone(),
                declared: Some(
                    p.dependencies
                        .iter()
                        .map(|d| DeclaredDep {
                            name: d.name.clone(),
                            req: d.req.clone(),
                            kind: match d.kind {
                                cargo_metadata::DependencyKind::Development => DepKind::Dev,
                                cargo_metadata::DependencyKind::Build => DepKind::Build,
                                // Unknown future kinds count as normal: built.
                                _ => DepKind::Normal,
                            },
                            target: d.target.as_ref().map(|t| t.to_string()),
                        })
                        .collect(),
                ),
                rust_version: p.rust_version.clone(),
            })
            .collect();
        WorkspaceInfo {
            root: Some(m.workspace_root.clone().into_std_path_buf()),
            members,
            from_cargo: true,
        }
    }

    /// Run `cargo metadata --no-deps` on a manifest (never touches the
    /// network nor the lockfile).
    pub fn from_cargo(manifest: &Path) -> Result<WorkspaceInfo, AuditError> {
        let mut cmd = cargo_metadata::MetadataCommand::new();
        cmd.cargo_path(cargo())
            .manifest_path(manifest)
            .no_deps()
            .other_options(vec!["--offline".to_string()]);
        let m = cmd.exec().map_err(|e| AuditError::Metadata {
            source: Box::new(FirstLine(e.to_string())),
        })?;
        Ok(WorkspaceInfo::from_metadata(&m))
    }

    /// Without cargo: every path package nothing depends on is a member,
    /// with unknown declarations.
    pub fn from_lockfile(lock: &Lockfile) -> WorkspaceInfo {
        let depended: std::collections::BTreeSet<usize> = lock
            .packages
            .iter()
            .flat_map(|p| p.dependencies.iter().copied())
            .collect();
        let members = lock
            .packages
            .iter()
            .enumerate()
            .filter(|(i, p)| p.source == PackageSource::Path && !depended.contains(i))
            .map(|(_, p)| Member {
                name: p.name.clone(),
                version: p.version.clone(),
                declared: None,
                rust_version: None,
            })
            .collect();
        WorkspaceInfo {
            root: lock.path.parent().map(Path::to_path_buf),
            members,
            from_cargo: false,
        }
    }
}

/// cargo's error output can be long; its first line says what failed.
#[derive(Debug)]
struct FirstLine(String);

impl std::fmt::Display for FirstLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self
            .0
            .lines()
            .map(|l| l.trim().trim_start_matches("error: ").trim())
            .find(|l| !l.is_empty() && !l.ends_with("exited with an error:"))
            .unwrap_or("no message");
        f.write_str(line)
    }
}

impl std::error::Error for FirstLine {}

/// The cargo to run: `$CARGO` (set when we run under cargo), else `cargo`.
fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The nearest `Cargo.toml` at or above `dir`, as cargo looks for it.
pub fn find_manifest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|m| m.is_file())
}

/// Where the lockfile of the workspace around `manifest` lives, without
/// cargo: the first `Cargo.lock` beside the manifest or above it, else
/// beside the manifest (where cargo would write it).
pub fn lockfile_near(manifest: &Path) -> PathBuf {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    dir.ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|l| l.is_file())
        .unwrap_or_else(|| dir.join("Cargo.lock"))
}

/// Run `cargo generate-lockfile` (with `--offline` when asked) for a
/// workspace that has none.
pub fn generate_lockfile(manifest: &Path, offline: bool) -> Result<(), AuditError> {
    let mut cmd = Command::new(cargo());
    cmd.arg("generate-lockfile")
        .arg("--manifest-path")
        .arg(manifest);
    if offline {
        cmd.arg("--offline");
    }
    let out = cmd.output().map_err(|e| AuditError::GenerateLockfile {
        manifest: manifest.to_path_buf(),
        source: Box::new(e),
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(AuditError::GenerateLockfile {
            manifest: manifest.to_path_buf(),
            source: Box::new(FirstLine(String::from_utf8_lossy(&out.stderr).into_owned())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_gives_members_and_their_declarations() {
        let json = r#"{
          "packages": [
            {"id": "path+file:///w/app#0.1.0", "name": "app", "version": "0.1.0",
             "source": null, "manifest_path": "/w/app/Cargo.toml", "targets": [], "features": {},
             "dependencies": [
               {"name": "itoa", "req": "^1", "kind": null, "optional": false, "uses_default_features": true,
                "features": [], "target": null, "rename": null, "registry": null, "source": "registry+https://github.com/rust-lang/crates.io-index"},
               {"name": "winapi", "req": "^0.3", "kind": null, "optional": false, "uses_default_features": true,
                "features": [], "target": "cfg(windows)", "rename": null, "registry": null, "source": "registry+https://github.com/rust-lang/crates.io-index"},
               {"name": "insta", "req": "^1", "kind": "dev", "optional": false, "uses_default_features": true,
                "features": [], "target": null, "rename": null, "registry": null, "source": "registry+https://github.com/rust-lang/crates.io-index"}
             ]}
          ],
          "workspace_members": ["path+file:///w/app#0.1.0"],
          "resolve": null,
          "workspace_root": "/w",
          "target_directory": "/w/target",
          "version": 1
        }"#;
        let m = cargo_metadata::MetadataCommand::parse(json).unwrap();
        let info = WorkspaceInfo::from_metadata(&m);
        assert_eq!(info.root.as_deref(), Some(Path::new("/w")));
        assert_eq!(info.members.len(), 1);
        let d = info.members[0].declared.as_ref().unwrap();
        assert_eq!(d[0].kind, DepKind::Normal);
        assert_eq!(d[1].target.as_deref(), Some("cfg(windows)"));
        assert_eq!(d[2].kind, DepKind::Dev);
    }

    #[test]
    fn manifests_and_lockfiles_are_found_upward() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("app/src/bin")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
        std::fs::write(root.join("app/Cargo.toml"), "[package]\n").unwrap();
        std::fs::write(root.join("Cargo.lock"), "").unwrap();
        let m = find_manifest(&root.join("app/src/bin")).unwrap();
        assert_eq!(m, root.join("app/Cargo.toml"));
        assert_eq!(lockfile_near(&m), root.join("Cargo.lock"));
        std::fs::remove_file(root.join("Cargo.lock")).unwrap();
        assert_eq!(lockfile_near(&m), root.join("app/Cargo.lock"));
    }
}
