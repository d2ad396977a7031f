//! Activations & init lab (CS231n lecture 6: activation functions, weight initialization,
//! batch normalization): the deep-net experiment whose per-layer histograms collapse to 0,
//! pile up at ±1 or stay healthy depending on the init, the activation and batch norm.
//!
//! A UI-free state machine over `nn::deep_net`: a config change recomputes the forward and
//! backward pass (reusing X and the base weights when only the init scale, the activation or
//! normalization changes), and the report holds every layer's numbers and histograms.

use crate::error::Result;
use crate::nn::{DeepNet, DeepNetConfig, DeepNetReport};

/// The lecture's cases, as hash fields: (id, fields).
pub const PRESETS: [(&str, &str); 7] = [
    ("tanh_small", "act=tanh&init=small&bn=0&ln=0&bias=0"),
    ("tanh_large", "act=tanh&init=large&bn=0&ln=0&bias=0"),
    ("tanh_xavier", "act=tanh&init=xavier&bn=0&ln=0&bias=0"),
    ("relu_xavier", "act=relu&init=xavier&bn=0&ln=0&bias=0"),
    ("relu_he", "act=relu&init=he&bn=0&ln=0&bias=0"),
    ("batch_norm", "act=tanh&init=small&bn=1&ln=0&bias=0"),
    ("dead_relu", "act=relu&init=he&bn=0&ln=0&bias=-3"),
];

/// Sizes for slow machines: the same experiment, 25× less work.
pub const FAST_SIZE: &str = "width=100&batch=200&dim=100";

/// The init lab: the network, its buffers and the report of the last run.
pub struct InitLab {
    net: DeepNet<f32>,
    report: DeepNetReport,
}

impl InitLab {
    /// Build and run the experiment, or refuse the config by field.
    pub fn new(config: &DeepNetConfig) -> Result<Self> {
        let mut net = DeepNet::new(config)?;
        let report = net.report(true);
        Ok(Self { net, report })
    }

    /// Re-run with a new config; a refusal keeps the previous network and report.
    pub fn set(&mut self, config: &DeepNetConfig) -> Result<()> {
        config.validate()?;
        self.net.set_config(config)?;
        self.report = self.net.report(true);
        Ok(())
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
