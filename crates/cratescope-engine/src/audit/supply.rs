//! Supply-chain evidence on the packages an audit judges (issue 24): what a
//! reviewer of a dependency bump would want to know before merging it.
//!
//! From the index (always): when the locked version was published (the
//! `min_publish_age_days` rule: cargo's minimum publish age skips versions
//! already in a lockfile, so the lockfile is where to check), its
//! `rust-version`, a `links` key the version compared with did not have, and
//! a lockfile checksum that differs from the registry's (integrity, on every
//! package). From the `.crate` files of both versions (added or bumped
//! packages): a build script or a proc-macro library newly present. From
//! the crates.io dump (when there is one): who published the locked version
//! and the one compared with, owners added shortly before, the share of
//! recent releases made by trusted publishing (and a release that went back
//! to a token), and a name confusable with a much more depended-on crate's
//! (edit distance, `-`/`_`, `rs`/`rust` affixes, plural).
//!
//! The version compared with is the base lockfile's (a bump) or the
//! previous release (an addition). What cannot be told is said once per
//! package, never a pass: a rule the policy makes failing that cannot be
//! checked is a `cannot-check` problem at the `unevaluable` level.
//! Deliberately ignored: the code of build scripts (their presence is the
//! signal; reading them is a review's job).

use std::collections::BTreeMap;
use std::sync::Arc;

use cratescope_dump::{DumpTable, Publishing};
use cratescope_model::audit::{
    Change, ChangeKind, Confusable, Level, OwnerAdded, Policy, Presence, Problem, SupplyChain,
    TrustedPublishing,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use jiff::civil::Date;
use semver::Version;

use super::index_facts::{self, Facts};
use super::lockfile::Lockfile;
use crate::collect::dump::DumpState;
use crate::evaluator::Evaluator;

/// crates.io offered trusted publishing from this day (its announcement of
/// 2025-07-11); releases before it cannot have used it, so only later ones
/// count in the share. A later release without a publishing user was
/// published that way (every token-published release records its user).
pub const TRUSTED_PUBLISHING_SINCE: Date = jiff::civil::date(2025, 7, 11);

/// A crate needs this many dependents to be worth impersonating: below it,
/// names collide by accident far more often than by design.
pub const TYPOSQUAT_MIN_DEPENDENTS: u64 = 100;

/// "Much more depended-on": the popular crate has at least this many times
/// the dependents of the confusable one.
pub const TYPOSQUAT_RATIO: u64 = 10;

/// Names shorter than this are not compared by edit distance: short names
/// one edit apart are common and legitimate (`log`/`nom`, `rand`/`band`).
const MIN_EDIT_LENGTH: usize = 5;

/// What the evidence adds to the report.
#[derive(Debug, Default)]
pub struct Evidence {
    /// Per package index.
    pub chains: BTreeMap<usize, SupplyChain>,
    /// Problems found, per package index.
    pub problems: Vec<(usize, Problem)>,
    /// Notes for the report (once per run).
    pub notes: Vec<Message>,
}

/// How two names may be confused, if they may.
pub fn confusable(a: &str, b: &str) -> Option<&'static str> {
    let canon = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let (a, b) = (canon(a), canon(b));
    if a == b {
        return None;
    }
    let bare = |s: &str| s.replace('-', "");
    if bare(&a) == bare(&b) {
        return Some("separator");
    }
    let strip = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        for p in ["rust-", "rs-"] {
            if let Some(x) = s.strip_prefix(p) {
                out.push(x.to_string());
            }
        }
        for suf in ["-rs", "-rust", "rs", "rust"] {
            if let Some(x) = s.strip_suffix(suf).filter(|x| !x.is_empty()) {
                out.push(x.trim_end_matches('-').to_string());
            }
        }
        out
    };
    if strip(&a).contains(&b) || strip(&b).contains(&a) {
        return Some("affix");
    }
    let plural = |x: &str, y: &str| {
        x.strip_suffix('s').is_some_and(|s| s == y) || x.strip_suffix("es").is_some_and(|s| s == y)
    };
    if plural(&a, &b) || plural(&b, &a) {
        return Some("plural");
    }
    if a.len().min(b.len()) >= MIN_EDIT_LENGTH && one_edit(a.as_bytes(), b.as_bytes()) {
        return Some("one-edit");
    }
    None
}

/// Damerau–Levenshtein distance of exactly one: one character inserted,
/// deleted, replaced, or two neighbours swapped.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    match a.len() as isize - b.len() as isize {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => deletion(a, b),
        -1 => deletion(b, a),
        _ => false,
    }
}

