//! One published version as the registry index records it, and its
//! dependencies. Filled by `cratescope-index`; read by the signals and the
//! engine's resolver. There is one dependency kind for the whole workspace.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Kind of a dependency edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DepKind {
    /// `[dependencies]` (`kind` null or absent in the index included).
    Normal,
    /// `[build-dependencies]`.
    Build,
    /// `[dev-dependencies]`.
    Dev,
}

/// One dependency of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The real crate depended on (`package` when renamed, else `name`).
    pub name: String,
    /// The name the dependent uses for it, when renamed.
    pub alias: Option<String>,
    /// The version requirement, verbatim.
    pub req: String,
    /// Normal, dev or build.
    pub kind: DepKind,
    /// Whether it is optional (behind a feature).
    pub optional: bool,
    /// Whether default features are enabled.
    pub default_features: bool,
    /// Features enabled on it.
    pub features: Vec<String>,
    /// Platform restriction, e.g. `cfg(not(miri))`.
    pub target: Option<String>,
    /// Another registry's index URL; `None` means the same registry.
    pub registry: Option<String>,
}

/// One published version, as the index records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The crate name in its original case.
    pub name: String,
    /// The version.
    pub version: semver::Version,
    /// Dependencies of every kind.
    pub deps: Deferred<Vec<Dependency>>,
    /// Hex SHA-256 of the `.crate` file.
    pub cksum: String,
    /// Features, with `features2` merged in.
    pub features: Deferred<BTreeMap<String, Vec<String>>>,
    /// Whether the version is yanked.
    pub yanked: bool,
    /// The native library it links, if any.
    pub links: Option<String>,
    /// The declared minimum Rust version, verbatim (e.g. `1.68`).
    pub rust_version: Option<String>,
    /// Publish time; `None` when the index does not record it.
    pub pubtime: Option<Timestamp>,
}

/// A value read from its source text the first time it is asked for, then
/// kept; clones share it. A release's dependencies and features are most
/// of its index line, and a run uses those of one or two releases per
/// crate: the index reader checks them when it reads the line and leaves
/// building them to the first reader. Everything else sees the value
/// (`Deref`, equality, serialisation), never the text.
pub struct Deferred<T>(Arc<DeferredInner<T>>);

struct DeferredInner<T> {
    value: OnceLock<T>,
    /// The text and how to read it (`None` for a value given as is).
    source: Option<Source<T>>,
}

/// A [`Deferred`] value's text, and the function that reads it.
type Source<T> = (Box<str>, fn(&str) -> T);

impl<T> Deferred<T> {
    /// A value read from `text` by `read` when first asked for. `read` must
    /// not fail on text its caller has checked; it is called at most once.
    pub fn from_text(text: Box<str>, read: fn(&str) -> T) -> Self {
        Deferred(Arc::new(DeferredInner {
            value: OnceLock::new(),
            source: Some((text, read)),
        }))
    }
}

impl<T: Default> Deferred<T> {
    /// The value, read now if it was not yet (an associated function, so
    /// that it never hides a method of the value).
    pub fn force(this: &Self) -> &T {
        let inner = &*this.0;
        // A value given to `from` is already there: the source is only
        // ever absent with the value set.
        inner.value.get_or_init(|| {
            inner
                .source
                .as_ref()
                .map_or_else(T::default, |(text, read)| read(text))
        })
    }
}

impl<T> From<T> for Deferred<T> {
    fn from(value: T) -> Self {
        Deferred(Arc::new(DeferredInner {
            value: OnceLock::from(value),
            source: None,
        }))
    }
}

impl<A> FromIterator<A> for Deferred<Vec<A>> {
    fn from_iter<I: IntoIterator<Item = A>>(items: I) -> Self {
        Deferred::from(items.into_iter().collect::<Vec<A>>())
    }
}

impl<T: Default> Default for Deferred<T> {
    fn default() -> Self {
        Deferred::from(T::default())
    }
}

impl<T> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        Deferred(Arc::clone(&self.0))
    }
}

impl<T: Default> Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        Deferred::force(self)
    }
}

impl<T: PartialEq + Default> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || Deferred::force(self) == Deferred::force(other)
    }
}

impl<T: Eq + Default> Eq for Deferred<T> {}

impl<T: fmt::Debug + Default> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Deferred::force(self).fmt(f)
    }
}

impl<T: Serialize + Default> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Deferred::force(self).serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Deferred::from)
    }
}

