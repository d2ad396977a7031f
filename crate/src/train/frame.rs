//! What the page draws of a trainer, as data: the trainer lives in a Web Worker and sends a
//! [`TrainerFrame`] per animation frame (and a [`TrainerScenery`] after each rebuild); the main
//! thread draws them without a network of its own.

use super::{Prediction, Trainer, TrainerSnapshot};
use crate::data::{Dataset, Standardizer};
use crate::nn::ActivationStats;
use serde::{Deserialize, Serialize};

/// Validation digits shown with their predicted labels.
pub const DIGIT_SAMPLES: usize = 24;
/// Histogram bins of the per-layer activation histograms.
pub const BINS: usize = 30;

/// The read-outs at one moment. The costlier parts (a forward pass each) come only when asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainerFrame {
    /// Counters, history, sanity check, loss curve, patterns.
    pub snapshot: TrainerSnapshot,
    /// The epoch index of the first history record carried: a worker sends only the records
    /// the page's view lacks (0: the whole history).
    pub history_from: usize,
    /// Per-hidden-layer activation statistics on the probe batch.
    pub layer_stats: Option<Vec<ActivationStats>>,
    /// Digits: sample validation predictions.
    pub predictions: Option<Vec<Prediction>>,
    /// Digits: the validation confusion matrix (true class × predicted class).
    pub confusion: Option<Vec<Vec<u32>>>,
}

/// What stays until the next rebuild: the data the decision-boundary plot draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainerScenery {
    /// [x_min, x_max, y_min, y_max] of a 2D dataset (zeros for the digits).
    pub bounds: [f64; 4],
    /// Preprocessed splits (empty for the digits, which have no decision plot).
    pub train: Dataset,
    pub val: Dataset,
    /// The preprocessing fitted on the training split.
    pub standardizer: Standardizer,
}

impl Trainer {
    /// The read-outs now; `full` adds the layer statistics and, for the digits, the
    /// predictions and the confusion matrix.
    pub fn frame(&mut self, full: bool) -> TrainerFrame {
        self.frame_since(full, 0)
    }

    /// [`Self::frame`] carrying the history from epoch index `from` on (clamped to its length).
    pub fn frame_since(&mut self, full: bool, from: usize) -> TrainerFrame {
        let planar = self.splits().0.features == 2;
        let layer_stats = full.then(|| self.layer_stats(BINS).unwrap_or_default());
        let (predictions, confusion) = if full && !planar {
            (Some(self.predictions(DIGIT_SAMPLES)), Some(self.confusion_matrix()))
        } else {
            (None, None)
        };
        let history_from = from.min(self.history().len());
        TrainerFrame { snapshot: self.snapshot_since(history_from), history_from, layer_stats, predictions, confusion }
    }

    /// The decision plot's data (empty splits for the digits).
    pub fn scenery(&self) -> TrainerScenery {
        let (train, val) = self.splits();
        let keep = |d: &Dataset| {
            if d.features == 2 {
                d.clone()
            } else {
                Dataset { x: Vec::new(), y: Vec::new(), ..d.clone() }
            }
        };
        TrainerScenery {
            bounds: self.bounds(),
            train: keep(train),
            val: keep(val),
            standardizer: self.standardizer().clone(),
        }
    }
}
