//! The preprocessing scene's claims, on the link's data through the pipeline. Stages are named
//! by position as the stage slider counts them (0 raw, 1 zero-centred, 2 normalized, 3 PCA,
//! 4 whitened; the digits skip normalizing). For 2D data each stage also has its linear
//! regression: κ of its Hessian and the steps gradient descent needs.

use crate::claims::{number, Check, Outcome, Verdict};
use crate::preprocess::Stage;
use crate::scene::preprocess::PreprocessConfig;
use crate::scene::Preprocessing;

/// The pipeline of `link` (the digits from the bundled copy natively).
pub fn state(link: &str) -> Result<Preprocessing, String> {
    let config: PreprocessConfig = crate::fields::from_hash(link).map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = Some(crate::data::Digits::bundled());
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    Preprocessing::new(config, digits.as_ref()).map_err(|e| e.to_string())
}

/// Evaluate `claims` on the pipeline `link` gives.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &state(link)?, &CHECKS, claims)
}

/// The preprocessing scene's checks.
pub const CHECKS: [Check<Preprocessing>; 8] = [
    Check { name: "kappa_falls", arity: 3, run: kappa_falls },
    Check { name: "kappa_at_least", arity: 2, run: kappa_at_least },
    Check { name: "gd_sooner", arity: 2, run: gd_sooner },
    Check { name: "gd_within", arity: 2, run: gd_within },
    Check { name: "unit_std", arity: 1, run: unit_std },
    Check { name: "diagonal", arity: 1, run: diagonal },
    Check { name: "identity_covariance", arity: 1, run: identity_covariance },
    Check { name: "zero_mean", arity: 1, run: zero_mean },
];

fn index(p: &Preprocessing, args: &[&str], i: usize) -> Result<usize, String> {
    let n = number(args, i)?;
    let count = p.pipeline().stages.len();
    (n >= 0.0 && n < count as f64 && n.fract() == 0.0)
        .then_some(n as usize)
        .ok_or_else(|| format!("stage {n} is not one of 0…{}", count - 1))
}

fn stage<'a>(p: &'a Preprocessing, args: &[&str], i: usize) -> Result<&'a Stage, String> {
    Ok(&p.pipeline().stages[index(p, args, i)?])
}

fn kappa(p: &Preprocessing, i: usize) -> f64 {
    p.pipeline().stages[i].condition_number.unwrap_or(f64::INFINITY)
}

fn gd_steps(p: &Preprocessing, i: usize) -> f64 {
    p.fits().get(i).and_then(|f| f.steps_to_converge).map_or(f64::INFINITY, |s| s as f64)
}

/// κ of stage `b` is at most κ of stage `a` over `factor`.
fn kappa_falls(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (index(p, args, 0)?, index(p, args, 1)?);
    let factor = number(args, 2)?;
    let (ka, kb) = (kappa(p, a), kappa(p, b));
    Ok(Verdict::new(kb * factor <= ka, &[("kappa_before", ka), ("kappa_after", kb), ("factor", factor)]))
}

/// κ of the stage is still at least `k` (what the stage leaves for later stages to fix).
fn kappa_at_least(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let k = kappa(p, index(p, args, 0)?);
    let least = number(args, 1)?;
    Ok(Verdict::new(k >= least, &[("kappa", k), ("least", least)]))
}

/// Gradient descent converges in fewer steps on stage `b` than on stage `a`.
fn gd_sooner(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (gd_steps(p, index(p, args, 0)?), gd_steps(p, index(p, args, 1)?));
    Ok(Verdict::new(b < a, &[("steps_before", a), ("steps_after", b)]))
}

fn gd_within(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let steps = gd_steps(p, index(p, args, 0)?);
    let most = number(args, 1)?;
    Ok(Verdict::new(steps <= most, &[("steps", steps), ("most", most)]))
}

fn off_diagonal(s: &Stage) -> f64 {
    let c = &s.covariance;
    (0..c.len()).flat_map(|i| (0..c.len()).filter(move |&j| j != i).map(move |j| c[i][j].abs())).fold(0.0, f64::max)
}

fn diagonal_error(s: &Stage) -> f64 {
    (0..s.covariance.len()).map(|i| (s.covariance[i][i] - 1.0).abs()).fold(0.0, f64::max)
}

/// The whitened covariance's tolerance: whitening divides by √(λ + ε), so the variances are
/// λ/(λ + ε), not exactly 1.
const WHITE_TOL: f64 = 1e-3;

/// Every feature's std is 1 (the covariance's diagonal).
fn unit_std(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let err = diagonal_error(stage(p, args, 0)?);
    Ok(Verdict::new(err < 1e-9, &[("largest_variance_error", err)]))
}

/// The features are uncorrelated: every off-diagonal covariance is 0.
fn diagonal(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let off = off_diagonal(stage(p, args, 0)?);
    Ok(Verdict::new(off < 1e-9, &[("largest_covariance", off)]))
}

fn identity_covariance(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let s = stage(p, args, 0)?;
    let (off, diag) = (off_diagonal(s), diagonal_error(s));
    let kappa = s.condition_number.unwrap_or(f64::INFINITY);
    Ok(Verdict::new(
        off < WHITE_TOL && diag < WHITE_TOL,
        &[("largest_covariance", off), ("largest_variance_error", diag), ("kappa", kappa)],
    ))
}

/// Every feature's mean is 0 (the mean image subtracted).
fn zero_mean(p: &Preprocessing, args: &[&str]) -> Result<Verdict, String> {
    let worst = stage(p, args, 0)?.mean.iter().map(|m| m.abs()).fold(0.0, f64::max);
    Ok(Verdict::new(worst < 1e-9, &[("largest_abs_mean", worst)]))
}
