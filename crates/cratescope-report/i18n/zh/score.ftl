# 评分部分的句子：信号的证据、维度的说明、闸门、等级、场景、优势与风险。

signal-not-applicable = 不适用：{ $reason }
signal-no-breakpoints = 模型：`{ $signal }` 没有分段点

## 组合

clauses = { $parts }
list = { $items }
no-data = 无数据
old-data = 数据过旧
refused = 已拒绝
model-parameter-missing = 模型：缺少参数 `{ $key }`

## 数据来源（附在证据后）

provenance-none = { "" }
provenance-api-and-dump = （crates.io API；{ $date } 的数据转储：{ $figure }）
provenance-dump-of = （{ $date } 的 crates.io 数据转储）
provenance-dump = （crates.io 数据转储）
dump-past-not-reconstructible = { $what }（过去的日期：无法重建）

## 注册表索引与代码托管

index-no-live-releases = 没有未撤回的版本
index-no-pubtime = 该 crate 没有发布日期（pubtime）
index-no-releases = 没有发布版本
index-no-stable-releases = 没有稳定版本
git-no-commits-12m = 最近 12 个月没有提交
github-no-issue-responses = 最近没有可计算响应时间的议题
github-few-prs = 12 个月内只有 { $n } 个拉取请求
github-no-prs = 未返回拉取请求数据
github-no-stars = 未返回星标数据
github-few-issues = 最近一年只有 { $n } 个议题
github-no-issues = 未返回议题数据

## D1 版本稳定性

stability-line-span = { $line } 系列：{ $first } 至 { $last }
stability-breaking-cadence = 最近 { $window } 内 { $n } 个新的兼容系列
stability-past-1 = { $version } 已过 1.0
stability-pre-1 = { $version } 尚未到 1.0
stability-history-span = { $n } 个版本，{ $first } 至 { $last }
stability-line-releases = { $line } 首发之后又发布 { $n } 个版本
stability-release-count = 已发布 { $n } 个版本
stability-yanked = { $total } 个版本中 { $yanked } 个已撤回
stability-yanks-unknown = 无法得知截至 { $date } 哪些版本已被撤回：索引只记录今天的撤回状态，不记录撤回时间
stability-no-rust-version-field = { $since } 之前 cargo 没有 rust-version 字段
stability-msrv = rust-version = { $version }
stability-no-msrv = 未声明 rust-version

## D2 社区活跃度

community-repository-wide = { $what }（整个仓库统计，与其他 crate 共用）
community-authors-12m = 最近 12 个月 { $n } 位作者
community-absence-factor = { $authors } 位作者中 { $n } 位完成了 12 个月内 50% 的提交（{ $names }）
community-api-no-owners = 未返回所有者数据
community-dump-no-owners = 没有所有者数据
community-owners = { $users } 位用户所有者、{ $teams } 个团队所有者{ $source }
community-commits = { $n } 次提交
community-issue-events = { $n } 次维护者议题操作
community-in-90-days = 90 天内 { $what }
community-issue-response = 首次响应中位数 { $days } 天
community-pr-closure = { $n } 个拉取请求中 { $share } 已关闭
community-stars = { $n } 个星标
condition-source-not-read = { $what }（未读取 { $source }）
condition-owners-not-measured = 未测量所有者
condition-authors-not-measured = 未测量提交作者

## D3 文档完整度

