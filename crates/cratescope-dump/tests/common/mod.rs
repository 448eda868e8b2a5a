//! Writes crates.io database dumps in the exact layout (DATA-SOURCES.md §3):
//! a tar.gz with one top folder `YYYY-MM-DD-HHMMSS/` holding README.md,
//! export.sql, import.sql, metadata.json, schema.sql and `data/*.csv`, or a
//! zip of the same files without the folder. CSVs are PostgreSQL
//! `COPY … CSV HEADER`: every column of the real table, in alphabetical
//! order, `t`/`f` booleans, `{a,b}` arrays, quoted text with commas, quotes
//! and newlines, JSON text, bytea as `\x…`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub const CRATES_HEADER: &str = "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at";
pub const VERSIONS_HEADER: &str = "bin_names,categories,crate_id,crate_size,created_at,description,documentation,downloads,edition,features,has_lib,homepage,id,keywords,license,links,num,num_no_build,published_by,repository,rust_version,tar_sha256,updated_at,yanked,zip_json_sha256,zip_sha256";
pub const DEPENDENCIES_HEADER: &str =
    "crate_id,default_features,explicit_name,features,id,kind,optional,req,target,version_id";
pub const VERSION_DOWNLOADS_HEADER: &str = "date,downloads,version_id";
pub const CRATE_DOWNLOADS_HEADER: &str = "crate_id,downloads";
pub const DEFAULT_VERSIONS_HEADER: &str = "crate_id,num_versions,version_id";
pub const CRATE_OWNERS_HEADER: &str = "crate_id,created_at,created_by,owner_id,owner_kind";
pub const CATEGORIES_HEADER: &str = "category,crates_cnt,created_at,description,id,path,slug";
pub const CRATES_CATEGORIES_HEADER: &str = "category_id,crate_id";
pub const KEYWORDS_HEADER: &str = "crates_cnt,created_at,id,keyword";
pub const CRATES_KEYWORDS_HEADER: &str = "crate_id,keyword_id";
pub const USERS_HEADER: &str = "created_at,gh_id,gh_login,id,name,username";
pub const TEAMS_HEADER: &str = "avatar,github_id,id,login,name,org_id";
pub const METADATA_CSV_HEADER: &str = "total_downloads";

/// The top folder of the test dumps: 2026-11-24T02:00:27Z.
pub const TOP: &str = "2026-11-24-020027";
pub const DUMP_TIMESTAMP: &str = "2026-11-24T02:00:27.123456Z";

/// A crate row.
#[derive(Clone)]
pub struct Krate {
    pub id: u32,
    pub name: String,
    pub created: String,
}

/// A version row.
#[derive(Clone)]
pub struct Ver {
    pub id: u32,
    pub crate_id: u32,
    pub num: String,
    pub created: String,
    pub yanked: bool,
    /// `rust_version`; None leaves the column empty.
    pub rust_version: Option<String>,
    /// The publishing user's id (None: none recorded).
    pub published_by: Option<u32>,
}

/// A dependency row: `version_id` depends on `crate_id`.
#[derive(Clone)]
pub struct Dep {
    pub version_id: u32,
    pub crate_id: u32,
    pub kind: u8,
    /// The requirement (default `^1.0`).
    pub req: String,
    pub optional: bool,
}

/// Everything a test dump holds.
#[derive(Clone, Default)]
pub struct World {
    pub crates: Vec<Krate>,
    pub versions: Vec<Ver>,
    pub deps: Vec<Dep>,
    /// (version id, date, downloads)
    pub downloads: Vec<(u32, String, u64)>,
    /// (crate id, all-time downloads)
    pub crate_downloads: Vec<(u32, u64)>,
    /// (crate id, version id); empty = computed from versions.
    pub default_versions: Vec<(u32, u32)>,
    /// (crate id, owner id, kind 0 user / 1 team)
    pub owners: Vec<(u32, u32, u8)>,
    /// (id, slug)
    pub categories: Vec<(u32, String)>,
    pub crates_categories: Vec<(u32, u32)>,
    /// (id, keyword)
    pub keywords: Vec<(u32, String)>,
    pub crates_keywords: Vec<(u32, u32)>,
    /// (id, GitHub login); user 1 `ann` is always written.
    pub users: Vec<(u32, String)>,
    /// When an owner was added: ((crate id, owner id), timestamp).
    pub owner_added: BTreeMap<(u32, u32), String>,
    /// A crate's repository URL when not `https://github.com/example/NAME`.
    pub repository: BTreeMap<u32, String>,
}

