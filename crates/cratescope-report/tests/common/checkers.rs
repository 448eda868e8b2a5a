//! The Nu Html Checker (`vnu.jar`, installed by `scripts/provision/vnu.sh`),
//! run by the tests on our HTML pages and SVG pictures. A checker that is
//! missing fails the test; it never skips. (Shared with the server's tests
//! through `#[path]`.)

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `vnu.jar`: `$CRATESCOPE_VNU_JAR`, else where `scripts/provision/vnu.sh`
/// installs it.
pub fn vnu_jar() -> PathBuf {
    if let Some(p) = std::env::var_os("CRATESCOPE_VNU_JAR") {
        return PathBuf::from(p);
    }
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the Nu Html Checker is required and was not found at {}: run scripts/provision/vnu.sh \
         (scripts/test does) or set CRATESCOPE_VNU_JAR",
        jar.display()
    );
    jar
}

/// What the Nu Html Checker reports about some files: every error (and
/// fatal error), as `file:line: message`. `svg` checks them as SVG.
pub fn vnu(files: &[PathBuf], svg: bool) -> Vec<String> {
    assert!(!files.is_empty());
    let mut cmd = Command::new("java");
    cmd.arg("-jar").arg(vnu_jar()).args([
        "--errors-only",
        "--format",
        "json",
        "--exit-zero-always",
    ]);
    if svg {
        cmd.arg("--svg");
    }
    let out = cmd.args(files).output().unwrap_or_else(|e| {
        panic!("java is required to run the Nu Html Checker (Debian: default-jre-headless): {e}")
    });
    let report = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value = serde_json::from_str(&report)
        .unwrap_or_else(|e| panic!("the checker did not answer JSON ({e}): {report}"));
    let messages = v["messages"].as_array().cloned().unwrap_or_default();
    // The checker read every file (a file it could not read is a fatal
    // "non-document-error", counted below).
    messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}: {} ({})",
                m["url"]
                    .as_str()
                    .unwrap_or("?")
                    .rsplit('/')
                    .next()
                    .unwrap_or("?"),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("")
            )
        })
        .collect()
}
