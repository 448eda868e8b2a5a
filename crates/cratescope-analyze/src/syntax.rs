//! Reads the item structure of Rust source from the flat tokens of
//! [`crate::lexical`]: what the coverage walk of [`crate::code`] needs
//! (attributes, visibility, names, fields, variants, the items of traits,
//! impls, extern blocks and inline modules, `use` trees, macro calls), and
//! nothing else.
//!
//! Bodies are never read: a function body, a `const` initializer, an enum
//! discriminant or an array length is a span of tokens skipped by the
//! partner index of its delimiter, so no expression is ever built and the
//! cost of a file is linear in its tokens whatever its shape (postfix,
//! index, method or operator chains are just tokens). The only recursion
//! is through the groups of item-level syntax (`use` trees, nested
//! `cfg_attr`, the walk's inline modules), each bounded by an explicit
//! depth.
//!
//! What `syn` rejected (an unknown word where an item must start) is
//! skipped to the next item boundary in a file; in a macro's body it makes
//! the body "not items" ([`Src::items_strict`]), as `syn` said.

use std::borrow::Cow;

use crate::lexical::{ARROW, Kind, Kw, PATH_SEP, Tok};

/// Deepest `use` tree group nesting followed: real trees nest two or three.
pub(crate) const MAX_USE_DEPTH: usize = 32;

/// A file's bytes and tokens.
#[derive(Clone, Copy)]
pub(crate) struct Src<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) toks: &'a [Tok],
}

/// Visibility as the walk tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vis {
    /// `pub`.
    Public,
    /// `pub(crate)`, `pub(super)`, `pub(in …)`, `pub(self)`, or none.
    Private,
}

/// An attribute: a doc comment (token index) or the token range inside
/// `#[…]` / `#![…]`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attr {
    Doc(usize),
    Meta(usize, usize),
}

/// Fields of a struct, union or variant: the group opener.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fields {
    Named(usize),
    Unnamed(usize),
    Unit,
}

/// One item's kind, with the token positions its walk needs.
#[derive(Debug, Clone)]
pub(crate) enum ItemKind {
    Const(String),
    Static(String),
    Fn {
        name: String,
        body: Option<usize>,
    },
    Type(String),
    TraitAlias(String),
    Struct(String, Fields),
    Union(String, Fields),
    /// Name, opener of the variants' braces.
    Enum(String, usize),
    /// Name, opener of the body.
    Trait(String, usize),
    ForeignMod(usize),
    Impl {
        trait_: bool,
        /// The last path segment of the self type, when it is a path.
        self_name: Option<String>,
        body: usize,
    },
    /// `macro_rules! name { … }`: name, opener of the rules.
    MacroRules(String, usize),
    /// `path!(…)`: the path's last segment, opener of the arguments.
    MacroCall(String, usize),
    /// `use` tree tokens `[start, end)`.
    Use(usize, usize),
    ExternCrate {
        name: String,
        rename: Option<String>,
    },
    /// Name, opener of the inline body.
    Mod(String, Option<usize>),
    /// Something `syn` parses but the walk ignores (`macro` 2.0,
    /// `default impl`, `impl const`).
    Verbatim,
}

/// An item: attributes (outer, then the inner ones of its body), its
/// visibility and kind.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) vis: Vis,
    pub(crate) kind: ItemKind,
}

/// A member of a body (trait, impl, extern block, enum, struct).
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) vis: Vis,
    /// `fn`, `const`, `type`, `static`; `None` for a macro call or a
    /// field or variant.
    pub(crate) kind: Option<Kw>,
    pub(crate) name: String,
    /// A variant's fields.
    pub(crate) fields: Fields,
}

/// A meta of an attribute: its path (token range) and shape.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Meta {
    Path(usize, usize),
    /// Path range, opener of the group.
    List(usize, usize, usize),
    /// Path range, value token range.
    NameValue(usize, usize, (usize, usize)),
    /// A doc comment: `doc = "…"`.
    DocComment(usize),
}

impl Meta {
    pub(crate) fn path(&self) -> (usize, usize) {
        match *self {
            Meta::Path(a, b) | Meta::List(a, b, _) | Meta::NameValue(a, b, _) => (a, b),
            Meta::DocComment(i) => (i, i),
        }
    }
}

impl<'a> Src<'a> {
    pub(crate) fn new(text: &'a [u8], toks: &'a [Tok]) -> Self {
        Self { text, toks }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    pub(crate) fn tok(&self, i: usize) -> Option<Tok> {
        self.toks.get(i).copied()
    }

    pub(crate) fn bytes(&self, i: usize) -> &'a [u8] {
        self.tok(i)
            .and_then(|t| self.text.get(t.start as usize..t.end() as usize))
            .unwrap_or_default()
    }

    pub(crate) fn string(&self, i: usize) -> String {
        String::from_utf8_lossy(self.bytes(i)).into_owned()
    }

