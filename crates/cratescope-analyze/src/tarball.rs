//! Reads a published `.crate` (a gzip-compressed tar) into memory, safely.
//!
//! What it reads: every regular file under the archive's single top folder
//! (`{name}-{version}/`), with its path made relative to that folder and its
//! contents kept as raw bytes (text views decode lossily). Files no analysis
//! reads (compiled objects and libraries, images, compressed archives, C,
//! C++ and assembly sources: see [`content_unread`]) are inflated and
//! counted like any other, and listed with their size, but their bytes are
//! not kept: a `-sys` crate's vendored sources and a Windows import
//! library's objects are most of the bytes of a lockfile's archives.
//!
//! What it deliberately ignores or refuses:
//! - nothing is ever unpacked to disk (`tar::Archive::unpack` is never called),
//!   so hostile paths cannot escape anywhere; they are still rejected because
//!   cargo itself would refuse such an archive and it signals tampering;
//! - timestamps, owners and modes (cargo writes fixed, meaningless values);
//! - symlinks, hard links, devices and FIFOs are skipped and recorded;
//! - sizes are capped *while inflating*: a gzip bomb stops at the cap, not after
//!   inflating everything. Caps are the [`Limits`] (defaults are named
//!   constants with their reasons below).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::rc::Rc;

use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use flate2::bufread::GzDecoder;
use serde::{Deserialize, Serialize};

/// Default cap on the bytes inflated from the gzip stream (headers, padding and
/// file data together). crates.io refuses uploads whose *compressed* size is
/// above 10 MiB and whose *uncompressed* size is above 512 MiB; real crates are
/// far below that (the largest common ones inflate to a few tens of MiB), so
/// 256 MiB leaves room for data-heavy crates while bounding memory.
pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// Default cap on the number of archive entries. The biggest crates on
/// crates.io (API bindings such as `windows`) hold a few tens of thousands of
/// files; 50 000 admits them and stops archives made of millions of tiny
/// entries, which cost time and memory per entry even when empty.
pub const DEFAULT_MAX_ENTRIES: u64 = 50_000;

/// Default cap on the size of one file kept in memory. Source, manifests and
/// READMEs are small; a single file above 64 MiB is data (test vectors,
/// generated tables) that no analysis here reads, so it is skipped and recorded.
pub const DEFAULT_MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// Size caps applied while reading a `.crate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Maximum bytes inflated from the gzip stream, all entries together.
    pub max_total_bytes: u64,
    /// Maximum number of tar entries (of any kind).
    pub max_entries: u64,
    /// Maximum size of one regular file kept in memory; bigger ones are skipped.
    pub max_entry_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            max_entries: DEFAULT_MAX_ENTRIES,
            max_entry_bytes: DEFAULT_MAX_ENTRY_BYTES,
        }
    }
}

/// Why an archive entry was not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// A symbolic link (never followed).
    Symlink,
    /// A hard link (never followed).
    HardLink,
    /// A device, FIFO or other special entry.
    Special,
    /// A regular file larger than [`Limits::max_entry_bytes`].
    TooLarge {
        /// The size the tar header declared.
        size: u64,
    },
}

/// An archive entry that was seen but not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// Path relative to the top folder (lossily decoded if not UTF-8).
    pub path: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// File extensions whose content no analysis reads: the file is listed
/// (its path counts for the package's layout) but its bytes are not kept.
/// Analyses read Rust sources, manifests, READMEs, workflows, the VCS info
/// and the files a doc attribute includes; none of these is a compiled
/// object, an image, a compressed archive or a C, C++ or assembly source.
/// Matched case-sensitively on the text after the last `.` of the name
/// (`.S` and `.s` are both assembly).
const UNREAD_EXTENSIONS: &[&str] = &[
    // compiled objects, libraries and executables
    "a", "lib", "o", "obj", "so", "dll", "dylib", "exe", "pdb", "rlib", "rmeta", "wasm",
    // images and fonts
    "png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "ttf", "otf", "woff", "woff2",
    // compressed archives
    "gz", "tgz", "xz", "bz2", "zst", "zip", "7z",
    // C, C++, assembly and the perl that generates assembly
    "c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx", "S", "s", "asm", "pl",
];

