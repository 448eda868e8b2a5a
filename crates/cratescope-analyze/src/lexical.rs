//! Counts `unsafe` in Rust source with a small hand-written tokenizer, no
//! syntax tree: a fast stand-in for the `syn` visitor of [`crate::code`] on
//! files the module walk does not reach (generated binding crates ship
//! hundreds of megabytes of those; `syn` spends seconds and gigabytes on
//! them).
//!
//! The tokenizer skips line and (nested) block comments, keeping doc
//! comments as tokens; reads string, byte-string, C-string and raw-string
//! literals (`r#"…"#`), char and byte literals, and tells char literals
//! from lifetimes; matches delimiters (a stray closer is ignored, an
//! unclosed opener runs to the end). Never panics, whatever the bytes.
//!
//! The counting rules copy the `syn` visitor's, token by token:
//! - `unsafe {` is a block; `unsafe fn name` (also `unsafe extern "C" fn`)
//!   is a method directly inside an `impl` or `trait` body, a function in a
//!   module or a block, and nothing inside an `extern` block (foreign
//!   functions); `unsafe impl`, `unsafe trait` and `unsafe auto trait`
//!   count; `unsafe fn(` and `unsafe extern "C" fn(` are pointer types, and
//!   `unsafe extern {` blocks are not counted, as in the visitor.
//! - Test-only code is skipped where the visitor skips it: a `fn`, `mod`,
//!   `impl`, `const`, `static` or `trait` item in a module or block, and a
//!   `fn` in an `impl`, whose outer attributes (or leading inner attributes
//!   of its body) hold `#[test]` or `#[cfg(test)]`, possibly inside
//!   `cfg(all(…))`. Trait methods and other items are not skipped.
//! - Nothing inside a macro invocation (`name!(…)`, `name![…]`,
//!   `name!{…}`) or a `macro_rules!` definition is counted: `syn` sees
//!   those as opaque tokens. Attributes are skipped too.
//!
//! It also lists the `macro_rules!` definitions at item level (in modules,
//! inline ones included, not in function bodies), with whether their tokens
//! mention `doc` (`///` inside a transcriber counts): what the coverage
//! walk needs from files it will not parse with `syn`.
//!
//! Groups in item headers (parameters, generic arguments, where clauses)
//! are scanned as expressions, as `syn` visits them.
//!
//! Deliberately ignored: files `syn` fails to parse (it then counts
//! nothing, this scan still counts; real cases are 2015-edition syntax
//! syn no longer reads, like bare `Fn(&T) + Send` trait objects).

use serde::{Deserialize, Serialize};

use cratescope_model::package::UnsafeCounts;

/// Nesting depth the scanner follows: real code stays far below (rustc
/// itself warns long before); deeper groups are skipped, so hostile input
/// cannot exhaust the stack.
const MAX_NESTING: u32 = 256;

/// How many open delimiters a mismatched closer looks through for its
/// opener: enough for real typos, bounded so that hostile input (a million
/// `(` then a million `}`) stays linear.
const MAX_CLOSER_SEARCH: usize = 32;

/// Longest char-literal escape (`'\u{10FFFF}'` is 12 bytes with quotes):
/// a quote further away than this is not the end of a char literal.
const MAX_CHAR_LITERAL_BYTES: usize = 12;

/// What one file's scan found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FileScan {
    /// Syntactic `unsafe` counts.
    pub unsafe_counts: UnsafeCounts,
    /// Item-level `macro_rules!` definitions, in source order: name and
    /// whether the definition's tokens mention `doc`.
    pub macros: Vec<(String, bool)>,
}

/// Token kinds: only what the counting rules (and the item reader of
/// [`crate::syntax`]) tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    RawIdent,
    Lifetime,
    /// A plain or raw string literal (`"…"`, `r#"…"#`): the only literal a
    /// cfg key-value accepts.
    Str,
    /// Any other literal (numbers, chars, byte and C strings).
    Literal,
    Punct,
    Open,
    Close,
    /// `///` or `/** */`.
    OuterDoc,
    /// `//!` or `/*! */`.
    InnerDoc,
}

/// Identifiers the rules look at, classified once while tokenizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kw {
    /// Not a keyword: may name a macro.
    Plain,
    /// A reserved keyword with no role here (`if`, `return`, `match`, …):
    /// `if !(x)` is not a macro call.
    Reserved,
    Unsafe,
    Fn,
    Impl,
    Trait,
    Mod,
    Extern,
    Const,
    Static,
    Mut,
    Pub,
    Async,
    Crate,
    /// Contextual qualifiers (`default fn`, `safe fn`, `auto trait`).
    Qualifier,
    MacroRules,
    Test,
    Cfg,
    All,
    Doc,
    Underscore,
}

/// Multi-character punctuation that matters for angle-bracket counting.
pub(crate) const ARROW: u8 = b'A';
pub(crate) const FAT_ARROW: u8 = b'F';
pub(crate) const PATH_SEP: u8 = b'P';

/// One token: 12 bytes, positions into the file's bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) start: u32,
    /// For `Open`: index of the matching `Close` (or the token count when
    /// unclosed); an opener's end is always its start + 1. For any other
    /// token: its end. One field for both keeps a token at 12 bytes, and
    /// the walks hold millions of them.
    end_or_partner: u32,
    pub(crate) kind: Kind,
    /// Punctuation or delimiter byte.
    pub(crate) ch: u8,
    pub(crate) kw: Kw,
}

const _: () = assert!(std::mem::size_of::<Tok>() == 12);

impl Tok {
    /// Byte offset just past the token.
    pub(crate) fn end(&self) -> u32 {
        if self.kind == Kind::Open {
            self.start.saturating_add(1)
        } else {
            self.end_or_partner
        }
    }

    /// For `Open`: index of the matching `Close` (or the token count when
    /// unclosed); 0 for any other token.
    pub(crate) fn partner(&self) -> u32 {
        if self.kind == Kind::Open {
            self.end_or_partner
        } else {
            0
        }
    }
}

