//! Reads a published `.crate` safely in memory and analyses its manifest,
//! Rust source, README and layout.
//!
//! Input is the raw bytes of a `.crate` ([`read_crate`]); output is plain
//! facts ([`CrateAnalysis`]) that can be cached and stored. Nothing here
//! scores, prints, exits or touches the network or the disk. Oddities are
//! returned as warnings, never raised as panics.

#![warn(missing_docs)]

pub mod code;
pub mod layout;
pub mod lexical;
pub mod manifest;
pub mod readme;
pub mod tarball;

mod cfg;

use serde::Deserialize;

pub use code::{CodeFacts, DocCoverage, ParseFailure, UnsafeCounts, analyze_code};
pub use cratescope_model::package::{PackageFacts, VcsInfo};
pub use layout::{LayoutFacts, analyze_layout};
pub use lexical::FileScan;
pub use manifest::{
    DepKind, LibTarget, ManifestDep, ManifestFacts, ManifestSource, analyze_manifest,
};

/// The analysis of one `.crate`: the model's [`PackageFacts`], filled here.
pub type CrateAnalysis = PackageFacts;
pub use readme::{ReadmeFacts, analyze_readme, measure_readme};
pub use tarball::{CrateFiles, Limits, SkipReason, SkippedEntry, TarballError, read_crate};

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
pub fn read_vcs_info(files: &CrateFiles, warnings: &mut Vec<String>) -> Option<VcsInfo> {
    let bytes = files.get(".cargo_vcs_info.json")?;
    match serde_json::from_slice::<RawVcs>(bytes) {
        Ok(raw) => Some(VcsInfo {
            sha1: raw.git.as_ref().and_then(|g| g.sha1.clone()),
            dirty: raw.git.as_ref().is_some_and(|g| g.dirty),
            path_in_vcs: raw.path_in_vcs,
        }),
        Err(e) => {
            warnings.push(format!("failed to parse `.cargo_vcs_info.json`: {e}"));
            None
        }
    }
}

/// Analyses the files of a `.crate`.
pub fn analyze(files: &CrateFiles) -> CrateAnalysis {
    let mut warnings = files.warnings.clone();
    let manifest = analyze_manifest(files, &mut warnings);
    let code = analyze_code(files, &manifest);
    for p in &code.parse_failures {
        warnings.push(format!("failed to parse `{}`: {}", p.path, p.error));
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
