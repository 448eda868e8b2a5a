//! [`Index`]: a crate's release history and its `.crate` files, from the
//! sparse index over HTTP, cargo's local cache, or cratescope's cache.
//!
//! Online, the sparse index is authoritative (fetched through
//! [`HttpClient`], so cached, revalidated and served stale when the network
//! fails) and cargo's `.cache` is the fallback. Offline, cargo's cache comes
//! first and ours second. Every answer says where it came from.
//! Deliberately ignored: the git index protocol and registry authentication.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cratescope_http::{HttpClient, HttpError, HttpRequest, HttpResponse, endpoints, write_atomic};
use cratescope_model::{Arg, Message, msg};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use crate::cargo_cache::{
    default_cargo_home, find_cargo_tarballs, read_cargo_cache, registry_index_dirs,
};
use crate::download::{RegistryConfig, download_url, is_sha256_hex, sha256_hex};
use crate::entry::{Release, parse_index_file};
use crate::error::IndexError;
use crate::name::{index_path, validate_crate_name};

/// Largest index file accepted (one crate's every version, one JSON line
/// each): the biggest real ones are a few MiB; a server sending more is
/// refused before it exhausts memory.
pub const MAX_INDEX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Largest `config.json` accepted: it holds two URLs.
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024;
/// Largest `.crate` downloaded: crates.io's default upload limit is 10 MB
/// and raised limits stay far below this; the analysis caps what it
/// inflates separately.
pub const MAX_CRATE_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// Index files change only when a version is published or yanked; half an
/// hour keeps a session from re-asking while still seeing new releases the
/// same day (and revalidation is a cheap conditional request where the
/// server supports it).
pub const INDEX_TTL: Duration = Duration::from_secs(30 * 60);
/// `config.json` practically never changes.
pub const CONFIG_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Where and how to read the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexConfig {
    /// Sparse index root (a `sparse+` prefix is accepted and dropped).
    pub url: String,
    /// Cargo's home; `None` means `$CARGO_HOME`, else `~/.cargo`.
    pub cargo_home: Option<PathBuf>,
    /// Read caches only.
    pub offline: bool,
    /// How long a fetched index file is used without asking the server
    /// (zero: revalidate every time, e.g. for a `--refresh`).
    pub index_ttl: Duration,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            url: endpoints::SPARSE_INDEX.to_owned(),
            cargo_home: None,
            offline: false,
            index_ttl: INDEX_TTL,
        }
    }
}

/// How fresh an HTTP-sourced answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Freshness {
    /// Downloaded just now.
    Fetched,
    /// The server confirmed our cached copy just now (304).
    Revalidated,
    /// Our cached copy, within its TTL.
    Cached,
    /// Our cached copy past its TTL (network failed, or offline).
    Stale,
}

/// Where an [`IndexCrate`] came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum IndexOrigin {
    /// The sparse index over HTTP (possibly through our cache).
    Http {
        /// The index file's URL.
        url: String,
        /// When the server last confirmed the content.
        fetched_at: Timestamp,
        /// Seconds between `fetched_at` and the read.
        age_seconds: i64,
        /// Fresh, revalidated, cached or stale.
        freshness: Freshness,
    },
    /// Cargo's `.cache` file.
    CargoCache {
        /// The file read.
        path: PathBuf,
        /// Its modification time: when cargo last refreshed it.
        modified: Option<Timestamp>,
    },
}

/// A crate's index file, parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexCrate {
    /// The name as the index spells it (the request's name if no release).
    pub name: String,
    /// Releases in publish order, as in the file.
    pub releases: Vec<Release>,
    /// Lines skipped or fields dropped, and fallbacks taken.
    pub warnings: Vec<Message>,
    /// Where the data came from.
    pub origin: IndexOrigin,
}

/// Where a `.crate` file came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CrateOrigin {
    /// Cargo's `registry/cache`.
    CargoCache {
        /// The file read.
        path: PathBuf,
    },
    /// cratescope's `crates/` cache.
    Cache {
        /// The file read.
        path: PathBuf,
    },
    /// Downloaded just now (and cached).
    Download {
        /// The URL fetched.
        url: String,
    },
}

