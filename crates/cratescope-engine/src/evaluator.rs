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
use tokio::time::timeout_at;

pub use cratescope_model::end_of_day;
use cratescope_model::{Evaluation, Facts, SourceId, SourceRecord};
use cratescope_score::{Model, evaluate};

use crate::collect;
use crate::error::Error;
use crate::index_cache::IndexCache;

/// The default time one evaluation may take: enough for a cold clone of a
/// large repository over a slow link and every API, short enough that a
/// registry or host that hangs costs minutes, not hours.
pub const DEFAULT_EVAL_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);

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
    /// Contact User-Agent for crates.io and GitHub (None: the default, which
    /// names the tool, its version and its repository).
    pub user_agent: Option<String>,
    /// GitHub token.
    pub github_token: Option<String>,
    /// RustSec database checkout.
    pub advisory_db: Option<PathBuf>,
    /// Repository to analyse instead of the crate's `repository`.
    pub repo: Option<String>,
    /// Hosts the user allows a crate's `repository` to name besides public
    /// forges (an internal GitLab, say); see `cratescope_git::remote_from_metadata`.
    pub repository_hosts: Vec<String>,
    /// The longest one evaluation may take; a source still busy then is
    /// recorded as not read.
    pub eval_time_limit: std::time::Duration,
    /// The longest a whole run (every evaluation of one evaluator) may take.
    pub run_time_limit: Option<std::time::Duration>,
    /// Skip the repository (git) source entirely.
    pub skip_git: bool,
    /// Revalidate cached index files now instead of trusting them for their TTL.
    pub refresh: bool,
    /// A local crates.io database dump (.tar.gz or .zip); None: the copy
    /// `cratescope dump fetch` keeps in the cache, if any.
    pub db_dump: Option<PathBuf>,
    /// Where `cratescope dump fetch` downloads the dump from.
    pub db_dump_url: String,
    /// Today's date, to tell past evaluations (whose API figures cannot be
    /// reconstructed) from current ones. The CLI reads it from the clock, or
    /// from `CRATESCOPE_NOW` for reproducible runs.
    pub today: Date,
    /// Where the source of `.crate` files is analysed (the command-line
    /// tool: worker processes).
    pub isolation: crate::analysis::Isolation,
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
            repository_hosts: Vec::new(),
            eval_time_limit: DEFAULT_EVAL_TIME_LIMIT,
            run_time_limit: None,
            skip_git: false,
            refresh: false,
            db_dump: None,
            db_dump_url: endpoints::DB_DUMP.to_string(),
            today: jiff::Zoned::now()
                .with_time_zone(jiff::tz::TimeZone::UTC)
                .date(),
            isolation: crate::analysis::Isolation::default(),
        }
    }
}

impl EvalOptions {
    /// The User-Agent sent: the configured one, else the default naming the
    /// tool, its version and its repository (crates.io's policy asks for a
    /// way to reach the client's maintainers).
    pub fn user_agent_or_default(&self) -> String {
        self.user_agent
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| endpoints::DEFAULT_USER_AGENT.to_string())
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
    /// When the run must end, if it has a time limit.
    pub(crate) run_deadline: Option<tokio::time::Instant>,
    pub(crate) dump: Arc<OnceCell<collect::dump::DumpState>>,
    /// Where `.crate` sources are analysed, and their cache.
    pub(crate) analyzer: Arc<crate::analysis::Analyzer>,
}

impl Evaluator {
    /// Build the clients.
    pub fn new(opts: EvalOptions) -> Result<Evaluator, Error> {
        // One cache root: `http/` (index files, API answers), `crates/`
        // (verified tarballs), `git/` (clones), `advisory-db/` (RustSec).
        let mut http_cfg = HttpConfig::new(opts.cache_dir.clone());
        http_cfg.offline = opts.offline;
        http_cfg.user_agent = opts.user_agent_or_default();
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
                user_agent: Some(opts.user_agent_or_default()),
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
        let run_deadline = opts.run_time_limit.map(|d| tokio::time::Instant::now() + d);
        let opts = Arc::new(opts);
        Ok(Evaluator {
            opts: Arc::clone(&opts),
            index: IndexCache::new(index),
            online,
            advisories: Arc::new(OnceCell::new()),
            run_deadline,
            dump: Arc::new(OnceCell::new()),
            analyzer: Arc::new(crate::analysis::Analyzer::new(
                opts.isolation.clone(),
                Some(&opts.cache_dir),
            )),
        })
    }

