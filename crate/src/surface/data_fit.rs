//! Data-fit surfaces over two weights (no bias): linear regression L(w) = ‖Zw − y‖² / 2N and
//! logistic regression L(w) = mean log(1 + exp(−sᵢ zᵢ·w)) with labels sᵢ = ±1. Unlike the
//! analytic surfaces their gradient can be taken on a minibatch of rows, so SGD's noise comes
//! from the data (lecture 7: "the gradient comes from a minibatch and can be noisy").

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
        self.value_on(w, 0..self.len())
    }

    /// The full-batch gradient.
    pub fn grad(&self, w: [f64; 2]) -> [f64; 2] {
        self.grad_on(w, 0..self.len())
    }

    /// The full-batch Hessian: ZᵀZ/N for least squares, mean σ(1−σ)·zzᵀ for the logistic loss.
    pub fn hessian(&self, w: [f64; 2]) -> Matrix2<f64> {
        let mut h = Matrix2::zeros();
        for (z, y) in self.z.iter().zip(&self.y) {
            let weight = match self.kind {
                FitKind::Linear => 1.0,
                FitKind::Logistic => {
                    let s = sigmoid(y * dot(*z, w));
                    s * (1.0 - s)
                }
            };
            let zz = nalgebra::Vector2::new(z[0], z[1]);
            h += weight * zz * zz.transpose();
        }
        h / self.len().max(1) as f64
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
        DataFit { kind, z, y }
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
    fn the_minimum_has_zero_gradient() {
        for kind in [FitKind::Linear, FitKind::Logistic] {
            let f = fit(kind);
            let w = f.minimum().expect("a minimum");
            let g = f.grad(w);
            assert!(g[0].abs() < 1e-9 && g[1].abs() < 1e-9, "{kind:?}: {g:?}");
        }
    }
}
