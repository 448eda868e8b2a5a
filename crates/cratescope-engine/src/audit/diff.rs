//! `audit --base`: the change a pull request makes to `Cargo.lock` (issue
//! 24). The base is a lockfile path or a git revision, read with
//! `git show REV:./Cargo.lock` in the audited lockfile's directory; either
//! side may be in any lockfile format (1 to 4).
//!
//! Packages are matched by name and source. A version only the head has is
//! *bumped* when the base had another version of that crate (paired with
//! the base version of the same semver-compatible line, else the highest
//! one below it, else any), *added* otherwise; a version only the base has
//! and nothing was paired with is *removed*. The same version with another
//! checksum is a change too (a republished or tampered package). Each
//! change made directly (some package the base already had, or a workspace
//! member, depends on it) carries its *subtree*: the changed packages it
//! alone leads to; the others name the change that *brought* them in.
//!
//! Bounded: maps and one walk per change over changed packages only, so a
//! diff of thousands of packages costs milliseconds, and renderers cap what
//! they show.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

use cratescope_model::audit::{Change, ChangeKind, LockDiff, PackageSource, RemovedPackage};

use super::AuditError;
use super::lockfile::Lockfile;

/// Largest base lockfile read from git: a real one with thousands of
/// packages is a few MB.
const MAX_BASE_BYTES: usize = 64 * 1024 * 1024;

/// The base lockfile and how it was named.
#[derive(Debug, Clone)]
pub struct Base {
    /// As given (`origin/main`, `old/Cargo.lock`).
    pub label: String,
    /// The lockfile.
    pub lock: Lockfile,
}

