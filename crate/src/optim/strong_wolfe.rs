//! The strong-Wolfe line search of L-BFGS — a port of torch's `_strong_wolfe` and
//! `_cubic_interpolate` (torch/optim/lbfgs.py), Python's `min`/`max` tie and NaN rules
//! included, so that paths match torch point by point.

use std::mem::take;

use crate::objective::Objective;

/// One strong-Wolfe line search along d from x (torch's `_strong_wolfe`, c1 = 1e-4, c2 = 0.9).
pub(super) struct StrongWolfe<'a> {
    /// The objective.
    pub f: &'a dyn Objective,
    /// Start point.
    pub x: &'a [f64],
    /// Search direction.
    pub d: &'a [f64],
    /// f(x).
    pub f0: f64,
    /// ∇f(x).
    pub g0: &'a [f64],
    /// Directional derivative ∇f(x)ᵀd (negative: downhill).
    pub gtd0: f64,
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
    pub fn run(&self, mut t: f64, max_ls: usize, tolerance_change: f64) -> (f64, Vec<f64>, f64, usize) {
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
pub(super) fn py_min(a: f64, b: f64) -> f64 {
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

/// xᵀy.
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// max|vᵢ|, NaN if any entry is NaN (like torch's `abs().max()`).
pub(super) fn max_abs(v: impl IntoIterator<Item = f64>) -> f64 {
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
