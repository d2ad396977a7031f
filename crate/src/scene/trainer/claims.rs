//! The trainer's claims, checked on the network the link gives trained for its epochs (a lecture
//! step or a preset trains on arrival). Accuracies are of the final epoch's eval-mode passes. A
//! claim with `field=value` compares with the same training changed in that one field.

use crate::claims::{number, Check, Outcome, Verdict};
use crate::nn::activation::PRELU_INIT;
use crate::nn::mlp::ParamKind;
use crate::scene::trainer::{EpochRecord, Trainer, TrainerConfig};

/// A finished training and its link (for comparisons).
pub struct TrainState {
    pub trainer: Trainer,
    /// Every parameter and each tensor's (kind, length, columns), read once.
    params: Vec<f64>,
    units: Vec<(ParamKind, usize, usize)>,
    pub link: String,
}

impl TrainState {
    /// The training of `link`, run for its epochs (or until it diverges).
    pub fn of(link: &str) -> Result<Self, String> {
        let config = TrainerConfig::from_hash(link).map_err(|e| e.to_string())?;
        let mut trainer = trained(config)?;
        let (params, units) = (trainer.params(), trainer.param_units());
        Ok(Self { trainer, params, units, link: link.to_string() })
    }

    fn changed(&self, change: &str) -> Result<Self, String> {
        Self::of(&format!("{}&{change}", self.link))
    }

    fn last(&self) -> Option<&EpochRecord> {
        self.trainer.history().last()
    }

    fn train_acc(&self) -> f64 {
        self.last().map_or(0.0, |r| r.train_acc)
    }
}

/// `config` trained for its epochs.
pub fn trained(config: TrainerConfig) -> Result<Trainer, String> {
    let epochs = config.epochs;
    let mut trainer = Trainer::new(config).map_err(|e| e.to_string())?;
    while trainer.history().len() < epochs && trainer.diverged_at().is_none() {
        trainer.epoch();
    }
    Ok(trainer)
}

/// Evaluate `claims` on the training `link` gives, run for its epochs.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &TrainState::of(link)?, &CHECKS, claims)
}

/// The trainer's checks.
pub const CHECKS: [Check<TrainState>; 18] = [
    Check { name: "lower_loss_with", arity: 1, run: lower_loss_with },
    Check { name: "train_acc_at_least", arity: 1, run: train_acc_at_least },
    Check { name: "train_acc_at_most", arity: 1, run: train_acc_at_most },
    Check { name: "val_acc_at_least", arity: 1, run: val_acc_at_least },
    Check { name: "train_loss_below", arity: 1, run: train_loss_below },
    Check { name: "train_loss_falls", arity: 1, run: train_loss_falls },
    Check { name: "better_with_by", arity: 2, run: better_with_by },
    Check { name: "better_than_by", arity: 2, run: better_than_by },
    Check { name: "sooner_than", arity: 2, run: sooner_than },
    Check { name: "initial_loss_near_ln_c", arity: 1, run: initial_loss_near_ln_c },
    Check { name: "symmetric_units", arity: 0, run: symmetric_units },
    Check { name: "slopes_learned", arity: 1, run: slopes_learned },
    Check { name: "gamma_beta_learned", arity: 1, run: gamma_beta_learned },
    Check { name: "smaller_weights_than", arity: 1, run: smaller_weights_than },
    Check { name: "loss_drops_at_decay", arity: 1, run: loss_drops_at_decay },
    Check { name: "ratio_near_1e3", arity: 0, run: ratio_near_1e3 },
    Check { name: "val_peaks_before_end", arity: 0, run: val_peaks_before_end },
    Check { name: "smaller_gap_than", arity: 2, run: smaller_gap_than },
];

fn train_acc_at_least(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (acc, least) = (s.train_acc(), number(args, 0)?);
    Ok(Verdict::new(acc >= least, &[("train_acc", acc), ("least", least)]))
}

fn train_acc_at_most(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (acc, most) = (s.train_acc(), number(args, 0)?);
    Ok(Verdict::new(acc <= most, &[("train_acc", acc), ("most", most)]))
}

fn val_acc_at_least(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (acc, least) = (s.last().map_or(0.0, |r| r.val_acc), number(args, 0)?);
    Ok(Verdict::new(acc >= least, &[("val_acc", acc), ("least", least)]))
}

