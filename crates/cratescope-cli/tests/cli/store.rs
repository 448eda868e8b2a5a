//! `track`, `untrack`, `update`, `history`, `backfill` and `trends` as a user
//! runs them, offline on a fake cargo home, against SQLite and PostgreSQL
//! (PostgreSQL: see the store's `tests/common/pg.rs`), plus `kill -9` during
//! `update` and a reader running beside a writer.

#[path = "../../../cratescope-store/tests/common/pg.rs"]
pub(crate) mod pg;

use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use cratescope_store::Store;

use crate::registry::{FakeRegistry, dep, fixtures, line};

const AS_OF: &str = "2026-11-25";

/// A registry with real index files for itoa and semver, and `extra` small
/// crates built here (each with a tarball) so `update` has work to do.
fn registry(extra: usize) -> FakeRegistry {
    let reg = FakeRegistry::new();
    reg.add_real_index();
    for i in 0..extra {
        let name = format!("demo-{i}");
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition = \"2021\"\nlicense = \"MIT\"\ndescription = \"demo {i}\"\n"
        );
        let lib =
            "//! Demo.\n\n/// Adds one.\npub fn one(x: u32) -> u32 { x + 1 }\n".repeat(1 + i % 3);
        let files = [
            ("Cargo.toml", manifest.as_str()),
            ("src/lib.rs", lib.as_str()),
        ];
        let sum = reg.add_crate(&name, "1.0.0", &files);
        let zero = "0".repeat(64);
        let lines = [
            line(&name, "0.1.0", &zero, "", false, "2025-01-10T10:00:00Z", ""),
            line(
                &name,
                "1.0.0",
                &sum,
                &dep("itoa", "^1"),
                false,
                "2026-02-01T10:00:00Z",
                "",
            ),
        ];
        reg.add_index(&name, &lines.join("\n"));
    }
    reg
}

/// A command's environment for a fake registry and a store (also the
/// server tests').
pub(crate) fn env(cmd: &mut StdCommand, reg: &FakeRegistry, db: &str) {
    cmd.env_clear()
        .env("CARGO_HOME", reg.cargo_home())
        .env("CRATESCOPE_CACHE_DIR", reg.cache_dir())
        .env("HOME", reg.root.path())
        .env("CRATESCOPE_NOW", AS_OF)
        .env("CRATESCOPE_ADVISORY_DB", fixtures().join("advisory-db"))
        .env("CRATESCOPE_DATABASE_URL", db)
        .current_dir(reg.root.path());
}

fn cratescope(reg: &FakeRegistry, db: &str) -> Command {
    let mut std = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut std, reg, db);
    Command::from_std(std)
}

