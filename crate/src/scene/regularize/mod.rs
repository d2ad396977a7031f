//! The regularization & ensembles scene (lecture 7, "improving test performance", and the
//! notes' early stopping): one overfitting setup — few noisy examples, a network large enough
//! to memorize them — trained once per method from the same initial weights, side by side.
//! This file holds the link's fields and what each method trains; `run` gathers
//! the workers' results.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod pooling;
pub mod render;
mod run;
#[cfg(target_arch = "wasm32")]
mod web;

use crate::claims::Preset;
use crate::data::DatasetKind;
use crate::ensemble::MAX_MEMBERS;
use crate::error::{check_count, ConfigError, Result};
use crate::fields::{self, Config, Field, Kind};
use crate::nn::mlp::DROPOUT_RANGE;
use crate::nn::Activation;
use crate::train::{activation_row, dataset_row, TrainerConfig, MAX_BATCH};
use crate::{named, place};
use std::sync::OnceLock;

pub use crate::scene::regularize::run::{JobRun, MethodResult, RegularizeRun, RunOutput, Snapshot, GRID};

/// The methods, in the order the scene shows them: each with its strength as a control.
pub const METHODS: [&str; 9] =
    ["none", "l2", "dropout", "dropconnect", "noise", "depth", "early", "ensemble", "snapshot"];

/// The methods the scene opens with (every one of them over 5 seeds is a minute of training).
pub const DEFAULT_METHODS: [&str; 5] = ["none", "l2", "dropout", "early", "ensemble"];

/// What the opening comparison shows: 100 noisy spiral points overfit a 3×64 net; on 1000
/// held-out points over 5 seeds L2 clearly helps, dropout narrows the gap, the ensemble beats
/// its members.
pub const DEFAULT_CLAIMS: [&str; 4] =
    ["overfits(none)", "beats(l2,none)", "gap_smaller(dropout,none)", "ensemble_beats_members(ensemble)"];

/// Presets: the lecture's comparisons, as link fields over the defaults.
pub const PRESETS: [Preset; 4] = [
    Preset { id: "spiral", link: "", claims: &DEFAULT_CLAIMS },
    // L2's gain on the circles (about 2.5 points) needs 8 seeds to clear its interval.
    Preset {
        id: "circles",
        link: "ds=circles&noise=0.3&seeds=8",
        claims: &["overfits(none)", "beats(l2,none)", "ensemble_beats_members(ensemble)"],
    },
    Preset {
        id: "digits",
        link: "ds=digits&layers=2&width=128&lr=0.003&epochs=60",
        claims: &["overfits(none)", "beats(l2,none)", "ensemble_beats_members(ensemble)"],
    },
    // Ten members against snapshots of one run (cosine restarts), on 200 digits.
    Preset {
        id: "ensemble",
        link: "ds=digits&n=200&layers=1&width=100&lr=0.001&epochs=20&m=none,ensemble,snapshot&k=10&cycles=5",
        claims: &["ensemble_beats_members(ensemble)", "ensemble_beats_members(snapshot)"],
    },
];

/// Most replicates a comparison averages.
pub const MAX_SEEDS: usize = 10;
/// Validation examples of the 2D sets, drawn apart from the training points (the digits hold
/// out the images after the training ones): enough that one example is 0.1 % and a difference
/// of a few points is not one lucky example.
pub const VALIDATION_POINTS: usize = 1000;

/// Epochs the page trains a method for at most.
pub const MAX_EPOCHS: usize = 300;

/// A comparison as the page's link holds it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegularizeConfig {
    pub dataset: DatasetKind,
    pub points: usize,
    /// Noise of the 2D sets.
    pub noise: f64,
    pub layers: usize,
    pub width: usize,
    pub activation: Activation,
    /// Adam's learning rate.
    pub lr: f64,
    pub epochs: usize,
    pub batch: usize,
    pub seed: u64,
    /// Each method's strength.
    pub l2: f64,
    pub dropout: f64,
    pub dropconnect: f64,
    pub augment_noise: f64,
    /// Survival probability of the last block.
    pub stochastic_depth: f64,
    /// Early stopping's patience in epochs.
    pub early_stopping: usize,
    /// Independent nets of the ensemble.
    pub members: usize,
    /// Cosine cycles (= snapshots) of the snapshot ensemble.
    pub cycles: usize,
    /// The methods shown, names of [`METHODS`].
    pub methods: Vec<String>,
    /// Independent replicates (seeds `seed`, `seed + 1`, …: new data, split and weights) every
    /// method trains on; scores are their mean with a 95 % interval.
    pub seeds: usize,
    /// Evaluate without the test-time corrections (dropout's and DropConnect's scale, the
    /// blocks' survival scaling), to see what they fix.
    pub uncorrected: bool,
}

