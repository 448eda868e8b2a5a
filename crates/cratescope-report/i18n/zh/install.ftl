# installability 信号（D6）：当天 `cargo install` 能否构建二进制 crate。

install-no-binary = 没有二进制目标：没有可 `cargo install` 的内容
install-package-unread = 未读取已发布的 .crate：无法得知是否有可安装的二进制
install-bins = { $n } 个二进制目标
install-rust-version-ok = rust-version { $declared } 已发布（当天的稳定版 Rust：{ $stable }）
install-rust-version-future = rust-version { $declared } 需要比当天稳定版 { $stable } 更新的 Rust：`cargo install` 会失败
install-deps-resolve = 默认构建的每个依赖都有满足其版本要求的发布
install-deps-published = 默认构建的每个依赖都有满足其版本要求的已发布版本（当天的撤回情况未知）
install-dep-unresolvable = { $krate } { $req } 在当天的索引中没有满足要求的发布：`cargo install` 会失败
install-deps-unread = 未检查的依赖（索引条目未读取）：{ $crates }
install-deps-not-checked = 未检查依赖：没有为它们查询索引
install-path-dep-missing = 路径依赖 { $krate } 不在已发布的依赖列表中
install-lock = 包含 `Cargo.lock`（`cargo install --locked` 构建作者测试过的版本）
install-no-lock = 包中没有 `Cargo.lock`：`cargo install --locked` 没有可锁定的依据