/// A word of at most 8 bytes as one number (its bytes, little-endian,
/// zero-padded): a keyword is then found by comparing numbers, not bytes.
/// Unambiguous for identifiers, which never hold a zero byte.
const fn word_key(w: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        k |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

/// The first arm whose words hold `$key` (see [`word_key`]), else `$other`.
macro_rules! keyword {
    ($key:expr, { $($($word:literal)|+ => $kw:expr),+ $(,)? }, $other:expr) => {{
        let key = $key;
        $(
            if $(key == const { word_key($word) })||+ {
                return $kw;
            }
        )+
        $other
    }};
}

/// What an identifier is to the scanner: one of the keywords it reads, a
/// reserved word, or a plain name. Identifiers are most tokens: the words
/// are compared as numbers (one load and a switch), not byte by byte.
fn classify(word: &[u8]) -> Kw {
    if word.len() > 8 {
        return if word == b"macro_rules" {
            Kw::MacroRules
        } else {
            Kw::Plain
        };
    }
    keyword!(word_key(word), {
        b"unsafe" => Kw::Unsafe,
        b"fn" => Kw::Fn,
        b"impl" => Kw::Impl,
        b"trait" => Kw::Trait,
        b"mod" => Kw::Mod,
        b"extern" => Kw::Extern,
        b"const" => Kw::Const,
        b"static" => Kw::Static,
        b"mut" => Kw::Mut,
        b"pub" => Kw::Pub,
        b"async" => Kw::Async,
        b"crate" => Kw::Crate,
        b"default" | b"safe" | b"auto" => Kw::Qualifier,
        b"test" => Kw::Test,
        b"cfg" => Kw::Cfg,
        b"all" => Kw::All,
        b"doc" => Kw::Doc,
        b"_" => Kw::Underscore,
        b"as" | b"break" | b"continue" | b"else" | b"enum" | b"false" | b"for" | b"if" | b"in"
        | b"let" | b"loop" | b"match" | b"move" | b"ref" | b"return" | b"self" | b"Self"
        | b"struct" | b"super" | b"true" | b"type" | b"use" | b"where" | b"while" | b"await"
        | b"dyn" | b"abstract" | b"become" | b"box" | b"do" | b"final" | b"macro" | b"override"
        | b"priv" | b"typeof" | b"unsized" | b"virtual" | b"yield" | b"try" | b"gen" => {
            Kw::Reserved
        },
    }, Kw::Plain)
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    IDENT_CONTINUE[b as usize]
}

/// [`is_ident_continue`] as a table: the lexer's hottest test (every byte
/// of every identifier and literal suffix).
const IDENT_CONTINUE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        i += 1;
    }
    t
};