fn train_loss_below(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (loss, bound) = (s.last().map_or(f64::INFINITY, |r| r.train_loss), number(args, 0)?);
    Ok(Verdict::new(loss < bound, &[("train_loss", loss), ("bound", bound)]))
}

/// The last epoch's training loss is at most `share` of the initial loss.
fn train_loss_falls(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let initial = s.trainer.sanity().initial_loss;
    let last = s.last().map_or(f64::INFINITY, |r| r.train_loss);
    let share = number(args, 0)?;
    Ok(Verdict::new(last <= share * initial, &[("initial_loss", initial), ("final_loss", last)]))
}

/// With the change the training accuracy is higher by at least `margin`.
fn better_with_by(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let other = s.changed(args[0])?.train_acc();
    let margin = number(args, 1)?;
    Ok(Verdict::new(other >= s.train_acc() + margin, &[("train_acc", s.train_acc()), ("train_acc_changed", other)]))
}

/// This state's training accuracy beats the change's by at least `margin`.
fn better_than_by(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let other = s.changed(args[0])?.train_acc();
    let margin = number(args, 1)?;
    Ok(Verdict::new(s.train_acc() >= other + margin, &[("train_acc", s.train_acc()), ("train_acc_changed", other)]))
}

/// With the change the final training loss is lower.
fn lower_loss_with(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let loss = |t: &Trainer| t.history().last().map_or(f64::INFINITY, |r| r.train_loss);
    let (here, there) = (loss(&s.trainer), loss(&s.changed(args[0])?.trainer));
    Ok(Verdict::new(there < here, &[("train_loss", here), ("train_loss_changed", there)]))
}

/// The first epoch whose training accuracy reaches `acc` (∞ if none).
fn epochs_to(t: &Trainer, acc: f64) -> f64 {
    t.history().iter().find(|r| r.train_acc >= acc).map_or(f64::INFINITY, |r| r.epoch as f64)
}

/// Reaches training accuracy `acc` in fewer epochs than with the change.
fn sooner_than(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let acc = number(args, 1)?;
    let (here, there) = (epochs_to(&s.trainer, acc), epochs_to(&s.changed(args[0])?.trainer, acc));
    Ok(Verdict::new(here < there, &[("epochs", here), ("epochs_changed", there)]))
}

/// The loss before any step is within `tol` (relative) of ln C.
fn initial_loss_near_ln_c(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let sanity = s.trainer.sanity();
    let tol = number(args, 0)?;
    let off = (sanity.initial_loss / sanity.expected_loss - 1.0).abs();
    Ok(Verdict::new(off <= tol, &[("initial_loss", sanity.initial_loss), ("ln_c", sanity.expected_loss)]))
}

/// Every hidden layer's units have identical incoming weights (the symmetry never broke).
fn symmetric_units(s: &TrainState, _: &[&str]) -> Result<Verdict, String> {
    let width = s.trainer.config().width;
    let layers = s.trainer.config().layers;
    let spread = s
        .trainer
        .net()
        .weights()
        .take(layers)
        .flat_map(|w| w.chunks_exact(width).map(|row| row.iter().map(|v| (v - row[0]).abs()).fold(0.0, f64::max)))
        .fold(0.0, f64::max);
    Ok(Verdict::new(spread <= 1e-12, &[("largest_weight_difference", spread)]))
}

/// Each tensor of `kind` with its largest distance from `start`.
fn moved(s: &TrainState, kind: ParamKind, start: f64) -> f64 {
    let mut at = 0;
    let mut most = 0.0f64;
    for &(k, len, _) in &s.units {
        if k == kind {
            most = s.params[at..at + len].iter().map(|v| (v - start).abs()).fold(most, f64::max);
        }
        at += len;
    }
    most
}

/// PReLU's slopes moved at least `d` from their start.
fn slopes_learned(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let d = moved(s, ParamKind::Slope, PRELU_INIT);
    let least = number(args, 0)?;
    Ok(Verdict::new(d >= least, &[("largest_slope_change", d), ("least", least)]))
}

/// Batch norm's γ and β moved at least `d` from 1 and 0.
fn gamma_beta_learned(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (g, b) = (moved(s, ParamKind::Gamma, 1.0), moved(s, ParamKind::Beta, 0.0));
    let least = number(args, 0)?;
    Ok(Verdict::new(g >= least && b >= least, &[("largest_gamma_change", g), ("largest_beta_change", b)]))
}

