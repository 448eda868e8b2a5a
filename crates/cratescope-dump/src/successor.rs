//! Candidate successors, from the dump alone (issue 25, item 2): for each
//! crate, the crates published from the same repository (its URL
//! normalised: scheme, `www.`, `.git`, a trailing slash and anything past
//! `owner/repo` on a known forge dropped, case folded) that share at least
//! one owner (user or team) with it and were created after it. Each comes
//! with the evidence that tells a successor from a monorepo's sibling:
//! whether the names are related (`foo` → `foo2`, `foo-ng`, `foo-next`),
//! and the dependents whose newer release dropped the crate and added the
//! candidate in that same release, counted by distinct owners.
//!
//! This only gathers; the `superseded` gate (cratescope-score) decides with
//! the model's numbers which candidate, if any, is the successor. What it
//! ignores: crates without a repository, forks (another repository), a
//! successor by other owners, and a past date (the facts are the dump's).

use std::collections::{BTreeSet, HashMap};

use cratescope_model::SuccessorCandidate;

use crate::eco::EcoArrays;
use crate::graph::{PastGraph, RUNTIME_BIT};

/// Candidates kept per crate (the related names first, then by dependents
/// who moved): a repository with hundreds of crates is a monorepo, and its
/// crates' lists stay short.
const MAX_CANDIDATES: usize = 5;
/// A repository shared by more crates than this is a monorepo of generated
/// or vendored crates (some hold thousands): no candidate is drawn from it.
const MAX_GROUP: usize = 400;
/// The marks a rewrite or rename adds to a name.
const AFFIXES: &[&str] = &[
    "ng", "next", "new", "rs", "rust", "reborn", "revived", "fork",
];

/// The repository URL in a comparable form (None: not a URL worth
/// comparing).
pub(crate) fn normalise_repository(url: &str) -> Option<String> {
    let mut s = url.trim().to_ascii_lowercase();
    for scheme in [
        "git+https://",
        "git+ssh://",
        "https://",
        "http://",
        "ssh://",
        "git://",
    ] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_owned();
            break;
        }
    }
    if let Some(rest) = s.strip_prefix("git@") {
        s = rest.replacen(':', "/", 1);
    }
    let s = s.strip_prefix("www.").unwrap_or(&s);
    let s = s.split(['?', '#']).next().unwrap_or("");
    let mut parts: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
    let host = *parts.first()?;
    if !host.contains('.') || parts.len() < 2 {
        return None;
    }
    // On the forges, `owner/repo` names the repository; what follows is a
    // path inside it (`/tree/main/crates/foo`).
    if [
        "github.com",
        "gitlab.com",
        "codeberg.org",
        "bitbucket.org",
        "sr.ht",
        "git.sr.ht",
    ]
    .contains(&host)
    {
        parts.truncate(3);
    }
    let mut out = parts.join("/");
    if let Some(t) = out.strip_suffix(".git") {
        out = t.to_owned();
    }
    (out.len() <= 300).then_some(out)
}

/// `b` is `a` with a version or "next" mark, or the other way round:
/// `foo` / `foo2`, `foo-v2`, `foo_ng`, `foo-next`, `foo-rs`, `rust-foo`,
/// `new-foo`. Case and `-`/`_` do not matter.
pub(crate) fn related_names(a: &str, b: &str) -> bool {
    let (a, b) = (crate::canonical_name(a), crate::canonical_name(b));
    let marked = |base: &str, other: &str| -> bool {
        if base.len() < 2 || other == base {
            return false;
        }
        let mark = |m: &str| {
            let m = m.trim_matches('_');
            if m.is_empty() {
                return false;
            }
            let digits = m.strip_prefix('v').unwrap_or(m);
            digits.chars().all(|c| c.is_ascii_digit()) && !digits.is_empty() || AFFIXES.contains(&m)
        };
        if let Some(rest) = other.strip_prefix(base) {
            return mark(rest);
        }
        if let Some(rest) = other.strip_suffix(base) {
            return rest.ends_with('_') && mark(rest);
        }
        false
    };
    marked(&a, &b) || marked(&b, &a)
}

/// What [`candidates`] reads.
pub(crate) struct Inputs<'a> {
    pub names: &'a [String],
    pub created: &'a [i64],
    pub repos: &'a [Option<String>],
    pub eco: &'a EcoArrays,
    pub past: &'a PastGraph,
}

