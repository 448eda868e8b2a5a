//! The published `.crate`: downloaded (or read from cargo's cache or ours),
//! checksum-verified by the index crate, then analysed by the run's
//! [`Analyzer`](crate::analysis::Analyzer): from the analysis cache (keyed
//! by the checksum), else off the async runtime, in a worker process when
//! the command-line tool runs (see [`crate::analysis`]).
//!
//! Then the docs.rs view: when the crate re-exports (`pub use`) items of
//! dependencies, those dependencies are fetched too — at the version their
//! requirement resolves to as of the evaluation day, through the run's index
//! cache — and analysed with it, so the documentation coverage measures the
//! API a reader of its docs.rs page sees ("1,412 of 1,530 items across
//! serde, serde_core"). Only dependencies published from the same project
//! count (same repository, or a workspace path dependency); the analysis
//! decides that from their manifests. At most [`MAX_SIBLINGS`] crates are
//! fetched, in at most [`MAX_SIBLING_ROUNDS`] rounds (a sibling may
//! re-export another).

use std::collections::BTreeSet;
use std::sync::Arc;

use cratescope_analyze::Limits;
use cratescope_analyze::ManifestFacts;
use cratescope_index::IndexError;
use cratescope_index::{CrateOrigin, DepKind, Release};
use cratescope_model::message::{Arg, Message};
use cratescope_model::{PackageFacts, Refusal, SourceId, SourceRecord, msg};
use jiff::Timestamp;
use semver::{Version, VersionReq};

use crate::analysis::Analysed;
use crate::error::short_reason;
use crate::evaluator::Evaluator;

/// Most sibling crates fetched for one docs.rs view: most facades re-export
/// one to three (serde, clap → clap_builder, time → time-core); the big
/// frameworks more (burn 9, leptos 9, dioxus 19 in their first round).
pub const MAX_SIBLINGS: usize = 32;

/// Rounds of following re-exports of re-exports.
pub const MAX_SIBLING_ROUNDS: usize = 3;

/// A fetched sibling crate: its archive, checksum and manifest.
struct Sibling {
    cksum: String,
    bytes: Arc<Vec<u8>>,
    manifest: ManifestFacts,
}

/// A fetched sibling, or why not.
type Fetched = Result<Sibling, String>;

impl Evaluator {
    /// The analysis of `name` `version`'s tarball, its source record, and
    /// the analysis's warnings. `as_of` picks the versions of re-exported
    /// sibling crates.
    pub(crate) async fn package_facts(
        &self,
        name: &str,
        version: &Version,
        cksum: &str,
        as_of: Timestamp,
    ) -> (Option<PackageFacts>, SourceRecord, Vec<Message>) {
        let bytes = match self
            .index
            .index()
            .download_crate(name, version, cksum)
            .await
        {
            Ok(b) => b,
            // Not what the index vouched for: a finding about the crate.
            Err(e @ IndexError::ChecksumMismatch { .. }) => {
                return refused(name, version, Refusal::Integrity, e.message());
            }
            Err(e) => {
                return (
                    None,
                    SourceRecord::unavailable(SourceId::Tarball, e.message()),
                    Vec::new(),
                );
            }
        };
        let origin = bytes.origin.clone();
        let archive = Arc::new(bytes.bytes);
        match self.analyzer.analyse(cksum, Arc::clone(&archive)).await {
            Analysed::Facts(a) => {
                let mut a = *a;
                self.follow_reexports(name, version, cksum, archive, &mut a, as_of)
                    .await;
                let warnings = a.warnings.clone();
                let rec = SourceRecord::ok(SourceId::Tarball, None).noted(origin_note(&origin));
                (Some(a), rec, warnings)
            }
            Analysed::Refused { too_large, reason } => {
                let kind = if too_large {
                    Refusal::TooLarge
                } else {
                    Refusal::Integrity
                };
                refused(name, version, kind, reason)
            }
        }
    }

    /// Fetches the dependencies the docs.rs view re-exports and recomputes
    /// the view with them (see the module docs).
    async fn follow_reexports(
        &self,
        name: &str,
        version: &Version,
        cksum: &str,
        archive: Arc<Vec<u8>>,
        a: &mut PackageFacts,
        as_of: Timestamp,
    ) {
        let Some(first) = a.code.docs_rs.clone() else {
            return;
        };
        let manifest = a.manifest.clone();
        let mut fetched: Vec<(String, Fetched)> = Vec::new();
        let mut tried: BTreeSet<String> = BTreeSet::new();
        let mut view = first;
        for _ in 0..MAX_SIBLING_ROUNDS {
            let pending: Vec<String> = view
                .reexported
                .iter()
                .filter(|d| !view.crates.contains(d) && !tried.contains(*d) && *d != name)
                .take(MAX_SIBLINGS.saturating_sub(tried.len()))
                .cloned()
                .collect();
            if pending.is_empty() {
                break;
            }
            for dep in pending {
                tried.insert(dep.clone());
                let got = self
                    .fetch_sibling(name, version, &dep, &fetched, as_of)
                    .await;
                fetched.push((dep, got));
            }
            let ok: Vec<&Sibling> = fetched
                .iter()
                .filter_map(|(_, f)| f.as_ref().ok())
                .collect();
            // None of them walked (published from another repository, or
            // not a dependency): the view is the crate-alone one with their
            // reasons, known from their manifests without reading again.
            let manifests: Vec<ManifestFacts> = ok.iter().map(|s| s.manifest.clone()).collect();
            if let Some(v) = cratescope_analyze::docs_view_refusing(&view, &manifest, &manifests) {
                view = v;
                break;
            }
            let mut cksums = vec![cksum.to_owned()];
            cksums.extend(ok.iter().map(|s| s.cksum.clone()));
            let siblings: Vec<Arc<Vec<u8>>> = ok.iter().map(|s| Arc::clone(&s.bytes)).collect();
            match self
                .analyzer
                .docs_view(&cksums, Arc::clone(&archive), siblings, &manifest)
                .await
            {
                Ok(v) => view = v,
                Err(why) => {
                    a.warnings
                        .push(msg!("tarball-docs-view-siblings-failed", why = why));
                    break;
                }
            }
        }
        // Why each re-exported dependency that is not measured is not.
        let mut reasons: Vec<String> = view
            .not_measured
            .iter()
            .filter(|r| !r.ends_with(": not fetched"))
            .cloned()
            .collect();
        for (dep, got) in &fetched {
            if let Err(why) = got {
                reasons.push(format!("{dep}: {why}"));
            }
        }
        for r in view
            .not_measured
            .iter()
            .filter(|r| r.ends_with(": not fetched"))
        {
            let dep = r.trim_end_matches(": not fetched");
            if !fetched.iter().any(|(d, _)| d == dep) {
                reasons.push(format!(
                    "{dep}: over the limit of {MAX_SIBLINGS} sibling crates"
                ));
            }
        }
        view.not_measured = reasons;
        a.code.docs_rs = Some(view);
    }

