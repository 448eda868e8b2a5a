//! Labels in English and in the Chinese of the original matrix. Sentences
//! (evidence, notes, reasons) are templates with parameters in `text.rs`.

pub use cratescope_model::Lang;

use cratescope_model::{SourceId, Tier};

/// A source's display name.
pub fn source(lang: Lang, id: SourceId) -> &'static str {
    match (lang, id) {
        (Lang::En, SourceId::Index) => "registry index",
        (Lang::En, SourceId::Tarball) => ".crate source",
        (Lang::En, SourceId::Git) => "git history",
        (Lang::En, SourceId::Advisories) => "RustSec advisories",
        (Lang::En, SourceId::CratesIo) => "crates.io API",
        (Lang::En, SourceId::Github) => "GitHub API",
        (Lang::En, SourceId::DocsRs) => "docs.rs",
        (Lang::En, SourceId::Benchmarks) => "benchmarks",
        (Lang::En, SourceId::Dump) => "crates.io dump",
        (Lang::En, SourceId::Catalog) => "catalog",
        (Lang::Zh, SourceId::Index) => "注册表索引",
        (Lang::Zh, SourceId::Tarball) => ".crate 源码",
        (Lang::Zh, SourceId::Git) => "git 历史",
        (Lang::Zh, SourceId::Advisories) => "RustSec 安全公告",
        (Lang::Zh, SourceId::CratesIo) => "crates.io API",
        (Lang::Zh, SourceId::Github) => "GitHub API",
        (Lang::Zh, SourceId::DocsRs) => "docs.rs",
        (Lang::Zh, SourceId::Benchmarks) => "基准测试",
        (Lang::Zh, SourceId::Dump) => "crates.io 数据转储",
        (Lang::Zh, SourceId::Catalog) => "目录",
    }
}

/// A dimension's label.
pub fn dimension(lang: Lang, id: &str) -> &'static str {
    match (lang, id) {
        (Lang::En, "stability") => "Version stability",
        (Lang::En, "community") => "Community activity",
        (Lang::En, "documentation") => "Documentation",
        (Lang::En, "usage") => "Production usage",
        (Lang::En, "performance") => "Performance work",
        (Lang::En, "ecosystem") => "Ecosystem integration",
        (Lang::En, "maintenance") => "Maintenance",
        (Lang::En, "security") => "Security",
        (Lang::Zh, "stability") => "版本稳定性",
        (Lang::Zh, "community") => "社区活跃度",
        (Lang::Zh, "documentation") => "文档完整度",
        (Lang::Zh, "usage") => "生产使用情况",
        (Lang::Zh, "performance") => "性能工作",
        (Lang::Zh, "ecosystem") => "生态集成度",
        (Lang::Zh, "maintenance") => "维护状态",
        (Lang::Zh, "security") => "安全性",
        _ => "?",
    }
}

/// A tier's label with its icon.
pub fn tier(lang: Lang, t: Tier) -> String {
    let name = match (lang, t) {
        (Lang::En, Tier::IndustryStandard) => "Industry standard",
        (Lang::En, Tier::ProductionReady) => "Production ready",
        (Lang::En, Tier::Mature) => "Mature",
        (Lang::En, Tier::Early) => "Early",
        (Lang::En, Tier::Dormant) => "Dormant",
        (Lang::En, Tier::Experimental) => "Experimental",
        (Lang::En, Tier::Avoid) => "Avoid",
        (Lang::Zh, Tier::IndustryStandard) => "行业标准",
        (Lang::Zh, Tier::ProductionReady) => "生产就绪",
        (Lang::Zh, Tier::Mature) => "成熟",
        (Lang::Zh, Tier::Early) => "早期",
        (Lang::Zh, Tier::Dormant) => "休眠",
        (Lang::Zh, Tier::Experimental) => "实验性",
        (Lang::Zh, Tier::Avoid) => "避免使用",
    };
    format!("{} {name}", t.icon())
}

/// A scenario's label.
pub fn scenario(lang: Lang, id: &str) -> String {
    let s = match (lang, id) {
        (Lang::En, "prototype") => "Prototype / MVP",
        (Lang::En, "enterprise") => "Enterprise production",
        (Lang::En, "performance") => "Performance-critical",
        (Lang::En, "learning") => "Learning / research",
        (Lang::Zh, "prototype") => "原型 / MVP",
        (Lang::Zh, "enterprise") => "企业级生产",
        (Lang::Zh, "performance") => "性能关键",
        (Lang::Zh, "learning") => "学习 / 研究",
        _ => return id.to_string(),
    };
    s.to_string()
}

/// Fixed UI words.
#[derive(Debug, Clone, Copy)]
pub enum Word {
    /// Composite score.
    Composite,
    /// Tier.
    Tier,
    /// Confidence.
    Confidence,
    /// Dimension.
    Dimension,
    /// Score.
    Score,
    /// Evidence.
    Evidence,
    /// Description.
    Description,
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
    /// Stars.
    Stars,
    /// Scenario recommendations.
    Scenarios,
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
    /// Scenario.
    Scenario,
    /// Note.
    Note,
    /// None.
    None,
    /// Level (of a dimension).
    Level,
    /// Quick start.
    QuickStart,
    /// "from the README of".
    FromReadme,
    /// Status.
    Status,
    /// Lines omitted.
    MoreLines,
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
    /// Production usage.
    ProductionUsage,
    /// GitHub stars (not scenario stars).
    GithubStars,
    /// Unavailable sources line head.
    NotRead,
    /// Footnote for –.
    DashMeans,
    /// Legend.
    Legend,
    /// Crate.
    Crate,
    /// Warning.
    Warning,
    /// Confidence, in a narrow column header.
    ConfidenceShort,
    /// The build footprint row.
    BuildFootprint,
    /// The footprint's note.
    NotInComposite,
    /// Before the composite's range.
    CompositeRange,
}

