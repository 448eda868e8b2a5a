//! Sentences stored as English text before messages existed ("legacy"
//! messages: cards stored by an older cratescope, and the sentences the
//! engine and the audit still write as text while they are converted).
//!
//! Everything else is a [`cratescope_model::Message`] rendered by the one
//! catalog ([`crate::catalog`]); [`say`] renders a message and sends only a
//! legacy one through [`translate`], which matches its English against a
//! table of templates ([`PATTERNS`]) to produce Chinese. A sentence no
//! template matches is shown in English, sanitised: never lost. This module
//! goes away once no producer writes text.

use cratescope_model::Dimension;

use crate::i18n::{self, Lang};
use crate::sanitize;

/// English templates of sentences written by the score crate and the engine,
/// and their Chinese. `{dim…}` is a dimension id, `{src}` a source label,
/// `{t…}` a sentence translated in turn; anything else is copied.
pub const PATTERNS: &[(&str, &str)] = &[
    // Notes, scenario notes, tier reasons (score crate, evaluate.rs).
    ("no data: {t}", "无数据：{t}"),
    // Model 2 phrases (score crate: signals, vetoes, tier reasons).
    ("{srclist} not read", "{srclist} 未读取"),
    ("unverified: {t}", "未验证：{t}"),
    ("no benchmark results", "没有基准测试结果"),
    (
        "no benchmarks in the package or its manifest",
        "包及其清单中没有基准测试",
    ),
    (
        "owners not measured ({src} not read)",
        "未测量所有者（{src} 未读取）",
    ),
    ("owners not measured", "未测量所有者"),
    (
        "commit authors not measured ({src} not read)",
        "未测量提交作者（{src} 未读取）",
    ),
    ("{a}.x line from {b} to {c}", "{a}.x 系列，自 {b} 至 {c}"),
    (
        "{a} benchmark file in the package",
        "包内有 {a} 个基准测试文件",
    ),
    (
        "{a} benchmark files in the package",
        "包内有 {a} 个基准测试文件",
    ),
    ("benchmark harness {a}", "基准测试框架 {a}"),
    ("a CI workflow runs benchmarks", "CI 工作流运行基准测试"),
    ("stale data: {t}", "数据过期：{t}"),
    ("no data", "无数据"),
    (
        "confidence capped: no benchmark results, runtime speed is not measured",
        "置信度受限：没有基准测试结果，未测量运行速度",
    ),
    (
        "feature-complete: stable, used, current dependencies, no advisories",
        "功能完备：稳定、有人使用、依赖较新、无安全公告",
    ),
    ("no dimension had enough evidence", "没有任何维度有足够证据"),
    ("no {dim} data", "缺少{dim}数据"),
    ("confidence {a} < {b}", "置信度 {a} < {b}"),
    ("missing: {srclist}", "缺失：{srclist}"),
    (
        "held at mature below {a} confidence",
        "置信度低于 {a}，等级保持为成熟",
    ),
    (
        "no dimension this scenario weighs has evidence",
        "该场景看重的维度都没有证据",
    ),
    ("avoid: {t}", "避免使用：{t}"),
    (
        "at most ⭐⭐: open advisory on this version",
        "最多 ⭐⭐：此版本有未修复的安全公告",
    ),
    (
        "at most ⭐⭐: one owner, and one author makes half the commits",
        "最多 ⭐⭐：只有一位所有者，且一位作者贡献了一半提交",
    ),
    ("at most ⭐⭐: requires {id}", "最多 ⭐⭐：需要 {id}"),
    (
        "unverified: no benchmark results",
        "未验证：没有基准测试结果",
    ),
    ("the evaluation task did not finish", "评估任务未完成"),
    // Stability.
    ("{line} line since {date}", "{line} 版本线始于 {date}"),
    (
        "{n} new compatible lines in the last {y} years",
        "近 {y} 年新增 {n} 条兼容版本线",
    ),
    ("{v} is past 1.0", "{v} 已过 1.0"),
    ("{v} is pre-1.0", "{v} 尚未到 1.0"),
    ("{n} releases from {a} to {b}", "{a} 至 {b} 共 {n} 次发布"),
    (
        "{n} releases on {line} after its first",
        "{line} 首发后又发布 {n} 次",
    ),
    ("{a} of {b} versions yanked", "{b} 个版本中撤回了 {a} 个"),
    ("no rust-version declared", "未声明 rust-version"),
    (
        "every one of the {n} versions is yanked",
        "全部 {n} 个版本均已撤回",
    ),
    (
        "only prerelease or 0.0.x versions exist",
        "只有预发布或 0.0.x 版本",
    ),
    (
        "no publish dates (pubtime) for this crate",
        "此 crate 没有发布时间（pubtime）",
    ),
    ("no stable releases", "没有稳定版本"),
    ("no releases", "没有发布"),
    ("no live releases", "没有未撤回的发布"),
    // Community.
    (
        "{n} authors in the last 12 months{shared}",
        "近 12 个月 {n} 位作者{shared}",
    ),
    (
        "{a} of {b} authors made 50% of commits in 12 months ({names})",
        "近 12 个月 {b} 位作者中 {a} 位贡献了一半提交（{names}）",
    ),
    (
        "{u} user owners and {t} team owners",
        "{u} 位个人所有者，{t} 个团队所有者",
    ),
    ("median first response in {n} days", "首次响应中位数 {n} 天"),
    (
        "{p}% of {n} pull requests closed",
        "{n} 个拉取请求中 {p}% 已关闭",
    ),
    ("{n} stars", "{n} 个星标"),
    ("no commits in the last 12 months", "近 12 个月没有提交"),
    ("owners not answered", "所有者信息未返回"),
    ("stars not answered", "星标数未返回"),
    ("pull requests not answered", "拉取请求未返回"),
    ("issues not answered", "议题未返回"),
    (
        "no recent issues with a response to measure",
        "近期没有可衡量响应时间的议题",
    ),
    (
        "only {n} pull requests in 12 months",
        "12 个月内只有 {n} 个拉取请求",
    ),
    ("only {n} issues in the last year", "近一年只有 {n} 个议题"),
    // Usage.
    (
        "{n} downloads/month (binary crate: scaled ×10)",
        "每月 {n} 次下载（二进制 crate：×10 折算）",
    ),
    (
        "{n} downloads/month over the last 90 days",
        "近 90 天平均每月 {n} 次下载",
    ),
    (
        "{n} crates depend on it directly",
        "{n} 个 crate 直接依赖它",
    ),
    (
        "{n} distinct owners among dependents",
        "依赖者中有 {n} 个不同的所有者",
    ),
    (
        "{n} crates depend on it indirectly",
        "{n} 个 crate 间接依赖它",
    ),
    ("downloads ×{g} quarter over quarter", "下载量环比 ×{g}"),
    (
        "binary-only crate: nothing depends on it",
        "仅二进制 crate：没有 crate 依赖它",
    ),
    ("recent downloads not answered", "近期下载量未返回"),
    ("reverse dependencies not answered", "反向依赖未返回"),
    (
        "not enough download history for growth",
        "下载历史不足以计算增长",
    ),
    // Maintenance.
    (
        "latest release {v} on {d} ({n} days ago; expected gap {g} days)",
        "最新发布 {v} 于 {d}（{n} 天前；预期间隔 {g} 天）",
    ),
    ("{n} commits in the last 365 days", "近 365 天 {n} 次提交"),
    (
        "{n} commits touching the crate's path in the last 365 days",
        "近 365 天有 {n} 次提交涉及该 crate 的路径",
    ),
    (
        "{p}% of {n} issues got a maintainer response",
        "{n} 个议题中 {p}% 得到维护者回复",
    ),
    (
        "the manifest's maintenance badge says {status}",
        "清单的维护徽章标注为 {status}",
    ),
    // Security.
    ("no open advisories on {v}", "{v} 没有未修复的安全公告"),
    ("open on {v}: {ids}", "{v} 上未修复：{ids}"),
    (
        "no advisories in the dependency tree",
        "依赖树中没有安全公告",
    ),
    ("in the dependency tree: {ids}", "依赖树中：{ids}"),
    ("dependency tree not resolved", "未解析依赖树"),
    (
        "median {n} days to a patched release over {a} advisories",
        "{a} 个安全公告从披露到修复版本的中位数为 {n} 天",
    ),
    (
        "no patched advisories for this crate",
        "此 crate 没有已修复的安全公告",
    ),
    (
        "{a} unsafe blocks, {b} unsafe fns, {c} unsafe impls in {n} lines ({k} per 1k)",
        "{n} 行中有 {a} 个 unsafe 块、{b} 个 unsafe 函数、{c} 个 unsafe impl（每千行 {k}）",
    ),
    ("{n} fuzz targets", "{n} 个模糊测试目标"),
    ("no fuzz targets", "没有模糊测试目标"),
    ("no security policy in the repository", "仓库中没有安全策略"),
    (
        "published by trusted publishing",
        "通过可信发布（trusted publishing）发布",
    ),
    ("published with an API token", "使用 API 令牌发布"),
    // Documentation.
    (
        "{a} of {b} public items documented ({p}%)",
        "{b} 个公开项中 {a} 个有文档（{p}%）",
    ),
    (
        "{a} of {b} public items have a code example ({p}%)",
        "{b} 个公开项中 {a} 个有代码示例（{p}%）",
    ),
    ("crate-level docs of {n} chars", "crate 级文档 {n} 个字符"),
    (
        "{path}: {a} chars, {b} code blocks, {c} sections",
        "{path}：{a} 个字符，{b} 个代码块，{c} 个章节",
    ),
    ("no README in the package", "包中没有 README"),
    ("examples included", "包含示例"),
    ("no examples", "没有示例"),
    ("no changelog in the package", "包中没有变更日志"),
    ("all 6 metadata fields present", "6 项元数据齐全"),
    (
        "{a} of 6 metadata fields; missing {list}",
        "6 项元数据中有 {a} 项；缺少 {list}",
    ),
    ("docs.rs built this version", "docs.rs 已成功构建此版本"),
    ("docs.rs build failed", "docs.rs 构建失败"),
    (
        "docs.rs failed to build {name} {v}",
        "docs.rs 未能构建 {name} {v}",
    ),
    (
        "build not finished yet (release under a day old)",
        "构建尚未完成（发布不足一天）",
    ),
    ("no public items to document", "没有需要文档的公开项"),
    // Ecosystem.
    (
        "all {n} dependency requirements admit the latest version",
        "全部 {n} 个依赖要求都允许最新版本",
    ),
    (
        "{a} of {n} requirements behind: {list}",
        "{n} 个依赖要求中 {a} 个落后：{list}",
    ),
    ("no dependencies", "没有依赖"),
    ("{n} direct dependencies", "{n} 个直接依赖"),
    ("rust-version set", "已设置 rust-version"),
    ("stable toolchain", "稳定版工具链"),
    ("license {l}", "许可证 {l}"),
    ("custom license in {file}", "{file} 中的自定义许可证"),
    ("no license declared", "未声明许可证"),
    ("no optional ecosystem integrations", "没有可选的生态集成"),
    ("optional integrations: {list}", "可选集成：{list}"),
    ("{a} keywords, {b} categories", "{a} 个关键词，{b} 个分类"),
    (
        "dependencies' latest versions not looked up",
        "未查询依赖的最新版本",
    ),
    // Performance.
    ("benchmarks in the package", "包中有基准测试"),
    (
        "bench harness dev-dependency: {list}",
        "基准测试开发依赖：{list}",
    ),
    ("no benchmarks", "没有基准测试"),
    ("a CI workflow runs benchmarks", "CI 工作流运行基准测试"),
    (
        "a packaged CI workflow runs benchmarks",
        "包内 CI 工作流运行基准测试",
    ),
    (
        "no CI workflow runs benchmarks",
        "没有 CI 工作流运行基准测试",
    ),
    (
        "packaged CI workflows run no benchmarks",
        "包内 CI 工作流不运行基准测试",
    ),
    ("links native library `{l}`", "链接本地库 `{l}`"),
    ("has a build script", "有构建脚本"),
    ("no build script", "没有构建脚本"),
    (
        "1 crate in the default-feature dependency tree",
        "默认特性依赖树中有 1 个 crate",
    ),
    (
        "{n} crates in the default-feature dependency tree",
        "默认特性依赖树中有 {n} 个 crate",
    ),
    (
        "{n} direct dependencies with default features (tree not resolved)",
        "默认特性下 {n} 个直接依赖（未解析依赖树）",
    ),
    ("{n} KB .crate", ".crate 大小 {n} KB"),
    ("supports no_std", "支持 no_std"),
    ("requires std", "需要 std"),
    // Sources (engine).
    (
        "no repository URL in the manifest (use --repo)",
        "清单中没有仓库 URL（使用 --repo）",
    ),
    ("cargo's local cache", "cargo 本地缓存"),
    ("our cache", "本工具缓存"),
    ("downloaded", "已下载"),
    (
        "offline: cached copy, {age} old",
        "离线：缓存副本，已 {age}",
    ),
    ("cached copy, {age} old", "缓存副本，已 {age}"),
    ("cargo's local cache ({path})", "cargo 本地缓存（{path}）"),
    (
        "{n} advisories, {age} days old",
        "{n} 条安全公告，{age} 天前",
    ),
    (
        "local crate: not read from a registry (use `eval NAME` for a published crate)",
        "本地 crate：未从注册表读取（已发布的 crate 请用 `eval NAME`）",
    ),
    (
        "the directory is not inside a git repository",
        "该目录不在 git 仓库中",
    ),
    (
        "offline and nothing cached for crate `{c}` from crates.io",
        "离线，且没有 crates.io 上 `{c}` 的缓存",
    ),
    (
        "offline and nothing cached for docs of `{c}` {v} from docs.rs",
        "离线，且没有 docs.rs 上 `{c}` {v} 文档的缓存",
    ),
    (
        "offline and nothing cached for repository `{r}` from GitHub",
        "离线，且没有 GitHub 上仓库 `{r}` 的缓存",
    ),
    (
        "no cached clone of `{u}` under `{p}` while offline",
        "离线，且 `{p}` 下没有 `{u}` 的缓存克隆",
    ),
    ("no repository URL in the manifest", "清单中没有仓库 URL"),
    (
        "no cached `.crate` file for `{c}` {v} (offline)",
        "没有 `{c}` {v} 的缓存 `.crate` 文件（离线）",
    ),
    (
        "no cached index entry for `{c}` (offline: looked in cargo's registry cache and cratescope's cache)",
        "没有 `{c}` 的缓存索引条目（离线：已查找 cargo 注册表缓存和 cratescope 缓存）",
    ),
    (
        "cannot be reconstructed for {d}: the API reports today's figures",
        "无法为 {d} 重建：该 API 只报告当天的数据",
    ),
    (
        "cannot read `{c}` from the registry index: {t}",
        "无法从注册表索引读取 `{c}`：{t}",
    ),
    (
        "no crate named `{c}` in the registry",
        "注册表中没有名为 `{c}` 的 crate",
    ),
    // Trends (score crate, trend.rs).
    ("tier avoid", "等级为避免使用"),
    ("gated by {ids}", "受门槛限制：{ids}"),
    ("composite {c}, momentum {m}", "综合得分 {c}，势头 {m}"),
    (
        "declining: momentum {m}/quarter ≤ -{t}; composite {c}",
        "下降：势头 {m}/季度 ≤ -{t}；综合得分 {c}",
    ),
    (
        "tier {tier} (composite {c}), steady or rising: momentum {m}",
        "等级 {tier}（综合得分 {c}），稳定或上升：势头 {m}",
    ),
    (
        "rising: momentum {m}/quarter ≥ {t}, tier {tier} (composite {c})",
        "上升：势头 {m}/季度 ≥ {t}，等级 {tier}（综合得分 {c}）",
    ),
    (
        "young: first release {a} days before {d}",
        "年轻：首次发布于 {d} 之前 {a} 天",
    ),
    (
        "fast-moving: {r} releases in the last quarter",
        "变化快：上季度发布 {r} 次",
    ),
    (
        "not yet production ready, neither rising nor declining",
        "尚未生产就绪，既未上升也未下降",
    ),
    (
        "tier {tier} (composite {c}), momentum {m}",
        "等级 {tier}（综合得分 {c}），势头 {m}",
    ),
    (
        "not reconstructible as of {d}: {lost} of {total} signals need present-day sources",
        "无法重建 {d} 的数据：{total} 个信号中有 {lost} 个需要当前数据源",
    ),
    (
        "partly reconstructed as of {d}: {lost} of {total} signals need present-day sources",
        "部分重建 {d} 的数据：{total} 个信号中有 {lost} 个需要当前数据源",
    ),
    (
        "no stored evaluation: `cratescope track` then `update`, or `backfill`",
        "没有已保存的评估：先 `cratescope track` 再 `update`，或用 `backfill`",
    ),
    // Generic shapes last: a source label before its reason.
    ("{src}: {t}", "{src}：{t}"),
    ("{dim} ({gate}): {t}", "{dim}（{gate}）：{t}"),
];

