//! Optimizers, schedules and surfaces against `shared/reference/` (PyTorch 2.15 + numpy, f64):
//! A_trajectories_{quad,rosenbrock}.json (scripts/gen_A_trajectories.py), B_lr_schedules.json
//! (scripts/gen_B_lr_schedules.py); the CS231n assignment checks are in reference_cs231n.rs.
//! Tolerances are the ones its README states.

mod optim_support;

use std::cell::RefCell;

use gradscope::objective::Objective;
use gradscope::optim::{Hyper, Lbfgs, LbfgsParams, Optimizer, OptimizerKind};
use gradscope::scene::race::rates::suggested_hyper;
use gradscope::schedule::Schedule;
use gradscope::surface::{Surface, SurfaceKind};
use optim_support::{allocations, assert_close, load, num, nums, run_path, Recording, Tol};
use serde_json::Value;

/// The optimizer a reference run id stands for (fails on an id we do not know).
fn kind_of(id: &str) -> OptimizerKind {
    match id {
        "SGD" | "SGD_lr0.085_diverging" | "SGD_lr0.1_diverging" => OptimizerKind::Sgd,
        "SGD_momentum0.9" => OptimizerKind::Momentum,
        "SGD_nesterov0.9" => OptimizerKind::Nesterov,
        "Adagrad" => OptimizerKind::Adagrad,
        "RMSprop" => OptimizerKind::Rmsprop,
        "Adam" => OptimizerKind::Adam,
        "AdamW" => OptimizerKind::Adamw,
        "NAdam" => OptimizerKind::Nadam,
        "Adadelta" => OptimizerKind::Adadelta,
        _ if id.starts_with("LBFGS") => OptimizerKind::Lbfgs,
        _ => panic!("unknown reference run {id}"),
    }
}

/// Our shared hyperparameters from a run's `torch_defaults_effective`.
fn hyper_of(run: &Value) -> Hyper {
    let d = &run["torch_defaults_effective"];
    let get = |key: &str, default: f64| d.get(key).map_or(default, num);
    let betas = d.get("betas").map_or(vec![0.9, 0.999], nums);
    Hyper {
        lr: get("lr", 0.01),
        momentum: get("momentum", 0.9),
        beta1: betas[0],
        beta2: betas[1],
        eps: d.get("eps").map(num),
        rho: get("rho", 0.9),
        alpha: get("alpha", 0.99),
        weight_decay: get("weight_decay", 0.0),
        momentum_decay: get("momentum_decay", 4e-3),
        bias_correction: true,
    }
}

