use cratescope_analyze::{Limits, SkipReason, TarballError, read_crate, read_crate_manifest};

use crate::support::{Entry, crate_bytes, crate_of, zero_bomb};

#[test]
fn files_are_read_relative_to_the_top_folder_and_links_are_skipped() {
    let bytes = crate_bytes(&[
        Entry::Dir(b"demo-1.0.0/"),
        Entry::File(b"demo-1.0.0/Cargo.toml", b"[package]\nname = \"demo\"\n"),
        Entry::File(b"demo-1.0.0/src/lib.rs", b"pub fn f() {}\n"),
        Entry::Symlink(b"demo-1.0.0/src/link.rs", b"../../etc/passwd"),
    ]);
    let files = read_crate(&bytes, &Limits::default()).expect("valid crate");
    assert_eq!(files.top, "demo-1.0.0");
    assert_eq!(
        files.paths().collect::<Vec<_>>(),
        ["Cargo.toml", "src/lib.rs"]
    );
    assert_eq!(files.text("src/lib.rs").as_deref(), Some("pub fn f() {}\n"));
    assert_eq!(files.skipped.len(), 1);
    assert_eq!(files.skipped[0].path, "src/link.rs");
    assert_eq!(files.skipped[0].reason, SkipReason::Symlink);
}

#[test]
fn foreign_and_binary_files_are_listed_without_their_bytes() {
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/Cargo.toml", b"[package]\nname = \"demo\"\n"),
        Entry::File(
            b"demo-1.0.0/aws/crypto.c",
            b"int main(void) { return 0; }\n",
        ),
        Entry::File(b"demo-1.0.0/lib/libdemo.a", &[0u8; 300]),
        Entry::File(b"demo-1.0.0/asm/x86.S", b"ret\n"),
        Entry::File(b"demo-1.0.0/README.md", b"# demo\n"),
        Entry::File(b"demo-1.0.0/src/lib.rs", b"pub fn f() {}\n"),
        // Names that look like an extension but are not one, and text
        // kinds a doc attribute may include, keep their bytes.
        Entry::File(b"demo-1.0.0/.c", b"dotfile"),
        Entry::File(b"demo-1.0.0/docs/intro.txt", b"intro"),
    ]);
    let files = read_crate(&bytes, &Limits::default()).expect("valid crate");
    assert_eq!(
        files.paths().collect::<Vec<_>>(),
        [
            ".c",
            "Cargo.toml",
            "README.md",
            "asm/x86.S",
            "aws/crypto.c",
            "docs/intro.txt",
            "lib/libdemo.a",
            "src/lib.rs"
        ],
        "every regular file is listed, in order, its bytes kept or not"
    );
    for unread in ["aws/crypto.c", "lib/libdemo.a", "asm/x86.S"] {
        assert!(files.contains(unread), "{unread} is listed");
        assert_eq!(files.get(unread), None, "{unread} bytes are not kept");
    }
    assert_eq!(files.unread.get("lib/libdemo.a"), Some(&300));
    assert_eq!(files.get(".c"), Some(&b"dotfile"[..]));
    assert_eq!(files.text("docs/intro.txt").as_deref(), Some("intro"));
    assert_eq!(files.text("src/lib.rs").as_deref(), Some("pub fn f() {}\n"));
    assert!(files.skipped.is_empty() && files.warnings.is_empty());
}

#[test]
fn parent_components_are_refused_naming_the_entry() {
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/Cargo.toml", b""),
        Entry::File(b"demo-1.0.0/../x", b"evil"),
    ]);
    match read_crate(&bytes, &Limits::default()) {
        Err(TarballError::UnsafePath { path }) => assert_eq!(path, "demo-1.0.0/../x"),
        other => panic!("expected UnsafePath, got {other:?}"),
    }
}

#[test]
fn absolute_paths_are_refused() {
    let bytes = crate_bytes(&[Entry::File(b"/etc/x", b"evil")]);
    let err = read_crate(&bytes, &Limits::default()).expect_err("absolute path");
    assert!(matches!(&err, TarballError::UnsafePath { path } if path == "/etc/x"));
    assert_eq!(err.to_string(), "unsafe path in .crate archive: `/etc/x`");
}

#[test]
fn entries_outside_the_single_top_folder_are_refused() {
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/Cargo.toml", b""),
        Entry::File(b"other-1.0.0/src/lib.rs", b""),
    ]);
    match read_crate(&bytes, &Limits::default()) {
        Err(TarballError::OutsideTopFolder { path, top }) => {
            assert_eq!(path, "other-1.0.0/src/lib.rs");
            assert_eq!(top, "demo-1.0.0");
        }
        other => panic!("expected OutsideTopFolder, got {other:?}"),
    }
}

#[test]
fn an_entry_above_the_size_cap_is_skipped_and_the_rest_kept() {
    let big = vec![b'x'; 4096];
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/data.bin", &big),
        Entry::File(b"demo-1.0.0/src/lib.rs", b"//! small\n"),
    ]);
    let limits = Limits {
        max_entry_bytes: 1024,
        ..Limits::default()
    };
    let files = read_crate(&bytes, &limits).expect("readable");
    assert!(!files.contains("data.bin"));
    assert!(files.contains("src/lib.rs"));
    assert_eq!(files.skipped[0].reason, SkipReason::TooLarge { size: 4096 });
}

