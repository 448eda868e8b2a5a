//! Configuration: `cratescope.toml` (or `--config FILE`). Every key can also be
//! given as an environment variable or a flag; flags beat env beats file
//! (CLI.md). Endpoints default to the public ones in `cratescope_http::endpoints`.
//!
//! Strict: every table and key of every file read here (the configuration,
//! a catalog, the `[model]` overrides) is checked against what the readers
//! accept, and an unknown one is an error naming the file, the table and the
//! key, with the closest known key ("did you mean"). A typo never passes
//! silently: a misspelled table would otherwise change nothing and look
//! like it worked. The `[audit]` table is the audit policy's, checked by its
//! own reader.
//!
//! Errors never quote the file: a configuration path can be a link to any
//! file on the machine, so only line, column and the parser's diagnosis
//! (with quoted values elided) are shown.

use std::path::{Path, PathBuf};

use cratescope_model::{Arg, Message, msg};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use cratescope_score::model::ModelOverrides;

/// The file's contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// HTTP, tarball and clone cache.
    pub cache_dir: Option<PathBuf>,
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: Option<String>,
    /// Sparse index root.
    pub index_url: Option<String>,
    /// crates.io API base.
    pub crates_io_api: Option<String>,
    /// GitHub API base.
    pub github_api: Option<String>,
    /// docs.rs base.
    pub docs_rs: Option<String>,
    /// Advisory database path.
    pub advisory_db: Option<PathBuf>,
    /// Contact string for crates.io.
    pub user_agent: Option<String>,
    /// Hosts a crate's `repository` may name besides public forges on https
    /// (an internal GitLab): their URLs may also use another port or scheme.
    #[serde(default)]
    pub allowed_repository_hosts: Vec<String>,
    /// Seconds one evaluation may take before the sources still busy are
    /// recorded as not read (default 180).
    pub evaluation_timeout_secs: Option<u64>,
    /// Seconds a whole run (an audit, a report, an update) may take.
    pub run_timeout_secs: Option<u64>,
    /// A local crates.io database dump (.tar.gz or .zip).
    pub db_dump: Option<PathBuf>,
    /// Where `cratescope dump fetch` downloads the dump from.
    pub db_dump_url: Option<String>,
    /// Model overrides.
    #[serde(default)]
    pub model: ModelOverrides,
    /// Audit policy (`[audit]`), kept raw: the audit module reads it.
    #[serde(default)]
    pub audit: Option<toml::Table>,
}

/// The keys of `cratescope.toml`, in the order the documentation lists them.
pub const CONFIG_KEYS: &[&str] = &[
    "cache_dir",
    "database_url",
    "index_url",
    "crates_io_api",
    "github_api",
    "docs_rs",
    "advisory_db",
    "user_agent",
    "allowed_repository_hosts",
    "evaluation_timeout_secs",
    "run_timeout_secs",
    "db_dump",
    "db_dump_url",
    "model",
    "audit",
];

/// What is wrong with a configuration file.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the file: {why}")]
    Read {
        /// The OS's words.
        why: String,
    },
    /// The file is not TOML, or a value has the wrong type.
    #[error("line {line}, column {column}: {why}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's diagnosis, quoted values elided.
        why: String,
    },
    /// The file is not TOML, at no known place.
    #[error("{why}")]
    Invalid {
        /// The parser's diagnosis, quoted values elided.
        why: String,
    },
    /// A table or key no reader knows.
    #[error("unknown key `{key}` in {}{}", table_label(table), suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownKey {
        /// The table (`` for the top level, `model.signal.x`…).
        table: String,
        /// The key.
        key: String,
        /// The closest known key.
        suggestion: Option<String>,
    },
    /// A value out of range or of the wrong kind.
    #[error("`{key}` {problem}")]
    BadValue {
        /// The key (dotted).
        key: String,
        /// What is wrong with it.
        problem: BadValue,
    },
    /// The model overrides are invalid (named by key).
    #[error("{0}")]
    Model(String),
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BadValue {
    /// Must be at least one.
    #[error("must be at least 1")]
    Zero,
    /// A catalog format this cratescope does not read.
    #[error("is {0}; this cratescope reads version 1")]
    CatalogVersion(u32),
    /// Listed twice.
    #[error("is listed twice")]
    Duplicate,
    /// An empty name.
    #[error("is empty")]
    Empty,
    /// A weight outside 0–1.
    #[error("must be a number from 0 to 1, not {0}")]
    Weight(f64),
    /// Weights that sum to nothing.
    #[error("weighs no dimension")]
    NoWeight,
    /// A crate's scenario list for a crate the category does not list.
    #[error("names `{0}`, which the category does not list")]
    NotListed(String),
    /// A scenario the category does not define.
    #[error("names scenario `{0}`, which the category does not define")]
    NoSuchScenario(String),
}

