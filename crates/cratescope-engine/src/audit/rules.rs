//! The checks teams keep cargo-deny for (issue 24), over the lockfile's
//! graph and the policy: licences (an SPDX expression satisfiable with the
//! allowed licences, per-crate exceptions), bans (denied crates, with the
//! wrappers allowed to depend on them; several versions of one crate, each
//! with the packages that pull it in) and sources (registries and git
//! repositories a team accepts besides crates.io).
//!
//! Each check returns problems for the packages they are about, as cargo-deny
//! reports them: one per cause. A duplicate is reported on each version but
//! the newest (the ones an upgrade removes), naming who pulls it in.
//! Deliberately ignored: licence texts (`license-file` alone is "not
//! checked"), and the features a build enables (the lockfile's graph holds
//! every feature's packages).

use std::collections::BTreeMap;

use cratescope_model::audit::{Level, PackageSource, Policy, Problem, Scope, SourcePolicy};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

use super::graph::Scoped;
use super::lockfile::Lockfile;
use super::policy::FORGES;

/// What the licence check says about one package.
#[derive(Debug, Clone, PartialEq)]
pub enum LicenseVerdict {
    /// Accepted.
    Accepted,
    /// A problem to report.
    Problem(Problem),
    /// Could not be checked (why).
    Unchecked(Message),
}

/// Judge one package's licence expression (None: its manifest has none;
/// `read` false: the manifest was not read).
pub fn license(
    policy: &Policy,
    name: &str,
    version: &semver::Version,
    expression: Option<&str>,
    read: bool,
) -> LicenseVerdict {
    let l = &policy.licenses;
    if !l.is_active() {
        return LicenseVerdict::Accepted;
    }
    if !read {
        return LicenseVerdict::Unchecked(msg!("audit-license-not-read"));
    }
    let Some(text) = expression.map(str::trim).filter(|t| !t.is_empty()) else {
        return LicenseVerdict::Problem(Problem::new(
            "license-unknown",
            l.unlicensed,
            msg!("audit-license-none"),
        ));
    };
    let Ok(expr) = spdx::Expression::parse_mode(text, spdx::ParseMode::LAX) else {
        return LicenseVerdict::Problem(Problem::new(
            "license-unknown",
            l.unlicensed,
            msg!("audit-license-unparsable", license = Arg::text(text)),
        ));
    };
    let parse = |ids: &[String]| -> Vec<spdx::Licensee> {
        ids.iter()
            .filter_map(|id| spdx::Licensee::parse(id).ok())
            .collect()
    };
    let mut allowed = l.allow.as_deref().map(parse);
    for e in l
        .exceptions
        .iter()
        .filter(|e| e.krate.matches(name, version))
    {
        allowed.get_or_insert_with(Vec::new).extend(parse(&e.allow));
    }
    let denied = parse(&l.deny);
    let ok = expr.evaluate(|req| {
        let listed = allowed
            .as_ref()
            .is_none_or(|a| a.iter().any(|x| x.satisfies(req)));
        listed && !denied.iter().any(|x| x.satisfies(req))
    });
    if ok {
        LicenseVerdict::Accepted
    } else {
        LicenseVerdict::Problem(Problem::new(
            "license",
            Level::Fail,
            msg!("audit-license-not-allowed", license = Arg::text(text)),
        ))
    }
}

/// Banned packages in scope: a problem each, unless every package that
/// depends on it is one of the entry's wrappers.
pub fn bans(policy: &Policy, lock: &Lockfile, scoped: &Scoped) -> Vec<(usize, Problem)> {
    let mut out = Vec::new();
    if policy.bans.deny.is_empty() {
        return out;
    }
    let parents = parents(lock);
    for (i, p) in lock.packages.iter().enumerate() {
        if scoped.scope[i] != Scope::InScope {
            continue;
        }
        let Some(ban) = policy
            .bans
            .deny
            .iter()
            .find(|b| b.krate.matches(&p.name, &p.version))
        else {
            continue;
        };
        let by: Vec<&str> = parents[i]
            .iter()
            .map(|&j| lock.packages[j].name.as_str())
            .collect();
        if !ban.wrappers.is_empty() && by.iter().all(|n| ban.wrappers.iter().any(|w| w == n)) {
            continue;
        }
        let m = match (&ban.reason, &ban.use_instead) {
            (None, None) => msg!("audit-banned"),
            (Some(r), None) => msg!("audit-banned-reason", reason = Arg::text(r)),
            (None, Some(u)) => msg!("audit-banned-instead", instead = Arg::krate(u)),
            (Some(r), Some(u)) => msg!(
                "audit-banned-reason-instead",
                reason = Arg::text(r),
                instead = Arg::krate(u)
            ),
        };
        out.push((i, Problem::new("banned", Level::Fail, m)));
    }
    out
}

