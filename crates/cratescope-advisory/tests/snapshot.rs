//! Tests against the real advisory-db snapshot in testdata/ (read-only;
//! tests that need to change files work on a copy in a tempdir).

use cratescope_advisory::{
    AdvisoryDb, AdvisoryError, AdvisoryKind, Collection, KindCounts, patch_speed, req_matches,
};
use jiff::Timestamp;
use semver::Version;
use std::path::{Path, PathBuf};

fn snapshot() -> PathBuf {
    std::env::var_os("CRATESCOPE_ADVISORY_FIXTURE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/advisory-db")
        })
}

fn load() -> AdvisoryDb {
    AdvisoryDb::load(&snapshot()).expect("snapshot loads")
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("valid timestamp in test")
}

fn v(s: &str) -> Version {
    Version::parse(s).expect("valid version in test")
}

/// The snapshot's commit date is 2026-08-21; evaluate shortly after it.
fn as_of() -> Timestamp {
    ts("2026-09-01T00:00:00Z")
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(dir).unwrap().flatten() {
        if sub.path().is_dir() {
            for f in std::fs::read_dir(sub.path()).unwrap().flatten() {
                if f.path().extension().is_some_and(|e| e == "md") {
                    out.push(f.path());
                }
            }
        }
    }
    out
}

#[test]
fn whole_snapshot_loads_without_warnings() {
    let db = load();
    let files =
        md_files(&snapshot().join("crates")).len() + md_files(&snapshot().join("rust")).len();
    assert_eq!(db.len(), files, "every advisory file becomes one advisory");
    assert!(db.warnings().is_empty(), "{:?}", db.warnings());
    assert_eq!(
        db.last_commit, None,
        "the snapshot is a plain copy, not a checkout"
    );
    // Per-crate lookups cover the crates/ collection only.
    assert!(
        db.iter()
            .any(|a| a.collection == Collection::Rust && a.package == "std")
    );
    assert_eq!(db.for_crate("std").count(), 0);
}

#[test]
fn failure_is_unmaintained() {
    let db = load();
    let unmaintained = db.unmaintained("failure", as_of());
    assert_eq!(unmaintained.len(), 1);
    let a = unmaintained[0];
    assert_eq!(a.id, "RUSTSEC-2020-0036");
    assert_eq!(a.title, "failure is officially deprecated/unmaintained");
    assert!(a.is_active());
    // Its latest release, 0.1.8, is flagged both unmaintained and unsound.
    let m = db.affecting("failure", &v("0.1.8"), as_of());
    assert_eq!(m.unmaintained.len(), 1);
    assert_eq!(m.unsound.len(), 1);
    assert_eq!(m.unsound[0].id, "RUSTSEC-2019-0036");
    // Before the advisory was published it did not exist yet.
    assert!(
        db.unmaintained("failure", ts("2020-05-01T12:00:00Z"))
            .is_empty()
    );
}

#[test]
fn patched_vulnerability_smallvec() {
    let db = load();
    let a = db
        .for_crate("smallvec")
        .find(|a| a.id == "RUSTSEC-2021-0003")
        .expect("smallvec advisory present");
    assert_eq!(a.kind, AdvisoryKind::Vulnerability);
    assert!(a.affects(&v("1.6.0")));
    assert!(!a.affects(&v("1.6.1")));
    assert!(a.affects(&v("0.6.13")));
    assert!(!a.affects(&v("0.6.14")), "backported fix on the 0.6 line");
    assert!(!a.affects(&v("0.6.2")), "unaffected before the bug");

    let vulnerable = db.affecting("smallvec", &v("1.6.0"), as_of());
    assert!(
        vulnerable
            .vulnerabilities
            .iter()
            .any(|a| a.id == "RUSTSEC-2021-0003")
    );
    assert!(db.affecting("smallvec", &v("1.6.1"), as_of()).is_empty());
    // Crate names match the way crates.io does.
    assert_eq!(
        db.for_crate("SmallVec").count(),
        db.for_crate("smallvec").count()
    );

    // Releases as the caller would pass them (version, publish time).
    let releases = vec![
        (v("1.5.1"), ts("2020-11-30T10:00:00Z")),
        (v("1.6.0"), ts("2020-12-22T10:00:00Z")),
        (v("1.7.0-alpha.1"), ts("2021-01-09T10:00:00Z")),
        (v("1.6.1"), ts("2021-01-11T23:00:00Z")),
        (v("0.6.14"), ts("2021-01-12T10:00:00Z")),
    ];
    let speed = patch_speed(a, &releases).expect("a patched release exists");
    assert_eq!(
        speed.first_patched,
        v("1.6.1"),
        "the pre-release is not counted"
    );
    assert_eq!(speed.days, 3);
    assert!(!speed.fixed_before_advisory);

    // A fix published before the advisory (coordinated disclosure) is 0 days.
    let early = vec![
        (v("1.6.1"), ts("2021-01-05T10:00:00Z")),
        (v("1.6.2"), ts("2021-02-01T10:00:00Z")),
    ];
    let speed = patch_speed(a, &early).expect("a patched release exists");
    assert_eq!((speed.first_patched.clone(), speed.days), (v("1.6.1"), 0));
    assert!(speed.fixed_before_advisory);

    // Nothing fixed yet, or an unmaintained advisory with no patched list.
    assert!(patch_speed(a, &releases[..2]).is_none());
    let failure = db.unmaintained("failure", as_of())[0];
    assert!(patch_speed(failure, &[(v("0.1.8"), ts("2020-06-01T00:00:00Z"))]).is_none());
}

