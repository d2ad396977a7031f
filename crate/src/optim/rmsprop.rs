//! RMSProp — lecture slide "RMSProp": AdaGrad with a *leaky* (exponentially decaying) mean of
//! g², so steps stop shrinking. Exactly `torch.optim.RMSprop` with `centered=False`,
//! `momentum=0` (the lecture's form; CS231n's `decay_rate` is torch's `alpha`).

use super::transform::{ema_sq, ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.RMSprop` (same names; `Default` = torch defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RmspropParams {
    /// Learning rate.
    pub lr: f64,
    /// Decay α of the running mean of g² (CS231n `decay_rate`).
    pub alpha: f64,
    /// Added to √E(g²) to avoid dividing by zero.
    pub eps: f64,
    /// L2 penalty λ folded into the gradient.
    pub weight_decay: f64,
}

impl Default for RmspropParams {
    fn default() -> Self {
        Self { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0.0 }
    }
}

/// RMSProp optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Rmsprop {
    /// Hyperparameters.
    pub params: RmspropParams,
    /// Updates applied so far.
    pub step_count: u64,
    /// Running mean of g² (torch's `square_avg`, CS231n's `cache`).
    pub square_avg: Vec<f64>,
}

impl Rmsprop {
    /// A fresh optimizer.
    pub fn new(params: RmspropParams) -> Self {
        Self { params, step_count: 0, square_avg: Vec::new() }
    }
}

impl Optimizer for Rmsprop {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let RmspropParams { lr, alpha, eps, weight_decay } = self.params;
        ensure_len(&mut self.square_avg, params.len());
        self.step_count += 1;
        for ((p, &g), sq) in params.iter_mut().zip(grads).zip(&mut self.square_avg) {
            let g = l2_decay(g, *p, weight_decay);
            // E[g²] ← α·E[g²] + (1 − α)·g²   (no bias correction)
            *sq = ema_sq(*sq, g, alpha);
            // θ ← θ − lr · g / (√E[g²] + ε)
            *p += -lr * g / (sq.sqrt() + eps);
        }
    }

    fn lr(&self) -> f64 {
        self.params.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.step_count = 0;
        self.square_avg.clear();
    }

    fn internals(&self) -> Internals<'_> {
        Internals { step_count: self.step_count, second_moment: &self.square_avg, ..Internals::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_lr_over_sqrt_one_minus_alpha() {
        let mut opt = Rmsprop::new(RmspropParams { lr: 0.01, ..RmspropParams::default() });
        let mut p = [0.0];
        opt.step(&mut p, &[3.0]);
        assert!((p[0] + 0.01 / 0.1).abs() < 1e-7, "{}", p[0]);
    }
}
