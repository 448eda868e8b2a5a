# 引擎的句子：各数据源的读取情况，收集时遇到的警告。

advisory-db-age = { $n } 条安全公告，距今 { $age }
advisory-db-age-unknown = { $n } 条安全公告，时间未知（不是 git 检出）
advisory-db-unparsable = { $n } 个文件无法解析
advisory-db-stale = { $n } 条安全公告，距今 { $age }（超过 { $limit }）
advisory-db-stale-warning = RustSec 安全公告数据库距今 { $age }，超过 { $limit }：此后发布的公告未被检查；请更新
advisory-db-unavailable = { $why }（请传入 { $flag } 或设置 { $variable }）
advisory-files-skipped = { $n } 个安全公告文件无法解析，已跳过，其中的公告未被检查：{ $files }

# 多久以前。
engine-age = { $age }
engine-age-hours = { $n } 小时
engine-age-minutes = { $n } 分钟

# 收集一个 crate 的事实。
engine-published-as = `{ $asked }` 以 `{ $name }` 之名发布
engine-no-publish-dates = 索引中部分版本没有发布日期；--as-of 无法筛选这些版本
engine-time-ran-out = 未读取：评估时限 { $secs } 秒已用完（{ $what }）
engine-what-index-entry = `{ $krate }` 的索引条目
engine-what-crate-file = .crate 文件
engine-what-dependency-versions = 依赖的版本
engine-what-dependency-tree = 依赖树
engine-what-advisory-database = 安全公告数据库
engine-what-repository = 代码仓库
engine-what-web-apis = 网络 API
engine-task-failed = { $what }：分析中止（{ $why }）
engine-dependency-unreadable = 依赖 `{ $dep }`：{ $why }
engine-tree-not-resolved = 依赖树未能解析：无法读取 { $crates }

# 注册表索引作为数据源。
index-stale-copy = 注册表不可达：使用 { $day } 缓存的索引，距今 { $age }
index-cached-copy = 缓存副本，距今 { $age }
index-cached-copy-offline = 离线：缓存副本，距今 { $age }
index-cargo-cache = cargo 的本地缓存（{ $path }）
index-cargo-cache-unreachable = 注册表不可达：使用 cargo 的本地缓存（{ $path }）

# 代码仓库作为数据源。
git-no-repository = 清单中没有仓库地址（请使用 --repo）
git-repo-not-a-directory = --repo `{ $repo }` 不是目录
git-repo-missing = --repo `{ $repo }` 不存在
github-not-on-github = 仓库 `{ $repo }` 不在 GitHub 上
online-not-reconstructible = 无法重建 { $day } 的数据：该 API 只报告当天的数字
repo-no-origin = --repo { $repo } 没有 `origin` 远程：无法确认它是 `{ $krate }` 的仓库（{ $manifest }）
repo-mismatch = --repo { $repo } 不是 `{ $krate }` 的仓库（{ $manifest }）：其历史可能属于另一个项目
repo-mismatch-origin = --repo { $repo }（origin { $origin }）不是 `{ $krate }` 的仓库（{ $manifest }）：其历史可能属于另一个项目

# 数据库转储作为数据源。
dump-absent = 未读取转储：请运行 `cratescope dump fetch` 或传入 --db-dump PATH
dump-crate-missing = { $day } 的转储中没有 `{ $krate }`
dump-of = { $day } 的转储
dump-of-stale = { $day } 的转储，距今 { $age }：运行 `cratescope dump fetch` 获取最新转储
dump-stale-warning = crates.io 数据库转储距今 { $age }（{ $day }）：其使用量数据同样陈旧
dump-newer-not-imported = 较新的文件未能导入（{ $why }），沿用上一次导入
dump-newer-not-imported-warning = crates.io 数据库转储：较新的文件未能导入（{ $why }）；沿用 { $day } 的导入
dump-not-imported = { $path } 无法导入：{ $why }
dump-reconstructed-for = 被依赖数已按 { $day } 重建，下载量与所有者未重建
dump-read = 无法读取 { $path }：{ $why }
dump-read-at = 无法读取 { $path }（位于 `{ $file }`）：{ $why }
dump-layout = { $path } 不是 crates.io 数据库转储：{ $why }
dump-row = { $path }：`{ $file }` 第 { $line } 行：{ $why }
dump-write = 无法写入 { $path }：{ $why }
dump-bad-table = 转储表 { $path } 不可用：{ $why }
dump-download = 无法从 { $url } 下载转储：{ $why }

