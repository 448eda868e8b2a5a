//! The message catalog: one Fluent bundle per language, built from
//! `i18n/<lang>/<area>.ftl` (one file per area of the program, collected by
//! `build.rs`), and the one renderer of [`Message`]s for every surface.
//!
//! Arguments are formatted here, per language: counts and numbers with
//! grouped digits and Fluent's plural rules, percentages, lengths of time
//! (days, months or years by size), sizes, dates; dimension, scenario,
//! source and tier ids become their labels; nested messages are rendered in
//! the same language; verbatim values (crate names, versions, code, ids,
//! outside text) pass through [`sanitize::line`] and are never translated.
//!
//! A message whose id has no form renders as its id and arguments, plainly
//! wrong on purpose; `tests/catalog.rs` fails when an id used in the code
//! lacks a form in any language.

use std::fmt::Write as _;
use std::sync::OnceLock;

use cratescope_model::message::{Arg, Message, Messages};
use cratescope_model::{Lang, SourceId, Tier};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::sanitize;

mod files {
    include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));
}

/// Start and end of a verbatim value in [`Mode::Marked`] output.
pub const VERBATIM_START: char = '\u{E000}';
/// See [`VERBATIM_START`].
pub const VERBATIM_END: char = '\u{E001}';

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// For readers.
    Plain,
    /// Verbatim values wrapped in [`VERBATIM_START`]/[`VERBATIM_END`], so a
    /// test can tell the catalog's words from crate names and outside text.
    Marked,
}

type Bundle = FluentBundle<FluentResource>;

/// Both languages' bundles.
pub struct Catalog {
    en: Bundle,
    zh: Bundle,
    /// Problems met while loading the files (syntax errors, an id defined
    /// twice): empty in a correct build, checked by the tests.
    pub load_errors: Vec<String>,
}

/// The catalog, built once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::load)
}

/// Renders a message in a language.
pub fn render(lang: Lang, msg: &Message) -> String {
    catalog().render(lang, msg)
}

/// Renders a list of messages, one string each.
pub fn render_all<'a>(lang: Lang, msgs: impl IntoIterator<Item = &'a Message>) -> Vec<String> {
    msgs.into_iter().map(|m| render(lang, m)).collect()
}

/// Fills the English text of every sentence of a value (what its JSON
/// carries beside each message), after upgrading sentences stored as text.
pub fn fill_texts<T: Messages + ?Sized>(value: &mut T) {
    let cat = catalog();
    value.visit_messages(&mut |m, slot| {
        if let Some(slot) = slot {
            *slot = cat.render(Lang::En, m);
        }
    });
}

/// [`fill_texts`] of every item, on as many threads as there are cores
/// (the cards of a large audit are most of its sentences).
pub fn fill_texts_each<T: Messages + Send>(items: &mut [T]) {
    fill_texts_each_and(items, |_| ());
}

/// [`fill_texts_each`], then `then` of each item on the thread that filled
/// it; the results in the items' order.
pub fn fill_texts_each_and<T, R, F>(items: &mut [T], then: F) -> Vec<R>
where
    T: Messages + Send,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, items.len().max(1));
    let part = items.len().div_ceil(threads).max(1);
    let then = &then;
    let chunks: Vec<std::sync::Mutex<(&mut [T], Vec<R>)>> = items
        .chunks_mut(part)
        .map(|c| std::sync::Mutex::new((c, Vec::new())))
        .collect();
    std::thread::scope(|scope| {
        for chunk in &chunks {
            let fill = move || {
                if let Ok(mut guard) = chunk.lock() {
                    let (items, out) = &mut *guard;
                    for item in items.iter_mut() {
                        fill_texts(item);
                        out.push(then(item));
                    }
                }
            };
            // On a thread of its own, or on this one when none can be had.
            if std::thread::Builder::new()
                .spawn_scoped(scope, fill)
                .is_err()
            {
                fill();
            }
        }
    });
    chunks
        .into_iter()
        .flat_map(|c| {
            c.into_inner()
                .map_or_else(|poisoned| poisoned.into_inner().1, |(_, out)| out)
        })
        .collect()
}