/// Packages that depend on each package (indices), in file order.
pub fn parents(lock: &Lockfile) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); lock.packages.len()];
    for (j, p) in lock.packages.iter().enumerate() {
        for &d in &p.dependencies {
            if !by[d].contains(&j) {
                by[d].push(j);
            }
        }
    }
    by
}

/// Several versions of one crate in scope: a problem on each version but
/// the newest, naming the versions and the packages that pull this one in.
pub fn duplicates(policy: &Policy, lock: &Lockfile, scoped: &Scoped) -> Vec<(usize, Problem)> {
    let mut out = Vec::new();
    if policy.bans.duplicates == Level::Allow {
        return out;
    }
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in lock.packages.iter().enumerate() {
        if scoped.scope[i] == Scope::InScope
            && p.source != PackageSource::Path
            && !policy
                .bans
                .skip_duplicates
                .iter()
                .any(|s| s.matches(&p.name, &p.version))
        {
            by_name.entry(p.name.as_str()).or_default().push(i);
        }
    }
    let parents = parents(lock);
    for (name, mut idx) in by_name {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by(|&a, &b| lock.packages[a].version.cmp(&lock.packages[b].version));
        let versions: Vec<Arg> = idx
            .iter()
            .map(|&i| Arg::version(&lock.packages[i].version))
            .collect();
        let newest = *idx.last().unwrap_or(&0);
        for &i in idx.iter().filter(|&&i| i != newest) {
            let by: Vec<String> = parents[i]
                .iter()
                .map(|&j| lock.packages[j].label())
                .collect();
            out.push((
                i,
                Problem::new(
                    "duplicate",
                    policy.bans.duplicates,
                    msg!(
                        "audit-duplicate",
                        name = Arg::krate(name),
                        count = idx.len(),
                        versions = Arg::List(versions.clone()),
                        by = Arg::crates(by),
                    ),
                ),
            ));
        }
    }
    out
}

/// A git URL as compared: no scheme prefix `git+`, no query or fragment,
/// no trailing `.git` or `/`, lower-case host.
fn normal_git(url: &str) -> String {
    let u = url.strip_prefix("git+").unwrap_or(url);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    let u = u.trim_end_matches('/');
    let u = u.strip_suffix(".git").unwrap_or(u);
    match u.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            format!("{scheme}://{}/{path}", host.to_ascii_lowercase())
        }
        None => u.to_string(),
    }
}

/// Whether the sources policy accepts a git repository.
pub fn git_allowed(s: &SourcePolicy, url: &str) -> bool {
    let u = normal_git(url);
    s.allow_git.iter().any(|a| normal_git(a) == u)
        || s.allow_org.iter().any(|(forge, orgs)| {
            FORGES
                .iter()
                .find(|(f, _)| f == forge)
                .is_some_and(|(_, prefix)| {
                    orgs.iter().any(|o| {
                        u.to_ascii_lowercase()
                            .starts_with(&format!("{prefix}{}/", o.to_ascii_lowercase()))
                    })
                })
        })
}

