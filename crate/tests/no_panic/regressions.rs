//! Regressions: the smallest inputs found by the properties. Each test states the wanted
//! behaviour; while it fails, so does the property that found it.

use crate::init_lab::{check_init_lab_refusal, check_init_lab_round_trip};
use crate::race::{check_race_refusal, check_race_round_trip};
use crate::trainer::{check_trainer, check_trainer_refusal, check_trainer_round_trip};
use gradscope::nn::{Activation, DeepNetConfig, Init};
use gradscope::optim::{Hyper, OptimizerKind};
use gradscope::scene::race::{LrOverride, Race, RaceConfig};
use gradscope::scene::trainer::{Trainer, TrainerConfig};

/// `Race::step` must saturate: `shown + n` overflowed (debug: panic; release/wasm: wraps, so the
/// animation jumps back). The page's `step(n)` takes any number from JavaScript.
#[test]
fn regression_race_step_with_a_huge_count_stops_at_the_last_step() {
    let mut race = Race::new(RaceConfig::default()).unwrap();
    race.step(1);
    let steps = race.config().steps;
    assert_eq!(race.step(usize::MAX), steps);
    race.seek(usize::MAX);
    assert_eq!(race.step(usize::MAX), steps);
}

/// An unknown surface or optimizer is refused with the allowed names and the value shortened
/// (it was `unknown surface "…"` with the whole value, 10 000 characters in, 10 018 out).
#[test]
fn regression_race_refusals_of_unknown_names_list_the_allowed_ones() {
    let refusals = [
        ("empty surface", RaceConfig { surface: String::new(), ..RaceConfig::default() }.validate()),
        ("long surface", RaceConfig { surface: "x".repeat(10_000), ..RaceConfig::default() }.validate()),
        ("unknown optimizer", RaceConfig { optimizers: vec!["x".into()], ..RaceConfig::default() }.validate()),
        ("opt=foo", RaceConfig::from_hash("opt=foo").map(|_| ())),
    ];
    for (input, refusal) in refusals {
        check_race_refusal(&refusal.expect_err(input), &input);
    }
}

/// Every field of an accepted race survives its link: NAdam's `momentum_decay` was neither
/// written by `to_hash` nor read by `from_hash`, so the link reset it to 0.004.
#[test]
fn regression_race_link_keeps_momentum_decay() {
    let mut cfg = RaceConfig::default();
    cfg.hyper.momentum_decay = 0.0;
    assert!(cfg.validate().is_ok());
    check_race_round_trip(&cfg);
}

/// Learning-rate overrides that are not in effect (an optimizer not in the race, or a second
/// entry for one) were never checked, so `Race::new` accepted a NaN whose link is refused
/// (`lro: must be a number from 0.000001 to 100, got NaN`). Either refuse them or keep the link.
#[test]
fn regression_race_inert_lr_overrides_are_checked_or_survive_the_link() {
    let nan = |optimizer: &str| LrOverride { optimizer: optimizer.into(), lr: f64::NAN };
    let cases = [
        RaceConfig { optimizers: vec![], lr_overrides: vec![nan("sgd")], ..RaceConfig::default() },
        RaceConfig {
            optimizers: vec!["nadam".into()],
            lr_overrides: vec![LrOverride { optimizer: "nadam".into(), lr: 1.0 }, nan("nadam")],
            ..RaceConfig::default()
        },
        RaceConfig { lr_overrides: vec![LrOverride { optimizer: "a,b:c".into(), lr: 1.0 }], ..RaceConfig::default() },
    ];
    for cfg in cases {
        match Race::new(cfg.clone()) {
            Ok(_) => check_race_round_trip(&cfg),
            Err(e) => check_race_refusal(&e, &cfg),
        }
    }
}

/// A seed above 2^32 − 1 was accepted by every scene's validation but refused by its hash
/// (`seed: must be a whole number from 0 to 4294967295`), so the page's own link failed.
#[test]
fn regression_seeds_beyond_32_bits_are_refused_or_survive_the_link() {
    let seed = 1u64 << 32;
    let race = RaceConfig { seed, ..RaceConfig::default() };
    match race.validate() {
        Ok(()) => check_race_round_trip(&race),
        Err(e) => check_race_refusal(&e, &race),
    }
    let lab = DeepNetConfig { seed, layers: 1, width: 1, batch: 1, input_dim: 1, ..DeepNetConfig::default() };
    match lab.validate() {
        Ok(()) => check_init_lab_round_trip(&lab),
        Err(e) => check_init_lab_refusal(&e, &lab),
    }
    let trainer = TrainerConfig { seed, ..TrainerConfig::default() };
    match trainer.validate() {
        Ok(()) => check_trainer_round_trip(&trainer),
        Err(e) => check_trainer_refusal(&e, &trainer),
    }
}

/// A custom init std in (0, 1e-6) passed `Init::validate` but not the hash's `std` range
/// (`std: must be a number from 0.000001 to 100, got 0.0000001`).
#[test]
fn regression_custom_init_std_below_the_hash_range_is_refused_or_survives_the_link() {
    let init = Init::Custom(1e-7);
    let lab = DeepNetConfig { init, layers: 1, width: 1, batch: 1, input_dim: 1, ..DeepNetConfig::default() };
    match lab.validate() {
        Ok(()) => check_init_lab_round_trip(&lab),
        Err(e) => check_init_lab_refusal(&e, &lab),
    }
    let trainer = TrainerConfig { init, ..TrainerConfig::default() };
    match trainer.validate() {
        Ok(()) => check_trainer_round_trip(&trainer),
        Err(e) => check_trainer_refusal(&e, &trainer),
    }
}

/// Tiny mode ignores dropout and L2 while on, but `TrainerConfig::validate` skipped checking
/// them (it validates `mlp()`, which zeroes them in tiny mode): NaN dropout was accepted, its
/// link refused, and turning tiny mode off was then refused for a field not just touched.
#[test]
fn regression_tiny_mode_still_checks_dropout_and_l2() {
    for cfg in [
        TrainerConfig { tiny: true, dropout: f64::NAN, ..TrainerConfig::default() },
        TrainerConfig { tiny: true, dropout: -5e-324, ..TrainerConfig::default() },
        TrainerConfig { tiny: true, l2: f64::INFINITY, ..TrainerConfig::default() },
    ] {
        let err = cfg.validate().expect_err("tiny mode must not hide a bad dropout or l2");
        check_trainer_refusal(&err, &cfg);
        assert!(err.field == "dropout" || err.field == "l2", "{err}");
    }
}

/// After a step whose update is finite but so large that the next forward pass overflows
/// (here weights ≈ 2e128 after 4 SGD steps at lr 100), the decision grid (192 of 192 values)
/// and the predictions were NaN while `diverged_at` was still `None`; only the next step
/// reported the divergence.
#[test]
fn regression_trainer_read_outs_are_finite_or_the_divergence_is_reported() {
    let cfg = TrainerConfig {
        activation: Activation::Prelu,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyper { lr: 100.0, ..Hyper::default() },
        ..TrainerConfig::default()
    };
    let mut t = Trainer::new(cfg).unwrap();
    for _ in 0..6 {
        t.step(1);
        check_trainer(&mut t, (8, 10, 1000));
    }
}
