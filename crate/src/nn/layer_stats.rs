//! What the lecture plots per layer (CS231n lecture 6, activation and gradient histograms):
//! one call turns a layer's activations or weight gradient into the numbers and histogram
//! the page shows. Shared by the init experiment and the MLP trainer.

use super::activation::Activation;
use super::scalar::Scalar;
use crate::stats::{self, DeadUnits, Histogram, HistogramBuilder};
use serde::{Deserialize, Serialize};

/// Statistics of one layer's activations over a batch (batch × units, row-major).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationStats {
    /// Mean over all entries.
    pub mean: f64,
    /// Population std over all entries.
    pub std: f64,
    /// Share of entries exactly 0.
    pub zero_fraction: f64,
    /// Share of units that are 0 for every example in the batch.
    pub dead_fraction: f64,
    /// Share of saturated entries (tanh |a| > 0.99, sigmoid a < 0.01 or > 0.99); `None` for
    /// activations without saturating outputs.
    pub saturated_fraction: Option<f64>,
    /// Share of NaN/∞ entries (> 0 means the forward pass diverged here).
    pub non_finite_fraction: f64,
    /// Histogram on the activation's fixed [`output_range`](Activation::output_range);
    /// out-of-range values are clamped into the end bins (see [`Histogram`]).
    pub histogram: Histogram,
}

impl ActivationStats {
    /// Measure `acts` (rows × units) of a layer using `activation`, with `bins` histogram bins.
    pub fn measure<T: Scalar>(acts: &[T], rows: usize, units: usize, activation: Activation, bins: usize) -> Self {
        ActivationPartial::measure(acts, rows, units, activation, bins).finish()
    }
}

/// [`ActivationStats`] of one part of a batch, in a form the parts of a batch split across
/// workers add up exactly (counts) or to rounding (moments, combined as Chan et al.).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationPartial {
    /// Entries seen.
    pub count: f64,
    /// Their mean.
    pub mean: f64,
    /// Σ(a − mean)².
    pub m2: f64,
    pub zeros: f64,
    pub non_finite: f64,
    /// Saturated entries; `None` for activations without saturating outputs.
    pub saturated: Option<f64>,
    pub histogram: Histogram,
    pub dead: DeadUnits,
}

impl ActivationPartial {
    /// One fused pass (plus one for the variance): this runs on 500k values per layer.
    pub fn measure<T: Scalar>(acts: &[T], rows: usize, units: usize, activation: Activation, bins: usize) -> Self {
        assert_eq!(acts.len(), rows * units, "activation stats: shape mismatch");
        let (lo, hi) = activation.output_range();
        let band = activation.unsaturated_band();
        let (s_lo, s_hi) = band.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let mut histogram = HistogramBuilder::new(bins, lo, hi);
        let mut dead = DeadUnits::new(units);
        let (mut sum, mut zeros, mut non_finite, mut saturated) = (0.0f64, 0usize, 0usize, 0usize);
        for row in acts.chunks_exact(units.max(1)) {
            dead.add_row(row); // the row is hot in cache: as good as fused
            for &a in row {
                let v: f64 = a.into();
                sum += v;
                zeros += (v == 0.0) as usize;
                non_finite += !v.is_finite() as usize;
                saturated += (v < s_lo || v > s_hi) as usize;
                histogram.add(v);
            }
        }
        let count = acts.len() as f64;
        let mean = sum / count.max(1.0);
        let m2 = acts.iter().map(|&a| (a.into() - mean) * (a.into() - mean)).sum::<f64>();
        Self {
            count,
            mean,
            m2,
            zeros: zeros as f64,
            non_finite: non_finite as f64,
            saturated: band.map(|_| saturated as f64),
            histogram: histogram.finish(),
            dead,
        }
    }

    /// Add another part of the same batch.
    pub fn merge(&mut self, other: &ActivationPartial) {
        let count = self.count + other.count;
        if count > 0.0 {
            let delta = other.mean - self.mean;
            self.m2 += other.m2 + delta * delta * self.count * other.count / count;
            self.mean += delta * other.count / count;
        }
        self.count = count;
        self.zeros += other.zeros;
        self.non_finite += other.non_finite;
        self.saturated = self.saturated.zip(other.saturated).map(|(a, b)| a + b);
        self.histogram.merge(&other.histogram);
        self.dead.merge(&other.dead);
    }

    /// The statistics of everything merged so far.
    pub fn finish(self) -> ActivationStats {
        let n = self.count.max(1.0);
        ActivationStats {
            mean: self.mean,
            std: (self.m2 / n).sqrt(),
            zero_fraction: self.zeros / n,
            dead_fraction: self.dead.fraction(),
            saturated_fraction: self.saturated.map(|s| s / n),
            non_finite_fraction: self.non_finite / n,
            histogram: self.histogram,
        }
    }
}

/// Statistics of one weight gradient dL/dW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GradientStats {
    /// Mean entry.
    pub mean: f64,
    /// Population std of the entries (the reference's `grad_w_std`).
    pub std: f64,
    /// Histogram on [−max|g|, max|g|] ([−1, 1] if the gradient is all zero).
    pub histogram: Histogram,
}

impl GradientStats {
    /// Measure a gradient with `bins` histogram bins on a range symmetric about 0.
    pub fn measure<T: Scalar>(grad: &[T], bins: usize) -> Self {
        let moments = stats::moments(grad);
        let (lo, hi) = stats::symmetric_range(grad);
        Self { mean: moments.mean, std: moments.std, histogram: stats::histogram(grad, bins, lo, hi) }
    }
}

/// A hidden layer's report: its activations and (when computed) its weight gradient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerStats {
    /// Activation statistics (after the nonlinearity).
    pub activations: ActivationStats,
    /// dL/dW statistics; `None` when gradients were not requested.
    pub weight_grad: Option<GradientStats>,
}
