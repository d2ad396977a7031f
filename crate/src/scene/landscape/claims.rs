//! The landscape scene's claims, on the link's networks trained for its epochs: Santurkar et
//! al.'s smoothness measured at the start and after every epoch along training.

use crate::claims::{Check, Outcome, Verdict};
use crate::scene::landscape::{median_drift, LandscapeConfig, NetOutput, NetRun};

/// Every network of `link` trained (the slices are not needed for these claims).
pub struct LandscapeState {
    pub nets: Vec<(String, NetOutput)>,
}

/// The networks of `link`, trained here (the digits from the bundled copy natively).
pub fn state(link: &str) -> Result<LandscapeState, String> {
    let config: LandscapeConfig = crate::fields::from_hash(link).map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = (config.dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    let mut nets = Vec::new();
    for (i, name) in config.nets.iter().enumerate() {
        let mut run = NetRun::new(&config, i, digits.clone()).map_err(|e| e.to_string())?;
        while !run.advance(usize::MAX) {}
        nets.push((name.clone(), run.finish().map_err(|e| e.to_string())?));
    }
    Ok(LandscapeState { nets })
}

/// Evaluate `claims` on the networks `link` gives, trained.
pub fn evaluate(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String> {
    crate::claims::evaluate(<super::Entry as crate::scene::Scene>::ID, &state(link)?, &CHECKS, claims)
}

/// The landscape scene's checks.
pub const CHECKS: [Check<LandscapeState>; 2] =
    [Check { name: "smoother", arity: 2, run: smoother }, Check { name: "drifts_less", arity: 2, run: drifts_less }];

fn output<'a>(s: &'a LandscapeState, net: &str) -> Result<&'a NetOutput, String> {
    s.nets.iter().find(|(n, _)| n == net).map(|(_, o)| o).ok_or_else(|| format!("the link shows no {net} network"))
}

/// The followed layer's median input moves less over training in `a` than in `b` (the batch-norm
/// paper's Figure 1: normalized inputs keep their distribution).
fn drifts_less(s: &LandscapeState, args: &[&str]) -> Result<Verdict, String> {
    let (a, b) = (median_drift(&output(s, args[0])?.percentiles), median_drift(&output(s, args[1])?.percentiles));
    Ok(Verdict::new(a < b, &[("median_drift_a", a), ("median_drift_b", b)]))
}

/// (largest loss range, largest gradient change) met along `net`'s training.
fn roughness(s: &LandscapeState, net: &str) -> Result<(f64, f64), String> {
    Ok(output(s, net)?.smoothness.iter().fold((0.0f64, 0.0f64), |(range, grad), m| {
        (range.max(m.value.loss_max - m.value.loss_min), grad.max(m.value.grad_change))
    }))
}

/// Along training, `a` met both a smaller loss range and a smaller gradient change than `b`.
fn smoother(s: &LandscapeState, args: &[&str]) -> Result<Verdict, String> {
    let ((ra, ga), (rb, gb)) = (roughness(s, args[0])?, roughness(s, args[1])?);
    Ok(Verdict::new(
        ra < rb && ga < gb,
        &[("loss_range_a", ra), ("loss_range_b", rb), ("grad_change_a", ga), ("grad_change_b", gb)],
    ))
}
