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
