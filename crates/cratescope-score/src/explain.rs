//! `cratescope explain <id>`: what a signal or a dimension measures, its
//! weight, breakpoints or rule, its source and why, from the model in force.

use std::fmt::Write;

use crate::gate;
use crate::model::{Dimension, GateSpec, Model};
use crate::signal;
use cratescope_model::source_label;

/// Text for a signal, gate or dimension id; None when the id is unknown.
pub fn explain(model: &Model, id: &str) -> Option<String> {
    if let Some(d) = Dimension::from_id(id) {
        return Some(dimension(model, d));
    }
    if let (Some(def), Some(spec)) = (gate::find(id), model.gate(id)) {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} — gate: {} ({} {})",
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
        let _ = writeln!(o, "effect:    {}", gate_effect(spec));
        let _ = writeln!(o, "why:       {}", spec.rationale);
        let _ = writeln!(
            o,
            "A gate fires only on evidence: a source that was not read never trips it."
        );
        return Some(o);
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
    for (name, p) in &spec.params {
        let _ = writeln!(o, "param:     {name} = {} — {}", p.value, p.why);
    }
    for (name, items) in &spec.sets {
        let _ = writeln!(o, "list:      {name} = {}", items.join(", "));
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
    let gates: Vec<String> = gate::REGISTRY
        .iter()
        .filter(|g| g.dimension == d)
        .filter_map(|g| {
            model
                .gate(g.id)
                .map(|spec| format!("{} ({}) → {}", g.id, g.description, gate_effect(spec)))
        })
        .collect();
    if gates.is_empty() {
        let _ = writeln!(o, "gates: none");
    } else {
        let _ = writeln!(o, "gates:");
        for g in gates {
            let _ = writeln!(o, "  {g}");
        }
    }
    if d == Dimension::Performance {
        let _ = writeln!(
            o,
            "evidence of performance work, not runtime speed: without evidence the dimension has no score"
        );
    }
    if d == Dimension::Footprint {
        let _ = writeln!(o, "shown on every card, never part of the composite");
    }
    o
}

fn gate_effect(spec: &GateSpec) -> String {
    let cap = if spec.cap <= 1.0 {
        "1.0".to_string()
    } else {
        format!("≤ {}", spec.cap)
    };
    if spec.avoid {
        format!("{cap} and ⛔")
    } else {
        cap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_every_signal_and_dimension() {
        let m = Model::embedded();
        for s in signal::REGISTRY {
            let t = explain(&m, s.id).unwrap();
            assert!(t.starts_with(s.id), "{t}");
        }
        for d in Dimension::ALL {
            assert!(explain(&m, d.id()).unwrap().contains(d.code()));
        }
        for g in gate::REGISTRY {
            let t = explain(&m, g.id).unwrap();
            assert!(t.starts_with(g.id) && t.contains("gate"), "{t}");
        }
        let t = explain(&m, "maintenance").unwrap();
        assert!(
            t.contains("unmaintained") && t.contains("1.0 and ⛔"),
            "{t}"
        );
        assert!(explain(&m, "nonsense").is_none());
    }
}
