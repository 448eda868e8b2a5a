//! The RustSec advisory database: loaded once per evaluator (a clone kept in
//! our cache, or `--advisory-db`), then queried for the crate and for its
//! resolved tree.

use std::sync::Arc;

use cratescope_advisory::{AdvisoryDb, AdvisoryKind};
use cratescope_http::endpoints;
use cratescope_index::Release;
use cratescope_model::{
    AdvisoryFact, AdvisoryFacts, Arg, Message, SourceId, SourceReason, SourceRecord, TreeAdvisory,
    msg,
};
use jiff::Timestamp;
use semver::Version;

use crate::evaluator::{EvalOptions, Evaluator};

impl Evaluator {
    /// The advisory database, loaded once per evaluator.
    pub(crate) async fn advisory_db(&self) -> Result<Arc<AdvisoryDb>, Message> {
        let opts = self.opts.clone();
        self.advisories
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || load_advisory_db(&opts))
                    .await
                    .unwrap_or_else(|e| {
                        Err(msg!(
                            "engine-task-failed",
                            what = msg!("engine-what-advisory-database"),
                            why = Arg::text(e.to_string())
                        ))
                    })
            })
            .await
            .clone()
    }

    /// Use an advisory database loaded by the caller (the audit loads it
    /// strictly), or none (`Err(reason)`: advisories unavailable on every
    /// card), for every evaluation of this run. False when one was already
    /// loaded.
    pub fn use_advisory_db(&self, db: Result<Arc<AdvisoryDb>, Message>) -> bool {
        self.advisories.set(db).is_ok()
    }

    /// The advisory facts for a crate and its tree, with the database's
    /// record (stale past the model's age limit) and warnings.
    pub(crate) async fn advisory_facts(
        &self,
        name: &str,
        chosen: &Release,
        visible: &[&Release],
        tree: &Result<Vec<(String, Version)>, Message>,
        as_of: Timestamp,
    ) -> (Option<AdvisoryFacts>, SourceRecord, Vec<Message>) {
        let mut warnings = Vec::new();
        match self.advisory_db().await {
            Ok(db) => {
                let mut rec = SourceRecord::ok(SourceId::Advisories, db.last_commit);
                if let Some(age) = db.age_days(as_of) {
                    if age > self.opts.model.thresholds.advisory_db_stale_days {
                        rec = SourceRecord::stale(
                            SourceId::Advisories,
                            msg!(
                                "advisory-db-stale",
                                n = db.len(),
                                age = Arg::Days(age),
                                limit =
                                    Arg::Days(self.opts.model.thresholds.advisory_db_stale_days)
                            ),
                            db.last_commit,
                        );
                        warnings.push(msg!(
                            "advisory-db-stale-warning",
                            age = Arg::Days(age),
                            limit = Arg::Days(self.opts.model.thresholds.advisory_db_stale_days)
                        ));
                    } else {
                        rec.reason = SourceReason::some(msg!(
                            "advisory-db-age",
                            n = db.len(),
                            age = Arg::Days(age)
                        ));
                    }
                } else {
                    rec.reason = SourceReason::some(msg!("advisory-db-age-unknown", n = db.len()));
                }
                // Files the tolerant loader skipped: their advisories are not
                // checked, which the card must say (the audit refuses them).
                let skipped: Vec<String> = db
                    .warnings()
                    .iter()
                    .filter(|w| w.path != db.root())
                    .map(|w| {
                        w.path
                            .strip_prefix(db.root())
                            .unwrap_or(&w.path)
                            .display()
                            .to_string()
                    })
                    .collect();
                if !skipped.is_empty() {
                    warnings.push(msg!(
                        "advisory-files-skipped",
                        n = skipped.len(),
                        files = Arg::List(skipped.iter().map(|f| Arg::code(f.clone())).collect())
                    ));
                    let unparsable = msg!("advisory-db-unparsable", n = skipped.len());
                    rec.reason = SourceReason::some(match rec.reason.message.take() {
                        Some(r) => msg!("clauses", parts = Arg::clauses([r, unparsable])),
                        None => unparsable,
                    });
                }
                let facts = facts_for(&db, name, chosen, visible, tree, as_of);
                (Some(facts), rec, warnings)
            }
            Err(reason) => (
                None,
                SourceRecord::unavailable(SourceId::Advisories, reason),
                warnings,
            ),
        }
    }
}

impl Evaluator {
    /// The advisory facts of a local crate (`eval --path`): the advisories
    /// RustSec has for its name at its version (a checkout of a published
    /// crate is checked like it), read from the same database. Its tree is
    /// not resolved from the registry, which the reason says.
    pub(crate) async fn local_advisory_facts(
        &self,
        name: &str,
        version: &Version,
        as_of: Timestamp,
    ) -> (Option<AdvisoryFacts>, SourceRecord, Vec<Message>) {
        let release = cratescope_index::Release {
            name: name.to_string(),
            version: version.clone(),
            deps: Default::default(),
            cksum: String::new(),
            features: Default::default(),
            yanked: false,
            links: None,
            rust_version: None,
            pubtime: None,
        };
        let tree = Err(msg!("local-tree-not-resolved"));
        self.advisory_facts(name, &release, &[&release], &tree, as_of)
            .await
    }
}

fn load_advisory_db(opts: &EvalOptions) -> Result<Arc<AdvisoryDb>, Message> {
    let path = advisory_db_path(opts).map_err(|e| e.message())?;
    AdvisoryDb::load(&path)
        .map(Arc::new)
        .map_err(|e| e.message())
}

/// Where the advisory database is: `--advisory-db`, or the clone kept in
/// our cache (updated unless offline; a failed update keeps the previous
/// clone usable).
pub fn advisory_db_path(opts: &EvalOptions) -> Result<std::path::PathBuf, AdvisoryDbUnavailable> {
    Ok(match &opts.advisory_db {
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
                        return Err(AdvisoryDbUnavailable(e));
                    }
                }
            }
        }
    })
}

/// The advisory database could not be cloned or updated, and no clone is
/// kept.
#[derive(Debug, thiserror::Error)]
#[error(
    "the RustSec advisory database cannot be read (pass --advisory-db PATH or set CRATESCOPE_ADVISORY_DB)"
)]
pub struct AdvisoryDbUnavailable(#[source] pub cratescope_advisory::AdvisoryError);

impl AdvisoryDbUnavailable {
    /// What a user reads, with the way out.
    pub fn message(&self) -> Message {
        msg!(
            "advisory-db-unavailable",
            why = self.0.message(),
            flag = Arg::code("--advisory-db PATH"),
            variable = Arg::code("CRATESCOPE_ADVISORY_DB")
        )
    }
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

pub(crate) fn facts_for(
    db: &AdvisoryDb,
    name: &str,
    chosen: &Release,
    visible: &[&Release],
    tree: &Result<Vec<(String, Version)>, Message>,
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
