//! Renderers of an [`AuditReport`]: the terminal report, Markdown for a pull
//! request, and JSON (the report itself). SARIF lives in `report::sarif`.
//!
//! The terminal report shows what needs a look: report-level warnings first
//! (advisories not checked, a stale database, expired ignores), then each
//! failing and warned package with every reason and a hint, a line per
//! allow-listed package, notes, and a one-line summary; `all` adds a line per
//! package. It is word-wrapped to a width (80 columns by default), breaking
//! only between words, never inside one (a URL longer than the width keeps
//! its own line). Colour is a parameter ([`Style`]): the CLI decides it from
//! the terminal and `NO_COLOR` until a global `--color` switch takes over.
//!
//! Deliberately ignored: per-dimension detail (the JSON holds every card;
//! `cratescope eval NAME@VERSION` shows one).

use cratescope_model::audit::{
    AdvisoryFinding, AuditReport, FindingAction, FindingKind, Level, PackageVerdict, Scope, Verdict,
};

/// How the terminal report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Columns to fit.
    pub width: usize,
    /// List every package, not only those that need a look.
    pub all: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
            all: false,
        }
    }
}

/// The width when nothing else is known: what CI logs and most terminals show.
pub const DEFAULT_WIDTH: usize = 80;
/// Narrower than this, wrapping leaves too few columns to read.
const MIN_WIDTH: usize = 40;

/// The JSON output: compact (one line) unless `pretty`.
pub fn json(r: &AuditReport, pretty: bool) -> String {
    let r = crate::english(r);
    let v = if pretty {
        serde_json::to_string_pretty(&r)
    } else {
        serde_json::to_string(&r)
    };
    let mut s = v.unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

/// ANSI SGR codes used.
#[derive(Clone, Copy)]
enum Paint {
    Red,
    Yellow,
    Green,
    Blue,
    Dim,
    Bold,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Red => "1;31",
            Paint::Yellow => "1;33",
            Paint::Green => "1;32",
            Paint::Blue => "1;34",
            Paint::Dim => "2",
            Paint::Bold => "1",
        }
    }
}

fn paint(style: &Style, p: Paint, s: &str) -> String {
    if style.color && !s.is_empty() {
        format!("\x1b[{}m{s}\x1b[0m", p.code())
    } else {
        s.to_string()
    }
}

/// Terminal columns a character takes: emoji (tier icons, ⛔) take two.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1F000..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF if !matches!(c, '✓' | '✗') => 2,
        0xFE0F => 0,
        _ => 1,
    }
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Word-wrap `text` to `width` columns: the first line starts with `first`,
/// the others with `rest` (indents). Breaks only at spaces; a word wider
/// than the line keeps a line of its own, unbroken.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    // Names and reasons come from Cargo.lock and registries: made inert.
    let text = crate::sanitize::line(text);
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut at_start = true;
    for word in text.split_whitespace() {
        let w = width_of(word);
        let sep = usize::from(!at_start);
        if !at_start && width_of(&line) + sep + w > width {
            lines.push(line);
            line = rest.to_string();
            at_start = true;
        }
        if !at_start {
            line.push(' ');
        }
        line.push_str(word);
        at_start = false;
    }
    if !at_start || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn width_of(s: &str) -> usize {
    width(s)
}

fn kind_word(f: &AdvisoryFinding) -> String {
    let mut s = f.kind.id().to_string();
    if let Some(sev) = &f.severity {
        let score = f.cvss_score.map(|c| format!(" {c:.1}")).unwrap_or_default();
        s.push_str(&format!(", {sev}{score}"));
    }
    s
}

/// One finding as sentences: what, when, what to upgrade to, where to read.
fn finding_text(f: &AdvisoryFinding) -> String {
    let mut s = if f.kind == FindingKind::Yanked {
        f.title.clone()
    } else {
        format!(
            "{} {} ({}{}): {}",
            f.id,
            kind_word(f),
            f.date.map(|d| d.to_string()).unwrap_or_default(),
            if f.aliases.is_empty() {
                String::new()
            } else {
                format!(", {}", f.aliases.join(", "))
            },
            f.title
        )
    };
    match (&f.upgrade_to, f.kind) {
        (Some(v), _) => s.push_str(&format!(". Upgrade to ≥ {v}")),
        (None, FindingKind::Yanked) => s.push_str(". No later release"),
        (None, _) if f.patched.is_empty() => s.push_str(". No fixed release"),
        (None, _) => s.push_str(&format!(". Patched: {}", f.patched.join(", "))),
    }
    if !f.unaffected.is_empty() {
        s.push_str(&format!(" (unaffected: {})", f.unaffected.join(", ")));
    }
    s.push('.');
    if let Some(reason) = &f.ignore_reason {
        s.push_str(&format!(" Ignored: {reason}."));
    }
    if let Some(u) = &f.url {
        s.push(' ');
        s.push_str(u);
    }
    s
}

