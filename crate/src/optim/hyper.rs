//! The hyperparameters the UI edits (shared by all optimizers, PyTorch names) and the learning
//! rates that give a good race out of the box.

use serde::{Deserialize, Serialize};

use super::OptimizerKind;
use crate::error::Result;
use crate::surface::SurfaceKind;

/// The hyperparameters the UI edits, shared by all optimizers; each takes the fields it has
/// (PyTorch names). `Default` = torch defaults with lr 0.01 and momentum 0.9.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hyper {
    /// Learning rate.
    pub lr: f64,
    /// Momentum μ of SGD+Momentum and Nesterov.
    pub momentum: f64,
    /// β1 of Adam, AdamW, NAdam.
    pub beta1: f64,
    /// β2 of Adam, AdamW, NAdam.
    pub beta2: f64,
    /// ε; `None` = the optimizer's torch default (AdaGrad 1e-10, AdaDelta 1e-6, others 1e-8).
    pub eps: Option<f64>,
    /// ρ of AdaDelta.
    pub rho: f64,
    /// α (decay rate) of RMSProp.
    pub alpha: f64,
    /// Weight decay λ, passed to every optimizer that has one (decoupled in AdamW).
    pub weight_decay: f64,
    /// ψ of NAdam's momentum schedule.
    pub momentum_decay: f64,
    /// Adam/AdamW bias correction (off only to show why it exists).
    pub bias_correction: bool,
}

impl Default for Hyper {
    fn default() -> Self {
        Self {
            lr: 0.01,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            eps: None,
            rho: 0.9,
            alpha: 0.99,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            bias_correction: true,
        }
    }
}

impl Hyper {
    /// Refuse values outside the ranges the UI allows, naming the field (its table's ranges).
    pub fn validate(&self) -> Result<()> {
        crate::fields::validate(self)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyper_validation_names_the_field() {
        assert!(Hyper::default().validate().is_ok());
        let err = Hyper { beta1: 1.0, ..Hyper::default() }.validate().unwrap_err();
        assert_eq!(err.field, "beta1");
        assert!(Hyper { lr: f64::NAN, ..Hyper::default() }.validate().is_err());
        let json = serde_json::to_string(&Hyper::default()).unwrap();
        assert!(json.contains("\"weightDecay\":0.0") && json.contains("\"eps\":null"), "{json}");
        assert_eq!(serde_json::from_str::<Hyper>(&json).unwrap(), Hyper::default());
    }
}
