//! The optimizer race: hash soups, struct configs, animation controls, extremes; its table
//! round-trip.

use crate::race_text::{bad_batch_sizes, bad_overrides, batch_sizes, overrides};
use crate::round_trip::{check_refused_by_key, check_table_round_trip, invalid_field_hash, valid_config};
use crate::soup::{arbitrary_text, soups};
use crate::support::{cases, check_refusal, hostile_count, seed};
use crate::table::{count_range, float, float_range, hyper, name, names, rate, refusal_fields, specs, Hint, Spec};
use gradscope::error::ConfigError;
use gradscope::optim::{Hyper, OptimizerKind};
use gradscope::rng::MAX_SEED;
use gradscope::scene::race::{LrOverride, Race, RaceConfig, DIVERGENCE_BOUND};
use proptest::prelude::*;
use std::fmt::Debug;

type R = RaceConfig;

/// Steps of most generated races (the row allows 5000).
const TYPICAL_STEPS: usize = 300;

/// The race's rows, with cheap step counts and the `name:lr` overrides' generators.
fn race_specs() -> Vec<Spec> {
    specs::<R>(&[
        ("steps", Hint::Typical(TYPICAL_STEPS)),
        ("lro", Hint::Text(overrides, bad_overrides)),
        ("batch", Hint::Text(batch_sizes, bad_batch_sizes)),
    ])
}

/// Fields a race refusal may name: its rows' keys and names, and each optimizer's effective
/// rate (`lr_<optimizer>`: `Race`'s check, not reached while the `lr` and `lro` rows cover
/// every rate).
fn race_fields() -> Vec<String> {
    refusal_fields::<R>(OptimizerKind::ALL.iter().map(|k| format!("lr_{}", k.name())))
}

pub fn check_race_refusal(err: &ConfigError, input: &dyn Debug) {
    check_refusal(err, &race_fields(), input);
}

/// A race config built field by field over the rows' ranges; `h` is the weight (of ~100) of a
/// hostile value per field.
fn race_config(h: u32) -> BoxedStrategy<RaceConfig> {
    let start = |key| prop_oneof![3 => -3.0..3.0f64, 1 => float::<R>(key, h)];
    let all = names::<R>("opt");
    let n = all.len();
    let optimizers = prop_oneof![
        95 => prop::sample::subsequence(all, 0..=n)
            .prop_shuffle()
            .prop_map(|v| v.into_iter().map(String::from).collect::<Vec<_>>()),
        h => prop::collection::vec(name::<R>("opt", 20), 0..n + 3),
    ];
    let overrides = prop::collection::vec(
        (name::<R>("opt", h), rate::<R>("lr", h)).prop_map(|(optimizer, lr)| LrOverride { optimizer, lr }),
        0..4,
    );
    let (lo, hi) = count_range::<R>("steps");
    let steps = prop_oneof![95 => lo..=TYPICAL_STEPS, 2 => Just(hi), h => hostile_count(lo, hi)];
    let noise = prop_oneof![3 => Just(0.0), 1 => float::<R>("noise", h)];
    (
        (name::<R>("surf", h), float::<R>("kappa", h), start("x0"), start("y0"), optimizers),
        (hyper(rate::<R>("lr", h), h), overrides),
        (noise, name::<R>("sched", h), steps, seed(h)),
        (proptest::collection::vec(1usize..=200, 1..=4), name::<R>("dstage", h), name::<R>("xaxis", h)),
    )
        .prop_map(
            |(
                (surface, kappa, x0, y0, optimizers),
                (hyper, lr_overrides),
                (noise, schedule, steps, seed),
                (mut batches, data_stage, x_axis),
            )| {
                batches.sort_unstable();
                batches.dedup();
                RaceConfig {
                    surface,
                    kappa,
                    start: [x0, y0],
                    optimizers,
                    hyper,
                    lr_overrides,
                    noise,
                    schedule,
                    steps,
                    seed,
                    batches,
                    data_stage,
                    x_axis,
                    look_ahead: seed % 2 == 0,
                }
            },
        )
        .boxed()
}

/// Work of computing a race (optimizer steps); above this a generated race is only validated.
const RACE_BUDGET: usize = 4000;

fn race_cost(cfg: &RaceConfig) -> usize {
    cfg.steps.saturating_mul(cfg.optimizers.len().max(1)).saturating_mul(cfg.batches.len().max(1))
}

