//! The init lab scene: hash round-trips and refusals, keeping the last good report, every
//! preset's lecture story at a small size, and every preset drawn to SVG.

use gradscope::nn::deep_net_fields::{from_hash, to_hash};
use gradscope::nn::{Activation, DeepNetConfig, DeepNetReport, Init};
use gradscope::render::Labels;
use gradscope::scene::init_lab::render::{draw_activation, draw_histograms, draw_layer_stds, Which};
use gradscope::scene::init_lab::{InitLab, FAST_SIZE, PRESETS};
use plotters::prelude::*;

/// Fewer layers than the lecture and small sizes, so debug builds stay fast.
const SMALL: &str = "layers=5&width=60&batch=120&dim=60";

fn config(hash: &str) -> DeepNetConfig {
    from_hash(hash).unwrap_or_else(|e| panic!("{hash}: {e}"))
}

/// A preset's fields at the small size.
fn small_preset(fields: &str) -> DeepNetConfig {
    config(&format!("{fields}&{SMALL}"))
}

fn stds(report: &DeepNetReport) -> Vec<f64> {
    report.layers.iter().map(|l| l.activations.std).collect()
}

#[test]
fn hash_round_trips_defaults_presets_and_custom_configs() {
    let custom = DeepNetConfig {
        init: Init::Custom(0.037),
        activation: Activation::LeakyRelu,
        leaky_slope: 0.2,
        batch_norm: true,
        bn_eval_warmup: Some(7),
        bias: -1.25,
        bins: 33,
        seed: 4_000_000_000,
        ..DeepNetConfig::default()
    };
    let mut configs = vec![DeepNetConfig::default(), custom, config(FAST_SIZE)];
    configs.extend(PRESETS.iter().map(|p| config(p.link)));
    for cfg in configs {
        let hash = to_hash(&cfg);
        assert_eq!(from_hash(&hash), Ok(cfg.clone()), "{hash}");
    }
    // The empty hash is the lecture experiment; unknown keys are ignored.
    assert_eq!(config(""), DeepNetConfig::default());
    assert_eq!(config("#future=1&act=tanh"), DeepNetConfig::default());
}

#[test]
fn bad_values_are_refused_by_key() {
    for (hash, key) in [
        ("act=foo", "act"),
        ("init=foo", "init"),
        ("init=custom&std=-1", "std"),
        ("std=0", "std"),
        ("layers=0", "layers"),
        ("layers=51", "layers"),
        ("width=5000", "width"),
        ("width=abc", "width"),
        ("batch=0", "batch"),
        ("dim=1001", "dim"),
        ("bn=2", "bn"),
        ("ln=yes", "ln"),
        ("bn=1&ln=1", "layerNorm"),
        ("warm=21", "warm"),
        ("bias=11", "bias"),
        ("slope=nan", "slope"),
        ("bins=1", "bins"),
        ("seed=-3", "seed"),
        ("batch=2000&width=1000&layers=20", "batch"),
    ] {
        let err = from_hash(hash).expect_err(hash);
        assert_eq!(err.field, key, "{hash}: {err}");
        assert!(!err.message.is_empty());
    }
}

#[test]
fn a_refused_config_keeps_the_previous_report() {
    let good = small_preset(PRESETS[0].link);
    let mut lab = InitLab::new(&good).unwrap();
    let before = lab.report().clone();
    assert_eq!(before.layers.len(), good.layers);
    for bad in [
        DeepNetConfig { width: 0, ..good.clone() },
        DeepNetConfig { init: Init::Custom(f64::NAN), ..good.clone() },
        DeepNetConfig { batch_norm: true, layer_norm: true, ..good.clone() },
    ] {
        assert!(lab.set(&bad).is_err());
        assert_eq!(lab.report(), &before);
        assert_eq!(lab.config(), &good);
    }
    // A good change does replace it.
    lab.set(&DeepNetConfig { init: Init::Xavier, ..good.clone() }).unwrap();
    assert_ne!(lab.report(), &before);
    assert!(InitLab::new(&DeepNetConfig { layers: 0, ..good }).is_err());
}

