# `cratescope audit`：发现、规则、提示、警告和备注；终端报告、拉取请求的
# Markdown 以及 SARIF 规则。

## 报告框架

audit-header = cratescope 审计：{ $lockfile }，截至 { $date }（模型 { $model }；{ $policy }；安全公告：{ $advisories }）
audit-policy-file = 策略文件 { $path }
audit-policy-defaults = 内置策略
audit-db = RustSec，已载入 { $count } 条，更新于 { $date }（{ $age }前）
audit-db-ahead = RustSec，已载入 { $count } 条，更新于 { $date }（晚于审计日）
audit-db-undated = RustSec，已载入 { $count } 条
audit-db-not-checked = 未检查
audit-warning-label = 警告
audit-note-label = 备注
audit-hint-label = 提示
audit-path-label = 路径
audit-every-package = 全部依赖包：
audit-untouched-heading = 本次变更未涉及的依赖包（{ $count } 个）：仅报告，不导致门禁失败
audit-allowed-line = { $name } { $version }（{ $rules }）：{ $reason }
audit-change-summary = 相对 { $base } 的变更：{ $parts }
audit-change-count-added = 新增 { $count } 个
audit-change-count-bumped = 升级 { $count } 个
audit-change-count-checksum = 校验和变化 { $count } 个
audit-change-count-removed = 移除 { $count } 个
audit-change-count-unchanged = 未变 { $count } 个
audit-summary = { $counts }（缓存 { $cached }）；{ $advisories } —— { $verdict }
audit-summary-untouched = { $summary }（变更未涉及、但会失败的依赖包 { $count } 个）
audit-summary-counts = { $packages } 个依赖包：失败 { $fail }，警告 { $warn }，已放行 { $allowed }，通过 { $pass }
audit-summary-out-of-scope = 范围外 { $count }
audit-summary-local = 本地 { $count }
audit-summary-advisories = 安全公告：{ $found }
audit-summary-no-advisories = 安全公告：无
audit-summary-ignored = { $advisories }（已忽略 { $count }）
audit-summary-not-checked = 安全公告未检查
audit-summary-kind-count = { $kind } { $count }
audit-summary-holds = 策略通过
audit-summary-fails = 策略未通过

## 判定、角色与变更

audit-verdict-fail = 失败
audit-verdict-warn = 警告
audit-verdict-allowed = 已放行
audit-verdict-pass = 通过
audit-verdict-skip = 跳过
audit-role-direct = 直接依赖（{ $members }）
audit-role-transitive = 间接依赖
audit-role-local = 本地路径
audit-role-dev-only = 仅开发依赖
audit-role-other-target = 其他目标平台
audit-role-unreachable = 不可达
audit-source-git = 来自 git
audit-source-registry = 来自其他注册表
audit-tier = { $icon } { $tier }
audit-tier-composite = { $icon } { $tier } { $composite }
audit-change-added = 新增
audit-change-bumped = 从 { $from } 升级
audit-change-checksum = 校验和已变
audit-change-brought = { $change }，由 { $by } 引入

## 发现

audit-kind-vulnerability = 漏洞
audit-kind-unsound = 不健全
audit-kind-unmaintained = 无人维护
audit-kind-notice = 通告
audit-kind-yanked = 已撤回
audit-severity-critical = 严重
audit-severity-high = 高
audit-severity-medium = 中
audit-severity-low = 低
audit-severity-none = 无
audit-finding = { $id } { $kind }（{ $date }）：{ $title }
audit-finding-rated = { $id } { $kind }，{ $severity }（{ $date }）：{ $title }
audit-finding-scored = { $id } { $kind }，{ $severity } { $score }（{ $date }）：{ $title }
audit-finding-yanked = { $name } { $version } 已从注册表撤回
audit-finding-line = { $head }。{ $upgrade }
audit-finding-upgrade = 升级到 ≥ { $version }。
audit-finding-no-later = 没有更新的版本。
audit-finding-no-fix = 没有修复版本。
audit-finding-patched = 已修复的版本：{ $patched }。
audit-finding-ignored = { $finding }（已忽略：{ $reason }）
audit-rule-line = { $rule }：{ $message }
audit-allowed-because = 已放行：{ $reason }
audit-out-of-scope = 不在范围内：{ $reason }
audit-unchecked-line = 未检查：{ $reason }

