//! The whole pages of the report crate: `eval`'s cards (HTML and Markdown)
//! and the `report` document (HTML and Markdown), each made of the
//! fragments of [`crate::fragment`]. HTML templates auto-escape (`*.html`,
//! `*.svg`); Markdown templates do not (`*.md`) and print every value
//! through [`crate::md`]. Rendering cannot fail on our data (no fallible
//! filters); a failure would be a defect, reported in the output rather
//! than a panic.

use askama::Template;

use crate::card::Card;
use crate::document::DocView;
#[allow(unused_imports)] // used by the Markdown templates
use crate::md;

#[derive(Template)]
#[template(path = "eval.md")]
struct EvalMd<'a> {
    cards: &'a [Card],
}

#[derive(Template)]
#[template(path = "eval.html")]
struct EvalHtml<'a> {
    cards: &'a [Card],
    lang: &'a str,
    symbols: &'a str,
}

#[derive(Template)]
#[template(path = "document.md")]
struct DocMd<'a> {
    d: &'a DocView,
    nothing_unavailable: &'a str,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocHtml<'a> {
    d: &'a DocView,
    nothing_unavailable: &'a str,
}

fn done(r: askama::Result<String>) -> String {
    r.unwrap_or_else(|e| format!("template error: {e}\n"))
}

fn nothing(d: &DocView) -> String {
    crate::i18n::doc_word(d.language(), crate::i18n::DocWord::NothingUnavailable)
}

/// Cards as Markdown sections.
pub fn cards_markdown(cards: &[Card]) -> String {
    done(EvalMd { cards }.render())
}

/// Cards as one standalone HTML page.
pub fn cards_html(cards: &[Card], lang: &str, symbols: &str) -> String {
    done(
        EvalHtml {
            cards,
            lang,
            symbols,
        }
        .render(),
    )
}

/// The document as Markdown.
pub fn document_markdown(d: &DocView) -> String {
    done(
        DocMd {
            d,
            nothing_unavailable: &nothing(d),
        }
        .render(),
    )
}

/// The document as one HTML page.
pub fn document_html(d: &DocView) -> String {
    done(
        DocHtml {
            d,
            nothing_unavailable: &nothing(d),
        }
        .render(),
    )
}
