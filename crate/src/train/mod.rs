//! The training engine (CS231n "Training Neural Networks" 1 and 2: preprocessing, init, batch
//! norm, babysitting the learning process, optimizers, schedules, regularization): the trainer
//! scene trains it live, and the search, the ensembles and the loss landscape train it too.
//!
//! A UI-free state machine: [`Trainer::new`] draws the data, splits and preprocesses it, builds
//! the [`Mlp`] and one optimizer per parameter tensor (the race's optimizer code); [`Trainer::step`]
//! runs minibatches; every finished epoch appends an [`EpochRecord`]. [`Trainer::set`] applies a
//! new config hot when it can (see [`Change`]). A non-finite loss or update stops training and
//! is reported as the step it happened at. After the first epoch (and first grid) no buffer grows.

mod config;
mod evaluation;
mod fields;
mod frame;
mod generalize;
mod own_data;
mod params;
mod readouts;
mod report;
mod update;

pub use config::{Change, TrainerConfig, FULL_BATCH, MAX_BATCH, TINY_EXAMPLES};
pub use fields::{activation_row, dataset_row, optimizer_row};
pub use frame::{TrainerFrame, TrainerScenery, BINS, DIGIT_SAMPLES};
pub use own_data::{parse_points_csv, OwnPoint, MAX_OWN_POINTS};
pub use report::{
    patterns, DecisionGrid, EpochRecord, LossCurve, Pattern, Prediction, SanityCheck, TrainerSnapshot,
    LOSS_CURVE_POINTS, PATTERN_WINDOW,
};

use crate::data::{self, Dataset, DatasetKind, Digits, Standardizer};
use crate::error::{check_count, ConfigError, Result};
use crate::nn::mlp::Mode;
use crate::nn::{ActivationStats, Mlp};
use crate::optim::Optimizer;
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::stats;
use crate::stats::argmax;
use evaluation::evaluate;
use std::sync::Arc;

/// A parameter this large means training has blown up (its next forward pass would overflow).
pub const DIVERGED_PARAM: f64 = 1e30;
/// Rows per evaluation chunk (validation, probe, grid): bounds the network's buffers.
pub const EVAL_CHUNK: usize = 256;
/// Seed salts, so data, split, weights and batches draw independent streams from one seed.
const SPLIT_SALT: u64 = 0x5B17;
const INIT_SALT: u64 = 0x1A17;
const TRAIN_SALT: u64 = 0x7EA1;

/// The live trainer.
#[derive(Debug)]
pub struct Trainer {
    cfg: TrainerConfig,
    digits: Option<Arc<Digits>>,
    train: Dataset,
    val: Dataset,
    val_raw: Dataset,
    standardizer: Standardizer,
    bounds: [f64; 4],
    net: Mlp,
    optimizers: Vec<Box<dyn Optimizer>>,
    schedule: Schedule,
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
    batch_x: Vec<f64>,
    batch_y: Vec<usize>,
    w_before: Vec<f64>,
    ratios: Vec<f64>,
    chunk_x: Vec<f64>,
    chunk_p: Vec<f64>,
    steps: u64,
    examples_seen: u64,
    diverged_at: Option<u64>,
    sanity: SanityCheck,
    history: Vec<EpochRecord>,
    loss_curve: LossCurve,
    last_loss: f64,
    /// Ensemble member index: salts the weights' and batches' seeds (0 = the plain trainer).
    member: u64,
    early: generalize::EarlyStop,
    /// Warm restarts: the cosine over each cycle of this many epochs overrides the schedule.
    restart_cycle: Option<usize>,
}

impl Trainer {
    /// Build from `cfg`. The digits come from the copy bundled into native builds; in the
    /// browser use [`with_digits`](Self::with_digits).
    pub fn new(cfg: TrainerConfig) -> Result<Self> {
        Self::with_digits(cfg, None)
    }

    /// Build from `cfg` with the digits parsed from fetched bytes (needed only for the digits;
    /// native builds fall back to the bundled copy).
    pub fn with_digits(cfg: TrainerConfig, digits: Option<Arc<Digits>>) -> Result<Self> {
        Self::member(cfg, digits, 0)
    }