#[test]
fn every_preset_runs_at_a_small_size_and_tells_its_story() {
    for gradscope::claims::Preset { id, link: fields, .. } in PRESETS {
        let cfg = small_preset(fields);
        let lab = InitLab::new(&cfg).unwrap_or_else(|e| panic!("{id}: {e}"));
        let report = lab.report();
        let layers = &report.layers;
        assert_eq!(layers.len(), 5, "{id}");
        assert_eq!(report.diverged_at_layer, None, "{id}");
        assert!(layers.iter().all(|l| l.weight_grad.is_some()), "{id}: gradients are computed");
        let s = stds(report);
        match id {
            // std shrinks by √60·0.01 ≈ 0.08 per layer: the activations vanish.
            "tanh_small" => assert!(s.windows(2).all(|p| p[1] < 0.2 * p[0]), "{id}: {s:?}"),
            // tanh(N(0, 60)): almost everything at ±1.
            "tanh_large" => {
                for l in layers {
                    let saturated = l.activations.saturated_fraction.expect("tanh saturates");
                    assert!(saturated > 0.6, "{id}: {saturated}");
                }
            }
            // Xavier keeps tanh alive: a slow decline, nothing collapses.
            "tanh_xavier" => assert!(s.iter().all(|&v| v > 0.2 && v < 0.8), "{id}: {s:?}"),
            // Xavier halves ReLU's variance per layer.
            "relu_xavier" => assert!(s[4] < 0.4 * s[0], "{id}: {s:?}"),
            // He keeps ReLU's scale: within 2× over all layers, half the entries zero.
            "relu_he" => {
                let (lo, hi) = s.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
                assert!(hi < 2.0 * lo, "{id}: {s:?}");
                assert!(layers.iter().all(|l| (l.activations.zero_fraction - 0.5).abs() < 0.15), "{id}");
            }
            // Batch norm fixes the scale whatever the init: std(tanh(N(0, 1))) ≈ 0.628.
            "batch_norm" => assert!(s.iter().all(|&v| (v - 0.628).abs() < 0.03), "{id}: {s:?}"),
            // A bias of −3 leaves layer 1 mostly alive but kills the units from layer 2 on.
            "dead_relu" => {
                for (l, layer) in layers.iter().enumerate().skip(1) {
                    let dead = layer.activations.dead_fraction;
                    assert!(dead > 0.9, "{id}: layer {}: {dead}", l + 1);
                }
            }
            // Sigmoid's slope ≤ 1/4 shrinks the gradient layer by layer on the way down…
            "deep_plain" | "deep_residual" => {
                let g: Vec<f64> = layers.iter().map(|l| l.weight_grad.as_ref().unwrap().std).collect();
                let first_to_last = g[0] / g[g.len() - 1];
                if id == "deep_plain" {
                    assert!(first_to_last < 0.01, "{id}: {g:?}");
                } else {
                    // …and the skips carry it back: far less lost over the same depth.
                    assert!(first_to_last > 0.1, "{id}: {g:?}");
                }
            }
            other => panic!("preset {other} has no story in this test"),
        }
    }
}

#[test]
fn every_preset_renders_to_svg() {
    let labels = Labels::default();
    for gradscope::claims::Preset { id, link: fields, .. } in PRESETS {
        let cfg = small_preset(fields);
        let lab = InitLab::new(&cfg).unwrap();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (1000, 1500)).into_drawing_area();
            let parts = root.split_evenly((4, 1));
            draw_layer_stds(&parts[0], lab.report(), &labels).unwrap();
            draw_histograms(&parts[1], lab.report(), Which::Activations, &labels).unwrap();
            draw_histograms(&parts[2], lab.report(), Which::Gradients, &labels).unwrap();
            draw_activation(&parts[3], cfg.activation, cfg.slope(), &labels).unwrap();
            root.present().unwrap();
        }
        // Bars of both colours (one series each), and one title per layer and histogram kind.
        assert!(svg.matches("<rect").count() > 2 * cfg.layers, "{id}");
        assert!(svg.contains("#0072B2") && svg.contains("#D55E00"), "{id}: bar colours");
        for l in 1..=cfg.layers {
            assert_eq!(svg.matches(&format!("Layer {l}: σ")).count(), 2, "{id}: layer {l} titles");
        }
        assert!(svg.contains("Std (log scale)") && svg.contains("f′(x)"), "{id}");
    }
}