fn tier_text(p: &PackageVerdict) -> Option<String> {
    p.evaluation.as_ref().map(|e| {
        let c = e.composite.map(|c| format!(" {c:.2}")).unwrap_or_default();
        format!("{} {}{c}", e.tier.icon(), e.tier.id())
    })
}

/// `direct (app, cli)`, `transitive`, or the scope.
fn role(p: &PackageVerdict) -> String {
    let mut parts = Vec::new();
    match p.scope {
        Scope::InScope => parts.push(if p.direct {
            format!("direct ({})", p.direct_of.join(", "))
        } else {
            "transitive".into()
        }),
        Scope::Local => parts.push("local path".into()),
        other => parts.push(other.id().to_string()),
    }
    match &p.source {
        cratescope_model::audit::PackageSource::CratesIo => {}
        s => parts.push(s.label().to_string()),
    }
    if let Some(t) = tier_text(p) {
        parts.push(t);
    }
    parts.join(" · ")
}

fn verdict_label(v: Verdict) -> (&'static str, Paint) {
    match v {
        Verdict::Fail => ("FAIL", Paint::Red),
        Verdict::Warn => ("WARN", Paint::Yellow),
        Verdict::Allowed => ("ALLOWED", Paint::Blue),
        Verdict::Pass => ("pass", Paint::Green),
        Verdict::Skipped => ("skip", Paint::Dim),
    }
}

/// Every reason of one package, wrapped, with its path and hint.
fn package_block(p: &PackageVerdict, s: &Style, out: &mut Vec<String>) {
    let (label, colour) = verdict_label(p.verdict);
    let head = format!("{} {} · {}", p.name, p.version, role(p));
    let mut lines = wrap(&head, s.width, &format!("{label} "), "     ");
    if let Some(first) = lines.first_mut() {
        *first = format!("{}{}", paint(s, colour, label), &first[label.len()..]);
    }
    out.extend(lines);
    let mut reason = |marker: &str, p: Paint, text: &str| {
        for (i, l) in wrap(text, s.width, &format!("  {marker} "), "    ")
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                let body = &l[2 + marker.len()..];
                out.push(format!("  {}{body}", paint(s, p, marker)));
            } else {
                out.push(l);
            }
        }
    };
    for f in &p.advisories {
        let (marker, colour) = match f.action {
            FindingAction::Deny => ("✗", Paint::Red),
            FindingAction::Warn => ("!", Paint::Yellow),
            FindingAction::Ignored => ("-", Paint::Dim),
        };
        reason(marker, colour, &finding_text(f));
    }
    let allowed = p.allow_reason.is_some();
    for v in &p.violations {
        let (marker, colour) = if allowed {
            ("-", Paint::Dim)
        } else {
            ("✗", Paint::Red)
        };
        reason(marker, colour, &format!("{}: {}", v.rule, v.message));
    }
    if let Some(a) = &p.allow_reason {
        reason("-", Paint::Dim, &format!("allowed: {a}"));
    }
    for pr in &p.problems {
        let (marker, colour) = match pr.level {
            Level::Fail => ("✗", Paint::Red),
            _ => ("!", Paint::Yellow),
        };
        reason(marker, colour, &format!("{}: {}", pr.rule, pr.message));
    }
    if let Some(r) = &p.scope_reason {
        reason("-", Paint::Dim, &format!("out of scope: {r}"));
    }
    if p.path.len() > 1 {
        for l in wrap(&p.path.join(" → "), s.width, "    path: ", "          ") {
            out.push(l);
        }
    }
    if let Some(h) = &p.hint {
        for l in wrap(h, s.width, "    hint: ", "          ") {
            out.push(paint(s, Paint::Dim, &l));
        }
    }
}

