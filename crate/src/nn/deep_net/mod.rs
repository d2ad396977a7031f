//! The CS231n lecture 6 weight-initialization experiment: push X (N×D) ~ N(0, 1) through L
//! hidden layers of width W without biases, h = a_prev·W_l, optionally batch-normalized
//! (train mode) or layer-normalized, then the activation; backprop loss = mean(last layer's
//! activations) and look at every layer's activations and dL/dW_l. Too small an init and
//! the activations (and gradients) vanish; too large and tanh saturates; Xavier/He or batch
//! norm keep them alive.
//!
//! Like the reference, the weights are W_l = std_l·B_l for fixed standard-normal draws B_l
//! (X first, then B_1..B_L from `Rng::new(seed)`), so changing only the init rescales the
//! same draws. Maxout layers have 2·W pre-activations (adjacent pairs) feeding W outputs.
//! With residual connections each layer of equal widths adds its input to its output, so the
//! gradient reaches the first layers through the identity paths (He et al. 2015).

use super::batch_norm::BatchNorm;
pub use super::deep_net_config::{DeepNetConfig, MAX_ACTIVATIONS, MAX_WEIGHTS};
use super::layer_norm::LayerNorm;
use super::layer_stats::{ActivationStats, GradientStats, LayerStats};
use super::scalar::Scalar;
use crate::error::Result;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Salt for the warm-up batches' generator, so they differ from X and the weights.
const WARMUP_SALT: u64 = 0x5EED_BA7C_4E0F_0001;

/// What one run of the experiment reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeepNetReport {
    /// Per hidden layer (index 0 = layer 1), train-mode forward and backward.
    pub layers: Vec<LayerStats>,
    /// With batch norm and `bn_eval_warmup`: per-layer activations of an eval-mode pass over X.
    pub eval_layers: Option<Vec<ActivationStats>>,
    /// Loss = mean of the last layer's activations.
    pub loss: f64,
    /// First hidden layer (1-based) with a NaN/∞ activation, if any.
    pub diverged_at_layer: Option<usize>,
}

/// What the draws of X and B_l depend on: seed, layers, width, batch, input dim, columns,
/// and the rows kept.
type DrawKey = (u64, usize, usize, usize, usize, usize, std::ops::Range<usize>);

/// The experiment's network and its reusable buffers: repeated runs with the same shape and
/// seed neither redraw X and B_l nor allocate large buffers.
#[derive(Clone, Debug, Default)]
pub struct DeepNet<T: Scalar = f32> {
    cfg: DeepNetConfig,
    /// The rows of X this net holds: all of them, or one part of a batch split across workers
    /// (see [`split`]); `cfg.batch` counts the whole batch.
    rows: std::ops::Range<usize>,
    drawn_for: Option<DrawKey>,
    input: Vec<T>,
    bases: Vec<Vec<T>>,
    hs: Vec<Vec<T>>,
    acts: Vec<Vec<T>>,
    /// With residual connections: f(…) of each skipping layer before its input is added
    /// (the activation's backward needs f's own output).
    branch: Vec<Vec<T>>,
    bns: Vec<BatchNorm<T>>,
    lns: Vec<LayerNorm<T>>,
    pre: Vec<T>,
    dpre: Vec<T>,
    dh: Vec<T>,
    da: Vec<T>,
    da_prev: Vec<T>,
    grad_w: Vec<T>,
    forwarded: bool,
}

/// Run the experiment once in f32.
pub fn run(cfg: &DeepNetConfig) -> Result<DeepNetReport> {
    Ok(DeepNet::<f32>::new(cfg)?.report(true))
}

/// pre += bias.
fn add_bias<T: Scalar>(pre: &mut [T], bias: f32) {
    if bias != 0.0 {
        let b = T::from_f64(bias as f64);
        pre.iter_mut().for_each(|x| *x += b);
    }
}

impl<T: Scalar> DeepNet<T> {
    /// Validate `cfg`, draw X and B_l, size the buffers.
    pub fn new(cfg: &DeepNetConfig) -> Result<Self> {
        let mut net = Self::default();
        net.set_config(cfg)?;
        Ok(net)
    }

    /// Switch to `cfg` (refused configs leave the net unchanged). X and B_l are redrawn only
    /// when the seed or a shape changes.
    pub fn set_config(&mut self, cfg: &DeepNetConfig) -> Result<()> {
        self.set_part(cfg, 0..cfg.batch)
    }

