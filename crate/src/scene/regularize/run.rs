//! A running or finished comparison of the regularization scene: its trainings (one per method
//! and replicate, K for the ensemble), what a worker sends back for each, and every method's
//! result once its first replicate is in — an ensemble averages its members' (or snapshots')
//! probabilities; the replicates give each method's validation accuracy as a mean with a 95 %
//! interval, and its paired difference from no regularization.

use crate::data::Digits;
use crate::ensemble::{average, MemberRun, Score};
use crate::error::Result;
use crate::nn::mlp::Mode;
use crate::scene::regularize::{Job, RegularizeConfig};
use crate::spread::MeanInterval;
use crate::train::Trainer;
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
        let Job { method, member, replicate } = *jobs
            .get(job)
            .ok_or_else(|| crate::error::ConfigError::count("job", &job.to_string(), 0, jobs.len() as u64))?;
        let cfg = config.replicate_config(method, replicate)?;
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
    /// Validation accuracy of each replicate in so far (the first is the one drawn).
    pub val_by_seed: Vec<f64>,
    /// Training accuracy of the same replicates.
    pub train_by_seed: Vec<f64>,
    /// Their mean with its 95 % interval.
    pub val_mean: MeanInterval,
    /// The paired difference from no regularization over the replicates both have (when
    /// "none" is shown and this is another method).
    pub vs_none: Option<MeanInterval>,
    /// Ensembles: the averaged prediction's accuracy minus the mean member's, per replicate.
    pub gain_over_members: Option<MeanInterval>,
}

/// One replicate's labels: training and validation splits.
type Labels = (Vec<usize>, Vec<usize>);

/// A comparison: the shared data (for drawing) and the trainings' outputs as they arrive.
pub struct RegularizeRun {
    config: RegularizeConfig,
    base: Trainer,
    labels: Vec<Labels>,
    jobs: Vec<Job>,
    outputs: Vec<Option<RunOutput>>,
    /// Each method's result, recomputed when an output arrives or the evaluation switches
    /// (drawing reads it every frame).
    results: Vec<Option<MethodResult>>,
}

impl RegularizeRun {
    /// Plan `config`'s trainings; the base trainer holds the data every method shares.
    pub fn new(config: RegularizeConfig, digits: Option<Arc<Digits>>) -> Result<Self> {
        crate::fields::validate(&config)?;
        let base = Trainer::with_digits(config.base(), digits.clone())?;
        let mut labels = vec![(base.splits().0.y.clone(), base.splits().1.y.clone())];
        for r in 1..config.seeds {
            let other = Trainer::with_digits(config.replicate_base(r), digits.clone())?;
            labels.push((other.splits().0.y.clone(), other.splits().1.y.clone()));
        }
        let jobs = config.jobs();
        Ok(Self {
            outputs: vec![None; jobs.len()],
            results: vec![None; config.methods.len()],
            labels,
            jobs,
            config,
            base,
        })
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
            // Every method: a replicate of "none" changes the others' paired differences.
            self.results = (0..self.config.methods.len()).map(|m| self.result(m)).collect();
        }
    }

    /// The snapshots method `m` is tested with in replicate `r`, once all its trainings are in.
    fn tested(&self, m: usize, r: usize) -> Option<(Vec<&RunOutput>, Vec<&Snapshot>)> {
        let outputs: Vec<&RunOutput> = self
            .jobs
            .iter()
            .zip(&self.outputs)
            .filter(|(job, _)| job.method == m && job.replicate == r)
            .map(|(_, o)| o.as_ref())
            .collect::<Option<_>>()?;
        let uncorrected = self.config.uncorrected && self.config.has_test_correction(m);
        let tested = outputs
            .iter()
            .flat_map(|o| match (&o.uncorrected, uncorrected) {
                (Some(raw), true) => vec![raw],
                _ => o.snapshots.iter().collect(),
            })
            .collect();
        Some((outputs, tested))
    }

    /// Method `m`'s validation score in replicate `r` and its members' (ensembles).
    fn val_score(&self, m: usize, r: usize) -> Option<(Score, Vec<Score>)> {
        let (_, tested) = self.tested(m, r)?;
        let (val_y, classes) = (&self.labels[r].1, self.base.config().effective_classes());
        let probs = average(&tested.iter().map(|s| s.val.clone()).collect::<Vec<_>>());
        let members = if tested.len() > 1 {
            tested.iter().map(|s| Score::of(&s.val, val_y, classes)).collect()
        } else {
            Vec::new()
        };
        Some((Score::of(&probs, val_y, classes), members))
    }

    /// Method `m`'s training accuracy in replicate `r`.
    fn train_accuracy(&self, m: usize, r: usize) -> Option<f64> {
        let (_, tested) = self.tested(m, r)?;
        let probs = average(&tested.iter().map(|s| s.train.clone()).collect::<Vec<_>>());
        Some(Score::of(&probs, &self.labels[r].0, self.base.config().effective_classes()).val_acc)
    }

    /// Method `m`'s validation accuracy per replicate, `None` where not all in yet.
    fn val_by_seed(&self, m: usize) -> Vec<Option<f64>> {
        (0..self.config.seeds).map(|r| self.val_score(m, r).map(|(s, _)| s.val_acc)).collect()
    }

    /// Method `m`'s result once its first replicate is in.
    fn result(&self, m: usize) -> Option<MethodResult> {
        let (outputs, tested) = self.tested(m, 0)?;
        let first = outputs.first()?;
        let uncorrected = self.config.uncorrected && self.config.has_test_correction(m);
        let (train_y, val_y) = (&self.labels[0].0, &self.labels[0].1);
        let classes = self.base.config().effective_classes();
        let mean =
            |pick: fn(&Snapshot) -> &Vec<f64>| average(&tested.iter().map(|s| pick(s).clone()).collect::<Vec<_>>());
        let val_probs = mean(|s| &s.val);
        let ensemble = tested.len() > 1;
        let val_by_seed: Vec<f64> = self.val_by_seed(m).into_iter().flatten().collect();
        let train_by_seed: Vec<f64> = (0..val_by_seed.len()).filter_map(|r| self.train_accuracy(m, r)).collect();
        let none = self.config.methods.iter().position(|n| n == "none").filter(|&n| n != m);
        let vs_none = none.map(|n| {
            let pairs: Vec<(f64, f64)> =
                self.val_by_seed(m).into_iter().zip(self.val_by_seed(n)).filter_map(|(a, b)| Some((a?, b?))).collect();
            let (a, b): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            MeanInterval::of_differences(&a, &b)
        });
        let gains: Vec<f64> = (0..self.config.seeds)
            .filter_map(|r| self.val_score(m, r))
            .filter(|(_, members)| !members.is_empty())
            .map(|(s, members)| s.val_acc - members.iter().map(|x| x.val_acc).sum::<f64>() / members.len() as f64)
            .collect();
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
            val_mean: MeanInterval::of(&val_by_seed),
            val_by_seed,
            train_by_seed,
            vs_none,
            gain_over_members: (!gains.is_empty()).then(|| MeanInterval::of(&gains)),
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
