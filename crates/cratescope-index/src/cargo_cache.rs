//! Reading cargo's own cache under `$CARGO_HOME/registry` (DATA-SOURCES §1b).
//!
//! Two things are read: the sparse-index cache files
//! `registry/index/<host>-<hash>/.cache/<index path>` (cargo's binary
//! format: cache version 3, index schema 2, a header, then
//! `version NUL json NUL` pairs) and downloaded tarballs
//! `registry/cache/<registry>/<name>-<version>.crate`.
//!
//! Cargo's cache is only read, never written or locked: cargo owns it.
//! Deliberately ignored: the git-index layout (`github.com-<hash>/`), the
//! unpacked sources under `registry/src/`, and the header's ETag (we never
//! revalidate cargo's copy; its file time says how old it is).

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::entry::{ParsedIndex, parse_into, skipped};
use crate::name::index_path;
use cratescope_model::{Arg, msg};

/// The `.cache` format version cargo writes (`CURRENT_CACHE_VERSION`).
pub const CACHE_VERSION: u8 = 3;
/// The index schema version cargo stores after it (`INDEX_V_MAX`); cargo
/// discards files written for another schema, and so do we.
pub const CACHE_INDEX_SCHEMA: u32 = 2;
/// Bytes before the header string: one version byte, a u32 schema.
const PREAMBLE_LEN: usize = 5;

/// Why a `.cache` file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheFileError {
    /// Shorter than the fixed preamble.
    #[error("the file is too short to be a cargo index cache")]
    TooShort,
    /// The first byte is not [`CACHE_VERSION`].
    #[error("unsupported cache version {0} (expected 3)")]
    UnsupportedVersion(u8),
    /// The schema is not [`CACHE_INDEX_SCHEMA`].
    #[error("unsupported index schema version {0} (expected 2)")]
    UnsupportedSchema(u32),
    /// The header string is not NUL-terminated.
    #[error("the header is not terminated")]
    UnterminatedHeader,
}

/// The content of a `.cache` file.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheFile {
    /// The index version header (`etag: …`, `last-modified: …` or `Unknown`).
    pub header: String,
    /// Entries parsed from the stored JSON lines.
    pub parsed: ParsedIndex,
}

/// Parses the bytes of a cargo `.cache` file.
///
/// A truncated final pair (a crash while cargo wrote it) is reported as a
/// warning; the pairs before it are kept.
pub fn parse_cache_file(bytes: &[u8]) -> Result<CacheFile, CacheFileError> {
    let (&version, rest) = bytes.split_first().ok_or(CacheFileError::TooShort)?;
    if version != CACHE_VERSION {
        return Err(CacheFileError::UnsupportedVersion(version));
    }
    let schema_bytes: [u8; 4] = rest
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .ok_or(CacheFileError::TooShort)?;
    let schema = u32::from_le_bytes(schema_bytes);
    if schema != CACHE_INDEX_SCHEMA {
        return Err(CacheFileError::UnsupportedSchema(schema));
    }
    let body = bytes.get(PREAMBLE_LEN..).unwrap_or_default();
    let fields = nul_fields(body);
    // One piece is a body without a NUL: the header never ended.
    let Some((header_bytes, rest)) = fields.split_first().filter(|(_, rest)| !rest.is_empty())
    else {
        return Err(CacheFileError::UnterminatedHeader);
    };
    let header = String::from_utf8_lossy(header_bytes).into_owned();
    // There is one empty piece after the final NUL; drop it so an intact
    // file has an even number of fields.
    let pieces = match rest.split_last() {
        Some((&[], before)) => before,
        _ => rest,
    };
    let mut parsed = ParsedIndex::default();
    for (index, pair) in pieces.chunks(2).enumerate() {
        let place = || msg!("index-where-cache-entry", n = index + 1);
        let [version, json] = pair else {
            parsed
                .warnings
                .push(skipped(place(), msg!("index-cache-entry-truncated")));
            continue;
        };
        match std::str::from_utf8(json) {
            Ok(line) => parse_into(&mut parsed, line, place),
            Err(_) => parsed.warnings.push(skipped(
                place(),
                msg!(
                    "index-cache-entry-not-utf8",
                    version = Arg::version(String::from_utf8_lossy(version))
                ),
            )),
        }
    }
    Ok(CacheFile { header, parsed })
}

/// The pieces of `body` between NUL bytes, as `split` on NUL gives them
/// (the piece after the last NUL included), found with `memchr`: splitting
/// byte by byte was a sixth of parsing cargo's index cache.
fn nul_fields(body: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for nul in memchr::memchr_iter(0, body) {
        pieces.push(body.get(start..nul).unwrap_or_default());
        start = nul + 1;
    }
    pieces.push(body.get(start..).unwrap_or_default());
    pieces
}

/// `$CARGO_HOME`, else `~/.cargo`; `None` when neither can be determined.
pub fn default_cargo_home() -> Option<PathBuf> {
    match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => Some(PathBuf::from(home)),
        _ => dirs::home_dir().map(|home| home.join(".cargo")),
    }
}

fn modified(path: &Path) -> Option<Timestamp> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    Timestamp::try_from(time).ok()
}

