//! Hostile crates (built by `examples/hostile/cases.rs`, shared with the
//! measuring script `scripts/hostile.sh`): each must be analysed to the
//! end, with what was over a limit reported, never a crash. Asserted by
//! result, not by timing (the script measures time and memory).

#[path = "../../examples/hostile/cases.rs"]
mod cases;

fn check_all(large: bool) {
    let mut failures = Vec::new();
    for c in cases::cases().into_iter().filter(|c| c.large == large) {
        let outcome = cases::run(&(c.build)());
        if let Err(e) = (c.check)(&outcome) {
            failures.push(format!("{}: {e} ({})", c.name, cases::summary(&outcome)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_small_crates_end_with_their_limit_reported() {
    check_all(false);
}

#[test]
fn hostile_large_crates_end_with_their_limit_reported() {
    check_all(true);
}

#[test]
fn there_are_at_least_fifteen_distinct_hostile_crates() {
    let all = cases::cases();
    let names: std::collections::BTreeSet<&str> = all.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), all.len(), "duplicate case names");
    assert!(all.len() >= 15, "{} cases", all.len());
}

#[test]
fn a_deeply_nested_crate_is_analysed_on_a_small_caller_stack() {
    // The caller's stack does not matter: the analysis runs on its own
    // thread (and nesting inside bodies costs no recursion at all); the
    // caller here has 256 KiB.
    let bytes = (cases::cases()
        .into_iter()
        .find(|c| c.name == "parens-1000")
        .expect("case")
        .build)();
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || cases::summary(&cases::run(&bytes)))
        .expect("thread");
    let summary = handle.join().expect("no overflow, no panic");
    assert!(summary.contains("complete"), "{summary}");
}
