//! The trainer's configuration: every control of the page, validated by field name, and which
//! fields a running trainer can take without starting over.

use crate::data::{DatasetKind, Preprocess};
use crate::error::{check_count, ConfigError, Result};
use crate::fields::Apply;
use crate::nn::{Activation, Init, MlpConfig};
use crate::optim::{Hyper, OptimizerKind};
use crate::schedule::Schedule;
use serde::Serialize;

/// `batch` of a full-batch trainer: every step uses the whole training set (L-BFGS' home).
pub const FULL_BATCH: usize = 0;
/// The largest minibatch a slider offers.
pub const MAX_BATCH: usize = 512;

/// Examples kept by "tiny subset" mode (CS231n babysitting: overfit a few examples first).
pub const TINY_EXAMPLES: usize = 20;

/// Everything that defines a training run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainerConfig {
    /// Dataset to train on.
    pub dataset: DatasetKind,
    /// Classes K of spiral and blobs, 2..=5 (the other datasets have a fixed count).
    pub classes: usize,
    /// Examples drawn (2D: 20..=2000; digits: the first 20..=1797 images).
    pub points: usize,
    /// Gaussian noise std of the 2D sets, 0..=1 (ignored by the digits).
    pub noise: f64,
    /// Share of the examples held out for validation, 0.05..=0.5.
    pub val_fraction: f64,
    /// Input preprocessing (statistics from the training split).
    pub preprocess: Preprocess,
    /// Hidden layers, 1..=20.
    pub layers: usize,
    /// Units per hidden layer, 1..=256.
    pub width: usize,
    /// Hidden nonlinearity.
    pub activation: Activation,
    /// Weight initialization.
    pub init: Init,
    /// Batch norm before each activation.
    pub batch_norm: bool,
    /// Layer norm before each activation (not with batch norm).
    pub layer_norm: bool,
    /// Dropout drop probability, 0..=0.95.
    pub dropout: f64,
    /// L2 strength λ of ½·λ·Σ‖W‖² in the loss, 0..=1.
    pub l2: f64,
    /// DropConnect drop probability of each hidden weight, 0..=0.95.
    pub dropconnect: f64,
    /// Hidden layers 2..L as residual blocks.
    pub residual: bool,
    /// Stochastic depth: survival probability of the last residual block, in [0, 1) (implies
    /// residual blocks); `None` = off.
    pub stochastic_depth: Option<f64>,
    /// Input-noise augmentation: Gaussian std added to every (preprocessed) input of each
    /// minibatch, 0..=2.
    pub augment_noise: f64,
    /// Early stopping: stop after this many epochs without a better validation accuracy (ties:
    /// a lower validation loss) and keep the best epoch's weights (0 = off).
    pub early_stopping: usize,
    /// Optimizer (not Newton: no network Hessian; L-BFGS takes the batch's loss as its objective).
    pub optimizer: OptimizerKind,
    /// Its hyperparameters, PyTorch names; `hyper.lr` is the base learning rate and
    /// `hyper.weight_decay` the optimizer's own decay (AdamW: decoupled).
    pub hyper: Hyper,
    /// Learning-rate schedule name, stretched over `epochs` and applied per epoch.
    pub schedule: String,
    /// Minibatch size, 1..=512, or [`FULL_BATCH`] (the whole training set: `full` in links).
    pub batch: usize,
    /// Planned epochs, 1..=1000 (the schedule's horizon; the CLI trains this long).
    pub epochs: usize,
    /// Seed of the data, the split, the weights, the batch order and the dropout masks.
    pub seed: u64,
    /// A validation set of this many examples drawn apart from the `points` training examples
    /// (the same generator; the digits: the images after them), instead of a `val_fraction` split:
    /// what a comparison needs to tell methods apart (0 = split; no link key, the regularization
    /// scene sets it).
    pub held_out: usize,
    /// Overfit the first 20 training examples with no regularization (dropout, DropConnect,
    /// stochastic depth, input noise, l2 and weight decay are ignored while on).
    pub tiny: bool,
}

impl Default for TrainerConfig {
    fn default() -> Self {
        Self {
            dataset: DatasetKind::Spiral,
            classes: 3,
            points: 300,
            noise: 0.2,
            val_fraction: 0.2,
            preprocess: Preprocess::Normalize,
            layers: 2,
            width: 32,
            activation: Activation::Relu,
            init: Init::He,
            batch_norm: false,
            layer_norm: false,
            dropout: 0.0,
            l2: 0.0,
            dropconnect: 0.0,
            residual: false,
            stochastic_depth: None,
            augment_noise: 0.0,
            early_stopping: 0,
            optimizer: OptimizerKind::Adam,
            hyper: Hyper::default(),
            schedule: "constant".into(),
            batch: 32,
            epochs: 100,
            seed: 1,
            held_out: 0,
            tiny: false,
        }
    }
}

/// What [`Trainer::set`](super::Trainer::set) did with a new config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Nothing differed.
    None,
    /// Applied in place, training continues: lr, schedule, epochs, l2, dropout, batch.
    Hot,
    /// Weights and history kept, optimizer state (velocity, moments) started afresh:
    /// the optimizer kind, a hyperparameter other than lr, or batch norm on/off.
    OptimizerReset,
    /// Everything rebuilt from the seed (data, split, preprocessing, shape, activation, init,
    /// layer norm, seed, tiny): new weights, history cleared.
    Rebuilt,
}

