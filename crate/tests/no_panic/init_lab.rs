//! The init lab (`DeepNetConfig`): hash soups, struct configs, degenerate experiments; its
//! table round-trip.

use crate::round_trip::{check_refused_by_key, check_table_round_trip, invalid_field_hash, valid_config};
use crate::soup::{arbitrary_text, soups};
use crate::support::{cases, check_refusal, norms, seed};
use crate::table::{count, count_range, float, float_range, init, refusal_fields, specs, Hint, Spec};
use gradscope::error::ConfigError;
use gradscope::nn::deep_net::split::run_split;
use gradscope::nn::deep_net_fields;
use gradscope::nn::{Activation, DeepNetConfig, Init};
use gradscope::scene::init_lab::InitLab;
use proptest::prelude::*;
use std::fmt::Debug;

type D = DeepNetConfig;

/// Sizes of most generated experiments (the rows allow up to 20 layers of 1000 units).
const TYPICAL: [(&str, usize); 6] =
    [("layers", 6), ("width", 48), ("batch", 48), ("dim", 48), ("warm", 3), ("bins", 60)];

/// The init lab's rows, with small typical sizes.
fn init_lab_specs() -> Vec<Spec> {
    specs::<D>(&TYPICAL.map(|(key, n)| (key, Hint::Typical(n))))
}

/// Fields an init-lab refusal may name: its rows' keys and names.
fn init_lab_fields() -> Vec<String> {
    refusal_fields::<D>([])
}

pub fn check_init_lab_refusal(err: &ConfigError, input: &dyn Debug) {
    check_refusal(err, &init_lab_fields(), input);
}

/// Small enough to run in a debug test.
fn init_lab_runs(cfg: &DeepNetConfig) -> bool {
    cfg.width <= 64 && cfg.batch <= 64 && cfg.input_dim <= 64
}

/// An experiment built field by field over the rows' ranges; `h` as for the race.
fn deep_net_config(h: u32) -> BoxedStrategy<DeepNetConfig> {
    (
        (count::<D>("layers", 8, h), count::<D>("width", 48, h), count::<D>("batch", 48, h), count::<D>("dim", 48, h)),
        (prop::sample::select(Activation::ALL.to_vec()), float::<D>("slope", h), init::<D>(h), norms(h)),
        (
            prop_oneof![3 => Just(None), 1 => count::<D>("warm", 3, h).prop_map(Some)],
            float::<D>("bias", h).prop_map(|b| b as f32),
            count::<D>("bins", 60, h),
            seed(h),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (layers, width, batch, input_dim),
                (activation, leaky_slope, init, (batch_norm, layer_norm)),
                (bn_eval_warmup, bias, bins, seed, residual),
            )| DeepNetConfig {
                layers,
                width,
                batch,
                input_dim,
                activation,
                leaky_slope,
                init,
                batch_norm,
                layer_norm,
                residual,
                bn_eval_warmup,
                bias,
                bins,
                seed,
            },
        )
        .boxed()
}

/// An accepted experiment's report: one entry per layer, finite numbers unless the run says
/// where it diverged.
fn check_init_lab(lab: &InitLab, gradients: bool) {
    let (cfg, report) = (lab.config(), lab.report());
    assert_eq!(report.layers.len(), cfg.layers);
    assert_eq!(lab.gradients_pending(), !gradients);
    let first_bad = report.layers.iter().position(|l| l.activations.non_finite_fraction > 0.0).map(|l| l + 1);
    assert_eq!(report.diverged_at_layer, first_bad, "diverged_at_layer disagrees with the layers");
    let diverged = report.diverged_at_layer.is_some();
    assert!(diverged || report.loss.is_finite(), "loss {} without a reported divergence: {cfg:?}", report.loss);
    for (l, layer) in report.layers.iter().enumerate() {
        let a = &layer.activations;
        assert_eq!(a.histogram.counts.len(), cfg.bins);
        for v in [a.zero_fraction, a.dead_fraction, a.non_finite_fraction] {
            assert!((0.0..=1.0).contains(&v), "layer {}: fraction {v}", l + 1);
        }
        if a.non_finite_fraction == 0.0 {
            assert!(a.mean.is_finite() && a.std.is_finite(), "layer {}: {a:?} ({cfg:?})", l + 1);
        }
        match &layer.weight_grad {
            Some(g) => {
                assert!(gradients);
                assert_eq!(g.histogram.counts.len(), cfg.bins);
                assert!(
                    diverged || (g.mean.is_finite() && g.std.is_finite()),
                    "layer {}: gradient mean {} std {} without a reported divergence: {cfg:?}",
                    l + 1,
                    g.mean,
                    g.std
                );
            }
            None => assert!(!gradients),
        }
    }
    if let Some(eval) = &report.eval_layers {
        assert!(cfg.batch_norm && cfg.bn_eval_warmup.is_some());
        assert_eq!(eval.len(), cfg.layers);
    }
}

