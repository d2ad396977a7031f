//! Refusals: every config that cannot be run is refused with the field it concerns and why.
//! A refusal is data (field, kind of problem, what is allowed, the value given), so the page
//! can word it in the user's language; `message` is the English wording the CLI prints.

use serde::Serialize;
use std::fmt;

/// A refused configuration value: which field, what is wrong, and an English message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigError {
    /// The config field (its URL-hash key, CLI name or config name).
    pub field: String,
    /// English reason, including the allowed range.
    pub message: String,
    /// What is wrong, as data (the page words it through i18n).
    #[serde(flatten)]
    pub problem: Problem,
}

/// The kinds of refusal, each with what is allowed and the offending value (shown compactly).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Problem {
    /// A number outside `[lo, hi]` (or not a number).
    Range { lo: f64, hi: f64, value: String },
    /// A whole number outside `lo..=hi` (or not a whole number).
    Count { lo: u64, hi: u64, value: String },
    /// Not one of the allowed names.
    OneOf { allowed: Vec<String>, value: String },
    /// A rule between fields or about the data; `rule` is its i18n key under `refusal.rule.`,
    /// `args` fill the message's `{placeholders}`.
    Rule { rule: &'static str, args: Vec<(&'static str, String)> },
}

impl ConfigError {
    /// A refusal with only an English message (data errors no user can cause from the page,
    /// e.g. a corrupt digits file); the page shows the message as it is.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::rule_with(field, "other", &[("message", message.clone())], message)
    }

    /// A refusal by rule `rule` (i18n `refusal.rule.<rule>`) with its English `message`.
    pub fn rule(field: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Self::rule_with(field, rule, &[], message)
    }

    /// A refusal by rule with message arguments (the page fills `{name}` from `args`).
    pub fn rule_with(
        field: impl Into<String>,
        rule: &'static str,
        args: &[(&'static str, String)],
        message: impl Into<String>,
    ) -> Self {
        Self { field: field.into(), message: message.into(), problem: Problem::Rule { rule, args: args.to_vec() } }
    }

    /// Refuse `value` of `field` for not being one of `allowed`.
    pub fn one_of(field: impl Into<String>, value: &str, allowed: &[&str]) -> Self {
        let shown = shorten(value);
        Self {
            field: field.into(),
            message: format!("must be one of {}, got {shown:?}", allowed.join(", ")),
            problem: Problem::OneOf { allowed: allowed.iter().map(|s| s.to_string()).collect(), value: shown },
        }
    }

    /// Refuse `value` of `field` for not being a number in `[lo, hi]`.
    pub fn range(field: impl Into<String>, value: &str, lo: f64, hi: f64) -> Self {
        let shown = shorten(value);
        let message = format!("must be a number from {} to {}, got {shown}", compact(lo), compact(hi));
        Self { field: field.into(), message, problem: Problem::Range { lo, hi, value: shown } }
    }

    /// Refuse `value` of `field` for not being a whole number in `lo..=hi`.
    pub fn count(field: impl Into<String>, value: &str, lo: u64, hi: u64) -> Self {
        let shown = shorten(value);
        let message = format!("must be a whole number from {lo} to {hi}, got {shown}");
        Self { field: field.into(), message, problem: Problem::Count { lo, hi, value: shown } }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Result of validating or building from a config.
pub type Result<T> = std::result::Result<T, ConfigError>;

/// A number as people read it: `1e308`, `1e-12`, `0.05`, `250` (exact: shortest round-trip digits).
pub fn compact(value: f64) -> String {
    let abs = value.abs();
    if value.is_finite() && abs != 0.0 && !(1e-4..1e6).contains(&abs) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Hostile text is shown shortened (40 characters), never echoed in full.
fn shorten(value: &str) -> String {
    value.chars().take(40).collect()
}

/// Check that a float lies in `[lo, hi]` and is finite.
pub fn check_range(field: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(value)
    } else {
        Err(ConfigError::range(field, &compact(value), lo, hi))
    }
}

/// Check that an integer lies in `[lo, hi]`.
pub fn check_count(field: &str, value: usize, lo: usize, hi: usize) -> Result<usize> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::count(field, &value.to_string(), lo as u64, hi as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_checks_name_the_field_and_refuse_non_finite() {
        assert_eq!(check_range("lr", 0.1, 1e-4, 10.0), Ok(0.1));
        let err = check_range("lr", f64::NAN, 1e-4, 10.0).unwrap_err();
        assert_eq!(err.field, "lr");
        assert!(err.message.contains("1e-4") || err.message.contains("0.0001"));
        assert!(check_range("lr", f64::INFINITY, 0.0, 1.0).is_err());
        assert!(check_count("steps", 0, 1, 10).is_err());
        assert_eq!(check_count("steps", 10, 1, 10), Ok(10));
    }

    #[test]
    fn values_print_compactly_and_refusals_carry_data() {
        assert_eq!(compact(1e308), "1e308");
        assert_eq!(compact(1e-12), "1e-12");
        assert_eq!(compact(0.05), "0.05");
        assert_eq!(compact(250.0), "250");
        assert_eq!(compact(-2.5e7), "-2.5e7");
        let err = check_range("lr", 1e308, 1e-6, 100.0).unwrap_err();
        assert_eq!(err.message, "must be a number from 1e-6 to 100, got 1e308");
        assert_eq!(err.problem, Problem::Range { lo: 1e-6, hi: 100.0, value: "1e308".into() });
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            (json["field"].as_str(), json["kind"].as_str(), json["value"].as_str()),
            (Some("lr"), Some("range"), Some("1e308"))
        );
        let names = ConfigError::one_of("surf", &"x".repeat(300), &["a", "b"]);
        assert!(matches!(names.problem, Problem::OneOf { ref value, .. } if value.len() == 40));
    }
}
