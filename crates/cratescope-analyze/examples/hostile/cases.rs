//! Hostile `.crate`s, built in memory, with what the analysis must say
//! about each. Shared by the integration tests (which assert the results)
//! and the `hostile` example (which `scripts/hostile.sh` runs under
//! `/usr/bin/time -v` to measure time and peak memory per case).

#![allow(dead_code)]

use cratescope_analyze::{
    AnalysisLimit, AnalysisLimits, Limits, PackageFacts, analyze_with, read_crate,
};
use flate2::Compression;
use flate2::write::GzEncoder;

/// The top folder of every case.
pub const TOP: &str = "h-0.1.0";

/// The manifest of every case that does not bring its own.
pub const MANIFEST: &str = "[package]\nname = \"h\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

/// What reading and analysing a case gave.
pub type Outcome = Result<PackageFacts, String>;

/// One hostile crate.
pub struct Case {
    /// Kebab-case name (the test and the example take it).
    pub name: &'static str,
    /// What it is, for the table.
    pub what: &'static str,
    /// Builds the `.crate` bytes.
    pub build: fn() -> Vec<u8>,
    /// Checks the outcome: `Err` says what is wrong.
    pub check: fn(&Outcome) -> Result<(), String>,
    /// Big enough that the test suite runs it only in the `hostile_large`
    /// test (still run by `cargo test`).
    pub large: bool,
}

/// A tar header whose name bytes are written verbatim (no validation).
fn raw_header(name: &[u8], size: u64) -> tar::Header {
    let mut h = tar::Header::new_old();
    {
        let old = h.as_old_mut();
        let n = name.len().min(old.name.len());
        old.name[..n].copy_from_slice(&name[..n]);
    }
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    h
}

/// Writes bits least-significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: most-significant bit first.
    fn code(&mut self, code: u64, bits: u32) {
        let mut rev = 0;
        for i in 0..bits {
            rev |= ((code >> i) & 1) << (bits - 1 - i);
        }
        self.put(rev, bits);
    }

    /// A literal byte with deflate's fixed Huffman code.
    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u64::from(b), 8);
        } else {
            self.code(0x190 + u64::from(b - 144), 9);
        }
    }
}

