//! Dependencies: the newest version of each direct dependency as of the day
//! (for freshness), and the default-feature tree resolved from the index (for
//! dependency weight and tree advisories). Every index file is read through
//! the run's [`crate::index_cache::IndexCache`], at most a few at once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cratescope_index::{DepKind, IndexCrate, IndexError, Release};
use cratescope_model::{Arg, DependencyLatest, Message, msg};
use jiff::Timestamp;
use semver::{Version, VersionReq};

use crate::bounded::{self, Done};
use crate::evaluator::Evaluator;
use crate::target::Platform;

/// How many dependency index files are fetched at once.
const DEP_LOOKUP_CONCURRENCY: usize = 8;

/// A bound on the resolver's work for pathological trees; real trees are far
/// smaller (cargo's own lockfile has ~420 packages).
const MAX_TREE: usize = 1000;

type Entry = Result<Arc<IndexCrate>, Arc<IndexError>>;

impl Evaluator {
    /// Read several crates' index entries at once (bounded concurrency,
    /// through the run's cache).
    pub(crate) async fn fetch_many(
        &self,
        names: impl IntoIterator<Item = String>,
    ) -> BTreeMap<String, Entry> {
        let cache = self.index.clone();
        let names: Vec<String> = names.into_iter().collect();
        bounded::run(names, DEP_LOOKUP_CONCURRENCY, move |name| {
            let cache = cache.clone();
            async move { cache.releases(&name).await }
        })
        .await
        .into_iter()
        .filter_map(|(name, done)| match done {
            Done::Ok(r) => Some((name, r)),
            Done::Lost(_) => None,
        })
        .collect()
    }

    /// The latest version and compatible lines (as of the day) of each
    /// normal and build dependency.
    pub(crate) async fn lookup_dependencies(
        &self,
        chosen: &Release,
        as_of: Timestamp,
        warnings: &mut Vec<Message>,
    ) -> BTreeMap<String, Option<DependencyLatest>> {
        let names: BTreeSet<String> = chosen
            .deps
            .iter()
            .filter(|d| d.kind != DepKind::Dev && d.registry.is_none())
            .map(|d| d.name.clone())
            .collect();
        let mut latest = BTreeMap::new();
        for (dep, r) in self.fetch_many(names).await {
            match r {
                Ok(ic) => {
                    latest.insert(
                        dep,
                        Some(DependencyLatest::from_releases(&ic.releases, as_of)),
                    );
                }
                Err(e) => {
                    warnings.push(msg!(
                        "engine-dependency-unreadable",
                        dep = Arg::krate(dep.clone()),
                        why = e.message()
                    ));
                    latest.insert(dep, None);
                }
            }
        }
        latest
    }

    /// Resolve the default-feature tree of normal dependencies from the index,
    /// as cargo would on a fresh lockfile on the evaluation day, approximately:
    /// the highest published, non-yanked version matching each requirement,
    /// one version per crate name, default features only (features enabled by
    /// dependents are not followed), dependencies for other platforms than
    /// [`Platform::linux`] left out. An error says which crates could not be
    /// read.
    pub(crate) async fn resolve_tree(
        &self,
        root: &Release,
        as_of: Timestamp,
    ) -> Result<Vec<(String, Version)>, Message> {
        let platform = Platform::linux();
        let mut chosen: BTreeMap<String, Version> = BTreeMap::new();
        let mut cache: BTreeMap<String, Arc<IndexCrate>> = BTreeMap::new();
        let mut frontier = tree_edges(root, &platform);
        let mut unreadable = BTreeSet::new();
        while !frontier.is_empty() && chosen.len() < MAX_TREE {
            let to_fetch: BTreeSet<String> = frontier
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| {
                    !chosen.contains_key(n) && !cache.contains_key(n) && !unreadable.contains(n)
                })
                .collect();
            for (name, r) in self.fetch_many(to_fetch).await {
                match r {
                    Ok(ic) => {
                        cache.insert(name, ic);
                    }
                    Err(_) => {
                        unreadable.insert(name);
                    }
                }
            }
            let mut next = Vec::new();
            for (name, req) in frontier {
                if chosen.contains_key(&name) {
                    continue;
                }
                let Some(ic) = cache.get(&name) else { continue };
                let Ok(vr) = VersionReq::parse(&req) else {
                    continue;
                };
                if let Some(r) = cratescope_index::pick_req(&ic.releases, &vr, Some(as_of)) {
                    chosen.insert(name, r.version.clone());
                    next.extend(tree_edges(r, &platform));
                }
            }
            frontier = next;
        }
        if !unreadable.is_empty() {
            return Err(msg!(
                "engine-tree-not-resolved",
                crates = Arg::crates(unreadable)
            ));
        }
        Ok(chosen.into_iter().collect())
    }
}

/// The (name, requirement) edges a default build on `platform` follows from
/// a release.
fn tree_edges(r: &Release, platform: &Platform) -> Vec<(String, String)> {
    r.default_normal_deps()
        .into_iter()
        .filter(|d| d.target.as_deref().is_none_or(|t| platform.applies(t)))
        .map(|d| (d.name.clone(), d.req.clone()))
        .collect()
}
