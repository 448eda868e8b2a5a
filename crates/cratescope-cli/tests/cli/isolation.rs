//! Defence in depth (issue 26): the source of a crate is analysed in a
//! worker process, so an analysis that crashes ends only itself. The crash
//! is forced with the worker's test switch (`CRATESCOPE_TEST_WORKER_CRASH_ON`,
//! see `cratescope_engine::analysis`): the worker aborts on the crate whose
//! source holds the marker. The run goes on, the other crate is analysed in
//! full by a fresh worker, and the crashed one says it was not analysed,
//! stopped at its limit.

use std::time::Duration;

use crate::registry::{FakeRegistry, line};

const MARKER: &str = "crash-marker-7f3a9c";

fn add(reg: &FakeRegistry, name: &str, lib: &str) {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n"
    );
    let files = [("Cargo.toml", manifest.as_str()), ("src/lib.rs", lib)];
    let sum = reg.add_crate(name, "1.0.0", &files);
    reg.add_index(
        name,
        &line(name, "1.0.0", &sum, "", false, "2025-01-01T00:00:00Z", ""),
    );
}

#[test]
fn a_crashing_analysis_ends_only_itself() {
    let reg = FakeRegistry::new();
    add(
        &reg,
        "boom",
        &format!("//! Docs.\n/// One.\npub fn one() {{}}\n// {MARKER}\n"),
    );
    add(
        &reg,
        "calm",
        "//! Docs.\n/// One.\npub fn one() {}\npub fn two() {}\n",
    );
    let out = reg
        .command()
        .env("CRATESCOPE_NOW", "2026-11-25")
        .env("CRATESCOPE_TEST_WORKER_CRASH_ON", MARKER)
        .args(["eval", "--offline", "--format", "json", "boom", "calm"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    // Both cards, in the order asked.
    let cards: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let cards = cards.as_array().cloned().unwrap_or_else(|| vec![cards]);
    assert_eq!(cards.len(), 2, "{stdout}");
    assert_eq!(cards[0]["crate"], "boom");
    assert_eq!(cards[1]["crate"], "calm");
    // The crashed analysis is said, typed, and its signals are unavailable.
    assert!(
        stdout.contains("stopped at its limit") || stderr.contains("stopped at its limit"),
        "{stdout}\n{stderr}"
    );
    let boom = cards[0].to_string();
    assert!(!boom.contains("\"avoid\""), "a crash is no verdict: {boom}");
    // The other crate was analysed in full after the crash.
    let calm = cards[1].to_string();
    assert!(!calm.contains("stopped at its limit"), "{calm}");
    // Without the switch the same crate is analysed normally.
    let normal = reg
        .command()
        .env("CRATESCOPE_NOW", "2026-11-25")
        .args(["eval", "--offline", "--format", "json", "boom"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&normal.stdout).to_string()
        + &String::from_utf8_lossy(&normal.stderr);
    assert!(normal.status.success(), "{text}");
    assert!(!text.contains("stopped at its limit"), "{text}");
}
