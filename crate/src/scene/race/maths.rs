//! The maths panel's numbers: one optimizer's last update at the race's shown step, replayed
//! with the race's own step loop — the gradient it used, the state it keeps (velocity, moments),
//! Adam's bias-corrected moments, and the step taken — so every number on the panel is the one
//! its path used.

use crate::scene::race::run::run_observed;
use crate::scene::race::Race;
use serde::Serialize;

/// One update, in the optimizer's own terms (PyTorch's form; the page also writes the lecture's).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepMaths {
    /// Optimizer name (`adam`).
    pub optimizer: String,
    /// Which update (1 = the first).
    pub step: usize,
    /// Its learning rate (after the schedule).
    pub lr: f64,
    /// Where it started, the gradient there (noise included), where it landed, and the step.
    pub from: [f64; 2],
    pub grad: [f64; 2],
    pub to: [f64; 2],
    pub step_taken: [f64; 2],
    /// Momentum's buffer (PyTorch's `momentum_buffer`, in gradient units), if kept.
    pub velocity: Option<[f64; 2]>,
    /// First and second moments (Adam's m and v; RMSProp's and AdaGrad's v), if kept.
    pub first_moment: Option<[f64; 2]>,
    pub second_moment: Option<[f64; 2]>,
    /// Adam's m̂ = m/(1 − β1ᵗ) and v̂ = v/(1 − β2ᵗ) (m and v themselves without correction).
    pub first_hat: Option<[f64; 2]>,
    pub second_hat: Option<[f64; 2]>,
    /// The hyperparameters the formulas name.
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub bias_correction: bool,
}

fn pair(v: &[f64]) -> Option<[f64; 2]> {
    (v.len() == 2).then(|| [v[0], v[1]])
}

/// Run `index`'s update that landed on the shown point; `None` at the start (no update yet).
pub fn step_maths(race: &Race, index: usize) -> Option<StepMaths> {
    let run = race.runs().get(index)?;
    let t = run.index_at(race.shown()).checked_sub(1)?;
    let plan = race.config().plan().ok()?;
    let hyper = plan.optimizers.iter().find(|(kind, _)| *kind == run.optimizer)?.1.clone();
    let mut out = None;
    run_observed(race.surface(), (run.optimizer, &hyper, run.batch), &plan.schedule, race.config(), |o| {
        if o.t != t {
            return;
        }
        let (m, v) = (pair(o.state.first_moment), pair(o.state.second_moment));
        let n = o.state.step_count as i32;
        let adam_like = m.is_some() && v.is_some();
        let corrected = |x: [f64; 2], beta: f64| {
            let c = if hyper.bias_correction { 1.0 - beta.powi(n) } else { 1.0 };
            [x[0] / c, x[1] / c]
        };
        out = Some(StepMaths {
            optimizer: run.optimizer.name().to_string(),
            step: t + 1,
            lr: o.lr,
            from: o.from,
            grad: o.grad,
            to: o.to,
            step_taken: [o.to[0] - o.from[0], o.to[1] - o.from[1]],
            velocity: pair(o.state.velocity),
            first_moment: m,
            second_moment: v,
            first_hat: m.filter(|_| adam_like).map(|m| corrected(m, hyper.beta1)),
            second_hat: v.filter(|_| adam_like).map(|v| corrected(v, hyper.beta2)),
            momentum: hyper.momentum,
            beta1: hyper.beta1,
            beta2: hyper.beta2,
            eps: hyper.eps.unwrap_or(run.optimizer.default_eps()),
            bias_correction: hyper.bias_correction,
        });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::race::RaceConfig;

    fn race_at(link: &str, shown: usize) -> Race {
        let mut race = Race::new(RaceConfig::from_hash(link).unwrap()).unwrap();
        race.seek(shown);
        race
    }

    #[test]
    fn the_panels_numbers_are_the_paths_and_follow_the_update_rules() {
        let race = race_at("surf=quadratic&kappa=20&opt=sgd,momentum,adam&lr=0.02&lro=adam:0.1&steps=50", 7);
        for (i, run) in race.runs().iter().enumerate() {
            let m = step_maths(&race, i).unwrap();
            assert_eq!((m.step, m.from, m.to), (7, run.path[6], run.path[7]), "{}", m.optimizer);
            assert_eq!(m.grad, race.surface().grad(m.from), "no noise: the surface's gradient");
            match m.optimizer.as_str() {
                // SGD: Δ = −lr·g.
                "sgd" => (0..2).for_each(|d| assert!((m.step_taken[d] + m.lr * m.grad[d]).abs() < 1e-15)),
                // PyTorch momentum: b = μ·b₋ + g, Δ = −lr·b.
                "momentum" => {
                    let b = m.velocity.unwrap();
                    (0..2).for_each(|d| assert!((m.step_taken[d] + m.lr * b[d]).abs() < 1e-15));
                }
                // Adam: Δ = −lr·m̂/(√v̂ + ε).
                _ => {
                    let (mh, vh) = (m.first_hat.unwrap(), m.second_hat.unwrap());
                    let mm = m.first_moment.unwrap();
                    assert!((mh[0] - mm[0] / (1.0 - 0.9f64.powi(7))).abs() < 1e-15);
                    (0..2).for_each(|d| {
                        let want = -m.lr * mh[d] / (vh[d].sqrt() + m.eps);
                        assert!((m.step_taken[d] - want).abs() < 1e-12, "{} vs {want}", m.step_taken[d]);
                    });
                }
            }
        }
        assert_eq!(step_maths(&race_at("opt=sgd", 0), 0), None, "no update before the first step");
    }
}
