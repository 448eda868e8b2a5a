# 包分析的警告：`.crate` 中未能按应有方式读取的内容。路径与解析器错误保持原样。

tarball-path-not-utf8 = 条目路径 `{ $path }` 不是有效的 UTF-8；已有损保留
tarball-entry-duplicate = 条目 `{ $path }` 出现多次；保留最后一份
manifest-too-large = `{ $path }` 大小为 { $size }，超过 { $max } 的上限；未解析
manifest-unparsable = 无法解析 `{ $path }`：{ $why }
manifest-missing = 包中没有可读的 Cargo.toml
manifest-version-not-semver = 清单版本 `{ $version }` 不符合 semver
vcs-info-unparsable = 无法解析 `{ $path }`：{ $why }
source-unparsable = 无法解析 `{ $path }`：{ $why }
analysis-internal-error = 分析因内部错误而停止（{ $why }）

# 无法读取的 `.crate` 归档。
tarball-read = 无法读取 .crate 归档：{ $why }
tarball-entry-read = 无法读取 .crate 归档中的条目 `{ $path }`：{ $why }
tarball-unsafe-path = .crate 归档中有不安全的路径：`{ $path }`
tarball-outside-top = 条目 `{ $path }` 位于 .crate 归档的顶层目录 `{ $top }` 之外
tarball-too-many-entries = .crate 归档的条目超过 { $limit } 个
tarball-too-large = .crate 归档解压后超过 { $limit }
tarball-empty = .crate 归档为空
tarball-analysis-failed = .crate 的分析失败（{ $why }）
tarball-analysis-stopped = 其分析在达到上限时被停止
tarball-docs-view-siblings-failed = 含同源 crate 的 docs.rs 视图：{ $why }
tarball-origin-cargo-cache = cargo 的本地缓存
tarball-origin-cache = 我们的缓存
tarball-origin-download = 已下载
tarball-refused = 已拒绝：{ $why }
tarball-refused-warning = `{ $krate }` { $version } 发布的 .crate 被拒绝：{ $why }