/// Every run of an accepted race: finite, bounded path and losses; either all steps or a
/// divergence step with the path cut just before it.
fn check_race(race: &Race) {
    let cfg = race.config();
    let per_optimizer = if race.surface().data.is_some() { cfg.batches.len() } else { 1 };
    // An empty name in a struct config's list is skipped, as the link's "a,,b" is.
    let optimizers = cfg.optimizers.iter().filter(|n| !n.is_empty()).count();
    assert_eq!(race.runs().len(), optimizers * per_optimizer, "runs of {cfg:?}");
    for run in race.runs() {
        let name = run.optimizer.name();
        assert!(run.lr.is_finite() && run.lr > 0.0, "{name}: lr {}", run.lr);
        assert!(!run.path.is_empty(), "{name}: empty path");
        assert_eq!(run.path.len(), run.losses.len(), "{name}: path and losses differ in length");
        assert_eq!(run.path[0], cfg.start, "{name}: path does not begin at the start");
        for (p, l) in run.path.iter().zip(&run.losses) {
            assert!(p.iter().all(|v| v.is_finite() && v.abs() <= DIVERGENCE_BOUND), "{name}: recorded {p:?}");
            assert!(l.is_finite(), "{name}: recorded loss {l} at {p:?}");
        }
        match run.diverged_at {
            None => assert_eq!(run.path.len(), cfg.steps + 1, "{name}: ended early without diverging"),
            Some(d) => {
                assert!((1..=cfg.steps).contains(&d), "{name}: diverged_at {d} of {} steps", cfg.steps);
                assert_eq!(run.path.len(), d, "{name}: path goes past the divergence");
            }
        }
    }
}

/// Snapshot read-outs at the animation step: finite, within the run.
fn check_race_snapshot(race: &Race) {
    let snap = race.snapshot();
    assert_eq!(snap.shown, race.shown());
    assert!(snap.shown <= snap.steps);
    assert_eq!(snap.runs.len(), race.runs().len());
    for r in &snap.runs {
        assert!(r.step <= snap.shown, "{}: step {} past shown {}", r.optimizer, r.step, snap.shown);
        assert!(r.loss.is_finite() && r.position.iter().all(|v| v.is_finite()), "{r:?}");
        if let Some(d) = r.diverged_at {
            assert!(d <= snap.shown);
        }
    }
}

