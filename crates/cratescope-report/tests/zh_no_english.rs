//! A Chinese reader reads no English sentence.
//!
//! Every message of a large set of real evaluations is rendered in Chinese,
//! with the values that are verbatim by nature (crate names, versions, ids,
//! code, text from outside such as an advisory title) marked by the
//! renderer; what is left must hold no English word of three or more
//! letters, but for a short list of technical names a Chinese text keeps as
//! they are (crates.io, RustSec, README…). A message the code still writes
//! as English text (a "legacy" message) fails too, unless its text is input
//! data of the test (facts recorded before messages existed).
//!
//! The evaluations: the 34 calibration crates' recorded facts (registry
//! index, `.crate`, RustSec; crates.io, GitHub, docs.rs and git not read),
//! each also with its package and advisory database taken away (every
//! "unavailable" path of the signals that read them), and the score crate's
//! whole model in every language.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cratescope_model::{Facts, Lang, Message, Messages, SourceId, SourceRecord};
use cratescope_report::catalog::{Mode, VERBATIM_END, VERBATIM_START, catalog};
use cratescope_score::{Model, evaluate};

/// Technical names a Chinese text keeps in Latin letters.
const KEPT: &[&str] = &[
    "crates.io",
    "docs.rs",
    "RustSec",
    "GitHub",
    "README",
    "MSRV",
    "API",
    "SPDX",
    "crate",
    "Rust",
    "rust-version",
    "nightly",
    "unsafe",
    "no_std",
    "std",
    "git",
    "cargo",
    "examples/",
    "fuzz/",
    "forbid(unsafe_code)",
    "feature",
    "bench",
    "MVP",
    "SARIF",
    "JSON",
    "Markdown",
    "HTML",
    "URL",
    "HTTP",
    "KiB",
    "MiB",
    "GiB",
    "TiB",
];

fn calibration_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cratescope-score/tests/calibration/facts")
}

/// Every recorded fact file, parsed, with its text.
fn recorded() -> Vec<(String, Facts, String)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(calibration_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let facts: Facts = serde_json::from_str(&text).unwrap();
        out.push((p.file_name().unwrap().to_string_lossy().into(), facts, text));
    }
    assert!(out.len() >= 30, "calibration facts not found");
    out
}

/// The same facts with a source taken away, as a run that could not read it.
fn without(mut f: Facts, id: SourceId) -> Facts {
    match id {
        SourceId::Tarball => f.package = None,
        SourceId::Advisories => f.advisories = None,
        SourceId::Index => f.dependency_latest = None,
        _ => {}
    }
    f.sources.retain(|s| s.id != id);
    f.sources.push(SourceRecord::unavailable(
        id,
        cratescope_model::msg!("test-source-taken-away"),
    ));
    f
}

/// English words left in a Chinese rendering once verbatim spans, code
/// spans and kept names are removed.
fn english_words(rendered: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut text = String::new();
    let mut inside = 0usize;
    for c in rendered.chars() {
        match c {
            VERBATIM_START => inside += 1,
            VERBATIM_END => inside = inside.saturating_sub(1),
            _ if inside > 0 => {}
            _ => text.push(c),
        }
    }
    // `code` spans of the catalog.
    let mut plain = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            plain.push_str(part);
            plain.push(' ');
        }
    }
    let mut kept: Vec<&str> = KEPT.to_vec();
    kept.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in kept {
        plain = plain.replace(k, " ");
    }
    for a in allowed {
        plain = plain.replace(a.as_str(), " ");
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// Signal, gate and dimension ids appear in sentences as ids.
fn ids() -> BTreeSet<String> {
    let m = Model::embedded();
    let mut ids: BTreeSet<String> = cratescope_score::signal::REGISTRY
        .iter()
        .map(|d| d.id.to_string())
        .collect();
    ids.extend(
        cratescope_score::gate::REGISTRY
            .iter()
            .map(|g| g.id.to_string()),
    );
    ids.extend(m.scenarios.iter().map(|s| s.id.clone()));
    ids
}

fn check(label: &str, msgs: &[Message], input: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let cat = catalog();
    let mut bad = Vec::new();
    for m in msgs {
        let mut legacy = Vec::new();
        m.walk(&mut |x| {
            if let Some(t) = x.legacy_text()
                && !input.contains(&serde_json::to_string(t).unwrap()[1..t.len() + 1])
            {
                legacy.push(t.to_string());
            }
        });
        for t in legacy {
            bad.push(format!("{label}: English text instead of a message: {t:?}"));
        }
        let (zh, errors) = cat.render_checked(Lang::Zh, m, Mode::Marked);
        for e in errors {
            bad.push(format!("{label}: {e}"));
        }
        let words = english_words(&zh, allowed);
        if !words.is_empty() {
            bad.push(format!("{label}: {} → {words:?} in {zh:?}", m.id));
        }
    }
    bad
}

#[test]
fn the_calibration_crates_read_in_chinese_have_no_english_sentence() {
    let model = Model::embedded();
    let allowed = ids();
    let mut bad = Vec::new();
    let mut rendered = 0usize;
    for (name, facts, text) in recorded() {
        let variants = [
            ("recorded", facts.clone()),
            ("no package", without(facts.clone(), SourceId::Tarball)),
            (
                "no advisories",
                without(facts.clone(), SourceId::Advisories),
            ),
            ("no latest versions", without(facts, SourceId::Index)),
        ];
        for (what, f) in variants {
            let mut e = evaluate(&f, &model);
            let msgs = e.collect_messages();
            rendered += msgs.len();
            bad.extend(check(&format!("{name} ({what})"), &msgs, &text, &allowed));
        }
    }
    assert!(rendered > 1000, "only {rendered} messages rendered");
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} sentences are not Chinese:\n{}",
        bad.len(),
        bad.iter().take(80).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_checker_sees_english() {
    let allowed = BTreeSet::new();
    assert_eq!(
        english_words("依赖树中 no advisories", &allowed),
        ["advisories"]
    );
    let marked = format!("{VERBATIM_START}serde_json{VERBATIM_END} 的 crate：`cargo update` 可用");
    assert!(english_words(&marked, &allowed).is_empty());
}
