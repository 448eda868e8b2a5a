//! The JSON API under `/api/v1/` and the badges. The crate card is the
//! schema of `eval --format json` (rendered by the same function); an audit
//! answers what `cratescope audit --format json|sarif` prints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cratescope_engine::audit::{self, AuditOptions, EvalCache, Lockfile, Policy, WorkspaceInfo};
use cratescope_engine::{Evaluator, Silent};
use cratescope_model::message::Arg;
use cratescope_model::msg;

use crate::render::say;
use cratescope_report::{Format, Lang};
use serde::Deserialize;

use crate::AppState;
use crate::cache::Cached;
use crate::error::{ApiError, AppError, PageError};
use crate::pages::{
    Client, CompareQuery, PAGE_CACHE, canonical, category_cards, compare_names, crate_name,
    latest_of, log_quarantined, on_demand, to_canonical,
};

const JSON: &str = "application/json";
/// Badges are fetched by README viewers through image proxies: five minutes
/// keeps them current within a scheduled round and cheap to serve.
const BADGE_CACHE: &str = "public, max-age=300";
/// Evaluations in flight for one audit: the server shares its cores.
const AUDIT_CONCURRENCY: usize = 2;
/// Seconds to wait when another audit is running.
const AUDIT_BUSY_RETRY_SECS: u64 = 30;

fn json_cached(s: &AppState, key: String, body: String, headers: &HeaderMap) -> Response {
    s.cache
        .put(key, Cached::new(StatusCode::OK, body, JSON, PAGE_CACHE))
        .respond(headers)
}

pub(crate) async fn crate_card(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let name = crate_name(&raw)?;
    let key = format!("api:/crates/{name}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    match s.store.latest(&name).await? {
        Some((_, _, eval)) => {
            log_quarantined(&s);
            let body = cratescope_report::render(&[eval], Format::Json, Lang::En);
            Ok(json_cached(&s, key, body, &headers))
        }
        None => {
            if let Some(other) = canonical(&s, &name).await? {
                return Ok(to_canonical("/api/v1/crates/", &other, ""));
            }
            log_quarantined(&s);
            let detail = on_demand(&s, &name, client)?;
            let body = serde_json::json!({ "crate": name, "status": "queued", "detail": detail });
            Ok(
                Cached::new(StatusCode::ACCEPTED, body.to_string(), JSON, "no-store")
                    .respond(&headers),
            )
        }
    }
}

pub(crate) async fn crate_history(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let name = crate_name(&raw)?;
    let key = format!("api:/crates/{name}/history");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let entries = s.store.history(&name).await?;
    log_quarantined(&s);
    if entries.is_empty() {
        return Err(AppError::NotFound(say(&msg!(
            "server-no-stored-evaluation",
            krate = Arg::krate(name.clone())
        )))
        .into());
    }
    let body = serde_json::to_string_pretty(&entries)
        .map_err(|e| AppError::Failed(format!("cannot serialise the history: {e}")))?;
    Ok(json_cached(&s, key, body, &headers))
}

pub(crate) async fn category(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("api:/categories/{id}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let cat = s
        .cfg
        .catalog
        .categories
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| AppError::NotFound(say(&msg!("server-no-such-category"))))?;
    let (evals, trends) = category_cards(&s, &cat).await?;
    // The cards with the category's scenarios, as its page shows them.
    let evals = crate::render::category_cards(&cat, &evals, &s.cfg.eval.model);
    let trend = trends.and_then(|t| t.into_iter().find(|t| t.id == cat.id));
    let body = serde_json::json!({
        "id": cat.id,
        "name": cat.name,
        "scenarios": cat.scenarios,
        "crates": evals.iter().map(|(n, e)| serde_json::json!({ "crate": n, "evaluation": e.as_ref().map(cratescope_report::english) })).collect::<Vec<_>>(),
        "trend": trend.as_ref().map(cratescope_report::english),
    });
    Ok(json_cached(&s, key, body.to_string(), &headers))
}

pub(crate) async fn compare(
    State(s): State<AppState>,
    Query(q): Query<CompareQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let names = compare_names(&q)?;
    let key = format!("api:/compare?{}", names.join(","));
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let found = latest_of(&s, &names).await?;
    let body = serde_json::json!({
        "crates": found.iter().filter_map(|(_, e)| e.as_ref().map(cratescope_report::english)).collect::<Vec<_>>(),
        "missing": found.iter().filter(|(_, e)| e.is_none()).map(|(n, _)| n).collect::<Vec<_>>(),
    });
    Ok(json_cached(&s, key, body.to_string(), &headers))
}

/// `POST /api/v1/audit` query.
#[derive(Debug, Deserialize)]
pub(crate) struct AuditQuery {
    /// `json` (default) or `sarif`.
    format: Option<String>,
}

/// `POST /api/v1/audit` as a JSON envelope (Content-Type: application/json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditEnvelope {
    /// The Cargo.lock.
    lockfile: String,
    /// A policy file's text (its `[audit]` table).
    policy: Option<String>,
}

