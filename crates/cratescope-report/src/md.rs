//! The explicit Markdown escaper of every Markdown output (`eval --format
//! markdown`, `compare`, the `report` document, `history`, and the audit's
//! pull-request comment). Markdown templates are rendered with askama's
//! `escape = "none"`; each value goes through one of these functions.
//!
//! Text from outside is first made inert by [`crate::sanitize`], then:
//! - [`text`] escapes every character that Markdown or the HTML it may carry
//!   gives a meaning to (emphasis, code spans, links and images, headings,
//!   lists, tables, raw HTML and entities), so a description reads as written
//!   and never becomes markup: no `<script>`, no `<img onerror>`, no
//!   `[click](javascript:…)`, no `![](https://tracker)`;
//! - [`cell`] is [`text`] on one line, for table cells and headings;
//! - GitHub also turns bare URLs, `www.` names and e-mail addresses into
//!   links (GFM's autolink extension): [`text`] breaks those shapes with an
//!   escape (`https\://`, `www\.`, `\@`), which renders as the same
//!   characters but links nothing;
//! - [`link`] makes a link only of an `https://` or `http://` URL, anything
//!   else stays text;
//! - [`code_block`] fences a snippet with a fence longer than any run of
//!   backticks inside it.

use crate::sanitize;

/// Characters with an inline meaning in CommonMark/GFM wherever they stand:
/// escapes, code spans, emphasis, links and images, tables, strikethrough.
const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '|', '~', '!'];

