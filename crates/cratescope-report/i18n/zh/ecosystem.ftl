# 整个生态：排名、新兴、替代，以及从数据转储生成报告。

eco-error-no-dump = 没有可用的 crates.io 数据转储（{ $reason }）：请运行 `cratescope dump fetch` 或传入 --db-dump PATH
eco-error-table = 无法读取 crates.io 数据转储：{ $reason }
eco-error-unknown-query = 没有名为 `{ $given }` 的 crates.io 分类或关键词
eco-error-unknown-query-near = 没有名为 `{ $given }` 的 crates.io 分类或关键词；您是否想找 { $near }？
eco-error-unknown-category = 没有名为 `{ $given }` 的 crates.io 分类
eco-error-unknown-category-near = 没有名为 `{ $given }` 的 crates.io 分类；您是否想找 { $near }？
eco-error-not-in-dump = `{ $name }` 不在 { $day } 的 crates.io 数据转储中
eco-error-not-in-dump-near = `{ $name }` 不在 { $day } 的 crates.io 数据转储中；您是否想找 { $near }？
eco-error-no-release = `{ $name }` 在 { $day } 之前没有发布任何版本
eco-error-window = 无法衡量 { $days } 天的窗口：数据转储保留 { $min } 到 { $max } 天的每日下载量
eco-note-stale-dump = crates.io 数据转储的日期是 { $day }，已有 { $age }：请运行 `cratescope dump fetch` 获取最新数据
eco-note-import-failed = 无法导入较新的数据转储（{ $reason }）；继续使用 { $day } 的导入结果
eco-note-no-advisories = 未检查安全公告：{ $reason }
eco-note-as-of = 截至 { $day }：只计入当时已发布的版本和依赖，下载量仅限数据转储的 90 天所覆盖的日期（数据转储日期 { $dump }），所有者和分类为当前状态
eco-warning = 警告：{ $text }
eco-deep-failed = `{ $name }` 保留浅层评估：{ $reason }
eco-section-emerging = 新兴

eco-list-empty = 没有可列出的包。
eco-count = { $n }
eco-clauses = { $items }
eco-trend-rising = ↑ ×{ $ratio }
eco-trend-falling = ↓ ×{ $ratio }
eco-trend-steady = → ×{ $ratio }
eco-trend-young = 过于年轻
eco-trend-not-measured = 未测量
eco-dependents-owners = { $n }（{ $owners } 位所有者）
eco-age = { $age }
eco-owners-change = { $before } → { $after }

eco-col-rank = #
eco-col-crate = 包
eco-col-version = 版本
eco-col-tier = 等级
eco-col-composite = 综合分
eco-col-downloads = 下载量
eco-col-trend = 趋势
eco-col-dependents = 依赖者（所有者）
eco-col-evidence = 证据
eco-col-age = 年龄
eco-col-owners-change = 依赖者所有者
eco-col-vs-category = 相对分类
eco-col-migrated = 迁移所有者

eco-ev-deep = 已深度评估
eco-ev-latest = 最新版本 { $version } 发布于 { $day }（共 { $releases } 个版本）
eco-ev-yanked = { $of } 个版本中 { $n } 个已撤回
eco-ev-cohort = { $line }：{ $n }
eco-ev-cohorts = 依赖者按版本线 { $lines }
eco-ev-advisories = 安全公告 { $ids }
eco-ev-compared-with = 对比 `{ $category }`
eco-ev-score = 得分 { $score }
eco-ev-named-by = 被 { $ids } 推荐
eco-ev-migrated = { $n } 个依赖者（{ $owners } 位所有者）从 { $from } 迁移至此，例如 { $examples }
eco-ev-shared-categories = 同一分类 { $categories }
eco-ev-shared-keywords = 同一关键词 { $keywords }

eco-rank-title-category = { $name }（`{ $slug }`）：{ $total } 个包，按优劣排序（crates.io 数据转储 { $day }）
eco-rank-title-keyword = 关键词 `{ $keyword }`：{ $total } 个包，按优劣排序（crates.io 数据转储 { $day }）
eco-rank-footer-shallow = 浅层评估，仅依据数据转储和 RustSec：文档、性能工作、不安全代码和仓库历史未读取，视为未测量，绝不记为 0；`--deep K` 对前 K 个进行完整评估。
eco-footer-as-of = 截至 { $day }：只计入数据转储记录在当天结束前的版本、依赖和下载量。
eco-emerging-title = 新兴包：{ $window } 天内增长最快的年轻包（crates.io 数据转储 { $day }）
eco-emerging-title-category = `{ $slug }` 中的新兴包：{ $window } 天内增长最快的年轻包（crates.io 数据转储 { $day }）
eco-emerging-footer = 年轻：首次发布不足两年。得分：窗口后半段相对前半段的下载增长，减去该包所在分类的中位数，再加上依赖者中不同所有者数量的增长。下载量和所有者过少、无法判断的包不列出。
eco-alternatives-title = 在 { $name } 的用途上更可靠的包（crates.io 数据转储 { $day }）
eco-alternatives-footer = 排序：先是针对该包的安全公告所推荐的包，其次按在同一版本中移除该包并加入另一个包的依赖者所有者数量，最后按浅层综合分。同一分类和关键词中得分不更高的包不列出。
