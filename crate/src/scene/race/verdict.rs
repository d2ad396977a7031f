//! What each optimizer of the race is doing at the step shown, in words the class can check on
//! the picture: converged, oscillating across the valley, diverged (and, for plain SGD, why:
//! lr·λmax > 2), stalled, or still descending. The lecture's claims measure with the same
//! pieces (reached, crossings), so the page's words and the checked claims agree.

use crate::optim::OptimizerKind;
use crate::scene::race::{Race, Run};
use serde::Serialize;

/// "Reached": within this fraction of the start's loss gap to the surface's lowest minimum.
pub const REACHED: f64 = 1e-3;
/// Crossings of the valley floor, up to the step shown, from which a run is "oscillating".
const OSCILLATING: usize = 4;
/// A run whose gap shrank by less than this share over the last fifth of its steps, while still
/// above a tenth of the start's, has "stalled".
const STALLED: f64 = 0.1;

/// One run's state at the step shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RunVerdict {
    /// Within [`REACHED`] of the start's gap at `step`.
    Converged { step: usize },
    /// Left the bounded region at `step`; `lr_lambda` = lr·λmax at the start for plain SGD when
    /// it exceeds 2 (gradient descent's stability limit on a quadratic).
    Diverged {
        step: usize,
        #[serde(rename = "lrLambda")]
        lr_lambda: Option<f64>,
    },
    /// Crossed the valley floor `crossings` times so far without converging.
    Oscillating { crossings: usize },
    /// The loss barely moves any more, far from the minimum (a saddle, a decayed rate).
    Stalled,
    /// Still going down.
    Descending,
}

/// The lowest loss the surface has (its lowest minimum), if it has one.
pub fn floor(race: &Race) -> Option<f64> {
    let s = race.surface();
    s.minima().into_iter().map(|m| s.value(m)).min_by(f64::total_cmp)
}

/// Loss gaps to the floor along the run (the losses themselves on a surface without minima).
pub fn gaps(race: &Race, r: &Run) -> Vec<f64> {
    let f = floor(race).unwrap_or(0.0);
    r.losses.iter().map(|l| (l - f).max(0.0)).collect()
}

/// The first position index whose gap is at most [`REACHED`] of the start's.
pub fn reached_at(race: &Race, r: &Run) -> Option<usize> {
    let g = gaps(race, r);
    let target = g[0] * REACHED;
    g.iter().position(|&v| v <= target)
}

/// The steep direction at the (lowest) minimum, or at the start without one: the Hessian's
/// eigenvector of largest eigenvalue.
pub fn steep_axis(race: &Race) -> ([f64; 2], [f64; 2]) {
    let s = race.surface();
    let centre = s.minima().into_iter().min_by(|a, b| s.value(*a).total_cmp(&s.value(*b))).unwrap_or([0.0, 0.0]);
    let eig = s.hessian(centre).symmetric_eigen();
    let i = if eig.eigenvalues[0] >= eig.eigenvalues[1] { 0 } else { 1 };
    let v = eig.eigenvectors.column(i);
    (centre, [v[0], v[1]])
}

/// How often the path crosses the valley floor: sign changes of its offset from the minimum
/// along the steep direction, counting a crossing only when both sides are at least 1 % of the
/// view's smaller side away (smaller swings are not seen on the plot).
pub fn crossings(race: &Race, path: &[[f64; 2]]) -> usize {
    let (centre, axis) = steep_axis(race);
    let view = race.surface().view_box();
    let seen = 0.01 * (view.x_max - view.x_min).min(view.y_max - view.y_min);
    let side = |p: &[f64; 2]| (p[0] - centre[0]) * axis[0] + (p[1] - centre[1]) * axis[1];
    let sides: Vec<f64> = path.iter().map(side).collect();
    sides.windows(2).filter(|w| w[0].signum() != w[1].signum() && w[0].abs().min(w[1].abs()) >= seen).count()
}

