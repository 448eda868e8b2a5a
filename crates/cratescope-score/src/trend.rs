//! Trends over stored history: per catalog category, quarter over quarter,
//! each crate's momentum (change in composite), release activity (versions
//! published between quarters), usage (downloads, where the crates.io API
//! answered), and a ring — adopt, trial, assess, hold — with the numbers that
//! put it there. Pure: it reads [`Evaluation`]s (from the store) and a
//! [`Catalog`], and never fetches.
//!
//! Also here, for `backfill`: [`mark_unreconstructed`], which notes on a past
//! day's card the dimensions that lost signals because the evaluator does not
//! use present-day API figures for past days (eval.rs): those parts are marked
//! as not reconstructible instead of invented.
//!
//! Deliberately ignored: crates with history that no category lists (trends
//! are per category), and evaluations under different models are compared
//! as they are (the card records its model version).

use std::collections::BTreeMap;

use jiff::civil::Date;

use cratescope_model::Catalog;
pub use cratescope_model::trend::{CategoryTrend, CrateTrend, QuarterPoint, Ring};
use cratescope_model::{Arg, DimensionNote, Evaluation, Message, Tier, msg};

/// A composite change per quarter at least this large (on the 1–5 scale, 5%
/// of its range) counts as rising; as large downwards counts as declining.
/// Smaller moves are what a source answering or not can cause alone.
pub const MOMENTUM_THRESHOLD: f64 = 0.2;
/// A crate whose first release is younger than this is "young".
pub const YOUNG_DAYS: i64 = 365;
/// This many releases or more between two quarters is "fast-moving".
pub const FAST_RELEASES: u64 = 3;

/// "2026Q3" for a day.
pub fn quarter_label(d: Date) -> String {
    format!("{}Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

/// The last day of the quarter containing `d`.
pub fn quarter_end(d: Date) -> Date {
    let last_month = ((d.month() - 1) / 3 + 1) * 3;
    Date::new(d.year(), last_month, 1)
        .map(|m| m.last_of_month())
        .unwrap_or(d)
}

/// The ends of the `n` quarters before the one containing `today`, oldest
/// first (the current quarter has not ended, so it is left out).
pub fn past_quarter_ends(today: Date, n: u32) -> Vec<Date> {
    let mut ends = Vec::new();
    let mut cursor = quarter_end(today);
    for _ in 0..n {
        // The day before the first day of the cursor's quarter ends the previous one.
        let first_month = cursor.month() - 2;
        let prev = Date::new(cursor.year(), first_month, 1)
            .ok()
            .and_then(|d| d.yesterday().ok());
        match prev {
            Some(p) => {
                ends.push(p);
                cursor = p;
            }
            None => break,
        }
    }
    ends.reverse();
    ends
}

/// Per category of `catalog`, each listed crate's trend from its stored
/// evaluations (any order; the last one of each quarter by as_of counts).
pub fn compute(history: &[(String, Vec<Evaluation>)], catalog: &Catalog) -> Vec<CategoryTrend> {
    let by_name: BTreeMap<&str, &Vec<Evaluation>> =
        history.iter().map(|(n, e)| (n.as_str(), e)).collect();
    catalog
        .categories
        .iter()
        .map(|cat| CategoryTrend {
            id: cat.id.clone(),
            name: cat.name.clone(),
            crates: cat
                .crates
                .iter()
                .map(|n| {
                    crate_trend(
                        n,
                        by_name.get(n.as_str()).map(|v| v.as_slice()).unwrap_or(&[]),
                    )
                })
                .collect(),
        })
        .collect()
}

/// One crate's trend from its evaluations.
pub fn crate_trend(name: &str, evals: &[Evaluation]) -> CrateTrend {
    let mut sorted: Vec<&Evaluation> = evals.iter().collect();
    sorted.sort_by_key(|e| e.as_of);
    let mut per_quarter: BTreeMap<String, &Evaluation> = BTreeMap::new();
    for e in sorted {
        per_quarter.insert(quarter_label(e.as_of), e);
    }
    let quarters: Vec<QuarterPoint> = per_quarter
        .iter()
        .map(|(q, e)| QuarterPoint {
            quarter: q.clone(),
            as_of: e.as_of,
            composite: e.composite,
            tier: e.tier,
            versions: e.info.versions,
            downloads: e.info.downloads,
        })
        .collect();
    let latest = per_quarter.values().last().copied();
    let Some(latest) = latest else {
        return CrateTrend {
            name: name.to_string(),
            quarters,
            momentum: None,
            releases: None,
            downloads_gained: None,
            ring: None,
            reason: msg!("trend-no-evaluation").into(),
        };
    };
    let prev = quarters.len().checked_sub(2).and_then(|i| quarters.get(i));
    let last = quarters.last();
    let momentum = match (
        prev.and_then(|p| p.composite),
        last.and_then(|l| l.composite),
    ) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    let releases = match (prev, last) {
        (Some(p), Some(l)) => Some(l.versions.saturating_sub(p.versions)),
        _ => None,
    };
    let downloads_gained = match (
        prev.and_then(|p| p.downloads),
        last.and_then(|l| l.downloads),
    ) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a)),
        _ => None,
    };
    let (ring, reason) = ring_for(latest, momentum, releases);
    CrateTrend {
        name: name.to_string(),
        quarters,
        momentum,
        releases,
        downloads_gained,
        ring: Some(ring),
        reason: reason.into(),
    }
}

