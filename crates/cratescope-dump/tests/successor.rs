//! Candidate successors gathered by the import (issue 25): same repository
//! after normalisation, an owner in common, created later, with the name
//! relation and the dependents who moved, on a dump in the real layout.

mod common;

use std::sync::Arc;

use common::{TOP, files, successor_world, write_tar_gz};
use cratescope_dump::{ImportOptions, Silent, ensure_imported};
use jiff::civil::date;

#[tokio::test]
async fn candidates_carry_the_evidence_a_gate_needs() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("d.tar.gz");
    write_tar_gz(&archive, TOP, &files(&successor_world()));
    let e = ensure_imported(
        &archive,
        &dir.path().join("t.sqlite"),
        &ImportOptions::default(),
        Arc::new(Silent),
    )
    .await
    .unwrap();
    let today = date(2026, 11, 25);
    let facts = |n: &'static str| {
        let t = e.table.clone();
        async move { t.facts(n, today).await.unwrap().unwrap() }
    };

    let old = facts("oldname").await.successor_candidates;
    // fresh-fork shares the repository, not an owner: not a candidate.
    assert_eq!(
        old.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["newname"]
    );
    let c = &old[0];
    assert_eq!(c.shared_owners, 1);
    assert!(!c.related_name);
    // user-a, user-b, user-c, user-d moved; user-d shares user-a's owner.
    assert_eq!((c.migrated_dependents, c.migrated_owners), (4, 3));
    assert_eq!(
        c.last_release,
        Some("2026-09-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(
        c.predecessor_last_release,
        Some("2020-06-01T00:00:00Z".parse().unwrap())
    );

    let mono = facts("mono-core").await.successor_candidates;
    let names: Vec<&str> = mono.iter().map(|c| c.name.as_str()).collect();
    // The sibling one dependent moved to first, then by name.
    assert_eq!(names, ["mono-extra", "mono-cli"]);
    assert_eq!(mono[0].migrated_owners, 1);
    assert!(mono.iter().all(|c| !c.related_name));

    let parser = facts("parser").await.successor_candidates;
    assert_eq!(parser.len(), 1);
    assert!(parser[0].related_name, "parser → parser2");
    assert_eq!(parser[0].shared_owners, 1, "the team");

    // The newer crate has none; a past day has none (not reconstructed).
    assert!(facts("newname").await.successor_candidates.is_empty());
    let past = e
        .table
        .facts("oldname", date(2024, 1, 1))
        .await
        .unwrap()
        .unwrap();
    assert!(past.successor_candidates.is_empty());

    // The ecosystem in memory says the same.
    let eco = e.table.ecosystem().await.unwrap();
    let x = eco.find("oldname").unwrap();
    assert_eq!(eco.successor_candidates(x), old.as_slice());
    assert_eq!(eco.facts(x, today).successor_candidates, old);
}