docs-not-fully-analysed = 文档未完整分析（{ $why }）
docs-as-docs-rs-across = ，涵盖 { $crates }（按 docs.rs 的文档方式）
docs-as-docs-rs = （按 docs.rs 的文档方式）
docs-no-public-items = 没有需要文档的公开项
docs-coverage = { $total } 个公开项中 { $documented } 个有文档{ $across }（{ $pct }）
docs-examples-coverage = { $total } 个公开项中 { $with_examples } 个有代码示例{ $across }（{ $pct }）
docs-crate-docs = crate 级文档 { $chars } 个字符
docs-readme = { $path }：{ $chars } 个字符，{ $code_blocks } 个代码块，{ $sections } 个章节
docs-no-readme = 包内没有 README
docs-examples-in-repository = 仓库（git）中有 { $n } 个示例，包内没有：{ $files }
docs-example-files = 包内 { $n } 个示例
docs-examples-included = 包含示例
docs-no-examples-anywhere = 包和仓库中都没有 examples/（API 文档中的示例计入 doc-examples）
docs-no-examples-in-package = 包内没有示例（未读取仓库）
docs-changelog-present = 有 { $path }
docs-changelog-in-repository = { $path } 在仓库（git）中，不在包内
docs-no-changelog-anywhere = 包和仓库中都没有更新日志文件（未读取托管平台上的发布说明）
docs-no-changelog-in-package = 包内没有更新日志（未读取仓库）
docs-metadata-complete = { $total } 项元数据齐全
docs-metadata-missing = { $total } 项元数据中有 { $have } 项；缺少 { $missing }
docs-binary-only = 二进制工具：用户阅读说明文件和 `--help`，而非 API 文档
docs-through-facade = 通过其门面 crate { $facade } 提供文档
docs-rs-built = docs.rs 已构建此版本
docs-rs-failed = docs.rs 构建失败
docs-rs-pending = 构建尚未完成（版本发布不到一天）
gate-docs-build-failed = docs.rs 构建 { $krate } { $version } 失败

## D4 生产使用情况

usage-per-month = 每月 { $n }
usage-downloads = 最近 90 天每月下载 { $n } 次{ $source }
usage-downloads-binary = 每月下载 { $n } 次（二进制 crate：按 ×{ $scale } 折算）{ $source }
usage-api-no-recent-downloads = 未返回近期下载数据
usage-dump-no-downloads = 没有该日期的下载数据
usage-binary-no-dependents = 仅二进制的 crate：没有 crate 依赖它
usage-api-no-dependents = 未返回反向依赖数据
usage-dump-no-dependents = 没有该日期的依赖者数据
usage-dependents = { $n } 个 crate 直接依赖它{ $source }
usage-dependent-owners = 依赖者中有 { $n } 个不同的所有者
usage-dump-no-owners = 没有所有者数据
usage-indirect-dependents = { $n } 个 crate 间接依赖它
usage-growth-factor = ×{ $x }
usage-growth = 下载量季度环比 { $growth }{ $source }
usage-no-growth-history = 下载历史不足，无法计算增长

## D5 性能工作

perf-benches-in-repository = 仓库（git）中有 { $n } 个基准测试，包内没有：{ $files }
perf-bench-files = 包内 { $n } 个基准测试文件
perf-benches-in-package = 包内有基准测试
perf-bench-targets = 清单中有 { $n } 个 [[bench]] 目标
perf-bench-harness = 基准测试框架 { $crates }
perf-bench-nightly-only = { $n } 个基准测试文件需要 nightly Rust（标准测试框架中不稳定的 #[bench]），也没有稳定版基准框架或 CI 工作流构建它们：没有任何机制让这套基准测试保持可编译
perf-ci-runs-benchmarks = 有 CI 工作流运行基准测试
perf-no-ci-benchmarks = 没有 CI 工作流运行基准测试
perf-packaged-ci-runs-benchmarks = 包内附带的 CI 工作流运行基准测试
perf-packaged-ci-no-benchmarks = 包内附带的 CI 工作流不运行基准测试
perf-no-benchmarks-anywhere = 包、清单和仓库中都没有基准测试
perf-no-benchmarks-in-package = 包和清单中没有基准测试
perf-no-suite = 未见基准测试套件：没有可在 CI 中运行或跟踪的内容
perf-tracking-dev-dependency = 开发依赖 { $crates }
perf-tracking-ci = CI：{ $line }
perf-no-tracking = CI 中没有基准回归跟踪

## D6 生态集成度