/// A label of the catalog (`dimension-stability`, `tier-avoid`…): the id
/// itself when the catalog has none.
pub fn label(lang: Lang, id: &str) -> String {
    catalog()
        .format(lang, id, None)
        .map(|(s, _)| s)
        .unwrap_or_else(|| id.to_string())
}

impl Catalog {
    fn load() -> Catalog {
        let mut load_errors = Vec::new();
        let en = bundle("en", files::EN, &mut load_errors);
        let zh = bundle("zh", files::ZH, &mut load_errors);
        Catalog {
            en,
            zh,
            load_errors,
        }
    }

    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// True when the language has a form for `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// Every message id of a language, sorted.
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        let files = match lang {
            Lang::En => files::EN,
            Lang::Zh => files::ZH,
        };
        let mut ids: Vec<String> = files
            .iter()
            .flat_map(|(_, text)| message_ids(text))
            .collect();
        ids.sort();
        ids
    }

    /// The areas (file names) of a language.
    pub fn areas(&self, lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::En => files::EN.iter().map(|(a, _)| *a).collect(),
            Lang::Zh => files::ZH.iter().map(|(a, _)| *a).collect(),
        }
    }

    /// Renders a message for readers.
    pub fn render(&self, lang: Lang, msg: &Message) -> String {
        self.render_checked(lang, msg, Mode::Plain).0
    }

    /// Renders a message and returns what went wrong on the way (an id
    /// without a form, an argument the form names but the message lacks).
    pub fn render_checked(&self, lang: Lang, msg: &Message, mode: Mode) -> (String, Vec<String>) {
        let mut errors = Vec::new();
        let s = self.render_into(lang, msg, mode, &mut errors, 0);
        (s, errors)
    }

    fn render_into(
        &self,
        lang: Lang,
        msg: &Message,
        mode: Mode,
        errors: &mut Vec<String>,
        depth: usize,
    ) -> String {
        // Messages nest only as deep as the code builds them; a bound keeps
        // a corrupt stored message from recursing without end.
        if depth > 16 {
            errors.push(format!("{}: nested too deep", msg.id));
            return String::new();
        }
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            args.set(
                name.as_str(),
                self.value(lang, arg, mode, errors, depth + 1),
            );
        }
        match self.format(lang, &msg.id, Some(&args)) {
            Some((s, errs)) => {
                errors.extend(errs.into_iter().map(|e| format!("{}: {e}", msg.id)));
                s
            }
            None => {
                errors.push(format!("{}: no form in `{lang:?}`", msg.id));
                let mut s = msg.id.clone();
                for (name, arg) in &msg.args {
                    let v = self.value(lang, arg, mode, errors, depth + 1);
                    let _ = write!(s, " {name}={}", value_text(&v));
                }
                s
            }
        }
    }

    fn format(
        &self,
        lang: Lang,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Option<(String, Vec<String>)> {
        let bundle = self.bundle(lang);
        let pattern = bundle.get_message(id)?.value()?;
        let mut errs = Vec::new();
        let s = bundle.format_pattern(pattern, args, &mut errs).into_owned();
        Some((s, errs.iter().map(|e| e.to_string()).collect()))
    }

    fn value(
        &self,
        lang: Lang,
        arg: &Arg,
        mode: Mode,
        errors: &mut Vec<String>,
        depth: usize,
    ) -> FluentValue<'static> {
        let verbatim = |s: &str| -> FluentValue<'static> {
            let clean = sanitize::line(s);
            FluentValue::String(match mode {
                Mode::Plain => clean.into_owned().into(),
                Mode::Marked => format!("{VERBATIM_START}{clean}{VERBATIM_END}").into(),
            })
        };
        let label = |family: &str, id: &str, errors: &mut Vec<String>| -> FluentValue<'static> {
            let key = format!("{family}-{id}");
            match self.format(lang, &key, None) {
                Some((s, _)) => FluentValue::String(s.into()),
                None => {
                    errors.push(format!("{key}: no form in `{lang:?}`"));
                    verbatim(id)
                }
            }
        };
        match arg {
            Arg::Count(n) => number(*n as f64, 0, 0),
            Arg::Int(n) => number(*n as f64, 0, 0),
            Arg::Number(x) => number(*x, 0, 2),
            Arg::Score(x) => number(*x, 1, 1),
            Arg::Percent(p) => FluentValue::String(percent(lang, *p).into()),
            Arg::Delta(x) => {
                let n = format_number(&FluentNumber::new(
                    x.abs(),
                    FluentNumberOptions {
                        minimum_fraction_digits: Some(2),
                        maximum_fraction_digits: Some(2),
                        ..FluentNumberOptions::default()
                    },
                ));
                let sign = if *x < 0.0 && n != "0.00" { '-' } else { '+' };
                FluentValue::String(format!("{sign}{n}").into())
            }
            Arg::Days(d) => {
                let m = duration(*d);
                FluentValue::String(self.render_into(lang, &m, mode, errors, depth).into())
            }
            Arg::Bytes(b) => FluentValue::String(bytes(*b).into()),
            Arg::Date(d) => FluentValue::String(d.to_string().into()),
            Arg::Crate(s) | Arg::Version(s) | Arg::Code(s) | Arg::Id(s) | Arg::Text(s) => {
                verbatim(s)
            }
            Arg::Dimension(id) => label("dimension", id, errors),
            Arg::Scenario(id) => label("scenario", id, errors),
            Arg::Source(s) => label("source", source_key(*s), errors),
            Arg::Tier(t) => label("tier", tier_key(*t), errors),
            Arg::Message(m) => {
                FluentValue::String(self.render_into(lang, m, mode, errors, depth).into())
            }
            Arg::List(items) | Arg::Clauses(items) => {
                let sep = match (lang, matches!(arg, Arg::Clauses(_))) {
                    (Lang::En, false) => ", ",
                    (Lang::Zh, false) => "、",
                    (Lang::En, true) => "; ",
                    (Lang::Zh, true) => "；",
                };
                let parts: Vec<String> = items
                    .iter()
                    .map(|a| value_text(&self.value(lang, a, mode, errors, depth + 1)))
                    .collect();
                FluentValue::String(parts.join(sep).into())
            }
        }
    }
}

