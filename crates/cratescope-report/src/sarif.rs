//! SARIF 2.1.0 output of `audit`, built from typed structures (the parts
//! of the OASIS object model we write), so a field is never misspelled or
//! of the wrong shape, and checked in the tests with Microsoft's SARIF
//! Multitool on the rule sets GitHub code scanning applies (issue 27).
//!
//! One result per cause (issue 21): per advisory or yank, per broken score
//! rule, per problem (licence, ban, duplicate, source, supply chain,
//! unevaluable) — a tier that is ⛔ only because of advisories is not said
//! again (the engine drops that rule). Results are located at the package's
//! `[[package]]` line in `Cargo.lock`, so code-scanning UIs annotate the
//! lockfile. Audited against a base, only the packages the change judges
//! get results. Each advisory is a rule of its own (its title, its RustSec
//! page as `helpUri`, the CVSS score as `security-severity`); the policy's
//! rules carry a name, a description and help from the message catalog and
//! point at their section of docs/audit.md. Ignored advisories and
//! allow-listed violations are kept as results with an external suppression
//! carrying the reason. Report-level warnings are
//! `toolExecutionNotifications` of the invocation. Outside text (advisory
//! titles, reasons) passes through the sanitiser: no control or bidi
//! character reaches a code-scanning UI.
//!
//! Deliberately ignored: packages with nothing to report (the JSON output
//! has every package), and SARIF's optional `artifacts` section.

use std::collections::BTreeMap;

use serde::Serialize;

use cratescope_model::Lang;
use cratescope_model::audit::{
    AUDIT_DOCS, AdvisoryFinding, AuditReport, FindingAction, FindingKind, Level, PackageVerdict,
    RULES, YANKED_ID,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

use crate::catalog;
use crate::sanitize;

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI of that version (OASIS errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Where the tool is documented.
const INFORMATION_URI: &str = "https://github.com/cratescope/cratescope";

/// A SARIF log.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    /// The schema.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// `2.1.0`.
    pub version: &'static str,
    /// One run.
    pub runs: Vec<Run>,
}

/// One run of the tool.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The tool and its rules.
    pub tool: Tool,
    /// How it ran.
    pub invocations: Vec<Invocation>,
    /// What it found.
    pub results: Vec<SarifResult>,
    /// Where relative URIs start: the repository root.
    pub original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    /// Facts of the audit.
    pub properties: RunProperties,
}

/// `tool`.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// The driver.
    pub driver: ToolComponent,
}

/// `tool.driver`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolComponent {
    /// `cratescope`.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
    /// The same, as SemVer.
    pub semantic_version: &'static str,
    /// Where it is documented.
    pub information_uri: &'static str,
    /// The rules results refer to.
    pub rules: Vec<ReportingDescriptor>,
}

/// A message with text and (for help) Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct MultiformatMessageString {
    /// Plain text.
    pub text: String,
    /// The same in Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

/// A plain message.
#[derive(Debug, Clone, Serialize)]
pub struct SarifMessage {
    /// The text.
    pub text: String,
}

/// A rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingDescriptor {
    /// Stable id.
    pub id: String,
    /// A readable identifier (PascalCase), not the id again.
    pub name: String,
    /// One line.
    pub short_description: MultiformatMessageString,
    /// A paragraph.
    pub full_description: MultiformatMessageString,
    /// What to do.
    pub help: MultiformatMessageString,
    /// Where to read more.
    pub help_uri: String,
    /// Its default level.
    pub default_configuration: ReportingConfiguration,
    /// Tags and GitHub's severity.
    pub properties: RuleProperties,
}

/// `defaultConfiguration`.
#[derive(Debug, Clone, Serialize)]
pub struct ReportingConfiguration {
    /// `error`, `warning` or `note`.
    pub level: &'static str,
}

/// A rule's properties (the keys GitHub reads).
#[derive(Debug, Clone, Serialize)]
pub struct RuleProperties {
    /// Tags.
    pub tags: Vec<String>,
    /// How sure a result is.
    pub precision: &'static str,
    /// GitHub's severity of non-security results.
    #[serde(rename = "problem.severity")]
    pub problem_severity: &'static str,
    /// GitHub's 0–10 severity of security results (the CVSS base score).
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    pub security_severity: Option<String>,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// The rule.
    pub rule_id: String,
    /// Its index in `rules`.
    pub rule_index: usize,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    /// What was found.
    pub message: SarifMessage,
    /// The package's line in Cargo.lock.
    pub locations: Vec<Location>,
    /// What identifies it across runs.
    pub partial_fingerprints: BTreeMap<&'static str, String>,
    /// Ignored or allow-listed, with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// The package's facts.
    pub properties: ResultProperties,
}

