//! Hyperparameter search over the trainer's networks (CS231n lecture 6): ranges on log or
//! linear scales, grid or random trials, each a short real training run with the notes' early
//! abort, and the best trial. Trials are independent, so any number of workers gives the same
//! numbers.

mod range;
pub mod sweep;

pub use range::{ParamRange, Scale, PARAMS};

use crate::data::Digits;
use crate::error::{ConfigError, Result};
use crate::fields;
use crate::rng::Rng;
use crate::train::{Trainer, TrainerConfig};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Most trials one search runs, in the page and on the command line alike (the page's networks
/// are also kept small, ≤ 4 layers of ≤ 128 units and ≤ 50 epochs, so a search of them takes
/// seconds to a minute there).
pub const MAX_TRIALS: usize = 256;
/// Most parameters one search varies.
pub const MAX_PARAMS: usize = 3;
/// A trial whose minibatch loss exceeds this many times its initial loss is stopped (the notes:
/// "if the cost is ever > 3 × original cost, break out early").
pub const EXPLODE_FACTOR: f64 = 3.0;
/// Keeps the random draws apart from the trainer's own use of the seed.
const DRAW_SALT: u64 = 0x5EA2_C4ED;

/// Grid (n values per axis) or random (N independent draws).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Grid,
    Random,
}

impl Strategy {
    /// Names as the CLI and links spell them.
    pub const NAMES: [&'static str; 2] = ["grid", "random"];

    pub fn name(self) -> &'static str {
        match self {
            Self::Grid => "grid",
            Self::Random => "random",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "grid" => Some(Self::Grid),
            "random" => Some(Self::Random),
            _ => None,
        }
    }
}

/// What to search: the ranges, how, and how many trials (the base network is a trainer config).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPlan {
    pub params: Vec<ParamRange>,
    pub strategy: Strategy,
    pub trials: usize,
}

impl SearchPlan {
    /// Refuse an empty or repeated parameter list and a trial count out of range or, for a
    /// grid, not a k-th power.
    pub fn new(params: Vec<ParamRange>, strategy: Strategy, trials: usize) -> Result<Self> {
        check_ranges(&params)?;
        crate::error::check_count("trials", trials, 1, MAX_TRIALS)?;
        let plan = Self { params, strategy, trials };
        if strategy == Strategy::Grid {
            plan.grid_side()?;
        }
        Ok(plan)
    }

    /// Values per axis of a grid: n with nᵏ = trials.
    pub fn grid_side(&self) -> Result<usize> {
        let k = self.params.len() as u32;
        let n = (self.trials as f64).powf(1.0 / f64::from(k)).round() as usize;
        match (n.saturating_sub(1)..=n + 1).find(|m| m.checked_pow(k) == Some(self.trials)) {
            Some(n) => Ok(n),
            None => {
                let args = [("k", k.to_string()), ("value", self.trials.to_string())];
                let message = format!(
                    "a grid over {k} parameters needs a power n^{k} of trials (1, {}, {}, …), not {}",
                    2usize.pow(k),
                    3usize.pow(k),
                    self.trials
                );
                Err(ConfigError::rule_with("trials", "grid_power", &args, message))
            }
        }
    }

    /// Every trial's parameter values (in `params` order): the grid's nᵏ points, or random draws
    /// uniform on each range's scale, seeded by `seed`.
    pub fn points(&self, seed: u64) -> Vec<Vec<f64>> {
        match self.strategy {
            Strategy::Grid => {
                let n = self.grid_side().unwrap_or(1);
                let at = |i: usize| if n == 1 { 0.5 } else { i as f64 / (n - 1) as f64 };
                (0..self.trials)
                    .map(|t| {
                        let mut rest = t;
                        self.params
                            .iter()
                            .map(|p| {
                                let i = rest % n;
                                rest /= n;
                                p.value_at(at(i))
                            })
                            .collect()
                    })
                    .collect()
            }
            Strategy::Random => {
                let mut rng = Rng::new(seed ^ DRAW_SALT);
                (0..self.trials).map(|_| self.params.iter().map(|p| p.value_at(rng.uniform())).collect()).collect()
            }
        }
    }
}

/// Refuse an empty, too long or repeated list of ranges.
pub fn check_ranges(params: &[ParamRange]) -> Result<()> {
    if params.is_empty() || params.len() > MAX_PARAMS {
        let args = [("max", MAX_PARAMS.to_string())];
        return Err(ConfigError::rule_with("param", "param_count", &args, "give from one to three parameter ranges"));
    }
    for (i, p) in params.iter().enumerate() {
        if params[..i].iter().any(|q| q.name == p.name) {
            let args = [("name", p.name.to_string())];
            return Err(ConfigError::rule_with("param", "twice", &args, format!("lists {:?} twice", p.name)));
        }
    }
    Ok(())
}

