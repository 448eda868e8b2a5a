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
use cratescope_model::{Arg, Message, msg};
use cratescope_model::{
    DimensionResult, Evaluation, GateResult, Info, SCHEMA_VERSION, ScenarioResult, SignalResult,
    SourceId, Tier,
};
use cratescope_model::{Facts, SourceState};

struct Scored {
    results: Vec<SignalResult>,
    /// (id, weight, s, evidence) of available signals.
    avail: Vec<(String, f64, f64, Message)>,
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
            avail.push((def.id.to_string(), spec.weight, s, evidence.message.clone()));
        }
        results.push(result);
    }
    Scored {
        results,
        avail,
        total_weight,
    }
}

fn average(avail: &[(String, f64, f64, Message)], total: f64) -> (Option<f64>, f64) {
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
    note: Option<Message>,
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
fn no_data_note(facts: &Facts, d: &DimState) -> Message {
    let mut unread: Vec<SourceId> = Vec::new();
    let mut reasons: Vec<Message> = Vec::new();
    for r in &d.scored.results {
        if let SignalResult::Unavailable { id, unavailable } = r
            && let Some(def) = signal::find(id)
        {
            if facts.was_read(def.source) {
                // A reason may name several sources (the API and the dump);
                // a part about a source that was not read is said by its
                // label, each once.
                for part in clauses(&unavailable.message) {
                    match source_of(part).filter(|&s| !facts.was_read(s)) {
                        Some(s) => {
                            if !unread.contains(&s) {
                                unread.push(s);
                            }
                        }
                        None => {
                            if !reasons.contains(part) {
                                reasons.push(part.clone());
                            }
                        }
                    }
                }
            } else if !unread.contains(&def.source) {
                unread.push(def.source);
            }
        }
    }
    let mut parts = Vec::new();
    if !unread.is_empty() {
        parts.push(msg!(
            "sources-not-read",
            sources = Arg::List(unread.into_iter().map(Arg::Source).collect())
        ));
    }
    parts.extend(reasons);
    msg!("dimension-no-data", parts = Arg::clauses(parts))
}

/// The clauses of a reason: the parts of an [`Arg::Clauses`] sentence, or
/// the sentence itself.
fn clauses(m: &Message) -> Vec<&Message> {
    if m.id == "clauses"
        && let Some(Arg::Clauses(items)) = m.get("parts")
    {
        return items
            .iter()
            .filter_map(|a| match a {
                Arg::Message(m) => Some(m.as_ref()),
                _ => None,
            })
            .collect();
    }
    vec![m]
}

/// The source a "source: reason" sentence is about.
fn source_of(m: &Message) -> Option<SourceId> {
    match m.get("source") {
        Some(Arg::Source(s))
            if matches!(
                m.id.as_str(),
                "source-reason" | "source-no-data" | "source-not-consulted"
            ) =>
        {
            Some(*s)
        }
        _ => None,
    }
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
                note: Default::default(),
                gates: Vec::new(),
            }
        })
        .collect();

    for d in dims.iter_mut() {
        if d.confidence < model.thresholds.insufficient_confidence {
            d.note = Some(if d.scored.avail.is_empty() {
                no_data_note(facts, d)
            } else {
                msg!(
                    "dimension-thin",
                    measured = Arg::Percent((d.confidence * 100.0).round())
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
    // Hard flags beat averages: every ⛔ gate caps the composite by the
    // model's one avoid cap (the tier says ⛔), another gate by its own cap.
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
            note: Default::default(),
            gates: Vec::new(),
        };
        let (score, confidence) = average(&d.scored.avail, d.scored.total_weight);
        d.confidence = confidence;
        if confidence >= model.thresholds.insufficient_confidence {
            d.score = score;
            d.note = Some(msg!("footprint-note"));
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
        provisional_reason: provisional_reason.into(),
        dimensions,
        scenarios,
        strengths: strengths.into(),
        risks: risks.into(),
        not_measured: not_measured.into(),
        footprint,
        sources: facts.sources.clone(),
        model_overrides: model.overrides.clone(),
        warnings: Default::default(),
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
                reason: g.reason.clone().into(),
            })
            .collect(),
        note: d.note.clone().into(),
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

/// What the finished-crate rule decided: applied (with the evidence),
/// refused on evidence (with the condition that failed), or not confirmed
/// for want of data (with what is missing). All None when the rule had
/// nothing to decide (maintenance already fine).
#[derive(Debug, Default)]
struct Finished {
    applied: Option<Message>,
    refused: Option<Message>,
    unconfirmed: Option<Message>,
}

impl Finished {
    fn refused(why: Message) -> Finished {
        Finished {
            refused: Some(why),
            ..Finished::default()
        }
    }
}

/// SCORING.md D7 "finished-crate floor", model 2: a settled crate that real
/// users depend on, with current dependencies and no advisory, is finished,
/// not abandoned — every D7 signal is floored. Each condition needs positive
/// evidence (the advisory database read, the usage measured); the card says
/// which evidence applied it, which condition failed, or what was missing.
/// A failed condition decides against the rule even when another could not
/// be checked.
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
    // D7 already fine: nothing to floor, nothing to explain.
    if dims[im].score.is_some_and(|s| s >= 1.0 + 4.0 * ff.floor) {
        return Finished::default();
    }
    let line_first = signal::line_first_release(facts);
    let line_days = line_first
        .map(|t| signal::days_between(t, signal::as_of_instant(facts)) as f64)
        .unwrap_or(0.0);
    let line = Arg::version(signal::line_name(&facts.version));
    if facts.version.major < 1 && line_days < ff.old_line_days {
        return Finished::refused(msg!(
            "finished-not-settled",
            line = line,
            days = Arg::Days(ff.old_line_days.round() as i64)
        ));
    }
    if let Some(g) = gates.first() {
        return Finished::refused(msg!("finished-gated", gate = Arg::id(g.id.clone())));
    }
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    match line_first {
        Some(t) => evidence.push(msg!(
            "finished-line-since",
            line = line,
            date = signal::date(t)
        )),
        None => evidence.push(msg!("finished-line", line = line)),
    }
    match &facts.advisories {
        Some(a) if a.advisories.iter().all(|x| !x.affects_evaluated) => {
            evidence.push(msg!("finished-no-advisory"))
        }
        Some(_) => return Finished::refused(msg!("finished-advisory")),
        None => missing.push(msg!(
            "finished-advisories-not-checked",
            reason = facts.unavailable_reason(SourceId::Advisories)
        )),
    }
    match dims[ie].measured("dependency-freshness") {
        Some(f) if f >= ff.min_freshness => evidence.push(msg!("finished-dependencies-current")),
        Some(f) => {
            return Finished::refused(msg!(
                "finished-dependencies-behind",
                freshness = Arg::Number(round(f, 2)),
                min = Arg::Number(ff.min_freshness)
            ));
        }
        None => missing.push(msg!("finished-freshness-not-measured")),
    }
    match dims[iu].score {
        Some(u) if u >= ff.min_usage => {
            evidence.push(msg!("finished-usage", score = Arg::Score(round(u, 2))))
        }
        Some(u) => {
            return Finished::refused(msg!(
                "finished-usage-low",
                score = Arg::Score(round(u, 2)),
                min = Arg::Score(ff.min_usage)
            ));
        }
        None => missing.push(msg!(
            "finished-usage-not-measured",
            reason = facts.unavailable_reason(SourceId::CratesIo)
        )),
    }
    if !missing.is_empty() {
        let why = msg!("finished-unconfirmed", missing = Arg::clauses(missing));
        dims[im].note = Some(why.clone());
        return Finished {
            unconfirmed: Some(why),
            ..Finished::default()
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
            evidence.message = msg!(
                "evidence-floored",
                evidence = evidence.message.clone(),
                floor = Arg::Number(floor)
            );
        }
    }
    let (score, confidence) = average(&d.scored.avail, d.scored.total_weight);
    d.score = score.filter(|_| confidence >= model.thresholds.insufficient_confidence);
    d.confidence = confidence;
    let why = msg!("finished-applied", evidence = Arg::messages(evidence));
    d.note = Some(why.clone());
    Finished {
        applied: Some(why),
        ..Finished::default()
    }
}

/// What a tier rule needs that the data cannot tell.
fn rule_check(
    rule: &TierRule,
    composite: f64,
    confidence: f64,
    score: &dyn Fn(Dimension) -> Option<f64>,
) -> Result<(), Option<Vec<Message>>> {
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
            None => unknown.push(msg!(
                "tier-rule-not-measured",
                dimension = Arg::dimension(dim.id())
            )),
        }
    }
    if let Some(min) = rule.confidence
        && confidence < min
    {
        unknown.push(msg!(
            "tier-rule-low-confidence",
            confidence = Arg::Number(confidence),
            min = Arg::Number(min)
        ));
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Some(unknown))
    }
}

