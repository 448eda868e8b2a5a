//! Finds a package's own status notice: the sentence in which it says it is
//! deprecated, renamed, moved or superseded, and the crate it sends users to
//! when it names one ("trust-dns has been renamed to `hickory-dns`",
//! "Deprecated: use `rustls-pki-types` instead").
//!
//! Read from: the opening of the README (its prose before the second
//! heading, at most [`OPENING_CHARS`] characters: a notice that matters is
//! put at the top) and the manifest description.
//!
//! A sentence counts when it holds a status phrase ([`STATUS`]) and is about
//! the package itself: it names "this crate/library/project/repository", the
//! package's own name, or opens with the status phrase (a banner such as
//! "**DEPRECATED**: …"). A sentence that mentions a deprecated API of its
//! own ("the `foo` method is deprecated") is not about the package and is
//! ignored.
//!
//! The successor is taken only from a clear pointer: a crates.io or docs.rs
//! link, a name in backticks or link text after a pointing phrase
//! ([`POINTERS`]), or a crate-shaped name (with `-` or `_`) right after one.
//! Plain words after "moved to" ("moved to GitHub") are not successors.
//!
//! Ignored: code blocks, HTML structure, and notices further down the README.

use cratescope_model::package::StatusNotice;

/// Characters of README prose read for a notice.
pub const OPENING_CHARS: usize = 2_000;

/// Phrases that declare a status (lowercase).
const STATUS: &[&str] = &[
    "deprecated",
    "no longer maintained",
    "no longer being maintained",
    "no longer actively maintained",
    "unmaintained",
    "not maintained",
    "has been renamed",
    "was renamed",
    "is now called",
    "renamed to",
    "has moved",
    "has been moved",
    "moved to",
    "superseded",
    "replaced by",
    "has been replaced",
    "obsolete",
];

/// Phrases after which a successor is named (lowercase).
const POINTERS: &[&str] = &[
    "in favour of",
    "in favor of",
    "renamed to",
    "is now called",
    "moved to",
    "superseded by",
    "replaced by",
    "use",
    "switch to",
    "migrate to",
    "see",
];

/// Pointers after which only a name can follow.
const STRONG: &[&str] = &[
    "in favour of",
    "in favor of",
    "renamed to",
    "is now called",
    "superseded by",
    "replaced by",
];

/// What makes a sentence about the package itself (lowercase).
const SELF: &[&str] = &[
    "this crate",
    "this library",
    "this project",
    "this repository",
    "this repo",
    "this package",
    "the crate",
    "this fork",
];

/// A sentence with one of these speaks of what might happen, or of another
/// crate ("a fork of the unmaintained `x`"): not a notice (lowercase).
const NOT_A_NOTICE: &[&str] = &[
    "may ",
    "might ",
    "could ",
    "will be ",
    "would ",
    "if ",
    "until ",
    "fork",
    "continuation of",
    "originally",
    "replacement for",
    "alternative to",
    "instead of",
    "successor of",
    "successor to",
];

/// Words that are never a successor's name.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "it",
    "its",
    "our",
    "their",
    "github",
    "gitlab",
    "crates",
    "instead",
    "new",
    "another",
    "other",
    "version",
    "versions",
    "repository",
    "repo",
    "https",
    "http",
    "www",
    "here",
    "there",
    "std",
    "docs",
];

/// The first status notice in the README's opening.
pub fn in_readme(text: &str, name: &str) -> Option<StatusNotice> {
    first_notice(&opening(text), name)
}

/// The status notice of a manifest description.
pub fn in_description(text: &str, name: &str) -> Option<StatusNotice> {
    first_notice(text, name)
}

/// The README's prose up to its second heading, code blocks left out.
fn opening(text: &str) -> String {
    let mut out = String::new();
    // Characters in `out`, kept as it grows (a 50 MiB line is never copied
    // whole, and nothing is counted twice).
    let mut chars = 0;
    let mut headings = 0;
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if t.starts_with('#') {
            headings += 1;
            if headings > 1 && chars > 200 {
                break;
            }
        }
        // A table row speaks of what its cells name (often other crates:
        // "| ndk-glue | … | deprecated, see `android-activity` |"): it is a
        // sentence of its own, never run on from the prose before it.
        let row = is_table_row(t);
        if row && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
            chars += 1;
        }
        for c in t.chars().take(OPENING_CHARS.saturating_sub(chars)) {
            out.push(c);
            chars += 1;
        }
        if chars >= OPENING_CHARS {
            break;
        }
        // A line break inside a paragraph is a space; a blank line (or a
        // table row) ends a sentence.
        out.push(if t.is_empty() || row { '\n' } else { ' ' });
        chars += 1;
        if chars >= OPENING_CHARS {
            break;
        }
    }
    out
}

/// Whether a README line is a Markdown table row (inside a quote too).
fn is_table_row(line: &str) -> bool {
    let body = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    body.starts_with('|') || body.matches('|').count() >= 2
}