    /// Like [`set_config`](Self::set_config), keeping only `rows` of X (the same draws as the
    /// whole batch). `rows` must lie within the batch.
    pub(super) fn set_part(&mut self, cfg: &DeepNetConfig, rows: std::ops::Range<usize>) -> Result<()> {
        cfg.validate()?;
        assert!(rows.start < rows.end && rows.end <= cfg.batch, "deep net: rows outside the batch");
        self.cfg = cfg.clone();
        self.forwarded = false;
        let (n, f, layers, d) = (rows.len(), cfg.columns(), cfg.layers, cfg.input_dim);
        let key = (cfg.seed, layers, cfg.width, cfg.batch, d, f, rows.clone());
        if self.drawn_for != Some(key.clone()) {
            let mut rng = Rng::new(cfg.seed);
            let mut draw = |len: usize| (0..len).map(|_| T::from_f64(rng.normal())).collect::<Vec<T>>();
            let mut input = draw(cfg.batch * d);
            input.truncate(rows.end * d);
            self.input = input.split_off(rows.start * d);
            self.bases = (0..layers).map(|l| draw(cfg.fan_in(l) * f)).collect();
            self.hs = vec![vec![T::ZERO; n * f]; layers];
            self.acts = vec![vec![T::ZERO; n * cfg.width]; layers];
            self.drawn_for = Some(key);
        }
        let branch = if cfg.residual { vec![n * cfg.width; layers] } else { Vec::new() };
        if self.branch.iter().map(Vec::len).ne(branch.iter().copied()) {
            self.branch = branch.into_iter().map(|len| vec![T::ZERO; len]).collect();
        }
        self.rows = rows;
        if self.bns.len() != layers || self.bns.first().is_some_and(|b| b.features != f) {
            self.bns = (0..layers).map(|_| BatchNorm::new(f)).collect();
            self.lns = (0..layers).map(|_| LayerNorm::new(f)).collect();
        }
        let widest = cfg.width.max(cfg.input_dim);
        for (buf, len) in [
            (&mut self.pre, n * f),
            (&mut self.dpre, n * f),
            (&mut self.dh, n * f),
            (&mut self.da, n * widest),
            (&mut self.da_prev, n * widest),
            (&mut self.grad_w, widest * f),
        ] {
            buf.resize(len, T::ZERO);
        }
        Ok(())
    }

    /// The current configuration.
    pub fn config(&self) -> &DeepNetConfig {
        &self.cfg
    }

    /// std of layer `l`'s weights (0-based): W_l = init_std(l)·B_l.
    pub fn init_std(&self, l: usize) -> f64 {
        self.cfg.init.std(self.cfg.fan_in(l))
    }

    /// The input batch X (batch × input_dim).
    pub fn input(&self) -> &[T] {
        &self.input
    }

    /// The standard-normal base draws B_l of layer `l` (fan_in × columns).
    pub fn base_weights(&self, l: usize) -> &[T] {
        &self.bases[l]
    }

    /// Mutable B_l, for experiments and gradient checks (used until the shape or seed changes).
    pub fn base_weights_mut(&mut self, l: usize) -> &mut [T] {
        self.forwarded = false;
        &mut self.bases[l]
    }

    /// Activations of hidden layer `l` (0-based) from the last forward (batch × width).
    pub fn activations(&self, l: usize) -> &[T] {
        &self.acts[l]
    }

    /// Train-mode forward through every layer; returns the loss mean(a_L).
    pub fn forward(&mut self) -> f64 {
        for l in 0..self.cfg.layers {
            self.layer_input(l);
            if self.cfg.batch_norm {
                self.bns[l].measure_batch(&self.hs[l]);
            }
            self.layer_output(l);
        }
        self.forwarded = true;
        crate::stats::moments(&self.acts[self.cfg.layers - 1]).mean
    }

    /// h_l = a_prev·W_l = std·(a_prev·B_l) for this net's rows.
    pub(super) fn layer_input(&mut self, l: usize) {
        let cfg = &self.cfg;
        let a_prev = if l == 0 { &self.input } else { &self.acts[l - 1] };
        let std = T::from_f64(cfg.init.std(cfg.fan_in(l)));
        T::gemm(
            self.rows.len(),
            cfg.fan_in(l),
            cfg.columns(),
            std,
            a_prev,
            false,
            &self.bases[l],
            false,
            T::ZERO,
            &mut self.hs[l],
        );
    }

