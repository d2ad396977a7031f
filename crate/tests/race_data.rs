//! The race's data-fit surfaces: full-batch runs are plain gradient descent on the data, minibatch
//! runs count the examples they see, and the lecture's comparisons hold — full-batch GD wins per
//! step, minibatches win per example processed, L-BFGS converges on the full batch and not on
//! minibatches.

use gradscope::optim::OptimizerKind;
use gradscope::preprocess::StageKind;
use gradscope::scene::race::{Race, RaceConfig, Run, PRESETS};
use gradscope::surface::data_fit::FitKind;
use gradscope::surface::fit_data::{race_data, RACE_POINTS};

fn race(hash: &str) -> Race {
    let mut race = Race::new(RaceConfig::from_hash(hash).expect("a valid link")).expect("a race");
    race.seek(race.config().steps);
    race
}

fn preset(id: &str) -> Race {
    race(PRESETS.iter().find(|p| p.id == id).expect("a preset").link)
}

fn run_with(race: &Race, batch: usize) -> &Run {
    race.runs().iter().find(|r| r.batch == Some(batch)).expect("a run with that batch")
}

#[test]
fn a_full_batch_run_is_gradient_descent_on_the_data() {
    let r = race("surf=linreg&dstage=center&opt=sgd&lr=0.3&batch=200&steps=25&seed=4");
    let fit = race_data(FitKind::Linear, StageKind::Center, 4);
    let mut w = r.config().start;
    for (k, p) in r.runs()[0].path.iter().enumerate() {
        assert!((p[0] - w[0]).abs() < 1e-12 && (p[1] - w[1]).abs() < 1e-12, "step {k}: {p:?} vs {w:?}");
        let g = fit.grad(w);
        w = [w[0] - 0.3 * g[0], w[1] - 0.3 * g[1]];
    }
    assert_eq!(r.runs()[0].examples[25], 25 * RACE_POINTS);
}

#[test]
fn minibatch_runs_count_the_examples_of_each_epoch() {
    // 200 rows in batches of 30: six of 30 and one of 20 per epoch.
    let r = race("surf=linreg&opt=sgd&lr=0.01&batch=30&steps=14");
    let examples = &run_with(&r, 30).examples;
    assert_eq!(examples[6], 180);
    assert_eq!(examples[7], 200, "the epoch's last batch is the 20 rows left");
    assert_eq!(examples[14], 400);
}

#[test]
fn gd_wins_per_step_and_minibatches_win_per_example() {
    let r = preset("gd_vs_sgd");
    let (gd, mini, sgd) = (run_with(&r, 200), run_with(&r, 20), run_with(&r, 1));
    assert_eq!(r.runs().len(), 3);
    // Per step: after 10 steps full-batch GD is lower than SGD on single examples.
    assert!(gd.losses[10] < sgd.losses[10], "GD {} vs SGD {}", gd.losses[10], sgd.losses[10]);
    // Per example: 10 minibatches of 20 see 200 examples, as one GD step does, and get further.
    assert_eq!((mini.examples[10], gd.examples[1]), (200, 200));
    assert!(mini.losses[10] < gd.losses[1] / 2.0, "minibatch {} vs GD {}", mini.losses[10], gd.losses[1]);
}

#[test]
fn lbfgs_converges_on_the_full_batch_but_not_on_minibatches() {
    let r = preset("lbfgs_batches");
    assert!(r.runs().iter().all(|run| run.optimizer == OptimizerKind::Lbfgs));
    let best = r.surface().minima()[0];
    let floor = r.surface().value(best);
    let (full, mini) = (run_with(&r, 200), run_with(&r, 10));
    let gap = |run: &Run| run.losses.last().unwrap() - floor;
    assert!(gap(full) < 1e-8, "full batch: {}", gap(full));
    assert!(gap(mini) > 100.0 * gap(full).max(1e-10), "minibatch {} vs full {}", gap(mini), gap(full));
}

#[test]
fn whitening_the_race_data_makes_the_least_squares_hessian_round() {
    for (stage, round) in [(StageKind::Raw, false), (StageKind::Whiten, true)] {
        let h = race_data(FitKind::Linear, stage, 1).hessian([0.0, 0.0]);
        let eig = h.symmetric_eigenvalues();
        let kappa = eig.max() / eig.min();
        assert_eq!((kappa - 1.0).abs() < 1e-3, round, "{stage:?}: κ = {kappa}");
    }
}
