//! The router, its middleware and the server loop.
//!
//! Middleware, outermost first: metrics and a tracing line per request;
//! security headers (Content-Security-Policy and friends) on every response;
//! the body of a POST read whole within the body timeout and size (408, 413);
//! a timeout on every GET (503, as a store that does not answer is the usual
//! cause); an ETag and Cache-Control on every GET that has none yet; and a
//! panic in a handler becomes a whole 500 page, never a dropped connection.
//!
//! The server loop is [`crate::conn`]'s: deadlines and caps per connection.

use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use cratescope_model::msg;
use http_body_util::BodyExt;
use tokio::sync::watch;

use crate::cache::{etag_of, matches};
use crate::conn::ConnHandle;
use crate::error::AppError;
use crate::metrics::Dropped;
use crate::render::say;
use crate::{AppState, api, conn, eco_pages, pages, schedule};

/// Nothing loads from elsewhere, nothing runs: no scripts at all, styles
/// only from our stylesheet, images only inline SVG and our badges, forms
/// only to us, never framed.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The largest response body the ETag middleware buffers; every page and
/// API answer is far smaller.
const MAX_BUFFERED: usize = 64 * 1024 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let audit_limit = state.cfg.max_lockfile;
    Router::new()
        .route("/", get(pages::index))
        .route("/search", get(pages::search))
        .route("/crates/{name}", get(pages::crate_page))
        .route("/categories/{id}", get(pages::category_page))
        .route("/compare", get(pages::compare_page))
        .route("/trends", get(pages::trends_page))
        .route("/category", get(eco_pages::index_page))
        .route("/category/{slug}", get(eco_pages::category_page))
        .route("/emerging", get(eco_pages::emerging_page))
        .route("/static/cratescope.css", get(pages::stylesheet))
        .route("/badges/{file}", get(api::badge))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/api/v1/crates/{name}", get(api::crate_card))
        .route("/api/v1/crates/{name}/history", get(api::crate_history))
        .route("/api/v1/categories/{id}", get(api::category))
        .route("/api/v1/categories/{slug}/rank", get(eco_pages::api_rank))
        .route("/api/v1/emerging", get(eco_pages::api_emerging))
        .route(
            "/api/v1/crates/{name}/alternatives",
            get(eco_pages::api_alternatives),
        )
        .route("/api/v1/compare", get(api::compare))
        .route(
            "/api/v1/audit",
            post(api::audit).layer(DefaultBodyLimit::max(audit_limit)),
        )
        .fallback(pages::not_found)
        .layer(middleware::from_fn(etag))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn_with_state(state.clone(), read_body))
        .layer(middleware::from_fn(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    let mut r = AppError::Failed(say(&msg!("server-internal-error"))).page();
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

async fn observe(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let res = next.run(req).await;
    let took = started.elapsed();
    let status = res.status().as_u16();
    s.metrics.observe(method.as_str(), &route, status, took);
    tracing::debug!(%method, %route, status, micros = took.as_micros() as u64, "request");
    res
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Sentences of the body middleware, from the catalog.
mod said {
    use cratescope_model::msg;

    use crate::render::say;

    pub(super) fn body_timeout(secs: u64) -> String {
        say(&msg!("server-body-timeout", secs = secs))
    }
    pub(super) fn body_too_large(kib: usize) -> String {
        say(&msg!("server-body-too-large", kib = kib))
    }
    pub(super) fn body_unreadable() -> String {
        say(&msg!("server-body-unreadable"))
    }
}

/// The body of a request that carries one (POST, PUT, PATCH), read whole
/// before its handler runs: within the body timeout (else 408 and the
/// connection is closed: a slow body never holds a handler) and the size
/// limit (else 413). Other methods' bodies are never read.
async fn read_body(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    let answer = |e: AppError| {
        let mut r = if api { e.json() } else { e.page() };
        // The rest of the body is not read: the connection cannot carry
        // another request.
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        r
    };
    let conn = req.extensions().get::<ConnHandle>().cloned();
    let (parts, body) = req.into_parts();
    let limited = http_body_util::Limited::new(body, s.cfg.max_lockfile);
    match tokio::time::timeout(s.cfg.body_timeout, limited.collect()).await {
        Err(_) => {
            s.metrics.dropped(Dropped::BodyTimeout);
            answer(AppError::TimedOut(said::body_timeout(
                s.cfg.body_timeout.as_secs(),
            )))
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => answer(AppError::TooLarge(
            said::body_too_large(s.cfg.max_lockfile / 1024),
        )),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "request body unreadable");
            answer(AppError::BadRequest(said::body_unreadable()))
        }
        Ok(Ok(collected)) => {
            if let Some(ConnHandle(c)) = conn {
                c.body_read();
            }
            next.run(Request::from_parts(parts, Body::from(collected.to_bytes())))
                .await
        }
    }
}

async fn timeout(State(s): State<AppState>, req: Request, next: Next) -> Response {
    // The audit has its own, longer deadline.
    if req.method() == Method::POST {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    match tokio::time::timeout(s.cfg.request_timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => {
            let e = AppError::Busy {
                reason: say(&msg!(
                    "server-no-answer",
                    secs = s.cfg.request_timeout.as_secs()
                )),
                retry_after: 5,
            };
            if api { e.json() } else { e.page() }
        }
    }
}

/// An ETag and Cache-Control on every GET answer that lacks them; a 304
/// when the client already has this body.
async fn etag(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let inm = req.headers().clone();
    let res = next.run(req).await;
    if res.headers().contains_key(header::ETAG) {
        return with_default_cache_control(res);
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BUFFERED).await {
        Ok(b) => b,
        Err(_) => return AppError::Failed(say(&msg!("server-response-unreadable"))).page(),
    };
    let tag = etag_of(&bytes);
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    let res = if parts.status == StatusCode::OK && matches(&inm, &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        Response::from_parts(parts, Body::empty())
    } else {
        Response::from_parts(parts, Body::from(bytes))
    };
    with_default_cache_control(res)
}

fn with_default_cache_control(mut res: Response) -> Response {
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    res
}

/// Serve on `listener` until `shutdown` resolves, then finish the requests
/// in flight and stop the scheduled rounds (handing back their claims).
/// Connections are bounded by the configuration's [`conn::Limits`].
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let scheduler = match state.cfg.update_every {
        Some(_) if state.store.read_only() => {
            tracing::warn!("the history store is read-only: no scheduled re-evaluation");
            None
        }
        Some(every) => Some(tokio::spawn(schedule::run(
            state.clone(),
            every,
            stop_rx.clone(),
        ))),
        None => None,
    };
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stop_tx.send(true);
    });
    let limits = state.cfg.limits();
    let result = conn::serve(listener, router(state.clone()), limits, state, stop_rx).await;
    if let Some(s) = scheduler {
        let _ = s.await;
    }
    result
}

/// SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