/// The one-line summary (wrapped if the width is tiny).
pub fn summary_line(r: &AuditReport) -> String {
    let s = &r.summary;
    let mut out = format!(
        "{} packages: {} fail, {} warn, {} allowed, {} pass",
        s.packages, s.failed, s.warned, s.allowed, s.passed
    );
    if s.out_of_scope > 0 {
        out.push_str(&format!(", {} out of scope", s.out_of_scope));
    }
    if s.local > 0 {
        out.push_str(&format!(", {} local", s.local));
    }
    out.push_str(&format!(" ({} from cache)", s.cached));
    if r.advisory_db.checked {
        let found: Vec<String> = s
            .findings
            .iter()
            .map(|(k, n)| format!("{n} {}", k.id()))
            .collect();
        out.push_str(&format!(
            "; advisories: {}",
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        ));
        if s.ignored > 0 {
            out.push_str(&format!(" ({} ignored)", s.ignored));
        }
    } else {
        out.push_str("; advisories NOT checked");
    }
    out.push_str(&format!(
        " — policy {}",
        if r.passed { "holds" } else { "FAILS" }
    ));
    out
}

fn db_line(r: &AuditReport) -> String {
    let d = &r.advisory_db;
    if !d.checked {
        return "advisories: not checked".into();
    }
    let age = match (d.last_updated, d.age_days) {
        (Some(day), Some(a)) => format!(", updated {day} ({a} days)"),
        _ => String::new(),
    };
    format!("advisories: RustSec, {} loaded{age}", d.advisories)
}