    /// Ensemble member `member` of `cfg`: the same data, split and preprocessing, its own
    /// initial weights and batch order (member 0 is the plain trainer).
    pub fn member(cfg: TrainerConfig, digits: Option<Arc<Digits>>, member: u64) -> Result<Self> {
        cfg.validate()?;
        #[cfg(not(target_arch = "wasm32"))]
        let digits = digits.or_else(|| (cfg.dataset == DatasetKind::Digits).then(|| Arc::new(Digits::bundled())));
        let salt = member.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let classes = cfg.effective_classes();
        let total = cfg.points + cfg.held_out;
        let all = match (&digits, cfg.dataset) {
            (Some(d), DatasetKind::Digits) => d.dataset(total),
            (None, DatasetKind::Digits) => {
                return Err(ConfigError::rule("dataset", "digits_not_loaded", "the digits are not loaded yet"))
            }
            (_, kind) => data::generate(kind, classes, total, cfg.noise, cfg.seed)?,
        };
        let ranges = all.feature_ranges();
        let (mut train, val_raw) = match cfg.held_out {
            0 => data::split(&all, cfg.val_fraction, cfg.seed ^ SPLIT_SALT)?,
            // The digits run out: at most half of them are held out when the training set wants more.
            n => data::split_count(&all, n.min(all.len() - cfg.points.min(all.len() / 2)), cfg.seed ^ SPLIT_SALT)?,
        };
        if cfg.tiny {
            train = train.subset(&(0..TINY_EXAMPLES.min(train.len())).collect::<Vec<_>>());
        }
        let standardizer = cfg.preprocess.fit(&train);
        standardizer.apply(&mut train.x);
        let mut val = val_raw.clone();
        standardizer.apply(&mut val.x);
        let bounds = own_data::plot_bounds(&ranges);
        let mut net = Mlp::new(&cfg.mlp(train.features, classes), &mut Rng::new(cfg.seed ^ INIT_SALT ^ salt))?;
        let initial_loss = evaluate(&mut net, &train, Mode::Eval, |_, _| {}).0;
        let mut trainer = Self {
            order: (0..train.len()).collect(),
            schedule: cfg.schedule()?,
            rng: Rng::new(cfg.seed ^ TRAIN_SALT ^ salt),
            sanity: SanityCheck::new(initial_loss, classes),
            ratios: vec![0.0; cfg.layers + 1],
            w_before: Vec::with_capacity(net.weights().map(<[f64]>::len).max().unwrap_or(0)),
            optimizers: Vec::new(),
            cfg,
            digits,
            train,
            val,
            val_raw,
            standardizer,
            bounds,
            net,
            cursor: 0,
            batch_x: Vec::new(),
            batch_y: Vec::new(),
            chunk_x: Vec::new(),
            chunk_p: Vec::new(),
            steps: 0,
            examples_seen: 0,
            diverged_at: None,
            history: Vec::new(),
            loss_curve: LossCurve::default(),
            last_loss: f64::NAN,
            member,
            early: Default::default(),
            restart_cycle: None,
        };
        trainer.reset_optimizers();
        Ok(trainer)
    }

    /// One fresh optimizer per parameter tensor, in [`Mlp::for_each_param`] order; L-BFGS:
    /// one for all of them (its curvature pairs span every parameter).
    fn reset_optimizers(&mut self) {
        let (kind, hyper) = (self.cfg.optimizer, self.cfg.effective_hyper());
        let mut optimizers = Vec::new();
        if kind.needs_objective() {
            optimizers.push(kind.build(&hyper));
        } else {
            self.net.for_each_param(|_| optimizers.push(kind.build(&hyper)));
        }
        self.optimizers = optimizers;
    }

    /// Switch to `next`; a refused config leaves the trainer unchanged. Returns what happened.
    pub fn set(&mut self, next: TrainerConfig) -> Result<Change> {
        next.validate()?;
        let change = self.cfg.change_to(&next);
        match change {
            Change::None => {}
            Change::Rebuilt => *self = Self::member(next, self.digits.clone(), self.member)?,
            Change::Hot | Change::OptimizerReset => {
                let mlp = next.mlp(self.train.features, self.cfg.effective_classes());
                self.net.set_dropout(mlp.dropout)?;
                self.net.set_dropconnect(mlp.dropconnect)?;
                self.net.set_l2(mlp.l2)?;
                self.net.set_batch_norm(mlp.batch_norm)?;
                self.schedule = next.schedule()?;
                self.cfg = next;
                if change == Change::OptimizerReset {
                    self.reset_optimizers();
                }
            }
        }
        Ok(change)
    }

    /// The current configuration.
    pub fn config(&self) -> &TrainerConfig {
        &self.cfg
    }

    /// Learning rate of the current epoch (base lr through the schedule).
    pub fn lr(&self) -> f64 {
        let epoch = self.history.len();
        match self.restart_cycle {
            Some(cycle) => Schedule::Cosine { t_max: cycle, eta_min: 0.0 }.lr_at(self.cfg.hyper.lr, epoch % cycle),
            None => self.schedule.lr_at(self.cfg.hyper.lr, epoch),
        }
    }

    /// Run up to `batches` minibatch steps (fewer if training diverges); returns steps taken.
    pub fn step(&mut self, batches: usize) -> usize {
        self.steps_of(batches, true)
    }

    /// Run up to `batches` minibatch steps without the end-of-epoch evaluation (the history
    /// does not grow): the training loop alone, as `cargo xtask bench` measures it against
    /// peers that only train. Returns steps taken.
    pub fn train_only(&mut self, batches: usize) -> usize {
        self.steps_of(batches, false)
    }

