//! MLP gradients against central finite differences, shared by the trainer's and the
//! regularizers' tests.

#![allow(dead_code)] // each test file uses what it needs

use gradscope::nn::mlp::{Mode, ParamKind};
use gradscope::nn::{Activation, Init, Mlp, MlpConfig};
use gradscope::rng::Rng;

pub fn mlp_config(activation: Activation) -> MlpConfig {
    MlpConfig {
        inputs: 3,
        classes: 4,
        layers: 2,
        width: 5,
        activation,
        init: Init::Xavier,
        batch_norm: false,
        layer_norm: false,
        dropout: 0.0,
        l2: 0.0,
        ..MlpConfig::default()
    }
}

pub fn nudge(net: &mut Mlp, tensor: usize, index: usize, delta: f64) {
    let mut k = 0;
    net.for_each_param(|p| {
        if k == tensor {
            p.value[index] += delta;
        }
        k += 1;
    });
}

/// Every gradient entry against (L(θ + h) − L(θ − h))/2h; dropout masks are fixed by
/// reseeding the mask generator for every forward.
pub fn finite_difference_check(cfg: MlpConfig) {
    finite_difference_check_with_masks(cfg, 99);
}

/// [`finite_difference_check`] with the masks (and stochastic-depth gates) of `mask_seed`.
pub fn finite_difference_check_with_masks(cfg: MlpConfig, mask_seed: u64) {
    let mut rng = Rng::new(3);
    let mut net = Mlp::new(&cfg, &mut rng).unwrap();
    let rows = 7;
    let x: Vec<f64> = (0..rows * cfg.inputs).map(|_| rng.normal()).collect();
    let labels: Vec<usize> = (0..rows).map(|i| i % cfg.classes).collect();
    let loss_at = |net: &mut Mlp| net.loss(&x, &labels, Mode::Train, &mut Rng::new(mask_seed)).total();
    loss_at(&mut net);
    net.backward(&labels);
    let mut grads = Vec::new();
    net.for_each_param(|p| grads.push((p.kind, p.grad.to_vec())));
    if cfg.activation == Activation::Prelu {
        assert!(grads.iter().any(|(k, g)| *k == ParamKind::Slope && g[0] != 0.0), "PReLU slope learns");
    }
    let h = 1e-5;
    for (t, (kind, grad)) in grads.iter().enumerate() {
        for (i, &analytic) in grad.iter().enumerate() {
            nudge(&mut net, t, i, h);
            let plus = loss_at(&mut net);
            nudge(&mut net, t, i, -2.0 * h);
            let minus = loss_at(&mut net);
            nudge(&mut net, t, i, h);
            let numeric = (plus - minus) / (2.0 * h);
            let err = (numeric - analytic).abs() / (1e-3 + numeric.abs() + analytic.abs());
            assert!(err < 1e-5, "{cfg:?}\ntensor {t} ({kind:?}) [{i}]: numeric {numeric} analytic {analytic}");
        }
    }
}
