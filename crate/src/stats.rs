//! Statistics for babysitting a network (CS231n lecture 6): per-layer activation moments and
//! histograms, the share of zero / dead / saturated units, and the update-to-weight ratio
//! ‖ΔW‖/‖W‖ (the lecture's rule of thumb: around 1e-3). Small pure functions over slices of
//! f32 or f64, accumulated in f64.

use serde::{Deserialize, Serialize};

/// Mean and population standard deviation (ddof = 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Arithmetic mean.
    pub mean: f64,
    /// Population standard deviation √(Σ(x − mean)²/n).
    pub std: f64,
}

/// Mean and population std of `xs` (two passes in f64; NaN/∞ propagate; empty → 0, 0).
pub fn moments<T: Copy + Into<f64>>(xs: &[T]) -> Moments {
    if xs.is_empty() {
        return Moments { mean: 0.0, std: 0.0 };
    }
    let n = xs.len() as f64;
    let mean = sum_f64(xs.iter().map(|&x| x.into())) / n;
    let var = sum_f64(xs.iter().map(|&x| (x.into() - mean) * (x.into() - mean))) / n;
    Moments { mean, std: var.sqrt() }
}

/// Σ with four interleaved accumulators (breaks the add dependency chain; less rounding).
fn sum_f64(mut values: impl Iterator<Item = f64>) -> f64 {
    let mut acc = [0.0f64; 4];
    'outer: loop {
        for a in acc.iter_mut() {
            match values.next() {
                Some(v) => *a += v,
                None => break 'outer,
            }
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// A histogram with numpy semantics: `bins` equal bins on [lo, hi], bin i = [eᵢ, eᵢ₊₁) except
/// the last, which includes hi. Unlike numpy, values outside [lo, hi] (including ±∞) are
/// clamped into the end bins and also tallied in `below`/`above`, so `counts` sum to the
/// number of non-NaN inputs; NaNs are only tallied in `nan`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// `bins + 1` edges, `lo + i·(hi − lo)/bins` (the last exactly `hi`), like `numpy.linspace`.
    pub edges: Vec<f64>,
    /// Count per bin (clamped values included).
    pub counts: Vec<u32>,
    /// Values below `lo` (counted in bin 0).
    pub below: u32,
    /// Values above `hi` (counted in the last bin).
    pub above: u32,
    /// NaN values (in no bin).
    pub nan: u32,
}

impl Histogram {
    /// Add the counts of a histogram with the same edges (another part of the same batch).
    pub fn merge(&mut self, other: &Histogram) {
        assert!(self.edges == other.edges, "histogram: merging different edges");
        self.counts.iter_mut().zip(&other.counts).for_each(|(a, &b)| *a += b);
        self.below += other.below;
        self.above += other.above;
        self.nan += other.nan;
    }

    /// Number of values in the bins (everything but NaNs).
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&c| c as u64).sum()
    }

    /// Counts divided by the number of values seen (NaNs included), so they sum to ≤ 1.
    pub fn fractions(&self) -> Vec<f64> {
        let seen = (self.total() + self.nan as u64).max(1) as f64;
        self.counts.iter().map(|&c| c as f64 / seen).collect()
    }
}

/// Histogram of `xs` in `bins` (≥ 1) equal bins on [lo, hi]; see [`Histogram`] and
/// [`HistogramBuilder::new`] for degenerate ranges.
pub fn histogram<T: Copy + Into<f64>>(xs: &[T], bins: usize, lo: f64, hi: f64) -> Histogram {
    let mut builder = HistogramBuilder::new(bins, lo, hi);
    for &x in xs {
        builder.add(x.into());
    }
    builder.finish()
}

/// Builds a [`Histogram`] one value at a time (for passes that also compute other statistics).
#[derive(Clone, Debug)]
pub struct HistogramBuilder {
    hist: Histogram,
    lo: f64,
    hi: f64,
    scale: f64,
}

