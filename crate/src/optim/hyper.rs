//! The hyperparameters the UI edits, shared by all optimizers (PyTorch names). The race's tuned
//! learning rates live with the race (`scene::race_rates`).

use serde::Serialize;

use crate::error::Result;

/// The hyperparameters the UI edits, shared by all optimizers; each takes the fields it has
/// (PyTorch names). `Default` = torch defaults with lr 0.01 and momentum 0.9.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    }
}
