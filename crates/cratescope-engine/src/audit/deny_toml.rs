//! A team's cargo-deny `deny.toml` as the audit policy (issue 24), so a
//! team that moves to cratescope keeps its advisory ignores, licence
//! allow-list, bans and sources.
//!
//! What is applied: `[graph] targets, exclude-dev`; `[advisories] ignore`
//! (advisory ids, with their reasons), `yanked`, `unmaintained`, `unsound`
//! (`all` or `none`), `maximum-db-staleness` (whole days or weeks);
//! `[licenses] allow, exceptions`; `[bans] deny (with wrappers, reasons and
//! use-instead), multiple-versions, skip`; `[sources] unknown-registry,
//! unknown-git, allow-registry, allow-git, allow-org`. cargo-deny's own
//! defaults apply where a key is absent (`multiple-versions = "warn"`,
//! `yanked = "warn"`).
//!
//! Every other key cargo-deny knows is listed in the report's warnings
//! ("`bans.skip-tree` is not applied"), never dropped silently; a key
//! cargo-deny does not know either (a typo) is an error, as it is for
//! cargo-deny. Values cratescope cannot honour exactly are applied the
//! stricter way and listed (`unmaintained = "workspace"` denies every
//! unmaintained crate).
//!
//! Deliberately ignored: licence texts (`license-file` without a `license`
//! expression is "not checked", never a pass), which cargo-deny scores
//! with a confidence threshold.

use cratescope_model::audit::{
    BanEntry, BanPolicy, CrateMatch, FindingKind, IgnoreEntry, LicenseException, Policy,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

use super::AuditError;
use super::policy::{FORGES, licensee};
use cratescope_model::audit::Level;

/// The reason an ignore entry of a deny.toml carries when it has none (ours
/// requires one; the file is the team's record of it).
const IGNORED_IN_DENY_TOML: &str = "ignored in deny.toml";

/// The index URLs cargo-deny writes for crates.io in `allow-registry`.
const CRATES_IO_INDEXES: [&str; 2] = [
    "https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

fn invalid(problem: String) -> AuditError {
    AuditError::Policy {
        problem: format!("deny.toml: {problem}"),
        source: None,
    }
}

/// Collects what is not applied.
struct Reader {
    warnings: Vec<Message>,
}

impl Reader {
    fn unsupported(&mut self, key: &str) {
        self.warnings
            .push(msg!("audit-deny-toml-unsupported", key = Arg::code(key)));
    }

    fn stricter(&mut self, key: &str, value: &str) {
        self.warnings.push(msg!(
            "audit-deny-toml-stricter",
            key = Arg::code(key),
            value = Arg::code(value)
        ));
    }

    fn deprecated(&mut self, key: &str) {
        self.warnings
            .push(msg!("audit-deny-toml-deprecated", key = Arg::code(key)));
    }
}

fn table<'a>(v: &'a toml::Value, key: &str) -> Result<&'a toml::Table, AuditError> {
    v.as_table()
        .ok_or_else(|| invalid(format!("`{key}` is not a table")))
}

fn string<'a>(v: &'a toml::Value, key: &str) -> Result<&'a str, AuditError> {
    v.as_str()
        .ok_or_else(|| invalid(format!("`{key}` is not a string")))
}

fn array<'a>(v: &'a toml::Value, key: &str) -> Result<&'a [toml::Value], AuditError> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| invalid(format!("`{key}` is not an array")))
}

fn boolean(v: &toml::Value, key: &str) -> Result<bool, AuditError> {
    v.as_bool()
        .ok_or_else(|| invalid(format!("`{key}` is not true or false")))
}

/// `deny`, `warn`, `allow`.
fn lint(v: &toml::Value, key: &str) -> Result<Level, AuditError> {
    match string(v, key)? {
        "deny" => Ok(Level::Fail),
        "warn" => Ok(Level::Warn),
        "allow" => Ok(Level::Allow),
        other => Err(invalid(format!(
            "`{key}` = \"{other}\" is not a lint level (deny, warn, allow)"
        ))),
    }
}

