//! The trainer: hash soups, struct configs and `set`, degenerate training runs; its table
//! round-trip.

mod read_outs;

use read_outs::readout_sizes;
pub use read_outs::{check_trainer, check_trainer_round_trip};

use crate::round_trip::{check_refused_by_key, check_table_round_trip, invalid_field_hash, valid_config};
use crate::soup::{arbitrary_text, soups};
use crate::support::{cases, check_refusal, count_in, log_uniform, norms, seed};
use crate::table::{
    count, count_range, exponents, float, float_range, hyper, init, name, rate, refusal_fields, specs, Hint, Spec,
};
use gradscope::data::{DatasetKind, Preprocess};
use gradscope::error::ConfigError;
use gradscope::nn::{Activation, Init};
use gradscope::optim::{Hyper, OptimizerKind};
use gradscope::scene::trainer::{Change, Trainer, TrainerConfig, FULL_BATCH, MAX_BATCH};
use proptest::prelude::*;
use std::fmt::Debug;

type T = TrainerConfig;

/// Sizes of most generated runs (the rows allow 2000 points, 256 units, 1000 epochs).
const TYPICAL: [(&str, usize); 5] = [("k", 5), ("n", 150), ("layers", 3), ("width", 16), ("epochs", 50)];

/// The trainer's rows, with small typical sizes and the `batch` text (a size or `full`).
fn trainer_specs() -> Vec<Spec> {
    let mut hints: Vec<(&str, Hint)> = TYPICAL.iter().map(|&(key, n)| (key, Hint::Typical(n))).collect();
    hints.push(("batch", Hint::Text(batch_text, bad_batch_text)));
    hints.push(("sd", Hint::Text(survival_text, bad_survival_text)));
    specs::<T>(&hints)
}

/// A batch: mostly a small size, sometimes the largest or `full`.
fn batch(h: u32) -> BoxedStrategy<usize> {
    prop_oneof![9 => count_in(1, MAX_BATCH, 64, h), 1 => Just(FULL_BATCH)].boxed()
}

/// Valid `batch` text.
fn batch_text() -> BoxedStrategy<String> {
    prop_oneof![Just("full".to_string()), (1..=MAX_BATCH).prop_map(|n| n.to_string())].boxed()
}

/// Refused `batch` text.
fn bad_batch_text() -> BoxedStrategy<String> {
    let bad = vec!["0", "513", "-1", "x", "fulll", "Full", "", "1.5", "1e3"];
    prop::sample::select(bad).prop_map(String::from).boxed()
}

/// Valid `sd` text: a survival probability in [0, 1).
fn survival_text() -> BoxedStrategy<String> {
    prop_oneof![Just("0".to_string()), (0.0..1.0f64).prop_map(|p| p.to_string())].boxed()
}

/// Refused `sd` text.
fn bad_survival_text() -> BoxedStrategy<String> {
    let bad = vec!["1", "1.0", "-0.1", "x", "1.5", "NaN", "inf", "", "off"];
    prop::sample::select(bad).prop_map(String::from).boxed()
}

/// Fields a trainer refusal may name: its rows' keys and names, the read-outs' sizes (`grid`,
/// `bins`), and the network's input count (`inputs`: `MlpConfig`'s rule, not reached while
/// every dataset has 2 or 64 features).
fn trainer_fields() -> Vec<String> {
    refusal_fields::<T>(["grid", "bins", "inputs"].map(String::from))
}

pub fn check_trainer_refusal(err: &ConfigError, input: &dyn Debug) {
    check_refusal(err, &trainer_fields(), input);
}

/// Small enough to train a few steps in a debug test.
fn trainer_runs(cfg: &TrainerConfig) -> bool {
    cfg.points <= 400 && cfg.width <= 32 && cfg.layers <= 4
}