#[test]
fn withdrawn_advisory_has_no_effect() {
    let db = load();
    let a = db
        .for_crate("humantime")
        .find(|a| a.id == "RUSTSEC-2025-0014")
        .expect("humantime advisory present");
    assert_eq!(a.kind, AdvisoryKind::Unmaintained);
    assert!(a.withdrawn.is_some());
    assert!(!a.is_active());
    assert!(a.affects(&v("2.1.0")), "it would apply if it stood");
    assert!(db.unmaintained("humantime", as_of()).is_empty());
    assert!(db.affecting("humantime", &v("2.1.0"), as_of()).is_empty());
    // Between publication (03-08) and withdrawal (03-12) it did stand.
    assert_eq!(
        db.unmaintained("humantime", ts("2025-03-10T00:00:00Z"))
            .len(),
        1
    );
}

/// Independent count: a plain line scan of the files, no TOML parser.
fn scan_counts(root: &Path) -> KindCounts {
    let mut c = KindCounts::default();
    for path in md_files(&root.join("crates")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut kind = None;
        let mut withdrawn = false;
        for line in text.lines().skip(1).take_while(|l| l.trim() != "```") {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("informational") {
                kind = rest.split('"').nth(1).map(str::to_owned);
            }
            if line.starts_with("withdrawn") {
                withdrawn = true;
            }
        }
        c.total += 1;
        c.withdrawn += usize::from(withdrawn);
        match kind.as_deref() {
            None => c.vulnerabilities += 1,
            Some("unmaintained") => c.unmaintained += 1,
            Some("unsound") => c.unsound += 1,
            Some("notice") => c.notice += 1,
            Some(_) => c.other += 1,
        }
    }
    c
}

#[test]
fn counts_match_an_independent_line_scan() {
    let db = load();
    let counts = db.counts();
    assert_eq!(counts, scan_counts(&snapshot()));
    assert_eq!(
        counts.total,
        counts.vulnerabilities
            + counts.unmaintained
            + counts.unsound
            + counts.notice
            + counts.other
    );
    // Printed for the report (visible with --nocapture).
    println!("{counts:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn one_corrupt_file_is_skipped_with_one_warning() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&snapshot().join("crates"), &tmp.path().join("crates"));
    copy_dir(&snapshot().join("rust"), &tmp.path().join("rust"));
    let victim = tmp.path().join("crates/smallvec/RUSTSEC-2021-0003.md");
    let text = std::fs::read_to_string(&victim).unwrap();
    // A realistic corruption: an unparsable version requirement.
    std::fs::write(&victim, text.replace(">= 1.6.1", ">= 1.six.1")).unwrap();

    let db = AdvisoryDb::load(tmp.path()).expect("database still loads");
    assert_eq!(db.len(), load().len() - 1);
    assert_eq!(db.warnings().len(), 1);
    let w = &db.warnings()[0];
    assert_eq!(w.path, victim);
    assert!(
        w.reason.contains("invalid advisory metadata"),
        "{}",
        w.reason
    );
    println!("warning: {}: {}", w.path.display(), w.reason);
    assert!(
        db.for_crate("smallvec")
            .all(|a| a.id != "RUSTSEC-2021-0003")
    );
    assert_eq!(
        db.unmaintained("failure", as_of()).len(),
        1,
        "the rest is intact"
    );
}

#[test]
fn missing_crates_dir_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let err = AdvisoryDb::load(tmp.path()).unwrap_err();
    assert!(matches!(err, AdvisoryError::MissingCratesDir { .. }));
    assert!(err.to_string().contains("has no `crates/` directory"));
}

