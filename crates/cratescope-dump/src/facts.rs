//! One crate's [`DumpFacts`] as of a day: the dump's present figures when
//! the day is the dump's (or later), and for an earlier day what the dump
//! can honestly reconstruct — the dependents, from the versions published by
//! then — with the rest listed in `not_reconstructed`.

use cratescope_model::DumpFacts;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

use crate::eco::Ecosystem;
use crate::error::DumpError;
use crate::graph::PastGraph;
use crate::import::DOWNLOAD_WINDOW_DAYS;
use crate::table::DumpTable;

/// A day this close before the dump's own still gets its present figures:
/// the dump is exported in the early hours, so "yesterday" evaluated today
/// and the dump of this morning describe the same state.
pub const PRESENT_SLACK_DAYS: i64 = 2;
/// Mean Gregorian month in days.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

fn day_of(t: Timestamp) -> Date {
    t.to_zoned(TimeZone::UTC).date()
}

impl DumpTable {
    /// The facts of `name` as of `as_of`; None when the dump does not know
    /// the crate.
    pub async fn facts(&self, name: &str, as_of: Date) -> Result<Option<DumpFacts>, DumpError> {
        let Some(f) = self.figures(name).await? else {
            return Ok(None);
        };
        let info = self.info();
        let dump_day = day_of(info.dump_time);
        let mut facts = DumpFacts {
            dump_date: Some(dump_day),
            dump_time: Some(info.dump_time),
            created_at: Timestamp::from_second(f.row.created_at).ok(),
            ..DumpFacts::default()
        };
        // Whole days, both dates being civil dates (no time zone involved).
        let days_before = i64::from((dump_day - as_of).get_days());
        if days_before <= PRESENT_SLACK_DAYS {
            let r = &f.row;
            facts.downloads_90d = r.downloads_90d;
            facts.downloads_total = r.downloads_total;
            facts.downloads_per_month = r
                .downloads_90d
                .map(|d| d as f64 / (DOWNLOAD_WINDOW_DAYS as f64 / DAYS_PER_MONTH));
            let old_enough =
                info.dump_time.as_second() - r.created_at >= DOWNLOAD_WINDOW_DAYS * 86_400;
            facts.growth = match (r.downloads_recent_45d, r.downloads_prev_45d) {
                (Some(recent), Some(prev)) if prev > 0 && old_enough => {
                    Some(recent as f64 / prev as f64)
                }
                _ => None,
            };
            facts.dependents = Some(r.dependents);
            facts.dependents_runtime = Some(r.dependents_runtime);
            facts.dependent_owners = r.dependent_owners;
            facts.indirect_dependents = Some(r.indirect_dependents);
            facts.owner_users = r.owner_users;
            facts.owner_teams = r.owner_teams;
            facts.categories = r.categories.clone();
            facts.keywords = r.keywords.clone();
            facts.successor_candidates = r.successors.clone();
            return Ok(Some(facts));
        }
        // A past day: dependents from the versions published by then.
        let at = cratescope_model::end_of_day(as_of).as_second();
        let past = self.past().await?;
        past_counts(&mut facts, &past, f.idx, at, dump_day);
        Ok(Some(facts))
    }
}

/// Dependents as of `at` from the versions published by then, and the
/// notes on what a past day cannot have.
fn past_counts(facts: &mut DumpFacts, past: &PastGraph, idx: usize, at: i64, dump_day: Date) {
    let counts = past.counts_at(idx, at);
    facts.dependents = Some(counts.dependents);
    facts.dependents_runtime = Some(counts.runtime);
    facts.indirect_dependents = Some(counts.indirect);
    facts.not_reconstructed = vec![
        format!(
            "downloads: the dump keeps daily downloads for its last {DOWNLOAD_WINDOW_DAYS} days only (from {})",
            dump_day
                .checked_sub(jiff::Span::new().days(DOWNLOAD_WINDOW_DAYS - 1))
                .unwrap_or(dump_day)
        ),
        "owners and dependent owners: the dump lists today's owners only".into(),
        "categories and keywords: the dump lists today's only".into(),
        "yanks: the dump has no yank dates; versions yanked by the dump's date count as yanked on every day".into(),
    ];
}

/// Downloads of a window of days, split in halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowDownloads {
    /// Days of the window (as asked).
    pub days: u32,
    /// Downloads of its recent half (the longer one when odd).
    pub recent: u64,
    /// Downloads of its older half.
    pub previous: u64,
}

impl WindowDownloads {
    /// Both halves.
    pub fn total(&self) -> u64 {
        self.recent.saturating_add(self.previous)
    }
}

