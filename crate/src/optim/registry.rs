//! The optimizer registry: every optimizer the page, URL and tests can name, built once from
//! the shared [`Hyper`] into a `Box<dyn Optimizer>`.

use serde::Serialize;

use super::{
    Adadelta, AdadeltaParams, Adagrad, AdagradParams, Adam, AdamParams, Hyper, Lbfgs, LbfgsParams, Nadam, NadamParams,
    Newton, NewtonParams, Optimizer, Rmsprop, RmspropParams, Sgd, SgdParams,
};

/// Every optimizer gradscope can race, in lecture order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// Plain SGD: θ ← θ − lr·g.
    Sgd,
    /// SGD with momentum (μ = `Hyper::momentum`, 0.9).
    Momentum,
    /// SGD with Nesterov momentum.
    Nesterov,
    /// AdaGrad.
    Adagrad,
    /// RMSProp.
    Rmsprop,
    /// Adam (L2 weight decay in the gradient).
    Adam,
    /// AdamW (decoupled weight decay).
    Adamw,
    /// NAdam (Adam + Nesterov).
    Nadam,
    /// AdaDelta.
    Adadelta,
    /// Newton's method with the analytic Hessian.
    Newton,
    /// L-BFGS with strong-Wolfe line search.
    Lbfgs,
}

impl OptimizerKind {
    /// All kinds, in lecture order.
    pub const ALL: [OptimizerKind; 11] = [
        Self::Sgd,
        Self::Momentum,
        Self::Nesterov,
        Self::Adagrad,
        Self::Rmsprop,
        Self::Adam,
        Self::Adamw,
        Self::Nadam,
        Self::Adadelta,
        Self::Newton,
        Self::Lbfgs,
    ];

    /// Short lowercase name (URL hash, CLI, serde).
    pub fn name(self) -> &'static str {
        self.names().0
    }

    /// Display label as the lecture writes it.
    pub fn label(self) -> &'static str {
        self.names().1
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Sgd => ("sgd", "SGD"),
            Self::Momentum => ("momentum", "SGD+Momentum"),
            Self::Nesterov => ("nesterov", "Nesterov"),
            Self::Adagrad => ("adagrad", "AdaGrad"),
            Self::Rmsprop => ("rmsprop", "RMSProp"),
            Self::Adam => ("adam", "Adam"),
            Self::Adamw => ("adamw", "AdamW"),
            Self::Nadam => ("nadam", "NAdam"),
            Self::Adadelta => ("adadelta", "AdaDelta"),
            Self::Newton => ("newton", "Newton"),
            Self::Lbfgs => ("lbfgs", "L-BFGS"),
        }
    }

    /// Second-order methods that need the whole objective (Hessian, line search), not only a
    /// minibatch gradient.
    pub fn needs_objective(self) -> bool {
        matches!(self, Self::Newton | Self::Lbfgs)
    }

    /// The hash keys of the shared hyperparameters this optimizer reads (the page shows only
    /// these controls for it).
    pub fn hyperparameters(self) -> &'static [&'static str] {
        match self {
            Self::Sgd => &["lr", "wd"],
            Self::Momentum | Self::Nesterov => &["lr", "mom", "wd"],
            Self::Adagrad => &["lr", "eps", "wd"],
            Self::Rmsprop => &["lr", "alpha", "eps", "wd"],
            Self::Adam | Self::Adamw => &["lr", "b1", "b2", "eps", "wd", "bc"],
            Self::Nadam => &["lr", "b1", "b2", "eps", "wd", "mdecay"],
            Self::Adadelta => &["lr", "rho", "eps", "wd"],
            Self::Newton | Self::Lbfgs => &["lr"],
        }
    }

    /// The kind with this short name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// PyTorch's ε for this kind, used when ε is not set.
    pub fn default_eps(self) -> f64 {
        match self {
            Self::Adagrad => 1e-10,
            Self::Adadelta => 1e-6,
            _ => 1e-8,
        }
    }

    /// Build a fresh optimizer of this kind from the shared hyperparameters.
    pub fn build(self, h: &Hyper) -> Box<dyn Optimizer> {
        let Hyper { lr, momentum, beta1, beta2, eps, rho, alpha, weight_decay, momentum_decay, bias_correction } = *h;
        let eps = eps.unwrap_or(self.default_eps());
        let betas = (beta1, beta2);
        let sgd = |momentum, nesterov| SgdParams { lr, momentum, dampening: 0.0, nesterov, weight_decay };
        let adam = |decoupled_weight_decay| AdamParams {
            lr,
            betas,
            eps,
            weight_decay,
            decoupled_weight_decay,
            bias_correction,
        };
        match self {
            Self::Sgd => Box::new(Sgd::new(sgd(0.0, false))),
            Self::Momentum => Box::new(Sgd::new(sgd(momentum, false))),
            Self::Nesterov => Box::new(Sgd::new(sgd(momentum, true))),
            Self::Adagrad => Box::new(Adagrad::new(AdagradParams { lr, lr_decay: 0.0, eps, weight_decay })),
            Self::Rmsprop => Box::new(Rmsprop::new(RmspropParams { lr, alpha, eps, weight_decay })),
            Self::Adam => Box::new(Adam::new(adam(false))),
            Self::Adamw => Box::new(Adam::new(adam(true))),
            Self::Nadam => Box::new(Nadam::new(NadamParams { lr, betas, eps, weight_decay, momentum_decay })),
            Self::Adadelta => Box::new(Adadelta::new(AdadeltaParams { lr, rho, eps, weight_decay })),
            Self::Newton => Box::new(Newton::new(NewtonParams { lr })),
            Self::Lbfgs => Box::new(Lbfgs::new(LbfgsParams { lr, ..LbfgsParams::default() })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_serde_uses_them() {
        for kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(kind.name()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.name()));
            let mut opt = kind.build(&Hyper::default());
            opt.set_lr(0.5);
            assert_eq!(opt.lr(), 0.5);
        }
        assert_eq!(OptimizerKind::from_name("Adam"), None);
        assert_eq!(OptimizerKind::Lbfgs.label(), "L-BFGS");
    }
}
