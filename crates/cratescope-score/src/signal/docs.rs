//! D3 Documentation completeness, from the published source (rustdoc-style
//! coverage, examples in docs, crate-level docs, README, examples, changelog,
//! manifest metadata) and docs.rs (did the docs build).
//!
//! Coverage follows `rustdoc --show-coverage` for default features (the rules
//! are in cratescope-analyze's `code` module). Macro-generated items are not seen.

use super::Measure;
use crate::model::{GateSpec, SignalSpec};
use cratescope_model::{Arg, Facts, Message, PackageFacts, SourceId, msg};

fn reason(source: SourceId, m: Message) -> Message {
    msg!("source-reason", source = source, reason = m)
}

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// The documentation counts to judge: the API a user reads on docs.rs
/// (its features and cfgs, re-exports followed into sibling crates) when
/// the analysis produced it, else the rustdoc-compatible count for default
/// features; with the evidence's "of N items …" phrase. Unavailable when
/// the walk hit a limit (partial counts are not a measurement).
fn doc_counts(f: &Facts) -> Result<(cratescope_model::DocCoverage, Message), Measure> {
    let p = pkg(f)?;
    if let Some(why) = p.code.docs_partial() {
        return Err(Measure::unavailable(reason(
            SourceId::Tarball,
            msg!("docs-not-fully-analysed", why = why),
        )));
    }
    let (c, across) = match &p.code.docs_rs {
        // Sibling crates counted: name them.
        Some(d) if d.coverage.total > 0 && d.crates.len() > 1 => (
            d.coverage,
            msg!(
                "docs-as-docs-rs-across",
                crates = Arg::crates(d.crates.clone())
            ),
        ),
        // docs.rs's features or cfgs changed the count: say whose count it is.
        Some(d) if d.coverage.total > 0 && d.coverage != p.code.doc_coverage => {
            (d.coverage, msg!("docs-as-docs-rs"))
        }
        _ => (p.code.doc_coverage, msg!("provenance-none")),
    };
    if c.total == 0 {
        return Err(Measure::unavailable(reason(
            SourceId::Tarball,
            msg!("docs-no-public-items"),
        )));
    }
    Ok((c, across))
}

/// Why the crate's own API documentation is not what users read, if it is
/// not: a binary-only crate has no API (its users read the README and
/// `--help`), and a proc-macro crate named `<facade>_derive` (or
/// `-macros`…, the spec's `macro_suffixes`), or any crate named
/// `<facade>-impl` (`impl_suffixes`), is documented through its facade,
/// which re-exports it. The API-documentation signals then do not apply.
fn api_docs_elsewhere(f: &Facts, spec: &SignalSpec) -> Option<Measure> {
    let p = f.package.as_ref()?;
    if p.manifest.binary_only {
        return Some(Measure::not_applicable(msg!("docs-binary-only")));
    }
    let proc_macro = p.manifest.lib.as_ref().is_some_and(|l| l.proc_macro);
    let facade = |set: &str| {
        spec.set(set).iter().find_map(|suffix| {
            f.name
                .strip_suffix(suffix.as_str())
                .filter(|facade| !facade.is_empty())
        })
    };
    let facade = facade("impl_suffixes").or_else(|| {
        if proc_macro {
            facade("macro_suffixes")
        } else {
            None
        }
    })?;
    Some(Measure::not_applicable(msg!(
        "docs-through-facade",
        facade = Arg::krate(facade)
    )))
}

/// % of public items with docs.
pub fn doc_coverage(f: &Facts, spec: &SignalSpec) -> Measure {
    if let Some(m) = api_docs_elsewhere(f, spec) {
        return m;
    }
    let (c, across) = match doc_counts(f) {
        Ok(x) => x,
        Err(m) => return m,
    };
    let pct = 100.0 * c.documented as f64 / c.total as f64;
    Measure::num(
        pct,
        msg!(
            "docs-coverage",
            documented = c.documented,
            total = c.total,
            across = across,
            pct = Arg::Percent(pct)
        ),
    )
}

/// % of public items with a code block in their docs.
pub fn doc_examples(f: &Facts, spec: &SignalSpec) -> Measure {
    if let Some(m) = api_docs_elsewhere(f, spec) {
        return m;
    }
    let (c, across) = match doc_counts(f) {
        Ok(x) => x,
        Err(m) => return m,
    };
    let pct = 100.0 * c.with_examples as f64 / c.total as f64;
    Measure::num(
        pct,
        msg!(
            "docs-examples-coverage",
            with_examples = c.with_examples,
            total = c.total,
            across = across,
            pct = Arg::Percent(pct)
        ),
    )
}

