//! The terminal card: basic information, the dimension table, composite and
//! tier, scenarios, strengths and limitations, and the sources in one line
//! each. It fits the width it is given (the CLI passes COLUMNS, the
//! terminal's width, or 100 when piped) and wraps at word boundaries; a
//! fully measured crate takes about 30 lines at 100 columns. `--verbose`
//! adds every signal, every source reason and every warning in full.

use cratescope_model::{SignalResult, SourceState};

use crate::Evaluation;
use crate::card::{self, Card};
use crate::i18n::{self, Lang, Word, word};
use crate::level;
use crate::style::{Palette, Role};
use crate::term::{self, Align, Grid};
use cratescope_model::msg;

use crate::text;

/// How to draw for a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermOptions {
    /// Columns available.
    pub width: usize,
    /// Colours.
    pub palette: Palette,
    /// Every detail (signals, all reasons, warnings).
    pub verbose: bool,
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions {
            width: term::PIPED_WIDTH,
            palette: Palette::plain(),
            verbose: false,
        }
    }
}

impl TermOptions {
    /// Plain output at a width.
    pub fn plain(width: usize) -> TermOptions {
        TermOptions {
            width,
            ..TermOptions::default()
        }
    }

    /// The usable width (never below [`term::MIN_WIDTH`]).
    pub fn cols(&self) -> usize {
        self.width.max(term::MIN_WIDTH)
    }
}

/// Limitations shown before "… N more (--verbose)".
const COMPACT_LIMITATIONS: usize = 3;

fn one_line(s: &str, w: usize) -> String {
    let lines = term::wrap(s, w);
    match lines.as_slice() {
        [one] => one.clone(),
        [first, ..] => {
            let mut f = term::wrap(first, w.saturating_sub(1))
                .into_iter()
                .next()
                .unwrap_or_default();
            f.push('…');
            f
        }
        [] => String::new(),
    }
}

/// Render one card for a terminal.
pub fn card(e: &Evaluation, lang: Lang, o: &TermOptions) -> String {
    let c = card::card(e, None, lang);
    render_card(&c, e, lang, o)
}

