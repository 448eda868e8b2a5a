# 历史、更新、回填与趋势的文本（`update`、`history`、`backfill`、`trends`）：
# 标题、行与列名。

# 一次 `update` 改变了什么。
history-nothing-tracked = 没有跟踪的 crate：用 `{ $command }` 添加
history-resumed = 继续一次中断的更新：已有 { $n } 个 crate 完成
history-tier-moves = 等级变动：
history-moved-up = { $krate }：{ $from } → { $to }（上升；综合分 { $before } → { $after }）
history-moved-down = { $krate }：{ $from } → { $to }（下降；综合分 { $before } → { $after }）
history-composite-changes = 综合分变化：
history-shifted = { $krate }：{ $before } → { $after }（{ $delta }）
history-first-evaluations = 首次评估：
history-new = { $krate }：{ $tier }（{ $composite }）
history-failed-heading = 失败（下一次 `update` 会重试）：
history-failed = { $krate }：{ $why }
history-updated = 已更新 { $n } 个 crate：{ $same } 个未变，{ $failed } 个失败
history-no-composite = –

# 一个 crate 的历史。
history-stored = { $krate }：已存储 { $n } 次评估
history-col-id = 编号
history-col-as-of = 截至
history-col-version = 版本
history-col-tier = 等级
history-col-composite = 综合
history-col-confidence = 置信度
history-col-evaluated = 评估时间
history-backfill = 回填
history-legend-dimension = { $code } { $dimension }
history-legend-provisional = { "*" } 暂定
history-trend-heading = 趋势（1–5 分制，从旧到新）：
history-trend-composite = 综合分
history-trend-delta = { $first } → { $last }（{ $delta }）
history-trend-no-score = 无分数
history-not-reconstructible-cell = 不可重建
history-not-reconstructible = 不可重建：无法还原那一天的数据（该来源只报告现在）

# 回填，每个 crate 每个季度一行。
backfill-stored = { $krate } { $quarter }（{ $date }）：{ $version } { $tier } 综合分 { $composite }
backfill-already-stored = { $line }（已存储）
backfill-unreconstructed = { $line }；以下维度中只反映现在的信号未重建：{ $dimensions }
backfill-skipped = { $krate } { $quarter }（{ $date }）：已跳过：{ $why }

# 趋势表。
trends-col-crate = crate
trends-col-ring = 环
trends-col-composite = 综合
trends-col-momentum = 势头
trends-col-releases = 发布
trends-col-downloads = 下载
trends-col-why = 原因
