//! Datasets for the live trainer (CS231n lecture 6, "Data preprocessing"; the lecture's spiral
//! and ConvNetJS/playground toy sets): 2D point clouds — K-arm spirals, circles, XOR, Gaussian
//! blobs, moons — drawn from a seed, the 8×8 handwritten digits (1797 images, shipped as bytes
//! in `static/data/digits8x8.bin`), a seeded train/validation split, and preprocessing (none,
//! zero-center, normalize) whose statistics come from the training split only.

use crate::error::{ConfigError, Result};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Images in the shipped 8×8 digits set.
pub const DIGITS_COUNT: usize = 1797;
/// Bytes per digits record: 64 pixels then the label.
pub const DIGIT_RECORD: usize = 65;
/// Pixels per digit image (8×8).
pub const DIGIT_PIXELS: usize = 64;

pub mod clouds;
mod digits;
pub use digits::Digits;

/// Which dataset to train on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// K interleaved spiral arms (CS231n's "spiral" notebook), K = 2..=5.
    Spiral,
    /// Two concentric rings (radii 0.5 and 1).
    Circles,
    /// Uniform square, label = sign(x·y) (the XOR problem).
    Xor,
    /// K Gaussian blobs with centres on the unit circle, K = 2..=5.
    Blobs,
    /// Two interleaving half circles (sklearn's `make_moons`, centred).
    Moons,
    /// The 8×8 handwritten digits: 64 features, 10 classes.
    Digits,
}

impl DatasetKind {
    /// Every dataset, in the order the page lists them.
    pub const ALL: [DatasetKind; 6] = [Self::Spiral, Self::Circles, Self::Xor, Self::Blobs, Self::Moons, Self::Digits];

    /// Stable identifier (URL hash, CLI, serde).
    pub fn name(self) -> &'static str {
        match self {
            Self::Spiral => "spiral",
            Self::Circles => "circles",
            Self::Xor => "xor",
            Self::Blobs => "blobs",
            Self::Moons => "moons",
            Self::Digits => "digits",
        }
    }

    /// Parse a [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The class count a dataset always has (`None`: spiral and blobs take K = 2..=5).
    pub fn fixed_classes(self) -> Option<usize> {
        match self {
            Self::Spiral | Self::Blobs => None,
            Self::Circles | Self::Xor | Self::Moons => Some(2),
            Self::Digits => Some(10),
        }
    }

    /// Input features per example: 2 for the point clouds, 64 for the digits.
    pub fn features(self) -> usize {
        if self == Self::Digits {
            DIGIT_PIXELS
        } else {
            2
        }
    }
}

/// A labelled dataset: `x` is row-major examples × features, `y` the class of each row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Features per example.
    pub features: usize,
    /// Number of classes (labels are < classes).
    pub classes: usize,
    /// Examples × features, row-major.
    pub x: Vec<f64>,
    /// One label per example.
    pub y: Vec<usize>,
}

impl Dataset {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// No examples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Features of example `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.features..(i + 1) * self.features]
    }

    /// The examples at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let mut x = Vec::with_capacity(indices.len() * self.features);
        for &i in indices {
            x.extend_from_slice(self.row(i));
        }
        Dataset { features: self.features, classes: self.classes, x, y: indices.iter().map(|&i| self.y[i]).collect() }
    }

    /// Per-feature (min, max) over all examples ((0, 0) when empty).
    pub fn feature_ranges(&self) -> Vec<(f64, f64)> {
        let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); self.features];
        for row in self.x.chunks_exact(self.features.max(1)) {
            for ((lo, hi), &v) in ranges.iter_mut().zip(row) {
                *lo = lo.min(v);
                *hi = hi.max(v);
            }
        }
        ranges.into_iter().map(|(lo, hi)| if lo <= hi { (lo, hi) } else { (0.0, 0.0) }).collect()
    }
}

/// Draw a 2D dataset of `points` examples (spread as evenly as possible over the classes) with
/// Gaussian `noise` (std, in data units; spirals: in radians of the arm angle, CS231n's 0.2).
/// `classes` is used by spiral and blobs; the digits are refused here (see [`Digits`]).
pub fn generate(kind: DatasetKind, classes: usize, points: usize, noise: f64, seed: u64) -> Result<Dataset> {
    if kind == DatasetKind::Digits {
        return Err(ConfigError::new("dataset", "the digits are loaded from bytes, not generated"));
    }
    let classes = kind.fixed_classes().unwrap_or(classes);
    crate::error::check_count("classes", classes, 2, 5)?;
    crate::error::check_count("points", points, classes, 100_000)?;
    crate::error::check_range("noise", noise, 0.0, 10.0)?;
    let mut rng = Rng::new(seed);
    let mut x = Vec::with_capacity(points * 2);
    let mut y = Vec::with_capacity(points);
    for class in 0..classes {
        let count = points / classes + usize::from(class < points % classes);
        for i in 0..count {
            let t = if count > 1 { i as f64 / (count - 1) as f64 } else { 0.5 };
            let (px, py, label) = draw_point(kind, class, classes, t, noise, &mut rng);
            x.extend_from_slice(&[px, py]);
            y.push(label);
        }
    }
    Ok(Dataset { features: 2, classes, x, y })
}

