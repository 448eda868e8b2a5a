//! The audit of a lockfile: the JSON output (`audit --format json`) and what
//! every audit renderer reads, plus the policy it was judged by.
//!
//! Schema 3 (issue 24): an audit against a base lockfile carries the change
//! (`diff`, and each package's `change`), supply-chain evidence for what the
//! change adds or bumps, licence, ban and source rules beside the advisory
//! and score rules, and fix advice that names the parent to upgrade when the
//! parent's requirement excludes the fix. Every sentence is a
//! [`Message`](crate::message::Message) carried beside its English text
//! (`warnings` + `warning_messages`, `hint` + `hint_message`, `message` +
//! `message_i18n`…), so scripts that read the text keep working and API users
//! can render it in another language.
//!
//! Schema 2 (issue 16): advisories are findings of their own (not only a
//! tier), every package says whether it is in the policy's scope and why not,
//! the advisory database's state is part of the report, and report-level
//! `warnings` are what every format must show.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::evaluation::{Evaluation, Tier};
use crate::message::{Message, Messages, said, said_list, said_opt};

/// Version of the audit JSON below.
pub const AUDIT_SCHEMA_VERSION: u32 = 3;

/// Where the rules of the audit are documented (SARIF `helpUri`s point here).
pub const AUDIT_DOCS: &str = "https://github.com/cratescope/cratescope/blob/main/docs/audit.md";

/// Where a locked package comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "url")]
pub enum PackageSource {
    /// crates.io (git or sparse index URL).
    CratesIo,
    /// Another registry.
    Registry(String),
    /// A git repository.
    Git(String),
    /// A path on disk (workspace members and path dependencies).
    Path,
}

impl PackageSource {
    /// Classify a lockfile `source` string.
    pub fn parse(source: Option<&str>) -> PackageSource {
        let Some(s) = source else {
            return PackageSource::Path;
        };
        if CRATES_IO_SOURCES.contains(&s) {
            PackageSource::CratesIo
        } else if let Some(url) = s.strip_prefix("git+") {
            PackageSource::Git(url.to_string())
        } else if s.starts_with("path+") {
            PackageSource::Path
        } else {
            let url = s
                .strip_prefix("registry+")
                .or_else(|| s.strip_prefix("sparse+"))
                .unwrap_or(s);
            PackageSource::Registry(url.to_string())
        }
    }
    /// Short label for tables.
    pub fn label(&self) -> &'static str {
        match self {
            PackageSource::CratesIo => "crates.io",
            PackageSource::Registry(_) => "registry",
            PackageSource::Git(_) => "git",
            PackageSource::Path => "path",
        }
    }
}

/// The two ways cargo names crates.io in a lockfile (git index, sparse index).
const CRATES_IO_SOURCES: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// The verdict on one package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Fails the policy: a denied advisory, a broken rule that is not
    /// allow-listed, or a package the policy requires to be evaluated.
    Fail,
    /// Does not fail, but something needs a look (a warned advisory, a git
    /// package, an advisory on a package outside the scope…).
    Warn,
    /// Breaks a rule but the allow-list accepts it.
    Allowed,
    /// Meets the policy.
    Pass,
    /// Not judged: the project's own code (path packages) or outside the
    /// policy's scope, with nothing to warn about.
    Skipped,
}

impl Verdict {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Warn => "warn",
            Verdict::Allowed => "allowed",
            Verdict::Pass => "pass",
            Verdict::Skipped => "skipped",
        }
    }
}

/// Whether a package is judged, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Built for one of the policy's targets by a workspace member.
    InScope,
    /// A path package: a workspace member or a path dependency (the project's own code).
    Local,
    /// Reached only through dev-dependencies, and the policy sets `exclude_dev`.
    DevOnly,
    /// Reached only through dependencies for targets outside the policy's `targets`.
    OtherTarget,
    /// No workspace member depends on it (a stale lockfile entry).
    Unreachable,
}

impl Scope {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Scope::InScope => "in-scope",
            Scope::Local => "local",
            Scope::DevOnly => "dev-only",
            Scope::OtherTarget => "other-target",
            Scope::Unreachable => "unreachable",
        }
    }
}

