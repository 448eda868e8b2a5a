//! The one entry: [`Evaluator::evaluate`] takes a [`Request`] and returns
//! the card and the facts behind it. Every command and the server call it;
//! batches ([`Evaluator::evaluate_many`]) and jobs (a catalog, a lockfile,
//! the tracked set, past quarters) are made of it.
//!
//! A published crate: read every source (one file per source under
//! `collect/`), gather what they found into [`Facts`], score them. Sources
//! that fail are recorded as unavailable with the reason and the evaluation
//! goes on; only "the crate does not exist" or "nothing could be read from
//! the index" end it. A local crate (`eval --path`) is read from disk
//! instead (`local.rs`).

use std::path::PathBuf;
use std::sync::Arc;

use cratescope_advisory::AdvisoryDb;
use cratescope_http::{HttpClient, HttpConfig, endpoints};
use cratescope_index::{Index, IndexConfig, IndexError, Release};
use jiff::civil::Date;
use semver::Version;
use tokio::sync::OnceCell;
use tokio::time::timeout_at;

pub use cratescope_model::end_of_day;
use cratescope_model::{Arg, Evaluation, Facts, Message, SourceId, SourceRecord, msg};
use cratescope_score::Model;

use crate::bounded::{self, Done};
use crate::collect;
use crate::error::{Error, SharedIndexError};
use crate::index_cache::IndexCache;
use crate::progress::Progress;
pub use crate::request::{CrateSpec, Request, Target, VersionWanted};

/// The default time one evaluation may take: enough for a cold clone of a
/// large repository over a slow link and every API, short enough that a
/// registry or host that hangs costs minutes, not hours.
pub const DEFAULT_EVAL_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);

/// How many crates a batch evaluates at once by default: enough to overlap
/// network waits, few enough not to hammer the index or a two-core machine.
pub const DEFAULT_CONCURRENCY: usize = 4;

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
            model: Model::embedded(),
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

    /// The User-Agent sent: the configured one, else the default naming the
    /// tool, its version and its repository (crates.io's policy asks for a
    /// way to reach the client's maintainers).
    pub fn user_agent_or_default(&self) -> String {
        self.user_agent
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| endpoints::DEFAULT_USER_AGENT.to_string())
    }

    /// The one HTTP configuration of a run: our cache root, offline mode
    /// and the User-Agent. Every download goes through a client built from
    /// it (index files, tarballs, the web APIs, the database dump).
    pub fn http_config(&self) -> HttpConfig {
        let mut cfg = HttpConfig::new(self.cache_dir.clone());
        cfg.offline = self.offline;
        cfg.user_agent = self.user_agent_or_default();
        cfg
    }
}

/// An evaluation and what was met while making it.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The card.
    pub evaluation: Evaluation,
    /// The facts it was computed from (the store keeps their digest).
    pub facts: Facts,
    /// Warnings (skipped index lines, unparsable files, stale database…);
    /// the card carries them too.
    pub warnings: Vec<Message>,
    /// Notes about the request itself ("`actix_web` is published as
    /// `actix-web`").
    pub notes: Vec<Message>,
}

