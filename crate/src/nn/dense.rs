//! Fully-connected layer h = x·W + b (CS231n lecture 4/6): the building block of the MLP and
//! of the init experiment. Buffers are flat and row-major: x is batch × inputs, W is
//! inputs × outputs, h is batch × outputs; the batch size is read from the slice lengths.

use super::init::Init;
use super::scalar::Scalar;
use crate::rng::Rng;

/// An affine layer with its parameters and their gradients (overwritten by each backward).
#[derive(Clone, Debug)]
pub struct Dense<T: Scalar = f32> {
    /// Input features (fan-in).
    pub inputs: usize,
    /// Output features.
    pub outputs: usize,
    /// W, inputs × outputs, row-major.
    pub weight: Vec<T>,
    /// b, one per output; empty for a layer without bias.
    pub bias: Vec<T>,
    /// dL/dW from the last backward.
    pub grad_weight: Vec<T>,
    /// dL/db from the last backward (empty without bias).
    pub grad_bias: Vec<T>,
}

impl<T: Scalar> Dense<T> {
    /// A layer with zero weights (and zero bias when `bias`).
    pub fn new(inputs: usize, outputs: usize, bias: bool) -> Self {
        let nb = if bias { outputs } else { 0 };
        Self {
            inputs,
            outputs,
            weight: vec![T::ZERO; inputs * outputs],
            bias: vec![T::ZERO; nb],
            grad_weight: vec![T::ZERO; inputs * outputs],
            grad_bias: vec![T::ZERO; nb],
        }
    }

    /// Draw W with `init` (fan-in = `inputs`) and zero the bias.
    pub fn init(&mut self, init: Init, rng: &mut Rng) {
        init.fill(self.inputs, rng, &mut self.weight);
        self.bias.fill(T::ZERO);
    }

    /// Rows in a batch buffer of this layer's input.
    fn batch_of(&self, x: &[T]) -> usize {
        assert!(self.inputs > 0 && x.len().is_multiple_of(self.inputs), "dense: input length not a multiple of inputs");
        x.len() / self.inputs
    }

    /// out = x·W + b.
    pub fn forward(&self, x: &[T], out: &mut [T]) {
        let n = self.batch_of(x);
        assert_eq!(out.len(), n * self.outputs, "dense forward: output length");
        T::gemm(n, self.inputs, self.outputs, T::ONE, x, false, &self.weight, false, T::ZERO, out);
        if !self.bias.is_empty() {
            add_row_vector(out, &self.bias);
        }
    }

    /// Given the forward input `x` and dL/d(out): dW = xᵀ·dout, db = Σ_rows dout, and, when
    /// asked, dx = dout·Wᵀ.
    pub fn backward(&mut self, x: &[T], dout: &[T], dx: Option<&mut [T]>) {
        let n = self.batch_of(x);
        assert_eq!(dout.len(), n * self.outputs, "dense backward: dout length");
        T::gemm(self.inputs, n, self.outputs, T::ONE, x, true, dout, false, T::ZERO, &mut self.grad_weight);
        if !self.grad_bias.is_empty() {
            column_sums(dout, &mut self.grad_bias);
        }
        if let Some(dx) = dx {
            assert_eq!(dx.len(), x.len(), "dense backward: dx length");
            T::gemm(n, self.outputs, self.inputs, T::ONE, dout, false, &self.weight, true, T::ZERO, dx);
        }
    }
}

/// Add `v` to every row of the row-major matrix `m` (rows of length `v.len()`).
pub fn add_row_vector<T: Scalar>(m: &mut [T], v: &[T]) {
    for row in m.chunks_exact_mut(v.len()) {
        for (x, &b) in row.iter_mut().zip(v) {
            *x += b;
        }
    }
}

/// `sums[j] = Σ_i m[i][j]` for a row-major matrix with `sums.len()` columns.
pub fn column_sums<T: Scalar>(m: &[T], sums: &mut [T]) {
    sums.fill(T::ZERO);
    for row in m.chunks_exact(sums.len()) {
        for (s, &x) in sums.iter_mut().zip(row) {
            *s += x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_is_affine_map() {
        let mut layer = Dense::<f64>::new(2, 3, true);
        layer.weight = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        layer.bias = vec![0.5, -0.5, 1.0];
        let mut out = vec![0.0; 6];
        layer.forward(&[1.0, 0.0, 1.0, 1.0], &mut out);
        assert_eq!(out, vec![1.5, 1.5, 4.0, 5.5, 6.5, 10.0]);
        let mut rng = Rng::new(1);
        layer.init(Init::Xavier, &mut rng);
        assert!(layer.bias.iter().all(|&b| b == 0.0) && layer.weight.iter().any(|&w| w != 0.0));
    }
}
