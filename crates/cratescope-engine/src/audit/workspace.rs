//! Which registry packages are *direct* dependencies of which workspace
//! member: from `cargo metadata` when cargo can answer (run `--frozen`, so it
//! never touches the network nor rewrites the lockfile), otherwise from the
//! lockfile alone (every path package counts as local, its registry
//! dependencies as direct).
//!
//! Deliberately ignored: features, targets (a Windows-only dependency is still
//! audited on Linux: the lockfile holds it, so a build could pull it in), and
//! dependency kinds beyond recording them (dev-dependencies are direct too:
//! they run on developer machines and in CI).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use super::AuditError;
use super::lockfile::Lockfile;
use cratescope_model::audit::PackageSource;

/// `(name, version)` of a package.
pub type PackageKey = (String, semver::Version);

/// The workspace as cargo sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceInfo {
    /// The workspace root (its `Cargo.lock` lives there).
    pub root: Option<PathBuf>,
    /// Workspace members (left out of the audit: they are the project itself).
    pub members: BTreeSet<PackageKey>,
    /// Direct dependencies of each local package (members; with the lockfile
    /// fallback, every path package).
    pub direct: BTreeMap<PackageKey, BTreeSet<PackageKey>>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetaPackage>,
    workspace_members: Vec<String>,
    resolve: Option<MetaResolve>,
    workspace_root: Option<PathBuf>,
}

#[derive(Deserialize)]
struct MetaPackage {
    id: String,
    name: String,
    version: String,
}

#[derive(Deserialize)]
struct MetaResolve {
    nodes: Vec<MetaNode>,
}

#[derive(Deserialize)]
struct MetaNode {
    id: String,
    #[serde(default)]
    deps: Vec<MetaDep>,
}

#[derive(Deserialize)]
struct MetaDep {
    pkg: String,
}

impl WorkspaceInfo {
    /// Parse `cargo metadata --format-version 1` output.
    pub fn from_metadata_json(json: &[u8]) -> Result<WorkspaceInfo, AuditError> {
        let m: Metadata = serde_json::from_slice(json).map_err(|e| AuditError::Metadata {
            source: Box::new(e),
        })?;
        let mut ids: BTreeMap<&str, PackageKey> = BTreeMap::new();
        for p in &m.packages {
            // A version cargo printed is valid semver; skip rather than fail if not.
            if let Ok(v) = semver::Version::parse(&p.version) {
                ids.insert(p.id.as_str(), (p.name.clone(), v));
            }
        }
        let members: BTreeSet<PackageKey> = m
            .workspace_members
            .iter()
            .filter_map(|id| ids.get(id.as_str()).cloned())
            .collect();
        let mut direct = BTreeMap::new();
        let member_ids: BTreeSet<&str> = m.workspace_members.iter().map(String::as_str).collect();
        for node in m.resolve.iter().flat_map(|r| &r.nodes) {
            if !member_ids.contains(node.id.as_str()) {
                continue;
            }
            let Some(me) = ids.get(node.id.as_str()) else {
                continue;
            };
            let deps: BTreeSet<PackageKey> = node
                .deps
                .iter()
                .filter_map(|d| ids.get(d.pkg.as_str()).cloned())
                .collect();
            direct.insert(me.clone(), deps);
        }
        Ok(WorkspaceInfo {
            root: m.workspace_root,
            members,
            direct,
        })
    }

    /// Run `cargo metadata --frozen` on a manifest.
    pub fn from_cargo(manifest: &Path) -> Result<WorkspaceInfo, AuditError> {
        // Cargo sets $CARGO for subprocesses it runs; otherwise use the one on PATH.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args([
                "metadata",
                "--format-version",
                "1",
                "--frozen",
                "--manifest-path",
            ])
            .arg(manifest)
            .output()
            .map_err(|e| AuditError::Metadata {
                source: Box::new(e),
            })?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message")
                .trim()
                .to_string();
            return Err(AuditError::Metadata {
                source: first.into(),
            });
        }
        WorkspaceInfo::from_metadata_json(&out.stdout)
    }

    /// Without cargo: every path package in the lockfile is local and the
    /// packages they depend on are direct; the members (left out of the
    /// audit) are the path packages no other package depends on, so a path
    /// dependency is still listed.
    pub fn from_lockfile(lock: &Lockfile) -> WorkspaceInfo {
        let mut info = WorkspaceInfo::default();
        let depended: BTreeSet<&PackageKey> =
            lock.packages.iter().flat_map(|p| &p.dependencies).collect();
        for p in lock
            .packages
            .iter()
            .filter(|p| p.source == PackageSource::Path)
        {
            let key = (p.name.clone(), p.version.clone());
            if !depended.contains(&key) {
                info.members.insert(key.clone());
            }
            info.direct
                .insert(key, p.dependencies.iter().cloned().collect());
        }
        info
    }

    /// The members a package is a direct dependency of, by name.
    pub fn direct_of(&self, key: &PackageKey) -> Vec<String> {
        let mut out: Vec<String> = self
            .direct
            .iter()
            .filter(|(_, deps)| deps.contains(key))
            .map(|(m, _)| m.0.clone())
            .collect();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_json_gives_members_and_their_direct_dependencies() {
        let json = br#"{
          "packages": [
            {"id": "path+file:///w/app#0.1.0", "name": "app", "version": "0.1.0"},
            {"id": "registry+https://github.com/rust-lang/crates.io-index#itoa@1.0.19", "name": "itoa", "version": "1.0.19"},
            {"id": "registry+https://github.com/rust-lang/crates.io-index#ryu@1.0.20", "name": "ryu", "version": "1.0.20"}
          ],
          "workspace_members": ["path+file:///w/app#0.1.0"],
          "resolve": {"nodes": [
            {"id": "path+file:///w/app#0.1.0", "deps": [{"name": "itoa", "pkg": "registry+https://github.com/rust-lang/crates.io-index#itoa@1.0.19", "dep_kinds": [{"kind": null}]}]},
            {"id": "registry+https://github.com/rust-lang/crates.io-index#itoa@1.0.19", "deps": [{"name": "ryu", "pkg": "registry+https://github.com/rust-lang/crates.io-index#ryu@1.0.20"}]}
          ], "root": null},
          "workspace_root": "/w"
        }"#;
        let info = WorkspaceInfo::from_metadata_json(json).unwrap();
        let app = ("app".to_string(), semver::Version::new(0, 1, 0));
        assert!(info.members.contains(&app));
        assert_eq!(
            info.direct_of(&("itoa".into(), semver::Version::new(1, 0, 19))),
            ["app"]
        );
        assert!(
            info.direct_of(&("ryu".into(), semver::Version::new(1, 0, 20)))
                .is_empty()
        );
        assert_eq!(info.root.as_deref(), Some(Path::new("/w")));
        assert!(WorkspaceInfo::from_metadata_json(b"{").is_err());
    }
}