/// cargo-deny's package spec: `name`, `name@version` (exactly that
/// version), `name:requirement`, `{ crate = spec }` or `{ name, version }`.
fn spec_text(s: &str, key: &str) -> Result<CrateMatch, AuditError> {
    let split = s
        .find('@')
        .map(|i| (i, true))
        .or_else(|| s.find(':').map(|i| (i, false)));
    let Some((i, exact)) = split else {
        return Ok(CrateMatch {
            name: s.to_string(),
            version: None,
        });
    };
    let mut req: semver::VersionReq = s[i + 1..].parse().map_err(|e| {
        invalid(format!(
            "`{key}` = \"{s}\" has no valid version requirement: {e}"
        ))
    })?;
    if exact && let Some(c) = req.comparators.get_mut(0) {
        c.op = semver::Op::Exact;
    }
    Ok(CrateMatch {
        name: s[..i].to_string(),
        version: Some(req),
    })
}

/// A spec from a string or a table; returns the table's other keys.
fn spec<'a>(
    v: &'a toml::Value,
    key: &str,
) -> Result<(CrateMatch, Option<&'a toml::Table>), AuditError> {
    match v {
        toml::Value::String(s) => Ok((spec_text(s, key)?, None)),
        toml::Value::Table(t) => {
            if let Some(c) = t.get("crate") {
                Ok((
                    spec_text(string(c, &format!("{key}.crate"))?, key)?,
                    Some(t),
                ))
            } else if let Some(n) = t.get("name") {
                let name = string(n, &format!("{key}.name"))?.to_string();
                let version = t
                    .get("version")
                    .map(|v| {
                        let text = string(v, &format!("{key}.version"))?;
                        text.parse::<semver::VersionReq>().map_err(|e| {
                            invalid(format!("`{key}.version` = \"{text}\" is not valid: {e}"))
                        })
                    })
                    .transpose()?;
                Ok((CrateMatch { name, version }, Some(t)))
            } else {
                Err(invalid(format!("`{key}` names no `crate`")))
            }
        }
        _ => Err(invalid(format!("`{key}` is not a string or a table"))),
    }
}

/// Keys of a spec table other than the spec itself must be among `known`.
fn check_keys(t: Option<&toml::Table>, key: &str, known: &[&str]) -> Result<(), AuditError> {
    for k in t.into_iter().flat_map(|t| t.keys()) {
        if !["crate", "name", "version"].contains(&k.as_str()) && !known.contains(&k.as_str()) {
            return Err(invalid(format!(
                "`{key}.{k}` is not a key cargo-deny knows"
            )));
        }
    }
    Ok(())
}

/// `P90D`, `P2W`: the whole days an RFC 3339 duration of days or weeks
/// spells; None for anything finer.
fn duration_days(s: &str) -> Option<i64> {
    let body = s.strip_prefix('P')?;
    let (n, unit) = body.split_at(body.len().checked_sub(1)?);
    let n: i64 = n.parse().ok()?;
    match unit {
        "D" => Some(n),
        "W" => n.checked_mul(7),
        _ => None,
    }
}

/// Read a deny.toml's tables into a policy and the list of what is not
/// applied.
pub fn from_table(t: &toml::Table) -> Result<(Policy, Vec<Message>), AuditError> {
    let mut r = Reader {
        warnings: Vec::new(),
    };
    let mut p = Policy::default();
    // cargo-deny's defaults where they differ from ours.
    p.bans.duplicates = Level::Warn;
    p.deny_advisories.retain(|k| *k != FindingKind::Yanked);
    for (k, v) in t {
        match k.as_str() {
            "graph" => graph(&mut r, &mut p, table(v, "graph")?, "graph")?,
            // The same keys at the top level: cargo-deny's older layout.
            "targets"
            | "exclude"
            | "all-features"
            | "no-default-features"
            | "features"
            | "exclude-dev" => {
                let mut one = toml::Table::new();
                one.insert(k.clone(), v.clone());
                graph(&mut r, &mut p, &one, "")?;
            }
            "output" | "feature-depth" => {
                for key in v
                    .as_table()
                    .map(|t| t.keys().cloned().collect())
                    .unwrap_or_else(|| vec![String::new()])
                {
                    let full = if key.is_empty() {
                        k.clone()
                    } else {
                        format!("{k}.{key}")
                    };
                    r.unsupported(&full);
                }
            }
            "advisories" => advisories(&mut r, &mut p, table(v, k)?)?,
            "licenses" => licenses(&mut r, &mut p, table(v, k)?)?,
            "bans" => bans(&mut r, &mut p, table(v, k)?)?,
            "sources" => sources(&mut r, &mut p, table(v, k)?)?,
            other => {
                return Err(invalid(format!(
                    "`{other}` is not a table cargo-deny knows (graph, advisories, licenses, bans, sources, output)"
                )));
            }
        }
    }
    Ok((p, r.warnings))
}

