//! The repository: `--repo` or the manifest's `repository`, cloned into our
//! cache (or read in place when local), analysed as of the day.
//!
//! A repository named by crate metadata is the crate's word, not the
//! user's: it must be an https URL on a public host name, and its host must
//! resolve to public addresses only; the clone connects to the addresses
//! that were checked (see `cratescope_git::AddressCheck`).

use std::path::Path;

use cratescope_git::{AddressCheck, RepoArg};
use cratescope_index::Release;
use cratescope_model::{Arg, GitFacts, Message, PackageFacts, msg};
use jiff::Timestamp;

use crate::evaluator::Evaluator;

/// A repository to read: a local directory the user named, or a URL to clone.
enum RepoTarget {
    Local(std::path::PathBuf),
    /// A URL and how its addresses are checked (None: the user's own URL,
    /// or a host the user allowed).
    Remote(String, Option<AddressCheck>),
}

impl Evaluator {
    /// The repository's facts as of the day, when it was fetched, and warnings.
    pub(crate) async fn git_facts(
        &self,
        name: &str,
        visible: &[&Release],
        package: Option<&PackageFacts>,
        as_of: Timestamp,
    ) -> Result<(GitFacts, Option<Timestamp>, Vec<Message>), Message> {
        // Where the history comes from. The user's `--repo` may be a local
        // checkout or any URL; a repository named by crate metadata is only
        // ever a remote https URL on a public host (see
        // `cratescope_git::remote_from_metadata`): never a local path, never a
        // host, port or address the user did not choose.
        let target = match (
            &self.opts.repo,
            package.and_then(|p| p.manifest.repository.clone()),
        ) {
            (Some(r), _) => from_user(r)?,
            (None, Some(r)) => {
                let remote = cratescope_git::remote_from_metadata(&r, &self.opts.repository_hosts)
                    .map_err(|e| e.message())?;
                let allowed = self
                    .opts
                    .repository_hosts
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&remote.host));
                let check = (!allowed).then(AddressCheck::public_only);
                RepoTarget::Remote(remote.clone_url, check)
            }
            (None, None) => return Err(msg!("git-no-repository")),
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
                RepoTarget::Remote(url, check) => {
                    let opts = cratescope_git::CloneOptions {
                        offline,
                        history_since: cratescope_git::default_history_since(),
                        address_check: check.clone(),
                    };
                    let path = cratescope_git::clone_or_fetch_with(url, &cache, &opts)
                        .map_err(|e| e.message())?;
                    let fetched = fetched_time(&path);
                    (path, fetched)
                }
            };
            let g = cratescope_git::analyze_repository(&path, &hopts).map_err(|e| e.message())?;
            let w = g.warnings.clone();
            Ok((g, fetched, w))
        })
        .await
        .unwrap_or_else(|e| {
            Err(msg!(
                "engine-task-failed",
                what = msg!("engine-what-repository"),
                why = Arg::text(e.to_string())
            ))
        })
    }
}

fn fetched_time(path: &Path) -> Option<Timestamp> {
    let m = std::fs::metadata(path.join("FETCH_HEAD"))
        .or_else(|_| std::fs::metadata(path))
        .ok()?;
    Timestamp::try_from(m.modified().ok()?).ok()
}

/// `--repo`: a URL (any the user chooses) or a local directory, told apart
/// by the one rule ([`RepoArg`]). A path that is not a directory is refused
/// by name only: nothing of a file's content is ever read or quoted.
fn from_user(repo: &str) -> Result<RepoTarget, Message> {
    match RepoArg::parse(repo) {
        RepoArg::Remote(url) => Ok(RepoTarget::Remote(url, None)),
        RepoArg::Local(path) => match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => Ok(RepoTarget::Local(path)),
            Ok(_) => Err(msg!("git-repo-not-a-directory", repo = Arg::code(repo))),
            Err(_) => Err(msg!("git-repo-missing", repo = Arg::code(repo))),
        },
    }
}