fn ring_for(latest: &Evaluation, momentum: Option<f64>, releases: Option<u64>) -> (Ring, Message) {
    let composite = match latest.composite {
        Some(c) => msg!("trend-composite", composite = Arg::Number(c)),
        None => msg!("trend-composite-none"),
    };
    let mom = match momentum {
        Some(m) => msg!("trend-momentum", momentum = Arg::Delta(m)),
        None => msg!("trend-momentum-none"),
    };
    let gated: Vec<Arg> = latest
        .dimensions
        .iter()
        .flat_map(|d| d.gates.iter())
        .filter(|g| g.avoid)
        .map(|g| Arg::id(g.id.clone()))
        .collect();
    if latest.tier == Tier::Avoid || !gated.is_empty() {
        let why = if gated.is_empty() {
            msg!("trend-tier", tier = Tier::Avoid)
        } else {
            msg!("trend-gated", gates = Arg::List(gated))
        };
        return (
            Ring::Hold,
            msg!("clauses", parts = Arg::clauses([why, composite, mom])),
        );
    }
    if let Some(m) = momentum
        && m <= -MOMENTUM_THRESHOLD
    {
        return (
            Ring::Hold,
            msg!(
                "clauses",
                parts = Arg::clauses([
                    msg!(
                        "trend-declining",
                        momentum = Arg::Delta(m),
                        threshold = Arg::Number(MOMENTUM_THRESHOLD)
                    ),
                    composite
                ])
            ),
        );
    }
    let tier = msg!("trend-tier", tier = latest.tier);
    let production = latest.tier.rank() <= Tier::ProductionReady.rank();
    if production {
        return (
            Ring::Adopt,
            msg!(
                "clauses",
                parts = Arg::clauses([tier, composite, msg!("trend-steady", momentum = mom)])
            ),
        );
    }
    if let Some(m) = momentum
        && m >= MOMENTUM_THRESHOLD
    {
        return (
            Ring::Trial,
            msg!(
                "clauses",
                parts = Arg::clauses([
                    msg!(
                        "trend-rising",
                        momentum = Arg::Delta(m),
                        threshold = Arg::Number(MOMENTUM_THRESHOLD)
                    ),
                    tier,
                    composite
                ])
            ),
        );
    }
    let age = latest
        .info
        .first_release
        .and_then(|f| (latest.as_of - f).total(jiff::Unit::Day).ok())
        .map(|d| d as i64);
    let mut why = Vec::new();
    if let Some(a) = age
        && a < YOUNG_DAYS
    {
        why.push(msg!(
            "trend-young",
            days = Arg::Days(a),
            date = latest.as_of
        ));
    }
    if let Some(r) = releases
        && r >= FAST_RELEASES
    {
        why.push(msg!("trend-fast", releases = r));
    }
    if why.is_empty() {
        why.push(msg!("trend-assess"));
    }
    why.extend([tier, composite, mom]);
    (Ring::Assess, msg!("clauses", parts = Arg::clauses(why)))
}

