//! The objective an optimizer minimizes: value, gradient and (optionally) Hessian of a function
//! of a flat parameter vector. Loss surfaces implement it; optimizers consume it; neither needs
//! the other.

use nalgebra::DMatrix;

/// A differentiable function of a flat parameter vector: what second-order methods and the
/// L-BFGS line search need to look at beyond the current gradient.
pub trait Objective {
    /// f(p).
    fn value(&self, p: &[f64]) -> f64;
    /// ∇f(p), written into `out` (same length as `p`).
    fn grad(&self, p: &[f64], out: &mut [f64]);
    /// ∇²f(p) when it is known analytically (Newton needs it).
    fn hessian(&self, _p: &[f64]) -> Option<DMatrix<f64>> {
        None
    }
}