/// Evaluates crates; holds the clients and per-run state: one HTTP stack, one
/// advisory database load, one in-memory index cache. One evaluator is one
/// run; `as_of` is per request.
#[derive(Clone)]
pub struct Evaluator {
    pub(crate) opts: Arc<EvalOptions>,
    pub(crate) index: IndexCache,
    pub(crate) online: cratescope_online::OnlineClient,
    pub(crate) advisories: Arc<OnceCell<Result<Arc<AdvisoryDb>, Message>>>,
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
        let http = HttpClient::new(opts.http_config()).map_err(Error::Http)?;
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
    pub(crate) fn deadline(&self) -> tokio::time::Instant {
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

    /// Ends the analysis workers now, as dropping the last clone of the
    /// evaluator does (for a caller about to exit without dropping it).
    pub fn shut_down_workers(&self) {
        self.analyzer.shut_down();
    }

    /// The run's index cache.
    pub fn index(&self) -> &IndexCache {
        &self.index
    }

    /// Evaluate: the one entry every command and the server use.
    pub async fn evaluate(&self, request: impl Into<Request>) -> Result<Outcome, Error> {
        let request = request.into();
        let as_of = request.as_of.unwrap_or(self.opts.as_of);
        match request.target {
            Target::Path(dir) => self.evaluate_path(&dir, as_of).await,
            Target::Registry(spec) => {
                let mut notes = Vec::new();
                let spec = if request.resolve_name {
                    let (spec, note) = self.resolve(spec).await?;
                    notes.extend(note);
                    spec
                } else {
                    spec
                };
                let (facts, warnings) = self.collect(&spec, as_of, request.tree).await?;
                Ok(self.score(facts, warnings, notes))
            }
        }
    }

    /// Evaluate several requests, `concurrency` at once (at least one), in
    /// the order given; `progress` hears of each as it starts and ends.
    pub async fn evaluate_many(
        &self,
        requests: Vec<Request>,
        concurrency: usize,
        progress: Arc<dyn Progress>,
    ) -> Vec<(Request, Result<Outcome, Error>)> {
        progress.start(requests.len());
        let ev = self.clone();
        let p = progress.clone();
        let indexed: Vec<(usize, Request)> = requests.into_iter().enumerate().collect();
        let mut done = bounded::run(indexed, concurrency, move |(_, req)| {
            let (ev, p) = (ev.clone(), p.clone());
            async move {
                let label = req.label();
                p.begin(&label);
                let r = ev.evaluate(req).await;
                p.done(&label);
                r
            }
        })
        .await;
        done.sort_by_key(|((i, _), _)| *i);
        done.into_iter()
            .map(|((_, req), d)| {
                let r = match d {
                    Done::Ok(r) => r,
                    Done::Lost(why) => Err(Error::Lost {
                        what: req.label(),
                        why,
                    }),
                };
                (req, r)
            })
            .collect()
    }

    /// Score collected facts into an outcome.
    pub(crate) fn score(
        &self,
        facts: Facts,
        warnings: Vec<Message>,
        notes: Vec<Message>,
    ) -> Outcome {
        let mut evaluation = cratescope_score::evaluate(&facts, &self.opts.model);
        evaluation.warnings = warnings.clone().into();
        Outcome {
            evaluation,
            facts,
            warnings,
            notes,
        }
    }

    /// Read a crate's releases from the index (once per run), mapping "not
    /// found" to the user-facing error.
    pub async fn releases(&self, name: &str) -> Result<Arc<cratescope_index::IndexCrate>, Error> {
        self.index.releases(name).await.map_err(|e| match &*e {
            IndexError::NotFound { name } => Error::CrateNotFound {
                name: name.clone(),
                suggestions: Vec::new(),
            },
            IndexError::NotCached { name } => Error::NotCached {
                name: name.clone(),
                suggestions: Vec::new(),
            },
            IndexError::InvalidName { name, problem } => Error::InvalidName {
                name: name.clone(),
                problem: *problem,
            },
            _ => Error::Index {
                name: name.to_string(),
                source: SharedIndexError(e),
            },
        })
    }

    /// The name the registry knows a user's crate by: the name itself, or
    /// cargo's other spelling (`actix_web` → `actix-web`, with a note). A
    /// name it does not know gets the closest names this machine knows in
    /// the error ("did you mean").
    pub async fn resolve(&self, spec: CrateSpec) -> Result<(CrateSpec, Option<Message>), Error> {
        let first = match self.releases(&spec.name).await {
            Ok(_) => return Ok((spec, None)),
            Err(e) => e,
        };
        // Not found, or (offline) not in any cache: cargo's other spelling
        // may be.
        if !matches!(
            first,
            Error::CrateNotFound { .. } | Error::NotCached { .. } | Error::Index { .. }
        ) {
            return Err(first);
        }
        for alt in crate::suggest::separator_variants(&spec.name) {
            if self.releases(&alt).await.is_ok() {
                let note = msg!(
                    "engine-published-as",
                    asked = Arg::krate(spec.name.clone()),
                    name = Arg::krate(alt.clone())
                );
                return Ok((CrateSpec { name: alt, ..spec }, Some(note)));
            }
        }
        let known = crate::suggest::known_names(self.opts.cargo_home.as_deref());
        let near = crate::suggest::similar(&spec.name, &known, 3);
        match first {
            Error::CrateNotFound { name, .. } => Err(Error::CrateNotFound {
                name,
                suggestions: near,
            }),
            Error::NotCached { name, .. } => Err(Error::NotCached {
                name,
                suggestions: near,
            }),
            other => Err(other),
        }
    }

    /// The version `spec` resolves to as of `as_of_day` (what an evaluation
    /// would evaluate), from the index alone.
    pub(crate) async fn chosen_version(
        &self,
        spec: &CrateSpec,
        as_of_day: Date,
    ) -> Result<Version, Error> {
        let ic = self.releases(&spec.name).await?;
        collect::index::choose_version(&spec.name, &ic.releases, spec.version.as_ref(), as_of_day)
            .map(|r| r.version.clone())
    }

    /// Collect the facts of a published crate as of `as_of_day`.
    pub(crate) async fn collect(
        &self,
        spec: &CrateSpec,
        as_of_day: Date,
        given_tree: Option<Vec<(String, Version)>>,
    ) -> Result<(Facts, Vec<Message>), Error> {
        let as_of = end_of_day(as_of_day);
        let mut warnings: Vec<Message> = Vec::new();
        let mut sources = Vec::new();
        let deadline = self.deadline();
        let limit_secs = self.opts.eval_time_limit.as_secs();

        // 1. The index: the crate must exist.
        let ic = timeout_at(deadline, self.releases(&spec.name))
            .await
            .map_err(|_| Error::Timeout {
                what: msg!(
                    "engine-what-index-entry",
                    krate = Arg::krate(spec.name.clone())
                ),
                limit_secs,
            })??;
        warnings.extend(ic.warnings.iter().cloned());
        sources.push(collect::index::index_record(&ic, self.opts.offline));
        if ic.releases.is_empty() {
            // Every line was refused: say why instead of "no release by …".
            return Err(Error::NoReadableRelease {
                name: spec.name.clone(),
                skipped: ic.warnings.len(),
                first: ic.warnings.first().cloned(),
            });
        }
        if !ic.releases.iter().all(|r| r.pubtime.is_some()) {
            warnings.push(msg!("engine-no-publish-dates"));
        }
        // The index says which versions are yanked today, not since when: a
        // past evaluation sees every release it published by then as cargo
        // could have, and what rests on yanks is unavailable.
        let yanks_unknown = as_of_day < self.opts.today;
        let unyanked: Vec<Release>;
        let pool: &[Release] = if yanks_unknown {
            unyanked = ic
                .releases
                .iter()
                .map(|r| Release {
                    yanked: false,
                    ..r.clone()
                })
                .collect();
            &unyanked
        } else {
            &ic.releases
        };
        let chosen =
            collect::index::choose_version(&spec.name, pool, spec.version.as_ref(), as_of_day)?;
        let visible: Vec<&Release> = pool
            .iter()
            .filter(|r| cratescope_index::published_by(r, Some(as_of)))
            .collect();
        let name = chosen.name.clone();
        let releases: Vec<Release> = visible.iter().map(|r| (*r).clone()).collect();

        // 2. The published source.
        // Every later step gets what is left of the evaluation's time: a
        // source still busy when it runs out is recorded as not read, and the
        // evaluation goes on with what it has (hanging hosts cannot hold a
        // run hostage).
        let late = |what: Message| msg!("engine-time-ran-out", secs = limit_secs, what = what);
        let (package, rec, w) = match timeout_at(
            deadline,
            self.package_facts(&name, &chosen.version, &chosen.cksum, as_of),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => (
                None,
                SourceRecord::unavailable(SourceId::Tarball, late(msg!("engine-what-crate-file"))),
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
                warnings.push(late(msg!("engine-what-dependency-versions")));
                None
            }
        };
        warnings.extend(dep_warnings);
        let tree = match given_tree {
            Some(t) => Ok(t),
            None => match timeout_at(deadline, self.resolve_tree(chosen, as_of)).await {
                Ok(t) => t,
                Err(_) => Err(late(msg!("engine-what-dependency-tree"))),
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
                SourceRecord::unavailable(
                    SourceId::Advisories,
                    late(msg!("engine-what-advisory-database")),
                ),
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
            .unwrap_or_else(|_| Err(late(msg!("engine-what-repository"))))
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
            .filter(|r| cratescope_git::RepoArg::parse(r).is_remote());
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
                    online_sources.push(SourceRecord::unavailable(
                        id,
                        late(msg!("engine-what-web-apis")),
                    ));
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
            yanks_unknown,
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
