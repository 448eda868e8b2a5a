//! Matching published versions to release tags.
//!
//! A version counts as tagged when a tag is named, ignoring ASCII case, in
//! one of the common release conventions: `1.2.3`, `v1.2.3`, and with the
//! crate name (either `-` or `_` spelling) as a prefix joined by `-`, `_`,
//! `@` or `/`, with or without `v` (`serde-1.2.3`, `serde-v1.2.3`,
//! `serde@1.2.3`, `serde/v1.2.3`…). It deliberately ignores what the tag
//! points at and when it was made: a tag is a release marker, not a date.

use std::collections::HashMap;

use crate::VersionTag;

/// Separators seen between a crate name and a version in monorepo tags.
const SEPARATORS: &[&str] = &["-", "_", "@", "/"];

/// For each version, the first tag (in [`candidates`] order) that marks it.
pub(crate) fn match_versions(
    tag_names: &[String],
    crate_name: &str,
    versions: &[String],
) -> Vec<VersionTag> {
    let by_lower: HashMap<String, &String> = tag_names
        .iter()
        .map(|t| (t.to_ascii_lowercase(), t))
        .collect();
    versions
        .iter()
        .filter_map(|version| {
            candidates(crate_name, version)
                .into_iter()
                .find_map(|c| by_lower.get(&c))
                .map(|tag| VersionTag {
                    version: version.clone(),
                    tag: (*tag).clone(),
                })
        })
        .collect()
}

/// Lower-cased tag names that would mark `version` of `crate_name`.
fn candidates(crate_name: &str, version: &str) -> Vec<String> {
    let version = version.trim().to_ascii_lowercase();
    let version = version.strip_prefix('v').unwrap_or(&version);
    let mut out = vec![version.to_string(), format!("v{version}")];
    let name = crate_name.trim().to_ascii_lowercase();
    if name.is_empty() {
        return out;
    }
    let mut names = vec![name.clone(), name.replace('_', "-"), name.replace('-', "_")];
    names.dedup();
    for n in &names {
        for sep in SEPARATORS {
            out.push(format!("{n}{sep}{version}"));
            out.push(format!("{n}{sep}v{version}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::match_versions;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn conventions_are_recognised() {
        let tags = names(&[
            "v1.0.0",
            "1.1.0",
            "my-crate-v1.2.0",
            "my_crate-1.3.0",
            "my-crate@1.4.0",
            "other-2.0.0",
            "V1.5.0",
        ]);
        let versions = names(&[
            "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "2.0.0", "1.6.0",
        ]);
        let found = match_versions(&tags, "my-crate", &versions);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|t| (t.version.as_str(), t.tag.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1.0.0", "v1.0.0"),
                ("1.1.0", "1.1.0"),
                ("1.2.0", "my-crate-v1.2.0"),
                ("1.3.0", "my_crate-1.3.0"),
                ("1.4.0", "my-crate@1.4.0"),
                ("1.5.0", "V1.5.0"),
            ]
        );
    }
}
