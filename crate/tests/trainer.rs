//! The live trainer end to end: MLP gradients against central finite differences (with batch
//! norm, layer norm, dropout under a fixed mask, PReLU, maxout, L2), the lecture's sanity
//! checks (initial loss ≈ ln C, overfit 20 examples), learning the spiral and the digits,
//! divergence reported, determinism, hot vs structural config changes, flat memory, the URL
//! hash, and the loss-curve pattern labels. (Batch norm itself is checked against
//! E_batchnorm.json in reference_nn.rs.)

use gradscope::data::DatasetKind;
use gradscope::nn::mlp::Mode;
use gradscope::nn::{Activation, Init, Mlp, MlpConfig};
use gradscope::optim::{Hyper, OptimizerKind};
use gradscope::rng::Rng;
use gradscope::scene::trainer::{
    patterns, Change, DecisionGrid, EpochRecord, LossCurve, Pattern, Trainer, TrainerConfig, LOSS_CURVE_POINTS,
};

mod mlp_support;
use mlp_support::{finite_difference_check, mlp_config};

#[test]
fn mlp_gradients_match_finite_differences() {
    finite_difference_check(mlp_config(Activation::Tanh));
    finite_difference_check(MlpConfig { l2: 0.3, ..mlp_config(Activation::Elu) });
    finite_difference_check(MlpConfig { batch_norm: true, ..mlp_config(Activation::Tanh) });
    finite_difference_check(MlpConfig { layer_norm: true, ..mlp_config(Activation::Swish) });
    finite_difference_check(MlpConfig { dropout: 0.4, ..mlp_config(Activation::Sigmoid) });
    finite_difference_check(mlp_config(Activation::Prelu));
    finite_difference_check(MlpConfig { layers: 3, ..mlp_config(Activation::Maxout) });
    finite_difference_check(MlpConfig {
        batch_norm: true,
        dropout: 0.3,
        l2: 0.1,
        layers: 3,
        ..mlp_config(Activation::Prelu)
    });
}

fn spiral(cfg: TrainerConfig) -> TrainerConfig {
    TrainerConfig { dataset: DatasetKind::Spiral, classes: 3, points: 300, ..cfg }
}

fn train_epochs(t: &mut Trainer, epochs: usize) {
    for _ in 0..epochs {
        t.epoch();
    }
}

#[test]
fn initial_loss_is_ln_c_with_small_weights() {
    for classes in [2, 3, 5] {
        let cfg = TrainerConfig { classes, init: Init::Small, activation: Activation::Tanh, ..Default::default() };
        let sanity = Trainer::new(cfg).unwrap().sanity();
        assert!((sanity.initial_loss - (classes as f64).ln()).abs() < 1e-3, "{sanity:?}");
        assert!(sanity.looks_right);
    }
    let large = Trainer::new(TrainerConfig { init: Init::Custom(10.0), ..Default::default() }).unwrap();
    assert!(!large.sanity().looks_right, "{:?}", large.sanity());
}

#[test]
fn tiny_subset_overfits_to_full_train_accuracy() {
    let cfg = TrainerConfig { tiny: true, dropout: 0.5, l2: 0.5, ..spiral(TrainerConfig::default()) };
    let mut t = Trainer::new(cfg).unwrap();
    assert_eq!(t.splits().0.len(), 20);
    let mut epochs = 0;
    while t.history().last().is_none_or(|r| r.train_acc < 1.0) && epochs < 300 {
        t.epoch();
        epochs += 1;
    }
    let last = t.history().last().unwrap();
    assert_eq!(last.train_acc, 1.0, "after {epochs} epochs: {last:?}");
    assert!(last.train_loss < 0.3);
}

