//! Scoring: pure and deterministic. Same [`Facts`], same [`Model`] → the same
//! [`Evaluation`], byte for byte. Ages are computed against `facts.as_of`.
//!
//! Order (SCORING.md, model 2): signals → dimension averages and confidence
//! → the finished-crate rule on D7 → gates → composite and its range → tier
//! (never granted on missing data) → scenarios (vetoes fail closed on
//! missing data) → strengths, risks and the one "not measured" line.

use std::collections::BTreeSet;

use crate::condition::{self, DimensionView, Holds};
use crate::gate;
use crate::model::{Dimension, Model, TierRule, WhenUnknown};
use crate::signal::{self, Gate, round};
use cratescope_model::source::source_label;
use cratescope_model::{
    DimensionResult, Evaluation, GateResult, Info, SCHEMA_VERSION, ScenarioResult, SignalResult,
    SourceId, Tier,
};
use cratescope_model::{Facts, SourceState};

struct Scored {
    results: Vec<SignalResult>,
    /// (id, weight, s, evidence) of available signals.
    avail: Vec<(String, f64, f64, String)>,
    total_weight: f64,
}

fn measure_signals(facts: &Facts, model: &Model, dim: Dimension) -> Scored {
    let mut results = Vec::new();
    let mut avail = Vec::new();
    let mut total_weight = 0.0;
    for def in signal::REGISTRY.iter().filter(|d| d.dimension == dim) {
        let Some(spec) = model.signal(def.id) else {
            continue;
        };
        let (result, s, applies) = signal::measure_def(facts, def, spec);
        if applies {
            total_weight += spec.weight;
        }
        if let (Some(s), SignalResult::Measured { evidence, .. }) = (s, &result) {
            avail.push((def.id.to_string(), spec.weight, s, evidence.clone()));
        }
        results.push(result);
    }
    Scored {
        results,
        avail,
        total_weight,
    }
}

fn average(avail: &[(String, f64, f64, String)], total: f64) -> (Option<f64>, f64) {
    let w: f64 = avail.iter().map(|a| a.1).sum();
    if w <= 0.0 {
        return (None, 0.0);
    }
    let x: f64 = avail.iter().map(|a| a.1 * a.2).sum::<f64>() / w;
    let c = if total > 0.0 { w / total } else { 0.0 };
    (Some(1.0 + 4.0 * x), c)
}

struct DimState {
    dim: Dimension,
    scored: Scored,
    score: Option<f64>,
    confidence: f64,
    note: Option<String>,
    gates: Vec<Gate>,
}

impl DimState {
    fn measured(&self, id: &str) -> Option<f64> {
        self.scored.avail.iter().find(|a| a.0 == id).map(|a| a.2)
    }
}

/// A short "no data" note for a dimension: the sources that were not read,
/// by name (their reasons are in the card's one "not measured" line), or,
/// when they were read, what the signals say.
fn no_data_note(facts: &Facts, d: &DimState) -> String {
    let mut labels: Vec<&'static str> = Vec::new();
    let mut reasons: Vec<&str> = Vec::new();
    for r in &d.scored.results {
        if let SignalResult::Unavailable { id, unavailable } = r
            && let Some(def) = signal::find(id)
        {
            if facts.was_read(def.source) {
                // A reason may name two sources ("API: …; dump: …"); each once.
                for part in unavailable.split("; ") {
                    // A part about a source that was not read is said by its label.
                    let unread = [SourceId::CratesIo, SourceId::Dump, SourceId::Git]
                        .into_iter()
                        .find(|&id| part.starts_with(source_label(id)) && !facts.was_read(id))
                        .map(source_label);
                    match unread {
                        Some(l) => {
                            if !labels.contains(&l) {
                                labels.push(l);
                            }
                        }
                        None => {
                            if !reasons.contains(&part) {
                                reasons.push(part);
                            }
                        }
                    }
                }
            } else if !labels.contains(&source_label(def.source)) {
                labels.push(source_label(def.source));
            }
        }
    }
    let mut parts = Vec::new();
    if !labels.is_empty() {
        parts.push(format!("{} not read", labels.join(", ")));
    }
    parts.extend(reasons.into_iter().map(str::to_string));
    format!("no data: {}", parts.join("; "))
}

