//! The JSON Schemas published under `docs/schema/v{N}/` (issue 27): the
//! committed files are what the model types generate (a model change that
//! changes the JSON fails here until the schemas are regenerated), and real
//! outputs of the CLI and of the server's API validate against them with a
//! JSON Schema validator — while documents broken on purpose do not.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::Duration;

use cratescope_model::schema;
use serde_json::{Value, json};

use crate::audit::{self, AS_OF};
use crate::registry::FakeRegistry;
use crate::serve::{http_get, start};
use crate::store::env;

const REGENERATE: &str =
    "CRATESCOPE_UPDATE_SCHEMAS=1 cargo test -p cratescope-cli --test cli schemas::";

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(schema::dir())
}

#[test]
fn committed_schemas_are_what_the_model_generates() {
    let dir = schema_dir();
    let update = std::env::var_os("CRATESCOPE_UPDATE_SCHEMAS").is_some();
    let published = schema::all();
    let mut stale = Vec::new();
    for p in &published {
        let text = schema::to_file_text(&p.schema);
        let path = dir.join(p.file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(p.file);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} under {} differ from what the model types generate: the JSON \
         changed. Regenerate with `{REGENERATE}`, review the diff, and if the \
         change breaks a consumer (a field removed, renamed or retyped) bump \
         SCHEMA_VERSION, which publishes a new directory",
        schema::dir()
    );
    // No schema left behind by a type that is gone.
    let generated: BTreeSet<&str> = published.iter().map(|p| p.file).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    let extra: Vec<&String> = on_disk
        .iter()
        .filter(|n| !generated.contains(n.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "{extra:?} is not generated any more: remove it"
    );
    // Each names its version in its `$id`, as in its path.
    for p in &published {
        let id = p.schema.get("$id").and_then(Value::as_str).unwrap();
        assert!(
            id.ends_with(&format!("/{}/{}", schema::dir(), p.file)),
            "{id}"
        );
    }
}

/// A validator for a committed schema, formats (dates, timestamps) checked.
fn validator(file: &str) -> jsonschema::Validator {
    let path = schema_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run `{REGENERATE}`", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file} is not a valid schema: {e}"))
}

/// The validator's complaints about `doc` (empty when it is valid).
fn errors(file: &str, doc: &Value) -> Vec<String> {
    validator(file)
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(file: &str, doc: &Value, what: &str) {
    let errs = errors(file, doc);
    assert!(
        errs.is_empty(),
        "{what} does not match {file}: {errs:#?}\n{doc:#}"
    );
}

fn assert_invalid(file: &str, doc: &Value, what: &str) {
    assert!(
        !errors(file, doc).is_empty(),
        "{what} passed {file}, which should have rejected it"
    );
}

fn parse(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}): {text}"))
}

/// The audit tests' registry (a healthy crate, an unmaintained and unsound
/// one, a yanked one, a git and a path dependency) plus semver's real index.
fn registry() -> FakeRegistry {
    let reg = audit::registry();
    reg.add_real_index();
    reg
}

