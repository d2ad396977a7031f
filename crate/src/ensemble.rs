//! Model ensembles (CS231n lecture 7, "Model ensembles"): train several models and average
//! their predicted class probabilities at test time — independent nets from different initial
//! weights (about +2 % in the lecture), or the snapshots of one run whose learning rate
//! restarts on a cosine every cycle (Huang et al. 2017, "Snapshot ensembles: train 1, get M
//! for free"). A [`MemberRun`] trains one member (or the snapshot run) a bounded number of
//! minibatches at a time, so page workers can return between chunks.

use crate::data::Digits;
use crate::error::{check_count, ConfigError, Result};
use crate::nn::mlp::Mode;
use crate::train::{DecisionGrid, Trainer, TrainerConfig};
use serde::Serialize;
use std::sync::Arc;

/// Members an ensemble may have (independent nets or snapshots).
pub const MAX_MEMBERS: usize = 10;

/// Validation accuracy and mean cross-entropy of a set of predicted probabilities.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Score {
    pub val_acc: f64,
    pub val_loss: f64,
}

impl Score {
    /// Score `probs` (rows × classes) against `labels`: accuracy of the argmax, mean −ln p(y)
    /// (p floored at 1e-300 so a confident mistake is large, not infinite).
    pub fn of(probs: &[f64], labels: &[usize], classes: usize) -> Self {
        let rows = probs.chunks_exact(classes).zip(labels);
        let (mut loss, mut correct) = (0.0, 0usize);
        for (p, &y) in rows {
            loss -= p[y].max(1e-300).ln();
            correct += usize::from(crate::stats::argmax(p) == y);
        }
        let n = labels.len().max(1) as f64;
        Self { val_acc: correct as f64 / n, val_loss: loss / n }
    }
}

/// The elementwise mean of the members' probabilities (each row still sums to 1).
pub fn average(members: &[Vec<f64>]) -> Vec<f64> {
    let Some(first) = members.first() else { return Vec::new() };
    let k = members.len() as f64;
    (0..first.len()).map(|i| members.iter().map(|m| m[i]).sum::<f64>() / k).collect()
}

/// Each member's score and the averaged ensemble's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnsembleScores {
    pub members: Vec<Score>,
    pub ensemble: Score,
}

impl EnsembleScores {
    /// Score every member's probabilities and their average against `labels`.
    pub fn of(members: &[Vec<f64>], labels: &[usize], classes: usize) -> Self {
        Self {
            members: members.iter().map(|p| Score::of(p, labels, classes)).collect(),
            ensemble: Score::of(&average(members), labels, classes),
        }
    }
}

/// Refuse an ensemble size outside 1…10.
pub fn check_members(field: &str, k: usize) -> Result<usize> {
    check_count(field, k, 1, MAX_MEMBERS)
}

/// Refuse snapshot cycles outside 1…10 or longer than the run, and early stopping with them
/// (a snapshot ensemble needs whole cycles).
pub fn check_cycles(field: &str, cycles: usize, cfg: &TrainerConfig) -> Result<usize> {
    check_count(field, cycles, 1, MAX_MEMBERS.min(cfg.epochs))?;
    if cfg.early_stopping > 0 {
        let why = "a snapshot ensemble trains whole cycles; choose early stopping or a snapshot ensemble";
        return Err(ConfigError::rule(field, "snapshot_early_stopping", why));
    }
    Ok(cycles)
}

/// What a trained member (or one snapshot) predicts: class probabilities of every training
/// and validation example, and on the decision grid (2D data with a grid asked for).
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub train: Vec<f64>,
    pub val: Vec<f64>,
    /// G·G·C probabilities, as [`DecisionGrid::probs`].
    pub grid: Vec<f32>,
}

/// One member in training: an independent net, or the snapshot run (which keeps the
/// predictions at the end of every cycle).
pub struct MemberRun {
    trainer: Trainer,
    /// Epochs per cycle of a snapshot run.
    cycle: Option<usize>,
    epochs: usize,
    /// Side of the decision grid each snapshot keeps (2D data; 0 = none).
    grid: usize,
    snapshots: Vec<Snapshot>,
}

impl MemberRun {
    /// Member `member` of `cfg` (see [`Trainer::member`]); with `cycles`, the snapshot run:
    /// ⌊epochs / cycles⌋ epochs per cosine cycle, `cycles` snapshots.
    pub fn new(cfg: TrainerConfig, digits: Option<Arc<Digits>>, member: u64, cycles: Option<usize>) -> Result<Self> {
        let cycle = match cycles {
            Some(c) => Some(cfg.epochs / check_cycles("snapshotEnsemble", c, &cfg)?),
            None => None,
        };
        let epochs = cycle.zip(cycles).map_or(cfg.epochs, |(len, c)| len * c);
        let mut trainer = Trainer::member(cfg, digits, member)?;
        trainer.set_restart_cycle(cycle);
        Ok(Self { trainer, cycle, epochs, grid: 0, snapshots: Vec::new() })
    }

    /// Also keep the decision grid of side `size` (2D data only; ignored otherwise).
    pub fn with_grid(mut self, size: usize) -> Self {
        self.grid = if self.trainer.splits().0.features == 2 { size } else { 0 };
        self
    }

    /// Up to `steps` minibatches; whether the run is over (its epochs, divergence, early stop).
    pub fn advance(&mut self, steps: usize) -> bool {
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            let before = self.trainer.history().len();
            self.trainer.step(1);
            let epochs = self.trainer.history().len();
            if self.cycle.is_some_and(|c| epochs > before && epochs.is_multiple_of(c)) {
                let snapshot = self.capture(Mode::Eval);
                self.snapshots.push(snapshot);
            }
        }
        self.finished()
    }

    fn finished(&self) -> bool {
        !self.trainer.running() || self.trainer.history().len() >= self.epochs
    }

    /// The run so far.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The predictions of the current network in a test-time `mode`.
    pub fn capture(&mut self, mode: Mode) -> Snapshot {
        let mut grid = DecisionGrid::default();
        if self.grid > 0 {
            // A 2D set and a size in range (`with_grid` checked both).
            let _ = self.trainer.decision_grid_in(self.grid, mode, &mut grid);
        }
        Snapshot { train: self.trainer.probs_in(true, mode), val: self.trainer.probs_in(false, mode), grid: grid.probs }
    }

    /// The finished run's predictions: the snapshots' (a snapshot run), else the final net's
    /// after restoring the best epoch's weights when early stopping is on.
    pub fn finish(&mut self) -> Vec<Snapshot> {
        if self.cycle.is_some() {
            return std::mem::take(&mut self.snapshots);
        }
        self.trainer.restore_best();
        vec![self.capture(Mode::Eval)]
    }

    /// The trainer, for reading the final network (after [`finish`](Self::finish)).
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }
}
