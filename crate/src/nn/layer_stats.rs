//! What the lecture plots per layer (CS231n lecture 6, activation and gradient histograms):
//! one call turns a layer's activations or weight gradient into the numbers and histogram
//! the page shows. Shared by the init experiment and the MLP trainer.

use super::activation::Activation;
use super::scalar::Scalar;
use crate::stats::{self, DeadUnits, Histogram, HistogramBuilder};
use serde::{Deserialize, Serialize};

/// Statistics of one layer's activations over a batch (batch × units, row-major).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        let n = acts.len().max(1) as f64;
        let mean = sum / n;
        let var = acts.iter().map(|&a| (a.into() - mean) * (a.into() - mean)).sum::<f64>() / n;
        Self {
            mean,
            std: var.sqrt(),
            zero_fraction: zeros as f64 / n,
            dead_fraction: dead.fraction(),
            saturated_fraction: band.map(|_| saturated as f64 / n),
            non_finite_fraction: non_finite as f64 / n,
            histogram: histogram.finish(),
        }
    }
}

/// Statistics of one weight gradient dL/dW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
pub struct LayerStats {
    /// Activation statistics (after the nonlinearity).
    pub activations: ActivationStats,
    /// dL/dW statistics; `None` when gradients were not requested.
    pub weight_grad: Option<GradientStats>,
}
