//! crates.io web API: downloads, growth, reverse-dependency count, owners,
//! crate metadata and the evaluated version's publishing facts.
//!
//! Reads `/crates/{name}?include=versions,downloads,keywords,categories,default_version`
//! (the main call: if it fails, the whole source fails), then
//! `/crates/{name}/downloads`, `/crates/{name}/reverse_dependencies?per_page=1`,
//! `/crates/{name}/owner_user` and `/crates/{name}/owner_team` (each failure
//! becomes a `partial` note). Policy: a User-Agent with a contact is
//! required (we refuse to call without one), requests are spaced by at least
//! one second across the process, and 429/`Retry-After` is honoured by the
//! HTTP stack.
//!
//! Deliberately ignored: badges (deprecated), `linecounts` (unstable), the
//! reverse-dependency rows themselves (only `meta.total` is needed, and
//! paging them is capped at 200 pages server-side), the per-version download
//! split (only daily totals matter), and categories' descriptions.

pub use cratescope_model::online::{ApiVersion, CratesIoFacts};
use std::collections::BTreeMap;
use std::time::Duration;

use cratescope_http::{HttpRequest, HttpResponse};
use jiff::Timestamp;
use jiff::civil::Date;
use semver::Version;
use serde_json::Value;

use crate::client::{OnlineClient, body_json, check_name, invalid, partial_note};
use crate::error::{InvalidBody, OnlineError, Refusal, What};
use crate::json::{array_of, date_of, str_of, strings_of, ts_of, u64_of};
use cratescope_model::{Arg, Message, msg};

const SERVICE: &str = "crates.io";

/// How long crates.io answers are served from the cache: download counts
/// move daily and owners rarely, so half a day keeps a re-run cheap without
/// reporting yesterday's numbers for long.
pub const CRATES_IO_TTL: Duration = Duration::from_secs(12 * 3600);

/// The downloads endpoint covers this many days.
pub const DOWNLOAD_WINDOW_DAYS: i64 = 90;
/// Half of the window: growth compares the recent half with the older half,
/// the closest thing to quarter-over-quarter that 90 days of data allow.
pub const GROWTH_HALF_DAYS: i64 = DOWNLOAD_WINDOW_DAYS / 2;
/// Mean Gregorian month (365.25 / 12 days), to turn 90 days into months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The message shown when no contact User-Agent is configured.
pub const USER_AGENT_HINT: &str = "crates.io asks API clients for a contact: set \
     CRATESCOPE_USER_AGENT='yourtool (you@example.org)'";

impl OnlineClient {
    /// Reads everything cratescope uses from the crates.io API for `name`;
    /// `version` picks the version whose publishing facts are reported
    /// (None: the crate's default version).
    ///
    /// Fails only if the crate endpoint fails (or no User-Agent is set while
    /// online); other endpoints' failures are listed in `partial`.
    pub async fn crates_io(
        &self,
        name: &str,
        version: Option<&Version>,
    ) -> Result<CratesIoFacts, OnlineError> {
        check_name("crate", name)?;
        if self.config.user_agent.is_none() && !self.http.is_offline() {
            return Err(OnlineError::Refused {
                service: SERVICE,
                reason: Refusal::NoUserAgent,
            });
        }
        let what = What::Crate(name.to_owned());
        let main = self
            .get(
                SERVICE,
                &what,
                &self.crates_io_request(&format!(
                    "/crates/{name}?include=versions,downloads,keywords,categories,default_version"
                )),
            )
            .await?;
        let body = body_json(SERVICE, &what, &main)?;
        let mut data = read_crate(&body)
            .ok_or_else(|| invalid(SERVICE, &what, InvalidBody::Shape("a `crate` object")))?;
        data.fetched_at = Some(main.fetched_at);
        if main.stale {
            data.partial.push(msg!(
                "online-partial-stale",
                what = what.message(),
                day = main.fetched_at.to_zoned(jiff::tz::TimeZone::UTC).date()
            ));
        }

        let wanted = version
            .cloned()
            .or_else(|| str_of(&body["crate"]["default_version"]).and_then(|v| v.parse().ok()));
        if let Some(wanted) = wanted {
            let listed = array_of(&body["versions"])
                .iter()
                .find(|v| num_matches(&v["num"], &wanted));
            let fetched;
            let record = match listed {
                Some(record) => Some(record),
                None => {
                    // The crate endpoint may list only some versions; ask
                    // for the one we need.
                    let label = What::Version(wanted.to_string());
                    match self
                        .crates_io_json(&format!("/crates/{name}/{wanted}"), &label)
                        .await
                    {
                        Ok(v) => {
                            fetched = v;
                            Some(&fetched["version"]).filter(|v| v.is_object())
                        }
                        Err(e) => {
                            data.partial.push(self.note(&label, &e));
                            None
                        }
                    }
                }
            };
            if let Some(record) = record {
                apply_version(&mut data, record);
            }
            data.evaluated_version = Some(wanted);
        }

        match self
            .crates_io_json(&format!("/crates/{name}/downloads"), &What::Downloads)
            .await
        {
            Ok(v) => {
                let days = DailyDownloads::read(&v);
                if data.recent_downloads_90d.is_none() {
                    data.recent_downloads_90d = Some(days.total());
                }
                data.growth = days.growth(data.created_at);
            }
            Err(e) => data.partial.push(self.note(&What::Downloads, &e)),
        }
        data.downloads_per_month = data
            .recent_downloads_90d
            .map(|d| d as f64 * DAYS_PER_MONTH / DOWNLOAD_WINDOW_DAYS as f64);

        let label = &What::ReverseDependencies;
        match self
            .crates_io_json(
                &format!("/crates/{name}/reverse_dependencies?per_page=1"),
                label,
            )
            .await
        {
            Ok(v) => match u64_of(&v["meta"]["total"]) {
                Some(total) => data.dependents = Some(total),
                None => data.partial.push(msg!(
                    "online-partial",
                    what = label.message(),
                    why = InvalidBody::Shape("`meta.total`").message()
                )),
            },
            Err(e) => data.partial.push(self.note(label, &e)),
        }

        for (path, key, label) in [
            ("owner_user", "users", What::UserOwners),
            ("owner_team", "teams", What::TeamOwners),
        ] {
            let label = &label;
            let count = match self
                .crates_io_json(&format!("/crates/{name}/{path}"), label)
                .await
            {
                Ok(v) => match v[key].as_array() {
                    Some(list) => Some(list.len() as u64),
                    None => {
                        data.partial.push(msg!(
                            "online-partial",
                            what = label.message(),
                            why = msg!("online-body-lacks-list", key = Arg::code(key))
                        ));
                        None
                    }
                },
                Err(e) => {
                    data.partial.push(self.note(label, &e));
                    None
                }
            };
            if key == "users" {
                data.owner_users = count;
            } else {
                data.owner_teams = count;
            }
        }
        Ok(data)
    }

