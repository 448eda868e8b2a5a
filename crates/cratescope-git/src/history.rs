//! Walking the commit graph reachable from `HEAD` and counting commits and
//! authors in the windows that end at `as_of`.
//!
//! Reads: every commit object reachable from `HEAD` (all parents, so side
//! branches merged into the default branch count, as in `git log`), the
//! author identity after `.mailmap`, the committer date, and — only when a
//! crate lives in a subdirectory — the tree entry at that path in a commit
//! and in its parent. Ignores: commit messages, signatures, other branches
//! than `HEAD`, and the parents of shallow-boundary commits (git treats those
//! commits as roots too).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use crate::GitError;
use crate::identity::is_bot;

/// Seconds in a day; windows are whole days of 86 400 s, as git's `--since`
/// arithmetic on "N days ago" is.
const DAY_SECONDS: i64 = 86_400;
/// The "12 months" window in days: SCORING.md's 12-month signals and the
/// 365-day commits-year signal share one window so their numbers agree.
pub(crate) const YEAR_DAYS: i64 = 365;
/// The recent-activity window of SCORING.md (Scorecard uses 90 days).
pub(crate) const RECENT_DAYS: i64 = 90;

/// One commit as the counters need it.
pub(crate) struct CommitRec {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// Parents that are followed (empty for roots and shallow-boundary commits).
    pub parents: Vec<ObjectId>,
    /// Index into [`History::authors`].
    pub author: u32,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
}

impl CommitRec {
    fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }
}

/// A resolved author identity.
pub(crate) struct Author {
    pub name: String,
    pub email: String,
    pub bot: bool,
}

/// All commits reachable from `HEAD`.
pub(crate) struct History {
    pub commits: Vec<CommitRec>,
    pub index: HashMap<ObjectId, usize>,
    pub authors: Vec<Author>,
}

/// Read every commit reachable from `head`, in no particular order.
pub(crate) fn walk(
    repo: &gix::Repository,
    repo_path: &Path,
    head: ObjectId,
    shallow: &HashSet<ObjectId>,
    mailmap: &gix::mailmap::Snapshot,
) -> Result<History, GitError> {
    let mut commits: Vec<CommitRec> = Vec::new();
    let mut index: HashMap<ObjectId, usize> = HashMap::new();
    let mut authors: Vec<Author> = Vec::new();
    // Raw "name\0email" → author index, so `.mailmap` and the bot test run
    // once per distinct raw identity rather than once per commit.
    let mut author_ids: HashMap<Vec<u8>, u32> = HashMap::new();
    // Resolved (name, email) → author index: several raw identities mapped
    // to one person by `.mailmap` become one author, as in `git shortlog -sne`.
    let mut resolved_ids: HashMap<(String, String), u32> = HashMap::new();
    let mut key = Vec::new();
    let mut queued: HashSet<ObjectId> = HashSet::new();
    let mut stack = vec![head];
    queued.insert(head);

    while let Some(id) = stack.pop() {
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::object(repo_path, id, e))?;
        let decoded = commit
            .decode()
            .map_err(|e| GitError::object(repo_path, id, e))?;
        let author = decoded
            .author()
            .map_err(|e| GitError::object(repo_path, id, e))?;
        // An unparsable committer date counts as the epoch, as git does.
        let time = decoded
            .committer()
            .ok()
            .and_then(|c| c.time().ok())
            .map_or(0, |t| t.seconds);

        key.clear();
        key.extend_from_slice(author.name.as_bytes());
        key.push(0);
        key.extend_from_slice(author.email.as_bytes());
        let author_idx = match author_ids.get(key.as_slice()) {
            Some(&i) => i,
            None => {
                let resolved = mailmap.resolve(author);
                let name = resolved.name.to_str_lossy().into_owned();
                let email = resolved.email.to_str_lossy().into_owned();
                let i = match resolved_ids.get(&(name.clone(), email.clone())) {
                    Some(&i) => i,
                    None => {
                        let i = u32::try_from(authors.len()).unwrap_or(u32::MAX);
                        let bot = is_bot(&name, &email);
                        resolved_ids.insert((name.clone(), email.clone()), i);
                        authors.push(Author { name, email, bot });
                        i
                    }
                };
                author_ids.insert(key.clone(), i);
                i
            }
        };

        let parents: Vec<ObjectId> = if shallow.contains(&id) {
            Vec::new()
        } else {
            decoded.parents().collect()
        };
        for p in &parents {
            if queued.insert(*p) {
                stack.push(*p);
            }
        }
        let rec = CommitRec {
            id,
            tree: decoded.tree(),
            parents,
            author: author_idx,
            time,
        };
        index.insert(id, commits.len());
        commits.push(rec);
    }
    Ok(History {
        commits,
        index,
        authors,
    })
}

/// Decides whether a commit touches the crate's directory, memoising the
/// entry found at that path per tree.
pub(crate) struct PathFilter<'a> {
    repo: &'a gix::Repository,
    repo_path: &'a Path,
    path: &'a str,
    cache: HashMap<ObjectId, Option<ObjectId>>,
}

impl<'a> PathFilter<'a> {
    pub(crate) fn new(repo: &'a gix::Repository, repo_path: &'a Path, path: &'a str) -> Self {
        PathFilter {
            repo,
            repo_path,
            path,
            cache: HashMap::new(),
        }
    }

