//! The preprocessing scene's state: a dataset through the pipeline, and for 2D data the
//! consequence for optimization — linear regression without bias, L(w) = ‖Zw − y‖² / 2N, on
//! each stage's data Z, with its Hessian ZᵀZ/N, condition number κ and a gradient-descent path.
//! The targets are y = Z·w_true + noise on every stage, so every panel has (nearly) the same
//! minimum and the panels differ only by the curvature the data gives the loss.

use crate::data::Digits;
use crate::error::Result;
use crate::preprocess::{eigen, pipeline, Pipeline, WHITEN_EPS};
use crate::scene::preprocess::{data_of, PreprocessConfig};
use crate::surface::data_fit::{DataFit, FitKind};
pub use crate::surface::fit_data::RACE_POINTS;
use crate::surface::fit_data::{fit_on, START_OFFSET, W_TRUE};

/// Gradient-descent steps drawn.
pub const PATH_STEPS: usize = 30;
/// Fraction of the best constant rate 2 / (λ_max + λ_min) gradient descent runs at.
pub const RATE_FRACTION: f64 = 0.9;
/// Counting steps to converge stops here.
pub const STEP_CAP: usize = 100_000;

/// Linear regression on one stage's 2D data.
#[derive(Clone, Debug, PartialEq)]
pub struct StageFit {
    /// The data and targets.
    pub fit: DataFit,
    /// ZᵀZ/N (row-major).
    pub hessian: [[f64; 2]; 2],
    /// Its eigenvalues, descending, and eigenvectors.
    pub eigenvalues: [f64; 2],
    pub eigenvectors: [[f64; 2]; 2],
    /// λ_max / λ_min (infinite when singular).
    pub kappa: f64,
    /// The least-squares weights (`W_TRUE` when singular).
    pub minimum: [f64; 2],
    /// L at the minimum.
    pub loss_min: f64,
    /// Gradient descent's rate: [`RATE_FRACTION`] of 2 / (λ_max + λ_min).
    pub lr: f64,
    /// Its iterates from `W_TRUE + START_OFFSET`, [`PATH_STEPS`] steps.
    pub path: Vec<[f64; 2]>,
    /// Steps until the distance to the minimum is 1/1000 of the start's; `None` past [`STEP_CAP`].
    pub steps_to_converge: Option<usize>,
}

impl StageFit {
    /// The fit on `points` with the targets' noise from `seed` (the same for every stage).
    pub fn new(points: &[[f64; 2]], seed: u64) -> Self {
        let fit = fit_on(FitKind::Linear, points, seed);
        let h = fit.hessian(W_TRUE);
        let hessian = [[h[(0, 0)], h[(0, 1)]], [h[(1, 0)], h[(1, 1)]]];
        let (values, vectors) = eigen(&[hessian[0].to_vec(), hessian[1].to_vec()]);
        let eigenvalues = [values[0], values[1]];
        let eigenvectors = [[vectors[0][0], vectors[0][1]], [vectors[1][0], vectors[1][1]]];
        let kappa = if values[1] > 0.0 { values[0] / values[1] } else { f64::INFINITY };
        let minimum = fit.minimum().unwrap_or(W_TRUE);
        let loss_min = fit.value(minimum);
        let lr = RATE_FRACTION * 2.0 / (values[0] + values[1].max(0.0));
        let start = [W_TRUE[0] + START_OFFSET[0], W_TRUE[1] + START_OFFSET[1]];
        let step = |w: [f64; 2]| {
            let g = fit.grad(w);
            [w[0] - lr * g[0], w[1] - lr * g[1]]
        };
        let path = std::iter::successors(Some(start), |&w| Some(step(w))).take(PATH_STEPS + 1).collect();
        let distance = |w: [f64; 2]| (w[0] - minimum[0]).hypot(w[1] - minimum[1]);
        let target = distance(start) * 1e-3;
        // Iterating the quadratic's update with H directly: the same steps without touching the data.
        let mut w = start;
        let steps_to_converge = (0..=STEP_CAP).find(|_| {
            let done = distance(w) <= target;
            let d = [w[0] - minimum[0], w[1] - minimum[1]];
            w[0] -= lr * (hessian[0][0] * d[0] + hessian[0][1] * d[1]);
            w[1] -= lr * (hessian[1][0] * d[0] + hessian[1][1] * d[1]);
            done
        });
        Self { fit, hessian, eigenvalues, eigenvectors, kappa, minimum, loss_min, lr, path, steps_to_converge }
    }

    /// L(w) − L(w*), from the quadratic form (exact for least squares).
    pub fn excess(&self, w: [f64; 2]) -> f64 {
        let d = [w[0] - self.minimum[0], w[1] - self.minimum[1]];
        let h = self.hessian;
        0.5 * (d[0] * (h[0][0] * d[0] + h[0][1] * d[1]) + d[1] * (h[1][0] * d[0] + h[1][1] * d[1]))
    }
}

