//! The crates.io database dump end to end: `eval` with local stand-ins for
//! crates.io, GitHub and docs.rs plus a dump file (both sources named), the
//! same with the network down (usage from the dump alone), a stale dump, a
//! missing `--db-dump`, and `dump fetch` resuming an interrupted download.

#[path = "../../../cratescope-dump/tests/common/mod.rs"]
pub(crate) mod dumpgen;

use std::io::{Read, Write};
use std::path::Path;

use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::online::{StandIns, run_with, stand_ins};

/// A dump in which `tidy-demo` (created 2023-01-10) has three dependents
/// whose default versions depend on it (two at runtime, one dev), one
/// crate depending on one of those, and downloads over the 90 days.
fn tidy_world() -> dumpgen::World {
    let mut w = dumpgen::World::default();
    w.krate(1, "tidy-demo", "2023-01-10 10:00:00")
        .krate(2, "alpha", "2024-01-01 00:00:00")
        .krate(3, "beta", "2024-02-01 00:00:00")
        .krate(4, "gamma", "2024-03-01 00:00:00")
        .krate(5, "delta", "2024-04-01 00:00:00");
    w.version(10, 1, "0.1.0", "2023-01-10 10:00:00")
        .version(11, 1, "1.0.0", "2024-03-01 10:00:00")
        .version(12, 1, "1.1.0", "2026-10-01 10:00:00")
        .version(20, 2, "1.0.0", "2024-01-01 00:00:00")
        .version(30, 3, "1.0.0", "2024-02-01 00:00:00")
        .version(40, 4, "1.0.0", "2024-03-01 00:00:00")
        .version(50, 5, "1.0.0", "2024-04-01 00:00:00");
    w.dep(20, 1, 0).dep(30, 1, 1).dep(40, 1, 2).dep(50, 2, 0);
    for day in 0..90 {
        let date = jiff::civil::date(2026, 11, 24)
            .checked_sub(jiff::Span::new().days(day))
            .unwrap()
            .to_string();
        w.downloads
            .push((12, date, if day < 45 { 2_000 } else { 1_000 }));
    }
    w.crate_downloads = vec![(1, 750_000)];
    w.owners = vec![(1, 1, 0), (2, 2, 0), (3, 3, 0), (3, 2, 0), (4, 4, 1)];
    w
}

fn write_dump(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("db-dump.tar.gz");
    dumpgen::write_tar_gz(&p, dumpgen::TOP, &dumpgen::files(&tidy_world()));
    p
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn signal<'a>(v: &'a serde_json::Value, dim: &str, id: &str) -> &'a serde_json::Value {
    v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == dim)
        .unwrap()["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
}

fn source<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no source {id}: {}", v["sources"]))
}

