//! The regularization scene's claims, on the link's comparison run to the end: every method
//! trained on every replicate (seed), scored on a held-out validation set. A comparison holds
//! only when the paired difference over the replicates clears its 95 % interval.

use crate::claims::{Check, Outcome, Verdict};
use crate::scene::regularize::{pooling_regions, JobRun, MethodResult, RegularizeConfig, RegularizeRun};
use crate::spread::MeanInterval;
use std::sync::Arc;

/// A finished comparison, and its results as tested with the test-time corrections.
pub struct RegularizeState {
    pub run: RegularizeRun,
    corrected: Vec<Option<MethodResult>>,
}

/// The comparison of `link`, every training run here (the digits bundled natively).
pub fn state(link: &str) -> Result<RegularizeState, String> {
    let text = |e: crate::error::ConfigError| e.to_string();
    let config: RegularizeConfig = crate::fields::from_hash(link).map_err(text)?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = Some(Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits: Option<Arc<crate::data::Digits>> = None;
    let mut run = RegularizeRun::new(config.clone(), digits.clone()).map_err(text)?;
    for job in 0..run.job_count() {
        let mut training = JobRun::new(&config, job, digits.clone()).map_err(text)?;
        training.advance(usize::MAX);
        run.accept(job, training.finish());
    }
    let shown = run.config().uncorrected;
    run.set_uncorrected(false);
    let corrected = run.results().to_vec();
    run.set_uncorrected(shown);
    Ok(RegularizeState { run, corrected })
}

/// Evaluate `claims` on the comparison `link` gives, run to the end.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &state(link)?, &CHECKS, claims)
}

/// The regularization scene's checks.
pub const CHECKS: [Check<RegularizeState>; 8] = [
    Check { name: "beats", arity: 2, run: beats },
    Check { name: "no_clear_difference", arity: 2, run: no_clear_difference },
    Check { name: "gap_smaller", arity: 2, run: gap_smaller },
    Check { name: "overfits", arity: 1, run: overfits },
    Check { name: "ensemble_beats_members", arity: 1, run: ensemble_beats_members },
    Check { name: "uncorrected_worse", arity: 1, run: uncorrected_worse },
    Check { name: "early_best_before_end", arity: 0, run: early_best_before_end },
    Check { name: "pooling_regions_vary", arity: 0, run: pooling_regions_vary },
];

fn index(s: &RegularizeState, method: &str) -> Result<usize, String> {
    s.run.config().methods.iter().position(|m| m == method).ok_or_else(|| format!("the link does not show {method}"))
}

fn result<'a>(s: &'a RegularizeState, method: &str) -> Result<&'a MethodResult, String> {
    s.run.results()[index(s, method)?].as_ref().ok_or_else(|| format!("{method} has no result"))
}

fn interval_numbers(d: &MeanInterval) -> [(&'static str, f64); 3] {
    [("mean_difference", d.mean), ("interval", d.half_width), ("seeds", d.runs as f64)]
}

/// `a`'s validation accuracy is above `b`'s by more than the 95 % interval over the seeds.
fn beats(run: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (result(run, args[0])?, result(run, args[1])?);
    let d = MeanInterval::of_differences(&a.val_by_seed, &b.val_by_seed);
    let mut numbers = vec![("val_acc_a", a.val_mean.mean), ("val_acc_b", b.val_mean.mean)];
    numbers.extend(interval_numbers(&d));
    Ok(Verdict::new(d.clearly_positive(), &numbers))
}

/// The 95 % interval of the paired validation difference over the seeds includes 0.
fn no_clear_difference(run: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (result(run, args[0])?, result(run, args[1])?);
    let d = MeanInterval::of_differences(&a.val_by_seed, &b.val_by_seed);
    let holds = d.runs > 1 && !d.clearly_positive() && !d.clearly_negative();
    Ok(Verdict::new(holds, &interval_numbers(&d)))
}

/// `a`'s train − validation accuracy gap is smaller than `b`'s by more than the 95 % interval.
fn gap_smaller(run: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let gaps = |r: &MethodResult| r.train_by_seed.iter().zip(&r.val_by_seed).map(|(t, v)| t - v).collect::<Vec<_>>();
    let (a, b) = (result(run, args[0])?, result(run, args[1])?);
    let d = MeanInterval::of_differences(&gaps(b), &gaps(a));
    Ok(Verdict::new(d.clearly_positive(), &interval_numbers(&d)))
}

/// The unregularized net fits its training points far better than the validation set: a
/// train − validation accuracy gap of at least 10 points in the first replicate.
fn overfits(run: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let r = result(run, args[0])?;
    let gap = r.train.val_acc - r.val.val_acc;
    Ok(Verdict::new(gap >= 0.1, &[("train_acc", r.train.val_acc), ("val_acc", r.val.val_acc), ("gap", gap)]))
}

/// The ensemble's averaged prediction beats its mean member by more than the interval.
fn ensemble_beats_members(run: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let gain = result(run, args[0])?.gain_over_members.ok_or_else(|| format!("{} is not an ensemble", args[0]))?;
    Ok(Verdict::new(gain.clearly_positive(), &interval_numbers(&gain)))
}

/// Tested without its test-time correction, the method scores lower on validation.
fn uncorrected_worse(s: &RegularizeState, args: &[&str]) -> Result<Verdict, String> {
    let raw = result(s, args[0])?;
    let fixed = s.corrected[index(s, args[0])?].as_ref().ok_or_else(|| format!("{} has no result", args[0]))?;
    let (a, b) = (raw.val_mean.mean, fixed.val_mean.mean);
    Ok(Verdict::new(raw.uncorrected && a < b, &[("val_acc_uncorrected", a), ("val_acc_corrected", b)]))
}

/// Early stopping's best epoch comes before the last one.
fn early_best_before_end(run: &RegularizeState, _: &[&str]) -> Result<Verdict, String> {
    let r = result(run, "early")?;
    let best = r.best_epoch.map_or(f64::INFINITY, |e| e as f64);
    let last = r.history.len() as f64;
    Ok(Verdict::new(best < last, &[("best_epoch", best), ("epochs", last)]))
}

/// Every pass of fractional pooling draws new regions (two passes differ), the plain 2×2 ones
/// do not.
fn pooling_regions_vary(_: &RegularizeState, _: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (pooling_regions(0), pooling_regions(1));
    let holds = a[0] == b[0] && (a[2] != b[2] || a[3] != b[3]);
    Ok(Verdict::new(holds, &[]))
}
