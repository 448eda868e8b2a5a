//! Gates: hard flags that cap a dimension or make the tier ⛔, applied after
//! averaging (hard flags beat averages: a deprecated crate with perfect docs
//! is still deprecated).
//!
//! Every gate is registered here once, with a stable kebab-case id, the
//! dimension it caps, the source it reads and its check; its cap and whether
//! it means ⛔ avoid are numbers of the model (`[[gate]]` in the model file).
//! A test checks that every gate in the model exists here and back. The
//! checks live in the dimension files beside the signals that read the same
//! facts.

use cratescope_model::{Dimension, Facts, SourceId};

use crate::model::{GateSpec, Model};
use crate::signal::{Gate, docs, maintenance, security, stability};

/// A registered gate.
#[derive(Debug, Clone, Copy)]
pub struct GateDef {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// The dimension it caps.
    pub dimension: Dimension,
    /// What it flags, one line.
    pub description: &'static str,
    /// Where the evidence comes from.
    pub source: SourceId,
    /// The reasons it holds for these facts, one per finding (e.g. one per
    /// advisory); empty when it does not hold. A source that was not read
    /// gives no finding: a gate never fires on missing data.
    pub check: fn(&Facts, &GateSpec) -> Vec<cratescope_model::Message>,
}

macro_rules! gate {
    ($id:literal, $dim:ident, $src:ident, $f:path, $desc:literal) => {
        GateDef {
            id: $id,
            dimension: Dimension::$dim,
            description: $desc,
            source: SourceId::$src,
            check: $f,
        }
    };
}

/// Every gate, in the order the card lists them.
pub static REGISTRY: &[GateDef] = &[
    gate!(
        "all-yanked",
        Stability,
        Index,
        stability::all_yanked,
        "every version is yanked"
    ),
    gate!(
        "prerelease-only",
        Stability,
        Index,
        stability::prerelease_only,
        "only prerelease or 0.0.x versions exist"
    ),
    gate!(
        "docs-build-failed",
        Documentation,
        DocsRs,
        docs::docs_build_failed,
        "docs.rs failed to build the evaluated version"
    ),
    gate!(
        "unmaintained",
        Maintenance,
        Advisories,
        maintenance::unmaintained,
        "a RustSec `unmaintained` advisory affects the evaluated version"
    ),
    gate!(
        "archived",
        Maintenance,
        Github,
        maintenance::archived,
        "the repository is archived"
    ),
    gate!(
        "deprecated",
        Maintenance,
        Tarball,
        maintenance::deprecated,
        "the author deprecated it (maintenance badge, or the description or the README's opening says so)"
    ),
    gate!(
        "superseded",
        Maintenance,
        Tarball,
        maintenance::superseded,
        "the crate sends its users to a successor (README, description, or `+deprecated` version metadata), or the crates.io dump shows one (same repository and owners, created later, active while this one stalled, a related name or dependents who moved)"
    ),
    gate!(
        "looking-for-maintainer",
        Maintenance,
        Tarball,
        maintenance::looking_for_maintainer,
        "the manifest's maintenance badge says `looking-for-maintainer`"
    ),
    gate!(
        "as-is",
        Maintenance,
        Tarball,
        maintenance::as_is,
        "the manifest's maintenance badge says `as-is`"
    ),
    gate!(
        "open-advisory",
        Security,
        Advisories,
        security::open_advisory,
        "a vulnerability or soundness advisory affects the evaluated version"
    ),
    gate!(
        "package-refused",
        Security,
        Tarball,
        security::package_refused,
        "the published .crate was refused (checksum mismatch, unsafe paths, corrupt)"
    ),
    gate!(
        "package-too-large",
        Security,
        Tarball,
        security::package_too_large,
        "the published .crate inflates past the analysis's limits"
    ),
];

/// Look up a gate by id.
pub fn find(id: &str) -> Option<&'static GateDef> {
    REGISTRY.iter().find(|g| g.id == id)
}

/// Every gate of the model that holds for these facts, one per finding, with
/// the model's cap and effect.
pub fn fired(facts: &Facts, model: &Model) -> Vec<Gate> {
    let mut out = Vec::new();
    for def in REGISTRY {
        let Some(spec) = model.gate(def.id) else {
            continue;
        };
        for reason in (def.check)(facts, spec) {
            out.push(Gate {
                id: def.id.to_string(),
                dimension: def.dimension,
                cap: spec.cap,
                avoid: spec.avoid,
                composite_cap: model.composite_cap(def.id),
                reason,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for g in REGISTRY {
            assert!(seen.insert(g.id), "duplicate gate id {}", g.id);
            assert!(
                g.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                g.id
            );
        }
    }

    #[test]
    fn model_and_registry_agree() {
        let model = Model::embedded();
        for spec in &model.gates {
            let def = find(&spec.id)
                .unwrap_or_else(|| panic!("model gate `{}` is not registered", spec.id));
            assert_eq!(def.dimension, spec.dimension, "dimension of {}", spec.id);
        }
        for def in REGISTRY {
            assert!(
                model.gate(def.id).is_some(),
                "registered gate `{}` is missing from the model",
                def.id
            );
        }
    }
}