/// `long` with one byte removed is `short`.
fn deletion(long: &[u8], short: &[u8]) -> bool {
    let first = (0..short.len())
        .find(|&i| long[i] != short[i])
        .unwrap_or(short.len());
    long[first + 1..] == short[first..]
}

/// The manifest facts a change can add: (build script, proc-macro).
type Shape = (bool, bool);

/// The version compared with, and the shapes of the locked one and of it.
type Shapes = (Version, Result<Shape, String>, Result<Shape, String>);

/// Read one `.crate`'s manifest (through the index's verified download).
async fn shape(
    evaluator: &Evaluator,
    name: &str,
    version: &Version,
    cksum: &str,
) -> Result<Shape, String> {
    let bytes = evaluator
        .index()
        .index()
        .download_crate(name, version, cksum)
        .await
        .map_err(|e| crate::error::short_reason(&e))?;
    tokio::task::spawn_blocking(move || {
        let files =
            cratescope_analyze::read_crate(&bytes.bytes, &cratescope_analyze::Limits::default())
                .map_err(|e| crate::error::short_reason(&e))?;
        let mut warnings = Vec::new();
        let m = cratescope_analyze::analyze_manifest(&files, &mut warnings);
        Ok((m.build_script, m.lib.as_ref().is_some_and(|l| l.proc_macro)))
    })
    .await
    .map_err(|e| format!("the manifest could not be read: {e}"))?
}

/// The version an addition or bump is compared with.
fn compared_with(
    change: Option<&Change>,
    locked: &Version,
    f: Option<&index_facts::PackageIndexFacts>,
) -> Option<Version> {
    match change.map(|c| c.kind) {
        Some(ChangeKind::Bumped) => change
            .and_then(|c| c.from.as_deref())
            .and_then(|v| Version::parse(v).ok()),
        Some(ChangeKind::Added) => f.and_then(|f| {
            f.versions
                .iter()
                .filter(|x| {
                    x.version < *locked && (x.version.pre.is_empty() || !locked.pre.is_empty())
                })
                .map(|x| x.version.clone())
                .max()
        }),
        _ => None,
    }
}

/// The dump's view, once per run.
struct DumpView {
    table: Option<DumpTable>,
    why_not: Option<Message>,
    popular: Vec<(String, u64)>,
}

