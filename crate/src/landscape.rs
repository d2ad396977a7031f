//! The loss landscape of a trained network (CS231n notes: residual connections and batch norm
//! make it smoother): the loss along the straight line from the initial to the trained
//! weights, θ(α) = (1 − α)·θ₀ + α·θ₁ for α from −0.5 to 1.5 (Goodfellow et al. 2015), and a
//! 2D slice θ* + x·d₁ + y·d₂ along two random directions with filter normalization — each
//! direction's column for an output unit rescaled to that unit's weight norm, biases and
//! normalization parameters left out (Li et al. 2018) — with the training trajectory
//! projected onto the plane.

use crate::error::{check_count, Result};
use crate::nn::mlp::ParamKind;
use crate::rng::Rng;
use crate::train::Trainer;
use serde::Serialize;

/// Grid points per axis the landscape accepts.
pub const RESOLUTION: (usize, usize) = (5, 101);
/// The interpolation's α range.
pub const ALPHA_RANGE: (f64, f64) = (-0.5, 1.5);
/// The slice's half-width in units of the (normalized) directions.
pub const SLICE_HALF_WIDTH: f64 = 1.0;

/// Loss along the line from the initial to the trained weights.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interpolation {
    pub alpha: Vec<f64>,
    pub train_loss: Vec<f64>,
    pub val_loss: Vec<f64>,
}

/// Training loss on a 2D slice: `loss[i][j]` at (x[j], y[i]); the trajectory's points in
/// slice coordinates, one per recorded epoch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slice {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub loss: Vec<Vec<f64>>,
    pub trajectory: Vec<[f64; 2]>,
}

/// `n` evenly spaced values from `lo` to `hi` (both included).
fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n).map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64).collect()
}

/// The loss of both splits along θ(α) between `initial` and `trained` at `resolution` values
/// of α; leaves the trainer at `trained`.
pub fn interpolate(
    trainer: &mut Trainer,
    initial: &[f64],
    trained: &[f64],
    resolution: usize,
) -> Result<Interpolation> {
    check_count("resolution", resolution, RESOLUTION.0, RESOLUTION.1)?;
    let alpha = grid(ALPHA_RANGE.0, ALPHA_RANGE.1, resolution);
    let (mut train_loss, mut val_loss) = (Vec::new(), Vec::new());
    let mut at = vec![0.0; trained.len()];
    for &a in &alpha {
        at.iter_mut().zip(initial.iter().zip(trained)).for_each(|(p, (&i, &t))| *p = (1.0 - a) * i + a * t);
        trainer.set_params(&at);
        train_loss.push(trainer.split_loss(true));
        val_loss.push(trainer.split_loss(false));
    }
    trainer.set_params(trained);
    Ok(Interpolation { alpha, train_loss, val_loss })
}

/// Rescale `direction` in place, tensor by tensor: every output unit's column of a weight
/// matrix to the norm of the same column of `params`; every other tensor (biases, γ, β, a
/// PReLU slope) to zero. `units` is [`Trainer::param_units`].
pub fn filter_normalize(direction: &mut [f64], params: &[f64], units: &[(ParamKind, usize, usize)]) {
    let mut start = 0;
    for &(kind, len, cols) in units {
        let (d, p) = (&mut direction[start..start + len], &params[start..start + len]);
        start += len;
        if kind != ParamKind::Weight {
            d.fill(0.0);
            continue;
        }
        for c in 0..cols {
            let norm = |v: &[f64]| v.iter().skip(c).step_by(cols).map(|x| x * x).sum::<f64>().sqrt();
            let (dn, pn) = (norm(d), norm(p));
            let scale = if dn > 0.0 { pn / dn } else { 0.0 };
            d.iter_mut().skip(c).step_by(cols).for_each(|x| *x *= scale);
        }
    }
}

