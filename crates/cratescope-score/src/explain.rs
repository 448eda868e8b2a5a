//! `cratescope explain <id>`: what a signal or a dimension measures, its
//! weight, breakpoints or rule, its source and why, from the model in force.

use std::fmt::Write;

use crate::model::{Dimension, Model};
use crate::signal;
use cratescope_model::source_label;

/// Text for a signal or dimension id; None when the id is unknown.
pub fn explain(model: &Model, id: &str) -> Option<String> {
    if let Some(d) = Dimension::from_id(id) {
        return Some(dimension(model, d));
    }
    let def = signal::find(id)?;
    let spec = model.signal(id)?;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} ({} {})",
        def.id,
        def.description,
        def.dimension.code(),
        def.dimension.id()
    );
    let _ = writeln!(
        o,
        "source:    {} ({})",
        def.source.as_str(),
        source_label(def.source)
    );
    let _ = writeln!(
        o,
        "weight:    {} within {}",
        spec.weight,
        def.dimension.id()
    );
    let _ = writeln!(o, "unit:      {}", spec.unit);
    if !spec.breakpoints.is_empty() {
        let scale = if spec.log_scale {
            " (log scale)"
        } else if spec.sqrt_scale {
            " (square-root scale)"
        } else {
            ""
        };
        let pts: Vec<String> = spec
            .breakpoints
            .iter()
            .map(|p| format!("{}→{}", p[0], p[1]))
            .collect();
        let _ = writeln!(o, "breakpoints{scale}: {}", pts.join(", "));
    }
    if let Some(r) = &spec.rule {
        let _ = writeln!(o, "rule:      {r}");
    }
    let _ = writeln!(o, "why:       {}", spec.rationale);
    let _ = writeln!(
        o,
        "A missing source makes this signal unavailable (never 0) and lowers the dimension's confidence."
    );
    Some(o)
}

fn dimension(model: &Model, d: Dimension) -> String {
    let mut o = String::new();
    let w = model.composite.weights.get(&d).copied().unwrap_or(0.0);
    let _ = writeln!(o, "{} {} — composite weight {w}", d.code(), d.id());
    let _ = writeln!(
        o,
        "score = 1 + 4·Σ(w·s)/Σw over available signals; confidence = Σw(available)/Σw(all)"
    );
    let _ = writeln!(o, "signals:");
    for s in model.signals.iter().filter(|s| s.dimension == d) {
        let desc = signal::find(&s.id).map(|x| x.description).unwrap_or("");
        let _ = writeln!(o, "  {:<24} w={:<4} {desc}", s.id, s.weight);
    }
    let gates = match d {
        Dimension::Stability => "only prereleases or 0.0.x → ≤ 2.0; every version yanked → ⛔",
        Dimension::Documentation => "docs.rs build failed → ≤ 2.0",
        Dimension::Maintenance => {
            "RustSec unmaintained, archived repository or `deprecated` badge → 1.0 and ⛔; looking-for-maintainer / as-is → ≤ 2.5"
        }
        Dimension::Security => {
            "open vulnerability or unsound advisory on the evaluated version → ≤ 1.5 and ⛔"
        }
        Dimension::Performance => "no gate; confidence capped at 0.5 without benchmark results",
        _ => "none",
    };
    let _ = writeln!(o, "gates: {gates}");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_every_signal_and_dimension() {
        let m = Model::v1();
        for s in signal::REGISTRY {
            let t = explain(&m, s.id).unwrap();
            assert!(t.starts_with(s.id), "{t}");
        }
        for d in Dimension::ALL {
            assert!(explain(&m, d.id()).unwrap().contains(d.code()));
        }
        assert!(explain(&m, "nonsense").is_none());
    }
}
