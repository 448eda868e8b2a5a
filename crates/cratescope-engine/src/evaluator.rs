//! Evaluation end to end: read every source for one crate (one file per
//! source under `collect/`), gather what they found into [`Facts`], score
//! them. Sources that fail are recorded as unavailable with the reason and
//! the evaluation goes on; only "the crate does not exist" or "nothing could
//! be read from the index" end it.

use std::path::PathBuf;
use std::sync::Arc;

use cratescope_advisory::AdvisoryDb;
use cratescope_http::{HttpClient, HttpConfig, endpoints};
use cratescope_index::{Index, IndexConfig, IndexError, Release};
use jiff::civil::Date;
use semver::{Version, VersionReq};
use tokio::sync::OnceCell;

pub use cratescope_model::end_of_day;
use cratescope_model::{Evaluation, Facts, SourceId, SourceRecord};
use cratescope_score::{Model, evaluate};

use crate::collect;
use crate::error::Error;
use crate::index_cache::IndexCache;

/// A crate to evaluate: `name` or `name@version` (an exact version or a requirement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSpec {
    /// Crate name as given.
    pub name: String,
    /// Requested version or requirement.
    pub version: Option<VersionWanted>,
}

/// What version the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionWanted {
    /// Exactly this version.
    Exact(Version),
    /// The highest version matching.
    Req(VersionReq),
}

impl CrateSpec {
    /// Parse `name[@version]`, checking the name against crates.io's rules.
    pub fn parse(s: &str) -> Result<CrateSpec, Error> {
        let (name, ver) = match s.split_once('@') {
            Some((n, v)) => (n, Some(v)),
            None => (s, None),
        };
        cratescope_index::validate_crate_name(name)
            .map_err(|p| Error::InvalidInput(format!("invalid crate name `{name}`: {p}")))?;
        let version = match ver {
            None => None,
            Some(v) => match Version::parse(v) {
                Ok(v) => Some(VersionWanted::Exact(v)),
                Err(_) => match VersionReq::parse(v) {
                    Ok(r) => Some(VersionWanted::Req(r)),
                    Err(e) => {
                        return Err(Error::InvalidInput(format!(
                            "invalid version `{v}` for `{name}`: {e}"
                        )));
                    }
                },
            },
        };
        Ok(CrateSpec {
            name: name.to_string(),
            version,
        })
    }
}

/// How to evaluate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// The day to evaluate against.
    pub as_of: Date,
    /// The model in force.
    pub model: Model,
    /// Local data only.
    pub offline: bool,
    /// Our cache.
    pub cache_dir: PathBuf,
    /// Cargo's home (default: $CARGO_HOME or ~/.cargo).
    pub cargo_home: Option<PathBuf>,
    /// Sparse index root.
    pub index_url: String,
    /// crates.io API base.
    pub crates_io_api: String,
    /// GitHub API base.
    pub github_api: String,
    /// docs.rs base.
    pub docs_rs: String,
    /// Contact User-Agent for crates.io.
    pub user_agent: Option<String>,
    /// GitHub token.
    pub github_token: Option<String>,
    /// RustSec database checkout.
    pub advisory_db: Option<PathBuf>,
    /// Repository to analyse instead of the crate's `repository`.
    pub repo: Option<String>,
    /// Skip the repository (git) source entirely.
    pub skip_git: bool,
    /// Revalidate cached index files now instead of trusting them for their TTL.
    pub refresh: bool,
    /// Today's date, to tell past evaluations (whose API figures cannot be
    /// reconstructed) from current ones. The CLI reads it from the clock, or
    /// from `CRATESCOPE_NOW` for reproducible runs.
    pub today: Date,
}

impl EvalOptions {
    /// Defaults: public endpoints, the OS cache dir, online.
    pub fn new(as_of: Date) -> EvalOptions {
        EvalOptions {
            as_of,
            model: Model::v1(),
            offline: false,
            cache_dir: crate::config::default_cache_dir(),
            cargo_home: None,
            index_url: endpoints::SPARSE_INDEX.to_string(),
            crates_io_api: endpoints::CRATES_IO_API.to_string(),
            github_api: endpoints::GITHUB_API.to_string(),
            docs_rs: endpoints::DOCS_RS.to_string(),
            user_agent: None,
            github_token: None,
            advisory_db: None,
            repo: None,
            skip_git: false,
            refresh: false,
            today: jiff::Zoned::now()
                .with_time_zone(jiff::tz::TimeZone::UTC)
                .date(),
        }
    }
}

