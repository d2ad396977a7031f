//! Learning-rate schedules — lecture slides "Learning rate decay": step decay, exponential,
//! 1/t, cosine, and linear warmup. `lr_at(lr0, t)` is the closed form; step and exponential
//! decay and cosine annealing equal torch's `StepLR`, `ExponentialLR` and `CosineAnnealingLR`
//! (which keeps following the cosine after `t_max`, so the lr rises again), and warmup-cosine
//! the HuggingFace `get_cosine_schedule_with_warmup` convention (lr = 0 at t = 0).

use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

use crate::error::{check_count, check_range, Result};

/// A learning-rate schedule; `t` counts steps (or epochs) from 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Schedule {
    /// lr0 throughout.
    #[default]
    Constant,
    /// lr0 · γ^⌊t / step_size⌋ (torch `StepLR`).
    Step {
        /// Steps between drops.
        step_size: usize,
        /// Factor per drop.
        gamma: f64,
    },
    /// lr0 · γ^t (torch `ExponentialLR`).
    Exponential {
        /// Factor per step.
        gamma: f64,
    },
    /// lr0 / (1 + k·t).
    InverseTime {
        /// Decay rate k.
        k: f64,
    },
    /// η_min + (lr0 − η_min)·(1 + cos(π t / T_max))/2 (torch `CosineAnnealingLR`).
    Cosine {
        /// Half period T_max.
        t_max: usize,
        /// Lowest lr η_min.
        eta_min: f64,
    },
    /// t < W: lr0·t/W; then lr0·½(1 + cos(π (t − W)/(T − W))).
    WarmupCosine {
        /// Warmup steps W.
        warmup: usize,
        /// Total steps T.
        total: usize,
    },
}

impl Schedule {
    /// Registry names, in the order the page lists them.
    pub const NAMES: [&'static str; 6] = ["constant", "step", "exponential", "inverse_time", "cosine", "warmup_cosine"];

    /// Registry name (snake_case; the serde tag is its camelCase form).
    pub fn name(&self) -> &'static str {
        let index = match self {
            Self::Constant => 0,
            Self::Step { .. } => 1,
            Self::Exponential { .. } => 2,
            Self::InverseTime { .. } => 3,
            Self::Cosine { .. } => 4,
            Self::WarmupCosine { .. } => 5,
        };
        Self::NAMES[index]
    }

    /// The schedule with this name and its default parameters (those of the reference lecture
    /// plots: step 30/0.1, exponential 0.95, 1/t k = 0.05, cosine T = 100, warmup 10 of 120).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "constant" => Self::Constant,
            "step" => Self::Step { step_size: 30, gamma: 0.1 },
            "exponential" => Self::Exponential { gamma: 0.95 },
            "inverse_time" => Self::InverseTime { k: 0.05 },
            "cosine" => Self::Cosine { t_max: 100, eta_min: 0.0 },
            "warmup_cosine" => Self::WarmupCosine { warmup: 10, total: 120 },
            _ => return None,
        })
    }

    /// The learning rate at step `t` for base rate `lr0`.
    pub fn lr_at(&self, lr0: f64, t: usize) -> f64 {
        let tf = t as f64;
        match *self {
            Self::Constant => lr0,
            // lr0 · γ^⌊t/s⌋
            Self::Step { step_size, gamma } => lr0 * gamma.powf((t / step_size.max(1)) as f64),
            // lr0 · γ^t
            Self::Exponential { gamma } => lr0 * gamma.powf(tf),
            // lr0 / (1 + k·t)
            Self::InverseTime { k } => lr0 / (1.0 + k * tf),
            // η_min + (lr0 − η_min)·(1 + cos(π t/T))/2
            Self::Cosine { t_max, eta_min } => {
                eta_min + (lr0 - eta_min) * (1.0 + (PI * tf / t_max.max(1) as f64).cos()) / 2.0
            }
            // linear warmup lr0·t/W, then half a cosine over the remaining T − W steps
            Self::WarmupCosine { warmup, total } => {
                if t < warmup {
                    lr0 * tf / warmup as f64
                } else {
                    let decay_steps = total.saturating_sub(warmup).max(1) as f64;
                    lr0 * 0.5 * (1.0 + (PI * (t - warmup) as f64 / decay_steps).cos())
                }
            }
        }
    }

    /// Refuse parameters that would not give a finite, positive schedule, naming the field.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Self::Constant => {}
            Self::Step { step_size, gamma } => {
                check_count("stepSize", step_size, 1, 1_000_000)?;
                check_range("gamma", gamma, 0.0, 1.0)?;
            }
            Self::Exponential { gamma } => {
                check_range("gamma", gamma, 0.0, 1.0)?;
            }
            Self::InverseTime { k } => {
                check_range("k", k, 0.0, 1000.0)?;
            }
            Self::Cosine { t_max, eta_min } => {
                check_count("tMax", t_max, 1, 1_000_000)?;
                check_range("etaMin", eta_min, 0.0, 100.0)?;
            }
            Self::WarmupCosine { warmup, total } => {
                check_count("total", total, 1, 1_000_000)?;
                check_count("warmup", warmup, 0, total.saturating_sub(1))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_defaults_validate() {
        for name in Schedule::NAMES {
            let s = Schedule::from_name(name).unwrap();
            assert_eq!(s.name(), name);
            assert_eq!(s.validate(), Ok(()));
            assert_eq!(s.lr_at(0.1, 0), if name == "warmup_cosine" { 0.0 } else { 0.1 });
        }
        assert_eq!(Schedule::from_name("cosine_annealing"), None);
    }

    #[test]
    fn serde_form_is_tagged_camel_case() {
        let s = Schedule::from_name("warmup_cosine").unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"kind":"warmupCosine","warmup":10,"total":120}"#);
        let step: Schedule = serde_json::from_str(r#"{"kind":"step","stepSize":30,"gamma":0.1}"#).unwrap();
        assert_eq!(step, Schedule::Step { step_size: 30, gamma: 0.1 });
        let cos = serde_json::to_string(&Schedule::Cosine { t_max: 5, eta_min: 0.0 }).unwrap();
        assert_eq!(cos, r#"{"kind":"cosine","tMax":5,"etaMin":0.0}"#);
        assert_eq!(serde_json::to_string(&Schedule::Constant).unwrap(), r#"{"kind":"constant"}"#);
    }

    #[test]
    fn bad_parameters_are_refused_and_degenerate_ones_do_not_panic() {
        assert_eq!(Schedule::Step { step_size: 0, gamma: 0.5 }.validate().unwrap_err().field, "stepSize");
        assert_eq!(Schedule::WarmupCosine { warmup: 10, total: 10 }.validate().unwrap_err().field, "warmup");
        assert_eq!(Schedule::Exponential { gamma: f64::NAN }.validate().unwrap_err().field, "gamma");
        assert!(Schedule::Step { step_size: 0, gamma: 0.5 }.lr_at(1.0, 3).is_finite());
        assert!(Schedule::Cosine { t_max: 0, eta_min: 0.0 }.lr_at(1.0, 3).is_finite());
        assert!(Schedule::WarmupCosine { warmup: 5, total: 5 }.lr_at(1.0, 7).is_finite());
    }

    #[test]
    fn cosine_rises_again_after_t_max() {
        let s = Schedule::Cosine { t_max: 100, eta_min: 0.0 };
        assert!(s.lr_at(0.1, 100).abs() < 1e-17);
        assert!((s.lr_at(0.1, 119) - 0.00865).abs() < 1e-5);
    }
}
