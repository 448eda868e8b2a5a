//! Analyses the Rust source of a published crate from its tokens (no
//! build, no macro expansion, no syntax tree of function bodies).
//!
//! # Public-item documentation coverage
//!
//! The goal is the "total" percentage of `rustdoc --show-coverage` for the
//! library target with default features on x86_64 Linux. We start at the lib
//! root (`[lib] path`, else `src/lib.rs`) and follow `mod` declarations the way
//! rustc does: `name.rs` / `name/mod.rs`, the directory of a non-`mod.rs` file
//! being `<dir>/<stem>/`, inline modules adding a directory level, and
//! `#[path]` relative to the current file's directory (or to the inline
//! module directory when inside an inline module). Files loaded via `#[path]`
//! behave like `mod.rs` files.
//!
//! Rules (each mirrors rustdoc's `calculate_doc_coverage` pass after its
//! `strip-hidden` and `strip-private` passes):
//! - Counted kinds: the crate root, modules, functions, structs, enums,
//!   unions, traits, trait aliases, consts (not `const _`), statics, type
//!   aliases, `extern` block items, `#[macro_export] macro_rules!` macros,
//!   enum variants, named fields, every item of a trait (methods, associated
//!   types and consts), and `pub` items of *inherent* impls of exported types
//!   when the impl block itself sits in a publicly reachable module (rustdoc
//!   does not look inside stripped private modules, so the methods of a type
//!   defined and implemented in a private module and re-exported with
//!   `pub use` are not counted).
//! - Not counted: `use`/`extern crate` (re-exports are not items of their
//!   own), impl blocks themselves, anything in trait impls (the
//!   `missing_docs` lint skips them too), private and `pub(crate)`/`pub(in …)`
//!   items, non-`pub` fields.
//! - Exported means reachable by a public path, as rustc's effective
//!   visibility says: `pub` items of modules reachable from the root through
//!   `pub mod`, plus what `pub use` re-exports (single names, renames, globs,
//!   chains of re-exports) from private modules; such an item is counted once.
//! - Fields of tuple structs and tuple variants only count when documented
//!   (rustdoc ignores their absence).
//! - An explicit `allow(missing_docs)` in scope (crate, module, item) makes
//!   undocumented items in it not count; `warn`/`deny`/`forbid`/`expect`
//!   restore counting. Documented items always count.
//! - `#[doc(hidden)]` removes the item and everything in it, and `pub use`
//!   re-exports marked hidden are ignored.
//! - `#[cfg]`/`#[cfg_attr]` are evaluated by `crate::cfg` (on `cfg-expr`):
//!   default features, `doc` on, `docsrs`/`test` off, x86_64 Linux.
//! - An item is documented when it has any `doc` attribute (`///`, `/** */`,
//!   `#[doc = …]`, `#[doc = include_str!(…)]`), as rustdoc's doc-strings test.
//! - An item "has an example" when its docs hold a fenced code block rustdoc
//!   would test as Rust (no info string, or only Rust attributes such as
//!   `rust`, `no_run`, `ignore`, `should_panic`, `compile_fail`, `editionNNNN`).
//!
//! Macros: `cfg_if!` is expanded (first branch whose cfg holds); a call
//! with no arguments of a `macro_rules!` walked earlier that has a
//! `() => { … }` rule is read as that rule's transcriber (serde's
//! `crate_root!()`); and an item-position call of a package-local
//! `macro_rules!` whose body parses as items is read as those items (the
//! wrapper pattern of libc's `s!`/`f!`); when that macro's definition
//! carries doc attributes itself (anyhow's `__ensure!` documents the
//! `ensure!` it wraps), the items count as documented. At most
//! [`MAX_EXPANSIONS`] expansions per walk.
//!
//! A module file is walked once, however many `mod` items (or `#[path]`
//! cycles) name it.
//!
//! Blind spots (said, not hidden): other macro output (`bitflags!`, enums
//! built from token lists, derive output, `include!`) cannot be seen; inherent impls are
//! matched to exported types by the type's last path segment; cfgs set by
//! build scripts are taken as unset in this view.
//!
//! # The docs.rs view
//!
//! [`CodeFacts::docs_rs`] measures what a reader of the crate's docs.rs page
//! sees, with the same rules except:
//! - cfgs as docs.rs builds: the `[package.metadata.docs.rs]` features
//!   (`features`, `all-features`, `no-default-features`), `doc` and
//!   `docsrs`, the `--cfg` values of `rustdoc-args`/`cargo-args`/`rustc-args`,
//!   the cfgs the build script sets unconditionally ([`crate::buildrs`]),
//!   on `default-target` (else the first of `targets`, else x86_64 Linux);
//! - `pub use` (and `pub extern crate`) paths into a dependency are
//!   followed into that dependency when its files are given
//!   ([`docs_rs_view`], called by the engine with the dependencies it
//!   fetched) and it is published from the same project ([`same_project`]);
//!   the dependency is walked as rustc compiles it for docs.rs (the features
//!   the documented crate turns on, no `doc`/`docsrs`);
//! - the inherent methods of an exported type count wherever their impl
//!   block is written (they are on the type's page), not only in publicly
//!   reachable modules.
//!
//! When the docs.rs build sees what the default view sees (same features,
//! no extra cfg, default target, no source mentioning `docsrs`), the
//! default walk's module graph serves both views.
//!
//! # Limits
//!
//! Files are parsed through [`crate::guard`]: what is over a limit
//! (nesting, operator chains, bytes per file, per line and per crate,
//! module files, wall time, re-export resolution steps, macro expansions)
//! is not analysed and is recorded in [`CodeFacts::not_analysed`]; the
//! rest of the crate is analysed as usual.
//!
//! # Unsafe use
//!
//! Counted syntactically in every `.rs` file of the package except those
//! under top-level `tests/`, `benches/`, `examples/` and `fuzz/` (separate
//! targets or crates), skipping `#[test]` functions and `#[cfg(test)]` items,
//! and ignoring other cfgs: this is the basis of cargo-geiger's "total"
//! column (code that exists, not code that a build uses). Counted:
//! `unsafe {}` blocks, `unsafe fn` (free and foreign-block-free functions),
//! unsafe methods (in impls and traits), `unsafe impl`, `unsafe trait`.
//!
//! Every file is counted by the lexical scan of [`crate::lexical`] (no
//! syntax tree), the same tokens the module walk then reads its items
//! from. The scan agrees with a `syn` visitor on every one of the 25,131
//! files `syn` parses in 1,024 cached crates
//! (`examples/unsafe_lexical_vs_syn.rs`), and the counts of real crates are
//! pinned by `tests/it/real_crates.rs`.
//!
//! Also measured: crate-level docs length (chars of `//!`/`#![doc]` text,
//! resolving `include_str!` from the package), `#![forbid(unsafe_code)]`,
//! `no_std` (`#![no_std]` or `#![cfg_attr(…, no_std)]`), files, lines and
//! bytes read. A module file whose delimiters do not balance is recorded
//! (with the line of the first unmatched one) and skipped by the walk.
//!
//! # How the source is read
//!
//! Each module file is tokenized once per crate ([`crate::lexical`]) and
//! its items read from the tokens ([`crate::syntax`]): bodies are spans
//! skipped by their delimiters' partner index, never parsed, so the work
//! is linear in the tokens whatever the shape of the code, and both views
//! (rustdoc's default, docs.rs's) walk the same tokens.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::time::Instant;

use crate::cfg::{Cfg, CfgEnv, for_each_meta, meta_cfg_holds, parse_predicate};
use crate::guard::{AnalysisLimits, Budget, Over};
use crate::lexical::{Kind, Tokens};
use crate::syntax::{Attr, Fields, Item, ItemKind, Meta, Src, Vis};
use crate::tarball::CrateFiles;
use cratescope_model::package::{AnalysisLimit, DocsRsCoverage, ManifestDep, NotAnalysed};
pub use cratescope_model::package::{
    CodeFacts, DocCoverage, ManifestFacts, ParseFailure, UnsafeCounts,
};
use cratescope_model::release::DepKind;

/// Nesting limit when following chains of `pub use` re-exports: deep enough
/// for real facades (rarely more than 3 hops), bounded against cycles.
const MAX_REEXPORT_DEPTH: u8 = 8;

/// Resolution steps allowed per `pub use`: real re-export chains take a
/// handful; this bounds the branching of hostile input (many `use`s of one
/// name) that the depth limit alone would let grow exponentially.
const RESOLVE_BUDGET: u32 = 10_000;

/// Nesting limit for module files: real crates stay under 10 levels. (A
/// `#[path]` cycle ends sooner: a file is walked once.)
const MAX_MODULE_DEPTH: usize = 64;

/// Resolution steps allowed for all the `pub use`s of one view: real
/// crates take thousands; this bounds hostile input (many modules each
/// with many re-exports of one another) to well under a second.
const MAX_RESOLVE_STEPS: u64 = 5_000_000;

/// Item-macro expansions allowed per walk: libc, the heaviest real user of
/// wrapper macros, expands a few thousand; a macro that expands to two
/// calls of itself would otherwise double 64 times.
const MAX_EXPANSIONS: u32 = 20_000;

/// Deepest `concat!` inside `concat!` read in an `include_str!` path.
const MAX_CONCAT_DEPTH: usize = 8;

/// Top-level directories whose files are separate targets (or crates), not
/// part of the library: excluded from the unsafe scan.
const NON_LIBRARY_DIRS: &[&str] = &["tests/", "benches/", "examples/", "fuzz/"];

/// One file's lexical scan, kept until the walk says which files it read.
struct LexedFile {
    counts: UnsafeCounts,
    bytes: u64,
    lines: u64,
}

/// Lines as `str::lines` counts them.
fn count_lines(b: &[u8]) -> u64 {
    // Counted in a byte per chunk of at most 255 (it cannot overflow), a
    // loop the compiler turns into wide byte compares: every library file
    // is counted, 100 MB on a 200-package lockfile.
    let newlines: u64 = b
        .chunks(255)
        .map(|chunk| {
            let n: u8 = chunk.iter().fold(0u8, |n, &c| n + u8::from(c == b'\n'));
            u64::from(n)
        })
        .sum();
    newlines + u64::from(!b.is_empty() && !b.ends_with(b"\n"))
}

/// Bytes in the longest line, its `\n` not counted. Every file a walk
/// reads is measured: found with `memchr` rather than byte by byte, which
/// took 4 % of a cold audit's CPU.
fn longest_line(b: &[u8]) -> u64 {
    let (mut longest, mut start) = (0, 0);
    for newline in memchr::memchr_iter(b'\n', b) {
        longest = longest.max(newline - start);
        start = newline + 1;
    }
    longest.max(b.len() - start) as u64
}

/// Where a fenced code block of doc text stands: inside a fence of this
/// character and length, or outside any.
type Fence = Option<(char, usize)>;

