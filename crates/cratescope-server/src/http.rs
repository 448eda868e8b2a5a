//! The router, its middleware and the server loop.
//!
//! Middleware, outermost first: metrics and a tracing line per request;
//! security headers (Content-Security-Policy and friends) on every response;
//! a timeout on every GET (503, as a store that does not answer is the usual
//! cause); an ETag and Cache-Control on every GET that has none yet; and a
//! panic in a handler becomes a whole 500 page, never a dropped connection.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use tokio::sync::watch;

use crate::cache::{etag_of, matches};
use crate::error::AppError;
use crate::{AppState, api, pages, schedule};

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
        .route("/static/cratescope.css", get(pages::stylesheet))
        .route("/badges/{file}", get(api::badge))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/api/v1/crates/{name}", get(api::crate_card))
        .route("/api/v1/crates/{name}/history", get(api::crate_history))
        .route("/api/v1/categories/{id}", get(api::category))
        .route("/api/v1/compare", get(api::compare))
        .route(
            "/api/v1/audit",
            post(api::audit).layer(DefaultBodyLimit::max(audit_limit)),
        )
        .fallback(pages::not_found)
        .layer(middleware::from_fn(etag))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    let mut r = AppError::Failed("internal error".into()).page();
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
                reason: format!(
                    "no answer within {} s: the history store may be locked or down",
                    s.cfg.request_timeout.as_secs()
                ),
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
        Err(_) => return AppError::Failed("the response could not be read".into()).page(),
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
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let scheduler = state
        .cfg
        .update_every
        .map(|every| tokio::spawn(schedule::run(state.clone(), every, stop_rx)));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing requests in flight");
        })
        .await;
    let _ = stop_tx.send(true);
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
