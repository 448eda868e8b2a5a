//! Hostile input, as a published crate or a registry could send it (issue
//! 17): each case is a crate built here and evaluated by the real binary,
//! offline. The assertions are on what the user sees: no local file or
//! secret in any output, no request to a host the user did not choose, a
//! clear reason where something was refused.

use std::net::TcpListener;
use std::time::Duration;

use crate::registry::{FakeRegistry, line};

const AS_OF: &str = "2026-11-25";

/// A secret that must never appear in any output.
const SECRET: &str = "s3cret-token-from-the-environment";

fn crate_with_repository(reg: &FakeRegistry, name: &str, repository: &str) {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\nrepository = \"{repository}\"\n"
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        (
            "src/lib.rs",
            "//! Demo.\n\n/// One.\npub fn one() -> u8 { 1 }\n",
        ),
    ];
    let sum = reg.add_crate(name, "1.0.0", &files);
    reg.add_index(
        name,
        &line(name, "1.0.0", &sum, "", false, "2025-01-01T00:00:00Z", ""),
    );
}

fn eval_json(reg: &FakeRegistry, name: &str) -> (serde_json::Value, String) {
    let out = reg
        .command()
        .env("GITHUB_TOKEN", SECRET)
        .env("CRATESCOPE_NOW", AS_OF)
        .args(["eval", "--offline", "--format", "json", name])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{name}: {stderr}");
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "{name} leaked the token"
    );
    (serde_json::from_str(&stdout).unwrap(), stderr)
}

fn git_source(v: &serde_json::Value) -> serde_json::Value {
    v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "git")
        .unwrap()
        .clone()
}

#[test]
fn a_repository_field_never_reads_local_files() {
    let reg = FakeRegistry::new();
    let secret_file = reg.root.path().join("secret.txt");
    std::fs::write(&secret_file, format!("password={SECRET}\n")).unwrap();
    let cases = [
        ("environ", "/proc/self/environ".to_string()),
        ("passwd", "/etc/passwd".to_string()),
        ("dot", ".".to_string()),
        ("secret", secret_file.display().to_string()),
        ("fileurl", format!("file://{}", reg.root.path().display())),
    ];
    for (name, repository) in &cases {
        crate_with_repository(&reg, name, repository);
        let (v, _) = eval_json(&reg, name);
        let git = git_source(&v);
        assert_eq!(git["status"], "unavailable", "{name}: {git}");
        let reason = git["reason"].as_str().unwrap();
        assert!(
            reason.contains("must be an https URL") || reason.contains("public host"),
            "{name}: {reason}"
        );
        let text = v.to_string();
        assert!(!text.contains("root:x:0:0"), "{name} printed /etc/passwd");
        assert!(!text.contains("PATH="), "{name} printed the environment");
    }
}

