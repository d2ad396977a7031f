//! The data behind the preprocessing scene and `gradscope preprocess`: which point cloud (or the
//! digits) goes through `crate::preprocess`'s pipeline, declared as a field table.

use crate::data::{self, DatasetKind, Digits};
use crate::error::{ConfigError, Result};
use crate::fields::{Config, Field, Kind};
use crate::place;
use crate::rng::Rng;
use serde::Serialize;
use std::sync::OnceLock;

/// Points in each generated cloud (and the trainer's 2D sets).
pub const CLOUD_POINTS: usize = 500;

/// The clouds made for this scene, before the trainer's 2D sets and the digits.
const CLOUDS: [&str; 3] = ["positive", "correlated", "elongated"];

/// Every dataset name: the clouds, the trainer's 2D sets, the digits.
pub fn dataset_names() -> Vec<&'static str> {
    CLOUDS.iter().copied().chain(DatasetKind::ALL.iter().map(|k| k.name())).collect()
}

/// Which data, the seed of generated ones, and what the page shows of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreprocessConfig {
    /// One of [`dataset_names`] (default: the all-positive cloud, like pixels or sigmoid outputs).
    pub dataset: String,
    pub seed: u64,
    /// Position in the pipeline, 0 = raw … last stage; fractions are the animation between two.
    pub stage: f64,
    /// Principal components a digit is rebuilt from (digits only).
    pub components: usize,
    /// Which digit is rebuilt (digits only).
    pub digit: usize,
}

impl Default for PreprocessConfig {
    fn default() -> Self {
        Self { dataset: "positive".into(), seed: 0, stage: 0.0, components: 10, digit: 0 }
    }
}

/// Stages of a pipeline with the normalize stage (raw, center, normalize, pca, whiten).
pub const MAX_STAGES: usize = 5;
/// The digits' pixel count, the most components a digit is rebuilt from.
const MAX_COMPONENTS: usize = crate::data::DIGIT_PIXELS;

impl Config for PreprocessConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<Field<PreprocessConfig>>> = OnceLock::new();
        type F = Field<PreprocessConfig>;
        FIELDS.get_or_init(|| {
            vec![
                F::new("ds", "dataset", "preprocess.dataset", Kind::Choice(dataset_names), place!(dataset))
                    .flag("dataset"),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new("st", "stage", "preprocess.stage", Kind::linear(0.0, (MAX_STAGES - 1) as f64), place!(stage))
                    .flag("stage")
                    .slider(0.0, (MAX_STAGES - 1) as f64, 0.01),
                F::new(
                    "k",
                    "components",
                    "preprocess.components",
                    Kind::Count { lo: 1, hi: MAX_COMPONENTS },
                    place!(components),
                )
                .flag("components"),
                F::new(
                    "digit",
                    "digit",
                    "preprocess.digit",
                    Kind::Count { lo: 0, hi: crate::data::DIGITS_COUNT - 1 },
                    place!(digit),
                ),
            ]
        })
    }
}

/// The data matrix (n×d, row-major) of `cfg`, and whether per-feature normalization applies
/// (not for images: their corner pixels are constant). The digits come from `digits`.
pub fn data_of(cfg: &PreprocessConfig, digits: Option<&Digits>) -> Result<(Vec<f64>, usize, usize, bool)> {
    data_with(cfg, digits, CLOUD_POINTS)
}

/// [`data_of`] with `n` points in a generated cloud.
pub fn data_with(cfg: &PreprocessConfig, digits: Option<&Digits>, n: usize) -> Result<(Vec<f64>, usize, usize, bool)> {
    let mut rng = Rng::new(cfg.seed);
    let mut clamped = || rng.normal().clamp(-4.0, 4.0);
    let cloud = |point: &mut dyn FnMut(usize) -> [f64; 2]| (0..n).flat_map(&mut *point).collect::<Vec<f64>>();
    let x = match cfg.dataset.as_str() {
        // All positive (the normals are clamped at ±4σ), correlated, far from the origin.
        "positive" => cloud(&mut |_| {
            let (a, b) = (clamped(), clamped());
            [6.0 + a, 4.5 + 0.5 * a + 0.4 * b]
        }),
        "correlated" => cloud(&mut |_| {
            let (a, b) = (clamped(), clamped());
            [3.0 + 2.0 * a, -1.0 + 1.2 * a + 0.6 * b]
        }),
        // Two long thin classes side by side, tilted by 30°.
        "elongated" => cloud(&mut |i| {
            let (a, b) = (3.0 * clamped(), 1.5 * if i % 2 == 0 { 1.0 } else { -1.0 } + 0.3 * clamped());
            let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin());
            [c * a - s * b, s * a + c * b]
        }),
        "digits" => {
            let digits = digits
                .ok_or_else(|| ConfigError::rule("dataset", "digits_not_loaded", "the digits are not loaded yet"))?;
            let set = digits.dataset(digits.len());
            let (n, d) = (set.len(), set.features);
            return Ok((set.x, n, d, false));
        }
        name => {
            let kind =
                DatasetKind::from_name(name).ok_or_else(|| ConfigError::one_of("dataset", name, &dataset_names()))?;
            let set = data::generate(kind, 3, n, 0.2, cfg.seed)?;
            let (n, d) = (set.len(), set.features);
            return Ok((set.x, n, d, true));
        }
    };
    Ok((x, n, 2, true))
}