/// Read the base: a lockfile path (or a directory holding `Cargo.lock`),
/// else a git revision of the repository around `head_lockfile`.
pub fn load_base(spec: &str, head_lockfile: &Path) -> Result<Base, AuditError> {
    let bad = |problem: String| AuditError::Base {
        base: spec.to_string(),
        problem,
    };
    if spec.trim().is_empty() {
        return Err(bad("it is empty".into()));
    }
    let path = Path::new(spec);
    let file = if path.is_dir() {
        Some(path.join("Cargo.lock"))
    } else if path.is_file() {
        Some(path.to_path_buf())
    } else {
        None
    };
    if let Some(f) = file {
        let lock = Lockfile::load(&f).map_err(|e| bad(crate::error::chain(&e)))?;
        return Ok(Base {
            label: spec.to_string(),
            lock,
        });
    }
    // A revision: never an option of git's own.
    if spec.starts_with('-') || spec.contains(['\n', '\0']) {
        return Err(bad("it is neither a lockfile nor a git revision".into()));
    }
    let dir = head_lockfile
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let out = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .arg("show")
        .arg(format!("{spec}:./Cargo.lock"))
        .output()
        .map_err(|e| {
            bad(format!(
                "it is not a file, and git could not be run to read it as a revision: {e}"
            ))
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let first = why
            .lines()
            .map(|l| l.trim().trim_start_matches("fatal: ").trim())
            .find(|l| !l.is_empty())
            .unwrap_or("git show failed");
        return Err(bad(format!(
            "it is not a file, and not a git revision with a Cargo.lock beside the audited one: {first}"
        )));
    }
    if out.stdout.len() > MAX_BASE_BYTES {
        return Err(bad(format!(
            "its Cargo.lock is larger than {} MiB",
            MAX_BASE_BYTES >> 20
        )));
    }
    let text =
        String::from_utf8(out.stdout).map_err(|_| bad("its Cargo.lock is not UTF-8".into()))?;
    let lock = Lockfile::parse(&text, Path::new(&format!("{spec}:Cargo.lock")))
        .map_err(|e| bad(crate::error::chain(&e)))?;
    Ok(Base {
        label: spec.to_string(),
        lock,
    })
}

/// Each head package's part in the change, and what was removed.
#[derive(Debug, Clone)]
pub struct Diff {
    /// Per head package (indexed like the head's packages).
    pub changes: Vec<Change>,
    /// The summary the report carries.
    pub summary: LockDiff,
}

/// Whether two versions are semver-compatible (cargo's rule: same major,
/// or same minor below 1.0, or same patch below 0.1).
fn compatible(a: &semver::Version, b: &semver::Version) -> bool {
    match (a.major, b.major) {
        (0, 0) if a.minor == 0 && b.minor == 0 => a.patch == b.patch,
        (0, 0) => a.minor == b.minor,
        (x, y) => x == y,
    }
}

/// The change from `base` to `head`; `members` are the head's workspace
/// members (their dependencies are direct changes).
pub fn diff(base: &Base, head: &Lockfile, members: &[usize], all: bool) -> Diff {
    type Key<'a> = (&'a str, &'a PackageSource);
    let mut base_by: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for (i, p) in base.lock.packages.iter().enumerate() {
        base_by.entry((&p.name, &p.source)).or_default().push(i);
    }
    let mut head_by: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for (i, p) in head.packages.iter().enumerate() {
        head_by.entry((&p.name, &p.source)).or_default().push(i);
    }
    let mut changes: Vec<Change> = head
        .packages
        .iter()
        .map(|_| Change {
            kind: ChangeKind::Unchanged,
            from: None,
            brought_by: None,
            subtree: Vec::new(),
        })
        .collect();
    let mut removed = Vec::new();
    let no_base = Vec::new();
    for (key, hs) in &head_by {
        let bs = base_by.get(key).unwrap_or(&no_base);
        let mut gone: Vec<usize> = bs
            .iter()
            .copied()
            .filter(|&b| {
                !hs.iter()
                    .any(|&h| head.packages[h].version == base.lock.packages[b].version)
            })
            .collect();
        let mut new: Vec<usize> = Vec::new();
        for &h in hs {
            let hp = &head.packages[h];
            match bs
                .iter()
                .find(|&&b| base.lock.packages[b].version == hp.version)
            {
                Some(&b) => {
                    let bp = &base.lock.packages[b];
                    if let (Some(x), Some(y)) = (&bp.checksum, &hp.checksum)
                        && x != y
                    {
                        changes[h].kind = ChangeKind::Checksum;
                    }
                }
                None => new.push(h),
            }
        }
        new.sort_by(|&a, &b| head.packages[a].version.cmp(&head.packages[b].version));
        for h in new {
            let v = &head.packages[h].version;
            let pick = |pred: &dyn Fn(&semver::Version) -> bool| -> Option<usize> {
                gone.iter()
                    .copied()
                    .filter(|&b| pred(&base.lock.packages[b].version))
                    .max_by(|&a, &b| {
                        base.lock.packages[a]
                            .version
                            .cmp(&base.lock.packages[b].version)
                    })
            };
            let paired = pick(&|b| compatible(b, v))
                .or_else(|| pick(&|b| b < v))
                .or_else(|| pick(&|_| true));
            match paired {
                Some(b) => {
                    gone.retain(|&x| x != b);
                    changes[h].kind = ChangeKind::Bumped;
                    changes[h].from = Some(base.lock.packages[b].version.to_string());
                }
                None => changes[h].kind = ChangeKind::Added,
            }
        }
        for b in gone {
            let p = &base.lock.packages[b];
            removed.push(RemovedPackage {
                name: p.name.clone(),
                version: p.version.to_string(),
                source: p.source.clone(),
            });
        }
    }
    for (key, bs) in &base_by {
        if !head_by.contains_key(key) {
            for &b in bs {
                let p = &base.lock.packages[b];
                removed.push(RemovedPackage {
                    name: p.name.clone(),
                    version: p.version.to_string(),
                    source: p.source.clone(),
                });
            }
        }
    }
    removed.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    // Members are the project, not a change to judge.
    for &m in members {
        changes[m].kind = ChangeKind::Unchanged;
        changes[m].from = None;
    }
    subtrees(head, members, &mut changes);
    let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let summary = LockDiff {
        base: base.label.clone(),
        base_format: base.lock.format_version,
        head_format: head.format_version,
        added: count(ChangeKind::Added),
        bumped: count(ChangeKind::Bumped),
        checksum_changed: count(ChangeKind::Checksum),
        unchanged: count(ChangeKind::Unchanged).saturating_sub(members.len()),
        removed,
        all,
    };
    Diff { changes, summary }
}

/// Fill `subtree` of each direct change and `brought_by` of the others.
fn subtrees(head: &Lockfile, members: &[usize], changes: &mut [Change]) {
    let n = head.packages.len();
    let changed: Vec<bool> = changes.iter().map(|c| c.kind.is_change()).collect();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (j, p) in head.packages.iter().enumerate() {
        for &d in &p.dependencies {
            parents[d].push(j);
        }
    }
    let member: BTreeSet<usize> = members.iter().copied().collect();
    // A change is direct when something unchanged (or a member) depends on
    // it, or nothing does (a stale entry).
    let direct: Vec<bool> = (0..n)
        .map(|i| {
            changed[i]
                && (parents[i].is_empty()
                    || parents[i]
                        .iter()
                        .any(|&j| member.contains(&j) || !changed[j]))
        })
        .collect();
    let label = |i: usize| head.packages[i].label();
    for r in (0..n).filter(|&i| direct[i]) {
        let mut seen = vec![false; n];
        seen[r] = true;
        let mut queue = VecDeque::from([r]);
        let mut sub = Vec::new();
        while let Some(k) = queue.pop_front() {
            for &d in &head.packages[k].dependencies {
                if !seen[d] && changed[d] && !direct[d] {
                    seen[d] = true;
                    sub.push(d);
                    queue.push_back(d);
                    if changes[d].brought_by.is_none() {
                        changes[d].brought_by = Some(label(r));
                    }
                }
            }
        }
        sub.sort_by_key(|&i| label(i));
        changes[r].subtree = sub.into_iter().map(label).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CIO: &str = "registry+https://github.com/rust-lang/crates.io-index";

    fn lock(version: u32, pkgs: &[(&str, &str, &[&str], Option<&str>)]) -> Lockfile {
        let mut s = if version >= 3 {
            format!("version = {version}\n\n")
        } else {
            String::new()
        };
        for (name, ver, deps, sum) in pkgs {
            s.push_str(&format!(
                "[[package]]\nname = \"{name}\"\nversion = \"{ver}\"\n"
            ));
            if *name != "app" {
                s.push_str(&format!("source = \"{CIO}\"\n"));
                if let Some(c) = sum {
                    s.push_str(&format!("checksum = \"{}\"\n", c.repeat(64)));
                }
            }
            if !deps.is_empty() {
                s.push_str("dependencies = [\n");
                for d in *deps {
                    s.push_str(&format!(" \"{d}\",\n"));
                }
                s.push_str("]\n");
            }
            s.push('\n');
        }
        Lockfile::parse(&s, Path::new("Cargo.lock")).unwrap()
    }

    fn kinds(d: &Diff, head: &Lockfile) -> Vec<String> {
        head.packages
            .iter()
            .zip(&d.changes)
            .filter(|(_, c)| c.kind.is_change())
            .map(|(p, c)| {
                format!(
                    "{} {} {}{}",
                    c.kind.id(),
                    p.name,
                    p.version,
                    c.from
                        .as_ref()
                        .map(|f| format!(" from {f}"))
                        .unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn added_bumped_removed_and_checksums_with_subtrees() {
        let base = Base {
            label: "main".into(),
            lock: lock(
                3,
                &[
                    ("app", "0.1.0", &["serde", "old"], None),
                    ("serde", "1.0.100", &[], Some("a")),
                    ("old", "0.3.0", &[], Some("b")),
                ],
            ),
        };
        let head = lock(
            4,
            &[
                ("app", "0.1.0", &["serde", "fancy"], None),
                ("serde", "1.0.200", &[], Some("c")),
                ("fancy", "2.0.0", &["helper", "serde"], Some("d")),
                ("helper", "0.1.0", &["deep"], Some("e")),
                ("deep", "1.0.0", &[], Some("f")),
            ],
        );
        let d = diff(&base, &head, &[0], false);
        assert_eq!(
            kinds(&d, &head),
            [
                "bumped serde 1.0.200 from 1.0.100",
                "added fancy 2.0.0",
                "added helper 0.1.0",
                "added deep 1.0.0",
            ]
        );
        assert_eq!(d.changes[2].subtree, ["deep 1.0.0", "helper 0.1.0"]);
        assert_eq!(d.changes[3].brought_by.as_deref(), Some("fancy 2.0.0"));
        assert_eq!(d.changes[4].brought_by.as_deref(), Some("fancy 2.0.0"));
        assert_eq!(d.summary.removed.len(), 1);
        assert_eq!(d.summary.removed[0].name, "old");
        assert_eq!((d.summary.base_format, d.summary.head_format), (3, 4));
        assert_eq!(d.summary.unchanged, 0);

        // The same version with another checksum is a change.
        let same = lock(
            4,
            &[
                ("app", "0.1.0", &["serde", "old"], None),
                ("serde", "1.0.100", &[], Some("9")),
                ("old", "0.3.0", &[], Some("b")),
            ],
        );
        let d = diff(&base, &same, &[0], false);
        assert_eq!(kinds(&d, &same), ["checksum serde 1.0.100"]);
        assert!(d.summary.removed.is_empty());
    }

    #[test]
    fn bumps_pair_within_a_compatible_line() {
        let base = Base {
            label: "b".into(),
            lock: lock(
                3,
                &[
                    ("app", "0.1.0", &["bitflags 1.3.2", "bitflags 2.4.0"], None),
                    ("bitflags", "1.3.2", &[], None),
                    ("bitflags", "2.4.0", &[], None),
                ],
            ),
        };
        let head = lock(
            3,
            &[
                ("app", "0.1.0", &["bitflags 1.3.2", "bitflags 2.6.0"], None),
                ("bitflags", "1.3.2", &[], None),
                ("bitflags", "2.6.0", &[], None),
            ],
        );
        let d = diff(&base, &head, &[0], false);
        assert_eq!(kinds(&d, &head), ["bumped bitflags 2.6.0 from 2.4.0"]);
    }

    #[test]
    fn thousands_of_packages_diff_quickly() {
        // 3,000 added packages in a chain and 3,000 bumped ones: one walk
        // per direct change over changed packages only.
        let mut base_pkgs = vec![("app".to_string(), "0.1.0".to_string(), Vec::new())];
        let mut head_pkgs = vec![("app".to_string(), "0.1.0".to_string(), Vec::new())];
        for i in 0..3000 {
            base_pkgs[0].2.push(format!("b{i}"));
            base_pkgs.push((format!("b{i}"), "1.0.0".into(), Vec::new()));
            head_pkgs[0].2.push(format!("b{i}"));
            head_pkgs.push((format!("b{i}"), "1.0.1".into(), Vec::new()));
        }
        head_pkgs[0].2.push("a0".into());
        for i in 0..3000 {
            let deps = if i + 1 < 3000 {
                vec![format!("a{}", i + 1)]
            } else {
                Vec::new()
            };
            head_pkgs.push((format!("a{i}"), "0.1.0".into(), deps));
        }
        let to_lock = |pkgs: &[(String, String, Vec<String>)]| {
            let mut s = String::from("version = 4\n\n");
            for (n, v, deps) in pkgs {
                s.push_str(&format!("[[package]]\nname = \"{n}\"\nversion = \"{v}\"\n"));
                if n != "app" {
                    s.push_str(&format!("source = \"{CIO}\"\n"));
                }
                if !deps.is_empty() {
                    s.push_str("dependencies = [\n");
                    for d in deps {
                        s.push_str(&format!(" \"{d}\",\n"));
                    }
                    s.push_str("]\n");
                }
            }
            Lockfile::parse(&s, Path::new("Cargo.lock")).unwrap()
        };
        let base = Base {
            label: "b".into(),
            lock: to_lock(&base_pkgs),
        };
        let head = to_lock(&head_pkgs);
        let d = diff(&base, &head, &[0], false);
        assert_eq!((d.summary.added, d.summary.bumped), (3000, 3000));
        let a0 = head.packages.iter().position(|p| p.name == "a0").unwrap();
        assert_eq!(d.changes[a0].subtree.len(), 2999);
    }

    use proptest::prelude::*;

    /// A lockfile of up to 12 crates from a small pool, random versions,
    /// checksums and edges.
    fn random_lock() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (
                0usize..6,
                0u64..3,
                0u64..3,
                proptest::option::of(0u8..3),
                proptest::collection::vec(0usize..12, 0..3),
            ),
            0..12,
        )
        .prop_map(|pkgs| {
            let mut seen = std::collections::BTreeSet::new();
            let mut list = Vec::new();
            for (n, major, minor, sum, deps) in pkgs {
                let name = format!("c{n}");
                let version = format!("{major}.{minor}.0");
                if seen.insert((name.clone(), version.clone())) {
                    list.push((name, version, sum, deps));
                }
            }
            let labels: Vec<String> = list.iter().map(|(n, v, _, _)| format!("{n} {v}")).collect();
            let mut s =
                String::from("version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n");
            if !labels.is_empty() {
                s.push_str("dependencies = [\n");
                for l in &labels {
                    s.push_str(&format!(" \"{l}\",\n"));
                }
                s.push_str("]\n");
            }
            for (i, (n, v, sum, deps)) in list.iter().enumerate() {
                s.push_str(&format!(
                    "\n[[package]]\nname = \"{n}\"\nversion = \"{v}\"\nsource = \"{CIO}\"\n"
                ));
                if let Some(c) = sum {
                    s.push_str(&format!("checksum = \"{}\"\n", c.to_string().repeat(64)));
                }
                let ds: Vec<&String> = deps
                    .iter()
                    .filter_map(|&d| labels.get(d))
                    .filter(|l| **l != labels[i])
                    .collect();
                if !ds.is_empty() {
                    s.push_str("dependencies = [\n");
                    let mut uniq = std::collections::BTreeSet::new();
                    for d in ds {
                        if uniq.insert(d) {
                            s.push_str(&format!(" \"{d}\",\n"));
                        }
                    }
                    s.push_str("]\n");
                }
            }
            s
        })
    }

    proptest! {
        #[test]
        fn every_head_package_gets_one_change_and_every_base_one_is_accounted_for(
            a in random_lock(),
            b in random_lock(),
        ) {
            let base = Base { label: "b".into(), lock: Lockfile::parse(&a, Path::new("a")).unwrap() };
            let head = Lockfile::parse(&b, Path::new("b")).unwrap();
            let d = diff(&base, &head, &[0], false);
            let s = &d.summary;
            prop_assert_eq!(d.changes.len(), head.packages.len());
            prop_assert_eq!(s.added + s.bumped + s.checksum_changed + s.unchanged + 1, head.packages.len());
            // A base package is kept (same version), bumped from, or removed.
            let kept = base.lock.packages.iter().skip(1).filter(|p| head.find(&p.name, &p.version).is_some()).count();
            prop_assert_eq!(kept + s.bumped + s.removed.len(), base.lock.packages.len() - 1);
        }
    }
}