    pub(crate) fn is_punct(&self, i: usize, ch: u8) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.ch == ch)
    }

    pub(crate) fn is_open(&self, i: usize, ch: u8) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Open && t.ch == ch)
    }

    pub(crate) fn is_any_open(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Open)
    }

    /// An identifier (not raw) spelled `word`.
    pub(crate) fn is_word(&self, i: usize, word: &str) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Ident) && self.bytes(i) == word.as_bytes()
    }

    pub(crate) fn is_ident(&self, i: usize) -> bool {
        self.tok(i)
            .is_some_and(|t| matches!(t.kind, Kind::Ident | Kind::RawIdent))
    }

    /// Index of the token closing the group opened at `open`.
    pub(crate) fn close_of(&self, open: usize) -> usize {
        self.tok(open)
            .map_or(self.toks.len(), |t| (t.partner() as usize).max(open))
            .min(self.toks.len())
    }

    /// The index after the token tree at `i` (a whole group for an opener).
    fn skip_tree(&self, i: usize) -> usize {
        if self.is_any_open(i) {
            self.close_of(i) + 1
        } else {
            i + 1
        }
    }

    /// Whether the tokens `[from, to)` hold the identifier `word` at any
    /// depth (what `syn`'s token trees would show, doc comments included
    /// as `doc`).
    pub(crate) fn mentions(&self, from: usize, to: usize, word: &str) -> bool {
        (from..to.min(self.len())).any(|i| match self.tok(i).map(|t| t.kind) {
            Some(Kind::Ident) => self.bytes(i) == word.as_bytes(),
            Some(Kind::OuterDoc | Kind::InnerDoc) => word == "doc",
            _ => false,
        })
    }

    /// The next top-level `,` in `[i, end)`, or `end`.
    pub(crate) fn next_comma(&self, mut i: usize, end: usize) -> usize {
        while i < end {
            if self.is_punct(i, b',') {
                return i;
            }
            i = self.skip_tree(i);
        }
        end
    }

    /// The next top-level `,` of a type in `[i, end)`: commas inside
    /// `<…>` belong to the type.
    fn next_type_comma(&self, mut i: usize, end: usize) -> usize {
        let mut angle = 0u32;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match (t.kind, t.ch) {
                (Kind::Punct, b',') if angle == 0 => return i,
                (Kind::Punct, b'<') => angle += 1,
                (Kind::Punct, b'>') => angle = angle.saturating_sub(1),
                _ => {}
            }
            i = self.skip_tree(i);
        }
        end
    }

    /// The next top-level `;` in `[i, end)` (index of the `;`, or `end`).
    fn next_semi(&self, mut i: usize, end: usize) -> usize {
        while i < end {
            if self.is_punct(i, b';') {
                return i;
            }
            i = self.skip_tree(i);
        }
        end
    }

    /// Outer attributes and doc comments from `i`: the attributes and the
    /// index after them.
    pub(crate) fn outer_attrs(&self, mut i: usize, end: usize, out: &mut Vec<Attr>) -> usize {
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match t.kind {
                Kind::OuterDoc => {
                    out.push(Attr::Doc(i));
                    i += 1;
                }
                Kind::Punct if t.ch == b'#' && self.is_open(i + 1, b'[') => {
                    let close = self.close_of(i + 1);
                    out.push(Attr::Meta(i + 2, close));
                    i = close + 1;
                }
                _ => break,
            }
        }
        i
    }

    /// Inner attributes and doc comments at the start of a body `[i, end)`.
    pub(crate) fn inner_attrs(&self, mut i: usize, end: usize, out: &mut Vec<Attr>) -> usize {
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match t.kind {
                Kind::InnerDoc => {
                    out.push(Attr::Doc(i));
                    i += 1;
                }
                Kind::Punct
                    if t.ch == b'#' && self.is_punct(i + 1, b'!') && self.is_open(i + 2, b'[') =>
                {
                    let close = self.close_of(i + 2);
                    out.push(Attr::Meta(i + 3, close));
                    i = close + 1;
                }
                _ => break,
            }
        }
        i
    }

    /// A mod-style path at `i` (`a::b`, `::a`): the index after it, if
    /// there is one.
    fn path_end(&self, mut i: usize, end: usize) -> Option<usize> {
        if self.is_punct(i, PATH_SEP) {
            i += 1;
        }
        if i >= end || !self.is_ident(i) {
            return None;
        }
        i += 1;
        while i + 1 < end && self.is_punct(i, PATH_SEP) && self.is_ident(i + 1) {
            i += 2;
        }
        Some(i)
    }

    /// Whether the path `[a, b)` is the single identifier `word`.
    pub(crate) fn path_is(&self, (a, b): (usize, usize), word: &str) -> bool {
        b == a + 1 && self.is_word(a, word)
    }

    /// The meta filling `[i, end)` (an attribute's inside), as `syn` reads
    /// it; `None` when it is not one.
    pub(crate) fn meta(&self, i: usize, end: usize) -> Option<Meta> {
        let p = self.path_end(i, end)?;
        if p == end {
            return Some(Meta::Path(i, p));
        }
        if self.is_any_open(p) && self.close_of(p) + 1 == end {
            return Some(Meta::List(i, p, p));
        }
        if self.is_punct(p, b'=') && p + 1 < end {
            return Some(Meta::NameValue(i, p, (p + 1, end)));
        }
        None
    }

    /// Comma-separated metas filling `[i, end)` (a trailing comma allowed);
    /// `None` if any is not a meta.
    pub(crate) fn metas(&self, mut i: usize, end: usize) -> Option<Vec<Meta>> {
        let mut out = Vec::new();
        while i < end {
            let comma = self.next_comma(i, end);
            out.push(self.meta(i, comma)?);
            i = comma + 1;
        }
        Some(out)
    }

    /// The value of a string literal token (`"…"` with escapes, `r#"…"#`),
    /// `None` for any other token.
    pub(crate) fn str_value(&self, i: usize) -> Option<String> {
        let t = self.tok(i)?;
        if t.kind != Kind::Str {
            return None;
        }
        unquote(self.bytes(i))
    }

    /// The text of the doc comment at token `i`, as `syn` turns it into
    /// `#[doc = "…"]`: borrowed from the source when it is UTF-8 (every doc
    /// line of every walked item passes here).
    pub(crate) fn doc_comment(&self, i: usize) -> Cow<'a, str> {
        let b = self.bytes(i);
        let inner = if b.starts_with(b"/*") {
            b.get(3..b.len().saturating_sub(2)).unwrap_or_default()
        } else {
            let body = b.get(3..).unwrap_or_default();
            body.strip_suffix(b"\r").unwrap_or(body)
        };
        // Borrowed when the bytes are UTF-8, copied only to replace bad ones.
        String::from_utf8_lossy(inner)
    }

    /// Visibility at `i`: the visibility and the index after it.
    pub(crate) fn vis(&self, i: usize) -> (Vis, usize) {
        if !self.is_word(i, "pub") {
            // `crate` as a visibility (unstable): not `pub`.
            return (Vis::Private, i);
        }
        if self.is_open(i + 1, b'(') {
            let close = self.close_of(i + 1);
            let first = i + 2;
            let restricted = (close == first + 1
                && ["crate", "self", "super"]
                    .iter()
                    .any(|w| self.is_word(first, w)))
                || (close > first && self.is_word(first, "in"));
            if restricted {
                return (Vis::Private, close + 1);
            }
        }
        (Vis::Public, i + 1)
    }

    /// The name token at `i` (an identifier, raw or not), as text.
    fn name(&self, i: usize) -> Option<String> {
        self.is_ident(i).then(|| self.string(i))
    }

    /// From an item's header at `i`: the first `{` group outside `<…>`
    /// (and, before a `where`, outside any `(…)`), or a `;`. Returns the
    /// body's opener (if any) and the index after the item.
    fn body(&self, mut i: usize, end: usize) -> (Option<usize>, usize) {
        let mut angle = 0u32;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match (t.kind, t.ch) {
                (Kind::Open, b'{') if angle == 0 => return (Some(i), self.close_of(i) + 1),
                (Kind::Open, _) => {
                    i = self.close_of(i) + 1;
                    continue;
                }
                (Kind::Punct, b';') if angle == 0 => return (None, i + 1),
                (Kind::Punct, b'<') => angle += 1,
                (Kind::Punct, b'>') => angle = angle.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        (None, end)
    }

    /// Skips generic parameters `<…>` at `i`, if any.
    fn skip_generics(&self, mut i: usize, end: usize) -> usize {
        if !self.is_punct(i, b'<') {
            return i;
        }
        let mut angle = 0u32;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match (t.kind, t.ch) {
                (Kind::Punct, b'<') => angle += 1,
                (Kind::Punct, b'>') => {
                    angle = angle.saturating_sub(1);
                    if angle == 0 {
                        return i + 1;
                    }
                }
                (Kind::Open, _) => {
                    i = self.close_of(i) + 1;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        end
    }

    /// A struct's or union's fields after its generics: `{…}`, `(…)` (then
    /// `;`), or `;`, a `where` clause anywhere before. Returns the fields
    /// and the index after the item.
    fn struct_fields(&self, i: usize, end: usize) -> (Fields, usize) {
        let mut i = self.skip_generics(i, end);
        let mut in_where = false;
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match (t.kind, t.ch) {
                (Kind::Open, b'{') => return (Fields::Named(i), self.close_of(i) + 1),
                (Kind::Open, b'(') if !in_where => {
                    let close = self.close_of(i);
                    let semi = self.next_semi(close + 1, end);
                    return (Fields::Unnamed(i), (semi + 1).min(end));
                }
                (Kind::Open, _) => {
                    i = self.close_of(i) + 1;
                    continue;
                }
                (Kind::Punct, b';') => return (Fields::Unit, i + 1),
                (Kind::Punct, b'<') => {
                    i = self.skip_generics(i, end);
                    continue;
                }
                (Kind::Ident, _) if self.is_word(i, "where") => in_where = true,
                _ => {}
            }
            i += 1;
        }
        (Fields::Unit, end)
    }

    /// Reads the items of `[i, end)`. In `strict` mode (a macro's body), a
    /// token that cannot start an item makes the whole range `None`; else
    /// it is skipped to the next item boundary.
    pub(crate) fn items(&self, mut i: usize, end: usize, strict: bool) -> Option<Vec<Item>> {
        let mut out = Vec::new();
        while i < end {
            match self
                .item(i, end)
                .and_then(|r| self.check(r, strict, i, end))
            {
                Ok((item, next)) => {
                    if let Some(item) = item {
                        out.push(item);
                    }
                    i = next.max(i + 1);
                }
                Err(next) => {
                    if strict {
                        return None;
                    }
                    i = next.max(i + 1);
                }
            }
        }
        Some(out)
    }

    /// Reads the items of `[i, end)` as `syn`'s item parser would accept
    /// them: `None` if anything there is not an item.
    pub(crate) fn items_strict(&self, i: usize, end: usize) -> Option<Vec<Item>> {
        self.items(i, end, true)
    }

    /// In strict mode (a macro's body read as items, which `syn` would
    /// parse whole), refuses items whose inside does not read as Rust:
    /// custom syntax of macro DSLs (`struct S #full {`, `V => 1,`,
    /// `fn f[T]()`) that `syn` rejects.
    fn check(
        &self,
        r: (Option<Item>, usize),
        strict: bool,
        start: usize,
        end: usize,
    ) -> Result<(Option<Item>, usize), usize> {
        let Some(item) = r.0.as_ref().filter(|_| strict) else {
            return Ok(r);
        };
        let ok = match &item.kind {
            ItemKind::Struct(_, f) | ItemKind::Union(_, f) => self.valid_fields(*f),
            ItemKind::Enum(_, open) => self.valid_variants(*open),
            ItemKind::Trait(_, open) | ItemKind::ForeignMod(open) => self.valid_members(*open),
            ItemKind::Impl { body, .. } => self.valid_members(*body),
            _ => true,
        } && self.valid_header(start, r.1);
        if ok {
            Ok(r)
        } else {
            Err(self.recover(start, end))
        }
    }

    /// The header of the item `[start, end)`: after the name of a struct,
    /// enum, union or fn comes what Rust allows there.
    fn valid_header(&self, start: usize, end: usize) -> bool {
        let mut i = start;
        while i < end {
            let Some(t) = self.tok(i) else { return true };
            if t.kind == Kind::Open {
                // Attributes, or a body: headers come before.
                if t.ch == b'{' {
                    return true;
                }
                i = self.close_of(i) + 1;
                continue;
            }
            if ["struct", "enum", "union"]
                .iter()
                .any(|w| self.is_word(i, w))
                && self.is_ident(i + 1)
            {
                let n = i + 2;
                return self.is_punct(n, b'<')
                    || self.is_open(n, b'{')
                    || self.is_open(n, b'(')
                    || self.is_punct(n, b';')
                    || self.is_word(n, "where");
            }
            if self.is_word(i, "fn") && self.is_ident(i + 1) {
                return self.is_punct(i + 2, b'<') || self.is_open(i + 2, b'(');
            }
            if (self.is_word(i, "const") || self.is_word(i, "static"))
                && !self.is_word(i + 1, "fn")
                && self.is_ident(i + 1)
            {
                let n = if self.is_word(i + 1, "mut") {
                    i + 3
                } else {
                    i + 2
                };
                return self.is_punct(n, b':');
            }
            i += 1;
        }
        true
    }

    /// Fields read as Rust: `name: Type` (named), a type (tuple), and a
    /// tuple struct ends with `;` or `where`.
    fn valid_fields(&self, fields: Fields) -> bool {
        let (open, named) = match fields {
            Fields::Named(o) => (o, true),
            Fields::Unnamed(o) => (o, false),
            Fields::Unit => return true,
        };
        let close = self.close_of(open);
        if !named {
            let after = close + 1;
            if !(self.is_punct(after, b';')
                || self.is_word(after, "where")
                || after >= self.len()
                || self.is_punct(after, b','))
                && self.tok(after).is_some_and(|t| t.kind != Kind::Close)
            {
                return false;
            }
        }
        let mut i = open + 1;
        while i < close {
            i = self.outer_attrs(i, close, &mut Vec::new());
            if i >= close {
                break;
            }
            let (_, j) = self.vis(i);
            if named && !(self.is_ident(j) && self.is_punct(j + 1, b':')) {
                return false;
            }
            if !named && (j >= close || self.is_punct(j, b',')) {
                return false;
            }
            i = self.next_type_comma(j, close) + 1;
        }
        true
    }

    /// Variants read as Rust: a name, fields, `= discriminant`, commas.
    fn valid_variants(&self, open: usize) -> bool {
        let close = self.close_of(open);
        let mut i = open + 1;
        while i < close {
            i = self.outer_attrs(i, close, &mut Vec::new());
            if i >= close {
                break;
            }
            let (_, j) = self.vis(i);
            if !self.is_ident(j) {
                return false;
            }
            let mut k = j + 1;
            if self.is_open(k, b'{') || self.is_open(k, b'(') {
                let f = if self.is_open(k, b'{') {
                    Fields::Named(k)
                } else {
                    Fields::Unnamed(k)
                };
                if let Fields::Named(_) = f
                    && !self.valid_fields(f)
                {
                    return false;
                }
                k = self.close_of(k) + 1;
            }
            if !(k >= close || self.is_punct(k, b',') || self.is_punct(k, b'=')) {
                return false;
            }
            while k < close && !self.is_punct(k, b',') {
                k = self.skip_tree(k);
            }
            i = k + 1;
        }
        true
    }

    /// Members of a trait, impl or extern block read as Rust items or
    /// macro calls.
    fn valid_members(&self, open: usize) -> bool {
        let close = self.close_of(open);
        let mut skip = Vec::new();
        let start = self.inner_attrs(open + 1, close, &mut skip);
        let mut i = start;
        while i < close {
            let mut attrs = Vec::new();
            let at = self.outer_attrs(i, close, &mut attrs);
            if at >= close {
                return attrs.is_empty();
            }
            match self.item(at, close) {
                Ok((_, next)) => {
                    if !self.valid_header(at, next) {
                        return false;
                    }
                    i = next.max(i + 1);
                }
                Err(_) => {
                    // Associated items without bodies (`fn f();`,
                    // `type T;`, `const C: u8;`) read as items too.
                    return false;
                }
            }
        }
        true
    }

    /// Where a failed item ends: after the next `;` or `{…}` group.
    fn recover(&self, mut i: usize, end: usize) -> usize {
        while i < end {
            if self.is_punct(i, b';') {
                return i + 1;
            }
            if self.is_open(i, b'{') {
                return self.close_of(i) + 1;
            }
            i = self.skip_tree(i);
        }
        end
    }

    /// One item at `i`: `Ok((item, next))` (`None` for a stray `;`), or
    /// `Err(next)` where the walk can resume.
    fn item(&self, start: usize, end: usize) -> Result<(Option<Item>, usize), usize> {
        let mut attrs = Vec::new();
        let mut i = self.outer_attrs(start, end, &mut attrs);
        if i >= end {
            // Attributes with no item: `syn` fails.
            return Err(end);
        }
        if self.is_punct(i, b';') && attrs.is_empty() {
            return Ok((None, i + 1));
        }
        let (vis, after_vis) = self.vis(i);
        i = after_vis;
        let fail = |at: usize| Err(self.recover(at, end));
        let item = |kind: ItemKind, attrs: Vec<Attr>| Item { attrs, vis, kind };
        // Qualifiers before `fn`, `impl`, `trait`, extern blocks.
        let mut j = i;
        loop {
            if (self.is_word(j, "const") && !self.is_ident_after_const(j))
                || self.is_word(j, "async")
                || self.is_word(j, "safe")
                || self.is_word(j, "unsafe")
            {
                j += 1;
            } else if self.is_word(j, "default") && self.is_ident(j + 1) {
                // `default fn` / `default impl`: specialization.
                let (_, next) = self.body(j + 1, end);
                return Ok((Some(item(ItemKind::Verbatim, attrs)), next));
            } else if self.is_word(j, "extern") {
                if self.is_word(j + 1, "crate") {
                    break;
                }
                let mut k = j + 1;
                if self
                    .tok(k)
                    .is_some_and(|t| matches!(t.kind, Kind::Str | Kind::Literal))
                {
                    k += 1;
                }
                if self.is_open(k, b'{') {
                    let close = self.close_of(k);
                    self.inner_attrs(k + 1, close, &mut attrs);
                    return Ok((Some(item(ItemKind::ForeignMod(k), attrs)), close + 1));
                }
                j = k;
            } else {
                break;
            }
        }
        let qualified = j > i;
        i = j;
        let Some(t) = self.tok(i) else {
            return fail(i);
        };
        if !matches!(t.kind, Kind::Ident | Kind::RawIdent) {
            if t.kind == Kind::Punct && t.ch == PATH_SEP {
                return self.macro_call(i, end, attrs, vis, start);
            }
            return fail(i);
        }
        let word = self.bytes(i);
        let raw = t.kind == Kind::RawIdent;
        match word {
            b"fn" if !raw => {
                let Some(name) = self.name(i + 1) else {
                    return fail(i);
                };
                let (body, next) = self.body(i + 2, end);
                if let Some(b) = body {
                    self.inner_attrs(b + 1, self.close_of(b), &mut attrs);
                }
                Ok((Some(item(ItemKind::Fn { name, body }, attrs)), next))
            }
            _ if qualified && !matches!(word, b"impl" | b"trait" | b"auto" | b"mod") => {
                // `unsafe`/`const`/`async` before anything else.
                fail(i)
            }
            b"const" | b"static" if !raw => {
                let mut k = i + 1;
                if word == b"static" && self.is_word(k, "mut") {
                    k += 1;
                }
                let name = if self.is_punct(k, b'_') || self.is_word(k, "_") {
                    "_".to_owned()
                } else {
                    match self.name(k) {
                        Some(n) => n,
                        None => return fail(i),
                    }
                };
                let semi = self.next_semi(k + 1, end);
                if semi >= end {
                    return fail(i);
                }
                let kind = if word == b"const" {
                    ItemKind::Const(name)
                } else {
                    ItemKind::Static(name)
                };
                Ok((Some(item(kind, attrs)), semi + 1))
            }
            b"type" if !raw => {
                let Some(name) = self.name(i + 1) else {
                    return fail(i);
                };
                let semi = self.next_semi(i + 2, end);
                if semi >= end {
                    return fail(i);
                }
                Ok((Some(item(ItemKind::Type(name), attrs)), semi + 1))
            }
            b"struct" | b"union" if !raw => {
                let Some(name) = self.name(i + 1) else {
                    // `union` is contextual: `union` alone is not an item.
                    return self.macro_call(i, end, attrs, vis, start);
                };
                if word == b"union"
                    && !(self.is_punct(i + 2, b'<')
                        || self.is_open(i + 2, b'{')
                        || self.is_word(i + 2, "where"))
                {
                    return self.macro_call(i, end, attrs, vis, start);
                }
                let (fields, next) = self.struct_fields(i + 2, end);
                let kind = if word == b"struct" {
                    ItemKind::Struct(name, fields)
                } else {
                    ItemKind::Union(name, fields)
                };
                Ok((Some(item(kind, attrs)), next))
            }
            b"enum" if !raw => {
                let Some(name) = self.name(i + 1) else {
                    return fail(i);
                };
                let (body, next) = self.body(i + 2, end);
                match body {
                    Some(b) => Ok((Some(item(ItemKind::Enum(name, b), attrs)), next)),
                    None => fail(i),
                }
            }
            b"auto" if !raw && self.is_word(i + 1, "trait") => {
                self.trait_item(i + 1, end, attrs, vis)
            }
            b"trait" if !raw => self.trait_item(i, end, attrs, vis),
            b"impl" if !raw => self.impl_item(i, end, attrs, vis),
            b"mod" if !raw => {
                let Some(name) = self.name(i + 1) else {
                    return fail(i);
                };
                if self.is_open(i + 2, b'{') {
                    let close = self.close_of(i + 2);
                    self.inner_attrs(i + 3, close, &mut attrs);
                    Ok((
                        Some(item(ItemKind::Mod(name, Some(i + 2)), attrs)),
                        close + 1,
                    ))
                } else if self.is_punct(i + 2, b';') {
                    Ok((Some(item(ItemKind::Mod(name, None), attrs)), i + 3))
                } else {
                    fail(i)
                }
            }
            b"use" if !raw => {
                let semi = self.next_semi(i + 1, end);
                if semi >= end {
                    return fail(i);
                }
                Ok((Some(item(ItemKind::Use(i + 1, semi), attrs)), semi + 1))
            }
            b"extern" if !raw && self.is_word(i + 1, "crate") => {
                let Some(name) = self.name(i + 2) else {
                    return fail(i);
                };
                let mut k = i + 3;
                let mut rename = None;
                if self.is_word(k, "as") {
                    if self.is_punct(k + 1, b'_') || self.is_word(k + 1, "_") {
                        rename = Some("_".to_owned());
                    } else {
                        rename = self.name(k + 1);
                    }
                    k += 2;
                }
                if !self.is_punct(k, b';') {
                    return fail(i);
                }
                Ok((
                    Some(item(ItemKind::ExternCrate { name, rename }, attrs)),
                    k + 1,
                ))
            }
            b"macro" if !raw && self.is_ident(i + 1) => {
                // Declarative macros 2.0: `macro name(…) { … }`.
                let (_, next) = self.body(i + 2, end);
                Ok((Some(item(ItemKind::Verbatim, attrs)), next))
            }
            _ => self.macro_call(i, end, attrs, vis, start),
        }
    }

    /// Whether `const` at `i` starts a `const NAME:` / `const _:` item
    /// rather than qualifying a `fn` (`const fn`, `const unsafe fn`).
    fn is_ident_after_const(&self, i: usize) -> bool {
        let n = i + 1;
        (self.is_ident(n) || self.is_punct(n, b'_'))
            && !["fn", "unsafe", "async", "extern", "impl", "trait", "safe"]
                .iter()
                .any(|w| self.is_word(n, w))
    }

    /// A macro call (or `macro_rules!` definition) at `i`.
    fn macro_call(
        &self,
        i: usize,
        end: usize,
        attrs: Vec<Attr>,
        vis: Vis,
        start: usize,
    ) -> Result<(Option<Item>, usize), usize> {
        let Some(p) = self.path_end(i, end) else {
            return Err(self.recover(i.max(start), end));
        };
        if !self.is_punct(p, b'!') {
            return Err(self.recover(i, end));
        }
        let last = self.string(p - 1);
        let is_rules = p == i + 1 && self.is_word(i, "macro_rules");
        let (name, open) = if self.is_ident(p + 1) {
            (self.name(p + 1), p + 2)
        } else {
            (None, p + 1)
        };
        let Some(t) = self.tok(open).filter(|t| t.kind == Kind::Open) else {
            return Err(self.recover(i, end));
        };
        let close = self.close_of(open);
        let mut next = close + 1;
        if t.ch != b'{' {
            if !self.is_punct(next, b';') {
                return Err(self.recover(i, end));
            }
            next += 1;
        } else if self.is_punct(next, b';') {
            next += 1;
        }
        let kind = match (is_rules, name) {
            (true, Some(n)) => ItemKind::MacroRules(n, open),
            (false, None) => ItemKind::MacroCall(last, open),
            _ => return Err(next),
        };
        Ok((Some(Item { attrs, vis, kind }), next))
    }

    fn trait_item(
        &self,
        i: usize,
        end: usize,
        mut attrs: Vec<Attr>,
        vis: Vis,
    ) -> Result<(Option<Item>, usize), usize> {
        let Some(name) = self.name(i + 1) else {
            return Err(self.recover(i, end));
        };
        // A trait alias: `trait A = B + C;` (an `=` before any body).
        let g = self.skip_generics(i + 2, end);
        if self.is_punct(g, b'=') {
            let semi = self.next_semi(g, end);
            return Ok((
                Some(Item {
                    attrs,
                    vis,
                    kind: ItemKind::TraitAlias(name),
                }),
                (semi + 1).min(end),
            ));
        }
        let (body, next) = self.body(i + 2, end);
        let Some(b) = body else {
            return Err(next);
        };
        self.inner_attrs(b + 1, self.close_of(b), &mut attrs);
        Ok((
            Some(Item {
                attrs,
                vis,
                kind: ItemKind::Trait(name, b),
            }),
            next,
        ))
    }

    fn impl_item(
        &self,
        i: usize,
        end: usize,
        mut attrs: Vec<Attr>,
        vis: Vis,
    ) -> Result<(Option<Item>, usize), usize> {
        let mut k = self.skip_generics(i + 1, end);
        if self.is_word(k, "const") {
            let (_, next) = self.body(k, end);
            return Ok((
                Some(Item {
                    attrs,
                    vis,
                    kind: ItemKind::Verbatim,
                }),
                next,
            ));
        }
        let (body, next) = self.body(k, end);
        let Some(b) = body else {
            return Err(next);
        };
        // The header: a `for` outside `<…>` (not `for<'a>`) before any
        // `where` makes it a trait impl.
        let header_end = (k..b).find(|&x| self.is_word(x, "where")).unwrap_or(b);
        let mut trait_ = false;
        let mut angle = 0u32;
        let mut x = k;
        while x < header_end {
            let Some(t) = self.tok(x) else { break };
            match (t.kind, t.ch) {
                (Kind::Punct, b'<') => angle += 1,
                (Kind::Punct, b'>') => angle = angle.saturating_sub(1),
                (Kind::Ident, _)
                    if angle == 0 && self.is_word(x, "for") && !self.is_punct(x + 1, b'<') =>
                {
                    trait_ = true;
                    break;
                }
                _ => {}
            }
            x = self.skip_tree(x);
        }
        if self.is_punct(k, b'!') {
            trait_ = true;
        }
        let self_name = if trait_ {
            None
        } else {
            self.path_type_last(k, header_end)
        };
        k = b;
        self.inner_attrs(k + 1, self.close_of(k), &mut attrs);
        Ok((
            Some(Item {
                attrs,
                vis,
                kind: ItemKind::Impl {
                    trait_,
                    self_name,
                    body: b,
                },
            }),
            next,
        ))
    }

    /// The last segment of the path type filling `[i, end)`, `None` when
    /// the type is not a path (a reference, tuple, `dyn`, macro, …).
    fn path_type_last(&self, mut i: usize, end: usize) -> Option<String> {
        if self.is_punct(i, b'<') {
            // `<T as Trait>::Assoc`.
            i = self.skip_generics(i, end);
        }
        if self.is_punct(i, PATH_SEP) {
            i += 1;
        }
        let mut last = None;
        let mut expect_seg = true;
        while i < end {
            let t = self.tok(i)?;
            match t.kind {
                Kind::Ident | Kind::RawIdent if expect_seg => {
                    if [
                        "dyn", "impl", "fn", "unsafe", "extern", "for", "mut", "const",
                    ]
                    .iter()
                    .any(|w| self.is_word(i, w))
                        && last.is_none()
                    {
                        return None;
                    }
                    last = Some(self.string(i));
                    expect_seg = false;
                    i += 1;
                }
                Kind::Punct if t.ch == PATH_SEP && !expect_seg => {
                    expect_seg = true;
                    i += 1;
                }
                Kind::Punct if t.ch == b'<' && !expect_seg => i = self.skip_generics(i, end),
                // `Fn(A) -> B` style arguments.
                Kind::Open if t.ch == b'(' && !expect_seg => i = self.close_of(i) + 1,
                Kind::Punct if t.ch == ARROW && !expect_seg => return last,
                Kind::Punct if t.ch == b'!' => return None,
                _ => return None,
            }
        }
        if expect_seg { None } else { last }
    }

    /// The members of the body opened at `open` (after its inner
    /// attributes): trait, impl and extern-block items. Macro calls are
    /// members with no kind; unreadable tokens are skipped.
    pub(crate) fn members(&self, open: usize) -> Vec<Member> {
        let close = self.close_of(open);
        let mut skip = Vec::new();
        let mut i = self.inner_attrs(open + 1, close, &mut skip);
        let mut out = Vec::new();
        while i < close {
            let mut attrs = Vec::new();
            i = self.outer_attrs(i, close, &mut attrs);
            if i >= close {
                break;
            }
            if self.is_punct(i, b';') {
                i += 1;
                continue;
            }
            let (vis, mut j) = self.vis(i);
            // Qualifiers.
            while ["default", "const", "async", "unsafe", "safe", "extern"]
                .iter()
                .any(|w| self.is_word(j, w))
                && !(self.is_word(j, "const") && self.is_ident_after_const(j))
            {
                j += 1;
                if self.tok(j).is_some_and(|t| matches!(t.kind, Kind::Str)) {
                    j += 1;
                }
            }
            let kw = if self.is_word(j, "fn") {
                Some(Kw::Fn)
            } else if self.is_word(j, "const") {
                Some(Kw::Const)
            } else if self.is_word(j, "static") {
                Some(Kw::Static)
            } else if self.is_word(j, "type") {
                // `type` is not a keyword the lexer classifies: reuse `Mod`
                // as "type".
                Some(Kw::Mod)
            } else {
                None
            };
            match kw {
                Some(kw) => {
                    let mut n = j + 1;
                    if kw == Kw::Static && self.is_word(n, "mut") {
                        n += 1;
                    }
                    let name = if self.is_punct(n, b'_') {
                        "_".to_owned()
                    } else {
                        self.name(n).unwrap_or_default()
                    };
                    let next = if kw == Kw::Fn {
                        self.body(n + 1, close).1
                    } else {
                        self.next_semi(n + 1, close) + 1
                    };
                    let mut attrs = attrs;
                    if kw == Kw::Fn
                        && let (Some(b), _) = self.body(n + 1, close)
                    {
                        self.inner_attrs(b + 1, self.close_of(b), &mut attrs);
                    }
                    out.push(Member {
                        attrs,
                        vis,
                        kind: Some(kw),
                        name,
                        fields: Fields::Unit,
                    });
                    i = next.max(i + 1);
                }
                None => {
                    // A macro call, or something unreadable: to its end.
                    i = self.recover(j, close).max(i + 1);
                }
            }
        }
        out
    }

    /// The fields of a struct, union or variant.
    pub(crate) fn fields(&self, fields: Fields) -> Vec<Member> {
        let (open, named) = match fields {
            Fields::Named(o) => (o, true),
            Fields::Unnamed(o) => (o, false),
            Fields::Unit => return Vec::new(),
        };
        let close = self.close_of(open);
        let mut out = Vec::new();
        let mut i = open + 1;
        while i < close {
            let mut attrs = Vec::new();
            i = self.outer_attrs(i, close, &mut attrs);
            if i >= close {
                break;
            }
            let (vis, j) = self.vis(i);
            let name = if named {
                self.name(j).unwrap_or_default()
            } else {
                String::new()
            };
            let comma = self.next_type_comma(j, close);
            out.push(Member {
                attrs,
                vis,
                kind: None,
                name,
                fields: Fields::Unit,
            });
            i = comma + 1;
        }
        out
    }

    /// The variants of the enum whose braces open at `open`.
    pub(crate) fn variants(&self, open: usize) -> Vec<Member> {
        let close = self.close_of(open);
        let mut out = Vec::new();
        let mut i = open + 1;
        while i < close {
            let mut attrs = Vec::new();
            i = self.outer_attrs(i, close, &mut attrs);
            if i >= close {
                break;
            }
            let (vis, j) = self.vis(i);
            let name = self.name(j).unwrap_or_default();
            let fields = if self.is_open(j + 1, b'{') {
                Fields::Named(j + 1)
            } else if self.is_open(j + 1, b'(') {
                Fields::Unnamed(j + 1)
            } else {
                Fields::Unit
            };
            // To the comma after the fields and any `= discriminant`
            // (turbofish commas sit inside `::<…>`).
            let mut k = j + 1;
            if !matches!(fields, Fields::Unit) {
                k = self.close_of(j + 1) + 1;
            }
            while k < close && !self.is_punct(k, b',') {
                if self.is_punct(k, PATH_SEP) && self.is_punct(k + 1, b'<') {
                    k = self.skip_generics(k + 1, close);
                    continue;
                }
                k = self.skip_tree(k);
            }
            out.push(Member {
                attrs,
                vis,
                kind: None,
                name,
                fields,
            });
            i = k + 1;
        }
        out
    }

    /// Flattens the `use` tree `[i, end)` into (segments, visible name)
    /// pairs, as `syn`'s `UseTree` walk in [`crate::code`] did; `*` for
    /// globs. Groups deeper than [`MAX_USE_DEPTH`] are dropped.
    pub(crate) fn flatten_use(&self, i: usize, end: usize) -> Vec<(Vec<String>, String)> {
        let mut out = Vec::new();
        let start = if self.is_punct(i, PATH_SEP) { i + 1 } else { i };
        self.use_tree(start, end, &mut Vec::new(), &mut out, 0);
        out
    }

    fn use_tree(
        &self,
        mut i: usize,
        end: usize,
        prefix: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, String)>,
        depth: usize,
    ) {
        if depth > MAX_USE_DEPTH {
            return;
        }
        let pushed = prefix.len();
        while i < end {
            let Some(t) = self.tok(i) else { break };
            match t.kind {
                Kind::Open if t.ch == b'{' => {
                    let close = self.close_of(i);
                    let mut k = i + 1;
                    while k < close {
                        let comma = self.next_comma(k, close);
                        if comma > k {
                            self.use_tree(k, comma, prefix, out, depth + 1);
                        }
                        k = comma + 1;
                    }
                    break;
                }
                Kind::Punct if t.ch == b'*' => {
                    let mut segs = prefix.clone();
                    segs.push("*".to_owned());
                    out.push((segs, "*".to_owned()));
                    break;
                }
                Kind::Ident | Kind::RawIdent => {
                    let name = self.string(i);
                    if self.is_punct(i + 1, PATH_SEP) {
                        prefix.push(name);
                        i += 2;
                        continue;
                    }
                    if self.is_word(i + 1, "as") {
                        let rename = if self.is_punct(i + 2, b'_') {
                            "_".to_owned()
                        } else {
                            self.string(i + 2)
                        };
                        let mut segs = prefix.clone();
                        if name != "self" {
                            segs.push(name);
                        }
                        out.push((segs, rename));
                        break;
                    }
                    let mut segs = prefix.clone();
                    let visible = if name == "self" {
                        prefix.last().cloned().unwrap_or_default()
                    } else {
                        segs.push(name.clone());
                        name
                    };
                    out.push((segs, visible));
                    break;
                }
                _ => break,
            }
        }
        prefix.truncate(pushed);
    }
}