/// An accepted config's link restores it exactly.
pub fn check_race_round_trip(cfg: &RaceConfig) {
    let hash = cfg.to_hash();
    match RaceConfig::from_hash(&hash) {
        Ok(back) => assert_eq!(&back, cfg, "{hash}"),
        Err(e) => panic!("accepted race config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

/// Animation controls with arbitrary positions.
#[derive(Clone, Debug)]
enum RaceOp {
    Step(usize),
    Seek(usize),
}

fn race_ops() -> BoxedStrategy<Vec<RaceOp>> {
    let n = prop_oneof![8 => 0..400usize, 1 => Just(usize::MAX), 1 => any::<usize>()];
    prop::collection::vec(prop_oneof![n.clone().prop_map(RaceOp::Step), n.prop_map(RaceOp::Seek)], 0..6).boxed()
}

fn drive_race(race: &mut Race, ops: &[RaceOp]) {
    check_race_snapshot(race);
    for op in ops {
        let before = race.shown();
        match *op {
            RaceOp::Step(n) => {
                let shown = race.step(n);
                assert_eq!(shown, race.shown());
                assert!(shown >= before, "step({n}) went back from {before} to {shown}");
            }
            RaceOp::Seek(k) => race.seek(k),
        }
        assert!(race.shown() <= race.config().steps);
        check_race_snapshot(race);
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the race's hash decoder: a config or a well-formed refusal.
    #[test]
    fn race_from_hash_takes_any_text(text in arbitrary_text()) {
        match RaceConfig::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_race_round_trip(&cfg);
            }
            Err(e) => check_race_refusal(&e, &text),
        }
    }

    /// Key=value soups over the race's keys: refusals are well formed; accepted configs
    /// round-trip through their hash and (when small enough) run with finite or reported paths.
    #[test]
    fn race_hash_soups_refuse_cleanly_or_run(hash in soups(&race_specs()), ops in race_ops()) {
        match RaceConfig::from_hash(&hash) {
            Ok(cfg) => {
                check_race_round_trip(&cfg);
                if race_cost(&cfg) <= RACE_BUDGET {
                    let mut race = Race::new(cfg).expect("from_hash accepted it");
                    check_race(&race);
                    drive_race(&mut race, &ops);
                }
            }
            Err(e) => check_race_refusal(&e, &hash),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Struct configs (the page's `set` path), mostly valid: accepted ones run, step, seek and
    /// snapshot with finite or reported values, keep their hash, and offer valid rate variants;
    /// a refused `set` keeps the previous race.
    #[test]
    fn race_struct_configs_run_or_refuse(cfg in race_config(2), next in race_config(10), ops in race_ops()) {
        if race_cost(&cfg) > RACE_BUDGET {
            if let Err(e) = cfg.validate() {
                check_race_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut race = match Race::new(cfg.clone()) {
            Ok(race) => race,
            Err(e) => {
                check_race_refusal(&e, &cfg);
                prop_assert!(cfg.validate().is_err());
                return Ok(());
            }
        };
        prop_assert!(cfg.validate().is_ok());
        check_race(&race);
        drive_race(&mut race, &ops);
        check_race_round_trip(&cfg);
        for variant in [cfg.with_tuned_rates(), cfg.with_shared_rate()] {
            if let Err(e) = variant.validate() {
                panic!("rate variant of an accepted race is refused: {e}\n  variant: {variant:?}");
            }
        }
        if race_cost(&next) > RACE_BUDGET {
            return Ok(());
        }
        let (shown, old_config) = (race.shown(), race.config().clone());
        match race.set(next.clone()) {
            Ok(()) => {
                prop_assert_eq!(format!("{:?}", race.config()), format!("{next:?}"));
                prop_assert!(race.shown() <= shown.min(next.steps));
                check_race(&race);
                drive_race(&mut race, &ops);
            }
            Err(e) => {
                check_race_refusal(&e, &next);
                prop_assert_eq!(format!("{:?}", race.config()), format!("{old_config:?}"));
                prop_assert_eq!(race.shown(), shown);
                check_race(&race);
            }
        }
    }

    /// Struct configs with many hostile fields: validation never panics and refuses by field.
    #[test]
    fn race_hostile_struct_configs_are_refused_by_field(cfg in race_config(60)) {
        match cfg.validate() {
            Ok(()) if race_cost(&cfg) <= RACE_BUDGET => check_race(&Race::new(cfg).expect("validated")),
            Ok(()) => {}
            Err(e) => check_race_refusal(&e, &cfg),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// A random valid race from its table (each row a random valid value) survives its hash.
    #[test]
    fn race_valid_table_configs_survive_their_hash(cfg in valid_config::<R>(&race_specs())) {
        check_table_round_trip(&cfg);
    }

    /// One invalid value in an otherwise default hash is refused by its key.
    #[test]
    fn race_invalid_field_values_are_refused_by_key(case in invalid_field_hash::<R>(&race_specs())) {
        check_refused_by_key::<R>(&case, &race_fields());
    }
}

/// The extremes the ranges allow, on every surface with every optimizer: the smallest and
/// largest lr, the most steps, the largest noise, start at the corner of the box, every
/// hyperparameter at an end of its row. Each run finishes or stops with `diverged_at`;
/// nothing recorded is NaN.
#[test]
fn extreme_accepted_races_finish_or_report_divergence() {
    let (lr_lo, lr_hi) = float_range::<R>("lr");
    let ((x_lo, x_hi), (y_lo, y_hi)) = (float_range::<R>("x0"), float_range::<R>("y0"));
    let noise = float_range::<R>("noise").1;
    let most_steps = count_range::<R>("steps").1;
    let (lo, hi) = (|key| float_range::<Hyper>(key).0, |key| float_range::<Hyper>(key).1);
    let optimizers = names::<R>("opt");
    for surface in names::<R>("surf") {
        for (lr, noise, start, steps) in [
            (lr_hi, 0.0, [x_hi, y_lo], most_steps),
            (lr_lo, noise, [0.0, 0.0], TYPICAL_STEPS),
            (lr_hi, noise, [x_lo, y_hi], TYPICAL_STEPS),
        ] {
            let cfg = RaceConfig {
                surface: surface.into(),
                kappa: float_range::<R>("kappa").1,
                start,
                optimizers: optimizers.iter().map(|&n| n.into()).collect(),
                hyper: Hyper {
                    lr,
                    momentum: hi("mom"),
                    beta1: lo("b1"),
                    beta2: hi("b2"),
                    eps: Some(lo("eps")),
                    rho: hi("rho"),
                    alpha: lo("alpha"),
                    weight_decay: hi("wd"),
                    momentum_decay: hi("mdecay"),
                    bias_correction: false,
                },
                lr_overrides: optimizers.iter().map(|&n| LrOverride { optimizer: n.into(), lr }).collect(),
                noise,
                schedule: "warmup_cosine".into(),
                steps,
                seed: MAX_SEED,
                batches: vec![1, 200],
                data_stage: "whiten".into(),
                x_axis: "examples".into(),
                look_ahead: true,
            };
            let mut race = Race::new(cfg.clone()).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
            check_race(&race);
            drive_race(&mut race, &[RaceOp::Step(steps / 2), RaceOp::Seek(steps), RaceOp::Step(1)]);
            check_race_round_trip(&cfg);
        }
    }
}