    fn crates_io_request(&self, path: &str) -> HttpRequest {
        let mut req = HttpRequest::new(format!("{}{path}", self.config.crates_io_api))
            .ttl(CRATES_IO_TTL)
            .min_interval(self.config.crates_io_min_interval)
            .header("Accept", "application/json");
        if let Some(ua) = &self.config.user_agent {
            req = req.header("User-Agent", ua.as_str());
        }
        req
    }

    async fn crates_io_json(&self, path: &str, label: &What) -> Result<Value, OnlineError> {
        let resp: HttpResponse = self
            .get(SERVICE, label, &self.crates_io_request(path))
            .await?;
        body_json(SERVICE, label, &resp)
    }

    fn note(&self, label: &What, error: &OnlineError) -> Message {
        partial_note(label, error, self.http.config().max_retries)
    }
}

/// The crate object's own fields (None when the body has no `crate` object).
fn read_crate(body: &Value) -> Option<CratesIoFacts> {
    let krate = &body["crate"];
    if !krate.is_object() {
        return None;
    }
    let mut keywords = strings_of(&krate["keywords"]);
    if keywords.is_empty() {
        keywords = array_of(&body["keywords"])
            .iter()
            .filter_map(|k| str_of(&k["keyword"]).or_else(|| str_of(&k["id"])))
            .collect();
    }
    let mut categories = strings_of(&krate["categories"]);
    if categories.is_empty() {
        categories = array_of(&body["categories"])
            .iter()
            .filter_map(|c| str_of(&c["slug"]).or_else(|| str_of(&c["id"])))
            .collect();
    }
    Some(CratesIoFacts {
        downloads_total: u64_of(&krate["downloads"]),
        recent_downloads_90d: u64_of(&krate["recent_downloads"]),
        created_at: ts_of(&krate["created_at"]),
        description: str_of(&krate["description"]),
        repository: str_of(&krate["repository"]),
        homepage: str_of(&krate["homepage"]),
        documentation: str_of(&krate["documentation"]),
        keywords,
        categories,
        max_stable_version: str_of(&krate["max_stable_version"]).and_then(|v| v.parse().ok()),
        versions: array_of(&body["versions"])
            .iter()
            .filter_map(|v| {
                Some(ApiVersion {
                    num: str_of(&v["num"])?,
                    created_at: ts_of(&v["created_at"]),
                    yanked: v["yanked"].as_bool().unwrap_or(false),
                })
            })
            .collect(),
        ..CratesIoFacts::default()
    })
}

fn num_matches(num: &Value, wanted: &Version) -> bool {
    num.as_str()
        .and_then(|n| n.parse::<Version>().ok())
        .is_some_and(|n| &n == wanted)
}

