# 共用部分：维度、场景、数据源和等级的名称，时长，以及消息出现之前保存的句子。

legacy-text = { $text }

duration-days = { $n } 天
duration-months = { $n } 个月
duration-years = { $n } 年

dimension-stability = 版本稳定性
dimension-community = 社区活跃度
dimension-documentation = 文档完整度
dimension-usage = 生产使用情况
dimension-performance = 性能工作
dimension-ecosystem = 生态集成度
dimension-maintenance = 维护状态
dimension-security = 安全性
dimension-footprint = 构建开销

scenario-prototype = 原型 / MVP
scenario-enterprise = 企业级生产
scenario-performance = 性能关键
scenario-learning = 学习 / 研究

source-index = 注册表索引
source-tarball = 发布的 .crate
source-git = git 仓库
source-advisories = RustSec 安全公告数据库
source-crates-io = crates.io API
source-github = GitHub API
source-docs-rs = docs.rs
source-benchmarks = 基准测试结果
source-dump = crates.io 数据库转储
source-catalog = 目录

tier-industry-standard = 行业标准
tier-production-ready = 生产就绪
tier-mature = 成熟
tier-early = 早期
tier-dormant = 休眠
tier-experimental = 实验性
tier-avoid = 避免使用

source-reason = { $source }：{ $reason }
source-no-data = { $source }：无数据
source-not-consulted = { $source }：未查询

# 测试用：测试中移除的数据源。
test-source-taken-away = 被测试移除
