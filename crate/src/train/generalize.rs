//! The trainer's helpers against overfitting that act on the run rather than the network:
//! input-noise augmentation (each minibatch's inputs jittered), early stopping (the lecture:
//! keep the snapshot that worked best on the validation set — the highest validation accuracy,
//! ties to the lower validation loss — and stop after `patience` epochs without a better one), warm restarts for snapshot ensembles, and the validation
//! probabilities an ensemble averages.

use super::evaluation::evaluate;
use super::Trainer;
use crate::nn::mlp::Mode;
use crate::nn::Mlp;

/// The best epoch so far and a copy of the network as it was then.
#[derive(Clone, Debug, Default)]
pub(super) struct EarlyStop {
    /// 1-based epoch with the lowest validation loss.
    best_epoch: Option<usize>,
    /// (validation accuracy, −validation loss) of the best epoch: compared as a pair.
    best_score: (f64, f64),
    /// The whole network (weights, normalization statistics) at the best epoch.
    best_net: Option<Box<Mlp>>,
}

impl Trainer {
    /// Add N(0, S²) to every input of the minibatch (a fresh draw each time an example is seen).
    pub(super) fn augment_batch(&mut self) {
        let s = if self.cfg.tiny { 0.0 } else { self.cfg.augment_noise };
        if s > 0.0 {
            self.batch_x.iter_mut().for_each(|x| *x += s * self.rng.normal());
        }
    }

    /// After an epoch's record: remember the network when it is the best on validation yet.
    pub(super) fn watch_validation(&mut self) {
        if self.cfg.early_stopping == 0 {
            return;
        }
        let Some(last) = self.history.last() else { return };
        let score = (last.val_acc, -last.val_loss);
        if self.early.best_epoch.is_none() || score > self.early.best_score {
            self.early.best_epoch = Some(last.epoch);
            self.early.best_score = score;
            self.early.best_net = Some(Box::new(self.net.clone()));
        }
    }

    /// Whether training goes on: not diverged, and not stopped early.
    pub fn running(&self) -> bool {
        self.diverged_at.is_none() && self.stopped_early().is_none()
    }

    /// The epoch early stopping ended training at (patience epochs after the best one).
    pub fn stopped_early(&self) -> Option<usize> {
        let best = self.best_epoch()?;
        let patience = self.cfg.early_stopping;
        (patience > 0 && self.history.len() >= best + patience).then_some(self.history.len())
    }

    /// With early stopping on: the best epoch (1-based) so far.
    pub fn best_epoch(&self) -> Option<usize> {
        if self.cfg.early_stopping == 0 {
            None
        } else {
            self.early.best_epoch
        }
    }

    /// "Restore best weights": put the best epoch's network back (its validation loss is then
    /// the best epoch's again). False when there is none.
    pub fn restore_best(&mut self) -> bool {
        match (self.best_epoch(), &self.early.best_net) {
            (Some(_), Some(best)) => {
                self.net = (**best).clone();
                true
            }
            _ => false,
        }
    }

    /// Warm restarts (SGDR, the snapshot ensemble's schedule): from now on the learning rate
    /// follows a cosine from the base rate to 0 over every `cycle` epochs; `None` goes back to
    /// the config's schedule.
    pub fn set_restart_cycle(&mut self, cycle: Option<usize>) {
        self.restart_cycle = cycle.map(|c| c.max(1));
    }

    /// Eval-mode (data loss, accuracy) on the validation split with the current weights, in
    /// `mode` (Eval, or `Uncorrected` to see training's scaling at test time).
    pub fn validation(&mut self, mode: Mode) -> (f64, f64) {
        evaluate(&mut self.net, &self.val, mode, |_, _| {})
    }

    /// Class probabilities of every training (`training`) or validation example in `mode`
    /// (rows × classes, in split order).
    pub fn probs_in(&mut self, training: bool, mode: Mode) -> Vec<f64> {
        let data = if training { &self.train } else { &self.val };
        let mut probs = Vec::with_capacity(data.len() * self.cfg.effective_classes());
        evaluate(&mut self.net, data, mode, |_, p| probs.extend_from_slice(p));
        probs
    }
}