/// A verified `.crate` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateBytes {
    /// The gzip tarball, checksum verified.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: CrateOrigin,
}

/// Access to one registry's index and tarballs.
#[derive(Debug, Clone)]
pub struct Index {
    /// Index root, with a trailing slash.
    url: String,
    /// Host name, as cargo names its directories after it.
    host: String,
    cargo_home: Option<PathBuf>,
    offline: bool,
    index_ttl: Duration,
    http: HttpClient,
    registry_config: std::sync::Arc<OnceCell<RegistryConfig>>,
}

/// The host part of a URL, without scheme, credentials or port.
fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    authority.split(':').next().unwrap_or_default().to_owned()
}

fn age_seconds(fetched_at: Timestamp) -> i64 {
    Timestamp::now().duration_since(fetched_at).as_secs()
}

fn freshness(response: &HttpResponse) -> Freshness {
    match (response.from_cache, response.revalidated, response.stale) {
        (_, _, true) => Freshness::Stale,
        (_, true, _) => Freshness::Revalidated,
        (true, _, _) => Freshness::Cached,
        _ => Freshness::Fetched,
    }
}

impl Index {
    /// An index reader; nothing is fetched until asked.
    pub fn new(config: IndexConfig, http: HttpClient) -> Self {
        let mut url = config
            .url
            .strip_prefix("sparse+")
            .unwrap_or(&config.url)
            .to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        let offline = config.offline || http.is_offline();
        Index {
            host: url_host(&url),
            url,
            cargo_home: config.cargo_home.or_else(default_cargo_home),
            offline,
            index_ttl: config.index_ttl,
            http,
            registry_config: std::sync::Arc::new(OnceCell::new()),
        }
    }

