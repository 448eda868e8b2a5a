//! Bounds on the source analysis, so that no published crate can exhaust
//! the stack, the memory or the time of the process that reads it.
//!
//! Three layers:
//! 1. **Before `syn`**: each file is tokenized by `proc-macro2` (the very
//!    tokens `syn` then parses; its lexer and its token trees' `Drop` are
//!    iterative) and measured ([`measure`]): the nesting `syn` would recurse
//!    through (delimiters, generic arguments, prefix operators, closures,
//!    `return`/`break` chains) and the longest operator chain of one
//!    expression (`1 + 1 + …`, `a.b.c…`, `x as T as …`, `else if` chains,
//!    which `syn` builds iteratively but drops and visits recursively). A file
//!    over [`AnalysisLimits::max_nesting`] or [`AnalysisLimits::max_chain`],
//!    or over the per-file and per-line byte limits, is not parsed.
//! 2. **Per crate**: module files, bytes read and wall time are budgeted
//!    ([`Budget`]); a file is walked once however many `mod` items name it.
//! 3. **A dedicated thread** ([`run_guarded`]) with an explicit stack of
//!    [`AnalysisLimits::stack_bytes`], so that what is admitted by layer 1
//!    never depends on the caller's stack (tokio's blocking pool threads
//!    have 2 MiB), and a panic (a bug) becomes a reported internal error.
//!
//! What a limit refuses is recorded as a
//! [`NotAnalysed`](cratescope_model::package::NotAnalysed) and the analysis
//! goes on with the rest.

use std::str::FromStr;
use std::time::{Duration, Instant};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use serde::{Deserialize, Serialize};

pub use cratescope_model::package::{AnalysisLimit, NotAnalysed};

/// Default [`AnalysisLimits::max_nesting`]. Real code nests a few dozen
/// levels (rustfmt'd code rarely passes 30 delimiters; generic arguments
/// add a handful). At 256 the deepest construct `syn` handles worst
/// (generic arguments, about 64 KiB of stack per level in a debug build)
/// needs 16 MiB of stack, far inside [`DEFAULT_STACK_BYTES`].
pub const DEFAULT_MAX_NESTING: u32 = 256;

/// Default [`AnalysisLimits::max_chain`]. The longest real expressions
/// are generated `a | b | …` patterns and `x == 1 || x == 2 …` tests of a
/// few thousand operators. Left-nested chains cost `syn` under 1 KiB of
/// stack per operator in a debug build: 50,000 stay under 50 MiB.
pub const DEFAULT_MAX_CHAIN: u32 = 50_000;

/// Default [`AnalysisLimits::max_file_bytes`]: the largest file read at
/// all (lexical scan). The largest real `.rs` files (generated tables such
/// as encoding_rs's `data.rs`) are 2.5 MB; the lexical scan keeps 20 bytes
/// per token, so 16 MiB bounds it near 300 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Default [`AnalysisLimits::max_parse_file_bytes`]: the largest file
/// parsed with `syn`, after its data tables are blanked. `syn` takes 45 to
/// 95 times a file's size in memory (measured on the largest cached
/// files), so 8 MiB bounds one parse near 750 MiB.
pub const DEFAULT_MAX_PARSE_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Default [`AnalysisLimits::max_line_bytes`]. Only minified or generated
/// text has lines of more than a few KB; a 1 MiB line is data.
pub const DEFAULT_MAX_LINE_BYTES: u64 = 1024 * 1024;

/// Default [`AnalysisLimits::max_total_bytes`] per crate and view: the
/// source the module walk parses plus what the lexical scan reads. The
/// biggest real module trees are a few tens of MB (API binding crates).
pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// Default [`AnalysisLimits::max_modules`] per crate and view: binding
/// crates with every feature reach a few thousand module files.
pub const DEFAULT_MAX_MODULES: u32 = 20_000;

/// Default [`AnalysisLimits::max_wall`]: real crates take milliseconds to
/// a few seconds (the biggest binding crates); a minute means something
/// is wrong, and the crate's other facts should not wait for it.
pub const DEFAULT_MAX_WALL: Duration = Duration::from_secs(60);