/// Evaluate facts under a model.
pub fn evaluate(facts: &Facts, model: &Model) -> Evaluation {
    let all_gates = gate::fired(facts, model);
    let mut dims: Vec<DimState> = Dimension::ALL
        .into_iter()
        .map(|dim| {
            let scored = measure_signals(facts, model, dim);
            let (score, confidence) = average(&scored.avail, scored.total_weight);
            DimState {
                dim,
                scored,
                score,
                confidence,
                note: None,
                gates: Vec::new(),
            }
        })
        .collect();

    for d in dims.iter_mut() {
        if d.confidence < model.thresholds.insufficient_confidence {
            d.note = Some(if d.scored.avail.is_empty() {
                no_data_note(facts, d)
            } else {
                format!(
                    "not enough data: {:.0}% of the signal weight measured",
                    d.confidence * 100.0
                )
            });
            d.score = None;
        }
    }

    // The finished-crate rule needs D4, and comes before gates cap D7.
    let finished = finished_crate(facts, model, &mut dims, &all_gates);

    for d in dims.iter_mut() {
        for g in all_gates.iter().filter(|g| g.dimension == d.dim) {
            // A gate is evidence of its own: it sets the score when none could be computed.
            d.score = Some(d.score.map_or(g.cap, |s| s.min(g.cap)));
            d.gates.push(g.clone());
        }
    }

    let (mut composite, confidence, mut composite_range) = composite(model, &dims);
    // Hard flags beat averages: a gate that says the crate is abandoned caps
    // the composite too (the tier already says ⛔).
    if let Some(cap) = all_gates
        .iter()
        .filter_map(|g| g.composite_cap)
        .reduce(f64::min)
    {
        composite = composite.map(|c| c.min(cap));
        composite_range = composite_range.map(|[lo, hi]| [lo.min(cap), hi.min(cap)]);
    }
    let (tier, provisional, provisional_reason) = tier(
        facts, model, &dims, &all_gates, composite, confidence, &finished,
    );

    let dimensions: Vec<DimensionResult> = dims.iter().map(|d| result(facts, model, d)).collect();

    let fp = {
        let mut d = DimState {
            dim: Dimension::Footprint,
            scored: measure_signals(facts, model, Dimension::Footprint),
            score: None,
            confidence: 0.0,
            note: None,
            gates: Vec::new(),
        };
        let (score, confidence) = average(&d.scored.avail, d.scored.total_weight);
        d.confidence = confidence;
        if confidence >= model.thresholds.insufficient_confidence {
            d.score = score;
            d.note = Some("build footprint (5 = light): shown, not part of the composite".into());
        } else {
            d.note = Some(no_data_note(facts, &d));
        }
        d
    };
    let footprint = (!fp.scored.results.is_empty()).then(|| result(facts, model, &fp));

    // Scenarios may weigh the footprint and require its signals (no-std).
    let mut scenario_dims: Vec<&DimState> = dims.iter().collect();
    scenario_dims.push(&fp);
    let scenarios = score_scenarios(facts, model, &scenario_dims, &all_gates);
    let (strengths, risks) = strengths_and_risks(model, &dims, &all_gates);
    let not_measured = not_measured(facts, model, &dims);

    Evaluation {
        schema_version: SCHEMA_VERSION,
        name: facts.name.clone(),
        version: facts.version.to_string(),
        as_of: facts.as_of,
        model_version: model.version.clone(),
        info: info(facts),
        composite: composite.map(|c| round(c, 2)),
        composite_range: composite_range.map(|[lo, hi]| [round(lo, 2), round(hi, 2)]),
        confidence: round(confidence, 2),
        tier,
        provisional,
        provisional_reason,
        dimensions,
        scenarios,
        strengths,
        risks,
        not_measured,
        footprint,
        sources: facts.sources.clone(),
        model_overrides: model.overrides.clone(),
        warnings: Vec::new(),
    }
}