impl Release {
    /// The normal dependencies a default build pulls in: non-optional ones plus
    /// optional ones enabled through the `default` feature closure.
    pub fn default_normal_deps(&self) -> Vec<&Dependency> {
        let r = self;
        let key = |d: &Dependency| d.alias.clone().unwrap_or_else(|| d.name.clone());
        let mut enabled: BTreeSet<String> = BTreeSet::new();
        let mut seen_features: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = vec!["default".to_string()];
        while let Some(feat) = stack.pop() {
            if !seen_features.insert(feat.clone()) {
                continue;
            }
            let Some(entries) = r.features.get(&feat) else {
                // An implicit feature named after an optional dependency.
                enabled.insert(feat);
                continue;
            };
            for e in entries {
                if let Some(dep) = e.strip_prefix("dep:") {
                    enabled.insert(dep.to_string());
                } else if let Some((dep, _)) = e.split_once('/') {
                    if !dep.ends_with('?') {
                        enabled.insert(dep.to_string());
                        if r.features.contains_key(dep) {
                            stack.push(dep.to_string());
                        }
                    }
                } else {
                    stack.push(e.clone());
                }
            }
        }
        let mut out: Vec<&Dependency> = Vec::new();
        let mut names = BTreeSet::new();
        for d in r.deps.iter().filter(|d| d.kind == DepKind::Normal) {
            if (!d.optional || enabled.contains(&key(d))) && names.insert(d.name.clone()) {
                out.push(d);
            }
        }
        out
    }
}

/// What the index says about one dependency on the evaluation day: its
/// latest version and the compatible lines it has published, so the model
/// can judge how far behind a requirement is, since when, and whether a newer
/// line would raise the dependent's minimum Rust version. Filled by the
/// engine from the dependency's index entry; read by the ecosystem signals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DependencyLatest {
    /// Latest non-yanked, non-prerelease version published by `as_of`.
    pub latest: Option<semver::Version>,
    /// Its compatible lines (`1.x`, `0.3.x`…), newest first, at most
    /// [`DependencyLatest::MAX_LINES`].
    pub lines: Vec<DependencyLine>,
}

/// One compatible line of a dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyLine {
    /// The line's newest non-yanked, non-prerelease release.
    pub latest: semver::Version,
    /// Publish time of the line's first release.
    pub first_published: Option<Timestamp>,
    /// The lowest `rust-version` declared by the line's releases; None when
    /// one of them declares none (it builds on any toolchain cargo accepts).
    pub min_rust_version: Option<String>,
}

impl DependencyLatest {
    /// Lines kept: enough to measure a lag of several lines, bounded for
    /// crates with hundreds of 0.x lines.
    pub const MAX_LINES: usize = 8;

    /// Summarise a dependency's releases as of `as_of`: non-yanked,
    /// non-prerelease releases published by then (undated ones count).
    pub fn from_releases(releases: &[Release], as_of: Timestamp) -> DependencyLatest {
        let mut live: Vec<&Release> = releases
            .iter()
            .filter(|r| !r.yanked && r.version.pre.is_empty())
            .filter(|r| r.pubtime.is_none_or(|t| t <= as_of))
            .collect();
        live.sort_by(|a, b| b.version.cmp(&a.version));
        let key = |v: &semver::Version| {
            if v.major > 0 {
                (v.major, u64::MAX)
            } else if v.minor > 0 {
                (0, v.minor)
            } else {
                // Every 0.0.x is its own line.
                (0, u64::MAX - 1 - v.patch.min(u64::MAX - 2))
            }
        };
        let mut lines: Vec<DependencyLine> = Vec::new();
        let mut current: Option<((u64, u64), DependencyLine, bool)> = None;
        for r in &live {
            let k = key(&r.version);
            match &mut current {
                Some((ck, line, no_msrv)) if *ck == k => {
                    line.first_published = match (line.first_published, r.pubtime) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    merge_msrv(line, no_msrv, r.rust_version.as_deref());
                }
                _ => {
                    if let Some((_, line, _)) = current.take() {
                        lines.push(line);
                        if lines.len() == Self::MAX_LINES {
                            break;
                        }
                    }
                    let mut line = DependencyLine {
                        latest: r.version.clone(),
                        first_published: r.pubtime,
                        min_rust_version: None,
                    };
                    let mut no_msrv = false;
                    merge_msrv(&mut line, &mut no_msrv, r.rust_version.as_deref());
                    current = Some((k, line, no_msrv));
                }
            }
        }
        if let Some((_, line, _)) = current
            && lines.len() < Self::MAX_LINES
        {
            lines.push(line);
        }
        DependencyLatest {
            latest: live.first().map(|r| r.version.clone()),
            lines,
        }
    }
}