fn table_label(table: &str) -> String {
    if table.is_empty() {
        "the top level".to_string()
    } else {
        format!("[{table}]")
    }
}

impl ConfigError {
    /// What a user reads.
    pub fn message(&self) -> Message {
        match self {
            ConfigError::Read { why } => msg!("config-read", why = Arg::text(why.clone())),
            ConfigError::Syntax { line, column, why } => msg!(
                "config-syntax",
                line = *line,
                column = *column,
                why = Arg::text(why.clone())
            ),
            ConfigError::Invalid { why } => msg!("config-invalid", why = Arg::text(why.clone())),
            ConfigError::UnknownKey {
                table,
                key,
                suggestion,
            } => {
                let head = if table.is_empty() {
                    msg!("config-unknown-top-key", key = Arg::code(key.clone()))
                } else {
                    msg!(
                        "config-unknown-key",
                        key = Arg::code(key.clone()),
                        table = Arg::code(format!("[{table}]"))
                    )
                };
                match suggestion {
                    Some(s) => msg!(
                        "config-did-you-mean",
                        problem = head,
                        suggestion = Arg::code(s.clone())
                    ),
                    None => head,
                }
            }
            ConfigError::BadValue { key, problem } => {
                let key = Arg::code(key.clone());
                match problem {
                    BadValue::Zero => msg!("config-value-zero", key = key),
                    BadValue::CatalogVersion(v) => {
                        msg!("config-catalog-version", key = key, version = *v)
                    }
                    BadValue::Duplicate => msg!("config-value-duplicate", key = key),
                    BadValue::Empty => msg!("config-value-empty", key = key),
                    BadValue::Weight(w) => msg!("config-value-weight", key = key, value = *w),
                    BadValue::NoWeight => msg!("config-value-no-weight", key = key),
                    BadValue::NotListed(name) => {
                        msg!(
                            "config-value-not-listed",
                            key = key,
                            name = Arg::krate(name.clone())
                        )
                    }
                    BadValue::NoSuchScenario(id) => {
                        msg!(
                            "config-value-no-scenario",
                            key = key,
                            id = Arg::code(id.clone())
                        )
                    }
                }
            }
            ConfigError::Model(why) => msg!("config-model", why = Arg::text(why.clone())),
        }
    }
}

/// The shape of a file's tables: which keys a table accepts and what each
/// holds. Checked before the typed readers run, so an unknown key is named
/// with its table and the closest known key.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A value (or a table the typed reader checks itself).
    Value,
    /// A table with exactly these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with these keys.
    Tables(&'static [(&'static str, Shape)]),
    /// A table whose keys are these words, each a value.
    Words(&'static [&'static str]),
}

