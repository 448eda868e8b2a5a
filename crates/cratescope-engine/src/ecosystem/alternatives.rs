//! `alternatives`: crates in better standing for the same job as a given
//! crate, ranked, each with its evidence:
//!
//! - **named by advisories**: a RustSec advisory standing against the crate
//!   names the replacement (in backticks, or as a link to a crate's page);
//! - **migrations observed in the dump**: dependents whose newer release
//!   dropped the crate and, in that same release, added the other one,
//!   counted by distinct owners: a dependent sharing an owner with one
//!   already counted is the same decision (a dependent whose latest release
//!   still uses the crate has not migrated);
//! - **its successor in the dump**: the crate the `superseded` gate names
//!   from the dump (same repository and owners, created later, active while
//!   this one stalled, a related name or dependents who moved); ranked with
//!   the crates advisories name;
//! - **the same job**: crates sharing a category or a keyword, the best
//!   [`ALTERNATIVE_POOL`] of them by shallow composite.
//!
//! Shown: crates named by an advisory (unless gated ⛔), and the others in
//! better standing than the crate (a higher shallow composite, not ⛔). A
//! migration target that shares neither a category nor a keyword needs
//! [`MIGRATION_MIN_OWNERS_UNRELATED`] owners behind it. Order: named first,
//! then by owners who migrated (from [`MIGRATION_MIN_OWNERS_TO_RANK`] on),
//! then by composite, then by name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cratescope_model::Tier;
use cratescope_model::ecosystem::{AlternativeEntry, AlternativeEvidence};

use super::params::{
    ALTERNATIVE_POOL, MIGRATION_EXAMPLES, MIGRATION_MIN_OWNERS_TO_RANK,
    MIGRATION_MIN_OWNERS_UNRELATED,
};
use super::shallow::{self, LinesCache};
use super::{EcosystemError, View};

/// Rust's own crates: an advisory that says "use `std::…`" names no crate.
const TOOLCHAIN_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

