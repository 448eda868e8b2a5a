//! Checks of a model: every number finite and in range, weights not all
//! zero, every registered signal's parameters present, every gate, veto
//! condition and required signal registered. Each error names the key, as a
//! user would write it under `[model]`.

use std::collections::BTreeSet;

use crate::error::ModelError as Error;
use crate::model::{Model, TierRule};
use crate::{condition, gate, signal};

fn err(key: impl std::fmt::Display, problem: impl std::fmt::Display) -> Error {
    Error(format!("model key `{key}` {problem}"))
}

/// A number that must be finite and within `[min, max]`.
fn range(key: impl std::fmt::Display, v: f64, min: f64, max: f64) -> Result<(), Error> {
    if !v.is_finite() {
        return Err(err(key, format!("is not a finite number ({v})")));
    }
    if v < min || v > max {
        return Err(err(key, format!("is {v}, outside [{min}, {max}]")));
    }
    Ok(())
}

/// Every key of `keys` has a reason in `why`, and `why` names no other key.
fn reasons(
    section: &str,
    keys: &[&str],
    why: &std::collections::BTreeMap<String, String>,
) -> Result<(), Error> {
    for k in keys {
        match why.get(*k) {
            Some(w) if !w.trim().is_empty() => {}
            _ => {
                return Err(err(
                    format!("{section}.why.{k}"),
                    "is missing: every number says why",
                ));
            }
        }
    }
    for k in why.keys() {
        if !keys.contains(&k.as_str()) {
            return Err(err(
                format!("{section}.why.{k}"),
                "names no number of the section",
            ));
        }
    }
    Ok(())
}

/// Score on the 1–5 scale.
const SCORE: (f64, f64) = (1.0, 5.0);

