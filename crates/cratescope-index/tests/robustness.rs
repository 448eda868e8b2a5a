//! The index readers on arbitrary input: whatever a registry, a mirror or a
//! corrupted cargo cache serves, parsing returns releases or warnings and
//! never panics. A stable stand-in for the cargo-fuzz targets under fuzz/
//! (which run the same functions on nightly's libFuzzer for longer).

use cratescope_index::{parse_cache_file, parse_index_file, parse_index_line};
use proptest::prelude::*;

/// Index lines built from real field names with hostile values, so the
/// generator reaches the parser's interesting paths instead of failing at
/// the first byte.
fn line_strategy() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("demo".to_string()),
        Just("Demo".to_string()),
        "[a-z_-]{0,70}",
        ".{0,20}"
    ];
    let vers = prop_oneof![
        Just("1.0.0".to_string()),
        Just("1.0.0+meta".to_string()),
        Just("0.0.0-alpha.1".to_string()),
        "[0-9.a-z+-]{0,20}"
    ];
    let v = prop_oneof![
        Just(String::new()),
        (0u64..10).prop_map(|v| format!(",\"v\":{v}"))
    ];
    let pubtime = prop_oneof![
        Just(String::new()),
        Just(",\"pubtime\":\"2026-11-25T00:00:00Z\"".to_string()),
        ".{0,30}".prop_map(|t| format!(",\"pubtime\":{}", serde_json::json!(t))),
    ];
    let deps = prop::collection::vec(
        ("[a-z-]{0,12}", "[0-9^~<>=*., ]{0,12}", any::<bool>()).prop_map(|(n, r, o)| {
            format!(r#"{{"name":"{n}","req":"{r}","features":[],"optional":{o},"default_features":true,"target":null,"kind":"normal"}}"#)
        }),
        0..5,
    );
    (name, vers, v, pubtime, deps).prop_map(|(n, vers, v, p, d)| {
        format!(
            r#"{{"name":{},"vers":{},"deps":[{}],"cksum":"00","features":{{}},"yanked":false{v}{p}}}"#,
            serde_json::json!(n),
            serde_json::json!(vers),
            d.join(",")
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_index_file_reader(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes);
        let parsed = parse_index_file(&text);
        // Every non-blank line is a release or a warning, never lost silently.
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        prop_assert!(parsed.releases.len() + parsed.warnings.len() >= lines);
    }

    #[test]
    fn structured_lines_parse_or_explain(line in line_strategy()) {
        let mut warnings = Vec::new();
        match parse_index_line(&line, &mut warnings) {
            Ok(r) => prop_assert!(!r.version.to_string().is_empty()),
            Err(problem) => prop_assert!(!problem.to_string().is_empty()),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_cargo_cache_reader(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = parse_cache_file(&bytes);
    }

    #[test]
    fn cache_files_with_a_valid_header_and_garbage_entries(body in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = vec![3u8];
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(b"Unknown\0");
        bytes.extend_from_slice(&body);
        let _ = parse_cache_file(&bytes);
    }
}
