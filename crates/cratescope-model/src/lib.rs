//! cratescope's model: plain data that flows through the pipeline.
//!
//! ```text
//! sources ─► Facts ─► score ─► Evaluation ─► report / store / server
//! ```
//!
//! Each source fills its own fact type directly ([`Release`] from the index,
//! [`PackageFacts`] from the `.crate`, [`GitFacts`] from the repository,
//! [`CratesIoFacts`], [`GithubFacts`], [`DocsRsFacts`] from the web APIs);
//! the engine gathers them into [`Facts`] with a [`SourceRecord`] each; the
//! score crate turns Facts into an [`Evaluation`], which *is* the JSON
//! schema. Nothing here fetches, scores, prints or reads the clock.
//!
//! Dependencies: serde, semver and jiff, nothing else (a test in the CLI
//! crate checks `cargo tree`).

#![warn(missing_docs)]

pub mod advisory;
pub mod audit;
pub mod catalog;
pub mod dimension;
pub mod document;
pub mod dump;
pub mod ecosystem;
pub mod evaluation;
pub mod facts;
pub mod git;
pub mod history;
pub mod message;
pub mod online;
pub mod package;
pub mod release;
#[cfg(feature = "schema")]
pub mod schema;
pub mod source;
pub mod trend;

pub use advisory::{AdvisoryFact, AdvisoryFacts, TreeAdvisory};
pub use catalog::{Catalog, Category, CategoryScenario, Label, Lang};
pub use dimension::Dimension;
pub use dump::{DumpFacts, SuccessorCandidate};
pub use evaluation::{
    DimensionNote, DimensionResult, Evaluation, Evidence, GateReason, GateResult, Info,
    NotMeasured, ProvisionalReason, Raw, Risks, SCHEMA_VERSION, ScenarioNote, ScenarioResult,
    SignalResult, Strengths, Tier, UnavailableReason, Warnings,
};
pub use facts::Facts;
pub use git::{AuthorCount, GitFacts, VersionTag};
pub use message::{Arg, Message, Messages};
pub use online::{ApiVersion, CratesIoFacts, DocsRsFacts, GithubFacts};
pub use package::{
    AnalysisLimit, CodeFacts, DocCoverage, DocsRsCoverage, DocsRsMetadata, LayoutFacts, LibTarget,
    ManifestDep, ManifestFacts, ManifestSource, NotAnalysed, PackageFacts, ParseFailure,
    ReadmeFacts, UnsafeCounts, VcsInfo,
};
pub use release::{
    DepKind, Dependency, DependencyLatest, DependencyLine, Release, rust_version_key,
};
pub use source::{
    Refusal, SourceId, SourceReason, SourceRecord, SourceState, end_of_day, source_label,
};
