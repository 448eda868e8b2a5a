//! Renderers of an [`AuditReport`]: the terminal report, Markdown for a pull
//! request, and JSON (the report itself, its sentences rendered in English
//! beside their messages). SARIF lives in `report::sarif`.
//!
//! Every sentence is a message rendered from the catalog (`i18n/*/audit.ftl`)
//! in the language asked; the terminal report uses the report crate's one
//! palette ([`crate::style`]), width (the caller's [`TermOptions`]) and
//! wrapper ([`crate::term`]); Markdown goes through [`crate::md`], the one
//! escaper, so an advisory title never becomes a link or HTML.
//!
//! The terminal report shows what needs a look: report-level warnings first
//! (advisories not checked, a stale database, expired ignores, deny.toml
//! keys not applied), the change against the base, each failing and warned
//! package with every reason, its path and a hint, packages the change did
//! not touch in a short list apart, allow-listed ones, notes, and a one-line
//! summary; `all` adds a line per package.
//!
//! The pull-request Markdown stays under GitHub's comment limit
//! ([`COMMENT_LIMIT`]): sections are folded (`<details>`), and rows are cut
//! from the least important sections first, with a line saying how many.
//!
//! Deliberately ignored: per-dimension detail (the JSON holds every card;
//! `cratescope eval NAME@VERSION` shows one).

use cratescope_model::Lang;
use cratescope_model::audit::{
    AdvisoryFinding, AuditReport, ChangeKind, FindingAction, FindingKind, Level, PackageSource,
    PackageVerdict, Scope, Verdict,
};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;

use crate::catalog;
use crate::md;
use crate::style::Role;
use crate::table::TermOptions;
use crate::term;

/// GitHub refuses a comment longer than this many characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// What the Markdown aims below the limit by: room for a bot's own
/// header or footer around the comment.
const COMMENT_MARGIN: usize = 2_000;

/// Rows a Markdown table shows before the rest is summed up, even when the
/// limit would allow more: a reviewer reads the first screens.
const MAX_TABLE_ROWS: usize = 200;

/// How the terminal report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Width and colours (the report crate's one width rule and palette).
    pub term: TermOptions,
    /// List every package, not only those that need a look.
    pub all: bool,
    /// The language of every sentence.
    pub lang: Lang,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            term: TermOptions::default(),
            all: false,
            lang: Lang::En,
        }
    }
}

/// The report with every sentence's English text filled in (what the JSON
/// carries beside each message).
pub fn with_texts(r: &AuditReport) -> AuditReport {
    let mut r = r.clone();
    catalog::fill_texts(&mut r);
    r
}

/// The JSON output: compact (one line) unless `pretty`.
pub fn json(r: &AuditReport, pretty: bool) -> String {
    json_in_place(&mut r.clone(), pretty)
}

/// [`json`] with the report's English texts filled in place instead of in
/// a copy (a copy of every card of a 500-package audit was a tenth of a
/// warm run); the command-line tool keeps the report to the end of the
/// process rather than spend time taking it apart. Compact output writes
/// each card on the core that filled it.
pub fn json_in_place(r: &mut AuditReport, pretty: bool) -> String {
    // The cards on every core, then the rest of the report.
    let mut packages = std::mem::take(&mut r.packages);
    catalog::fill_texts(r);
    let v = if pretty {
        catalog::fill_texts_each(&mut packages);
        r.packages = packages;
        serde_json::to_string_pretty(r)
    } else {
        let cards = catalog::fill_texts_each_and(&mut packages, serde_json::to_string);
        let around = serde_json::to_string(r);
        r.packages = packages;
        // A card missing (a thread that panicked) or a key not found: the
        // whole report on this thread instead.
        let whole = cards.len() == r.packages.len();
        match (
            around,
            cards.into_iter().collect::<Result<Vec<String>, _>>(),
        ) {
            (Ok(around), Ok(cards)) => match splice_packages(&around, &cards).filter(|_| whole) {
                Some(s) => Ok(s),
                None => serde_json::to_string(r),
            },
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    };
    let mut s = v.unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

/// Compact report JSON `around` (written with no packages) with `cards`
/// (each package's compact JSON, in order) as its top-level `packages`;
/// `None` when that key is not found.
fn splice_packages(around: &str, cards: &[String]) -> Option<String> {
    let at = top_level_empty_array(around, "packages")?;
    let size = around.len() + cards.iter().map(|c| c.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size);
    out.push_str(around.get(..at)?);
    out.push('[');
    for (i, c) in cards.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c);
    }
    out.push_str(around.get(at + 1..)?);
    Some(out)
}