fn dimension_of(s: &str) -> Option<Dimension> {
    Dimension::ALL.into_iter().find(|d| d.id() == s)
}

/// Source labels as the model writes them in reasons, and their Chinese.
const SOURCE_LABELS: &[(&str, &str)] = &[
    ("registry index", "注册表索引"),
    ("published .crate", "发布的 .crate"),
    ("git repository", "git 仓库"),
    ("RustSec advisory database", "RustSec 安全公告数据库"),
    ("crates.io API", "crates.io API"),
    ("GitHub API", "GitHub API"),
    ("docs.rs", "docs.rs"),
    ("benchmark results", "基准测试结果"),
    ("crates.io db dump", "crates.io 数据库转储"),
    ("catalog", "目录"),
];

enum Part<'a> {
    Lit(&'a str),
    Var(&'a str),
}

fn parts(tpl: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Part::Lit(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}') else {
            out.push(Part::Lit(&rest[open..]));
            return out;
        };
        out.push(Part::Var(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Part::Lit(rest));
    }
    out
}

/// Match `s` against a template's parts; values are non-empty unless the
/// placeholder is named `shared` (an optional suffix).
fn match_parts<'a>(ps: &[Part<'_>], s: &'a str, out: &mut Vec<&'a str>) -> bool {
    match ps.split_first() {
        None => s.is_empty(),
        Some((Part::Lit(l), rest)) => s.starts_with(l) && match_parts(rest, &s[l.len()..], out),
        Some((Part::Var(name), rest)) => {
            let optional = *name == "shared";
            if rest.is_empty() {
                if s.is_empty() && !optional {
                    return false;
                }
                out.push(s);
                return true;
            }
            let start = if optional { 0 } else { 1 };
            for (i, _) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                if i < start {
                    continue;
                }
                let mark = out.len();
                out.push(&s[..i]);
                if match_parts(rest, &s[i..], out) {
                    return true;
                }
                out.truncate(mark);
            }
            false
        }
    }
}

