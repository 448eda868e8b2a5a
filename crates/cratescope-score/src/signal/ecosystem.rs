//! D6 Ecosystem integration: does the crate keep up with its dependencies,
//! use a current toolchain, carry a common license, plug into the big
//! ecosystem crates, and can people find it.
//!
//! Dependency freshness needs each dependency's compatible lines as of the
//! evaluation day (looked up in the index by the engine); dev-dependencies
//! are ignored because they never reach users. How light the crate is to
//! build is the footprint group's business, not this dimension's.

use std::collections::{BTreeMap, BTreeSet};

use super::{Measure, as_of_instant, days_between, milestone, platform};
use crate::model::SignalSpec;
use cratescope_model::{
    Arg, DepKind, Dependency, DependencyLatest, DependencyLine, Facts, Message, PackageFacts,
    SourceId, msg,
};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// The numbers of the graded freshness rule (the signal's params).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreshnessRule {
    /// `d` of a requirement one compatible line behind.
    pub s_lag_1: f64,
    /// `d` of a requirement two lines behind.
    pub s_lag_2: f64,
    /// Lines behind at which `d` reaches 0.
    pub lag_zero: f64,
    /// A newer line younger than this counts as a fraction of a line.
    pub grace_days: f64,
    /// A requirement admitting at least this many lines is a deliberate range.
    pub wide_range_lines: f64,
}

impl FreshnessRule {
    /// The rule of a `dependency-freshness` spec.
    pub fn of(spec: &SignalSpec) -> Result<FreshnessRule, Measure> {
        let [s_lag_1, s_lag_2, lag_zero, grace_days, wide_range_lines] = spec.params([
            "s_lag_1",
            "s_lag_2",
            "lag_zero",
            "grace_days",
            "wide_range_lines",
        ])?;
        Ok(FreshnessRule {
            s_lag_1,
            s_lag_2,
            lag_zero,
            grace_days,
            wide_range_lines,
        })
    }

    /// `d` for a lag in lines: 0 → 1, 1 → s_lag_1, 2 → s_lag_2, lag_zero → 0,
    /// linear in between.
    pub fn d(&self, lag: f64) -> f64 {
        let pts = [
            (0.0, 1.0),
            (1.0, self.s_lag_1),
            (2.0, self.s_lag_2),
            (self.lag_zero.max(2.0), 0.0),
        ];
        if lag <= 0.0 {
            return 1.0;
        }
        for w in pts.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if lag <= x1 {
                let t = if x1 > x0 { (lag - x0) / (x1 - x0) } else { 1.0 };
                return (y0 + t * (y1 - y0)).clamp(0.0, 1.0);
            }
        }
        0.0
    }
}

/// Why a dependency is left out of freshness, if it is.
fn ignored_because(d: &Dependency, private: &BTreeSet<String>) -> Option<Message> {
    if let Some(t) = &d.target
        && !platform::applies_to_common_build(t)
    {
        return Some(msg!(
            "freshness-only-for-target",
            krate = Arg::krate(d.name.clone()),
            target = Arg::code(t.clone())
        ));
    }
    let key = d.alias.clone().unwrap_or_else(|| d.name.clone());
    if d.optional && private.contains(&key) {
        return Some(msg!(
            "freshness-private-feature",
            krate = Arg::krate(d.name.clone())
        ));
    }
    None
}

