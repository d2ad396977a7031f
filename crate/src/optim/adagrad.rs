//! AdaGrad — lecture slide "AdaGrad": per-parameter step sizes from the running *sum* of
//! squared gradients, so steep directions slow down (and every step shrinks over time).
//! Exactly `torch.optim.Adagrad` (eps 1e-10 added outside the square root).

use super::transform::{ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.Adagrad` (same names; `Default` = torch defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdagradParams {
    /// Learning rate.
    pub lr: f64,
    /// lr decays as lr / (1 + (t − 1)·lr_decay).
    pub lr_decay: f64,
    /// Added to √(Σg²) to avoid dividing by zero.
    pub eps: f64,
    /// L2 penalty λ folded into the gradient.
    pub weight_decay: f64,
}

impl Default for AdagradParams {
    fn default() -> Self {
        Self { lr: 1e-2, lr_decay: 0.0, eps: 1e-10, weight_decay: 0.0 }
    }
}

/// AdaGrad optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Adagrad {
    /// Hyperparameters.
    pub params: AdagradParams,
    /// Updates applied so far (t).
    pub step_count: u64,
    /// Σ g² per parameter (torch's `sum`).
    pub grad_squared_sum: Vec<f64>,
}

impl Adagrad {
    /// A fresh optimizer.
    pub fn new(params: AdagradParams) -> Self {
        Self { params, step_count: 0, grad_squared_sum: Vec::new() }
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let AdagradParams { lr, lr_decay, eps, weight_decay } = self.params;
        ensure_len(&mut self.grad_squared_sum, params.len());
        self.step_count += 1;
        // lr_t = lr / (1 + (t − 1)·lr_decay)
        let clr = lr / (1.0 + (self.step_count - 1) as f64 * lr_decay);
        for ((p, &g), sum) in params.iter_mut().zip(grads).zip(&mut self.grad_squared_sum) {
            let g = l2_decay(g, *p, weight_decay);
            // G ← G + g²
            *sum += 1.0 * g * g;
            // θ ← θ − lr_t · g / (√G + ε)
            *p += -clr * g / (sum.sqrt() + eps);
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
        self.grad_squared_sum.clear();
    }

    fn internals(&self) -> Internals<'_> {
        Internals { step_count: self.step_count, second_moment: &self.grad_squared_sum, ..Internals::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_is_lr_times_sign() {
        let mut opt = Adagrad::new(AdagradParams { lr: 0.5, ..AdagradParams::default() });
        let mut p = [1.0, 1.0];
        opt.step(&mut p, &[4.0, -0.01]);
        assert!((p[0] - 0.5).abs() < 1e-9 && (p[1] - 1.5).abs() < 1e-7);
        assert_eq!(opt.step_count, 1);
    }
}
