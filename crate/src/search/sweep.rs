//! Babysitting a learning rate (CS231n lecture 6): one run whose rate grows exponentially per
//! minibatch (Smith's "LR range test"), and the loss curves of a few fixed rates — too low,
//! good, high, very high — as the lecture draws them.

use crate::data::Digits;
use crate::error::Result;
use crate::train::{Trainer, TrainerConfig};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The rates the sweep covers.
pub const SWEEP_RANGE: (f64, f64) = (1e-6, 10.0);
/// Minibatches in the sweep (about 14 per decade).
pub const SWEEP_STEPS: usize = 100;
/// The sweep stops once the smoothed loss exceeds this many times its lowest value.
const STOP_FACTOR: f64 = 4.0;
/// Weight of the past in the smoothed loss (bias-corrected, as Smith and fastai do).
const SMOOTHING: f64 = 0.9;
/// The share of the sweep's drop after which the loss counts as falling.
const DESCENT: f64 = 0.25;

/// Loss against rate, and the range to search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sweep {
    pub lr: Vec<f64>,
    /// Each minibatch's training loss (the last may be the explosion's, not finite).
    pub loss: Vec<f64>,
    /// The smoothed loss the suggestion reads.
    pub smoothed: Vec<f64>,
    /// `[lo, hi]`: from where the loss is clearly falling to a tenth of the rate at its lowest point.
    pub suggested: [f64; 2],
}

/// Run the sweep on `base` (its rate and schedule replaced; everything else as given).
pub fn lr_sweep(base: &TrainerConfig, digits: Option<Arc<Digits>>) -> Result<Sweep> {
    let (lo, hi) = SWEEP_RANGE;
    let rate = |i: usize| lo * (hi / lo).powf(i as f64 / (SWEEP_STEPS - 1) as f64);
    let mut cfg = TrainerConfig { schedule: "constant".into(), ..base.clone() };
    cfg.hyper.lr = rate(0);
    let mut trainer = Trainer::with_digits(cfg.clone(), digits)?;
    let (mut lr, mut loss, mut smoothed) = (Vec::new(), Vec::new(), Vec::new());
    let mut average = 0.0;
    for i in 0..SWEEP_STEPS {
        cfg.hyper.lr = rate(i);
        trainer.set(cfg.clone())?;
        trainer.train_only(1);
        let value = trainer.last_loss();
        lr.push(cfg.hyper.lr);
        loss.push(value);
        if !value.is_finite() {
            break;
        }
        average = SMOOTHING * average + (1.0 - SMOOTHING) * value;
        let s = average / (1.0 - SMOOTHING.powi(i as i32 + 1));
        smoothed.push(s);
        let lowest = smoothed.iter().copied().fold(f64::INFINITY, f64::min);
        if i >= 10 && s > STOP_FACTOR * lowest {
            break;
        }
    }
    let suggested = suggest(&lr, &smoothed);
    Ok(Sweep { lr, loss, smoothed, suggested })
}

/// `[lo, hi]` from a smoothed sweep: hi is a tenth of the rate at the lowest loss (still falling
/// fast there, well below the explosion); lo is where the loss has made a quarter of its drop (a
/// smaller share is lost in minibatch noise), or hi/10 if that comes later.
pub fn suggest(lr: &[f64], smoothed: &[f64]) -> [f64; 2] {
    let Some((at_min, &min)) = smoothed.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)) else {
        return [SWEEP_RANGE.0, SWEEP_RANGE.1];
    };
    let start = smoothed[0];
    let falling = smoothed.iter().position(|&s| s <= start - DESCENT * (start - min)).unwrap_or(at_min);
    let hi = lr[at_min] / 10.0;
    [lr[falling].min(hi / 10.0), hi]
}

/// The lecture's four rates from a sweep's suggestion: too low (a hundredth of its low end), good
/// (its geometric middle), high (the rate at the lowest sweep loss), very high (ten times that,
/// at most the sweep's top); each kept at least 3× below the next (on an easy problem the
/// sweep's lowest loss may sit at its top).
pub fn pattern_rates(suggested: [f64; 2]) -> [f64; 4] {
    let [lo, hi] = suggested;
    let mut rates = [lo / 100.0, (lo * hi).sqrt(), hi * 10.0, (hi * 100.0).min(SWEEP_RANGE.1)];
    for k in (0..3).rev() {
        rates[k] = rates[k].min(rates[k + 1] / 3.0);
    }
    rates
}

/// Epochs of a fixed-rate curve: enough for the lecture's shapes, at most the base's epochs.
pub const PATTERN_EPOCHS: usize = 20;

/// Training loss after each epoch (index 0: before training) of `base` at a fixed `lr`, for up to
/// [`PATTERN_EPOCHS`]; stops at a loss that is not finite (the last value then is NaN).
pub fn fixed_rate_curve(base: &TrainerConfig, lr: f64, digits: Option<Arc<Digits>>) -> Result<Vec<f64>> {
    let mut cfg = base.clone();
    cfg.hyper.lr = lr;
    let epochs = cfg.epochs.min(PATTERN_EPOCHS);
    let mut trainer = Trainer::with_digits(cfg, digits)?;
    let mut curve = vec![trainer.sanity().initial_loss];
    while trainer.history().len() < epochs {
        trainer.epoch();
        match (trainer.diverged_at(), trainer.history().last()) {
            (None, Some(r)) => curve.push(r.train_loss),
            _ => {
                curve.push(f64::NAN);
                break;
            }
        }
    }
    Ok(curve)
}