/// Every run in A_trajectories_<name>.json, point by point, with the README's tolerances.
fn check_trajectories(file: &str, surface_kind: SurfaceKind, run_count: usize) {
    let reference = load(file);
    let surface = Surface::new(surface_kind);
    let start = nums(&reference["surface"]["start"]);
    assert_eq!(surface.default_start(), [start[0], start[1]], "{file}: start");
    let runs = reference["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), run_count, "{file}: runs");
    for run in runs {
        let id = run["id"].as_str().expect("id");
        let kind = kind_of(id);
        let steps = run["steps"].as_u64().expect("steps") as usize;
        let [xs, ys, fs] = if kind == OptimizerKind::Lbfgs {
            let d = &run["torch_defaults_effective"];
            let params = LbfgsParams {
                lr: num(&d["lr"]),
                max_iter: d["max_iter"].as_u64().unwrap() as usize,
                max_eval: d["max_eval"].as_u64().unwrap() as usize,
                tolerance_grad: num(&d["tolerance_grad"]),
                tolerance_change: num(&d["tolerance_change"]),
                history_size: d["history_size"].as_u64().unwrap() as usize,
            };
            let mut opt = Lbfgs::new(params);
            let log = Recording { surface: surface.clone(), log: RefCell::new(Vec::new()) };
            let mut p = surface.default_start().to_vec();
            let (mut xs, mut ys, mut fs) = (vec![p[0]], vec![p[1]], vec![surface.value([p[0], p[1]])]);
            let (mut evals, mut iters) = (vec![0.0], vec![0.0]);
            let mut g = [0.0; 2];
            for _ in 0..steps {
                Objective::grad(&surface, &p, &mut g);
                opt.step_with(&mut p, &log, &g);
                xs.push(p[0]);
                ys.push(p[1]);
                fs.push(surface.value([p[0], p[1]]));
                evals.push(opt.func_evals as f64);
                iters.push(opt.n_iter as f64);
            }
            assert_eq!(evals, nums(&run["func_evals"]), "{file} {id}: func_evals");
            assert_eq!(iters, nums(&run["n_iter"]), "{file} {id}: n_iter");
            if let Some(reference_evals) = run.get("evals") {
                let ours: Vec<f64> = log.log.borrow().iter().flatten().copied().collect();
                assert_close(&format!("{file} {id} evals"), &ours, &nums(reference_evals), |_| Tol::Abs(1e-6));
            }
            [xs, ys, fs]
        } else {
            let mut hyper = hyper_of(run);
            if !id.contains("diverging") {
                // the out-of-the-box race settings are exactly the reference ones
                let suggested = suggested_hyper(kind, surface_kind);
                assert_eq!(suggested.lr, hyper.lr, "{file} {id}: suggested lr");
                assert_eq!(suggested.weight_decay, hyper.weight_decay, "{file} {id}: weight decay");
                hyper = suggested;
            }
            run_path(kind.build(&hyper).as_mut(), &surface, surface.default_start(), steps)
        };
        let tol = |k: usize| match (kind, id) {
            (OptimizerKind::Lbfgs, _) => Tol::Abs(1e-6),
            (_, id) if id.contains("diverging") => Tol::Rel(1e-9),
            (OptimizerKind::Nadam, _) if surface_kind == SurfaceKind::Rosenbrock && k > 50 => Tol::Abs(1e-4),
            _ => Tol::Abs(1e-9),
        };
        for (axis, ours) in ["x", "y", "f"].into_iter().zip([xs, ys, fs]) {
            assert_close(&format!("{file} {id} {axis}"), &ours, &nums(&run[axis]), tol);
        }
    }
    // plain Newton, x ← x − H⁻¹∇f
    let newton = &reference["newton"];
    let steps = newton["steps"].as_u64().unwrap() as usize;
    let mut opt = OptimizerKind::Newton.build(&Hyper { lr: 1.0, ..Hyper::default() });
    let [xs, ys, fs] = run_path(opt.as_mut(), &surface, surface.default_start(), steps);
    for (axis, ours) in ["x", "y", "f"].into_iter().zip([xs, ys, fs]) {
        assert_close(&format!("{file} newton {axis}"), &ours, &nums(&newton[axis]), |_| Tol::Abs(1e-9));
    }
}

#[test]
fn quad_paths_match_torch() {
    check_trajectories("A_trajectories_quad.json", SurfaceKind::Quadratic, 14);
}

#[test]
fn rosenbrock_paths_match_torch() {
    check_trajectories("A_trajectories_rosenbrock.json", SurfaceKind::Rosenbrock, 12);
}

#[test]
fn surface_checks_match_autograd() {
    for (file, kind) in [
        ("A_trajectories_quad.json", SurfaceKind::Quadratic),
        ("A_trajectories_rosenbrock.json", SurfaceKind::Rosenbrock),
    ] {
        let surface = Surface::new(kind);
        let reference = load(file);
        let minima: Vec<f64> = surface.minima().into_iter().flatten().collect();
        assert_eq!(minima, nums(&reference["surface"]["known_minima"]), "{file}: minima");
        for check in reference["surface_checks"].as_array().unwrap() {
            let p = nums(&check["point"]);
            let p = [p[0], p[1]];
            assert_close(&format!("{file} f{p:?}"), &[surface.value(p)], &[num(&check["f"])], |_| Tol::Abs(1e-12));
            assert_close(&format!("{file} grad{p:?}"), &surface.grad(p), &nums(&check["torch_grad"]), |_| {
                Tol::Abs(1e-12)
            });
            let h = surface.hessian(p);
            let ours = [h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]];
            assert_close(&format!("{file} H{p:?}"), &ours, &nums(&check["torch_hessian"]), |_| Tol::Abs(1e-12));
        }
    }
}

