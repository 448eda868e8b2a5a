//! The scoring model as data: loads the embedded model file and applies a
//! user's overrides from `cratescope.toml` (`[model]`).
//!
//! Nothing here scores; it only says which weights, breakpoints, parameters,
//! gates, tiers and scenarios are in force, checks every number (finite, in
//! range, named by its key when it is not), and records every override so an
//! evaluation can say which model produced it.
//!
//! An override has the shape of the model file itself: any key of
//! `cratescope model`'s output can be given under `[model]`, signals, gates
//! and scenarios by id (`[model.signal.doc-coverage] weight = 4`, or the
//! `[[signal]]` array as printed). Only values that differ from the model in
//! force are recorded, so the printed model parses back as an override with
//! no change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ModelError as Error;
pub use cratescope_model::Dimension;

/// The embedded default model (model version 2).
pub const MODEL: &str = include_str!("model-v2.toml");

/// Global thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Below this confidence a dimension is left out of the composite.
    pub insufficient_confidence: f64,
    /// Advisory database age that triggers a warning.
    pub advisory_db_stale_days: i64,
    /// A scenario's required signal must be measured with at least this `s`.
    pub requirement_min_s: f64,
    /// A scenario whose requirement is not met gets at most this many stars.
    pub requirement_max_stars: f64,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// Icon thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Icons {
    /// ⭐ at or above.
    pub star: f64,
    /// ✅ at or above.
    pub check: f64,
    /// 🟡 at or above; 🔴 below.
    pub warn: f64,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// One tier rule: composite threshold plus optional conditions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    /// Minimum composite.
    pub composite: f64,
    /// Minimum composite confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Minimum D4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<f64>,
    /// Minimum D1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<f64>,
    /// Minimum D7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<f64>,
}

/// Tier rules, from the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    /// 🏆
    pub industry_standard: TierRule,
    /// ✅
    pub production_ready: TierRule,
    /// 🔷
    pub mature: TierRule,
    /// 🟡
    pub early: TierRule,
    /// Why each rule, by tier key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// The finished-crate floor on D7 (SCORING.md "finished-crate floor").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishedFloor {
    /// Every D7 signal is floored at this `s`.
    pub floor: f64,
    /// Minimum dependency-freshness `s`.
    pub min_freshness: f64,
    /// Minimum D4 score (real users exist who would notice breakage).
    pub min_usage: f64,
    /// A 0.x line at least this old counts as settled.
    pub old_line_days: f64,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// What the tier names say about a crate's life: young or unstable, old
/// and quiet, abandoned (an avoid gate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// A crate whose first release is younger than this is young.
    pub young_days: f64,
    /// A measured D1 below this is unstable.
    pub unstable_below: f64,
    /// A measured D7 below this (the finished-crate rule not applied) is quiet.
    pub quiet_below: f64,
    /// A quiet crate is 💤 dormant only when its repository was read and
    /// shows at most this many commits to it in 365 days.
    pub quiet_commits: f64,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// What ⛔ avoid does to the composite: one cap for every gate that makes
/// the tier ⛔, so two avoided crates never read 2.00 beside 4.56.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvoidSpec {
    /// The composite of a crate any ⛔ gate fired on is at most this.
    pub composite_cap: f64,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// How strengths and risks are chosen for the card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSpec {
    /// A dimension at or above this score can be a strength.
    pub strength_min: f64,
    /// A dimension below this score is a risk.
    pub risk_max: f64,
    /// At most this many strengths.
    pub max_strengths: f64,
    /// A measured signal at or below this `s` is weak evidence: a risk.
    pub risk_signal_max: f64,
    /// At most this many risks besides the gates (one per dimension).
    pub max_risks: f64,
    /// Signals whose weak value is never a risk: metadata and practices
    /// whose absence harms no user (keywords, optional integrations, a
    /// security policy file…). They still count in their dimension.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_risks: Vec<String>,
    /// Why each number, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<String, String>,
}

/// A number of a signal's rule with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The number.
    pub value: f64,
    /// Why this number.
    pub why: String,
}

