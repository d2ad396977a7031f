//! AdaDelta (Zeiler 2012) — the "no learning rate" cousin of RMSProp mentioned with the
//! adaptive methods: the step is √(E[Δθ²] + ε)/√(E[g²] + ε)·g, so units match θ.
//! Exactly `torch.optim.Adadelta` (eps inside both square roots; lr 1.0 by default).

use super::transform::{ema_sq, ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.Adadelta` (same names; `Default` = torch defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdadeltaParams {
    /// Scale applied to the step (torch default 1.0).
    pub lr: f64,
    /// Decay ρ of both running means.
    pub rho: f64,
    /// Added inside both square roots.
    pub eps: f64,
    /// L2 penalty λ folded into the gradient.
    pub weight_decay: f64,
}

impl Default for AdadeltaParams {
    fn default() -> Self {
        Self { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0.0 }
    }
}

/// AdaDelta optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Adadelta {
    /// Hyperparameters.
    pub params: AdadeltaParams,
    /// Updates applied so far.
    pub step_count: u64,
    /// E(g²), the running mean of g² (torch's `square_avg`).
    pub square_avg: Vec<f64>,
    /// E(Δθ²), the running mean of squared steps (torch's `acc_delta`).
    pub acc_delta: Vec<f64>,
}

impl Adadelta {
    /// A fresh optimizer.
    pub fn new(params: AdadeltaParams) -> Self {
        Self { params, step_count: 0, square_avg: Vec::new(), acc_delta: Vec::new() }
    }
}

impl Optimizer for Adadelta {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let AdadeltaParams { lr, rho, eps, weight_decay } = self.params;
        let n = params.len();
        ensure_len(&mut self.square_avg, n);
        ensure_len(&mut self.acc_delta, n);
        self.step_count += 1;
        let state = self.square_avg.iter_mut().zip(&mut self.acc_delta);
        for ((p, &g), (sq, acc)) in params.iter_mut().zip(grads).zip(state) {
            let g = l2_decay(g, *p, weight_decay);
            // E[g²] ← ρ·E[g²] + (1 − ρ)·g²
            *sq = ema_sq(*sq, g, rho);
            // Δθ = √(E[Δθ²] + ε) / √(E[g²] + ε) · g
            let delta = (*acc + eps).sqrt() / (*sq + eps).sqrt() * g;
            // E[Δθ²] ← ρ·E[Δθ²] + (1 − ρ)·Δθ²
            *acc = ema_sq(*acc, delta, rho);
            // θ ← θ − lr·Δθ
            *p += -lr * delta;
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
        self.acc_delta.clear();
    }

    fn internals(&self) -> Internals<'_> {
        Internals { step_count: self.step_count, second_moment: &self.square_avg, ..Internals::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_steps_are_tiny() {
        let mut opt = Adadelta::new(AdadeltaParams::default());
        let mut p = [0.0];
        opt.step(&mut p, &[10.0]);
        // √ε / √(0.1·g²) · g ≈ √(1e-6 / 0.1) = 3.16e-3
        assert!((p[0] + (1e-6f64 / 0.1).sqrt()).abs() < 1e-8, "{}", p[0]);
    }
}
