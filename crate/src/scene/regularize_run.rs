//! A running or finished comparison of the regularization scene: its trainings (one per method,
//! K for the ensemble), what a worker sends back for each, and every method's result once all
//! its trainings are in — an ensemble averages its members' (or snapshots') probabilities.

use super::regularize::RegularizeConfig;
use crate::data::Digits;
use crate::ensemble::{average, MemberRun, Score};
use crate::error::Result;
use crate::nn::mlp::Mode;
use crate::scene::trainer::Trainer;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub use crate::ensemble::Snapshot;

/// Side of each method's decision grid.
pub const GRID: usize = 48;

/// What a worker sends back for one training.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunOutput {
    /// Per epoch: [train loss, validation loss, train accuracy, validation accuracy].
    pub history: Vec<[f64; 4]>,
    /// Early stopping's best epoch (its weights are the ones tested).
    pub best_epoch: Option<usize>,
    pub diverged_at: Option<u64>,
    /// The final network's predictions; a snapshot run's, one per cycle.
    pub snapshots: Vec<Snapshot>,
    /// The final network tested without its test-time correction (methods that have one).
    pub uncorrected: Option<Snapshot>,
}

/// One training of a comparison, in a worker.
pub struct JobRun {
    run: MemberRun,
    correction: bool,
}

impl JobRun {
    /// Training `job` of `config` (see [`RegularizeConfig::jobs`]).
    pub fn new(config: &RegularizeConfig, job: usize, digits: Option<Arc<Digits>>) -> Result<Self> {
        let jobs = config.jobs();
        let (method, member) = *jobs
            .get(job)
            .ok_or_else(|| crate::error::ConfigError::count("job", &job.to_string(), 0, jobs.len() as u64))?;
        let cfg = config.method_config(method)?;
        let run = MemberRun::new(cfg, digits, member, config.cycles_of(method))?.with_grid(GRID);
        Ok(Self { run, correction: config.has_test_correction(method) })
    }

    /// Up to `steps` minibatches; whether the training is over.
    pub fn advance(&mut self, steps: usize) -> bool {
        self.run.advance(steps)
    }

    /// Epochs finished.
    pub fn epochs(&self) -> usize {
        self.run.trainer().history().len()
    }

    /// The finished training's output.
    pub fn finish(mut self) -> RunOutput {
        let snapshots = self.run.finish();
        let uncorrected = self.correction.then(|| self.run.capture(Mode::Uncorrected));
        let t = self.run.trainer();
        RunOutput {
            history: t.history().iter().map(|r| [r.train_loss, r.val_loss, r.train_acc, r.val_acc]).collect(),
            best_epoch: t.best_epoch(),
            diverged_at: t.diverged_at(),
            snapshots,
            uncorrected,
        }
    }
}

/// One method's result, as tested (with or without the test-time correction).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodResult {
    pub method: String,
    pub strength: String,
    /// The first member's history.
    pub history: Vec<[f64; 4]>,
    pub best_epoch: Option<usize>,
    pub diverged_at: Option<u64>,
    pub train: Score,
    pub val: Score,
    /// Ensembles: each member's (or snapshot's) validation score; empty otherwise.
    pub members: Vec<Score>,
    /// Averaged decision-grid probabilities (2D data).
    pub grid: Vec<f32>,
    /// Validation accuracy per class.
    pub per_class: Vec<f64>,
    /// Whether this result is the uncorrected evaluation.
    pub uncorrected: bool,
}

/// A comparison: the shared data (for drawing) and the trainings' outputs as they arrive.
pub struct RegularizeRun {
    config: RegularizeConfig,
    base: Trainer,
    jobs: Vec<(usize, u64)>,
    outputs: Vec<Option<RunOutput>>,
    /// Each method's result, recomputed when an output arrives or the evaluation switches
    /// (drawing reads it every frame).
    results: Vec<Option<MethodResult>>,
}

impl RegularizeRun {
    /// Plan `config`'s trainings; the base trainer holds the data every method shares.
    pub fn new(config: RegularizeConfig, digits: Option<Arc<Digits>>) -> Result<Self> {
        crate::fields::validate(&config)?;
        let base = Trainer::with_digits(config.base(), digits)?;
        let jobs = config.jobs();
        Ok(Self { outputs: vec![None; jobs.len()], results: vec![None; config.methods.len()], jobs, config, base })
    }

