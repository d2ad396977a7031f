//! Data-fit surfaces over two weights (no bias): linear regression L(w) = ‖Zw − y‖² / 2N and
//! logistic regression L(w) = mean log(1 + exp(−sᵢ zᵢ·w)) with labels sᵢ = ±1. Unlike the
//! analytic surfaces their gradient can be taken on a minibatch of rows, so SGD's noise comes
//! from the data (lecture 7: "the gradient comes from a minibatch and can be noisy").

use super::fit_data::{START_OFFSET, W_TRUE};
use nalgebra::Matrix2;

/// Which loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitKind {
    /// Least squares.
    Linear,
    /// Cross-entropy of a sigmoid.
    Logistic,
}

/// N rows zᵢ ∈ ℝ² with targets yᵢ (logistic: ±1).
#[derive(Clone, Debug, PartialEq)]
pub struct DataFit {
    /// The loss.
    pub kind: FitKind,
    /// The inputs.
    pub z: Vec<[f64; 2]>,
    /// The targets.
    pub y: Vec<f64>,
    /// Least squares as ½wᵀHw − bᵀw + c: [H₀₀, H₀₁, H₁₁, b₀, b₁, c] (a heatmap evaluates the
    /// full loss at every pixel; this makes it independent of N).
    quadratic: Option<[f64; 6]>,
}

fn dot(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

/// log(1 + eᵗ) without overflow.
fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

impl DataFit {
    /// The fit of `kind` on rows `z` with targets `y`.
    pub fn new(kind: FitKind, z: Vec<[f64; 2]>, y: Vec<f64>) -> Self {
        let n = z.len().max(1) as f64;
        let quadratic = (kind == FitKind::Linear).then(|| {
            let mut q = [0.0; 6];
            for (p, t) in z.iter().zip(&y) {
                let terms = [p[0] * p[0], p[0] * p[1], p[1] * p[1], p[0] * t, p[1] * t, 0.5 * t * t];
                q.iter_mut().zip(terms).for_each(|(a, v)| *a += v / n);
            }
            q
        });
        Self { kind, z, y, quadratic }
    }

    /// Rows 0..N.
    pub fn len(&self) -> usize {
        self.z.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.z.is_empty()
    }

    /// The loss at `w` over `rows`.
    pub fn value_on(&self, w: [f64; 2], rows: impl ExactSizeIterator<Item = usize>) -> f64 {
        let n = rows.len().max(1) as f64;
        let sum: f64 = rows
            .map(|i| match self.kind {
                FitKind::Linear => 0.5 * (dot(self.z[i], w) - self.y[i]).powi(2),
                FitKind::Logistic => softplus(-self.y[i] * dot(self.z[i], w)),
            })
            .sum();
        sum / n
    }

    /// The gradient at `w` over `rows` (a minibatch; every row for the full gradient).
    pub fn grad_on(&self, w: [f64; 2], rows: impl ExactSizeIterator<Item = usize>) -> [f64; 2] {
        let n = rows.len().max(1) as f64;
        let mut g = [0.0; 2];
        for i in rows {
            let z = self.z[i];
            let scale = match self.kind {
                FitKind::Linear => dot(z, w) - self.y[i],
                FitKind::Logistic => -self.y[i] * sigmoid(-self.y[i] * dot(z, w)),
            };
            g[0] += scale * z[0];
            g[1] += scale * z[1];
        }
        [g[0] / n, g[1] / n]
    }

    /// The full-batch loss.
    pub fn value(&self, w: [f64; 2]) -> f64 {
        match self.quadratic {
            Some([h00, h01, h11, b0, b1, c]) => {
                0.5 * (h00 * w[0] * w[0] + 2.0 * h01 * w[0] * w[1] + h11 * w[1] * w[1]) - b0 * w[0] - b1 * w[1] + c
            }
            None => self.value_on(w, 0..self.len()),
        }
    }

    /// The full-batch gradient.
    pub fn grad(&self, w: [f64; 2]) -> [f64; 2] {
        self.grad_on(w, 0..self.len())
    }

    /// The full-batch Hessian: ZᵀZ/N for least squares, mean σ(1−σ)·zzᵀ for the logistic loss.
    pub fn hessian(&self, w: [f64; 2]) -> Matrix2<f64> {
        let (mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0);
        for (z, y) in self.z.iter().zip(&self.y) {
            let weight = match self.kind {
                FitKind::Linear => 1.0,
                FitKind::Logistic => {
                    let s = sigmoid(y * dot(*z, w));
                    s * (1.0 - s)
                }
            };
            h00 += weight * z[0] * z[0];
            h01 += weight * z[0] * z[1];
            h11 += weight * z[1] * z[1];
        }
        // Built from one off-diagonal sum, so exactly symmetric.
        Matrix2::new(h00, h01, h01, h11) / self.len().max(1) as f64
    }

    /// The minimizer: the normal equations for least squares, Newton's method for the logistic
    /// loss (from 0; `None` when it does not settle, e.g. separable data).
    pub fn minimum(&self) -> Option<[f64; 2]> {
        let mut w = [0.0, 0.0];
        let rounds = if self.kind == FitKind::Linear { 1 } else { 50 };
        for _ in 0..rounds {
            let g = self.grad(w);
            let step = self.hessian(w).try_inverse()? * nalgebra::Vector2::new(g[0], g[1]);
            w = [w[0] - step[0], w[1] - step[1]];
            if step.norm() < 1e-13 {
                break;
            }
        }
        (self.grad(w)[0].abs() + self.grad(w)[1].abs() < 1e-8).then_some(w)
    }
}

/// The loss on one minibatch of rows, as an objective: what L-BFGS' line search and Newton's
/// Hessian see when they are given minibatches (their curvature then comes from a different
/// sample every step).
pub struct Minibatch<'a> {
    /// The data.
    pub fit: &'a DataFit,
    /// The rows of this minibatch.
    pub rows: &'a [usize],
}

