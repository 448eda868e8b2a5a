//! Labels and the report's own words in every language, from the one
//! catalog (`i18n/<lang>/report.ftl` and the shared labels of
//! `common.ftl`): nothing here writes a word of any language. The enums
//! name the words renderers print; each maps to a catalog id once.

pub use cratescope_model::Lang;

use cratescope_model::message::{Arg, Message};
use cratescope_model::{SourceId, Tier, msg};

use crate::catalog;

/// A message of the catalog in a language.
pub fn say(lang: Lang, m: &Message) -> String {
    catalog::render(lang, m)
}

/// A source's display name.
pub fn source(lang: Lang, id: SourceId) -> String {
    say(lang, &msg!("report-label", label = Arg::Source(id)))
}

/// A dimension's label (the build footprint included).
pub fn dimension(lang: Lang, id: &str) -> String {
    say(lang, &msg!("report-label", label = Arg::dimension(id)))
}

/// A tier's label, without its icon.
pub fn tier_name(lang: Lang, t: Tier) -> String {
    say(lang, &msg!("report-label", label = Arg::Tier(t)))
}

/// A tier's label with its icon.
pub fn tier(lang: Lang, t: Tier) -> String {
    say(
        lang,
        &msg!(
            "report-tier",
            icon = Arg::code(t.icon()),
            tier = Arg::Tier(t)
        ),
    )
}

/// A scenario's label (the model's scenarios; a category names its own).
pub fn scenario(lang: Lang, id: &str) -> String {
    say(
        lang,
        &msg!("report-label", label = Arg::Scenario(id.into())),
    )
}

/// Names of equal standing: "a", "a or b", "a, b or c".
pub fn alternatives(lang: Lang, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => crate::sanitize::line(one).into_owned(),
        [first @ .., last] => say(
            lang,
            &msg!(
                "report-or",
                first = Arg::crates(first.iter().cloned()),
                last = Arg::krate(last.clone())
            ),
        ),
    }
}

/// Every tier, best first (the order of the method's table and legends).
pub const TIERS: [Tier; 7] = [
    Tier::IndustryStandard,
    Tier::ProductionReady,
    Tier::Mature,
    Tier::Early,
    Tier::Dormant,
    Tier::Experimental,
    Tier::Avoid,
];

/// Stars as ⭐ repeated.
pub fn stars(n: u8) -> String {
    "⭐".repeat(n as usize)
}

/// Fixed words of the card, the comparison and the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// Composite score.
    Composite,
    /// Tier.
    Tier,
    /// Confidence.
    Confidence,
    /// Confidence, in a narrow column header.
    ConfidenceShort,
    /// Dimension.
    Dimension,
    /// Level (of a dimension).
    Level,
    /// Score.
    Score,
    /// Evidence.
    Evidence,
    /// Repository.
    Repository,
    /// License.
    License,
    /// First release.
    FirstRelease,
    /// Latest version.
    LatestVersion,
    /// Versions.
    Versions,
    /// Evaluated version.
    Evaluated,
    /// The evaluated version is yanked.
    Yanked,
    /// Downloads.
    Downloads,
    /// GitHub stars (not scenario stars).
    GithubStars,
    /// Production usage.
    ProductionUsage,
    /// Stars (of a scenario).
    Stars,
    /// Scenario recommendations.
    Scenarios,
    /// Scenario.
    Scenario,
    /// Why.
    Note,
    /// Strengths.
    Strengths,
    /// Risks / limitations.
    Risks,
    /// Sources.
    Sources,
    /// Provisional.
    Provisional,
    /// No data.
    NoData,
    /// Basic information.
    BasicInfo,
    /// As of.
    AsOf,
    /// Model.
    Model,
    /// None.
    None,
    /// Quick start.
    QuickStart,
    /// "from the README of".
    FromReadme,
    /// Status.
    Status,
    /// Chart axes.
    Axes,
    /// Source read.
    StatusOk,
    /// Source unavailable.
    StatusUnavailable,
    /// Source stale.
    StatusStale,
    /// Unknown.
    Unknown,
    /// Crate.
    Crate,
    /// Warning.
    Warning,
    /// A scenario that is not what a crate is for.
    NotApplicable,
    /// Before the composite's range.
    CompositeRange,
    /// Footnote for –.
    DashMeans,
    /// Footnote for n/a.
    NotApplicableMeans,
    /// Signal (verbose card).
    Signal,
    /// Weight (verbose card).
    Weight,
    /// Source (verbose card).
    Source,
    /// Gate (verbose card).
    Gate,
}

