//! The race scene: validation, divergence, noise determinism, hash round-trips, presets, SVG.

use gradscope::scene::race::{Race, RaceConfig, PRESETS};

fn config(hash: &str) -> RaceConfig {
    RaceConfig::from_hash(hash).unwrap_or_else(|e| panic!("{hash}: {e}"))
}

#[test]
fn default_race_runs_every_chosen_optimizer_from_the_start() {
    let race = Race::new(RaceConfig::default()).unwrap();
    assert_eq!(race.runs().len(), 3, "the opening race: SGD, momentum, Adam");
    for run in race.runs() {
        assert_eq!(run.path[0], race.config().start);
        assert_eq!(run.path.len(), race.config().steps + 1, "{:?} diverged on the default", run.optimizer);
        assert!(run.losses.iter().all(|l| l.is_finite()));
        assert!(run.losses.last().unwrap() < &run.losses[0], "{:?} made no progress", run.optimizer);
    }
}

#[test]
fn too_large_a_learning_rate_stops_sgd_with_its_step_while_adam_goes_on() {
    // Critical lr on κ = 25 is 2/25 = 0.08; at 0.5, |y| grows ×11.5 per step and passes 1e6 quickly.
    let race = Race::new(config("opt=sgd,adam&lr=0.5&steps=200")).unwrap();
    let sgd = &race.runs()[0];
    let step = sgd.diverged_at.expect("SGD must diverge");
    assert!((3..=10).contains(&step), "diverged at {step}");
    assert_eq!(sgd.path.len(), step, "the path stops before the divergent step");
    assert!(sgd.path.iter().flatten().all(|v| v.is_finite()));
    let adam = &race.runs()[1];
    assert_eq!(adam.diverged_at, None);
    assert_eq!(adam.path.len(), 201);
}

#[test]
fn refused_config_keeps_the_last_good_state() {
    let mut race = Race::new(RaceConfig::default()).unwrap();
    let before = race.runs()[0].path.clone();
    let mut bad = RaceConfig::default();
    bad.hyper.lr = f64::NAN;
    assert_eq!(race.set(bad).unwrap_err().field, "lr");
    let mut unknown = RaceConfig::default();
    unknown.optimizers.push("adamax".into());
    assert_eq!(race.set(unknown).unwrap_err().field, "optimizers");
    assert_eq!(race.runs()[0].path, before);
    assert_eq!(race.config(), &RaceConfig::default());
}

#[test]
fn gradient_noise_is_seeded_and_the_same_for_every_optimizer() {
    let a = Race::new(config("noise=2&seed=3")).unwrap();
    let b = Race::new(config("noise=2&seed=3")).unwrap();
    let c = Race::new(config("noise=2&seed=4")).unwrap();
    assert_eq!(a.runs()[0].path, b.runs()[0].path);
    assert_ne!(a.runs()[0].path, c.runs()[0].path);
    let clean = Race::new(config("noise=0")).unwrap();
    assert_ne!(a.runs()[0].path, clean.runs()[0].path);
}

#[test]
fn newton_reaches_the_quadratic_minimum_in_one_step_and_the_saddle_too() {
    let quad = Race::new(config("opt=newton&lro=newton:1&steps=3")).unwrap();
    let p = quad.runs()[0].path[1];
    assert!(p[0].abs() < 1e-12 && p[1].abs() < 1e-12, "{p:?}");
    let saddle = Race::new(config("surf=saddle&opt=newton&lro=newton:1&steps=3")).unwrap();
    let p = saddle.runs()[0].path[1];
    assert!(p[0].abs() < 1e-12 && p[1].abs() < 1e-12, "Newton goes to the saddle, got {p:?}");
}

#[test]
fn hash_round_trips_exactly_and_refuses_bad_values_by_key() {
    let hashes = ["", "surf=rosenbrock&opt=sgd,lbfgs&lr=0.001&eps=1e-6&bc=0&sched=cosine&noise=0.5&seed=9"];
    for hash in hashes.iter().copied().chain(PRESETS.iter().map(|p| p.link)) {
        let cfg = config(hash);
        assert_eq!(RaceConfig::from_hash(&cfg.to_hash()).unwrap(), cfg, "{hash}");
    }
    for (bad, key) in [
        ("lr=abc", "lr"),
        ("lr=-1", "lr"),
        ("lr=inf", "lr"),
        ("steps=0", "steps"),
        ("steps=100000000000", "steps"),
        ("surf=<script>", "surf"),
        ("opt=sgd,sgd", "opt"),
        ("sched=weekly", "sched"),
        ("lro=newton", "lro"),
        ("seed=-1", "seed"),
        ("kappa=1e300", "kappa"),
    ] {
        assert_eq!(RaceConfig::from_hash(bad).unwrap_err().field, key, "{bad}");
    }
    assert_eq!(config("unknown=1&lr=0.02").hyper.lr, 0.02);
    assert_eq!(config("surf=rosenbrock").start, [-1.5, 2.0], "a surface brings its own start");
}