/// The terminal report.
pub fn table(r: &AuditReport, style: &Style) -> String {
    let s = Style {
        width: style.width.max(MIN_WIDTH),
        ..*style
    };
    let mut out: Vec<String> = Vec::new();
    let head = format!(
        "cratescope audit of {} as of {} (model {}; {})",
        r.lockfile.display(),
        r.as_of,
        r.model_version,
        db_line(r)
    );
    out.extend(wrap(&head, s.width, "", "  "));
    for w in &r.warnings {
        for (i, l) in wrap(w, s.width, "warning: ", "         ")
            .into_iter()
            .enumerate()
        {
            out.push(if i == 0 {
                format!("{}{}", paint(&s, Paint::Yellow, "warning:"), &l[8..])
            } else {
                l
            });
        }
    }
    let needs_look: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| matches!(p.verdict, Verdict::Fail | Verdict::Warn))
        .collect();
    for p in &needs_look {
        out.push(String::new());
        package_block(p, &s, &mut out);
    }
    let allowed: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| p.verdict == Verdict::Allowed)
        .collect();
    if !allowed.is_empty() {
        out.push(String::new());
        for p in allowed {
            let rules: Vec<&str> = p.violations.iter().map(|v| v.rule.as_str()).collect();
            let text = format!(
                "{} {} ({}): {}",
                p.name,
                p.version,
                rules.join(", "),
                p.allow_reason.as_deref().unwrap_or("")
            );
            for (i, l) in wrap(&text, s.width, "allowed ", "        ")
                .into_iter()
                .enumerate()
            {
                out.push(if i == 0 {
                    format!("{}{}", paint(&s, Paint::Blue, "allowed"), &l[7..])
                } else {
                    l
                });
            }
        }
    }
    if s.all {
        out.push(String::new());
        out.push(paint(&s, Paint::Bold, "every package:"));
        for p in &r.packages {
            let (label, colour) = verdict_label(p.verdict);
            let text = format!("{} {} · {}", p.name, p.version, role(p));
            let pad = format!("{label:<8}");
            for (i, l) in wrap(&text, s.width, &pad, "        ")
                .into_iter()
                .enumerate()
            {
                out.push(if i == 0 {
                    format!("{}{}", paint(&s, colour, label), &l[label.len()..])
                } else {
                    l
                });
            }
        }
    }
    if !r.notes.is_empty() {
        out.push(String::new());
        for n in &r.notes {
            out.extend(
                wrap(n, s.width, "note: ", "      ")
                    .into_iter()
                    .map(|l| paint(&s, Paint::Dim, &l)),
            );
        }
    }
    out.push(String::new());
    let colour = if r.passed { Paint::Green } else { Paint::Red };
    for l in wrap(&summary_line(r), s.width, "", "  ") {
        out.push(paint(&s, colour, &l));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Escape a table cell for Markdown: one inert line, no table breaks, no
/// raw HTML (the advisory links the report makes itself stay links).
fn md(s: &str) -> String {
    crate::sanitize::line(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn composite(p: &PackageVerdict) -> String {
    p.composite()
        .map(|c| format!("{c:.2}"))
        .unwrap_or_else(|| "–".into())
}

fn tier(p: &PackageVerdict) -> String {
    p.evaluation
        .as_ref()
        .map(|e| format!("{} {}", e.tier.icon(), e.tier.id()))
        .unwrap_or_else(|| "–".into())
}

/// The "why" column: findings, rules, problems, the allow reason, the hint.
fn finding(p: &PackageVerdict) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in &p.advisories {
        let link = f
            .url
            .as_ref()
            .map(|u| format!("[{}]({u})", f.id))
            .unwrap_or_else(|| f.id.clone());
        let mut t = if f.kind == FindingKind::Yanked {
            f.title.clone()
        } else {
            format!("{link} {}: {}", kind_word(f), f.title)
        };
        if let Some(v) = &f.upgrade_to {
            t.push_str(&format!(" (upgrade to ≥ {v})"));
        }
        if let Some(reason) = &f.ignore_reason {
            t.push_str(&format!(" (ignored: {reason})"));
        }
        parts.push(t);
    }
    parts.extend(
        p.violations
            .iter()
            .map(|v| format!("{}: {}", v.rule, v.message)),
    );
    parts.extend(
        p.problems
            .iter()
            .map(|pr| format!("{}: {}", pr.rule, pr.message)),
    );
    if let Some(a) = &p.allow_reason {
        parts.push(format!("allowed: {a}"));
    }
    if let Some(r) = &p.scope_reason {
        parts.push(format!("out of scope: {r}"));
    }
    let mut s = parts.join("; ");
    if let Some(h) = &p.hint
        && matches!(p.verdict, Verdict::Fail | Verdict::Warn)
    {
        s.push_str(&format!(" — hint: {h}"));
    }
    s
}

fn dep(p: &PackageVerdict) -> &'static str {
    match p.scope {
        Scope::InScope if p.direct => "direct",
        Scope::InScope => "transitive",
        other => other.id(),
    }
}

/// Markdown for a pull request: the verdict, warnings, the problems, then
/// every package in a fold.
pub fn markdown(r: &AuditReport) -> String {
    let mut out = String::new();
    let icon = if r.passed { "✅" } else { "❌" };
    out.push_str(&format!(
        "### {icon} cratescope audit: {}\n\n",
        summary_line(r)
    ));
    out.push_str(&format!(
        "`{}` as of {} (model {}; {})\n\n",
        r.lockfile.display(),
        r.as_of,
        r.model_version,
        db_line(r)
    ));
    if !r.warnings.is_empty() {
        for w in &r.warnings {
            out.push_str(&format!("> ⚠️ **warning:** {}\n", md(w)));
        }
        out.push('\n');
    }
    let problems: Vec<&PackageVerdict> = r
        .packages
        .iter()
        .filter(|p| matches!(p.verdict, Verdict::Fail | Verdict::Warn | Verdict::Allowed))
        .collect();
    let row = |p: &PackageVerdict| {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            md(&p.name),
            md(&p.version),
            dep(p),
            composite(p),
            tier(p),
            p.verdict.id(),
            md(&finding(p))
        )
    };
    let header = "| crate | version | dep | composite | tier | verdict | rule / reason |\n|---|---|---|---|---|---|---|\n";
    if !problems.is_empty() {
        out.push_str(header);
        for p in &problems {
            out.push_str(&row(p));
        }
        out.push('\n');
    }
    if !r.notes.is_empty() {
        for n in &r.notes {
            out.push_str(&format!("> {}\n", md(n)));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "<details><summary>All {} packages</summary>\n\n",
        r.packages.len()
    ));
    out.push_str(header);
    for p in &r.packages {
        out.push_str(&row(p));
    }
    out.push_str("\n</details>\n");
    crate::sanitize::block(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_splits_a_word_and_fits_the_width() {
        let text = "RUSTSEC-2020-0036 unmaintained (2020-05-02): failure is officially deprecated/unmaintained. No fixed release. https://rustsec.org/advisories/RUSTSEC-2020-0036.html";
        let lines = wrap(text, 40, "  ✗ ", "    ");
        for l in &lines {
            let long_word = l.split_whitespace().any(|w| width(w) > 36);
            assert!(width(l) <= 40 || long_word, "{l:?}");
        }
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .filter(|w| *w != "✗")
            .collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        assert!(lines.iter().all(|l| l.starts_with("  ")));
        // A word wider than the line keeps its own line, unbroken.
        let lines = wrap(
            "see https://example.com/a/very/long/path/indeed ok",
            20,
            "",
            "",
        );
        assert_eq!(
            lines,
            ["see", "https://example.com/a/very/long/path/indeed", "ok"]
        );
    }

    #[test]
    fn emoji_take_two_columns() {
        assert_eq!(width("⛔ avoid"), 8);
        assert_eq!(width("🏆"), 2);
        assert_eq!(width("✗ x"), 3);
        assert_eq!(width("a → b"), 5);
    }
}