/// Notes each dimension of a backfilled card that lost signals to sources
/// that cannot be reconstructed for a past day: "not reconstructible" when it has no score left,
/// "partly reconstructed" otherwise. Returns the ids of the dimensions noted.
pub fn mark_unreconstructed(eval: &mut Evaluation) -> Vec<String> {
    let mut marked = Vec::new();
    for d in &mut eval.dimensions {
        let lost = d.not_reconstructed.len();
        if lost == 0 {
            continue;
        }
        let total = d.signals.len();
        let note = if d.score.is_none() {
            msg!(
                "trend-not-reconstructible",
                date = eval.as_of,
                lost = lost,
                total = total
            )
        } else {
            msg!(
                "trend-partly-reconstructed",
                date = eval.as_of,
                lost = lost,
                total = total
            )
        };
        d.note = match d.note.message.take() {
            Some(n) => DimensionNote::some(msg!("clauses", parts = Arg::clauses([n, note]))),
            None => DimensionNote::some(note),
        };
        marked.push(d.id.clone());
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use cratescope_model::{Info, Tier};
    use jiff::civil::date;

    fn eval(as_of: Date, composite: f64, tier: Tier, versions: u64) -> Evaluation {
        Evaluation {
            schema_version: 1,
            name: "x".into(),
            version: "1.0.0".into(),
            as_of,
            model_version: "1".into(),
            info: Info {
                versions,
                first_release: Some(date(2018, 1, 1)),
                ..Info::default()
            },
            composite: Some(composite),
            composite_range: None,
            confidence: 0.9,
            tier,
            provisional: false,
            provisional_reason: Default::default(),
            dimensions: Vec::new(),
            scenarios: Vec::new(),
            strengths: Default::default(),
            risks: Default::default(),
            not_measured: Default::default(),
            footprint: None,
            sources: Vec::new(),
            model_overrides: Vec::new(),
            warnings: Default::default(),
        }
    }

    fn en(m: &cratescope_model::Message) -> String {
        cratescope_report::catalog::render(cratescope_model::Lang::En, m)
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_label(date(2026, 11, 25)), "2026Q4");
        assert_eq!(quarter_end(date(2026, 2, 3)), date(2026, 3, 31));
        assert_eq!(
            past_quarter_ends(date(2026, 11, 25), 3),
            vec![date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]
        );
        assert_eq!(
            past_quarter_ends(date(2026, 1, 5), 1),
            vec![date(2025, 12, 31)]
        );
    }

    #[test]
    fn rings_follow_the_numbers() {
        let q1 = date(2026, 3, 31);
        let q2 = date(2026, 6, 30);
        let adopt = crate_trend(
            "a",
            &[
                eval(q1, 4.0, Tier::ProductionReady, 10),
                eval(q2, 4.1, Tier::ProductionReady, 11),
            ],
        );
        assert_eq!(adopt.ring, Some(Ring::Adopt));
        assert_eq!(adopt.releases, Some(1));
        assert!((adopt.momentum.unwrap_or(0.0) - 0.1).abs() < 1e-9);
        let trial = crate_trend(
            "t",
            &[
                eval(q1, 3.0, Tier::Mature, 10),
                eval(q2, 3.5, Tier::Mature, 11),
            ],
        );
        assert_eq!(trial.ring, Some(Ring::Trial));
        assert!(
            en(&trial.reason.message).contains("+0.50"),
            "{}",
            en(&trial.reason.message)
        );
        let hold = crate_trend(
            "h",
            &[
                eval(q1, 4.2, Tier::ProductionReady, 10),
                eval(q2, 3.6, Tier::Mature, 10),
            ],
        );
        assert_eq!(hold.ring, Some(Ring::Hold));
        assert!(en(&hold.reason.message).contains("declining"));
        let avoid = crate_trend("v", &[eval(q2, 3.0, Tier::Avoid, 3)]);
        assert_eq!(avoid.ring, Some(Ring::Hold));
        let fast = crate_trend(
            "f",
            &[eval(q1, 3.0, Tier::Early, 1), eval(q2, 3.0, Tier::Early, 6)],
        );
        assert_eq!(fast.ring, Some(Ring::Assess));
        assert!(
            en(&fast.reason.message).contains("5 releases"),
            "{}",
            en(&fast.reason.message)
        );
        // Two evaluations in one quarter: the later one counts, no momentum yet.
        let one = crate_trend(
            "o",
            &[
                eval(q2, 2.0, Tier::Early, 1),
                eval(date(2026, 5, 1), 4.0, Tier::Early, 1),
            ],
        );
        assert_eq!(one.quarters.len(), 1);
        assert_eq!(one.quarters[0].composite, Some(2.0));
        assert_eq!(one.momentum, None);
        assert_eq!(crate_trend("n", &[]).ring, None);
    }

    #[test]
    fn compute_groups_by_catalog_category() {
        let cat: Catalog = serde_json::from_value(serde_json::json!({
            "version": 1,
            "category": [
                { "id": "a", "name": { "en": "A", "zh": "甲" }, "crates": ["x", "y"] },
                { "id": "b", "name": { "en": "B", "zh": "乙" }, "crates": ["z"] }
            ]
        }))
        .unwrap();
        let first = &cat.categories[0];
        let name = first.crates[0].clone();
        let hist = vec![(
            name.clone(),
            vec![eval(date(2026, 6, 30), 4.5, Tier::IndustryStandard, 40)],
        )];
        let t = compute(&hist, &cat);
        assert_eq!(t.len(), cat.categories.len());
        assert_eq!(t[0].crates.len(), first.crates.len());
        let c = t[0].crates.iter().find(|c| c.name == name).map(|c| c.ring);
        assert_eq!(c, Some(Some(Ring::Adopt)));
    }
}
