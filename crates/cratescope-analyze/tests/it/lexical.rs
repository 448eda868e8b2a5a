//! The lexical unsafe scan against the `syn` visitor, file by file: on the
//! test-built fixtures, on a file of tricky syntax written for this, and on
//! this crate's own sources. Equal counts and equal `macro_rules!` lists,
//! or the test fails naming the file. Also: `analyze` takes files outside
//! the module tree from the lexical scan only.

use crate::syn_reference::syn_scan;
use cratescope_analyze::{Limits, analyze, lexical, read_crate};

use crate::coverage::COVERAGE_FIXTURE;
use crate::support::crate_of;

/// Constructs where a token-level reading could go wrong, each with
/// something to count (or not) next to it.
const TRICKY: &str = r####"
//! Inner docs mention unsafe { }.
#![allow(dead_code)]

/* block /* nested unsafe { } */ still comment unsafe fn x() {} */
/** outer block doc */
/// doc line: unsafe impl
pub unsafe fn a<'a, T: 'a>(x: &'a T) -> &'a T { unsafe { x } }

pub fn strings() {
    let _ = "unsafe { \" } unsafe {";
    let _ = r#"unsafe { "quoted" unsafe {"#;
    let _ = r##"a "# b"##;
    let _ = b"unsafe {";
    let _ = br#"unsafe {"#;
    let _ = c"unsafe {";
    let _ = ('{', '}', '"', '\'', '\\', '\u{1F600}', b'{', 'é');
    let _ = 1.0e-5f64 + 0x1F as f64;
    'outer: loop { unsafe { core::hint::spin_loop() } break 'outer; }
}

pub struct S<T>(T);
impl<T> S<T> where T: Clone, {
    pub unsafe fn method(&self) {}
    #[cfg(test)]
    unsafe fn test_method() {}
    const C: u8 = unsafe { 1 };
    fn nested() { unsafe fn inner() {} }
}
unsafe impl<T> Send for S<T> {}
pub unsafe trait Marker { unsafe fn required(&self); fn provided(&self) { unsafe {} } }
unsafe extern "C" { fn foreign(x: u8); pub safe fn safe_one(); pub unsafe fn unsafe_one(); }
extern "C" { fn old_foreign(); }
pub unsafe extern "C" fn callback() {}
pub type F = unsafe extern "C" fn(u8) -> u8;
pub type G = Option<unsafe fn()>;
pub const fn cf() -> u8 { 0 }
pub const unsafe fn cuf() -> u8 { unsafe { 0 } }

