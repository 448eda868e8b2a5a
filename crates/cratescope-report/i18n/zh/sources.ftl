# 数据源的句子：HTTP 栈、注册表索引、git、网络 API、安全公告数据库与转储下载
# 如何说明失败。外来文字（操作系统、TLS 或解析器的错误、URL、路径）保持原样。

# HTTP 栈。
http-invalid-url = 无效的 URL `{ $url }`
http-offline = 离线且没有 `{ $url }` 的缓存
http-unreachable = 主机 `{ $host }` 不可达
http-timeout = 对 `{ $url }` 的请求超时
http-stalled = `{ $url }` 已 { $secs } 秒没有发送任何数据
http-not-found = 未找到 `{ $url }`（HTTP 状态 { $status }）
http-rate-limited = 服务器对 `{ $url }` 限流
http-rate-limited-for = 服务器对 `{ $url }` 限流（要求等待 { $secs } 秒）
http-status = `{ $url }` 返回 HTTP 状态 { $status }
http-transport = 对 `{ $url }` 的请求失败：{ $why }
http-too-large = `{ $url }` 发送的数据超过 { $limit }（此类回答的上限）
http-redirect-too-many = `{ $url }` 重定向超过 { $n } 次
http-redirect-invalid = `{ $url }` 重定向到无效的位置
http-redirect-scheme = `{ $url }` 重定向到 `{ $scheme }` URL
http-cache-vanished = `{ $url }` 返回 304，但缓存副本已不存在
http-build = 无法创建 HTTP 客户端：{ $why }

# crate 名称。
name-empty = 名称为空
name-too-long = 名称超过 { $max } 个字符
name-bad-start = 名称必须以 ASCII 字母开头
name-bad-char = 名称中含有 `{ $c }`；只允许 ASCII 字母、数字、`-` 和 `_`

# 注册表索引。
index-where-line = 第 { $n } 行
index-where-cache-entry = 缓存条目 { $n }
index-skipped = { $place }：已跳过：{ $why }
index-at = { $place }：{ $what }
index-line-malformed = 不是有效的索引条目：{ $why }
index-line-schema = 未知的索引格式版本 v={ $v }
index-line-version = 无效的版本 `{ $version }`：{ $why }
index-pubtime-ignored = { $krate } { $version }：无法读取的发布时间 `{ $text }` 已忽略
index-cache-entry-truncated = 条目被截断
index-cache-entry-not-utf8 = 版本 `{ $version }` 的条目不是 UTF-8
index-line-other-crate = 在 `{ $krate }` 的索引文件中跳过了一行指向 `{ $other }` 的条目
index-line-duplicate-version = 跳过了 { $krate } { $version } 的第二行（版本唯一）
index-file-not-utf8 = 索引文件不是有效的 UTF-8；无效字节已替换
index-fell-back-to-cargo-cache = 稀疏索引不可用（{ $why }）；改读 cargo 的本地缓存
index-invalid-name = 无效的 crate 名称 `{ $krate }`：{ $problem }
index-not-found = 注册表中没有名为 `{ $krate }` 的 crate
index-unavailable = `{ $krate }` 的索引条目不可用，且本地缓存中也没有：{ $why }
index-not-cached = 没有 `{ $krate }` 的缓存索引条目（离线：已查找 cargo 的注册表缓存和 cratescope 的缓存）
index-cargo-cache-unreadable = 无法读取 `{ $krate }` 的 cargo 索引缓存文件 { $path }：{ $why }
index-config-fetch = 无法获取注册表配置 { $url }：{ $why }
index-config-parse = 注册表配置 { $location } 无效：{ $why }
index-invalid-checksum = `{ $krate }` { $version } 的校验和 `{ $cksum }` 无效：应为 64 位十六进制数字
index-checksum-mismatch = `{ $krate }` { $version } 的校验和不符（来自 { $from }）：应为 { $expected }，实为 { $actual }
index-download = 无法下载 `{ $krate }` { $version }：{ $why }
index-crate-not-cached = 没有 `{ $krate }` { $version } 的缓存 .crate 文件（离线）
index-io = 无法读取 { $path }：{ $why }

