//! Sentences as data: every sentence a user reads that is produced below the
//! report layer (evidence, strengths, risks, reasons, notes, gate and veto
//! texts, audit findings and hints, warnings) is a [`Message`]: a stable
//! kebab-case id and typed arguments. The report crate owns one catalog per
//! language and renders messages for every surface; nothing below it writes
//! prose, and nothing parses English to translate it.
//!
//! In the JSON, a sentence keeps the shape it always had (a string of
//! English text, so scripts that read `evidence` or `risks` keep working) and
//! carries its message beside it (`evidence_message`, `risk_messages`, …), so
//! an API user can render it in another language: see [`said!`] and
//! [`said_list!`]. The text is filled in by the report layer when it writes
//! the JSON (`fill_texts`); inside the program only the message counts.
//!
//! Arguments are typed so that a catalog can format them per language:
//! counts take plural forms and grouping, labels (dimensions, sources,
//! tiers) are looked up, nested messages are rendered in the same language,
//! and verbatim values (crate names, versions, code, outside text such as an
//! advisory title or an OS error) are never translated.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::evaluation::Tier;
use crate::source::SourceId;

/// The id of the message that wraps a sentence stored before messages
/// existed (an evaluation stored as English text): its one argument `text`
/// is shown as it was written.
pub const LEGACY_ID: &str = "legacy-text";

/// One sentence: a stable id and its typed arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Message {
    /// Stable kebab-case id; each has a form in every language's catalog.
    pub id: String,
    /// Named arguments.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Arg>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: impl Into<String>) -> Message {
        Message {
            id: id.into(),
            args: BTreeMap::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Message {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// A sentence stored as text before messages existed, shown as it was.
    pub fn legacy(text: impl Into<String>) -> Message {
        Message::new(LEGACY_ID).arg("text", Arg::Text(text.into()))
    }

    /// True for [`Message::legacy`].
    pub fn is_legacy(&self) -> bool {
        self.id == LEGACY_ID
    }

    /// The text of a [`Message::legacy`] (transitional: code that still
    /// reads English sentences; it goes with them).
    pub fn legacy_text(&self) -> Option<&str> {
        match self.get("text") {
            Some(Arg::Text(t)) if self.is_legacy() => Some(t),
            _ => None,
        }
    }

    /// An argument by name.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.get(name)
    }

    /// Every message inside this one (itself first, then nested arguments,
    /// depth first).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Message)) {
        f(self);
        for a in self.args.values() {
            a.walk(f);
        }
    }
}

/// A typed argument of a message.
///
/// Serialised externally tagged (`{"count": 3}`, `{"crate": "serde"}`), so
/// an API user knows how to format each one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Arg {
    /// A count of things: plural forms select on it; grouped digits.
    Count(u64),
    /// A signed whole number (a difference, a delta).
    Int(i64),
    /// A measured number, shown with at most two decimals (trailing zeros
    /// dropped).
    Number(f64),
    /// A score on the 1–5 scale, shown with one decimal.
    Score(f64),
    /// A percentage (0–100), shown with one decimal at most.
    Percent(f64),
    /// A signed change, shown with its sign and two decimals (`+0.12`).
    Delta(f64),
    /// A length of time in days; the catalog picks days, months or years.
    Days(i64),
    /// A size in bytes.
    Bytes(u64),
    /// A calendar day.
    Date(Date),
    /// A crate name: verbatim.
    #[serde(rename = "crate")]
    Crate(String),
    /// A version or version requirement: verbatim.
    Version(String),
    /// Code, a command, a path, a key of a file, a URL: verbatim.
    Code(String),
    /// A stable id (a signal, gate, advisory id): verbatim.
    Id(String),
    /// Text from outside (an advisory title, an OS or HTTP error, a
    /// license expression): verbatim, sanitised by the renderer.
    Text(String),
    /// A dimension by id: its label in the language.
    Dimension(String),
    /// A scenario by id: its label in the language.
    Scenario(String),
    /// A data source: its label in the language.
    Source(SourceId),
    /// A tier: its label in the language.
    Tier(Tier),
    /// A sentence inside the sentence, rendered in the same language.
    Message(Box<Message>),
    /// Several values, joined as the language joins a list.
    List(Vec<Arg>),
    /// Several clauses of one sentence, joined as the language joins
    /// clauses (`a; b` in English, `a；b` in Chinese).
    Clauses(Vec<Arg>),
}