/// Whether the content of the file at `path` is left unread (see
/// [`UNREAD_EXTENSIONS`]).
pub fn content_unread(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => UNREAD_EXTENSIONS.contains(&ext),
        _ => false,
    }
}

/// The files of a `.crate`, held in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrateFiles {
    /// The single top folder, normally `{name}-{version}`.
    pub top: String,
    /// Regular files by path relative to [`CrateFiles::top`], `/`-separated.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Regular files whose content was not kept ([`content_unread`]), by
    /// path, with their size: present for [`CrateFiles::contains`] and
    /// [`CrateFiles::paths`], absent for [`CrateFiles::get`].
    pub unread: BTreeMap<String, u64>,
    /// Entries seen but not kept.
    pub skipped: Vec<SkippedEntry>,
    /// Oddities that did not stop reading (non-UTF-8 paths, duplicates).
    pub warnings: Vec<Message>,
    /// Size of the `.crate` file read, in bytes (0 when built in memory).
    pub packed_size: u64,
}

impl CrateFiles {
    /// The raw bytes of the file at `path` (relative to the top folder).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// The file at `path` as text; invalid UTF-8 is replaced, never an error.
    pub fn text(&self, path: &str) -> Option<Cow<'_, str>> {
        self.get(path).map(String::from_utf8_lossy)
    }

    /// Whether a file exists at `path` (its content kept or not).
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.unread.contains_key(path)
    }

    /// The paths of every regular file, content kept or not, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut kept = self.files.keys().map(String::as_str).peekable();
        let mut unread = self.unread.keys().map(String::as_str).peekable();
        std::iter::from_fn(move || match (kept.peek(), unread.peek()) {
            (Some(k), Some(u)) if u < k => unread.next(),
            (Some(_), _) => kept.next(),
            (None, _) => unread.next(),
        })
    }

    /// Builds a `CrateFiles` from in-memory files (for callers that already
    /// hold an unpacked tree, and for tests).
    pub fn from_files<I, P, C>(top: &str, files: I) -> Self
    where
        I: IntoIterator<Item = (P, C)>,
        P: Into<String>,
        C: Into<Vec<u8>>,
    {
        Self {
            top: top.to_owned(),
            files: files
                .into_iter()
                .map(|(p, c)| (p.into(), c.into()))
                .collect(),
            unread: BTreeMap::new(),
            skipped: Vec::new(),
            warnings: Default::default(),
            packed_size: 0,
        }
    }
}

