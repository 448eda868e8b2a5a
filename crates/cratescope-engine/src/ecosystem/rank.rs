//! `rank`: every crate of a crates.io category (its subcategories
//! included, as crates.io lists them) or of a keyword, scored on the shallow
//! tier, best first.
//!
//! Order: crates gated ⛔ last; then by composite (higher first; a crate
//! without one after those with one); ties by downloads over the window,
//! then by name, so the order is total and repeatable.

use std::cmp::Ordering;

use cratescope_model::Tier;
use cratescope_model::ecosystem::{Depth, RankEntry};

use super::shallow::{self, LinesCache, Summary};
use super::{EcosystemError, View, params};
use crate::evaluator::Evaluator;
use crate::progress::Progress;
use crate::request::{CrateSpec, Request};

/// What a query named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionKind {
    /// A category: (slug, display name).
    Category(String, String),
    /// A keyword.
    Keyword(String),
}

/// The crates a query selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Category or keyword.
    pub kind: SelectionKind,
    /// Crate numbers in the dump.
    pub crates: Vec<usize>,
}

/// The order of `rank`: see the module docs.
pub(crate) fn order(a: &Summary, b: &Summary, downloads: impl Fn(u32) -> u64) -> Ordering {
    let avoid = |s: &Summary| s.tier == Tier::Avoid;
    avoid(a)
        .cmp(&avoid(b))
        .then_with(|| match (a.composite, b.composite) {
            (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| downloads(b.krate).cmp(&downloads(a.krate)))
        .then_with(|| a.krate.cmp(&b.krate))
}

impl View {
    /// The crates of a category slug or, failing that, a keyword; neither
    /// is an error with the closest slugs and keywords.
    pub fn select(&self, query: &str) -> Result<Selection, EcosystemError> {
        if let Some(sel) = self.select_category(query) {
            return Ok(sel);
        }
        let eco = self.ecosystem();
        if let Some(k) = eco
            .find_keyword(query)
            .or_else(|| eco.find_keyword(&query.to_ascii_lowercase()))
        {
            let crates = (0..eco.len())
                .filter(|&c| eco.keywords_of(c).contains(&k))
                .collect();
            return Ok(Selection {
                kind: SelectionKind::Keyword(eco.keyword(k).to_string()),
                crates,
            });
        }
        let mut pool: Vec<String> = (0..eco.category_count() as u32)
            .map(|k| eco.category(k).0.to_string())
            .collect();
        pool.extend((0..eco.keyword_count() as u32).map(|k| eco.keyword(k).to_string()));
        Err(EcosystemError::UnknownQuery {
            given: query.to_string(),
            suggestions: crate::suggest::similar(query, &pool, 3),
        })
    }

    /// The crates of a category slug (subcategories included), or an error
    /// with the closest slugs.
    pub fn category(&self, slug: &str) -> Result<Selection, EcosystemError> {
        self.select_category(slug).ok_or_else(|| {
            let eco = self.ecosystem();
            let pool: Vec<String> = (0..eco.category_count() as u32)
                .map(|k| eco.category(k).0.to_string())
                .collect();
            EcosystemError::UnknownCategory {
                given: slug.to_string(),
                suggestions: crate::suggest::similar(slug, &pool, 3),
            }
        })
    }

    fn select_category(&self, slug: &str) -> Option<Selection> {
        let eco = self.ecosystem();
        let lower = slug.to_ascii_lowercase();
        let k = eco
            .find_category(slug)
            .or_else(|| eco.find_category(&lower))?;
        let (slug, name) = eco.category(k);
        let sub = format!("{slug}::");
        let wanted: Vec<u32> = (0..eco.category_count() as u32)
            .filter(|&j| j == k || eco.category(j).0.starts_with(&sub))
            .collect();
        let crates = (0..eco.len())
            .filter(|&c| eco.categories_of(c).iter().any(|j| wanted.contains(j)))
            .collect();
        Some(Selection {
            kind: SelectionKind::Category(slug.to_string(), name.to_string()),
            crates,
        })
    }

    /// Downloads over the default window, for ordering ties.
    pub(crate) fn window_total(&self, c: u32) -> u64 {
        self.ecosystem()
            .window_downloads(c as usize, self.figures_day(), params::DEFAULT_WINDOW_DAYS)
            .map(|w| w.total())
            .unwrap_or(0)
    }

    /// The selected crates scored and ordered (every one of them).
    pub fn ranked(&self, sel: &Selection) -> Vec<Summary> {
        let mut s = shallow::score_many(&self.inputs(), &sel.crates);
        s.sort_by(|a, b| order(a, b, |c| self.window_total(c)));
        s
    }

    /// `rank`: the first `limit` (0: all) of the selection, best first,
    /// each with its shallow card and figures.
    pub fn rank(&self, sel: &Selection, limit: usize) -> Vec<RankEntry> {
        let ranked = self.ranked(sel);
        let take = if limit == 0 { ranked.len() } else { limit };
        let mut lines = LinesCache::default();
        ranked
            .iter()
            .take(take)
            .enumerate()
            .filter_map(|(i, s)| {
                let c = s.krate as usize;
                let scored = shallow::score(&self.inputs(), &mut lines, c)?;
                Some(self.entry(i, scored))
            })
            .collect()
    }

    fn entry(&self, i: usize, scored: shallow::Scored) -> RankEntry {
        let eco = self.ecosystem();
        let c = scored.krate;
        let e = scored.evaluation;
        RankEntry {
            name: eco.name(c).to_string(),
            rank: i as u32 + 1,
            version: e.version.clone(),
            depth: Depth::Shallow,
            needs_deep: shallow::NEEDS_DEEP.to_vec(),
            tier: e.tier,
            composite: e.composite,
            composite_range: e.composite_range,
            confidence: e.confidence,
            figures: self.figures(c, params::DEFAULT_WINDOW_DAYS, true),
            categories: eco
                .categories_of(c)
                .iter()
                .map(|&k| eco.category(k).0.to_string())
                .collect(),
            evaluation: Box::new(e),
        }
    }

    /// `rank --deep K`: the full evaluation of the first `k` entries
    /// (through `evaluator`, so online or offline as it is configured),
    /// which then lead the list in the order of their deep composite; an
    /// entry whose evaluation fails keeps its shallow card, and the failure
    /// comes back with its crate.
    pub async fn deepen(
        &self,
        evaluator: &Evaluator,
        entries: &mut [RankEntry],
        k: usize,
        concurrency: usize,
        progress: std::sync::Arc<dyn Progress>,
    ) -> Vec<(String, crate::Error)> {
        let k = k.min(entries.len());
        if k == 0 {
            return Vec::new();
        }
        // The one evaluate entry, as every command uses it.
        let requests = entries[..k]
            .iter()
            .map(|e| Request::from(CrateSpec::latest(e.name.clone())))
            .collect();
        let mut results: std::collections::HashMap<String, Result<_, crate::Error>> = evaluator
            .evaluate_many(requests, concurrency, progress)
            .await
            .into_iter()
            .map(|(req, r)| (req.label(), r))
            .collect();
        let mut failures = Vec::new();
        for e in entries[..k].iter_mut() {
            match results.remove(&e.name) {
                Some(Ok(outcome)) => {
                    let ev = outcome.evaluation;
                    e.depth = Depth::Deep;
                    e.needs_deep.clear();
                    e.version = ev.version.clone();
                    e.tier = ev.tier;
                    e.composite = ev.composite;
                    e.composite_range = ev.composite_range;
                    e.confidence = ev.confidence;
                    *e.evaluation = ev;
                }
                Some(Err(err)) => failures.push((e.name.clone(), err)),
                None => {}
            }
        }
        let top = &mut entries[..k];
        top.sort_by(|a, b| {
            let sa = Summary {
                krate: 0,
                version: 0,
                tier: a.tier,
                composite: a.composite,
                range: None,
                confidence: 0.0,
            };
            let sb = Summary {
                tier: b.tier,
                composite: b.composite,
                ..sa
            };
            order(&sa, &sb, |_| 0).then_with(|| {
                b.figures
                    .downloads
                    .unwrap_or(0)
                    .cmp(&a.figures.downloads.unwrap_or(0))
            })
        });
        for (i, e) in entries.iter_mut().enumerate() {
            e.rank = i as u32 + 1;
        }
        failures
    }
}