/// Kinds of advisory findings: RustSec's kinds plus a yanked locked version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A security vulnerability (no `informational`).
    Vulnerability,
    /// `informational = "unsound"`.
    Unsound,
    /// `informational = "unmaintained"`.
    Unmaintained,
    /// `informational = "notice"`.
    Notice,
    /// The locked version is yanked from the registry.
    Yanked,
}

impl FindingKind {
    /// Every kind, most serious first.
    pub const ALL: [FindingKind; 5] = [
        FindingKind::Vulnerability,
        FindingKind::Unsound,
        FindingKind::Unmaintained,
        FindingKind::Notice,
        FindingKind::Yanked,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::Vulnerability => "vulnerability",
            FindingKind::Unsound => "unsound",
            FindingKind::Unmaintained => "unmaintained",
            FindingKind::Notice => "notice",
            FindingKind::Yanked => "yanked",
        }
    }
}

/// What the policy does with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingAction {
    /// Fails the audit (its kind is in `deny_advisories`, the package is in scope).
    Deny,
    /// Shown as a warning.
    Warn,
    /// Ignored by id (`[[audit.ignore]]`), with the reason shown.
    Ignored,
}

/// The id of the yanked finding (it has no advisory id).
pub const YANKED_ID: &str = "yanked";

/// How to get rid of a finding that a newer release fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Fix {
    /// Every parent's requirement admits this fixed version:
    /// `cargo update -p NAME --precise VERSION`.
    Update {
        /// The lowest fixed version the parents admit.
        version: String,
    },
    /// A parent's requirement excludes every fixed version: upgrade the
    /// parent (to `to`, whose requirement admits one), or, for a workspace
    /// member, change its requirement.
    Parent {
        /// The parent (`name version` as locked).
        parent: String,
        /// Its requirement on the package.
        req: String,
        /// The lowest fixed version of the package.
        fixed: String,
        /// The parent's lowest release whose requirement admits a fixed
        /// version (None: a workspace member, or no release does).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        /// The parent is a workspace member: its own manifest must change.
        #[serde(default)]
        member: bool,
    },
}

/// The `rust-version` a fix needs, compared with the workspace's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixRust {
    /// The fixed release's declared `rust-version`.
    pub needs: String,
    /// The workspace's lowest declared `rust-version`, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
}

/// One advisory (or a yank) on one locked package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryFinding {
    /// `RUSTSEC-YYYY-NNNN`, or [`YANKED_ID`].
    pub id: String,
    /// What kind of problem.
    pub kind: FindingKind,
    /// The advisory's title (outside text; for a yank, empty: its sentence
    /// is the renderer's).
    pub title: String,
    /// When it was reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Its RustSec page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Further reading the advisory gives (its `url` and `references`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// CVE and GHSA ids of the same problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The CVSS vector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss: Option<String>,
    /// The CVSS base score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss_score: Option<f64>,
    /// The CVSS rating: none, low, medium, high, critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Requirements of fixed versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patched: Vec<String>,
    /// Requirements of versions that never had the problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unaffected: Vec<String>,
    /// The lowest published version above the locked one that is not
    /// affected: "upgrade to ≥ this".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_to: Option<String>,
    /// How to reach a fixed version given the parents' requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The fix's `rust-version`, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_rust: Option<FixRust>,
    /// Deny, warn or ignored.
    pub action: FindingAction,
    /// The ignore entry's reason, when ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_reason: Option<String>,
}

said!(
    /// A rule's or a problem's sentence: English under `message`, the
    /// message under `message_i18n`.
    rule_message::RuleMessage,
    "message",
    "message_i18n"
);

said_list!(
    /// Rules that could not be checked: `unchecked` + `unchecked_messages`.
    unchecked::Unchecked,
    "unchecked",
    "unchecked_messages",
    skip_empty
);

said_opt!(
    /// What to do: `hint` + `hint_message`.
    hint::Hint,
    "hint",
    "hint_message"
);