/// Errors reading a `.crate`.
#[derive(Debug, thiserror::Error)]
pub enum TarballError {
    /// The gzip stream or tar structure is corrupt or truncated.
    #[error("failed to read .crate archive")]
    Read(#[source] io::Error),
    /// Reading the entry `path` failed (corrupt or truncated data).
    #[error("failed to read entry `{path}` of .crate archive")]
    Entry {
        /// The entry's path as found in the archive (lossy).
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// An entry has an absolute path or a `..` component.
    #[error("unsafe path in .crate archive: `{path}`")]
    UnsafePath {
        /// The entry's path as found in the archive (lossy).
        path: String,
    },
    /// An entry lies outside the archive's single top folder.
    #[error("entry `{path}` is outside the top folder `{top}` of .crate archive")]
    OutsideTopFolder {
        /// The entry's path as found in the archive (lossy).
        path: String,
        /// The top folder set by the first entry.
        top: String,
    },
    /// More entries than [`Limits::max_entries`].
    #[error(".crate archive has more than {limit} entries")]
    TooManyEntries {
        /// The cap that was hit.
        limit: u64,
    },
    /// More inflated bytes than [`Limits::max_total_bytes`].
    #[error(".crate archive inflates to more than {limit} bytes")]
    TooLarge {
        /// The cap that was hit.
        limit: u64,
    },
    /// The archive holds no entries at all.
    #[error(".crate archive is empty")]
    Empty,
}

impl TarballError {
    /// What a user reads: paths verbatim, the OS or inflater failure in its
    /// own words.
    pub fn message(&self) -> Message {
        match self {
            TarballError::Read(e) => msg!("tarball-read", why = Arg::text(e.to_string())),
            TarballError::Entry { path, source } => msg!(
                "tarball-entry-read",
                path = Arg::code(path.clone()),
                why = Arg::text(source.to_string())
            ),
            TarballError::UnsafePath { path } => {
                msg!("tarball-unsafe-path", path = Arg::code(path.clone()))
            }
            TarballError::OutsideTopFolder { path, top } => msg!(
                "tarball-outside-top",
                path = Arg::code(path.clone()),
                top = Arg::code(top.clone())
            ),
            TarballError::TooManyEntries { limit } => {
                msg!("tarball-too-many-entries", limit = Arg::Count(*limit))
            }
            TarballError::TooLarge { limit } => {
                msg!("tarball-too-large", limit = Arg::Bytes(*limit))
            }
            TarballError::Empty => msg!("tarball-empty"),
        }
    }
}

/// A reader that fails once more than `limit` bytes went through it, so the
/// inflater stops at the cap instead of running to the end of a bomb.
struct CappedReader<R> {
    inner: R,
    read: Rc<Cell<u64>>,
    limit: u64,
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let used = self.read.get();
        if used > self.limit {
            return Err(io::Error::other("inflated size cap exceeded"));
        }
        // Never ask for more than one byte past the cap: enough to detect the
        // overflow without inflating further.
        let room = usize::try_from(self.limit - used + 1).unwrap_or(usize::MAX);
        let want = buf.len().min(room);
        let n = self.inner.read(&mut buf[..want])?;
        self.read.set(used + n as u64);
        if self.read.get() > self.limit {
            return Err(io::Error::other("inflated size cap exceeded"));
        }
        Ok(n)
    }
}

/// Splits a tar path into components, refusing absolute paths and `..`.
/// `.` and empty components (from `a//b` or a trailing `/`) are dropped.
fn components(raw: &[u8]) -> Option<Vec<&[u8]>> {
    if raw.first() == Some(&b'/') {
        return None;
    }
    let mut out = Vec::new();
    for part in raw.split(|b| *b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => return None,
            // A Windows drive prefix or a backslash-separated `..` would be
            // harmless here, but cargo never writes them: treat as hostile.
            p if p.contains(&b'\\') && p.split(|b| *b == b'\\').any(|s| s == b"..") => {
                return None;
            }
            p => out.push(p),
        }
    }
    Some(out)
}

/// Reads a `.crate` (gzip tar) from memory into [`CrateFiles`].
///
/// Every entry must live under one top folder. Sizes are capped by `limits`
/// while inflating. Directories are implied by file paths and not recorded.
pub fn read_crate(bytes: &[u8], limits: &Limits) -> Result<CrateFiles, TarballError> {
    read_entries(bytes, limits, None)
}

/// Reads only the package's `Cargo.toml` from a `.crate`: the entries
/// before it are checked as [`read_crate`] checks them, their contents are
/// not kept, and reading stops at it (cargo packs it among the first
/// entries). Without one, the result holds no file.
pub fn read_crate_manifest(bytes: &[u8], limits: &Limits) -> Result<CrateFiles, TarballError> {
    read_entries(bytes, limits, Some("Cargo.toml"))
}

