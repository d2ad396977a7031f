//! Rosenbrock's banana (1 − x)² + 100(y − x²)² — a long, curved, flat-bottomed valley: first-order
//! methods crawl along it; Newton and L-BFGS follow the curvature.

use nalgebra::Matrix2;

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = (1 − x)² + 100(y − x²)²";

const A: f64 = 1.0;
const B: f64 = 100.0;

/// (a − x)² + b(y − x²)² with a = 1, b = 100.
pub(super) struct Rosenbrock;

impl Shape for Rosenbrock {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        (A - x).powi(2) + B * (y - x * x).powi(2)
    }

    fn grad(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let valley = y - x * x;
        [-2.0 * (A - x) - 4.0 * B * x * valley, 2.0 * B * valley]
    }

    fn hessian(&self, [x, y]: [f64; 2]) -> Matrix2<f64> {
        let xy = -4.0 * B * x;
        Matrix2::new(2.0 - 4.0 * B * (y - x * x) + 8.0 * B * x * x, xy, xy, 2.0 * B)
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -2.0, x_max: 2.0, y_min: -1.0, y_max: 3.0 }
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[A, A * A]]
    }

    fn start(&self) -> [f64; 2] {
        [-1.5, 2.0]
    }
}
