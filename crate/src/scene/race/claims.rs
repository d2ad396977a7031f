//! The optimizer race's claims, checked on the race run to its last step. A run is named by its
//! optimizer (`momentum`), or on a data-fit surface by optimizer and minibatch size
//! (`sgd/200`). "Reaching" means the loss gap to the surface's lowest minimum falls to 1e-3 of
//! the gap at the start (the curves' usual "converged" on a log chart).

use crate::claims::{number, Check, Outcome, Verdict};
pub use crate::scene::race::verdict::REACHED;
use crate::scene::race::verdict::{crossings, gaps, reached_at, steep_axis};
use crate::scene::race::{Race, Run};

/// Evaluate `claims` on the race `link` gives, run to its last step.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    let config = crate::scene::race::RaceConfig::from_hash(link).map_err(|e| e.to_string())?;
    let mut race = Race::new(config).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &race, &CHECKS, claims)
}

/// The race's checks.
pub const CHECKS: [Check<Race>; 16] = [
    Check { name: "faster", arity: 2, run: faster },
    Check { name: "faster_per_example", arity: 2, run: faster_per_example },
    Check { name: "reaches_within", arity: 2, run: reaches_within },
    Check { name: "never_reaches", arity: 1, run: never_reaches },
    Check { name: "fewer_crossings", arity: 2, run: fewer_crossings },
    Check { name: "zigzags", arity: 2, run: zigzags },
    Check { name: "lower", arity: 2, run: lower },
    Check { name: "diverges", arity: 1, run: diverges },
    Check { name: "stable", arity: 1, run: stable },
    Check { name: "ends_in_global", arity: 1, run: ends_in_global },
    Check { name: "ends_in_local", arity: 1, run: ends_in_local },
    Check { name: "escapes_saddle", arity: 1, run: escapes_saddle },
    Check { name: "stuck_at_saddle", arity: 1, run: stuck_at_saddle },
    Check { name: "closer_on_average", arity: 2, run: closer_on_average },
    Check { name: "rate_falls", arity: 2, run: rate_falls },
    Check { name: "first_step_ratio", arity: 2, run: first_step_ratio },
];

/// The run named `arg`.
fn run<'a>(race: &'a Race, arg: &str) -> Result<&'a Run, String> {
    let (name, batch) = arg.split_once('/').unwrap_or((arg, ""));
    let batch: Option<usize> = if batch.is_empty() {
        None
    } else {
        Some(batch.parse().map_err(|_| format!("{arg}: the batch after '/' must be a whole number"))?)
    };
    race.runs()
        .iter()
        .find(|r| r.optimizer.name() == name && (batch.is_none() || r.batch == batch))
        .ok_or_else(|| format!("the race has no run {arg:?}"))
}

/// Steps (or what `measure` counts) to reach; ∞ when never.
fn cost(race: &Race, r: &Run, measure: fn(&Run, usize) -> f64) -> f64 {
    reached_at(race, r).map_or(f64::INFINITY, |i| measure(r, i))
}

fn by_steps(_: &Run, i: usize) -> f64 {
    i as f64
}

fn by_examples(r: &Run, i: usize) -> f64 {
    r.examples[i] as f64
}

fn faster(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (cost(race, run(race, args[0])?, by_steps), cost(race, run(race, args[1])?, by_steps));
    Ok(Verdict::new(a < b, &[("steps_a", a), ("steps_b", b)]))
}

fn faster_per_example(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (cost(race, run(race, args[0])?, by_examples), cost(race, run(race, args[1])?, by_examples));
    Ok(Verdict::new(a < b, &[("examples_a", a), ("examples_b", b)]))
}

fn reaches_within(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let steps = cost(race, run(race, args[0])?, by_steps);
    let limit = number(args, 1)?;
    Ok(Verdict::new(steps <= limit, &[("steps", steps), ("limit", limit)]))
}

fn never_reaches(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let g = gaps(race, r);
    let left = g.last().copied().unwrap_or(f64::NAN) / g[0];
    Ok(Verdict::new(reached_at(race, r).is_none(), &[("gap_left", left), ("steps", race.config().steps as f64)]))
}

fn fewer_crossings(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (crossings(race, &run(race, args[0])?.path), crossings(race, &run(race, args[1])?.path));
    Ok(Verdict::new(a < b, &[("crossings_a", a as f64), ("crossings_b", b as f64)]))
}

fn zigzags(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let n = crossings(race, &run(race, args[0])?.path) as f64;
    let least = number(args, 1)?;
    Ok(Verdict::new(n >= least, &[("crossings", n), ("least", least)]))
}

fn lower(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let last = |arg: &str| -> Result<f64, String> {
        let r = run(race, arg)?;
        Ok(if r.diverged_at.is_some() { f64::INFINITY } else { *gaps(race, r).last().unwrap_or(&f64::NAN) })
    };
    let (a, b) = (last(args[0])?, last(args[1])?);
    Ok(Verdict::new(a < b, &[("final_gap_a", a), ("final_gap_b", b)]))
}

