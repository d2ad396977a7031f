//! Inverted dropout (CS231n lecture 7, "Regularization: dropout"): in training each unit is
//! dropped with probability p and the survivors are scaled by 1/(1 − p), so E(out) = x and the
//! test-time forward is the identity. p is the DROP probability (torch's `Dropout(p)`);
//! CS231n's notebook uses p for the KEEP probability — same scaling, 1/keep.

use super::scalar::Scalar;
use crate::error::{check_range, Result};
use crate::rng::Rng;

/// An inverted-dropout layer; the mask of the last training forward is kept for backward.
#[derive(Clone, Debug)]
pub struct Dropout<T: Scalar = f32> {
    p: f64,
    mask: Vec<T>,
    training: bool,
}

impl<T: Scalar> Dropout<T> {
    /// Dropout with drop probability `p` in [0, 1] (refused otherwise, field "dropout").
    pub fn new(p: f64) -> Result<Self> {
        check_range("dropout", p, 0.0, 1.0)?;
        Ok(Self { p, mask: Vec::new(), training: false })
    }

    /// The drop probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Scale of a kept unit, 1/(1 − p) (0 when p = 1: everything is dropped, as in torch).
    pub fn keep_scale(&self) -> T {
        if self.p >= 1.0 {
            T::ZERO
        } else {
            T::from_f64(1.0 / (1.0 - self.p))
        }
    }

    /// Training forward: keep each unit when a uniform draw is below 1 − p, out = x·mask.
    pub fn forward_train(&mut self, x: &[T], out: &mut [T], rng: &mut Rng) {
        let keep_probability = 1.0 - self.p;
        let scale = self.keep_scale();
        self.mask.resize(x.len(), T::ZERO);
        for m in self.mask.iter_mut() {
            *m = if rng.uniform() < keep_probability { scale } else { T::ZERO };
        }
        self.apply_mask(x, out);
    }

    /// Training forward with a given keep pattern (`keep[i]` = unit i survives).
    pub fn forward_with_keep(&mut self, x: &[T], keep: &[bool], out: &mut [T]) {
        assert_eq!(keep.len(), x.len(), "dropout: keep length");
        let scale = self.keep_scale();
        self.mask.clear();
        self.mask.extend(keep.iter().map(|&k| if k { scale } else { T::ZERO }));
        self.apply_mask(x, out);
    }

    fn apply_mask(&mut self, x: &[T], out: &mut [T]) {
        assert_eq!(out.len(), x.len(), "dropout: output length");
        for ((o, &v), &m) in out.iter_mut().zip(x).zip(&self.mask) {
            *o = v * m;
        }
        self.training = true;
    }

    /// Test-time forward: the identity (inverted dropout already scaled in training).
    pub fn forward_eval(&mut self, x: &[T], out: &mut [T]) {
        out.copy_from_slice(x);
        self.training = false;
    }

    /// The scaled mask of the last training forward (0 or 1/(1 − p)).
    pub fn mask(&self) -> &[T] {
        &self.mask
    }

    /// dx = dout·mask after a training forward, dx = dout after an eval forward.
    pub fn backward(&self, dout: &[T], dx: &mut [T]) {
        if self.training {
            assert_eq!(dout.len(), self.mask.len(), "dropout backward: length");
            for ((d, &g), &m) in dx.iter_mut().zip(dout).zip(&self.mask) {
                *d = g * m;
            }
        } else {
            dx.copy_from_slice(dout);
        }
    }
}
