//! Batch normalization (CS231n lecture 6; Ioffe & Szegedy 2015): normalize each feature over
//! the batch, x̂ = (x − μ_B)/√(σ²_B + ε), then y = γ·x̂ + β. In training the gradient flows
//! through μ_B and σ²_B; at test time fixed running averages are used instead.
//!
//! Running statistics follow torch: `r ← (1 − momentum)·r + momentum·stat` with momentum 0.1,
//! the *unbiased* batch variance for `running_var`, which starts at 1 (CS231n's notebook keeps
//! momentum 0.9 on the old value, the biased variance and starts at 0: set
//! `unbiased_running_var = false` and zero `running_var` to get it).

use super::scalar::Scalar;

/// Torch's default ε.
pub const BN_EPS: f64 = 1e-5;
/// Torch's default running-statistics momentum (weight of the new batch).
pub const BN_MOMENTUM: f64 = 0.1;

/// A batch-norm layer over `features` columns of a row-major batch.
#[derive(Clone, Debug)]
pub struct BatchNorm<T: Scalar = f32> {
    /// Number of features (columns).
    pub features: usize,
    /// ε added to the variance.
    pub eps: f64,
    /// Weight of the new batch in the running averages.
    pub momentum: f64,
    /// Use the unbiased (n/(n−1)) batch variance for `running_var` (torch); else the biased one.
    pub unbiased_running_var: bool,
    /// Scale γ (starts at 1).
    pub gamma: Vec<T>,
    /// Shift β (starts at 0).
    pub beta: Vec<T>,
    /// Running mean (starts at 0).
    pub running_mean: Vec<T>,
    /// Running variance (starts at 1).
    pub running_var: Vec<T>,
    /// dL/dγ from the last backward.
    pub grad_gamma: Vec<T>,
    /// dL/dβ from the last backward.
    pub grad_beta: Vec<T>,
    mean: Vec<T>,
    var: Vec<T>,
    inv_std: Vec<T>,
    training: bool,
}

impl<T: Scalar> BatchNorm<T> {
    /// γ = 1, β = 0, running mean 0, running var 1, torch ε and momentum.
    pub fn new(features: usize) -> Self {
        let v = |x: T| vec![x; features];
        Self {
            features,
            eps: BN_EPS,
            momentum: BN_MOMENTUM,
            unbiased_running_var: true,
            gamma: v(T::ONE),
            beta: v(T::ZERO),
            running_mean: v(T::ZERO),
            running_var: v(T::ONE),
            grad_gamma: v(T::ZERO),
            grad_beta: v(T::ZERO),
            mean: v(T::ZERO),
            var: v(T::ONE),
            inv_std: v(T::ONE),
            training: true,
        }
    }

    /// Batch size of a buffer.
    fn rows(&self, x: &[T]) -> usize {
        assert!(
            self.features > 0 && x.len().is_multiple_of(self.features),
            "batch norm: length not a multiple of features"
        );
        x.len() / self.features
    }

    /// Training forward: normalize with this batch's mean and biased variance, update the
    /// running statistics.
    pub fn forward_train(&mut self, x: &[T], out: &mut [T]) {
        let n = self.batch_statistics(x);
        // torch: running_var gets the unbiased variance (batch of 1: nothing to unbias).
        let unbias = if self.unbiased_running_var && n > 1 { n as f64 / (n - 1) as f64 } else { 1.0 };
        let (keep, take) = (T::from_f64(1.0 - self.momentum), T::from_f64(self.momentum));
        for j in 0..self.features {
            self.running_mean[j] = keep * self.running_mean[j] + take * self.mean[j];
            self.running_var[j] = keep * self.running_var[j] + take * (self.var[j] * T::from_f64(unbias));
        }
        self.training = true;
        self.apply(x, out);
    }

    /// Normalize with this batch's statistics but leave the running statistics alone: what the
    /// network computes in train mode, measured without training (to compare with eval mode).
    pub fn forward_batch_stats(&mut self, x: &[T], out: &mut [T]) {
        self.batch_statistics(x);
        self.training = true;
        self.apply(x, out);
    }

    /// This batch's mean and biased variance become the statistics `apply` uses (no
    /// running-statistics update).
    pub fn measure_batch(&mut self, x: &[T]) {
        self.batch_statistics(x);
        self.training = true;
    }

