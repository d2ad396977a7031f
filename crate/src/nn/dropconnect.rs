//! DropConnect (Wan et al. 2013; CS231n lecture 7, "Regularization: a common pattern"): in
//! training each WEIGHT of an affine layer is dropped with probability p, one mask per
//! minibatch, and the survivors are scaled by 1/(1 − p) as inverted dropout scales units, so
//! E(W ⊙ M) = W and the test-time layer uses the mean weights W themselves.

use super::dense::Dense;
use crate::rng::Rng;

/// The weight mask of an affine layer and the weights it was applied to.
#[derive(Clone, Debug, Default)]
pub struct DropConnect {
    p: f64,
    /// 0 or 1/(1 − p) per weight, from the last training forward.
    mask: Vec<f64>,
    /// The unmasked weights while the masked ones sit in the layer.
    stash: Vec<f64>,
    masked: bool,
}

impl DropConnect {
    /// Drop probability `p` in [0, 1) (the config refuses other values).
    pub fn new(p: f64) -> Self {
        Self { p, ..Self::default() }
    }

    /// The drop probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Whether the last forward used a mask.
    pub fn masked(&self) -> bool {
        self.masked
    }

    /// Training forward: out = x·(W ⊙ M) + b with a fresh mask.
    pub fn forward_train(&mut self, dense: &mut Dense<f64>, x: &[f64], out: &mut [f64], rng: &mut Rng) {
        let (keep, scale) = (1.0 - self.p, 1.0 / (1.0 - self.p));
        self.mask.clear();
        self.mask.extend((0..dense.weight.len()).map(|_| if rng.uniform() < keep { scale } else { 0.0 }));
        self.masked = true;
        self.with_masked_weights(dense, |d| d.forward(x, out));
    }

    /// A forward without a mask (test time: the mean weights); `scale` multiplies every weight
    /// (1 normally; 1/(1 − p) shows what skipping the test-time correction would do).
    pub fn forward_scaled(&mut self, dense: &mut Dense<f64>, x: &[f64], out: &mut [f64], scale: f64) {
        self.masked = false;
        if scale == 1.0 {
            return dense.forward(x, out);
        }
        self.mask.clear();
        self.mask.resize(dense.weight.len(), scale);
        self.with_masked_weights(dense, |d| d.forward(x, out));
    }

    /// Backward through the masked weights of the last training forward: dx = dout·(W ⊙ M)ᵀ
    /// and dW = (xᵀ·dout) ⊙ M; after an unmasked forward, the plain affine backward.
    pub fn backward(&mut self, dense: &mut Dense<f64>, x: &[f64], dout: &[f64], dx: Option<&mut [f64]>) {
        if !self.masked {
            return dense.backward(x, dout, dx);
        }
        self.with_masked_weights(dense, |d| d.backward(x, dout, dx));
        dense.grad_weight.iter_mut().zip(&self.mask).for_each(|(g, &m)| *g *= m);
    }

    /// Run `f` with W ⊙ mask in the layer, then put W back.
    fn with_masked_weights(&mut self, dense: &mut Dense<f64>, f: impl FnOnce(&mut Dense<f64>)) {
        self.stash.clear();
        self.stash.extend(dense.weight.iter().zip(&self.mask).map(|(w, m)| w * m));
        std::mem::swap(&mut dense.weight, &mut self.stash);
        f(dense);
        std::mem::swap(&mut dense.weight, &mut self.stash);
    }

    /// Capacity of its buffers (the no-growth test).
    pub fn capacity(&self) -> usize {
        self.mask.capacity() + self.stash.capacity()
    }
}
