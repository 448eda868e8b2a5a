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
use serde_json::value::RawValue;

pub use cratescope_model::release::{Deferred, DepKind, Dependency, Release};

/// Highest index schema version understood (cargo's `INDEX_V_MAX`).
pub const INDEX_V_MAX: u32 = 2;

/// One index line as JSON. Its dependencies and features are read as
/// `Deps` and `Feats`: built ([`FullEntry`]), or checked with the same
/// field types holding [`AnyStr`] and kept as text ([`CheckedEntry`]), so
/// the two readings accept the same lines by construction.
#[derive(Deserialize)]
struct RawEntry<Deps, Feats> {
    name: String,
    vers: String,
    #[serde(default)]
    deps: Deps,
    cksum: String,
    #[serde(default)]
    features: Option<Feats>,
    #[serde(default)]
    features2: Option<Feats>,
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

/// One dependency of an index line; its strings are `S`.
#[derive(Deserialize)]
struct RawDep<S = String> {
    name: S,
    req: S,
    #[serde(default)]
    features: Option<Vec<S>>,
    #[serde(default)]
    optional: Option<bool>,
    #[serde(default, alias = "default-features")]
    default_features: Option<bool>,
    #[serde(default)]
    target: Option<S>,
    #[serde(default)]
    kind: Option<DepKind>,
    #[serde(default)]
    registry: Option<S>,
    #[serde(default)]
    package: Option<S>,
}

/// A features map, `features2` alike; its strings are `S`.
type Features<S = String> = BTreeMap<S, Vec<S>>;

/// The line with everything built.
type FullEntry = RawEntry<Vec<RawDep>, Features>;

/// The line with its dependencies and features checked and kept as text.
type CheckedEntry<'a> = RawEntry<Kept<'a, Vec<RawDep<AnyStr>>>, Kept<'a, Features<AnyStr>>>;

/// Accepts exactly what a `String` field accepts, and keeps nothing (a
/// features map of them keeps one entry: every key is equal).
#[derive(Default, PartialEq, Eq, PartialOrd, Ord)]
struct AnyStr;

impl<'de> Deserialize<'de> for AnyStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_string(AnyStrVisitor)
    }
}

/// `String`'s visitor without the `String`: the same inputs (text, or
/// bytes that are UTF-8), nothing allocated. The check reads every
/// dependency of every release of every index file a run meets.
struct AnyStrVisitor;

impl serde::de::Visitor<'_> for AnyStrVisitor {
    type Value = AnyStr;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<AnyStr, E> {
        Ok(AnyStr)
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<AnyStr, E> {
        std::str::from_utf8(v)
            .map(|_| AnyStr)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }
}

/// A field's JSON text, present (`null` included) and read as `C` reads
/// it; the default is an absent field.
struct Kept<'a, C> {
    text: Option<&'a RawValue>,
    checked: Option<C>,
}

impl<C> Default for Kept<'_, C> {
    fn default() -> Self {
        Kept {
            text: None,
            checked: None,
        }
    }
}

impl<'de, C: Deserialize<'de>> Deserialize<'de> for Kept<'de, C> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <&'de RawValue>::deserialize(d)?;
        let checked = serde_json::from_str(text.get()).map_err(serde::de::Error::custom)?;
        Ok(Kept {
            text: Some(text),
            checked: Some(checked),
        })
    }
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
///
/// The dependencies and features are checked here, as strictly as reading
/// them would, and built when first asked for ([`Deferred`]): a run reads
/// the whole index file of every crate it meets but the dependencies of one
/// or two releases of each. A line the check refuses is parsed in full, so
/// that what a user reads about it is the parser's own error.
pub fn parse_index_line(line: &str, warnings: &mut Vec<Message>) -> Result<Release, LineProblem> {
    match checked_line(line) {
        Some(entry) => entry.finish(warnings),
        None => full_line(line)?.finish(warnings),
    }
}

