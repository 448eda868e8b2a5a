//! The shallow tier: one crate's [`Facts`] from the dump alone (and
//! RustSec), scored by the same `cratescope_score::evaluate` as a deep
//! card, under the same missing-is-never-0 rules.
//!
//! From the dump: every release published by the evaluation day (number,
//! date, yank as of the dump — unknown on an earlier day — and
//! `rust_version`), the evaluated release's dependencies (requirement,
//! kind, optional, platform), each dependency's compatible lines as of
//! that day (so freshness is judged as the deep tier judges it), and the
//! dump's usage figures (downloads, dependents, distinct owners of
//! dependents, owners). From RustSec: the crate's own advisories.
//!
//! Not read, and so unmeasured rather than 0: the `.crate` source
//! (documentation, unsafe code, license, toolchain, benches), the
//! repository (commits, authors, fuzzing, policy), the web APIs, features
//! (every optional dependency counts as reachable), and the resolved
//! dependency tree (tree advisories).

use std::collections::{BTreeMap, HashMap};

use cratescope_advisory::AdvisoryDb;
use cratescope_dump::{DepKind as DumpKind, Ecosystem};
use cratescope_model::ecosystem::DeepOnly;
use cratescope_model::{
    DepKind, Dependency, DependencyLatest, Evaluation, Facts, Release, SourceId, SourceReason,
    SourceRecord, SourceState, msg,
};
use cratescope_score::{Model, evaluate};
use jiff::Timestamp;
use jiff::civil::Date;

/// What the shallow tier leaves to the deep one (every shallow card).
pub const NEEDS_DEEP: [DeepOnly; 4] = DeepOnly::ALL;

/// Everything a shallow evaluation needs besides the crate.
pub(crate) struct Inputs<'a> {
    pub eco: &'a Ecosystem,
    pub advisories: Option<&'a AdvisoryDb>,
    pub model: &'a Model,
    pub as_of: Date,
    /// Today, for the dump's staleness.
    pub dump_stale: bool,
}

/// A crate scored from the dump.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub krate: usize,
    pub version: usize,
    pub evaluation: Evaluation,
}

/// The compact result of one crate in a pass over many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Crate number in the dump.
    pub krate: u32,
    /// Evaluated version (its number in the dump).
    pub version: u32,
    /// Tier.
    pub tier: cratescope_model::Tier,
    /// Composite.
    pub composite: Option<f64>,
    /// Its range.
    pub range: Option<[f64; 2]>,
    /// Confidence.
    pub confidence: f64,
}

impl Summary {
    /// From a card.
    pub(crate) fn of(s: &Scored) -> Summary {
        Summary {
            krate: s.krate as u32,
            version: s.version as u32,
            tier: s.evaluation.tier,
            composite: s.evaluation.composite,
            range: s.evaluation.composite_range,
            confidence: s.evaluation.confidence,
        }
    }
}

/// Dependency lines already summarised, per crate, for one evaluation day
/// (popular dependencies are asked for by thousands of crates).
#[derive(Default)]
pub(crate) struct LinesCache {
    lines: HashMap<usize, DependencyLatest>,
}

impl LinesCache {
    fn get(&mut self, eco: &Ecosystem, c: usize, at: Timestamp) -> DependencyLatest {
        self.lines
            .entry(c)
            .or_insert_with(|| {
                let releases: Vec<Release> =
                    eco.versions(c).map(|v| light_release(eco, v)).collect();
                DependencyLatest::from_releases(&releases, at)
            })
            .clone()
    }
}

fn timestamp(secs: i64) -> Option<Timestamp> {
    Timestamp::from_second(secs).ok()
}

/// A release without its dependencies (what the stability and maintenance
/// signals read, and what a dependency's lines are made of).
fn light_release(eco: &Ecosystem, v: usize) -> Release {
    Release {
        name: String::new(),
        version: eco.version(v).clone(),
        deps: Default::default(),
        cksum: String::new(),
        features: Default::default(),
        yanked: eco.yanked(v),
        links: None,
        rust_version: eco.rust_version(v).map(str::to_string),
        pubtime: timestamp(eco.published(v)),
    }
}

fn dependency(eco: &Ecosystem, row: usize) -> Dependency {
    Dependency {
        name: eco.name(eco.dep_target(row)).to_string(),
        alias: None,
        req: eco.dep_req(row).to_string(),
        kind: match eco.dep_kind(row) {
            DumpKind::Normal => DepKind::Normal,
            DumpKind::Build => DepKind::Build,
            DumpKind::Dev => DepKind::Dev,
        },
        optional: eco.dep_optional(row),
        default_features: eco.dep_default_features(row),
        features: Vec::new(),
        target: eco.dep_cfg(row).map(str::to_string),
        registry: None,
    }
}

/// The versions of `c` published by the end of `as_of`.
pub(crate) fn visible(eco: &Ecosystem, c: usize, as_of: Date) -> Vec<usize> {
    let at = cratescope_model::end_of_day(as_of).as_second();
    eco.versions(c)
        .filter(|&v| eco.published(v) <= at)
        .collect()
}