impl TrainerConfig {
    /// Refuse anything the trainer cannot run, naming the field (its field table, then the
    /// rules between fields).
    pub fn validate(&self) -> Result<()> {
        crate::fields::validate(self)
    }

    /// The checks no single field can make.
    pub(super) fn rules_between_fields(&self) -> Result<()> {
        if self.dataset == DatasetKind::Digits {
            check_count("points", self.points, 20, crate::data::DIGITS_COUNT)?;
        }
        // The stored dropout and L2 must be valid even while tiny mode ignores them.
        if self.stochastic_depth.is_some() && self.layers < 2 {
            return Err(ConfigError::rule("stochasticDepth", "depth_layers", crate::nn::mlp::BLOCKS_NEED_LAYERS));
        }
        let survival = self.stochastic_depth.unwrap_or(1.0);
        MlpConfig { dropout: self.dropout, l2: self.l2, dropconnect: self.dropconnect, survival, ..self.mlp(2, 2) }
            .validate()?;
        if self.optimizer == OptimizerKind::Newton {
            let why = "Newton needs the Hessian of the whole network; choose L-BFGS or a first-order optimizer";
            return Err(ConfigError::rule("optimizer", "no_newton", why));
        }
        // L-BFGS' line search compares losses of one batch: dropout's fresh masks would move them.
        let random_net = self.dropout > 0.0 || self.dropconnect > 0.0 || self.stochastic_depth.is_some();
        if self.optimizer == OptimizerKind::Lbfgs && random_net && !self.tiny {
            let why = "L-BFGS needs the same loss at every evaluation; choose no dropout, DropConnect or stochastic depth, or another optimizer";
            return Err(ConfigError::rule("optimizer", "lbfgs_dropout", why));
        }
        Ok(())
    }

    /// Rows in each minibatch of a training set of `n` ([`FULL_BATCH`]: all of them).
    pub fn batch_rows(&self, n: usize) -> usize {
        if self.batch == FULL_BATCH {
            n
        } else {
            self.batch.min(n)
        }
    }

    /// Classes actually used: the dataset's fixed count, else `classes`.
    pub fn effective_classes(&self) -> usize {
        self.dataset.fixed_classes().unwrap_or(self.classes)
    }

    /// The network config for `inputs` features and `classes` outputs (tiny mode: no dropout, no L2).
    pub fn mlp(&self, inputs: usize, classes: usize) -> MlpConfig {
        MlpConfig {
            inputs,
            classes,
            layers: self.layers,
            width: self.width,
            activation: self.activation,
            init: self.init,
            batch_norm: self.batch_norm,
            layer_norm: self.layer_norm,
            dropout: if self.tiny { 0.0 } else { self.dropout },
            l2: if self.tiny { 0.0 } else { self.l2 },
            dropconnect: if self.tiny { 0.0 } else { self.dropconnect },
            residual: self.residual || self.stochastic_depth.is_some(),
            survival: if self.tiny { 1.0 } else { self.stochastic_depth.unwrap_or(1.0) },
        }
    }

    /// The optimizer hyperparameters in effect (tiny mode: no weight decay).
    pub fn effective_hyper(&self) -> Hyper {
        let weight_decay = if self.tiny { 0.0 } else { self.hyper.weight_decay };
        Hyper { weight_decay, ..self.hyper.clone() }
    }

    /// The named schedule stretched over `epochs` (t counts epochs).
    pub fn schedule(&self) -> Result<Schedule> {
        let epochs = self.epochs;
        let n = epochs.max(1) as f64;
        Ok(match self.schedule.as_str() {
            "constant" => Schedule::Constant,
            "step" => Schedule::Step { step_size: (epochs / 3).max(1), gamma: 0.1 },
            "exponential" => Schedule::Exponential { gamma: 0.01f64.powf(1.0 / n) },
            "inverse_time" => Schedule::InverseTime { k: 10.0 / n },
            "cosine" => Schedule::Cosine { t_max: epochs, eta_min: 0.0 },
            "warmup_cosine" => Schedule::WarmupCosine { warmup: (epochs / 10).max(1), total: epochs.max(2) },
            _ => return Err(ConfigError::new("schedule", format!("must be one of {}", Schedule::NAMES.join(", ")))),
        })
    }

    /// How moving from `self` to `next` must be applied: the strongest [`Apply`] of the fields
    /// that differ (a class count the dataset fixes anyway is no change).
    pub fn change_to(&self, next: &TrainerConfig) -> Change {
        let effective = |c: &TrainerConfig| TrainerConfig { classes: c.effective_classes(), ..c.clone() };
        let changed = crate::fields::changed(&effective(self), &effective(next));
        if changed.iter().any(|f| f.apply == Apply::Rebuild) {
            Change::Rebuilt
        } else if changed.iter().any(|f| f.apply == Apply::RestartOptimizer) {
            Change::OptimizerReset
        } else if changed.is_empty() {
            Change::None
        } else {
            Change::Hot
        }
    }
}