/// A location.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// In the lockfile.
    pub physical_location: PhysicalLocation,
    /// The package.
    pub logical_locations: Vec<LogicalLocation>,
}

/// `physicalLocation`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The line.
    pub region: Region,
}

/// `artifactLocation`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    /// A relative URI reference (or an absolute `file:` URI); none for a
    /// base whose place on disk is not known (the repository's checkout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// What a relative `uri` is relative to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<&'static str>,
    /// What the base means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<SarifMessage>,
}

/// `region`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based.
    pub start_line: usize,
}

/// `logicalLocations[]`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    /// `name@version`.
    pub name: String,
    /// What it is.
    pub kind: &'static str,
}

/// `suppressions[]`.
#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    /// `external`: the policy file.
    pub kind: &'static str,
    /// The reason.
    pub justification: String,
}

/// A result's properties.
#[derive(Debug, Clone, Serialize)]
pub struct ResultProperties {
    /// Crate.
    #[serde(rename = "crate")]
    pub name: String,
    /// Version.
    pub version: String,
    /// A direct dependency.
    pub direct: bool,
    /// Its scope id.
    pub scope: &'static str,
    /// Its part in the change (`added`, `bumped`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<&'static str>,
    /// Member → … → package.
    pub path: Vec<String>,
    /// Composite score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<f64>,
    /// Tier id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<&'static str>,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// `invocations[]`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    /// Always true: an audit that could not run writes no SARIF.
    pub execution_successful: bool,
    /// Report-level warnings.
    pub tool_execution_notifications: Vec<Notification>,
}

/// A notification.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    /// `warning`.
    pub level: &'static str,
    /// The warning.
    pub message: SarifMessage,
}

