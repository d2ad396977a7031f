//! Optimizers — CS231n "Training Neural Networks II": SGD → Momentum → Nesterov → AdaGrad →
//! RMSProp → Adam/AdamW (plus AdaDelta, NAdam and the second-order Newton and L-BFGS).
//!
//! Every update follows PyTorch's `torch.optim` single-tensor code path (`foreach=False`), with
//! PyTorch's names and defaults, so paths match `shared/reference/` to 1e-9 in f64.
//! One [`Optimizer`] trait, one small file per family, an [`OptimizerKind`] registry that builds
//! a `Box<dyn Optimizer>` once (no method-string if-chain), and the shared per-element pieces
//! (weight decay, moment updates) in [`transform`].
//! Where the lecture writes a different but equivalent form (CS231n `v = μv − lr·g; x += v` is
//! torch's `buf = μ·buf + g; x −= lr·buf` with `v = −lr·buf`), the UI help says so.

mod adadelta;
mod adagrad;
mod adam;
mod hyper;
mod hyper_fields;
mod lbfgs;
mod nadam;
mod newton;
mod registry;
mod rmsprop;
mod sgd;
mod strong_wolfe;
pub mod transform;

pub use adadelta::{Adadelta, AdadeltaParams};
pub use adagrad::{Adagrad, AdagradParams};
pub use adam::{Adam, AdamParams};
pub use hyper::Hyper;
pub use hyper_fields::{hyper_fields, lr_field, HasHyper, LR_RANGE};
pub use lbfgs::{Lbfgs, LbfgsParams};
pub use nadam::{Nadam, NadamParams};
pub use newton::{Newton, NewtonParams};
pub use registry::OptimizerKind;
pub use rmsprop::{Rmsprop, RmspropParams};
pub use sgd::{Sgd, SgdParams};

use crate::objective::Objective;

/// Read-only view of an optimizer's state, for arrows and read-outs (empty where not kept).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Internals<'a> {
    /// Number of updates applied so far (torch's `step`; L-BFGS: its `n_iter`).
    pub step_count: u64,
    /// Momentum buffer in gradient units (torch's `momentum_buffer`; CS231n's v = −lr·buffer).
    pub velocity: &'a [f64],
    /// First moment m (Adam family's `exp_avg`).
    pub first_moment: &'a [f64],
    /// Second moment v (running mean or sum of g², per optimizer); arrows use √v.
    pub second_moment: &'a [f64],
}

/// One optimization algorithm with its state (sized lazily on the first step).
pub trait Optimizer: std::fmt::Debug {
    /// First-order update: `params` moved in place using `grads` = ∇f(params).
    fn step(&mut self, params: &mut [f64], grads: &[f64]);
    /// Update that may look at the objective itself (Newton's Hessian, L-BFGS' line search).
    /// `grads` is ∇f at `params`, already computed (possibly with noise added by the caller).
    fn step_with(&mut self, params: &mut [f64], _f: &dyn Objective, grads: &[f64]) {
        self.step(params, grads)
    }
    /// Current learning rate.
    fn lr(&self) -> f64;
    /// Change the learning rate, keeping all state (schedules call this every step).
    fn set_lr(&mut self, lr: f64);
    /// Forget all state, as if freshly built.
    fn reset(&mut self);
    /// State to draw (velocity, moments, step count).
    fn internals(&self) -> Internals<'_> {
        Internals::default()
    }
}
