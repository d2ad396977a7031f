//! SGD, SGD+Momentum and Nesterov momentum — lecture slides "Problems with SGD" → "SGD +
//! Momentum" → "Nesterov Momentum". Exactly `torch.optim.SGD`. CS231n's `v = μv − lr·g; x += v`
//! is this with `v = −lr·buf` (identical under a constant lr); CS231n's Nesterov form tracks
//! the look-ahead iterate instead (same method up to a change of variables).

use super::transform::{ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.SGD` (same names; `Default` = torch defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdParams {
    /// Learning rate.
    pub lr: f64,
    /// Momentum μ (0 = plain SGD).
    pub momentum: f64,
    /// Dampening of the gradient added to the momentum buffer.
    pub dampening: f64,
    /// Nesterov look-ahead.
    pub nesterov: bool,
    /// L2 penalty λ folded into the gradient.
    pub weight_decay: f64,
}

impl Default for SgdParams {
    fn default() -> Self {
        Self { lr: 1e-3, momentum: 0.0, dampening: 0.0, nesterov: false, weight_decay: 0.0 }
    }
}

/// Stochastic gradient descent with optional (Nesterov) momentum.
#[derive(Clone, Debug, PartialEq)]
pub struct Sgd {
    /// Hyperparameters.
    pub params: SgdParams,
    /// Momentum buffer b (torch's `momentum_buffer`, CS231n's v = −lr·b); empty before the first
    /// step, when it is set to the first gradient.
    pub velocity: Vec<f64>,
}

impl Sgd {
    /// A fresh optimizer.
    pub fn new(params: SgdParams) -> Self {
        Self { params, velocity: Vec::new() }
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let SgdParams { lr, momentum, dampening, nesterov, weight_decay } = self.params;
        if momentum == 0.0 && weight_decay == 0.0 {
            // Plain SGD, θ ← θ − lr·g: a branch-free loop the compiler vectorizes.
            params.iter_mut().zip(grads).for_each(|(p, &g)| *p += -lr * g);
            return;
        }
        let first_step = momentum != 0.0 && ensure_len(&mut self.velocity, params.len());
        for (i, (p, &g)) in params.iter_mut().zip(grads).enumerate() {
            // d = g + λ·θ  (weight decay)
            let mut d = l2_decay(g, *p, weight_decay);
            if momentum != 0.0 {
                let b = &mut self.velocity[i];
                // b ← g on the first step, then b ← μ·b + (1 − dampening)·g
                *b = if first_step { d } else { *b * momentum + (1.0 - dampening) * d };
                // Nesterov: d = g + μ·b (look ahead along the velocity); classical: d = b
                d = if nesterov { d + momentum * *b } else { *b };
            }
            // θ ← θ − lr·d
            *p += -lr * d;
        }
    }

    fn lr(&self) -> f64 {
        self.params.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.velocity.clear();
    }

    fn internals(&self) -> Internals<'_> {
        Internals { velocity: &self.velocity, ..Internals::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_momentum_step_copies_the_gradient_then_accumulates() {
        let mut opt = Sgd::new(SgdParams { lr: 0.1, momentum: 0.9, ..SgdParams::default() });
        let mut p = [1.0];
        opt.step(&mut p, &[2.0]);
        assert_eq!(opt.velocity, [2.0]);
        assert!((p[0] - 0.8).abs() < 1e-15);
        opt.step(&mut p, &[1.0]);
        assert!((opt.velocity[0] - 2.8).abs() < 1e-15);
        assert!((p[0] - 0.52).abs() < 1e-15);
        opt.set_lr(0.2);
        assert_eq!(opt.velocity.len(), 1, "set_lr keeps state");
        opt.reset();
        assert!(opt.velocity.is_empty());
    }

    #[test]
    fn nesterov_looks_ahead() {
        let params = SgdParams { lr: 0.1, momentum: 0.5, nesterov: true, ..SgdParams::default() };
        let mut opt = Sgd::new(params);
        let mut p = [0.0];
        opt.step(&mut p, &[1.0]); // b = 1, d = 1 + 0.5
        assert!((p[0] + 0.15).abs() < 1e-15);
    }
}