/// A Gaussian direction in parameter space, filter-normalized to `params`.
pub fn random_direction(params: &[f64], units: &[(ParamKind, usize, usize)], rng: &mut Rng) -> Vec<f64> {
    let mut d: Vec<f64> = (0..params.len()).map(|_| rng.normal()).collect();
    filter_normalize(&mut d, params, units);
    d
}

/// Coordinates (x, y) of `delta` in the plane of `d1`, `d2`: the least-squares solution of
/// x·d₁ + y·d₂ ≈ delta (the directions are not orthogonal, only nearly so).
pub fn project(delta: &[f64], d1: &[f64], d2: &[f64]) -> [f64; 2] {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let (a, b, c) = (dot(d1, d1), dot(d1, d2), dot(d2, d2));
    let (u, v) = (dot(d1, delta), dot(d2, delta));
    let det = a * c - b * b;
    if det.abs() < 1e-300 {
        return [0.0, 0.0];
    }
    [(c * u - b * v) / det, (a * v - b * u) / det]
}

/// A plane through the trained weights: two directions and the half-width of the square the
/// slice covers, in units of the directions.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Plane {
    pub d: [Vec<f64>; 2],
    pub half_width: f64,
    /// For the trajectory's principal directions: the share of the path's variance each holds.
    pub explained: Option<[f64; 2]>,
}

impl Plane {
    /// Filter-normalized Gaussian directions drawn from `seed` around `center` (the same seed and
    /// weights give the same plane), the square ±[`SLICE_HALF_WIDTH`].
    pub fn random(trainer: &mut Trainer, center: &[f64], seed: u64) -> Self {
        let units = trainer.param_units();
        let mut rng = Rng::new(seed ^ 0x51CE);
        let d1 = random_direction(center, &units, &mut rng);
        Self { d: [d1, random_direction(center, &units, &mut rng)], half_width: SLICE_HALF_WIDTH, explained: None }
    }

    /// The two principal directions of the trajectory's offsets θᵢ − θ* (unit vectors; Li et al.
    /// 2018: random directions in millions of dimensions are nearly orthogonal to the path, which
    /// then shows as a dot), the square wide enough for the whole path. `None` without a path.
    pub fn principal(trajectory: &[Vec<f64>], center: &[f64]) -> Option<Self> {
        let offsets: Vec<Vec<f64>> =
            trajectory.iter().map(|p| p.iter().zip(center).map(|(a, c)| a - c).collect()).collect();
        let n = offsets.len();
        if n < 2 {
            return None;
        }
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        // The eigenvectors of the small Gram matrix MMᵀ give those of MᵀM as Mᵀu.
        let gram = nalgebra::DMatrix::from_fn(n, n, |i, j| dot(&offsets[i], &offsets[j]));
        let eig = nalgebra::SymmetricEigen::new(gram);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let total: f64 = eig.eigenvalues.iter().map(|v| v.max(0.0)).sum();
        let direction = |k: usize| {
            let u = eig.eigenvectors.column(order[k]);
            let mut d = vec![0.0; center.len()];
            for (i, o) in offsets.iter().enumerate() {
                d.iter_mut().zip(o).for_each(|(x, v)| *x += u[i] * v);
            }
            let norm = dot(&d, &d).sqrt();
            (norm > 0.0).then(|| d.iter().map(|x| x / norm).collect::<Vec<f64>>())
        };
        let (d1, d2) = (direction(0)?, direction(1)?);
        let share = |k: usize| eig.eigenvalues[order[k]].max(0.0) / total;
        let mut plane = Self { d: [d1, d2], half_width: 1.0, explained: Some([share(0), share(1)]) };
        let reach = project_trajectory(trajectory, center, &plane).iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
        plane.half_width = (reach * 1.25).max(1e-6);
        Some(plane)
    }

    /// The slice's coordinates along each axis at `resolution` points.
    pub fn axis(&self, resolution: usize) -> Vec<f64> {
        grid(-self.half_width, self.half_width, resolution)
    }
}