fn fill(lang: Lang, tpl_en: &str, tpl_zh: &str, values: &[&str]) -> String {
    let names: Vec<&str> = parts(tpl_en)
        .into_iter()
        .filter_map(|p| match p {
            Part::Var(v) => Some(v),
            Part::Lit(_) => None,
        })
        .collect();
    let mut out = String::new();
    for p in parts(tpl_zh) {
        match p {
            Part::Lit(l) => out.push_str(l),
            Part::Var(v) => {
                let Some(i) = names.iter().position(|n| *n == v) else {
                    continue;
                };
                let value = values.get(i).copied().unwrap_or("");
                out.push_str(&param(lang, v, value));
            }
        }
    }
    out
}

fn param(lang: Lang, name: &str, value: &str) -> String {
    if name.starts_with("dim") {
        return match dimension_of(value) {
            Some(d) => i18n::dimension(lang, d.id()),
            None => value.to_string(),
        };
    }
    if name == "src" {
        return SOURCE_LABELS
            .iter()
            .find(|(en, _)| *en == value)
            .map(|(en, zh)| if lang == Lang::Zh { *zh } else { *en })
            .unwrap_or(value)
            .to_string();
    }
    if name == "srclist" {
        return value
            .split(", ")
            .map(|v| param(lang, "src", v))
            .collect::<Vec<_>>()
            .join("、");
    }
    if name.starts_with('t') {
        return translate(lang, value);
    }
    if name == "shared" && !value.is_empty() {
        return translate_one(lang, value.trim_start_matches(' ')).to_string();
    }
    value.to_string()
}

