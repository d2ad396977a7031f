//! Properties of the experiment: dead ReLUs, eval mode, divergence, reuse, shapes.

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

/// (loss(θ + h) − loss(θ − h)) / 2h for every base weight of layer `l`.
fn numeric_weight_grad(net: &mut DeepNet<f64>, l: usize) -> Vec<f64> {
    let h = 1e-6;
    (0..net.base_weights(l).len())
        .map(|i| {
            net.base_weights_mut(l)[i] += h;
            let plus = net.forward();
            net.base_weights_mut(l)[i] -= 2.0 * h;
            let minus = net.forward();
            net.base_weights_mut(l)[i] += h;
            (plus - minus) / (2.0 * h)
        })
        .collect()
}

#[test]
fn residual_backward_matches_finite_differences() {
    // Input 3 → width 4: layer 1 maps, layers 2 and 3 skip; input 4: every layer skips.
    for (input_dim, activation, batch_norm) in
        [(3, Activation::Tanh, false), (4, Activation::Sigmoid, true), (4, Activation::Gelu, false)]
    {
        let cfg = DeepNetConfig {
            layers: 3,
            width: 4,
            batch: 6,
            input_dim,
            activation,
            init: Init::Custom(1.0), // W_l = B_l
            batch_norm,
            residual: true,
            bias: 0.1,
            seed: 4,
            ..DeepNetConfig::default()
        };
        let mut net = DeepNet::<f64>::new(&cfg).unwrap();
        let mut grads = vec![Vec::new(); cfg.layers];
        net.backward(|l, g| grads[l] = g.to_vec());
        for (l, grad) in grads.iter().enumerate() {
            let numeric = numeric_weight_grad(&mut net, l);
            for (i, (a, n)) in grad.iter().zip(&numeric).enumerate() {
                assert!((a - n).abs() < 1e-6 * (1.0 + n.abs()), "{cfg:?} dW{} [{i}]: {a} vs {n}", l + 1);
            }
        }
    }
}

#[test]
fn residual_connections_keep_the_gradient_alive_fifty_layers_deep() {
    // Sigmoid with Xavier at depth 50 (an independent numpy run of this setup: layer 1's
    // weight-gradient std is 5e-32 of the last layer's without skips, 1.2e-2 with them).
    let cfg =
        DeepNetConfig { layers: 50, width: 50, batch: 200, input_dim: 50, ..small(Activation::Sigmoid, Init::Xavier) };
    let ratio = |residual: bool| {
        let report = run(&DeepNetConfig { residual, ..cfg.clone() }).unwrap();
        let std = |l: usize| report.layers[l].weight_grad.as_ref().unwrap().std;
        std(0) / std(cfg.layers - 1)
    };
    let (plain, residual) = (ratio(false), ratio(true));
    assert!(plain < 1e-6, "plain: layer 1 / layer 50 = {plain:e}");
    assert!(residual > 1e-3, "residual: layer 1 / layer 50 = {residual:e}");
}
