//! Helping with a crate name the registry does not know: cargo treats `-`
//! and `_` alike (`actix_web` is `actix-web`), and a typo (`serd`) gets a
//! "did you mean". Candidates for suggestions are names this machine already
//! knows, so no registry-wide name list is downloaded: the built-in catalog
//! and the crates in cargo's local index cache.

use std::path::PathBuf;

/// The other spellings cargo accepts for a name: `-` and `_` swapped
/// (all of them one way, then the other), without the name itself.
pub fn separator_variants(name: &str) -> Vec<String> {
    let mut v = Vec::new();
    for alt in [name.replace('_', "-"), name.replace('-', "_")] {
        if alt != name && !v.contains(&alt) {
            v.push(alt);
        }
    }
    v
}

/// Edit distance (insertions, deletions, substitutions, and swaps of two
/// neighbours, the commonest typo), ASCII-lowercased.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, x) in d[0].iter_mut().enumerate() {
        *x = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The closest candidates to `name`: within a third of its length (at least
/// one edit, at most three), closest first, at most `max`.
pub fn similar(name: &str, candidates: &[String], max: usize) -> Vec<String> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let norm = |s: &str| s.replace('_', "-").to_ascii_lowercase();
    let n = norm(name);
    let mut scored: Vec<(usize, &String)> = candidates
        .iter()
        .filter(|c| norm(c) != n)
        .map(|c| (distance(&n, &norm(c)), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(max)
        .map(|(_, c)| c.clone())
        .collect()
}

/// Crate names known on this machine: the built-in catalog and cargo's
/// index cache (`$CARGO_HOME/registry/index/*/.cache`, file names only).
pub fn known_names(cargo_home: Option<&std::path::Path>) -> Vec<String> {
    let mut names = crate::catalog::builtin().crates();
    let home = cargo_home.map(PathBuf::from).or_else(|| {
        std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| dirs::home_dir().map(|h| h.join(".cargo")))
    });
    let Some(home) = home else {
        return names;
    };
    // The cache is a shallow tree (1/, 2/, 3/x/, ab/cd/); a bound on the
    // number of entries keeps a huge cache from slowing an error message.
    const MAX_ENTRIES: usize = 200_000;
    let mut seen = 0;
    let Ok(registries) = std::fs::read_dir(home.join("registry/index")) else {
        return names;
    };
    let mut stack: Vec<(PathBuf, u8)> = registries
        .filter_map(Result::ok)
        .map(|r| (r.path().join(".cache"), 0))
        .collect();
    while let Some((dir, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.filter_map(Result::ok) {
            seen += 1;
            if seen > MAX_ENTRIES {
                return names;
            }
            let Ok(ft) = e.file_type() else { continue };
            let name = e.file_name().to_string_lossy().into_owned();
            if ft.is_dir() && depth < 3 && !name.starts_with('.') {
                stack.push((e.path(), depth + 1));
            } else if ft.is_file() && cratescope_index::validate_crate_name(&name).is_ok() {
                names.push(name);
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_swap_like_cargo() {
        assert_eq!(separator_variants("actix_web"), ["actix-web"]);
        assert_eq!(separator_variants("a-b_c"), ["a-b-c", "a_b_c"]);
        assert!(separator_variants("serde").is_empty());
    }

    #[test]
    fn typos_get_the_nearest_known_names() {
        let c: Vec<String> = ["serde", "serde_json", "tokio", "semver"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(similar("serd", &c, 3), ["serde"]);
        assert_eq!(similar("toiko", &c, 3), ["tokio"]);
        assert!(similar("zzzzzz", &c, 3).is_empty());
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("toiko", "tokio"), 1);
    }
}
