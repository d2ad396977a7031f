//! L-BFGS — lecture slide "L-BFGS": a quasi-Newton method that builds an inverse-Hessian
//! estimate from the last few (step, gradient-change) pairs instead of computing ∇²f, with a
//! strong-Wolfe line search choosing each step length. A faithful port of
//! `torch.optim.LBFGS(line_search_fn="strong_wolfe")` including `_strong_wolfe` and
//! `_cubic_interpolate` (torch/optim/lbfgs.py, line-search budget `max_eval − evals so far`;
//! the line search is in `strong_wolfe`), so paths match torch point by point. Our defaults
//! differ on purpose: one iteration per `step` (`max_iter = 1`, so the race shows every
//! iterate), `max_eval = 25` (torch's default for max_iter 1 is 1, which stalls the line
//! search) and `history_size = 10`.

use std::collections::VecDeque;

use super::strong_wolfe::{dot, max_abs, py_min, StrongWolfe};
use super::{Internals, Optimizer};
use crate::objective::Objective;

/// Hyperparameters of `torch.optim.LBFGS` (same names; `Default` = gradscope's race settings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LbfgsParams {
    /// Initial step length of the line search (1 = the quasi-Newton step).
    pub lr: f64,
    /// Iterations per `step` call.
    pub max_iter: usize,
    /// Objective evaluations allowed per `step` call (including the one at the start).
    pub max_eval: usize,
    /// Stop when max|∇f| is at most this.
    pub tolerance_grad: f64,
    /// Stop when the step or the change in f is below this.
    pub tolerance_change: f64,
    /// Number of (s, y) curvature pairs kept.
    pub history_size: usize,
}

impl Default for LbfgsParams {
    fn default() -> Self {
        Self { lr: 1.0, max_iter: 1, max_eval: 25, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 10 }
    }
}

/// L-BFGS with strong-Wolfe line search. Needs the objective: plain [`Optimizer::step`] makes
/// no move.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Lbfgs {
    /// Hyperparameters.
    pub params: LbfgsParams,
    /// Objective evaluations so far (torch's `func_evals`).
    pub func_evals: u64,
    /// Iterations so far (torch's `n_iter`).
    pub n_iter: u64,
    /// Search direction d of the last iteration.
    direction: Vec<f64>,
    /// Step length t accepted (or proposed) in the last iteration.
    step_size: f64,
    /// Curvature pairs: yᵢ = Δg, sᵢ = Δθ and ρᵢ = 1 / yᵢᵀsᵢ, oldest first.
    history: VecDeque<(Vec<f64>, Vec<f64>, f64)>,
    /// γ = sᵀy / yᵀy: scale of the initial inverse Hessian H₀ = γ·I.
    h_diag: f64,
    /// Gradient and loss at the start of the last iteration.
    prev_grad: Vec<f64>,
    prev_loss: f64,
}

impl Lbfgs {
    /// A fresh optimizer.
    pub fn new(params: LbfgsParams) -> Self {
        Self { params, h_diag: 1.0, ..Self::default() }
    }

    /// Store (s = t·d, y = g − g_prev) if it has positive curvature yᵀs > 1e-10.
    fn update_memory(&mut self, flat_grad: &[f64]) {
        let y: Vec<f64> = flat_grad.iter().zip(&self.prev_grad).map(|(g, gp)| g - gp).collect();
        let s: Vec<f64> = self.direction.iter().map(|d| d * self.step_size).collect();
        let ys = dot(&y, &s);
        if ys > 1e-10 {
            if self.history.len() >= self.params.history_size.clamp(1, MAX_HISTORY) {
                self.history.pop_front();
            }
            // γ = sᵀy / yᵀy
            self.h_diag = ys / dot(&y, &y);
            self.history.push_back((y, s, 1.0 / ys));
        }
    }