said_opt!(
    /// Why a package is out of scope: `scope_reason` + `scope_reason_message`.
    scope_reason::ScopeReason,
    "scope_reason",
    "scope_reason_message"
);

said_list!(
    /// Report-level warnings: `warnings` + `warning_messages`.
    warnings::Warnings,
    "warnings",
    "warning_messages"
);

said_list!(
    /// Report-level notes: `notes` + `note_messages`.
    notes::Notes,
    "notes",
    "note_messages"
);

/// What a change to the lockfile did to one package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Not in the base lockfile (no version of it was).
    Added,
    /// Another version of it was in the base lockfile.
    Bumped,
    /// The same version, but the lockfile's checksum changed.
    Checksum,
    /// Locked as in the base.
    Unchanged,
}

impl ChangeKind {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Bumped => "bumped",
            ChangeKind::Checksum => "checksum",
            ChangeKind::Unchanged => "unchanged",
        }
    }

    /// Added, bumped or re-checksummed: what the change judges.
    pub fn is_change(self) -> bool {
        self != ChangeKind::Unchanged
    }
}

/// One package's part in the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Added, bumped, checksum changed, or unchanged.
    pub kind: ChangeKind,
    /// The base version it replaced (bumped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The changed package whose addition brought it in (`name version`),
    /// when it was not added by a package the base already had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brought_by: Option<String>,
    /// What its addition brings: the changed packages only it leads to
    /// (`name version`), for an addition or bump made directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtree: Vec<String>,
}

/// A package the change removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedPackage {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// The version the base locked.
    pub version: String,
    /// Where it came from.
    pub source: PackageSource,
}

/// The change between the base lockfile and the audited one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockDiff {
    /// The base as given (`origin/main`, a path).
    pub base: String,
    /// Its lockfile format version.
    pub base_format: u32,
    /// The audited lockfile's format version.
    pub head_format: u32,
    /// Packages added.
    pub added: usize,
    /// Packages bumped to another version.
    pub bumped: usize,
    /// Packages whose checksum changed at the same version.
    pub checksum_changed: usize,
    /// Packages locked as in the base.
    pub unchanged: usize,
    /// Packages the change removes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovedPackage>,
    /// Whether unchanged packages were judged too (`--all`).
    pub all: bool,
}

/// A build-affecting property before and after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// In the audited version.
    pub now: bool,
    /// In the version compared with (None: unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<bool>,
}

/// An owner added to a crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerAdded {
    /// The owner's login (a user or a `github:org:team`).
    pub login: String,
    /// The day it was added.
    pub date: Date,
}

/// A name that can be mistaken for a much more depended-on crate's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusable {
    /// The popular crate.
    #[serde(rename = "crate")]
    pub name: String,
    /// Its dependents in the dump.
    pub dependents: u64,
    /// The package's own dependents in the dump.
    pub own_dependents: u64,
    /// How the names differ: `one-edit`, `separator`, `affix`, `plural`.
    pub how: String,
}

/// How a crate's recent releases were published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedPublishing {
    /// Releases published since crates.io offered trusted publishing (up
    /// to and including the locked version).
    pub releases: usize,
    /// How many of them have no publishing user: trusted publishing.
    pub trusted: usize,
}

/// Supply-chain evidence on one added or bumped package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SupplyChain {
    /// The version compared with: the base's (bumped) or the previous
    /// release (added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compared_with: Option<String>,
    /// When the locked version was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// Days from publication to the audit's day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_age_days: Option<i64>,
    /// Who published the locked version (dump; None: unknown or trusted publishing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Who published the version compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_publisher: Option<String>,
    /// Owners added in the window before the locked version's publication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners_added: Vec<OwnerAdded>,
    /// Releases since crates.io offered trusted publishing, and how many
    /// of them were published that way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_publishing: Option<TrustedPublishing>,
    /// The locked version was published by trusted publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted: Option<bool>,
    /// A build script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_script: Option<Presence>,
    /// A proc-macro library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proc_macro: Option<Presence>,
    /// A `links` key (a native library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Presence>,
    /// A confusable, much more depended-on name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confusable: Option<Confusable>,
    /// The locked version's declared `rust-version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_version: Option<String>,
    /// What could not be told, and why.
    #[serde(flatten)]
    pub unchecked: Unchecked,
}

