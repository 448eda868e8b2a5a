//! A workspace member's manifest as cargo reads it: `version.workspace =
//! true` and the like are filled in from the workspace root's
//! `[workspace.package]`, `[workspace.dependencies]` and `[workspace.lints]`,
//! as `cargo package` does before it publishes (so a local crate is judged
//! on the same manifest its `.crate` would carry).
//!
//! The root is the directory named by `package.workspace`, else the nearest
//! directory at or above the crate whose `Cargo.toml` has a `[workspace]`
//! table. Paths inherited from the root (`readme`, `license-file`, a
//! dependency's `path`) are rebased onto the member. A key asked for and
//! not found in the root is left out, with a warning. Deliberately not
//! checked: whether the root lists the member (cargo would refuse to build
//! it; the analysis reads it either way).

use std::path::{Path, PathBuf};

use cratescope_model::{Arg, Message, msg};
use toml::{Table, Value};

/// A manifest larger than this is not a real one; it is not read.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// How many directories up the root is looked for.
const MAX_LEVELS: usize = 32;

/// `[package]` keys a member may inherit.
const PACKAGE_KEYS: &[&str] = &[
    "authors",
    "categories",
    "description",
    "documentation",
    "edition",
    "exclude",
    "homepage",
    "include",
    "keywords",
    "license",
    "license-file",
    "publish",
    "readme",
    "repository",
    "rust-version",
    "version",
];

/// Keys whose value is a path relative to the manifest that holds it.
const PATH_KEYS: &[&str] = &["readme", "license-file"];

/// The dependency tables of a manifest (also under `target.<cfg>`).
const DEP_TABLES: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];

/// The member's manifest with everything it inherits filled in; None when
/// it inherits nothing (or does not parse: the analysis says so).
pub fn normalise_member(dir: &Path, manifest: &str, notes: &mut Vec<Message>) -> Option<String> {
    let mut member: Table = toml::from_str(manifest).ok()?;
    if !inherits(&member) {
        return None;
    }
    let Some((root_dir, root)) = find_root(dir, &member) else {
        notes.push(msg!("local-workspace-root-missing"));
        return None;
    };
    let ws = root.get("workspace").and_then(Value::as_table);
    let empty = Table::new();
    let ws_package = ws
        .and_then(|w| w.get("package"))
        .and_then(Value::as_table)
        .unwrap_or(&empty);
    let ws_deps = ws
        .and_then(|w| w.get("dependencies"))
        .and_then(Value::as_table)
        .unwrap_or(&empty);
    let rebase = |p: &str| rebase(&root_dir, dir, p);
    let mut missing: Vec<String> = Vec::new();

    if let Some(package) = member.get_mut("package").and_then(Value::as_table_mut) {
        for key in PACKAGE_KEYS {
            if !is_inherited(package.get(*key)) {
                continue;
            }
            match ws_package.get(*key) {
                Some(v) => {
                    let v = match (PATH_KEYS.contains(key), v.as_str()) {
                        (true, Some(p)) => Value::String(rebase(p)),
                        _ => v.clone(),
                    };
                    package.insert((*key).to_string(), v);
                }
                None => {
                    package.remove(*key);
                    missing.push(format!("package.{key}"));
                }
            }
        }
        // `package.workspace` names the root for cargo; it is not published.
        package.remove("workspace");
    }

    let mut dep_tables: Vec<&mut Table> = Vec::new();
    let (targets, rest): (Vec<_>, Vec<_>) =
        member.iter_mut().partition(|(k, _)| k.as_str() == "target");
    for (k, v) in rest {
        if DEP_TABLES.contains(&k.as_str())
            && let Some(t) = v.as_table_mut()
        {
            dep_tables.push(t);
        }
    }
    for (_, v) in targets {
        if let Some(cfgs) = v.as_table_mut() {
            for (_, cfg) in cfgs.iter_mut() {
                if let Some(cfg) = cfg.as_table_mut() {
                    for (k, v) in cfg.iter_mut() {
                        if DEP_TABLES.contains(&k.as_str())
                            && let Some(t) = v.as_table_mut()
                        {
                            dep_tables.push(t);
                        }
                    }
                }
            }
        }
    }
    for deps in dep_tables {
        for (name, spec) in deps.iter_mut() {
            if !is_inherited(Some(spec)) {
                continue;
            }
            let own = spec.as_table().cloned().unwrap_or_default();
            match ws_deps.get(name) {
                Some(base) => *spec = Value::Table(merge_dependency(base, &own, &rebase)),
                None => missing.push(format!("dependencies.{name}")),
            }
        }
    }

    if is_inherited(member.get("lints")) {
        match ws.and_then(|w| w.get("lints")) {
            Some(l) => {
                member.insert("lints".into(), l.clone());
            }
            None => {
                member.remove("lints");
                missing.push("lints".into());
            }
        }
    }

    if !missing.is_empty() {
        notes.push(msg!(
            "local-workspace-keys-missing",
            root = Arg::code(root_dir.join("Cargo.toml").display().to_string()),
            keys = Arg::List(missing.into_iter().map(Arg::Code).collect())
        ));
    }
    toml::to_string(&member).ok()
}

