//! Every renderer of cratescope: terminal cards and tables that fit the
//! width they are given, Markdown and HTML through askama templates (one
//! card template per format, shared by `eval` and the `report` document),
//! SARIF, in English and Chinese. Each is a function of the model's
//! [`Evaluation`] (or an audit report, or a document of many evaluations):
//! renderers never call a source and never score.
//!
//! Text from outside passes through [`sanitize`] before any output, and
//! through [`md`] before any Markdown; HTML is auto-escaped by the templates.

pub use cratescope_model::{
    DimensionResult, Evaluation, GateResult, Info, Lang, SCHEMA_VERSION, ScenarioResult,
    SignalResult, Tier,
};

pub mod audit;
pub mod card;
pub mod catalog;
pub mod compare;
pub mod document;
pub mod ecosystem;
pub mod fragment;
pub mod history;
pub mod html;
pub mod i18n;
pub mod level;
pub mod markdown;
pub mod md;
pub mod sanitize;
pub mod sarif;
pub mod style;
pub mod svg;
pub mod table;
mod templates;
pub mod term;

pub use cratescope_model::document::CategorySection;
pub use style::Palette;
pub use table::TermOptions;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal table.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
}

/// A copy of a value with the English text of every sentence filled in:
/// what its JSON carries beside each message.
pub fn english<T: cratescope_model::Messages + Clone>(value: &T) -> T {
    let mut v = value.clone();
    catalog::fill_texts(&mut v);
    v
}

/// Render several evaluations in a format, plain, at the piped width.
pub fn render(evals: &[Evaluation], format: Format, lang: Lang) -> String {
    render_with(evals, format, lang, &TermOptions::default())
}

/// Render several evaluations in a format; `term` applies to the table.
pub fn render_with(evals: &[Evaluation], format: Format, lang: Lang, term: &TermOptions) -> String {
    match format {
        Format::Json => {
            let evals: Vec<Evaluation> = evals.iter().map(english).collect();
            let value = if evals.len() == 1 {
                serde_json::to_string_pretty(&evals[0])
            } else {
                serde_json::to_string_pretty(&evals)
            };
            let mut s =
                value.unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
            s.push('\n');
            s
        }
        Format::Table => evals
            .iter()
            .map(|e| table::card(e, lang, term))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => markdown::cards(evals, lang),
        Format::Html => html::cards(evals, lang),
    }
}
