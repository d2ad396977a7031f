//! The init lab's claims, checked on the experiment the link gives (the lecture's size unless
//! the link sets another): per-layer activation and weight-gradient statistics. Layers are
//! numbered from 1 as the histograms' titles number them. A claim with `field=value` compares
//! with the same experiment changed in that one field (what the caption contrasts it with).

use crate::claims::{number, Check, Outcome, Verdict};
use crate::nn::{deep_net_fields, DeepNetConfig, DeepNetReport};
use crate::scene::init_lab::zero_centered;
use crate::scene::init_lab::InitLab;

/// A computed experiment: its config, report and link (for comparisons).
pub struct InitState {
    pub config: DeepNetConfig,
    pub report: DeepNetReport,
    pub link: String,
}

impl InitState {
    /// The experiment of `link`, forward and backward.
    pub fn of(link: &str) -> Result<Self, String> {
        let config = deep_net_fields::from_hash(link).map_err(|e| e.to_string())?;
        let report = InitLab::new(&config).map_err(|e| e.to_string())?.report().clone();
        Ok(Self { config, report, link: link.to_string() })
    }

    /// The same experiment with `change` (`act=relu`) on top of the link.
    fn changed(&self, change: &str) -> Result<Self, String> {
        Self::of(&format!("{}&{change}", self.link))
    }

    fn stds(&self) -> Vec<f64> {
        self.report.layers.iter().map(|l| l.activations.std).collect()
    }

    fn layer(&self, args: &[&str], i: usize) -> Result<&crate::nn::LayerStats, String> {
        let n = number(args, i)?;
        let count = self.report.layers.len();
        (n >= 1.0 && n <= count as f64 && n.fract() == 0.0)
            .then(|| &self.report.layers[n as usize - 1])
            .ok_or_else(|| format!("layer {n} is not one of 1…{count}"))
    }

    fn grad_stds(&self) -> Vec<f64> {
        self.report.layers.iter().map(|l| l.weight_grad.as_ref().map_or(f64::NAN, |g| g.std)).collect()
    }
}

/// Evaluate `claims` on the experiment `link` gives.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &InitState::of(link)?, &CHECKS, claims)
}

/// The init lab's checks.
pub const CHECKS: [Check<InitState>; 23] = [
    Check { name: "grad_ratio_below", arity: 1, run: grad_ratio_below },
    Check { name: "saturated", arity: 2, run: saturated },
    Check { name: "saturated_everywhere", arity: 1, run: saturated_everywhere },
    Check { name: "saturated_at_most", arity: 2, run: saturated_at_most },
    Check { name: "never_saturates", arity: 0, run: never_saturates },
    Check { name: "collapses", arity: 1, run: collapses },
    Check { name: "keeps_scale", arity: 1, run: keeps_scale },
    Check { name: "std_ratio", arity: 2, run: std_ratio },
    Check { name: "std_near", arity: 2, run: std_near },
    Check { name: "zero_centred", arity: 1, run: zero_centred },
    Check { name: "mean_above", arity: 1, run: mean_above },
    Check { name: "zero_share", arity: 2, run: zero_share },
    Check { name: "dead_at_least", arity: 2, run: dead_at_least },
    Check { name: "no_dead", arity: 0, run: no_dead },
    Check { name: "dead_with", arity: 1, run: dead_with },
    Check { name: "negative_share", arity: 1, run: negative_share },
    Check { name: "mean_closer_to_zero_than", arity: 1, run: mean_closer_to_zero_than },
    Check { name: "grad_std_below", arity: 1, run: grad_std_below },
    Check { name: "grad_ratio_above", arity: 1, run: grad_ratio_above },
    Check { name: "vanishes_with", arity: 2, run: vanishes_with },
    Check { name: "bn_degenerate_at", arity: 1, run: bn_degenerate_at },
    Check { name: "same_sign_steps", arity: 0, run: same_sign_steps },
    Check { name: "zero_centred_sooner", arity: 0, run: zero_centred_sooner },
];

fn min_max(xs: &[f64]) -> (f64, f64) {
    xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)))
}

/// At least `share` of layer L's activations sit in the flat tails.
fn saturated(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let share = s.layer(args, 0)?.activations.saturated_fraction.unwrap_or(0.0);
    let least = number(args, 1)?;
    Ok(Verdict::new(share >= least, &[("saturated_share", share), ("least", least)]))
}

/// In every layer at least `share` of the activations sit in the flat tails.
fn saturated_everywhere(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let lowest = s.report.layers.iter().map(|l| l.activations.saturated_fraction.unwrap_or(0.0)).fold(1.0, f64::min);
    let least = number(args, 0)?;
    Ok(Verdict::new(lowest >= least, &[("lowest_saturated_share", lowest), ("least", least)]))
}

