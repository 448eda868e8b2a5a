//! Reading one CSV of the dump by its header: PostgreSQL `COPY … CSV HEADER`
//! output, columns in alphabetical order (which changes whenever crates.io
//! adds a column), so every column is found by name, never by position.
//!
//! Only the columns cratescope uses are decoded; the others are skipped
//! without parsing (descriptions, READMEs and feature JSON are most of the
//! bytes). A required column that is missing is an error naming the file and
//! the header line; a column nobody documented is reported once as a note
//! and ignored, because crates.io adds columns without notice.

use std::io::Read;

use crate::error::DumpError;

/// Read buffer of the CSV parser: large enough that the decompressor, not
/// the parser, sets the pace.
const CSV_BUFFER_BYTES: usize = 256 * 1024;

/// One row, with the wanted columns addressed by their position in the
/// `wanted` list given to [`read`].
pub(crate) struct Row<'a> {
    rec: &'a csv::ByteRecord,
    cols: &'a [Option<usize>],
    names: &'a [&'static str],
}

impl Row<'_> {
    /// The raw bytes of wanted column `i` (None when the file has no such column).
    pub(crate) fn raw(&self, i: usize) -> Option<&[u8]> {
        self.cols[i].and_then(|c| self.rec.get(c))
    }

    fn required(&self, i: usize) -> Result<&[u8], String> {
        self.raw(i)
            .ok_or_else(|| format!("column `{}` is missing", self.names[i]))
    }

    /// A non-negative integer id or count.
    pub(crate) fn u64(&self, i: usize) -> Result<u64, String> {
        let b = self.required(i)?;
        parse_u64(b).ok_or_else(|| {
            format!(
                "`{}` is not a non-negative integer: `{}`",
                self.names[i],
                shown(b)
            )
        })
    }

    /// A database id (PostgreSQL `integer`: 31 bits).
    pub(crate) fn id(&self, i: usize) -> Result<u32, String> {
        let v = self.u64(i)?;
        u32::try_from(v)
            .ok()
            .filter(|v| *v <= i32::MAX as u32)
            .ok_or_else(|| format!("`{}` is out of range for an id: {v}", self.names[i]))
    }

    /// A `t`/`f` boolean.
    pub(crate) fn bool(&self, i: usize) -> Result<bool, String> {
        match self.required(i)? {
            b"t" => Ok(true),
            b"f" => Ok(false),
            other => Err(format!(
                "`{}` is not a boolean (t or f): `{}`",
                self.names[i],
                shown(other)
            )),
        }
    }

    /// A timestamp `YYYY-MM-DD HH:MM:SS[.ffffff][+00]`, UTC, as Unix seconds.
    pub(crate) fn timestamp(&self, i: usize) -> Result<i64, String> {
        let b = self.required(i)?;
        parse_timestamp(b).ok_or_else(|| {
            format!(
                "`{}` is not a timestamp (YYYY-MM-DD HH:MM:SS): `{}`",
                self.names[i],
                shown(b)
            )
        })
    }

    /// A date `YYYY-MM-DD` as days since 1970-01-01.
    pub(crate) fn day(&self, i: usize) -> Result<i64, String> {
        let b = self.required(i)?;
        parse_day(b).ok_or_else(|| {
            format!(
                "`{}` is not a date (YYYY-MM-DD): `{}`",
                self.names[i],
                shown(b)
            )
        })
    }

    /// A text column as UTF-8.
    pub(crate) fn text(&self, i: usize) -> Result<&str, String> {
        let b = self.required(i)?;
        std::str::from_utf8(b).map_err(|_| format!("`{}` is not UTF-8", self.names[i]))
    }
}

