//! Layer normalization (Ba et al. 2016; CS231n lecture 6 "normalization layers"): like batch
//! norm, but each example is normalized over its own features, x̂ = (x − μ_row)/√(σ²_row + ε),
//! y = γ·x̂ + β. It needs no batch, so train and test behave the same.

use super::scalar::Scalar;

/// Torch's default ε.
pub const LN_EPS: f64 = 1e-5;

/// A layer-norm layer over rows of `features` values.
#[derive(Clone, Debug)]
pub struct LayerNorm<T: Scalar = f32> {
    /// Features per row.
    pub features: usize,
    /// ε added to the variance.
    pub eps: f64,
    /// Scale γ per feature (starts at 1).
    pub gamma: Vec<T>,
    /// Shift β per feature (starts at 0).
    pub beta: Vec<T>,
    /// dL/dγ from the last backward.
    pub grad_gamma: Vec<T>,
    /// dL/dβ from the last backward.
    pub grad_beta: Vec<T>,
    mean: Vec<T>,
    inv_std: Vec<T>,
}

impl<T: Scalar> LayerNorm<T> {
    /// γ = 1, β = 0, torch ε.
    pub fn new(features: usize) -> Self {
        Self {
            features,
            eps: LN_EPS,
            gamma: vec![T::ONE; features],
            beta: vec![T::ZERO; features],
            grad_gamma: vec![T::ZERO; features],
            grad_beta: vec![T::ZERO; features],
            mean: Vec::new(),
            inv_std: Vec::new(),
        }
    }

    /// Forward: per-row mean and biased variance, then y = γ·x̂ + β.
    pub fn forward(&mut self, x: &[T], out: &mut [T]) {
        let f = self.features;
        assert!(f > 0 && x.len().is_multiple_of(f) && out.len() == x.len(), "layer norm: lengths");
        let n = x.len() / f;
        // Resizing to the same batch size again does not allocate.
        self.mean.resize(n, T::ZERO);
        self.inv_std.resize(n, T::ZERO);
        let (ft, eps) = (T::from_f64(f as f64), T::from_f64(self.eps));
        for (i, row) in x.chunks_exact(f).enumerate() {
            let mean = row.iter().copied().sum::<T>() / ft;
            let var = row.iter().map(|&v| (v - mean) * (v - mean)).sum::<T>() / ft;
            self.mean[i] = mean;
            self.inv_std[i] = T::ONE / (var + eps).sqrt();
        }
        self.apply(x, out);
    }

    /// y = γ·x̂ + β with the row statistics of the last forward.
    pub fn apply(&self, x: &[T], out: &mut [T]) {
        let f = self.features;
        for (i, (o_row, x_row)) in out.chunks_exact_mut(f).zip(x.chunks_exact(f)).enumerate() {
            let (m, s) = (self.mean[i], self.inv_std[i]);
            for j in 0..f {
                o_row[j] = self.gamma[j] * ((x_row[j] - m) * s) + self.beta[j];
            }
        }
    }

    /// Backward for the last forward, given its input `x` and dL/d(out): per row,
    /// dx = 1/(F·σ̃)·(F·d̂ − Σd̂ − x̂·Σ(d̂·x̂)) with d̂ = γ·dy; fills `grad_gamma`, `grad_beta`.
    pub fn backward(&mut self, x: &[T], dout: &[T], dx: &mut [T]) {
        let f = self.features;
        assert!(
            dout.len() == x.len() && dx.len() == x.len() && x.len() == self.mean.len() * f,
            "layer norm backward: lengths"
        );
        let ft = T::from_f64(f as f64);
        self.grad_gamma.fill(T::ZERO);
        self.grad_beta.fill(T::ZERO);
        for (i, ((dx_row, x_row), dy_row)) in
            dx.chunks_exact_mut(f).zip(x.chunks_exact(f)).zip(dout.chunks_exact(f)).enumerate()
        {
            let (m, s) = (self.mean[i], self.inv_std[i]);
            let (mut sum_d, mut sum_dx) = (T::ZERO, T::ZERO);
            for j in 0..f {
                let xhat = (x_row[j] - m) * s;
                let d = self.gamma[j] * dy_row[j];
                sum_d += d;
                sum_dx += d * xhat;
                self.grad_gamma[j] += dy_row[j] * xhat;
                self.grad_beta[j] += dy_row[j];
            }
            for j in 0..f {
                let xhat = (x_row[j] - m) * s;
                dx_row[j] = s / ft * (ft * self.gamma[j] * dy_row[j] - sum_d - xhat * sum_dx);
            }
        }
    }
}
