//! The trainer's parameters as one flat vector, for the loss landscape: read, write, and the
//! loss of a split at whatever parameters are set.

use super::evaluation::evaluate;
use super::update::{flat_params, set_params};
use super::Trainer;
use crate::nn::mlp::{Mode, ParamKind};

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
    /// parameters, without dropout; batch norm normalizes with the split's own statistics (so
    /// the loss depends on the parameters alone, not on running averages gathered elsewhere).
    pub fn split_loss(&mut self, training: bool) -> f64 {
        let mode = if self.cfg.batch_norm { Mode::BatchStats } else { Mode::Eval };
        let data = if training { &self.train } else { &self.val };
        evaluate(&mut self.net, data, mode, |_, _| {}).0
    }
}
