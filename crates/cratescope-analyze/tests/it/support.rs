//! Builds `.crate`-shaped tarballs in memory, including hostile ones that
//! `tar::Builder`'s own path checks would refuse.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// One tar entry to write.
pub enum Entry<'a> {
    File(&'a [u8], &'a [u8]),
    Symlink(&'a [u8], &'a [u8]),
    Dir(&'a [u8]),
}

/// A tar header whose name bytes are written verbatim (no validation).
fn raw_header(name: &[u8], size: u64, kind: tar::EntryType) -> tar::Header {
    let mut h = tar::Header::new_old();
    {
        let old = h.as_old_mut();
        let n = name.len().min(old.name.len());
        old.name[..n].copy_from_slice(&name[..n]);
    }
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(kind);
    h.set_cksum();
    h
}

/// Gzip-compressed tar of `entries`, names written as given.
pub fn crate_bytes(entries: &[Entry<'_>]) -> Vec<u8> {
    let gz = GzEncoder::new(Vec::new(), Compression::fast());
    let mut b = tar::Builder::new(gz);
    for e in entries {
        match e {
            Entry::File(name, data) => {
                let h = raw_header(name, data.len() as u64, tar::EntryType::Regular);
                b.append(&h, *data).expect("append file");
            }
            Entry::Symlink(name, target) => {
                let mut h = raw_header(name, 0, tar::EntryType::Symlink);
                h.set_link_name(std::str::from_utf8(target).expect("utf8 target"))
                    .expect("link name");
                h.set_cksum();
                b.append(&h, &[][..]).expect("append link");
            }
            Entry::Dir(name) => {
                let h = raw_header(name, 0, tar::EntryType::Directory);
                b.append(&h, &[][..]).expect("append dir");
            }
        }
    }
    b.into_inner().expect("tar").finish().expect("gzip")
}

/// A `.crate` of text files under `top/`.
pub fn crate_of(top: &str, files: &[(&str, &str)]) -> Vec<u8> {
    let named: Vec<(Vec<u8>, &[u8])> = files
        .iter()
        .map(|(p, c)| (format!("{top}/{p}").into_bytes(), c.as_bytes()))
        .collect();
    let entries: Vec<Entry<'_>> = named.iter().map(|(n, c)| Entry::File(n, c)).collect();
    crate_bytes(&entries)
}

/// A gzip stream of a tar holding one file of `size` zero bytes, written in
/// chunks so the test never holds the inflated size in memory.
pub fn zero_bomb(size: u64) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    let h = raw_header(b"bomb-0.1.0/zeros.bin", size, tar::EntryType::Regular);
    gz.write_all(h.as_bytes()).expect("header");
    let chunk = vec![0u8; 1 << 16];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        gz.write_all(&chunk[..n]).expect("data");
        left -= n as u64;
    }
    gz.finish().expect("gzip")
}