## 评分规则

audit-denied-tier = 等级 { $tier } 被禁止
audit-denied-tier-because = 等级 { $tier } 被禁止：{ $reasons }
audit-min-composite = 综合分 { $score } < { $min }
audit-min-dimension = { $dimension } { $score } < { $min }
audit-max-unsafe-density = 每千行 { $density } 处 unsafe > { $max }
audit-min-scenario-stars = { $scenario }：{ $stars } 星 < { $min }
audit-unchecked-min-composite = `min-composite`：没有综合分（没有任何维度有证据）
audit-unchecked-min-dimension = `min-dimension`：{ $dimension } 没有分数
audit-unchecked-unsafe-density = `max-unsafe-density`：未测量 unsafe 用量（没有源码包）
audit-unchecked-scenario = `min-scenario-stars`：卡片上没有 { $scenario } 场景

## 问题

audit-unevaluable = 未评估：{ $reason }
audit-unevaluable-task = 未评估：评估任务失败
audit-git-package = 来自 git（{ $url }）：没有注册表数据，也没有安全公告检查
audit-other-registry = 来自其他注册表（{ $url }）：未评估，也没有安全公告检查
audit-cannot-check = 无法检查 { $rule }：{ $reason }
audit-unchecked-rule = { $rule }：{ $reason }
audit-unchecked-license-unevaluated = 许可证未检查：该依赖包未评估
audit-license-none = 清单中没有许可证表达式
audit-license-not-read = 无法读取其清单
audit-license-unparsable = 许可证 { $license } 不是 SPDX 表达式
audit-license-not-allowed = 策略不允许许可证 { $license }
audit-banned = 被策略禁止
audit-banned-reason = 被策略禁止：{ $reason }
audit-banned-instead = 被策略禁止；请改用 { $instead }
audit-banned-reason-instead = 被策略禁止：{ $reason }；请改用 { $instead }
audit-duplicate = 依赖树中有 { $name } 的 { $count } 个版本（{ $versions }）；这个版本由 { $by } 引入
audit-checksum-mismatch = 锁文件中的校验和 { $lockfile } 与注册表的 { $registry } 不一致
audit-publish-age = 发布于 { $date }，距今 { $days }：短于策略要求的最短时长 { $min }
audit-new-build-script = 带有构建脚本；{ $before } 没有
audit-new-proc-macro = 是过程宏库；{ $before } 不是
audit-new-links = 链接本地库 { $links }；{ $before } 没有
audit-publisher-change = 由 { $now } 发布；{ $version } 由 { $before } 发布
audit-trusted-publishing-dropped = 由 { $by } 用令牌发布；{ $version } 是通过可信发布发布的
audit-new-owner = 本次发布前 { $days } 内新增的所有者：{ $owners }
audit-typosquat = 名称容易与 { $popular } 混淆（{ $how }），后者有 { $dependents } 个依赖方，而它只有 { $own } 个
audit-how-separator = 字母相同、分隔符不同
audit-how-affix = 多了 rs 或 rust 前后缀
audit-how-plural = 复数形式
audit-how-one-edit = 相差一个字母
audit-reason-no-pubtime = 索引中没有发布时间
audit-reason-crate-unread = 无法读取 { $version } 的源码包（{ $reason }）
audit-reason-crate-task = 无法读取源码包
audit-reason-no-dump = 没有 crates.io 数据库转储（`cratescope dump fetch` 或 `--db-dump`）
audit-reason-dump-unusable = 无法使用 crates.io 数据库转储（{ $reason }）
audit-reason-not-in-dump = crates.io 数据库转储中没有 { $name }

## 范围

audit-scope-dev-only = 仅通过开发依赖引入
audit-scope-other-target = 仅用于其他目标平台：{ $targets }
audit-scope-unreachable = 没有工作区成员依赖它

## 提示

