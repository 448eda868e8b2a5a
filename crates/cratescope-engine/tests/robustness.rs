//! The engine's readers of user and CI input on arbitrary text (issue 17):
//! a Cargo.lock a CI job hands us, an audit policy, a catalog, a model
//! override. Whatever the bytes, each returns a value or an error naming
//! what is wrong, never panics, and never accepts a number that is not
//! finite. A stable harness in the normal test run (the CI smoke pass);
//! cargo-fuzz targets under fuzz/ run the crate readers for longer.

use std::path::Path;

use cratescope_engine::audit::{Lockfile, policy};
use cratescope_engine::catalog;
use cratescope_score::Model;
use proptest::prelude::*;

const LOCK: &str = r#"version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde 1.0.229", "demo"]

[[package]]
name = "serde"
version = "1.0.229"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "0000000000000000000000000000000000000000000000000000000000000000"

[[package]]
name = "demo"
version = "2.0.0"
source = "git+https://github.com/o/demo#0123456789abcdef0123456789abcdef01234567"
"#;

/// Numbers as TOML can spell them, the hostile ones included.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("-0.0".to_string()),
        Just("99999999999999999999".to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        any::<i64>().prop_map(|i| i.to_string()),
        "[0-9.eE+-]{1,8}",
    ]
}

/// A line of the real text replaced, cut, or repeated.
fn mutate(base: &'static str) -> impl Strategy<Value = String> {
    let lines = base.lines().count();
    (0..lines, ".{0,40}", 0usize..3).prop_map(move |(at, junk, how)| {
        let mut out: Vec<String> = base.lines().map(str::to_string).collect();
        match how {
            0 => out[at] = junk,
            1 => out.truncate(at),
            _ => out.insert(at, out[at].clone()),
        }
        out.join("\n")
    })
}

/// Whether a Debug rendering holds a NaN or an infinity (as its own token,
/// not inside a word like "informational").
fn non_finite(shown: &str) -> bool {
    shown
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| t == "NaN" || t == "inf")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lockfiles_parse_or_name_the_problem(text in prop_oneof![mutate(LOCK), ".{0,200}"]) {
        let _ = Lockfile::parse(&text, Path::new("Cargo.lock"));
    }

    #[test]
    fn policies_refuse_numbers_that_are_not_finite(
        key in prop_oneof![
            Just("min_composite"),
            Just("max_unsafe_density"),
            Just("min_scenario_stars"),
            Just("max_advisory_db_age_days"),
        ],
        n in number(),
    ) {
        let text = format!("[audit]\n{key} = {n}\n");
        if let Ok(p) = policy::from_toml_text(&text) {
            let shown = format!("{p:?}");
            prop_assert!(!non_finite(&shown), "{text} → {shown}");
        }
    }

    #[test]
    fn policies_of_any_text_do_not_panic(text in prop_oneof![
        ".{0,200}",
        "\\[audit\\]\n[a-z_]{1,20} = .{0,30}",
    ]) {
        let _ = policy::from_toml_text(&text);
    }

    #[test]
    fn catalogs_refuse_bad_weights(n in number()) {
        let text = format!(
            "version = 1\n[[category]]\nid = \"c\"\nname = {{ en = \"C\", zh = \"C\" }}\ncrates = [\"serde\"]\n[[category.scenario]]\nid = \"s\"\nname = {{ en = \"S\", zh = \"S\" }}\nweights = {{ usage = {n} }}\n"
        );
        if let Ok(c) = catalog::parse(&text) {
            let shown = format!("{c:?}");
            prop_assert!(!non_finite(&shown), "{text} → {shown}");
        }
    }

    #[test]
    fn catalogs_of_any_text_do_not_panic(text in ".{0,300}") {
        let _ = catalog::parse(&text);
    }

    #[test]
    fn model_overrides_refuse_numbers_that_are_not_finite(
        n in number(),
        which in 0usize..3,
    ) {
        let text = match which {
            0 => format!("[composite.weights]\nusage = {n}\n"),
            1 => format!("[[signal]]\nid = \"doc-coverage\"\nweight = {n}\n"),
            _ => format!("[[gate]]\nid = \"open-advisory\"\ncap = {n}\n"),
        };
        let table: toml::Table = match toml::from_str(&text) {
            Ok(t) => t,
            Err(_) => return Ok(()),
        };
        let o = cratescope_score::model::ModelOverrides(table);
        if let Ok(m) = Model::embedded().with_overrides(&o) {
            prop_assert!(m.validate().is_ok(), "{text}");
            prop_assert!(!non_finite(&format!("{m:?}")), "{text}");
        }
    }
}
