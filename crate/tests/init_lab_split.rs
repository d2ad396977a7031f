//! The init experiment split across workers equals the unsplit run up to the order of
//! floating-point sums: loss, every layer's activation and weight-gradient statistics and
//! histograms, for plain, batch-norm and layer-norm nets, in 1 to 7 parts.

use gradscope::nn::deep_net::split::{part_rows, run_split};
use gradscope::nn::{Activation, DeepNet, DeepNetConfig, DeepNetReport, Init};
use gradscope::stats::Histogram;

fn small(activation: Activation, init: Init) -> DeepNetConfig {
    DeepNetConfig { layers: 5, width: 48, batch: 130, input_dim: 24, activation, init, ..DeepNetConfig::default() }
}

fn close(what: &str, a: f64, b: f64, rel: f64) {
    let scale = a.abs().max(b.abs()).max(1e-30);
    assert!((a - b).abs() <= rel * scale, "{what}: {a} vs {b}");
}

/// Histograms of (nearly) the same numbers: same edges, counts moved by at most `moved`.
fn similar(what: &str, a: &Histogram, b: &Histogram, moved: u64) {
    assert_eq!(a.total() + a.nan as u64, b.total() + b.nan as u64, "{what}: totals");
    let l1: u64 = a.counts.iter().zip(&b.counts).map(|(&x, &y)| (x as i64 - y as i64).unsigned_abs()).sum();
    assert!(l1 <= moved, "{what}: {l1} entries changed bins\n{:?}\n{:?}", a.counts, b.counts);
}

/// A gradient histogram's range is symmetric, so its middle edge is 0 only up to rounding
/// (−M + 25·(2M/50)), and exact zeros (dead units) land left or right of it depending on the
/// last bit of M: join the two middle bins before comparing.
fn centre_joined(h: &Histogram) -> Histogram {
    let mut joined = h.clone();
    let mid = h.counts.len() / 2;
    joined.counts[mid - 1] += joined.counts[mid];
    joined.counts[mid] = 0;
    joined
}

fn assert_same(whole: &DeepNetReport, split: &DeepNetReport, tag: &str) {
    close(&format!("{tag} loss"), whole.loss, split.loss, 1e-5);
    assert_eq!(whole.diverged_at_layer, split.diverged_at_layer, "{tag}");
    assert_eq!(whole.layers.len(), split.layers.len());
    for (l, (w, s)) in whole.layers.iter().zip(&split.layers).enumerate() {
        let (wa, sa) = (&w.activations, &s.activations);
        let at = format!("{tag} layer {}", l + 1);
        close(&format!("{at} mean"), wa.mean, sa.mean, 1e-4);
        close(&format!("{at} std"), wa.std, sa.std, 1e-4);
        for (name, x, y) in [
            ("zero", wa.zero_fraction, sa.zero_fraction),
            ("dead", wa.dead_fraction, sa.dead_fraction),
            ("saturated", wa.saturated_fraction.unwrap_or(0.0), sa.saturated_fraction.unwrap_or(0.0)),
        ] {
            assert!((x - y).abs() <= 1e-3, "{at} {name}: {x} vs {y}");
        }
        similar(&format!("{at} activations"), &wa.histogram, &sa.histogram, 3);
        let (wg, sg) = (w.weight_grad.as_ref().expect("whole grads"), s.weight_grad.as_ref().expect("split grads"));
        close(&format!("{at} grad std"), wg.std, sg.std, 1e-3);
        let total = wg.histogram.total();
        let (wh, sh) = (centre_joined(&wg.histogram), centre_joined(&sg.histogram));
        similar(&format!("{at} gradients"), &wh, &sh, total / 200 + 3);
    }
}