audit-hint-update = 把 { $name } 升级到 ≥ { $version }（`cargo update -p { $name } --precise { $version }`），或在 `[[audit.ignore]]` 中注明理由忽略 { $id }
audit-hint-parent = { $parent } 要求 { $name } { $req }，不包含已修复的 { $fixed }：把 { $parent_name } 升级到 ≥ { $to }（`cargo update -p { $parent_name } --precise { $to }`），或在 `[[audit.ignore]]` 中注明理由忽略 { $id }
audit-hint-parent-member = { $parent } 要求 { $name } { $req }，不包含已修复的 { $fixed }：请修改 { $parent } 的清单中的这条要求
audit-hint-parent-none = { $parent } 要求 { $name } { $req }，不包含已修复的 { $fixed }，且它后续的版本都不接受修复版本：替换它，或在 `[[audit.ignore]]` 中注明理由忽略 { $id }
audit-hint-needs-rust = { $hint }（修复需要 Rust { $needs }）
audit-hint-needs-rust-over = { $hint }（修复需要 Rust { $needs }；工作区声明的是 { $workspace }）
audit-hint-no-fix = 没有修复版本：替换 { $name }，或在 `[[audit.ignore]]` 中注明理由忽略 { $id }
audit-hint-no-fix-via = 没有修复版本：替换 { $name }（由 { $via } 引入），或在 `[[audit.ignore]]` 中注明理由忽略 { $id }
audit-hint-yanked-update = 离开已撤回的版本：`cargo update -p { $name }`（升级到 ≥ { $version }）
audit-hint-yanked-replace = 没有更新的版本：替换 { $name }
audit-hint-yanked-replace-via = 没有更新的版本：替换 { $name }（由 { $via } 引入）
audit-hint-unevaluable = 去掉 `--offline`（或先运行 `cargo fetch`）以便读取注册表数据，或在 `[audit]` 中设置 `unevaluable = "warn"`
audit-hint-git = 来自 git 的依赖包没有安全公告检查：优先使用已发布的版本，或在 `[audit.sources]` 的 `allow_git` 中列出该仓库，或在 `[audit]` 中设置 `git_packages = "allow"`
audit-hint-registry = 在 `[audit.sources]` 的 `allow_registries` 中列出该注册表，或在 `[audit]` 中设置 `other_registry_packages = "allow"`
audit-hint-license = 在 `[audit.licenses]` 的 `allow` 中接受该许可证，为 { $name } 添加例外，或替换它
audit-hint-banned = 移除 { $name } 或引入它的依赖包（`cargo tree -i { $name }`），或把它从 `[audit.bans]` 的 `deny` 中去掉
audit-hint-duplicate = `cargo tree -d -i { $name }` 会显示是谁引入了各个版本：把它们统一到一个版本，或在 `[audit.bans]` 的 `skip_duplicates` 中列出
audit-hint-checksum = 锁文件与注册表提供的内容不一致：重新生成该条目（`cargo update -p { $name }`），并查明另一个校验和的来历
audit-hint-publish-age = 等 { $name } 公开满策略要求的最短时长，或保留之前的版本
audit-hint-cannot-check = 提供所需的数据（去掉 `--offline`，或获取 crates.io 数据库转储），或在策略中把该规则降为 `"warn"`
audit-hint-supply-chain = 合并前请审阅 { $name } 的变化（{ $rule }），或在 `[audit.supply_chain]` 中把该规则设为 `"allow"`
audit-hint-replace = 替换 { $name }，或注明理由接受它：`[[audit.allow]]` crate = "{ $name }"
audit-hint-replace-transitive = 替换 { $name }，或注明理由接受它：`[[audit.allow]]` crate = "{ $name }"（或放宽 `[audit.transitive]`）
audit-hint-replace-via = 替换 { $name }（由 { $via } 引入），或注明理由接受它：`[[audit.allow]]` crate = "{ $name }"（或放宽 `[audit.transitive]`）

## 警告与备注

