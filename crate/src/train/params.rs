//! The trainer's parameters as one flat vector, for the loss landscape: read, write, the loss
//! and gradient of a split at whatever parameters are set, and the percentiles of a layer's
//! nonlinearity inputs.

use super::update::{flat_params, set_params};
use super::Trainer;
use crate::nn::mlp::{Mode, ParamKind};
use crate::rng::Rng;

/// The percentiles the batch-norm paper's Figure 1 follows: 15th, 50th, 85th.
pub const BN_PAPER_PERCENTILES: [f64; 3] = [0.15, 0.5, 0.85];

impl Trainer {
    /// Every parameter, in [`crate::nn::Mlp::for_each_param`] order.
    pub fn params(&mut self) -> Vec<f64> {
        flat_params(&mut self.net).0
    }

    /// Set every parameter (as [`params`](Self::params) lays them out).
    pub fn set_params(&mut self, flat: &[f64]) {
        set_params(&mut self.net, flat);
    }

    /// Each tensor's kind, length and columns (see [`crate::nn::Mlp::param_units`]).
    pub fn param_units(&mut self) -> Vec<(ParamKind, usize, usize)> {
        self.net.param_units()
    }

    /// Mean cross-entropy of the training (`training`) or validation split at the current
    /// parameters, the whole split as one batch, without dropout; batch norm normalizes with the
    /// split's own statistics (so the loss depends on the parameters alone, not on running
    /// averages gathered elsewhere).
    pub fn split_loss(&mut self, training: bool) -> f64 {
        let data = if training { &self.train } else { &self.val };
        self.net.loss(&data.x, &data.y, Mode::BatchStats, &mut Rng::new(0)).data
    }

    /// [`split_loss`](Self::split_loss) of the training split and its gradient with respect to
    /// every parameter (as [`params`](Self::params) lays them out; an L2 penalty's gradient, when
    /// the net has one, is included).
    pub fn split_gradient(&mut self) -> (f64, Vec<f64>) {
        let loss = self.split_loss(true);
        self.net.backward(&self.train.y);
        (loss, flat_params(&mut self.net).1)
    }

    /// The [`BN_PAPER_PERCENTILES`] of hidden layer `layer`'s nonlinearity inputs over the
    /// training split at the current parameters (batch norm with the split's statistics).
    pub fn pre_activation_percentiles(&mut self, layer: usize) -> [f64; 3] {
        self.split_loss(true);
        let p = crate::stats::percentiles(self.net.pre_activations(layer), &BN_PAPER_PERCENTILES);
        [p[0], p[1], p[2]]
    }
}