impl Default for RegularizeConfig {
    fn default() -> Self {
        Self {
            dataset: DatasetKind::Spiral,
            points: 100,
            noise: 0.6,
            layers: 3,
            width: 64,
            activation: Activation::Relu,
            lr: 0.01,
            epochs: 80,
            batch: 16,
            seed: 1,
            l2: 0.003,
            dropout: 0.3,
            dropconnect: 0.3,
            augment_noise: 0.3,
            stochastic_depth: 0.5,
            early_stopping: 20,
            members: 5,
            cycles: 5,
            methods: DEFAULT_METHODS.map(String::from).to_vec(),
            seeds: 5,
            uncorrected: false,
        }
    }
}

impl Config for RegularizeConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<Field<RegularizeConfig>>> = OnceLock::new();
        type F = Field<RegularizeConfig>;
        FIELDS.get_or_init(|| {
            let (p_lo, p_hi) = DROPOUT_RANGE;
            vec![
                dataset_row::<RegularizeConfig>(named!(dataset, DatasetKind)),
                F::new("n", "points", "train.points", Kind::Count { lo: 20, hi: 2000 }, place!(points))
                    .flag("points")
                    .slider(20.0, 1000.0, 10.0),
                F::new("noise", "noise", "train.noise", Kind::linear(0.0, 1.0), place!(noise)).slider(0.0, 1.0, 0.01),
                F::new("layers", "layers", "train.layers", Kind::Count { lo: 1, hi: 4 }, place!(layers)),
                F::new("width", "width", "train.width", Kind::Count { lo: 1, hi: 256 }, place!(width)),
                activation_row::<RegularizeConfig>(named!(activation, Activation)),
                F::new("lr", "lr", "race.learning_rate", Kind::log(1e-5, 1.0), place!(lr)).slider(1e-4, 0.1, 0.01),
                F::new("epochs", "epochs", "field.epochs", Kind::Count { lo: 1, hi: MAX_EPOCHS }, place!(epochs))
                    .was("ep")
                    .flag("epochs"),
                F::new("batch", "batch", "train.batch", Kind::Count { lo: 1, hi: MAX_BATCH }, place!(batch)),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new("l2", "l2", "train.l2", Kind::log(1e-6, 1.0), place!(l2)).slider(1e-5, 1.0, 0.01),
                F::new("drop", "dropout", "train.dropout", Kind::linear(p_lo, p_hi), place!(dropout))
                    .flag("dropout")
                    .slider(0.05, 0.9, 0.05),
                F::new("dc", "dropconnect", "train.dropconnect", Kind::linear(p_lo, p_hi), place!(dropconnect))
                    .flag("dropconnect")
                    .slider(0.05, 0.9, 0.05),
                F::new("aug", "augmentNoise", "train.augment_noise", Kind::linear(0.0, 2.0), place!(augment_noise))
                    .flag("augment-noise")
                    .slider(0.01, 1.0, 0.01),
                F::new(
                    "sd",
                    "stochasticDepth",
                    "train.stochastic_depth",
                    Kind::linear(0.0, 0.95),
                    place!(stochastic_depth),
                )
                .flag("stochastic-depth")
                .slider(0.05, 0.95, 0.05),
                F::new(
                    "es",
                    "earlyStopping",
                    "train.early_stopping",
                    Kind::Count { lo: 1, hi: MAX_EPOCHS },
                    place!(early_stopping),
                )
                .flag("early-stopping"),
                F::new("k", "members", "reg.members", Kind::Count { lo: 1, hi: MAX_MEMBERS }, place!(members))
                    .flag("ensemble"),
                F::new("cycles", "cycles", "reg.cycles", Kind::Count { lo: 1, hi: MAX_MEMBERS }, place!(cycles))
                    .flag("snapshot-ensemble"),
                F::new("m", "methods", "reg.methods", Kind::List(|| METHODS.to_vec()), place!(methods)).flag("methods"),
                F::new("seeds", "seeds", "reg.seeds", Kind::Count { lo: 1, hi: MAX_SEEDS }, place!(seeds)),
                F::new("raw", "uncorrected", "reg.uncorrected", Kind::Flag, place!(uncorrected))
                    .flag("uncorrected")
                    .apply(fields::Apply::Hot),
            ]
        })
    }

    /// At least one method; the base network must train; whole snapshot cycles.
    fn rules(&self) -> Result<()> {
        if self.methods.is_empty() {
            return Err(ConfigError::rule("methods", "no_method", "choose at least one method, a list like none,l2"));
        }
        for method in 0..self.methods.len() {
            self.method_config(method)?.validate()?;
        }
        if self.shows("snapshot") {
            check_count("cycles", self.cycles, 1, self.epochs.min(MAX_MEMBERS))?;
        }
        Ok(())
    }
}

/// One training of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Index into the shown methods.
    pub method: usize,
    /// Ensemble member (0 for every other method).
    pub member: u64,
    /// Replicate: seed `seed + replicate`.
    pub replicate: usize,
}

/// Side of the digit the pooling picture shows.
pub const POOL_SIDE: usize = 8;

