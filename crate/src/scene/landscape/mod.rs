//! The loss-landscape scene (lecture 7's residual connections and batch norm; Li et al. 2018,
//! Goodfellow et al. 2015, Santurkar et al. 2018): the same data and architecture trained as a
//! plain, a batch-norm and a residual network from the same initial weights; for each, the
//! loss along the line from its initial to its trained weights, a 2D slice around its trained
//! weights with its trajectory, and measurements of smoothness and of a layer's nonlinearity
//! inputs along training. This file holds the link's fields and one network's training (a
//! worker job); `run` gathers the results and the slices' row bands.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod render;
mod run;
#[cfg(target_arch = "wasm32")]
mod web;

use crate::claims::Preset;
use crate::data::{DatasetKind, Digits};
use crate::error::{check_count, ConfigError, Result};
use crate::fields::{Config, Field, Kind};
use crate::landscape::{self, Interpolation, Plane, Smoothness, RESOLUTION};
use crate::nn::mlp::{MAX_LAYERS, MAX_WIDTH};
use crate::nn::Activation;
use crate::optim::OptimizerKind;
use crate::train::{activation_row, dataset_row, optimizer_row, Trainer, TrainerConfig, MAX_BATCH};
use crate::{named, place};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

pub use crate::scene::landscape::run::{LandscapeRun, NetView, BAND_ROWS};

/// The slice's planes: filter-normalized random directions (to compare the bowls), or the
/// trajectory's two principal directions (to see the path).
pub const PLANES: [&str; 2] = ["random", "pca"];

/// The networks the scene compares, in the order it shows them.
pub const NETS: [&str; 3] = ["plain", "bn", "residual"];

/// Presets: the lecture's comparisons, as link fields over the defaults.
pub const PRESETS: [Preset; 5] = [
    Preset { id: "shallow", link: "", claims: &["smoother(bn,plain)", "smoother(residual,plain)"] },
    Preset { id: "path", link: "plane=pca", claims: &["smoother(bn,plain)"] },
    Preset {
        id: "deep",
        link: "layers=8&width=32&epochs=60",
        claims: &["smoother(bn,plain)", "smoother(plain,residual)"],
    },
    Preset {
        id: "sigmoid",
        link: "act=sigmoid&layers=4&lr=0.003&layer=3&epochs=60",
        claims: &["drifts_less(bn,plain)"],
    },
    Preset {
        id: "digits",
        link: "ds=digits&n=500&layers=3&width=48&epochs=20&grid=21",
        claims: &["smoother(bn,plain)"],
    },
];

/// Minibatches between two measurements of the chosen layer's percentiles.
pub const PERCENTILE_EVERY: u64 = 4;

/// A comparison as the page's link holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LandscapeConfig {
    pub dataset: DatasetKind,
    pub points: usize,
    pub noise: f64,
    pub layers: usize,
    pub width: usize,
    pub activation: Activation,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    pub epochs: usize,
    pub batch: usize,
    pub seed: u64,
    /// Grid points per axis of the 2D slice and of the line.
    pub resolution: usize,
    /// The networks shown, names of [`NETS`].
    pub nets: Vec<String>,
    /// The hidden layer (1-based) whose nonlinearity inputs are followed over training.
    pub layer: usize,
    /// The slice's plane, a name of [`PLANES`].
    pub plane: String,
}

impl Default for LandscapeConfig {
    fn default() -> Self {
        let base = TrainerConfig::default();
        Self {
            dataset: base.dataset,
            points: base.points,
            noise: base.noise,
            layers: 2,
            width: 64,
            activation: Activation::Relu,
            optimizer: OptimizerKind::Adam,
            lr: 0.01,
            epochs: 40,
            batch: base.batch,
            seed: 1,
            resolution: 41,
            nets: NETS.map(String::from).to_vec(),
            layer: 1,
            plane: PLANES[0].into(),
        }
    }
}

