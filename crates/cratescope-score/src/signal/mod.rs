//! Signals: one measurable fact each, computed from [`Facts`], never fetched.
//!
//! Every signal is registered here, in [`REGISTRY`], with a stable kebab-case
//! id, the dimension it feeds, a one-line description and the source it reads.
//! The weights, breakpoints and the numbers of each rule (its `params`) live
//! in the model data (`src/model-v2.toml`); each signal declares here the
//! parameters it reads, with their allowed range, so a model without one of
//! them does not load. A test checks that every signal in the model exists
//! here and back. One file per dimension holds the compute functions and
//! that dimension's gate checks (registered in [`crate::gate`]).

use cratescope_model::Dimension;
pub use cratescope_model::Raw;
use cratescope_model::{Arg, Facts, Message, Release, SignalResult, SourceId};

use crate::model::{Model, SignalSpec};

pub mod community;
pub mod docs;
pub mod ecosystem;
pub mod footprint;
pub mod maintenance;
pub mod performance;
pub mod platform;
pub mod security;
pub mod stability;
pub mod usage;

/// What a signal's compute function found.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A value, with `s` when the signal normalises itself (categorical or
    /// formula signals); otherwise the model's breakpoints map `raw` to `s`.
    Value {
        /// The raw value.
        raw: Raw,
        /// Self-computed normalised value.
        s: Option<f64>,
        /// One line saying what was measured.
        evidence: Message,
    },
    /// The data is missing; the reason says which source and why.
    Unavailable(Message),
    /// The signal does not apply to this crate (nothing depends on a
    /// binary): shown with the reason, and left out of the confidence too.
    NotApplicable(Message),
}

impl Measure {
    /// The data is missing.
    pub fn unavailable(reason: impl Into<Message>) -> Measure {
        Measure::Unavailable(reason.into())
    }
    /// The signal does not apply.
    pub fn not_applicable(reason: impl Into<Message>) -> Measure {
        Measure::NotApplicable(reason.into())
    }
    /// A numeric value normalised by the model's breakpoints.
    pub fn num(raw: f64, evidence: impl Into<Message>) -> Measure {
        Measure::Value {
            raw: Raw::Num(raw),
            s: None,
            evidence: evidence.into(),
        }
    }
    /// A numeric value with a self-computed `s`.
    pub fn num_s(raw: f64, s: f64, evidence: impl Into<Message>) -> Measure {
        Measure::Value {
            raw: Raw::Num(raw),
            s: Some(s.clamp(0.0, 1.0)),
            evidence: evidence.into(),
        }
    }
    /// A yes/no value: s = 1 or 0.
    pub fn flag(yes: bool, evidence: impl Into<Message>) -> Measure {
        Measure::Value {
            raw: Raw::Bool(yes),
            s: Some(if yes { 1.0 } else { 0.0 }),
            evidence: evidence.into(),
        }
    }
    /// A categorical value with its `s`.
    pub fn text(raw: impl Into<String>, s: f64, evidence: impl Into<Message>) -> Measure {
        Measure::Value {
            raw: Raw::Text(raw.into()),
            s: Some(s.clamp(0.0, 1.0)),
            evidence: evidence.into(),
        }
    }
}

/// A number a signal's rule reads from the model (`params`), with the range
/// the model is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ParamDef {
    /// Name under `[signal.params]`.
    pub name: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
}

/// A registered signal.
#[derive(Debug, Clone, Copy)]
pub struct SignalDef {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// The dimension it feeds.
    pub dimension: Dimension,
    /// What it measures, one line.
    pub description: &'static str,
    /// Where the data comes from.
    pub source: SourceId,
    /// The parameters its rule reads (all required).
    pub params: &'static [ParamDef],
    /// The named lists its rule reads (all required).
    pub sets: &'static [&'static str],
    /// Compute from facts, with the signal's spec in force.
    pub compute: fn(&Facts, &SignalSpec) -> Measure,
}

