//! The HTML pages: thin askama templates (auto-escaping) around the report
//! crate's card and matrix. No page needs JavaScript.

use std::net::IpAddr;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Category, Dimension, Evaluation};
use cratescope_report::i18n;
use serde::Deserialize;

use crate::cache::Cached;
use crate::error::{AppError, PageError};
use crate::queue::{Enqueued, JobState};
use crate::{AppState, chart, render};

/// Pages change when an evaluation is stored: browsers revalidate after a
/// minute (cheap: a 304 when the ETag still matches).
pub(crate) const PAGE_CACHE: &str = "public, max-age=60";
const HTML: &str = "text/html; charset=utf-8";
/// Seconds between reloads of a "queued" page.
const QUEUED_REFRESH_SECS: u64 = 5;
/// Seconds a client should wait when the queue is full.
pub(crate) const QUEUE_FULL_RETRY_SECS: u64 = 60;

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub title: String,
    pub status: u16,
    pub message: String,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    title: String,
    stored: usize,
    tracked: Vec<String>,
    categories: Vec<(String, String, usize)>,
    update_every: Option<String>,
}

#[derive(Template)]
#[template(path = "crate.html")]
struct CratePage {
    title: String,
    name: String,
    ago: String,
    evaluated_at: String,
    as_of: String,
    card: String,
    chart: Option<String>,
    stored: usize,
}

#[derive(Template)]
#[template(path = "queued.html")]
struct QueuedPage {
    title: String,
    name: String,
    state: String,
    refresh: u64,
}

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryPage {
    title: String,
    id: String,
    evaluated: usize,
    total: usize,
    matrix: String,
    trends: String,
    cards: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    title: String,
    names: Vec<String>,
    missing: Vec<String>,
    matrix: String,
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "trends.html")]
struct TrendsPage {
    title: String,
    trends: String,
}

fn html(
    status: StatusCode,
    t: &impl Template,
    cache_control: &'static str,
) -> Result<Cached, AppError> {
    let body = t
        .render()
        .map_err(|e| AppError::Failed(format!("cannot render the page: {e}")))?;
    Ok(Cached::new(status, body, HTML, cache_control))
}

/// A crate name from a request, checked as crates.io checks names (never a
/// URL, a path or a version).
pub(crate) fn crate_name(raw: &str) -> Result<String, AppError> {
    if raw.contains('@') {
        return Err(AppError::BadRequest(format!(
            "invalid crate name `{}`: give a name without a version",
            shown(raw)
        )));
    }
    cratescope_engine::CrateSpec::parse(raw)
        .map(|s| s.name)
        .map_err(|_| {
            AppError::BadRequest(format!(
                "invalid crate name `{}`: crates.io names are 1–64 ASCII letters, digits, `-` and `_`, starting with a letter",
                shown(raw)
            ))
        })
}

/// A client-given string, shortened for a message (the page escapes it).
fn shown(raw: &str) -> String {
    const MAX: usize = 80;
    let s: String = raw.chars().filter(|c| !c.is_control()).take(MAX).collect();
    if raw.chars().count() > MAX {
        format!("{s}…")
    } else {
        s
    }
}

/// A catalog category id from a request.
fn category_id(raw: &str) -> Result<String, AppError> {
    let ok = !raw.is_empty()
        && raw.len() <= 64
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(raw.to_string())
    } else {
        Err(AppError::BadRequest(format!(
            "invalid category id `{}`",
            shown(raw)
        )))
    }
}

/// Tell the log about rows the store quarantined while serving.
pub(crate) fn log_quarantined(state: &AppState) {
    for q in state.store.take_quarantined() {
        tracing::warn!(evaluation_id = q.evaluation_id, crate_name = %q.name, reason = %q.reason, "stored evaluation quarantined");
    }
}

