//! The budgets of issue 26 under libFuzzer: the input drives a shape
//! generator (which link repeats, how often, how many items include one
//! doc file how many times, how many zero-argument expansions) and small
//! limits (tokens per file, work per view, memory per crate, wall time),
//! so every budget is exceeded often. The analysis must end every time,
//! report what it exceeded as that limit, and never record a limit whose
//! found value is within it.
#![no_main]

use cratescope_analyze::{AnalysisLimit, AnalysisLimits, CrateFiles, analyze_with};
use libfuzzer_sys::fuzz_target;

const LINKS: &[&str] = &["()", "[0]", ".a()", ".b", "?", " + 1", " as u8", "((", "))", "{", "}", "!", "|x| ", "<", ">", ";", ","];

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let reps = usize::from(u16::from_le_bytes([data[0], data[1]])) * 4;
    let includes = usize::from(data[2]);
    let calls = usize::from(data[3]) * 8;
    let caps = data[4];
    let links: String = data[5..]
        .iter()
        .take(64)
        .map(|b| LINKS[usize::from(*b) % LINKS.len()])
        .collect();
    let mut src = String::from("macro_rules! z { () => { pub fn zz() {} pub struct Z; }; }\n");
    src.push_str(&"#[doc = include_str!(\"big.md\")]\n".repeat(includes % 32));
    src.push_str(&format!("pub fn f() {{ x{} }}\n", links.repeat(reps)));
    src.push_str(&"z!();\n".repeat(calls));
    for k in 0..includes {
        src.push_str(&format!("#[doc = include_str!(\"big.md\")]\npub fn g{k}() {{}}\n"));
    }
    let files = CrateFiles::from_files(
        "f-1.0.0",
        vec![
            ("Cargo.toml".to_owned(), b"[package]\nname = \"f\"\nversion = \"1.0.0\"\n".to_vec()),
            ("src/lib.rs".to_owned(), src.into_bytes()),
            ("src/big.md".to_owned(), vec![b'x'; 4096 * usize::from(caps % 16)]),
        ],
    );
    let limits = AnalysisLimits {
        max_file_tokens: 1 << (8 + caps % 12),
        max_work_tokens: 1 << (10 + (caps >> 4) % 12),
        max_memory_bytes: 1 << (14 + caps % 10),
        ..AnalysisLimits::default()
    };
    let a = analyze_with(&files, &limits);
    for n in &a.code.not_analysed {
        assert!(n.limit != AnalysisLimit::Internal, "{n:?}");
        if matches!(n.limit, AnalysisLimit::Tokens | AnalysisLimit::Memory) {
            assert!(n.found > n.max, "{n:?}");
        }
    }
});
