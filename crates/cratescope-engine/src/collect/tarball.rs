//! The published `.crate`: downloaded (or read from cargo's cache or ours),
//! checksum-verified by the index crate, then analysed off the async runtime.

use cratescope_index::CrateOrigin;
use cratescope_model::{PackageFacts, SourceId, SourceRecord};
use semver::Version;

use crate::error::short_reason;
use crate::evaluator::Evaluator;

impl Evaluator {
    /// The analysis of `name` `version`'s tarball, its source record, and
    /// the analysis's warnings.
    pub(crate) async fn package_facts(
        &self,
        name: &str,
        version: &Version,
        cksum: &str,
    ) -> (Option<PackageFacts>, SourceRecord, Vec<String>) {
        let bytes = match self
            .index
            .index()
            .download_crate(name, version, cksum)
            .await
        {
            Ok(b) => b,
            Err(e) => {
                return (
                    None,
                    SourceRecord::unavailable(SourceId::Tarball, short_reason(&e)),
                    Vec::new(),
                );
            }
        };
        let origin = bytes.origin.clone();
        let analysed = tokio::task::spawn_blocking(move || {
            cratescope_analyze::read_crate(&bytes.bytes, &cratescope_analyze::Limits::default())
                .map(|files| cratescope_analyze::analyze(&files))
        })
        .await;
        match analysed {
            Ok(Ok(a)) => {
                let warnings = a.warnings.clone();
                let rec = SourceRecord::ok(SourceId::Tarball, None).noted(origin_note(&origin));
                (Some(a), rec, warnings)
            }
            Ok(Err(e)) => (
                None,
                SourceRecord::unavailable(SourceId::Tarball, short_reason(&e)),
                Vec::new(),
            ),
            Err(e) => (
                None,
                SourceRecord::unavailable(SourceId::Tarball, format!("analysis failed: {e}")),
                Vec::new(),
            ),
        }
    }
}

fn origin_note(o: &CrateOrigin) -> String {
    match o {
        CrateOrigin::CargoCache { .. } => "cargo's local cache".into(),
        CrateOrigin::Cache { .. } => "our cache".into(),
        CrateOrigin::Download { .. } => "downloaded".into(),
    }
}
