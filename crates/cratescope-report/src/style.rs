//! Colour for terminal output: one palette for every text renderer (cards,
//! compare, history, trends, and the audit table), so a tier, a pass/fail
//! verdict or a score band has the same colour everywhere.
//!
//! The CLI decides whether colour is on (`--color auto|always|never`,
//! `NO_COLOR`, whether stdout is a terminal) and hands a [`Palette`] to the
//! renderers; renderers never look at the environment. A disabled palette
//! returns text unchanged, so piped output and snapshots stay plain.

use anstyle::{AnsiColor, Color, Style};
use cratescope_model::Tier;

/// The meaning of a piece of text, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A heading (crate name, section title).
    Heading,
    /// Secondary text (dates, notes, footnotes).
    Muted,
    /// Good: pass, a high score, adopt.
    Good,
    /// Fine but not best: a middle score.
    Fair,
    /// Needs a look: a low score, a warning, stale data.
    Warn,
    /// Bad: fail, avoid, an error.
    Bad,
}

/// Colours on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// A palette that colours when `enabled`.
    pub fn new(enabled: bool) -> Palette {
        Palette { enabled }
    }

    /// No colour (pipes, files, snapshots).
    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    /// Whether colour is on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    fn style(role: Role) -> Style {
        let fg = |c| Style::new().fg_color(Some(Color::Ansi(c)));
        match role {
            Role::Heading => Style::new().bold(),
            Role::Muted => Style::new().dimmed(),
            Role::Good => fg(AnsiColor::Green),
            Role::Fair => fg(AnsiColor::Cyan),
            Role::Warn => fg(AnsiColor::Yellow),
            Role::Bad => fg(AnsiColor::Red).bold(),
        }
    }

    /// `text` painted for its role (unchanged when colour is off).
    pub fn paint(&self, role: Role, text: &str) -> String {
        if !self.enabled || text.is_empty() {
            return text.to_string();
        }
        let s = Palette::style(role);
        format!("{}{text}{}", s.render(), s.render_reset())
    }

    /// The role of a tier.
    pub fn tier_role(t: Tier) -> Role {
        match t {
            Tier::IndustryStandard | Tier::ProductionReady => Role::Good,
            Tier::Mature => Role::Fair,
            Tier::Early | Tier::Dormant | Tier::Experimental => Role::Warn,
            Tier::Avoid => Role::Bad,
        }
    }

    /// The role of a dimension's level (the model's icon bands).
    pub fn level_role(level: Option<crate::level::Level>) -> Role {
        use crate::level::Level;
        match level {
            Some(Level::High) => Role::Good,
            Some(Level::Good) => Role::Fair,
            Some(Level::Fair) => Role::Warn,
            Some(Level::Low) => Role::Bad,
            None => Role::Muted,
        }
    }

    /// A pass/fail word painted green or red.
    pub fn verdict(&self, passed: bool, text: &str) -> String {
        self.paint(if passed { Role::Good } else { Role::Bad }, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_palette_leaves_text_alone_and_a_coloured_one_resets() {
        assert_eq!(Palette::plain().paint(Role::Bad, "avoid"), "avoid");
        let c = Palette::new(true).paint(Role::Bad, "avoid");
        assert!(c.starts_with('\u{1b}') && c.ends_with("\u{1b}[0m"), "{c:?}");
        assert!(c.contains("avoid"));
    }
}