#[test]
fn spiral_and_digits_are_learned() {
    let mut t = Trainer::new(spiral(TrainerConfig::default())).unwrap();
    train_epochs(&mut t, 40);
    let best = t.history().iter().map(|r| r.train_acc).fold(0.0, f64::max);
    assert!(best > 0.9, "spiral train accuracy {best}");
    let digits =
        TrainerConfig { dataset: DatasetKind::Digits, points: 1797, width: 32, layers: 1, ..Default::default() };
    let mut t = Trainer::new(digits).unwrap();
    train_epochs(&mut t, 3);
    let last = t.history().last().unwrap().clone();
    assert!(last.val_acc > 0.9, "digits val accuracy {}", last.val_acc);
    let m = t.confusion_matrix();
    let (total, diagonal): (u32, u32) = (m.iter().flatten().sum(), (0..10).map(|i| m[i][i]).sum());
    assert_eq!(total as usize, t.splits().1.len());
    assert!((diagonal as f64 / total as f64 - last.val_acc).abs() < 1e-12);
    let preds = t.predictions(16);
    assert_eq!(preds.len(), 16);
    assert!(preds.iter().all(|p| p.features.len() == 64 && p.features.iter().all(|&v| (0.0..=16.0).contains(&v))));
    assert!(preds.iter().filter(|p| p.predicted == p.label).count() >= 12);
    assert_eq!(t.decision_grid(10, &mut DecisionGrid::default()).unwrap_err().field, "dataset");
}

#[test]
fn huge_lr_divergence_is_reported_and_stops() {
    let hyper = Hyper { lr: 100.0, ..Hyper::default() };
    let cfg = TrainerConfig {
        activation: Activation::LeakyRelu,
        optimizer: OptimizerKind::Momentum,
        hyper,
        ..Default::default()
    };
    let mut t = Trainer::new(cfg).unwrap();
    t.step(200);
    let at = t.diverged_at().expect("diverges");
    assert_eq!(t.counters().0, at);
    assert_eq!(t.step(10), 0, "stopped");
    let snap = t.snapshot();
    assert!(snap.loss_curve.values.iter().all(|v| v.is_finite()));
    assert!(snap.history.iter().all(|r| r.train_loss.is_finite()));
    assert_eq!(snap.patterns, vec![Pattern::LrTooHigh]);
    let mut grid = DecisionGrid::default();
    t.decision_grid(8, &mut grid).unwrap(); // a diverged net still draws without panicking
}

#[test]
fn same_seed_same_run() {
    let cfg = TrainerConfig { batch_norm: true, dropout: 0.2, ..spiral(TrainerConfig::default()) };
    let (mut a, mut b) = (Trainer::new(cfg.clone()).unwrap(), Trainer::new(cfg.clone()).unwrap());
    train_epochs(&mut a, 3);
    train_epochs(&mut b, 3);
    assert_eq!(a.snapshot(), b.snapshot());
    let mut c = Trainer::new(TrainerConfig { seed: 2, ..cfg }).unwrap();
    train_epochs(&mut c, 3);
    assert_ne!(a.snapshot().history, c.snapshot().history);
}

#[test]
fn set_is_hot_for_lr_and_regularization_and_rebuilds_structure() {
    let cfg = spiral(TrainerConfig::default());
    let mut t = Trainer::new(cfg.clone()).unwrap();
    train_epochs(&mut t, 2);
    assert_eq!(t.set(cfg.clone()).unwrap(), Change::None);
    let hot = TrainerConfig {
        hyper: Hyper { lr: 0.05, ..cfg.hyper.clone() },
        dropout: 0.3,
        l2: 1e-3,
        batch: 16,
        ..cfg.clone()
    };
    assert_eq!(t.set(hot.clone()).unwrap(), Change::Hot);
    assert_eq!((t.history().len(), t.lr()), (2, 0.05));
    let reset = TrainerConfig { optimizer: OptimizerKind::Rmsprop, ..hot.clone() };
    assert_eq!(t.set(reset.clone()).unwrap(), Change::OptimizerReset);
    assert_eq!(t.history().len(), 2);
    t.epoch();
    assert_eq!(t.history().len(), 3);
    let bad = TrainerConfig { layers: 0, ..reset.clone() };
    assert_eq!(t.set(bad).unwrap_err().field, "layers");
    assert_eq!(t.config(), &reset);
    assert_eq!(t.set(TrainerConfig { width: 8, ..reset }).unwrap(), Change::Rebuilt);
    assert_eq!(t.counters(), (0, 0, 0));
}