impl Inputs<'_> {
    fn versions(&self, c: usize) -> std::ops::Range<usize> {
        self.eco.ver_offsets[c] as usize..self.eco.ver_offsets[c + 1] as usize
    }
    fn yanked(&self, v: usize) -> bool {
        self.eco.ver_flags[v] & crate::eco::FLAG_YANKED != 0
    }
    fn last_release(&self, c: usize) -> Option<i64> {
        self.versions(c)
            .filter(|&v| !self.yanked(v))
            .map(|v| self.eco.ver_created[v])
            .max()
    }
    fn owners(&self, c: usize) -> &[u32] {
        let o = &self.eco.owner_offsets;
        match (o.get(c), o.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.eco.owner_keys[a as usize..b as usize],
            _ => &[],
        }
    }
    fn runtime_targets(&self, v: usize) -> BTreeSet<u32> {
        let (a, b) = (
            self.eco.dep_offsets[v] as usize,
            self.eco.dep_offsets[v + 1] as usize,
        );
        (a..b)
            .filter(|&r| self.eco.dep_flags[r] & 0b11 != 2)
            .map(|r| self.eco.dep_target[r])
            .collect()
    }

    /// Dependents of `x` whose newer release dropped it and added one of
    /// `wanted`, by the crate added: (dependents, distinct-owner groups).
    fn migrations(&self, x: usize, wanted: &BTreeSet<u32>) -> HashMap<u32, (u64, u64)> {
        let p = self.past;
        let mut with_x: HashMap<u32, BTreeSet<usize>> = HashMap::new();
        for &row in &p.rows[p.offsets[x] as usize..p.offsets[x + 1] as usize] {
            if row & RUNTIME_BIT != 0 {
                let v = (row & !RUNTIME_BIT) as usize;
                with_x.entry(p.ver_crate[v]).or_default().insert(v);
            }
        }
        let mut movers: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut ds: Vec<_> = with_x.into_iter().collect();
        ds.sort_unstable_by_key(|(d, _)| *d);
        for (d, uses) in ds {
            let d = d as usize;
            if d == x {
                continue;
            }
            let published: Vec<usize> = self.versions(d).filter(|&v| !self.yanked(v)).collect();
            let Some(k) = published.iter().rposition(|v| uses.contains(v)) else {
                continue;
            };
            let Some(&next) = published.get(k + 1) else {
                continue;
            };
            let before = self.runtime_targets(published[k]);
            for added in self.runtime_targets(next).difference(&before) {
                if wanted.contains(added) {
                    movers.entry(*added).or_default().push(d);
                }
            }
        }
        movers
            .into_iter()
            .map(|(s, ds)| {
                let mut seen: BTreeSet<u32> = BTreeSet::new();
                let mut groups = 0;
                for &d in &ds {
                    let owners = self.owners(d);
                    if owners.is_empty() || !owners.iter().any(|o| seen.contains(o)) {
                        groups += 1;
                    }
                    seen.extend(owners.iter().copied());
                }
                (s, (ds.len() as u64, groups))
            })
            .collect()
    }
}

/// Per crate (in crate order), its candidate successors (None: none).
pub(crate) fn candidates(i: &Inputs<'_>) -> Vec<Option<Vec<SuccessorCandidate>>> {
    let n = i.names.len();
    let mut out = vec![None; n];
    if i.eco.owner_offsets.len() != n + 1 || i.repos.len() != n {
        return out;
    }
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (c, r) in i.repos.iter().enumerate() {
        if let Some(r) = r {
            groups.entry(r.as_str()).or_default().push(c);
        }
    }
    let ts = |s: Option<i64>| s.and_then(|s| jiff::Timestamp::from_second(s).ok());
    let mut groups: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|g| g.len() >= 2 && g.len() <= MAX_GROUP)
        .collect();
    groups.sort_unstable();
    for group in groups {
        for &x in &group {
            let mine: BTreeSet<u32> = i.owners(x).iter().copied().collect();
            let wanted: BTreeSet<u32> = group
                .iter()
                .copied()
                .filter(|&s| {
                    s != x
                        && i.created[s] > i.created[x]
                        && i.owners(s).iter().any(|o| mine.contains(o))
                })
                .map(|s| s as u32)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let moved = i.migrations(x, &wanted);
            let own_last = ts(i.last_release(x));
            let mut list: Vec<SuccessorCandidate> = wanted
                .iter()
                .map(|&s| {
                    let s = s as usize;
                    let (dependents, owners) = moved.get(&(s as u32)).copied().unwrap_or((0, 0));
                    SuccessorCandidate {
                        name: i.names[s].clone(),
                        created_at: ts(Some(i.created[s])),
                        last_release: ts(i.last_release(s)),
                        predecessor_last_release: own_last,
                        shared_owners: i.owners(s).iter().filter(|o| mine.contains(o)).count()
                            as u32,
                        related_name: related_names(&i.names[x], &i.names[s]),
                        migrated_owners: owners,
                        migrated_dependents: dependents,
                    }
                })
                .collect();
            list.sort_by(|a, b| {
                b.related_name
                    .cmp(&a.related_name)
                    .then(b.migrated_owners.cmp(&a.migrated_owners))
                    .then(a.name.cmp(&b.name))
            });
            list.truncate(MAX_CANDIDATES);
            out[x] = Some(list);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalise_repository, related_names};

    #[test]
    fn repository_urls_compare_by_forge_owner_and_repo() {
        let n = |u: &str| normalise_repository(u);
        assert_eq!(
            n("https://github.com/Foo/Bar"),
            Some("github.com/foo/bar".into())
        );
        assert_eq!(
            n("https://github.com/foo/bar.git"),
            n("http://www.github.com/foo/bar/")
        );
        assert_eq!(
            n("https://github.com/foo/bar/tree/main/crates/baz"),
            n("git@github.com:foo/bar.git")
        );
        assert_eq!(
            n("git+https://gitlab.com/a/b#readme"),
            Some("gitlab.com/a/b".into())
        );
        assert_ne!(
            n("https://github.com/foo/bar"),
            n("https://github.com/foo/baz")
        );
        assert_eq!(n(""), None);
        assert_eq!(n("not a url"), None);
        assert_eq!(n("https://github.com"), None);
    }

    #[test]
    fn related_names_are_a_rename_mark_not_a_shared_prefix() {
        for (a, b) in [
            ("foo", "foo2"),
            ("foo", "foo-v2"),
            ("foo", "foo_ng"),
            ("foo", "foo-next"),
            ("Foo-Bar", "foo_bar_rs"),
            ("foo", "rust-foo"),
            ("foo", "new-foo"),
        ] {
            assert!(related_names(a, b), "{a} {b}");
            assert!(related_names(b, a), "{b} {a}");
        }
        for (a, b) in [
            ("tokio-util", "tokio-stream"),
            ("foo", "foo-derive"),
            ("foo", "foobar"),
            ("foo", "foo"),
            ("serde", "serde_json"),
            ("x", "x2"),
        ] {
            assert!(!related_names(a, b), "{a} {b}");
        }
    }
}
