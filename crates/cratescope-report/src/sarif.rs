//! SARIF 2.1.0 output of `audit`: one result per finding (advisory or
//! yank), per broken score rule and per package problem (unevaluable, git,
//! other registry), located at the package's `[[package]]` line in
//! `Cargo.lock`, so code-scanning UIs annotate the lockfile. Each advisory
//! is a rule of its own (id, title, its RustSec page as `helpUri`, the CVSS
//! score as `security-severity`); the policy's rules point at their section
//! of docs/audit.md. Ignored advisories and allow-listed violations are kept
//! as results with an external suppression carrying the reason.
//! Report-level warnings (advisories not checked, a stale database) are
//! `toolExecutionNotifications` of the invocation.
//!
//! Deliberately ignored: packages with nothing to report (the JSON output
//! has every package), and SARIF's optional `artifacts` section.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use cratescope_model::audit::{
    AUDIT_DOCS, AdvisoryFinding, AuditReport, FindingAction, Level, PackageVerdict, RULES,
    YANKED_ID,
};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI of that version (OASIS errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Where the tool is documented.
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

fn level(action: FindingAction) -> &'static str {
    match action {
        FindingAction::Deny => "error",
        FindingAction::Warn | FindingAction::Ignored => "warning",
    }
}

/// One rule per advisory id found (first finding wins for its text).
fn advisory_rule(f: &AdvisoryFinding) -> Value {
    let mut props = json!({ "tags": ["security", f.kind.id()] });
    if let Some(score) = f.cvss_score {
        // GitHub code scanning reads this to rank security results.
        props["security-severity"] = json!(format!("{score:.1}"));
    }
    let mut rule = json!({
        "id": f.id,
        "name": f.kind.id(),
        "shortDescription": { "text": f.title },
        "defaultConfiguration": { "level": level(f.action) },
        "properties": props,
    });
    if let Some(u) = &f.url {
        rule["helpUri"] = json!(u);
        rule["help"] = json!({ "text": format!("{} — {u}", f.title) });
    }
    rule
}

fn docs_uri(rule: &str) -> String {
    format!("{AUDIT_DOCS}#{rule}")
}

struct Results {
    lockfile: String,
    rules: Vec<Value>,
    index: BTreeMap<String, usize>,
    results: Vec<Value>,
}

impl Results {
    fn rule_index(&mut self, id: &str, make: impl FnOnce() -> Value) -> usize {
        if let Some(i) = self.index.get(id) {
            return *i;
        }
        self.rules.push(make());
        let i = self.rules.len() - 1;
        self.index.insert(id.to_string(), i);
        i
    }

    fn push(
        &mut self,
        p: &PackageVerdict,
        rule: &str,
        index: usize,
        level: &str,
        text: String,
        suppression: Option<&str>,
    ) {
        let dep = if p.direct { "direct" } else { "transitive" };
        let mut res = json!({
            "ruleId": rule,
            "ruleIndex": index,
            "level": level,
            "message": { "text": format!("{} {} ({dep} dependency): {text}", p.name, p.version) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": self.lockfile },
                    "region": { "startLine": p.lockfile_line.max(1) },
                },
                "logicalLocations": [{ "name": format!("{}@{}", p.name, p.version), "kind": "package" }],
            }],
            "partialFingerprints": { "cratescope/package-rule": format!("{}@{}/{rule}", p.name, p.version) },
            "properties": {
                "crate": p.name,
                "version": p.version,
                "direct": p.direct,
                "scope": p.scope.id(),
                "path": p.path,
                "composite": p.composite(),
                "tier": p.evaluation.as_ref().map(|e| e.tier.id()),
                "hint": p.hint,
            },
        });
        if let Some(reason) = suppression {
            res["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
        }
        self.results.push(res);
    }
}

/// The SARIF log of an audit.
pub fn value(r: &AuditReport) -> Value {
    let mut out = Results {
        lockfile: uri(&r.lockfile),
        rules: Vec::new(),
        index: BTreeMap::new(),
        results: Vec::new(),
    };
    for (id, text) in RULES {
        out.rule_index(id, || {
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": text },
                "helpUri": docs_uri(id),
                "defaultConfiguration": { "level": "error" },
            })
        });
    }
    for p in &r.packages {
        for f in &p.advisories {
            let index = if f.id == YANKED_ID {
                out.rule_index(YANKED_ID, || fallback_rule(YANKED_ID))
            } else {
                out.rule_index(&f.id, || advisory_rule(f))
            };
            let mut text = f.title.clone();
            if let Some(v) = &f.upgrade_to {
                text.push_str(&format!("; upgrade to >= {v}"));
            }
            if let Some(s) = &f.severity {
                text.push_str(&format!("; severity {s}"));
            }
            out.push(
                p,
                &f.id,
                index,
                level(f.action),
                text,
                f.ignore_reason.as_deref(),
            );
        }
        for v in &p.violations {
            let index = out.rule_index(&v.rule, || fallback_rule(&v.rule));
            out.push(
                p,
                &v.rule,
                index,
                "error",
                v.message.clone(),
                p.allow_reason.as_deref(),
            );
        }
        for pr in &p.problems {
            let index = out.rule_index(&pr.rule, || fallback_rule(&pr.rule));
            let level = match pr.level {
                Level::Fail => "error",
                _ => "warning",
            };
            out.push(p, &pr.rule, index, level, pr.message.clone(), None);
        }
    }
    let notifications: Vec<Value> = r
        .warnings
        .iter()
        .map(|w| json!({ "level": "warning", "message": { "text": w } }))
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": { "driver": {
                "name": "cratescope",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": out.rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": out.results,
            "properties": {
                "as_of": r.as_of.to_string(),
                "model_version": r.model_version,
                "passed": r.passed,
                "advisories_checked": r.advisory_db.checked,
            },
        }],
    })
}

/// Every static rule is registered up front; a rule id that is not (a
/// newer report read by an older renderer) still gets a minimal rule.
fn fallback_rule(id: &str) -> Value {
    json!({ "id": id, "name": id, "shortDescription": { "text": id }, "helpUri": docs_uri(id) })
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
