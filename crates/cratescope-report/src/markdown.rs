//! The Markdown card (`eval --format markdown`): the same `card.md`
//! template as the `report` document's sections.

use crate::i18n::Lang;
use crate::{Evaluation, card};

/// Render one card as a Markdown section (`###` heading).
pub fn card(e: &Evaluation, lang: Lang) -> String {
    cards(std::slice::from_ref(e), lang)
}

/// Render cards as Markdown sections.
pub fn cards(evals: &[Evaluation], lang: Lang) -> String {
    let cards: Vec<card::Card> = evals.iter().map(|e| card::card(e, None, lang)).collect();
    crate::templates::cards_markdown(&cards)
}

/// Escape text for a Markdown table cell (kept for callers of the old API).
pub fn cell(s: &str) -> String {
    crate::md::cell(s)
}