/// An evaluation and the warnings met while collecting it.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The card.
    pub evaluation: Evaluation,
    /// The facts it was computed from (the store keeps their digest).
    pub facts: Facts,
    /// Warnings (skipped index lines, unparsable files, stale database…).
    pub warnings: Vec<String>,
}

/// Evaluates crates; holds the clients and per-run state: one HTTP stack, one
/// advisory database load, one in-memory index cache. One evaluator is one
/// run; `as_of` is per request ([`Evaluator::evaluate_at`]).
#[derive(Clone)]
pub struct Evaluator {
    pub(crate) opts: Arc<EvalOptions>,
    pub(crate) index: IndexCache,
    pub(crate) online: cratescope_online::OnlineClient,
    pub(crate) advisories: Arc<OnceCell<Result<Arc<AdvisoryDb>, String>>>,
}

impl Evaluator {
    /// Build the clients.
    pub fn new(opts: EvalOptions) -> Result<Evaluator, Error> {
        let mut http_cfg = HttpConfig::new(opts.cache_dir.join("http"));
        http_cfg.offline = opts.offline;
        let http = HttpClient::new(http_cfg).map_err(|e| Error::Other {
            context: "cannot build the HTTP client".into(),
            source: Box::new(e),
        })?;
        let online = cratescope_online::OnlineClient::new(
            http.clone(),
            cratescope_online::OnlineConfig {
                crates_io_api: opts.crates_io_api.clone(),
                github_api: opts.github_api.clone(),
                docs_rs: opts.docs_rs.clone(),
                user_agent: opts.user_agent.clone(),
                github_token: opts.github_token.clone(),
                ..cratescope_online::OnlineConfig::default()
            },
        );
        let index = Index::new(
            IndexConfig {
                url: opts.index_url.clone(),
                cargo_home: opts.cargo_home.clone(),
                offline: opts.offline,
                index_ttl: if opts.refresh {
                    std::time::Duration::ZERO
                } else {
                    cratescope_index::INDEX_TTL
                },
            },
            http,
        );
        Ok(Evaluator {
            opts: Arc::new(opts),
            index: IndexCache::new(index),
            online,
            advisories: Arc::new(OnceCell::new()),
        })
    }

    /// The options in force.
    pub fn options(&self) -> &EvalOptions {
        &self.opts
    }

    /// The run's index cache.
    pub fn index(&self) -> &IndexCache {
        &self.index
    }

    /// Read a crate's releases from the index (once per run), mapping "not
    /// found" to the user-facing error.
    pub async fn releases(&self, name: &str) -> Result<Arc<cratescope_index::IndexCrate>, Error> {
        self.index.releases(name).await.map_err(|e| match &*e {
            IndexError::NotFound { name } => Error::CrateNotFound(name.clone()),
            IndexError::InvalidName { name, problem } => {
                Error::InvalidInput(format!("invalid crate name `{name}`: {problem}"))
            }
            _ => Error::Index {
                name: name.to_string(),
                source: Box::new(SharedError(e)),
            },
        })
    }

    /// Evaluate one crate as of the options' day.
    pub async fn evaluate(&self, spec: &CrateSpec) -> Result<Outcome, Error> {
        self.evaluate_at(spec, self.opts.as_of).await
    }

    /// Evaluate one crate as of the options' day, scoring its dependency
    /// weight and tree advisories on `tree` (the crates its build really
    /// pulls in, e.g. its closure in a lockfile's graph) instead of a tree
    /// resolved from the index. `eval` resolves; `audit` knows the tree.
    pub async fn evaluate_with_tree(
        &self,
        spec: &CrateSpec,
        tree: Vec<(String, Version)>,
    ) -> Result<Outcome, Error> {
        self.evaluate_inner(spec, self.opts.as_of, Some(tree)).await
    }

    /// Evaluate one crate as of `as_of`.
    pub async fn evaluate_at(&self, spec: &CrateSpec, as_of: Date) -> Result<Outcome, Error> {
        self.evaluate_inner(spec, as_of, None).await
    }

    async fn evaluate_inner(
        &self,
        spec: &CrateSpec,
        as_of: Date,
        tree: Option<Vec<(String, Version)>>,
    ) -> Result<Outcome, Error> {
        let (facts, warnings) = self.collect_inner(spec, as_of, tree).await?;
        let mut evaluation = evaluate(&facts, &self.opts.model);
        evaluation.warnings = warnings.clone();
        Ok(Outcome {
            evaluation,
            facts,
            warnings,
        })
    }