/// A crate that is not stored: queue it (rate-limited per client), or say
/// where its evaluation is. Ok(text for the queued page).
pub(crate) fn on_demand(
    state: &AppState,
    name: &str,
    client: Option<IpAddr>,
) -> Result<String, AppError> {
    let failed = |reason: String, not_found: bool| {
        if not_found {
            AppError::NotFound(format!("no crate named `{name}` in the registry"))
        } else {
            AppError::Failed(reason)
        }
    };
    match state.queue.state(name) {
        Some(JobState::Queued) => return Ok("It is waiting in the queue.".into()),
        Some(JobState::Running) => return Ok("It is being evaluated now.".into()),
        Some(JobState::Failed { reason, not_found }) => return Err(failed(reason, not_found)),
        None => {}
    }
    state
        .limiter
        .check(client)
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    match state.queue.enqueue_for(name, client) {
        Ok(Enqueued::Added(pos)) => Ok(format!("It is number {pos} in the queue.")),
        Ok(Enqueued::Already(JobState::Running)) => Ok("It is being evaluated now.".into()),
        Ok(Enqueued::Already(_)) => Ok("It is waiting in the queue.".into()),
        Ok(Enqueued::Failed { reason, not_found }) => Err(failed(reason, not_found)),
        Err(full) => Err(state.queue.refusal(full, QUEUE_FULL_RETRY_SECS)),
    }
}

/// The client's address, when the server knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Client(pub Option<IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Client, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

pub(crate) async fn index(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    const KEY: &str = "page:/";
    if let Some(c) = s.cache.get(KEY) {
        return Ok(c.respond(&headers));
    }
    let stored = s.store.stored_crates().await?.len();
    let tracked = s.store.tracked().await?;
    let page = IndexPage {
        title: "Rust crate maturity matrix".into(),
        stored,
        tracked,
        categories: s
            .cfg
            .catalog
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.name.en.clone(), c.crates.len()))
            .collect(),
        update_every: s
            .cfg
            .update_every
            .map(|d| format!("{} h", d.as_secs_f64() / 3600.0)),
    };
    let c = s
        .cache
        .put(KEY.into(), html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
}

pub(crate) async fn search(Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let raw = q.q.unwrap_or_default();
    let name = crate_name(raw.trim())?;
    Ok(Redirect::to(&format!("/crates/{name}")).into_response())
}

