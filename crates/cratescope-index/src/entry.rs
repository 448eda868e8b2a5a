//! Parsing sparse-index entries (one JSON object per published version).
//!
//! Reads the fields cargo and crates.io define (DATA-SOURCES §1): versions,
//! dependencies of every kind keyed by their real package name, features
//! with `features2` merged in, yanked, links, rust_version and pubtime.
//! Lines are parsed as JSON, never compared as bytes, because mirrors
//! re-serialise them with other separators.
//!
//! Deliberately ignored: the rare dependency fields `public`, `artifact`,
//! `bindep_target` and `lib`, and any field added later. Lines with a schema
//! version `v` other than 1 or 2 are skipped, as cargo (whose maximum is 2)
//! skips them: v3 adds artifact dependencies whose meaning we do not model,
//! and cargo users never resolve such releases either.

use std::collections::BTreeMap;

use cratescope_model::{Arg, Message, msg};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use cratescope_model::release::{DepKind, Dependency, Release};

/// Highest index schema version understood (cargo's `INDEX_V_MAX`).
pub const INDEX_V_MAX: u32 = 2;

#[derive(Deserialize)]
struct RawEntry {
    name: String,
    vers: String,
    #[serde(default)]
    deps: Vec<RawDep>,
    cksum: String,
    #[serde(default)]
    features: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    features2: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    yanked: Option<bool>,
    #[serde(default)]
    links: Option<String>,
    #[serde(default)]
    rust_version: Option<String>,
    #[serde(default)]
    pubtime: Option<String>,
    #[serde(default)]
    v: Option<u32>,
}

#[derive(Deserialize)]
struct RawDep {
    name: String,
    req: String,
    #[serde(default)]
    features: Option<Vec<String>>,
    #[serde(default)]
    optional: Option<bool>,
    #[serde(default, alias = "default-features")]
    default_features: Option<bool>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    kind: Option<DepKind>,
    #[serde(default)]
    registry: Option<String>,
    #[serde(default)]
    package: Option<String>,
}

/// Only the schema version, to explain why a line failed to parse.
#[derive(Deserialize)]
struct SchemaOnly {
    #[serde(default)]
    v: Option<u32>,
}

/// An entry skipped at `place`, and why.
pub(crate) fn skipped(place: Message, why: Message) -> Message {
    msg!("index-skipped", place = place, why = why)
}

/// Why one index line was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineProblem {
    /// The line is not a valid index entry.
    #[error("not a valid index entry: {0}")]
    Malformed(String),
    /// The line's schema version is not 1 or 2.
    #[error("unknown index schema version v={0}")]
    UnknownSchema(u32),
    /// `vers` is not a semantic version.
    #[error("invalid version `{vers}`: {reason}")]
    BadVersion {
        /// The version string.
        vers: String,
        /// The parser's explanation.
        reason: String,
    },
}

impl LineProblem {
    /// What a user reads (the JSON or semver parser's own words verbatim).
    pub fn message(&self) -> Message {
        match self {
            LineProblem::Malformed(why) => {
                msg!("index-line-malformed", why = Arg::text(why.clone()))
            }
            LineProblem::UnknownSchema(v) => msg!("index-line-schema", v = *v),
            LineProblem::BadVersion { vers, reason } => msg!(
                "index-line-version",
                version = Arg::version(vers),
                why = Arg::text(reason.clone())
            ),
        }
    }
}

/// Parses one index line. `warnings` receives non-fatal problems (an
/// unreadable `pubtime` drops only that field).
pub fn parse_index_line(line: &str, warnings: &mut Vec<Message>) -> Result<Release, LineProblem> {
    let raw: RawEntry = match serde_json::from_str(line) {
        Ok(raw) => raw,
        Err(err) => {
            // A newer schema may fail for reasons of its own; say so.
            if let Ok(SchemaOnly { v: Some(v) }) = serde_json::from_str(line)
                && v > INDEX_V_MAX
            {
                return Err(LineProblem::UnknownSchema(v));
            }
            return Err(LineProblem::Malformed(err.to_string()));
        }
    };
    let schema = raw.v.unwrap_or(1);
    if !(1..=INDEX_V_MAX).contains(&schema) {
        return Err(LineProblem::UnknownSchema(schema));
    }
    let version = semver::Version::parse(&raw.vers).map_err(|e| LineProblem::BadVersion {
        vers: raw.vers.clone(),
        reason: e.to_string(),
    })?;
    let mut features = raw.features.unwrap_or_default();
    for (feature, values) in raw.features2.unwrap_or_default() {
        features.entry(feature).or_default().extend(values);
    }
    let pubtime = match raw.pubtime.as_deref() {
        None => None,
        Some(text) => match text.parse::<Timestamp>() {
            Ok(ts) => Some(ts),
            Err(_) => {
                warnings.push(msg!(
                    "index-pubtime-ignored",
                    krate = Arg::krate(raw.name.clone()),
                    version = Arg::version(&raw.vers),
                    text = Arg::text(text)
                ));
                None
            }
        },
    };
    let deps = raw
        .deps
        .into_iter()
        .map(|d| {
            let (name, alias) = match d.package {
                Some(package) => (package, Some(d.name)),
                None => (d.name, None),
            };
            Dependency {
                name,
                alias,
                req: d.req,
                kind: d.kind.unwrap_or(DepKind::Normal),
                optional: d.optional.unwrap_or(false),
                default_features: d.default_features.unwrap_or(true),
                features: d.features.unwrap_or_default(),
                target: d.target,
                registry: d.registry,
            }
        })
        .collect();
    Ok(Release {
        name: raw.name,
        version,
        deps,
        cksum: raw.cksum,
        features,
        yanked: raw.yanked.unwrap_or(false),
        links: raw.links,
        rust_version: raw.rust_version,
        pubtime,
    })
}