/// Default [`AnalysisLimits::stack_bytes`] of the analysis thread. Address
/// space only: the kernel maps what is touched, so real crates use a few
/// hundred KB of it.
pub const DEFAULT_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Limits on the source analysis of one crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisLimits {
    /// Deepest nesting (see [`measure`]) of a file parsed with `syn`.
    pub max_nesting: u32,
    /// Longest operator chain of one expression in a file parsed with `syn`.
    pub max_chain: u32,
    /// Largest file read at all.
    pub max_file_bytes: u64,
    /// Largest file parsed with `syn`.
    pub max_parse_file_bytes: u64,
    /// Longest line in a file parsed with `syn`.
    pub max_line_bytes: u64,
    /// Most bytes of source read per crate and view.
    pub max_total_bytes: u64,
    /// Most module files walked per crate and view.
    pub max_modules: u32,
    /// Longest analysis of one crate.
    pub max_wall: Duration,
    /// Stack of the analysis thread.
    pub stack_bytes: usize,
}

impl Default for AnalysisLimits {
    fn default() -> Self {
        Self {
            max_nesting: DEFAULT_MAX_NESTING,
            max_chain: DEFAULT_MAX_CHAIN,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_parse_file_bytes: DEFAULT_MAX_PARSE_FILE_BYTES,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            max_modules: DEFAULT_MAX_MODULES,
            max_wall: DEFAULT_MAX_WALL,
            stack_bytes: DEFAULT_STACK_BYTES,
        }
    }
}

/// A limit a file is over: which, what was found, the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Over {
    pub limit: AnalysisLimit,
    pub found: u64,
    pub max: u64,
}

impl Over {
    pub(crate) fn record(self, krate: &str, path: Option<&str>, in_tree: bool) -> NotAnalysed {
        NotAnalysed {
            krate: krate.to_owned(),
            path: path.map(str::to_owned),
            limit: self.limit,
            found: self.found,
            max: self.max,
            in_module_tree: in_tree,
        }
    }
}

/// How deep and how long a token stream is, as `syn` will recurse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nesting {
    /// Deepest nesting: delimiters, plus unclosed `<` and `->`, plus runs
    /// of prefix operators and closure heads, summed over open groups.
    pub depth: u32,
    /// Most operators in one run of one group (reset at `;`, `,`, `=>` and
    /// between items).
    pub chain: u32,
}

/// Per-group counters of [`measure`].
#[derive(Default, Clone, Copy)]
struct Level {
    /// Unclosed `<` and `->` since the last statement boundary.
    angle: u32,
    /// Prefix operators (and closure heads, `return`…) since the last operand.
    prefix: u32,
    /// Operators since the last statement boundary.
    run: u32,
    /// The previous token was an operand (ident, literal, group).
    operand: bool,
    /// Inside a closure's `|…|` parameter list.
    closure_params: bool,
    /// The previous token closed a `{}` group.
    after_brace: bool,
    /// The previous token was a joint `-` or `=` (start of `->` / `=>`).
    joint: Option<char>,
}

/// Keywords that start an expression that recurses (`return return …`).
const PREFIX_WORDS: &[&str] = &["return", "break", "yield", "box", "become", "do"];
/// Keywords that neither end nor start an operand (`*const *const T`).
const TRANSPARENT_WORDS: &[&str] = &[
    "const", "mut", "dyn", "impl", "move", "async", "static", "unsafe", "ref", "for", "in", "let",
    "if", "match", "while", "loop",
];
/// Keywords that chain like binary operators.
const CHAIN_WORDS: &[&str] = &["as", "else"];
/// What, right after a `}`, starts a new item or statement: the recursion
/// of the one before has unwound.
const ITEM_WORDS: &[&str] = &[
    "fn",
    "pub",
    "impl",
    "struct",
    "enum",
    "trait",
    "mod",
    "use",
    "const",
    "static",
    "type",
    "extern",
    "unsafe",
    "async",
    "macro_rules",
    "union",
    "let",
];

