//! D3 Documentation completeness, from the published source (rustdoc-style
//! coverage, examples in docs, crate-level docs, README, examples, changelog,
//! manifest metadata) and docs.rs (did the docs build).
//!
//! Coverage follows `rustdoc --show-coverage` for default features (the rules
//! are in cratescope-analyze's `code` module). Macro-generated items are not seen.

use super::{Gate, Measure};
use crate::facts::{Facts, PackageFacts, SourceId};
use crate::score::model::Dimension;

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::Unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// % of public items documented.
pub fn doc_coverage(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.public_items == 0 {
        return Measure::Unavailable("published .crate: no public items to document".into());
    }
    let pct = 100.0 * p.documented_items as f64 / p.public_items as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items documented ({pct:.1}%)",
            p.documented_items, p.public_items
        ),
    )
}

/// % of public items with a code block in their docs.
pub fn doc_examples(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.public_items == 0 {
        return Measure::Unavailable("published .crate: no public items to document".into());
    }
    let pct = 100.0 * p.items_with_examples as f64 / p.public_items as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items have a code example ({pct:.1}%)",
            p.items_with_examples, p.public_items
        ),
    )
}

/// Length of the crate-level docs.
pub fn crate_docs(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    Measure::num(
        p.crate_doc_chars as f64,
        format!("crate-level docs of {} chars", p.crate_doc_chars),
    )
}

/// README quality.
pub fn readme(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match &p.readme {
        Some(path) => Measure::num(
            p.readme_score,
            format!(
                "{path}: {} chars, {} code blocks, {} sections",
                p.readme_chars, p.readme_code_blocks, p.readme_sections
            ),
        ),
        None => Measure::num(0.0, "no README in the package"),
    }
}

/// examples/ or [[example]].
pub fn examples(f: &Facts) -> Measure {
    match pkg(f) {
        Ok(p) => Measure::flag(
            p.examples,
            if p.examples {
                "examples included"
            } else {
                "no examples"
            },
        ),
        Err(m) => m,
    }
}

/// A changelog file.
pub fn changelog(f: &Facts) -> Measure {
    match pkg(f) {
        Ok(p) => match &p.changelog {
            Some(path) => Measure::flag(true, format!("{path} present")),
            None => Measure::flag(false, "no changelog in the package"),
        },
        Err(m) => m,
    }
}

/// Share of the six metadata fields present.
pub fn metadata(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let fields = [
        ("description", p.description.is_some()),
        ("documentation", p.documentation.is_some()),
        ("repository", p.repository.is_some()),
        ("homepage", p.homepage.is_some()),
        ("keywords", !p.keywords.is_empty()),
        ("categories", !p.categories.is_empty()),
    ];
    let have = fields.iter().filter(|(_, h)| *h).count();
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(_, h)| !*h)
        .map(|(n, _)| *n)
        .collect();
    let ev = if missing.is_empty() {
        "all 6 metadata fields present".to_string()
    } else {
        format!(
            "{have} of 6 metadata fields; missing {}",
            missing.join(", ")
        )
    };
    Measure::num(have as f64 / fields.len() as f64, ev)
}

/// docs.rs built the version.
pub fn docs_build(f: &Facts) -> Measure {
    match &f.docs_rs {
        Some(d) => match d.built {
            Some(b) => Measure::flag(
                b,
                if b {
                    "docs.rs built this version"
                } else {
                    "docs.rs build failed"
                },
            ),
            None => Measure::Unavailable(
                "docs.rs: build not finished yet (release under a day old)".into(),
            ),
        },
        None => Measure::Unavailable(f.unavailable_reason(SourceId::DocsRs)),
    }
}

/// D3 gate: a failed docs.rs build.
pub fn gates(f: &Facts) -> Vec<Gate> {
    match f.docs_rs.as_ref().and_then(|d| d.built) {
        Some(false) => vec![Gate {
            id: "docs-build-failed".into(),
            dimension: Dimension::Documentation,
            cap: 2.0,
            avoid: false,
            reason: format!("docs.rs failed to build {} {}", f.name, f.version),
        }],
        _ => Vec::new(),
    }
}
