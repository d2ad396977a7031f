//! Himmelblau's function (x² + y − 11)² + (x + y² − 7)² — four minima of equal depth (f = 0):
//! which one a method reaches depends on the start and the method; Newton from (0, 0) climbs to
//! the local maximum (−0.2708, −0.9230) because the Hessian there is negative definite.

use nalgebra::Matrix2;

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = (x² + y − 11)² + (x + y² − 7)²";

/// (x² + y − 11)² + (x + y² − 7)².
pub(super) struct Himmelblau;

impl Shape for Himmelblau {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
    }

    fn grad(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
    }

    fn hessian(&self, [x, y]: [f64; 2]) -> Matrix2<f64> {
        let xy = 4.0 * (x + y);
        Matrix2::new(12.0 * x * x + 4.0 * y - 42.0, xy, xy, 4.0 * x + 12.0 * y * y - 26.0)
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -5.0, x_max: 5.0, y_min: -5.0, y_max: 5.0 }
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![
            [3.0, 2.0],
            [-2.805118086952745, 3.131312518250573],
            [-3.779310253377747, -3.283185991286169],
            [3.5844283403304917, -1.8481265269644034],
        ]
    }

    fn start(&self) -> [f64; 2] {
        [0.0, 0.0]
    }
}