fn escape_into(out: &mut String, s: &str, autolinks: bool) {
    // Block syntax only opens at the start of a line, and only in these
    // shapes: `# ` (heading), `- ` / `+ ` (list item), `> ` (quote, written
    // as an entity below anyway), a line of `=` or `-` (setext underline,
    // thematic break), `1. ` / `1) ` (ordered item).
    let first = s.chars().next();
    let second = s.chars().nth(1);
    let spaced = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '#');
    let all = |ch: char| !s.is_empty() && s.chars().all(|c| c == ch || c == ' ');
    let marker = match first {
        Some('#') => spaced(second),
        Some('-' | '+') => second.is_none_or(|c| c == ' ') || all('-'),
        Some('=') => all('='),
        _ => false,
    };
    if marker {
        out.push('\\');
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let ordered = digits > 0
        && matches!(s.chars().nth(digits), Some('.' | ')'))
        && s.chars().nth(digits + 1).is_none_or(|c| c == ' ');
    for (i, (at, c)) in s.char_indices().enumerate() {
        if autolinks && autolink_char(s, at, c) {
            out.push('\\');
            out.push(c);
            continue;
        }
        match c {
            // Entities and raw HTML: written as entities so no tag or entity
            // can open, whatever the renderer's HTML policy.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if ordered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Outside text as inline Markdown: sanitised, every special character escaped,
/// newlines kept as hard line breaks are not needed, so they become spaces.
pub fn text(s: &str) -> String {
    text_with(s, true)
}

/// [`text`]; `autolinks` false inside a link's label, where GitHub links
/// nothing more (links do not nest), so the label reads as written.
fn text_with(s: &str, autolinks: bool) -> String {
    let clean = sanitize::line(s);
    let clean = clean.trim();
    let mut out = String::with_capacity(clean.len() + 8);
    // Balanced backticks mark code (`cratescope update`, a path): they become
    // code spans, which Markdown never interprets (no HTML, no links inside);
    // an unpaired backtick is escaped like any other character.
    let parts: Vec<&str> = clean.split('`').collect();
    if parts.len() >= 3 && parts.len() % 2 == 1 {
        for (i, p) in parts.iter().enumerate() {
            if i % 2 == 1 && !p.trim().is_empty() {
                out.push('`');
                out.push_str(p);
                out.push('`');
            } else if i == 0 {
                escape_into(&mut out, p, autolinks);
            } else {
                // Not at the start of a line: no block syntax to guard.
                escape_inline(&mut out, p, autolinks);
            }
        }
        return out;
    }
    escape_into(&mut out, clean, autolinks);
    out
}

/// True for the character that would let GitHub's autolink extension turn
/// `s` into a link at byte `at`: the `:` of `scheme://`, the `.` after a
/// word-initial `www`, any `@` (e-mail addresses).
fn autolink_char(s: &str, at: usize, c: char) -> bool {
    match c {
        ':' => s[at + 1..].starts_with("//"),
        '.' => {
            let before = &s[..at];
            let cut = before.len().saturating_sub(3);
            before
                .get(cut..)
                .is_some_and(|w| w.eq_ignore_ascii_case("www"))
                && before
                    .get(..cut)
                    .is_some_and(|b| b.chars().next_back().is_none_or(|p| !p.is_alphanumeric()))
        }
        '@' => true,
        _ => false,
    }
}

fn escape_inline(out: &mut String, s: &str, autolinks: bool) {
    for (at, c) in s.char_indices() {
        if autolinks && autolink_char(s, at, c) {
            out.push('\\');
            out.push(c);
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// A table cell (or a heading): [`text`] on one line; an empty value is `–`
/// so the table keeps its shape.
pub fn cell(s: &str) -> String {
    let t = text(s);
    if t.is_empty() { "–".into() } else { t }
}

/// True for a URL that may become a link: web pages only.
pub fn is_web_url(url: &str) -> bool {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`()[]".contains(c))
}

/// `[label](url)` for a web URL; otherwise the label (and the URL) as text.
pub fn link(label: &str, url: &str) -> String {
    if is_web_url(url) {
        format!("[{}](<{}>)", text_with(label, false), url.trim())
    } else if label == url {
        text(label)
    } else {
        format!("{} ({})", text(label), text(url))
    }
}

/// A fenced code block long enough not to be closed by the snippet itself.
pub fn code_block(lang: &str, code: &str) -> String {
    let code = sanitize::block(code);
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    let lang: String = lang.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{fence}{lang}\n{}\n{fence}", code.trim_end())
}

/// A code span (`` `x` ``) for a short identifier written by us (a command,
/// a signal id); outside text uses [`text`].
pub fn code(s: &str) -> String {
    let s = sanitize::line(s);
    let ticks = if s.contains('`') { "``" } else { "`" };
    format!("{ticks}{s}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_links_images_and_tables_stay_text() {
        let hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![t](https://tracker/p.png) a|b";
        let out = cell(hostile);
        assert!(!out.contains('<'), "{out}");
        // Every bracket and bang is escaped: no link or image can open.
        let unescaped = out.replace("\\[", "").replace("\\]", "").replace("\\!", "");
        assert!(!unescaped.contains(['[', ']', '!']), "{out}");
        assert!(out.contains("a\\|b"), "{out}");
        assert!(out.starts_with("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn headings_lists_and_emphasis_cannot_start() {
        assert_eq!(cell("# title"), "\\# title");
        assert_eq!(cell("- item"), "\\- item");
        assert_eq!(cell("1.0.0"), "1.0.0");
        assert_eq!(cell("#hashtag"), "#hashtag");
        assert_eq!(cell("---"), "\\---");
        assert_eq!(cell("*x* _y_"), "\\*x\\* \\_y\\_");
        assert_eq!(cell(""), "–");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            link("repo", "https://github.com/dtolnay/itoa"),
            "[repo](<https://github.com/dtolnay/itoa>)"
        );
        assert_eq!(link("x", "javascript:alert(1)"), "x (javascript:alert(1))");
        assert!(!link("x", "https://a b").contains("]("));
        assert!(!link("x", "https://a)(javascript:b").contains("]("));
    }

    #[test]
    fn code_blocks_outgrow_backtick_runs_and_drop_escapes() {
        assert_eq!(code_block("rust", "let x = 1;"), "```rust\nlet x = 1;\n```");
        assert!(code_block("rust", "a ```` b").starts_with("`````rust"));
        assert!(!code_block("rust", "a\u{1b}[2Jb").contains('\u{1b}'));
    }

    #[test]
    fn backtick_pairs_become_inert_code_spans() {
        assert_eq!(
            text("run `cratescope update` <now>"),
            "run `cratescope update` &lt;now&gt;"
        );
        assert_eq!(text("a `<script>` b"), "a `<script>` b");
        assert_eq!(text("one ` tick"), "one \\` tick");
    }

    #[test]
    fn bare_urls_www_names_and_emails_cannot_autolink() {
        assert_eq!(
            text("see https://evil.example/x"),
            "see https\\://evil.example/x"
        );
        assert_eq!(text("www.evil.example"), "www\\.evil.example");
        assert_eq!(text("awww.fine"), "awww.fine");
        assert_eq!(text("me@evil.example"), "me\\@evil.example");
        assert_eq!(text("a: b"), "a: b");
        assert_eq!(text("≥ 0.2.0. www"), "≥ 0.2.0. www");
    }

    #[test]
    fn terminal_escapes_are_removed_before_escaping() {
        assert_eq!(text("a\u{1b}]0;title\u{07}b"), "ab");
        assert_eq!(text("1. first"), "1\\. first");
        assert_eq!(text("v1.0.19 (2026-11-25)"), "v1.0.19 (2026-11-25)");
    }
}