freshness-only-for-target = { $krate }（仅用于 `{ $target }`）
freshness-private-feature = { $krate }（在私有 `__` 特性之后）
freshness-needs-rust = { $version } 需要 Rust { $rust }
freshness-not-looked-up = 未查询依赖项的最新版本
freshness-wide-range = { $krate } { $req }（有意放宽的范围）
freshness-behind-new = { $krate } { $req }（最新 { $latest }，落后 { $lines } 个系列；最新系列已发布 { $age }，满 { $grace } 后全额计入）
freshness-behind-all = { $krate } { $req }（最新 { $latest }，早于最新的 { $lines } 个系列）
freshness-behind = { $krate } { $req }（最新 { $latest }，落后 { $lines } 个系列）
freshness-pinned = { $krate } { $req }（{ $notes }）
freshness-held-back = 因 MSRV 保留旧版本：{ $deps }
freshness-not-counted = 未计入：{ $deps }
freshness-unknown = { $n } 个未查询
freshness-no-dependencies = 常规构建不使用任何依赖
freshness-all-current = 全部 { $n } 个依赖要求都接受最新系列
freshness-some-behind = { $n } 个依赖要求中 { $behind } 个落后：{ $deps }
toolchain-edition = 版次 { $edition }
toolchain-edition-old = 版次 { $edition }（当前：{ $current }）
toolchain-msrv = 已设置 rust-version
toolchain-no-msrv = 未设置 rust-version
toolchain-stable = 稳定版工具链
toolchain-nightly = 需要 nightly（#![feature({ $features })]）
license-declared = 许可证 { $license }
license-file = 自定义许可证 { $path }
license-none = 未声明许可证
integrations-none = 没有可选的生态集成
integrations = 可选集成：{ $crates }
discoverability = { $keywords } 个关键词，{ $categories } 个分类

## D7 维护状态

maintenance-release-freshness = 最新版本 { $version } 发布于 { $date }（{ $age }前；预期间隔 { $expected }）
maintenance-release-activity = 最近 { $window }内发布 { $n } 个版本
maintenance-commits-year = 最近 365 天 { $n } 次提交
maintenance-commits-year-path = 最近 365 天 { $n } 次提交涉及该 crate 的路径
maintenance-issue-care = { $n } 个议题中 { $share } 得到维护者回应
gate-unmaintained = { $id }：{ $title }
gate-archived = 仓库已归档
gate-badge = 清单的维护状态徽章为 { $status }
gate-description-says = 清单的描述写道：“{ $text }”
gate-readme-says = README 开头写道：“{ $text }”
gate-superseded-by = 已被 { $successor } 取代：{ $place ->
    [readme] README 开头
   *[description] 清单的描述
}写道“{ $text }”
gate-superseded-dump = 已被 { $successor } 取代（crates.io 数据转储）：同一仓库、同一所有者发布，创建晚于本 crate，且在本 crate 停滞后仍有发布；{ $why }
gate-superseded-dump-renamed = 其名称表明它是下一版本
gate-superseded-dump-moved = { $owners } 个不同所有者的依赖方在同一次发布中弃用本 crate 而改用它
gate-version-metadata-deprecated = 版本 { $version } 的构建元数据标记为 `+deprecated`
gate-all-yanked = 全部 { $n } 个版本都已撤回
gate-prerelease-only = 只有预发布版本或 0.0.x 版本

## D8 安全性

