//! The multi-layer perceptron of the live trainer (CS231n lectures 4–7): L hidden layers of
//! `affine [DropConnect] → [batch norm | layer norm] → activation → dropout` (from the second
//! on optionally residual blocks with stochastic depth, see `hidden`), then an affine
//! classifier and softmax cross-entropy. Forward and backward on the existing layers, in f64.
//!
//! Parameters and gradients are flat `Vec<f64>` per tensor (W, b, γ, β, PReLU's a), visited
//! with [`Mlp::for_each_param`] so `crate::optim` optimizers drive them directly.
//! L2 regularization is part of the loss, ½·λ·Σ‖W‖² over the weight matrices (not biases, γ, β
//! or a), so its gradient λ·W is added here and works the same under every optimizer
//! (the optimizers' own `weight_decay` stays separate: AdamW's decoupled decay).
//! Buffers are resized per batch; a batch no larger than any before reuses them (no growth).

use super::activation::Activation;
use super::batch_norm::BatchNorm;
use super::dense::Dense;
use super::dropconnect::DropConnect;
use super::dropout::Dropout;
use super::hidden::{Hidden, Scratch};
use super::layer_norm::LayerNorm;
use super::loss::SoftmaxCrossEntropy;
use crate::error::{check_range, ConfigError, Result};
use crate::rng::Rng;
use serde::Serialize;

pub use super::mlp_config::{MlpConfig, BLOCKS_NEED_LAYERS, DROPOUT_RANGE, L2_RANGE, MAX_LAYERS, MAX_WIDTH};

/// The classifier's weights start at this fraction of the init's scale, so the first logits are
/// small and the initial loss is ≈ ln C (the lecture's first sanity check; CS231n's nets draw
/// their last layer small for the same reason).
pub const OUTPUT_INIT_SCALE: f64 = 0.1;

/// Train (batch statistics, dropout on) or eval (running statistics, dropout off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Training forward.
    Train,
    /// Test-time forward.
    Eval,
    /// Batch norm with the batch's own statistics (as in training) but no running-statistics
    /// update and no dropout: shows what eval mode changes.
    BatchStats,
    /// Test time without the corrections for training's noise: every unit and weight kept at
    /// its training scale 1/(1 − p), every stochastic-depth block at full strength (shows why
    /// inverted scaling and survival scaling exist).
    Uncorrected,
}

/// What a parameter tensor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// Affine weights W (fan_in × fan_out).
    Weight,
    /// Affine bias b.
    Bias,
    /// Normalization scale γ.
    Gamma,
    /// Normalization shift β.
    Beta,
    /// PReLU's learned negative slope a.
    Slope,
}

/// One parameter tensor with its gradient from the last backward.
#[derive(Debug)]
pub struct Param<'a> {
    /// Affine layer index: 0..layers are hidden, `layers` is the classifier.
    pub layer: usize,
    /// Which tensor.
    pub kind: ParamKind,
    /// Values, updated in place by an optimizer.
    pub value: &'a mut [f64],
    /// dL/d(value).
    pub grad: &'a [f64],
}

/// A loss split into its parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Loss {
    /// Mean softmax cross-entropy.
    pub data: f64,
    /// ½·λ·Σ‖W‖².
    pub l2: f64,
}

impl Loss {
    /// data + l2, what the optimizer minimizes.
    pub fn total(&self) -> f64 {
        self.data + self.l2
    }
}

/// A multi-layer perceptron classifier with softmax cross-entropy.
#[derive(Clone, Debug)]
pub struct Mlp {
    cfg: MlpConfig,
    hidden: Vec<Hidden>,
    output: Dense<f64>,
    loss: SoftmaxCrossEntropy<f64>,
    input: Vec<f64>,
    logits: Vec<f64>,
    dlogits: Vec<f64>,
    g: Vec<f64>,
    g_next: Vec<f64>,
    scratch: Scratch,
    rows: usize,
}

