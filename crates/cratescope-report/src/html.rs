//! HTML output: the maturity matrix document and `eval --format html`, both
//! standalone pages (inline CSS and SVG, no script, no external asset),
//! rendered by askama templates with auto-escaping. Nothing here builds
//! markup by hand.

use cratescope_score::Model;

use crate::document::{self, Document};
use crate::i18n::{self, Lang};
use crate::{Evaluation, card};

/// Split our text into plain and code segments at backtick pairs, so that
/// `cratescope update` is shown as code and never as literal backticks.
/// An unpaired backtick stays text.
pub fn spans(s: &str) -> Vec<(bool, String)> {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() < 3 {
        return vec![(false, s.to_string())];
    }
    let mut out = Vec::new();
    let closed = parts.len() % 2 == 1;
    for (i, p) in parts.iter().enumerate() {
        let code = i % 2 == 1 && (closed || i + 1 < parts.len() - 1);
        if p.is_empty() {
            continue;
        }
        if !code && i % 2 == 1 {
            out.push((false, format!("`{p}")));
        } else {
            out.push((code, (*p).to_string()));
        }
    }
    out
}

/// Render the document as one HTML page.
pub fn render(d: &Document, model: &Model, lang: Lang) -> String {
    crate::templates::document_html(&document::view(d, model, lang))
}

/// Cards of `eval` as one HTML page.
pub fn cards(evals: &[Evaluation], lang: Lang) -> String {
    let cards: Vec<card::Card> = evals.iter().map(|e| card::card(e, None, lang)).collect();
    let code = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    crate::templates::cards_html(&cards, code, &i18n::doc_word(lang, i18n::DocWord::Symbols))
}

/// The number of `<script` openings in a page (the pages have none).
pub fn script_tags(page: &str) -> usize {
    page.to_ascii_lowercase().matches("<script").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_pairs_become_code_segments() {
        assert_eq!(
            spans("run `cratescope update` now"),
            vec![
                (false, "run ".to_string()),
                (true, "cratescope update".to_string()),
                (false, " now".to_string())
            ]
        );
        assert_eq!(spans("a ` b"), vec![(false, "a ` b".to_string())]);
    }

    #[test]
    fn empty_document_is_a_complete_page_without_script() {
        let d = Document {
            as_of: jiff::civil::date(2026, 11, 25),
            sections: Vec::new(),
            trends: None,
        };
        let page = render(&d, &Model::embedded(), Lang::Zh);
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(page.trim_end().ends_with("</html>"));
        assert_eq!(script_tags(&page), 0);
        assert!(page.contains("lang=\"zh\""));
    }
}