/// Check `table` (at `path`, `` for the top level) against `shape`.
pub fn check_shape(
    table: &toml::Table,
    path: &str,
    keys: &[(&'static str, Shape)],
) -> Result<(), ConfigError> {
    for (key, value) in table {
        let Some((_, shape)) = keys.iter().find(|(k, _)| k == key) else {
            let known: Vec<String> = keys.iter().map(|(k, _)| (*k).to_string()).collect();
            return Err(unknown(path, key, &known));
        };
        let here = join(path, key);
        match (shape, value) {
            (Shape::Value, _) => {}
            (Shape::Table(inner), toml::Value::Table(t)) => check_shape(t, &here, inner)?,
            (Shape::Tables(inner), toml::Value::Array(items)) => {
                for item in items {
                    if let toml::Value::Table(t) = item {
                        check_shape(t, &here, inner)?;
                    }
                }
            }
            (Shape::Words(words), toml::Value::Table(t)) => {
                for k in t.keys() {
                    if !words.contains(&k.as_str()) {
                        let known: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
                        return Err(unknown(&here, k, &known));
                    }
                }
            }
            // A wrong kind of value is the typed reader's to report.
            _ => {}
        }
    }
    Ok(())
}

/// An unknown key, with the closest known one.
pub fn unknown(table: &str, key: &str, known: &[String]) -> ConfigError {
    ConfigError::UnknownKey {
        table: table.to_string(),
        key: key.to_string(),
        suggestion: crate::suggest::similar(key, known, 1).into_iter().next(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Parse a TOML file's text without ever quoting it in an error.
pub fn parse_toml(text: &str) -> Result<toml::Table, ConfigError> {
    toml::from_str(text).map_err(|e| toml_error(text, &e))
}

/// A TOML error as line, column and the parser's diagnosis, with every
/// quoted value elided (the file may be anything a link points at).
pub fn toml_error(text: &str, e: &toml::de::Error) -> ConfigError {
    let why = elide_quotes(e.message());
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            ConfigError::Syntax { line, column, why }
        }
        None => ConfigError::Invalid { why },
    }
}

/// `invalid type: string "secret", expected a boolean` → `… string "…", …`.
fn elide_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut inside = false;
    for c in s.chars() {
        match (c, inside) {
            ('"', false) => {
                out.push_str("\"…");
                inside = true;
            }
            ('"', true) => {
                out.push('"');
                inside = false;
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    if inside {
        out.push('"');
    }
    out
}

impl ConfigFile {
    /// Read `path`; or `./cratescope.toml` when `path` is None and it exists.
    pub fn load(path: Option<&Path>) -> Result<ConfigFile, Error> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => {
                let default = PathBuf::from("cratescope.toml");
                if !default.exists() {
                    return Ok(ConfigFile::default());
                }
                default
            }
        };
        let fail = |problem: ConfigError| Error::Config {
            path: path.clone(),
            problem,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            fail(ConfigError::Read {
                why: e.kind().to_string(),
            })
        })?;
        ConfigFile::parse(&text).map_err(fail)
    }

    /// Parse a configuration file's text, strictly (see the module docs).
    pub fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
        let table = parse_toml(text)?;
        let top: Vec<(&'static str, Shape)> =
            CONFIG_KEYS.iter().map(|k| (*k, Shape::Value)).collect();
        check_shape(&table, "", &top)?;
        let file: ConfigFile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        if let Some(u) = file.model.unknown_key(&cratescope_score::Model::embedded()) {
            return Err(unknown(&join("model", &u.table), &u.key, &u.candidates));
        }
        if file.evaluation_timeout_secs == Some(0) {
            return Err(ConfigError::BadValue {
                key: "evaluation_timeout_secs".into(),
                problem: BadValue::Zero,
            });
        }
        if file.run_timeout_secs == Some(0) {
            return Err(ConfigError::BadValue {
                key: "run_timeout_secs".into(),
                problem: BadValue::Zero,
            });
        }
        Ok(file)
    }
}

/// The default cache directory: the OS cache directory's `cratescope`
/// (`$XDG_CACHE_HOME` or `~/.cache` on Linux), else a temporary one.
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .map(|d| d.join("cratescope"))
        .unwrap_or_else(|| std::env::temp_dir().join("cratescope-cache"))
}

/// The default data directory: the OS data directory's `cratescope`
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux), else a temporary one.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("cratescope"))
        .unwrap_or_else(|| std::env::temp_dir().join("cratescope-data"))
}

/// The default history store: a SQLite file in the data directory.
pub fn default_database_url() -> String {
    cratescope_store::default_url_in(&default_data_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ConfigError {
        ConfigFile::parse(text).unwrap_err()
    }

    #[test]
    fn typos_are_named_with_table_key_and_the_closest_key() {
        match err("cache_dri = \"/tmp\"\n") {
            ConfigError::UnknownKey {
                table,
                key,
                suggestion,
            } => {
                assert_eq!((table.as_str(), key.as_str()), ("", "cache_dri"));
                assert_eq!(suggestion.as_deref(), Some("cache_dir"));
            }
            other => panic!("{other:?}"),
        }
        // A misspelled table is not silently ignored.
        assert!(matches!(
            err("[adit]\nmin_tier = \"mature\"\n"),
            ConfigError::UnknownKey { suggestion: Some(s), .. } if s == "audit"
        ));
        assert!(matches!(
            err("[transitive]\nmin_tier = \"mature\"\n"),
            ConfigError::UnknownKey { .. }
        ));
        // Inside [model], every table and key.
        match err("[model.thresholds]\nadvisory_db_stale_dayz = 9\n") {
            ConfigError::UnknownKey {
                table, suggestion, ..
            } => {
                assert_eq!(table, "model.thresholds");
                assert_eq!(suggestion.as_deref(), Some("advisory_db_stale_days"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            err("[model.audit]\nx = 1\n"),
            ConfigError::UnknownKey { .. }
        ));
        assert!(matches!(
            err("evaluation_timeout_secs = 0\n"),
            ConfigError::BadValue { .. }
        ));
        assert!(ConfigFile::parse("user_agent = \"me\"\n[audit]\n").is_ok());
    }

    #[test]
    fn errors_never_quote_the_file() {
        let e = err("user_agent = true\nsecret = \"TOKEN=abc\"\n");
        assert!(!e.to_string().contains("TOKEN"), "{e}");
        let e = err("user_agent = \"GITHUB_TOKEN=ghp_x\nnot toml");
        assert!(!e.to_string().contains("ghp_x"), "{e}");
        let e = err("cache_dir = 3\n");
        assert!(matches!(e, ConfigError::Syntax { line: 1, .. }), "{e:?}");
        assert_eq!(elide_quotes("a \"b\" c \"d"), "a \"…\" c \"…\"");
    }
}