audit-warning-stale-db = 安全公告数据库已过期：最后更新于 { $date }（{ $age }前），策略允许 { $max }；请更新（在 { $path } 中 `git pull`，或去掉 `--advisory-db` 和 `--offline` 运行）
audit-warning-stale-db-newest = 安全公告数据库已过期：最后更新于 { $date }（{ $age }前，按最新一条公告推算：不是 git 检出），策略允许 { $max }；请更新（{ $path }）
audit-warning-not-checked-flag = 安全公告未检查：无法载入安全公告数据库（{ $reason }）；`--allow-missing-advisory-db` 允许在没有它的情况下运行
audit-warning-not-checked-policy = 安全公告未检查：无法载入安全公告数据库（{ $reason }）；策略（`allow_missing_advisory_db`）允许在没有它的情况下运行
audit-advisory-db-not-loaded = 未载入：{ $reason }
audit-warning-allow-expired = { $name } 的放行条目已于 { $date } 过期：重新评判该依赖包
audit-warning-ignore-expired = { $id } 的忽略条目已于 { $date } 过期：该公告重新生效
audit-deny-toml-unsupported = `deny.toml`：cratescope 不应用 { $key }
audit-deny-toml-deprecated = `deny.toml`：{ $key } 在 `cargo-deny` 中已弃用，不予应用
audit-deny-toml-stricter = `deny.toml`：{ $key } = "{ $value }" 无法精确应用：改为所有此类公告都判为失败
audit-note-members-from-lockfile = 工作区成员取自锁文件（没有清单）：其开发依赖和目标平台未知，因此所有依赖包都按所有平台上的普通依赖计
audit-note-direct-from-posted-lockfile = 直接依赖取自锁文件（提交时没有清单）
audit-note-metadata-failed = { $reason }；工作区成员取自锁文件
audit-note-generated-lockfile = `{ $path }` 不存在：已用 `{ $command }` 生成
audit-note-git-skipped = 未读取代码仓库（跳过 git 数据源）：CI 门禁不应克隆每个依赖；在 `[audit]` 中设置 `evaluate_git = true` 可读取它们
audit-note-no-metadata-scope = 没有 `cargo metadata` 时，`exclude_dev` 和 `targets` 无法作用于成员自身的依赖：它们都按所有平台上的普通依赖计
audit-note-unannotated = 无法读取 { $count } 个依赖包的索引条目（{ $crates }）；它们的依赖按所有平台上的普通依赖计
audit-note-cache-write-failed = 有 { $count } 个评估结果无法写入评估缓存
audit-note-allow-not-needed = { $name } 的放行条目不需要：{ $name } { $version } 满足策略的评分规则
audit-note-allow-unused = { $name } 的放行条目没有匹配任何已评估的依赖包
audit-note-ignore-unused = { $id } 的忽略条目没有匹配此锁文件中的任何公告
audit-note-base = 只评判相对 { $base } 的变更新增或升级的依赖包（{ $changed } 个）；变更未涉及的 { $unchanged } 个依赖包的发现单独列出，不导致门禁失败（`--all` 会一并评判）
audit-note-no-dump = 未检查发布者、所有者、可信发布和易混淆名称：{ $reason }

## 拉取请求的 Markdown

audit-md-title = cratescope 审计：{ $summary }
audit-md-evidence = 供应链证据（{ $count } 个变更的依赖包）
audit-md-removed = 本次变更移除的依赖包（{ $count } 个）
audit-md-notes = 备注（{ $count } 条）
audit-md-all-packages = 全部 { $count } 个依赖包
audit-md-more-rows = ……另有 { $count } 行（JSON 和 SARIF 输出列出了全部）
audit-md-cut = 为了不超过 GitHub 评论的长度限制，本报告其余部分已截断；JSON 和 SARIF 输出包含全部内容。
audit-col-verdict = 判定
audit-col-crate = 包名
audit-col-version = 版本
audit-col-change = 变更
audit-col-dep = 依赖关系
audit-col-composite = 综合分
audit-col-tier = 等级
audit-col-reason = 规则 / 原因
audit-col-source = 来源
audit-col-package = 依赖包
audit-col-compared = 对比版本
audit-col-published = 发布时间
audit-col-publisher = 发布者
audit-col-owners = 新增所有者
audit-col-trusted = 可信发布
audit-col-build-script = 构建脚本
audit-col-proc-macro = 过程宏
audit-col-links = 本地库
audit-col-confusable = 易混淆名称
audit-published = { $date }（{ $age }前）
audit-publisher-was = { $now }（之前是 { $before }）
audit-trusted-publishing = 可信发布
audit-trusted-share = { $releases } 次中 { $trusted } 次
audit-yes = 是
audit-no = 否
audit-new = 新增