/// Training loss of rows `rows` of the slice in `plane` (`loss[i][j]` at x = axis[j],
/// y = axis[rows.start + i]); leaves the trainer at `center`.
pub fn slice_rows(
    trainer: &mut Trainer,
    center: &[f64],
    plane: &Plane,
    resolution: usize,
    rows: std::ops::Range<usize>,
) -> Vec<Vec<f64>> {
    let axis = plane.axis(resolution);
    let [d1, d2] = &plane.d;
    let mut at = center.to_vec();
    let mut loss = Vec::with_capacity(rows.len());
    for &y in &axis[rows] {
        let mut row = Vec::with_capacity(resolution);
        for &x in &axis {
            at.iter_mut().enumerate().for_each(|(i, p)| *p = center[i] + x * d1[i] + y * d2[i]);
            trainer.set_params(&at);
            row.push(trainer.split_loss(true));
        }
        loss.push(row);
    }
    trainer.set_params(center);
    loss
}

/// `trajectory` (weights after each epoch) in the coordinates of `plane` through `center`.
pub fn project_trajectory(trajectory: &[Vec<f64>], center: &[f64], plane: &Plane) -> Vec<[f64; 2]> {
    let delta = |p: &Vec<f64>| p.iter().zip(center).map(|(a, c)| a - c).collect::<Vec<f64>>();
    trajectory.iter().map(|p| project(&delta(p), &plane.d[0], &plane.d[1])).collect()
}

/// The training loss on a `resolution`² grid around the trainer's current (trained) weights
/// along two filter-normalized random directions drawn from `seed`, and `trajectory` (the
/// weights after each epoch) projected onto that plane. Leaves the trainer at its weights.
pub fn slice2d(trainer: &mut Trainer, trajectory: &[Vec<f64>], resolution: usize, seed: u64) -> Result<Slice> {
    check_count("resolution", resolution, RESOLUTION.0, RESOLUTION.1)?;
    let center = trainer.params();
    let plane = Plane::random(trainer, &center, seed);
    let loss = slice_rows(trainer, &center, &plane, resolution, 0..resolution);
    let axis = plane.axis(resolution);
    Ok(Slice { x: axis.clone(), y: axis, loss, trajectory: project_trajectory(trajectory, &center, &plane) })
}

/// Step sizes of the smoothness measurements: steps of η·∇L from the current weights.
pub const SMOOTHNESS_STEPS: [f64; 5] = [0.05, 0.1, 0.2, 0.4, 0.8];

/// Santurkar et al. (2018)'s measurements at the current weights θ, stepping along the
/// training loss's gradient g to θ − η·g for each η of [`SMOOTHNESS_STEPS`]: the range of the
/// loss met ("loss landscape" variation) and the largest change of the gradient ‖∇L(θ − ηg) − g‖
/// ("gradient predictiveness"). Leaves the trainer at θ.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Smoothness {
    pub loss_min: f64,
    pub loss_max: f64,
    pub grad_change: f64,
}

impl Smoothness {
    /// Measure at the trainer's current weights.
    pub fn measure(trainer: &mut Trainer) -> Self {
        let theta = trainer.params();
        let (loss, g) = trainer.split_gradient();
        let (mut loss_min, mut loss_max, mut grad_change) = (loss, loss, 0.0f64);
        let mut at = theta.clone();
        for eta in SMOOTHNESS_STEPS {
            at.iter_mut().zip(theta.iter().zip(&g)).for_each(|(p, (&t, &gi))| *p = t - eta * gi);
            trainer.set_params(&at);
            let (l, g_at) = trainer.split_gradient();
            loss_min = loss_min.min(l);
            loss_max = loss_max.max(l);
            grad_change = grad_change.max(g_at.iter().zip(&g).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt());
        }
        trainer.set_params(&theta);
        Self { loss_min, loss_max, grad_change }
    }
}
