//! Parsing the real sparse-index files in `testdata/sparse-index`
//! (served by a mirror with `", "` separators), and their compact
//! crates.io-style re-serialisation.

use std::path::PathBuf;

use cratescope_index::{DepKind, parse_index_file};
use jiff::Timestamp;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/sparse-index")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Non-blank lines containing `needle` verbatim: an independent count to
/// check the parser against (the fixture's spacing is known).
fn count_lines_with(text: &str, needle: &str) -> usize {
    text.lines().filter(|l| l.contains(needle)).count()
}

#[test]
fn itoa_history() {
    let text = fixture("itoa");
    let parsed = parse_index_file(&text);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.releases.len(), text.lines().count());
    assert_eq!(parsed.releases.len(), 38);
    let first = &parsed.releases[0];
    assert_eq!(first.name, "itoa");
    assert_eq!(first.version, semver::Version::new(0, 1, 0));
    assert_eq!(
        first.pubtime,
        Some("2016-06-25T21:50:33Z".parse::<Timestamp>().unwrap())
    );
    let last = parsed.releases.last().unwrap();
    assert_eq!(last.version, semver::Version::new(1, 0, 19));
    assert_eq!(last.rust_version.as_deref(), Some("1.68"));
    assert!(parsed.releases.iter().all(|r| r.pubtime.is_some()));
    // Publish order is file order, and pubtimes never go backwards here.
    assert!(
        parsed
            .releases
            .windows(2)
            .all(|w| w[0].pubtime <= w[1].pubtime)
    );
    assert!(parsed.releases.iter().all(|r| r.cksum.len() == 64));
}

#[test]
fn semver_history() {
    let text = fixture("semver");
    let parsed = parse_index_file(&text);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.releases.len(), 66);
    let yanked = parsed.releases.iter().filter(|r| r.yanked).count();
    assert_eq!(yanked, count_lines_with(&text, "\"yanked\": true"));
    assert_eq!(yanked, 21);
    assert_eq!(count_lines_with(&text, "\"v\": 2"), 2);
    let with_msrv = parsed
        .releases
        .iter()
        .filter(|r| r.rust_version.is_some())
        .count();
    assert_eq!(with_msrv, 24);
    assert!(parsed.releases.iter().all(|r| r.links.is_none()));

    let r1027 = parsed
        .releases
        .iter()
        .find(|r| r.version == semver::Version::new(1, 0, 27))
        .unwrap();
    // features2 merged into features.
    assert_eq!(r1027.features["serde"], ["dep:serde"]);
    assert_eq!(r1027.features["default"], ["std"]);
    // The renamed dependency is keyed by the real package.
    let renamed = r1027.deps.iter().find(|d| d.alias.is_some()).unwrap();
    assert_eq!(renamed.name, "serde_core");
    assert_eq!(renamed.alias.as_deref(), Some("serde"));
    assert!(renamed.optional && !renamed.default_features);
    assert_eq!(renamed.kind, DepKind::Normal);
    let plain = r1027.deps.iter().find(|d| d.alias.is_none()).unwrap();
    assert_eq!(plain.name, "serde");
    assert_eq!(plain.target.as_deref(), Some("cfg(any())"));

    let r1028 = parsed.releases.last().unwrap();
    assert_eq!(r1028.version, semver::Version::new(1, 0, 28));
    let criterion = r1028.deps.iter().find(|d| d.name == "criterion").unwrap();
    assert_eq!(criterion.kind, DepKind::Dev);
    assert_eq!(criterion.target.as_deref(), Some("cfg(not(miri))"));
}

#[test]
fn compact_reserialisation_parses_the_same() {
    for name in ["itoa", "semver"] {
        let text = fixture(name);
        let compact: String = text
            .lines()
            .map(|l| {
                let value: serde_json::Value = serde_json::from_str(l).unwrap();
                serde_json::to_string(&value).unwrap() + "\n"
            })
            .collect();
        assert_ne!(compact, text);
        assert!(!compact.contains("\", \""));
        assert_eq!(
            parse_index_file(&compact),
            parse_index_file(&text),
            "{name}"
        );
    }
}

#[test]
fn damaged_fixture_lines_are_skipped_with_line_numbers() {
    let text = fixture("itoa");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Line 3 cut in half, line 5 from a future schema.
    let half = lines[2].len() / 2;
    lines[2].truncate(half);
    lines[4] = lines[4].replace("\"yanked\": false", "\"yanked\": false, \"v\": 3");
    let parsed = parse_index_file(&lines.join("\n"));
    assert_eq!(parsed.releases.len(), 36);
    assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    // Each warning says where (the line) and why (the problem), as data.
    let place = |w: &cratescope_model::Message| w.get("place").cloned();
    let why = |w: &cratescope_model::Message| match w.get("why") {
        Some(cratescope_model::Arg::Message(m)) => (**m).clone(),
        other => panic!("{other:?}"),
    };
    let line = |n: u64| {
        Some(cratescope_model::Arg::from(cratescope_model::msg!(
            "index-where-line",
            n = n
        )))
    };
    assert_eq!(place(&parsed.warnings[0]), line(3));
    assert_eq!(why(&parsed.warnings[0]).id, "index-line-malformed");
    assert_eq!(place(&parsed.warnings[1]), line(5));
    assert_eq!(
        why(&parsed.warnings[1]),
        cratescope_model::msg!("index-line-schema", v = 3u32)
    );
}
