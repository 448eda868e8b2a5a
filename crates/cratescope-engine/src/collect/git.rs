//! The repository: `--repo` or the manifest's `repository`, cloned into our
//! cache (or read in place when local), analysed as of the day.

use std::path::{Path, PathBuf};

use cratescope_index::Release;
use cratescope_model::{GitFacts, PackageFacts};
use jiff::Timestamp;

use crate::error::short_reason;
use crate::evaluator::Evaluator;

impl Evaluator {
    /// The repository's facts as of the day, when it was fetched, and warnings.
    pub(crate) async fn git_facts(
        &self,
        name: &str,
        visible: &[&Release],
        package: Option<&PackageFacts>,
        as_of: Timestamp,
    ) -> Result<(GitFacts, Option<Timestamp>, Vec<String>), String> {
        // Where the history comes from. The user's `--repo` may be a local
        // checkout or any URL; a repository named by crate metadata is only
        // ever a remote https URL on a public host (see
        // `cratescope_git::remote_from_metadata`): never a local path, never a
        // host or port the user did not choose.
        let target = match (
            &self.opts.repo,
            package.and_then(|p| p.manifest.repository.clone()),
        ) {
            (Some(r), _) => RepoTarget::from_user(r)?,
            (None, Some(r)) => {
                let remote = cratescope_git::remote_from_metadata(&r, &self.opts.repository_hosts)
                    .map_err(|e| short_reason(&e))?;
                RepoTarget::Remote(remote.clone_url)
            }
            (None, None) => return Err("no repository URL in the manifest (use --repo)".into()),
        };
        let cache = self.opts.cache_dir.join("git");
        let offline = self.opts.offline;
        let mut hopts = cratescope_git::HistoryOptions::new(as_of, name);
        hopts.versions = visible.iter().map(|r| r.version.to_string()).collect();
        hopts.vcs_sha = package.and_then(|p| p.vcs.as_ref().and_then(|v| v.sha1.clone()));
        hopts.path_in_vcs =
            package.and_then(|p| p.vcs.as_ref().and_then(|v| v.path_in_vcs.clone()));
        tokio::task::spawn_blocking(move || {
            let (path, fetched) = match &target {
                RepoTarget::Local(dir) => (dir.clone(), None),
                RepoTarget::Remote(url) => {
                    let path = cratescope_git::clone_or_fetch(url, &cache, offline)
                        .map_err(|e| short_reason(&e))?;
                    let fetched = fetched_time(&path);
                    (path, fetched)
                }
            };
            let g =
                cratescope_git::analyze_repository(&path, &hopts).map_err(|e| short_reason(&e))?;
            let w = g.warnings.clone();
            Ok((g, fetched, w))
        })
        .await
        .unwrap_or_else(|e| Err(format!("analysis failed: {e}")))
    }
}

fn fetched_time(path: &Path) -> Option<Timestamp> {
    let m = std::fs::metadata(path.join("FETCH_HEAD"))
        .or_else(|_| std::fs::metadata(path))
        .ok()?;
    Timestamp::try_from(m.modified().ok()?).ok()
}

/// A repository to read: a local directory the user named, or a URL to clone.
enum RepoTarget {
    Local(PathBuf),
    Remote(String),
}

impl RepoTarget {
    /// `--repo`: a URL (any the user chooses) or a local directory. A path
    /// that is not a directory is refused by name only: nothing of a file's
    /// content is ever read or quoted.
    fn from_user(repo: &str) -> Result<RepoTarget, String> {
        let looks_remote = repo.contains("://") || (repo.contains('@') && repo.contains(':'));
        if looks_remote && !repo.starts_with("file://") {
            return Ok(RepoTarget::Remote(repo.to_string()));
        }
        let path = PathBuf::from(repo.strip_prefix("file://").unwrap_or(repo));
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => Ok(RepoTarget::Local(path)),
            Ok(_) => Err(format!("--repo `{repo}` is not a directory")),
            Err(_) => Err(format!("--repo `{repo}` does not exist")),
        }
    }
}