    /// Downloads dependency `dep` of `name` `version` (or of an already
    /// fetched sibling) at the highest version its requirement allows as of
    /// `as_of`.
    async fn fetch_sibling(
        &self,
        name: &str,
        version: &Version,
        dep: &str,
        fetched: &[(String, Fetched)],
        as_of: Timestamp,
    ) -> Fetched {
        // The requirement: declared by the crate itself, else by a sibling.
        let mut declarers: Vec<(String, Option<Version>)> =
            vec![(name.to_owned(), Some(version.clone()))];
        for (d, f) in fetched {
            if let Ok(s) = f {
                declarers.push((d.clone(), s.manifest.version.clone()));
            }
        }
        let mut req = None;
        for (who, v) in declarers {
            let Some(v) = v else { continue };
            let Ok(ic) = self.index.releases(&who).await else {
                continue;
            };
            if let Some(r) = ic.releases.iter().find(|r| r.version == v)
                && let Some(d) = r
                    .deps
                    .iter()
                    .find(|d| d.name == dep && d.kind == DepKind::Normal && d.registry.is_none())
            {
                req = Some(d.req.clone());
                break;
            }
        }
        let Some(req) = req else {
            return Err("not a dependency in the index".to_owned());
        };
        let vr = VersionReq::parse(&req).map_err(|e| format!("requirement `{req}`: {e}"))?;
        let ic = self
            .index
            .releases(dep)
            .await
            .map_err(|e| format!("not read from the index: {}", short_reason(&*e)))?;
        let Some(chosen) = pick(&ic.releases, &vr, as_of) else {
            return Err(format!("no release matching `{req}` published by then"));
        };
        let bytes = self
            .index
            .index()
            .download_crate(dep, &chosen.version, &chosen.cksum)
            .await
            .map_err(|e| format!("tarball unavailable: {}", short_reason(&e)))?;
        // Only the manifest is read here (for the requirement chain and
        // whether the view walks it); the source is analysed where the
        // analyzer runs it.
        let archive = Arc::new(bytes.bytes);
        let b = Arc::clone(&archive);
        let manifest = tokio::task::spawn_blocking(move || {
            cratescope_analyze::read_crate_manifest(&b, &Limits::default())
                .map(|files| cratescope_analyze::analyze_manifest(&files, &mut Vec::new()))
                .map_err(|e| format!("tarball refused: {}", short_reason(&e)))
        })
        .await
        .map_err(|e| format!("tarball read failed: {e}"))??;
        Ok(Sibling {
            cksum: chosen.cksum.clone(),
            bytes: archive,
            manifest,
        })
    }
}

/// The highest non-yanked release matching `req` published by `as_of`, as a
/// fresh lockfile would pick on that day (the index crate's one picker).
fn pick<'a>(releases: &'a [Release], req: &VersionReq, as_of: Timestamp) -> Option<&'a Release> {
    cratescope_index::pick_req(releases, req, Some(as_of))
}

fn origin_note(o: &CrateOrigin) -> Message {
    match o {
        CrateOrigin::CargoCache { .. } => msg!("tarball-origin-cargo-cache"),
        CrateOrigin::Cache { .. } => msg!("tarball-origin-cache"),
        CrateOrigin::Download { .. } => msg!("tarball-origin-download"),
    }
}

/// A refused archive: its record, and a warning the user sees on stderr
/// (a refusal is a finding about the crate, never silent).
fn refused(
    name: &str,
    version: &Version,
    kind: Refusal,
    reason: Message,
) -> (Option<PackageFacts>, SourceRecord, Vec<Message>) {
    let warning = msg!(
        "tarball-refused-warning",
        krate = Arg::krate(name),
        version = Arg::version(version),
        why = reason.clone()
    );
    (
        None,
        SourceRecord::refused(
            SourceId::Tarball,
            kind,
            msg!("tarball-refused", why = reason),
        ),
        vec![warning],
    )
}