/// The run's properties.
#[derive(Debug, Clone, Serialize)]
pub struct RunProperties {
    /// Evaluation day.
    pub as_of: String,
    /// Model version.
    pub model_version: String,
    /// The policy holds.
    pub passed: bool,
    /// Advisories were checked.
    pub advisories_checked: bool,
    /// The base of the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// The id relative URIs are relative to.
const SRCROOT: &str = "SRCROOT";

/// Outside or rendered text as SARIF text: one line, inert, ending with a
/// period (SARIF2001).
fn sentence(s: &str) -> String {
    let mut t = sanitize::line(s).trim().to_string();
    if !t.ends_with(['.', '!', '?']) {
        t.push('.');
    }
    t
}

fn en(m: &Message) -> String {
    catalog::render(Lang::En, m)
}

/// A path as a URI reference: forward slashes, reserved characters escaped.
fn uri(path: &std::path::Path) -> String {
    let s = path.display().to_string().replace('\\', "/");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => out.push(c),
            other => {
                let mut buf = [0u8; 4];
                for b in other.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    if path.is_absolute() {
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

/// A rule's readable name: what it finds, in SARIF's PascalCase (not its
/// id again, SARIF1001).
fn rule_name(id: &str) -> String {
    match id {
        "denied-tier" => "DeniedMaturityTier".into(),
        "min-composite" => "CompositeBelowMinimum".into(),
        "min-dimension" => "DimensionBelowMinimum".into(),
        "max-unsafe-density" => "UnsafeDensityAboveMaximum".into(),
        "min-scenario-stars" => "ScenarioStarsBelowMinimum".into(),
        "unevaluable" => "PackageNotEvaluated".into(),
        "git-package" => "PackageFromGit".into(),
        "other-registry-package" => "PackageFromOtherRegistry".into(),
        "yanked" => "YankedVersion".into(),
        "license" => "LicenseNotAllowed".into(),
        "license-unknown" => "LicenseUnknown".into(),
        "banned" => "BannedCrate".into(),
        "duplicate" => "DuplicateVersions".into(),
        "publish-age" => "PublishedTooRecently".into(),
        "publisher-change" => "PublisherChanged".into(),
        "new-owner" => "OwnerAddedBeforeRelease".into(),
        "new-build-script" => "BuildScriptAdded".into(),
        "new-proc-macro" => "ProcMacroAdded".into(),
        "new-links" => "NativeLinkAdded".into(),
        "typosquat" => "ConfusableName".into(),
        "trusted-publishing-dropped" => "TrustedPublishingDropped".into(),
        "checksum-mismatch" => "ChecksumMismatch".into(),
        "cannot-check" => "RuleNotChecked".into(),
        other => format!("{}Rule", pascal(other)),
    }
}

/// `denied-tier` → `DeniedTier`.
fn pascal(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase())
                .unwrap_or_default()
        })
        .collect()
}

fn docs_uri(rule: &str) -> String {
    format!("{AUDIT_DOCS}#{rule}")
}

/// One of the policy's rules, its words from the catalog.
fn policy_rule(id: &str) -> ReportingDescriptor {
    let short = en(&Message::new(format!("audit-rule-{id}-short")));
    let full = en(&Message::new(format!("audit-rule-{id}-full")));
    let help = en(&Message::new(format!("audit-rule-{id}-help")));
    let security = matches!(id, "yanked" | "checksum-mismatch" | "typosquat");
    ReportingDescriptor {
        id: id.to_string(),
        name: rule_name(id),
        short_description: MultiformatMessageString {
            text: sentence(&short),
            markdown: None,
        },
        full_description: MultiformatMessageString {
            text: sentence(&full),
            markdown: None,
        },
        help: MultiformatMessageString {
            markdown: Some(format!(
                "{} [docs/audit.md]({})",
                crate::md::text(&sentence(&help)),
                docs_uri(id)
            )),
            text: sentence(&help),
        },
        help_uri: docs_uri(id),
        default_configuration: ReportingConfiguration { level: "error" },
        properties: RuleProperties {
            tags: if security {
                vec!["security".into(), "supply-chain".into()]
            } else {
                vec!["maintainability".into(), "dependencies".into()]
            },
            precision: "very-high",
            problem_severity: "error",
            security_severity: None,
        },
    }
}

/// One rule per advisory id found (the first finding gives its text).
fn advisory_rule(f: &AdvisoryFinding) -> ReportingDescriptor {
    let title = sentence(&f.title);
    let url = f
        .url
        .clone()
        .filter(|u| crate::md::is_web_url(u))
        .unwrap_or_else(|| docs_uri("advisories"));
    let kind = match f.kind {
        FindingKind::Vulnerability => "Vulnerability",
        FindingKind::Unsound => "Unsound",
        FindingKind::Unmaintained => "Unmaintained",
        FindingKind::Notice => "Notice",
        FindingKind::Yanked => "Yanked",
    };
    let full = en(&msg!(
        "audit-rule-advisory-full",
        id = Arg::id(f.id.as_str()),
        kind = Arg::id(f.kind.id()),
        title = Arg::text(f.title.as_str())
    ));
    let help = en(&msg!(
        "audit-rule-advisory-help",
        id = Arg::id(f.id.as_str())
    ));
    ReportingDescriptor {
        id: f.id.clone(),
        name: format!("{kind}Advisory"),
        short_description: MultiformatMessageString {
            text: title,
            markdown: None,
        },
        full_description: MultiformatMessageString {
            text: sentence(&full),
            markdown: None,
        },
        help: MultiformatMessageString {
            markdown: Some(format!(
                "{} {}",
                crate::md::text(&sentence(&help)),
                crate::md::link("RustSec", &url)
            )),
            text: format!("{} {url}", sentence(&help)),
        },
        help_uri: url,
        default_configuration: ReportingConfiguration {
            level: level(f.action),
        },
        properties: RuleProperties {
            tags: vec!["security".into(), f.kind.id().to_string()],
            precision: "very-high",
            problem_severity: if f.action == FindingAction::Deny {
                "error"
            } else {
                "warning"
            },
            // GitHub code scanning ranks security results by this.
            security_severity: f.cvss_score.map(|s| format!("{s:.1}")),
        },
    }
}

struct Builder {
    lockfile: String,
    rules: Vec<ReportingDescriptor>,
    index: BTreeMap<String, usize>,
    results: Vec<SarifResult>,
}

impl Builder {
    fn rule_index(&mut self, id: &str, make: impl FnOnce() -> ReportingDescriptor) -> usize {
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
        level: &'static str,
        text: String,
        suppression: Option<&str>,
    ) {
        let m = if p.direct {
            msg!(
                "audit-sarif-direct",
                name = Arg::krate(p.name.as_str()),
                version = Arg::version(&p.version),
                text = Arg::text(text)
            )
        } else {
            msg!(
                "audit-sarif-transitive",
                name = Arg::krate(p.name.as_str()),
                version = Arg::version(&p.version),
                text = Arg::text(text)
            )
        };
        self.results.push(SarifResult {
            rule_id: rule.to_string(),
            rule_index: index,
            level,
            message: SarifMessage {
                text: sentence(&en(&m)),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: Some(self.lockfile.clone()),
                        uri_base_id: (!self.lockfile.starts_with("file:")).then_some(SRCROOT),
                        description: None,
                    },
                    region: Region {
                        start_line: p.lockfile_line.max(1),
                    },
                },
                logical_locations: vec![LogicalLocation {
                    name: format!("{}@{}", p.name, p.version),
                    kind: "package",
                }],
            }],
            partial_fingerprints: BTreeMap::from([(
                "cratescope/package-rule/v1",
                format!("{}@{}/{rule}", p.name, p.version),
            )]),
            suppressions: suppression
                .map(|r| Suppression {
                    kind: "external",
                    justification: sanitize::line(r).into_owned(),
                })
                .into_iter()
                .collect(),
            properties: ResultProperties {
                name: p.name.clone(),
                version: p.version.clone(),
                direct: p.direct,
                scope: p.scope.id(),
                change: p.change.as_ref().map(|c| c.kind.id()),
                path: p.path.clone(),
                composite: p.composite(),
                tier: p.evaluation.as_ref().map(|e| e.tier.id()),
                hint: p.hint.get().map(en),
            },
        });
    }
}

