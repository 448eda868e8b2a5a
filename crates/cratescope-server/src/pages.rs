//! The HTML pages: thin askama templates (auto-escaping) made of the report
//! crate's fragments ([`crate::render`]), with every word from the catalog.
//! No page needs JavaScript.
//!
//! A crate asked for in another spelling than it is stored or published
//! under (`Serde`, `actix_web`) is redirected to its canonical name; an
//! evaluation in flight is shared by every spelling of its name.

use std::net::IpAddr;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cratescope_model::history::HistoryEntry;
use cratescope_model::message::Arg;
use cratescope_model::msg;
use cratescope_model::trend::CategoryTrend;
use cratescope_model::{Category, Evaluation};
use cratescope_report::document::DocLabels;
use cratescope_report::i18n;
use serde::Deserialize;

use crate::cache::Cached;
use crate::error::{AppError, PageError};
use crate::queue::{Enqueued, JobState};
use crate::render::LANG;
use crate::{AppState, chart, render};

/// Pages change when an evaluation is stored: browsers revalidate after a
/// minute (cheap: a 304 when the ETag still matches).
pub(crate) const PAGE_CACHE: &str = "public, max-age=60";
const HTML: &str = "text/html; charset=utf-8";
/// Seconds between reloads of a "queued" page.
const QUEUED_REFRESH_SECS: u64 = 5;
/// Seconds a client should wait when the queue is full.
pub(crate) const QUEUE_FULL_RETRY_SECS: u64 = 60;

fn say(m: &cratescope_model::Message) -> String {
    i18n::say(LANG, m)
}

/// The words of every page (navigation, footer, headings), in the pages'
/// language.
pub(crate) struct Words {
    pub(crate) site: String,
    pub(crate) trends: String,
    pub(crate) search_label: String,
    pub(crate) search_button: String,
    pub(crate) footer: String,
    pub(crate) json: String,
    pub(crate) badge: String,
    pub(crate) back: String,
    pub(crate) leaderboard: String,
    pub(crate) categories: String,
    pub(crate) trend: String,
    pub(crate) last_evaluated: String,
    pub(crate) history: String,
    pub(crate) history_json: String,
    pub(crate) no_scored_history: String,
    pub(crate) nothing_stored: String,
    pub(crate) not_stored_yet: String,
    pub(crate) crates_io: String,
    pub(crate) emerging: String,
    pub(crate) alternatives: String,
}

impl Words {
    pub(crate) fn new() -> Words {
        Words {
            site: say(&msg!("server-site")),
            trends: say(&msg!("server-nav-trends")),
            search_label: say(&msg!("server-search-label")),
            search_button: say(&msg!("server-search-button")),
            footer: say(&msg!("server-footer")),
            json: say(&msg!("server-json")),
            badge: say(&msg!("server-badge")),
            back: say(&msg!("server-back")),
            leaderboard: say(&msg!("server-leaderboard")),
            categories: say(&msg!("server-categories")),
            trend: say(&msg!("server-trend")),
            last_evaluated: say(&msg!("server-last-evaluated")),
            history: say(&msg!("server-history")),
            history_json: say(&msg!("server-history-json")),
            no_scored_history: say(&msg!("server-no-scored-history")),
            nothing_stored: say(&msg!("server-nothing-stored")),
            not_stored_yet: say(&msg!("server-not-stored-yet")),
            crates_io: say(&msg!("server-nav-crates-io")),
            emerging: say(&msg!("server-nav-emerging")),
            alternatives: say(&msg!("server-eco-alternatives")),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub t: Words,
    pub title: String,
    pub status: u16,
    pub message: String,
}

/// One crate on the leaderboard.
struct LeaderRow {
    name: String,
    version: String,
    tier: String,
    tier_id: &'static str,
    composite: String,
    trend: String,
    trend_class: &'static str,
    trend_title: Option<String>,
    ago: String,
    evaluated_at: String,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    t: Words,
    w: DocLabels,
    title: String,
    counts: String,
    rows: Vec<LeaderRow>,
    symbols: String,
    categories: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "crate.html")]
struct CratePage {
    t: Words,
    title: String,
    name: String,
    evaluated: String,
    card: String,
    chart: Option<String>,
    stored: String,
    alt: crate::eco_pages::AltSection,
}

#[derive(Template)]
#[template(path = "queued.html")]
struct QueuedPage {
    t: Words,
    title: String,
    name: String,
    notice: String,
    refresh: u64,
    alt: crate::eco_pages::AltSection,
}

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryPage {
    t: Words,
    w: DocLabels,
    title: String,
    id: String,
    counts: String,
    summary: String,
    matrix: String,
    trends: String,
    cards: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    t: Words,
    title: String,
    missing: Vec<String>,
    matrix: String,
    dims: String,
}

#[derive(Template)]
#[template(path = "trends.html")]
struct TrendsPage {
    t: Words,
    title: String,
    trends: Vec<(String, String)>,
}

pub(crate) fn html(
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
        return Err(AppError::BadRequest(say(&msg!(
            "server-name-with-version",
            name = Arg::text(shown(raw))
        ))));
    }
    cratescope_engine::CrateSpec::parse(raw)
        .map(|s| s.name)
        .map_err(|_| {
            AppError::BadRequest(say(&msg!(
                "server-invalid-crate-name",
                name = Arg::text(shown(raw))
            )))
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
        Err(AppError::BadRequest(say(&msg!(
            "server-invalid-category-id",
            id = Arg::text(shown(raw))
        ))))
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
            AppError::NotFound(say(&msg!(
                "error-crate-not-found",
                krate = Arg::krate(name)
            )))
        } else {
            AppError::Failed(reason)
        }
    };
    let waiting = || say(&msg!("server-queue-waiting"));
    let running = || say(&msg!("server-queue-running"));
    match state.queue.state(name) {
        Some(JobState::Queued) => return Ok(waiting()),
        Some(JobState::Running) => return Ok(running()),
        Some(JobState::Failed { reason, not_found }) => return Err(failed(reason, not_found)),
        None => {}
    }
    state
        .limiter
        .check(client)
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    match state.queue.enqueue_for(name, client) {
        Ok(Enqueued::Added(pos)) => Ok(say(&msg!("server-queue-position", n = pos))),
        Ok(Enqueued::Already(JobState::Running)) => Ok(running()),
        Ok(Enqueued::Already(_)) => Ok(waiting()),
        Ok(Enqueued::Failed { reason, not_found }) => Err(failed(reason, not_found)),
        Err(full) => Err(state.queue.refusal(full, QUEUE_FULL_RETRY_SECS)),
    }
}

