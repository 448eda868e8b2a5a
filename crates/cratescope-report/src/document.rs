//! The maturity matrix document (`cratescope report`) in Markdown: every
//! crate of a catalog, grouped by category, with the category's own
//! scenarios, a decision matrix, trends and the method. The engine evaluates
//! and assembles the [`Document`]; this module and `html.rs` only render it,
//! with the [`Model`] for the method section. Dates come from `as_of`, never
//! the wall clock.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

pub use cratescope_model::document::{CategorySection, CrateEntry, Document, EntryResult};
use cratescope_model::{Dimension, SourceId, SourceState};
use cratescope_score::Model;

use super::i18n::{self, Lang};
use super::markdown::cell;
use super::table::{dimension_evidence, score1, tier_line};
use super::{Evaluation, Tier};

/// How long until the next scheduled update: the original matrix was
/// refreshed quarterly.
const UPDATE_INTERVAL_MONTHS: i64 = 3;

/// A scenario's display name in a category (the id when unknown).
pub fn scenario_name(section: &CategorySection, id: &str, lang: Lang) -> String {
    section
        .category
        .scenarios
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| i18n::scenario(lang, id))
}

/// One line of a category's trend table, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Crate name.
    pub name: String,
    /// Ring: adopt / trial / assess / hold.
    pub ring: String,
    /// Momentum per quarter, or `–`.
    pub momentum: String,
    /// The numbers that put it in its ring.
    pub note: String,
}

/// The rows of a category's trend table: crates with a ring.
pub fn trend_rows(t: &cratescope_model::trend::CategoryTrend) -> Vec<TrendRow> {
    t.crates
        .iter()
        .filter_map(|c| {
            let ring = c.ring?;
            Some(TrendRow {
                name: c.name.clone(),
                ring: ring.id().to_string(),
                momentum: c
                    .momentum
                    .map(|m| format!("{m:+.2}/quarter"))
                    .unwrap_or_else(|| "–".into()),
                note: c.reason.clone(),
            })
        })
        .collect()
}

/// How one data source answered across the whole catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// Which source.
    pub id: SourceId,
    /// Crates for which it was read fresh.
    pub ok: usize,
    /// Crates served from an old copy.
    pub stale: usize,
    /// Crates for which it could not be read.
    pub unavailable: usize,
    /// Oldest fetch time among the crates.
    pub oldest: Option<Timestamp>,
    /// Newest fetch time among the crates.
    pub newest: Option<Timestamp>,
    /// Distinct reasons given when it was unavailable or stale.
    pub reasons: Vec<String>,
}

/// The document's view helpers: what the renderers compute from it.
pub trait DocumentView {
    /// The next scheduled update: one quarter after `as_of`.
    fn next_update(&self) -> Date;
    /// How each source answered across the evaluated crates, in source order.
    fn source_summaries(&self) -> Vec<SourceSummary>;
    /// Rows of the decision matrix: per category, best composite first
    /// (unscored and failed crates last), ties by tier then name.
    fn decision_rows(&self) -> Vec<DecisionRow<'_>>;
}

impl DocumentView for Document {
    fn next_update(&self) -> Date {
        self.as_of
            .checked_add(UPDATE_INTERVAL_MONTHS.months())
            .unwrap_or(self.as_of)
    }

    fn source_summaries(&self) -> Vec<SourceSummary> {
        let mut map: BTreeMap<SourceId, SourceSummary> = BTreeMap::new();
        for e in self.evaluations() {
            for s in &e.sources {
                let x = map.entry(s.id).or_insert_with(|| SourceSummary {
                    id: s.id,
                    ok: 0,
                    stale: 0,
                    unavailable: 0,
                    oldest: None,
                    newest: None,
                    reasons: Vec::new(),
                });
                match s.status {
                    SourceState::Ok => x.ok += 1,
                    SourceState::Stale => x.stale += 1,
                    SourceState::Unavailable => x.unavailable += 1,
                }
                if let Some(t) = s.fetched_at {
                    x.oldest = Some(x.oldest.map_or(t, |o| o.min(t)));
                    x.newest = Some(x.newest.map_or(t, |n| n.max(t)));
                }
                if s.status != SourceState::Ok
                    && let Some(r) = &s.reason
                    && !x.reasons.contains(r)
                {
                    x.reasons.push(r.clone());
                }
            }
        }
        map.into_values().collect()
    }