/// A signal's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalSpec {
    /// Stable kebab-case id.
    pub id: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Weight within the dimension.
    pub weight: f64,
    /// Unit of the raw value.
    pub unit: String,
    /// Piecewise-linear `[raw, s]` breakpoints (empty when the signal computes `s` itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakpoints: Vec<[f64; 2]>,
    /// Interpolate in log10 space.
    #[serde(default, skip_serializing_if = "is_false")]
    pub log_scale: bool,
    /// Interpolate in square-root space.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sqrt_scale: bool,
    /// The rule, for signals that compute `s` themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Why this signal and these numbers, and where they come from.
    pub rationale: String,
    /// The numbers of the rule, by name (each registered signal declares the
    /// ones it needs; a model without one of them does not load).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Param>,
    /// Named lists the rule uses (e.g. license ids).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sets: BTreeMap<String, Vec<String>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl SignalSpec {
    /// Normalise a raw value through the breakpoints. None when the signal has none.
    pub fn normalise(&self, raw: f64) -> Option<f64> {
        if self.breakpoints.is_empty() || !raw.is_finite() {
            return None;
        }
        let map = |x: f64| -> f64 {
            if self.log_scale {
                x.max(1e-9).log10()
            } else if self.sqrt_scale {
                x.max(0.0).sqrt()
            } else {
                x
            }
        };
        let x = map(raw);
        let pts: Vec<(f64, f64)> = self.breakpoints.iter().map(|p| (map(p[0]), p[1])).collect();
        let first = pts[0];
        let last = pts[pts.len() - 1];
        if x <= first.0 {
            return Some(first.1.clamp(0.0, 1.0));
        }
        if x >= last.0 {
            return Some(last.1.clamp(0.0, 1.0));
        }
        for w in pts.windows(2) {
            let (x0, y0) = w[0];
            let (x1, y1) = w[1];
            if x >= x0 && x <= x1 {
                let t = if x1 > x0 { (x - x0) / (x1 - x0) } else { 1.0 };
                return Some((y0 + t * (y1 - y0)).clamp(0.0, 1.0));
            }
        }
        Some(last.1.clamp(0.0, 1.0))
    }

    /// A parameter's value, if the model has it.
    pub fn param(&self, name: &str) -> Option<f64> {
        self.params.get(name).map(|p| p.value)
    }

    /// Several parameters at once. A missing one (a model built in code
    /// without validation) makes the signal unavailable with a reason rather
    /// than a made-up number.
    pub fn params<const N: usize>(
        &self,
        names: [&str; N],
    ) -> Result<[f64; N], crate::signal::Measure> {
        let mut out = [0.0; N];
        for (slot, name) in out.iter_mut().zip(names) {
            match self.param(name) {
                Some(v) if v.is_finite() => *slot = v,
                _ => {
                    return Err(crate::signal::Measure::unavailable(cratescope_model::msg!(
                        "model-parameter-missing",
                        key = cratescope_model::Arg::code(format!(
                            "signal.{}.params.{name}",
                            self.id
                        ))
                    )));
                }
            }
        }
        Ok(out)
    }

    /// A named list, empty when the model has none.
    pub fn set(&self, name: &str) -> &[String] {
        self.sets.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A gate's cap and effect (the check itself is registered in code, see
/// [`crate::gate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateSpec {
    /// Stable kebab-case id, as registered.
    pub id: String,
    /// The dimension it caps, as registered.
    pub dimension: Dimension,
    /// Cap on the dimension score (1.0 pins it).
    pub cap: f64,
    /// The tier becomes ⛔ avoid.
    pub avoid: bool,
    /// Cap on the composite when a gate that is not ⛔ fires (unread code
    /// must not score better than read code). A ⛔ gate takes
    /// `avoid.composite_cap` instead and may not set its own: every ⛔ caps
    /// the composite the same way (see [`Model::composite_cap`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite_cap: Option<f64>,
    /// Why.
    pub rationale: String,
    /// Named lists the check uses (e.g. the openings of a description that
    /// declare a crate deprecated).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sets: BTreeMap<String, Vec<String>>,
    /// Numbers the check uses, each with its reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Param>,
}

