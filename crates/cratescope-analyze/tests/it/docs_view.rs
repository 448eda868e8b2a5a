//! The docs.rs view: features, cfgs and target from
//! `[package.metadata.docs.rs]`, `--cfg docsrs`, build-script cfgs, and
//! `pub use` followed into sibling crates. Counts by hand from the rules in
//! `src/code.rs` (each item 1 unit; a struct with one documented `pub`
//! field is 2).

use cratescope_analyze::{
    AnalysisLimits, CrateFiles, DocsRsCoverage, SiblingCrate, analyze, docs_rs_view_guarded,
    docs_view_refusing,
};

fn files(top: &str, list: &[(&str, &str)]) -> CrateFiles {
    CrateFiles::from_files(top, list.iter().map(|(p, c)| (*p, c.as_bytes().to_vec())))
}

fn view(facade: &CrateFiles, siblings: &[&CrateFiles]) -> DocsRsCoverage {
    let a = analyze(facade);
    let sib: Vec<SiblingCrate<'_>> = siblings.iter().map(|f| SiblingCrate { files: f }).collect();
    docs_rs_view_guarded(facade, &a.manifest, &sib, &AnalysisLimits::default()).expect("view")
}

const FACADE_TOML: &str = r#"[package]
name = "facade"
version = "1.0.0"
edition = "2021"
repository = "https://github.com/example/project"

[dependencies]
facade_core = { version = "=1.0.0", default-features = false }
other = "1"

[features]
default = []
std = ["facade_core/std"]

[package.metadata.docs.rs]
features = ["std"]
"#;

const FACADE_LIB: &str = r#"//! Facade.
pub use facade_core::*;
pub use other::Thing;
"#;

const CORE_TOML: &str = r#"[package]
name = "facade_core"
version = "1.0.0"
edition = "2021"
repository = "https://github.com/example/project.git"

[features]
default = ["std"]
std = []
"#;

const CORE_LIB: &str = r#"//! Core.
/// Documented.
pub fn always() {}
pub fn undocumented() {}
/// With std only.
#[cfg(feature = "std")]
pub fn with_std() {}
/// Never under rustc: docs.rs passes `docsrs` to rustdoc for the facade only.
#[cfg(docsrs)]
pub fn docsrs_only() {}
mod private {
    /// Reached only through the re-export below.
    pub struct Reexported;
    impl Reexported {
        /// A method in a private module: a reader of the type's page sees it.
        pub fn method(&self) {}
    }
}
pub use private::Reexported;
"#;

/// The facade crate of the tests below (re-exports `facade_core` and `other`).
fn facade() -> CrateFiles {
    files(
        "facade-1.0.0",
        &[("Cargo.toml", FACADE_TOML), ("src/lib.rs", FACADE_LIB)],
    )
}

/// Its sibling from the same repository.
fn facade_core() -> CrateFiles {
    files(
        "facade_core-1.0.0",
        &[("Cargo.toml", CORE_TOML), ("src/lib.rs", CORE_LIB)],
    )
}

/// The `other` dependency, published from another repository.
fn other_repository() -> CrateFiles {
    files(
        "other-1.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"other\"\nversion = \"1.0.0\"\nrepository = \"https://github.com/someone/else\"\n",
            ),
            ("src/lib.rs", "/// T.\npub struct Thing;\n"),
        ],
    )
}

#[test]
fn a_facade_counts_what_it_re_exports_from_its_sibling() {
    let facade = facade();
    let core = facade_core();
    // Alone: only the facade's root, and both dependencies are candidates.
    let a = analyze(&facade);
    assert_eq!(a.code.doc_coverage.total, 1);
    let alone = a.code.docs_rs.expect("docs view");
    assert_eq!(alone.crates, ["facade"]);
    assert_eq!(alone.coverage.total, 1);
    assert_eq!(alone.reexported, ["facade_core", "other"]);
    // With the sibling: root + always + undocumented + with_std (std is on
    // through `facade_core/std`) + Reexported + its method = 6, 5 documented.
    let v = view(&facade, &[&core]);
    assert_eq!(v.crates, ["facade", "facade_core"]);
    assert_eq!((v.coverage.documented, v.coverage.total), (5, 6));
    assert_eq!(v.describe(), "5 of 6 items across facade, facade_core");
    assert_eq!(v.not_measured, ["other: not fetched"]);
}

#[test]
fn a_dependency_from_another_repository_is_not_counted() {
    let facade = facade();
    let other = other_repository();
    let v = view(&facade, &[&other]);
    assert_eq!(v.crates, ["facade"]);
    assert_eq!(v.coverage.total, 1);
    // Said once, with the reason (not also as "not fetched").
    assert_eq!(
        v.not_measured,
        [
            "facade_core: not fetched",
            "other: published from another repository"
        ]
    );
}

#[test]
fn the_view_refusing_every_sibling_is_known_from_the_manifests_alone() {
    let facade = facade();
    let other = other_repository();
    let core = facade_core();
    let a = analyze(&facade);
    let alone = a.code.docs_rs.clone().expect("docs view");
    let manifest_of = |f: &CrateFiles| cratescope_analyze::analyze_manifest(f, &mut Vec::new());
    // Refused: the same view the walk with the sibling gives.
    let shortcut =
        docs_view_refusing(&alone, &a.manifest, &[manifest_of(&other)]).expect("no sibling walked");
    assert_eq!(shortcut, view(&facade, &[&other]));
    // A sibling that is walked: no shortcut.
    assert!(
        docs_view_refusing(
            &alone,
            &a.manifest,
            &[manifest_of(&other), manifest_of(&core)]
        )
        .is_none()
    );
}