/// A hard flag that fired: caps a dimension or the tier, applied after
/// averaging. Its cap and effect come from the model's `[[gate]]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Gate {
    /// Stable id, e.g. `unmaintained`.
    pub id: String,
    /// The dimension it caps.
    pub dimension: Dimension,
    /// Cap on the dimension score (1.0 pins it).
    pub cap: f64,
    /// The tier becomes ⛔ avoid.
    pub avoid: bool,
    /// Cap on the composite, if the gate sets one.
    pub composite_cap: Option<f64>,
    /// Why, with the evidence (e.g. the advisory id and title).
    pub reason: Message,
}

const fn p(name: &'static str, min: f64, max: f64) -> ParamDef {
    ParamDef { name, min, max }
}

/// A share or a normalised value.
const UNIT: (f64, f64) = (0.0, 1.0);
/// A count of days, items or crates.
const COUNT: (f64, f64) = (0.0, 1.0e9);

macro_rules! sig {
    ($id:literal, $dim:ident, $src:ident, $f:path, $desc:literal) => {
        sig!($id, $dim, $src, $f, $desc, [], [])
    };
    ($id:literal, $dim:ident, $src:ident, $f:path, $desc:literal, [$($pn:literal: $range:expr),* $(,)?]) => {
        sig!($id, $dim, $src, $f, $desc, [$($pn: $range),*], [])
    };
    ($id:literal, $dim:ident, $src:ident, $f:path, $desc:literal, [$($pn:literal: $range:expr),* $(,)?], [$($set:literal),* $(,)?]) => {
        SignalDef {
            id: $id,
            dimension: Dimension::$dim,
            description: $desc,
            source: SourceId::$src,
            params: &[$(p($pn, $range.0, $range.1)),*],
            sets: &[$($set),*],
            compute: $f,
        }
    };
}

