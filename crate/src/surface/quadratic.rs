//! The ill-conditioned quadratic ½(x² + κy²) — lecture slide "Problems with SGD: loss changes
//! quickly in one direction and slowly in another" (Hessian eigenvalues 1 and κ; plain gradient
//! descent is stable only for lr < 2/κ and zig-zags across the valley).

use nalgebra::Matrix2;

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = ½(x² + κy²)";

/// ½(x² + κy²).
pub(super) struct Quadratic {
    pub(super) kappa: f64,
}

impl Shape for Quadratic {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        0.5 * (x * x + self.kappa * y * y)
    }

    fn grad(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [x, self.kappa * y]
    }

    fn hessian(&self, _p: [f64; 2]) -> Matrix2<f64> {
        Matrix2::new(1.0, 0.0, 0.0, self.kappa)
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -5.0, x_max: 5.0, y_min: -2.5, y_max: 2.5 }
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[0.0, 0.0]]
    }

    fn start(&self) -> [f64; 2] {
        [-4.5, 1.2]
    }
}
