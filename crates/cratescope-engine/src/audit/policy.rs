//! The audit policy (`[audit]` of cratescope.toml, or a team's deny.toml,
//! every key documented in docs/audit.md), where it is found, and how one
//! evaluation is judged against it.
//!
//! Reading is strict: an unknown key or table is an error, in `[audit]` and
//! in the rest of the file it comes from (a misspelled `[adit]`, a
//! top-level `[transitive]` meant as `[audit.transitive]`, `[model.audit]`:
//! a gate that passes on a typo fails open). Every number is checked
//! (finite, in range) with an error naming the key. A deny.toml is read by
//! [`super::deny_toml`], which lists every key it does not apply.
//!
//! Where: `--policy FILE`, else the `--config` file's `[audit]`, else the
//! workspace root's `cratescope.toml` with an `[audit]` table, else the
//! workspace root's `deny.toml` (`.deny.toml`, `.cargo/deny.toml`), as
//! cargo-deny finds its own, else the current directory's `cratescope.toml`,
//! else the built-in defaults. The report names the file.
//!
//! Inheritance is explicit: without `[audit.transitive]` every package is
//! judged by `[audit]`; with it, transitive dependencies are judged by
//! exactly the rules it sets, plus the `[audit]` keys its `inherit` list
//! names. `deny_tiers` defaults to `["avoid"]` in both tables.
//!
//! A rule whose input was not measured (a dimension without a score, a crate
//! whose tarball could not be read for the unsafe density) is *not* a
//! violation: offline audits lack the web APIs, and a CI gate that fails on
//! missing data fails on the network rather than on the dependency. Such
//! rules are reported as "not checked" instead. Deliberately ignored:
//! provisional tiers (the tier is judged as shown).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::AuditError;
pub use cratescope_model::audit::{
    AllowEntry, BanEntry, BanPolicy, CrateMatch, DEFAULT_DENY, DEFAULT_DENY_ADVISORIES,
    DEFAULT_MAX_DB_AGE_DAYS, FindingKind, IgnoreEntry, Judgement, Level, LicenseException,
    LicensePolicy, Policy, RULES, RuleMessage, SourcePolicy, SupplyChainPolicy, THRESHOLD_KEYS,
    Thresholds, Violation,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::{Evaluation, Raw, SignalResult, Tier, msg};

/// The composite and dimension scale.
const SCORE_RANGE: (f64, f64) = (1.0, 5.0);
/// Scenario stars.
const MAX_STARS: u8 = 5;
/// A database age beyond this is surely a typo (ten years).
const MAX_DB_AGE_DAYS: i64 = 3650;
/// A publish-age or owner window beyond this is surely a typo (ten years).
const MAX_WINDOW_DAYS: i64 = 3650;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    min_composite: Option<f64>,
    deny_tiers: Option<Vec<Tier>>,
    min_dimension: Option<BTreeMap<String, f64>>,
    max_unsafe_density: Option<f64>,
    scenario: Option<String>,
    min_scenario_stars: Option<i64>,
}

/// `[audit.transitive]`: the threshold keys plus `inherit` (listed, not
/// flattened: serde cannot deny unknown fields through a flatten).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransitive {
    min_composite: Option<f64>,
    deny_tiers: Option<Vec<Tier>>,
    min_dimension: Option<BTreeMap<String, f64>>,
    max_unsafe_density: Option<f64>,
    scenario: Option<String>,
    min_scenario_stars: Option<i64>,
    #[serde(default)]
    inherit: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(rename = "crate")]
    name: String,
    version: Option<String>,
    reason: String,
    until: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    id: String,
    reason: String,
    until: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    // Thresholds of direct dependencies.
    min_composite: Option<f64>,
    deny_tiers: Option<Vec<Tier>>,
    min_dimension: Option<BTreeMap<String, f64>>,
    max_unsafe_density: Option<f64>,
    scenario: Option<String>,
    min_scenario_stars: Option<i64>,
    transitive: Option<toml::Table>,
    #[serde(default)]
    allow: Vec<RawAllow>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    deny_advisories: Option<Vec<FindingKind>>,
    max_advisory_db_age_days: Option<i64>,
    allow_missing_advisory_db: Option<bool>,
    exclude_dev: Option<bool>,
    targets: Option<Vec<String>>,
    unevaluable: Option<Level>,
    git_packages: Option<Level>,
    other_registry_packages: Option<Level>,
    evaluate_git: Option<bool>,
    licenses: Option<RawLicenses>,
    bans: Option<RawBans>,
    sources: Option<RawSources>,
    supply_chain: Option<RawSupplyChain>,
}

