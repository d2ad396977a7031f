//! Regularization and ensembles (lecture 7): DropConnect, residual blocks and stochastic depth
//! against finite differences; dropout's and DropConnect's mean training output equals their
//! test-time output; stochastic depth's survival schedule and test-time scaling; early stopping
//! keeps the best epoch; ensembles average probabilities and beat their members' mean; the
//! CLI's flags, JSON keys and refusals.

mod cli_support;
mod mlp_support;

use cli_support::{json, refused};
use gradscope::ensemble::{average, EnsembleScores, MemberRun};
use gradscope::nn::dropconnect::DropConnect;
use gradscope::nn::mlp::Mode;
use gradscope::nn::{Activation, Dense, Dropout, Init, Mlp, MlpConfig};
use gradscope::rng::Rng;
use gradscope::scene::trainer::{Trainer, TrainerConfig};
use mlp_support::{finite_difference_check, finite_difference_check_with_masks, mlp_config};

#[test]
fn dropconnect_residual_and_stochastic_depth_gradients_match_finite_differences() {
    finite_difference_check(MlpConfig { dropconnect: 0.4, ..mlp_config(Activation::Tanh) });
    finite_difference_check(MlpConfig { residual: true, layers: 3, ..mlp_config(Activation::Tanh) });
    finite_difference_check(MlpConfig { residual: true, layers: 3, batch_norm: true, ..mlp_config(Activation::Elu) });
    let all = MlpConfig {
        residual: true,
        layers: 3,
        dropconnect: 0.3,
        dropout: 0.2,
        l2: 0.1,
        ..mlp_config(Activation::Swish)
    };
    finite_difference_check(all);
    // Stochastic depth: the gates of each seed skip some blocks and keep others.
    for seed in 0..6 {
        let cfg = MlpConfig { survival: 0.3, layers: 4, batch_norm: seed % 2 == 0, ..mlp_config(Activation::Tanh) };
        finite_difference_check_with_masks(cfg, seed);
    }
}

/// Inputs in [−0.5, 0.5] so the mean over masks is tight.
fn small_inputs(n: usize, rng: &mut Rng) -> Vec<f64> {
    (0..n).map(|_| rng.uniform() - 0.5).collect()
}

#[test]
fn mean_training_output_over_masks_equals_the_test_time_output() {
    let mut rng = Rng::new(5);
    let masks = 100_000;
    // Dropout: E[x·m/(1 − p)] = x, and the test-time layer is the identity.
    let x = small_inputs(8, &mut rng);
    let mut dropout = Dropout::<f64>::new(0.5).unwrap();
    let (mut out, mut sum) = (vec![0.0; 8], vec![0.0; 8]);
    for _ in 0..masks {
        dropout.forward_train(&x, &mut out, &mut rng);
        sum.iter_mut().zip(&out).for_each(|(s, o)| *s += o);
    }
    let mut test = vec![0.0; 8];
    dropout.forward_eval(&x, &mut test);
    for (s, t) in sum.iter().zip(&test) {
        assert!((s / masks as f64 - t).abs() < 1e-2, "dropout mean {} vs test {t}", s / masks as f64);
    }
    // DropConnect: E[x·(W ⊙ M)/(1 − p)] + b = x·W + b, the test-time layer with mean weights.
    let mut dense = Dense::<f64>::new(4, 3, true);
    dense.init(Init::Xavier, &mut rng);
    dense.bias = vec![0.1, -0.2, 0.3];
    let x = small_inputs(2 * 4, &mut rng);
    let mut dc = DropConnect::new(0.5);
    let (mut out, mut sum) = (vec![0.0; 6], vec![0.0; 6]);
    for _ in 0..masks {
        dc.forward_train(&mut dense, &x, &mut out, &mut rng);
        sum.iter_mut().zip(&out).for_each(|(s, o)| *s += o);
    }
    assert!(dc.masked());
    let mut test = vec![0.0; 6];
    dc.forward_scaled(&mut dense, &x, &mut test, 1.0);
    let mut plain = vec![0.0; 6];
    dense.forward(&x, &mut plain);
    assert_eq!(test, plain, "the test-time DropConnect layer is the affine layer itself");
    for (s, t) in sum.iter().zip(&test) {
        assert!((s / masks as f64 - t).abs() < 1e-2, "DropConnect mean {} vs test {t}", s / masks as f64);
    }
}