impl GateSpec {
    /// A named list, empty when the model has none.
    pub fn set(&self, name: &str) -> &[String] {
        self.sets.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One number (None: the model has none, and the check that needs it
    /// does not conclude).
    pub fn param(&self, name: &str) -> Option<f64> {
        self.params
            .get(name)
            .map(|p| p.value)
            .filter(|v| v.is_finite())
    }
}

/// A scenario veto: when the condition holds, the scenario gets at most
/// `max_stars` (or, for an `unverified` veto, is marked unverified).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoSpec {
    /// A registered condition id (see [`crate::condition`]).
    pub condition: String,
    /// Stars at most while the condition holds (5 = no cap).
    pub max_stars: u8,
    /// Marks the scenario unverified instead of replacing its note.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unverified: bool,
    /// What the card says: a message id of the catalog (one of
    /// [`crate::condition::veto_notes`]), rendered with the veto's cap as
    /// `$stars`.
    pub note: String,
    /// What happens when the condition cannot be checked (its data is
    /// missing): `cap` applies the veto anyway (fails closed), `unverified`
    /// marks the scenario unverified, `ignore` does nothing.
    #[serde(default = "default_unknown")]
    pub when_unknown: WhenUnknown,
}

/// A veto's effect when its condition cannot be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhenUnknown {
    /// Apply the veto: fail closed.
    Cap,
    /// Mark the scenario unverified, stars unchanged.
    Unverified,
    /// Do nothing.
    Ignore,
}

fn default_unknown() -> WhenUnknown {
    WhenUnknown::Cap
}

/// A scenario: a weight profile plus requirements and vetoes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Stable id.
    pub id: String,
    /// Dimension weights.
    pub weights: BTreeMap<Dimension, f64>,
    /// Signals that must be available with s ≥ 0.5; otherwise at most two stars.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Why.
    pub rationale: String,
    /// Vetoes, applied in order.
    #[serde(default, rename = "veto", skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<VetoSpec>,
}

/// Composite weights: `[composite]` lists one weight per dimension id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeSpec {
    /// Why these weights.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Weight per dimension (an unknown dimension id does not parse).
    #[serde(flatten)]
    pub weights: BTreeMap<Dimension, f64>,
}

/// The model in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Model version; "1" plus "+overrides" when the user changed anything.
    pub version: String,
    /// Overrides applied on top of the embedded model, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// Global thresholds.
    pub thresholds: Thresholds,
    /// Composite weights.
    pub composite: CompositeSpec,
    /// Icon thresholds.
    pub icons: Icons,
    /// Tier rules.
    pub tiers: Tiers,
    /// The finished-crate floor.
    pub finished_floor: FinishedFloor,
    /// Young or unstable, old and quiet.
    pub lifecycle: Lifecycle,
    /// What ⛔ avoid does to the composite.
    pub avoid: AvoidSpec,
    /// Strengths and risks.
    pub card: CardSpec,
    /// Signals.
    #[serde(rename = "signal")]
    pub signals: Vec<SignalSpec>,
    /// Gates.
    #[serde(rename = "gate")]
    pub gates: Vec<GateSpec>,
    /// Scenarios.
    #[serde(rename = "scenario")]
    pub scenarios: Vec<ScenarioSpec>,
}

/// User overrides (`[model]` in cratescope.toml): a partial model in the
/// shape of the model file. Signals, gates and scenarios are matched by id,
/// either as a table keyed by id (`[model.signal.doc-coverage]`) or as the
/// `[[signal]]` array `cratescope model` prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ModelOverrides(pub toml::Table);

impl Model {
    /// The old name of [`Model::embedded`], which returned model 2 although
    /// it said 1. Kept so code written against it still builds.
    #[deprecated(note = "use `Model::embedded()`: the embedded model is model 2.1")]
    pub fn v1() -> Model {
        Model::embedded()
    }

    /// The embedded model: the one this cratescope scores with (its
    /// `version` says which, "2" today).
    pub fn embedded() -> Model {
        // The embedded file is checked by a unit test; failing to parse it is a
        // build defect, not an input error.
        Model::parse(MODEL).unwrap_or_else(|e| panic!("embedded model file is invalid: {e}"))
    }