advisory-kind-vulnerability = 漏洞
advisory-kind-unsound = 不健全
advisory-kind-unmaintained = 无人维护
advisory-kind-notice = 通告
security-no-open-advisories = { $version } 没有未解决的安全公告
security-open-advisories = { $version } 有未解决的公告：{ $ids }
security-tree-not-resolved = 未解析依赖树
security-tree-clean = 依赖树中没有安全公告
security-tree-advisories = 依赖树中：{ $advisories }
security-tree-finding-direct = { $id }（{ $krate } { $version }，{ $kind }，直接依赖）
security-tree-finding-indirect = { $id }（{ $krate } { $version }，{ $kind }，间接依赖）
security-no-recent-advisories = 最近 { $window } 天内该 crate 没有漏洞或健全性公告：没有可计时的修复
security-patch-speed = 最近 { $window } 天内 { $n } 个公告从发布到修复版本的中位数为 { $days } 天
security-patch-speed-open = 最近 { $window } 天内 { $n } 个公告到修复的中位数为 { $days } 天，其中 { $open } 个仍未修复（按至今已公开的天数计）
security-forbid-unsafe = #![forbid(unsafe_code)]
security-unsafe-not-counted = 代码未完整分析（{ $why }）：未统计 unsafe
security-unsafe-density = { $lines } 行代码中有 { $blocks } 个 unsafe 块、{ $fns } 个 unsafe 函数、{ $impls } 个 unsafe 实现（每千行 { $per_k } 个）
security-fuzz-targets-ci = { $n } 个模糊测试目标，在 CI 中运行（{ $ci }）
security-fuzz-targets = { $n } 个模糊测试目标
security-fuzz-ci = CI 中运行模糊测试（{ $ci }）
security-fuzz-in-package = 包内有 fuzz/ crate
security-no-fuzz = 仓库中没有模糊测试目标
security-policy-present = 有 { $path }
security-no-policy = 仓库中没有安全策略
security-trusted-publishing = 通过可信发布发布
security-api-token = 使用 API 令牌发布
gate-open-advisory = { $id }（{ $kind }）影响 { $version }：{ $title }
gate-package-refused = { $krate } { $version } 发布的 .crate：{ $reason }

## 构建开销

footprint-note = 构建开销（5 = 轻量）：仅展示，不计入综合分
footprint-links = 链接本地库 `{ $library }`
footprint-build-script = 有构建脚本
footprint-no-build-script = 没有构建脚本
footprint-tree = 默认特性的依赖树中有 { $n } 个 crate
footprint-direct-unresolved = 默认特性下 { $n } 个直接依赖（未解析依赖树）
footprint-direct = { $n } 个直接依赖
footprint-crate-size = .crate 大小 { $size }
footprint-no-std = 支持 no_std
footprint-std = 需要 std

## 分析限制

not-analysed-place-file = { $krate }：{ $path }
not-analysed-place-crate = { $krate }
not-analysed-nesting = { $place } 未分析：嵌套 { $found } 层，上限 { $max }
not-analysed-chain = { $place } 未分析：表达式含 { $found } 个运算符，上限 { $max }
not-analysed-file-bytes = { $place } 未分析：文件 { $found } 字节，上限 { $max }
not-analysed-line-bytes = { $place } 未分析：一行 { $found } 字节，上限 { $max }
not-analysed-total-bytes = { $place } 未分析：源码共 { $found } 字节，上限 { $max }
not-analysed-modules = { $place } 未分析：模块文件达 { $found } 个，上限 { $max }
not-analysed-wall-time = { $place } 未分析：分析耗时 { $found } 毫秒，上限 { $max }
not-analysed-reexports = { $place } 未分析：重导出解析 { $found } 步，上限 { $max }
not-analysed-macros = { $place } 未分析：宏展开 { $found } 次，上限 { $max }
not-analysed-tokens = { $place } 未分析：词法单元达 { $found } 个，上限 { $max }
not-analysed-memory = { $place } 未分析：内存达 { $found } 字节，上限 { $max }
not-analysed-stopped = { $place } 未分析：在上限处停止
not-analysed-internal = { $place } 未分析：内部错误
not-analysed-and-more = { $first }（另有 { $more } 处）

## 维度、等级、场景

