//! What the trainer reports (CS231n lecture 6, "Babysitting the learning process"): per-epoch
//! history, the initial-loss sanity check, a bounded per-step loss curve, the decision-boundary
//! grid, digit predictions, and the loss-curve pattern labels a teacher points at.

use serde::{Deserialize, Serialize};

/// One finished epoch. Losses are data losses (cross-entropy without the L2 term) of eval-mode
/// passes (batch norm with running statistics, no dropout) over the whole split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochRecord {
    /// Epochs finished (1-based).
    pub epoch: usize,
    /// Learning rate used during this epoch.
    pub lr: f64,
    /// Mean cross-entropy on the training split.
    pub train_loss: f64,
    /// Accuracy on the training split.
    pub train_acc: f64,
    /// Mean cross-entropy on the validation split.
    pub val_loss: f64,
    /// Accuracy on the validation split.
    pub val_acc: f64,
    /// With batch norm: validation accuracy when batch norm uses each batch's own statistics
    /// (train-mode normalization, no dropout) instead of the running ones — the difference the
    /// lecture warns about. `None` without batch norm.
    pub val_acc_batch_stats: Option<f64>,
    /// ‖ΔW‖/‖W‖ of the epoch's last step, per affine layer (hidden layers, then the classifier).
    pub update_to_weight_ratio: Vec<f64>,
    /// Dead units per hidden layer (0 for every probe example).
    pub dead_fraction: Vec<f64>,
    /// Saturated activations per hidden layer (`None` for non-saturating activations).
    pub saturated_fraction: Vec<Option<f64>>,
}

/// The lecture's first check: with small weights the initial loss is ≈ ln C.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SanityCheck {
    /// Data loss on the training split before any step.
    pub initial_loss: f64,
    /// ln C for C classes.
    pub expected_loss: f64,
    /// |initial/expected − 1| ≤ 25 % (a larger gap says the init or the regularization is off).
    pub looks_right: bool,
}

impl SanityCheck {
    /// Compare `initial_loss` with ln `classes`.
    pub fn new(initial_loss: f64, classes: usize) -> Self {
        let expected_loss = (classes as f64).ln();
        Self { initial_loss, expected_loss, looks_right: (initial_loss / expected_loss - 1.0).abs() <= 0.25 }
    }
}

/// A shape of the loss curve worth naming in class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Loss exploded: training diverged (non-finite), or the train loss rose above 1.5× the
    /// initial loss.
    LrTooHigh,
    /// After ≥ 5 epochs the train loss is still within 5 % of the initial loss.
    LrTooLow,
    /// Bad init: the first ≥ 3 epochs stay within 2 % of the initial loss, then the loss falls
    /// below 80 % of it.
    PlateauThenDrop,
    /// Over the last 5 epochs the train loss fell while val − train loss grew by ≥ 0.05 to
    /// above 0.1.
    Overfitting,
}

impl Pattern {
    /// Stable identifier (serde name; the page's label key is `pattern_<name>`).
    pub const fn name(self) -> &'static str {
        match self {
            Pattern::LrTooHigh => "lr_too_high",
            Pattern::LrTooLow => "lr_too_low",
            Pattern::PlateauThenDrop => "plateau_then_drop",
            Pattern::Overfitting => "overfitting",
        }
    }
}

/// Epochs before "too low" and "overfitting" may fire.
pub const PATTERN_WINDOW: usize = 5;

/// Label the history with the [`Pattern`]s whose (documented) heuristic holds.
pub fn patterns(history: &[EpochRecord], initial_loss: f64, diverged: bool) -> Vec<Pattern> {
    let mut found = Vec::new();
    let train: Vec<f64> = history.iter().map(|r| r.train_loss).collect();
    let exploded = train.iter().any(|&l| !l.is_finite() || l > 1.5 * initial_loss);
    if diverged || exploded {
        found.push(Pattern::LrTooHigh);
        return found;
    }
    let near_start = |l: f64, tol: f64| (l - initial_loss).abs() <= tol * initial_loss;
    if train.len() >= PATTERN_WINDOW && train.iter().all(|&l| near_start(l, 0.05)) {
        found.push(Pattern::LrTooLow);
    }
    let plateau = train.iter().take_while(|&&l| near_start(l, 0.02)).count();
    if plateau >= 3 && train[plateau..].iter().any(|&l| l < 0.8 * initial_loss) {
        found.push(Pattern::PlateauThenDrop);
    }
    if history.len() >= PATTERN_WINDOW {
        let (then, now) = (&history[history.len() - PATTERN_WINDOW], &history[history.len() - 1]);
        let gap = |r: &EpochRecord| r.val_loss - r.train_loss;
        if now.train_loss < then.train_loss && gap(now) > 0.1 && gap(now) >= gap(then) + 0.05 {
            found.push(Pattern::Overfitting);
        }
    }
    found
}

