//! The catalog covers every message the program can say, in every language.
//!
//! - Every id built with `msg!("…"` anywhere under `crates/*/src` has a form
//!   in English and in Chinese (a new message without a translation fails
//!   here, not in front of a reader).
//! - Both languages define the same ids.
//! - Every file of the catalog parses, and no id is defined twice.
//!
//! The other half of the guarantee — rendering the messages of real
//! evaluations in Chinese finds no English — is `tests/zh_no_english.rs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cratescope_model::Lang;
use cratescope_report::catalog::catalog;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `(file, id)` of every `msg!("id"` in the sources of every crate.
fn ids_in_code() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for krate in std::fs::read_dir(workspace().join("crates"))
        .unwrap()
        .flatten()
    {
        rust_files(&krate.path().join("src"), &mut files);
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for id in scan(&text) {
            out.push((f.display().to_string(), id));
        }
    }
    out
}

/// The ids of `msg!("…"` in one file. Unit tests (after `#[cfg(test)]`)
/// build made-up messages on purpose; comments show the macro's syntax.
fn scan(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("msg!(") {
        rest = rest[i + 5..].trim_start();
        // `msg!($id…` in the macro's own definition has no literal.
        let Some(lit) = rest.strip_prefix('"') else {
            continue;
        };
        let Some(end) = lit.find('"') else { break };
        out.push(lit[..end].to_string());
        rest = &lit[end..];
    }
    out
}

#[test]
fn the_scan_finds_ids_in_code_and_skips_comments_and_unit_tests() {
    let sample = "let a = msg!(\"one\", n = 1); let b = (msg!(\"two\"), msg!(\"three\"));\n\
                  let c = msg!(\n    \"four\",\n    n = 2\n);\n\
                  // msg!(\"in-a-comment\")\n#[cfg(test)]\nmsg!(\"in-a-test\")";
    assert_eq!(scan(sample), ["one", "two", "three", "four"]);
}

#[test]
fn every_id_in_the_code_has_a_form_in_every_language() {
    let cat = catalog();
    let used = ids_in_code();
    let mut missing = Vec::new();
    for (file, id) in &used {
        for lang in [Lang::En, Lang::Zh] {
            if !cat.has(lang, id) {
                missing.push(format!("{id} ({lang:?}) used in {file}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages without a form:\n{}",
        missing.join("\n")
    );
}

#[test]
fn both_languages_define_the_same_ids_once() {
    let cat = catalog();
    assert!(cat.load_errors.is_empty(), "{:#?}", cat.load_errors);
    let en = cat.ids(Lang::En);
    let zh = cat.ids(Lang::Zh);
    for (lang, ids) in [("en", &en), ("zh", &zh)] {
        let set: BTreeSet<_> = ids.iter().collect();
        assert_eq!(set.len(), ids.len(), "an id is defined twice in {lang}");
    }
    let en: BTreeSet<_> = en.into_iter().collect();
    let zh: BTreeSet<_> = zh.into_iter().collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "only in en: {only_en:?}");
    assert!(only_zh.is_empty(), "only in zh: {only_zh:?}");
    assert_eq!(
        cat.areas(Lang::En),
        cat.areas(Lang::Zh),
        "one file per area in each language"
    );
}
