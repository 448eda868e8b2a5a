//! Text that fits a terminal: display width (CJK characters and emoji take
//! two columns), wrapping at word boundaries, and a borderless column layout
//! whose last column wraps. The CLI decides the width (COLUMNS, then the
//! terminal, then 100 when piped); renderers only receive it.

use unicode_width::UnicodeWidthStr;

/// The width used when output is not a terminal and COLUMNS is unset.
pub const PIPED_WIDTH: usize = 100;
/// Narrower than this, layouts stop making sense; we still never panic.
pub const MIN_WIDTH: usize = 40;

/// The one width rule of every terminal output: `COLUMNS` when it holds a
/// positive number, else the terminal's width when stdout is one, else
/// [`PIPED_WIDTH`]. The caller reads the environment and the terminal;
/// renderers only receive the result.
pub fn width_for(columns: Option<&str>, terminal: Option<usize>) -> usize {
    columns
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
        .or(terminal.filter(|w| *w > 0))
        .unwrap_or(PIPED_WIDTH)
}

/// Columns a string takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces to `w` columns (left-aligned).
pub fn pad(s: &str, w: usize) -> String {
    let have = width(s);
    let mut o = String::with_capacity(s.len() + w.saturating_sub(have));
    o.push_str(s);
    o.extend(std::iter::repeat_n(' ', w.saturating_sub(have)));
    o
}

/// `s` right-aligned in `w` columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let have = width(s);
    let mut o: String = std::iter::repeat_n(' ', w.saturating_sub(have)).collect();
    o.push_str(s);
    o
}