    /// Batch mean and biased variance into `mean`/`var` (and `inv_std`); returns the row count.
    fn batch_statistics(&mut self, x: &[T]) -> usize {
        let n = self.rows(x);
        assert!(n > 0, "batch norm: empty batch");
        let nt = T::from_f64(n as f64);
        self.mean.fill(T::ZERO);
        for row in x.chunks_exact(self.features) {
            for (m, &v) in self.mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        self.mean.iter_mut().for_each(|m| *m /= nt);
        self.var.fill(T::ZERO);
        for row in x.chunks_exact(self.features) {
            for ((s, &v), &m) in self.var.iter_mut().zip(row).zip(&self.mean) {
                let d = v - m;
                *s += d * d;
            }
        }
        self.var.iter_mut().for_each(|s| *s /= nt);
        self.set_inv_std();
        n
    }

    /// Eval forward: normalize with the running statistics (they are not updated).
    pub fn forward_eval(&mut self, x: &[T], out: &mut [T]) {
        self.mean.copy_from_slice(&self.running_mean);
        self.var.copy_from_slice(&self.running_var);
        self.set_inv_std();
        self.training = false;
        self.apply(x, out);
    }

    fn set_inv_std(&mut self) {
        let eps = T::from_f64(self.eps);
        for (s, &v) in self.inv_std.iter_mut().zip(&self.var) {
            *s = T::ONE / (v + eps).sqrt();
        }
    }

    /// out = γ·(x − μ)/√(σ² + ε) + β with the statistics of the last forward (no update).
    pub fn apply(&self, x: &[T], out: &mut [T]) {
        assert_eq!(x.len(), out.len(), "batch norm: output length");
        let f = self.features;
        for (o_row, x_row) in out.chunks_exact_mut(f).zip(x.chunks_exact(f)) {
            let params = self.gamma.iter().zip(&self.mean).zip(&self.inv_std).zip(&self.beta);
            for ((o, &x), (((&g, &m), &s), &b)) in o_row.iter_mut().zip(x_row).zip(params) {
                *o = g * ((x - m) * s) + b;
            }
        }
    }

    /// x̂ = (x − μ)/√(σ² + ε) with the statistics of the last forward.
    pub fn normalized(&self, x: &[T], xhat: &mut [T]) {
        let f = self.features;
        for (o_row, x_row) in xhat.chunks_exact_mut(f).zip(x.chunks_exact(f)) {
            for ((o, &x), (&m, &s)) in o_row.iter_mut().zip(x_row).zip(self.mean.iter().zip(&self.inv_std)) {
                *o = (x - m) * s;
            }
        }
    }

    /// Mean used by the last forward (the batch mean in training, else the running mean).
    pub fn mean(&self) -> &[T] {
        &self.mean
    }

    /// Variance used by the last forward (biased batch variance in training, else running).
    pub fn var(&self) -> &[T] {
        &self.var
    }

    /// Backward for the last forward, given its input `x` and dL/d(out): fills `grad_gamma`,
    /// `grad_beta` and dx. After a training forward the gradient flows through μ_B and σ²_B:
    /// dx = γ/(n·σ̃)·(n·dy − Σdy − x̂·Σ(dy·x̂)); after an eval forward dx = γ·dy/σ̃.
    pub fn backward(&mut self, x: &[T], dout: &[T], dx: &mut [T]) {
        let n = self.rows(x);
        self.backward_sums(x, dout);
        self.backward_input(x, dout, dx, n);
    }

    /// First half of [`backward`](Self::backward): Σdy into `grad_beta` and Σ(dy·x̂) into
    /// `grad_gamma` over these rows (a batch split across workers adds the parts' sums).
    pub fn backward_sums(&mut self, x: &[T], dout: &[T]) {
        assert!(dout.len() == x.len(), "batch norm backward: lengths");
        let f = self.features;
        self.grad_beta.fill(T::ZERO);
        self.grad_gamma.fill(T::ZERO);
        for (x_row, dy_row) in x.chunks_exact(f).zip(dout.chunks_exact(f)) {
            let sums = self.grad_beta.iter_mut().zip(self.grad_gamma.iter_mut());
            let stats = self.mean.iter().zip(&self.inv_std);
            for (((db, dg), (&m, &s)), (&x, &dy)) in sums.zip(stats).zip(x_row.iter().zip(dy_row)) {
                *db += dy;
                *dg += dy * ((x - m) * s);
            }
        }
    }

    /// Second half: dx for these rows from the sums in `grad_beta`/`grad_gamma`, for a batch
    /// of `n` rows in all.
    pub fn backward_input(&self, x: &[T], dout: &[T], dx: &mut [T], n: usize) {
        assert!(dout.len() == x.len() && dx.len() == x.len(), "batch norm backward: lengths");
        let f = self.features;
        let nt = T::from_f64(n as f64);
        for ((dx_row, x_row), dy_row) in dx.chunks_exact_mut(f).zip(x.chunks_exact(f)).zip(dout.chunks_exact(f)) {
            let scale = self.gamma.iter().zip(&self.inv_std);
            let stats = self.mean.iter().zip(self.grad_beta.iter().zip(&self.grad_gamma));
            for ((d, (&x, &dy)), ((&g, &s), (&m, (&db, &dg)))) in
                dx_row.iter_mut().zip(x_row.iter().zip(dy_row)).zip(scale.zip(stats))
            {
                *d = if self.training {
                    // γ/(n·σ̃)·(n·dy − Σdy − x̂·Σ(dy·x̂))
                    g * s / nt * (nt * dy - db - (x - m) * s * dg)
                } else {
                    g * s * dy
                };
            }
        }
    }

    /// Use the given batch mean and biased variance (of a batch split across workers) as if
    /// a training forward had computed them; no running-statistics update.
    pub fn set_batch_statistics(&mut self, mean: &[f64], var: &[f64]) {
        assert!(mean.len() == self.features && var.len() == self.features, "batch norm: statistics length");
        for j in 0..self.features {
            self.mean[j] = T::from_f64(mean[j]);
            self.var[j] = T::from_f64(var[j]);
        }
        self.set_inv_std();
        self.training = true;
    }
}