fn graph(r: &mut Reader, p: &mut Policy, t: &toml::Table, prefix: &str) -> Result<(), AuditError> {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    for (k, v) in t {
        match k.as_str() {
            "targets" => {
                for (i, e) in array(v, &key(k))?.iter().enumerate() {
                    let ek = format!("{}[{i}]", key(k));
                    let triple = match e {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Table(tt) => {
                            for extra in tt.keys().filter(|x| *x != "triple") {
                                if extra == "features" {
                                    r.unsupported(&format!("{ek}.features"));
                                } else {
                                    return Err(invalid(format!(
                                        "`{ek}.{extra}` is not a key cargo-deny knows"
                                    )));
                                }
                            }
                            string(
                                tt.get("triple")
                                    .ok_or_else(|| invalid(format!("`{ek}` has no `triple`")))?,
                                &ek,
                            )?
                            .to_string()
                        }
                        _ => return Err(invalid(format!("`{ek}` is not a target"))),
                    };
                    crate::target::Platform::new(&triple)
                        .map_err(|e| invalid(format!("`{ek}`: {e}")))?;
                    p.targets.push(triple);
                }
            }
            "exclude-dev" => p.exclude_dev = boolean(v, &key(k))?,
            // The lockfile holds every feature's packages: judging them all
            // is what `all-features = true` asks.
            "all-features" if boolean(v, &key(k))? => {}
            "all-features"
            | "no-default-features"
            | "features"
            | "exclude"
            | "exclude-unpublished" => r.unsupported(&key(k)),
            other => {
                return Err(invalid(format!(
                    "`{}` is not a key cargo-deny knows",
                    key(other)
                )));
            }
        }
    }
    Ok(())
}