## SARIF

audit-sarif-direct = { $name } { $version }（直接依赖）：{ $text }
audit-sarif-transitive = { $name } { $version }（间接依赖）：{ $text }
audit-sarif-srcroot = 被审计工作区所在仓库的根目录。
audit-rule-advisory-full = 锁定版本上的 RustSec 安全公告 { $id }（{ $kind }）：{ $title }
audit-rule-advisory-help = 升级到不受该公告影响的版本，或在 `[[audit.ignore]]` 中注明理由忽略 { $id }；详情见其 RustSec 页面

audit-rule-denied-tier-short = 该依赖包的等级被策略禁止
audit-rule-denied-tier-full = 锁定版本的成熟度等级（来自其评估）列在策略的 `deny_tiers` 中；⛔ 来自无人维护、已弃用或已归档等关卡，消息中会注明
audit-rule-denied-tier-help = 替换该依赖包，或在 `[[audit.allow]]` 中注明理由接受它
audit-rule-min-composite-short = 综合分低于策略的最低值
audit-rule-min-composite-full = 锁定版本的成熟度综合分低于 `min_composite`
audit-rule-min-composite-help = 替换该依赖包，在 `[[audit.allow]]` 中注明理由接受它，或降低 `min_composite`
audit-rule-min-dimension-short = 某个维度的分数低于策略的最低值
audit-rule-min-dimension-full = 锁定版本的某个维度分数低于 `min_dimension` 中的对应值
audit-rule-min-dimension-help = 替换该依赖包，在 `[[audit.allow]]` 中注明理由接受它，或降低最低值
audit-rule-max-unsafe-density-short = 每千行 unsafe 代码超过策略的上限
audit-rule-max-unsafe-density-full = 锁定版本每千行的 unsafe 块、函数和实现数超过 `max_unsafe_density`
audit-rule-max-unsafe-density-help = 审阅 unsafe 代码，在 `[[audit.allow]]` 中注明理由接受该依赖包，或提高上限
audit-rule-min-scenario-stars-short = 在策略指定场景中的星级不足
audit-rule-min-scenario-stars-full = 锁定版本在策略场景中的星级低于 `min_scenario_stars`
audit-rule-min-scenario-stars-help = 替换该依赖包，或在 `[[audit.allow]]` 中注明理由接受它
audit-rule-unevaluable-short = 范围内的注册表依赖包无法评估
audit-rule-unevaluable-full = 无法读取策略范围内某个依赖包的注册表数据（离线且 `cargo` 缓存中没有，或索引、源码包无法读取），因此无法检查其规则
audit-rule-unevaluable-help = 去掉 `--offline` 或先运行 `cargo fetch`，或在 `[audit]` 中把 `unevaluable` 设为 `"warn"`
audit-rule-git-package-short = 依赖包来自 git 仓库
audit-rule-git-package-full = 来自 git 仓库的依赖包没有注册表数据，也没有安全公告检查
audit-rule-git-package-help = 优先使用已发布的版本，在 `[audit.sources]` 的 `allow_git` 中列出该仓库，或把 `git_packages` 设为 `"allow"`
audit-rule-other-registry-package-short = 依赖包来自其他注册表
audit-rule-other-registry-package-full = 来自 crates.io 以外注册表的依赖包不做评估，也没有安全公告检查
audit-rule-other-registry-package-help = 在 `[audit.sources]` 的 `allow_registries` 中列出该注册表，或把 `other_registry_packages` 设为 `"allow"`
audit-rule-yanked-short = 锁定的版本已撤回
audit-rule-yanked-full = 锁定的版本已从注册表撤回：作者收回了它
audit-rule-yanked-help = 用 `cargo update` 升级到更新的版本
audit-rule-license-short = 策略不允许该许可证
audit-rule-license-full = 该依赖包的 SPDX 许可证表达式无法用策略允许的许可证满足
audit-rule-license-help = 在 `[audit.licenses]` 中允许该许可证，为该依赖包添加例外，或替换它
audit-rule-license-unknown-short = 该依赖包没有可读的许可证
audit-rule-license-unknown-full = 清单中没有 SPDX 许可证表达式（或无法解析），许可证策略无法接受它
audit-rule-license-unknown-help = 请作者声明许可证，添加例外，或在 `[audit.licenses]` 中设置 `unlicensed`
audit-rule-banned-short = 该依赖包被策略禁止
audit-rule-banned-full = 该依赖包在策略的禁止列表（`[audit.bans]` 的 `deny`）中，且不只是由其允许的包装包引入
audit-rule-banned-help = 移除它或引入它的依赖包，或把它从禁止列表中去掉
audit-rule-duplicate-short = 依赖树中有同一依赖包的多个版本
audit-rule-duplicate-full = 同一依赖包有多个版本参与构建；较旧的版本连同引入它们的依赖包一起报告
audit-rule-duplicate-help = 升级引入旧版本的依赖包，或在 `[audit.bans]` 的 `skip_duplicates` 中列出
audit-rule-publish-age-short = 锁定版本的发布时间短于策略要求
audit-rule-publish-age-full = 锁定版本在审计前发布的天数少于 `min_publish_age_days`：恶意发布通常在几天内就会被发现
audit-rule-publish-age-help = 等待，或保留之前的版本
audit-rule-publisher-change-short = 发布者与之前的版本不同
audit-rule-publisher-change-full = 发布此版本的 crates.io 用户与发布对比版本（基线中的版本或上一个版本）的用户不同
audit-rule-publisher-change-help = 合并前确认新的发布者是预期中的人
audit-rule-new-owner-short = 本次发布前不久新增了所有者
audit-rule-new-owner-full = 在锁定版本发布前的 `new_owner_days` 天内新增了所有者：这是账号被盗和转手的常见模式
audit-rule-new-owner-help = 合并前确认新所有者是谁
audit-rule-new-build-script-short = 出现了构建脚本
audit-rule-new-build-script-full = 锁定版本带有构建脚本，它在构建时以构建者的权限运行；对比版本没有
audit-rule-new-build-script-help = 合并前阅读该构建脚本
audit-rule-new-proc-macro-short = 出现了过程宏
audit-rule-new-proc-macro-full = 锁定版本是过程宏库，它在编译器中运行；对比版本不是
audit-rule-new-proc-macro-help = 合并前阅读该宏的代码
audit-rule-new-links-short = 出现了本地库链接
audit-rule-new-links-full = 锁定版本链接了对比版本没有链接的本地库（`links` 键）
audit-rule-new-links-help = 合并前确认该本地库的来源
audit-rule-typosquat-short = 名称容易与依赖方多得多的依赖包混淆
audit-rule-typosquat-full = 名称与一个依赖方数量多出许多倍的依赖包只差一个字母、分隔符、rs 或 rust 前后缀或复数形式：这是仿冒名称的典型形态
audit-rule-typosquat-help = 确认这正是你想要的依赖包
audit-rule-trusted-publishing-dropped-short = 之前使用可信发布，这次改用令牌发布
audit-rule-trusted-publishing-dropped-full = 对比版本通过可信发布发布，而锁定版本由用户令牌发布：被盗的令牌正是这样发布的
audit-rule-trusted-publishing-dropped-help = 合并前向作者确认该发布确实出自他们
audit-rule-checksum-mismatch-short = 锁文件的校验和与注册表不一致
audit-rule-checksum-mismatch-full = `Cargo.lock` 为该依赖包记录的校验和与注册表索引中该版本的校验和不同
audit-rule-checksum-mismatch-help = 用 `cargo update` 重新生成该条目，并查明另一个校验和的来历
audit-rule-cannot-check-short = 策略要求失败即拦截的规则无法检查
audit-rule-cannot-check-full = 失败级规则所需的数据不可用，因此门禁不会因此放行
audit-rule-cannot-check-help = 提供所需的数据，或在策略中把该规则降为 `"warn"`
