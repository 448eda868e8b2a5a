//! The repository: `--repo` or the manifest's `repository`, cloned into our
//! cache (or read in place when local), analysed as of the day.

use std::path::Path;

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
        let target = match (
            &self.opts.repo,
            package.and_then(|p| p.manifest.repository.clone()),
        ) {
            (Some(r), _) => r.clone(),
            (None, Some(r)) => r,
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
            let local = Path::new(&target);
            let path = if local.exists() {
                local.to_path_buf()
            } else {
                cratescope_git::clone_or_fetch(&target, &cache, offline)
                    .map_err(|e| short_reason(&e))?
            };
            let g =
                cratescope_git::analyze_repository(&path, &hopts).map_err(|e| short_reason(&e))?;
            let w = g.warnings.clone();
            let fetched = if local.exists() {
                None
            } else {
                fetched_time(&path)
            };
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