/// One point of `class`; `t` in [0, 1] walks along the class's shape.
fn draw_point(kind: DatasetKind, class: usize, classes: usize, t: f64, noise: f64, rng: &mut Rng) -> (f64, f64, usize) {
    let jitter = |rng: &mut Rng| noise * rng.normal();
    match kind {
        DatasetKind::Spiral => {
            // CS231n: r = linspace(0, 1), θ = linspace(4j, 4(j+1)) + 0.2·randn, for K = 3 arms.
            let arm = 4.0 * 3.0 / classes as f64;
            let theta = arm * (class as f64 + t) + jitter(rng);
            (t * theta.sin(), t * theta.cos(), class)
        }
        DatasetKind::Circles => {
            let (radius, angle) = (if class == 0 { 1.0 } else { 0.5 }, 2.0 * PI * rng.uniform());
            (radius * angle.cos() + jitter(rng), radius * angle.sin() + jitter(rng), class)
        }
        DatasetKind::Xor => {
            let (u, v) = (2.0 * rng.uniform() - 1.0, 2.0 * rng.uniform() - 1.0);
            let label = usize::from(u * v < 0.0);
            (u + jitter(rng), v + jitter(rng), label)
        }
        DatasetKind::Blobs => {
            let angle = 2.0 * PI * class as f64 / classes as f64;
            (angle.cos() + jitter(rng), angle.sin() + jitter(rng), class)
        }
        DatasetKind::Moons => {
            let a = PI * t;
            let (mx, my) = if class == 0 { (a.cos(), a.sin()) } else { (1.0 - a.cos(), 0.5 - a.sin()) };
            (mx - 0.5 + jitter(rng), my - 0.25 + jitter(rng), class)
        }
        DatasetKind::Digits => (0.0, 0.0, 0),
    }
}

/// A seeded shuffle, then the last `round(n·val_fraction)` examples (at least 1, at most n − 1)
/// become the validation split: (train, validation).
pub fn split(data: &Dataset, val_fraction: f64, seed: u64) -> Result<(Dataset, Dataset)> {
    crate::error::check_range("valFraction", val_fraction, 0.0, 0.95)?;
    split_count(data, (data.len() as f64 * val_fraction).round() as usize, seed)
}

/// Shuffle `data` by `seed` and hold `n_val` examples out for validation (at least one on each side).
pub fn split_count(data: &Dataset, n_val: usize, seed: u64) -> Result<(Dataset, Dataset)> {
    crate::error::check_count("points", data.len(), 2, usize::MAX)?;
    let mut order: Vec<usize> = (0..data.len()).collect();
    shuffle(&mut order, &mut Rng::new(seed));
    let n_val = n_val.clamp(1, data.len() - 1);
    let (train, val) = order.split_at(data.len() - n_val);
    Ok((data.subset(train), data.subset(val)))
}

/// Fisher–Yates shuffle from `rng`.
pub fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// Input preprocessing (lecture 6): none, subtract the mean, or subtract the mean and divide by
/// the std, per feature, with statistics from the training split only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preprocess {
    /// Raw features.
    None,
    /// x − mean.
    #[serde(rename = "center")]
    ZeroCenter,
    /// (x − mean)/std (a constant feature keeps std 1, e.g. the digits' blank corner pixels).
    #[default]
    Normalize,
}

impl Preprocess {
    /// Every mode.
    pub const ALL: [Preprocess; 3] = [Self::None, Self::ZeroCenter, Self::Normalize];

    /// Stable identifier: "none", "center", "normalize".
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::ZeroCenter => "center",
            Self::Normalize => "normalize",
        }
    }

    /// Parse a [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Fit the statistics of this mode on `train`.
    pub fn fit(self, train: &Dataset) -> Standardizer {
        let f = train.features;
        let n = train.len().max(1) as f64;
        let mut mean = vec![0.0; f];
        let mut std = vec![1.0; f];
        if self != Self::None {
            for row in train.x.chunks_exact(f) {
                mean.iter_mut().zip(row).for_each(|(m, &v)| *m += v / n);
            }
        }
        if self == Self::Normalize {
            let mut var = vec![0.0; f];
            for row in train.x.chunks_exact(f) {
                var.iter_mut().zip(row).zip(&mean).for_each(|((s, &v), &m)| *s += (v - m) * (v - m) / n);
            }
            std = var.iter().map(|&v| if v.sqrt() > 1e-8 { v.sqrt() } else { 1.0 }).collect();
        }
        Standardizer { mean, std }
    }
}