/// The unavailable signals whose source reports only the present, asked
/// about a past day.
fn not_reconstructed(facts: &Facts, results: &[SignalResult]) -> Vec<String> {
    results
        .iter()
        .filter_map(|r| match r {
            SignalResult::Unavailable { id, .. } => signal::find(id)
                .filter(|def| {
                    facts.source(def.source).is_some_and(|s| s.present_only)
                        // Issue 13: the dump answered for the past day, but
                        // not this figure.
                        || (def.source == cratescope_model::SourceId::Dump
                            && facts
                                .dump
                                .as_ref()
                                .is_some_and(|d| !d.not_reconstructed.is_empty()))
                })
                .map(|_| id.clone()),
            SignalResult::Measured { .. } => None,
        })
        .collect()
}

fn result(facts: &Facts, model: &Model, d: &DimState) -> DimensionResult {
    DimensionResult {
        id: d.dim.id().to_string(),
        score: d.score.map(|s| round(s, 2)),
        confidence: round(d.confidence, 2),
        icon: d.score.map(|s| model.icon(round(s, 2)).to_string()),
        signals: d.scored.results.clone(),
        gates: d
            .gates
            .iter()
            .map(|g| GateResult {
                id: g.id.clone(),
                cap: g.cap,
                avoid: g.avoid,
                reason: g.reason.clone(),
            })
            .collect(),
        note: d.note.clone(),
        not_reconstructed: not_reconstructed(facts, &d.scored.results),
    }
}

/// The composite (mean of scored dimensions by weight), its confidence, and
/// its range when a weighed dimension could not be scored.
fn composite(model: &Model, dims: &[DimState]) -> (Option<f64>, f64, Option<[f64; 2]>) {
    let mut wsum = 0.0;
    let mut wall = 0.0;
    let mut acc = 0.0;
    let mut conf_acc = 0.0;
    let mut w_missing = 0.0;
    for d in dims {
        let w = model.composite.weights.get(&d.dim).copied().unwrap_or(0.0);
        if w <= 0.0 {
            continue;
        }
        wall += w;
        match d.score {
            Some(s) => {
                wsum += w;
                acc += w * s;
                conf_acc += w * d.confidence;
            }
            None => w_missing += w,
        }
    }
    let composite = (wsum > 0.0).then(|| acc / wsum);
    let confidence = if wall > 0.0 { conf_acc / wall } else { 0.0 };
    let range = (w_missing > 0.0 && wall > 0.0)
        .then(|| [(acc + w_missing) / wall, (acc + 5.0 * w_missing) / wall]);
    (composite, confidence, range)
}

/// What the finished-crate rule decided: applied (with the evidence), or
/// not confirmed for want of data (with what is missing).
#[derive(Debug, Default)]
struct Finished {
    applied: Option<String>,
    unconfirmed: Option<String>,
}