    /// Collect the facts for one crate as of `as_of_day`.
    pub async fn collect_at(
        &self,
        spec: &CrateSpec,
        as_of_day: Date,
    ) -> Result<(Facts, Vec<String>), Error> {
        self.collect_inner(spec, as_of_day, None).await
    }

    async fn collect_inner(
        &self,
        spec: &CrateSpec,
        as_of_day: Date,
        given_tree: Option<Vec<(String, Version)>>,
    ) -> Result<(Facts, Vec<String>), Error> {
        let as_of = end_of_day(as_of_day);
        let mut warnings = Vec::new();
        let mut sources = Vec::new();

        // 1. The index: the crate must exist.
        let ic = self.releases(&spec.name).await?;
        warnings.extend(ic.warnings.iter().cloned());
        sources.push(collect::index::index_record(&ic, self.opts.offline));
        let all: Vec<&Release> = ic.releases.iter().collect();
        if !all.iter().all(|r| r.pubtime.is_some()) {
            warnings.push(
                "the index has no publish dates for some versions; --as-of cannot filter them"
                    .into(),
            );
        }
        let visible: Vec<&Release> = all
            .iter()
            .copied()
            .filter(|r| r.pubtime.is_none_or(|t| t <= as_of))
            .collect();
        if visible.is_empty() {
            return Err(Error::InvalidInput(format!(
                "`{}` had no release published by {}",
                spec.name, as_of_day
            )));
        }
        let chosen = collect::index::choose_version(&spec.name, &visible, spec.version.as_ref())?;
        let name = chosen.name.clone();
        let releases: Vec<Release> = visible.iter().map(|r| (*r).clone()).collect();

        // 2. The published source.
        let (package, rec, w) = self
            .package_facts(&name, &chosen.version, &chosen.cksum)
            .await;
        sources.push(rec);
        warnings.extend(w);

        // 3. Dependencies: latest versions (freshness) and the tree
        // (dependency weight, tree advisories): the caller's, or the
        // default-feature tree resolved from the index.
        let dependency_latest = self.lookup_dependencies(chosen, as_of, &mut warnings).await;
        let tree = match given_tree {
            Some(t) => Ok(t),
            None => self.resolve_tree(chosen, as_of).await,
        };
        if let Err(why) = &tree {
            warnings.push(why.clone());
        }

        // 4. Advisories.
        let (advisories, rec, w) = self
            .advisory_facts(&name, &chosen.version, &visible, &tree, as_of)
            .await;
        sources.push(rec);
        warnings.extend(w);

        // 5. Repository history.
        let git = if self.opts.skip_git {
            None
        } else {
            match self
                .git_facts(&name, &visible, package.as_ref(), as_of)
                .await
            {
                Ok((g, fetched, w)) => {
                    warnings.extend(w);
                    sources.push(SourceRecord::ok(SourceId::Git, fetched));
                    Some(g)
                }
                Err(reason) => {
                    sources.push(SourceRecord::unavailable(SourceId::Git, reason));
                    None
                }
            }
        };

        // 6. Online sources: usage, community, the docs build.
        // A local `--repo` path says nothing about where the project is hosted.
        let repo_url = self
            .opts
            .repo
            .clone()
            .filter(|r| r.contains("://") || r.starts_with("git@"));
        let repo_for_api =
            repo_url.or_else(|| package.as_ref().and_then(|p| p.manifest.repository.clone()));
        let (crates_io, github, docs_rs) = self
            .online_facts(
                &name,
                &chosen.version,
                chosen.pubtime,
                repo_for_api.as_deref(),
                as_of_day,
                &mut sources,
                &mut warnings,
            )
            .await;

        let facts = Facts {
            name,
            version: chosen.version.clone(),
            as_of: as_of_day,
            releases,
            package,
            dependency_latest: Some(dependency_latest),
            transitive_deps: tree.as_ref().ok().map(|t| t.len() as u64),
            git,
            advisories,
            crates_io,
            github,
            docs_rs,
            dump: None,
            sources,
        };
        Ok((facts, warnings))
    }
}

/// An index error shared by the run's cache, as an error source.
#[derive(Debug)]
struct SharedError(Arc<IndexError>);

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}
