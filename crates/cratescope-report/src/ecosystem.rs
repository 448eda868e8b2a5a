//! The ecosystem lists (issue 22): `rank`, `emerging` and `alternatives`
//! as a terminal table ([`crate::term::Grid`]), Markdown (the
//! `ecosystem.md` template, cells through [`crate::md`]) or JSON (the
//! entries as they are: an array, best first, each with a `crate` field).
//! For the server's pages, the same lists as an HTML table (the
//! `ecosystem.html` fragment, [`EcoHtml`]).
//! Every sentence and label is a message of the `ecosystem` catalog area;
//! crate names, versions, categories and advisory ids are verbatim.

use askama::Template;
use cratescope_model::Lang;
use cratescope_model::ecosystem::{
    AlternativeEntry, Depth, EmergingEntry, Figures, RankEntry, TrendDirection,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::{Tier, msg};
use jiff::civil::Date;

use crate::catalog::{label, render};
use crate::md;
use crate::style::Palette;
use crate::table::TermOptions;
use crate::term::{Align, Grid};

/// The three output formats of the ecosystem commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcoFormat {
    /// A table for the terminal.
    Table,
    /// JSON: the entries.
    Json,
    /// Markdown.
    Markdown,
}

/// What a `rank` list is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RankOf {
    /// A crates.io category: slug and display name.
    Category(String, String),
    /// A keyword.
    Keyword(String),
}

/// The context of a list: its subject and the days it speaks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading<S> {
    /// What the list is of.
    pub subject: S,
    /// Crates considered (the category's or keyword's crates).
    pub considered: usize,
    /// The dump's day.
    pub dump_day: Date,
    /// The evaluation day.
    pub as_of: Date,
}

/// A table with its title and closing notes, in any format.
struct List {
    title: Message,
    header: Vec<String>,
    right: Vec<usize>,
    rows: Vec<Vec<String>>,
    footer: Vec<Message>,
}

/// Fewer columns than this for the evidence and it goes under its row.
const EVIDENCE_MIN_COLUMNS: usize = 32;

#[derive(Template)]
#[template(path = "ecosystem.md")]
struct ListMd<'a> {
    title: &'a str,
    header: &'a [String],
    aligns: &'a [&'a str],
    rows: &'a [Vec<String>],
    footer: &'a [String],
}

/// A header cell of the HTML table.
struct HtmlHead {
    text: String,
    num: bool,
}

/// A cell of the HTML table; the crate column links to its page.
struct HtmlCell {
    text: String,
    num: bool,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "ecosystem.html")]
struct ListHtml<'a> {
    header: &'a [HtmlHead],
    rows: &'a [Vec<HtmlCell>],
    footer: &'a [String],
    empty: &'a str,
}

/// A list drawn for a page: its title (the page puts it in a heading) and
/// the table with its closing notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcoHtml {
    /// The list's title, plain text (the template escapes it).
    pub title: String,
    /// The table and its notes, HTML.
    pub body: String,
}

