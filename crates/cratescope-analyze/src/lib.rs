//! Reads a published `.crate` safely in memory and analyses its manifest,
//! Rust source, README and layout.
//!
//! Input is the raw bytes of a `.crate` ([`read_crate`]); output is plain
//! facts ([`CrateAnalysis`]) that can be cached and stored. Nothing here
//! scores, prints, exits or touches the network or the disk. Oddities are
//! returned as warnings, never raised as panics.

#![warn(missing_docs)]

pub mod buildrs;
pub mod code;
pub mod guard;
pub mod layout;
pub mod lexical;
pub mod manifest;
pub mod notice;
pub mod readme;
pub mod tarball;

mod cfg;
mod syntax;

use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use serde::Deserialize;

pub use code::{
    CodeFacts, DocCoverage, ParseFailure, SiblingCrate, SiblingUse, UnsafeCounts, analyze_code,
    analyze_code_with, docs_rs_view, docs_view_refusing, same_project, sibling_uses,
};
pub use cratescope_model::package::{AnalysisLimit, DocsRsCoverage, NotAnalysed};
pub use cratescope_model::package::{PackageFacts, VcsInfo};
pub use guard::{AnalysisLimits, guarded_thread};
pub use layout::{LayoutFacts, analyze_layout};
pub use lexical::FileScan;
pub use manifest::{
    DepKind, LibTarget, ManifestDep, ManifestFacts, ManifestSource, analyze_manifest,
};

/// The analysis of one `.crate`: the model's [`PackageFacts`], filled here.
pub type CrateAnalysis = PackageFacts;

/// Version of what [`analyze`] computes from a `.crate`: an analysis is a
/// pure function of the archive and of this number, so caches key by the
/// archive's checksum and this, not by the tool's version. Bump it when
/// any fact the analysis fills changes for some input.
pub const ANALYSIS_FORMAT: u32 = 6;
pub use readme::{ReadmeFacts, analyze_readme, measure_readme};
pub use tarball::{
    CrateFiles, Limits, SkipReason, SkippedEntry, TarballError, read_crate, read_crate_manifest,
};

#[derive(Deserialize)]
struct RawVcs {
    git: Option<RawGit>,
    path_in_vcs: Option<String>,
}

#[derive(Deserialize)]
struct RawGit {
    sha1: Option<String>,
    #[serde(default)]
    dirty: bool,
}

/// Reads `.cargo_vcs_info.json`; `None` when absent, a warning when corrupt.
pub fn read_vcs_info(files: &CrateFiles, warnings: &mut Vec<Message>) -> Option<VcsInfo> {
    let bytes = files.get(".cargo_vcs_info.json")?;
    match serde_json::from_slice::<RawVcs>(bytes) {
        Ok(raw) => Some(VcsInfo {
            sha1: raw.git.as_ref().and_then(|g| g.sha1.clone()),
            dirty: raw.git.as_ref().is_some_and(|g| g.dirty),
            path_in_vcs: raw.path_in_vcs,
        }),
        Err(e) => {
            warnings.push(msg!(
                "vcs-info-unparsable",
                path = Arg::code(".cargo_vcs_info.json"),
                why = Arg::text(e.to_string())
            ));
            None
        }
    }
}

/// Analyses the files of a `.crate` with the default [`AnalysisLimits`].
pub fn analyze(files: &CrateFiles) -> CrateAnalysis {
    analyze_with(files, &AnalysisLimits::default())
}

