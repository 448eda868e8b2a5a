//! What a request can fail with, and how each failure is answered: a whole
//! HTML page for pages, a JSON object for the API and an SVG for badges;
//! never a panic or half a page.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cratescope_model::message::Arg;
use cratescope_model::msg;

use crate::render::say;

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// The request itself is wrong (a bad crate name, a bad query).
    BadRequest(String),
    /// Nothing here by that name.
    NotFound(String),
    /// The store cannot be read or written now (down, locked, damaged).
    StoreDown(String),
    /// Too much waiting already (the queue is full, audits are running);
    /// try again after this many seconds.
    Busy {
        /// Why.
        reason: String,
        /// Seconds until a retry makes sense.
        retry_after: u64,
    },
    /// This client asked too often; retry after this many seconds.
    RateLimited {
        /// Seconds until the client has a token again.
        retry_after: u64,
    },
    /// The body is too large.
    TooLarge(String),
    /// The client did not send its request in time (the body too slowly).
    TimedOut(String),
    /// The request is well-formed but its content cannot be processed (a
    /// lockfile that parses but cannot be audited).
    Unprocessable(String),
    /// An evaluation failed for a reason that is not the request's fault.
    Failed(String),
}

/// Seconds a client should wait after a 503 from the store.
const STORE_RETRY_SECS: u64 = 30;

impl AppError {
    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::StoreDown(_) | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TimedOut(_) => StatusCode::REQUEST_TIMEOUT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Failed(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// What the user reads.
    pub fn message(&self) -> String {
        match self {
            AppError::BadRequest(m)
            | AppError::NotFound(m)
            | AppError::TooLarge(m)
            | AppError::TimedOut(m)
            | AppError::Unprocessable(m) => m.clone(),
            AppError::StoreDown(m) => say(&msg!("server-store-down", reason = Arg::text(m))),
            AppError::Busy { reason, .. } => reason.clone(),
            AppError::RateLimited { retry_after } => {
                say(&msg!("server-rate-limited", secs = *retry_after))
            }
            AppError::Failed(m) => say(&msg!("server-evaluation-failed", reason = Arg::text(m))),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::StoreDown(_) => Some(STORE_RETRY_SECS),
            AppError::Busy { retry_after, .. } | AppError::RateLimited { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }

    /// Headers every error carries: Retry-After when it makes sense, and
    /// never cached.
    fn decorate(&self, mut r: Response) -> Response {
        *r.status_mut() = self.status();
        let h = r.headers_mut();
        if let Some(s) = self.retry_after()
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            h.insert(header::RETRY_AFTER, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }

    /// As a JSON object `{ "error": …, "status": … }`.
    pub fn json(&self) -> Response {
        let body = serde_json::json!({
            "error": self.message(),
            "status": self.status().as_u16(),
        });
        self.decorate(axum::Json(body).into_response())
    }

    /// As a whole HTML page.
    pub fn page(&self) -> Response {
        let html = crate::render::error_page(self.status(), &self.message());
        self.decorate(axum::response::Html(html).into_response())
    }
}

/// Seconds to wait when every audit slot is taken or its line is full.
pub(crate) const AUDIT_BUSY_RETRY_SECS: u64 = 30;

impl From<crate::limit::SlotBusy> for AppError {
    fn from(b: crate::limit::SlotBusy) -> AppError {
        use crate::limit::SlotBusy;
        let reason = match b {
            SlotBusy::ClientWaiting => msg!("server-audit-client-waiting"),
            SlotBusy::QueueFull => msg!("server-audit-queue-full"),
            SlotBusy::Timeout => msg!("server-audit-slot-timeout"),
        };
        AppError::Busy {
            reason: say(&reason),
            retry_after: AUDIT_BUSY_RETRY_SECS,
        }
    }
}

impl AppError {
    /// What an audit that ended with an error answers: the client's input
    /// (lockfile, policy) is a 400 naming the problem; what the server
    /// cannot check (no advisory database) is a 502, never a report.
    pub fn from_audit(e: cratescope_engine::audit::AuditError) -> AppError {
        use cratescope_engine::audit::ErrorKind;
        let reason = cratescope_engine::error::chain(&e);
        match e.kind() {
            ErrorKind::BadInput => AppError::BadRequest(reason),
            ErrorKind::CannotCheck => AppError::Failed(reason),
        }
    }
}

impl From<cratescope_store::StoreError> for AppError {
    fn from(e: cratescope_store::StoreError) -> AppError {
        tracing::warn!(error = %cratescope_engine::error::chain(&e), "store failed");
        AppError::StoreDown(cratescope_engine::error::short_reason(&e))
    }
}

/// A page handler's error: answered as HTML.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.page()
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> PageError {
        PageError(e)
    }
}

impl From<cratescope_store::StoreError> for PageError {
    fn from(e: cratescope_store::StoreError) -> PageError {
        PageError(e.into())
    }
}

/// An API handler's error: answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.json()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError(e)
    }
}

impl From<cratescope_store::StoreError> for ApiError {
    fn from(e: cratescope_store::StoreError) -> ApiError {
        ApiError(e.into())
    }
}
