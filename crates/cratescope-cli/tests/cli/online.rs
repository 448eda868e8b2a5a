//! `cratescope eval` online, against one local server that plays the sparse
//! index, the download host, crates.io (the real response bodies in
//! testdata/cratesio-api), GitHub and docs.rs (bodies in their
//! documented shapes, from cratescope-online's test fixtures). The card has
//! all seven dimensions.

use assert_cmd::Command;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::eval::{AS_OF, demo_files};
use crate::registry::{build_crate, dep, fixtures, line};

pub(crate) fn online_fixture(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cratescope-online/tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub(crate) fn cratesio(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixtures().join("cratesio-api").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

pub(crate) async fn serve(server: &MockServer, p: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(server)
        .await;
}

/// A small repository with known history: two people over the last year.
fn make_repo(dir: &std::path::Path) {
    let git = |args: &[&str], date: &str, who: (&str, &str)| {
        let st = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git runs");
        assert!(st.success(), "git {args:?}");
    };
    std::fs::create_dir_all(dir).unwrap();
    git(
        &["init", "-q", "-b", "main"],
        "2026-01-01T00:00:00Z",
        ("a", "a@example.org"),
    );
    let people = [
        ("Ann", "ann@example.org"),
        ("Bob", "bob@example.org"),
        ("Ann", "ann@example.org"),
    ];
    let dates = [
        "2026-02-01T10:00:00Z",
        "2026-09-15T10:00:00Z",
        "2026-11-01T10:00:00Z",
    ];
    for (i, (who, date)) in people.iter().zip(dates).enumerate() {
        std::fs::write(dir.join("file.txt"), format!("{i}\n")).unwrap();
        git(&["add", "file.txt"], date, *who);
        git(&["commit", "-q", "-m", &format!("change {i}")], date, *who);
    }
}

pub(crate) fn run(
    server_uri: &str,
    cache: &std::path::Path,
    home: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    run_with(server_uri, cache, home, extra, &[])
}

/// [`run`] with extra environment variables.
pub(crate) fn run_with(
    server_uri: &str,
    cache: &std::path::Path,
    home: &std::path::Path,
    extra: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> std::process::Output {
    let repo = home.join("repo");
    if !repo.exists() {
        make_repo(&repo);
    }
    Command::cargo_bin("cratescope")
        .unwrap()
        .env_clear()
        .env("HOME", home)
        .env("CARGO_HOME", home.join("no-cargo-home"))
        .env("CRATESCOPE_CACHE_DIR", cache)
        .env("CRATESCOPE_NOW", AS_OF)
        .env("CRATESCOPE_INDEX_URL", format!("{server_uri}/index/"))
        .env("CRATESCOPE_CRATES_IO_API", format!("{server_uri}/api/v1"))
        .env("CRATESCOPE_GITHUB_API", format!("{server_uri}/gh"))
        .env("CRATESCOPE_DOCS_RS", format!("{server_uri}/docsrs"))
        .env(
            "CRATESCOPE_USER_AGENT",
            "cratescope-tests (tests@example.invalid)",
        )
        .env("CRATESCOPE_ADVISORY_DB", fixtures().join("advisory-db"))
        .args(["eval", "--format", "json", "tidy-demo", "--repo"])
        .arg(&repo)
        .args(if extra.contains(&"--as-of") {
            &[][..]
        } else {
            &["--as-of", AS_OF][..]
        })
        .args(extra)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .output()
        .unwrap()
}

/// One local server playing the index, the download host, crates.io,
/// GitHub and docs.rs for `tidy-demo`, on a runtime of its own.
pub(crate) struct StandIns {
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) server: MockServer,
    pub(crate) uri: String,
}

pub(crate) fn stand_ins() -> StandIns {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // A server of its own (not from wiremock's pool), so dropping it really
    // closes the port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let server = rt.block_on(MockServer::builder().listener(listener).start());
    let uri = server.uri();
    let tarball = build_crate("tidy-demo", "1.1.0", &demo_files());
    let sum = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&tarball))
    };
    let deps = format!("{},{}", dep("itoa", "^1"), dep("semver", "^0.9"));
    let zero = "0".repeat(64);
    let index = [
        line(
            "tidy-demo",
            "0.1.0",
            &zero,
            "",
            false,
            "2023-01-10T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "1.0.0",
            &zero,
            &deps,
            false,
            "2024-03-01T10:00:00Z",
            "",
        ),
        line(
            "tidy-demo",
            "1.1.0",
            &sum,
            &deps,
            false,
            "2026-10-01T10:00:00Z",
            r#","rust_version":"1.70""#,
        ),
    ]
    .join("\n");

    // crates.io: the real bodies; the evaluated version is not in crate.json's
    // list, so the client asks for it separately.
    let mut version = cratesio("versions.json")["versions"][0].clone();
    version["num"] = "1.1.0".into();
    version["crate"] = "tidy-demo".into();
    let version_body = serde_json::json!({ "version": version }).to_string();

    rt.block_on(async {
        serve(
            &server,
            "/index/config.json",
            format!(r#"{{"dl": "{uri}/dl", "api": "{uri}"}}"#),
        )
        .await;
        serve(&server, "/index/ti/dy/tidy-demo", index).await;
        for name in ["itoa", "semver"] {
            let p = if name == "itoa" {
                "/index/it/oa/itoa"
            } else {
                "/index/se/mv/semver"
            };
            serve(
                &server,
                p,
                std::fs::read_to_string(fixtures().join("sparse-index").join(name)).unwrap(),
            )
            .await;
        }
        serve(
            &server,
            "/index/se/mv/semver-parser",
            line(
                "semver-parser",
                "0.7.0",
                &"1".repeat(64),
                "",
                false,
                "2017-01-01T00:00:00Z",
                "",
            ),
        )
        .await;
        Mock::given(method("GET"))
            .and(path("/dl/tidy-demo/1.1.0/download"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(tarball.clone()))
            .mount(&server)
            .await;
        let api = "/api/v1/crates/tidy-demo";
        serve(&server, api, cratesio("crate.json").to_string()).await;
        serve(&server, &format!("{api}/1.1.0"), version_body).await;
        serve(
            &server,
            &format!("{api}/downloads"),
            cratesio("downloads.json").to_string(),
        )
        .await;
        serve(
            &server,
            &format!("{api}/reverse_dependencies"),
            cratesio("reverse_dependencies.json").to_string(),
        )
        .await;
        serve(
            &server,
            &format!("{api}/owner_user"),
            cratesio("owner_user.json").to_string(),
        )
        .await;
        serve(
            &server,
            &format!("{api}/owner_team"),
            cratesio("owner_team.json").to_string(),
        )
        .await;
        serve(
            &server,
            "/gh/repos/example/tidy-demo",
            online_fixture("github/repo.json"),
        )
        .await;
        // The client follows the repository's `full_name` (renames) for later calls.
        let gh = "/gh/repos/dtolnay/itoa";
        serve(
            &server,
            &format!("{gh}/contributors"),
            online_fixture("github/contributors.json"),
        )
        .await;
        serve(
            &server,
            &format!("{gh}/stats/commit_activity"),
            online_fixture("github/commit_activity.json"),
        )
        .await;
        serve(
            &server,
            &format!("{gh}/issues"),
            online_fixture("github/issues.json"),
        )
        .await;
        serve(
            &server,
            &format!("{gh}/issues/comments"),
            online_fixture("github/issue_comments.json"),
        )
        .await;
        serve(
            &server,
            "/docsrs/crate/tidy-demo/1.1.0/status.json",
            r#"{"version":"1.1.0","doc_status":true}"#.into(),
        )
        .await;
    });

    StandIns { rt, server, uri }
}

#[test]
fn all_seven_dimensions_from_every_source() {
    let StandIns {
        rt: _rt,
        server,
        uri,
    } = stand_ins();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&uri, &dir.path().join("cache"), dir.path(), &[]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dims = v["dimensions"].as_array().unwrap();
    for id in [
        "stability",
        "community",
        "documentation",
        "usage",
        "performance",
        "ecosystem",
        "maintenance",
    ] {
        let d = dims.iter().find(|d| d["id"] == id).unwrap();
        assert!(d["score"].is_number(), "{id} has no score: {d}");
    }
    let sources = v["sources"].to_string();
    for s in ["crates-io", "github", "docs-rs"] {
        assert!(
            sources.contains(&format!(r#""id":"{s}","status":"ok""#)),
            "{s} not ok: {sources}"
        );
    }
    // The owners fixtures: 2 users and 2 teams.
    let owners = dims.iter().find(|d| d["id"] == "community").unwrap()["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "owners")
        .unwrap()
        .clone();
    assert_eq!(owners["raw"], 8.0, "{owners}");
    let first = out.stdout.clone();
    let text =
        String::from_utf8_lossy(&out.stdout).replace(&dir.path().display().to_string(), "[TMP]");
    let text = crate::registry::redact_times(&text.replace(&uri, "[SERVER]"));
    insta::assert_snapshot!("online_all_dimensions", text);

    // The network goes down: a refresh finds the registry unreachable, and the
    // card uses the cached index and says how old it is.
    drop(server);
    let out = run(&uri, &dir.path().join("cache"), dir.path(), &["--refresh"]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let index = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "index")
        .unwrap()
        .clone();
    assert_eq!(index["status"], "stale", "{index}");
    let reason = index["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("registry unreachable: cached index from "),
        "{reason}"
    );
    assert!(reason.ends_with("minutes old"), "{reason}");
    // Same card otherwise: the composite did not change for lack of network.
    assert_eq!(
        v["composite"],
        serde_json::from_str::<serde_json::Value>(&String::from_utf8_lossy(&first)).unwrap()["composite"]
    );
}

/// Issue 14: when the registry answers "no such crate" (404), `track` refuses
/// the name (exit 2, with cargo's other spelling tried first) and `compare`
/// exits 2; the registry is a local server, nothing leaves the machine.
#[test]
fn unknown_crates_are_refused_when_the_registry_says_so() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(MockServer::start());
    let index = std::fs::read_to_string(fixtures().join("sparse-index/itoa")).unwrap();
    rt.block_on(serve(
        &server,
        "/index/config.json",
        format!(r#"{{"dl":"{}/dl"}}"#, server.uri()),
    ));
    rt.block_on(serve(&server, "/index/it/oa/itoa", index));
    // Everything else: 404, as the sparse index answers for unknown names.
    let root = tempfile::tempdir().unwrap();
    let cmd = |args: &[&str]| {
        let mut c = Command::cargo_bin("cratescope").unwrap();
        c.env_clear()
            .env("HOME", root.path())
            .env("CARGO_HOME", root.path().join("cargo-home"))
            .env("CRATESCOPE_CACHE_DIR", root.path().join("cache"))
            .env("CRATESCOPE_INDEX_URL", format!("{}/index/", server.uri()))
            .env(
                "CRATESCOPE_CRATES_IO_API",
                format!("{}/api/v1", server.uri()),
            )
            .env("CRATESCOPE_GITHUB_API", server.uri())
            .env("CRATESCOPE_DOCS_RS", server.uri())
            .env("CRATESCOPE_ADVISORY_DB", fixtures().join("advisory-db"))
            .env(
                "CRATESCOPE_DATABASE_URL",
                format!("sqlite://{}", root.path().join("h.db").display()),
            )
            .env("CRATESCOPE_NOW", AS_OF)
            .current_dir(root.path())
            .args(args);
        c.output().unwrap()
    };
    let out = cmd(&["track", "nosuchcrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no crate named `nosuchcrate`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cmd(&["track", "itoa"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cmd(&["tracked"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "itoa\n");
    let out = cmd(&["compare", "itoa", "nosuchcrate", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(2));
}