fn advisories(r: &mut Reader, p: &mut Policy, t: &toml::Table) -> Result<(), AuditError> {
    let set_deny = |p: &mut Policy, kind: FindingKind, deny: bool| {
        p.deny_advisories.retain(|k| *k != kind);
        if deny {
            p.deny_advisories.push(kind);
            p.deny_advisories.sort();
        }
    };
    for (k, v) in t {
        let key = format!("advisories.{k}");
        match k.as_str() {
            "version" => {}
            "ignore" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let ek = format!("{key}[{i}]");
                    let (id, reason) = match e {
                        toml::Value::String(s) => (s.clone(), None),
                        toml::Value::Table(tt) => {
                            for extra in tt.keys() {
                                if !["id", "reason", "crate"].contains(&extra.as_str()) {
                                    return Err(invalid(format!(
                                        "`{ek}.{extra}` is not a key cargo-deny knows"
                                    )));
                                }
                            }
                            let reason = tt
                                .get("reason")
                                .map(|x| string(x, &format!("{ek}.reason")).map(str::to_string))
                                .transpose()?;
                            match (tt.get("id"), tt.get("crate")) {
                                (Some(id), _) => (string(id, &ek)?.to_string(), reason),
                                (None, Some(c)) => (string(c, &ek)?.to_string(), reason),
                                (None, None) => {
                                    return Err(invalid(format!("`{ek}` has no `id`")));
                                }
                            }
                        }
                        _ => return Err(invalid(format!("`{ek}` is not an id"))),
                    };
                    if id.contains('@') || !id.contains('-') {
                        // A yanked crate version: ours are ignored by id only.
                        r.unsupported(&ek);
                        continue;
                    }
                    p.ignore.push(IgnoreEntry {
                        id,
                        reason: reason
                            .filter(|r| !r.trim().is_empty())
                            .unwrap_or_else(|| IGNORED_IN_DENY_TOML.to_string()),
                        until: None,
                    });
                }
            }
            "yanked" => {
                let level = lint(v, &key)?;
                set_deny(p, FindingKind::Yanked, level == Level::Fail);
            }
            "disable-yank-checking" => {
                if boolean(v, &key)? {
                    // Yanks are still shown, as warnings.
                    set_deny(p, FindingKind::Yanked, false);
                }
            }
            "unmaintained" | "unsound" => {
                let kind = if k == "unmaintained" {
                    FindingKind::Unmaintained
                } else {
                    FindingKind::Unsound
                };
                match string(v, &key)? {
                    "all" => set_deny(p, kind, true),
                    "none" => set_deny(p, kind, false),
                    scope @ ("workspace" | "transitive") => {
                        set_deny(p, kind, true);
                        r.stricter(&key, scope);
                    }
                    other => {
                        return Err(invalid(format!(
                            "`{key}` = \"{other}\" is not a scope (all, workspace, transitive, none)"
                        )));
                    }
                }
            }
            "maximum-db-staleness" => match duration_days(string(v, &key)?) {
                Some(d) if (0..=3650).contains(&d) => p.max_advisory_db_age_days = d,
                _ => r.unsupported(&key),
            },
            "db-path" | "db-urls" | "git-fetch-with-cli" | "unused-ignored-advisory" => {
                r.unsupported(&key)
            }
            "vulnerability" | "notice" | "severity-threshold" => r.deprecated(&key),
            other => {
                return Err(invalid(format!(
                    "`advisories.{other}` is not a key cargo-deny knows"
                )));
            }
        }
    }
    Ok(())
}

fn licenses(r: &mut Reader, p: &mut Policy, t: &toml::Table) -> Result<(), AuditError> {
    // A [licenses] table turns the check on; without `allow` it accepts
    // nothing, as cargo-deny does.
    let mut allow = Vec::new();
    for (k, v) in t {
        let key = format!("licenses.{k}");
        match k.as_str() {
            "version" => {}
            "allow" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let id = string(e, &format!("{key}[{i}]"))?;
                    licensee(&key, id).map_err(|e| invalid(crate::error::chain(&e)))?;
                    allow.push(id.to_string());
                }
            }
            "exceptions" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let ek = format!("{key}[{i}]");
                    let (krate, rest) = spec(e, &ek)?;
                    check_keys(rest, &ek, &["allow"])?;
                    let ids: Vec<String> = rest
                        .and_then(|t| t.get("allow"))
                        .map(|a| {
                            array(a, &format!("{ek}.allow"))?
                                .iter()
                                .map(|x| string(x, &ek).map(str::to_string))
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .transpose()?
                        .unwrap_or_default();
                    for id in &ids {
                        licensee(&ek, id).map_err(|e| invalid(crate::error::chain(&e)))?;
                    }
                    p.licenses
                        .exceptions
                        .push(LicenseException { krate, allow: ids });
                }
            }
            "private" => {
                let pt = table(v, &key)?;
                for (pk, pv) in pt {
                    match pk.as_str() {
                        // Local packages are never judged by cratescope.
                        "ignore" if boolean(pv, &format!("{key}.ignore"))? => {}
                        "ignore" | "registries" | "ignore-sources" => {
                            r.unsupported(&format!("{key}.{pk}"))
                        }
                        other => {
                            return Err(invalid(format!(
                                "`{key}.{other}` is not a key cargo-deny knows"
                            )));
                        }
                    }
                }
            }
            "include-build" if boolean(v, &key)? => {}
            "confidence-threshold"
            | "clarify"
            | "unused-allowed-license"
            | "unused-license-exception"
            | "include-dev"
            | "include-build" => r.unsupported(&key),
            "unlicensed" | "allow-osi-fsf-free" | "copyleft" | "default" | "deny" => {
                r.deprecated(&key)
            }
            other => {
                return Err(invalid(format!(
                    "`licenses.{other}` is not a key cargo-deny knows"
                )));
            }
        }
    }
    p.licenses.allow = Some(allow);
    Ok(())
}

