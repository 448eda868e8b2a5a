//! The report's HTML in a real browser: headless Chromium (Debian's package,
//! installed by `scripts/test`) loads the page generated from the fake registry
//! and a probe records JavaScript errors, console errors, failed resource
//! loads and the page's geometry at 1,400 px. The test fails, never skips,
//! when Chromium is missing: `CRATESCOPE_CHROMIUM` names another binary.
//!
//! With `CRATESCOPE_SCREENSHOTS=DIR` it also writes screenshots of the top
//! of a card and of the decision matrix there (for review; never committed).

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use crate::report::{AS_OF, CATALOG, registry, write_catalog};

/// The window width the page must fit.
const WIDTH: u32 = 1400;

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CRATESCOPE_CHROMIUM") {
        return PathBuf::from(p);
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "headless Chromium is required for this test and was not found on PATH: \
         run scripts/test (it installs Debian's chromium) or set CRATESCOPE_CHROMIUM"
    );
}

/// Chromium with the flags that keep it offline, quiet and fresh.
fn browser(profile: &Path) -> StdCommand {
    let mut c = StdCommand::new(chromium());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--window-size={WIDTH},1000"));
    c
}

/// Installed first in `<head>`: records errors of every kind.
const PROBE_HEAD: &str = "<script>window.__probe=[];\
window.addEventListener('error',function(e){window.__probe.push('error: '+(e.message||(e.target&&(e.target.src||e.target.href))||'resource'))},true);\
window.addEventListener('unhandledrejection',function(e){window.__probe.push('rejection: '+e.reason)});\
var __ce=console.error;console.error=function(){window.__probe.push('console: '+Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments)};\
</script>";

/// Appended at the end of `<body>`: measures, then writes the result into the
/// DOM (measured before the result exists, so it cannot widen the page).
const PROBE_TAIL: &str = "<script>(function(){var d=document.documentElement;\
var r={scrollWidth:d.scrollWidth,clientWidth:d.clientWidth,height:d.scrollHeight,errors:window.__probe};\
var p=document.createElement('div');p.id='cratescope-probe';p.style.cssText='white-space:pre-wrap;word-break:break-all;width:10px';\
p.textContent=JSON.stringify(r);document.body.appendChild(p);})();</script>";

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Probe {
    pub(crate) scroll_width: u32,
    pub(crate) client_width: u32,
    pub(crate) height: u32,
    pub(crate) errors: Vec<String>,
}

/// Load `page` with the probe and return what it measured.
pub(crate) fn probe(page: &str, work: &Path) -> Probe {
    let with_probe = page
        .replacen("<head>", &format!("<head>{PROBE_HEAD}"), 1)
        .replacen("</body>", &format!("{PROBE_TAIL}</body>"), 1);
    let file = work.join("probe.html");
    std::fs::write(&file, with_probe).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = browser(profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("id=\"cratescope-probe\"")
        .and_then(|i| dom[i..].find('>').map(|j| i + j + 1))
        .unwrap_or_else(|| {
            panic!(
                "the probe did not run; chromium said: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let end = start + dom[start..].find("</div>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// A screenshot of one element of the page (with the page's own styles):
/// the page is copied with a script that keeps only that element.
fn screenshot(page_file: &Path, id: &str, out: &Path) {
    let page = std::fs::read_to_string(page_file).unwrap();
    let keep = format!(
        "<script>(function(){{var t=document.getElementById('{id}');document.body.innerHTML='';document.body.appendChild(t);}})();</script></body>"
    );
    let file = page_file.with_extension(format!("{id}.html"));
    std::fs::write(&file, page.replacen("</body>", &keep, 1)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = browser(profile.path())
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    assert!(out.is_file(), "{}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn report_html_loads_in_headless_chromium_without_errors_or_horizontal_scroll() {
    let reg = registry();
    let cat = write_catalog(&reg, CATALOG);
    for lang in ["en", "zh"] {
        let page_file = reg.root.path().join(format!("matrix-{lang}.html"));
        reg.command()
            .env("CRATESCOPE_NOW", AS_OF)
            .args(["report", "--offline", "--format", "html", "--lang", lang])
            .arg("--catalog")
            .arg(&cat)
            .arg("--out")
            .arg(&page_file)
            .assert()
            .success();
        let page = std::fs::read_to_string(&page_file).unwrap();
        let p = probe(&page, reg.root.path());
        assert!(p.errors.is_empty(), "{lang}: {:?}", p.errors);
        assert!(
            p.scroll_width <= p.client_width,
            "{lang}: horizontal scroll at {WIDTH} px: {} > {}",
            p.scroll_width,
            p.client_width
        );
        assert!(
            p.height > 1000,
            "{lang}: the page rendered ({} px)",
            p.height
        );
        if let Some(dir) = std::env::var_os("CRATESCOPE_SCREENSHOTS") {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            screenshot(
                &page_file,
                "crate-numbers-tidy-demo",
                &dir.join(format!("card-top-{lang}.png")),
            );
            screenshot(
                &page_file,
                "decision-matrix",
                &dir.join(format!("decision-matrix-{lang}.png")),
            );
            eprintln!("{lang}: page height {} px at {WIDTH} px", p.height);
        }
    }
}
