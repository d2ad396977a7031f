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
    /// Hidden layers, 1..=8.
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
}

/// Hidden layers the trainer offers.
pub const MAX_LAYERS: usize = 8;
/// Units per hidden layer the trainer offers.
pub const MAX_WIDTH: usize = 256;
/// Dropout drop probabilities the trainer offers.
pub const DROPOUT_RANGE: (f64, f64) = (0.0, 0.95);
/// L2 strengths the trainer offers.
pub const L2_RANGE: (f64, f64) = (0.0, 1.0);

impl MlpConfig {
    /// Refuse shapes and strengths the trainer does not offer, naming the field.
    pub fn validate(&self) -> Result<()> {
        check_count("inputs", self.inputs, 1, 4096)?;
        check_count("classes", self.classes, 2, 64)?;
        check_count("layers", self.layers, 1, MAX_LAYERS)?;
        check_count("width", self.width, 1, MAX_WIDTH)?;
        self.init.validate("init")?;
        check_range("dropout", self.dropout, DROPOUT_RANGE.0, DROPOUT_RANGE.1)?;
        check_range("l2", self.l2, L2_RANGE.0, L2_RANGE.1)?;
        if self.batch_norm && self.layer_norm {
            return Err(ConfigError::rule("layerNorm", "norm_not_both", "choose batch norm or layer norm, not both"));
        }
        Ok(())
    }
}
