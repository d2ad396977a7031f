//! The field-table rows of the shared optimizer hyperparameters ([`Hyper`]), declared once for
//! every config that embeds them (the race, the trainer); each config picks its learning-rate range.

use super::Hyper;
use crate::fields::{Apply, Field, HashText, Kind};

/// A config that embeds the shared hyperparameters.
pub trait HasHyper {
    /// Its hyperparameters.
    fn hyper(&self) -> &Hyper;
    /// Its hyperparameters, to change.
    fn hyper_mut(&mut self) -> &mut Hyper;
}

impl HasHyper for Hyper {
    fn hyper(&self) -> &Hyper {
        self
    }
    fn hyper_mut(&mut self) -> &mut Hyper {
        self
    }
}

/// Widest learning-rate range any config accepts.
pub const LR_RANGE: (f64, f64) = (0.0, 100.0);

/// Accessors of one `Hyper` field through [`HasHyper`].
macro_rules! hyper_place {
    ($field:ident) => {
        (|c| Some(HashText::to_text(&c.hyper().$field)), |c, v| c.hyper_mut().$field = HashText::from_text(v))
    };
}

/// The learning-rate row (`lr`), taken hot; `kind` is the config's own range and slider scale.
pub fn lr_field<C: HasHyper>(kind: Kind, slider: [f64; 3]) -> Field<C> {
    let [lo, hi, step] = slider;
    Field::<C>::new("lr", "lr", "race.learning_rate", kind, hyper_place!(lr)).apply(Apply::Hot).slider(lo, hi, step)
}

/// Every hyperparameter row but the learning rate, in hash order (`mom`, `b1`, … `bc`); changing
/// one restarts the optimizer's state.
pub fn hyper_fields<C: HasHyper>() -> Vec<Field<C>> {
    let restart = Apply::RestartOptimizer;
    vec![
        Field::<C>::new("mom", "momentum", "race.momentum", Kind::linear(0.0, 0.999), hyper_place!(momentum))
            .flag("momentum")
            .slider(0.0, 0.99, 0.01),
        Field::<C>::new("b1", "beta1", "race.beta1", Kind::linear(0.0, 0.999), hyper_place!(beta1))
            .flag("beta1")
            .slider(0.0, 0.99, 0.01),
        Field::<C>::new("b2", "beta2", "race.beta2", Kind::linear(0.0, 0.99999), hyper_place!(beta2))
            .flag("beta2")
            .slider(0.9, 0.9999, 0.0001),
        Field::<C>::new(
            "eps",
            "eps",
            "race.eps",
            Kind::log(1e-16, 1.0),
            (|c| c.hyper().eps.map(|e| e.to_text()), |c, v| c.hyper_mut().eps = Some(f64::from_text(v))),
        ),
        Field::<C>::new("rho", "rho", "race.rho", Kind::linear(0.0, 0.999), hyper_place!(rho)).slider(0.0, 0.99, 0.01),
        Field::<C>::new("alpha", "alpha", "field.alpha", Kind::linear(0.0, 0.999), hyper_place!(alpha))
            .slider(0.0, 0.999, 0.001),
        Field::<C>::new("wd", "weightDecay", "race.weight_decay", Kind::linear(0.0, 1.0), hyper_place!(weight_decay))
            .flag("weight-decay")
            .slider(0.0, 0.5, 0.01),
        Field::<C>::new(
            "mdecay",
            "momentumDecay",
            "field.momentum_decay",
            Kind::linear(0.0, 1.0),
            hyper_place!(momentum_decay),
        )
        .flag("momentum-decay")
        .slider(0.0, 0.01, 0.0005),
        Field::<C>::new("bc", "biasCorrection", "race.bias_correction", Kind::Flag, hyper_place!(bias_correction))
            .flag("bias-correction"),
    ]
    .into_iter()
    .map(|f| f.apply(restart))
    .collect()
}

impl crate::fields::Config for Hyper {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: std::sync::OnceLock<Vec<Field<Hyper>>> = std::sync::OnceLock::new();
        FIELDS.get_or_init(|| {
            let lr = lr_field::<Hyper>(Kind::log(LR_RANGE.0, LR_RANGE.1), [1e-5, 10.0, 0.01]);
            std::iter::once(lr).chain(hyper_fields()).collect()
        })
    }
}
