//! The entry point: open a repository and turn its history, tags and files
//! into [`GitFacts`].
//!
//! Reads the repository at the given path with gitoxide only (no `git`
//! process, no checkout). Ignores the wall clock: every window ends at
//! [`HistoryOptions::as_of`], and the file facts come from the default
//! branch as it was at `as_of`.

use std::collections::HashSet;
use std::path::Path;

use cratescope_model::{Arg, msg};
use jiff::Timestamp;

use crate::facts::{AuthorCount, GitFacts};
use crate::history::{self, PathFilter};
use crate::{GitError, files, tags};

/// gitoxide's object cache; commits are read once, but trees are read
/// twice per commit when filtering by path. 16 MiB covers the hot trees of
/// large monorepos without mattering for memory.
const OBJECT_CACHE_BYTES: usize = 16 * 1024 * 1024;

/// What to analyse and against which instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryOptions {
    /// Windows end here; commits dated later are ignored.
    pub as_of: Timestamp,
    /// The crate's directory in the repository (`path_in_vcs` from
    /// `.cargo_vcs_info.json`); `None`, `""` or `"."` mean the root.
    pub path_in_vcs: Option<String>,
    /// The published commit (`git.sha1` from `.cargo_vcs_info.json`).
    pub vcs_sha: Option<String>,
    /// The crate's name, used to recognise tags such as `name-v1.2.3`.
    pub crate_name: String,
    /// Published versions to look for release tags of.
    pub versions: Vec<String>,
}

impl HistoryOptions {
    /// Options for the whole repository with nothing to match.
    pub fn new(as_of: Timestamp, crate_name: impl Into<String>) -> Self {
        HistoryOptions {
            as_of,
            path_in_vcs: None,
            vcs_sha: None,
            crate_name: crate_name.into(),
            versions: Vec::new(),
        }
    }
}

/// `path_in_vcs` as a clean relative path, or `None` for the root.
fn crate_dir(path_in_vcs: Option<&str>) -> Option<String> {
    let trimmed = path_in_vcs?.trim().trim_matches('/');
    let cleaned: Vec<&str> = trimmed
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if cleaned.is_empty() {
        None
    } else {
        Some(cleaned.join("/"))
    }
}

fn timestamp(seconds: i64) -> Option<Timestamp> {
    Timestamp::from_second(seconds).ok()
}

