//! Scoring: pure and deterministic. Same [`Facts`], same [`Model`] → the same
//! [`Evaluation`], byte for byte. Ages are computed against `facts.as_of`.
//!
//! Order (SCORING.md): signals → dimension averages and confidence → gates →
//! the finished-crate floor on D7 → composite → tier → scenarios → strengths
//! and risks.

use crate::condition::{self, DimensionView, Holds};
use crate::gate;
use crate::signal::{self, Gate, Raw, round};
use cratescope_model::{
    DimensionResult, Evaluation, GateResult, Info, SCHEMA_VERSION, ScenarioResult, SignalResult,
    Tier,
};
use cratescope_model::{Facts, SourceState};

use crate::model::{Dimension, Model, TierRule};

struct Scored {
    results: Vec<SignalResult>,
    /// (weight, s) of available signals, and total weight.
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
        total_weight += spec.weight;
        let (result, s) = signal::measure_def(facts, def, spec);
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

    // D5: nothing measured runtime speed without benchmark results.
    if let Some(d) = dims.iter_mut().find(|d| d.dim == Dimension::Performance) {
        let has_results = d.scored.avail.iter().any(|a| a.0 == "benchmark-results");
        let cap = model.thresholds.performance_confidence_cap_without_results;
        if !has_results && d.confidence > cap {
            d.confidence = cap;
            d.note = Some(
                "confidence capped: no benchmark results, runtime speed is not measured".into(),
            );
        }
    }

    // The finished-crate floor needs D4, so it comes before gates cap D7.
    apply_finished_floor(facts, model, &mut dims, &all_gates);

    for d in dims.iter_mut() {
        if d.confidence < model.thresholds.insufficient_confidence {
            let missing: Vec<String> = d
                .scored
                .results
                .iter()
                .filter_map(|r| match r {
                    SignalResult::Unavailable { unavailable, .. } => Some(unavailable.clone()),
                    _ => None,
                })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            d.note = Some(format!("no data: {}", missing.join("; ")));
            d.score = None;
        }
        for g in all_gates.iter().filter(|g| g.dimension == d.dim) {
            // A gate is evidence of its own: it sets the score when none could be computed.
            d.score = Some(d.score.map_or(g.cap, |s| s.min(g.cap)));
            d.gates.push(g.clone());
        }
    }

    let score_of = |dims: &[DimState], dim: Dimension| {
        dims.iter().find(|d| d.dim == dim).and_then(|d| d.score)
    };

    // Composite over dimensions with evidence.
    let mut wsum = 0.0;
    let mut wall = 0.0;
    let mut acc = 0.0;
    let mut conf_acc = 0.0;
    for d in &dims {
        let w = model.composite.weights.get(&d.dim).copied().unwrap_or(0.0);
        if w <= 0.0 {
            continue;
        }
        wall += w;
        if let Some(s) = d.score {
            wsum += w;
            acc += w * s;
            conf_acc += w * d.confidence;
        }
    }
    let composite = if wsum > 0.0 { Some(acc / wsum) } else { None };
    let confidence = if wall > 0.0 { conf_acc / wall } else { 0.0 };

    // Tier.
    let avoid: Vec<&Gate> = all_gates.iter().filter(|g| g.avoid).collect();
    let missing_sources: Vec<String> = facts
        .sources
        .iter()
        .filter(|s| s.status == SourceState::Unavailable)
        .map(|s| cratescope_model::source::source_label(s.id).to_string())
        .collect();
    let (tier, provisional, provisional_reason) = if !avoid.is_empty() {
        (Tier::Avoid, false, None)
    } else {
        choose_tier(
            model,
            composite,
            confidence,
            |d| score_of(&dims, d),
            &missing_sources,
        )
    };

    let dimensions: Vec<DimensionResult> = dims
        .iter()
        .map(|d| DimensionResult {
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
        })
        .collect();

    let scenarios = score_scenarios(facts, model, &dims, &all_gates);
    let (strengths, risks) = strengths_and_risks(model, &dims, &all_gates, facts);