/// Reads doc text line by line from fence state `state`: whether a fenced
/// block rustdoc tests as Rust opens, and the state after. Doc attributes
/// join with newlines, so an item's docs are its segments fed in order.
fn scan_fences(text: &str, mut state: Fence) -> (bool, Fence) {
    for line in text.lines() {
        let l = line.trim_start();
        let fence = l.chars().next().filter(|c| *c == '`' || *c == '~');
        match (state, fence) {
            (None, Some(c)) => {
                let n = l.chars().take_while(|x| *x == c).count();
                if n >= 3 {
                    if is_rust_info(l.get(n..).unwrap_or_default()) {
                        return (true, state);
                    }
                    state = Some((c, n));
                }
            }
            (Some((c, n)), Some(f))
                if f == c
                    && l.chars().take_while(|x| *x == c).count() >= n
                    && l.trim_end().chars().all(|x| x == c) =>
            {
                state = None;
            }
            _ => {}
        }
    }
    (false, state)
}

/// What the attributes of one item say.
#[derive(Debug, Default)]
struct AttrInfo {
    cfg_ok: bool,
    documented: bool,
    /// A fenced Rust block opened in the docs read so far.
    example: bool,
    fence: Fence,
    /// Characters of doc text (see [`doc_chars`]).
    doc_chars: usize,
    hidden: bool,
    /// `Some(true)`: `allow(missing_docs)`; `Some(false)`: warn/deny/forbid/expect.
    missing_docs_allowed: Option<bool>,
    path: Option<String>,
    macro_export: bool,
    inline_hint_hidden: bool,
    forbid_unsafe: bool,
    deny_unsafe: bool,
    included: Option<String>,
    /// `#[proc_macro_derive(Name)]`: the macro's name.
    derive_name: Option<String>,
}

impl AttrInfo {
    fn push_doc(&mut self, text: &str) {
        if !self.example {
            let (found, state) = scan_fences(text, self.fence);
            self.example = found;
            self.fence = state;
        }
        self.doc_chars = self.doc_chars.saturating_add(doc_chars_of(text));
    }
}

/// Normalises `dir/rel` (both `/`-separated), refusing to climb above the root.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The path an `include_str!(…)` filling tokens `[a, b)` names, if its
/// argument is a literal or a `concat!` of literals and
/// `env!("CARGO_MANIFEST_DIR")`. The second value says the path is relative
/// to the package root.
fn include_target(s: Src<'_>, (a, b): (usize, usize)) -> Option<(String, bool)> {
    if !(s.is_word(a, "include_str") && s.is_punct(a + 1, b'!') && s.is_any_open(a + 2))
        || s.close_of(a + 2) + 1 != b
    {
        return None;
    }
    string_value(s, a + 3, b - 1, 0)
}

/// The string the expression filling `[a, b)` builds (see
/// [`include_target`]).
fn string_value(s: Src<'_>, a: usize, b: usize, depth: usize) -> Option<(String, bool)> {
    if depth > MAX_CONCAT_DEPTH {
        return None;
    }
    if b == a + 1 {
        return Some((s.str_value(a)?, false));
    }
    let macro_of = |name: &str| {
        s.is_word(a, name)
            && s.is_punct(a + 1, b'!')
            && s.is_any_open(a + 2)
            && s.close_of(a + 2) + 1 == b
    };
    if macro_of("env") {
        let name = (b == a + 5).then(|| s.str_value(a + 3)).flatten()?;
        return (name == "CARGO_MANIFEST_DIR").then(|| (String::new(), true));
    }
    if macro_of("concat") {
        let (mut i, end) = (a + 3, b - 1);
        let mut out = String::new();
        let mut rooted = false;
        let mut first = true;
        while i < end {
            let comma = s.next_comma(i, end);
            let (part, r) = string_value(s, i, comma, depth + 1)?;
            rooted |= r && first;
            first = false;
            out.push_str(&part);
            i = comma + 1;
        }
        return Some((out, rooted));
    }
    None
}

/// Whether a fenced code block's info string makes rustdoc test it as Rust.
fn is_rust_info(info: &str) -> bool {
    let mut rust = true;
    for tok in info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        let t = tok.trim_matches(|c| c == '{' || c == '}');
        let known = matches!(
            t,
            "rust"
                | "should_panic"
                | "no_run"
                | "ignore"
                | "compile_fail"
                | "test_harness"
                | "standalone_crate"
                | "allow_fail"
        ) || t.starts_with("edition")
            || t.starts_with("ignore-")
            || t.starts_with('.')
            || (t.len() == 5 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit()));
        if t == "rust" {
            return true;
        }
        if !known {
            rust = false;
        }
    }
    rust
}

/// Whether markdown `text` holds a fenced code block rustdoc treats as Rust.
pub(crate) fn has_rust_code_block(text: &str) -> bool {
    scan_fences(text, None).0
}

/// One thing rustdoc counts.
#[derive(Debug, Clone, Copy)]
struct Unit {
    documented: bool,
    example: bool,
    /// Under an explicit `allow(missing_docs)`.
    allowed: bool,
    /// Tuple-struct or tuple-variant field: counted only when documented.
    optional: bool,
}

#[derive(Debug)]
struct NamedItem {
    name: String,
    is_pub: bool,
    is_type: bool,
    units: Vec<Unit>,
}

#[derive(Debug)]
struct UseRec {
    is_pub: bool,
    /// Path segments (the last is the imported name, or `*` for a glob).
    segs: Vec<String>,
    /// The name it is visible under (`as` rename), `*` for a glob.
    visible: String,
    /// The `pub use` carries docs of its own, which rustdoc shows on the
    /// items it inlines from another crate.
    documented: bool,
}

#[derive(Debug)]
struct ModNode {
    parent: Option<usize>,
    /// Index of the crate in [`Graph::crates`].
    krate: usize,
    is_pub: bool,
    unit: Unit,
    children: BTreeMap<String, usize>,
    items: Vec<NamedItem>,
    uses: Vec<UseRec>,
    /// `extern crate name as visible;`: (visible, crate name, is `pub`).
    extern_crates: Vec<(String, String, bool)>,
}

#[derive(Debug)]
struct ImplRec {
    /// The module the impl block is written in.
    module: usize,
    self_name: String,
    units: Vec<Unit>,
}

/// One crate of a [`Graph`].
#[derive(Debug)]
struct CrateRec {
    /// Package name.
    name: String,
    root: usize,
    edition2015: bool,
    /// Extern names (dependency keys, `-` as `_`) of the other crates of
    /// the graph this crate depends on.
    externs: HashMap<String, usize>,
    /// Its normal dependencies: extern name → package name.
    deps: HashMap<String, String>,
}

/// The module trees of one or more crates (a documented crate and the
/// siblings it re-exports), with what each module holds.
#[derive(Debug, Default)]
struct Graph {
    mods: Vec<ModNode>,
    impls: Vec<ImplRec>,
    crates: Vec<CrateRec>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Mod(usize),
    Item(usize, usize),
    Glob(usize),
    /// A path into a crate that is not in the graph (by extern name).
    Extern(String),
}

/// Where `mod x;` files of a scope live.
#[derive(Debug, Clone)]
struct FileCtx {
    file: String,
    /// Directory where `mod x;` files of this scope live.
    dir: String,
    /// Inside an inline `mod x { … }`.
    inline: bool,
}

/// Included doc files read so far: characters, and the fence state each
/// leaves from each state it was entered in (a file included by many items
/// is read once per state, not once per use).
#[derive(Default)]
struct IncludeMemo {
    chars: HashMap<String, usize>,
    fences: HashMap<(String, Fence), (bool, Fence)>,
}

/// What the walks of one crate share: the tokens of its module files
/// (tokenized once for both views), included doc files, and the memory
/// both account against [`AnalysisLimits::max_memory_bytes`].
#[derive(Default)]
pub(crate) struct Shared {
    tokens: RefCell<HashMap<String, Rc<Tokens>>>,
    /// Tokens the lexical pass ([`lex_package`]) already made, taken (not
    /// copied) by the first walk that reads the file, which then budgets
    /// them as if it had lexed them itself: each file is lexed once.
    prelexed: RefCell<HashMap<String, Tokens>>,
    includes: RefCell<IncludeMemo>,
    /// Files whose bytes were counted as included.
    included: RefCell<HashSet<String>>,
    memory: std::cell::Cell<u64>,
}

/// Bytes one token takes in memory.
const TOKEN_BYTES: u64 = std::mem::size_of::<crate::lexical::Tok>() as u64;

/// Reads, budgets and tokenizes the files of one crate for one walk.
struct Source<'a> {
    files: &'a CrateFiles,
    shared: &'a Shared,
    /// The crate's name, for what is recorded.
    krate: String,
    budget: Budget,
    /// Files tokenized for this walk (the module files reached).
    parsed: BTreeSet<String>,
    failures: Vec<ParseFailure>,
    hits: Vec<NotAnalysed>,
    lines: u64,
    bytes: u64,
}

impl<'a> Source<'a> {
    fn new(files: &'a CrateFiles, shared: &'a Shared, krate: &str, budget: Budget) -> Self {
        Self {
            files,
            shared,
            krate: krate.to_owned(),
            budget,
            parsed: BTreeSet::new(),
            failures: Vec::new(),
            hits: Vec::new(),
            lines: 0,
            bytes: 0,
        }
    }

    fn hit(&mut self, over: Over, path: Option<&str>) {
        self.budget.stopped |= path.is_none();
        self.hits.push(over.record(&self.krate, path, true));
    }

    /// Takes a module file from the crate's budget.
    fn take_module(&mut self) -> bool {
        if self.budget.stopped {
            return false;
        }
        match self.budget.module() {
            Ok(()) => true,
            Err(o) => {
                self.hit(o, None);
                false
            }
        }
    }

    /// Accounts `bytes` of memory held for this crate; false (and the walk
    /// stops) when over the limit.
    fn charge(&mut self, bytes: u64) -> bool {
        let total = self.shared.memory.get().saturating_add(bytes);
        self.shared.memory.set(total);
        if total > self.budget.limits.max_memory_bytes {
            if !self.budget.stopped {
                self.hit(
                    Over {
                        limit: AnalysisLimit::Memory,
                        found: total,
                        max: self.budget.limits.max_memory_bytes,
                    },
                    None,
                );
            }
            return false;
        }
        true
    }

    /// Takes `tokens` of walking work (and a look at the clock); false
    /// (and the walk stops) when the budget or the time is spent.
    fn work(&mut self, tokens: u64) -> bool {
        if self.budget.stopped {
            return false;
        }
        match self.budget.work(tokens) {
            Ok(()) => true,
            Err(o) => {
                self.hit(o, None);
                false
            }
        }
    }

