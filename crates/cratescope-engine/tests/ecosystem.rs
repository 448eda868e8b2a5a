//! The ecosystem view on a small dump in the real layout whose right answers
//! are constructed (`eco_world`): a healthy crate, an abandoned one its
//! dependents migrated away from, an emerging one, an all-yanked one.

#[path = "../../cratescope-dump/tests/common/mod.rs"]
mod dumpgen;

use std::path::{Path, PathBuf};

use cratescope_engine::ecosystem::{EcosystemError, SelectionKind, View};
use cratescope_engine::{EvalOptions, Evaluator};
use cratescope_model::Tier;
use cratescope_model::ecosystem::{DeepOnly, Depth, TrendDirection};
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 11, 25);

struct Env {
    _dir: tempfile::TempDir,
    dump: PathBuf,
    advisories: PathBuf,
    cache: PathBuf,
}

fn env() -> Env {
    env_of(&dumpgen::eco_world())
}

fn env_of(world: &dumpgen::World) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("db-dump.tar.gz");
    dumpgen::write_tar_gz(&dump, dumpgen::TOP, &dumpgen::files(world));
    let advisories = dir.path().join("advisory-db");
    let (path, text) = dumpgen::ECO_ADVISORY;
    std::fs::create_dir_all(advisories.join(Path::new(path).parent().unwrap())).unwrap();
    std::fs::write(advisories.join(path), text).unwrap();
    let cache = dir.path().join("cache");
    Env {
        _dir: dir,
        dump,
        advisories,
        cache,
    }
}

fn view_at(e: &Env, as_of: Date) -> View {
    let mut o = EvalOptions::new(as_of);
    o.today = TODAY;
    o.offline = true;
    o.cache_dir = e.cache.clone();
    o.cargo_home = Some(e.cache.join("no-cargo-home"));
    o.db_dump = Some(e.dump.clone());
    o.advisory_db = Some(e.advisories.clone());
    let ev = Evaluator::new(o).unwrap();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(View::open(&ev))
        .unwrap()
}

fn names<T>(list: &[T], name: impl Fn(&T) -> &str) -> Vec<String> {
    list.iter().map(|x| name(x).to_string()).collect()
}