/// Run `r`'s verdict at animation step `shown`.
pub fn verdict(race: &Race, r: &Run, shown: usize) -> RunVerdict {
    if let Some(step) = r.diverged_at.filter(|&d| d <= shown) {
        let lr_lambda = (r.optimizer == OptimizerKind::Sgd)
            .then(|| r.lr * race.surface().hessian(r.path[0]).symmetric_eigenvalues().max())
            .filter(|&v| v > 2.0);
        return RunVerdict::Diverged { step, lr_lambda };
    }
    let i = r.index_at(shown);
    // Without a minimum (the saddle), no gap to close: neither converged nor stalled.
    let has_floor = floor(race).is_some();
    if let Some(step) = reached_at(race, r).filter(|&s| has_floor && s <= i) {
        return RunVerdict::Converged { step };
    }
    let crossed = crossings(race, &r.path[..=i]);
    if crossed >= OSCILLATING {
        return RunVerdict::Oscillating { crossings: crossed };
    }
    let g = gaps(race, r);
    let back = i - i / 5;
    if has_floor && i >= 10 && g[i] > 0.1 * g[0] && (g[back] - g[i]) < STALLED * g[back] {
        return RunVerdict::Stalled;
    }
    RunVerdict::Descending
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::from_hash;

    fn race(link: &str) -> Race {
        Race::new(from_hash(link).unwrap()).unwrap()
    }

    fn of<'a>(race: &'a Race, name: &str) -> &'a Run {
        race.runs().iter().find(|r| r.optimizer.name() == name).unwrap()
    }

    #[test]
    fn the_default_race_reads_as_the_lecture_says() {
        let r = race("surf=quadratic&kappa=100&opt=sgd,momentum,adam&lr=0.019&lro=momentum:0.0038,adam:0.1&steps=120");
        let end = r.config().steps;
        assert!(matches!(verdict(&r, of(&r, "sgd"), end), RunVerdict::Oscillating { .. } | RunVerdict::Descending));
        assert!(
            matches!(verdict(&r, of(&r, "momentum"), end), RunVerdict::Converged { .. }),
            "{:?}",
            verdict(&r, of(&r, "momentum"), end)
        );
        assert_eq!(verdict(&r, of(&r, "sgd"), 0), RunVerdict::Descending, "nothing to say at the start");
    }

    #[test]
    fn sgd_past_two_over_lambda_max_diverges_and_says_why() {
        // κ = 100 quadratic: λmax = 100 here, so lr = 0.03 gives lr·λmax = 3 > 2.
        let r = race("surf=quadratic&kappa=100&opt=sgd&lr=0.03&steps=200");
        let run = of(&r, "sgd");
        let lambda = r.surface().hessian(run.path[0]).symmetric_eigenvalues().max();
        match verdict(&r, run, 200) {
            RunVerdict::Diverged { step, lr_lambda: Some(v) } => {
                assert_eq!(Some(step), run.diverged_at);
                assert!((v - 0.03 * lambda).abs() < 1e-12 && v > 2.0, "{v}");
            }
            other => panic!("{other:?}"),
        }
        // Before the divergence step the run is not yet called diverged.
        let before = run.diverged_at.unwrap() - 1;
        assert!(!matches!(verdict(&r, run, before), RunVerdict::Diverged { .. }));
    }

    #[test]
    fn newton_converges_in_one_step_and_adagrad_stalls() {
        let r = race("surf=quadratic&kappa=50&opt=newton&lro=newton:1&steps=20");
        assert_eq!(verdict(&r, of(&r, "newton"), 20), RunVerdict::Converged { step: 1 });
        // AdaGrad's rate decays until the run all but stops, far from the minimum.
        let s = race("surf=rosenbrock&opt=adagrad&lro=adagrad:0.05&steps=500");
        assert_eq!(verdict(&s, of(&s, "adagrad"), 500), RunVerdict::Stalled);
    }
}
