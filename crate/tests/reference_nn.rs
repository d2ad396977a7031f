//! `nn` and `stats` against shared/reference (PyTorch/numpy numbers; generating scripts named in
//! each file's `generator.script`: gen_F_activations.py, gen_E_batchnorm.py, gen_G_dropout.py),
//! plus central finite-difference checks of every backward pass.
//! A missing reference file fails the test.

mod json_support;

use gradscope::nn::activation::Activation::{self, *};
use gradscope::nn::{BatchNorm, DeepNet, DeepNetConfig, Dense, Dropout, Init, LayerNorm, SoftmaxCrossEntropy};
use gradscope::rng::Rng;
use json_support::{flat, load};
use serde_json::Value;

fn assert_close(what: &str, ours: &[f64], want: &[f64], tol: f64) {
    assert_eq!(ours.len(), want.len(), "{what}: length");
    for (i, (a, b)) in ours.iter().zip(want).enumerate() {
        assert!((a - b).abs() <= tol, "{what}[{i}]: {a} vs {b} (diff {:e})", (a - b).abs());
    }
}

/// Central differences of `f` at `point` (h = 1e-6, f64).
fn numeric_grad(point: &[f64], mut f: impl FnMut(&[f64]) -> f64) -> Vec<f64> {
    let mut p = point.to_vec();
    (0..p.len())
        .map(|i| {
            let x = p[i];
            p[i] = x + 1e-6;
            let up = f(&p);
            p[i] = x - 1e-6;
            let down = f(&p);
            p[i] = x;
            (up - down) / 2e-6
        })
        .collect()
}

/// CS231n-style relative error check: |a − n| ≤ 1e-6·max(1, |a| + |n|)... scaled by `scale`.
fn assert_grad(what: &str, analytic: &[f64], numeric: &[f64], scale: f64) {
    assert_eq!(analytic.len(), numeric.len(), "{what}: length");
    for (i, (a, n)) in analytic.iter().zip(numeric).enumerate() {
        assert!((a - n).abs() <= 1e-6 * (scale + a.abs() + n.abs()), "{what}[{i}]: analytic {a} vs numeric {n}");
    }
}

