//! Measures the README shipped in a `.crate`.
//!
//! Which file: the manifest's `readme` path; when that file is not in the
//! package (cargo moves a `../README.md` to the package root), its file name
//! at the root; else the first root file whose name starts with `README`
//! (case-insensitive), preferring `.md`. `readme = false` means no README.
//!
//! Measures, with a line-based Markdown reading (no full CommonMark parser):
//! prose length (characters outside code blocks, badges and link-reference
//! definitions removed, lines trimmed), fenced code blocks, headings (ATX
//! `#` and setext underlines), badges (images whose URL looks like a status
//! badge), and the first Rust code block (```` ```rust ```` or unlabeled and
//! looking like Rust) for a quick-start excerpt.
//!
//! The quality judgement of these counts is the score crate's (its weights
//! are in the model file).
//!
//! Ignored: HTML structure (tags count as text), links, images that are not
//! badges, and indented code blocks.

use std::collections::HashMap;

use crate::code::has_rust_code_block;
use crate::tarball::CrateFiles;
pub use cratescope_model::package::{ManifestFacts, ReadmeFacts};

/// URL fragments that mark an image as a status badge.
const BADGE_MARKERS: &[&str] = &[
    "shields.io",
    "badge",
    "travis-ci",
    "codecov.io",
    "coveralls.io",
    "deps.rs",
    "docs.rs/",
    "crates.io/",
    "ci.appveyor",
    "circleci.com",
    "gitlab.com/",
    "actions/workflows",
];

fn find_readme(files: &CrateFiles, manifest: &ManifestFacts) -> Option<String> {
    if manifest.readme_disabled {
        return None;
    }
    if let Some(p) = &manifest.readme {
        let p = p.trim_start_matches("./");
        if files.contains(p) {
            return Some(p.to_owned());
        }
        let name = p.rsplit(['/', '\\']).next().unwrap_or(p);
        if files.contains(name) {
            return Some(name.to_owned());
        }
    }
    let mut candidates: Vec<&str> = files
        .paths()
        .filter(|p| !p.contains('/') && p.to_ascii_lowercase().starts_with("readme"))
        .collect();
    candidates.sort_by_key(|p| (!p.to_ascii_lowercase().ends_with(".md"), p.len()));
    candidates.first().map(|p| (*p).to_owned())
}

/// Markdown images `![alt](url)`, `![alt][label]` and `![label]` (URL
/// looked up in `refs`) and HTML `<img src="url">` on one line: returns the URLs and the
/// line with the images removed.
fn strip_images(line: &str, refs: &HashMap<String, String>) -> (Vec<String>, String) {
    let mut urls = Vec::new();
    let mut rest = String::with_capacity(line.len());
    let mut s = line;
    // Each search result is kept until the scan passes it, so a long line
    // costs one pass, not one per image (lowercasing keeps byte offsets).
    let lower = line.to_ascii_lowercase();
    let mut md_at: Option<Option<usize>> = None;
    let mut html_at: Option<Option<usize>> = None;
    loop {
        let offset = line.len() - s.len();
        let find = |cache: &mut Option<Option<usize>>, hay: &str, needle: &str| {
            if cache.is_none_or(|c| c.is_some_and(|p| p < offset)) {
                *cache = Some(
                    hay.get(offset..)
                        .and_then(|h| h.find(needle))
                        .map(|p| p + offset),
                );
            }
            cache.flatten().map(|p| p - offset)
        };
        let md = find(&mut md_at, line, "![");
        let html = find(&mut html_at, &lower, "<img");
        let next = match (md, html) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(at) = next else {
            rest.push_str(s);
            break;
        };
        rest.push_str(&s[..at]);
        let tail = &s[at..];
        if tail.starts_with("![") {
            // `![alt]` then `(url)` or `[label]`.
            let Some(alt_end) = tail.find(']') else {
                rest.push_str(tail);
                break;
            };
            let after = &tail[alt_end + 1..];
            let (open, close) = match after.chars().next() {
                Some('(') => ('(', ')'),
                Some('[') => ('[', ']'),
                _ => {
                    // A shortcut reference `![label]` is an image only when
                    // the label is defined.
                    match refs.get(&tail[2..alt_end].to_lowercase()) {
                        Some(url) => urls.push(url.clone()),
                        None => rest.push_str(&tail[..alt_end + 1]),
                    }
                    s = after;
                    continue;
                }
            };
            let Some(end) = after.find(close) else {
                rest.push_str(tail);
                break;
            };
            let target = &after[1..end];
            if open == '(' {
                urls.push(target.split_whitespace().next().unwrap_or("").to_owned());
            } else {
                let label = if target.is_empty() {
                    &tail[2..alt_end]
                } else {
                    target
                };
                urls.push(refs.get(&label.to_lowercase()).cloned().unwrap_or_default());
            }
            s = &after[end + 1..];
        } else {
            match tail.find('>') {
                Some(close) => {
                    let tag = &tail[..close];
                    let url = tag
                        .split("src=")
                        .nth(1)
                        .map(|v| v.trim_start_matches(['"', '\'']))
                        .map(|v| v.split(['"', '\'', ' ']).next().unwrap_or(""))
                        .unwrap_or("");
                    urls.push(url.to_owned());
                    s = &tail[close + 1..];
                }
                None => {
                    rest.push_str(tail);
                    break;
                }
            }
        }
    }
    (urls, rest)
}