sources-not-read = 未读取 { $sources }
dimension-no-data = 无数据：{ $parts }
dimension-thin = 数据不足：只测到 { $measured } 的信号权重
dimension-score = { $dimension } { $score }
finished-line-since = { $line } 系列自 { $date } 起
finished-line = { $line } 系列
finished-no-advisory = RustSec 中没有安全公告
finished-advisories-not-checked = 未检查安全公告（{ $reason }）
finished-dependencies-current = 依赖为最新
finished-freshness-not-measured = 未测量依赖新鲜度
finished-usage = 使用情况 { $score }
finished-usage-not-measured = 未测量使用情况（{ $reason }）
finished-unconfirmed = 无法确认“已完成”规则：{ $missing }
finished-not-settled = { $line } 系列尚不足 { $days }
finished-gated = 触发了 { $gate } 关卡
finished-advisory = 有安全公告影响此版本
finished-dependencies-behind = 依赖落后（新鲜度 { $freshness } < { $min }）
finished-usage-low = 使用情况 { $score } < { $min }
finished-applied = 已完成：{ $evidence }
evidence-floored = { $evidence }；功能完备：下限 { $floor }
tier-rule-not-measured = 未测量 { $dimension }
tier-rule-low-confidence = 置信度 { $confidence } < { $min }
tier-no-evidence = 没有任何维度有足够的证据
tier-not-granted = 未授予「{ $tier }」：{ $why }
tier-old-and-quiet = 自 { $date } 起没有新版本
tier-quiet-repository = 最近 12 个月 { $n } 次提交
tier-quiet-repository-not-read = 仓库活动未知（{ $reason }）
tier-not-finished = 并非已完成：{ $why }
tier-dormant-because = 休眠：{ $evidence }
tier-quiet-not-finished = 沉寂且并非已完成——无法判断是否仍有人维护：{ $evidence }
tier-quiet-cannot-tell = 沉寂——无法判断是已完成还是已被放弃：{ $evidence }
scenario-no-evidence = 该场景加权的维度都没有证据
scenario-weighted-by = 主要依据：{ $parts }
scenario-avoid = 避免：{ $reason }
veto-open-advisory = 至多 { $stars }：此版本有未修复的安全公告
veto-single-maintainer = 至多 { $stars }：只有一位所有者，且一位作者贡献了一半提交
veto-speed-unverified = 未验证：没有基准测试结果
veto-not-checked = { $note } —— 未检查：{ $why }
veto-needs-facts = 已保存的评估卡未保留此项检查所需的数据
scenario-unverified = 未验证：{ $why }
scenario-requires = 最多 { $stars }：需要 { $signal }
strength = { $dimension }：{ $evidence }
risk-gate = { $dimension }（{ $gate }）：{ $reason }
risk-weak = { $dimension } { $score }：{ $evidence }
not-measured = { $dimensions }（无评分）—— { $sources }
not-measured-dimensions = { $dimensions }（无评分）
not-measured-sources = { $sources }
not-measured-source = { $source }（{ $reason }）
not-measured-source-stale = { $source } 已过期（{ $reason }）
not-measured-not-consulted = { $source }（未查询）

## 趋势

trend-composite = 综合分 { $composite }
trend-composite-none = 综合分 –
trend-momentum = 动量 每季度 { $momentum }
trend-momentum-none = 没有更早的季度
trend-tier = 等级 { $tier }
trend-gated = 被闸门 { $gates } 拦下
trend-declining = 下降：动量 每季度 { $momentum } ≤ -{ $threshold }
trend-steady = 平稳或上升：{ $momentum }
trend-rising = 上升：动量 每季度 { $momentum } ≥ { $threshold }
trend-young = 较新：首个版本在 { $date } 之前 { $days }
trend-fast = 变化快：上一季度发布 { $releases } 个版本
trend-assess = 尚未生产就绪，既未上升也未下降
trend-no-evaluation = 没有保存的评估
trend-not-reconstructible = 截至 { $date } 无法重建：{ $total } 个信号中 { $lost } 个需要当前数据源
trend-partly-reconstructed = 截至 { $date } 部分重建：{ $total } 个信号中 { $lost } 个需要当前数据源