/// Keep the lowest declared rust-version; once a release declares none, the
/// line has none.
fn merge_msrv(line: &mut DependencyLine, no_msrv: &mut bool, rv: Option<&str>) {
    if *no_msrv {
        return;
    }
    match rv {
        None => {
            *no_msrv = true;
            line.min_rust_version = None;
        }
        Some(v) => {
            let lower = match &line.min_rust_version {
                None => true,
                Some(cur) => rust_version_key(v) < rust_version_key(cur),
            };
            if lower {
                line.min_rust_version = Some(v.to_string());
            }
        }
    }
}

/// `1.70` / `1.70.1` as comparable numbers (unparsable parts count as 0).
pub fn rust_version_key(v: &str) -> (u64, u64, u64) {
    let mut it = v.trim().split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(v: &str, day: &str, rv: Option<&str>) -> Release {
        Release {
            name: "d".into(),
            version: semver::Version::parse(v).unwrap(),
            deps: Default::default(),
            cksum: String::new(),
            features: Default::default(),
            yanked: false,
            links: None,
            rust_version: rv.map(str::to_string),
            pubtime: Some(format!("{day}T00:00:00Z").parse().unwrap()),
        }
    }

    #[test]
    fn lines_newest_first_with_first_publish_and_lowest_msrv() {
        let mut yanked = rel("2.1.0", "2024-03-01", None);
        yanked.yanked = true;
        let rs = vec![
            rel("0.9.0", "2020-01-01", None),
            rel("1.0.0", "2021-01-01", Some("1.56")),
            rel("1.4.0", "2022-01-01", Some("1.60")),
            rel("2.0.0", "2024-01-01", Some("1.70")),
            rel("2.0.1", "2024-02-01", Some("1.65")),
            yanked,
            rel("3.0.0-rc.1", "2024-04-01", None),
            rel("3.0.0", "2030-01-01", None),
        ];
        let d = DependencyLatest::from_releases(&rs, "2025-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(d.latest, Some(semver::Version::new(2, 0, 1)));
        let summary: Vec<(String, String, Option<String>)> = d
            .lines
            .iter()
            .map(|l| {
                (
                    l.latest.to_string(),
                    l.first_published.unwrap().to_string(),
                    l.min_rust_version.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "2.0.1".into(),
                    "2024-01-01T00:00:00Z".into(),
                    Some("1.65".into())
                ),
                (
                    "1.4.0".into(),
                    "2021-01-01T00:00:00Z".into(),
                    Some("1.56".into())
                ),
                ("0.9.0".into(), "2020-01-01T00:00:00Z".into(), None),
            ]
        );
        assert!(rust_version_key("1.70") > rust_version_key("1.65.0"));
    }

    #[test]
    fn at_most_max_lines() {
        let rs: Vec<Release> = (1..20)
            .map(|m| rel(&format!("0.{m}.0"), "2020-01-01", None))
            .collect();
        let d = DependencyLatest::from_releases(&rs, "2025-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(d.lines.len(), DependencyLatest::MAX_LINES);
        assert_eq!(d.lines[0].latest.to_string(), "0.19.0");
    }

    #[test]
    fn a_deferred_value_reads_its_text_once_and_looks_like_the_value() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static READS: AtomicUsize = AtomicUsize::new(0);
        fn read(text: &str) -> Vec<String> {
            READS.fetch_add(1, Ordering::SeqCst);
            text.split(',').map(str::to_owned).collect()
        }
        let d = Deferred::from_text("a,b".into(), read);
        let shared = d.clone();
        assert_eq!(READS.load(Ordering::SeqCst), 0, "not read before asked");
        assert_eq!(d.len(), 2);
        assert_eq!(*shared, vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(READS.load(Ordering::SeqCst), 1, "clones share one reading");
        let given: Deferred<Vec<String>> = vec!["a".to_owned(), "b".to_owned()].into();
        assert_eq!(d, given);
        assert_ne!(d, Deferred::default());
        assert_eq!(format!("{d:?}"), format!("{:?}", *given));
        // Serialised as the value, and read back as one.
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, r#"["a","b"]"#);
        let back: Deferred<Vec<String>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert_eq!(READS.load(Ordering::SeqCst), 1);
    }
}
