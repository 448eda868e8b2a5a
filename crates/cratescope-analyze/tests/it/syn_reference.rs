//! The `syn` reference the lexical unsafe scan is checked against (a
//! dev-dependency only: the analyzer itself builds no syntax trees). Shared
//! by `tests/it/lexical.rs` and `examples/unsafe_lexical_vs_syn.rs`.

use cratescope_analyze::UnsafeCounts;
use cratescope_analyze::lexical::FileScan;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Attribute, Item, Meta};

fn list_mentions(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == word,
        TokenTree::Group(g) => list_mentions(&g.stream(), word),
        _ => false,
    })
}

/// Whether cfg tokens name `test` at the top level or inside `all(…)`.
fn mentions_test(tokens: &TokenStream, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while i < toks.len() {
        let end = toks[i..]
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .map_or(toks.len(), |p| i + p);
        match toks.get(i..end) {
            Some([TokenTree::Ident(id)]) if id == "test" => return true,
            Some([TokenTree::Ident(id), TokenTree::Group(g)])
                if id == "all"
                    && g.delimiter() == Delimiter::Parenthesis
                    && mentions_test(&g.stream(), depth + 1) =>
            {
                return true;
            }
            _ => {}
        }
        i = end + 1;
    }
    false
}

/// `#[test]` or `#[cfg(test)]` (possibly inside `all`).
fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        Meta::Path(p) => p.is_ident("test"),
        Meta::List(l) if l.path.is_ident("cfg") => mentions_test(&l.tokens, 0),
        _ => false,
    })
}

/// Counts `unsafe` syntactically, skipping test-only items.
#[derive(Default)]
struct UnsafeVisitor {
    counts: UnsafeCounts,
}

impl<'ast> Visit<'ast> for UnsafeVisitor {
    fn visit_item(&mut self, i: &'ast Item) {
        let attrs: &[Attribute] = match i {
            Item::Fn(x) => &x.attrs,
            Item::Mod(x) => &x.attrs,
            Item::Impl(x) => &x.attrs,
            Item::Const(x) => &x.attrs,
            Item::Static(x) => &x.attrs,
            Item::Trait(x) => &x.attrs,
            _ => &[],
        };
        if is_test_only(attrs) {
            return;
        }
        syn::visit::visit_item(self, i);
    }
    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        if is_test_only(&i.attrs) {
            return;
        }
        if matches!(i.sig.safety, syn::Safety::Unsafe(_)) {
            self.counts.methods += 1;
        }
        syn::visit::visit_impl_item_fn(self, i);
    }
    fn visit_trait_item_fn(&mut self, i: &'ast syn::TraitItemFn) {
        if matches!(i.sig.safety, syn::Safety::Unsafe(_)) {
            self.counts.methods += 1;
        }
        syn::visit::visit_trait_item_fn(self, i);
    }
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        if matches!(i.sig.safety, syn::Safety::Unsafe(_)) {
            self.counts.functions += 1;
        }
        syn::visit::visit_item_fn(self, i);
    }
    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if i.unsafety.is_some() {
            self.counts.impls += 1;
        }
        syn::visit::visit_item_impl(self, i);
    }
    fn visit_item_trait(&mut self, i: &'ast syn::ItemTrait) {
        if i.unsafety.is_some() {
            self.counts.traits += 1;
        }
        syn::visit::visit_item_trait(self, i);
    }
    fn visit_expr_unsafe(&mut self, i: &'ast syn::ExprUnsafe) {
        self.counts.blocks += 1;
        syn::visit::visit_expr_unsafe(self, i);
    }
}

/// Item-level `macro_rules!` definitions (modules, inline ones included).
fn collect_macros(items: &[Item], out: &mut Vec<(String, bool)>) {
    for item in items {
        match item {
            Item::Macro(i) if i.mac.path.is_ident("macro_rules") => {
                if let Some(name) = &i.ident {
                    out.push((name.to_string(), list_mentions(&i.mac.tokens, "doc")));
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_macros(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// What the `syn` path finds in one file: unsafe counts and item-level
/// `macro_rules!` definitions; the error is the parser's message.
pub fn syn_scan(text: &str) -> Result<FileScan, String> {
    let file = syn::parse_file(text).map_err(|e| e.to_string())?;
    let mut visitor = UnsafeVisitor::default();
    visitor.visit_file(&file);
    let mut macros = Vec::new();
    collect_macros(&file.items, &mut macros);
    Ok(FileScan {
        unsafe_counts: visitor.counts,
        macros,
    })
}