    /// Parse a model file and check every number.
    pub fn parse(text: &str) -> Result<Model, Error> {
        let model: Model =
            toml::from_str(text).map_err(|e| Error(format!("invalid model file: {e}")))?;
        model.validate()?;
        Ok(model)
    }

    /// Check every number of the model: finite, in range, weights not all
    /// zero, every registered signal's parameters present, every gate and
    /// veto condition registered. The error names the key.
    pub fn validate(&self) -> Result<(), Error> {
        crate::validate::model(self)
    }

    /// Apply a user's overrides, recording each value that changes.
    pub fn with_overrides(self, o: &ModelOverrides) -> Result<Model, Error> {
        if o.0.is_empty() {
            return Ok(self);
        }
        let before = toml::Value::try_from(&self)
            .map_err(|e| Error(format!("cannot represent the model: {e}")))?;
        let mut merged = before.clone();
        merge_overrides(&mut merged, &o.0)?;
        let mut model: Model = merged
            .try_into()
            .map_err(|e: toml::de::Error| Error(format!("invalid [model] override: {e}")))?;
        // Compared through the model's own types, so `1` and `1.0` are the same.
        let after = toml::Value::try_from(&model)
            .map_err(|e| Error(format!("cannot represent the model: {e}")))?;
        let mut changes = Vec::new();
        diff(&before, &after, "", &mut changes);
        model.overrides = self.overrides.clone();
        model.overrides.extend(changes);
        model.version = self.version.clone();
        if model.overrides.len() > self.overrides.len() && !model.version.contains('+') {
            model.version = format!("{}+overrides", model.version);
        }
        model.validate()?;
        Ok(model)
    }

    /// A signal's spec.
    pub fn signal(&self, id: &str) -> Option<&SignalSpec> {
        self.signals.iter().find(|s| s.id == id)
    }

    /// A gate's spec.
    pub fn gate(&self, id: &str) -> Option<&GateSpec> {
        self.gates.iter().find(|g| g.id == id)
    }

    /// The cap a gate puts on the composite when it fires: the one ⛔ cap
    /// for a gate that makes the tier ⛔, else the gate's own, if any.
    pub fn composite_cap(&self, gate_id: &str) -> Option<f64> {
        let g = self.gate(gate_id)?;
        if g.avoid {
            Some(self.avoid.composite_cap)
        } else {
            g.composite_cap
        }
    }

    /// The model as TOML (for `cratescope model`).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render model: {e}\n"))
    }

    /// The icon for a dimension score.
    pub fn icon(&self, score: f64) -> &'static str {
        if score >= self.icons.star {
            "⭐"
        } else if score >= self.icons.check {
            "✅"
        } else if score >= self.icons.warn {
            "🟡"
        } else {
            "🔴"
        }
    }
}

/// A key of an override the model does not have (a typo, or a table in the
/// wrong place): the table it is in (dotted, inside `[model]`), the key, and
/// the keys that table does accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The table (`` for `[model]` itself, `signal.doc-coverage`…).
    pub table: String,
    /// The key.
    pub key: String,
    /// Keys the table accepts.
    pub candidates: Vec<String>,
}

/// Keys a table of each kind may hold although the printed model can leave
/// them out (optional, or empty by default).
const SIGNAL_KEYS: &[&str] = &[
    "id",
    "dimension",
    "weight",
    "unit",
    "breakpoints",
    "log_scale",
    "sqrt_scale",
    "rule",
    "rationale",
    "params",
    "sets",
];
const GATE_KEYS: &[&str] = &[
    "id",
    "dimension",
    "cap",
    "avoid",
    "composite_cap",
    "rationale",
    "sets",
];
const SCENARIO_KEYS: &[&str] = &["id", "weights", "requires", "rationale", "veto"];
const TIER_RULE_KEYS: &[&str] = &[
    "composite",
    "confidence",
    "usage",
    "stability",
    "maintenance",
];