/// SCORING.md D7 "finished-crate floor", model 2: a settled crate that real
/// users depend on, with current dependencies and no advisory, is finished,
/// not abandoned — every D7 signal is floored. Each condition needs positive
/// evidence (the advisory database read, the usage measured); the card says
/// which evidence applied it, or what was missing.
fn finished_crate(facts: &Facts, model: &Model, dims: &mut [DimState], gates: &[Gate]) -> Finished {
    let ff = &model.finished_floor;
    let get = |dims: &[DimState], d: Dimension| dims.iter().position(|x| x.dim == d);
    let (Some(iu), Some(ie), Some(im)) = (
        get(dims, Dimension::Usage),
        get(dims, Dimension::Ecosystem),
        get(dims, Dimension::Maintenance),
    ) else {
        return Finished::default();
    };
    let line_first = signal::line_first_release(facts);
    let line_days = line_first
        .map(|t| signal::days_between(t, signal::as_of_instant(facts)) as f64)
        .unwrap_or(0.0);
    let settled = facts.version.major >= 1 || line_days >= ff.old_line_days;
    if !settled || !gates.is_empty() {
        return Finished::default();
    }
    // D7 already fine: nothing to floor, nothing to explain.
    if dims[im].score.is_some_and(|s| s >= 1.0 + 4.0 * ff.floor) {
        return Finished::default();
    }
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    let since = line_first.map(signal::day).unwrap_or_default();
    evidence.push(format!(
        "{} since {since}",
        signal::line_name(&facts.version)
    ));
    match &facts.advisories {
        Some(a) if a.advisories.iter().all(|x| !x.affects_evaluated) => {
            evidence.push("no advisory in RustSec".into())
        }
        Some(_) => return Finished::default(),
        None => missing.push(format!(
            "advisories not checked ({})",
            facts.unavailable_reason(SourceId::Advisories)
        )),
    }
    match dims[ie].measured("dependency-freshness") {
        Some(f) if f >= ff.min_freshness => evidence.push("dependencies current".into()),
        Some(_) => return Finished::default(),
        None => missing.push("dependency freshness not measured".into()),
    }
    match dims[iu].score {
        Some(u) if u >= ff.min_usage => evidence.push(format!("usage {u:.1}")),
        Some(_) => return Finished::default(),
        None => missing.push(format!(
            "usage not measured ({})",
            facts.unavailable_reason(SourceId::CratesIo)
        )),
    }
    if !missing.is_empty() {
        let why = format!("finished-crate rule not confirmed: {}", missing.join("; "));
        dims[im].note = Some(why.clone());
        return Finished {
            applied: None,
            unconfirmed: Some(why),
        };
    }
    let d = &mut dims[im];
    let floor = ff.floor;
    for a in d.scored.avail.iter_mut() {
        if a.2 < floor {
            a.2 = floor;
        }
    }
    for r in d.scored.results.iter_mut() {
        if let SignalResult::Measured { s, evidence, .. } = r
            && *s < floor
        {
            *s = round(floor, 3);
            evidence.push_str(&format!("; feature-complete: floored at {floor}"));
        }
    }
    let (score, confidence) = average(&d.scored.avail, d.scored.total_weight);
    d.score = score.filter(|_| confidence >= model.thresholds.insufficient_confidence);
    d.confidence = confidence;
    let why = format!("finished: {}", evidence.join(", "));
    d.note = Some(why.clone());
    Finished {
        applied: Some(why),
        unconfirmed: None,
    }
}

/// What a tier rule needs that the data cannot tell.
fn rule_check(
    rule: &TierRule,
    composite: f64,
    confidence: f64,
    score: &dyn Fn(Dimension) -> Option<f64>,
) -> Result<(), Option<String>> {
    if composite < rule.composite {
        return Err(None);
    }
    let mut unknown = Vec::new();
    for (dim, min) in [
        (Dimension::Usage, rule.usage),
        (Dimension::Stability, rule.stability),
        (Dimension::Maintenance, rule.maintenance),
    ] {
        let Some(min) = min else { continue };
        match score(dim) {
            Some(s) if s >= min => {}
            Some(_) => return Err(None),
            None => unknown.push(format!("{} not measured", dim.id())),
        }
    }
    if let Some(min) = rule.confidence
        && confidence < min
    {
        unknown.push(format!("confidence {confidence:.2} < {min:.2}"));
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Some(unknown.join(", ")))
    }
}

