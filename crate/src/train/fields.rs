//! The trainer's field table (its URL hash, CLI flags and page controls), declared once; which
//! fields a running trainer takes in place, with a fresh optimizer, or by rebuilding.

use super::config::{TrainerConfig, FULL_BATCH, MAX_BATCH};
use crate::data::{DatasetKind, Preprocess};
use crate::error::{ConfigError, Result};
use crate::fields::{self, Access, Apply, Config, Field, Kind};
use crate::nn::init_fields::{init_fields, HasInit};
use crate::nn::mlp::{DROPOUT_RANGE, L2_RANGE, MAX_LAYERS, MAX_WIDTH};
use crate::nn::{Activation, Init};
use crate::optim::{hyper_fields, lr_field, HasHyper, Hyper, OptimizerKind, LR_RANGE};
use crate::schedule::Schedule;
use crate::{named, place};
use std::sync::OnceLock;

type F = Field<TrainerConfig>;

impl HasHyper for TrainerConfig {
    fn hyper(&self) -> &Hyper {
        &self.hyper
    }
    fn hyper_mut(&mut self) -> &mut Hyper {
        &mut self.hyper
    }
}

impl HasInit for TrainerConfig {
    fn init(&self) -> Init {
        self.init
    }
    fn set_init(&mut self, init: Init) {
        self.init = init;
    }
}

/// The dataset row, shared by every config that names a trainer network (over its own field).
pub fn dataset_row<C>(access: Access<C>) -> Field<C> {
    let names = || DatasetKind::ALL.map(|d| d.name()).to_vec();
    Field::new("ds", "dataset", "train.dataset", Kind::Choice(names), access).flag("dataset")
}

/// The activation row (see [`dataset_row`]).
pub fn activation_row<C>(access: Access<C>) -> Field<C> {
    let names = || Activation::ALL.map(|a| a.name()).to_vec();
    Field::new("act", "activation", "train.activation", Kind::Choice(names), access).flag("activation")
}

/// The optimizer row (see [`dataset_row`]).
pub fn optimizer_row<C>(access: Access<C>) -> Field<C> {
    let names = || OptimizerKind::ALL.map(|k| k.name()).to_vec();
    Field::new("opt", "optimizer", "train.optimizer", Kind::Choice(names), access).flag("optimizer")
}