/// Analyse the repository at `path` (a work tree or a bare git directory).
///
/// Errors when `path` is not a repository, has no commits, or holds a
/// missing or corrupt object on the way; a shallow clone is analysed as far
/// as it goes and flagged with [`GitFacts::shallow`] and a warning.
pub fn analyze_repository(path: &Path, opts: &HistoryOptions) -> Result<GitFacts, GitError> {
    let mut repo = gix::open(path).map_err(|e| GitError::Open {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    let mut warnings = Vec::new();

    let head = repo.head().map_err(|e| GitError::Head {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    if head.is_unborn() {
        return Err(GitError::Empty {
            path: path.to_path_buf(),
        });
    }
    let head_ref = head.referent_name().map(|n| n.as_bstr().to_string());
    let head_id = repo
        .head_id()
        .map_err(|e| GitError::Head {
            path: path.to_path_buf(),
            source: e.into(),
        })?
        .detach();

    let shallow_commits: HashSet<gix::ObjectId> = match repo.shallow_commits() {
        Ok(Some(list)) => list.iter().copied().collect(),
        Ok(None) => HashSet::new(),
        Err(e) => {
            return Err(GitError::Open {
                path: path.to_path_buf(),
                source: e.into(),
            });
        }
    };
    let shallow = !shallow_commits.is_empty();
    if shallow {
        warnings.push(msg!("git-shallow", n = shallow_commits.len()));
    }

    let mut mailmap = gix::mailmap::Snapshot::default();
    // The library's words are left out: they may quote the file.
    if repo.open_mailmap_into(&mut mailmap).is_err() {
        warnings.push(msg!("git-mailmap-unreadable"));
    }

    let hist = history::walk(&repo, path, head_id, &shallow_commits, &mailmap)?;
    let as_of = opts.as_of.as_second();
    let dir = crate_dir(opts.path_in_vcs.as_deref());
    let counts = match &dir {
        Some(d) => {
            let mut filter = PathFilter::new(&repo, path, d);
            history::count(&hist, as_of, Some(&mut filter))?
        }
        None => history::count(&hist, as_of, None)?,
    };

    let mut authors: Vec<AuthorCount> = counts
        .authors_year
        .iter()
        .filter_map(|(&idx, &commits)| {
            hist.authors.get(idx as usize).map(|a| AuthorCount {
                name: a.name.clone(),
                email: a.email.clone(),
                commits,
            })
        })
        .collect();
    authors.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.email.cmp(&b.email))
    });
    let sorted: Vec<u32> = authors.iter().map(|a| a.commits).collect();
    let absence = history::absence_factor(&sorted, counts.human_year);

    // vcs sha: present as a commit, and reachable from HEAD.
    let (vcs_sha_in_history, vcs_sha_on_head) = match opts.vcs_sha.as_deref().map(str::trim) {
        None | Some("") => (None, None),
        Some(sha) => match gix::ObjectId::from_hex(sha.as_bytes()) {
            Ok(id) => (
                Some(repo.find_commit(id).is_ok()),
                Some(hist.index.contains_key(&id)),
            ),
            Err(_) => {
                warnings.push(msg!("git-vcs-sha-not-hex", sha = Arg::code(sha)));
                (Some(false), Some(false))
            }
        },
    };

    let tag_names = tag_names(&repo, path)?;
    let version_tags = tags::match_versions(&tag_names, &opts.crate_name, &opts.versions);

    let snapshot = history::snapshot_commit(&hist, head_id, as_of);
    let file_facts = match snapshot {
        Some(commit) => files::scan(&repo, path, commit, dir.as_deref())?,
        None => {
            warnings.push(msg!("git-no-commit-by-day"));
            files::FileFacts::default()
        }
    };
    warnings.extend(file_facts.warnings);

    Ok(GitFacts {
        as_of: opts.as_of,
        head: head_id.to_string(),
        head_ref,
        snapshot_commit: snapshot.map(|s| s.to_string()),
        shared: dir.is_some(),
        path_in_vcs: dir,
        shallow,
        active_authors_12m: u32::try_from(authors.len()).unwrap_or(u32::MAX),
        authors_12m: authors,
        absence_factor_12m: absence,
        human_commits_12m: counts.human_year,
        bot_commits_excluded: counts.bots_year,
        commits_90d: counts.all_recent,
        human_commits_90d: counts.human_recent,
        commits_365d: counts.all_year,
        total_commits: counts.total,
        first_commit: counts.first.and_then(timestamp),
        last_commit: counts.last.and_then(timestamp),
        last_path_commit: counts.last_path.and_then(timestamp),
        vcs_sha: opts.vcs_sha.clone(),
        vcs_sha_in_history,
        vcs_sha_on_head,
        version_tags,
        total_versions: u32::try_from(opts.versions.len()).unwrap_or(u32::MAX),
        bench_ci: !file_facts.bench_ci_evidence.is_empty(),
        bench_build_ci: !file_facts.bench_build_evidence.is_empty(),
        ci_workflows: file_facts.ci_workflows,
        bench_ci_evidence: file_facts.bench_ci_evidence,
        fuzz_targets: file_facts.fuzz_targets,
        security_policy: file_facts.security_policy,
        bench_files: file_facts.bench_files,
        example_files: file_facts.example_files,
        changelog: file_facts.changelog,
        fuzz_ci: !file_facts.fuzz_ci_evidence.is_empty(),
        fuzz_ci_evidence: file_facts.fuzz_ci_evidence,
        semver_checks_ci: !file_facts.semver_checks_ci_evidence.is_empty(),
        semver_checks_ci_evidence: file_facts.semver_checks_ci_evidence,
        warnings,
    })
}

/// Short names of all tags (`refs/tags/…`).
fn tag_names(repo: &gix::Repository, path: &Path) -> Result<Vec<String>, GitError> {
    let refs_err = |e: gix::Error| GitError::References {
        path: path.to_path_buf(),
        source: e.into(),
    };
    let platform = repo.references().map_err(refs_err)?;
    let mut names = Vec::new();
    for reference in platform.tags().map_err(refs_err)? {
        match reference {
            Ok(r) => names.push(r.name().shorten().to_string()),
            Err(e) => {
                return Err(GitError::References {
                    path: path.to_path_buf(),
                    source: e.into(),
                });
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::crate_dir;

    #[test]
    fn crate_dir_normalises() {
        assert_eq!(crate_dir(None), None);
        assert_eq!(crate_dir(Some("")), None);
        assert_eq!(crate_dir(Some(".")), None);
        assert_eq!(crate_dir(Some("/crates/foo/")), Some("crates/foo".into()));
        assert_eq!(crate_dir(Some("./crates//foo")), Some("crates/foo".into()));
    }
}
