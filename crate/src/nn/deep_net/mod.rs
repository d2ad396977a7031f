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

/// The experiment's network and its reusable buffers: repeated runs with the same shape and
/// seed neither redraw X and B_l nor allocate large buffers.
#[derive(Clone, Debug, Default)]
pub struct DeepNet<T: Scalar = f32> {
    cfg: DeepNetConfig,
    drawn_for: Option<(u64, usize, usize, usize, usize, usize)>,
    input: Vec<T>,
    bases: Vec<Vec<T>>,
    hs: Vec<Vec<T>>,
    acts: Vec<Vec<T>>,
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
        cfg.validate()?;
        self.cfg = cfg.clone();
        self.forwarded = false;
        let (n, f, layers) = (cfg.batch, cfg.columns(), cfg.layers);
        let key = (cfg.seed, layers, cfg.width, n, cfg.input_dim, f);
        if self.drawn_for != Some(key) {
            let mut rng = Rng::new(cfg.seed);
            let mut draw = |len: usize| (0..len).map(|_| T::from_f64(rng.normal())).collect::<Vec<T>>();
            self.input = draw(n * cfg.input_dim);
            self.bases = (0..layers).map(|l| draw(cfg.fan_in(l) * f)).collect();
            self.hs = vec![vec![T::ZERO; n * f]; layers];
            self.acts = vec![vec![T::ZERO; n * cfg.width]; layers];
            self.drawn_for = Some(key);
        }
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
        let cfg = &self.cfg;
        let (n, f, slope) = (cfg.batch, cfg.columns(), T::from_f64(cfg.slope()));
        for l in 0..cfg.layers {
            let (done, rest) = self.acts.split_at_mut(l);
            let a_prev = if l == 0 { &self.input } else { &done[l - 1] };
            let std = T::from_f64(cfg.init.std(cfg.fan_in(l)));
            let h = &mut self.hs[l];
            T::gemm(n, cfg.fan_in(l), f, std, a_prev, false, &self.bases[l], false, T::ZERO, h);
            // Without a norm, h itself is the pre-activation (the bias goes in place).
            let pre: &[T] = if cfg.batch_norm {
                self.bns[l].forward_train(h, &mut self.pre);
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
            cfg.activation.forward(slope, pre, &mut rest[0]);
        }
        self.forwarded = true;
        let last = &self.acts[cfg.layers - 1];
        crate::stats::moments(last).mean
    }