impl Config for TrainerConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<F>> = OnceLock::new();
        FIELDS.get_or_init(|| {
            let (hot, restart) = (Apply::Hot, Apply::RestartOptimizer);
            let choice = |names: fn() -> Vec<&'static str>| Kind::Choice(names);
            let mut rows = vec![
                dataset_row::<TrainerConfig>(named!(dataset, DatasetKind)),
                F::new("k", "classes", "train.classes", Kind::Count { lo: 2, hi: 5 }, place!(classes)).flag("classes"),
                F::new("n", "points", "train.points", Kind::Count { lo: 20, hi: 2000 }, place!(points))
                    .flag("points")
                    .slider(20.0, 2000.0, 10.0),
                F::new("noise", "noise", "train.noise", Kind::linear(0.0, 1.0), place!(noise)).slider(0.0, 1.0, 0.01),
                F::new("val", "valFraction", "train.val_fraction", Kind::linear(0.05, 0.5), place!(val_fraction))
                    .flag("val-fraction")
                    .slider(0.05, 0.5, 0.05),
                F::new(
                    "prep",
                    "preprocess",
                    "train.preprocess",
                    choice(|| Preprocess::ALL.map(|p| p.name()).to_vec()),
                    named!(preprocess, Preprocess),
                )
                .flag("preprocess"),
                F::new("layers", "layers", "train.layers", Kind::Count { lo: 1, hi: MAX_LAYERS }, place!(layers)),
                F::new("width", "width", "train.width", Kind::Count { lo: 1, hi: MAX_WIDTH }, place!(width)),
                activation_row::<TrainerConfig>(named!(activation, Activation)),
            ];
            rows.extend(init_fields("init-std"));
            rows.extend([
                F::new("bn", "batchNorm", "train.batch_norm", Kind::Flag, place!(batch_norm))
                    .flag("batchnorm")
                    .apply(restart),
                F::new("ln", "layerNorm", "train.layer_norm", Kind::Flag, place!(layer_norm)).flag("layernorm"),
                F::new(
                    "drop",
                    "dropout",
                    "train.dropout",
                    Kind::linear(DROPOUT_RANGE.0, DROPOUT_RANGE.1),
                    place!(dropout),
                )
                .flag("dropout")
                .apply(hot)
                .slider(0.0, 0.9, 0.05),
                F::new("l2", "l2", "train.l2", Kind::log(L2_RANGE.0, L2_RANGE.1), place!(l2))
                    .apply(hot)
                    .slider(1e-6, 1.0, 0.01),
                F::new(
                    "dc",
                    "dropconnect",
                    "train.dropconnect",
                    Kind::linear(DROPOUT_RANGE.0, DROPOUT_RANGE.1),
                    place!(dropconnect),
                )
                .flag("dropconnect")
                .apply(hot)
                .slider(0.0, 0.9, 0.05),
                F::new("res", "residual", "train.residual", Kind::Flag, place!(residual)).flag("residual"),
                F::new(
                    "sd",
                    "stochasticDepth",
                    "train.stochastic_depth",
                    Kind::Text { check: check_survival, example: "P (0 ≤ P < 1)" },
                    (|c| c.stochastic_depth.map(crate::fields::url::num), |c, v| c.stochastic_depth = v.parse().ok()),
                )
                .flag("stochastic-depth")
                .slider(0.0, 0.95, 0.05),
                F::new(
                    "aug",
                    "augmentNoise",
                    "train.augment_noise",
                    Kind::linear(0.0, NOISE_MAX),
                    place!(augment_noise),
                )
                .flag("augment-noise")
                .apply(hot)
                .slider(0.0, 1.0, 0.01),
                F::new(
                    "es",
                    "earlyStopping",
                    "train.early_stopping",
                    Kind::Count { lo: 0, hi: 1000 },
                    place!(early_stopping),
                )
                .flag("early-stopping")
                .apply(hot)
                .slider(0.0, 100.0, 1.0),
                optimizer_row::<TrainerConfig>(named!(optimizer, OptimizerKind)).apply(restart),
                lr_field(Kind::log(LR_RANGE.0, LR_RANGE.1), [1e-5, 10.0, 0.01]),
            ]);
            rows.extend(hyper_fields());
            rows.extend([
                F::new("sched", "schedule", "train.schedule", choice(|| Schedule::NAMES.to_vec()), place!(schedule))
                    .flag("schedule")
                    .apply(hot),
                F::new(
                    "batch",
                    "batch",
                    "train.batch",
                    Kind::Text { check: check_batch, example: "32 or full" },
                    (|c| Some(batch_text(c.batch)), |c, v| c.batch = batch_of(v)),
                )
                .slider(1.0, MAX_BATCH as f64, 1.0)
                .apply(hot),
                F::new("epochs", "epochs", "field.epochs", Kind::Count { lo: 1, hi: 1000 }, place!(epochs)).apply(hot),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new("tiny", "tiny", "train.tiny", Kind::Flag, place!(tiny)),
            ]);
            rows
        })
    }

    fn rules(&self) -> Result<()> {
        self.rules_between_fields()
    }
}

impl TrainerConfig {
    /// Decode a hash (`ds=spiral&layers=2&…`) over the defaults (see [`fields::from_hash`]).
    pub fn from_hash(encoded: &str) -> Result<Self> {
        fields::from_hash(encoded)
    }

    /// Encode every field, so a link restores the run exactly.
    pub fn to_hash(&self) -> String {
        fields::to_hash(self)
    }
}

/// The largest input-noise std (in preprocessed units, where the data's std is about 1).
pub const NOISE_MAX: f64 = 2.0;

/// A survival probability 0 ≤ P < 1 (P = 1 would be no stochastic depth: leave the field out).
fn check_survival(field: &str, text: &str) -> Result<()> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..1.0).contains(&p) => Ok(()),
        _ => Err(ConfigError::rule(field, "survival", "must be a survival probability from 0 up to (not including) 1")),
    }
}

fn batch_text(batch: usize) -> String {
    if batch == FULL_BATCH {
        "full".into()
    } else {
        batch.to_string()
    }
}

fn batch_of(text: &str) -> usize {
    if text == "full" {
        FULL_BATCH
    } else {
        text.parse().unwrap_or(FULL_BATCH)
    }
}

/// `full`, or a minibatch size 1…512.
fn check_batch(field: &str, text: &str) -> Result<()> {
    if text == "full" {
        return Ok(());
    }
    Kind::Count { lo: 1, hi: MAX_BATCH }.check(field, text).map_err(|_| {
        let args = [("hi", MAX_BATCH.to_string())];
        ConfigError::rule_with(field, "batch_or_full", &args, format!("must be from 1 to {MAX_BATCH}, or full"))
    })
}