#[test]
fn schedules_match_torch() {
    let reference = load("B_lr_schedules.json");
    let lr0 = num(&reference["lr0"]);
    let schedules = reference["schedules"].as_object().unwrap();
    assert_eq!(schedules.len(), 5);
    for (name, entry) in schedules {
        let p = &entry["params"];
        let count = |key: &str| p[key].as_u64().unwrap() as usize;
        let schedule = match name.as_str() {
            "StepLR" => Schedule::Step { step_size: count("step_size"), gamma: num(&p["gamma"]) },
            "ExponentialLR" => Schedule::Exponential { gamma: num(&p["gamma"]) },
            "CosineAnnealingLR" => Schedule::Cosine { t_max: count("T_max"), eta_min: num(&p["eta_min"]) },
            "LinearWarmupCosine" => {
                assert_eq!(num(&p["eta_min"]), 0.0);
                Schedule::WarmupCosine { warmup: count("warmup_epochs"), total: count("total_epochs") }
            }
            "InverseTimeDecay" => Schedule::InverseTime { k: num(&p["k"]) },
            other => panic!("unknown schedule {other}"),
        };
        assert_eq!(Some(schedule), Schedule::from_name(schedule.name()), "{name}: defaults are the lecture plot's");
        let ours: Vec<f64> = (0..120).map(|e| schedule.lr_at(lr0, e)).collect();
        for key in ["lr_torch", "lr_closed_form"] {
            assert_close(&format!("{name} {key}"), &ours, &nums(&entry[key]), |_| Tol::Abs(1e-12));
        }
    }
}

#[test]
fn newton_solves_a_quadratic_in_one_step_and_jumps_onto_the_saddle() {
    for (kind, kappa) in [(SurfaceKind::Quadratic, 25.0), (SurfaceKind::Quadratic, 400.0), (SurfaceKind::Saddle, 25.0)]
    {
        let surface = Surface { kind, kappa, data: None };
        let mut opt = OptimizerKind::Newton.build(&Hyper { lr: 1.0, ..Hyper::default() });
        let [xs, ys, _] = run_path(opt.as_mut(), &surface, surface.default_start(), 3);
        for k in 1..=3 {
            assert_eq!([xs[k], ys[k]], [0.0, 0.0], "{kind:?} κ={kappa} step {k}");
        }
    }
}

#[test]
fn diverging_sgd_grows_by_exactly_one_and_a_half_per_step() {
    let surface = Surface::new(SurfaceKind::Quadratic);
    let mut opt = OptimizerKind::Sgd.build(&Hyper { lr: 0.1, ..Hyper::default() });
    let [_, ys, _] = run_path(opt.as_mut(), &surface, surface.default_start(), 200);
    for k in 0..200 {
        // y ← y − lr·κ·y = (1 − 2.5)·y
        assert!((ys[k + 1] / ys[k] + 1.5).abs() < 1e-14, "step {k}: {} → {}", ys[k], ys[k + 1]);
    }
    assert!(ys[200].abs() > 1e35 && ys[200].is_finite());
}

#[test]
fn lbfgs_on_the_saddle_runs_off_to_infinity_without_panicking() {
    // README: the torch max_eval=25 run reaches non-finite values at step 13 (f unbounded below).
    // Out there (|y| ~ 1e154) the line search's branches hinge on the last ulps, so we only ask
    // that f overflows at step 12 or 13 and stays non-finite, with no panic and no NaN position.
    let surface = Surface::new(SurfaceKind::Saddle);
    let mut opt = OptimizerKind::Lbfgs.build(&Hyper { lr: 1.0, ..Hyper::default() });
    let [xs, ys, fs] = run_path(opt.as_mut(), &surface, surface.default_start(), 20);
    let first_nonfinite = fs.iter().position(|f| !f.is_finite()).expect("f overflows");
    assert!((12..=13).contains(&first_nonfinite), "first non-finite f at step {first_nonfinite}: y {ys:?}");
    assert!(fs[first_nonfinite..].iter().all(|f| !f.is_finite()));
    assert!(xs.iter().chain(&ys).all(|v| !v.is_nan()));
}