    fn decision_rows(&self) -> Vec<DecisionRow<'_>> {
        let mut rows = Vec::new();
        for s in &self.sections {
            let mut cat_rows: Vec<DecisionRow<'_>> = s
                .crates
                .iter()
                .map(|c| DecisionRow {
                    section: s,
                    entry: c,
                })
                .collect();
            cat_rows.sort_by(|a, b| {
                let key = |r: &DecisionRow<'_>| {
                    let e = r.entry.evaluation();
                    (
                        e.is_none(),
                        // Negated so the best composite sorts first; missing last.
                        -e.and_then(|e| e.composite)
                            .unwrap_or(f64::NEG_INFINITY / 2.0),
                        e.map_or(u8::MAX, |e| e.tier.rank()),
                    )
                };
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| a.entry.name.cmp(&b.entry.name))
            });
            rows.extend(cat_rows);
        }
        rows
    }
}

/// One row of the decision matrix.
#[derive(Debug, Clone, Copy)]
pub struct DecisionRow<'a> {
    /// Its category.
    pub section: &'a CategorySection,
    /// The crate.
    pub entry: &'a CrateEntry,
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
    /// Category.
    Category,
    /// Crate.
    Crate,
    /// Best scenario.
    BestScenario,
    /// Not evaluated.
    NotEvaluated,
    /// Quick start.
    QuickStart,
    /// "from the README of".
    FromReadme,
    /// Production usage.
    ProductionUsage,
    /// Unknown.
    Unknown,
    /// No history text.
    NoHistory,
    /// Ring.
    Ring,
    /// Momentum.
    Momentum,
    /// Weight.
    Weight,
    /// Rule.
    Rule,
    /// Icons line.
    Icons,
    /// Unavailable data.
    Unavailable,
    /// Source.
    Source,
    /// Status.
    Status,
    /// Fetched.
    Fetched,
    /// Current version.
    CurrentVersion,
    /// Evaluated version.
    EvaluatedVersion,
    /// Dimensions.
    Dimensions,
    /// Tiers.
    Tiers,
    /// Method intro.
    MethodIntro,
    /// Everything was available.
    NothingUnavailable,
    /// Crates.
    Crates,
    /// Failed.
    Failed,
}

/// A fixed word of the document.
pub fn doc_word(lang: Lang, w: DocWord) -> &'static str {
    use DocWord::*;
    match lang {
        Lang::En => match w {
            Title => "Rust crate maturity matrix",
            Date => "Date",
            ModelVersion => "Model version",
            CratesEvaluated => "Crates evaluated",
            DataSources => "Data sources",
            NextUpdate => "Next scheduled update",
            Contents => "Contents",
            DecisionMatrix => "Decision matrix",
            Trends => "Trends",
            Method => "Method",
            Category => "Category",
            Crate => "Crate",
            BestScenario => "Best scenario",
            NotEvaluated => "not evaluated",
            QuickStart => "Quick start",
            FromReadme => "from the README of",
            ProductionUsage => "Production usage",
            Unknown => "unknown",
            NoHistory => "no history yet: run `cratescope update` next quarter",
            Ring => "Ring",
            Momentum => "Momentum",
            Weight => "Weight",
            Rule => "Rule",
            Icons => "Icons",
            Unavailable => "What was unavailable",
            Source => "Source",
            Status => "Status",
            Fetched => "Fetched",
            CurrentVersion => "Current version",
            EvaluatedVersion => "Evaluated version",
            Dimensions => "Dimensions",
            Tiers => "Tiers",
            MethodIntro => {
                "Every score is computed from measured data: signals are normalised to [0, 1] by breakpoints, averaged per dimension by weight into a 1.0–5.0 score (left out when less than the minimum share of evidence is available), and dimensions are averaged into the composite. Gates cap a dimension or force ⛔. Scenario stars are the rounded weighted mean of the dimensions with evidence, clamped to 1–5."
            }
            NothingUnavailable => "every source answered for every evaluated crate",
            Crates => "crates",
            Failed => "failed",
        },
        Lang::Zh => match w {
            Title => "Rust 生态成熟度矩阵",
            Date => "日期",
            ModelVersion => "模型版本",
            CratesEvaluated => "已评估的 crate",
            DataSources => "数据来源",
            NextUpdate => "下次计划更新",
            Contents => "目录",
            DecisionMatrix => "决策矩阵",
            Trends => "趋势",
            Method => "评估方法",
            Category => "类别",
            Crate => "Crate",
            BestScenario => "最适合场景",
            NotEvaluated => "未能评估",
            QuickStart => "快速上手",
            FromReadme => "摘自 README：",
            ProductionUsage => "生产使用情况",
            Unknown => "未知",
            NoHistory => "暂无历史数据：下个季度运行 `cratescope update`",
            Ring => "环",
            Momentum => "势头",
            Weight => "权重",
            Rule => "规则",
            Icons => "图标",
            Unavailable => "缺失的数据",
            Source => "来源",
            Status => "状态",
            Fetched => "获取时间",
            CurrentVersion => "当前版本",
            EvaluatedVersion => "评估版本",
            Dimensions => "维度",
            Tiers => "等级",
            MethodIntro => {
                "所有评分均由实测数据计算：各信号按断点归一化到 [0, 1]，按权重在维度内平均为 1.0–5.0 分（证据不足时不计分），维度再加权平均为综合得分。门槛规则会限制维度分数或直接判为 ⛔。场景星级为有证据维度的加权平均四舍五入，限定在 1–5。"
            }
            NothingUnavailable => "所有已评估 crate 的数据源均可用",
            Crates => "个 crate",
            Failed => "失败",
        },
    }
}