    /// a_l = f(norm(h_l) + bias), batch norm with the statistics its `BatchNorm` holds.
    pub(super) fn layer_output(&mut self, l: usize) {
        let cfg = &self.cfg;
        let slope = T::from_f64(cfg.slope());
        let h = &mut self.hs[l];
        // Without a norm, h itself is the pre-activation (the bias goes in place).
        let pre: &[T] = if cfg.batch_norm {
            self.bns[l].apply(h, &mut self.pre);
            add_bias(&mut self.pre, cfg.bias);
            &self.pre
        } else if cfg.layer_norm {
            self.lns[l].forward(h, &mut self.pre);
            add_bias(&mut self.pre, cfg.bias);
            &self.pre
        } else {
            add_bias(h, cfg.bias);
            h
        };
        if !cfg.skips(l) {
            return cfg.activation.forward(slope, pre, &mut self.acts[l]);
        }
        cfg.activation.forward(slope, pre, &mut self.branch[l]);
        let (before, rest) = self.acts.split_at_mut(l);
        let input = if l == 0 { &self.input } else { &before[l - 1] };
        for ((a, &x), &b) in rest[0].iter_mut().zip(input).zip(&self.branch[l]) {
            *a = x + b; // the skip connection
        }
    }

    /// Backward of loss = mean(a_L) after [`forward`](Self::forward) (run first if needed):
    /// calls `on_grad(l, dL/dW_l)` for l = L−1 down to 0. Gradients flow through the
    /// batch-norm / layer-norm statistics.
    pub fn backward(&mut self, mut on_grad: impl FnMut(usize, &[T])) {
        if !self.forwarded {
            self.forward();
        }
        self.start_backward();
        for l in (0..self.cfg.layers).rev() {
            self.layer_backward(l);
            if self.cfg.batch_norm {
                self.bns[l].backward_sums(&self.hs[l], &self.dpre);
            }
            on_grad(l, self.layer_weight_grad(l));
        }
    }

    /// dL/da_L = 1/(N·W) for every entry (N the whole batch).
    pub(super) fn start_backward(&mut self) {
        let (n, w) = (self.rows.len(), self.cfg.width);
        self.da[..n * w].fill(T::from_f64(1.0 / (self.cfg.batch * w) as f64));
    }

    /// dL/d(pre-activation) of layer `l` into `dpre`, from dL/da_l in `da`.
    pub(super) fn layer_backward(&mut self, l: usize) {
        let cfg = &self.cfg;
        let (n, w, slope) = (self.rows.len(), cfg.width, T::from_f64(cfg.slope()));
        let normed = cfg.batch_norm || cfg.layer_norm;
        let h = &self.hs[l];
        if cfg.batch_norm {
            self.bns[l].apply(h, &mut self.pre);
        } else if cfg.layer_norm {
            self.lns[l].apply(h, &mut self.pre);
        }
        if normed {
            add_bias(&mut self.pre, cfg.bias);
        }
        let pre = if normed { &self.pre } else { h };
        let out = if cfg.skips(l) { &self.branch[l] } else { &self.acts[l] };
        cfg.activation.backward(slope, pre, out, &self.da[..n * w], &mut self.dpre);
    }

    /// dL/dW_l for this net's rows (batch norm with the Σ its `BatchNorm` holds), and
    /// dL/da_(l−1) into `da` for the next layer down.
    pub(super) fn layer_weight_grad(&mut self, l: usize) -> &[T] {
        let cfg = &self.cfg;
        let (n, f) = (self.rows.len(), cfg.columns());
        let h = &self.hs[l];
        let dh = if cfg.batch_norm {
            self.bns[l].backward_input(h, &self.dpre, &mut self.dh, cfg.batch);
            &self.dh
        } else if cfg.layer_norm {
            self.lns[l].backward(h, &self.dpre, &mut self.dh);
            &self.dh
        } else {
            &self.dpre
        };
        let fan_in = cfg.fan_in(l);
        let a_prev = if l == 0 { &self.input } else { &self.acts[l - 1] };
        T::gemm(fan_in, n, f, T::ONE, a_prev, true, dh, false, T::ZERO, &mut self.grad_w[..fan_in * f]);
        if l > 0 {
            // dL/da_prev = dh·W_lᵀ = std·(dh·B_lᵀ)
            let std = T::from_f64(cfg.init.std(fan_in));
            T::gemm(n, f, fan_in, std, dh, false, &self.bases[l], true, T::ZERO, &mut self.da_prev[..n * fan_in]);
            if cfg.skips(l) {
                // The skip connection passes dL/da_l down unchanged.
                self.da_prev[..n * fan_in].iter_mut().zip(&self.da[..n * fan_in]).for_each(|(p, &d)| *p += d);
            }
            std::mem::swap(&mut self.da, &mut self.da_prev);
        }
        &self.grad_w[..fan_in * f]
    }