    fn steps_of(&mut self, batches: usize, evaluate: bool) -> usize {
        let mut taken = 0;
        while taken < batches && self.running() {
            taken += 1;
            self.one_step(evaluate, taken == batches);
        }
        taken
    }

    /// Step until the current epoch finishes (or training diverges); returns steps taken.
    pub fn epoch(&mut self) -> usize {
        let epochs = self.history.len();
        let mut taken = 0;
        while self.history.len() == epochs && self.running() {
            self.one_step(true, false);
            taken += 1;
        }
        taken
    }

    /// One minibatch step; at an epoch's end, `evaluate` records the epoch (both splits).
    /// The update/weight ratios are measured only where they can be read: on a call's `last`
    /// step and on an epoch's last (its record keeps them); measuring copies every weight.
    fn one_step(&mut self, evaluate: bool, last: bool) {
        let n = self.train.len();
        if self.cursor == 0 {
            data::shuffle(&mut self.order, &mut self.rng);
        }
        let end = (self.cursor + self.cfg.batch_rows(n)).min(n);
        let f = self.train.features;
        self.batch_x.clear();
        self.batch_y.clear();
        for &i in &self.order[self.cursor..end] {
            self.batch_x.extend_from_slice(&self.train.x[i * f..(i + 1) * f]);
            self.batch_y.push(self.train.y[i]);
        }
        self.cursor = if end == n { 0 } else { end };
        self.augment_batch();
        self.steps += 1;
        self.examples_seen += self.batch_y.len() as u64;
        let loss = self.net.loss(&self.batch_x, &self.batch_y, Mode::Train, &mut self.rng).total();
        self.last_loss = loss;
        if !loss.is_finite() {
            self.diverged_at = Some(self.steps);
            return;
        }
        self.loss_curve.push(loss);
        self.net.backward(&self.batch_y);
        let lr = self.lr();
        let measure = last || self.cursor == 0;
        let finite =
            if self.cfg.optimizer.needs_objective() { self.lbfgs_step(lr) } else { self.tensor_steps(lr, measure) };
        if !finite {
            self.diverged_at = Some(self.steps);
        } else if self.cursor == 0 && evaluate {
            self.finish_epoch(lr);
        }
    }

    /// The read-outs: counters, history, sanity check, loss curve, patterns.
    pub fn snapshot(&self) -> TrainerSnapshot {
        self.snapshot_since(0)
    }

    /// [`Self::snapshot`] with the history from epoch index `from` on (a worker's view has the
    /// records before it).
    pub fn snapshot_since(&self, from: usize) -> TrainerSnapshot {
        TrainerSnapshot {
            steps: self.steps,
            epochs: self.history.len(),
            examples_seen: self.examples_seen,
            lr: self.lr(),
            diverged_at: self.diverged_at,
            sanity: self.sanity,
            train_size: self.train.len(),
            val_size: self.val.len(),
            history: self.history[from.min(self.history.len())..].to_vec(),
            loss_curve: self.loss_curve.clone(),
            update_to_weight_ratio: self.ratios.clone(),
            patterns: patterns(&self.history, self.sanity.initial_loss, self.diverged_at.is_some()),
            best_epoch: self.best_epoch(),
            stopped_early: self.stopped_early(),
        }
    }

    /// Epoch records so far.
    pub fn history(&self) -> &[EpochRecord] {
        &self.history
    }

    /// Steps taken, epochs finished, examples seen.
    pub fn counters(&self) -> (u64, usize, u64) {
        (self.steps, self.history.len(), self.examples_seen)
    }

    /// The last minibatch's training loss (NaN before the first step).
    pub fn last_loss(&self) -> f64 {
        self.last_loss
    }

    /// Step at which training diverged, if it did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    /// The initial-loss sanity check.
    pub fn sanity(&self) -> SanityCheck {
        self.sanity
    }

    /// The network (read-only: weights, activations of the last forward).
    pub fn net(&self) -> &Mlp {
        &self.net
    }

    /// The preprocessed training and validation splits.
    pub fn splits(&self) -> (&Dataset, &Dataset) {
        (&self.train, &self.val)
    }

    /// The preprocessing fitted on the training split (to map points back to data coordinates).
    pub fn standardizer(&self) -> &Standardizer {
        &self.standardizer
    }

    /// [x_min, x_max, y_min, y_max] of a 2D dataset, padded by 10 % (zeros for the digits).
    pub fn bounds(&self) -> [f64; 4] {
        self.bounds
    }

    /// Capacity of every per-step buffer (network and trainer), for the no-growth test.
    pub fn buffer_capacity(&self) -> usize {
        self.net.buffer_capacity()
            + [&self.batch_x, &self.w_before, &self.chunk_x, &self.chunk_p].map(|v| v.capacity()).iter().sum::<usize>()
            + self.batch_y.capacity()
            + self.loss_curve.values.capacity()
    }
}