/// The tier for a table cell: icon, label and a provisional mark, without
/// the reason (the crate's card has it).
pub fn tier_short(e: &Evaluation, lang: Lang) -> String {
    let mut s = i18n::tier(lang, e.tier);
    if e.provisional {
        s.push_str(&format!(" ({})", i18n::word(lang, i18n::Word::Provisional)));
    }
    s
}

/// "1 crate", "5 crates", "5 个 crate".
pub fn crate_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 crate".into(),
        _ => format!("{n} {}", doc_word(lang, DocWord::Crates)),
    }
}

/// A source's display name.
pub fn source_name(id: SourceId) -> &'static str {
    match id {
        SourceId::Index => "registry index",
        SourceId::Tarball => ".crate source",
        SourceId::Git => "git history",
        SourceId::Advisories => "RustSec advisories",
        SourceId::CratesIo => "crates.io API",
        SourceId::Github => "GitHub API",
        SourceId::DocsRs => "docs.rs",
        SourceId::Benchmarks => "benchmarks",
        SourceId::Dump => "crates.io dump",
        SourceId::Catalog => "catalog",
    }
}

/// A fetch time as shown in the document (minutes are enough for freshness).
pub fn when(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// One line about a source's answers: counts and freshness.
pub fn source_line(s: &SourceSummary) -> String {
    let mut parts = vec![format!("{} ok", s.ok)];
    if s.stale > 0 {
        parts.push(format!("{} stale", s.stale));
    }
    if s.unavailable > 0 {
        parts.push(format!("{} unavailable", s.unavailable));
    }
    match (s.oldest, s.newest) {
        (Some(o), Some(n)) if o == n => parts.push(format!("fetched {}", when(n))),
        (Some(o), Some(n)) => parts.push(format!("fetched {} – {}", when(o), when(n))),
        _ => {}
    }
    parts.join(", ")
}

/// The production-usage line: D4's icon and score, or why it is unknown.
pub fn usage_level(e: &Evaluation, lang: Lang) -> String {
    match e.dimension(Dimension::Usage.id()) {
        Some(d) if d.score.is_some() => {
            format!(
                "{} {} ({})",
                d.icon.clone().unwrap_or_default(),
                score1(d.score),
                dimension_evidence(d, lang)
            )
        }
        Some(d) => format!(
            "{} ({})",
            doc_word(lang, DocWord::Unknown),
            dimension_evidence(d, lang)
        ),
        None => doc_word(lang, DocWord::Unknown).to_string(),
    }
}

/// The best scenario's label with stars, or "–".
pub fn best_scenario(section: &CategorySection, e: &Evaluation, lang: Lang) -> String {
    e.best_scenario()
        .map(|s| {
            format!(
                "{} {}",
                scenario_name(section, &s.id, lang),
                i18n::stars(s.stars)
            )
        })
        .unwrap_or_else(|| "–".into())
}

/// Anchor id of a category.
pub fn category_anchor(id: &str) -> String {
    format!("cat-{}", slug(id))
}

/// Anchor id of a crate within a category.
pub fn crate_anchor(category: &str, name: &str) -> String {
    format!("crate-{}-{}", slug(category), slug(name))
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Tier rules as one line each (id, icon, condition).
pub fn tier_rules(model: &Model, lang: Lang) -> Vec<(Tier, String)> {
    let t = &model.tiers;
    let mut rows = Vec::new();
    for (tier, rule) in [
        (Tier::IndustryStandard, &t.industry_standard),
        (Tier::ProductionReady, &t.production_ready),
        (Tier::Mature, &t.mature),
        (Tier::Early, &t.early),
    ] {
        let mut cond = vec![format!("composite ≥ {:.2}", rule.composite)];
        for (label, v) in [
            ("confidence", rule.confidence),
            (Dimension::Usage.id(), rule.usage),
            (Dimension::Stability.id(), rule.stability),
            (Dimension::Maintenance.id(), rule.maintenance),
        ] {
            if let Some(v) = v {
                cond.push(format!("{label} ≥ {v:.2}"));
            }
        }
        rows.push((tier, cond.join(", ")));
    }
    rows.push((Tier::Experimental, "below every rule above".into()));
    rows.push((
        Tier::Avoid,
        "an avoid gate fired (yanked, unmaintained advisory, deprecated…)".into(),
    ));
    let _ = lang;
    rows
}

/// A Markdown code fence long enough not to be closed by the snippet itself.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// Render the document as Markdown.
pub fn markdown(doc: &Document, model: &Model, lang: Lang) -> String {
    use DocWord as W;
    let w = |x| doc_word(lang, x);
    let mut o = String::new();
    let (ok, total) = doc.counts();

    // 1. Header.
    o.push_str(&format!("# {}\n\n", w(W::Title)));
    o.push_str(&format!("- **{}**: {}\n", w(W::Date), doc.as_of));
    o.push_str(&format!(
        "- **{}**: {}\n",
        w(W::ModelVersion),
        model.version
    ));
    o.push_str(&format!(
        "- **{}**: {ok} / {total}\n",
        w(W::CratesEvaluated)
    ));
    o.push_str(&format!("- **{}**:\n", w(W::DataSources)));
    for s in doc.source_summaries() {
        o.push_str(&format!(
            "  - {}: {}\n",
            source_name(s.id),
            cell(&source_line(&s))
        ));
    }
    o.push_str(&format!(
        "- **{}**: {}\n\n",
        w(W::NextUpdate),
        doc.next_update()
    ));

    // 2. Contents.
    o.push_str(&format!("## {}\n\n", w(W::Contents)));
    for s in &doc.sections {
        o.push_str(&format!(
            "- [{}](#{}) ({})\n",
            cell(s.category.name.get(lang)),
            category_anchor(&s.category.id),
            crate_count(lang, s.crates.len())
        ));
    }
    o.push_str(&format!("- [{}](#decision-matrix)\n", w(W::DecisionMatrix)));
    o.push_str(&format!("- [{}](#trends)\n", w(W::Trends)));
    o.push_str(&format!("- [{}](#method)\n\n", w(W::Method)));

    // 3. Categories.
    for s in &doc.sections {
        o.push_str(&format!(
            "<a id=\"{}\"></a>\n\n## {}\n\n",
            category_anchor(&s.category.id),
            cell(s.category.name.get(lang))
        ));
        for c in &s.crates {
            crate_markdown(&mut o, s, c, lang);
        }
    }

    // 4. Decision matrix.
    o.push_str(&format!(
        "<a id=\"decision-matrix\"></a>\n\n## {}\n\n",
        w(W::DecisionMatrix)
    ));
    o.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
        w(W::Category),
        w(W::Crate),
        i18n::word(lang, i18n::Word::Composite),
        i18n::word(lang, i18n::Word::Tier),
        i18n::word(lang, i18n::Word::Confidence),
        w(W::BestScenario)
    ));
    for r in doc.decision_rows() {
        let cat = cell(r.section.category.name.get(lang));
        match &r.entry.result {
            EntryResult::Evaluated { evaluation: e } => o.push_str(&format!(
                "| {cat} | {} {} | {} | {} | {:.2} | {} |\n",
                cell(&e.name),
                cell(&e.version),
                score1(e.composite),
                cell(&tier_short(e, lang)),
                e.confidence,
                cell(&best_scenario(r.section, e, lang))
            )),
            EntryResult::Failed { reason } => o.push_str(&format!(
                "| {cat} | {} | – | {}: {} | – | – |\n",
                cell(&r.entry.name),
                w(W::NotEvaluated),
                cell(reason)
            )),
        }
    }
    o.push('\n');

    // 5. Trends.
    o.push_str(&format!("<a id=\"trends\"></a>\n\n## {}\n\n", w(W::Trends)));
    for s in &doc.sections {
        o.push_str(&format!("### {}\n\n", cell(s.category.name.get(lang))));
        match doc.trend_of(&s.category.id) {
            None => o.push_str(&format!("{}\n\n", w(W::NoHistory))),
            Some(t) => {
                o.push_str(&format!(
                    "| {} | {} | {} | {} |\n|---|---|---|---|\n",
                    w(W::Crate),
                    w(W::Ring),
                    w(W::Momentum),
                    i18n::word(lang, i18n::Word::Note)
                ));
                for r in trend_rows(t) {
                    o.push_str(&format!(
                        "| {} | {} | {} | {} |\n",
                        cell(&r.name),
                        cell(&r.ring),
                        cell(&r.momentum),
                        cell(&r.note)
                    ));
                }
                o.push('\n');
            }
        }
    }

    // 6. Method.
    o.push_str(&format!(
        "<a id=\"method\"></a>\n\n## {}\n\n{}\n\n",
        w(W::Method),
        w(W::MethodIntro)
    ));
    o.push_str(&format!(
        "**{}**\n\n| {} | | {} |\n|---|---|---|\n",
        w(W::Dimensions),
        i18n::word(lang, i18n::Word::Dimension),
        w(W::Weight)
    ));
    for d in Dimension::ALL {
        let weight = model.composite.weights.get(&d).copied().unwrap_or(0.0);
        o.push_str(&format!(
            "| {} | {} | {:.2} |\n",
            d.code(),
            i18n::dimension(lang, d.id()),
            weight
        ));
    }
    o.push_str(&format!(
        "\n**{}**\n\n| {} | {} |\n|---|---|\n",
        w(W::Tiers),
        i18n::word(lang, i18n::Word::Tier),
        w(W::Rule)
    ));
    for (tier, rule) in tier_rules(model, lang) {
        o.push_str(&format!("| {} | {} |\n", i18n::tier(lang, tier), rule));
    }
    let ic = &model.icons;
    o.push_str(&format!(
        "\n**{}**: ⭐ ≥ {:.1} · ✅ ≥ {:.1} · 🟡 ≥ {:.1} · 🔴 < {:.1}\n\n",
        w(W::Icons),
        ic.star,
        ic.check,
        ic.warn,
        ic.warn
    ));
    o.push_str(&format!("**{}**\n\n", w(W::Unavailable)));
    let mut any = false;
    for s in doc
        .source_summaries()
        .iter()
        .filter(|s| s.unavailable + s.stale > 0)
    {
        any = true;
        o.push_str(&format!(
            "- {} ({}): {}\n",
            source_name(s.id),
            source_line(s),
            cell(&s.reasons.join("; "))
        ));
    }
    for (name, reason) in doc.failures() {
        any = true;
        o.push_str(&format!(
            "- {} {}: {}\n",
            cell(name),
            w(W::NotEvaluated),
            cell(reason)
        ));
    }
    if !any {
        o.push_str(&format!("- {}\n", w(W::NothingUnavailable)));
    }
    o
}