impl ModelOverrides {
    /// The first key of the overrides that the model has no place for, in
    /// file order; None when every table and key is one the model reads.
    /// (A wrong *value* is [`Model::with_overrides`]'s to report.)
    pub fn unknown_key(&self, model: &Model) -> Option<UnknownKey> {
        let base = toml::Value::try_from(model).ok()?;
        let root = base.as_table()?;
        for (key, value) in &self.0 {
            if IGNORED.contains(&key.as_str()) {
                continue;
            }
            if BY_ID.contains(&key.as_str()) {
                if let Some(u) = unknown_by_id(root, key, value) {
                    return Some(u);
                }
                continue;
            }
            let Some(existing) = root.get(key) else {
                let mut candidates: Vec<String> = root.keys().cloned().collect();
                candidates.extend(BY_ID.iter().map(|s| s.to_string()));
                return Some(UnknownKey {
                    table: String::new(),
                    key: key.clone(),
                    candidates,
                });
            };
            if let (Some(o), Some(m)) = (value.as_table(), existing.as_table())
                && let Some(u) = unknown_in(o, m, key)
            {
                return Some(u);
            }
        }
        None
    }
}

/// Keys `path` accepts beyond those the printed model shows there.
fn extra_keys(path: &str, shown: &toml::Table) -> Vec<String> {
    let segs: Vec<&str> = path.split('.').collect();
    let words: &[&str] = match segs.as_slice() {
        ["tiers", _] => TIER_RULE_KEYS,
        ["signal", _] => SIGNAL_KEYS,
        ["gate", _] => GATE_KEYS,
        ["scenario", _] => SCENARIO_KEYS,
        ["signal", _, "params", _] => &["value", "why"],
        _ => &[],
    };
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    if matches!(segs.as_slice(), ["composite"] | ["scenario", _, "weights"]) {
        out.extend(Dimension::ALL.iter().map(|d| d.id().to_string()));
    }
    if segs.len() == 1 {
        // Top tables carry the reason of each number in `why`.
        out.push("why".into());
    }
    if segs.last() == Some(&"why") {
        out.extend(shown.keys().cloned());
    }
    out
}

fn unknown_in(o: &toml::Table, m: &toml::Table, path: &str) -> Option<UnknownKey> {
    let mut allowed: Vec<String> = m.keys().cloned().collect();
    allowed.extend(extra_keys(path, m));
    for (k, v) in o {
        if !allowed.contains(k) {
            allowed.sort();
            allowed.dedup();
            return Some(UnknownKey {
                table: path.to_string(),
                key: k.clone(),
                candidates: allowed,
            });
        }
        let here = format!("{path}.{k}");
        match (v.as_table(), m.get(k).and_then(toml::Value::as_table)) {
            (Some(ov), Some(mv)) => {
                if let Some(u) = unknown_in(ov, mv, &here) {
                    return Some(u);
                }
            }
            // `why` keys name the numbers of the table that holds them.
            (Some(ov), None) if k == "why" => {
                if let Some(u) = unknown_in(ov, m, &here) {
                    return Some(u);
                }
            }
            _ => {}
        }
    }
    None
}

fn unknown_by_id(root: &toml::Table, key: &str, value: &toml::Value) -> Option<UnknownKey> {
    let list = root.get(key).and_then(toml::Value::as_array);
    let ids: Vec<String> = list
        .into_iter()
        .flatten()
        .filter_map(|v| {
            v.get("id")
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        })
        .collect();
    let entries: Vec<(String, &toml::Table)> = match value {
        toml::Value::Table(t) => t
            .iter()
            .filter_map(|(id, v)| v.as_table().map(|b| (id.clone(), b)))
            .collect(),
        toml::Value::Array(items) => items
            .iter()
            .filter_map(|v| {
                let b = v.as_table()?;
                Some((b.get("id")?.as_str()?.to_string(), b))
            })
            .collect(),
        _ => Vec::new(),
    };
    for (id, body) in entries {
        let existing = list
            .into_iter()
            .flatten()
            .find(|v| v.get("id").and_then(toml::Value::as_str) == Some(id.as_str()));
        let path = format!("{key}.{id}");
        match existing.and_then(toml::Value::as_table) {
            Some(m) => {
                if let Some(u) = unknown_in(body, m, &path) {
                    return Some(u);
                }
            }
            // A new scenario is a user's own profile: its keys are checked
            // against what a scenario accepts.
            None if key == "scenario" => {
                if let Some(u) = unknown_in(body, &toml::Table::new(), &path) {
                    return Some(u);
                }
            }
            None => {
                return Some(UnknownKey {
                    table: key.to_string(),
                    key: id,
                    candidates: ids,
                });
            }
        }
    }
    None
}

