//! The shallow tier at real scale: every crate of an imported dump scored
//! (the pass the server's category pages and `report --from-dump` stand
//! on), then the lists an expert checks by eye.
//!
//! ```text
//! benches/ecosystem.sh            # generates, imports, runs this under /usr/bin/time -v
//! shallow pass DIR                # load DIR/table.sqlite (+ DIR/advisory-db), score every crate
//! shallow top DIR SLUG…           # top 10 of categories, the emerging, alternatives of the worst
//! ```

use std::sync::Arc;
use std::time::Instant;

use cratescope_engine::ecosystem::View;
use cratescope_score::Model;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mode = args.first().map(String::as_str).unwrap_or("pass");
    let dir = std::path::PathBuf::from(args.get(1).cloned().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("cratescope-dump-bench")
            .display()
            .to_string()
    }));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    let table = rt
        .block_on(cratescope_dump::DumpTable::open(&dir.join("table.sqlite")))
        .unwrap();
    let eco = rt.block_on(table.ecosystem()).unwrap();
    let load = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let db = cratescope_advisory::AdvisoryDb::load(&dir.join("advisory-db"))
        .ok()
        .map(Arc::new);
    let adv = t.elapsed().as_secs_f64();
    let as_of = jiff::civil::date(2026, 11, 25);
    let view = View::new(eco.clone(), db.clone(), Model::embedded(), as_of);
    println!(
        "loaded {} crates in {load:.1} s; {} advisories in {adv:.1} s",
        eco.len(),
        db.as_ref().map_or(0, |d| d.len())
    );
    match mode {
        "pass" => {
            let t = Instant::now();
            let all = view.pass();
            let secs = t.elapsed().as_secs_f64();
            let mut tiers = std::collections::BTreeMap::new();
            for s in &all {
                *tiers.entry(s.tier.id()).or_insert(0u64) += 1;
            }
            println!(
                "shallow pass: {} crates scored in {secs:.1} s ({:.0} crates/s); tiers {tiers:?}",
                all.len(),
                all.len() as f64 / secs
            );
        }
        "top" => {
            for slug in &args[2..] {
                let t = Instant::now();
                let sel = view.select(slug).unwrap();
                let list = view.rank(&sel, 10);
                println!(
                    "\n== rank {slug}: {} crates ({:.1} s)",
                    sel.crates.len(),
                    t.elapsed().as_secs_f64()
                );
                for e in &list {
                    let f = &e.figures;
                    println!(
                        "{:>2} {:<18} {:<10} {:<18} {:>5} dl/90d {:>9} growth {:>5} deps {:>6} owners {:>6} latest {} releases {} yanked {} adv {:?} cohorts {:?}",
                        e.rank,
                        e.name,
                        e.version,
                        e.tier.id(),
                        e.composite.map(|c| format!("{c:.2}")).unwrap_or_default(),
                        f.downloads.unwrap_or(0),
                        f.growth.map(|g| format!("{g:.2}")).unwrap_or_default(),
                        f.dependents.unwrap_or(0),
                        f.dependent_owners.unwrap_or(0),
                        f.latest_release.map(|d| d.to_string()).unwrap_or_default(),
                        f.releases,
                        f.yanked,
                        f.advisories,
                        f.cohorts
                            .iter()
                            .take(3)
                            .map(|c| format!("{}:{}", c.line, c.dependents))
                            .collect::<Vec<_>>(),
                    );
                    let dims: Vec<String> = e
                        .evaluation
                        .dimensions
                        .iter()
                        .map(|d| {
                            format!(
                                "{}={}",
                                d.id,
                                d.score.map(|s| format!("{s:.1}")).unwrap_or("-".into())
                            )
                        })
                        .collect();
                    println!("      {}", dims.join(" "));
                }
                let t = Instant::now();
                let em = view.emerging(Some(slug), 90, 5).unwrap();
                println!("-- emerging in {slug} ({:.1} s)", t.elapsed().as_secs_f64());
                for e in &em {
                    println!(
                        "{:>2} {:<18} age {:>4} d dl {:>9} growth {:?} owners {}→{} vs {:?} score {}",
                        e.rank,
                        e.name,
                        e.age_days,
                        e.figures.downloads.unwrap_or(0),
                        e.figures.growth.map(|g| (g * 100.0).round() / 100.0),
                        e.dependent_owners_before,
                        e.dependent_owners_after,
                        e.growth_vs_category,
                        e.score
                    );
                }
            }
            // Alternatives of the advisory-flagged crates with the most dependents.
            if let Some(db) = &db {
                let mut flagged: Vec<(u64, String)> = db
                    .iter()
                    .filter_map(|a| {
                        let c = eco.find(&a.package)?;
                        Some((eco.present(c).dependents, a.package.clone()))
                    })
                    .collect();
                flagged.sort_by(|a, b| b.cmp(a));
                for (_, name) in flagged.into_iter().take(2) {
                    let t = Instant::now();
                    let alts = view.alternatives(&name, 5).unwrap();
                    println!(
                        "\n== alternatives {name} ({:.1} s)",
                        t.elapsed().as_secs_f64()
                    );
                    for a in alts {
                        println!(
                            "{:>2} {:<18} {:<14} {:>5} named {:?} migrated {} owners / {} dependents e.g. {:?}",
                            a.rank,
                            a.name,
                            a.tier.id(),
                            a.composite.map(|c| format!("{c:.2}")).unwrap_or_default(),
                            a.evidence.named_by_advisories,
                            a.evidence.migrated_owners,
                            a.evidence.migrated_dependents,
                            a.evidence.migrated_examples
                        );
                    }
                }
            }
        }
        other => panic!("unknown mode {other}"),
    }
}
