//! One package's verdict from its findings, rules and problems; the hint
//! for its most serious reason; the order of the report and its counts.
//!
//! A hint is one message naming what to do: the fix advice of an advisory
//! (the update that works, or the parent to upgrade), moving off a yanked
//! version, or what the policy's key for the rule is.

use std::collections::BTreeMap;

use cratescope_model::audit::{
    FindingAction, FindingKind, Fix, FixRust, Level, PackageSource, PackageVerdict, Scope, Summary,
    Verdict,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

/// Fail on a denied finding, an unallowed broken rule or a failing problem;
/// warn on a warned finding or problem; else allowed, pass, or skipped
/// (local and out-of-scope packages with nothing to say).
pub fn verdict(row: &PackageVerdict) -> Verdict {
    let denied = row
        .advisories
        .iter()
        .any(|f| f.action == FindingAction::Deny);
    let broken = !row.violations.is_empty();
    let fails = denied
        || (broken && row.allow_reason.is_none())
        || row.problems.iter().any(|p| p.level == Level::Fail);
    let warns = row
        .advisories
        .iter()
        .any(|f| f.action == FindingAction::Warn)
        || row.problems.iter().any(|p| p.level == Level::Warn);
    if fails {
        Verdict::Fail
    } else if warns {
        Verdict::Warn
    } else if broken {
        Verdict::Allowed
    } else if row.scope != Scope::InScope || row.source == PackageSource::Path {
        Verdict::Skipped
    } else {
        Verdict::Pass
    }
}

/// `(crate as Arg, name of the crate)` of a `name version` label.
fn name_of(label: &str) -> &str {
    label.split(' ').next().unwrap_or(label)
}

/// The fix advice of a finding as a message.
fn fix_message(name: &str, id: &str, fix: &Fix) -> Message {
    match fix {
        Fix::Update { version } => msg!(
            "audit-hint-update",
            name = Arg::krate(name),
            version = Arg::version(version),
            id = Arg::id(id)
        ),
        Fix::Parent {
            parent,
            req,
            fixed,
            to: Some(to),
            member: false,
        } => msg!(
            "audit-hint-parent",
            parent = Arg::krate(parent.as_str()),
            parent_name = Arg::krate(name_of(parent)),
            req = Arg::version(req),
            name = Arg::krate(name),
            fixed = Arg::version(fixed),
            to = Arg::version(to),
            id = Arg::id(id)
        ),
        Fix::Parent {
            parent,
            req,
            fixed,
            member: true,
            ..
        } => msg!(
            "audit-hint-parent-member",
            parent = Arg::krate(name_of(parent)),
            req = Arg::version(req),
            name = Arg::krate(name),
            fixed = Arg::version(fixed)
        ),
        Fix::Parent {
            parent, req, fixed, ..
        } => msg!(
            "audit-hint-parent-none",
            parent = Arg::krate(parent.as_str()),
            req = Arg::version(req),
            name = Arg::krate(name),
            fixed = Arg::version(fixed),
            id = Arg::id(id)
        ),
    }
}

fn with_rust(hint: Message, rust: Option<&FixRust>) -> Message {
    match rust {
        Some(FixRust {
            needs,
            workspace: Some(w),
        }) => msg!(
            "audit-hint-needs-rust-over",
            hint = hint,
            needs = Arg::version(needs),
            workspace = Arg::version(w)
        ),
        Some(FixRust { needs, .. }) => msg!(
            "audit-hint-needs-rust",
            hint = hint,
            needs = Arg::version(needs)
        ),
        None => hint,
    }
}

/// One message on what to do, for the most serious reason.
pub fn hint(row: &PackageVerdict) -> Option<Message> {
    let name = row.name.as_str();
    let via = row
        .path
        .iter()
        .rev()
        .nth(1)
        .filter(|_| !row.direct)
        .cloned();
    if let Some(f) = row
        .advisories
        .iter()
        .filter(|f| f.action != FindingAction::Ignored)
        .min_by_key(|f| (f.action, f.kind))
    {
        let m = match (f.kind, &f.fix, &f.upgrade_to) {
            (FindingKind::Yanked, Some(Fix::Update { version }), _) => msg!(
                "audit-hint-yanked-update",
                name = Arg::krate(name),
                version = Arg::version(version)
            ),
            (FindingKind::Yanked, Some(fix), _) => fix_message(name, &f.id, fix),
            (FindingKind::Yanked, None, Some(v)) => msg!(
                "audit-hint-yanked-update",
                name = Arg::krate(name),
                version = Arg::version(v)
            ),
            (FindingKind::Yanked, None, None) => match &via {
                Some(v) => msg!(
                    "audit-hint-yanked-replace-via",
                    name = Arg::krate(name),
                    via = Arg::krate(v.as_str())
                ),
                None => msg!("audit-hint-yanked-replace", name = Arg::krate(name)),
            },
            (_, Some(fix), _) => fix_message(name, &f.id, fix),
            (_, None, Some(v)) => msg!(
                "audit-hint-update",
                name = Arg::krate(name),
                version = Arg::version(v),
                id = Arg::id(f.id.as_str())
            ),
            (_, None, None) => match &via {
                Some(v) => msg!(
                    "audit-hint-no-fix-via",
                    name = Arg::krate(name),
                    via = Arg::krate(v.as_str()),
                    id = Arg::id(f.id.as_str())
                ),
                None => msg!(
                    "audit-hint-no-fix",
                    name = Arg::krate(name),
                    id = Arg::id(f.id.as_str())
                ),
            },
        };
        return Some(with_rust(m, f.fix_rust.as_ref()));
    }
    if let Some(p) = row.problems.iter().min_by_key(|p| p.level) {
        return Some(match p.rule.as_str() {
            "unevaluable" => msg!("audit-hint-unevaluable"),
            "git-package" => msg!("audit-hint-git"),
            "other-registry-package" => msg!("audit-hint-registry"),
            "license" | "license-unknown" => msg!("audit-hint-license", name = Arg::krate(name)),
            "banned" => msg!("audit-hint-banned", name = Arg::krate(name)),
            "duplicate" => msg!("audit-hint-duplicate", name = Arg::krate(name)),
            "checksum-mismatch" => msg!("audit-hint-checksum", name = Arg::krate(name)),
            "publish-age" => msg!("audit-hint-publish-age", name = Arg::krate(name)),
            "cannot-check" => msg!("audit-hint-cannot-check"),
            _ => msg!(
                "audit-hint-supply-chain",
                name = Arg::krate(name),
                rule = Arg::id(p.rule.as_str())
            ),
        });
    }
    if !row.violations.is_empty() && row.allow_reason.is_none() {
        return Some(match (&via, row.direct) {
            (Some(v), _) => msg!(
                "audit-hint-replace-via",
                name = Arg::krate(name),
                via = Arg::krate(v.as_str())
            ),
            (None, true) => msg!("audit-hint-replace", name = Arg::krate(name)),
            (None, false) => msg!("audit-hint-replace-transitive", name = Arg::krate(name)),
        });
    }
    None
}

/// Failures first, then warnings, allowed, passes, skipped; judged packages
/// before the ones the change did not touch; direct dependencies first;
/// then the most serious finding, the worst tier and the lowest composite.
pub fn sort_by_risk(rows: &mut [PackageVerdict]) {
    rows.sort_by(|a, b| {
        let worst = |r: &PackageVerdict| {
            r.active_findings()
                .map(|f| f.kind)
                .min()
                .map(|k| k as u8)
                .unwrap_or(u8::MAX)
        };
        let tier = |r: &PackageVerdict| {
            std::cmp::Reverse(r.evaluation.as_ref().map(|e| e.tier.rank()).unwrap_or(0))
        };
        (!a.judged, a.verdict, !a.direct, worst(a), tier(a))
            .cmp(&(!b.judged, b.verdict, !b.direct, worst(b), tier(b)))
            .then_with(|| {
                a.composite()
                    .unwrap_or(0.0)
                    .total_cmp(&b.composite().unwrap_or(0.0))
            })
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.version.cmp(&b.version))
    });
}