fn render_card(c: &Card, e: &Evaluation, lang: Lang, o: &TermOptions) -> String {
    let w = o.cols();
    let p = &o.palette;
    let mut out = String::new();
    let head = format!("{} {}", c.name, c.version);
    let when = format!(
        "{} {} · {} {}",
        word(lang, Word::AsOf),
        c.as_of,
        word(lang, Word::Model),
        c.model_version
    );
    out.push_str(&p.paint(Role::Heading, &head));
    if term::width(&head) + 3 + term::width(&when) <= w {
        out.push_str(" — ");
        out.push_str(&p.paint(Role::Muted, &when));
        out.push('\n');
    } else {
        out.push('\n');
        out.push_str(&p.paint(Role::Muted, &when));
        out.push('\n');
    }
    if let Some(d) = &c.description {
        for l in term::wrap(d, w) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    let facts: Vec<String> = c
        .info
        .iter()
        .filter(|r| r.label != word(lang, Word::ProductionUsage))
        .map(|r| format!("{}: {}", r.label, r.value))
        .collect();
    for l in term::wrap(&facts.join(" · "), w) {
        out.push_str(&l);
        out.push('\n');
    }
    out.push('\n');

    let mut g = Grid::new([
        word(lang, Word::Dimension),
        word(lang, Word::Level),
        word(lang, Word::Score),
        word(lang, Word::ConfidenceShort),
        word(lang, Word::Evidence),
    ])
    .align(2, Align::Right)
    .align(3, Align::Right);
    for d in c.dims.iter().chain(&c.footprint) {
        g.row([
            d.label.clone(),
            d.meter.to_string(),
            d.score.clone(),
            d.confidence.clone(),
            d.evidence.clone(),
        ]);
    }
    let levels: Vec<Role> = e
        .dimensions
        .iter()
        .chain(&e.footprint)
        .map(|d| Palette::level_role(crate::level::Level::of(d)))
        .collect();
    out.push_str(&g.render_with(w, &|r, col, t| {
        if col == 1 || col == 2 {
            p.paint(levels.get(r).copied().unwrap_or(Role::Muted), t)
        } else {
            t.to_string()
        }
    }));
    if c.dims.iter().any(|d| d.value.is_none()) {
        out.push_str(&p.paint(Role::Muted, &word(lang, Word::DashMeans)));
        out.push('\n');
    }
    let tier = p.paint(Palette::tier_role(e.tier), &c.tier);
    let range = c
        .composite_range
        .as_ref()
        .map(|r| format!(" ({} {r})", word(lang, Word::CompositeRange)))
        .unwrap_or_default();
    let mut line = format!(
        "{} {}{range} · {} {} · {}: {tier}",
        word(lang, Word::Composite),
        p.paint(Role::Heading, &c.composite),
        word(lang, Word::Confidence).to_lowercase(),
        c.confidence,
        word(lang, Word::Tier),
    );
    if let Some(why) = &c.provisional {
        line.push_str(&format!(" ({}", word(lang, Word::Provisional)));
        if !why.is_empty() {
            line.push_str(": ");
            line.push_str(why);
        }
        line.push(')');
    }
    out.push('\n');
    for l in term::wrap(&line, w) {
        out.push_str(&l);
        out.push('\n');
    }

    // Scenarios: label, stars, note; the note wraps.
    out.push('\n');
    out.push_str(&p.paint(Role::Heading, &word(lang, Word::Scenarios)));
    out.push('\n');
    let mut sg = Grid::new(["", "", ""]);
    for s in &c.scenarios {
        sg.row([
            format!("  {}", s.name),
            s.stars_text.clone(),
            s.note.clone(),
        ]);
    }
    // No header row for scenarios: drop the grid's (empty) first line.
    let rendered = sg.render(w);
    out.push_str(rendered.split_once('\n').map_or("", |x| x.1));

    for (title, items, limit) in [
        (Word::Strengths, &c.strengths, usize::MAX),
        (Word::Risks, &c.limitations, COMPACT_LIMITATIONS),
    ] {
        out.push('\n');
        out.push_str(&p.paint(Role::Heading, &word(lang, title)));
        if items.is_empty() {
            out.push_str(&format!(": {}\n", word(lang, Word::None)));
            continue;
        }
        out.push('\n');
        let shown = if o.verbose { items.len() } else { limit };
        for i in items.iter().take(shown) {
            out.push_str(&term::wrap_prefixed("  - ", i, w));
        }
        if items.len() > shown {
            out.push_str(&format!(
                "  {}\n",
                i18n::say(lang, &msg!("report-more-verbose", n = items.len() - shown))
            ));
        }
    }

    // Sources: statuses on one line, then one line per source not read.
    out.push('\n');
    let statuses: Vec<String> = c
        .sources
        .iter()
        .map(|s| {
            let role = match s.status_id {
                "ok" => Role::Good,
                "stale" => Role::Warn,
                _ => Role::Bad,
            };
            format!("{} {}", s.name, p.paint(role, &s.status))
        })
        .collect();
    let head = format!("{}: ", word(lang, Word::Sources));
    out.push_str(&term::wrap_prefixed(&head, &statuses.join(" · "), w));
    for s in c.sources.iter().filter(|s| s.status_id != "ok") {
        let reason = s.reason.clone().unwrap_or_default();
        let prefix = format!("  {}: ", s.name);
        if o.verbose {
            out.push_str(&term::wrap_prefixed(&prefix, &reason, w));
        } else {
            let avail = w.saturating_sub(term::width(&prefix));
            out.push_str(&prefix);
            out.push_str(&one_line(&reason, avail));
            out.push('\n');
        }
    }
    if o.verbose {
        out.push_str(&signals(e, lang, w));
        for x in &c.warnings {
            out.push_str(&term::wrap_prefixed(
                &format!("{}: ", word(lang, Word::Warning)),
                x,
                w,
            ));
        }
    } else if !c.warnings.is_empty() {
        out.push_str(&p.paint(
            Role::Muted,
            &format!(
                "{}: {}\n",
                word(lang, Word::Warning),
                i18n::say(lang, &msg!("report-more-verbose", n = c.warnings.len()))
            ),
        ));
    }
    out
}

/// Every signal of every dimension (verbose).
fn signals(e: &Evaluation, lang: Lang, w: usize) -> String {
    let mut out = String::new();
    for d in &e.dimensions {
        out.push('\n');
        out.push_str(&i18n::dimension(lang, &d.id));
        out.push('\n');
        let mut g = Grid::new([
            format!("  {}", word(lang, Word::Signal)),
            "s".to_string(),
            word(lang, Word::Weight),
            word(lang, Word::Source),
            String::new(),
        ])
        .align(1, Align::Right)
        .align(2, Align::Right);
        for s in &d.signals {
            match s {
                SignalResult::Measured {
                    id,
                    s,
                    weight,
                    evidence,
                    source,
                    ..
                } => g.row([
                    format!("  {id}"),
                    format!("{s:.2}"),
                    level::threshold(*weight),
                    i18n::source(lang, *source),
                    text::say(lang, &evidence.message),
                ]),
                SignalResult::Unavailable { id, unavailable } => g.row([
                    format!("  {id}"),
                    level::MISSING.to_string(),
                    String::new(),
                    String::new(),
                    text::say(lang, &unavailable.message),
                ]),
            }
        }
        out.push_str(&g.render(w));
        for gate in &d.gates {
            out.push_str(&term::wrap_prefixed(
                &format!("  {} {}: ", word(lang, Word::Gate), gate.id),
                &text::say(lang, &gate.reason.message),
                w,
            ));
        }
    }
    let _ = SourceState::Ok;
    out
}
