//! Parsing one advisory file: a fenced ```` ```toml ```` block with
//! `[advisory]`, `[affected]` and `[versions]`, then a `# Title` line and a
//! Markdown body.
//!
//! Unknown TOML keys are ignored so that new fields in the database never
//! break loading. Mandatory: `id`, `package`, `date` and the title. A missing
//! `[versions]` table is read as "no version is patched" (every version
//! affected), the cautious reading. Any invalid value (bad date, bad version
//! requirement) rejects the whole file, because a half-understood advisory
//! could wrongly clear a version.

use crate::error::ParseError;
use crate::model::{Advisory, AdvisoryKind, Affected, Collection, CvssScore, Severity};
use jiff::civil::Date;
use semver::VersionReq;
use serde::Deserialize;

const FENCE_OPEN: &str = "```toml";
const FENCE_CLOSE: &str = "```";

#[derive(Deserialize)]
struct RawFile {
    advisory: RawAdvisory,
    #[serde(default)]
    affected: Affected,
    #[serde(default)]
    versions: RawVersions,
}

#[derive(Deserialize)]
struct RawAdvisory {
    id: String,
    package: String,
    date: Date,
    #[serde(default)]
    informational: Option<String>,
    #[serde(default)]
    withdrawn: Option<Date>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    cvss: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawVersions {
    #[serde(default)]
    patched: Vec<VersionReq>,
    #[serde(default)]
    unaffected: Vec<VersionReq>,
}

/// Parse the text of one advisory file. `path` is the file's path relative
/// to the database root, stored for evidence.
pub(crate) fn parse_advisory(
    text: &str,
    collection: Collection,
    path: String,
) -> Result<Advisory, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let first = lines
        .by_ref()
        .find(|l| !l.trim().is_empty())
        .ok_or(ParseError::NoFrontMatter)?;
    if first.trim() != FENCE_OPEN {
        return Err(ParseError::NoFrontMatter);
    }
    let mut toml_text = String::new();
    let mut closed = false;
    for line in lines.by_ref() {
        if line.trim() == FENCE_CLOSE {
            closed = true;
            break;
        }
        toml_text.push_str(line);
        toml_text.push('\n');
    }
    if !closed {
        return Err(ParseError::UnterminatedFrontMatter);
    }
    let raw: RawFile = toml::from_str(&toml_text).map_err(ParseError::Toml)?;

    let title = lines
        .by_ref()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.trim().strip_prefix("# "))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or(ParseError::MissingTitle)?;
    let description = lines.collect::<Vec<_>>().join("\n").trim().to_owned();

    let a = raw.advisory;
    let cvss = a.cvss.as_deref().map(score_cvss).transpose()?;
    Ok(Advisory {
        kind: AdvisoryKind::from_informational(a.informational.as_deref()),
        id: a.id.trim().to_owned(),
        package: a.package.trim().to_owned(),
        collection,
        title,
        description,
        date: a.date,
        withdrawn: a.withdrawn,
        patched: raw.versions.patched,
        unaffected: raw.versions.unaffected,
        aliases: a.aliases,
        related: a.related,
        url: a.url,
        references: a.references,
        categories: a.categories,
        keywords: a.keywords,
        cvss,
        affected: raw.affected,
        path,
    })
}

/// Score a CVSS vector; a vector that does not parse rejects the file, as
/// it does in `rustsec` (a half-understood advisory is not loaded).
fn score_cvss(vector: &str) -> Result<CvssScore, ParseError> {
    let v = vector.trim();
    let parsed: cvss::Cvss = v.parse().map_err(|e: cvss::Error| ParseError::Cvss {
        vector: v.to_owned(),
        problem: e.to_string(),
    })?;
    Ok(CvssScore {
        vector: v.to_owned(),
        score: parsed.score(),
        severity: Severity::from_cvss(parsed.severity()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "```toml\n[advisory]\nid = \"RUSTSEC-2099-0001\"\npackage = \"demo\"\ndate = \"2099-01-02\"\ninformational = \"unsound\"  \n\n[affected.functions]\n\"demo::f\" = [\"< 1.2\"]\n\n[versions]\npatched = [\">= 1.2.0\"]\n```\n\n# Demo is unsound\n\nBody line one.\n";

    #[test]
    fn parses_front_matter_title_and_body() {
        let a = parse_advisory(SAMPLE, Collection::Crates, "crates/demo/x.md".into()).unwrap();
        assert_eq!(a.id, "RUSTSEC-2099-0001");
        assert_eq!(a.kind, AdvisoryKind::Unsound);
        assert_eq!(a.title, "Demo is unsound");
        assert_eq!(a.description, "Body line one.");
        assert_eq!(a.affected.functions["demo::f"], vec!["< 1.2".to_owned()]);
        assert_eq!(a.patched.len(), 1);
    }

    #[test]
    fn rejects_structural_damage() {
        let no_fence = SAMPLE.replacen("```toml", "", 1);
        assert!(matches!(
            parse_advisory(&no_fence, Collection::Crates, String::new()),
            Err(ParseError::NoFrontMatter)
        ));
        let cut = &SAMPLE[..SAMPLE.find("```\n\n#").unwrap()];
        assert!(matches!(
            parse_advisory(cut, Collection::Crates, String::new()),
            Err(ParseError::UnterminatedFrontMatter)
        ));
        let bad_req = SAMPLE.replace(">= 1.2.0", ">= one");
        assert!(matches!(
            parse_advisory(&bad_req, Collection::Crates, String::new()),
            Err(ParseError::Toml(_))
        ));
        let no_title = SAMPLE.replace("# Demo is unsound", "Demo is unsound");
        assert!(matches!(
            parse_advisory(&no_title, Collection::Crates, String::new()),
            Err(ParseError::MissingTitle)
        ));
    }

    #[test]
    fn cvss_vectors_are_scored_and_bad_ones_rejected() {
        // RUSTSEC-2021-0078 (hyper): 9.1 critical in cargo audit's output.
        let v31 = SAMPLE.replace(
            "informational = \"unsound\"  \n",
            "cvss = \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N\"\n",
        );
        let a = parse_advisory(&v31, Collection::Crates, String::new()).unwrap();
        let c = a.cvss.unwrap();
        assert_eq!(c.score, 9.1);
        assert_eq!(c.severity, Severity::Critical);
        let v40 = SAMPLE.replace(
            "informational = \"unsound\"  \n",
            "cvss = \"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N\"\n",
        );
        let a = parse_advisory(&v40, Collection::Crates, String::new()).unwrap();
        assert_eq!(a.severity(), Some(Severity::High));
        let bad = SAMPLE.replace(
            "informational = \"unsound\"  \n",
            "cvss = \"CVSS:3.1/AV:Q\"\n",
        );
        assert!(matches!(
            parse_advisory(&bad, Collection::Crates, String::new()),
            Err(ParseError::Cvss { .. })
        ));
    }

    #[test]
    fn missing_versions_means_every_version_affected() {
        let text = SAMPLE.replace("[versions]\npatched = [\">= 1.2.0\"]\n", "");
        let a = parse_advisory(&text, Collection::Crates, String::new()).unwrap();
        assert!(a.affects(&semver::Version::new(9, 9, 9)));
    }
}