/// Where the top-level `"key":[]` of compact JSON `json` has its `[`: a key
/// is a string followed by `:`, and only depth one is looked at, so a
/// nested key or a string holding the same characters never matches.
fn top_level_empty_array(json: &str, key: &str) -> Option<usize> {
    let b = json.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1
                    && json.get(start..i) == Some(key)
                    && json.get(i + 1..i + 4) == Some(":[]")
                {
                    return Some(i + 2);
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn kind(k: FindingKind) -> Message {
    match k {
        FindingKind::Vulnerability => msg!("audit-kind-vulnerability"),
        FindingKind::Unsound => msg!("audit-kind-unsound"),
        FindingKind::Unmaintained => msg!("audit-kind-unmaintained"),
        FindingKind::Notice => msg!("audit-kind-notice"),
        FindingKind::Yanked => msg!("audit-kind-yanked"),
    }
}

fn severity(s: &str) -> Message {
    match s {
        "critical" => msg!("audit-severity-critical"),
        "high" => msg!("audit-severity-high"),
        "medium" => msg!("audit-severity-medium"),
        "low" => msg!("audit-severity-low"),
        _ => msg!("audit-severity-none"),
    }
}

/// One finding as a sentence: what, when, what to upgrade to.
pub fn finding_message(p: &PackageVerdict, f: &AdvisoryFinding) -> Message {
    finding_with_id(p, f, &f.id)
}

/// Stands for the advisory id in a sentence the Markdown renderer turns
/// the id into a link in (private-use characters: never in real text).
const ID_SLOT: &str = "\u{E010}\u{E011}";

/// [`finding_message`] with `id` shown for the advisory's id.
fn finding_with_id(p: &PackageVerdict, f: &AdvisoryFinding, id: &str) -> Message {
    let head = if f.kind == FindingKind::Yanked {
        msg!(
            "audit-finding-yanked",
            name = Arg::krate(p.name.as_str()),
            version = Arg::version(&p.version)
        )
    } else {
        let mut m = Message::new(match (&f.severity, f.cvss_score) {
            (Some(_), Some(_)) => "audit-finding-scored",
            (Some(_), None) => "audit-finding-rated",
            _ => "audit-finding",
        })
        .arg("id", Arg::id(id))
        .arg("kind", kind(f.kind))
        .arg("title", Arg::text(f.title.as_str()))
        .arg(
            "date",
            f.date.map(Arg::from).unwrap_or_else(|| Arg::code("?")),
        );
        if let Some(sv) = &f.severity {
            m = m.arg("severity", severity(sv));
        }
        if let Some(sc) = f.cvss_score {
            m = m.arg("score", Arg::Score(sc));
        }
        m
    };
    let upgrade = match (&f.upgrade_to, f.kind) {
        (Some(v), _) => msg!("audit-finding-upgrade", version = Arg::version(v)),
        (None, FindingKind::Yanked) => msg!("audit-finding-no-later"),
        (None, _) if f.patched.is_empty() => msg!("audit-finding-no-fix"),
        (None, _) => msg!(
            "audit-finding-patched",
            patched = Arg::List(f.patched.iter().map(Arg::version).collect())
        ),
    };
    let mut m = msg!("audit-finding-line", head = head, upgrade = upgrade);
    if let Some(reason) = &f.ignore_reason {
        m = msg!(
            "audit-finding-ignored",
            finding = m,
            reason = Arg::text(reason.as_str())
        );
    }
    m
}

fn tier_message(p: &PackageVerdict) -> Option<Message> {
    p.evaluation.as_ref().map(|e| match e.composite {
        Some(c) => msg!(
            "audit-tier-composite",
            icon = Arg::code(e.tier.icon()),
            tier = e.tier,
            composite = Arg::code(format!("{c:.2}"))
        ),
        None => msg!("audit-tier", icon = Arg::code(e.tier.icon()), tier = e.tier),
    })
}

/// `direct (app, cli)`, `transitive`, or the scope.
fn dep_message(p: &PackageVerdict) -> Message {
    match p.scope {
        Scope::InScope if p.direct => msg!(
            "audit-role-direct",
            members = Arg::crates(p.direct_of.iter().cloned())
        ),
        Scope::InScope => msg!("audit-role-transitive"),
        Scope::Local => msg!("audit-role-local"),
        Scope::DevOnly => msg!("audit-role-dev-only"),
        Scope::OtherTarget => msg!("audit-role-other-target"),
        Scope::Unreachable => msg!("audit-role-unreachable"),
    }
}

fn change_message(p: &PackageVerdict) -> Option<Message> {
    let c = p.change.as_ref()?;
    let base = match (c.kind, &c.from) {
        (ChangeKind::Added, _) => msg!("audit-change-added"),
        (ChangeKind::Bumped, Some(from)) => {
            msg!("audit-change-bumped", from = Arg::version(from))
        }
        (ChangeKind::Bumped, None) => msg!("audit-change-added"),
        (ChangeKind::Checksum, _) => msg!("audit-change-checksum"),
        (ChangeKind::Unchanged, _) => return None,
    };
    Some(match &c.brought_by {
        Some(by) => msg!(
            "audit-change-brought",
            change = base,
            by = Arg::krate(by.as_str())
        ),
        None => base,
    })
}

/// Everything said about one package in one line of parts: change, role,
/// source, tier.
fn role(p: &PackageVerdict, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(c) = change_message(p) {
        parts.push(catalog::render(lang, &c));
    }
    parts.push(catalog::render(lang, &dep_message(p)));
    match &p.source {
        PackageSource::Git(_) => parts.push(catalog::render(lang, &msg!("audit-source-git"))),
        PackageSource::Registry(_) => {
            parts.push(catalog::render(lang, &msg!("audit-source-registry")))
        }
        _ => {}
    }
    if let Some(t) = tier_message(p) {
        parts.push(catalog::render(lang, &t));
    }
    parts.join(" · ")
}

fn verdict_label(v: Verdict) -> (Message, Role) {
    match v {
        Verdict::Fail => (msg!("audit-verdict-fail"), Role::Bad),
        Verdict::Warn => (msg!("audit-verdict-warn"), Role::Warn),
        Verdict::Allowed => (msg!("audit-verdict-allowed"), Role::Fair),
        Verdict::Pass => (msg!("audit-verdict-pass"), Role::Good),
        Verdict::Skipped => (msg!("audit-verdict-skip"), Role::Muted),
    }
}

/// Each reason of a package with its marker: findings, broken rules,
/// problems, the allow reason, the scope.
fn reasons(p: &PackageVerdict) -> Vec<(&'static str, Role, Message)> {
    let mut out = Vec::new();
    for f in &p.advisories {
        let (marker, role) = match f.action {
            FindingAction::Deny => ("✗", Role::Bad),
            FindingAction::Warn => ("!", Role::Warn),
            FindingAction::Ignored => ("-", Role::Muted),
        };
        out.push((marker, role, finding_message(p, f)));
    }
    let allowed = p.allow_reason.is_some();
    for v in &p.violations {
        let (marker, role) = if allowed {
            ("-", Role::Muted)
        } else {
            ("✗", Role::Bad)
        };
        out.push((
            marker,
            role,
            msg!(
                "audit-rule-line",
                rule = Arg::id(v.rule.as_str()),
                message = v.message.message.clone()
            ),
        ));
    }
    if let Some(a) = &p.allow_reason {
        out.push((
            "-",
            Role::Muted,
            msg!("audit-allowed-because", reason = Arg::text(a.as_str())),
        ));
    }
    for pr in &p.problems {
        let (marker, role) = match pr.level {
            Level::Fail => ("✗", Role::Bad),
            _ => ("!", Role::Warn),
        };
        out.push((
            marker,
            role,
            msg!(
                "audit-rule-line",
                rule = Arg::id(pr.rule.as_str()),
                message = pr.message.message.clone()
            ),
        ));
    }
    for u in p.unchecked.iter() {
        out.push((
            "?",
            Role::Muted,
            msg!("audit-unchecked-line", reason = u.clone()),
        ));
    }
    if let Some(r) = p.scope_reason.get() {
        out.push((
            "-",
            Role::Muted,
            msg!("audit-out-of-scope", reason = r.clone()),
        ));
    }
    out
}

/// The colon after a label: Chinese uses the full-width one.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// Wrap `text` after `prefix` (its width indents the following lines) and
/// paint the prefix's marker.
fn push_wrapped(out: &mut String, prefix: &str, painted: &str, text: &str, w: usize) {
    let block = term::wrap_prefixed(prefix, text, w);
    out.push_str(&block.replacen(prefix, painted, 1));
}

/// Every reason of one package, wrapped, with its path and hint.
fn package_block(p: &PackageVerdict, s: &Style, out: &mut String) {
    let w = s.term.cols();
    let pal = &s.term.palette;
    let (label, role_colour) = verdict_label(p.verdict);
    let label = catalog::render(s.lang, &label);
    let head = format!("{} {} · {}", p.name, p.version, role(p, s.lang));
    let prefix = format!("{label} ");
    push_wrapped(
        out,
        &prefix,
        &format!("{} ", pal.paint(role_colour, &label)),
        &head,
        w,
    );
    let mut urls = p.advisories.iter().map(|f| f.url.as_deref());
    for (marker, role, m) in reasons(p) {
        let prefix = format!("  {marker} ");
        let painted = format!("  {} ", pal.paint(role, marker));
        push_wrapped(out, &prefix, &painted, &catalog::render(s.lang, &m), w);
        // An advisory's page on a line of its own, never wrapped: a URL cut
        // in two cannot be opened.
        if let Some(Some(u)) = urls.next() {
            out.push_str("    ");
            out.push_str(&crate::sanitize::line(u));
            out.push('\n');
        }
    }
    if p.path.len() > 1 {
        let label = catalog::render(s.lang, &msg!("audit-path-label"));
        let c = colon(s.lang);
        push_wrapped(
            out,
            &format!("    {label}{c}"),
            &format!("    {}{c}", pal.paint(Role::Muted, &label)),
            &p.path.join(" → "),
            w,
        );
    }
    if let Some(h) = p.hint.get() {
        let label = catalog::render(s.lang, &msg!("audit-hint-label"));
        let c = colon(s.lang);
        push_wrapped(
            out,
            &format!("    {label}{c}"),
            &format!("    {}{c}", pal.paint(Role::Muted, &label)),
            &catalog::render(s.lang, h),
            w,
        );
    }
}

/// The summary as one message.
pub fn summary_message(r: &AuditReport) -> Message {
    let s = &r.summary;
    let advisories = if !r.advisory_db.checked {
        msg!("audit-summary-not-checked")
    } else {
        let base = if s.findings.is_empty() {
            msg!("audit-summary-no-advisories")
        } else {
            msg!(
                "audit-summary-advisories",
                found = Arg::messages(s.findings.iter().map(|(k, n)| {
                    msg!("audit-summary-kind-count", count = *n, kind = kind(*k))
                }))
            )
        };
        if s.ignored > 0 {
            msg!(
                "audit-summary-ignored",
                advisories = base,
                count = s.ignored
            )
        } else {
            base
        }
    };
    let mut counts = vec![msg!(
        "audit-summary-counts",
        packages = s.packages,
        fail = s.failed,
        warn = s.warned,
        allowed = s.allowed,
        pass = s.passed
    )];
    if s.out_of_scope > 0 {
        counts.push(msg!("audit-summary-out-of-scope", count = s.out_of_scope));
    }
    if s.local > 0 {
        counts.push(msg!("audit-summary-local", count = s.local));
    }
    let mut m = msg!(
        "audit-summary",
        counts = Arg::messages(counts),
        cached = s.cached,
        advisories = advisories,
        verdict = if r.passed {
            msg!("audit-summary-holds")
        } else {
            msg!("audit-summary-fails")
        }
    );
    if s.untouched_failing > 0 {
        m = msg!(
            "audit-summary-untouched",
            summary = m,
            count = s.untouched_failing
        );
    }
    m
}

/// The one-line summary in a language.
pub fn summary_line(r: &AuditReport, lang: Lang) -> String {
    catalog::render(lang, &summary_message(r))
}

fn db_message(r: &AuditReport) -> Message {
    let d = &r.advisory_db;
    if !d.checked {
        return msg!("audit-db-not-checked");
    }
    match (d.last_updated, d.age_days) {
        // An audit as of a past day with today's database.
        (Some(day), Some(a)) if a < 0 => msg!("audit-db-ahead", count = d.advisories, date = day),
        (Some(day), Some(a)) => msg!(
            "audit-db",
            count = d.advisories,
            date = day,
            age = Arg::Days(a)
        ),
        _ => msg!("audit-db-undated", count = d.advisories),
    }
}

fn header_message(r: &AuditReport) -> Message {
    msg!(
        "audit-header",
        lockfile = Arg::code(r.lockfile.display().to_string()),
        date = r.as_of,
        model = Arg::version(r.model_version.as_str()),
        policy = policy_message(r),
        advisories = db_message(r)
    )
}

fn policy_message(r: &AuditReport) -> Message {
    match &r.policy_file {
        Some(p) => msg!(
            "audit-policy-file",
            path = Arg::code(p.display().to_string())
        ),
        None => msg!("audit-policy-defaults"),
    }
}

fn change_summary(r: &AuditReport) -> Option<Message> {
    let d = r.diff.as_ref()?;
    let mut parts = vec![
        msg!("audit-change-count-added", count = d.added),
        msg!("audit-change-count-bumped", count = d.bumped),
    ];
    if d.checksum_changed > 0 {
        parts.push(msg!(
            "audit-change-count-checksum",
            count = d.checksum_changed
        ));
    }
    parts.push(msg!("audit-change-count-removed", count = d.removed.len()));
    parts.push(msg!("audit-change-count-unchanged", count = d.unchanged));
    Some(msg!(
        "audit-change-summary",
        base = Arg::code(d.base.as_str()),
        parts = Arg::messages(parts)
    ))
}

/// The terminal report.
pub fn table(r: &AuditReport, style: &Style) -> String {
    let s = style;
    let w = s.term.cols();
    let pal = &s.term.palette;
    let lang = s.lang;
    let mut out = String::new();
    out.push_str(&term::wrap_prefixed(
        "",
        &catalog::render(lang, &header_message(r)),
        w,
    ));
    if let Some(c) = change_summary(r) {
        out.push_str(&term::wrap_prefixed("", &catalog::render(lang, &c), w));
    }
    let warning = catalog::render(lang, &msg!("audit-warning-label"));
    let c = colon(lang);
    for m in r.warnings.iter() {
        push_wrapped(
            &mut out,
            &format!("{warning}{c}"),
            &format!("{}{c}", pal.paint(Role::Warn, &warning)),
            &catalog::render(lang, m),
            w,
        );
    }
    let needs_look = |p: &&PackageVerdict| matches!(p.verdict, Verdict::Fail | Verdict::Warn);
    for p in r.packages.iter().filter(|p| p.judged).filter(needs_look) {
        out.push('\n');
        package_block(p, s, &mut out);
    }
    let untouched: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| !p.judged)
        .filter(needs_look)
        .collect();
    if !untouched.is_empty() {
        out.push('\n');
        out.push_str(&pal.paint(
            Role::Heading,
            &catalog::render(
                lang,
                &msg!("audit-untouched-heading", count = untouched.len()),
            ),
        ));
        out.push('\n');
        for p in untouched {
            let (label, colour) = verdict_label(p.verdict);
            let label = catalog::render(lang, &label);
            let why: Vec<String> = reasons(p)
                .into_iter()
                .filter(|(m, _, _)| *m != "-" && *m != "?")
                .map(|(_, _, m)| catalog::render(lang, &m))
                .collect();
            let text = format!("{} {}: {}", p.name, p.version, why.join("; "));
            let prefix = format!("  {label} ");
            push_wrapped(
                &mut out,
                &prefix,
                &format!("  {} ", pal.paint(colour, &label)),
                &text,
                w,
            );
        }
    }
    let allowed: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| p.verdict == Verdict::Allowed && p.judged)
        .collect();
    if !allowed.is_empty() {
        out.push('\n');
        let label = catalog::render(lang, &msg!("audit-verdict-allowed"));
        for p in allowed {
            let rules: Vec<&str> = p.violations.iter().map(|v| v.rule.as_str()).collect();
            let text = catalog::render(
                lang,
                &msg!(
                    "audit-allowed-line",
                    name = Arg::krate(p.name.as_str()),
                    version = Arg::version(&p.version),
                    rules = Arg::List(rules.iter().map(|r| Arg::id(*r)).collect()),
                    reason = Arg::text(p.allow_reason.as_deref().unwrap_or(""))
                ),
            );
            push_wrapped(
                &mut out,
                &format!("{label} "),
                &format!("{} ", pal.paint(Role::Fair, &label)),
                &text,
                w,
            );
        }
    }
    if s.all {
        out.push('\n');
        out.push_str(&pal.paint(
            Role::Heading,
            &catalog::render(lang, &msg!("audit-every-package")),
        ));
        out.push('\n');
        let labels: Vec<String> = [
            Verdict::Fail,
            Verdict::Warn,
            Verdict::Allowed,
            Verdict::Pass,
            Verdict::Skipped,
        ]
        .iter()
        .map(|v| catalog::render(lang, &verdict_label(*v).0))
        .collect();
        let pad = labels.iter().map(|l| term::width(l)).max().unwrap_or(0) + 1;
        for p in &r.packages {
            let (label, colour) = verdict_label(p.verdict);
            let label = catalog::render(lang, &label);
            let prefix = term::pad(&label, pad);
            let painted = prefix.replacen(&label, &pal.paint(colour, &label), 1);
            push_wrapped(
                &mut out,
                &prefix,
                &painted,
                &format!("{} {} · {}", p.name, p.version, role(p, lang)),
                w,
            );
        }
    }
    if !r.notes.is_empty() {
        out.push('\n');
        let label = catalog::render(lang, &msg!("audit-note-label"));
        for n in r.notes.iter() {
            let block = term::wrap_prefixed(
                &format!("{label}{}", colon(lang)),
                &catalog::render(lang, n),
                w,
            );
            for l in block.lines() {
                out.push_str(&pal.paint(Role::Muted, l));
                out.push('\n');
            }
        }
    }
    out.push('\n');
    let colour = if r.passed { Role::Good } else { Role::Bad };
    for l in term::wrap_prefixed("", &summary_line(r, lang), w).lines() {
        out.push_str(&pal.paint(colour, l));
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------- Markdown

fn composite_cell(p: &PackageVerdict) -> String {
    p.composite()
        .map(|c| format!("{c:.2}"))
        .unwrap_or_else(|| "–".into())
}

fn tier_cell(p: &PackageVerdict, lang: Lang) -> String {
    p.evaluation
        .as_ref()
        .map(|e| {
            format!(
                "{} {}",
                e.tier.icon(),
                md::cell(&catalog::label(lang, &format!("tier-{}", e.tier.id())))
            )
        })
        .unwrap_or_else(|| "–".into())
}

/// The "why" cell: every reason (advisory ids link to their pages), then
/// the hint.
fn reason_cell(p: &PackageVerdict, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = reasons(p).into_iter();
    for f in &p.advisories {
        let _ = rest.next();
        // Our own link to the advisory's page in place of its id: a web URL
        // only, its label the id (outside text never becomes a link).
        let text = md::text(&catalog::render(lang, &finding_with_id(p, f, ID_SLOT)));
        let id = match &f.url {
            Some(u) if md::is_web_url(u) => md::link(&f.id, u),
            _ => md::text(&f.id),
        };
        parts.push(text.replace(ID_SLOT, &id));
    }
    parts.extend(rest.map(|(_, _, m)| md::text(&catalog::render(lang, &m))));
    let mut s = parts.join("; ");
    if let Some(h) = p.hint.get()
        && matches!(p.verdict, Verdict::Fail | Verdict::Warn)
    {
        s.push_str(&format!(
            " — {}{}{}",
            md::text(&catalog::render(lang, &msg!("audit-hint-label"))),
            colon(lang),
            md::text(&catalog::render(lang, h))
        ));
    }
    if s.is_empty() { "–".into() } else { s }
}

fn change_cell(p: &PackageVerdict, lang: Lang) -> String {
    change_message(p)
        .map(|m| md::cell(&catalog::render(lang, &m)))
        .unwrap_or_else(|| "–".into())
}

fn verdict_cell(p: &PackageVerdict, lang: Lang) -> String {
    let icon = match p.verdict {
        Verdict::Fail => "❌",
        Verdict::Warn => "⚠️",
        Verdict::Allowed => "☑️",
        Verdict::Pass => "✅",
        Verdict::Skipped => "➖",
    };
    format!(
        "{icon} {}",
        md::cell(&catalog::render(lang, &verdict_label(p.verdict).0))
    )
}

/// A Markdown table that can give up rows.
struct Section {
    /// Heading or `<summary>` text (already Markdown).
    title: String,
    /// Folded in `<details>`.
    folded: bool,
    /// Text before the table (already Markdown).
    intro: String,
    header: String,
    rows: Vec<String>,
    /// Rows shown (the rest is summed up).
    shown: usize,
    /// Lower gives rows up first.
    priority: u8,
}

impl Section {
    fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        if self.folded {
            out.push_str(&format!("<details><summary>{}</summary>\n\n", self.title));
        } else if !self.title.is_empty() {
            out.push_str(&format!("{}\n\n", self.title));
        }
        out.push_str(&self.intro);
        if !self.rows.is_empty() && self.shown > 0 {
            out.push_str(&self.header);
            for r in self.rows.iter().take(self.shown) {
                out.push_str(r);
            }
            out.push('\n');
        }
        let hidden = self.rows.len() - self.shown.min(self.rows.len());
        if hidden > 0 {
            out.push_str(&md::text(&catalog::render(
                lang,
                &msg!("audit-md-more-rows", count = hidden),
            )));
            out.push_str("\n\n");
        }
        if self.folded {
            out.push_str("</details>\n\n");
        }
        out
    }
}

fn header(cols: &[Message], lang: Lang) -> String {
    let names: Vec<String> = cols
        .iter()
        .map(|c| md::cell(&catalog::render(lang, c)))
        .collect();
    format!(
        "| {} |\n|{}\n",
        names.join(" | "),
        "---|".repeat(cols.len())
    )
}

fn package_row(p: &PackageVerdict, lang: Lang, with_change: bool) -> String {
    let mut cells = vec![
        verdict_cell(p, lang),
        md::cell(&p.name),
        md::cell(&p.version),
    ];
    if with_change {
        cells.push(change_cell(p, lang));
    }
    cells.extend([
        md::cell(&catalog::render(lang, &dep_message(p))),
        composite_cell(p),
        tier_cell(p, lang),
        reason_cell(p, lang),
    ]);
    format!("| {} |\n", cells.join(" | "))
}

fn package_header(lang: Lang, with_change: bool) -> String {
    let mut cols = vec![
        msg!("audit-col-verdict"),
        msg!("audit-col-crate"),
        msg!("audit-col-version"),
    ];
    if with_change {
        cols.push(msg!("audit-col-change"));
    }
    cols.extend([
        msg!("audit-col-dep"),
        msg!("audit-col-composite"),
        msg!("audit-col-tier"),
        msg!("audit-col-reason"),
    ]);
    header(&cols, lang)
}

fn yes_no(lang: Lang, p: Option<&cratescope_model::audit::Presence>) -> String {
    match p {
        None => "–".into(),
        Some(x) => {
            let now = catalog::render(
                lang,
                &if x.now {
                    msg!("audit-yes")
                } else {
                    msg!("audit-no")
                },
            );
            match x.before {
                Some(false) if x.now => format!(
                    "**{}**",
                    md::text(&catalog::render(lang, &msg!("audit-new")))
                ),
                _ => md::text(&now),
            }
        }
    }
}

fn evidence_row(p: &PackageVerdict, lang: Lang) -> Option<String> {
    let s = p.supply_chain.as_ref()?;
    let published = match (s.published, s.publish_age_days) {
        (Some(d), Some(a)) => md::cell(&catalog::render(
            lang,
            &msg!("audit-published", date = d, age = Arg::Days(a)),
        )),
        _ => "–".into(),
    };
    let publisher = match (&s.publisher, &s.previous_publisher, s.trusted) {
        (_, _, Some(true)) => md::cell(&catalog::render(lang, &msg!("audit-trusted-publishing"))),
        (Some(now), Some(before), _) if now != before => md::cell(&catalog::render(
            lang,
            &msg!(
                "audit-publisher-was",
                now = Arg::code(now.as_str()),
                before = Arg::code(before.as_str())
            ),
        )),
        (Some(now), _, _) => md::cell(now),
        _ => "–".into(),
    };
    let owners = if s.owners_added.is_empty() {
        "–".into()
    } else {
        md::cell(
            &s.owners_added
                .iter()
                .map(|o| format!("{} ({})", o.login, o.date))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let trusted = s
        .trusted_publishing
        .map(|t| {
            md::cell(&catalog::render(
                lang,
                &msg!(
                    "audit-trusted-share",
                    trusted = t.trusted,
                    releases = t.releases
                ),
            ))
        })
        .unwrap_or_else(|| "–".into());
    let confusable = s
        .confusable
        .as_ref()
        .map(|c| md::cell(&c.name))
        .unwrap_or_else(|| "–".into());
    Some(format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        md::cell(&p.label()),
        md::cell(s.compared_with.as_deref().unwrap_or("–")),
        published,
        publisher,
        owners,
        trusted,
        yes_no(lang, s.build_script.as_ref()),
        yes_no(lang, s.proc_macro.as_ref()),
        yes_no(lang, s.links.as_ref()),
        confusable,
    ))
}

/// Markdown for a pull request: the verdict, warnings, the change, the
/// problems, then folded sections; always under [`COMMENT_LIMIT`].
pub fn markdown(r: &AuditReport, lang: Lang) -> String {
    markdown_within(r, lang, COMMENT_LIMIT - COMMENT_MARGIN)
}

/// [`markdown`] within `limit` characters.
pub fn markdown_within(r: &AuditReport, lang: Lang, limit: usize) -> String {
    let mut head = String::new();
    let icon = if r.passed { "✅" } else { "❌" };
    head.push_str(&format!(
        "### {icon} {}\n\n",
        md::text(&catalog::render(
            lang,
            &msg!("audit-md-title", summary = summary_message(r))
        ))
    ));
    head.push_str(&md::text(&catalog::render(lang, &header_message(r))));
    head.push_str("\n\n");
    if let Some(c) = change_summary(r) {
        head.push_str(&md::text(&catalog::render(lang, &c)));
        head.push_str("\n\n");
    }
    for w in r.warnings.iter() {
        head.push_str(&format!(
            "> ⚠️ **{}{}** {}\n",
            md::text(&catalog::render(lang, &msg!("audit-warning-label"))),
            colon(lang).trim_end(),
            md::text(&catalog::render(lang, w))
        ));
    }
    if !r.warnings.is_empty() {
        head.push('\n');
    }
    let with_change = r.diff.is_some();
    let mut sections: Vec<Section> = Vec::new();
    let problems: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| p.judged)
        .filter(|p| matches!(p.verdict, Verdict::Fail | Verdict::Warn | Verdict::Allowed))
        .collect();
    if !problems.is_empty() {
        sections.push(Section {
            title: String::new(),
            folded: false,
            intro: String::new(),
            header: package_header(lang, with_change),
            rows: problems
                .iter()
                .map(|p| package_row(p, lang, with_change))
                .collect(),
            shown: usize::MAX,
            priority: 9,
        });
    }
    if with_change {
        let rows: Vec<String> = r
            .packages
            .iter()
            .filter(|p| p.change.as_ref().is_some_and(|c| c.kind.is_change()))
            .filter_map(|p| evidence_row(p, lang))
            .collect();
        if !rows.is_empty() {
            let cols = [
                msg!("audit-col-package"),
                msg!("audit-col-compared"),
                msg!("audit-col-published"),
                msg!("audit-col-publisher"),
                msg!("audit-col-owners"),
                msg!("audit-col-trusted"),
                msg!("audit-col-build-script"),
                msg!("audit-col-proc-macro"),
                msg!("audit-col-links"),
                msg!("audit-col-confusable"),
            ];
            sections.push(Section {
                title: md::text(&catalog::render(
                    lang,
                    &msg!("audit-md-evidence", count = rows.len()),
                )),
                folded: true,
                intro: String::new(),
                header: header(&cols, lang),
                rows,
                shown: usize::MAX,
                priority: 6,
            });
        }
        let untouched: Vec<&PackageVerdict> = r
            .packages
            .iter()
            .filter(|p| !p.judged && matches!(p.verdict, Verdict::Fail | Verdict::Warn))
            .collect();
        if !untouched.is_empty() {
            sections.push(Section {
                title: md::text(&catalog::render(
                    lang,
                    &msg!("audit-untouched-heading", count = untouched.len()),
                )),
                folded: true,
                intro: String::new(),
                header: package_header(lang, false),
                rows: untouched
                    .iter()
                    .map(|p| package_row(p, lang, false))
                    .collect(),
                shown: usize::MAX,
                priority: 4,
            });
        }
        if let Some(d) = &r.diff
            && !d.removed.is_empty()
        {
            sections.push(Section {
                title: md::text(&catalog::render(
                    lang,
                    &msg!("audit-md-removed", count = d.removed.len()),
                )),
                folded: true,
                intro: String::new(),
                header: header(
                    &[
                        msg!("audit-col-crate"),
                        msg!("audit-col-version"),
                        msg!("audit-col-source"),
                    ],
                    lang,
                ),
                rows: d
                    .removed
                    .iter()
                    .map(|x| {
                        format!(
                            "| {} | {} | {} |\n",
                            md::cell(&x.name),
                            md::cell(&x.version),
                            md::cell(x.source.label())
                        )
                    })
                    .collect(),
                shown: usize::MAX,
                priority: 2,
            });
        }
    }
    if !r.notes.is_empty() {
        let intro: String = r
            .notes
            .iter()
            .map(|n| format!("- {}\n", md::text(&catalog::render(lang, n))))
            .collect::<String>()
            + "\n";
        sections.push(Section {
            title: md::text(&catalog::render(
                lang,
                &msg!("audit-md-notes", count = r.notes.len()),
            )),
            folded: true,
            intro,
            header: String::new(),
            rows: Vec::new(),
            shown: 0,
            priority: 3,
        });
    }
    sections.push(Section {
        title: md::text(&catalog::render(
            lang,
            &msg!("audit-md-all-packages", count = r.packages.len()),
        )),
        folded: true,
        intro: String::new(),
        header: package_header(lang, with_change),
        rows: r
            .packages
            .iter()
            .map(|p| package_row(p, lang, with_change))
            .collect(),
        shown: usize::MAX,
        priority: 1,
    });
    fit(&head, &mut sections, lang, limit)
}

/// Cut rows, least important sections first, until the comment fits.
fn fit(head: &str, sections: &mut [Section], lang: Lang, limit: usize) -> String {
    for s in sections.iter_mut() {
        s.shown = s.rows.len().min(MAX_TABLE_ROWS);
    }
    let total = |sections: &[Section]| -> String {
        let mut out = head.to_string();
        for s in sections {
            out.push_str(&s.render(lang));
        }
        crate::sanitize::block(&out).into_owned()
    };
    let mut text = total(sections);
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| sections[i].priority);
    for &i in &order {
        while text.chars().count() > limit && sections[i].shown > 0 {
            // Drop a quarter of what is left (at least one row): a few
            // renders however long the table.
            let s = &mut sections[i];
            let drop = (s.shown / 4).max(1);
            s.shown -= drop;
            text = total(sections);
        }
    }
    if text.chars().count() > limit {
        // Even the head is too long (thousands of warnings): cut at a line.
        let mut cut = String::new();
        for line in text.lines() {
            if cut.chars().count() + line.chars().count() + 200 > limit {
                break;
            }
            cut.push_str(line);
            cut.push('\n');
        }
        cut.push('\n');
        cut.push_str(&md::text(&catalog::render(lang, &msg!("audit-md-cut"))));
        cut.push('\n');
        text = cut;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of `n` packages, each with a reason that holds the spliced
    /// key's characters, and a problem whose sentence is filled.
    fn report(n: usize) -> AuditReport {
        let packages: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                serde_json::json!({
                    "crate": format!("c{i}"), "version": "1.0.0",
                    "source": {"kind": "crates-io"}, "scope": "in-scope", "direct": i % 2 == 0,
                    "lockfile_line": i + 1, "verdict": "warn",
                    "allow_reason": "\"packages\":[] {\"packages\":[]}",
                    "problems": [{"rule": "unevaluable", "level": "warn",
                                  "message_i18n": {"id": "audit-unevaluable", "args": {"reason": {"text": format!("r{i}")}}}}]
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema_version": 3, "as_of": "2026-11-25", "model_version": "2",
            "lockfile": "Cargo.lock", "policy": serde_json::to_value(cratescope_model::audit::Policy::default()).unwrap(),
            "passed": true,
            "summary": { "packages": n, "in_scope": n, "evaluated": 0, "passed": 0, "failed": 0,
                         "warned": n, "allowed": 0, "not_evaluated": 0, "out_of_scope": 0,
                         "local": 0, "cached": 0, "findings": {}, "ignored": 0 },
            "advisory_db": { "checked": true, "advisories": 10, "stale": false },
            "warnings": [], "packages": packages, "notes": []
        }))
        .unwrap()
    }

    #[test]
    fn compact_json_written_on_every_core_is_the_one_written_on_one() {
        for n in [0, 1, 7] {
            let mut r = report(n);
            let mut one = r.clone();
            catalog::fill_texts_each(&mut one.packages);
            catalog::fill_texts(&mut one);
            let expected = format!("{}\n", serde_json::to_string(&one).unwrap());
            assert_eq!(json_in_place(&mut r, false), expected, "{n} packages");
            // The cards are spliced, not written again on one thread: the
            // report without them has the key where they go.
            let around = serde_json::to_string(&AuditReport {
                packages: Vec::new(),
                ..one.clone()
            })
            .unwrap();
            assert!(top_level_empty_array(&around, "packages").is_some());
            assert_eq!(r, one, "the report keeps its cards");
            assert_eq!(expected.matches(r#""crate":"c"#).count(), n);
            if n > 0 {
                assert!(!one.packages[0].problems[0].message.text.is_empty());
            }
        }
    }

    #[test]
    fn only_the_top_level_key_is_spliced() {
        let json = r#"{"a":{"packages":[]},"s":"\\\"packages\":[]","packages":[],"z":"]"}"#;
        let at = top_level_empty_array(json, "packages").unwrap();
        assert_eq!(json.get(at - 11..at + 2), Some(r#""packages":[]"#));
        assert_eq!(json.get(at + 2..), Some(r#","z":"]"}"#));
        assert_eq!(
            splice_packages(json, &["1".to_owned(), r#"{"b":2}"#.to_owned()]).unwrap(),
            r#"{"a":{"packages":[]},"s":"\\\"packages\":[]","packages":[1,{"b":2}],"z":"]"}"#
        );
        assert_eq!(
            top_level_empty_array(r#"{"s":"packages","t":[]}"#, "packages"),
            None
        );
        assert_eq!(
            top_level_empty_array(r#"{"packages":[1]}"#, "packages"),
            None
        );
    }

    #[test]
    fn the_summary_reads_in_both_languages() {
        let r: AuditReport = serde_json::from_value(serde_json::json!({
            "schema_version": 3, "as_of": "2026-11-25", "model_version": "2",
            "lockfile": "Cargo.lock", "policy": serde_json::to_value(cratescope_model::audit::Policy::default()).unwrap(),
            "passed": false,
            "summary": { "packages": 3, "in_scope": 3, "evaluated": 2, "passed": 1, "failed": 1,
                         "warned": 1, "allowed": 0, "not_evaluated": 0, "out_of_scope": 0,
                         "local": 0, "cached": 0, "findings": {"unmaintained": 1}, "ignored": 0 },
            "advisory_db": { "checked": true, "advisories": 10, "stale": false },
            "warnings": [], "packages": [], "notes": []
        }))
        .unwrap();
        let en = summary_line(&r, Lang::En);
        assert!(en.contains("3 packages: 1 fail, 1 warn"), "{en}");
        assert!(en.contains("1 unmaintained"), "{en}");
        assert!(en.ends_with("policy FAILS"), "{en}");
        let zh = summary_line(&r, Lang::Zh);
        assert!(!zh.contains("packages"), "{zh}");
    }
}
