//! Numbers and levels as every renderer shows them: one rounding rule for
//! scores, and the symbols of a dimension's level, distinct from the tier
//! icons (🏆 ✅ 🔷 🟡 🔴 ⛔) so a symbol never means two things.

use cratescope_model::DimensionResult;

/// A dimension's level: the model's icon bands (`[icons]` in the model TOML:
/// star, check, warn), named rather than drawn with the tier icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Below the `warn` threshold.
    Low,
    /// At or above `warn`.
    Fair,
    /// At or above `check`.
    Good,
    /// At or above `star`.
    High,
}

impl Level {
    /// The level of a dimension, from the band the model put it in (its
    /// icon); none without a score.
    pub fn of(d: &DimensionResult) -> Option<Level> {
        d.score?;
        match d.icon.as_deref()? {
            "⭐" => Some(Level::High),
            "✅" => Some(Level::Good),
            "🟡" => Some(Level::Fair),
            "🔴" => Some(Level::Low),
            _ => None,
        }
    }

    /// A four-step meter: as many filled squares as the level is high.
    pub fn meter(self) -> &'static str {
        match self {
            Level::High => "■■■■",
            Level::Good => "■■■□",
            Level::Fair => "■■□□",
            Level::Low => "■□□□",
        }
    }

    /// Stable id (CSS classes, legends).
    pub fn id(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Good => "good",
            Level::Fair => "fair",
            Level::Low => "low",
        }
    }

    /// Every level, best first.
    pub const ALL: [Level; 4] = [Level::High, Level::Good, Level::Fair, Level::Low];
}

/// The meter of a dimension, or blank squares without a score.
pub fn meter(d: &DimensionResult) -> &'static str {
    Level::of(d).map_or("□□□□", Level::meter)
}

/// What stands in for a missing number everywhere.
pub const MISSING: &str = "–";

/// The one rounding rule for a score on the 1–5 scale: one decimal, halves
/// away from zero, after removing binary noise at the second decimal (so
/// 3.95 stored as 3.9499999 and as 3.9500001 both show 4.0).
pub fn score(s: Option<f64>) -> String {
    match s {
        Some(x) if x.is_finite() => {
            let hundredths = (x * 100.0).round();
            format!("{:.1}", (hundredths / 10.0).round() / 10.0)
        }
        _ => MISSING.into(),
    }
}

/// A confidence or another share in [0, 1], as a whole percentage.
pub fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", (x * 100.0).round())
    } else {
        MISSING.into()
    }
}

/// A model threshold as written in the model file: the shortest decimal
/// that reads back as the same number (4.75, not 4.8).
pub fn threshold(x: f64) -> String {
    format!("{x}")
}

/// A large count, shortened for a card: 1234 → 1.2k, 61_234_567 → 61.2M.
pub fn count(n: u64) -> String {
    const K: f64 = 1_000.0;
    let f = n as f64;
    if f >= K * K * K {
        format!("{:.1}G", f / (K * K * K))
    } else if f >= K * K {
        format!("{:.1}M", f / (K * K))
    } else if f >= 10.0 * K {
        format!("{:.0}k", f / K)
    } else if f >= K {
        format!("{:.1}k", f / K)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rounding_rule_for_scores() {
        assert_eq!(score(Some(3.95)), "4.0");
        assert_eq!(score(Some(3.949_999_9)), "4.0");
        assert_eq!(score(Some(3.944)), "3.9");
        assert_eq!(score(Some(4.25)), "4.3");
        assert_eq!(score(None), "–");
        assert_eq!(score(Some(f64::NAN)), "–");
    }

    #[test]
    fn thresholds_read_as_written() {
        assert_eq!(threshold(4.75), "4.75");
        assert_eq!(threshold(3.5), "3.5");
        assert_eq!(threshold(4.0), "4");
    }

    #[test]
    fn counts_shorten() {
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234), "1.2k");
        assert_eq!(count(61_234_567), "61.2M");
    }
}
