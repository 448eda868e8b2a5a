//! The lockfile's resolved graph with what each edge is for: its dependency
//! kinds (normal, build, dev) and the platforms it applies to. The policy's
//! scope (`exclude_dev`, `targets`) is a walk over it from the workspace
//! members, as cargo-deny does; each package's closure in it is the tree its
//! card is scored with, never a re-resolution from the index.
//!
//! Edge annotations: a member's from `cargo metadata` (what its manifest
//! declares); a registry package's from its index entry (the same
//! declarations, as published). Dev-dependencies of non-members are never
//! built (cargo does not even lock them). Where nothing is known (git and
//! non-member path packages, an unreadable index entry, `--lockfile` without
//! cargo) the edge counts as a normal dependency for every platform: the
//! conservative reading, which keeps the package in scope.
//!
//! Deliberately ignored: features. The lockfile is resolved for every
//! feature of every member, so a package a default build leaves out is still
//! audited (as cargo-audit does); proc-macros and build scripts are judged
//! against the same targets as the code that uses them.

use std::collections::{BTreeSet, VecDeque};

use cratescope_model::audit::{PackageSource, Scope};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use cratescope_model::release::DepKind;

use super::index_facts::IndexDep;
use super::lockfile::Lockfile;
use super::workspace::WorkspaceInfo;
use crate::target::Platform;

/// What one edge is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EdgeKind {
    /// Normal, build or dev.
    pub kind: DepKind,
    /// `cfg(…)` or a triple (None: every platform).
    pub target: Option<String>,
}

impl EdgeKind {
    fn unknown() -> EdgeKind {
        EdgeKind {
            kind: DepKind::Normal,
            target: None,
        }
    }
}

/// The annotated graph, indexed like [`Lockfile::packages`].
#[derive(Debug, Clone)]
pub struct Graph {
    /// Per package: (dependency index, what the edge is for).
    pub edges: Vec<Vec<(usize, Vec<EdgeKind>)>>,
    /// Workspace members.
    pub members: Vec<usize>,
    /// Members whose declarations were unknown.
    pub unknown_members: usize,
    /// Registry packages whose index entry was missing (edges taken as normal).
    pub unannotated: Vec<usize>,
}

/// Which edges a build follows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Do not follow dev-dependency edges.
    pub exclude_dev: bool,
    /// Platforms built for (empty: every platform).
    pub platforms: Vec<Platform>,
}

impl Filter {
    fn applies(&self, target: Option<&str>) -> bool {
        match target {
            None => true,
            Some(_) if self.platforms.is_empty() => true,
            Some(t) => self.platforms.iter().any(|p| p.applies(t)),
        }
    }

    /// An edge is followed when one of its kinds passes both filters (each
    /// filter can be switched off to find why a package is out of scope).
    fn follows(&self, kinds: &[EdgeKind], dev_filter: bool, target_filter: bool) -> bool {
        kinds.iter().any(|k| {
            (!dev_filter || !self.exclude_dev || k.kind != DepKind::Dev)
                && (!target_filter || self.applies(k.target.as_deref()))
        })
    }
}

/// Each package's scope, the path a member reaches it by, and the members
/// it is a direct dependency of.
#[derive(Debug, Clone)]
pub struct Scoped {
    /// Per package.
    pub scope: Vec<Scope>,
    /// Per package: why it is out of scope.
    pub reason: Vec<Option<Message>>,
    /// Per package: member → … → package, as indices (empty: unreachable).
    pub path: Vec<Vec<usize>>,
    /// Per package: members it is a direct (followed) dependency of.
    pub direct_of: Vec<Vec<usize>>,
}