/// Every signal, in display order.
pub static REGISTRY: &[SignalDef] = &[
    // D1
    sig!(
        "current-line-span",
        Stability,
        Index,
        stability::current_line_span,
        "days the current compatible line has shipped releases without breaking"
    ),
    sig!(
        "breaking-cadence",
        Stability,
        Index,
        stability::breaking_cadence,
        "new compatible lines per year over the last 3 years",
        ["window_days": COUNT, "min_window_days": COUNT]
    ),
    sig!(
        "stable-major",
        Stability,
        Index,
        stability::stable_major,
        "the evaluated version is 1.0 or later",
        ["s_stable": UNIT, "s_zero_minor": UNIT, "s_zero_zero": UNIT]
    ),
    sig!(
        "history-span",
        Stability,
        Index,
        stability::history_span,
        "days from the first to the latest release"
    ),
    sig!(
        "line-releases",
        Stability,
        Index,
        stability::line_releases,
        "non-breaking releases on the current line"
    ),
    sig!(
        "release-count",
        Stability,
        Index,
        stability::release_count,
        "releases published (yanked ones left out)"
    ),
    sig!(
        "yank-share",
        Stability,
        Index,
        stability::yank_share,
        "share of versions that were yanked"
    ),
    sig!(
        "msrv-declared",
        Stability,
        Index,
        stability::msrv_declared,
        "the evaluated version declares `rust-version`",
        [],
        ["milestones"]
    ),
    // D2
    sig!(
        "active-authors",
        Community,
        Git,
        community::active_authors,
        "distinct human commit authors in 12 months"
    ),
    sig!(
        "absence-factor",
        Community,
        Git,
        community::absence_factor,
        "fewest authors making half the commits in 12 months"
    ),
    sig!(
        "owners",
        Community,
        CratesIo,
        community::owners,
        "crates.io owners (a team counts 3)",
        ["team_weight": (0.0, 100.0)]
    ),
    sig!(
        "recent-activity",
        Community,
        Git,
        community::recent_activity,
        "commits and maintainer issue activity in 90 days"
    ),
    sig!(
        "issue-response",
        Community,
        Github,
        community::issue_response,
        "median days to a first maintainer response"
    ),
    sig!(
        "pr-closure",
        Community,
        Github,
        community::pr_closure,
        "closed / opened pull requests in 12 months",
        ["min_prs": COUNT]
    ),
    sig!(
        "stars",
        Community,
        Github,
        community::stars,
        "GitHub stars (log scale)"
    ),
    // D3
    sig!(
        "doc-coverage",
        Documentation,
        Tarball,
        docs::doc_coverage,
        "% of public items with doc comments (rustdoc --show-coverage rules)",
        [],
        ["macro_suffixes", "impl_suffixes"]
    ),
    sig!(
        "doc-examples",
        Documentation,
        Tarball,
        docs::doc_examples,
        "% of public items whose docs hold a code block",
        [],
        ["macro_suffixes", "impl_suffixes"]
    ),
    sig!(
        "crate-docs",
        Documentation,
        Tarball,
        docs::crate_docs,
        "length of the crate-level documentation",
        [],
        ["macro_suffixes", "impl_suffixes"]
    ),
    sig!(
        "readme",
        Documentation,
        Tarball,
        docs::readme,
        "README quality: length, code blocks, sections",
        [
            "full_length_chars": (1.0, 1.0e9),
            "length_weight": UNIT,
            "one_code_block": UNIT,
            "many_code_blocks": UNIT,
            "full_sections": (1.0, 1.0e9),
            "sections_weight": UNIT,
        ]
    ),
    sig!(
        "examples",
        Documentation,
        Tarball,
        docs::examples,
        "examples/ or [[example]] present"
    ),
    sig!(
        "changelog",
        Documentation,
        Tarball,
        docs::changelog,
        "CHANGELOG, RELEASES or NEWS present"
    ),
    sig!(
        "metadata",
        Documentation,
        Tarball,
        docs::metadata,
        "share of description, documentation, repository, homepage, keywords, categories"
    ),
    sig!(
        "docs-build",
        Documentation,
        DocsRs,
        docs::docs_build,
        "docs.rs built the evaluated version"
    ),
    // D4
    sig!(
        "downloads",
        Usage,
        CratesIo,
        usage::downloads,
        "downloads per month over the last 90 days",
        ["binary_scale": (1.0, 1.0e6)]
    ),
    sig!(
        "dependents",
        Usage,
        CratesIo,
        usage::dependents,
        "direct reverse dependencies"
    ),
    sig!(
        "dependent-owners",
        Usage,
        Dump,
        usage::dependent_owners,
        "distinct owners among reverse dependencies"
    ),
    sig!(
        "indirect-dependents",
        Usage,
        Dump,
        usage::indirect_dependents,
        "transitive reverse dependencies",
        ["divisor": (1.0e-9, 1.0e9), "log2_span": (1.0e-9, 1.0e3)]
    ),
    sig!(
        "usage-growth",
        Usage,
        CratesIo,
        usage::usage_growth,
        "this quarter's downloads over last quarter's"
    ),
    // D5
    sig!(
        "benches",
        Performance,
        Tarball,
        performance::benches,
        "a benchmark suite (benches, [[bench]], a harness dev-dependency, bench CI); a suite only nightly builds reads s_nightly_only",
        ["s_nightly_only": UNIT],
        ["harnesses"]
    ),
    sig!(
        "bench-ci",
        Performance,
        Git,
        performance::bench_ci,
        "benchmarks run by a CI workflow",
        [],
        ["harnesses"]
    ),
    sig!(
        "regression-tracking",
        Performance,
        Git,
        performance::regression_tracking,
        "benchmark results tracked over time (CodSpeed, Bencher, iai-callgrind…)",
        [],
        ["harnesses", "tracking_crates", "ci_words"]
    ),
    // D6
    sig!(
        "dependency-freshness",
        Ecosystem,
        Index,
        ecosystem::dependency_freshness,
        "how far the dependency requirements lag behind the latest lines",
        [
            "s_lag_1": UNIT,
            "s_lag_2": UNIT,
            "lag_zero": (2.0, 100.0),
            "grace_days": COUNT,
            "wide_range_lines": (2.0, 1000.0),
        ]
    ),
    sig!(
        "toolchain",
        Ecosystem,
        Tarball,
        ecosystem::toolchain,
        "a current edition, rust-version set, builds on stable",
        ["edition_grace_days": COUNT],
        ["milestones"]
    ),
    sig!(
        "installability",
        Ecosystem,
        Tarball,
        ecosystem::installability,
        "a binary target cargo install can build on the day: rust-version released, dependencies resolvable, Cargo.lock shipped",
        ["s_no_lock": UNIT, "s_blocked": UNIT, "release_cadence_days": COUNT],
        ["milestones"]
    ),
    sig!(
        "license",
        Ecosystem,
        Tarball,
        ecosystem::license,
        "license kind",
        [
            "s_permissive": UNIT,
            "s_other": UNIT,
            "s_copyleft": UNIT,
            "s_license_file": UNIT,
            "s_none": UNIT,
        ],
        ["permissive", "copyleft_prefixes"]
    ),
    sig!(
        "integrations",
        Ecosystem,
        Tarball,
        ecosystem::integrations,
        "optional integrations with serde, tokio, tracing…"
    ),
    sig!(
        "discoverability",
        Ecosystem,
        Tarball,
        ecosystem::discoverability,
        "keywords and categories present"
    ),
    // D7
    sig!(
        "release-freshness",
        Maintenance,
        Index,
        maintenance::release_freshness,
        "age of the latest release against the gap expected for its version",
        [
            "many_patches": COUNT,
            "many_minors": COUNT,
            "gap_major_many_patches": COUNT,
            "gap_many_patches": COUNT,
            "gap_patched": COUNT,
            "gap_major": COUNT,
            "gap_many_minors": COUNT,
            "gap_other": COUNT,
            "days_per_version": COUNT,
            "slack_days": COUNT,
            "slack_days_binary": COUNT,
        ]
    ),
    sig!(
        "release-activity",
        Maintenance,
        Index,
        maintenance::release_activity,
        "releases in the last two years",
        ["window_days": COUNT]
    ),
    sig!(
        "commits-year",
        Maintenance,
        Git,
        maintenance::commits_year,
        "commits to the default branch in 365 days"
    ),
    sig!(
        "issue-care",
        Maintenance,
        Github,
        maintenance::issue_care,
        "share of last year's issues with a maintainer response",
        ["min_issues": COUNT]
    ),
    // D8
    sig!(
        "open-advisories",
        Security,
        Advisories,
        security::open_advisories,
        "vulnerability or unsound advisories affecting the evaluated version"
    ),
    sig!(
        "tree-advisories",
        Security,
        Advisories,
        security::tree_advisories,
        "advisories in the resolved dependency tree, weighed by kind and depth",
        [
            "w_vulnerability_direct": (0.0, 100.0),
            "w_vulnerability_deep": (0.0, 100.0),
            "w_unmaintained_direct": (0.0, 100.0),
            "w_unmaintained_deep": (0.0, 100.0),
            "w_other": (0.0, 100.0),
        ]
    ),
    sig!(
        "patch-speed",
        Security,
        Advisories,
        security::patch_speed,
        "median days to fix the advisories of the last window_days, open ones counted as open so far",
        ["window_days": COUNT]
    ),
    sig!(
        "unsafe-use",
        Security,
        Tarball,
        security::unsafe_use,
        "unsafe code density, or #![forbid(unsafe_code)]",
        [
            "s_forbid": UNIT,
            "low_density": COUNT,
            "high_density": COUNT,
            "s_low": UNIT,
            "s_high": UNIT,
        ]
    ),
    sig!(
        "fuzzing",
        Security,
        Git,
        security::fuzzing,
        "fuzz targets in the repository"
    ),
    sig!(
        "security-policy",
        Security,
        Git,
        security::security_policy,
        "SECURITY.md or a policy in the repository"
    ),
    sig!(
        "trusted-publishing",
        Security,
        CratesIo,
        security::trusted_publishing,
        "published through crates.io trusted publishing"
    ),
    // Footprint (shown, never in the composite)
    sig!(
        "dependency-weight",
        Footprint,
        Index,
        footprint::dependency_weight,
        "normal dependencies pulled by default features"
    ),
    sig!(
        "dependency-count",
        Footprint,
        Index,
        footprint::dependency_count,
        "direct normal dependencies"
    ),
    sig!(
        "build-cost",
        Footprint,
        Tarball,
        footprint::build_cost,
        "build script and native linking",
        ["s_none": UNIT, "s_links": UNIT, "s_build_script": UNIT]
    ),
    sig!(
        "crate-size",
        Footprint,
        Tarball,
        footprint::crate_size,
        "size of the .crate file"
    ),
    sig!(
        "no-std",
        Footprint,
        Tarball,
        footprint::no_std,
        "supports no_std"
    ),
];

