//! `cratescope serve` as a process, on loopback: pages load in headless
//! Chromium with no console errors (screenshots kept), SIGTERM stops it
//! cleanly, and two servers on one PostgreSQL split a scheduled round —
//! each crate evaluated once — and finish the round of one killed with
//! SIGKILL once its claims expire.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use cratescope_store::Store;

use crate::registry::{FakeRegistry, dep, line};
use crate::store::{env, pg};

const AS_OF: &str = "2026-11-25";

fn registry(extra: usize) -> FakeRegistry {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    for i in 0..extra {
        let name = format!("demo-{i}");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\ndescription = \"demo {i} <script>alert({i})</script>\"\nrepository = \"javascript:alert(1)\"\nkeywords = [\"<img src=x onerror=alert(1)>\"]\n"
        );
        let readme = "# Demo\n\n\u{1b}[31mred\u{1b}[0m <script>alert('readme')</script>\n\n```rust\nlet x = demo::one(1);\n```\n";
        let lib = "//! Demo.\n\n/// Adds one.\npub fn one(x: u32) -> u32 { x + 1 }\n";
        let files = [
            ("Cargo.toml", manifest.as_str()),
            ("README.md", readme),
            ("src/lib.rs", lib),
        ];
        let sum = reg.add_crate(&name, "1.0.0", &files);
        let lines = [line(
            &name,
            "1.0.0",
            &sum,
            &dep("itoa", "^1"),
            false,
            "2026-02-01T10:00:00Z",
            "",
        )];
        reg.add_index(&name, &lines.join("\n"));
    }
    reg
}

fn run_ok(reg: &FakeRegistry, db: &str, args: &[&str]) -> String {
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, reg, db);
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A GET over a plain socket: (status, body).
pub(crate) fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

/// A `serve` process, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// What the server has logged so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process is still running, or how it ended.
    pub(crate) fn state(&mut self) -> String {
        match self.child.try_wait() {
            Ok(None) => "running".into(),
            Ok(Some(status)) => format!("exited ({status})"),
            Err(e) => format!("unknown ({e})"),
        }
    }
}