impl World {
    pub fn krate(&mut self, id: u32, name: &str, created: &str) -> &mut Self {
        self.crates.push(Krate {
            id,
            name: name.into(),
            created: created.into(),
        });
        self
    }
    pub fn version(&mut self, id: u32, crate_id: u32, num: &str, created: &str) -> &mut Self {
        self.versions.push(Ver {
            id,
            crate_id,
            num: num.into(),
            created: created.into(),
            yanked: false,
            rust_version: Some("1.70".into()),
            published_by: None,
        });
        self
    }
    pub fn rust_version(&mut self, id: u32, rv: Option<&str>) -> &mut Self {
        for v in self.versions.iter_mut().filter(|v| v.id == id) {
            v.rust_version = rv.map(str::to_owned);
        }
        self
    }
    pub fn published_by(&mut self, version_id: u32, user: u32) -> &mut Self {
        for v in self.versions.iter_mut().filter(|v| v.id == version_id) {
            v.published_by = Some(user);
        }
        self
    }
    pub fn user(&mut self, id: u32, login: &str) -> &mut Self {
        self.users.push((id, login.into()));
        self
    }
    pub fn yank(&mut self, id: u32) -> &mut Self {
        for v in self.versions.iter_mut().filter(|v| v.id == id) {
            v.yanked = true;
        }
        self
    }
    pub fn dep(&mut self, version_id: u32, crate_id: u32, kind: u8) -> &mut Self {
        self.dep_req(version_id, crate_id, kind, "^1.0")
    }
    pub fn dep_req(&mut self, version_id: u32, crate_id: u32, kind: u8, req: &str) -> &mut Self {
        self.deps.push(Dep {
            version_id,
            crate_id,
            kind,
            req: req.into(),
            optional: false,
        });
        self
    }
}

