//! Documentation coverage and source facts on a hand-built crate. The
//! expected counts were counted by hand from the rules in `src/code.rs`, and
//! cross-checked once with `rustdoc --show-coverage` on the same files
//! (30 items, 16 documented).

use cratescope_analyze::{Limits, analyze, read_crate};

use crate::support::crate_of;

pub const COVERAGE_FIXTURE: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        r#"[package]
name = "cov"
version = "0.1.0"
edition = "2021"

[features]
default = ["std"]
std = []
extra = []
"#,
    ),
    (
        "src/lib.rs",
        r#"//! Crate docs.
//!
//! ```rust
//! assert_eq!(1 + 1, 2);
//! ```
#![forbid(unsafe_code)]

pub mod a;
mod private;
#[path = "weird/place.rs"]
pub mod placed;

pub use private::Reexported;
pub use a::Inner;

/// Documented, with an example.
///
/// ```
/// cov::documented();
/// ```
pub fn documented() {}

pub fn undocumented() {}

/// Only with the default `std` feature.
#[cfg(feature = "std")]
pub fn with_std() {}

#[cfg(feature = "extra")]
pub fn with_extra() {}

#[cfg(test)]
pub fn test_only() {}

#[doc(hidden)]
pub mod hidden {
    pub fn inside_hidden() {}
}

/// A struct.
pub struct S {
    /// Documented field.
    pub a: u32,
    pub b: u32,
    c: u32,
}

pub struct T(pub u32);

/// An enum.
pub enum E {
    /// Documented variant.
    A,
    B(u32),
    C { x: u32 },
}

/// A trait.
pub trait Tr {
    /// Documented method.
    fn m(&self);
    fn n(&self) {}
    type Assoc;
}

impl S {
    /// Constructor.
    pub fn new() -> Self {
        S { a: 0, b: 0, c: 0 }
    }
    fn private_helper(&self) -> u32 {
        self.c
    }
}

impl Tr for S {
    fn m(&self) {}
    type Assoc = u32;
}

/// A macro.
///
/// ```text
/// not rust
/// ```
#[macro_export]
macro_rules! mac {
    () => {};
}

macro_rules! local {
    () => {};
}

#[allow(missing_docs)]
pub fn allowed_undocumented() {}

pub(crate) fn crate_only() {}

pub const C: u32 = 1;

#[doc(hidden)]
pub fn hidden_fn() {}
"#,
    ),
    (
        "src/a.rs",
        r#"//! Module a.

pub struct Inner;

pub mod nested;
"#,
    ),
    (
        "src/a/nested.rs",
        r#"/// Deep.
pub fn deep() {}
"#,
    ),
    (
        "src/private/mod.rs",
        r#"/// Re-exported from a private module.
pub struct Reexported {
    pub f: u32,
}

pub struct NotReexported;

impl Reexported {
    /// Not counted: the impl sits in a private module.
    pub fn method() {}
}
"#,
    ),
    (
        "src/weird/place.rs",
        r#"//! Placed by #[path].

pub fn placed_fn() {}

pub mod sub;
"#,
    ),
    (
        "src/weird/sub.rs",
        r#"/// In sub.
pub fn in_sub() {}
"#,
    ),
];

#[test]
fn doc_coverage_matches_the_hand_count() {
    let bytes = crate_of("cov-0.1.0", COVERAGE_FIXTURE);
    let files = read_crate(&bytes, &Limits::default()).expect("fixture");
    let a = analyze(&files);
    let c = a.code.doc_coverage;
    // Counted (documented): crate (1), a (1), Inner (0), nested (0), deep (1),
    // Reexported + f (1 of 2), placed + placed_fn + sub + in_sub (2 of 4),
    // documented + undocumented (1 of 2), with_std (1), S + a + b (2 of 3),
    // T (0), E + A + B + C + x (2 of 5), Tr + m + n + Assoc (2 of 4),
    // S::new (1), mac (1), C (0).
    assert_eq!((c.total, c.documented), (30, 16), "{c:?}");
    // Rust examples: the crate docs and `documented`; `mac` shows only text.
    assert_eq!(c.with_examples, 2);
    let pct = c.percent().expect("items counted");
    assert!((pct - 16.0 * 100.0 / 30.0).abs() < 1e-9);
    assert!(a.code.forbid_unsafe_code);
    assert!(!a.code.no_std);
    assert_eq!(a.code.module_files, 6);
    assert!(a.code.parse_failures.is_empty());
    assert!(a.code.missing_modules.is_empty());
}

