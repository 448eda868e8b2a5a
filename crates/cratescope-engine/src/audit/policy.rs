//! The audit policy (`[audit]` of cratescope.toml) and how one evaluation is
//! judged against it.
//!
//! A rule whose input was not measured (a dimension without a score, a crate
//! whose tarball could not be read for the unsafe density) is *not* a
//! violation: offline audits lack the web APIs, and a CI gate that fails on
//! missing data fails on the network rather than on the dependency. Such
//! rules are reported as "not checked" instead. Deliberately ignored:
//! provisional tiers (the tier is judged as shown).

use super::AuditError;
pub use cratescope_model::audit::{
    AllowEntry, DEFAULT_DENY, Judgement, Policy, RULES, Thresholds, Violation,
};
use cratescope_model::{Evaluation, Raw, SignalResult};

/// Read the policy from an `[audit]` table.
pub fn from_table(table: &toml::Table) -> Result<Policy, AuditError> {
    let mut p: Policy =
        toml::Value::Table(table.clone())
            .try_into()
            .map_err(|e: toml::de::Error| AuditError::Policy {
                problem: "invalid [audit] table".into(),
                source: Some(Box::new(e)),
            })?;
    if p.thresholds.deny_tiers.is_none() {
        p.thresholds.deny_tiers = Some(DEFAULT_DENY.to_vec());
    }
    validate(&p)?;
    Ok(p)
}

/// Read `[audit]` from a TOML file's text.
pub fn from_toml_text(text: &str) -> Result<Policy, AuditError> {
    let t: toml::Table = toml::from_str(text).map_err(|e| AuditError::Policy {
        problem: "invalid TOML".into(),
        source: Some(Box::new(e)),
    })?;
    match t.get("audit") {
        Some(toml::Value::Table(a)) => from_table(a),
        Some(_) => Err(AuditError::Policy {
            problem: "`audit` is not a table".into(),
            source: None,
        }),
        None => Err(AuditError::Policy {
            problem: "the file has no [audit] table".into(),
            source: None,
        }),
    }
}

fn validate(p: &Policy) -> Result<(), AuditError> {
    let err = |problem: String| {
        Err(AuditError::Policy {
            problem,
            source: None,
        })
    };
    for t in std::iter::once(&p.thresholds).chain(p.transitive.as_ref()) {
        for id in t.min_dimension.iter().flat_map(|m| m.keys()) {
            if cratescope_model::Dimension::from_id(id).is_none() {
                return err(format!("unknown dimension `{id}` in min_dimension"));
            }
        }
        if t.min_scenario_stars.is_some() && t.scenario.is_none() && p.thresholds.scenario.is_none()
        {
            return err("min_scenario_stars needs a `scenario`".into());
        }
    }
    for a in &p.allow {
        if a.reason.trim().is_empty() {
            return err(format!("allow-list entry for `{}` has no reason", a.name));
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
        let why = e
            .dimensions
            .iter()
            .flat_map(|d| &d.gates)
            .find(|g| g.avoid)
            .map(|g| format!(": {}", g.reason));
        violate(
            "denied-tier",
            format!("tier {} is denied{}", e.tier.id(), why.unwrap_or_default()),
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
    use cratescope_model::Tier;

    fn policy(text: &str) -> Result<Policy, AuditError> {
        from_toml_text(text)
    }

    #[test]
    fn reads_thresholds_transitive_overrides_and_allow_list() {
        let p = policy(
            r#"
[audit]
min_composite = 3.0
max_unsafe_density = 4.0
min_dimension = { maintenance = 2.5 }
[audit.transitive]
min_composite = 2.0
deny_tiers = []
min_dimension = { security = 2.0 }
[[audit.allow]]
crate = "failure"
version = "^0.1"
reason = "only in an example"
"#,
        )
        .unwrap();
        let direct = p.thresholds_for(true);
        assert_eq!(direct.min_composite, Some(3.0));
        assert_eq!(direct.deny_tiers, Some(vec![Tier::Avoid]));
        let trans = p.thresholds_for(false);
        assert_eq!(trans.min_composite, Some(2.0));
        assert_eq!(trans.deny_tiers, Some(vec![]));
        assert_eq!(trans.max_unsafe_density, Some(4.0));
        assert_eq!(
            direct
                .min_dimension
                .as_ref()
                .and_then(|m| m.get("maintenance")),
            Some(&2.5)
        );
        // A transitive map replaces the direct one: maintenance is not inherited.
        let dims = trans.min_dimension.unwrap_or_default();
        assert_eq!(dims.len(), 1);
        assert_eq!(dims.get("security"), Some(&2.0));
        assert!(
            p.allowed("failure", &semver::Version::new(0, 1, 8))
                .is_some()
        );
        assert!(
            p.allowed("failure", &semver::Version::new(1, 0, 0))
                .is_none()
        );
    }

    #[test]
    fn bad_policies_are_errors() {
        assert!(policy("[audit]\nmin_compsite = 3.0\n").is_err());
        assert!(policy("[audit]\nmin_dimension = { speed = 3.0 }\n").is_err());
        assert!(policy("[audit]\nmin_scenario_stars = 3\n").is_err());
        assert!(policy("[audit]\ndeny_tiers = [\"bad\"]\n").is_err());
        assert!(policy("[[audit.allow]]\ncrate = \"x\"\nreason = \" \"\n").is_err());
        assert!(
            policy("[model]\n")
                .unwrap_err()
                .to_string()
                .contains("no [audit] table")
        );
        assert_eq!(policy("[audit]\n").unwrap(), Policy::default());
    }
}
