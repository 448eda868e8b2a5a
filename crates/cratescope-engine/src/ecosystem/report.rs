//! `report --from-dump`: the matrix document for crates.io categories
//! without writing a catalog. Each category gets its best `top` crates on
//! the shallow tier, and one more section holds the emerging crates of
//! those categories; the report then evaluates all of them deep, as it
//! evaluates a written catalog.

use cratescope_model::catalog::{Catalog, Category, Label};

use super::params::{DEFAULT_REPORT_CATEGORIES, DEFAULT_WINDOW_DAYS, REPORT_EMERGING};
use super::{EcosystemError, SelectionKind, View};

/// The id of the emerging section of a catalog built from the dump.
pub const EMERGING_SECTION: &str = "emerging";

impl View {
    /// The largest categories by crates (subcategories included), up to `n`.
    pub fn largest_categories(&self, n: usize) -> Vec<String> {
        let eco = self.ecosystem();
        let mut counts = vec![0usize; eco.category_count()];
        for c in 0..eco.len() {
            for &k in eco.categories_of(c) {
                counts[k as usize] += 1;
            }
        }
        // A top-level category also holds its subcategories' crates.
        let mut total: Vec<(usize, String)> = (0..eco.category_count() as u32)
            .filter(|&k| !eco.category(k).0.contains("::"))
            .map(|k| {
                let slug = eco.category(k).0;
                let n: usize = (0..eco.category_count() as u32)
                    .filter(|&j| {
                        let s = eco.category(j).0;
                        s == slug || s.strip_prefix(slug).is_some_and(|r| r.starts_with("::"))
                    })
                    .map(|j| counts[j as usize])
                    .sum();
                (n, slug.to_string())
            })
            .collect();
        total.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        total.into_iter().take(n).map(|(_, s)| s).collect()
    }

    /// The catalog `report --from-dump` evaluates: for each category (the
    /// largest [`DEFAULT_REPORT_CATEGORIES`] when none is given) its best
    /// `top` crates, then a section `emerging` (named `emerging_label`)
    /// with up to [`REPORT_EMERGING`] emerging crates of each category that
    /// are not already listed.
    pub fn report_catalog(
        &self,
        categories: &[String],
        top: usize,
        emerging_label: Label,
    ) -> Result<Catalog, EcosystemError> {
        let slugs: Vec<String> = if categories.is_empty() {
            self.largest_categories(DEFAULT_REPORT_CATEGORIES)
        } else {
            categories.to_vec()
        };
        let mut sections = Vec::new();
        let mut listed = std::collections::BTreeSet::new();
        let mut emerging = Vec::new();
        for slug in &slugs {
            let sel = self.category(slug)?;
            let SelectionKind::Category(slug, name) = &sel.kind else {
                continue;
            };
            let crates: Vec<String> = self
                .rank(&sel, top.max(1))
                .into_iter()
                .map(|e| e.name)
                .collect();
            listed.extend(crates.iter().cloned());
            sections.push(Category {
                id: slug.clone(),
                name: Label {
                    en: name.clone(),
                    zh: name.clone(),
                },
                crates,
                applies: Default::default(),
                scenarios: Vec::new(),
            });
            for e in self.emerging(Some(slug), DEFAULT_WINDOW_DAYS, REPORT_EMERGING)? {
                if !listed.contains(&e.name) && !emerging.contains(&e.name) {
                    emerging.push(e.name);
                }
            }
        }
        if !emerging.is_empty() {
            sections.push(Category {
                id: EMERGING_SECTION.into(),
                name: emerging_label,
                crates: emerging,
                applies: Default::default(),
                scenarios: Vec::new(),
            });
        }
        Ok(Catalog {
            version: 1,
            categories: sections,
        })
    }
}