/// `{ workspace = true }` (or `key.workspace = true`).
fn is_inherited(v: Option<&Value>) -> bool {
    v.and_then(Value::as_table)
        .and_then(|t| t.get("workspace"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Whether the manifest inherits anything at all.
fn inherits(member: &Table) -> bool {
    fn any(v: &Value, depth: usize) -> bool {
        match v {
            Value::Table(t) => {
                t.get("workspace").and_then(Value::as_bool) == Some(true)
                    || (depth < 4 && t.values().any(|x| any(x, depth + 1)))
            }
            _ => false,
        }
    }
    member.values().any(|v| any(v, 0))
}

/// The workspace root's directory and manifest.
fn find_root(dir: &Path, member: &Table) -> Option<(PathBuf, Table)> {
    let named = member
        .get("package")
        .and_then(|p| p.get("workspace"))
        .and_then(Value::as_str);
    if let Some(rel) = named {
        let root = dir.join(rel);
        return read_workspace(&root).map(|t| (root, t));
    }
    let mut cur = Some(dir);
    for _ in 0..MAX_LEVELS {
        let d = cur?;
        if let Some(t) = read_workspace(d) {
            return Some((d.to_path_buf(), t));
        }
        cur = d.parent();
    }
    None
}

/// `dir/Cargo.toml` when it has a `[workspace]` table.
fn read_workspace(dir: &Path) -> Option<Table> {
    let path = dir.join("Cargo.toml");
    // Never follow a link, never read a huge file: the same rules as the
    // crate's own files.
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST_BYTES {
        return None;
    }
    let table: Table = toml::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    table.contains_key("workspace").then_some(table)
}

/// A path written in the root's manifest, as the member's manifest would
/// write it.
fn rebase(root: &Path, member: &Path, p: &str) -> String {
    if Path::new(p).is_absolute() {
        return p.to_string();
    }
    match member.strip_prefix(root) {
        Ok(down) => {
            let ups = down.components().count();
            let mut out = "../".repeat(ups);
            out.push_str(p);
            out
        }
        Err(_) => root.join(p).display().to_string(),
    }
}

/// A member's `{ workspace = true, … }` dependency over the root's entry:
/// the root gives the source and version, the member may add features
/// (their union is enabled) and make it optional.
fn merge_dependency(base: &Value, own: &Table, rebase: &dyn Fn(&str) -> String) -> Table {
    let mut out = match base {
        Value::String(v) => {
            let mut t = Table::new();
            t.insert("version".into(), Value::String(v.clone()));
            t
        }
        Value::Table(t) => t.clone(),
        _ => Table::new(),
    };
    if let Some(p) = out.get("path").and_then(Value::as_str).map(str::to_string) {
        out.insert("path".into(), Value::String(rebase(&p)));
    }
    for (k, v) in own {
        match k.as_str() {
            "workspace" => {}
            "features" => {
                let mut all: Vec<Value> = out
                    .get("features")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for f in v.as_array().into_iter().flatten() {
                    if !all.contains(f) {
                        all.push(f.clone());
                    }
                }
                out.insert("features".into(), Value::Array(all));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_reads_what_it_inherits_from_the_root() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(
            root.join("Cargo.toml"),
            r#"[workspace]
members = ["crates/a"]
[workspace.package]
version = "0.3.1"
edition = "2024"
license = "MIT OR Apache-2.0"
readme = "README.md"
[workspace.dependencies]
serde = { version = "1", features = ["derive"] }
sib = { path = "crates/sib", version = "0.3" }
[workspace.lints.rust]
unsafe_code = "forbid"
"#,
        )
        .unwrap();
        let member = root.join("crates/a");
        std::fs::create_dir_all(&member).unwrap();
        let text = r#"[package]
name = "a"
version.workspace = true
edition.workspace = true
license.workspace = true
readme.workspace = true
homepage.workspace = true
[dependencies]
serde = { workspace = true, features = ["rc"], optional = true }
sib.workspace = true
[lints]
workspace = true
"#;
        let mut notes = Vec::new();
        let out = normalise_member(&member, text, &mut notes).expect("normalised");
        let m: Table = toml::from_str(&out).unwrap();
        let p = m["package"].as_table().unwrap();
        assert_eq!(p["version"].as_str(), Some("0.3.1"));
        assert_eq!(p["edition"].as_str(), Some("2024"));
        assert_eq!(p["license"].as_str(), Some("MIT OR Apache-2.0"));
        assert_eq!(p["readme"].as_str(), Some("../../README.md"));
        assert!(!p.contains_key("homepage"));
        let serde = m["dependencies"]["serde"].as_table().unwrap();
        assert_eq!(serde["version"].as_str(), Some("1"));
        assert_eq!(serde["optional"].as_bool(), Some(true));
        assert_eq!(serde["features"].as_array().unwrap().len(), 2);
        // Rebased onto the member: the same directory, from where it stands.
        assert_eq!(
            m["dependencies"]["sib"]["path"].as_str(),
            Some("../../crates/sib")
        );
        assert_eq!(m["lints"]["rust"]["unsafe_code"].as_str(), Some("forbid"));
        // homepage was asked for and is not in the root: said once.
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].id, "local-workspace-keys-missing");
        // A manifest that inherits nothing is left alone.
        assert!(normalise_member(&member, "[package]\nname = \"a\"\n", &mut notes).is_none());
    }
}
