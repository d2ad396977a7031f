//! Gaussian wells on a gentle bowl — lecture slide "Local minima": three minima of different
//! depth. From the default start plain SGD settles in the shallow well, while momentum can roll
//! through it to the deepest one.

use nalgebra::{Matrix2, Vector2};

use super::{Shape, ViewBox};

pub(super) const FORMULA: &str = "f = 0.08(x² + y²) − Σᵢ dᵢ·exp(−‖p − cᵢ‖² / 2σᵢ²)";

/// Curvature of the bowl: b·(x² + y²).
const BOWL: f64 = 0.08;

/// Wells: (centre x, centre y, depth d, width σ) — shallow, deep, medium.
const WELLS: [[f64; 4]; 3] = [[-1.6, 1.2, 0.9, 0.55], [1.8, -1.2, 2.6, 0.9], [-1.4, -1.8, 1.6, 0.7]];

/// b‖p‖² − Σᵢ dᵢ exp(−‖p − cᵢ‖² / 2σᵢ²).
pub(super) struct Wells;

/// For each well: (e = d·exp(−r²/2σ²) ≥ 0, offset p − c, 1/σ²).
fn wells([x, y]: [f64; 2]) -> impl Iterator<Item = (f64, Vector2<f64>, f64)> {
    WELLS.into_iter().map(move |[cx, cy, depth, sigma]| {
        let offset = Vector2::new(x - cx, y - cy);
        let inv_var = 1.0 / (sigma * sigma);
        (depth * (-0.5 * offset.norm_squared() * inv_var).exp(), offset, inv_var)
    })
}

impl Shape for Wells {
    fn value(&self, [x, y]: [f64; 2]) -> f64 {
        BOWL * (x * x + y * y) - wells([x, y]).map(|(e, ..)| e).sum::<f64>()
    }

    fn grad(&self, p: [f64; 2]) -> [f64; 2] {
        // ∇f = 2b·p + Σ e·(p − c)/σ²
        let g = wells(p).fold(2.0 * BOWL * Vector2::from(p), |g, (e, r, iv)| g + e * iv * r);
        [g.x, g.y]
    }

    fn hessian(&self, p: [f64; 2]) -> Matrix2<f64> {
        // ∇²f = 2b·I + Σ e/σ²·(I − (p − c)(p − c)ᵀ/σ²)
        wells(p).fold(2.0 * BOWL * Matrix2::identity(), |h, (e, r, iv)| {
            let outer = Matrix2::new(r.x * r.x, r.x * r.y, r.x * r.y, r.y * r.y);
            h + e * iv * (Matrix2::identity() - iv * outer)
        })
    }

    fn view_box(&self) -> ViewBox {
        ViewBox { x_min: -4.0, x_max: 4.0, y_min: -3.5, y_max: 3.5 }
    }

    /// The three well bottoms (shallow, deep, medium), polished by Newton from the centres.
    fn minima(&self) -> Vec<[f64; 2]> {
        WELLS
            .iter()
            .map(|&[cx, cy, ..]| {
                let mut p = Vector2::new(cx, cy);
                for _ in 0..30 {
                    let h = self.hessian([p.x, p.y]);
                    let step = h.lu().solve(&Vector2::from(self.grad([p.x, p.y]))).unwrap_or_else(Vector2::zeros);
                    p -= step;
                }
                [p.x, p.y]
            })
            .collect()
    }

    fn start(&self) -> [f64; 2] {
        [-3.4, 2.9]
    }
}