/// Only names that are crate names are linked: a hostile dump's name never
/// becomes a path or a query.
fn linkable(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl List {
    /// As HTML; the crate column (1) links to `crate_href` + name.
    fn html(&self, lang: Lang, crate_href: Option<&str>) -> EcoHtml {
        let header: Vec<HtmlHead> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| HtmlHead {
                text: h.clone(),
                num: self.right.contains(&i),
            })
            .collect();
        let rows: Vec<Vec<HtmlCell>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let text = crate::sanitize::line(c).into_owned();
                        let link = match crate_href {
                            Some(p) if i == 1 && linkable(c) => Some(format!("{p}{c}")),
                            _ => None,
                        };
                        HtmlCell {
                            text,
                            num: self.right.contains(&i),
                            link,
                        }
                    })
                    .collect()
            })
            .collect();
        let footer: Vec<String> = self.footer.iter().map(|f| render(lang, f)).collect();
        let empty = render(lang, &msg!("eco-list-empty"));
        let body = ListHtml {
            header: &header,
            rows: &rows,
            footer: &footer,
            empty: &empty,
        }
        .render()
        .unwrap_or_else(|e| format!("<p>template error: {e}</p>"));
        EcoHtml {
            title: crate::sanitize::line(&render(lang, &self.title)).into_owned(),
            body,
        }
    }

    fn render(&self, format: EcoFormat, lang: Lang, term: &TermOptions) -> String {
        match format {
            EcoFormat::Json => String::new(),
            EcoFormat::Table => {
                let mut g = Grid::new(self.header.clone()).stack_last_below(EVIDENCE_MIN_COLUMNS);
                for &c in &self.right {
                    g = g.align(c, Align::Right);
                }
                for r in &self.rows {
                    g.row(r.iter().map(|c| crate::sanitize::line(c).into_owned()));
                }
                let mut out = render(lang, &self.title);
                out.push_str("\n\n");
                if self.rows.is_empty() {
                    out.push_str(&render(lang, &msg!("eco-list-empty")));
                    out.push('\n');
                } else {
                    let p: &Palette = &term.palette;
                    out.push_str(&g.render_with(term.cols(), &|_, col, t| {
                        if col == 1 {
                            p.paint(crate::style::Role::Heading, t)
                        } else {
                            t.to_string()
                        }
                    }));
                }
                for f in &self.footer {
                    out.push('\n');
                    out.push_str(&crate::term::wrap_prefixed(
                        "",
                        &render(lang, f),
                        term.cols(),
                    ));
                }
                out
            }
            EcoFormat::Markdown => {
                let header: Vec<String> = self.header.iter().map(|h| md::cell(h)).collect();
                let aligns: Vec<&str> = (0..self.header.len())
                    .map(|i| {
                        if self.right.contains(&i) {
                            "--:"
                        } else {
                            "---"
                        }
                    })
                    .collect();
                let rows: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| md::cell(c)).collect())
                    .collect();
                let mut footer: Vec<String> = self
                    .footer
                    .iter()
                    .map(|f| md::text(&render(lang, f)))
                    .collect();
                if rows.is_empty() {
                    footer.insert(0, md::text(&render(lang, &msg!("eco-list-empty"))));
                }
                let title = md::text(&render(lang, &self.title));
                ListMd {
                    title: &title,
                    header: &header,
                    aligns: &aligns,
                    rows: &rows,
                    footer: &footer,
                }
                .render()
                .unwrap_or_else(|e| format!("template error: {e}\n"))
            }
        }
    }
}

/// `rank --format json`: the entries, their sentences' English filled.
pub fn rank_json(entries: &[RankEntry]) -> String {
    let filled: Vec<RankEntry> = entries.iter().map(crate::english).collect();
    json(&filled)
}

/// `emerging --format json`.
pub fn emerging_json(entries: &[EmergingEntry]) -> String {
    json(entries)
}

/// `alternatives --format json`.
pub fn alternatives_json(entries: &[AlternativeEntry]) -> String {
    json(entries)
}