fn run_ok(reg: &FakeRegistry, db: &str, args: &[&str]) -> String {
    let out = cratescope(reg, db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed ({:?}): {}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sqlite_url(reg: &FakeRegistry) -> String {
    format!(
        "sqlite://{}",
        reg.root.path().join("data/history.db").display()
    )
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Every command once, in the order a user would run them.
fn commands_end_to_end(reg: &FakeRegistry, db: &str) {
    let out = run_ok(reg, db, &["track", "itoa", "semver", "demo-0", "--offline"]);
    assert!(out.contains("tracking 3 more crates; 3 tracked"), "{out}");
    let out = run_ok(reg, db, &["tracked"]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["demo-0", "itoa", "semver"],
        "{out}"
    );
    let out = run_ok(reg, db, &["update", "--offline"]);
    assert!(out.contains("first evaluations:"), "{out}");
    for n in ["itoa", "semver", "demo-0"] {
        assert!(out.contains(&format!("  {n}: ")), "{out}");
    }
    assert!(out.contains("updated 3 crates: "), "{out}");

    // history: the table, with a sparkline row per dimension.
    let out = run_ok(reg, db, &["history", "itoa"]);
    assert!(out.contains("itoa: 1 stored evaluation\n"), "{out}");
    assert!(out.contains("2026-11-25"), "{out}");
    assert!(out.contains("trend (1–5 scale"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("Version stability") && l.contains('→')),
        "{out}"
    );

    // The table fits 80 columns; CSV and Markdown carry every dimension by id.
    let out = cratescope(reg, db)
        .env("COLUMNS", "80")
        .args(["history", "itoa"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .all(|l| cratescope_report::term::width(l) <= 80),
        "{text}"
    );
    let csv = run_ok(reg, db, &["history", "itoa", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("id,as_of,version,tier,provisional,composite,confidence,stability,"),
        "{header}"
    );
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let md = run_ok(reg, db, &["history", "itoa", "--format", "markdown"]);
    assert!(md.starts_with("### itoa\n\n| id | as\\_of |"), "{md}");

    // JSON history, and the stored card re-rendered equals a fresh evaluation's JSON.
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(reg, db, &["history", "itoa", "--format", "json"])).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let id = entries[0]["id"].as_i64().unwrap();
    let card: serde_json::Value = serde_json::from_str(&run_ok(
        reg,
        db,
        &[
            "history",
            "itoa",
            "--card",
            &id.to_string(),
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(card["crate"], "itoa");
    assert_eq!(card["composite"], entries[0]["composite"]);
    let fresh: serde_json::Value = serde_json::from_str(&run_ok(
        reg,
        db,
        &["eval", "itoa", "--offline", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(card["dimensions"], fresh["dimensions"]);
    let table = run_ok(reg, db, &["history", "itoa", "--card", &id.to_string()]);
    assert!(table.contains("itoa"), "{table}");

    // A second update on the same inputs stores nothing new and reports no change.
    let out = run_ok(reg, db, &["update", "--offline"]);
    assert!(out.contains("3 unchanged"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(reg, db, &["history", "itoa", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);

    // backfill: past quarter ends, marked as such; quarters before the first release are skipped.
    let out = run_ok(
        reg,
        db,
        &["backfill", "demo-0", "--quarters", "3", "--offline"],
    );
    assert!(out.contains("demo-0 2026Q1 (2026-03-31): 1.0.0"), "{out}");
    assert!(out.contains("demo-0 2026Q3 (2026-09-30): 1.0.0"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(reg, db, &["history", "demo-0", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 4, "{json}");
    assert_eq!(rows.iter().filter(|r| r["backfill"] == true).count(), 3);
    assert_eq!(rows[0]["as_of"], "2026-03-31");
    let out = run_ok(
        reg,
        db,
        &["backfill", "demo-0", "--quarters", "20", "--offline"],
    );
    assert!(out.contains("2025Q4 (2025-12-31): 0.1.0"), "{out}");
    assert!(out.contains("(already stored)"), "{out}");
    assert!(out.contains("2021Q4 (2021-12-31): skipped"), "{out}");

    // trends over a catalog of these crates.
    let catalog = reg.root.path().join("catalog.toml");
    std::fs::write(
        &catalog,
        "version = 1\n[[category]]\nid = \"numbers\"\nname = { en = \"Numbers\", zh = \"数字\" }\ncrates = [\"itoa\", \"demo-0\", \"never-stored\"]\n",
    )
    .unwrap();
    let out = run_ok(
        reg,
        db,
        &["trends", "--catalog", &catalog.display().to_string()],
    );
    assert!(out.contains("## Numbers (numbers)"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        reg,
        db,
        &[
            "trends",
            "--catalog",
            &catalog.display().to_string(),
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let crates = json[0]["crates"].as_array().unwrap();
    assert_eq!(crates.len(), 3);
    assert!(crates[0]["ring"].is_string(), "{json}");
    assert!(
        crates[1]["momentum"].is_number(),
        "demo-0 has several quarters: {json}"
    );
    assert!(crates[2]["ring"].is_null());

    // Every store command speaks the language asked for, errors included.
    let out = run_ok(reg, db, &["untrack", "semver", "--lang", "zh"]);
    assert!(out.contains("取消跟踪 1 个 crate；共跟踪 2 个"), "{out}");
    let out = run_ok(reg, db, &["track", "semver", "--offline", "--lang", "zh"]);
    assert!(out.contains("新增跟踪 1 个 crate；共跟踪 3 个"), "{out}");
    let out = run_ok(reg, db, &["history", "itoa", "--lang", "zh"]);
    assert!(!out.contains("stored evaluation"), "{out}");
    let out = cratescope(reg, db)
        .args(["history", "never-tracked", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有 `never-tracked` 的已存储评估"), "{err}");
    assert!(!err.contains("no stored evaluation"), "{err}");

    // untrack keeps history.
    let out = run_ok(reg, db, &["untrack", "semver"]);
    assert!(out.contains("untracked 1 crate; 2 tracked"), "{out}");
    assert!(run_ok(reg, db, &["history", "semver"]).contains("1 stored evaluation\n"));
}

#[test]
fn sqlite_commands_end_to_end() {
    let reg = registry(1);
    commands_end_to_end(&reg, &sqlite_url(&reg));
}

#[test]
fn postgres_commands_end_to_end() {
    let reg = registry(1);
    let url = rt().block_on(pg::fresh_database());
    commands_end_to_end(&reg, &url);
}

#[test]
fn errors_name_the_object() {
    let reg = registry(0);
    let db = sqlite_url(&reg);
    let out = cratescope(&reg, &db)
        .args(["track", "--category", "no-such"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no catalog category `no-such`"));
    let out = cratescope(&reg, &db)
        .args(["history", "itoa"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no stored evaluation of `itoa`"));
    let out = cratescope(&reg, &db)
        .args(["track", "itoa@1.0.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cratescope(&reg, "mysql://x/y")
        .args(["history", "itoa"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database url"));
    // A crate missing from the registry fails, is reported, and is retried by the next update.
    // (Offline, a name not in any cache cannot be checked: tracked with a warning.)
    run_ok(
        &reg,
        &db,
        &["track", "itoa", "not-in-registry", "--offline"],
    );
    let out = cratescope(&reg, &db)
        .args(["update", "--offline"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("failed (retried by the next `update`):") && text.contains("not-in-registry"),
        "{text}"
    );
    let out = cratescope(&reg, &db)
        .args(["update", "--offline"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("resumed an interrupted update: 1 crate was already done"),
        "{text}"
    );
}

/// A pseudo-random delay from the clock (no RNG dependency needed).
fn jitter(max_ms: u64) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Duration::from_millis(u64::from(nanos) % max_ms)
}

/// Kill -9 at random points during `update`, repeatedly: the database always
/// opens, passes `PRAGMA integrity_check`, keeps every evaluation committed
/// before the kill; the last `update` finishes what is left.
#[test]
fn kill_9_during_update_loses_nothing_committed() {
    const CRATES: usize = 24;
    const KILLS: usize = 6;
    let reg = registry(CRATES);
    let db = sqlite_url(&reg);
    let names: Vec<String> = (0..CRATES).map(|i| format!("demo-{i}")).collect();
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend(names.iter().cloned());
    run_ok(
        &reg,
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let rt = rt();
    let mut committed: Vec<i64> = Vec::new();
    let mut interrupted = 0;
    for round in 0..KILLS {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
        env(&mut cmd, &reg, &db);
        cmd.args(["update", "--offline", "--jobs", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        // The first kill comes early so at least one lands mid-update even on
        // a fast machine (a late one can find all 24 crates done); the later
        // ones land anywhere.
        let delay = if round == 0 {
            Duration::from_millis(20) + jitter(40)
        } else {
            Duration::from_millis(30) + jitter(400)
        };
        std::thread::sleep(delay);
        // SIGKILL: no destructor, no rollback handler runs.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        let ids = rt.block_on(async {
            let store = Store::open(&db).await.unwrap();
            assert_eq!(
                store.integrity_check().await.unwrap().as_deref(),
                Some("ok")
            );
            let mut ids = Vec::new();
            for n in &names {
                ids.extend(store.history(n).await.unwrap().iter().map(|e| e.id));
            }
            store.close().await;
            ids
        });
        for id in &committed {
            assert!(
                ids.contains(id),
                "evaluation {id} committed before a kill is gone"
            );
        }
        committed = ids;
    }
    assert!(
        interrupted > 0,
        "no update was interrupted: make the test crates slower or kill sooner"
    );
    // Finish: only what is left is evaluated, and every crate has its evaluation.
    let out = run_ok(&reg, &db, &["update", "--offline"]);
    let done_before = committed.len();
    if done_before > 0 && done_before < CRATES {
        assert!(out.contains("resumed an interrupted update"), "{out}");
        assert!(
            out.contains(&format!("updated {} crate", CRATES - done_before)),
            "{out}"
        );
    }
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        assert_eq!(
            store.integrity_check().await.unwrap().as_deref(),
            Some("ok")
        );
        for n in &names {
            assert_eq!(store.history(n).await.unwrap().len(), 1, "{n}");
        }
    });
}

/// `history` in a loop while `update` writes: never "database is locked".
#[test]
fn history_reads_while_update_writes() {
    const CRATES: usize = 16;
    let reg = registry(CRATES);
    let db = sqlite_url(&reg);
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend((0..CRATES).map(|i| format!("demo-{i}")));
    run_ok(
        &reg,
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    run_ok(&reg, &db, &["update", "--offline"]);
    // A new day: update writes again while we read.
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, &reg, &db);
    cmd.env("CRATESCOPE_NOW", "2026-11-26")
        .args(["update", "--offline", "--as-of", "2026-11-26"]);
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut reads = 0;
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        let out = cratescope(&reg, &db)
            .args(["history", "demo-0", "--format", "json"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !err.contains("locked"),
            "history failed beside update: {err}"
        );
        reads += 1;
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(reads > 0);
    for i in 0..CRATES {
        let json: serde_json::Value = serde_json::from_str(&run_ok(
            &reg,
            &db,
            &["history", &format!("demo-{i}"), "--format", "json"],
        ))
        .unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
    }
}

/// Eight `update` processes started together on one store share the round:
/// every crate is claimed once, evaluated once and stored once, every
/// process exits 0, and the run is finished.
fn eight_concurrent_updates_share_one_round(reg: &FakeRegistry, db: &str) {
    const CRATES: usize = 24;
    const PROCESSES: usize = 8;
    let names: Vec<String> = (0..CRATES).map(|i| format!("demo-{i}")).collect();
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend(names.iter().cloned());
    run_ok(
        reg,
        db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let rt = rt();
    let store = rt.block_on(Store::open(db)).unwrap();
    // The round the processes will join (opened here to know its id).
    let run = rt
        .block_on(store.join_run(AS_OF.parse().unwrap(), jiff::Timestamp::now()))
        .unwrap()
        .id;
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
            env(&mut cmd, reg, db);
            cmd.args(["update", "--offline", "--jobs", "2"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut evaluated_by_processes = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        evaluated_by_processes += names
            .iter()
            .filter(|n| text.contains(&format!("  {n}: ")))
            .count();
    }
    // The summaries add up to one evaluation per crate.
    assert_eq!(evaluated_by_processes, CRATES);
    rt.block_on(async {
        assert!(
            store.open_runs().await.unwrap().is_empty(),
            "the round is finished"
        );
        let finished = store.run_attempts(run).await.unwrap();
        assert_eq!(finished.len(), CRATES, "{finished:?}");
        for (name, status, attempts) in &finished {
            assert_eq!((status.as_str(), *attempts), ("done", 1), "{name}");
        }
        for n in &names {
            assert_eq!(store.history(n).await.unwrap().len(), 1, "{n}");
        }
        assert_eq!(store.count().await.unwrap(), CRATES as i64);
        if let Some(ok) = store.integrity_check().await.unwrap() {
            assert_eq!(ok, "ok");
        }
        store.close().await;
    });
}

#[test]
fn sqlite_eight_concurrent_updates_share_one_round() {
    let reg = registry(24);
    eight_concurrent_updates_share_one_round(&reg, &sqlite_url(&reg));
}

#[test]
fn postgres_eight_concurrent_updates_share_one_round() {
    let reg = registry(24);
    let url = rt().block_on(pg::fresh_database());
    eight_concurrent_updates_share_one_round(&reg, &url);
}

/// A worker killed with SIGKILL while it holds a claim: another `update`
/// (on "another machine", so only the lease can tell it the holder is gone)
/// waits for the claim to expire, takes the crate over and finishes the
/// round. Nothing is stored twice; the database stays sound.
fn killed_worker_claim_expires_and_is_taken_over(reg: &FakeRegistry, db: &str) {
    const CRATES: usize = 24;
    const LEASE_SECS: u64 = 3;
    let names: Vec<String> = (0..CRATES).map(|i| format!("demo-{i}")).collect();
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend(names.iter().cloned());
    run_ok(
        reg,
        db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let rt = rt();
    let day: jiff::civil::Date = AS_OF.parse().unwrap();
    let store = rt.block_on(Store::open(db)).unwrap();
    let run = rt
        .block_on(store.join_run(day, jiff::Timestamp::now()))
        .unwrap();
    // Kill the first worker as soon as it holds a claim; if the kill lands
    // between two claims (nothing held), start it again.
    let mut held = Vec::new();
    for _attempt in 0..20 {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
        env(&mut cmd, reg, db);
        cmd.env("CRATESCOPE_WORKER_HOST", "machine-a")
            .env("CRATESCOPE_UPDATE_LEASE", format!("{LEASE_SECS}s"))
            .args(["update", "--offline", "--jobs", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while rt.block_on(store.run_status(run.id)).unwrap().claimed == 0
            && child.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        child.wait().unwrap();
        held = rt
            .block_on(store.run_attempts(run.id))
            .unwrap()
            .into_iter()
            .filter(|(_, s, _)| s == "claimed")
            .collect();
        if !held.is_empty() {
            break;
        }
    }
    assert!(!held.is_empty(), "no kill landed while a claim was held");
    assert_eq!(
        rt.block_on(store.claim_holders(run.id))
            .unwrap()
            .iter()
            .map(|h| h.parts().unwrap().0.to_string())
            .collect::<Vec<_>>(),
        vec!["machine-a".to_string()]
    );
    // The second worker, on this machine with its real name.
    let started = Instant::now();
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, reg, db);
    cmd.env("CRATESCOPE_UPDATE_LEASE", format!("{LEASE_SECS}s"))
        .args(["update", "--offline", "--jobs", "2"]);
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // It could only take the held crates over once their lease ran out.
    assert!(
        took >= Duration::from_secs(LEASE_SECS - 1),
        "finished in {took:?}: did not wait for the lease"
    );
    let rows = rt.block_on(store.run_attempts(run.id)).unwrap();
    assert_eq!(rows.len(), CRATES);
    for (name, status, attempts) in &rows {
        assert_eq!(status, "done", "{name}");
        let was_held = held.iter().any(|(n, _, _)| n == name);
        assert!(
            *attempts >= 1 && (!was_held || *attempts >= 2),
            "{name}: {attempts} attempt(s), held by the killed worker: {was_held}"
        );
    }
    rt.block_on(async {
        assert!(
            store
                .finish_run_if_complete(run.id, jiff::Timestamp::now())
                .await
                .unwrap()
        );
        for n in &names {
            assert_eq!(store.history(n).await.unwrap().len(), 1, "{n}");
        }
        if let Some(ok) = store.integrity_check().await.unwrap() {
            assert_eq!(ok, "ok");
        }
        store.close().await;
    });
}

#[test]
fn sqlite_killed_worker_claim_expires_and_is_taken_over() {
    let reg = registry(24);
    killed_worker_claim_expires_and_is_taken_over(&reg, &sqlite_url(&reg));
}

#[test]
fn postgres_killed_worker_claim_expires_and_is_taken_over() {
    let reg = registry(24);
    let url = rt().block_on(pg::fresh_database());
    killed_worker_claim_expires_and_is_taken_over(&reg, &url);
}

/// A renewal that falls due while the save's transaction holds the crate's
/// row waits for that transaction, and the save must still commit (a worker
/// that paused its work for the renewal hung there, its crate claimed and
/// locked, and the round never ended). A trigger makes each save hold the
/// row for longer than a renewal interval (a third of the 1 s lease), so a
/// renewal always falls due inside it.
#[test]
fn postgres_a_renewal_due_during_the_save_does_not_hang_the_update() {
    const CRATES: usize = 2;
    let reg = registry(CRATES);
    let rt = rt();
    let db = rt.block_on(pg::fresh_database());
    let names: Vec<String> = (0..CRATES).map(|i| format!("demo-{i}")).collect();
    let mut args = vec!["track", "--offline"];
    args.extend(names.iter().map(String::as_str));
    run_ok(&reg, &db, &args);
    rt.block_on(async {
        use sqlx::{Connection, Executor};
        let mut c = sqlx::PgConnection::connect(&db).await.unwrap();
        c.execute(
            "CREATE FUNCTION slow_done() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$; \
             CREATE TRIGGER slow_done AFTER INSERT OR UPDATE ON update_items \
             FOR EACH ROW WHEN (NEW.status = 'done') EXECUTE FUNCTION slow_done();",
        )
        .await
        .unwrap();
    });
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, &reg, &db);
    let mut child = cmd
        .env("CRATESCOPE_UPDATE_LEASE", "1s")
        .args(["update", "--offline", "--jobs", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let st = rt.block_on(async {
                let store = Store::open(&db).await.unwrap();
                let run = store.open_runs().await.unwrap()[0].0;
                store.run_status(run).await.unwrap()
            });
            panic!("the update hung: {st:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        assert!(
            store.open_runs().await.unwrap().is_empty(),
            "the run is finished"
        );
        for n in &names {
            assert_eq!(store.history(n).await.unwrap().len(), 1, "{n}");
        }
        store.close().await;
    });
}

/// One malformed row: `history` and `update` go on for the crate, the user
/// is told once, and `history --verify` reports the store sound afterwards.
#[test]
fn malformed_row_is_quarantined_and_reported_once() {
    let reg = registry(1);
    let db = sqlite_url(&reg);
    run_ok(&reg, &db, &["track", "demo-0", "--offline"]);
    run_ok(&reg, &db, &["update", "--offline"]);
    let rt = rt();
    rt.block_on(async {
        use sqlx::{Connection, Executor};
        let mut c = sqlx::SqliteConnection::connect(&db).await.unwrap();
        c.execute("UPDATE evaluations SET tier = 'legendary'")
            .await
            .unwrap();
    });
    let out = cratescope(&reg, &db)
        .args(["history", "demo-0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "is unreadable (unknown tier `legendary`); it was moved to the quarantine table"
        ),
        "{err}"
    );
    // The crate's only row is gone: history says so plainly (exit 2), and
    // the next read is quiet about the quarantine.
    assert_eq!(out.status.code(), Some(2));
    let out = cratescope(&reg, &db)
        .args(["history", "demo-0"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("quarantine"));
    // update evaluates the crate again on a new day; history works.
    let mut cmd = cratescope(&reg, &db);
    cmd.env("CRATESCOPE_NOW", "2026-11-26")
        .args(["update", "--offline"]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(run_ok(&reg, &db, &["history", "demo-0"]).contains("1 stored evaluation\n"));
    let out = run_ok(&reg, &db, &["history", "--verify"]);
    assert!(out.contains("integrity check: ok"), "{out}");
    assert!(out.contains("1 in quarantine in all"), "{out}");
}

/// 8 KiB of garbage inside the file: every command that opens it says which
/// file is damaged; `history --verify` too.
#[test]
fn damaged_sqlite_file_is_named_by_every_command() {
    let reg = registry(12);
    let db = sqlite_url(&reg);
    let mut args = vec!["track".to_string(), "--offline".to_string()];
    args.extend((0..12).map(|i| format!("demo-{i}")));
    run_ok(
        &reg,
        &db,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    run_ok(&reg, &db, &["update", "--offline"]);
    let path = reg.root.path().join("data/history.db");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    assert!(bytes.len() > 3 * 8192, "{} bytes", bytes.len());
    for (i, b) in bytes[at..at + 8192].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151).wrapping_add(7);
    }
    std::fs::write(&path, &bytes).unwrap();
    for cmd in [
        vec!["history", "demo-0"],
        vec!["history", "--verify"],
        vec!["update", "--offline"],
        vec!["track", "itoa", "--offline"],
    ] {
        let out = cratescope(&reg, &db).args(&cmd).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}: {err}");
        assert!(
            err.contains(&format!(
                "the database file `{}` is damaged",
                path.display()
            )),
            "{cmd:?}: {err}"
        );
    }
}