impl Config for LandscapeConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<Field<LandscapeConfig>>> = OnceLock::new();
        type F = Field<LandscapeConfig>;
        FIELDS.get_or_init(|| {
            vec![
                dataset_row::<LandscapeConfig>(named!(dataset, DatasetKind)),
                F::new("n", "points", "train.points", Kind::Count { lo: 20, hi: 2000 }, place!(points))
                    .flag("points")
                    .slider(20.0, 1000.0, 10.0),
                F::new("noise", "noise", "train.noise", Kind::linear(0.0, 1.0), place!(noise)).slider(0.0, 1.0, 0.01),
                F::new("layers", "layers", "train.layers", Kind::Count { lo: 1, hi: MAX_LAYERS }, place!(layers)),
                F::new("width", "width", "train.width", Kind::Count { lo: 1, hi: MAX_WIDTH }, place!(width)),
                activation_row::<LandscapeConfig>(named!(activation, Activation)),
                optimizer_row::<LandscapeConfig>(named!(optimizer, OptimizerKind)),
                F::new("lr", "lr", "race.learning_rate", Kind::log(1e-5, 1.0), place!(lr)).slider(1e-4, 0.3, 0.01),
                F::new("epochs", "epochs", "field.epochs", Kind::Count { lo: 1, hi: 300 }, place!(epochs)).was("ep"),
                F::new("batch", "batch", "train.batch", Kind::Count { lo: 1, hi: MAX_BATCH }, place!(batch)),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new(
                    "grid",
                    "resolution",
                    "land.resolution",
                    Kind::Count { lo: RESOLUTION.0, hi: RESOLUTION.1 },
                    place!(resolution),
                )
                .flag("resolution"),
                F::new("nets", "nets", "land.nets", Kind::List(|| NETS.to_vec()), place!(nets)).flag("nets"),
                F::new("layer", "layer", "land.layer", Kind::Count { lo: 1, hi: MAX_LAYERS }, place!(layer))
                    .flag("layer"),
                F::new("plane", "plane", "land.plane", Kind::Choice(|| PLANES.to_vec()), place!(plane)).flag("plane"),
            ]
        })
    }

    /// At least one network; each must build; the followed layer must exist.
    fn rules(&self) -> Result<()> {
        if self.nets.is_empty() {
            return Err(ConfigError::rule("nets", "no_net", "choose at least one network, a list like plain,bn"));
        }
        check_count("layer", self.layer, 1, self.layers)?;
        if self.layers < 2 && self.nets.iter().any(|n| n == "residual") {
            return Err(ConfigError::rule("nets", "residual_layers", crate::nn::mlp::BLOCKS_NEED_LAYERS));
        }
        for net in 0..self.nets.len() {
            self.net_config(net).validate()?;
        }
        Ok(())
    }
}

impl LandscapeConfig {
    /// The trainer config of shown network `i`: the shared setup, with batch norm or residual
    /// blocks as its name says.
    pub fn net_config(&self, i: usize) -> TrainerConfig {
        let name = self.nets.get(i).map(String::as_str).unwrap_or("plain");
        let mut cfg = TrainerConfig {
            dataset: self.dataset,
            points: self.points,
            noise: self.noise,
            layers: self.layers,
            width: self.width,
            activation: self.activation,
            optimizer: self.optimizer,
            epochs: self.epochs,
            batch: self.batch,
            seed: self.seed,
            batch_norm: name == "bn",
            residual: name == "residual",
            ..TrainerConfig::default()
        };
        cfg.hyper.lr = self.lr;
        cfg
    }
}

/// A measurement taken along training, at minibatch `step`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured<T> {
    pub step: u64,
    pub value: T,
}

/// The largest move of the median (of [`NetOutput::percentiles`]) from its starting value: how far
/// a layer's inputs drift over training.
pub fn median_drift(percentiles: &[Measured<[f64; 3]>]) -> f64 {
    let Some(first) = percentiles.first() else { return 0.0 };
    percentiles.iter().map(|x| (x.value[1] - first.value[1]).abs()).fold(0.0, f64::max)
}

/// What a worker sends back for one network's training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetOutput {
    /// Per epoch: [train loss, validation loss, train accuracy, validation accuracy].
    pub history: Vec<[f64; 4]>,
    pub diverged_at: Option<u64>,
    /// The trained weights (the slice's centre; its row bands start from them) and the plane.
    pub trained: Vec<f64>,
    pub plane: Plane,
    /// The line from the initial to the trained weights.
    pub alpha: Vec<f64>,
    pub train_line: Vec<f64>,
    pub val_line: Vec<f64>,
    /// The weights at the start and after each epoch, in the slice's coordinates.
    pub trajectory: Vec<[f64; 2]>,
    /// Smoothness at the start and after each epoch.
    pub smoothness: Vec<Measured<Smoothness>>,
    /// The chosen layer's 15th/50th/85th percentiles every [`PERCENTILE_EVERY`] minibatches.
    pub percentiles: Vec<Measured<[f64; 3]>>,
}

/// One network's training in a worker, advanced in chunks of minibatches.
pub struct NetRun {
    trainer: Trainer,
    initial: Vec<f64>,
    /// Weights at the start and after each epoch.
    weights: Vec<Vec<f64>>,
    smoothness: Vec<Measured<Smoothness>>,
    percentiles: Vec<Measured<[f64; 3]>>,
    layer: usize,
    resolution: usize,
    principal: bool,
    steps: u64,
}

