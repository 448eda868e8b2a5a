//! Normalising a crate's `repository` URL into something to clone and a
//! stable cache location.
//!
//! Handles the shapes found in crate manifests: `http(s)://`, `www.`,
//! trailing `.git` or `/`, GitHub/Codeberg `/tree/<branch>/<path>` and
//! GitLab `/-/tree/…` suffixes, `git://`, `ssh://`, scp-like
//! `git@host:owner/name`, `file://` and absolute local paths. Refuses other
//! schemes and hosts that serve documentation or packages rather than git
//! (crates.io, docs.rs, lib.rs). It does not contact the host.

use crate::GitError;
use crate::error::UrlProblem;

/// Hosts whose repositories live at exactly `owner/name`, and accept https.
const FORGES_TWO_SEGMENTS: &[&str] = &["github.com", "codeberg.org", "bitbucket.org"];
/// GitLab allows nested groups; the repository path ends before `/-/`.
const GITLAB: &str = "gitlab.com";
/// Hosts that appear in `repository` fields but never serve git.
const NOT_GIT_HOSTS: &[&str] = &["crates.io", "docs.rs", "lib.rs"];

/// A repository URL ready to clone, and where its clone lives in a cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoUrl {
    /// The URL handed to gitoxide.
    pub clone_url: String,
    /// Lower-cased host without `www.`, or `local` for paths and `file://`.
    pub host: String,
    /// Repository path on the host (`owner/name` on GitHub), without `.git`.
    pub path: String,
}

impl RepoUrl {
    /// The clone's directory relative to a cache root: `host/path.git`, with
    /// every character outside `[A-Za-z0-9._-]` replaced so that no URL can
    /// escape the cache (`..` segments are replaced too).
    pub fn cache_relative_path(&self) -> std::path::PathBuf {
        let mut out = std::path::PathBuf::from(sanitize(&self.host));
        let segments: Vec<String> = self
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(sanitize)
            .collect();
        for (i, seg) in segments.iter().enumerate() {
            if i + 1 == segments.len() {
                out.push(format!("{seg}.git"));
            } else {
                out.push(seg);
            }
        }
        out
    }
}

fn sanitize(segment: &str) -> String {
    let cleaned: String = segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.chars().all(|c| c == '.') {
        cleaned.replace('.', "_")
    } else {
        cleaned
    }
}

fn unsupported(url: &str, reason: UrlProblem) -> GitError {
    GitError::UnsupportedUrl {
        url: url.to_string(),
        reason,
    }
}

