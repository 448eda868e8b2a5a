//! Evaluation end to end: read every source for one crate, turn what they
//! found into [`Facts`], score them. Sources that fail are recorded as
//! unavailable with the reason and the evaluation goes on; only "the crate
//! does not exist" or "nothing could be read from the index" end it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cratescope_advisory::{AdvisoryDb, AdvisoryKind};
use cratescope_http::{HttpClient, HttpConfig, endpoints};
use cratescope_index::{
    CrateOrigin, Freshness, Index, IndexConfig, IndexCrate, IndexError, IndexOrigin, Release,
};
use jiff::Timestamp;
use jiff::civil::Date;
use semver::{Version, VersionReq};
use tokio::sync::OnceCell;

pub use cratescope_model::end_of_day;
use cratescope_model::{
    AdvisoryFact, AdvisoryFacts, CratesIoFacts, DependencyLatest, DocsRsFacts, Evaluation, Facts,
    GithubFacts, PackageFacts, SourceId, SourceRecord, TreeAdvisory,
};
use cratescope_score::{Model, evaluate};

use crate::error::{Error, short_reason};

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

/// Evaluates crates; holds the clients and per-process state (one HTTP stack,
/// one advisory database load).
#[derive(Clone)]
pub struct Evaluator {
    opts: Arc<EvalOptions>,
    index: Index,
    online: cratescope_online::OnlineClient,
    advisories: Arc<OnceCell<Result<Arc<AdvisoryDb>, String>>>,
}

