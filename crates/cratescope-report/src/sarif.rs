//! SARIF 2.1.0 output of `audit`: one result per policy violation, located
//! at the package's `[[package]]` line in `Cargo.lock`, so code-scanning UIs
//! annotate the lockfile. Allow-listed violations are kept as results with an
//! external suppression carrying the allow-list reason.
//!
//! Deliberately ignored: packages that pass or were not evaluated (SARIF
//! results are findings; the JSON output has every package), and SARIF's
//! optional `artifacts`/`invocations` sections.

use serde_json::{Value, json};

use cratescope_model::audit::{AuditReport, RULES, Verdict};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI of that version (OASIS errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Where the rules are documented.
const INFORMATION_URI: &str = "https://github.com/cratescope/cratescope";

/// A path as a URI reference: forward slashes, reserved characters escaped.
fn uri(path: &std::path::Path) -> String {
    let s = path.display().to_string().replace('\\', "/");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' | ':' => out.push(c),
            other => {
                let mut buf = [0u8; 4];
                for b in other.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    if path.is_absolute() && !out.starts_with("file:") {
        format!("file://{out}")
    } else {
        out
    }
}

/// The SARIF log of an audit.
pub fn value(r: &AuditReport) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(id, text)| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": text },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let lockfile = uri(&r.lockfile);
    let mut results = Vec::new();
    for p in r
        .packages
        .iter()
        .filter(|p| matches!(p.verdict, Verdict::Fail | Verdict::Allowed))
    {
        for v in &p.violations {
            let index = RULES.iter().position(|(id, _)| *id == v.rule);
            let dep = if p.direct { "direct" } else { "transitive" };
            let mut res = json!({
                "ruleId": v.rule,
                "level": "error",
                "message": { "text": format!("{} {} ({dep} dependency): {}", p.name, p.version, v.message) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": lockfile },
                        "region": { "startLine": p.lockfile_line.max(1) },
                    },
                    "logicalLocations": [{ "name": format!("{}@{}", p.name, p.version), "kind": "package" }],
                }],
                "partialFingerprints": { "cratescope/package-rule": format!("{}@{}/{}", p.name, p.version, v.rule) },
                "properties": {
                    "crate": p.name,
                    "version": p.version,
                    "direct": p.direct,
                    "composite": p.composite(),
                    "tier": p.evaluation.as_ref().map(|e| e.tier.id()),
                },
            });
            if let (Some(i), Some(obj)) = (index, res.as_object_mut()) {
                obj.insert("ruleIndex".into(), json!(i));
            }
            if let (Some(reason), Some(obj)) = (&p.allow_reason, res.as_object_mut()) {
                obj.insert(
                    "suppressions".into(),
                    json!([{ "kind": "external", "justification": reason }]),
                );
            }
            results.push(res);
        }
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": { "driver": {
                "name": "cratescope",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "results": results,
            "properties": { "as_of": r.as_of.to_string(), "model_version": r.model_version, "passed": r.passed },
        }],
    })
}

/// The SARIF log as pretty JSON.
pub fn render(r: &AuditReport) -> String {
    let mut s = serde_json::to_string_pretty(&value(r))
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_escaped_and_absolute_paths_are_file_uris() {
        assert_eq!(uri(std::path::Path::new("Cargo.lock")), "Cargo.lock");
        assert_eq!(
            uri(std::path::Path::new("my dir/Cargo.lock")),
            "my%20dir/Cargo.lock"
        );
        assert_eq!(
            uri(std::path::Path::new("/w/Cargo.lock")),
            "file:///w/Cargo.lock"
        );
    }
}