impl crate::objective::Objective for Minibatch<'_> {
    fn value(&self, p: &[f64]) -> f64 {
        self.fit.value_on([p[0], p[1]], self.rows.iter().copied())
    }
    fn grad(&self, p: &[f64], out: &mut [f64]) {
        out.copy_from_slice(&self.fit.grad_on([p[0], p[1]], self.rows.iter().copied()));
    }
    fn hessian(&self, p: &[f64]) -> Option<nalgebra::DMatrix<f64>> {
        let sub = DataFit::new(
            self.fit.kind,
            self.rows.iter().map(|&i| self.fit.z[i]).collect(),
            self.rows.iter().map(|&i| self.fit.y[i]).collect(),
        );
        let h = sub.hessian([p[0], p[1]]);
        Some(nalgebra::DMatrix::from_iterator(2, 2, h.iter().copied()))
    }
}

/// Minibatches drawn without replacement: each epoch is a fresh shuffle of the rows, cut into
/// batches of B (the last one smaller when B does not divide N, as PyTorch's `drop_last=False`).
pub struct Sampler {
    order: Vec<usize>,
    at: usize,
    rng: crate::rng::Rng,
}

impl Sampler {
    /// Batches over `n` rows from `seed`.
    pub fn new(n: usize, seed: u64) -> Self {
        Self { order: (0..n).collect(), at: n, rng: crate::rng::Rng::new(seed) }
    }

    /// The next minibatch of at most `b` rows.
    pub fn next(&mut self, b: usize) -> &[usize] {
        if self.at >= self.order.len() {
            crate::data::shuffle(&mut self.order, &mut self.rng);
            self.at = 0;
        }
        let start = self.at;
        self.at = (start + b.max(1)).min(self.order.len());
        &self.order[start..self.at]
    }
}

