//! What can stop an ecosystem command, each naming what failed and, for
//! the user, one message (`message()`); `Display` is for logs.

use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use jiff::civil::Date;

/// An ecosystem command could not answer.
#[derive(Debug, thiserror::Error)]
pub enum EcosystemError {
    /// No dump configured, fetched or importable.
    #[error("no usable crates.io database dump")]
    NoDump {
        /// Why (the dump source's reason).
        reason: Message,
    },
    /// The dump's table could not be read.
    #[error("cannot read the crates.io database dump")]
    Table(#[source] cratescope_dump::DumpError),
    /// Neither a category slug nor a keyword of the dump.
    #[error("no crates.io category or keyword `{given}`")]
    UnknownQuery {
        /// What was asked.
        given: String,
        /// Close slugs and keywords.
        suggestions: Vec<String>,
    },
    /// Not a category slug of the dump.
    #[error("no crates.io category `{given}`")]
    UnknownCategory {
        /// What was asked.
        given: String,
        /// Close slugs.
        suggestions: Vec<String>,
    },
    /// The crate is not in the dump.
    #[error("`{name}` is not in the dump of {dump_day}")]
    NotInDump {
        /// Crate.
        name: String,
        /// The dump's day.
        dump_day: Date,
        /// Close names from the dump.
        suggestions: Vec<String>,
    },
    /// The crate had nothing published by the day asked.
    #[error("`{name}` had no release published by {as_of}")]
    NoRelease {
        /// Crate.
        name: String,
        /// The day.
        as_of: Date,
    },
    /// A window the dump cannot measure.
    #[error("a window of {days} days: the dump measures {min} to {max}")]
    BadWindow {
        /// Asked.
        days: u32,
        /// Shortest.
        min: u32,
        /// Longest.
        max: u32,
    },
}

impl EcosystemError {
    /// The sentence for the user.
    pub fn message(&self) -> Message {
        let near = |s: &[String]| Arg::crates(s.iter().cloned());
        let krate = |s: &str| Arg::krate(s.to_string());
        match self {
            EcosystemError::NoDump { reason } => {
                msg!("eco-error-no-dump", reason = reason.clone())
            }
            EcosystemError::Table(e) => {
                let reason = crate::collect::dump::error_message(e);
                msg!("eco-error-table", reason = reason)
            }
            EcosystemError::UnknownQuery { given, suggestions } => match suggestions.is_empty() {
                true => msg!("eco-error-unknown-query", given = krate(given)),
                false => {
                    let (given, near) = (krate(given), near(suggestions));
                    msg!("eco-error-unknown-query-near", given = given, near = near)
                }
            },
            EcosystemError::UnknownCategory { given, suggestions } => {
                match suggestions.is_empty() {
                    true => msg!("eco-error-unknown-category", given = krate(given)),
                    false => {
                        let (given, near) = (krate(given), near(suggestions));
                        msg!("eco-error-unknown-category-near")
                            .arg("given", given)
                            .arg("near", near)
                    }
                }
            }
            EcosystemError::NotInDump {
                name,
                dump_day,
                suggestions,
            } => {
                let (name, day) = (krate(name), *dump_day);
                match suggestions.is_empty() {
                    true => msg!("eco-error-not-in-dump", name = name, day = day),
                    false => {
                        let near = near(suggestions);
                        msg!("eco-error-not-in-dump-near")
                            .arg("name", name)
                            .arg("day", day)
                            .arg("near", near)
                    }
                }
            }
            EcosystemError::NoRelease { name, as_of } => {
                msg!("eco-error-no-release", name = krate(name), day = *as_of)
            }
            EcosystemError::BadWindow { days, min, max } => {
                let (days, min, max) = (u64::from(*days), u64::from(*min), u64::from(*max));
                msg!("eco-error-window", days = days, min = min, max = max)
            }
        }
    }
}