impl Arg {
    /// A crate name.
    pub fn krate(s: impl Into<String>) -> Arg {
        Arg::Crate(s.into())
    }
    /// A version.
    pub fn version(v: impl ToString) -> Arg {
        Arg::Version(v.to_string())
    }
    /// Code or a path.
    pub fn code(s: impl Into<String>) -> Arg {
        Arg::Code(s.into())
    }
    /// An id.
    pub fn id(s: impl Into<String>) -> Arg {
        Arg::Id(s.into())
    }
    /// Outside text.
    pub fn text(s: impl Into<String>) -> Arg {
        Arg::Text(s.into())
    }
    /// A dimension label.
    pub fn dimension(id: impl Into<String>) -> Arg {
        Arg::Dimension(id.into())
    }
    /// A list of crate names.
    pub fn crates<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> Arg {
        Arg::List(names.into_iter().map(|n| Arg::Crate(n.into())).collect())
    }
    /// A list of messages.
    pub fn messages<I: IntoIterator<Item = Message>>(msgs: I) -> Arg {
        Arg::List(msgs.into_iter().map(Arg::from).collect())
    }
    /// Clauses of one sentence.
    pub fn clauses<I: IntoIterator<Item = Message>>(msgs: I) -> Arg {
        Arg::Clauses(msgs.into_iter().map(Arg::from).collect())
    }

    fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Message)) {
        match self {
            Arg::Message(m) => m.walk(f),
            Arg::List(items) | Arg::Clauses(items) => items.iter().for_each(|a| a.walk(f)),
            _ => {}
        }
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}
impl From<Date> for Arg {
    fn from(d: Date) -> Arg {
        Arg::Date(d)
    }
}
impl From<SourceId> for Arg {
    fn from(s: SourceId) -> Arg {
        Arg::Source(s)
    }
}
impl From<Tier> for Arg {
    fn from(t: Tier) -> Arg {
        Arg::Tier(t)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Count(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Count(n as u64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Count(u64::from(n))
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Arg {
        Arg::Number(n)
    }
}
impl From<&semver::Version> for Arg {
    fn from(v: &semver::Version) -> Arg {
        Arg::Version(v.to_string())
    }
}

/// Builds a [`Message`]: `msg!("id")` or `msg!("id", name = value, …)`,
/// each value anything that converts into an [`Arg`] (counts as `u64` or
/// `usize`, dates, [`Message`]s, explicit `Arg::…` for the rest).
///
/// The id must be a string literal: a test scans the sources for
/// `msg!("…"` and checks every id has a form in every language.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $crate::message::Message::new($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::message::Message::new($id)$(.arg(stringify!($name), $value))+
    };
}

/// A sentence field of the JSON: the English text under `$text` (the shape
/// the field always had) and the message under `$message` beside it.
/// Flatten it into the struct that holds it. `$module` holds the type and
/// its stored (wire) form: a sentence stored as text before messages
/// existed becomes a [`Message::legacy`] when it is read.
macro_rules! said {
    ($(#[$doc:meta])* $module:ident :: $name:ident, $text:literal, $message:literal) => {
        pub use $module::$name;
        #[doc(hidden)]
        pub mod $module {
            use $crate::message::{Message, Messages};

            $(#[$doc])*
            #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
            #[serde(from = "Wire")]
            pub struct $name {
                /// Its English text, filled in when the JSON is written.
                #[serde(rename = $text)]
                pub text: String,
                /// The message.
                #[serde(rename = $message)]
                pub message: Message,
            }

            #[derive(serde::Deserialize)]
            struct Wire {
                #[serde(rename = $text, default)]
                text: String,
                #[serde(rename = $message, default)]
                message: Option<Message>,
            }

            impl From<Wire> for $name {
                fn from(w: Wire) -> Self {
                    $name::read(w.text, w.message)
                }
            }

            impl $name {
                /// The sentence as read from its two keys: a text alone is a
                /// legacy message.
                pub(crate) fn read(text: String, message: Option<Message>) -> Self {
                    let message = message.unwrap_or_else(|| Message::legacy(text.clone()));
                    $name { text, message }
                }

                /// The sentence, its text not yet rendered.
                pub fn new(message: impl Into<Message>) -> Self {
                    $name { message: message.into(), text: String::new() }
                }
            }

            impl<T: Into<Message>> From<T> for $name {
                fn from(m: T) -> Self {
                    $name::new(m)
                }
            }

            /// Two sentences are equal when their messages are: the text is
            /// derived from the message.
            impl PartialEq for $name {
                fn eq(&self, other: &Self) -> bool {
                    self.message == other.message
                }
            }

            impl Messages for $name {
                fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
                    f(&self.message, Some(&mut self.text));
                }
            }

            /// What serde writes (see the struct): the text and the message,
            /// both always there; when reading, either may be missing.
            #[cfg(feature = "schema")]
            impl schemars::JsonSchema for $name {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    stringify!($name).into()
                }
                fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let message = g.subschema_for::<Message>();
                    let required: &[&str] =
                        if g.contract().is_serialize() { &[$text, $message] } else { &[] };
                    schemars::json_schema!({
                        "type": "object",
                        "properties": {
                            ($text): { "type": "string", "description": "The sentence in English." },
                            ($message): message,
                        },
                        "required": required,
                    })
                }
            }
        }
    };
}