#[test]
fn repeated_steps_and_grids_do_not_grow_buffers() {
    let cfg = TrainerConfig { batch_norm: true, dropout: 0.2, activation: Activation::Prelu, ..Default::default() };
    let mut t = Trainer::new(cfg).unwrap();
    let mut grid = DecisionGrid::default();
    t.epoch();
    t.decision_grid(100, &mut grid).unwrap();
    let (capacity, grid_capacity) = (t.buffer_capacity(), grid.probs.capacity());
    train_epochs(&mut t, 5);
    t.decision_grid(100, &mut grid).unwrap();
    assert_eq!((t.buffer_capacity(), grid.probs.capacity()), (capacity, grid_capacity));
    assert_eq!((grid.probs.len(), grid.best.len()), (100 * 100 * 3, 100 * 100));
    for cell in 0..grid.best.len() {
        let p = &grid.probs[cell * 3..cell * 3 + 3];
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(p[grid.best[cell] as usize], grid.confidence[cell]);
    }
    let stats = t.layer_stats(20).unwrap();
    assert_eq!(stats.len(), 2);
    assert_eq!(t.history()[0].update_to_weight_ratio.len(), 3);
    assert!(t.history().iter().all(|r| r.update_to_weight_ratio.iter().all(|&u| u > 0.0 && u < 1.0)));
}

#[test]
fn loss_curve_stays_bounded() {
    let mut curve = LossCurve::default();
    let capacity = curve.values.capacity();
    for i in 0..10_000 {
        curve.push(i as f64);
    }
    assert!(curve.values.len() < LOSS_CURVE_POINTS && curve.stride.is_power_of_two());
    assert_eq!(curve.values.capacity(), capacity);
    assert_eq!(curve.values[0], (curve.stride as f64 - 1.0) / 2.0, "mean of the first stride steps");
}

#[test]
fn hash_round_trips_and_refuses_by_key() {
    let custom = TrainerConfig {
        dataset: DatasetKind::Blobs,
        classes: 5,
        noise: 0.123456789,
        init: Init::Custom(0.037),
        batch_norm: true,
        dropout: 0.25,
        l2: 3e-4,
        optimizer: OptimizerKind::Adamw,
        hyper: Hyper { lr: 0.003, eps: Some(1e-7), weight_decay: 0.01, bias_correction: false, ..Hyper::default() },
        schedule: "cosine".into(),
        seed: 4_000_000_000,
        tiny: true,
        ..Default::default()
    };
    for cfg in [TrainerConfig::default(), custom] {
        let hash = cfg.to_hash();
        assert_eq!(TrainerConfig::from_hash(&hash).unwrap(), cfg, "{hash}");
        assert_eq!(TrainerConfig::from_hash(&hash).unwrap().to_hash(), hash);
    }
    assert_eq!(TrainerConfig::from_hash("").unwrap(), TrainerConfig::default());
    assert_eq!(TrainerConfig::from_hash("#layers=3&future=1&x").unwrap().layers, 3);
    for (hash, field) in [
        ("ds=mnist", "ds"),
        ("layers=0", "layers"),
        ("width=257", "width"),
        ("lr=abc", "lr"),
        ("lr=inf", "lr"),
        ("bn=2", "bn"),
        ("drop=1", "drop"),
        ("init=glorot", "init"),
        ("act=step", "act"),
        ("opt=newton", "optimizer"),
        ("sched=sometimes", "sched"),
        ("bn=1&ln=1", "layerNorm"),
        ("ds=digits&n=2000", "points"),
        ("seed=-1", "seed"),
    ] {
        assert_eq!(TrainerConfig::from_hash(hash).unwrap_err().field, field, "{hash}");
    }
}

