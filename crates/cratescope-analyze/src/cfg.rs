//! Evaluates `#[cfg(...)]` / `#[cfg_attr(...)]` with `cfg-expr`, in three
//! environments ([`CfgEnv`]):
//!
//! - [`CfgEnv::rustdoc_default`]: what a local `cargo rustdoc` sees with
//!   default features on x86_64 Linux (the view `rustdoc --show-coverage` is
//!   calibrated against): `doc` holds, `docsrs` does not;
//! - [`CfgEnv::docs_rs`]: what docs.rs builds: the features of
//!   `[package.metadata.docs.rs]`, `doc` and `docsrs`, the `--cfg` flags of
//!   its `rustdoc-args`/`cargo-args`, on its default target;
//! - [`CfgEnv::without_doc`]: either of them for a plain `cargo build`
//!   (`doc`/`docsrs` unset): what nightly detection and dependencies
//!   compiled by rustc (not rustdoc) see.
//!
//! Target predicates (`unix`, `target_os`, `target_has_atomic`, `panic`, …)
//! come from rustc's built-in description of the target (`cfg-expr`'s
//! table); `target_feature` holds for the architecture's baseline (x86_64:
//! fxsr, sse, sse2; aarch64: neon, fp); `debug_assertions` holds (a dev
//! profile); `test`, `proc_macro`, `miri` and every name nobody set
//! (including cfgs a build script would set) are false.
//!
//! The attribute's tokens are rendered into `cfg-expr`'s syntax first, which
//! also decides what `cfg-expr` cannot express: `true`/`false` literals become
//! `all()`/`any()`; unstable or unknown functions (`version(..)`,
//! `accessible(..)`) and unknown or bare `target_*` keys
//! (`target_thread_local`) evaluate false, as rustc on stable treats them;
//! a predicate that is malformed, deeper than [`MAX_DEPTH`] or longer than
//! [`MAX_PREDICATES`] evaluates true, so that a parse quirk never hides
//! code (and hostile input costs a bounded amount of work).

use std::collections::BTreeSet;

use cfg_expr::targets::{TargetInfo, get_builtin_target_by_triple};
use cfg_expr::{Expression, Predicate};

use crate::lexical::Kind;
use crate::syntax::{Attr, Meta, Src};

/// The target rustdoc's local view and docs.rs default to.
pub const DEFAULT_TARGET: &str = "x86_64-unknown-linux-gnu";

/// Deepest `all`/`any`/`not` nesting rendered: real predicates nest two or
/// three levels.
pub const MAX_DEPTH: usize = 32;

/// Most predicates and functions in one expression: real ones hold a few
/// dozen (long `target_os` lists). Also keeps `cfg-expr`'s per-function
/// child counter (a `u8`) far from overflowing.
pub const MAX_PREDICATES: usize = 200;

/// Deepest `cfg_attr` inside `cfg_attr` expanded.
const MAX_CFG_ATTR_DEPTH: usize = 8;

/// `target_*` keys `cfg-expr` knows; any other is unset on stable rustc.
const TARGET_KEYS: &[&str] = &[
    "target_abi",
    "target_arch",
    "target_feature",
    "target_os",
    "target_family",
    "target_env",
    "target_endian",
    "target_has_atomic",
    "target_pointer_width",
    "target_vendor",
];

/// A parsed cfg predicate.
#[derive(Debug, Clone)]
pub(crate) enum Cfg {
    /// A predicate `cfg-expr` parsed (after rendering). Boxed: one per
    /// attribute, and most attributes are not cfgs at all.
    Expr(Box<Expression>),
    /// A predicate that could not be read: evaluates true.
    Malformed,
    /// Every one of these holds (a `cfg_if!` branch with several `#[cfg]`).
    All(Vec<Cfg>),
}

/// The cfg environment a predicate is evaluated in.
#[derive(Debug, Clone)]
pub(crate) struct CfgEnv {
    target: &'static TargetInfo,
    flags: BTreeSet<String>,
    pairs: BTreeSet<(String, String)>,
    features: BTreeSet<String>,
}

fn builtin(triple: &str) -> Option<&'static TargetInfo> {
    get_builtin_target_by_triple(triple)
}

