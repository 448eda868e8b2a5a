//! Evaluates `#[cfg(...)]` / `#[cfg_attr(...)]` the way rustdoc sees a crate
//! documented locally with default features on x86_64 Linux.
//!
//! The environment ([`CfgEnv::rustdoc_default`]):
//! - `feature = "x"` holds when `x` is in the default-feature closure;
//! - `doc` holds (rustdoc sets it), `docsrs` does **not** (only docs.rs passes
//!   `--cfg docsrs`; we calibrate against a local `cargo rustdoc`, and a crate
//!   whose docs differ under `docsrs` usually only adds `doc(cfg)` banners);
//! - `test`, `doctest`, `miri`, `windows` and every unknown name (including
//!   cfgs a build script would set) are false;
//! - `unix`, `debug_assertions`, `target_os = "linux"`, `target_family = "unix"`,
//!   `target_arch = "x86_64"`, `target_pointer_width = "64"`,
//!   `target_endian = "little"`, `target_env = "gnu"`,
//!   `target_vendor = "unknown"`, `target_has_atomic` for 8/16/32/64/ptr,
//!   `panic = "unwind"` and the baseline x86_64 `target_feature`s
//!   (fxsr, sse, sse2) hold.
//!
//! Ignored: `cfg(version(..))`/`cfg(accessible(..))` (unstable) evaluate
//! false; malformed predicates evaluate true so that a parse quirk never
//! hides code.

use std::collections::BTreeSet;

use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// A parsed cfg predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cfg {
    Bool(bool),
    Name(String),
    KeyValue(String, String),
    All(Vec<Cfg>),
    Any(Vec<Cfg>),
    Not(Box<Cfg>),
    /// A predicate we could not parse.
    Unknown,
}

/// The cfg environment a predicate is evaluated in.
#[derive(Debug, Clone, Default)]
pub(crate) struct CfgEnv {
    names: BTreeSet<String>,
    pairs: BTreeSet<(String, String)>,
}

impl CfgEnv {
    /// rustdoc on x86_64-unknown-linux-gnu, dev profile, with `features` on.
    pub(crate) fn rustdoc_default<'a>(features: impl IntoIterator<Item = &'a str>) -> Self {
        let names = ["unix", "doc", "debug_assertions"];
        let pairs = [
            ("target_os", "linux"),
            ("target_family", "unix"),
            ("target_arch", "x86_64"),
            ("target_pointer_width", "64"),
            ("target_endian", "little"),
            ("target_env", "gnu"),
            ("target_vendor", "unknown"),
            ("target_has_atomic", "8"),
            ("target_has_atomic", "16"),
            ("target_has_atomic", "32"),
            ("target_has_atomic", "64"),
            ("target_has_atomic", "ptr"),
            ("panic", "unwind"),
            ("target_feature", "fxsr"),
            ("target_feature", "sse"),
            ("target_feature", "sse2"),
        ];
        let mut env = Self {
            names: names.iter().map(|s| (*s).to_owned()).collect(),
            pairs: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        };
        for f in features {
            env.pairs.insert(("feature".to_owned(), f.to_owned()));
        }
        env
    }

    /// The same environment for a plain `cargo build`: rustdoc's `doc` unset.
    pub(crate) fn without_doc(mut self) -> Self {
        self.names.remove("doc");
        self
    }

    pub(crate) fn eval(&self, cfg: &Cfg) -> bool {
        match cfg {
            Cfg::Bool(b) => *b,
            Cfg::Name(n) => self.names.contains(n),
            Cfg::KeyValue(k, v) => self.pairs.contains(&(k.clone(), v.clone())),
            Cfg::All(list) => list.iter().all(|c| self.eval(c)),
            Cfg::Any(list) => list.iter().any(|c| self.eval(c)),
            Cfg::Not(c) => !self.eval(c),
            Cfg::Unknown => true,
        }
    }
}

fn parse_cfg(input: ParseStream<'_>) -> syn::Result<Cfg> {
    if input.peek(syn::LitBool) {
        let b: syn::LitBool = input.parse()?;
        return Ok(Cfg::Bool(b.value));
    }
    let ident = input.call(syn::Ident::parse_any)?;
    let name = ident.to_string();
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        let lit: syn::LitStr = input.parse()?;
        return Ok(Cfg::KeyValue(name, lit.value()));
    }
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let list = Punctuated::<Cfg, Token![,]>::parse_terminated_with(&content, parse_cfg)?;
        let list: Vec<Cfg> = list.into_iter().collect();
        return Ok(match name.as_str() {
            "all" => Cfg::All(list),
            "any" => Cfg::Any(list),
            "not" => match list.into_iter().next() {
                Some(c) => Cfg::Not(Box::new(c)),
                None => Cfg::Unknown,
            },
            _ => Cfg::Bool(false),
        });
    }
    Ok(Cfg::Name(name))
}

/// Parses the tokens of `cfg(...)` (the part inside the parentheses).
pub(crate) fn parse_predicate(tokens: proc_macro2::TokenStream) -> Cfg {
    parse_cfg.parse2(tokens).unwrap_or(Cfg::Unknown)
}

/// Calls `f` with each active attribute meta, in order, expanding
/// `cfg_attr(pred, a, b)` into `a` and `b` when `pred` holds (nested
/// `cfg_attr`s too). Plain attributes are passed by reference, uncloned:
/// this runs for every item of every file.
pub(crate) fn for_each_meta(attrs: &[Attribute], env: &CfgEnv, f: &mut impl FnMut(&Meta)) {
    for a in attrs {
        visit_meta(&a.meta, env, f);
    }
}

fn visit_meta(meta: &Meta, env: &CfgEnv, f: &mut impl FnMut(&Meta)) {
    if let Meta::List(list) = meta
        && list.path.is_ident("cfg_attr")
    {
        let parsed = (|input: ParseStream<'_>| {
            let pred = parse_cfg(input)?;
            input.parse::<Token![,]>()?;
            let metas = Punctuated::<Meta, Token![,]>::parse_terminated(input)?;
            Ok((pred, metas))
        })
        .parse2(list.tokens.clone());
        if let Ok((pred, metas)) = parsed
            && env.eval(&pred)
        {
            for m in &metas {
                visit_meta(m, env, f);
            }
        }
        return;
    }
    f(meta);
}

/// Whether a `cfg(...)` meta holds (any other meta holds trivially).
pub(crate) fn meta_cfg_holds(meta: &Meta, env: &CfgEnv) -> bool {
    match meta {
        Meta::List(l) if l.path.is_ident("cfg") => env.eval(&parse_predicate(l.tokens.clone())),
        _ => true,
    }
}

/// Whether `attrs` carry `#[cfg(test)]` (possibly inside all/any) or `#[test]`:
/// test-only code, syntactically, whatever the environment.
pub(crate) fn is_test_only(attrs: &[Attribute]) -> bool {
    fn mentions_test(c: &Cfg) -> bool {
        match c {
            Cfg::Name(n) => n == "test",
            Cfg::All(l) => l.iter().any(mentions_test),
            _ => false,
        }
    }
    attrs.iter().any(|a| match &a.meta {
        Meta::Path(p) => p.is_ident("test"),
        Meta::List(l) if l.path.is_ident("cfg") => {
            mentions_test(&parse_predicate(l.tokens.clone()))
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(src: &str, features: &[&str]) -> bool {
        let env = CfgEnv::rustdoc_default(features.iter().copied());
        let cfg = parse_predicate(src.parse().unwrap_or_default());
        env.eval(&cfg)
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
    }
}