#[test]
fn every_source_plus_the_dump_then_the_network_goes_down() {
    let StandIns {
        rt: _rt,
        server,
        uri,
    } = stand_ins();
    let dir = tempfile::tempdir().unwrap();
    let dump = write_dump(dir.path());
    let env = [("CRATESCOPE_DB_DUMP", dump.as_os_str())];
    let cache = dir.path().join("cache");
    let v = json(&run_with(&uri, &cache, dir.path(), &[], &env));

    // Confidence from what was really measured: every source answered.
    let confidence = v["confidence"].as_f64().unwrap();
    eprintln!(
        "composite {} confidence {} tier {} provisional {}",
        v["composite"], v["confidence"], v["tier"], v["provisional"]
    );
    assert!(confidence >= 0.75, "confidence {confidence}");
    assert_eq!(v["provisional"], false, "{}", v["provisional_reason"]);
    assert_ne!(v["tier"], "experimental");
    let usage = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "usage")
        .unwrap();
    assert_eq!(usage["confidence"], 1.0, "{usage}");

    // The dump is named with its date; both figures are named by source.
    let d = source(&v, "dump");
    assert_eq!(d["status"], "ok", "{d}");
    assert_eq!(d["reason"], "dump of 2026-11-24");
    let dependents = signal(&v, "usage", "dependents");
    assert_eq!(
        dependents["evidence"],
        "1 crate depends on it directly (crates.io API; db dump of 2026-11-24: 3)"
    );
    // alpha and beta at runtime: their owners are users 2 and 3 (user 2
    // owns both); delta depends on alpha.
    assert_eq!(signal(&v, "usage", "dependent-owners")["raw"], 2.0);
    assert_eq!(signal(&v, "usage", "indirect-dependents")["raw"], 1.0);

    // The network goes down: the index is served from the cache, crates.io,
    // GitHub and docs.rs are unreachable, and usage still has data — from
    // the dump, which says so.
    drop(server);
    // The web APIs at an address where nothing listens (their answers from
    // the first run are not in the cache under it).
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (api, gh, docs) = (
        format!("{closed}/api/v1"),
        format!("{closed}/gh"),
        format!("{closed}/docsrs"),
    );
    let env = [
        ("CRATESCOPE_DB_DUMP", dump.as_os_str()),
        ("CRATESCOPE_CRATES_IO_API", std::ffi::OsStr::new(&api)),
        ("CRATESCOPE_GITHUB_API", std::ffi::OsStr::new(&gh)),
        ("CRATESCOPE_DOCS_RS", std::ffi::OsStr::new(&docs)),
    ];
    let v = json(&run_with(&uri, &cache, dir.path(), &["--refresh"], &env));
    assert_eq!(source(&v, "crates-io")["status"], "unavailable");
    let dependents = signal(&v, "usage", "dependents");
    assert_eq!(dependents["raw"], 3.0, "{dependents}");
    assert_eq!(
        dependents["evidence"],
        "3 crates depend on it directly (crates.io db dump of 2026-11-24)"
    );
    let downloads = signal(&v, "usage", "downloads");
    // (45 × 2000 + 45 × 1000) / 90 days × 30.44 days.
    assert_eq!(
        downloads["evidence"],
        "45,656 downloads/month over the last 90 days (crates.io db dump of 2026-11-24)"
    );
    assert_eq!(
        signal(&v, "usage", "usage-growth")["raw"],
        2.0,
        "recent half over older half"
    );
    let owners = signal(&v, "community", "owners");
    assert_eq!(
        owners["evidence"],
        "1 user owners and 0 team owners (crates.io db dump of 2026-11-24)"
    );
    let usage = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "usage")
        .unwrap();
    assert!(usage["score"].is_number(), "{usage}");
    assert_eq!(v["info"]["downloads"], 750_000);
}

#[test]
fn a_stale_dump_is_named_and_warned_about() {
    let StandIns {
        rt: _rt,
        server: _server,
        uri,
    } = stand_ins();
    let dir = tempfile::tempdir().unwrap();
    let dump = write_dump(dir.path());
    // Today is 2026-12-20: the dump of 2026-11-24 is 26 days old. The card
    // is for today, so the APIs (stand-ins for today) are asked too.
    let env = [
        ("CRATESCOPE_DB_DUMP", dump.as_os_str()),
        ("CRATESCOPE_NOW", std::ffi::OsStr::new("2026-12-20")),
    ];
    let out = run_with(
        &uri,
        &dir.path().join("cache"),
        dir.path(),
        &["--as-of", "2026-12-20"],
        &env,
    );
    let v = json(&out);
    let d = source(&v, "dump");
    assert_eq!(d["status"], "stale", "{d}");
    assert_eq!(
        d["reason"],
        "dump of 2026-11-24, 26 days old: run `cratescope dump fetch` for a current one"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the crates.io database dump is 26 days old (2026-11-24)"),
        "{stderr}"
    );
}

#[test]
fn a_past_date_gets_reconstructed_dependents_only() {
    let StandIns {
        rt: _rt,
        server: _server,
        uri,
    } = stand_ins();
    let dir = tempfile::tempdir().unwrap();
    let dump = write_dump(dir.path());
    let env = [("CRATESCOPE_DB_DUMP", dump.as_os_str())];
    // 2024-02-15: alpha (2024-01) and beta (2024-02-01) depended on it;
    // gamma and delta came later. The evaluated version then was 0.1.0.
    let v = json(&run_with(
        &uri,
        &dir.path().join("cache"),
        dir.path(),
        &["--as-of", "2024-02-15"],
        &env,
    ));
    let dependents = signal(&v, "usage", "dependents");
    assert_eq!(dependents["raw"], 2.0, "{dependents}");
    let owners = signal(&v, "usage", "dependent-owners");
    assert!(
        owners["unavailable"]
            .as_str()
            .unwrap()
            .contains("not reconstructible"),
        "{owners}"
    );
    let usage = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "usage")
        .unwrap();
    let not = usage["not_reconstructed"].to_string();
    assert!(not.contains("dependent-owners"), "{usage}");
    assert!(not.contains("downloads"), "{usage}");
}