fn try_patterns(lang: Lang, s: &str, generic: bool) -> Option<String> {
    for (en, zh) in PATTERNS {
        let is_generic = en.starts_with('{');
        if is_generic != generic {
            continue;
        }
        let ps = parts(en);
        let mut values = Vec::new();
        if match_parts(&ps, s, &mut values) {
            // A plain parameter never swallows a second sentence ("a; b"):
            // those are translated part by part.
            let names = ps.iter().filter_map(|p| match p {
                Part::Var(v) => Some(*v),
                Part::Lit(_) => None,
            });
            if names
                .zip(&values)
                .any(|(n, v)| !n.starts_with('t') && v.contains("; "))
            {
                continue;
            }
            // A generic shape only when its label part is really a label.
            if generic {
                let first = values.first().copied().unwrap_or("");
                let ok = match ps.first() {
                    Some(Part::Var("src")) => SOURCE_LABELS.iter().any(|(l, _)| *l == first),
                    Some(Part::Var(v)) if v.starts_with("dim") => dimension_of(first).is_some(),
                    _ => true,
                };
                if !ok {
                    continue;
                }
            }
            return Some(fill(lang, en, zh, &values));
        }
    }
    None
}

fn translate_one(lang: Lang, s: &str) -> String {
    try_patterns(lang, s, false)
        .or_else(|| try_patterns(lang, s, true))
        .unwrap_or_else(|| s.to_string())
}

