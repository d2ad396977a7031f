//! The data behind the data-fit surfaces (lecture 6's preprocessing, seen in the race): points of
//! the all-positive cloud after a preprocessing stage, with targets from one known weight
//! vector, so that every stage's loss has (nearly) the same minimum and differs only by the
//! curvature the data give it.

use super::data_fit::{DataFit, FitKind};
use crate::preprocess::{pipeline, StageKind};
use crate::rng::Rng;

/// The weights the targets are made from.
pub const W_TRUE: [f64; 2] = [1.0, -1.0];

/// Where gradient descent starts, relative to `W_TRUE` (off both principal axes of the raw clouds).
pub const START_OFFSET: [f64; 2] = [-2.2, -0.6];

/// Std of the targets' noise.
const TARGET_NOISE: f64 = 0.3;

/// Points in the race's data-fit surfaces (fewer than the scene's cloud: the race's heatmap
/// evaluates the logistic loss over every row at every pixel).
pub const RACE_POINTS: usize = 200;

/// Targets from `W_TRUE` on `points` (the same draws on every stage): least squares gets
/// y = z·w_true + noise; the logistic loss gets labels drawn from its own model,
/// P(s = +1) = σ(z·w_true), so that its minimum too sits near `W_TRUE`.
pub fn fit_on(kind: FitKind, points: &[[f64; 2]], seed: u64) -> DataFit {
    let mut rng = Rng::new(seed ^ 0x05ee_df17);
    let mut target = |z: &[f64; 2]| {
        let score = z[0] * W_TRUE[0] + z[1] * W_TRUE[1];
        match kind {
            FitKind::Linear => score + TARGET_NOISE * rng.normal(),
            FitKind::Logistic => {
                if rng.uniform() < 1.0 / (1.0 + (-score).exp()) {
                    1.0
                } else {
                    -1.0
                }
            }
        }
    };
    let y = points.iter().map(&mut target).collect();
    DataFit::new(kind, points.to_vec(), y)
}

/// The race's data: [`RACE_POINTS`] of the all-positive cloud after preprocessing `stage`.
pub fn race_data(kind: FitKind, stage: StageKind, seed: u64) -> DataFit {
    let x = crate::data::clouds::cloud("positive", RACE_POINTS, seed).expect("the all-positive cloud exists");
    let pipeline = pipeline(&x, RACE_POINTS, 2, true).expect("a generated cloud has two varying columns");
    let data = &pipeline.stages.iter().find(|s| s.kind == stage).unwrap_or(&pipeline.stages[0]).data;
    let points: Vec<[f64; 2]> = data.chunks_exact(2).map(|r| [r[0], r[1]]).collect();
    fit_on(kind, &points, seed)
}