/// The scene: the config, its pipeline, and the stages' fits (2D data only).
#[derive(Clone, Debug)]
pub struct Preprocessing {
    config: PreprocessConfig,
    pipeline: Pipeline,
    fits: Vec<StageFit>,
}

/// The rows of a 2D stage as points.
fn points(data: &[f64]) -> Vec<[f64; 2]> {
    data.chunks_exact(2).map(|r| [r[0], r[1]]).collect()
}

impl Preprocessing {
    /// Run the pipeline of `config` (`digits` needed for the digits), or refuse the config.
    pub fn new(config: PreprocessConfig, digits: Option<&Digits>) -> Result<Self> {
        crate::fields::validate(&config)?;
        let (x, n, d, normalize) = data_of(&config, digits)?;
        let pipeline = pipeline(&x, n, d, normalize)?;
        let fits = if d == 2 {
            pipeline.stages.iter().map(|s| StageFit::new(&points(&s.data), config.seed)).collect()
        } else {
            Vec::new()
        };
        let mut scene = Self { config, pipeline, fits };
        scene.config.stage = scene.config.stage.min(scene.last_stage());
        Ok(scene)
    }

    /// The config in force (its stage clamped to this pipeline's stages).
    pub fn config(&self) -> &PreprocessConfig {
        &self.config
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// One fit per stage (empty for images).
    pub fn fits(&self) -> &[StageFit] {
        &self.fits
    }

    /// Position of the last stage.
    pub fn last_stage(&self) -> f64 {
        (self.pipeline.stages.len() - 1) as f64
    }

    /// Whether the data are images (more than two features): the digits view.
    pub fn is_images(&self) -> bool {
        self.pipeline.d > 2
    }

    /// Move along the pipeline (clamped) or change the digit view; other fields need `new`.
    pub fn set_view(&mut self, stage: f64, components: usize, digit: usize) {
        self.config.stage = if stage.is_finite() { stage.clamp(0.0, self.last_stage()) } else { 0.0 };
        self.config.components = components.clamp(1, self.pipeline.d);
        self.config.digit = digit.min(self.pipeline.n - 1);
    }

    /// The 2D points at pipeline position `t`: between two stages, each point moves on the
    /// straight line from one to the other.
    pub fn points_at(&self, t: f64) -> Vec<[f64; 2]> {
        let stages = &self.pipeline.stages;
        let t = t.clamp(0.0, self.last_stage());
        let (i, f) = ((t.floor() as usize).min(stages.len() - 1), t.fract());
        let (a, b) = (&stages[i].data, &stages[(i + 1).min(stages.len() - 1)].data);
        a.chunks_exact(2)
            .zip(b.chunks_exact(2))
            .map(|(p, q)| [p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1])])
            .collect()
    }

    /// The fit on the points at `t` (the stage's own fit at whole positions).
    pub fn fit_at(&self, t: f64) -> StageFit {
        if t.fract() == 0.0 {
            if let Some(fit) = self.fits.get(t as usize) {
                return fit.clone();
            }
        }
        StageFit::new(&self.points_at(t), self.config.seed)
    }

    /// Digit `index` as pixels, mean-subtracted, rebuilt from its first `k` principal components,
    /// and whitened then rotated back to pixels (ZCA: U·diag(1/√(λ+ε))·Uᵀ(x − μ)).
    pub fn rebuild(&self, index: usize, k: usize) -> [Vec<f64>; 4] {
        let p = &self.pipeline;
        let (d, i) = (p.d, index.min(p.n - 1));
        let x = &p.stages[0].data[i * d..(i + 1) * d];
        let centred: Vec<f64> = x.iter().zip(&p.mean).map(|(v, m)| v - m).collect();
        let coords: Vec<f64> = p.eigenvectors.iter().map(|u| dot(u, &centred)).collect();
        let combine = |weight: &dyn Fn(usize) -> f64, base: &[f64]| {
            let mut out = base.to_vec();
            for (c, u) in p.eigenvectors.iter().enumerate() {
                let w = weight(c);
                out.iter_mut().zip(u).for_each(|(o, uj)| *o += w * uj);
            }
            out
        };
        let rebuilt = combine(&|c| if c < k { coords[c] } else { 0.0 }, &p.mean);
        let whitened = combine(&|c| coords[c] / (p.eigenvalues[c].max(0.0) + WHITEN_EPS).sqrt(), &vec![0.0; d]);
        [x.to_vec(), centred, rebuilt, whitened]
    }

    /// Share of the variance along each principal component, and the running total.
    pub fn explained_variance(&self) -> (Vec<f64>, Vec<f64>) {
        let values = &self.pipeline.eigenvalues;
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        let shares: Vec<f64> = values.iter().map(|v| v.max(0.0) / total).collect();
        let cumulative = shares
            .iter()
            .scan(0.0, |acc, s| {
                *acc += s;
                Some(*acc)
            })
            .collect();
        (shares, cumulative)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
