//! The data behind the preprocessing scene and `gradscope preprocess`: which point cloud (or the
//! digits) goes through `crate::preprocess`'s pipeline, declared as a field table.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
pub mod digits_pca;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod fit;
pub mod render;
#[cfg(target_arch = "wasm32")]
mod web;

use crate::data::{self, DatasetKind, Digits};
use crate::error::{ConfigError, Result};
use crate::fields::{Config, Field, Kind};
use crate::place;
use serde::Serialize;
use std::sync::OnceLock;

/// Points in each generated cloud (and the trainer's 2D sets).
pub const CLOUD_POINTS: usize = 500;

/// Every dataset name: the clouds, the trainer's 2D sets, the digits.
pub fn dataset_names() -> Vec<&'static str> {
    crate::data::clouds::CLOUDS.iter().copied().chain(DatasetKind::ALL.iter().map(|k| k.name())).collect()
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
    let n = CLOUD_POINTS;
    if let Some(x) = crate::data::clouds::cloud(&cfg.dataset, n, cfg.seed) {
        return Ok((x, n, 2, true));
    }
    match cfg.dataset.as_str() {
        "digits" => {
            let digits = digits
                .ok_or_else(|| ConfigError::rule("dataset", "digits_not_loaded", "the digits are not loaded yet"))?;
            let set = digits.dataset(digits.len());
            let (n, d) = (set.len(), set.features);
            Ok((set.x, n, d, false))
        }
        name => {
            let kind =
                DatasetKind::from_name(name).ok_or_else(|| ConfigError::one_of("dataset", name, &dataset_names()))?;
            let set = data::generate(kind, 3, n, 0.2, cfg.seed)?;
            let (n, d) = (set.len(), set.features);
            Ok((set.x, n, d, true))
        }
    }
}

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "preprocess";
    const LABEL: &'static str = "scene.preprocess";
    type Config = PreprocessConfig;
    const PRESETS: &'static [crate::claims::Preset] = &[];
    const DEFAULT_CLAIMS: &'static [&'static str] =
        &["kappa_falls(0,4,100)", "gd_sooner(0,1)", "identity_covariance(4)"];
    const QUICK: &'static str = "";
    /// The digits' charts.
    const CHART_STATES: &'static [&'static str] = &["ds=digits"];

    crate::scene::scene_outputs!(self);
}