/// One package's row in the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageVerdict {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Locked version.
    pub version: String,
    /// Where it comes from.
    pub source: PackageSource,
    /// Judged or not, and why not.
    pub scope: Scope,
    /// Details of the scope: the targets or dev-dependency it comes through.
    #[serde(flatten)]
    pub scope_reason: ScopeReason,
    /// A direct dependency of some workspace member.
    pub direct: bool,
    /// Which members depend on it directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub direct_of: Vec<String>,
    /// How a workspace member reaches it: `member version`, …, this package
    /// (the inverse dependency path, shortest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// Registry packages it pulls in (its closure in the lockfile's graph):
    /// the dependency weight its card was scored with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_size: Option<usize>,
    /// Line of its `[[package]]` in the lockfile.
    pub lockfile_line: usize,
    /// Its part in the change, when audited against a base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Whether its verdict counts for the gate (false: a package the change
    /// did not touch, reported apart).
    #[serde(default = "yes")]
    pub judged: bool,
    /// The verdict.
    pub verdict: Verdict,
    /// The licence expression judged (from its manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Advisories (and a yank) on the locked version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<AdvisoryFinding>,
    /// Rules broken (also when allow-listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Rules that could not be checked.
    #[serde(flatten)]
    pub unchecked: Unchecked,
    /// The allow-list's reason, when it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_reason: Option<String>,
    /// Why it was not evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_evaluated: Option<String>,
    /// Other reasons for the verdict (licences, bans, sources, supply chain,
    /// an unevaluable package…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// Supply-chain evidence (added and bumped packages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_chain: Option<SupplyChain>,
    /// What to do about it.
    #[serde(flatten)]
    pub hint: Hint,
    /// Served from the evaluation cache.
    #[serde(default)]
    pub cached: bool,
    /// The card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
}

fn yes() -> bool {
    true
}

impl PackageVerdict {
    /// Composite score, when evaluated.
    pub fn composite(&self) -> Option<f64> {
        self.evaluation.as_ref().and_then(|e| e.composite)
    }

    /// Tier, when evaluated.
    pub fn tier(&self) -> Option<Tier> {
        self.evaluation.as_ref().map(|e| e.tier)
    }

    /// Findings that fail or warn (not ignored ones).
    pub fn active_findings(&self) -> impl Iterator<Item = &AdvisoryFinding> {
        self.advisories
            .iter()
            .filter(|a| a.action != FindingAction::Ignored)
    }

    /// `name version`.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

impl Messages for PackageVerdict {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        if let Some(e) = &mut self.evaluation {
            e.visit_messages(f);
        }
        self.scope_reason.visit_messages(f);
        for v in &mut self.violations {
            v.message.visit_messages(f);
        }
        self.unchecked.visit_messages(f);
        for p in &mut self.problems {
            p.message.visit_messages(f);
        }
        if let Some(s) = &mut self.supply_chain {
            s.unchecked.visit_messages(f);
        }
        self.hint.visit_messages(f);
    }
}

/// A reason for a verdict that is neither an advisory nor a score rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Rule id (one of [`RULES`]).
    pub rule: String,
    /// Fail or warn.
    pub level: Level,
    /// What was found.
    #[serde(flatten)]
    pub message: RuleMessage,
}

impl Problem {
    /// A problem of `rule` at `level`.
    pub fn new(rule: &str, level: Level, message: Message) -> Problem {
        Problem {
            rule: rule.to_string(),
            level,
            message: RuleMessage::new(message),
        }
    }
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Packages in the lockfile, workspace members excluded.
    pub packages: usize,
    /// In the policy's scope (judged).
    pub in_scope: usize,
    /// Evaluated (a card was computed or read from the cache).
    pub evaluated: usize,
    /// Passing.
    pub passed: usize,
    /// Failing (packages whose verdict counts).
    pub failed: usize,
    /// Passing with warnings.
    pub warned: usize,
    /// Allow-listed.
    pub allowed: usize,
    /// Registry packages in scope that could not be evaluated.
    pub not_evaluated: usize,
    /// Outside the scope (dev-only, other targets, unreachable).
    pub out_of_scope: usize,
    /// Path packages that are not workspace members.
    pub local: usize,
    /// Served from the evaluation cache.
    pub cached: usize,
    /// Findings by kind (ignored ones left out).
    pub findings: BTreeMap<FindingKind, usize>,
    /// Findings ignored by id.
    pub ignored: usize,
    /// Packages the change did not touch that would fail (reported apart,
    /// not failing the gate).
    #[serde(default)]
    pub untouched_failing: usize,
}