/// Whether the sources policy accepts another registry.
pub fn registry_allowed(s: &SourcePolicy, url: &str) -> bool {
    let norm = |x: &str| {
        x.trim_start_matches("sparse+")
            .trim_start_matches("registry+")
            .trim_end_matches('/')
            .to_string()
    };
    s.allow_registries.iter().any(|a| norm(a) == norm(url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cratescope_model::audit::{BanEntry, CrateMatch, LicenseException};

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    fn permissive() -> Policy {
        let mut p = Policy::default();
        p.licenses.allow = Some(vec!["MIT".into(), "Apache-2.0".into()]);
        p
    }

    #[test]
    fn licences_are_judged_as_spdx_expressions() {
        let p = permissive();
        let ok = |e: &str| license(&p, "x", &v("1.0.0"), Some(e), true);
        assert_eq!(ok("MIT OR Apache-2.0"), LicenseVerdict::Accepted);
        assert_eq!(ok("MIT/Apache-2.0"), LicenseVerdict::Accepted);
        assert_eq!(ok("GPL-3.0-only OR MIT"), LicenseVerdict::Accepted);
        let LicenseVerdict::Problem(pr) = ok("GPL-3.0-only") else {
            panic!()
        };
        assert_eq!(pr.rule, "license");
        assert_eq!(pr.level, Level::Fail);
        assert!(matches!(
            ok("MIT AND GPL-3.0-or-later"),
            LicenseVerdict::Problem(_)
        ));
        // No expression: unlicensed; not read: not checked, never a pass.
        assert!(
            matches!(license(&p, "x", &v("1.0.0"), None, true), LicenseVerdict::Problem(pr) if pr.rule == "license-unknown")
        );
        assert!(matches!(
            license(&p, "x", &v("1.0.0"), None, false),
            LicenseVerdict::Unchecked(_)
        ));
        // An exception for one crate.
        let mut p = permissive();
        p.licenses.exceptions.push(LicenseException {
            krate: CrateMatch {
                name: "ring".into(),
                version: None,
            },
            allow: vec!["OpenSSL".into(), "ISC".into()],
        });
        assert_eq!(
            license(
                &p,
                "ring",
                &v("0.17.0"),
                Some("MIT AND ISC AND OpenSSL"),
                true
            ),
            LicenseVerdict::Accepted
        );
        assert!(matches!(
            license(&p, "other", &v("1.0.0"), Some("ISC"), true),
            LicenseVerdict::Problem(_)
        ));
        // A deny list without an allow list.
        let mut p = Policy::default();
        p.licenses.deny = vec!["GPL-3.0-only".into()];
        assert_eq!(
            license(&p, "x", &v("1.0.0"), Some("BSD-3-Clause"), true),
            LicenseVerdict::Accepted
        );
        assert!(matches!(
            license(&p, "x", &v("1.0.0"), Some("GPL-3.0-only"), true),
            LicenseVerdict::Problem(_)
        ));
        // No licence rules: nothing to say.
        assert_eq!(
            license(&Policy::default(), "x", &v("1.0.0"), None, false),
            LicenseVerdict::Accepted
        );
    }

    #[test]
    fn git_sources_match_urls_and_organisations() {
        let s = SourcePolicy {
            allow_git: vec!["https://github.com/org/Repo.git".into()],
            allow_org: [("gitlab".to_string(), vec!["team".to_string()])].into(),
            ..SourcePolicy::default()
        };
        assert!(git_allowed(
            &s,
            "https://GitHub.com/org/Repo?rev=abc#abcdef"
        ));
        assert!(git_allowed(&s, "https://gitlab.com/team/thing"));
        assert!(!git_allowed(&s, "https://gitlab.com/teamx/thing"));
        assert!(!git_allowed(&s, "https://github.com/org/other"));
        let r = SourcePolicy {
            allow_registries: vec!["sparse+https://my.registry/index/".into()],
            ..SourcePolicy::default()
        };
        assert!(registry_allowed(&r, "https://my.registry/index"));
        assert!(!registry_allowed(&r, "https://other.registry/index"));
    }

    #[test]
    fn ban_entries_match_versions() {
        let b = BanEntry {
            krate: CrateMatch {
                name: "openssl".into(),
                version: Some(semver::VersionReq::parse("<0.10").unwrap()),
            },
            reason: None,
            wrappers: Vec::new(),
            use_instead: None,
        };
        assert!(b.krate.matches("openssl", &v("0.9.24")));
        assert!(!b.krate.matches("openssl", &v("0.10.1")));
    }
}
