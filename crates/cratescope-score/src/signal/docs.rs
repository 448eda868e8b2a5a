//! D3 Documentation completeness, from the published source (rustdoc-style
//! coverage, examples in docs, crate-level docs, README, examples, changelog,
//! manifest metadata) and docs.rs (did the docs build).
//!
//! Coverage follows `rustdoc --show-coverage` for default features (the rules
//! are in cratescope-analyze's `code` module). Macro-generated items are not seen.

use super::Measure;
use crate::model::{GateSpec, SignalSpec};
use cratescope_model::{Facts, PackageFacts, SourceId};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::Unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// The documentation counts to judge: the API a user reads on docs.rs
/// (its features and cfgs, re-exports followed into sibling crates) when
/// the analysis produced it, else the rustdoc-compatible count for default
/// features; with the evidence's "of N items …" phrase. Unavailable when
/// the walk hit a limit (partial counts are not a measurement).
fn doc_counts(f: &Facts) -> Result<(cratescope_model::DocCoverage, String), Measure> {
    let p = pkg(f)?;
    if let Some(why) = p.code.docs_partial() {
        return Err(Measure::Unavailable(format!(
            "published .crate: documentation not fully analysed ({why})"
        )));
    }
    let (c, across) = match &p.code.docs_rs {
        // Sibling crates counted: name them.
        Some(d) if d.coverage.total > 0 && d.crates.len() > 1 => (
            d.coverage,
            format!(" across {} (as docs.rs documents it)", d.crates.join(", ")),
        ),
        // docs.rs's features or cfgs changed the count: say whose count it is.
        Some(d) if d.coverage.total > 0 && d.coverage != p.code.doc_coverage => {
            (d.coverage, " (as docs.rs documents it)".to_string())
        }
        _ => (p.code.doc_coverage, String::new()),
    };
    if c.total == 0 {
        return Err(Measure::Unavailable(
            "published .crate: no public items to document".into(),
        ));
    }
    Ok((c, across))
}

/// % of public items with docs.
pub fn doc_coverage(f: &Facts, _spec: &SignalSpec) -> Measure {
    let (c, across) = match doc_counts(f) {
        Ok(x) => x,
        Err(m) => return m,
    };
    let pct = 100.0 * c.documented as f64 / c.total as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items documented{across} ({pct:.1}%)",
            c.documented, c.total
        ),
    )
}

/// % of public items with a code block in their docs.
pub fn doc_examples(f: &Facts, _spec: &SignalSpec) -> Measure {
    let (c, across) = match doc_counts(f) {
        Ok(x) => x,
        Err(m) => return m,
    };
    let pct = 100.0 * c.with_examples as f64 / c.total as f64;
    Measure::num(
        pct,
        format!(
            "{} of {} public items have a code example{across} ({pct:.1}%)",
            c.with_examples, c.total
        ),
    )
}

/// Length of the crate-level docs.
pub fn crate_docs(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    Measure::num(
        p.code.crate_doc_chars as f64,
        format!("crate-level docs of {} chars", p.code.crate_doc_chars),
    )
}

/// The numbers of the README quality score (the `readme` signal's params).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadmeWeights {
    /// Prose length at which the length part saturates.
    pub full_length_chars: f64,
    /// Weight of the prose length part.
    pub length_weight: f64,
    /// Score for exactly one code block.
    pub one_code_block: f64,
    /// Score for two or more code blocks.
    pub many_code_blocks: f64,
    /// Headings at which the sections part saturates.
    pub full_sections: f64,
    /// Weight of the sections part.
    pub sections_weight: f64,
}

impl ReadmeWeights {
    /// The weights of a `readme` spec.
    pub fn of(spec: &SignalSpec) -> Result<ReadmeWeights, Measure> {
        let [
            full_length_chars,
            length_weight,
            one_code_block,
            many_code_blocks,
            full_sections,
            sections_weight,
        ] = spec.params([
            "full_length_chars",
            "length_weight",
            "one_code_block",
            "many_code_blocks",
            "full_sections",
            "sections_weight",
        ])?;
        Ok(ReadmeWeights {
            full_length_chars,
            length_weight,
            one_code_block,
            many_code_blocks,
            full_sections,
            sections_weight,
        })
    }
}