/// The dump says which versions are yanked as of its day, not since when:
/// on an earlier day every release published by then counts as cargo could
/// have picked it, and what rests on yanks is unavailable (as `eval` does
/// with the index's yanks for a past day).
pub(crate) fn yanks_unknown(eco: &Ecosystem, as_of: Date) -> bool {
    Timestamp::from_second(eco.dump_time())
        .map(|t| as_of < t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or(false)
}

/// The version a card evaluates: crates.io's default (the highest
/// non-yanked stable, else non-yanked, else the highest), as `eval` chooses;
/// with `yanks_unknown`, every visible release counts as not yanked.
pub(crate) fn chosen(eco: &Ecosystem, visible: &[usize], yanks_unknown: bool) -> Option<usize> {
    let yanked = |v: usize| !yanks_unknown && eco.yanked(v);
    let best = |pred: &dyn Fn(usize) -> bool| {
        visible
            .iter()
            .copied()
            .filter(|&v| pred(v))
            .max_by(|&a, &b| eco.version(a).cmp(eco.version(b)))
    };
    best(&|v| !yanked(v) && eco.version(v).pre.is_empty())
        .or_else(|| best(&|v| !yanked(v)))
        .or_else(|| best(&|_| true))
}

/// One crate's facts for the shallow tier; None when it had no release by
/// the day.
pub(crate) fn facts(inp: &Inputs<'_>, lines: &mut LinesCache, c: usize) -> Option<(Facts, usize)> {
    let eco = inp.eco;
    let visible = visible(eco, c, inp.as_of);
    let yanks_unknown = yanks_unknown(eco, inp.as_of);
    let chosen_v = chosen(eco, &visible, yanks_unknown)?;
    let at = cratescope_model::end_of_day(inp.as_of);
    let name = eco.name(c).to_string();
    let releases: Vec<Release> = visible
        .iter()
        .map(|&v| {
            let mut r = light_release(eco, v);
            r.name = name.clone();
            r.yanked &= !yanks_unknown;
            if v == chosen_v {
                r.deps = eco.deps(v).map(|row| dependency(eco, row)).collect();
            }
            r
        })
        .collect();
    let chosen = releases
        .iter()
        .find(|r| r.version == *eco.version(chosen_v))?;
    let mut latest = BTreeMap::new();
    for row in eco.deps(chosen_v) {
        if eco.dep_kind(row) == DumpKind::Dev {
            continue;
        }
        let t = eco.dep_target(row);
        latest
            .entry(eco.name(t).to_string())
            .or_insert_with(|| Some(lines.get(eco, t, at)));
    }
    let dump_time = timestamp(eco.dump_time());
    let mut sources = vec![SourceRecord {
        id: SourceId::Dump,
        status: if inp.dump_stale {
            SourceState::Stale
        } else {
            SourceState::Ok
        },
        reason: SourceReason::none(),
        fetched_at: dump_time,
        present_only: false,
        refused: None,
    }];
    let advisories = match inp.advisories {
        Some(db) => {
            let refs: Vec<&Release> = releases.iter().collect();
            // The tree is not resolved in the shallow tier: tree advisories
            // stay unmeasured (the signal says the tree was not resolved);
            // the note is dropped below, so its wording is never shown.
            let mut a = crate::collect::advisory::facts_for(
                db,
                &name,
                chosen,
                &refs,
                &Err(msg!("local-tree-not-resolved")),
                at,
            );
            a.tree_note = None;
            sources.push(SourceRecord::ok(SourceId::Advisories, db.last_commit));
            Some(a)
        }
        None => None,
    };
    let dump = eco.facts(c, inp.as_of);
    let version = chosen.version.clone();
    Some((
        Facts {
            name,
            version,
            as_of: inp.as_of,
            releases,
            yanks_unknown,
            package: None,
            dependency_latest: Some(latest),
            transitive_deps: None,
            git: None,
            advisories,
            crates_io: None,
            github: None,
            docs_rs: None,
            dump: Some(dump),
            sources,
        },
        chosen_v,
    ))
}

/// One crate scored on the shallow tier.
pub(crate) fn score(inp: &Inputs<'_>, lines: &mut LinesCache, c: usize) -> Option<Scored> {
    let (facts, version) = facts(inp, lines, c)?;
    Some(Scored {
        krate: c,
        version,
        evaluation: evaluate(&facts, inp.model),
    })
}

/// Several crates scored on the shallow tier, on every core, in the order
/// given (crates without a release by the day are left out).
pub(crate) fn score_many(inp: &Inputs<'_>, crates: &[usize]) -> Vec<Summary> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    // Small chunks handed out in turn keep the cores even (a few crates
    // have hundreds of releases).
    const CHUNK: usize = 256;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let chunks: Vec<Vec<(usize, Vec<Summary>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut lines = LinesCache::default();
                    let mut out = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let start = k * CHUNK;
                        if start >= crates.len() {
                            break;
                        }
                        let end = (start + CHUNK).min(crates.len());
                        let done: Vec<Summary> = crates[start..end]
                            .iter()
                            .filter_map(|&c| score(inp, &mut lines, c))
                            .map(|s| Summary::of(&s))
                            .collect();
                        out.push((k, done));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic here is a bug: surface it rather than lose crates.
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut all: Vec<(usize, Vec<Summary>)> = chunks.into_iter().flatten().collect();
    all.sort_by_key(|(k, _)| *k);
    all.into_iter().flat_map(|(_, v)| v).collect()
}
