//! Loss surfaces — lecture slides "Optimization: Problems with SGD" (ill-conditioned valleys,
//! saddle points, local minima). Each 2D surface has an analytic value, gradient and Hessian,
//! a view box that frames the interesting part, its known minima and the start point of the
//! reference races. One small file per surface; [`SurfaceKind`] is the registry the UI, the URL
//! and the tests enumerate.

mod beale;
pub mod data_fit;
pub mod fit_data;
mod himmelblau;
mod quadratic;
mod rosenbrock;
mod saddle;
mod wells;

use nalgebra::{DMatrix, Matrix2};
use serde::{Deserialize, Serialize};

use crate::error::{check_range, Result};
use crate::objective::Objective;
use data_fit::{DataFit, FitKind};
use std::rc::Rc;

/// Every surface gradscope can draw, in the order the page lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurfaceKind {
    /// ½(x² + κy²): a valley with condition number κ (zig-zagging SGD).
    Quadratic,
    /// (1 − x)² + 100(y − x²)²: the curved banana valley.
    Rosenbrock,
    /// Beale's function: flat plateaus and steep walls.
    Beale,
    /// x² − y²: a saddle point at the origin.
    Saddle,
    /// Himmelblau's function: four minima of equal depth.
    Himmelblau,
    /// Gaussian wells on a gentle bowl: local minima of different depth.
    Wells,
    /// Linear regression without bias over two weights on seeded data (minibatch gradients).
    Linreg,
    /// Logistic regression without bias over two weights on seeded data (minibatch gradients).
    Logreg,
}

impl SurfaceKind {
    /// All kinds.
    pub const ALL: [SurfaceKind; 8] = [
        Self::Quadratic,
        Self::Rosenbrock,
        Self::Beale,
        Self::Saddle,
        Self::Himmelblau,
        Self::Wells,
        Self::Linreg,
        Self::Logreg,
    ];

    /// Short lowercase name (URL hash, CLI, serde).
    pub fn name(self) -> &'static str {
        match self {
            Self::Quadratic => "quadratic",
            Self::Rosenbrock => "rosenbrock",
            Self::Beale => "beale",
            Self::Saddle => "saddle",
            Self::Himmelblau => "himmelblau",
            Self::Wells => "wells",
            Self::Linreg => "linreg",
            Self::Logreg => "logreg",
        }
    }

    /// The kind with this short name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The formula, for the legend.
    pub fn formula(self) -> &'static str {
        match self {
            Self::Quadratic => quadratic::FORMULA,
            Self::Rosenbrock => rosenbrock::FORMULA,
            Self::Beale => beale::FORMULA,
            Self::Saddle => saddle::FORMULA,
            Self::Himmelblau => himmelblau::FORMULA,
            Self::Wells => wells::FORMULA,
            Self::Linreg => "L(w) = ‖Zw − y‖² / 2N",
            Self::Logreg => "L(w) = mean log(1 + exp(−sᵢ zᵢ·w))",
        }
    }

    /// The loss of a data-fit surface (whose gradients can come from minibatches).
    pub fn fit_kind(self) -> Option<FitKind> {
        match self {
            Self::Linreg => Some(FitKind::Linear),
            Self::Logreg => Some(FitKind::Logistic),
            _ => None,
        }
    }
}

/// The data rectangle a surface is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewBox {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

impl ViewBox {
    /// Whether `p` lies inside (edges included).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        (self.x_min..=self.x_max).contains(&p[0]) && (self.y_min..=self.y_max).contains(&p[1])
    }
}

/// Condition number κ of the quadratic when none is given.
pub const DEFAULT_KAPPA: f64 = 25.0;
/// Allowed κ.
pub const KAPPA_RANGE: (f64, f64) = (1.0, 1000.0);

/// A surface: its kind plus the quadratic's condition number κ (ignored by the others), and
/// the data of a data-fit surface.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    /// Which surface.
    pub kind: SurfaceKind,
    /// Condition number κ of the quadratic (Hessian eigenvalues 1 and κ).
    pub kappa: f64,
    /// The rows and targets of a data-fit surface (`None` for the analytic ones).
    pub data: Option<Rc<DataFit>>,
}