#[test]
fn animation_steps_and_seeks_within_bounds() {
    let mut race = Race::new(config("steps=10")).unwrap();
    assert_eq!(race.shown(), 0);
    assert_eq!(race.step(4), 4);
    assert_eq!(race.step(100), 10);
    race.seek(3);
    let snap = race.snapshot();
    assert_eq!(snap.shown, 3);
    assert!(snap.runs.iter().all(|r| r.step == 3 && r.diverged_at.is_none()));
}

#[test]
fn every_preset_runs_and_tells_its_story() {
    for gradscope::claims::Preset { id, link: hash, .. } in PRESETS {
        let race = Race::new(config(hash)).unwrap();
        assert!(!race.runs().is_empty(), "{id}");
    }
    let too_large = Race::new(config(PRESETS.iter().find(|p| p.id == "too_large_lr").unwrap().link)).unwrap();
    assert!(too_large.runs().iter().any(|r| r.diverged_at.is_some()));
    assert!(too_large.runs().iter().any(|r| r.diverged_at.is_none()));
}

#[test]
fn race_renders_to_svg_with_heatmap_paths_and_axes() {
    use gradscope::render::Labels;
    use gradscope::scene::race::render::{draw_losses, draw_paths, draw_surface, paint_cells};
    use plotters::prelude::*;
    let mut race = Race::new(RaceConfig::default()).unwrap();
    race.seek(150);
    let labels = Labels::default();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 1000)).into_drawing_area();
        let (top, bottom) = root.split_vertically(700);
        let mapping = draw_surface(&top, &race, |_, chart| paint_cells(&race, chart, 30)).unwrap();
        draw_paths(&top, &race, &gradscope::render::Labels::default()).unwrap();
        draw_losses(&bottom, &race, &labels).unwrap();
        root.present().unwrap();
        // The click mapping inverts the axes: the plot's corners are the window's corners, and
        // the window holds the view box at one scale for x and y.
        let (tl, w) = (mapping.to_data(mapping.px.0 as f64, mapping.py.0 as f64).unwrap(), mapping.window);
        assert!((tl[0] - w.x_min).abs() < 1e-9 && (tl[1] - w.y_max).abs() < 1e-9);
        let v = race.surface().view_box();
        assert!(w.x_min <= v.x_min && w.x_max >= v.x_max && w.y_min <= v.y_min && w.y_max >= v.y_max);
        let (pw, ph) = ((mapping.px.1 - mapping.px.0) as f64, (mapping.py.1 - mapping.py.0) as f64);
        let (ux, uy) = ((w.x_max - w.x_min) / pw, (w.y_max - w.y_min) / ph);
        assert!((ux - uy).abs() < 0.02 * ux, "equal aspect: {ux} vs {uy} units per pixel");
        assert!(mapping.to_data(-5.0, 0.0).is_none());
    }
    assert!(svg.matches("<rect").count() >= 900, "heatmap cells");
    assert!(svg.contains("Loss − minimum (log)"), "loss axis title");
    assert!(svg.contains("Step"));
    // Every optimizer's colour appears (as a path stroke).
    for i in 0..race.runs().len() {
        let c = gradscope::scene::race::render::optimizer_color(race.runs()[i].optimizer);
        let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(svg.to_uppercase().contains(&hex), "colour {hex} of run {i}");
    }
}

#[test]
fn tuned_rates_reproduce_the_reference_learning_rates_and_shared_rate_undoes_them() {
    let cfg = config("surf=rosenbrock&opt=sgd,adam,lbfgs");
    assert_eq!(cfg.hyper.lr, 5e-4, "a surface brings its own shared rate");
    let tuned = cfg.with_tuned_rates();
    let race = Race::new(tuned.clone()).unwrap();
    let lrs: Vec<f64> = race.runs().iter().map(|r| r.lr).collect();
    assert_eq!(lrs, vec![5e-4, 0.05, 1.0]);
    assert_eq!(RaceConfig::from_hash(&tuned.to_hash()).unwrap(), tuned);
    let shared = tuned.with_shared_rate();
    let race = Race::new(shared).unwrap();
    assert_eq!(race.runs()[1].lr, 5e-4);
    assert_eq!(race.runs()[2].lr, 1.0, "L-BFGS keeps lr 1");
}