# 本地 crate（eval --path）。
local-no-registry = 本地 crate：未从注册表读取（已发布的 crate 请用 `eval NAME`）
local-directory = 本地目录 { $path }
local-not-in-git = 该目录不在任何 git 仓库中
local-entry-limit = 读取 { $n } 个条目后停止（上限）
local-file-too-large = { $path }：{ $size }，未读取（上限）
local-total-limit = 在 { $path } 处停止读取：总计 { $limit }（上限）
local-tree-not-resolved = 依赖树未解析：本地 crate 不从注册表解析
local-workspace-root-missing = 清单从工作区继承（`*.workspace = true`），但未找到工作区根目录：这些键未被读取
local-workspace-keys-missing = 工作区根目录 { $root } 中没有：{ $keys }

# 历史记录。
history-quarantined = 已存储的评估 { $id }（`{ $krate }`）无法读取（{ $why }）；已移入隔离表
history-no-trends = 没有趋势：{ $why }

# 终止一次评估或运行的错误。
error-invalid-name = 无效的 crate 名称 `{ $krate }`：{ $problem }
error-invalid-version = `{ $krate }` 的版本 `{ $version }` 无效：{ $why }
error-crate-not-found = 注册表中没有名为 `{ $krate }` 的 crate
error-crate-not-found-did-you-mean = 注册表中没有名为 `{ $krate }` 的 crate；您是否想找 { $suggestions }？
error-version-not-found = `{ $krate }` 没有版本 { $version }；最接近的：{ $nearest }
error-no-release-by = `{ $krate }` 在 { $day } 之前没有发布任何版本
error-no-readable-release = `{ $krate }` 的索引条目中没有可读的版本（跳过了 { $n } 行）
error-no-readable-release-first = `{ $krate }` 的索引条目中没有可读的版本（跳过了 { $n } 行；第一个问题：{ $first }）
error-index = 无法从注册表索引读取 `{ $krate }`：{ $why }
error-timeout = 读取{ $what }超过了 { $secs } 秒的时限
error-not-a-crate = { $path } 中没有 Cargo.toml：--path 应指向一个 crate 的目录
error-no-package-name = { $path } 没有 [package] name
error-io = 无法读取 { $path }：{ $why }
error-config = { $path } 中的配置无效：{ $problem }
error-model = 模型无效：{ $why }
error-store = 历史库出错：{ $why }
error-http-client = 无法创建 HTTP 客户端：{ $why }
error-dump-download = 无法下载 crates.io 数据库转储：{ $why }
error-dump-import = 无法导入 crates.io 数据库转储 { $path }：{ $why }
error-no-dump = 没有 crates.io 数据库转储：请运行 `cratescope dump fetch` 或传入 --db-dump PATH
error-task = 后台任务中止：{ $why }
error-lost = `{ $what }` 的评估未能完成
error-runtime = 无法启动异步运行时：{ $why }

# 配置文件（cratescope.toml、目录文件、[model] 覆盖）。
config-read = 无法读取该文件（{ $why }）
config-syntax = 第 { $line } 行第 { $column } 列：{ $why }
config-invalid = { $why }
config-unknown-top-key = 未知的键或表 `{ $key }`
config-unknown-key = { $table } 中有未知的键 `{ $key }`
config-did-you-mean = { $problem }；您是否想写 `{ $suggestion }`？
config-value-zero = `{ $key }` 至少为 1
config-catalog-version = `{ $key }` 为 { $version }；此 cratescope 读取第 1 版目录
config-value-duplicate = `{ $key }` 重复列出
config-value-empty = `{ $key }` 为空
config-value-weight = `{ $key }` 须为 0 到 1 之间的数，而不是 { $value }
config-value-no-weight = `{ $key }` 没有为任何维度赋权
config-value-not-listed = `{ $key }` 为 { $name } 指定了适用场景，但该类别并未列出它
config-value-no-scenario = `{ $key }` 指定了场景 { $id }，但该类别并未定义它
config-model = { $why }
dump-table-write = 无法写入转储表 { $path }：{ $why }
dump-table-open = 无法打开转储表 { $path }：{ $why }
dump-table-read = 无法读取转储表 { $path }：{ $why }