#[test]
fn an_explicit_dump_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.tar.gz");
    let out = assert_cmd::Command::cargo_bin("cratescope")
        .unwrap()
        .env_clear()
        .env("HOME", dir.path())
        .env("CRATESCOPE_CACHE_DIR", dir.path().join("cache"))
        .args(["eval", "--offline", "itoa", "--db-dump"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("error: the dump {} does not exist", missing.display())
    );
}

/// Serves bytes with an ETag, honouring `Range` + `If-Range` (206) and
/// `If-None-Match` (304), as a static file host does.
struct Ranged {
    body: Vec<u8>,
    etag: &'static str,
}

impl Respond for Ranged {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let h = |n: &str| req.headers.get(n).and_then(|v| v.to_str().ok());
        if h("if-none-match") == Some(self.etag) {
            return ResponseTemplate::new(304);
        }
        if let (Some(range), Some(self_etag)) = (h("range"), h("if-range"))
            && self_etag == self.etag
            && let Some(start) = range
                .strip_prefix("bytes=")
                .and_then(|r| r.strip_suffix('-'))
                .and_then(|s| s.parse::<usize>().ok())
        {
            let len = self.body.len();
            return ResponseTemplate::new(206)
                .insert_header(
                    "content-range",
                    format!("bytes {start}-{}/{len}", len - 1).as_str(),
                )
                .insert_header("etag", self.etag)
                .set_body_bytes(self.body[start..].to_vec());
        }
        ResponseTemplate::new(200)
            .insert_header("etag", self.etag)
            .set_body_bytes(self.body.clone())
    }
}

/// A server that announces the whole file, sends the first `cut` bytes and
/// hangs up: an interrupted download.
fn interrupting_server(body: Vec<u8>, cut: usize, etag: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\netag: {etag}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body[..cut]);
            let _ = s.flush();
        }
    });
    format!("http://{addr}/db-dump.tar.gz")
}

fn dump_cmd(cache: &Path, home: &Path, url: &str) -> std::process::Output {
    assert_cmd::Command::cargo_bin("cratescope")
        .unwrap()
        .env_clear()
        .env("HOME", home)
        .env("CRATESCOPE_CACHE_DIR", cache)
        .args(["dump", "fetch", "--url", url])
        .output()
        .unwrap()
}

#[test]
fn dump_fetch_resumes_an_interrupted_download_and_then_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read(write_dump(dir.path())).unwrap();
    let cache = dir.path().join("cache");
    let etag = "\"dump-2026-11-24\"";
    let cut = body.len() / 2;

    // 1. The connection drops halfway: an error, the part kept, no dump.
    let url = interrupting_server(body.clone(), cut, etag);
    let out = dump_cmd(&cache, dir.path(), &url);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("run again to resume"), "{stderr}");
    let dest = cache.join("dump").join("db-dump.tar.gz");
    assert!(!dest.exists(), "a partial download became the dump");
    let part = cache.join("dump").join("db-dump.tar.gz.part");
    assert_eq!(std::fs::read(&part).unwrap(), body[..cut]);

    // 2. Again, against a host that honours Range: only the rest is fetched.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(MockServer::start());
    rt.block_on(
        Mock::given(wiremock::matchers::path("/db-dump.tar.gz"))
            .respond_with(Ranged {
                body: body.clone(),
                etag,
            })
            .mount(&server),
    );
    let url = format!("{}/db-dump.tar.gz", server.uri());
    let out = dump_cmd(&cache, dir.path(), &url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&cratescope_report::catalog::render(
            cratescope_model::Lang::En,
            &cratescope_model::msg!(
                "cli-dump-downloaded-resumed",
                bytes = cratescope_model::message::Arg::Bytes(body.len() as u64),
                from = cratescope_model::message::Arg::Bytes(cut as u64)
            )
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("dump of 2026-11-24: 5 crates, 7 versions, 4 dependency rows, imported"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    assert!(!part.exists());
    let requests = rt.block_on(server.received_requests()).unwrap();
    assert_eq!(
        requests[0].headers.get("range").unwrap(),
        &format!("bytes={cut}-")
    );
    let ua = requests[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(ua.starts_with("cratescope/"), "{ua}");

    // 3. Once more: the server says it has not changed; nothing is fetched.
    let out = dump_cmd(&cache, dir.path(), &url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("already current"), "{stdout}");
    assert!(stdout.contains("import already current"), "{stdout}");

    // 4. The fetched dump is used by eval with no flag at all.
    let out = assert_cmd::Command::cargo_bin("cratescope")
        .unwrap()
        .env_clear()
        .env("HOME", dir.path())
        .env("CRATESCOPE_CACHE_DIR", &cache)
        .args(["dump", "import"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("import already current"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
