//! One searched hyperparameter: a trainer field (by its CLI flag), a range and a scale, written
//! `name:lo:hi:log|lin` on the command line and in links.

use crate::error::{compact, ConfigError, Result};
use crate::fields::{self, url::num, Field, Kind};
use crate::train::TrainerConfig;

/// The trainer flags a search may vary.
pub const PARAMS: [&str; 7] = ["lr", "l2", "dropout", "width", "batch", "momentum", "beta1"];

/// How values spread over a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Uniform in log space (rates, strengths: the notes' advice).
    Log,
    /// Uniform.
    Linear,
}

/// A searched parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRange {
    /// One of [`PARAMS`].
    pub name: &'static str,
    pub lo: f64,
    pub hi: f64,
    pub scale: Scale,
}

impl ParamRange {
    /// Read `name:lo:hi:log|lin`, refused (as field `param`) unless the name is searchable, the
    /// bounds are finite with lo < hi inside the trainer's range, and a log range is positive.
    pub fn parse(text: &str) -> Result<Self> {
        let value = [("value", text.to_string())];
        let parts: Vec<&str> = text.split(':').collect();
        let [name, lo, hi, scale] = parts[..] else {
            let message = format!("{text:?} must be a list like lr:1e-4:1:log (NAME:LO:HI:log|lin)");
            return Err(ConfigError::rule_with("param", "param_form", &value, message));
        };
        let Some(&name) = PARAMS.iter().find(|&&p| p == name) else {
            return Err(ConfigError::one_of("param", name, &PARAMS));
        };
        let scale = match scale {
            "log" => Scale::Log,
            "lin" => Scale::Linear,
            other => return Err(ConfigError::one_of("param", other, &["log", "lin"])),
        };
        let (Ok(lo), Ok(hi)) = (lo.parse::<f64>(), hi.parse::<f64>()) else {
            let message = format!("{text:?}: the bounds must be numbers, a list like lr:1e-4:1:log");
            return Err(ConfigError::rule_with("param", "param_form", &value, message));
        };
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            let message = format!("{name}: choose a low bound below the high one");
            return Err(ConfigError::rule_with("param", "param_order", &value, message));
        }
        if scale == Scale::Log && lo <= 0.0 {
            let message = format!("{name}: a log scale needs a positive low bound");
            return Err(ConfigError::rule_with("param", "param_log", &value, message));
        }
        let (min, max) = bounds(field(name));
        if lo < min || hi > max {
            let args = [("name", name.to_string()), ("lo", compact(min)), ("hi", compact(max))];
            let message = format!("{name} must lie from {} to {}", compact(min), compact(max));
            return Err(ConfigError::rule_with("param", "param_bounds", &args, message));
        }
        Ok(Self { name, lo, hi, scale })
    }

    /// Back as `name:lo:hi:log|lin`.
    pub fn to_text(&self) -> String {
        let scale = if self.scale == Scale::Log { "log" } else { "lin" };
        format!("{}:{}:{}:{scale}", self.name, num(self.lo), num(self.hi))
    }

    /// The value at `u` ∈ [0, 1] along the range on its scale (whole numbers for counts).
    pub fn value_at(&self, u: f64) -> f64 {
        let v = self.raw_at(u);
        if self.is_whole() {
            v.round()
        } else {
            v
        }
    }

    /// [`Self::value_at`] before rounding to whole numbers.
    pub fn raw_at(&self, u: f64) -> f64 {
        let v = match self.scale {
            // lo^(1−u)·hi^u: exactly lo at 0 and hi at 1 (grid ends read as typed).
            Scale::Log => self.lo.powf(1.0 - u) * self.hi.powf(u),
            Scale::Linear => self.lo + u * (self.hi - self.lo),
        };
        v.clamp(self.lo, self.hi)
    }

    /// Where `value` lies along the range on its scale (0 = lo, 1 = hi).
    pub fn position(&self, value: f64) -> f64 {
        match self.scale {
            Scale::Log => (value.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln()),
            Scale::Linear => (value - self.lo) / (self.hi - self.lo),
        }
    }

    /// Whether the trainer takes whole numbers (width, batch).
    pub fn is_whole(&self) -> bool {
        !matches!(field(self.name).kind, Kind::Float { .. })
    }

    /// The trainer's link key of this parameter.
    pub fn key(&self) -> &'static str {
        field(self.name).key
    }

    /// `value` as the trainer's link text.
    pub fn text(&self, value: f64) -> String {
        if self.is_whole() {
            format!("{}", value.round() as u64)
        } else {
            num(value)
        }
    }

    /// This parameter's value in `config` (a full batch reads as the training set's size 0).
    pub fn read(&self, config: &TrainerConfig) -> f64 {
        (field(self.name).get)(config).and_then(|t| t.parse().ok()).unwrap_or(0.0)
    }
}

/// The trainer field with CLI flag `name` (every name in [`PARAMS`] has one; a test checks).
fn field(name: &str) -> &'static Field<TrainerConfig> {
    fields::field_by_flag::<TrainerConfig>(name).expect("every searchable parameter is a trainer flag")
}

/// The range a field accepts (a batch size: its slider's, 1 to the largest batch).
fn bounds(field: &Field<TrainerConfig>) -> (f64, f64) {
    match (field.kind, field.slider) {
        (Kind::Float { lo, hi, .. }, _) => (lo, hi),
        (Kind::Count { lo, hi }, _) => (lo as f64, hi as f64),
        (_, Some([lo, hi, _])) => (lo, hi),
        _ => (f64::NEG_INFINITY, f64::INFINITY),
    }
}