# Git 仓库。
git-open = 无法打开 { $path } 处的 git 仓库
git-head = 无法解析 { $path } 处 git 仓库的 HEAD
git-empty = { $path } 处的 git 仓库没有任何提交
git-object = 无法读取 { $path } 处 git 仓库的对象 { $id }
git-references = 无法列出 { $path } 处 git 仓库的引用
git-url-refused = 拒绝仓库 URL `{ $url }`：{ $why }
git-url-empty = URL 为空
git-url-not-a-url = 既不是带协议的 URL，也不是 scp 式地址或绝对路径
git-url-scheme = 只能克隆 https、http、git、ssh 和 file URL
git-url-no-host = URL 中没有主机
git-url-not-git-host = 该主机提供的是软件包或文档，而不是 git
git-url-no-owner-repository = URL 中没有 所有者/仓库
git-url-no-group-repository = URL 中没有 组/仓库
git-url-no-repository-path = URL 中没有仓库路径
git-url-metadata-not-https = crate 元数据中的仓库必须是 https URL
git-url-metadata-credentials = crate 元数据中的仓库不得携带凭据
git-url-metadata-port = crate 元数据中的仓库不得指定端口（如需使用，请在配置中允许该主机）
git-url-metadata-private-name = crate 元数据中的仓库必须位于公开的主机名上（如需使用其他主机，请在配置中允许）
git-url-metadata-local = crate 元数据中的仓库必须是远程仓库
git-address-not-public = 拒绝克隆 `{ $url }`：`{ $host }` 解析为 { $addr }，不是公网地址（如需从该主机克隆，请在配置中允许它）
git-address-unresolved = 拒绝克隆 `{ $url }`：`{ $host }` 无法解析（{ $why }）
git-not-cached = 离线时没有 `{ $url }` 的缓存克隆
git-clone = 克隆 `{ $url }` 失败：{ $why }
git-fetch = 拉取 `{ $url }` 失败：{ $why }
git-cache = 无法准备克隆缓存目录 { $path }：{ $why }
git-shallow = 浅克隆，有 { $n } 个边界提交：边界之前的历史缺失，因此首次提交与较长的时间窗口可能不完整
git-mailmap-unreadable = .mailmap 部分无法读取：同一个人的提交可能被算作多位作者
git-vcs-sha-not-hex = vcs sha `{ $sha }` 不是完整的十六进制对象 id
git-no-commit-by-day = 评估日之前默认分支上没有提交：文件事实为空
git-file-too-large = 已跳过 `{ $path }`：大于 { $limit }
git-fuzz-manifest-invalid = `{ $manifest }` 不是有效的 TOML；改为列出 `{ $listing }`

# 网络 API（crates.io、GitHub、docs.rs）。
online-what-crate = crate `{ $krate }`
online-what-version = 版本 { $version }
online-what-docs = `{ $krate }` { $version } 的文档
online-what-repository = 仓库 `{ $repo }`
online-what-downloads = 下载量
online-what-reverse-dependencies = 反向依赖
online-what-user-owners = 用户所有者
online-what-team-owners = 团队所有者
online-what-contributors = 贡献者
online-what-commit-activity = 提交活动
online-what-issues = 议题
online-what-issue-comments = 议题评论
online-not-found = 在 { $service } 上未找到{ $what }（HTTP 状态 { $status }）
online-unreachable = { $service } 不可达（主机 `{ $host }`）
online-rate-limited-for = 请求{ $what }时达到 { $service } 的限流
online-rate-limited-for-until = 请求{ $what }时达到 { $service } 的限流；请在 { $at } 之后重试
online-rate-exhausted = { $service } 的请求额度已用尽
online-rate-exhausted-until = { $service } 的请求额度已用尽，直到 { $at }
online-hint-set-token = 请设置 GITHUB_TOKEN
online-hint-token-spent = 该令牌的额度已用尽
online-refused-no-user-agent = 未调用 { $service }：它要求 API 客户端提供联系方式；请设置 `{ $variable }='yourtool (you@example.org)'`
online-offline = 离线且没有 { $service } 上{ $what }的缓存
online-invalid-response = { $service } 对{ $what }的回答无效：{ $why }
online-invalid-name = 无效的 { $kind } 名称 `{ $name }`
online-http = 向 { $service } 请求{ $what }失败：{ $why }
online-body-not-json = 响应体不是有效的 JSON（{ $why }）
online-body-lacks = 响应体中缺少 { $what }
online-body-lacks-list = 响应体中没有 `{ $key }` 列表
online-partial = { $what }：{ $why }
online-partial-stale = { $what }：网络失败，使用了 { $day } 的缓存回答
online-partial-not-found = 未找到（HTTP 状态 { $status }）
online-partial-status-after-retries = 重试 { $retries } 次后仍为 HTTP 状态 { $status }
online-partial-transport-after-retries = 重试 { $retries } 次后仍有传输错误
github-still-computing = 尝试 { $tries } 次后 GitHub 仍在计算
docs-rs-not-built-yet = docs.rs 尚未构建 { $krate } { $version }（发布不到一天）
docs-rs-unknown-version = docs.rs 不知道 { $krate } { $version }（HTTP 状态 { $status }）
docs-rs-other-version = docs.rs 回答的是另一个版本（{ $version }）

# RustSec 安全公告数据库。
advisory-no-crates-dir = { $path } 处的安全公告数据库没有 `crates/` 目录
advisory-unparsable-files = { $path } 处的安全公告数据库有 { $n } 个无法解析的公告文件：{ $files }
advisory-empty = { $path } 处的安全公告数据库的 `crates/` 中没有公告
advisory-read-dir = 无法列出安全公告目录 { $path }：{ $why }
advisory-no-cached-clone = { $path } 处没有安全公告数据库的缓存克隆（离线模式不会克隆）
advisory-cache = 无法准备安全公告数据库的缓存目录 { $path }：{ $why }
advisory-git-spawn = 无法为安全公告数据库 { $path } 运行 `{ $command }`：{ $why }
advisory-git-failed = 为安全公告数据库 { $path } 运行 `{ $command }` 失败：{ $why }

# 下载 crates.io 数据库转储。
dump-download-request = 请求失败
dump-download-status = 服务器返回 HTTP 状态 { $status }
dump-download-bad-range = 服务器续传时没有可用的 Content-Range
dump-download-resumed-elsewhere = 请求从第 { $asked } 字节续传，服务器却从第 { $sent } 字节开始发送
dump-download-interrupted = 在 { $after } 后中断；再次运行即可续传
dump-download-short = 只收到 { $total } 中的 { $got }；再次运行即可续传
dump-download-refused-twice = 服务器拒绝续传，随后也拒绝重新开始
