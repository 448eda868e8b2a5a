//! D6 Ecosystem integration: does the crate keep up with its dependencies,
//! stay light, use a current toolchain, carry a common license, plug into the
//! big ecosystem crates, and can people find it.
//!
//! Dependency freshness needs the latest version of every dependency as of the
//! evaluation day (looked up in the index by the collector); dev-dependencies
//! are ignored because they never reach users.

use std::collections::BTreeSet;

use super::Measure;
use crate::model::SignalSpec;
use cratescope_model::{DepKind, Facts, PackageFacts, SourceId};

fn pkg(f: &Facts) -> Result<&PackageFacts, Measure> {
    f.package
        .as_ref()
        .ok_or_else(|| Measure::Unavailable(f.unavailable_reason(SourceId::Tarball)))
}

/// Π(0.2 + 0.8·dᵢ) over normal and build dependencies.
pub fn dependency_freshness(f: &Facts, spec: &SignalSpec) -> Measure {
    let [outdated_keeps] = match spec.params(["outdated_keeps"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let Some(r) = f.evaluated_release() else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Index));
    };
    let Some(latest) = &f.dependency_latest else {
        return Measure::Unavailable(
            "registry index: dependencies' latest versions not looked up".into(),
        );
    };
    let mut seen = BTreeSet::new();
    let mut product = 1.0;
    let mut checked = 0;
    let mut outdated = Vec::new();
    for d in r.deps.iter().filter(|d| d.kind != DepKind::Dev) {
        if !seen.insert((d.name.clone(), d.req.clone())) {
            continue;
        }
        let Some(Some(v)) = latest.get(&d.name) else {
            continue;
        };
        let Ok(req) = semver::VersionReq::parse(&d.req) else {
            continue;
        };
        checked += 1;
        if req.matches(v) {
            continue;
        }
        // Each outdated requirement keeps a share of the score.
        product *= outdated_keeps;
        outdated.push(format!("{} {} (latest {v})", d.name, d.req));
    }
    if checked == 0 {
        return Measure::num_s(1.0, 1.0, "no dependencies");
    }
    let ev = if outdated.is_empty() {
        format!("all {checked} dependency requirements admit the latest version")
    } else {
        format!(
            "{} of {checked} requirements behind: {}",
            outdated.len(),
            outdated.join(", ")
        )
    };
    Measure::num(product, ev)
}

/// Direct normal dependencies.
pub fn dependency_count(f: &Facts, _spec: &SignalSpec) -> Measure {
    let Some(r) = f.evaluated_release() else {
        return Measure::Unavailable(f.unavailable_reason(SourceId::Index));
    };
    let names: BTreeSet<&str> = r
        .deps
        .iter()
        .filter(|d| d.kind == DepKind::Normal)
        .map(|d| d.name.as_str())
        .collect();
    Measure::num(
        names.len() as f64,
        format!("{} direct dependencies", names.len()),
    )
}

/// Edition ≥ 2021, rust-version declared, no nightly features.
pub fn toolchain(f: &Facts, spec: &SignalSpec) -> Measure {
    let [min_edition] = match spec.params(["min_edition"]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let edition = p.manifest.edition.as_deref().unwrap_or("2015");
    let modern = edition
        .parse::<u32>()
        .map(|e| f64::from(e) >= min_edition)
        .unwrap_or(false);
    let msrv = p.manifest.rust_version.is_some()
        || f.evaluated_release()
            .is_some_and(|r| r.rust_version.is_some());
    let stable = p.code.nightly_features.is_empty();
    let share = [modern, msrv, stable].iter().filter(|b| **b).count() as f64 / 3.0;
    let mut parts = vec![format!("edition {edition}")];
    parts.push(if msrv {
        "rust-version set".into()
    } else {
        "no rust-version".to_string()
    });
    parts.push(if stable {
        "stable toolchain".into()
    } else {
        format!(
            "needs nightly (#![feature({})])",
            p.code.nightly_features.join(", ")
        )
    });
    Measure::num(share, parts.join(", "))
}

/// How the `license` signal scores license kinds (its params and sets).
#[derive(Debug, Clone, PartialEq)]
pub struct LicenseRule<'a> {
    /// Ids scored as permissive.
    pub permissive: &'a [String],
    /// Id prefixes scored as copyleft.
    pub copyleft_prefixes: &'a [String],
    /// `s` of a permissive license.
    pub s_permissive: f64,
    /// `s` of another (OSI or unknown) license.
    pub s_other: f64,
    /// `s` of a copyleft license.
    pub s_copyleft: f64,
}