/// The tier rules, model 2 (SCORING.md "tiers"): the first rule from the top
/// whose every condition is met by measured data — a tier is never granted
/// on missing data; when a higher one might be with more data, the tier is
/// provisional and says which and why. Below the mature rule the name
/// describes the crate: 💤 dormant when it is old and quiet, 🟡 early or
/// 🔴 experimental when it is young or unstable. Avoid gates come first.
pub fn choose_tier(
    model: &Model,
    composite: Option<f64>,
    confidence: f64,
    score: impl Fn(Dimension) -> Option<f64>,
    old_and_quiet: Option<String>,
) -> (Tier, bool, Option<String>) {
    let Some(c) = composite else {
        return (
            Tier::Experimental,
            true,
            Some("no dimension had enough evidence".into()),
        );
    };
    let t = &model.tiers;
    let mut could_be: Vec<String> = Vec::new();
    let reason = |could_be: &[String]| -> Option<String> {
        (!could_be.is_empty()).then(|| could_be.join("; "))
    };
    for (tier, rule) in [
        (Tier::IndustryStandard, &t.industry_standard),
        (Tier::ProductionReady, &t.production_ready),
    ] {
        match rule_check(rule, c, confidence, &score) {
            Ok(()) => return (tier, !could_be.is_empty(), reason(&could_be)),
            Err(Some(why)) => {
                could_be.push(format!("{} {} not granted: {why}", tier.icon(), tier.id()))
            }
            Err(None) => {}
        }
    }
    if let Some(why) = old_and_quiet {
        could_be.push(why);
        return (Tier::Dormant, true, reason(&could_be));
    }
    match rule_check(&t.mature, c, confidence, &score) {
        Ok(()) => return (Tier::Mature, !could_be.is_empty(), reason(&could_be)),
        Err(Some(why)) => could_be.push(format!("🔷 mature not granted: {why}")),
        Err(None) => {}
    }
    let tier = if c >= t.early.composite {
        Tier::Early
    } else {
        Tier::Experimental
    };
    (tier, !could_be.is_empty(), reason(&could_be))
}

fn tier(
    facts: &Facts,
    model: &Model,
    dims: &[DimState],
    gates: &[Gate],
    composite: Option<f64>,
    confidence: f64,
    finished: &Finished,
) -> (Tier, bool, Option<String>) {
    if gates.iter().any(|g| g.avoid) {
        return (Tier::Avoid, false, None);
    }
    let score_of = |dim: Dimension| dims.iter().find(|d| d.dim == dim).and_then(|d| d.score);
    choose_tier(
        model,
        composite,
        confidence,
        score_of,
        old_and_quiet(facts, model, dims, finished),
    )
}

/// Old (first release long enough ago), not unstable, and quiet (D7 low,
/// the finished-crate rule not applied): what the card says about it, or
/// None when the crate is young, unstable, active or finished.
fn old_and_quiet(
    facts: &Facts,
    model: &Model,
    dims: &[DimState],
    finished: &Finished,
) -> Option<String> {
    let l = &model.lifecycle;
    if finished.applied.is_some() {
        return None;
    }
    let first = facts.releases.iter().filter_map(|r| r.pubtime).min()?;
    let age = signal::days_between(first, signal::as_of_instant(facts)) as f64;
    if age < l.young_days {
        return None;
    }
    let score = |d: Dimension| dims.iter().find(|x| x.dim == d).and_then(|x| x.score);
    if score(Dimension::Stability).is_none_or(|s| s < l.unstable_below) {
        return None;
    }
    let m = score(Dimension::Maintenance)?;
    if m >= l.quiet_below {
        return None;
    }
    let last = signal::latest_published(facts)
        .and_then(|r| r.pubtime)
        .map(signal::day)
        .unwrap_or_default();
    let mut why = format!("💤 old and quiet: no release since {last}");
    if let Some(u) = &finished.unconfirmed {
        why.push_str(&format!("; {u}"));
    }
    Some(why)
}