/// Link-reference definitions `[label]: url`, labels lowercased.
fn reference_definitions(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix('[')?;
            let (label, url) = rest.split_once("]:")?;
            Some((
                label.to_lowercase(),
                url.split_whitespace().next()?.to_owned(),
            ))
        })
        .collect()
}

/// What is left of a line once `(…)` groups and space-free `[…]` groups
/// (link targets and labels) and separators are removed.
fn link_residue(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                let inner: String = chars.by_ref().take_while(|x| *x != close).collect();
                if c == '[' && inner.contains(' ') {
                    out.push_str(&inner);
                }
            }
            ']' | ')' | '|' | ' ' => {}
            c => out.push(c),
        }
    }
    out
}

fn is_badge(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    BADGE_MARKERS.iter().any(|m| u.contains(m))
}

/// Whether an unlabeled code block reads like Rust rather than a shell
/// session or a manifest snippet.
fn looks_like_rust(code: &str) -> bool {
    let markers = [
        "fn ",
        "let ",
        "use ",
        "struct ",
        "impl ",
        "extern crate",
        "::",
        "println!",
    ];
    let shellish = code.trim_start().starts_with('$') || code.trim_start().starts_with("cargo ");
    !shellish && !code.trim_start().starts_with('[') && markers.iter().any(|m| code.contains(m))
}