/// Normalise a repository URL; see the module docs for what is accepted.
pub fn normalize_repository_url(url: &str) -> Result<RepoUrl, GitError> {
    let raw = url.trim();
    if raw.is_empty() {
        return Err(unsupported(url, UrlProblem::Empty));
    }
    if raw.starts_with('/') {
        return Ok(local(raw, raw));
    }
    if let Some(rest) = raw.strip_prefix("file://") {
        return Ok(local(raw, rest));
    }

    let (scheme, rest, path_sep) = match raw.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest, '/'),
        None => match scp_like(raw) {
            Some(rest) => ("ssh".to_string(), rest, ':'),
            None => {
                return Err(unsupported(url, UrlProblem::NotAUrl));
            }
        },
    };
    if !matches!(scheme.as_str(), "https" | "http" | "git" | "ssh") {
        return Err(unsupported(url, UrlProblem::Scheme));
    }
    let (authority, path) = rest.split_once(path_sep).unwrap_or((rest, ""));
    let (user, hostport) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    };
    let host = hostport.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() {
        return Err(unsupported(url, UrlProblem::NoHost));
    }
    if NOT_GIT_HOSTS.contains(&host.as_str()) {
        return Err(unsupported(url, UrlProblem::NotGitHost));
    }
    // Query strings and fragments are never part of a clone path.
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();

    let repo_segments: Vec<String> = if FORGES_TWO_SEGMENTS.contains(&host.as_str()) {
        if segments.len() < 2 {
            return Err(unsupported(url, UrlProblem::NoOwnerRepository));
        }
        // Forge paths are case-insensitive; lower-case for one cache entry.
        segments[..2]
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect()
    } else if host == GITLAB {
        let end = segments
            .iter()
            .position(|s| *s == "-")
            .unwrap_or(segments.len());
        if end < 2 {
            return Err(unsupported(url, UrlProblem::NoGroupRepository));
        }
        segments[..end]
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect()
    } else {
        let end = segments
            .iter()
            .position(|s| matches!(*s, "-" | "tree" | "blob" | "src"))
            .unwrap_or(segments.len());
        if end == 0 {
            return Err(unsupported(url, UrlProblem::NoRepositoryPath));
        }
        segments[..end].iter().map(|s| s.to_string()).collect()
    };
    let mut repo_path = repo_segments.join("/");
    if let Some(stripped) = repo_path.strip_suffix(".git") {
        repo_path = stripped.to_string();
    }
    if repo_path.is_empty() || repo_path.split('/').any(|s| s.is_empty()) {
        return Err(unsupported(url, UrlProblem::NoRepositoryPath));
    }

    let known_forge = FORGES_TWO_SEGMENTS.contains(&host.as_str()) || host == GITLAB;
    let clone_url = match scheme.as_str() {
        // Forges serve https; plain http would only be redirected.
        "http" | "https" if known_forge => format!("https://{host}/{repo_path}"),
        "http" | "https" | "git" => format!("{scheme}://{hostport}/{repo_path}"),
        _ => {
            let user = user.map(|u| format!("{u}@")).unwrap_or_default();
            format!("ssh://{user}{hostport}/{repo_path}")
        }
    };
    Ok(RepoUrl {
        clone_url,
        host,
        path: repo_path,
    })
}

/// A repository as a user names it (`eval --repo`): a local checkout or a
/// URL to clone. The one rule the project uses to tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoArg {
    /// A directory on this machine (a plain path, or a `file://` URL).
    Local(std::path::PathBuf),
    /// A URL with a scheme (`https://…`, `ssh://…`, `git://…`) or an
    /// scp-like address (`git@host:owner/name`).
    Remote(String),
}

impl RepoArg {
    /// Classify without touching the file system or the network.
    pub fn parse(repo: &str) -> RepoArg {
        let repo = repo.trim();
        if let Some(path) = repo.strip_prefix("file://") {
            return RepoArg::Local(std::path::PathBuf::from(path));
        }
        if repo.contains("://") || scp_like(repo).is_some() {
            return RepoArg::Remote(repo.to_string());
        }
        RepoArg::Local(std::path::PathBuf::from(repo))
    }

    /// True for a URL to clone.
    pub fn is_remote(&self) -> bool {
        matches!(self, RepoArg::Remote(_))
    }
}

/// `user@host:path` (no scheme, a colon before the first slash).
fn scp_like(raw: &str) -> Option<&str> {
    let colon = raw.find(':')?;
    let slash = raw.find('/').unwrap_or(usize::MAX);
    (colon < slash && raw[..colon].contains('@')).then_some(raw)
}