/// A message in `lang`, from the catalog. A sentence stored as English
/// text before messages existed (a legacy message) still goes through the
/// old patterns until every producer writes messages.
pub fn say(lang: Lang, m: &cratescope_model::Message) -> String {
    match m.legacy_text() {
        Some(t) => translate(lang, t),
        None => crate::catalog::render(lang, m),
    }
}

/// A sentence from the score crate or the engine, in `lang` (sanitised).
/// Parts joined with "; " are translated one by one.
pub fn translate(lang: Lang, s: &str) -> String {
    let s = sanitize::line(s);
    if lang == Lang::En {
        return s.into_owned();
    }
    // The whole sentence first: some templates hold "; " themselves.
    if let Some(t) = try_patterns(lang, &s, false) {
        return t;
    }
    s.split("; ")
        .map(|p| translate_one(lang, p))
        .collect::<Vec<_>>()
        .join("；")
}

/// True when a Chinese rendering exists for the sentence (tests and
/// coverage reports use it).
pub fn is_translated(s: &str) -> bool {
    try_patterns(Lang::Zh, s, false).is_some()
        || s.split("; ").all(|p| {
            try_patterns(Lang::Zh, p, false).is_some() || try_patterns(Lang::Zh, p, true).is_some()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_parameters_back() {
        assert_eq!(
            translate(Lang::Zh, "1.x line since 2021-06-13"),
            "1.x 版本线始于 2021-06-13"
        );
        assert_eq!(
            translate(Lang::Zh, "12 of 40 public items documented (30.0%)"),
            "40 个公开项中 12 个有文档（30.0%）"
        );
    }

    #[test]
    fn nested_reasons_sources_and_dimensions_translate() {
        assert_eq!(
            translate(
                Lang::Zh,
                "no data: git repository: no repository URL in the manifest (use --repo)"
            ),
            "无数据：git 仓库：清单中没有仓库 URL（使用 --repo）"
        );
        assert_eq!(
            translate(
                Lang::Zh,
                "no usage data; confidence 0.61 < 0.75; missing: GitHub API, crates.io API"
            ),
            "缺少生产使用情况数据；置信度 0.61 < 0.75；缺失：GitHub API、crates.io API"
        );
    }

    #[test]
    fn a_parameter_never_swallows_the_next_sentence() {
        assert_eq!(
            translate(
                Lang::Zh,
                "confidence 0.56 < 0.75; missing: git repository, docs.rs"
            ),
            "置信度 0.56 < 0.75；缺失：git 仓库、docs.rs"
        );
    }

    #[test]
    fn unknown_sentences_stay_english_and_inert() {
        assert_eq!(
            translate(Lang::Zh, "something new\u{1b}[2J"),
            "something new"
        );
        assert!(!is_translated("something new"));
        assert!(is_translated("no fuzz targets"));
    }

    #[test]
    fn every_chinese_template_uses_only_its_english_parameters() {
        for (en, zh) in PATTERNS {
            let names = |t: &str| -> Vec<String> {
                parts(t)
                    .into_iter()
                    .filter_map(|p| match p {
                        Part::Var(v) => Some(v.to_string()),
                        Part::Lit(_) => None,
                    })
                    .collect()
            };
            let (e, z) = (names(en), names(zh));
            for n in &z {
                assert!(e.contains(n), "{zh} uses {{{n}}}, not in {en}");
            }
            for n in &e {
                assert!(z.contains(n), "{zh} drops {{{n}}} of {en}");
            }
        }
    }

    #[test]
    fn english_is_unchanged() {
        assert_eq!(translate(Lang::En, "no fuzz targets"), "no fuzz targets");
    }
}