fn randn(n: usize, rng: &mut Rng) -> Vec<f64> {
    (0..n).map(|_| rng.normal()).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn activations_match_torch_values_and_derivatives() {
    let f = load("F_activations.json");
    let x = flat(&f["x"]);
    let cases = [
        ("sigmoid", Sigmoid),
        ("tanh", Tanh),
        ("relu", Relu),
        ("leaky_relu_0.01", LeakyRelu),
        ("elu_alpha1", Elu),
        ("selu", Selu),
        ("softplus", Softplus),
        ("gelu_exact", Gelu),
        ("silu_swish", Swish),
    ];
    let functions = f["functions"].as_object().expect("functions");
    assert_eq!(functions.len(), cases.len(), "every reference activation is checked");
    for (key, act) in cases {
        let (y, dy) = (flat(&functions[key]["y"]), flat(&functions[key]["dy"]));
        let slope = act.default_slope();
        let ours_y: Vec<f64> = x.iter().map(|&v| act.eval(v, slope)).collect();
        let ours_dy: Vec<f64> = x.iter().map(|&v| act.deriv(v, slope)).collect();
        assert_close(&format!("{key} y"), &ours_y, &y, 1e-12);
        assert_close(&format!("{key} dy"), &ours_dy, &dy, 1e-12);
        // The f32 layer path (fast exp/tanh) agrees to f32 accuracy.
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let mut out = vec![0f32; x.len()];
        let mut dpre = vec![0f32; x.len()];
        act.forward(slope as f32, &x32, &mut out);
        act.backward(slope as f32, &x32, &out, &vec![1.0; x.len()], &mut dpre);
        let widen = |v: &[f32]| v.iter().map(|&a| a as f64).collect::<Vec<_>>();
        assert_close(&format!("{key} f32 y"), &widen(&out), &y, 2e-6);
        assert_close(&format!("{key} f32 dy"), &widen(&dpre), &dy, 5e-6);
    }
    // torch's conventions at exactly x = 0.
    let at0: Vec<f64> = [Relu, LeakyRelu, Elu, Selu, Gelu, Swish].iter().map(|a| a.df(0.0)).collect();
    assert_eq!(at0, vec![0.0, 0.01, 1.0, 1.7580993408473766, 0.5, 0.5]);
    assert_eq!(Prelu.df(0.0), 0.25);
}

#[test]
fn every_activation_derivative_matches_finite_differences() {
    // Grid avoiding the kinks at 0 (relu family, selu) and −0.5 (gallery maxout).
    let xs: Vec<f64> = (0..40).map(|k| -5.93 + 0.31 * k as f64).collect();
    for act in Activation::ALL {
        for &x in &xs {
            let numeric = (act.f(x + 1e-6) - act.f(x - 1e-6)) / 2e-6;
            assert!((act.df(x) - numeric).abs() < 1e-6, "{} at {x}: {} vs {numeric}", act.name(), act.df(x));
        }
        assert_eq!(Activation::from_name(act.name()), Some(act));
    }
    assert_eq!(Activation::from_name("silu"), Some(Swish));
    assert_eq!(Activation::from_name("softmax"), None);
    // Maxout as a layer: adjacent pairs, gradient to the larger piece (ties to the first).
    let pre = [1.0, 2.0, -1.0, -3.0, 0.5, 0.5];
    let mut out = [0.0; 3];
    Maxout.forward(0.0, &pre, &mut out);
    assert_eq!(out, [2.0, -1.0, 0.5]);
    let mut dpre = [9.0; 6];
    Maxout.backward(0.0, &pre, &out, &[1.0, 2.0, 3.0], &mut dpre);
    assert_eq!(dpre, [0.0, 1.0, 2.0, 0.0, 3.0, 0.0]);
    // PReLU's slope gradient: Σ over x ≤ 0 of x·dout.
    assert_eq!(Prelu.slope_grad(&[-2.0, 3.0, -1.0, 0.0], &[1.0, 1.0, 0.5, 7.0]), -2.5);
}

#[test]
fn saturation_zones_ranges_and_flags() {
    let edge = (0.99f64).sqrt().atanh(); // 1 − tanh² = 0.01 ⇔ |x| = atanh(√0.99) ≈ 2.993
    let zones = Tanh.saturation_zones(-6.0, 6.0);
    assert_eq!(zones.len(), 2, "{zones:?}");
    assert!((zones[0].0 + 6.0).abs() < 1e-12 && (zones[0].1 + edge).abs() < 1e-9, "{zones:?}");
    assert!((zones[1].0 - edge).abs() < 1e-9 && (zones[1].1 - 6.0).abs() < 1e-12, "{zones:?}");
    let relu = Relu.saturation_zones(-6.0, 6.0);
    assert_eq!(relu.len(), 1);
    assert!((relu[0].0 + 6.0).abs() < 1e-12 && relu[0].1.abs() < 1e-9, "{relu:?}");
    let elu = Elu.saturation_zones(-6.0, 6.0);
    assert!(elu.len() == 1 && (elu[0].1 - 0.01f64.ln()).abs() < 1e-9, "{elu:?}");
    assert!(LeakyRelu.saturation_zones(-6.0, 6.0).is_empty(), "leaky ReLU never saturates");
    assert!(Maxout.saturation_zones(-6.0, 6.0).is_empty());
    assert_eq!(Relu.saturation_zones(-3.0, -1.0), vec![(-3.0, -1.0)]);
    assert!(Tanh.saturation_zones(1.0, f64::NAN).is_empty());
    assert_eq!(
        (Tanh.saturated(0.995), Tanh.saturated(-0.5), Sigmoid.saturated(0.005)),
        (Some(true), Some(false), Some(true))
    );
    assert_eq!(Relu.saturated(100.0), None);
    assert_eq!((Tanh.output_range(), Sigmoid.output_range()), ((-1.0, 1.0), (0.0, 1.0)));
    for act in Activation::ALL {
        let (lo, hi) = act.output_range();
        // Every range holds the curve's values on a unit-variance input's typical span.
        assert!(lo < hi && act.f(-1.5) >= lo && act.f(1.5) <= hi, "{}", act.name());
    }
}

/// E_batchnorm.json `[x, dout, gamma, beta]`.
fn bn_inputs(e: &Value) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let i = &e["inputs"];
    (flat(&i["x"]), flat(&i["dout"]), flat(&i["gamma"]), flat(&i["beta"]))
}