#[test]
fn docs_rs_metadata_features_cfgs_target_and_build_script_cfgs_apply() {
    let toml = r#"[package]
name = "meta"
version = "1.0.0"
edition = "2021"
build = "build.rs"

[features]
default = ["std"]
std = []
extra = []
unstable = []

[package.metadata.docs.rs]
all-features = true
default-target = "x86_64-pc-windows-msvc"
rustdoc-args = ["--cfg", "meta_docs", "--generate-link-to-definition"]
"#;
    let lib = r#"//! Meta.
/// std.
#[cfg(feature = "std")] pub fn a() {}
/// extra (all-features).
#[cfg(feature = "extra")] pub fn b() {}
/// docsrs.
#[cfg(docsrs)] pub fn c() {}
/// rustdoc-args cfg.
#[cfg(meta_docs)] pub fn d() {}
/// default-target.
#[cfg(windows)] pub fn e() {}
/// Not on the docs.rs target.
#[cfg(unix)] pub fn f() {}
/// Set by the build script on every build.
#[cfg(always_set)] pub fn g() {}
/// Set by the build script only sometimes.
#[cfg(sometimes)] pub fn h() {}
"#;
    let build = r#"fn main() {
    println!("cargo:rustc-cfg=always_set");
    if std::env::var("X").is_ok() { println!("cargo:rustc-cfg=sometimes"); }
}"#;
    let f = files(
        "meta-1.0.0",
        &[
            ("Cargo.toml", toml),
            ("src/lib.rs", lib),
            ("build.rs", build),
        ],
    );
    let a = analyze(&f);
    // rustdoc's local view: root, a (std), f (unix) = 3.
    assert_eq!(a.code.doc_coverage.total, 3);
    let d = a.code.docs_rs.expect("docs view");
    // docs.rs: root, a, b, c, d, e, g = 7.
    assert_eq!(d.coverage.total, 7, "{d:?}");
    assert_eq!(d.target, "x86_64-pc-windows-msvc");
    assert_eq!(d.cfgs, ["always_set", "meta_docs"]);
    assert_eq!(d.features, ["default", "extra", "std", "unstable"]);
}

#[test]
fn zero_argument_macros_and_extern_crate_aliases_are_followed() {
    // serde's shape: under docsrs a module defines `crate_root!` whose
    // expansion declares the public modules; a path chosen by a cfg the
    // build script sets.
    let toml = r#"[package]
name = "shape"
version = "1.0.0"
edition = "2021"
repository = "https://github.com/example/shape"

[dependencies]
shape_core = { version = "1", path = "../shape_core" }
"#;
    let lib = r#"//! Shape.
#[cfg(docsrs)]
#[macro_use]
#[path = "core/root.rs"]
mod crate_root;

#[cfg(not(docsrs))]
macro_rules! crate_root {
    () => { pub use shape_core::api; };
}

crate_root!();

/// The core crate itself, re-exported.
pub extern crate shape_core as core_crate;
"#;
    let root = r#"macro_rules! crate_root {
    () => {
        #[cfg_attr(all(docsrs, inline_core), path = "core/api.rs")]
        pub mod api;
    };
}
"#;
    let api = "//! Api.\n/// F.\npub fn f() {}\n";
    let build = "fn main() { println!(\"cargo:rustc-cfg=inline_core\"); }\n";
    let f = files(
        "shape-1.0.0",
        &[
            ("Cargo.toml", toml),
            ("src/lib.rs", lib),
            ("src/core/root.rs", root),
            ("src/core/api.rs", api),
            ("build.rs", build),
        ],
    );
    let core = files(
        "shape_core-1.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"shape_core\"\nversion = \"1.0.0\"\n",
            ),
            (
                "src/lib.rs",
                "//! Core.\n/// G.\npub fn g() {}\npub mod api { /// H.\npub fn h() {} }\n",
            ),
        ],
    );
    let a = analyze(&f);
    let alone = a.code.docs_rs.clone().expect("docs view");
    // docs.rs view alone: root, api (module), f = 3; shape_core wanted.
    assert_eq!(alone.coverage.total, 3, "{alone:?}");
    assert_eq!(alone.reexported, ["shape_core"]);
    // With the path sibling: plus core_crate's page and g, and its `api`
    // module's page and h (core_crate re-exports the whole crate) = 7.
    let v = view(&f, &[&core]);
    assert_eq!(v.crates, ["shape", "shape_core"]);
    assert_eq!(v.coverage.total, 7, "{v:?}");
    assert_eq!(v.coverage.documented, 6);
}

#[test]
fn a_documented_re_export_documents_what_it_inlines_from_a_sibling() {
    // serde's shape: `/// Derive macro …` on `pub use serde_derive::…`;
    // the derive itself has no docs, docs.rs shows the re-export's.
    let toml = r#"[package]
name = "front"
version = "1.0.0"
edition = "2021"

[dependencies]
front_derive = { version = "1", path = "../front_derive" }
"#;
    let lib = "//! Front.\n/// Derive macro, documented here.\npub use front_derive::Make;\npub use front_derive::Other;\n";
    let derive_lib = "#[proc_macro_derive(Make)]\npub fn derive_make() {}\n#[proc_macro_derive(Other)]\npub fn derive_other() {}\n";
    let front = files("front-1.0.0", &[("Cargo.toml", toml), ("src/lib.rs", lib)]);
    let derive = files(
        "front_derive-1.0.0",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"front_derive\"\nversion = \"1.0.0\"\n[lib]\nproc-macro = true\n",
            ),
            ("src/lib.rs", derive_lib),
        ],
    );
    let v = view(&front, &[&derive]);
    // Root (documented), Make (documented by the re-export), Other (not).
    assert_eq!((v.coverage.documented, v.coverage.total), (2, 3), "{v:?}");
    assert_eq!(v.crates, ["front", "front_derive"]);
}