/// A gzip stream of `prefix` then `zeros` zero bytes, written directly as
/// one fixed-Huffman deflate block of back-references (258 bytes at
/// distance 1 in 13 bits): 1.5 GiB take 10 MB and no compression time. The
/// trailer's checksum is left zero; a reader stops at its size cap first.
pub fn deflate_zero_bomb(prefix: &[u8], zeros: u64) -> Vec<u8> {
    let mut b = Bits {
        out: vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff],
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // BTYPE = fixed Huffman
    for &c in prefix {
        b.literal(c);
    }
    b.literal(0);
    let mut left = zeros.saturating_sub(1);
    while left >= 258 {
        b.code(0xc5, 8); // length code 285: 258 bytes
        b.code(0, 5); // distance code 0: distance 1
        left -= 258;
    }
    for _ in 0..left {
        b.literal(0);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out.extend_from_slice(&[0; 8]);
    b.out
}

/// A `.crate` of `files` (paths as given, under nothing: callers prefix
/// [`TOP`] themselves when they want it). Stored, not compressed, when
/// large: the cases are about what the analysis does with the bytes.
pub fn tarball(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let total: usize = files.iter().map(|(_, c)| c.len()).sum();
    let level = if total > 4 << 20 {
        Compression::none()
    } else {
        Compression::fast()
    };
    let gz = GzEncoder::new(Vec::new(), level);
    let mut b = tar::Builder::new(gz);
    for (name, data) in files {
        let h = raw_header(name.as_bytes(), data.len() as u64);
        b.append(&h, data.as_slice()).expect("append");
    }
    b.into_inner().expect("tar").finish().expect("gzip")
}

/// A crate under [`TOP`] with [`MANIFEST`] unless `files` has a manifest.
pub fn krate(files: Vec<(&str, Vec<u8>)>) -> Vec<u8> {
    let mut all: Vec<(String, Vec<u8>)> = Vec::new();
    if !files.iter().any(|(p, _)| *p == "Cargo.toml") {
        all.push((format!("{TOP}/Cargo.toml"), MANIFEST.as_bytes().to_vec()));
    }
    all.extend(files.into_iter().map(|(p, c)| (format!("{TOP}/{p}"), c)));
    tarball(&all)
}

fn lib(src: String) -> Vec<u8> {
    krate(vec![("src/lib.rs", src.into_bytes())])
}

/// Reads and analyses `bytes` with the default limits.
pub fn run(bytes: &[u8]) -> Outcome {
    let files = read_crate(bytes, &Limits::default()).map_err(|e| e.to_string())?;
    Ok(analyze_with(&files, &AnalysisLimits::default()))
}

/// One line for the table: what the analysis said.
pub fn summary(o: &Outcome) -> String {
    match o {
        Err(e) => format!("refused: {e}"),
        Ok(p) => {
            let c = &p.code;
            let mut s = format!(
                "{} module files, {} of {} documented",
                c.module_files, c.doc_coverage.documented, c.doc_coverage.total
            );
            match c.not_analysed.first() {
                Some(n) => {
                    s.push_str("; partial: ");
                    s.push_str(&n.describe());
                    if c.not_analysed.len() > 1 {
                        s.push_str(&format!(" (+{} more)", c.not_analysed.len() - 1));
                    }
                }
                None => s.push_str("; complete"),
            }
            if let Some(f) = c.parse_failures.first() {
                s.push_str(&format!("; parse failure in {}", f.path));
            }
            s
        }
    }
}

fn facts(o: &Outcome) -> Result<&PackageFacts, String> {
    o.as_ref()
        .map_err(|e| format!("expected an analysis, got refused: {e}"))
}

/// The analysis ran and hit `limit` on `path` (`None`: crate-wide) with at
/// least `found`; the doc-coverage figures say they are partial.
fn over(o: &Outcome, limit: AnalysisLimit, path: Option<&str>, found: u64) -> Result<(), String> {
    let p = facts(o)?;
    let hit = p
        .code
        .not_analysed
        .iter()
        .find(|n| n.limit == limit && n.path.as_deref() == path)
        .ok_or_else(|| format!("no {limit:?} hit on {path:?} in {:?}", p.code.not_analysed))?;
    if hit.found < found {
        return Err(format!("found {} < {found}", hit.found));
    }
    if hit.found <= hit.max && limit != AnalysisLimit::Internal {
        return Err(format!(
            "found {} is within the limit {}",
            hit.found, hit.max
        ));
    }
    if p.code.unsafe_partial().is_none() {
        return Err("unsafe counts not marked partial".into());
    }
    if hit.in_module_tree && p.code.docs_partial().is_none() {
        return Err("doc coverage not marked partial".into());
    }
    Ok(())
}

/// Read to the end with no limit hit, counting `total` items: deep
/// nesting inside bodies, attributes and macro arguments costs nothing,
/// since nothing there is parsed.
fn read_whole(total: u32) -> impl Fn(&Outcome) -> Result<(), String> {
    move |o| {
        let p = complete(o)?;
        (p.code.doc_coverage.total == total)
            .then_some(())
            .ok_or(format!("expected {total} items: {:?}", p.code.doc_coverage))
    }
}

fn complete(o: &Outcome) -> Result<&PackageFacts, String> {
    let p = facts(o)?;
    if !p.code.not_analysed.is_empty() {
        return Err(format!("unexpected limits hit: {:?}", p.code.not_analysed));
    }
    Ok(p)
}

/// `head` + `link` × `n` + `tail`, a newline every 1,000 links (lines
/// stay far under the per-line limit).
fn chain(head: &str, link: &str, n: usize, tail: &str) -> String {
    let mut s = String::with_capacity(head.len() + link.len() * n + n / 1000 + tail.len());
    s.push_str(head);
    for k in 0..n {
        s.push_str(link);
        if k % 1000 == 999 {
            s.push('\n');
        }
    }
    s.push_str(tail);
    s
}

/// A crate whose `src/big.md` of `size` bytes is included `per_item`
/// times on each of `items` functions (or at the crate root).
fn include_crate(size: usize, items: usize, per_item: usize, crate_level: bool) -> Vec<u8> {
    let mut md = b"```\nlet x = 1;\n```\n".to_vec();
    md.resize(size, b'x');
    let attr = if crate_level {
        "#![doc = include_str!(\"big.md\")]\n"
    } else {
        "#[doc = include_str!(\"big.md\")]\n"
    };
    let mut src = String::new();
    if crate_level {
        src.push_str(&attr.repeat(per_item));
    }
    for k in 0..items {
        if !crate_level {
            src.push_str(&attr.repeat(per_item));
        }
        src.push_str(&format!("pub fn f{k}() {{}}\n"));
    }
    krate(vec![("src/lib.rs", src.into_bytes()), ("src/big.md", md)])
}

/// Every case (see the module docs).
pub fn cases() -> Vec<Case> {
    vec![
        // Issue 26: shapes the first round's guards did not name. Bodies
        // are never parsed, so each is read to the end or stopped by a
        // budget that does not care about the shape.
        Case {
            name: "postfix-chain",
            what: "a call chain g()()()… of 1,000,000 links, lines under 1 MiB",
            build: || lib(chain("pub fn f() { g", "()", 1_000_000, " }\n")),
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "index-chain",
            what: "an index chain x[0][0]… of 1,000,000 links",
            build: || lib(chain("pub fn f() { x", "[0]", 1_000_000, "; }\n")),
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "method-field-chain",
            what: "x.a().b.c()… of 500,000 links",
            build: || lib(chain("pub fn f() { x", ".a().b", 500_000, "; }\n")),
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "const-postfix-chain",
            what: "a const initializer and an attribute value of 300,000 postfix links",
            build: || {
                let mut src = chain("/// C.\npub const C: u8 = g", "()", 300_000, ";\n");
                src.push_str(&chain("#[doc = g", "[0]", 300_000, "]\npub fn f() {}\n"));
                lib(src)
            },
            check: |o| read_whole(3)(o),
            large: false,
        },
        Case {
            name: "token-bomb",
            what: "an 8 MiB lib.rs of 8 million `;` tokens",
            build: || lib(chain("", ";", 8 << 20, "")),
            check: |o| over(o, AnalysisLimit::Tokens, Some("src/lib.rs"), 4 << 20),
            large: false,
        },
        Case {
            name: "expansion-work",
            what: "a zero-argument macro of 200,000 tokens called 5,000 times",
            build: || {
                let body = "pub fn f() {}\n".repeat(40_000);
                let calls = "a!();\n".repeat(5000);
                lib(format!("macro_rules! a {{ () => {{ {body} }}; }}\n{calls}"))
            },
            // Whichever budget the expansions exhaust first: the walk's
            // tokens or the graph's memory.
            check: |o| {
                over(o, AnalysisLimit::Tokens, None, 64 << 20)
                    .or_else(|_| over(o, AnalysisLimit::Memory, None, 256 << 20))
            },
            large: false,
        },
        Case {
            name: "include-one-item",
            what: "200 #[doc = include_str!(\"big.md\")] on one item, big.md 60 MiB",
            build: || include_crate(60 << 20, 1, 200, false),
            check: |o| read_whole(2)(o),
            large: true,
        },
        Case {
            name: "include-crate-level",
            what: "200 #![doc = include_str!(\"big.md\")] at the crate root, big.md 60 MiB",
            build: || include_crate(60 << 20, 1, 200, true),
            check: |o| {
                let p = complete(o)?;
                (p.code.crate_doc_chars == u32::MAX || p.code.crate_doc_chars > 1 << 20)
                    .then_some(())
                    .ok_or(format!("{} chars", p.code.crate_doc_chars))
            },
            large: true,
        },
        Case {
            name: "include-spread",
            what: "20,000 items each including a 60 MiB file",
            build: || include_crate(60 << 20, 20_000, 1, false),
            check: |o| read_whole(20_001)(o),
            large: true,
        },
        Case {
            name: "path-cycle",
            what: "326-byte #[path] cycle, two modules per file (lib → a → b → a/lib)",
            build: || {
                krate(vec![
                    (
                        "src/lib.rs",
                        b"#[path=\"a.rs\"] pub mod x;\n#[path=\"b.rs\"] pub mod y;\n".to_vec(),
                    ),
                    (
                        "src/a.rs",
                        b"#[path=\"b.rs\"] pub mod x;\n#[path=\"lib.rs\"] pub mod y;\n".to_vec(),
                    ),
                    (
                        "src/b.rs",
                        b"#[path=\"a.rs\"] pub mod x;\n#[path=\"b.rs\"] pub mod y;\n".to_vec(),
                    ),
                ])
            },
            check: |o| {
                let p = complete(o)?;
                (p.code.module_files == 3)
                    .then_some(())
                    .ok_or(format!("{} module files", p.code.module_files))
            },
            large: false,
        },
        Case {
            name: "parens-1000",
            what: "1,000 nested parentheses",
            build: || {
                lib(format!(
                    "pub fn f() -> u32 {{ {}1{} }}\n",
                    "(".repeat(1000),
                    ")".repeat(1000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "parens-20000",
            what: "20,000 nested parentheses",
            build: || {
                lib(format!(
                    "pub fn f() -> u32 {{ {}1{} }}\n",
                    "(".repeat(20_000),
                    ")".repeat(20_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "blocks-20000",
            what: "20,000 nested blocks",
            build: || {
                lib(format!(
                    "pub fn f() {{ {}{} }}\n",
                    "{".repeat(20_000),
                    "}".repeat(20_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "inline-modules-5000",
            what: "5,000 nested inline modules",
            build: || {
                lib(format!(
                    "{}pub fn f() {{}}{}\n",
                    "pub mod m { ".repeat(5000),
                    "}".repeat(5000)
                ))
            },
            // The walk recurses into inline modules: bounded at its depth.
            check: |o| over(o, AnalysisLimit::Nesting, Some("src/lib.rs"), 65),
            large: false,
        },
        Case {
            name: "generics-10000",
            what: "10,000 nested generic arguments",
            build: || {
                lib(format!(
                    "pub type T = {}u8{};\n",
                    "Vec<".repeat(10_000),
                    ">".repeat(10_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "arrays-20000",
            what: "20,000 nested array literals",
            build: || {
                lib(format!(
                    "pub fn f() {{ let _ = {}1{}; }}\n",
                    "[".repeat(20_000),
                    "]".repeat(20_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "closures-10000",
            what: "10,000 nested closures |x| |x| …",
            build: || {
                lib(format!(
                    "pub fn f() {{ let _ = {}1; }}\n",
                    "|x: u8| ".repeat(10_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "unary-100000",
            what: "a chain of 100,000 unary operators",
            build: || {
                lib(format!(
                    "pub fn f() -> bool {{ {}true }}\n",
                    "!".repeat(100_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "binary-200000",
            what: "1 + 1 + … with 200,000 operators",
            build: || {
                lib(format!(
                    "pub fn f() -> u32 {{ 1{} }}\n",
                    " + 1".repeat(200_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "else-if-100000",
            what: "an if / else if chain of 100,000 branches",
            build: || {
                lib(format!(
                    "pub fn f(a: bool) {{ if a {{}} {} }}\n",
                    "else if a {}\n".repeat(100_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "cfg-any-10000",
            what: "#[cfg(any(any(…)))] nested 10,000 deep",
            build: || {
                lib(format!(
                    "#[cfg({}unix{})]\npub fn f() {{}}\n",
                    "any(".repeat(10_000),
                    ")".repeat(10_000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "cfg-attr-5000",
            what: "#[cfg_attr(unix, cfg_attr(unix, …))] nested 5,000 deep",
            build: || {
                lib(format!(
                    "#[{}doc = \"x\"{}]\npub fn f() {{}}\n",
                    "cfg_attr(unix, ".repeat(5000),
                    ")".repeat(5000)
                ))
            },
            check: |o| read_whole(2)(o),
            large: false,
        },
        Case {
            name: "cfg-attr-100",
            what: "cfg_attr nested 100 deep (parsed; expansion capped at 8)",
            build: || {
                lib(format!(
                    "/// Doc.\n#[{}doc = \"x\"{}]\npub fn f() {{}}\n",
                    "cfg_attr(unix, ".repeat(100),
                    ")".repeat(100)
                ))
            },
            check: |o| {
                let p = complete(o)?;
                (p.code.doc_coverage.total == 2)
                    .then_some(())
                    .ok_or(format!("{:?}", p.code.doc_coverage))
            },
            large: false,
        },
        Case {
            name: "macro-groups-20000",
            what: "a macro call whose argument nests 20,000 groups",
            build: || {
                lib(format!(
                    "m! {{ {}{} }}\n",
                    "(".repeat(20_000),
                    ")".repeat(20_000)
                ))
            },
            check: |o| read_whole(1)(o),
            large: false,
        },
        Case {
            name: "macro-expansion-bomb",
            what: "macro_rules! a { () => { a!(); a!(); } } a!(); (2^64 expansions)",
            build: || {
                lib("macro_rules! a { () => { a!(); a!(); pub fn f() {} }; }\na!();\n".to_owned())
            },
            check: |o| {
                let p = facts(o)?;
                p.code
                    .not_analysed
                    .iter()
                    .any(|n| n.limit == AnalysisLimit::MacroExpansions)
                    .then_some(())
                    .ok_or_else(|| format!("{:?}", p.code.not_analysed))
            },
            large: false,
        },
        Case {
            name: "reexport-web-400",
            what: "400 public modules, each glob re-exporting all the others",
            build: || {
                let n = 400;
                let mut src = String::new();
                for i in 0..n {
                    src.push_str(&format!("pub mod m{i} {{ pub fn f{i}() {{}}\n"));
                    for j in 0..n {
                        src.push_str(&format!("pub use crate::m{j}::*;\n"));
                    }
                    src.push_str("}\n");
                }
                lib(src)
            },
            check: |o| {
                facts(o)?;
                Ok(())
            },
            large: false,
        },
        Case {
            name: "path-outside",
            what: "#[path] pointing outside the package (../../../etc/passwd)",
            build: || lib("#[path = \"../../../etc/passwd\"] pub mod x;\n".to_owned()),
            check: |o| {
                let p = complete(o)?;
                (p.code.missing_modules.len() == 1 && p.code.module_files == 1)
                    .then_some(())
                    .ok_or(format!("{:?}", p.code.missing_modules))
            },
            large: false,
        },
        Case {
            name: "traversal-entry",
            what: "tar entry h-0.1.0/../../etc/passwd",
            build: || {
                tarball(&[
                    (format!("{TOP}/Cargo.toml"), MANIFEST.as_bytes().to_vec()),
                    (format!("{TOP}/../../etc/passwd"), b"root:x:0:0\n".to_vec()),
                ])
            },
            check: |o| match o {
                Err(e) if e.contains("unsafe path") => Ok(()),
                other => Err(format!(
                    "expected an unsafe-path refusal, got {:?}",
                    other.as_ref().map(|_| ())
                )),
            },
            large: false,
        },
        Case {
            name: "absolute-entry",
            what: "tar entry /etc/passwd",
            build: || tarball(&[("/etc/passwd".to_owned(), b"root:x:0:0\n".to_vec())]),
            check: |o| match o {
                Err(e) if e.contains("unsafe path") => Ok(()),
                other => Err(format!(
                    "expected an unsafe-path refusal, got {:?}",
                    other.as_ref().map(|_| ())
                )),
            },
            large: false,
        },
        Case {
            name: "deep-manifest",
            what: "Cargo.toml with an array nested 100,000 deep",
            build: || {
                let toml = format!(
                    "{MANIFEST}x = {}1{}\n",
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                );
                krate(vec![
                    ("Cargo.toml", toml.into_bytes()),
                    ("src/lib.rs", b"pub fn f() {}\n".to_vec()),
                ])
            },
            check: |o| {
                let p = facts(o)?;
                p.warnings
                    .iter()
                    .any(|w| w.contains("Cargo.toml"))
                    .then_some(())
                    .ok_or_else(|| format!("no manifest warning in {:?}", p.warnings))
            },
            large: false,
        },
        Case {
            name: "deep-build-script",
            what: "build.rs nesting 20,000 parentheses",
            build: || {
                krate(vec![
                    (
                        "build.rs",
                        format!(
                            "fn main() {{ {}1{}; }}\n",
                            "(".repeat(20_000),
                            ")".repeat(20_000)
                        )
                        .into_bytes(),
                    ),
                    ("src/lib.rs", b"pub fn f() {}\n".to_vec()),
                ])
            },
            check: |o| {
                let p = facts(o)?;
                (p.manifest.build_script && p.manifest.build_script_cfgs.is_empty())
                    .then_some(())
                    .ok_or_else(|| "build script not read safely".to_owned())
            },
            large: false,
        },
        Case {
            name: "garbage-bytes",
            what: "lib.rs of invalid UTF-8 and unbalanced delimiters",
            build: || {
                let mut b = b"pub fn f() { ((( ]]] \xff\xfe\x00 ".to_vec();
                b.extend(std::iter::repeat_n(b'{', 10_000));
                krate(vec![("src/lib.rs", b)])
            },
            check: |o| {
                let p = facts(o)?;
                (!p.code.parse_failures.is_empty())
                    .then_some(())
                    .ok_or_else(|| "no parse failure recorded".to_owned())
            },
            large: false,
        },
        Case {
            name: "line-2mib",
            what: "lib.rs whose single line is 2 MiB",
            build: || {
                lib(format!(
                    "pub const A: &[u8] = &[{}];",
                    "0,".repeat(1024 * 1024)
                ))
            },
            check: |o| {
                over(
                    o,
                    AnalysisLimit::LineBytes,
                    Some("src/lib.rs"),
                    2 * 1024 * 1024,
                )
            },
            large: false,
        },
        Case {
            name: "many-files-25000",
            what: "25,000 module files of one function each",
            build: || {
                let n = 25_000;
                let mut root = String::new();
                let mut files = Vec::new();
                for i in 0..n {
                    root.push_str(&format!("pub mod m{i};\n"));
                    files.push((
                        format!("src/m{i}.rs"),
                        format!("/// F.\npub fn f{i}() {{}}\n").into_bytes(),
                    ));
                }
                let mut all: Vec<(&str, Vec<u8>)> = vec![("src/lib.rs", root.into_bytes())];
                all.extend(files.iter().map(|(p, c)| (p.as_str(), c.clone())));
                krate(all)
            },
            check: |o| {
                over(o, AnalysisLimit::Modules, None, 20_001)?;
                let p = facts(o)?;
                // The root and 19,999 module files were walked, no more.
                (p.code.module_files == 20_000)
                    .then_some(())
                    .ok_or(format!("{} module files", p.code.module_files))
            },
            large: true,
        },
        Case {
            name: "file-60mib",
            what: "a 60 MiB .rs module file",
            build: || {
                let line = b"pub fn f() -> u32 { 1 + 2 }\n";
                let data: Vec<u8> = line.iter().copied().cycle().take(60 << 20).collect();
                krate(vec![
                    ("src/lib.rs", b"pub mod data;\n".to_vec()),
                    ("src/data.rs", data),
                ])
            },
            check: |o| over(o, AnalysisLimit::FileBytes, Some("src/data.rs"), 60 << 20),
            large: true,
        },
        Case {
            name: "single-line-50mib",
            what: "a 50 MiB lib.rs on one line",
            build: || {
                let mut src = b"pub const A: &[u8] = &[".to_vec();
                while src.len() < 50 << 20 {
                    src.extend_from_slice(b"0,");
                }
                src.extend_from_slice(b"];");
                krate(vec![("src/lib.rs", src)])
            },
            check: |o| over(o, AnalysisLimit::FileBytes, Some("src/lib.rs"), 50 << 20),
            large: true,
        },
        Case {
            name: "readme-50mib-line",
            what: "a 50 MiB README line of images and <img tags",
            build: || {
                let mut r = Vec::new();
                while r.len() < 50 << 20 {
                    r.extend_from_slice(b"<img src=x ![a](b) ");
                }
                krate(vec![
                    ("README.md", r),
                    ("src/lib.rs", b"pub fn f() {}\n".to_vec()),
                ])
            },
            check: |o| {
                let p = complete(o)?;
                (p.readme.badges == 0 && p.readme.path.is_some())
                    .then_some(())
                    .ok_or_else(|| format!("{:?}", p.readme))
            },
            large: true,
        },
        Case {
            name: "gzip-bomb",
            what: "a gzip bomb inflating to 1.5 GiB",
            build: || {
                let size: u64 = 3 << 29;
                let h = raw_header(format!("{TOP}/zeros.rs").as_bytes(), size);
                deflate_zero_bomb(h.as_bytes(), size)
            },
            check: |o| match o {
                Err(e) if e.contains("inflates to more than") => Ok(()),
                other => Err(format!(
                    "expected the inflate cap, got {:?}",
                    other.as_ref().map(|_| ())
                )),
            },
            large: true,
        },
    ]
}