fn record(epoch: usize, train_loss: f64, val_loss: f64) -> EpochRecord {
    EpochRecord {
        epoch,
        lr: 0.01,
        train_loss,
        train_acc: 0.0,
        val_loss,
        val_acc: 0.0,
        val_acc_batch_stats: None,
        update_to_weight_ratio: vec![],
        dead_fraction: vec![],
        saturated_fraction: vec![],
    }
}

fn history(train: &[f64], val: &[f64]) -> Vec<EpochRecord> {
    train.iter().zip(val).enumerate().map(|(i, (&t, &v))| record(i + 1, t, v)).collect()
}

#[test]
fn pattern_labels_fire_on_synthetic_histories() {
    let ln3 = 3f64.ln();
    let healthy = history(&[1.0, 0.8, 0.6, 0.5, 0.45], &[1.0, 0.82, 0.63, 0.54, 0.5]);
    assert_eq!(patterns(&healthy, ln3, false), vec![]);
    assert_eq!(patterns(&healthy, ln3, true), vec![Pattern::LrTooHigh]);
    assert_eq!(patterns(&history(&[1.2, 3.0], &[1.2, 3.0]), ln3, false), vec![Pattern::LrTooHigh]);
    assert_eq!(patterns(&history(&[1.0, f64::NAN], &[1.0, 1.0]), ln3, false), vec![Pattern::LrTooHigh]);
    let flat = [ln3, ln3 - 0.01, ln3 - 0.02, ln3 - 0.03, ln3 - 0.04];
    assert_eq!(patterns(&history(&flat, &flat), ln3, false), vec![Pattern::LrTooLow]);
    assert_eq!(patterns(&history(&flat[..4], &flat[..4]), ln3, false), vec![], "too early to say");
    let plateau = [ln3, ln3, ln3 - 0.01, 0.7, 0.4];
    assert_eq!(patterns(&history(&plateau, &plateau), ln3, false), vec![Pattern::PlateauThenDrop]);
    let over = history(&[0.6, 0.4, 0.3, 0.2, 0.1, 0.05], &[0.6, 0.5, 0.5, 0.55, 0.6, 0.7]);
    assert_eq!(patterns(&over, ln3, false), vec![Pattern::Overfitting]);
}

#[test]
fn batch_norm_reports_validation_accuracy_with_batch_statistics_too() {
    let with_bn = TrainerConfig::from_hash("ds=spiral&n=200&layers=2&width=16&bn=1&lr=0.01&seed=3").unwrap();
    let mut trainer = Trainer::new(with_bn).unwrap();
    trainer.epoch();
    trainer.epoch();
    let last = trainer.history().last().unwrap().clone();
    let batch_stats = last.val_acc_batch_stats.expect("batch norm on: both accuracies are measured");
    assert!((0.0..=1.0).contains(&batch_stats) && (0.0..=1.0).contains(&last.val_acc));
    let without = Trainer::new(TrainerConfig::from_hash("ds=spiral&n=200&layers=2&width=16&seed=3").unwrap()).unwrap();
    let mut without = without;
    without.epoch();
    assert_eq!(without.history()[0].val_acc_batch_stats, None);
}

