# 命令行自己的句子：stderr 上如何引出错误、警告与提示，以及命令对其参数与文件的说明。

cli-error = 错误：{ $what }
cli-caused-by = { "  " }原因：{ $what }
cli-warning = 警告：{ $what }
cli-note = 提示：{ $what }
cli-did-you-mean = { $problem }；您是否想找 { $suggestions }？

cli-advisory-db-missing = 安全公告数据库 { $path } 不存在（--advisory-db、CRATESCOPE_ADVISORY_DB 或 cratescope.toml 中的 advisory_db）
cli-bad-date = 无效的 { $what } `{ $value }`：应为 YYYY-MM-DD
cli-as-of-future = --as-of { $day } 在未来（今天是 { $today }）：对它还一无所知
cli-path-not-a-directory = --path { $path } 不是目录
cli-repo-missing = --repo { $repo } 不存在
cli-repo-one-crate = --repo 只指定一个仓库；使用它时请一次评估一个 crate
cli-explain-unknown = 没有名为 `{ $id }` 的信号或维度（`cratescope explain` 会列出全部）
cli-cannot-write = 无法写入 { $path }：{ $why }
cli-exists = { $path } 已存在；传入 { $flag } 以替换
cli-catalog-wrote = 已写入 { $path }：编辑它，然后运行 { $command }
cli-report-wrote = 已写入 { $path }（评估了 { $total } 个 crate 中的 { $ok } 个）
cli-report-from-cache = { $total } 个 crate 中有 { $n } 个取自评估缓存（{ $dir }；{ $flag } 会重新收集）

cli-track-by-name = { $arg }：请按名称跟踪 crate；`update` 总是评估其最新版本
cli-track-unchecked = 无法在注册表中核对 `{ $krate }`（{ $why }）；仍将跟踪
cli-no-category = 目录中没有类别 `{ $id }`；现有类别：{ $categories }
cli-name-a-crate = 请至少指定一个 crate 或 --category
cli-tracking = 新增跟踪 { $n } 个 crate；共跟踪 { $total } 个
cli-untracked = 取消跟踪 { $n } 个 crate；共跟踪 { $total } 个；已存储的历史保留
cli-none-tracked = 没有跟踪的 crate：用 { $command } 添加
cli-no-stored-card = 没有 id 为 { $id } 的已存储评估
cli-stored-card-of-other = 已存储的评估 { $id } 属于 `{ $other }`，而不是 `{ $krate }`
cli-card-format = --card 只渲染一张卡片：请使用 --format table、json 或 markdown
cli-no-history = 没有 `{ $krate }` 的已存储评估：先 { $track } 再 `update`，或 { $backfill }
cli-verify-ok = 完整性检查：通过
cli-verify-failed = 完整性检查：失败
cli-verify-not-applicable = 完整性检查：不适用（PostgreSQL 自行检查其页面）
cli-verify-rows = 回读已存储的评估：{ $ok } 条正常，本次隔离 { $now } 条，隔离表中共 { $all } 条

cli-dump-missing = 转储 { $path } 不存在
cli-dump-summary = { $day } 的转储：{ $crates } 个 crate，{ $versions } 个版本，{ $dependencies } 行依赖，{ $imported }
cli-dump-applied = 已增量应用到上次导入：{ $updated } 个 crate 有变化，{ $moved } 个仅位置变化，新增 { $inserted } 个，删除 { $deleted } 个，{ $unchanged } 个未变
cli-dump-imported = 已导入
cli-dump-import-current = 导入已是最新
cli-dump-current = 已是最新
cli-dump-downloaded = 已下载 { $bytes }
cli-dump-downloaded-resumed = 已下载 { $bytes }（从 { $from } 处续传）
cli-dump-import-failed = 无法导入该转储（{ $why }）；保留上一次导入：{ $kept }
cli-serve-zero-duration = { $flag } 必须大于 0
cli-init-wrote = 已写入 { $path }：所有键都已注释；取消注释你需要的部分（{ $doc } 说明了 { $table }）
cli-cannot-listen = 无法监听 { $addr }：{ $why }
cli-server-stopped = 服务器已停止：{ $why }
cli-model-not-toml = 模型无法写成 TOML：{ $why }
cli-init-exists = `{ $path }` 已存在；传入 { $flag } 以替换
