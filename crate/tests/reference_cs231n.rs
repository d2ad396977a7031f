//! The optimizer updates of CS231n assignment 2 (`shared/reference/D_cs231n_assignment2_checks.json`,
//! scripts/gen_D_cs231n_checks.py) against our PyTorch-form optimizers: the notes' conventions
//! (velocity v = −lr·buf, …) mapped onto ours, to 1e-12.

mod optim_support;

use gradscope::optim::{Adam, AdamParams, Hyper, Optimizer, OptimizerKind, Rmsprop, RmspropParams, Sgd, SgdParams};
use optim_support::{assert_close, load, num, nums, Tol};
use serde_json::Value;

/// A CS231n check by name.
fn cs231n_check<'a>(reference: &'a Value, name: &str) -> &'a Value {
    reference["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
}

const CS231N_TOL: Tol = Tol::Abs(1e-12);

#[test]
fn cs231n_single_updates_match_our_torch_form() {
    let reference = load("D_cs231n_assignment2_checks.json");
    // sgd: w −= lr·dw
    let c = cs231n_check(&reference, "sgd");
    let (mut w, dw) = (nums(&c["w"]), nums(&c["dw"]));
    Sgd::new(SgdParams { lr: num(&c["config"]["learning_rate"]), ..SgdParams::default() }).step(&mut w, &dw);
    assert_close("sgd next_w", &w, &nums(&c["expected"]["next_w"]), |_| CS231N_TOL);

    // sgd_momentum: CS231n v = μv − lr·dw; w += v  ≡  torch buf = μ·buf + dw; w −= lr·buf with v = −lr·buf
    let c = cs231n_check(&reference, "sgd_momentum");
    let (cfg, mut w, dw) = (&c["config"], nums(&c["w"]), nums(&c["dw"]));
    let lr = num(&cfg["learning_rate"]);
    let mut opt = Sgd::new(SgdParams { lr, momentum: num(&cfg["momentum"]), ..SgdParams::default() });
    opt.velocity = nums(&cfg["velocity"]).iter().map(|v| -v / lr).collect();
    opt.step(&mut w, &dw);
    assert_close("momentum next_w", &w, &nums(&c["expected"]["next_w"]), |_| CS231N_TOL);
    let v: Vec<f64> = opt.velocity.iter().map(|b| -lr * b).collect();
    assert_close("momentum velocity", &v, &nums(&c["expected"]["velocity"]), |_| CS231N_TOL);

    // rmsprop: identical rule (CS231n decay_rate = torch alpha, cache = square_avg)
    let c = cs231n_check(&reference, "rmsprop");
    let (cfg, mut w, dw) = (&c["config"], nums(&c["w"]), nums(&c["dw"]));
    let params = RmspropParams {
        lr: num(&cfg["learning_rate"]),
        alpha: num(&cfg["decay_rate"]),
        eps: num(&cfg["epsilon"]),
        weight_decay: 0.0,
    };
    let mut opt = Rmsprop::new(params);
    opt.square_avg = nums(&cfg["cache"]);
    opt.step(&mut w, &dw);
    assert_close("rmsprop next_w", &w, &nums(&c["expected"]["next_w"]), |_| CS231N_TOL);
    assert_close("rmsprop cache", &opt.square_avg, &nums(&c["expected"]["cache"]), |_| CS231N_TOL);

    // adam: same rule; CS231n m̂/(√v̂ + ε) = torch (m/(1 − β1^t)) / (√v/√(1 − β2^t) + ε)
    let c = cs231n_check(&reference, "adam");
    let (cfg, w0, dw) = (&c["config"], nums(&c["w"]), nums(&c["dw"]));
    let adam = |bias_correction| {
        let mut opt = Adam::new(AdamParams {
            lr: num(&cfg["learning_rate"]),
            betas: (num(&cfg["beta1"]), num(&cfg["beta2"])),
            eps: num(&cfg["epsilon"]),
            bias_correction,
            ..AdamParams::default()
        });
        (opt.step_count, opt.first_moment, opt.second_moment) = (5, nums(&cfg["m"]), nums(&cfg["v"]));
        let mut w = w0.clone();
        opt.step(&mut w, &dw);
        (w, opt)
    };
    let (w, opt) = adam(true);
    let expected = &c["expected"];
    assert_close("adam next_w", &w, &nums(&expected["next_w"]), |_| CS231N_TOL);
    assert_close("adam m", &opt.first_moment, &nums(&expected["m"]), |_| CS231N_TOL);
    assert_close("adam v", &opt.second_moment, &nums(&expected["v"]), |_| CS231N_TOL);
    assert_eq!(opt.step_count as f64, num(&expected["t"]));

    // without bias correction we reproduce the notebook's "wrong" variant, far from the right one
    let wrong = &reference["wrong_variants_for_reference"];
    let (w_uncorrected, _) = adam(false);
    assert_close("adam no bias correction", &w_uncorrected, &nums(&wrong["adam_no_bias_correction"]), |_| CS231N_TOL);
    let right = nums(&expected["next_w"]);
    let max_dev = w_uncorrected.iter().zip(&right).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(max_dev > 1e-3, "bias correction must matter here: {max_dev}");
    let late_t = nums(&wrong["adam_t_not_incremented_first"]);
    assert!(w.iter().zip(&late_t).any(|(a, b)| (a - b).abs() > 1e-6), "t is incremented before use");
}

