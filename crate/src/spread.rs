//! Spread over seeds: a comparison on random data reports the mean over seeds with a 95 %
//! interval (Student's t), and calls a difference clear only when its interval excludes 0.

use serde::Serialize;

/// A mean over independent runs with its 95 % confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeanInterval {
    pub mean: f64,
    /// Half-width of the 95 % interval (0 for a single run: no spread is known).
    pub half_width: f64,
    /// Runs averaged.
    pub runs: usize,
}

/// Student's t quantile 0.975 for 1…30 degrees of freedom (beyond: 1.96).
const T975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
    2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
];

impl MeanInterval {
    /// The mean of `xs` and the 95 % interval of that mean (t with n − 1 degrees of freedom).
    pub fn of(xs: &[f64]) -> Self {
        let n = xs.len();
        if n == 0 {
            return Self { mean: f64::NAN, half_width: f64::NAN, runs: 0 };
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Self { mean, half_width: 0.0, runs: 1 };
        }
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let t = T975.get(n - 2).copied().unwrap_or(1.96);
        Self { mean, half_width: t * (var / n as f64).sqrt(), runs: n }
    }

    /// The paired differences `a[i] − b[i]` (same seed, two methods), summarized.
    pub fn of_differences(a: &[f64], b: &[f64]) -> Self {
        Self::of(&a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<_>>())
    }

    /// Whether the mean is above 0 by more than the interval (needs two runs or more).
    pub fn clearly_positive(&self) -> bool {
        self.runs > 1 && self.mean - self.half_width > 0.0
    }

    /// Whether the mean is below 0 by more than the interval.
    pub fn clearly_negative(&self) -> bool {
        self.runs > 1 && self.mean + self.half_width < 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_matches_a_hand_computed_t_interval() {
        // mean 2, sample std 1, n = 4: 3.182 · 1/2.
        let m = MeanInterval::of(&[1.0, 2.0, 3.0, 2.0]);
        let std = (2.0f64 / 3.0).sqrt();
        assert!((m.mean - 2.0).abs() < 1e-12);
        assert!((m.half_width - 3.182 * std / 2.0).abs() < 1e-12);
        assert!(m.clearly_positive() && !m.clearly_negative());
        let noise = MeanInterval::of_differences(&[0.80, 0.82, 0.78], &[0.81, 0.79, 0.80]);
        assert!(!noise.clearly_positive() && !noise.clearly_negative());
        assert_eq!(MeanInterval::of(&[0.5]).half_width, 0.0);
        assert!(!MeanInterval::of(&[0.5]).clearly_positive());
    }
}