/// Most per-step losses kept; beyond it pairs are averaged and the stride doubles.
pub const LOSS_CURVE_POINTS: usize = 2048;

/// Per-step training loss (data + L2), in bounded memory: each value is the mean of `stride`
/// consecutive steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LossCurve {
    /// Mean loss of each group of `stride` steps.
    pub values: Vec<f64>,
    /// Steps per value (a power of two).
    pub stride: usize,
    #[serde(skip)]
    pending: (f64, usize),
}

impl Default for LossCurve {
    fn default() -> Self {
        Self { values: Vec::with_capacity(LOSS_CURVE_POINTS), stride: 1, pending: (0.0, 0) }
    }
}

impl LossCurve {
    /// Record one step's loss.
    pub fn push(&mut self, loss: f64) {
        self.pending = (self.pending.0 + loss, self.pending.1 + 1);
        if self.pending.1 < self.stride {
            return;
        }
        self.values.push(self.pending.0 / self.stride as f64);
        self.pending = (0.0, 0);
        if self.values.len() == LOSS_CURVE_POINTS {
            for i in 0..LOSS_CURVE_POINTS / 2 {
                self.values[i] = 0.5 * (self.values[2 * i] + self.values[2 * i + 1]);
            }
            self.values.truncate(LOSS_CURVE_POINTS / 2);
            self.stride *= 2;
        }
    }
}

/// Class probabilities on a G×G grid over the data's bounding box (2D datasets). Cell (i, j)
/// is row i from the bottom (y) and column j from the left (x), stored at index i·G + j.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionGrid {
    /// G.
    pub size: usize,
    /// Classes C.
    pub classes: usize,
    /// [x_min, x_max] of the grid in data coordinates (before preprocessing).
    pub x_range: [f64; 2],
    /// [y_min, y_max].
    pub y_range: [f64; 2],
    /// G·G·C probabilities, cell-major.
    pub probs: Vec<f32>,
    /// Most probable class per cell.
    pub best: Vec<u8>,
    /// Probability of that class per cell.
    pub confidence: Vec<f32>,
}

impl DecisionGrid {
    /// A grid of `size`×`size` cells from its probabilities (an ensemble's average), with each
    /// cell's most probable class and that probability; the ranges are the plot bounds.
    pub fn from_probs(size: usize, classes: usize, [x0, x1, y0, y1]: [f64; 4], probs: Vec<f32>) -> Self {
        let (best, confidence) = probs
            .chunks_exact(classes.max(1))
            .map(|p| {
                let k = (0..p.len()).fold(0, |b, c| if p[c] > p[b] { c } else { b });
                (k as u8, p[k])
            })
            .unzip();
        Self { size, classes, x_range: [x0, x1], y_range: [y0, y1], probs, best, confidence }
    }
}

/// The network's answer for one validation example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prediction {
    /// Index in the validation split.
    pub index: usize,
    /// True class.
    pub label: usize,
    /// Most probable class.
    pub predicted: usize,
    /// Class probabilities.
    pub probs: Vec<f64>,
    /// Raw features (digits: 64 pixels 0..=16, row-major 8×8).
    pub features: Vec<f64>,
}

/// Everything the page's read-outs show, after any number of steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainerSnapshot {
    /// Optimizer steps taken.
    pub steps: u64,
    /// Epochs finished.
    pub epochs: usize,
    /// Training examples processed (counting repeats).
    pub examples_seen: u64,
    /// Learning rate in effect now.
    pub lr: f64,
    /// Step (1-based) at which the loss or an update became non-finite; training stopped there.
    pub diverged_at: Option<u64>,
    /// Initial loss vs ln C.
    pub sanity: SanityCheck,
    /// Examples in the training split (20 in tiny mode) and the validation split.
    pub train_size: usize,
    /// Examples in the validation split.
    pub val_size: usize,
    /// One record per finished epoch.
    pub history: Vec<EpochRecord>,
    /// Per-step loss curve.
    pub loss_curve: LossCurve,
    /// ‖ΔW‖/‖W‖ of the last step per affine layer.
    pub update_to_weight_ratio: Vec<f64>,
    /// Loss-curve patterns that currently hold.
    pub patterns: Vec<Pattern>,
    /// With early stopping: the epoch with the lowest validation loss so far.
    pub best_epoch: Option<usize>,
    /// The epoch early stopping ended training at.
    pub stopped_early: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn pattern_names_are_their_serde_names() {
        for p in [Pattern::LrTooHigh, Pattern::LrTooLow, Pattern::PlateauThenDrop, Pattern::Overfitting] {
            assert_eq!(serde_json::to_value(p).unwrap(), p.name());
        }
    }
}
