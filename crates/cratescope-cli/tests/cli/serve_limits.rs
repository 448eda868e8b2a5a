//! `cratescope serve` as a process under hostile conditions: its connection
//! flags reach the server (a slowloris head closed at `--header-timeout`),
//! the connection cap follows the descriptor limit (`ulimit -n`), and a
//! history the server may read but not write is served read-only.
//!
//! The read-only case runs the server as another user (`setpriv` to
//! `nobody` when the tests run as root, who may write anything; otherwise
//! the file and directory are made read-only with chmod).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::registry::{FakeRegistry, dep, line};
use crate::serve::{Server, http_get, launch};
use crate::store::env;

fn registry() -> FakeRegistry {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    let manifest = "[package]\nname = \"demo-0\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\ndescription = \"demo\"\n";
    let sum = reg.add_crate(
        "demo-0",
        "1.0.0",
        &[
            ("Cargo.toml", manifest),
            ("src/lib.rs", "//! Demo.\npub fn one() -> u32 { 1 }\n"),
        ],
    );
    reg.add_index(
        "demo-0",
        &line(
            "demo-0",
            "1.0.0",
            &sum,
            &dep("itoa", "^1"),
            false,
            "2026-02-01T10:00:00Z",
            "",
        ),
    );
    reg
}

fn run_ok(reg: &FakeRegistry, db: &str, args: &[&str]) {
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, reg, db);
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Start `serve` with `args`; `wrap` is a command line put before the
/// binary (`setpriv …`, `sh -c 'ulimit …'`).
fn start(reg: &FakeRegistry, db: &str, wrap: &[&str], args: &[&str]) -> Server {
    let bin = assert_cmd::cargo::cargo_bin("cratescope");
    let mut cmd = match wrap.split_first() {
        Some((first, rest)) => {
            let mut c = StdCommand::new(first);
            c.args(rest).arg(&bin);
            c
        }
        None => StdCommand::new(&bin),
    };
    env(&mut cmd, reg, db);
    cmd.args(["serve", "--offline"])
        .args(args)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    launch(cmd, reg.root.path())
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn is_root() -> bool {
    // The owner of a file we just created is who we are.
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    std::fs::metadata(probe.path()).unwrap().uid() == 0
}

#[test]
fn serve_reads_a_history_it_cannot_write() {
    let reg = registry();
    let data = reg.root.path().join("data");
    let db_file = data.join("history.db");
    let db = format!("sqlite://{}", db_file.display());
    run_ok(&reg, &db, &["track", "demo-0", "--offline"]);
    run_ok(&reg, &db, &["update", "--offline"]);
    // Readable by anyone, writable by its owner only; the cache directory
    // (where the server may write) is anyone's.
    chmod(reg.root.path(), 0o755);
    let cache = reg.cache_dir();
    std::fs::create_dir_all(&cache).unwrap();
    chmod(&cache, 0o777);
    let root = is_root();
    let wrap: &[&str] = if root {
        chmod(&data, 0o755);
        chmod(&db_file, 0o644);
        &[
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "--",
        ]
    } else {
        chmod(&db_file, 0o444);
        chmod(&data, 0o555);
        &[]
    };
    let server = start(&reg, &db, wrap, &[]);
    let (status, body) = http_get(server.port, "/healthz").unwrap();
    assert_eq!((status, body.as_str()), (200, "ok (read-only store)\n"));
    let (status, body) = http_get(server.port, "/crates/demo-0").unwrap();
    assert_eq!(status, 200, "{body}\n{}", server.log());
    assert!(body.contains("demo-0 1.0.0"), "{body}");
    assert!(
        server.log().contains("read-only"),
        "the server says so:\n{}",
        server.log()
    );
    drop(server);
    chmod(&data, 0o755);
}

#[test]
fn connection_flags_reach_the_server_and_the_cap_fits_the_descriptor_limit() {
    let reg = registry();
    let db = format!(
        "sqlite://{}",
        reg.root.path().join("data/history.db").display()
    );
    run_ok(&reg, &db, &["track", "demo-0", "--offline"]);
    let server = start(
        &reg,
        &db,
        &["sh", "-c", "ulimit -n 128 && exec \"$0\" \"$@\""],
        &["--header-timeout", "500ms", "--max-connections", "5000"],
    );
    let (_, metrics) = http_get(server.port, "/metrics").unwrap();
    // 128 descriptors, 64 kept for the rest: 64 connections.
    assert!(
        metrics.contains("\ncratescope_connections_max 64\n"),
        "{metrics}"
    );
    assert!(server.log().contains("lowered to fit"), "{}", server.log());
    // A slowloris head is closed at --header-timeout.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    let closed = loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) if started.elapsed() > Duration::from_secs(20) => break false,
            Ok(0) => break true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                let _ = s.write_all(b"X");
            }
            Err(_) => break true,
        }
    };
    assert!(closed, "the head was not closed in 20 s");
    // Trickled bytes did not extend it.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Meanwhile a real request is answered.
    assert_eq!(http_get(server.port, "/healthz").unwrap().0, 200);
}

#[test]
fn a_zero_connection_timeout_is_refused_with_the_flag_named() {
    let reg = registry();
    let db = format!(
        "sqlite://{}",
        reg.root.path().join("data/history.db").display()
    );
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, &reg, &db);
    let out = cmd
        .args(["serve", "--addr", "127.0.0.1:0", "--idle-timeout", "0s"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--idle-timeout must be longer than 0"),
        "{err}"
    );
}
