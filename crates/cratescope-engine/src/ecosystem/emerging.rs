//! `emerging`: young crates whose downloads and distinct-owner dependents
//! rise fastest against their category — the trend calls of the original
//! matrix, computed.
//!
//! A crate is a candidate when it was first published less than
//! [`YOUNG_DAYS`] before the evaluation day, has a live release, and is big
//! enough to call ([`EMERGING_MIN_DOWNLOADS`] over the window or
//! [`EMERGING_MIN_OWNERS`] distinct owners among its dependents). Its score:
//!
//! ```text
//! score = (ln g − median ln g of its category) + OWNER_WEIGHT × ln((1 + owners_end) / (1 + owners_start))
//! g     = (recent half + 200) / (older half + 200)        downloads of the window, padded
//! ```
//!
//! The category is the one asked for (`--category`), else the crate's own
//! first category, else the whole ecosystem; a category with fewer than
//! [`MIN_CATEGORY_SAMPLE`] measurable crates uses the ecosystem's median.
//! A crate younger than the window had no older half to grow from: its
//! download term is left out (`growth_vs_category` is None) and the owner
//! term alone ranks it.
//! Owners are those of runtime dependents whose default version at the
//! window's start and end depends on the crate (today's owners of those
//! crates: the dump has no past owners). A window the dump's 90 days of
//! downloads do not cover (a past `--as-of`) leaves the download term out,
//! and says so (`growth_vs_category` is None): the owner term still counts.
//! Only crates rising on at least one term, with a positive score, are
//! listed.

use std::collections::HashMap;

use cratescope_model::ecosystem::EmergingEntry;

use super::figures::padded_growth;
use super::params::{
    EMERGING_MIN_DOWNLOADS, EMERGING_MIN_OWNERS, MIN_CATEGORY_SAMPLE, MIN_WINDOW_DAYS,
    OWNER_WEIGHT, YOUNG_DAYS,
};
use super::shallow::{self, LinesCache};
use super::{EcosystemError, View};

struct Candidate {
    krate: usize,
    category: Option<u32>,
    log_growth: Option<f64>,
    owners_before: u64,
    owners_after: u64,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

impl View {
    fn log_growth(&self, c: usize, window: u32) -> Option<(f64, u64)> {
        let w = self
            .ecosystem()
            .window_downloads(c, self.figures_day(), window)?;
        Some((padded_growth(w.recent, w.previous).ln(), w.total()))
    }

    /// The median log growth of a set of crates with enough downloads to
    /// measure, if there are enough of them.
    fn baseline(&self, crates: impl Iterator<Item = usize>, window: u32) -> Option<f64> {
        let sample: Vec<f64> = crates
            .filter_map(|c| self.log_growth(c, window))
            .filter(|&(_, total)| total >= EMERGING_MIN_DOWNLOADS)
            .map(|(g, _)| g)
            .collect();
        if sample.len() < MIN_CATEGORY_SAMPLE {
            return None;
        }
        median(sample)
    }