impl Default for Surface {
    fn default() -> Self {
        Self::new(SurfaceKind::Quadratic)
    }
}

/// What every surface file provides.
trait Shape {
    fn value(&self, p: [f64; 2]) -> f64;
    fn grad(&self, p: [f64; 2]) -> [f64; 2];
    fn hessian(&self, p: [f64; 2]) -> Matrix2<f64>;
    fn view_box(&self) -> ViewBox;
    fn minima(&self) -> Vec<[f64; 2]>;
    fn start(&self) -> [f64; 2];
}

impl Surface {
    /// The surface of this kind (κ = [`DEFAULT_KAPPA`]; a data-fit surface on its raw data, seed 1).
    pub fn new(kind: SurfaceKind) -> Self {
        Self::with_data(kind, DEFAULT_KAPPA, crate::preprocess::StageKind::Raw, 1)
    }

    /// The surface of `kind`; a data-fit one on the race's cloud after preprocessing `stage`.
    pub fn with_data(kind: SurfaceKind, kappa: f64, stage: crate::preprocess::StageKind, seed: u64) -> Self {
        let data = kind.fit_kind().map(|fit| Rc::new(fit_data::race_data(fit, stage, seed)));
        Self { kind, kappa, data }
    }

    /// Refuse a κ outside [`KAPPA_RANGE`].
    pub fn validate(&self) -> Result<()> {
        check_range("kappa", self.kappa, KAPPA_RANGE.0, KAPPA_RANGE.1).map(|_| ())
    }

    fn with<R>(&self, f: impl FnOnce(&dyn Shape) -> R) -> R {
        match self.kind {
            SurfaceKind::Quadratic => f(&quadratic::Quadratic { kappa: self.kappa }),
            SurfaceKind::Rosenbrock => f(&rosenbrock::Rosenbrock),
            SurfaceKind::Beale => f(&beale::Beale),
            SurfaceKind::Saddle => f(&saddle::Saddle),
            SurfaceKind::Himmelblau => f(&himmelblau::Himmelblau),
            SurfaceKind::Wells => f(&wells::Wells),
            SurfaceKind::Linreg | SurfaceKind::Logreg => match &self.data {
                Some(data) => f(data.as_ref()),
                None => f(&*Surface::new(self.kind).data.expect("a data-fit kind makes its data")),
            },
        }
    }

    /// f(p).
    pub fn value(&self, p: [f64; 2]) -> f64 {
        self.with(|s| s.value(p))
    }

    /// ∇f(p).
    pub fn grad(&self, p: [f64; 2]) -> [f64; 2] {
        self.with(|s| s.grad(p))
    }

    /// ∇²f(p).
    pub fn hessian(&self, p: [f64; 2]) -> Matrix2<f64> {
        self.with(|s| s.hessian(p))
    }

    /// The rectangle that frames the start, the minima and the typical paths.
    pub fn view_box(&self) -> ViewBox {
        self.with(|s| s.view_box())
    }

    /// Known (local) minima; empty for the saddle, which is unbounded below.
    pub fn minima(&self) -> Vec<[f64; 2]> {
        self.with(|s| s.minima())
    }

    /// Start point of the reference races.
    pub fn default_start(&self) -> [f64; 2] {
        self.with(|s| s.start())
    }
}

/// The first two entries of a parameter slice as a point.
fn point(p: &[f64]) -> [f64; 2] {
    [p.first().copied().unwrap_or(f64::NAN), p.get(1).copied().unwrap_or(f64::NAN)]
}

impl Objective for Surface {
    fn value(&self, p: &[f64]) -> f64 {
        Surface::value(self, point(p))
    }

    fn grad(&self, p: &[f64], out: &mut [f64]) {
        for (o, g) in out.iter_mut().zip(Surface::grad(self, point(p))) {
            *o = g;
        }
    }

    fn hessian(&self, p: &[f64]) -> Option<DMatrix<f64>> {
        let h = Surface::hessian(self, point(p));
        Some(DMatrix::from_iterator(2, 2, h.iter().copied()))
    }
}

#[cfg(test)]
mod tests;