    pub fn config(&self) -> &RegularizeConfig {
        &self.config
    }

    /// The untrained base network's trainer: splits, preprocessing, plot bounds.
    pub fn base(&self) -> &Trainer {
        &self.base
    }

    /// Show the results with or without the test-time corrections (nothing retrains).
    pub fn set_uncorrected(&mut self, on: bool) {
        self.config.uncorrected = on;
        self.results = (0..self.config.methods.len()).map(|m| self.result(m)).collect();
    }

    /// Trainings in all.
    pub fn job_count(&self) -> usize {
        self.jobs.len()
    }

    /// Trainings whose output arrived.
    pub fn done(&self) -> usize {
        self.outputs.iter().filter(|o| o.is_some()).count()
    }

    /// Store training `job`'s output (an unknown job is ignored: a stale answer).
    pub fn accept(&mut self, job: usize, output: RunOutput) {
        if let Some(slot) = self.outputs.get_mut(job) {
            *slot = Some(output);
            let m = self.jobs[job].0;
            self.results[m] = self.result(m);
        }
    }

    /// Method `m`'s result once all its trainings are in.
    fn result(&self, m: usize) -> Option<MethodResult> {
        let outputs: Vec<&RunOutput> = self
            .jobs
            .iter()
            .zip(&self.outputs)
            .filter(|((method, _), _)| *method == m)
            .map(|(_, o)| o.as_ref())
            .collect::<Option<_>>()?;
        let first = outputs.first()?;
        let uncorrected = self.config.uncorrected && self.config.has_test_correction(m);
        let tested: Vec<&Snapshot> = outputs
            .iter()
            .flat_map(|o| match (&o.uncorrected, uncorrected) {
                (Some(raw), true) => vec![raw],
                _ => o.snapshots.iter().collect(),
            })
            .collect();
        let (train_y, val_y) = (&self.base.splits().0.y, &self.base.splits().1.y);
        let classes = self.base.config().effective_classes();
        let mean =
            |pick: fn(&Snapshot) -> &Vec<f64>| average(&tested.iter().map(|s| pick(s).clone()).collect::<Vec<_>>());
        let val_probs = mean(|s| &s.val);
        let ensemble = tested.len() > 1;
        Some(MethodResult {
            method: self.config.methods[m].clone(),
            strength: self.config.strength(m),
            history: first.history.clone(),
            best_epoch: first.best_epoch,
            diverged_at: outputs.iter().find_map(|o| o.diverged_at),
            train: Score::of(&mean(|s| &s.train), train_y, classes),
            val: Score::of(&val_probs, val_y, classes),
            members: if ensemble {
                tested.iter().map(|s| Score::of(&s.val, val_y, classes)).collect()
            } else {
                Vec::new()
            },
            grid: average_grids(&tested),
            per_class: per_class_accuracy(&val_probs, val_y, classes),
            uncorrected,
        })
    }

    /// Every shown method's result (`None` while it trains).
    pub fn results(&self) -> &[Option<MethodResult>] {
        &self.results
    }

    /// Every shown method's name with its result, for drawing.
    pub fn shown(&self) -> Vec<(&str, Option<&MethodResult>)> {
        self.config.methods.iter().map(String::as_str).zip(self.results.iter().map(Option::as_ref)).collect()
    }
}

fn average_grids(snapshots: &[&Snapshot]) -> Vec<f32> {
    let Some(first) = snapshots.first() else { return Vec::new() };
    let k = snapshots.len() as f32;
    (0..first.grid.len()).map(|i| snapshots.iter().map(|s| s.grid[i]).sum::<f32>() / k).collect()
}

/// Share of each class's validation examples whose most probable class is right.
fn per_class_accuracy(probs: &[f64], labels: &[usize], classes: usize) -> Vec<f64> {
    let (mut right, mut count) = (vec![0usize; classes], vec![0usize; classes]);
    for (p, &y) in probs.chunks_exact(classes).zip(labels) {
        count[y] += 1;
        right[y] += usize::from(crate::stats::argmax(p) == y);
    }
    right.iter().zip(&count).map(|(&r, &n)| if n == 0 { 0.0 } else { r as f64 / n as f64 }).collect()
}
