//! The trainer's read-outs after training: snapshot, decision grid, layer statistics,
//! predictions and confusion matrix, finite unless a divergence is reported; and its link.

use super::check_trainer_refusal;
use crate::support::hostile_count;
use gradscope::data::DatasetKind;
use gradscope::scene::trainer::{DecisionGrid, Trainer, TrainerConfig};
use proptest::prelude::*;

/// Read-out requests with arbitrary sizes: grid size (the largest, 512, is too slow for every
/// case in a debug build: see the degenerate runs), histogram bins, prediction count.
pub fn readout_sizes() -> BoxedStrategy<(usize, usize, usize)> {
    (
        prop_oneof![6 => 2..=12usize, 2 => hostile_count(2, 512)],
        prop_oneof![6 => 2..=200usize, 2 => hostile_count(2, 200)],
        prop_oneof![6 => 0..=40usize, 1 => Just(usize::MAX)],
    )
        .boxed()
}

/// All read-outs of a trainer: finite unless it reports a divergence; well-formed refusals of
/// bad read-out sizes.
pub fn check_trainer(t: &mut Trainer, (grid, bins, count): (usize, usize, usize)) {
    let cfg = t.config().clone();
    let snap = t.snapshot();
    let diverged = snap.diverged_at.is_some();
    let classes = cfg.effective_classes();
    if let Some(d) = snap.diverged_at {
        assert!(d >= 1 && d <= snap.steps, "diverged_at {d} after {} steps", snap.steps);
    }
    assert!(!snap.sanity.initial_loss.is_nan(), "initial loss NaN: {cfg:?}");
    assert!(snap.lr.is_finite() && snap.lr >= 0.0, "lr {}: {cfg:?}", snap.lr);
    assert!(snap.train_size >= 1 && snap.val_size >= 1);
    assert_eq!(snap.epochs, snap.history.len());
    for r in &snap.history {
        let values = [r.lr, r.train_loss, r.val_loss, r.train_acc, r.val_acc];
        assert!(diverged || values.iter().all(|v| v.is_finite()), "epoch record {r:?} without divergence: {cfg:?}");
        // ‖ΔW‖/‖W‖ is ∞ for W = 0 (zero init): a value, not a failure; NaN only once diverged.
        let ratios_ok = r.update_to_weight_ratio.iter().all(|v| !v.is_nan());
        assert!(diverged || ratios_ok, "NaN update ratio in {r:?}: {cfg:?}");
        assert_eq!(r.dead_fraction.len(), cfg.layers);
    }
    assert!(snap.loss_curve.values.iter().all(|v| v.is_finite()), "non-finite loss curve: {cfg:?}");
    let ratios_ok = snap.update_to_weight_ratio.iter().all(|v| !v.is_nan());
    assert!(diverged || ratios_ok, "NaN update ratio: {cfg:?}");

    let mut out = DecisionGrid::default();
    match t.decision_grid(grid, &mut out) {
        Ok(()) => {
            assert_ne!(cfg.dataset, DatasetKind::Digits);
            assert!((2..=512).contains(&grid));
            assert_eq!((out.size, out.classes, out.best.len()), (grid, classes, grid * grid));
            assert_eq!(out.probs.len(), grid * grid * classes);
            assert!(out.best.iter().all(|&b| usize::from(b) < classes));
            if !diverged {
                assert!(out.probs.iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)), "grid probs: {cfg:?}");
            }
        }
        Err(e) => {
            check_trainer_refusal(&e, &(grid, &cfg));
            assert!(cfg.dataset == DatasetKind::Digits || !(2..=512).contains(&grid));
        }
    }
    match t.layer_stats(bins) {
        Ok(stats) => {
            assert!((2..=200).contains(&bins));
            assert_eq!(stats.len(), cfg.layers);
            for s in &stats {
                assert!(diverged || s.non_finite_fraction == 0.0, "non-finite activations: {s:?} ({cfg:?})");
            }
        }
        Err(e) => {
            check_trainer_refusal(&e, &(bins, &cfg));
            assert!(!(2..=200).contains(&bins));
        }
    }
    let predictions = t.predictions(count);
    assert_eq!(predictions.len(), count.min(snap.val_size));
    for p in &predictions {
        assert!(p.label < classes && p.predicted < classes);
        if !diverged {
            let sum: f64 = p.probs.iter().sum();
            assert!((sum - 1.0).abs() < 1e-6, "probabilities sum to {sum}: {cfg:?}");
        }
    }
    let confusion = t.confusion_matrix();
    assert_eq!(confusion.len(), classes);
    let total: u32 = confusion.iter().flatten().sum();
    assert_eq!(total as usize, snap.val_size);
}

pub fn check_trainer_round_trip(cfg: &TrainerConfig) {
    let hash = cfg.to_hash();
    match TrainerConfig::from_hash(&hash) {
        // The held-out validation size has no link key: the regularization scene sets it.
        Ok(back) => assert_eq!(back, TrainerConfig { held_out: 0, ..cfg.clone() }, "{hash}"),
        Err(e) => panic!("accepted trainer config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}