/// Measures a token stream without recursion (an explicit stack).
pub fn measure(tokens: TokenStream) -> Nesting {
    let mut out = Nesting::default();
    let mut stack: Vec<(proc_macro2::token_stream::IntoIter, Level)> =
        vec![(tokens.into_iter(), Level::default())];
    // The weight of everything open around each level: one per group, plus
    // the unclosed angles and prefix operators of the levels around it.
    let mut below: Vec<u32> = vec![0];
    while let Some((iter, level)) = stack.last_mut() {
        let Some(tok) = iter.next() else {
            stack.pop();
            below.pop();
            if let Some((_, parent)) = stack.last_mut() {
                parent.operand = true;
                parent.prefix = 0;
            }
            continue;
        };
        let base = below.last().copied().unwrap_or(0);
        let after_brace = std::mem::take(&mut level.after_brace);
        let joint = level.joint.take();
        match tok {
            TokenTree::Group(g) => {
                if level.closure_params {
                    continue;
                }
                let inner = base
                    .saturating_add(level.angle)
                    .saturating_add(level.prefix)
                    .saturating_add(1);
                out.depth = out.depth.max(inner);
                level.after_brace = g.delimiter() == Delimiter::Brace;
                below.push(inner);
                stack.push((g.stream().into_iter(), Level::default()));
                continue;
            }
            TokenTree::Ident(id) => {
                let word = id.to_string();
                let word = word.as_str();
                if after_brace && ITEM_WORDS.contains(&word) {
                    reset(level, true);
                }
                if level.closure_params {
                    continue;
                }
                if PREFIX_WORDS.contains(&word) {
                    level.prefix = level.prefix.saturating_add(1);
                    level.run = level.run.saturating_add(1);
                    level.operand = false;
                } else if CHAIN_WORDS.contains(&word) {
                    level.run = level.run.saturating_add(1);
                    level.operand = false;
                } else if TRANSPARENT_WORDS.contains(&word) {
                    level.operand = false;
                } else {
                    level.operand = true;
                    level.prefix = 0;
                }
            }
            TokenTree::Literal(_) => {
                if level.closure_params {
                    continue;
                }
                level.operand = true;
                level.prefix = 0;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let joined = p.spacing() == Spacing::Joint;
                if level.closure_params {
                    if c == '|' {
                        level.closure_params = false;
                        level.operand = false;
                    }
                    continue;
                }
                if after_brace && c == '#' {
                    reset(level, true);
                }
                match (joint, c) {
                    // `=>`: a match arm ends.
                    (Some('='), '>') => reset(level, true),
                    // `->`: a return type, nested like a generic argument.
                    (Some('-'), '>') => level.angle = level.angle.saturating_add(1),
                    // The second half of `||` and `::`: already counted.
                    (Some('|'), '|') | (Some(':'), ':') => {}
                    (_, ';') => reset(level, true),
                    (_, ',') => reset(level, false),
                    (_, '#' | ':' | '\'') => {}
                    // Postfix: the result is an operand again.
                    (_, '?') => level.run = level.run.saturating_add(1),
                    _ => {
                        level.run = level.run.saturating_add(1);
                        match c {
                            '<' => level.angle = level.angle.saturating_add(1),
                            '>' => level.angle = level.angle.saturating_sub(1),
                            _ => {}
                        }
                        if !level.operand {
                            // A prefix operator, or a closure head.
                            level.prefix = level.prefix.saturating_add(1);
                            if c == '|' && !joined {
                                level.closure_params = true;
                            }
                        }
                        level.operand = false;
                    }
                }
                if joined && matches!(c, '-' | '=' | '|' | ':') {
                    level.joint = Some(c);
                }
            }
        }
        let here = base
            .saturating_add(level.angle)
            .saturating_add(level.prefix);
        out.depth = out.depth.max(here);
        out.chain = out.chain.max(level.run);
    }
    out
}