fn word_message(w: Word) -> Message {
    use Word::*;
    match w {
        Composite => msg!("word-composite"),
        Tier => msg!("word-tier"),
        Confidence => msg!("word-confidence"),
        ConfidenceShort => msg!("word-confidence-short"),
        Dimension => msg!("word-dimension"),
        Level => msg!("word-level"),
        Score => msg!("word-score"),
        Evidence => msg!("word-evidence"),
        Repository => msg!("word-repository"),
        License => msg!("word-license"),
        FirstRelease => msg!("word-first-release"),
        LatestVersion => msg!("word-latest-version"),
        Versions => msg!("word-versions"),
        Evaluated => msg!("word-evaluated"),
        Yanked => msg!("word-yanked"),
        Downloads => msg!("word-downloads"),
        GithubStars => msg!("word-github-stars"),
        ProductionUsage => msg!("word-production-usage"),
        Stars => msg!("word-stars"),
        Scenarios => msg!("word-scenarios"),
        Scenario => msg!("word-scenario"),
        Note => msg!("word-note"),
        Strengths => msg!("word-strengths"),
        Risks => msg!("word-risks"),
        Sources => msg!("word-sources"),
        Provisional => msg!("word-provisional"),
        NoData => msg!("word-no-data"),
        BasicInfo => msg!("word-basic-info"),
        AsOf => msg!("word-as-of"),
        Model => msg!("word-model"),
        None => msg!("word-none"),
        QuickStart => msg!("word-quick-start"),
        FromReadme => msg!("word-from-readme"),
        Status => msg!("word-status"),
        Axes => msg!("word-axes"),
        StatusOk => msg!("word-status-ok"),
        StatusUnavailable => msg!("word-status-unavailable"),
        StatusStale => msg!("word-status-stale"),
        Unknown => msg!("word-unknown"),
        Crate => msg!("word-crate"),
        Warning => msg!("word-warning"),
        NotApplicable => msg!("word-not-applicable"),
        CompositeRange => msg!("word-composite-range"),
        DashMeans => msg!("word-dash-means"),
        NotApplicableMeans => msg!("word-not-applicable-means"),
        Signal => msg!("word-signal"),
        Weight => msg!("word-weight"),
        Source => msg!("word-source"),
        Gate => msg!("word-gate"),
    }
}

/// A fixed word.
pub fn word(lang: Lang, w: Word) -> String {
    say(lang, &word_message(w))
}

/// Fixed words of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocWord {
    /// Title.
    Title,
    /// Date.
    Date,
    /// Model version.
    ModelVersion,
    /// Crates evaluated.
    CratesEvaluated,
    /// Data sources.
    DataSources,
    /// Next update.
    NextUpdate,
    /// Contents.
    Contents,
    /// Decision matrix.
    DecisionMatrix,
    /// Trends.
    Trends,
    /// Method.
    Method,
    /// Not evaluated.
    NotEvaluated,
    /// Ring.
    Ring,
    /// Last quarters.
    Quarters,
    /// Momentum.
    Momentum,
    /// Weight.
    Weight,
    /// Rule.
    Rule,
    /// Dimension levels.
    Levels,
    /// Tiers.
    Tiers,
    /// Dimensions.
    Dimensions,
    /// Unavailable data.
    Unavailable,
    /// Source.
    Source,
    /// Top pick per scenario.
    ScenarioPicks,
    /// Everything was available.
    NothingUnavailable,
    /// Method intro.
    MethodIntro,
    /// The symbols line.
    Symbols,
}

fn doc_message(w: DocWord) -> Message {
    use DocWord::*;
    match w {
        Title => msg!("doc-title"),
        Date => msg!("doc-date"),
        ModelVersion => msg!("doc-model-version"),
        CratesEvaluated => msg!("doc-crates-evaluated"),
        DataSources => msg!("doc-data-sources"),
        NextUpdate => msg!("doc-next-update"),
        Contents => msg!("doc-contents"),
        DecisionMatrix => msg!("doc-decision-matrix"),
        Trends => msg!("doc-trends"),
        Method => msg!("doc-method"),
        NotEvaluated => msg!("doc-not-evaluated"),
        Ring => msg!("doc-ring"),
        Quarters => msg!("doc-quarters"),
        Momentum => msg!("doc-momentum"),
        Weight => msg!("doc-weight"),
        Rule => msg!("doc-rule"),
        Levels => msg!("doc-levels"),
        Tiers => msg!("doc-tiers"),
        Dimensions => msg!("doc-dimensions"),
        Unavailable => msg!("doc-unavailable"),
        Source => msg!("doc-source"),
        ScenarioPicks => msg!("doc-scenario-picks"),
        NothingUnavailable => msg!("doc-nothing-unavailable"),
        MethodIntro => msg!("doc-method-intro"),
        Symbols => msg!(
            "doc-symbols",
            tiers = Arg::code(TIERS.iter().map(|t| t.icon()).collect::<Vec<_>>().join(" "))
        ),
    }
}

/// A fixed word of the document.
pub fn doc_word(lang: Lang, w: DocWord) -> String {
    say(lang, &doc_message(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_catalog_in_both_languages() {
        assert_eq!(dimension(Lang::En, "stability"), "Version stability");
        assert_eq!(dimension(Lang::Zh, "stability"), "版本稳定性");
        assert_eq!(tier(Lang::En, Tier::Mature), "🔷 Mature");
        assert_eq!(source(Lang::En, SourceId::Tarball), "published .crate");
        assert_eq!(word(Lang::Zh, Word::Level), "水平");
        assert!(doc_word(Lang::En, DocWord::Symbols).contains("💤"));
    }

    #[test]
    fn alternatives_read_as_one_choice() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(alternatives(Lang::En, &n(&["kube"])), "kube");
        assert_eq!(
            alternatives(Lang::En, &n(&["kube", "spin-sdk"])),
            "kube or spin-sdk"
        );
        assert_eq!(alternatives(Lang::En, &n(&["a", "b", "c"])), "a, b or c");
        assert_eq!(alternatives(Lang::Zh, &n(&["a", "b"])), "a或b");
    }
}