impl LicenseRule<'_> {
    fn kind(&self, id: &str) -> f64 {
        let id = id.trim().trim_end_matches('+');
        let base = id.trim_end_matches("-or-later").trim_end_matches("-only");
        let permissive = |x: &str| self.permissive.iter().any(|p| p == x);
        if permissive(base) || permissive(id) {
            self.s_permissive
        } else if self
            .copyleft_prefixes
            .iter()
            .any(|p| base.starts_with(p.as_str()))
        {
            self.s_copyleft
        } else {
            self.s_other
        }
    }

    /// Score an SPDX expression: OR takes the best alternative, AND the worst part.
    pub fn score(&self, expr: &str) -> f64 {
        let norm = expr.replace('/', " OR ").replace(['(', ')'], " ");
        norm.split(" OR ")
            .map(|alt| {
                alt.split(" AND ")
                    .map(|part| {
                        let id = part.split(" WITH ").next().unwrap_or(part).trim();
                        self.kind(id)
                    })
                    .fold(1.0_f64, f64::min)
            })
            .fold(0.0_f64, f64::max)
    }
}

/// License kind.
pub fn license(f: &Facts, spec: &SignalSpec) -> Measure {
    let [s_permissive, s_other, s_copyleft, s_file, s_none] = match spec.params([
        "s_permissive",
        "s_other",
        "s_copyleft",
        "s_license_file",
        "s_none",
    ]) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let rule = LicenseRule {
        permissive: spec.set("permissive"),
        copyleft_prefixes: spec.set("copyleft_prefixes"),
        s_permissive,
        s_other,
        s_copyleft,
    };
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    match (&p.manifest.license, &p.manifest.license_file) {
        (Some(l), _) => Measure::text(l.clone(), rule.score(l), format!("license {l}")),
        // A custom license file is a license, but one every user must read.
        (None, Some(file)) => {
            Measure::text("license-file", s_file, format!("custom license in {file}"))
        }
        (None, None) => Measure::text("none", s_none, "no license declared"),
    }
}

/// Optional integrations with ecosystem crates.
pub fn integrations(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    if p.manifest.integrations.is_empty() {
        Measure::num(0.0, "no optional ecosystem integrations")
    } else {
        Measure::num(
            p.manifest.integrations.len() as f64,
            format!(
                "optional integrations: {}",
                p.manifest.integrations.join(", ")
            ),
        )
    }
}

/// Keywords and categories.
pub fn discoverability(f: &Facts, _spec: &SignalSpec) -> Measure {
    let p = match pkg(f) {
        Ok(p) => p,
        Err(m) => return m,
    };
    let k = !p.manifest.keywords.is_empty();
    let c = !p.manifest.categories.is_empty();
    let share = (k as u8 + c as u8) as f64 / 2.0;
    Measure::num(
        share,
        format!(
            "{} keywords, {} categories",
            p.manifest.keywords.len(),
            p.manifest.categories.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn license_score(expr: &str) -> f64 {
        let m = Model::v1();
        let spec = m.signal("license").unwrap();
        let rule = super::LicenseRule {
            permissive: spec.set("permissive"),
            copyleft_prefixes: spec.set("copyleft_prefixes"),
            s_permissive: spec.param("s_permissive").unwrap(),
            s_other: spec.param("s_other").unwrap(),
            s_copyleft: spec.param("s_copyleft").unwrap(),
        };
        rule.score(expr)
    }

    #[test]
    fn license_expressions() {
        assert_eq!(license_score("MIT OR Apache-2.0"), 1.0);
        assert_eq!(license_score("MIT/Apache-2.0"), 1.0);
        assert_eq!(license_score("GPL-3.0-only"), 0.6);
        assert_eq!(license_score("MPL-2.0"), 0.6);
        assert_eq!(license_score("GPL-3.0 OR MIT"), 1.0);
        assert_eq!(license_score("MIT AND GPL-2.0"), 0.6);
        assert_eq!(license_score("(MIT OR Apache-2.0) AND Unicode-3.0"), 1.0);
        assert_eq!(license_score("Artistic-2.0"), 0.8);
        assert_eq!(license_score("Apache-2.0 WITH LLVM-exception"), 1.0);
    }
}
