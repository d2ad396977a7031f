//! Adam and AdamW — lecture slides "Adam (almost)" → "Adam (full form)" with bias correction,
//! and "AdamW: decoupled weight decay". Exactly `torch.optim.Adam` / `torch.optim.AdamW`
//! (AdamW = Adam with `decoupled_weight_decay`). The `bias_correction` switch exists to show why
//! the correction is there: without it the first steps are ~(1 − β1) too small.

use super::transform::{bias_correction, decoupled_decay, ema, ema_sq, ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.Adam`/`AdamW` (same names; `Default` = torch Adam defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamParams {
    /// Learning rate.
    pub lr: f64,
    /// (β1, β2): decay of the first and second moment.
    pub betas: (f64, f64),
    /// Added to √v̂ to avoid dividing by zero.
    pub eps: f64,
    /// λ: L2 penalty in the gradient (Adam) or decoupled decay θ ← θ(1 − lr·λ) (AdamW).
    pub weight_decay: f64,
    /// AdamW's decoupled weight decay instead of L2 in the gradient.
    pub decoupled_weight_decay: bool,
    /// Divide the moments by 1 − β^t (true in torch; false only to show why it exists).
    pub bias_correction: bool,
}

impl Default for AdamParams {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
            bias_correction: true,
        }
    }
}

impl AdamParams {
    /// `torch.optim.AdamW` defaults (lr 1e-3, weight_decay 0.01, decoupled).
    pub fn adamw() -> Self {
        Self { weight_decay: 0.01, decoupled_weight_decay: true, ..Self::default() }
    }
}

/// Adam / AdamW optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Adam {
    /// Hyperparameters.
    pub params: AdamParams,
    /// t, incremented before use (t = 1 on the first step).
    pub step_count: u64,
    /// m: moving average of g (torch's `exp_avg`).
    pub first_moment: Vec<f64>,
    /// v: moving average of g² (torch's `exp_avg_sq`).
    pub second_moment: Vec<f64>,
}

impl Adam {
    /// A fresh optimizer.
    pub fn new(params: AdamParams) -> Self {
        Self { params, step_count: 0, first_moment: Vec::new(), second_moment: Vec::new() }
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let AdamParams { lr, betas: (beta1, beta2), eps, weight_decay, .. } = self.params;
        let n = params.len();
        if ensure_len(&mut self.first_moment, n) | ensure_len(&mut self.second_moment, n) {
            self.step_count = 0;
        }
        self.step_count += 1;
        let (bc1, bc2_sqrt) = if self.params.bias_correction {
            // 1 − β1^t and √(1 − β2^t)
            (bias_correction(beta1, self.step_count), bias_correction(beta2, self.step_count).sqrt())
        } else {
            (1.0, 1.0)
        };
        let step_size = lr / bc1;
        let moments = self.first_moment.iter_mut().zip(&mut self.second_moment);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grads).zip(moments) {
            let g = if self.params.decoupled_weight_decay {
                // AdamW: θ ← θ·(1 − lr·λ), then plain Adam on g
                *p = decoupled_decay(*p, lr, weight_decay);
                g
            } else {
                // Adam: g ← g + λ·θ
                l2_decay(g, *p, weight_decay)
            };
            // m ← β1·m + (1 − β1)·g   (first moment: momentum)
            *m = ema(*m, g, beta1);
            // v ← β2·v + (1 − β2)·g²   (second moment: RMSProp)
            *v = ema_sq(*v, g, beta2);
            // θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)  (bias correction)
            *p += -step_size * *m / (v.sqrt() / bc2_sqrt + eps);
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
        self.first_moment.clear();
        self.second_moment.clear();
    }

    fn internals(&self) -> Internals<'_> {
        Internals {
            step_count: self.step_count,
            velocity: &[],
            first_moment: &self.first_moment,
            second_moment: &self.second_moment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bias_correction_makes_the_first_step_lr_sized() {
        let mut p = [0.0];
        let mut adam = Adam::new(AdamParams { lr: 0.1, ..AdamParams::default() });
        adam.step(&mut p, &[5.0]);
        assert!((p[0] + 0.1).abs() < 1e-9, "{}", p[0]);
        let mut q = [0.0];
        let params = AdamParams { lr: 0.1, bias_correction: false, ..AdamParams::default() };
        Adam::new(params).step(&mut q, &[5.0]);
        // m = 0.5, √v = 5·√0.001: the uncorrected step is (1 − β1)/√(1 − β2) ≈ 3.16 × lr
        assert!((q[0] + 0.1 * 0.1 / 0.001f64.sqrt()).abs() < 1e-6, "{}", q[0]);
    }

    #[test]
    fn adamw_shrinks_weights_without_gradient() {
        let mut opt = Adam::new(AdamParams { lr: 0.1, ..AdamParams::adamw() });
        let mut p = [2.0];
        opt.step(&mut p, &[0.0]);
        assert!((p[0] - 2.0 * (1.0 - 0.1 * 0.01)).abs() < 1e-15);
    }
}