/// The advisory database the audit read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdvisoryDbStatus {
    /// Advisories were checked.
    pub checked: bool,
    /// Why not, when they were not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The database root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Advisories loaded.
    pub advisories: usize,
    /// Day of its last update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// How `last_updated` is known: `git-commit`, or `newest-advisory` for a
    /// copy that is not a git checkout (a lower bound of the real date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_from: Option<String>,
    /// Days from `last_updated` to the audit's day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    /// Older than the policy's `max_advisory_db_age_days`.
    pub stale: bool,
}

/// The audit: the JSON output and what every renderer reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Schema version.
    pub schema_version: u32,
    /// Evaluation day.
    pub as_of: Date,
    /// Model version.
    pub model_version: String,
    /// The lockfile audited.
    pub lockfile: PathBuf,
    /// Workspace members (`name version`), left out of `packages`.
    #[serde(default)]
    pub members: Vec<String>,
    /// The file the policy was read from (None: the built-in defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_file: Option<PathBuf>,
    /// The policy in force.
    pub policy: Policy,
    /// True when no judged package fails.
    pub passed: bool,
    /// Counts.
    pub summary: Summary,
    /// The advisory database.
    pub advisory_db: AdvisoryDbStatus,
    /// What every format shows before anything else: advisories not
    /// checked, a stale database, expired ignores, unsupported deny.toml keys.
    #[serde(flatten)]
    pub warnings: Warnings,
    /// The change, when audited against a base lockfile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<LockDiff>,
    /// Packages, riskiest first.
    pub packages: Vec<PackageVerdict>,
    /// Remarks: sources skipped, unused allow-list entries, fallbacks.
    #[serde(flatten)]
    pub notes: Notes,
}

impl Messages for AuditReport {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        self.warnings.visit_messages(f);
        self.packages.visit_messages(f);
        self.notes.visit_messages(f);
    }
}

/// Fail, warn, or accept silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Fails the audit.
    Fail,
    /// A warning.
    Warn,
    /// Listed, no warning.
    Allow,
}

impl Level {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Level::Fail => "fail",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

/// Thresholds on an evaluation; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Minimum composite score (1.0–5.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_composite: Option<f64>,
    /// Tiers that fail the audit (tier ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_tiers: Option<Vec<Tier>>,
    /// Minimum score per dimension id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_dimension: Option<BTreeMap<String, f64>>,
    /// Maximum unsafe blocks+fns+impls per 1k lines (the `unsafe-use` raw value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unsafe_density: Option<f64>,
    /// Scenario to judge by (with `min_scenario_stars`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Minimum stars in `scenario`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_scenario_stars: Option<u8>,
}

/// The keys of [`Thresholds`], as written in `[audit]` (what `inherit` may name).
pub const THRESHOLD_KEYS: [&str; 6] = [
    "min_composite",
    "deny_tiers",
    "min_dimension",
    "max_unsafe_density",
    "scenario",
    "min_scenario_stars",
];

impl Thresholds {
    /// `self` with the fields named in `keys` taken from `from` when `self`
    /// does not set them.
    pub fn inheriting(&self, from: &Thresholds, keys: &[String]) -> Thresholds {
        let take = |k: &str| keys.iter().any(|x| x == k);
        let mut t = self.clone();
        if take("min_composite") && t.min_composite.is_none() {
            t.min_composite = from.min_composite;
        }
        if take("deny_tiers") && t.deny_tiers.is_none() {
            t.deny_tiers = from.deny_tiers.clone();
        }
        if take("min_dimension") && t.min_dimension.is_none() {
            t.min_dimension = from.min_dimension.clone();
        }
        if take("max_unsafe_density") && t.max_unsafe_density.is_none() {
            t.max_unsafe_density = from.max_unsafe_density;
        }
        if take("scenario") && t.scenario.is_none() {
            t.scenario = from.scenario.clone();
        }
        if take("min_scenario_stars") && t.min_scenario_stars.is_none() {
            t.min_scenario_stars = from.min_scenario_stars;
        }
        t
    }
}

