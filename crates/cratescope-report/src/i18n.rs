//! Labels in English and in the Chinese of the original matrix. Only labels
//! are translated; evidence lines are data and stay as measured (English).

pub use cratescope_model::Lang;

use cratescope_model::Tier;

/// A dimension's label.
pub fn dimension(lang: Lang, id: &str) -> &'static str {
    match (lang, id) {
        (Lang::En, "stability") => "Version stability",
        (Lang::En, "community") => "Community activity",
        (Lang::En, "documentation") => "Documentation",
        (Lang::En, "usage") => "Production usage",
        (Lang::En, "performance") => "Performance",
        (Lang::En, "ecosystem") => "Ecosystem integration",
        (Lang::En, "maintenance") => "Maintenance",
        (Lang::En, "security") => "Security",
        (Lang::Zh, "stability") => "版本稳定性",
        (Lang::Zh, "community") => "社区活跃度",
        (Lang::Zh, "documentation") => "文档完整度",
        (Lang::Zh, "usage") => "生产使用情况",
        (Lang::Zh, "performance") => "性能表现",
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
            Downloads => "下载量",
            Stars => "星标",
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
        },
    }
}

/// Stars as ⭐ repeated.
pub fn stars(n: u8) -> String {
    "⭐".repeat(n as usize)
}