/// Cargo's sparse-registry directories for `host`
/// (`registry/index/<host>-<hash>/`), newest first. Several exist when
/// different cargo versions hashed the URL differently.
pub fn registry_index_dirs(cargo_home: &Path, host: &str) -> Vec<PathBuf> {
    let prefix = format!("{host}-");
    let Ok(entries) = std::fs::read_dir(cargo_home.join("registry").join("index")) else {
        return Vec::new();
    };
    let mut dirs: Vec<(Option<Timestamp>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|p| (modified(&p), p))
        .collect();
    dirs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    dirs.into_iter().map(|(_, p)| p).collect()
}

/// A crate read from cargo's index cache.
#[derive(Debug, Clone)]
pub struct CargoCacheHit {
    /// The `.cache` file read.
    pub path: PathBuf,
    /// Its modification time (when cargo last refreshed it).
    pub modified: Option<Timestamp>,
    /// The parsed file.
    pub file: CacheFile,
}

/// Finds and parses `name`'s `.cache` file in cargo's registry directories
/// for `host`. `Ok(None)` when no directory has it; when the only copies are
/// unreadable, the first problem is returned.
pub fn read_cargo_cache(
    cargo_home: &Path,
    host: &str,
    name: &str,
) -> Result<Option<CargoCacheHit>, (PathBuf, CargoCacheReadError)> {
    let relative = index_path(name);
    let mut first_problem = None;
    for dir in registry_index_dirs(cargo_home, host) {
        let path = dir.join(".cache").join(&relative);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                first_problem.get_or_insert((path, CargoCacheReadError::Io(e)));
                continue;
            }
        };
        match parse_cache_file(&bytes) {
            Ok(file) => {
                return Ok(Some(CargoCacheHit {
                    modified: modified(&path),
                    path,
                    file,
                }));
            }
            Err(e) => {
                first_problem.get_or_insert((path, CargoCacheReadError::Format(e)));
            }
        }
    }
    match first_problem {
        Some(problem) => Err(problem),
        None => Ok(None),
    }
}

/// Why a cargo cache file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CargoCacheReadError {
    /// Reading the file failed.
    #[error("failed to read the file")]
    Io(#[source] std::io::Error),
    /// The file's format was rejected.
    #[error(transparent)]
    Format(#[from] CacheFileError),
}

/// Every `registry/cache/*/<name>-<version>.crate` file in cargo's cache
/// (one per registry that has it), in a stable order.
pub fn find_cargo_tarballs(cargo_home: &Path, name: &str, version: &str) -> Vec<PathBuf> {
    let file_name = format!("{name}-{version}.crate");
    let Ok(entries) = std::fs::read_dir(cargo_home.join("registry").join("cache")) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path().join(&file_name))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_bytes(version: u8, schema: u32, header: &str, pairs: &[(&str, &str)]) -> Vec<u8> {
        let mut out = vec![version];
        out.extend_from_slice(&schema.to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        out.push(0);
        for (v, json) in pairs {
            out.extend_from_slice(v.as_bytes());
            out.push(0);
            out.extend_from_slice(json.as_bytes());
            out.push(0);
        }
        out
    }

    const LINE: &str =
        r#"{"name":"x","vers":"0.1.0","deps":[],"cksum":"00","features":{},"yanked":false}"#;

    #[test]
    fn fields_split_at_every_nul_as_split_does() {
        let mut cases: Vec<Vec<u8>> =
            vec![vec![], vec![0], vec![0, 0], b"a".to_vec(), b"a\0".to_vec()];
        cases.push(b"\0a\0\0bc\0d".to_vec());
        for len in [31, 32, 33, 100] {
            cases.push(
                (0..len)
                    .map(|i| if i % 7 == 3 { 0 } else { b'x' })
                    .collect(),
            );
        }
        for b in &cases {
            let by_split: Vec<&[u8]> = b.split(|&c| c == 0).collect();
            assert_eq!(nul_fields(b), by_split, "{b:?}");
        }
    }

    #[test]
    fn versions_and_schema_are_checked() {
        assert_eq!(parse_cache_file(&[]), Err(CacheFileError::TooShort));
        assert_eq!(parse_cache_file(&[3, 2]), Err(CacheFileError::TooShort));
        assert_eq!(
            parse_cache_file(&cache_bytes(1, 2, "Unknown", &[])),
            Err(CacheFileError::UnsupportedVersion(1))
        );
        assert_eq!(
            parse_cache_file(&cache_bytes(3, 1, "Unknown", &[])),
            Err(CacheFileError::UnsupportedSchema(1))
        );
        assert_eq!(
            parse_cache_file(&[3, 2, 0, 0, 0, b'U']),
            Err(CacheFileError::UnterminatedHeader)
        );
    }

    #[test]
    fn pairs_are_parsed_and_truncation_warned() {
        let mut bytes = cache_bytes(3, 2, "etag: \"abc\"", &[("0.1.0", LINE)]);
        let file = parse_cache_file(&bytes).unwrap();
        assert_eq!(file.header, "etag: \"abc\"");
        assert_eq!(file.parsed.releases.len(), 1);
        assert!(file.parsed.warnings.is_empty());
        // A version with no JSON after it: cargo died mid-write.
        bytes.extend_from_slice(b"0.2.0\0");
        let file = parse_cache_file(&bytes).unwrap();
        assert_eq!(file.parsed.releases.len(), 1);
        assert_eq!(
            file.parsed.warnings,
            [skipped(
                msg!("index-where-cache-entry", n = 2usize),
                msg!("index-cache-entry-truncated")
            )]
        );
    }
}