impl CfgEnv {
    fn new<'a>(target: &'static TargetInfo, features: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            target,
            flags: BTreeSet::new(),
            pairs: BTreeSet::new(),
            features: features.into_iter().map(str::to_owned).collect(),
        }
    }

    /// rustdoc on x86_64-unknown-linux-gnu, dev profile, with `features` on.
    /// `None` only if `cfg-expr`'s table lost the default target.
    pub(crate) fn rustdoc_default<'a>(features: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        let mut env = Self::new(builtin(DEFAULT_TARGET)?, features);
        env.flags.insert("doc".to_owned());
        Some(env)
    }

    /// docs.rs's build of the documented crate: `target` (a built-in triple;
    /// unknown triples fall back to [`DEFAULT_TARGET`]), `features`, `doc`,
    /// `docsrs`, and the extra `--cfg` values (`name` or `key="value"`).
    pub(crate) fn docs_rs<'a>(
        target: &str,
        features: impl IntoIterator<Item = &'a str>,
        cfgs: &[String],
    ) -> Option<Self> {
        let info = builtin(target).or_else(|| builtin(DEFAULT_TARGET))?;
        let mut env = Self::new(info, features);
        env.flags.insert("doc".to_owned());
        env.flags.insert("docsrs".to_owned());
        for c in cfgs {
            env.set_cfg(c);
        }
        Some(env)
    }

    /// A dependency compiled by rustc for docs.rs: `target`, `features` and
    /// the `--cfg` values passed to every rustc (no `doc`, no `docsrs`).
    pub(crate) fn rustc_build<'a>(
        target: &str,
        features: impl IntoIterator<Item = &'a str>,
        cfgs: &[String],
    ) -> Option<Self> {
        let info = builtin(target).or_else(|| builtin(DEFAULT_TARGET))?;
        let mut env = Self::new(info, features);
        for c in cfgs {
            env.set_cfg(c);
        }
        Some(env)
    }

    /// Sets a `--cfg` value: `name`, or `key="value"`.
    pub(crate) fn set_cfg(&mut self, cfg: &str) {
        match cfg.split_once('=') {
            Some((k, v)) => {
                let v = v.trim().trim_matches('"');
                let k = k.trim();
                if k == "feature" {
                    self.features.insert(v.to_owned());
                } else {
                    self.pairs.insert((k.to_owned(), v.to_owned()));
                }
            }
            None => {
                self.flags.insert(cfg.trim().to_owned());
            }
        }
    }

    /// The same environment for a plain `cargo build`: rustdoc's `doc` and
    /// docs.rs's `docsrs` unset.
    pub(crate) fn without_doc(mut self) -> Self {
        self.flags.remove("doc");
        self.flags.remove("docsrs");
        self
    }

    fn predicate(&self, p: &Predicate<'_>) -> bool {
        match p {
            Predicate::Target(tp) => tp.matches(self.target),
            Predicate::TargetFeature(f) => self.baseline_feature(f),
            Predicate::DebugAssertions => true,
            Predicate::Test | Predicate::ProcMacro => false,
            Predicate::Feature(f) => self.features.contains(*f),
            Predicate::Flag(f) => self.flags.contains(*f),
            Predicate::KeyValue { key, val } => {
                self.pairs.contains(&((*key).to_owned(), (*val).to_owned()))
            }
        }
    }

    /// rustc's default target features for the architecture (no
    /// `-C target-cpu`).
    fn baseline_feature(&self, feature: &str) -> bool {
        let baseline: &[&str] = match self.target.arch.as_str() {
            "x86_64" => &["fxsr", "sse", "sse2"],
            "aarch64" => &["neon", "fp"],
            _ => &[],
        };
        baseline.contains(&feature)
    }

    pub(crate) fn eval(&self, cfg: &Cfg) -> bool {
        match cfg {
            Cfg::Expr(e) => e.eval(|p| self.predicate(p)),
            Cfg::Malformed => true,
            Cfg::All(list) => list.iter().all(|c| self.eval(c)),
        }
    }
}

/// Renders cfg tokens into `cfg-expr` syntax; `None` when malformed or over
/// the limits.
struct Renderer<'s> {
    s: Src<'s>,
    out: String,
    count: usize,
}

