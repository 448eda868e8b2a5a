//! docs.rs: did the documentation of one release build?
//!
//! Reads `GET {base}/crate/{name}/{version}/status.json`
//! (`{"version", "doc_status"}`), the only JSON status endpoint docs.rs
//! has. A release still queued or building answers 404 or `false`, so both
//! are "unknown" (not a failure) while the release is under a day old; a
//! 404 for an older release is also "unknown", with the reason kept.
//!
//! Deliberately ignored: build logs and per-target results (HTML only since
//! `builds.json` was removed), rustdoc JSON, and badges.

pub use cratescope_model::online::DocsRsFacts;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use semver::Version;

use crate::client::{OnlineClient, body_json, check_name, invalid};
use crate::error::{InvalidBody, OnlineError, What};
use cratescope_model::{Arg, Message, msg};

const SERVICE: &str = "docs.rs";

/// docs.rs builds a new release within minutes to hours depending on its
/// queue; a `false` (or 404) younger than this is "not built yet".
pub const DOCS_RS_GRACE: SignedDuration = SignedDuration::from_hours(24);

/// Cache lifetime: a build result changes only on a rebuild, but a pending
/// one should be asked again within the day.
pub const DOCS_RS_TTL: Duration = Duration::from_secs(6 * 3600);

/// docs.rs has not built a release published less than a day ago.
fn not_built_yet(name: &str, version: &Version) -> Message {
    msg!(
        "docs-rs-not-built-yet",
        krate = Arg::krate(name),
        version = version
    )
}

impl OnlineClient {
    /// Asks docs.rs whether `name` `version` built. `published` is the
    /// release's publish time (from the index), `as_of` the evaluation
    /// instant: together they decide whether a `false` is still pending.
    pub async fn docs_rs(
        &self,
        name: &str,
        version: &Version,
        published: Option<Timestamp>,
        as_of: Timestamp,
    ) -> Result<DocsRsFacts, OnlineError> {
        check_name("crate", name)?;
        let what = What::Docs(name.to_owned(), version.to_string());
        let young = published.is_some_and(|p| as_of.duration_since(p) < DOCS_RS_GRACE);
        let url = format!("{}/crate/{name}/{version}/status.json", self.config.docs_rs);
        let req = cratescope_http::HttpRequest::new(url)
            .ttl(DOCS_RS_TTL)
            .header("Accept", "application/json");
        let resp = match self.get(SERVICE, &what, &req).await {
            Ok(resp) => resp,
            Err(OnlineError::NotFound { status, .. }) => {
                let note = if young {
                    not_built_yet(name, version)
                } else {
                    msg!(
                        "docs-rs-unknown-version",
                        krate = Arg::krate(name),
                        version = version,
                        status = u64::from(status)
                    )
                };
                return Ok(DocsRsFacts {
                    built: None,
                    note: Some(note),
                    fetched_at: None,
                });
            }
            Err(e) => return Err(e),
        };
        let body = body_json(SERVICE, &what, &resp)?;
        let Some(status) = body["doc_status"].as_bool() else {
            return Err(invalid(SERVICE, &what, InvalidBody::Shape("`doc_status`")));
        };
        let answered = body["version"]
            .as_str()
            .and_then(|v| v.parse::<Version>().ok());
        let mut data = DocsRsFacts {
            built: Some(status),
            note: Default::default(),
            fetched_at: Some(resp.fetched_at),
        };
        if answered.as_ref().is_some_and(|v| v != version) {
            // A redirect to another release: its status says nothing
            // about ours.
            data.built = None;
            data.note = Some(msg!(
                "docs-rs-other-version",
                version = Arg::version(body["version"].as_str().unwrap_or_default())
            ));
        } else if !status && young {
            data.built = None;
            data.note = Some(not_built_yet(name, version));
        }
        Ok(data)
    }
}
