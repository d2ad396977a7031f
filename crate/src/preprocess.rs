//! Data preprocessing (CS231n lecture 6): zero-centre, normalize, decorrelate (PCA rotation)
//! and whiten a data matrix, with each stage's mean, covariance and uncentred second moment
//! ZᵀZ/N — the Hessian of linear regression without bias on that stage's data — and its
//! condition number κ. f64 throughout, symmetric eigendecomposition by nalgebra.
//!
//! Conventions (the CS231n notes' code, and `shared/reference/H_preprocessing.json`):
//! population mean, std and covariance; eigenvalues descending; each eigenvector (a column of
//! U) signed so that its largest-magnitude component is positive; `pca = Xc·U`,
//! `whiten = pca / √(λ + ε)` with ε = 1e-5.

use crate::error::{ConfigError, Result};
use nalgebra::{DMatrix, SymmetricEigen};
use serde::Serialize;

/// Whitening's ε, added to each eigenvalue before the square root.
pub const WHITEN_EPS: f64 = 1e-5;

/// The pipeline's stages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Raw,
    Center,
    Normalize,
    Pca,
    Whiten,
}

impl StageKind {
    /// Every stage, in pipeline order.
    pub const ALL: [StageKind; 5] = [Self::Raw, Self::Center, Self::Normalize, Self::Pca, Self::Whiten];

    /// The stage with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Stable identifier (CLI JSON, i18n keys).
    pub fn name(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Center => "center",
            Self::Normalize => "normalize",
            Self::Pca => "pca",
            Self::Whiten => "whiten",
        }
    }
}

/// One stage's data and its statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub kind: StageKind,
    /// N×D, row-major.
    pub data: Vec<f64>,
    pub mean: Vec<f64>,
    /// Population covariance (D×D, row-major rows).
    pub covariance: Vec<Vec<f64>>,
    /// ZᵀZ/N.
    pub second_moment: Vec<Vec<f64>>,
    /// max/min eigenvalue of the second moment; `None` when the smallest is 0 (singular).
    pub condition_number: Option<f64>,
}

/// A data matrix through every stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub n: usize,
    pub d: usize,
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
    pub covariance: Vec<Vec<f64>>,
    /// Descending.
    pub eigenvalues: Vec<f64>,
    /// One eigenvector per eigenvalue (the columns of U), sign-normalized.
    pub eigenvectors: Vec<Vec<f64>>,
    pub stages: Vec<Stage>,
}

/// Run `x` (n×d, row-major) through raw → center → normalize → pca → whiten. With
/// `normalize` false the normalize stage is left out (images: constant corner pixels); with it,
/// a zero-variance column is refused by name rather than divided by 0.
pub fn pipeline(x: &[f64], n: usize, d: usize, normalize: bool) -> Result<Pipeline> {
    if n < 2 || d == 0 || x.len() != n * d {
        return Err(ConfigError::new(
            "data",
            format!("needs at least 2 rows of {d} > 0 numbers, got {} numbers", x.len()),
        ));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(ConfigError::new("data", format!("row {}, column {}: not a finite number", i / d + 1, i % d + 1)));
    }
    let mean = column_means(x, d);
    let centred: Vec<f64> = x.chunks_exact(d).flat_map(|row| row.iter().zip(&mean).map(|(v, m)| v - m)).collect();
    let covariance = second_moment(&centred, d);
    let std: Vec<f64> = (0..d).map(|j| covariance[j][j].sqrt()).collect();
    let (eigenvalues, eigenvectors) = eigen(&covariance);

    // One pass over the data (the covariance above); every stage's second moment follows by
    // algebra: raw = C + μμᵀ, centred = C, and a stage Z·A of the centred data has AᵀCA.
    let raw_moment = (0..d).map(|i| (0..d).map(|j| covariance[i][j] + mean[i] * mean[j]).collect()).collect();
    let center = stage_with(StageKind::Center, centred.clone(), d, covariance.clone());
    let mut stages = vec![stage_with(StageKind::Raw, x.to_vec(), d, raw_moment), center];
    if normalize {
        if let Some(j) = std.iter().position(|&s| s == 0.0) {
            return Err(ConfigError::new("data", format!("column {} is constant: it cannot be normalized", j + 1)));
        }
        let normalized = map_rows(&centred, d, |row, out| out.extend(row.iter().zip(&std).map(|(v, s)| v / s)));
        let moment = scaled(&covariance, &std.iter().map(|s| 1.0 / s).collect::<Vec<_>>());
        stages.push(stage_with(StageKind::Normalize, normalized, d, moment));
    }
    let rotated = map_rows(&centred, d, |row, out| {
        out.extend(eigenvectors.iter().map(|u| row.iter().zip(u).map(|(a, b)| a * b).sum::<f64>()))
    });
    let whitened = map_rows(&rotated, d, |row, out| {
        out.extend(row.iter().zip(&eigenvalues).map(|(v, l)| v / (l.max(0.0) + WHITEN_EPS).sqrt()))
    });
    let pca_moment = rotate(&covariance, &eigenvectors);
    let whiten_scale: Vec<f64> = eigenvalues.iter().map(|l| 1.0 / (l.max(0.0) + WHITEN_EPS).sqrt()).collect();
    let whiten_moment = scaled(&pca_moment, &whiten_scale);
    stages.push(stage_with(StageKind::Pca, rotated, d, pca_moment));
    stages.push(stage_with(StageKind::Whiten, whitened, d, whiten_moment));
    Ok(Pipeline { n, d, mean, std, covariance, eigenvalues, eigenvectors, stages })
}

