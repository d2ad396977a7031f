//! The trainer scene: the training engine (`crate::train`) as the page runs it live, with the
//! lecture's presets.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod render;
#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
mod worker;

use crate::claims::Preset;
pub use crate::train::*;

/// The lecture's trainer settings, as hash fields: (id, fields).
pub const PRESETS: [Preset; 5] = [
    Preset {
        id: "lbfgs_full",
        link: "ds=spiral&opt=lbfgs&lr=1&batch=full&drop=0&epochs=60",
        claims: &["train_acc_at_least(0.95)"],
    },
    Preset {
        id: "lbfgs_mini",
        link: "ds=spiral&opt=lbfgs&lr=1&batch=8&drop=0&epochs=60",
        claims: &["lower_loss_with(batch=full)"],
    },
    // 20 sigmoid layers: the plain net stays at chance, the residual one learns the spiral.
    Preset {
        id: "deep_plain",
        link: "ds=spiral&layers=20&width=32&act=sigmoid&init=xavier&bn=0&res=0&epochs=100",
        claims: &["train_acc_at_most(0.5)", "better_with_by(res=1,0.4)"],
    },
    Preset {
        id: "deep_residual",
        link: "ds=spiral&layers=20&width=32&act=sigmoid&init=xavier&bn=0&res=1&epochs=100",
        claims: &["train_acc_at_least(0.9)"],
    },
    // Identity layers compose to one linear map: a linear boundary, whatever the depth.
    Preset {
        id: "linear",
        link: "ds=spiral&layers=4&width=64&act=identity&init=xavier&bn=0&res=0&epochs=100",
        claims: &["train_acc_at_most(0.6)", "better_with_by(act=relu,0.3)"],
    },
];

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "train";
    const LABEL: &'static str = "scene.train";
    type Config = TrainerConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &["initial_loss_near_ln_c(0.05)", "val_acc_at_least(0.95)"];
    const QUICK: &'static str = "epochs=2";
    /// The digits' charts, the loss curves' pattern notes and early stopping's marker.
    const CHART_STATES: &'static [&'static str] = &["ds=digits&n=300", "lr=10&es=1", "opt=sgd&lr=1e-5&es=1"];

    crate::scene::scene_outputs!(self);
}
