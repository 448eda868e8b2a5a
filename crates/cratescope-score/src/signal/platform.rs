//! Does a `[target.'cfg(…)'.dependencies]` entry apply to a common build?
//!
//! A dependency declared for one platform only (reqwest's wasm-only
//! `wasm-streams`) says nothing about how current the crate keeps its
//! dependencies for everyone else. "Common" means one of Rust's tier-1
//! targets (the ones the Rust project guarantees to build and test): a
//! dependency counts when its `cfg` holds on at least one of them.
//!
//! Evaluated by the project's one cfg evaluator ([`crate::target`], with
//! `cfg-expr` and rustc's description of each target): unknown names and
//! keys are false, as on a build that does not set them (`cfg(loom)`,
//! `cfg(tokio_unstable)`); what cannot be parsed counts as applying (the
//! dependency is kept, the conservative choice), and so does an expression
//! too long to be real.

use crate::target::Platform;

/// Rust's tier-1 targets (with host tools), as of 2026.
const TIER1: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "i686-unknown-linux-gnu",
    "x86_64-pc-windows-msvc",
    "i686-pc-windows-msvc",
    "x86_64-pc-windows-gnu",
    "aarch64-apple-darwin",
];

/// Whether a dependency's `target` holds on at least one tier-1 target.
pub fn applies_to_common_build(target: &str) -> bool {
    TIER1
        .iter()
        // Built-in triples: a missing one (a cfg-expr without it) is left
        // out rather than guessed.
        .filter_map(|t| Platform::new(t).ok())
        .any(|p| p.applies(target))
}

#[cfg(test)]
mod tests {
    use super::applies_to_common_build as applies;

    #[test]
    fn common_platforms_and_others() {
        assert!(applies("cfg(unix)"));
        assert!(applies("cfg(windows)"));
        assert!(applies("cfg(not(target_arch = \"wasm32\"))"));
        assert!(applies("cfg(all(unix, not(target_os = \"macos\")))"));
        assert!(applies("x86_64-pc-windows-gnu"));
        assert!(applies("cfg(target_os = \"macos\")"));
        assert!(!applies("cfg(target_arch = \"wasm32\")"));
        assert!(!applies("cfg(target_os = \"android\")"));
        assert!(!applies(
            "cfg(any(target_os = \"ios\", target_os = \"android\"))"
        ));
        assert!(!applies("wasm32-unknown-unknown"));
        assert!(!applies("cfg(loom)"));
        assert!(!applies("cfg(any())"));
        assert!(applies("cfg(not(miri))"));
        // Unparsable: kept.
        assert!(applies("cfg(all(unix"));
        // Hostile nesting: bounded, kept.
        let deep = format!("cfg({}unix{})", "not(".repeat(10_000), ")".repeat(10_000));
        assert!(applies(&deep));
    }
}
