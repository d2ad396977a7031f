//! The activations that `F_activations.json` (torch) does not cover — identity, ReLU6,
//! softsign — against their closed forms and torch's conventions at the kinks; a deep net of
//! identity layers is one linear map, so it cannot fit the spirals (the lecture's reason for a
//! nonlinearity). Their derivatives are also in reference_nn.rs's finite-difference sweep.

use gradscope::nn::Activation::{self, Identity, Relu6, Softsign};
use gradscope::scene::trainer::{Trainer, TrainerConfig, PRESETS};

#[test]
fn closed_forms_and_torch_conventions() {
    for x in [-7.0, -1.0, 0.0, 0.5, 3.0, 6.0, 9.0] {
        assert_eq!(Identity.f(x), x);
        assert_eq!(Identity.df(x), 1.0);
        assert_eq!(Relu6.f(x), x.clamp(0.0, 6.0));
        assert_eq!(Softsign.f(x), x / (1.0 + f64::abs(x)));
        assert_eq!(Softsign.df(x), 1.0 / (1.0 + f64::abs(x)).powi(2));
    }
    // torch.nn.functional.relu6 is hardtanh(0, 6): its gradient is 0 at both kinks.
    assert_eq!([Relu6.df(0.0), Relu6.df(3.0), Relu6.df(6.0), Relu6.df(6.5)], [0.0, 1.0, 0.0, 0.0]);
    // Softsign approaches ±1 slowly: at x = 9 it is still 10 % short (tanh: 3e-8).
    assert!((1.0 - Softsign.f(9.0) - 0.1).abs() < 1e-12 && 1.0 - 9f64.tanh() < 1e-7);
    let zones = Relu6.saturation_zones(-8.0, 8.0);
    assert_eq!(zones.len(), 2, "x < 0 and x > 6: {zones:?}");
    assert!(zones[0].1.abs() < 1e-9 && (zones[1].0 - 6.0).abs() < 1e-9, "{zones:?}");
    assert!(Identity.saturation_zones(-8.0, 8.0).is_empty() && Softsign.saturation_zones(-8.0, 8.0).is_empty());
    for a in [Identity, Relu6, Softsign] {
        assert_eq!(Activation::from_name(a.name()), Some(a));
    }
}

#[test]
fn a_deep_linear_net_cannot_fit_the_spiral_a_relu_one_can() {
    let hash = PRESETS.iter().find(|p| p.id == "linear").unwrap().link;
    let train = |hash: &str| {
        let mut t = Trainer::new(TrainerConfig::from_hash(&format!("{hash}&epochs=60")).unwrap()).unwrap();
        for _ in 0..60 {
            t.epoch();
        }
        t.history().last().unwrap().train_acc
    };
    let linear = train(hash);
    let relu = train(&format!("{hash}&act=relu"));
    assert!(linear < 0.65, "4 identity layers are one linear classifier: {linear}");
    assert!(relu > linear + 0.25, "the same net with ReLU fits it: {relu} vs {linear}");
}

/// The layer's forward and backward (ReLU's run as a separate, speed-compiled kernel) equal
/// the scalar f and f′·dy of every activation, bit for bit, at kinks and special values too.
#[test]
fn layer_passes_equal_the_scalar_definitions() {
    let pre: Vec<f64> =
        [-3.0, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 2.0, 7.0, f64::INFINITY, f64::NAN, -f64::INFINITY]
            .into_iter()
            .flat_map(|x| [x, x * 0.25])
            .collect();
    let dout: Vec<f64> = (0..pre.len()).map(|i| [1.0, -0.5, 3.0][i % 3]).collect();
    for act in Activation::ALL.into_iter().filter(|a| a.pieces() == 1) {
        let slope = act.default_slope();
        let (mut out, mut dpre) = (vec![0.0; pre.len()], vec![0.0; pre.len()]);
        act.forward(slope, &pre, &mut out);
        act.backward(slope, &pre, &out, &dout, &mut dpre);
        for (i, &x) in pre.iter().enumerate() {
            let (f, df) = (act.eval(x, slope), act.deriv(x, slope));
            assert_eq!(out[i].to_bits(), f.to_bits(), "{act:?} forward at {x}");
            if !matches!(act, Activation::Tanh | Activation::Sigmoid) {
                // tanh and sigmoid differentiate through their output (1 − y², y(1 − y)).
                assert_eq!(dpre[i].to_bits(), (df * dout[i]).to_bits(), "{act:?} backward at {x}");
            }
        }
        let pre32: Vec<f32> = pre.iter().map(|&x| x as f32).collect();
        let mut out32 = vec![0.0f32; pre.len()];
        act.forward(slope as f32, &pre32, &mut out32);
        for (y, &x) in out32.iter().zip(&pre32) {
            assert_eq!(y.to_bits(), act.eval(x, slope as f32).to_bits(), "{act:?} f32 forward at {x}");
        }
    }
}
