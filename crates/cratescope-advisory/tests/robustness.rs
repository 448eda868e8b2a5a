//! The advisory loader on damaged files (issue 17): real advisories from the
//! RustSec snapshot, cut short, with a line replaced or bytes flipped. The
//! strict loader (what `audit` uses) refuses with the file named; the
//! tolerant one (what `eval` uses) skips the file with a warning; neither
//! panics.

use std::path::PathBuf;

use cratescope_advisory::AdvisoryDb;
use proptest::prelude::*;

fn snapshot() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/advisory-db")
}

/// A few real advisory files of different shapes.
fn originals() -> Vec<String> {
    let mut out = Vec::new();
    for krate in ["abi_stable", "smallvec", "failure", "time", "hyper"] {
        let dir = snapshot().join("crates").join(krate);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                out.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    assert!(out.len() >= 5, "the snapshot's advisories are missing");
    out
}

fn damaged() -> impl Strategy<Value = Vec<u8>> {
    let files = originals();
    (
        0..files.len(),
        any::<prop::sample::Index>(),
        0usize..4,
        ".{0,30}",
        any::<u8>(),
    )
        .prop_map(move |(f, at, how, junk, byte)| {
            let text = &files[f];
            let mut bytes = text.as_bytes().to_vec();
            let i = at.index(bytes.len().max(1));
            match how {
                0 => bytes.truncate(i),
                1 => bytes[i] = byte,
                2 => {
                    let lines: Vec<&str> = text.lines().collect();
                    let l = at.index(lines.len());
                    let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                    v[l] = junk;
                    bytes = v.join("\n").into_bytes();
                }
                _ => {
                    let tail = bytes.split_off(i);
                    bytes.extend(junk.bytes());
                    bytes.extend(tail);
                }
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn damaged_advisories_are_refused_or_skipped_never_a_panic(bytes in damaged()) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crates").join("demo").join("RUSTSEC-2099-0001.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &bytes).unwrap();
        match AdvisoryDb::load_strict(dir.path()) {
            Ok(db) => prop_assert!(db.len() <= 1),
            Err(e) => {
                let mut cur: Option<&dyn std::error::Error> = Some(&e);
                let mut all = String::new();
                while let Some(c) = cur {
                    all.push_str(&c.to_string());
                    cur = c.source();
                }
                prop_assert!(all.contains("RUSTSEC-2099-0001"), "{all}");
            }
        }
        let tolerant = AdvisoryDb::load(dir.path());
        prop_assert!(tolerant.is_ok(), "{:?}", tolerant.err());
    }
}