    /// Backward of loss = mean(a_L) after [`forward`](Self::forward) (run first if needed):
    /// calls `on_grad(l, dL/dW_l)` for l = L−1 down to 0. Gradients flow through the
    /// batch-norm / layer-norm statistics.
    pub fn backward(&mut self, mut on_grad: impl FnMut(usize, &[T])) {
        if !self.forwarded {
            self.forward();
        }
        let cfg = &self.cfg;
        let (n, f, w, slope) = (cfg.batch, cfg.columns(), cfg.width, T::from_f64(cfg.slope()));
        let normed = cfg.batch_norm || cfg.layer_norm;
        self.da[..n * w].fill(T::from_f64(1.0 / (n * w) as f64));
        for l in (0..cfg.layers).rev() {
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
            cfg.activation.backward(slope, pre, &self.acts[l], &self.da[..n * w], &mut self.dpre);
            let dh = if cfg.batch_norm {
                self.bns[l].backward(h, &self.dpre, &mut self.dh);
                &self.dh
            } else if cfg.layer_norm {
                self.lns[l].backward(h, &self.dpre, &mut self.dh);
                &self.dh
            } else {
                &self.dpre
            };
            let fan_in = cfg.fan_in(l);
            let a_prev = if l == 0 { &self.input } else { &self.acts[l - 1] };
            let grad = &mut self.grad_w[..fan_in * f];
            T::gemm(fan_in, n, f, T::ONE, a_prev, true, dh, false, T::ZERO, grad);
            on_grad(l, grad);
            if l > 0 {
                // dL/da_prev = dh·W_lᵀ = std·(dh·B_lᵀ)
                let std = T::from_f64(cfg.init.std(fan_in));
                T::gemm(n, f, fan_in, std, dh, false, &self.bases[l], true, T::ZERO, &mut self.da_prev[..n * fan_in]);
                std::mem::swap(&mut self.da, &mut self.da_prev);
            }
        }
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
                if eval {
                    stats.push(ActivationStats::measure(&self.da_prev[..n * w], n, w, cfg.activation, cfg.bins));
                }
                std::mem::swap(&mut self.da, &mut self.da_prev);
            }
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init};

    /// A small experiment that runs quickly in debug builds.
    fn small(activation: Activation, init: Init) -> DeepNetConfig {
        DeepNetConfig { layers: 4, width: 64, batch: 128, input_dim: 32, activation, init, ..DeepNetConfig::default() }
    }

    #[test]
    fn relu_with_a_large_negative_bias_kills_units() {
        let healthy = run(&small(Activation::Relu, Init::He)).unwrap();
        let dead = run(&DeepNetConfig { bias: -5.0, ..small(Activation::Relu, Init::He) }).unwrap();
        for (h, d) in healthy.layers.iter().zip(&dead.layers) {
            assert!(h.activations.dead_fraction < 0.05 && (h.activations.zero_fraction - 0.5).abs() < 0.1);
            assert!(d.activations.dead_fraction > 0.9, "{}", d.activations.dead_fraction);
            assert_eq!(d.activations.saturated_fraction, None);
        }
        // Dead units pass no gradient back.
        assert!(dead.layers[0].weight_grad.as_ref().unwrap().std < healthy.layers[0].weight_grad.as_ref().unwrap().std);
    }

    #[test]
    fn eval_mode_uses_running_statistics_gathered_during_warm_up() {
        let cfg = DeepNetConfig { batch_norm: true, bn_eval_warmup: Some(20), ..small(Activation::Tanh, Init::Xavier) };
        let report = run(&cfg).unwrap();
        let eval = report.eval_layers.as_ref().expect("eval pass");
        assert_eq!(eval.len(), cfg.layers);
        // Xavier keeps var(h) ≈ 1, the running var's starting value, so eval ≈ train.
        for (train, eval) in report.layers.iter().zip(eval) {
            assert!((eval.std / train.activations.std - 1.0).abs() < 0.1, "{} vs {}", eval.std, train.activations.std);
        }
        // With std 0.01, var(h) ≈ 0.003 but the running var still remembers its start at 1
        // (0.9²⁰ ≈ 12%): eval-mode activations come out much smaller than in training.
        let small_init = run(&DeepNetConfig { init: Init::Small, ..cfg.clone() }).unwrap();
        let eval = small_init.eval_layers.unwrap();
        assert!(eval[0].std < 0.5 * small_init.layers[0].activations.std);
        // Without batch norm there is no eval pass.
        assert!(run(&DeepNetConfig { batch_norm: false, ..cfg }).unwrap().eval_layers.is_none());
    }

    #[test]
    fn divergence_is_reported_not_a_panic() {
        let cfg = DeepNetConfig { layers: 20, ..small(Activation::Relu, Init::Custom(100.0)) };
        let report = run(&cfg).unwrap();
        let layer = report.diverged_at_layer.expect("overflows f32");
        assert!(layer > 1 && layer <= 20);
        for s in &report.layers {
            let h = &s.activations.histogram;
            assert_eq!(h.total() + h.nan as u64, (cfg.batch * cfg.width) as u64);
        }
        assert!(run(&small(Activation::Tanh, Init::Large)).unwrap().diverged_at_layer.is_none());
    }

    #[test]
    fn reruns_are_deterministic_and_reuse_the_draws() {
        let cfg = small(Activation::Tanh, Init::Xavier);
        let mut net = DeepNet::<f32>::new(&cfg).unwrap();
        let first = net.report(true);
        assert_eq!(first, net.report(true));
        let base = net.base_weights(1).to_vec();
        net.set_config(&DeepNetConfig { init: Init::He, batch_norm: true, ..cfg.clone() }).unwrap();
        assert_eq!(net.base_weights(1), &base[..], "same seed and shape: same draws");
        let he = net.report(false);
        assert!(he.layers.iter().all(|l| l.weight_grad.is_none()));
        assert_eq!(net.gradient_stats().len(), cfg.layers);
        // A refused config keeps the last good one.
        assert!(net.set_config(&DeepNetConfig { width: 0, ..cfg.clone() }).is_err());
        assert_eq!(net.config().init, Init::He);
        // f32 and f64 runs see the same draws and agree closely.
        let f64_report = DeepNet::<f64>::new(&cfg).unwrap().report(true);
        for (a, b) in first.layers.iter().zip(&f64_report.layers) {
            assert!((a.activations.std / b.activations.std - 1.0).abs() < 1e-4);
            let (ga, gb) = (a.weight_grad.as_ref().unwrap().std, b.weight_grad.as_ref().unwrap().std);
            assert!((ga / gb - 1.0).abs() < 1e-3, "{ga} vs {gb}");
        }
    }

    #[test]
    fn maxout_and_layer_norm_run_at_double_width() {
        let cfg = DeepNetConfig { layer_norm: true, ..small(Activation::Maxout, Init::Xavier) };
        let report = run(&cfg).unwrap();
        assert_eq!(report.layers[0].activations.histogram.total(), (cfg.batch * cfg.width) as u64);
        assert!(report.layers.iter().all(|l| l.activations.std > 0.1 && l.activations.mean > 0.0));
    }
}