    /// Two-loop recursion: d = −H̃·g with H̃ the L-BFGS inverse-Hessian estimate.
    fn two_loop_direction(&mut self, flat_grad: &[f64]) {
        let d = &mut self.direction;
        let mut alpha = [0.0; 64];
        // q = −g;  for i = k−1 … 0:  αᵢ = ρᵢ·sᵢᵀq,  q ← q − αᵢ·yᵢ
        for (di, &g) in d.iter_mut().zip(flat_grad) {
            *di = -g;
        }
        for (i, (y, s, rho)) in self.history.iter().enumerate().rev() {
            alpha[i] = dot(s, d) * rho;
            axpy(d, -alpha[i], y);
        }
        // r = γ·q;  for i = 0 … k−1:  βᵢ = ρᵢ·yᵢᵀr,  r ← r + (αᵢ − βᵢ)·sᵢ
        for di in d.iter_mut() {
            *di *= self.h_diag;
        }
        for (i, (y, s, rho)) in self.history.iter().enumerate() {
            let beta = dot(y, d) * rho;
            axpy(d, alpha[i] - beta, s);
        }
    }
}

/// Largest history accepted (the two-loop recursion keeps its αᵢ on the stack).
pub const MAX_HISTORY: usize = 64;

impl Optimizer for Lbfgs {
    /// Needs the objective for its line search: without one this makes no move.
    fn step(&mut self, _params: &mut [f64], _grads: &[f64]) {}

    fn step_with(&mut self, params: &mut [f64], f: &dyn Objective, grads: &[f64]) {
        let n = params.len();
        if grads.len() != n {
            return;
        }
        if self.direction.len() != n {
            self.reset();
            self.direction.resize(n, 0.0);
        }
        let LbfgsParams { lr, max_iter, max_eval, tolerance_grad, tolerance_change, .. } = self.params;
        // f(θ) and ∇f(θ) at the start (∇f given by the caller)
        let mut loss = f.value(params);
        let mut flat_grad = grads.to_vec();
        let mut current_evals = 1;
        self.func_evals += 1;
        if max_abs(flat_grad.iter().copied()) <= tolerance_grad {
            return; // already optimal
        }
        let mut n_iter = 0;
        while n_iter < max_iter {
            n_iter += 1;
            self.n_iter += 1;
            if self.n_iter == 1 {
                // first direction: steepest descent d = −g, H₀ = I
                for (d, &g) in self.direction.iter_mut().zip(&flat_grad) {
                    *d = -g;
                }
                self.history.clear();
                self.h_diag = 1.0;
            } else {
                self.update_memory(&flat_grad);
                self.two_loop_direction(&flat_grad);
            }
            self.prev_grad.clone_from(&flat_grad);
            self.prev_loss = loss;
            // initial step length: min(1, 1/‖g‖₁)·lr on the very first iteration, else lr
            self.step_size = if self.n_iter == 1 {
                py_min(1.0, 1.0 / flat_grad.iter().map(|g| g.abs()).sum::<f64>()) * lr
            } else {
                lr
            };
            // directional derivative gᵀd must point downhill
            let gtd = dot(&flat_grad, &self.direction);
            if gtd > -tolerance_change {
                break;
            }
            let search = StrongWolfe { f, x: params, d: &self.direction, f0: loss, g0: &flat_grad, gtd0: gtd };
            let budget = max_eval.saturating_sub(current_evals);
            let (f_new, g_new, t, ls_evals) = search.run(self.step_size, budget, tolerance_change);
            (loss, flat_grad, self.step_size) = (f_new, g_new, t);
            // θ ← θ + t·d
            for (p, d) in params.iter_mut().zip(&self.direction) {
                *p += t * d;
            }
            current_evals += ls_evals;
            self.func_evals += ls_evals as u64;
            let optimal = max_abs(flat_grad.iter().copied()) <= tolerance_grad;
            let step_max = max_abs(self.direction.iter().map(|d| d * t));
            if n_iter == max_iter
                || current_evals >= max_eval
                || optimal
                || step_max <= tolerance_change
                || (loss - self.prev_loss).abs() < tolerance_change
            {
                break;
            }
        }
    }

    fn lr(&self) -> f64 {
        self.params.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        *self = Self::new(self.params);
    }

    fn internals(&self) -> Internals<'_> {
        Internals { step_count: self.n_iter, ..Internals::default() }
    }
}

/// y ← y + α·x (torch `y.add_(x, alpha=α)`).
fn axpy(y: &mut [f64], alpha: f64, x: &[f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}
