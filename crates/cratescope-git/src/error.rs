//! The error type of this crate: one variant per thing that can fail, each
//! naming the repository, URL or object involved, with the cause chained as
//! `source` (never formatted into the message).
//!
//! Problems that do not stop an analysis (a shallow clone, an oversized
//! workflow file, an unreadable `.mailmap`) are not errors: they are returned
//! as [`GitFacts::warnings`](crate::GitFacts::warnings).

use std::path::PathBuf;

use cratescope_model::{Arg, Message, msg};

/// The innermost cause's text (a network or TLS failure in its own words).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// A boxed cause, as gitoxide and the standard library report them.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a repository could not be analysed, cloned or fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GitError {
    /// The path is not a git repository, or it could not be opened.
    #[error("failed to open git repository at `{path}`")]
    Open {
        /// The path that was given.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// `HEAD` could not be resolved to a commit (other than an empty repository).
    #[error("failed to resolve HEAD of git repository at `{path}`")]
    Head {
        /// The repository.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The repository has no commits (its `HEAD` is unborn).
    #[error("git repository at `{path}` has no commits")]
    Empty {
        /// The repository.
        path: PathBuf,
    },
    /// A commit or tree object could not be read or decoded (missing or corrupt).
    #[error("failed to read object `{id}` in git repository at `{path}`")]
    Object {
        /// The repository.
        path: PathBuf,
        /// The hex id of the object.
        id: String,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The references (tags) could not be listed.
    #[error("failed to list references of git repository at `{path}`")]
    References {
        /// The repository.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// The URL is not one this crate can clone.
    #[error("unsupported repository url `{url}`: {reason}")]
    UnsupportedUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: UrlProblem,
    },
    /// A repository named by crate metadata resolves to an address this
    /// program does not connect to on a crate's word (loopback, private,
    /// link-local…), or does not resolve at all.
    #[error("refused to connect to `{host}` for `{url}`: {problem}")]
    Address {
        /// The URL.
        url: String,
        /// The host name.
        host: String,
        /// What was wrong with its addresses.
        problem: AddressProblem,
    },
    /// Offline mode was requested and the cache holds no clone of the URL.
    #[error("no cached clone of `{url}` under `{cache_dir}` while offline")]
    NotCached {
        /// The normalised clone URL.
        url: String,
        /// The cache directory that was searched.
        cache_dir: PathBuf,
    },
    /// Cloning failed (missing or private repository, network, transport).
    #[error("failed to clone `{url}`")]
    Clone {
        /// The normalised clone URL.
        url: String,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// Fetching into an existing cached clone failed.
    #[error("failed to fetch `{url}` into `{path}`")]
    Fetch {
        /// The normalised clone URL.
        url: String,
        /// The cached clone.
        path: PathBuf,
        /// The cause reported by gitoxide.
        #[source]
        source: BoxError,
    },
    /// A cache directory could not be created, renamed or removed.
    #[error("failed to prepare clone cache directory `{path}`")]
    Cache {
        /// The directory involved.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Why a repository URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlProblem {
    /// Nothing was given.
    #[error("the url is empty")]
    Empty,
    /// Not a URL, an scp-like address or an absolute path.
    #[error("not a url with a scheme, an scp-like address or an absolute path")]
    NotAUrl,
    /// A scheme that cannot be cloned.
    #[error("only https, http, git, ssh and file urls can be cloned")]
    Scheme,
    /// No host.
    #[error("the url has no host")]
    NoHost,
    /// crates.io, docs.rs, lib.rs: not git.
    #[error("the host serves packages or documentation, not git")]
    NotGitHost,
    /// A forge URL without `owner/name`.
    #[error("the url names no owner/repository")]
    NoOwnerRepository,
    /// A GitLab URL without `group/name`.
    #[error("the url names no group/repository")]
    NoGroupRepository,
    /// No repository path.
    #[error("the url names no repository path")]
    NoRepositoryPath,
    /// Crate metadata named something other than an https URL.
    #[error("a repository from crate metadata must be an https url")]
    MetadataNotHttps,
    /// Crate metadata named a URL with credentials.
    #[error("a repository from crate metadata may not carry credentials")]
    MetadataCredentials,
    /// Crate metadata named a port.
    #[error(
        "a repository from crate metadata may not name a port (allow the host in the configuration to use one)"
    )]
    MetadataPort,
    /// Crate metadata named a host that is not a public name.
    #[error(
        "a repository from crate metadata must be on a public host name (allow the host in the configuration to use another)"
    )]
    MetadataPrivateName,
    /// Crate metadata named a local path.
    #[error("a repository from crate metadata must be remote")]
    MetadataLocal,
}