    Evaluation {
        schema_version: SCHEMA_VERSION,
        name: facts.name.clone(),
        version: facts.version.to_string(),
        as_of: facts.as_of,
        model_version: model.version.clone(),
        info: info(facts),
        composite: composite.map(|c| round(c, 2)),
        confidence: round(confidence, 2),
        tier,
        provisional,
        provisional_reason,
        dimensions,
        scenarios,
        strengths,
        risks,
        sources: facts.sources.clone(),
        model_overrides: model.overrides.clone(),
        warnings: Vec::new(),
    }
}

fn apply_finished_floor(facts: &Facts, model: &Model, dims: &mut [DimState], gates: &[Gate]) {
    // SCORING.md D7 "finished-crate floor"; the numbers are the model's.
    let ff = &model.finished_floor;
    let usage = dims
        .iter()
        .find(|d| d.dim == Dimension::Usage)
        .and_then(|d| {
            if d.confidence >= model.thresholds.insufficient_confidence {
                d.score
            } else {
                None
            }
        });
    let line_age = dims
        .iter()
        .find(|d| d.dim == Dimension::Stability)
        .and_then(|d| {
            d.scored
                .results
                .iter()
                .find(|r| r.id() == "current-line-age")
        })
        .and_then(|r| match r {
            SignalResult::Measured {
                raw: Raw::Num(x), ..
            } => Some(*x),
            _ => None,
        });
    let freshness = dims
        .iter()
        .find(|d| d.dim == Dimension::Ecosystem)
        .and_then(|d| {
            d.scored
                .avail
                .iter()
                .find(|a| a.0 == "dependency-freshness")
        })
        .map(|a| a.2);
    let open_adv = gates.iter().any(|g| g.id == "open-advisory");
    let settled = facts.version.major >= 1 || line_age.is_some_and(|a| a >= ff.old_line_days);
    let rest_holds = settled
        && gates.is_empty()
        && !open_adv
        && freshness.is_some_and(|f| f >= ff.min_freshness);
    if rest_holds && usage.is_none() {
        // Say so: offline, a finished crate looks abandoned until usage is known.
        if let Some(d) = dims.iter_mut().find(|d| d.dim == Dimension::Maintenance) {
            d.note = Some(
                "finished-crate floor not applied: no usage data to show real users depend on it"
                    .into(),
            );
        }
        return;
    }
    if !(rest_holds && usage.is_some_and(|u| u >= ff.min_usage)) {
        return;
    }
    let Some(d) = dims.iter_mut().find(|d| d.dim == Dimension::Maintenance) else {
        return;
    };
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
    d.score = score;
    d.confidence = confidence;
    d.note = Some("feature-complete: stable, used, current dependencies, no advisories".into());
}

fn tier_for(rule: &TierRule) -> impl Fn(f64) -> bool + '_ {
    move |c| c >= rule.composite
}

/// The tier rules (SCORING.md "tiers"), as a pure function of the composite,
/// its confidence and the dimension scores: the first rule from the top
/// whose composite threshold is met and whose known dimension conditions
/// hold; provisional, with what is missing, when a condition is unknown or
/// the confidence is short. Avoid gates are decided before this.
pub fn choose_tier(
    model: &Model,
    composite: Option<f64>,
    confidence: f64,
    score: impl Fn(Dimension) -> Option<f64>,
    missing_sources: &[String],
) -> (Tier, bool, Option<String>) {
    let Some(c) = composite else {
        return (
            Tier::Experimental,
            true,
            Some("no dimension had enough evidence".into()),
        );
    };
    let t = &model.tiers;
    let ladder: [(Tier, &TierRule); 4] = [
        (Tier::IndustryStandard, &t.industry_standard),
        (Tier::ProductionReady, &t.production_ready),
        (Tier::Mature, &t.mature),
        (Tier::Early, &t.early),
    ];
    for (tier, rule) in ladder {
        if !tier_for(rule)(c) {
            continue;
        }
        // Conditions on dimensions: a known score below the bar fails the rule;
        // an unknown one is missing evidence (provisional).
        let mut unknown = Vec::new();
        let mut failed = false;
        for (dim, min) in [
            (Dimension::Usage, rule.usage),
            (Dimension::Stability, rule.stability),
            (Dimension::Maintenance, rule.maintenance),
        ] {
            let Some(min) = min else { continue };
            match score(dim) {
                Some(s) if s >= min => {}
                Some(_) => failed = true,
                None => unknown.push(dim),
            }
        }
        if failed {
            continue;
        }
        let conf_short = rule.confidence.is_some_and(|m| confidence < m);
        if unknown.is_empty() && !conf_short {
            return (tier, false, None);
        }
        let mut why: Vec<String> = unknown
            .iter()
            .map(|d| format!("no {} data", d.id()))
            .collect();
        if conf_short {
            let mut w = format!(
                "confidence {:.2} < {:.2}",
                confidence,
                rule.confidence.unwrap_or(0.0)
            );
            if !missing_sources.is_empty() {
                w.push_str(&format!("; missing: {}", missing_sources.join(", ")));
            }
            why.push(w);
        }
        if confidence < model.thresholds.provisional_tier_min_confidence
            && tier.rank() < Tier::Mature.rank()
        {
            why.push(format!(
                "held at mature below {:.2} confidence",
                model.thresholds.provisional_tier_min_confidence
            ));
            return (Tier::Mature, true, Some(why.join("; ")));
        }
        return (tier, true, Some(why.join("; ")));
    }
    (Tier::Experimental, false, None)
}

