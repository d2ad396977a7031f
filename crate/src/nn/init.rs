//! Weight initialization (CS231n lecture 6, "Weight initialization"): W = std·randn.
//! Too small and activations shrink to 0 layer by layer; too large and tanh saturates;
//! Xavier (1/√fan_in) keeps tanh layers alive, He (√(2/fan_in)) does the same for ReLU;
//! all-zero weights make every unit identical (no symmetry breaking).

use super::scalar::Scalar;
use crate::error::{check_range, Result};
use crate::rng::Rng;
use serde::Serialize;

/// Largest std a custom initialization may ask for.
pub const MAX_CUSTOM_STD: f64 = 100.0;
/// Smallest custom std (a smaller one is indistinguishable from zero init).
pub const MIN_CUSTOM_STD: f64 = 1e-6;

/// How weights are drawn: N(0, std²) with a std chosen by rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// All weights 0.
    Zero,
    /// std 0.01 (the lecture's first try).
    Small,
    /// std 1.0.
    Large,
    /// std 1/√fan_in (Glorot & Bengio 2010, CS231n form).
    Xavier,
    /// std √(2/fan_in) (He et al. 2015, for ReLU).
    He,
    /// A fixed std in (0, 100].
    Custom(f64),
}

impl Init {
    /// The named rules, in teaching order (custom excluded).
    pub const NAMED: [Init; 5] = [Init::Zero, Init::Small, Init::Large, Init::Xavier, Init::He];

    /// Every rule's name, the named ones and then "custom" (links, CLI, the page's selects).
    pub fn names() -> Vec<&'static str> {
        Self::NAMED.iter().map(|i| i.name()).chain(["custom"]).collect()
    }

    /// Stable identifier: "zero", "small", "large", "xavier", "he", "custom".
    pub fn name(&self) -> &'static str {
        match self {
            Init::Zero => "zero",
            Init::Small => "small",
            Init::Large => "large",
            Init::Xavier => "xavier",
            Init::He => "he",
            Init::Custom(_) => "custom",
        }
    }

    /// Parse a [`name`](Self::name); "custom" takes `custom_std`.
    pub fn from_name(name: &str, custom_std: f64) -> Option<Self> {
        match name {
            "custom" => Some(Init::Custom(custom_std)),
            _ => Self::NAMED.into_iter().find(|i| i.name() == name),
        }
    }

    /// Standard deviation of the weights of a layer with `fan_in` inputs.
    pub fn std(&self, fan_in: usize) -> f64 {
        let fan_in = fan_in.max(1) as f64;
        match self {
            Init::Zero => 0.0,
            Init::Small => 0.01,
            Init::Large => 1.0,
            Init::Xavier => 1.0 / fan_in.sqrt(),
            Init::He => (2.0 / fan_in).sqrt(),
            Init::Custom(std) => *std,
        }
    }

    /// Refuse a custom std that is not finite or outside (0, 100]; `field` names it.
    pub fn validate(&self, field: &str) -> Result<()> {
        if let Init::Custom(std) = *self {
            // The same range as the `std` field of a link, so every accepted config can be shared.
            check_range(field, std, MIN_CUSTOM_STD, MAX_CUSTOM_STD)?;
        }
        Ok(())
    }

    /// Fill `weights` with N(0, std(fan_in)²) draws from `rng` (one f64 normal per entry, so f32
    /// and f64 networks with the same seed see the same weights up to rounding).
    pub fn fill<T: Scalar>(&self, fan_in: usize, rng: &mut Rng, weights: &mut [T]) {
        let std = self.std(fan_in);
        for w in weights.iter_mut() {
            *w = T::from_f64(std * rng.normal());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stds_follow_the_rules() {
        assert_eq!(Init::Small.std(500), 0.01);
        assert_eq!(Init::Large.std(500), 1.0);
        assert!((Init::Xavier.std(500) - 0.044721359549995794).abs() < 1e-17);
        assert!((Init::He.std(500) - 0.06324555320336758).abs() < 1e-17);
        assert_eq!(Init::Zero.std(7), 0.0);
        assert_eq!(Init::Custom(0.3).std(7), 0.3);
    }

    #[test]
    fn names_round_trip_and_bad_custom_std_is_refused() {
        for init in Init::NAMED.into_iter().chain([Init::Custom(0.5)]) {
            assert_eq!(Init::from_name(init.name(), 0.5), Some(init));
        }
        assert_eq!(Init::from_name("glorot", 1.0), None);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 100.5] {
            assert_eq!(Init::Custom(bad).validate("init").unwrap_err().field, "init");
        }
        assert!(Init::Custom(100.0).validate("init").is_ok());
    }

    #[test]
    fn fill_draws_the_requested_std() {
        let mut rng = Rng::new(3);
        let mut w = vec![0f32; 100_000];
        Init::He.fill(50, &mut rng, &mut w);
        let m = crate::stats::moments(&w);
        assert!(m.mean.abs() < 0.002 && (m.std / 0.2 - 1.0).abs() < 0.01, "{m:?}");
        Init::Zero.fill(50, &mut rng, &mut w);
        assert!(w.iter().all(|&x| x == 0.0));
    }
}
