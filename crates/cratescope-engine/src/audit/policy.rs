//! The audit policy (`[audit]` of cratescope.toml, every key documented in
//! docs/audit.md) and how one evaluation is judged against it.
//!
//! Reading is strict: an unknown key is an error, and every number is
//! checked (finite, in range) with an error naming the key.
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

use serde::Deserialize;

use super::AuditError;
pub use cratescope_model::audit::{
    AllowEntry, DEFAULT_DENY, DEFAULT_DENY_ADVISORIES, DEFAULT_MAX_DB_AGE_DAYS, FindingKind,
    IgnoreEntry, Judgement, Level, Policy, RULES, THRESHOLD_KEYS, Thresholds, Violation,
};
use cratescope_model::{Evaluation, Raw, SignalResult, Tier};

/// The composite and dimension scale.
const SCORE_RANGE: (f64, f64) = (1.0, 5.0);
/// Scenario stars.
const MAX_STARS: u8 = 5;
/// A database age beyond this is surely a typo (ten years).
const MAX_DB_AGE_DAYS: i64 = 3650;

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
}

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

/// Read `[audit]` from a TOML file's text.
pub fn from_toml_text(text: &str) -> Result<Policy, AuditError> {
    let t: toml::Table = toml::from_str(text).map_err(|e| toml_error("invalid TOML", e))?;
    match t.get("audit") {
        Some(toml::Value::Table(a)) => from_table(a),
        Some(_) => Err(invalid("`audit` is not a table".into())),
        None => Err(invalid("the file has no [audit] table".into())),
    }
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

/// Judge one evaluation against thresholds.
pub fn judge(e: &Evaluation, t: &Thresholds) -> Judgement {
    let mut j = Judgement::default();
    let mut violate = |rule: &str, message: String| {
        j.violations.push(Violation {
            rule: rule.into(),
            message,
        })
    };
    if t.deny_tiers.as_ref().is_some_and(|d| d.contains(&e.tier)) {
        let why: Vec<String> = e
            .dimensions
            .iter()
            .flat_map(|d| &d.gates)
            .filter(|g| g.avoid)
            .map(|g| g.id.clone())
            .collect();
        violate(
            "denied-tier",
            format!(
                "tier {} is denied{}",
                e.tier.id(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", why.join("; "))
                }
            ),
        );
    }
    if let Some(min) = t.min_composite {
        match e.composite {
            Some(c) if c < min => violate("min-composite", format!("composite {c:.2} < {min:.2}")),
            Some(_) => {}
            None => j
                .unchecked
                .push("min-composite: no composite (no dimension had evidence)".into()),
        }
    }
    for (dim, min) in t.min_dimension.iter().flatten() {
        match e.score(dim) {
            Some(s) if s < *min => violate("min-dimension", format!("{dim} {s:.2} < {min:.2}")),
            Some(_) => {}
            None => j
                .unchecked
                .push(format!("min-dimension: {dim} has no score")),
        }
    }
    if let Some(max) = t.max_unsafe_density {
        match unsafe_density(e) {
            Some(d) if d > max => violate(
                "max-unsafe-density",
                format!("{d:.2} unsafe per 1k lines > {max:.2}"),
            ),
            Some(_) => {}
            None => j
                .unchecked
                .push("max-unsafe-density: unsafe use not measured (no tarball)".into()),
        }
    }
    if let (Some(id), Some(min)) = (&t.scenario, t.min_scenario_stars) {
        match e.scenarios.iter().find(|s| &s.id == id) {
            Some(s) if s.stars < min => violate(
                "min-scenario-stars",
                format!("{id} scenario {} stars < {min}", s.stars),
            ),
            Some(_) => {}
            None => j.unchecked.push(format!(
                "min-scenario-stars: no `{id}` scenario on the card"
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