impl Renderer<'_> {
    /// A comma-separated predicate list filling `[i, end)`.
    fn list(&mut self, mut i: usize, end: usize, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut first = true;
        while i < end {
            if !first {
                self.out.push_str(", ");
            }
            first = false;
            i = self.predicate(i, end, depth)?;
            if i >= end {
                break;
            }
            if !self.s.is_punct(i, b',') {
                return None;
            }
            i += 1;
        }
        Some(())
    }

    /// One predicate at `i`: the index after it.
    fn predicate(&mut self, i: usize, end: usize, depth: usize) -> Option<usize> {
        self.count += 1;
        if self.count > MAX_PREDICATES || i >= end {
            return None;
        }
        let s = self.s;
        let t = s.tok(i)?;
        let name = match t.kind {
            Kind::Ident | Kind::RawIdent | Kind::Literal | Kind::Str => s.string(i),
            _ => return None,
        };
        if t.kind == Kind::Ident {
            match name.as_str() {
                "true" => {
                    self.out.push_str("all()");
                    return Some(i + 1);
                }
                "false" => {
                    self.out.push_str("any()");
                    return Some(i + 1);
                }
                _ => {}
            }
        }
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let next = i + 1;
        if next < end && s.is_punct(next, b'=') {
            let lit = next + 1;
            if lit >= end {
                return None;
            }
            let value = s.str_value(lit)?;
            if value.contains(['"', '\\']) || !is_plain_ident(&name) {
                return None;
            }
            if name.starts_with("target_") && !TARGET_KEYS.contains(&name.as_str()) {
                self.out.push_str("any()");
            } else {
                self.out.push_str(&name);
                self.out.push_str(" = \"");
                self.out.push_str(&value);
                self.out.push('"');
            }
            return Some(lit + 1);
        }
        if next < end && s.is_open(next, b'(') {
            let close = s.close_of(next);
            match name.as_str() {
                "all" | "any" | "not" => {
                    self.out.push_str(&name);
                    self.out.push('(');
                    self.list(next + 1, close, depth + 1)?;
                    self.out.push(')');
                }
                // `version(..)`, `accessible(..)`, anything else: unset
                // on stable rustc.
                _ => self.out.push_str("any()"),
            }
            return Some(close + 1);
        }
        if name.starts_with("target_") || !is_plain_ident(&name) {
            // A bare `target_*` (`target_thread_local`) is unstable; a
            // non-ASCII name is set by nobody.
            self.out.push_str("any()");
        } else {
            self.out.push_str(&name);
        }
        Some(next)
    }
}

/// ASCII identifiers only: `cfg-expr`'s lexer reads nothing else.
fn is_plain_ident(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && s.bytes().next().is_some_and(|b| !b.is_ascii_digit())
}

/// Parses the tokens `[i, end)` of `cfg(...)` (the part inside the
/// parentheses).
pub(crate) fn parse_predicate(s: Src<'_>, i: usize, end: usize) -> Cfg {
    let mut r = Renderer {
        s,
        out: String::new(),
        count: 0,
    };
    let Some(next) = r.predicate(i, end, 0) else {
        return Cfg::Malformed;
    };
    // A trailing comma is allowed; anything else after the predicate is not.
    if next < end && !(s.is_punct(next, b',') && next + 1 == end) {
        return Cfg::Malformed;
    }
    Expression::parse(&r.out).map_or(Cfg::Malformed, |e| Cfg::Expr(Box::new(e)))
}

/// Calls `f` with each active attribute meta, in order, expanding
/// `cfg_attr(pred, a, b)` into `a` and `b` when `pred` holds (nested
/// `cfg_attr`s too); doc comments are `doc = "…"` metas. An attribute that
/// is not a meta is skipped.
pub(crate) fn for_each_meta(s: Src<'_>, attrs: &[Attr], env: &CfgEnv, f: &mut impl FnMut(Meta)) {
    for a in attrs {
        match *a {
            Attr::Doc(i) => f(Meta::DocComment(i)),
            Attr::Meta(x, y) => {
                if let Some(m) = s.meta(x, y) {
                    visit_meta(s, m, env, f, 0);
                }
            }
        }
    }
}

fn visit_meta(s: Src<'_>, meta: Meta, env: &CfgEnv, f: &mut impl FnMut(Meta), depth: usize) {
    if let Meta::List(p, q, open) = meta
        && s.path_is((p, q), "cfg_attr")
    {
        if depth >= MAX_CFG_ATTR_DEPTH {
            return;
        }
        let close = s.close_of(open);
        let comma = s.next_comma(open + 1, close);
        if comma >= close {
            return;
        }
        if !env.eval(&parse_predicate(s, open + 1, comma)) {
            return;
        }
        if let Some(metas) = s.metas(comma + 1, close) {
            for m in metas {
                visit_meta(s, m, env, f, depth + 1);
            }
        }
        return;
    }
    f(meta);
}