fn weight_norm(t: &Trainer) -> f64 {
    t.net().weights().flat_map(|w| w.iter()).map(|v| v * v).sum::<f64>().sqrt()
}

/// The weights end smaller (Frobenius norm) than with the change.
fn smaller_weights_than(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let (here, there) = (weight_norm(&s.trainer), weight_norm(&s.changed(args[0])?.trainer));
    Ok(Verdict::new(here < there, &[("weight_norm", here), ("weight_norm_changed", there)]))
}

/// At the schedule's first rate decay the training loss drops: its mean over the 5 epochs after
/// the decay is at most the mean over the 5 epochs before it divided by `factor`.
fn loss_drops_at_decay(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let h = s.trainer.history();
    let factor = number(args, 0)?;
    let Some(decay) = (1..h.len()).find(|&i| h[i].lr < h[i - 1].lr * 0.999) else {
        return Ok(Verdict::new(false, &[("decay_epoch", f64::INFINITY)]));
    };
    let mean = |r: std::ops::Range<usize>| {
        let slice = &h[r.start.min(h.len())..r.end.min(h.len())];
        slice.iter().map(|e| e.train_loss).sum::<f64>() / slice.len().max(1) as f64
    };
    let (before, after) = (mean(decay.saturating_sub(5)..decay), mean(decay..decay + 5));
    Ok(Verdict::new(
        after * factor <= before,
        &[("decay_epoch", h[decay].epoch as f64), ("loss_before", before), ("loss_after", after)],
    ))
}

/// Every layer's update/weight ratio, median over the epochs, lies in [1e-4, 1e-2] (≈ 1e-3).
fn ratio_near_1e3(s: &TrainState, _: &[&str]) -> Result<Verdict, String> {
    let h = s.trainer.history();
    let layers = h.first().map_or(0, |r| r.update_to_weight_ratio.len());
    let medians: Vec<f64> = (0..layers)
        .map(|l| {
            let mut r: Vec<f64> = h.iter().map(|e| e.update_to_weight_ratio[l]).collect();
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect();
    let (lo, hi) = medians.iter().fold((f64::INFINITY, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    Ok(Verdict::new(
        layers > 0 && lo >= 1e-4 && hi <= 1e-2,
        &[("lowest_median_ratio", lo), ("highest_median_ratio", hi)],
    ))
}

/// The validation loss is lowest well before the end (by 20 % of the epochs) and at least 10 %
/// higher at the end, while the training loss keeps falling: when to stop.
fn val_peaks_before_end(s: &TrainState, _: &[&str]) -> Result<Verdict, String> {
    let h = s.trainer.history();
    let Some(last) = h.last() else { return Ok(Verdict::new(false, &[])) };
    let best = h.iter().min_by(|a, b| a.val_loss.total_cmp(&b.val_loss)).map_or(last, |r| r);
    let early = (best.epoch as f64) <= 0.8 * h.len() as f64;
    let rose = last.val_loss >= 1.1 * best.val_loss;
    let train_fell = last.train_loss < best.train_loss;
    Ok(Verdict::new(
        early && rose && train_fell,
        &[("best_val_epoch", best.epoch as f64), ("best_val_loss", best.val_loss), ("final_val_loss", last.val_loss)],
    ))
}

/// Over seeds 1…n, this training's train − validation accuracy gap is smaller than with the
/// change, by more than the 95 % interval of the paired differences.
fn smaller_gap_than(s: &TrainState, args: &[&str]) -> Result<Verdict, String> {
    let seeds = number(args, 1)? as u64;
    let gap = |t: &Trainer| t.history().last().map_or(f64::NAN, |r| r.train_acc - r.val_acc);
    let (mut here, mut there) = (Vec::new(), Vec::new());
    for seed in 1..=seeds {
        here.push(gap(&TrainState::of(&format!("{}&seed={seed}", s.link))?.trainer));
        there.push(gap(&TrainState::of(&format!("{}&{}&seed={seed}", s.link, args[0]))?.trainer));
    }
    let d = crate::spread::MeanInterval::of_differences(&there, &here);
    Ok(Verdict::new(
        d.clearly_positive(),
        &[("gap_reduction", d.mean), ("interval", d.half_width), ("seeds", seeds as f64)],
    ))
}