/// Byte length of the UTF-8 sequence a leading byte starts.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    toks: Vec<Tok>,
    /// Indices of open delimiters not yet closed.
    open: Vec<usize>,
    /// Byte offset of the first delimiter without a partner (a stray
    /// closer, an opener closed by another kind, or one left open).
    unbalanced: Option<usize>,
    /// Deepest nesting of delimiters seen.
    depth: usize,
    /// Most tokens kept: lexing stops there (see [`tokenize_within`]).
    max_tokens: usize,
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize, ch: u8, kw: Kw) {
        // Positions fit: `tokenize` refuses input longer than `u32::MAX`.
        let pos = |p: usize| u32::try_from(p).unwrap_or(u32::MAX);
        // An opener's partner is set when its group closes.
        let end_or_partner = if kind == Kind::Open { 0 } else { pos(end) };
        self.toks.push(Tok {
            start: pos(start),
            end_or_partner,
            kind,
            ch,
            kw,
        });
    }

    /// End of a literal's suffix (`1u8`, `"x"suffix`).
    fn suffix(&self, i: usize) -> usize {
        // Past the end counts as a non-identifier byte, like `at`'s 0.
        i + self.b.get(i..).map_or(0, |r| {
            r.iter().take_while(|&&c| is_ident_continue(c)).count()
        })
    }

    /// End of a line comment starting at `i`.
    fn line_end(&self, i: usize) -> usize {
        self.b
            .get(i..)
            .and_then(|r| r.iter().position(|&c| c == b'\n'))
            .map_or(self.b.len(), |p| i + p)
    }

    /// End of a (nested) block comment whose `/*` is at `i`.
    fn block_comment_end(&self, mut i: usize) -> usize {
        let mut depth = 0usize;
        while i < self.b.len() {
            match (self.at(i), self.at(i + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth = depth.saturating_sub(1);
                    i += 2;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => i += 1,
            }
        }
        self.b.len()
    }

    /// End of a quoted string whose opening `"` is at `i` (escapes honoured).
    fn string_end(&self, mut i: usize) -> usize {
        i += 1;
        while i < self.b.len() {
            match self.at(i) {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        self.b.len()
    }

    /// End of a raw string whose hashes (or quote) start at `i`, if this is
    /// one: `#…#"…"#…#`.
    fn raw_string_end(&self, i: usize) -> Option<usize> {
        let hashes = self.b.get(i..)?.iter().take_while(|&&c| c == b'#').count();
        if self.at(i + hashes) != b'"' {
            return None;
        }
        let mut j = i + hashes + 1;
        while j < self.b.len() {
            if self.at(j) == b'"'
                && self
                    .b
                    .get(j + 1..j + 1 + hashes)
                    .is_some_and(|h| h.iter().all(|&c| c == b'#'))
            {
                return Some(j + 1 + hashes);
            }
            j += 1;
        }
        Some(self.b.len())
    }

    /// End of a char (or byte) literal whose `'` is at `i`, if it is one.
    fn char_end(&self, i: usize) -> Option<usize> {
        let p = i + 1;
        if self.at(p) == b'\\' {
            // Escapes: `'\n'`, `'\''`, `'\u{1F600}'`.
            let mut j = p + 2;
            while j < self.b.len() && j - i < MAX_CHAR_LITERAL_BYTES {
                match self.at(j) {
                    b'\'' => return Some(j + 1),
                    b'\n' => return None,
                    _ => j += 1,
                }
            }
            return None;
        }
        let c = self.at(p);
        if c == b'\n' || p >= self.b.len() {
            return None;
        }
        let after = p + utf8_len(c);
        (self.at(after) == b'\'').then_some(after + 1)
    }

    fn open(&mut self, i: usize, ch: u8) {
        self.open.push(self.toks.len());
        self.depth = self.depth.max(self.open.len());
        self.push(Kind::Open, i, i + 1, ch, Kw::Plain);
    }

    fn close(&mut self, i: usize, ch: u8) {
        let want = match ch {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        // A closer that matches no open delimiter is noise: ignored.
        let lowest = self.open.len().saturating_sub(MAX_CLOSER_SEARCH);
        let Some(depth) = self
            .open
            .get(lowest..)
            .unwrap_or_default()
            .iter()
            .rposition(|&o| self.toks.get(o).is_some_and(|t| t.ch == want))
            .map(|d| d + lowest)
        else {
            self.unbalanced.get_or_insert(i);
            return;
        };
        if depth + 1 != self.open.len() {
            let at = self.open.get(depth + 1).and_then(|&o| self.toks.get(o));
            self.unbalanced
                .get_or_insert(at.map_or(i, |t| t.start as usize));
        }
        let here = self.toks.len();
        let partner = u32::try_from(here).unwrap_or(u32::MAX);
        // Openers left unclosed inside end where this group ends.
        for o in self.open.drain(depth..) {
            if let Some(t) = self.toks.get_mut(o) {
                t.end_or_partner = partner;
            }
        }
        self.push(Kind::Close, i, i + 1, ch, Kw::Plain);
    }

    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n && self.toks.len() <= self.max_tokens {
            let c = self.at(i);
            let next = self.at(i + 1);
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    // Indentation comes in runs: skip the whole run at once.
                    i += 1 + space_run(self.b, i + 1);
                }
                b'/' if next == b'/' => {
                    let end = self.line_end(i);
                    let third = self.at(i + 2);
                    if third == b'!' {
                        self.push(Kind::InnerDoc, i, end, 0, Kw::Plain);
                    } else if third == b'/' && self.at(i + 3) != b'/' {
                        self.push(Kind::OuterDoc, i, end, 0, Kw::Plain);
                    }
                    i = end;
                }
                b'/' if next == b'*' => {
                    let end = self.block_comment_end(i);
                    let third = self.at(i + 2);
                    let fourth = self.at(i + 3);
                    if third == b'!' {
                        self.push(Kind::InnerDoc, i, end, 0, Kw::Plain);
                    } else if third == b'*' && fourth != b'*' && fourth != b'/' {
                        self.push(Kind::OuterDoc, i, end, 0, Kw::Plain);
                    }
                    i = end;
                }
                b'"' => {
                    let end = self.suffix(self.string_end(i));
                    self.push(Kind::Str, i, end, 0, Kw::Plain);
                    i = end;
                }
                b'\'' => {
                    if let Some(end) = self.char_end(i) {
                        let end = self.suffix(end);
                        self.push(Kind::Literal, i, end, 0, Kw::Plain);
                        i = end;
                    } else if is_ident_start(next) {
                        // A lifetime or label, raw (`'r#a`) or not.
                        let mut j = i + 1;
                        if next == b'r' && self.at(i + 2) == b'#' {
                            j += 2;
                        }
                        let end = self.suffix(j);
                        self.push(Kind::Lifetime, i, end, 0, Kw::Plain);
                        i = end;
                    } else {
                        self.push(Kind::Punct, i, i + 1, c, Kw::Plain);
                        i += 1;
                    }
                }
                b'0'..=b'9' => {
                    let mut j = self.suffix(i);
                    // `1.5`, but not `1..2` or `1.max(2)`.
                    if self.at(j) == b'.' && self.at(j + 1).is_ascii_digit() {
                        j = self.suffix(j + 1);
                    }
                    self.push(Kind::Literal, i, j, 0, Kw::Plain);
                    i = j;
                }
                b'(' | b'[' | b'{' => {
                    self.open(i, c);
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    self.close(i, c);
                    i += 1;
                }
                c if is_ident_start(c) => i = self.word(i),
                _ => {
                    let (ch, len) = match (c, next) {
                        (b'-', b'>') => (ARROW, 2),
                        (b'=', b'>') => (FAT_ARROW, 2),
                        (b':', b':') => (PATH_SEP, 2),
                        _ => (c, 1),
                    };
                    self.push(Kind::Punct, i, i + len, ch, Kw::Plain);
                    i += len;
                }
            }
        }
        // Unclosed openers run to the end.
        let end = u32::try_from(self.toks.len()).unwrap_or(u32::MAX);
        if let Some(&o) = self.open.first() {
            let at = self.toks.get(o).map_or(n, |t| t.start as usize);
            self.unbalanced.get_or_insert(at);
        }
        for o in std::mem::take(&mut self.open) {
            if let Some(t) = self.toks.get_mut(o) {
                t.end_or_partner = end;
            }
        }
    }

    /// An identifier, raw identifier, or a prefixed literal (`b"…"`,
    /// `br#"…"#`, `c"…"`, `b'x'`, `r"…"`) starting at `i`.
    fn word(&mut self, i: usize) -> usize {
        let c = self.at(i);
        let next = self.at(i + 1);
        // Prefix letters: `r`, `b`, `br`, `c`, `cr`.
        let raw_at = match (c, next) {
            (b'r', _) => Some(i + 1),
            (b'b' | b'c', b'r') => Some(i + 2),
            _ => None,
        };
        if let Some(r) = raw_at
            && let Some(end) = self.raw_string_end(r)
        {
            let end = self.suffix(end);
            let kind = if c == b'r' { Kind::Str } else { Kind::Literal };
            self.push(kind, i, end, 0, Kw::Plain);
            return end;
        }
        if c == b'r' && next == b'#' && is_ident_start(self.at(i + 2)) {
            let end = self.suffix(i + 2);
            self.push(Kind::RawIdent, i, end, 0, Kw::Plain);
            return end;
        }
        if matches!(c, b'b' | b'c') && next == b'"' {
            let end = self.suffix(self.string_end(i + 1));
            self.push(Kind::Literal, i, end, 0, Kw::Plain);
            return end;
        }
        if c == b'b'
            && next == b'\''
            && let Some(end) = self.char_end(i + 1)
        {
            let end = self.suffix(end);
            self.push(Kind::Literal, i, end, 0, Kw::Plain);
            return end;
        }
        let end = self.suffix(i);
        let kw = classify(self.b.get(i..end).unwrap_or_default());
        self.push(Kind::Ident, i, end, 0, kw);
        end
    }
}

/// Splits `src` into tokens with matched delimiters.
fn tokenize(src: &str) -> Vec<Tok> {
    tokenize_within(src.as_bytes(), usize::MAX).toks
}

/// A file's tokens, and what the lexer noticed about them.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub(crate) toks: Vec<Tok>,
    /// Byte offset of the first delimiter without a partner.
    pub(crate) unbalanced: Option<usize>,
    /// Lexing stopped at the token limit before the end of the file.
    pub(crate) truncated: bool,
}

/// Splits `src` into tokens with matched delimiters, stopping after
/// `max_tokens` + 1 (then `truncated`: the caller budgets memory per token). Bytes need
/// not be UTF-8: a non-ASCII byte is part of an identifier.
pub(crate) fn tokenize_within(src: &[u8], max_tokens: usize) -> Tokens {
    // Token positions are `u32`; the tarball limits keep files far smaller.
    let b = src
        .get(..src.len().min(u32::MAX as usize))
        .unwrap_or_default();
    let mut lx = Lexer {
        b,
        toks: Vec::with_capacity((b.len() / 5).min(max_tokens.saturating_add(1))),
        open: Vec::new(),
        unbalanced: None,
        depth: 0,
        max_tokens,
    };
    lx.run();
    let truncated = lx.toks.len() > max_tokens;
    Tokens {
        toks: lx.toks,
        unbalanced: lx.unbalanced,
        truncated,
    }
}