/// A CSV field as PostgreSQL quotes it: only when needed, quotes doubled.
pub fn q(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Every file of the dump, by path below the top folder.
pub fn files(w: &World) -> BTreeMap<String, Vec<u8>> {
    let mut f: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut crates = format!("{CRATES_HEADER}\n");
    for c in &w.crates {
        crates.push_str(&format!(
            "{},{},,{},{},,,{},{},{},f,{}\n",
            c.created,
            q(&format!(
                "The {} crate, \"quoted\", with a comma\nand a newline",
                c.name
            )),
            q("https://example.org/home"),
            c.id,
            c.name,
            q("# README\n\nSome text, with commas."),
            q(&w.repository
                .get(&c.id)
                .cloned()
                .unwrap_or_else(|| format!("https://github.com/example/{}", c.name))),
            c.created,
        ));
    }
    f.insert("data/crates.csv".into(), crates.into_bytes());
    let mut versions = format!("{VERSIONS_HEADER}\n");
    for v in &w.versions {
        versions.push_str(&format!(
            "{},{},{},1234,{},,,{},2021,{},t,,{},{},MIT OR Apache-2.0,,{},{},{},,{},\\x{},{},{},,\n",
            q("{tool,other}"),
            q("{parsing,encoding}"),
            v.crate_id,
            v.created,
            17,
            q(r#"{"default":["std"],"std":[]}"#),
            v.id,
            q("{fast,\"odd, keyword\"}"),
            v.num,
            v.num.split('+').next().unwrap_or(""),
            v.published_by.map(|u| u.to_string()).unwrap_or_default(),
            v.rust_version.as_deref().unwrap_or(""),
            "ab".repeat(32),
            v.created,
            if v.yanked { "t" } else { "f" },
        ));
    }
    f.insert("data/versions.csv".into(), versions.into_bytes());
    let mut deps = format!("{DEPENDENCIES_HEADER}\n");
    for (i, d) in w.deps.iter().enumerate() {
        deps.push_str(&format!(
            "{},t,,{},{},{},{},{},{},{}\n",
            d.crate_id,
            q("{derive,\"std\"}"),
            i + 1,
            d.kind,
            if d.optional { "t" } else { "f" },
            q(&d.req),
            if i % 3 == 0 {
                q("cfg(unix)")
            } else {
                String::new()
            },
            d.version_id
        ));
    }
    f.insert("data/dependencies.csv".into(), deps.into_bytes());
    let mut vd = format!("{VERSION_DOWNLOADS_HEADER}\n");
    for (v, date, n) in &w.downloads {
        vd.push_str(&format!("{date},{n},{v}\n"));
    }
    f.insert("data/version_downloads.csv".into(), vd.into_bytes());
    let mut cd = format!("{CRATE_DOWNLOADS_HEADER}\n");
    for (c, n) in &w.crate_downloads {
        cd.push_str(&format!("{c},{n}\n"));
    }
    f.insert("data/crate_downloads.csv".into(), cd.into_bytes());
    let mut dv = format!("{DEFAULT_VERSIONS_HEADER}\n");
    let defaults: Vec<(u32, u32)> = if w.default_versions.is_empty() {
        computed_defaults(w)
    } else {
        w.default_versions.clone()
    };
    for (c, v) in defaults {
        let n = w.versions.iter().filter(|x| x.crate_id == c).count();
        dv.push_str(&format!("{c},{n},{v}\n"));
    }
    f.insert("data/default_versions.csv".into(), dv.into_bytes());
    let mut co = format!("{CRATE_OWNERS_HEADER}\n");
    for (c, o, k) in &w.owners {
        let added = w
            .owner_added
            .get(&(*c, *o))
            .map(String::as_str)
            .unwrap_or("2020-01-01 00:00:00.5");
        co.push_str(&format!("{c},{added},,{o},{k}\n"));
    }
    f.insert("data/crate_owners.csv".into(), co.into_bytes());
    let mut cat = format!("{CATEGORIES_HEADER}\n");
    for (id, slug) in &w.categories {
        cat.push_str(&format!(
            "{},3,2017-01-17 19:13:05.112025,{},{id},{},{slug}\n",
            q(&slug.replace("::", " > ")),
            q("Crates that, well, do things."),
            slug.replace("::", ".").replace('-', "_"),
        ));
    }
    f.insert("data/categories.csv".into(), cat.into_bytes());
    let mut cc = format!("{CRATES_CATEGORIES_HEADER}\n");
    for (c, k) in &w.crates_categories {
        cc.push_str(&format!("{k},{c}\n"));
    }
    f.insert("data/crates_categories.csv".into(), cc.into_bytes());
    let mut kw = format!("{KEYWORDS_HEADER}\n");
    for (id, k) in &w.keywords {
        kw.push_str(&format!("2,2015-01-01 00:00:00,{id},{k}\n"));
    }
    f.insert("data/keywords.csv".into(), kw.into_bytes());
    let mut ck = format!("{CRATES_KEYWORDS_HEADER}\n");
    for (c, k) in &w.crates_keywords {
        ck.push_str(&format!("{c},{k}\n"));
    }
    f.insert("data/crates_keywords.csv".into(), ck.into_bytes());
    let mut users = format!("{USERS_HEADER}\n2015-01-01 00:00:00,1,ann,1,Ann,ann\n");
    for (id, login) in w.users.iter().filter(|(id, _)| *id != 1) {
        users.push_str(&format!(
            "2016-01-01 00:00:00,{id},{login},{id},{login},{login}\n"
        ));
    }
    f.insert("data/users.csv".into(), users.into_bytes());
    f.insert(
        "data/teams.csv".into(),
        format!("{TEAMS_HEADER}\n,7,1,github:example:core,Core,8\n").into_bytes(),
    );
    f.insert(
        "data/metadata.csv".into(),
        format!("{METADATA_CSV_HEADER}\n123456\n").into_bytes(),
    );
    f.insert(
        "metadata.json".into(),
        format!(r#"{{"timestamp":"{DUMP_TIMESTAMP}","crates_io_commit":"57fa0006"}}"#).into_bytes(),
    );
    f.insert("README.md".into(), b"# crates.io database dump\n".to_vec());
    f.insert("schema.sql".into(), b"-- schema\n".to_vec());
    f.insert("import.sql".into(), b"-- import\n".to_vec());
    f.insert("export.sql".into(), b"-- export\n".to_vec());
    f
}

/// crates.io's default-version rule over the current versions.
fn computed_defaults(w: &World) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for c in &w.crates {
        let vs: Vec<&Ver> = w.versions.iter().filter(|v| v.crate_id == c.id).collect();
        let key = |v: &&&Ver| semver::Version::parse(&v.num).unwrap();
        let best = vs
            .iter()
            .filter(|v| !v.yanked && key(v).pre.is_empty())
            .max_by_key(key)
            .or_else(|| vs.iter().filter(|v| !v.yanked).max_by_key(key))
            .or_else(|| vs.iter().max_by_key(key));
        if let Some(b) = best {
            out.push((c.id, b.id));
        }
    }
    out
}

/// Writes the files as the real tar.gz: one top folder, sorted by name.
pub fn write_tar_gz(path: &Path, top: &str, files: &BTreeMap<String, Vec<u8>>) {
    let file = std::fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut dir = tar::Header::new_gnu();
    dir.set_entry_type(tar::EntryType::Directory);
    dir.set_mode(0o755);
    dir.set_size(0);
    tar.append_data(&mut dir, format!("{top}/"), std::io::empty())
        .unwrap();
    tar.append_data(&mut dir.clone(), format!("{top}/data/"), std::io::empty())
        .unwrap();
    for (name, bytes) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut h, format!("{top}/{name}"), bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
}

/// Writes the files as the real zip: no top folder.
pub fn write_zip(path: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A small ecosystem with known answers (see tests/dump.rs for the numbers):
///
/// - `core` (1): versions 1.0.0 (2020), 2.0.0 (2024-06), 2.1.0-beta (2026).
/// - `mid` (2): 0.1.0 (2021) → core normal; 0.2.0 (2025-01) → core normal + build.
/// - `app` (3): 1.0.0 (2022) → mid normal, core dev.
/// - `tool` (4): 1.0.0 (2023) → core dev only.
/// - `gone` (5): 1.0.0 yanked (2023) → core normal (its only version is yanked).
/// - `Top-Level` (6): 0.1.0 (2024-07-01) → app normal.
/// - `fresh` (7): created 2026-10-01, 0.1.0 → core normal.
pub fn small_world() -> World {
    let mut w = World::default();
    w.krate(1, "core", "2020-01-01 00:00:00.000001")
        .krate(2, "mid", "2021-01-01 00:00:00")
        .krate(3, "app", "2022-01-01 00:00:00+00")
        .krate(4, "tool", "2023-01-01 00:00:00")
        .krate(5, "gone", "2023-02-01 00:00:00")
        .krate(6, "Top-Level", "2024-07-01 00:00:00")
        .krate(7, "fresh", "2026-10-01 00:00:00");
    w.version(10, 1, "1.0.0", "2020-01-01 00:00:00.000001")
        .version(11, 1, "2.0.0", "2024-06-01 12:00:00.5")
        .version(12, 1, "2.1.0-beta.1", "2026-03-01 00:00:00")
        .version(20, 2, "0.1.0", "2021-01-01 00:00:00")
        .version(21, 2, "0.2.0", "2025-01-01 00:00:00")
        .version(30, 3, "1.0.0", "2022-01-01 00:00:00+00")
        .version(40, 4, "1.0.0", "2023-01-01 00:00:00")
        .version(50, 5, "1.0.0", "2023-02-01 00:00:00")
        .version(60, 6, "0.1.0", "2024-07-01 00:00:00")
        .version(70, 7, "0.1.0+build.5", "2026-10-01 00:00:00")
        .yank(50);
    w.dep(20, 1, 0)
        .dep(21, 1, 0)
        .dep(21, 1, 1)
        .dep(30, 2, 0)
        .dep(30, 1, 2)
        .dep(40, 1, 2)
        .dep(50, 1, 0)
        .dep(60, 3, 0)
        .dep(70, 1, 0);
    // Daily downloads of core: 10/day in the older half of the window, 30/day
    // in the recent half, plus rows outside the window that must not count.
    for day in 0..90 {
        let date = jiff::civil::date(2026, 11, 24)
            .checked_sub(jiff::Span::new().days(day))
            .unwrap()
            .to_string();
        let n = if day < 45 { 30 } else { 10 };
        w.downloads.push((11, date.clone(), n));
        w.downloads.push((70, date, 1));
    }
    w.downloads.push((11, "2026-08-26".into(), 1_000_000));
    w.crate_downloads = vec![(1, 5_000_000), (2, 1000), (3, 10), (7, 90)];
    // Owners: core has 2 users and a team; mid shares user 1 with core; app
    // is owned by user 3; Top-Level by user 3 too.
    w.owners = vec![
        (1, 1, 0),
        (1, 2, 0),
        (1, 1, 1),
        (2, 1, 0),
        (3, 3, 0),
        (6, 3, 0),
        (7, 4, 0),
    ];
    w.categories = vec![(1, "parsing".into()), (2, "encoding".into())];
    w.crates_categories = vec![(1, 2), (1, 1)];
    w.keywords = vec![(1, "serde".into()), (2, "fast".into())];
    w.crates_keywords = vec![(1, 2)];
    w
}

/// A small ecosystem whose right answers the ecosystem tests construct
/// (issue 22), dump of 2026-11-24:
///
/// - `healthy` (parsing): 1.x since 2021, a release in 2026-09, 1,000
///   downloads a day, dependents d1–d3 (each its own owner) on 1.x;
/// - `oldparse` (parsing): last release 2018, an unmaintained advisory
///   naming `healthy`; its dependents migrated: d1, d2, d3 dropped it for
///   `healthy` in one release, d4 for `otherparse`; downloads falling
///   (300 → 100 a day);
/// - `risingstar` (parsing): created 2026-03-01, downloads 500 → 3,000 a
///   day across the window, three new dependents (e1–e3, three owners)
///   published inside the window;
/// - `allyanked` (parsing): both releases yanked;
/// - `otherparse` (parsing): 0.x, last release 2024-01, 200 a day;
/// - `webserver` (web-programming::http-server, keyword `http`), used by
///   `webapp` (web-programming).
pub fn eco_world() -> World {
    let mut w = World::default();
    let crates = [
        (1, "healthy", "2019-01-10 00:00:00"),
        (2, "oldparse", "2016-05-01 00:00:00"),
        (3, "risingstar", "2026-03-01 00:00:00"),
        (4, "allyanked", "2024-01-01 00:00:00"),
        (5, "otherparse", "2022-01-01 00:00:00"),
        (6, "webserver", "2023-01-01 00:00:00"),
        (7, "d1", "2018-06-01 00:00:00"),
        (8, "d2", "2018-07-01 00:00:00"),
        (9, "d3", "2019-01-01 00:00:00"),
        (10, "d4", "2019-02-01 00:00:00"),
        (11, "e1", "2025-05-01 00:00:00"),
        (12, "e2", "2025-06-01 00:00:00"),
        (13, "e3", "2025-07-01 00:00:00"),
        (14, "webapp", "2024-01-01 00:00:00"),
    ];
    for (id, name, created) in crates {
        w.krate(id, name, created);
    }
    let versions = [
        (100, 1, "0.1.0", "2019-01-10 00:00:00"),
        (101, 1, "0.2.0", "2020-02-01 00:00:00"),
        (102, 1, "1.0.0", "2021-03-01 00:00:00"),
        (103, 1, "1.1.0", "2023-05-01 00:00:00"),
        (104, 1, "1.2.0", "2025-06-01 00:00:00"),
        (105, 1, "1.2.1", "2026-09-15 00:00:00"),
        (200, 2, "0.1.0", "2016-05-01 00:00:00"),
        (201, 2, "0.2.0", "2017-03-01 00:00:00"),
        (202, 2, "0.3.0", "2018-05-01 00:00:00"),
        (300, 3, "0.1.0", "2026-03-01 00:00:00"),
        (301, 3, "0.2.0", "2026-08-01 00:00:00"),
        (302, 3, "0.3.0", "2026-11-01 00:00:00"),
        (400, 4, "0.1.0", "2024-01-01 00:00:00"),
        (401, 4, "0.2.0", "2024-02-01 00:00:00"),
        (500, 5, "0.1.0", "2022-01-01 00:00:00"),
        (501, 5, "0.2.0", "2022-06-01 00:00:00"),
        (502, 5, "0.3.0", "2023-01-01 00:00:00"),
        (503, 5, "0.4.0", "2024-01-01 00:00:00"),
        (600, 6, "1.0.0", "2023-01-01 00:00:00"),
        (601, 6, "1.1.0", "2026-06-01 00:00:00"),
        (700, 7, "1.0.0", "2018-06-01 00:00:00"),
        (701, 7, "1.1.0", "2024-03-01 00:00:00"),
        (702, 7, "1.2.0", "2026-10-01 00:00:00"),
        (800, 8, "0.1.0", "2018-07-01 00:00:00"),
        (801, 8, "0.2.0", "2025-01-01 00:00:00"),
        (900, 9, "2.0.0", "2019-01-01 00:00:00"),
        (901, 9, "2.1.0", "2025-09-01 00:00:00"),
        (1000, 10, "1.0.0", "2019-02-01 00:00:00"),
        (1001, 10, "1.1.0", "2023-02-01 00:00:00"),
        (1100, 11, "0.1.0", "2025-05-01 00:00:00"),
        (1101, 11, "0.2.0", "2026-10-05 00:00:00"),
        (1200, 12, "0.1.0", "2025-06-01 00:00:00"),
        (1201, 12, "0.2.0", "2026-10-20 00:00:00"),
        (1300, 13, "1.0.0", "2025-07-01 00:00:00"),
        (1301, 13, "1.1.0", "2026-11-10 00:00:00"),
        (1400, 14, "0.1.0", "2024-01-01 00:00:00"),
    ];
    for (id, c, num, created) in versions {
        w.version(id, c, num, created);
    }
    w.yank(400).yank(401);
    w.rust_version(100, None)
        .rust_version(200, None)
        .rust_version(201, None);
    w.rust_version(202, None);
    w.dep_req(700, 2, 0, "^0.3")
        .dep_req(701, 1, 0, "^1.1")
        .dep_req(702, 1, 0, "^1.2")
        .dep_req(800, 2, 0, "^0.3")
        .dep_req(801, 1, 0, "^1.1")
        .dep_req(900, 2, 0, "^0.3")
        .dep_req(901, 1, 0, "^1.2")
        .dep_req(1000, 2, 0, "^0.3")
        .dep_req(1001, 5, 0, "^0.3")
        .dep_req(1101, 3, 0, "^0.2")
        .dep_req(1201, 3, 0, "^0.2")
        .dep_req(1301, 3, 0, "^0.3")
        .dep_req(1400, 6, 0, "^1.0")
        // healthy's own dependency, on the latest line; a dev one ignored.
        .dep_req(105, 5, 0, "^0.4")
        .dep_req(105, 6, 2, "^1.0");
    for day in 0..90 {
        let date = jiff::civil::date(2026, 11, 24)
            .checked_sub(jiff::Span::new().days(day))
            .unwrap()
            .to_string();
        let recent = day < 45;
        for (v, n) in [
            (105, 1_000),
            (202, if recent { 100 } else { 300 }),
            (301, if recent { 3_000 } else { 500 }),
            (503, 200),
            (601, 400),
            (702, 5),
            (801, 5),
            (901, 5),
            (1001, 5),
            (1101, 5),
            (1201, 5),
            (1301, 5),
            (1400, 5),
        ] {
            w.downloads.push((v, date.clone(), n));
        }
    }
    w.crate_downloads = vec![
        (1, 9_000_000),
        (2, 2_000_000),
        (3, 200_000),
        (4, 500),
        (5, 80_000),
        (6, 300_000),
    ];
    w.owners = vec![
        (1, 1, 0),
        (1, 2, 0),
        (1, 1, 1),
        (2, 3, 0),
        (3, 4, 0),
        (4, 5, 0),
        (5, 6, 0),
        (6, 7, 0),
        (7, 10, 0),
        (8, 11, 0),
        (9, 12, 0),
        (10, 13, 0),
        (11, 14, 0),
        (12, 15, 0),
        (13, 16, 0),
        (14, 17, 0),
    ];
    w.categories = vec![
        (1, "parsing".into()),
        (2, "web-programming".into()),
        (3, "web-programming::http-server".into()),
        (4, "command-line-utilities".into()),
    ];
    w.crates_categories = vec![
        (1, 1),
        (2, 1),
        (3, 1),
        (4, 1),
        (5, 1),
        (6, 3),
        (14, 2),
        (7, 4),
        (8, 4),
        (9, 4),
        (10, 4),
    ];
    w.keywords = vec![(1, "parser".into()), (2, "http".into())];
    w.crates_keywords = vec![(1, 1), (2, 1), (3, 1), (5, 1), (6, 2)];
    w
}

/// The RustSec advisory against `oldparse` of [`eco_world`], naming
/// `healthy` as its replacement: `(path below the database root, text)`.
pub const ECO_ADVISORY: (&str, &str) = (
    "crates/oldparse/RUSTSEC-2025-0001.md",
    "```toml\n[advisory]\nid = \"RUSTSEC-2025-0001\"\npackage = \"oldparse\"\ndate = \"2025-03-01\"\ninformational = \"unmaintained\"\n\n[versions]\npatched = []\n```\n\n# oldparse is unmaintained\n\nThe author stopped maintaining `oldparse` in 2018.\n\n## Possible alternatives\n\n- [healthy](https://example.org/crates/healthy)\n",
);

/// Successors in the dump (issue 25): `oldname` stalled in 2020 and its
/// dependents of three distinct owners moved to `newname` (same repository,
/// a path inside it; an owner in common); `parser` was followed by
/// `parser2` (same repository, the same team, no move yet); `mono-core`
/// has monorepo siblings by the same owner (`mono-extra`, `mono-cli`) that
/// one dependent's owner moved to; `fresh-fork` shares `oldname`'s
/// repository but none of its owners.
#[allow(dead_code)]
pub fn successor_world() -> World {
    let mut w = World::default();
    w.krate(1, "oldname", "2018-01-01 00:00:00")
        .version(101, 1, "1.0.0", "2018-01-01 00:00:00")
        .version(102, 1, "1.1.0", "2020-06-01 00:00:00")
        .krate(2, "newname", "2021-01-01 00:00:00")
        .version(201, 2, "0.1.0", "2021-01-01 00:00:00")
        .version(202, 2, "0.2.0", "2026-09-01 00:00:00");
    w.repository
        .insert(1, "https://github.com/acme/thing".into());
    w.repository.insert(
        2,
        "https://github.com/Acme/thing/tree/main/crates/newname".into(),
    );
    w.owners.extend([(1, 1, 0), (2, 1, 0), (2, 2, 0)]);
    // Dependents: three owners (10, 11, 12); user-d shares owner 10.
    for (k, (name, owner)) in [
        ("user-a", 10),
        ("user-b", 11),
        ("user-c", 12),
        ("user-d", 10),
    ]
    .into_iter()
    .enumerate()
    {
        let c = 3 + k as u32;
        w.krate(c, name, "2019-01-01 00:00:00")
            .version(c * 100 + 1, c, "1.0.0", "2019-02-01 00:00:00")
            .version(c * 100 + 2, c, "1.1.0", "2022-03-01 00:00:00")
            .dep(c * 100 + 1, 1, 0)
            .dep(c * 100 + 2, 2, 0);
        w.owners.push((c, owner, 0));
    }
    w.krate(10, "mono-core", "2018-01-01 00:00:00")
        .version(1001, 10, "1.0.0", "2018-01-01 00:00:00")
        .version(1002, 10, "1.0.1", "2019-01-01 00:00:00")
        .krate(11, "mono-extra", "2022-01-01 00:00:00")
        .version(1101, 11, "1.0.0", "2026-10-01 00:00:00")
        .krate(12, "mono-cli", "2023-01-01 00:00:00")
        .version(1201, 12, "1.0.0", "2026-10-10 00:00:00")
        .dep(1201, 10, 0);
    w.repository
        .insert(10, "https://github.com/acme/mono".into());
    w.repository
        .insert(11, "git+https://github.com/acme/mono.git".into());
    w.repository
        .insert(12, "https://github.com/acme/mono/tree/main/cli".into());
    w.owners.extend([(10, 2, 0), (11, 2, 0), (12, 2, 0)]);
    w.krate(13, "one-user", "2019-01-01 00:00:00")
        .version(1301, 13, "1.0.0", "2019-02-01 00:00:00")
        .version(1302, 13, "1.1.0", "2023-02-01 00:00:00")
        .dep(1301, 10, 0)
        .dep(1302, 11, 0);
    w.owners.push((13, 20, 0));
    w.krate(20, "parser", "2017-01-01 00:00:00")
        .version(2001, 20, "1.0.0", "2019-01-01 00:00:00")
        .krate(21, "parser2", "2023-01-01 00:00:00")
        .version(2101, 21, "0.1.0", "2026-08-01 00:00:00");
    w.repository
        .insert(20, "https://gitlab.com/acme/parser".into());
    w.repository
        .insert(21, "https://gitlab.com/acme/parser.git".into());
    // The same team (teams.csv has team 1).
    w.owners.extend([(20, 1, 1), (21, 1, 1), (21, 3, 0)]);
    w.krate(30, "fresh-fork", "2024-01-01 00:00:00").version(
        3001,
        30,
        "0.1.0",
        "2026-10-01 00:00:00",
    );
    w.repository
        .insert(30, "https://github.com/acme/thing".into());
    w.owners.push((30, 99, 0));
    w
}
