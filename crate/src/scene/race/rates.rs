//! The race's tuned learning rates: what gives a good race of each optimizer on each surface
//! out of the box (the reference races' settings). They belong to the race scene, not to the
//! optimizers, which know nothing of surfaces.

use crate::optim::{Hyper, OptimizerKind};
use crate::surface::SurfaceKind;

/// Learning rate that gives a good 200-step race of `kind` on `surface` (the reference
/// README's "Learning rates used" table; Newton and L-BFGS 1; `wells` picked so plain SGD
/// settles in the shallow well and momentum rolls on to the deep one).
pub fn suggested_lr(kind: OptimizerKind, surface: SurfaceKind) -> f64 {
    use OptimizerKind as O;
    use SurfaceKind as S;
    // columns: sgd, momentum/nesterov, adagrad, rmsprop, adam/adamw/nadam
    let [sgd, mom, adagrad, rms, adam] = match surface {
        S::Quadratic => [0.03, 0.01, 1.0, 0.05, 0.1],
        S::Rosenbrock => [5e-4, 5e-4, 0.5, 0.01, 0.05],
        S::Beale => [1e-3, 1e-3, 0.5, 0.01, 0.05],
        S::Saddle => [0.02, 5e-3, 0.5, 0.01, 0.05],
        S::Himmelblau => [0.01, 2e-3, 0.5, 0.01, 0.1],
        S::Wells => [0.1, 0.05, 0.5, 0.05, 0.1],
        // On the raw all-positive cloud: λ_max of ZᵀZ/N is about 56 (SGD is stable below 2/56).
        S::Linreg => [0.03, 0.01, 0.5, 0.05, 0.1],
        S::Logreg => [0.1, 0.03, 0.5, 0.05, 0.1],
    };
    match kind {
        O::Sgd => sgd,
        O::Momentum | O::Nesterov => mom,
        O::Adagrad => adagrad,
        O::Rmsprop => rms,
        O::Adam | O::Adamw | O::Nadam => adam,
        O::Adadelta | O::Newton | O::Lbfgs => 1.0,
    }
}

/// The hyperparameters of the reference races: defaults with [`suggested_lr`], and AdamW's
/// torch default weight decay 0.01 (so AdamW differs from Adam).
pub fn suggested_hyper(kind: OptimizerKind, surface: SurfaceKind) -> Hyper {
    let weight_decay = if kind == OptimizerKind::Adamw { 0.01 } else { 0.0 };
    Hyper { lr: suggested_lr(kind, surface), weight_decay, ..Hyper::default() }
}