/// A parsed line before its version, schema and publish time are read.
struct Entry {
    name: String,
    vers: String,
    cksum: String,
    deps: Deferred<Vec<Dependency>>,
    features: Deferred<BTreeMap<String, Vec<String>>>,
    yanked: Option<bool>,
    links: Option<String>,
    rust_version: Option<String>,
    pubtime: Option<String>,
    v: Option<u32>,
}

/// The line with its dependencies and features checked and kept as text;
/// `None` when anything in it would fail to parse.
fn checked_line(line: &str) -> Option<Entry> {
    let raw: CheckedEntry<'_> = serde_json::from_str(line).ok()?;
    let deps = match (raw.deps.text, raw.deps.checked) {
        (Some(text), Some(deps)) if !deps.is_empty() => {
            Deferred::from_text(text.get().into(), read_deps)
        }
        _ => Deferred::default(),
    };
    let features = match (kept_text(raw.features), kept_text(raw.features2)) {
        (None, None) => Deferred::default(),
        (a, b) => {
            let both = format!("[{},{}]", json_or_null(a), json_or_null(b));
            Deferred::from_text(both.into(), read_features)
        }
    };
    Some(Entry {
        name: raw.name,
        vers: raw.vers,
        cksum: raw.cksum,
        deps,
        features,
        yanked: raw.yanked,
        links: raw.links,
        rust_version: raw.rust_version,
        pubtime: raw.pubtime,
        v: raw.v,
    })
}

fn kept_text<C>(field: Option<Kept<'_, C>>) -> Option<&RawValue> {
    field.and_then(|k| k.text)
}

fn json_or_null(t: Option<&RawValue>) -> &str {
    t.map_or("null", RawValue::get)
}