    /// The tokens of a module file, within the limits; `None` when
    /// refused or unbalanced (both recorded).
    fn parse(&mut self, path: &str) -> Option<Rc<Tokens>> {
        if self.budget.stopped {
            return None;
        }
        let bytes = self.files.get(path)?;
        let size = bytes.len() as u64;
        if let Err(o) = self.budget.read(size) {
            self.hit(o, None);
            return None;
        }
        self.bytes += size;
        self.lines += count_lines(bytes);
        self.parsed.insert(path.to_owned());
        let limits = self.budget.limits;
        if size > limits.max_parse_file_bytes {
            self.hit(
                Over {
                    limit: AnalysisLimit::FileBytes,
                    found: size,
                    max: limits.max_parse_file_bytes,
                },
                Some(path),
            );
            return None;
        }
        let line = longest_line(bytes);
        if line > limits.max_line_bytes {
            self.hit(
                Over {
                    limit: AnalysisLimit::LineBytes,
                    found: line,
                    max: limits.max_line_bytes,
                },
                Some(path),
            );
            return None;
        }
        let cached = self.shared.tokens.borrow().get(path).cloned();
        let tokens = match cached {
            Some(t) => t,
            None => {
                // The same function on the same bytes with the same limit:
                // the lexical pass's tokens when it kept them.
                let pre = self.shared.prelexed.borrow_mut().remove(path);
                let t = pre.unwrap_or_else(|| {
                    crate::lexical::tokenize_within(bytes, limits.max_file_tokens)
                });
                if t.truncated {
                    self.hit(
                        Over {
                            limit: AnalysisLimit::Tokens,
                            found: t.toks.len() as u64,
                            max: limits.max_file_tokens as u64,
                        },
                        Some(path),
                    );
                    return None;
                }
                if !self.charge(t.toks.len() as u64 * TOKEN_BYTES) {
                    return None;
                }
                let t = Rc::new(t);
                self.shared
                    .tokens
                    .borrow_mut()
                    .insert(path.to_owned(), Rc::clone(&t));
                t
            }
        };
        if !self.work(tokens.toks.len() as u64) {
            return None;
        }
        if let Some(at) = tokens.unbalanced {
            let line = count_lines(bytes.get(..at).unwrap_or_default()).max(1);
            self.failures.push(ParseFailure {
                path: path.to_owned(),
                error: format!("unbalanced delimiter at line {line}"),
            });
            return None;
        }
        Some(tokens)
    }

    /// Reads an included doc file into `info`, once per file and fence
    /// state for the whole crate.
    fn include_doc(&mut self, p: &str, info: &mut AttrInfo) -> bool {
        let Some(bytes) = self.files.get(p) else {
            return false;
        };
        if !self.shared.included.borrow().contains(p) {
            self.shared.included.borrow_mut().insert(p.to_owned());
            if !self.charge(bytes.len() as u64) || !self.work(1 + bytes.len() as u64 / 64) {
                return false;
            }
        }
        let memo_chars = self.shared.includes.borrow().chars.get(p).copied();
        let chars = match memo_chars {
            Some(c) => c,
            None => {
                let c = doc_chars_of(&String::from_utf8_lossy(bytes));
                self.shared
                    .includes
                    .borrow_mut()
                    .chars
                    .insert(p.to_owned(), c);
                c
            }
        };
        info.doc_chars = info.doc_chars.saturating_add(chars);
        if !info.example {
            let key = (p.to_owned(), info.fence);
            let memo = self.shared.includes.borrow().fences.get(&key).copied();
            let (found, state) = match memo {
                Some(v) => v,
                None => {
                    let v = scan_fences(&String::from_utf8_lossy(bytes), info.fence);
                    self.shared.includes.borrow_mut().fences.insert(key, v);
                    v
                }
            };
            info.example = found;
            info.fence = state;
        }
        true
    }
}

/// A zero-argument macro's expansion: the file defining it and the
/// opener of its transcriber.
#[derive(Debug, Clone)]
struct ZeroArg {
    file: String,
    open: usize,
}

/// Walks one crate's module tree into a [`Graph`].
struct Walker<'a, 'w> {
    g: &'w mut Graph,
    src: &'w mut Source<'a>,
    env: &'w CfgEnv,
    krate: usize,
    missing: Vec<String>,
    /// Module files walked (each once, however many `mod` items name it).
    module_files: BTreeSet<String>,
    item_macros: u32,
    /// Every `macro_rules!` of the package, with whether its definition
    /// carries doc attributes of its own (a wrapper that documents what it
    /// emits, like anyhow's `__ensure!`).
    local_macros: &'w BTreeMap<String, bool>,
    /// `macro_rules!` walked so far with a `() => { … }` rule: their
    /// expansion when called with no arguments (serde's `crate_root!()`).
    zero_arg: HashMap<String, ZeroArg>,
    /// Set while walking the output of a documenting wrapper macro.
    doc_override: bool,
    /// Item macros expanded so far in this walk.
    expansions: u32,
}

/// Approximate bytes a graph entry holds.
const ENTRY_BYTES: u64 = 96;

impl Walker<'_, '_> {
    /// Takes one macro expansion from the walk's allowance.
    fn take_expansion(&mut self) -> bool {
        self.expansions = self.expansions.saturating_add(1);
        if self.expansions == MAX_EXPANSIONS + 1 {
            self.src.hit(
                Over {
                    limit: AnalysisLimit::MacroExpansions,
                    found: u64::from(self.expansions),
                    max: u64::from(MAX_EXPANSIONS),
                },
                None,
            );
        }
        self.expansions <= MAX_EXPANSIONS
    }

    fn info(&mut self, s: Src<'_>, attrs: &[Attr], file: &str) -> AttrInfo {
        let mut info = AttrInfo {
            cfg_ok: true,
            ..AttrInfo::default()
        };
        let env = self.env;
        let mut includes: Vec<String> = Vec::new();
        let mut order: Vec<Option<Cow<'_, str>>> = Vec::new();
        for_each_meta(s, attrs, env, &mut |m: Meta| {
            info.cfg_ok &= meta_cfg_holds(s, m, env);
            let path = m.path();
            match m {
                Meta::DocComment(i) => {
                    info.documented = true;
                    order.push(Some(s.doc_comment(i)));
                }
                Meta::NameValue(_, _, (a, b)) if s.path_is(path, "doc") => {
                    info.documented = true;
                    if b == a + 1
                        && let Some(text) = s.str_value(a)
                    {
                        order.push(Some(Cow::Owned(text)));
                    } else if let Some((rel, rooted)) = include_target(s, (a, b)) {
                        let base = if rooted { "" } else { parent(file) };
                        if let Some(p) = join(base, &rel) {
                            includes.push(p.clone());
                            order.push(None);
                        }
                    }
                }
                Meta::NameValue(_, _, (a, b)) if s.path_is(path, "path") => {
                    if b == a + 1
                        && let Some(v) = s.str_value(a)
                    {
                        info.path = Some(v);
                    }
                }
                Meta::List(_, _, open) if s.path_is(path, "doc") => {
                    let close = s.close_of(open);
                    if s.mentions(open + 1, close, "hidden") {
                        info.hidden = true;
                    }
                    if s.mentions(open + 1, close, "no_inline") {
                        info.inline_hint_hidden = true;
                    }
                }
                // `#[macro_export]` or `#[macro_export(local_inner_macros)]`.
                Meta::Path(..) | Meta::List(..) if s.path_is(path, "macro_export") => {
                    info.macro_export = true;
                }
                // The derive macro's name, which `pub use` names.
                Meta::List(_, _, open)
                    if s.path_is(path, "proc_macro_derive")
                        && open + 1 < s.close_of(open)
                        && s.tok(open + 1).is_some_and(|t| t.kind == Kind::Ident) =>
                {
                    info.derive_name = Some(s.string(open + 1));
                }
                Meta::List(_, _, open) => {
                    let level = ["allow", "warn", "deny", "forbid", "expect"]
                        .into_iter()
                        .find(|w| s.path_is(path, w));
                    if let Some(level) = level {
                        let close = s.close_of(open);
                        if s.mentions(open + 1, close, "missing_docs") {
                            info.missing_docs_allowed = Some(level == "allow");
                        }
                        if s.mentions(open + 1, close, "unsafe_code") {
                            info.forbid_unsafe |= level == "forbid";
                            info.deny_unsafe |= level == "deny";
                        }
                    }
                }
                _ => {}
            }
        });
        // Doc segments in order: literal text, or the next included file.
        let mut includes = includes.into_iter();
        for seg in order {
            match seg {
                Some(text) => info.push_doc(&text),
                None => {
                    if let Some(p) = includes.next()
                        && self.src.files.contains(&p)
                        && self.src.include_doc(&p, &mut info)
                    {
                        info.included = Some(p);
                    }
                }
            }
        }
        info.documented |= self.doc_override;
        info
    }

    fn unit(info: &AttrInfo, allowed: bool, optional: bool) -> Unit {
        Unit {
            documented: info.documented,
            example: info.documented && info.example,
            allowed: info.missing_docs_allowed.unwrap_or(allowed),
            optional,
        }
    }

    fn new_mod(&mut self, parent: Option<usize>, name: &str, is_pub: bool, unit: Unit) -> usize {
        self.src.charge(ENTRY_BYTES + name.len() as u64);
        let id = self.g.mods.len();
        self.g.mods.push(ModNode {
            parent,
            krate: self.krate,
            is_pub,
            unit,
            children: BTreeMap::new(),
            items: Vec::new(),
            uses: Vec::new(),
            extern_crates: Vec::new(),
        });
        if let Some(p) = parent
            && let Some(node) = self.g.mods.get_mut(p)
        {
            node.children.insert(name.to_owned(), id);
        }
        id
    }

    fn push_item(&mut self, m: usize, name: String, is_pub: bool, is_type: bool, units: Vec<Unit>) {
        let bytes = ENTRY_BYTES + name.len() as u64 + 8 * units.len() as u64;
        if !self.src.charge(bytes) {
            return;
        }
        if let Some(node) = self.g.mods.get_mut(m) {
            node.items.push(NamedItem {
                name,
                is_pub,
                is_type,
                units,
            });
        }
    }

    fn fields(
        &mut self,
        s: Src<'_>,
        fields: Fields,
        file: &str,
        allowed: bool,
        need_pub: bool,
        out: &mut Vec<Unit>,
    ) {
        let tuple = matches!(fields, Fields::Unnamed(_));
        for f in s.fields(fields) {
            if need_pub && f.vis != Vis::Public {
                continue;
            }
            let info = self.info(s, &f.attrs, file);
            if !info.cfg_ok || info.hidden {
                continue;
            }
            out.push(Self::unit(&info, allowed, tuple));
        }
    }

    /// Reads and walks the items of `[from, to)` of `s`.
    fn walk_range(
        &mut self,
        m: usize,
        s: Src<'_>,
        (from, to): (usize, usize),
        ctx: &FileCtx,
        allowed: bool,
        depth: usize,
    ) {
        if !self.src.work(to.saturating_sub(from) as u64) {
            return;
        }
        let items = s.items(from, to, false).unwrap_or_default();
        self.walk_items(m, s, &items, ctx, allowed, depth);
    }

    fn walk_items(
        &mut self,
        m: usize,
        s: Src<'_>,
        items: &[Item],
        ctx: &FileCtx,
        allowed: bool,
        depth: usize,
    ) {
        for item in items {
            if self.src.budget.stopped {
                return;
            }
            self.walk_item(m, s, item, ctx, allowed, depth);
        }
    }

