//! PostgreSQL for tests, shared by the store's tests and the CLI's (included
//! with `#[path]`).
//!
//! Decision: a PostgreSQL test never passes silently without a server.
//! - `CRATESCOPE_TEST_POSTGRES_URL` set (an admin URL, e.g.
//!   `postgres://postgres@127.0.0.1:5432/postgres`): each test gets a fresh
//!   database created through it.
//! - unset: the first test starts a throwaway cluster (initdb + postgres from
//!   `/usr/lib/postgresql/*/bin`, trust auth, loopback only, a random port, as
//!   the `postgres` user when running as root) in a temporary directory. The
//!   server is started under a watchdog shell that stops it when this test
//!   process exits (its stdin, held by us, closes).
//! - neither possible: the test fails with a message saying what to install.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};

/// How long a fresh cluster may take to accept connections.
const STARTUP: Duration = Duration::from_secs(60);

/// Client connections the throwaway cluster accepts. Each `cratescope`
/// process pools up to 8, and the CLI's tests run one test per core: four
/// PostgreSQL tests at once peaked at 57 backends here, so the server's
/// default of 100 would be reached on a machine with more cores, failing
/// tests with "too many clients" that have nothing wrong.
const MAX_CONNECTIONS: u32 = 400;

struct Cluster {
    admin_url: String,
    _dir: Option<tempfile::TempDir>,
    _watchdog: Option<Child>,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .collect();
    dirs.sort();
    dirs.into_iter()
        .rev()
        .find(|d| d.join("initdb").exists() && d.join("postgres").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `cmd` as the postgres user when we are root (initdb refuses root).
fn as_pg_user(program: &Path, root: bool) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn start_cluster() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("CRATESCOPE_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        return Ok(Cluster {
            admin_url: url,
            _dir: None,
            _watchdog: None,
        });
    }
    let bin = pg_bin().ok_or(
        "PostgreSQL tests need CRATESCOPE_TEST_POSTGRES_URL (an admin URL) or PostgreSQL's server binaries under \
         /usr/lib/postgresql/*/bin (apt-get install -y postgresql; scripts/test does it)",
    )?;
    let root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("cratescope-pg")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let data = dir.path().join("data");
    if root {
        let st = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status()
            .map_err(|e| e.to_string())?;
        if !st.success() {
            return Err(format!(
                "chown of {} to postgres failed",
                dir.path().display()
            ));
        }
    }
    let out = as_pg_user(&bin.join("initdb"), root)
        .arg("-D")
        .arg(&data)
        .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
        .output()
        .map_err(|e| format!("cannot run initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let port = free_port()?;
    // The watchdog: runs postgres in the background and stops it (fast
    // shutdown) when its stdin reaches end of file, i.e. when this process exits.
    let script = format!(
        "'{pg}' -D '{data}' -p {port} -k '{sock}' -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections={MAX_CONNECTIONS} >'{log}' 2>&1 & pid=$!; cat >/dev/null; kill -INT $pid; wait $pid; \
         rm -rf '{dir}'",
        pg = bin.join("postgres").display(),
        data = data.display(),
        sock = dir.path().display(),
        log = dir.path().join("server.log").display(),
        // The cluster lives in a static, which is never dropped: the
        // watchdog removes its directory once postgres has stopped.
        dir = dir.path().display(),
    );
    let mut sh = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", "sh", "-c", &script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &script]);
        c
    };
    let child = sh
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + STARTUP;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let mut log = String::new();
            let _ = std::fs::File::open(dir.path().join("server.log"))
                .and_then(|mut f| f.read_to_string(&mut log));
            return Err(format!(
                "throwaway PostgreSQL did not start on port {port}: {log}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Cluster {
        admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        _dir: Some(dir),
        _watchdog: Some(child),
    })
}

/// The admin URL of the test server (starting it if needed); panics with a
/// clear message when PostgreSQL is not available.
pub fn admin_url() -> String {
    match CLUSTER.get_or_init(start_cluster) {
        Ok(c) => c.admin_url.clone(),
        Err(e) => panic!("{e}"),
    }
}

/// A fresh, empty database on the test server; returns its URL.
pub async fn fresh_database() -> String {
    let admin = admin_url();
    let name = format!(
        "cs_test_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::SeqCst)
    );
    // The server may still be finishing its startup when the port opens.
    let deadline = Instant::now() + STARTUP;
    let mut conn = loop {
        match sqlx::PgConnection::connect(&admin).await {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot connect to the test PostgreSQL at {admin}: {e}"),
        }
    };
    conn.execute(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .await
    .unwrap_or_else(|e| panic!("drop {name}: {e}"));
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap_or_else(|e| panic!("create {name}: {e}"));
    let _ = conn.close().await;
    match admin.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("admin url {admin} has no database part"),
    }
}
