//! Conditions that scenario vetoes name (`[[scenario.veto]] condition = …`).
//!
//! Every condition is registered here once with a stable kebab-case id; the
//! model says which scenario it vetoes, to how many stars, with what note. A
//! test checks that every condition the model names exists here.

use cratescope_model::{Dimension, Facts, SourceId};

use crate::model::Model;
use crate::signal::Gate;

/// What a dimension looked like after scoring, for conditions to read.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionView {
    /// The dimension.
    pub dimension: Dimension,
    /// Its score, None without enough evidence.
    pub score: Option<f64>,
    /// Its confidence.
    pub confidence: f64,
    /// Measured signals, with their `s`.
    pub measured: Vec<(String, f64)>,
}

/// Everything a condition may read.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The facts.
    pub facts: &'a Facts,
    /// The model in force.
    pub model: &'a Model,
    /// Gates that fired.
    pub gates: &'a [Gate],
    /// Every dimension, scored.
    pub dimensions: &'a [DimensionView],
}

impl Context<'_> {
    /// A dimension's view.
    pub fn dimension(&self, d: Dimension) -> Option<&DimensionView> {
        self.dimensions.iter().find(|v| v.dimension == d)
    }
}

/// Whether a condition holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Holds {
    /// It holds.
    Yes,
    /// It does not.
    No,
    /// It cannot be told: the data it needs is missing (the reason says
    /// which). A veto whose condition is unknown fails closed or marks the
    /// scenario unverified, as the model says.
    Unknown(cratescope_model::Message),
}

/// A registered condition.
#[derive(Debug, Clone, Copy)]
pub struct ConditionDef {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// What it checks, one line.
    pub description: &'static str,
    /// The check.
    pub check: fn(&Context) -> Holds,
}

/// Every condition.
pub static REGISTRY: &[ConditionDef] = &[
    ConditionDef {
        id: "open-advisory",
        description: "a vulnerability or soundness advisory affects the evaluated version",
        check: open_advisory,
    },
    ConditionDef {
        id: "single-maintainer",
        description: "one crates.io owner, and one author makes half the commits",
        check: single_maintainer,
    },
    ConditionDef {
        id: "speed-unverified",
        description: "no benchmark results measure runtime speed",
        check: speed_unverified,
    },
];

/// The sentences a veto's `note` may name (`note = "<message id>"` in the
/// model file): each has a form in every language's catalog and takes
/// `$stars`, the veto's cap drawn as stars. A model whose note names
/// another id does not load (the error names the key).
pub fn veto_notes() -> Vec<cratescope_model::Message> {
    use cratescope_model::msg;
    vec![
        msg!("veto-open-advisory"),
        msg!("veto-single-maintainer"),
        msg!("veto-speed-unverified"),
    ]
}

/// Whether `id` is one of [`veto_notes`].
pub fn is_veto_note(id: &str) -> bool {
    veto_notes().iter().any(|m| m.id == id)
}

/// What the card says when a veto applies: its note, with its cap as stars.
pub fn veto_note(v: &crate::model::VetoSpec) -> cratescope_model::Message {
    cratescope_model::Message::new(v.note.clone()).arg(
        "stars",
        cratescope_model::Arg::code("⭐".repeat(usize::from(v.max_stars))),
    )
}

/// Look up a condition by id.
pub fn find(id: &str) -> Option<&'static ConditionDef> {
    REGISTRY.iter().find(|c| c.id == id)
}

fn yes_if(b: bool) -> Holds {
    if b { Holds::Yes } else { Holds::No }
}

fn open_advisory(c: &Context) -> Holds {
    if c.gates.iter().any(|g| g.id == "open-advisory") {
        return Holds::Yes;
    }
    // Without the database nobody checked: unknown, not "no advisory".
    match &c.facts.advisories {
        Some(_) => Holds::No,
        None => Holds::Unknown(cratescope_model::msg!(
            "sources-not-read",
            sources = cratescope_model::Arg::List(vec![SourceId::Advisories.into()])
        )),
    }
}

/// "owners not measured (crates.io API not read)": what is missing, and the
/// source by name only; its reason is said once, with the card's sources.
fn unknown(
    c: &Context,
    what: cratescope_model::Message,
    id: SourceId,
) -> cratescope_model::Message {
    if c.facts.was_read(id) {
        what
    } else {
        cratescope_model::msg!("condition-source-not-read", what = what, source = id)
    }
}

fn single_maintainer(c: &Context) -> Holds {
    let owners = c
        .facts
        .crates_io
        .as_ref()
        .and_then(|x| Some((x.owner_users?, x.owner_teams?)))
        // The db dump's owners when the API did not answer.
        .or_else(|| {
            c.facts
                .dump
                .as_ref()
                .and_then(|d| Some((d.owner_users?, d.owner_teams?)))
        });
    let bus = c.facts.git.as_ref().and_then(|g| g.absence_factor_12m);
    match (owners, bus) {
        // Either fact alone rules it out.
        (Some((u, t)), _) if u + t > 1 || t > 0 => Holds::No,
        (_, Some(b)) if b > 1 => Holds::No,
        (Some(_), Some(_)) => Holds::Yes,
        (None, _) => Holds::Unknown(unknown(
            c,
            cratescope_model::msg!("condition-owners-not-measured"),
            SourceId::CratesIo,
        )),
        (_, None) => Holds::Unknown(unknown(
            c,
            cratescope_model::msg!("condition-authors-not-measured"),
            SourceId::Git,
        )),
    }
}

fn speed_unverified(c: &Context) -> Holds {
    // No signal of this model measures runtime speed; a user-supplied
    // benchmark result would be one.
    yes_if(
        c.dimension(Dimension::Performance)
            .is_none_or(|d| !d.measured.iter().any(|(id, _)| id == "benchmark-results")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_every_veto_names_a_registered_condition() {
        let mut seen = BTreeSet::new();
        for c in REGISTRY {
            assert!(seen.insert(c.id), "duplicate condition id {}", c.id);
        }
        let model = Model::embedded();
        let mut used = BTreeSet::new();
        for sc in &model.scenarios {
            for v in &sc.vetoes {
                assert!(
                    find(&v.condition).is_some(),
                    "scenario `{}` vetoes on unknown condition `{}`",
                    sc.id,
                    v.condition
                );
                used.insert(v.condition.as_str());
            }
        }
        for c in REGISTRY {
            assert!(
                used.contains(c.id),
                "condition `{}` is registered but no scenario uses it",
                c.id
            );
        }
    }
}
