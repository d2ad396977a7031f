//! NAdam — Adam with Nesterov momentum (Dozat 2016), the "Adam + Nesterov" aside after the
//! Adam slides. Exactly `torch.optim.NAdam` (momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ))).

use super::transform::{bias_correction, ema, ema_sq, ensure_len, l2_decay};
use super::{Internals, Optimizer};

/// Hyperparameters of `torch.optim.NAdam` (same names; `Default` = torch defaults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NadamParams {
    /// Learning rate.
    pub lr: f64,
    /// (β1, β2): decay of the first and second moment.
    pub betas: (f64, f64),
    /// Added to √v̂ to avoid dividing by zero.
    pub eps: f64,
    /// L2 penalty λ folded into the gradient.
    pub weight_decay: f64,
    /// ψ in the momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ)).
    pub momentum_decay: f64,
}

impl Default for NadamParams {
    fn default() -> Self {
        Self { lr: 2e-3, betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0, momentum_decay: 4e-3 }
    }
}

/// NAdam optimizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Nadam {
    /// Hyperparameters.
    pub params: NadamParams,
    /// t, incremented before use.
    pub step_count: u64,
    /// Π μ_1..μ_t (torch's `mu_product`, starts at 1).
    pub mu_product: f64,
    /// m: moving average of g.
    pub first_moment: Vec<f64>,
    /// v: moving average of g².
    pub second_moment: Vec<f64>,
}

impl Nadam {
    /// A fresh optimizer.
    pub fn new(params: NadamParams) -> Self {
        let (first_moment, second_moment) = (Vec::new(), Vec::new());
        Self { params, step_count: 0, mu_product: 1.0, first_moment, second_moment }
    }
}

impl Optimizer for Nadam {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        let NadamParams { lr, betas: (beta1, beta2), eps, weight_decay, momentum_decay } = self.params;
        let n = params.len();
        if ensure_len(&mut self.first_moment, n) | ensure_len(&mut self.second_moment, n) {
            self.step_count = 0;
            self.mu_product = 1.0;
        }
        self.step_count += 1;
        let t = self.step_count as f64;
        let bc2 = bias_correction(beta2, self.step_count);
        // μ_t = β1·(1 − ½·0.96^(t·ψ)),  μ_{t+1} likewise  (warming-up momentum schedule)
        let mu = beta1 * (1.0 - 0.5 * 0.96f64.powf(t * momentum_decay));
        let mu_next = beta1 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * momentum_decay));
        self.mu_product *= mu;
        let mu_product_next = self.mu_product * mu_next;
        let grad_coef = -lr * (1.0 - mu) / (1.0 - self.mu_product);
        let moment_coef = (-lr * mu_next) / (1.0 - mu_product_next);
        let moments = self.first_moment.iter_mut().zip(&mut self.second_moment);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grads).zip(moments) {
            let g = l2_decay(g, *p, weight_decay);
            // m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
            *m = ema(*m, g, beta1);
            *v = ema_sq(*v, g, beta2);
            // denominator √v̂ + ε with v̂ = v / (1 − β2^t)
            let denom = (*v / bc2).sqrt() + eps;
            // θ ← θ − lr·(1 − μ_t)/(1 − Πμ_{..t}) · g/denom   (the "current gradient" part)
            *p += grad_coef * g / denom;
            // θ ← θ − lr·μ_{t+1}/(1 − Πμ_{..t+1}) · m/denom   (the Nesterov look-ahead part)
            *p += moment_coef * *m / denom;
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
        self.mu_product = 1.0;
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
    fn first_step_is_about_lr() {
        let mut opt = Nadam::new(NadamParams { lr: 0.1, ..NadamParams::default() });
        let mut p = [0.0];
        opt.step(&mut p, &[2.0]);
        assert!(p[0] < -0.09 && p[0] > -0.11, "{}", p[0]);
        assert!(opt.mu_product < 0.9 && opt.mu_product > 0.4);
    }
}