fn score_scenarios(
    facts: &Facts,
    model: &Model,
    dims: &[&DimState],
    gates: &[Gate],
) -> Vec<ScenarioResult> {
    let avoid: Vec<&Gate> = gates.iter().filter(|g| g.avoid).collect();
    let views: Vec<DimensionView> = dims
        .iter()
        .map(|d| DimensionView {
            dimension: d.dim,
            score: d.score,
            confidence: d.confidence,
            measured: d.scored.avail.iter().map(|a| (a.0.clone(), a.2)).collect(),
        })
        .collect();
    let ctx = condition::Context {
        facts,
        model,
        gates,
        dimensions: &views,
    };
    model
        .scenarios
        .iter()
        .map(|sc| {
            let mut w = 0.0;
            let mut acc = 0.0;
            let mut parts: Vec<(f64, Dimension, f64)> = Vec::new();
            for d in dims {
                let wd = sc.weights.get(&d.dim).copied().unwrap_or(0.0);
                if wd <= 0.0 {
                    continue;
                }
                if let Some(s) = d.score {
                    w += wd;
                    acc += wd * s;
                    parts.push((wd * s, d.dim, s));
                }
            }
            if w <= 0.0 {
                return ScenarioResult {
                    id: sc.id.clone(),
                    stars: 1,
                    note: "no dimension this scenario weighs has evidence".into(),
                    score: None,
                    unverified: true,
                };
            }
            let profile = acc / w;
            let mut stars = profile.round().clamp(1.0, 5.0) as u8;
            parts.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            let mut note = format!(
                "weighted by {}",
                parts
                    .iter()
                    .take(2)
                    .map(|p| format!("{} {:.1}", p.1.id(), p.2))
                    .collect::<Vec<_>>()
                    .join(" and ")
            );
            let mut unverified = false;
            if !avoid.is_empty() {
                stars = 1;
                note = format!("avoid: {}", avoid[0].reason);
            }
            // Vetoes, in the model's order: an `unverified` veto marks the
            // scenario and adds its note; a capping veto caps the stars and
            // the first one that holds gives the note (an avoided crate
            // already has one star and keeps its note). A condition that
            // cannot be checked fails closed unless the model says otherwise:
            // less data never gives more stars.
            let mut capped = false;
            for v in &sc.vetoes {
                let holds = condition::find(&v.condition)
                    .map(|c| (c.check)(&ctx))
                    .unwrap_or(Holds::No);
                let (applies, text) = match (&holds, v.when_unknown) {
                    (Holds::Yes, _) => (true, v.note.clone()),
                    (Holds::Unknown(why), WhenUnknown::Cap) => {
                        (true, format!("{} — not checked: {why}", v.note))
                    }
                    (Holds::Unknown(why), WhenUnknown::Unverified) => {
                        unverified = true;
                        note.push_str(&format!("; unverified: {why}"));
                        (false, String::new())
                    }
                    _ => (false, String::new()),
                };
                if !applies {
                    continue;
                }
                if v.unverified {
                    unverified = true;
                    note.push_str("; ");
                    note.push_str(&text);
                    continue;
                }
                if !avoid.is_empty() {
                    continue;
                }
                stars = stars.min(v.max_stars);
                if !capped {
                    note = text;
                    capped = true;
                }
            }
            let req_s = model.thresholds.requirement_min_s;
            let req_stars = model.thresholds.requirement_max_stars as u8;
            for req in &sc.requires {
                let ok = dims
                    .iter()
                    .flat_map(|d| d.scored.avail.iter())
                    .any(|a| &a.0 == req && a.2 >= req_s);
                if !ok {
                    stars = stars.min(req_stars);
                    note = format!("at most {}: requires {req}", "⭐".repeat(req_stars.into()));
                }
            }
            ScenarioResult {
                id: sc.id.clone(),
                stars,
                note,
                score: Some(round(profile, 2)),
                unverified,
            }
        })
        .collect()
}