fn bans(r: &mut Reader, p: &mut Policy, t: &toml::Table) -> Result<(), AuditError> {
    let mut b = BanPolicy {
        duplicates: Level::Warn,
        ..BanPolicy::default()
    };
    for (k, v) in t {
        let key = format!("bans.{k}");
        match k.as_str() {
            "multiple-versions" => b.duplicates = lint(v, &key)?,
            "deny" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let ek = format!("{key}[{i}]");
                    let (krate, rest) = spec(e, &ek)?;
                    check_keys(
                        rest,
                        &ek,
                        &[
                            "wrappers",
                            "reason",
                            "use-instead",
                            "deny-multiple-versions",
                        ],
                    )?;
                    let get = |name: &str| rest.and_then(|t| t.get(name));
                    let text = |name: &str| -> Result<Option<String>, AuditError> {
                        get(name)
                            .map(|x| string(x, &format!("{ek}.{name}")).map(str::to_string))
                            .transpose()
                    };
                    let wrappers = get("wrappers")
                        .map(|w| {
                            array(w, &format!("{ek}.wrappers"))?
                                .iter()
                                .map(|x| string(x, &ek).map(str::to_string))
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .transpose()?
                        .unwrap_or_default();
                    if get("deny-multiple-versions").is_some() {
                        r.unsupported(&format!("{ek}.deny-multiple-versions"));
                    }
                    b.deny.push(BanEntry {
                        krate,
                        reason: text("reason")?,
                        wrappers,
                        use_instead: text("use-instead")?,
                    });
                }
            }
            "skip" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let ek = format!("{key}[{i}]");
                    let (krate, rest) = spec(e, &ek)?;
                    check_keys(rest, &ek, &["reason"])?;
                    b.skip_duplicates.push(krate);
                }
            }
            "wildcards" | "workspace-default-features" | "external-default-features"
                if lint(v, &key)? == Level::Allow => {}
            "allow-workspace" | "multiple-versions-include-dev" if !boolean(v, &key)? => {}
            "skip-tree"
            | "allow"
            | "features"
            | "wildcards"
            | "allow-wildcard-paths"
            | "highlight"
            | "workspace-default-features"
            | "external-default-features"
            | "allow-workspace"
            | "multiple-versions-include-dev"
            | "build"
            | "allow-build-scripts"
            | "workspace-dependencies"
            | "std-replacements" => r.unsupported(&key),
            other => {
                return Err(invalid(format!(
                    "`bans.{other}` is not a key cargo-deny knows"
                )));
            }
        }
    }
    p.bans = b;
    Ok(())
}

