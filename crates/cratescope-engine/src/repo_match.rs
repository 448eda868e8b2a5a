//! Does `--repo` belong to the crate? `eval mycrate --repo ./mycrate` must
//! not silently score a crates.io `mycrate` with an unrelated history: when
//! the repository given (its URL, or a local checkout's `origin`) is not the
//! one the crate's manifest names, the evaluation says so in a warning.
//!
//! Compared: host and path, case-insensitive, without `.git` or a trailing
//! slash, whatever the scheme (https, ssh, scp-like). Deliberately ignored:
//! redirects and renamed repositories (a false warning costs a reader a look;
//! a missing one cost them a wrong card).

use std::path::Path;

use cratescope_model::{Arg, Message, msg};

/// `host/path` of a repository URL, normalised for comparison.
fn key(url: &str) -> Option<String> {
    let u = cratescope_git::normalize_repository_url(url).ok()?;
    if u.host.is_empty() {
        return None;
    }
    let path = u.path.trim_end_matches('/').trim_end_matches(".git");
    Some(format!("{}/{}", u.host, path).to_ascii_lowercase())
}

/// The `origin` URL of a local checkout, read from `.git/config`.
fn origin_of(dir: &Path) -> Option<String> {
    // A config file is small; a bound keeps a hostile one from costing memory.
    const MAX_CONFIG_BYTES: u64 = 1 << 20;
    let cfg = dir.join(".git").join("config");
    if std::fs::metadata(&cfg).ok()?.len() > MAX_CONFIG_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(cfg).ok()?;
    let mut in_origin = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_origin = l.replace(' ', "") == "[remote\"origin\"]";
        } else if in_origin
            && let Some((k, v)) = l.split_once('=')
            && k.trim() == "url"
        {
            return Some(v.trim().to_string());
        }
    }
    None
}

/// A warning when `repo` (the `--repo` value) is not the repository the
/// manifest names; none when they match or the manifest names none.
pub fn mismatch(name: &str, repo: &str, manifest: Option<&str>) -> Option<Message> {
    let manifest = manifest?;
    let want = key(manifest)?;
    let local = Path::new(repo);
    let (given, origin) = if local.is_dir() {
        match origin_of(local) {
            Some(o) => (key(&o), Some(o)),
            None => {
                return Some(msg!(
                    "repo-no-origin",
                    repo = Arg::code(repo),
                    krate = Arg::krate(name),
                    manifest = Arg::code(manifest)
                ));
            }
        }
    } else {
        (key(repo), None)
    };
    match given {
        Some(g) if g == want => None,
        _ => Some(match origin {
            Some(o) => msg!(
                "repo-mismatch-origin",
                repo = Arg::code(repo),
                origin = Arg::code(o),
                krate = Arg::krate(name),
                manifest = Arg::code(manifest)
            ),
            None => msg!(
                "repo-mismatch",
                repo = Arg::code(repo),
                krate = Arg::krate(name),
                manifest = Arg::code(manifest)
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_repository_in_another_spelling_matches() {
        assert_eq!(
            mismatch(
                "itoa",
                "git@github.com:dtolnay/itoa.git",
                Some("https://github.com/dtolnay/itoa")
            ),
            None
        );
        assert_eq!(
            mismatch(
                "itoa",
                "https://GitHub.com/dtolnay/itoa/",
                Some("https://github.com/dtolnay/itoa.git")
            ),
            None
        );
    }

    #[test]
    fn another_repository_or_a_checkout_without_origin_warns() {
        let w = mismatch(
            "mycrate",
            "https://github.com/me/other",
            Some("https://github.com/them/mycrate"),
        );
        assert!(w.is_some_and(|w| w.id == "repo-mismatch"));
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join(".git")).unwrap();
        std::fs::write(t.path().join(".git/config"), "[core]\n\tbare = false\n").unwrap();
        let dir = t.path().display().to_string();
        let w = mismatch("mycrate", &dir, Some("https://github.com/them/mycrate"));
        assert!(w.is_some_and(|w| w.id == "repo-no-origin"));
        std::fs::write(
            t.path().join(".git/config"),
            "[remote \"origin\"]\n\turl = https://github.com/them/mycrate.git\n",
        )
        .unwrap();
        assert_eq!(
            mismatch("mycrate", &dir, Some("https://github.com/them/mycrate")),
            None
        );
    }
}