fn crate_markdown(o: &mut String, s: &CategorySection, c: &CrateEntry, lang: Lang) {
    use DocWord as W;
    use i18n::Word;
    let w = |x| doc_word(lang, x);
    let iw = |x| i18n::word(lang, x);
    o.push_str(&format!(
        "<a id=\"{}\"></a>\n\n",
        crate_anchor(&s.category.id, &c.name)
    ));
    let e = match &c.result {
        EntryResult::Failed { reason } => {
            o.push_str(&format!(
                "### {}\n\n**{}**: {}\n\n",
                cell(&c.name),
                w(W::NotEvaluated),
                cell(reason)
            ));
            return;
        }
        EntryResult::Evaluated { evaluation } => evaluation,
    };
    o.push_str(&format!("### {} {}\n\n", cell(&e.name), cell(&e.version)));
    if let Some(d) = &e.info.description {
        o.push_str(&format!("> {}\n\n", cell(d.trim())));
    }
    o.push_str(&format!(
        "**{}**\n\n| | |\n|---|---|\n",
        iw(Word::BasicInfo)
    ));
    let row = |o: &mut String, k: &str, v: &str| o.push_str(&format!("| {} | {} |\n", k, cell(v)));
    row(
        o,
        iw(Word::Repository),
        e.info.repository.as_deref().unwrap_or("–"),
    );
    if let Some(l) = &e.info.license {
        row(o, iw(Word::License), l);
    }
    row(
        o,
        iw(Word::FirstRelease),
        &e.info
            .first_release
            .map(|d| d.to_string())
            .unwrap_or_else(|| "–".into()),
    );
    if let Some(v) = &e.info.latest_version {
        let date = e
            .info
            .latest_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        row(o, w(W::CurrentVersion), &format!("{v}{date}"));
    }
    if e.info.latest_version.as_deref() != Some(e.version.as_str()) {
        let date = e
            .info
            .evaluated_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        row(o, w(W::EvaluatedVersion), &format!("{}{date}", e.version));
    }
    row(o, iw(Word::Versions), &e.info.versions.to_string());
    if let Some(d) = e.info.downloads {
        row(o, iw(Word::Downloads), &d.to_string());
    }
    if let Some(st) = e.info.stars {
        row(o, iw(Word::Stars), &st.to_string());
    }
    row(o, w(W::ProductionUsage), &usage_level(e, lang));
    o.push('\n');

    o.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        iw(Word::Dimension),
        iw(Word::Score),
        iw(Word::Confidence),
        iw(Word::Evidence)
    ));
    for d in &e.dimensions {
        o.push_str(&format!(
            "| {} | {} {} | {:.2} | {} |\n",
            i18n::dimension(lang, &d.id),
            d.icon.clone().unwrap_or_default(),
            score1(d.score),
            d.confidence,
            cell(&dimension_evidence(d, lang))
        ));
    }
    o.push_str(&format!(
        "| **{}** | **{}** | {:.2} | {} |\n\n",
        iw(Word::Composite),
        score1(e.composite),
        e.confidence,
        cell(&tier_line(e, lang))
    ));
    for (title, items) in [(Word::Strengths, &e.strengths), (Word::Risks, &e.risks)] {
        o.push_str(&format!("**{}**\n\n", iw(title)));
        if items.is_empty() {
            o.push_str(&format!("- {}\n", iw(Word::None)));
        }
        for i in items {
            o.push_str(&format!("- {}\n", cell(i)));
        }
        o.push('\n');
    }
    o.push_str(&format!(
        "**{}**\n\n| {} | {} | {} |\n|---|---|---|\n",
        iw(Word::Scenarios),
        iw(Word::Scenario),
        iw(Word::Stars),
        iw(Word::Note)
    ));
    for sc in &e.scenarios {
        o.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&scenario_name(s, &sc.id, lang)),
            i18n::stars(sc.stars),
            cell(&sc.note)
        ));
    }
    o.push('\n');
    if let Some(snippet) = &e.info.readme_snippet {
        let fence = fence_for(snippet);
        o.push_str(&format!(
            "**{}** ({} {} {})\n\n{fence}rust\n{}\n{fence}\n\n",
            w(W::QuickStart),
            w(W::FromReadme),
            cell(&e.name),
            cell(&e.version),
            snippet.trim_end()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_outgrows_backticks_in_the_snippet() {
        assert_eq!(fence_for("let x = 1;"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }

    #[test]
    fn next_update_is_a_quarter_later() {
        let doc = Document {
            as_of: jiff::civil::date(2026, 11, 25),
            sections: Vec::new(),
            trends: None,
        };
        assert_eq!(doc.next_update(), jiff::civil::date(2027, 2, 25));
        let text = markdown(&doc, &Model::v1(), Lang::En);
        assert!(text.contains("2027-02-25"), "{text}");
        assert!(text.contains("every source answered"), "{text}");
    }

    #[test]
    fn anchors_are_ascii_slugs() {
        assert_eq!(category_anchor("ai/ml x"), "cat-ai-ml-x");
        assert_eq!(crate_anchor("db", "Sea_ORM"), "crate-db-sea_orm");
    }
}