fn first_notice(text: &str, name: &str) -> Option<StatusNotice> {
    sentences(text).find_map(|s| notice(s, name))
}

/// Sentences: split at `.`, `!`, `?` followed by a space, and at blank
/// lines. A dot inside a name (`serde.rs`) does not split.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = match c {
            '\n' => true,
            '.' | '!' | '?' => b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()),
            _ => false,
        };
        if end {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

fn notice(sentence: &str, name: &str) -> Option<StatusNotice> {
    let lower = sentence.to_lowercase();
    let status = STATUS.iter().find(|p| lower.contains(*p))?;
    let bare = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let bare = ["warning", "note", "notice", "important", "attention"]
        .iter()
        .find_map(|w| bare.strip_prefix(w))
        .map_or(bare, |r| {
            r.trim_start_matches(|c: char| !c.is_alphanumeric())
        });
    let name_l = name.to_lowercase();
    let about_self = SELF.iter().any(|p| lower.contains(p))
        || mentions_name(&lower, &name_l)
        || bare.starts_with(status);
    if !about_self || NOT_A_NOTICE.iter().any(|p| lower.contains(p)) {
        return None;
    }
    // Crate names are lowercase: a name written with capitals (`LazyLock`)
    // is a type, not a crate.
    let successor = successor(&lower, &name_l).filter(|s| sentence.contains(s.as_str()));
    Some(StatusNotice {
        sentence: sentence.chars().take(200).collect(),
        successor,
    })
}

/// Whether `lower` names the crate as a word (not inside another name).
fn mentions_name(lower: &str, name: &str) -> bool {
    let alt = name.replace('-', "_");
    [name, alt.as_str()].iter().any(|n| {
        lower.match_indices(n).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + n.len()..].chars().next();
            !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
        })
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn crate_shaped(s: &str) -> bool {
    let s = s.trim_matches(|c: char| !is_name_char(c));
    s.len() >= 2
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(is_name_char)
        && !NOT_NAMES.contains(&s.to_lowercase().as_str())
}

/// Everything is read from the lowercased sentence: lowercasing may change
/// byte lengths, so no index of it is ever used on the original.
fn successor(lower: &str, name: &str) -> Option<String> {
    let keep = |s: &str| -> Option<String> {
        let s = s.trim_matches(|c: char| !is_name_char(c)).to_lowercase();
        (crate_shaped(&s) && s != name && s.replace('_', "-") != name.replace('_', "-"))
            .then_some(s)
    };
    // A link to the successor's crates.io page or docs.
    for marker in ["crates.io/crates/", "docs.rs/", "lib.rs/crates/"] {
        for (i, _) in lower.match_indices(marker) {
            let rest = &lower[i + marker.len()..];
            let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
            if let Some(s) = keep(&rest[..end]) {
                return Some(s);
            }
        }
    }
    // A name right after a pointing phrase.
    for p in POINTERS {
        for (i, _) in lower.match_indices(p) {
            // Whole words only ("use" is not "because").
            if lower[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            let rest = lower[i + p.len()..].trim_start();
            let rest = ["the crate ", "crate ", "the "]
                .iter()
                .find_map(|w| rest.strip_prefix(w))
                .unwrap_or(rest);
            if let Some(inner) = rest.strip_prefix('`') {
                if let Some(end) = inner.find('`')
                    && let Some(s) = keep(&inner[..end])
                {
                    return Some(s);
                }
                continue;
            }
            if let Some(inner) = rest.strip_prefix('[') {
                let inner = inner.strip_prefix('`').unwrap_or(inner);
                if let Some(end) = inner.find(['`', ']'])
                    && let Some(s) = keep(&inner[..end])
                {
                    return Some(s);
                }
                continue;
            }
            let word: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
            // A plain word is a name only where nothing else could follow:
            // "use memchr instead", "renamed to hickory".
            let after = rest[word.len()..].trim_start();
            let plain_ok = after.starts_with("instead")
                || (STRONG.contains(p)
                    && (after.is_empty() || after.starts_with(['.', ',', ';', '!', ')'])));
            if (word.contains('-') || word.contains('_') || plain_ok)
                && let Some(s) = keep(&word)
            {
                return Some(s);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readme(text: &str, name: &str) -> Option<(String, Option<String>)> {
        in_readme(text, name).map(|n| (n.sentence, n.successor))
    }

    #[test]
    fn renamed_and_moved_crates_name_their_successor() {
        let r = readme(
            "# trust-dns-proto\n\nThis crate has been renamed to `hickory-proto`. Please update.\n",
            "trust-dns-proto",
        )
        .unwrap();
        assert_eq!(r.1.as_deref(), Some("hickory-proto"));
        let r = readme(
            "# rustls-pemfile\n\n**Deprecated**: use [rustls-pki-types](https://crates.io/crates/rustls-pki-types) instead.\n",
            "rustls-pemfile",
        )
        .unwrap();
        assert_eq!(r.1.as_deref(), Some("rustls-pki-types"));
        let r = readme(
            "> Warning: this library is deprecated in favor of [`tokio-util`].\n",
            "tokio-io",
        )
        .unwrap();
        assert_eq!(r.1.as_deref(), Some("tokio-util"));
    }

    #[test]
    fn a_notice_without_a_successor_is_still_a_notice() {
        let r = readme("# foo\n\nThis crate is no longer maintained.\n", "foo").unwrap();
        assert_eq!(r.0, "This crate is no longer maintained.");
        assert_eq!(r.1, None);
        // "moved to GitHub" names no crate.
        let r = readme("This project has moved to GitHub.\n", "foo").unwrap();
        assert_eq!(r.1, None);
    }

    #[test]
    fn deprecated_apis_and_notices_further_down_do_not_count() {
        assert_eq!(
            readme(
                "# foo\n\nA fast parser. The `parse_old` function is deprecated; use `parse`.\n",
                "foo"
            ),
            None
        );
        let mut long = String::from("# foo\n\nA fast parser.\n\n## Usage\n\n");
        long.push_str(&"Plenty of prose about the parser. ".repeat(80));
        long.push_str("\n\n## History\n\nThis crate was renamed to `foo-core` in 2019.\n");
        assert_eq!(readme(&long, "foo"), None);
        // Code blocks are not prose.
        assert_eq!(
            readme("```rust\n// this crate is deprecated\n```\n", "foo"),
            None
        );
    }

    /// Sentences from real READMEs (cargo's registry cache) that are not
    /// notices about the crate itself, or name no crate.
    #[test]
    fn a_table_of_other_crates_statuses_is_not_the_packages_notice() {
        // A repository split into several: its README lists where each
        // crate went, one of them deprecated with a successor.
        let text = "# ndk\n\n> **Note**\n> This repository was recently modularized and the following crates were split into separate repositories:\n>\n> Crate | New Location | Notes\n> ------|--------------|------\n> ndk-context | [ndk-context](https://github.com/x/ndk-context) | ⬅️ Used to be part of ndk-glue\n> ndk-glue | [ndk-glue](https://github.com/x/ndk-glue) | ❌ deprecated - see [android-activity](https://github.com/x/android-activity)\n\nRust bindings to the Android NDK.\n";
        assert_eq!(readme(text, "ndk-sys"), None);
        // The row of the package itself still speaks for it.
        let r = readme(text, "ndk-glue").expect("its own row");
        assert_eq!(r.1.as_deref(), Some("android-activity"));
    }

    #[test]
    fn real_readmes_that_are_not_notices() {
        for (text, name) in [
            (
                "This crate may make major changes to its APIs or be deprecated without warning.",
                "find-msvc-tools",
            ),
            (
                "This has been replaced with Rust's built-in 128-bit integer, which is now stable.",
                "ipnet",
            ),
            (
                "This project is a fork / continuation of the unmaintained [number_prefix](https://crates.io/crates/number_prefix) crate.",
                "unit-prefix",
            ),
            (
                "Note: this crate was originally released under the name `ordermap`, but it was renamed to `indexmap`.",
                "indexmap",
            ),
        ] {
            assert_eq!(readme(text, name), None, "{text}");
        }
        // A notice, but the words after the pointer are no crate's name.
        for (text, name) in [
            (
                "> **Note**: this library is quite old and superseded by functionality in the standard library.",
                "filetime",
            ),
            (
                "> [!WARNING] This crate has been replaced by the [`LazyLock`] type, stable since Rust 1.80.0.",
                "lazy_static",
            ),
        ] {
            let r = readme(text, name).unwrap();
            assert_eq!(r.1, None, "{text}");
        }
        // Real notices.
        assert!(readme("**Notice**: `failure` is deprecated.", "failure").is_some());
        assert!(readme("## time v0.1.x is Deprecated\n", "time").is_some());
    }

    #[test]
    fn the_crate_itself_is_never_its_successor() {
        let r = in_description("Deprecated: use `foo_bar` 2.0 instead", "foo-bar").unwrap();
        assert_eq!(r.successor, None);
        let r = in_description("(Deprecated - use crate memchr instead.)", "twoway").unwrap();
        assert_eq!(r.successor.as_deref(), Some("memchr"));
        // A plain word after a weak pointer is not a name.
        let r = in_description("Deprecated: see the docs for details", "foo").unwrap();
        assert_eq!(r.successor, None);
    }

    #[test]
    fn hostile_text_is_bounded() {
        let big = "deprecated ".repeat(1_000_000);
        assert!(in_readme(&big, "x").is_some_and(|n| n.sentence.chars().count() <= 200));
        assert_eq!(in_readme("", "x"), None);
        assert_eq!(in_readme("é`ü[", "x"), None);
        // Lowercasing that changes byte lengths (İ) never splits a character.
        let r = in_readme("İİİ this crate is deprecated, use `İx-y` İnstead", "x");
        assert!(r.is_some());
    }
}
