//! The web APIs: crates.io (usage, owners), GitHub (repository state, issue
//! care) and docs.rs (did the docs build), asked at once. They report today's
//! figures, so a past `as_of` marks them "cannot be reconstructed" instead of
//! using them.

use cratescope_model::{
    Arg, CratesIoFacts, DocsRsFacts, GithubFacts, Message, SourceId, SourceRecord, end_of_day, msg,
};
use jiff::Timestamp;
use semver::Version;

use crate::evaluator::Evaluator;

impl Evaluator {
    /// crates.io, GitHub and docs.rs facts, each with its source record.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn online_facts(
        &self,
        name: &str,
        version: &Version,
        published: Option<Timestamp>,
        repository: Option<&str>,
        as_of_day: jiff::civil::Date,
        sources: &mut Vec<SourceRecord>,
        warnings: &mut Vec<Message>,
    ) -> (
        Option<CratesIoFacts>,
        Option<GithubFacts>,
        Option<DocsRsFacts>,
    ) {
        // The APIs report today's numbers: a past evaluation cannot use them.
        const HISTORICAL_AFTER_DAYS: i64 = 2;
        let as_of = end_of_day(as_of_day);
        let today = end_of_day(self.opts.today);
        if today.as_second() - as_of.as_second() > HISTORICAL_AFTER_DAYS * 86_400 {
            let why = msg!("online-not-reconstructible", day = as_of_day);
            for id in [SourceId::CratesIo, SourceId::Github, SourceId::DocsRs] {
                sources.push(SourceRecord::not_reconstructible(id, why.clone()));
            }
            return (None, None, None);
        }
        let gh_target = repository
            .and_then(|r| cratescope_git::normalize_repository_url(r).ok())
            .and_then(|u| {
                let mut parts = u.path.split('/');
                match (u.host.as_str(), parts.next(), parts.next()) {
                    ("github.com", Some(o), Some(r)) => Some((o.to_string(), r.to_string())),
                    _ => None,
                }
            });
        let crates_fut = self.online.crates_io(name, Some(version));
        let docs_fut = self.online.docs_rs(name, version, published, as_of);
        let gh_fut = async {
            match &gh_target {
                Some((o, r)) => Some(self.online.github(o, r, as_of).await),
                None => None,
            }
        };
        let (c, d, g) = tokio::join!(crates_fut, docs_fut, gh_fut);

        let crates_io = match c {
            Ok(c) => {
                warnings.extend(c.partial.iter().map(|p| {
                    msg!(
                        "source-reason",
                        source = SourceId::CratesIo,
                        reason = p.clone()
                    )
                }));
                sources.push(SourceRecord::ok(SourceId::CratesIo, c.fetched_at));
                Some(c)
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(SourceId::CratesIo, e.message()));
                None
            }
        };
        let docs_rs = match d {
            Ok(d) => {
                sources.push(SourceRecord {
                    reason: d.note.clone().into(),
                    ..SourceRecord::ok(SourceId::DocsRs, d.fetched_at)
                });
                Some(d)
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(SourceId::DocsRs, e.message()));
                None
            }
        };
        let github = match g {
            None => {
                let why = match repository {
                    Some(r) => msg!("github-not-on-github", repo = Arg::code(r)),
                    None => msg!("git-no-repository"),
                };
                sources.push(SourceRecord::unavailable(SourceId::Github, why));
                None
            }
            Some(Ok(g)) => {
                warnings.extend(g.partial.iter().map(|p| {
                    msg!(
                        "source-reason",
                        source = SourceId::Github,
                        reason = p.clone()
                    )
                }));
                sources.push(SourceRecord::ok(SourceId::Github, g.fetched_at));
                Some(g)
            }
            Some(Err(e)) => {
                sources.push(SourceRecord::unavailable(SourceId::Github, e.message()));
                None
            }
        };
        (crates_io, github, docs_rs)
    }
}
