//! A local registry with one publishable crate (`demo-0` 1.0.0, depending
//! on the real `itoa` index entry) and offline evaluation options that read
//! it: what the server tests that evaluate on demand start from. Needs the
//! test binary's `registry` module (the CLI tests' fake registry).

use cratescope_engine::EvalOptions;
use jiff::civil::date;

use crate::registry::{FakeRegistry, dep, fixtures, line};

/// The registry, and evaluation options (offline, no git, the repository's
/// advisory snapshot, as of 2026-11-25) that read it.
pub fn registry_and_options() -> (FakeRegistry, EvalOptions) {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    let manifest = "[package]\nname = \"demo-0\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\ndescription = \"demo\"\n";
    let sum = reg.add_crate(
        "demo-0",
        "1.0.0",
        &[
            ("Cargo.toml", manifest),
            ("src/lib.rs", "//! Demo.\npub fn one() -> u32 { 1 }\n"),
        ],
    );
    reg.add_index(
        "demo-0",
        &line(
            "demo-0",
            "1.0.0",
            &sum,
            &dep("itoa", "^1"),
            false,
            "2026-02-01T10:00:00Z",
            "",
        ),
    );
    let mut eval = EvalOptions::new(date(2026, 11, 25));
    eval.offline = true;
    eval.cargo_home = Some(reg.cargo_home());
    eval.cache_dir = reg.cache_dir();
    eval.advisory_db = Some(fixtures().join("advisory-db"));
    eval.skip_git = true;
    (reg, eval)
}
