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

use syn::{Expr, Item, Stmt};

use crate::guard::{AnalysisLimits, parse_file};

/// The cfgs `fn main` of `text` prints unconditionally, in order.
pub fn unconditional_cfgs(text: &str) -> Vec<String> {
    let Ok(Ok(file)) = parse_file(text, &AnalysisLimits::default()) else {
        return Vec::new();
    };
    let Some(main) = file.items.iter().find_map(|i| match i {
        Item::Fn(f) if f.sig.ident == "main" => Some(f),
        _ => None,
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for stmt in &main.block.stmts {
        let mac = match stmt {
            Stmt::Macro(m) => &m.mac,
            Stmt::Expr(Expr::Macro(m), _) => &m.mac,
            _ => continue,
        };
        if !(mac.path.is_ident("println") || mac.path.is_ident("print")) {
            continue;
        }
        let Ok(lit) = mac.parse_body_with(|input: syn::parse::ParseStream<'_>| {
            let lit: syn::LitStr = input.parse()?;
            // Extra format arguments mean placeholders: not a constant.
            if !input.is_empty() {
                return Err(input.error("format arguments"));
            }
            Ok(lit)
        }) else {
            continue;
        };
        let value = lit.value();
        if value.contains(['{', '}']) {
            continue;
        }
        let cfg = value
            .strip_prefix("cargo::rustc-cfg=")
            .or_else(|| value.strip_prefix("cargo:rustc-cfg="));
        if let Some(cfg) = cfg {
            let cfg = cfg.trim();
            if !cfg.is_empty() {
                out.push(cfg.to_owned());
            }
        }
    }
    out
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
