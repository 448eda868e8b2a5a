//! The pages and API answers from the crates.io dump (issue 22), over
//! [`crate::eco`]:
//!
//! - `/category`: every crates.io category of the dump, with its crates;
//! - `/category/{slug}`: its crates ranked on the shallow tier (tier,
//!   composite, trend, evidence), and the decision matrix of the first
//!   [`MATRIX_TOP`] that have a full evaluation stored here;
//! - `/emerging[?category=SLUG]`: young crates rising fastest;
//! - the alternatives section of every crate page ([`alt_section`]);
//! - `/api/v1/categories/{slug}/rank`, `/api/v1/emerging`,
//!   `/api/v1/crates/{name}/alternatives`: the same lists as the CLI's
//!   `--format json` (an array, best first, each entry with a `crate`).
//!
//! Every list takes `?limit=N` (clamped to [`crate::eco::MAX_LIMIT`]); an
//! unknown category is a 404 with the closest slugs; a server without a
//! dump says so on each of these pages.

use std::net::IpAddr;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cratescope_engine::ecosystem::params;
use cratescope_model::catalog::{Category, Label};
use cratescope_model::message::{Arg, Message};
use cratescope_model::{Evaluation, msg};
use cratescope_report::document::DocLabels;
use cratescope_report::ecosystem::{self as eco_report, Heading, RankOf};
use serde::Deserialize;

use crate::AppState;
use crate::cache::Cached;
use crate::eco::{self, EcoData, clamp_limit};
use crate::error::{ApiError, AppError, PageError};
use crate::pages::{Client, PAGE_CACHE, Words, crate_name, html, latest_of};
use crate::render::{CRATE_HREF, LANG, say};

/// Crates at the head of a category whose stored full evaluations make its
/// decision matrix: a matrix wider than ten crates is not read.
pub const MATRIX_TOP: usize = 10;
/// Alternatives on a crate page (the API gives up to the limit asked).
pub const ALTERNATIVES_ON_PAGE: usize = 10;

const JSON: &str = "application/json";

/// `?limit=N`, and for `/emerging` `?category=SLUG&window=DAYS`.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<usize>,
    category: Option<String>,
    window: Option<String>,
}

/// `90d` or `90` as days; anything else is a 400.
fn window(raw: Option<&str>) -> Result<u32, AppError> {
    let Some(raw) = raw else {
        return Ok(params::DEFAULT_WINDOW_DAYS);
    };
    let digits = raw.trim().strip_suffix('d').unwrap_or(raw.trim());
    digits.parse::<u32>().map_err(|_| {
        let shown: String = raw.chars().filter(|c| !c.is_control()).take(20).collect();
        AppError::BadRequest(say(&msg!(
            "eco-error-window",
            days = Arg::text(shown),
            min = u64::from(params::MIN_WINDOW_DAYS),
            max = u64::from(params::DEFAULT_WINDOW_DAYS)
        )))
    })
}

/// The dump's notes (a stale dump, no advisories, …), for a page.
fn notes(d: &EcoData) -> Vec<String> {
    d.view.notes().iter().map(say).collect()
}

async fn data(s: &AppState) -> Result<std::sync::Arc<EcoData>, AppError> {
    s.eco.data().await.map_err(|u| u.error())
}

/// The first `limit` entries of a list.
fn head<T>(list: &[T], limit: usize) -> &[T] {
    &list[..limit.min(list.len())]
}

/// What `/emerging` and `/api/v1/emerging` are asked: the category (a
/// known slug), the window in days and the list's length.
struct EmergingAsk {
    category: Option<String>,
    days: u32,
    limit: usize,
}

impl EmergingAsk {
    fn from_query(q: &ListQuery) -> Result<EmergingAsk, AppError> {
        Ok(EmergingAsk {
            category: q.category.as_deref().map(eco::category_slug).transpose()?,
            days: window(q.window.as_deref())?,
            limit: clamp_limit(q.limit, params::DEFAULT_LIMIT),
        })
    }

    /// The answer's cache key under `surface` (`page` or `api`).
    fn key(&self, surface: &str) -> String {
        format!(
            "{surface}:/emerging?{:?}&{}&{}",
            self.category, self.days, self.limit
        )
    }
}

#[derive(Template)]
#[template(path = "eco_index.html")]
struct IndexPage {
    t: Words,
    title: String,
    counts: String,
    notes: Vec<String>,
    rows: Vec<eco::CategoryRow>,
    col_slug: String,
    col_category: String,
    col_crates: String,
    empty: String,
}

#[derive(Template)]
#[template(path = "eco_category.html")]
struct CategoryPage {
    t: Words,
    w: DocLabels,
    title: String,
    slug: String,
    list_title: String,
    notes: Vec<String>,
    table: String,
    matrix_note: String,
    summary: String,
    matrix: String,
}

