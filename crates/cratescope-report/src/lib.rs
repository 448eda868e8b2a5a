//! Every renderer of cratescope: terminal tables, Markdown, HTML with SVG
//! charts, SARIF, in English and Chinese. Each is a function of the model's
//! [`Evaluation`] (or an audit report, or a document of many evaluations):
//! renderers never call a source and never score.

pub use cratescope_model::{
    DimensionResult, Evaluation, GateResult, Info, Lang, SCHEMA_VERSION, ScenarioResult,
    SignalResult, Tier,
};

pub mod audit;
pub mod compare;
pub mod document;
pub mod history;
pub mod html;
pub mod i18n;
pub mod markdown;
pub mod sarif;
pub mod svg;
pub mod table;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal table.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Markdown,
}

/// Render several evaluations in a format.
pub fn render(evals: &[Evaluation], format: Format, lang: Lang) -> String {
    match format {
        Format::Json => {
            let value = if evals.len() == 1 {
                serde_json::to_string_pretty(&evals[0])
            } else {
                serde_json::to_string_pretty(evals)
            };
            let mut s =
                value.unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
            s.push('\n');
            s
        }
        Format::Table => evals
            .iter()
            .map(|e| table::card(e, lang))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => evals
            .iter()
            .map(|e| markdown::card(e, lang))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