fn saturated_at_most(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let share = s.layer(args, 0)?.activations.saturated_fraction.unwrap_or(0.0);
    let most = number(args, 1)?;
    Ok(Verdict::new(share <= most, &[("saturated_share", share), ("most", most)]))
}

/// The activation has no saturating output at all (ReLU for x > 0).
fn never_saturates(s: &InitState, _: &[&str]) -> Result<Verdict, String> {
    let none = s.report.layers.iter().all(|l| l.activations.saturated_fraction.is_none());
    Ok(Verdict::new(none, &[]))
}

/// The last layer's std is at most `factor` of the first's.
fn collapses(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let std = s.stds();
    let ratio = std[std.len() - 1] / std[0];
    let factor = number(args, 0)?;
    Ok(Verdict::new(ratio <= factor, &[("last_over_first_std", ratio), ("factor", factor)]))
}

/// Every layer's std within a factor of the first's.
fn keeps_scale(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let std = s.stds();
    let factor = number(args, 0)?;
    let (lo, hi) = min_max(&std.iter().map(|v| v / std[0]).collect::<Vec<_>>());
    Ok(Verdict::new(lo >= 1.0 / factor && hi <= factor, &[("lowest_ratio", lo), ("highest_ratio", hi)]))
}

/// Each layer's std over the previous layer's stays in `[lo, hi]`.
fn std_ratio(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let std = s.stds();
    let ratios: Vec<f64> = std.windows(2).map(|w| w[1] / w[0]).collect();
    let (lo, hi) = min_max(&ratios);
    let (a, b) = (number(args, 0)?, number(args, 1)?);
    Ok(Verdict::new(lo >= a && hi <= b, &[("lowest_ratio", lo), ("highest_ratio", hi)]))
}

/// Every layer's std within `tol` (relative) of `value`.
fn std_near(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let (value, tol) = (number(args, 0)?, number(args, 1)?);
    let (lo, hi) = min_max(&s.stds());
    Ok(Verdict::new(lo >= value * (1.0 - tol) && hi <= value * (1.0 + tol), &[("lowest_std", lo), ("highest_std", hi)]))
}

fn zero_centred(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let worst = s.report.layers.iter().map(|l| l.activations.mean.abs()).fold(0.0, f64::max);
    let bound = number(args, 0)?;
    Ok(Verdict::new(worst <= bound, &[("largest_abs_mean", worst), ("bound", bound)]))
}

fn mean_above(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let lowest = s.report.layers.iter().map(|l| l.activations.mean).fold(f64::INFINITY, f64::min);
    let bound = number(args, 0)?;
    Ok(Verdict::new(lowest >= bound, &[("lowest_mean", lowest), ("bound", bound)]))
}

/// Every layer's share of exact zeros within `[lo, hi]`.
fn zero_share(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let (lo, hi) = min_max(&s.report.layers.iter().map(|l| l.activations.zero_fraction).collect::<Vec<_>>());
    let (a, b) = (number(args, 0)?, number(args, 1)?);
    Ok(Verdict::new(lo >= a && hi <= b, &[("lowest_zero_share", lo), ("highest_zero_share", hi)]))
}

fn dead_at_least(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let dead = s.layer(args, 0)?.activations.dead_fraction;
    let least = number(args, 1)?;
    Ok(Verdict::new(dead >= least, &[("dead_share", dead), ("least", least)]))
}

fn no_dead(s: &InitState, _: &[&str]) -> Result<Verdict, String> {
    let worst = s.report.layers.iter().map(|l| l.activations.dead_fraction).fold(0.0, f64::max);
    Ok(Verdict::new(worst == 0.0, &[("largest_dead_share", worst)]))
}

/// With the change, some layer has at least 10 % dead units (what this state avoids).
fn dead_with(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let other = s.changed(args[0])?;
    let worst = other.report.layers.iter().map(|l| l.activations.dead_fraction).fold(0.0, f64::max);
    Ok(Verdict::new(worst >= 0.1, &[("largest_dead_share_changed", worst)]))
}

/// In every layer at least `least` of the activations are negative (ELU's outputs below 0,
/// where ReLU has exact zeros): read off the histogram's bins that end at or below 0.
fn negative_share(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let share = |l: &crate::nn::LayerStats| {
        let h = &l.activations.histogram;
        let below: f64 =
            h.counts.iter().zip(&h.edges[1..]).filter(|(_, &hi)| hi <= 0.0).map(|(&c, _)| f64::from(c)).sum();
        below / h.counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0)
    };
    let lowest = s.report.layers.iter().map(share).fold(f64::INFINITY, f64::min);
    let least = number(args, 0)?;
    Ok(Verdict::new(lowest >= least, &[("lowest_negative_share", lowest), ("least", least)]))
}