#[test]
fn too_many_entries_stop_reading() {
    let names: Vec<Vec<u8>> = (0..20)
        .map(|i| format!("demo-1.0.0/f{i}").into_bytes())
        .collect();
    let entries: Vec<Entry<'_>> = names.iter().map(|n| Entry::File(n, b"x")).collect();
    let bytes = crate_bytes(&entries);
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let err = read_crate(&bytes, &limits).expect_err("too many");
    assert!(matches!(err, TarballError::TooManyEntries { limit: 10 }));
    // With room for all of them the same archive reads fine.
    assert_eq!(
        read_crate(&bytes, &Limits::default())
            .expect("ok")
            .files
            .len(),
        20
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_total_cap() {
    const INFLATED: u64 = 32 * 1024 * 1024;
    let bomb = zero_bomb(INFLATED);
    // The bomb is tiny compared to what it inflates to.
    assert!(
        (bomb.len() as u64) < INFLATED / 100,
        "bomb is {} bytes",
        bomb.len()
    );
    let limits = Limits {
        max_total_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let err = read_crate(&bomb, &limits).expect_err("bomb");
    assert!(
        matches!(err, TarballError::TooLarge { limit } if limit == 1024 * 1024),
        "{err:?}"
    );
}

#[test]
fn corrupt_and_truncated_archives_are_clear_errors() {
    let err = read_crate(b"definitely not gzip", &Limits::default()).expect_err("corrupt");
    assert!(matches!(err, TarballError::Read(_)), "{err:?}");
    assert_eq!(err.to_string(), "failed to read .crate archive");

    let good = crate_of("demo-1.0.0", &[("src/lib.rs", &"// filler\n".repeat(2000))]);
    let cut = &good[..good.len() / 2];
    let err = read_crate(cut, &Limits::default()).expect_err("truncated");
    assert!(
        matches!(err, TarballError::Read(_) | TarballError::Entry { .. }),
        "{err:?}"
    );
    assert!(
        std::error::Error::source(&err).is_some(),
        "source is chained"
    );

    assert!(matches!(
        read_crate(&crate_bytes(&[]), &Limits::default()),
        Err(TarballError::Empty)
    ));
}

#[test]
fn non_utf8_contents_are_kept_as_bytes_and_paths_decoded_lossily() {
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/src/lib.rs", b"// caf\xe9\npub fn f() {}\n"),
        Entry::File(b"demo-1.0.0/data/\xff\xfe.txt", b"x"),
    ]);
    let files = read_crate(&bytes, &Limits::default()).expect("readable");
    assert_eq!(files.get("src/lib.rs").map(<[u8]>::len), Some(22));
    assert!(
        files
            .text("src/lib.rs")
            .is_some_and(|t| t.contains("caf\u{fffd}"))
    );
    assert!(files.contains("data/\u{fffd}\u{fffd}.txt"));
    assert_eq!(files.warnings.len(), 1);
}

#[test]
fn corrupted_bytes_never_panic_the_reader_or_the_analysis() {
    let good = crate_of(
        "demo-1.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n[features]\ndefault = [\"a\"]\na = [\"b\"]\nb = [\"a\"]\n",
            ),
            (
                "src/lib.rs",
                "//! x\npub mod m;\n#[cfg(feature = \"a\")]\npub fn f() { unsafe {} }\n",
            ),
            (
                "src/m.rs",
                "#[path = \"../../../etc/passwd\"]\nmod evil;\npub use self::m::*;\npub use super::*;\n",
            ),
        ],
    );
    assert!(read_crate(&good, &Limits::default()).is_ok());
    let mut readable = 0;
    // Flip each byte in turn (stepping through the stream) and also cut the
    // stream at each position: any outcome is fine except a panic.
    for i in (0..good.len()).step_by(3) {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        for input in [&bad[..], &good[..i]] {
            if let Ok(files) = read_crate(input, &Limits::default()) {
                readable += 1;
                let _ = cratescope_analyze::analyze(&files);
            }
        }
    }
    // Some flips land in gzip header fields that do not matter.
    assert!(readable > 0);
}

#[test]
fn the_manifest_alone_is_read_up_to_cargo_toml_with_the_same_checks() {
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/.cargo_vcs_info.json", b"{}"),
        Entry::File(b"demo-1.0.0/Cargo.toml", b"[package]\nname = \"demo\"\n"),
        Entry::File(b"demo-1.0.0/src/lib.rs", b"pub fn f() {}\n"),
        // After the manifest: never reached, so not refused either.
        Entry::File(b"demo-1.0.0/../x", b"evil"),
    ]);
    let files = read_crate_manifest(&bytes, &Limits::default()).expect("manifest");
    assert_eq!(files.top, "demo-1.0.0");
    assert_eq!(files.paths().collect::<Vec<_>>(), ["Cargo.toml"]);
    // Before it, an unsafe entry is refused as read_crate refuses it.
    let bytes = crate_bytes(&[
        Entry::File(b"demo-1.0.0/../x", b"evil"),
        Entry::File(b"demo-1.0.0/Cargo.toml", b"[package]\n"),
    ]);
    assert!(matches!(
        read_crate_manifest(&bytes, &Limits::default()),
        Err(TarballError::UnsafePath { .. })
    ));
    // No manifest: nothing kept, not an error.
    let bytes = crate_bytes(&[Entry::File(b"demo-1.0.0/src/lib.rs", b"")]);
    let files = read_crate_manifest(&bytes, &Limits::default()).expect("read");
    assert_eq!(files.paths().count(), 0);
}