/// Optional dependencies (by key) that no public feature enables: only
/// features whose names start with `__` reach them (cargo's convention for
/// internal features, e.g. axum's `__private` test dependencies).
pub fn private_optional_deps(
    features: &BTreeMap<String, Vec<String>>,
    deps: &[Dependency],
) -> BTreeSet<String> {
    let optional: BTreeSet<String> = deps
        .iter()
        .filter(|d| d.optional)
        .map(|d| d.alias.clone().unwrap_or_else(|| d.name.clone()))
        .collect();
    // Cargo creates an implicit feature for an optional dependency no
    // feature names with `dep:`.
    let explicit: BTreeSet<String> = features
        .values()
        .flatten()
        .filter_map(|e| e.strip_prefix("dep:").map(str::to_string))
        .collect();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    for dep in &optional {
        if !explicit.contains(dep) && !dep.starts_with("__") {
            reached.insert(dep.clone());
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = features
        .keys()
        .filter(|k| !k.starts_with("__"))
        .map(String::as_str)
        .collect();
    while let Some(feat) = stack.pop() {
        if !seen.insert(feat) {
            continue;
        }
        let Some(entries) = features.get(feat) else {
            if optional.contains(feat) {
                reached.insert(feat.to_string());
            }
            continue;
        };
        for e in entries {
            if let Some(dep) = e.strip_prefix("dep:") {
                reached.insert(dep.to_string());
            } else if let Some((dep, _)) = e.split_once('/') {
                let dep = dep.trim_end_matches('?');
                if !e.contains("?/") {
                    reached.insert(dep.to_string());
                }
                if features.contains_key(dep) {
                    stack.push(dep);
                }
            } else {
                stack.push(e.as_str());
            }
        }
    }
    optional.difference(&reached).cloned().collect()
}

/// Whether a requirement admits some release of a compatible line: the
/// line's newest release, or a version the requirement itself names in that
/// line (`=0.8.4` admits the 0.8 line although 0.8.5 is its newest: a pin
/// inside a line is not a line behind).
fn admits_line(req: &semver::VersionReq, line: &DependencyLine) -> bool {
    if req.matches(&line.latest) {
        return true;
    }
    let key = super::line_of(&line.latest);
    req.comparators.iter().any(|c| {
        let v = semver::Version {
            major: c.major,
            minor: c.minor.unwrap_or(0),
            patch: c.patch.unwrap_or(0),
            pre: c.pre.clone(),
            build: semver::BuildMetadata::EMPTY,
        };
        super::line_of(&v) == key && req.matches(&v)
    })
}

/// How far one requirement is behind.
#[derive(Debug, Clone, PartialEq)]
struct Lag {
    /// Lines behind as the score weighs them: each newer line counts in
    /// full once older than the grace period, in part before.
    weighed: f64,
    /// Whole lines behind, as the card says it.
    lines: u64,
    /// The requirement admits none of the lines kept, and the kept lines are
    /// as many as are kept: it may be older than all of them.
    beyond: bool,
    /// Age in days of the newest line, when it is still within the grace
    /// period (it counts in part).
    newest_in_grace: Option<i64>,
    /// Newer lines not counted because they need a newer Rust.
    notes: Vec<Message>,
}

/// How far one requirement is behind: lines newer than the newest line it
/// admits, each counted in full once older than the grace period and
/// skipped when it needs a newer Rust than the crate's declared MSRV.
/// None when the requirement is a deliberate wide range.
fn lag(
    req: &semver::VersionReq,
    info: &DependencyLatest,
    msrv: Option<(u64, u64, u64)>,
    rule: &FreshnessRule,
    now: jiff::Timestamp,
) -> Option<Lag> {
    let admitted = info.lines.iter().filter(|l| admits_line(req, l)).count();
    if admitted as f64 >= rule.wide_range_lines {
        return None;
    }
    let newest_admitted = info.lines.iter().position(|l| admits_line(req, l));
    let newer = &info.lines[..newest_admitted.unwrap_or(info.lines.len())];
    let mut total = 0.0;
    let mut lines = 0;
    let mut newest_in_grace = None;
    let mut notes = Vec::new();
    for line in newer {
        if let (Some(ours), Some(theirs)) = (msrv, line.min_rust_version.as_deref())
            && cratescope_model::rust_version_key(theirs) > ours
        {
            notes.push(msg!(
                "freshness-needs-rust",
                version = &line.latest,
                rust = Arg::version(theirs)
            ));
            continue;
        }
        let age = line
            .first_published
            .map(|t| days_between(t, now) as f64)
            .unwrap_or(rule.grace_days);
        let part = if rule.grace_days > 0.0 {
            (age / rule.grace_days).min(1.0)
        } else {
            1.0
        };
        if lines == 0 && part < 1.0 {
            newest_in_grace = Some(age as i64);
        }
        total += part;
        lines += 1;
    }
    // A requirement below every line kept: at least as far behind as the lines listed.
    Some(Lag {
        weighed: total,
        lines,
        // Only a full list can hide older lines: otherwise the requirement
        // names a line the index does not list, and the lines counted are all.
        beyond: newest_admitted.is_none() && info.lines.len() >= DependencyLatest::MAX_LINES,
        newest_in_grace,
        notes,
    })
}

/// How current the dependency requirements are: the mean over normal and
/// build dependencies of a graded `d` (1 when the requirement admits the
/// latest line, lower the more lines it lags behind).
pub fn dependency_freshness(f: &Facts, spec: &SignalSpec) -> Measure {
    let rule = match FreshnessRule::of(spec) {
        Ok(r) => r,
        Err(m) => return m,
    };
    let Some(r) = f.evaluated_release() else {
        return Measure::unavailable(f.unavailable_reason(SourceId::Index));
    };
    let Some(latest) = &f.dependency_latest else {
        return Measure::unavailable(msg!(
            "source-reason",
            source = SourceId::Index,
            reason = msg!("freshness-not-looked-up")
        ));
    };
    let msrv = r
        .rust_version
        .clone()
        .or_else(|| {
            f.package
                .as_ref()
                .and_then(|p| p.manifest.rust_version.clone())
        })
        .map(|v| cratescope_model::rust_version_key(&v));
    let now = as_of_instant(f);
    let private = private_optional_deps(&r.features, &r.deps);
    let mut seen = BTreeSet::new();
    let mut ds: Vec<f64> = Vec::new();
    let mut behind = Vec::new();
    let mut ignored = Vec::new();
    let mut pinned = Vec::new();
    let mut unknown = 0;
    for d in r.deps.iter().filter(|d| d.kind != DepKind::Dev) {
        if !seen.insert((d.name.clone(), d.req.clone())) {
            continue;
        }
        if let Some(why) = ignored_because(d, &private) {
            ignored.push(why);
            continue;
        }
        let Some(Some(info)) = latest.get(&d.name) else {
            unknown += 1;
            continue;
        };
        let Ok(req) = semver::VersionReq::parse(&d.req) else {
            unknown += 1;
            continue;
        };
        if info.lines.is_empty() {
            unknown += 1;
            continue;
        }
        match lag(&req, info, msrv, &rule, now) {
            None => {
                ds.push(1.0);
                ignored.push(msg!(
                    "freshness-wide-range",
                    krate = Arg::krate(d.name.clone()),
                    req = Arg::version(&d.req)
                ));
            }
            Some(lag) => {
                ds.push(rule.d(lag.weighed));
                if lag.lines > 0 {
                    let latest_v = info
                        .latest
                        .as_ref()
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    let (krate, req, latest) = (
                        Arg::krate(d.name.clone()),
                        Arg::version(&d.req),
                        Arg::version(latest_v),
                    );
                    behind.push(match (lag.beyond, lag.newest_in_grace) {
                        (true, _) => msg!(
                            "freshness-behind-all",
                            krate = krate,
                            req = req,
                            latest = latest,
                            lines = lag.lines
                        ),
                        (false, Some(age)) => msg!(
                            "freshness-behind-new",
                            krate = krate,
                            req = req,
                            latest = latest,
                            lines = lag.lines,
                            age = Arg::Days(age),
                            grace = Arg::Days(rule.grace_days.round() as i64)
                        ),
                        (false, None) => msg!(
                            "freshness-behind",
                            krate = krate,
                            req = req,
                            latest = latest,
                            lines = lag.lines
                        ),
                    });
                } else if !lag.notes.is_empty() {
                    pinned.push(msg!(
                        "freshness-pinned",
                        krate = Arg::krate(d.name.clone()),
                        req = Arg::version(&d.req),
                        notes = Arg::messages(lag.notes)
                    ));
                }
            }
        }
    }
    let mut extra = Vec::new();
    if !pinned.is_empty() {
        extra.push(msg!("freshness-held-back", deps = Arg::messages(pinned)));
    }
    if !ignored.is_empty() {
        extra.push(msg!("freshness-not-counted", deps = Arg::messages(ignored)));
    }
    if unknown > 0 {
        extra.push(msg!("freshness-unknown", n = unknown as u64));
    }
    let with_extra = |m: Message| {
        if extra.is_empty() {
            m
        } else {
            let mut parts = vec![m];
            parts.extend(extra.iter().cloned());
            msg!("clauses", parts = Arg::clauses(parts))
        }
    };
    if ds.is_empty() {
        return Measure::num_s(1.0, 1.0, with_extra(msg!("freshness-no-dependencies")));
    }
    let mean = ds.iter().sum::<f64>() / ds.len() as f64;
    let ev = if behind.is_empty() {
        msg!("freshness-all-current", n = ds.len())
    } else {
        msg!(
            "freshness-some-behind",
            behind = behind.len(),
            n = ds.len(),
            deps = Arg::messages(behind)
        )
    };
    Measure::num(mean, with_extra(ev))
}

/// The edition current on a day: the newest edition released at least
/// `grace_days` before it.
fn current_edition(spec: &SignalSpec, day: jiff::civil::Date, grace_days: f64) -> u32 {
    let mut best = 2015;
    for (name, date) in super::milestones(spec) {
        let Some(year) = name
            .strip_prefix("edition-")
            .and_then(|y| y.parse::<u32>().ok())
        else {
            continue;
        };
        let age = (day - date).get_days() as f64;
        if age >= grace_days && year > best {
            best = year;
        }
    }
    best
}

/// A current edition, `rust-version` declared (once cargo had the field),
/// no nightly features: the share of these that hold.
pub fn toolchain(f: &Facts, spec: &SignalSpec) -> Measure {
    let [grace_days] = match spec.params(["edition_grace_days"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let edition = p.manifest.edition.as_deref().unwrap_or("2015");
    let current = current_edition(spec, f.as_of, grace_days);
    let modern = edition
        .parse::<u32>()
        .map(|e| e >= current)
        .unwrap_or(false);
    let mut parts = vec![if modern {
        msg!("toolchain-edition", edition = Arg::code(edition))
    } else {
        msg!(
            "toolchain-edition-old",
            edition = Arg::code(edition),
            current = Arg::code(current.to_string())
        )
    }];
    let mut held = vec![modern];
    if milestone(spec, "rust-version").is_some_and(|d| f.as_of >= d) {
        let msrv = p.manifest.rust_version.is_some()
            || f.evaluated_release()
                .is_some_and(|r| r.rust_version.is_some());
        held.push(msrv);
        parts.push(if msrv {
            msg!("toolchain-msrv")
        } else {
            msg!("toolchain-no-msrv")
        });
    }
    let stable = p.code.nightly_features.is_empty();
    held.push(stable);
    parts.push(if stable {
        msg!("toolchain-stable")
    } else {
        msg!(
            "toolchain-nightly",
            features = Arg::code(p.code.nightly_features.join(", "))
        )
    });
    let share = held.iter().filter(|b| **b).count() as f64 / held.len() as f64;
    Measure::num(share, msg!("list", items = Arg::messages(parts)))
}

/// How the `license` signal scores license kinds (its params and sets).
#[derive(Debug, Clone, PartialEq)]
pub struct LicenseRule<'a> {
    /// Ids scored as permissive.
    pub permissive: &'a [String],
    /// Id prefixes scored as copyleft.
    pub copyleft_prefixes: &'a [String],
    /// `s` of a permissive license.
    pub s_permissive: f64,
    /// `s` of another (OSI or unknown) license.
    pub s_other: f64,
    /// `s` of a copyleft license.
    pub s_copyleft: f64,
}

impl LicenseRule<'_> {
    fn kind(&self, id: &str) -> f64 {
        let id = id.trim().trim_end_matches('+');
        let base = id.trim_end_matches("-or-later").trim_end_matches("-only");
        let permissive = |x: &str| self.permissive.iter().any(|p| p == x);
        if permissive(base) || permissive(id) {
            self.s_permissive
        } else if self
            .copyleft_prefixes
            .iter()
            .any(|p| base.starts_with(p.as_str()))
        {
            self.s_copyleft
        } else {
            self.s_other
        }
    }

    /// Score an SPDX expression (parsed by `spdx`, leniently: `/` for OR,
    /// lowercase operators, deprecated ids): OR takes the best alternative,
    /// AND the worst part, an exception keeps its license's kind. What does
    /// not parse as SPDX scores as another license.
    pub fn score(&self, expr: &str) -> f64 {
        use spdx::expression::{ExprNode, Operator};
        let Ok(parsed) = spdx::Expression::parse_mode(expr, spdx::ParseMode::LAX) else {
            return self.s_other;
        };
        // The expression in postfix order: requirements push, operators fold.
        let mut stack: Vec<f64> = Vec::new();
        for node in parsed.iter() {
            match node {
                ExprNode::Req(r) => stack.push(match &r.req.license {
                    spdx::LicenseItem::Spdx { id, .. } => self.kind(id.name),
                    spdx::LicenseItem::Other(_) => self.s_other,
                }),
                ExprNode::Op(op) => {
                    let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                        return self.s_other;
                    };
                    stack.push(match op {
                        Operator::And => a.min(b),
                        Operator::Or => a.max(b),
                    });
                }
            }
        }
        match stack.as_slice() {
            [one] => *one,
            _ => self.s_other,
        }
    }
}

/// License kind.
pub fn license(f: &Facts, spec: &SignalSpec) -> Measure {
    let [s_permissive, s_other, s_copyleft, s_file, s_none] = match spec.params([
        "s_permissive",
        "s_other",
        "s_copyleft",
        "s_license_file",
        "s_none",
    ]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let rule = LicenseRule {
        permissive: spec.set("permissive"),
        copyleft_prefixes: spec.set("copyleft_prefixes"),
        s_permissive,
        s_other,
        s_copyleft,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match (&p.manifest.license, &p.manifest.license_file) {
        (Some(l), _) => Measure::text(
            l.clone(),
            rule.score(l),
            msg!("license-declared", license = Arg::text(l.clone())),
        ),
        // A custom license file is a license, but one every user must read.
        (None, Some(file)) => Measure::text(
            "license-file",
            s_file,
            msg!("license-file", path = Arg::code(file.clone())),
        ),
        (None, None) => Measure::text("none", s_none, msg!("license-none")),
    }
}

/// Optional integrations with ecosystem crates.
pub fn integrations(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.manifest.integrations.is_empty() {
        Measure::num(0.0, msg!("integrations-none"))
    } else {
        Measure::num(
            p.manifest.integrations.len() as f64,
            msg!(
                "integrations",
                crates = Arg::crates(p.manifest.integrations.clone())
            ),
        )
    }
}

/// Keywords and categories.
pub fn discoverability(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let k = !p.manifest.keywords.is_empty();
    let c = !p.manifest.categories.is_empty();
    let share = (k as u8 + c as u8) as f64 / 2.0;
    Measure::num(
        share,
        msg!(
            "discoverability",
            keywords = p.manifest.keywords.len(),
            categories = p.manifest.categories.len()
        ),
    )
}

/// The stable Rust release of `day` (`(1, minor)`): 1.0 shipped on
/// 2015-05-15, 1.1 on the `rust-1.1` milestone, and a release every
/// `cadence_days` since (the train schedule has held without a slip).
/// `None` before 1.1's milestone is known.
pub(crate) fn stable_rust_on(
    spec: &SignalSpec,
    day: jiff::civil::Date,
    cadence_days: f64,
) -> Option<(u64, u64)> {
    let first = milestone(spec, "rust-1.1")?;
    let since = (day - first).get_days();
    if since < 0 {
        return Some((1, 0));
    }
    let cadence = cadence_days.max(1.0) as i64;
    Some((1, 1 + (i64::from(since) / cadence) as u64))
}

/// Can a user `cargo install` the crate from what was published, on the
/// evaluation day? Applies to crates with a binary target. Blocking: a
/// `rust-version` newer than the stable Rust of the day, a dependency of a
/// default build whose requirement admits no release in the index as of the
/// day (only yanked or unpublished versions), a path dependency of the
/// author's manifest missing from the published dependency list. Not
/// blocking but weaker: no `Cargo.lock` in the package, so `cargo install
/// --locked` cannot reproduce the author's build. A check whose data was not
/// read is said, and not counted against the crate.
pub fn installability(f: &Facts, spec: &SignalSpec) -> Measure {
    let [s_no_lock, s_blocked, cadence] =
        match spec.params(["s_no_lock", "s_blocked", "release_cadence_days"]) {
            Ok(p) => p,
            Err(m) => return m,
        };
    // Whether there is a binary at all is in the package only. Unread, the
    // signal is left out of the dimension's weight rather than counted as
    // missing: it applies to few crates, and counting it would take a
    // library's ecosystem dimension below its confidence floor for a check
    // that was never its business (the unread .crate is said once, by the
    // other tarball signals).
    let Some(p) = f.package.as_ref() else {
        return Measure::not_applicable(msg!("install-package-unread"));
    };
    if p.manifest.bin_count == 0 {
        return Measure::not_applicable(msg!("install-no-binary"));
    }
    let mut parts = vec![msg!("install-bins", n = p.manifest.bin_count)];
    let mut blocked = false;

    // rust-version against the toolchain users had that day.
    let declared = p
        .manifest
        .rust_version
        .clone()
        .or_else(|| f.evaluated_release().and_then(|r| r.rust_version.clone()));
    if let (Some(rv), Some(stable)) = (declared, stable_rust_on(spec, f.as_of, cadence)) {
        let (major, minor, _) = cratescope_model::rust_version_key(&rv);
        let stable_text = format!("{}.{}", stable.0, stable.1);
        if (major, minor) > stable {
            blocked = true;
            parts.push(msg!(
                "install-rust-version-future",
                declared = Arg::code(rv),
                stable = Arg::code(stable_text)
            ));
        } else {
            parts.push(msg!(
                "install-rust-version-ok",
                declared = Arg::code(rv),
                stable = Arg::code(stable_text)
            ));
        }
    }

    // Dependencies of a default build, against the index as of the day.
    match (f.evaluated_release(), &f.dependency_latest) {
        (Some(rel), Some(latest)) => {
            let mut unresolvable = Vec::new();
            let mut unread = Vec::new();
            for d in rel.default_normal_deps() {
                if d.target
                    .as_deref()
                    .is_some_and(|t| !platform::applies_to_common_build(t))
                {
                    continue;
                }
                let Ok(req) = semver::VersionReq::parse(&d.req) else {
                    continue;
                };
                match latest.get(&d.name) {
                    Some(Some(info)) => {
                        let admitted = info.lines.iter().any(|l| admits_line(&req, l));
                        // Only the newest MAX_LINES lines are kept: an older
                        // line may still hold a release, so a miss counts
                        // only when every line is listed.
                        if !admitted && info.lines.len() < DependencyLatest::MAX_LINES {
                            unresolvable.push(msg!(
                                "install-dep-unresolvable",
                                krate = Arg::krate(d.name.clone()),
                                req = Arg::code(d.req.clone())
                            ));
                        }
                    }
                    Some(None) => unread.push(Arg::krate(d.name.clone())),
                    None => {}
                }
            }
            if unresolvable.is_empty() {
                parts.push(if f.yanks_unknown {
                    msg!("install-deps-published")
                } else {
                    msg!("install-deps-resolve")
                });
            } else {
                blocked = true;
                parts.extend(unresolvable);
            }
            if !unread.is_empty() {
                parts.push(msg!("install-deps-unread", crates = Arg::List(unread)));
            }
        }
        _ => parts.push(msg!("install-deps-not-checked")),
    }

    // Path dependencies the published manifest lost.
    if let Some(rel) = f.evaluated_release() {
        for d in p.manifest.dependencies.iter().filter(|d| {
            d.path.is_some() && d.kind == DepKind::Normal && !d.optional && d.target.is_none()
        }) {
            if !rel.deps.iter().any(|x| x.name == d.name) {
                blocked = true;
                parts.push(msg!(
                    "install-path-dep-missing",
                    krate = Arg::krate(d.name.clone())
                ));
            }
        }
    }

    let s = if blocked {
        s_blocked
    } else if p.layout.cargo_lock {
        parts.push(msg!("install-lock"));
        1.0
    } else {
        parts.push(msg!("install-no-lock"));
        s_no_lock
    };
    let raw = if blocked {
        "blocked"
    } else if p.layout.cargo_lock {
        "locked"
    } else {
        "unlocked"
    };
    Measure::text(raw, s, msg!("clauses", parts = Arg::clauses(parts)))
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn license_score(expr: &str) -> f64 {
        let m = Model::embedded();
        let spec = m.signal("license").unwrap();
        let rule = super::LicenseRule {
            permissive: spec.set("permissive"),
            copyleft_prefixes: spec.set("copyleft_prefixes"),
            s_permissive: spec.param("s_permissive").unwrap(),
            s_other: spec.param("s_other").unwrap(),
            s_copyleft: spec.param("s_copyleft").unwrap(),
        };
        rule.score(expr)
    }

    #[test]
    fn license_expressions() {
        assert_eq!(license_score("MIT OR Apache-2.0"), 1.0);
        assert_eq!(license_score("MIT/Apache-2.0"), 1.0);
        assert_eq!(license_score("GPL-3.0-only"), 0.6);
        assert_eq!(license_score("MPL-2.0"), 0.6);
        assert_eq!(license_score("GPL-3.0 OR MIT"), 1.0);
        assert_eq!(license_score("MIT AND GPL-2.0"), 0.6);
        assert_eq!(license_score("(MIT OR Apache-2.0) AND Unicode-3.0"), 1.0);
        assert_eq!(license_score("Artistic-2.0"), 0.8);
        assert_eq!(license_score("Apache-2.0 WITH LLVM-exception"), 1.0);
        // Lenient forms crates.io accepted over the years.
        assert_eq!(license_score("MIT/Apache-2.0/BSD-3-Clause"), 1.0);
        assert_eq!(license_score("Zlib OR Apache-2.0 OR MIT"), 1.0);
        assert_eq!(license_score("GPL-2.0+"), 0.6);
        // Not SPDX at all: another license, not a permissive one.
        assert_eq!(license_score("Proprietary, all rights reserved"), 0.8);
        assert_eq!(license_score("MIT AND"), 0.8);
    }
}