#[test]
fn stochastic_depth_survival_falls_linearly_and_scales_blocks_at_test_time() {
    let cfg = MlpConfig { inputs: 2, classes: 3, layers: 5, width: 6, survival: 0.5, ..MlpConfig::default() };
    let survival: Vec<f64> = (1..5).map(|l| cfg.block_survival(l)).collect();
    assert_eq!(survival, vec![0.875, 0.75, 0.625, 0.5], "1 − (l/L)(1 − p_L), the last block at p_L");
    // At test time each block adds p_l·f(x); "uncorrected" adds f(x), as a net without
    // stochastic depth does.
    let mut net = Mlp::new(&cfg, &mut Rng::new(2)).unwrap();
    let mut rng = Rng::new(4);
    let x = small_inputs(2 * 3, &mut rng);
    let test = net.forward(&x, Mode::Eval, &mut rng).to_vec();
    let uncorrected = net.forward(&x, Mode::Uncorrected, &mut rng).to_vec();
    let all_kept = MlpConfig { survival: 1.0, residual: true, ..cfg.clone() };
    let mut full = Mlp::new(&all_kept, &mut Rng::new(2)).unwrap();
    assert_eq!(full.forward(&x, Mode::Eval, &mut rng), &uncorrected[..], "uncorrected = every block at full strength");
    assert!(test.iter().zip(&uncorrected).any(|(a, b)| (a - b).abs() > 1e-6), "survival scaling changes the output");
}

#[test]
fn uncorrected_evaluation_keeps_the_training_scale() {
    let base =
        MlpConfig { inputs: 2, classes: 3, layers: 1, width: 4, activation: Activation::Relu, ..MlpConfig::default() };
    let x = [0.3, -0.2, 0.5, 0.1];
    let plain = Mlp::new(&base, &mut Rng::new(1)).unwrap().forward(&x, Mode::Eval, &mut Rng::new(0)).to_vec();
    for (cfg, scale) in
        [(MlpConfig { dropout: 0.5, ..base.clone() }, 2.0), (MlpConfig { dropconnect: 0.75, ..base.clone() }, 4.0)]
    {
        let mut net = Mlp::new(&cfg, &mut Rng::new(1)).unwrap();
        assert_eq!(net.forward(&x, Mode::Eval, &mut Rng::new(0)), &plain[..], "{cfg:?}: test time is the plain net");
        // One ReLU layer scaled by s before the (bias-free at init) classifier: logits × s.
        let logits = net.forward(&x, Mode::Uncorrected, &mut Rng::new(0)).to_vec();
        for (u, p) in logits.iter().zip(&plain) {
            assert!((u - scale * p).abs() < 1e-12, "{cfg:?}: {u} vs {scale}·{p}");
        }
    }
}

fn digits(points: usize, epochs: usize) -> TrainerConfig {
    TrainerConfig::from_hash(&format!("ds=digits&n={points}&layers=1&width=32&epochs={epochs}&seed=3")).unwrap()
}

#[test]
fn early_stopping_keeps_the_best_epoch() {
    let cfg = TrainerConfig::from_hash("ds=spiral&n=80&noise=0.3&layers=3&width=128&epochs=300&es=8&seed=2").unwrap();
    let mut t = Trainer::new(cfg).unwrap();
    while t.running() && t.history().len() < 300 {
        t.epoch();
    }
    let stopped = t.stopped_early().expect("a net this large on 64 points overfits and stops");
    let best = t.best_epoch().unwrap();
    assert_eq!(stopped, best + 8, "patience 8");
    let (best_acc, best_loss) = (t.history()[best - 1].val_acc, t.history()[best - 1].val_loss);
    for r in t.history() {
        assert!(r.val_acc < best_acc || (r.val_acc == best_acc && r.val_loss >= best_loss), "{r:?}");
    }
    assert_eq!(t.step(10), 0, "a stopped run takes no more steps");
    assert!(t.restore_best());
    assert_eq!(t.validation(Mode::Eval).0, best_loss, "the restored net is the best epoch's, bit for bit");
}

#[test]
fn ensembles_average_probabilities_and_beat_their_members_mean() {
    let cfg = digits(600, 8);
    let mut probs = Vec::new();
    let mut labels = Vec::new();
    for m in 0..5 {
        let mut run = MemberRun::new(cfg.clone(), None, m, None).unwrap();
        assert!(run.advance(usize::MAX));
        probs.extend(run.finish().into_iter().map(|s| s.val));
        labels = run.trainer().splits().1.y.clone();
    }
    assert_ne!(probs[0], probs[1], "members start from different weights");
    for row in average(&probs).chunks_exact(10) {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12, "averaged probabilities sum to 1");
    }
    let scores = EnsembleScores::of(&probs, &labels, 10);
    let mean = scores.members.iter().map(|s| s.val_acc).sum::<f64>() / 5.0;
    assert!(scores.ensemble.val_acc >= mean, "ensemble {} vs members' mean {mean}", scores.ensemble.val_acc);
    assert!(scores.ensemble.val_loss < scores.members.iter().map(|s| s.val_loss).sum::<f64>() / 5.0);
    // Member 0 is the plain trainer: its score is the trainer's own validation read-out.
    let mut plain = Trainer::new(cfg).unwrap();
    for _ in 0..8 {
        plain.epoch();
    }
    let (loss, acc) = plain.validation(Mode::Eval);
    assert!((scores.members[0].val_loss - loss).abs() < 1e-9 && scores.members[0].val_acc == acc);
}

