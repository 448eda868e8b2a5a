//! Lenient readers for JSON bodies of the online APIs.
//!
//! The APIs keep adding fields, old records lack newer ones, and the
//! crates.io fixtures replace dates with the placeholders `"[datetime]"` and
//! `"[date]"`. So bodies are parsed into a [`serde_json::Value`] and every
//! field is read on its own: a missing, null or malformed field becomes
//! `None` (or empty) and never fails the whole response. Unknown fields are
//! ignored simply by never being read.

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

/// Parses a body as JSON.
pub(crate) fn parse(body: &[u8]) -> Result<Value, serde_json::Error> {
    serde_json::from_slice(body)
}

/// A non-negative integer (JSON number without fraction).
pub(crate) fn u64_of(v: &Value) -> Option<u64> {
    v.as_u64()
}

/// A non-empty string.
pub(crate) fn str_of(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An RFC 3339 instant; placeholders and garbage are unknown.
pub(crate) fn ts_of(v: &Value) -> Option<Timestamp> {
    v.as_str().and_then(|s| s.trim().parse::<Timestamp>().ok())
}

/// A `YYYY-MM-DD` day; placeholders and garbage are unknown.
pub(crate) fn date_of(v: &Value) -> Option<Date> {
    v.as_str().and_then(|s| s.trim().parse::<Date>().ok())
}

/// An array of strings (non-strings skipped); null or missing is empty.
pub(crate) fn strings_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|items| items.iter().filter_map(str_of).collect())
        .unwrap_or_default()
}

/// An array's elements; anything else is empty.
pub(crate) fn array_of(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_and_wrong_types_are_unknown() {
        assert_eq!(ts_of(&json!("[datetime]")), None);
        assert_eq!(date_of(&json!("[date]")), None);
        assert_eq!(ts_of(&json!(17)), None);
        assert_eq!(u64_of(&json!(-3)), None);
        assert_eq!(u64_of(&json!("12")), None);
        assert_eq!(str_of(&json!("  ")), None);
        assert_eq!(
            ts_of(&json!("2026-11-09T01:42:29.123456+00:00")),
            Some("2026-11-09T01:42:29.123456Z".parse().unwrap())
        );
        assert_eq!(
            date_of(&json!("2026-11-09")),
            Some(jiff::civil::date(2026, 11, 9))
        );
        assert_eq!(strings_of(&json!(["a", 1, null, "b"])), vec!["a", "b"]);
        assert!(strings_of(&Value::Null).is_empty());
        assert!(array_of(&json!({"a": 1})).is_empty());
    }
}