#[test]
fn matcher_agrees_with_cargo_on_stable_versions() {
    let db = load();
    let mut checked = 0usize;
    for a in db.iter() {
        for req in a.patched.iter().chain(&a.unaffected) {
            // Probe every version around each number the requirement names.
            let mut probes = Vec::new();
            for c in &req.comparators {
                let (ma, mi, pa) = (c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0));
                for dma in 0..=1u64 {
                    for dmi in 0..=1u64 {
                        for dpa in 0..=1u64 {
                            probes.push(Version::new(ma + dma, mi + dmi, pa + dpa));
                            probes.push(Version::new(
                                ma.saturating_sub(dma),
                                mi.saturating_sub(dmi),
                                pa.saturating_sub(dpa),
                            ));
                        }
                    }
                }
            }
            for p in probes {
                assert_eq!(
                    req_matches(req, &p),
                    req.matches(&p),
                    "{req} vs {p} in {}",
                    a.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "probed {checked}");
}

#[test]
fn advisories_serialise_round_trip() {
    let db = load();
    let a = db.for_crate("failure").next().unwrap().clone();
    let json = serde_json::to_string(&a).unwrap();
    let back: cratescope_advisory::Advisory = serde_json::from_str(&json).unwrap();
    assert_eq!(a, back);
}

#[test]
fn strict_load_accepts_the_whole_snapshot() {
    let strict = AdvisoryDb::load_strict(&snapshot()).expect("the real database is clean");
    assert_eq!(strict.len(), load().len());
    // Every CVSS vector of the real database scores (3.0, 3.1 and 4.0).
    let scored = strict.iter().filter(|a| a.cvss.is_some()).count();
    let vectors = strict
        .iter()
        .map(|a| a.path.clone())
        .filter(|p| {
            std::fs::read_to_string(snapshot().join(p))
                .unwrap()
                .lines()
                .any(|l| l.trim_start().starts_with("cvss"))
        })
        .count();
    assert_eq!(scored, vectors);
    assert!(scored > 400, "{scored}");
    // The newest advisory is close to the snapshot's commit (2026-08-21).
    let newest = strict.newest_date().unwrap();
    assert!(
        newest >= jiff::civil::date(2026, 8, 1) && newest <= jiff::civil::date(2026, 8, 21),
        "{newest}"
    );
}

#[test]
fn strict_load_names_every_file_that_does_not_parse() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&snapshot().join("crates"), &tmp.path().join("crates"));
    let a = tmp.path().join("crates/failure/RUSTSEC-2020-0036.md");
    let b = tmp.path().join("crates/smallvec/RUSTSEC-2021-0003.md");
    std::fs::write(&a, "").unwrap();
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, text.replace(">= 1.6.1", ">= 1.six.1")).unwrap();
    let err = AdvisoryDb::load_strict(tmp.path()).unwrap_err();
    let AdvisoryError::Unparsable { files, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(files.len(), 2);
    let msg = err.to_string();
    assert!(
        msg.contains("2 advisory file(s) that do not parse"),
        "{msg}"
    );
    assert!(
        msg.contains("crates/failure/RUSTSEC-2020-0036.md ("),
        "{msg}"
    );
    assert!(
        msg.contains("crates/smallvec/RUSTSEC-2021-0003.md ("),
        "{msg}"
    );
    // The tolerant loader still reads the rest.
    assert_eq!(AdvisoryDb::load(tmp.path()).unwrap().warnings().len(), 2);
}

#[test]
fn strict_load_refuses_an_empty_database() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("crates/somecrate")).unwrap();
    let err = AdvisoryDb::load_strict(tmp.path()).unwrap_err();
    assert!(matches!(err, AdvisoryError::Empty { .. }), "{err}");
    assert!(err.to_string().contains("holds no advisories"), "{err}");
    // Tolerant: an empty database is an empty database.
    assert!(AdvisoryDb::load(tmp.path()).unwrap().is_empty());
}
