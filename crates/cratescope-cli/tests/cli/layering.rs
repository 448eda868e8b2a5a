//! The layering of ARCHITECTURE.md, checked on the real dependency graph:
//! `cargo tree -e normal` of each crate, as cargo resolves it when that
//! crate is built alone. Fails when the model, score or store crates pull in
//! an async runtime, an HTTP client or git, when the model depends on more
//! than serde, semver and jiff, or when a source crate depends on scoring.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Packages (names) in the normal-dependency tree of a workspace crate.
fn normal_tree(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(cargo)
        .current_dir(&root)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "-p",
            package,
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

const HEAVY: [&str; 3] = ["tokio", "reqwest", "gix"];

#[test]
fn model_score_and_store_stay_light() {
    for krate in ["cratescope-model", "cratescope-score", "cratescope-store"] {
        let tree = normal_tree(krate);
        assert!(
            tree.contains(krate),
            "{krate} not in its own tree: {tree:?}"
        );
        for heavy in HEAVY {
            assert!(
                !tree.contains(heavy),
                "{krate} depends on {heavy}: {tree:?}"
            );
        }
        let ours: Vec<&String> = tree
            .iter()
            .filter(|p| p.starts_with("cratescope") && *p != krate && *p != "cratescope-model")
            .collect();
        assert!(ours.is_empty(), "{krate} depends on {ours:?}");
    }
}

#[test]
fn the_model_is_plain_data() {
    let direct: BTreeSet<String> = {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let out = Command::new(cargo)
            .current_dir(&root)
            .args([
                "tree",
                "--locked",
                "--offline",
                "-e",
                "normal",
                "--depth",
                "1",
                "--prefix",
                "none",
                "--format",
                "{p}",
                "-p",
                "cratescope-model",
            ])
            .output()
            .expect("cargo tree runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    let allowed: BTreeSet<String> = ["cratescope-model", "serde", "semver", "jiff"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(direct, allowed);
}

#[test]
fn sources_never_score_and_nothing_points_back_up() {
    for source in [
        "cratescope-http",
        "cratescope-index",
        "cratescope-analyze",
        "cratescope-git",
        "cratescope-advisory",
        "cratescope-online",
        "cratescope-dump",
    ] {
        let tree = normal_tree(source);
        for upper in [
            "cratescope-score",
            "cratescope-engine",
            "cratescope-report",
            "cratescope-store",
            "cratescope-cli",
        ] {
            assert!(!tree.contains(upper), "{source} depends on {upper}");
        }
    }
    let report = normal_tree("cratescope-report");
    for lower in [
        "cratescope-engine",
        "cratescope-store",
        "tokio",
        "reqwest",
        "gix",
    ] {
        assert!(
            !report.contains(lower),
            "the report crate depends on {lower}"
        );
    }
}
