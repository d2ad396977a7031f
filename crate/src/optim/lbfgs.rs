//! L-BFGS — lecture slide "L-BFGS": a quasi-Newton method that builds an inverse-Hessian
//! estimate from the last few (step, gradient-change) pairs instead of computing ∇²f, with a
//! strong-Wolfe line search choosing each step length. A faithful port of
//! `torch.optim.LBFGS(line_search_fn="strong_wolfe")` including `_strong_wolfe` and
//! `_cubic_interpolate` (torch/optim/lbfgs.py, line-search budget `max_eval − evals so far`),
//! so paths match torch point by point. Our defaults differ on purpose: one iteration per
//! `step` (`max_iter = 1`, so the race shows every iterate), `max_eval = 25` (torch's default
//! for max_iter 1 is 1, which stalls the line search) and `history_size = 10`.

use std::collections::VecDeque;
use std::mem::take;

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

/// One strong-Wolfe line search along d from x (torch's `_strong_wolfe`, c1 = 1e-4, c2 = 0.9).
struct StrongWolfe<'a> {
    f: &'a dyn Objective,
    x: &'a [f64],
    d: &'a [f64],
    f0: f64,
    g0: &'a [f64],
    gtd0: f64,
}

const C1: f64 = 1e-4;
const C2: f64 = 0.9;

impl StrongWolfe<'_> {
    /// f and ∇f at x + t·d.
    fn eval(&self, t: f64) -> (f64, Vec<f64>) {
        let trial: Vec<f64> = self.x.iter().zip(self.d).map(|(x, d)| x + t * d).collect();
        let mut g = vec![0.0; trial.len()];
        self.f.grad(&trial, &mut g);
        (self.f.value(&trial), g)
    }

    /// Returns (f_new, g_new, t, evaluations used), as torch does.
    fn run(&self, mut t: f64, max_ls: usize, tolerance_change: f64) -> (f64, Vec<f64>, f64, usize) {
        let (f, gtd) = (self.f0, self.gtd0);
        let d_norm = max_abs(self.d.iter().copied());
        let (mut f_new, mut g_new) = self.eval(t);
        let mut ls_func_evals = 1;
        let mut gtd_new = dot(&g_new, self.d);
        // bracket an interval containing a point satisfying the Wolfe criteria
        let (mut t_prev, mut f_prev, mut g_prev, mut gtd_prev) = (0.0, f, self.g0.to_vec(), gtd);
        let mut done = false;
        let mut ls_iter = 0;
        let mut bracket = Bracket::default();
        while ls_iter < max_ls {
            // sufficient decrease (Armijo) fails, or f stopped decreasing: bracket [t_prev, t]
            if f_new > f + C1 * t * gtd || (ls_iter > 1 && f_new >= f_prev) {
                bracket = Bracket::pair((t_prev, f_prev, g_prev, gtd_prev), (t, f_new, take(&mut g_new), gtd_new));
                break;
            }
            // strong curvature condition |gᵀd| ≤ c2·|g₀ᵀd| holds: done
            if gtd_new.abs() <= -C2 * gtd {
                bracket = Bracket::pair((t, f_new, g_new.clone(), gtd_new), (t, f_new, take(&mut g_new), gtd_new));
                done = true;
                break;
            }
            // slope turned uphill: a minimum lies in [t_prev, t]
            if gtd_new >= 0.0 {
                bracket = Bracket::pair((t_prev, f_prev, g_prev, gtd_prev), (t, f_new, take(&mut g_new), gtd_new));
                break;
            }
            // extrapolate by cubic interpolation within [t + 0.01(t − t_prev), 10t]
            let (min_step, max_step) = (t + 0.01 * (t - t_prev), t * 10.0);
            let tmp = t;
            t = cubic_interpolate((t_prev, f_prev, gtd_prev), (t, f_new, gtd_new), Some((min_step, max_step)));
            (t_prev, f_prev, g_prev, gtd_prev) = (tmp, f_new, g_new, gtd_new);
            (f_new, g_new) = self.eval(t);
            ls_func_evals += 1;
            gtd_new = dot(&g_new, self.d);
            ls_iter += 1;
        }
        if ls_iter == max_ls {
            // budget used up: bracket [0, t]
            bracket = Bracket::pair((0.0, f, self.g0.to_vec(), gtd), (t, f_new, g_new, gtd_new));
        }
        // zoom: shrink the bracket until a point satisfies the strong Wolfe conditions
        let mut insuf_progress = false;
        let (mut low, mut high) = bracket.low_high();
        while !done && ls_iter < max_ls {
            if (bracket.t[1] - bracket.t[0]).abs() * d_norm < tolerance_change {
                break; // bracket too small
            }
            t = cubic_interpolate(bracket.point(0), bracket.point(1), None);
            let (b_max, b_min) = (py_max(bracket.t[0], bracket.t[1]), py_min(bracket.t[0], bracket.t[1]));
            // too close to an end: after one such step (or outside), move 10 % of the width inside
            let eps = 0.1 * (b_max - b_min);
            if py_min(b_max - t, t - b_min) < eps {
                if insuf_progress || t >= b_max || t <= b_min {
                    t = if (t - b_max).abs() < (t - b_min).abs() { b_max - eps } else { b_min + eps };
                    insuf_progress = false;
                } else {
                    insuf_progress = true;
                }
            } else {
                insuf_progress = false;
            }
            let (f_t, g_t) = self.eval(t);
            ls_func_evals += 1;
            let gtd_t = dot(&g_t, self.d);
            ls_iter += 1;
            if f_t > f + C1 * t * gtd || f_t >= bracket.f[low] {
                // Armijo fails or not below the low end: t becomes the new high end
                bracket.set(high, (t, f_t, g_t, gtd_t));
                (low, high) = bracket.low_high();
            } else {
                if gtd_t.abs() <= -C2 * gtd {
                    done = true; // Wolfe conditions satisfied
                } else if gtd_t * (bracket.t[high] - bracket.t[low]) >= 0.0 {
                    // old low becomes the new high
                    bracket.copy(low, high);
                }
                // t becomes the new low end
                bracket.set(low, (t, f_t, g_t, gtd_t));
            }
        }
        let [g_a, g_b] = bracket.g;
        let g_low = if low == 0 { g_a } else { g_b };
        (bracket.f[low], g_low, bracket.t[low], ls_func_evals)
    }
}