#[test]
fn cs231n_three_step_sequences_from_zero_state() {
    let reference = load("D_cs231n_assignment2_checks.json");
    let base = cs231n_check(&reference, "sgd");
    let (w0, dw) = (nums(&base["w"]), nums(&base["dw"]));
    let sequences = &reference["three_step_sequences_from_zero_state"];
    for (name, kind) in
        [("sgd_momentum", OptimizerKind::Momentum), ("rmsprop", OptimizerKind::Rmsprop), ("adam", OptimizerKind::Adam)]
    {
        let seq = &sequences[name];
        let cfg = &seq["initial_config"];
        let get = |key: &str, default: f64| cfg.get(key).map_or(default, num);
        let hyper = Hyper {
            lr: num(&cfg["learning_rate"]),
            momentum: get("momentum", 0.9),
            alpha: get("decay_rate", 0.99),
            beta1: get("beta1", 0.9),
            beta2: get("beta2", 0.999),
            eps: cfg.get("epsilon").map(num),
            ..Hyper::default()
        };
        let mut opt = kind.build(&hyper);
        let mut w = w0.clone();
        let mut after = Vec::new();
        for k in 0..3 {
            // dw_k = dw·(1 + 0.5k) + 0.1·w_k
            let grad: Vec<f64> = dw.iter().zip(&w).map(|(d, wk)| d * (1.0 + 0.5 * k as f64) + 0.1 * wk).collect();
            opt.step(&mut w, &grad);
            after.extend_from_slice(&w);
        }
        assert_close(&format!("{name} three steps"), &after, &nums(&seq["w_after_each_step"]), |_| CS231N_TOL);
        let state = &seq["final_state"];
        let internals = opt.internals();
        let (ours, theirs): (Vec<f64>, Vec<f64>) = match name {
            "sgd_momentum" => (internals.velocity.iter().map(|b| -hyper.lr * b).collect(), nums(&state["velocity"])),
            "rmsprop" => (internals.second_moment.to_vec(), nums(&state["cache"])),
            _ => {
                assert_eq!(internals.step_count as f64, num(&state["t"]));
                assert_close("adam final m", internals.first_moment, &nums(&state["m"]), |_| CS231N_TOL);
                (internals.second_moment.to_vec(), nums(&state["v"]))
            }
        };
        assert_close(&format!("{name} final state"), &ours, &theirs, |_| CS231N_TOL);
    }
}