/// Keys of the model file whose values are arrays of tables matched by `id`.
const BY_ID: &[&str] = &["signal", "gate", "scenario"];
/// Keys an override may carry but that never change the model: the printed
/// model's own version and override list.
const IGNORED: &[&str] = &["version", "overrides"];

fn merge_overrides(model: &mut toml::Value, o: &toml::Table) -> Result<(), Error> {
    let Some(root) = model.as_table_mut() else {
        return Err(Error("the model is not a table".into()));
    };
    for (key, value) in o {
        if IGNORED.contains(&key.as_str()) {
            continue;
        }
        if BY_ID.contains(&key.as_str()) {
            merge_by_id(root, key, value)?;
            continue;
        }
        match root.get_mut(key) {
            Some(existing) => merge_value(existing, value, key)?,
            None => return Err(Error(format!("unknown key `{key}` in [model]"))),
        }
    }
    Ok(())
}

/// Tables merge key by key; anything else replaces.
fn merge_value(into: &mut toml::Value, from: &toml::Value, path: &str) -> Result<(), Error> {
    match (into, from) {
        (toml::Value::Table(a), toml::Value::Table(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) => merge_value(existing, v, &format!("{path}.{k}"))?,
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
            Ok(())
        }
        // A bare number for a `{ value, why }` parameter changes the value
        // and keeps the reason.
        (toml::Value::Table(a), v @ (toml::Value::Integer(_) | toml::Value::Float(_)))
            if a.contains_key("value") && a.contains_key("why") =>
        {
            a.insert("value".into(), v.clone());
            Ok(())
        }
        (slot, v) => {
            let _ = path;
            *slot = v.clone();
            Ok(())
        }
    }
}