fn diverges(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let at = run(race, args[0])?.diverged_at;
    Ok(Verdict::new(at.is_some(), &[("diverged_at", at.map_or(f64::INFINITY, |s| s as f64))]))
}

fn stable(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let g = gaps(race, r);
    let ratio = g.last().copied().unwrap_or(f64::NAN) / g[0];
    Ok(Verdict::new(r.diverged_at.is_none() && ratio < 1.0, &[("final_over_start_gap", ratio)]))
}

/// The minimum nearest the run's end, and whether it is the lowest one.
fn nearest_minimum(race: &Race, r: &Run) -> (f64, bool) {
    let s = race.surface();
    let end = *r.path.last().unwrap_or(&[f64::NAN; 2]);
    let minima = s.minima();
    let dist = |m: &[f64; 2]| ((end[0] - m[0]).powi(2) + (end[1] - m[1]).powi(2)).sqrt();
    let nearest = minima.iter().min_by(|a, b| dist(a).total_cmp(&dist(b)));
    let lowest = minima.iter().min_by(|a, b| s.value(**a).total_cmp(&s.value(**b)));
    match (nearest, lowest) {
        (Some(n), Some(l)) => (dist(n), n == l),
        _ => (f64::INFINITY, false),
    }
}

fn ends_in_global(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let (dist, global) = nearest_minimum(race, run(race, args[0])?);
    Ok(Verdict::new(global && dist < 0.25, &[("distance_to_minimum", dist), ("lowest", f64::from(u8::from(global)))]))
}

fn ends_in_local(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let (dist, global) = nearest_minimum(race, run(race, args[0])?);
    Ok(Verdict::new(!global && dist < 0.25, &[("distance_to_minimum", dist), ("lowest", f64::from(u8::from(global)))]))
}

/// Left the flat neighbourhood of a critical point: ended at least 1 away from where the
/// gradient vanishes nearest the start's path (the saddle at the origin of the saddle surface).
fn escapes_saddle(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let nearest_to_saddle = r.path.iter().map(|p| p[0].hypot(p[1])).fold(f64::INFINITY, f64::min);
    let end = r.path.last().map_or(f64::NAN, |p| p[0].hypot(p[1]));
    let holds = r.diverged_at.is_none() && end > 1.0 && nearest_to_saddle < 0.5;
    Ok(Verdict::new(holds, &[("closest_to_saddle", nearest_to_saddle), ("end_distance", end)]))
}

/// Still within 0.5 of the saddle at the origin after the last step (or converged onto it).
fn stuck_at_saddle(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let end = r.path.last().map_or(f64::NAN, |p| p[0].hypot(p[1]));
    Ok(Verdict::new(r.diverged_at.is_none() && end < 0.5, &[("end_distance", end)]))
}

/// Mean loss gap over the second half of the steps: lower for `a` than for `b` (noise
/// averaged away rather than bounced around on).
fn closer_on_average(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let mean_late = |arg: &str| -> Result<f64, String> {
        let r = run(race, arg)?;
        let g = gaps(race, r);
        let late = &g[g.len() / 2..];
        Ok(if r.diverged_at.is_some() { f64::INFINITY } else { late.iter().sum::<f64>() / late.len() as f64 })
    };
    let (a, b) = (mean_late(args[0])?, mean_late(args[1])?);
    Ok(Verdict::new(a < b, &[("mean_late_gap_a", a), ("mean_late_gap_b", b)]))
}

/// The rate a run effectively applies along coordinate `i` at step `t`: |Δp| / |g|.
fn effective_rate(race: &Race, r: &Run, t: usize, i: usize) -> Option<f64> {
    let g = race.surface().grad(r.path[t])[i];
    let d = r.path.get(t + 1)?[i] - r.path[t][i];
    (g.abs() > 1e-12).then(|| d.abs() / g.abs())
}

/// The effective rate along the flat direction falls below `factor` of its first value by
/// the last step (AdaGrad's ever-growing denominator).
fn rate_falls(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let factor = number(args, 1)?;
    let (_, axis) = steep_axis(race);
    let flat = if axis[0].abs() > axis[1].abs() { 1 } else { 0 };
    let last = r.path.len().saturating_sub(2);
    let first = effective_rate(race, r, 0, flat).unwrap_or(f64::NAN);
    let end = effective_rate(race, r, last, flat).unwrap_or(f64::NAN);
    Ok(Verdict::new(end <= factor * first, &[("first_rate", first), ("last_rate", end), ("factor", factor)]))
}

/// The first step's size per coordinate over the learning rate is at least `ratio` (Adam
/// without bias correction: 0.1/√0.001 ≈ 3.16; with it, 1).
fn first_step_ratio(race: &Race, args: &[&str]) -> Result<Verdict, String> {
    let r = run(race, args[0])?;
    let least = number(args, 1)?;
    let step = match r.path.get(1) {
        Some(p1) => (p1[0] - r.path[0][0]).abs().max((p1[1] - r.path[0][1]).abs()),
        None => f64::NAN,
    };
    let ratio = step / r.lr;
    Ok(Verdict::new(ratio >= least, &[("first_step_over_lr", ratio), ("least", least)]))
}