fn local(raw: &str, path: &str) -> RepoUrl {
    let trimmed = path.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    RepoUrl {
        clone_url: raw.to_string(),
        host: "local".to_string(),
        path: trimmed.trim_start_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(u: &str) -> (String, String, String) {
        let r = normalize_repository_url(u).unwrap_or_else(|e| panic!("{u}: {e}"));
        (r.clone_url, r.host, r.path)
    }

    #[test]
    fn github_shapes_normalise_to_one() {
        for u in [
            "https://github.com/dtolnay/itoa",
            "https://github.com/dtolnay/itoa.git",
            "http://www.github.com/dtolnay/itoa/",
            "https://GitHub.com/DTolnay/Itoa/tree/master/src",
            "git@github.com:dtolnay/itoa.git",
            "https://github.com/dtolnay/itoa#readme",
        ] {
            let (clone, host, path) = norm(u);
            assert_eq!(host, "github.com", "{u}");
            assert_eq!(path, "dtolnay/itoa", "{u}");
            if u.starts_with("http") {
                assert_eq!(clone, "https://github.com/dtolnay/itoa", "{u}");
            } else {
                assert_eq!(clone, "ssh://git@github.com/dtolnay/itoa", "{u}");
            }
        }
    }

    #[test]
    fn gitlab_and_other_hosts() {
        assert_eq!(
            norm("https://gitlab.com/group/sub/proj/-/tree/main").2,
            "group/sub/proj"
        );
        assert_eq!(
            norm("https://git.sr.ht/~user/repo").0,
            "https://git.sr.ht/~user/repo"
        );
        assert_eq!(norm("file:///tmp/x/repo.git").1, "local");
    }

    #[test]
    fn refusals() {
        for u in [
            "",
            "https://crates.io/crates/serde",
            "https://github.com/dtolnay",
            "mailto:someone@example.org",
            "ftp://example.org/repo",
            "not a url",
            "https:///nohost",
        ] {
            assert!(
                matches!(
                    normalize_repository_url(u),
                    Err(GitError::UnsupportedUrl { .. })
                ),
                "{u} should be refused"
            );
        }
    }

    #[test]
    fn one_rule_tells_a_checkout_from_a_url() {
        for remote in [
            "https://github.com/dtolnay/itoa",
            "ssh://git@host/x/y",
            "git@github.com:dtolnay/itoa.git",
            "me@host:repo",
        ] {
            assert!(RepoArg::parse(remote).is_remote(), "{remote}");
        }
        for local in [
            "./itoa",
            "/srv/git/itoa",
            "file:///tmp/x",
            "dir:with/colon",
            "C:\\src",
        ] {
            assert!(!RepoArg::parse(local).is_remote(), "{local}");
        }
        assert_eq!(
            RepoArg::parse("file:///tmp/x"),
            RepoArg::Local("/tmp/x".into())
        );
    }

    #[test]
    fn cache_paths_cannot_escape() {
        let r = RepoUrl {
            clone_url: String::new(),
            host: "evil.example".into(),
            path: "../../etc/passwd".into(),
        };
        let p = r.cache_relative_path();
        assert!(
            p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        );
        assert_eq!(
            p,
            std::path::PathBuf::from("evil.example/__/__/etc/passwd.git")
        );
    }
}

/// The repository a crate's *metadata* names, accepted only as a remote
/// https URL on a public host, ready to clone.
///
/// Crate metadata is written by whoever published the crate: a `repository`
/// of `/proc/self/environ`, `.`, `file:///…`, `http://127.0.0.1:8080/…` or
/// `ssh://internal-host/…` would make cratescope read local files or talk to
/// hosts the user never chose. So: `http(s)://` only (upgraded to https),
/// a DNS host name with a dot (no IP literal, no `localhost`, no `.local` or
/// `.internal` names), no explicit port other than 443 and no credentials —
/// unless the user's own configuration lists the host in `allowed_hosts`
/// (an internal forge), which then also permits its port and scheme.
pub fn remote_from_metadata(url: &str, allowed_hosts: &[String]) -> Result<RepoUrl, GitError> {
    let refused = |reason: UrlProblem| unsupported(url, reason);
    let raw = url.trim();
    let Some((scheme, rest)) = raw.split_once("://") else {
        return Err(refused(UrlProblem::MetadataNotHttps));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (creds, hostport) = match authority.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, authority),
    };
    let (host, port) = split_port(hostport);
    let host = host.to_ascii_lowercase();
    let bare = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if allowed_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&bare) || h.eq_ignore_ascii_case(&host))
    {
        return normalize_repository_url(raw);
    }
    if !matches!(scheme.to_ascii_lowercase().as_str(), "https" | "http") {
        return Err(refused(UrlProblem::MetadataNotHttps));
    }
    if creds.is_some() {
        return Err(refused(UrlProblem::MetadataCredentials));
    }
    if port.is_some_and(|p| p != "443") {
        return Err(refused(UrlProblem::MetadataPort));
    }
    if !is_public_host_name(&host) {
        return Err(refused(UrlProblem::MetadataPrivateName));
    }
    // The default port is dropped so `github.com:443` is github.com.
    let rest = match port {
        Some(_) => rest.replacen(hostport, &host, 1),
        None => rest.to_string(),
    };
    let mut normalized = normalize_repository_url(&format!("https://{rest}"))?;
    if normalized.host == "local" {
        return Err(refused(UrlProblem::MetadataLocal));
    }
    if !normalized.clone_url.starts_with("https://") {
        normalized.clone_url = format!("https://{}/{}", normalized.host, normalized.path);
    }
    Ok(normalized)
}

