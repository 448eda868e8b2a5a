//! Configuration: `cratescope.toml` (or `--config FILE`). Every key can also be
//! given as an environment variable or a flag; flags beat env beats file
//! (CLI.md). Endpoints default to the public ones in `cratescope_http::endpoints`.

use std::path::{Path, PathBuf};

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
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Config {
            path: path.display().to_string(),
            source: Box::new(e),
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.display().to_string(),
            source: Box::new(e),
        })
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