/// A fixed word.
pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match lang {
        Lang::En => match w {
            Composite => "Composite",
            Tier => "Tier",
            Confidence => "Confidence",
            Dimension => "Dimension",
            Score => "Score",
            Evidence => "Evidence",
            Description => "Description",
            Repository => "Repository",
            License => "License",
            FirstRelease => "First release",
            LatestVersion => "Latest version",
            Versions => "Versions",
            Evaluated => "Evaluated",
            Yanked => "yanked",
            Downloads => "Downloads",
            Stars => "Stars",
            Scenarios => "Scenarios",
            Strengths => "Strengths",
            Risks => "Risks",
            Sources => "Sources",
            Provisional => "provisional",
            NoData => "no data",
            BasicInfo => "Basic information",
            AsOf => "as of",
            Model => "model",
            Scenario => "Scenario",
            Note => "Why",
            None => "none",
            Level => "Level",
            QuickStart => "Quick start",
            FromReadme => "from the README of",
            Status => "Status",
            MoreLines => "more lines in the README",
            Axes => "Axes",
            StatusOk => "ok",
            StatusUnavailable => "unavailable",
            StatusStale => "stale",
            Unknown => "unknown",
            ProductionUsage => "Production usage",
            GithubStars => "GitHub stars",
            NotRead => "Not read",
            DashMeans => {
                "– no score: less than the model's minimum share of evidence was available"
            }
            Legend => "Legend",
            Crate => "Crate",
            Warning => "warning",
            ConfidenceShort => "Conf.",
            BuildFootprint => "Build footprint",
            NotInComposite => "not part of the composite",
            CompositeRange => "could be",
        },
        Lang::Zh => match w {
            Composite => "综合得分",
            Tier => "等级",
            Confidence => "置信度",
            Dimension => "维度",
            Score => "评分",
            Evidence => "依据",
            Description => "描述",
            Repository => "仓库",
            License => "许可证",
            FirstRelease => "首次发布",
            LatestVersion => "最新版本",
            Versions => "版本数",
            Evaluated => "评估版本",
            Yanked => "已撤回",
            Downloads => "下载量",
            Stars => "推荐星级",
            Scenarios => "技术选型建议",
            Strengths => "核心优势",
            Risks => "当前限制",
            Sources => "数据来源",
            Provisional => "暂定",
            NoData => "无数据",
            BasicInfo => "基本信息",
            AsOf => "评估日期",
            Model => "模型",
            Scenario => "场景",
            Note => "说明",
            None => "无",
            Level => "等级",
            QuickStart => "快速上手",
            FromReadme => "摘自 README：",
            Status => "状态",
            MoreLines => "README 中的其余行",
            Axes => "坐标轴",
            StatusOk => "正常",
            StatusUnavailable => "不可用",
            StatusStale => "过期",
            Unknown => "未知",
            ProductionUsage => "生产使用情况",
            GithubStars => "GitHub 星标",
            NotRead => "未读取",
            DashMeans => "– 无评分：可用证据少于模型要求的最低比例",
            Legend => "图例",
            Crate => "Crate",
            Warning => "警告",
            ConfidenceShort => "置信度",
            BuildFootprint => "构建开销",
            NotInComposite => "不计入综合得分",
            CompositeRange => "缺失数据下可能为",
        },
    }
}

/// Stars as ⭐ repeated.
pub fn stars(n: u8) -> String {
    "⭐".repeat(n as usize)
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
    /// Last quarters.
    Quarters,
    /// Dimension levels.
    Levels,
    /// Top pick per scenario.
    ScenarioPicks,
    /// The symbols line.
    Symbols,
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
                "Every score is computed from measured data: signals are normalised to [0, 1] by breakpoints, averaged per dimension by weight into a 1.0–5.0 score (left out, shown as –, when less than the minimum share of evidence is available; never counted as 0), and dimensions are averaged into the composite. Gates cap a dimension or force ⛔. Scenario stars are the rounded weighted mean of the dimensions with evidence, clamped to 1–5. Scores are shown with one decimal, halves rounded up."
            }
            NothingUnavailable => "every source answered for every evaluated crate",
            Crates => "crates",
            Failed => "failed",
            Quarters => "Last quarters",
            Levels => "Dimension levels",
            ScenarioPicks => "Top pick per scenario",
            Symbols => {
                "■ squares show a dimension's level; 🏆 ✅ 🔷 🟡 🔴 ⛔ are tiers; ⭐ are scenario stars; * provisional"
            }
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
                "所有评分均由实测数据计算：各信号按断点归一化到 [0, 1]，按权重在维度内平均为 1.0–5.0 分（证据不足时不计分，显示为 –，绝不按 0 计），维度再加权平均为综合得分。门槛规则会限制维度分数或直接判为 ⛔。场景星级为有证据维度的加权平均四舍五入，限定在 1–5。分数保留一位小数，四舍五入。"
            }
            NothingUnavailable => "所有已评估 crate 的数据源均可用",
            Crates => "个 crate",
            Failed => "失败",
            Quarters => "最近几个季度",
            Levels => "维度等级",
            ScenarioPicks => "各场景首选",
            Symbols => {
                "■ 方块表示维度等级；🏆 ✅ 🔷 🟡 🔴 ⛔ 表示等级；⭐ 表示场景推荐星级；* 暂定"
            }
        },
    }
}