/// What the card can say about an old, stable crate whose maintenance
/// reads quiet (no recent release; the finished-crate rule not applied).
#[derive(Debug, Clone, PartialEq)]
pub enum Quiet {
    /// 💤 dormant, decided on evidence: the repository is quiet too, and
    /// the finished-crate rule was refused on evidence (the reason says
    /// both).
    Dormant(Message),
    /// Quiet, but the evidence that would tell finished from abandoned is
    /// missing (the repository not read, usage not measured…): no lifecycle
    /// label, the tier comes from the composite, provisional, and the
    /// reason says what could not be told.
    CannotTell(Message),
}

/// The tier rules, model 2 (SCORING.md "tiers"): the first rule from the top
/// whose every condition is met by measured data — a tier is never granted
/// on missing data; when a higher one might be with more data, the tier is
/// provisional and says which and why. Below the mature rule the name
/// describes the crate: 💤 dormant when it is old and quiet on evidence,
/// 🟡 early or 🔴 experimental otherwise. A quiet crate whose fate cannot be
/// told gets no lifecycle name: the ladder decides, provisional, and the
/// reason says what could not be told. A `young` crate (first release less
/// than `lifecycle.young_days` before the day) is never 🔷 mature: its
/// stability signals can read well on a few weeks of releases, and the
/// mature rule's reason is that a young crate is not called mature. Avoid
/// gates come first.
pub fn choose_tier(
    model: &Model,
    composite: Option<f64>,
    confidence: f64,
    score: impl Fn(Dimension) -> Option<f64>,
    quiet: Option<Quiet>,
    young: bool,
) -> (Tier, bool, Option<Message>) {
    let Some(c) = composite else {
        return (Tier::Experimental, true, Some(msg!("tier-no-evidence")));
    };
    let t = &model.tiers;
    let mut could_be: Vec<Message> = Vec::new();
    let reason = |could_be: &[Message]| -> Option<Message> {
        (!could_be.is_empty()).then(|| msg!("clauses", parts = Arg::clauses(could_be.to_vec())))
    };
    for (tier, rule) in [
        (Tier::IndustryStandard, &t.industry_standard),
        (Tier::ProductionReady, &t.production_ready),
    ] {
        match rule_check(rule, c, confidence, &score) {
            Ok(()) => return (tier, !could_be.is_empty(), reason(&could_be)),
            Err(Some(why)) => could_be.push(msg!(
                "tier-not-granted",
                tier = tier,
                why = Arg::messages(why)
            )),
            Err(None) => {}
        }
    }
    match quiet {
        Some(Quiet::Dormant(why)) => {
            could_be.push(why);
            return (Tier::Dormant, true, reason(&could_be));
        }
        Some(Quiet::CannotTell(why)) => could_be.push(why),
        None => {}
    }
    match rule_check(&t.mature, c, confidence, &score) {
        // Young is measured, not missing: no "could be" reason.
        _ if young => {}
        Ok(()) => return (Tier::Mature, !could_be.is_empty(), reason(&could_be)),
        Err(Some(why)) => could_be.push(msg!(
            "tier-not-granted",
            tier = Tier::Mature,
            why = Arg::messages(why)
        )),
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
) -> (Tier, bool, Option<Message>) {
    if gates.iter().any(|g| g.avoid) {
        return (Tier::Avoid, false, None);
    }
    let score_of = |dim: Dimension| dims.iter().find(|d| d.dim == dim).and_then(|d| d.score);
    choose_tier(
        model,
        composite,
        confidence,
        score_of,
        quiet(facts, model, dims, finished),
        young(facts, model),
    )
}

/// First release less than `lifecycle.young_days` before the day. Unknown
/// release dates decide nothing (the mature rule then rests on stability,
/// which needs those dates to be measured at all).
fn young(facts: &Facts, model: &Model) -> bool {
    first_release_age(facts).is_some_and(|age| age < model.lifecycle.young_days)
}

/// Days from the first dated release to the evaluation day (None: no
/// release has a date), the age both the tier ladder and the quiet rule
/// read.
fn first_release_age(facts: &Facts) -> Option<f64> {
    let first = facts.releases.iter().filter_map(|r| r.pubtime).min()?;
    Some(signal::days_between(first, signal::as_of_instant(facts)) as f64)
}

/// Old (first release long enough ago), not unstable, and quiet (D7 low,
/// the finished-crate rule not applied): 💤 dormant when the evidence
/// decides it — the repository was read and is quiet too, and the
/// finished-crate rule was refused on evidence — else what could not be
/// told. None when the crate is young, unstable, active or finished, or
/// when its repository is active (quiet in releases only is not dormant).
fn quiet(facts: &Facts, model: &Model, dims: &[DimState], finished: &Finished) -> Option<Quiet> {
    let l = &model.lifecycle;
    if finished.applied.is_some() {
        return None;
    }
    if first_release_age(facts)? < l.young_days {
        return None;
    }
    let dim = |d: Dimension| dims.iter().find(|x| x.dim == d);
    if dim(Dimension::Stability)
        .and_then(|d| d.score)
        .is_none_or(|s| s < l.unstable_below)
    {
        return None;
    }
    let maintenance = dim(Dimension::Maintenance)?;
    if maintenance.score? >= l.quiet_below {
        return None;
    }
    let last = signal::latest_published(facts)
        .and_then(|r| r.pubtime)
        .map(signal::date)?;
    let releases = msg!("tier-old-and-quiet", date = last);
    // The repository: commits to the crate in the last year, as the
    // commits-year signal measured them.
    let commits = maintenance.scored.results.iter().find_map(|r| match r {
        SignalResult::Measured {
            id,
            raw: cratescope_model::Raw::Num(n),
            ..
        } if id == "commits-year" => Some(*n),
        _ => None,
    });
    let mut unknown = Vec::new();
    let mut evidence = vec![releases];
    match commits {
        Some(n) if n > l.quiet_commits => return None,
        Some(n) => evidence.push(msg!("tier-quiet-repository", n = n.round() as u64)),
        None => unknown.push(msg!(
            "tier-quiet-repository-not-read",
            reason = facts.unavailable_reason(SourceId::Git)
        )),
    }
    let mut finished_unknown = false;
    match (&finished.refused, &finished.unconfirmed) {
        (Some(why), _) => evidence.push(msg!("tier-not-finished", why = why.clone())),
        (None, Some(u)) => {
            finished_unknown = true;
            unknown.push(u.clone());
        }
        (None, None) => {}
    }
    if unknown.is_empty() {
        return Some(Quiet::Dormant(msg!(
            "tier-dormant-because",
            evidence = Arg::clauses(evidence)
        )));
    }
    evidence.extend(unknown);
    Some(Quiet::CannotTell(if finished_unknown {
        msg!("tier-quiet-cannot-tell", evidence = Arg::clauses(evidence))
    } else {
        // Not finished, on evidence; whether anyone still works on it is
        // what the unread repository would tell.
        msg!("tier-quiet-not-finished", evidence = Arg::clauses(evidence))
    }))
}

fn score_scenarios(
    facts: &Facts,
    model: &Model,
    dims: &[&DimState],
    gates: &[Gate],
) -> Vec<ScenarioResult> {
    // Scenarios weigh the dimension scores as the card keeps them (two
    // decimals), so a stored card scores a category's scenarios exactly as
    // a fresh evaluation does (`rescore_scenarios`).
    let views: Vec<DimensionView> = dims
        .iter()
        .map(|d| DimensionView {
            dimension: d.dim,
            score: d.score.map(|s| round(s, 2)),
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
    let avoid = gates.iter().find(|g| g.avoid).map(|g| g.reason.clone());
    scenarios_of(model, &views, avoid, &|id| {
        condition::find(id)
            .map(|c| (c.check)(&ctx))
            .unwrap_or(Holds::No)
    })
}

/// The model's scenarios scored again from a stored card: its dimension
/// scores (caps included), its measured signals and its avoid gates, with
/// the model's scenarios instead of the card's. This is how a card stored
/// under the model's scenarios is shown with a catalog category's own
/// (whose profiles have weights and requirements only), without the facts.
///
/// A veto needs the facts its condition reads, which a card does not keep:
/// each is treated as a condition that cannot be checked (fails closed or
/// marks the scenario unverified, as the model says), never as passed.
pub fn rescore_scenarios(e: &Evaluation, model: &Model) -> Vec<ScenarioResult> {
    let views: Vec<DimensionView> = e
        .dimensions
        .iter()
        .chain(&e.footprint)
        .filter_map(|d| {
            let dimension = Dimension::ALL
                .into_iter()
                .chain([Dimension::Footprint])
                .find(|x| x.id() == d.id)?;
            Some(DimensionView {
                dimension,
                score: d.score,
                confidence: d.confidence,
                measured: d
                    .signals
                    .iter()
                    .filter_map(|s| match s {
                        SignalResult::Measured { id, s, .. } => Some((id.clone(), *s)),
                        SignalResult::Unavailable { .. } => None,
                    })
                    .collect(),
            })
        })
        .collect();
    // The avoid note the card's own scenarios carry names the gate the
    // evaluation chose; without one, the first avoid gate of the card.
    let avoid = e
        .dimensions
        .iter()
        .flat_map(|d| &d.gates)
        .find(|g| g.avoid)
        .map(|g| {
            e.scenarios
                .iter()
                .find_map(|s| match s.note.message.id.as_str() {
                    "scenario-avoid" => match s.note.message.get("reason") {
                        Some(Arg::Message(m)) => Some((**m).clone()),
                        _ => None,
                    },
                    _ => None,
                })
                .unwrap_or_else(|| g.reason.message.clone())
        });
    scenarios_of(model, &views, avoid, &|_| {
        Holds::Unknown(msg!("veto-needs-facts"))
    })
}

/// The scenarios of a model over scored dimensions: the weighted profile,
/// stars, the note, vetoes (`veto` tells whether a condition holds) and
/// requirements. `avoid` is the reason of the first avoid gate, if any.
fn scenarios_of(
    model: &Model,
    dims: &[DimensionView],
    avoid: Option<Message>,
    veto: &dyn Fn(&str) -> Holds,
) -> Vec<ScenarioResult> {
    model
        .scenarios
        .iter()
        .map(|sc| {
            let mut w = 0.0;
            let mut acc = 0.0;
            let mut parts: Vec<(f64, Dimension, f64)> = Vec::new();
            for d in dims {
                let wd = sc.weights.get(&d.dimension).copied().unwrap_or(0.0);
                if wd <= 0.0 {
                    continue;
                }
                if let Some(s) = d.score {
                    w += wd;
                    acc += wd * s;
                    parts.push((wd * s, d.dimension, s));
                }
            }
            if w <= 0.0 {
                return ScenarioResult {
                    id: sc.id.clone(),
                    stars: 1,
                    note: msg!("scenario-no-evidence").into(),
                    score: None,
                    unverified: true,
                };
            }
            let profile = acc / w;
            let mut stars = profile.round().clamp(1.0, 5.0) as u8;
            parts.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            let mut note = msg!(
                "scenario-weighted-by",
                parts = Arg::messages(parts.iter().take(2).map(|p| msg!(
                    "dimension-score",
                    dimension = Arg::dimension(p.1.id()),
                    score = Arg::Score(round(p.2, 2))
                )))
            );
            // Clauses added to the note after its first (unverified vetoes).
            let mut more: Vec<Message> = Vec::new();
            let mut unverified = false;
            if let Some(reason) = &avoid {
                stars = 1;
                note = msg!("scenario-avoid", reason = reason.clone());
            }
            // Vetoes, in the model's order: an `unverified` veto marks the
            // scenario and adds its note; a capping veto caps the stars and
            // the first one that holds gives the note (an avoided crate
            // already has one star and keeps its note). A condition that
            // cannot be checked fails closed unless the model says otherwise:
            // less data never gives more stars.
            let mut capped = false;
            for v in &sc.vetoes {
                let holds = veto(&v.condition);
                let veto_note = condition::veto_note(v);
                let (applies, text) = match (&holds, v.when_unknown) {
                    (Holds::Yes, _) => (true, Some(veto_note)),
                    (Holds::Unknown(why), WhenUnknown::Cap) => (
                        true,
                        Some(msg!(
                            "veto-not-checked",
                            note = veto_note,
                            why = why.clone()
                        )),
                    ),
                    (Holds::Unknown(why), WhenUnknown::Unverified) => {
                        unverified = true;
                        more.push(msg!("scenario-unverified", why = why.clone()));
                        (false, None)
                    }
                    _ => (false, None),
                };
                if !applies {
                    continue;
                }
                let text = text.unwrap_or_else(|| msg!("clauses", parts = Arg::clauses([])));
                if v.unverified {
                    unverified = true;
                    more.push(text);
                    continue;
                }
                if avoid.is_some() {
                    continue;
                }
                stars = stars.min(v.max_stars);
                if !capped {
                    note = text;
                    more.clear();
                    capped = true;
                }
            }
            let req_s = model.thresholds.requirement_min_s;
            let req_stars = model.thresholds.requirement_max_stars as u8;
            for req in &sc.requires {
                let ok = dims
                    .iter()
                    .flat_map(|d| d.measured.iter())
                    .any(|a| &a.0 == req && a.1 >= req_s);
                if !ok {
                    stars = stars.min(req_stars);
                    note = msg!(
                        "scenario-requires",
                        stars = Arg::code("⭐".repeat(req_stars.into())),
                        signal = Arg::id(req.clone())
                    );
                    more.clear();
                }
            }
            if !more.is_empty() {
                more.insert(0, note);
                note = msg!("clauses", parts = Arg::clauses(more));
            }
            ScenarioResult {
                id: sc.id.clone(),
                stars,
                note: note.into(),
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
) -> (Vec<Message>, Vec<Message>) {
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
            let score = msg!(
                "dimension-score",
                dimension = Arg::dimension(d.dim.id()),
                score = Arg::Score(round(d.score.unwrap_or(0.0), 2))
            );
            match best {
                Some(b) => msg!("strength", dimension = score, evidence = b.3.clone()),
                None => score,
            }
        })
        .collect();
    let mut risks: Vec<Message> = gates
        .iter()
        .map(|g| {
            msg!(
                "risk-gate",
                dimension = Arg::dimension(g.dimension.id()),
                gate = Arg::id(g.id.clone()),
                reason = g.reason.clone()
            )
        })
        .collect();
    let mut weak: Vec<(f64, f64, Message)> = Vec::new();
    // A dimension good enough to be a strength gives no risk; metadata and
    // practices whose absence harms no user are never one.
    for d in scored
        .iter()
        .filter(|d| d.gates.is_empty() && d.score.is_some_and(|s| s < card.strength_min))
    {
        let worst = d
            .scored
            .avail
            .iter()
            .filter(|a| a.1 > 0.0 && !card.not_risks.contains(&a.0))
            .min_by(|a, b| {
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
                msg!(
                    "risk-weak",
                    dimension = Arg::dimension(d.dim.id()),
                    score = Arg::Score(round(d.score.unwrap_or(0.0), 2)),
                    evidence = w.3.clone()
                ),
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
fn not_measured(facts: &Facts, model: &Model, dims: &[DimState]) -> Option<Message> {
    let unscored: Vec<Arg> = dims
        .iter()
        .filter(|d| d.score.is_none())
        .map(|d| Arg::dimension(d.dim.id()))
        .collect();
    let mut sources: Vec<Message> = Vec::new();
    let mut seen = BTreeSet::new();
    for s in &facts.sources {
        if !seen.insert(s.id) {
            continue;
        }
        match s.status {
            SourceState::Unavailable => sources.push(msg!(
                "not-measured-source",
                source = s.id,
                reason = s.reason.get().cloned().unwrap_or_else(|| msg!("no-data"))
            )),
            SourceState::Stale => sources.push(msg!(
                "not-measured-source-stale",
                source = s.id,
                reason = s.reason.get().cloned().unwrap_or_else(|| msg!("old-data"))
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
            sources.push(msg!("not-measured-not-consulted", source = def.source));
        }
    }
    if unscored.is_empty() && sources.is_empty() {
        return None;
    }
    Some(match (unscored.is_empty(), sources.is_empty()) {
        (false, false) => msg!(
            "not-measured",
            dimensions = Arg::List(unscored),
            sources = Arg::clauses(sources)
        ),
        (false, true) => msg!("not-measured-dimensions", dimensions = Arg::List(unscored)),
        _ => msg!("not-measured-sources", sources = Arg::clauses(sources)),
    })
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
        yanked: facts.evaluated_release().is_some_and(|r| r.yanked),
    }
}
