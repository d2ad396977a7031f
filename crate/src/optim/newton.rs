//! Newton's method — lecture slide "First-order vs second-order optimization": jump to the
//! minimum of the local quadratic model, θ ← θ − H⁻¹∇f. No learning rate is needed for a
//! quadratic (one step), but it heads for *any* stationary point the model points to: saddles
//! and maxima included (the saddle and Himmelblau pictures). `lr` scales the step (1 = plain).

use nalgebra::DVector;

use super::Optimizer;
use crate::objective::Objective;

/// Hyperparameters of Newton's method.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewtonParams {
    /// Step scale: θ ← θ − lr·H⁻¹∇f (1 = plain Newton).
    pub lr: f64,
}

impl Default for NewtonParams {
    fn default() -> Self {
        Self { lr: 1.0 }
    }
}

/// Newton's method with the analytic Hessian of the objective. Without a Hessian (plain
/// [`Optimizer::step`], or an objective that has none) it does not move.
#[derive(Clone, Debug, PartialEq)]
pub struct Newton {
    /// Hyperparameters.
    pub params: NewtonParams,
    /// Updates applied so far (steps that moved).
    pub step_count: u64,
}

impl Newton {
    /// A fresh optimizer.
    pub fn new(params: NewtonParams) -> Self {
        Self { params, step_count: 0 }
    }
}

impl Optimizer for Newton {
    /// Needs the Hessian: without an objective this makes no move.
    fn step(&mut self, _params: &mut [f64], _grads: &[f64]) {}

    fn step_with(&mut self, params: &mut [f64], f: &dyn Objective, grads: &[f64]) {
        let Some(hessian) = f.hessian(params) else { return };
        let n = params.len();
        if hessian.shape() != (n, n) || grads.len() != n {
            return;
        }
        // Solve H·Δ = ∇f (LU with partial pivoting); a singular H gives no move, never NaN.
        let Some(delta) = hessian.lu().solve(&DVector::from_column_slice(grads)) else { return };
        if !delta.iter().all(|d| d.is_finite()) {
            return;
        }
        // θ ← θ − lr·H⁻¹∇f
        for (p, d) in params.iter_mut().zip(delta.iter()) {
            *p -= self.params.lr * d;
        }
        self.step_count += 1;
    }

    fn lr(&self) -> f64 {
        self.params.lr
    }

    fn set_lr(&mut self, lr: f64) {
        self.params.lr = lr;
    }

    fn reset(&mut self) {
        self.step_count = 0;
    }

    fn internals(&self) -> super::Internals<'_> {
        super::Internals { step_count: self.step_count, ..Default::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    /// f = x² + y² except that the Hessian is reported as singular.
    struct Flat;
    impl Objective for Flat {
        fn value(&self, p: &[f64]) -> f64 {
            p[0] * p[0] + p[1] * p[1]
        }
        fn grad(&self, p: &[f64], out: &mut [f64]) {
            out[0] = 2.0 * p[0];
            out[1] = 2.0 * p[1];
        }
        fn hessian(&self, _p: &[f64]) -> Option<DMatrix<f64>> {
            Some(DMatrix::from_row_slice(2, 2, &[1.0, 1.0, 1.0, 1.0]))
        }
    }

    #[test]
    fn singular_hessian_makes_no_move() {
        let mut opt = Newton::new(NewtonParams::default());
        let mut p = [1.0, 2.0];
        opt.step_with(&mut p, &Flat, &[2.0, 4.0]);
        assert_eq!(p, [1.0, 2.0]);
        opt.step(&mut p, &[2.0, 4.0]);
        assert_eq!(p, [1.0, 2.0]);
        assert_eq!(opt.step_count, 0);
    }
}
