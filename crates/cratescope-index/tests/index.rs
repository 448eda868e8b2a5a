//! `Index` end to end against local servers replaying the real fixture
//! files, a fake CARGO_HOME built by each test, and closed ports for an
//! unreachable registry. The `live_` tests need the real index and are
//! ignored by default.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cratescope_http::{HttpClient, HttpConfig};
use cratescope_index::{
    CrateOrigin, Freshness, Index, IndexConfig, IndexError, IndexOrigin, sha256_hex,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/sparse-index")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Setup {
    cache: tempfile::TempDir,
    cargo_home: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        Setup {
            cache: tempfile::tempdir().unwrap(),
            cargo_home: tempfile::tempdir().unwrap(),
        }
    }

    fn http(&self, offline: bool) -> HttpClient {
        let mut config = HttpConfig::new(self.cache.path());
        config.offline = offline;
        config.backoff_base = Duration::from_millis(10);
        config.request_timeout = Duration::from_secs(2);
        HttpClient::new(config).unwrap()
    }

    fn index(&self, url: &str, offline: bool) -> Index {
        self.index_with_ttl(url, offline, cratescope_index::INDEX_TTL)
    }

    fn index_with_ttl(&self, url: &str, offline: bool, ttl: Duration) -> Index {
        Index::new(
            IndexConfig {
                url: url.to_owned(),
                cargo_home: Some(self.cargo_home.path().to_owned()),
                offline,
                index_ttl: ttl,
            },
            self.http(offline),
        )
    }

    /// Writes a cargo `.cache` file for `name` under a registry directory
    /// named after `host`, in cargo's binary format.
    fn write_cargo_cache(&self, host: &str, name: &str, version_byte: u8, lines: &str) -> PathBuf {
        let mut bytes = vec![version_byte];
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(b"Unknown\0");
        for line in lines.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            bytes.extend_from_slice(value["vers"].as_str().unwrap().as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(0);
        }
        let path = self
            .cargo_home
            .path()
            .join(format!("registry/index/{host}-1949cf8c6b5b557f/.cache"))
            .join(cratescope_index::index_path(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

/// A URL on 127.0.0.1 whose port is closed.
fn closed_port_url() -> String {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    format!("http://127.0.0.1:{port}/")
}

async fn serve_index(etag: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    for name in ["itoa", "semver"] {
        let mut template = ResponseTemplate::new(200).set_body_string(fixture(name));
        if let Some(etag) = etag {
            template = template.insert_header("etag", etag);
        }
        Mock::given(method("GET"))
            .and(path(format!("/{}", cratescope_index::index_path(name))))
            .respond_with(template)
            .mount(&server)
            .await;
    }
    let config = serde_json::json!({
        "dl": format!("{}/dl/{{crate}}/{{crate}}-{{version}}.crate", server.uri()),
        "api": server.uri(),
    });
    Mock::given(method("GET"))
        .and(path("/config.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(config))
        .mount(&server)
        .await;
    server
}

async fn request_count(server: &MockServer, p: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == p)
        .count()
}

#[tokio::test]
async fn fetches_over_http_then_serves_from_cache() {
    let server = serve_index(None).await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let itoa = index.crate_releases("itoa").await.unwrap();
    assert_eq!(itoa.name, "itoa");
    assert_eq!(itoa.releases.len(), 38);
    assert!(itoa.warnings.is_empty());
    match &itoa.origin {
        IndexOrigin::Http { url, freshness, .. } => {
            assert_eq!(url, &format!("{}/it/oa/itoa", server.uri()));
            assert_eq!(*freshness, Freshness::Fetched);
        }
        other => panic!("unexpected origin {other:?}"),
    }
    let again = index.crate_releases("itoa").await.unwrap();
    assert_eq!(again.releases, itoa.releases);
    assert!(matches!(
        again.origin,
        IndexOrigin::Http {
            freshness: Freshness::Cached,
            ..
        }
    ));
    assert_eq!(request_count(&server, "/it/oa/itoa").await, 1);

    // The path is lowercased, the name kept as the index spells it.
    let semver = index.crate_releases("SemVer").await.unwrap();
    assert_eq!(semver.name, "semver");
    assert_eq!(semver.releases.len(), 66);
}

#[tokio::test]
async fn etag_revalidation_through_the_index() {
    let server = serve_index(Some("\"itoa-v1\"")).await;
    Mock::given(method("GET"))
        .and(path("/it/oa/itoa"))
        .and(header("if-none-match", "\"itoa-v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    let setup = Setup::new();
    let index = setup.index_with_ttl(&server.uri(), false, Duration::ZERO);
    let first = index.crate_releases("itoa").await.unwrap();
    let second = index.crate_releases("itoa").await.unwrap();
    assert!(matches!(
        second.origin,
        IndexOrigin::Http {
            freshness: Freshness::Revalidated,
            ..
        }
    ));
    assert_eq!(second.releases, first.releases);
    assert_eq!(request_count(&server, "/it/oa/itoa").await, 2);
}

#[tokio::test]
async fn without_validators_an_expired_entry_is_refetched() {
    let server = serve_index(None).await;
    let setup = Setup::new();
    let index = setup.index_with_ttl(&server.uri(), false, Duration::ZERO);
    index.crate_releases("itoa").await.unwrap();
    let second = index.crate_releases("itoa").await.unwrap();
    assert!(matches!(
        second.origin,
        IndexOrigin::Http {
            freshness: Freshness::Fetched,
            ..
        }
    ));
    assert_eq!(second.releases.len(), 38);
    assert_eq!(request_count(&server, "/it/oa/itoa").await, 2);
}

#[tokio::test]
async fn missing_crates_are_not_found() {
    let server = MockServer::start().await;
    Mock::given(path("/no/pe/nope"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(path("/fo/rb/forbidden"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let err = index.crate_releases("nope").await.unwrap_err();
    assert!(matches!(&err, IndexError::NotFound { name } if name == "nope"));
    assert_eq!(err.to_string(), "no crate named `nope` in the registry");
    let err = index.crate_releases("forbidden").await.unwrap_err();
    assert!(matches!(err, IndexError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn invalid_names_fail_before_any_request() {
    let server = MockServer::start().await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let err = index.crate_releases("../etc").await.unwrap_err();
    assert_eq!(err.to_string(), "invalid crate name `../etc`");
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(source.contains("`.`"), "{source}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn offline_reads_cargo_cache() {
    let setup = Setup::new();
    let written = setup.write_cargo_cache("127.0.0.1", "itoa", 3, &fixture("itoa"));
    let index = setup.index(&closed_port_url(), true);
    let itoa = index.crate_releases("itoa").await.unwrap();
    assert_eq!(itoa.releases.len(), 38);
    assert_eq!(
        itoa.releases[0].pubtime,
        Some("2016-06-25T21:50:33Z".parse().unwrap())
    );
    match itoa.origin {
        IndexOrigin::CargoCache { path, modified } => {
            assert_eq!(path, written);
            assert!(modified.is_some());
        }
        other => panic!("unexpected origin {other:?}"),
    }
}

#[tokio::test]
async fn cargo_cache_for_another_host_is_not_used() {
    let setup = Setup::new();
    setup.write_cargo_cache("index.crates.io", "itoa", 3, &fixture("itoa"));
    let index = setup.index(&closed_port_url(), true);
    let err = index.crate_releases("itoa").await.unwrap_err();
    assert!(matches!(err, IndexError::NotCached { .. }), "{err:?}");
}

#[tokio::test]
async fn wrong_cargo_cache_version_is_rejected() {
    let setup = Setup::new();
    setup.write_cargo_cache("127.0.0.1", "itoa", 2, &fixture("itoa"));
    let index = setup.index(&closed_port_url(), true);
    let err = index.crate_releases("itoa").await.unwrap_err();
    assert!(matches!(err, IndexError::CargoCache { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("failed to read cargo's index cache file")
    );
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert_eq!(cause, "unsupported cache version 2 (expected 3)");
}

#[tokio::test]
async fn unreachable_index_falls_back_to_cargo_cache() {
    let setup = Setup::new();
    setup.write_cargo_cache("127.0.0.1", "semver", 3, &fixture("semver"));
    let index = setup.index(&closed_port_url(), false);
    let semver = index.crate_releases("semver").await.unwrap();
    assert_eq!(semver.releases.len(), 66);
    assert!(matches!(semver.origin, IndexOrigin::CargoCache { .. }));
    assert_eq!(
        semver.warnings[0].id, "index-fell-back-to-cargo-cache",
        "{:?}",
        semver.warnings
    );
    // Nothing anywhere for another crate: a clear error naming it.
    let err = index.crate_releases("itoa").await.unwrap_err();
    assert!(matches!(err, IndexError::Unavailable { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "index entry for `itoa` is unavailable and no local cache has it"
    );
}

#[tokio::test]
async fn offline_with_empty_caches_is_a_clear_error() {
    let setup = Setup::new();
    let index = setup.index(&closed_port_url(), true);
    let err = index.crate_releases("itoa").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no cached index entry for `itoa` (offline: looked in cargo's registry cache and cratescope's cache)"
    );
}

#[tokio::test]
async fn offline_uses_our_http_cache() {
    let server = serve_index(None).await;
    let setup = Setup::new();
    setup
        .index(&server.uri(), false)
        .crate_releases("itoa")
        .await
        .unwrap();
    let offline = setup.index(&server.uri(), true);
    let itoa = offline.crate_releases("itoa").await.unwrap();
    assert_eq!(itoa.releases.len(), 38);
    assert!(matches!(
        itoa.origin,
        IndexOrigin::Http {
            freshness: Freshness::Cached,
            ..
        }
    ));
}

/// Bytes standing in for a tarball; only their checksum matters here.
const TARBALL: &[u8] = b"\x1f\x8b pretend tarball for itoa-1.0.19";

async fn serve_tarball(server: &MockServer, body: &[u8]) {
    Mock::given(method("GET"))
        .and(path("/dl/itoa/itoa-1.0.19.crate"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.to_vec()))
        .mount(server)
        .await;
}

#[tokio::test]
async fn download_uses_dl_template_verifies_and_caches() {
    let server = serve_index(None).await;
    serve_tarball(&server, TARBALL).await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let version = semver::Version::new(1, 0, 19);
    let cksum = sha256_hex(TARBALL);
    let got = index
        .download_crate("itoa", &version, &cksum)
        .await
        .unwrap();
    assert_eq!(got.bytes, TARBALL);
    assert_eq!(
        got.origin,
        CrateOrigin::Download {
            url: format!("{}/dl/itoa/itoa-1.0.19.crate", server.uri())
        }
    );
    let cached = index.crate_cache_path("itoa", "1.0.19");
    assert_eq!(std::fs::read(&cached).unwrap(), TARBALL);
    // Second time: our cache, no download (checksum in upper case works too).
    let again = index
        .download_crate("itoa", &version, &cksum.to_uppercase())
        .await
        .unwrap();
    assert_eq!(again.origin, CrateOrigin::Cache { path: cached });
    assert_eq!(
        request_count(&server, "/dl/itoa/itoa-1.0.19.crate").await,
        1
    );
}

#[tokio::test]
async fn checksum_mismatch_is_an_error_and_nothing_is_cached() {
    let server = serve_index(None).await;
    serve_tarball(&server, b"tampered bytes").await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let cksum = sha256_hex(TARBALL);
    let err = index
        .download_crate("itoa", &semver::Version::new(1, 0, 19), &cksum)
        .await
        .unwrap_err();
    match &err {
        IndexError::ChecksumMismatch {
            expected, actual, ..
        } => {
            assert_eq!(expected, &cksum);
            assert_eq!(actual, &sha256_hex(b"tampered bytes"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(!index.crate_cache_path("itoa", "1.0.19").exists());
}

#[tokio::test]
async fn corrupt_file_in_our_cache_is_discarded_and_replaced() {
    let server = serve_index(None).await;
    serve_tarball(&server, TARBALL).await;
    let setup = Setup::new();
    let index = setup.index(&server.uri(), false);
    let cached = index.crate_cache_path("itoa", "1.0.19");
    std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
    std::fs::write(&cached, b"half a tarb").unwrap();
    let got = index
        .download_crate(
            "itoa",
            &semver::Version::new(1, 0, 19),
            &sha256_hex(TARBALL),
        )
        .await
        .unwrap();
    assert!(matches!(got.origin, CrateOrigin::Download { .. }));
    assert_eq!(std::fs::read(&cached).unwrap(), TARBALL);
}

fn write_cargo_tarball(cargo_home: &Path, registry: &str, bytes: &[u8]) -> PathBuf {
    let path = cargo_home
        .join("registry/cache")
        .join(registry)
        .join("itoa-1.0.19.crate");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn tarball_found_in_cargo_cache_without_network() {
    let setup = Setup::new();
    // Another registry's same-named file with other content is passed over.
    write_cargo_tarball(
        setup.cargo_home.path(),
        "a-private-registry-0000",
        b"other registry",
    );
    let path = write_cargo_tarball(
        setup.cargo_home.path(),
        "index.crates.io-1949cf8c6b5b557f",
        TARBALL,
    );
    let index = setup.index(&closed_port_url(), false);
    let got = index
        .download_crate(
            "itoa",
            &semver::Version::new(1, 0, 19),
            &sha256_hex(TARBALL),
        )
        .await
        .unwrap();
    assert_eq!(got.origin, CrateOrigin::CargoCache { path });
    assert_eq!(got.bytes, TARBALL);
}

#[tokio::test]
async fn offline_download_without_cache_fails_clearly() {
    let setup = Setup::new();
    let index = setup.index(&closed_port_url(), true);
    let err = index
        .download_crate(
            "itoa",
            &semver::Version::new(1, 0, 19),
            &sha256_hex(TARBALL),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no cached `.crate` file for `itoa` 1.0.19 (offline)"
    );
    let err = index
        .download_crate("itoa", &semver::Version::new(1, 0, 19), "abc")
        .await
        .unwrap_err();
    assert!(matches!(err, IndexError::InvalidChecksum { .. }), "{err:?}");
}

/// The real crates.io sparse index (reachable from our build machines).
#[tokio::test]
#[ignore = "needs the network"]
async fn live_index_itoa() {
    let setup = Setup::new();
    let index = setup.index(cratescope_http::endpoints::SPARSE_INDEX, false);
    let itoa = index.crate_releases("itoa").await.unwrap();
    assert!(itoa.releases.len() >= 38, "{}", itoa.releases.len());
    assert_eq!(itoa.releases[0].version, semver::Version::new(0, 1, 0));
    assert!(matches!(
        itoa.origin,
        IndexOrigin::Http {
            freshness: Freshness::Fetched,
            ..
        }
    ));
    // And the download host from the real config.json, checksum verified.
    let r = itoa
        .releases
        .iter()
        .find(|r| r.version == semver::Version::new(1, 0, 19))
        .unwrap();
    let got = index
        .download_crate("itoa", &r.version, &r.cksum)
        .await
        .unwrap();
    assert!(matches!(got.origin, CrateOrigin::Download { .. }));
    assert_eq!(sha256_hex(&got.bytes), r.cksum);
    eprintln!(
        "live: {} releases of itoa, latest {}, itoa-1.0.19.crate {} bytes from {:?}",
        itoa.releases.len(),
        itoa.releases
            .last()
            .map(|r| r.version.to_string())
            .unwrap_or_default(),
        got.bytes.len(),
        got.origin
    );
}

/// This machine's real cargo cache (written by cargo itself), read offline:
/// checks our reading of cargo's binary `.cache` format against the real
/// thing. Ignored because it depends on what this machine has resolved.
#[tokio::test]
#[ignore = "reads this machine's cargo home"]
async fn local_cargo_home_itoa() {
    let cache = tempfile::tempdir().unwrap();
    let mut config = HttpConfig::new(cache.path());
    config.offline = true;
    let index = Index::new(
        IndexConfig {
            offline: true,
            ..IndexConfig::default()
        },
        HttpClient::new(config).unwrap(),
    );
    let itoa = index.crate_releases("itoa").await.unwrap();
    assert!(
        matches!(itoa.origin, IndexOrigin::CargoCache { .. }),
        "{:?}",
        itoa.origin
    );
    assert!(itoa.warnings.is_empty(), "{:?}", itoa.warnings);
    assert_eq!(itoa.releases[0].version, semver::Version::new(0, 1, 0));
    assert!(itoa.releases[0].pubtime.is_some());
    let latest = itoa.releases.last().unwrap();
    let got = index
        .download_crate("itoa", &latest.version, &latest.cksum)
        .await
        .unwrap();
    assert!(
        matches!(got.origin, CrateOrigin::CargoCache { .. }),
        "{:?}",
        got.origin
    );
    eprintln!(
        "local: {} releases of itoa from {:?}; tarball {} bytes from {:?}",
        itoa.releases.len(),
        itoa.origin,
        got.bytes.len(),
        got.origin
    );
}

/// A hostile index file: a line naming another crate, a repeated version
/// (with and without build metadata), and a v=3 line.
#[tokio::test]
async fn lines_for_other_crates_and_repeated_versions_are_refused() {
    let server = MockServer::start().await;
    let line = |name: &str, vers: &str, extra: &str| {
        format!(
            r#"{{"name":"{name}","vers":"{vers}","deps":[],"cksum":"{}","features":{{}},"yanked":false{extra}}}"#,
            "a".repeat(64)
        )
    };
    let body = [
        line("Demo", "1.0.0", ""),
        line("evil", "9.9.9", ""),
        line("demo", "1.0.0", ""),
        line("demo", "1.0.0+build.7", ""),
        line("demo", "1.1.0", r#","v":3"#),
        line("demo", "1.0.1", ""),
    ]
    .join("\n");
    Mock::given(method("GET"))
        .and(path(format!("/{}", cratescope_index::index_path("demo"))))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    let setup = Setup::new();
    let index = setup.index(&format!("{}/", server.uri()), false);
    let krate = index.crate_releases("demo").await.unwrap();
    let versions: Vec<String> = krate
        .releases
        .iter()
        .map(|r| r.version.to_string())
        .collect();
    assert_eq!(versions, ["1.0.0", "1.0.1"]);
    // The crate keeps its own name (in the index's case), never `evil`.
    assert_eq!(krate.name, "Demo");
    let w = &krate.warnings;
    let count = |id: &str| w.iter().filter(|m| m.id == id).count();
    assert!(
        w.iter().any(|m| m.id == "index-line-other-crate"
            && m.get("other") == Some(&cratescope_model::Arg::krate("evil"))),
        "{w:?}"
    );
    assert_eq!(count("index-line-duplicate-version"), 2, "{w:?}");
    // The v=3 line is skipped with its reason.
    let mut ids = Vec::new();
    for m in w {
        m.walk(&mut |x| ids.push(x.id.clone()));
    }
    assert!(ids.iter().any(|i| i == "index-line-schema"), "{w:?}");
}
