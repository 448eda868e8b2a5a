# 报告自身的用语：评估卡、对比、矩阵文档和服务器页面的标签，以及报告自己写出的
# 句子（结论、首选、数据源统计、等级规则）。

report-label = { $label }
report-tier = { $icon } { $tier }
report-or = { $first }或{ $last }

word-composite = 综合得分
word-tier = 等级
word-confidence = 置信度
word-confidence-short = 置信度
word-dimension = 维度
word-level = 水平
word-score = 评分
word-evidence = 依据
word-repository = 仓库
word-license = 许可证
word-first-release = 首次发布
word-latest-version = 最新版本
word-versions = 版本数
word-evaluated = 评估版本
word-yanked = 已撤回
word-downloads = 下载量
word-github-stars = GitHub 星标
word-production-usage = 生产使用情况
word-stars = 推荐星级
word-scenarios = 技术选型建议
word-scenario = 场景
word-note = 说明
word-strengths = 核心优势
word-risks = 当前限制
word-sources = 数据来源
word-provisional = 暂定
word-no-data = 无数据
word-basic-info = 基本信息
word-as-of = 评估日期
word-model = 模型
word-none = 无
word-quick-start = 快速上手
word-from-readme = 摘自 README：
word-status = 状态
word-axes = 坐标轴
word-status-ok = 正常
word-status-unavailable = 不可用
word-status-stale = 过期
word-unknown = 未知
word-crate = Crate
word-warning = 警告
word-not-applicable = 不适用
word-signal = 信号
word-weight = 权重
word-source = 来源
word-gate = 门槛
word-composite-range = 缺失数据下可能为
word-dash-means = – 无评分：可用证据少于模型要求的最低比例
word-not-applicable-means = 不适用：目录说明该场景不是此 crate 的用途

doc-title = Rust 生态成熟度矩阵
doc-date = 日期
doc-model-version = 模型版本
doc-crates-evaluated = 已评估的 crate
doc-data-sources = 数据来源
doc-next-update = 下次计划更新
doc-contents = 目录
doc-decision-matrix = 决策矩阵
doc-trends = 趋势
doc-method = 评估方法
doc-not-evaluated = 未能评估
doc-ring = 环
doc-quarters = 最近几个季度
doc-momentum = 势头
doc-weight = 权重
doc-rule = 规则
doc-levels = 维度水平
doc-tiers = 等级
doc-dimensions = 维度
doc-unavailable = 缺失的数据
doc-source = 来源
doc-scenario-picks = 各场景首选
doc-nothing-unavailable = 所有已评估 crate 的数据源均可用
doc-method-intro = 所有评分均由实测数据计算：各信号按断点归一化到 [0, 1]，按权重在维度内平均为 1.0–5.0 分（证据不足时不计分，显示为 –，绝不按 0 计），维度再加权平均为综合得分。门槛规则会限制维度分数或直接判为 ⛔。场景星级为有证据维度的加权平均四舍五入，限定在 1–5。分数保留一位小数，四舍五入。
doc-symbols = ■ 方块表示维度水平；{ $tiers } 表示等级；⭐ 表示场景推荐星级；* 暂定

report-capped-at = 上限 { $cap }：{ $reason }
report-footprint-evidence = 不计入综合得分；{ $evidence }
report-usage-unknown = 未知（{ $why }）
report-choose-avoid = { $choose_for }选 { $choose }；{ $avoid_for }避免 { $avoid }。
report-choose-only = { $choose_for }选 { $choose }；本类没有在任何场景只得 ⭐⭐ 或更低的 crate。
report-all-weak = 本类没有在任何场景得到 ⭐⭐ 以上的 crate。
report-none-scored = 本类没有可评分的 crate。
report-top-pick = 首选：{ $name }（{ $composite }，{ $tier }）
report-no-history = 暂无历史数据：趋势需要本类 crate 至少两个季度的评估。
report-one-quarter = 只保存了一个季度：趋势至少需要两个季度。
report-source-counts = { $ok } 个正常{ $stale ->
        [0] {""}
       *[other] ，{ $stale } 个过期
    }{ $unavailable ->
        [0] {""}
       *[other] ，{ $unavailable } 个不可用
    }
report-source-line = { $counts }，{ $fetched }
report-fetched = 获取于 { $from }
report-fetched-range = 获取于 { $from } – { $to }
report-crates = { $n } 个 crate
report-lines-omitted = … README 中还有 { $n } 行
report-more-verbose = … 另有 { $n } 条（--verbose）
report-momentum = { $delta }/季度
report-failure = { $name } —— 未能评估：{ $reason }
report-unavailable-source = { $source }（{ $counts }）：{ $reasons }
report-evaluated-count = { $ok } / { $total }

rule-composite = 综合得分 ≥ { $v }
rule-confidence = 置信度 ≥ { $v }
rule-dimension-at-least = { $dimension } ≥ { $v }
rule-dimension-below = { $dimension } < { $v }
rule-first-release = 首次发布已有 { $days } 或更久
rule-not-finished = 未被确认为已完成
rule-below = 低于以上所有规则
rule-avoid = 触发了避免使用的门槛（版本撤回、无人维护公告、已弃用…）

ring-adopt = 采用
ring-trial = 试用
ring-assess = 评估
ring-hold = 暂缓

badge-label = 成熟度
badge-not-evaluated = 未评估
badge-value = { $score } { $tier }
badge-value-provisional = { $score } { $tier }（暂定）

chart-history-title = { $name }：综合得分随时间的变化
chart-point = { $date } { $version }：{ $composite }（{ $tier }）