    fn walk_item(
        &mut self,
        m: usize,
        s: Src<'_>,
        item: &Item,
        ctx: &FileCtx,
        allowed: bool,
        depth: usize,
    ) {
        if matches!(item.kind, ItemKind::Verbatim) || !self.src.work(1) {
            return;
        }
        let file = ctx.file.as_str();
        let info = self.info(s, &item.attrs, file);
        if !info.cfg_ok || info.hidden {
            return;
        }
        let here = info.missing_docs_allowed.unwrap_or(allowed);
        let unit = Self::unit(&info, allowed, false);
        let is_pub = item.vis == Vis::Public;
        match &item.kind {
            // `const _: () = …;` is not an item rustdoc documents.
            ItemKind::Const(name) if name != "_" => {
                self.push_item(m, name.clone(), is_pub, false, vec![unit]);
            }
            ItemKind::Static(name) => {
                self.push_item(m, name.clone(), is_pub, false, vec![unit]);
            }
            ItemKind::Fn { name, .. } => {
                let name = info.derive_name.clone().unwrap_or_else(|| name.clone());
                self.push_item(m, name, is_pub, false, vec![unit]);
            }
            ItemKind::Type(name) | ItemKind::TraitAlias(name) => {
                self.push_item(m, name.clone(), is_pub, true, vec![unit]);
            }
            ItemKind::Struct(name, fields) => {
                let mut units = vec![unit];
                self.fields(s, *fields, file, here, true, &mut units);
                self.push_item(m, name.clone(), is_pub, true, units);
            }
            ItemKind::Union(name, fields) => {
                let mut units = vec![unit];
                if let Fields::Named(_) = fields {
                    self.fields(s, *fields, file, here, true, &mut units);
                }
                self.push_item(m, name.clone(), is_pub, true, units);
            }
            ItemKind::Enum(name, open) => {
                let mut units = vec![unit];
                for v in s.variants(*open) {
                    let vinfo = self.info(s, &v.attrs, file);
                    if !vinfo.cfg_ok || vinfo.hidden {
                        continue;
                    }
                    units.push(Self::unit(&vinfo, here, false));
                    let vhere = vinfo.missing_docs_allowed.unwrap_or(here);
                    self.fields(s, v.fields, file, vhere, false, &mut units);
                }
                self.push_item(m, name.clone(), is_pub, true, units);
            }
            ItemKind::Trait(name, open) => {
                let mut units = vec![unit];
                for ti in s.members(*open) {
                    if ti.kind.is_none() {
                        continue;
                    }
                    let tinfo = self.info(s, &ti.attrs, file);
                    if tinfo.cfg_ok && !tinfo.hidden {
                        units.push(Self::unit(&tinfo, here, false));
                    }
                }
                self.push_item(m, name.clone(), is_pub, true, units);
            }
            ItemKind::ForeignMod(open) => {
                for fi in s.members(*open) {
                    if fi.kind.is_none() || fi.kind == Some(crate::lexical::Kw::Const) {
                        continue;
                    }
                    let finfo = self.info(s, &fi.attrs, file);
                    if finfo.cfg_ok && !finfo.hidden {
                        let u = Self::unit(&finfo, here, false);
                        self.push_item(m, fi.name, fi.vis == Vis::Public, false, vec![u]);
                    }
                }
            }
            ItemKind::Impl {
                trait_,
                self_name,
                body,
            } => {
                if *trait_ {
                    return;
                }
                let Some(self_name) = self_name else {
                    return;
                };
                let mut units = Vec::new();
                for ii in s.members(*body) {
                    if ii.kind.is_none()
                        || ii.kind == Some(crate::lexical::Kw::Static)
                        || ii.vis != Vis::Public
                    {
                        continue;
                    }
                    let iinfo = self.info(s, &ii.attrs, file);
                    if iinfo.cfg_ok && !iinfo.hidden {
                        units.push(Self::unit(&iinfo, here, false));
                    }
                }
                if !self.src.charge(ENTRY_BYTES + 8 * units.len() as u64) {
                    return;
                }
                self.g.impls.push(ImplRec {
                    module: m,
                    self_name: self_name.clone(),
                    units,
                });
            }
            ItemKind::MacroRules(name, open) => {
                if let Some(body) = zero_arg_rule(s, *open) {
                    self.zero_arg.insert(
                        name.clone(),
                        ZeroArg {
                            file: file.to_owned(),
                            open: body,
                        },
                    );
                }
                if info.macro_export {
                    // Exported at the crate root, wherever written.
                    let root = self.g.crates.get(self.krate).map_or(0, |c| c.root);
                    self.push_item(root, name.clone(), true, false, vec![unit]);
                }
            }
            ItemKind::MacroCall(name, open)
                if !self.expand_item_macro(m, s, name, *open, ctx, here, depth) =>
            {
                self.item_macros += 1;
            }
            ItemKind::Use(a, b) => {
                if info.inline_hint_hidden && is_pub {
                    // `#[doc(no_inline)]` keeps a re-export a plain link: the
                    // target is not documented there.
                    return;
                }
                let flat = s.flatten_use(*a, *b);
                let bytes: u64 = flat
                    .iter()
                    .map(|(segs, v)| ENTRY_BYTES + v.len() as u64 + 24 * segs.len() as u64)
                    .sum();
                if !self.src.charge(bytes) {
                    return;
                }
                if let Some(node) = self.g.mods.get_mut(m) {
                    for (segs, visible) in flat {
                        node.uses.push(UseRec {
                            is_pub,
                            segs,
                            visible,
                            documented: info.documented,
                        });
                    }
                }
            }
            // `pub extern crate x as y;` re-exports crate `x` as module `y`.
            ItemKind::ExternCrate { name, rename } => {
                let visible = rename.clone().unwrap_or_else(|| name.clone());
                if name != "self"
                    && self.src.charge(ENTRY_BYTES)
                    && let Some(node) = self.g.mods.get_mut(m)
                {
                    node.extern_crates.push((visible, name.clone(), is_pub));
                }
            }
            ItemKind::Mod(name, body) => {
                self.walk_mod(m, s, name, *body, is_pub, info, ctx, allowed, depth);
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_mod(
        &mut self,
        m: usize,
        s: Src<'_>,
        name: &str,
        body: Option<usize>,
        is_pub: bool,
        info: AttrInfo,
        ctx: &FileCtx,
        allowed: bool,
        depth: usize,
    ) {
        if depth > MAX_MODULE_DEPTH {
            self.src.hit(
                Over {
                    limit: AnalysisLimit::Nesting,
                    found: depth as u64,
                    max: MAX_MODULE_DEPTH as u64,
                },
                Some(&ctx.file),
            );
            return;
        }
        if let Some(open) = body {
            let dir = match &info.path {
                Some(p) => join(&ctx.dir, p).unwrap_or_default(),
                None => join(&ctx.dir, name).unwrap_or_default(),
            };
            let here = info.missing_docs_allowed.unwrap_or(allowed);
            let unit = Self::unit(&info, allowed, false);
            let id = self.new_mod(Some(m), name, is_pub, unit);
            let inner = FileCtx {
                file: ctx.file.clone(),
                dir,
                inline: true,
            };
            let close = s.close_of(open);
            let start = s.inner_attrs(open + 1, close, &mut Vec::new());
            self.walk_range(id, s, (start, close), &inner, here, depth + 1);
            return;
        }
        let base = if ctx.inline {
            ctx.dir.as_str()
        } else {
            parent(&ctx.file)
        };
        let candidates: Vec<(String, String)> = match &info.path {
            Some(p) => join(base, p)
                .map(|f| {
                    let d = parent(&f).to_owned();
                    vec![(f, d)]
                })
                .unwrap_or_default(),
            None => {
                let own_dir = join(&ctx.dir, name).unwrap_or_default();
                vec![
                    (format!("{own_dir}.rs"), own_dir.clone()),
                    (format!("{own_dir}/mod.rs"), own_dir.clone()),
                ]
            }
        };
        let Some((file, dir)) = candidates
            .into_iter()
            .find(|(f, _)| self.src.files.contains(f))
        else {
            self.missing.push(format!("{}: mod {name}", ctx.file));
            return;
        };
        // A file is walked once: `#[path]` cycles and diamonds end here.
        if self.module_files.contains(&file) || !self.src.take_module() {
            return;
        }
        self.module_files.insert(file.clone());
        let Some(tokens) = self.src.parse(&file) else {
            return;
        };
        let Some(bytes) = self.src.files.get(&file) else {
            return;
        };
        let fs = Src::new(bytes, &tokens.toks);
        let mut inner_attrs = Vec::new();
        let start = fs.inner_attrs(0, fs.len(), &mut inner_attrs);
        let inner_info = self.info(fs, &inner_attrs, &file);
        if !inner_info.cfg_ok || inner_info.hidden {
            return;
        }
        let mut unit = Self::unit(&info, allowed, false);
        if inner_info.documented {
            unit.documented = true;
            unit.example |= inner_info.example;
        }
        let here = inner_info
            .missing_docs_allowed
            .or(info.missing_docs_allowed)
            .unwrap_or(allowed);
        unit.allowed = here;
        let id = self.new_mod(Some(m), name, is_pub, unit);
        let inner = FileCtx {
            file,
            dir,
            inline: false,
        };
        self.walk_range(id, fs, (start, fs.len()), &inner, here, depth + 1);
    }

    /// Looks through three kinds of item-position macros whose output can
    /// be read without expanding patterns: `cfg_if!` (the first branch whose
    /// cfg holds), a package `macro_rules!` with a `() => { … }` rule called
    /// with no arguments (its transcriber), and local `macro_rules!`
    /// wrappers whose body reads as items (libc's `s! { … }`). Returns
    /// false when the macro stays opaque.
    #[allow(clippy::too_many_arguments)]
    fn expand_item_macro(
        &mut self,
        m: usize,
        s: Src<'_>,
        name: &str,
        open: usize,
        ctx: &FileCtx,
        allowed: bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_MODULE_DEPTH {
            return false;
        }
        let close = s.close_of(open);
        let empty = close == open + 1;
        let expandable = name == "cfg_if"
            || (empty && self.zero_arg.contains_key(name))
            || self.local_macros.contains_key(name);
        if expandable && (!self.take_expansion() || !self.src.work((close - open) as u64)) {
            return false;
        }
        if name == "cfg_if" {
            let Some(branches) = parse_cfg_if(s, open + 1, close) else {
                return false;
            };
            if let Some((_, items)) = branches
                .iter()
                .find(|(cfg, _)| cfg.as_ref().is_none_or(|c| self.env.eval(c)))
            {
                self.walk_items(m, s, items, ctx, allowed, depth + 1);
            }
            return true;
        }
        if empty && let Some(z) = self.zero_arg.get(name).cloned() {
            let Some(tokens) = self.src.shared.tokens.borrow().get(&z.file).cloned() else {
                return false;
            };
            let Some(bytes) = self.src.files.get(&z.file) else {
                return false;
            };
            let zs = Src::new(bytes, &tokens.toks);
            let zclose = zs.close_of(z.open);
            if !self.src.work((zclose - z.open) as u64) {
                return false;
            }
            return match zs.items_strict(z.open + 1, zclose) {
                Some(items) => {
                    self.walk_items(m, zs, &items, ctx, allowed, depth + 1);
                    true
                }
                None => false,
            };
        }
        let Some(adds_docs) = self.local_macros.get(name).copied() else {
            return false;
        };
        match s.items_strict(open + 1, close) {
            Some(items) if !items.is_empty() => {
                let saved = self.doc_override;
                self.doc_override |= adds_docs;
                self.walk_items(m, s, &items, ctx, allowed, depth + 1);
                self.doc_override = saved;
                true
            }
            _ => false,
        }
    }
}

/// The transcriber (its opener) of a `macro_rules!` rule whose matcher is
/// empty (`() => { … }`), if the macro whose rules open at `open` has one.
fn zero_arg_rule(s: Src<'_>, open: usize) -> Option<usize> {
    let close = s.close_of(open);
    let mut i = open + 1;
    while i < close && s.is_any_open(i) {
        let matcher_close = s.close_of(i);
        let arrow = s.is_punct(matcher_close + 1, crate::lexical::FAT_ARROW);
        let body = matcher_close + 2;
        if !arrow || !s.is_any_open(body) {
            return None;
        }
        if matcher_close == i + 1 {
            return Some(body);
        }
        i = s.close_of(body) + 1;
        if s.is_punct(i, b';') {
            i += 1;
        }
    }
    None
}

impl Graph {
    fn root_of(&self, m: usize) -> usize {
        self.mods
            .get(m)
            .and_then(|n| self.crates.get(n.krate))
            .map_or(0, |c| c.root)
    }

    fn krate_of(&self, m: usize) -> usize {
        self.mods.get(m).map_or(0, |n| n.krate)
    }

    /// Whether `name` is defined in module `m` (child, item or `use`).
    fn defines(&self, m: usize, name: &str) -> bool {
        self.mods.get(m).is_some_and(|n| {
            n.children.contains_key(name)
                || n.items.iter().any(|i| i.name == name)
                || n.uses.iter().any(|u| u.visible == name)
                || n.extern_crates.iter().any(|(v, _, _)| v == name)
        })
    }

    /// The crate an `extern crate … as name;` in module `m` names.
    fn alias(&self, m: usize, name: &str) -> Option<&str> {
        self.mods.get(m).and_then(|n| {
            n.extern_crates
                .iter()
                .find(|(v, _, _)| v == name)
                .map(|(_, c, _)| c.as_str())
        })
    }

    /// The target an extern crate name gives from module `m`.
    fn extern_target(&self, m: usize, name: &str) -> Target {
        match self.extern_root(m, name) {
            Ok(root) => Target::Mod(root),
            Err(name) => Target::Extern(name),
        }
    }

    /// The crate an extern name refers to from module `m`: another crate
    /// of the graph, or `Err(name)` for a crate outside it.
    fn extern_root(&self, m: usize, name: &str) -> Result<usize, String> {
        let k = self.krate_of(m);
        match self
            .crates
            .get(k)
            .and_then(|c| c.externs.get(name))
            .and_then(|d| self.crates.get(*d))
        {
            Some(c) => Ok(c.root),
            None => Err(name.to_owned()),
        }
    }

    /// Resolves `segs` as written in module `from`.
    fn resolve(
        &self,
        from: usize,
        segs: &[String],
        depth: u8,
        budget: &mut u32,
        out: &mut Vec<Target>,
    ) {
        if depth > MAX_REEXPORT_DEPTH || *budget == 0 {
            return;
        }
        *budget -= 1;
        let Some(first) = segs.first() else { return };
        let edition2015 = self
            .crates
            .get(self.krate_of(from))
            .is_some_and(|c| c.edition2015);
        let (mut cur, rest, plain) = match first.as_str() {
            "crate" => (self.root_of(from), &segs[1..], false),
            "self" => (from, &segs[1..], false),
            "super" => {
                let mut cur = from;
                let mut i = 0;
                while segs.get(i).is_some_and(|s| s == "super") {
                    cur = match self.mods.get(cur).and_then(|n| n.parent) {
                        Some(p) => p,
                        None => return,
                    };
                    i += 1;
                }
                (cur, &segs[i..], false)
            }
            _ if edition2015 => (self.root_of(from), segs, true),
            _ => (from, segs, true),
        };
        // A first segment nothing local defines names an extern crate, and
        // so does one an `extern crate` declares.
        let head = rest.first().filter(|_| plain).and_then(|head| {
            match self
                .alias(cur, head)
                .or(self.alias(self.root_of(cur), head))
            {
                Some(krate) => Some(krate.to_owned()),
                None => (!self.defines(cur, head)).then(|| head.clone()),
            }
        });
        if let Some(head) = head {
            match self.extern_root(cur, &head) {
                Ok(root) => {
                    cur = root;
                    let tail = &rest[1..];
                    match tail.split_last() {
                        None => out.push(Target::Mod(cur)),
                        Some((last, middle)) => {
                            self.walk_path(cur, middle, last, depth, budget, out);
                        }
                    }
                }
                Err(name) => out.push(Target::Extern(name)),
            }
            return;
        }
        let Some((last, middle)) = rest.split_last() else {
            out.push(Target::Mod(cur));
            return;
        };
        self.walk_path(cur, middle, last, depth, budget, out);
    }

    fn walk_path(
        &self,
        mut cur: usize,
        middle: &[String],
        last: &str,
        depth: u8,
        budget: &mut u32,
        out: &mut Vec<Target>,
    ) {
        for seg in middle {
            let Some(node) = self.mods.get(cur) else {
                return;
            };
            if let Some(c) = node.children.get(seg) {
                cur = *c;
                continue;
            }
            if let Some(krate) = self.alias(cur, seg) {
                match self.extern_target(cur, krate) {
                    Target::Mod(root) => {
                        cur = root;
                        continue;
                    }
                    other => {
                        out.push(other);
                        return;
                    }
                }
            }
            // A module brought into scope by a `use`.
            let mut via = Vec::new();
            for u in node.uses.iter().filter(|u| &u.visible == seg) {
                self.resolve(cur, &u.segs, depth + 1, budget, &mut via);
            }
            match via.iter().find_map(|t| match t {
                Target::Mod(id) => Some(*id),
                _ => None,
            }) {
                Some(id) => cur = id,
                None => {
                    out.extend(via.into_iter().filter(|t| matches!(t, Target::Extern(_))));
                    return;
                }
            }
        }
        self.resolve_name(cur, last, depth, budget, out);
    }

    fn resolve_name(
        &self,
        m: usize,
        name: &str,
        depth: u8,
        budget: &mut u32,
        out: &mut Vec<Target>,
    ) {
        let Some(node) = self.mods.get(m) else { return };
        if name == "*" {
            out.push(Target::Glob(m));
            return;
        }
        if let Some(c) = node.children.get(name) {
            out.push(Target::Mod(*c));
        }
        if let Some(krate) = self.alias(m, name) {
            out.push(self.extern_target(m, krate));
        }
        for (idx, it) in node.items.iter().enumerate() {
            if it.name == name {
                out.push(Target::Item(m, idx));
            }
        }
        if depth >= MAX_REEXPORT_DEPTH {
            return;
        }
        for u in node.uses.iter().filter(|u| u.visible == name) {
            self.resolve(m, &u.segs, depth + 1, budget, out);
        }
    }

    /// What crate `k`'s root exports: module pages, modules whose `pub`
    /// contents are exported, exported items, and the extern crates its
    /// re-exports point into. `steps` bounds the resolution work.
    fn reach(&self, k: usize, steps: &mut u64) -> Reach {
        let mut r = Reach::default();
        let Some(root) = self.crates.get(k).map(|c| c.root) else {
            return r;
        };
        r.module_pages.insert(root);
        r.contents.insert(root);
        let mut work = vec![root];
        while let Some(m) = work.pop() {
            let Some(node) = self.mods.get(m) else {
                continue;
            };
            for c in node.children.values() {
                if self.mods.get(*c).is_some_and(|n| n.is_pub) {
                    r.module_pages.insert(*c);
                    if r.contents.insert(*c) {
                        work.push(*c);
                    }
                }
            }
            let pub_externs: Vec<Target> = node
                .extern_crates
                .iter()
                .filter(|(_, _, p)| *p)
                .map(|(_, c, _)| self.extern_target(m, c))
                .collect();
            let uses = node.uses.iter().filter(|u| u.is_pub);
            for t in pub_externs {
                match t {
                    Target::Mod(id) => {
                        r.module_pages.insert(id);
                        if r.contents.insert(id) {
                            work.push(id);
                        }
                    }
                    Target::Extern(name) => {
                        let k = self.krate_of(m);
                        if let Some(pkg) = self.crates.get(k).and_then(|c| c.deps.get(&name)) {
                            r.externs.insert(pkg.clone());
                        }
                    }
                    _ => {}
                }
            }
            for u in uses {
                if *steps == 0 {
                    r.exhausted = true;
                    break;
                }
                let mut targets = Vec::new();
                let mut budget = RESOLVE_BUDGET;
                self.resolve(m, &u.segs, 0, &mut budget, &mut targets);
                *steps = steps.saturating_sub(u64::from(RESOLVE_BUDGET - budget));
                for t in targets {
                    match t {
                        Target::Mod(id) => {
                            if id != m {
                                r.module_pages.insert(id);
                                if r.contents.insert(id) {
                                    work.push(id);
                                }
                            }
                        }
                        Target::Glob(id) => {
                            if r.contents.insert(id) {
                                work.push(id);
                            }
                        }
                        Target::Item(mid, idx) => {
                            r.items.insert((mid, idx));
                            if u.documented && self.krate_of(mid) != self.krate_of(m) {
                                r.documented_by_reexport.insert((mid, idx));
                            }
                        }
                        Target::Extern(name) => {
                            let k = self.krate_of(m);
                            if let Some(pkg) = self.crates.get(k).and_then(|c| c.deps.get(&name)) {
                                r.externs.insert(pkg.clone());
                            }
                        }
                    }
                }
            }
        }
        for m in &r.contents {
            if let Some(node) = self.mods.get(*m) {
                for (idx, it) in node.items.iter().enumerate() {
                    if it.is_pub {
                        r.items.insert((*m, idx));
                    }
                }
            }
        }
        r
    }

    /// Counts the documentation of what crate `k` exports. With `reader`,
    /// the inherent impls of an exported type count wherever their block
    /// is written (what a reader of the type's page sees); without, only
    /// in publicly reachable modules (what `rustdoc --show-coverage`
    /// counts). Also returns the crates that contributed, the extern
    /// crates re-exported, and whether the resolution budget ran out.
    fn coverage(
        &self,
        k: usize,
        reader: bool,
    ) -> (DocCoverage, BTreeSet<usize>, BTreeSet<String>, bool) {
        let mut steps = MAX_RESOLVE_STEPS;
        let r = self.reach(k, &mut steps);
        let mut cov = DocCoverage::default();
        let mut crates = BTreeSet::new();
        let mut add = |u: &Unit, krate: usize| {
            if u.documented || !(u.optional || u.allowed) {
                cov.total += 1;
                cov.documented += u32::from(u.documented);
                cov.with_examples += u32::from(u.example);
                crates.insert(krate);
            }
        };
        let mut type_names: BTreeSet<(usize, &str)> = BTreeSet::new();
        for m in &r.module_pages {
            if let Some(node) = self.mods.get(*m) {
                add(&node.unit, node.krate);
            }
        }
        for (m, idx) in &r.items {
            if let Some(node) = self.mods.get(*m)
                && let Some(it) = node.items.get(*idx)
            {
                let inlined_docs = r.documented_by_reexport.contains(&(*m, *idx));
                for (i, u) in it.units.iter().enumerate() {
                    let mut u = *u;
                    if i == 0 && inlined_docs {
                        u.documented = true;
                    }
                    add(&u, node.krate);
                }
                if it.is_type {
                    type_names.insert((node.krate, &it.name));
                }
            }
        }
        for imp in &self.impls {
            let krate = self.krate_of(imp.module);
            // rustdoc skips everything inside a stripped (private) module,
            // impl blocks included, even when the type itself is re-exported.
            let placed = reader || r.module_pages.contains(&imp.module);
            if placed && type_names.contains(&(krate, imp.self_name.as_str())) {
                imp.units.iter().for_each(|u| add(u, krate));
            }
        }
        (cov, crates, r.externs, r.exhausted)
    }
}

/// What a crate root exports (see [`Graph::reach`]).
#[derive(Debug, Default)]
struct Reach {
    module_pages: BTreeSet<usize>,
    contents: BTreeSet<usize>,
    items: BTreeSet<(usize, usize)>,
    /// Package names of dependencies re-exported but not in the graph.
    externs: BTreeSet<String>,
    /// Items of another crate inlined by a `pub use` with docs of its own.
    documented_by_reexport: BTreeSet<(usize, usize)>,
    exhausted: bool,
}

/// `cfg_if! { if #[cfg(a)] { … } else if #[cfg(b)] { … } else { … } }`
/// filling `[i, end)`, as (condition, items) branches; `None` is the final
/// `else`. `None` overall when it does not read so.
fn parse_cfg_if(s: Src<'_>, mut i: usize, end: usize) -> Option<Vec<(Option<Cfg>, Vec<Item>)>> {
    let mut out = Vec::new();
    let block = |i: usize| -> Option<(Vec<Item>, usize)> {
        if !s.is_open(i, b'{') {
            return None;
        }
        let close = s.close_of(i);
        Some((s.items_strict(i + 1, close)?, close + 1))
    };
    while i < end {
        if !s.is_word(i, "if") {
            return None;
        }
        let mut attrs = Vec::new();
        i = s.outer_attrs(i + 1, end, &mut attrs);
        let cond = Cfg::All(
            attrs
                .iter()
                .filter_map(|a| match *a {
                    Attr::Meta(x, y) => match s.meta(x, y) {
                        Some(Meta::List(p, q, open)) if s.path_is((p, q), "cfg") => {
                            Some(parse_predicate(s, open + 1, s.close_of(open)))
                        }
                        _ => None,
                    },
                    Attr::Doc(_) => None,
                })
                .collect(),
        );
        let (items, next) = block(i)?;
        out.push((Some(cond), items));
        i = next;
        while i < end && s.is_word(i, "else") {
            i += 1;
            if s.is_word(i, "if") {
                break;
            }
            let (items, next) = block(i)?;
            out.push((None, items));
            i = next;
        }
    }
    Some(out)
}

/// Counts the characters of doc text, trimming each line and dropping
/// blank ones, so formatting does not inflate the figure.
fn doc_chars_of(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().count() + 1)
        .sum()
}

/// The unstable features a default build enables with `#![feature(...)]`
/// (under a `cfg_attr` that holds without `doc`/`docsrs`: the common
/// `cfg_attr(docsrs, feature(doc_cfg))` is documentation-only), sorted.
fn nightly_features(s: Src<'_>, attrs: &[Attr], env: &CfgEnv) -> Vec<String> {
    let mut out = BTreeSet::new();
    for_each_meta(s, attrs, env, &mut |m| {
        if let Meta::List(p, q, open) = m
            && s.path_is((p, q), "feature")
        {
            let close = s.close_of(open);
            let mut i = open + 1;
            while i < close {
                if s.tok(i)
                    .is_some_and(|t| matches!(t.kind, Kind::Ident | Kind::RawIdent))
                {
                    out.insert(s.string(i));
                }
                i = if s.is_any_open(i) {
                    s.close_of(i) + 1
                } else {
                    i + 1
                };
            }
        }
    });
    out.into_iter().collect()
}

/// Whether the inner attributes declare `no_std`, under any `cfg_attr`.
fn declares_no_std(s: Src<'_>, attrs: &[Attr]) -> bool {
    attrs.iter().any(|a| match *a {
        Attr::Meta(x, y) => match s.meta(x, y) {
            Some(Meta::Path(p, q)) => s.path_is((p, q), "no_std"),
            Some(Meta::List(p, q, open)) if s.path_is((p, q), "cfg_attr") => {
                s.mentions(open + 1, s.close_of(open), "no_std")
            }
            _ => false,
        },
        Attr::Doc(_) => false,
    })
}

/// Analyses the Rust source of the package (see the module docs) with the
/// default [`AnalysisLimits`].
pub fn analyze_code(files: &CrateFiles, manifest: &ManifestFacts) -> CodeFacts {
    analyze_code_with(files, manifest, &AnalysisLimits::default(), Instant::now())
}

/// The lexical scan of the library-side files, within the limits.
struct Lexed {
    files: HashMap<String, LexedFile>,
    macros: BTreeMap<String, bool>,
    hits: Vec<NotAnalysed>,
}

/// Most memory the lexical pass keeps in tokens for the walks to take
/// (a fraction of [`AnalysisLimits::max_memory_bytes`]); past it, a walk
/// lexes the file again.
fn prelexed_cap(limits: &AnalysisLimits) -> u64 {
    limits.max_memory_bytes / 8
}

/// The lexical pass over the library-side files of one crate; the tokens
/// of the files are left in `keep` (up to [`prelexed_cap`]) for the walks.
fn lex_package(
    files: &CrateFiles,
    krate: &str,
    limits: &AnalysisLimits,
    start: Instant,
    keep: &Shared,
) -> Lexed {
    let mut budget = Budget::new(*limits, start);
    let mut kept = 0u64;
    let cap = prelexed_cap(limits);
    let mut out = Lexed {
        files: HashMap::new(),
        macros: BTreeMap::new(),
        hits: Vec::new(),
    };
    let scan = files
        .paths()
        .filter(|p| p.ends_with(".rs") && !NON_LIBRARY_DIRS.iter().any(|d| p.starts_with(d)));
    for p in scan {
        let Some(bytes) = files.get(p) else { continue };
        let size = bytes.len() as u64;
        if size > limits.max_file_bytes {
            let over = Over {
                limit: AnalysisLimit::FileBytes,
                found: size,
                max: limits.max_file_bytes,
            };
            out.hits.push(over.record(krate, Some(p), false));
            continue;
        }
        if let Err(o) = budget.read(size) {
            out.hits.push(o.record(krate, None, false));
            break;
        }
        // A token takes at least a byte: a file no larger than the token
        // limit lexes whole, and one without the words this pass looks
        // for scans empty. Its counts are zero without tokens, and a walk
        // that reads it lexes it then.
        if size <= limits.max_file_tokens as u64 && !crate::lexical::may_count(bytes) {
            out.files.insert(
                p.to_owned(),
                LexedFile {
                    counts: UnsafeCounts::default(),
                    bytes: size,
                    lines: count_lines(bytes),
                },
            );
            continue;
        }
        let tokens = crate::lexical::tokenize_within(bytes, limits.max_file_tokens);
        if tokens.truncated {
            let over = Over {
                limit: AnalysisLimit::Tokens,
                found: tokens.toks.len() as u64,
                max: limits.max_file_tokens as u64,
            };
            out.hits.push(over.record(krate, Some(p), false));
            continue;
        }
        let found = crate::lexical::scan_tokens(bytes, &tokens.toks);
        for (name, docs) in found.macros {
            *out.macros.entry(name).or_default() |= docs;
        }
        out.files.insert(
            p.to_owned(),
            LexedFile {
                counts: found.unsafe_counts,
                bytes: size,
                lines: count_lines(bytes),
            },
        );
        let held = tokens.toks.len() as u64 * TOKEN_BYTES;
        if kept.saturating_add(held) <= cap {
            kept += held;
            keep.prelexed.borrow_mut().insert(p.to_owned(), tokens);
        }
    }
    out
}

/// The result of walking one crate's module tree into a graph.
struct Walked {
    missing: Vec<String>,
    module_files: BTreeSet<String>,
    item_macros: u32,
    /// The root file's tokens and inner attributes, when it was read.
    root: Option<(Rc<Tokens>, Vec<Attr>)>,
}

/// Walks crate `files` into `g` as a new crate named `name`.
fn walk_crate(
    g: &mut Graph,
    src: &mut Source<'_>,
    env: &CfgEnv,
    manifest: &ManifestFacts,
    local_macros: &BTreeMap<String, bool>,
) -> Walked {
    let mut out = Walked {
        missing: Vec::new(),
        module_files: BTreeSet::new(),
        item_macros: 0,
        root: None,
    };
    let Some(lib) = &manifest.lib else {
        return out;
    };
    if !src.take_module() {
        return out;
    }
    out.module_files.insert(lib.path.clone());
    let Some(tokens) = src.parse(&lib.path) else {
        return out;
    };
    let Some(bytes) = src.files.get(&lib.path) else {
        return out;
    };
    let s = Src::new(bytes, &tokens.toks);
    let mut root_attrs = Vec::new();
    let start = s.inner_attrs(0, s.len(), &mut root_attrs);
    let krate = g.crates.len();
    g.crates.push(CrateRec {
        name: manifest.name.clone().unwrap_or_default(),
        root: g.mods.len(),
        edition2015: manifest.edition.as_deref().is_none_or(|e| e == "2015"),
        externs: HashMap::new(),
        deps: manifest
            .dependencies
            .iter()
            .filter(|d| d.kind == DepKind::Normal)
            .map(|d| (d.key.replace('-', "_"), d.name.clone()))
            .collect(),
    });
    let mut w = Walker {
        g,
        src,
        env,
        krate,
        missing: Vec::new(),
        module_files: std::mem::take(&mut out.module_files),
        item_macros: 0,
        local_macros,
        zero_arg: HashMap::new(),
        doc_override: false,
        expansions: 0,
    };
    let info = w.info(s, &root_attrs, &lib.path);
    let allowed = info.missing_docs_allowed.unwrap_or(false);
    let unit = Walker::unit(&info, false, false);
    w.new_mod(None, "crate", true, unit);
    let ctx = FileCtx {
        file: lib.path.clone(),
        dir: parent(&lib.path).to_owned(),
        inline: false,
    };
    let root = krate_root(w.g, krate);
    w.walk_range(root, s, (start, s.len()), &ctx, allowed, 0);
    out.missing = std::mem::take(&mut w.missing);
    out.module_files = std::mem::take(&mut w.module_files);
    out.item_macros = w.item_macros;
    out.root = Some((Rc::clone(&tokens), root_attrs));
    out
}

fn krate_root(g: &Graph, k: usize) -> usize {
    g.crates.get(k).map_or(0, |c| c.root)
}

/// Analyses the Rust source with explicit limits; `start` is when the
/// crate's analysis began (the wall-time limit counts from it).
pub fn analyze_code_with(
    files: &CrateFiles,
    manifest: &ManifestFacts,
    limits: &AnalysisLimits,
    start: Instant,
) -> CodeFacts {
    let name = manifest.name.clone().unwrap_or_else(|| files.top.clone());
    let mut facts = CodeFacts::default();
    let Some(env) = CfgEnv::rustdoc_default(manifest.default_features.iter().map(String::as_str))
    else {
        return facts;
    };

    // One lexical pass over the library-side files: the unsafe counts,
    // and the package's macro definitions the walk needs before it starts.
    let shared = Shared::default();
    let lexed = lex_package(files, &name, limits, start, &shared);
    facts.not_analysed.extend(lexed.hits.iter().cloned());

    let mut g = Graph::default();
    let mut src = Source::new(files, &shared, &name, Budget::new(*limits, start));
    if let Some(lib) = &manifest.lib {
        facts.lib_root = Some(lib.path.clone());
        let walked = walk_crate(&mut g, &mut src, &env, manifest, &lexed.macros);
        if let Some((tokens, attrs)) = &walked.root
            && let Some(bytes) = files.get(&lib.path)
        {
            // Crate-level facts from the root's inner attributes.
            let s = Src::new(bytes, &tokens.toks);
            let mut w = Walker {
                g: &mut g,
                src: &mut src,
                env: &env,
                krate: 0,
                missing: Vec::new(),
                module_files: BTreeSet::new(),
                item_macros: 0,
                local_macros: &lexed.macros,
                zero_arg: HashMap::new(),
                doc_override: false,
                expansions: 0,
            };
            let info = w.info(s, attrs, &lib.path);
            facts.crate_doc_chars = u32::try_from(info.doc_chars).unwrap_or(u32::MAX);
            facts.crate_doc_included = info.included.clone();
            facts.forbid_unsafe_code = info.forbid_unsafe;
            facts.deny_unsafe_code = info.deny_unsafe;
            facts.no_std = declares_no_std(s, attrs);
            facts.nightly_features = nightly_features(s, attrs, &env.clone().without_doc());
            let (cov, _, _, exhausted) = g.coverage(0, false);
            facts.doc_coverage = cov;
            if exhausted {
                facts.not_analysed.push(resolution_hit(&name));
            }
        }
        facts.missing_modules = walked.missing;
        facts.item_macro_invocations = walked.item_macros;
        facts.module_files = u32::try_from(walked.module_files.len()).unwrap_or(u32::MAX);
    }
    facts.not_analysed.append(&mut src.hits);

    // Unsafe counts: the lexical scan of every library-side file, and of
    // module files outside them (a `#[path]` into `tests/`).
    let mut counts = UnsafeCounts::default();
    let (mut extra_files, mut extra_bytes, mut extra_lines) = (0u32, 0, 0);
    let mut scanned: Vec<&String> = lexed.files.keys().collect();
    scanned.sort();
    for p in &scanned {
        let Some(l) = lexed.files.get(*p) else {
            continue;
        };
        counts.add(&l.counts);
        if !src.parsed.contains(p.as_str()) {
            extra_files += 1;
            extra_bytes += l.bytes;
            extra_lines += l.lines;
        }
    }
    for p in &src.parsed {
        if lexed.files.contains_key(p) {
            continue;
        }
        let tokens = shared.tokens.borrow().get(p).cloned();
        if let (Some(t), Some(bytes)) = (tokens, files.get(p)) {
            counts.add(&crate::lexical::scan_tokens(bytes, &t.toks).unsafe_counts);
        }
    }
    facts.unsafe_counts = counts;
    facts.files_lexed = u32::try_from(lexed.files.len()).unwrap_or(u32::MAX);
    facts.files_parsed = u32::try_from(src.parsed.len())
        .unwrap_or(u32::MAX)
        .saturating_add(extra_files);
    facts.lines = src.lines + extra_lines;
    facts.bytes = src.bytes + extra_bytes;
    facts.parse_failures = std::mem::take(&mut src.failures);

    // The docs.rs view of this crate alone; the engine adds the siblings
    // it re-exports ([`docs_rs_view`]).
    if manifest.lib.is_some() {
        let build = docs_rs_build(manifest);
        facts.docs_rs = Some(if docs_view_is_default(files, manifest, &build) {
            let out = DocsRsCoverage {
                target: build.target.clone(),
                features: build.closure.features.iter().cloned().collect(),
                cfgs: build.cfgs.clone(),
                ..DocsRsCoverage::default()
            };
            finish_docs_view(&mut g, &name, out, Vec::new())
        } else {
            docs_view_with(files, manifest, &[], limits, start, &shared, &lexed.macros)
        });
    }
    facts
}

fn resolution_hit(krate: &str) -> NotAnalysed {
    NotAnalysed {
        krate: krate.to_owned(),
        path: None,
        limit: AnalysisLimit::Reexports,
        found: MAX_RESOLVE_STEPS,
        max: MAX_RESOLVE_STEPS,
        in_module_tree: true,
    }
}

/// A crate published beside the documented one whose items it may
/// re-export: its files, as the engine fetched them.
#[derive(Debug, Clone, Copy)]
pub struct SiblingCrate<'a> {
    /// The sibling's `.crate` files.
    pub files: &'a CrateFiles,
}

/// How docs.rs builds a crate: target, features, cfgs.
#[derive(Debug, Clone)]
struct DocsRsBuild {
    target: String,
    closure: crate::manifest::FeatureClosure,
    /// `--cfg`s for the documented crate (rustdoc), beyond doc/docsrs.
    cfgs: Vec<String>,
    /// `--cfg`s every rustc of the build gets.
    rustc_cfgs: Vec<String>,
}

fn optional_keys(m: &ManifestFacts) -> BTreeSet<String> {
    m.dependencies
        .iter()
        .filter(|d| d.optional && d.kind != DepKind::Dev)
        .map(|d| d.key.clone())
        .collect()
}

fn docs_rs_build(m: &ManifestFacts) -> DocsRsBuild {
    let meta = m.docs_rs.clone().unwrap_or_default();
    let optional = optional_keys(m);
    let mut roots: Vec<String> = meta.features.clone();
    if meta.all_features {
        roots.extend(m.features.keys().cloned());
        // Optional dependencies without `dep:` have implicit features.
        roots.extend(optional.iter().cloned());
    }
    if !meta.no_default_features && m.features.contains_key("default") {
        roots.push("default".to_owned());
    }
    let closure = crate::manifest::feature_closure(&m.features, &optional, &roots);
    let mut cfgs: Vec<String> = meta
        .rustdoc_cfgs
        .iter()
        .chain(&meta.rustc_cfgs)
        .chain(&m.build_script_cfgs)
        .filter(|c| *c != "docsrs" && *c != "doc")
        .cloned()
        .collect();
    cfgs.sort();
    cfgs.dedup();
    DocsRsBuild {
        target: meta
            .default_target
            .clone()
            .unwrap_or_else(|| crate::cfg::DEFAULT_TARGET.to_owned()),
        closure,
        cfgs,
        rustc_cfgs: meta.rustc_cfgs,
    }
}

/// Links the crates of a docs.rs-view graph and counts what its first
/// crate shows.
fn finish_docs_view(
    g: &mut Graph,
    name: &str,
    mut out: DocsRsCoverage,
    not_siblings: Vec<String>,
) -> DocsRsCoverage {
    // Extern names: every crate reaches the others it depends on.
    let names: Vec<(usize, String)> = g
        .crates
        .iter()
        .enumerate()
        .map(|(k, c)| (k, c.name.clone()))
        .collect();
    for c in &mut g.crates {
        for (k, n) in &names {
            let keys: Vec<String> = c
                .deps
                .iter()
                .filter(|(_, pkg)| *pkg == n)
                .map(|(key, _)| key.clone())
                .collect();
            for key in keys {
                c.externs.insert(key, *k);
            }
        }
    }
    let (cov, crates, externs, exhausted) = g.coverage(0, true);
    if exhausted {
        out.not_analysed.push(resolution_hit(name));
    }
    out.coverage = cov;
    // The documented crate always counts as measured, even when empty.
    let mut measured: Vec<String> = vec![name.to_owned()];
    for k in crates {
        if let Some(c) = g.crates.get(k)
            && !measured.contains(&c.name)
        {
            measured.push(c.name.clone());
        }
    }
    out.crates = measured;
    // Re-exported dependencies: those reached, and those not in the graph.
    let mut reexported: BTreeSet<String> = externs.clone();
    for c in g.crates.iter().skip(1) {
        reexported.insert(c.name.clone());
    }
    out.reexported = reexported.into_iter().collect();
    out.not_measured = not_measured(externs, not_siblings);
    out
}

/// Why each re-exported dependency outside the view is not measured: a
/// dependency given but refused says why; the others were not given.
fn not_measured(
    externs: impl IntoIterator<Item = String>,
    not_siblings: Vec<String>,
) -> Vec<String> {
    let mut out: Vec<String> = externs
        .into_iter()
        .filter(|e| {
            !not_siblings
                .iter()
                .any(|r| r.starts_with(&format!("{e}: ")))
        })
        .map(|e| format!("{e}: {NOT_FETCHED}"))
        .collect();
    out.extend(not_siblings);
    out
}

/// How [`DocsRsCoverage::not_measured`] names a re-exported dependency that
/// was not given to the view.
const NOT_FETCHED: &str = "not fetched";

/// What the docs.rs view does with a sibling crate given to it.
#[derive(Debug, Clone)]
pub enum SiblingUse {
    /// Walked, declared so by the documented crate (or by another sibling:
    /// a chain of re-exports).
    Walk(ManifestDep),
    /// Not walked, and why (`None`: it has no name, so nothing to say).
    Refused(Option<String>),
}

/// The use the docs.rs view makes of each sibling, from the manifests
/// alone (the documented crate's and the siblings', in order).
pub fn sibling_uses(manifest: &ManifestFacts, siblings: &[ManifestFacts]) -> Vec<SiblingUse> {
    siblings
        .iter()
        .map(|sm| {
            let Some(sname) = sm.name.as_deref() else {
                return SiblingUse::Refused(None);
            };
            let declared = |m: &ManifestFacts| {
                m.dependencies
                    .iter()
                    .find(|d| d.kind == DepKind::Normal && d.name == sname)
                    .cloned()
            };
            match declared(manifest).or_else(|| siblings.iter().find_map(declared)) {
                None => SiblingUse::Refused(Some(format!("{sname}: not a dependency"))),
                Some(decl) if !same_project(manifest, &decl, sm) => {
                    SiblingUse::Refused(Some(format!("{sname}: published from another repository")))
                }
                Some(decl) => SiblingUse::Walk(decl),
            }
        })
        .collect()
}

/// The docs.rs view with these siblings given, when none of them is walked
/// (see [`sibling_uses`]): the crate-alone view `alone` (as
/// [`analyze_code`] measured it) with the reasons the siblings were refused,
/// so a caller need not have the view computed again to learn that nothing
/// changes. `None` when a sibling would be walked.
pub fn docs_view_refusing(
    alone: &DocsRsCoverage,
    manifest: &ManifestFacts,
    siblings: &[ManifestFacts],
) -> Option<DocsRsCoverage> {
    let name = manifest.name.as_deref();
    let mut refused = Vec::new();
    for (sm, u) in siblings.iter().zip(sibling_uses(manifest, siblings)) {
        // The documented crate itself is already in the view.
        if sm.name.as_deref() == name {
            continue;
        }
        match u {
            SiblingUse::Walk(_) => return None,
            SiblingUse::Refused(Some(why)) => refused.push(why),
            SiblingUse::Refused(None) => {}
        }
    }
    let suffix = format!(": {NOT_FETCHED}");
    let externs: Vec<String> = alone
        .not_measured
        .iter()
        .filter_map(|r| r.strip_suffix(&suffix).map(str::to_owned))
        .collect();
    let mut view = alone.clone();
    view.not_measured = not_measured(externs, refused);
    Some(view)
}

/// Whether the docs.rs build sees what the rustdoc default view sees: same
/// features, no extra cfg, the default target, and no source that tests
/// `docsrs`. Then the default walk's graph serves both views.
fn docs_view_is_default(files: &CrateFiles, manifest: &ManifestFacts, build: &DocsRsBuild) -> bool {
    let defaults: BTreeSet<&str> = manifest
        .default_features
        .iter()
        .map(String::as_str)
        .collect();
    let docs: BTreeSet<&str> = build.closure.features.iter().map(String::as_str).collect();
    defaults == docs
        && build.cfgs.is_empty()
        && build.target == crate::cfg::DEFAULT_TARGET
        && !files
            .paths()
            .filter(|p| p.ends_with(".rs"))
            .any(|p| files.get(p).is_some_and(docsrs_changes_items))
}

/// Whether source text may show docs.rs other items than a default build:
/// it names `docsrs` other than as the first argument of a `cfg_attr` that
/// only adds documentation (`#![cfg_attr(docsrs, feature(doc_cfg))]`,
/// `#[cfg_attr(docsrs, doc(cfg(…)))]`, the usual idioms). Anything else
/// (`#[cfg(docsrs)]`, `any(docsrs, …)`, `doc(hidden)`) counts: then the
/// docs.rs view is walked on its own.
fn docsrs_changes_items(src: &[u8]) -> bool {
    const WORD: &[u8] = b"docsrs";
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(off) = src[from..].windows(WORD.len()).position(|w| w == WORD) {
        let at = from + off;
        from = at + WORD.len();
        if (at > 0 && ident(src[at - 1])) || src.get(from).copied().is_some_and(ident) {
            continue;
        }
        let before = src[..at].trim_ascii_end();
        let after = src[from..].trim_ascii_start();
        let benign = before.ends_with(b"cfg_attr(") && after.first() == Some(&b',') && {
            let arg = after[1..].trim_ascii_start();
            (arg.starts_with(b"feature(") || arg.starts_with(b"doc"))
                && !arg.starts_with(b"doc(hidden")
        };
        if !benign {
            return true;
        }
    }
    false
}

/// Whether a dependency is published from the same project as `facade`: it
/// was declared with a `path` (a workspace sibling), or both manifests name
/// the same repository.
pub fn same_project(facade: &ManifestFacts, decl: &ManifestDep, dep: &ManifestFacts) -> bool {
    if decl.path.is_some() {
        return true;
    }
    match (&facade.repository, &dep.repository) {
        (Some(a), Some(b)) => normalize_repo(a) == normalize_repo(b),
        _ => false,
    }
}

/// A repository URL reduced to what identifies it: no scheme, no `www.`,
/// no `.git`, no trailing `/`, no `/tree/…` path into it, lowercase.
fn normalize_repo(url: &str) -> String {
    let u = url.trim().to_ascii_lowercase();
    let u = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.split("/tree/").next().unwrap_or(u);
    let u = u.trim_end_matches('/');
    u.strip_suffix(".git").unwrap_or(u).to_owned()
}

/// The docs.rs view of a crate: its documentation coverage with docs.rs's
/// target, features and cfgs, following `pub use` into the `siblings` (the
/// dependencies published from the same project) that are given.
pub fn docs_rs_view(
    files: &CrateFiles,
    manifest: &ManifestFacts,
    siblings: &[SiblingCrate<'_>],
    limits: &AnalysisLimits,
    start: Instant,
) -> DocsRsCoverage {
    let name = manifest.name.clone().unwrap_or_else(|| files.top.clone());
    let shared = Shared::default();
    let lexed = lex_package(files, &name, limits, start, &shared);
    docs_view_with(
        files,
        manifest,
        siblings,
        limits,
        start,
        &shared,
        &lexed.macros,
    )
}

/// [`docs_rs_view`] with the crate's tokens and macros already at hand.
fn docs_view_with(
    files: &CrateFiles,
    manifest: &ManifestFacts,
    siblings: &[SiblingCrate<'_>],
    limits: &AnalysisLimits,
    start: Instant,
    shared: &Shared,
    macros: &BTreeMap<String, bool>,
) -> DocsRsCoverage {
    let name = manifest.name.clone().unwrap_or_else(|| files.top.clone());
    let build = docs_rs_build(manifest);
    let mut out = DocsRsCoverage {
        target: build.target.clone(),
        features: build.closure.features.iter().cloned().collect(),
        cfgs: build.cfgs.clone(),
        ..DocsRsCoverage::default()
    };
    let Some(env) = CfgEnv::docs_rs(
        &build.target,
        build.closure.features.iter().map(String::as_str),
        &build.cfgs,
    ) else {
        return out;
    };
    let mut g = Graph::default();
    let mut src = Source::new(files, shared, &name, Budget::new(*limits, start));
    walk_crate(&mut g, &mut src, &env, manifest, macros);
    out.not_analysed.append(&mut src.hits);
    if g.crates.is_empty() {
        // The root did not parse (or was refused): nothing counted, but
        // the view is still of this crate.
        out.crates = vec![name];
        return out;
    }

    // Siblings: each walked as rustc compiles it for docs.rs (no `doc`, no
    // `docsrs`), with the features the documented crate turns on.
    let mut not_siblings = Vec::new();
    let manifests: Vec<ManifestFacts> = siblings
        .iter()
        .map(|s| crate::manifest::analyze_manifest(s.files, &mut Vec::new()))
        .collect();
    let uses = sibling_uses(manifest, &manifests);
    for ((s, sm), used) in siblings.iter().zip(&manifests).zip(uses) {
        let Some(sname) = sm.name.clone() else {
            continue;
        };
        if g.crates.iter().any(|c| c.name == sname) {
            continue;
        }
        let decl = match used {
            SiblingUse::Walk(decl) => decl,
            SiblingUse::Refused(why) => {
                not_siblings.extend(why);
                continue;
            }
        };
        let mut roots: Vec<String> = decl.features.clone();
        if decl.default_features && sm.features.contains_key("default") {
            roots.push("default".to_owned());
        }
        if let Some(extra) = build.closure.dep_features.get(&decl.key) {
            roots.extend(extra.iter().cloned());
        }
        let closure = crate::manifest::feature_closure(&sm.features, &optional_keys(sm), &roots);
        let mut cfgs = build.rustc_cfgs.clone();
        cfgs.extend(sm.build_script_cfgs.iter().cloned());
        let Some(senv) = CfgEnv::rustc_build(
            &build.target,
            closure.features.iter().map(String::as_str),
            &cfgs,
        ) else {
            continue;
        };
        let sshared = Shared::default();
        let slexed = lex_package(s.files, &sname, limits, start, &sshared);
        let mut ssrc = Source::new(s.files, &sshared, &sname, Budget::new(*limits, start));
        walk_crate(&mut g, &mut ssrc, &senv, sm, &slexed.macros);
        out.not_analysed.append(&mut ssrc.hits);
    }
    finish_docs_view(&mut g, &name, out, not_siblings)
}

#[cfg(test)]
mod tests {

    #[test]
    fn lines_are_newlines_plus_an_unterminated_last_line_at_any_length() {
        let naive = |b: &[u8]| {
            b.iter().filter(|&&c| c == b'\n').count() as u64
                + u64::from(!b.is_empty() && !b.ends_with(b"\n"))
        };
        let mut cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"x".to_vec(),
            b"\n".to_vec(),
            b"a\nb".to_vec(),
            b"a\nb\n".to_vec(),
        ];
        // Chunk edges: all newlines (255 fill a chunk's byte counter), and
        // mixed text across several chunks.
        for len in [254, 255, 256, 510, 511, 1000] {
            cases.push(vec![b'\n'; len]);
            cases.push(
                (0..len)
                    .map(|i| if i % 7 == 0 { b'\n' } else { b'x' })
                    .collect(),
            );
        }
        for b in &cases {
            assert_eq!(super::count_lines(b), naive(b), "{} bytes", b.len());
        }
        assert_eq!(super::count_lines(&[b'\n'; 1000]), 1000);
    }

    #[test]
    fn the_longest_line_is_the_longest_piece_between_newlines() {
        let naive = |b: &[u8]| b.split(|&c| c == b'\n').map(|l| l.len() as u64).max();
        let mut cases: Vec<Vec<u8>> = ["", "\n", "x", "ab\n", "\nabc", "a\n\nbcd\nef", "abc\r\nd"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        for len in [31, 32, 33, 64, 100, 1000] {
            let mut b = vec![b'x'; len];
            cases.push(b.clone());
            b[len / 2] = b'\n';
            cases.push(b.clone());
            b.push(b'\n');
            cases.push(b);
        }
        for b in &cases {
            assert_eq!(
                Some(super::longest_line(b)),
                naive(b),
                "{:?}",
                String::from_utf8_lossy(b)
            );
        }
        assert_eq!(super::longest_line(b"a\nbbbb\ncc"), 4);
    }

    #[test]
    fn only_documentation_attributes_under_docsrs_leave_the_view_alone() {
        for benign in [
            "#![cfg_attr(docsrs, feature(doc_cfg))]\npub fn a() {}",
            "#[cfg_attr( docsrs , doc(cfg(feature = \"x\")))]\npub fn a() {}",
            "#![cfg_attr(docsrs, doc = \"x\")]",
            "// not_docsrs_here docsrs_flag",
        ] {
            assert!(!docsrs_changes_items(benign.as_bytes()), "{benign}");
        }
        for changes in [
            "#[cfg(docsrs)]\npub fn only_on_docs_rs() {}",
            "#[cfg(any(docsrs, feature = \"x\"))]\npub mod m {}",
            "#[cfg_attr(docsrs, doc(hidden))]\npub fn a() {}",
            "#[cfg_attr(docsrs, path = \"docs.rs\")]\nmod m;",
            "#![cfg_attr(docsrs, feature(doc_cfg))]\n#[cfg(not(docsrs))]\npub fn b() {}",
        ] {
            assert!(docsrs_changes_items(changes.as_bytes()), "{changes}");
        }
    }
    use super::*;

    #[test]
    fn rust_code_blocks_are_told_apart_from_other_languages() {
        assert!(has_rust_code_block("x\n```\nlet a = 1;\n```"));
        assert!(has_rust_code_block("```rust,no_run\nfn main() {}\n```"));
        assert!(has_rust_code_block("```edition2021\nfn main() {}\n```"));
        assert!(!has_rust_code_block("```text\nhello\n```"));
        assert!(!has_rust_code_block("```toml\n[dependencies]\n```"));
        assert!(!has_rust_code_block("no code here"));
    }

    #[test]
    fn joined_paths_never_climb_above_the_root() {
        assert_eq!(join("src", "../README.md").as_deref(), Some("README.md"));
        assert_eq!(join("src/a", "./b/c.rs").as_deref(), Some("src/a/b/c.rs"));
        assert_eq!(join("", "../x"), None);
    }
}