/// How many dependency index files are fetched at once.
const DEP_LOOKUP_CONCURRENCY: usize = 8;

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
            index,
            online,
            advisories: Arc::new(OnceCell::new()),
        })
    }

    /// The options in force.
    pub fn options(&self) -> &EvalOptions {
        &self.opts
    }

    /// The end of the `as_of` day.
    pub fn as_of_instant(&self) -> Timestamp {
        end_of_day(self.opts.as_of)
    }

    /// Read a crate's releases from the index, mapping "not found" to the user-facing error.
    pub async fn releases(&self, name: &str) -> Result<IndexCrate, Error> {
        self.index.crate_releases(name).await.map_err(|e| match e {
            IndexError::NotFound { name } => Error::CrateNotFound(name),
            IndexError::InvalidName { name, problem } => {
                Error::InvalidInput(format!("invalid crate name `{name}`: {problem}"))
            }
            other => Error::Index {
                name: name.to_string(),
                source: Box::new(other),
            },
        })
    }

    /// Evaluate one crate.
    pub async fn evaluate(&self, spec: &CrateSpec) -> Result<Outcome, Error> {
        let (facts, warnings) = self.collect(spec).await?;
        let mut evaluation = evaluate(&facts, &self.opts.model);
        evaluation.warnings = warnings.clone();
        Ok(Outcome {
            evaluation,
            facts,
            warnings,
        })
    }

    /// Collect the facts for one crate.
    pub async fn collect(&self, spec: &CrateSpec) -> Result<(Facts, Vec<String>), Error> {
        let as_of = self.as_of_instant();
        let mut warnings = Vec::new();
        let mut sources = Vec::new();

        // 1. The index: the crate must exist.
        let ic = self.releases(&spec.name).await?;
        warnings.extend(ic.warnings.iter().cloned());
        sources.push(index_record(&ic, self.opts.offline));
        let all: Vec<&Release> = ic.releases.iter().collect();
        let dated = all.iter().all(|r| r.pubtime.is_some());
        if !dated {
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
                spec.name, self.opts.as_of
            )));
        }
        let chosen = choose_version(&spec.name, &visible, spec.version.as_ref())?;
        let name = chosen.name.clone();
        let releases: Vec<Release> = visible.iter().map(|r| (*r).clone()).collect();

        // 2. The published source.
        let package = match self
            .index
            .download_crate(&name, &chosen.version, &chosen.cksum)
            .await
        {
            Ok(bytes) => {
                let origin = bytes.origin.clone();
                let analysed = tokio::task::spawn_blocking(move || {
                    cratescope_analyze::read_crate(
                        &bytes.bytes,
                        &cratescope_analyze::Limits::default(),
                    )
                    .map(|files| cratescope_analyze::analyze(&files))
                })
                .await;
                match analysed {
                    Ok(Ok(a)) => {
                        warnings.extend(a.warnings.iter().cloned());
                        sources.push(
                            SourceRecord::ok(SourceId::Tarball, None)
                                .noted(crate_origin_note(&origin)),
                        );
                        Some(a)
                    }
                    Ok(Err(e)) => {
                        sources.push(SourceRecord::unavailable(
                            SourceId::Tarball,
                            short_reason(&e),
                        ));
                        None
                    }
                    Err(e) => {
                        sources.push(SourceRecord::unavailable(
                            SourceId::Tarball,
                            format!("analysis failed: {e}"),
                        ));
                        None
                    }
                }
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Tarball,
                    short_reason(&e),
                ));
                None
            }
        };

        // 3. Dependencies: latest versions (freshness) and the default-feature tree
        // (dependency weight, tree advisories).
        let dependency_latest = self.lookup_dependencies(chosen, as_of, &mut warnings).await;
        let tree = self.resolve_tree(chosen, as_of).await;
        if let Err(why) = &tree {
            warnings.push(why.clone());
        }

        // 4. Advisories.
        let advisories = match self.advisory_db().await {
            Ok(db) => {
                let mut rec = SourceRecord::ok(SourceId::Advisories, db.last_commit);
                if let Some(age) = db.age_days(as_of) {
                    if age > self.opts.model.thresholds.advisory_db_stale_days {
                        rec = SourceRecord::stale(
                            SourceId::Advisories,
                            format!("advisory database is {age} days old (last commit)"),
                            db.last_commit,
                        );
                        warnings.push(format!(
                            "the advisory database is {age} days old; update it"
                        ));
                    } else {
                        rec.reason = Some(format!("{} advisories, {age} days old", db.len()));
                    }
                } else {
                    rec.reason = Some(format!(
                        "{} advisories, age unknown (not a git checkout)",
                        db.len()
                    ));
                }
                sources.push(rec);
                Some(advisory_facts(&db, &name, chosen, &visible, &tree, as_of))
            }
            Err(reason) => {
                sources.push(SourceRecord::unavailable(SourceId::Advisories, reason));
                None
            }
        };

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
        let published = chosen.pubtime;
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
                published,
                repo_for_api.as_deref(),
                as_of,
                &mut sources,
                &mut warnings,
            )
            .await;

        let facts = Facts {
            name,
            version: chosen.version.clone(),
            as_of: self.opts.as_of,
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

    #[allow(clippy::too_many_arguments)]
    async fn online_facts(
        &self,
        name: &str,
        version: &Version,
        published: Option<Timestamp>,
        repository: Option<&str>,
        as_of: Timestamp,
        sources: &mut Vec<SourceRecord>,
        warnings: &mut Vec<String>,
    ) -> (
        Option<CratesIoFacts>,
        Option<GithubFacts>,
        Option<DocsRsFacts>,
    ) {
        // The APIs report today's numbers: a past evaluation cannot use them.
        const HISTORICAL_AFTER_DAYS: i64 = 2;
        let today = end_of_day(self.opts.today);
        if today.as_second() - as_of.as_second() > HISTORICAL_AFTER_DAYS * 86_400 {
            let why = format!(
                "cannot be reconstructed for {}: the API reports today's figures",
                self.opts.as_of
            );
            for id in [SourceId::CratesIo, SourceId::Github, SourceId::DocsRs] {
                sources.push(SourceRecord::unavailable(id, why.clone()));
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
                warnings.extend(c.partial.iter().map(|p| format!("crates.io API: {p}")));
                sources.push(SourceRecord::ok(SourceId::CratesIo, c.fetched_at));
                Some(c)
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(
                    SourceId::CratesIo,
                    short_reason(&e),
                ));
                None
            }
        };
        let docs_rs = match d {
            Ok(d) => {
                sources.push(SourceRecord {
                    reason: d.note.clone(),
                    ..SourceRecord::ok(SourceId::DocsRs, d.fetched_at)
                });
                Some(d)
            }
            Err(e) => {
                sources.push(SourceRecord::unavailable(
                    SourceId::DocsRs,
                    short_reason(&e),
                ));
                None
            }
        };
        let github = match g {
            None => {
                let why = match repository {
                    Some(r) => format!("repository `{r}` is not on GitHub (unsupported host)"),
                    None => "no repository URL in the manifest".to_string(),
                };
                sources.push(SourceRecord::unavailable(SourceId::Github, why));
                None
            }
            Some(Ok(g)) => {
                warnings.extend(g.partial.iter().map(|p| format!("GitHub API: {p}")));
                sources.push(SourceRecord::ok(SourceId::Github, g.fetched_at));
                Some(g)
            }
            Some(Err(e)) => {
                sources.push(SourceRecord::unavailable(
                    SourceId::Github,
                    short_reason(&e),
                ));
                None
            }
        };
        (crates_io, github, docs_rs)
    }

    /// Read several crates' index entries at once (bounded concurrency).
    async fn fetch_many(
        &self,
        names: impl IntoIterator<Item = String>,
    ) -> BTreeMap<String, Result<IndexCrate, IndexError>> {
        let sem = Arc::new(tokio::sync::Semaphore::new(DEP_LOOKUP_CONCURRENCY));
        let mut set = tokio::task::JoinSet::new();
        for name in names {
            let index = self.index.clone();
            let sem = sem.clone();
            set.spawn(async move {
                let _permit = sem.acquire_owned().await;
                let r = index.crate_releases(&name).await;
                (name, r)
            });
        }
        let mut out = BTreeMap::new();
        while let Some(joined) = set.join_next().await {
            if let Ok((name, r)) = joined {
                out.insert(name, r);
            }
        }
        out
    }

    /// The latest version and compatible lines (as of the day) of each
    /// normal and build dependency.
    async fn lookup_dependencies(
        &self,
        chosen: &Release,
        as_of: Timestamp,
        warnings: &mut Vec<String>,
    ) -> BTreeMap<String, Option<DependencyLatest>> {
        let names: std::collections::BTreeSet<String> = chosen
            .deps
            .iter()
            .filter(|d| d.kind != cratescope_index::DepKind::Dev && d.registry.is_none())
            .map(|d| d.name.clone())
            .collect();
        let mut latest = BTreeMap::new();
        for (dep, r) in self.fetch_many(names).await {
            match r {
                Ok(ic) => {
                    latest.insert(
                        dep,
                        Some(DependencyLatest::from_releases(&ic.releases, as_of)),
                    );
                }
                Err(e) => {
                    warnings.push(format!("dependency `{dep}`: {}", short_reason(&e)));
                    latest.insert(dep, None);
                }
            }
        }
        latest
    }

    /// Resolve the default-feature tree of normal dependencies from the index,
    /// as cargo would on a fresh lockfile on the evaluation day, approximately:
    /// the highest published, non-yanked version matching each requirement,
    /// one version per crate name, default features only (features enabled by
    /// dependents are not followed), dependencies for other platforms
    /// (windows, macOS, wasm…) left out. An error says which crates could not
    /// be read.
    async fn resolve_tree(
        &self,
        root: &Release,
        as_of: Timestamp,
    ) -> Result<Vec<(String, Version)>, String> {
        // A bound on work for pathological trees; real trees are far smaller.
        const MAX_TREE: usize = 1000;
        let mut chosen: BTreeMap<String, Version> = BTreeMap::new();
        let mut cache: BTreeMap<String, IndexCrate> = BTreeMap::new();
        let mut frontier = tree_edges(root);
        let mut unreadable = std::collections::BTreeSet::new();
        while !frontier.is_empty() && chosen.len() < MAX_TREE {
            let to_fetch: std::collections::BTreeSet<String> = frontier
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| {
                    !chosen.contains_key(n) && !cache.contains_key(n) && !unreadable.contains(n)
                })
                .collect();
            for (name, r) in self.fetch_many(to_fetch).await {
                match r {
                    Ok(ic) => {
                        cache.insert(name, ic);
                    }
                    Err(_) => {
                        unreadable.insert(name);
                    }
                }
            }
            let mut next = Vec::new();
            for (name, req) in frontier {
                if chosen.contains_key(&name) {
                    continue;
                }
                let Some(ic) = cache.get(&name) else { continue };
                let Ok(vr) = VersionReq::parse(&req) else {
                    continue;
                };
                let best = ic
                    .releases
                    .iter()
                    .filter(|r| {
                        !r.yanked && r.pubtime.is_none_or(|t| t <= as_of) && vr.matches(&r.version)
                    })
                    .max_by(|a, b| a.version.cmp(&b.version));
                if let Some(r) = best {
                    chosen.insert(name, r.version.clone());
                    next.extend(tree_edges(r));
                }
            }
            frontier = next;
        }
        if !unreadable.is_empty() {
            return Err(format!(
                "dependency tree not resolved: cannot read {}",
                unreadable.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        Ok(chosen.into_iter().collect())
    }

    async fn advisory_db(&self) -> Result<Arc<AdvisoryDb>, String> {
        let opts = self.opts.clone();
        self.advisories
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || load_advisory_db(&opts))
                    .await
                    .unwrap_or_else(|e| Err(format!("loading failed: {e}")))
            })
            .await
            .clone()
    }

    async fn git_facts(
        &self,
        name: &str,
        visible: &[&Release],
        package: Option<&PackageFacts>,
        as_of: Timestamp,
    ) -> Result<(cratescope_git::GitFacts, Option<Timestamp>, Vec<String>), String> {
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

fn load_advisory_db(opts: &EvalOptions) -> Result<Arc<AdvisoryDb>, String> {
    let path = match &opts.advisory_db {
        Some(p) => p.clone(),
        None => {
            match cratescope_advisory::sync_clone(
                &opts.cache_dir,
                endpoints::ADVISORY_DB_GIT,
                opts.offline,
            ) {
                Ok(p) => p,
                Err(e) => {
                    // A failed update keeps the previous clone usable.
                    let cached = opts.cache_dir.join(cratescope_advisory::CLONE_DIR_NAME);
                    if !opts.offline && cached.join("crates").is_dir() {
                        cached
                    } else {
                        return Err(format!(
                            "{} (pass --advisory-db PATH or set CRATESCOPE_ADVISORY_DB)",
                            short_reason(&e)
                        ));
                    }
                }
            }
        }
    };
    AdvisoryDb::load(&path)
        .map(Arc::new)
        .map_err(|e| short_reason(&e))
}

fn kind_id(k: &AdvisoryKind) -> String {
    match k {
        AdvisoryKind::Vulnerability => "vulnerability".into(),
        AdvisoryKind::Unmaintained => "unmaintained".into(),
        AdvisoryKind::Unsound => "unsound".into(),
        AdvisoryKind::Notice => "notice".into(),
        AdvisoryKind::Other(s) => s.clone(),
    }
}

fn advisory_facts(
    db: &AdvisoryDb,
    name: &str,
    chosen: &Release,
    visible: &[&Release],
    tree: &Result<Vec<(String, Version)>, String>,
    as_of: Timestamp,
) -> AdvisoryFacts {
    let version = &chosen.version;
    let published: Vec<(Version, Timestamp)> = visible
        .iter()
        .filter(|r| !r.yanked)
        .filter_map(|r| r.pubtime.map(|t| (r.version.clone(), t)))
        .collect();
    let advisories = db
        .active_for_crate(name, as_of)
        .map(|a| {
            let patch_days = match a.kind {
                AdvisoryKind::Vulnerability | AdvisoryKind::Unsound => {
                    cratescope_advisory::patch_speed(a, &published).map(|p| p.days)
                }
                _ => None,
            };
            AdvisoryFact {
                id: a.id.clone(),
                title: a.title.clone(),
                date: a.date,
                kind: kind_id(&a.kind),
                affects_evaluated: a.affects(version),
                patch_days,
            }
        })
        .collect();
    // Direct dependencies of a default build: an advisory there is the
    // crate's own choice, deeper ones are its dependencies' choices.
    let direct: std::collections::BTreeSet<&str> = chosen
        .default_normal_deps()
        .into_iter()
        .map(|d| d.name.as_str())
        .collect();
    let mut tree_findings = Vec::new();
    let tree_advisories = tree.as_ref().ok().map(|tree| {
        let mut found = Vec::new();
        for (dep, v) in tree {
            let m = db.affecting(dep, v, as_of);
            for a in m
                .vulnerabilities
                .iter()
                .chain(&m.unsound)
                .chain(&m.unmaintained)
            {
                found.push(format!("{} ({dep} {v})", a.id));
                tree_findings.push(TreeAdvisory {
                    id: a.id.clone(),
                    kind: kind_id(&a.kind),
                    package: dep.clone(),
                    version: v.to_string(),
                    direct: direct.contains(dep.as_str()),
                });
            }
        }
        found.sort();
        found.dedup();
        found
    });
    tree_findings.sort_by(|a, b| (&a.id, &a.package).cmp(&(&b.id, &b.package)));
    tree_findings.dedup();
    AdvisoryFacts {
        advisories,
        tree_advisories,
        tree_note: tree.as_ref().err().cloned(),
        tree_findings,
        db_age_days: db.age_days(as_of),
    }
}

fn index_record(ic: &IndexCrate, offline: bool) -> SourceRecord {
    match &ic.origin {
        IndexOrigin::Http {
            fetched_at,
            age_seconds,
            freshness,
            ..
        } => match freshness {
            Freshness::Stale => SourceRecord::stale(
                SourceId::Index,
                format!(
                    "registry unreachable: cached index from {}, {} old",
                    fetched_at,
                    human_age(*age_seconds)
                ),
                Some(*fetched_at),
            ),
            Freshness::Cached => {
                SourceRecord::ok(SourceId::Index, Some(*fetched_at)).noted(format!(
                    "{}cached copy, {} old",
                    if offline { "offline: " } else { "" },
                    human_age(*age_seconds)
                ))
            }
            Freshness::Fetched | Freshness::Revalidated => {
                SourceRecord::ok(SourceId::Index, Some(*fetched_at))
            }
        },
        IndexOrigin::CargoCache { path, modified } => {
            let note = format!("cargo's local cache ({})", path.display());
            if offline {
                SourceRecord::ok(SourceId::Index, *modified).noted(note)
            } else {
                SourceRecord::stale(
                    SourceId::Index,
                    format!("registry unreachable: {note}"),
                    *modified,
                )
            }
        }
    }
}

fn human_age(seconds: i64) -> String {
    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;
    if seconds >= DAY {
        format!("{} days", seconds / DAY)
    } else if seconds >= HOUR {
        format!("{} hours", seconds / HOUR)
    } else {
        format!("{} minutes", (seconds / 60).max(0))
    }
}

fn crate_origin_note(o: &CrateOrigin) -> String {
    match o {
        CrateOrigin::CargoCache { .. } => "cargo's local cache".into(),
        CrateOrigin::Cache { .. } => "our cache".into(),
        CrateOrigin::Download { .. } => "downloaded".into(),
    }
}

fn choose_version<'a>(
    name: &str,
    visible: &[&'a Release],
    wanted: Option<&VersionWanted>,
) -> Result<&'a Release, Error> {
    let best = |pred: &dyn Fn(&Release) -> bool| {
        visible
            .iter()
            .copied()
            .filter(|r| pred(r))
            .max_by(|a, b| a.version.cmp(&b.version))
    };
    let found = match wanted {
        None => best(&|r| !r.yanked && r.version.pre.is_empty())
            .or_else(|| best(&|r| !r.yanked))
            .or_else(|| best(&|_| true)),
        Some(VersionWanted::Exact(v)) => visible.iter().copied().find(|r| r.version == *v),
        Some(VersionWanted::Req(req)) => best(&|r| !r.yanked && req.matches(&r.version)),
    };
    found.ok_or_else(|| {
        let target = match wanted {
            Some(VersionWanted::Exact(v)) => v.clone(),
            _ => Version::new(0, 0, 0),
        };
        let mut all: Vec<&Version> = visible.iter().map(|r| &r.version).collect();
        all.sort();
        let pos = all.partition_point(|v| **v < target);
        // Two on each side of where the version would be.
        const EACH_SIDE: usize = 2;
        let lo = pos.saturating_sub(EACH_SIDE);
        let hi = (pos + EACH_SIDE).min(all.len());
        let nearest: Vec<String> = all[lo..hi].iter().map(|v| v.to_string()).collect();
        Error::VersionNotFound {
            name: name.to_string(),
            version: match wanted {
                Some(VersionWanted::Exact(v)) => v.to_string(),
                Some(VersionWanted::Req(r)) => r.to_string(),
                None => "any".into(),
            },
            nearest: nearest.join(", "),
        }
    })
}

/// The (name, requirement) edges a default build follows from a release.
fn tree_edges(r: &Release) -> Vec<(String, String)> {
    r.default_normal_deps()
        .into_iter()
        .filter(|d| d.target.as_deref().is_none_or(target_applies))
        .map(|d| (d.name.clone(), d.req.clone()))
        .collect()
}

/// Whether a `target` of a dependency applies to a Linux x86_64 build (the
/// common case the tree size stands for). Unknown cfgs count as applying.
fn target_applies(target: &str) -> bool {
    let t = target.replace(' ', "");
    // `cfg(any())` is never true: crates use it to pin a version without building it.
    if t == "cfg(any())" {
        return false;
    }
    if t.starts_with("cfg(not(") {
        return true;
    }
    const OTHER: &[&str] = &[
        "windows",
        "macos",
        "ios",
        "android",
        "wasm",
        "apple",
        "redox",
        "fuchsia",
        "hermit",
        "solaris",
        "illumos",
        "freebsd",
        "netbsd",
        "openbsd",
        "dragonfly",
        "haiku",
        "wasi",
        "emscripten",
        "uefi",
        "vxworks",
        "espidf",
    ];
    !OTHER.iter().any(|o| t.contains(o)) || t.contains("linux") || t.contains("unix")
}