/// A statement boundary: `;`, `=>`, an item after `}` (and `,`, which only
/// ends the operator run: generic arguments continue past it).
fn reset(level: &mut Level, all: bool) {
    level.run = 0;
    level.prefix = 0;
    level.operand = false;
    if all {
        level.angle = 0;
    }
}

/// The longest line of `text`, in bytes.
fn longest_line(text: &str) -> u64 {
    text.split('\n').map(|l| l.len() as u64).max().unwrap_or(0)
}

/// Parses a file with `syn` if it is within the per-file limits.
pub(crate) fn parse_file(
    text: &str,
    limits: &AnalysisLimits,
) -> Result<syn::Result<syn::File>, Over> {
    let bytes = text.len() as u64;
    if bytes > limits.max_parse_file_bytes {
        return Err(Over {
            limit: AnalysisLimit::FileBytes,
            found: bytes,
            max: limits.max_parse_file_bytes,
        });
    }
    let line = longest_line(text);
    if line > limits.max_line_bytes {
        return Err(Over {
            limit: AnalysisLimit::LineBytes,
            found: line,
            max: limits.max_line_bytes,
        });
    }
    // What `syn::parse_file` strips before tokenizing.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (shebang, body) = split_shebang(body);
    let tokens = match TokenStream::from_str(body) {
        Ok(t) => t,
        // A lexing error: let `syn` report it in its own words.
        Err(_) => return Ok(syn::parse_file(text)),
    };
    let n = measure(tokens.clone());
    if n.depth > limits.max_nesting {
        return Err(Over {
            limit: AnalysisLimit::Nesting,
            found: u64::from(n.depth),
            max: u64::from(limits.max_nesting),
        });
    }
    if n.chain > limits.max_chain {
        return Err(Over {
            limit: AnalysisLimit::Chain,
            found: u64::from(n.chain),
            max: u64::from(limits.max_chain),
        });
    }
    Ok(syn::parse2::<syn::File>(tokens).map(|mut f| {
        f.shebang = shebang;
        f
    }))
}

/// `#!…` on the first line, unless it starts an inner attribute (`#![`),
/// as `syn::parse_file` reads it.
fn split_shebang(text: &str) -> (Option<String>, &str) {
    if let Some(rest) = text.strip_prefix("#!")
        && !rest.trim_start().starts_with('[')
    {
        let end = text.find('\n').unwrap_or(text.len());
        return (
            text.get(..end).map(str::to_owned),
            text.get(end..).unwrap_or(""),
        );
    }
    (None, text)
}

/// Parses a token body (a macro's) as items, if within the nesting limits;
/// the tokens come from a file already measured, so this only guards
/// callers that build token streams themselves.
pub(crate) fn within(tokens: &TokenStream, limits: &AnalysisLimits) -> bool {
    let n = measure(tokens.clone());
    n.depth <= limits.max_nesting && n.chain <= limits.max_chain
}

/// The per-crate budget of one view's walk: bytes read, module files, and
/// the shared deadline.
#[derive(Debug)]
pub(crate) struct Budget {
    pub limits: AnalysisLimits,
    start: Instant,
    bytes: u64,
    modules: u32,
    /// A crate-wide limit was hit: no more files are read.
    pub stopped: bool,
}

impl Budget {
    pub(crate) fn new(limits: AnalysisLimits, start: Instant) -> Self {
        Self {
            limits,
            start,
            bytes: 0,
            modules: 0,
            stopped: false,
        }
    }