    /// `emerging`: the `limit` (0: all) fastest-rising young crates, of a
    /// category or of the whole ecosystem, over a window of `window` days.
    pub fn emerging(
        &self,
        category: Option<&str>,
        window: u32,
        limit: usize,
    ) -> Result<Vec<EmergingEntry>, EcosystemError> {
        let max = cratescope_dump::DOWNLOAD_WINDOW_DAYS as u32;
        if !(MIN_WINDOW_DAYS..=max).contains(&window) {
            return Err(EcosystemError::BadWindow {
                days: window,
                min: MIN_WINDOW_DAYS,
                max,
            });
        }
        let eco = self.ecosystem();
        let selection = category.map(|slug| self.category(slug)).transpose()?;
        let asked = selection.as_ref().and_then(|s| match &s.kind {
            super::SelectionKind::Category(slug, _) => eco.find_category(slug),
            super::SelectionKind::Keyword(_) => None,
        });
        let pool: Vec<usize> = match &selection {
            Some(s) => s.crates.clone(),
            None => (0..eco.len()).collect(),
        };
        let at = cratescope_model::end_of_day(self.as_of()).as_second();
        let start = at - i64::from(window) * 86_400;
        let mut candidates = Vec::new();
        for c in pool {
            let age = (at - eco.created(c)).div_euclid(86_400);
            if !(0..YOUNG_DAYS).contains(&age) {
                continue;
            }
            let live = shallow::visible(eco, c, self.as_of())
                .into_iter()
                .any(|v| !eco.yanked(v));
            if !live {
                continue;
            }
            // A crate younger than the window had no older half: its
            // downloads cannot have grown, only started; the owner term
            // alone speaks for it.
            let growth = if eco.created(c) <= start {
                self.log_growth(c, window)
            } else {
                None
            };
            let (_, after) = eco.dependent_owners_at(c, at);
            let (_, before) = eco.dependent_owners_at(c, start);
            let (after, before) = (after.unwrap_or(0), before.unwrap_or(0));
            let downloads = self
                .ecosystem()
                .window_downloads(c, self.figures_day(), window)
                .map_or(0, |w| w.total());
            let big = downloads >= EMERGING_MIN_DOWNLOADS || after >= EMERGING_MIN_OWNERS;
            if !big {
                continue;
            }
            candidates.push(Candidate {
                krate: c,
                category: asked.or_else(|| eco.categories_of(c).first().copied()),
                log_growth: growth.map(|(g, _)| g),
                owners_before: before,
                owners_after: after,
            });
        }
        // Baselines: each category the candidates are compared against.
        let mut members: HashMap<u32, Vec<usize>> = HashMap::new();
        let wanted: std::collections::BTreeSet<u32> =
            candidates.iter().filter_map(|c| c.category).collect();
        if !wanted.is_empty() {
            // A parent category holds its subcategories' crates.
            let within: Vec<Vec<u32>> = (0..eco.category_count() as u32)
                .map(|k| {
                    let slug = eco.category(k).0;
                    wanted
                        .iter()
                        .copied()
                        .filter(|&w| {
                            let parent = eco.category(w).0;
                            w == k
                                || slug
                                    .strip_prefix(parent)
                                    .is_some_and(|rest| rest.starts_with("::"))
                        })
                        .collect()
                })
                .collect();
            for c in 0..eco.len() {
                for &k in eco.categories_of(c) {
                    for &w in &within[k as usize] {
                        members.entry(w).or_default().push(c);
                    }
                }
            }
        }
        let ecosystem_median = self.baseline(0..eco.len(), window).unwrap_or(0.0);
        let mut baselines: HashMap<u32, f64> = HashMap::new();
        for (k, list) in &members {
            let mut list = list.clone();
            list.sort_unstable();
            list.dedup();
            if let Some(m) = self.baseline(list.into_iter(), window) {
                baselines.insert(*k, m);
            }
        }
        let mut scored: Vec<(f64, Option<f64>, Candidate)> = candidates
            .into_iter()
            .filter_map(|cand| {
                let base = cand
                    .category
                    .and_then(|k| baselines.get(&k).copied())
                    .unwrap_or(ecosystem_median);
                let vs = cand.log_growth.map(|g| g - base);
                let owners =
                    ((1 + cand.owners_after) as f64 / (1 + cand.owners_before) as f64).ln();
                let rising = cand.log_growth.is_some_and(|g| g > 0.0) || owners > 0.0;
                let score = vs.unwrap_or(0.0) + OWNER_WEIGHT * owners;
                (rising && score > 0.0).then_some((score, vs, cand))
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.2.krate.cmp(&b.2.krate))
        });
        if limit > 0 {
            scored.truncate(limit);
        }
        let mut lines = LinesCache::default();
        let entries = scored
            .into_iter()
            .filter_map(|(score, vs, cand)| {
                let card = shallow::score(&self.inputs(), &mut lines, cand.krate)?;
                Some((score, vs, cand, card))
            })
            .enumerate()
            .map(|(i, (score, vs, cand, card))| {
                let c = cand.krate;
                EmergingEntry {
                    name: eco.name(c).to_string(),
                    rank: i as u32 + 1,
                    category: cand.category.map(|k| eco.category(k).0.to_string()),
                    age_days: (at - eco.created(c)).div_euclid(86_400),
                    figures: self.figures(c, window, false),
                    dependent_owners_before: cand.owners_before,
                    dependent_owners_after: cand.owners_after,
                    growth_vs_category: vs.map(|x| (x * 1000.0).round() / 1000.0),
                    score: (score * 1000.0).round() / 1000.0,
                    tier: card.evaluation.tier,
                    composite: card.evaluation.composite,
                }
            })
            .collect();
        Ok(entries)
    }
}