/// The data-fit surfaces in the race: the weight plane around the weights the data come from.
impl super::Shape for DataFit {
    fn value(&self, p: [f64; 2]) -> f64 {
        DataFit::value(self, p)
    }
    fn grad(&self, p: [f64; 2]) -> [f64; 2] {
        DataFit::grad(self, p)
    }
    fn hessian(&self, p: [f64; 2]) -> Matrix2<f64> {
        DataFit::hessian(self, p)
    }
    fn view_box(&self) -> super::ViewBox {
        let [x, y] = W_TRUE;
        super::ViewBox { x_min: x - 3.0, x_max: x + 3.0, y_min: y - 3.0, y_max: y + 3.0 }
    }
    fn minima(&self) -> Vec<[f64; 2]> {
        self.minimum().into_iter().collect()
    }
    fn start(&self) -> [f64; 2] {
        [W_TRUE[0] + START_OFFSET[0], W_TRUE[1] + START_OFFSET[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(kind: FitKind) -> DataFit {
        let z: Vec<[f64; 2]> =
            (0..40).map(|i| [1.0 + (i as f64 * 0.37).sin(), 2.0 + (i as f64 * 0.91).cos()]).collect();
        let y = z
            .iter()
            .enumerate()
            .map(|(i, p)| match kind {
                FitKind::Linear => 0.7 * p[0] - 0.2 * p[1] + 0.1 * (i as f64).sin(),
                FitKind::Logistic => {
                    if (p[0] - p[1] + 1.0 + 0.8 * (i as f64 * 1.3).sin()) > 0.0 {
                        1.0
                    } else {
                        -1.0
                    }
                }
            })
            .collect();
        DataFit::new(kind, z, y)
    }

    #[test]
    fn the_full_loss_from_moments_equals_the_sum_over_rows() {
        let f = fit(FitKind::Linear);
        for w in [[0.0, 0.0], [1.5, -2.0], [-3.0, 0.25]] {
            assert!((f.value(w) - f.value_on(w, 0..f.len())).abs() < 1e-12);
        }
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences() {
        for kind in [FitKind::Linear, FitKind::Logistic] {
            let f = fit(kind);
            let w = [0.3, -0.4];
            let h = 1e-6;
            let g = f.grad(w);
            let hess = f.hessian(w);
            for k in 0..2 {
                let (mut up, mut down) = (w, w);
                up[k] += h;
                down[k] -= h;
                let numeric = (f.value(up) - f.value(down)) / (2.0 * h);
                assert!((numeric - g[k]).abs() < 1e-7, "{kind:?} grad {k}: {numeric} vs {}", g[k]);
                let (gu, gd) = (f.grad(up), f.grad(down));
                for j in 0..2 {
                    let second = (gu[j] - gd[j]) / (2.0 * h);
                    assert!((second - hess[(j, k)]).abs() < 1e-6, "{kind:?} hessian {j}{k}");
                }
            }
        }
    }

    #[test]
    fn minibatch_gradients_over_an_epoch_average_to_the_full_gradient() {
        let f = fit(FitKind::Linear);
        let w = [1.5, 0.5];
        let order: Vec<usize> = (0..40).rev().collect();
        let parts: Vec<[f64; 2]> = order.chunks(8).map(|b| f.grad_on(w, b.iter().copied())).collect();
        let mean = [parts.iter().map(|g| g[0]).sum::<f64>() / 5.0, parts.iter().map(|g| g[1]).sum::<f64>() / 5.0];
        let full = f.grad(w);
        assert!((mean[0] - full[0]).abs() < 1e-12 && (mean[1] - full[1]).abs() < 1e-12);
    }

    #[test]
    fn an_epoch_of_minibatches_visits_every_row_once() {
        let mut sampler = Sampler::new(40, 3);
        let mut seen: Vec<usize> = (0..6).flat_map(|_| sampler.next(7).to_vec()).collect();
        assert_eq!(seen.len(), 40, "five batches of 7 and one of 5");
        seen.sort_unstable();
        assert_eq!(seen, (0..40).collect::<Vec<_>>());
        assert_eq!(sampler.next(7).len(), 7, "a new epoch starts");
    }

    #[test]
    fn the_minimum_has_zero_gradient() {
        for kind in [FitKind::Linear, FitKind::Logistic] {
            let f = fit(kind);
            let w = f.minimum().expect("a minimum");
            let g = f.grad(w);
            assert!(g[0].abs() < 1e-9 && g[1].abs() < 1e-9, "{kind:?}: {g:?}");
        }
    }
}
