//! The model's calibration harness.
//!
//! `collect` records the facts of crates through the real pipeline (the
//! engine's evaluator: registry index, `.crate` tarball, RustSec database;
//! the repository is skipped and the web APIs are whatever is reachable),
//! one JSON file per crate and day, so the model can be judged again and
//! again without the network. `--strip` keeps only what the signals read
//! (dependency lists of the evaluated release only), for facts kept in the
//! repository.
//!
//! `auc` scores recorded facts under the model (optionally with overrides)
//! and prints the AUC of the composite and of each dimension for a labelled
//! list: the predictive-validity benchmark on recorded facts
//! (benches/predictive-validity/ runs the same through the release binary).
//!
//! usage:
//!   cratescope-calibrate collect --out DIR [--advisory-db DIR] [--cache-dir DIR]
//!       [--jobs N] [--strip] [--list FILE] [NAME[@YYYY-MM-DD]]...
//!   cratescope-calibrate auc --facts DIR --list FILE [--model OVERRIDES.toml]
//!       [--rows]
//!
//! A list file has one `NAME YYYY-MM-DD` per line (for `auc`: `pos|neg NAME
//! YYYY-MM-DD`); `#` starts a comment.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use cratescope_engine::{CrateSpec, EvalOptions, Evaluator, Request};
use cratescope_model::{Dimension, Evaluation, Facts};
use cratescope_score::Model;
use cratescope_score::model::ModelOverrides;
use jiff::civil::Date;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("collect") => collect(&args[1..]),
        Some("auc") => auc(&args[1..]),
        _ => Err(anyhow!(
            "usage: cratescope-calibrate collect|auc … (see the crate docs)"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Flags `--name value` and bare flags, in any order; the rest are positional.
struct Flags {
    named: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

impl Flags {
    fn parse(args: &[String], with_value: &[&str]) -> Result<Flags> {
        let mut named = Vec::new();
        let mut positional = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if with_value.contains(&name) {
                    let v = it.next().ok_or_else(|| anyhow!("--{name} needs a value"))?;
                    named.push((name.to_string(), Some(v.clone())));
                } else {
                    named.push((name.to_string(), None));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Flags { named, positional })
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn has(&self, name: &str) -> bool {
        self.named.iter().any(|(n, _)| n == name)
    }
}

fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
}

fn read_list(path: &Path) -> Result<Vec<Vec<String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect())
}

fn facts_file(dir: &Path, name: &str, as_of: Date) -> PathBuf {
    dir.join(format!("{name}@{as_of}.json"))
}

fn collect(args: &[String]) -> Result<()> {
    let f = Flags::parse(args, &["out", "advisory-db", "cache-dir", "jobs", "list"])?;
    let out = PathBuf::from(
        f.value("out")
            .ok_or_else(|| anyhow!("--out DIR is required"))?,
    );
    std::fs::create_dir_all(&out)?;
    let mut jobs: Vec<(String, Date)> = Vec::new();
    if let Some(list) = f.value("list") {
        for row in read_list(Path::new(list))? {
            let [name, day] = row.as_slice() else {
                bail!("list line `{}`: expected NAME YYYY-MM-DD", row.join(" "));
            };
            jobs.push((name.clone(), day.parse()?));
        }
    }
    for p in &f.positional {
        match p.split_once('@') {
            Some((n, d)) => jobs.push((n.to_string(), d.parse()?)),
            None => jobs.push((p.clone(), today())),
        }
    }
    let concurrency: usize = f.value("jobs").unwrap_or("2").parse()?;
    let strip = f.has("strip");
    let rt = cratescope_engine::runtime()?;
    // One evaluator per day: `as_of` is an option of the evaluator.
    let mut by_day: std::collections::BTreeMap<Date, Vec<String>> = Default::default();
    for (n, d) in jobs {
        if !facts_file(&out, &n, d).exists() {
            by_day.entry(d).or_default().push(n);
        }
    }
    let mut failed = 0;
    for (day, names) in by_day {
        let mut o = EvalOptions::new(day);
        o.today = today();
        o.skip_git = true;
        if let Some(c) = f.value("cache-dir") {
            o.cache_dir = PathBuf::from(c);
        }
        o.advisory_db = f.value("advisory-db").map(PathBuf::from);
        let ev = Evaluator::new(o)?;
        // A name that does not parse is left out here: the catalog's are
        // checked when it is read.
        let requests: Vec<Request> = names
            .iter()
            .filter_map(|n| CrateSpec::parse(n).ok())
            .map(|spec| Request::registry(spec).at(day))
            .collect();
        let results: Vec<(
            String,
            Result<cratescope_model::Facts, cratescope_engine::Error>,
        )> = rt
            .block_on(ev.evaluate_many(
                requests,
                concurrency,
                std::sync::Arc::new(cratescope_engine::Silent),
            ))
            .into_iter()
            .map(|(req, r)| (req.label(), r.map(|o| o.facts)))
            .collect();
        for (name, r) in results {
            match r {
                Ok(mut facts) => {
                    if strip {
                        strip_facts(&mut facts);
                    }
                    let text = serde_json::to_string(&facts)?;
                    std::fs::write(facts_file(&out, &name, day), text + "\n")?;
                    eprintln!("collected {name} as of {day}");
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("failed: {name} as of {day}: {e}");
                }
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} crates failed");
    }
    Ok(())
}

/// Keep what the signals read: dependency lists and features of the
/// evaluated release only (the others' dates, versions and yanks stay).
fn strip_facts(f: &mut Facts) {
    let v = f.version.clone();
    for r in f.releases.iter_mut().filter(|r| r.version != v) {
        r.deps = Default::default();
        r.features = Default::default();
        r.cksum.clear();
    }
}

/// Mann-Whitney AUC: P(positive > negative), ties count half.
pub fn auc_of(pos: &[f64], neg: &[f64]) -> Option<f64> {
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut wins = 0.0;
    for p in pos {
        for n in neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    Some(wins / (pos.len() * neg.len()) as f64)
}

fn auc(args: &[String]) -> Result<()> {
    let f = Flags::parse(args, &["facts", "list", "model", "dump"])?;
    let dir = PathBuf::from(
        f.value("facts")
            .ok_or_else(|| anyhow!("--facts DIR is required"))?,
    );
    let list = read_list(Path::new(
        f.value("list")
            .ok_or_else(|| anyhow!("--list FILE is required"))?,
    ))?;
    let mut model = Model::embedded();
    if let Some(p) = f.value("model") {
        let text = std::fs::read_to_string(p)?;
        let o: ModelOverrides = toml::from_str(&text)?;
        model = model.with_overrides(&o)?;
    }
    let mut rows: Vec<(bool, String, Date, Evaluation)> = Vec::new();
    let mut missing = 0;
    for row in list {
        let [label, name, day] = row.as_slice() else {
            bail!(
                "list line `{}`: expected pos|neg NAME YYYY-MM-DD",
                row.join(" ")
            );
        };
        let day: Date = day.parse()?;
        let path = facts_file(&dir, name, day);
        let Ok(text) = std::fs::read_to_string(&path) else {
            missing += 1;
            continue;
        };
        let facts: Facts = serde_json::from_str(&text)
            .with_context(|| format!("cannot parse {}", path.display()))?;
        rows.push((
            label == "pos",
            name.clone(),
            day,
            cratescope_score::evaluate(&facts, &model),
        ));
    }
    let score = |e: &Evaluation, what: &str| -> Option<f64> {
        if what == "composite" {
            e.composite
        } else {
            e.score(what)
        }
    };
    let positives = rows.iter().filter(|r| r.0).count();
    println!(
        "{} positives, {} negatives, {missing} without recorded facts",
        positives,
        rows.len() - positives
    );
    println!("| score | AUC | scored positives | scored negatives |");
    println!("|---|---|---|---|");
    let mut whats = vec!["composite"];
    whats.extend(Dimension::ALL.iter().map(|d| d.id()));
    for what in whats {
        let p: Vec<f64> = rows
            .iter()
            .filter(|r| r.0)
            .filter_map(|r| score(&r.3, what))
            .collect();
        let n: Vec<f64> = rows
            .iter()
            .filter(|r| !r.0)
            .filter_map(|r| score(&r.3, what))
            .collect();
        let a = auc_of(&p, &n).map_or("-".to_string(), |a| format!("{a:.3}"));
        println!("| {what} | {a} | {} | {} |", p.len(), n.len());
    }
    if let Some(path) = f.value("dump") {
        // One JSON line per evaluation, for analysis outside the harness.
        let mut out = String::new();
        for (pos, name, day, e) in &rows {
            let line = serde_json::json!({
                "label": if *pos { "pos" } else { "neg" },
                "name": name,
                "as_of": day.to_string(),
                "evaluation": e,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        std::fs::write(path, out)?;
    }
    if f.has("signals") {
        println!("| signal | AUC of s | measured positives | measured negatives |");
        println!("|---|---|---|---|");
        let signal_s = |e: &Evaluation, id: &str| -> Option<f64> {
            e.dimensions
                .iter()
                .chain(e.footprint.iter())
                .flat_map(|d| d.signals.iter())
                .find_map(|s| match s {
                    cratescope_model::SignalResult::Measured { id: sid, s, .. } if sid == id => {
                        Some(*s)
                    }
                    _ => None,
                })
        };
        for def in cratescope_score::signal::REGISTRY {
            let p: Vec<f64> = rows
                .iter()
                .filter(|r| r.0)
                .filter_map(|r| signal_s(&r.3, def.id))
                .collect();
            let n: Vec<f64> = rows
                .iter()
                .filter(|r| !r.0)
                .filter_map(|r| signal_s(&r.3, def.id))
                .collect();
            let a = auc_of(&p, &n).map_or("-".to_string(), |a| format!("{a:.3}"));
            println!("| {} | {a} | {} | {} |", def.id, p.len(), n.len());
        }
    }
    if f.has("rows") {
        rows.sort_by(|a, b| {
            a.3.composite
                .unwrap_or(0.0)
                .partial_cmp(&b.3.composite.unwrap_or(0.0))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for (pos, name, day, e) in &rows {
            let dims: Vec<String> = Dimension::ALL
                .iter()
                .map(|d| {
                    e.score(d.id())
                        .map_or("   –".into(), |s| format!("{s:4.2}"))
                })
                .collect();
            println!(
                "{} {:<28} {day} {:>5} {:<18} {}",
                if *pos { "pos" } else { "neg" },
                format!("{name} {}", e.version),
                e.composite.map_or("–".into(), |c| format!("{c:.2}")),
                format!("{}{}", e.tier.id(), if e.provisional { "*" } else { "" }),
                dims.join(" ")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::auc_of;

    #[test]
    fn auc_counts_wins_and_half_ties() {
        assert_eq!(auc_of(&[3.0, 4.0], &[1.0, 2.0]), Some(1.0));
        assert_eq!(auc_of(&[1.0], &[2.0]), Some(0.0));
        assert_eq!(auc_of(&[2.0, 3.0], &[2.0, 1.0]), Some(0.875));
        assert_eq!(auc_of(&[], &[1.0]), None);
    }
}