/// README quality in [0, 1]: the sum of three capped parts (prose length,
/// code blocks, sections).
pub fn readme_quality(r: &cratescope_model::ReadmeFacts, w: &ReadmeWeights) -> f64 {
    let length = w.length_weight * (f64::from(r.text_chars) / w.full_length_chars).min(1.0);
    let code = match r.code_blocks {
        0 => 0.0,
        1 => w.one_code_block,
        _ => w.many_code_blocks,
    };
    let sections = w.sections_weight * (f64::from(r.sections) / w.full_sections).min(1.0);
    (length + code + sections).clamp(0.0, 1.0)
}

/// README quality.
pub fn readme(f: &Facts, spec: &SignalSpec) -> Measure {
    let w = match ReadmeWeights::of(spec) {
        Ok(w) => w,
        Err(m) => return m,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match &p.readme.path {
        Some(path) => Measure::num(
            readme_quality(&p.readme, &w),
            format!(
                "{path}: {} chars, {} code blocks, {} sections",
                p.readme.text_chars, p.readme.code_blocks, p.readme.sections
            ),
        ),
        None => Measure::num(0.0, "no README in the package"),
    }
}

/// examples/ or [[example]], in the package or (when the repository was
/// read) in the repository. Their absence is no evidence: many crates keep
/// their examples in the API documentation only.
pub fn examples(f: &Facts, _spec: &SignalSpec) -> Measure {
    let in_repo = f
        .git
        .as_ref()
        .filter(|g| !g.example_files.is_empty())
        .map(|g| super::repo_files_evidence("examples", &g.example_files));
    let p = match pkg(f) {
        Ok(p) => Some(p),
        Err(m) if in_repo.is_none() => return m,
        Err(_) => None,
    };
    if let Some(p) = p.filter(|p| p.layout.example_files > 0) {
        return Measure::flag(
            true,
            format!(
                "{} in the package",
                super::count(p.layout.example_files as usize, "example")
            ),
        );
    }
    if p.is_some_and(|p| p.has_examples()) {
        return Measure::flag(true, "examples included");
    }
    match (in_repo, &f.git) {
        (Some(e), _) => Measure::flag(true, e),
        (None, Some(_)) => Measure::Unavailable(
            "no examples/ in the package or the repository (examples in the API documentation count under doc-examples)"
                .into(),
        ),
        (None, None) => Measure::Unavailable(
            "published .crate: no examples in the package (the repository was not read)".into(),
        ),
    }
}

/// A changelog file in the package or (when the repository was read) in the
/// repository. Its absence is no evidence: release notes may live on the
/// forge only.
pub fn changelog(f: &Facts, _spec: &SignalSpec) -> Measure {
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
        (Ok(_), None) if f.git.is_some() => Measure::Unavailable(
            "no changelog file in the package or the repository (release notes on the forge are not read)"
                .into(),
        ),
        (Ok(_), None) => Measure::Unavailable(
            "published .crate: no changelog in the package (the repository was not read)".into(),
        ),
        (Err(m), None) => m,
    }
}

/// Share of the six metadata fields present.
pub fn metadata(f: &Facts, _spec: &SignalSpec) -> Measure {
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
pub fn docs_build(f: &Facts, _spec: &SignalSpec) -> Measure {
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

/// Gate `docs-build-failed`: docs.rs reports a failed build.
pub fn docs_build_failed(f: &Facts, _spec: &GateSpec) -> Vec<String> {
    match f.docs_rs.as_ref().and_then(|d| d.built) {
        Some(false) => vec![format!("docs.rs failed to build {} {}", f.name, f.version)],
        _ => Vec::new(),
    }
}
