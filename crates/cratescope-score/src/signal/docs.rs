//! D3 Documentation completeness, from the published source (rustdoc-style
//! coverage, examples in docs, crate-level docs, README, examples, changelog,
//! manifest metadata) and docs.rs (did the docs build).
//!
//! Coverage follows `rustdoc --show-coverage` for default features (the rules
//! are in cratescope-analyze's `code` module). Macro-generated items are not seen.

use super::{Gate, Measure};
use cratescope_model::Dimension;
use cratescope_model::{Facts, PackageFacts, SourceId};

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
    if p.code.doc_coverage.total == 0 {
        return Measure::Unavailable("published .crate: no public items to document".into());
    }
    let pct = 100.0 * p.code.doc_coverage.documented as f64 / p.code.doc_coverage.total as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items documented ({pct:.1}%)",
            p.code.doc_coverage.documented, p.code.doc_coverage.total
        ),
    )
}

/// % of public items with a code block in their docs.
pub fn doc_examples(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.code.doc_coverage.total == 0 {
        return Measure::Unavailable("published .crate: no public items to document".into());
    }
    let pct = 100.0 * p.code.doc_coverage.with_examples as f64 / p.code.doc_coverage.total as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items have a code example ({pct:.1}%)",
            p.code.doc_coverage.with_examples, p.code.doc_coverage.total
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
        p.code.crate_doc_chars as f64,
        format!("crate-level docs of {} chars", p.code.crate_doc_chars),
    )
}

/// Prose length at which the length part of the quality score saturates.
const README_FULL_LENGTH_CHARS: f64 = 3000.0;
/// Weight of the prose length part of the quality score.
const README_LENGTH_WEIGHT: f64 = 0.5;
/// Score for exactly one code block.
const README_ONE_CODE_BLOCK: f64 = 0.15;
/// Score for two or more code blocks.
const README_MANY_CODE_BLOCKS: f64 = 0.25;
/// Headings at which the sections part saturates.
const README_FULL_SECTIONS: f64 = 4.0;
/// Weight of the sections part.
const README_SECTIONS_WEIGHT: f64 = 0.25;

/// README quality in [0, 1]: the sum of three capped parts (prose length,
/// code blocks, sections).
pub fn readme_quality(r: &cratescope_model::ReadmeFacts) -> f64 {
    let length =
        README_LENGTH_WEIGHT * (f64::from(r.text_chars) / README_FULL_LENGTH_CHARS).min(1.0);
    let code = match r.code_blocks {
        0 => 0.0,
        1 => README_ONE_CODE_BLOCK,
        _ => README_MANY_CODE_BLOCKS,
    };
    let sections = README_SECTIONS_WEIGHT * (f64::from(r.sections) / README_FULL_SECTIONS).min(1.0);
    (length + code + sections).clamp(0.0, 1.0)
}

/// README quality.
pub fn readme(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match &p.readme.path {
        Some(path) => Measure::num(
            readme_quality(&p.readme),
            format!(
                "{path}: {} chars, {} code blocks, {} sections",
                p.readme.text_chars, p.readme.code_blocks, p.readme.sections
            ),
        ),
        None => Measure::num(0.0, "no README in the package"),
    }
}

/// examples/ or [[example]].
pub fn examples(f: &Facts) -> Measure {
    // Issue 13: the repository's examples count where the package omits them.
    let in_repo = f
        .git
        .as_ref()
        .filter(|g| !g.example_files.is_empty())
        .map(|g| super::repo_files_evidence("examples", &g.example_files));
    match (pkg(f), in_repo) {
        (Ok(p), _) if p.has_examples() => Measure::flag(true, "examples included"),
        (_, Some(e)) => Measure::flag(true, e),
        (Ok(_), None) => Measure::flag(false, "no examples"),
        (Err(m), None) => m,
    }
}

/// A changelog file.
pub fn changelog(f: &Facts) -> Measure {
    // Issue 13: the repository's changelog counts where the package omits it.
    let in_repo = f.git.as_ref().and_then(|g| g.changelog.clone());
    match (pkg(f), in_repo) {
        (Ok(p), _) if p.layout.changelog.is_some() => Measure::flag(
            true,
            format!("{} present", p.layout.changelog.clone().unwrap_or_default()),
        ),
        (_, Some(path)) => Measure::flag(
            true,
            format!("{path} in the repository (git), not in the package"),
        ),
        (Ok(_), None) => Measure::flag(false, "no changelog in the package"),
        (Err(m), None) => m,
    }
}

/// Share of the six metadata fields present.
pub fn metadata(f: &Facts) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let fields = [
        ("description", p.manifest.description.is_some()),
        ("documentation", p.manifest.documentation.is_some()),
        ("repository", p.manifest.repository.is_some()),
        ("homepage", p.manifest.homepage.is_some()),
        ("keywords", !p.manifest.keywords.is_empty()),
        ("categories", !p.manifest.categories.is_empty()),
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