fn crate_name_chars(s: &str) -> &str {
    let end = s
        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Names an advisory's text gives as crates: `code spans` (their first
/// path segment) and links whose path has `/crates/NAME`. Checked against
/// the dump by the caller.
pub fn names_in_text(text: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let parts: Vec<&str> = text.split('`').collect();
    // Odd parts are inside backticks, when a closing one follows.
    for (i, span) in parts.iter().enumerate() {
        if i % 2 == 1 && i + 1 < parts.len() {
            let name = crate_name_chars(span.trim());
            if !name.is_empty() && name.len() <= cratescope_index::MAX_NAME_LENGTH {
                out.insert(name.to_string());
            }
        }
    }
    let mut rest = text;
    while let Some(i) = rest.find("/crates/") {
        rest = &rest[i + "/crates/".len()..];
        let name = crate_name_chars(rest);
        if !name.is_empty() && name.len() <= cratescope_index::MAX_NAME_LENGTH {
            out.insert(name.to_string());
        }
    }
    out.retain(|n| !TOOLCHAIN_CRATES.contains(&n.as_str()));
    out.into_iter().collect()
}

#[derive(Default)]
struct Migration {
    dependents: BTreeSet<usize>,
}

impl Migration {
    /// Dependents counted by distinct owners: a dependent that shares an
    /// owner with one counted before is the same decision (one author's
    /// fifty crates moving together count once).
    fn owner_groups(&self, eco: &cratescope_dump::Ecosystem) -> u64 {
        let mut seen: BTreeSet<u32> = BTreeSet::new();
        let mut groups = 0;
        for &d in &self.dependents {
            let owners = eco.owners(d);
            if owners.is_empty() || !owners.iter().any(|o| seen.contains(o)) {
                groups += 1;
            }
            seen.extend(owners.iter().copied());
        }
        groups
    }
}

impl View {
    /// Dependents of `x` whose newer release dropped it and added others,
    /// by the crate added.
    fn migrations(&self, x: usize) -> HashMap<usize, Migration> {
        let eco = self.ecosystem();
        let at = cratescope_model::end_of_day(self.as_of()).as_second();
        let mut with_x: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (v, runtime) in eco.dependent_versions(x) {
            if runtime && eco.published(v) <= at {
                with_x.entry(eco.version_crate(v)).or_default().insert(v);
            }
        }
        let runtime_targets = |v: usize| -> BTreeSet<usize> {
            eco.deps(v)
                .filter(|&r| eco.dep_kind(r) != cratescope_dump::DepKind::Dev)
                .map(|r| eco.dep_target(r))
                .collect()
        };
        let mut out: HashMap<usize, Migration> = HashMap::new();
        for (d, uses) in with_x {
            if d == x {
                continue;
            }
            let published: Vec<usize> = eco
                .versions(d)
                .filter(|&v| eco.published(v) <= at && !eco.yanked(v))
                .collect();
            // The last release that used `x`, and the one after it.
            let Some(k) = published.iter().rposition(|v| uses.contains(v)) else {
                continue;
            };
            let Some(&next) = published.get(k + 1) else {
                continue;
            };
            let before = runtime_targets(published[k]);
            for added in runtime_targets(next).difference(&before) {
                if *added == x || *added == d {
                    continue;
                }
                out.entry(*added).or_default().dependents.insert(d);
            }
        }
        out
    }

    /// `alternatives`: the first `limit` (0: all) crates in better standing
    /// for the job of `name`, with their evidence.
    pub fn alternatives(
        &self,
        name: &str,
        limit: usize,
    ) -> Result<Vec<AlternativeEntry>, EcosystemError> {
        let eco = self.ecosystem();
        let x = self.find(name)?;
        let mut lines = LinesCache::default();
        let mine = shallow::score(&self.inputs(), &mut lines, x).ok_or_else(|| {
            EcosystemError::NoRelease {
                name: eco.name(x).to_string(),
                as_of: self.as_of(),
            }
        })?;
        let my_composite = mine.evaluation.composite;

        // Named by advisories.
        let mut named: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        if let Some(db) = self.advisories.as_deref() {
            let at = cratescope_model::end_of_day(self.as_of());
            for a in db.active_for_crate(eco.name(x), at) {
                let text = format!("{}\n{}", a.title, a.description);
                for n in names_in_text(&text) {
                    if let Some(c) = eco.find(&n).filter(|&c| c != x) {
                        let ids = named.entry(c).or_default();
                        if !ids.contains(&a.id) {
                            ids.push(a.id.clone());
                        }
                    }
                }
            }
        }

        // The successor the dump shows (the `superseded` gate's rule, on
        // this crate's shallow facts): ranked with the named ones.
        let successor: Option<usize> = shallow::facts(&self.inputs(), &mut lines, x)
            .and_then(|(f, _)| {
                let spec = self.model.gate("superseded")?;
                cratescope_score::signal::maintenance::dump_successor(&f, spec)
                    .map(|s| s.name.clone())
            })
            .and_then(|n| eco.find(&n))
            .filter(|&c| c != x);
        if let Some(c) = successor {
            named.entry(c).or_default();
        }

        // The same job.
        let my_cats: BTreeSet<u32> = eco.categories_of(x).iter().copied().collect();
        let my_words: BTreeSet<u32> = eco.keywords_of(x).iter().copied().collect();
        let shares = |c: usize| {
            eco.categories_of(c).iter().any(|k| my_cats.contains(k))
                || eco.keywords_of(c).iter().any(|k| my_words.contains(k))
        };
        let same_job: Vec<usize> = (0..eco.len())
            .filter(|&c| c != x && (!my_cats.is_empty() || !my_words.is_empty()) && shares(c))
            .collect();
        let mut pool = shallow::score_many(&self.inputs(), &same_job);
        pool.sort_by(|a, b| super::rank::order(a, b, |c| self.window_total(c)));
        pool.truncate(ALTERNATIVE_POOL);

        // Migrations.
        let migrations = self.migrations(x);
        let groups: BTreeMap<usize, u64> = migrations
            .iter()
            .map(|(&c, m)| (c, m.owner_groups(eco)))
            .collect();
        let mut candidates: BTreeSet<usize> = pool.iter().map(|s| s.krate as usize).collect();
        candidates.extend(named.keys().copied());
        for (c, g) in &groups {
            if shares(*c) || *g >= MIGRATION_MIN_OWNERS_UNRELATED {
                candidates.insert(*c);
            }
        }
        let candidates: Vec<usize> = candidates.into_iter().collect();
        let scored = shallow::score_many(&self.inputs(), &candidates);
        let better = |composite: Option<f64>| match (composite, my_composite) {
            (Some(a), Some(b)) => a > b,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let mut chosen: Vec<(bool, u64, Option<f64>, usize, Tier)> = scored
            .iter()
            .filter(|s| s.tier != Tier::Avoid)
            .filter(|s| named.contains_key(&(s.krate as usize)) || better(s.composite))
            .map(|s| {
                let c = s.krate as usize;
                // One owner's move orders nothing: it is shown, not ranked on.
                let owners = groups.get(&c).copied().unwrap_or(0);
                let rank_on = if owners >= MIGRATION_MIN_OWNERS_TO_RANK {
                    owners
                } else {
                    0
                };
                (named.contains_key(&c), rank_on, s.composite, c, s.tier)
            })
            .collect();
        chosen.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(
                    b.2.unwrap_or(0.0)
                        .partial_cmp(&a.2.unwrap_or(0.0))
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
                .then(eco.name(a.3).cmp(eco.name(b.3)))
        });
        if limit > 0 {
            chosen.truncate(limit);
        }
        Ok(chosen
            .into_iter()
            .enumerate()
            .map(|(i, (_, _, composite, c, tier))| {
                let m = migrations.get(&c);
                let mut examples: Vec<String> = m
                    .map(|m| {
                        m.dependents
                            .iter()
                            .map(|&d| eco.name(d).to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                examples.sort();
                examples.truncate(MIGRATION_EXAMPLES);
                AlternativeEntry {
                    name: eco.name(c).to_string(),
                    rank: i as u32 + 1,
                    instead_of: eco.name(x).to_string(),
                    tier,
                    composite,
                    evidence: AlternativeEvidence {
                        named_by_advisories: named.get(&c).cloned().unwrap_or_default(),
                        successor: successor == Some(c),
                        migrated_owners: groups.get(&c).copied().unwrap_or(0),
                        migrated_dependents: m.map_or(0, |m| m.dependents.len() as u64),
                        migrated_examples: examples,
                        shared_categories: eco
                            .categories_of(c)
                            .iter()
                            .filter(|k| my_cats.contains(k))
                            .map(|&k| eco.category(k).0.to_string())
                            .collect(),
                        shared_keywords: eco
                            .keywords_of(c)
                            .iter()
                            .filter(|k| my_words.contains(k))
                            .map(|&k| eco.keyword(k).to_string())
                            .collect(),
                    },
                    figures: self.figures(c, super::params::DEFAULT_WINDOW_DAYS, false),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::names_in_text;

    #[test]
    fn names_from_code_spans_and_crate_links() {
        let text = "The `failure` crate is unmaintained. Consider `anyhow` or \
                    [thiserror](https://example.org/crates/thiserror); \
                    `std::error::Error` covers the rest, see `eyre::Report`.";
        assert_eq!(
            names_in_text(text),
            ["anyhow", "eyre", "failure", "thiserror"]
        );
        assert!(names_in_text("no names here").is_empty());
        assert!(names_in_text("unbalanced `tick").is_empty());
    }
}