#[test]
fn a_shallow_card_scores_what_the_dump_holds_and_names_what_it_does_not() {
    let e = env();
    let v = view_at(&e, TODAY);
    assert!(v.notes().is_empty(), "{:?}", v.notes());
    let card = v.card("healthy").unwrap();
    assert_eq!(card.depth, Depth::Shallow);
    assert_eq!(card.needs_deep, DeepOnly::ALL.to_vec());
    let ev = &card.evaluation;
    assert_eq!(ev.version, "1.2.1");
    for dim in ["stability", "usage", "ecosystem", "maintenance"] {
        assert!(ev.score(dim).is_some(), "{dim} unscored: {ev:#?}");
    }
    // Never read on the shallow tier: no score, never a 0. Security has
    // the advisories only (no unsafe, fuzzing or policy): below the
    // model's confidence floor, so no score either.
    assert_eq!(ev.score("security"), None);
    assert_eq!(ev.score("documentation"), None);
    assert_eq!(ev.score("performance"), None);
    assert!(ev.composite_range.is_some());
    assert_ne!(ev.tier, Tier::Avoid);
    let dump = ev.sources.iter().find(|s| s.id.as_str() == "dump").unwrap();
    assert_eq!(dump.status, cratescope_model::SourceState::Ok);
    // Freshness judged on the dump's lines: otherparse ^0.4 is current,
    // the dev dependency on webserver is not counted.
    let fresh = ev
        .dimension("ecosystem")
        .unwrap()
        .signals
        .iter()
        .find(|s| s.id() == "dependency-freshness")
        .unwrap();
    match fresh {
        cratescope_model::SignalResult::Measured { s, .. } => assert_eq!(*s, 1.0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rank_puts_the_healthy_crate_first_and_the_gated_ones_last() {
    let e = env();
    let v = view_at(&e, TODAY);
    let sel = v.select("parsing").unwrap();
    assert_eq!(
        sel.kind,
        SelectionKind::Category("parsing".into(), "parsing".into())
    );
    assert_eq!(sel.crates.len(), 5);
    let list = v.rank(&sel, 0);
    let order = names(&list, |e| &e.name);
    assert_eq!(order[0], "healthy", "{order:?}");
    let tail: std::collections::BTreeSet<&str> = order[3..].iter().map(String::as_str).collect();
    assert_eq!(tail, ["allyanked", "oldparse"].into_iter().collect());
    for e in &list[3..] {
        assert_eq!(e.tier, Tier::Avoid, "{}", e.name);
    }
    assert_eq!(
        list.iter().map(|e| e.rank).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let healthy = &list[0];
    let f = &healthy.figures;
    assert_eq!(f.downloads, Some(90_000));
    assert_eq!(f.trend, Some(TrendDirection::Steady));
    assert_eq!(f.dependents, Some(3));
    assert_eq!(f.dependent_owners, Some(3));
    assert_eq!(f.cohorts.len(), 1);
    assert_eq!(
        (f.cohorts[0].line.as_str(), f.cohorts[0].dependents),
        ("1.x", 3)
    );
    assert_eq!(f.owners, Some(3));
    let old = list.iter().find(|e| e.name == "oldparse").unwrap();
    assert_eq!(old.figures.trend, Some(TrendDirection::Falling));
    assert_eq!(old.figures.advisories, ["RUSTSEC-2025-0001"]);
    let yanked = list.iter().find(|e| e.name == "allyanked").unwrap();
    assert_eq!((yanked.figures.releases, yanked.figures.yanked), (2, 2));
    assert_eq!(yanked.figures.latest_version, None);
    // A limit keeps the best.
    assert_eq!(names(&v.rank(&sel, 2), |e| &e.name), order[..2]);
}

#[test]
fn a_parent_category_holds_its_subcategories_and_keywords_select_too() {
    let e = env();
    let v = view_at(&e, TODAY);
    let web = v.select("web-programming").unwrap();
    let list = names(&v.rank(&web, 0), |e| &e.name);
    assert_eq!(
        list.iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        ["webapp", "webserver"].map(String::from).into()
    );
    let http = v.select("http").unwrap();
    assert_eq!(http.kind, SelectionKind::Keyword("http".into()));
    assert_eq!(names(&v.rank(&http, 0), |e| &e.name), ["webserver"]);
}

#[test]
fn unknown_queries_and_crates_suggest_what_the_dump_has() {
    let e = env();
    let v = view_at(&e, TODAY);
    match v.select("parsng") {
        Err(EcosystemError::UnknownQuery { suggestions, .. }) => {
            assert_eq!(suggestions, ["parsing", "parser"])
        }
        other => panic!("{other:?}"),
    }
    match v.category("http") {
        Err(EcosystemError::UnknownCategory { given, .. }) => assert_eq!(given, "http"),
        other => panic!("{other:?}"),
    }
    match v.alternatives("oldpars", 10) {
        Err(EcosystemError::NotInDump {
            suggestions,
            dump_day,
            ..
        }) => {
            assert_eq!(suggestions, ["oldparse"]);
            assert_eq!(dump_day, date(2026, 11, 24));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_emerging_crate_is_found_and_measured() {
    let e = env();
    let v = view_at(&e, TODAY);
    let list = v.emerging(None, 90, 0).unwrap();
    assert_eq!(names(&list, |e| &e.name), ["risingstar"]);
    let r = &list[0];
    assert_eq!(r.category.as_deref(), Some("parsing"));
    assert_eq!(
        (r.dependent_owners_before, r.dependent_owners_after),
        (0, 3)
    );
    assert_eq!(r.figures.downloads_recent, Some(45 * 3_000));
    assert_eq!(r.figures.downloads_previous, Some(45 * 500));
    // Fewer than ten measurable crates anywhere: the baseline is 0, so the
    // growth term is ln((135,000 + 200) / (22,500 + 200)).
    let growth = (135_200f64 / 22_700f64).ln();
    assert!((r.growth_vs_category.unwrap() - growth).abs() < 1e-3);
    assert!((r.score - (growth + 4f64.ln())).abs() < 1e-3, "{}", r.score);
    assert_eq!(r.age_days, 269);
    // Within a category that has none.
    assert!(
        v.emerging(Some("web-programming"), 90, 0)
            .unwrap()
            .is_empty()
    );
    // A window the dump cannot measure.
    assert!(matches!(
        v.emerging(None, 120, 0),
        Err(EcosystemError::BadWindow { .. })
    ));
}

#[test]
fn alternatives_come_from_the_advisory_and_the_migrations() {
    let e = env();
    let v = view_at(&e, TODAY);
    let list = v.alternatives("oldparse", 0).unwrap();
    let first = &list[0];
    assert_eq!(first.name, "healthy");
    assert_eq!(first.instead_of, "oldparse");
    assert_eq!(first.evidence.named_by_advisories, ["RUSTSEC-2025-0001"]);
    assert_eq!(
        (
            first.evidence.migrated_dependents,
            first.evidence.migrated_owners
        ),
        (3, 3)
    );
    assert_eq!(first.evidence.migrated_examples, ["d1", "d2", "d3"]);
    assert_eq!(first.evidence.shared_categories, ["parsing"]);
    assert_eq!(first.evidence.shared_keywords, ["parser"]);
    let other = list.iter().find(|e| e.name == "otherparse").unwrap();
    assert_eq!(other.evidence.migrated_owners, 1);
    assert!(other.evidence.named_by_advisories.is_empty());
    // Gated crates are never offered.
    assert!(list.iter().all(|e| e.name != "allyanked"));
    // healthy has nothing in better standing that shares its job… except
    // crates scoring higher, which there are none of.
    assert!(v.alternatives("healthy", 0).unwrap().is_empty());
}

#[test]
fn a_past_day_sees_only_what_the_dump_dates_before_it() {
    let e = env();
    let v = view_at(&e, date(2024, 6, 30));
    assert_eq!(v.notes().len(), 1, "{:?}", v.notes());
    let sel = v.select("parsing").unwrap();
    let list = v.rank(&sel, 0);
    let order = names(&list, |e| &e.name);
    // risingstar did not exist yet; the advisory (2025) did not either.
    assert!(!order.contains(&"risingstar".to_string()), "{order:?}");
    let old = list.iter().find(|e| e.name == "oldparse").unwrap();
    assert_ne!(old.tier, Tier::Avoid);
    assert!(old.figures.advisories.is_empty());
    // Downloads of 2024 are not in the dump: not measured, never 0.
    assert_eq!(list[0].figures.downloads, None);
    assert_eq!(list[0].figures.trend, None);
    let healthy = list.iter().find(|e| e.name == "healthy").unwrap();
    assert_eq!(healthy.version, "1.1.0");
    // d1 had moved to healthy in 2024-03; d2 and d3 still used oldparse.
    assert_eq!(healthy.figures.dependents, Some(1));
    let alts = v.alternatives("oldparse", 0).unwrap();
    let h = alts.iter().find(|a| a.name == "healthy").unwrap();
    assert_eq!(h.evidence.migrated_owners, 1);
    assert!(h.evidence.named_by_advisories.is_empty());
}

/// The dump's yanks are as of its day, not since when: a past day's card
/// counts every release as cargo could have picked it, and the all-yanked
/// gate, which fires today, does not fire on yanks it cannot date.
#[test]
fn a_past_day_does_not_use_the_dumps_yanks() {
    let e = env();
    let fired = |v: &View| {
        let ev = v.card("allyanked").unwrap().evaluation;
        let gates: Vec<String> = ev
            .dimensions
            .iter()
            .flat_map(|d| d.gates.iter().map(|g| g.id.clone()))
            .collect();
        (
            ev.version.clone(),
            gates.contains(&"all-yanked".to_string()),
        )
    };
    assert_eq!(fired(&view_at(&e, TODAY)), ("0.2.0".to_string(), true));
    assert_eq!(
        fired(&view_at(&e, date(2024, 6, 30))),
        ("0.2.0".to_string(), false)
    );
}

#[test]
fn the_pass_scores_every_crate_with_a_release() {
    let e = env();
    let v = view_at(&e, TODAY);
    let all = v.pass();
    assert_eq!(all.len(), 14);
    let eco = v.ecosystem();
    let tier_of = |n: &str| {
        all.iter()
            .find(|s| eco.name(s.krate as usize) == n)
            .unwrap()
            .tier
    };
    assert_eq!(tier_of("allyanked"), Tier::Avoid);
    assert_eq!(tier_of("oldparse"), Tier::Avoid);
    // The same card as one crate alone.
    let one = v.card("healthy").unwrap().evaluation;
    let h = all
        .iter()
        .find(|s| eco.name(s.krate as usize) == "healthy")
        .unwrap();
    assert_eq!((h.tier, h.composite), (one.tier, one.composite));
}

#[test]
fn a_stale_dump_is_said_once() {
    let e = env();
    let mut o = EvalOptions::new(date(2026, 12, 10));
    o.today = date(2026, 12, 10);
    o.offline = true;
    o.cache_dir = e.cache.clone();
    o.db_dump = Some(e.dump.clone());
    o.advisory_db = Some(e.advisories.clone());
    let ev = Evaluator::new(o).unwrap();
    let v = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(View::open(&ev))
        .unwrap();
    assert_eq!(v.notes().len(), 1);
    assert_eq!(v.notes()[0].id, "eco-note-stale-dump");
}

#[test]
fn report_catalog_lists_each_category_and_the_emerging_ones() {
    let e = env();
    let v = view_at(&e, TODAY);
    let label = cratescope_model::Label {
        en: "Emerging".into(),
        zh: "新兴".into(),
    };
    let c = v
        .report_catalog(&["parsing".into()], 2, label.clone())
        .unwrap();
    assert_eq!(c.categories[0].id, "parsing");
    assert_eq!(c.categories[0].crates.len(), 2);
    assert_eq!(c.categories[0].crates[0], "healthy");
    // risingstar is second or, when not, in the emerging section.
    if c.categories[0].crates[1] == "risingstar" {
        assert_eq!(c.categories.len(), 1);
    } else {
        assert_eq!(c.categories[1].id, "emerging");
        assert_eq!(c.categories[1].name, label);
        assert_eq!(c.categories[1].crates, ["risingstar"]);
    }
    let one = v
        .report_catalog(&["parsing".into()], 1, label.clone())
        .unwrap();
    assert_eq!(one.categories[1].crates, ["risingstar"]);
    assert!(matches!(
        v.report_catalog(&["nope".into()], 2, label),
        Err(EcosystemError::UnknownCategory { .. })
    ));
}

/// Issue 25: a successor the dump shows. `oldname` stalled in 2020 and the
/// dependents of three owners moved to `newname` (same repository and an
/// owner in common): the `superseded` gate names it and `alternatives`
/// ranks it first as the successor. `parser2` follows `parser` by name
/// (the same team, the same repository). `mono-core`'s monorepo siblings
/// (one dependent's owner moved) name nothing.
#[test]
fn a_successor_in_the_dump_is_named_and_a_monorepo_sibling_is_not() {
    let e = env_of(&dumpgen::successor_world());
    let v = view_at(&e, TODAY);
    let gate = |name: &str| {
        v.card(name)
            .unwrap()
            .evaluation
            .dimensions
            .iter()
            .flat_map(|d| d.gates.clone())
            .find(|g| g.id == "superseded")
            // The finding's message tree, as data (the engine renders no
            // sentence): its ids and arguments.
            .map(|g| format!("{:?}", g.reason.message))
    };
    let old = gate("oldname").expect("oldname is superseded");
    assert!(old.contains("gate-superseded-dump"), "{old}");
    assert!(old.contains("\"newname\""), "{old}");
    assert!(old.contains("gate-superseded-dump-moved"), "{old}");
    assert!(old.contains("Count(3)") || old.contains("Int(3)"), "{old}");
    let parser = gate("parser").expect("parser is superseded");
    assert!(parser.contains("\"parser2\""), "{parser}");
    assert!(parser.contains("gate-superseded-dump-renamed"), "{parser}");
    assert_eq!(
        gate("mono-core"),
        None,
        "a monorepo sibling is no successor"
    );
    assert_eq!(gate("newname"), None);
    assert_eq!(v.card("oldname").unwrap().evaluation.tier, Tier::Avoid);

    let alts = v.alternatives("oldname", 0).unwrap();
    assert_eq!(alts[0].name, "newname");
    assert!(alts[0].evidence.successor);
    assert_eq!(alts[0].evidence.migrated_owners, 3);
    let mono = v.alternatives("mono-core", 0).unwrap();
    assert!(mono.iter().all(|a| !a.evidence.successor), "{mono:?}");

    // A day before newname's last release and with oldname's stall not yet
    // a year old, nothing is said (a past day has no candidates at all).
    let past = view_at(&e, date(2021, 3, 1));
    assert!(
        past.card("oldname")
            .unwrap()
            .evaluation
            .dimensions
            .iter()
            .flat_map(|d| d.gates.iter())
            .all(|g| g.id != "superseded")
    );
}