/// Spawn `cmd` (a `serve` command line without `--addr`) on a port the
/// kernel picks, logging to a file under `dir`, and wait until it answers
/// `/healthz`. The port is read from the server's own "listening on" line:
/// a port picked beforehand could be taken by another test's server in the
/// meantime, whose answer would then be mistaken for this one's.
pub(crate) fn launch(mut cmd: StdCommand, dir: &Path) -> Server {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log = dir.join(format!("serve-{n}.log"));
    let child = cmd
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut server = Server {
        child,
        port: 0,
        log,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if server.port == 0 {
            server.port = listening_port(&server.log()).unwrap_or(0);
        }
        if server.port != 0 && http_get(server.port, "/healthz").map(|(s, _)| s) == Some(200) {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("serve exited ({status}):\n{}", server.log());
        }
        assert!(
            Instant::now() < deadline,
            "the server did not come up:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The port of the server's "listening on http://127.0.0.1:PORT/" line.
fn listening_port(log: &str) -> Option<u16> {
    let (_, rest) = log.split_once("listening on http://127.0.0.1:")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

pub(crate) fn start(reg: &FakeRegistry, db: &str, args: &[&str], envs: &[(&str, &str)]) -> Server {
    let catalog = reg.root.path().join("catalog.toml");
    if !catalog.exists() {
        std::fs::write(
            &catalog,
            "version = 1\n[[category]]\nid = \"numbers\"\nname = { en = \"Numbers\", zh = \"数字\" }\ncrates = [\"itoa\", \"semver\", \"demo-0\", \"demo-1\"]\n",
        )
        .unwrap();
    }
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, reg, db);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.args(["serve", "--offline", "--catalog"])
        .arg(&catalog)
        .args(args);
    launch(cmd, reg.root.path())
}

/// Where screenshots go: `CRATESCOPE_SCREENSHOT_DIR` (e.g. /work/screenshots),
/// else a temporary directory.
fn screenshot_dir(tmp: &Path) -> PathBuf {
    std::env::var_os("CRATESCOPE_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.join("screenshots"))
}

/// Run headless Chromium on a URL; (exit ok, stdout, console errors seen).
fn chromium(args: &[&str], url: &str, profile: &Path) -> (bool, String, Vec<String>) {
    let out = StdCommand::new("chromium")
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs (scripts/test installs Debian's chromium)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Console messages are logged as `…:CONSOLE(line)] "text", source: …`;
    // CSP refusals and failed loads as console errors.
    let errors = stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
                || l.contains("Failed to load resource")
        })
        .map(str::to_string)
        .collect();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        errors,
    )
}

#[test]
fn pages_load_in_headless_chromium_without_console_errors() {
    let reg = registry(2);
    let db = format!(
        "sqlite://{}",
        reg.root.path().join("data/history.db").display()
    );
    run_ok(
        &reg,
        &db,
        &["track", "itoa", "semver", "demo-0", "demo-1", "--offline"],
    );
    run_ok(&reg, &db, &["update", "--offline"]);
    let server = start(&reg, &db, &[], &[]);
    let shots = screenshot_dir(reg.root.path());
    std::fs::create_dir_all(&shots).unwrap();
    let profile = reg.root.path().join("chromium-profile");

    // The detector sees a real console error (so silence below means none).
    let (_, _, errors) = chromium(
        &["--dump-dom"],
        "data:text/html,<p>x</p><script>console.error('cratescope-probe')</script>",
        &profile,
    );
    assert!(
        errors.iter().any(|e| e.contains("cratescope-probe")),
        "the console detector saw nothing: {errors:?}"
    );

    for (path, file, needle) in [
        ("/crates/demo-0", "crate-page.png", "demo-0 1.0.0"),
        ("/crates/itoa", "crate-itoa.png", "itoa"),
        (
            "/categories/numbers",
            "category-page.png",
            "Decision matrix",
        ),
        (
            "/compare?crates=itoa,semver,demo-0",
            "compare-page.png",
            "Comparison",
        ),
        ("/", "index-page.png", "Numbers"),
    ] {
        let url = format!("http://127.0.0.1:{}{path}", server.port);
        let (ok, dom, errors) = chromium(&["--dump-dom"], &url, &profile);
        assert!(ok, "{url}");
        assert!(dom.contains(needle), "{url}: {dom}");
        // Hostile metadata stayed text: no element came from a crate.
        assert!(!dom.contains("<script"), "{url}");
        assert!(!dom.contains("<img"), "{url}");
        assert!(errors.is_empty(), "{url}: console errors: {errors:?}");
        let png = shots.join(file);
        let _ = std::fs::remove_file(&png);
        let (ok, _, errors) = chromium(
            &[
                "--window-size=1280,2200",
                &format!("--screenshot={}", png.display()),
            ],
            &url,
            &profile,
        );
        assert!(ok, "{url}");
        assert!(errors.is_empty(), "{url}: console errors: {errors:?}");
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{}: {size} bytes", png.display());
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let reg = registry(0);
    let db = format!("sqlite://{}", reg.root.path().join("h.db").display());
    let mut server = start(&reg, &db, &[], &[]);
    assert_eq!(http_get(server.port, "/healthz").unwrap().0, 200);
    // Its log goes to a file here: plain text, no terminal colours.
    let log = server.log();
    assert!(log.contains("listening on"), "{log}");
    assert!(!log.contains('\u{1b}'), "{log:?}");
    let st = StdCommand::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(http_get(server.port, "/healthz").is_none());
    // The store was closed cleanly.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let s = Store::open(&db).await.unwrap();
        assert_eq!(s.integrity_check().await.unwrap().as_deref(), Some("ok"));
    });
}

/// Wait until the open run of a day is gone (finished) and return its rows.
/// Past `secs`, fail with the run's rows and each server's state and log.
fn wait_round(
    rt: &tokio::runtime::Runtime,
    servers: &mut [&mut Server],
    store: &Store,
    run: i64,
    secs: u64,
) -> Vec<(String, String, i64)> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let open = rt.block_on(store.open_runs()).unwrap();
        if !open.iter().any(|(id, _)| *id == run) {
            return rt.block_on(store.run_attempts(run)).unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "round {run} not finished: {:?}\nrows: {:?}\nholders: {:?}\n{}",
            rt.block_on(store.run_status(run)).unwrap(),
            rt.block_on(store.run_attempts(run)).unwrap(),
            rt.block_on(store.claim_holders(run)).unwrap(),
            servers
                .iter_mut()
                .map(|s| {
                    let state = s.state();
                    format!("== server on port {}, {state}:\n{}", s.port, s.log())
                })
                .collect::<String>(),
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn two_servers_share_one_postgres_and_take_over_a_killed_one() {
    const CRATES: usize = 16;
    let reg = registry(CRATES);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(pg::fresh_database());
    let names: Vec<String> = (0..CRATES).map(|i| format!("demo-{i}")).collect();
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend(names.iter().cloned());
    run_ok(
        &reg,
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let store = rt.block_on(Store::open(&db)).unwrap();
    let day: jiff::civil::Date = AS_OF.parse().unwrap();
    let run = rt
        .block_on(store.join_run(day, jiff::Timestamp::now()))
        .unwrap()
        .id;

    // Round 1: two servers, each with its own name, start a round at once.
    let mut a = start(
        &reg,
        &db,
        &["--update-every", "1d", "--jobs", "2"],
        &[("CRATESCOPE_WORKER_HOST", "machine-a")],
    );
    let mut b = start(
        &reg,
        &db,
        &["--update-every", "1d", "--jobs", "2"],
        &[("CRATESCOPE_WORKER_HOST", "machine-b")],
    );
    let rows = wait_round(&rt, &mut [&mut a, &mut b], &store, run, 120);
    assert_eq!(rows.len(), CRATES);
    for (name, status, attempts) in &rows {
        assert_eq!(
            (status.as_str(), *attempts),
            ("done", 1),
            "{name} done twice?"
        );
    }
    for n in &names {
        assert_eq!(rt.block_on(store.history(n)).unwrap().len(), 1, "{n}");
    }
    // Both servers worked (the metrics of each count its own share).
    let share = |port| {
        let (_, m) = http_get(port, "/metrics").unwrap();
        m.lines()
            .find_map(|l| l.strip_prefix("cratescope_update_evaluations_total "))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap()
    };
    // A server counts its share when its round returns, which can be a poll
    // interval after the run is finished in the store.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (sa, sb) = loop {
        let (sa, sb) = (share(a.port), share(b.port));
        if sa + sb == CRATES || Instant::now() > deadline {
            break (sa, sb);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(sa + sb, CRATES, "{sa} + {sb}");
    eprintln!("round shared: machine-a evaluated {sa}, machine-b {sb}");
    drop(a);
    drop(b);

    // Round 2 (the next day): server A is killed holding claims; server B,
    // on another machine, finishes the round once the lease expires.
    let next = "2026-11-26";
    let run2 = rt
        .block_on(store.join_run(next.parse().unwrap(), jiff::Timestamp::now()))
        .unwrap()
        .id;
    let lease = [("CRATESCOPE_UPDATE_LEASE", "3s"), ("CRATESCOPE_NOW", next)];
    let mut held = Vec::new();
    for _ in 0..20 {
        let mut envs = lease.to_vec();
        envs.push(("CRATESCOPE_WORKER_HOST", "machine-a"));
        let mut a = start(&reg, &db, &["--update-every", "1d", "--jobs", "2"], &envs);
        let deadline = Instant::now() + Duration::from_secs(30);
        while rt.block_on(store.run_status(run2)).unwrap().claimed == 0 && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = a.child.kill();
        let _ = a.child.wait();
        held = rt
            .block_on(store.run_attempts(run2))
            .unwrap()
            .into_iter()
            .filter(|(_, s, _)| s == "claimed")
            .collect();
        if !held.is_empty() {
            break;
        }
    }
    assert!(!held.is_empty(), "no kill landed while a claim was held");
    let mut envs = lease.to_vec();
    envs.push(("CRATESCOPE_WORKER_HOST", "machine-b"));
    let mut b = start(&reg, &db, &["--update-every", "1d", "--jobs", "2"], &envs);
    let rows = wait_round(&rt, &mut [&mut b], &store, run2, 120);
    assert_eq!(rows.len(), CRATES);
    for (name, status, attempts) in &rows {
        assert_eq!(status, "done", "{name}");
        if held.iter().any(|(n, _, _)| n == name) {
            assert!(*attempts >= 2, "{name} was held by the killed server");
        }
    }
    for n in &names {
        assert_eq!(rt.block_on(store.history(n)).unwrap().len(), 2, "{n}");
    }
}