/// Copies the evaluated version's publishing facts.
fn apply_version(data: &mut CratesIoFacts, v: &Value) {
    // Absent field: the API predates trusted publishing, so we cannot say.
    data.trusted_publishing = v.get("trustpub_data").map(|t| !t.is_null());
    data.published_by = str_of(&v["published_by"]["login"]);
    data.crate_size = u64_of(&v["crate_size"]);
    data.has_lib = v["has_lib"].as_bool();
    data.bin_names = strings_of(&v["bin_names"]);
}

/// Daily downloads summed over versions (`version_downloads` plus
/// `meta.extra_downloads`, the sum of all versions beyond the latest five).
#[derive(Debug, Default)]
struct DailyDownloads {
    by_day: BTreeMap<Date, u64>,
    /// Downloads on rows whose date is unusable: counted in the total, not
    /// in the growth.
    undated: u64,
}

impl DailyDownloads {
    fn read(body: &Value) -> Self {
        let mut days = DailyDownloads::default();
        let rows = array_of(&body["version_downloads"])
            .iter()
            .chain(array_of(&body["meta"]["extra_downloads"]));
        for row in rows {
            let Some(n) = u64_of(&row["downloads"]) else {
                continue;
            };
            match date_of(&row["date"]) {
                Some(day) => {
                    let slot = days.by_day.entry(day).or_default();
                    *slot = slot.saturating_add(n);
                }
                None => days.undated = days.undated.saturating_add(n),
            }
        }
        days
    }

    fn total(&self) -> u64 {
        self.by_day
            .values()
            .fold(self.undated, |acc, n| acc.saturating_add(*n))
    }

    /// Recent half over older half of the window ending at the latest day
    /// reported (the server's "today", not ours).
    fn growth(&self, created_at: Option<Timestamp>) -> Option<f64> {
        let (&last, _) = self.by_day.last_key_value()?;
        let days_before = |d: Date| last.duration_since(d).as_hours() / 24;
        if let Some(created) = created_at {
            let created_day = created.to_zoned(jiff::tz::TimeZone::UTC).date();
            // A crate younger than the window has an empty older half for
            // reasons that are not a trend.
            if days_before(created_day) < DOWNLOAD_WINDOW_DAYS - 1 {
                return None;
            }
        }
        let (mut recent, mut older) = (0u64, 0u64);
        for (&day, &n) in &self.by_day {
            match days_before(day) {
                d if (0..GROWTH_HALF_DAYS).contains(&d) => recent = recent.saturating_add(n),
                d if (GROWTH_HALF_DAYS..DOWNLOAD_WINDOW_DAYS).contains(&d) => {
                    older = older.saturating_add(n)
                }
                _ => {}
            }
        }
        (older > 0).then(|| recent as f64 / older as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(date: &str, n: u64) -> Value {
        json!({"date": date, "downloads": n, "version": 1})
    }

    #[test]
    fn growth_compares_the_two_halves_of_the_window() {
        let last: Date = "2026-11-24".parse().unwrap();
        let mut rows = Vec::new();
        for back in 0..90 {
            let day = last.checked_sub(jiff::Span::new().days(back)).unwrap();
            // 3 a day in the recent half, 2 a day in the older half.
            let n = if back < 45 { 3 } else { 2 };
            rows.push(row(&day.to_string(), n));
        }
        // A day outside the window counts in the total, not in the growth.
        rows.push(row("2026-08-01", 1000));
        let body = json!({"version_downloads": rows, "meta": {"extra_downloads": [
            {"date": "2026-11-24", "downloads": 3}
        ]}});
        let days = DailyDownloads::read(&body);
        assert_eq!(days.total(), 45 * 3 + 45 * 2 + 1000 + 3);
        let g = days.growth(None).unwrap();
        assert!((g - (45.0 * 3.0 + 3.0) / 90.0).abs() < 1e-9, "{g}");
        // Created 30 days before the last day: too young for a trend.
        let young: Timestamp = "2026-10-25T00:00:00Z".parse().unwrap();
        assert_eq!(days.growth(Some(young)), None);
        let old: Timestamp = "2020-01-01T00:00:00Z".parse().unwrap();
        assert!(days.growth(Some(old)).is_some());
    }

    #[test]
    fn placeholder_dates_count_in_total_but_give_no_growth() {
        let body = json!({"version_downloads": [row("[date]", 4), row("[date]", 5)],
                          "meta": {"extra_downloads": []}});
        let days = DailyDownloads::read(&body);
        assert_eq!(days.total(), 9);
        assert_eq!(days.growth(None), None);
    }

    #[test]
    fn no_downloads_in_older_half_gives_no_growth() {
        let body = json!({"version_downloads": [row("2026-11-24", 10)]});
        assert_eq!(DailyDownloads::read(&body).growth(None), None);
    }
}