/// `host` and `port` of `host[:port]` (IPv6 literals in brackets kept whole).
fn split_port(hostport: &str) -> (&str, Option<&str>) {
    if hostport.starts_with('[') {
        return match hostport.find(']') {
            Some(end) => {
                let port = hostport[end + 1..].strip_prefix(':');
                (&hostport[..=end], port)
            }
            None => (hostport, None),
        };
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (hostport, None),
    }
}

/// A DNS name a public forge could have: dotted labels of letters, digits and
/// hyphens, not an IP address, not a name that only resolves inside a network.
fn is_public_host_name(host: &str) -> bool {
    const PRIVATE_SUFFIXES: &[&str] =
        &[".local", ".internal", ".lan", ".home", ".corp", ".intranet"];
    // A name without a dot (`localhost`, an intranet host) is not refused
    // here: what it resolves to is checked before anything connects
    // (`address.rs`), and that is the check that holds.
    if host.is_empty() || host.len() > 253 || host.starts_with('[') {
        return false;
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return false;
    }
    let labels_ok = host.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    });
    // The top-level label is never all digits (that would be an IPv4 form
    // such as 127.1 or 0x7f.1 that resolvers accept).
    let tld_alpha = host
        .rsplit('.')
        .next()
        .is_some_and(|t| t.chars().any(|c| c.is_ascii_alphabetic()) && !t.starts_with("0x"));
    labels_ok && tld_alpha && !PRIVATE_SUFFIXES.iter().any(|s| host.ends_with(s))
}

#[cfg(test)]
mod metadata_tests {
    use super::*;

    #[test]
    fn public_https_urls_are_accepted_and_upgraded() {
        let r = remote_from_metadata("http://github.com/dtolnay/itoa", &[]).unwrap();
        assert_eq!(r.clone_url, "https://github.com/dtolnay/itoa");
        let r = remote_from_metadata("https://git.sr.ht/~user/project", &[]).unwrap();
        assert_eq!(r.host, "git.sr.ht");
        assert!(r.clone_url.starts_with("https://"));
        let r = remote_from_metadata("https://github.com:443/o/r", &[]).unwrap();
        assert_eq!(r.clone_url, "https://github.com/o/r");
    }

    #[test]
    fn local_paths_and_private_hosts_from_metadata_are_refused() {
        for url in [
            "/proc/self/environ",
            "/etc/passwd",
            ".",
            "..",
            "file:///home/user/repo",
            "http://127.0.0.1:18431/internal-admin/repo.git",
            "https://127.0.0.1/x/y",
            "https://[::1]/x/y",
            "https://git.corp/x/y",
            "https://gitlab.internal/x/y",
            "https://example.com:8443/x/y",
            "https://user:pass@github.com/x/y",
            "ssh://git@github.com/x/y",
            "git@github.com:x/y.git",
            "git://github.com/x/y",
            "https://0x7f.1/x/y",
            "https://2130706433/x/y",
            "",
        ] {
            let err = remote_from_metadata(url, &[]);
            assert!(err.is_err(), "{url} was accepted: {err:?}");
        }
    }

    #[test]
    fn the_users_configuration_can_allow_an_internal_host() {
        let allowed = vec!["git.corp".to_string()];
        let r = remote_from_metadata("https://git.corp/team/repo", &allowed).unwrap();
        assert_eq!(r.host, "git.corp");
        assert!(remote_from_metadata("https://other.corp/team/repo", &allowed).is_err());
    }
}