impl HistogramBuilder {
    /// An empty histogram of `bins` (≥ 1) bins on [lo, hi]. A degenerate range becomes
    /// [lo − 0.5, lo + 0.5] (numpy's rule for lo == hi), a non-finite one [−1, 1].
    pub fn new(bins: usize, lo: f64, hi: f64) -> Self {
        let bins = bins.max(1);
        let (lo, hi) = match (lo.is_finite() && hi.is_finite(), hi > lo) {
            (true, true) => (lo, hi),
            (true, false) => (lo - 0.5, lo + 0.5),
            (false, _) => (-1.0, 1.0),
        };
        let step = (hi - lo) / bins as f64;
        let mut edges: Vec<f64> = (0..=bins).map(|i| lo + i as f64 * step).collect();
        edges[bins] = hi;
        let hist = Histogram { edges, counts: vec![0; bins], below: 0, above: 0, nan: 0 };
        Self { hist, lo, hi, scale: bins as f64 / (hi - lo) }
    }

    /// Count one value (always inlined: the size-optimized build would call it per value).
    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        let h = &mut self.hist;
        let last = h.counts.len() - 1;
        let bin = if x >= self.lo && x <= self.hi {
            // numpy: index from the linear map, then fixed up against the exact edges.
            let mut i = (((x - self.lo) * self.scale) as usize).min(last);
            if x < h.edges[i] {
                i -= 1;
            } else if i < last && x >= h.edges[i + 1] {
                i += 1;
            }
            i
        } else if x < self.lo {
            h.below += 1;
            0
        } else if x > self.hi {
            h.above += 1;
            last
        } else {
            h.nan += 1;
            return;
        };
        h.counts[bin] += 1;
    }

    /// The finished histogram.
    pub fn finish(self) -> Histogram {
        self.hist
    }
}

/// A range symmetric about 0 that holds every finite value: [−m, m] with m = max|x|
/// ([−1, 1] if all values are 0 or none is finite). Used for gradient histograms.
pub fn symmetric_range<T: Copy + Into<f64>>(xs: &[T]) -> (f64, f64) {
    let m = xs.iter().map(|&x| x.into().abs()).filter(|a| a.is_finite()).fold(0.0, f64::max);
    if m > 0.0 {
        (-m, m)
    } else {
        (-1.0, 1.0)
    }
}

/// Share of `xs` for which `pred` holds (0 for an empty slice).
pub fn fraction_where<T: Copy + Into<f64>>(xs: &[T], pred: impl Fn(f64) -> bool) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.iter().filter(|&&x| pred(x.into())).count() as f64 / xs.len() as f64
}

/// Share of entries exactly equal to 0 (ReLU's inactive units).
pub fn zero_fraction<T: Copy + Into<f64>>(xs: &[T]) -> f64 {
    fraction_where(xs, |x| x == 0.0)
}

/// Share of entries outside the closed unsaturated band [lo, hi] (e.g. tanh [−0.99, 0.99],
/// sigmoid [0.01, 0.99], see `Activation::unsaturated_band`); NaN does not count.
pub fn saturated_fraction<T: Copy + Into<f64>>(xs: &[T], (lo, hi): (f64, f64)) -> f64 {
    fraction_where(xs, |a| a < lo || a > hi)
}

/// Share of entries that are NaN or ±∞ (a diverged layer).
pub fn non_finite_fraction<T: Copy + Into<f64>>(xs: &[T]) -> f64 {
    fraction_where(xs, |x| !x.is_finite())
}

/// Share of units (columns of a row-major `rows × cols` batch) whose output is exactly 0 for
/// every example: dead units, which get no gradient and never recover. 0 with no examples.
pub fn dead_fraction<T: Copy + Into<f64>>(xs: &[T], rows: usize, cols: usize) -> f64 {
    assert_eq!(xs.len(), rows * cols, "dead_fraction: shape mismatch");
    let mut dead = DeadUnits::new(cols);
    for row in xs.chunks_exact(cols.max(1)) {
        dead.add_row(row);
    }
    dead.fraction()
}

/// The dead-unit count behind [`dead_fraction`], fed one example (row) at a time, so that a
/// caller already walking a batch row by row (the per-layer stats) needs no second pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadUnits {
    /// Per unit: non-zero for some example so far (NaN counts: it is not exactly 0).
    alive: Vec<bool>,
    /// Examples seen.
    rows: usize,
}

impl DeadUnits {
    /// No example seen yet, for `units` units.
    pub fn new(units: usize) -> Self {
        Self { alive: vec![false; units], rows: 0 }
    }

