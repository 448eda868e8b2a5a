//! The whole ecosystem (issue 22): every crate of the crates.io database
//! dump scored on the shallow tier, categories and keywords ranked, young
//! crates that rise fastest found, replacements suggested from advisories
//! and from what dependents actually did.
//!
//! [`View::open`] imports the dump when needed (through the evaluator's
//! dump source), loads the whole ecosystem into memory once and the
//! RustSec database beside it. Then:
//!
//! - [`View::rank`]: the crates of a category (slug, subcategories
//!   included) or keyword, best first ([`rank`]);
//! - [`View::deepen`]: the full evaluation of the first K;
//! - [`View::emerging`]: young crates rising fastest against their
//!   category ([`emerging`]);
//! - [`View::alternatives`]: better-standing crates for the same job, with
//!   the advisories that name them and the migrations observed
//!   ([`alternatives`]);
//! - [`View::card`]: one crate's shallow card (for the server's crate pages);
//! - [`View::pass`]: every crate at once ([`shallow::score_many`]), the
//!   figure the scale target is about;
//! - [`View::report_catalog`]: the catalog `report --from-dump` evaluates
//!   deep ([`report`]);
//! - [`deep::track_all`]: the deep tier of every crate as claimed jobs of
//!   the shared store's update runs.
//!
//! Every number these use is in [`params`] with its reason. Nothing here
//! prints; what the user should know (a stale dump, a failed import) comes
//! back as messages from [`View::notes`].

pub mod alternatives;
pub mod deep;
pub mod emerging;
mod error;
mod figures;
pub mod params;
pub mod rank;
pub mod report;
pub mod shallow;

use std::sync::Arc;

use cratescope_advisory::AdvisoryDb;
use cratescope_dump::Ecosystem;
use cratescope_model::ecosystem::{Depth, TieredEvaluation};
use cratescope_model::message::{Arg, Message};
use cratescope_model::msg;
use cratescope_score::Model;
use jiff::civil::Date;

pub use error::EcosystemError;
pub use rank::{Selection, SelectionKind};
pub use shallow::{NEEDS_DEEP, Summary};

use crate::collect::dump::DumpState;
use crate::evaluator::Evaluator;

/// The ecosystem as of one day, ready to answer.
#[derive(Clone)]
pub struct View {
    eco: Arc<Ecosystem>,
    advisories: Option<Arc<AdvisoryDb>>,
    model: Model,
    as_of: Date,
    dump_day: Date,
    notes: Vec<Message>,
    stale: bool,
}

impl std::fmt::Debug for View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View")
            .field("crates", &self.eco.len())
            .field("as_of", &self.as_of)
            .field("dump_day", &self.dump_day)
            .finish()
    }
}

impl View {
    /// The dump the evaluator's options name, imported if needed and
    /// loaded, with the RustSec database when it can be read, as of the
    /// options' day.
    pub async fn open(evaluator: &Evaluator) -> Result<View, EcosystemError> {
        let (table, failed) = match evaluator.dump_state().await {
            DumpState::Ready { table, failed } => (table, failed),
            DumpState::Absent => {
                // The hint to fetch one is the error's own sentence.
                return Err(EcosystemError::NoDump {
                    reason: msg!("eco-reason-dump-absent"),
                });
            }
            DumpState::Unusable(reason) => return Err(EcosystemError::NoDump { reason }),
        };
        let eco = table.ecosystem().await.map_err(EcosystemError::Table)?;
        let opts = evaluator.options();
        let mut notes = Vec::new();
        let dump_day = table
            .info()
            .dump_time
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let age = i64::from((opts.today - dump_day).get_days());
        let stale = age > params::DUMP_STALE_DAYS;
        if stale {
            notes.push(
                msg!("eco-note-stale-dump")
                    .arg("day", dump_day)
                    .arg("age", Arg::Days(age)),
            );
        }
        if let Some(why) = failed {
            notes.push(msg!("eco-note-import-failed", day = dump_day, reason = why));
        }
        let advisories = match evaluator.advisory_db().await {
            Ok(db) => Some(db),
            Err(reason) => {
                notes.push(msg!("eco-note-no-advisories", reason = reason));
                None
            }
        };
        if opts.as_of < dump_day {
            let (day, dump) = (opts.as_of, dump_day);
            notes.push(msg!("eco-note-as-of", day = day, dump = dump));
        }
        Ok(View {
            eco,
            advisories,
            model: opts.model.clone(),
            as_of: opts.as_of,
            dump_day,
            notes,
            stale,
        })
    }

    /// A view over an ecosystem already loaded (tests, the server).
    pub fn new(
        eco: Arc<Ecosystem>,
        advisories: Option<Arc<AdvisoryDb>>,
        model: Model,
        as_of: Date,
    ) -> View {
        let dump_day = jiff::Timestamp::from_second(eco.dump_time())
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .unwrap_or(as_of);
        View {
            eco,
            advisories,
            model,
            as_of,
            dump_day,
            notes: Vec::new(),
            stale: false,
        }
    }

    /// What the user should know once (a stale dump, a failed import, no
    /// advisory database, a past day).
    pub fn notes(&self) -> &[Message] {
        &self.notes
    }

    /// The loaded ecosystem.
    pub fn ecosystem(&self) -> &Ecosystem {
        &self.eco
    }

    /// The evaluation day.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The dump's day.
    pub fn dump_day(&self) -> Date {
        self.dump_day
    }

    /// The day whose figures stand for the evaluation day: the dump's own
    /// when the day is at or after it (give or take the export's hours).
    pub(crate) fn figures_day(&self) -> Date {
        let before = i64::from((self.dump_day - self.as_of).get_days());
        if before <= cratescope_dump::PRESENT_SLACK_DAYS {
            self.dump_day
        } else {
            self.as_of
        }
    }

    pub(crate) fn inputs(&self) -> shallow::Inputs<'_> {
        shallow::Inputs {
            eco: &self.eco,
            advisories: self.advisories.as_deref(),
            model: &self.model,
            as_of: self.as_of,
            dump_stale: self.stale,
        }
    }

    /// A crate of the dump by name; absent says so, with close names.
    pub fn find(&self, name: &str) -> Result<usize, EcosystemError> {
        self.eco
            .find(name)
            .ok_or_else(|| EcosystemError::NotInDump {
                name: name.to_string(),
                dump_day: self.dump_day,
                suggestions: crate::suggest::similar(name, self.eco.names(), 3),
            })
    }

    /// One crate's shallow card.
    pub fn card(&self, name: &str) -> Result<TieredEvaluation, EcosystemError> {
        let c = self.find(name)?;
        let s = shallow::score(&self.inputs(), &mut shallow::LinesCache::default(), c).ok_or_else(
            || EcosystemError::NoRelease {
                name: self.eco.name(c).to_string(),
                as_of: self.as_of,
            },
        )?;
        Ok(TieredEvaluation {
            depth: Depth::Shallow,
            needs_deep: NEEDS_DEEP.to_vec(),
            evaluation: s.evaluation,
        })
    }

    /// Every crate of the dump scored on the shallow tier (those without a
    /// release by the day left out), in the dump's order.
    pub fn pass(&self) -> Vec<Summary> {
        let all: Vec<usize> = (0..self.eco.len()).collect();
        shallow::score_many(&self.inputs(), &all)
    }
}