/// An optional sentence field of the JSON: as [`said!`], both keys absent
/// when there is none.
macro_rules! said_opt {
    ($(#[$doc:meta])* $module:ident :: $name:ident, $text:literal, $message:literal) => {
        pub use $module::$name;
        #[doc(hidden)]
        pub mod $module {
            use $crate::message::{Message, Messages};

            $(#[$doc])*
            #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
            #[serde(from = "Wire")]
            pub struct $name {
                /// Its English text, filled in when the JSON is written.
                #[serde(rename = $text, skip_serializing_if = "Option::is_none")]
                pub text: Option<String>,
                /// The message, if any.
                #[serde(rename = $message, skip_serializing_if = "Option::is_none")]
                pub message: Option<Message>,
            }

            #[derive(serde::Deserialize)]
            struct Wire {
                #[serde(rename = $text, default)]
                text: Option<String>,
                #[serde(rename = $message, default)]
                message: Option<Message>,
            }

            impl From<Wire> for $name {
                fn from(w: Wire) -> Self {
                    let message = w.message.or_else(|| w.text.clone().map(Message::legacy));
                    $name { text: w.text, message }
                }
            }

            impl $name {
                /// A sentence.
                pub fn some(message: impl Into<Message>) -> Self {
                    $name { message: Some(message.into()), text: None }
                }
                /// No sentence.
                pub fn none() -> Self {
                    $name::default()
                }
                /// The message, if any.
                pub fn get(&self) -> Option<&Message> {
                    self.message.as_ref()
                }
                /// True when there is a sentence.
                pub fn is_some(&self) -> bool {
                    self.message.is_some()
                }
                /// True when there is none.
                pub fn is_none(&self) -> bool {
                    !self.is_some()
                }
                /// Sets the sentence.
                pub fn set(&mut self, message: impl Into<Message>) {
                    self.message = Some(message.into());
                    self.text = None;
                }
            }

            /// Equal when the messages are (the text is derived).
            impl PartialEq for $name {
                fn eq(&self, other: &Self) -> bool {
                    self.message == other.message
                }
            }

            impl<T: Into<Message>> From<Option<T>> for $name {
                fn from(m: Option<T>) -> Self {
                    $name { message: m.map(Into::into), text: None }
                }
            }

            impl Messages for $name {
                fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
                    if let Some(m) = &self.message {
                        let slot = self.text.get_or_insert_with(String::new);
                        f(m, Some(slot));
                    }
                }
            }

            /// What serde writes (see the struct): the text and the message
            /// when there is a sentence, neither when there is none.
            #[cfg(feature = "schema")]
            impl schemars::JsonSchema for $name {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    stringify!($name).into()
                }
                fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let message = g.subschema_for::<Message>();
                    schemars::json_schema!({
                        "type": "object",
                        "properties": {
                            ($text): { "type": "string", "description": "The sentence in English." },
                            ($message): message,
                        },
                    })
                }
            }
        }
    };
}

