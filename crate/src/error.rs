//! Refusals: every config that cannot be run is refused with the field it concerns and why.

use std::fmt;

/// A refused configuration value: which field, and a message naming the allowed range.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConfigError {
    /// The config field (its URL-hash / CLI name).
    pub field: String,
    /// Human-readable reason, including the allowed range.
    pub message: String,
}

impl ConfigError {
    /// Refuse `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
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

/// Check that a float lies in `[lo, hi]` and is finite.
pub fn check_range(field: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(value)
    } else {
        Err(ConfigError::new(field, format!("must be a number from {lo} to {hi}, got {value}")))
    }
}

/// Check that an integer lies in `[lo, hi]`.
pub fn check_count(field: &str, value: usize, lo: usize, hi: usize) -> Result<usize> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::new(field, format!("must be a whole number from {lo} to {hi}, got {value}")))
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
}