fn bundle(lang: &str, files: &[(&str, &str)], errors: &mut Vec<String>) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.parse().expect("a valid language id");
    let mut b = Bundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/U+2069) around every placeable would reach
    // terminals and JSON as invisible characters; our texts are all
    // left-to-right.
    b.set_use_isolating(false);
    b.set_formatter(Some(format_value));
    for (area, text) in files {
        let res = match FluentResource::try_new((*text).to_string()) {
            Ok(r) => r,
            Err((r, errs)) => {
                for e in errs {
                    errors.push(format!("{lang}/{area}.ftl: {e:?}"));
                }
                r
            }
        };
        if let Err(errs) = b.add_resource(res) {
            for e in errs {
                errors.push(format!("{lang}/{area}.ftl: {e}"));
            }
        }
    }
    b
}

/// The ids of the messages (not terms) defined in an FTL text.
fn message_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

fn value_text(v: &FluentValue<'_>) -> String {
    match v {
        FluentValue::String(s) => s.to_string(),
        FluentValue::Number(n) => format_number(n),
        _ => String::new(),
    }
}

fn number(value: f64, min_frac: usize, max_frac: usize) -> FluentValue<'static> {
    let options = FluentNumberOptions {
        minimum_fraction_digits: Some(min_frac),
        maximum_fraction_digits: Some(max_frac),
        ..FluentNumberOptions::default()
    };
    FluentValue::Number(FluentNumber::new(value, options))
}

fn format_value<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(format_number(n)),
        _ => None,
    }
}