    /// The index root URL (with a trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    fn index_request(&self, name: &str) -> HttpRequest {
        HttpRequest::new(format!("{}{}", self.url, index_path(name)))
            .ttl(self.index_ttl)
            .max_body(MAX_INDEX_FILE_BYTES)
    }

    /// Every release of `name`, in publish order.
    pub async fn crate_releases(&self, name: &str) -> Result<IndexCrate, IndexError> {
        validate_crate_name(name).map_err(|problem| IndexError::InvalidName {
            name: name.to_owned(),
            problem,
        })?;
        let req = self.index_request(name);
        if self.offline {
            return self.offline_releases(name, &req);
        }
        match self.http.get(&req).await {
            Ok(response) => Ok(from_http(name, &response)),
            Err(HttpError::NotFound { .. }) | Err(HttpError::Status { status: 403, .. }) => {
                Err(IndexError::NotFound {
                    name: name.to_owned(),
                })
            }
            Err(source) => match self.read_from_cargo_cache(name) {
                Ok(Some(mut krate)) => {
                    krate.warnings.insert(
                        0,
                        msg!("index-fell-back-to-cargo-cache", why = source.message()),
                    );
                    Ok(krate)
                }
                Ok(None) | Err(_) => Err(IndexError::Unavailable {
                    name: name.to_owned(),
                    source,
                }),
            },
        }
    }

    fn offline_releases(&self, name: &str, req: &HttpRequest) -> Result<IndexCrate, IndexError> {
        let cargo = self.read_from_cargo_cache(name);
        if let Ok(Some(krate)) = cargo {
            return Ok(krate);
        }
        if let Some(response) = self.http.get_cached(req) {
            return Ok(from_http(name, &response));
        }
        match cargo {
            Err(e) => Err(e),
            _ => Err(IndexError::NotCached {
                name: name.to_owned(),
            }),
        }
    }

    fn read_from_cargo_cache(&self, name: &str) -> Result<Option<IndexCrate>, IndexError> {
        let Some(home) = &self.cargo_home else {
            return Ok(None);
        };
        let hit = read_cargo_cache(home, &self.host, name).map_err(|(path, source)| {
            IndexError::CargoCache {
                name: name.to_owned(),
                path,
                source,
            }
        })?;
        Ok(hit.map(|hit| {
            let mut warnings = hit.file.parsed.warnings;
            let releases = vet_releases(name, hit.file.parsed.releases, &mut warnings);
            IndexCrate {
                name: crate_name(name, &releases),
                releases,
                warnings,
                origin: IndexOrigin::CargoCache {
                    path: hit.path,
                    modified: hit.modified,
                },
            }
        }))
    }

    /// The registry's `config.json` (fetched once per `Index` and cached on
    /// disk; cargo's copy is used offline or when the network fails).
    pub async fn registry_config(&self) -> Result<RegistryConfig, IndexError> {
        self.registry_config
            .get_or_try_init(|| self.load_registry_config())
            .await
            .cloned()
    }

    async fn load_registry_config(&self) -> Result<RegistryConfig, IndexError> {
        let url = format!("{}config.json", self.url);
        let req = HttpRequest::new(url.clone())
            .ttl(CONFIG_TTL)
            .max_body(MAX_CONFIG_BYTES);
        let fetched = if self.offline {
            self.http
                .get_cached(&req)
                .ok_or(HttpError::Offline { url: url.clone() })
        } else {
            self.http.get(&req).await
        };
        let fetch_error = match fetched {
            Ok(response) => {
                return serde_json::from_slice(&response.body).map_err(|source| {
                    IndexError::ConfigParse {
                        location: url,
                        source,
                    }
                });
            }
            Err(e) => e,
        };
        if let Some(path) = self.cargo_config_path() {
            let bytes = std::fs::read(&path).map_err(|source| IndexError::Io {
                path: path.clone(),
                source,
            })?;
            return serde_json::from_slice(&bytes).map_err(|source| IndexError::ConfigParse {
                location: path.display().to_string(),
                source,
            });
        }
        Err(IndexError::ConfigFetch {
            url,
            source: fetch_error,
        })
    }

    fn cargo_config_path(&self) -> Option<PathBuf> {
        let home = self.cargo_home.as_ref()?;
        registry_index_dirs(home, &self.host)
            .into_iter()
            .map(|dir| dir.join("config.json"))
            .find(|p| p.is_file())
    }

    /// The `.crate` file of `name` `version`, verified against `cksum` (the
    /// index's hex SHA-256). Looks in cargo's cache, then ours, then
    /// downloads (and caches) it.
    pub async fn download_crate(
        &self,
        name: &str,
        version: &semver::Version,
        cksum: &str,
    ) -> Result<CrateBytes, IndexError> {
        validate_crate_name(name).map_err(|problem| IndexError::InvalidName {
            name: name.to_owned(),
            problem,
        })?;
        let version_text = version.to_string();
        if !is_sha256_hex(cksum) {
            return Err(IndexError::InvalidChecksum {
                name: name.to_owned(),
                version: version_text,
                cksum: cksum.to_owned(),
            });
        }
        let expected = cksum.to_ascii_lowercase();

        // Cargo's cache holds every registry's tarballs side by side: a file
        // that does not match may be another registry's crate of the same
        // name, so it is passed over rather than reported.
        if let Some(home) = &self.cargo_home {
            for path in find_cargo_tarballs(home, name, &version_text) {
                if let Ok(bytes) = tokio::fs::read(&path).await
                    && sha256_hex(&bytes) == expected
                {
                    return Ok(CrateBytes {
                        bytes,
                        origin: CrateOrigin::CargoCache { path },
                    });
                }
            }
        }

        let cached_path = self.crate_cache_path(name, &version_text);
        if let Ok(bytes) = tokio::fs::read(&cached_path).await {
            if sha256_hex(&bytes) == expected {
                return Ok(CrateBytes {
                    bytes,
                    origin: CrateOrigin::Cache { path: cached_path },
                });
            }
            // Corrupt or tampered: never serve it again. Failing to delete
            // is harmless, it is re-checked on every read.
            let _ = tokio::fs::remove_file(&cached_path).await;
        }

        if self.offline {
            return Err(IndexError::CrateNotCached {
                name: name.to_owned(),
                version: version_text,
            });
        }
        let config = self.registry_config().await?;
        let url = download_url(&config.dl, name, &version_text, &expected);
        // Tarballs are cached by us, verified, under `crates/`; keeping a
        // second copy in the HTTP cache would only double the disk use.
        let response = self
            .http
            .get(
                &HttpRequest::new(url.clone())
                    .no_cache()
                    .max_body(MAX_CRATE_FILE_BYTES),
            )
            .await
            .map_err(|source| IndexError::Download {
                name: name.to_owned(),
                version: version_text.clone(),
                source,
            })?;
        let actual = sha256_hex(&response.body);
        if actual != expected {
            return Err(IndexError::ChecksumMismatch {
                name: name.to_owned(),
                version: version_text,
                from: url,
                expected,
                actual,
            });
        }
        // A failed cache write only costs a later re-download.
        let _ = write_atomic(&cached_path, &response.body);
        Ok(CrateBytes {
            bytes: response.body,
            origin: CrateOrigin::Download { url },
        })
    }

    /// Where cratescope caches `name-version.crate`.
    pub fn crate_cache_path(&self, name: &str, version: &str) -> PathBuf {
        crate_cache_path(self.http.cache_dir(), name, version)
    }
}