/// Two ends of a line-search bracket: step t, f, ∇f and slope gᵀd at each.
#[derive(Default)]
struct Bracket {
    t: [f64; 2],
    f: [f64; 2],
    g: [Vec<f64>; 2],
    gtd: [f64; 2],
}

type End = (f64, f64, Vec<f64>, f64);

impl Bracket {
    fn pair(a: End, b: End) -> Self {
        Self { t: [a.0, b.0], f: [a.1, b.1], g: [a.2, b.2], gtd: [a.3, b.3] }
    }
    fn set(&mut self, i: usize, e: End) {
        (self.t[i], self.f[i], self.g[i], self.gtd[i]) = e;
    }
    fn copy(&mut self, from: usize, to: usize) {
        (self.t[to], self.f[to], self.gtd[to]) = (self.t[from], self.f[from], self.gtd[from]);
        self.g[to] = self.g[from].clone();
    }
    fn point(&self, i: usize) -> (f64, f64, f64) {
        (self.t[i], self.f[i], self.gtd[i])
    }
    /// (low, high) indices: the end with the smaller f is low (ties: index 0).
    fn low_high(&self) -> (usize, usize) {
        if self.f[0] <= self.f[1] {
            (0, 1)
        } else {
            (1, 0)
        }
    }
}

/// Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to `bounds` (default:
/// the interval between the points); the midpoint when the cubic has no real minimizer.
fn cubic_interpolate(p1: (f64, f64, f64), p2: (f64, f64, f64), bounds: Option<(f64, f64)>) -> f64 {
    let ((x1, f1, g1), (x2, f2, g2)) = (p1, p2);
    let (xmin_bound, xmax_bound) = bounds.unwrap_or(if x1 <= x2 { (x1, x2) } else { (x2, x1) });
    // d1 = g1 + g2 − 3(f1 − f2)/(x1 − x2),  d2 = √(d1² − g1·g2)
    let d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
    let d2_square = d1 * d1 - g1 * g2;
    if d2_square >= 0.0 {
        let d2 = d2_square.sqrt();
        let min_pos = if x1 <= x2 {
            x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2))
        } else {
            x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2))
        };
        py_min(py_max(min_pos, xmin_bound), xmax_bound)
    } else {
        (xmin_bound + xmax_bound) / 2.0
    }
}

/// Python's `min(a, b)` (keeps `a` unless `b < a`; NaN handling as in torch's code).
fn py_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Python's `max(a, b)` (keeps `a` unless `b > a`).
fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// y ← y + α·x (torch `y.add_(x, alpha=α)`).
fn axpy(y: &mut [f64], alpha: f64, x: &[f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// max|vᵢ|, NaN if any entry is NaN (like torch's `abs().max()`).
fn max_abs(v: impl IntoIterator<Item = f64>) -> f64 {
    v.into_iter().fold(0.0, |m: f64, x| if x.is_nan() || m.is_nan() { f64::NAN } else { m.max(x.abs()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubic_interpolation_finds_the_minimum_of_a_cubic() {
        // f(x) = (x − 1)², sampled at 0 and 3: exact minimizer 1
        let t = cubic_interpolate((0.0, 1.0, -2.0), (3.0, 4.0, 4.0), None);
        assert!((t - 1.0).abs() < 1e-12, "{t}");
        // clamped to the bounds
        assert_eq!(cubic_interpolate((0.0, 1.0, -2.0), (3.0, 4.0, 4.0), Some((2.0, 5.0))), 2.0);
        // no real minimizer: the midpoint of the bounds
        assert_eq!(cubic_interpolate((0.0, 0.0, 1.0), (1.0, 2.0 / 3.0, 1.0), None), 0.5);
    }

    #[test]
    fn python_min_max_keep_the_first_on_ties_and_nan() {
        assert_eq!(py_min(1.0, 2.0), 1.0);
        assert!(py_min(f64::NAN, 2.0).is_nan());
        assert_eq!(py_max(1.0, f64::NAN), 1.0);
        assert!(max_abs([1.0, f64::NAN]).is_nan());
        assert_eq!(max_abs([-3.0, 2.0]), 3.0);
    }
}
