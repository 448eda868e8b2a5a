//! Crate-name validation and sparse-index file paths.
//!
//! Validation follows crates.io's rules for new names (non-empty, at most 64
//! characters, ASCII letters, digits, `-` and `_`, starting with a letter),
//! so a typo is reported before any request. Deliberately ignored: reserved
//! names (`std`, Windows device names), which only matter when publishing,
//! and `-`/`_` equivalence, which the index does not apply.

/// crates.io's `MAX_NAME_LENGTH` for crate names.
pub const MAX_NAME_LENGTH: usize = 64;

/// Why a crate name is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameProblem {
    /// The name is empty.
    #[error("the name is empty")]
    Empty,
    /// The name is longer than [`MAX_NAME_LENGTH`].
    #[error("the name is longer than 64 characters")]
    TooLong,
    /// The first character is not an ASCII letter.
    #[error("the name must start with an ASCII letter")]
    BadStart,
    /// A character other than ASCII alphanumerics, `-` and `_`.
    #[error("the name contains `{0}`; only ASCII letters, digits, `-` and `_` are allowed")]
    BadChar(char),
}

/// Checks `name` against crates.io's naming rules.
pub fn validate_crate_name(name: &str) -> Result<(), NameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(NameProblem::Empty);
    };
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(NameProblem::BadChar(bad));
    }
    if !first.is_ascii_alphabetic() {
        return Err(NameProblem::BadStart);
    }
    // All characters are ASCII by now, so bytes are characters.
    if name.len() > MAX_NAME_LENGTH {
        return Err(NameProblem::TooLong);
    }
    Ok(())
}

/// The directory part of a crate's index path, in the name's own case
/// (cargo's `{prefix}` download-template marker): `1`, `2`, `3/a`, `ab/cd`.
///
/// Expects a validated (ASCII) name; other input yields a best-effort prefix.
pub fn index_prefix(name: &str) -> String {
    let get = |range: std::ops::Range<usize>| name.get(range).unwrap_or_default();
    match name.len() {
        0 => String::new(),
        1 => "1".to_owned(),
        2 => "2".to_owned(),
        3 => format!("3/{}", get(0..1)),
        _ => format!("{}/{}", get(0..2), get(2..4)),
    }
}

/// The sparse-index path of a crate's file, lowercased as the index
/// requires (`itoa` → `it/oa/itoa`, `Serde` → `se/rd/serde`).
pub fn index_path(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    format!("{}/{lower}", index_prefix(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_cargo_layout() {
        assert_eq!(index_path("a"), "1/a");
        assert_eq!(index_path("ab"), "2/ab");
        assert_eq!(index_path("syn"), "3/s/syn");
        assert_eq!(index_path("itoa"), "it/oa/itoa");
        assert_eq!(index_path("semver"), "se/mv/semver");
        assert_eq!(index_path("Inflector"), "in/fl/inflector");
        assert_eq!(index_prefix("Inflector"), "In/fl");
    }

    #[test]
    fn names_are_validated_with_a_reason() {
        assert_eq!(validate_crate_name("serde_json"), Ok(()));
        assert_eq!(validate_crate_name("actix-web"), Ok(()));
        assert_eq!(validate_crate_name(""), Err(NameProblem::Empty));
        assert_eq!(validate_crate_name("1password"), Err(NameProblem::BadStart));
        assert_eq!(validate_crate_name("_x"), Err(NameProblem::BadStart));
        assert_eq!(validate_crate_name("a/b"), Err(NameProblem::BadChar('/')));
        assert_eq!(validate_crate_name("café"), Err(NameProblem::BadChar('é')));
        assert_eq!(validate_crate_name(&"a".repeat(64)), Ok(()));
        assert_eq!(
            validate_crate_name(&"a".repeat(65)),
            Err(NameProblem::TooLong)
        );
        assert_eq!(
            NameProblem::BadChar('.').to_string(),
            "the name contains `.`; only ASCII letters, digits, `-` and `_` are allowed"
        );
    }
}