/// Measures the README text.
pub fn measure_readme(text: &str) -> ReadmeFacts {
    let mut f = ReadmeFacts::default();
    let mut prose: usize = 0;
    let mut fence: Option<(char, usize, String)> = None;
    let mut block = String::new();
    let mut prev_text_line = false;
    let refs = reference_definitions(text);
    for line in text.lines() {
        let t = line.trim_start();
        let fence_char = t.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some((c, n, info)) = &fence {
            let closes = fence_char == Some(*c)
                && t.chars().take_while(|x| x == c).count() >= *n
                && t.trim_end().chars().all(|x| x == *c);
            if closes {
                f.code_blocks += 1;
                if f.first_rust_block.is_none() {
                    let labeled_rust =
                        !info.trim().is_empty() && has_rust_code_block(&format!("```{info}\n```"));
                    if labeled_rust || (info.trim().is_empty() && looks_like_rust(&block)) {
                        f.first_rust_block = Some(block.trim_end().to_owned());
                    }
                }
                fence = None;
                block.clear();
            } else {
                block.push_str(line);
                block.push('\n');
            }
            continue;
        }
        if let Some(c) = fence_char {
            let n = t.chars().take_while(|x| *x == c).count();
            if n >= 3 {
                fence = Some((c, n, t[n..].trim().to_owned()));
                prev_text_line = false;
                continue;
            }
        }
        let (urls, rest) = strip_images(t, &refs);
        f.badges += u32::try_from(urls.iter().filter(|u| is_badge(u)).count()).unwrap_or(0);
        let rest = rest.trim();
        // Link-reference definitions (`[ci]: https://…`) are not prose.
        let is_ref_def = rest.starts_with('[') && rest.contains("]: ");
        if rest.starts_with('#') && rest.trim_start_matches('#').starts_with(' ') {
            f.sections += 1;
        } else if prev_text_line
            && !rest.is_empty()
            && (rest.chars().all(|c| c == '=')
                || (rest.len() >= 3 && rest.chars().all(|c| c == '-')))
        {
            f.sections += 1;
            prev_text_line = false;
            continue;
        }
        // Lines that are only links around removed badges (`[](…)`,
        // `[][label]`) vanish.
        let only_links = !urls.is_empty() && link_residue(rest).is_empty();
        if !is_ref_def && !only_links && !rest.is_empty() {
            prose += rest.chars().count() + 1;
        }
        prev_text_line = !rest.is_empty() && !is_ref_def;
    }
    f.text_chars = u32::try_from(prose).unwrap_or(u32::MAX);
    f
}

/// Finds and measures the package's README.
pub fn analyze_readme(files: &CrateFiles, manifest: &ManifestFacts) -> ReadmeFacts {
    let Some(path) = find_readme(files, manifest) else {
        return ReadmeFacts::default();
    };
    let text = files.text(&path).unwrap_or_default();
    let mut f = measure_readme(&text);
    f.notice = crate::notice::in_readme(&text, manifest.name.as_deref().unwrap_or_default());
    f.path = Some(path);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_are_counted_but_not_measured_as_text() {
        let text = "# demo\n\n[![ci](https://github.com/a/b/actions/workflows/ci.yml/badge.svg)](https://x) [![docs](https://docs.rs/demo/badge.svg)](https://docs.rs/demo)\n\nHello world.\n";
        let f = measure_readme(text);
        assert_eq!(f.badges, 2);
        assert_eq!(f.sections, 1);
        // "# demo" (6+1) and "Hello world." (12+1).
        assert_eq!(f.text_chars, 20);
    }

    #[test]
    fn reference_style_badges_are_resolved() {
        let text = "[![Crates.io][crates-badge]][crates-url]\n[![MIT][mit]][mit-url]\n\nText.\n\n[crates-badge]: https://img.shields.io/crates/v/x.svg\n[crates-url]: https://crates.io/crates/x\n[mit]: https://img.shields.io/badge/license-MIT-blue.svg\n[mit-url]: LICENSE\n";
        let f = measure_readme(text);
        assert_eq!(f.badges, 2);
        assert_eq!(f.text_chars, 6);
        // serde_json's style: shortcut references inside a heading.
        let text = "# Demo &emsp; [![Build Status]][actions]\n\n[Build Status]: https://img.shields.io/github/actions/workflow/status/a/b/ci.yml\n[actions]: https://github.com/a/b/actions\n";
        let f = measure_readme(text);
        assert_eq!((f.badges, f.sections), (1, 1));
    }

    #[test]
    fn first_rust_block_skips_shell_and_toml() {
        let text = "## Install\n```toml\n[dependencies]\ndemo = \"1\"\n```\n```\n$ cargo add demo\n```\n## Use\n```\nuse demo::run;\nfn main() { run(); }\n```\n";
        let f = measure_readme(text);
        assert_eq!(f.code_blocks, 3);
        assert_eq!(f.sections, 2);
        assert_eq!(
            f.first_rust_block.as_deref(),
            Some("use demo::run;\nfn main() { run(); }")
        );
    }
}
