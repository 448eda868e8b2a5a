//! What to evaluate: one [`Request`] type for every caller (`eval`,
//! `compare`, `report`, `audit`, `update`, `backfill`, the server), handed
//! to the one entry, [`crate::Evaluator::evaluate`].

use std::path::PathBuf;

use jiff::civil::Date;
use semver::{Version, VersionReq};

pub use cratescope_index::VersionWanted;

use crate::error::Error;

/// A crate to evaluate: `name` or `name@version` (an exact version or a
/// requirement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSpec {
    /// Crate name as given.
    pub name: String,
    /// Requested version or requirement.
    pub version: Option<VersionWanted>,
}

impl CrateSpec {
    /// Parse `name[@version]`, checking the name against crates.io's rules.
    pub fn parse(s: &str) -> Result<CrateSpec, Error> {
        let (name, ver) = match s.split_once('@') {
            Some((n, v)) => (n, Some(v)),
            None => (s, None),
        };
        cratescope_index::validate_crate_name(name).map_err(|problem| Error::InvalidName {
            name: name.to_string(),
            problem,
        })?;
        let version = match ver {
            None => None,
            Some(v) => match Version::parse(v) {
                Ok(v) => Some(VersionWanted::Exact(v)),
                Err(_) => match VersionReq::parse(v) {
                    Ok(r) => Some(VersionWanted::Req(r)),
                    Err(source) => {
                        return Err(Error::InvalidVersion {
                            name: name.to_string(),
                            version: v.to_string(),
                            source,
                        });
                    }
                },
            },
        };
        Ok(CrateSpec {
            name: name.to_string(),
            version,
        })
    }

    /// The latest release of `name`.
    pub fn latest(name: impl Into<String>) -> CrateSpec {
        CrateSpec {
            name: name.into(),
            version: None,
        }
    }
}

/// Where the crate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A published crate, read from the registry.
    Registry(CrateSpec),
    /// A local, unpublished crate's directory (`eval --path`): no registry
    /// data.
    Path(PathBuf),
}

/// One evaluation to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The crate.
    pub target: Target,
    /// The day to evaluate as of (None: the evaluator's day).
    pub as_of: Option<Date>,
    /// The crates the build really pulls in (a lockfile's closure, for
    /// `audit`), scored for dependency weight and tree advisories instead
    /// of a tree resolved from the index.
    pub tree: Option<Vec<(String, Version)>>,
    /// A name the registry does not know is tried in cargo's other spelling
    /// (`actix_web` → `actix-web`), and a typo gets the closest known names
    /// in the error. Off for names that come from data (a lockfile, the
    /// tracked set), which are exact.
    pub resolve_name: bool,
}

impl Request {
    /// A published crate, exactly as named.
    pub fn registry(spec: CrateSpec) -> Request {
        Request {
            target: Target::Registry(spec),
            as_of: None,
            tree: None,
            resolve_name: false,
        }
    }

    /// A crate as a user typed it (`name[@version]`): parsed, and resolved
    /// like cargo resolves names.
    pub fn named(arg: &str) -> Result<Request, Error> {
        Ok(Request::registry(CrateSpec::parse(arg)?).resolving())
    }

    /// A local crate's directory.
    pub fn path(dir: impl Into<PathBuf>) -> Request {
        Request {
            target: Target::Path(dir.into()),
            as_of: None,
            tree: None,
            resolve_name: false,
        }
    }

    /// As of another day.
    pub fn at(mut self, day: Date) -> Request {
        self.as_of = Some(day);
        self
    }

    /// Scored on this tree (see [`Request::tree`]).
    pub fn with_tree(mut self, tree: Vec<(String, Version)>) -> Request {
        self.tree = Some(tree);
        self
    }

    /// Resolve the name as a user's (see [`Request::resolve_name`]).
    pub fn resolving(mut self) -> Request {
        self.resolve_name = true;
        self
    }

    /// What the request is about, for progress and errors: the crate name,
    /// or the directory.
    pub fn label(&self) -> String {
        match &self.target {
            Target::Registry(spec) => spec.name.clone(),
            Target::Path(p) => p.display().to_string(),
        }
    }
}

impl From<CrateSpec> for Request {
    fn from(spec: CrateSpec) -> Request {
        Request::registry(spec)
    }
}

impl From<&CrateSpec> for Request {
    fn from(spec: &CrateSpec) -> Request {
        Request::registry(spec.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_names_versions_and_requirements() {
        let s = CrateSpec::parse("serde@1.0.100").unwrap();
        assert_eq!(
            s.version,
            Some(VersionWanted::Exact(Version::new(1, 0, 100)))
        );
        let r = CrateSpec::parse("serde@^1.0").unwrap();
        assert!(matches!(r.version, Some(VersionWanted::Req(_))));
        assert!(matches!(
            CrateSpec::parse("9lives"),
            Err(Error::InvalidName { .. })
        ));
        assert!(matches!(
            CrateSpec::parse("serde@nope!"),
            Err(Error::InvalidVersion { .. })
        ));
        let req = Request::named("actix_web").unwrap();
        assert!(req.resolve_name);
        assert_eq!(req.label(), "actix_web");
    }
}