    /// Record one example's outputs, one per unit.
    pub fn add_row<T: Copy + Into<f64>>(&mut self, row: &[T]) {
        for (alive, &x) in self.alive.iter_mut().zip(row) {
            *alive |= x.into() != 0.0;
        }
        self.rows += 1;
    }

    /// Add the examples another part of the batch saw (same units).
    pub fn merge(&mut self, other: &DeadUnits) {
        assert_eq!(self.alive.len(), other.alive.len(), "dead units: unit counts differ");
        self.alive.iter_mut().zip(&other.alive).for_each(|(a, &b)| *a |= b);
        self.rows += other.rows;
    }

    /// Share of units exactly 0 for every example so far (0 before any example, or with no units).
    pub fn fraction(&self) -> f64 {
        if self.rows == 0 || self.alive.is_empty() {
            return 0.0;
        }
        self.alive.iter().filter(|&&a| !a).count() as f64 / self.alive.len() as f64
    }
}

/// Euclidean norm ‖x‖ (f64 accumulation).
pub fn norm<T: Copy + Into<f64>>(xs: &[T]) -> f64 {
    sum_f64(xs.iter().map(|&x| x.into() * x.into())).sqrt()
}

/// Update-to-weight ratio ‖ΔW‖/‖W‖ of one step (the lecture: want ≈ 1e-3). 0/0 is 0;
/// a non-zero update of all-zero weights is +∞.
pub fn update_to_weight_ratio<T: Copy + Into<f64>>(delta: &[T], weights: &[T]) -> f64 {
    let (d, w) = (norm(delta), norm(weights));
    match (d == 0.0, w == 0.0) {
        (true, _) => 0.0,
        (false, true) => f64::INFINITY,
        _ => d / w,
    }
}

/// Index of the largest value (first on ties): the predicted class of a probability row.
pub fn argmax(p: &[f64]) -> usize {
    (0..p.len()).fold(0, |best, k| if p[k] > p[best] { k } else { best })
}