/// The line parsed in full: the parser's error when it is not an entry.
fn full_line(line: &str) -> Result<Entry, LineProblem> {
    let raw: FullEntry = match serde_json::from_str(line) {
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
    Ok(Entry {
        name: raw.name,
        vers: raw.vers,
        cksum: raw.cksum,
        deps: raw
            .deps
            .into_iter()
            .map(dependency)
            .collect::<Vec<_>>()
            .into(),
        features: merge_features(raw.features, raw.features2).into(),
        yanked: raw.yanked,
        links: raw.links,
        rust_version: raw.rust_version,
        pubtime: raw.pubtime,
        v: raw.v,
    })
}

impl Entry {
    fn finish(self, warnings: &mut Vec<Message>) -> Result<Release, LineProblem> {
        let schema = self.v.unwrap_or(1);
        if !(1..=INDEX_V_MAX).contains(&schema) {
            return Err(LineProblem::UnknownSchema(schema));
        }
        let version = semver::Version::parse(&self.vers).map_err(|e| LineProblem::BadVersion {
            vers: self.vers.clone(),
            reason: e.to_string(),
        })?;
        let pubtime = match self.pubtime.as_deref() {
            None => None,
            Some(text) => match text.parse::<Timestamp>() {
                Ok(ts) => Some(ts),
                Err(_) => {
                    warnings.push(msg!(
                        "index-pubtime-ignored",
                        krate = Arg::krate(self.name.clone()),
                        version = Arg::version(&self.vers),
                        text = Arg::text(text)
                    ));
                    None
                }
            },
        };
        Ok(Release {
            name: self.name,
            version,
            deps: self.deps,
            cksum: self.cksum,
            features: self.features,
            yanked: self.yanked.unwrap_or(false),
            links: self.links,
            rust_version: self.rust_version,
            pubtime,
        })
    }
}

fn dependency(d: RawDep) -> Dependency {
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
}

fn merge_features(features: Option<Features>, features2: Option<Features>) -> Features {
    let mut features = features.unwrap_or_default();
    for (feature, values) in features2.unwrap_or_default() {
        features.entry(feature).or_default().extend(values);
    }
    features
}

/// Reads the `deps` array [`checked_line`] kept. The check accepted it,
/// so reading cannot fail; were it to, the release would read as having
/// no dependencies rather than stop the run.
fn read_deps(text: &str) -> Vec<Dependency> {
    serde_json::from_str::<Vec<RawDep>>(text)
        .map(|deps| deps.into_iter().map(dependency).collect())
        .unwrap_or_default()
}

/// Reads `[features, features2]` as [`checked_line`] kept them (see
/// [`read_deps`] on failure).
fn read_features(text: &str) -> Features {
    serde_json::from_str::<(Option<Features>, Option<Features>)>(text)
        .map(|(a, b)| merge_features(a, b))
        .unwrap_or_default()
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

    /// The two ways of reading a line: the checked one with its deferred
    /// parts forced, and the full parse. `None` where a way refuses it.
    fn both_ways(line: &str) -> (Option<Release>, Option<Release>) {
        let mut w = Vec::new();
        let checked = checked_line(line).and_then(|e| e.finish(&mut w).ok());
        let full = full_line(line).ok().and_then(|e| e.finish(&mut w).ok());
        (checked, full)
    }

    fn assert_same_reading(line: &str) {
        let (checked, full) = both_ways(line);
        assert_eq!(
            checked.is_some(),
            full.is_some(),
            "accepted differently: {line}"
        );
        if let (Some(c), Some(f)) = (checked, full) {
            // Field by field, so that a difference names itself.
            assert_eq!(*c.deps, *f.deps, "{line}");
            assert_eq!(*c.features, *f.features, "{line}");
            assert_eq!(c, f, "{line}");
        }
    }

    #[test]
    fn checked_lines_read_as_the_full_parse_reads_them_on_real_index_files() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/sparse-index");
        let mut with_deps = 0;
        for name in ["semver", "itoa"] {
            let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                assert!(checked_line(line).is_some(), "{line}");
                assert_same_reading(line);
                with_deps += usize::from(line.contains("\"req\""));
            }
        }
        assert!(with_deps > 10, "the files hold releases with dependencies");
    }

    #[test]
    fn every_shape_the_full_parse_refuses_the_check_refuses_too() {
        let line = |deps: &str, features: &str| {
            format!(
                r#"{{"name":"x","vers":"1.0.0","deps":{deps},"cksum":"00","features":{features},"features2":{{"f":["dep:y"]}},"v":2}}"#
            )
        };
        let dep = r#"{"name":"y","req":"^1","features":[],"optional":true,"default_features":false,"target":null,"kind":"normal","registry":null,"package":null}"#;
        let deps_cases = [
            "[]".to_owned(),
            format!("[{dep}]"),
            format!("[{dep},{dep}]"),
            "null".to_owned(),
            "{}".to_owned(),
            "1".to_owned(),
            r#"[{"name":"y"}]"#.to_owned(),
            r#"[{"name":"y","req":1}]"#.to_owned(),
            r#"[{"name":"y","req":"*","kind":"other"}]"#.to_owned(),
            r#"[{"name":"y","req":"*","kind":null,"features":null,"optional":null}]"#.to_owned(),
            r#"[{"name":"y","req":"*","features":[1]}]"#.to_owned(),
            r#"[{"name":"y","req":"*","features":"a"}]"#.to_owned(),
            r#"[{"name":"y","req":"*","default-features":false}]"#.to_owned(),
            r#"[{"name":"y","req":"*","default-features":"no"}]"#.to_owned(),
            r#"[{"name":"y","req":"*","name":"z"}]"#.to_owned(),
            r#"[{"name":"y","req":"*","default_features":true,"default-features":false}]"#
                .to_owned(),
            r#"[{"name":"\u0079\n","req":"\u005e1","package":"\u00e9"}]"#.to_owned(),
            r#"[{"name":"y","req":"*","public":true,"artifact":["bin"]}]"#.to_owned(),
            r#"[{"name":"y","req":"*"},null]"#.to_owned(),
            r#"[{"name":"y","req":"*","target":{}}]"#.to_owned(),
        ];
        let features_cases = [
            "{}",
            "null",
            "[]",
            "1",
            r#"{"a":["b","c"],"b":[]}"#,
            r#"{"a":["b"],"a":["c"]}"#,
            r#"{"a":null}"#,
            r#"{"a":[null]}"#,
            r#"{"a":"b"}"#,
            r#"{"f":["x"]}"#,
            r#"{"\u0061":["\u0062"]}"#,
        ];
        let mut accepted = 0;
        for d in &deps_cases {
            for f in features_cases {
                let l = line(d, f);
                assert_same_reading(&l);
                accepted += usize::from(both_ways(&l).0.is_some());
            }
        }
        // Some shapes read, some are refused: the comparison saw both.
        assert!(accepted > 20 && accepted < deps_cases.len() * features_cases.len());
        // Fields around the deferred ones, and duplicated deferred fields.
        for l in [
            r#"{"name":"x","vers":"1.0.0","cksum":"00"}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","deps":[],"deps":[]}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","features":{},"features":{}}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","features2":null}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","features2":{"a":[1]}}"#,
            r#"{"name":"x","vers":"1.0.0","deps":[{"name":"y","req":"*"}]}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","deps":[{"name":"y","req":"*"}],"v":3}"#,
            r#"{"name":"x","vers":"1.0.0","cksum":"00","deps":[{"name":"y","req":"*"}] "#,
        ] {
            assert_same_reading(l);
        }
    }

    proptest::proptest! {
        /// Any JSON in the deferred fields: the check accepts exactly what
        /// the full parse accepts, and both read the same release.
        #[test]
        fn the_check_and_the_full_parse_agree_on_any_json(
            deps in proptest::prop_oneof![json_value(3), deps_like()],
            features in json_value(3),
            features2 in proptest::option::of(json_value(3)),
        ) {
            let mut line = format!(
                r#"{{"name":"x","vers":"1.0.0","cksum":"00","deps":{deps},"features":{features}"#
            );
            if let Some(f2) = features2 {
                line.push_str(&format!(r#","features2":{f2}"#));
            }
            line.push('}');
            assert_same_reading(&line);
        }
    }

    /// A dependency's fields besides its name and requirement, as the
    /// index spells them (and `public`, which it does not read).
    const DEP_FIELDS: [&str; 9] = [
        "features",
        "optional",
        "default_features",
        "default-features",
        "target",
        "kind",
        "registry",
        "package",
        "public",
    ];

    /// Arrays of objects shaped like dependencies: each may have its name
    /// and requirement, and any of the other fields with any value.
    fn deps_like() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let dep = (
            any::<bool>(),
            any::<bool>(),
            prop::collection::vec(
                (prop::sample::select(DEP_FIELDS.to_vec()), json_value(1)),
                0..4,
            ),
        )
            .prop_map(|(name, req, rest)| {
                let mut m = serde_json::Map::new();
                if name {
                    m.insert("name".into(), Value::from("y"));
                }
                if req {
                    m.insert("req".into(), Value::from("^1"));
                }
                for (k, v) in rest {
                    m.insert(k.to_owned(), v);
                }
                Value::Object(m)
            });
        prop::collection::vec(dep, 0..3).prop_map(Value::Array)
    }

    /// JSON whose keys and strings are mostly the index's own words, so
    /// that valid dependency lists and feature maps come up often.
    fn json_value(depth: u32) -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let mut words = vec!["name", "req"];
        words.extend(DEP_FIELDS);
        words.extend(["normal", "dev", "build", "^1", "x", "dep:y", "\u{e9}"]);
        let word = prop::sample::select(words);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (0u8..3).prop_map(Value::from),
            word.clone().prop_map(|w| Value::String(w.to_owned())),
        ];
        leaf.prop_recursive(depth, 24, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((word.clone(), inner), 0..6).prop_map(|kv| {
                    Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                }),
            ]
        })
    }
}