fn score_scenarios(
    facts: &Facts,
    model: &Model,
    dims: &[DimState],
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
            // already has one star and keeps its note).
            let mut capped = false;
            for v in &sc.vetoes {
                let holds = condition::find(&v.condition)
                    .map(|c| (c.check)(&ctx))
                    .unwrap_or(Holds::No);
                if holds != Holds::Yes {
                    continue;
                }
                if v.unverified {
                    unverified = true;
                    note.push_str("; ");
                    note.push_str(&v.note);
                    continue;
                }
                if !avoid.is_empty() {
                    continue;
                }
                stars = stars.min(v.max_stars);
                if !capped {
                    note = v.note.clone();
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

fn strengths_and_risks(
    model: &Model,
    dims: &[DimState],
    gates: &[Gate],
    facts: &Facts,
) -> (Vec<String>, Vec<String>) {
    let strength_min = model.card.strength_min;
    let risk_max = model.card.risk_max;
    let top = model.card.max_strengths as usize;
    let mut scored: Vec<&DimState> = dims.iter().filter(|d| d.score.is_some()).collect();
    scored.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let strengths = scored
        .iter()
        .filter(|d| d.score.is_some_and(|s| s >= strength_min) && d.gates.is_empty())
        .take(top)
        .map(|d| {
            let best = d.scored.avail.iter().max_by(|a, b| {
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
    for d in scored
        .iter()
        .rev()
        .filter(|d| d.score.is_some_and(|s| s < risk_max) && d.gates.is_empty())
    {
        let worst = d.scored.avail.iter().filter(|a| a.1 > 0.0).min_by(|a, b| {
            (a.2, -a.1)
                .partial_cmp(&(b.2, -b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut line = format!(
            "{} {:.1}: {}",
            d.dim.id(),
            d.score.unwrap_or(0.0),
            worst.map(|w| w.3.as_str()).unwrap_or("")
        );
        if let Some(note) = &d.note {
            line.push_str(&format!(" ({note})"));
        }
        risks.push(line);
    }
    for s in facts.sources.iter().filter(|s| s.status != SourceState::Ok) {
        let what = match s.status {
            SourceState::Stale => "stale data",
            _ => "no data",
        };
        risks.push(format!("{what}: {}", facts.unavailable_reason(s.id)));
    }
    (strengths, risks)
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
        downloads: facts.crates_io.as_ref().and_then(|c| c.downloads_total),
        stars: facts.github.as_ref().and_then(|g| g.stars),
        homepage: p.and_then(|p| p.manifest.homepage.clone()),
        documentation: p.and_then(|p| p.manifest.documentation.clone()),
        evaluated_release: facts.evaluated_release().and_then(|r| r.pubtime).map(date),
        readme_snippet: p.and_then(|p| p.readme.first_rust_block.clone()),
    }
}
