//! The scoring model as data: loads the embedded `model-v1.toml` and applies a
//! user's overrides from `cratescope.toml` (`[model]`).
//!
//! Nothing here scores; it only says which weights and breakpoints are in force
//! and records every override so an evaluation can say which model produced it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ModelError as Error;
pub use cratescope_model::Dimension;

/// The embedded default model.
pub const MODEL_V1: &str = include_str!("model-v1.toml");

/// Global thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Below this confidence a dimension is left out of the composite.
    pub insufficient_confidence: f64,
    /// D5 confidence cap without benchmark results.
    pub performance_confidence_cap_without_results: f64,
    /// Below this composite confidence a provisional tier is at most 🔷 mature.
    pub provisional_tier_min_confidence: f64,
    /// Advisory database age that triggers a warning.
    pub advisory_db_stale_days: i64,
}

/// Icon thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Icons {
    /// ⭐ at or above.
    pub star: f64,
    /// ✅ at or above.
    pub check: f64,
    /// 🟡 at or above; 🔴 below.
    pub warn: f64,
}

/// One tier rule: composite threshold plus optional conditions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
pub struct Tiers {
    /// 🏆
    pub industry_standard: TierRule,
    /// ✅
    pub production_ready: TierRule,
    /// 🔷
    pub mature: TierRule,
    /// 🟡
    pub early: TierRule,
}

/// A signal's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// A scenario: a weight profile plus requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// The model in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Model version; "1" plus "+overrides" when the user changed anything.
    pub version: String,
    /// Global thresholds.
    pub thresholds: Thresholds,
    /// Composite weights.
    pub composite: CompositeSpec,
    /// Icon thresholds.
    pub icons: Icons,
    /// Tier rules.
    pub tiers: Tiers,
    /// Signals.
    #[serde(rename = "signal")]
    pub signals: Vec<SignalSpec>,
    /// Scenarios.
    #[serde(rename = "scenario")]
    pub scenarios: Vec<ScenarioSpec>,
    /// Overrides applied on top of the embedded model, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
}

/// Composite weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeSpec {
    /// Weight per dimension.
    pub weights: BTreeMap<Dimension, f64>,
}

/// User overrides (`[model]` in cratescope.toml).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelOverrides {
    /// Composite weights by dimension id.
    #[serde(default)]
    pub composite: BTreeMap<String, f64>,
    /// Per-signal weight and breakpoints.
    #[serde(default)]
    pub signal: BTreeMap<String, SignalOverride>,
    /// Extra or replaced scenarios.
    #[serde(default)]
    pub scenario: Vec<ScenarioSpec>,
}

/// One signal's override.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalOverride {
    /// New weight.
    pub weight: Option<f64>,
    /// New breakpoints.
    pub breakpoints: Option<Vec<[f64; 2]>>,
}

impl Model {
    /// The embedded model v1.
    pub fn v1() -> Model {
        // The embedded file is checked by a unit test; failing to parse it is a
        // build defect, not an input error.
        Model::parse(MODEL_V1).unwrap_or_else(|e| panic!("embedded model-v1.toml is invalid: {e}"))
    }

    /// Parse a model file.
    pub fn parse(text: &str) -> Result<Model, Error> {
        let model: Model =
            toml::from_str(text).map_err(|e| Error(format!("invalid model file: {e}")))?;
        model.validate()?;
        Ok(model)
    }

    fn validate(&self) -> Result<(), Error> {
        for s in &self.signals {
            if s.weight < 0.0 || !s.weight.is_finite() {
                return Err(Error(format!(
                    "signal `{}` has an invalid weight {}",
                    s.id, s.weight
                )));
            }
            for w in s.breakpoints.windows(2) {
                if w[1][0] < w[0][0] {
                    return Err(Error(format!(
                        "signal `{}` has breakpoints out of order",
                        s.id
                    )));
                }
            }
        }
        Ok(())
    }

    /// Apply a user's overrides, recording each one.
    pub fn with_overrides(mut self, o: &ModelOverrides) -> Result<Model, Error> {
        for (dim, w) in &o.composite {
            let d = Dimension::from_id(dim)
                .ok_or_else(|| Error(format!("unknown dimension `{dim}` in [model.composite]")))?;
            if !w.is_finite() || *w < 0.0 {
                return Err(Error(format!("invalid composite weight {w} for `{dim}`")));
            }
            self.composite.weights.insert(d, *w);
            self.overrides.push(format!("composite.{dim} = {w}"));
        }
        for (id, so) in &o.signal {
            let spec = self
                .signals
                .iter_mut()
                .find(|s| &s.id == id)
                .ok_or_else(|| Error(format!("unknown signal `{id}` in [model.signal]")))?;
            if let Some(w) = so.weight {
                spec.weight = w;
                self.overrides.push(format!("signal.{id}.weight = {w}"));
            }
            if let Some(bp) = &so.breakpoints {
                spec.breakpoints = bp.clone();
                self.overrides
                    .push(format!("signal.{id}.breakpoints = {bp:?}"));
            }
        }
        for sc in &o.scenario {
            self.overrides.push(format!("scenario {}", sc.id));
            if let Some(existing) = self.scenarios.iter_mut().find(|s| s.id == sc.id) {
                *existing = sc.clone();
            } else {
                self.scenarios.push(sc.clone());
            }
        }
        if !self.overrides.is_empty() && !self.version.contains('+') {
            self.version = format!("{}+overrides", self.version);
        }
        self.validate()?;
        Ok(self)
    }

    /// A signal's spec.
    pub fn signal(&self, id: &str) -> Option<&SignalSpec> {
        self.signals.iter().find(|s| s.id == id)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_parses() {
        let m = Model::v1();
        assert_eq!(m.version, "1");
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
        let m = Model::v1();
        let s = m.signal("current-line-age").unwrap();
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
        let m = Model::v1();
        let d = m.signal("downloads").unwrap();
        assert!((d.normalise(31_622.776_6).unwrap() - 0.625).abs() < 1e-6);
        let dep = m.signal("dependents").unwrap();
        assert!(
            (dep.normalise(25.0).unwrap() - 0.5).abs() < 1e-9,
            "sqrt(25)/10"
        );
        let st = m.signal("stars").unwrap();
        assert!(
            (st.normalise(100.0).unwrap() - 0.5).abs() < 1e-9,
            "log10(100)/4"
        );
    }

    #[test]
    fn overrides_are_applied_and_recorded() {
        let o: ModelOverrides = toml::from_str(
            r#"
            composite = { usage = 0.5 }
            [signal.doc-coverage]
            weight = 5.0
            "#,
        )
        .unwrap();
        let m = Model::v1().with_overrides(&o).unwrap();
        assert_eq!(m.composite.weights[&Dimension::Usage], 0.5);
        assert_eq!(m.signal("doc-coverage").unwrap().weight, 5.0);
        assert_eq!(m.version, "1+overrides");
        assert_eq!(m.overrides.len(), 2);
        let bad: ModelOverrides = toml::from_str("[signal.no-such-signal]\nweight = 1.0").unwrap();
        let err = Model::v1().with_overrides(&bad).unwrap_err().to_string();
        assert!(err.contains("no-such-signal"), "{err}");
    }

    #[test]
    fn model_round_trips_through_toml() {
        let m = Model::v1();
        let again = Model::parse(&m.to_toml()).unwrap();
        assert_eq!(m, again);
    }
}
