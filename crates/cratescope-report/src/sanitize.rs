//! The one sanitiser for text that comes from outside: crate metadata
//! (descriptions, licenses, repository URLs), index names, tar entry names
//! quoted in errors, advisory titles, Cargo.lock names, README snippets and
//! anything else a registry, a repository or a server can write.
//!
//! Every renderer passes such text through here before it reaches a terminal
//! or a file (issue 17, item 6):
//! - escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/SOS/PM/APC
//!   strings and two-byte `ESC x`) are removed whole: they carry no text, only
//!   commands (window title, clear screen, OSC 8 links);
//! - every other C0/C1 control (CR, BS, DEL, NUL, the 8-bit CSI U+009B…) and
//!   every bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
//!   U+061C) becomes a visible `�`, so the reader sees that something was
//!   there and the text cannot reorder or overwrite what surrounds it;
//! - tabs become a space; newlines are kept by [`block`] and folded into a
//!   space by [`line`].
//!
//! Deliberately ignored: homoglyphs and zero-width joiners (they cannot
//! move the cursor or reorder a line; names are checked by the registry).

use std::borrow::Cow;

/// What replaces a control character: visible, one column wide.
pub const REPLACEMENT: char = '\u{FFFD}';

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// The 8-bit forms of CSI and OSC and the string terminator.
const CSI8: char = '\u{9b}';
const OSC8: char = '\u{9d}';
const ST8: char = '\u{9c}';

/// Bidirectional formatting characters: embeddings, overrides, isolates and
/// marks. Any of them can make a line read differently from its bytes.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn needs_work(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || is_bidi_control(c) || c == '\u{2028}' || c == '\u{2029}')
}

/// Skip an escape sequence starting after its introducer; returns nothing,
/// consumes what belongs to the sequence.
fn skip_sequence(it: &mut std::iter::Peekable<std::str::Chars<'_>>, introducer: char) {
    match introducer {
        // CSI: parameters and intermediates (0x20–0x3F) then one final byte (0x40–0x7E).
        '[' | CSI8 => {
            while let Some(&c) = it.peek() {
                it.next();
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
                if !('\u{20}'..='\u{3f}').contains(&c) {
                    // Not a CSI byte: the sequence was malformed; stop here
                    // (the byte is dropped with it, which is safe).
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: a string ended by BEL, ST (ESC \) or 8-bit ST.
        ']' | 'P' | 'X' | '^' | '_' | OSC8 => {
            while let Some(c) = it.next() {
                if c == BEL || c == ST8 {
                    break;
                }
                if c == ESC {
                    if it.peek() == Some(&'\\') {
                        it.next();
                    }
                    break;
                }
            }
        }
        // Two-byte escapes (ESC c resets the terminal, ESC 7/8 save/restore…):
        // the introducer itself was the whole command.
        _ => {}
    }
}

fn clean(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            ESC => match it.next() {
                Some(intro) => skip_sequence(&mut it, intro),
                None => out.push(REPLACEMENT),
            },
            CSI8 | OSC8 => skip_sequence(&mut it, c),
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            // CR LF is a newline written on another system; a lone CR would
            // move the cursor back over the line.
            '\r' if it.peek() == Some(&'\n') => {}
            c if c.is_control() || is_bidi_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// One line of outside text: escapes removed, controls made visible,
/// newlines folded into spaces.
pub fn line(s: &str) -> Cow<'_, str> {
    if needs_work(s) {
        Cow::Owned(clean(s, false))
    } else {
        Cow::Borrowed(s)
    }
}

/// A block of outside text (a README snippet, a multi-line error): like
/// [`line`] but newlines are kept.
pub fn block(s: &str) -> Cow<'_, str> {
    if needs_work(s) {
        Cow::Owned(clean(s, true))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(line("itoa — fast"), Cow::Borrowed(_)));
        assert_eq!(line("数字格式化"), "数字格式化");
    }

    #[test]
    fn window_title_clear_screen_and_osc8_links_are_removed() {
        // OSC 0 (title) ended by BEL, CSI 2J (clear), OSC 8 link ended by ST.
        let hostile =
            "a\u{1b}]0;pwned\u{07}b\u{1b}[2Jc\u{1b}]8;;https://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\d";
        assert_eq!(line(hostile), "abclinkd");
        // 8-bit CSI and OSC.
        assert_eq!(line("x\u{9b}31my\u{9d}0;t\u{9c}z"), "xyz");
        // A reset (ESC c) and a lone ESC at the end.
        assert_eq!(line("r\u{1b}cs\u{1b}"), "rs\u{FFFD}");
    }

    #[test]
    fn carriage_returns_and_bidi_overrides_become_visible() {
        assert_eq!(line("safe\rEVIL"), "safe\u{FFFD}EVIL");
        assert_eq!(line("a\r\nb"), "a b");
        assert_eq!(block("a\r\nb"), "a\nb");
        assert_eq!(line("abc\u{202E}fdp.exe"), "abc\u{FFFD}fdp.exe");
        assert_eq!(line("\u{2066}x\u{2069}"), "\u{FFFD}x\u{FFFD}");
        assert_eq!(
            line("nul\0bs\u{8}del\u{7f}"),
            "nul\u{FFFD}bs\u{FFFD}del\u{FFFD}"
        );
    }

    #[test]
    fn newlines_fold_in_lines_and_stay_in_blocks() {
        assert_eq!(line("a\nb\tc"), "a b c");
        assert_eq!(block("a\nb\tc"), "a\nb c");
    }
}