pub(crate) fn model(m: &Model) -> Result<(), Error> {
    let t = &m.thresholds;
    range(
        "thresholds.insufficient_confidence",
        t.insufficient_confidence,
        0.0,
        1.0,
    )?;

    range(
        "thresholds.advisory_db_stale_days",
        t.advisory_db_stale_days as f64,
        0.0,
        36_500.0,
    )?;

    range(
        "thresholds.requirement_min_s",
        t.requirement_min_s,
        0.0,
        1.0,
    )?;
    range(
        "thresholds.requirement_max_stars",
        t.requirement_max_stars,
        1.0,
        5.0,
    )?;
    if t.requirement_max_stars.fract() != 0.0 {
        return Err(err(
            "thresholds.requirement_max_stars",
            "must be a whole number",
        ));
    }
    reasons(
        "thresholds",
        &[
            "insufficient_confidence",
            "advisory_db_stale_days",
            "requirement_min_s",
            "requirement_max_stars",
        ],
        &t.why,
    )?;

    if m.composite
        .weights
        .get(&cratescope_model::Dimension::Footprint)
        .is_some_and(|w| *w != 0.0)
    {
        return Err(err(
            "composite.footprint",
            "must be 0: the build footprint is shown, never part of the composite",
        ));
    }
    let mut total = 0.0;
    for (d, w) in &m.composite.weights {
        range(format!("composite.{}", d.id()), *w, 0.0, 1.0e6)?;
        total += w;
    }
    if total <= 0.0 {
        return Err(err("composite", "has no positive weight"));
    }

    let i = &m.icons;
    for (k, v) in [("star", i.star), ("check", i.check), ("warn", i.warn)] {
        range(format!("icons.{k}"), v, SCORE.0, SCORE.1)?;
    }
    if !(i.star >= i.check && i.check >= i.warn) {
        return Err(err("icons", "must satisfy star >= check >= warn"));
    }
    reasons("icons", &["star", "check", "warn"], &i.why)?;

    let tiers = [
        ("industry_standard", &m.tiers.industry_standard),
        ("production_ready", &m.tiers.production_ready),
        ("mature", &m.tiers.mature),
        ("early", &m.tiers.early),
    ];
    for (name, rule) in tiers {
        tier_rule(&format!("tiers.{name}"), rule)?;
    }
    for w in tiers.windows(2) {
        if w[0].1.composite < w[1].1.composite {
            return Err(err(
                format!("tiers.{}.composite", w[1].0),
                format!("is above tiers.{}.composite: tiers go from the top", w[0].0),
            ));
        }
    }
    reasons(
        "tiers",
        &["industry_standard", "production_ready", "mature", "early"],
        &m.tiers.why,
    )?;

    let f = &m.finished_floor;
    range("finished_floor.floor", f.floor, 0.0, 1.0)?;
    range("finished_floor.min_freshness", f.min_freshness, 0.0, 1.0)?;
    range("finished_floor.min_usage", f.min_usage, SCORE.0, SCORE.1)?;
    range(
        "finished_floor.old_line_days",
        f.old_line_days,
        0.0,
        36_500.0,
    )?;
    reasons(
        "finished_floor",
        &["floor", "min_freshness", "min_usage", "old_line_days"],
        &f.why,
    )?;

    let l = &m.lifecycle;
    range("lifecycle.young_days", l.young_days, 0.0, 36_500.0)?;
    range(
        "lifecycle.unstable_below",
        l.unstable_below,
        SCORE.0,
        SCORE.1,
    )?;
    range("lifecycle.quiet_below", l.quiet_below, SCORE.0, SCORE.1)?;
    range("lifecycle.quiet_commits", l.quiet_commits, 0.0, 1.0e6)?;
    reasons(
        "lifecycle",
        &[
            "young_days",
            "unstable_below",
            "quiet_below",
            "quiet_commits",
        ],
        &l.why,
    )?;

    range(
        "avoid.composite_cap",
        m.avoid.composite_cap,
        SCORE.0,
        SCORE.1,
    )?;
    reasons("avoid", &["composite_cap"], &m.avoid.why)?;

    let c = &m.card;
    range("card.strength_min", c.strength_min, SCORE.0, SCORE.1)?;
    range("card.risk_max", c.risk_max, SCORE.0, SCORE.1)?;
    range("card.max_strengths", c.max_strengths, 0.0, 8.0)?;
    if c.max_strengths.fract() != 0.0 {
        return Err(err("card.max_strengths", "must be a whole number"));
    }
    range("card.risk_signal_max", c.risk_signal_max, 0.0, 1.0)?;
    range("card.max_risks", c.max_risks, 0.0, 8.0)?;
    if c.max_risks.fract() != 0.0 {
        return Err(err("card.max_risks", "must be a whole number"));
    }
    reasons(
        "card",
        &[
            "strength_min",
            "risk_max",
            "max_strengths",
            "risk_signal_max",
            "max_risks",
            "not_risks",
        ],
        &c.why,
    )?;
    for (i, id) in c.not_risks.iter().enumerate() {
        if signal::find(id).is_none() {
            return Err(err(
                format!("card.not_risks[{i}]"),
                format!("names unknown signal `{id}`"),
            ));
        }
    }

    signals(m)?;
    gates(m)?;
    scenarios(m)?;
    Ok(())
}

fn tier_rule(key: &str, r: &TierRule) -> Result<(), Error> {
    range(format!("{key}.composite"), r.composite, SCORE.0, SCORE.1)?;
    if let Some(v) = r.confidence {
        range(format!("{key}.confidence"), v, 0.0, 1.0)?;
    }
    for (k, v) in [
        ("usage", r.usage),
        ("stability", r.stability),
        ("maintenance", r.maintenance),
    ] {
        if let Some(v) = v {
            range(format!("{key}.{k}"), v, SCORE.0, SCORE.1)?;
        }
    }
    Ok(())
}