/// Percentiles `qs` (fractions in [0, 1]) of `xs` by linear interpolation between order
/// statistics (numpy's default); NaN for an empty slice.
pub fn percentiles(xs: &[f64], qs: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    qs.iter()
        .map(|&q| {
            let Some(last) = sorted.len().checked_sub(1) else { return f64::NAN };
            let at = q.clamp(0.0, 1.0) * last as f64;
            let (lo, frac) = (at.floor() as usize, at.fract());
            sorted[lo] + frac * (sorted[(lo + 1).min(last)] - sorted[lo])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_order_statistics_as_numpy_does() {
        // numpy.percentile([4, 1, 3, 2, 10], [15, 50, 85]) = [1.6, 3.0, 6.4]
        let p = percentiles(&[4.0, 1.0, 3.0, 2.0, 10.0], &[0.15, 0.5, 0.85]);
        for (got, want) in p.iter().zip([1.6, 3.0, 6.4]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert_eq!(percentiles(&[7.0], &[0.0, 1.0]), vec![7.0, 7.0]);
        assert!(percentiles(&[], &[0.5])[0].is_nan());
    }

    #[test]
    fn moments_are_mean_and_population_std() {
        let m = moments(&[1.0f64, 2.0, 3.0, 4.0]);
        assert_eq!(m.mean, 2.5);
        assert!((m.std - 1.25f64.sqrt()).abs() < 1e-15);
        let m32 = moments(&[0.5f32; 10]);
        assert_eq!((m32.mean, m32.std), (0.5, 0.0));
        assert_eq!(moments::<f32>(&[]), Moments { mean: 0.0, std: 0.0 });
        assert!(moments(&[1.0, f64::NAN]).mean.is_nan());
        // Tiny spread around a large mean survives (two-pass, not E[x²] − mean²).
        let m = moments(&[1e8 + 1.0, 1e8 - 1.0]);
        assert_eq!(m.std, 1.0);
    }

    #[test]
    fn histogram_has_numpy_edge_semantics_and_counts_everything() {
        // np.histogram([0, .25, .5, .75, 1, .999], bins=4, range=(0, 1)) -> [1, 1, 1, 3]
        let h = histogram(&[0.0, 0.25, 0.5, 0.75, 1.0, 0.999], 4, 0.0, 1.0);
        assert_eq!(h.counts, vec![1, 1, 1, 3]);
        assert_eq!(h.edges, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        // Values the linear map puts in the wrong bin are fixed up against the edges: with 10
        // bins on [0, 1], 0.3·10 rounds to 3.0 but edges[3] = 3·0.1 = 0.30000000000000004 > 0.3.
        let h = histogram(&[0.3, 0.1 * 3.0, 0.7], 10, 0.0, 1.0);
        assert_eq!(h.counts[2] + h.counts[3], 2);
        assert_eq!(h.counts[2], 1, "0.3 < edges[3] = 3·0.1");
        assert_eq!(h.counts[6], 1);
        // Out of range values are clamped and tallied; NaN is not binned.
        let xs = [-5.0f32, -1.0, 0.0, 1.0, 7.0, f32::INFINITY, f32::NAN];
        let h = histogram(&xs, 2, -1.0, 1.0);
        assert_eq!(h.counts, vec![2, 4]);
        assert_eq!((h.below, h.above, h.nan), (1, 2, 1));
        assert_eq!(h.total(), 6);
        assert!((h.fractions().iter().sum::<f64>() - 6.0 / 7.0).abs() < 1e-15);
        // Many values: counts sum to N.
        let xs: Vec<f64> = (0..10_007).map(|i| ((i * 7919) % 10_007) as f64 / 5000.0 - 1.0).collect();
        let h = histogram(&xs, 37, -0.8, 0.9);
        assert_eq!(h.total(), xs.len() as u64);
        // Degenerate range follows numpy (lo − 0.5, lo + 0.5).
        assert_eq!(histogram(&[2.0], 2, 2.0, 2.0).edges, vec![1.5, 2.0, 2.5]);
    }

    #[test]
    fn symmetric_range_covers_the_data() {
        assert_eq!(symmetric_range(&[0.5f32, -2.0, 1.0]), (-2.0, 2.0));
        assert_eq!(symmetric_range(&[0.0f32, 0.0]), (-1.0, 1.0));
        assert_eq!(symmetric_range(&[f64::INFINITY, 0.25]), (-0.25, 0.25));
    }

    #[test]
    fn zero_dead_and_non_finite_fractions() {
        // 3 examples × 4 units; unit 1 and unit 3 are zero for every example.
        let xs = [0.0f32, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, -0.0];
        assert_eq!(zero_fraction(&xs), 9.0 / 12.0);
        assert_eq!(dead_fraction(&xs, 3, 4), 0.5);
        assert_eq!(dead_fraction::<f32>(&[], 0, 0), 0.0);
        assert_eq!(dead_fraction::<f32>(&[], 0, 4), 0.0, "no examples: nothing is known dead");
        let mut dead = DeadUnits::new(4);
        xs.chunks(4).for_each(|row| dead.add_row(row));
        assert_eq!(dead.fraction(), 0.5);
        dead.add_row(&[0.0, f32::NAN, 0.0, 0.0]);
        assert_eq!(dead.fraction(), 0.25, "NaN is not a dead output");
        assert_eq!(non_finite_fraction(&[1.0, f64::NAN, f64::NEG_INFINITY, 0.0]), 0.5);
        assert_eq!(fraction_where(&[0.995f64, -0.999, 0.5, 0.0], |a| a.abs() > 0.99), 0.5);
        assert_eq!(saturated_fraction(&[0.995f64, 0.005, 0.5, 0.99, f64::NAN], (0.01, 0.99)), 0.4);
    }

    #[test]
    fn update_to_weight_ratio_is_a_norm_ratio() {
        let w = [3.0f32, 4.0];
        let dw = [0.003f32, 0.004];
        assert!((update_to_weight_ratio(&dw, &w) - 1e-3).abs() < 1e-9);
        assert_eq!(update_to_weight_ratio(&[0.0f32; 2], &[0.0; 2]), 0.0);
        assert_eq!(update_to_weight_ratio(&[1.0f32, 0.0], &[0.0; 2]), f64::INFINITY);
        assert_eq!(norm(&[3.0f64, 4.0]), 5.0);
    }
}