    /// Forward, per-layer activation statistics, (optionally) the weight-gradient statistics,
    /// and the batch-norm eval pass. Without gradients this costs a third of the full run, so
    /// a page can show activations first and call [`gradient_stats`](Self::gradient_stats) after.
    pub fn report(&mut self, with_gradients: bool) -> DeepNetReport {
        let loss = self.forward();
        let cfg = self.cfg.clone();
        let stats = |a: &Vec<T>| ActivationStats::measure(a, cfg.batch, cfg.width, cfg.activation, cfg.bins);
        let activations: Vec<ActivationStats> = self.acts.iter().map(stats).collect();
        let diverged_at_layer = activations.iter().position(|s| s.non_finite_fraction > 0.0).map(|l| l + 1);
        let grads: Vec<Option<GradientStats>> =
            if with_gradients { self.gradient_stats().into_iter().map(Some).collect() } else { vec![None; cfg.layers] };
        let layers = activations
            .into_iter()
            .zip(grads)
            .map(|(activations, weight_grad)| LayerStats { activations, weight_grad })
            .collect();
        let eval_layers = match (cfg.batch_norm, cfg.bn_eval_warmup) {
            (true, Some(warmup)) => Some(self.eval_pass(warmup)),
            _ => None,
        };
        DeepNetReport { layers, eval_layers, loss, diverged_at_layer }
    }

    /// Statistics of dL/dW_l for every layer (index 0 = layer 1): backward after the last
    /// forward (which is run first if needed).
    pub fn gradient_stats(&mut self) -> Vec<GradientStats> {
        let bins = self.cfg.bins;
        let mut grads: Vec<Option<GradientStats>> = vec![None; self.cfg.layers];
        self.backward(|l, g| grads[l] = Some(GradientStats::measure(g, bins)));
        grads.into_iter().flatten().collect()
    }

    /// Fresh batch norms see `warmup` fresh N(0, 1) batches in train mode (torch running
    /// statistics), then X goes through in eval mode; returns that pass's per-layer stats.
    /// Clobbers the backward scratch and `forward`'s batch-norm statistics (call `forward` again).
    fn eval_pass(&mut self, warmup: usize) -> Vec<ActivationStats> {
        let cfg = self.cfg.clone();
        let (n, f, w, d) = (cfg.batch, cfg.columns(), cfg.width, cfg.input_dim);
        let slope = T::from_f64(cfg.slope());
        self.forwarded = false;
        self.bns.iter_mut().for_each(|bn| *bn = BatchNorm::new(f));
        let mut rng = Rng::new(cfg.seed ^ WARMUP_SALT);
        let mut stats = Vec::with_capacity(cfg.layers);
        for pass in 0..=warmup {
            let eval = pass == warmup;
            // `da` holds the current layer input, `da_prev` the output; `dh` is h.
            if eval {
                self.da[..n * d].copy_from_slice(&self.input);
            } else {
                self.da[..n * d].iter_mut().for_each(|x| *x = T::from_f64(rng.normal()));
            }
            for l in 0..cfg.layers {
                let fan_in = cfg.fan_in(l);
                let std = T::from_f64(cfg.init.std(fan_in));
                T::gemm(n, fan_in, f, std, &self.da[..n * fan_in], false, &self.bases[l], false, T::ZERO, &mut self.dh);
                if eval {
                    self.bns[l].forward_eval(&self.dh, &mut self.pre);
                } else {
                    self.bns[l].forward_train(&self.dh, &mut self.pre);
                }
                add_bias(&mut self.pre, cfg.bias);
                cfg.activation.forward(slope, &self.pre, &mut self.da_prev[..n * w]);
                if cfg.skips(l) {
                    self.da_prev[..n * w].iter_mut().zip(&self.da[..n * w]).for_each(|(o, &x)| *o += x);
                }
                if eval {
                    stats.push(ActivationStats::measure(&self.da_prev[..n * w], n, w, cfg.activation, cfg.bins));
                }
                std::mem::swap(&mut self.da, &mut self.da_prev);
            }
        }
        stats
    }
}

pub mod split;

#[cfg(test)]
mod tests;