    /// When an evaluation starting now must be done: its own time limit,
    /// or the run's when that ends sooner.
    fn deadline(&self) -> tokio::time::Instant {
        let own = tokio::time::Instant::now() + self.opts.eval_time_limit;
        match self.run_deadline {
            Some(run) => own.min(run),
            None => own,
        }
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

    /// The version `spec` resolves to as of `as_of_day` (what an evaluation
    /// would evaluate), from the index alone.
    pub async fn chosen_version(
        &self,
        spec: &CrateSpec,
        as_of_day: Date,
    ) -> Result<Version, Error> {
        let as_of = end_of_day(as_of_day);
        let ic = self.releases(&spec.name).await?;
        let visible: Vec<&Release> = ic
            .releases
            .iter()
            .filter(|r| r.pubtime.is_none_or(|t| t <= as_of))
            .collect();
        if visible.is_empty() {
            return Err(Error::InvalidInput(format!(
                "`{}` had no release published by {}",
                spec.name, as_of_day
            )));
        }
        collect::index::choose_version(&spec.name, &visible, spec.version.as_ref())
            .map(|r| r.version.clone())
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
        evaluation.warnings = warnings.clone().into();
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
        let deadline = self.deadline();

        // 1. The index: the crate must exist.
        let ic = timeout_at(deadline, self.releases(&spec.name))
            .await
            .map_err(|_| {
                Error::InvalidInput(format!(
                    "reading the index entry of `{}` took longer than the evaluation's time limit of {} s",
                    spec.name,
                    self.opts.eval_time_limit.as_secs()
                ))
            })??;
        warnings.extend(ic.warnings.iter().cloned());
        sources.push(collect::index::index_record(&ic, self.opts.offline));
        if ic.releases.is_empty() {
            // Every line was refused: say why instead of "no release by …".
            let first = ic
                .warnings
                .first()
                .map(|w| format!("; first problem: {w}"))
                .unwrap_or_default();
            return Err(Error::InvalidInput(format!(
                "the index entry of `{}` has no readable release ({} line(s) skipped{first})",
                spec.name,
                ic.warnings.len()
            )));
        }
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
        // Every later step gets what is left of the evaluation's time: a
        // source still busy when it runs out is recorded as not read, and the
        // evaluation goes on with what it has (hanging hosts cannot hold a
        // run hostage).
        let late = |what: &str| {
            format!(
                "not read: the evaluation's time limit of {} s ran out ({what})",
                self.opts.eval_time_limit.as_secs()
            )
        };
        let (package, rec, w) = match timeout_at(
            deadline,
            self.package_facts(&name, &chosen.version, &chosen.cksum, as_of),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => (
                None,
                SourceRecord::unavailable(SourceId::Tarball, late("the .crate")),
                Vec::new(),
            ),
        };
        sources.push(rec);
        warnings.extend(w);

        // 3. Dependencies: latest versions (freshness) and the default-feature
        // tree (dependency weight, tree advisories).
        let mut dep_warnings = Vec::new();
        let dependency_latest = match timeout_at(
            deadline,
            self.lookup_dependencies(chosen, as_of, &mut dep_warnings),
        )
        .await
        {
            Ok(d) => Some(d),
            Err(_) => {
                warnings.push(late("dependency versions"));
                None
            }
        };
        warnings.extend(dep_warnings);
        let tree = match given_tree {
            Some(t) => Ok(t),
            None => match timeout_at(deadline, self.resolve_tree(chosen, as_of)).await {
                Ok(t) => t,
                Err(_) => Err(late("the dependency tree")),
            },
        };
        if let Err(why) = &tree {
            warnings.push(why.clone());
        }

        // 4. Advisories.
        let (advisories, rec, w) = match timeout_at(
            deadline,
            self.advisory_facts(&name, chosen, &visible, &tree, as_of),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => (
                None,
                SourceRecord::unavailable(SourceId::Advisories, late("the advisory database")),
                Vec::new(),
            ),
        };
        sources.push(rec);
        warnings.extend(w);

        // 5. Repository history.
        let git = if self.opts.skip_git {
            None
        } else {
            match timeout_at(
                deadline,
                self.git_facts(&name, &visible, package.as_ref(), as_of),
            )
            .await
            .unwrap_or_else(|_| Err(late("the repository")))
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

        // A `--repo` that is not the crate's own repository is said, not
        // silently scored.
        if let Some(r) = &self.opts.repo
            && let Some(w) = crate::repo_match::mismatch(
                &name,
                r,
                package
                    .as_ref()
                    .and_then(|p| p.manifest.repository.as_deref()),
            )
        {
            warnings.push(w);
        }

        // 6. Online sources: usage, community, the docs build.
        // A local `--repo` path says nothing about where the project is hosted.
        let repo_url = self
            .opts
            .repo
            .clone()
            .filter(|r| r.contains("://") || r.starts_with("git@"));
        let repo_for_api =
            repo_url.or_else(|| package.as_ref().and_then(|p| p.manifest.repository.clone()));
        let mut online_sources = Vec::new();
        let mut online_warnings = Vec::new();
        let (crates_io, github, docs_rs) = match timeout_at(
            deadline,
            self.online_facts(
                &name,
                &chosen.version,
                chosen.pubtime,
                repo_for_api.as_deref(),
                as_of_day,
                &mut online_sources,
                &mut online_warnings,
            ),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => {
                online_sources.clear();
                for id in [SourceId::CratesIo, SourceId::Github, SourceId::DocsRs] {
                    online_sources.push(SourceRecord::unavailable(id, late("the web APIs")));
                }
                (None, None, None)
            }
        };
        sources.extend(online_sources);
        warnings.extend(online_warnings);

        // 7. The database dump: usage and owners with no network.
        let dump = self
            .dump_facts(&name, as_of_day, &mut sources, &mut warnings)
            .await;

        let facts = Facts {
            name,
            version: chosen.version.clone(),
            as_of: as_of_day,
            releases,
            package,
            dependency_latest,
            transitive_deps: tree.as_ref().ok().map(|t| t.len() as u64),
            git,
            advisories,
            crates_io,
            github,
            docs_rs,
            dump,
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
