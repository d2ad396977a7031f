//! The saddle x² − y² — lecture slide "Saddle points: gradient is zero, but it is not a
//! minimum". Starting almost on the ridge (y = 1e-3), plain SGD lingers near the saddle before
//! escaping along y; Newton jumps straight *to* the saddle. Unbounded below: no minima.

use nalgebra::Matrix2;

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = x² − y²";

/// x² − y².
pub(super) struct Saddle;

impl Shape for Saddle {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        x * x - y * y
    }

    fn grad(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [2.0 * x, -2.0 * y]
    }

    fn hessian(&self, _p: [f64; 2]) -> Matrix2<f64> {
        Matrix2::new(2.0, 0.0, 0.0, -2.0)
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -2.5, x_max: 2.5, y_min: -2.5, y_max: 2.5 }
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        Vec::new()
    }

    fn start(&self) -> [f64; 2] {
        [-2.0, 1e-3]
    }
}
