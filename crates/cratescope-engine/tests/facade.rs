//! The docs.rs view of a facade crate, end to end through the engine: the
//! facade's tarball is analysed, its `pub use` of a sibling crate sends the
//! engine to the index for the sibling's version (the highest matching the
//! requirement as of the day), whose tarball is fetched and analysed with
//! the facade. A fake cargo home (index `.cache` files and `.crate`s in
//! `registry/cache`) stands in for the registry; nothing leaves the machine.

use std::path::{Path, PathBuf};

use cratescope_engine::{CrateSpec, EvalOptions, Evaluator, Request};

const REGISTRY_DIR: &str = "index.crates.io-1949cf8c6b5b557f";

fn index_path(name: &str) -> String {
    match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    }
}

/// cargo's index cache format: version byte, index format version, a
/// revision string, then (version, JSON line) pairs, NUL-terminated.
fn write_index(home: &Path, name: &str, lines: &[String]) {
    let mut out = vec![3u8];
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(b"Unknown\0");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        out.extend_from_slice(v["vers"].as_str().expect("vers").as_bytes());
        out.push(0);
        out.extend_from_slice(line.as_bytes());
        out.push(0);
    }
    let path = home
        .join("registry/index")
        .join(REGISTRY_DIR)
        .join(".cache")
        .join(index_path(name));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, out).expect("write index");
}

fn tarball(name: &str, version: &str, files: &[(&str, &str)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (path, content) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(content.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(
            &mut h,
            format!("{name}-{version}/{path}"),
            content.as_bytes(),
        )
        .expect("append");
    }
    tar.into_inner().expect("tar").finish().expect("gzip")
}

/// Stores the `.crate` and returns its SHA-256.
fn write_crate(home: &Path, name: &str, version: &str, files: &[(&str, &str)]) -> String {
    use sha2::Digest;
    let bytes = tarball(name, version, files);
    let dir = home.join("registry/cache").join(REGISTRY_DIR);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(format!("{name}-{version}.crate")), &bytes).expect("write crate");
    hex::encode(sha2::Sha256::digest(&bytes))
}

fn line(name: &str, vers: &str, cksum: &str, deps: &str, pubtime: &str) -> String {
    format!(
        r#"{{"name":"{name}","vers":"{vers}","deps":[{deps}],"cksum":"{cksum}","features":{{}},"yanked":false,"pubtime":"{pubtime}"}}"#
    )
}

fn dep(name: &str, req: &str) -> String {
    format!(
        r#"{{"name":"{name}","req":"{req}","features":[],"optional":false,"default_features":true,"target":null,"kind":"normal"}}"#
    )
}

const FACADE_TOML: &str = r#"[package]
name = "facade"
version = "1.0.0"
edition = "2021"
repository = "https://github.com/example/facade"

[dependencies]
facade-core = "1"
"#;

fn core_toml(version: &str) -> String {
    format!(
        "[package]\nname = \"facade-core\"\nversion = \"{version}\"\nedition = \"2021\"\nrepository = \"https://github.com/example/facade\"\n"
    )
}

struct Fixture {
    _dir: tempfile::TempDir,
    home: PathBuf,
    cache: PathBuf,
}

/// facade 1.0.0 (published 2024-03-01) re-exports facade-core; core 1.0.0
/// (2024-01-01) has two documented items, core 1.1.0 (2024-06-01) three.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path().join("cargo-home");
    let cache = dir.path().join("cache");
    let facade = write_crate(
        &home,
        "facade",
        "1.0.0",
        &[
            ("Cargo.toml", FACADE_TOML),
            ("src/lib.rs", "//! Facade.\npub use facade_core::*;\n"),
        ],
    );
    let core_1_0 = write_crate(
        &home,
        "facade-core",
        "1.0.0",
        &[
            ("Cargo.toml", &core_toml("1.0.0")),
            (
                "src/lib.rs",
                "//! Core.\n/// A.\npub fn a() {}\n/// B.\npub fn b() {}\n",
            ),
        ],
    );
    let core_1_1 = write_crate(
        &home,
        "facade-core",
        "1.1.0",
        &[
            ("Cargo.toml", &core_toml("1.1.0")),
            (
                "src/lib.rs",
                "//! Core.\n/// A.\npub fn a() {}\n/// B.\npub fn b() {}\n/// C.\npub fn c() {}\n",
            ),
        ],
    );
    write_index(
        &home,
        "facade",
        &[line(
            "facade",
            "1.0.0",
            &facade,
            &dep("facade-core", "^1"),
            "2024-03-01T00:00:00Z",
        )],
    );
    write_index(
        &home,
        "facade-core",
        &[
            line(
                "facade-core",
                "1.0.0",
                &core_1_0,
                "",
                "2024-01-01T00:00:00Z",
            ),
            line(
                "facade-core",
                "1.1.0",
                &core_1_1,
                "",
                "2024-06-01T00:00:00Z",
            ),
        ],
    );
    Fixture {
        _dir: dir,
        home,
        cache,
    }
}

fn evaluator(f: &Fixture, as_of: jiff::civil::Date) -> Evaluator {
    let mut opts = EvalOptions::new(as_of);
    opts.offline = true;
    opts.skip_git = true;
    opts.cargo_home = Some(f.home.clone());
    opts.cache_dir = f.cache.clone();
    opts.today = as_of;
    Evaluator::new(opts).expect("evaluator")
}

#[tokio::test]
async fn the_docs_rs_view_of_a_facade_counts_its_sibling_at_the_version_of_the_day() {
    let f = fixture();
    let spec = CrateSpec::parse("facade").expect("spec");
    for (day, documented) in [
        (jiff::civil::date(2024, 4, 1), 3),
        (jiff::civil::date(2024, 7, 1), 4),
    ] {
        let facts = evaluator(&f, day)
            .evaluate(Request::registry(spec.clone()).at(day))
            .await
            .expect("collected")
            .facts;
        let code = &facts.package.expect("tarball analysed").code;
        // rustdoc's count for the facade alone: its root.
        assert_eq!(code.doc_coverage.total, 1);
        let view = code.docs_rs.as_ref().expect("docs.rs view");
        assert_eq!(view.crates, ["facade", "facade-core"], "{day}");
        // Facade root + core's items (the core root's page is not one the
        // facade shows: a glob brings its contents only).
        assert_eq!(view.coverage.total, documented, "{day}: {view:?}");
        assert_eq!(view.coverage.documented, documented, "{day}");
        assert!(view.not_measured.is_empty(), "{:?}", view.not_measured);
    }
}

#[tokio::test]
async fn a_sibling_missing_from_the_index_is_named_with_its_reason() {
    let f = fixture();
    std::fs::remove_file(
        f.home
            .join("registry/index")
            .join(REGISTRY_DIR)
            .join(".cache")
            .join(index_path("facade-core")),
    )
    .expect("rm");
    let day = jiff::civil::date(2024, 7, 1);
    let facts = evaluator(&f, day)
        .evaluate(Request::registry(CrateSpec::parse("facade").expect("spec")).at(day))
        .await
        .expect("collected")
        .facts;
    let view = facts.package.expect("package").code.docs_rs.expect("view");
    assert_eq!(view.crates, ["facade"]);
    assert_eq!(view.coverage.total, 1);
    assert_eq!(view.not_measured.len(), 1, "{:?}", view.not_measured);
    assert!(
        view.not_measured[0].starts_with("facade-core: not read from the index"),
        "{:?}",
        view.not_measured
    );
}