/// The counts; failures count only for judged packages.
pub fn summarise(rows: &[PackageVerdict]) -> Summary {
    let count = |v: Verdict| rows.iter().filter(|r| r.judged && r.verdict == v).count();
    let mut findings = BTreeMap::new();
    let mut ignored = 0;
    for f in rows.iter().flat_map(|r| &r.advisories) {
        if f.action == FindingAction::Ignored {
            ignored += 1;
        } else {
            *findings.entry(f.kind).or_insert(0) += 1;
        }
    }
    Summary {
        packages: rows.len(),
        in_scope: rows.iter().filter(|r| r.scope == Scope::InScope).count(),
        evaluated: rows.iter().filter(|r| r.evaluation.is_some()).count(),
        passed: count(Verdict::Pass),
        failed: count(Verdict::Fail),
        warned: count(Verdict::Warn),
        allowed: count(Verdict::Allowed),
        not_evaluated: rows.iter().filter(|r| r.not_evaluated.is_some()).count(),
        out_of_scope: rows
            .iter()
            .filter(|r| {
                matches!(
                    r.scope,
                    Scope::DevOnly | Scope::OtherTarget | Scope::Unreachable
                )
            })
            .count(),
        local: rows.iter().filter(|r| r.scope == Scope::Local).count(),
        cached: rows.iter().filter(|r| r.cached).count(),
        findings,
        ignored,
        untouched_failing: rows
            .iter()
            .filter(|r| !r.judged && r.verdict == Verdict::Fail)
            .count(),
    }
}