async fn dump_view(evaluator: &Evaluator, want_popular: bool) -> DumpView {
    match evaluator.dump_state().await {
        DumpState::Ready { table, .. } => {
            let popular = if want_popular {
                table
                    .popular(TYPOSQUAT_MIN_DEPENDENTS)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            DumpView {
                table: Some(table),
                why_not: None,
                popular,
            }
        }
        DumpState::Absent => DumpView {
            table: None,
            why_not: Some(msg!("audit-reason-no-dump")),
            popular: Vec::new(),
        },
        DumpState::Unusable(why) => DumpView {
            table: None,
            why_not: Some(msg!(
                "audit-reason-dump-unusable",
                reason = Arg::Message(Box::new(why))
            )),
            popular: Vec::new(),
        },
    }
}

/// Evidence and problems for the packages `targets` (crates.io, judged);
/// checksum problems for every crates.io package.
#[allow(clippy::too_many_arguments)]
pub async fn evidence(
    evaluator: &Evaluator,
    policy: &Policy,
    lock: &Lockfile,
    facts: &Facts,
    changes: Option<&[Change]>,
    targets: &[usize],
    as_of: Date,
    concurrency: usize,
) -> Evidence {
    let sc = &policy.supply_chain;
    let mut out = Evidence::default();
    for (i, p) in lock.packages.iter().enumerate() {
        let Some(f) = facts.get(&index_facts::key(&p.name, &p.version)) else {
            continue;
        };
        if let (Some(lockfile), Some(index)) = (&p.checksum, &f.cksum)
            && !lockfile.eq_ignore_ascii_case(index)
        {
            out.problems.push((
                i,
                Problem::new(
                    "checksum-mismatch",
                    sc.checksum_mismatch,
                    msg!(
                        "audit-checksum-mismatch",
                        lockfile = Arg::code(lockfile.as_str()),
                        registry = Arg::code(index.as_str())
                    ),
                ),
            ));
        }
    }
    if targets.is_empty() {
        return out;
    }
    let dump = dump_view(evaluator, sc.typosquat != Level::Allow).await;
    if let Some(why) = &dump.why_not {
        out.notes
            .push(msg!("audit-note-no-dump", reason = why.clone()));
    }
    // The manifests of both versions of each addition or bump, fetched with
    // bounded concurrency (most are in cargo's cache already).
    let sem = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for &i in targets {
        let p = &lock.packages[i];
        let change = changes.and_then(|c| c.get(i));
        let f = facts.get(&index_facts::key(&p.name, &p.version));
        let Some(before) = compared_with(change, &p.version, f) else {
            continue;
        };
        let ev = evaluator.clone();
        let sem = sem.clone();
        let (name, now) = (p.name.clone(), p.version.clone());
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            let releases = ev
                .releases(&name)
                .await
                .map_err(|e| crate::error::short_reason(&e));
            let cksum = |v: &Version| -> Result<String, String> {
                let rs = releases.as_ref().map_err(Clone::clone)?;
                rs.releases
                    .iter()
                    .find(|r| r.version == *v)
                    .map(|r| r.cksum.clone())
                    .ok_or_else(|| format!("{v} is not in the index"))
            };
            let now_shape = match cksum(&now) {
                Ok(c) => shape(&ev, &name, &now, &c).await,
                Err(e) => Err(e),
            };
            let before_shape = match cksum(&before) {
                Ok(c) => shape(&ev, &name, &before, &c).await,
                Err(e) => Err(e),
            };
            (i, before, now_shape, before_shape)
        });
    }
    let mut shapes: BTreeMap<usize, Shapes> = BTreeMap::new();
    while let Some(j) = set.join_next().await {
        if let Ok((i, before, a, b)) = j {
            shapes.insert(i, (before, a, b));
        }
    }

    for &i in targets {
        let p = &lock.packages[i];
        let f = facts.get(&index_facts::key(&p.name, &p.version));
        let change = changes.and_then(|c| c.get(i));
        let comparative =
            change.is_some_and(|c| matches!(c.kind, ChangeKind::Added | ChangeKind::Bumped));
        let mut s = SupplyChain::default();
        let mut problems: Vec<Problem> = Vec::new();
        let vf = f.and_then(|f| f.version(&p.version));
        let pubtime = vf.and_then(|v| v.pubtime);
        let published = pubtime.map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date());
        s.published = published;
        s.publish_age_days = published.map(|d| i64::from((as_of - d).get_days()));
        s.rust_version = vf.and_then(|v| v.rust_version.clone());
        if let Some(min) = sc.min_publish_age_days {
            match s.publish_age_days {
                Some(age) if age < min => problems.push(Problem::new(
                    "publish-age",
                    Level::Fail,
                    msg!(
                        "audit-publish-age",
                        days = Arg::Days(age),
                        min = Arg::Days(min),
                        date = published.unwrap_or(as_of)
                    ),
                )),
                Some(_) => {}
                None => cannot(
                    policy.unevaluable,
                    "publish-age",
                    Level::Fail,
                    msg!("audit-reason-no-pubtime"),
                    &mut s,
                    &mut problems,
                ),
            }
        }
        let before = compared_with(change, &p.version, f);
        s.compared_with = before.as_ref().map(Version::to_string);
        if comparative && let Some(b) = &before {
            let bf = f.and_then(|f| f.version(b));
            let links_now = vf.and_then(|v| v.links.clone());
            s.links = Some(Presence {
                now: links_now.is_some(),
                before: bf.map(|x| x.links.is_some()),
            });
            if let (Some(l), Some(x)) = (&links_now, bf)
                && x.links.is_none()
                && sc.new_links != Level::Allow
            {
                problems.push(Problem::new(
                    "new-links",
                    sc.new_links,
                    msg!(
                        "audit-new-links",
                        links = Arg::code(l.as_str()),
                        before = Arg::version(b)
                    ),
                ));
            }
            match shapes.get(&i) {
                Some((_, Ok(now), Ok(was))) => {
                    s.build_script = Some(Presence {
                        now: now.0,
                        before: Some(was.0),
                    });
                    s.proc_macro = Some(Presence {
                        now: now.1,
                        before: Some(was.1),
                    });
                    if now.0 && !was.0 && sc.new_build_script != Level::Allow {
                        problems.push(Problem::new(
                            "new-build-script",
                            sc.new_build_script,
                            msg!("audit-new-build-script", before = Arg::version(b)),
                        ));
                    }
                    if now.1 && !was.1 && sc.new_proc_macro != Level::Allow {
                        problems.push(Problem::new(
                            "new-proc-macro",
                            sc.new_proc_macro,
                            msg!("audit-new-proc-macro", before = Arg::version(b)),
                        ));
                    }
                }
                other => {
                    let why = match other {
                        Some((_, Err(e), _)) => msg!(
                            "audit-reason-crate-unread",
                            version = Arg::version(&p.version),
                            reason = Arg::text(e.as_str())
                        ),
                        Some((_, _, Err(e))) => msg!(
                            "audit-reason-crate-unread",
                            version = Arg::version(b),
                            reason = Arg::text(e.as_str())
                        ),
                        _ => msg!("audit-reason-crate-task"),
                    };
                    if let Ok(now) = other.map(|x| x.1.clone()).unwrap_or(Err(String::new())) {
                        s.build_script = Some(Presence {
                            now: now.0,
                            before: None,
                        });
                        s.proc_macro = Some(Presence {
                            now: now.1,
                            before: None,
                        });
                    }
                    let level = sc.new_build_script.min(sc.new_proc_macro);
                    cannot(
                        policy.unevaluable,
                        "new-build-script",
                        level,
                        why,
                        &mut s,
                        &mut problems,
                    );
                }
            }
        }
        match &dump.table {
            Some(table) => {
                let publishing = table.publishing(&p.name).await.ok().flatten();
                let own = table
                    .facts(&p.name, as_of)
                    .await
                    .ok()
                    .flatten()
                    .and_then(|f| f.dependents)
                    .unwrap_or(0);
                match publishing {
                    Some(pb) => publishing_evidence(
                        &pb,
                        policy,
                        &p.version,
                        before.as_ref().filter(|_| comparative),
                        pubtime,
                        as_of,
                        &mut s,
                        &mut problems,
                    ),
                    None => cannot(
                        policy.unevaluable,
                        "publisher-change",
                        sc.publisher_change.min(sc.new_owner),
                        msg!(
                            "audit-reason-not-in-dump",
                            name = Arg::krate(p.name.as_str())
                        ),
                        &mut s,
                        &mut problems,
                    ),
                }
                if sc.typosquat != Level::Allow {
                    let best = dump
                        .popular
                        .iter()
                        .filter(|(_, d)| *d >= TYPOSQUAT_RATIO.saturating_mul(own.max(1)))
                        .filter_map(|(m, d)| confusable(&p.name, m).map(|how| (m, *d, how)))
                        .max_by_key(|(_, d, _)| *d);
                    if let Some((m, d, how)) = best {
                        s.confusable = Some(Confusable {
                            name: m.clone(),
                            dependents: d,
                            own_dependents: own,
                            how: how.to_string(),
                        });
                        problems.push(Problem::new(
                            "typosquat",
                            sc.typosquat,
                            msg!(
                                "audit-typosquat",
                                popular = Arg::krate(m.as_str()),
                                how = how_message(how),
                                dependents = d,
                                own = own
                            ),
                        ));
                    }
                }
            }
            None => {
                let why = dump
                    .why_not
                    .clone()
                    .unwrap_or_else(|| msg!("audit-reason-no-dump"));
                for (rule, level) in [
                    ("publisher-change", sc.publisher_change),
                    ("new-owner", sc.new_owner),
                    ("typosquat", sc.typosquat),
                    ("trusted-publishing-dropped", sc.trusted_publishing_dropped),
                ] {
                    if level == Level::Fail {
                        cannot(
                            policy.unevaluable,
                            rule,
                            level,
                            why.clone(),
                            &mut s,
                            &mut problems,
                        );
                    }
                }
            }
        }
        out.chains.insert(i, s);
        out.problems.extend(problems.into_iter().map(|pr| (i, pr)));
    }
    out
}