/// A list of sentences in the JSON: English texts under `$text` (as the
/// field always was) and the messages under `$messages`, in the same order.
/// With `skip_empty`, both keys are left out when the list is empty.
macro_rules! said_list {
    ($(#[$doc:meta])* $module:ident :: $name:ident, $text:literal, $messages:literal) => {
        said_list!(@def $(#[$doc])* $module :: $name, $text, $messages, "crate::message::never");
    };
    ($(#[$doc:meta])* $module:ident :: $name:ident, $text:literal, $messages:literal, skip_empty) => {
        said_list!(@def $(#[$doc])* $module :: $name, $text, $messages, "Vec::is_empty");
    };
    (@def $(#[$doc:meta])* $module:ident :: $name:ident, $text:literal, $messages:literal, $skip:literal) => {
        pub use $module::$name;
        #[doc(hidden)]
        pub mod $module {
            use $crate::message::{Message, Messages};

            $(#[$doc])*
            #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
            #[serde(from = "Wire")]
            pub struct $name {
                /// Their English texts, filled in when the JSON is written.
                #[serde(rename = $text, skip_serializing_if = $skip)]
                pub texts: Vec<String>,
                /// The messages.
                #[serde(rename = $messages, skip_serializing_if = "Vec::is_empty")]
                pub messages: Vec<Message>,
            }

            #[derive(serde::Deserialize)]
            struct Wire {
                #[serde(rename = $text, default)]
                texts: Vec<String>,
                #[serde(rename = $messages, default)]
                messages: Vec<Message>,
            }

            impl From<Wire> for $name {
                fn from(w: Wire) -> Self {
                    let messages = if w.messages.is_empty() {
                        w.texts.iter().cloned().map(Message::legacy).collect()
                    } else {
                        w.messages
                    };
                    $name { texts: w.texts, messages }
                }
            }

            impl $name {
                /// Adds a sentence.
                pub fn push(&mut self, m: impl Into<Message>) {
                    self.messages.push(m.into());
                }
                /// True when there is none.
                pub fn is_empty(&self) -> bool {
                    self.messages.is_empty()
                }
                /// How many.
                pub fn len(&self) -> usize {
                    self.messages.len()
                }
                /// The messages.
                pub fn iter(&self) -> std::slice::Iter<'_, Message> {
                    self.messages.iter()
                }
            }

            /// Equal when the messages are (the texts are derived).
            impl PartialEq for $name {
                fn eq(&self, other: &Self) -> bool {
                    self.messages == other.messages
                }
            }

            impl<T: Into<Message>> From<Vec<T>> for $name {
                fn from(messages: Vec<T>) -> Self {
                    $name { messages: messages.into_iter().map(Into::into).collect(), texts: Vec::new() }
                }
            }

            impl<T: Into<Message>> FromIterator<T> for $name {
                fn from_iter<I: IntoIterator<Item = T>>(it: I) -> Self {
                    $name { messages: it.into_iter().map(Into::into).collect(), texts: Vec::new() }
                }
            }

            impl<'a> IntoIterator for &'a $name {
                type Item = &'a Message;
                type IntoIter = std::slice::Iter<'a, Message>;
                fn into_iter(self) -> Self::IntoIter {
                    self.messages.iter()
                }
            }

            impl Messages for $name {
                fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
                    self.texts.resize(self.messages.len(), String::new());
                    for (m, t) in self.messages.iter().zip(self.texts.iter_mut()) {
                        f(m, Some(t));
                    }
                }
            }

            /// What serde writes (see the struct): the texts (always, or
            /// only when there are some with `skip_empty`) and the messages
            /// in the same order (only when there are some).
            #[cfg(feature = "schema")]
            impl schemars::JsonSchema for $name {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> std::borrow::Cow<'static, str> {
                    stringify!($name).into()
                }
                fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                    let messages = g.subschema_for::<Vec<Message>>();
                    let always = $skip != "Vec::is_empty";
                    let required: &[&str] =
                        if always && g.contract().is_serialize() { &[$text] } else { &[] };
                    schemars::json_schema!({
                        "type": "object",
                        "properties": {
                            ($text): {
                                "type": "array",
                                "items": { "type": "string" },
                                "description": "The sentences in English.",
                            },
                            ($messages): messages,
                        },
                        "required": required,
                    })
                }
            }
        }
    };
}

pub(crate) use {said, said_list, said_opt};

/// A message, or a sentence stored as text before messages existed (facts
/// kept in a cache by an older cratescope).
#[derive(Deserialize)]
#[serde(untagged)]
enum MessageOrText {
    Message(Message),
    Text(String),
}

impl From<MessageOrText> for Message {
    fn from(m: MessageOrText) -> Message {
        match m {
            MessageOrText::Message(m) => m,
            MessageOrText::Text(t) => Message::legacy(t),
        }
    }
}

/// Serde helper for a `Vec<Message>` field that older files hold as
/// strings: each string becomes a [`Message::legacy`].
pub fn messages_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Message>, D::Error> {
    let v: Vec<MessageOrText> = Vec::deserialize(d)?;
    Ok(v.into_iter().map(Message::from).collect())
}

/// Serde helper for an `Option<Message>` field that older files hold as a
/// string.
pub fn message_or_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Message>, D::Error> {
    let v: Option<MessageOrText> = Option::deserialize(d)?;
    Ok(v.map(Message::from))
}

/// Serde helper: always serialise.
pub fn never<T>(_: &T) -> bool {
    false
}

/// Serde default of a [`said!`] field's message (never used when reading:
/// the wire form makes a legacy message of a text without one).
pub fn missing() -> Message {
    Message::new("missing")
}

/// Every message of a value, for rendering them all (the JSON's texts) or
/// checking them all (catalog coverage).
pub trait Messages {
    /// Calls `f` on every message with the text slot that holds its English
    /// rendering in the JSON (`None` for messages without one). Sentences
    /// stored as text before messages existed were made legacy messages
    /// when they were read.
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>));

    /// Every message, cloned (nested arguments not expanded).
    fn collect_messages(&mut self) -> Vec<Message> {
        let mut out = Vec::new();
        self.visit_messages(&mut |m, _| out.push(m.clone()));
        out
    }
}

impl<T: Messages> Messages for Vec<T> {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        for x in self {
            x.visit_messages(f);
        }
    }
}

impl<T: Messages> Messages for Option<T> {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        if let Some(x) = self {
            x.visit_messages(f);
        }
    }
}