/// The pooling picture's regions on pass `pass` (each pass draws new fractional regions):
/// 2×2 rows and columns, then fractional (ratio √2) rows and columns.
pub fn pooling_regions(pass: u64) -> [Vec<usize>; 4] {
    use crate::nn::fractional_pool::{fractional_size, random_edges, regular_edges};
    let mut rng = crate::rng::Rng::new(0xF3A9 ^ pass);
    let out = fractional_size(POOL_SIDE, std::f64::consts::SQRT_2);
    let plain = regular_edges(POOL_SIDE, 2);
    [plain.clone(), plain, random_edges(POOL_SIDE, out, &mut rng), random_edges(POOL_SIDE, out, &mut rng)]
}

impl RegularizeConfig {
    fn shows(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }

    /// The unregularized network every method starts from (the same data, split and weights)
    /// in the first replicate.
    pub fn base(&self) -> TrainerConfig {
        self.replicate_base(0)
    }

    /// The unregularized network of replicate `r`: seed `seed + r`.
    pub fn replicate_base(&self, r: usize) -> TrainerConfig {
        let mut base = TrainerConfig {
            dataset: self.dataset,
            points: self.points,
            noise: self.noise,
            held_out: VALIDATION_POINTS,
            layers: self.layers,
            width: self.width,
            activation: self.activation,
            epochs: self.epochs,
            batch: self.batch,
            seed: self.seed.wrapping_add(r as u64) & crate::rng::MAX_SEED,
            ..TrainerConfig::default()
        };
        base.hyper.lr = self.lr;
        base
    }

    /// The trainer config of shown method `i` in the first replicate (its one regularizer on).
    pub fn method_config(&self, i: usize) -> Result<TrainerConfig> {
        self.replicate_config(i, 0)
    }

    /// The trainer config of shown method `i` in replicate `r`.
    pub fn replicate_config(&self, i: usize, r: usize) -> Result<TrainerConfig> {
        let mut cfg = self.replicate_base(r);
        match self.methods.get(i).map(String::as_str) {
            Some("l2") => cfg.l2 = self.l2,
            Some("dropout") => cfg.dropout = self.dropout,
            Some("dropconnect") => cfg.dropconnect = self.dropconnect,
            Some("noise") => cfg.augment_noise = self.augment_noise,
            Some("depth") => cfg.stochastic_depth = Some(self.stochastic_depth),
            Some("early") => cfg.early_stopping = self.early_stopping,
            Some(_) => {}
            None => {
                return Err(ConfigError::rule(
                    "methods",
                    "no_method",
                    "choose at least one method, a list like none,l2",
                ))
            }
        }
        Ok(cfg)
    }

    /// Trainings of shown method `i`: the ensemble's members, else one.
    pub fn members_of(&self, i: usize) -> usize {
        if self.methods[i] == "ensemble" {
            self.members
        } else {
            1
        }
    }

    /// Snapshot cycles of shown method `i` (the snapshot ensemble only).
    pub fn cycles_of(&self, i: usize) -> Option<usize> {
        (self.methods[i] == "snapshot").then_some(self.cycles)
    }

    /// Whether method `i` trains differently from how it is tested (so "uncorrected" differs).
    pub fn has_test_correction(&self, i: usize) -> bool {
        matches!(self.methods[i].as_str(), "dropout" | "dropconnect" | "depth")
    }

    /// Every training as (method index, member, replicate): replicate by replicate, and in each
    /// the ensemble members after the other methods' single runs, so that every method has a
    /// first picture early and the intervals fill in after.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for replicate in 0..self.seeds {
            jobs.extend((0..self.methods.len()).map(|method| Job { method, member: 0, replicate }));
            for method in 0..self.methods.len() {
                jobs.extend((1..self.members_of(method) as u64).map(|member| Job { method, member, replicate }));
            }
        }
        jobs
    }

    /// Method `i`'s strength as the table shows it (`λ = 0.01`, `K = 5`).
    pub fn strength(&self, i: usize) -> String {
        use crate::fields::url::num;
        match self.methods[i].as_str() {
            "l2" => format!("λ = {}", num(self.l2)),
            "dropout" | "dropconnect" => {
                let p = if self.methods[i] == "dropout" { self.dropout } else { self.dropconnect };
                format!("p = {}", num(p))
            }
            "noise" => format!("σ = {}", num(self.augment_noise)),
            "depth" => format!("p_L = {}", num(self.stochastic_depth)),
            "early" => format!("{} ep", self.early_stopping),
            "ensemble" => format!("K = {}", self.members),
            "snapshot" => format!("M = {}", self.cycles),
            _ => String::new(),
        }
    }
}

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "regularize";
    const LABEL: &'static str = "scene.regularize";
    type Config = RegularizeConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &DEFAULT_CLAIMS;
    const QUICK: &'static str = "epochs=2&seeds=1&m=none,l2";
    /// The digits' accuracy per class and the ensembles.
    const CHART_STATES: &'static [&'static str] = &["ds=digits&n=300&seeds=1&m=none,dropout,ensemble"];

    crate::scene::scene_outputs!(self);
}