pub(crate) async fn crate_page(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let name = crate_name(&raw)?;
    let key = format!("page:/crates/{name}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let latest = s.store.latest(&name).await?;
    let Some((_, at, eval)) = latest else {
        log_quarantined(&s);
        let state = on_demand(&s, &name, client)?;
        let page = QueuedPage {
            title: format!("{name} (queued)"),
            name: name.clone(),
            state,
            refresh: QUEUED_REFRESH_SECS,
        };
        return Ok(html(StatusCode::ACCEPTED, &page, "no-store")?.respond(&headers));
    };
    let history = s.store.history(&name).await?;
    log_quarantined(&s);
    let page = CratePage {
        title: format!("{} {}", eval.name, eval.version),
        ago: render::ago(s.cfg.now(), at),
        evaluated_at: at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        as_of: eval.as_of.to_string(),
        card: render::card(&s.cfg.catalog, &eval),
        chart: chart::history(&name, &history),
        stored: history.len(),
        name,
    };
    let c = s.cache.put(key, html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

/// The latest stored cards of crates (None for those not stored).
pub(crate) async fn latest_of(
    s: &AppState,
    names: &[String],
) -> Result<Vec<(String, Option<Evaluation>)>, AppError> {
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let e = s.store.latest(n).await?.map(|(_, _, e)| e);
        out.push((n.clone(), e));
    }
    log_quarantined(s);
    Ok(out)
}

/// A category's crates: their latest stored cards, and the catalog's trends
/// over their history (None when none of them has any). The category page
/// and the JSON API serve the same.
pub(crate) async fn category_cards(
    s: &AppState,
    cat: &Category,
) -> Result<
    (
        Vec<(String, Option<Evaluation>)>,
        Option<Vec<CategoryTrend>>,
    ),
    AppError,
> {
    let evals = latest_of(s, &cat.crates).await?;
    let history = trend_input(s, &cat.crates).await?;
    let trends =
        (!history.is_empty()).then(|| cratescope_score::trend::compute(&history, &s.cfg.catalog));
    Ok((evals, trends))
}

/// Stored history of crates, for the trend computation (crates without
/// history left out).
pub(crate) async fn trend_input(
    s: &AppState,
    names: &[String],
) -> Result<Vec<(String, Vec<Evaluation>)>, AppError> {
    let mut out = Vec::new();
    for n in names {
        let evals = s.store.evaluations(n).await?;
        if !evals.is_empty() {
            out.push((n.clone(), evals));
        }
    }
    log_quarantined(s);
    Ok(out)
}

pub(crate) async fn category_page(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let id = category_id(&raw)?;
    let key = format!("page:/categories/{id}");
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
        .ok_or_else(|| AppError::NotFound(format!("no category `{id}` in the catalog")))?;
    let (evals, trends) = category_cards(&s, &cat).await?;
    let parts = render::category(&cat, &evals, trends, s.cfg.today());
    let page = CategoryPage {
        title: cat.name.en.clone(),
        id,
        evaluated: evals.iter().filter(|(_, e)| e.is_some()).count(),
        total: evals.len(),
        matrix: parts.matrix,
        trends: parts.trends,
        cards: parts.cards,
    };
    let c = s.cache.put(key, html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CompareQuery {
    crates: Option<String>,
}

/// The crate names of a comparison: distinct, valid, at most a dozen.
pub(crate) fn compare_names(q: &CompareQuery) -> Result<Vec<String>, AppError> {
    let raw = q.crates.as_deref().unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let n = crate_name(part)?;
        if !names.contains(&n) {
            names.push(n);
        }
    }
    if names.is_empty() {
        return Err(AppError::BadRequest(
            "name the crates to compare: /compare?crates=a,b".into(),
        ));
    }
    if names.len() > crate::defaults::MAX_COMPARE {
        return Err(AppError::BadRequest(format!(
            "at most {} crates on one comparison",
            crate::defaults::MAX_COMPARE
        )));
    }
    Ok(names)
}

pub(crate) async fn compare_page(
    State(s): State<AppState>,
    Query(q): Query<CompareQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let names = compare_names(&q)?;
    let key = format!("page:/compare?{}", names.join(","));
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let found = latest_of(&s, &names).await?;
    let evals: Vec<Evaluation> = found
        .iter()
        .filter_map(|(_, e)| e.clone().map(|e| render::sanitize(&e)))
        .collect();
    let missing = found
        .iter()
        .filter(|(_, e)| e.is_none())
        .map(|(n, _)| n.clone())
        .collect();
    let rows = Dimension::ALL
        .iter()
        .map(|d| {
            let label = i18n::dimension(cratescope_report::Lang::En, d.id()).to_string();
            let cells = evals
                .iter()
                .map(|e| {
                    match e
                        .dimension(d.id())
                        .and_then(|r| r.score.map(|s| (s, r.icon.clone())))
                    {
                        Some((s, icon)) => format!("{s:.1} {}", icon.unwrap_or_default()),
                        None => "– (no evidence)".into(),
                    }
                })
                .collect();
            (label, cells)
        })
        .collect();
    let page = ComparePage {
        title: format!("Comparison: {}", names.join(", ")),
        names: evals.iter().map(|e| e.name.clone()).collect(),
        matrix: if evals.is_empty() {
            String::new()
        } else {
            render::compare(&evals, s.cfg.today())
        },
        missing,
        rows,
    };
    let c = s.cache.put(key, html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

pub(crate) async fn trends_page(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    const KEY: &str = "page:/trends";
    if let Some(c) = s.cache.get(KEY) {
        return Ok(c.respond(&headers));
    }
    let history = trend_input(&s, &s.cfg.catalog.crates()).await?;
    let trends = cratescope_score::trend::compute(&history, &s.cfg.catalog);
    let page = TrendsPage {
        title: "Trends".into(),
        trends: render::trends(&s.cfg.catalog, trends, s.cfg.today()),
    };
    let c = s
        .cache
        .put(KEY.into(), html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

pub(crate) async fn stylesheet(State(s): State<AppState>, headers: HeaderMap) -> Response {
    const KEY: &str = "static:css";
    let c = match s.cache.get(KEY) {
        Some(c) => c,
        None => s.cache.put(
            KEY.into(),
            Cached::new(
                StatusCode::OK,
                s.css.clone(),
                "text/css; charset=utf-8",
                "public, max-age=3600",
            ),
        ),
    };
    c.respond(&headers)
}

pub(crate) async fn not_found() -> Response {
    AppError::NotFound("no such page".into()).page()
}