    fn wall(&self) -> Option<Over> {
        let spent = self.start.elapsed();
        (spent > self.limits.max_wall).then(|| Over {
            limit: AnalysisLimit::WallTime,
            found: u64::try_from(spent.as_millis()).unwrap_or(u64::MAX),
            max: u64::try_from(self.limits.max_wall.as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// Takes `bytes` of reading from the budget; the limit that stops it.
    pub(crate) fn read(&mut self, bytes: u64) -> Result<(), Over> {
        if let Some(o) = self.wall() {
            self.stopped = true;
            return Err(o);
        }
        let total = self.bytes.saturating_add(bytes);
        if total > self.limits.max_total_bytes {
            self.stopped = true;
            return Err(Over {
                limit: AnalysisLimit::TotalBytes,
                found: total,
                max: self.limits.max_total_bytes,
            });
        }
        self.bytes = total;
        Ok(())
    }

    /// Takes one module file from the budget.
    pub(crate) fn module(&mut self) -> Result<(), Over> {
        self.modules = self.modules.saturating_add(1);
        if self.modules > self.limits.max_modules {
            self.stopped = true;
            return Err(Over {
                limit: AnalysisLimit::Modules,
                found: u64::from(self.modules),
                max: u64::from(self.limits.max_modules),
            });
        }
        Ok(())
    }
}

/// Runs `f` on a thread with `limits.stack_bytes` of stack; a panic in it
/// (a bug) comes back as `Err`, and so does a refused thread.
pub(crate) fn run_guarded<T: Send>(
    limits: &AnalysisLimits,
    f: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("cratescope-analyze".to_owned())
            .stack_size(limits.stack_bytes)
            .spawn_scoped(s, f)
            .map_err(|e| format!("could not start the analysis thread: {e}"))?;
        handle.join().map_err(|panic| {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            format!("analysis panicked: {msg}")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(src: &str) -> Nesting {
        measure(TokenStream::from_str(src).unwrap_or_default())
    }

    #[test]
    fn real_code_measures_shallow() {
        let n = m("pub struct S<T: Clone> { a: Vec<Vec<T>> }
            impl<T: Clone> S<T> { pub fn f(&self) -> Option<&T> { self.a.first()?.first() } }
            fn g(x: u32) -> u32 { if x < 3 && x > 1 { x as u32 + 1 } else if x == 0 { 0 } else { !x } }
            fn h() { let c = |a: u8| a + 1; let d = move || c(1); }");
        assert!(n.depth < 16, "{n:?}");
        assert!(n.chain < 16, "{n:?}");
    }

    #[test]
    fn items_after_items_do_not_accumulate() {
        let src = "fn f() -> Vec<u8> { Vec::new() }\n".repeat(5000);
        let n = m(&src);
        assert!(n.depth < 8, "{n:?}");
        assert!(n.chain < 8, "{n:?}");
    }

    #[test]
    fn every_recursing_shape_is_measured() {
        let k = 2000;
        let shapes = [
            format!("fn f() {{ {}1{}; }}", "(".repeat(k), ")".repeat(k)),
            format!("fn f() {{ {}1; }}", "!".repeat(k)),
            format!("fn f() {{ {}1; }}", "- ".repeat(k)),
            format!("fn f() {{ {}1; }}", "|| ".repeat(k)),
            format!("fn f() {{ {}1; }}", "|x| ".repeat(k)),
            format!("fn f() {{ {}1; }}", "return ".repeat(k)),
            format!("type T = {}u8{};", "Vec<".repeat(k), ">".repeat(k)),
            format!("type T = {}u8{};", "Vec<{0}, ".repeat(k), ">".repeat(k)),
            format!("type T = {}u8;", "*const ".repeat(k)),
            format!("type T = {}u8;", "&".repeat(k)),
            format!("type T = {}u8;", "fn() -> ".repeat(k)),
            format!("fn f() {{ {}1{}; }}", "[".repeat(k), "]".repeat(k)),
        ];
        for s in &shapes {
            let n = m(s);
            assert!(n.depth as usize >= k, "{}: {n:?}", &s[..40]);
        }
        let chains = [
            format!("fn f() {{ 1{}; }}", " + 1".repeat(k)),
            format!("fn f() {{ a{}; }}", ".b".repeat(k)),
            format!("fn f() {{ 1{}; }}", " as u8".repeat(k)),
            format!("fn f() {{ a{}; }}", "?".repeat(k)),
            format!("fn f() {{ if a {{}} {} }}", "else if a {} ".repeat(k)),
        ];
        for s in &chains {
            let n = m(s);
            assert!(n.chain as usize >= k, "{}: {n:?}", &s[..30]);
        }
    }
}