/// `cratescope ARGS` against the registry and the store `db`: (exit code,
/// stdout).
fn run(reg: &FakeRegistry, db: &str, args: &[&str]) -> (i32, String) {
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cratescope"));
    env(&mut cmd, reg, db);
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn run_ok(reg: &FakeRegistry, db: &str, args: &[&str]) -> String {
    let (code, out) = run(reg, db, args);
    assert_eq!(code, 0, "{args:?}: {out}");
    out
}

/// A POST over a plain socket: (status, body).
fn http_post(port: u16, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

fn get_ok(port: u16, path: &str) -> Value {
    let (status, body) = http_get(port, path).unwrap_or_else(|| panic!("GET {path}"));
    assert_eq!(status, 200, "GET {path}: {body}");
    parse(&body, path)
}

#[test]
fn every_json_output_of_the_cli_and_the_api_matches_its_schema() {
    let reg = registry();
    let db = format!(
        "sqlite://{}",
        reg.root.path().join("data/history.db").display()
    );
    let offline = ["--offline", "--as-of", AS_OF, "--format", "json"];

    // The card, one crate and several.
    let card = run_ok(&reg, &db, &[&["eval", "tidy"][..], &offline].concat());
    assert_valid("evaluation.schema.json", &parse(&card, "eval"), "eval tidy");
    let cards = run_ok(
        &reg,
        &db,
        &[&["eval", "tidy", "failure", "oldy"][..], &offline].concat(),
    );
    let cards = parse(&cards, "eval of three");
    assert_eq!(cards.as_array().map(Vec::len), Some(3), "{cards}");
    assert_valid("evaluations.schema.json", &cards, "eval of three crates");
    let compared = run_ok(
        &reg,
        &db,
        &[&["compare", "tidy", "itoa"][..], &offline].concat(),
    );
    assert_valid(
        "evaluations.schema.json",
        &parse(&compared, "compare"),
        "compare tidy itoa",
    );

    // The audit: advisories, a yanked version, unevaluable packages; it
    // fails its policy (exit 1) and still writes the whole report.
    let out = audit::audit(&reg, &audit::lockfile(), None, &["--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert!(report["packages"].as_array().is_some_and(|p| p.len() >= 5));
    assert_valid("audit-report.schema.json", &report, "audit --format json");

    // History and trends from a store.
    run_ok(
        &reg,
        &db,
        &["track", "tidy", "itoa", "failure", "--offline"],
    );
    run_ok(&reg, &db, &["update", "--offline"]);
    run_ok(
        &reg,
        &db,
        &["backfill", "tidy", "--quarters", "6", "--offline"],
    );
    let history = parse(
        &run_ok(&reg, &db, &["history", "tidy", "--format", "json"]),
        "history",
    );
    assert!(
        history.as_array().is_some_and(|h| h.len() >= 2),
        "{history}"
    );
    assert_valid("history.schema.json", &history, "history tidy");
    let id = history[0]["id"].as_i64().unwrap().to_string();
    let stored = run_ok(
        &reg,
        &db,
        &["history", "tidy", "--card", &id, "--format", "json"],
    );
    assert_valid(
        "evaluation.schema.json",
        &parse(&stored, "stored card"),
        "history --card",
    );
    let catalog = reg.root.path().join("catalog.toml");
    std::fs::write(
        &catalog,
        "version = 1\n[[category]]\nid = \"numbers\"\nname = { en = \"Numbers\", zh = \"数字\" }\ncrates = [\"tidy\", \"itoa\", \"failure\", \"never-stored\"]\n",
    )
    .unwrap();
    let trends = parse(
        &run_ok(
            &reg,
            &db,
            &[
                "trends",
                "--catalog",
                &catalog.display().to_string(),
                "--format",
                "json",
            ],
        ),
        "trends",
    );
    assert_valid("trends.schema.json", &trends, "trends");

    // The API on the same store.
    let server = start(&reg, &db, &[], &[]);
    let port = server.port;
    assert_valid(
        "evaluation.schema.json",
        &get_ok(port, "/api/v1/crates/tidy"),
        "GET /api/v1/crates/tidy",
    );
    assert_valid(
        "history.schema.json",
        &get_ok(port, "/api/v1/crates/tidy/history"),
        "GET /api/v1/crates/tidy/history",
    );
    let comparison = get_ok(port, "/api/v1/compare?crates=tidy,itoa,never-stored");
    assert_eq!(
        comparison["missing"],
        json!(["never-stored"]),
        "{comparison}"
    );
    assert_valid("comparison.schema.json", &comparison, "GET /api/v1/compare");
    let category = get_ok(port, "/api/v1/categories/numbers");
    assert!(
        category["crates"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["evaluation"].is_null())
                && c.iter().any(|c| c["evaluation"].is_object())),
        "{category}"
    );
    assert_valid(
        "category.schema.json",
        &category,
        "GET /api/v1/categories/numbers",
    );
    let (status, body) = http_post(port, "/api/v1/audit", &audit::lockfile());
    assert_eq!(status, 200, "{body}");
    assert_valid(
        "audit-report.schema.json",
        &parse(&body, "POST /api/v1/audit"),
        "POST /api/v1/audit",
    );
}

/// Issue 22: `rank`, `emerging` and `alternatives` as JSON, from the CLI
/// and from the server's API on the same dump, match their schemas; an
/// entry without its `crate` does not.
#[test]
fn the_ecosystem_lists_of_the_cli_and_the_api_match_their_schemas() {
    let e = crate::ecosystem::eco();
    let lists: [(&[&str], &str, &str); 3] = [
        (
            &["rank", "parsing"],
            "rank.schema.json",
            "/api/v1/categories/parsing/rank",
        ),
        (&["emerging"], "emerging.schema.json", "/api/v1/emerging"),
        (
            &["alternatives", "oldparse"],
            "alternatives.schema.json",
            "/api/v1/crates/oldparse/alternatives",
        ),
    ];
    for (args, file, _) in &lists {
        let out = e.ok(&[*args, &["--format", "json"][..]].concat());
        let doc = parse(&out, &args.join(" "));
        assert!(
            doc.as_array().is_some_and(|a| !a.is_empty()),
            "{args:?}: {doc}"
        );
        assert_valid(file, &doc, &args.join(" "));
        let mut broken = doc.clone();
        remove(&mut broken, "/0/crate");
        assert_invalid(file, &broken, "an entry without its crate");
    }
    let db = format!(
        "sqlite://{}",
        e.reg.root.path().join("data/history.db").display()
    );
    let (dump, adv) = (
        e.dump.display().to_string(),
        e.advisories.display().to_string(),
    );
    let server = start(
        &e.reg,
        &db,
        &[],
        &[
            ("CRATESCOPE_DB_DUMP", dump.as_str()),
            ("CRATESCOPE_ADVISORY_DB", adv.as_str()),
        ],
    );
    for (_, file, path) in &lists {
        // 503 while the dump loads.
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        let (status, body) = loop {
            let (status, body) =
                http_get(server.port, path).unwrap_or_else(|| panic!("GET {path}"));
            if status != 503 || std::time::Instant::now() > deadline {
                break (status, body);
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        assert_eq!(status, 200, "GET {path}: {body}");
        let doc = parse(&body, path);
        assert!(
            doc.as_array().is_some_and(|a| !a.is_empty()),
            "{path}: {doc}"
        );
        assert_valid(file, &doc, path);
    }
}

/// A way to break a document, named.
type Breakage<'a> = (&'a str, Box<dyn Fn(&mut Value) + 'a>);

/// Removes the value at a JSON pointer (`/a/0/b`).
fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let removed = doc
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|o| o.remove(key));
    assert!(removed.is_some(), "{pointer} is not in the document");
}

/// Sets the value at a JSON pointer.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} is not in the document")) = value;
}

#[test]
fn documents_broken_on_purpose_fail_validation() {
    let reg = registry();
    let mut cmd = reg.command();
    cmd.env("CRATESCOPE_NOW", AS_OF).args([
        "eval",
        "--offline",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "tidy",
    ]);
    let card = parse(
        &String::from_utf8(cmd.output().unwrap().stdout).unwrap(),
        "eval tidy",
    );
    let file = "evaluation.schema.json";
    assert_valid(file, &card, "the card as written");
    // A measured signal, to break its flattened sentence.
    let (d, s) = card["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find_map(|(d, dim)| {
            dim["signals"]
                .as_array()
                .unwrap()
                .iter()
                .position(|s| s.get("evidence").is_some())
                .map(|s| (d, s))
        })
        .expect("a measured signal");
    let signal = format!("/dimensions/{d}/signals/{s}");
    let breakages: Vec<Breakage> = vec![
        ("no tier", Box::new(|v| remove(v, "/tier"))),
        ("no crate name", Box::new(|v| remove(v, "/crate"))),
        (
            "a composite that is text",
            Box::new(|v| set(v, "/composite", json!("4.2"))),
        ),
        (
            "an unknown tier",
            Box::new(|v| set(v, "/tier", json!("legendary"))),
        ),
        (
            "a date that is not one",
            Box::new(|v| set(v, "/as_of", json!("25/11/2026"))),
        ),
        (
            "risks without their texts",
            Box::new(|v| remove(v, "/risks")),
        ),
        (
            "a signal without its evidence message",
            Box::new(|v| remove(v, &format!("{signal}/evidence_message"))),
        ),
        (
            "a message argument of an unknown kind",
            Box::new(|v| {
                set(
                    v,
                    &format!("{signal}/evidence_message"),
                    json!({"id": "x", "args": {"n": {"colour": "red"}}}),
                )
            }),
        ),
        (
            "a message without an id",
            Box::new(|v| {
                set(
                    v,
                    &format!("{signal}/evidence_message"),
                    json!({"args": {}}),
                )
            }),
        ),
    ];
    for (what, breakage) in &breakages {
        let mut broken = card.clone();
        breakage(&mut broken);
        assert_invalid(file, &broken, what);
    }

    let out = audit::audit(&reg, &audit::lockfile(), None, &["--format", "json"]);
    let report = out.json();
    assert_valid("audit-report.schema.json", &report, "the audit as written");
    for (what, breakage) in [
        (
            "no verdict",
            Box::new(|v: &mut Value| remove(v, "/passed")) as Box<dyn Fn(&mut Value)>,
        ),
        (
            "a count that is negative",
            Box::new(|v| {
                let key = v["summary"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(_, n)| n.is_u64())
                    .map(|(k, _)| k.clone())
                    .unwrap();
                set(v, &format!("/summary/{key}"), json!(-1))
            }),
        ),
        (
            "packages that are not a list",
            Box::new(|v| set(v, "/packages", json!({}))),
        ),
    ] {
        let mut broken = report.clone();
        breakage(&mut broken);
        assert_invalid("audit-report.schema.json", &broken, what);
    }
}