fn json<T: serde::Serialize>(entries: &[T]) -> String {
    let mut s = serde_json::to_string_pretty(entries)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

fn col(lang: Lang, id: &str) -> String {
    label(lang, id)
}

fn tier(lang: Lang, t: Tier) -> String {
    format!("{} {}", t.icon(), label(lang, &format!("tier-{}", t.id())))
}

fn composite(c: Option<f64>, range: Option<[f64; 2]>) -> String {
    match (c, range) {
        // A capped composite can have a range of one point: nothing to say.
        (Some(x), Some([lo, hi])) if format!("{lo:.1}") != format!("{hi:.1}") => {
            format!("{x:.2} ({lo:.1}–{hi:.1})")
        }
        (Some(x), _) => format!("{x:.2}"),
        (None, _) => crate::level::MISSING.into(),
    }
}

fn count(lang: Lang, n: Option<u64>) -> String {
    match n {
        Some(n) => render(lang, &msg!("eco-count", n = n)),
        None => crate::level::MISSING.into(),
    }
}

fn trend(lang: Lang, f: &Figures) -> String {
    let m = match (f.trend, f.growth) {
        (Some(TrendDirection::Unknown), _) => msg!("eco-trend-young"),
        (Some(TrendDirection::Rising), Some(g)) => msg!("eco-trend-rising", ratio = g),
        (Some(TrendDirection::Falling), Some(g)) => msg!("eco-trend-falling", ratio = g),
        (Some(TrendDirection::Steady), Some(g)) => msg!("eco-trend-steady", ratio = g),
        // No downloads in the older half: from nothing, or none at all.
        (Some(_), None) if f.downloads.unwrap_or(0) > 0 => msg!("eco-trend-from-zero"),
        (Some(_), None) => msg!("eco-trend-no-downloads"),
        (None, _) => msg!("eco-trend-not-measured"),
    };
    render(lang, &m)
}

fn dependents(lang: Lang, f: &Figures) -> String {
    match (f.dependents, f.dependent_owners) {
        (Some(d), Some(o)) => render(lang, &msg!("eco-dependents-owners", n = d, owners = o)),
        (Some(d), None) => render(lang, &msg!("eco-count", n = d)),
        (None, _) => crate::level::MISSING.into(),
    }
}

/// The evidence of an entry: the release history, the dependents' lines,
/// advisories, what was not read.
fn evidence(f: &Figures) -> Vec<Message> {
    let mut out = Vec::new();
    if let (Some(v), Some(d)) = (&f.latest_version, f.latest_release) {
        let (v, n) = (Arg::version(v), f.releases);
        out.push(msg!("eco-ev-latest", version = v, day = d, releases = n));
    }
    if f.yanked > 0 {
        out.push(msg!("eco-ev-yanked", n = f.yanked, of = f.releases));
    }
    if !f.cohorts.is_empty() {
        let lines: Vec<Arg> = f
            .cohorts
            .iter()
            .take(3)
            .map(|c| {
                let line = Arg::version(&c.line);
                Arg::from(msg!("eco-ev-cohort", line = line, n = c.dependents))
            })
            .collect();
        out.push(msg!("eco-ev-cohorts", lines = Arg::List(lines)));
    }
    if !f.advisories.is_empty() {
        let ids = Arg::List(f.advisories.iter().map(|a| Arg::id(a.clone())).collect());
        out.push(msg!("eco-ev-advisories", ids = ids));
    }
    out
}

/// Clauses one after the other, as the language separates them.
fn joined(lang: Lang, parts: Vec<Message>) -> String {
    let mut it = parts.into_iter();
    let Some(first) = it.next() else {
        return String::new();
    };
    let all = it.fold(first, |acc, next| {
        msg!("eco-clauses", first = acc, next = next)
    });
    render(lang, &all)
}

/// `rank` in a format.
pub fn rank(
    entries: &[RankEntry],
    head: &Heading<RankOf>,
    format: EcoFormat,
    lang: Lang,
    term: &TermOptions,
) -> String {
    if format == EcoFormat::Json {
        return rank_json(entries);
    }
    rank_list(entries, head, lang, false).render(format, lang, term)
}

/// `rank` for a page: crate names link to `crate_href` + name; the notes
/// speak of the page, not of the command's flags.
pub fn rank_html(
    entries: &[RankEntry],
    head: &Heading<RankOf>,
    lang: Lang,
    crate_href: Option<&str>,
) -> EcoHtml {
    rank_list(entries, head, lang, true).html(lang, crate_href)
}

fn rank_list(entries: &[RankEntry], head: &Heading<RankOf>, lang: Lang, page: bool) -> List {
    let (total, day) = (head.considered, head.dump_day);
    let title = match &head.subject {
        RankOf::Category(slug, name) => {
            let (slug, name) = (Arg::code(slug.clone()), Arg::text(name.clone()));
            msg!("eco-rank-title-category")
                .arg("name", name)
                .arg("slug", slug)
                .arg("total", total)
                .arg("day", day)
        }
        RankOf::Keyword(k) => {
            let k = Arg::code(k.clone());
            msg!("eco-rank-title-keyword")
                .arg("keyword", k)
                .arg("total", total)
                .arg("day", day)
        }
    };
    let header = [
        "eco-col-rank",
        "eco-col-crate",
        "eco-col-version",
        "eco-col-tier",
        "eco-col-composite",
        "eco-col-downloads",
        "eco-col-trend",
        "eco-col-dependents",
        "eco-col-evidence",
    ]
    .iter()
    .map(|id| col(lang, id))
    .collect();
    let rows = entries
        .iter()
        .map(|e| {
            let mut ev = Vec::new();
            if e.depth == Depth::Deep {
                ev.push(msg!("eco-ev-deep"));
            }
            ev.extend(evidence(&e.figures));
            vec![
                e.rank.to_string(),
                e.name.clone(),
                e.version.clone(),
                tier(lang, e.tier),
                composite(e.composite, e.composite_range),
                count(lang, e.figures.downloads),
                trend(lang, &e.figures),
                dependents(lang, &e.figures),
                joined(lang, ev),
            ]
        })
        .collect();
    let mut footer = Vec::new();
    if entries.iter().any(|e| e.depth == Depth::Shallow) {
        footer.push(if page {
            msg!("eco-rank-footer-shallow-page")
        } else {
            msg!("eco-rank-footer-shallow")
        });
    }
    if head.as_of < head.dump_day {
        footer.push(msg!("eco-footer-as-of", day = head.as_of));
    }
    List {
        title,
        header,
        right: vec![0, 4, 5],
        rows,
        footer,
    }
}

/// `emerging` in a format; `category` is the one asked for, if any.
pub fn emerging(
    entries: &[EmergingEntry],
    head: &Heading<Option<String>>,
    window: u32,
    format: EcoFormat,
    lang: Lang,
    term: &TermOptions,
) -> String {
    if format == EcoFormat::Json {
        return emerging_json(entries);
    }
    emerging_list(entries, head, window, lang).render(format, lang, term)
}

/// `emerging` for a page (crate names link to `crate_href` + name).
pub fn emerging_html(
    entries: &[EmergingEntry],
    head: &Heading<Option<String>>,
    window: u32,
    lang: Lang,
    crate_href: Option<&str>,
) -> EcoHtml {
    emerging_list(entries, head, window, lang).html(lang, crate_href)
}

fn emerging_list(
    entries: &[EmergingEntry],
    head: &Heading<Option<String>>,
    window: u32,
    lang: Lang,
) -> List {
    let (day, w) = (head.dump_day, u64::from(window));
    let title = match &head.subject {
        Some(slug) => {
            let slug = Arg::code(slug.clone());
            msg!("eco-emerging-title-category")
                .arg("slug", slug)
                .arg("window", w)
                .arg("day", day)
        }
        None => msg!("eco-emerging-title", window = w, day = day),
    };
    let header = [
        "eco-col-rank",
        "eco-col-crate",
        "eco-col-age",
        "eco-col-tier",
        "eco-col-downloads",
        "eco-col-trend",
        "eco-col-owners-change",
        "eco-col-vs-category",
        "eco-col-evidence",
    ]
    .iter()
    .map(|id| col(lang, id))
    .collect();
    let rows = entries
        .iter()
        .map(|e| {
            let (before, after) = (e.dependent_owners_before, e.dependent_owners_after);
            let vs = match e.growth_vs_category {
                Some(x) => format!("{x:+.2}"),
                None => render(lang, &msg!("eco-trend-not-measured")),
            };
            let mut ev = Vec::new();
            if let Some(cat) = &e.category {
                ev.push(msg!("eco-ev-compared-with").arg("category", Arg::code(cat.clone())));
            }
            ev.push(msg!("eco-ev-score", score = e.score));
            ev.extend(evidence(&e.figures));
            vec![
                e.rank.to_string(),
                e.name.clone(),
                render(lang, &msg!("eco-age", age = Arg::Days(e.age_days))),
                tier(lang, e.tier),
                count(lang, e.figures.downloads),
                trend(lang, &e.figures),
                render(
                    lang,
                    &msg!("eco-owners-change", before = before, after = after),
                ),
                vs,
                joined(lang, ev),
            ]
        })
        .collect();
    let mut footer = vec![msg!("eco-emerging-footer")];
    if head.as_of < head.dump_day {
        footer.push(msg!("eco-footer-as-of", day = head.as_of));
    }
    List {
        title,
        header,
        right: vec![0, 4, 7],
        rows,
        footer,
    }
}

/// `alternatives` in a format; the subject is the crate replaced.
pub fn alternatives(
    entries: &[AlternativeEntry],
    head: &Heading<String>,
    format: EcoFormat,
    lang: Lang,
    term: &TermOptions,
) -> String {
    if format == EcoFormat::Json {
        return alternatives_json(entries);
    }
    alternatives_list(entries, head, lang).render(format, lang, term)
}

/// `alternatives` for a page (crate names link to `crate_href` + name).
pub fn alternatives_html(
    entries: &[AlternativeEntry],
    head: &Heading<String>,
    lang: Lang,
    crate_href: Option<&str>,
) -> EcoHtml {
    alternatives_list(entries, head, lang).html(lang, crate_href)
}

fn alternatives_list(entries: &[AlternativeEntry], head: &Heading<String>, lang: Lang) -> List {
    let name = Arg::krate(head.subject.clone());
    let title = msg!("eco-alternatives-title", name = name, day = head.dump_day);
    let header = [
        "eco-col-rank",
        "eco-col-crate",
        "eco-col-tier",
        "eco-col-composite",
        "eco-col-migrated",
        "eco-col-downloads",
        "eco-col-evidence",
    ]
    .iter()
    .map(|id| col(lang, id))
    .collect();
    let rows = entries
        .iter()
        .map(|e| {
            let ev = &e.evidence;
            let mut parts = Vec::new();
            if !ev.named_by_advisories.is_empty() {
                let ids = Arg::List(
                    ev.named_by_advisories
                        .iter()
                        .map(|a| Arg::id(a.clone()))
                        .collect(),
                );
                parts.push(msg!("eco-ev-named-by", ids = ids));
            }
            if ev.successor {
                let from = Arg::krate(e.instead_of.clone());
                parts.push(msg!("eco-ev-successor", from = from));
            }
            if ev.migrated_dependents > 0 {
                let from = Arg::krate(e.instead_of.clone());
                let examples = Arg::crates(ev.migrated_examples.iter().cloned());
                let (n, o, x) = (ev.migrated_dependents, ev.migrated_owners, examples);
                let m = msg!("eco-ev-migrated")
                    .arg("n", n)
                    .arg("owners", o)
                    .arg("from", from)
                    .arg("examples", x);
                parts.push(m);
            }
            if !ev.shared_categories.is_empty() {
                let cats = Arg::List(
                    ev.shared_categories
                        .iter()
                        .map(|c| Arg::code(c.clone()))
                        .collect(),
                );
                parts.push(msg!("eco-ev-shared-categories", categories = cats));
            }
            if !ev.shared_keywords.is_empty() {
                let kws = Arg::List(
                    ev.shared_keywords
                        .iter()
                        .map(|c| Arg::code(c.clone()))
                        .collect(),
                );
                parts.push(msg!("eco-ev-shared-keywords", keywords = kws));
            }
            parts.extend(evidence(&e.figures));
            vec![
                e.rank.to_string(),
                e.name.clone(),
                tier(lang, e.tier),
                composite(e.composite, None),
                render(lang, &msg!("eco-count", n = ev.migrated_owners)),
                count(lang, e.figures.downloads),
                joined(lang, parts),
            ]
        })
        .collect();
    let mut footer = vec![msg!("eco-alternatives-footer")];
    if head.as_of < head.dump_day {
        footer.push(msg!("eco-footer-as-of", day = head.as_of));
    }
    List {
        title,
        header,
        right: vec![0, 3, 4, 5],
        rows,
        footer,
    }
}