#[test]
fn split_runs_equal_the_whole_batch() {
    let configs = [
        ("tanh small", small(Activation::Tanh, Init::Small)),
        ("tanh xavier", small(Activation::Tanh, Init::Xavier)),
        ("relu he bias", DeepNetConfig { bias: -0.5, ..small(Activation::Relu, Init::He) }),
        ("tanh bn", DeepNetConfig { batch_norm: true, ..small(Activation::Tanh, Init::Small) }),
        ("sigmoid bn", DeepNetConfig { batch_norm: true, ..small(Activation::Sigmoid, Init::Large) }),
        ("maxout ln", DeepNetConfig { layer_norm: true, ..small(Activation::Maxout, Init::Xavier) }),
    ];
    for (tag, cfg) in configs {
        let whole = DeepNet::<f32>::new(&cfg).unwrap().report(true);
        for parts in [1, 2, 3, 7] {
            assert_same(&whole, &run_split(&cfg, parts).unwrap(), &format!("{tag}, {parts} parts"));
        }
    }
}

#[test]
fn batch_norm_uses_the_whole_batch_statistics_not_each_parts() {
    // If each part normalized with its own statistics, parts of different means would each be
    // centred; the split run keeps the whole batch's mean, so layer 1's mean matches.
    let cfg = DeepNetConfig { batch_norm: true, bias: 0.0, ..small(Activation::Relu, Init::He) };
    let whole = DeepNet::<f32>::new(&cfg).unwrap().report(true);
    let split = run_split(&cfg, 4).unwrap();
    close("bn relu layer 1 mean", whole.layers[0].activations.mean, split.layers[0].activations.mean, 1e-5);
    close(
        "bn grad std layer 1",
        whole.layers[0].weight_grad.as_ref().unwrap().std,
        split.layers[0].weight_grad.as_ref().unwrap().std,
        1e-3,
    );
}

#[test]
fn parts_cover_the_batch_once_and_never_exceed_it() {
    for (batch, parts) in [(1, 4), (10, 3), (1000, 2), (7, 7), (5, 8)] {
        let rows = part_rows(batch, parts);
        assert_eq!(rows.len(), parts.min(batch));
        assert_eq!(rows.first().unwrap().start, 0);
        assert_eq!(rows.last().unwrap().end, batch);
        assert!(rows.windows(2).all(|w| w[0].end == w[1].start && !w[0].is_empty()));
    }
}

#[test]
fn the_eval_pass_is_refused_by_the_split_not_mangled() {
    let cfg = DeepNetConfig { batch_norm: true, bn_eval_warmup: Some(3), ..small(Activation::Tanh, Init::Xavier) };
    assert!(run_split(&cfg, 2).is_err());
}

#[test]
fn a_preview_of_every_row_is_the_whole_run_and_of_fewer_rows_is_close_to_it() {
    use gradscope::nn::deep_net::split::run_preview;
    for cfg in [
        small(Activation::Tanh, Init::Xavier),
        DeepNetConfig { batch_norm: true, ..small(Activation::Relu, Init::Small) },
        small(Activation::Tanh, Init::Small),
    ] {
        let whole = run_split(&cfg, 2).unwrap();
        // All the rows: the same activations as the whole run (the same draws), no gradients.
        let all = run_preview(&cfg, cfg.batch).unwrap();
        for (l, (p, w)) in all.layers.iter().zip(&whole.layers).enumerate() {
            close(&format!("layer {l} std"), p.activations.std, w.activations.std, 1e-4);
            assert!(p.weight_grad.is_none(), "a preview stops at the activations");
        }
        // A quarter of the rows: every layer's std within 15 % of the whole batch's.
        let quarter = run_preview(&cfg, cfg.batch / 4).unwrap();
        assert_eq!(quarter.layers[0].activations.histogram.total() as usize, cfg.batch / 4 * cfg.width);
        for (l, (p, w)) in quarter.layers.iter().zip(&whole.layers).enumerate() {
            close(&format!("layer {l} std from a quarter"), p.activations.std, w.activations.std, 0.15);
        }
    }
}