/// Per-feature affine map x ↦ (x − mean)/std fitted on the training split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standardizer {
    /// Subtracted per feature.
    pub mean: Vec<f64>,
    /// Divided by per feature.
    pub std: Vec<f64>,
}

impl Standardizer {
    /// Feature `i` of a preprocessed value back in data coordinates: x·std + mean.
    pub fn restore(&self, i: usize, v: f64) -> f64 {
        v * self.std.get(i).copied().unwrap_or(1.0) + self.mean.get(i).copied().unwrap_or(0.0)
    }

    /// Transform row-major examples in place.
    pub fn apply(&self, x: &mut [f64]) {
        for row in x.chunks_exact_mut(self.mean.len().max(1)) {
            for ((v, &m), &s) in row.iter_mut().zip(&self.mean).zip(&self.std) {
                *v = (*v - m) / s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_seeded_balanced_and_bounded() {
        for kind in DatasetKind::ALL.into_iter().filter(|&k| k != DatasetKind::Digits) {
            let a = generate(kind, 3, 301, 0.1, 7).unwrap();
            assert_eq!(a, generate(kind, 3, 301, 0.1, 7).unwrap(), "{kind:?} seeded");
            assert_ne!(a.x, generate(kind, 3, 301, 0.1, 8).unwrap().x, "{kind:?} seed matters");
            assert_eq!((a.len(), a.x.len(), a.features), (301, 602, 2));
            let classes = kind.fixed_classes().unwrap_or(3);
            assert_eq!(a.classes, classes);
            for c in 0..classes {
                let n = a.y.iter().filter(|&&y| y == c).count();
                assert!(n >= 301 / classes - 60, "{kind:?} class {c}: {n}");
            }
            assert!(a.x.iter().all(|v| v.is_finite() && v.abs() < 3.0), "{kind:?}");
        }
        assert_eq!(generate(DatasetKind::Spiral, 6, 100, 0.1, 1).unwrap_err().field, "classes");
        assert_eq!(generate(DatasetKind::Moons, 9, 100, f64::NAN, 1).unwrap_err().field, "noise");
        assert_eq!(generate(DatasetKind::Digits, 10, 100, 0.0, 1).unwrap_err().field, "dataset");
    }

    #[test]
    fn xor_and_circles_have_their_geometry_without_noise() {
        let xor = generate(DatasetKind::Xor, 2, 200, 0.0, 3).unwrap();
        for i in 0..xor.len() {
            let r = xor.row(i);
            assert_eq!(xor.y[i], usize::from(r[0] * r[1] < 0.0));
        }
        let rings = generate(DatasetKind::Circles, 2, 100, 0.0, 3).unwrap();
        for i in 0..rings.len() {
            let radius = rings.row(i)[0].hypot(rings.row(i)[1]);
            assert!((radius - if rings.y[i] == 0 { 1.0 } else { 0.5 }).abs() < 1e-12);
        }
    }

    #[test]
    fn split_is_a_seeded_partition_and_stats_come_from_train() {
        let data = generate(DatasetKind::Blobs, 4, 100, 0.3, 1).unwrap();
        let (train, val) = split(&data, 0.2, 5).unwrap();
        assert_eq!((train.len(), val.len()), (80, 20));
        assert_eq!(split(&data, 0.2, 5).unwrap().1, val);
        let mut all: Vec<u64> = train.x.iter().chain(&val.x).map(|v| v.to_bits()).collect();
        let mut orig: Vec<u64> = data.x.iter().map(|v| v.to_bits()).collect();
        all.sort_unstable();
        orig.sort_unstable();
        assert_eq!(all, orig);
        assert_eq!(split(&data, 0.0, 5).unwrap().1.len(), 1);
        let st = Preprocess::Normalize.fit(&train);
        let mut x = train.x.clone();
        st.apply(&mut x);
        let z = Dataset { x, ..train.clone() };
        let again = Preprocess::Normalize.fit(&z);
        assert!(again.mean.iter().all(|m| m.abs() < 1e-12) && again.std.iter().all(|s| (s - 1.0).abs() < 1e-12));
        assert_eq!(Preprocess::None.fit(&train), Standardizer { mean: vec![0.0; 2], std: vec![1.0; 2] });
        assert!(Preprocess::ZeroCenter.fit(&train).std == vec![1.0; 2]);
    }
}