impl Graph {
    /// Annotate the lockfile's edges; `index_deps` gives a registry
    /// package's declared (non-dev) dependencies when its index entry could
    /// be read.
    pub fn build<'a>(
        lock: &Lockfile,
        ws: &WorkspaceInfo,
        index_deps: impl Fn(usize) -> Option<&'a [IndexDep]>,
    ) -> Graph {
        let mut members = Vec::new();
        let mut unknown_members = 0;
        let mut declared_of = vec![None; lock.packages.len()];
        for m in &ws.members {
            let found = lock.packages.iter().position(|p| {
                p.source == PackageSource::Path && p.name == m.name && p.version == m.version
            });
            if let Some(i) = found {
                members.push(i);
                match &m.declared {
                    Some(d) => declared_of[i] = Some(d),
                    None => unknown_members += 1,
                }
            }
        }
        let mut unannotated = Vec::new();
        let mut edges = Vec::with_capacity(lock.packages.len());
        for (i, p) in lock.packages.iter().enumerate() {
            let rel = if p.source == PackageSource::CratesIo {
                let r = index_deps(i);
                if r.is_none() {
                    unannotated.push(i);
                }
                r
            } else {
                None
            };
            let mut out = Vec::with_capacity(p.dependencies.len());
            for &j in &p.dependencies {
                let dep = &lock.packages[j];
                let mut kinds: Vec<EdgeKind> = if let Some(declared) = declared_of[i] {
                    let by_name: Vec<_> = declared.iter().filter(|d| d.name == dep.name).collect();
                    let by_req: Vec<_> = by_name
                        .iter()
                        .filter(|d| d.req.matches(&dep.version))
                        .collect();
                    let chosen: Vec<_> = if by_req.is_empty() {
                        by_name.iter().collect()
                    } else {
                        by_req
                    };
                    chosen
                        .into_iter()
                        .map(|d| EdgeKind {
                            kind: d.kind,
                            target: d.target.clone(),
                        })
                        .collect()
                } else if let Some(r) = rel {
                    // Dev-dependencies of a published package are never built.
                    let by_name: Vec<_> = r
                        .iter()
                        .filter(|d| d.name == dep.name && d.kind != DepKind::Dev)
                        .collect();
                    let by_req: Vec<_> = by_name
                        .iter()
                        .filter(|d| {
                            semver::VersionReq::parse(&d.req)
                                .is_ok_and(|req| req.matches(&dep.version))
                        })
                        .collect();
                    let chosen: Vec<_> = if by_req.is_empty() {
                        by_name.iter().collect()
                    } else {
                        by_req
                    };
                    chosen
                        .into_iter()
                        .map(|d| EdgeKind {
                            kind: d.kind,
                            target: d.target.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if kinds.is_empty() {
                    kinds.push(EdgeKind::unknown());
                }
                kinds.sort();
                kinds.dedup();
                out.push((j, kinds));
            }
            edges.push(out);
        }
        Graph {
            edges,
            members,
            unknown_members,
            unannotated,
        }
    }

    /// Breadth-first from the members; parents give shortest paths.
    fn reach(&self, f: &Filter, dev_filter: bool, target_filter: bool) -> Vec<Option<usize>> {
        const ROOT: usize = usize::MAX;
        let mut parent: Vec<Option<usize>> = vec![None; self.edges.len()];
        let mut queue = VecDeque::new();
        for &m in &self.members {
            parent[m] = Some(ROOT);
            queue.push_back(m);
        }
        while let Some(i) = queue.pop_front() {
            for (j, kinds) in &self.edges[i] {
                if parent[*j].is_none() && f.follows(kinds, dev_filter, target_filter) {
                    parent[*j] = Some(i);
                    queue.push_back(*j);
                }
            }
        }
        parent
    }

    fn path_to(parent: &[Option<usize>], i: usize) -> Vec<usize> {
        let mut path = vec![i];
        let mut cur = i;
        while let Some(p) = parent[cur] {
            if p == usize::MAX || path.len() > parent.len() {
                break;
            }
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }

    /// Scope of every package under a filter.
    pub fn scope(&self, lock: &Lockfile, f: &Filter) -> Scoped {
        let n = self.edges.len();
        let both = self.reach(f, true, true);
        let with_dev = self.reach(f, false, true);
        let anything = self.reach(f, false, false);
        let mut scoped = Scoped {
            scope: vec![Scope::InScope; n],
            reason: vec![None; n],
            path: vec![Vec::new(); n],
            direct_of: vec![Vec::new(); n],
        };
        for &m in &self.members {
            for (j, kinds) in &self.edges[m] {
                if f.follows(kinds, true, true) && !scoped.direct_of[*j].contains(&m) {
                    scoped.direct_of[*j].push(m);
                }
            }
        }
        for i in 0..n {
            let p = &lock.packages[i];
            if both[i].is_some() {
                scoped.path[i] = Self::path_to(&both, i);
                if p.source == PackageSource::Path {
                    scoped.scope[i] = Scope::Local;
                }
                continue;
            }
            if with_dev[i].is_some() {
                scoped.path[i] = Self::path_to(&with_dev, i);
                scoped.scope[i] = Scope::DevOnly;
                scoped.reason[i] = Some(msg!("audit-scope-dev-only"));
            } else if anything[i].is_some() {
                let path = Self::path_to(&anything, i);
                let mut cfgs = BTreeSet::new();
                for w in path.windows(2) {
                    if let Some((_, kinds)) = self.edges[w[0]].iter().find(|(j, _)| *j == w[1])
                        && !f.follows(kinds, false, true)
                    {
                        cfgs.extend(kinds.iter().filter_map(|k| k.target.clone()));
                        break;
                    }
                }
                scoped.path[i] = path;
                scoped.scope[i] = Scope::OtherTarget;
                scoped.reason[i] = Some(msg!(
                    "audit-scope-other-target",
                    targets = Arg::List(cfgs.into_iter().map(Arg::code).collect())
                ));
            } else {
                scoped.scope[i] = Scope::Unreachable;
                scoped.reason[i] = Some(msg!("audit-scope-unreachable"));
            }
            if p.source == PackageSource::Path && !self.members.contains(&i) {
                // Local code is local wherever it is reached from.
                scoped.scope[i] = Scope::Local;
                scoped.reason[i] = None;
            }
        }
        scoped
    }

    /// Every package `i` pulls into a build (dev-dependencies of published
    /// packages are not locked; targets as filtered), itself excluded.
    pub fn closure(&self, i: usize, f: &Filter) -> Vec<usize> {
        let mut seen = vec![false; self.edges.len()];
        seen[i] = true;
        let mut stack = vec![i];
        let mut out = Vec::new();
        while let Some(k) = stack.pop() {
            for (j, kinds) in &self.edges[k] {
                let normal: Vec<EdgeKind> = kinds
                    .iter()
                    .filter(|e| e.kind != DepKind::Dev)
                    .cloned()
                    .collect();
                if !seen[*j] && f.follows(&normal, true, true) {
                    seen[*j] = true;
                    out.push(*j);
                    stack.push(*j);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::workspace::{DeclaredDep, Member};
    use std::path::Path;

    const CIO: &str = "registry+https://github.com/rust-lang/crates.io-index";

    fn lock() -> Lockfile {
        let text = format!(
            r#"version = 4
[[package]]
name = "app"
version = "0.1.0"
dependencies = ["insta", "serde", "winapi"]
[[package]]
name = "insta"
version = "1.0.0"
source = "{CIO}"
dependencies = ["similar"]
[[package]]
name = "serde"
version = "1.0.0"
source = "{CIO}"
dependencies = ["itoa"]
[[package]]
name = "itoa"
version = "1.0.0"
source = "{CIO}"
[[package]]
name = "similar"
version = "2.0.0"
source = "{CIO}"
[[package]]
name = "winapi"
version = "0.3.9"
source = "{CIO}"
dependencies = ["winapi-x"]
[[package]]
name = "winapi-x"
version = "0.4.0"
source = "{CIO}"
[[package]]
name = "stale"
version = "0.1.0"
source = "{CIO}"
"#
        );
        Lockfile::parse(&text, Path::new("Cargo.lock")).unwrap()
    }

    fn declared(name: &str, req: &str, kind: DepKind, target: Option<&str>) -> DeclaredDep {
        DeclaredDep {
            name: name.into(),
            req: semver::VersionReq::parse(req).unwrap(),
            kind,
            target: target.map(String::from),
        }
    }

    fn ws() -> WorkspaceInfo {
        WorkspaceInfo {
            root: None,
            members: vec![Member {
                name: "app".into(),
                version: semver::Version::new(0, 1, 0),
                declared: Some(vec![
                    declared("insta", "^1", DepKind::Dev, None),
                    declared("serde", "^1", DepKind::Normal, None),
                    declared("winapi", "^0.3", DepKind::Normal, Some("cfg(windows)")),
                ]),
                rust_version: None,
            }],
            from_cargo: true,
        }
    }

    #[test]
    fn scope_follows_kinds_and_targets_like_cargo_deny() {
        let l = lock();
        let g = Graph::build(&l, &ws(), |_| None);
        assert_eq!(g.members, [0]);
        let everything = g.scope(&l, &Filter::default());
        let names = |s: &Scoped, want: Scope| -> Vec<String> {
            (0..l.packages.len())
                .filter(|&i| s.scope[i] == want)
                .map(|i| l.packages[i].name.clone())
                .collect()
        };
        assert_eq!(
            names(&everything, Scope::InScope),
            ["insta", "serde", "itoa", "similar", "winapi", "winapi-x"]
        );
        assert_eq!(names(&everything, Scope::Unreachable), ["stale"]);
        assert_eq!(names(&everything, Scope::Local), ["app"]);

        let f = Filter {
            exclude_dev: true,
            platforms: vec![Platform::linux()],
        };
        let s = g.scope(&l, &f);
        assert_eq!(names(&s, Scope::InScope), ["serde", "itoa"]);
        assert_eq!(names(&s, Scope::DevOnly), ["insta", "similar"]);
        assert_eq!(names(&s, Scope::OtherTarget), ["winapi", "winapi-x"]);
        assert_eq!(
            s.reason[6],
            Some(msg!(
                "audit-scope-other-target",
                targets = Arg::List(vec![Arg::code("cfg(windows)")])
            ))
        );
        // Inverse paths from the member.
        let path = |i: usize| -> Vec<String> {
            s.path[i]
                .iter()
                .map(|&k| l.packages[k].name.clone())
                .collect()
        };
        assert_eq!(path(3), ["app", "serde", "itoa"]);
        assert_eq!(path(4), ["app", "insta", "similar"]);
        assert_eq!(s.direct_of[2], [0]);
        assert!(s.direct_of[1].is_empty(), "dev edge not followed");
        // The closure is the lockfile's, not a resolution.
        assert_eq!(g.closure(2, &f), [3]);
        assert_eq!(g.closure(0, &f), [2, 3]);
        let windows = Filter {
            exclude_dev: true,
            platforms: vec![Platform::new("x86_64-pc-windows-msvc").unwrap()],
        };
        assert_eq!(g.closure(0, &windows), [2, 3, 5, 6]);
    }

    #[test]
    fn unknown_declarations_are_conservative() {
        let l = lock();
        let g = Graph::build(&l, &WorkspaceInfo::from_lockfile(&l), |_| None);
        // `stale` is a registry package nothing depends on, not a member.
        assert_eq!(g.members, [0]);
        assert_eq!(g.unknown_members, 1);
        let s = g.scope(
            &l,
            &Filter {
                exclude_dev: true,
                platforms: vec![Platform::linux()],
            },
        );
        // Without declarations nothing can be left out.
        assert_eq!(s.scope[1], Scope::InScope);
        assert_eq!(s.scope[5], Scope::InScope);
    }
}