#[derive(Template)]
#[template(path = "emerging.html")]
struct EmergingPage {
    t: Words,
    title: String,
    list_title: String,
    json_href: String,
    notes: Vec<String>,
    table: String,
}

/// The alternatives section of a crate page: the list's title and table,
/// or a sentence saying why there is none.
#[derive(Debug, Clone, Default)]
pub(crate) struct AltSection {
    pub title: Option<String>,
    pub json_href: Option<String>,
    pub body: Option<String>,
    pub note: Option<String>,
}

/// `GET /category`.
pub(crate) async fn index_page(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    const KEY: &str = "page:/category";
    if let Some(c) = s.cache.get(KEY) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let page = IndexPage {
        t: Words::new(),
        title: say(&msg!("server-eco-index-title")),
        counts: say(&msg!(
            "server-eco-index-counts",
            categories = d.categories.len(),
            day = d.view.dump_day()
        )),
        notes: notes(&d),
        rows: d
            .categories
            .iter()
            .map(|c| eco::CategoryRow {
                slug: c.slug.clone(),
                name: cratescope_report::sanitize::line(&c.name).into_owned(),
                crates: c.crates,
            })
            .collect(),
        col_slug: say(&msg!("server-eco-col-slug")),
        col_category: say(&msg!("server-eco-col-category")),
        col_crates: say(&msg!("server-eco-col-crates")),
        empty: say(&msg!("eco-list-empty")),
    };
    let c = s
        .cache
        .put(KEY.into(), html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

/// The decision matrix of the first [`MATRIX_TOP`] crates that have a full
/// evaluation stored: (note, summary, matrix).
async fn matrix(s: &AppState, ranked: &eco::Ranked) -> Result<(String, String, String), AppError> {
    let top: Vec<String> = ranked
        .entries
        .iter()
        .take(MATRIX_TOP)
        .map(|e| e.name.clone())
        .collect();
    let stored: Vec<(String, Option<Evaluation>)> = latest_of(s, &top)
        .await?
        .into_iter()
        .filter(|(_, e)| e.is_some())
        .collect();
    let n = top.len();
    if stored.is_empty() {
        let note = say(&msg!("server-eco-matrix-none", top = n));
        return Ok((note, String::new(), String::new()));
    }
    let cat = Category {
        id: ranked.slug.clone(),
        name: Label {
            en: ranked.name.clone(),
            zh: ranked.name.clone(),
        },
        crates: stored.iter().map(|(n, _)| n.clone()).collect(),
        applies: Default::default(),
        scenarios: Vec::new(),
    };
    let (summary, matrix) = crate::render::matrix_linked(&cat, &stored, &s.cfg.eval.model);
    let note = say(&msg!("server-eco-matrix-some", n = stored.len(), top = n));
    Ok((note, summary, matrix))
}

/// `GET /category/{slug}`.
pub(crate) async fn category_page(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let slug = eco::category_slug(&raw)?;
    let limit = clamp_limit(q.limit, params::DEFAULT_LIMIT);
    let key = format!("page:/category/{slug}?limit={limit}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let ranked = eco::ranked(&s, &d, &slug, client).await?;
    let entries = head(&ranked.entries, limit);
    let head = Heading {
        subject: RankOf::Category(ranked.slug.clone(), ranked.name.clone()),
        considered: ranked.considered,
        dump_day: d.view.dump_day(),
        as_of: d.view.as_of(),
    };
    let list = eco_report::rank_html(entries, &head, LANG, Some(CRATE_HREF));
    let (matrix_note, summary, matrix) = matrix(&s, &ranked).await?;
    let page = CategoryPage {
        t: Words::new(),
        w: DocLabels::new(LANG),
        title: cratescope_report::sanitize::line(&ranked.name).into_owned(),
        slug: ranked.slug.clone(),
        list_title: list.title,
        notes: notes(&d),
        table: list.body,
        matrix_note,
        summary,
        matrix,
    };
    let c = s.cache.put(key, html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

/// `GET /emerging[?category=SLUG][&window=90d][&limit=N]`.
pub(crate) async fn emerging_page(
    State(s): State<AppState>,
    Query(q): Query<ListQuery>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let ask = EmergingAsk::from_query(&q)?;
    let key = ask.key("page");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let days = ask.days;
    let (slug, list) = eco::emerging(&s, &d, ask.category.as_deref(), days, client).await?;
    let entries = head(&list, ask.limit);
    let head = Heading {
        subject: slug.clone(),
        considered: entries.len(),
        dump_day: d.view.dump_day(),
        as_of: d.view.as_of(),
    };
    let drawn = eco_report::emerging_html(entries, &head, days, LANG, Some(CRATE_HREF));
    let json_href = match &slug {
        Some(slug) => format!("/api/v1/emerging?category={slug}&window={days}"),
        None => format!("/api/v1/emerging?window={days}"),
    };
    let page = EmergingPage {
        t: Words::new(),
        title: say(&msg!("server-eco-emerging-title")),
        list_title: drawn.title,
        json_href,
        notes: notes(&d),
        table: drawn.body,
    };
    let c = s.cache.put(key, html(StatusCode::OK, &page, PAGE_CACHE)?);
    Ok(c.respond(&headers))
}

/// The alternatives of a crate for its page; never fails the page: what
/// stands in the way (no dump, loading, busy, not in the dump) is said.
pub(crate) async fn alt_section(s: &AppState, name: &str, client: Option<IpAddr>) -> AltSection {
    let note = |m: Message| AltSection {
        note: Some(say(&m)),
        ..AltSection::default()
    };
    let d = match s.eco.data().await {
        Ok(d) => d,
        Err(eco::Unavailable::NoDump(reason)) => {
            return note(msg!("server-eco-unavailable", reason = reason));
        }
        Err(u @ eco::Unavailable::Loading) => {
            let reason = Arg::text(u.error().message());
            return note(msg!("server-eco-not-now", reason = reason));
        }
    };
    let computed = tokio::time::timeout(
        eco::ALTERNATIVES_WAIT,
        eco::alternatives(s, &d, name, client),
    )
    .await;
    let list = match computed {
        Ok(Ok(l)) => l,
        Err(_) => {
            let reason = msg!("server-eco-computing");
            return note(msg!("server-eco-not-now", reason = reason));
        }
        Ok(Err(e)) => {
            let reason = Arg::text(e.message());
            return note(msg!("server-eco-not-now", reason = reason));
        }
    };
    match list.as_ref() {
        Err(m) => note(m.clone()),
        Ok(entries) => {
            let entries = head(entries, ALTERNATIVES_ON_PAGE);
            let subject = d
                .view
                .find(name)
                .map(|c| d.view.ecosystem().name(c).to_string())
                .unwrap_or_else(|_| name.to_string());
            let head = Heading {
                subject: subject.clone(),
                considered: entries.len(),
                dump_day: d.view.dump_day(),
                as_of: d.view.as_of(),
            };
            let drawn = eco_report::alternatives_html(entries, &head, LANG, Some(CRATE_HREF));
            AltSection {
                title: Some(drawn.title),
                json_href: Some(format!("/api/v1/crates/{name}/alternatives")),
                body: Some(drawn.body),
                note: None,
            }
        }
    }
}

fn json_answer(s: &AppState, key: String, body: String, headers: &HeaderMap) -> Response {
    s.cache
        .put(key, Cached::new(StatusCode::OK, body, JSON, PAGE_CACHE))
        .respond(headers)
}

/// `GET /api/v1/categories/{slug}/rank[?limit=N]`.
pub(crate) async fn api_rank(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let slug = eco::category_slug(&raw)?;
    let limit = clamp_limit(q.limit, params::DEFAULT_LIMIT);
    let key = format!("api:/categories/{slug}/rank?{limit}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let ranked = eco::ranked(&s, &d, &slug, client).await?;
    let body = eco_report::rank_json(head(&ranked.entries, limit));
    Ok(json_answer(&s, key, body, &headers))
}

/// `GET /api/v1/emerging[?category=SLUG][&window=90d][&limit=N]`.
pub(crate) async fn api_emerging(
    State(s): State<AppState>,
    Query(q): Query<ListQuery>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ask = EmergingAsk::from_query(&q)?;
    let key = ask.key("api");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let (_, list) = eco::emerging(&s, &d, ask.category.as_deref(), ask.days, client).await?;
    let body = eco_report::emerging_json(head(&list, ask.limit));
    Ok(json_answer(&s, key, body, &headers))
}

/// `GET /api/v1/crates/{name}/alternatives[?limit=N]`; a crate absent from
/// the dump is a 404 with the closest names.
pub(crate) async fn api_alternatives(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
    Client(client): Client,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let name = crate_name(&raw)?;
    let limit = clamp_limit(q.limit, params::DEFAULT_LIMIT);
    let key = format!("api:/crates/{name}/alternatives?{limit}");
    if let Some(c) = s.cache.get(&key) {
        return Ok(c.respond(&headers));
    }
    let d = data(&s).await?;
    let list = eco::alternatives(&s, &d, &name, client).await?;
    let entries = match list.as_ref() {
        Ok(e) => e,
        Err(m) => return Err(AppError::NotFound(say(m)).into()),
    };
    let body = eco_report::alternatives_json(head(entries, limit));
    Ok(json_answer(&s, key, body, &headers))
}
