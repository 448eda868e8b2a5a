# 引擎的句子：各数据源的读取情况，收集时遇到的警告。

advisory-db-age = { $n } 条安全公告，距今 { $age }
advisory-db-age-unknown = { $n } 条安全公告，时间未知（不是 git 检出）
advisory-db-unparsable = { $n } 个文件无法解析