/// One allow-list entry: accepts a crate's broken *score rules* (never its
/// advisories: those are ignored by id, so an advisory filed later is seen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllowEntry {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Versions it covers (a semver requirement; all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<semver::VersionReq>,
    /// Why it is accepted: required, shown in every output.
    pub reason: String,
    /// Last day it applies (inclusive); expired entries are reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// One ignored advisory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IgnoreEntry {
    /// The advisory id (`RUSTSEC-…`, or one of its aliases).
    pub id: String,
    /// Why: required, shown in every output.
    pub reason: String,
    /// Last day it applies (inclusive); after it the advisory counts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// A crate (and optionally versions of it) a rule names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrateMatch {
    /// Crate name.
    #[serde(rename = "crate")]
    pub name: String,
    /// Versions (a requirement; every version when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<semver::VersionReq>,
}

impl CrateMatch {
    /// Whether it names this package.
    pub fn matches(&self, name: &str, version: &semver::Version) -> bool {
        self.name == name && self.version.as_ref().is_none_or(|r| r.matches(version))
    }
}

/// `[audit.licenses]`: SPDX licence rules. A package's licence expression
/// is accepted when it can be satisfied with allowed licences (an `OR`
/// needs one side, an `AND` both), as cargo-deny judges it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicensePolicy {
    /// SPDX licence ids accepted (None: every licence not denied; an empty
    /// list accepts none, as in cargo-deny).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow: Option<Vec<String>>,
    /// SPDX licence ids never accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
    /// More licences accepted for one crate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<LicenseException>,
    /// A package without a licence, or whose licence could not be read.
    pub unlicensed: Level,
}

impl Default for LicensePolicy {
    fn default() -> Self {
        LicensePolicy {
            allow: None,
            deny: Vec::new(),
            exceptions: Vec::new(),
            // A licence policy that cannot read a licence fails closed.
            unlicensed: Level::Fail,
        }
    }
}

impl LicensePolicy {
    /// True when it judges anything.
    pub fn is_active(&self) -> bool {
        self.allow.is_some() || !self.deny.is_empty()
    }
}

/// Licences accepted for one crate beyond the allow-list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseException {
    /// The crate (and versions).
    #[serde(flatten)]
    pub krate: CrateMatch,
    /// SPDX licence ids.
    pub allow: Vec<String>,
}

/// A banned crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BanEntry {
    /// The crate (and versions).
    #[serde(flatten)]
    pub krate: CrateMatch,
    /// Why (shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Crates allowed to depend on it (directly).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrappers: Vec<String>,
    /// What to use instead (shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_instead: Option<String>,
}

/// `[audit.bans]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BanPolicy {
    /// Crates that fail the audit wherever they appear (in scope).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<BanEntry>,
    /// Several versions of one crate in scope.
    pub duplicates: Level,
    /// Versions left out of the duplicate check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_duplicates: Vec<CrateMatch>,
}

impl Default for BanPolicy {
    fn default() -> Self {
        BanPolicy {
            deny: Vec::new(),
            // Most real trees carry a few duplicates during upgrades; the
            // check is opt-in (cargo-deny's default of warn comes with an
            // imported deny.toml).
            duplicates: Level::Allow,
            skip_duplicates: Vec::new(),
        }
    }
}

/// `[audit.sources]`: where packages may come from besides crates.io.
/// A git or registry package matching these is accepted silently; the
/// others get `git_packages` / `other_registry_packages`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourcePolicy {
    /// Registry index URLs accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_registries: Vec<String>,
    /// Git repository URLs accepted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_git: Vec<String>,
    /// Organisations whose repositories are accepted, per forge
    /// (`github`, `gitlab`, `bitbucket`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allow_org: BTreeMap<String, Vec<String>>,
}