/// One finished trial. Accuracies and losses are the last finished epoch's (`None` when it
/// stopped before one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialResult {
    /// `(name, value)` in the plan's order.
    pub params: Vec<(String, f64)>,
    pub seed: u64,
    pub train_acc: Option<f64>,
    pub val_acc: Option<f64>,
    pub train_loss: Option<f64>,
    pub val_loss: Option<f64>,
    /// Epochs finished.
    pub epochs: usize,
    /// Stopped early: a loss above 3× the initial one, or not finite.
    pub exploded: bool,
}

impl TrialResult {
    /// `[epochs, exploded, train_acc, val_acc, train_loss, val_loss]` (NaN: none), as a worker
    /// sends a trial to the page's scene.
    pub fn numbers(&self) -> [f64; 6] {
        let n = |v: Option<f64>| v.unwrap_or(f64::NAN);
        let exploded = if self.exploded { 1.0 } else { 0.0 };
        [self.epochs as f64, exploded, n(self.train_acc), n(self.val_acc), n(self.train_loss), n(self.val_loss)]
    }
}

/// The trainer config of one trial: `base` with each parameter set through the trainer's field
/// table (counts rounded), so a value out of the trainer's range is refused as a link would be.
pub fn trial_config(base: &TrainerConfig, params: &[ParamRange], values: &[f64]) -> Result<TrainerConfig> {
    let mut hash = fields::to_hash(base);
    for (p, &v) in params.iter().zip(values) {
        hash.push_str(&format!("&{}={}", p.key(), p.text(v)));
    }
    fields::from_hash(&hash)
}

/// Train `config` for its epochs as `gradscope train` does, stopping at once when a minibatch
/// loss is not finite or exceeds [`EXPLODE_FACTOR`] × the initial loss.
pub fn run_trial(config: TrainerConfig, params: &[ParamRange], digits: Option<Arc<Digits>>) -> Result<TrialResult> {
    let mut trial = TrialRun::new(config, digits)?;
    trial.advance(usize::MAX);
    Ok(trial.result(params))
}

/// A trial in progress, advanced a bounded number of minibatches at a time (a page worker
/// returns between chunks, so a newer search need not wait for a long trial).
pub struct TrialRun {
    trainer: Trainer,
    limit: f64,
    exploded: bool,
}

impl TrialRun {
    pub fn new(config: TrainerConfig, digits: Option<Arc<Digits>>) -> Result<Self> {
        let trainer = Trainer::with_digits(config, digits)?;
        let limit = EXPLODE_FACTOR * trainer.sanity().initial_loss;
        Ok(Self { trainer, limit, exploded: false })
    }

    /// Up to `steps` minibatches; whether the trial is over (all epochs, or exploded).
    pub fn advance(&mut self, steps: usize) -> bool {
        let epochs = self.trainer.config().epochs;
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            self.trainer.step(1);
            let loss = self.trainer.last_loss();
            if self.trainer.diverged_at().is_some() || !loss.is_finite() || loss > self.limit {
                self.exploded = true;
            }
        }
        self.exploded || self.trainer.history().len() >= epochs
    }

    fn finished(&self) -> bool {
        self.exploded || self.trainer.history().len() >= self.trainer.config().epochs
    }

    /// The numbers so far, with `params` read from the trial's config.
    pub fn result(&self, params: &[ParamRange]) -> TrialResult {
        let config = self.trainer.config();
        let last = self.trainer.history().last();
        TrialResult {
            params: params.iter().map(|p| (p.name.to_string(), p.read(config))).collect(),
            seed: config.seed,
            train_acc: last.map(|r| r.train_acc),
            val_acc: last.map(|r| r.val_acc),
            train_loss: last.map(|r| r.train_loss),
            val_loss: last.map(|r| r.val_loss),
            epochs: self.trainer.history().len(),
            exploded: self.exploded,
        }
    }
}

/// The trial with the best validation accuracy (ties: the lower validation loss; exploded trials
/// never win), if any finished an epoch.
pub fn best(results: &[TrialResult]) -> Option<usize> {
    best_of(results.iter().enumerate())
}

/// [`best`] over `(index, trial)` pairs: the index of the best one (the first on a full tie).
pub fn best_of<'a>(results: impl IntoIterator<Item = (usize, &'a TrialResult)>) -> Option<usize> {
    let score = |r: &TrialResult| Some((r.val_acc?, -r.val_loss?)).filter(|_| !r.exploded);
    results
        .into_iter()
        .filter_map(|(i, r)| Some((i, score(r)?)))
        .max_by(|(i, a), (j, b)| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal).then(j.cmp(i)))
        .map(|(i, _)| i)
}

/// The parameters whose best value sits in the outer tenth of its range (on its scale): the
/// notes' warning that the optimum may lie outside what was searched.
pub fn at_edge(params: &[ParamRange], best: &TrialResult) -> Vec<&'static str> {
    params
        .iter()
        .zip(&best.params)
        .filter(|(p, (_, v))| {
            let u = p.position(*v);
            !(0.1..=0.9).contains(&u)
        })
        .map(|(p, _)| p.name)
        .collect()
}
