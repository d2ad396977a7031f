//! Hyperparameter search and the learning-rate sweep: grid and random plans, trials that equal
//! `gradscope train`, the early abort, reproducibility across worker counts, and refusals.

mod cli_support;

use cli_support::{json, refused};
use gradscope::scene::trainer::TrainerConfig;
use gradscope::search::{self, sweep, ParamRange, SearchPlan, Strategy, PARAMS};
use serde_json::Value;

fn range(text: &str) -> ParamRange {
    ParamRange::parse(text).unwrap()
}

#[test]
fn every_searchable_parameter_is_a_trainer_flag_and_round_trips_as_text() {
    let base = TrainerConfig::default();
    for (name, text) in PARAMS.iter().zip([
        "lr:1e-4:1:log",
        "l2:1e-6:0.1:log",
        "dropout:0:0.5:lin",
        "width:8:64:log",
        "batch:8:128:log",
        "momentum:0.5:0.99:lin",
        "beta1:0.8:0.99:lin",
    ]) {
        let p = range(text);
        assert_eq!(&p.name, name);
        assert_eq!(ParamRange::parse(&p.to_text()).unwrap(), p);
        let config = search::trial_config(&base, std::slice::from_ref(&p), &[p.value_at(0.5)]).unwrap();
        assert_eq!(p.read(&config), p.value_at(0.5), "{name} is set in the trainer config");
    }
}

#[test]
fn a_grid_has_exactly_n_distinct_values_per_axis_and_every_combination_once() {
    let params = vec![range("lr:1e-4:1:log"), range("dropout:0:0.6:lin"), range("width:8:64:log")];
    let plan = SearchPlan::new(params, Strategy::Grid, 64).unwrap();
    assert_eq!(plan.grid_side().unwrap(), 4);
    let points = plan.points(0);
    assert_eq!(points.len(), 64);
    for axis in 0..3 {
        let mut values: Vec<f64> = points.iter().map(|p| p[axis]).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        assert_eq!(values.len(), 4, "axis {axis}: {values:?}");
    }
    let lr: Vec<f64> = {
        let mut v: Vec<f64> = points.iter().map(|p| p[0]).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    // Log spacing: equal ratios, ends exactly as typed.
    assert_eq!((lr[0], lr[3]), (1e-4, 1.0));
    assert!((lr[1] / lr[0] - lr[3] / lr[2]).abs() < 1e-9);
    let mut keys: Vec<String> = points.iter().map(|p| format!("{p:?}")).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 64, "every combination once");
}

/// Kolmogorov–Smirnov distance of samples in [0, 1] from the uniform distribution.
fn ks_uniform(mut u: Vec<f64>) -> f64 {
    u.sort_by(f64::total_cmp);
    let n = u.len() as f64;
    u.iter().enumerate().map(|(i, &x)| (x - i as f64 / n).abs().max(((i + 1) as f64 / n - x).abs())).fold(0.0, f64::max)
}

#[test]
fn random_trials_are_uniform_on_each_scale() {
    let params = vec![range("lr:1e-6:1:log"), range("dropout:0:0.5:lin")];
    let plan = SearchPlan::new(params.clone(), Strategy::Random, 256).unwrap();
    let mut log_u = Vec::new();
    let mut lin_u = Vec::new();
    for seed in 0..16 {
        for p in plan.points(seed) {
            log_u.push(params[0].position(p[0]));
            lin_u.push(params[1].position(p[1]));
        }
    }
    // 4096 draws: the 1 % critical KS distance is 1.63/√n ≈ 0.025.
    let critical = 1.63 / (log_u.len() as f64).sqrt();
    assert!(ks_uniform(log_u.clone()) < critical, "lr uniform in log space");
    assert!(ks_uniform(lin_u) < critical, "dropout uniform");
    // Uniform in log space is far from uniform in the value: most draws lie below 0.1.
    let below = log_u.iter().filter(|&&u| params[0].value_at(u) < 0.1).count() as f64 / log_u.len() as f64;
    assert!((below - 5.0 / 6.0).abs() < 0.03, "{below}");
    assert_ne!(plan.points(0), plan.points(1), "the seed decides the draws");
    assert_eq!(plan.points(7), plan.points(7));
}

/// A small search on the spirals (the seed follows).
const SEARCH: &str =
    "search --dataset spiral --points 150 --epochs 3 --strategy random --trials 6 --param lr:1e-3:3:log --seed";

fn search_json(extra: &[&str]) -> Value {
    let mut args: Vec<&str> = SEARCH.split(' ').collect();
    args.push("4");
    args.extend(extra);
    json(&args)
}

#[test]
fn a_trial_equals_gradscope_train_with_its_parameters_and_seed() {
    let out = search_json(&["--param", "width:8:48:lin"]);
    let trials = out["trials"].as_array().unwrap();
    assert_eq!(trials.len(), 6);
    let mut compared = 0;
    for trial in trials.iter().filter(|t| t["exploded"] == false) {
        let (lr, width, seed) =
            (trial["params"]["lr"].to_string(), trial["params"]["width"].to_string(), trial["seed"].to_string());
        let args = format!("train --dataset spiral --points 150 --epochs 3 --lr {lr} --width {width} --seed {seed}");
        let train = json(&args.split(' ').collect::<Vec<_>>());
        let last = train["epochs"].as_array().unwrap().last().unwrap().clone();
        for key in ["train_acc", "val_acc", "train_loss", "val_loss"] {
            assert_eq!(trial[key], last[key], "{key} of {trial}");
        }
        assert_eq!(trial["epochs"], 3);
        compared += 1;
    }
    assert!(compared >= 2, "too few finished trials to compare: {out}");
    let best = out["best"].as_u64().unwrap() as usize;
    let best_acc = trials[best]["val_acc"].as_f64().unwrap();
    assert!(trials.iter().all(|t| t["val_acc"].as_f64().is_none_or(|a| a <= best_acc)));
}