/// Look up a signal by id.
pub fn find(id: &str) -> Option<&'static SignalDef> {
    REGISTRY.iter().find(|s| s.id == id)
}

/// One signal measured under the model: its raw value, `s` (self-computed
/// or from the breakpoints) and evidence, or why it is unavailable. None when
/// the id is not registered or not in the model. Values are rounded as the
/// card shows them (raw to 3 decimals, `s` to 3).
pub fn measure(facts: &Facts, model: &Model, id: &str) -> Option<(SignalResult, Option<f64>)> {
    let def = find(id)?;
    let spec = model.signal(id)?;
    let (r, s, _) = measure_def(facts, def, spec);
    Some((r, s))
}

/// [`measure`] for a registered signal and its spec; the second value is the
/// unrounded `s` when measured (the dimension average uses it), the third
/// whether the signal applies to the crate at all.
pub(crate) fn measure_def(
    facts: &Facts,
    def: &SignalDef,
    spec: &SignalSpec,
) -> (SignalResult, Option<f64>, bool) {
    let m = (def.compute)(facts, spec);
    if let Measure::NotApplicable(reason) = m {
        return (
            SignalResult::Unavailable {
                id: def.id.to_string(),
                unavailable: cratescope_model::msg!("signal-not-applicable", reason = reason)
                    .into(),
            },
            None,
            false,
        );
    }
    let (r, s) = match m {
        Measure::Value { raw, s, evidence } => {
            let s = match (s, &raw) {
                (Some(s), _) => Some(s),
                (None, Raw::Num(x)) => spec.normalise(*x),
                (None, Raw::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
                (None, Raw::Text(_)) => None,
            };
            let Some(s) = s else {
                return (
                    SignalResult::Unavailable {
                        id: def.id.to_string(),
                        unavailable: cratescope_model::msg!(
                            "signal-no-breakpoints",
                            signal = cratescope_model::Arg::id(def.id)
                        )
                        .into(),
                    },
                    None,
                    true,
                );
            };
            let raw = match raw {
                Raw::Num(x) => Raw::Num(round(x, 3)),
                other => other,
            };
            (
                SignalResult::Measured {
                    id: def.id.to_string(),
                    raw,
                    unit: spec.unit.clone(),
                    s: round(s, 3),
                    weight: spec.weight,
                    evidence: evidence.into(),
                    source: def.source,
                    fetched_at: facts.fetched_at(def.source),
                },
                Some(s),
            )
        }
        Measure::Unavailable(reason) | Measure::NotApplicable(reason) => (
            SignalResult::Unavailable {
                id: def.id.to_string(),
                unavailable: reason.into(),
            },
            None,
        ),
    };
    (r, s, true)
}

/// Round for output so JSON is stable and readable.
pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (x * p).round() / p
}