/// Whether a `cfg(...)` meta holds (any other meta holds trivially).
pub(crate) fn meta_cfg_holds(s: Src<'_>, meta: Meta, env: &CfgEnv) -> bool {
    match meta {
        Meta::List(p, q, open) if s.path_is((p, q), "cfg") => {
            env.eval(&parse_predicate(s, open + 1, s.close_of(open)))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(features: &[&str]) -> CfgEnv {
        CfgEnv::rustdoc_default(features.iter().copied()).expect("built-in target")
    }

    fn parsed(src: &str) -> Cfg {
        let t = crate::lexical::tokenize_within(src.as_bytes(), usize::MAX);
        parse_predicate(Src::new(src.as_bytes(), &t.toks), 0, t.toks.len())
    }

    fn holds(src: &str, features: &[&str]) -> bool {
        env(features).eval(&parsed(src))
    }

    #[test]
    fn predicates_follow_the_rustdoc_linux_environment() {
        assert!(holds(r#"feature = "std""#, &["std"]));
        assert!(!holds(r#"feature = "serde""#, &["std"]));
        assert!(holds(
            r#"all(unix, not(windows), target_os = "linux")"#,
            &[]
        ));
        assert!(holds("doc", &[]));
        assert!(!holds("docsrs", &[]));
        assert!(!holds("test", &[]));
        assert!(holds(
            r#"any(feature = "a", target_pointer_width = "64")"#,
            &[]
        ));
        assert!(holds("all()", &[]));
        assert!(!holds(r#"any()"#, &[]));
        assert!(holds("not(no_std_build_flag)", &[]));
        assert!(holds(r#"target_has_atomic = "ptr""#, &[]));
        assert!(holds(r#"panic = "unwind""#, &[]));
        assert!(holds(r#"target_feature = "sse2""#, &[]));
        assert!(!holds(r#"target_feature = "avx2""#, &[]));
        assert!(holds("debug_assertions", &[]));
        assert!(holds(r#"target_env = "gnu""#, &[]));
        assert!(holds(r#"target_vendor = "unknown""#, &[]));
    }

    #[test]
    fn what_cfg_expr_cannot_express_keeps_its_old_meaning() {
        // Literals.
        assert!(holds("true", &[]));
        assert!(!holds("false", &[]));
        assert!(holds("not(false)", &[]));
        // Unstable functions and keys are unset on stable.
        assert!(!holds(r#"version("1.80")"#, &[]));
        assert!(!holds("accessible(::std::mem)", &[]));
        assert!(!holds("target_thread_local", &[]));
        assert!(!holds(r#"target_has_atomic_load_store = "8""#, &[]));
        assert!(holds("not(target_thread_local)", &[]));
        // Malformed predicates hold: a parse quirk never hides code.
        assert!(holds("= = =", &[]));
        assert!(holds("all(unix", &[]));
        assert!(holds(r#"feature"#, &[]));
    }

    #[test]
    fn docs_rs_sets_docsrs_its_features_and_cfgs() {
        let e = CfgEnv::docs_rs(
            DEFAULT_TARGET,
            ["unstable"],
            &[
                "tokio_unstable".to_owned(),
                r#"loom_mode="full""#.to_owned(),
            ],
        )
        .expect("target");
        let holds = |s: &str| e.eval(&parsed(s));
        assert!(holds("docsrs"));
        assert!(holds("doc"));
        assert!(holds("tokio_unstable"));
        assert!(holds(r#"loom_mode = "full""#));
        assert!(holds(r#"feature = "unstable""#));
        assert!(!holds(r#"feature = "std""#));
        let plain = e.clone().without_doc();
        assert!(!plain.eval(&parsed("docsrs")));
        assert!(!plain.eval(&parsed("doc")));
        // Another default target.
        let w = CfgEnv::docs_rs("x86_64-pc-windows-msvc", [], &[]).expect("target");
        assert!(w.eval(&parsed("windows")));
        assert!(!w.eval(&parsed("unix")));
    }

    #[test]
    fn deep_or_long_predicates_are_refused_not_overflowed() {
        let deep = format!("{}unix{}", "any(".repeat(5000), ")".repeat(5000));
        assert!(matches!(parsed(&deep), Cfg::Malformed));
        // 300 sibling functions would overflow cfg-expr's u8 counter.
        let wide = format!("all({})", vec!["not(windows)"; 300].join(", "));
        assert!(matches!(parsed(&wide), Cfg::Malformed));
        let ok = format!("all({})", vec!["not(windows)"; 50].join(", "));
        assert!(holds(&ok, &[]));
    }
}
