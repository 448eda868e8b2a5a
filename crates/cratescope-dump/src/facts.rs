//! One crate's [`DumpFacts`] as of a day: the dump's present figures when
//! the day is the dump's (or later), and for an earlier day what the dump
//! can honestly reconstruct — the dependents, from the versions published by
//! then — with the rest listed in `not_reconstructed`.

use cratescope_model::DumpFacts;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};

use crate::error::DumpError;
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
            return Ok(Some(facts));
        }
        // A past day: dependents from the versions published by then.
        let at = cratescope_model::end_of_day(as_of).as_second();
        let past = self.past().await?;
        let counts = past.counts_at(f.idx, at);
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
        Ok(Some(facts))
    }
}