// ---- helpers shared by the dimension files ----

/// Days between two instants, whole days, never negative.
pub(crate) fn days_between(from: jiff::Timestamp, to: jiff::Timestamp) -> i64 {
    ((to.as_second() - from.as_second()) / 86_400).max(0)
}

/// The instant ages are measured to: the midnight that ends the `as_of`
/// day, one second after [`cratescope_model::source::end_of_day`].
pub(crate) fn as_of_instant(facts: &Facts) -> jiff::Timestamp {
    let end = cratescope_model::source::end_of_day(facts.as_of);
    end.checked_add(jiff::SignedDuration::from_secs(1))
        .unwrap_or(end)
}

/// The compatible line of a version: `1` for 1.x, `0.3` for 0.3.x, `0.0.7` for 0.0.7.
pub(crate) fn line_of(v: &semver::Version) -> (u64, u64, u64) {
    if v.major > 0 {
        (v.major, u64::MAX, u64::MAX)
    } else if v.minor > 0 {
        (0, v.minor, u64::MAX)
    } else {
        (0, 0, v.patch)
    }
}

/// When the evaluated version's compatible line was first released.
pub(crate) fn line_first_release(f: &Facts) -> Option<jiff::Timestamp> {
    let line = line_of(&f.version);
    stable_releases(f)
        .chain(f.evaluated_release())
        .filter(|r| line_of(&r.version) == line)
        .filter_map(|r| r.pubtime)
        .min()
}

