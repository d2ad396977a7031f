//! The regularization scene: every method starts from the same weights, its trainings run as
//! jobs whose outputs the scene gathers, ensembles average their members, and the uncorrected
//! evaluation changes exactly the methods with a test-time correction.

use gradscope::fields;
use gradscope::scene::regularize::{JobRun, RegularizeConfig, RegularizeRun, DEFAULT_METHODS, GRID, METHODS, PRESETS};
use gradscope::scene::trainer::Trainer;

fn config(hash: &str) -> RegularizeConfig {
    fields::from_hash(hash).unwrap()
}

/// Run every job of `cfg` here, as the workers would, in chunks of 7 minibatches.
fn run_all(cfg: &RegularizeConfig) -> RegularizeRun {
    let mut run = RegularizeRun::new(cfg.clone(), None).unwrap();
    for job in 0..run.job_count() {
        let mut j = JobRun::new(cfg, job, None).unwrap();
        while !j.advance(7) {}
        run.accept(job, j.finish());
    }
    run
}

#[test]
fn every_method_starts_from_the_same_weights() {
    let cfg = config(&format!("m={}", METHODS.join(",")));
    assert_eq!(RegularizeConfig::default().methods, DEFAULT_METHODS.to_vec());
    let weights = |m: usize| {
        let t = Trainer::new(cfg.method_config(m).unwrap()).unwrap();
        t.net().weights().map(<[f64]>::to_vec).collect::<Vec<_>>()
    };
    let first = weights(0);
    for m in 1..cfg.methods.len() {
        assert_eq!(weights(m), first, "{}", cfg.methods[m]);
    }
    for gradscope::claims::Preset { link: preset, .. } in PRESETS {
        let cfg = config(preset);
        assert!(RegularizeRun::new(cfg, None).is_ok(), "{preset}");
    }
}

#[test]
fn results_arrive_per_method_and_ensembles_average_their_members() {
    let cfg = config("n=80&width=16&epochs=6&k=3&cycles=3&m=none,dropout,ensemble,snapshot,depth&raw=0&seeds=1");
    assert_eq!(cfg.jobs().len(), 5 + 2, "one training per method, two more ensemble members");
    let mut run = run_all(&cfg);
    assert_eq!(run.done(), run.job_count());
    let results: Vec<_> = run.results().iter().cloned().map(Option::unwrap).collect();
    for r in &results {
        assert_eq!(r.grid.len(), GRID * GRID * 3, "{}", r.method);
        assert!(r.history.len() <= 6 && !r.history.is_empty());
        assert!((0.0..=1.0).contains(&r.val.val_acc) && r.val.val_loss > 0.0);
    }
    let (none, dropout, ensemble, snapshot, depth) = (&results[0], &results[1], &results[2], &results[3], &results[4]);
    assert_eq!(ensemble.members.len(), 3);
    assert_eq!(snapshot.members.len(), 3);
    assert!(none.members.is_empty());
    assert_eq!(ensemble.members[0], none.val, "member 0 is the unregularized net");
    for cell in ensemble.grid.chunks_exact(3) {
        assert!((cell.iter().sum::<f32>() - 1.0).abs() < 1e-5, "averaged probabilities sum to 1");
    }
    let csv = gradscope::scene::regularize::csv::regularize_methods(&results.iter().collect::<Vec<_>>());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + results.iter().map(|r| r.history.len() + 1).sum::<usize>());
    assert!(lines.iter().all(|l| l.split(',').count() == 9), "{csv}");
    assert!(lines.iter().any(|l| l.starts_with("ensemble,K = 3,tested,") && l.ends_with(",3,0")), "{csv}");
    // Without the test-time correction dropout's and stochastic depth's scores change; the
    // plain net's cannot.
    run.set_uncorrected(true);
    let raw: Vec<_> = run.results().iter().cloned().map(Option::unwrap).collect();
    assert_eq!(raw[0].val, none.val);
    assert!(!raw[0].uncorrected && raw[1].uncorrected && raw[4].uncorrected);
    assert_ne!(raw[1].val, dropout.val);
    assert_ne!(raw[4].val, depth.val);
}

#[test]
fn replicates_give_each_method_a_mean_over_seeds_and_a_paired_difference() {
    let cfg = config("n=60&width=8&layers=2&epochs=3&m=none,l2,ensemble&k=2&seeds=3");
    assert_eq!(cfg.jobs().len(), 3 * (3 + 1), "per seed: one training per method, one more member");
    let seeds_of = |job: usize| cfg.replicate_config(0, job).unwrap().seed;
    assert_eq!((seeds_of(0), seeds_of(1), seeds_of(2)), (1, 2, 3), "replicate r trains on seed + r");
    let run = run_all(&cfg);
    let results: Vec<_> = run.results().iter().cloned().map(Option::unwrap).collect();
    for r in &results {
        assert_eq!(r.val_by_seed.len(), 3, "{}", r.method);
        assert_eq!(r.val_by_seed[0], r.val.val_acc, "the first replicate is the one drawn");
        let mean = r.val_by_seed.iter().sum::<f64>() / 3.0;
        assert!((r.val_mean.mean - mean).abs() < 1e-12 && r.val_mean.runs == 3);
    }
    assert!(results[0].vs_none.is_none(), "no regularization is the baseline");
    let d = results[1].vs_none.unwrap();
    let paired: Vec<f64> = results[1].val_by_seed.iter().zip(&results[0].val_by_seed).map(|(a, b)| a - b).collect();
    assert!((d.mean - paired.iter().sum::<f64>() / 3.0).abs() < 1e-12);
    let gain = results[2].gain_over_members.unwrap();
    assert_eq!(gain.runs, 3, "the ensemble's gain over its mean member, per seed");
    // Validation is the held-out set: 1000 points whatever the training size.
    assert_eq!(run.base().splits().1.len(), gradscope::scene::regularize::VALIDATION_POINTS);
}

#[test]
fn refusals_name_the_field() {
    for (hash, field) in [
        ("m=", "methods"),
        ("m=none,bagging", "m"),
        ("layers=1&m=none,depth", "stochasticDepth"),
        ("layers=5", "layers"),
        ("k=11", "k"),
        ("cycles=20&epochs=10", "cycles"),
        ("ds=digits&n=1900", "points"),
    ] {
        let err = fields::from_hash::<RegularizeConfig>(hash).unwrap_err();
        assert_eq!(err.field, field, "{hash}: {err}");
    }
}
