//! The search scene's state: trials interleave the plans, results land where they belong, the
//! best trial and the edge warning read them, a zoom narrows the ranges, a trial's link is its
//! config, and a run here gives the sweep's four curves.

use gradscope::fields;
use gradscope::scene::search::{SearchConfig, SearchRun};
use gradscope::scene::trainer::TrainerConfig;
use gradscope::search::Strategy;

fn run(hash: &str) -> SearchRun {
    SearchRun::new(fields::from_hash::<SearchConfig>(hash).unwrap()).unwrap()
}

#[test]
fn grid_and_random_interleave_on_the_same_budget_and_results_land_in_their_plan() {
    let mut r = run("strat=both&trials=9&p=lr:1e-4:1:log,dropout:0:0.6:lin&epochs=1");
    assert_eq!(r.plans().iter().map(|p| p.strategy).collect::<Vec<_>>(), [Strategy::Grid, Strategy::Random]);
    assert_eq!(r.trial_count(), 18);
    // Trial 0 is the grid's first point (the ranges' low corner), trial 1 random search's first.
    let grid0 = r.trial_config(0).unwrap();
    assert_eq!((grid0.hyper.lr, grid0.dropout), (1e-4, 0.0));
    // A trial's link is exactly its config.
    for g in [0, 1, 17] {
        let config = r.trial_config(g).unwrap();
        assert_eq!(fields::from_hash::<TrainerConfig>(&fields::to_hash(&config)).unwrap(), config);
    }
    r.accept(3, &[1.0, 0.0, 0.9, 0.8, 0.3, 0.4]);
    r.accept(4, &[0.0, 1.0, f64::NAN, f64::NAN, f64::NAN, f64::NAN]);
    r.accept(99, &[1.0, 0.0, 0.9, 0.8, 0.3, 0.4]); // no such trial: ignored
    r.accept(5, &[1.0]); // malformed: ignored
    assert_eq!(r.done(), 2);
    let (random, grid) = (r.results(1), r.results(0));
    assert_eq!(random.len(), 1);
    assert_eq!(random[0].0, 1, "trial 3 is random search's second");
    assert_eq!((random[0].1.val_acc, random[0].1.exploded), (Some(0.8), false));
    assert!(grid[0].1.exploded && grid[0].1.val_acc.is_none(), "trial 4 is the grid's third, exploded");
    assert_eq!(r.best(1), Some(1));
    assert_eq!(r.best(0), None, "an exploded trial is never best");
    let csv = gradscope::scene::search::csv::search_trials(&r);
    assert!(csv.starts_with("strategy,trial,lr,dropout,seed,"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn a_zoom_narrows_both_ranges_to_the_dragged_region() {
    let r = run("p=lr:1e-4:1:log,width:8:64:lin");
    let finer = r.zoom((0.25, 0.75), (0.5, 0.0)).unwrap();
    assert_eq!(finer.params, "lr:0.001:0.1:log,width:8:36:lin");
    assert!(r.zoom((0.3, 0.3), (0.0, 1.0)).is_err(), "an empty region is refused");
}

#[test]
fn the_best_value_at_an_edge_is_named_once_a_search_has_run() {
    let mut r = run("ds=blobs&strat=grid&trials=5&epochs=6&p=lr:1e-5:1e-2:log&opt=sgd");
    r.run_here(None).unwrap();
    assert_eq!(r.done(), 5);
    // Plain SGD for 6 epochs on the blobs: the higher the rate below 1e-2 the better (ties in
    // accuracy go to the lower loss), so the best is the top one.
    let best = r.best(0).unwrap();
    let lr = r.results(0).iter().find(|(i, _)| *i == best).unwrap().1.params[0].1;
    assert!(lr > 3e-3, "best lr {lr}");
    let accs: Vec<_> = r.results(0).iter().map(|(_, t)| (t.params[0].1, t.val_acc, t.val_loss)).collect();
    assert_eq!(r.edge(0), vec!["lr"], "{accs:?}");
    let rates = r.pattern_rates().unwrap();
    assert!(rates.windows(2).all(|w| w[0] < w[1]), "{rates:?}");
    assert!(r.curves().iter().all(|c| c.as_ref().is_some_and(|c| !c.is_empty())));
}
