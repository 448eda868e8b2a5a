//! Interning of the dump's short repeated texts: version requirements
//! (`^1.0`), platform targets (`cfg(unix)`), `rust_version`s and version
//! numbers. Twelve million dependency rows hold a few hundred thousand
//! distinct requirements, so each row keeps a 4-byte id instead of a string.
//! Id 0 is the empty text (a column left blank), so "none" costs nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes: short keys, no attacker-chosen collisions to
/// fear beyond a slower import (the table is bounded by the dump's size).
#[derive(Default)]
pub(crate) struct BytesHasher(u64);

impl Hasher for BytesHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Distinct texts, each with a dense id in order of first appearance.
#[derive(Debug)]
pub(crate) struct Interner {
    ids: HashMap<Box<[u8]>, u32, BuildHasherDefault<BytesHasher>>,
    texts: Vec<String>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            ids: HashMap::default(),
            texts: vec![String::new()],
        }
    }
}

impl Interner {
    /// The id of `text` (0 for the empty text). Not UTF-8 is the caller's
    /// error to report; here it is kept lossily.
    pub(crate) fn id(&mut self, text: &[u8]) -> u32 {
        if text.is_empty() {
            return 0;
        }
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.texts.push(String::from_utf8_lossy(text).into_owned());
        self.ids.insert(text.into(), id);
        id
    }

    /// The texts by id (index 0 is the empty text).
    pub(crate) fn into_texts(self) -> Vec<String> {
        self.texts
    }
}

/// Texts to bytes: a count, then each length and its bytes (little endian).
pub(crate) fn encode(texts: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + texts.iter().map(|t| t.len() + 4).sum::<usize>());
    out.extend_from_slice(&(texts.len() as u32).to_le_bytes());
    for t in texts {
        out.extend_from_slice(&(t.len() as u32).to_le_bytes());
        out.extend_from_slice(t.as_bytes());
    }
    out
}

/// The reverse of [`encode`]; None for damaged bytes.
pub(crate) fn decode(b: &[u8]) -> Option<Vec<String>> {
    let u32_at = |i: usize| -> Option<u32> {
        let s = b.get(i..i + 4)?;
        Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let n = u32_at(0)? as usize;
    // Each text needs at least its length prefix.
    if n > b.len() / 4 {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut pos = 4;
    for _ in 0..n {
        let len = u32_at(pos)? as usize;
        pos += 4;
        let bytes = b.get(pos..pos.checked_add(len)?)?;
        out.push(String::from_utf8(bytes.to_vec()).ok()?);
        pos += len;
    }
    (pos == b.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_and_zero_is_empty() {
        let mut i = Interner::default();
        assert_eq!(i.id(b""), 0);
        assert_eq!(i.id(b"^1.0"), 1);
        assert_eq!(i.id(b"cfg(unix)"), 2);
        assert_eq!(i.id(b"^1.0"), 1);
        let texts = i.into_texts();
        assert_eq!(texts, vec!["", "^1.0", "cfg(unix)"]);
        assert_eq!(decode(&encode(&texts)), Some(texts));
    }

    #[test]
    fn damaged_bytes_decode_to_none() {
        let good = encode(&["a".into(), "bc".into()]);
        for cut in 0..good.len() {
            assert_eq!(decode(&good[..cut]), None, "cut at {cut}");
        }
        let mut huge = good.clone();
        huge[4] = 0xff;
        assert_eq!(decode(&huge), None);
        assert_eq!(decode(&[0xff, 0xff, 0xff, 0x7f]), None);
    }
}