/// The SARIF log of an audit.
pub fn log(r: &AuditReport) -> Log {
    let mut out = Builder {
        lockfile: uri(&r.lockfile),
        rules: Vec::new(),
        index: BTreeMap::new(),
        results: Vec::new(),
    };
    for id in RULES {
        out.rule_index(id, || policy_rule(id));
    }
    for p in r.packages.iter().filter(|p| p.judged) {
        for f in &p.advisories {
            let index = if f.id == YANKED_ID {
                out.rule_index(YANKED_ID, || policy_rule(YANKED_ID))
            } else {
                out.rule_index(&f.id, || advisory_rule(f))
            };
            let text = en(&crate::audit::finding_message(p, f));
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
            let index = out.rule_index(&v.rule, || policy_rule(&v.rule));
            out.push(
                p,
                &v.rule,
                index,
                "error",
                en(&v.message.message),
                p.allow_reason.as_deref(),
            );
        }
        for pr in &p.problems {
            let index = out.rule_index(&pr.rule, || policy_rule(&pr.rule));
            let level = match pr.level {
                Level::Fail => "error",
                _ => "warning",
            };
            out.push(p, &pr.rule, index, level, en(&pr.message.message), None);
        }
    }
    let notifications = r
        .warnings
        .iter()
        .map(|w| Notification {
            level: "warning",
            message: SarifMessage {
                text: sentence(&en(w)),
            },
        })
        .collect();
    Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: ToolComponent {
                    name: "cratescope",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: out.rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            results: out.results,
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(SarifMessage {
                        text: en(&msg!("audit-sarif-srcroot")),
                    }),
                },
            )]),
            properties: RunProperties {
                as_of: r.as_of.to_string(),
                model_version: r.model_version.clone(),
                passed: r.passed,
                advisories_checked: r.advisory_db.checked,
                base: r.diff.as_ref().map(|d| d.base.clone()),
            },
        }],
    }
}

/// The SARIF log as a JSON value.
pub fn value(r: &AuditReport) -> serde_json::Value {
    serde_json::to_value(log(r)).unwrap_or(serde_json::Value::Null)
}

/// The SARIF log as pretty JSON.
pub fn render(r: &AuditReport) -> String {
    let mut s = serde_json::to_string_pretty(&log(r))
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

    #[test]
    fn rule_names_are_identifiers_not_ids() {
        assert_eq!(pascal("denied-tier"), "DeniedTier");
        assert_eq!(pascal("max-unsafe-density"), "MaxUnsafeDensity");
        for id in RULES {
            let r = policy_rule(id);
            assert_ne!(r.name.to_lowercase(), r.id.to_lowercase());
            for part in ["short", "full", "help"] {
                let key = format!("audit-rule-{id}-{part}");
                for lang in [Lang::En, Lang::Zh] {
                    assert!(catalog::catalog().has(lang, &key), "{key} ({lang:?})");
                }
            }
            assert!(
                !r.full_description.text.starts_with("audit-rule"),
                "{id}: no form"
            );
            assert!(!r.help.text.starts_with("audit-rule"), "{id}: no form");
        }
    }

    #[test]
    fn bidi_and_control_characters_never_reach_sarif_text() {
        let s = sentence("evil \u{202e}txt.exe\u{1b}[2J title");
        assert!(!s.contains('\u{202e}') && !s.contains('\u{1b}'), "{s:?}");
        assert!(s.ends_with('.'));
    }
}