/// A trainer config built field by field over the rows' ranges; `h` as for the race.
fn trainer_config(h: u32) -> BoxedStrategy<TrainerConfig> {
    let first_order: Vec<OptimizerKind> =
        OptimizerKind::ALL.into_iter().filter(|k| !matches!(k, OptimizerKind::Newton | OptimizerKind::Lbfgs)).collect();
    let optimizer = prop_oneof![
        95 => prop::sample::select(first_order),
        h => prop::sample::select(vec![OptimizerKind::Newton, OptimizerKind::Lbfgs]),
    ];
    // Mostly the whole log range of `lr`, a quarter from its top three decades.
    let top = exponents(0.0, float_range::<T>("lr").1).1;
    let lr = prop_oneof![3 => rate::<T>("lr", h), 1 => log_uniform(top - 3.0, top)].boxed();
    (
        (
            prop::sample::select(DatasetKind::ALL.to_vec()),
            count::<T>("k", 5, h),
            count::<T>("n", 150, h),
            float::<T>("noise", h),
            float::<T>("val", h),
            prop::sample::select(Preprocess::ALL.to_vec()),
        ),
        (
            count::<T>("layers", 3, h),
            count::<T>("width", 16, h),
            prop::sample::select(Activation::ALL.to_vec()),
            init::<T>(h),
            norms(h),
        ),
        (float::<T>("drop", h), float::<T>("l2", h), optimizer, hyper(lr, h)),
        (name::<T>("sched", h), batch(h), count::<T>("epochs", 50, h), seed(h), any::<bool>(), 0..2000usize),
        (
            float::<T>("dc", h),
            any::<bool>(),
            prop::option::of(0.0..1.0f64),
            float::<T>("aug", h),
            count::<T>("es", 10, h),
        ),
    )
        .prop_map(
            |(
                (dataset, classes, points, noise, val_fraction, preprocess),
                (layers, width, activation, init, (batch_norm, layer_norm)),
                (dropout, l2, optimizer, hyper),
                (schedule, batch, epochs, seed, tiny, held_out),
                (dropconnect, residual, stochastic_depth, augment_noise, early_stopping),
            )| TrainerConfig {
                dataset,
                classes,
                points,
                noise,
                val_fraction,
                preprocess,
                layers,
                width,
                activation,
                init,
                batch_norm,
                layer_norm,
                dropout,
                l2,
                optimizer,
                hyper,
                schedule,
                batch,
                epochs,
                seed,
                tiny,
                held_out,
                dropconnect,
                residual,
                stochastic_depth,
                augment_noise,
                early_stopping,
            },
        )
        .boxed()
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the trainer's hash decoder.
    #[test]
    fn trainer_from_hash_takes_any_text(text in arbitrary_text()) {
        match TrainerConfig::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_trainer_round_trip(&cfg);
            }
            Err(e) => check_trainer_refusal(&e, &text),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Soups over the trainer's keys: refusals well formed; accepted configs round-trip and
    /// (small ones) train a few steps with finite or reported read-outs.
    #[test]
    fn trainer_hash_soups_refuse_cleanly_or_train(hash in soups(&trainer_specs()), sizes in readout_sizes()) {
        match TrainerConfig::from_hash(&hash) {
            Ok(cfg) => {
                check_trainer_round_trip(&cfg);
                if trainer_runs(&cfg) {
                    let mut t = Trainer::new(cfg).expect("from_hash accepted it");
                    t.step(3);
                    check_trainer(&mut t, sizes);
                }
            }
            Err(e) => check_trainer_refusal(&e, &hash),
        }
    }

    /// Struct configs (the page's `set` path): accepted ones build, step, finish an epoch and
    /// answer every read-out; `set` applies or refuses (keeping the trainer as it was).
    #[test]
    fn trainer_struct_configs_train_or_refuse(
        cfg in trainer_config(2),
        next in trainer_config(10),
        steps in 0..40usize,
        sizes in readout_sizes(),
    ) {
        let accepted = cfg.validate();
        if !trainer_runs(&cfg) {
            if let Err(e) = accepted {
                check_trainer_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut t = match Trainer::new(cfg.clone()) {
            Ok(t) => t,
            Err(e) => {
                check_trainer_refusal(&e, &cfg);
                prop_assert!(accepted.is_err(), "validate accepted but new refused: {}", e);
                return Ok(());
            }
        };
        prop_assert!(accepted.is_ok());
        check_trainer_round_trip(&cfg);
        check_trainer(&mut t, sizes);
        let was_stopped = !t.running();
        let taken = t.step(steps);
        let expected = if was_stopped { taken == 0 } else { taken == steps || !t.running() };
        prop_assert!(expected, "step({}) took {}", steps, taken);
        check_trainer(&mut t, sizes);
        if cfg.batch >= 8 {
            t.epoch();
            check_trainer(&mut t, sizes);
        }
        if !trainer_runs(&next) {
            if let Err(e) = next.validate() {
                check_trainer_refusal(&e, &next);
            }
            return Ok(());
        }
        let before = t.snapshot();
        match t.set(next.clone()) {
            Ok(change) => {
                prop_assert_eq!(format!("{:?}", t.config()), format!("{next:?}"));
                if change == Change::Rebuilt {
                    prop_assert_eq!(t.snapshot().steps, 0);
                } else {
                    prop_assert_eq!(t.snapshot().steps, before.steps);
                }
                t.step(2);
                check_trainer(&mut t, sizes);
            }
            Err(e) => {
                check_trainer_refusal(&e, &next);
                prop_assert_eq!(format!("{:?}", t.config()), format!("{cfg:?}"));
                prop_assert_eq!(format!("{:?}", t.snapshot()), format!("{before:?}"));
            }
        }
    }

    /// Hostile struct configs, any size: validation alone, by field.
    #[test]
    fn trainer_hostile_struct_configs_are_refused_by_field(cfg in trainer_config(60)) {
        match cfg.validate() {
            Ok(()) if trainer_runs(&cfg) => {
                let mut t = Trainer::new(cfg).expect("validated");
                t.step(2);
                check_trainer(&mut t, (8, 10, 5));
            }
            Ok(()) => {}
            Err(e) => check_trainer_refusal(&e, &cfg),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// A random valid trainer config from its table (each row a random valid value) survives
    /// its hash.
    #[test]
    fn trainer_valid_table_configs_survive_their_hash(cfg in valid_config::<T>(&trainer_specs())) {
        check_table_round_trip(&cfg);
    }

    /// One invalid value in an otherwise default hash is refused by its key.
    #[test]
    fn trainer_invalid_field_values_are_refused_by_key(case in invalid_field_hash::<T>(&trainer_specs())) {
        check_refused_by_key::<T>(&case, &trainer_fields());
    }
}

/// Degenerate but valid training runs: the fewest points with the most classes and the largest
/// validation share, zero noise (duplicate points), zero or huge inits, the smallest and largest
/// lr, batch 1 and larger than the data, tiny mode, every preprocessing (the rows' ends).
#[test]
fn degenerate_training_runs_report_instead_of_panicking() {
    let (fewest, most) = (|key| count_range::<T>(key).0, |key| count_range::<T>(key).1);
    let (lo, hi) = (|key| float_range::<T>(key).0, |key| float_range::<T>(key).1);
    let (points, classes, noise, val_fraction) = (fewest("n"), most("k"), lo("noise"), hi("val"));
    let base = TrainerConfig { points, classes, noise, val_fraction, width: 4, ..Default::default() };
    let mut n = 0;
    for dataset in DatasetKind::ALL {
        for preprocess in Preprocess::ALL {
            for (init, lr, batch, optimizer) in [
                (Init::Zero, lo("lr"), 1, OptimizerKind::Sgd),
                (Init::Custom(hi("std")), hi("lr"), MAX_BATCH, OptimizerKind::Momentum),
                (Init::Large, hi("lr"), FULL_BATCH, OptimizerKind::Lbfgs),
                (Init::Large, hi("lr"), 3, OptimizerKind::Adagrad),
                (Init::Custom(lo("std")), 1e-12, 7, OptimizerKind::Adadelta),
            ] {
                n += 1;
                let cfg = TrainerConfig {
                    dataset,
                    preprocess,
                    init,
                    batch,
                    optimizer,
                    tiny: n % 2 == 0,
                    batch_norm: n % 3 == 0,
                    layer_norm: n % 3 == 1,
                    activation: Activation::ALL[n % Activation::ALL.len()],
                    hyper: Hyper { lr, eps: Some(float_range::<Hyper>("eps").0), ..Hyper::default() },
                    ..base.clone()
                };
                let mut t = Trainer::new(cfg.clone()).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
                t.epoch();
                t.step(25);
                let grid = if n == 1 { 512 } else { 3 };
                check_trainer(&mut t, (grid, 2, 100));
                check_trainer_round_trip(&cfg);
            }
        }
    }
}