/// `[audit.supply_chain]`: rules on what a change adds or bumps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyChainPolicy {
    /// A locked version published fewer days ago fails (None: no rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_publish_age_days: Option<i64>,
    /// Published by someone else than the version compared with.
    pub publisher_change: Level,
    /// An owner added within `new_owner_days` before the locked version.
    pub new_owner: Level,
    /// The window of `new_owner`, in days.
    pub new_owner_days: i64,
    /// A build script the version compared with did not have.
    pub new_build_script: Level,
    /// A proc-macro library the version compared with was not.
    pub new_proc_macro: Level,
    /// A `links` key the version compared with did not have.
    pub new_links: Level,
    /// A name confusable with a much more depended-on crate's.
    pub typosquat: Level,
    /// Published with a token where the crate's recent releases used
    /// trusted publishing.
    pub trusted_publishing_dropped: Level,
    /// The lockfile's checksum differs from the registry's.
    pub checksum_mismatch: Level,
}

impl Default for SupplyChainPolicy {
    fn default() -> Self {
        SupplyChainPolicy {
            min_publish_age_days: None,
            publisher_change: Level::Warn,
            new_owner: Level::Warn,
            // Ownership changes shortly before a release are the pattern of
            // account takeovers and handed-over crates; a quarter covers
            // the usual release interval of an active crate.
            new_owner_days: 90,
            new_build_script: Level::Warn,
            new_proc_macro: Level::Warn,
            new_links: Level::Warn,
            typosquat: Level::Warn,
            trusted_publishing_dropped: Level::Warn,
            checksum_mismatch: Level::Fail,
        }
    }
}

/// The policy (`[audit]` of cratescope.toml, or a deny.toml); docs/audit.md
/// documents every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Thresholds for direct dependencies (and for transitive ones when
    /// there is no `[audit.transitive]`).
    pub direct: Thresholds,
    /// `[audit.transitive]`: the thresholds of transitive dependencies;
    /// they inherit only the keys listed in `transitive_inherit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitive: Option<Thresholds>,
    /// Keys `[audit.transitive]` takes from `[audit]` when it does not set them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_inherit: Vec<String>,
    /// Accepted score exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<AllowEntry>,
    /// Ignored advisories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreEntry>,
    /// Finding kinds that fail the audit; the others are warnings.
    pub deny_advisories: Vec<FindingKind>,
    /// Days after which the advisory database is stale (a warning).
    pub max_advisory_db_age_days: i64,
    /// Run when the advisory database cannot be loaded (every output then
    /// says advisories were not checked).
    pub allow_missing_advisory_db: bool,
    /// Leave out packages reached only through dev-dependencies.
    pub exclude_dev: bool,
    /// Target triples the project is built for (empty: every target).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Registry packages in scope that cannot be evaluated (and rules that
    /// must fail but cannot be checked).
    pub unevaluable: Level,
    /// Packages from git repositories (not checked against advisories).
    pub git_packages: Level,
    /// Packages from registries other than crates.io.
    pub other_registry_packages: Level,
    /// Clone and read each crate's repository (slow: off by default).
    pub evaluate_git: bool,
    /// Licence rules.
    #[serde(default)]
    pub licenses: LicensePolicy,
    /// Banned crates and duplicates.
    #[serde(default)]
    pub bans: BanPolicy,
    /// Accepted registries and repositories.
    #[serde(default)]
    pub sources: SourcePolicy,
    /// Rules on what a change adds or bumps.
    #[serde(default)]
    pub supply_chain: SupplyChainPolicy,
}

/// Default denied tiers when a rule table names none: ⛔ avoid.
pub const DEFAULT_DENY: [Tier; 1] = [Tier::Avoid];

/// Finding kinds that fail by default: everything but notices.
pub const DEFAULT_DENY_ADVISORIES: [FindingKind; 4] = [
    FindingKind::Vulnerability,
    FindingKind::Unsound,
    FindingKind::Unmaintained,
    FindingKind::Yanked,
];