#[cfg(test)]
const _: () = { unsafe {} };
#[cfg(test)]
static T1: u8 = unsafe { 0 };
#[cfg(all(test, unix))]
mod t1 { unsafe fn f() {} }
#[cfg(any(test, unix))]
mod t2 { unsafe fn f() {} }
#[cfg(not(test))]
fn t3() { unsafe {} }
mod t4 { #![cfg(test)] unsafe fn f() {} }
#[test]
fn t5() { unsafe {} }
#[tokio::test]
async fn t6() { unsafe {} }

macro_rules! m { ($x:expr) => { unsafe { $x } }; }
macro_rules! documented { () => { /// Docs.
    pub fn f() {} } }
fn uses() { let _ = vec![unsafe { 1 }]; m!(1); if !(true) { unsafe {} } }
std::thread_local! { static X: u8 = unsafe { 0 }; }
mod inner {
    macro_rules! inner_macro { () => {} }
    pub(crate) unsafe fn f() { fn g() { unsafe {} } }
}
fn closures() { let f = || unsafe { 1 }; let _ = f; let _: fn() = || {}; }
impl<const N: usize> S<[u8; N]> { unsafe fn in_const_generic_impl() {} }
fn arrays() -> [u8; { 1 + 1 }] { [0; 2] }
trait Tr { #[cfg(test)] unsafe fn test_in_trait(); }
union U { a: u8 }
fn r#unsafe() {}
pub auto trait Nope {}
unsafe auto trait Auto {}
"####;

fn assert_same(path: &str, text: &str) {
    let syn = syn_scan(text).unwrap_or_else(|e| panic!("{path}: syn cannot parse it: {e}"));
    let lex = lexical::scan(text);
    assert_eq!(lex, syn, "{path}: lexical (left) and syn (right) differ");
}

#[test]
fn lexical_counts_equal_syn_counts_on_tricky_syntax() {
    assert_same("tricky.rs", TRICKY);
    // The file really exercises the counters (not all zeros).
    let c = lexical::scan(TRICKY).unsafe_counts;
    assert!(c.blocks > 5 && c.functions > 3 && c.methods > 2, "{c:?}");
    assert_eq!((c.impls, c.traits), (1, 2), "{c:?}");
}

#[test]
fn lexical_counts_equal_syn_counts_on_fixtures_and_own_sources() {
    let own: &[(&str, &str)] = &[
        ("src/code.rs", include_str!("../../src/code.rs")),
        ("src/lexical.rs", include_str!("../../src/lexical.rs")),
        ("src/cfg.rs", include_str!("../../src/cfg.rs")),
        ("src/tarball.rs", include_str!("../../src/tarball.rs")),
        ("src/manifest.rs", include_str!("../../src/manifest.rs")),
        ("src/readme.rs", include_str!("../../src/readme.rs")),
        ("tests/it/lexical.rs", include_str!("lexical.rs")),
        ("tests/it/coverage.rs", include_str!("coverage.rs")),
    ];
    let mut checked = 0;
    for (path, text) in COVERAGE_FIXTURE.iter().chain(own) {
        if path.ends_with(".rs") {
            assert_same(path, text);
            checked += 1;
        }
    }
    assert!(checked > 10);
}

#[test]
fn files_outside_the_module_tree_are_only_scanned_lexically() {
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"g\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            "//! Root.\n#[cfg(feature = \"off\")]\nmod gen;\n/// F.\npub fn f() { unsafe {} }\n",
        ),
        // Behind a disabled feature: counted for unsafe, never parsed with syn.
        (
            "src/gen.rs",
            "pub unsafe fn g() {}\nunsafe impl Send for X {}\n",
        ),
        // Not valid Rust for syn, but the lexical scan still counts it.
        (
            "src/broken.rs",
            "fn h() { unsafe {} } type A = Fn() + Send;\n",
        ),
    ];
    let a = analyze(&read_crate(&crate_of("g-0.1.0", &files), &Limits::default()).expect("ok"));
    let u = a.code.unsafe_counts;
    assert_eq!((u.blocks, u.functions, u.impls), (2, 1, 1), "{u:?}");
    assert_eq!(a.code.files_parsed, 3);
    // Every library-side file is counted lexically.
    assert_eq!(a.code.files_lexed, 3);
    assert_eq!(a.code.module_files, 1);
    // Files outside the module tree are not read as items, so no failure.
    assert!(
        a.code.parse_failures.is_empty(),
        "{:?}",
        a.code.parse_failures
    );
}

#[test]
fn big_module_files_keep_their_items_behind_data_tables() {
    // A 300 KB table in the module tree: read as tokens (the table is one
    // skipped group), items counted for coverage, unsafe counted.
    let table = "0x1234, ".repeat(40_000);
    let data = format!(
        "//! Tables.\n/// The table.\npub static TABLE: [u16; 40000] = [{table}];\n\
         pub static FNS: [fn(); 1] = [|| unsafe {{ core::hint::spin_loop() }}];\n\
         pub fn undocumented() {{ unsafe {{}} }}\n"
    );
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"t\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "//! Root.\npub mod data;\n"),
        ("src/data.rs", data.as_str()),
    ];
    let a = analyze(&read_crate(&crate_of("t-0.1.0", &files), &Limits::default()).expect("ok"));
    assert!(
        a.code.parse_failures.is_empty(),
        "{:?}",
        a.code.parse_failures
    );
    // Root, `data`, TABLE, FNS, undocumented: three documented.
    assert_eq!(
        (a.code.doc_coverage.total, a.code.doc_coverage.documented),
        (5, 3)
    );
    assert_eq!(a.code.unsafe_counts.blocks, 2, "{:?}", a.code.unsafe_counts);
    assert_eq!(a.code.files_lexed, 2);
    assert_eq!(a.code.module_files, 2);
}
