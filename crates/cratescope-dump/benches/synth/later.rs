//! The same synthetic dump a day later, for the incremental apply: reads a
//! dump written by [`super::generate`] (or any dump in the real layout) and
//! writes the next day's, as crates.io's daily export would differ:
//!
//! - the top folder and `metadata.json` one day later;
//! - 300 new crates, each with one release depending on three existing
//!   crates, an owner, a category and a day of downloads;
//! - 2,000 existing crates with a new patch release (its dependencies
//!   those of the crate's latest release), `updated_at` and default version
//!   moved;
//! - 500 existing releases yanked;
//! - 100 crates deleted with their releases, dependency rows (both ways),
//!   owners, labels and downloads;
//! - the window of daily downloads moved by a day: the oldest day dropped,
//!   a new day added (each version's last day again, ±10 %), all-time
//!   downloads raised by it.
//!
//! Two streaming passes over the compressed dump (the first learns the
//! versions, the last day of downloads and the highest ids); each rewritten
//! CSV goes through a scratch file because a tar entry needs its size first.

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use super::Rng;

const NEW_CRATES: u32 = 300;
const NEW_RELEASES: usize = 2_000;
const YANKS: usize = 500;
const DELETED: usize = 100;
/// Dependency ids of the new rows start here (the synthetic dump has far
/// fewer rows; the real one about 12 million).
const FIRST_NEW_DEP_ID: u64 = 1_000_000_000;

fn entries(src: &Path, mut each: impl FnMut(&str, &mut dyn Read)) {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(src).unwrap());
    let mut tar = tar::Archive::new(gz);
    for e in tar.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        each(&path, &mut e);
    }
}

fn csv_reader(r: &mut dyn Read) -> (csv::Reader<&mut dyn Read>, HashMap<String, usize>) {
    let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(r);
    let cols = rd
        .headers()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_owned(), i))
        .collect();
    (rd, cols)
}

struct Version {
    crate_id: u32,
    num: semver::Version,
}