/// `cache_dir/crates/<name>/<name>-<version>.crate`.
fn crate_cache_path(cache_dir: &Path, name: &str, version: &str) -> PathBuf {
    cache_dir
        .join("crates")
        .join(name)
        .join(format!("{name}-{version}.crate"))
}

fn crate_name(requested: &str, releases: &[Release]) -> String {
    releases
        .first()
        .map_or_else(|| requested.to_owned(), |r| r.name.clone())
}

/// Keeps the lines that describe the requested crate, once per version.
///
/// The index file is chosen by the requested name, so every line must name
/// it (case aside: the path is lowercased, the line keeps the original
/// case); a line naming another crate is refused rather than allowed to
/// rename the crate being evaluated. Versions are unique ignoring build
/// metadata: a repeated one keeps its first line.
pub(crate) fn vet_releases(
    requested: &str,
    releases: Vec<Release>,
    warnings: &mut Vec<Message>,
) -> Vec<Release> {
    let mut seen = std::collections::BTreeSet::new();
    let mut kept = Vec::with_capacity(releases.len());
    for r in releases {
        if !r.name.eq_ignore_ascii_case(requested) {
            warnings.push(msg!(
                "index-line-other-crate",
                other = Arg::krate(r.name.clone()),
                krate = Arg::krate(requested)
            ));
            continue;
        }
        let key = (
            r.version.major,
            r.version.minor,
            r.version.patch,
            r.version.pre.clone(),
        );
        if !seen.insert(key) {
            warnings.push(msg!(
                "index-line-duplicate-version",
                krate = Arg::krate(r.name.clone()),
                version = &r.version
            ));
            continue;
        }
        kept.push(r);
    }
    kept
}

fn from_http(name: &str, response: &HttpResponse) -> IndexCrate {
    let text = String::from_utf8_lossy(&response.body);
    let parsed = parse_index_file(&text);
    let mut warnings = parsed.warnings;
    if std::str::from_utf8(&response.body).is_err() {
        warnings.insert(0, msg!("index-file-not-utf8"));
    }
    let releases = vet_releases(name, parsed.releases, &mut warnings);
    IndexCrate {
        name: crate_name(name, &releases),
        releases,
        warnings,
        origin: IndexOrigin::Http {
            url: response.url.clone(),
            fetched_at: response.fetched_at,
            age_seconds: age_seconds(response.fetched_at),
            freshness: freshness(response),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_extracted_like_cargo_names_directories() {
        assert_eq!(url_host("https://index.crates.io/"), "index.crates.io");
        assert_eq!(url_host("http://127.0.0.1:8080/index/"), "127.0.0.1");
        assert_eq!(url_host("https://u:p@example.org:1/"), "example.org");
    }
}