#[test]
fn snapshot_runs_restart_the_rate_and_keep_one_snapshot_per_cycle() {
    let cfg = TrainerConfig { optimizer: gradscope::optim::OptimizerKind::Sgd, ..digits(300, 14) };
    let lr = cfg.hyper.lr;
    let mut run = MemberRun::new(cfg, None, 0, Some(3)).unwrap();
    let mut rates = Vec::new();
    while !run.advance(1) {
        if rates.len() == run.trainer().history().len() {
            rates.push(run.trainer().lr());
        }
    }
    assert_eq!(run.trainer().history().len(), 12, "3 cycles of ⌊14/3⌋ = 4 epochs");
    assert_eq!(
        rates.iter().step_by(4).copied().collect::<Vec<_>>(),
        vec![lr; 3],
        "each cycle restarts at the base rate"
    );
    assert!(rates[3] < 0.2 * lr, "and ends near 0: {rates:?}");
    let snapshots = run.finish();
    assert_eq!(snapshots.len(), 3);
    assert_ne!(snapshots[0].val, snapshots[2].val, "each cycle ends at other weights");
}

#[test]
fn cli_reports_best_epoch_members_and_ensemble() {
    let out = json(&[
        "train",
        "--dataset",
        "spiral",
        "--points",
        "80",
        "--width",
        "128",
        "--layers",
        "3",
        "--epochs",
        "200",
        "--early-stopping",
        "6",
    ]);
    let best = out["best_epoch"].as_u64().expect("best_epoch with early stopping") as usize;
    assert_eq!(out["epochs"][best - 1]["val_loss"], out["val_loss"], "the reported loss is the best epoch's");
    let epochs = out["epochs"].as_array().unwrap().len();
    assert!(epochs == best + 6 || (epochs == 200 && best > 194), "stopped 6 epochs after the best: {epochs}, {best}");
    let out =
        json(&["train", "--dataset", "digits", "--points", "400", "--epochs", "4", "--width", "32", "--ensemble", "3"]);
    let members = out["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    for m in members.iter().chain([&out["ensemble"]]) {
        assert!(m["val_acc"].as_f64().unwrap() > 0.5 && m["val_loss"].as_f64().unwrap() > 0.0, "{m}");
    }
    assert_eq!(members[0]["val_acc"], out["val_acc"], "member 0 is the reported run");
    let snap = json(&["train", "--dataset", "spiral", "--epochs", "12", "--snapshot-ensemble", "4"]);
    assert_eq!(snap["members"].as_array().unwrap().len(), 4);
    assert!(json(&["train", "--dataset", "spiral", "--epochs", "2"]).get("members").is_none());
    let flags = [
        ("--stochastic-depth", "1"),
        ("--stochastic-depth", "-0.1"),
        ("--dropconnect", "1"),
        ("--dropconnect", "-0.5"),
        ("--augment-noise", "-1"),
        ("--ensemble", "0"),
        ("--ensemble", "11"),
        ("--snapshot-ensemble", "0"),
        ("--early-stopping", "-2"),
    ];
    for (flag, value) in flags {
        let err = refused(&["train", "--dataset", "spiral", flag, value]);
        assert!(err.starts_with(&format!("error: {}:", &flag[2..])), "{flag} {value}: {err}");
    }
    let err = refused(&["train", "--dataset", "spiral", "--layers", "1", "--stochastic-depth", "0.5"]);
    assert!(err.contains("stochastic-depth") && err.contains("2 hidden layers"), "{err}");
    let err = refused(&["train", "--dataset", "spiral", "--ensemble", "2", "--snapshot-ensemble", "2"]);
    assert!(err.contains("not both"), "{err}");
}

#[test]
fn residual_blocks_train_the_20_layer_sigmoid_net_that_plain_layers_cannot() {
    let preset = |id: &str| {
        let hash = gradscope::scene::trainer::PRESETS.iter().find(|p| p.id == id).unwrap().link;
        let mut t = Trainer::new(TrainerConfig::from_hash(&format!("{hash}&epochs=40")).unwrap()).unwrap();
        for _ in 0..40 {
            t.epoch();
        }
        t.history().last().unwrap().train_acc
    };
    let (plain, residual) = (preset("deep_plain"), preset("deep_residual"));
    assert!(plain < 0.45, "20 plain sigmoid layers stay near chance (1/3): {plain}");
    assert!(residual > plain + 0.2, "the residual net learns: {residual} vs {plain}");
}