/// Human name of a line.
pub(crate) fn line_name(v: &semver::Version) -> String {
    if v.major > 0 {
        format!("{}.x", v.major)
    } else if v.minor > 0 {
        format!("0.{}.x", v.minor)
    } else {
        format!("0.0.{}", v.patch)
    }
}

/// Dev-dependencies of the package named in `set` (an entry ending in `*`
/// matches a prefix), sorted.
pub(crate) fn dev_dependencies(p: &cratescope_model::PackageFacts, set: &[String]) -> Vec<String> {
    let mut out: Vec<String> = p
        .manifest
        .dependencies
        .iter()
        .filter(|d| d.kind == cratescope_model::DepKind::Dev)
        .map(|d| d.name.clone())
        .filter(|n| {
            set.iter().any(|s| match s.strip_suffix('*') {
                Some(prefix) => n.starts_with(prefix),
                None => n == s,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The `milestones` set of a spec: `name YYYY-MM-DD` entries (an edition's
/// release, the first cargo with a manifest field…).
pub(crate) fn milestones(spec: &SignalSpec) -> Vec<(String, jiff::civil::Date)> {
    spec.set("milestones")
        .iter()
        .filter_map(|e| {
            let (name, day) = e.split_once(' ')?;
            Some((name.to_string(), day.trim().parse().ok()?))
        })
        .collect()
}

/// One milestone's date.
pub(crate) fn milestone(spec: &SignalSpec, name: &str) -> Option<jiff::civil::Date> {
    milestones(spec)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d)
}

/// The calendar day (UTC) of an instant, as a message argument.
pub(crate) fn date(t: jiff::Timestamp) -> jiff::civil::Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// Releases that are neither yanked nor prereleases.
pub(crate) fn stable_releases(facts: &Facts) -> impl Iterator<Item = &Release> {
    facts
        .releases
        .iter()
        .filter(|r| !r.yanked && r.version.pre.is_empty())
}

/// The most recently published non-yanked release (by publish time, else by position).
pub(crate) fn latest_published(facts: &Facts) -> Option<&Release> {
    let live: Vec<&Release> = facts.releases.iter().filter(|r| !r.yanked).collect();
    if live.iter().all(|r| r.pubtime.is_some()) {
        live.into_iter().max_by_key(|r| r.pubtime)
    } else {
        live.into_iter().last()
    }
}

/// The first repository files of a kind, for "… in the repository (git),
/// not in the package: benches/a.rs, …" (issue 13: the repository's files
/// named as the source).
pub(crate) fn repo_files(files: &[String]) -> Arg {
    const SHOWN: usize = 3;
    let mut list: Vec<Arg> = files
        .iter()
        .take(SHOWN)
        .map(|f| Arg::code(f.clone()))
        .collect();
    if files.len() > SHOWN {
        list.push(Arg::code("…"));
    }
    Arg::List(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for s in REGISTRY {
            assert!(seen.insert(s.id), "duplicate signal id {}", s.id);
            assert!(
                s.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                s.id
            );
        }
    }

    #[test]
    fn model_and_registry_agree() {
        let model = Model::embedded();
        for spec in &model.signals {
            let def = find(&spec.id)
                .unwrap_or_else(|| panic!("model signal `{}` is not registered", spec.id));
            assert_eq!(def.dimension, spec.dimension, "dimension of {}", spec.id);
        }
        for def in REGISTRY {
            assert!(
                model.signal(def.id).is_some(),
                "registered signal `{}` is missing from the model",
                def.id
            );
        }
    }
}