/// Grouped digits (`1,002`), at most `maximum_fraction_digits` decimals,
/// trailing zeros dropped down to `minimum_fraction_digits`. Both languages
/// group by thousands with a comma, as the original matrix did.
fn format_number(n: &FluentNumber) -> String {
    let max = n.options.maximum_fraction_digits.unwrap_or(3).min(6);
    let min = n.options.minimum_fraction_digits.unwrap_or(0).min(max);
    if !n.value.is_finite() {
        return n.value.to_string();
    }
    // Round half away from zero on the decimal value (4.65 → 4.7), as the
    // card's own score column does; `format!` alone rounds the binary
    // value (4.65 is 4.6499… → 4.6).
    let p = 10f64.powi(max as i32);
    let s = format!("{:.*}", max, (n.value * p).round() / p);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let mut frac = frac;
    while frac.len() > min && frac.ends_with('0') {
        frac.pop();
    }
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int.as_str()),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    // "-0" after rounding a tiny negative number reads as a sign error.
    let sign = if grouped.chars().all(|c| c == '0' || c == ',') && frac.chars().all(|c| c == '0') {
        ""
    } else {
        sign
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn percent(lang: Lang, p: f64) -> String {
    let n = FluentNumber::new(
        p,
        FluentNumberOptions {
            minimum_fraction_digits: Some(0),
            maximum_fraction_digits: Some(1),
            ..FluentNumberOptions::default()
        },
    );
    match lang {
        Lang::En => format!("{}%", format_number(&n)),
        Lang::Zh => format!("{}%", format_number(&n)),
    }
}

/// A length of time as the catalog says it: days up to three months,
/// months up to two years, years after.
fn duration(days: i64) -> Message {
    let a = days.abs();
    if a <= 90 {
        Message::new("duration-days").arg("n", Arg::Int(days))
    } else if a < 730 {
        Message::new("duration-months").arg("n", Arg::Int((days as f64 / 30.44).round() as i64))
    } else {
        // One decimal: "3.1 years", not a false precision of days.
        let years = (days as f64 / 365.25 * 10.0).round() / 10.0;
        Message::new("duration-years").arg("n", Arg::Number(years))
    }
}

fn bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} B")
    } else {
        let n = FluentNumber::new(
            v,
            FluentNumberOptions {
                maximum_fraction_digits: Some(1),
                ..FluentNumberOptions::default()
            },
        );
        format!("{} {}", format_number(&n), UNITS[u])
    }
}

fn source_key(s: SourceId) -> &'static str {
    s.as_str()
}

fn tier_key(t: Tier) -> &'static str {
    t.id()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64, min: usize, max: usize) -> String {
        match number(v, min, max) {
            FluentValue::Number(n) => format_number(&n),
            _ => unreachable!(),
        }
    }

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(num(1002.0, 0, 0), "1,002");
        assert_eq!(num(1234567.0, 0, 0), "1,234,567");
        assert_eq!(num(-1234.0, 0, 0), "-1,234");
        assert_eq!(num(0.5, 0, 2), "0.5");
        assert_eq!(num(2.0, 0, 2), "2");
        assert_eq!(num(4.0, 1, 1), "4.0");
        assert_eq!(num(4.56, 1, 1), "4.6");
        assert_eq!(num(-0.001, 0, 2), "0");
        assert_eq!(num(999.999, 0, 2), "1,000");
    }

    #[test]
    fn sizes_and_percentages() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_048_576), "1 MiB");
        assert_eq!(bytes(1_572_864), "1.5 MiB");
        assert_eq!(percent(Lang::En, 93.24), "93.2%");
        assert_eq!(percent(Lang::Zh, 100.0), "100%");
    }

    #[test]
    fn the_catalog_loads_without_errors() {
        assert!(
            catalog().load_errors.is_empty(),
            "{:#?}",
            catalog().load_errors
        );
    }

    #[test]
    fn plural_forms_and_nesting() {
        let one = Message::new("duration-days").arg("n", Arg::Int(1));
        let many = Message::new("duration-days").arg("n", Arg::Int(30));
        assert_eq!(render(Lang::En, &one), "1 day");
        assert_eq!(render(Lang::En, &many), "30 days");
        assert_eq!(render(Lang::Zh, &many), "30 天");
        let legacy = Message::legacy("as it was");
        assert_eq!(render(Lang::Zh, &legacy), "as it was");
    }

    #[test]
    fn a_missing_form_is_visible_and_reported() {
        let m = Message::new("no-such-message").arg("n", Arg::Count(3));
        let (s, errs) = catalog().render_checked(Lang::En, &m, Mode::Plain);
        assert_eq!(s, "no-such-message n=3");
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn verbatim_values_are_sanitised_and_marked() {
        let m = Message::legacy("a\u{1b}[31mred\u{202e}x");
        let (s, _) = catalog().render_checked(Lang::En, &m, Mode::Marked);
        assert!(!s.contains('\u{1b}'));
        assert!(s.starts_with(VERBATIM_START) && s.ends_with(VERBATIM_END));
    }
}
