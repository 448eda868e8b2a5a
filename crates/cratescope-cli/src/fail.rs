//! The one printer of errors, warnings and notes on stderr, in the user's
//! language, and the one rule from an error to an exit code.
//!
//! An error is a message when its type has one: the engine's errors, the
//! configuration's, the CLI's own ([`CliError`]). Its causes that are not
//! messages (an OS or library error) follow verbatim, one per line. The
//! exit code is decided by type, never by reading text: a broken pipe is a
//! reader that left (0), everything else is an error (2); a policy that
//! fails is not an error but a result (1, decided by the command).

use cratescope_model::{Lang, Message};
use cratescope_report::{catalog, sanitize};

/// An error of the command line itself (a flag, a path the user named):
/// a message, shown in the user's language.
#[derive(Debug)]
pub(crate) struct CliError(pub(crate) Message);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&catalog::render(Lang::En, &self.0))
    }
}

impl std::error::Error for CliError {}

/// `Err(CliError(message))` as an `anyhow::Error`.
pub(crate) fn cli(m: Message) -> anyhow::Error {
    anyhow::Error::new(CliError(m))
}

/// The message of one error, when its type has one.
fn message_of(e: &(dyn std::error::Error + 'static)) -> Option<Message> {
    if let Some(x) = e.downcast_ref::<CliError>() {
        return Some(x.0.clone());
    }
    if let Some(x) = e.downcast_ref::<cratescope_engine::Error>() {
        return Some(x.message());
    }
    if let Some(x) = e.downcast_ref::<cratescope_engine::config::ConfigError>() {
        return Some(x.message());
    }
    if let Some(x) = e.downcast_ref::<cratescope_engine::AdvisoryDbUnavailable>() {
        return Some(x.message());
    }
    if let Some(x) = e.downcast_ref::<cratescope_engine::ecosystem::EcosystemError>() {
        return Some(x.message());
    }
    None
}

/// Whether an error is a reader that went away (`cratescope … | head`).
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The exit code of a command that ended in `e`.
pub(crate) fn exit_code(e: &anyhow::Error) -> u8 {
    if is_broken_pipe(e) { 0 } else { 2 }
}

/// `error: …` on stderr: the first error with a message in the user's
/// language (what wraps it adds nothing a reader needs), else the English
/// text; then each cause that is not a message, verbatim.
pub(crate) fn print_error(lang: Lang, e: &anyhow::Error) {
    let chain: Vec<&(dyn std::error::Error + 'static)> = e.chain().collect();
    let first = chain.iter().position(|c| message_of(*c).is_some());
    let (head, rest) = match first {
        Some(i) => (
            catalog::render(
                lang,
                &message_of(chain[i]).unwrap_or_else(|| Message::new("missing")),
            ),
            &chain[i + 1..],
        ),
        None => (chain[0].to_string(), &chain[1..]),
    };
    let mut text = catalog::render(
        lang,
        &cratescope_model::msg!("cli-error", what = cratescope_model::Arg::text(head)),
    );
    // Causes already carried by the message (an engine error renders its
    // source's own words) are not repeated.
    let shown = text.clone();
    for c in rest {
        if message_of(*c).is_some() {
            continue;
        }
        let line = sanitize::line(&c.to_string()).into_owned();
        if shown.contains(&line) {
            continue;
        }
        text.push('\n');
        text.push_str(&catalog::render(
            lang,
            &cratescope_model::msg!("cli-caused-by", what = cratescope_model::Arg::text(line)),
        ));
    }
    eprintln!("{}", sanitize::block(&text));
}

/// An engine error for one of several items (`eval a b c`): printed, and
/// counted by the caller.
pub(crate) fn print_engine_error(lang: Lang, e: cratescope_engine::Error) {
    print_error(lang, &anyhow::Error::new(e));
}

/// `warning: [item: ]…` on stderr.
pub(crate) fn warn(lang: Lang, item: Option<&str>, m: &Message) {
    say("cli-warning", lang, item, m);
}

/// A line of status on stderr (what was written where), no prefix.
pub(crate) fn status(lang: Lang, m: &Message) {
    eprintln!("{}", sanitize::line(&catalog::render(lang, m)));
}

/// `note: [item: ]…` on stderr.
pub(crate) fn note(lang: Lang, item: Option<&str>, m: &Message) {
    say("cli-note", lang, item, m);
}

fn say(id: &'static str, lang: Lang, item: Option<&str>, m: &Message) {
    use cratescope_model::{Arg, msg};
    let what = catalog::render(lang, m);
    let what = match item {
        Some(i) => format!("{}: {what}", sanitize::line(i)),
        None => what,
    };
    let line = match id {
        "cli-note" => msg!("cli-note", what = Arg::text(what)),
        _ => msg!("cli-warning", what = Arg::text(what)),
    };
    eprintln!("{}", sanitize::line(&catalog::render(lang, &line)));
}