/// Analyses the files of a `.crate` within `limits`, on a thread of its own
/// with the limits' stack (see [`guard`]): whatever the input, this returns.
/// A panic in the analysis (a bug) leaves the manifest-only facts and an
/// [`AnalysisLimit::Internal`] entry in `code.not_analysed`.
pub fn analyze_with(files: &CrateFiles, limits: &AnalysisLimits) -> CrateAnalysis {
    let start = std::time::Instant::now();
    match guard::run_guarded(limits, || analyze_unguarded(files, limits, start)) {
        Ok(a) => a,
        Err(why) => {
            let mut warnings = files.warnings.clone();
            let manifest = guard::run_guarded(limits, || {
                let mut w = Vec::new();
                let m = analyze_manifest(files, &mut w);
                (m, w)
            })
            .map(|(m, w)| {
                warnings.extend(w);
                m
            })
            .unwrap_or_default();
            warnings.push(msg!("analysis-internal-error", why = Arg::text(why)));
            let mut code = CodeFacts::default();
            code.not_analysed.push(NotAnalysed {
                krate: manifest.name.clone().unwrap_or_else(|| files.top.clone()),
                path: None,
                limit: AnalysisLimit::Internal,
                found: 0,
                max: 0,
                in_module_tree: true,
            });
            CrateAnalysis {
                crate_size: files.packed_size,
                manifest,
                code,
                warnings,
                ..CrateAnalysis::default()
            }
        }
    }
}

/// What is left when the source analysis of `files` was stopped from
/// outside (its process hit an operating-system limit): the manifest,
/// README, layout and VCS facts, and an [`AnalysisLimit::Stopped`] entry,
/// so every source-derived signal is unavailable.
pub fn analyze_stopped(files: &CrateFiles) -> CrateAnalysis {
    let limits = AnalysisLimits::default();
    let mut warnings = files.warnings.clone();
    let (manifest, readme, layout, vcs) = guard::run_guarded(&limits, || {
        let mut w = Vec::new();
        let m = analyze_manifest(files, &mut w);
        let r = analyze_readme(files, &m);
        let l = analyze_layout(files, &m);
        let v = read_vcs_info(files, &mut w);
        (m, r, l, v, w)
    })
    .map(|(m, r, l, v, w)| {
        warnings.extend(w);
        (m, r, l, v)
    })
    .unwrap_or_default();
    let mut code = CodeFacts::default();
    code.not_analysed.push(NotAnalysed {
        krate: manifest.name.clone().unwrap_or_else(|| files.top.clone()),
        path: None,
        limit: AnalysisLimit::Stopped,
        found: 0,
        max: 0,
        in_module_tree: true,
    });
    warnings.extend(code.not_analysed.iter().map(NotAnalysed::message));
    CrateAnalysis {
        crate_size: files.packed_size,
        manifest,
        code,
        readme,
        layout,
        vcs,
        warnings,
    }
}

/// The docs.rs view of `files` with `siblings` (see [`docs_rs_view`]), on
/// a guarded thread like [`analyze_with`]; `None` on an internal error.
pub fn docs_rs_view_guarded(
    files: &CrateFiles,
    manifest: &ManifestFacts,
    siblings: &[SiblingCrate<'_>],
    limits: &AnalysisLimits,
) -> Result<DocsRsCoverage, String> {
    let start = std::time::Instant::now();
    guard::run_guarded(limits, || {
        docs_rs_view(files, manifest, siblings, limits, start)
    })
}

fn analyze_unguarded(
    files: &CrateFiles,
    limits: &AnalysisLimits,
    start: std::time::Instant,
) -> CrateAnalysis {
    let mut warnings = files.warnings.clone();
    let manifest = analyze_manifest(files, &mut warnings);
    let code = analyze_code_with(files, &manifest, limits, start);
    for p in &code.parse_failures {
        warnings.push(msg!(
            "source-unparsable",
            path = Arg::code(p.path.clone()),
            why = Arg::text(p.error.clone())
        ));
    }
    for n in &code.not_analysed {
        warnings.push(n.message());
    }
    let readme = analyze_readme(files, &manifest);
    let layout = analyze_layout(files, &manifest);
    let vcs = read_vcs_info(files, &mut warnings);
    CrateAnalysis {
        crate_size: files.packed_size,
        manifest,
        code,
        readme,
        layout,
        vcs,
        warnings,
    }
}