#[test]
fn batch_norm_matches_reference_train_running_stats_and_eval() {
    let e = load("E_batchnorm.json");
    let (x, dout, gamma, beta) = bn_inputs(&e);
    assert_eq!(e["inputs"]["eps"].as_f64(), Some(1e-5));
    let fresh = || {
        let mut bn = BatchNorm::<f64>::new(3);
        bn.gamma = gamma.clone();
        bn.beta = beta.clone();
        bn
    };
    let (mut out, mut dx) = (vec![0.0; 12], vec![0.0; 12]);
    // Train mode: through the batch statistics.
    let want = &e["train_mode"]["numpy"];
    let mut bn = fresh();
    bn.forward_train(&x, &mut out);
    bn.backward(&x, &dout, &mut dx);
    assert_close("out", &out, &flat(&want["out"]), 1e-12);
    assert_close("batch mean", bn.mean(), &flat(&want["batch_mean"]), 1e-12);
    assert_close("batch var", bn.var(), &flat(&want["batch_var_biased"]), 1e-12);
    let mut xhat = vec![0.0; 12];
    bn.normalized(&x, &mut xhat);
    assert_close("xhat", &xhat, &flat(&want["xhat"]), 1e-12);
    assert_close("dx", &dx, &flat(&want["dx"]), 1e-12);
    assert_close("dgamma", &bn.grad_gamma, &flat(&want["dgamma"]), 1e-12);
    assert_close("dbeta", &bn.grad_beta, &flat(&want["dbeta"]), 1e-12);
    // Running statistics over 3 batches, both conventions, then eval mode on x.
    let stats = &e["running_stats"];
    let eval = &e["test_mode_after_3_batches"];
    for (key, eval_key, torch) in [
        ("torch_momentum0p1_unbiased_mean0_var1", "torch_convention", true),
        ("cs231n_momentum0p9_biased_init0", "cs231n_convention", false),
    ] {
        let mut bn = fresh();
        if !torch {
            bn.unbiased_running_var = false;
            bn.running_var.fill(0.0);
        }
        for (k, step) in stats[key].as_array().expect("batches").iter().enumerate() {
            bn.forward_train(&flat(&step["batch"]), &mut out);
            assert_close(&format!("{key} running mean {k}"), &bn.running_mean, &flat(&step["running_mean"]), 1e-12);
            assert_close(&format!("{key} running var {k}"), &bn.running_var, &flat(&step["running_var"]), 1e-12);
            if torch {
                assert_close(&format!("{key} train out {k}"), &out, &flat(&step["train_out"]), 1e-12);
            }
        }
        let want = &eval[eval_key];
        bn.forward_eval(&x, &mut out);
        bn.backward(&x, &dout, &mut dx);
        bn.normalized(&x, &mut xhat);
        assert_close(&format!("{eval_key} eval out"), &out, &flat(&want["out"]), 1e-12);
        assert_close(&format!("{eval_key} eval xhat"), &xhat, &flat(&want["xhat"]), 1e-12);
        assert_close(&format!("{eval_key} eval dx"), &dx, &flat(&want["dx"]), 1e-12);
        assert_close(&format!("{eval_key} eval dgamma"), &bn.grad_gamma, &flat(&want["dgamma"]), 1e-12);
        assert_close(&format!("{eval_key} eval dbeta"), &bn.grad_beta, &flat(&want["dbeta"]), 1e-12);
    }
    // The f32 layer runs the same code: agrees to f32 precision.
    let mut bn32 = BatchNorm::<f32>::new(3);
    bn32.gamma = gamma.iter().map(|&g| g as f32).collect();
    bn32.beta = beta.iter().map(|&b| b as f32).collect();
    let (x32, dout32): (Vec<f32>, Vec<f32>) =
        (x.iter().map(|&v| v as f32).collect(), dout.iter().map(|&v| v as f32).collect());
    let (mut out32, mut dx32) = (vec![0f32; 12], vec![0f32; 12]);
    bn32.forward_train(&x32, &mut out32);
    bn32.backward(&x32, &dout32, &mut dx32);
    let widen = |v: &[f32]| v.iter().map(|&a| a as f64).collect::<Vec<_>>();
    assert_close("f32 out", &widen(&out32), &flat(&e["train_mode"]["numpy"]["out"]), 1e-5);
    assert_close("f32 dx", &widen(&dx32), &flat(&e["train_mode"]["numpy"]["dx"]), 1e-5);
}

