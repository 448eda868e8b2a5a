//! Walking the dump archive without unpacking it: `db-dump.tar.gz` (one top
//! folder `YYYY-MM-DD-HHMMSS/` holding `metadata.json` and `data/*.csv`,
//! streamed entry by entry in the archive's order) or `db-dump.zip` (the same
//! files without the top folder, read in the order the importer prefers).
//!
//! Nothing is written to disk and no entry is held in memory whole: each CSV
//! is handed to the visitor as a reader over the decompressed stream.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use crate::Progress;
use crate::error::DumpError;

/// Which container the file is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    TarGz,
    Zip,
}

/// Receives the archive's files.
pub(crate) trait Visitor {
    /// The tar's top folder named this instant (Unix seconds); called before
    /// any file. Zip archives have no top folder: not called.
    fn top_folder(&mut self, time: i64) -> Result<(), DumpError>;
    /// One file, by its path below the top folder (`metadata.json`,
    /// `data/crates.csv`, …).
    fn file(&mut self, name: &str, reader: &mut dyn Read) -> Result<(), DumpError>;
}

/// Reads the magic bytes.
pub(crate) fn container(path: &Path) -> Result<Container, DumpError> {
    let mut head = [0u8; 4];
    let mut f = File::open(path).map_err(|source| DumpError::Read {
        archive: path.to_path_buf(),
        file: None,
        source,
    })?;
    let n = read_up_to(&mut f, &mut head).map_err(|source| DumpError::Read {
        archive: path.to_path_buf(),
        file: None,
        source,
    })?;
    match &head[..n] {
        [0x1f, 0x8b, ..] => Ok(Container::TarGz),
        [b'P', b'K', 3, 4] => Ok(Container::Zip),
        _ => Err(DumpError::Layout {
            archive: path.to_path_buf(),
            problem: "neither a .tar.gz nor a .zip file".into(),
        }),
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Counts compressed bytes read, for progress.
struct Counting<R> {
    inner: R,
    progress: Arc<dyn Progress>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

/// Bytes handed over per chunk by the inflating thread.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks in flight: enough to smooth out the parser's pauses (a large
/// record, a hash map growing), few enough to bound memory (16 MiB).
const CHUNKS_IN_FLIGHT: usize = 16;

/// A reader whose bytes are produced by another thread (the inflater),
/// chunk by chunk. A read error on that side arrives here in order; when
/// this side is dropped early (an error in a row), the thread stops at its
/// next send.
struct Inflated {
    rx: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Inflated {
    fn spawn<R: Read + Send + 'static>(mut inner: R) -> Inflated {
        let (tx, rx) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
        std::thread::spawn(move || {
            loop {
                let mut buf = vec![0u8; CHUNK_BYTES];
                let mut n = 0;
                let outcome = loop {
                    match inner.read(&mut buf[n..]) {
                        Ok(0) => break Ok(true),
                        Ok(k) => {
                            n += k;
                            if n == buf.len() {
                                break Ok(false);
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => break Err(e),
                    }
                };
                buf.truncate(n);
                let end = match outcome {
                    Ok(end) => {
                        if !buf.is_empty() && tx.send(Ok(buf)).is_err() {
                            return;
                        }
                        end
                    }
                    Err(e) => {
                        if !buf.is_empty() && tx.send(Ok(buf)).is_err() {
                            return;
                        }
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                if end {
                    return;
                }
            }
        });
        Inflated {
            rx,
            chunk: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for Inflated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.chunk.len() {
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                // The thread ended after the last chunk.
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = buf.len().min(self.chunk.len() - self.pos);
        buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// `YYYY-MM-DD-HHMMSS` (the tar's top folder) to Unix seconds.
pub(crate) fn parse_folder_time(name: &str) -> Option<i64> {
    let b = name.as_bytes();
    if b.len() != 17 || b[10] != b'-' {
        return None;
    }
    let stamp = format!(
        "{} {}:{}:{}",
        &name[..10],
        &name[11..13],
        &name[13..15],
        &name[15..17]
    );
    crate::csvread::parse_timestamp(stamp.as_bytes())
}

/// Visits every file of the archive at `path`.
pub(crate) fn walk(
    path: &Path,
    zip_order: &[&str],
    progress: Arc<dyn Progress>,
    visitor: &mut dyn Visitor,
) -> Result<(), DumpError> {
    let kind = container(path)?;
    let file = File::open(path).map_err(|source| DumpError::Read {
        archive: path.to_path_buf(),
        file: None,
        source,
    })?;
    if let Ok(m) = file.metadata() {
        progress.start(m.len());
    }
    match kind {
        Container::TarGz => walk_tar(path, file, progress, visitor),
        Container::Zip => walk_zip(path, file, zip_order, visitor),
    }
}

fn walk_tar(
    path: &Path,
    file: File,
    progress: Arc<dyn Progress>,
    visitor: &mut dyn Visitor,
) -> Result<(), DumpError> {
    let read_err = |file: Option<String>| {
        move |source: std::io::Error| DumpError::Read {
            archive: path.to_path_buf(),
            file,
            source,
        }
    };
    let counting = Counting {
        inner: BufReader::with_capacity(1 << 20, file),
        progress,
    };
    // Inflating and parsing take about the same time: inflate on a thread
    // of its own, so the two overlap on a machine with two cores.
    let gz = Inflated::spawn(flate2::read::MultiGzDecoder::new(counting));
    let mut tar = tar::Archive::new(gz);
    let mut top: Option<String> = None;
    for entry in tar.entries().map_err(read_err(None))? {
        let mut entry = entry.map_err(read_err(None))?;
        let name = entry
            .path()
            .map_err(read_err(None))?
            .to_string_lossy()
            .into_owned();
        let mut parts = name.split('/').filter(|p| !p.is_empty() && *p != ".");
        let Some(first) = parts.next() else { continue };
        let rest: Vec<&str> = parts.collect();
        if rest.contains(&"..") || name.starts_with('/') {
            return Err(DumpError::Layout {
                archive: path.to_path_buf(),
                problem: format!("unsafe entry path `{name}`"),
            });
        }
        match &top {
            None => {
                let time = parse_folder_time(first).ok_or_else(|| DumpError::Layout {
                    archive: path.to_path_buf(),
                    problem: format!(
                        "the first entry `{name}` is not under a `YYYY-MM-DD-HHMMSS/` folder"
                    ),
                })?;
                visitor.top_folder(time)?;
                top = Some(first.to_owned());
            }
            Some(t) if t != first => {
                return Err(DumpError::Layout {
                    archive: path.to_path_buf(),
                    problem: format!("entry `{name}` is outside the top folder `{t}/`"),
                });
            }
            Some(_) => {}
        }
        if !entry.header().entry_type().is_file() || rest.is_empty() {
            continue;
        }
        let rel = rest.join("/");
        visitor.file(&rel, &mut entry)?;
    }
    if top.is_none() {
        return Err(DumpError::Layout {
            archive: path.to_path_buf(),
            problem: "the archive is empty".into(),
        });
    }
    Ok(())
}

fn walk_zip(
    path: &Path,
    file: File,
    order: &[&str],
    visitor: &mut dyn Visitor,
) -> Result<(), DumpError> {
    let zip_err = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(source) => DumpError::Read {
            archive: path.to_path_buf(),
            file: None,
            source,
        },
        other => DumpError::Layout {
            archive: path.to_path_buf(),
            problem: format!("unreadable zip: {other}"),
        },
    };
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(zip_err)?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .map_err(zip_err)?;
    // The zip has no top folder; accept one anyway (a re-zipped tar).
    let prefix = names
        .iter()
        .find_map(|n| n.strip_suffix("metadata.json"))
        .filter(|p| p.is_empty() || (p.ends_with('/') && p.matches('/').count() == 1))
        .ok_or_else(|| DumpError::Layout {
            archive: path.to_path_buf(),
            problem: "no `metadata.json` at the top of the zip".into(),
        })?
        .to_owned();
    let mut wanted: Vec<&str> = order.to_vec();
    for n in &names {
        if let Some(rel) = n.strip_prefix(prefix.as_str())
            && !wanted.contains(&rel)
            && !rel.ends_with('/')
        {
            wanted.push(rel);
        }
    }
    for rel in wanted {
        let full = format!("{prefix}{rel}");
        if !names.contains(&full) {
            continue;
        }
        let mut f = zip.by_name(&full).map_err(|e| match e {
            zip::result::ZipError::Io(source) => DumpError::Read {
                archive: path.to_path_buf(),
                file: Some(rel.to_owned()),
                source,
            },
            other => DumpError::Layout {
                archive: path.to_path_buf(),
                problem: format!("unreadable zip entry `{rel}`: {other}"),
            },
        })?;
        visitor.file(rel, &mut f)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_folder_time;

    #[test]
    fn folder_names() {
        let want: jiff::Timestamp = "2026-11-24T02:00:27Z".parse().unwrap();
        assert_eq!(
            parse_folder_time("2026-11-24-020027"),
            Some(want.as_second())
        );
        assert_eq!(parse_folder_time("2026-11-24"), None);
        assert_eq!(parse_folder_time("db-dump-xxxxxxxxx"), None);
    }
}