/// Default `max_advisory_db_age_days`: the RustSec database gets several
/// commits a week; a month without one means the copy stopped updating.
pub const DEFAULT_MAX_DB_AGE_DAYS: i64 = 30;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            direct: Thresholds {
                deny_tiers: Some(DEFAULT_DENY.to_vec()),
                ..Thresholds::default()
            },
            transitive: None,
            transitive_inherit: Vec::new(),
            allow: Vec::new(),
            ignore: Vec::new(),
            deny_advisories: DEFAULT_DENY_ADVISORIES.to_vec(),
            max_advisory_db_age_days: DEFAULT_MAX_DB_AGE_DAYS,
            allow_missing_advisory_db: false,
            exclude_dev: false,
            targets: Vec::new(),
            unevaluable: Level::Fail,
            git_packages: Level::Warn,
            other_registry_packages: Level::Warn,
            evaluate_git: false,
            licenses: LicensePolicy::default(),
            bans: BanPolicy::default(),
            sources: SourcePolicy::default(),
            supply_chain: SupplyChainPolicy::default(),
        }
    }
}

/// Stable ids of the rules (SARIF rule ids, JSON `rule`). Advisory findings
/// use their advisory id as the rule. Each has a name, a one-line
/// description and help in the catalog (`audit-rule-<id>-name`,
/// `audit-rule-<id>-short`, `audit-rule-<id>-help`).
pub const RULES: [&str; 23] = [
    "denied-tier",
    "min-composite",
    "min-dimension",
    "max-unsafe-density",
    "min-scenario-stars",
    "unevaluable",
    "git-package",
    "other-registry-package",
    "yanked",
    "license",
    "license-unknown",
    "banned",
    "duplicate",
    "publish-age",
    "publisher-change",
    "new-owner",
    "new-build-script",
    "new-proc-macro",
    "new-links",
    "typosquat",
    "trusted-publishing-dropped",
    "checksum-mismatch",
    "cannot-check",
];

/// A rule the evaluation broke.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule id (one of [`RULES`]).
    pub rule: String,
    /// What was found against what was required.
    #[serde(flatten)]
    pub message: RuleMessage,
}

/// What judging one evaluation found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// Rules broken.
    pub violations: Vec<Violation>,
    /// Rules that could not be checked, and why.
    pub unchecked: Vec<Message>,
}

impl Policy {
    /// The thresholds that apply to a direct or transitive dependency.
    pub fn thresholds_for(&self, direct: bool) -> Thresholds {
        match (&self.transitive, direct) {
            (Some(t), false) => t.inheriting(&self.direct, &self.transitive_inherit),
            _ => self.direct.clone(),
        }
    }

    /// The allow-list entry covering a package on `today`, if any.
    pub fn allowed(
        &self,
        name: &str,
        version: &semver::Version,
        today: Date,
    ) -> Option<&AllowEntry> {
        self.allow.iter().find(|a| {
            a.name == name
                && a.version.as_ref().is_none_or(|r| r.matches(version))
                && a.until.is_none_or(|u| today <= u)
        })
    }

    /// The ignore entry covering an advisory (by id or alias) on `today`.
    pub fn ignored(&self, id: &str, aliases: &[String], today: Date) -> Option<&IgnoreEntry> {
        self.ignore
            .iter()
            .find(|i| (i.id == id || aliases.contains(&i.id)) && i.until.is_none_or(|u| today <= u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn sentences_keep_their_json_keys_and_carry_the_message() {
        let p = Problem::new("duplicate", Level::Warn, msg!("x-test", n = 2usize));
        let mut v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["rule"], "duplicate");
        assert_eq!(v["message_i18n"]["id"], "x-test");
        // Written before messages existed: the text alone still reads.
        v.as_object_mut().unwrap().remove("message_i18n");
        v["message"] = "as it was".into();
        let back: Problem = serde_json::from_value(v).unwrap();
        assert!(back.message.message.is_legacy());
    }

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.to_vec();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(
            RULES
                .iter()
                .all(|r| r.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
    }
}
