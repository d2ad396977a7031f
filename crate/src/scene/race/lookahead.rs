//! Nesterov's look-ahead picture (lecture 7): at a momentum run's current point x, the velocity
//! step Δ = μ·(xₖ − xₖ₋₁) that momentum carries, the gradient step −lr·∇f at x, and where each
//! method goes — momentum adds the gradient taken at x, Nesterov the gradient taken at the
//! look-ahead point x + Δ. Drawn in the classic (Sutskever et al. 2013) form; the race's own
//! Nesterov run follows PyTorch's equivalent reparametrization, so its path points differ.

use crate::optim::OptimizerKind;
use crate::scene::race::{Race, Run};
use serde::Serialize;

/// The arrows at one run's current point (all in surface coordinates).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LookAhead {
    pub point: [f64; 2],
    /// Δ: the momentum carried from the last step.
    pub velocity: [f64; 2],
    /// −lr·∇f(x).
    pub gradient: [f64; 2],
    /// x + Δ and −lr·∇f(x + Δ).
    pub look_point: [f64; 2],
    pub look_gradient: [f64; 2],
    /// Δ − lr·∇f(x): the momentum step.
    pub momentum_step: [f64; 2],
    /// Δ − lr·∇f(x + Δ): the Nesterov step.
    pub nesterov_step: [f64; 2],
}

fn add(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] + b[0], a[1] + b[1]]
}

/// The picture at `run`'s shown point, for SGD+Momentum and Nesterov runs that have taken a
/// step and not diverged; `None` otherwise.
pub fn look_ahead(race: &Race, run: &Run) -> Option<LookAhead> {
    if !matches!(run.optimizer, OptimizerKind::Momentum | OptimizerKind::Nesterov) {
        return None;
    }
    let k = run.index_at(race.shown());
    if k == 0 || run.diverged_at.is_some_and(|d| d <= race.shown()) {
        return None;
    }
    let (x, prev) = (run.path[k], run.path[k - 1]);
    let mu = race.config().hyper.momentum;
    let lr = race.config().lr_for(run.optimizer);
    let step_of = |p: [f64; 2]| {
        let g = race.surface().grad(p);
        [-lr * g[0], -lr * g[1]]
    };
    let velocity = [mu * (x[0] - prev[0]), mu * (x[1] - prev[1])];
    let (gradient, look_point) = (step_of(x), add(x, velocity));
    let look_gradient = step_of(look_point);
    let finite = [velocity, gradient, look_gradient].iter().flatten().all(|v| v.is_finite());
    finite.then(|| LookAhead {
        point: x,
        velocity,
        gradient,
        look_point,
        look_gradient,
        momentum_step: add(velocity, gradient),
        nesterov_step: add(velocity, look_gradient),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::race::RaceConfig;

    #[test]
    fn momentums_step_is_the_next_point_of_its_path_and_nesterov_looks_ahead() {
        let mut race =
            Race::new(RaceConfig::from_hash("surf=quadratic&kappa=20&opt=momentum,nesterov,sgd&lr=0.02").unwrap())
                .unwrap();
        race.seek(5);
        let runs = race.runs();
        let momentum = look_ahead(&race, &runs[0]).unwrap();
        let k = runs[0].index_at(race.shown());
        let next = runs[0].path[k + 1];
        // PyTorch's momentum: x' − x = μ(x − x₋) − lr·∇f(x) at a constant rate without noise.
        let landed = add(momentum.point, momentum.momentum_step);
        assert!(landed.iter().zip(next).all(|(a, b)| (a - b).abs() < 1e-12), "{landed:?} vs {next:?}");
        let nesterov = look_ahead(&race, &runs[1]).unwrap();
        let g = race.surface().grad(nesterov.look_point);
        let lr = race.config().lr_for(OptimizerKind::Nesterov);
        assert_eq!(nesterov.look_point, add(nesterov.point, nesterov.velocity));
        assert_eq!(nesterov.look_gradient, [-lr * g[0], -lr * g[1]]);
        assert_eq!(look_ahead(&race, &runs[2]), None, "plain SGD carries no velocity");
        race.seek(0);
        assert_eq!(look_ahead(&race, &race.runs()[0]), None, "no step taken yet");
    }
}