#[test]
fn exploding_trials_are_flagged_and_stop_at_once() {
    let base =
        TrainerConfig { optimizer: gradscope::optim::OptimizerKind::Sgd, epochs: 20, ..TrainerConfig::default() };
    let params = [range("lr:1e-3:50:log")];
    let calm = search::run_trial(search::trial_config(&base, &params, &[0.05]).unwrap(), &params, None).unwrap();
    assert!(!calm.exploded && calm.epochs == 20 && calm.val_acc.is_some(), "{calm:?}");
    let wild = search::run_trial(search::trial_config(&base, &params, &[50.0]).unwrap(), &params, None).unwrap();
    assert!(wild.exploded, "{wild:?}");
    assert!(wild.epochs < 2, "stopped within its first epoch or so: {wild:?}");
    assert_eq!(search::best(&[wild.clone(), calm.clone()]), Some(1), "an exploded trial never wins");
}

#[test]
fn the_same_seed_gives_the_same_json_with_one_and_with_four_workers() {
    let one = search_json(&["--workers", "1"]);
    let four = search_json(&["--workers", "4"]);
    assert_eq!(one, four);
    assert_ne!(one, json(&format!("{SEARCH} 5").split(' ').collect::<Vec<_>>()), "another seed, other trials");
}

#[test]
fn a_best_value_at_the_edge_of_its_range_is_named() {
    let params = [range("lr:1e-4:1:log"), range("dropout:0:0.5:lin")];
    let result = |lr: f64, dropout: f64| search::TrialResult {
        params: vec![("lr".into(), lr), ("dropout".into(), dropout)],
        seed: 0,
        train_acc: Some(1.0),
        val_acc: Some(1.0),
        train_loss: Some(0.0),
        val_loss: Some(0.0),
        epochs: 1,
        exploded: false,
    };
    assert_eq!(search::at_edge(&params, &result(0.9, 0.25)), vec!["lr"]);
    assert_eq!(search::at_edge(&params, &result(1e-2, 0.01)), vec!["dropout"]);
    assert!(search::at_edge(&params, &result(1e-2, 0.25)).is_empty());
}

#[test]
fn bad_searches_exit_2_naming_the_field() {
    for (extra, field) in [
        (&["--param", "lr:1:0.1:log"][..], "param"),
        (&["--param", "lr:0:1:log"], "param"),
        (&["--param", "lr:-1:1:lin"], "param"),
        (&["--param", "momentum:1e-3:10:log"], "param"),
        (&["--param", "shoe:1:2:lin"], "param"),
        (&["--param", "lr:1e-3"], "param"),
        (&["--param", "lr:1e-3:1:cubic"], "param"),
        (&["--param", "lr:1e-3:1:log", "--param", "lr:1e-2:1:log"], "param"),
        (
            &[
                "--param",
                "lr:1e-3:1:log",
                "--param",
                "l2:1e-5:1e-2:log",
                "--param",
                "dropout:0:0.5:lin",
                "--param",
                "width:8:64:log",
            ],
            "param",
        ),
        (&["--param", "lr:1e-3:1:log", "--trials", "0"], "trials"),
        (&["--param", "lr:1e-3:1:log", "--trials", "257"], "trials"),
        (
            &["--param", "lr:1e-3:1:log", "--param", "l2:1e-5:1e-2:log", "--strategy", "grid", "--trials", "10"],
            "trials",
        ),
        (&["--param", "lr:1e-3:1:log", "--strategy", "simplex"], "strategy"),
        (&["--param", "lr:1e-3:1:log", "--workers", "0"], "workers"),
    ] {
        let stderr = refused(&[&["search", "--epochs", "1"][..], extra].concat());
        assert!(stderr.starts_with(&format!("error: {field}: ")), "{extra:?}: {stderr}");
    }
}

#[test]
fn the_lr_sweep_rises_geometrically_and_suggests_a_range_where_the_loss_falls() {
    let out = json(&["lr-sweep", "--dataset", "spiral", "--seed", "0"]);
    let lr: Vec<f64> = out["lr"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let loss = out["loss"].as_array().unwrap();
    assert_eq!(lr.len(), loss.len());
    assert_eq!(lr[0], sweep::SWEEP_RANGE.0);
    let ratio = lr[1] / lr[0];
    assert!(lr.windows(2).all(|w| (w[1] / w[0] / ratio - 1.0).abs() < 1e-9), "one factor per minibatch");
    assert!(lr.len() < sweep::SWEEP_STEPS, "Adam on the spirals blows up before lr = 10");
    let [lo, hi] = [out["suggested"][0].as_f64().unwrap(), out["suggested"][1].as_f64().unwrap()];
    assert!(lr[0] <= lo && lo < hi && hi <= *lr.last().unwrap(), "{lo} {hi}");
    // Training at the suggested middle lowers the loss; far below it barely moves.
    let base = TrainerConfig { epochs: 5, ..TrainerConfig::default() };
    let [slow, good, ..] = sweep::pattern_rates([lo, hi]);
    let good_curve = sweep::fixed_rate_curve(&base, good, None).unwrap();
    let slow_curve = sweep::fixed_rate_curve(&base, slow, None).unwrap();
    let drop = |c: &[f64]| c[0] - c[c.len() - 1];
    assert!(drop(&good_curve) > 5.0 * drop(&slow_curve).max(1e-3), "{good_curve:?} vs {slow_curve:?}");
}