pub fn check_init_lab_round_trip(cfg: &DeepNetConfig) {
    let hash = deep_net_fields::to_hash(cfg);
    match deep_net_fields::from_hash(&hash) {
        Ok(back) => assert_eq!(&back, cfg, "{hash}"),
        Err(e) => panic!("accepted init-lab config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

/// A small size prefix (each size up to its typical value), so some soups describe an
/// experiment cheap enough to run.
fn small_sizes() -> BoxedStrategy<String> {
    let sizes: Vec<BoxedStrategy<String>> = TYPICAL[..4]
        .iter()
        .map(|&(key, typical)| (count_range::<D>(key).0..=typical).prop_map(move |n| format!("{key}={n}&")).boxed())
        .collect();
    prop_oneof![1 => Just(String::new()), 3 => sizes.prop_map(|parts| parts.concat())].boxed()
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the init lab's hash decoder.
    #[test]
    fn init_lab_from_hash_takes_any_text(text in arbitrary_text()) {
        match deep_net_fields::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_init_lab_round_trip(&cfg);
            }
            Err(e) => check_init_lab_refusal(&e, &text),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Soups over the init lab's keys: refusals well formed; accepted configs round-trip and
    /// (small ones) run forward and backward.
    #[test]
    fn init_lab_hash_soups_refuse_cleanly_or_run(prefix in small_sizes(), rest in soups(&init_lab_specs())) {
        let hash = format!("{prefix}{rest}");
        match deep_net_fields::from_hash(&hash) {
            Ok(cfg) => {
                check_init_lab_round_trip(&cfg);
                if init_lab_runs(&cfg) {
                    let lab = InitLab::new(&cfg).expect("from_hash accepted it");
                    check_init_lab(&lab, true);
                }
            }
            Err(e) => check_init_lab_refusal(&e, &hash),
        }
    }

    /// Struct configs (the page's `set` path): accepted ones run (forward only, then
    /// gradients), keep their hash; a refused `set` keeps the previous run.
    #[test]
    fn init_lab_struct_configs_run_or_refuse(cfg in deep_net_config(2), next in deep_net_config(10)) {
        let accepted = cfg.validate();
        if !init_lab_runs(&cfg) {
            if let Err(e) = accepted {
                check_init_lab_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut lab = match InitLab::forward_only(&cfg) {
            Ok(lab) => lab,
            Err(e) => {
                check_init_lab_refusal(&e, &cfg);
                prop_assert!(accepted.is_err());
                return Ok(());
            }
        };
        prop_assert!(accepted.is_ok());
        check_init_lab(&lab, false);
        lab.compute_gradients();
        check_init_lab(&lab, true);
        check_init_lab_round_trip(&cfg);
        if !init_lab_runs(&next) {
            if let Err(e) = next.validate() {
                check_init_lab_refusal(&e, &next);
            }
            return Ok(());
        }
        // Compared as text: a diverged report holds NaN, which is not equal to itself.
        let old_report = format!("{:?}", lab.report());
        match lab.set(&next) {
            Ok(()) => {
                prop_assert_eq!(lab.config(), &next);
                check_init_lab(&lab, false);
                lab.compute_gradients();
                check_init_lab(&lab, true);
            }
            Err(e) => {
                check_init_lab_refusal(&e, &next);
                prop_assert_eq!(lab.config(), &cfg);
                prop_assert_eq!(format!("{:?}", lab.report()), old_report);
            }
        }
    }

    /// Hostile struct configs, any size: validation alone (no allocation, no panic, by field).
    #[test]
    fn init_lab_hostile_struct_configs_are_refused_by_field(cfg in deep_net_config(60)) {
        match cfg.validate() {
            Ok(()) if init_lab_runs(&cfg) => check_init_lab(&InitLab::new(&cfg).expect("validated"), true),
            Ok(()) => {}
            Err(e) => check_init_lab_refusal(&e, &cfg),
        }
    }
}

proptest! {
    #![proptest_config(cases(96))]

    /// The worker path: an accepted experiment split across 1–5 shards (`Shard`/`SplitRun`, as
    /// the page's workers run it) reports every layer, the whole run's divergence and finite
    /// numbers; the batch-norm eval pass is refused by the split, not mangled.
    #[test]
    fn init_lab_split_runs_report_like_the_whole_run(cfg in deep_net_config(2), parts in 1usize..=5) {
        if cfg.validate().is_err() || !init_lab_runs(&cfg) {
            return Ok(());
        }
        let whole = InitLab::new(&cfg).expect("validated");
        match run_split(&cfg, parts) {
            Ok(report) => {
                prop_assert!(!(cfg.batch_norm && cfg.bn_eval_warmup.is_some()));
                prop_assert_eq!(report.layers.len(), cfg.layers);
                prop_assert_eq!(report.diverged_at_layer, whole.report().diverged_at_layer);
                for layer in &report.layers {
                    prop_assert_eq!(layer.activations.histogram.counts.len(), cfg.bins);
                    prop_assert!(layer.weight_grad.is_some(), "every gradient measured");
                }
                if report.diverged_at_layer.is_none() {
                    prop_assert!(report.loss.is_finite());
                }
            }
            Err(e) => prop_assert!(cfg.batch_norm && cfg.bn_eval_warmup.is_some(), "refused: {e}"),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// A random valid experiment from its table (each row a random valid value) survives its hash.
    #[test]
    fn init_lab_valid_table_configs_survive_their_hash(cfg in valid_config::<D>(&init_lab_specs())) {
        check_table_round_trip(&cfg);
    }

    /// One invalid value in an otherwise default hash is refused by its key.
    #[test]
    fn init_lab_invalid_field_values_are_refused_by_key(case in invalid_field_hash::<D>(&init_lab_specs())) {
        check_refused_by_key::<D>(&case, &init_lab_fields());
    }
}

/// Degenerate but valid experiments: a single unit, example and feature; zero and huge inits;
/// the bias extremes; batch norm over one example (zero variance); the most layers; the
/// steepest leaky slope (the rows' ends).
#[test]
fn degenerate_init_lab_experiments_report_instead_of_panicking() {
    let fewest = |key| count_range::<D>(key).0;
    let (layers, width, batch, input_dim, bins) =
        (fewest("layers"), fewest("width"), fewest("batch"), fewest("dim"), fewest("bins"));
    let base = DeepNetConfig { layers, width, batch, input_dim, bins, ..DeepNetConfig::default() };
    let (std_lo, std_hi) = float_range::<D>("std");
    let (bias_lo, bias_hi) = float_range::<D>("bias");
    let most_layers = count_range::<D>("layers").1;
    let mut cases = Vec::new();
    for activation in Activation::ALL {
        for init in [Init::Zero, Init::Custom(std_lo), Init::Custom(std_hi), Init::Large] {
            for (batch_norm, layer_norm) in [(false, false), (true, false), (false, true)] {
                for (layers, width, batch, bias) in [
                    (layers, width, batch, 0.0),
                    (most_layers, 8, 2, bias_hi as f32),
                    (most_layers, width, batch, bias_lo as f32),
                    (3, 64, 64, 0.0),
                ] {
                    cases.push(DeepNetConfig {
                        activation,
                        init,
                        batch_norm,
                        layer_norm,
                        layers,
                        width,
                        batch,
                        bias,
                        bn_eval_warmup: batch_norm.then_some(2),
                        leaky_slope: float_range::<D>("slope").1,
                        ..base.clone()
                    });
                }
            }
        }
    }
    for cfg in cases {
        let lab = InitLab::new(&cfg).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
        check_init_lab(&lab, true);
        check_init_lab_round_trip(&cfg);
    }
}
