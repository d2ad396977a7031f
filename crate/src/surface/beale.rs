//! Beale's function — flat plateaus next to steep walls, so gradient magnitudes vary by orders
//! of magnitude (where adaptive per-parameter steps shine). Minimum f(3, 0.5) = 0; Newton from
//! the reference start lands on the saddle point (0, 1).

use nalgebra::Matrix2;

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²";

const C: [f64; 3] = [1.5, 2.25, 2.625];

/// Σᵢ uᵢ² with uᵢ = cᵢ − x + x·y^i, i = 1, 2, 3.
pub(super) struct Beale;

/// For each term i = 1..3: (uᵢ, ∂uᵢ/∂x, ∂uᵢ/∂y, ∂²uᵢ/∂x∂y, ∂²uᵢ/∂y²)  (∂²uᵢ/∂x² = 0).
fn terms([x, y]: [f64; 2]) -> [[f64; 5]; 3] {
    let mut out = [[0.0; 5]; 3];
    for (i, (term, c)) in out.iter_mut().zip(C).enumerate() {
        let k = (i + 1) as i32;
        let yk = y.powi(k);
        let yk1 = y.powi(k - 1);
        let kf = f64::from(k);
        let yk2 = if k >= 2 { (kf - 1.0) * y.powi(k - 2) } else { 0.0 };
        *term = [c - x + x * yk, yk - 1.0, kf * x * yk1, kf * yk1, kf * x * yk2];
    }
    out
}

impl Shape for Beale {
    fn value(&self, p: [f64; 2]) -> f64 {
        terms(p).iter().map(|t| t[0] * t[0]).sum()
    }

    fn grad(&self, p: [f64; 2]) -> [f64; 2] {
        // ∇f = Σ 2uᵢ∇uᵢ
        terms(p).iter().fold([0.0, 0.0], |g, [u, ux, uy, ..]| [g[0] + 2.0 * u * ux, g[1] + 2.0 * u * uy])
    }

    fn hessian(&self, p: [f64; 2]) -> Matrix2<f64> {
        // ∇²f = Σ 2(∇uᵢ∇uᵢᵀ + uᵢ∇²uᵢ)
        terms(p).iter().fold(Matrix2::zeros(), |h, [u, ux, uy, uxy, uyy]| {
            h + 2.0 * Matrix2::new(ux * ux, ux * uy + u * uxy, ux * uy + u * uxy, uy * uy + u * uyy)
        })
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -1.0, x_max: 4.5, y_min: -2.0, y_max: 2.5 }
    }

    fn minima(&self) -> Vec<[f64; 2]> {
        vec![[3.0, 0.5]]
    }

    fn start(&self) -> [f64; 2] {
        [1.0, 1.5]
    }
}