/// Length of the crate-level docs.
pub fn crate_docs(f: &Facts, spec: &SignalSpec) -> Measure {
    if let Some(m) = api_docs_elsewhere(f, spec) {
        return m;
    }
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    Measure::num(
        p.code.crate_doc_chars as f64,
        msg!("docs-crate-docs", chars = p.code.crate_doc_chars),
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
            msg!(
                "docs-readme",
                path = Arg::code(path.clone()),
                chars = p.readme.text_chars,
                code_blocks = p.readme.code_blocks,
                sections = p.readme.sections
            ),
        ),
        None => Measure::num(0.0, msg!("docs-no-readme")),
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
        .map(|g| {
            msg!(
                "docs-examples-in-repository",
                n = g.example_files.len(),
                files = super::repo_files(&g.example_files)
            )
        });
    let p = match pkg(f) {
        Ok(p) => Some(p),
        Err(m) if in_repo.is_none() => return m,
        Err(_) => None,
    };
    if let Some(p) = p.filter(|p| p.layout.example_files > 0) {
        return Measure::flag(true, msg!("docs-example-files", n = p.layout.example_files));
    }
    if p.is_some_and(|p| p.has_examples()) {
        return Measure::flag(true, msg!("docs-examples-included"));
    }
    match (in_repo, &f.git) {
        (Some(e), _) => Measure::flag(true, e),
        (None, Some(_)) => Measure::unavailable(msg!("docs-no-examples-anywhere")),
        (None, None) => Measure::unavailable(reason(
            SourceId::Tarball,
            msg!("docs-no-examples-in-package"),
        )),
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
            msg!(
                "docs-changelog-present",
                path = Arg::code(p.layout.changelog.clone().unwrap_or_default())
            ),
        ),
        (_, Some(path)) => Measure::flag(
            true,
            msg!("docs-changelog-in-repository", path = Arg::code(path)),
        ),
        (Ok(_), None) if f.git.is_some() => {
            Measure::unavailable(msg!("docs-no-changelog-anywhere"))
        }
        (Ok(_), None) => Measure::unavailable(reason(
            SourceId::Tarball,
            msg!("docs-no-changelog-in-package"),
        )),
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
    let missing: Vec<Arg> = fields
        .iter()
        .filter(|(_, h)| !*h)
        .map(|(n, _)| Arg::code(*n))
        .collect();
    let ev = if missing.is_empty() {
        msg!("docs-metadata-complete", total = fields.len())
    } else {
        msg!(
            "docs-metadata-missing",
            have = have,
            total = fields.len(),
            missing = Arg::List(missing)
        )
    };
    Measure::num(have as f64 / fields.len() as f64, ev)
}

/// docs.rs documents libraries only: a binary-only crate has no build to judge.
fn binary_only(f: &Facts) -> bool {
    f.package.as_ref().is_some_and(|p| p.manifest.binary_only)
}

/// docs.rs built the version.
pub fn docs_build(f: &Facts, _spec: &SignalSpec) -> Measure {
    if binary_only(f) {
        return Measure::not_applicable(msg!("docs-binary-only"));
    }
    match &f.docs_rs {
        Some(d) => match d.built {
            Some(b) => Measure::flag(
                b,
                if b {
                    msg!("docs-rs-built")
                } else {
                    msg!("docs-rs-failed")
                },
            ),
            None => Measure::unavailable(reason(SourceId::DocsRs, msg!("docs-rs-pending"))),
        },
        None => Measure::unavailable(f.unavailable_reason(SourceId::DocsRs)),
    }
}

/// Gate `docs-build-failed`: docs.rs reports a failed build.
pub fn docs_build_failed(f: &Facts, _spec: &GateSpec) -> Vec<Message> {
    if binary_only(f) {
        return Vec::new();
    }
    match f.docs_rs.as_ref().and_then(|d| d.built) {
        Some(false) => vec![msg!(
            "gate-docs-build-failed",
            krate = Arg::krate(f.name.clone()),
            version = &f.version
        )],
        _ => Vec::new(),
    }
}
