//! The shape and regularization of the trainer's network, and the ranges the trainer offers
//! (its field table reads them).

use super::activation::Activation;
use super::init::Init;
use crate::error::{check_count, check_range, ConfigError, Result};

/// Shape and regularization of an [`Mlp`].
#[derive(Clone, Debug, PartialEq)]
pub struct MlpConfig {
    /// Input features.
    pub inputs: usize,
    /// Output classes.
    pub classes: usize,
    /// Hidden layers, 1..=20.
    pub layers: usize,
    /// Units per hidden layer, 1..=256.
    pub width: usize,
    /// Hidden nonlinearity (PReLU learns one slope per layer; maxout doubles the affine width).
    pub activation: Activation,
    /// Weight initialization of every affine layer (biases start at 0).
    pub init: Init,
    /// Batch norm before each activation.
    pub batch_norm: bool,
    /// Layer norm before each activation (not together with batch norm).
    pub layer_norm: bool,
    /// Dropout drop probability p after each activation, 0..=0.95 (inverted scaling).
    pub dropout: f64,
    /// L2 strength λ of ½·λ·Σ‖W‖², 0..=1.
    pub l2: f64,
    /// DropConnect drop probability of each hidden weight, 0..=0.95 (inverted scaling).
    pub dropconnect: f64,
    /// Hidden layers 2..L as residual blocks x + f(x) (the widths are equal there).
    pub residual: bool,
    /// Stochastic depth: the survival probability of the last residual block, falling
    /// linearly from 1 at the input (Huang et al. 2016); 1 = every block always kept.
    /// Below 1 the blocks are residual whatever `residual` says.
    pub survival: f64,
}

impl Default for MlpConfig {
    fn default() -> Self {
        Self {
            inputs: 2,
            classes: 2,
            layers: 2,
            width: 16,
            activation: Activation::Relu,
            init: Init::He,
            batch_norm: false,
            layer_norm: false,
            dropout: 0.0,
            l2: 0.0,
            dropconnect: 0.0,
            residual: false,
            survival: 1.0,
        }
    }
}

/// Hidden layers the trainer offers.
pub const MAX_LAYERS: usize = 20;
/// Units per hidden layer the trainer offers.
pub const MAX_WIDTH: usize = 256;
/// Dropout drop probabilities the trainer offers.
pub const DROPOUT_RANGE: (f64, f64) = (0.0, 0.95);
/// L2 strengths the trainer offers.
pub const L2_RANGE: (f64, f64) = (0.0, 1.0);

/// Why residual blocks need two hidden layers.
pub const BLOCKS_NEED_LAYERS: &str =
    "needs at least 2 hidden layers: the first maps the inputs to the width, the blocks follow";

impl MlpConfig {
    /// Whether hidden layers 2..L are residual blocks (asked for, or implied by stochastic depth).
    pub fn has_residual_blocks(&self) -> bool {
        self.residual || self.survival < 1.0
    }

    /// Survival probability of hidden layer `l` ≥ 1, block l of L − 1: 1 − (l / (L − 1))·(1 − p_L).
    pub fn block_survival(&self, l: usize) -> f64 {
        let blocks = (self.layers - 1).max(1) as f64;
        1.0 - (l as f64 / blocks) * (1.0 - self.survival)
    }

    /// Refuse shapes and strengths the trainer does not offer, naming the field.
    pub fn validate(&self) -> Result<()> {
        check_count("inputs", self.inputs, 1, 4096)?;
        check_count("classes", self.classes, 2, 64)?;
        check_count("layers", self.layers, 1, MAX_LAYERS)?;
        check_count("width", self.width, 1, MAX_WIDTH)?;
        self.init.validate("init")?;
        check_range("dropout", self.dropout, DROPOUT_RANGE.0, DROPOUT_RANGE.1)?;
        check_range("l2", self.l2, L2_RANGE.0, L2_RANGE.1)?;
        check_range("dropconnect", self.dropconnect, DROPOUT_RANGE.0, DROPOUT_RANGE.1)?;
        check_range("stochasticDepth", self.survival, 0.0, 1.0)?;
        if self.has_residual_blocks() && self.layers < 2 {
            let (field, rule) =
                if self.residual { ("residual", "residual_layers") } else { ("stochasticDepth", "depth_layers") };
            return Err(ConfigError::rule(field, rule, BLOCKS_NEED_LAYERS));
        }
        if self.batch_norm && self.layer_norm {
            return Err(ConfigError::rule("layerNorm", "norm_not_both", "choose batch norm or layer norm, not both"));
        }
        Ok(())
    }
}