/// Where the scanner is: what a `fn` there is, and which items the test
/// rule skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Module,
    Impl,
    Trait,
    Extern,
    Block,
}

/// A predicate of `cfg(…)`, as far as "mentions `test`" needs.
enum Pred {
    Test,
    All(Vec<Pred>),
    Other,
}

impl Pred {
    fn mentions_test(&self) -> bool {
        match self {
            Pred::Test => true,
            Pred::All(list) => list.iter().any(Pred::mentions_test),
            Pred::Other => false,
        }
    }
}

struct Scanner<'a> {
    src: &'a [u8],
    toks: &'a [Tok],
    out: FileScan,
}

impl Scanner<'_> {
    fn tok(&self, i: usize) -> Option<Tok> {
        self.toks.get(i).copied()
    }

    fn is_punct(&self, i: usize, ch: u8) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.ch == ch)
    }

    fn is_open(&self, i: usize, ch: u8) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Open && t.ch == ch)
    }

    fn is_kw(&self, i: usize, kw: Kw) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Ident && t.kw == kw)
    }

    /// Whether the token at `i` can name an item (`fn name`, `mod name`,
    /// `const NAME:`): an identifier that is not a keyword with a role here.
    fn is_name(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| match t.kind {
            Kind::RawIdent => true,
            Kind::Ident => matches!(
                t.kw,
                Kw::Plain
                    | Kw::Underscore
                    | Kw::Qualifier
                    | Kw::MacroRules
                    | Kw::Test
                    | Kw::Cfg
                    | Kw::All
                    | Kw::Doc
            ),
            _ => false,
        })
    }

    /// Index of the token closing the group opened at `open`.
    fn close_of(&self, open: usize) -> usize {
        self.tok(open)
            .map_or(self.toks.len(), |t| (t.partner() as usize).max(open))
    }

    fn text(&self, t: Tok) -> &[u8] {
        self.src
            .get(t.start as usize..t.end() as usize)
            .unwrap_or_default()
    }

    /// Whether the attribute whose `[` is at `open` is `#[test]` or a
    /// `#[cfg(…)]` mentioning `test` outside `any`/`not`.
    fn attr_is_test(&self, open: usize) -> bool {
        let close = self.close_of(open);
        let first = open + 1;
        if close == first + 1 && self.is_kw(first, Kw::Test) {
            return true;
        }
        if self.is_kw(first, Kw::Cfg) && self.is_open(first + 1, b'(') {
            let inner = first + 1;
            let inner_close = self.close_of(inner);
            if inner_close + 1 == close
                && let Some((pred, next)) = self.pred(inner + 1, inner_close, 0)
            {
                return next == inner_close && pred.mentions_test();
            }
        }
        false
    }

    /// One cfg predicate at `i` (before `end`): the predicate and the index
    /// after it; `None` where `syn` would fail to parse it.
    fn pred(&self, i: usize, end: usize, depth: u32) -> Option<(Pred, usize)> {
        if i >= end || depth > MAX_NESTING {
            return None;
        }
        let t = self.tok(i)?;
        if !matches!(t.kind, Kind::Ident | Kind::RawIdent) {
            return None;
        }
        let text = self.text(t);
        if t.kind == Kind::Ident && (text == b"true" || text == b"false") {
            return Some((Pred::Other, i + 1));
        }
        if i + 1 < end && self.is_punct(i + 1, b'=') {
            let lit = self.tok(i + 2).filter(|_| i + 2 < end)?;
            return (lit.kind == Kind::Str).then_some((Pred::Other, i + 3));
        }
        if i + 1 < end && self.is_open(i + 1, b'(') {
            let close = self.close_of(i + 1);
            let list = self.pred_list(i + 2, close, depth + 1)?;
            let pred = if t.kind == Kind::Ident && t.kw == Kw::All {
                Pred::All(list)
            } else {
                Pred::Other
            };
            return Some((pred, close + 1));
        }
        let pred = if t.kind == Kind::Ident && t.kw == Kw::Test {
            Pred::Test
        } else {
            Pred::Other
        };
        Some((pred, i + 1))
    }

    /// A comma-separated list of predicates filling `i..end`.
    fn pred_list(&self, mut i: usize, end: usize, depth: u32) -> Option<Vec<Pred>> {
        let mut out = Vec::new();
        while i < end {
            let (p, next) = self.pred(i, end, depth)?;
            out.push(p);
            if next >= end {
                break;
            }
            if !self.is_punct(next, b',') {
                return None;
            }
            i = next + 1;
        }
        Some(out)
    }

    /// Whether the body opened at `open` starts with an inner attribute
    /// that makes it test-only (`syn` folds those into the item's attributes).
    fn body_inner_test(&self, open: usize) -> bool {
        let close = self.close_of(open);
        let mut i = open + 1;
        while i < close {
            if self.tok(i).is_some_and(|t| t.kind == Kind::InnerDoc) {
                i += 1;
                continue;
            }
            if self.is_punct(i, b'#') && self.is_punct(i + 1, b'!') && self.is_open(i + 2, b'[') {
                if self.attr_is_test(i + 2) {
                    return true;
                }
                i = self.close_of(i + 2) + 1;
                continue;
            }
            break;
        }
        false
    }

    /// Finds an item's body after its header starting at `i`: the first
    /// `{` outside angle brackets (const-generic `{N}` sits inside them), or
    /// a `;`. Returns the body's opener and the index after the item.
    fn body(&self, mut i: usize, end: usize) -> (Option<usize>, usize) {
        let mut angle = 0u32;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match (t.kind, t.ch) {
                (Kind::Open, b'{') if angle == 0 => return (Some(i), self.close_of(i) + 1),
                (Kind::Open, _) => i = self.close_of(i) + 1,
                (Kind::Punct, b';') if angle == 0 => return (None, i + 1),
                (Kind::Punct, b'<') => {
                    angle += 1;
                    i += 1;
                }
                (Kind::Punct, b'>') => {
                    angle = angle.saturating_sub(1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        (None, end)
    }

    /// Whether `unsafe` qualifies the `fn` at `i` (`unsafe fn`,
    /// `unsafe extern fn`, `unsafe extern "C" fn`).
    fn unsafe_fn_qualifier(&self, i: usize) -> bool {
        let Some(mut p) = i.checked_sub(1) else {
            return false;
        };
        if self
            .tok(p)
            .is_some_and(|t| matches!(t.kind, Kind::Str | Kind::Literal))
        {
            // The ABI string must follow `extern`.
            match p.checked_sub(1) {
                Some(q) if self.is_kw(q, Kw::Extern) => p = q,
                _ => return false,
            }
        }
        if self.is_kw(p, Kw::Extern) {
            match p.checked_sub(1) {
                Some(q) => p = q,
                None => return false,
            }
        }
        self.is_kw(p, Kw::Unsafe)
    }

    fn scan(&mut self, start: usize, end: usize, ctx: Ctx, st: State) {
        if st.depth > MAX_NESTING {
            return;
        }
        let end = end.min(self.toks.len());
        let mut pending_test = false;
        let mut i = start;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            let mut keep = false;
            match t.kind {
                Kind::Punct if t.ch == b'#' => {
                    let inner = self.is_punct(i + 1, b'!');
                    let at = if inner { i + 2 } else { i + 1 };
                    if self.is_open(at, b'[') {
                        if !inner {
                            pending_test |= self.attr_is_test(at);
                        }
                        i = self.close_of(at) + 1;
                        continue;
                    }
                    i += 1;
                }
                Kind::OuterDoc | Kind::InnerDoc => {
                    keep = true;
                    i += 1;
                }
                Kind::Open => {
                    let close = self.close_of(i);
                    self.scan(i + 1, close, Ctx::Block, st.nested(false, st.counting));
                    i = close + 1;
                }
                Kind::Ident | Kind::RawIdent => {
                    (i, keep) = self.ident(i, end, t, ctx, st, pending_test);
                }
                _ => i += 1,
            }
            if !keep {
                pending_test = false;
            }
        }
    }

    /// Handles the identifier at `i`; returns the next index and whether
    /// pending attributes still apply (qualifiers and visibility).
    fn ident(
        &mut self,
        i: usize,
        end: usize,
        t: Tok,
        ctx: Ctx,
        st: State,
        pending_test: bool,
    ) -> (usize, bool) {
        // Items the visitor skips when test-only, by context.
        let skippable = matches!(ctx, Ctx::Module | Ctx::Block);
        match t.kw {
            Kw::Unsafe if self.is_open(i + 1, b'{') => {
                if st.counting {
                    self.out.unsafe_counts.blocks += 1;
                }
                let close = self.close_of(i + 1);
                self.scan(i + 2, close, Ctx::Block, st.nested(false, st.counting));
                (close + 1, false)
            }
            Kw::Unsafe | Kw::Async | Kw::Qualifier | Kw::Crate => (i + 1, true),
            Kw::Pub if self.is_open(i + 1, b'(') => (self.close_of(i + 1) + 1, true),
            Kw::Pub => (i + 1, true),
            Kw::Extern => {
                let mut j = i + 1;
                if self
                    .tok(j)
                    .is_some_and(|t| matches!(t.kind, Kind::Str | Kind::Literal))
                {
                    j += 1;
                }
                if self.is_open(j, b'{') {
                    let close = self.close_of(j);
                    self.scan(j + 1, close, Ctx::Extern, st.nested(false, st.counting));
                    return (close + 1, false);
                }
                // `extern "C" fn`, `extern crate`: a qualifier.
                (j, true)
            }
            Kw::Fn if self.is_name(i + 1) => {
                let (body, after) = self.body(i + 2, end);
                let test = pending_test || body.is_some_and(|b| self.body_inner_test(b));
                let counting =
                    st.counting && !(test && matches!(ctx, Ctx::Module | Ctx::Block | Ctx::Impl));
                if counting && self.unsafe_fn_qualifier(i) {
                    match ctx {
                        Ctx::Impl | Ctx::Trait => self.out.unsafe_counts.methods += 1,
                        Ctx::Module | Ctx::Block => self.out.unsafe_counts.functions += 1,
                        Ctx::Extern => {}
                    }
                }
                self.scan_header(i + 2, body.unwrap_or(after), st, counting);
                if let Some(b) = body {
                    let close = self.close_of(b);
                    self.scan(b + 1, close, Ctx::Block, st.nested(false, counting));
                }
                (after, false)
            }
            Kw::Impl | Kw::Trait => {
                let (body, after) = self.body(i + 1, end);
                let test = pending_test || body.is_some_and(|b| self.body_inner_test(b));
                let counting = st.counting && !(test && skippable);
                let unsafe_before = i.checked_sub(1).is_some_and(|p| self.is_kw(p, Kw::Unsafe))
                    || (t.kw == Kw::Trait
                        && i.checked_sub(2).is_some_and(|p| {
                            self.is_kw(p, Kw::Unsafe)
                                && self.tok(p + 1).is_some_and(|q| self.text(q) == b"auto")
                        }));
                if counting && unsafe_before {
                    if t.kw == Kw::Impl {
                        self.out.unsafe_counts.impls += 1;
                    } else {
                        self.out.unsafe_counts.traits += 1;
                    }
                }
                self.scan_header(i + 1, body.unwrap_or(after), st, counting);
                if let Some(b) = body {
                    let inner = if t.kw == Kw::Impl {
                        Ctx::Impl
                    } else {
                        Ctx::Trait
                    };
                    let close = self.close_of(b);
                    self.scan(b + 1, close, inner, st.nested(false, counting));
                }
                (after, false)
            }
            Kw::Mod if self.is_name(i + 1) => {
                let (body, after) = if self.is_open(i + 2, b'{') {
                    (Some(i + 2), self.close_of(i + 2) + 1)
                } else {
                    (None, i + 2)
                };
                let test = pending_test || body.is_some_and(|b| self.body_inner_test(b));
                let counting = st.counting && !(test && skippable);
                if let Some(b) = body {
                    let close = self.close_of(b);
                    let macro_level = st.macro_level && ctx == Ctx::Module;
                    self.scan(b + 1, close, Ctx::Module, st.nested(macro_level, counting));
                }
                (after, false)
            }
            Kw::Const | Kw::Static => {
                // `const NAME:` / `const _:` / `static mut NAME:` are items;
                // `const fn`, `*const T`, `const { … }` are not.
                let mut j = i + 1;
                if t.kw == Kw::Static && self.is_kw(j, Kw::Mut) {
                    j += 1;
                }
                let item = self.is_name(j) && self.is_punct(j + 1, b':');
                if item && pending_test && skippable {
                    // Skipped whole, up to its `;`.
                    let mut k = j;
                    while k < end && !self.is_punct(k, b';') {
                        k = if self.tok(k).is_some_and(|t| t.kind == Kind::Open) {
                            self.close_of(k) + 1
                        } else {
                            k + 1
                        };
                    }
                    return (k + 1, false);
                }
                (i + 1, !item && t.kw == Kw::Const)
            }
            _ if self.is_punct(i + 1, b'!') => {
                // A macro call, or a `macro_rules!` definition: opaque.
                // Any identifier names a macro, even a later edition's
                // keyword (`macro_rules! try` in a 2015 crate).
                if t.kw == Kw::MacroRules
                    && self
                        .tok(i + 2)
                        .is_some_and(|n| matches!(n.kind, Kind::Ident | Kind::RawIdent))
                {
                    if !self.tok(i + 3).is_some_and(|t| t.kind == Kind::Open) {
                        return (i + 1, false);
                    }
                    let close = self.close_of(i + 3);
                    if st.macro_level && ctx == Ctx::Module {
                        let name = self
                            .tok(i + 2)
                            .map(|n| String::from_utf8_lossy(self.text(n)).into_owned())
                            .unwrap_or_default();
                        let docs = self.mentions_doc(i + 4, close);
                        self.out.macros.push((name, docs));
                    }
                    return (close + 1, false);
                }
                if t.kw != Kw::Reserved && self.tok(i + 2).is_some_and(|n| n.kind == Kind::Open) {
                    return (self.close_of(i + 2) + 1, false);
                }
                (i + 1, false)
            }
            _ => (i + 1, false),
        }
    }

    /// Whether tokens `i..end` mention `doc` as a token stream would: an
    /// identifier, a doc comment (it becomes `#[doc = …]`), or a lifetime
    /// `'doc` (a `'` and the identifier `doc`).
    fn mentions_doc(&self, i: usize, end: usize) -> bool {
        self.toks
            .get(i..end.min(self.toks.len()))
            .unwrap_or_default()
            .iter()
            .any(|t| match t.kind {
                Kind::OuterDoc | Kind::InnerDoc => true,
                Kind::Ident => t.kw == Kw::Doc,
                Kind::Lifetime => self.text(*t) == b"'doc",
                _ => false,
            })
    }

    /// Scans the groups of an item header (`i..stop`) as expressions:
    /// `syn` visits generic arguments and where clauses, and a const-generic
    /// block there can hold an `unsafe impl` (zerocopy's derive output).
    fn scan_header(&mut self, mut i: usize, stop: usize, st: State, counting: bool) {
        while i < stop {
            if self.tok(i).is_some_and(|t| t.kind == Kind::Open) {
                let close = self.close_of(i);
                self.scan(i + 1, close, Ctx::Block, st.nested(false, counting));
                i = close + 1;
            } else {
                i += 1;
            }
        }
    }
}

/// Scanner state passed down into groups.
#[derive(Debug, Clone, Copy)]
struct State {
    depth: u32,
    /// In a module reached from the file root through modules only, where
    /// `macro_rules!` definitions are collected.
    macro_level: bool,
    /// Off inside test-only items.
    counting: bool,
}

impl State {
    fn nested(self, macro_level: bool, counting: bool) -> Self {
        Self {
            depth: self.depth + 1,
            macro_level,
            counting,
        }
    }
}

/// Scans one file's source (see the module docs).
pub fn scan(src: &str) -> FileScan {
    scan_tokens(src.as_bytes(), &tokenize(src))
}

/// Whether [`scan_tokens`] can find anything in `src`: every count starts
/// at an `unsafe` keyword and every macro at a `macro_rules` one (the
/// words' bytes cannot be escaped or split in Rust source), so a file
/// holding no `macro_rules` and no `unsafe` but in the shapes
/// [`uncounted_unsafe_at`] reads scans to an empty [`FileScan`]. Generated
/// bindings hold many such files (`Option<unsafe extern "system" fn(…)>`
/// pointer types, `unsafe extern "C" {` blocks): on a 214-package lockfile
/// the lexical pass reads 80 MB of files instead of 100.
pub(crate) fn may_count(src: &[u8]) -> bool {
    memchr::memmem::find(src, b"macro_rules").is_some()
        || memchr::memmem::find_iter(src, b"unsafe").any(|at| !uncounted_unsafe_at(src, at + 6))
}

/// ASCII whitespace as the lexer skips it (its dispatch matches the same
/// bytes; [`uncounted_unsafe_at`] must skip exactly what it skips).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Length of the whitespace run starting at `i` (0 past the end): what the
/// lexer skips at once, and what [`uncounted_unsafe_at`] steps over.
fn space_run(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map_or(0, |r| r.iter().take_while(|&&c| is_space(c)).count())
}

/// Whether the `unsafe` ending at `after` is one no counting rule takes
/// when it is a keyword (and none can take it when it is not): followed,
/// across plain whitespace only, by a function pointer type (`fn(`,
/// `extern fn(`, `extern "C" fn(`) or an `extern` block (`extern {`,
/// `extern "C" {`). The rules count an `unsafe` right before `{`, `impl`,
/// `trait`, `auto trait`, or before a `fn` that names a function (through
/// `extern` and its ABI); here the next token is `fn` then `(`, or `extern`,
/// whose own next tokens are read the same way. Any other shape, comments
/// between the tokens or escapes in the ABI string included, says no: the
/// file is then lexed.
fn uncounted_unsafe_at(src: &[u8], after: usize) -> bool {
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let spaces = |i: usize| space_run(src, i);
    // `word` at `i` as a whole identifier.
    let word = |i: usize, w: &[u8]| {
        src.get(i..i + w.len()) == Some(w) && !is_ident_continue(at(i + w.len()))
    };
    let mut i = after;
    let gap = spaces(i);
    if gap == 0 {
        return false;
    }
    i += gap;
    if word(i, b"extern") {
        i += 6;
        let gap = spaces(i);
        i += gap;
        if at(i) == b'"' {
            // A short ABI string without escapes, then whitespace or `{`.
            let Some(len) = src.get(i + 1..).and_then(|r| {
                r.iter()
                    .take(64)
                    .position(|&c| matches!(c, b'"' | b'\\' | b'\n'))
            }) else {
                return false;
            };
            if at(i + 1 + len) != b'"' {
                return false;
            }
            i += len + 2;
            let gap = spaces(i);
            if at(i + gap) == b'{' {
                return true;
            }
            if gap == 0 {
                return false;
            }
            i += gap;
        } else if at(i) == b'{' {
            return true;
        } else if gap == 0 {
            return false;
        }
    }
    word(i, b"fn") && at(i + 2 + spaces(i + 2)) == b'('
}

/// [`scan`] on tokens already made from `src`.
pub(crate) fn scan_tokens(src: &[u8], toks: &[Tok]) -> FileScan {
    let mut s = Scanner {
        src,
        toks,
        out: FileScan::default(),
    };
    let st = State {
        depth: 0,
        macro_level: true,
        counting: true,
    };
    s.scan(0, toks.len(), Ctx::Module, st);
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(src: &str) -> UnsafeCounts {
        scan(src).unsafe_counts
    }

    #[test]
    fn a_token_keeps_its_end_and_an_opener_its_partner_in_one_field() {
        let src = "f(a, [b]) { \"s\" } (";
        let toks = tokenize(src);
        let texts: Vec<&str> = toks
            .iter()
            .map(|t| src.get(t.start as usize..t.end() as usize).unwrap_or("?"))
            .collect();
        assert_eq!(
            texts,
            [
                "f", "(", "a", ",", "[", "b", "]", ")", "{", "\"s\"", "}", "("
            ]
        );
        let partners: Vec<u32> = toks.iter().map(Tok::partner).collect();
        // `(` at 1 closes at 7, `[` at 4 at 6, `{` at 8 at 10; the last
        // `(` is unclosed: the token count. Other tokens have none.
        assert_eq!(partners, [0, 7, 0, 0, 6, 0, 0, 0, 10, 0, 0, 12]);
    }

    #[test]
    fn words_are_classified_as_numbers_without_confusing_any() {
        let reserved = [
            "as", "break", "continue", "else", "enum", "false", "for", "if", "in", "let", "loop",
            "match", "move", "ref", "return", "self", "Self", "struct", "super", "true", "type",
            "use", "where", "while", "await", "dyn", "abstract", "become", "box", "do", "final",
            "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
        ];
        let roles = [
            ("unsafe", Kw::Unsafe),
            ("fn", Kw::Fn),
            ("impl", Kw::Impl),
            ("trait", Kw::Trait),
            ("mod", Kw::Mod),
            ("extern", Kw::Extern),
            ("const", Kw::Const),
            ("static", Kw::Static),
            ("mut", Kw::Mut),
            ("pub", Kw::Pub),
            ("async", Kw::Async),
            ("crate", Kw::Crate),
            ("default", Kw::Qualifier),
            ("safe", Kw::Qualifier),
            ("auto", Kw::Qualifier),
            ("macro_rules", Kw::MacroRules),
            ("test", Kw::Test),
            ("cfg", Kw::Cfg),
            ("all", Kw::All),
            ("doc", Kw::Doc),
            ("_", Kw::Underscore),
        ];
        let mut known: Vec<(&str, Kw)> = roles.to_vec();
        known.extend(reserved.iter().map(|w| (*w, Kw::Reserved)));
        for (word, kw) in &known {
            assert_eq!(classify(word.as_bytes()), *kw, "{word}");
            // One byte more, one less, or one changed is a plain name.
            for near in [
                format!("{word}x"),
                format!("x{word}"),
                format!("_{word}"),
                word.get(..word.len() - 1).unwrap_or_default().to_owned(),
                word.get(1..).unwrap_or_default().to_owned(),
                word.to_uppercase(),
                format!("{word}\u{e9}"),
            ] {
                let want = known
                    .iter()
                    .find(|(w, _)| *w == near)
                    .map_or(Kw::Plain, |(_, k)| *k);
                assert_eq!(classify(near.as_bytes()), want, "{near:?} (from {word})");
            }
        }
        // Around the eight bytes a number holds: the longer words compare
        // as bytes.
        for word in [
            "",
            "abstracts",
            "continued",
            "overrides",
            "macro_rule",
            "macro_rules_",
        ] {
            assert_eq!(classify(word.as_bytes()), Kw::Plain, "{word}");
        }
        assert_eq!(classify(&[0xFF; 6]), Kw::Plain);
    }

    #[test]
    fn a_file_without_the_two_words_scans_empty() {
        // Near misses: split, joined to other words, raw identifiers.
        let quiet = "fn f() { let un = 1; let safe = un; }\n// uns afe, macro rules\n\
                     impl T for X { fn r#unsaf() {} }\nmacro_rule! x {}";
        assert!(!may_count(quiet.as_bytes()));
        let found = scan(quiet);
        assert_eq!((found.unsafe_counts.total(), found.macros.len()), (0, 0));
        // Either word anywhere, even where the scan counts nothing, reads
        // it, but for the pointer types and extern blocks of
        // `uncounted_pointer_types_and_extern_blocks_need_no_lexing`.
        for src in [
            "unsafe fn f() {}",
            "macro_rules! m { () => {} }",
            "/* unsafe */ fn f() {}",
            "fn not_unsafe() {}",
        ] {
            assert!(may_count(src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn uncounted_pointer_types_and_extern_blocks_need_no_lexing() {
        // What bindings generators write: nothing here is counted.
        for src in [
            "pub type F = Option<unsafe extern \"system\" fn(h: HANDLE) -> BOOL>;",
            "type G = unsafe fn(u8);\ntype H = unsafe  extern  fn (u8);",
            "unsafe extern \"C\" {\n    pub fn f(x: i32);\n}\nunsafe extern{}",
            "static P: unsafe extern \"C\"fn() = f;", // not a pointer shape: lexed
        ] {
            let found = scan(src);
            assert_eq!(
                (found.unsafe_counts.total(), found.macros.len()),
                (0, 0),
                "{src}"
            );
            assert_eq!(may_count(src.as_bytes()), src.contains("\"fn()"), "{src}");
        }
        // Shapes a rule counts, or that the quick look cannot vouch for,
        // are lexed: the same words with a name, a block, an impl,
        // comments or escapes between them, an `unsafe` glued to a word.
        for src in [
            "unsafe extern \"C\" fn f() {}",
            "unsafe extern fn f() {}",
            "unsafe fn f() {}",
            "fn f() { unsafe { g() } }",
            "unsafe impl Send for X {}",
            "unsafe auto trait A {}",
            "type F = unsafe /* c */ fn(u8);",
            "type F = unsafe extern \"C\\\"\" fn(u8);",
            "type F = unsafe fn(u8); unsafe fn g() {}",
            "type F = my_unsafe;",
            "type F = unsafe fn",
        ] {
            assert!(may_count(src.as_bytes()), "{src}");
        }
        // Whatever the bytes, a file the quick look passes over scans empty.
        let parts = [
            "unsafe",
            " ",
            "\n",
            "extern",
            "\"C\"",
            "\"",
            "fn",
            "f",
            "(",
            ")",
            "{",
            "}",
            "impl",
            "trait",
            "auto",
            "/*",
            "*/",
            "//",
            "#",
            "[",
            "]",
            "!",
            "'",
            "r#",
            "X",
            ";",
            "<",
            ">",
            "\\",
            "mod",
            "test",
            "cfg",
            // Whole shapes the quick look passes over, to be cut and mixed.
            "unsafe fn(",
            "unsafe extern \"C\" fn(",
            "unsafe extern {",
            "unsafe extern \"C\" {",
            "unsafe extern fn (",
            // And near misses a rule counts.
            "unsafe fn ",
            "unsafe extern \"C\" fn ",
            "unsafe extern \"C\" ",
            "unsafe ",
            "f()",
            " {}",
            "() {}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut passed_over = 0;
        for _ in 0..20_000 {
            let len = 1 + next() % 12;
            let src: String = (0..len)
                .map(|_| parts[(next() % parts.len() as u64) as usize])
                .collect();
            if !may_count(src.as_bytes()) {
                passed_over += usize::from(src.contains("unsafe"));
                let found = scan(&src);
                assert_eq!(
                    (found.unsafe_counts.total(), found.macros.len()),
                    (0, 0),
                    "{src:?}"
                );
            }
        }
        // Files holding `unsafe` that were passed over: the case under test.
        assert!(passed_over > 2_000, "{passed_over}");
    }

    #[test]
    fn the_quick_look_is_linear_on_hostile_files() {
        // A million pointer types, and long whitespace runs between the
        // words: each byte is looked at a bounded number of times.
        let many = "unsafe extern \"C\" fn(".repeat(1_000_000);
        assert!(!may_count(many.as_bytes()));
        let wide = format!("unsafe{}fn{}(", " ".repeat(4 << 20), "\n".repeat(4 << 20));
        assert!(!may_count(wide.as_bytes()));
        // An ABI string that never closes is not vouched for.
        let open = format!("unsafe extern \"{}", "C".repeat(4 << 20));
        assert!(may_count(open.as_bytes()));
        // The last `unsafe` of a long file decides.
        let tail = format!("{}unsafe {{}}", "unsafe fn(); ".repeat(500_000));
        assert!(may_count(tail.as_bytes()));
    }

    #[test]
    fn comments_strings_and_chars_hide_unsafe() {
        let src = r##"
// unsafe { }
/* unsafe { /* nested unsafe { } */ unsafe { } */
fn f() {
    let _ = "unsafe { \" unsafe { }";
    let _ = r#"unsafe { "# ;
    let _ = br"unsafe {";
    let _ = '{';
    let _ = b'"';
    let _ = '\'';
    let _: &'static str = "x";
    unsafe { }
}
"##;
        assert_eq!(counts(src).blocks, 1);
    }

    #[test]
    fn unsafe_fn_is_a_method_only_directly_in_impls_and_traits() {
        let src = r#"
pub unsafe fn free() {}
unsafe extern "C" fn abi() {}
impl X {
    pub unsafe fn m(&self) { unsafe fn nested() {} }
    const fn c() {}
}
unsafe trait T { unsafe fn tm(); }
unsafe impl Send for X {}
unsafe extern "C" { fn foreign(); pub unsafe fn f2(); }
type P = unsafe fn(u8) -> u8;
type Q = unsafe extern "C" fn();
"#;
        let c = counts(src);
        assert_eq!(c.functions, 3, "{c:?}");
        assert_eq!(c.methods, 2, "{c:?}");
        assert_eq!(c.traits, 1);
        assert_eq!(c.impls, 1);
        assert_eq!(c.blocks, 0);
    }

    #[test]
    fn test_code_and_macros_are_skipped() {
        let src = r#"
#[cfg(test)]
mod tests { fn t() { unsafe {} } }
#[test]
fn a() { unsafe {} }
#[cfg(all(test, feature = "x"))]
pub(crate) unsafe fn b() {}
#[cfg(any(test, feature = "x"))]
fn kept() { unsafe {} }
mod inner { #![cfg(test)] fn t() { unsafe {} } }
macro_rules! m { () => { unsafe {} } }
fn g() { println!("{}", unsafe { 1 }); }
cfg_if! { if #[cfg(unix)] { unsafe fn hidden() {} } }
trait Tr {
    #[cfg(test)]
    unsafe fn still_counted();
}
"#;
        let c = counts(src);
        assert_eq!(c.blocks, 1, "{c:?}");
        assert_eq!(c.functions, 0, "{c:?}");
        assert_eq!(c.methods, 1, "{c:?}");
    }

    #[test]
    fn item_level_macro_definitions_are_listed() {
        let src = r#"
macro_rules! plain { () => {} }
mod m {
    macro_rules! documented { ($i:item) => { /// Docs.
        $i } }
}
fn f() { macro_rules! local { () => {} } }
"#;
        assert_eq!(
            scan(src).macros,
            vec![("plain".to_owned(), false), ("documented".to_owned(), true)]
        );
    }

    #[test]
    fn lifetimes_and_labels_are_not_char_literals() {
        let src = "fn f<'a>(x: &'a u8) -> &'a u8 { 'outer: loop { unsafe {} break 'outer; } x }";
        assert_eq!(counts(src).blocks, 1);
    }

    #[test]
    fn const_generic_braces_are_not_bodies() {
        let src = "impl Foo<{ N }> for Bar { unsafe fn m() {} }\nfn f() -> A<{ 1 }> { unsafe {} }";
        let c = counts(src);
        assert_eq!((c.methods, c.blocks), (1, 1), "{c:?}");
    }

    /// A small deterministic generator (xorshift), so the test needs no crate.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn never_panics_on_random_bytes_or_truncated_files() {
        let alphabet =
            b"unsafe fn impl{}()[]<>'\"#!r/*\\\n bc;:mod trait extern const test cfg all";
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = xorshift(&mut state);
                    if r.is_multiple_of(4) {
                        (r >> 8) as u8
                    } else {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    }
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            let _ = scan(&text);
        }
        let src = include_str!("code.rs");
        for cut in (0..src.len()).step_by(97) {
            if let Some(prefix) = src.get(..cut) {
                let _ = scan(prefix);
            }
        }
        // Deep nesting is followed as far as real code goes, and bounded
        // beyond (no stack overflow).
        let nested = "{".repeat(200) + "unsafe {}" + &"}".repeat(200);
        assert_eq!(counts(&nested).blocks, 1);
        let deep = "{".repeat(100_000) + "unsafe {}" + &"}".repeat(100_000);
        assert_eq!(counts(&deep).blocks, 0);
        let deep_cfg = format!(
            "#[cfg({}test{})] fn f() {{}}",
            "all(".repeat(100_000),
            ")".repeat(100_000)
        );
        let _ = scan(&deep_cfg);
        // Mismatched closers stay linear.
        let hostile = "(".repeat(200_000) + &"}".repeat(200_000);
        let start = std::time::Instant::now();
        let _ = scan(&hostile);
        assert!(start.elapsed().as_secs() < 5);
    }
}