/// True for characters after which a line may break without a space
/// (CJK ideographs, kana, fullwidth forms): Chinese has no spaces.
fn breaks_after(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Break a string into units a line may end after: words with their
/// trailing spaces, each CJK character on its own, and URL-like tokens also
/// after `/`.
fn units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        let is_space = c == ' ';
        if prev_space && !is_space && i > start {
            out.push(&s[start..i]);
            start = i;
        }
        prev_space = is_space;
        if breaks_after(c) || c == '/' {
            let end = i + c.len_utf8();
            // Keep a following space (or punctuation) with the CJK character.
            out.push(&s[start..end]);
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Wrap `s` to `w` columns at word boundaries (and between CJK characters);
/// a token longer than a line is cut at the column limit. Newlines in `s`
/// start new lines. Never returns an empty vector.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut lw = 0;
        for unit in units(para) {
            let uw = width(unit);
            let trimmed = width(unit.trim_end());
            if lw + trimmed <= w {
                line.push_str(unit);
                lw += uw;
                continue;
            }
            if !line.trim_end().is_empty() {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            // The unit alone may still be too long: cut it by columns.
            let mut rest = unit;
            while width(rest.trim_end()) > w {
                let mut cut = 0;
                let mut cw = 0;
                for (i, c) in rest.char_indices() {
                    let c_w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if cw + c_w > w {
                        break;
                    }
                    cw += c_w;
                    cut = i + c.len_utf8();
                }
                if cut == 0 {
                    // One character wider than the line (w = 1 and a CJK char).
                    cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
                }
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
            }
            line.push_str(rest);
            lw = width(rest);
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Wrap with a first-line prefix and an indent for the following lines
/// (e.g. "  - " then "    ").
pub fn wrap_prefixed(prefix: &str, text: &str, w: usize) -> String {
    let indent = " ".repeat(width(prefix));
    let avail = w.saturating_sub(width(prefix)).max(10);
    let mut out = String::new();
    for (i, l) in wrap(text, avail).iter().enumerate() {
        out.push_str(if i == 0 { prefix } else { &indent });
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Alignment of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Right (numbers).
    Right,
}

/// A borderless table: columns two spaces apart, a header row, cells that
/// never wrap except in the last column, which takes the remaining width.
/// Widths are display widths, so Chinese labels line up.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    /// Below this many columns for the last cell, it goes under its row.
    stack_below: Option<usize>,
}

/// Space between columns.
const GAP: usize = 2;

impl Grid {
    /// A grid with these column headers, all left-aligned.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        let header: Vec<String> = header.into_iter().map(Into::into).collect();
        Grid {
            align: vec![Align::Left; header.len()],
            header,
            rows: Vec::new(),
            stack_below: None,
        }
    }

    /// When fewer than `min` columns would be left for the last column (a
    /// long text such as evidence), print it under its row instead,
    /// indented and wrapped to the whole width: a strip of a dozen columns
    /// makes a sentence one word per line.
    pub fn stack_last_below(mut self, min: usize) -> Grid {
        self.stack_below = Some(min);
        self
    }

    /// Set one column's alignment.
    pub fn align(mut self, col: usize, a: Align) -> Grid {
        if let Some(x) = self.align.get_mut(col) {
            *x = a;
        }
        self
    }

    /// Add a row (missing cells are empty).
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    fn natural(&self) -> Vec<usize> {
        let n = self.header.len();
        let mut w = vec![0; n];
        for r in std::iter::once(&self.header).chain(&self.rows) {
            for (i, c) in r.iter().enumerate().take(n) {
                w[i] = w[i].max(width(c));
            }
        }
        w
    }

    /// The width the grid takes without wrapping.
    pub fn natural_width(&self) -> usize {
        let w = self.natural();
        w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1)
    }

    /// Render within `max` columns. `paint` colours a body cell after layout
    /// (so escape codes never count as width): it gets (row, column, text).
    pub fn render_with(&self, max: usize, paint: &dyn Fn(usize, usize, &str) -> String) -> String {
        let n = self.header.len();
        if n == 0 {
            return String::new();
        }
        let mut w = self.natural();
        let fixed: usize = w[..n - 1].iter().sum::<usize>() + GAP * (n - 1);
        if n > 1
            && self
                .stack_below
                .is_some_and(|min| max.saturating_sub(fixed) < min.min(w[n - 1]))
        {
            return self.render_stacked(max, paint);
        }
        // The last column gets what is left, but at least a readable strip.
        let last_min = 12.min(w[n - 1]);
        w[n - 1] = w[n - 1].min(max.saturating_sub(fixed).max(last_min));
        let mut out = String::new();
        let mut emit = |r: usize, cells: &[String], header: bool| {
            let last = cells.get(n - 1).map(String::as_str).unwrap_or("");
            let wrapped = wrap(last, w[n - 1]);
            for (li, part) in wrapped.iter().enumerate() {
                let mut line = String::new();
                for (i, cw) in w.iter().enumerate().take(n - 1) {
                    let text = if li == 0 {
                        cells.get(i).map(String::as_str).unwrap_or("")
                    } else {
                        ""
                    };
                    let padded = match self.align[i] {
                        Align::Left => pad(text, *cw),
                        Align::Right => pad_left(text, *cw),
                    };
                    if header || li > 0 {
                        line.push_str(&padded);
                    } else {
                        // Paint the text, keep the padding outside the colour.
                        let painted = paint(r, i, text);
                        line.push_str(&padded.replacen(text, &painted, 1));
                    }
                    line.push_str("  ");
                }
                let cell = if header || part.is_empty() {
                    part.clone()
                } else {
                    paint(r, n - 1, part)
                };
                line.push_str(&cell);
                out.push_str(line.trim_end());
                out.push('\n');
            }
        };
        emit(0, &self.header, true);
        for (r, row) in self.rows.iter().enumerate() {
            emit(r, row, false);
        }
        out
    }

    /// The grid without its last column, each row's last cell on the lines
    /// under it (four spaces in, wrapped to `max`).
    fn render_stacked(&self, max: usize, paint: &dyn Fn(usize, usize, &str) -> String) -> String {
        let n = self.header.len();
        let mut head = Grid::new(self.header[..n - 1].iter().cloned());
        head.align = self.align[..n - 1].to_vec();
        let mut out = String::new();
        // Column widths come from every row, so lay out all rows at once
        // and split the result: one line per row (no width limit, so no
        // cell of these columns wraps, as in the unstacked grid).
        for row in &self.rows {
            head.row(row.iter().take(n - 1).cloned());
        }
        let body = head.render_with(usize::MAX, paint);
        let mut lines = body.lines();
        if let Some(h) = lines.next() {
            out.push_str(h);
            out.push('\n');
        }
        for (r, line) in lines.enumerate() {
            out.push_str(line);
            out.push('\n');
            let last = self.rows[r].get(n - 1).map(String::as_str).unwrap_or("");
            for part in wrap(last, max.saturating_sub(4).max(20)) {
                if !part.is_empty() {
                    out.push_str("    ");
                    out.push_str(&paint(r, n - 1, &part));
                }
                out.push('\n');
            }
        }
        out
    }

    /// Render within `max` columns, without colour.
    pub fn render(&self, max: usize) -> String {
        self.render_with(max, &|_, _, t| t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_last_column_goes_under_its_row() {
        let mut g = Grid::new(["#", "Crate", "Evidence"]).stack_last_below(30);
        g.row([
            "1",
            "alpha",
            "latest 1.2.3 on 2026-10-22 (75 releases); 2 of 75 yanked",
        ]);
        g.row(["2", "beta", "short"]);
        // Wide enough: one grid, evidence in its column.
        let wide = g.render(100);
        assert_eq!(wide.lines().count(), 3, "{wide}");
        assert!(wide.lines().next().unwrap().ends_with("Evidence"), "{wide}");
        // 38 columns leave 28 for the evidence: stacked under each row,
        // wrapped to the width less the indent, no line past 38.
        let narrow = g.render(38);
        let lines: Vec<&str> = narrow.lines().collect();
        assert_eq!(lines[0], "#  Crate", "{narrow}");
        assert_eq!(lines[1], "1  alpha", "{narrow}");
        assert!(lines[2].starts_with("    latest 1.2.3"), "{narrow}");
        assert!(lines.iter().all(|l| width(l) <= 38), "{narrow}");
        assert!(lines.contains(&"2  beta"), "{narrow}");
        assert_eq!(lines.last(), Some(&"    short"), "{narrow}");
        // Without the opt-in the last column is a strip, as before.
        let mut plain = Grid::new(["#", "Crate", "Evidence"]);
        plain.row(["1", "alpha", "latest 1.2.3 on 2026-10-22 (75 releases)"]);
        assert!(
            plain
                .render(38)
                .lines()
                .next()
                .unwrap()
                .ends_with("Evidence")
        );
    }

    #[test]
    fn columns_then_the_terminal_then_100() {
        assert_eq!(width_for(Some("80"), Some(200)), 80);
        assert_eq!(width_for(Some(" 0 "), Some(132)), 132);
        assert_eq!(width_for(Some("wide"), None), PIPED_WIDTH);
        assert_eq!(width_for(None, None), PIPED_WIDTH);
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let l = wrap("set CRATESCOPE_USER_AGENT to a contact string", 30);
        assert_eq!(l, ["set CRATESCOPE_USER_AGENT to a", "contact string"]);
        for x in &l {
            assert!(width(x) <= 30);
        }
    }

    #[test]
    fn urls_break_after_slashes_and_long_tokens_are_cut() {
        let l = wrap("see https://github.com/dtolnay/itoa now", 24);
        assert_eq!(l, ["see https://github.com/", "dtolnay/itoa now"]);
        let l = wrap("abcdefghij", 4);
        assert_eq!(l, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn chinese_wraps_between_characters_by_display_width() {
        let l = wrap("版本稳定性社区活跃度", 8);
        assert_eq!(l, ["版本稳定", "性社区活", "跃度"]);
        assert_eq!(width("版本"), 4);
    }

    #[test]
    fn grid_aligns_by_display_width_and_wraps_only_the_last_column() {
        let mut g = Grid::new(["维度", "score", "evidence"]).align(1, Align::Right);
        g.row([
            "版本稳定性",
            "4.6",
            "1.x line since 2021-06-13, with many releases",
        ]);
        g.row(["Docs", "3.9", "short"]);
        let out = g.render(40);
        for line in out.lines() {
            assert!(width(line) <= 40, "{line:?}");
        }
        let lines: Vec<&str> = out.lines().collect();
        // The score column starts at the same display column on every row.
        let col = |l: &str| width(&l[..l.find("4.6").or(l.find("3.9")).unwrap_or(0)]);
        assert_eq!(col(lines[1]), col(lines[lines.len() - 1]));
        assert!(lines.len() > 3, "the evidence wrapped: {out}");
    }
}