    fn entry(&mut self, tree: ObjectId) -> Result<Option<ObjectId>, GitError> {
        if let Some(found) = self.cache.get(&tree) {
            return Ok(*found);
        }
        let found = self
            .repo
            .find_tree(tree)
            .map_err(|e| GitError::object(self.repo_path, tree, e))?
            .lookup_entry_by_path(self.path)
            .map_err(|e| GitError::object(self.repo_path, tree, e))?
            .map(|entry| entry.object_id());
        self.cache.insert(tree, found);
        Ok(found)
    }

    /// A non-merge commit touches the path when the object at the path
    /// differs from its parent's (added, removed or changed); a root commit
    /// touches it when the path exists. Merges never count.
    pub(crate) fn touches(&mut self, history: &History, rec: &CommitRec) -> Result<bool, GitError> {
        if rec.is_merge() {
            return Ok(false);
        }
        let mine = self.entry(rec.tree)?;
        let parent_tree = rec
            .parents
            .first()
            .and_then(|p| history.index.get(p))
            .and_then(|&i| history.commits.get(i))
            .map(|p| p.tree);
        let theirs = match parent_tree {
            Some(tree) => self.entry(tree)?,
            None => None,
        };
        Ok(mine != theirs)
    }
}

/// Counts over the windows ending at `as_of`.
#[derive(Default)]
pub(crate) struct Counts {
    /// Human author index → commits in the year window.
    pub authors_year: HashMap<u32, u32>,
    pub human_year: u32,
    pub bots_year: u32,
    pub all_recent: u32,
    pub human_recent: u32,
    pub all_year: u32,
    pub total: u32,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub last_path: Option<i64>,
}

/// Count commits at or before `as_of`. With a `filter`, window counts are
/// restricted to commits touching the path; `total`, `first` and `last`
/// stay repository-wide.
pub(crate) fn count(
    history: &History,
    as_of: i64,
    mut filter: Option<&mut PathFilter<'_>>,
) -> Result<Counts, GitError> {
    let year_start = as_of.saturating_sub(YEAR_DAYS * DAY_SECONDS);
    let recent_start = as_of.saturating_sub(RECENT_DAYS * DAY_SECONDS);
    let mut c = Counts::default();
    for rec in &history.commits {
        if rec.time > as_of {
            continue;
        }
        c.first = Some(c.first.map_or(rec.time, |f| f.min(rec.time)));
        c.last = Some(c.last.map_or(rec.time, |l| l.max(rec.time)));
        if rec.is_merge() {
            continue;
        }
        c.total += 1;
        if rec.time < year_start {
            continue;
        }
        if let Some(f) = filter.as_deref_mut()
            && !f.touches(history, rec)?
        {
            continue;
        }
        let bot = history
            .authors
            .get(rec.author as usize)
            .is_none_or(|a| a.bot);
        c.all_year += 1;
        if bot {
            c.bots_year += 1;
        } else {
            c.human_year += 1;
            *c.authors_year.entry(rec.author).or_insert(0) += 1;
        }
        if rec.time >= recent_start {
            c.all_recent += 1;
            if !bot {
                c.human_recent += 1;
            }
        }
    }
    if let Some(f) = filter {
        c.last_path = last_touching(history, as_of, f)?;
    }
    Ok(c)
}

/// Newest non-merge commit at or before `as_of` that touches the path.
fn last_touching(
    history: &History,
    as_of: i64,
    filter: &mut PathFilter<'_>,
) -> Result<Option<i64>, GitError> {
    let mut order: Vec<&CommitRec> = history
        .commits
        .iter()
        .filter(|r| r.time <= as_of && !r.is_merge())
        .collect();
    order.sort_by_key(|r| std::cmp::Reverse(r.time));
    for rec in order {
        if filter.touches(history, rec)? {
            return Ok(Some(rec.time));
        }
    }
    Ok(None)
}

/// Fewest authors whose commits reach at least half of `total`.
pub(crate) fn absence_factor(sorted_counts: &[u32], total: u32) -> Option<u32> {
    if total == 0 {
        return None;
    }
    let mut sum: u64 = 0;
    for (i, n) in sorted_counts.iter().enumerate() {
        sum += u64::from(*n);
        if sum * 2 >= u64::from(total) {
            return Some(u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    None
}

/// The newest commit on `HEAD`'s first-parent chain committed at or before
/// `as_of`: the state of the default branch at that instant.
pub(crate) fn snapshot_commit(history: &History, head: ObjectId, as_of: i64) -> Option<ObjectId> {
    let mut current = head;
    // Bounded by the number of commits, so a malformed graph cannot loop forever.
    for _ in 0..=history.commits.len() {
        let rec = history.commits.get(*history.index.get(&current)?)?;
        if rec.time <= as_of {
            return Some(rec.id);
        }
        current = *rec.parents.first()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::absence_factor;

    #[test]
    fn absence_factor_counts_fewest_authors_to_half() {
        assert_eq!(absence_factor(&[], 0), None);
        assert_eq!(absence_factor(&[10], 10), Some(1));
        assert_eq!(absence_factor(&[5, 5], 10), Some(1));
        assert_eq!(absence_factor(&[4, 3, 3], 10), Some(2));
        assert_eq!(absence_factor(&[1, 1, 1, 1, 1], 5), Some(3));
    }
}