#[test]
fn a_repository_field_never_makes_us_call_a_private_host() {
    let reg = FakeRegistry::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let manifest = format!(
        "[package]\nname = \"internal\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\nrepository = \"http://127.0.0.1:{port}/internal-admin/repo.git\"\n"
    );
    let bytes = crate::registry::build_crate(
        "internal",
        "1.0.0",
        &[
            ("Cargo.toml", manifest.as_str()),
            ("src/lib.rs", "pub fn one() {}\n"),
        ],
    );
    let sum = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    // Online this time, against a local registry: the index and the
    // download host are the test's; only the repository URL could lead to
    // the listener.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(wiremock::MockServer::start());
    let uri = server.uri();
    rt.block_on(async {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, ResponseTemplate};
        Mock::given(method("GET"))
            .and(path("/index/config.json"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string(format!(r#"{{"dl": "{uri}/dl", "api": "{uri}"}}"#)),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/index/in/te/internal"))
            .respond_with(ResponseTemplate::new(200).set_body_string(line(
                "internal",
                "1.0.0",
                &sum,
                "",
                false,
                "2025-01-01T00:00:00Z",
                "",
            )))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/dl/internal/1.0.0/download"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
            .mount(&server)
            .await;
    });
    let out = reg
        .command()
        .env("CRATESCOPE_NOW", AS_OF)
        .env("CRATESCOPE_INDEX_URL", format!("{uri}/index/"))
        .env("CRATESCOPE_CRATES_IO_API", "http://127.0.0.1:9")
        .env("CRATESCOPE_GITHUB_API", "http://127.0.0.1:9")
        .env("CRATESCOPE_DOCS_RS", "http://127.0.0.1:9")
        .args(["eval", "--format", "json", "internal"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        listener.accept().is_err(),
        "cratescope connected to the private host named by the crate"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reason = git_source(&v)["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("may not name a port"), "{reason}");
    // The tarball was read: the refusal is the repository's, not the registry's.
    let tarball = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "tarball")
        .unwrap()
        .clone();
    assert_eq!(tarball["status"], "ok", "{tarball}");
}

#[test]
fn repo_flag_pointing_at_a_file_is_refused_without_reading_it() {
    let reg = FakeRegistry::new();
    crate_with_repository(&reg, "plain", "https://github.com/o/plain");
    let secret_file = reg.root.path().join("secret.txt");
    std::fs::write(&secret_file, format!("password={SECRET}\n")).unwrap();
    let out = reg
        .command()
        .env("CRATESCOPE_NOW", AS_OF)
        .args(["eval", "--offline", "--format", "json", "plain", "--repo"])
        .arg(&secret_file)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(SECRET), "the file's content was printed");
    assert!(all.contains("is not a directory"), "{all}");
}

#[test]
fn an_index_of_only_unreadable_lines_says_so() {
    let reg = FakeRegistry::new();
    let bad = [
        r#"{"name":"broken","vers":"1.0.0","v":3,"deps":[],"cksum":"00","features":{}}"#,
        r#"{"name":"broken","vers":"not-a-version","deps":[],"cksum":"00","features":{}}"#,
    ];
    reg.add_index("broken", &bad.join("\n"));
    let out = reg
        .command()
        .env("CRATESCOPE_NOW", AS_OF)
        .args(["eval", "--offline", "broken"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no readable release"), "{err}");
    assert!(err.contains("2 lines skipped"), "{err}");
}

/// A registry whose dependency index files hang: the evaluation ends at its
/// time limit with what it has, instead of waiting on every request.
#[test]
fn hanging_dependencies_cost_the_time_limit_not_every_request() {
    let reg = FakeRegistry::new();
    let deps: Vec<String> = (0..16)
        .map(|i| crate::registry::dep(&format!("slow-dep-{i}"), "^1"))
        .collect();
    let manifest = "[package]\nname = \"slowdeps\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n";
    let bytes = crate::registry::build_crate(
        "slowdeps",
        "1.0.0",
        &[
            ("Cargo.toml", manifest),
            ("src/lib.rs", "pub fn one() {}\n"),
        ],
    );
    let sum = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(wiremock::MockServer::start());
    let uri = server.uri();
    rt.block_on(async {
        use wiremock::matchers::{method, path, path_regex};
        use wiremock::{Mock, ResponseTemplate};
        Mock::given(method("GET"))
            .and(path("/index/config.json"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string(format!(r#"{{"dl": "{uri}/dl", "api": "{uri}"}}"#)),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/index/sl/ow/slowdeps"))
            .respond_with(ResponseTemplate::new(200).set_body_string(line(
                "slowdeps",
                "1.0.0",
                &sum,
                &deps.join(","),
                false,
                "2025-01-01T00:00:00Z",
                "",
            )))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/dl/slowdeps/1.0.0/download"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path_regex("^/index/sl/ow/slow-dep-"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(600)))
            .mount(&server)
            .await;
    });
    let config = reg.root.path().join("limits.toml");
    std::fs::write(&config, "evaluation_timeout_secs = 3\n").unwrap();
    let out = reg
        .command()
        .env("CRATESCOPE_NOW", AS_OF)
        .env("CRATESCOPE_INDEX_URL", format!("{uri}/index/"))
        .env("CRATESCOPE_CRATES_IO_API", "http://127.0.0.1:9")
        .env("CRATESCOPE_GITHUB_API", "http://127.0.0.1:9")
        .env("CRATESCOPE_DOCS_RS", "http://127.0.0.1:9")
        .arg("--config")
        .arg(&config)
        .args(["eval", "--format", "json", "slowdeps"])
        // Without the limit, 16 hanging requests of 30 s each (twice: latest
        // versions and the tree) would far exceed this.
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("time limit of 3 s ran out"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["composite"].is_number(), "{v}");
}

fn security_gates(card: &serde_json::Value) -> Vec<String> {
    card["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "security")
        .flat_map(|d| d["gates"].as_array().unwrap().clone())
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 17 item 9: a `.crate` that is not a sound archive (or fails its
/// checksum)
/// is a finding about the crate, said on stderr, and never scores better
/// than the same crate read normally.
#[test]
fn a_refused_crate_file_is_a_finding_never_a_gain() {
    let reg = FakeRegistry::new();
    crate_with_repository(&reg, "honest", "https://github.com/o/honest");
    let (honest, _) = eval_json(&reg, "honest");
    assert_ne!(honest["tier"], "avoid");
    let honest_composite = honest["composite"].as_f64().unwrap();

    // Not an archive at all, with a checksum that matches those bytes.
    let garbage = b"this is not a gzip stream".to_vec();
    std::fs::write(reg.crate_dir().join("garbage-1.0.0.crate"), &garbage).unwrap();
    let sum = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&garbage))
    };
    reg.add_index(
        "garbage",
        &line(
            "garbage",
            "1.0.0",
            &sum,
            "",
            false,
            "2025-01-01T00:00:00Z",
            "",
        ),
    );

    // (A download that fails its checksum takes the same path, from the
    // index crate's ChecksumMismatch; offline, cargo's cache is only ever
    // served when it matches.)
    {
        let name = "garbage";
        let (card, stderr) = eval_json(&reg, name);
        assert!(
            stderr.contains(&format!(
                "the published .crate of `{name}` 1.0.0 was refused"
            )),
            "{name}: {stderr}\n{}",
            card["sources"]
        );
        assert_eq!(card["tier"], "avoid", "{name}");
        assert_eq!(security_gates(&card), ["package-refused"], "{name}");
        let c = card["composite"].as_f64().unwrap();
        assert!(
            c <= 2.0 && c < honest_composite,
            "{name}: {c} vs {honest_composite}"
        );
        let tarball = card["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "tarball")
            .unwrap()
            .clone();
        assert_eq!(tarball["refused"], "integrity", "{name}: {tarball}");
    }
}