#[test]
fn enabling_a_feature_and_allowing_missing_docs_change_the_count() {
    // Turn `extra` on by default: `with_extra` (undocumented) now counts.
    let mut fixture: Vec<(&str, String)> = COVERAGE_FIXTURE
        .iter()
        .map(|(p, c)| (*p, (*c).to_owned()))
        .collect();
    fixture[0].1 = fixture[0]
        .1
        .replace(r#"default = ["std"]"#, r#"default = ["std", "extra"]"#);
    let files: Vec<(&str, &str)> = fixture.iter().map(|(p, c)| (*p, c.as_str())).collect();
    let a = analyze(&read_crate(&crate_of("cov-0.1.0", &files), &Limits::default()).expect("ok"));
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (31, 16)
    );

    // A crate-wide `allow(missing_docs)` drops every undocumented item.
    fixture[1].1 = fixture[1]
        .1
        .replace("#![forbid(unsafe_code)]", "#![allow(missing_docs)]");
    let files: Vec<(&str, &str)> = fixture.iter().map(|(p, c)| (*p, c.as_str())).collect();
    let a = analyze(&read_crate(&crate_of("cov-0.1.0", &files), &Limits::default()).expect("ok"));
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (16, 16)
    );
    assert!(!a.code.forbid_unsafe_code);
}

#[test]
fn unsafe_is_counted_outside_tests_and_no_std_is_seen_behind_cfg_attr() {
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"u\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            r#"#![cfg_attr(not(feature = "std"), no_std)]
//! Unsafe things.
mod other;

pub unsafe fn raw() {}

pub fn two_blocks() {
    unsafe {}
    let _ = unsafe { 1 };
}

pub struct X;
unsafe impl Send for X {}
pub unsafe trait U {}

impl X {
    pub unsafe fn m(&self) {}
}

#[cfg(test)]
mod tests {
    fn t() { unsafe {} }
}

#[test]
fn a_test() { unsafe {} }
"#,
        ),
        ("src/other.rs", "fn f() { unsafe {} }\n"),
        // Not part of the module tree, still package source.
        ("src/unused.rs", "unsafe fn g() {}\n"),
        (
            "tests/it.rs",
            "#[test] fn t() { unsafe {} }\nunsafe fn h() {}\n",
        ),
        ("examples/e.rs", "fn main() { unsafe {} }\n"),
    ];
    let a = analyze(&read_crate(&crate_of("u-0.1.0", &files), &Limits::default()).expect("ok"));
    let u = a.code.unsafe_counts;
    assert_eq!(u.blocks, 3, "{u:?}");
    assert_eq!(u.functions, 2, "{u:?}");
    assert_eq!(u.methods, 1);
    assert_eq!(u.impls, 1);
    assert_eq!(u.traits, 1);
    assert_eq!(u.total(), 8);
    assert!(a.code.no_std);
    assert!(!a.code.forbid_unsafe_code);
    // lib.rs, other.rs and unused.rs were parsed; tests/ and examples/ not.
    assert_eq!(a.code.files_parsed, 3);
}

#[test]
fn a_file_that_fails_to_parse_is_recorded_and_skipped() {
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            "//! Root.\npub mod broken;\n/// Fine.\npub fn fine() {}\n",
        ),
        (
            "src/broken.rs",
            "/// Fine.\npub fn ok() {}\npub fn oops( {\n",
        ),
    ];
    let a = analyze(&read_crate(&crate_of("p-0.1.0", &files), &Limits::default()).expect("ok"));
    assert_eq!(a.code.parse_failures.len(), 1);
    assert_eq!(a.code.parse_failures[0].path, "src/broken.rs");
    // The line of the delimiter without a partner.
    assert!(
        a.code.parse_failures[0].error.ends_with("line 3"),
        "{:?}",
        a.code.parse_failures[0]
    );
    assert!(a.warnings.iter().any(|w| w.contains("src/broken.rs")));
    // The rest is still analysed: crate root and `fine`.
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (2, 2)
    );
}

#[test]
fn crate_docs_included_from_the_readme_are_measured() {
    let readme = "# Demo\n\nA demo crate that does a thing well.\n";
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"d\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "#![doc = include_str!(\"../README.md\")]\n"),
        ("README.md", readme),
    ];
    let a = analyze(&read_crate(&crate_of("d-0.1.0", &files), &Limits::default()).expect("ok"));
    assert_eq!(a.code.crate_doc_included.as_deref(), Some("README.md"));
    // "# Demo" (6) and the sentence (36), one separator each.
    assert_eq!(a.code.crate_doc_chars, 6 + 1 + 36 + 1);
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (1, 1)
    );
}

#[test]
fn hostile_reexport_webs_terminate() {
    // Every module re-exports every other one, by glob and by name, many
    // times over: resolution must stay bounded.
    let mut lib = String::from("//! Web.\n");
    for i in 0..12 {
        lib.push_str(&format!("mod m{i} {{\n"));
        for j in 0..12 {
            for _ in 0..4 {
                lib.push_str(&format!(
                    "    pub use super::m{j}::*;\n    pub use super::m{j}::X;\n"
                ));
            }
        }
        lib.push_str("    pub struct X;\n}\n");
        lib.push_str(&format!("pub use m{i}::X;\n"));
    }
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"w\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", lib.as_str()),
    ];
    let start = std::time::Instant::now();
    let a = analyze(&read_crate(&crate_of("w-0.1.0", &files), &Limits::default()).expect("ok"));
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    // The crate root and the twelve `X` structs re-exported from private modules.
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (13, 1)
    );
}