/// The value of a string literal's source text: `"…"` (escapes decoded, a
/// suffix dropped) or `r#"…"#`.
pub(crate) fn unquote(b: &[u8]) -> Option<String> {
    if let Some(rest) = b.strip_prefix(b"r") {
        let hashes = rest.iter().take_while(|&&c| c == b'#').count();
        let body = rest.get(hashes + 1..)?;
        let close = body
            .windows(hashes + 1)
            .rposition(|w| w.first() == Some(&b'"') && w.iter().skip(1).all(|&c| c == b'#'))?;
        return Some(String::from_utf8_lossy(body.get(..close)?).into_owned());
    }
    let body = b.strip_prefix(b"\"")?;
    let close = body.iter().rposition(|&c| c == b'"')?;
    let s = String::from_utf8_lossy(body.get(..close)?).into_owned();
    if !s.contains('\\') {
        return Some(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let v = u32::from_str_radix(&hex.replace('_', ""), 16).ok()?;
                out.push(char::from_u32(v)?);
            }
            '\n' | '\r' => {
                // A line continuation: the newline and the whitespace after.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::tokenize_within;

    fn with<R>(src: &str, f: impl FnOnce(Src<'_>) -> R) -> R {
        let t = tokenize_within(src.as_bytes(), usize::MAX);
        f(Src::new(src.as_bytes(), &t.toks))
    }

    #[test]
    fn strings_unquote_like_rustc() {
        assert_eq!(
            unquote(br#""a\nb\"c\u{48}\x41""#).as_deref(),
            Some("a\nb\"cHA")
        );
        assert_eq!(
            unquote(br###"r#"raw "x""#"###).as_deref(),
            Some("raw \"x\"")
        );
        assert_eq!(unquote(b"\"one \\\n    two\"").as_deref(), Some("one two"));
    }

    #[test]
    fn items_are_read_without_their_bodies() {
        let src = "/// Docs.\n#[cfg(unix)]\npub fn f<T: Fn(u8) -> u8>(x: T) -> Vec<u8> where T: Copy { g()()()[0][0].h() }\n\
                   pub(crate) const C: u8 = { 1 << 2 };\nstatic mut S: [u8; 3] = [1, 2, 3];\n\
                   pub struct A<T> where T: Fn(u8) { pub a: HashMap<K, V>, b: u8 }\nstruct B(pub u8, pub(crate) u16);\n\
                   enum E { X = 1 << 2, Y(u8), Z { a: u8 } }\nimpl<T> Tr for A<T> {}\nimpl<T> a::A<T> { pub fn m(&self) {} }\n\
                   use a::{b, c as d, e::*, self};\nmacro_rules! m { () => {} }\nm!(x);\nmod inner { #![allow(missing_docs)] }\n";
        with(src, |s| {
            let items = s.items(0, s.len(), true).expect("items");
            let kinds: Vec<String> = items
                .iter()
                .map(|i| {
                    format!("{:?}", i.kind)
                        .chars()
                        .take_while(|c| c.is_alphanumeric())
                        .collect()
                })
                .collect();
            assert_eq!(
                kinds,
                [
                    "Fn",
                    "Const",
                    "Static",
                    "Struct",
                    "Struct",
                    "Enum",
                    "Impl",
                    "Impl",
                    "Use",
                    "MacroRules",
                    "MacroCall",
                    "Mod"
                ]
            );
            assert_eq!(items[0].vis, Vis::Public);
            assert_eq!(items[0].attrs.len(), 2);
            assert_eq!(items[1].vis, Vis::Private);
            let ItemKind::Struct(_, f) = items[3].kind else {
                panic!()
            };
            let fields = s.fields(f);
            assert_eq!(fields.len(), 2);
            assert_eq!(fields[0].name, "a");
            assert_eq!(fields[0].vis, Vis::Public);
            let ItemKind::Enum(_, b) = items[5].kind else {
                panic!()
            };
            assert_eq!(
                s.variants(b)
                    .iter()
                    .map(|v| v.name.as_str())
                    .collect::<Vec<_>>(),
                ["X", "Y", "Z"]
            );
            assert!(matches!(items[6].kind, ItemKind::Impl { trait_: true, .. }));
            let ItemKind::Impl {
                trait_: false,
                self_name: Some(n),
                ..
            } = &items[7].kind
            else {
                panic!()
            };
            assert_eq!(n, "A");
            let ItemKind::Use(a, b) = items[8].kind else {
                panic!()
            };
            let flat = s.flatten_use(a, b);
            let visible: Vec<&str> = flat.iter().map(|(_, v)| v.as_str()).collect();
            assert_eq!(visible, ["b", "d", "*", "a"]);
            assert_eq!(
                items[11].attrs.len(),
                1,
                "inner attribute of an inline module"
            );
        });
    }

    #[test]
    fn a_body_that_is_not_items_is_refused_in_strict_mode() {
        with("u8, 3", |s| assert!(s.items_strict(0, s.len()).is_none()));
        with("pub struct X; fn f() {}", |s| {
            assert_eq!(s.items_strict(0, s.len()).map(|v| v.len()), Some(2))
        });
    }
}