/// A crate a rule names: `"name"` or `{ crate = "name", version = "req" }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawCrate {
    Name(String),
    Table(RawCrateTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrateTable {
    #[serde(rename = "crate")]
    name: String,
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicenses {
    allow: Option<Vec<String>>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    exceptions: Vec<RawException>,
    unlicensed: Option<Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    #[serde(rename = "crate")]
    name: String,
    version: Option<String>,
    allow: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBans {
    #[serde(default)]
    deny: Vec<RawBan>,
    duplicates: Option<Level>,
    #[serde(default)]
    skip_duplicates: Vec<RawCrate>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawBan {
    Name(String),
    Table(RawBanTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBanTable {
    #[serde(rename = "crate")]
    name: String,
    version: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    wrappers: Vec<String>,
    use_instead: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    #[serde(default)]
    allow_registries: Vec<String>,
    #[serde(default)]
    allow_git: Vec<String>,
    #[serde(default)]
    allow_org: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupplyChain {
    min_publish_age_days: Option<i64>,
    publisher_change: Option<Level>,
    new_owner: Option<Level>,
    new_owner_days: Option<i64>,
    new_build_script: Option<Level>,
    new_proc_macro: Option<Level>,
    new_links: Option<Level>,
    typosquat: Option<Level>,
    trusted_publishing_dropped: Option<Level>,
    checksum_mismatch: Option<Level>,
}

/// The forges `allow_org` knows, and the URL prefix of an organisation's
/// repositories on each.
pub const FORGES: [(&str, &str); 3] = [
    ("github", "https://github.com/"),
    ("gitlab", "https://gitlab.com/"),
    ("bitbucket", "https://bitbucket.org/"),
];

fn invalid(problem: String) -> AuditError {
    AuditError::Policy {
        problem,
        source: None,
    }
}

fn toml_error(problem: &str, e: toml::de::Error) -> AuditError {
    AuditError::Policy {
        problem: problem.into(),
        source: Some(Box::new(e)),
    }
}

/// Read the policy from an `[audit]` table.
pub fn from_table(table: &toml::Table) -> Result<Policy, AuditError> {
    let raw: RawPolicy = toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e| toml_error("invalid [audit] table", e))?;
    let defaults = Policy::default();
    let direct = thresholds(
        "audit",
        RawThresholds {
            min_composite: raw.min_composite,
            deny_tiers: raw.deny_tiers,
            min_dimension: raw.min_dimension,
            max_unsafe_density: raw.max_unsafe_density,
            scenario: raw.scenario,
            min_scenario_stars: raw.min_scenario_stars,
        },
        false,
    )?;
    let (transitive, transitive_inherit) = match raw.transitive {
        None => (None, Vec::new()),
        Some(t) => {
            let rt: RawTransitive = toml::Value::Table(t)
                .try_into()
                .map_err(|e| toml_error("invalid [audit.transitive] table", e))?;
            for k in &rt.inherit {
                if !THRESHOLD_KEYS.contains(&k.as_str()) {
                    return Err(invalid(format!(
                        "`audit.transitive.inherit` names `{k}`, which is not a threshold key ({})",
                        THRESHOLD_KEYS.join(", ")
                    )));
                }
            }
            let f = rt;
            let inherits_deny = f.inherit.iter().any(|k| k == "deny_tiers");
            let t = thresholds(
                "audit.transitive",
                RawThresholds {
                    min_composite: f.min_composite,
                    deny_tiers: f.deny_tiers,
                    min_dimension: f.min_dimension,
                    max_unsafe_density: f.max_unsafe_density,
                    scenario: f.scenario,
                    min_scenario_stars: f.min_scenario_stars,
                },
                inherits_deny,
            )?;
            (Some(t), f.inherit)
        }
    };
    let mut allow = Vec::with_capacity(raw.allow.len());
    for (i, a) in raw.allow.into_iter().enumerate() {
        let key = format!("audit.allow[{i}]");
        if a.reason.trim().is_empty() {
            return Err(invalid(format!(
                "`{key}` (crate `{}`) has no reason",
                a.name
            )));
        }
        let version = a
            .version
            .map(|v| {
                semver::VersionReq::parse(&v).map_err(|e| {
                    invalid(format!(
                        "`{key}.version` = \"{v}\" is not a version requirement: {e}"
                    ))
                })
            })
            .transpose()?;
        allow.push(AllowEntry {
            name: a.name,
            version,
            reason: a.reason,
            until: a
                .until
                .map(|d| date(&format!("{key}.until"), &d))
                .transpose()?,
        });
    }
    let mut ignore = Vec::with_capacity(raw.ignore.len());
    for (i, g) in raw.ignore.into_iter().enumerate() {
        let key = format!("audit.ignore[{i}]");
        if g.reason.trim().is_empty() {
            return Err(invalid(format!("`{key}` ({}) has no reason", g.id)));
        }
        if g.id.trim().is_empty() {
            return Err(invalid(format!("`{key}.id` is empty")));
        }
        ignore.push(IgnoreEntry {
            id: g.id.trim().to_string(),
            reason: g.reason,
            until: g
                .until
                .map(|d| date(&format!("{key}.until"), &d))
                .transpose()?,
        });
    }
    let max_age = raw
        .max_advisory_db_age_days
        .unwrap_or(defaults.max_advisory_db_age_days);
    if !(0..=MAX_DB_AGE_DAYS).contains(&max_age) {
        return Err(invalid(format!(
            "`audit.max_advisory_db_age_days` = {max_age} is out of range (0 to {MAX_DB_AGE_DAYS})"
        )));
    }
    let targets = raw.targets.unwrap_or_default();
    for t in &targets {
        crate::target::Platform::new(t).map_err(|e| invalid(format!("`audit.targets`: {e}")))?;
    }
    let p = Policy {
        direct,
        transitive,
        transitive_inherit,
        allow,
        ignore,
        deny_advisories: raw.deny_advisories.unwrap_or(defaults.deny_advisories),
        max_advisory_db_age_days: max_age,
        allow_missing_advisory_db: raw
            .allow_missing_advisory_db
            .unwrap_or(defaults.allow_missing_advisory_db),
        exclude_dev: raw.exclude_dev.unwrap_or(defaults.exclude_dev),
        targets,
        unevaluable: raw.unevaluable.unwrap_or(defaults.unevaluable),
        git_packages: raw.git_packages.unwrap_or(defaults.git_packages),
        other_registry_packages: raw
            .other_registry_packages
            .unwrap_or(defaults.other_registry_packages),
        evaluate_git: raw.evaluate_git.unwrap_or(defaults.evaluate_git),
        licenses: match raw.licenses {
            Some(l) => licenses(l)?,
            None => defaults.licenses,
        },
        bans: match raw.bans {
            Some(b) => bans(b)?,
            None => defaults.bans,
        },
        sources: match raw.sources {
            Some(s) => sources(s)?,
            None => defaults.sources,
        },
        supply_chain: match raw.supply_chain {
            Some(s) => supply_chain(s)?,
            None => defaults.supply_chain,
        },
    };
    // min_scenario_stars needs a scenario in the rules it ends up in.
    for (table, t) in [
        ("audit", Some(p.thresholds_for(true))),
        (
            "audit.transitive",
            p.transitive.as_ref().map(|_| p.thresholds_for(false)),
        ),
    ] {
        if let Some(t) = t
            && t.min_scenario_stars.is_some()
            && t.scenario.is_none()
        {
            return Err(invalid(format!(
                "`{table}.min_scenario_stars` needs a `scenario` in [{table}]{}",
                if table == "audit.transitive" {
                    " (or `inherit = [\"scenario\"]`)"
                } else {
                    ""
                }
            )));
        }
    }
    Ok(p)
}

fn requirement(key: &str, v: &str) -> Result<semver::VersionReq, AuditError> {
    semver::VersionReq::parse(v).map_err(|e| {
        invalid(format!(
            "`{key}` = \"{v}\" is not a version requirement: {e}"
        ))
    })
}

fn crate_match(key: &str, c: RawCrate) -> Result<CrateMatch, AuditError> {
    Ok(match c {
        RawCrate::Name(name) => CrateMatch {
            name,
            version: None,
        },
        RawCrate::Table(t) => CrateMatch {
            version: t
                .version
                .map(|v| requirement(&format!("{key}.version"), &v))
                .transpose()?,
            name: t.name,
        },
    })
}

/// An SPDX licence id (or `id WITH exception`) as a licensee, checked.
pub fn licensee(key: &str, id: &str) -> Result<spdx::Licensee, AuditError> {
    spdx::Licensee::parse(id).map_err(|e| {
        invalid(format!(
            "`{key}` names `{id}`, which is not an SPDX licence id: {}",
            e.reason
        ))
    })
}

fn licenses(l: RawLicenses) -> Result<LicensePolicy, AuditError> {
    for id in l.allow.iter().flatten() {
        licensee("audit.licenses.allow", id)?;
    }
    for id in &l.deny {
        licensee("audit.licenses.deny", id)?;
    }
    let mut exceptions = Vec::with_capacity(l.exceptions.len());
    for (i, e) in l.exceptions.into_iter().enumerate() {
        let key = format!("audit.licenses.exceptions[{i}]");
        for id in &e.allow {
            licensee(&format!("{key}.allow"), id)?;
        }
        exceptions.push(LicenseException {
            krate: crate_match(
                &key,
                RawCrate::Table(RawCrateTable {
                    name: e.name,
                    version: e.version,
                }),
            )?,
            allow: e.allow,
        });
    }
    Ok(LicensePolicy {
        allow: l.allow,
        deny: l.deny,
        exceptions,
        unlicensed: l.unlicensed.unwrap_or(Level::Fail),
    })
}

fn bans(b: RawBans) -> Result<BanPolicy, AuditError> {
    let mut deny = Vec::with_capacity(b.deny.len());
    for (i, d) in b.deny.into_iter().enumerate() {
        let key = format!("audit.bans.deny[{i}]");
        deny.push(match d {
            RawBan::Name(name) => BanEntry {
                krate: CrateMatch {
                    name,
                    version: None,
                },
                reason: None,
                wrappers: Vec::new(),
                use_instead: None,
            },
            RawBan::Table(t) => BanEntry {
                krate: crate_match(
                    &key,
                    RawCrate::Table(RawCrateTable {
                        name: t.name,
                        version: t.version,
                    }),
                )?,
                reason: t.reason,
                wrappers: t.wrappers,
                use_instead: t.use_instead,
            },
        });
    }
    let skip_duplicates = b
        .skip_duplicates
        .into_iter()
        .enumerate()
        .map(|(i, c)| crate_match(&format!("audit.bans.skip_duplicates[{i}]"), c))
        .collect::<Result<_, _>>()?;
    Ok(BanPolicy {
        deny,
        duplicates: b.duplicates.unwrap_or(BanPolicy::default().duplicates),
        skip_duplicates,
    })
}

fn sources(s: RawSources) -> Result<SourcePolicy, AuditError> {
    for forge in s.allow_org.keys() {
        if !FORGES.iter().any(|(f, _)| f == forge) {
            return Err(invalid(format!(
                "`audit.sources.allow_org` names `{forge}`, which is not a forge it knows ({})",
                FORGES.map(|(f, _)| f).join(", ")
            )));
        }
    }
    for (key, urls) in [
        ("allow_registries", &s.allow_registries),
        ("allow_git", &s.allow_git),
    ] {
        for u in urls {
            if !u.contains("://") {
                return Err(invalid(format!(
                    "`audit.sources.{key}` names `{u}`, which is not a URL"
                )));
            }
        }
    }
    Ok(SourcePolicy {
        allow_registries: s.allow_registries,
        allow_git: s.allow_git,
        allow_org: s.allow_org,
    })
}

fn supply_chain(s: RawSupplyChain) -> Result<SupplyChainPolicy, AuditError> {
    let d = SupplyChainPolicy::default();
    let window = |key: &str, v: i64| {
        if (0..=MAX_WINDOW_DAYS).contains(&v) {
            Ok(v)
        } else {
            Err(invalid(format!(
                "`audit.supply_chain.{key}` = {v} is out of range (0 to {MAX_WINDOW_DAYS})"
            )))
        }
    };
    Ok(SupplyChainPolicy {
        min_publish_age_days: s
            .min_publish_age_days
            .map(|v| window("min_publish_age_days", v))
            .transpose()?,
        publisher_change: s.publisher_change.unwrap_or(d.publisher_change),
        new_owner: s.new_owner.unwrap_or(d.new_owner),
        new_owner_days: s
            .new_owner_days
            .map(|v| window("new_owner_days", v))
            .transpose()?
            .unwrap_or(d.new_owner_days),
        new_build_script: s.new_build_script.unwrap_or(d.new_build_script),
        new_proc_macro: s.new_proc_macro.unwrap_or(d.new_proc_macro),
        new_links: s.new_links.unwrap_or(d.new_links),
        typosquat: s.typosquat.unwrap_or(d.typosquat),
        trusted_publishing_dropped: s
            .trusted_publishing_dropped
            .unwrap_or(d.trusted_publishing_dropped),
        checksum_mismatch: s.checksum_mismatch.unwrap_or(d.checksum_mismatch),
    })
}

/// Validate one rule table; `inherits_deny` leaves `deny_tiers` unset so
/// it is taken from `[audit]`.
fn thresholds(
    table: &str,
    t: RawThresholds,
    inherits_deny: bool,
) -> Result<Thresholds, AuditError> {
    let in_range = |key: &str, v: f64, (lo, hi): (f64, f64)| {
        if v.is_finite() && (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(invalid(format!(
                "`{table}.{key}` = {v} is out of range ({lo:.1} to {hi:.1})"
            )))
        }
    };
    let min_composite = t
        .min_composite
        .map(|v| in_range("min_composite", v, SCORE_RANGE))
        .transpose()?;
    if let Some(m) = &t.min_dimension {
        for (id, v) in m {
            if cratescope_model::Dimension::from_id(id).is_none() {
                return Err(invalid(format!(
                    "`{table}.min_dimension` names `{id}`, which is not a dimension ({})",
                    cratescope_model::Dimension::ALL
                        .iter()
                        .map(|d| d.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            in_range(&format!("min_dimension.{id}"), *v, SCORE_RANGE)?;
        }
    }
    let max_unsafe_density = t
        .max_unsafe_density
        .map(|v| in_range("max_unsafe_density", v, (0.0, 1000.0)))
        .transpose()?;
    let min_scenario_stars = t
        .min_scenario_stars
        .map(|v| {
            u8::try_from(v)
                .ok()
                .filter(|s| *s <= MAX_STARS)
                .ok_or_else(|| {
                    invalid(format!(
                        "`{table}.min_scenario_stars` = {v} is out of range (0 to {MAX_STARS})"
                    ))
                })
        })
        .transpose()?;
    let deny_tiers = match t.deny_tiers {
        Some(d) => Some(d),
        None if inherits_deny => None,
        None => Some(DEFAULT_DENY.to_vec()),
    };
    Ok(Thresholds {
        min_composite,
        deny_tiers,
        min_dimension: t.min_dimension,
        max_unsafe_density,
        scenario: t.scenario,
        min_scenario_stars,
    })
}

/// A day: a TOML date (`until = 2027-01-31`) or the same as a string;
/// anything with a time of day is refused (a day is what expires).
fn date(key: &str, v: &toml::Value) -> Result<jiff::civil::Date, AuditError> {
    let text = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(invalid(format!(
                "`{key}` = {other} must be a date (YYYY-MM-DD)"
            )));
        }
    };
    let is_day = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    if !is_day {
        return Err(invalid(format!(
            "`{key}` = {text} must be a date (YYYY-MM-DD)"
        )));
    }
    text.parse::<jiff::civil::Date>()
        .map_err(|e| invalid(format!("`{key}` = {text} is not a valid date: {e}")))
}

/// A policy and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedPolicy {
    /// The policy.
    pub policy: Policy,
    /// The file (None: the built-in defaults).
    pub file: Option<PathBuf>,
    /// What every output must say about it: keys of a deny.toml that are
    /// not applied.
    pub warnings: Vec<Message>,
}

impl LoadedPolicy {
    /// The built-in defaults.
    pub fn defaults() -> LoadedPolicy {
        LoadedPolicy {
            policy: Policy::default(),
            file: None,
            warnings: Vec::new(),
        }
    }
}

/// The tables of a cargo-deny configuration.
const DENY_TABLES: [&str; 6] = [
    "graph",
    "advisories",
    "licenses",
    "bans",
    "sources",
    "output",
];

/// Read a policy file's text: a cratescope.toml (its `[audit]` table, the
/// rest of the file checked as cratescope reads it, so a misspelled table
/// is an error) or a cargo-deny `deny.toml` (every key it does not apply
/// listed in the warnings).
pub fn from_file_text(text: &str) -> Result<(Policy, Vec<Message>), AuditError> {
    let t: toml::Table = toml::from_str(text).map_err(|e| toml_error("invalid TOML", e))?;
    let deny_like = DENY_TABLES.iter().any(|k| t.contains_key(*k));
    if !t.contains_key("audit") && deny_like {
        return super::deny_toml::from_table(&t);
    }
    // The whole file as cratescope reads it: unknown tables and keys are
    // errors naming them (`[adit]`, a top-level `[transitive]`).
    let file: crate::config::ConfigFile = toml::Value::Table(t.clone())
        .try_into()
        .map_err(|e| toml_error("invalid configuration file", e))?;
    check_model_tables(&file)?;
    match t.get("audit") {
        Some(toml::Value::Table(a)) => Ok((from_table(a)?, Vec::new())),
        Some(_) => Err(invalid("`audit` is not a table".into())),
        None => Err(invalid(
            "the file has no [audit] table (nor the [advisories], [licenses], [bans] or [sources] of a deny.toml)"
                .into(),
        )),
    }
}

/// `[model.X]` must name a part of the model: `[model.audit]` is a
/// misplaced policy, not an override that changes nothing.
fn check_model_tables(file: &crate::config::ConfigFile) -> Result<(), AuditError> {
    if file.model.0.is_empty() {
        return Ok(());
    }
    let known = toml::Value::try_from(cratescope_score::Model::embedded())
        .ok()
        .and_then(|v| v.as_table().map(|t| t.keys().cloned().collect::<Vec<_>>()))
        .unwrap_or_default();
    for k in file.model.0.keys() {
        // The model prints its signals and gates as arrays; overrides may
        // also key them by id under the singular name.
        let plural = format!("{k}s");
        if !known.iter().any(|x| x == k || *x == plural) {
            return Err(invalid(format!(
                "`model.{k}` is not a part of the model ({})",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Read a policy from a TOML text; a deny.toml key that would not be
/// applied is an error here (no report to list it in).
pub fn from_toml_text(text: &str) -> Result<Policy, AuditError> {
    let (p, warnings) = from_file_text(text)?;
    if let Some(w) = warnings.first() {
        let key = match w.get("key") {
            Some(Arg::Code(k)) => k.clone(),
            _ => w.id.clone(),
        };
        return Err(invalid(format!(
            "the deny.toml sets `{key}`, which cratescope does not apply ({} such key(s))",
            warnings.len()
        )));
    }
    Ok(p)
}

/// Read a policy file.
pub fn load_file(path: &Path) -> Result<LoadedPolicy, AuditError> {
    let text = std::fs::read_to_string(path).map_err(|e| AuditError::Policy {
        problem: format!("cannot read policy file `{}`", path.display()),
        source: Some(Box::new(e)),
    })?;
    let (policy, warnings) = from_file_text(&text).map_err(|e| match e {
        AuditError::Policy { problem, source } => AuditError::Policy {
            problem: format!("in `{}`: {problem}", path.display()),
            source,
        },
        other => other,
    })?;
    Ok(LoadedPolicy {
        policy,
        file: Some(path.to_path_buf()),
        warnings,
    })
}

/// The policy file of a workspace, as cargo-deny finds its deny.toml: the
/// root's `cratescope.toml` when it has an `[audit]` table (or does not
/// parse: its error is worth seeing), else the root's `deny.toml`,
/// `.deny.toml` or `.cargo/deny.toml`.
pub fn find_in_workspace(root: &Path) -> Option<PathBuf> {
    let ours = root.join("cratescope.toml");
    if let Ok(text) = std::fs::read_to_string(&ours) {
        match toml::from_str::<toml::Table>(&text) {
            Ok(t) if t.contains_key("audit") => return Some(ours),
            Err(_) => return Some(ours),
            Ok(_) => {}
        }
    }
    ["deny.toml", ".deny.toml", ".cargo/deny.toml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}

/// Check the policy against the model in force: scenarios must exist.
pub fn check_against_model(p: &Policy, model: &cratescope_score::Model) -> Result<(), AuditError> {
    for (table, t) in [
        ("audit", Some(&p.direct)),
        ("audit.transitive", p.transitive.as_ref()),
    ] {
        if let Some(id) = t.and_then(|t| t.scenario.as_ref())
            && !model.scenarios.iter().any(|s| &s.id == id)
        {
            return Err(invalid(format!(
                "`{table}.scenario` = \"{id}\" is not a scenario of the model ({})",
                model
                    .scenarios
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    Ok(())
}

/// The reasons of the gates that make a card ⛔ avoid (sentences the
/// score crate wrote), nested in the audit's own message.
fn avoid_reasons(e: &Evaluation) -> Vec<Message> {
    e.dimensions
        .iter()
        .flat_map(|d| &d.gates)
        .filter(|g| g.avoid)
        .map(|g| g.reason.message.clone())
        .collect()
}

/// The avoid gates that are the RustSec database speaking (the score
/// registry's ids): an `unmaintained` advisory, an open vulnerability or
/// soundness advisory.
const ADVISORY_GATES: [(&str, &[FindingKind]); 2] = [
    ("unmaintained", &[FindingKind::Unmaintained]),
    (
        "open-advisory",
        &[FindingKind::Vulnerability, FindingKind::Unsound],
    ),
];

/// Whether a card is ⛔ avoid only because of advisories the audit reports
/// as findings of their own on the same package: then the denied tier is
/// the same cause said twice (one finding per cause, issue 21), and the
/// advisory's own finding — with its ignore, if any — decides.
pub fn avoid_is_advisories(
    e: &Evaluation,
    findings: &[cratescope_model::audit::AdvisoryFinding],
) -> bool {
    let gates: Vec<&str> = e
        .dimensions
        .iter()
        .flat_map(|d| &d.gates)
        .filter(|g| g.avoid)
        .map(|g| g.id.as_str())
        .collect();
    e.tier == Tier::Avoid
        && !gates.is_empty()
        && gates.iter().all(|g| {
            ADVISORY_GATES
                .iter()
                .any(|(id, kinds)| id == g && findings.iter().any(|f| kinds.contains(&f.kind)))
        })
}

/// Judge one evaluation against thresholds.
pub fn judge(e: &Evaluation, t: &Thresholds) -> Judgement {
    let mut j = Judgement::default();
    let mut violate = |rule: &str, message: Message| {
        j.violations.push(Violation {
            rule: rule.into(),
            message: RuleMessage::new(message),
        })
    };
    if t.deny_tiers.as_ref().is_some_and(|d| d.contains(&e.tier)) {
        let why = avoid_reasons(e);
        violate(
            "denied-tier",
            if why.is_empty() {
                msg!("audit-denied-tier", tier = e.tier)
            } else {
                msg!(
                    "audit-denied-tier-because",
                    tier = e.tier,
                    reasons = Arg::messages(why)
                )
            },
        );
    }
    if let Some(min) = t.min_composite {
        match e.composite {
            Some(c) if c < min => violate(
                "min-composite",
                msg!(
                    "audit-min-composite",
                    score = Arg::code(format!("{c:.2}")),
                    min = Arg::code(format!("{min:.2}"))
                ),
            ),
            Some(_) => {}
            None => j.unchecked.push(msg!("audit-unchecked-min-composite")),
        }
    }
    for (dim, min) in t.min_dimension.iter().flatten() {
        match e.score(dim) {
            Some(s) if s < *min => violate(
                "min-dimension",
                msg!(
                    "audit-min-dimension",
                    dimension = Arg::dimension(dim.as_str()),
                    score = Arg::code(format!("{s:.2}")),
                    min = Arg::code(format!("{min:.2}"))
                ),
            ),
            Some(_) => {}
            None => j.unchecked.push(msg!(
                "audit-unchecked-min-dimension",
                dimension = Arg::dimension(dim.as_str())
            )),
        }
    }
    if let Some(max) = t.max_unsafe_density {
        match unsafe_density(e) {
            Some(d) if d > max => violate(
                "max-unsafe-density",
                msg!(
                    "audit-max-unsafe-density",
                    density = Arg::code(format!("{d:.2}")),
                    max = Arg::code(format!("{max:.2}"))
                ),
            ),
            Some(_) => {}
            None => j.unchecked.push(msg!("audit-unchecked-unsafe-density")),
        }
    }
    if let (Some(id), Some(min)) = (&t.scenario, t.min_scenario_stars) {
        match e.scenarios.iter().find(|s| &s.id == id) {
            Some(s) if s.stars < min => violate(
                "min-scenario-stars",
                msg!(
                    "audit-min-scenario-stars",
                    scenario = Arg::Scenario(id.clone()),
                    stars = u64::from(s.stars),
                    min = u64::from(min)
                ),
            ),
            Some(_) => {}
            None => j.unchecked.push(msg!(
                "audit-unchecked-scenario",
                scenario = Arg::Scenario(id.clone())
            )),
        }
    }
    j
}

/// Unsafe blocks+fns+impls per 1k lines, 0 for `#![forbid(unsafe_code)]`.
pub fn unsafe_density(e: &Evaluation) -> Option<f64> {
    e.dimensions
        .iter()
        .flat_map(|d| &d.signals)
        .find_map(|s| match s {
            SignalResult::Measured { id, raw, .. } if id == "unsafe-use" => match raw {
                Raw::Num(n) => Some(*n),
                // The signal's only text value is "forbid".
                Raw::Text(_) => Some(0.0),
                Raw::Bool(_) => None,
            },
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> Result<Policy, AuditError> {
        from_toml_text(text)
    }

    fn err(text: &str) -> String {
        crate::error::chain(&policy(text).unwrap_err())
    }

    #[test]
    fn transitive_rules_inherit_only_what_they_name() {
        let p = policy(
            r#"
[audit]
min_composite = 3.0
max_unsafe_density = 4.0
min_dimension = { maintenance = 2.5 }
[audit.transitive]
deny_tiers = []
inherit = ["max_unsafe_density"]
[[audit.allow]]
crate = "failure"
version = "^0.1"
reason = "only in an example"
until = 2027-01-31
"#,
        )
        .unwrap();
        let direct = p.thresholds_for(true);
        assert_eq!(direct.min_composite, Some(3.0));
        assert_eq!(direct.deny_tiers, Some(vec![Tier::Avoid]));
        let trans = p.thresholds_for(false);
        // Not inherited: the issue's 41 failures on fnv, scopeguard… came from
        // min_composite leaking into [audit.transitive].
        assert_eq!(trans.min_composite, None);
        assert_eq!(trans.min_dimension, None);
        assert_eq!(trans.deny_tiers, Some(vec![]));
        assert_eq!(trans.max_unsafe_density, Some(4.0));
        let today = jiff::civil::date(2026, 11, 25);
        let v = semver::Version::new(0, 1, 8);
        assert!(p.allowed("failure", &v, today).is_some());
        assert!(
            p.allowed("failure", &semver::Version::new(1, 0, 0), today)
                .is_none()
        );
        // Expired.
        assert!(
            p.allowed("failure", &v, jiff::civil::date(2027, 2, 1))
                .is_none()
        );
    }

    #[test]
    fn without_a_transitive_table_everything_is_judged_by_audit() {
        let p = policy("[audit]\nmin_composite = 2.0\n").unwrap();
        assert_eq!(p.thresholds_for(false), p.thresholds_for(true));
        // A transitive table that sets nothing still denies avoid by default.
        let p = policy("[audit]\nmin_composite = 2.0\n[audit.transitive]\n").unwrap();
        assert_eq!(p.thresholds_for(false).min_composite, None);
        assert_eq!(p.thresholds_for(false).deny_tiers, Some(vec![Tier::Avoid]));
    }

    #[test]
    fn bad_policies_are_errors_naming_the_key() {
        assert!(err("[audit]\nmin_compsite = 3.0\n").contains("min_compsite"));
        assert!(err("[audit.transitive]\nmin_compsite = 3.0\n").contains("min_compsite"));
        assert!(
            err("[[audit.allow]]\ncrate = \"x\"\nreason = \"r\"\nverison = \"1\"\n")
                .contains("verison")
        );
        assert!(err("[audit]\nmin_dimension = { speed = 3.0 }\n").contains("speed"));
        assert!(err("[audit]\nmin_scenario_stars = 3\n").contains("needs a `scenario`"));
        assert!(err("[audit]\ndeny_tiers = [\"bad\"]\n").contains("bad"));
        assert!(err("[[audit.allow]]\ncrate = \"x\"\nreason = \" \"\n").contains("audit.allow[0]"));
        assert!(
            err("[[audit.ignore]]\nid = \"RUSTSEC-2020-0036\"\nreason = \"\"\n")
                .contains("audit.ignore[0]")
        );
        assert!(
            err("[audit]\nmin_composite = 7.0\n")
                .contains("`audit.min_composite` = 7 is out of range")
        );
        assert!(err("[audit]\nmin_composite = nan\n").contains("`audit.min_composite` = NaN"));
        assert!(
            err("[audit.transitive]\nmin_composite = -inf\n")
                .contains("`audit.transitive.min_composite`")
        );
        assert!(
            err("[audit]\nmin_dimension = { security = 0.5 }\n")
                .contains("`audit.min_dimension.security`")
        );
        assert!(err("[audit]\nmax_unsafe_density = -1.0\n").contains("`audit.max_unsafe_density`"));
        assert!(
            err("[audit]\nmin_scenario_stars = 9\nscenario = \"x\"\n")
                .contains("`audit.min_scenario_stars` = 9")
        );
        assert!(
            err("[audit]\nmax_advisory_db_age_days = -1\n").contains("max_advisory_db_age_days")
        );
        assert!(
            err("[audit]\ntargets = [\"x86_64-unknown-nowhere\"]\n")
                .contains("x86_64-unknown-nowhere")
        );
        assert!(err("[audit]\ndeny_advisories = [\"bogus\"]\n").contains("bogus"));
        assert!(err("[audit]\nunevaluable = \"maybe\"\n").contains("maybe"));
        assert!(err("[audit.transitive]\ninherit = [\"allow\"]\n").contains("`allow`"));
        assert!(
            err("[[audit.ignore]]\nid = \"X\"\nreason = \"r\"\nuntil = 2027-02-30\n")
                .contains("until")
        );
        assert!(
            err("[[audit.ignore]]\nid = \"X\"\nreason = \"r\"\nuntil = \"soon\"\n")
                .contains("audit.ignore[0].until")
        );
        assert!(
            err("[[audit.ignore]]\nid = \"X\"\nreason = \"r\"\nuntil = 2027-01-01T10:00:00\n")
                .contains("audit.ignore[0].until")
        );
        assert!(
            err("[[audit.allow]]\ncrate = \"x\"\nreason = \"r\"\nversion = \"one\"\n")
                .contains("audit.allow[0].version")
        );
        assert!(err("[audit.transitive]\nmin_scenario_stars = 2\n").contains("inherit"));
        assert!(err("[model]\n").contains("no [audit] table"));
        // Typos of tables outside [audit] are errors too: a gate must not
        // pass because its rules were never read.
        assert!(err("[adit]\nmin_composite = 3.0\n").contains("adit"));
        assert!(
            err("[audit]\nmin_composite = 3.0\n[transitive]\nmin_composite = 2.0\n")
                .contains("transitive")
        );
        assert!(err("[audit]\n[model.audit]\nmin_composite = 3.0\n").contains("model.audit"));
        assert!(
            err("[audit.licenses]\nallow = [\"MIT\", \"Not-A-Licence\"]\n")
                .contains("Not-A-Licence")
        );
        assert!(err("[audit.bans]\ndupes = \"warn\"\n").contains("dupes"));
        assert!(
            err("[audit.supply_chain]\nmin_publish_age_days = -3\n")
                .contains("min_publish_age_days")
        );
        assert!(
            err("[audit.sources]\nallow_org = { sourcehut = [\"x\"] }\n").contains("sourcehut")
        );
        assert_eq!(policy("[audit]\n").unwrap(), Policy::default());
    }

    #[test]
    fn scenarios_are_checked_against_the_model() {
        let model = cratescope_score::Model::embedded();
        let p = policy("[audit]\nscenario = \"enterprise\"\nmin_scenario_stars = 3\n").unwrap();
        assert!(check_against_model(&p, &model).is_ok());
        let p = policy("[audit]\nscenario = \"entreprise\"\nmin_scenario_stars = 3\n").unwrap();
        let e = check_against_model(&p, &model).unwrap_err().to_string();
        assert!(e.contains("`audit.scenario` = \"entreprise\""), "{e}");
    }
}