#[test]
fn adam_without_bias_correction_takes_a_different_path() {
    let surface = Surface::new(SurfaceKind::Quadratic);
    let reference = load("A_trajectories_quad.json");
    let run = reference["runs"].as_array().unwrap().iter().find(|r| r["id"] == "Adam").unwrap();
    let hyper = Hyper { bias_correction: false, ..hyper_of(run) };
    let [xs, ..] = run_path(OptimizerKind::Adam.build(&hyper).as_mut(), &surface, surface.default_start(), 200);
    let reference_x = nums(&run["x"]);
    assert!((xs[1] - reference_x[1]).abs() > 0.1, "first step {} vs {}", xs[1], reference_x[1]);
}

#[test]
fn set_lr_every_step_keeps_state() {
    // a constant schedule applied through set_lr each step reproduces the reference path
    let surface = Surface::new(SurfaceKind::Quadratic);
    let reference = load("A_trajectories_quad.json");
    let run = reference["runs"].as_array().unwrap().iter().find(|r| r["id"] == "NAdam").unwrap();
    let hyper = hyper_of(run);
    let mut opt = OptimizerKind::Nadam.build(&hyper);
    let mut p = surface.default_start().to_vec();
    let mut g = [0.0; 2];
    let mut xs = vec![p[0]];
    for t in 0..200 {
        opt.set_lr(Schedule::Constant.lr_at(hyper.lr, t));
        Objective::grad(&surface, &p, &mut g);
        opt.step(&mut p, &g);
        xs.push(p[0]);
    }
    assert_close("NAdam with set_lr", &xs, &nums(&run["x"]), |_| Tol::Abs(1e-9));
}

#[test]
fn first_order_steps_do_not_allocate_after_the_first() {
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    for kind in OptimizerKind::ALL.into_iter().filter(|k| !matches!(k, OptimizerKind::Newton | OptimizerKind::Lbfgs)) {
        let mut opt = kind.build(&Hyper { lr: 1e-4, weight_decay: 0.01, ..Hyper::default() });
        let mut p = [-1.5, 2.0];
        let mut g = [0.0; 2];
        Objective::grad(&surface, &p, &mut g);
        opt.step_with(&mut p, &surface, &g);
        let before = allocations();
        for t in 0..100 {
            opt.set_lr(1e-4 / (1.0 + t as f64));
            Objective::grad(&surface, &p, &mut g);
            opt.step_with(&mut p, &surface, &g);
        }
        assert_eq!(allocations(), before, "{kind:?} allocated while stepping");
        assert!(p.iter().all(|v| v.is_finite()));
    }
}

#[test]
fn on_the_wells_sgd_settles_in_the_shallow_well_and_momentum_rolls_on_to_the_deep_one() {
    let surface = Surface::new(SurfaceKind::Wells);
    let [shallow, deep, _medium] = <[[f64; 2]; 3]>::try_from(surface.minima()).unwrap();
    for (kind, well) in [(OptimizerKind::Sgd, shallow), (OptimizerKind::Momentum, deep)] {
        let mut opt = kind.build(&suggested_hyper(kind, SurfaceKind::Wells));
        let [xs, ys, _] = run_path(opt.as_mut(), &surface, surface.default_start(), 300);
        let distance = (xs[300] - well[0]).hypot(ys[300] - well[1]);
        assert!(distance < 1e-3, "{kind:?} ended at ({}, {}), {distance} from {well:?}", xs[300], ys[300]);
    }
}
