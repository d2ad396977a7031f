//! Activations & init lab (CS231n lecture 6: activation functions, weight initialization,
//! batch normalization): the deep-net experiment whose per-layer histograms collapse to 0,
//! pile up at ±1 or stay healthy depending on the init, the activation and batch norm.
//!
//! A UI-free state machine over `nn::deep_net`: a config change recomputes the forward and
//! backward pass (reusing X and the base weights when only the init scale, the activation or
//! normalization changes), and the report holds every layer's numbers and histograms.

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
pub mod zero_centered;

use crate::claims::Preset;
use crate::error::Result;
use crate::nn::{DeepNet, DeepNetConfig, DeepNetReport};

/// The lecture's cases, as hash fields: (id, fields).
pub const PRESETS: [Preset; 9] = [
    Preset {
        id: "tanh_small",
        link: "act=tanh&init=small&bn=0&ln=0&res=0&bias=0",
        claims: &["collapses(1e-3)", "grad_std_below(1e-6)"],
    },
    Preset { id: "tanh_large", link: "act=tanh&init=large&bn=0&ln=0&res=0&bias=0", claims: &["saturated(10,0.9)"] },
    Preset {
        id: "tanh_xavier",
        link: "act=tanh&init=xavier&bn=0&ln=0&res=0&bias=0",
        claims: &["keeps_scale(4)", "saturated_at_most(10,0.05)"],
    },
    Preset {
        id: "relu_xavier",
        link: "act=relu&init=xavier&bn=0&ln=0&res=0&bias=0",
        claims: &["std_ratio(0.6,0.8)", "collapses(0.1)"],
    },
    Preset {
        id: "relu_he",
        link: "act=relu&init=he&bn=0&ln=0&res=0&bias=0",
        claims: &["std_ratio(0.9,1.1)", "keeps_scale(2)"],
    },
    Preset {
        id: "batch_norm",
        link: "act=tanh&init=small&bn=1&ln=0&res=0&bias=0",
        claims: &["std_near(0.627,0.05)", "zero_centred(0.05)"],
    },
    Preset { id: "dead_relu", link: "act=relu&init=he&bn=0&ln=0&res=0&bias=-3", claims: &["dead_at_least(2,0.9)"] },
    // 50 sigmoid layers: the gradient vanishes on the way down, unless skips carry it.
    Preset {
        id: "deep_plain",
        link: "act=sigmoid&init=xavier&bn=0&ln=0&res=0&bias=0&layers=50&width=50&batch=200&dim=50",
        claims: &["grad_ratio_below(1e-20)"],
    },
    Preset {
        id: "deep_residual",
        link: "act=sigmoid&init=xavier&bn=0&ln=0&res=1&bias=0&layers=50&width=50&batch=200&dim=50",
        claims: &["grad_ratio_above(1e-3)"],
    },
];

/// Sizes for slow machines: the same experiment, 25× less work.
pub const FAST_SIZE: &str = "width=100&batch=200&dim=100";

/// The init lab: the network, its buffers and the report of the last run.
pub struct InitLab {
    net: DeepNet<f32>,
    report: DeepNetReport,
}

impl InitLab {
    /// Build and run the experiment (forward and backward), or refuse the config by field.
    pub fn new(config: &DeepNetConfig) -> Result<Self> {
        let mut lab = Self::forward_only(config)?;
        lab.compute_gradients();
        Ok(lab)
    }

    /// Build and run the forward pass only; gradients follow with `compute_gradients`.
    pub fn forward_only(config: &DeepNetConfig) -> Result<Self> {
        let mut net = DeepNet::new(config)?;
        let report = net.report(false);
        Ok(Self { net, report })
    }

    /// Re-run the forward pass with a new config; a refusal keeps the previous network and
    /// report. The weight gradients (twice the work) wait for [`compute_gradients`](Self::compute_gradients),
    /// so a page can show the activations at once.
    pub fn set(&mut self, config: &DeepNetConfig) -> Result<()> {
        config.validate()?;
        self.net.set_config(config)?;
        self.report = self.net.report(false);
        Ok(())
    }

    /// Whether the report still lacks the weight-gradient statistics.
    pub fn gradients_pending(&self) -> bool {
        self.report.layers.iter().any(|l| l.weight_grad.is_none())
    }

    /// Backward pass: fill in every layer's weight-gradient statistics (no-op if present).
    pub fn compute_gradients(&mut self) {
        if self.gradients_pending() {
            let grads = self.net.gradient_stats();
            for (layer, g) in self.report.layers.iter_mut().zip(grads) {
                layer.weight_grad = Some(g);
            }
        }
    }

    /// The config in force.
    pub fn config(&self) -> &DeepNetConfig {
        self.net.config()
    }

    /// Per-layer numbers and histograms of the last run.
    pub fn report(&self) -> &DeepNetReport {
        &self.report
    }
}

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "init";
    const LABEL: &'static str = "scene.init";
    type Config = crate::nn::DeepNetConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &["collapses(1e-3)", "grad_std_below(1e-6)"];
    const QUICK: &'static str = "layers=4&width=20&batch=30&dim=20";
    /// ReLU's spike at zero.
    const CHART_STATES: &'static [&'static str] = &["act=relu&init=he&layers=20"];

    crate::scene::scene_outputs!(self);
}