fn merge_by_id(root: &mut toml::Table, key: &str, value: &toml::Value) -> Result<(), Error> {
    // Either `[signal.<id>]` tables or the printed `[[signal]]` array.
    let entries: Vec<(String, toml::Table)> = match value {
        toml::Value::Table(t) => t
            .iter()
            .map(|(id, v)| match v {
                toml::Value::Table(body) => Ok((id.clone(), body.clone())),
                _ => Err(Error(format!("[model.{key}.{id}] must be a table"))),
            })
            .collect::<Result<_, _>>()?,
        toml::Value::Array(items) => items
            .iter()
            .map(|v| {
                let body = v
                    .as_table()
                    .ok_or_else(|| Error(format!("[[model.{key}]] entries must be tables")))?;
                let id = body
                    .get("id")
                    .and_then(toml::Value::as_str)
                    .ok_or_else(|| Error(format!("a [[model.{key}]] entry has no `id`")))?;
                Ok((id.to_string(), body.clone()))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(Error(format!("[model.{key}] must be a table or an array"))),
    };
    let list = root
        .entry(key.to_string())
        .or_insert_with(|| toml::Value::Array(Vec::new()));
    let Some(list) = list.as_array_mut() else {
        return Err(Error(format!("model key `{key}` is not an array")));
    };
    for (id, mut body) in entries {
        body.insert("id".into(), toml::Value::String(id.clone()));
        let existing = list.iter_mut().find(|v| {
            v.as_table()
                .and_then(|t| t.get("id"))
                .and_then(toml::Value::as_str)
                == Some(id.as_str())
        });
        match existing {
            Some(slot) => merge_value(slot, &toml::Value::Table(body), &format!("{key}.{id}"))?,
            // A new scenario is a user's own profile; a new signal or gate
            // would have no code behind it.
            None if key == "scenario" => list.push(toml::Value::Table(body)),
            None => return Err(Error(format!("unknown {key} `{id}` in [model.{key}]"))),
        }
    }
    Ok(())
}

/// One line per value that differs, `path = value`.
fn diff(a: &toml::Value, b: &toml::Value, path: &str, out: &mut Vec<String>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (toml::Value::Table(x), toml::Value::Table(y)) => {
            for (k, vb) in y {
                match x.get(k) {
                    Some(va) => diff(va, vb, &join(k), out),
                    None => out.push(format!("{} = {vb}", join(k))),
                }
            }
        }
        (toml::Value::Array(x), toml::Value::Array(y))
            if is_id_list(x) && is_id_list(y) && !path.is_empty() =>
        {
            for vb in y {
                let id = id_of(vb).unwrap_or_default();
                match x.iter().find(|va| id_of(va) == Some(id)) {
                    Some(va) => diff(va, vb, &format!("{path}.{id}"), out),
                    None => out.push(format!("{path} {id} added")),
                }
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path} = {b}")),
    }
}

fn id_of(v: &toml::Value) -> Option<&str> {
    v.as_table()?.get("id")?.as_str()
}

fn is_id_list(items: &[toml::Value]) -> bool {
    !items.is_empty() && items.iter().all(|v| id_of(v).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(text: &str) -> ModelOverrides {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn embedded_model_parses() {
        let m = Model::embedded();
        assert_eq!(m.version, "2.3");
        let sum: f64 = m.composite.weights.values().sum();
        assert!((sum - 1.0).abs() < 1e-9, "composite weights sum to {sum}");
        for sc in &m.scenarios {
            let sum: f64 = sc.weights.values().sum();
            assert!(
                (sum - 1.0).abs() < 1e-9,
                "scenario {} weights sum to {sum}",
                sc.id
            );
        }
    }

    #[test]
    fn breakpoints_interpolate_and_clamp() {
        let m = Model::embedded();
        let s = m.signal("current-line-span").unwrap();
        assert_eq!(s.normalise(0.0), Some(0.0));
        assert_eq!(s.normalise(90.0), Some(0.25));
        assert!((s.normalise(227.5).unwrap() - 0.425).abs() < 1e-9);
        assert_eq!(s.normalise(5000.0), Some(1.0));
        assert_eq!(s.normalise(-3.0), Some(0.0));
        // Descending breakpoints (fewer is better).
        let y = m.signal("yank-share").unwrap();
        assert_eq!(y.normalise(0.0), Some(1.0));
        assert!((y.normalise(0.25).unwrap() - 0.65).abs() < 1e-9);
        assert_eq!(y.normalise(0.9), Some(0.3));
    }

    #[test]
    fn log_and_sqrt_scales() {
        let m = Model::embedded();
        let d = m.signal("downloads").unwrap();
        // log10 = 4.5: halfway between 10k (.4) and 100k (.6).
        assert!((d.normalise(31_622.776_6).unwrap() - 0.5).abs() < 1e-6);
        let dep = m.signal("dependents").unwrap();
        assert!((dep.normalise(100.0).unwrap() - 0.55).abs() < 1e-9);
        assert!((dep.normalise(1000.0).unwrap() - 0.8).abs() < 1e-9);
        assert_eq!(dep.normalise(1.0), Some(0.0));
        let st = m.signal("stars").unwrap();
        assert!(
            (st.normalise(100.0).unwrap() - 0.5).abs() < 1e-9,
            "log10(100)/4"
        );
    }

    #[test]
    fn overrides_are_applied_and_recorded() {
        let o = overrides(
            r#"
            composite = { usage = 0.5 }
            [signal.doc-coverage]
            weight = 5.0
            "#,
        );
        let m = Model::embedded().with_overrides(&o).unwrap();
        assert_eq!(m.composite.weights[&Dimension::Usage], 0.5);
        assert_eq!(m.signal("doc-coverage").unwrap().weight, 5.0);
        assert_eq!(m.version, "2.3+overrides");
        assert_eq!(
            m.overrides,
            vec![
                "composite.usage = 0.5".to_string(),
                "signal.doc-coverage.weight = 5.0".to_string()
            ]
        );
        let bad = overrides("[signal.no-such-signal]\nweight = 1.0");
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no-such-signal"), "{err}");
        let bad = overrides("[composite]\nspeed = 1.0");
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("speed"), "{err}");
    }

    #[test]
    fn params_and_gates_are_overridable() {
        let o = overrides(
            r#"
            [signal.readme.params]
            full_length_chars = 2000.0
            [gate.prerelease-only]
            cap = 2.5
            "#,
        );
        let m = Model::embedded().with_overrides(&o).unwrap();
        assert_eq!(
            m.signal("readme").unwrap().param("full_length_chars"),
            Some(2000.0)
        );
        assert_eq!(m.gate("prerelease-only").unwrap().cap, 2.5);
        assert_eq!(
            m.overrides,
            vec![
                "gate.prerelease-only.cap = 2.5",
                "signal.readme.params.full_length_chars.value = 2000.0"
            ]
        );
        // The same value, written as an integer, is no change.
        let same = overrides("[signal.readme.params]\nfull_length_chars = 3000");
        assert!(
            Model::embedded()
                .with_overrides(&same)
                .unwrap()
                .overrides
                .is_empty()
        );
        // A missing, non-finite or out-of-range parameter does not load, and
        // the error names the key.
        let text = MODEL.replace(
            "binary_scale = { value = 10,",
            "binary_scale = { value = nan,",
        );
        let err = Model::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("signal.downloads.params.binary_scale"),
            "{err}"
        );
        let text = MODEL.replace("team_weight = { value = 3,", "team_wait = { value = 3,");
        let err = Model::parse(&text).unwrap_err().to_string();
        assert!(err.contains("signal.owners.params.team_weight"), "{err}");
        let bad = overrides("[signal.unsafe-use.params]\ns_low = 1.5");
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("signal.unsafe-use.params.s_low"), "{err}");
        let bad = overrides(
            "[composite]\nstability = 0.0\ncommunity = 0.0\ndocumentation = 0.0\nusage = 0.0\nperformance = 0.0\necosystem = 0.0\nmaintenance = 0.0",
        );
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("composite"), "{err}");
        let bad = overrides("[gate.open-advisory]\ncap = 9");
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("gate.open-advisory.cap"), "{err}");
        let bad = overrides("[thresholds]\ninsufficient_confidence = -0.1");
        let err = Model::embedded()
            .with_overrides(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("thresholds.insufficient_confidence"), "{err}");
    }

    #[test]
    fn model_round_trips_through_toml() {
        let m = Model::embedded();
        let again = Model::parse(&m.to_toml()).unwrap();
        assert_eq!(m, again);
    }

    #[test]
    fn printed_model_parses_back_as_an_override_with_no_change() {
        let m = Model::embedded();
        let o: ModelOverrides = toml::from_str(&m.to_toml()).unwrap();
        let again = m.clone().with_overrides(&o).unwrap();
        assert_eq!(again, m);
        assert!(again.overrides.is_empty());
        assert_eq!(again.version, "2.3");
        // The same holds for a model that already carries overrides.
        let changed = m
            .with_overrides(&overrides("[signal.stars]\nweight = 1.0"))
            .unwrap();
        let o: ModelOverrides = toml::from_str(&changed.to_toml()).unwrap();
        assert_eq!(changed.clone().with_overrides(&o).unwrap(), changed);
    }

    #[test]
    fn a_scenario_override_adds_or_changes_by_id() {
        let o = overrides(
            r#"
            [[scenario]]
            id = "edge"
            weights = { performance = 0.5, ecosystem = 0.5 }
            requires = ["no-std"]
            rationale = "edge / WASM"
            "#,
        );
        let m = Model::embedded().with_overrides(&o).unwrap();
        assert!(m.scenarios.iter().any(|s| s.id == "edge"));
        let enterprise = m.scenarios.iter().find(|s| s.id == "enterprise").unwrap();
        assert_eq!(
            enterprise.vetoes.len(),
            2,
            "untouched scenarios keep their vetoes"
        );
        // By id: only the weights change, the vetoes stay.
        let o = overrides("[scenario.enterprise.weights]\nsecurity = 0.3");
        let m = Model::embedded().with_overrides(&o).unwrap();
        let enterprise = m.scenarios.iter().find(|s| s.id == "enterprise").unwrap();
        assert_eq!(enterprise.weights[&Dimension::Security], 0.3);
        assert_eq!(enterprise.vetoes.len(), 2);
        assert_eq!(
            m.overrides,
            vec!["scenario.enterprise.weights.security = 0.3"]
        );
    }
}