/// Relative to their spread, the activations are nearer zero-mean than with the change: the
/// largest |mean|/std over the layers is smaller.
fn mean_closer_to_zero_than(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let other = s.changed(args[0])?;
    let offset = |st: &InitState| {
        st.report.layers.iter().map(|l| l.activations.mean.abs() / l.activations.std).fold(0.0, f64::max)
    };
    let (here, there) = (offset(s), offset(&other));
    Ok(Verdict::new(here < there, &[("largest_mean_over_std", here), ("largest_mean_over_std_changed", there)]))
}

/// Every layer's weight-gradient std is below `bound`.
fn grad_std_below(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let (_, hi) = min_max(&s.grad_stds());
    let bound = number(args, 0)?;
    Ok(Verdict::new(hi < bound, &[("largest_grad_std", hi), ("bound", bound)]))
}

/// Layer 1's weight-gradient std over the last layer's is at least `least`.
fn grad_ratio_above(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let g = s.grad_stds();
    let ratio = g[0] / g[g.len() - 1];
    let least = number(args, 0)?;
    Ok(Verdict::new(ratio >= least, &[("first_over_last_grad_std", ratio), ("least", least)]))
}

/// Layer 1's weight-gradient std over the last layer's is at most `most` (it vanished).
fn grad_ratio_below(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let g = s.grad_stds();
    let ratio = g[0] / g[g.len() - 1];
    let most = number(args, 0)?;
    Ok(Verdict::new(ratio <= most, &[("first_over_last_grad_std", ratio), ("most", most)]))
}

/// With the change, layer 1's gradient std falls below `most` of the last layer's.
fn vanishes_with(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let g = s.changed(args[0])?.grad_stds();
    let ratio = g[0] / g[g.len() - 1];
    let most = number(args, 1)?;
    Ok(Verdict::new(ratio <= most, &[("first_over_last_grad_std_changed", ratio), ("most", most)]))
}

/// With batch norm instead, at this batch size the normalized values collapse onto ±1 (the
/// statistics of so few examples say nothing): most of the last layer's activations
/// fall in its two fullest histogram bins (at least 80 %), where this state spreads them (under 30 %).
fn bn_degenerate_at(s: &InitState, args: &[&str]) -> Result<Verdict, String> {
    let batch = number(args, 0)?;
    let bn = s.changed(&format!("ln=0&bn=1&batch={batch}"))?;
    let top_two = |st: &InitState| {
        let mut counts: Vec<u32> = st.report.layers[st.report.layers.len() - 1].activations.histogram.counts.clone();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let total = counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        counts.iter().take(2).map(|&c| f64::from(c)).sum::<f64>() / total
    };
    let (here, there) = (top_two(s), top_two(&bn));
    Ok(Verdict::new(
        there >= 0.8 && here < 0.3,
        &[("top_two_bins_share", here), ("top_two_bins_share_batch_norm", there)],
    ))
}

/// The "not zero-centred" figure: with all-positive inputs every step moves both weights the
/// same way.
fn same_sign_steps(s: &InitState, _: &[&str]) -> Result<Verdict, String> {
    let p = zero_centered::page_paths(s.config.seed);
    let steps = |path: &[[f64; 2]]| path.windows(2).filter(|w| (w[1][0] - w[0][0]) * (w[1][1] - w[0][1]) < 0.0).count();
    let (positive, centred) = (steps(&p.positive_inputs), steps(&p.zero_centred_inputs));
    Ok(Verdict::new(
        positive == 0 && centred > 0,
        &[("mixed_steps_positive", positive as f64), ("mixed_steps_centred", centred as f64)],
    ))
}

/// The zero-centred path gets within 0.1 of the target in fewer steps.
fn zero_centred_sooner(s: &InitState, _: &[&str]) -> Result<Verdict, String> {
    let p = zero_centered::page_paths(s.config.seed);
    let near = |path: &[[f64; 2]]| {
        let t = zero_centered::TARGET;
        path.iter().position(|w| (w[0] - t[0]).hypot(w[1] - t[1]) < 0.1).map_or(f64::INFINITY, |i| i as f64)
    };
    let (positive, centred) = (near(&p.positive_inputs), near(&p.zero_centred_inputs));
    Ok(Verdict::new(centred < positive, &[("steps_positive", positive), ("steps_centred", centred)]))
}
