//! Configuration of the lecture-6 init experiment ([`super::deep_net`]): sizes, activation,
//! init, normalization, and the checks that refuse anything the page cannot run.

use super::activation::{Activation, PRELU_INIT};
use super::init::Init;
use crate::error::{check_count, ConfigError, Result};
use serde::Serialize;

/// Largest batch·width·pieces·layers accepted (stored pre-activations; the lecture needs 5e6).
pub const MAX_ACTIVATIONS: usize = 10_000_000;
/// Largest total weight count Σ fan_in·width·pieces accepted (the lecture needs 2.5e6).
/// With [`MAX_ACTIVATIONS`] this bounds the experiment to about 170 MB in f32.
pub const MAX_WEIGHTS: usize = 20_000_000;
/// Most warm-up batches before an eval-mode pass.
pub const MAX_WARMUP: usize = 20;

/// Configuration of the init experiment (defaults: the lecture's 1000×500 input, 10 layers of
/// 500 tanh units, std 0.01, 50 histogram bins).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeepNetConfig {
    /// Hidden layers L, 1..=50 (the deep end for the residual comparison; sizes are bounded by
    /// [`MAX_ACTIVATIONS`]).
    pub layers: usize,
    /// Units per hidden layer W, 1..=1000.
    pub width: usize,
    /// Examples N, 1..=2000.
    pub batch: usize,
    /// Input features D, 1..=1000.
    pub input_dim: usize,
    /// Nonlinearity after each layer.
    pub activation: Activation,
    /// Negative slope of leaky ReLU, 0..=1 (PReLU uses its initial a = 0.25).
    pub leaky_slope: f64,
    /// Weight initialization rule (fan-in = D for layer 1, W after).
    pub init: Init,
    /// Batch norm (train mode, γ = 1, β = 0, ε = 1e-5) on h before the activation.
    pub batch_norm: bool,
    /// Layer norm (γ = 1, β = 0, ε = 1e-5) on h before the activation.
    pub layer_norm: bool,
    /// Residual connections (He et al. 2015): every layer whose input has the layer's width
    /// adds it to its output, a_l = a_(l−1) + f(norm(a_(l−1)·W_l)); the first layer too when
    /// the input dimension equals the width.
    pub residual: bool,
    /// With batch norm: gather running statistics over this many fresh N(0, 1) batches
    /// (1..=20; each costs one more forward pass) and also report an eval-mode pass over X.
    /// Ignored without batch norm.
    pub bn_eval_warmup: Option<usize>,
    /// Constant added to the (normalized) pre-activation, −10..=10 (a large negative bias
    /// with ReLU gives dead units).
    pub bias: f32,
    /// Histogram bins, 2..=200.
    pub bins: usize,
    /// Seed of X, the weights and the warm-up batches.
    pub seed: u64,
}

impl Default for DeepNetConfig {
    fn default() -> Self {
        Self {
            layers: 10,
            width: 500,
            batch: 1000,
            input_dim: 500,
            activation: Activation::Tanh,
            leaky_slope: super::activation::LEAKY_SLOPE,
            init: Init::Small,
            batch_norm: false,
            layer_norm: false,
            residual: false,
            bn_eval_warmup: None,
            bias: 0.0,
            bins: 50,
            seed: 0,
        }
    }
}

impl DeepNetConfig {
    /// Refuse anything outside the documented ranges (its field table), naming the field.
    pub fn validate(&self) -> Result<()> {
        crate::fields::validate(self)
    }