/// The name a crate is stored or published under, when the request spells
/// it otherwise (`Serde` → `serde`, `actix_web` → `actix-web`): crates.io
/// names are unique ignoring case and `-`/`_`. The store answers for a
/// stored crate; for one being evaluated, the name the engine resolved it
/// to (as `cratescope eval` resolves names) — see [`crate::queue`]. None:
/// the request's spelling is the canonical one, or nothing is known yet.
pub(crate) async fn canonical(s: &AppState, name: &str) -> Result<Option<String>, AppError> {
    let known = match s.store.stored_name(name).await? {
        Some(n) => Some(n),
        None => s.queue.resolved(name),
    };
    Ok(known.filter(|n| n != name))
}

/// A permanent redirect to the same route under the canonical name.
pub(crate) fn to_canonical(prefix: &str, name: &str, suffix: &str) -> Response {
    Redirect::permanent(&format!("{prefix}{name}{suffix}")).into_response()
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

/// A leaderboard row of a crate's latest stored evaluation (and the one
/// before it, for the trend).
fn leader_row(
    now: jiff::Timestamp,
    name: &str,
    e: &HistoryEntry,
    prev: Option<&HistoryEntry>,
) -> LeaderRow {
    let mut tier = i18n::tier(LANG, e.tier);
    if e.provisional {
        tier.push('*');
    }
    let delta = match (
        e.composite,
        prev.and_then(|p| p.composite.map(|c| (c, p.as_of))),
    ) {
        (Some(c), Some((p, since))) => Some((c - p, since)),
        _ => None,
    };
    let (trend, trend_class, trend_title) = match delta {
        Some((d, since)) => {
            // The arrow follows the change as shown (two decimals).
            let shown = (d * 100.0).round() / 100.0;
            let (arrow, class) = if shown > 0.0 {
                ("↑", "arrow-up")
            } else if shown < 0.0 {
                ("↓", "arrow-down")
            } else {
                ("→", "")
            };
            let text = say(&msg!(
                "server-trend-since",
                delta = Arg::Delta(d),
                date = Arg::Date(since)
            ));
            (
                format!(
                    "{arrow} {}",
                    say(&msg!("report-label", label = Arg::Delta(d)))
                ),
                class,
                Some(text),
            )
        }
        None => (cratescope_report::level::MISSING.to_string(), "", None),
    };
    LeaderRow {
        name: cratescope_report::sanitize::line(name).into_owned(),
        version: cratescope_report::sanitize::line(&e.version).into_owned(),
        tier,
        tier_id: e.tier.id(),
        composite: cratescope_report::level::score(e.composite),
        trend,
        trend_class,
        trend_title,
        ago: render::ago(now, e.evaluated_at),
        evaluated_at: e.evaluated_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The leaderboard's order: best composite first (none last), then the
/// better tier, then the name.
fn leader_order(
    a: &(String, HistoryEntry, Option<HistoryEntry>),
    b: &(String, HistoryEntry, Option<HistoryEntry>),
) -> std::cmp::Ordering {
    let key = |x: &(String, HistoryEntry, Option<HistoryEntry>)| {
        (
            x.1.composite.is_none(),
            -x.1.composite.unwrap_or(0.0),
            x.1.tier.rank(),
        )
    };
    key(a)
        .partial_cmp(&key(b))
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.0.cmp(&b.0))
}

pub(crate) async fn index(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    const KEY: &str = "page:/";
    if let Some(c) = s.cache.get(KEY) {
        return Ok(c.respond(&headers));
    }
    let mut latest = s.store.latest_entries().await?;
    latest.sort_by(leader_order);
    let tracked = s.store.tracked().await?;
    let now = s.cfg.now();
    let counts = match s.cfg.update_every {
        Some(d) => msg!(
            "server-index-counts-every",
            stored = latest.len(),
            tracked = tracked.len(),
            every = msg!(
                "server-every-hours",
                n = Arg::Number(d.as_secs_f64() / 3600.0)
            )
        ),
        None => msg!(
            "server-index-counts",
            stored = latest.len(),
            tracked = tracked.len()
        ),
    };
    let page = IndexPage {
        t: Words::new(),
        w: DocLabels::new(LANG),
        title: i18n::doc_word(LANG, i18n::DocWord::Title),
        counts: say(&counts),
        rows: latest
            .iter()
            .map(|(n, e, prev)| leader_row(now, n, e, prev.as_ref()))
            .collect(),
        symbols: i18n::doc_word(LANG, i18n::DocWord::Symbols),
        categories: s
            .cfg
            .catalog
            .categories
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.name.get(LANG).to_string(),
                    say(&msg!("report-crates", n = c.crates.len())),
                )
            })
            .collect(),
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
        if let Some(other) = canonical(&s, &name).await? {
            return Ok(to_canonical("/crates/", &other, ""));
        }
        log_quarantined(&s);
        let state = on_demand(&s, &name, client)?;
        let alt = crate::eco_pages::alt_section(&s, &name, client).await;
        let page = QueuedPage {
            alt,
            t: Words::new(),
            title: say(&msg!(
                "server-queued-title",
                name = Arg::krate(name.clone())
            )),
            notice: say(&msg!(
                "server-queued",
                name = Arg::krate(name.clone()),
                state = Arg::text(state),
                secs = QUEUED_REFRESH_SECS
            )),
            name,
            refresh: QUEUED_REFRESH_SECS,
        };
        return Ok(html(StatusCode::ACCEPTED, &page, "no-store")?.respond(&headers));
    };
    let history = s.store.history(&name).await?;
    log_quarantined(&s);
    let alt = crate::eco_pages::alt_section(&s, &name, client).await;
    let page = CratePage {
        alt,
        t: Words::new(),
        title: format!("{} {}", eval.name, eval.version),
        evaluated: say(&msg!(
            "server-evaluated",
            ago = Arg::text(render::ago(s.cfg.now(), at)),
            at = Arg::code(at.strftime("%Y-%m-%d %H:%M UTC").to_string()),
            as_of = Arg::Date(eval.as_of)
        )),
        card: render::card(&eval),
        chart: chart::history(&name, &history),
        stored: say(&msg!("server-stored-count", n = history.len())),
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
        .ok_or_else(|| {
            AppError::NotFound(say(&msg!("server-no-category", id = Arg::code(id.clone()))))
        })?;
    let (evals, trends) = category_cards(&s, &cat).await?;
    let trend = trends
        .as_ref()
        .and_then(|t| t.iter().find(|t| t.id == cat.id));
    let parts = render::category(&cat, &evals, trend, &s.cfg.eval.model);
    let page = CategoryPage {
        t: Words::new(),
        w: DocLabels::new(LANG),
        title: cat.name.get(LANG).to_string(),
        id,
        counts: say(&msg!(
            "server-category-counts",
            evaluated = evals.iter().filter(|(_, e)| e.is_some()).count(),
            total = evals.len()
        )),
        summary: parts.summary,
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
        return Err(AppError::BadRequest(say(&msg!("server-compare-no-crates"))));
    }
    if names.len() > crate::defaults::MAX_COMPARE {
        return Err(AppError::BadRequest(say(&msg!(
            "server-compare-too-many",
            n = crate::defaults::MAX_COMPARE
        ))));
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
    let evals: Vec<Evaluation> = found.iter().filter_map(|(_, e)| e.clone()).collect();
    let missing = found
        .iter()
        .filter(|(_, e)| e.is_none())
        .map(|(n, _)| n.clone())
        .collect();
    let (matrix, dims) = if evals.is_empty() {
        (String::new(), String::new())
    } else {
        render::compare(&evals, &s.cfg.eval.model)
    };
    let page = ComparePage {
        t: Words::new(),
        title: say(&msg!("server-comparison")),
        missing,
        matrix,
        dims,
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
        t: Words::new(),
        title: i18n::doc_word(LANG, i18n::DocWord::Trends),
        trends: render::trends(&s.cfg.catalog, &trends),
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
    AppError::NotFound(say(&msg!("server-no-such-page"))).page()
}