#[test]
fn batch_stats_mode_leaves_the_running_statistics_alone() {
    let cfg = MlpConfig {
        inputs: 2,
        classes: 3,
        layers: 2,
        width: 8,
        activation: Activation::Tanh,
        init: Init::Xavier,
        batch_norm: true,
        layer_norm: false,
        dropout: 0.0,
        l2: 0.0,
        ..MlpConfig::default()
    };
    let mut net = Mlp::new(&cfg, &mut Rng::new(1)).unwrap();
    let mut rng = Rng::new(2);
    let x: Vec<f64> = (0..40).map(|i| (i as f64 * 0.37).sin() * 3.0).collect();
    net.forward(&x, Mode::Train, &mut rng); // running statistics move once
    let eval_before = net.forward(&x, Mode::Eval, &mut rng).to_vec();
    let shifted: Vec<f64> = x.iter().map(|v| v * 5.0 + 2.0).collect();
    let batch = net.forward(&shifted, Mode::BatchStats, &mut rng).to_vec();
    assert_eq!(net.forward(&x, Mode::Eval, &mut rng), &eval_before[..], "running statistics unchanged");
    let eval_shifted = net.forward(&shifted, Mode::Eval, &mut rng).to_vec();
    assert_ne!(batch, eval_shifted, "batch statistics differ from running statistics");
}

#[test]
fn batch_norm_switches_on_and_off_mid_training_keeping_weights_and_history() {
    let cfg = TrainerConfig::from_hash("ds=spiral&n=200&layers=2&width=16&lr=0.01&seed=5").unwrap();
    let mut t = Trainer::new(cfg.clone()).unwrap();
    t.epoch();
    t.epoch();
    let weights: Vec<Vec<f64>> = t.net().weights().map(<[f64]>::to_vec).collect();
    assert_eq!(t.set(TrainerConfig { batch_norm: true, ..cfg.clone() }).unwrap(), Change::OptimizerReset);
    assert_eq!(t.history().len(), 2, "history kept");
    assert!(t.net().weights().eq(weights.iter().map(Vec::as_slice)), "weights kept");
    t.epoch();
    assert!(t.history()[2].val_acc_batch_stats.is_some(), "batch norm now in the network");
    assert!(t.history().iter().all(|r| r.train_loss.is_finite()));
    assert_eq!(t.set(TrainerConfig { batch_norm: false, ..cfg }).unwrap(), Change::OptimizerReset);
    t.epoch();
    assert_eq!(t.history()[3].val_acc_batch_stats, None);
}

#[test]
fn train_only_trains_without_recording_epochs() {
    let config = TrainerConfig::from_hash("ds=xor&layers=2&width=8&opt=sgd&lr=0.1&batch=10&n=200").unwrap();
    let mut timed = Trainer::new(config.clone()).unwrap();
    let mut recorded = Trainer::new(config).unwrap();
    let steps_per_epoch = recorded.epoch();
    assert_eq!(timed.train_only(steps_per_epoch), steps_per_epoch);
    assert!(timed.history().is_empty(), "no evaluation, no record");
    assert_eq!(recorded.history().len(), 1);
    // Same draws, same minibatches: the weights after one epoch agree either way.
    let weights = |t: &Trainer| t.net().weights().flat_map(|w| w.to_vec()).collect::<Vec<f64>>();
    assert_eq!(weights(&timed), weights(&recorded));
}

/// The update/weight ratios are measured only on steps whose ratio can be read (a call's last
/// and an epoch's last): the read-outs and records equal those of measuring every step.
#[test]
fn ratios_read_the_same_however_the_steps_are_called() {
    let config = TrainerConfig::from_hash("ds=spiral&layers=2&width=8&opt=momentum&lr=0.05&batch=16&n=200").unwrap();
    let (mut batched, mut single) = (Trainer::new(config.clone()).unwrap(), Trainer::new(config).unwrap());
    for calls in [3, 5, 40] {
        assert_eq!(batched.step(calls), calls);
        (0..calls).for_each(|_| assert_eq!(single.step(1), 1));
        let (b, s) = (batched.snapshot(), single.snapshot());
        assert!(b.update_to_weight_ratio.iter().all(|&r| r > 0.0), "measured: {:?}", b.update_to_weight_ratio);
        assert_eq!(b, s, "after {calls} more steps");
    }
    assert!(!batched.history().is_empty(), "the epochs' records are compared too");
}