/// Writes `dst/db-dump.tar.gz`, the dump at `src` a day later.
pub fn day_later(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    let mut rng = Rng(0x5eed_1a7e);

    // Pass 1.
    let mut versions: HashMap<u32, Version> = HashMap::new();
    let mut latest: HashMap<u32, u32> = HashMap::new();
    let mut crate_ids: Vec<u32> = Vec::new();
    let mut first_day = String::new();
    let mut last_day = String::new();
    let mut last_rows: Vec<(u32, u64)> = Vec::new();
    let mut top = String::new();
    entries(src, |path, r| {
        if top.is_empty() {
            top = path.split('/').next().unwrap_or("").to_owned();
        }
        let file = path.split_once('/').map(|x| x.1).unwrap_or("");
        match file {
            "data/crates.csv" => {
                let (mut rd, cols) = csv_reader(r);
                for rec in rd.records() {
                    crate_ids.push(rec.unwrap()[cols["id"]].parse().unwrap());
                }
            }
            "data/versions.csv" => {
                let (mut rd, cols) = csv_reader(r);
                for rec in rd.records() {
                    let rec = rec.unwrap();
                    let id: u32 = rec[cols["id"]].parse().unwrap();
                    let crate_id: u32 = rec[cols["crate_id"]].parse().unwrap();
                    let num = semver::Version::parse(&rec[cols["num"]])
                        .unwrap_or(semver::Version::new(0, 0, 0));
                    let newer = latest
                        .get(&crate_id)
                        .is_none_or(|v| versions[v].num < num || *v < id && versions[v].num == num);
                    if newer {
                        latest.insert(crate_id, id);
                    }
                    versions.insert(id, Version { crate_id, num });
                }
            }
            "data/version_downloads.csv" => {
                let (mut rd, cols) = csv_reader(r);
                for rec in rd.records() {
                    let rec = rec.unwrap();
                    let date = &rec[cols["date"]];
                    if first_day.is_empty() || date < first_day.as_str() {
                        first_day = date.to_owned();
                    }
                    if date > last_day.as_str() {
                        last_day = date.to_owned();
                        last_rows.clear();
                    }
                    if date == last_day {
                        last_rows.push((
                            rec[cols["version_id"]].parse().unwrap(),
                            rec[cols["downloads"]].parse().unwrap(),
                        ));
                    }
                }
            }
            _ => {}
        }
    });

    // The day's changes.
    let old_top: jiff::civil::DateTime =
        jiff::civil::DateTime::strptime("%Y-%m-%d-%H%M%S", &top).unwrap();
    let new_top = old_top.checked_add(jiff::Span::new().days(1)).unwrap();
    let now = new_top
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second();
    let stamp = |secs: i64| {
        jiff::Timestamp::from_second(secs)
            .unwrap()
            .strftime("%Y-%m-%d %H:%M:%S.654321")
            .to_string()
    };
    let new_day = jiff::civil::Date::strptime("%Y-%m-%d", &last_day)
        .unwrap()
        .checked_add(jiff::Span::new().days(1))
        .unwrap()
        .to_string();
    let mut deleted: HashSet<u32> = HashSet::new();
    while deleted.len() < DELETED.min(crate_ids.len() / 10) {
        deleted.insert(crate_ids[rng.below(crate_ids.len() as u64) as usize]);
    }
    let deleted_versions: HashSet<u32> = versions
        .iter()
        .filter(|(_, v)| deleted.contains(&v.crate_id))
        .map(|(&id, _)| id)
        .collect();
    let live: Vec<u32> = crate_ids
        .iter()
        .copied()
        .filter(|c| !deleted.contains(c))
        .collect();
    let mut next_version = versions.keys().copied().max().unwrap_or(0) + 1;
    let next_crate = crate_ids.iter().copied().max().unwrap_or(0) + 1;
    // (crate, new version id, num, previous latest version id, time)
    let mut releases: Vec<(u32, u32, semver::Version, u32, i64)> = Vec::new();
    let mut released: HashSet<u32> = HashSet::new();
    while releases.len() < NEW_RELEASES.min(live.len() / 2) {
        let c = live[rng.below(live.len() as u64) as usize];
        let Some(&prev) = latest.get(&c) else {
            continue;
        };
        if !released.insert(c) {
            continue;
        }
        let mut num = versions[&prev].num.clone();
        num.patch += 1;
        num.pre = semver::Prerelease::EMPTY;
        num.build = semver::BuildMetadata::EMPTY;
        let t = now - 1 - rng.below(86_000) as i64;
        releases.push((c, next_version, num, prev, t));
        next_version += 1;
    }
    let release_of_prev: HashMap<u32, u32> = releases.iter().map(|r| (r.3, r.1)).collect();
    let new_crates: Vec<(u32, String, u32, i64)> = (0..NEW_CRATES)
        .map(|k| {
            let v = next_version + k;
            (
                next_crate + k,
                format!("newborn-{k}"),
                v,
                now - 1 - rng.below(86_000) as i64,
            )
        })
        .collect();
    let live_versions: Vec<u32> = versions
        .keys()
        .copied()
        .filter(|v| !deleted_versions.contains(v))
        .collect();
    let mut yanked: HashSet<u32> = HashSet::new();
    while yanked.len() < YANKS.min(live_versions.len() / 10) {
        yanked.insert(live_versions[rng.below(live_versions.len() as u64) as usize]);
    }
    let mut new_day_rows: Vec<(u32, u64)> = last_rows
        .iter()
        .filter(|(v, _)| !deleted_versions.contains(v))
        .map(|&(v, n)| (v, (n as f64 * (0.9 + 0.2 * rng.unit())) as u64))
        .collect();
    for r in &releases {
        new_day_rows.push((r.1, 5 + rng.below(500)));
    }
    for c in &new_crates {
        new_day_rows.push((c.2, 1 + rng.below(50)));
    }
    let mut day_of_crate: HashMap<u32, u64> = HashMap::new();
    for &(v, n) in &new_day_rows {
        let c = versions
            .get(&v)
            .map(|x| x.crate_id)
            .or_else(|| releases.iter().find(|r| r.1 == v).map(|r| r.0))
            .or_else(|| new_crates.iter().find(|c| c.2 == v).map(|c| c.0));
        if let Some(c) = c {
            *day_of_crate.entry(c).or_default() += n;
        }
    }

    // Pass 2: rewrite.
    let scratch = dst.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let out = std::fs::File::create(dst.join("db-dump.tar.gz")).unwrap();
    let gz = flate2::write::GzEncoder::new(BufWriter::new(out), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let new_top_name = new_top.strftime("%Y-%m-%d-%H%M%S").to_string();
    let mut dep_id = FIRST_NEW_DEP_ID;
    entries(src, |path, r| {
        let file = path.split_once('/').map(|x| x.1).unwrap_or("").to_owned();
        let name = if file.is_empty() {
            new_top_name.clone()
        } else {
            format!("{new_top_name}/{file}")
        };
        if file.is_empty() || file == "data" || file.ends_with('/') {
            return;
        }
        let tmp = scratch.join("entry");
        {
            let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).unwrap());
            if file == "metadata.json" {
                writeln!(
                    w,
                    r#"{{"timestamp":"{}","crates_io_commit":"bench-later"}}"#,
                    jiff::Timestamp::from_second(now).unwrap()
                )
                .unwrap();
            } else if file.ends_with(".csv") {
                let (mut rd, cols) = csv_reader(r);
                let headers = rd.headers().unwrap().clone();
                let mut out = csv::Writer::from_writer(&mut w);
                out.write_record(&headers).unwrap();
                let col = |k: &str| cols.get(k).copied();
                let blank = |overrides: &[(&str, String)]| -> csv::StringRecord {
                    let mut fields = vec![String::new(); headers.len()];
                    for (k, v) in overrides {
                        if let Some(i) = col(k) {
                            fields[i] = v.clone();
                        }
                    }
                    csv::StringRecord::from(fields)
                };
                let mut template: Option<csv::StringRecord> = None;
                for rec in rd.records() {
                    let rec = rec.unwrap();
                    let get = |k: &str| col(k).map(|i| &rec[i]);
                    let id_of = |k: &str| get(k).and_then(|v| v.parse::<u32>().ok());
                    let gone = id_of("crate_id").is_some_and(|c| deleted.contains(&c))
                        || (file == "data/crates.csv"
                            && id_of("id").is_some_and(|c| deleted.contains(&c)))
                        || id_of("version_id").is_some_and(|v| deleted_versions.contains(&v))
                        || (file == "data/versions.csv"
                            && id_of("id").is_some_and(|v| deleted_versions.contains(&v)));
                    if gone {
                        continue;
                    }
                    let mut rec = rec.clone();
                    let set = |rec: &mut csv::StringRecord, k: &str, v: String| {
                        if let Some(i) = col(k) {
                            let mut f: Vec<String> = rec.iter().map(str::to_owned).collect();
                            f[i] = v;
                            *rec = csv::StringRecord::from(f);
                        }
                    };
                    match file.as_str() {
                        "data/crates.csv" => {
                            let id = id_of("id").unwrap();
                            if released.contains(&id) {
                                set(&mut rec, "updated_at", stamp(now - 3600));
                            }
                            template.get_or_insert_with(|| rec.clone());
                        }
                        "data/versions.csv" => {
                            if id_of("id").is_some_and(|v| yanked.contains(&v)) {
                                set(&mut rec, "yanked", "t".into());
                            }
                            template.get_or_insert_with(|| rec.clone());
                        }
                        "data/default_versions.csv" => {
                            let c = id_of("crate_id").unwrap();
                            if let Some(r) = releases.iter().find(|r| r.0 == c) {
                                set(&mut rec, "version_id", r.1.to_string());
                                let n = id_of("num_versions").unwrap_or(0) + 1;
                                set(&mut rec, "num_versions", n.to_string());
                            }
                        }
                        "data/version_downloads.csv" if get("date") == Some(first_day.as_str()) => {
                            continue;
                        }
                        "data/crate_downloads.csv" => {
                            let c = id_of("crate_id").unwrap();
                            let n = get("downloads").and_then(|v| v.parse::<u64>().ok());
                            let add = day_of_crate.get(&c).copied().unwrap_or(0);
                            set(&mut rec, "downloads", (n.unwrap_or(0) + add).to_string());
                        }
                        "data/dependencies.csv" => {
                            out.write_record(&rec).unwrap();
                            // The new release depends on what the latest did.
                            if let Some(&nv) =
                                id_of("version_id").and_then(|v| release_of_prev.get(&v))
                            {
                                set(&mut rec, "version_id", nv.to_string());
                                set(&mut rec, "id", dep_id.to_string());
                                dep_id += 1;
                                out.write_record(&rec).unwrap();
                            }
                            continue;
                        }
                        _ => {}
                    }
                    out.write_record(&rec).unwrap();
                }
                // Appended rows.
                let fill = |t: &Option<csv::StringRecord>, o: &[(&str, String)]| match t {
                    Some(t) => {
                        let mut f: Vec<String> = t.iter().map(str::to_owned).collect();
                        for (k, v) in o {
                            if let Some(i) = col(k) {
                                f[i] = v.clone();
                            }
                        }
                        csv::StringRecord::from(f)
                    }
                    None => blank(o),
                };
                match file.as_str() {
                    "data/crates.csv" => {
                        for (id, name, _, t) in &new_crates {
                            let o = [
                                ("id", id.to_string()),
                                ("name", name.clone()),
                                ("created_at", stamp(*t)),
                                ("updated_at", stamp(*t)),
                                ("repository", format!("https://github.com/example/{name}")),
                            ];
                            out.write_record(&fill(&template, &o)).unwrap();
                        }
                    }
                    "data/versions.csv" => {
                        let new = releases
                            .iter()
                            .map(|r| (r.0, r.1, r.2.to_string(), r.4))
                            .chain(new_crates.iter().map(|c| (c.0, c.2, "0.1.0".into(), c.3)));
                        for (c, v, num, t) in new {
                            let o = [
                                ("id", v.to_string()),
                                ("crate_id", c.to_string()),
                                ("num", num.clone()),
                                ("num_no_build", num),
                                ("created_at", stamp(t)),
                                ("updated_at", stamp(t)),
                                ("yanked", "f".into()),
                                ("published_by", String::new()),
                                ("rust_version", String::new()),
                            ];
                            out.write_record(&fill(&template, &o)).unwrap();
                        }
                    }
                    "data/default_versions.csv" => {
                        for (c, _, v, _) in &new_crates {
                            out.write_record(&blank(&[
                                ("crate_id", c.to_string()),
                                ("num_versions", "1".into()),
                                ("version_id", v.to_string()),
                            ]))
                            .unwrap();
                        }
                    }
                    "data/dependencies.csv" => {
                        for (_, _, v, _) in &new_crates {
                            for _ in 0..3 {
                                let target = live[rng.below(live.len() as u64) as usize];
                                out.write_record(&blank(&[
                                    ("crate_id", target.to_string()),
                                    ("default_features", "t".into()),
                                    ("features", "{}".into()),
                                    ("id", dep_id.to_string()),
                                    ("kind", "0".into()),
                                    ("optional", "f".into()),
                                    ("req", "*".into()),
                                    ("version_id", v.to_string()),
                                ]))
                                .unwrap();
                                dep_id += 1;
                            }
                        }
                    }
                    "data/version_downloads.csv" => {
                        for (v, n) in &new_day_rows {
                            out.write_record(&blank(&[
                                ("date", new_day.clone()),
                                ("downloads", n.to_string()),
                                ("version_id", v.to_string()),
                            ]))
                            .unwrap();
                        }
                    }
                    "data/crate_downloads.csv" => {
                        for (c, ..) in &new_crates {
                            let n = day_of_crate.get(c).copied().unwrap_or(0);
                            out.write_record(&blank(&[
                                ("crate_id", c.to_string()),
                                ("downloads", n.to_string()),
                            ]))
                            .unwrap();
                        }
                    }
                    "data/crate_owners.csv" => {
                        for (c, ..) in &new_crates {
                            out.write_record(&blank(&[
                                ("crate_id", c.to_string()),
                                ("created_at", stamp(now - 3600)),
                                ("owner_id", (1 + rng.below(1_000)).to_string()),
                                ("owner_kind", "0".into()),
                            ]))
                            .unwrap();
                        }
                    }
                    "data/crates_categories.csv" => {
                        for (c, ..) in &new_crates {
                            out.write_record(&blank(&[
                                ("category_id", "1".into()),
                                ("crate_id", c.to_string()),
                            ]))
                            .unwrap();
                        }
                    }
                    _ => {}
                }
                out.flush().unwrap();
            } else {
                std::io::copy(r, &mut w).unwrap();
            }
            w.flush().unwrap();
        }
        tar.append_path_with_name(&tmp, &name).unwrap();
    });
    tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
}