impl UrlProblem {
    /// What a user reads.
    pub fn message(&self) -> Message {
        match self {
            UrlProblem::Empty => msg!("git-url-empty"),
            UrlProblem::NotAUrl => msg!("git-url-not-a-url"),
            UrlProblem::Scheme => msg!("git-url-scheme"),
            UrlProblem::NoHost => msg!("git-url-no-host"),
            UrlProblem::NotGitHost => msg!("git-url-not-git-host"),
            UrlProblem::NoOwnerRepository => msg!("git-url-no-owner-repository"),
            UrlProblem::NoGroupRepository => msg!("git-url-no-group-repository"),
            UrlProblem::NoRepositoryPath => msg!("git-url-no-repository-path"),
            UrlProblem::MetadataNotHttps => msg!("git-url-metadata-not-https"),
            UrlProblem::MetadataCredentials => msg!("git-url-metadata-credentials"),
            UrlProblem::MetadataPort => msg!("git-url-metadata-port"),
            UrlProblem::MetadataPrivateName => msg!("git-url-metadata-private-name"),
            UrlProblem::MetadataLocal => msg!("git-url-metadata-local"),
        }
    }
}

/// Why the addresses of a host named by crate metadata were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressProblem {
    /// The name resolves to an address that is not public.
    #[error("it resolves to {addr}, which is not a public address")]
    NotPublic {
        /// The first refused address.
        addr: std::net::IpAddr,
    },
    /// The name does not resolve.
    #[error("it does not resolve: {why}")]
    Unresolved {
        /// The resolver's words.
        why: String,
    },
}

impl GitError {
    /// What a user reads. Errors met while reading a repository's files
    /// (opening it, resolving HEAD, reading objects or references) never
    /// carry the library's own text: it can quote the file it failed to
    /// parse, and a symbolic link makes that any file on the machine (a
    /// `.git/HEAD` pointing at the process environment, say). Network and
    /// cache errors keep their cause's words.
    pub fn message(&self) -> Message {
        let path = |p: &std::path::Path| Arg::code(p.display().to_string());
        let url = |u: &str| Arg::code(u.to_string());
        match self {
            GitError::Open { path: p, .. } => msg!("git-open", path = path(p)),
            GitError::Head { path: p, .. } => msg!("git-head", path = path(p)),
            GitError::Empty { path: p } => msg!("git-empty", path = path(p)),
            GitError::Object { path: p, id, .. } => {
                msg!("git-object", path = path(p), id = Arg::id(id.clone()))
            }
            GitError::References { path: p, .. } => msg!("git-references", path = path(p)),
            GitError::UnsupportedUrl { url: u, reason } => {
                msg!("git-url-refused", url = url(u), why = reason.message())
            }
            GitError::Address {
                url: u,
                host,
                problem,
            } => match problem {
                AddressProblem::NotPublic { addr } => msg!(
                    "git-address-not-public",
                    url = url(u),
                    host = Arg::code(host.clone()),
                    addr = Arg::code(addr.to_string())
                ),
                AddressProblem::Unresolved { why } => msg!(
                    "git-address-unresolved",
                    url = url(u),
                    host = Arg::code(host.clone()),
                    why = Arg::text(why.clone())
                ),
            },
            GitError::NotCached { url: u, .. } => msg!("git-not-cached", url = url(u)),
            GitError::Clone { url: u, source } => {
                msg!(
                    "git-clone",
                    url = url(u),
                    why = Arg::text(root_cause(&**source))
                )
            }
            GitError::Fetch { url: u, source, .. } => {
                msg!(
                    "git-fetch",
                    url = url(u),
                    why = Arg::text(root_cause(&**source))
                )
            }
            GitError::Cache { path: p, source } => msg!(
                "git-cache",
                path = path(p),
                why = Arg::text(source.to_string())
            ),
        }
    }

    pub(crate) fn object(
        path: &std::path::Path,
        id: impl ToString,
        source: impl Into<BoxError>,
    ) -> Self {
        GitError::Object {
            path: path.to_path_buf(),
            id: id.to_string(),
            source: source.into(),
        }
    }
}