impl Ecosystem {
    /// The crate's downloads over the `days` days ending with `last_day`,
    /// when the dump's daily downloads cover all of them (None otherwise:
    /// the dump keeps 90 days, and a window it does not cover is not
    /// measured, never counted as zero).
    pub fn window_downloads(&self, c: usize, last_day: Date, days: u32) -> Option<WindowDownloads> {
        let daily = self.daily(c)?;
        let last = epoch_day(last_day) - self.window_first_day();
        let first = last - i64::from(days) + 1;
        if days == 0 || first < 0 || last >= daily.len() as i64 {
            return None;
        }
        let span = &daily[first as usize..=last as usize];
        let older = span.len() / 2;
        let sum = |s: &[u32]| s.iter().map(|&x| u64::from(x)).sum::<u64>();
        Some(WindowDownloads {
            days,
            recent: sum(&span[older..]),
            previous: sum(&span[..older]),
        })
    }

    /// Distinct owners of the crates whose default version at `at` (Unix
    /// seconds) depends on `c` at runtime (today's owners: the dump has no
    /// past ones), and how many such crates. None without owners.
    pub fn dependent_owners_at(&self, c: usize, at: i64) -> (u64, Option<u64>) {
        let mut crates: Vec<usize> = self
            .dependent_versions(c)
            .filter(|&(v, runtime)| runtime && self.default_at(v, at))
            .map(|(v, _)| self.version_crate(v))
            .filter(|&d| d != c)
            .collect();
        crates.sort_unstable();
        crates.dedup();
        if !self.has_owners() {
            return (crates.len() as u64, None);
        }
        let mut owners: Vec<u32> = crates
            .iter()
            .flat_map(|&d| self.owners(d).iter().copied())
            .collect();
        owners.sort_unstable();
        owners.dedup();
        (crates.len() as u64, Some(owners.len() as u64))
    }

    /// One crate's [`DumpFacts`] as of a day, from memory: the same figures
    /// as [`DumpTable::facts`] on the dump's day; for an earlier day the
    /// dependents from the versions published by then, and the downloads
    /// of the 90 days before it only if the dump's window covers them.
    pub fn facts(&self, c: usize, as_of: Date) -> DumpFacts {
        let dump_time = Timestamp::from_second(self.dump_time).ok();
        let dump_day = dump_time.map(day_of).unwrap_or(as_of);
        let p = self.present(c);
        let created = self.created(c);
        let mut facts = DumpFacts {
            dump_date: Some(dump_day),
            dump_time,
            created_at: Timestamp::from_second(created).ok(),
            ..DumpFacts::default()
        };
        let days_before = i64::from((dump_day - as_of).get_days());
        let present = days_before <= PRESENT_SLACK_DAYS;
        let last_day = if present { dump_day } else { as_of };
        if let Some(w) = self.window_downloads(c, last_day, DOWNLOAD_WINDOW_DAYS as u32) {
            facts.downloads_90d = Some(w.total());
            facts.downloads_per_month =
                Some(w.total() as f64 / (DOWNLOAD_WINDOW_DAYS as f64 / DAYS_PER_MONTH));
            let end = cratescope_model::end_of_day(last_day).as_second();
            let old_enough = end - created >= DOWNLOAD_WINDOW_DAYS * 86_400;
            facts.growth =
                (w.previous > 0 && old_enough).then(|| w.recent as f64 / w.previous as f64);
        }
        if present {
            facts.downloads_total = p.downloads_total;
            facts.dependents = Some(p.dependents);
            facts.dependents_runtime = Some(p.dependents_runtime);
            facts.dependent_owners = p.dependent_owners;
            facts.indirect_dependents = Some(p.indirect_dependents);
            facts.owner_users = p.owner_users;
            facts.owner_teams = p.owner_teams;
            facts.categories = self
                .categories_of(c)
                .iter()
                .map(|&k| self.category(k).0.to_string())
                .collect();
            facts.keywords = self
                .keywords_of(c)
                .iter()
                .map(|&k| self.keyword(k).to_string())
                .collect();
            facts.successor_candidates = self.successor_candidates(c).to_vec();
            return facts;
        }
        let at = cratescope_model::end_of_day(as_of).as_second();
        let downloads = facts.downloads_90d;
        past_counts(&mut facts, &self.past, c, at, dump_day);
        if downloads.is_some() {
            // The window ending that day lies inside the dump's: measured.
            facts.not_reconstructed.remove(0);
        }
        facts
    }
}

/// Days since 1970-01-01.
pub(crate) fn epoch_day(d: Date) -> i64 {
    d.to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp().as_second().div_euclid(86_400))
        .unwrap_or(0)
}