/// How two names are confusable, as words.
fn how_message(how: &str) -> Message {
    match how {
        "separator" => msg!("audit-how-separator"),
        "affix" => msg!("audit-how-affix"),
        "plural" => msg!("audit-how-plural"),
        _ => msg!("audit-how-one-edit"),
    }
}

/// A rule that could not be checked: a `cannot-check` problem when the
/// policy makes it failing (a gate fails closed), a note when it warns.
fn cannot(
    unevaluable: Level,
    rule: &str,
    level: Level,
    why: Message,
    s: &mut SupplyChain,
    problems: &mut Vec<Problem>,
) {
    if level == Level::Fail {
        problems.push(Problem::new(
            "cannot-check",
            unevaluable,
            msg!("audit-cannot-check", rule = Arg::id(rule), reason = why),
        ));
    } else if level == Level::Warn {
        s.unchecked.push(msg!(
            "audit-unchecked-rule",
            rule = Arg::id(rule),
            reason = why
        ));
    }
}

/// Publisher, owners and trusted publishing from the dump.
#[allow(clippy::too_many_arguments)]
fn publishing_evidence(
    pb: &Publishing,
    policy: &Policy,
    locked: &Version,
    before: Option<&Version>,
    pubtime: Option<jiff::Timestamp>,
    as_of: Date,
    s: &mut SupplyChain,
    problems: &mut Vec<Problem>,
) {
    let sc = &policy.supply_chain;
    let since = jiff::tz::TimeZone::UTC
        .to_timestamp(TRUSTED_PUBLISHING_SINCE.to_datetime(jiff::civil::Time::midnight()))
        .ok();
    let now = pb.versions.iter().find(|v| v.num == *locked);
    let was = before.and_then(|b| pb.versions.iter().find(|v| v.num == *b));
    s.publisher = now.and_then(|v| v.by.clone());
    s.previous_publisher = was.and_then(|v| v.by.clone());
    let trusted =
        |v: &cratescope_dump::PublishedVersion| since.is_some_and(|t| v.at >= t) && v.by.is_none();
    if let Some(n) = now {
        let upto = n.at;
        let recent: Vec<_> = pb
            .versions
            .iter()
            .filter(|v| since.is_some_and(|t| v.at >= t) && v.at <= upto)
            .collect();
        if !recent.is_empty() {
            s.trusted_publishing = Some(TrustedPublishing {
                releases: recent.len(),
                trusted: recent.iter().filter(|v| v.by.is_none()).count(),
            });
        }
        s.trusted = since.is_some_and(|t| n.at >= t).then_some(n.by.is_none());
    }
    if let (Some(n), Some(w)) = (now, was) {
        if let (Some(a), Some(b)) = (&w.by, &n.by)
            && a != b
            && sc.publisher_change != Level::Allow
        {
            problems.push(Problem::new(
                "publisher-change",
                sc.publisher_change,
                msg!(
                    "audit-publisher-change",
                    now = Arg::code(b.as_str()),
                    before = Arg::code(a.as_str()),
                    version = Arg::version(&w.num)
                ),
            ));
        }
        if trusted(w) && n.by.is_some() && sc.trusted_publishing_dropped != Level::Allow {
            problems.push(Problem::new(
                "trusted-publishing-dropped",
                sc.trusted_publishing_dropped,
                msg!(
                    "audit-trusted-publishing-dropped",
                    by = Arg::code(n.by.clone().unwrap_or_default()),
                    version = Arg::version(&w.num)
                ),
            ));
        }
    }
    // Owners added within the window before the locked version's release
    // (or before the audit's day when the index has no publish time).
    let anchor = pubtime
        .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
        .unwrap_or(as_of);
    let from = anchor
        .checked_sub(jiff::Span::new().days(sc.new_owner_days))
        .unwrap_or(anchor);
    for o in &pb.owners {
        let Some(t) = o.since else { continue };
        let day = jiff::tz::TimeZone::UTC.to_datetime(t).date();
        if day >= from && day <= as_of {
            s.owners_added.push(OwnerAdded {
                login: o.login.clone(),
                date: day,
            });
        }
    }
    s.owners_added
        .sort_by(|a, b| (a.date, &a.login).cmp(&(b.date, &b.login)));
    if !s.owners_added.is_empty() && sc.new_owner != Level::Allow {
        problems.push(Problem::new(
            "new-owner",
            sc.new_owner,
            msg!(
                "audit-new-owner",
                owners = Arg::List(
                    s.owners_added
                        .iter()
                        .map(|o| Arg::code(format!("{} ({})", o.login, o.date)))
                        .collect()
                ),
                days = Arg::Days(sc.new_owner_days)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusable_names() {
        assert_eq!(confusable("serde_json", "serde-json"), None, "one crate");
        assert_eq!(confusable("serdejson", "serde_json"), Some("separator"));
        assert_eq!(confusable("serde-rs", "serde"), Some("affix"));
        assert_eq!(confusable("rust-serde", "serde"), Some("affix"));
        assert_eq!(confusable("tokiors", "tokio"), Some("affix"));
        assert_eq!(confusable("tokios", "tokio"), Some("plural"));
        assert_eq!(confusable("reqwests", "reqwest"), Some("plural"));
        assert_eq!(confusable("reqwset", "reqwest"), Some("one-edit"), "swap");
        assert_eq!(
            confusable("reqest", "reqwest"),
            Some("one-edit"),
            "deletion"
        );
        assert_eq!(
            confusable("requwest", "reqwest"),
            Some("one-edit"),
            "insertion"
        );
        assert_eq!(
            confusable("reqvest", "reqwest"),
            Some("one-edit"),
            "substitution"
        );
        assert_eq!(
            confusable("rand", "band"),
            None,
            "short names collide by accident"
        );
        assert_eq!(confusable("serde", "tokio"), None);
        assert_eq!(confusable("tokio", "tikia"), None, "two edits");
    }
}