impl Mlp {
    /// Validate `cfg` and draw every weight matrix from `rng` (layer by layer).
    pub fn new(cfg: &MlpConfig, rng: &mut Rng) -> Result<Self> {
        cfg.validate()?;
        let act = cfg.activation;
        let mut hidden = Vec::with_capacity(cfg.layers);
        for l in 0..cfg.layers {
            let fan_in = if l == 0 { cfg.inputs } else { cfg.width };
            let pw = act.pieces() * cfg.width;
            let mut dense = Dense::new(fan_in, pw, true);
            dense.init(cfg.init, rng);
            let mut layer =
                Hidden::new(dense, Dropout::new(cfg.dropout)?, DropConnect::new(cfg.dropconnect), act.default_slope());
            layer.bn = cfg.batch_norm.then(|| BatchNorm::new(pw));
            layer.ln = cfg.layer_norm.then(|| LayerNorm::new(pw));
            layer.residual = cfg.has_residual_blocks() && l > 0;
            if layer.residual {
                layer.survival = cfg.block_survival(l);
            }
            hidden.push(layer);
        }
        let mut output = Dense::new(cfg.width, cfg.classes, true);
        output.init(cfg.init, rng);
        output.weight.iter_mut().for_each(|w| *w *= OUTPUT_INIT_SCALE);
        let (input, logits, dlogits, g, g_next) = Default::default();
        let loss = SoftmaxCrossEntropy::new();
        Ok(Self {
            cfg: cfg.clone(),
            hidden,
            output,
            loss,
            input,
            logits,
            dlogits,
            g,
            g_next,
            scratch: Scratch::default(),
            rows: 0,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &MlpConfig {
        &self.cfg
    }

    /// Change the dropout probability (hot: no weights change).
    pub fn set_dropout(&mut self, p: f64) -> Result<()> {
        check_range("dropout", p, 0.0, 0.95)?;
        for layer in &mut self.hidden {
            layer.dropout = Dropout::new(p)?;
        }
        self.cfg.dropout = p;
        Ok(())
    }

    /// Change the DropConnect probability (hot).
    pub fn set_dropconnect(&mut self, p: f64) -> Result<()> {
        self.cfg.dropconnect = check_range("dropconnect", p, DROPOUT_RANGE.0, DROPOUT_RANGE.1)?;
        for layer in &mut self.hidden {
            layer.dropconnect = DropConnect::new(p);
        }
        Ok(())
    }

    /// Switch batch norm on (fresh γ = 1, β = 0, running statistics reset) or off before every
    /// activation, keeping the affine weights.
    pub fn set_batch_norm(&mut self, on: bool) -> Result<()> {
        if on && self.cfg.layer_norm {
            return Err(ConfigError::rule("layerNorm", "norm_not_both", "choose batch norm or layer norm, not both"));
        }
        if on != self.cfg.batch_norm {
            for layer in &mut self.hidden {
                layer.bn = on.then(|| BatchNorm::new(layer.dense.outputs));
            }
            self.cfg.batch_norm = on;
        }
        Ok(())
    }

    /// Change the L2 strength (hot).
    pub fn set_l2(&mut self, l2: f64) -> Result<()> {
        self.cfg.l2 = check_range("l2", l2, 0.0, 1.0)?;
        Ok(())
    }

    /// Forward `x` (rows × inputs); returns the logits (rows × classes). `rng` draws dropout masks.
    pub fn forward(&mut self, x: &[f64], mode: Mode, rng: &mut Rng) -> &[f64] {
        let inputs = self.cfg.inputs;
        assert!(x.len().is_multiple_of(inputs), "mlp forward: input length not a multiple of inputs");
        self.rows = x.len() / inputs;
        self.input.clear();
        self.input.extend_from_slice(x);
        for l in 0..self.hidden.len() {
            let (done, rest) = self.hidden.split_at_mut(l);
            let inp = done.last().map_or(&self.input[..], |d| &d.out[..]);
            rest[0].forward(inp, self.rows, self.cfg.activation, mode, rng);
        }
        self.logits.resize(self.rows * self.cfg.classes, 0.0);
        let last = self.hidden.last().map_or(&self.input[..], |d| &d.out[..]);
        self.output.forward(last, &mut self.logits);
        &self.logits
    }

    /// Forward and the loss against `labels` (data part from the logits, L2 part from the weights).
    pub fn loss(&mut self, x: &[f64], labels: &[usize], mode: Mode, rng: &mut Rng) -> Loss {
        self.forward(x, mode, rng);
        let data = self.loss.forward(&self.logits, labels, self.cfg.classes);
        Loss { data, l2: self.l2_loss() }
    }

    /// ½·λ·Σ‖W‖² over every affine weight matrix.
    pub fn l2_loss(&self) -> f64 {
        if self.cfg.l2 == 0.0 {
            return 0.0;
        }
        let sum_sq: f64 = self.weights().map(|w| w.iter().map(|v| v * v).sum::<f64>()).sum();
        0.5 * self.cfg.l2 * sum_sq
    }

    /// Backward after [`loss`](Self::loss) with the same `labels`: fills every gradient,
    /// including the L2 term λ·W.
    pub fn backward(&mut self, labels: &[usize]) {
        let n = self.rows;
        self.dlogits.resize(n * self.cfg.classes, 0.0);
        self.loss.backward(labels, &mut self.dlogits);
        let last = self.hidden.last().map_or(&self.input[..], |d| &d.out[..]);
        self.g.resize(last.len(), 0.0);
        self.output.backward(last, &self.dlogits, Some(&mut self.g));
        for l in (0..self.hidden.len()).rev() {
            let (done, rest) = self.hidden.split_at_mut(l);
            let inp = done.last().map_or(&self.input[..], |d| &d.out[..]);
            self.g_next.resize(inp.len(), 0.0);
            let dx = (l > 0).then_some(&mut self.g_next[..]);
            rest[0].backward(inp, &self.g, self.cfg.activation, &mut self.scratch, dx);
            std::mem::swap(&mut self.g, &mut self.g_next);
        }
        let l2 = self.cfg.l2;
        if l2 != 0.0 {
            for dense in self.hidden.iter_mut().map(|h| &mut h.dense).chain([&mut self.output]) {
                dense.grad_weight.iter_mut().zip(&dense.weight).for_each(|(g, &w)| *g += l2 * w);
            }
        }
    }

    /// Visit every parameter tensor with its gradient, always in the same order: per hidden
    /// layer W, b, [γ, β], [a]; then the classifier's W, b.
    pub fn for_each_param(&mut self, mut f: impl FnMut(Param<'_>)) {
        use ParamKind::*;
        for (layer, h) in self.hidden.iter_mut().enumerate() {
            f(Param { layer, kind: Weight, value: &mut h.dense.weight, grad: &h.dense.grad_weight });
            f(Param { layer, kind: Bias, value: &mut h.dense.bias, grad: &h.dense.grad_bias });
            if let Some(bn) = &mut h.bn {
                f(Param { layer, kind: Gamma, value: &mut bn.gamma, grad: &bn.grad_gamma });
                f(Param { layer, kind: Beta, value: &mut bn.beta, grad: &bn.grad_beta });
            }
            if let Some(ln) = &mut h.ln {
                f(Param { layer, kind: Gamma, value: &mut ln.gamma, grad: &ln.grad_gamma });
                f(Param { layer, kind: Beta, value: &mut ln.beta, grad: &ln.grad_beta });
            }
            if self.cfg.activation == Activation::Prelu {
                f(Param { layer, kind: Slope, value: &mut h.slope, grad: &h.grad_slope });
            }
        }
        let (layer, out) = (self.hidden.len(), &mut self.output);
        f(Param { layer, kind: Weight, value: &mut out.weight, grad: &out.grad_weight });
        f(Param { layer, kind: Bias, value: &mut out.bias, grad: &out.grad_bias });
    }

    /// Each parameter tensor's kind, length and columns, in [`for_each_param`](Self::for_each_param)
    /// order: a weight matrix (fan_in × units, row-major) has one column per output unit;
    /// every other tensor is one row.
    pub fn param_units(&mut self) -> Vec<(ParamKind, usize, usize)> {
        let (hidden, classes) = (self.hidden.iter().map(|h| h.dense.outputs).collect::<Vec<_>>(), self.cfg.classes);
        let mut units = Vec::new();
        self.for_each_param(|p| {
            let outputs = hidden.get(p.layer).copied().unwrap_or(classes);
            let cols = if p.kind == ParamKind::Weight { outputs } else { p.value.len() };
            units.push((p.kind, p.value.len(), cols));
        });
        units
    }

    /// Every affine weight matrix, hidden layers first, the classifier last.
    pub fn weights(&self) -> impl Iterator<Item = &[f64]> {
        self.hidden.iter().map(|h| &h.dense.weight[..]).chain([&self.output.weight[..]])
    }

    /// Rows of the last forward.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Hidden layer `l`'s activations of the last forward (rows × width, before dropout).
    pub fn activations(&self, l: usize) -> &[f64] {
        &self.hidden[l].a
    }

    /// Hidden layer `l`'s nonlinearity inputs of the last forward (after batch or layer norm).
    pub fn pre_activations(&self, l: usize) -> &[f64] {
        self.hidden[l].pre_activation()
    }

    /// Softmax probabilities of the last [`loss`](Self::loss) (rows × classes).
    pub fn probs(&self) -> &[f64] {
        self.loss.probs()
    }

    /// Eval-mode class probabilities of `x` written into `probs` (rows × classes).
    pub fn predict(&mut self, x: &[f64], probs: &mut [f64]) {
        self.predict_in(x, Mode::Eval, probs);
    }

    /// [`predict`](Self::predict) in a test-time `mode` (Eval, BatchStats or Uncorrected).
    pub fn predict_in(&mut self, x: &[f64], mode: Mode, probs: &mut [f64]) {
        let classes = self.cfg.classes;
        // Test-time modes draw no masks, so this generator is never used.
        let logits = self.forward(x, mode, &mut Rng::new(0));
        assert_eq!(probs.len(), logits.len(), "mlp predict: output length");
        for (p, z) in probs.chunks_exact_mut(classes).zip(logits.chunks_exact(classes)) {
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            p.iter_mut().zip(z).for_each(|(p, &z)| *p = (z - max).exp());
            let sum: f64 = p.iter().sum();
            p.iter_mut().for_each(|p| *p /= sum);
        }
    }

    /// Total capacity (in f64s) of the per-batch buffers: flat once the largest batch was seen.
    pub fn buffer_capacity(&self) -> usize {
        let own = [&self.input, &self.logits, &self.dlogits, &self.g, &self.g_next];
        let layers: usize = self.hidden.iter().map(Hidden::capacity).sum();
        own.into_iter().map(Vec::capacity).sum::<usize>() + self.scratch.capacity() + layers + self.loss.probs().len()
    }
}