/// DMD for D = diag(`scale`): the second moment of data whose columns are scaled.
fn scaled(m: &[Vec<f64>], scale: &[f64]) -> Vec<Vec<f64>> {
    m.iter().zip(scale).map(|(row, si)| row.iter().zip(scale).map(|(v, sj)| v * si * sj).collect()).collect()
}

/// UᵀMU with U's columns `u`: the second moment of data rotated onto them.
fn rotate(m: &[Vec<f64>], u: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mu: Vec<Vec<f64>> =
        u.iter().map(|col| m.iter().map(|row| row.iter().zip(col).map(|(a, b)| a * b).sum()).collect()).collect();
    u.iter().map(|ui| mu.iter().map(|mj| ui.iter().zip(mj).map(|(a, b)| a * b).sum()).collect()).collect()
}

fn map_rows(x: &[f64], d: usize, f: impl Fn(&[f64], &mut Vec<f64>)) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len());
    for row in x.chunks_exact(d) {
        f(row, &mut out);
    }
    out
}

fn column_means(x: &[f64], d: usize) -> Vec<f64> {
    let n = (x.len() / d) as f64;
    let mut sums = vec![0.0; d];
    for row in x.chunks_exact(d) {
        sums.iter_mut().zip(row).for_each(|(s, v)| *s += v);
    }
    sums.iter().map(|s| s / n).collect()
}

/// ZᵀZ/N (the covariance when Z is centred). A plain loop over the upper triangle: in the
/// page's wasm it beats matrixmultiply's f64 kernel, which has no wasm SIMD path.
fn second_moment(z: &[f64], d: usize) -> Vec<Vec<f64>> {
    let n = (z.len() / d) as f64;
    // The upper triangle only (flat, row i from column i), read back symmetrically.
    let mut upper = vec![0.0; d * d];
    for row in z.chunks_exact(d) {
        for (i, &a) in row.iter().enumerate() {
            upper[i * d + i..(i + 1) * d].iter_mut().zip(&row[i..]).for_each(|(o, b)| *o += a * b);
        }
    }
    (0..d).map(|i| (0..d).map(|j| upper[i.min(j) * d + i.max(j)] / n).collect()).collect()
}

/// Eigenvalues descending and their eigenvectors (sign rule applied) of a symmetric matrix.
pub fn eigen(sym: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let d = sym.len();
    let m = DMatrix::from_fn(d, d, |i, j| sym[i][j]);
    let eig = SymmetricEigen::new(m);
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let values = order.iter().map(|&k| eig.eigenvalues[k]).collect();
    let vectors = order
        .iter()
        .map(|&k| {
            let column: Vec<f64> = eig.eigenvectors.column(k).iter().copied().collect();
            let largest = column.iter().copied().fold(0.0f64, |a, v| if v.abs() > a.abs() { v } else { a });
            let sign = if largest < 0.0 { -1.0 } else { 1.0 };
            column.iter().map(|v| v * sign).collect()
        })
        .collect();
    (values, vectors)
}

/// A stage with its second moment. The covariance is the second moment minus μμᵀ (the values
/// here are a few units at most, so the cancellation costs far less than the 1e-9 the tests ask).
fn stage_with(kind: StageKind, data: Vec<f64>, d: usize, moment: Vec<Vec<f64>>) -> Stage {
    let mean = column_means(&data, d);
    let covariance = (0..d).map(|i| (0..d).map(|j| moment[i][j] - mean[i] * mean[j]).collect()).collect();
    let values = eigenvalues(&moment);
    let (max, min) = (values[0], values[d - 1]);
    let condition_number = (min > 0.0).then(|| max / min);
    Stage { kind, data, mean, covariance, second_moment: moment, condition_number }
}

/// Eigenvalues of a symmetric matrix, descending (no eigenvectors: κ needs only these).
fn eigenvalues(sym: &[Vec<f64>]) -> Vec<f64> {
    let d = sym.len();
    let mut values: Vec<f64> =
        DMatrix::from_fn(d, d, |i, j| sym[i][j]).symmetric_eigenvalues().iter().copied().collect();
    values.sort_by(|a, b| b.total_cmp(a));
    values
}

/// A CSV text: one header line, then rows of numbers. Refuses an empty file, fewer than two
/// rows, a ragged row, a non-number, NaN or infinity, naming the line and column (1-based).
pub fn parse_csv(text: &str) -> Result<(Vec<f64>, usize, usize)> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Err(ConfigError::new("csv", "the file is empty")) };
    let d = header.split(',').count();
    let mut x = Vec::new();
    for (at, line) in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != d {
            return Err(ConfigError::new(
                "csv",
                format!("line {}: {} columns, the header has {d}", at + 1, cells.len()),
            ));
        }
        for (j, cell) in cells.iter().enumerate() {
            match cell.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => x.push(v),
                _ => {
                    return Err(ConfigError::new(
                        "csv",
                        format!("line {}, column {}: {:?} is not a finite number", at + 1, j + 1, cell.trim()),
                    ))
                }
            }
        }
    }
    let n = x.len() / d;
    if n < 2 {
        return Err(ConfigError::new("csv", format!("{n} data row(s): the statistics need at least 2")));
    }
    Ok((x, n, d))
}