impl Messages for Message {
    fn visit_messages(&mut self, f: &mut dyn FnMut(&Message, Option<&mut String>)) {
        f(self, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_serialise_with_typed_arguments() {
        let m = msg!(
            "some-id",
            n = 3usize,
            who = Arg::krate("serde"),
            inner = msg!("other")
        );
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["id"], "some-id");
        assert_eq!(v["args"]["n"]["count"], 3);
        assert_eq!(v["args"]["who"]["crate"], "serde");
        assert_eq!(v["args"]["inner"]["message"]["id"], "other");
        let back: Message = serde_json::from_value(v).unwrap();
        assert_eq!(back, m);
        let mut seen = Vec::new();
        m.walk(&mut |x| seen.push(x.id.clone()));
        assert_eq!(seen, ["some-id", "other"]);
    }
}

#[cfg(test)]
mod said_tests {
    use super::*;
    use crate::evaluation::{Evaluation, SignalResult};
    use crate::{Raw, SourceId};

    #[test]
    fn a_signal_keeps_its_text_and_carries_its_message_beside_it() {
        let mut sig = SignalResult::Measured {
            id: "x".into(),
            raw: Raw::Num(1.0),
            unit: "days".into(),
            s: 1.0,
            weight: 1.0,
            evidence: msg!("some-id", n = 3usize, who = Arg::krate("serde")).into(),
            source: SourceId::Index,
            fetched_at: None,
        };
        sig.visit_messages(&mut |_, slot| *slot.unwrap() = "three".into());
        let v = serde_json::to_value(&sig).unwrap();
        assert_eq!(v["evidence"], "three");
        assert_eq!(v["evidence_message"]["id"], "some-id");
        assert_eq!(v["evidence_message"]["args"]["n"]["count"], 3);
        assert_eq!(v["evidence_message"]["args"]["who"]["crate"], "serde");
        let back: SignalResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, sig);

        let un = SignalResult::Unavailable {
            id: "y".into(),
            unavailable: msg!("why").into(),
        };
        let v = serde_json::to_value(&un).unwrap();
        let back: SignalResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, un);
    }

    #[test]
    fn sentences_stored_as_text_become_legacy_messages() {
        let old = serde_json::json!({
            "id": "y", "unavailable": "registry index: no data"
        });
        let s: SignalResult = serde_json::from_value(old).unwrap();
        let SignalResult::Unavailable { unavailable, .. } = &s else {
            panic!("{s:?}")
        };
        assert!(unavailable.message.is_legacy());
        assert_eq!(
            unavailable.message.get("text"),
            Some(&Arg::Text("registry index: no data".into()))
        );
        // A whole stored card with string lists.
        let _ = Evaluation::dimension;
    }
}
