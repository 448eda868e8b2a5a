# 服务器上来自 crates.io 数据转储的页面：crates.io 类别排名、新兴包、crate 页面上的替代方案。

eco-rank-footer-shallow-page = 浅层评估，仅依据数据转储和 RustSec：文档、性能工作、不安全代码和仓库历史未读取，视为未测量，绝不记为 0。下方的决策矩阵比较此处为前几个包保存的完整评估。
server-nav-crates-io = crates.io 类别
server-nav-emerging = 新兴包
server-eco-index-title = crates.io 类别
server-eco-index-counts = crates.io 数据转储 { $day } 中有 { $categories } 个类别；每个类别按从好到差列出其包（含子类别）。
server-eco-col-category = 类别
server-eco-col-slug = 标识
server-eco-col-crates = 包数
server-eco-emerging-title = 新兴包
server-eco-alternatives = 替代方案
server-eco-matrix-none = 前 { $top } 个包在此均没有保存的完整评估：打开某个包的页面即可评估，或跟踪它以便定期更新。
server-eco-matrix-some = 前 { $top } 个包中有 { $n } 个保存了完整评估，按模型的场景评分。
server-eco-unavailable = 此服务器没有来自 crates.io 数据转储的内容：{ $reason }
server-eco-loading = 正在加载 crates.io 数据转储；请几秒后重试
server-eco-busy = 服务器正在为其他请求根据 crates.io 数据转储计算列表；请稍后重试
server-eco-not-now = 本次访问未计算替代方案：{ $reason }
server-invalid-category-slug = 无效的 crates.io 类别标识 `{ $slug }`
server-eco-stopped = 计算因内部错误而停止（已记录）
server-eco-computing = 仍在计算中；请几秒后重新加载页面
