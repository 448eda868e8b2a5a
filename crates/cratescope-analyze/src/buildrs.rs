//! The cfgs a build script sets on every build: `println!` of
//! `cargo:rustc-cfg=NAME` (or `cargo::rustc-cfg=NAME`, or a `key="value"`
//! pair) written directly in the body of `fn main`, not inside an `if`, a
//! `match`, a loop or a closure, with a literal argument (no `{}`
//! placeholders).
//!
//! Why: docs.rs and a local `cargo rustdoc` run the build script, and some
//! crates build their documented API behind such cfgs (serde's
//! `if_docsrs_then_no_serde_core`). Conditional ones (on the compiler
//! version, on a probe) cannot be known without running the script and stay
//! unset.

use crate::guard::DEFAULT_MAX_FILE_TOKENS;
use crate::lexical::{Kind, tokenize_within};
use crate::syntax::{ItemKind, Src};

/// The cfgs `fn main` of `text` prints unconditionally, in order.
pub fn unconditional_cfgs(text: &str) -> Vec<String> {
    let t = tokenize_within(text.as_bytes(), DEFAULT_MAX_FILE_TOKENS);
    if t.truncated || t.unbalanced.is_some() {
        return Vec::new();
    }
    let s = Src::new(text.as_bytes(), &t.toks);
    let mut attrs = Vec::new();
    let start = s.inner_attrs(0, s.len(), &mut attrs);
    let items = s.items(start, s.len(), false).unwrap_or_default();
    let Some(body) = items.iter().find_map(|i| match &i.kind {
        ItemKind::Fn { name, body } if name == "main" => *body,
        _ => None,
    }) else {
        return Vec::new();
    };
    let close = s.close_of(body);
    let mut out = Vec::new();
    // Statements directly in the body: each starts after a `;`, a `{…}`
    // (a block-like statement) or its attributes.
    let mut i = s.inner_attrs(body + 1, close, &mut Vec::new());
    let mut at_start = true;
    while i < close {
        if at_start {
            i = s.outer_attrs(i, close, &mut Vec::new());
            if let Some(cfg) = printed_cfg(s, i, close) {
                out.push(cfg);
            }
        }
        let Some(t) = s.tok(i) else { break };
        at_start = match t.kind {
            Kind::Punct => t.ch == b';',
            Kind::Open => t.ch == b'{',
            _ => false,
        };
        i = if t.kind == Kind::Open {
            s.close_of(i) + 1
        } else {
            i + 1
        };
    }
    out
}

/// The cfg a statement `println!("cargo:rustc-cfg=…");` at `i` prints,
/// when the statement is that macro alone with one literal argument.
fn printed_cfg(s: Src<'_>, i: usize, close: usize) -> Option<String> {
    if !(s.is_word(i, "println") || s.is_word(i, "print")) || !s.is_punct(i + 1, b'!') {
        return None;
    }
    let open = i + 2;
    if !s.is_any_open(open) {
        return None;
    }
    let group_close = s.close_of(open);
    // One string literal and nothing else: extra arguments are
    // placeholders, not a constant.
    if group_close != open + 2 {
        return None;
    }
    let after = group_close + 1;
    if !(after >= close || s.is_punct(after, b';')) {
        return None;
    }
    let value = s.str_value(open + 1)?;
    if value.contains(['{', '}']) {
        return None;
    }
    let cfg = value
        .strip_prefix("cargo::rustc-cfg=")
        .or_else(|| value.strip_prefix("cargo:rustc-cfg="))?
        .trim();
    (!cfg.is_empty()).then(|| cfg.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unconditional_literal_cfgs_count() {
        let src = r#"
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-cfg=always");
    println!("cargo::rustc-cfg=also_always");
    println!("cargo:rustc-cfg=mode=\"fast\"");
    if version() > 70 {
        println!("cargo:rustc-cfg=conditional");
    }
    let name = "x";
    println!("cargo:rustc-cfg={}", name);
    println!("cargo:rustc-cfg={name}");
}
fn version() -> u32 { 80 }
"#;
        assert_eq!(
            unconditional_cfgs(src),
            vec!["always", "also_always", "mode=\"fast\""]
        );
        assert!(unconditional_cfgs("fn helper() {}").is_empty());
        assert!(unconditional_cfgs("not rust at all {").is_empty());
    }
}