/// A value for an error message: printable, and short.
fn shown(b: &[u8]) -> String {
    const MAX: usize = 40;
    let s = String::from_utf8_lossy(b);
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// What reading a file found besides its rows.
#[derive(Debug, Default)]
pub(crate) struct FileStats {
    /// Data rows read.
    pub rows: u64,
    /// Columns the file has that are not in `known`.
    pub unknown_columns: Vec<String>,
}

/// Reads `file` (its path inside the dump, for messages) row by row, calling
/// `each` with the wanted columns; `required` of them must be present.
/// `known` lists every documented column, for the unknown-column note.
pub(crate) fn read(
    archive: &std::path::Path,
    file: &str,
    reader: impl Read,
    wanted: &[&'static str],
    required: &[&'static str],
    known: &[&str],
    mut each: impl FnMut(&Row<'_>, u64) -> Result<(), String>,
) -> Result<FileStats, DumpError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .buffer_capacity(CSV_BUFFER_BYTES)
        .from_reader(reader);
    let headers = rdr
        .byte_headers()
        .map_err(|e| csv_error(archive, file, e))?
        .clone();
    let header_names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    if header_names.iter().all(|h| h.is_empty()) {
        return Err(DumpError::Row {
            archive: archive.to_path_buf(),
            file: file.to_owned(),
            line: 1,
            problem: "empty file: no header line".into(),
        });
    }
    let cols: Vec<Option<usize>> = wanted
        .iter()
        .map(|w| header_names.iter().position(|h| h == w))
        .collect();
    for r in required {
        let i = wanted.iter().position(|w| w == r).unwrap_or(usize::MAX);
        if cols.get(i).copied().flatten().is_none() {
            return Err(DumpError::Row {
                archive: archive.to_path_buf(),
                file: file.to_owned(),
                line: 1,
                problem: format!(
                    "missing column `{r}` (the header has: {})",
                    header_names.join(", ")
                ),
            });
        }
    }
    let mut stats = FileStats {
        unknown_columns: header_names
            .iter()
            .filter(|h| !known.contains(&h.as_str()))
            .cloned()
            .collect(),
        ..FileStats::default()
    };
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(archive, file, e)),
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let row = Row {
            rec: &rec,
            cols: &cols,
            names: wanted,
        };
        each(&row, line).map_err(|problem| DumpError::Row {
            archive: archive.to_path_buf(),
            file: file.to_owned(),
            line,
            problem,
        })?;
        stats.rows += 1;
    }
    Ok(stats)
}

/// A CSV error: a malformed record names its line; a read failure (a
/// truncated or corrupt archive) keeps the I/O error as its source.
fn csv_error(archive: &std::path::Path, file: &str, e: csv::Error) -> DumpError {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => DumpError::Read {
            archive: archive.to_path_buf(),
            file: Some(file.to_owned()),
            source,
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => DumpError::Row {
            archive: archive.to_path_buf(),
            file: file.to_owned(),
            line: line.unwrap_or(0),
            problem: format!("{len} fields where the header has {expected_len}"),
        },
        csv::ErrorKind::Utf8 { err, .. } => DumpError::Row {
            archive: archive.to_path_buf(),
            file: file.to_owned(),
            line: line.unwrap_or(0),
            problem: format!("invalid UTF-8 in field {}", err.field() + 1),
        },
        other => DumpError::Row {
            archive: archive.to_path_buf(),
            file: file.to_owned(),
            line: line.unwrap_or(0),
            problem: format!("malformed CSV: {other:?}"),
        },
    }
}

/// Decimal digits to u64, rejecting signs, blanks and overflow.
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut v: i64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), for valid month and day only.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_len = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d > month_len[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` to days since the epoch.
pub(crate) fn parse_day(b: &[u8]) -> Option<i64> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    days_from_civil(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction and an optional `+00`,
/// `+00:00` or `Z` (the dump is UTC) to Unix seconds.
pub(crate) fn parse_timestamp(b: &[u8]) -> Option<i64> {
    if b.len() < 19 || !(b[10] == b' ' || b[10] == b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let day = parse_day(&b[0..10])?;
    let (h, mi, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    if !matches!(rest, b"" | b"Z" | b"+00" | b"+00:00") {
        return None;
    }
    Some(day * 86_400 + h * 3600 + mi * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_the_dump_forms() {
        // 2016-06-25T21:50:33Z = 1466891433
        assert_eq!(parse_timestamp(b"2016-06-25 21:50:33"), Some(1_466_891_433));
        assert_eq!(
            parse_timestamp(b"2016-06-25 21:50:33.123456"),
            Some(1_466_891_433)
        );
        assert_eq!(
            parse_timestamp(b"2016-06-25 21:50:33.123456+00"),
            Some(1_466_891_433)
        );
        assert_eq!(parse_timestamp(b"2016-06-25 21:50:33+02"), None);
        assert_eq!(parse_timestamp(b"2016-02-30 21:50:33"), None);
        assert_eq!(parse_timestamp(b"2016-06-25"), None);
        assert_eq!(parse_timestamp(b"2016-06-25 25:00:00"), None);
    }

    #[test]
    fn days_agree_with_jiff() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-25", "1999-12-31"] {
            let d: jiff::civil::Date = s.parse().unwrap();
            let want = d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp()
                .as_second()
                / 86_400;
            assert_eq!(parse_day(s.as_bytes()), Some(want), "{s}");
        }
        assert_eq!(parse_day(b"2001-02-29"), None);
    }

    #[test]
    fn integers_reject_signs_and_overflow() {
        assert_eq!(parse_u64(b"42"), Some(42));
        assert_eq!(parse_u64(b"-1"), None);
        assert_eq!(parse_u64(b""), None);
        assert_eq!(parse_u64(b"99999999999999999999999"), None);
        assert_eq!(parse_u64(b"1 "), None);
    }
}