/// Releases and warnings parsed from a whole index file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedIndex {
    /// Releases in file (publish) order.
    pub releases: Vec<Release>,
    /// One message per skipped line or dropped field, with its line number.
    pub warnings: Vec<Message>,
}

/// Parses a sparse-index file: one entry per non-blank line. Bad lines are
/// skipped with a warning naming the 1-based line number.
pub fn parse_index_file(text: &str) -> ParsedIndex {
    let mut parsed = ParsedIndex::default();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        parse_into(&mut parsed, line, || {
            msg!("index-where-line", n = number + 1)
        });
    }
    parsed
}

/// Parses one entry into `parsed`, saying where each warning was met.
/// `place` is made only for a warning: most lines have none.
pub(crate) fn parse_into(parsed: &mut ParsedIndex, line: &str, place: impl Fn() -> Message) {
    let mut notes = Vec::new();
    match parse_index_line(line, &mut notes) {
        Ok(release) => parsed.releases.push(release),
        Err(problem) => parsed.warnings.push(skipped(place(), problem.message())),
    }
    parsed.warnings.extend(
        notes
            .into_iter()
            .map(|n| msg!("index-at", place = place(), what = n)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPACT: &str = r#"{"name":"semver","vers":"1.0.27","deps":[{"name":"serde","req":"^1.0.220","features":[],"optional":true,"default_features":false,"target":null,"kind":"normal","package":"serde_core"}],"cksum":"d767","features":{"default":["std"],"std":[]},"features2":{"serde":["dep:serde"]},"yanked":false,"rust_version":"1.61","pubtime":"2025-09-14T17:16:31Z","v":2}"#;

    #[test]
    fn compact_and_reserialised_lines_parse_the_same() {
        let value: serde_json::Value = serde_json::from_str(COMPACT).unwrap();
        // Mirror style: ", " and ": " separators (serde_json's pretty printer
        // differs, so build it by hand from the compact form).
        let spaced = COMPACT.replace("\",\"", "\", \"").replace("\":", "\": ");
        assert_ne!(spaced, COMPACT);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&spaced).unwrap(),
            value
        );
        let mut w = Vec::new();
        let a = parse_index_line(COMPACT, &mut w).unwrap();
        let b = parse_index_line(&spaced, &mut w).unwrap();
        assert_eq!(a, b);
        assert!(w.is_empty());
        assert_eq!(a.deps[0].name, "serde_core");
        assert_eq!(a.deps[0].alias.as_deref(), Some("serde"));
        assert_eq!(a.features["serde"], vec!["dep:serde".to_owned()]);
        assert_eq!(a.pubtime, Some("2025-09-14T17:16:31Z".parse().unwrap()));
    }

    #[test]
    fn nulls_and_absences_take_cargo_defaults() {
        let line = r#"{"name":"x","vers":"0.1.0","deps":[{"name":"y","req":"*","kind":null,"features":null}],"cksum":"00","features":{},"yanked":null}"#;
        let mut w = Vec::new();
        let r = parse_index_line(line, &mut w).unwrap();
        assert!(!r.yanked);
        assert_eq!(r.pubtime, None);
        assert_eq!(r.deps[0].kind, DepKind::Normal);
        assert!(r.deps[0].default_features && !r.deps[0].optional);
        assert!(r.deps[0].features.is_empty());
    }

    #[test]
    fn bad_lines_are_skipped_with_numbered_warnings() {
        let good =
            r#"{"name":"x","vers":"0.1.0","deps":[],"cksum":"00","features":{},"yanked":false}"#;
        let v3 = r#"{"name":"x","vers":"0.2.0","deps":[],"cksum":"00","features":{},"yanked":false,"v":3}"#;
        let badver = r#"{"name":"x","vers":"one","deps":[],"cksum":"00","features":{}}"#;
        let badtime = r#"{"name":"x","vers":"0.3.0","deps":[],"cksum":"00","features":{},"pubtime":"yesterday"}"#;
        let text = format!("{good}\n{{\"name\": \"x\", \"vers\n\n{v3}\n{badver}\n{badtime}\n");
        let parsed = parse_index_file(&text);
        let versions: Vec<String> = parsed
            .releases
            .iter()
            .map(|r| r.version.to_string())
            .collect();
        assert_eq!(versions, ["0.1.0", "0.3.0"]);
        assert_eq!(parsed.warnings.len(), 4, "{:?}", parsed.warnings);
        let line = |n: usize| msg!("index-where-line", n = n);
        let why = |w: &Message| match w.get("why") {
            Some(Arg::Message(m)) => m.id.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(parsed.warnings[0].get("place"), Some(&Arg::from(line(2))));
        assert_eq!(why(&parsed.warnings[0]), "index-line-malformed");
        assert_eq!(
            parsed.warnings[1],
            skipped(line(4), LineProblem::UnknownSchema(3).message())
        );
        assert_eq!(parsed.warnings[2].get("place"), Some(&Arg::from(line(5))));
        assert_eq!(why(&parsed.warnings[2]), "index-line-version");
        assert_eq!(parsed.warnings[3].id, "index-at");
        assert_eq!(parsed.warnings[3].get("place"), Some(&Arg::from(line(6))));
    }
}