#[test]
fn dropout_scales_survivors_and_keeps_the_expectation() {
    let g = load("G_dropout.json");
    let p_keep = g["p_keep"].as_f64().expect("p_keep");
    let x = flat(&g["x"]);
    let keep: Vec<bool> = flat(&g["keep"]).iter().map(|&k| k == 1.0).collect();
    // Our p is the drop probability (torch); CS231n's p is the keep probability.
    let mut dropout = Dropout::<f64>::new(1.0 - p_keep).expect("valid p");
    let mut out = vec![0.0; x.len()];
    dropout.forward_with_keep(&x, &keep, &mut out);
    assert_close("mask", dropout.mask(), &flat(&g["mask_scaled"]), 1e-15);
    assert_close("train out", &out, &flat(&g["train_out"]), 1e-15);
    let mut dx = vec![0.0; x.len()];
    dropout.backward(&flat(&g["dout"]), &mut dx);
    assert_close("dx", &dx, &flat(&g["dx"]), 1e-15);
    dropout.forward_eval(&x, &mut out);
    assert_close("test out", &out, &flat(&g["test_out"]), 0.0);
    // E[out] = x: Monte Carlo over the reference's n with its standard error.
    let mc = &g["monte_carlo"];
    let n = mc["n"].as_u64().expect("n") as usize;
    let (value, sd) = (mc["x_value"].as_f64().expect("x"), mc["expected_sd_of_mean"].as_f64().expect("sd"));
    let xs = vec![value; n];
    let mut out = vec![0.0; n];
    dropout.forward_train(&xs, &mut out, &mut Rng::new(0));
    let mean = out.iter().sum::<f64>() / n as f64;
    assert!((mean - value).abs() < 4.0 * sd, "E[out] = {mean}, want {value} ± {sd}");
    let kept = dropout.mask().iter().filter(|&&m| m != 0.0).count() as f64 / n as f64;
    assert!((kept - p_keep).abs() < 0.002 && dropout.mask().iter().all(|&m| m == 0.0 || m == 1.0 / p_keep));
    // Edge cases: p = 0 is the identity, p = 1 drops everything, anything else is refused.
    let mut none = Dropout::<f64>::new(0.0).unwrap();
    none.forward_train(&x, &mut vec![0.0; x.len()], &mut Rng::new(1));
    assert!(none.mask().iter().all(|&m| m == 1.0));
    let mut all = Dropout::<f64>::new(1.0).unwrap();
    all.forward_train(&x, &mut vec![0.0; x.len()], &mut Rng::new(1));
    assert!(all.mask().iter().all(|&m| m == 0.0));
    assert_eq!(Dropout::<f32>::new(1.5).unwrap_err().field, "dropout");
    assert!(Dropout::<f32>::new(f64::NAN).is_err());
}

#[test]
fn dense_backward_matches_finite_differences() {
    let (n, i, o) = (3, 4, 5);
    let mut rng = Rng::new(11);
    let (x, w, b, r) = (randn(n * i, &mut rng), randn(i * o, &mut rng), randn(o, &mut rng), randn(n * o, &mut rng));
    let loss = |x: &[f64], w: &[f64], b: &[f64]| {
        let mut layer = Dense::<f64>::new(i, o, true);
        layer.weight = w.to_vec();
        layer.bias = b.to_vec();
        let mut out = vec![0.0; n * o];
        layer.forward(x, &mut out);
        dot(&out, &r) // L = Σ out·R, so dL/dout = R
    };
    let mut layer = Dense::<f64>::new(i, o, true);
    layer.weight = w.clone();
    layer.bias = b.clone();
    let mut dx = vec![0.0; n * i];
    layer.backward(&x, &r, Some(&mut dx));
    assert_grad("dense dW", &layer.grad_weight, &numeric_grad(&w, |w| loss(&x, w, &b)), 1.0);
    assert_grad("dense db", &layer.grad_bias, &numeric_grad(&b, |b| loss(&x, &w, b)), 1.0);
    assert_grad("dense dx", &dx, &numeric_grad(&x, |x| loss(x, &w, &b)), 1.0);
}

