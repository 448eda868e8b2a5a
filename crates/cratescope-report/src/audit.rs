//! Renderers of an [`AuditReport`]: the terminal table, Markdown for a pull
//! request, and JSON (the report itself). SARIF lives in `report::sarif`.
//!
//! Deliberately ignored: per-dimension detail (the JSON holds every card;
//! `cratescope eval NAME@VERSION` shows one).

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use cratescope_model::audit::{AuditReport, PackageVerdict, Verdict};

/// The JSON output.
pub fn json(r: &AuditReport) -> String {
    let mut s = serde_json::to_string_pretty(r)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

fn composite(p: &PackageVerdict) -> String {
    p.composite()
        .map(|c| format!("{c:.2}"))
        .unwrap_or_else(|| "–".into())
}

fn tier(p: &PackageVerdict) -> String {
    p.evaluation
        .as_ref()
        .map(|e| format!("{} {}", e.tier.icon(), e.tier.id()))
        .unwrap_or_else(|| "–".into())
}

/// The "why" column: violations, the allow-list reason, or why not evaluated.
fn finding(p: &PackageVerdict) -> String {
    let rules = p
        .violations
        .iter()
        .map(|v| format!("{}: {}", v.rule, v.message))
        .collect::<Vec<_>>()
        .join("; ");
    match p.verdict {
        Verdict::Fail => rules,
        Verdict::Allowed => format!(
            "{rules} (allowed: {})",
            p.allow_reason.as_deref().unwrap_or("")
        ),
        Verdict::NotEvaluated => format!(
            "not evaluated: {}",
            p.not_evaluated.as_deref().unwrap_or("")
        ),
        Verdict::Pass => String::new(),
    }
}

fn summary_line(r: &AuditReport) -> String {
    let s = &r.summary;
    format!(
        "{} packages: {} pass, {} fail, {} allowed, {} not evaluated ({} from cache) — policy {}",
        s.packages,
        s.passed,
        s.failed,
        s.allowed,
        s.not_evaluated,
        s.cached,
        if r.passed { "holds" } else { "FAILS" }
    )
}

/// The terminal table, riskiest first.
pub fn table(r: &AuditReport) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header([
        "crate",
        "version",
        "dep",
        "composite",
        "tier",
        "verdict",
        "rule / reason",
    ]);
    for p in &r.packages {
        t.add_row([
            p.name.clone(),
            p.version.clone(),
            if p.direct {
                "direct".into()
            } else {
                "transitive".into()
            },
            composite(p),
            tier(p),
            p.verdict.id().to_string(),
            finding(p),
        ]);
    }
    let mut out = format!(
        "audit of {} as of {} (model {})\n",
        r.lockfile.display(),
        r.as_of,
        r.model_version
    );
    out.push_str(&t.to_string());
    out.push('\n');
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&summary_line(r));
    out.push('\n');
    // Names and reasons come from Cargo.lock and registries: made inert.
    crate::sanitize::block(&out).into_owned()
}

/// Escape a table cell for Markdown: the shared escaper (no raw HTML, no
/// live links or images; issue 17 item 7).
fn md(s: &str) -> String {
    crate::md::text(s)
}

/// Markdown for a pull request: the verdict, the problems, then every package in a fold.
pub fn markdown(r: &AuditReport) -> String {
    let mut out = String::new();
    let icon = if r.passed { "✅" } else { "❌" };
    out.push_str(&format!(
        "### {icon} cratescope audit: {}\n\n",
        summary_line(r)
    ));
    out.push_str(&format!(
        "`{}` as of {} (model {})\n\n",
        r.lockfile.display(),
        r.as_of,
        r.model_version
    ));
    let problems: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| p.verdict != Verdict::Pass)
        .collect();
    let row = |p: &PackageVerdict| {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            md(&p.name),
            md(&p.version),
            if p.direct { "direct" } else { "transitive" },
            composite(p),
            tier(p),
            p.verdict.id(),
            md(&finding(p))
        )
    };
    let header = "| crate | version | dep | composite | tier | verdict | rule / reason |\n|---|---|---|---|---|---|---|\n";
    if !problems.is_empty() {
        out.push_str(header);
        for p in &problems {
            out.push_str(&row(p));
        }
        out.push('\n');
    }
    if !r.notes.is_empty() {
        for n in &r.notes {
            out.push_str(&format!("> {}\n", md(n)));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "<details><summary>All {} packages</summary>\n\n",
        r.packages.len()
    ));
    out.push_str(header);
    for p in &r.packages {
        out.push_str(&row(p));
    }
    out.push_str("\n</details>\n");
    crate::sanitize::block(&out).into_owned()
}