fn sources(r: &mut Reader, p: &mut Policy, t: &toml::Table) -> Result<(), AuditError> {
    for (k, v) in t {
        let key = format!("sources.{k}");
        match k.as_str() {
            "unknown-registry" => p.other_registry_packages = lint(v, &key)?,
            "unknown-git" => p.git_packages = lint(v, &key)?,
            "allow-registry" | "allow-git" => {
                for (i, e) in array(v, &key)?.iter().enumerate() {
                    let url = string(e, &format!("{key}[{i}]"))?;
                    if k == "allow-git" {
                        p.sources.allow_git.push(url.to_string());
                    } else if !CRATES_IO_INDEXES.contains(&url) {
                        p.sources.allow_registries.push(url.to_string());
                    }
                }
            }
            "allow-org" => {
                for (forge, orgs) in table(v, &key)? {
                    if !FORGES.iter().any(|(f, _)| f == forge) {
                        return Err(invalid(format!(
                            "`{key}.{forge}` is not a key cargo-deny knows"
                        )));
                    }
                    let orgs = array(orgs, &format!("{key}.{forge}"))?
                        .iter()
                        .map(|o| string(o, &key).map(str::to_string))
                        .collect::<Result<Vec<_>, _>>()?;
                    if !orgs.is_empty() {
                        p.sources.allow_org.insert(forge.clone(), orgs);
                    }
                }
            }
            "private" | "required-git-spec" | "unused-allowed-source" | "unused-allowed-org" => {
                r.unsupported(&key)
            }
            other => {
                return Err(invalid(format!(
                    "`sources.{other}` is not a key cargo-deny knows"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Policy, Vec<String>), String> {
        let t: toml::Table = toml::from_str(text).unwrap();
        from_table(&t)
            .map(|(p, w)| {
                let keys = w
                    .iter()
                    .map(|m| match m.get("key") {
                        Some(Arg::Code(k)) => k.clone(),
                        _ => m.id.clone(),
                    })
                    .collect();
                (p, keys)
            })
            .map_err(|e| crate::error::chain(&e))
    }

    #[test]
    fn a_real_shaped_deny_toml_is_applied_and_the_rest_listed() {
        let (p, unsupported) = read(
            r#"
[graph]
targets = ["x86_64-unknown-linux-gnu", { triple = "aarch64-apple-darwin" }]
all-features = true

[output]
feature-depth = 1

[advisories]
version = 2
ignore = [
    "RUSTSEC-2020-0036",
    { id = "RUSTSEC-2021-0145", reason = "atty only in examples" },
    "some-yanked@0.1.1",
]
unmaintained = "workspace"
maximum-db-staleness = "P14D"

[licenses]
version = 2
allow = ["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception"]
confidence-threshold = 0.8
exceptions = [{ allow = ["OpenSSL"], crate = "ring" }]

[bans]
multiple-versions = "deny"
wildcards = "allow"
highlight = "all"
deny = ["openssl", { crate = "git2@0.18.0", reason = "use gix", wrappers = ["cargo"] }]
skip = ["windows-sys@0.48.0", { crate = "bitflags:^1", reason = "old macros" }]
skip-tree = [{ crate = "windows-sys", depth = 2 }]

[sources]
unknown-registry = "deny"
unknown-git = "deny"
allow-registry = ["https://github.com/rust-lang/crates.io-index"]
allow-git = ["https://github.com/org/repo"]

[sources.allow-org]
github = ["embark"]
"#,
        )
        .unwrap();
        assert_eq!(p.targets.len(), 2);
        assert_eq!(p.ignore.len(), 2);
        assert_eq!(p.ignore[1].reason, "atty only in examples");
        assert_eq!(p.ignore[0].reason, IGNORED_IN_DENY_TOML);
        assert!(p.deny_advisories.contains(&FindingKind::Unmaintained));
        // cargo-deny warns on yanked unless told to deny.
        assert!(!p.deny_advisories.contains(&FindingKind::Yanked));
        assert_eq!(p.max_advisory_db_age_days, 14);
        assert_eq!(p.licenses.allow.as_ref().unwrap().len(), 3);
        assert_eq!(p.licenses.exceptions[0].krate.name, "ring");
        assert_eq!(p.bans.duplicates, Level::Fail);
        assert_eq!(p.bans.deny[1].krate.name, "git2");
        assert!(
            p.bans.deny[1]
                .krate
                .matches("git2", &semver::Version::new(0, 18, 0))
        );
        assert!(
            !p.bans.deny[1]
                .krate
                .matches("git2", &semver::Version::new(0, 18, 1))
        );
        assert_eq!(p.bans.deny[1].wrappers, ["cargo"]);
        assert_eq!(p.bans.skip_duplicates.len(), 2);
        assert!(p.bans.skip_duplicates[1].matches("bitflags", &semver::Version::new(1, 3, 2)));
        assert_eq!(p.other_registry_packages, Level::Fail);
        assert_eq!(p.git_packages, Level::Fail);
        assert!(
            p.sources.allow_registries.is_empty(),
            "crates.io is always allowed"
        );
        assert_eq!(p.sources.allow_org["github"], ["embark"]);
        // Listed, never dropped: each key the policy does not apply.
        assert_eq!(
            unsupported,
            [
                "advisories.ignore[2]",
                "advisories.unmaintained",
                "bans.highlight",
                "bans.skip-tree",
                "licenses.confidence-threshold",
                "output.feature-depth",
            ]
        );
    }

    #[test]
    fn keys_cargo_deny_does_not_know_are_errors() {
        for bad in [
            "[licences]\nallow = []\n",
            "[bans]\nmultiple-version = \"warn\"\n",
            "[advisories]\nignor = []\n",
            "[sources]\nallow-org = { sourceforge = [\"x\"] }\n",
            "[graph]\ntargets = [\"x86_64-unknown-nowhere\"]\n",
            "[licenses]\nallow = [\"NotALicence\"]\n",
            "[bans]\ndeny = [{ crate = \"x\", why = \"y\" }]\n",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_empty_licences_table_accepts_nothing() {
        let (p, _) = read("[licenses]\n").unwrap();
        assert_eq!(p.licenses.allow, Some(Vec::new()));
        let (p, _) = read("[bans]\n").unwrap();
        assert_eq!(p.licenses.allow, None);
        assert_eq!(p.bans.duplicates, Level::Warn);
    }

    use proptest::prelude::*;

    /// A deny.toml of known and unknown tables, keys and values of every
    /// TOML type.
    fn deny_text() -> impl Strategy<Value = String> {
        let table = prop_oneof![
            Just("graph"),
            Just("advisories"),
            Just("licenses"),
            Just("bans"),
            Just("sources"),
            Just("output"),
            Just("licenses.private"),
            Just("sources.allow-org"),
            Just("nonsense"),
        ];
        let key = prop_oneof![
            Just("targets"),
            Just("ignore"),
            Just("allow"),
            Just("deny"),
            Just("skip"),
            Just("exceptions"),
            Just("multiple-versions"),
            Just("unknown-git"),
            Just("allow-git"),
            Just("yanked"),
            Just("unmaintained"),
            Just("github"),
            Just("maximum-db-staleness"),
            Just("exclude-dev"),
            Just("wrappers"),
            Just("zzz"),
        ];
        let value = prop_oneof![
            Just("\"deny\"".to_string()),
            Just("\"all\"".to_string()),
            Just("true".to_string()),
            Just("3".to_string()),
            Just("nan".to_string()),
            Just("\"P9999999999D\"".to_string()),
            Just("[\"MIT\", \"x@1\", \"y:^2\"]".to_string()),
            Just("[{ crate = \"a@not-a-version\" }]".to_string()),
            Just("[{ name = \"b\", version = \"<1\", wrappers = [3] }]".to_string()),
            Just("[{ triple = \"x86_64-unknown-linux-gnu\", features = [] }]".to_string()),
            Just("{ github = [\"o\"] }".to_string()),
            "[a-z@:.^ -]{0,12}".prop_map(|s| format!("\"{s}\"")),
        ];
        proptest::collection::vec((table, proptest::collection::vec((key, value), 0..4)), 0..5)
            .prop_map(|tables| {
                let mut out = String::new();
                let mut seen = std::collections::BTreeSet::new();
                for (t, kvs) in tables {
                    if !seen.insert(t) {
                        continue;
                    }
                    out.push_str(&format!("[{t}]\n"));
                    let mut keys = std::collections::BTreeSet::new();
                    for (k, v) in kvs {
                        if keys.insert(k) {
                            out.push_str(&format!("{k} = {v}\n"));
                        }
                    }
                }
                out
            })
    }

    proptest! {
        #[test]
        fn any_deny_toml_is_a_policy_or_an_error_never_a_panic(text in deny_text()) {
            if let Ok(t) = toml::from_str::<toml::Table>(&text)
                && let Ok((p, _)) = from_table(&t)
            {
                // What it accepted is a policy the audit can use.
                prop_assert!(p.max_advisory_db_age_days >= 0);
            }
        }
    }
}