/// Strengths: the best dimensions with their best evidence. Risks: the gates
/// that fired, then the crate's weakest measured evidence (one per
/// dimension, at most `max_risks`), each with its cause. What could not be
/// measured is not a risk of the crate: it goes to the "not measured" line.
fn strengths_and_risks(
    model: &Model,
    dims: &[DimState],
    gates: &[Gate],
) -> (Vec<String>, Vec<String>) {
    let card = &model.card;
    let mut scored: Vec<&DimState> = dims.iter().filter(|d| d.score.is_some()).collect();
    scored.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let strengths = scored
        .iter()
        .filter(|d| d.score.is_some_and(|s| s >= card.strength_min) && d.gates.is_empty())
        .take(card.max_strengths as usize)
        .map(|d| {
            let best = d.scored.avail.iter().filter(|a| a.1 > 0.0).max_by(|a, b| {
                (a.1 * a.2)
                    .partial_cmp(&(b.1 * b.2))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            format!(
                "{} {:.1}: {}",
                d.dim.id(),
                d.score.unwrap_or(0.0),
                best.map(|b| b.3.as_str()).unwrap_or("")
            )
        })
        .collect();
    let mut risks: Vec<String> = gates
        .iter()
        .map(|g| format!("{} ({}): {}", g.dimension.id(), g.id, g.reason))
        .collect();
    let mut weak: Vec<(f64, f64, String)> = Vec::new();
    for d in scored.iter().filter(|d| d.gates.is_empty()) {
        let worst = d.scored.avail.iter().filter(|a| a.1 > 0.0).min_by(|a, b| {
            (a.2, -a.1)
                .partial_cmp(&(b.2, -b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let Some(w) = worst else { continue };
        let low_dim = d.score.is_some_and(|s| s < card.risk_max);
        if w.2 <= card.risk_signal_max || low_dim {
            weak.push((
                w.2,
                -w.1,
                format!("{} {:.1}: {}", d.dim.id(), d.score.unwrap_or(0.0), w.3),
            ));
        }
    }
    weak.sort_by(|a, b| {
        (a.0, a.1)
            .partial_cmp(&(b.0, b.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    risks.extend(weak.into_iter().take(card.max_risks as usize).map(|w| w.2));
    (strengths, risks)
}

/// One line: the dimensions without a score and every source that could not
/// be read (or was read stale), with the reason. None when all was measured.
fn not_measured(facts: &Facts, model: &Model, dims: &[DimState]) -> Option<String> {
    let unscored: Vec<&str> = dims
        .iter()
        .filter(|d| d.score.is_none())
        .map(|d| d.dim.id())
        .collect();
    let mut sources: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for s in &facts.sources {
        if !seen.insert(s.id) {
            continue;
        }
        match s.status {
            SourceState::Unavailable => sources.push(format!(
                "{} ({})",
                source_label(s.id),
                s.reason.as_deref().unwrap_or("no data")
            )),
            SourceState::Stale => sources.push(format!(
                "{} stale ({})",
                source_label(s.id),
                s.reason.as_deref().unwrap_or("old data")
            )),
            SourceState::Ok => {}
        }
    }
    // A source a registered signal reads that was never consulted.
    let mut consulted: BTreeSet<SourceId> = facts.sources.iter().map(|s| s.id).collect();
    for def in signal::REGISTRY {
        if model.signal(def.id).is_some_and(|s| s.weight > 0.0)
            && !consulted.contains(&def.source)
            && def.dimension != Dimension::Footprint
        {
            consulted.insert(def.source);
            sources.push(format!("{} (not consulted)", source_label(def.source)));
        }
    }
    if unscored.is_empty() && sources.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !unscored.is_empty() {
        parts.push(format!("{} (no score)", unscored.join(", ")));
    }
    if !sources.is_empty() {
        parts.push(sources.join("; "));
    }
    Some(parts.join(" — "))
}

fn info(facts: &Facts) -> Info {
    let date = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    let first = facts
        .releases
        .iter()
        .filter_map(|r| r.pubtime)
        .min()
        .map(date);
    let latest = facts
        .releases
        .iter()
        .filter(|r| !r.yanked && r.version.pre.is_empty())
        .max_by(|a, b| a.version.cmp(&b.version))
        .or_else(|| {
            facts
                .releases
                .iter()
                .filter(|r| !r.yanked)
                .max_by(|a, b| a.version.cmp(&b.version))
        });
    let p = facts.package.as_ref();
    Info {
        description: p.and_then(|p| p.manifest.description.clone()),
        repository: p.and_then(|p| p.manifest.repository.clone()),
        license: p.and_then(|p| p.manifest.license.clone()),
        first_release: first,
        latest_version: latest.map(|r| r.version.to_string()),
        latest_release: latest.and_then(|r| r.pubtime).map(date),
        versions: facts.releases.len() as u64,
        downloads: facts
            .crates_io
            .as_ref()
            .and_then(|c| c.downloads_total)
            .or_else(|| facts.dump.as_ref().and_then(|d| d.downloads_total)),
        stars: facts.github.as_ref().and_then(|g| g.stars),
        homepage: p.and_then(|p| p.manifest.homepage.clone()),
        documentation: p.and_then(|p| p.manifest.documentation.clone()),
        evaluated_release: facts.evaluated_release().and_then(|r| r.pubtime).map(date),
        readme_snippet: p.and_then(|p| p.readme.first_rust_block.clone()),
    }
}