    /// The checks no single field can make: one normalization, a warm-up of at least one batch,
    /// and sizes that fit in memory.
    pub(super) fn rules_between_fields(&self) -> Result<()> {
        let Self { layers, width, batch, input_dim, activation, batch_norm, layer_norm, bn_eval_warmup, .. } = *self;
        if let Some(k) = bn_eval_warmup {
            check_count("bnEvalWarmup", k, 1, MAX_WARMUP)?;
        }
        if batch_norm && layer_norm {
            return Err(ConfigError::rule("layerNorm", "norm_not_both", "choose batch norm or layer norm, not both"));
        }
        let columns = width * activation.pieces();
        let size = batch * columns * layers;
        if size > MAX_ACTIVATIONS {
            let args = [("max", MAX_ACTIVATIONS.to_string()), ("value", size.to_string())];
            return Err(ConfigError::rule_with(
                "batch",
                "too_many_activations",
                &args,
                format!("batch × width × layers (× 2 for maxout) must be at most {MAX_ACTIVATIONS}, got {size}; lower batch, width or layers"),
            ));
        }
        let weights = (input_dim + width * (layers - 1)) * columns;
        if weights > MAX_WEIGHTS {
            let args = [("max", MAX_WEIGHTS.to_string()), ("value", weights.to_string())];
            return Err(ConfigError::rule_with(
                "width",
                "too_many_weights",
                &args,
                format!("the network would have {weights} weights, at most {MAX_WEIGHTS} are allowed; lower width, layers or input_dim"),
            ));
        }
        Ok(())
    }

    /// Negative slope used by the activation (leaky: `leaky_slope`; PReLU: a = 0.25).
    pub fn slope(&self) -> f64 {
        match self.activation {
            Activation::Prelu => PRELU_INIT,
            _ => self.leaky_slope,
        }
    }

    /// Fan-in of hidden layer `l` (0-based).
    pub(super) fn fan_in(&self, l: usize) -> usize {
        if l == 0 {
            self.input_dim
        } else {
            self.width
        }
    }

    /// Whether hidden layer `l` (0-based) adds its input to its output.
    pub(super) fn skips(&self, l: usize) -> bool {
        self.residual && self.fan_in(l) == self.width
    }

    /// Pre-activation columns per layer (2·width for maxout).
    pub(super) fn columns(&self) -> usize {
        self.width * self.activation.pieces()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_lecture_experiment_and_valid() {
        let cfg = DeepNetConfig::default();
        assert_eq!((cfg.layers, cfg.width, cfg.batch, cfg.input_dim, cfg.bins), (10, 500, 1000, 500, 50));
        assert_eq!(cfg.validate(), Ok(()));
    }

    #[test]
    fn bad_values_are_refused_by_field_name() {
        let base = DeepNetConfig::default();
        let cases: Vec<(&str, DeepNetConfig)> = vec![
            ("layers", DeepNetConfig { layers: 0, ..base.clone() }),
            ("layers", DeepNetConfig { layers: 51, ..base.clone() }),
            ("width", DeepNetConfig { width: 1001, ..base.clone() }),
            ("batch", DeepNetConfig { batch: 0, ..base.clone() }),
            ("inputDim", DeepNetConfig { input_dim: 1001, ..base.clone() }),
            ("bins", DeepNetConfig { bins: 1, ..base.clone() }),
            ("bins", DeepNetConfig { bins: 201, ..base.clone() }),
            ("leakySlope", DeepNetConfig { leaky_slope: f64::NAN, ..base.clone() }),
            ("bias", DeepNetConfig { bias: f32::INFINITY, ..base.clone() }),
            ("std", DeepNetConfig { init: Init::Custom(0.0), ..base.clone() }),
            ("std", DeepNetConfig { init: Init::Custom(1e3), ..base.clone() }),
            ("bnEvalWarmup", DeepNetConfig { bn_eval_warmup: Some(0), ..base.clone() }),
            ("layerNorm", DeepNetConfig { batch_norm: true, layer_norm: true, ..base.clone() }),
            ("batch", DeepNetConfig { batch: 2000, width: 1000, layers: 50, ..base.clone() }),
            (
                "width",
                DeepNetConfig { batch: 1, width: 1000, layers: 20, activation: Activation::Maxout, ..base.clone() },
            ),
        ];
        for (field, cfg) in cases {
            let err = cfg.validate().expect_err(field);
            assert_eq!(err.field, field, "{err}");
            assert!(!err.message.is_empty());
        }
        let maxout_lecture = DeepNetConfig { activation: Activation::Maxout, ..base };
        assert_eq!(maxout_lecture.validate(), Ok(()));
    }
}
