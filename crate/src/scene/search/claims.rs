//! The search scene's claims, on the link's search run to the end (every trial, the learning
//! rate sweep and its fixed-rate curves). Plans are the strategies shown: grid, random, or both.

use crate::claims::{Check, Outcome, Verdict};
use crate::scene::search::{SearchConfig, SearchRun};
use crate::search::Strategy;

/// The search of `link`, run here (the digits from the bundled copy natively).
pub fn state(link: &str) -> Result<SearchRun, String> {
    let config: SearchConfig = crate::fields::from_hash(link).map_err(|e| e.to_string())?;
    let mut run = SearchRun::new(config).map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = (run.base().dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    run.run_here(digits).map_err(|e| e.to_string())?;
    Ok(run)
}

/// Evaluate `claims` on the search `link` gives, run to the end.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &state(link)?, &CHECKS, claims)
}

/// The search scene's checks.
pub const CHECKS: [Check<SearchRun>; 5] = [
    Check { name: "best_band", arity: 2, run: best_band },
    Check { name: "some_explode", arity: 0, run: some_explode },
    Check { name: "best_inside", arity: 1, run: best_inside },
    Check { name: "more_distinct", arity: 1, run: more_distinct },
    Check { name: "sweep_falls_then_explodes", arity: 0, run: sweep_falls_then_explodes },
];

/// The values trial results took for parameter `name` in plan `p`.
fn values(run: &SearchRun, p: usize, name: &str) -> Vec<f64> {
    run.results(p).iter().filter_map(|(_, r)| r.params.iter().find(|(n, _)| n == name).map(|(_, v)| *v)).collect()
}

/// Some trials blow up (loss above 3× the initial, stopped at once) and some do not.
fn some_explode(run: &SearchRun, _: &[&str]) -> Result<Verdict, String> {
    let results = run.results(0);
    let exploded = results.iter().filter(|(_, r)| r.exploded).count();
    Ok(Verdict::new(
        exploded > 0 && exploded < results.len(),
        &[("exploded", exploded as f64), ("trials", results.len() as f64)],
    ))
}

/// The best quarter of the trials (by validation accuracy) lie within `share` of `param`'s range
/// (on its scale): the region worth a finer search.
fn best_band(run: &SearchRun, args: &[&str]) -> Result<Verdict, String> {
    let k =
        run.params().iter().position(|r| r.name == args[0]).ok_or_else(|| format!("{} is not searched", args[0]))?;
    let share = crate::claims::number(args, 1)?;
    let mut results: Vec<&crate::search::TrialResult> = run.results(0).into_iter().map(|(_, r)| r).collect();
    results.sort_by(|a, b| b.val_acc.unwrap_or(0.0).total_cmp(&a.val_acc.unwrap_or(0.0)));
    let top = &results[..results.len().div_ceil(4)];
    let at: Vec<f64> = top.iter().map(|r| run.params()[k].position(r.params[k].1)).collect();
    let span = at.iter().copied().fold(f64::NEG_INFINITY, f64::max) - at.iter().copied().fold(f64::INFINITY, f64::min);
    Ok(Verdict::new(
        span <= share,
        &[("span_of_best_quarter", span), ("share", share), ("best_trials", top.len() as f64)],
    ))
}

/// The best trial's value of `param` lies inside its range, not in its outer tenth on either side.
fn best_inside(run: &SearchRun, args: &[&str]) -> Result<Verdict, String> {
    let k =
        run.params().iter().position(|r| r.name == args[0]).ok_or_else(|| format!("{} is not searched", args[0]))?;
    let results = run.results(0);
    let best = run.best(0).and_then(|i| results.iter().find(|(j, _)| *j == i)).ok_or("no trial finished")?;
    let at = run.params()[k].position(best.1.params[k].1);
    Ok(Verdict::new((0.1..=0.9).contains(&at), &[("best_position", at)]))
}

/// The random plan tries more distinct values of `param` than the grid on the same budget.
fn more_distinct(run: &SearchRun, args: &[&str]) -> Result<Verdict, String> {
    let plan = |s: Strategy| run.plans().iter().position(|p| p.strategy == s).ok_or("the link shows one strategy only");
    let distinct = |p: usize| {
        let mut v = values(run, p, args[0]);
        v.sort_by(f64::total_cmp);
        v.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs().max(1e-300));
        v.len() as f64
    };
    let (grid, random) = (distinct(plan(Strategy::Grid)?), distinct(plan(Strategy::Random)?));
    Ok(Verdict::new(random > grid, &[("distinct_grid", grid), ("distinct_random", random)]))
}

/// The sweep's smoothed loss falls clearly below its start (by a quarter), then blows up (above
/// its start), and the suggested range ends below the rate of the lowest loss.
fn sweep_falls_then_explodes(run: &SearchRun, _: &[&str]) -> Result<Verdict, String> {
    let sweep = run.sweep().ok_or("no sweep")?;
    let start = sweep.smoothed.first().copied().unwrap_or(f64::NAN);
    let (at_min, min) =
        sweep.smoothed.iter().copied().enumerate().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap_or((0, f64::NAN));
    let end = sweep.loss.last().copied().unwrap_or(f64::NAN);
    let exploded = !end.is_finite() || end > start;
    let holds = min < 0.75 * start && exploded && sweep.suggested[1] < sweep.lr[at_min];
    Ok(Verdict::new(
        holds,
        &[("start_loss", start), ("lowest_loss", min), ("last_loss", end), ("suggested_hi", sweep.suggested[1])],
    ))
}