fn signals(m: &Model) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for s in &m.signals {
        let key = format!("signal.{}", s.id);
        if !seen.insert(s.id.as_str()) {
            return Err(err(&key, "is defined twice"));
        }
        let def = signal::find(&s.id).ok_or_else(|| err(&key, "is not a registered signal"))?;
        if def.dimension != s.dimension {
            return Err(err(
                format!("{key}.dimension"),
                format!(
                    "is {}, the signal feeds {}",
                    s.dimension.id(),
                    def.dimension.id()
                ),
            ));
        }
        range(format!("{key}.weight"), s.weight, 0.0, 1.0e6)?;
        for (i, bp) in s.breakpoints.iter().enumerate() {
            range(
                format!("{key}.breakpoints[{i}] raw"),
                bp[0],
                f64::MIN,
                f64::MAX,
            )?;
            range(format!("{key}.breakpoints[{i}] s"), bp[1], 0.0, 1.0)?;
        }
        if s.breakpoints.windows(2).any(|w| w[1][0] < w[0][0]) {
            return Err(err(format!("{key}.breakpoints"), "are out of order"));
        }
        if s.log_scale && s.sqrt_scale {
            return Err(err(&key, "cannot use both log_scale and sqrt_scale"));
        }
        for p in def.params {
            let pk = format!("{key}.params.{}", p.name);
            let v = s
                .params
                .get(p.name)
                .ok_or_else(|| err(&pk, "is missing: the signal's rule needs it"))?;
            range(&pk, v.value, p.min, p.max)?;
            if v.why.trim().is_empty() {
                return Err(err(format!("{pk}.why"), "is empty: every number says why"));
            }
        }
        for name in s.params.keys() {
            if !def.params.iter().any(|p| p.name == name) {
                return Err(err(
                    format!("{key}.params.{name}"),
                    "is not a parameter of the signal",
                ));
            }
        }
        for set in def.sets {
            if !s.sets.contains_key(*set) {
                return Err(err(
                    format!("{key}.sets.{set}"),
                    "is missing: the signal's rule needs it",
                ));
            }
        }
        for name in s.sets.keys() {
            if !def.sets.contains(&name.as_str()) {
                return Err(err(
                    format!("{key}.sets.{name}"),
                    "is not a list of the signal",
                ));
            }
        }
    }
    // Every dimension that has signals has some weight to average over.
    for d in cratescope_model::Dimension::ALL {
        let specs: Vec<_> = m.signals.iter().filter(|s| s.dimension == d).collect();
        if !specs.is_empty() && specs.iter().all(|s| s.weight <= 0.0) {
            return Err(err(
                format!("signal weights of {}", d.id()),
                "are all zero: the dimension could never be scored",
            ));
        }
    }
    Ok(())
}

fn gates(m: &Model) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for g in &m.gates {
        let key = format!("gate.{}", g.id);
        if !seen.insert(g.id.as_str()) {
            return Err(err(&key, "is defined twice"));
        }
        let def = gate::find(&g.id).ok_or_else(|| err(&key, "is not a registered gate"))?;
        if def.dimension != g.dimension {
            return Err(err(
                format!("{key}.dimension"),
                format!(
                    "is {}, the gate caps {}",
                    g.dimension.id(),
                    def.dimension.id()
                ),
            ));
        }
        range(format!("{key}.cap"), g.cap, SCORE.0, SCORE.1)?;
        if let Some(c) = g.composite_cap {
            if g.avoid {
                return Err(err(
                    format!("{key}.composite_cap"),
                    "is set on a ⛔ gate: every ⛔ caps the composite by avoid.composite_cap",
                ));
            }
            range(format!("{key}.composite_cap"), c, SCORE.0, SCORE.1)?;
        }
    }
    Ok(())
}

fn scenarios(m: &Model) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for sc in &m.scenarios {
        let key = format!("scenario.{}", sc.id);
        if !seen.insert(sc.id.as_str()) {
            return Err(err(&key, "is defined twice"));
        }
        let mut total = 0.0;
        for (d, w) in &sc.weights {
            range(format!("{key}.weights.{}", d.id()), *w, 0.0, 1.0e6)?;
            total += w;
        }
        if total <= 0.0 {
            return Err(err(format!("{key}.weights"), "has no positive weight"));
        }
        for r in &sc.requires {
            if signal::find(r).is_none() {
                return Err(err(
                    format!("{key}.requires"),
                    format!("names unknown signal `{r}`"),
                ));
            }
        }
        for (i, v) in sc.vetoes.iter().enumerate() {
            let vk = format!("{key}.veto[{i}]");
            if condition::find(&v.condition).is_none() {
                return Err(err(
                    format!("{vk}.condition"),
                    format!("names unknown condition `{}`", v.condition),
                ));
            }
            range(format!("{vk}.max_stars"), f64::from(v.max_stars), 1.0, 5.0)?;
            if !condition::is_veto_note(&v.note) {
                let known: Vec<String> = condition::veto_notes()
                    .into_iter()
                    .map(|m| format!("`{}`", m.id))
                    .collect();
                return Err(err(
                    format!("{vk}.note"),
                    format!(
                        "names unknown message `{}` (a veto's note is a message id: {})",
                        v.note,
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}