pub(crate) async fn audit(
    State(s): State<AppState>,
    Query(q): Query<AuditQuery>,
    Client(client): Client,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(say(&msg!(
                "server-lockfile-too-large",
                limit = Arg::Bytes(s.cfg.max_lockfile as u64)
            )))
        } else {
            AppError::BadRequest(say(&msg!(
                "server-body-unreadable-because",
                why = Arg::text(r.to_string())
            )))
        }
    })?;
    let sarif = match q.format.as_deref() {
        None | Some("json") => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("sarif")),
        Some("sarif") => true,
        Some(other) => {
            return Err(AppError::BadRequest(say(&msg!(
                "server-unknown-audit-format",
                format = Arg::code(other.chars().take(20).collect::<String>())
            )))
            .into());
        }
    };
    let text = std::str::from_utf8(&body)
        .map_err(|_| AppError::BadRequest(say(&msg!("server-body-not-utf8"))))?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    let (lock_text, policy_text) = if is_json {
        let env: AuditEnvelope = serde_json::from_str(text).map_err(|e| {
            AppError::BadRequest(say(&msg!(
                "server-invalid-json",
                why = Arg::text(e.to_string())
            )))
        })?;
        (env.lockfile, env.policy)
    } else {
        (text.to_string(), None)
    };
    let lock = Lockfile::parse(&lock_text, std::path::Path::new("Cargo.lock"))
        .map_err(AppError::from_audit)?;
    let policy = match &policy_text {
        Some(p) => audit::policy::from_toml_text(p)
            .map_err(|e| AppError::BadRequest(cratescope_engine::error::chain(&e)))?,
        None => Policy::default(),
    };
    let loaded = audit::LoadedPolicy {
        policy,
        file: None,
        warnings: Vec::new(),
    };
    let policy = &loaded.policy;
    // Cheap checks first; then what costs evaluations is rate-limited and
    // bounded.
    s.limiter
        .check(client)
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    // Fair per client: one slot each, the rest wait their turn.
    let _permit = s.audits.acquire(client).await.map_err(AppError::from)?;
    let mut opts = s.cfg.eval_options();
    opts.skip_git = !policy.evaluate_git;
    let cache = EvalCache::new(&opts.cache_dir);
    let evaluator =
        Evaluator::new(opts).map_err(|e| AppError::Failed(cratescope_engine::error::chain(&e)))?;
    let ws = WorkspaceInfo::from_lockfile(&lock);
    let located = audit::Located {
        lock,
        ws,
        notes: vec![msg!("audit-note-direct-from-posted-lockfile")],
    };
    let run = audit::run(
        &evaluator,
        &located,
        AuditOptions {
            policy: &loaded,
            cache: Some(&cache),
            read_cache: true,
            concurrency: AUDIT_CONCURRENCY,
            progress: Arc::new(Silent),
            notes: Vec::new(),
            // Gates fail closed: a server never accepts a missing database
            // unless the posted policy says so.
            allow_missing_advisory_db: false,
            lockfile_label: Some(std::path::PathBuf::from("Cargo.lock")),
            base: None,
            all: false,
            preloaded_db: None,
        },
    );
    let report = tokio::time::timeout(s.cfg.audit_timeout, run)
        .await
        .map_err(|_| AppError::Busy {
            reason: say(&msg!(
                "server-audit-timeout",
                secs = s.cfg.audit_timeout.as_secs()
            )),
            retry_after: AUDIT_BUSY_RETRY_SECS,
        })?
        // The client's input is malformed: a 4xx. The audit could not check
        // what its policy asks (no advisory database): an error, never a pass.
        .map_err(AppError::from_audit)?;
    let (body, ctype) = if sarif {
        (
            cratescope_report::sarif::render(&report),
            "application/sarif+json",
        )
    } else {
        (cratescope_report::audit::json(&report, true), JSON)
    };
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-cratescope-passed",
        HeaderValue::from_static(if report.passed { "true" } else { "false" }),
    );
    Ok(r)
}

/// A shields-like badge: `label | message`, the message on a colour (the
/// report's badge fragment).
pub fn badge_svg(label: &str, message: &str, colour: &str) -> String {
    cratescope_report::fragment::Badge::new(label, message, colour).svg()
}

pub(crate) async fn badge(
    State(s): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let raw = file
        .strip_suffix(".svg")
        .ok_or_else(|| AppError::NotFound(say(&msg!("server-badge-path"))))?;
    let name = crate_name(raw)?;
    let key = format!("badge:{name}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let latest = s.store.latest(&name).await?;
    if latest.is_none()
        && let Some(other) = canonical(&s, &name).await?
    {
        return Ok(to_canonical("/badges/", &other, ".svg"));
    }
    log_quarantined(&s);
    let svg = cratescope_report::fragment::Badge::of(
        latest.as_ref().map(|(_, _, e)| e),
        crate::render::LANG,
    )
    .svg();
    let c = s.cache.put(
        key,
        Cached::new(StatusCode::OK, svg, "image/svg+xml", BADGE_CACHE),
    );
    Ok(c.respond(&headers))
}

pub(crate) async fn healthz(State(s): State<AppState>) -> Response {
    match s.store.health().await {
        Ok(h) => {
            let said = if h.read_only {
                msg!("server-health-ok-read-only")
            } else {
                msg!("server-health-ok")
            };
            let mut r =
                (StatusCode::OK, format!("{}\n", crate::render::say(&said))).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => AppError::from(e).json(),
    }
}

pub(crate) async fn metrics(State(s): State<AppState>) -> Response {
    let body = s
        .metrics
        .render(s.queue.depth(), s.queue.capacity(), s.cfg.max_connections);
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
