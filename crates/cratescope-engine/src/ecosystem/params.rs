//! Every number of the ecosystem commands (rank, emerging, alternatives),
//! each with its reason. The scoring itself is the model's
//! (`cratescope-score`'s `model-v2.toml`); these only choose, order and
//! filter crates around it.

/// Entries `rank`, `emerging` and `alternatives` show unless `--limit`
/// says otherwise: a screen's worth, and the size of a hand-made matrix
/// category.
pub const DEFAULT_LIMIT: usize = 20;

/// The download window `emerging` compares, in days, when `--window` is not
/// given: the whole of the dump's daily downloads.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;
/// The shortest window: two weeks per half, so a weekly rhythm (weekday
/// builds, weekend lulls) falls evenly into both halves.
pub const MIN_WINDOW_DAYS: u32 = 28;

/// A crate first published less than this many days before the evaluation
/// day is young enough to be "emerging": two years, the span over which
/// the original matrix called crates emerging.
pub const YOUNG_DAYS: i64 = 730;

/// Downloads added to each half of a window before the halves are compared:
/// mirrors and bots fetch every new release a few dozen times, so a crate
/// going from 3 to 30 downloads has not grown tenfold. With 200 a real
/// doubling needs hundreds of downloads behind it.
pub const GROWTH_PSEUDOCOUNT: f64 = 200.0;

/// Fewer downloads than this over the window, and fewer distinct owners
/// among dependents than [`EMERGING_MIN_OWNERS`], and a crate is too small to
/// call: its growth is noise.
pub const EMERGING_MIN_DOWNLOADS: u64 = 1_000;
/// See [`EMERGING_MIN_DOWNLOADS`].
pub const EMERGING_MIN_OWNERS: u64 = 2;

/// How much a doubling of distinct owners among dependents counts against a
/// doubling of downloads in the emerging score: the same. New owners are
/// rarer and harder to fake than downloads, and need no weighting up to
/// matter when a crate has few.
pub const OWNER_WEIGHT: f64 = 1.0;

/// Recent half over older half at or above this: rising; at or below its
/// inverse: falling. Week-to-week noise of a steady crate is about ±10%.
pub const TREND_RATIO: f64 = 1.15;

/// A category needs at least this many crates with measurable growth for
/// its median to be the yardstick; fewer, and the whole ecosystem's median
/// is used.
pub const MIN_CATEGORY_SAMPLE: usize = 10;

/// Crates of the same categories and keywords considered as alternatives
/// (the best by shallow composite), besides those named by advisories or
/// seen in migrations.
pub const ALTERNATIVE_POOL: usize = 200;

/// A migration target needs this many distinct owners behind it to be
/// shown without sharing a category or keyword with the crate it replaces:
/// one owner dropping `a` and adding `b` in the same release may be
/// unrelated work.
pub const MIGRATION_MIN_OWNERS_UNRELATED: u64 = 2;

/// Migrations order the alternatives only from this many distinct owners
/// on: one dependent that dropped a crate and added three others in the
/// same release says little about any of the three.
pub const MIGRATION_MIN_OWNERS_TO_RANK: u64 = 2;

/// Dependent crates named per migration target, as examples to check.
pub const MIGRATION_EXAMPLES: usize = 3;

/// Dumps older than this (days, against today) are warned about once: the
/// dump is rebuilt every day.
pub const DUMP_STALE_DAYS: i64 = crate::collect::dump::DUMP_STALE_DAYS;

/// Top crates per category of `report --from-dump` without `--top`.
pub const DEFAULT_REPORT_TOP: usize = 5;
/// Emerging crates added per category of `report --from-dump`.
pub const REPORT_EMERGING: usize = 3;
/// Categories of `report --from-dump` without `--categories`: the largest.
pub const DEFAULT_REPORT_CATEGORIES: usize = 6;