impl NetRun {
    /// Training shown network `net` of `config`.
    pub fn new(config: &LandscapeConfig, net: usize, digits: Option<Arc<Digits>>) -> Result<Self> {
        crate::fields::validate(config)?;
        let mut run = Self::of_trainer(config.net_config(net), digits, config.layer)?;
        (run.resolution, run.principal) = (config.resolution, config.plane == "pca");
        Ok(run)
    }

    /// Training any trainer config, following hidden layer `layer` (1-based) — the trainer
    /// page's with-and-without-batch-norm pair; its landscape at the default resolution.
    pub fn of_trainer(cfg: TrainerConfig, digits: Option<Arc<Digits>>, layer: usize) -> Result<Self> {
        check_count("layer", layer, 1, cfg.layers)?;
        let mut trainer = Trainer::with_digits(cfg, digits)?;
        let initial = trainer.params();
        let layer = layer - 1;
        let smoothness = vec![Measured { step: 0, value: Smoothness::measure(&mut trainer) }];
        let percentiles = vec![Measured { step: 0, value: trainer.pre_activation_percentiles(layer) }];
        let resolution = LandscapeConfig::default().resolution;
        let weights = vec![initial.clone()];
        Ok(Self { weights, initial, trainer, smoothness, percentiles, layer, resolution, principal: false, steps: 0 })
    }

    /// The chosen layer's percentiles measured so far.
    pub fn percentiles(&self) -> &[Measured<[f64; 3]>] {
        &self.percentiles
    }

    /// Up to `steps` minibatches; whether the training is over (its epochs, or divergence).
    pub fn advance(&mut self, steps: usize) -> bool {
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            let before = self.trainer.history().len();
            self.trainer.step(1);
            self.steps += 1;
            if !self.trainer.running() {
                break; // diverged: the weights are not worth measuring
            }
            if self.steps.is_multiple_of(PERCENTILE_EVERY) {
                let value = self.trainer.pre_activation_percentiles(self.layer);
                self.percentiles.push(Measured { step: self.steps, value });
            }
            if self.trainer.history().len() > before {
                self.weights.push(self.trainer.params());
                self.smoothness.push(Measured { step: self.steps, value: Smoothness::measure(&mut self.trainer) });
            }
        }
        self.finished()
    }

    fn finished(&self) -> bool {
        !self.trainer.running() || self.trainer.history().len() >= self.trainer.config().epochs
    }

    /// Epochs finished.
    pub fn epochs(&self) -> usize {
        self.trainer.history().len()
    }

    /// The finished training's output: the line and the trajectory in the slice's plane.
    pub fn finish(mut self) -> Result<NetOutput> {
        let trained = self.trainer.params();
        let Interpolation { alpha, train_loss, val_loss } =
            landscape::interpolate(&mut self.trainer, &self.initial, &trained, self.resolution)?;
        let seed = self.trainer.config().seed;
        let principal = self.principal.then(|| Plane::principal(&self.weights, &trained)).flatten();
        let plane = principal.unwrap_or_else(|| Plane::random(&mut self.trainer, &trained, seed));
        let t = &self.trainer;
        Ok(NetOutput {
            history: t.history().iter().map(|r| [r.train_loss, r.val_loss, r.train_acc, r.val_acc]).collect(),
            diverged_at: t.diverged_at(),
            trajectory: landscape::project_trajectory(&self.weights, &trained, &plane),
            trained,
            plane,
            alpha,
            train_line: train_loss,
            val_line: val_loss,
            smoothness: self.smoothness,
            percentiles: self.percentiles,
        })
    }
}

/// What a band job starts from: a network's trained weights and its slice's plane.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandInput {
    pub trained: Vec<f64>,
    pub plane: Plane,
}

/// Rows `rows` of network `net`'s slice (a worker job).
pub fn slice_band(
    config: &LandscapeConfig,
    net: usize,
    digits: Option<Arc<Digits>>,
    input: &BandInput,
    rows: std::ops::Range<usize>,
) -> Result<Vec<Vec<f64>>> {
    crate::fields::validate(config)?;
    check_count("rows", rows.end, 1, config.resolution)?;
    let mut trainer = Trainer::with_digits(config.net_config(net), digits)?;
    let len = trainer.params().len();
    if [&input.trained, &input.plane.d[0], &input.plane.d[1]].iter().any(|v| v.len() != len) {
        return Err(ConfigError::rule("trained", "band_shape", "the band's weights do not fit this network"));
    }
    Ok(landscape::slice_rows(&mut trainer, &input.trained, &input.plane, config.resolution, rows))
}

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "landscape";
    const LABEL: &'static str = "scene.landscape";
    type Config = LandscapeConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &["smoother(bn,plain)", "smoother(residual,plain)"];
    const QUICK: &'static str = "epochs=2&grid=9";

    fn shown(arg: &str) -> String {
        crate::claims::words::landscape_net(arg)
    }

    crate::scene::scene_outputs!(self);
}