#[test]
fn batch_norm_and_layer_norm_backward_match_finite_differences() {
    let (n, f) = (5, 4);
    let mut rng = Rng::new(5);
    let (x, r) = (randn(n * f, &mut rng), randn(n * f, &mut rng));
    let (gamma, beta) = (randn(f, &mut rng), randn(f, &mut rng));
    // mode 0: batch norm train, 1: batch norm eval (after one training batch), 2: layer norm.
    let loss = |mode: usize, x: &[f64], g: &[f64], b: &[f64]| {
        let mut out = vec![0.0; n * f];
        if mode == 2 {
            let mut ln = LayerNorm::<f64>::new(f);
            (ln.gamma, ln.beta) = (g.to_vec(), b.to_vec());
            ln.forward(x, &mut out);
        } else {
            let mut bn = BatchNorm::<f64>::new(f);
            (bn.gamma, bn.beta) = (g.to_vec(), b.to_vec());
            bn.forward_train(&r, &mut out);
            if mode == 0 {
                bn.forward_train(x, &mut out);
            } else {
                bn.forward_eval(x, &mut out);
            }
        }
        dot(&out, &r)
    };
    for mode in 0..3 {
        let mut dx = vec![0.0; n * f];
        let (dg, db) = if mode == 2 {
            let mut ln = LayerNorm::<f64>::new(f);
            (ln.gamma, ln.beta) = (gamma.clone(), beta.clone());
            ln.forward(&x, &mut vec![0.0; n * f]);
            ln.backward(&x, &r, &mut dx);
            (ln.grad_gamma, ln.grad_beta)
        } else {
            let mut bn = BatchNorm::<f64>::new(f);
            (bn.gamma, bn.beta) = (gamma.clone(), beta.clone());
            bn.forward_train(&r, &mut vec![0.0; n * f]);
            if mode == 0 {
                bn.forward_train(&x, &mut vec![0.0; n * f]);
            } else {
                bn.forward_eval(&x, &mut vec![0.0; n * f]);
            }
            bn.backward(&x, &r, &mut dx);
            (bn.grad_gamma, bn.grad_beta)
        };
        assert_grad(&format!("norm {mode} dx"), &dx, &numeric_grad(&x, |x| loss(mode, x, &gamma, &beta)), 1.0);
        assert_grad(&format!("norm {mode} dgamma"), &dg, &numeric_grad(&gamma, |g| loss(mode, &x, g, &beta)), 1.0);
        assert_grad(&format!("norm {mode} dbeta"), &db, &numeric_grad(&beta, |b| loss(mode, &x, &gamma, b)), 1.0);
    }
}

#[test]
fn softmax_cross_entropy_loss_and_gradient() {
    let (n, c) = (4, 3);
    let mut rng = Rng::new(2);
    let logits = randn(n * c, &mut rng);
    let labels = [0, 2, 1, 2];
    let mut ce = SoftmaxCrossEntropy::<f64>::new();
    let loss = ce.forward(&logits, &labels, c);
    // Direct formula: −(1/N) Σ log(e^{z_y} / Σ e^z).
    let direct: f64 = logits
        .chunks(c)
        .zip(labels)
        .map(|(z, y)| -(z[y].exp() / z.iter().map(|v| v.exp()).sum::<f64>()).ln())
        .sum::<f64>()
        / n as f64;
    assert!((loss - direct).abs() < 1e-14);
    assert!(ce.probs().chunks(c).all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-15));
    let mut dlogits = vec![0.0; n * c];
    ce.backward(&labels, &mut dlogits);
    let numeric = numeric_grad(&logits, |z| SoftmaxCrossEntropy::<f64>::new().forward(z, &labels, c));
    assert_grad("softmax CE dz", &dlogits, &numeric, 1.0);
    // Extreme logits stay finite (log-sum-exp): loss ≈ 1000 for a confidently wrong class.
    let mut ce32 = SoftmaxCrossEntropy::<f32>::new();
    let extreme = ce32.forward(&[1000.0, 0.0, -1000.0], &[1], 3);
    assert!((extreme - 1000.0).abs() < 1e-3, "{extreme}");
    // Uniform logits: loss = ln C.
    assert!((ce32.forward(&[0.0; 6], &[0, 1], 3) - 3f64.ln()).abs() < 1e-6);
}

#[test]
fn deep_net_backward_matches_finite_differences() {
    for (activation, norm) in
        [(Tanh, 0), (Tanh, 1), (Tanh, 2), (Relu, 0), (Gelu, 1), (Maxout, 1), (Sigmoid, 2), (Elu, 0)]
    {
        let cfg = DeepNetConfig {
            layers: 3,
            width: 4,
            batch: 6,
            input_dim: 3,
            activation,
            init: Init::Custom(1.0), // W_l = B_l, so perturbing B_l perturbs W_l
            batch_norm: norm == 1,
            layer_norm: norm == 2,
            bias: 0.1,
            seed: 9,
            ..DeepNetConfig::default()
        };
        let mut net = DeepNet::<f64>::new(&cfg).expect("valid config");
        let mut grads = vec![Vec::new(); cfg.layers];
        net.backward(|l, g| grads[l] = g.to_vec());
        for (l, grad) in grads.iter().enumerate() {
            let base = net.base_weights(l).to_vec();
            let numeric = numeric_grad(&base, |b| {
                net.base_weights_mut(l).copy_from_slice(b);
                net.forward()
            });
            net.base_weights_mut(l).copy_from_slice(&base);
            let what = format!("{} norm {norm} dW{}", activation.name(), l + 1);
            assert_grad(&what, grad, &numeric, 1e-3);
        }
    }
}