/// [`read_crate`], keeping only the file at `only` when given (and
/// stopping once it is read).
fn read_entries(
    bytes: &[u8],
    limits: &Limits,
    only: Option<&str>,
) -> Result<CrateFiles, TarballError> {
    let counter = Rc::new(Cell::new(0u64));
    let reader = CappedReader {
        inner: GzDecoder::new(bytes),
        read: Rc::clone(&counter),
        limit: limits.max_total_bytes,
    };
    let mut archive = tar::Archive::new(reader);
    let entries = archive
        .entries()
        .map_err(|e| over_cap_or(&counter, limits, e, TarballError::Read))?;

    let mut out = CrateFiles {
        packed_size: bytes.len() as u64,
        ..CrateFiles::default()
    };
    let mut top: Option<Vec<u8>> = None;
    let mut count: u64 = 0;
    for entry in entries {
        let mut entry = entry.map_err(|e| over_cap_or(&counter, limits, e, TarballError::Read))?;
        count += 1;
        if count > limits.max_entries {
            return Err(TarballError::TooManyEntries {
                limit: limits.max_entries,
            });
        }
        let raw_path = entry.path_bytes().into_owned();
        let lossy = String::from_utf8_lossy(&raw_path).into_owned();
        let parts = components(&raw_path).ok_or_else(|| TarballError::UnsafePath {
            path: lossy.clone(),
        })?;
        let Some((first, rest)) = parts.split_first() else {
            // The path was only `.` or `/`-free emptiness: nothing to keep.
            continue;
        };
        match &top {
            None => top = Some(first.to_vec()),
            Some(t) if t.as_slice() != *first => {
                return Err(TarballError::OutsideTopFolder {
                    path: lossy,
                    top: String::from_utf8_lossy(t).into_owned(),
                });
            }
            Some(_) => {}
        }
        let rel_bytes = rest.join(&b'/');
        let rel = match String::from_utf8(rel_bytes) {
            Ok(s) => s,
            Err(e) => {
                let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
                out.warnings
                    .push(msg!("tarball-path-not-utf8", path = Arg::code(s.clone())));
                s
            }
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_symlink() || kind.is_hard_link() {
            out.skipped.push(SkippedEntry {
                path: rel,
                reason: if kind.is_symlink() {
                    SkipReason::Symlink
                } else {
                    SkipReason::HardLink
                },
            });
            continue;
        }
        if !(kind.is_file() || kind.is_contiguous()) {
            out.skipped.push(SkippedEntry {
                path: rel,
                reason: SkipReason::Special,
            });
            continue;
        }
        if rest.is_empty() {
            // A regular file *named* like the top folder: outside any folder.
            return Err(TarballError::OutsideTopFolder {
                path: lossy.clone(),
                top: lossy,
            });
        }
        if only.is_some_and(|want| want != rel) {
            continue;
        }
        let size = entry.size();
        if size > limits.max_entry_bytes {
            out.skipped.push(SkippedEntry {
                path: rel,
                reason: SkipReason::TooLarge { size },
            });
            continue;
        }
        if only.is_none() && content_unread(&rel) {
            // Inflated (the tar reader skips the data) and counted against
            // the total cap all the same; only the bytes are not kept.
            if out.unread.insert(rel.clone(), size).is_some() {
                out.warnings.push(msg!(
                    "tarball-entry-duplicate",
                    path = Arg::code(rel.clone())
                ));
            }
            continue;
        }
        // The header size is attacker-controlled: read through `take` so a
        // lying header cannot make us hold more than the per-entry cap.
        let mut data = Vec::with_capacity(usize::try_from(size.min(1 << 20)).unwrap_or(0));
        (&mut entry)
            .take(limits.max_entry_bytes)
            .read_to_end(&mut data)
            .map_err(|e| {
                over_cap_or(&counter, limits, e, |source| TarballError::Entry {
                    path: lossy.clone(),
                    source,
                })
            })?;
        if out.files.insert(rel.clone(), data).is_some() {
            out.warnings.push(msg!(
                "tarball-entry-duplicate",
                path = Arg::code(rel.clone())
            ));
        }
        if only.is_some() {
            break;
        }
    }
    match top {
        Some(t) => out.top = String::from_utf8_lossy(&t).into_owned(),
        None => return Err(TarballError::Empty),
    }
    Ok(out)
}

/// Maps an I/O error to [`TarballError::TooLarge`] when the inflate cap was
/// the cause, else through `other`.
fn over_cap_or(
    counter: &Cell<u64>,
    limits: &Limits,
    e: io::Error,
    other: impl FnOnce(io::Error) -> TarballError,
) -> TarballError {
    if counter.get() > limits.max_total_bytes {
        TarballError::TooLarge {
            limit: limits.max_total_bytes,
        }
    } else {
        other(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capped_reader_stops_an_endless_stream_at_the_cap() {
        const CAP: u64 = 10_000;
        let counter = Rc::new(Cell::new(0u64));
        let mut r = CappedReader {
            inner: io::repeat(0),
            read: Rc::clone(&counter),
            limit: CAP,
        };
        let mut sink = Vec::new();
        let err = r
            .read_to_end(&mut sink)
            .expect_err("endless input must hit the cap");
        assert_eq!(err.kind(), io::ErrorKind::Other);
        // It read at most one byte past the cap, not "everything".
        assert_eq!(counter.get(), CAP + 1);
        assert!(sink.len() as u64 <= CAP + 1);
    }
}
